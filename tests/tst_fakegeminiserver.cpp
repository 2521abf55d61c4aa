// Tests of the fake Gemini server, through real loopback sockets only (QNetworkAccessManager and
// raw QTcpSocket): the wire format is checked byte for byte, never by calling server internals.
#include "fakegeminiserver.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString flashGenerate = u"/v1beta/models/gemini-2.5-flash:generateContent"_s;
const QString flashStream = u"/v1beta/models/gemini-2.5-flash:streamGenerateContent"_s;
const QString oldFlashStream = u"/v1beta/models/gemini-2.0-flash:streamGenerateContent"_s;

enum class Auth {
    Header,
    Query,
    None,
    WrongHeader,
    WrongQuery
};

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    int readyReads = 0;
    qint64 elapsedMs = 0;
    bool finished = false;
};

// A response read from a raw socket, decoded here independently of Qt's HTTP client.
struct RawResponse
{
    bool valid = false;
    bool sawContinue = false;
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body; // de-chunked
    QList<qsizetype> chunkSizes;
    bool chunked = false;
    bool complete = false; // Content-Length reached, or the chunked terminator seen
    QByteArray header(const QByteArray &lowerName) const
    {
        for (const auto &[name, value] : headers) {
            if (name.toLower() == lowerName)
                return value;
        }
        return {};
    }
};

// Parses one response from the start of `data`; `consumed` receives its length when complete.
RawResponse parseRaw(const QByteArray &data, qsizetype *consumed = nullptr)
{
    RawResponse response;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype headEnd = data.indexOf("\r\n\r\n", pos);
        if (headEnd < 0)
            return response;
        const QList<QByteArray> lines = data.mid(pos, headEnd - pos).split('\n');
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        if (statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/1.1"))
            return response;
        response.status = statusLine.at(1).toInt();
        pos = headEnd + 4;
        if (response.status == 100) {
            response.sawContinue = true;
            continue;
        }
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                response.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
        }
        break;
    }
    response.valid = true;
    if (response.header("transfer-encoding") == "chunked") {
        response.chunked = true;
        for (;;) {
            const qsizetype eol = data.indexOf("\r\n", pos);
            if (eol < 0)
                return response;
            bool ok = false;
            const qsizetype size = data.mid(pos, eol - pos).toLongLong(&ok, 16);
            if (!ok)
                return response;
            if (size == 0) {
                if (data.mid(eol + 2, 2) == "\r\n") {
                    response.complete = true;
                    if (consumed)
                        *consumed = eol + 4;
                }
                return response;
            }
            if (data.size() < eol + 2 + size + 2) {
                response.body += data.mid(eol + 2, size);
                return response;
            }
            response.body += data.mid(eol + 2, size);
            response.chunkSizes.append(size);
            pos = eol + 2 + size + 2;
        }
    }
    const qsizetype length = response.header("content-length").toLongLong();
    response.body = data.mid(pos, length);
    response.complete = response.body.size() == length;
    if (response.complete && consumed)
        *consumed = pos + length;
    return response;
}

// Runs the event loop until `done` is true. (QTest::qWaitFor sleeps 10 ms between rounds of
// events, which throttles a large transfer to a crawl; an event loop with a polling timer does not.)
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer poll;
    QElapsedTimer elapsed;
    elapsed.start();
    QObject::connect(&poll, &QTimer::timeout, &loop, [&]() {
        if (done() || elapsed.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start(2);
    loop.exec();
    return done();
}

QJsonObject parseObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

QJsonObject errorOf(const QByteArray &body)
{
    QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isArray())
        return document.array().first().toObject().value(u"error"_s).toObject();
    return document.object().value(u"error"_s).toObject();
}

QByteArray userBody(const QString &text, const QJsonObject &generationConfig = {})
{
    QJsonObject body {{u"contents"_s,
        QJsonArray {QJsonObject {{u"role"_s, u"user"_s}, {u"parts"_s, QJsonArray {QJsonObject {{u"text"_s, text}}}}}}}};
    if (!generationConfig.isEmpty())
        body.insert(u"generationConfig"_s, generationConfig);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QJsonObject includeThoughts()
{
    return QJsonObject {{u"thinkingConfig"_s, QJsonObject {{u"includeThoughts"_s, true}}}};
}

// SSE body → events. `ok` is false when the framing differs from §4.1 in any byte.
QList<QJsonObject> sseEvents(const QByteArray &body, bool *ok = nullptr, QString *why = nullptr)
{
    QList<QJsonObject> events;
    bool good = body.endsWith("\r\n\r\n");
    QString reason = good ? QString() : u"body does not end with CRLF CRLF"_s;
    qsizetype pos = 0;
    while (pos < body.size()) {
        const qsizetype end = body.indexOf("\r\n\r\n", pos);
        if (end < 0) {
            good = false;
            reason = u"trailing bytes after the last event"_s;
            break;
        }
        const QByteArray event = body.mid(pos, end - pos);
        pos = end + 4;
        if (!event.startsWith("data: ") || event.contains('\n') || event.contains('\r')) {
            good = false;
            reason = u"event is not one `data: ` line: "_s + QString::fromUtf8(event.left(60));
            continue;
        }
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(event.mid(6), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            good = false;
            reason = u"event is not a JSON object"_s;
            continue;
        }
        events.append(document.object());
    }
    if (ok)
        *ok = good;
    if (why)
        *why = reason;
    return events;
}

// JSON-array stream body → elements; `ok` is false when the framing differs from §4.2.
QList<QJsonObject> arrayElements(const QByteArray &body, bool *ok = nullptr, QString *why = nullptr)
{
    QString reason;
    bool good = true;
    if (!body.startsWith("[{\n")) {
        good = false;
        reason = u"does not start with [{\\n"_s;
    }
    if (!body.endsWith("}\n]")) {
        good = false;
        reason = u"does not end with }\\n] (and no trailing newline)"_s;
    }
    if (body.count('\r') != body.count("\n,\r\n")) {
        good = false;
        reason = u"CR outside the element separators"_s;
    }
    QList<QJsonObject> elements;
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isArray()) {
        good = false;
        reason = u"not a JSON array"_s;
    } else {
        const QJsonArray array = document.array();
        for (const QJsonValue &value : array)
            elements.append(value.toObject());
        if (body.count("\n,\r\n") != elements.size() - 1) {
            good = false;
            reason = u"separators are not exactly \\n,\\r\\n"_s;
        }
    }
    if (ok)
        *ok = good;
    if (why)
        *why = reason;
    return elements;
}

// Checks the unary pretty style: 2-space indent, `"key": value`, closing brace + one `\n`.
bool isGooglePretty(const QByteArray &body, QString *why)
{
    if (!body.endsWith("}\n") || body.endsWith("}\n\n")) {
        *why = u"does not end with exactly one newline after }"_s;
        return false;
    }
    if (QJsonDocument::fromJson(body).isNull()) {
        *why = u"not JSON"_s;
        return false;
    }
    const QList<QByteArray> lines = body.chopped(1).split('\n');
    int depth = 0;
    for (const QByteArray &line : lines) {
        const QByteArray trimmed = line.trimmed();
        const bool closes = trimmed.startsWith('}') || trimmed.startsWith(']');
        const int expected = (closes ? depth - 1 : depth) * 2;
        qsizetype indent = 0;
        while (indent < line.size() && line.at(indent) == ' ')
            ++indent;
        if (indent != expected || line.contains('\t') || line.endsWith(' ')) {
            *why = u"bad indentation in line: "_s + QString::fromUtf8(line);
            return false;
        }
        if (trimmed.startsWith('"') && trimmed.contains("\":") && !trimmed.contains("\": ")) {
            *why = u"key without `\": `: "_s + QString::fromUtf8(line);
            return false;
        }
        depth += static_cast<int>(trimmed.count('{') + trimmed.count('[') - trimmed.count('}') - trimmed.count(']'));
        if (trimmed.startsWith('"')) { // braces inside strings do not count
            const qsizetype colon = trimmed.indexOf("\": ");
            const QByteArray value = colon > 0 ? trimmed.mid(colon + 3) : trimmed;
            if (value.startsWith('"')) {
                depth -= static_cast<int>(value.count('{') + value.count('[') - value.count('}') - value.count(']'));
            }
        }
    }
    return true;
}

QString chunkText(const QJsonObject &chunk, int candidateIndex = 0, bool thoughts = false)
{
    QString text;
    const QJsonArray candidates = chunk.value(u"candidates"_s).toArray();
    for (const QJsonValue &value : candidates) {
        const QJsonObject candidate = value.toObject();
        if (candidate.value(u"index"_s).toInt() != candidateIndex)
            continue;
        const QJsonArray parts = candidate.value(u"content"_s).toObject().value(u"parts"_s).toArray();
        for (const QJsonValue &part : parts) {
            if (part.toObject().value(u"thought"_s).toBool() == thoughts)
                text += part.toObject().value(u"text"_s).toString();
        }
    }
    return text;
}

QString streamText(const QList<QJsonObject> &chunks, int candidateIndex = 0, bool thoughts = false)
{
    QString text;
    for (const QJsonObject &chunk : chunks)
        text += chunkText(chunk, candidateIndex, thoughts);
    return text;
}

// The keys of every object in a JSON text, in written order, grouped by object path (array
// indices folded into "[]"). QJsonDocument cannot tell: it sorts keys.
QHash<QString, QList<QStringList>> objectKeys(const QByteArray &json)
{
    QHash<QString, QList<QStringList>> result;
    struct Frame
    {
        bool object;
        QString path;
        QString pendingKey;
        bool expectKey;
        QStringList keys;
    };
    QList<Frame> stack;
    qsizetype i = 0;
    const auto readString = [&json, &i]() {
        QByteArray out;
        ++i; // opening quote
        while (i < json.size() && json.at(i) != '"') {
            if (json.at(i) == '\\') {
                out += json.at(i);
                ++i;
            }
            if (i < json.size())
                out += json.at(i);
            ++i;
        }
        ++i;
        return QString::fromUtf8(out);
    };
    const auto childPath = [&stack]() {
        if (stack.isEmpty())
            return QString();
        const Frame &top = stack.last();
        return top.object ? QString(top.path + u'/' + top.pendingKey) : QString(top.path + u"/[]"_s);
    };
    while (i < json.size()) {
        const char c = json.at(i);
        if (c == '{' || c == '[') {
            stack.append(Frame {c == '{', childPath(), {}, c == '{', {}});
            ++i;
        } else if (c == '}' || c == ']') {
            if (!stack.isEmpty()) {
                if (stack.last().object)
                    result[stack.last().path].append(stack.last().keys);
                stack.removeLast();
            }
            ++i;
        } else if (c == '"') {
            const QString text = readString();
            if (!stack.isEmpty() && stack.last().object && stack.last().expectKey) {
                Frame &top = stack.last();
                top.pendingKey = text;
                top.expectKey = false;
                top.keys.append(text);
            }
        } else if (c == ',') {
            if (!stack.isEmpty() && stack.last().object)
                stack.last().expectKey = true;
            ++i;
        } else {
            ++i;
        }
    }
    return result;
}

// Every key of `mine` exists at the same path in one of the recorded texts, and no two keys of
// one of our objects come in an order that the recordings only ever show reversed.
bool sameKeyStructure(const QByteArray &mine, const QList<QByteArray> &recordedTexts, QString *why)
{
    QHash<QString, QSet<QString>> known;
    QHash<QString, QSet<QPair<QString, QString>>> recordedPairs; // (a, b): a seen before b
    for (const QByteArray &text : recordedTexts) {
        const QHash<QString, QList<QStringList>> objects = objectKeys(text);
        for (auto it = objects.cbegin(); it != objects.cend(); ++it) {
            for (const QStringList &keys : it.value()) {
                for (qsizetype a = 0; a < keys.size(); ++a) {
                    known[it.key()].insert(keys.at(a));
                    for (qsizetype b = a + 1; b < keys.size(); ++b)
                        recordedPairs[it.key()].insert({keys.at(a), keys.at(b)});
                }
            }
        }
    }
    const QHash<QString, QList<QStringList>> ours = objectKeys(mine);
    if (ours.isEmpty()) {
        *why = u"no JSON objects in our output"_s;
        return false;
    }
    for (auto it = ours.cbegin(); it != ours.cend(); ++it) {
        const QSet<QPair<QString, QString>> pairs = recordedPairs.value(it.key());
        for (const QStringList &keys : it.value()) {
            for (qsizetype a = 0; a < keys.size(); ++a) {
                if (!known.value(it.key()).contains(keys.at(a))) {
                    *why = u"key \"%1\" at %2 never appears there in the recordings"_s.arg(keys.at(a), it.key());
                    return false;
                }
                for (qsizetype b = a + 1; b < keys.size(); ++b) {
                    if (pairs.contains({keys.at(b), keys.at(a)}) && !pairs.contains({keys.at(a), keys.at(b)})) {
                        *why = u"at %1 we write \"%2\" before \"%3\", the recordings the other way round"_s.arg(
                            it.key(), keys.at(a), keys.at(b));
                        return false;
                    }
                }
            }
        }
    }
    return true;
}

} // namespace

class tst_FakeGeminiServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void auth_data();
    void auth();
    void unknownField_data();
    void unknownField();
    void snakeCaseAndSingleObjectsAccepted();
    void invalidRequest_data();
    void invalidRequest();
    void unknownModel_data();
    void unknownModel();
    void unknownRoute();
    void getModel();
    void defaultModels();
    void modelsPaging();
    void modelsPagingEdges();
    void sseFramingByteExact();
    void jsonArrayFramingByteExact();
    void unaryPrettyFormat();
    void usageOnEveryChunk_data();
    void usageOnEveryChunk();
    void candidateCount_data();
    void candidateCount();
    void thoughts();
    void thoughtsNeedThinkingModel();
    void echoReflectsRequest();
    void scriptedStatus_data();
    void scriptedStatus();
    void scriptErrorMessageAndQueueOrder();
    void scriptRawBody();
    void scriptCutAfterEvents_data();
    void scriptCutAfterEvents();
    void scriptCutAfterBodyBytes();
    void scriptMidStreamError_data();
    void scriptMidStreamError();
    void scriptMalformedEvent();
    void scriptTinyWrites();
    void scriptDelays();
    void scriptFinishReasons();
    void scriptBlockPrompt_data();
    void scriptBlockPrompt();
    void scriptExactChunks();
    void scriptChunkChars();
    void directives_data();
    void directives();
    void directiveReplyBytes();
    void countTokens_data();
    void countTokens();
    void embeddings();
    void batchEmbeddings();
    void keepAlive();
    void pipelining();
    void expectContinue();
    void chunkedRequestBody();
    void connectionClose();
    void largeReplyStream();
    void largeRequestBody();
    void hostileInput_data();
    void hostileInput();
    void recordedStructure();
    void standaloneExecutable();

