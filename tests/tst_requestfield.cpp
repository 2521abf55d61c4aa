#include "api/requestfield.h"
#include "net/geminiclient.h"
#include "net/generatecall.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// A Google error body as the server sends it; violations are {field, description} pairs.
ApiError errorFor(int code, const QString &status, const QString &message,
    const QList<QPair<QString, QString>> &violations = {}, const QString &reason = {})
{
    QJsonObject error {{u"code"_s, code}, {u"message"_s, message}, {u"status"_s, status}};
    QJsonArray details;
    if (!violations.isEmpty()) {
        QJsonArray list;
        for (const auto &[field, description] : violations) {
            QJsonObject v {{u"description"_s, description}};
            if (!field.isEmpty())
                v.insert(u"field"_s, field);
            list.append(v);
        }
        details.append(
            QJsonObject {{u"@type"_s, u"type.googleapis.com/google.rpc.BadRequest"_s}, {u"fieldViolations"_s, list}});
    }
    if (!reason.isEmpty()) {
        details.append(QJsonObject {{u"@type"_s, u"type.googleapis.com/google.rpc.ErrorInfo"_s}, {u"reason"_s, reason},
            {u"domain"_s, u"googleapis.com"_s}});
    }
    if (!details.isEmpty())
        error.insert(u"details"_s, details);
    return ApiError::fromHttp(code, QJsonDocument(QJsonObject {{u"error"_s, error}}).toJson());
}

ApiError badRequest(const QString &message, const QList<QPair<QString, QString>> &violations = {})
{
    return errorFor(400, u"INVALID_ARGUMENT"_s, message, violations);
}

// The fake server's shape of a field-violation error: the message is also the description.
ApiError badRequestAt(const QString &field, const QString &message)
{
    return badRequest(message, {{field, message}});
}

QString gcrTemperatureHuge()
{
    return u"* GenerateContentRequest.generation_config.temperature: "_s + QString(200000, u'y') + u'\n';
}

} // namespace

class tst_requestfield final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void field_data();
    void field();
    void notAboutAField_data();
    void notAboutAField();
    void hostileMessages_data();
    void hostileMessages();
    void endToEndTemperature();
};

