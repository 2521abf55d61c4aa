#include "fakefileservice.h"
#include "resumableupload.h"
#include "support/clientfixture.h"
#include "support/samplefiles.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>

#include <malloc.h>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ResumableUpload::State)

namespace {

using SampleFiles::randomBytes;
using SampleFiles::sha256Hex;
using SampleFiles::writeFile;

constexpr qint64 G = 256 * 1024; // the granularity the fake server is set to in most tests

using Stats = FakeFileService::SessionStats;

// Random bytes are no known type: the tests say what they are.
UploadSource sourceFor(const QString &path, const QString &displayName = {})
{
    UploadSource s = UploadSource::inspect(path, u"application/pdf"_s, displayName);
    if (!s.isValid())
        qFatal("%s", qPrintable(s.error.userMessage()));
    return s;
}

// Everything an upload signals, in one place.
struct Watch
{
    explicit Watch(ResumableUpload *u)
        : finished(u, &ResumableUpload::finished)
        , failed(u, &ResumableUpload::failed)
        , retrying(u, &ResumableUpload::retrying)
        , states(u, &ResumableUpload::stateChanged)
    {
        QObject::connect(u, &ResumableUpload::progressChanged, u, [this](qint64 sent, qint64 total) {
            progress.append({sent, total});
        });
    }
    QSignalSpy finished;
    QSignalSpy failed;
    QSignalSpy retrying;
    QSignalSpy states;
    QList<QPair<qint64, qint64>> progress;

    ApiError error() const { return failed.isEmpty() ? ApiError {} : failed.last().at(0).value<ApiError>(); }
    bool progressMonotonic() const
    {
        for (qsizetype i = 1; i < progress.size(); ++i) {
            if (progress[i].first < progress[i - 1].first)
                return false;
        }
        return true;
    }
};

bool runToEnd(ClientFixture &f, ResumableUpload &upload, int timeoutMs = 30000)
{
    return f.driveRetries([&] { return upload.isDone(); }, timeoutMs);
}

Stats onlySession(ClientFixture &f)
{
    const QList<Stats> sessions = f.server.files()->sessions();
    return sessions.isEmpty() ? Stats {} : sessions.last();
}

// A minimal HTTP/1.1 server with canned answers, for what the fake server (rightly) never does:
// lower-case header names, an upload URL on another host, a wrong offset, a corrupt final reply.
class ScriptedServer final : public QObject
{
public:
    struct Seen
    {
        QByteArray method;
        QByteArray target;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };

    ScriptedServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    QByteArray &buffer = m_buffers[socket];
                    buffer.append(socket->readAll());
                    serve(socket, buffer);
                });
                QObject::connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
                    m_buffers.remove(socket);
                    socket->deleteLater();
                });
            }
        });
        if (!m_server.listen(QHostAddress::LocalHost))
            qFatal("scripted server cannot listen");
    }

    QUrl baseUrl() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }
    // "{BASE}" in a reply is replaced with baseUrl().
    void reply(const QByteArray &raw) { m_replies.append(raw); }
    QList<Seen> seen;

private:
    void serve(QTcpSocket *socket, QByteArray &buffer)
    {
        for (;;) {
            const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            Seen request;
            const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.target = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            const qint64 length = request.headers.value("content-length").toLongLong();
            if (buffer.size() < headEnd + 4 + length)
                return;
            request.body = buffer.mid(headEnd + 4, length);
            buffer.remove(0, headEnd + 4 + length);
            seen.append(request);
            QByteArray raw = m_replies.isEmpty()
                ? QByteArray("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
                : m_replies.takeFirst();
            raw.replace("{BASE}", baseUrl().toString().toLatin1());
            socket->write(raw);
        }
    }

    QTcpServer m_server;
    QList<QByteArray> m_replies;
    QHash<QTcpSocket *, QByteArray> m_buffers; // what arrived and was not answered yet
};

QByteArray httpReply(const QByteArray &statusLine, const QList<QByteArray> &headers, const QByteArray &body = {})
{
    QByteArray raw = "HTTP/1.1 " + statusLine + "\r\n";
    for (const QByteArray &h : headers)
        raw += h + "\r\n";
    raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return raw;
}

QByteArray fileReply(const QByteArray &name, qint64 size, const QByteArray &contentSha256Hex)
{
    QJsonObject file {{"name"_L1, QString::fromLatin1(name)}, {"mimeType"_L1, "application/pdf"_L1},
        {"sizeBytes"_L1, QString::number(size)}, {"sha256Hash"_L1, QString::fromLatin1(contentSha256Hex.toBase64())},
        {"state"_L1, "ACTIVE"_L1},
        {"uri"_L1, QString(u"https://example.invalid/v1beta/"_s + QString::fromLatin1(name))}};
    return QJsonDocument(QJsonObject {{"file"_L1, file}}).toJson(QJsonDocument::Compact);
}

qint64 peakRssBytes()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

qint64 rssBytes()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

} // namespace

class tst_ResumableUpload final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void memoryStaysFlat(); // first: later tests leave a larger heap behind that would hide growth
    void sizes_data();
    void sizes();
    void wireFormat();
    void emptyFileSendsNothing();
    void invalidSourceFailsWithoutRequest();
    void noKeySendsNothing();
    void cutConnectionResumes_data();
    void cutConnectionResumes();
    void transientChunkErrorRetried_data();
    void transientChunkErrorRetried();
    void permanentChunkErrorFails_data();
    void permanentChunkErrorFails();
    void persistentFailureGivesUp();
    void missingStatusHeader();
    void missingStatusHeaderEveryTime();
    void idleTimeoutRecovers();
    void unknownSessionStartsOver();
    void sessionLostTwiceFails();
    void pauseAndResume();
    void pauseBeforeTheSession();
    void cancelSendsCancel();
    void cancelBeforeStart();
    void fileModifiedDuringUpload();
    void granularityAbsentMeans8MiB();
    void chunkSizeRounding_data();
    void chunkSizeRounding();
    void rateAndTimeLeft();
    void lowerCaseHeadersAndRewrittenUrl();
    void garbageGranularityMeansDefault();
    void wrongOffsetContinuesFromServer();
    void wrongOffsetTwiceFails();
    void shaMismatchFailsAndDeletesRemote();
    void expectedDigestChecked_data();
    void expectedDigestChecked();
    void malformedFinalReply();
    void destroyedMidChunk();
};

