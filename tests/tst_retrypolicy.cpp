#include "retrypolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {
ApiError httpError(int status, std::optional<qint64> retryDelayMs = std::nullopt)
{
    ApiError e = ApiError::fromHttp(status, {});
    e.retryDelayMs = retryDelayMs;
    return e;
}
} // namespace

class tst_RetryPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryableStatuses_data();
    void retryableStatuses();
    void networkFailures();
    void boundedAttempts();
    void neverAfterStreamStarted();
    void exponentialBackoff();
    void jitterBounds();
    void serverDelayHonoured();
    void longServerDelayNotRetried();
    void none();
};

void tst_RetryPolicy::retryableStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retry");
    for (int s : {408, 429, 500, 502, 503, 504})
        QTest::addRow("%d", s) << s << true;
    for (int s : {400, 401, 403, 404, 409, 499, 501})
        QTest::addRow("%d", s) << s << false;
}

void tst_RetryPolicy::retryableStatuses()
{
    QFETCH(int, status);
    QFETCH(bool, retry);
    QCOMPARE(RetryPolicy().shouldRetry(httpError(status), 1), retry);
}

void tst_RetryPolicy::networkFailures()
{
    RetryPolicy p;
    QVERIFY(p.shouldRetry(ApiError::network(u"Connection refused"_s), 1));
    QVERIFY(!p.shouldRetry(ApiError::timeout(), 1)); // our own idle timeout: the user already waited
    QVERIFY(!p.shouldRetry(ApiError::cancelled(), 1));
    QVERIFY(!p.shouldRetry(ApiError::malformed(u"x"_s), 1));
}

void tst_RetryPolicy::boundedAttempts()
{
    RetryPolicy p;
    p.maxAttempts = 3;
    QVERIFY(p.shouldRetry(httpError(503), 1));
    QVERIFY(p.shouldRetry(httpError(503), 2));
    QVERIFY(!p.shouldRetry(httpError(503), 3));
}

void tst_RetryPolicy::neverAfterStreamStarted()
{
    ApiError e = httpError(503);
    e.afterStreamStarted = true;
    QVERIFY(!RetryPolicy().shouldRetry(e, 1));
}

void tst_RetryPolicy::exponentialBackoff()
{
    RetryPolicy p;
    p.jitter = 0;
    p.initialDelayMs = 1000;
    p.multiplier = 2;
    p.maxDelayMs = 5000;
    QCOMPARE(p.delayMs(httpError(503), 1, 0.5), 1000);
    QCOMPARE(p.delayMs(httpError(503), 2, 0.5), 2000);
    QCOMPARE(p.delayMs(httpError(503), 3, 0.5), 4000);
    QCOMPARE(p.delayMs(httpError(503), 4, 0.5), 5000); // capped
    QCOMPARE(p.delayMs(httpError(503), 30, 0.5), 5000);
}

void tst_RetryPolicy::jitterBounds()
{
    RetryPolicy p;
    p.jitter = 0.2;
    QCOMPARE(p.delayMs(httpError(503), 2, 0.0), 1600);
    QCOMPARE(p.delayMs(httpError(503), 2, 0.5), 2000);
    QCOMPARE(p.delayMs(httpError(503), 2, 0.999999), 2399);
}

void tst_RetryPolicy::serverDelayHonoured()
{
    RetryPolicy p;
    p.jitter = 0.2;
    // Never earlier than the server asked, at most 10% later.
    QCOMPARE(p.delayMs(httpError(429, 32000), 1, 0.0), 32000);
    QCOMPARE(p.delayMs(httpError(429, 32000), 1, 1.0), 35200);
    QCOMPARE(p.delayMs(httpError(503, 0), 3, 0.7), 0);
}

void tst_RetryPolicy::longServerDelayNotRetried()
{
    RetryPolicy p;
    p.maxServerDelayMs = 60000;
    QVERIFY(p.shouldRetry(httpError(429, 60000), 1));
    QVERIFY(!p.shouldRetry(httpError(429, 3600 * 1000), 1));
}

void tst_RetryPolicy::none()
{
    QVERIFY(!RetryPolicy::none().shouldRetry(httpError(503), 1));
}

QTEST_GUILESS_MAIN(tst_RetryPolicy)
#include "tst_retrypolicy.moc"
