// Tests of the fake server's Files API (FakeFileService) through real loopback sockets: raw
// QTcpSocket for the upload protocol (so every header and byte is seen, and connections can be
// cut), QNetworkAccessManager for the JSON routes. The control API is used to set up and to read
// counters, never to produce the answers being checked.
#include "fakefileservice.h"
#include "fakegeminiserver.h"
#include "sha256.h"

#include <QCryptographicHash>
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
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MiB = 1024 * 1024;
using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The header names of the two recorded upload-server answers, in order
// (rec: files/index-27588953879__resumable_upload_transcript.http.txt).
const QList<QByteArray> recordedStartHeaders
    = {"Content-Type", "X-GUploader-UploadID", "X-Goog-Upload-Status", "X-Goog-Upload-URL", "X-Goog-Upload-Control-URL",
        "X-Goog-Upload-Chunk-Granularity", "X-Goog-Upload-Header-x-google-esf-cloud-client-params",
        "X-Goog-Upload-Header-X-Google-Session-Info", "X-Goog-Upload-Header-X-Google-Backends",
        "X-Goog-Upload-Header-Content-Type", "X-Goog-Upload-Header-X-Google-Security-Signals",
        "X-Goog-Upload-Header-Vary", "X-Goog-Upload-Header-Vary", "X-Goog-Upload-Header-Vary",
        "X-Goog-Upload-Header-X-Google-GFE-Backend-Request-Cost", "Content-Length", "Date", "Server", "Alt-Svc"};
const QList<QByteArray> recordedFinalHeaders = {"Content-Type", "X-GUploader-UploadID", "X-Goog-Upload-Status", "Vary",
    "Vary", "Vary", "Content-Length", "Date", "Server", "Alt-Svc"};

// The recorded finalize body (rec: files/index-27588953879__upload_finalize_body.json), 505 bytes.
const QByteArray recordedFinalBody
    = "{\n"
      "  \"file\": {\n"
      "    \"name\": \"files/azucr4abxgje\",\n"
      "    \"mimeType\": \"audio/mpeg\",\n"
      "    \"sizeBytes\": \"889389\",\n"
      "    \"createTime\": \"2025-06-24T12:57:41.657029Z\",\n"
      "    \"updateTime\": \"2025-06-24T12:57:41.657029Z\",\n"
      "    \"expirationTime\": \"2025-06-26T12:57:41.592657449Z\",\n"
      "    \"sha256Hash\": "
      "\"ZTIzNTQyNDFlNDQ4YjkxYWZlNGY4NjhkNzNhOWVmMGMyNmIzMjdlZWMzMGEyMjkwMTY1Y2U5ZTQ2MTc5ZTAzNw==\",\n"
      "    \"uri\": \"https://generativelanguage.googleapis.com/v1beta/files/azucr4abxgje\",\n"
      "    \"state\": \"ACTIVE\",\n"
      "    \"source\": \"UPLOADED\"\n"
      "  }\n"
      "}\n";

struct RawResponse
{
    bool valid = false;
    bool complete = false;
    bool sawContinue = false;
    int status = 0;
    HeaderList headers;
    QByteArray body;
    QByteArray header(const QByteArray &lowerName) const
    {
        for (const auto &[name, value] : headers) {
            if (name.toLower() == lowerName)
                return value;
        }
        return {};
    }
    bool hasHeader(const QByteArray &lowerName) const
    {
        return std::any_of(headers.cbegin(), headers.cend(),
            [&lowerName](const QPair<QByteArray, QByteArray> &h) { return h.first.toLower() == lowerName; });
    }
    QList<QByteArray> headerNames() const
    {
        QList<QByteArray> names;
        for (const auto &[name, value] : headers)
            names.append(name);
        return names;
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject error() const { return json().value(u"error"_s).toObject(); }
};

// One response from the start of `data` (Content-Length or chunked); `consumed` gets its length.
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
        for (;;) {
            const qsizetype eol = data.indexOf("\r\n", pos);
            if (eol < 0)
                return response;
            const qsizetype size = data.mid(pos, eol - pos).toLongLong(nullptr, 16);
            if (size == 0) {
                response.complete = data.mid(eol + 2, 2) == "\r\n";
                if (response.complete && consumed)
                    *consumed = eol + 4;
                return response;
            }
            if (data.size() < eol + 2 + size + 2)
                return response;
            response.body += data.mid(eol + 2, size);
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

// Runs the event loop until `done` (QTest::qWaitFor sleeps between rounds, which throttles big transfers).
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
    poll.start(1);
    loop.exec();
    return done();
}

// Deterministic file content: byte i of a file depends only on i (so a resumed upload can re-create any range).
QByteArray content(qint64 offset, qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    char *data = bytes.data();
    for (qint64 i = 0; i < size; ++i) {
        const quint64 position = static_cast<quint64>(offset + i);
        data[i] = static_cast<char>((position * 131 + (position >> 10) * 7 + (position >> 20)) & 0xff);
    }
    return bytes;
}

// sha256Hash as the real server writes it: base64 of the lower-case hex digest (gemini-api.md §1.6).
QString expectedHash(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex().toBase64());
}

qint64 residentBytes()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong() * 1024;
    }
    return -1;
}

// ASan keeps freed memory in quarantine, so resident memory says little under it.
#ifndef Q_MOC_RUN
#if defined(__SANITIZE_ADDRESS__)
#define ALHENA_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ALHENA_TEST_ASAN 1
#endif
#endif
#endif

constexpr bool sanitized()
{
#ifdef ALHENA_TEST_ASAN
    return true;
#else
    return false;
#endif
}

QByteArray buildRequest(const QByteArray &method, const QString &target, const HeaderList &headers,
    const QByteArray &body, bool close, bool sendBody = true)
{
    QByteArray request = method + ' ' + target.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool chunked = false;
    for (const auto &[name, value] : headers) {
        request += name + ": " + value + "\r\n";
        chunked = chunked || name.toLower() == "transfer-encoding";
    }
    if (!chunked)
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    if (close)
        request += "Connection: close\r\n";
    request += "\r\n";
    if (sendBody)
        request += body;
    return request;
}

QByteArray chunkedBody(const QByteArray &data, qsizetype pieceSize)
{
    QByteArray out;
    for (qsizetype pos = 0; pos < data.size(); pos += pieceSize) {
        const QByteArray piece = data.mid(pos, pieceSize);
        out += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    return out + "0\r\n\r\n";
}

// A keep-alive connection: requests are answered in order on one socket.
class Connection
{
public:
    explicit Connection(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this]() { m_buffer += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this]() { m_closed = true; });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        waitUntil([this]() { return m_socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    QTcpSocket &socket() { return m_socket; }
    bool closed() const { return m_closed; }
    bool write(const QByteArray &bytes, int timeoutMs = 60000)
    {
        m_socket.write(bytes);
        return waitUntil([this]() { return m_socket.bytesToWrite() == 0 || m_closed; }, timeoutMs) && !m_closed;
    }
    RawResponse next(int timeoutMs = 30000)
    {
        waitUntil([this]() { return parseRaw(m_buffer).complete || m_closed; }, timeoutMs);
        qsizetype consumed = 0;
        const RawResponse response = parseRaw(m_buffer, &consumed);
        if (response.complete)
            m_buffer.remove(0, consumed);
        return response;
    }
    RawResponse request(const QByteArray &method, const QString &target, const HeaderList &headers = {},
        const QByteArray &body = {}, int timeoutMs = 30000)
    {
        write(buildRequest(method, target, headers, body, false), timeoutMs);
        return next(timeoutMs);
    }
    QByteArray pending() const { return m_buffer; }

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
    bool m_closed = false;
};

struct Started
{
    RawResponse response;
    QString uploadId;
    QString target; // path and query of the upload URL
};

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonObject error() const
    {
        const QJsonDocument document = QJsonDocument::fromJson(body);
        if (document.isArray())
            return document.array().first().toObject().value(u"error"_s).toObject();
        return document.object().value(u"error"_s).toObject();
    }
};

QByteArray generateBody(const QString &text, const QJsonObject &filePart)
{
    QJsonArray parts {QJsonObject {{u"text"_s, text}}};
    if (!filePart.isEmpty())
        parts.append(filePart);
    const QJsonObject body {{u"contents"_s, QJsonArray {QJsonObject {{u"role"_s, u"user"_s}, {u"parts"_s, parts}}}}};
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QJsonObject fileDataPart(const QString &uri, const QString &mimeType = {}, bool snake = false)
{
    QJsonObject data {{snake ? u"file_uri"_s : u"fileUri"_s, uri}};
    if (!mimeType.isEmpty())
        data.insert(snake ? u"mime_type"_s : u"mimeType"_s, mimeType);
    return QJsonObject {{snake ? u"file_data"_s : u"fileData"_s, data}};
}

// The answer text of a unary reply, an SSE stream or a JSON-array stream.
QString replyText(const QByteArray &body)
{
    QList<QJsonObject> chunks;
    if (body.startsWith("data: ")) {
        const QList<QByteArray> events = body.split('\n');
        for (const QByteArray &event : events) {
            if (event.startsWith("data: "))
                chunks.append(QJsonDocument::fromJson(event.mid(6)).object());
        }
    } else {
        const QJsonDocument document = QJsonDocument::fromJson(body);
        if (document.isArray()) {
            const QJsonArray array = document.array();
            for (const QJsonValue &value : array)
                chunks.append(value.toObject());
        } else {
            chunks.append(document.object());
        }
    }
    QString text;
    for (const QJsonObject &chunk : chunks) {
        const QJsonArray parts = chunk.value(u"candidates"_s)
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(u"content"_s)
                                     .toObject()
                                     .value(u"parts"_s)
                                     .toArray();
        for (const QJsonValue &part : parts)
            text += part.toObject().value(u"text"_s).toString();
    }
    return text;
}

QDateTime parseTime(const QString &text)
{
    // "2025-06-24T12:57:41.657029Z" -> milliseconds precision
    return QDateTime::fromString(text.left(23) + u'Z', Qt::ISODateWithMs);
}

} // namespace

class tst_FakeFileService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void sha256MatchesQt_data();
    void sha256MatchesQt();
    void startHeadersMatchRecording();
    void startAuth_data();
    void startAuth();
    void startValidation_data();
    void startValidation();
    void clientChosenName();
    void finalizeBodyMatchesRecording();
    void chunkedUpload_data();
    void chunkedUpload();
    void granularityViolation();
    void granularityViolationChunkedEncoding();
    void notAdvertisedGranularity();
    void wrongOffset_data();
    void wrongOffset();
    void finalizeSizeMismatch();
    void commandSpellings_data();
    void commandSpellings();
    void badCommands_data();
    void badCommands();
    void queryAndCancel();
    void unknownSession_data();
    void unknownSession();
    void finalizeAgainAndQueryAfterFinal();
    void chunkFaults_data();
    void chunkFaults();
    void cutAtOffsetWaitsForItsChunk();
    void cutMidChunkDropsTail();
    void clientAbortDropsTail();
    void streamedLargeUpload();
    void pipelinedAndContinue();
    void linkRate();
    void multipartUpload_data();
    void multipartUpload();
    void mediaUpload_data();
    void mediaUpload();
    void listGetDelete();
    void listPaging();
    void listPageSizeLimits();
    void expiry();
    void videoProcessing();
    void processingOnRealTime();
    void failedProcessing();
    void generateWithFiles_data();
    void generateWithFiles();
    void countTokensWithFiles();
    void clock();
    void requestsRecorded();
    void standaloneFlags();

private:
    RawResponse http(const QByteArray &method, const QString &target, const HeaderList &headers = {},
        const QByteArray &body = {}, bool *closedWithoutAnswer = nullptr, int timeoutMs = 30000, quint16 port = 0);
    Started start(qint64 size, const QByteArray &mimeType, const QByteArray &json = {}, const HeaderList &extra = {},
        quint16 port = 0);
    RawResponse chunk(const QString &target, const QByteArray &command, qint64 offset, const QByteArray &body,
        bool *closedWithoutAnswer = nullptr, quint16 port = 0);
    RawResponse command(const QString &target, const QByteArray &name)
    {
        return http("POST", target, {{"X-Goog-Upload-Command", name}});
    }
    // A whole resumable upload in one request; returns the File of the {"file": …} answer.
    QJsonObject upload(const QByteArray &data, const QByteArray &mimeType, const QByteArray &json = {});
    HttpResult send(
        const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body = {}, bool withKey = true);
    QString targetOf(const QByteArray &url) const;

    std::unique_ptr<FakeGeminiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    FakeFileService *m_files = nullptr;
};