// --- the happy path, every size ------------------------------------------------------------------

void tst_ResumableUpload::sizes_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<qint64>("chunkBytes"); // 0: the default (8 MiB)
    QTest::newRow("1 byte") << qint64(1) << qint64(0);
    QTest::newRow("g-1") << G - 1 << qint64(0);
    QTest::newRow("g") << G << qint64(0);
    QTest::newRow("g+1") << G + 1 << qint64(0);
    QTest::newRow("g+1, 1-granule chunks") << G + 1 << G;
    QTest::newRow("10g+7, 1-granule chunks") << 10 * G + 7 << G;
    QTest::newRow("10g+7, 3-granule chunks") << 10 * G + 7 << 3 * G;
    QTest::newRow("10g+7, 2.5-granule wish") << 10 * G + 7 << 2 * G + G / 2; // rounded down to 2g
    QTest::newRow("40g, default chunks") << 40 * G << qint64(0);
    QTest::newRow("40g+1, default chunks") << 40 * G + 1 << qint64(0);
}

void tst_ResumableUpload::sizes()
{
    QFETCH(qint64, size);
    QFETCH(qint64, chunkBytes);
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(size, quint32(size));
    const QString path = writeFile(dir, u"data.pdf"_s, bytes);

    ResumableUpload upload(f.client.get(), sourceFor(path, u"My data"_s));
    if (chunkBytes)
        upload.setChunkBytes(chunkBytes);
    Watch w(&upload);
    upload.start();
    QCOMPARE(upload.state(), ResumableUpload::State::Starting);
    QVERIFY(runToEnd(f, upload));
    QVERIFY2(w.failed.isEmpty(), qPrintable(w.error().userMessage()));
    QCOMPARE(w.finished.count(), 1);
    QCOMPARE(upload.state(), ResumableUpload::State::Finished);
    QCOMPARE(w.retrying.count(), 0);

    const RemoteFile file = upload.file();
    QCOMPARE(file.sizeBytes, size);
    QCOMPARE(file.sha256Hex(), sha256Hex(bytes));
    QCOMPARE(file.mimeType, u"application/pdf"_s);
    QCOMPARE(file.displayName, u"My data"_s);
    QCOMPARE(w.finished.at(0).at(0).value<RemoteFile>(), file);
    const std::optional<FakeFileService::File> stored = f.server.files()->file(file.name);
    QVERIFY(stored);
    QCOMPARE(stored->sha256Hex, sha256Hex(bytes));

    // Chunks: multiples of the granularity except the last, in order, each byte once.
    QCOMPARE(upload.granularity(), G);
    const qint64 chunk = chunkBytes ? std::max(G, chunkBytes / G * G) : qint64(8 * 1024 * 1024);
    const Stats s = onlySession(f);
    QCOMPARE(f.server.files()->sessions().size(), 1);
    QVERIFY(s.finalized);
    QCOMPARE(s.duplicateBytes, 0);
    QCOMPARE(s.bodyBytesReceived, size);
    QCOMPARE(s.queryRequests, 0);
    QList<qint64> expectedOffsets;
    for (qint64 o = 0; o < size; o += chunk)
        expectedOffsets.append(o);
    QCOMPARE(s.chunkOffsets, expectedOffsets);

    // Progress: never backwards, the same total, ending at the total.
    QVERIFY(!w.progress.isEmpty());
    QVERIFY(w.progressMonotonic());
    for (const auto &p : std::as_const(w.progress))
        QCOMPARE(p.second, size);
    QCOMPARE(w.progress.last().first, size);
    QCOMPARE(upload.bytesSent(), size);
    QCOMPARE(upload.bytesCommitted(), size);
    QCOMPARE(upload.msRemaining(), std::optional<qint64>(0));
    QCOMPARE(w.states.last().at(0).value<ResumableUpload::State>(), ResumableUpload::State::Finished);
}

void tst_ResumableUpload::wireFormat()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(2 * G + 3, 5);
    const QString path = writeFile(dir, u"wire.pdf"_s, bytes);
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(G);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QCOMPARE(upload.state(), ResumableUpload::State::Finished);

    const QList<FakeGeminiServer::Request> requests = f.server.requests(u"/upload/v1beta/files"_s);
    QCOMPARE(requests.size(), 4); // start + 3 chunks
    const FakeGeminiServer::Request &start = requests[0];
    QCOMPARE(start.method, QByteArray("POST"));
    QVERIFY(!start.query.hasQueryItem(u"upload_id"_s));
    QCOMPARE(start.header("x-goog-api-key"), f.server.apiKey().toUtf8());
    QCOMPARE(start.header("x-goog-upload-protocol"), QByteArray("resumable"));
    QCOMPARE(start.header("x-goog-upload-command"), QByteArray("start"));
    QCOMPARE(start.header("x-goog-upload-header-content-length"), QByteArray::number(bytes.size()));
    QCOMPARE(start.header("x-goog-upload-header-content-type"), QByteArray("application/pdf"));
    QVERIFY(start.header("content-type").startsWith("application/json"));
    QCOMPARE(start.json(), (QJsonObject {{"file"_L1, QJsonObject {{"displayName"_L1, "wire.pdf"_L1}}}}));
    QVERIFY(!start.query.hasQueryItem(u"key"_s));

    const QList<QByteArray> commands {"upload", "upload", "upload, finalize"};
    for (int i = 1; i < 4; ++i) {
        const FakeGeminiServer::Request &chunk = requests[i];
        QVERIFY(chunk.query.hasQueryItem(u"upload_id"_s));
        QVERIFY2(chunk.header("x-goog-api-key").isEmpty(), "the key goes only with the start request");
        QVERIFY(!chunk.query.hasQueryItem(u"key"_s));
        QCOMPARE(chunk.header("x-goog-upload-command"), commands[i - 1]);
        QCOMPARE(chunk.header("x-goog-upload-offset"), QByteArray::number((i - 1) * G));
        QCOMPARE(chunk.header("content-length"), QByteArray::number(i < 3 ? G : 3));
        QVERIFY(chunk.header("transfer-encoding").isEmpty());
        QVERIFY(chunk.bodyStreamed);
    }
}