private:
    HttpResult send(const QByteArray &verb, const QString &path, const QByteArray &body = {}, const QString &query = {},
        Auth auth = Auth::Header, int timeoutMs = 60000);
    HttpResult post(const QString &path, const QByteArray &body, const QString &query = {}, Auth auth = Auth::Header)
    {
        return send("POST", path, body, query, auth);
    }
    HttpResult get(const QString &path, const QString &query = {}, Auth auth = Auth::Header)
    {
        return send("GET", path, {}, query, auth);
    }
    // Writes `request` on a fresh socket and reads until the server closes it, or `done` says so.
    QByteArray exchange(const QByteArray &request, const std::function<bool(const QByteArray &)> &done = {},
        int timeoutMs = 15000, bool *closedByServer = nullptr);
    QByteArray rawPost(const QString &pathAndQuery, const QByteArray &body, const QByteArray &extraHeaders = {});

    std::unique_ptr<FakeGeminiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

void tst_FakeGeminiServer::init()
{
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
    QVERIFY(m_server->port() > 0);
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void tst_FakeGeminiServer::cleanup()
{
    m_nam.reset();
    m_server.reset();
}

HttpResult tst_FakeGeminiServer::send(
    const QByteArray &verb, const QString &path, const QByteArray &body, const QString &query, Auth auth, int timeoutMs)
{
    QUrl url = m_server->baseUrl();
    url.setPath(path);
    QUrlQuery urlQuery(query);
    if (auth == Auth::Query)
        urlQuery.addQueryItem(u"key"_s, m_server->apiKey());
    else if (auth == Auth::WrongQuery)
        urlQuery.addQueryItem(u"key"_s, u"wrong-key"_s);
    url.setQuery(urlQuery);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (auth == Auth::Header)
        request.setRawHeader("x-goog-api-key", m_server->apiKey().toUtf8());
    else if (auth == Auth::WrongHeader)
        request.setRawHeader("x-goog-api-key", "wrong-key");

    HttpResult result;
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = m_nam->sendCustomRequest(request, verb, body);
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [&result, reply]() {
        ++result.readyReads;
        result.body += reply->readAll();
    });
    QObject::connect(reply, &QNetworkReply::finished, reply, [&result, reply]() {
        result.body += reply->readAll();
        result.finished = true;
    });
    [[maybe_unused]] const bool finished = waitUntil([&result]() { return result.finished; }, timeoutMs);
    result.elapsedMs = timer.elapsed();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.error = reply->error();
    const QList<QNetworkReply::RawHeaderPair> headers = reply->rawHeaderPairs();
    for (const auto &[name, value] : headers)
        result.headers.insert(name.toLower(), value);
    if (!result.finished)
        reply->abort();
    reply->deleteLater();
    return result;
}

QByteArray tst_FakeGeminiServer::exchange(
    const QByteArray &request, const std::function<bool(const QByteArray &)> &done, int timeoutMs, bool *closedByServer)
{
    QTcpSocket socket;
    QByteArray received;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&]() { received += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&closed]() { closed = true; });
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    if (!waitUntil([&socket]() { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return {};
    socket.write(request);
    [[maybe_unused]] const bool ended = waitUntil([&]() { return closed || (done && done(received)); }, timeoutMs);
    received += socket.readAll();
    if (closedByServer)
        *closedByServer = closed;
    return received;
}

QByteArray tst_FakeGeminiServer::rawPost(
    const QString &pathAndQuery, const QByteArray &body, const QByteArray &extraHeaders)
{
    const QByteArray request = "POST " + pathAndQuery.toUtf8()
        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nx-goog-api-key: "
        + m_server->apiKey().toUtf8() + "\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
    return exchange(request);
}

// --- auth ------------------------------------------------------------------------------------

void tst_FakeGeminiServer::auth_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("auth");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("googleStatus");
    QTest::addColumn<QString>("message");

    const QString unregistered = u"Method doesn't allow unregistered callers (callers without established identity). "
                                 "Please use API Key or other form of API consumer identity to call this API."_s;
    const QString invalid = u"API key not valid. Please pass a valid API key."_s;
    for (const QString &path : {flashGenerate, u"/v1beta/models"_s}) {
        const QString tag = path.endsWith(u"models"_s) ? u"list"_s : u"generate"_s;
        QTest::addRow("%s none", qPrintable(tag))
            << path << int(Auth::None) << 403 << u"PERMISSION_DENIED"_s << unregistered;
        QTest::addRow("%s wrong header", qPrintable(tag))
            << path << int(Auth::WrongHeader) << 400 << u"INVALID_ARGUMENT"_s << invalid;
        QTest::addRow("%s wrong query", qPrintable(tag))
            << path << int(Auth::WrongQuery) << 400 << u"INVALID_ARGUMENT"_s << invalid;
        QTest::addRow("%s header", qPrintable(tag)) << path << int(Auth::Header) << 200 << QString() << QString();
        QTest::addRow("%s query", qPrintable(tag)) << path << int(Auth::Query) << 200 << QString() << QString();
    }
}

void tst_FakeGeminiServer::auth()
{
    QFETCH(QString, path);
    QFETCH(int, auth);
    QFETCH(int, status);
    QFETCH(QString, googleStatus);
    QFETCH(QString, message);

    const bool generate = path.contains(u':');
    const HttpResult result = send(
        generate ? "POST" : "GET", path, generate ? userBody(u"hi"_s) : QByteArray(), {}, static_cast<Auth>(auth));
    QCOMPARE(result.status, status);
    if (status == 200)
        return;
    const QJsonObject error = errorOf(result.body);
    QCOMPARE(error.value(u"code"_s).toInt(), status);
    QCOMPARE(error.value(u"status"_s).toString(), googleStatus);
    QCOMPARE(error.value(u"message"_s).toString(), message);
    if (status == 400) {
        const QJsonArray details = error.value(u"details"_s).toArray();
        QCOMPARE(details.size(), 2);
        const QJsonObject info = details.at(0).toObject();
        QCOMPARE(info.value(u"@type"_s).toString(), u"type.googleapis.com/google.rpc.ErrorInfo"_s);
        QCOMPARE(info.value(u"reason"_s).toString(), u"API_KEY_INVALID"_s);
        QCOMPARE(info.value(u"domain"_s).toString(), u"googleapis.com"_s);
        QCOMPARE(info.value(u"metadata"_s).toObject().value(u"service"_s).toString(),
            u"generativelanguage.googleapis.com"_s);
        QCOMPARE(details.at(1).toObject().value(u"@type"_s).toString(),
            u"type.googleapis.com/google.rpc.LocalizedMessage"_s);
        QCOMPARE(details.at(1).toObject().value(u"message"_s).toString(), message);
    }
    QVERIFY(!result.body.contains("wrong-key")); // the key is never echoed
}

// --- strict request validation --------------------------------------------------------------

void tst_FakeGeminiServer::unknownField_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("field");

    const QString prefix = u"Invalid JSON payload received. Unknown name "_s;
    QTest::newRow("top level") << QByteArray(R"({"contents":[{"parts":[{"text":"x"}]}],"foo":1})")
                               << prefix + u"\"foo\": Cannot find field."_s << QString();
    QTest::newRow("generationConfig") << QByteArray(
        R"({"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"includeThoughts":true}})")
                                      << prefix + u"\"includeThoughts\" at 'generation_config': Cannot find field."_s
                                      << u"generation_config"_s;
    QTest::newRow("thinkingConfig") << QByteArray(
        R"({"contents":[{"parts":[{"text":"x"}]}],"generation_config":{"thinkingConfig":{"budget":1}}})")
                                    << prefix
            + u"\"budget\" at 'generation_config.thinking_config': Cannot find field."_s
                                    << u"generation_config.thinking_config"_s;
    QTest::newRow("part") << QByteArray(R"({"contents":[{"parts":[{"text":"x","color":"red"}]}]})")
                          << prefix + u"\"color\" at 'contents[0].parts[0]': Cannot find field."_s
                          << u"contents[0].parts[0]"_s;
    QTest::newRow("content") << QByteArray(
        R"({"contents":[{"parts":[{"text":"x"}]},{"role":"user","parts":[{"text":"y"}],"name":"z"}]})")
                             << prefix + u"\"name\" at 'contents[1]': Cannot find field."_s << u"contents[1]"_s;
    QTest::newRow("inlineData") << QByteArray(
        R"({"contents":[{"parts":[{"text":"x"},{"inlineData":{"mimeType":"image/png","data":"AAAA","size":3}}]}]})")
                                << prefix + u"\"size\" at 'contents[0].parts[1].inline_data': Cannot find field."_s
                                << u"contents[0].parts[1].inline_data"_s;
    QTest::newRow("fileData") << QByteArray(
        R"({"contents":[{"parts":[{"file_data":{"file_uri":"https://x/files/a","uri":"u"}}]}]})")
                              << prefix + u"\"uri\" at 'contents[0].parts[0].file_data': Cannot find field."_s
                              << u"contents[0].parts[0].file_data"_s;
    QTest::newRow("safetySettings") << QByteArray(
        R"({"contents":[{"parts":[{"text":"x"}]}],"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE","level":2}]})")
                                    << prefix + u"\"level\" at 'safety_settings[0]': Cannot find field."_s
                                    << u"safety_settings[0]"_s;
    QTest::newRow("tools") << QByteArray(
        R"({"contents":[{"parts":[{"text":"x"}]}],"tools":[{"functionDeclarations":[{"name":"f","strict":true}]}]})")
                           << prefix + u"\"strict\" at 'tools[0].function_declarations[0]': Cannot find field."_s
                           << u"tools[0].function_declarations[0]"_s;
    QTest::newRow("empty tool") << QByteArray(
        R"({"contents":[{"parts":[{"text":"x"}]}],"tools":[{"codeExecution":{"x":1}}]})")
                                << prefix + u"\"x\" at 'tools[0].code_execution': Cannot find field."_s
                                << u"tools[0].code_execution"_s;
    QTest::newRow("systemInstruction") << QByteArray(
        R"({"contents":[{"parts":[{"text":"x"}]}],"systemInstruction":{"parts":[{"text":"s"}],"tone":"dry"}})")
                                       << prefix + u"\"tone\" at 'system_instruction': Cannot find field."_s
                                       << u"system_instruction"_s;
}

void tst_FakeGeminiServer::unknownField()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QFETCH(QString, field);

    const HttpResult result = post(flashGenerate, body);
    QCOMPARE(result.status, 400);
    const QJsonObject error = errorOf(result.body);
    QCOMPARE(error.value(u"status"_s).toString(), u"INVALID_ARGUMENT"_s);
    QCOMPARE(error.value(u"message"_s).toString(), message);
    const QJsonObject detail = error.value(u"details"_s).toArray().first().toObject();
    QCOMPARE(detail.value(u"@type"_s).toString(), u"type.googleapis.com/google.rpc.BadRequest"_s);
    const QJsonObject violation = detail.value(u"fieldViolations"_s).toArray().first().toObject();
    QCOMPARE(violation.value(u"field"_s).toString(), field);
    QCOMPARE(violation.value(u"description"_s).toString(), message);

    // The same unknown field in a non-SSE stream: the error arrives wrapped in a one-element array.
    const HttpResult streamed = post(flashStream, body);
    QCOMPARE(streamed.status, 400);
    QVERIFY(streamed.body.startsWith("[{\n  \"error\": {"));
    QVERIFY(streamed.body.endsWith("}\n]"));
    QCOMPARE(errorOf(streamed.body).value(u"message"_s).toString(), message);
}

void tst_FakeGeminiServer::snakeCaseAndSingleObjectsAccepted()
{
    // Google's notebooks send snake_case and sometimes single objects for repeated fields (§1.6).
    const QByteArray body = R"({
        "system_instruction": {"parts": {"text": "Be brief."}},
        "contents": {"role": "user", "parts": [{"text": "Hello"},
                     {"inline_data": {"mime_type": "image/jpeg", "data": "/9j/4AAQ"}},
                     {"file_data": {"mime_type": "audio/mpeg", "file_uri": "https://example.invalid/v1beta/files/abc"}}]},
        "safety_settings": {"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_ONLY_HIGH"},
        "tools": [{"function_declarations": [{"name": "f", "parameters": {"type": "object",
                   "properties": {"city": {"type": "STRING"}}, "required": ["city"]}}]}, {"google_search": {}}],
        "tool_config": {"function_calling_config": {"mode": "AUTO", "allowed_function_names": ["f"]}},
        "generation_config": {"max_output_tokens": 100, "stop_sequences": "END", "top_k": 3,
                              "response_mime_type": "text/plain", "thinking_config": {"thinking_budget": 0}}
    })";
    const HttpResult result = post(flashGenerate, body);
    QCOMPARE(result.status, 200);
    const QString text = chunkText(parseObject(result.body));
    QVERIFY2(
        text.startsWith(u"Echo: Hello\n\nReceived 1 turn(s); last turn parts: text, inlineData image/jpeg 6 bytes, "
                        "fileData audio/mpeg; system instruction: \"Be brief.\"; generationConfig: "_s),
        qPrintable(text));
    // The echoed config is the normalized (camelCase) one.
    QVERIFY2(text.contains(u"\"maxOutputTokens\":100"_s) && text.contains(u"\"stopSequences\":[\"END\"]"_s),
        qPrintable(text));
}

