#include "api/apierror.h"
#include "api/generateresponse.h"

#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ApiError::Kind)

class tst_ApiError final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromHttp_data();
    void fromHttp();
    void retryInfo();
    void retryDelayFromMessage();
    void retryAfter_data();
    void retryAfter();
    void badRequestFieldViolations();
    void nonJsonBodies_data();
    void nonJsonBodies();
    void everyKindHasAPlainMessage();
    void transient_data();
    void transient();
    void promptBlocked();
};

void tst_ApiError::fromHttp_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<QString>("userMessageContains");

    QTest::newRow("invalid-key")
        << 400
        << QByteArray(
               R"({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT",
        "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]}})")
        << ApiError::Kind::InvalidKey << u"API key was not accepted"_s;
    QTest::newRow("no-key")
        << 403
        << QByteArray(
               R"({"error": {"code": 403, "message": "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", "status": "PERMISSION_DENIED"}})")
        << ApiError::Kind::MissingKey << u"GEMINI_API_KEY"_s;
    QTest::newRow("disabled")
        << 403
        << QByteArray(
               R"({"error": {"code": 403, "message": "Generative Language API has not been used in project 1 before or it is disabled.", "status": "PERMISSION_DENIED"}})")
        << ApiError::Kind::PermissionDenied << u"has not been used"_s;
    QTest::newRow("unknown-model")
        << 404
        << QByteArray(
               R"({"error": {"code": 404, "message": "models/nope is not found for API version v1beta, or is not supported for generateContent.", "status": "NOT_FOUND"}})")
        << ApiError::Kind::NotFound << u"models/nope"_s;
    QTest::newRow("quota")
        << 429
        << QByteArray(
               R"({"error": {"code": 429, "message": "You exceeded your current quota.", "status": "RESOURCE_EXHAUSTED"}})")
        << ApiError::Kind::RateLimited << u"rate limit"_s;
    QTest::newRow("overloaded")
        << 503
        << QByteArray(
               R"({"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE"}})")
        << ApiError::Kind::Overloaded << u"overloaded"_s;
    QTest::newRow("internal")
        << 500
        << QByteArray(R"({"error": {"code": 500, "message": "An internal error has occurred.", "status": "INTERNAL"}})")
        << ApiError::Kind::ServerError << u"internal error"_s;
    QTest::newRow("deadline")
        << 504
        << QByteArray(R"({"error": {"code": 504, "message": "Deadline expired", "status": "DEADLINE_EXCEEDED"}})")
        << ApiError::Kind::Timeout << u"in time"_s;
    QTest::newRow("precondition")
        << 400
        << QByteArray(
               R"({"error": {"code": 400, "message": "User location is not supported for the API use.", "status": "FAILED_PRECONDITION"}})")
        << ApiError::Kind::FailedPrecondition << u"location is not supported"_s;
    QTest::newRow("array-wrapped") << 503
                                   << QByteArray(
                                          R"([{"error": {"code": 503, "message": "busy", "status": "UNAVAILABLE"}}])")
                                   << ApiError::Kind::Overloaded << u"overloaded"_s;
    QTest::newRow("cancelled-499")
        << 499
        << QByteArray(R"({"error": {"code": 499, "message": "The operation was cancelled.", "status": "CANCELLED"}})")
        << ApiError::Kind::Cancelled << u"stopped"_s;
    QTest::newRow("unauthenticated")
        << 401
        << QByteArray(
               R"({"error": {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}})")
        << ApiError::Kind::InvalidKey << u"API key"_s;
}

void tst_ApiError::fromHttp()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(ApiError::Kind, kind);
    QFETCH(QString, userMessageContains);
    const ApiError e = ApiError::fromHttp(status, body);
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.httpStatus, status);
    QVERIFY(e.isError());
    QVERIFY2(e.userMessage().contains(userMessageContains, Qt::CaseInsensitive), qPrintable(e.userMessage()));
    QVERIFY(!e.kindName().isEmpty());
}

void tst_ApiError::retryInfo()
{
    const QByteArray body
        = R"({"error": {"code": 429, "message": "You exceeded your current quota. Please retry in 32.035562943s.", "status": "RESOURCE_EXHAUSTED",
        "details": [{"@type": "type.googleapis.com/google.rpc.Help", "links": [{"description": "Learn more", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]},
                    {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{"quotaMetric": "m", "quotaId": "q"}]},
                    {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "32s"}]}})";
    const ApiError e = ApiError::fromHttp(429, body);
    QCOMPARE(e.retryDelayMs, 32000); // RetryInfo wins over the message
    QCOMPARE(e.details.size(), 3);
    QVERIFY2(e.userMessage().contains(u"32 seconds"_s), qPrintable(e.userMessage()));
}

void tst_ApiError::retryDelayFromMessage()
{
    const ApiError e = ApiError::fromHttp(429,
        R"({"error": {"code": 429, "message": "Quota exceeded. Please retry in 2.5s.", "status": "RESOURCE_EXHAUSTED"}})");
    QCOMPARE(e.retryDelayMs, 2500);
}

void tst_ApiError::retryAfter_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("expectedMs"); // -1: none
    QTest::newRow("seconds") << QByteArray("7") << qint64(7000);
    QTest::newRow("spaces") << QByteArray(" 3 ") << qint64(3000);
    QTest::newRow("http-date") << QByteArray("Sat, 21 Nov 2026 10:00:30 GMT") << qint64(30000);
    QTest::newRow("past-date") << QByteArray("Sat, 21 Nov 2026 09:00:00 GMT") << qint64(0);
    QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("empty") << QByteArray() << qint64(-1);
}