// --- refused before anything is sent ------------------------------------------------------------

void tst_ResumableUpload::emptyFileSendsNothing()
{
    ClientFixture f;
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"empty.pdf"_s, {});
    const UploadSource source = UploadSource::inspect(path, u"application/pdf"_s);
    QVERIFY(!source.isValid());
    ResumableUpload upload(f.client.get(), source);
    Watch w(&upload);
    upload.start();
    QCOMPARE(w.failed.count(), 0); // asynchronously, so a caller can connect after start()
    QVERIFY(w.failed.wait(5000));
    QCOMPARE(w.error().kind, ApiError::Kind::LocalFile);
    QVERIFY(w.error().userMessage().contains(u"empty"_s));
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QTest::qWait(50);
    QCOMPARE(f.server.requests().size(), 0);
    QCOMPARE(f.server.connectionCount(), 0);
}

void tst_ResumableUpload::invalidSourceFailsWithoutRequest()
{
    ClientFixture f;
    QTemporaryDir dir;
    ResumableUpload upload(f.client.get(), UploadSource::inspect(dir.filePath(u"nothing-here.pdf"_s)));
    Watch w(&upload);
    upload.start();
    QVERIFY(w.failed.wait(5000));
    QCOMPARE(w.error().kind, ApiError::Kind::LocalFile);
    QVERIFY(w.error().userMessage().contains(u"does not exist"_s));
    QCOMPARE(f.server.connectionCount(), 0);
    upload.start(); // a second start does nothing
    QTest::qWait(20);
    QCOMPARE(w.failed.count(), 1);
}

void tst_ResumableUpload::noKeySendsNothing()
{
    ClientFixture f;
    f.client->setApiKey({});
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"k.pdf"_s, randomBytes(1000, 1));
    ResumableUpload upload(f.client.get(), sourceFor(path));
    Watch w(&upload);
    upload.start();
    QVERIFY(w.failed.wait(5000));
    QCOMPARE(w.error().kind, ApiError::Kind::MissingKey);
    QCOMPARE(f.server.connectionCount(), 0);
    QCOMPARE(f.server.files()->sessions().size(), 0);
}

// --- failures and recovery ----------------------------------------------------------------------

void tst_ResumableUpload::cutConnectionResumes_data()
{
    QTest::addColumn<double>("at");
    QTest::addColumn<qint64>("chunkBytes");
    for (double at : {0.1, 0.5, 0.9}) {
        QTest::addRow("cut at %d%%, one chunk", int(at * 100)) << at << qint64(0);
        QTest::addRow("cut at %d%%, 3-granule chunks", int(at * 100)) << at << 3 * G;
    }
}

void tst_ResumableUpload::cutConnectionResumes()
{
    QFETCH(double, at);
    QFETCH(qint64, chunkBytes);
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const qint64 size = 10 * G + 7;
    const QByteArray bytes = randomBytes(size, 77);
    const QString path = writeFile(dir, u"cut.pdf"_s, bytes);
    FakeFileService::ChunkFault fault;
    fault.cutAtOffset = qint64(double(size) * at) + 123; // not on a granule: the server drops the tail
    f.server.files()->enqueueChunkFault(fault);

    ResumableUpload upload(f.client.get(), sourceFor(path));
    if (chunkBytes)
        upload.setChunkBytes(chunkBytes);
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QVERIFY2(w.failed.isEmpty(), qPrintable(w.error().userMessage()));
    QCOMPARE(f.server.files()->pendingChunkFaults(), 0); // the cut happened
    QVERIFY(w.retrying.count() >= 1);
    const Stats s = onlySession(f);
    QCOMPARE(s.duplicateBytes, 0); // nothing below the server's offset went twice
    QVERIFY(s.queryRequests >= 1); // it asked how far the server got
    QVERIFY(s.finalized);
    QCOMPARE(upload.file().sha256Hex(), sha256Hex(bytes));
    QCOMPARE(f.server.files()->file(upload.file().name)->sha256Hex, sha256Hex(bytes));
    QCOMPARE(w.progress.last().first, size);
    // The resumed chunk began at the committed granule below the cut.
    QVERIFY(s.chunkOffsets.contains(fault.cutAtOffset / G * G));
}

void tst_ResumableUpload::transientChunkErrorRetried_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("503") << 503;
    QTest::newRow("500") << 500;
    QTest::newRow("502") << 502;
    QTest::newRow("429") << 429;
    QTest::newRow("408") << 408;
}

void tst_ResumableUpload::transientChunkErrorRetried()
{
    QFETCH(int, status);
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(4 * G + 9, quint32(status));
    const QString path = writeFile(dir, u"e.pdf"_s, bytes);
    FakeFileService::ChunkFault fault;
    fault.httpStatus = status;
    f.server.files()->enqueueChunkFault(fault);

    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(2 * G);
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QVERIFY2(w.failed.isEmpty(), qPrintable(w.error().userMessage()));
    QCOMPARE(w.retrying.count(), 1);
    QCOMPARE(w.retrying.at(0).at(0).toInt(), 2); // the next attempt is the second
    QCOMPARE(w.retrying.at(0).at(1).toLongLong(), f.client->config().retry.initialDelayMs); // jitter 0 in the fixture
    QCOMPARE(w.retrying.at(0).at(2).value<ApiError>().httpStatus, status);
    const Stats s = onlySession(f);
    QCOMPARE(s.duplicateBytes, 0);
    QCOMPARE(s.queryRequests, 1);
    QCOMPARE(upload.file().sha256Hex(), sha256Hex(bytes));
    QVERIFY(w.states.contains(QVariantList {QVariant::fromValue(ResumableUpload::State::Recovering)}));
}