void tst_FakeFileService::init()
{
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
    m_files = m_server->files();
    QVERIFY(m_files);
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void tst_FakeFileService::cleanup()
{
    m_nam.reset();
    m_files = nullptr;
    m_server.reset();
}

RawResponse tst_FakeFileService::http(const QByteArray &method, const QString &target, const HeaderList &headers,
    const QByteArray &body, bool *closedWithoutAnswer, int timeoutMs, quint16 port)
{
    QTcpSocket socket;
    QByteArray received;
    bool closed = false;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&]() { received += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::disconnected, &socket, [&closed]() { closed = true; });
    socket.connectToHost(QHostAddress::LocalHost, port ? port : m_server->port());
    if (!waitUntil([&socket]() { return socket.state() == QAbstractSocket::ConnectedState; }, 5000))
        return {};
    socket.write(buildRequest(method, target, headers, body, true));
    waitUntil([&]() { return closed || parseRaw(received).complete; }, timeoutMs);
    if (socket.isOpen())
        received += socket.readAll();
    if (closedWithoutAnswer)
        *closedWithoutAnswer = closed && received.isEmpty();
    return parseRaw(received);
}

QString tst_FakeFileService::targetOf(const QByteArray &url) const
{
    const QUrl parsed(QString::fromUtf8(url));
    return parsed.path() + u'?' + parsed.query(QUrl::FullyEncoded);
}

Started tst_FakeFileService::start(
    qint64 size, const QByteArray &mimeType, const QByteArray &json, const HeaderList &extra, quint16 port)
{
    HeaderList headers = {{"Content-Type", "application/json"}, {"x-goog-api-key", "test-key"},
        {"X-Goog-Upload-Protocol", "resumable"}, {"X-Goog-Upload-Command", "start"}};
    if (size >= 0)
        headers.append({"X-Goog-Upload-Header-Content-Length", QByteArray::number(size)});
    if (!mimeType.isEmpty())
        headers.append({"X-Goog-Upload-Header-Content-Type", mimeType});
    headers += extra;
    Started started;
    started.response = http("POST", u"/upload/v1beta/files"_s, headers, json, nullptr, 30000, port);
    started.uploadId = QString::fromLatin1(started.response.header("x-guploader-uploadid"));
    started.target = targetOf(started.response.header("x-goog-upload-url"));
    return started;
}

RawResponse tst_FakeFileService::chunk(const QString &target, const QByteArray &command, qint64 offset,
    const QByteArray &body, bool *closedWithoutAnswer, quint16 port)
{
    return http("POST", target,
        {{"X-Goog-Upload-Command", command}, {"X-Goog-Upload-Offset", QByteArray::number(offset)}}, body,
        closedWithoutAnswer, 60000, port);
}

QJsonObject tst_FakeFileService::upload(const QByteArray &data, const QByteArray &mimeType, const QByteArray &json)
{
    const Started started = start(data.size(), mimeType, json);
    if (started.response.status != 200)
        return {};
    const RawResponse final = chunk(started.target, "upload, finalize", 0, data);
    return final.json().value(u"file"_s).toObject();
}

HttpResult tst_FakeFileService::send(
    const QByteArray &verb, const QString &pathAndQuery, const QByteArray &body, bool withKey)
{
    QNetworkRequest request(QUrl(m_server->baseUrl().toString() + pathAndQuery));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    if (withKey)
        request.setRawHeader("x-goog-api-key", m_server->apiKey().toUtf8());
    QNetworkReply *reply = m_nam->sendCustomRequest(request, verb, body);
    waitUntil([reply]() { return reply->isFinished(); }, 30000);
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    reply->deleteLater();
    return result;
}

// --- SHA-256 -----------------------------------------------------------------------------------

void tst_FakeFileService::sha256MatchesQt_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("piece");
    for (const int size : {0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 1000, 65536, 1000003})
        for (const int piece : {1, 7, 64, 4096, 1 << 30})
            if (piece <= std::max(size, 1) * 2 && (size <= 100000 || piece >= 64))
                QTest::addRow("%d bytes in %d", size, piece) << size << piece;
}

void tst_FakeFileService::sha256MatchesQt()
{
    QFETCH(int, size);
    QFETCH(int, piece);
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator random(static_cast<quint32>(size));
    for (char &c : data)
        c = static_cast<char>(random.bounded(256));
    Sha256 sha;
    for (qsizetype pos = 0; pos < data.size(); pos += piece)
        sha.addData(QByteArrayView(data).sliced(pos, std::min<qsizetype>(piece, data.size() - pos)));
    QCOMPARE(sha.result(), QCryptographicHash::hash(data, QCryptographicHash::Sha256));
    QCOMPARE(sha.result(), sha.result()); // result() keeps the state
    QCOMPARE(Sha256::hash(data), QCryptographicHash::hash(data, QCryptographicHash::Sha256));
    if (size == 0)
        qInfo("SHA-256 extensions in use: %s", Sha256::hardwareAccelerated() ? "yes" : "no");
}

// --- start -------------------------------------------------------------------------------------

void tst_FakeFileService::startHeadersMatchRecording()
{
    // The request google-genai 1.21.1 sent in the recording, on a keep-alive connection like it.
    Connection connection(m_server->port());
    const RawResponse response = connection.request("POST", u"/upload/v1beta/files"_s,
        {{"Accept", "*/*"}, {"Accept-Encoding", "gzip, deflate"}, {"Content-Type", "application/json"},
            {"x-goog-api-key", "test-key"}, {"user-agent", "google-genai-sdk/1.21.1 gl-python/3.13.5"},
            {"x-goog-api-client", "google-genai-sdk/1.21.1 gl-python/3.13.5"}, {"X-Goog-Upload-Protocol", "resumable"},
            {"X-Goog-Upload-Command", "start"}, {"X-Goog-Upload-Header-Content-Length", "889389"},
            {"X-Goog-Upload-Header-Content-Type", "audio/mpeg"}},
        R"({"file": {"mimeType": "audio/mpeg", "sizeBytes": 889389}})");
    QCOMPARE(response.status, 200);
    QVERIFY(response.complete);
    QCOMPARE(response.headerNames(), recordedStartHeaders);
    QVERIFY(response.body.isEmpty());
    QCOMPARE(response.header("content-length"), QByteArray("0"));
    QCOMPARE(response.header("content-type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(response.header("x-goog-upload-status"), QByteArray("active"));
    QCOMPARE(response.header("x-goog-upload-chunk-granularity"), QByteArray("8388608"));
    QCOMPARE(response.header("server"), QByteArray("UploadServer"));
    QCOMPARE(response.header("alt-svc"), QByteArray(R"(h3=":443"; ma=2592000,h3-29=":443"; ma=2592000)"));
    QCOMPARE(response.header("x-goog-upload-header-x-google-esf-cloud-client-params"),
        QByteArray(R"(backend_service_name: "generativelanguage.googleapis.com" backend_fully_qualified_method: )"
                   R"("google.ai.generativelanguage.v1beta.FileService.CreateFile")"));
    QCOMPARE(response.header("x-goog-upload-header-content-type"), QByteArray("application/json; charset=UTF-8"));
    QVERIFY(QRegularExpression(u"^[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$"_s)
                .match(QString::fromLatin1(response.header("date")))
                .hasMatch());

    const QByteArray id = response.header("x-guploader-uploadid");
    QVERIFY(QRegularExpression(u"^[A-Za-z0-9_-]{60,200}$"_s).match(QString::fromLatin1(id)).hasMatch());
    const QByteArray expectedUrl = "http://127.0.0.1:" + QByteArray::number(m_server->port())
        + "/upload/v1beta/files?upload_id=" + id + "&upload_protocol=resumable";
    QCOMPARE(response.header("x-goog-upload-url"), expectedUrl);
    QCOMPARE(response.header("x-goog-upload-control-url"), expectedUrl);
    QCOMPARE(m_files->uploadUrl(QString::fromLatin1(id)).toString().toUtf8(), expectedUrl);

    const QList<FakeFileService::SessionStats> sessions = m_files->sessions();
    QCOMPARE(sessions.size(), 1);
    QCOMPARE(sessions.first().uploadId, QString::fromLatin1(id));
    QCOMPARE(sessions.first().declaredSize, 889389);
    QCOMPARE(sessions.first().mimeType, u"audio/mpeg"_s);
    QVERIFY(sessions.first().displayName.isEmpty());
    QCOMPARE(sessions.first().startRequests, 1);
    QCOMPARE(sessions.first().protocol, u"resumable"_s);

    // The embedded header lists are the recording's (when the corpus is at hand).
    const QString dir = qEnvironmentVariable("ALHENA_RECORDED_DIR");
    if (!dir.isEmpty()) {
        QFile file(dir + u"/files/index-27588953879__resumable_upload_transcript.http.txt"_s);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QList<QList<QByteArray>> blocks;
        bool inResponse = false;
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("HTTP/1.1 200")) {
                blocks.append(QList<QByteArray>());
                inResponse = true;
            } else if (inResponse && (line.trimmed().isEmpty() || line.startsWith("```"))) {
                inResponse = false;
            } else if (inResponse) {
                blocks.last().append(line.left(line.indexOf(':')));
            }
        }
        QCOMPARE(blocks.size(), 2);
        QCOMPARE(blocks.at(0), recordedStartHeaders);
        QCOMPARE(blocks.at(1), recordedFinalHeaders);
    }
}

void tst_FakeFileService::startAuth_data()
{
    QTest::addColumn<HeaderList>("auth");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::newRow("header") << HeaderList {{"x-goog-api-key", "test-key"}} << QString() << 200 << QString();
    QTest::newRow("query") << HeaderList {} << u"?key=test-key"_s << 200 << QString();
    QTest::newRow("none") << HeaderList {} << QString() << 403 << u"PERMISSION_DENIED"_s;
    QTest::newRow("wrong header") << HeaderList {{"x-goog-api-key", "nope"}} << QString() << 400
                                  << u"INVALID_ARGUMENT"_s;
    QTest::newRow("wrong query") << HeaderList {} << u"?key=nope"_s << 400 << u"INVALID_ARGUMENT"_s;
}

void tst_FakeFileService::startAuth()
{
    QFETCH(HeaderList, auth);
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QString, reason);
    HeaderList headers = {{"X-Goog-Upload-Protocol", "resumable"}, {"X-Goog-Upload-Command", "start"},
        {"X-Goog-Upload-Header-Content-Length", "10"}, {"X-Goog-Upload-Header-Content-Type", "text/plain"}};
    headers += auth;
    const RawResponse response = http("POST", u"/upload/v1beta/files"_s + query, headers);
    QCOMPARE(response.status, status);
    if (status == 200) {
        QCOMPARE(m_files->sessions().size(), 1);
        // The upload URL authorises itself: no key on the chunk.
        const RawResponse final
            = chunk(targetOf(response.header("x-goog-upload-url")), "upload, finalize", 0, "0123456789");
        QCOMPARE(final.status, 200);
        QCOMPARE(final.header("x-goog-upload-status"), QByteArray("final"));
    } else {
        QCOMPARE(response.error().value(u"status"_s).toString(), reason);
        QCOMPARE(response.error().value(u"code"_s).toInt(), status);
        QVERIFY(m_files->sessions().isEmpty());
        QVERIFY(!response.hasHeader("x-goog-upload-url"));
    }
}