void tst_FakeGeminiServer::invalidRequest_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");

    QTest::newRow("not json") << QByteArray("{\"contents\": [")
                              << u"Invalid JSON payload received. Unexpected token."_s;
    QTest::newRow("garbage") << QByteArray("hello") << u"Invalid JSON payload received. Unexpected token."_s;
    QTest::newRow("array") << QByteArray("[1,2]") << u"Invalid JSON payload received. Unexpected token."_s;
    QTest::newRow("no contents") << QByteArray("{}")
                                 << u"* GenerateContentRequest.contents: contents is not specified\n"_s;
    QTest::newRow("empty body") << QByteArray() << u"* GenerateContentRequest.contents: contents is not specified\n"_s;
    QTest::newRow("empty contents") << QByteArray(R"({"contents":[]})")
                                    << u"* GenerateContentRequest.contents: contents is not specified\n"_s;
    QTest::newRow("empty parts")
        << QByteArray(R"({"contents":[{"role":"user","parts":[]}]})")
        << u"* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.\n"_s;
    QTest::newRow("bad role") << QByteArray(R"({"contents":[{"role":"assistant","parts":[{"text":"x"}]}]})")
                              << u"Please use a valid role: user, model."_s;
    QTest::newRow("6 stop sequences")
        << QByteArray(
               R"({"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"stopSequences":["a","b","c","d","e","f"]}})")
        << u"* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences are supported, got 6.\n"_s;
    QTest::newRow("temperature high")
        << QByteArray(R"({"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"temperature":2.5}})")
        << u"* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0].\n"_s;
    QTest::newRow("temperature negative")
        << QByteArray(R"({"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"temperature":-0.1}})")
        << u"* GenerateContentRequest.generation_config.temperature: temperature must be in the range [0.0, 2.0].\n"_s;
    QTest::newRow("topP")
        << QByteArray(R"({"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"topP":1.5}})")
        << u"* GenerateContentRequest.generation_config.top_p: top_p must be in the range [0.0, 1.0].\n"_s;
    QTest::newRow("candidateCount 0")
        << QByteArray(R"({"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"candidateCount":0}})")
        << u"* GenerateContentRequest.generation_config.candidate_count: candidate_count must be in the range [1, 8].\n"_s;
    QTest::newRow("candidateCount 9")
        << QByteArray(R"({"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"candidateCount":9}})")
        << u"* GenerateContentRequest.generation_config.candidate_count: candidate_count must be in the range [1, 8].\n"_s;
    QTest::newRow("float type") << QByteArray(
        R"({"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"temperature":"hot"}})")
                                << u"Invalid value at 'generation_config.temperature' (TYPE_FLOAT), \"hot\""_s;
    QTest::newRow("string type") << QByteArray(R"({"contents":[{"parts":[{"text":5}]}]})")
                                 << u"Invalid value at 'contents[0].parts[0].text' (TYPE_STRING), 5"_s;
    QTest::newRow("bad base64")
        << QByteArray(R"({"contents":[{"parts":[{"inlineData":{"mimeType":"image/png","data":"!!!"}}]}]})")
        << u"Invalid value at 'contents[0].parts[0].inline_data.data' (TYPE_BYTES), Base64 decoding failed for \"!!!\""_s;
    QTest::newRow("bad enum")
        << QByteArray(
               R"({"contents":[{"parts":[{"text":"x"}]}],"safetySettings":[{"category":"HARM_CATEGORY_NOPE","threshold":"OFF"}]})")
        << u"Invalid value at 'safety_settings[0].category' (type.googleapis.com/google.ai.generativelanguage.v1beta.HarmCategory), \"HARM_CATEGORY_NOPE\""_s;
}

void tst_FakeGeminiServer::invalidRequest()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    const HttpResult result = post(flashGenerate, body);
    QCOMPARE(result.status, 400);
    const QJsonObject error = errorOf(result.body);
    QCOMPARE(error.value(u"code"_s).toInt(), 400);
    QCOMPARE(error.value(u"status"_s).toString(), u"INVALID_ARGUMENT"_s);
    QCOMPARE(error.value(u"message"_s).toString(), message);
}

void tst_FakeGeminiServer::unknownModel_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    const QString tail = u". Call ListModels to see the list of available models and their supported methods."_s;
    QTest::newRow("generate")
        << u"/v1beta/models/gemini-5.0-flash:generateContent"_s
        << u"models/gemini-5.0-flash is not found for API version v1beta, or is not supported for generateContent"_s
            + tail;
    QTest::newRow("generate v1")
        << u"/v1/models/gemini-5.0-flash:generateContent"_s
        << u"models/gemini-5.0-flash is not found for API version v1, or is not supported for generateContent"_s + tail;
    QTest::newRow("embedding model cannot generate")
        << u"/v1beta/models/gemini-embedding-001:generateContent"_s
        << u"models/gemini-embedding-001 is not found for API version v1beta, or is not supported for generateContent"_s
            + tail;
    QTest::newRow("imagen cannot stream")
        << u"/v1beta/models/imagen-4.0-generate-001:streamGenerateContent"_s
        << u"models/imagen-4.0-generate-001 is not found for API version v1beta, or is not supported for generateContent"_s
            + tail;
    QTest::newRow("countTokens")
        << u"/v1beta/models/nonexistent-model:countTokens"_s
        << u"models/nonexistent-model is not found for API version v1beta, or is not supported for countTokens"_s
            + tail;
}

void tst_FakeGeminiServer::unknownModel()
{
    QFETCH(QString, path);
    QFETCH(QString, message);
    const HttpResult result = post(path, userBody(u"hello"_s), u"alt=sse"_s);
    QCOMPARE(result.status, 404);
    const QJsonObject error = errorOf(result.body);
    QCOMPARE(error.value(u"status"_s).toString(), u"NOT_FOUND"_s);
    QCOMPARE(error.value(u"code"_s).toInt(), 404);
    QCOMPARE(error.value(u"message"_s).toString(), message);
    QVERIFY(result.body.startsWith("{\n")); // never SSE-framed, even with alt=sse
}

void tst_FakeGeminiServer::unknownRoute()
{
    for (const QString &path : {u"/v1beta/nothing"_s, u"/v2/models"_s, u"/"_s,
             u"/v1beta/models/gemini-2.5-flash:dance"_s, u"/upload/v1beta/files"_s}) {
        const HttpResult result = post(path, "{}");
        QCOMPARE(result.status, 404);
        const QJsonObject error = errorOf(result.body);
        QCOMPARE(error.value(u"status"_s).toString(), u"NOT_FOUND"_s);
        QCOMPARE(error.value(u"code"_s).toInt(), 404);
    }
    // GET on a POST method is not a route either.
    QCOMPARE(get(flashGenerate).status, 404);
}

void tst_FakeGeminiServer::getModel()
{
    const HttpResult result = get(u"/v1beta/models/gemini-2.5-flash"_s);
    QCOMPARE(result.status, 200);
    const QJsonObject model = parseObject(result.body);
    QCOMPARE(model.value(u"name"_s).toString(), u"models/gemini-2.5-flash"_s); // bare Model, not wrapped
    QCOMPARE(model.value(u"inputTokenLimit"_s).toInt(), 1048576);
    QCOMPARE(model.value(u"thinking"_s).toBool(), true);
    QVERIFY(model.value(u"supportedGenerationMethods"_s).toArray().contains(u"generateContent"_s));

    const HttpResult v1 = get(u"/v1/models/gemini-2.0-flash"_s);
    QCOMPARE(v1.status, 200);
    QVERIFY(!parseObject(v1.body).contains(u"thinking"_s));

    const HttpResult missing = get(u"/v1beta/models/gemini-9"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(errorOf(missing.body).value(u"status"_s).toString(), u"NOT_FOUND"_s);
}

void tst_FakeGeminiServer::defaultModels()
{
    const HttpResult result = get(u"/v1beta/models"_s);
    QCOMPARE(result.status, 200);
    const QJsonObject body = parseObject(result.body);
    QVERIFY(!body.contains(u"nextPageToken"_s)); // one page
    QHash<QString, QJsonObject> byName;
    const QJsonArray models = body.value(u"models"_s).toArray();
    for (const QJsonValue &value : models)
        byName.insert(value.toObject().value(u"name"_s).toString(), value.toObject());
    for (const QString &name : {u"models/gemini-2.5-flash"_s, u"models/gemini-2.5-pro"_s,
             u"models/gemini-2.5-flash-lite"_s, u"models/gemini-2.0-flash"_s, u"models/gemini-flash-latest"_s,
             u"models/gemini-embedding-001"_s, u"models/imagen-4.0-generate-001"_s}) {
        QVERIFY2(byName.contains(name), qPrintable(name));
    }
    QCOMPARE(byName.value(u"models/gemini-2.5-pro"_s).value(u"thinking"_s).toBool(), true);
    QVERIFY(!byName.value(u"models/gemini-2.0-flash"_s).contains(u"thinking"_s));
    const QJsonArray embedMethods
        = byName.value(u"models/gemini-embedding-001"_s).value(u"supportedGenerationMethods"_s).toArray();
    QVERIFY(embedMethods.contains(u"embedContent"_s));
    QVERIFY(!embedMethods.contains(u"generateContent"_s));
    QVERIFY(!byName.value(u"models/imagen-4.0-generate-001"_s)
                 .value(u"supportedGenerationMethods"_s)
                 .toArray()
                 .contains(u"generateContent"_s));
    for (const QJsonObject &model : std::as_const(byName))
        QVERIFY(!model.value(u"supportedGenerationMethods"_s).toArray().contains(u"streamGenerateContent"_s));
    QCOMPARE(m_server->models().size(), models.size());
}

void tst_FakeGeminiServer::modelsPaging()
{
    QList<QJsonObject> many;
    for (int i = 0; i < 120; ++i) {
        many.append(QJsonObject {{u"name"_s, u"models/test-%1"_s.arg(i, 3, 10, QChar(u'0'))},
            {u"displayName"_s, u"Test %1"_s.arg(i)},
            {u"supportedGenerationMethods"_s, QJsonArray {u"generateContent"_s}}});
    }
    m_server->setModels(many);

    QStringList seen;
    QString token;
    QList<int> pageSizes;
    for (int page = 0; page < 10; ++page) {
        QUrlQuery query;
        query.addQueryItem(u"pageSize"_s, u"50"_s);
        if (!token.isEmpty())
            query.addQueryItem(u"pageToken"_s, token);
        const HttpResult result = get(u"/v1beta/models"_s, query.toString(QUrl::FullyEncoded));
        QCOMPARE(result.status, 200);
        const QJsonObject body = parseObject(result.body);
        const QJsonArray models = body.value(u"models"_s).toArray();
        pageSizes.append(static_cast<int>(models.size()));
        for (const QJsonValue &model : models)
            seen.append(model.toObject().value(u"name"_s).toString());
        token = body.value(u"nextPageToken"_s).toString();
        if (!body.contains(u"nextPageToken"_s))
            break;
        QVERIFY(!token.isEmpty());
    }
    QCOMPARE(pageSizes, QList<int>({50, 50, 20}));
    QCOMPARE(seen.size(), 120);
    QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 120);
    QCOMPARE(seen.first(), u"models/test-000"_s);
    QCOMPARE(seen.last(), u"models/test-119"_s);

    // No pageSize: the default of 50.
    QCOMPARE(parseObject(get(u"/v1beta/models"_s).body).value(u"models"_s).toArray().size(), 50);
    // Above the cap of 1000 is capped, 120 fit in one page.
    const QJsonObject all = parseObject(get(u"/v1beta/models"_s, u"pageSize=5000"_s).body);
    QCOMPARE(all.value(u"models"_s).toArray().size(), 120);
    QVERIFY(!all.contains(u"nextPageToken"_s));
}

void tst_FakeGeminiServer::modelsPagingEdges()
{
    const HttpResult badToken = get(u"/v1beta/models"_s, u"pageToken=not-a-token"_s);
    QCOMPARE(badToken.status, 400);
    QCOMPARE(errorOf(badToken.body).value(u"status"_s).toString(), u"INVALID_ARGUMENT"_s);
    const HttpResult badSize = get(u"/v1beta/models"_s, u"pageSize=lots"_s);
    QCOMPARE(badSize.status, 400);
    QCOMPARE(
        errorOf(badSize.body).value(u"message"_s).toString(), u"Invalid value at 'page_size' (TYPE_INT32), \"lots\""_s);
    const QJsonObject two = parseObject(get(u"/v1beta/models"_s, u"pageSize=2"_s).body);
    QCOMPARE(two.value(u"models"_s).toArray().size(), 2);
    QVERIFY(!two.value(u"nextPageToken"_s).toString().isEmpty());
}

// --- framing, byte for byte -----------------------------------------------------------------