void tst_ResumableUpload::permanentChunkErrorFails_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::newRow("400 without an offset") << 400 << ApiError::Kind::InvalidRequest;
    QTest::newRow("403") << 403 << ApiError::Kind::PermissionDenied;
    QTest::newRow("413") << 413 << ApiError::Kind::InvalidRequest;
}

void tst_ResumableUpload::permanentChunkErrorFails()
{
    QFETCH(int, status);
    QFETCH(ApiError::Kind, kind);
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"p.pdf"_s, randomBytes(3 * G, 3));
    FakeFileService::ChunkFault fault;
    fault.httpStatus = status;
    f.server.files()->enqueueChunkFault(fault);
    ResumableUpload upload(f.client.get(), sourceFor(path));
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QCOMPARE(w.retrying.count(), 0);
    QCOMPARE(w.error().httpStatus, status);
    if (status != 413)
        QCOMPARE(w.error().kind, kind);
    QVERIFY(!w.error().userMessage().isEmpty());
    QCOMPARE(f.server.files()->files().size(), 0);
}

void tst_ResumableUpload::persistentFailureGivesUp()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"down.pdf"_s, randomBytes(3 * G, 4));
    const int maxAttempts = f.client->config().retry.maxAttempts;
    for (int i = 0; i < maxAttempts + 2; ++i) {
        FakeFileService::ChunkFault fault;
        fault.httpStatus = 503;
        f.server.files()->enqueueChunkFault(fault);
    }
    ResumableUpload upload(f.client.get(), sourceFor(path));
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QCOMPARE(w.error().kind, ApiError::Kind::Overloaded);
    QCOMPARE(w.retrying.count(), maxAttempts - 1);
    QCOMPARE(onlySession(f).chunkRequests, maxAttempts);
    // The backoff grew: 1 s, 2 s, 4 s with the default policy.
    for (int i = 1; i < w.retrying.count(); ++i)
        QVERIFY(w.retrying.at(i).at(1).toLongLong() > w.retrying.at(i - 1).at(1).toLongLong());
}

void tst_ResumableUpload::missingStatusHeader()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(5 * G + 1, 8);
    const QString path = writeFile(dir, u"h.pdf"_s, bytes);
    FakeFileService::ChunkFault fault;
    fault.omitStatusHeader = true;
    f.server.files()->enqueueChunkFault(fault);
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(2 * G);
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QVERIFY2(w.failed.isEmpty(), qPrintable(w.error().userMessage()));
    QCOMPARE(w.retrying.count(), 1);
    const Stats s = onlySession(f);
    QCOMPARE(s.duplicateBytes, 0);
    QCOMPARE(s.chunkOffsets, (QList<qint64> {0, 0, 2 * G, 4 * G})); // the same chunk again, once
    QCOMPARE(upload.file().sha256Hex(), sha256Hex(bytes));
}

void tst_ResumableUpload::missingStatusHeaderEveryTime()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.client->setConfig([&] {
        ClientConfig c = f.client->config();
        c.retry.maxAttempts = 10; // the header-less limit (3 resends) is what stops it
        return c;
    }());
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"h.pdf"_s, randomBytes(G, 8));
    for (int i = 0; i < 10; ++i) {
        FakeFileService::ChunkFault fault;
        fault.omitStatusHeader = true;
        f.server.files()->enqueueChunkFault(fault);
    }
    ResumableUpload upload(f.client.get(), sourceFor(path));
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QCOMPARE(w.error().kind, ApiError::Kind::MalformedResponse);
    QCOMPARE(onlySession(f).chunkRequests, ResumableUpload::MaxHeaderlessReplies + 1);
}

void tst_ResumableUpload::idleTimeoutRecovers()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(3 * G + 5, 9);
    const QString path = writeFile(dir, u"slow.pdf"_s, bytes);
    FakeFileService::ChunkFault fault;
    fault.delayMs = 3000; // the answer to the first chunk comes late: the chunk itself was stored
    f.server.files()->enqueueChunkFault(fault);
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(G);
    upload.setIdleTimeoutMs(300);
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QVERIFY2(w.failed.isEmpty(), qPrintable(w.error().userMessage()));
    QCOMPARE(w.retrying.count(), 1);
    QCOMPARE(w.retrying.at(0).at(2).value<ApiError>().kind, ApiError::Kind::Timeout);
    const Stats s = onlySession(f);
    QCOMPARE(s.duplicateBytes, 0);
    QCOMPARE(s.queryRequests, 1);
    QCOMPARE(s.chunkOffsets, (QList<qint64> {0, G, 2 * G, 3 * G})); // continued after the stored chunk
    QCOMPARE(upload.file().sha256Hex(), sha256Hex(bytes));
}

void tst_ResumableUpload::unknownSessionStartsOver()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const qint64 size = 6 * G + 11;
    const QByteArray bytes = randomBytes(size, 10);
    const QString path = writeFile(dir, u"again.pdf"_s, bytes);
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(G);
    bool expired = false;
    connect(&upload, &ResumableUpload::progressChanged, this, [&] {
        // Between two chunks (the reply is in, the next request not yet sent): the server forgets.
        if (!expired && upload.bytesCommitted() >= 2 * G && upload.bytesSent() == upload.bytesCommitted()) {
            expired = true;
            f.server.files()->expireSessions();
        }
    });
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QVERIFY(expired);
    QVERIFY2(w.failed.isEmpty(), qPrintable(w.error().userMessage()));
    const QList<Stats> sessions = f.server.files()->sessions();
    QCOMPARE(sessions.size(), 2);
    QVERIFY(!sessions[0].finalized);
    QVERIFY(sessions[1].finalized);
    QCOMPARE(sessions[1].duplicateBytes, 0);
    QCOMPARE(sessions[1].bodyBytesReceived, size);
    QCOMPARE(w.retrying.count(), 1);
    QCOMPARE(w.retrying.at(0).at(2).value<ApiError>().httpStatus, 404);
    // Progress went back to 0 (reported) and then up to the total.
    bool wentBack = false;
    for (qsizetype i = 1; i < w.progress.size(); ++i)
        wentBack = wentBack || (w.progress[i].first == 0 && w.progress[i - 1].first > 0);
    QVERIFY(wentBack);
    QCOMPARE(w.progress.last().first, size);
    QCOMPARE(upload.file().sha256Hex(), sha256Hex(bytes));
    QCOMPARE(f.server.files()->files().size(), 1);
}