void tst_FakeFileService::startValidation_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("messagePart");

    const HeaderList sized = {{"X-Goog-Upload-Header-Content-Length", "10"}};
    QTest::newRow("no body") << QByteArray() << sized << 200 << QString();
    QTest::newRow("camelCase") << QByteArray(R"({"file": {"displayName": "Notes", "mimeType": "text/plain"}})") << sized
                               << 200 << QString();
    QTest::newRow("snake_case") << QByteArray(R"({"file": {"display_name": "Notes", "mime_type": "text/plain"}})")
                                << sized << 200 << QString();
    QTest::newRow("sdk body") << QByteArray(R"({"file": {"mimeType": "text/plain", "sizeBytes": 10}})") << sized << 200
                              << QString();
    QTest::newRow("512 characters") << QByteArray(R"({"file": {"displayName": ")" + QByteArray(512, 'x') + "\"}}")
                                    << sized << 200 << QString();
    QTest::newRow("513 characters") << QByteArray(R"({"file": {"displayName": ")" + QByteArray(513, 'x') + "\"}}")
                                    << sized << 400 << u"display_name must be at most 512 characters"_s;
    QTest::newRow("unknown field") << QByteArray(R"({"file": {"colour": "red"}})") << sized << 400
                                   << u"Unknown name \"colour\" at 'file': Cannot find field."_s;
    QTest::newRow("unknown top field") << QByteArray(R"({"files": {}})") << sized << 400
                                       << u"Unknown name \"files\": Cannot find field."_s;
    QTest::newRow("not json") << QByteArray("{file") << sized << 400 << u"Invalid JSON payload received"_s;
    QTest::newRow("bad name") << QByteArray(R"({"file": {"name": "files/Bad_Name"}})") << sized << 400
                              << u"Invalid file name \"files/Bad_Name\""_s;
    QTest::newRow("name starts with dash")
        << QByteArray(R"({"file": {"name": "files/-abc"}})") << sized << 400 << u"must not start or end with '-'"_s;
    QTest::newRow("name of 41") << QByteArray(R"({"file": {"name": "files/)" + QByteArray(41, 'a') + "\"}}") << sized
                                << 400 << u"1 to 40 characters"_s;
    QTest::newRow("name of 40") << QByteArray(R"({"file": {"name": "files/)" + QByteArray(40, 'a') + "\"}}") << sized
                                << 200 << QString();
    QTest::newRow("size not a number") << QByteArray() << HeaderList {{"X-Goog-Upload-Header-Content-Length", "ten"}}
                                       << 400 << u"X-Goog-Upload-Header-Content-Length"_s;
    QTest::newRow("too large") << QByteArray() << HeaderList {{"X-Goog-Upload-Header-Content-Length", "2147483649"}}
                               << 400 << u"more than the maximum of 2147483648 bytes"_s;
    QTest::newRow("exactly 2 GiB") << QByteArray() << HeaderList {{"X-Goog-Upload-Header-Content-Length", "2147483648"}}
                                   << 200 << QString();
}

void tst_FakeFileService::startValidation()
{
    QFETCH(QByteArray, json);
    QFETCH(HeaderList, headers);
    QFETCH(int, status);
    QFETCH(QString, messagePart);
    HeaderList all = {{"x-goog-api-key", "test-key"}, {"X-Goog-Upload-Protocol", "resumable"},
        {"X-Goog-Upload-Command", "start"}, {"X-Goog-Upload-Header-Content-Type", "text/plain"}};
    all += headers;
    const RawResponse response = http("POST", u"/upload/v1beta/files"_s, all, json);
    QCOMPARE(response.status, status);
    if (status == 200) {
        QCOMPARE(m_files->sessions().size(), 1);
        const QJsonObject metadata = QJsonDocument::fromJson(json).object().value(u"file"_s).toObject();
        const QString displayName
            = metadata.value(u"displayName"_s).toString(metadata.value(u"display_name"_s).toString());
        QCOMPARE(m_files->sessions().first().displayName, displayName);
        return;
    }
    QVERIFY(m_files->sessions().isEmpty());
    QCOMPARE(response.header("content-type"), QByteArray("application/json; charset=UTF-8"));
    QCOMPARE(response.error().value(u"code"_s).toInt(), 400);
    QCOMPARE(response.error().value(u"status"_s).toString(), u"INVALID_ARGUMENT"_s);
    const QString message = response.error().value(u"message"_s).toString();
    QVERIFY2(message.contains(messagePart), qPrintable(message));
    QVERIFY(response.body.endsWith("}\n"));
}

void tst_FakeFileService::clientChosenName()
{
    const QJsonObject file = upload("abc", "text/plain", R"({"file": {"name": "files/my-notes-1"}})");
    QCOMPARE(file.value(u"name"_s).toString(), u"files/my-notes-1"_s);
    QVERIFY(m_files->file(u"files/my-notes-1"_s).has_value());
    QVERIFY(m_files->file(u"my-notes-1"_s).has_value());

    // The name is taken now: a second start asking for it is refused.
    const Started again = start(3, "text/plain", R"({"file": {"name": "my-notes-1"}})");
    QCOMPARE(again.response.status, 409);
    QCOMPARE(again.response.error().value(u"status"_s).toString(), u"ALREADY_EXISTS"_s);
    QCOMPARE(again.response.error().value(u"message"_s).toString(), u"File files/my-notes-1 already exists."_s);
}

void tst_FakeFileService::finalizeBodyMatchesRecording()
{
    const Started started = start(889389, "audio/mpeg", R"({"file": {"mimeType": "audio/mpeg", "sizeBytes": 889389}})");
    QCOMPARE(started.response.status, 200);
    const QByteArray data = content(0, 889389);
    Connection connection(m_server->port());
    const RawResponse final = connection.request("POST", started.target,
        {{"Accept", "*/*"}, {"Accept-Encoding", "gzip, deflate"}, {"User-Agent", "python-httpx/0.28.1"},
            {"X-Goog-Upload-Command", "upload, finalize"}, {"X-Goog-Upload-Offset", "0"}},
        data);
    QCOMPARE(final.status, 200);
    QCOMPARE(final.headerNames(), recordedFinalHeaders);
    QCOMPARE(final.header("content-type"), QByteArray("application/json; charset=UTF-8"));
    QCOMPARE(final.header("x-goog-upload-status"), QByteArray("final"));
    QCOMPARE(final.header("x-guploader-uploadid"), started.uploadId.toLatin1());
    QCOMPARE(final.header("content-length").toLongLong(), final.body.size());

    const QJsonObject file = final.json().value(u"file"_s).toObject();
    const QString name = file.value(u"name"_s).toString();
    QVERIFY2(QRegularExpression(u"^files/[a-z0-9]{12}$"_s).match(name).hasMatch(), qPrintable(name));
    QCOMPARE(file.value(u"sha256Hash"_s).toString(), expectedHash(data));
    QVERIFY(!file.contains(u"displayName"_s));
    QCOMPARE(file.value(u"sizeBytes"_s).toString(), u"889389"_s); // int64 as a string
    const QDateTime created = parseTime(file.value(u"createTime"_s).toString());
    QVERIFY(qAbs(created.msecsTo(m_files->now())) < 10000);
    QCOMPARE(parseTime(file.value(u"expirationTime"_s).toString()), created.addSecs(48 * 3600));

    // Byte for byte the recorded body once the values that must differ are swapped for the recorded ones.
    QByteArray mine = final.body;
    const QString id = name.mid(6);
    mine.replace(m_server->baseUrl().toString().toUtf8(), "https://generativelanguage.googleapis.com");
    mine.replace(id.toUtf8(), "azucr4abxgje");
    mine.replace(file.value(u"createTime"_s).toString().toUtf8(), "2025-06-24T12:57:41.657029Z");
    mine.replace(file.value(u"expirationTime"_s).toString().toUtf8(), "2025-06-26T12:57:41.592657449Z");
    mine.replace(file.value(u"sha256Hash"_s).toString().toUtf8(),
        "ZTIzNTQyNDFlNDQ4YjkxYWZlNGY4NjhkNzNhOWVmMGMyNmIzMjdlZWMzMGEyMjkwMTY1Y2U5ZTQ2MTc5ZTAzNw==");
    QCOMPARE(mine, recordedFinalBody);
    QCOMPARE(recordedFinalBody.size(), 505);
    if (const QString dir = qEnvironmentVariable("ALHENA_RECORDED_DIR"); !dir.isEmpty()) {
        QFile recorded(dir + u"/files/index-27588953879__upload_finalize_body.json"_s);
        QVERIFY(recorded.open(QIODevice::ReadOnly));
        QCOMPARE(recorded.readAll(), recordedFinalBody);
    }

    const FakeFileService::SessionStats stats = *m_files->session(started.uploadId);
    QVERIFY(stats.finalized);
    QCOMPARE(stats.fileName, name);
    QCOMPARE(stats.committed, 889389);
    QCOMPARE(stats.chunkRequests, 1);
    QCOMPARE(stats.duplicateBytes, 0);
}

// --- chunks --------------------------------------------------------------------------------------

void tst_FakeFileService::chunkedUpload_data()
{
    QTest::addColumn<qint64>("granularity");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<qint64>("chunkSize");
    QTest::newRow("SDK: 8 MiB chunks") << 8 * MiB << 20 * MiB + 12345 << 8 * MiB;
    QTest::newRow("16 MiB chunks") << 8 * MiB << 33 * MiB << 16 * MiB;
    QTest::newRow("exact multiple") << 8 * MiB << 16 * MiB << 8 * MiB;
    QTest::newRow("small granules") << qint64(1024) << qint64(10000) << qint64(2048);
    QTest::newRow("one byte granules") << qint64(1) << qint64(1000) << qint64(333);
}

void tst_FakeFileService::chunkedUpload()
{
    QFETCH(qint64, granularity);
    QFETCH(qint64, size);
    QFETCH(qint64, chunkSize);
    m_files->setGranularity(granularity);
    const Started started = start(size, "application/pdf", R"({"file": {"displayName": "Report"}})");
    QCOMPARE(started.response.header("x-goog-upload-chunk-granularity"), QByteArray::number(granularity));
    QSignalSpy chunks(m_files, &FakeFileService::chunkReceived);
    QSignalSpy finalized(m_files, &FakeFileService::uploadFinalized);

    Connection connection(m_server->port()); // keep-alive, like the SDKs
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 offset = 0;
    int requests = 0;
    RawResponse response;
    while (offset < size) {
        const qint64 length = std::min(chunkSize, size - offset);
        const bool last = offset + length == size;
        const QByteArray data = content(offset, length);
        hash.addData(data);
        response = connection.request("POST", started.target,
            {{"X-Goog-Upload-Command", last ? "upload, finalize" : "upload"},
                {"X-Goog-Upload-Offset", QByteArray::number(offset)}},
            data);
        ++requests;
        offset += length;
        QCOMPARE(response.status, 200);
        if (!last) {
            QCOMPARE(response.header("x-goog-upload-status"), QByteArray("active"));
            QCOMPARE(response.header("x-goog-upload-size-received"), QByteArray::number(offset));
            QVERIFY(response.body.isEmpty());
            QCOMPARE(response.header("content-length"), QByteArray("0"));
        }
    }
    QCOMPARE(response.header("x-goog-upload-status"), QByteArray("final"));
    const QJsonObject file = response.json().value(u"file"_s).toObject();
    QCOMPARE(file.value(u"displayName"_s).toString(), u"Report"_s);
    QCOMPARE(file.value(u"mimeType"_s).toString(), u"application/pdf"_s);
    QCOMPARE(file.value(u"sizeBytes"_s).toString(), QString::number(size));
    QCOMPARE(file.value(u"sha256Hash"_s).toString(), QString::fromLatin1(hash.result().toHex().toBase64()));
    QCOMPARE(file.value(u"state"_s).toString(), u"ACTIVE"_s);
    QCOMPARE(file.value(u"uri"_s).toString(),
        m_server->baseUrl().toString() + u"/v1beta/"_s + file.value(u"name"_s).toString());

    const FakeFileService::SessionStats stats = *m_files->session(started.uploadId);
    QCOMPARE(stats.chunkRequests, requests);
    QCOMPARE(stats.committed, size);
    QCOMPARE(stats.bodyBytesReceived, size);
    QCOMPARE(stats.duplicateBytes, 0);
    QVERIFY(stats.finalized);
    QCOMPARE(chunks.size(), requests);
    QCOMPARE(chunks.last().at(1).toLongLong(), size - (size - 1) % chunkSize - 1);
    QCOMPARE(finalized.size(), 1);
    QCOMPARE(stats.chunkOffsets.size(), requests);
    QCOMPARE(m_server->connectionCount(), 2); // start + one keep-alive connection for every chunk
}