void tst_FakeGeminiServer::sseFramingByteExact()
{
    const QByteArray raw = rawPost(oldFlashStream + u"?alt=sse"_s, userBody(u"What is the capital of Wyoming?"_s));
    const RawResponse response = parseRaw(raw);
    QVERIFY(response.valid);
    QVERIFY(response.complete);
    QCOMPARE(response.status, 200);
    QVERIFY(response.chunked);
    QCOMPARE(response.header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(response.header("content-disposition"), QByteArray("attachment"));
    QCOMPARE(response.header("x-content-type-options"), QByteArray("nosniff"));
    QCOMPARE(response.header("server"), QByteArray("scaffolding on HTTPServer2"));
    QVERIFY(response.header("content-length").isEmpty());

    bool ok = false;
    QString why;
    const QList<QJsonObject> events = sseEvents(response.body, &ok, &why);
    QVERIFY2(ok, qPrintable(why));
    QVERIFY(events.size() >= 3);
    QVERIFY(response.body.startsWith("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Echo: "));
    QVERIFY(!response.body.contains("[DONE]"));
    QVERIFY(!response.body.contains("\nevent:") && !response.body.contains("\nid:"));
    QCOMPARE(response.body.count("data: "), events.size()); // one data line per event
    // Half-compact style: `": "` after keys, `,` without a space between members.
    QVERIFY(
        response.body.contains("}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": "));
    QVERIFY(!response.body.contains(", \""));
    QCOMPARE(streamText(events).left(40), u"Echo: What is the capital of Wyoming?\n\nR"_s);
}

void tst_FakeGeminiServer::jsonArrayFramingByteExact()
{
    const QByteArray raw = rawPost(flashStream, userBody(u"Name for a pet pelican"_s, includeThoughts()));
    const RawResponse response = parseRaw(raw);
    QVERIFY(response.complete);
    QCOMPARE(response.status, 200);
    QVERIFY(response.chunked);
    QCOMPARE(response.header("content-type"), QByteArray("application/json; charset=UTF-8"));
    bool ok = false;
    QString why;
    const QList<QJsonObject> elements = arrayElements(response.body, &ok, &why);
    QVERIFY2(ok, qPrintable(why));
    QVERIFY(elements.size() >= 4);
    QVERIFY(response.body.startsWith("[{\n  \"candidates\": [\n    {\n      \"content\": {\n        \"parts\": [\n"));
    QVERIFY(response.body.contains("\n}\n,\r\n{\n  \"candidates\": ["));
    const QByteArray ending
        = "\n  \"responseId\": \"" + elements.last().value(u"responseId"_s).toString().toUtf8() + "\"\n}\n]";
    QVERIFY(response.body.endsWith(ending));
    // Each element alone is Google-pretty.
    const QList<QByteArray> pieces = response.body.mid(1, response.body.size() - 3).split('\r');
    for (QByteArray piece : pieces) {
        if (piece.startsWith('\n'))
            piece.remove(0, 1);
        if (piece.endsWith("\n,"))
            piece.chop(2);
        QVERIFY2(isGooglePretty(piece + '\n', &why), qPrintable(why));
    }
}

void tst_FakeGeminiServer::unaryPrettyFormat()
{
    const QByteArray raw = rawPost(flashGenerate, userBody(u"Zürich, 日本語 and <tags> & \"quotes\"\ttab"_s));
    const RawResponse response = parseRaw(raw);
    QVERIFY(response.complete);
    QCOMPARE(response.status, 200);
    QVERIFY(!response.chunked);
    QCOMPARE(response.header("content-length").toLongLong(), response.body.size());
    QCOMPARE(response.header("content-type"), QByteArray("application/json; charset=UTF-8"));
    QCOMPARE(response.header("vary"), QByteArray("Origin")); // the first of the three Vary headers
    QString why;
    QVERIFY2(isGooglePretty(response.body, &why), qPrintable(why));
    QVERIFY(response.body.startsWith("{\n  \"candidates\": [\n    {\n      \"content\": {\n        \"parts\": [\n      "
                                     "    {\n            \"text\": \"Echo: "));
    QVERIFY(response.body.contains("\n        \"role\": \"model\"\n      },\n      \"finishReason\": \"STOP\",\n      "
                                   "\"index\": 0\n    }\n  ],\n  \"usageMetadata\": {\n    \"promptTokenCount\": "));
    // Raw UTF-8, `<`/`>` escaped like the real server, other escapes standard.
    QVERIFY(response.body.contains("Zürich, 日本語 and \\u003ctags\\u003e & \\\"quotes\\\"\\ttab"));
    QVERIFY(!response.body.contains("\\u00fc"));

    // Errors are pretty too.
    const RawResponse error = parseRaw(rawPost(flashGenerate, "{}"));
    QCOMPARE(error.status, 400);
    QVERIFY2(isGooglePretty(error.body, &why), qPrintable(why));
    QVERIFY(error.body.startsWith("{\n  \"error\": {\n    \"code\": 400,\n    \"message\": "));
}

void tst_FakeGeminiServer::usageOnEveryChunk_data()
{
    QTest::addColumn<bool>("sse");
    QTest::addColumn<bool>("thinking");
    QTest::newRow("sse") << true << false;
    QTest::newRow("array") << false << false;
    QTest::newRow("sse thoughts") << true << true;
    QTest::newRow("array thoughts") << false << true;
}

void tst_FakeGeminiServer::usageOnEveryChunk()
{
    QFETCH(bool, sse);
    QFETCH(bool, thinking);
    const QByteArray body
        = userBody(u"Tell me about streaming with several words in it"_s, thinking ? includeThoughts() : QJsonObject());
    const HttpResult result = post(flashStream, body, sse ? u"alt=sse"_s : QString());
    QCOMPARE(result.status, 200);
    bool ok = false;
    const QList<QJsonObject> chunks = sse ? sseEvents(result.body, &ok) : arrayElements(result.body, &ok);
    QVERIFY(ok);
    QVERIFY(chunks.size() >= 3);
    const QString responseId = chunks.first().value(u"responseId"_s).toString();
    QVERIFY(!responseId.isEmpty());
    int previousTotal = 0;
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        const QJsonObject &chunk = chunks.at(i);
        const bool last = i + 1 == chunks.size();
        QCOMPARE(chunk.value(u"responseId"_s).toString(), responseId);
        QCOMPARE(chunk.value(u"modelVersion"_s).toString(), u"gemini-2.5-flash"_s);
        QVERIFY(chunk.contains(u"usageMetadata"_s));
        const QJsonObject usage = chunk.value(u"usageMetadata"_s).toObject();
        const int prompt = usage.value(u"promptTokenCount"_s).toInt();
        const int candidates = usage.value(u"candidatesTokenCount"_s).toInt();
        const int thoughts = usage.value(u"thoughtsTokenCount"_s).toInt();
        QVERIFY(prompt > 0);
        QCOMPARE(usage.value(u"totalTokenCount"_s).toInt(), prompt + candidates + thoughts);
        QVERIFY(usage.value(u"totalTokenCount"_s).toInt() >= previousTotal); // running totals
        previousTotal = usage.value(u"totalTokenCount"_s).toInt();
        QCOMPARE(usage.value(u"promptTokensDetails"_s).toArray().first().toObject().value(u"modality"_s).toString(),
            u"TEXT"_s);
        if (i == 0)
            QVERIFY(!usage.contains(u"candidatesTokenCount"_s));
        QCOMPARE(thinking, usage.contains(u"thoughtsTokenCount"_s));
        const QJsonObject candidate = chunk.value(u"candidates"_s).toArray().first().toObject();
        QCOMPARE(candidate.contains(u"finishReason"_s), last);
    }
    QCOMPARE(chunks.last().value(u"candidates"_s).toArray().first().toObject().value(u"finishReason"_s).toString(),
        u"STOP"_s);
    const QString text = streamText(chunks);
    const QJsonObject lastUsage = chunks.last().value(u"usageMetadata"_s).toObject();
    QCOMPARE(lastUsage.value(u"candidatesTokenCount"_s).toInt(), static_cast<int>((text.size() + 3) / 4));

    // The stream says the same as the unary answer.
    const HttpResult unary = post(flashGenerate, body);
    QCOMPARE(chunkText(parseObject(unary.body)), text);
    QCOMPARE(chunkText(parseObject(unary.body), 0, true), streamText(chunks, 0, true));
}

void tst_FakeGeminiServer::candidateCount_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("unary") << false;
    QTest::newRow("stream") << true;
}

void tst_FakeGeminiServer::candidateCount()
{
    QFETCH(bool, stream);
    const QByteArray body = userBody(u"Pick a colour"_s, QJsonObject {{u"candidateCount"_s, 3}});
    const HttpResult result = post(stream ? flashStream : flashGenerate, body, stream ? u"alt=sse"_s : QString());
    QCOMPARE(result.status, 200);
    const QList<QJsonObject> chunks = stream ? sseEvents(result.body) : QList<QJsonObject> {parseObject(result.body)};
    const QString first = streamText(chunks, 0);
    QVERIFY(first.startsWith(u"Echo: Pick a colour\n\n"_s));
    QCOMPARE(streamText(chunks, 1), u"Candidate 2: "_s + first);
    QCOMPARE(streamText(chunks, 2), u"Candidate 3: "_s + first);
    QVERIFY(streamText(chunks, 3).isEmpty());
    const QJsonArray lastCandidates = chunks.last().value(u"candidates"_s).toArray();
    QCOMPARE(lastCandidates.size(), 3);
    for (qsizetype i = 0; i < 3; ++i) {
        QCOMPARE(lastCandidates.at(i).toObject().value(u"index"_s).toInt(), i);
        QCOMPARE(lastCandidates.at(i).toObject().value(u"finishReason"_s).toString(), u"STOP"_s);
    }
}

void tst_FakeGeminiServer::thoughts()
{
    // Default thought of a thinking model when includeThoughts is set.
    const HttpResult result = post(flashStream, userBody(u"Why is the sky blue?"_s, includeThoughts()), u"alt=sse"_s);
    QCOMPARE(result.status, 200);
    const QList<QJsonObject> chunks = sseEvents(result.body);
    QVERIFY(chunks.size() >= 4);
    bool answerStarted = false;
    for (const QJsonObject &chunk : chunks) {
        const QJsonArray parts = chunk.value(u"candidates"_s)
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(u"content"_s)
                                     .toObject()
                                     .value(u"parts"_s)
                                     .toArray();
        const bool thought = parts.first().toObject().value(u"thought"_s).toBool();
        if (!thought)
            answerStarted = true;
        QVERIFY2(!(thought && answerStarted), "thought parts must come before the answer");
    }
    QVERIFY(!streamText(chunks, 0, true).isEmpty());
    const QJsonObject lastPart = chunks.last()
                                     .value(u"candidates"_s)
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(u"content"_s)
                                     .toObject()
                                     .value(u"parts"_s)
                                     .toArray()
                                     .last()
                                     .toObject();
    QCOMPARE(lastPart.value(u"text"_s).toString(), QString());
    QVERIFY(QByteArray::fromBase64Encoding(
                lastPart.value(u"thoughtSignature"_s).toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors)
                .decoded.size()
        > 32);
    const QJsonObject usage = chunks.last().value(u"usageMetadata"_s).toObject();
    QCOMPARE(
        usage.value(u"thoughtsTokenCount"_s).toInt(), static_cast<int>((streamText(chunks, 0, true).size() + 3) / 4));

    // A scripted thought text, unary: thought part first, answer with the signature after it.
    FakeGeminiServer::Script script;
    script.thoughtText = u"**Considering**\n\nShort thought.\n\n\n"_s;
    script.replyText = u"Blue."_s;
    m_server->enqueue(script);
    const QJsonObject unary = parseObject(post(flashGenerate, userBody(u"Why?"_s, includeThoughts())).body);
    const QJsonArray parts = unary.value(u"candidates"_s)
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(u"content"_s)
                                 .toObject()
                                 .value(u"parts"_s)
                                 .toArray();
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts.at(0).toObject().value(u"text"_s).toString(), script.thoughtText);
    QCOMPARE(parts.at(0).toObject().value(u"thought"_s).toBool(), true);
    QCOMPARE(parts.at(1).toObject().value(u"text"_s).toString(), u"Blue."_s);
    QVERIFY(parts.at(1).toObject().contains(u"thoughtSignature"_s));
    QCOMPARE(unary.value(u"usageMetadata"_s).toObject().value(u"thoughtsTokenCount"_s).toInt(),
        static_cast<int>((script.thoughtText.size() + 3) / 4));

    // Without includeThoughts: no thought parts, no signature.
    const HttpResult plain = post(flashStream, userBody(u"Why?"_s), u"alt=sse"_s);
    QVERIFY(!plain.body.contains("\"thought\""));
    QVERIFY(!plain.body.contains("thoughtSignature"));
}

void tst_FakeGeminiServer::thoughtsNeedThinkingModel()
{
    const HttpResult result
        = post(u"/v1beta/models/gemini-2.0-flash:generateContent"_s, userBody(u"Why?"_s, includeThoughts()));
    QCOMPARE(result.status, 400);
    QCOMPARE(errorOf(result.body).value(u"status"_s).toString(), u"INVALID_ARGUMENT"_s);
}

void tst_FakeGeminiServer::echoReflectsRequest()
{
    const QByteArray png = QByteArray(1234, 'x');
    const QJsonObject body {
        {u"systemInstruction"_s,
            QJsonObject {{u"parts"_s, QJsonArray {QJsonObject {{u"text"_s, u"You are terse."_s}}}}}},
        {u"contents"_s,
            QJsonArray {
                QJsonObject {{u"role"_s, u"user"_s}, {u"parts"_s, QJsonArray {QJsonObject {{u"text"_s, u"First"_s}}}}},
                QJsonObject {{u"role"_s, u"model"_s}, {u"parts"_s, QJsonArray {QJsonObject {{u"text"_s, u"Reply"_s}}}}},
                QJsonObject {{u"role"_s, u"user"_s},
                    {u"parts"_s,
                        QJsonArray {QJsonObject {{u"text"_s, u"Look at"_s}},
                            QJsonObject {{u"inlineData"_s,
                                QJsonObject {{u"mimeType"_s, u"image/png"_s},
                                    {u"data"_s, QString::fromLatin1(png.toBase64())}}}},
                            QJsonObject {{u"text"_s, u"and listen"_s}},
                            QJsonObject {{u"fileData"_s,
                                QJsonObject {{u"mimeType"_s, u"audio/mpeg"_s},
                                    {u"fileUri"_s, u"https://x.invalid/v1beta/files/a"_s}}}}}}},
            }},
        {u"generationConfig"_s, QJsonObject {{u"temperature"_s, 0.5}, {u"maxOutputTokens"_s, 64}}},
    };
    const HttpResult result = post(flashGenerate, QJsonDocument(body).toJson());
    QCOMPARE(result.status, 200);
    const QJsonObject reply = parseObject(result.body);
    QCOMPARE(chunkText(reply),
        u"Echo: Look at and listen\n\nReceived 3 turn(s); last turn parts: text, inlineData image/png 1234 bytes, "
        "text, fileData audio/mpeg; system instruction: \"You are terse.\"; generationConfig: "
        "{\"maxOutputTokens\":64,\"temperature\":0.5}."_s);
    // Prompt accounting: text ~ chars/4, 258 per media part, details per modality.
    const QJsonObject usage = reply.value(u"usageMetadata"_s).toObject();
    const QJsonArray details = usage.value(u"promptTokensDetails"_s).toArray();
    QCOMPARE(details.size(), 3);
    QCOMPARE(details.at(1).toObject(), QJsonObject({{u"modality"_s, u"IMAGE"_s}, {u"tokenCount"_s, 258}}));
    QCOMPARE(details.at(2).toObject(), QJsonObject({{u"modality"_s, u"AUDIO"_s}, {u"tokenCount"_s, 258}}));
    const int textChars = QStringLiteral("You are terse.FirstReplyLook atand listen").size();
    QCOMPARE(details.at(0).toObject().value(u"tokenCount"_s).toInt(), (textChars + 3) / 4);
    QCOMPARE(usage.value(u"promptTokenCount"_s).toInt(), (textChars + 3) / 4 + 516);

    // The server recorded what it received.
    const QList<FakeGeminiServer::Request> requests = m_server->requests(u":generateContent"_s);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().method, QByteArray("POST"));
    QCOMPARE(requests.first().path, flashGenerate);
    QCOMPARE(requests.first().json(), body);
    QCOMPARE(requests.first().header("x-goog-api-key"), QByteArray("test-key"));
    QCOMPARE(requests.first().header("content-type"), QByteArray("application/json"));
}