void tst_ResumableUpload::sessionLostTwiceFails()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"twice.pdf"_s, randomBytes(6 * G, 11));
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(G);
    connect(&upload, &ResumableUpload::progressChanged, this, [&] {
        if (upload.bytesCommitted() >= G && upload.bytesSent() == upload.bytesCommitted())
            f.server.files()->expireSessions();
    });
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QCOMPARE(f.server.files()->sessions().size(), 2);
    QVERIFY(w.error().userMessage().contains(u"twice"_s));
    QCOMPARE(f.server.files()->files().size(), 0);
}

// --- pause, resume, cancel ----------------------------------------------------------------------

void tst_ResumableUpload::pauseAndResume()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.server.files()->setLinkBytesPerSecond(4 * 1024 * 1024);
    QTemporaryDir dir;
    const qint64 size = 8 * G + 5; // ~0.5 s on the slow link
    const QByteArray bytes = randomBytes(size, 12);
    const QString path = writeFile(dir, u"pause.pdf"_s, bytes);
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(3 * G);
    Watch w(&upload);
    upload.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload.bytesSent() >= 4 * G, 10000); // inside the second chunk
    upload.pause();
    QCOMPARE(upload.state(), ResumableUpload::State::Paused);
    QCOMPARE(upload.bytesSent(), upload.bytesCommitted()); // nothing in flight
    QCOMPARE(upload.bytesPerSecond(), 0.0);
    const int requestsWhenPaused = int(f.server.requests().size());
    QTest::qWait(300);
    QVERIFY(f.server.requests().size() <= requestsWhenPaused + 1); // at most the aborted chunk, recorded late
    QCOMPARE(upload.state(), ResumableUpload::State::Paused);
    QVERIFY(w.failed.isEmpty()); // a pause is no error
    upload.pause();              // twice: nothing
    f.server.files()->setLinkBytesPerSecond(0);
    upload.resume();
    QVERIFY(runToEnd(f, upload));
    QVERIFY2(w.failed.isEmpty(), qPrintable(w.error().userMessage()));
    const Stats s = onlySession(f);
    QCOMPARE(s.duplicateBytes, 0);
    QVERIFY(s.queryRequests >= 1);
    QCOMPARE(upload.file().sha256Hex(), sha256Hex(bytes));
    QVERIFY(w.states.contains(QVariantList {QVariant::fromValue(ResumableUpload::State::Paused)}));
}

void tst_ResumableUpload::pauseBeforeTheSession()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(G + 1, 13);
    const QString path = writeFile(dir, u"early.pdf"_s, bytes);
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.start();
    upload.pause(); // the start request is aborted
    QCOMPARE(upload.state(), ResumableUpload::State::Paused);
    QTest::qWait(100);
    upload.resume();
    QVERIFY(runToEnd(f, upload));
    QCOMPARE(upload.state(), ResumableUpload::State::Finished);
    QCOMPARE(upload.file().sha256Hex(), sha256Hex(bytes));
}

void tst_ResumableUpload::cancelSendsCancel()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.server.files()->setLinkBytesPerSecond(2 * 1024 * 1024);
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"cancel.pdf"_s, randomBytes(8 * G, 14));
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(2 * G);
    Watch w(&upload);
    upload.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload.bytesSent() >= 3 * G, 10000);
    upload.cancel();
    QCOMPARE(upload.state(), ResumableUpload::State::Cancelled);
    QCOMPARE(w.failed.count(), 1);
    QCOMPARE(w.error().kind, ApiError::Kind::Cancelled);
    QVERIFY(upload.isDone());
    QTRY_VERIFY_WITH_TIMEOUT(onlySession(f).cancelled, 5000); // the server heard it
    QCOMPARE(onlySession(f).cancelRequests, 1);
    QVERIFY(!onlySession(f).finalized);
    QTest::qWait(100);
    QCOMPARE(f.server.files()->files().size(), 0);
    upload.cancel(); // again: nothing
    upload.resume();
    QCOMPARE(w.failed.count(), 1);
}

void tst_ResumableUpload::cancelBeforeStart()
{
    ClientFixture f;
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"c.pdf"_s, randomBytes(100, 15));
    ResumableUpload upload(f.client.get(), sourceFor(path));
    Watch w(&upload);
    upload.cancel();
    QCOMPARE(upload.state(), ResumableUpload::State::Cancelled);
    QCOMPARE(w.error().kind, ApiError::Kind::Cancelled);
    upload.start(); // too late
    QTest::qWait(50);
    QCOMPARE(f.server.connectionCount(), 0);
}

void tst_ResumableUpload::fileModifiedDuringUpload()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"moving.pdf"_s, randomBytes(4 * G, 16));
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(G);
    bool modified = false;
    connect(&upload, &ResumableUpload::progressChanged, this, [&] {
        if (!modified && upload.bytesCommitted() >= G) {
            modified = true;
            QFile file(path);
            QVERIFY(file.open(QIODevice::Append));
            file.write("more");
        }
    });
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QCOMPARE(w.error().kind, ApiError::Kind::LocalFile);
    QVERIFY2(w.error().userMessage().contains(u"changed while it was being uploaded"_s),
        qPrintable(w.error().userMessage()));
    QCOMPARE(w.retrying.count(), 0);
    QCOMPARE(f.server.files()->files().size(), 0);
}

// --- granularity and chunk sizes ----------------------------------------------------------------