void tst_requestfield::field_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("message");

    const QString gcr = u"* GenerateContentRequest.generation_config."_s;
    QTest::newRow("temperature range") << badRequest(
        gcr + u"temperature: temperature must be in the range [0.0, 2.0].\n"_s)
                                       << u"temperature"_s << u"temperature must be in the range [0.0, 2.0]."_s;
    QTest::newRow("top_p range") << badRequest(gcr + u"top_p: top_p must be in the range [0.0, 1.0].\n"_s) << u"topP"_s
                                 << u"top_p must be in the range [0.0, 1.0]."_s;
    QTest::newRow("top_k negative") << badRequest(gcr + u"top_k: top_k must not be negative.\n"_s) << u"topK"_s
                                    << u"top_k must not be negative."_s;
    QTest::newRow("candidate_count") << badRequest(
        gcr + u"candidate_count: candidate_count must be in the range [1, 8].\n"_s)
                                     << u"candidateCount"_s << u"candidate_count must be in the range [1, 8]."_s;
    QTest::newRow("max_output_tokens") << badRequest(
        gcr + u"max_output_tokens: max_output_tokens must be positive.\n"_s)
                                       << u"maxOutputTokens"_s << u"max_output_tokens must be positive."_s;
    QTest::newRow("stop_sequences") << badRequest(
        gcr + u"stop_sequences: at most 5 stop sequences are supported, got 6.\n"_s)
                                    << u"stopSequences"_s << u"at most 5 stop sequences are supported, got 6."_s;
    QTest::newRow("countTokens nesting") << badRequest(
        u"* CountTokensRequest.generate_content_request.generation_config.temperature: temperature must be in the "
        "range [0.0, 2.0].\n"_s) << u"temperature"_s
                                         << u"temperature must be in the range [0.0, 2.0]."_s;
    QTest::newRow("camelCase path") << badRequest(
        u"* GenerateContentRequest.generationConfig.maxOutputTokens: must be positive\n"_s)
                                    << u"maxOutputTokens"_s << u"must be positive"_s;

    const QString topK = u"Invalid value at 'generation_config.top_k' (TYPE_INT32), 1.5"_s;
    QTest::newRow("invalid int32") << badRequestAt(u"generation_config.top_k"_s, topK) << u"topK"_s << topK;
    const QString topKNoViolation
        = u"Invalid JSON payload received. Invalid value at 'generation_config.top_k' (TYPE_INT32), \"x\""_s;
    QTest::newRow("invalid value, message only") << badRequest(topKNoViolation) << u"topK"_s
                                                 << u"Invalid value at 'generation_config.top_k' (TYPE_INT32), \"x\""_s;
    const QString seed = u"Invalid value at 'generation_config.seed' (TYPE_INT32), \"abc\""_s;
    QTest::newRow("seed") << badRequestAt(u"generation_config.seed"_s, seed) << u"seed"_s << seed;
    const QString presence = u"Invalid value at 'generation_config.presence_penalty' (TYPE_FLOAT), \"high\""_s;
    QTest::newRow("presence_penalty") << badRequestAt(u"generation_config.presence_penalty"_s, presence)
                                      << u"presencePenalty"_s << presence;
    const QString frequency = u"Invalid value at 'generation_config.frequency_penalty' (TYPE_FLOAT), true"_s;
    QTest::newRow("frequency_penalty") << badRequestAt(u"generation_config.frequency_penalty"_s, frequency)
                                       << u"frequencyPenalty"_s << frequency;
    QTest::newRow("response_mime_type")
        << badRequest(gcr
               + u"response_mime_type: allowed mimetypes are `text/plain`, `application/json`, "
                 "`application/xml`, `application/yaml` and `text/x.enum`.\n"_s)
        << u"responseMimeType"_s
        << u"allowed mimetypes are `text/plain`, `application/json`, `application/xml`, `application/yaml` and "
           "`text/x.enum`."_s;
    QTest::newRow("response_schema") << badRequest(
        gcr + u"response_schema.properties[\"a\"].type: must be specified\n"_s)
                                     << u"responseSchema"_s << u"must be specified"_s;
    QTest::newRow("response_json_schema")
        << badRequest(gcr + u"response_json_schema: Unsupported keyword \"$dynamicRef\".\n"_s) << u"responseSchema"_s
        << u"Unsupported keyword \"$dynamicRef\"."_s;
    QTest::newRow("_responseJsonSchema") << badRequest(
        u"* GenerateContentRequest.generationConfig._responseJsonSchema: invalid schema\n"_s)
                                         << u"responseSchema"_s << u"invalid schema"_s;
    QTest::newRow("thinking_budget") << badRequest(
        gcr + u"thinking_config.thinking_budget: thinking_budget must be between 128 and 32768.\n"_s)
                                     << u"thinkingConfig"_s << u"thinking_budget must be between 128 and 32768."_s;
    QTest::newRow("response_logprobs")
        << badRequestAt(u"generation_config.response_logprobs"_s,
               u"Invalid value at 'generation_config.response_logprobs' (TYPE_BOOL), \"yes\""_s)
        << u"responseLogprobs"_s << u"Invalid value at 'generation_config.response_logprobs' (TYPE_BOOL), \"yes\""_s;

    // Recorded (gemini-api.md §1.6): the field is 'generation_config', the name is in the description.
    const QString includeThoughts
        = u"Invalid JSON payload received. Unknown name \"includeThoughts\" at 'generation_config': Cannot find field."_s;
    QTest::newRow("recorded includeThoughts")
        << badRequestAt(u"generation_config"_s, includeThoughts) << u"thinkingConfig"_s
        << u"Unknown name \"includeThoughts\" at 'generation_config': Cannot find field."_s;
    const QString unknownConfig
        = u"Invalid JSON payload received. Unknown name \"x\" at 'generation_config': Cannot find field."_s;
    QTest::newRow("unknown config field")
        << badRequestAt(u"generation_config"_s, unknownConfig) << u"generationConfig"_s
        << u"Unknown name \"x\" at 'generation_config': Cannot find field."_s;
    QTest::newRow("unknown config field, message only") << badRequest(
        unknownConfig) << u"generationConfig"_s << u"Unknown name \"x\" at 'generation_config': Cannot find field."_s;
    QTest::newRow("known config field the app lacks")
        << badRequest(gcr + u"media_resolution: unsupported for this model\n"_s) << u"generationConfig"_s
        << u"unsupported for this model"_s;

    const QString threshold = u"Invalid value at 'safety_settings[0].threshold' "
                              "(type.googleapis.com/google.ai.generativelanguage.v1beta.HarmBlockThreshold), "
                              "\"BLOCK_SOME\""_s;
    QTest::newRow("safety threshold") << badRequestAt(u"safety_settings[0].threshold"_s, threshold)
                                      << u"safetySettings"_s << threshold;
    QTest::newRow("safety category, camelCase")
        << badRequest(u"* GenerateContentRequest.safetySettings[1].category: unsupported category\n"_s)
        << u"safetySettings"_s << u"unsupported category"_s;
    const QString tools = u"Invalid JSON payload received. Unknown name \"bogus\" at 'tools[0]': Cannot find field."_s;
    QTest::newRow("tools") << badRequestAt(u"tools[0]"_s, tools) << u"tools"_s
                           << u"Unknown name \"bogus\" at 'tools[0]': Cannot find field."_s;
    QTest::newRow("function declaration")
        << badRequest(u"* GenerateContentRequest.tools[0].function_declarations[0].name: Invalid function name.\n"_s)
        << u"tools"_s << u"Invalid function name."_s;
    QTest::newRow("system instruction") << badRequest(
        u"* GenerateContentRequest.system_instruction.parts[0].data: required oneof field 'data' must have one "
        "initialized field\n"_s) << u"systemInstruction"_s
                                        << u"required oneof field 'data' must have one initialized field"_s;
    QTest::newRow("systemInstruction camelCase")
        << badRequest(u"Invalid JSON payload received. Unknown name \"txt\" at 'systemInstruction.parts[0]': Cannot "
                      "find field."_s)
        << u"systemInstruction"_s << u"Unknown name \"txt\" at 'systemInstruction.parts[0]': Cannot find field."_s;

    // Sentences that name the setting in words.
    const QString topKWords = u"Unable to submit request because it has a topK value of 64 but the supported range is "
                              "from 1 (inclusive) to 41 (exclusive). Update the value and try again."_s;
    QTest::newRow("topK in words") << badRequest(topKWords) << u"topK"_s << topKWords;
    QTest::newRow("thinking budget in words")
        << badRequest(u"Budget 0 is invalid. This model only works in thinking mode."_s) << u"thinkingConfig"_s
        << u"Budget 0 is invalid. This model only works in thinking mode."_s;

    // Several problems: the first that names a setting wins.
    QTest::newRow("several lines") << badRequest(
        u"* GenerateContentRequest.contents: contents is not specified\n"
        "* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0].\n"_s)
                                   << u"temperature"_s << u"temperature must be in the range [0.0, 2.0]."_s;
    QTest::newRow("violation without field, message names it")
        << badRequest(gcr + u"top_p: top_p must be in the range [0.0, 1.0].\n"_s, {{QString(), u"oops"_s}}) << u"topP"_s
        << u"top_p must be in the range [0.0, 1.0]."_s;
}