// --- scripts -------------------------------------------------------------------------------

void tst_FakeGeminiServer::scriptedStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("googleStatus");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("query"); // alt=sse or not
    QTest::addColumn<QString>("path");

    const QString overloaded = u"The model is overloaded. Please try again later."_s;
    QTest::newRow("503 sse") << 503 << u"UNAVAILABLE"_s << overloaded << u"alt=sse"_s << flashStream;
    QTest::newRow("503 array") << 503 << u"UNAVAILABLE"_s << overloaded << QString() << flashStream;
    QTest::newRow("503 unary") << 503 << u"UNAVAILABLE"_s << overloaded << QString() << flashGenerate;
    QTest::newRow("500")
        << 500 << u"INTERNAL"_s
        << u"An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"_s
        << u"alt=sse"_s << flashStream;
    QTest::newRow("504") << 504 << u"DEADLINE_EXCEEDED"_s << u"Deadline expired before operation could complete."_s
                         << QString() << flashGenerate;
    QTest::newRow("400") << 400 << u"INVALID_ARGUMENT"_s << u"Request contains an invalid argument."_s << QString()
                         << flashGenerate;
    QTest::newRow("403") << 403 << u"PERMISSION_DENIED"_s << u"The caller does not have permission"_s << QString()
                         << flashGenerate;
    QTest::newRow("404") << 404 << u"NOT_FOUND"_s << u"Requested entity was not found."_s << QString() << flashGenerate;
    QTest::newRow("408") << 408 << u"DEADLINE_EXCEEDED"_s
                         << u"Request timed out before the server received the whole request."_s << QString()
                         << flashGenerate;
    QTest::newRow("429 array") << 429 << u"RESOURCE_EXHAUSTED"_s << QString() << QString() << flashStream;
    QTest::newRow("429 sse") << 429 << u"RESOURCE_EXHAUSTED"_s << QString() << u"alt=sse"_s << flashStream;
}

void tst_FakeGeminiServer::scriptedStatus()
{
    QFETCH(int, status);
    QFETCH(QString, googleStatus);
    QFETCH(QString, message);
    QFETCH(QString, query);
    QFETCH(QString, path);

    FakeGeminiServer::Script script;
    script.httpStatus = status;
    script.retryDelay = status == 429 ? u"2s"_s : QString();
    script.retryAfterSeconds = status == 429 ? 3 : -1;
    m_server->enqueue(script);
    const HttpResult result = post(path, userBody(u"hi"_s), query);
    QCOMPARE(result.status, status);
    QCOMPARE(result.headers.value("content-type"), QByteArray("application/json; charset=UTF-8"));
    const bool wrapped = path == flashStream && query.isEmpty();
    QCOMPARE(result.body.startsWith("[{\n  \"error\""), wrapped);
    QCOMPARE(result.body.startsWith("{\n  \"error\""), !wrapped);
    QCOMPARE(result.body.endsWith(wrapped ? "}\n]" : "}\n"), true);
    const QJsonObject error = errorOf(result.body);
    QCOMPARE(error.value(u"code"_s).toInt(), status);
    QCOMPARE(error.value(u"status"_s).toString(), googleStatus);
    if (status != 429) {
        QCOMPARE(error.value(u"message"_s).toString(), message);
        QVERIFY(!result.headers.contains("retry-after"));
        return;
    }
    QVERIFY(error.value(u"message"_s)
                .toString()
                .startsWith(u"You exceeded your current quota, please check your plan and billing details."_s));
    QVERIFY(error.value(u"message"_s).toString().endsWith(u"Please retry in 2.035562943s."_s));
    QCOMPARE(result.headers.value("retry-after"), QByteArray("3"));
    QStringList types;
    const QJsonArray details = error.value(u"details"_s).toArray();
    for (const QJsonValue &detail : details)
        types.append(detail.toObject().value(u"@type"_s).toString().section(u'.', -1));
    QCOMPARE(types, QStringList({u"Help"_s, u"QuotaFailure"_s, u"RetryInfo"_s}));
    QCOMPARE(details.at(2).toObject().value(u"retryDelay"_s).toString(), u"2s"_s);
    QCOMPARE(details.at(1)
                 .toObject()
                 .value(u"violations"_s)
                 .toArray()
                 .first()
                 .toObject()
                 .value(u"quotaDimensions"_s)
                 .toObject()
                 .value(u"model"_s)
                 .toString(),
        u"gemini-2.5-flash"_s);
}

void tst_FakeGeminiServer::scriptErrorMessageAndQueueOrder()
{
    FakeGeminiServer::Script overloaded;
    overloaded.httpStatus = 503;
    overloaded.errorMessage = u"Custom overload text"_s;
    FakeGeminiServer::Script quota;
    quota.httpStatus = 429; // no retryDelay: no RetryInfo, no "Please retry"
    m_server->enqueue(overloaded);
    m_server->enqueue(quota);
    QCOMPARE(m_server->pendingScripts(), 2);

    HttpResult result = post(flashGenerate, userBody(u"one"_s));
    QCOMPARE(result.status, 503);
    QCOMPARE(errorOf(result.body).value(u"message"_s).toString(), u"Custom overload text"_s);
    result = post(flashGenerate, userBody(u"two"_s));
    QCOMPARE(result.status, 429);
    const QJsonObject error = errorOf(result.body);
    QVERIFY(!error.value(u"message"_s).toString().contains(u"Please retry"_s));
    QCOMPARE(error.value(u"details"_s).toArray().size(), 2);
    QVERIFY(!result.headers.contains("retry-after"));
    // Queue empty: the default script (plain success) answers.
    QCOMPARE(post(flashGenerate, userBody(u"three"_s)).status, 200);
    QCOMPARE(m_server->pendingScripts(), 0);

    // A default script answers every request while the queue is empty.
    FakeGeminiServer::Script fixed;
    fixed.replyText = u"Always this."_s;
    m_server->setDefaultScript(fixed);
    QCOMPARE(chunkText(parseObject(post(flashGenerate, userBody(u"a"_s)).body)), u"Always this."_s);
    QCOMPARE(chunkText(parseObject(post(flashGenerate, userBody(u"b"_s)).body)), u"Always this."_s);
    // countTokens does not consume scripts.
    m_server->enqueue(overloaded);
    QCOMPARE(post(u"/v1beta/models/gemini-2.5-flash:countTokens"_s, userBody(u"a"_s)).status, 200);
    QCOMPARE(m_server->pendingScripts(), 1);
}

void tst_FakeGeminiServer::scriptRawBody()
{
    FakeGeminiServer::Script proxy;
    proxy.httpStatus = 502;
    proxy.rawBody = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    proxy.rawContentType = "text/html";
    m_server->enqueue(proxy);
    HttpResult result = post(flashStream, userBody(u"hi"_s), u"alt=sse"_s);
    QCOMPARE(result.status, 502);
    QCOMPARE(result.body, proxy.rawBody);
    QCOMPARE(result.headers.value("content-type"), QByteArray("text/html"));

    FakeGeminiServer::Script broken; // HTTP 200 with malformed JSON
    broken.rawBody = "{\"candidates\": [{\"content\": ";
    m_server->enqueue(broken);
    result = post(flashGenerate, userBody(u"hi"_s));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.body, broken.rawBody);
    QCOMPARE(result.headers.value("content-type"), QByteArray("application/json; charset=UTF-8"));
}

void tst_FakeGeminiServer::scriptCutAfterEvents_data()
{
    QTest::addColumn<bool>("sse");
    QTest::newRow("sse") << true;
    QTest::newRow("array") << false;
}

void tst_FakeGeminiServer::scriptCutAfterEvents()
{
    QFETCH(bool, sse);
    FakeGeminiServer::Script script;
    script.cutAfterEvents = 2;
    m_server->enqueue(script);
    const QByteArray raw = rawPost(
        flashStream + (sse ? u"?alt=sse"_s : QString()), userBody(u"A long enough question to need many events"_s));
    const RawResponse response = parseRaw(raw);
    QCOMPARE(response.status, 200);
    QVERIFY(!response.complete); // no chunked terminator
    if (sse) {
        QCOMPARE(sseEvents(response.body).size(), 2);
        QVERIFY(response.body.endsWith("\r\n\r\n"));
    } else {
        QCOMPARE(response.body.count("\n,\r\n"), 1);
        QVERIFY(!response.body.endsWith("]"));
    }

    // Through QNAM: the events before the cut arrive, then the reply ends. NB: Qt 6.4 reports
    // RemoteHostClosedError or, depending on timing, NoError for a chunked body cut short by the
    // server closing the connection, so a client must judge completeness itself (finishReason, `]`).
    m_server->enqueue(script);
    const HttpResult result
        = post(flashStream, userBody(u"A long enough question to need many events"_s), sse ? u"alt=sse"_s : QString());
    QVERIFY(result.finished);
    QVERIFY(!result.body.contains("finishReason"));
    if (sse) {
        QCOMPARE(sseEvents(result.body).size(), 2);
    } else {
        QCOMPARE(result.body.count("\n,\r\n"), 1);
        QVERIFY(QJsonDocument::fromJson(result.body).isNull()); // the array never closes
    }
}

void tst_FakeGeminiServer::scriptCutAfterBodyBytes()
{
    FakeGeminiServer::Script script;
    script.cutAfterBodyBytes = 100;
    m_server->enqueue(script);
    RawResponse response = parseRaw(rawPost(flashGenerate, userBody(u"hi"_s)));
    QCOMPARE(response.status, 200);
    QVERIFY(!response.complete);
    QCOMPARE(response.body.size(), 100);
    QVERIFY(response.header("content-length").toInt() > 100);

    m_server->enqueue(script);
    response = parseRaw(rawPost(flashStream + u"?alt=sse"_s, userBody(u"hi"_s)));
    QVERIFY(!response.complete);
    QCOMPARE(response.body.size(), 100);
    QVERIFY(response.body.startsWith("data: {"));

    m_server->enqueue(script);
    const HttpResult result = post(flashGenerate, userBody(u"hi"_s));
    QVERIFY(result.finished);
    QCOMPARE(result.body.size(), 100); // (QNAM's error code for this depends on timing, see above)
    QVERIFY(QJsonDocument::fromJson(result.body).isNull());
}

void tst_FakeGeminiServer::scriptMidStreamError_data()
{
    QTest::addColumn<bool>("sse");
    QTest::newRow("sse") << true;
    QTest::newRow("array") << false;
}

void tst_FakeGeminiServer::scriptMidStreamError()
{
    QFETCH(bool, sse);
    FakeGeminiServer::Script script;
    script.midStreamErrorAfterEvents = 2;
    m_server->enqueue(script);
    const HttpResult result
        = post(flashStream, userBody(u"A question that needs several events"_s), sse ? u"alt=sse"_s : QString());
    QCOMPARE(result.status, 200);
    QCOMPARE(result.error, QNetworkReply::NoError);
    const QByteArray errorText = "{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is overloaded. "
                                 "Please try again later.\",\n    \"status\": \"UNAVAILABLE\"\n  }\n}";
    if (sse) {
        // Two `data:` events, then the bare pretty error object (gemini-api.md §4.3.2).
        const qsizetype secondEnd = result.body.indexOf("\r\n\r\n", result.body.indexOf("\r\n\r\n") + 4) + 4;
        QCOMPARE(sseEvents(result.body.left(secondEnd)).size(), 2);
        QCOMPARE(result.body.mid(secondEnd), errorText + '\n');
    } else {
        bool ok = false;
        const QList<QJsonObject> elements = arrayElements(result.body, &ok);
        QVERIFY(ok);
        QCOMPARE(elements.size(), 3);
        const QByteArray ending = "\n,\r\n" + errorText + "\n]";
        QVERIFY(result.body.endsWith(ending));
        QCOMPARE(elements.last().value(u"error"_s).toObject().value(u"code"_s).toInt(), 503);
    }
}

void tst_FakeGeminiServer::scriptMalformedEvent()
{
    FakeGeminiServer::Script script;
    script.malformedEvent = true;
    m_server->enqueue(script);
    const HttpResult result
        = post(flashStream, userBody(u"A question that needs several events to answer"_s), u"alt=sse"_s);
    QCOMPARE(result.status, 200);
    int good = 0;
    int bad = 0;
    const QList<QByteArray> events = result.body.split('\r');
    for (const QByteArray &raw : events) {
        const QByteArray event = raw.trimmed();
        if (!event.startsWith("data: "))
            continue;
        if (QJsonDocument::fromJson(event.mid(6)).isObject())
            ++good;
        else
            ++bad;
    }
    QCOMPARE(bad, 1);
    QVERIFY(good >= 2);
    QVERIFY(result.body.endsWith("\r\n\r\n"));
    // Mid-stream: the first and the last event are intact, the framing stays SSE.
    QVERIFY(QJsonDocument::fromJson(result.body.mid(6, result.body.indexOf("\r\n") - 6)).isObject());
    const qsizetype lastStart = result.body.lastIndexOf("data: ", result.body.size() - 5);
    QVERIFY(QJsonDocument::fromJson(result.body.mid(lastStart + 6, result.body.size() - 4 - lastStart - 6)).isObject());
    QVERIFY(result.body.contains("finishReason"));
}