void tst_ResumableUpload::granularityAbsentMeans8MiB()
{
    ClientFixture f;
    f.server.files()->setGranularity(ResumableUpload::DefaultGranularity);
    f.server.files()->setAdvertiseGranularity(false);
    QTemporaryDir dir;
    const qint64 size = ResumableUpload::DefaultGranularity + 5;
    const QByteArray bytes = randomBytes(size, 17);
    const QString path = writeFile(dir, u"big.pdf"_s, bytes);
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(G); // smaller than a granule: rounded up to one
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QCOMPARE(upload.state(), ResumableUpload::State::Finished);
    QCOMPARE(upload.granularity(), ResumableUpload::DefaultGranularity);
    QCOMPARE(onlySession(f).chunkOffsets, (QList<qint64> {0, ResumableUpload::DefaultGranularity}));
    QCOMPARE(upload.file().sha256Hex(), sha256Hex(bytes));
}

void tst_ResumableUpload::chunkSizeRounding_data()
{
    QTest::addColumn<qint64>("wish");
    QTest::addColumn<QList<qint64>>("offsets"); // for a file of 4g+1
    QTest::newRow("0: default") << qint64(0) << QList<qint64> {0};
    QTest::newRow("1 byte: one granule") << qint64(1) << QList<qint64> {0, G, 2 * G, 3 * G, 4 * G};
    QTest::newRow("g+1: one granule") << G + 1 << QList<qint64> {0, G, 2 * G, 3 * G, 4 * G};
    QTest::newRow("2g-1: one granule") << 2 * G - 1 << QList<qint64> {0, G, 2 * G, 3 * G, 4 * G};
    QTest::newRow("2g") << 2 * G << QList<qint64> {0, 2 * G, 4 * G};
    QTest::newRow("negative: default") << qint64(-5) << QList<qint64> {0};
}

void tst_ResumableUpload::chunkSizeRounding()
{
    QFETCH(qint64, wish);
    QFETCH(QList<qint64>, offsets);
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"r.pdf"_s, randomBytes(4 * G + 1, 18));
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(wish);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    QCOMPARE(upload.state(), ResumableUpload::State::Finished);
    QCOMPARE(onlySession(f).chunkOffsets, offsets);
}

void tst_ResumableUpload::rateAndTimeLeft()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const qint64 size = 20 * G;
    const QString path = writeFile(dir, u"rate.pdf"_s, randomBytes(size, 19));
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setChunkBytes(G);
    // Each committed chunk takes exactly 1 s on the test's clock: 256 KiB/s.
    qint64 lastCommitted = 0;
    double rateSeen = 0;
    std::optional<qint64> leftSeen;
    qint64 sentSeen = 0;
    QList<double> rates;
    connect(&upload, &ResumableUpload::progressChanged, this, [&] {
        if (upload.bytesCommitted() == lastCommitted || upload.state() != ResumableUpload::State::Uploading)
            return;
        lastCommitted = upload.bytesCommitted();
        rateSeen = upload.bytesPerSecond();
        leftSeen = upload.msRemaining();
        sentSeen = upload.bytesSent();
        if (rateSeen > 0)
            rates.append(rateSeen);
        f.scheduler.advance(1000); // the next chunk takes a second
    });
    QCOMPARE(upload.bytesPerSecond(), 0.0);
    QVERIFY(!upload.msRemaining());
    upload.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload.bytesCommitted() >= 10 * G, 10000);
    upload.pause();
    QVERIFY(!rates.isEmpty());
    // Over the 5 s window: G bytes per second, once the window is full.
    QVERIFY(rates.size() >= 6);
    for (qsizetype i = 5; i < rates.size(); ++i) // within a socket write or two of 5 granules in 5 s
        QVERIFY2(qAbs(rates[i] - double(G)) <= double(G) * 0.05, qPrintable(QString::number(rates[i])));
    QVERIFY(leftSeen);
    const double expectedLeft = double(size - sentSeen) * 1000.0 / rateSeen;
    QVERIFY(qAbs(double(*leftSeen) - expectedLeft) <= 1.0);
    QCOMPARE(upload.bytesPerSecond(), 0.0); // paused
    QVERIFY(!upload.msRemaining());
}

// --- what only a scripted server can show --------------------------------------------------------

void tst_ResumableUpload::lowerCaseHeadersAndRewrittenUrl()
{
    ScriptedServer server;
    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = server.baseUrl(); // not the default endpoint: the upload URL is rewritten to it
    config.apiKey = u"k-123"_s;
    GeminiClient client(&nam, config);
    FakeScheduler scheduler;
    client.setScheduler(&scheduler);

    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(3 * 1024, 20);
    const QString path = writeFile(dir, u"lc.pdf"_s, bytes);
    server.reply(httpReply("200 OK",
        {"x-goog-upload-status: active",
            "x-goog-upload-url: https://upload.elsewhere.example:9443/upload/v1beta/files?upload_id=abc-1&"
            "upload_protocol=resumable",
            "x-goog-upload-chunk-granularity: 1024"}));
    server.reply(httpReply("200 OK", {"x-goog-upload-status: active", "x-goog-upload-size-received: 2048"}));
    server.reply(httpReply("200 OK", {"content-type: application/json", "x-goog-upload-status: final"},
        fileReply("files/lc1", bytes.size(), sha256Hex(bytes))));

    ResumableUpload upload(&client, sourceFor(path));
    upload.setChunkBytes(2048);
    Watch w(&upload);
    upload.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload.isDone(), 10000);
    QVERIFY2(w.failed.isEmpty(), qPrintable(w.error().userMessage()));
    QCOMPARE(upload.granularity(), qint64(1024));
    QCOMPARE(upload.file().name, u"files/lc1"_s);
    QCOMPARE(upload.sessionUrl().host(), u"127.0.0.1"_s);
    QCOMPARE(upload.sessionUrl().scheme(), u"http"_s);
    QCOMPARE(upload.sessionUrl().port(), server.baseUrl().port());
    QCOMPARE(server.seen.size(), 3);
    QCOMPARE(server.seen[1].target, QByteArray("/upload/v1beta/files?upload_id=abc-1&upload_protocol=resumable"));
    QCOMPARE(server.seen[1].body, bytes.left(2048));
    QCOMPARE(server.seen[2].headers.value("x-goog-upload-offset"), QByteArray("2048"));
    QCOMPARE(server.seen[2].body, bytes.mid(2048));
    QVERIFY(!server.seen[1].headers.contains("x-goog-api-key"));
    QCOMPARE(server.seen[0].headers.value("x-goog-api-key"), QByteArray("k-123"));
}