void tst_FakeFileService::granularityViolation()
{
    const Started started = start(20 * MiB, "video/mp4");
    const RawResponse bad = chunk(started.target, "upload", 0, content(0, 1000));
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.header("content-type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(bad.header("x-goog-upload-status"), QByteArray("active"));
    QCOMPARE(bad.header("x-goog-upload-size-received"), QByteArray("0"));
    QVERIFY2(bad.body.contains("multiple of 8388608"), bad.body.constData());
    const RawResponse query = command(started.target, "query");
    QCOMPARE(query.header("x-goog-upload-size-received"), QByteArray("0"));
    QCOMPARE(m_files->session(started.uploadId)->committed, 0);
    QCOMPARE(m_files->session(started.uploadId)->bodyBytesReceived, 1000);

    // A final chunk may have any size.
    const RawResponse good = chunk(started.target, "upload", 0, content(0, 8 * MiB));
    QCOMPARE(good.status, 200);
    const RawResponse last = chunk(started.target, "upload, finalize", 8 * MiB, content(8 * MiB, 12 * MiB));
    QCOMPARE(last.status, 200);
    QCOMPARE(
        last.json().value(u"file"_s).toObject().value(u"sha256Hash"_s).toString(), expectedHash(content(0, 20 * MiB)));
}

void tst_FakeFileService::granularityViolationChunkedEncoding()
{
    // Without Content-Length the size is known only at the end: the whole granules stay, the tail goes.
    m_files->setGranularity(1024);
    const Started started = start(5000, "text/plain");
    const RawResponse bad = http("POST", started.target,
        {{"X-Goog-Upload-Command", "upload"}, {"X-Goog-Upload-Offset", "0"}, {"Transfer-Encoding", "chunked"}},
        chunkedBody(content(0, 2500), 700));
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.header("x-goog-upload-size-received"), QByteArray("2048"));
    QCOMPARE(command(started.target, "query").header("x-goog-upload-size-received"), QByteArray("2048"));
    const RawResponse last = http("POST", started.target,
        {{"X-Goog-Upload-Command", "upload, finalize"}, {"X-Goog-Upload-Offset", "2048"},
            {"Transfer-Encoding", "chunked"}},
        chunkedBody(content(2048, 5000 - 2048), 999));
    QCOMPARE(last.status, 200);
    QCOMPARE(last.json().value(u"file"_s).toObject().value(u"sha256Hash"_s).toString(), expectedHash(content(0, 5000)));
}

void tst_FakeFileService::notAdvertisedGranularity()
{
    m_files->setAdvertiseGranularity(false);
    const Started started = start(10, "text/plain");
    QCOMPARE(started.response.status, 200);
    QVERIFY(!started.response.hasHeader("x-goog-upload-chunk-granularity"));
    QVERIFY(!command(started.target, "query").hasHeader("x-goog-upload-chunk-granularity"));
    m_files->setAdvertiseGranularity(true);
    const Started advertised = start(10, "text/plain");
    QCOMPARE(command(advertised.target, "query").header("x-goog-upload-chunk-granularity"), QByteArray("8388608"));
}

void tst_FakeFileService::wrongOffset_data()
{
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("duplicates");
    QTest::newRow("gap: ahead of the committed bytes") << qint64(2048) << qint64(0);
    QTest::newRow("re-sending committed bytes") << qint64(0) << qint64(1024);
    QTest::newRow("re-sending part of them") << qint64(512) << qint64(512);
}

void tst_FakeFileService::wrongOffset()
{
    QFETCH(qint64, offset);
    QFETCH(qint64, duplicates);
    m_files->setGranularity(512);
    const Started started = start(3000, "text/plain");
    QCOMPARE(chunk(started.target, "upload", 0, content(0, 1024)).status, 200);

    const RawResponse wrong = chunk(started.target, "upload", offset, content(offset, 1024));
    QCOMPARE(wrong.status, 400);
    QCOMPARE(wrong.header("content-type"), QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(wrong.header("x-goog-upload-status"), QByteArray("active"));
    QCOMPARE(wrong.header("x-goog-upload-size-received"), QByteArray("1024"));
    QVERIFY2(wrong.body.contains(QByteArray("X-Goog-Upload-Offset header says " + QByteArray::number(offset)))
            && wrong.body.contains("continue at offset 1024"),
        wrong.body.constData());
    const FakeFileService::SessionStats stats = *m_files->session(started.uploadId);
    QCOMPARE(stats.committed, 1024); // nothing stored
    QCOMPARE(stats.duplicateBytes, duplicates);
    QCOMPARE(stats.bodyBytesReceived, 2048);
    QCOMPARE(command(started.target, "query").header("x-goog-upload-size-received"), QByteArray("1024"));

    const RawResponse last = chunk(started.target, "upload, finalize", 1024, content(1024, 3000 - 1024));
    QCOMPARE(last.status, 200);
    QCOMPARE(last.json().value(u"file"_s).toObject().value(u"sha256Hash"_s).toString(), expectedHash(content(0, 3000)));
}

void tst_FakeFileService::finalizeSizeMismatch()
{
    const Started started = start(100, "text/plain");
    const RawResponse shortFinal = chunk(started.target, "upload, finalize", 0, content(0, 50));
    QCOMPARE(shortFinal.status, 400);
    QCOMPARE(shortFinal.header("x-goog-upload-status"), QByteArray("active"));
    QVERIFY2(shortFinal.body.contains("declared 100"), shortFinal.body.constData());
    QCOMPARE(m_files->session(started.uploadId)->committed, 0);
    QVERIFY(m_files->files().isEmpty());

    const RawResponse tooLong = chunk(started.target, "upload, finalize", 0, content(0, 150));
    QCOMPARE(tooLong.status, 400);
    QVERIFY2(tooLong.body.contains("beyond the 100 bytes"), tooLong.body.constData());

    const RawResponse right = chunk(started.target, "upload, finalize", 0, content(0, 100));
    QCOMPARE(right.status, 200);
    QCOMPARE(m_files->files().size(), 1);

    // Without a declared size any total is accepted at finalize.
    const Started unknown = start(-1, "text/plain");
    QCOMPARE(unknown.response.status, 200);
    QCOMPARE(m_files->session(unknown.uploadId)->declaredSize, -1);
    const RawResponse anySize = chunk(unknown.target, "upload, finalize", 0, content(0, 77));
    QCOMPARE(anySize.status, 200);
    QCOMPARE(anySize.json().value(u"file"_s).toObject().value(u"sizeBytes"_s).toString(), u"77"_s);
}

void tst_FakeFileService::commandSpellings_data()
{
    QTest::addColumn<QByteArray>("chunkCommand");
    QTest::addColumn<QByteArray>("finalCommand");
    QTest::newRow("SDK") << QByteArray("upload") << QByteArray("upload, finalize");
    QTest::newRow("no space") << QByteArray("upload") << QByteArray("upload,finalize");
    QTest::newRow("upper case") << QByteArray("UPLOAD") << QByteArray("Upload, Finalize");
    QTest::newRow("spaces") << QByteArray("  upload ") << QByteArray(" upload ,   finalize ");
    QTest::newRow("finalize alone") << QByteArray("upload") << QByteArray("finalize");
}

void tst_FakeFileService::commandSpellings()
{
    QFETCH(QByteArray, chunkCommand);
    QFETCH(QByteArray, finalCommand);
    m_files->setGranularity(4);
    const Started started = start(8, "text/plain");
    QCOMPARE(chunk(started.target, chunkCommand, 0, "abcdefgh").header("x-goog-upload-size-received"), QByteArray("8"));
    const RawResponse final = chunk(started.target, finalCommand, 8, {});
    QCOMPARE(final.status, 200);
    QCOMPARE(final.header("x-goog-upload-status"), QByteArray("final"));
    QCOMPARE(final.json().value(u"file"_s).toObject().value(u"sizeBytes"_s).toString(), u"8"_s);
}

void tst_FakeFileService::badCommands_data()
{
    QTest::addColumn<QByteArray>("commandText");
    QTest::addColumn<QByteArray>("bodyPart");
    QTest::newRow("unknown") << QByteArray("upload, dance") << QByteArray("Unknown X-Goog-Upload-Command");
    QTest::newRow("two kinds") << QByteArray("query, cancel") << QByteArray("Unknown X-Goog-Upload-Command");
    QTest::newRow("empty") << QByteArray() << QByteArray("Unknown X-Goog-Upload-Command");
    QTest::newRow("start again") << QByteArray("start") << QByteArray("already been started");
}

void tst_FakeFileService::badCommands()
{
    QFETCH(QByteArray, commandText);
    QFETCH(QByteArray, bodyPart);
    const Started started = start(10, "text/plain");
    HeaderList headers = {{"X-Goog-Upload-Offset", "0"}};
    if (!commandText.isEmpty())
        headers.append({"X-Goog-Upload-Command", commandText});
    const RawResponse response = http("POST", started.target, headers, "0123456789");
    QCOMPARE(response.status, 400);
    QVERIFY2(response.body.contains(bodyPart), response.body.constData());
    QCOMPARE(m_files->session(started.uploadId)->committed, 0);
    // The session is still usable.
    QCOMPARE(chunk(started.target, "upload, finalize", 0, "0123456789").status, 200);
}

void tst_FakeFileService::queryAndCancel()
{
    m_files->setGranularity(1024);
    const Started started = start(4096, "text/plain");
    RawResponse query = command(started.target, "query");
    QCOMPARE(query.status, 200);
    QCOMPARE(query.header("x-goog-upload-status"), QByteArray("active"));
    QCOMPARE(query.header("x-goog-upload-size-received"), QByteArray("0"));
    QCOMPARE(query.header("x-goog-upload-chunk-granularity"), QByteArray("1024"));
    QVERIFY(query.body.isEmpty());

    QCOMPARE(chunk(started.target, "upload", 0, content(0, 2048)).status, 200);
    query = command(started.target, "QUERY");
    QCOMPARE(query.header("x-goog-upload-size-received"), QByteArray("2048"));

    QSignalSpy cancelled(m_files, &FakeFileService::sessionCancelled);
    const RawResponse cancel = command(started.target, "cancel");
    QCOMPARE(cancel.status, 200);
    QCOMPARE(cancel.header("x-goog-upload-status"), QByteArray("cancelled"));
    QVERIFY(cancel.body.isEmpty());
    QCOMPARE(cancelled.size(), 1);

    // The session is gone.
    for (const QByteArray &name : {QByteArray("query"), QByteArray("cancel")}) {
        const RawResponse gone = command(started.target, name);
        QCOMPARE(gone.status, 404);
        QCOMPARE(gone.error().value(u"status"_s).toString(), u"NOT_FOUND"_s);
    }
    QCOMPARE(chunk(started.target, "upload, finalize", 2048, content(2048, 2048)).status, 404);
    const FakeFileService::SessionStats stats = *m_files->session(started.uploadId);
    QVERIFY(stats.cancelled);
    QVERIFY(!stats.finalized);
    QCOMPARE(stats.queryRequests, 2);
    QCOMPARE(stats.cancelRequests, 1);
    QVERIFY(m_files->files().isEmpty());
}

void tst_FakeFileService::unknownSession_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("never existed") << u"unknown"_s;
    QTest::newRow("expireSessions()") << u"expired"_s;
    QTest::newRow("a week later") << u"week"_s;
    QTest::newRow("cancelled") << u"cancelled"_s;
}

