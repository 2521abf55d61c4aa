#include "resumableupload.h"

#include "geminiclient.h"
#include "logging.h"
#include "scheduler.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 RateWindowMs = 5000;
constexpr qint64 MinRateSpanMs = 250;
constexpr qint64 ProgressSignalIntervalMs = 50;
constexpr qint64 MaxReplyBodyBytes = 16 * 1024 * 1024; // a File resource with a video thumbnail fits easily
constexpr qint64 MaxGranularity = 1024LL * 1024 * 1024;

// A [offset, offset + length) slice of a file, read on demand as QNetworkAccessManager sends it:
// no chunk is ever held in memory. Sequential and not resettable on purpose: after a connection cut
// QNAM may not silently send the slice again from its start, since the server may already have
// committed part of it; the upload asks the server how far it got instead.
class FileSlice final : public QIODevice
{
public:
    using ReadHook = std::function<void(qint64 position, const char *data, qint64 length)>;
    using ErrorHook = std::function<void(const QString &message)>;

    FileSlice(const QString &path, qint64 offset, qint64 length, ReadHook onRead, ErrorHook onError)
        : m_file(path)
        , m_position(offset)
        , m_remaining(length)
        , m_onRead(std::move(onRead))
        , m_onError(std::move(onError))
    { }

    bool openSlice(QString *error)
    {
        if (!m_file.open(QIODevice::ReadOnly) || !m_file.seek(m_position)) {
            *error = m_file.errorString();
            return false;
        }
        return open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }

    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    bool seek(qint64) override { return false; }
    qint64 bytesAvailable() const override { return m_remaining + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_remaining == 0 || m_failed)
            return -1;
        const qint64 got = m_file.read(data, std::min(maxSize, m_remaining));
        if (got <= 0) {
            m_failed = true;
            const QString why = got < 0 ? m_file.errorString() : u"the file is shorter than when the upload began"_s;
            setErrorString(why);
            if (m_onError)
                m_onError(why);
            return -1;
        }
        if (m_onRead)
            m_onRead(m_position, data, got);
        m_position += got;
        m_remaining -= got;
        return got;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QFile m_file;
    qint64 m_position;
    qint64 m_remaining;
    bool m_failed = false;
    ReadHook m_onRead;
    ErrorHook m_onError;
};

QByteArray headerValue(const QList<QNetworkReply::RawHeaderPair> &headers, QByteArrayView name)
{
    for (const QNetworkReply::RawHeaderPair &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second.trimmed();
    }
    return {};
}