void tst_requestfield::field()
{
    QFETCH(ApiError, error);
    QFETCH(QString, key);
    QFETCH(QString, message);
    QCOMPARE(error.kind, ApiError::Kind::InvalidRequest);
    QCOMPARE(RequestField::of(error), key);
    QCOMPARE(RequestField::messageFor(error), message);
    QVERIFY(!RequestField::messageFor(error).endsWith(u'\n'));
}

void tst_requestfield::notAboutAField_data()
{
    QTest::addColumn<ApiError>("error");

    QTest::newRow("generic 400") << badRequest(u"Request contains an invalid argument."_s);
    QTest::newRow("contents") << badRequest(u"* GenerateContentRequest.contents: contents is not specified\n"_s);
    QTest::newRow("role") << badRequest(u"Please use a valid role: user, model."_s);
    QTest::newRow("unknown top-level name")
        << badRequestAt(QString(), u"Invalid JSON payload received. Unknown name \"foo\": Cannot find field."_s);
    QTest::newRow("model required") << badRequest(
        u"* CountTokensRequest.generate_content_request.model: model is required.\n"_s);
    QTest::newRow("empty message") << badRequest(QString());
    QTest::newRow("default ApiError") << ApiError {};
    QTest::newRow("bad key 400") << errorFor(
        400, u"INVALID_ARGUMENT"_s, u"API key not valid. Please pass a valid API key."_s, {}, u"API_KEY_INVALID"_s);
    QTest::newRow("404 naming a field") << errorFor(
        404, u"NOT_FOUND"_s, u"* GenerateContentRequest.generation_config.temperature: not found\n"_s);
    QTest::newRow("failed precondition") << errorFor(
        400, u"FAILED_PRECONDITION"_s, u"User location is not supported for the API use. at 'safety_settings'"_s);
    QTest::newRow("429") << errorFor(
        429, u"RESOURCE_EXHAUSTED"_s, u"Resource has been exhausted (e.g. check quota)."_s);
    QTest::newRow("500") << errorFor(500, u"INTERNAL"_s, u"An internal error has occurred."_s);
    QTest::newRow("network") << ApiError::network(u"Connection refused at 'generation_config.top_k'"_s);
}