void tst_FakeFileService::unknownSession()
{
    QFETCH(QString, how);
    const Started started = start(10, "text/plain");
    QString target = started.target;
    if (how == u"unknown"_s)
        target = u"/upload/v1beta/files?upload_id=ABgVH8nosuchsession&upload_protocol=resumable"_s;
    else if (how == u"expired"_s)
        m_files->expireSessions();
    else if (how == u"week"_s)
        m_files->advanceClock(FakeFileService::sessionLifetimeMs);
    else
        QCOMPARE(command(target, "cancel").status, 200);

    for (const QByteArray &name : {QByteArray("upload, finalize"), QByteArray("query")}) {
        const RawResponse response = chunk(target, name, 0, name == "query" ? QByteArray() : "0123456789");
        QCOMPARE(response.status, 404);
        QCOMPARE(response.header("content-type"), QByteArray("application/json; charset=UTF-8"));
        QVERIFY(!response.hasHeader("x-goog-upload-status"));
        const QJsonObject error = response.error();
        QCOMPARE(error.value(u"code"_s).toInt(), 404);
        QCOMPARE(error.value(u"status"_s).toString(), u"NOT_FOUND"_s);
        QCOMPARE(error.value(u"message"_s).toString(),
            u"Upload session not found: it was cancelled, has expired or never existed. Start a new upload."_s);
    }
    QVERIFY(m_files->files().isEmpty());
    QCOMPARE(m_files->sessions().size(), 1); // still listed, with its counters
}

void tst_FakeFileService::finalizeAgainAndQueryAfterFinal()
{
    const Started started = start(10, "text/plain");
    const RawResponse final = chunk(started.target, "upload, finalize", 0, "0123456789");
    QCOMPARE(final.status, 200);
    // A client that lost the answer sends the finalize again: the same answer, nothing stored twice.
    const RawResponse again = chunk(started.target, "upload, finalize", 0, "0123456789");
    QCOMPARE(again.status, 200);
    QCOMPARE(again.header("x-goog-upload-status"), QByteArray("final"));
    QCOMPARE(again.body, final.body);
    const RawResponse query = command(started.target, "query");
    QCOMPARE(query.header("x-goog-upload-status"), QByteArray("final"));
    QCOMPARE(query.body, final.body);
    QCOMPARE(m_files->files().size(), 1);
    QCOMPARE(m_files->session(started.uploadId)->duplicateBytes, 10);
}

// --- faults --------------------------------------------------------------------------------------

void tst_FakeFileService::chunkFaults_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<bool>("omitStatusHeader");
    QTest::addColumn<int>("delayMs");
    QTest::addColumn<qint64>("cutAfterBytes");
    QTest::addColumn<qint64>("cutAtOffset");
    QTest::addColumn<qint64>("committedAfter"); // of the faulted second chunk (first: 4096, second: 4096 more)
    QTest::addColumn<QString>("errorStatus");

    QTest::newRow("503") << 503 << false << 0 << qint64(-1) << qint64(-1) << qint64(4096) << u"UNAVAILABLE"_s;
    QTest::newRow("500") << 500 << false << 0 << qint64(-1) << qint64(-1) << qint64(4096) << u"INTERNAL"_s;
    QTest::newRow("429") << 429 << false << 0 << qint64(-1) << qint64(-1) << qint64(4096) << u"RESOURCE_EXHAUSTED"_s;
    QTest::newRow("no status header") << 0 << true << 0 << qint64(-1) << qint64(-1) << qint64(4096) << QString();
    QTest::newRow("delay") << 0 << false << 400 << qint64(-1) << qint64(-1) << qint64(8192) << QString();
    QTest::newRow("503 after a delay") << 503 << false << 300 << qint64(-1) << qint64(-1) << qint64(4096)
                                       << u"UNAVAILABLE"_s;
    QTest::newRow("cut after bytes") << 0 << false << 0 << qint64(2500) << qint64(-1) << qint64(4096 + 2048)
                                     << QString();
    QTest::newRow("cut at once") << 0 << false << 0 << qint64(0) << qint64(-1) << qint64(4096) << QString();
    QTest::newRow("cut at offset") << 0 << false << 0 << qint64(-1) << qint64(4096 + 3000) << qint64(4096 + 2560)
                                   << QString();
    QTest::newRow("cut at a granule boundary")
        << 0 << false << 0 << qint64(-1) << qint64(4096 + 1024) << qint64(4096 + 1024) << QString();
}

void tst_FakeFileService::chunkFaults()
{
    QFETCH(int, httpStatus);
    QFETCH(bool, omitStatusHeader);
    QFETCH(int, delayMs);
    QFETCH(qint64, cutAfterBytes);
    QFETCH(qint64, cutAtOffset);
    QFETCH(qint64, committedAfter);
    QFETCH(QString, errorStatus);
    m_files->setGranularity(512);
    const qint64 size = 3 * 4096;
    const Started started = start(size, "application/octet-stream");
    QCOMPARE(chunk(started.target, "upload", 0, content(0, 4096)).status, 200);

    FakeFileService::ChunkFault fault;
    fault.httpStatus = httpStatus;
    fault.omitStatusHeader = omitStatusHeader;
    fault.delayMs = delayMs;
    fault.cutAfterBytes = cutAfterBytes;
    fault.cutAtOffset = cutAtOffset;
    m_files->enqueueChunkFault(fault);
    QCOMPARE(m_files->pendingChunkFaults(), 1);
    QSignalSpy cuts(m_files, &FakeFileService::connectionCut);

    QElapsedTimer timer;
    timer.start();
    bool closedWithoutAnswer = false;
    const RawResponse faulted = chunk(started.target, "upload", 4096, content(4096, 4096), &closedWithoutAnswer);
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(m_files->pendingChunkFaults(), 0);
    const bool cut = cutAfterBytes >= 0 || cutAtOffset >= 0;
    if (cut) {
        QVERIFY(closedWithoutAnswer);
        QVERIFY(!faulted.valid);
        QCOMPARE(cuts.size(), 1);
        const qint64 cutPosition = cutAtOffset >= 0 ? cutAtOffset : 4096 + cutAfterBytes;
        QCOMPARE(cuts.first().at(1).toLongLong(), cutPosition);
        // The cut request is recorded with the bytes that arrived before the cut.
        QVERIFY(waitUntil([this]() { return m_server->requests().size() == 3; }, 5000));
        QCOMPARE(m_server->requests().last().bodyBytes, cutPosition - 4096);
        QVERIFY(m_server->requests().last().bodyStreamed);
    } else if (httpStatus != 0) {
        QCOMPARE(faulted.status, httpStatus);
        QVERIFY(!faulted.hasHeader("x-goog-upload-status")); // a front-end error: no upload status
        QCOMPARE(faulted.error().value(u"status"_s).toString(), errorStatus);
        QCOMPARE(faulted.error().value(u"code"_s).toInt(), httpStatus);
        if (httpStatus == 503)
            QCOMPARE(
                faulted.error().value(u"message"_s).toString(), u"The model is overloaded. Please try again later."_s);
    } else if (omitStatusHeader) {
        QCOMPARE(faulted.status, 200);
        QVERIFY(!faulted.hasHeader("x-goog-upload-status"));
        QVERIFY(faulted.body.isEmpty());
    } else {
        QCOMPARE(faulted.status, 200);
        QCOMPARE(faulted.header("x-goog-upload-status"), QByteArray("active"));
    }
    if (delayMs > 0)
        QVERIFY2(elapsed >= delayMs - 5, qPrintable(QString::number(elapsed)));

    // What query reports is exactly what was committed: whole granules only.
    const RawResponse query = command(started.target, "query");
    QCOMPARE(query.header("x-goog-upload-size-received"), QByteArray::number(committedAfter));
    QCOMPARE(m_files->session(started.uploadId)->committed, committedAfter);

    // Resume from there: the file is complete and right, and no committed byte was sent twice.
    const RawResponse last
        = chunk(started.target, "upload, finalize", committedAfter, content(committedAfter, size - committedAfter));
    QCOMPARE(last.status, 200);
    QCOMPARE(last.json().value(u"file"_s).toObject().value(u"sha256Hash"_s).toString(), expectedHash(content(0, size)));
    const FakeFileService::SessionStats stats = *m_files->session(started.uploadId);
    QCOMPARE(stats.duplicateBytes, 0);
    QCOMPARE(stats.chunkRequests, 3);
    QCOMPARE(stats.committed, size);
}

void tst_FakeFileService::cutAtOffsetWaitsForItsChunk()
{
    m_files->setGranularity(1024);
    const Started started = start(8192, "text/plain");
    FakeFileService::ChunkFault cut;
    cut.cutAtOffset = 5000;
    m_files->enqueueChunkFault(cut);
    FakeFileService::ChunkFault status;
    status.httpStatus = 503;
    m_files->enqueueChunkFault(status);

    // [0, 4096) does not reach 5000: the cut stays at the front, the 503 behind it waits too.
    QCOMPARE(chunk(started.target, "upload", 0, content(0, 4096)).status, 200);
    QCOMPARE(m_files->pendingChunkFaults(), 2);
    bool closed = false;
    chunk(started.target, "upload", 4096, content(4096, 2048), &closed);
    QVERIFY(closed);
    QCOMPARE(m_files->pendingChunkFaults(), 1);
    QCOMPARE(command(started.target, "query").header("x-goog-upload-size-received"), QByteArray("4096"));
    QCOMPARE(chunk(started.target, "upload", 4096, content(4096, 2048)).status, 503);
    QCOMPARE(m_files->pendingChunkFaults(), 0);
    QCOMPARE(chunk(started.target, "upload, finalize", 4096, content(4096, 4096)).status, 200);
    QCOMPARE(m_files->session(started.uploadId)->duplicateBytes, 0);
}

void tst_FakeFileService::cutMidChunkDropsTail()
{
    m_files->setGranularity(MiB);
    const qint64 size = 11 * MiB / 2; // 5.5 MiB in one request
    const Started started = start(size, "audio/wav");
    FakeFileService::ChunkFault fault;
    fault.cutAfterBytes = 7 * MiB / 2; // 3.5 MiB
    m_files->enqueueChunkFault(fault);
    bool closed = false;
    chunk(started.target, "upload, finalize", 0, content(0, size), &closed);
    QVERIFY(closed);
    FakeFileService::SessionStats stats = *m_files->session(started.uploadId);
    QCOMPARE(stats.committed, 3 * MiB);
    QCOMPARE(stats.bodyBytesReceived, 7 * MiB / 2);
    QCOMPARE(command(started.target, "query").header("x-goog-upload-size-received"), QByteArray::number(3 * MiB));

    const RawResponse last = chunk(started.target, "upload, finalize", 3 * MiB, content(3 * MiB, size - 3 * MiB));
    QCOMPARE(last.status, 200);
    QCOMPARE(last.json().value(u"file"_s).toObject().value(u"sha256Hash"_s).toString(), expectedHash(content(0, size)));
    stats = *m_files->session(started.uploadId);
    QCOMPARE(stats.duplicateBytes, 0);
    QCOMPARE(stats.bodyBytesReceived, 7 * MiB / 2 + size - 3 * MiB);
}

void tst_FakeFileService::clientAbortDropsTail()
{
    m_files->setGranularity(1024);
    const Started started = start(10000, "text/plain");
    {
        Connection connection(m_server->port());
        connection.write(buildRequest("POST", started.target,
                             {{"X-Goog-Upload-Command", "upload, finalize"}, {"X-Goog-Upload-Offset", "0"}},
                             content(0, 10000), false, false)
            + content(0, 3000)); // the head and 3000 of 10000 bytes, then the client goes away
        QVERIFY(waitUntil([&]() { return m_files->session(started.uploadId)->bodyBytesReceived == 3000; }, 5000));
        connection.socket().abort();
    }
    QVERIFY(waitUntil([this]() { return m_server->requests().size() == 2; }, 5000));
    QCOMPARE(m_server->requests().last().bodyBytes, 3000);
    QCOMPARE(m_files->session(started.uploadId)->committed, 2048);
    QCOMPARE(command(started.target, "query").header("x-goog-upload-size-received"), QByteArray("2048"));
}