bool isLoopback(const QString &host)
{
    if (host.compare("localhost"_L1, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

int defaultPort(const QString &scheme)
{
    return scheme.compare("http"_L1, Qt::CaseInsensitive) == 0 ? 80 : 443;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(defaultPort(a.scheme())) == b.port(defaultPort(b.scheme()));
}

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace

ResumableUpload::ResumableUpload(GeminiClient *client, const UploadSource &source, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_source(source)
{ }

ResumableUpload::~ResumableUpload()
{
    ++m_timerToken;
    releaseReply();
}

void ResumableUpload::setChunkBytes(qint64 bytes)
{
    m_chunkBytesWanted = std::max<qint64>(0, bytes);
}

qint64 ResumableUpload::chunkBytes() const
{
    const qint64 wanted = m_chunkBytesWanted > 0 ? m_chunkBytesWanted : DefaultChunkBytes;
    const qint64 g = std::max<qint64>(1, m_granularity);
    return std::max(g, wanted / g * g);
}

int ResumableUpload::idleTimeoutMs() const
{
    if (m_idleTimeoutMs > 0)
        return m_idleTimeoutMs;
    const int configured = m_client->config().requestTimeoutMs;
    return configured > 0 ? std::min(configured, DefaultIdleTimeoutMs) : DefaultIdleTimeoutMs;
}

qint64 ResumableUpload::bytesSent() const
{
    if (m_state == State::Finished)
        return totalBytes();
    return std::min(totalBytes(), m_committed + m_inFlight);
}

double ResumableUpload::bytesPerSecond() const
{
    if (m_samples.size() < 2 || m_state != State::Uploading)
        return 0;
    const Sample &first = m_samples.first();
    const Sample &last = m_samples.last();
    // Up to now, not to the last sample: a stalled transfer's rate falls.
    const qint64 end = std::max(last.ms, m_client->scheduler()->nowMs());
    const qint64 span = end - first.ms;
    if (span < MinRateSpanMs)
        return 0;
    return double(last.bytes - first.bytes) * 1000.0 / double(span);
}

std::optional<qint64> ResumableUpload::msRemaining() const
{
    if (m_state == State::Finished)
        return 0;
    const double rate = bytesPerSecond();
    if (rate <= 0)
        return std::nullopt;
    return qint64(std::ceil(double(totalBytes() - bytesSent()) * 1000.0 / rate));
}

void ResumableUpload::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

// --- public controls ---------------------------------------------------------------------------

void ResumableUpload::start()
{
    if (m_state != State::Ready) {
        qCWarning(lcFiles) << "ResumableUpload::start() on an upload that has already started or ended; ignored";
        return;
    }
    if (!m_source.isValid()) {
        setState(State::Starting);
        failSoon(m_source.error);
        return;
    }
    if (const ApiError problem = m_client->preflight(); problem.isError()) {
        setState(State::Starting);
        failSoon(problem);
        return;
    }
    qCInfo(lcFiles).noquote() << "uploading" << m_source.path << m_source.size << "bytes as" << m_source.mimeType;
    setState(State::Starting);
    sendStart();
}

void ResumableUpload::pause()
{
    if (m_state != State::Starting && m_state != State::Uploading && m_state != State::Recovering)
        return;
    ++m_timerToken;
    releaseReply();
    m_inFlight = 0;
    resetRate();
    qCInfo(lcFiles).noquote() << "paused at" << m_committed << "of" << totalBytes() << "bytes:" << m_source.path;
    setState(State::Paused);
    noteProgress(true);
}

void ResumableUpload::resume()
{
    if (m_state != State::Paused)
        return;
    m_failures = 0;
    qCInfo(lcFiles).noquote() << "resuming" << m_source.path;
    if (m_sessionUrl.isEmpty()) {
        setState(State::Starting);
        sendStart();
        return;
    }
    setState(State::Recovering);
    sendQuery();
}

void ResumableUpload::cancel()
{
    if (isDone())
        return;
    ++m_timerToken;
    releaseReply();
    if (!m_sessionUrl.isEmpty())
        sendCancelCommand();
    m_inFlight = 0;
    resetRate();
    m_error = ApiError::cancelled();
    qCInfo(lcFiles).noquote() << "cancelled:" << m_source.path;
    setState(State::Cancelled);
    Q_EMIT failed(m_error);
}

// --- requests ----------------------------------------------------------------------------------

QNetworkRequest ResumableUpload::sessionRequest(const QByteArray &command) const
{
    // The session URL is the credential for the session: no API key on these requests (§7.1).
    QNetworkRequest request(m_sessionUrl);
    request.setRawHeader("X-Goog-Upload-Command", command);
    request.setHeader(QNetworkRequest::UserAgentHeader, m_client->config().userAgent);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/octet-stream"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    request.setTransferTimeout(idleTimeoutMs());
    return request;
}

QNetworkReply *ResumableUpload::post(
    Request kind, const QNetworkRequest &request, QIODevice *body, const QByteArray &bytes)
{
    QNetworkAccessManager *nam = m_client->networkAccessManager();
    QNetworkReply *reply = body ? nam->post(request, body) : nam->post(request, bytes);
    if (body)
        body->setParent(reply); // QNAM reads it until the reply ends; it goes with the reply
    m_reply = reply;
    m_request = kind;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onReplyFinished(reply); });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        if (reply != m_reply || reply->bytesAvailable() <= MaxReplyBodyBytes)
            return;
        releaseReply();
        fail(ApiError::malformed(u"the upload server's reply is larger than %1 MiB"_s.arg(MaxReplyBodyBytes >> 20)));
    });
    if (kind == Request::Chunk) {
        connect(reply, &QNetworkReply::uploadProgress, this, [this, reply](qint64 sent, qint64 total) {
            // QNAM reports (0, 0) once the body is out: the bytes are still sent, not taken back.
            if (reply != m_reply || total <= 0 || sent <= m_inFlight)
                return;
            m_inFlight = std::min(sent, m_chunkLength);
            noteProgress(false);
        });
    }
    return reply;
}