void tst_requestfield::notAboutAField()
{
    QFETCH(ApiError, error);
    QCOMPARE(RequestField::of(error), QString());
    QCOMPARE(RequestField::messageFor(error), QString());
}

void tst_requestfield::hostileMessages_data()
{
    QTest::addColumn<ApiError>("error");
    QTest::addColumn<QString>("key");

    QTest::newRow("bare bullet") << badRequest(u"* : \n*\n* .:\n"_s) << QString();
    QTest::newRow("brackets only") << badRequest(u"Invalid value at '[0][1]' (TYPE_INT32), 1"_s) << QString();
    QTest::newRow("empty names") << badRequest(u"Unknown name \"\" at '': Cannot find field."_s) << QString();
    QTest::newRow("dots") << badRequestAt(u"...."_s, u"...."_s) << QString();
    QTest::newRow("unterminated quote") << badRequest(u"Invalid value at 'generation_config.top_k"_s) << QString();
    QTest::newRow("unicode path") << badRequest(u"* Ünïcødé.générätion_config.temperature: ✗\n"_s) << QString();
    QTest::newRow("1 MB of junk") << badRequest(QString(1024 * 1024, u'x')) << QString();
    QTest::newRow("1 MB of bullets") << badRequest(u"* a.b: c\n"_s.repeated(100000)) << QString();
    // The field comes early; the description is huge: messageFor() stays short.
    QTest::newRow("huge description") << badRequest(gcrTemperatureHuge()) << u"temperature"_s;
    QTest::newRow("many violations") << badRequest(u"x"_s,
        QList<QPair<QString, QString>>(5000, {u"contents[0]"_s, u"bad"_s})
            + QList<QPair<QString, QString>> {{u"generation_config.seed"_s, u"bad seed"_s}})
                                     << u"seed"_s;
}

void tst_requestfield::hostileMessages()
{
    QFETCH(ApiError, error);
    QFETCH(QString, key);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(RequestField::of(error), key);
    const QString message = RequestField::messageFor(error);
    QVERIFY(message.size() <= 500);
    QCOMPARE(message.isEmpty(), key.isEmpty());
    QVERIFY2(timer.elapsed() < 5000, "parsing must stay cheap on huge input");
}

// The real chain: the fake server rejects temperature 3.0, the client turns the reply into an ApiError.
// The server runs as its own process (alhena-fake-server), so this test needs no server library.
void tst_requestfield::endToEndTemperature()
{
    const QString binDir = qEnvironmentVariable("ALHENA_BIN_DIR");
    const QString serverPath = QDir(binDir).filePath(u"alhena-fake-server"_s);
    if (binDir.isEmpty() || !QFileInfo(serverPath).isExecutable())
        QSKIP("alhena-fake-server not found: set ALHENA_BIN_DIR (ctest does) and build alhena-fake-server");

    QProcess server;
    QByteArray out;
    connect(&server, &QProcess::readyReadStandardOutput, this, [&] { out += server.readAllStandardOutput(); });
    server.start(serverPath, {u"--port"_s, u"0"_s, u"--quiet"_s, u"--key"_s, u"e2e-key"_s});
    QVERIFY(server.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(out.contains('\n'), 10000);
    const QRegularExpressionMatch m = QRegularExpression(u"listening on (\\S+)"_s).match(QString::fromUtf8(out));
    QVERIFY2(m.hasMatch(), out.constData());

    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = QUrl(m.captured(1));
    config.apiKey = u"e2e-key"_s;
    GeminiClient client(&nam, config);
    GenerateContentRequest request = GenerateContentRequest::fromPrompt(u"Hello"_s);
    request.generationConfig.temperature = 3.0;
    GenerateCall *call = client.generateContent(u"gemini-2.5-flash"_s, request);
    QSignalSpy failed(call, &GenerateCall::failed);
    QVERIFY(failed.wait(10000));
    const ApiError error = failed.first().first().value<ApiError>();

    server.terminate();
    server.waitForFinished(5000);

    QCOMPARE(error.httpStatus, 400);
    QCOMPARE(error.kind, ApiError::Kind::InvalidRequest);
    QCOMPARE(RequestField::of(error), u"temperature"_s);
    QVERIFY2(RequestField::messageFor(error).contains(u"temperature must be in the range"_s),
        qPrintable(RequestField::messageFor(error)));
    QVERIFY(!RequestField::messageFor(error).startsWith(u'*'));
}

QTEST_GUILESS_MAIN(tst_requestfield)
#include "tst_requestfield.moc"