void tst_ResumableUpload::garbageGranularityMeansDefault()
{
    ScriptedServer server;
    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = server.baseUrl();
    config.apiKey = u"k"_s;
    GeminiClient client(&nam, config);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(100, 21);
    const QString path = writeFile(dir, u"g.pdf"_s, bytes);
    server.reply(httpReply("200 OK",
        {"X-Goog-Upload-Status: active", "X-Goog-Upload-URL: {BASE}/upload/v1beta/files?upload_id=g",
            "X-Goog-Upload-Chunk-Granularity: lots"}));
    server.reply(httpReply("200 OK", {"X-Goog-Upload-Status: final"}, fileReply("files/g", 100, sha256Hex(bytes))));
    ResumableUpload upload(&client, sourceFor(path));
    upload.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload.isDone(), 10000);
    QCOMPARE(upload.state(), ResumableUpload::State::Finished);
    QCOMPARE(upload.granularity(), ResumableUpload::DefaultGranularity);
}

void tst_ResumableUpload::wrongOffsetContinuesFromServer()
{
    ScriptedServer server;
    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = server.baseUrl();
    config.apiKey = u"k"_s;
    GeminiClient client(&nam, config);
    FakeScheduler scheduler;
    client.setScheduler(&scheduler);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(4096, 22);
    const QString path = writeFile(dir, u"o.pdf"_s, bytes);
    server.reply(httpReply("200 OK",
        {"X-Goog-Upload-Status: active", "X-Goog-Upload-URL: {BASE}/upload/v1beta/files?upload_id=o",
            "X-Goog-Upload-Chunk-Granularity: 1024"}));
    // The server already has 3072 bytes (a reply that was lost, say).
    server.reply(httpReply("400 Bad Request", {"X-Goog-Upload-Status: active", "X-Goog-Upload-Size-Received: 3072"},
        "Invalid request. The X-Goog-Upload-Offset header says 0."));
    server.reply(httpReply("200 OK", {"X-Goog-Upload-Status: final"}, fileReply("files/o", 4096, sha256Hex(bytes))));
    ResumableUpload upload(&client, sourceFor(path));
    Watch w(&upload);
    upload.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload.isDone(), 10000);
    QVERIFY2(w.failed.isEmpty(), qPrintable(w.error().userMessage()));
    QCOMPARE(server.seen.size(), 3);
    QCOMPARE(server.seen[2].headers.value("x-goog-upload-offset"), QByteArray("3072"));
    QCOMPARE(server.seen[2].headers.value("x-goog-upload-command"), QByteArray("upload, finalize"));
    QCOMPARE(server.seen[2].body, bytes.mid(3072));
    // The refused first request had read the whole file in order: the digest was compared, and matched.
    QCOMPARE(upload.state(), ResumableUpload::State::Finished);
}

void tst_ResumableUpload::wrongOffsetTwiceFails()
{
    ScriptedServer server;
    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = server.baseUrl();
    config.apiKey = u"k"_s;
    GeminiClient client(&nam, config);
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"o.pdf"_s, randomBytes(4096, 23));
    server.reply(httpReply("200 OK",
        {"X-Goog-Upload-Status: active", "X-Goog-Upload-URL: {BASE}/upload/v1beta/files?upload_id=o",
            "X-Goog-Upload-Chunk-Granularity: 1024"}));
    for (int i = 0; i < 3; ++i)
        server.reply(httpReply("400 Bad Request", {"X-Goog-Upload-Status: active", "X-Goog-Upload-Size-Received: 0"}));
    ResumableUpload upload(&client, sourceFor(path));
    Watch w(&upload);
    upload.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload.isDone(), 10000);
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QCOMPARE(w.error().httpStatus, 400);
    QCOMPARE(server.seen.size(), 3); // start, the chunk, the chunk again from the server's offset: then stop
}

void tst_ResumableUpload::shaMismatchFailsAndDeletesRemote()
{
    ScriptedServer server;
    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = server.baseUrl();
    config.apiKey = u"k-sha"_s;
    GeminiClient client(&nam, config);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(2000, 24);
    const QString path = writeFile(dir, u"bad.pdf"_s, bytes);
    server.reply(httpReply(
        "200 OK", {"X-Goog-Upload-Status: active", "X-Goog-Upload-URL: {BASE}/upload/v1beta/files?upload_id=s"}));
    server.reply(httpReply(
        "200 OK", {"X-Goog-Upload-Status: final"}, fileReply("files/corrupt", 2000, sha256Hex("something else"))));
    server.reply(httpReply("200 OK", {"Content-Type: application/json"}, "{}\n")); // the DELETE
    ResumableUpload upload(&client, sourceFor(path));
    Watch w(&upload);
    upload.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload.isDone(), 10000);
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QVERIFY2(w.error().userMessage().contains(u"differs"_s), qPrintable(w.error().userMessage()));
    QVERIFY(w.error().userMessage().contains(QString::fromLatin1(sha256Hex(bytes))));
    QTRY_COMPARE_WITH_TIMEOUT(server.seen.size(), 3, 5000);
    QCOMPARE(server.seen[2].method, QByteArray("DELETE"));
    QCOMPARE(server.seen[2].target, QByteArray("/v1beta/files/corrupt"));
    QCOMPARE(server.seen[2].headers.value("x-goog-api-key"), QByteArray("k-sha"));
}

void tst_ResumableUpload::expectedDigestChecked_data()
{
    QTest::addColumn<bool>("right");
    QTest::newRow("the digest of the file") << true;
    QTest::newRow("another digest") << false;
}