void tst_FakeGeminiServer::scriptTinyWrites()
{
    FakeGeminiServer::Script script;
    script.writeBytes = 7;
    m_server->enqueue(script);
    const RawResponse response = parseRaw(rawPost(flashStream + u"?alt=sse"_s, userBody(u"tiny"_s)));
    QVERIFY(response.complete);
    QVERIFY(response.chunkSizes.size() > 10);
    for (qsizetype size : response.chunkSizes)
        QVERIFY(size <= 7);
    bool ok = false;
    QVERIFY(!sseEvents(response.body, &ok).isEmpty());
    QVERIFY(ok);

    // Unary, through QNAM: many reads, body intact.
    m_server->enqueue(script);
    const HttpResult unary = post(flashGenerate, userBody(u"tiny"_s));
    QCOMPARE(unary.status, 200);
    QVERIFY2(unary.readyReads > 5, qPrintable(QString::number(unary.readyReads)));
    QVERIFY(chunkText(parseObject(unary.body)).startsWith(u"Echo: tiny"_s));
}

void tst_FakeGeminiServer::scriptDelays()
{
    FakeGeminiServer::Script script;
    script.delayBeforeHeadersMs = 300;
    m_server->enqueue(script);
    HttpResult result = post(flashGenerate, userBody(u"slow"_s));
    QCOMPARE(result.status, 200);
    QVERIFY2(result.elapsedMs >= 290, qPrintable(QString::number(result.elapsedMs)));

    FakeGeminiServer::Script events;
    events.replyText = u"one two three four five"_s;
    events.chunkChars = 4; // 5+ events
    events.eventDelayMs = 80;
    m_server->enqueue(events);
    result = post(flashStream, userBody(u"slow"_s), u"alt=sse"_s);
    const qsizetype count = sseEvents(result.body).size();
    QVERIFY(count >= 5);
    QVERIFY2(result.elapsedMs >= 80 * (count - 1) - 10, qPrintable(QString::number(result.elapsedMs)));
    QVERIFY(result.readyReads >= 3); // the events arrived one by one
}

void tst_FakeGeminiServer::scriptFinishReasons()
{
    FakeGeminiServer::Script maxTokens;
    maxTokens.finishReason = u"MAX_TOKENS"_s;
    m_server->enqueue(maxTokens);
    QList<QJsonObject> chunks = sseEvents(post(flashStream, userBody(u"hi there"_s), u"alt=sse"_s).body);
    QCOMPARE(chunks.last().value(u"candidates"_s).toArray().first().toObject().value(u"finishReason"_s).toString(),
        u"MAX_TOKENS"_s);

    FakeGeminiServer::Script truncated;
    truncated.omitFinishReason = true;
    m_server->enqueue(truncated);
    const HttpResult result = post(flashStream, userBody(u"hi there"_s), u"alt=sse"_s);
    QCOMPARE(result.error, QNetworkReply::NoError);
    QVERIFY(!result.body.contains("finishReason"));
    QVERIFY(sseEvents(result.body).size() >= 2);
}

void tst_FakeGeminiServer::scriptBlockPrompt_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("unary") << false;
    QTest::newRow("sse") << true;
}

void tst_FakeGeminiServer::scriptBlockPrompt()
{
    QFETCH(bool, stream);
    FakeGeminiServer::Script script;
    script.blockPrompt = true;
    m_server->enqueue(script);
    const HttpResult result
        = post(stream ? flashStream : flashGenerate, userBody(u"bad"_s), stream ? u"alt=sse"_s : QString());
    QCOMPARE(result.status, 200);
    const QList<QJsonObject> chunks = stream ? sseEvents(result.body) : QList<QJsonObject> {parseObject(result.body)};
    QCOMPARE(chunks.size(), 1);
    QCOMPARE(chunks.first().keys(), QStringList {u"promptFeedback"_s});
    const QJsonObject feedback = chunks.first().value(u"promptFeedback"_s).toObject();
    QCOMPARE(feedback.value(u"blockReason"_s).toString(), u"SAFETY"_s);
    QCOMPARE(feedback.value(u"safetyRatings"_s).toArray().size(), 4);
    if (stream)
        QVERIFY(result.body.startsWith(
            "data: {\"promptFeedback\": {\"blockReason\": \"SAFETY\",\"safetyRatings\": [{\"category\": "));
}

void tst_FakeGeminiServer::scriptExactChunks()
{
    const QJsonObject a = parseObject(
        R"({"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","args":{}}}],"role":"model"},"index":0}],"modelVersion":"m","responseId":"r"})");
    const QJsonObject b = parseObject(
        R"({"candidates":[{"content":{"parts":[{"text":"done"}],"role":"model"},"finishReason":"STOP","index":0,"finishMessage":"Model generated function call(s)."}],"usageMetadata":{"promptTokenCount":3,"totalTokenCount":3},"modelVersion":"m","responseId":"r"})");
    FakeGeminiServer::Script script;
    script.chunks = {a, b};
    m_server->enqueue(script);
    const QByteArray raw = parseRaw(rawPost(flashStream + u"?alt=sse"_s, userBody(u"call"_s))).body;
    QCOMPARE(sseEvents(raw), QList<QJsonObject>({a, b}));
    QVERIFY(raw.startsWith(
        "data: {\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"name\": \"f\",\"args\": "
        "{}}}],\"role\": \"model\"},\"index\": 0}],\"modelVersion\": \"m\",\"responseId\": \"r\"}\r\n\r\n"));

    m_server->enqueue(script);
    const QJsonObject unary = parseObject(post(flashGenerate, userBody(u"call"_s)).body);
    const QJsonArray parts = unary.value(u"candidates"_s)
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(u"content"_s)
                                 .toObject()
                                 .value(u"parts"_s)
                                 .toArray();
    QCOMPARE(parts.size(), 2);
    QVERIFY(parts.at(0).toObject().contains(u"functionCall"_s));
    QCOMPARE(parts.at(1).toObject().value(u"text"_s).toString(), u"done"_s);
    QCOMPARE(unary.value(u"usageMetadata"_s).toObject().value(u"totalTokenCount"_s).toInt(), 3);
}

void tst_FakeGeminiServer::scriptChunkChars()
{
    FakeGeminiServer::Script script;
    script.replyText = QString(200, u'a') + u" word boundaries are preferred when they exist in the text"_s;
    script.chunkChars = 10;
    m_server->enqueue(script);
    const QList<QJsonObject> chunks = sseEvents(post(flashStream, userBody(u"x"_s), u"alt=sse"_s).body);
    QVERIFY(chunks.size() >= 25);
    for (const QJsonObject &chunk : chunks)
        QVERIFY(chunkText(chunk).size() <= 10);
    QCOMPARE(streamText(chunks), script.replyText);
    QVERIFY(chunkText(chunks.at(chunks.size() - 2)).endsWith(u' ') || chunkText(chunks.last()).size() <= 10);
}

// --- in-band directives ------------------------------------------------------------------------

void tst_FakeGeminiServer::directives_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("config"); // generationConfig JSON or empty
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("check"); // what to look for in the result

    QTest::newRow("status") << u"Hi\n@fake status=503"_s << u"alt=sse"_s << QByteArray() << 503 << u"UNAVAILABLE"_s;
    QTest::newRow("429 retry") << u"@fake status=429 retry-delay=7s retry-after=4\nHi"_s << QString() << QByteArray()
                               << 429 << u"retryDelay=7s retryAfter=4"_s;
    QTest::newRow("finish") << u"Hi\n@fake finish=MAX_TOKENS"_s << u"alt=sse"_s << QByteArray() << 200
                            << u"finish=MAX_TOKENS"_s;
    QTest::newRow("truncate") << u"Hi\n@fake truncate"_s << u"alt=sse"_s << QByteArray() << 200 << u"finish="_s;
    QTest::newRow("block") << u"Hi\n  @fake block  "_s << u"alt=sse"_s << QByteArray() << 200 << u"blocked"_s;
    QTest::newRow("thought") << u"Hi\n@fake thought=Pondering the sky deeply"_s << u"alt=sse"_s
                             << QByteArray(R"({"thinkingConfig":{"includeThoughts":true}})") << 200
                             << u"thought=Pondering the sky deeply"_s;
    QTest::newRow("chunk chars") << u"Hello there, this is a longer text\n@fake chunk-chars=5"_s << u"alt=sse"_s
                                 << QByteArray() << 200 << u"maxChunk=5"_s;
    QTest::newRow("cut") << u"Hello there\n@fake cut-after-events=1 chunk-chars=4"_s << u"alt=sse"_s << QByteArray()
                         << 200 << u"events=1 error"_s;
    QTest::newRow("error after") << u"Hello there\n@fake error-after-events=1"_s << u"alt=sse"_s << QByteArray() << 200
                                 << u"bare error"_s;
    QTest::newRow("malformed") << u"Hello there, a few words\n@fake malformed chunk-chars=5"_s << u"alt=sse"_s
                               << QByteArray() << 200 << u"malformed"_s;
    QTest::newRow("delay") << u"Hi\n@fake delay-ms=250"_s << QString() << QByteArray() << 200 << u"elapsed=250"_s;
    QTest::newRow("event delay") << u"Hello world again\n@fake event-delay-ms=60 chunk-chars=6"_s << u"alt=sse"_s
                                 << QByteArray() << 200 << u"elapsed=120"_s;
    QTest::newRow("write bytes") << u"Hello world\n@fake write-bytes=16"_s << QString() << QByteArray() << 200
                                 << u"reads=4"_s;
    QTest::newRow("cut bytes") << u"Hello world\n@fake cut-after-bytes=40"_s << QString() << QByteArray() << 200
                               << u"bytes=40 error"_s;
    QTest::newRow("unknown keys") << u"Hi\n@fake colour=blue status=503 sparkle"_s << QString() << QByteArray() << 400
                                  << u"message contains colour, sparkle"_s;
    QTest::newRow("bad value") << u"Hi\n@fake chunk-chars=lots"_s << QString() << QByteArray() << 400
                               << u"message contains chunk-chars=lots"_s;
}

void tst_FakeGeminiServer::directives()
{
    QFETCH(QString, text);
    QFETCH(QString, query);
    QFETCH(QByteArray, config);
    QFETCH(int, status);
    QFETCH(QString, check);

    const QJsonObject generationConfig = config.isEmpty() ? QJsonObject() : parseObject(config);
    const bool stream = query == u"alt=sse"_s;
    const HttpResult result = post(stream ? flashStream : flashGenerate, userBody(text, generationConfig), query);
    QCOMPARE(result.status, status);
    const QList<QJsonObject> chunks = stream ? sseEvents(result.body) : QList<QJsonObject> {parseObject(result.body)};
    if (status == 200 && !check.contains(u"error"_s) && !check.contains(u"malformed"_s)
        && !check.contains(u"blocked"_s)) {
        // The directive lines are not part of what the server "saw".
        QStringList kept;
        for (const QString &line : text.split(u'\n')) {
            if (!line.contains(u"@fake"_s))
                kept.append(line);
        }
        const QString answer = streamText(chunks);
        QVERIFY2(answer.startsWith(u"Echo: "_s + kept.join(u'\n').trimmed() + u"\n\nReceived 1 turn(s)"_s),
            qPrintable(answer));
        QVERIFY2(!answer.contains(u"@fake"_s), qPrintable(answer));
    }
    if (check == u"UNAVAILABLE"_s) {
        QCOMPARE(errorOf(result.body).value(u"status"_s).toString(), check);
        QVERIFY(result.body.startsWith("{\n"));
    } else if (check.startsWith(u"retryDelay"_s)) {
        QCOMPARE(result.headers.value("retry-after"), QByteArray("4"));
        QVERIFY(result.body.contains("\"retryDelay\": \"7s\""));
    } else if (check.startsWith(u"finish="_s)) {
        const QString reason = check.mid(7);
        const QJsonObject candidate = chunks.last().value(u"candidates"_s).toArray().first().toObject();
        QCOMPARE(candidate.value(u"finishReason"_s).toString(), reason);
        QCOMPARE(candidate.contains(u"finishReason"_s), !reason.isEmpty());
    } else if (check == u"blocked"_s) {
        QCOMPARE(chunks.size(), 1);
        QVERIFY(chunks.first().contains(u"promptFeedback"_s));
    } else if (check.startsWith(u"thought="_s)) {
        QCOMPARE(streamText(chunks, 0, true), check.mid(8));
        QVERIFY(streamText(chunks).startsWith(u"Echo: Hi\n\n"_s));
    } else if (check == u"maxChunk=5"_s) {
        QVERIFY(chunks.size() > 10);
        for (const QJsonObject &chunk : chunks)
            QVERIFY(chunkText(chunk).size() <= 5);
    } else if (check == u"events=1 error"_s) {
        QCOMPARE(chunks.size(), 1);
        QVERIFY(!result.body.contains("finishReason"));
    } else if (check == u"bare error"_s) {
        QVERIFY(result.body.contains("\r\n\r\n{\n  \"error\": {\n    \"code\": 503"));
    } else if (check == u"malformed"_s) {
        bool ok = true;
        sseEvents(result.body, &ok);
        QVERIFY(!ok);
    } else if (check.startsWith(u"elapsed="_s)) {
        QVERIFY2(result.elapsedMs >= check.mid(8).toInt() - 10, qPrintable(QString::number(result.elapsedMs)));
    } else if (check == u"reads=4"_s) {
        QVERIFY2(result.readyReads >= 4, qPrintable(QString::number(result.readyReads)));
        QVERIFY(chunkText(chunks.first()).startsWith(u"Echo: Hello world\n\n"_s));
    } else if (check == u"bytes=40 error"_s) {
        QCOMPARE(result.body.size(), 40);
    } else if (check.startsWith(u"message contains "_s)) {
        const QString message = errorOf(result.body).value(u"message"_s).toString();
        const QStringList needles = check.mid(17).split(u", "_s);
        for (const QString &needle : needles)
            QVERIFY2(message.contains(needle), qPrintable(message));
        QVERIFY(!message.contains(u"status"_s) || message.contains(u"Known keys"_s));
    } else {
        QFAIL(qPrintable(u"unhandled check "_s + check));
    }
}