void tst_ApiError::retryAfter()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, expectedMs);
    const QDateTime now(QDate(2026, 11, 21), QTime(10, 0, 0), Qt::UTC);
    const auto parsed = ApiError::parseRetryAfter(header, now);
    if (expectedMs < 0)
        QVERIFY(!parsed);
    else
        QCOMPARE(parsed, expectedMs);
    // Through fromHttp too, for a body without RetryInfo.
    const ApiError e = ApiError::fromHttp(503, "{}", header, now);
    QCOMPARE(e.retryDelayMs.value_or(-1), expectedMs);
}

void tst_ApiError::badRequestFieldViolations()
{
    const QByteArray body
        = R"({"error": {"code": 400, "message": "Invalid JSON payload received. Unknown name \"includeThoughts\" at 'generation_config': Cannot find field.", "status": "INVALID_ARGUMENT",
        "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "generation_config", "description": "Invalid JSON payload received. Unknown name \"includeThoughts\" at 'generation_config': Cannot find field."}]}]}})";
    const ApiError e = ApiError::fromHttp(400, body);
    QCOMPARE(e.kind, ApiError::Kind::InvalidRequest);
    QCOMPARE(e.fieldViolations.size(), 1);
    QVERIFY(e.fieldViolations.first().startsWith(u"generation_config: "_s));
    QVERIFY(e.userMessage().contains(u"includeThoughts"_s));
}

void tst_ApiError::nonJsonBodies_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::newRow("proxy-html-502")
        << 502
        << QByteArray("<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>")
        << ApiError::Kind::ServerError;
    QTest::newRow("empty-503") << 503 << QByteArray() << ApiError::Kind::Overloaded;
    QTest::newRow("truncated-json-500") << 500 << QByteArray(R"({"error": {"code": 5)") << ApiError::Kind::ServerError;
    QTest::newRow("json-not-error-400") << 400 << QByteArray(R"({"something": "else"})")
                                        << ApiError::Kind::InvalidRequest;
    QTest::newRow("binary-404") << 404 << QByteArray("\x00\xff\xfe", 3) << ApiError::Kind::NotFound;
    // A proxy that still wants credentials after Qt offered the stored ones: not retried, named as the proxy's.
    QTest::newRow("proxy-auth-407") << 407 << QByteArray("<html><body>Proxy Authentication Required</body></html>")
                                    << ApiError::Kind::PermissionDenied;
}

void tst_ApiError::nonJsonBodies()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(ApiError::Kind, kind);
    const ApiError e = ApiError::fromHttp(status, body);
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.httpStatus, status);
    QVERIFY(!e.userMessage().isEmpty());
    QVERIFY(!e.message.contains(u'<')); // no HTML tags shown to a person
    QVERIFY(!e.isTransient() || status >= 500);
    if (status == 407)
        QVERIFY2(e.userMessage().contains(u"proxy"_s), qPrintable(e.userMessage()));
}

void tst_ApiError::everyKindHasAPlainMessage()
{
    for (int k = int(ApiError::Kind::MissingKey); k <= int(ApiError::Kind::MalformedResponse); ++k) {
        ApiError e;
        e.kind = ApiError::Kind(k);
        QVERIFY2(!e.userMessage().isEmpty(), qPrintable(e.kindName()));
        QVERIFY(e.kindName() != "unknown"_L1);
    }
    QVERIFY(ApiError().userMessage().isEmpty());
    QVERIFY(!ApiError().isError());
}

void tst_ApiError::transient_data()
{
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<bool>("transient");
    QTest::newRow("rate") << ApiError::Kind::RateLimited << true;
    QTest::newRow("overloaded") << ApiError::Kind::Overloaded << true;
    QTest::newRow("server") << ApiError::Kind::ServerError << true;
    QTest::newRow("network") << ApiError::Kind::Network << true;
    QTest::newRow("invalid-key") << ApiError::Kind::InvalidKey << false;
    QTest::newRow("blocked") << ApiError::Kind::PromptBlocked << false;
    QTest::newRow("cancelled") << ApiError::Kind::Cancelled << false;
}

void tst_ApiError::transient()
{
    QFETCH(ApiError::Kind, kind);
    QFETCH(bool, transient);
    ApiError e;
    e.kind = kind;
    QCOMPARE(e.isTransient(), transient);
}

void tst_ApiError::promptBlocked()
{
    PromptFeedback f;
    f.blockReason = u"SAFETY"_s;
    f.safetyRatings
        = {{u"HARM_CATEGORY_HATE_SPEECH"_s, u"HIGH"_s, false}, {u"HARM_CATEGORY_HARASSMENT"_s, u"NEGLIGIBLE"_s, false}};
    const ApiError e = ApiError::promptBlocked(f); // no "blocked" flag (older replies): the high ones are named
    QCOMPARE(e.kind, ApiError::Kind::PromptBlocked);
    QCOMPARE(e.blockedCategories, QStringList {u"HARM_CATEGORY_HATE_SPEECH"_s});
    QVERIFY2(e.userMessage().contains(u"hate speech"_s), qPrintable(e.userMessage()));
}

QTEST_GUILESS_MAIN(tst_ApiError)
#include "tst_apierror.moc"