void tst_ResumableUpload::expectedDigestChecked()
{
    QFETCH(bool, right);
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(3 * G + 1, 27);
    const QString path = writeFile(dir, u"pre.pdf"_s, bytes);
    ResumableUpload upload(f.client.get(), sourceFor(path));
    upload.setExpectedSha256Hex(right ? sha256Hex(bytes).toUpper() : sha256Hex("not the file"));
    Watch w(&upload);
    upload.start();
    QVERIFY(runToEnd(f, upload));
    if (right) {
        QCOMPARE(upload.state(), ResumableUpload::State::Finished);
        QCOMPARE(f.server.files()->files().size(), 1);
        return;
    }
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QVERIFY(w.error().userMessage().contains(u"differs"_s));
    // The copy that does not match is deleted from the server.
    QTRY_COMPARE_WITH_TIMEOUT(f.server.files()->files().size(), 0, 5000);
    QCOMPARE(f.server.requests(u"/v1beta/files/"_s).size(), 1);
    QCOMPARE(f.server.requests(u"/v1beta/files/"_s).at(0).method, QByteArray("DELETE"));
}

void tst_ResumableUpload::malformedFinalReply()
{
    ScriptedServer server;
    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = server.baseUrl();
    config.apiKey = u"k"_s;
    GeminiClient client(&nam, config);
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"m.pdf"_s, randomBytes(10, 25));
    server.reply(httpReply(
        "200 OK", {"X-Goog-Upload-Status: active", "X-Goog-Upload-URL: {BASE}/upload/v1beta/files?upload_id=m"}));
    server.reply(httpReply("200 OK", {"X-Goog-Upload-Status: final"}, "{\"file\": {\"nam"));
    ResumableUpload upload(&client, sourceFor(path));
    Watch w(&upload);
    upload.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload.isDone(), 10000);
    QCOMPARE(upload.state(), ResumableUpload::State::Failed);
    QCOMPARE(w.error().kind, ApiError::Kind::MalformedResponse);

    // And a start reply without an upload URL.
    ScriptedServer server2;
    config.baseUrl = server2.baseUrl();
    client.setConfig(config);
    server2.reply(httpReply("200 OK", {"X-Goog-Upload-Status: active"}));
    ResumableUpload upload2(&client, sourceFor(path));
    Watch w2(&upload2);
    upload2.start();
    QTRY_VERIFY_WITH_TIMEOUT(upload2.isDone(), 10000);
    QCOMPARE(w2.error().kind, ApiError::Kind::MalformedResponse);
    QCOMPARE(server2.seen.size(), 1);
}

void tst_ResumableUpload::destroyedMidChunk()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.server.files()->setLinkBytesPerSecond(1024 * 1024);
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"d.pdf"_s, randomBytes(4 * G, 26));
    auto *upload = new ResumableUpload(f.client.get(), sourceFor(path));
    upload->start();
    QTRY_VERIFY_WITH_TIMEOUT(upload->bytesSent() > G / 2, 10000);
    delete upload; // aborts the chunk in flight
    QTest::qWait(200);
    QCOMPARE(f.server.files()->files().size(), 0);
}

// --- memory (issue 3: "a 2 GB upload must not grow the process by more than ~64 MB") -------------

void tst_ResumableUpload::memoryStaysFlat()
{
    // MEMORY CHECK. 256 MiB (a sparse file: no disk space, fast to read) through the real socket
    // with the default 8 MiB chunks and granularity. The peak RSS of this process (client AND the
    // in-process fake server) may grow by less than 64 MB. The peak is reset first so that earlier
    // tests do not hide a rise.
    ::malloc_trim(0);
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer keeps freed memory in quarantine: the peak RSS says nothing here");
#endif
    QFile clearRefs(u"/proc/self/clear_refs"_s);
    if (!clearRefs.open(QIODevice::WriteOnly) || clearRefs.write("5") != 1)
        QSKIP("cannot reset the peak RSS (/proc/self/clear_refs)");
    clearRefs.close();
    const qint64 before = peakRssBytes();
    QVERIFY(before > 0);
    QVERIFY2(before - rssBytes() < 8 * 1024 * 1024, "the peak was not reset");

    ClientFixture f;
    QTemporaryDir dir;
    const QString path = dir.filePath(u"big.pdf"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(256LL * 1024 * 1024));
    }
    ResumableUpload upload(f.client.get(), sourceFor(path));
    // VmHWM is only brought up to date by some kernel paths: sample the RSS too, as it goes.
    qint64 sampledPeak = rssBytes();
    QTimer sampler;
    connect(&sampler, &QTimer::timeout, this, [&] { sampledPeak = std::max(sampledPeak, rssBytes()); });
    sampler.start(5);
    connect(&upload, &ResumableUpload::progressChanged, this, [&] { sampledPeak = std::max(sampledPeak, rssBytes()); });
    QElapsedTimer timer;
    timer.start();
    upload.start();
    QVERIFY(runToEnd(f, upload, 60000));
    sampler.stop();
    QCOMPARE(upload.state(), ResumableUpload::State::Finished);
    QCOMPARE(upload.file().sizeBytes, 256LL * 1024 * 1024);
    QCOMPARE(onlySession(f).duplicateBytes, 0);
    const qint64 grown = std::max(peakRssBytes(), sampledPeak) - before;
    qInfo("256 MiB uploaded in %lld ms; peak RSS %.1f MB before, grew by %.1f MB (VmHWM %.1f MB, sampled %.1f MB)",
        timer.elapsed(), double(before) / 1e6, double(grown) / 1e6, double(peakRssBytes()) / 1e6,
        double(sampledPeak) / 1e6);
    QVERIFY2(grown < 64LL * 1000 * 1000, qPrintable(u"peak RSS grew by %1 MB"_s.arg(double(grown) / 1e6)));
}

QTEST_GUILESS_MAIN(tst_ResumableUpload)
#include "tst_resumableupload.moc"