void ResumableUpload::sendStart()
{
    const ClientConfig &config = m_client->config();
    QNetworkRequest request = m_client->authorizedRequest(config.uploadEndpoint(u"files"_s));
    request.setRawHeader("X-Goog-Upload-Protocol", "resumable");
    request.setRawHeader("X-Goog-Upload-Command", "start");
    request.setRawHeader("X-Goog-Upload-Header-Content-Length", QByteArray::number(m_source.size));
    request.setRawHeader("X-Goog-Upload-Header-Content-Type", m_source.mimeType.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(idleTimeoutMs());
    QJsonObject file;
    if (!m_source.displayName.isEmpty())
        file.insert("displayName"_L1, m_source.displayName);
    const QByteArray body = QJsonDocument(QJsonObject {{"file"_L1, file}}).toJson(QJsonDocument::Compact);
    qCDebug(lcFiles).noquote() << "start" << request.url().toDisplayString(QUrl::RemoveQuery) << m_source.size
                               << m_source.mimeType;
    post(Request::Start, request, nullptr, body);
}

void ResumableUpload::sendNextChunk()
{
    ApiError changed;
    if (!m_source.unchangedOnDisk(&changed)) {
        fail(changed);
        return;
    }
    m_chunkOffset = m_committed;
    m_chunkLength = std::min(chunkBytes(), totalBytes() - m_committed);
    m_chunkFinal = m_chunkOffset + m_chunkLength == totalBytes();
    m_inFlight = 0;
    m_sliceError.clear();

    QNetworkRequest request = sessionRequest(m_chunkFinal ? QByteArrayLiteral("upload, finalize") : "upload");
    request.setRawHeader("X-Goog-Upload-Offset", QByteArray::number(m_chunkOffset));
    request.setHeader(QNetworkRequest::ContentLengthHeader, m_chunkLength);
    request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    qCDebug(lcFiles) << "chunk at" << m_chunkOffset << "of" << m_chunkLength << "bytes"
                     << (m_chunkFinal ? "(last)" : "");

    if (m_chunkLength == 0) { // every byte is committed but the session is open: finalize it
        post(Request::Chunk, request, nullptr, {});
        return;
    }
    QPointer<ResumableUpload> self(this);
    auto *slice = new FileSlice(
        m_source.path, m_chunkOffset, m_chunkLength,
        [self](qint64 position, const char *data, qint64 length) {
            if (self)
                self->onSliceRead(position, data, length);
        },
        [self](const QString &message) {
            if (self)
                self->onSliceError(message);
        });
    QString openError;
    if (!slice->openSlice(&openError)) {
        delete slice;
        fail(ApiError::localFile(
            tr("Cannot finish uploading %1: the file cannot be read (%2).").arg(shown(m_source.path), openError)));
        return;
    }
    post(Request::Chunk, request, slice);
}

void ResumableUpload::sendQuery()
{
    qCDebug(lcFiles) << "query";
    post(Request::Query, sessionRequest("query"), nullptr);
}

void ResumableUpload::sendCancelCommand()
{
    // Best effort and not owned by this object: it may be deleted right after cancel().
    QNetworkRequest request = sessionRequest("cancel");
    request.setTransferTimeout(CancelTimeoutMs);
    QNetworkReply *reply = m_client->networkAccessManager()->post(request, QByteArray());
    connect(reply, &QNetworkReply::finished, reply, [reply] {
        qCDebug(lcFiles) << "cancel answered with HTTP"
                         << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() << reply->error();
        reply->deleteLater();
    });
}

void ResumableUpload::releaseReply()
{
    m_request = Request::None;
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

// --- replies -----------------------------------------------------------------------------------

void ResumableUpload::onReplyFinished(QNetworkReply *reply)
{
    if (reply != m_reply) {
        reply->deleteLater();
        return;
    }
    Reply r;
    r.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.networkError = reply->error();
    r.networkErrorString = reply->errorString();
    const QList<QNetworkReply::RawHeaderPair> headers = reply->rawHeaderPairs();
    r.uploadStatus = headerValue(headers, "x-goog-upload-status").toLower();
    r.uploadUrl = headerValue(headers, "x-goog-upload-url");
    r.granularity = headerValue(headers, "x-goog-upload-chunk-granularity");
    r.retryAfter = headerValue(headers, "retry-after");
    if (const QByteArray received = headerValue(headers, "x-goog-upload-size-received"); !received.isEmpty()) {
        bool ok = false;
        const qint64 value = received.toLongLong(&ok);
        if (ok && value >= 0 && value <= totalBytes())
            r.sizeReceived = value;
        else
            qCWarning(lcFiles) << "ignoring X-Goog-Upload-Size-Received:" << received;
    }
    r.body = reply->readAll();

    const Request kind = m_request;
    m_request = Request::None;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();

    qCDebug(lcFiles) << "reply: HTTP" << r.httpStatus << "status" << r.uploadStatus << "received"
                     << r.sizeReceived.value_or(-1) << "network error" << r.networkError;
    switch (kind) {
    case Request::Start:
        onStartReply(r);
        break;
    case Request::Chunk:
        onChunkReply(r);
        break;
    case Request::Query:
        onQueryReply(r);
        break;
    case Request::None:
        break;
    }
}

ApiError ResumableUpload::errorFor(const Reply &reply) const
{
    if (reply.httpStatus >= 300 || (reply.httpStatus > 0 && reply.httpStatus < 200))
        return ApiError::fromHttp(reply.httpStatus, reply.body, reply.retryAfter);
    if (reply.networkError == QNetworkReply::OperationCanceledError) // not ours: those are disconnected first
        return ApiError::timeout(u"no data for %1 s"_s.arg(idleTimeoutMs() / 1000.0));
    if (reply.networkError != QNetworkReply::NoError)
        return ApiError::network(reply.networkErrorString);
    if (reply.httpStatus == 0)
        return ApiError::network(u"the connection closed without a reply"_s);
    return {};
}

void ResumableUpload::onStartReply(const Reply &reply)
{
    if (const ApiError error = errorFor(reply); error.isError()) {
        if (error.isTransient())
            recover(error);
        else
            fail(error);
        return;
    }
    const QUrl endpoint = m_client->config().uploadEndpoint(u"files"_s);
    QUrl url = QUrl::fromEncoded(reply.uploadUrl, QUrl::StrictMode);
    if (reply.uploadUrl.isEmpty() || !url.isValid()) {
        fail(ApiError::malformed(u"the upload did not start: the server sent no usable X-Goog-Upload-URL"_s));
        return;
    }
    if (url.isRelative())
        url = endpoint.resolved(url);
    // Behind a proxy or a custom endpoint the server still names its own host: talk to the
    // configured one (what both official SDKs do).
    const QUrl base = m_client->config().baseUrl;
    if (!sameOrigin(base, QUrl(QString::fromLatin1(ClientConfig::DefaultBaseUrl)))) {
        url.setScheme(base.scheme());
        url.setHost(base.host());
        url.setPort(base.port());
    }
    const QString scheme = url.scheme().toLower();
    if ((scheme != "https"_L1 && scheme != "http"_L1) || url.host().isEmpty()
        || (scheme == "http"_L1 && !isLoopback(url.host()))) {
        fail(ApiError::malformed(u"the server sent an unusable upload URL (%1)"_s.arg(
            url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo))));
        return;
    }
    m_sessionUrl = url;

    m_granularity = DefaultGranularity;
    if (!reply.granularity.isEmpty()) {
        bool ok = false;
        const qint64 g = reply.granularity.toLongLong(&ok);
        if (ok && g > 0 && g <= MaxGranularity)
            m_granularity = g;
        else
            qCWarning(lcFiles) << "ignoring X-Goog-Upload-Chunk-Granularity:" << reply.granularity;
    }
    qCDebug(lcFiles).noquote() << "session" << url.toDisplayString() << "granularity" << m_granularity;
    m_committed = 0;
    setState(State::Uploading);
    sendNextChunk();
}

void ResumableUpload::onChunkReply(const Reply &reply)
{
    if (!m_sliceError.isEmpty()) {
        ApiError error;
        if (m_source.unchangedOnDisk(&error)) {
            error = ApiError::localFile(tr("Cannot finish uploading %1: reading the file failed (%2).")
                                            .arg(shown(m_source.path), m_sliceError));
        }
        fail(error);
        return;
    }
    const ApiError error = errorFor(reply);
    if (reply.httpStatus == 400 && reply.sizeReceived) {
        // The server expected another offset: continue from where it is, once without progress.
        qCInfo(lcFiles) << "offset" << m_chunkOffset << "refused; the server has" << *reply.sizeReceived;
        if (++m_offsetMismatches > 1) {
            fail(error);
            return;
        }
        m_inFlight = 0;
        commit(*reply.sizeReceived);
        sendNextChunk();
        return;
    }
    if (settledByStatus(reply, error))
        return;
    if (reply.uploadStatus != "active") {
        // The SDKs send such a chunk again, up to three times. Ask first how much of it arrived, so
        // no committed byte goes twice.
        if (++m_headerless > MaxHeaderlessReplies) {
            fail(ApiError::malformed(u"the upload server's replies carry no X-Goog-Upload-Status"_s));
            return;
        }
        recover(ApiError::malformed(u"a reply without X-Goog-Upload-Status"_s));
        return;
    }
    const qint64 received = reply.sizeReceived.value_or(m_chunkOffset + m_chunkLength);
    m_inFlight = 0;
    if (m_chunkFinal && received >= totalBytes()) {
        // All bytes are there but the session is still open; query, then finalize it.
        recover(ApiError::malformed(u"all of the file was sent but the server did not finish the upload"_s));
        return;
    }
    commit(received);
    sendNextChunk();
}

bool ResumableUpload::settledByStatus(const Reply &reply, const ApiError &error)
{
    if (reply.httpStatus == 404 || reply.httpStatus == 410) {
        restartSession(error);
        return true;
    }
    if (error.isError()) {
        if (error.isTransient())
            recover(error);
        else
            fail(error);
        return true;
    }
    if (reply.uploadStatus == "final") {
        onFinal(reply.body);
        return true;
    }
    if (reply.uploadStatus == "cancelled") {
        fail(ApiError::cancelled());
        return true;
    }
    return false;
}

void ResumableUpload::onQueryReply(const Reply &reply)
{
    const ApiError error = errorFor(reply);
    if (settledByStatus(reply, error))
        return;
    if (reply.uploadStatus != "active" || !reply.sizeReceived) {
        if (++m_headerless > MaxHeaderlessReplies) {
            fail(ApiError::malformed(u"the upload server does not say how much of the file it has"_s));
            return;
        }
        recover(ApiError::malformed(u"a query reply without X-Goog-Upload-Status or X-Goog-Upload-Size-Received"_s));
        return;
    }
    qCDebug(lcFiles) << "the server has" << *reply.sizeReceived << "bytes";
    commit(*reply.sizeReceived);
    setState(State::Uploading);
    sendNextChunk();
}

void ResumableUpload::commit(qint64 offset)
{
    if (offset > m_committed) { // progress: the next failure is a first one again
        m_failures = 0;
        m_headerless = 0;
        m_offsetMismatches = 0;
    }
    m_committed = offset; // the server's word, even when it is behind what was believed
    m_inFlight = 0;
    noteProgress(true);
}

void ResumableUpload::onFinal(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const std::optional<RemoteFile> file = doc.isObject() ? RemoteFile::fromUploadReply(doc.object()) : std::nullopt;
    if (!file) {
        fail(ApiError::malformed(u"the final upload reply does not hold the file"_s));
        return;
    }
    auto discardRemote = [this, &file] {
        // The stored copy is not the file: do not leave it taking up quota for 48 hours.
        QNetworkRequest request = m_client->authorizedRequest(m_client->config().endpoint(file->name));
        request.setTransferTimeout(CancelTimeoutMs);
        QNetworkReply *reply = m_client->networkAccessManager()->deleteResource(request);
        connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    };
    if (file->sizeBytes > 0 && file->sizeBytes != totalBytes()) {
        ApiError e = ApiError::malformed(u"the server stored %1 bytes of %2"_s.arg(file->sizeBytes).arg(totalBytes()));
        e.userText = tr("The upload of %1 went wrong: the server stored %2 bytes of the %3 sent. Upload it again.")
                         .arg(shown(m_source.path))
                         .arg(file->sizeBytes)
                         .arg(totalBytes());
        discardRemote();
        fail(e);
        return;
    }
    QByteArray local = m_expectedSha256Hex;
    if (local.isEmpty() && m_hashUsable && m_hashedUpTo == totalBytes())
        local = m_hash.resultHex();
    const QByteArray remote = file->sha256Hex();
    if (!local.isEmpty() && !remote.isEmpty() && local != remote) {
        qCWarning(lcFiles) << "SHA-256 mismatch: local" << local << "server" << remote;
        ApiError e = ApiError::malformed(u"SHA-256 mismatch"_s);
        e.userText = tr("The upload of %1 went wrong: the copy on the server differs from the file (SHA-256 %2 "
                        "instead of %3). Upload it again.")
                         .arg(shown(m_source.path), QString::fromLatin1(remote), QString::fromLatin1(local));
        discardRemote();
        fail(e);
        return;
    }
    if (local.isEmpty() || remote.isEmpty())
        qCDebug(lcFiles) << "SHA-256 not compared (local" << local.size() << "server" << remote.size() << ")";
    ApiError changed;
    if (!m_source.unchangedOnDisk(&changed)) { // changed while its last chunk was read
        discardRemote();
        fail(changed);
        return;
    }
    m_committed = totalBytes();
    m_inFlight = 0;
    m_file = *file;
    qCInfo(lcFiles).noquote() << "uploaded" << m_source.path << "as" << m_file.name;
    noteProgress(true);
    setState(State::Finished);
    Q_EMIT finished(m_file);
}

// --- failures ----------------------------------------------------------------------------------

void ResumableUpload::recover(const ApiError &error)
{
    ++m_failures;
    m_inFlight = 0;
    const RetryPolicy &policy = m_client->config().retry;
    const bool serverWaitTooLong = error.retryDelayMs && *error.retryDelayMs > policy.maxServerDelayMs;
    if (m_failures >= policy.maxAttempts || serverWaitTooLong) {
        fail(error);
        return;
    }
    const qint64 delay = policy.delayMs(error, m_failures, QRandomGenerator::global()->generateDouble());
    qCInfo(lcFiles).noquote() << "upload attempt failed (" << error.kindName() << error.httpStatus << error.message
                              << "); retrying in" << delay << "ms";
    noteProgress(true);
    setState(State::Recovering);
    Q_EMIT retrying(m_failures + 1, delay, error);
    const quint64 token = ++m_timerToken;
    m_client->scheduler()->schedule(delay, this, [this, token] {
        if (token != m_timerToken || m_state != State::Recovering)
            return;
        if (m_sessionUrl.isEmpty()) {
            setState(State::Starting);
            sendStart();
        } else {
            sendQuery(); // how far did it get?
        }
    });
}

void ResumableUpload::restartSession(const ApiError &why)
{
    if (m_sessionRestarted) {
        ApiError e = why;
        e.userText = tr("The upload of %1 failed: the server lost the upload session twice. Try again later.")
                         .arg(shown(m_source.path));
        fail(e);
        return;
    }
    m_sessionRestarted = true;
    qCInfo(lcFiles) << "the server no longer knows the upload session (HTTP" << why.httpStatus << "); starting over";
    ++m_timerToken;
    m_sessionUrl.clear();
    m_committed = 0;
    m_inFlight = 0;
    m_failures = 0;
    m_headerless = 0;
    m_offsetMismatches = 0;
    resetRate();
    noteProgress(true);
    Q_EMIT retrying(1, 0, why);
    setState(State::Starting);
    sendStart();
}

void ResumableUpload::fail(const ApiError &error)
{
    if (isDone())
        return;
    ++m_timerToken;
    releaseReply();
    m_inFlight = 0;
    resetRate();
    m_error = error;
    const bool cancelled = error.kind == ApiError::Kind::Cancelled;
    qCInfo(lcFiles).noquote() << (cancelled ? "upload cancelled by the server:" : "upload failed:") << m_source.path
                              << error.kindName() << error.httpStatus << error.message;
    setState(cancelled ? State::Cancelled : State::Failed);
    Q_EMIT failed(error);
}

void ResumableUpload::failSoon(const ApiError &error)
{
    QTimer::singleShot(0, this, [this, error] { fail(error); });
}

// --- the bytes as they are read --------------------------------------------------------------

void ResumableUpload::onSliceRead(qint64 position, const char *data, qint64 length)
{
    if (!m_expectedSha256Hex.isEmpty() || !m_hashUsable)
        return;
    if (position > m_hashedUpTo) { // a gap: the hash cannot cover the file in order any more
        m_hashUsable = false;
        return;
    }
    const qint64 end = position + length;
    if (end <= m_hashedUpTo)
        return; // read again after a resume: already hashed
    const qint64 skip = m_hashedUpTo - position;
    m_hash.addData(QByteArrayView(data + skip, length - skip));
    m_hashedUpTo = end;
}

void ResumableUpload::onSliceError(const QString &message)
{
    m_sliceError = message;
    // Called from inside QNAM's read: fail once control is back in the event loop.
    QPointer<QNetworkReply> reply = m_reply;
    QTimer::singleShot(0, this, [this, reply] {
        if (!reply || reply != m_reply || isDone())
            return; // the reply already ended: onChunkReply() reported it
        ApiError error;
        if (m_source.unchangedOnDisk(&error)) {
            error = ApiError::localFile(tr("Cannot finish uploading %1: reading the file failed (%2).")
                                            .arg(shown(m_source.path), m_sliceError));
        }
        fail(error);
    });
}

// --- progress and rate -------------------------------------------------------------------------

void ResumableUpload::resetRate()
{
    m_samples.clear();
}

void ResumableUpload::noteProgress(bool force)
{
    const qint64 sent = bytesSent();
    const qint64 now = m_client->scheduler()->nowMs();
    if (!m_samples.isEmpty() && sent < m_samples.last().bytes)
        m_samples.clear(); // went back (a failed chunk): the old samples say nothing now
    if (m_state == State::Uploading || m_state == State::Recovering) {
        if (!m_samples.isEmpty() && m_samples.last().ms == now)
            m_samples.last().bytes = sent;
        else
            m_samples.append({now, sent});
        // Keep one sample at or before the window's start, so the window spans RateWindowMs.
        while (m_samples.size() > 2 && m_samples.at(1).ms <= now - RateWindowMs)
            m_samples.removeFirst();
    }
    if (sent == m_lastSignalledSent)
        return;
    if (!force && m_sinceProgressSignal.isValid() && m_sinceProgressSignal.elapsed() < ProgressSignalIntervalMs)
        return;
    m_sinceProgressSignal.start();
    m_lastSignalledSent = sent;
    Q_EMIT progressChanged(sent, totalBytes());
}