void tst_FakeFileService::streamedLargeUpload()
{
    // 64 MiB in one request, written as it is generated: the server must hash and commit while the
    // body is still arriving (a buffering server would commit nothing before the last byte).
    const qint64 size = 64 * MiB;
    const Started started = start(size, "video/mp4", R"({"file": {"displayName": "Big"}})");
    QCOMPARE(started.response.status, 200);
    const qint64 baseline = residentBytes();
    qint64 peak = baseline;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, &sampler, [&peak]() { peak = std::max(peak, residentBytes()); });
    sampler.start(5);

    Connection connection(m_server->port());
    connection.write(buildRequest("POST", started.target,
        {{"X-Goog-Upload-Command", "upload, finalize"}, {"X-Goog-Upload-Offset", "0"}}, QByteArray(), false, false)
                         .replace("Content-Length: 0", QByteArray("Content-Length: " + QByteArray::number(size))));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    qint64 committedBeforeEnd = 0;
    QElapsedTimer timer;
    timer.start();
    for (qint64 offset = 0; offset < size; offset += MiB) {
        const QByteArray piece = content(offset, MiB);
        hash.addData(piece);
        connection.socket().write(piece);
        QVERIFY(waitUntil([&connection]() { return connection.socket().bytesToWrite() < 2 * MiB; }, 30000));
        if (offset + MiB == 40 * MiB) {
            QVERIFY2(waitUntil([&]() { return m_files->session(started.uploadId)->committed >= 32 * MiB; }, 30000),
                "nothing committed while the body is arriving: the body is buffered");
            committedBeforeEnd = m_files->session(started.uploadId)->committed;
        }
    }
    const RawResponse final = connection.next(60000);
    const qint64 elapsed = timer.elapsed();
    sampler.stop();
    QCOMPARE(final.status, 200);
    QVERIFY(committedBeforeEnd >= 32 * MiB);
    const QJsonObject file = final.json().value(u"file"_s).toObject();
    QCOMPARE(file.value(u"sha256Hash"_s).toString(), QString::fromLatin1(hash.result().toHex().toBase64()));
    QCOMPARE(file.value(u"sizeBytes"_s).toString(), QString::number(size));
    QCOMPARE(file.value(u"displayName"_s).toString(), u"Big"_s);

    const FakeFileService::SessionStats stats = *m_files->session(started.uploadId);
    QCOMPARE(stats.chunkRequests, 1);
    QCOMPARE(stats.committed, size);
    QCOMPARE(stats.bodyBytesReceived, size);
    QCOMPARE(stats.duplicateBytes, 0);
    QVERIFY(stats.finalized);
    const FakeGeminiServer::Request recorded = m_server->requests().last();
    QVERIFY(recorded.bodyStreamed);
    QVERIFY(recorded.body.isEmpty());
    QCOMPARE(recorded.bodyBytes, size);
    QCOMPARE(recorded.header("x-goog-upload-command"), QByteArray("upload, finalize"));
    qInfo("64 MiB streamed in %lld ms; resident memory grew by %lld MiB", elapsed, (peak - baseline) / MiB);
    if (!sanitized() && baseline > 0) // ASan keeps freed memory in quarantine
        QVERIFY2(peak - baseline < 40 * MiB, qPrintable(QString::number((peak - baseline) / MiB)));
}

void tst_FakeFileService::pipelinedAndContinue()
{
    m_files->setGranularity(100);
    const Started started = start(300, "text/plain");
    Connection connection(m_server->port());
    // query, chunk, query in one write: answered in order, the chunk committed before the second query.
    const QByteArray pipelined = buildRequest("POST", started.target, {{"X-Goog-Upload-Command", "query"}}, {}, false)
        + buildRequest("POST", started.target, {{"X-Goog-Upload-Command", "upload"}, {"X-Goog-Upload-Offset", "0"}},
            content(0, 200), false)
        + buildRequest("POST", started.target, {{"X-Goog-Upload-Command", "query"}}, {}, false);
    QVERIFY(connection.write(pipelined));
    QCOMPARE(connection.next().header("x-goog-upload-size-received"), QByteArray("0"));
    QCOMPARE(connection.next().header("x-goog-upload-size-received"), QByteArray("200"));
    QCOMPARE(connection.next().header("x-goog-upload-size-received"), QByteArray("200"));

    // Expect: 100-continue (curl sends it for large bodies).
    QVERIFY(connection.write(buildRequest("POST", started.target,
        {{"X-Goog-Upload-Command", "upload, finalize"}, {"X-Goog-Upload-Offset", "200"}, {"Expect", "100-continue"}},
        content(200, 100), false, false)));
    QVERIFY(
        waitUntil([&connection]() { return connection.pending().startsWith("HTTP/1.1 100 Continue\r\n\r\n"); }, 5000));
    QVERIFY(connection.write(content(200, 100)));
    const RawResponse final = connection.next();
    QVERIFY(final.sawContinue);
    QCOMPARE(final.status, 200);
    QCOMPARE(final.json().value(u"file"_s).toObject().value(u"sha256Hash"_s).toString(), expectedHash(content(0, 300)));
    // The other routes still work on the same connection.
    QCOMPARE(connection.request("GET", u"/v1beta/files?key=test-key"_s).status, 200);
    QCOMPARE(m_server->connectionCount(), 2);
}

void tst_FakeFileService::linkRate()
{
    m_files->setLinkBytesPerSecond(256 * 1024);
    const Started started = start(512 * 1024, "text/plain");
    QElapsedTimer timer;
    timer.start();
    const RawResponse final = chunk(started.target, "upload, finalize", 0, content(0, 512 * 1024));
    const qint64 elapsed = timer.elapsed();
    QCOMPARE(final.status, 200);
    QVERIFY2(elapsed >= 1800 && elapsed < 8000, qPrintable(QString::number(elapsed)));
    QCOMPARE(final.json().value(u"file"_s).toObject().value(u"sha256Hash"_s).toString(),
        expectedHash(content(0, 512 * 1024)));
    // Only upload bodies are slowed down.
    timer.restart();
    QCOMPARE(
        send("POST", u"/v1beta/models/gemini-2.5-flash:countTokens"_s, generateBody(QString(400000, u'x'), {})).status,
        200);
    QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
}

// --- multipart and media ----------------------------------------------------------------------------

void tst_FakeFileService::multipartUpload_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<QString>("mimeType");

    const QByteArray media = content(0, 5000);
    const QByteArray related = "--XYZ\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
                               R"({"file": {"display_name": "Photo"}})"
                               "\r\n--XYZ\r\nContent-Type: image/png\r\n\r\n"
        + media + "\r\n--XYZ--\r\n";
    QTest::newRow("related, snake_case") << QByteArray("multipart/related; boundary=XYZ") << related
                                         << u"uploadType=multipart"_s << 200 << u"Photo"_s << u"image/png"_s;
    const QByteArray camel = "--b0\r\nContent-Type: application/json\r\n\r\n"
                             R"({"file": {"displayName": "Scan", "mimeType": "application/pdf"}})"
                             "\r\n--b0\r\n\r\n"
        + media + "\r\n--b0--";
    QTest::newRow("camelCase, type from metadata")
        << QByteArray("multipart/related; boundary=\"b0\"") << camel << u"uploadType=multipart"_s << 200 << u"Scan"_s
        << u"application/pdf"_s;
    const QByteArray form = "--f\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: "
                            "application/json\r\n\r\n"
                            R"({"file": {"displayName": "Form"}})"
                            "\r\n--f\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                            "Content-Type: audio/wav\r\n\r\n"
        + media + "\r\n--f--\r\n";
    QTest::newRow("form-data") << QByteArray("multipart/form-data; boundary=f") << form << u"uploadType=multipart"_s
                               << 200 << u"Form"_s << u"audio/wav"_s;
    QTest::newRow("by header") << QByteArray("multipart/related; boundary=XYZ") << related << QString() << 200
                               << u"Photo"_s << u"image/png"_s;
    const QByteArray noMedia = "--XYZ\r\nContent-Type: application/json\r\n\r\n{}\r\n--XYZ--\r\n";
    QTest::newRow("no media part") << QByteArray("multipart/related; boundary=XYZ") << noMedia
                                   << u"uploadType=multipart"_s << 400 << QString() << QString();
    QTest::newRow("not multipart") << QByteArray("application/json") << QByteArray("{}") << u"uploadType=multipart"_s
                                   << 400 << QString() << QString();
    QTest::newRow("unknown field") << QByteArray("multipart/related; boundary=XYZ")
                                   << QByteArray(related).replace("display_name", "nickname")
                                   << u"uploadType=multipart"_s << 400 << QString() << QString();
}

void tst_FakeFileService::multipartUpload()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QString, query);
    QFETCH(int, status);
    QFETCH(QString, displayName);
    QFETCH(QString, mimeType);
    HeaderList headers = {{"x-goog-api-key", "test-key"}, {"Content-Type", contentType}};
    if (query.isEmpty())
        headers.append(qMakePair(QByteArray("X-Goog-Upload-Protocol"), QByteArray("multipart")));
    const RawResponse response
        = http("POST", u"/upload/v1beta/files"_s + (query.isEmpty() ? QString() : u'?' + query), headers, body);
    QCOMPARE(response.status, status);
    if (status != 200) {
        QCOMPARE(response.error().value(u"code"_s).toInt(), status);
        QVERIFY(m_files->files().isEmpty());
        return;
    }
    QCOMPARE(response.header("content-type"), QByteArray("application/json; charset=UTF-8"));
    const QJsonObject file = response.json().value(u"file"_s).toObject();
    QCOMPARE(file.value(u"displayName"_s).toString(), displayName);
    QCOMPARE(file.value(u"mimeType"_s).toString(), mimeType);
    QCOMPARE(file.value(u"sizeBytes"_s).toString(), u"5000"_s);
    QCOMPARE(file.value(u"sha256Hash"_s).toString(), expectedHash(content(0, 5000)));
    QCOMPARE(m_files->files().size(), 1);
    QCOMPARE(m_files->sessions().last().protocol, u"multipart"_s);

    // Unauthorised: nothing stored.
    const RawResponse anonymous
        = http("POST", u"/upload/v1beta/files?uploadType=multipart"_s, {{"Content-Type", contentType}}, body);
    QCOMPARE(anonymous.status, 403);
    QCOMPARE(m_files->files().size(), 1);
}

void tst_FakeFileService::mediaUpload_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<HeaderList>("headers");
    QTest::newRow("uploadType=media") << u"?uploadType=media"_s << HeaderList {{"x-goog-api-key", "test-key"}};
    QTest::newRow("protocol raw") << QString()
                                  << HeaderList {{"x-goog-api-key", "test-key"}, {"X-Goog-Upload-Protocol", "raw"}};
    QTest::newRow("key in query") << u"?uploadType=media&key=test-key"_s << HeaderList {};
}

void tst_FakeFileService::mediaUpload()
{
    QFETCH(QString, query);
    QFETCH(HeaderList, headers);
    const QByteArray data = content(7, 3 * MiB + 5);
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("audio/ogg")));
    const RawResponse response = http("POST", u"/upload/v1beta/files"_s + query, headers, data);
    QCOMPARE(response.status, 200);
    QVERIFY(!response.hasHeader("x-goog-upload-status"));
    const QJsonObject file = response.json().value(u"file"_s).toObject();
    QVERIFY(!file.contains(u"displayName"_s));
    QCOMPARE(file.value(u"mimeType"_s).toString(), u"audio/ogg"_s);
    QCOMPARE(file.value(u"sizeBytes"_s).toString(), QString::number(data.size()));
    QCOMPARE(file.value(u"sha256Hash"_s).toString(), expectedHash(data));
    QCOMPARE(m_files->sessions().last().protocol, u"media"_s);
    QCOMPARE(m_files->sessions().last().bodyBytesReceived, data.size());
    QVERIFY(m_server->requests().last().bodyStreamed);
    QCOMPARE(m_server->requests().last().bodyBytes, data.size());

    // Without a key: the body is read and dropped, nothing stored.
    const RawResponse anonymous
        = http("POST", u"/upload/v1beta/files?uploadType=media"_s, {{"Content-Type", "audio/ogg"}}, data);
    QCOMPARE(anonymous.status, 403);
    QCOMPARE(anonymous.error().value(u"status"_s).toString(), u"PERMISSION_DENIED"_s);
    QCOMPARE(m_files->files().size(), 1);
}