void tst_FakeGeminiServer::directiveReplyBytes()
{
    const QByteArray body = userBody(u"Write a lot\n@fake reply-bytes=6000"_s);
    const HttpResult result = post(flashStream, body, u"alt=sse"_s);
    QCOMPARE(result.status, 200);
    const QString text = streamText(sseEvents(result.body));
    QCOMPARE(text.toUtf8().size(), 6000);
    QVERIFY(text.contains(u"```"_s));                     // fenced code
    QVERIFY(text.contains(u"\n- "_s));                    // bullets
    QVERIFY(text.contains(u"| Name | Value | Note |"_s)); // table
    QVERIFY(text.contains(u"## "_s));
    bool nonAscii = false;
    for (const QChar c : text)
        nonAscii = nonAscii || c.unicode() > 127;
    QVERIFY(nonAscii);
    // Deterministic: the same request gives the same text; unary says the same.
    QCOMPARE(streamText(sseEvents(post(flashStream, body, u"alt=sse"_s).body)), text);
    QCOMPARE(chunkText(parseObject(post(flashGenerate, body).body)), text);
}

// --- countTokens and embeddings --------------------------------------------------------------

void tst_FakeGeminiServer::countTokens_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("tokens");

    QTest::newRow("contents") << QByteArray(R"({"contents":[{"role":"user","parts":[{"text":"Hello, world!"}]}]})")
                              << 200 << 4;
    QTest::newRow("generateContentRequest") << QByteArray(
        R"({"generateContentRequest":{"model":"models/gemini-2.5-flash","contents":[{"parts":[{"text":"Hello, world!"}]}],"systemInstruction":{"parts":[{"text":"Be nice."}]}}})")
                                            << 200 << 6;
    QTest::newRow("image") << QByteArray(
        R"({"contents":[{"parts":[{"text":"abcd"},{"inline_data":{"mime_type":"image/png","data":"AAAA"}}]}]})")
                           << 200 << 259;
    QTest::newRow("both") << QByteArray(
        R"({"contents":[{"parts":[{"text":"a"}]}],"generateContentRequest":{"model":"models/gemini-2.5-flash","contents":[{"parts":[{"text":"a"}]}]}})")
                          << 400 << 0;
    QTest::newRow("neither") << QByteArray("{}") << 400 << 0;
    QTest::newRow("no model inside") << QByteArray(
        R"({"generateContentRequest":{"contents":[{"parts":[{"text":"a"}]}]}})")
                                     << 400 << 0;
    QTest::newRow("unknown field") << QByteArray(R"({"contents":[{"parts":[{"text":"a"}]}],"model":"x"})") << 400 << 0;
}

void tst_FakeGeminiServer::countTokens()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(int, tokens);
    const HttpResult result = post(u"/v1beta/models/gemini-2.5-flash:countTokens"_s, body);
    QCOMPARE(result.status, status);
    if (status != 200) {
        QCOMPARE(errorOf(result.body).value(u"status"_s).toString(), u"INVALID_ARGUMENT"_s);
        return;
    }
    QVERIFY(result.body.startsWith("{\n  \"totalTokens\": "));
    const QJsonObject reply = parseObject(result.body);
    QCOMPARE(reply.value(u"totalTokens"_s).toInt(), tokens);
    const QJsonArray details = reply.value(u"promptTokensDetails"_s).toArray();
    int sum = 0;
    for (const QJsonValue &detail : details)
        sum += detail.toObject().value(u"tokenCount"_s).toInt();
    QCOMPARE(sum, tokens);
    QCOMPARE(details.first().toObject().value(u"modality"_s).toString(), u"TEXT"_s);
}

void tst_FakeGeminiServer::embeddings()
{
    const QString path = u"/v1beta/models/gemini-embedding-001:embedContent"_s;
    const QByteArray hello = R"({"model":"models/gemini-embedding-001","content":{"parts":[{"text":"Hello world"}]}})";
    const HttpResult result = post(path, hello);
    QCOMPARE(result.status, 200);
    QVERIFY(result.body.startsWith("{\n  \"embedding\": {\n    \"values\": [\n      "));
    const QJsonArray values = parseObject(result.body).value(u"embedding"_s).toObject().value(u"values"_s).toArray();
    QCOMPARE(values.size(), 768); // the fake's default
    double norm = 0;
    for (const QJsonValue &value : values)
        norm += value.toDouble() * value.toDouble();
    QVERIFY(std::fabs(norm - 1.0) < 1e-6);
    QCOMPARE(parseObject(post(path, hello).body).value(u"embedding"_s).toObject().value(u"values"_s).toArray(), values);
    const QJsonArray other = parseObject(post(path, R"({"content":{"parts":[{"text":"Goodbye"}]}})").body)
                                 .value(u"embedding"_s)
                                 .toObject()
                                 .value(u"values"_s)
                                 .toArray();
    QVERIFY(other != values);

    const QJsonObject small = parseObject(post(path,
        R"({"content":{"parts":[{"text":"Hello world"}]},"task_type":"RETRIEVAL_DOCUMENT","title":"T","output_dimensionality":10})")
                                              .body);
    QCOMPARE(small.value(u"embedding"_s).toObject().value(u"values"_s).toArray().size(), 10);

    QCOMPARE(post(path, R"({"content":{"parts":[{"text":"x"}]},"taskType":"SOMETHING"})").status, 400);
    QCOMPARE(post(path, R"({"content":{"parts":[{"text":"x"}]},"outputDimensionality":0})").status, 400);
    const HttpResult wrongModel = post(u"/v1beta/models/gemini-2.5-flash:embedContent"_s, hello);
    QCOMPARE(wrongModel.status, 404);
    QVERIFY(errorOf(wrongModel.body).value(u"message"_s).toString().contains(u"not supported for embedContent"_s));
}

void tst_FakeGeminiServer::batchEmbeddings()
{
    const QString path = u"/v1beta/models/gemini-embedding-001:batchEmbedContents"_s;
    const QByteArray body = R"({"requests":[
        {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"First text"}]},"outputDimensionality":8},
        {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"Second text"}]},"outputDimensionality":8}]})";
    const HttpResult result = post(path, body);
    QCOMPARE(result.status, 200);
    const QJsonObject reply = parseObject(result.body);
    const QJsonArray embeddings = reply.value(u"embeddings"_s).toArray();
    QCOMPARE(embeddings.size(), 2);
    QCOMPARE(embeddings.at(0).toObject().value(u"values"_s).toArray().size(), 8);
    QVERIFY(embeddings.at(0) != embeddings.at(1));
    const QJsonObject usage = reply.value(u"usageMetadata"_s).toObject();
    QCOMPARE(usage.value(u"promptTokenCount"_s).toInt(), 6); // 3 + 3
    // The batch spells it promptTokenDetails (singular "Token"), §6.2.
    QCOMPARE(usage.value(u"promptTokenDetails"_s).toArray().first().toObject().value(u"tokenCount"_s).toInt(), 6);
    QVERIFY(!usage.contains(u"promptTokensDetails"_s));

    // The order matches the single-request endpoint.
    const QJsonObject single = parseObject(post(u"/v1beta/models/gemini-embedding-001:embedContent"_s,
        R"({"content":{"parts":[{"text":"Second text"}]},"outputDimensionality":8})")
                                               .body);
    QCOMPARE(single.value(u"embedding"_s).toObject(), embeddings.at(1).toObject());

    const QByteArray mismatch = R"({"requests":[
        {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"a"}]}},
        {"model":"models/gemini-embedding-2","content":{"parts":[{"text":"b"}]}}]})";
    HttpResult error = post(path, mismatch);
    QCOMPARE(error.status, 400);
    QVERIFY(errorOf(error.body).value(u"message"_s).toString().contains(u"requests[1].model"_s));
    error = post(path, R"({"requests":[{"content":{"parts":[{"text":"a"}]}}]})");
    QCOMPARE(error.status, 400);
    QCOMPARE(post(path, R"({"requests":[]})").status, 400);
}

// --- HTTP/1.1 behaviour ----------------------------------------------------------------------

void tst_FakeGeminiServer::keepAlive()
{
    QCOMPARE(post(flashGenerate, userBody(u"one"_s)).status, 200);
    QCOMPARE(post(flashStream, userBody(u"two"_s), u"alt=sse"_s).status, 200);
    QCOMPARE(get(u"/v1beta/models"_s).status, 200);
    QCOMPARE(m_server->connectionCount(), 1);
    const QList<FakeGeminiServer::Request> requests = m_server->requests();
    QCOMPARE(requests.size(), 3);
    for (const FakeGeminiServer::Request &request : requests)
        QCOMPARE(request.connectionIndex, 1);
    QCOMPARE(m_server->requests(u"streamGenerateContent"_s).size(), 1);
    QCOMPARE(m_server->requests(u"streamGenerateContent"_s).first().query.queryItemValue(u"alt"_s), u"sse"_s);
    m_server->clearRequests();
    QVERIFY(m_server->requests().isEmpty());
}

void tst_FakeGeminiServer::pipelining()
{
    const QByteArray body = userBody(u"pipelined"_s);
    const QByteArray one = "POST " + flashGenerate.toUtf8()
        + " HTTP/1.1\r\nHost: x\r\nx-goog-api-key: test-key\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n\r\n" + body;
    const QByteArray two = "GET /v1beta/models/gemini-2.0-flash?key=test-key HTTP/1.1\r\nHost: x\r\n\r\n";
    const QByteArray three
        = "GET /v1beta/models HTTP/1.1\r\nHost: x\r\nx-goog-api-key: test-key\r\nConnection: close\r\n\r\n";
    bool closed = false;
    const QByteArray raw = exchange(one + two + three, {}, 15000, &closed);
    QVERIFY(closed);
    qsizetype consumed = 0;
    const RawResponse first = parseRaw(raw, &consumed);
    QVERIFY(first.complete);
    QCOMPARE(chunkText(parseObject(first.body)).left(15), u"Echo: pipelined"_s);
    const QByteArray rest = raw.mid(consumed);
    const RawResponse second = parseRaw(rest, &consumed);
    QVERIFY(second.complete);
    QCOMPARE(parseObject(second.body).value(u"name"_s).toString(), u"models/gemini-2.0-flash"_s);
    const RawResponse third = parseRaw(rest.mid(consumed));
    QVERIFY(third.complete);
    QCOMPARE(third.header("connection"), QByteArray("close"));
    QVERIFY(parseObject(third.body).contains(u"models"_s));
    QCOMPARE(m_server->connectionCount(), 1);
}

void tst_FakeGeminiServer::expectContinue()
{
    const QByteArray body = userBody(QString(2000, u'z')); // curl sends Expect for bodies > 1 KiB
    QTcpSocket socket;
    QByteArray received;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&]() { received += socket.readAll(); });
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(waitUntil([&socket]() { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
    socket.write("POST " + flashGenerate.toUtf8()
        + " HTTP/1.1\r\nHost: x\r\nx-goog-api-key: test-key\r\n"
          "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n");
    QVERIFY(waitUntil([&received]() { return received.size() >= 25; }, 5000));
    QCOMPARE(received, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    socket.write(body);
    QVERIFY(waitUntil([&received]() { return parseRaw(received).complete; }, 10000));
    const RawResponse response = parseRaw(received);
    QVERIFY(response.sawContinue);
    QCOMPARE(response.status, 200);
    QVERIFY(chunkText(parseObject(response.body)).startsWith(u"Echo: zzzz"_s));
}

void tst_FakeGeminiServer::chunkedRequestBody()
{
    const QByteArray body = userBody(u"sent in chunks"_s);
    QByteArray chunked;
    for (qsizetype pos = 0; pos < body.size(); pos += 9) {
        const QByteArray piece = body.mid(pos, 9);
        chunked += QByteArray::number(piece.size(), 16) + (pos == 0 ? ";ext=1" : "") + "\r\n" + piece + "\r\n";
    }
    chunked += "0\r\nX-Trailer: yes\r\n\r\n";
    const QByteArray request = "POST " + flashGenerate.toUtf8()
        + " HTTP/1.1\r\nHost: x\r\nx-goog-api-key: test-key\r\n"
          "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + chunked;
    const RawResponse response = parseRaw(exchange(request));
    QCOMPARE(response.status, 200);
    QVERIFY(chunkText(parseObject(response.body)).startsWith(u"Echo: sent in chunks\n\n"_s));
    QCOMPARE(m_server->requests().last().body, body);
}

void tst_FakeGeminiServer::connectionClose()
{
    bool closed = false;
    const QByteArray raw
        = exchange("GET /v1beta/models HTTP/1.1\r\nHost: x\r\nx-goog-api-key: test-key\r\nConnection: close\r\n\r\n",
            {}, 10000, &closed);
    QVERIFY(closed);
    const RawResponse response = parseRaw(raw);
    QVERIFY(response.complete);
    QCOMPARE(response.header("connection"), QByteArray("close"));

    // Without `Connection: close` the server keeps the connection open after the response.
    closed = false;
    const QByteArray kept = exchange(
        "GET /v1beta/models HTTP/1.1\r\nHost: x\r\nx-goog-api-key: test-key\r\n\r\n",
        [](const QByteArray &data) { return parseRaw(data).complete; }, 10000, &closed);
    QVERIFY(parseRaw(kept).complete);
    QTest::qWait(100);
    QVERIFY(!closed);
}

void tst_FakeGeminiServer::largeReplyStream()
{
    const qint64 size = 20'000'000;
    const HttpResult result = send("POST", flashStream, userBody(u"Big one\n@fake reply-bytes=%1"_s.arg(size)),
        u"alt=sse"_s, Auth::Header, 110000);
    QVERIFY(result.finished);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.error, QNetworkReply::NoError);
    bool ok = false;
    const QList<QJsonObject> events = sseEvents(result.body, &ok);
    QVERIFY(ok);
    QVERIFY(events.size() > 100);
    QVERIFY(events.size() <= 4100);
    QCOMPARE(streamText(events).toUtf8().size(), size);
    QCOMPARE(events.last().value(u"candidates"_s).toArray().first().toObject().value(u"finishReason"_s).toString(),
        u"STOP"_s);
}

void tst_FakeGeminiServer::largeRequestBody()
{
    // ~64 MiB of JSON: a 48 MiB inline image, base64-encoded.
    const QByteArray image(48 * 1024 * 1024, '\x7f');
    QByteArray body = R"({"contents":[{"parts":[{"text":"big"},{"inlineData":{"mimeType":"image/png","data":")";
    body += image.toBase64();
    body += R"("}}]}]})";
    QVERIFY(body.size() > 64 * 1024 * 1024);
    const HttpResult result
        = send("POST", u"/v1beta/models/gemini-2.5-flash:countTokens"_s, body, {}, Auth::Header, 110000);
    QCOMPARE(result.status, 200);
    const QJsonObject reply = parseObject(result.body);
    QCOMPARE(reply.value(u"totalTokens"_s).toInt(), 1 + 258);
    QCOMPARE(m_server->requests().last().body.size(), body.size());
}