// --- files.list / get / delete --------------------------------------------------------------------

void tst_FakeFileService::listGetDelete()
{
    HttpResult list = send("GET", u"/v1beta/files"_s);
    QCOMPARE(list.status, 200);
    QCOMPARE(list.body, QByteArray("{}\n")); // empty repeated field omitted

    const QJsonObject uploaded = upload("hello", "text/plain", R"({"file": {"displayName": "Greeting"}})");
    const QString name = uploaded.value(u"name"_s).toString();
    const QString id = name.mid(6);

    const HttpResult got = send("GET", u"/v1beta/"_s + name);
    QCOMPARE(got.status, 200);
    QVERIFY(!got.json().contains(u"file"_s)); // bare File, unlike the upload answer
    QCOMPARE(got.json(), uploaded);
    QVERIFY(got.body.startsWith("{\n  \"name\": \"files/"));
    QVERIFY(got.body.endsWith("}\n"));
    // The recorded key order: name, displayName, mimeType, sizeBytes, createTime, ...
    QStringList keys;
    const QList<QByteArray> lines = got.body.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("  \""))
            keys.append(QString::fromUtf8(line.mid(3, line.indexOf('"', 3) - 3)));
    }
    QCOMPARE(keys,
        QStringList({u"name"_s, u"displayName"_s, u"mimeType"_s, u"sizeBytes"_s, u"createTime"_s, u"updateTime"_s,
            u"expirationTime"_s, u"sha256Hash"_s, u"uri"_s, u"state"_s, u"source"_s}));

    list = send("GET", u"/v1beta/files"_s);
    QCOMPARE(list.json().value(u"files"_s).toArray().size(), 1);
    QCOMPARE(list.json().value(u"files"_s).toArray().first().toObject(), uploaded);
    QVERIFY(!list.json().contains(u"nextPageToken"_s));
    QVERIFY(list.body.startsWith("{\n  \"files\": [\n    {\n      \"name\": "));

    QCOMPARE(send("GET", u"/v1beta/files"_s, {}, false).status, 403); // a key is needed
    QCOMPARE(send("DELETE", u"/v1beta/"_s + name, {}, false).status, 403);

    const HttpResult deleted = send("DELETE", u"/v1beta/"_s + name);
    QCOMPARE(deleted.status, 200);
    QCOMPARE(deleted.body, QByteArray("{}\n"));
    QVERIFY(m_files->files().isEmpty());

    for (const QByteArray &verb : {QByteArray("GET"), QByteArray("DELETE")}) {
        const HttpResult gone = send(verb, u"/v1beta/"_s + name);
        QCOMPARE(gone.status, 403);
        QCOMPARE(gone.error().value(u"status"_s).toString(), u"PERMISSION_DENIED"_s);
        QCOMPARE(gone.error().value(u"message"_s).toString(),
            u"You do not have permission to access the File %1 or it may not exist."_s.arg(id));
    }
    QCOMPARE(send("GET", u"/v1beta/files/nosuchfile12"_s).status, 403);
    QCOMPARE(send("POST", u"/v1beta/files"_s, "{}").status, 404);
    QCOMPARE(send("GET", u"/v1/files"_s).status, 404); // v1beta only
}

void tst_FakeFileService::listPaging()
{
    QStringList created; // oldest first
    const QDateTime base = m_files->now().addSecs(-600);
    for (int i = 0; i < 7; ++i) {
        FakeFileService::File file;
        file.displayName = u"File %1"_s.arg(i);
        file.mimeType = u"text/plain"_s;
        file.sizeBytes = i;
        file.createTime = base.addSecs(i);
        created.append(m_files->addFile(file));
    }
    QStringList seen;
    QString token;
    int pages = 0;
    do {
        const HttpResult page
            = send("GET", u"/v1beta/files?pageSize=3"_s + (token.isEmpty() ? QString() : u"&pageToken="_s + token));
        QCOMPARE(page.status, 200);
        const QJsonArray files = page.json().value(u"files"_s).toArray();
        QVERIFY(files.size() <= 3);
        for (const QJsonValue &file : files)
            seen.append(file.toObject().value(u"name"_s).toString());
        token = page.json().value(u"nextPageToken"_s).toString();
        ++pages;
    } while (!token.isEmpty() && pages < 10);
    QCOMPARE(pages, 3);
    std::reverse(created.begin(), created.end());
    QCOMPARE(seen, created); // newest first, each once

    const HttpResult bad = send("GET", u"/v1beta/files?pageToken=garbage"_s);
    QCOMPARE(bad.status, 400);
    QCOMPARE(send("GET", u"/v1beta/files?pageSize=abc"_s).status, 400);
}

void tst_FakeFileService::listPageSizeLimits()
{
    for (int i = 0; i < 105; ++i)
        m_files->addFile({});
    QCOMPARE(send("GET", u"/v1beta/files"_s).json().value(u"files"_s).toArray().size(), 10); // default 10
    QCOMPARE(send("GET", u"/v1beta/files?pageSize=0"_s).json().value(u"files"_s).toArray().size(), 10);
    const HttpResult capped = send("GET", u"/v1beta/files?page_size=500"_s);
    QCOMPARE(capped.json().value(u"files"_s).toArray().size(), 100); // max 100
    QVERIFY(capped.json().contains(u"nextPageToken"_s));
    const HttpResult rest
        = send("GET", u"/v1beta/files?pageSize=100&pageToken="_s + capped.json().value(u"nextPageToken"_s).toString());
    QCOMPARE(rest.json().value(u"files"_s).toArray().size(), 5);
    QVERIFY(!rest.json().contains(u"nextPageToken"_s));
}

void tst_FakeFileService::expiry()
{
    const QJsonObject uploaded = upload("short-lived", "text/plain");
    const QString name = uploaded.value(u"name"_s).toString();
    const QString uri = uploaded.value(u"uri"_s).toString();
    QCOMPARE(send("POST", u"/v1beta/models/gemini-2.5-flash:generateContent"_s,
                 generateBody(u"Use it"_s, fileDataPart(uri, u"text/plain"_s)))
                 .status,
        200);

    m_files->advanceClock(47LL * 3600 * 1000);
    QCOMPARE(send("GET", u"/v1beta/"_s + name).status, 200);
    m_files->advanceClock(3600LL * 1000 + 1000); // past 48 h
    QCOMPARE(send("GET", u"/v1beta/"_s + name).status, 403);
    QCOMPARE(send("GET", u"/v1beta/files"_s).body, QByteArray("{}\n"));
    QVERIFY(m_files->files().isEmpty());
    QVERIFY(!m_files->file(name).has_value());
    const HttpResult generate = send("POST", u"/v1beta/models/gemini-2.5-flash:generateContent"_s,
        generateBody(u"Use it"_s, fileDataPart(uri, u"text/plain"_s)));
    QCOMPARE(generate.status, 403);
    QCOMPARE(generate.error().value(u"status"_s).toString(), u"PERMISSION_DENIED"_s);
}

// --- processing -------------------------------------------------------------------------------------

void tst_FakeFileService::videoProcessing()
{
    QSignalSpy changes(m_files, &FakeFileService::fileStateChanged);
    const QByteArray video = content(0, 1084850); // 10 s at the recorded video's byte rate
    const QJsonObject uploaded = upload(video, "video/mp4", R"({"file": {"displayName": "Clip"}})");
    QCOMPARE(uploaded.value(u"state"_s).toString(), u"PROCESSING"_s);
    QVERIFY(!uploaded.contains(u"videoMetadata"_s));
    const QString name = uploaded.value(u"name"_s).toString();
    QCOMPARE(send("GET", u"/v1beta/"_s + name).json().value(u"state"_s).toString(), u"PROCESSING"_s);

    const HttpResult tooEarly = send("POST", u"/v1beta/models/gemini-2.5-flash:generateContent"_s,
        generateBody(u"Describe"_s, fileDataPart(uploaded.value(u"uri"_s).toString(), u"video/mp4"_s)));
    QCOMPARE(tooEarly.status, 400);
    QCOMPARE(tooEarly.error().value(u"status"_s).toString(), u"FAILED_PRECONDITION"_s);

    m_files->advanceClock(5000); // the default processing time
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().at(0).toString(), name);
    QCOMPARE(changes.first().at(1).toString(), u"ACTIVE"_s);
    const HttpResult active = send("GET", u"/v1beta/"_s + name);
    const QJsonObject file = active.json();
    QCOMPARE(file.value(u"state"_s).toString(), u"ACTIVE"_s);
    const QJsonObject metadata = file.value(u"videoMetadata"_s).toObject();
    QCOMPARE(metadata.value(u"videoDuration"_s).toString(), u"10s"_s);
    const QByteArray thumbnail = QByteArray::fromBase64(metadata.value(u"videoThumbnailBytes"_s).toString().toLatin1());
    QVERIFY(thumbnail.startsWith("\xFF\xD8\xFF"));
    QVERIFY(thumbnail.endsWith("\xFF\xD9"));
    QVERIFY(parseTime(file.value(u"updateTime"_s).toString()) > parseTime(file.value(u"createTime"_s).toString()));
    QVERIFY(active.body.contains("\"state\": \"ACTIVE\",\n  \"source\": \"UPLOADED\",\n  \"videoMetadata\": {\n    "
                                 "\"videoDuration\": \"10s\",\n    \"videoThumbnailBytes\": \""));
    QCOMPARE(send("POST", u"/v1beta/models/gemini-2.5-flash:generateContent"_s,
                 generateBody(u"Describe"_s, fileDataPart(uploaded.value(u"uri"_s).toString(), u"video/mp4"_s)))
                 .status,
        200);

    // Other types are ACTIVE at once; the processed types can be changed.
    QCOMPARE(upload("x", "audio/mpeg").value(u"state"_s).toString(), u"ACTIVE"_s);
    m_files->setProcessingTypes({u"audio/"_s, u"application/pdf"_s});
    QCOMPARE(upload("x", "audio/mpeg").value(u"state"_s).toString(), u"PROCESSING"_s);
    QCOMPARE(upload("x", "application/pdf").value(u"state"_s).toString(), u"PROCESSING"_s);
    QCOMPARE(upload("x", "video/webm").value(u"state"_s).toString(), u"ACTIVE"_s);
}

void tst_FakeFileService::processingOnRealTime()
{
    m_files->setProcessingMs(150);
    QSignalSpy changes(m_files, &FakeFileService::fileStateChanged);
    const QJsonObject uploaded = upload(content(0, 1000), "video/mp4");
    QCOMPARE(uploaded.value(u"state"_s).toString(), u"PROCESSING"_s);
    QVERIFY(changes.wait(5000)); // the service's own timer, no request needed
    QCOMPARE(changes.first().at(1).toString(), u"ACTIVE"_s);
    QCOMPARE(m_files->file(uploaded.value(u"name"_s).toString())->state, u"ACTIVE"_s);
}

void tst_FakeFileService::failedProcessing()
{
    m_files->setFailProcessing(true, u"The video codec is not supported."_s);
    const QJsonObject uploaded = upload(content(0, 1000), "video/mp4");
    const QString name = uploaded.value(u"name"_s).toString();
    m_files->advanceClock(5000);
    const HttpResult got = send("GET", u"/v1beta/"_s + name);
    QCOMPARE(got.json().value(u"state"_s).toString(), u"FAILED"_s);
    const QJsonObject error = got.json().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"message"_s).toString(), u"The video codec is not supported."_s);
    QVERIFY(error.contains(u"code"_s));
    QVERIFY(!got.json().contains(u"videoMetadata"_s));
    QVERIFY(got.body.indexOf("\"source\"") < got.body.indexOf("\"error\""));
    const HttpResult generate = send("POST", u"/v1beta/models/gemini-2.5-flash:generateContent"_s,
        generateBody(u"Describe"_s, fileDataPart(uploaded.value(u"uri"_s).toString(), u"video/mp4"_s)));
    QCOMPARE(generate.status, 400);
    QCOMPARE(generate.error().value(u"status"_s).toString(), u"FAILED_PRECONDITION"_s);

    // Files that do not process are not affected; setState() fails one directly.
    const QJsonObject text = upload("plain", "text/plain");
    QCOMPARE(text.value(u"state"_s).toString(), u"ACTIVE"_s);
    m_files->setState(text.value(u"name"_s).toString(), u"FAILED"_s, u"Broken."_s);
    const HttpResult failed = send("GET", u"/v1beta/"_s + text.value(u"name"_s).toString());
    QCOMPARE(failed.json().value(u"error"_s).toObject().value(u"message"_s).toString(), u"Broken."_s);
    m_files->setState(text.value(u"name"_s).toString(), u"ACTIVE"_s);
    QVERIFY(!send("GET", u"/v1beta/"_s + text.value(u"name"_s).toString()).json().contains(u"error"_s));
}

// --- files in generateContent ---------------------------------------------------------------------------

void tst_FakeFileService::generateWithFiles_data()
{
    QTest::addColumn<QString>("state");  // ACTIVE, PROCESSING, FAILED, unknown, foreign
    QTest::addColumn<QString>("method"); // generateContent, streamGenerateContent?alt=sse, streamGenerateContent
    QTest::addColumn<bool>("snake");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("errorStatus");

    for (const QString &method :
        {u"generateContent"_s, u"streamGenerateContent?alt=sse"_s, u"streamGenerateContent"_s}) {
        const QByteArray m = method.toLatin1();
        QTest::addRow("ACTIVE %s", m.constData()) << u"ACTIVE"_s << method << false << 200 << QString();
        QTest::addRow("PROCESSING %s", m.constData())
            << u"PROCESSING"_s << method << false << 400 << u"FAILED_PRECONDITION"_s;
        QTest::addRow("FAILED %s", m.constData()) << u"FAILED"_s << method << false << 400 << u"FAILED_PRECONDITION"_s;
        QTest::addRow("unknown %s", m.constData()) << u"unknown"_s << method << false << 403 << u"PERMISSION_DENIED"_s;
    }
    QTest::newRow("snake_case PROCESSING")
        << u"PROCESSING"_s << u"generateContent"_s << true << 400 << u"FAILED_PRECONDITION"_s;
    QTest::newRow("snake_case ACTIVE") << u"ACTIVE"_s << u"generateContent"_s << true << 200 << QString();
    QTest::newRow("another host") << u"foreign"_s << u"generateContent"_s << false << 200 << QString();
}

void tst_FakeFileService::generateWithFiles()
{
    QFETCH(QString, state);
    QFETCH(QString, method);
    QFETCH(bool, snake);
    QFETCH(int, status);
    QFETCH(QString, errorStatus);
    FakeFileService::File file;
    file.displayName = u"Meeting"_s;
    file.mimeType = u"audio/mpeg"_s;
    file.sizeBytes = 1234;
    file.state = state == u"PROCESSING"_s || state == u"FAILED"_s ? state : u"ACTIVE"_s;
    const QString name = m_files->addFile(file);
    const QString id = name.mid(6);
    QString uri = m_files->fileUri(name).toString();
    if (state == u"unknown"_s)
        uri = m_server->baseUrl().toString() + u"/v1beta/files/zz9zz9zz9zz9"_s;
    else if (state == u"foreign"_s)
        uri = u"https://generativelanguage.googleapis.com/v1beta/files/"_s + id;

    const HttpResult result = send("POST", u"/v1beta/models/gemini-2.5-flash:"_s + method,
        generateBody(u"Summarise the recording"_s, fileDataPart(uri, {}, snake)));
    QCOMPARE(result.status, status);
    if (status != 200) {
        const QJsonObject error = result.error();
        QCOMPARE(error.value(u"status"_s).toString(), errorStatus);
        QCOMPARE(error.value(u"code"_s).toInt(), status);
        if (status == 400) {
            QCOMPARE(error.value(u"message"_s).toString(),
                u"The File %1 is not in an ACTIVE state and usage is not allowed."_s.arg(id));
        } else {
            QCOMPARE(error.value(u"message"_s).toString(),
                u"You do not have permission to access the File zz9zz9zz9zz9 or it may not exist."_s);
        }
        if (method == u"streamGenerateContent"_s) // a pre-stream error of a JSON-array stream is array-wrapped
            QVERIFY(QJsonDocument::fromJson(result.body).isArray());
        return;
    }
    const QString text = replyText(result.body);
    if (state == u"ACTIVE"_s) // the echo says which file it was given, with the mime type filled in
        QVERIFY2(text.contains(u"fileData audio/mpeg %1 \"Meeting\""_s.arg(name)), qPrintable(text.left(600)));
    else
        QVERIFY2(text.contains(u"last turn parts: text, fileData;"_s), qPrintable(text.left(600)));
}

void tst_FakeFileService::countTokensWithFiles()
{
    FakeFileService::File file;
    file.mimeType = u"image/png"_s;
    file.state = u"PROCESSING"_s;
    const QString processing = m_files->addFile(file);
    file.state = u"ACTIVE"_s;
    const QString active = m_files->addFile(file);
    const auto count = [this](const QString &name) {
        return send("POST", u"/v1beta/models/gemini-2.5-flash:countTokens"_s,
            generateBody(u"How many?"_s, fileDataPart(m_files->fileUri(name).toString())));
    };
    QCOMPARE(count(processing).status, 400);
    const HttpResult ok = count(active);
    QCOMPARE(ok.status, 200);
    // The file's mime type counted as an image (258 tokens) although the part named none.
    QCOMPARE(ok.json().value(u"totalTokens"_s).toInt(), 3 + 258);
    m_files->removeFile(active);
    QCOMPARE(count(active).status, 403);
}

// --- clock, records, standalone -------------------------------------------------------------------------

void tst_FakeFileService::clock()
{
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QVERIFY(qAbs(m_files->now().msecsTo(before)) < 1000);
    QCOMPARE(m_files->now().timeSpec(), Qt::UTC);
    m_files->advanceClock(3600 * 1000);
    QVERIFY(qAbs(m_files->now().msecsTo(before.addSecs(3600))) < 1000);
    const QString name = m_files->addFile({});
    const FakeFileService::File file = *m_files->file(name);
    QCOMPARE(file.expirationTime, file.createTime.addSecs(48 * 3600));
    QVERIFY(qAbs(file.createTime.msecsTo(before.addSecs(3600))) < 1000);
    QCOMPARE(file.state, u"ACTIVE"_s);
    QCOMPARE(file.source, u"UPLOADED"_s);
    QVERIFY(QRegularExpression(u"^files/[a-z0-9]{12}$"_s).match(name).hasMatch());
}

void tst_FakeFileService::requestsRecorded()
{
    const Started started = start(6, "text/plain", R"({"file": {"displayName": "R"}})");
    chunk(started.target, "upload, finalize", 0, "abcdef");
    const QList<FakeGeminiServer::Request> requests = m_server->requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).path, u"/upload/v1beta/files"_s);
    QCOMPARE(requests.at(0).header("x-goog-upload-command"), QByteArray("start"));
    QCOMPARE(requests.at(0).body, QByteArray(R"({"file": {"displayName": "R"}})")); // a small body: buffered
    QVERIFY(!requests.at(0).bodyStreamed);
    QCOMPARE(requests.at(1).path, u"/upload/v1beta/files"_s);
    QCOMPARE(requests.at(1).query.queryItemValue(u"upload_id"_s), started.uploadId);
    QCOMPARE(requests.at(1).header("x-goog-upload-offset"), QByteArray("0"));
    QVERIFY(requests.at(1).bodyStreamed);
    QVERIFY(requests.at(1).body.isEmpty());
    QCOMPARE(requests.at(1).bodyBytes, 6);
    QCOMPARE(m_server->requests(u"/upload/"_s).size(), 2);
}

void tst_FakeFileService::standaloneFlags()
{
    const QString binDir = qEnvironmentVariable("ALHENA_BIN_DIR");
    if (binDir.isEmpty())
        QSKIP("ALHENA_BIN_DIR is not set (ctest sets it): cannot find alhena-fake-server.");
    const QString program = binDir + u"/alhena-fake-server"_s;
    if (!QFile::exists(program))
        QSKIP("alhena-fake-server has not been built.");

    QProcess help;
    help.start(program, {u"--help"_s});
    QVERIFY(help.waitForFinished(10000));
    const QByteArray helpText = help.readAllStandardOutput();
    for (const char *flag : {"--granularity", "--processing-ms", "--cut-upload-at", "--chunk-status", "--link-rate"})
        QVERIFY2(helpText.contains(flag), flag);

    QProcess bad;
    bad.start(program, {u"--port"_s, u"0"_s, u"--chunk-status"_s, u"abc"_s});
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);

    QProcess process;
    process.start(program,
        {u"--port"_s, u"0"_s, u"--granularity"_s, u"1024"_s, u"--processing-ms"_s, u"0"_s, u"--chunk-status"_s,
            u"503"_s, u"--cut-upload-at"_s, u"3000"_s, u"--quiet"_s});
    QVERIFY(process.waitForStarted(5000));
    QVERIFY(waitUntil([&process]() { return process.canReadLine(); }, 10000));
    const QString line = QString::fromUtf8(process.readLine()).trimmed();
    const QRegularExpressionMatch match
        = QRegularExpression(u"^alhena-fake-server listening on http://127\\.0\\.0\\.1:(\\d+) \\(key: test-key\\)$"_s)
              .match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    const auto port = static_cast<quint16>(match.captured(1).toUInt());

    const Started started = start(4096, "video/mp4", {}, {}, port);
    QCOMPARE(started.response.status, 200);
    QCOMPARE(started.response.header("x-goog-upload-chunk-granularity"), QByteArray("1024"));
    // --chunk-status: the first chunk gets 503 and nothing is stored.
    QCOMPARE(chunk(started.target, "upload", 0, content(0, 2048), nullptr, port).status, 503);
    QCOMPARE(chunk(started.target, "upload", 0, content(0, 2048), nullptr, port).status, 200);
    // --cut-upload-at 3000: the connection closes once byte 3000 arrives; 952 bytes are less than a
    // granule, so 2048 stays committed.
    bool closed = false;
    chunk(started.target, "upload, finalize", 2048, content(2048, 2048), &closed, port);
    QVERIFY(closed);
    const RawResponse query
        = http("POST", started.target, {{"X-Goog-Upload-Command", "query"}}, {}, nullptr, 10000, port);
    QCOMPARE(query.header("x-goog-upload-size-received"), QByteArray("2048"));
    const RawResponse final = chunk(started.target, "upload, finalize", 2048, content(2048, 2048), nullptr, port);
    QCOMPARE(final.status, 200);
    const QJsonObject file = final.json().value(u"file"_s).toObject();
    QCOMPARE(file.value(u"sha256Hash"_s).toString(), expectedHash(content(0, 4096)));
    QVERIFY(
        file.value(u"uri"_s).toString().startsWith(u"http://127.0.0.1:"_s + match.captured(1) + u"/v1beta/files/"_s));
    // --processing-ms 0: the video is ACTIVE at the next look.
    const RawResponse got = http(
        "GET", u"/v1beta/"_s + file.value(u"name"_s).toString() + u"?key=test-key"_s, {}, {}, nullptr, 10000, port);
    QCOMPARE(got.json().value(u"state"_s).toString(), u"ACTIVE"_s);

    process.terminate();
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_FakeFileService)
#include "tst_fakefileservice.moc"