void tst_FakeGeminiServer::hostileInput_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status"); // 0: no response expected, only survival

    QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02", 4) + QByteArray(1, '\0') + " hello garbage\r\n\r\n"
                             << 400;
    QTest::newRow("binary") << QByteArray(300, '\0') + "\r\n\r\n" << 400;
    QTest::newRow("no version") << QByteArray("GET /v1beta/models\r\n\r\n") << 400;
    QTest::newRow("header without colon") << QByteArray("GET /v1beta/models HTTP/1.1\r\nHost x\r\n\r\n") << 400;
    QTest::newRow("negative length") << QByteArray("POST /v1beta/models HTTP/1.1\r\nContent-Length: -5\r\n\r\n") << 400;
    QTest::newRow("bad chunk size") << QByteArray(
        "POST /v1beta/models HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                    << 400;
    QTest::newRow("huge header") << QByteArray("GET /v1beta/models HTTP/1.1\r\nX-Big: ") + QByteArray(70 * 1024, 'a')
            + "\r\n\r\n" << 400;
    QTest::newRow("endless head") << QByteArray("GET /v1beta/models HTTP/1.1\r\nX-Big: ") + QByteArray(70 * 1024, 'a')
                                  << 400;
    QTest::newRow("too large body") << QByteArray(
        "POST /v1beta/models HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n")
                                    << 413;
    QTest::newRow("truncated body") << QByteArray("POST /v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1\r\n"
                                                  "Content-Length: 1000\r\n\r\n{\"contents\":")
                                    << 0;
    QTest::newRow("truncated chunked") << QByteArray("POST /v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1\r\n"
                                                     "Transfer-Encoding: chunked\r\n\r\n100\r\nabc")
                                       << 0;
}

void tst_FakeGeminiServer::hostileInput()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    bool closed = false;
    const QByteArray raw = exchange(bytes, {}, status == 0 ? 300 : 10000, &closed);
    if (status != 0) {
        QVERIFY(closed); // answered, then closed
        const RawResponse response = parseRaw(raw);
        QVERIFY(response.complete);
        QCOMPARE(response.status, status);
        QCOMPARE(response.header("connection"), QByteArray("close"));
    } else {
        QVERIFY(raw.isEmpty()); // still waiting for the body; the client hangs up (socket destroyed)
    }
    // The server survived and still answers.
    QTest::qWait(20);
    QCOMPARE(get(u"/v1beta/models/gemini-2.5-flash"_s).status, 200);
}

// --- the recordings ---------------------------------------------------------------------------

void tst_FakeGeminiServer::recordedStructure()
{
    const QString dir = qEnvironmentVariable("ALHENA_RECORDED_DIR");
    if (dir.isEmpty())
        QSKIP("ALHENA_RECORDED_DIR is not set: set it to the recorded Gemini corpus (../shared/gemini-recorded) "
              "to compare the fake's output with real server output.");
    const auto read = [&dir](const QString &name) {
        QFile file(dir + u'/' + name);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    QString why;

    // Our checkers accept the real bytes (so they check the right thing) ...
    const QByteArray recordedSse = read(u"sse/firebase-googleai__streaming-success-basic-reply-short.sse"_s);
    QVERIFY2(!recordedSse.isEmpty(), "recorded SSE file missing");
    bool ok = false;
    QCOMPARE(sseEvents(recordedSse, &ok).size(), 3);
    QVERIFY(ok);
    const QByteArray recordedArray = read(u"json-array-stream/llm-gemini__test_prompt__0.json"_s);
    QCOMPARE(arrayElements(recordedArray, &ok).size(), 3);
    QVERIFY(ok);
    const QByteArray recordedKeyError = read(u"errors/firebase-googleai__unary-failure-api-key.json"_s);
    QVERIFY2(isGooglePretty(recordedKeyError, &why), qPrintable(why));
    QVERIFY2(
        isGooglePretty(
            read(u"generate-content/firebase-googleai__unary-success-thinking-reply-thought-summary.json"_s), &why),
        qPrintable(why));

    // ... and our output has the recorded key structure and order.
    const HttpResult keyError = post(flashGenerate, userBody(u"x"_s), {}, Auth::WrongHeader);
    QVERIFY2(sameKeyStructure(keyError.body, {recordedKeyError}, &why), qPrintable(why));

    FakeGeminiServer::Script quota;
    quota.httpStatus = 429;
    quota.retryDelay = u"26s"_s;
    m_server->enqueue(quota);
    const HttpResult quotaError = post(flashGenerate, userBody(u"x"_s));
    // (The recorded 429s list their details in different orders; the 2026 one is the reference.)
    QVERIFY2(
        sameKeyStructure(quotaError.body, {read(u"errors/cookbook__429_RESOURCE_EXHAUSTED.converted.json"_s)}, &why),
        qPrintable(why));

    const HttpResult notFound = post(u"/v1beta/models/gemini-5.0-flash:generateContent"_s, userBody(u"x"_s));
    QVERIFY2(
        sameKeyStructure(notFound.body, {read(u"errors/firebase-googleai__unary-failure-unknown-model.json"_s)}, &why),
        qPrintable(why));

    FakeGeminiServer::Script midStream;
    midStream.midStreamErrorAfterEvents = 1;
    m_server->enqueue(midStream);
    const QByteArray midBody = post(flashStream, userBody(u"x"_s), u"alt=sse"_s).body;
    const QByteArray recordedMid = read(u"errors/issue-vercel-ai-5217__sse_then_bare_503_error.txt"_s);
    QCOMPARE(midBody.mid(midBody.indexOf("{\n  \"error\"")), recordedMid.mid(recordedMid.indexOf("{\n  \"error\"")));

    // Models: the entries we share with the recorded public list are identical, key order included.
    const QByteArray recordedModels = read(u"models/llm-gemini__models_list_page1__0.json"_s);
    QHash<QString, QJsonObject> recordedByName;
    const QJsonArray recordedList = parseObject(recordedModels).value(u"models"_s).toArray();
    for (const QJsonValue &value : recordedList)
        recordedByName.insert(value.toObject().value(u"name"_s).toString(), value.toObject());
    const HttpResult models = get(u"/v1beta/models"_s);
    QVERIFY2(sameKeyStructure(models.body, {recordedModels}, &why), qPrintable(why));
    int identical = 0;
    const QJsonArray ours = parseObject(models.body).value(u"models"_s).toArray();
    for (const QJsonValue &value : ours) {
        const QString name = value.toObject().value(u"name"_s).toString();
        if (recordedByName.contains(name)) {
            QCOMPARE(value.toObject(), recordedByName.value(name));
            ++identical;
        }
    }
    QVERIFY(identical >= 6);
    const qsizetype firstModel = recordedModels.indexOf("    {");
    const QByteArray recordedEntry
        = recordedModels.mid(firstModel, recordedModels.indexOf("\n    }", firstModel) + 6 - firstModel);
    QVERIFY(parseObject(recordedEntry).contains(u"name"_s));
    QVERIFY2(sameKeyStructure(get(u"/v1beta/models/gemini-2.5-flash"_s).body,
                 {read(u"models/docs__models_get_gemini-pro_2024.json"_s), recordedEntry}, &why),
        qPrintable(why));

    // Streams: key structure and order of every chunk as in the recorded streams.
    const QList<QByteArray> recordedStreams = {
        recordedSse,
        read(u"sse/louter__streaming-count-1-3.sse"_s),
        read(u"sse/firebase-googleai__streaming-success-thinking-reply-thought-summary.sse"_s),
        read(u"sse/pydantic-ai__google_model_stream.sse"_s),
        read(u"sse/firebase-googleai__streaming-success-thinking-function-call-thought-summary-signature.sse"_s),
        read(u"sse/louter__streaming-function-call.sse"_s),
    };
    QList<QByteArray> recordedChunks;
    for (const QByteArray &stream : recordedStreams) {
        QVERIFY(!stream.isEmpty());
        for (const QByteArray &line : stream.split('\n')) {
            if (line.startsWith("data: "))
                recordedChunks.append(line.mid(6).trimmed());
        }
    }
    const QByteArray sse = post(flashStream, userBody(u"Why is the sky blue?"_s, includeThoughts()), u"alt=sse"_s).body;
    for (const QByteArray &line : sse.split('\n')) {
        if (line.startsWith("data: "))
            QVERIFY2(sameKeyStructure(line.mid(6).trimmed(), recordedChunks, &why), qPrintable(why));
    }
    const QByteArray plainSse = post(oldFlashStream, userBody(u"What is the capital of Wyoming?"_s), u"alt=sse"_s).body;
    for (const QByteArray &line : plainSse.split('\n')) {
        if (line.startsWith("data: "))
            QVERIFY2(sameKeyStructure(line.mid(6).trimmed(), recordedChunks, &why), qPrintable(why));
    }
    const QByteArray array = post(flashStream, userBody(u"Name for a pet pelican"_s, includeThoughts())).body;
    QVERIFY2(sameKeyStructure(array,
                 {recordedArray, read(u"json-array-stream/louter__streaming-single-element-array.json"_s)}, &why),
        qPrintable(why));
    const QByteArray unary = post(flashGenerate, userBody(u"Where is Google?"_s, includeThoughts())).body;
    QVERIFY2(
        sameKeyStructure(unary,
            {read(u"generate-content/firebase-googleai__unary-success-thinking-reply-thought-summary.json"_s),
                read(u"generate-content/firebase-googleai__unary-success-basic-reply-short.json"_s),
                read(
                    u"generate-content/firebase-googleai__unary-success-thinking-function-call-thought-summary-signature.json"_s)},
            &why),
        qPrintable(why));

    FakeGeminiServer::Script blocked;
    blocked.blockPrompt = true;
    m_server->enqueue(blocked);
    const QByteArray blockedSse = post(flashStream, userBody(u"x"_s), u"alt=sse"_s).body;
    const QByteArray recordedBlocked = read(u"sse/firebase-googleai__streaming-failure-prompt-blocked-safety.sse"_s);
    QCOMPARE(blockedSse.left(blockedSse.indexOf("\r\n")), recordedBlocked.left(recordedBlocked.indexOf("\r\n")));

    const QByteArray batch = post(u"/v1beta/models/gemini-embedding-001:batchEmbedContents"_s,
        R"({"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"a"}]}}]})")
                                 .body;
    QVERIFY2(sameKeyStructure(batch, {read(u"embed-count/llm-gemini__batchEmbedContents__0.json"_s)}, &why),
        qPrintable(why));
}

void tst_FakeGeminiServer::standaloneExecutable()
{
    const QString binDir = qEnvironmentVariable("ALHENA_BIN_DIR");
    if (binDir.isEmpty())
        QSKIP("ALHENA_BIN_DIR is not set (ctest sets it): cannot find alhena-fake-server.");
    const QString program = binDir + u"/alhena-fake-server"_s;
    if (!QFile::exists(program))
        QSKIP("alhena-fake-server has not been built.");
    QProcess process;
    process.start(program, {u"--port"_s, u"0"_s, u"--key"_s, u"secret-key"_s, u"--event-delay-ms"_s, u"0"_s});
    QVERIFY(process.waitForStarted(5000));
    QVERIFY(waitUntil([&process]() { return process.canReadLine(); }, 10000));
    const QString line = QString::fromUtf8(process.readLine()).trimmed();
    const QRegularExpression pattern(
        u"^alhena-fake-server listening on (http://127\\.0\\.0\\.1:(\\d+)) \\(key: secret-key\\)$"_s);
    const QRegularExpressionMatch match = pattern.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));

    QNetworkRequest request(QUrl(match.captured(1) + flashStream + u"?alt=sse"_s));
    request.setRawHeader("x-goog-api-key", "secret-key");
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = m_nam->post(request, userBody(u"from another process"_s));
    QVERIFY(waitUntil([reply]() { return reply->isFinished(); }, 10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(streamText(sseEvents(reply->readAll())).startsWith(u"Echo: from another process"_s));
    reply->deleteLater();

    process.terminate(); // SIGTERM: clean exit
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QByteArray log = process.readAllStandardError();
    QVERIFY2(log.contains(":streamGenerateContent?alt=sse -> 200"), log.constData());
    QVERIFY(!log.contains("secret-key"));
}

QTEST_GUILESS_MAIN(tst_FakeGeminiServer)
#include "tst_fakegeminiserver.moc"
