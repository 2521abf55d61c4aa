#include "fakefileservice.h"

#include "googleerror.h"
#include "jsonwriter.h"
#include "requestvalidator.h"
#include "sha256.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <functional>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

const QByteArray jsonContentType = "application/json; charset=UTF-8";
const QByteArray textContentType = "text/plain; charset=utf-8";
const QByteArray altSvc = "h3=\":443\"; ma=2592000,h3-29=\":443\"; ma=2592000";

// An 8x6 JPEG: what files.get shows as videoMetadata.videoThumbnailBytes once a video is ACTIVE.
const char thumbnailBase64[]
    = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1x"
      "eXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAAR"
      "CAAGAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAA"
      "BAX/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCEBRBf/9k=";

// The recorded Big Buck Bunny file: 64657027 bytes for 596 s.
constexpr qint64 videoBytesPerSecond = 108485;
// google.rpc.Code of File.error when processing fails (INVALID_ARGUMENT; unverified).
constexpr int failedFileCode = 3;

// Key order of the File resource and its containers as the real server writes them (rec: files/).
const QStringList &fileKeyOrder()
{
    static const QStringList order = {u"file"_s, u"files"_s, u"name"_s, u"displayName"_s, u"mimeType"_s, u"sizeBytes"_s,
        u"createTime"_s, u"updateTime"_s, u"expirationTime"_s, u"sha256Hash"_s, u"uri"_s, u"downloadUri"_s, u"state"_s,
        u"source"_s, u"error"_s, u"videoMetadata"_s, u"videoDuration"_s, u"videoThumbnailBytes"_s, u"nextPageToken"_s};
    return order;
}

QByteArray prettyFileJson(const QJsonValue &value)
{
    return JsonWriter::pretty(value, fileKeyOrder()) + '\n';
}

QByteArray prettyJson(const QJsonObject &object)
{
    return JsonWriter::pretty(object) + '\n';
}

// The real timestamps carry micro- (create/update) and nanoseconds (expiration); QDateTime has
// milliseconds, so the digits below a millisecond are made up, stable per file.
quint32 subMillisecondNanos(const QString &name)
{
    const QByteArray digest = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256);
    quint32 value = 0;
    for (int i = 0; i < 4; ++i)
        value = (value << 8) | static_cast<quint8>(digest.at(i));
    return value % 1000000;
}

QString rfc3339(const QDateTime &time, int digits, quint32 subMsNanos)
{
    const QDateTime utc = time.toUTC();
    const qint64 nanos = static_cast<qint64>(utc.time().msec()) * 1000000 + subMsNanos;
    const QString fraction = digits == 6 ? QString::number(nanos / 1000).rightJustified(6, u'0')
                                         : QString::number(nanos).rightJustified(9, u'0');
    return utc.toString(u"yyyy-MM-dd'T'HH:mm:ss"_s) + u'.' + fraction + u'Z';
}

struct Command
{
    bool valid = false;
    bool start = false;
    bool upload = false;
    bool finalize = false;
    bool query = false;
    bool cancel = false;
};

// "upload, finalize", "UPLOAD,finalize", "query" ... (case-insensitive, spaces tolerated).
Command parseCommand(const QByteArray &header)
{
    Command command;
    int count = 0;
    const QList<QByteArray> words = header.toLower().split(',');
    for (const QByteArray &raw : words) {
        const QByteArray word = raw.trimmed();
        if (word.isEmpty())
            continue;
        ++count;
        if (word == "start")
            command.start = true;
        else if (word == "upload")
            command.upload = true;
        else if (word == "finalize")
            command.finalize = true;
        else if (word == "query")
            command.query = true;
        else if (word == "cancel")
            command.cancel = true;
        else
            return {};
    }
    const bool transfer = command.upload || command.finalize;
    const int kinds = (command.start ? 1 : 0) + (transfer ? 1 : 0) + (command.query ? 1 : 0) + (command.cancel ? 1 : 0);
    command.valid = count > 0 && kinds == 1;
    return command;
}

qint64 parseSize(const QByteArray &text, bool *ok)
{
    bool parsed = false;
    const qint64 value = text.trimmed().toLongLong(&parsed);
    *ok = parsed && value >= 0;
    return value;
}

QString mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return QString::fromLatin1((semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed());
}

struct MultipartPart
{
    QByteArray contentType;
    QByteArray disposition;
    QByteArray body;
};

QByteArray boundaryOf(const QByteArray &contentType)
{
    const QList<QByteArray> params = contentType.split(';');
    for (qsizetype i = 1; i < params.size(); ++i) {
        const QByteArray param = params.at(i).trimmed();
        if (!param.toLower().startsWith("boundary="))
            continue;
        QByteArray value = param.mid(9).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

// RFC 2046 multipart body → parts; nullopt when it is not well formed.
std::optional<QList<MultipartPart>> parseMultipart(const QByteArray &body, const QByteArray &boundary)
{
    if (boundary.isEmpty())
        return std::nullopt;
    const QByteArray dash = "--" + boundary;
    const QByteArray delimiter = "\r\n" + dash;
    qsizetype pos = body.startsWith(dash) ? 0 : body.indexOf(delimiter);
    if (pos < 0)
        return std::nullopt;
    pos += body.startsWith(dash) ? dash.size() : delimiter.size();
    QList<MultipartPart> parts;
    for (;;) {
        if (body.mid(pos, 2) == "--")
            return parts;
        const qsizetype eol = body.indexOf("\r\n", pos);
        if (eol < 0)
            return std::nullopt;
        pos = eol + 2;
        const qsizetype headEnd = body.indexOf("\r\n\r\n", pos - 2);
        if (headEnd < 0)
            return std::nullopt;
        MultipartPart part;
        const QList<QByteArray> lines = headEnd > pos ? body.mid(pos, headEnd - pos).split('\n') : QList<QByteArray>();
        for (const QByteArray &rawLine : lines) {
            const QByteArray line = rawLine.trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            if (name == "content-type")
                part.contentType = line.mid(colon + 1).trimmed();
            else if (name == "content-disposition")
                part.disposition = line.mid(colon + 1).trimmed();
        }
        const qsizetype contentStart = headEnd + 4;
        const qsizetype next = body.indexOf(delimiter, contentStart);
        if (next < 0)
            return std::nullopt;
        part.body = body.mid(contentStart, next - contentStart);
        parts.append(part);
        pos = next + delimiter.size();
    }
}

QString idOf(const QString &nameOrId)
{
    return nameOrId.startsWith(u"files/"_s) ? nameOrId.mid(6) : nameOrId;
}

QString permissionDeniedMessage(const QString &id)
{
    return u"You do not have permission to access the File %1 or it may not exist."_s.arg(id);
}

} // namespace

// --- private types ----------------------------------------------------------------------------

struct FakeFileService::Session
{
    SessionStats stats;
    qint64 granularity = defaultGranularity;
    bool advertise = true;
    QDateTime created;
    QString requestedId; // client-chosen id (without "files/"), or empty
    QByteArray tail;     // received but not committed: less than one granule
    Sha256 hash;
    QByteArray finalBody; // the {"file": …} answer of the finalize, replayed to `query`
    bool expired = false;
    std::weak_ptr<Upload> active; // the chunk request in progress
};

struct FakeFileService::StoredFile
{
    File file;
    qint64 sequence = 0;
    QDateTime processingDoneAt; // invalid: no automatic transition
    bool failOnDone = false;
    QString failMessage;
};

class FakeFileService::Upload final
{
public:
    enum class Kind {
        Discard, // reads and drops the body, then answers `preset`
        Chunk,   // upload / upload, finalize on a session
        Media,   // uploadType=media: the body is the whole file
    };
    Kind kind = Kind::Discard;
    Session *session = nullptr;
    std::function<HttpResponse()> preset; // set: the answer, instead of the protocol's
    bool chunkCommand = false;            // upload/finalize (counts for chunkReceived)
    qint64 offset = 0;                    // X-Goog-Upload-Offset: absolute position of the first body byte
    qint64 contentLength = -1;            // -1: chunked transfer encoding
    bool finalize = false;
    bool accept = false;     // body bytes go to the session
    bool superseded = false; // a newer request on the session took over
    bool ended = false;      // finish() or abandon() ran
    bool cut = false;
    qint64 received = 0;
    qint64 cutAt = -1; // body bytes after which the connection is cut
    std::optional<ChunkFault> fault;
    bool faultTriggered = false;
    QString refusal; // plain-text 400 decided while reading (chunked bodies)
    qint64 rate = 0;
};

// --- construction, clock, settings -------------------------------------------------------------

FakeFileService::FakeFileService(FakeGeminiServer *server)
    : QObject(server)
    , m_server(server)
{
    m_processingTimer.setSingleShot(true);
    connect(&m_processingTimer, &QTimer::timeout, this, &FakeFileService::refresh);
}

FakeFileService::~FakeFileService() = default;

QDateTime FakeFileService::now() const
{
    return QDateTime::currentDateTimeUtc().addMSecs(m_clockOffsetMs);
}

void FakeFileService::advanceClock(qint64 ms)
{
    m_clockOffsetMs += ms;
    refresh();
}

void FakeFileService::setGranularity(qint64 bytes)
{
    m_granularity = std::max<qint64>(1, bytes);
}

void FakeFileService::setAdvertiseGranularity(bool advertise)
{
    m_advertiseGranularity = advertise;
}

void FakeFileService::setProcessingMs(qint64 ms)
{
    m_processingMs = std::max<qint64>(0, ms);
}

void FakeFileService::setProcessingTypes(const QStringList &mimePrefixes)
{
    m_processingTypes = mimePrefixes;
}

void FakeFileService::setFailProcessing(bool fail, const QString &message)
{
    m_failProcessing = fail;
    m_failMessage = message;
}

void FakeFileService::setLinkBytesPerSecond(qint64 bytesPerSecond)
{
    m_linkBytesPerSecond = std::max<qint64>(0, bytesPerSecond);
}

void FakeFileService::setMaxFileBytes(qint64 bytes)
{
    m_maxFileBytes = bytes;
}

void FakeFileService::enqueueChunkFault(const ChunkFault &fault)
{
    m_faults.enqueue(fault);
}

// --- files ---------------------------------------------------------------------------------------

QString FakeFileService::newFileId() const
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (;;) {
        QString id;
        for (int i = 0; i < 12; ++i)
            id.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(36)]));
        bool taken = findFile(id) != nullptr;
        for (const auto &session : m_sessions)
            taken = taken || session->requestedId == id;
        if (!taken)
            return id;
    }
}

QString FakeFileService::newUploadId() const
{
    std::array<quint32, 18> words {};
    QRandomGenerator::global()->fillRange(words.data(), static_cast<qsizetype>(words.size()));
    const QByteArray random(reinterpret_cast<const char *>(words.data()), static_cast<qsizetype>(sizeof(words)));
    return u"ABgVH8"_s
        + QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

FakeFileService::StoredFile *FakeFileService::findFile(const QString &nameOrId)
{
    const QString name = u"files/"_s + idOf(nameOrId);
    for (const auto &stored : m_files) {
        if (stored->file.name == name)
            return stored.get();
    }
    return nullptr;
}

const FakeFileService::StoredFile *FakeFileService::findFile(const QString &nameOrId) const
{
    return const_cast<FakeFileService *>(this)->findFile(nameOrId);
}

bool FakeFileService::expired(const StoredFile &stored) const
{
    return stored.file.expirationTime.isValid() && stored.file.expirationTime <= now();
}

FakeFileService::File FakeFileService::effective(const StoredFile &stored) const
{
    File file = stored.file;
    if (file.state == u"PROCESSING"_s && stored.processingDoneAt.isValid() && stored.processingDoneAt <= now()) {
        file.state = stored.failOnDone ? u"FAILED"_s : u"ACTIVE"_s;
        file.updateTime = stored.processingDoneAt;
        if (stored.failOnDone)
            file.errorMessage
                = stored.failMessage.isEmpty() ? u"The file could not be processed."_s : stored.failMessage;
    }
    if (file.state == u"ACTIVE"_s && file.mimeType.startsWith(u"video/"_s) && file.videoDuration.isEmpty()) {
        file.videoDuration = QString::number(std::max<qint64>(1, file.sizeBytes / videoBytesPerSecond)) + u's';
        if (file.videoThumbnail.isEmpty())
            file.videoThumbnail = QByteArray::fromBase64(QByteArray(thumbnailBase64));
    }
    return file;
}

void FakeFileService::refresh()
{
    QDateTime next;
    for (auto it = m_files.begin(); it != m_files.end();) {
        StoredFile &stored = **it;
        if (expired(stored)) {
            it = m_files.erase(it);
            continue;
        }
        if (stored.processingDoneAt.isValid()) {
            if (stored.processingDoneAt <= now()) {
                stored.file = effective(stored);
                stored.processingDoneAt = QDateTime();
                Q_EMIT fileStateChanged(stored.file.name, stored.file.state);
            } else if (!next.isValid() || stored.processingDoneAt < next) {
                next = stored.processingDoneAt;
            }
        }
        ++it;
    }
    if (next.isValid()) {
        const qint64 wait = std::clamp<qint64>(now().msecsTo(next) + 1, 0, std::numeric_limits<int>::max());
        m_processingTimer.start(static_cast<int>(wait));
    } else {
        m_processingTimer.stop();
    }
}

QString FakeFileService::addFile(const File &file)
{
    refresh();
    auto stored = std::make_unique<StoredFile>();
    stored->file = file;
    File &f = stored->file;
    f.name = f.name.isEmpty() ? u"files/"_s + newFileId() : u"files/"_s + idOf(f.name);
    if (f.mimeType.isEmpty())
        f.mimeType = u"application/octet-stream"_s;
    if (!f.createTime.isValid())
        f.createTime = now();
    if (!f.updateTime.isValid())
        f.updateTime = f.createTime;
    if (!f.expirationTime.isValid())
        f.expirationTime = f.createTime.addMSecs(fileLifetimeMs);
    if (f.state.isEmpty())
        f.state = u"ACTIVE"_s;
    stored->sequence = ++m_fileSequence;
    const QString name = f.name;
    removeFile(name);
    m_files.push_back(std::move(stored));
    return name;
}

void FakeFileService::setState(const QString &name, const QString &state, const QString &errorMessage)
{
    refresh();
    StoredFile *stored = findFile(name);
    if (!stored)
        return;
    stored->processingDoneAt = QDateTime();
    stored->file.state = state;
    stored->file.errorMessage = state == u"FAILED"_s
        ? (errorMessage.isEmpty() ? u"The file could not be processed."_s : errorMessage)
        : QString();
    stored->file.updateTime = now();
    stored->file = effective(*stored);
    refresh();
    Q_EMIT fileStateChanged(stored->file.name, state);
}

void FakeFileService::removeFile(const QString &name)
{
    const QString full = u"files/"_s + idOf(name);
    m_files.erase(std::remove_if(m_files.begin(), m_files.end(),
                      [&full](const std::unique_ptr<StoredFile> &stored) { return stored->file.name == full; }),
        m_files.end());
}

QList<FakeFileService::File> FakeFileService::files() const
{
    std::vector<const StoredFile *> live;
    for (const auto &stored : m_files) {
        if (!expired(*stored))
            live.push_back(stored.get());
    }
    std::stable_sort(live.begin(), live.end(), [](const StoredFile *a, const StoredFile *b) {
        if (a->file.createTime != b->file.createTime)
            return a->file.createTime > b->file.createTime;
        return a->sequence > b->sequence;
    });
    QList<File> result;
    for (const StoredFile *stored : live)
        result.append(effective(*stored));
    return result;
}

std::optional<FakeFileService::File> FakeFileService::file(const QString &name) const
{
    const StoredFile *stored = findFile(name);
    if (!stored || expired(*stored))
        return std::nullopt;
    return effective(*stored);
}

FakeFileService::StoredFile &FakeFileService::storeFile(Session &session)
{
    auto stored = std::make_unique<StoredFile>();
    File &f = stored->file;
    f.name = u"files/"_s + (session.requestedId.isEmpty() ? newFileId() : session.requestedId);
    f.displayName = session.stats.displayName;
    f.mimeType = session.stats.mimeType;
    f.sizeBytes = session.stats.committed;
    f.createTime = now();
    f.updateTime = f.createTime;
    f.expirationTime = f.createTime.addMSecs(fileLifetimeMs);
    f.sha256Hex = session.hash.result().toHex();
    const bool processes = std::any_of(m_processingTypes.cbegin(), m_processingTypes.cend(),
        [&f](const QString &prefix) { return !prefix.isEmpty() && f.mimeType.startsWith(prefix); });
    f.state = processes ? u"PROCESSING"_s : u"ACTIVE"_s;
    if (processes) {
        stored->processingDoneAt = f.createTime.addMSecs(m_processingMs);
        stored->failOnDone = m_failProcessing;
        stored->failMessage = m_failMessage;
    }
    stored->sequence = ++m_fileSequence;
    session.stats.fileName = f.name;
    session.stats.finalized = true;
    session.tail = QByteArray();
    session.finalBody = fileJson(f, true);
    m_files.push_back(std::move(stored));
    StoredFile &result = *m_files.back();
    refresh();
    return result;
}

QByteArray FakeFileService::baseUrlText() const
{
    return m_server->baseUrl().toString(QUrl::FullyEncoded).toUtf8();
}

QUrl FakeFileService::fileUri(const QString &name) const
{
    return QUrl(QString::fromUtf8(baseUrlText()) + u"/v1beta/files/"_s + idOf(name));
}

QUrl FakeFileService::uploadUrl(const QString &uploadId) const
{
    return QUrl(QString::fromUtf8(baseUrlText()) + u"/upload/v1beta/files?upload_id="_s + uploadId
        + u"&upload_protocol=resumable"_s);
}

QByteArray FakeFileService::fileJson(const File &file, bool wrapped) const
{
    const quint32 nanos = subMillisecondNanos(file.name);
    QJsonObject object {{u"name"_s, file.name}};
    if (!file.displayName.isEmpty())
        object.insert(u"displayName"_s, file.displayName);
    if (!file.mimeType.isEmpty())
        object.insert(u"mimeType"_s, file.mimeType);
    object.insert(u"sizeBytes"_s, QString::number(file.sizeBytes));
    if (file.createTime.isValid())
        object.insert(u"createTime"_s, rfc3339(file.createTime, 6, nanos));
    if (file.updateTime.isValid())
        object.insert(u"updateTime"_s, rfc3339(file.updateTime, 6, nanos));
    if (file.expirationTime.isValid())
        object.insert(u"expirationTime"_s, rfc3339(file.expirationTime, 9, nanos));
    if (!file.sha256Hex.isEmpty())
        object.insert(u"sha256Hash"_s, QString::fromLatin1(file.sha256Hex.toBase64()));
    object.insert(u"uri"_s, fileUri(file.name).toString(QUrl::FullyEncoded));
    if (!file.state.isEmpty())
        object.insert(u"state"_s, file.state);
    if (!file.source.isEmpty())
        object.insert(u"source"_s, file.source);
    if (file.state == u"FAILED"_s) {
        object.insert(u"error"_s,
            QJsonObject {{u"code"_s, failedFileCode},
                {u"message"_s,
                    file.errorMessage.isEmpty() ? u"The file could not be processed."_s : file.errorMessage}});
    }
    if (!file.videoDuration.isEmpty() || !file.videoThumbnail.isEmpty()) {
        QJsonObject video;
        if (!file.videoDuration.isEmpty())
            video.insert(u"videoDuration"_s, file.videoDuration);
        if (!file.videoThumbnail.isEmpty())
            video.insert(u"videoThumbnailBytes"_s, QString::fromLatin1(file.videoThumbnail.toBase64()));
        object.insert(u"videoMetadata"_s, video);
    }
    return prettyFileJson(wrapped ? QJsonObject {{u"file"_s, object}} : object);
}

// --- sessions ------------------------------------------------------------------------------------

FakeFileService::Session *FakeFileService::newSession(const QString &protocol)
{
    auto session = std::make_unique<Session>();
    session->stats.uploadId = newUploadId();
    session->stats.protocol = protocol;
    session->stats.declaredSize = -1;
    session->granularity = m_granularity;
    session->advertise = m_advertiseGranularity;
    session->created = now();
    m_sessions.push_back(std::move(session));
    return m_sessions.back().get();
}

FakeFileService::Session *FakeFileService::findSession(const QString &uploadId) const
{
    if (uploadId.isEmpty())
        return nullptr;
    for (const auto &session : m_sessions) {
        if (session->stats.uploadId != uploadId)
            continue;
        if (session->expired || session->stats.cancelled || session->stats.protocol != u"resumable"_s
            || session->created.msecsTo(now()) >= sessionLifetimeMs)
            return nullptr;
        return session.get();
    }
    return nullptr;
}

void FakeFileService::expireSessions()
{
    for (const auto &session : m_sessions) {
        session->expired = true;
        if (const std::shared_ptr<Upload> active = session->active.lock())
            active->superseded = true;
        session->active.reset();
        dropTail(*session);
    }
}

QList<FakeFileService::SessionStats> FakeFileService::sessions() const
{
    QList<SessionStats> result;
    for (const auto &session : m_sessions)
        result.append(session->stats);
    return result;
}

std::optional<FakeFileService::SessionStats> FakeFileService::session(const QString &uploadId) const
{
    for (const auto &session : m_sessions) {
        if (session->stats.uploadId == uploadId)
            return session->stats;
    }
    return std::nullopt;
}

void FakeFileService::dropTail(Session &session)
{
    session.tail = QByteArray(); // also gives the granule's memory back
}

void FakeFileService::feedSession(Session &session, QByteArrayView data)
{
    const qint64 granule = session.granularity;
    const qint64 before = session.stats.committed;
    while (!data.isEmpty()) {
        if (session.tail.isEmpty() && data.size() >= granule) {
            // Whole granules straight from the socket's bytes: no copy.
            const qint64 whole = data.size() / granule * granule;
            session.hash.addData(data.first(whole));
            session.stats.committed += whole;
            data = data.sliced(whole);
            continue;
        }
        if (session.tail.capacity() < granule && granule <= 64LL * 1024 * 1024)
            session.tail.reserve(granule);
        const qint64 take = std::min<qint64>(granule - session.tail.size(), data.size());
        session.tail.append(data.first(take));
        data = data.sliced(take);
        if (session.tail.size() == granule) {
            session.hash.addData(session.tail);
            session.stats.committed += granule;
            session.tail.truncate(0);
        }
    }
    if (session.stats.committed != before)
        Q_EMIT bytesCommitted(session.stats.uploadId, session.stats.committed);
}

void FakeFileService::requeueFault(Upload &upload)
{
    if (upload.fault && upload.fault->cutAtOffset >= 0 && !upload.faultTriggered) {
        m_faults.prepend(*upload.fault);
        upload.fault.reset();
    }
}

// --- responses of the upload server ---------------------------------------------------------------

HttpResponse FakeFileService::uploadResponse(int status, const QByteArray &contentType, const QByteArray &body,
    const QString &uploadId, const QByteArray &uploadStatus) const
{
    HttpResponse response = HttpResponse::fixed(status, contentType, body);
    if (!uploadId.isEmpty())
        response.addHeader("X-GUploader-UploadID", uploadId.toLatin1());
    if (!uploadStatus.isEmpty())
        response.addHeader("X-Goog-Upload-Status", uploadStatus);
    return response;
}

namespace {

// The headers every upload-server answer ends with, in the recorded order.
void addUploadTrailer(HttpResponse &response)
{
    response.addHeader("Content-Length", {}); // placeholders: HttpConnection fills them in here
    response.addHeader("Date", {});
    response.addHeader("Server", "UploadServer");
    response.addHeader("Alt-Svc", altSvc);
}

void addVary(HttpResponse &response)
{
    response.addHeader("Vary", "Origin");
    response.addHeader("Vary", "X-Origin");
    response.addHeader("Vary", "Referer");
}

} // namespace

HttpResponse FakeFileService::jsonUploadError(const QJsonObject &error, const QString &uploadId) const
{
    const int status = error.value(u"error"_s).toObject().value(u"code"_s).toInt(500);
    HttpResponse response = uploadResponse(status, jsonContentType, prettyJson(error), uploadId, {});
    addVary(response);
    addUploadTrailer(response);
    return response;
}

HttpResponse FakeFileService::plainUploadError(const QString &text, const Session &session) const
{
    HttpResponse response = uploadResponse(400, textContentType, text.toUtf8(), session.stats.uploadId, "active");
    response.addHeader("X-Goog-Upload-Size-Received", QByteArray::number(session.stats.committed));
    addUploadTrailer(response);
    return response;
}

HttpResponse FakeFileService::activeResponse(const Session &session, bool query) const
{
    HttpResponse response = uploadResponse(200, textContentType, {}, session.stats.uploadId, "active");
    response.addHeader("X-Goog-Upload-Size-Received", QByteArray::number(session.stats.committed));
    if (query && session.advertise)
        response.addHeader("X-Goog-Upload-Chunk-Granularity", QByteArray::number(session.granularity));
    addUploadTrailer(response);
    return response;
}

HttpResponse FakeFileService::finalResponse(const Session &session) const
{
    HttpResponse response = uploadResponse(200, jsonContentType, session.finalBody, session.stats.uploadId, "final");
    addVary(response);
    addUploadTrailer(response);
    return response;
}

// --- start, multipart ------------------------------------------------------------------------------

QJsonObject FakeFileService::validateMetadata(const QByteArray &body, QJsonObject &file) const
{
    const RequestValidator::Result validation
        = RequestValidator::validate(body, RequestValidator::Message::CreateFileRequest);
    if (!validation.ok)
        return validation.error;
    file = validation.normalized.value(u"file"_s).toObject();
    const QString displayName = file.value(u"displayName"_s).toString();
    if (displayName.size() > 512) {
        return GoogleError::make(400,
            u"* CreateFileRequest.file.display_name: display_name must be at most 512 characters, got %1.\n"_s.arg(
                displayName.size()));
    }
    const QString name = file.value(u"name"_s).toString();
    if (!name.isEmpty()) {
        static const QRegularExpression pattern(u"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$"_s);
        const QString id = idOf(name);
        if (!pattern.match(id).hasMatch()) {
            return GoogleError::make(400,
                u"* CreateFileRequest.file.name: Invalid file name \"%1\": the id after \"files/\" must be 1 to 40 "
                "characters of a-z, 0-9 and '-', and must not start or end with '-'.\n"_s.arg(name));
        }
        bool taken = findFile(id) != nullptr;
        for (const auto &session : m_sessions) {
            taken = taken
                || (session->requestedId == id && !session->stats.finalized && findSession(session->stats.uploadId));
        }
        if (taken)
            return GoogleError::makeStatus(409, u"ALREADY_EXISTS"_s, u"File files/%1 already exists."_s.arg(id));
    }
    return {};
}

bool FakeFileService::isChunkRequest(const FakeGeminiServer::Request &head)
{
    return (head.method == "POST" || head.method == "PUT") && head.path == u"/upload/v1beta/files"_s
        && head.query.hasQueryItem(u"upload_id"_s);
}

bool FakeFileService::isMediaUpload(const FakeGeminiServer::Request &head)
{
    if (head.method != "POST" || head.path != u"/upload/v1beta/files"_s || head.query.hasQueryItem(u"upload_id"_s))
        return false;
    const QString uploadType = head.query.queryItemValue(u"uploadType"_s).toLower();
    const QByteArray protocol = head.header("x-goog-upload-protocol").trimmed().toLower();
    return uploadType == u"media"_s || protocol == "raw";
}

HttpResponse FakeFileService::startSession(const FakeGeminiServer::Request &request)
{
    refresh();
    const Command command = parseCommand(request.header("x-goog-upload-command"));
    if (!command.start) {
        HttpResponse response = uploadResponse(400, textContentType,
            "Invalid request. A resumable upload begins with X-Goog-Upload-Command: start.", {}, {});
        addUploadTrailer(response);
        return response;
    }
    QJsonObject metadata;
    if (const QJsonObject error = validateMetadata(request.body, metadata); !error.isEmpty())
        return jsonUploadError(error, {});

    qint64 declared = -1;
    const QByteArray lengthText = request.header("x-goog-upload-header-content-length");
    if (!lengthText.isEmpty()) {
        bool ok = false;
        declared = parseSize(lengthText, &ok);
        if (!ok) {
            return jsonUploadError(
                GoogleError::make(400,
                    u"Invalid X-Goog-Upload-Header-Content-Length \"%1\": expected the size of the file in bytes."_s
                        .arg(QString::fromLatin1(lengthText))),
                {});
        }
        if (declared > m_maxFileBytes) {
            return jsonUploadError(
                GoogleError::make(400,
                    u"The file is %1 bytes, more than the maximum of %2 bytes for a file."_s.arg(declared).arg(
                        m_maxFileBytes)),
                {});
        }
    }
    QString mimeType = mediaType(request.header("x-goog-upload-header-content-type"));
    if (mimeType.isEmpty())
        mimeType = metadata.value(u"mimeType"_s).toString();
    if (mimeType.isEmpty())
        mimeType = u"application/octet-stream"_s;

    Session *session = newSession(u"resumable"_s);
    session->stats.declaredSize = declared;
    session->stats.mimeType = mimeType;
    session->stats.displayName = metadata.value(u"displayName"_s).toString();
    session->stats.startRequests = 1;
    session->requestedId = idOf(metadata.value(u"name"_s).toString());
    const QString &id = session->stats.uploadId;
    const QByteArray url = uploadUrl(id).toString(QUrl::FullyEncoded).toUtf8();

    // The recorded answer (rec: files/index-27588953879__resumable_upload_transcript.http.txt), header by header.
    HttpResponse response = uploadResponse(200, textContentType, {}, id, "active");
    response.addHeader("X-Goog-Upload-URL", url);
    response.addHeader("X-Goog-Upload-Control-URL", url);
    if (session->advertise)
        response.addHeader("X-Goog-Upload-Chunk-Granularity", QByteArray::number(session->granularity));
    response.addHeader("X-Goog-Upload-Header-x-google-esf-cloud-client-params",
        "backend_service_name: \"generativelanguage.googleapis.com\" backend_fully_qualified_method: "
        "\"google.ai.generativelanguage.v1beta.FileService.CreateFile\"");
    response.addHeader(
        "X-Goog-Upload-Header-X-Google-Session-Info", "GgQYECgLIAE6IxIhZ2VuZXJhdGl2ZWxhbmd1YWdlLmdvb2dsZWFwaXMuY29t");
    const qint64 started = session->created.toMSecsSinceEpoch();
    response.addHeader("X-Goog-Upload-Header-X-Google-Backends",
        "unix:/tmp/esfbackend." + QByteArray::number(started / 1000) + '.'
            + QByteArray::number(started % 1000 * 1000).rightJustified(6, '0') + '.'
            + QByteArray::number(1592910 + static_cast<qint64>(m_sessions.size())));
    response.addHeader("X-Goog-Upload-Header-Content-Type", jsonContentType);
    response.addHeader("X-Goog-Upload-Header-X-Google-Security-Signals",
        "FRAMEWORK=ONE_PLATFORM,ENV=borg,ENV_DEBUG=borg_user:genai-api;borg_job:prod.genai-api");
    response.addHeader("X-Goog-Upload-Header-Vary", "Origin");
    response.addHeader("X-Goog-Upload-Header-Vary", "X-Origin");
    response.addHeader("X-Goog-Upload-Header-Vary", "Referer");
    response.addHeader("X-Goog-Upload-Header-X-Google-GFE-Backend-Request-Cost",
        QByteArray::number(9.5 + static_cast<double>(m_sessions.size() % 400) / 100.0, 'f', 4));
    addUploadTrailer(response);
    Q_EMIT sessionStarted(id);
    return response;
}

HttpResponse FakeFileService::multipartUpload(const FakeGeminiServer::Request &request)
{
    refresh();
    const QByteArray contentType = request.header("content-type");
    const QByteArray lowerType = contentType.trimmed().toLower();
    const std::optional<QList<MultipartPart>> parts
        = lowerType.startsWith("multipart/") ? parseMultipart(request.body, boundaryOf(contentType)) : std::nullopt;
    if (!parts) {
        return jsonUploadError(GoogleError::make(400,
                                   u"Invalid multipart request: expected a multipart/related body (with a boundary) "
                                   "holding the JSON metadata and the media."_s),
            {});
    }
    const MultipartPart *metadataPart = nullptr;
    const MultipartPart *mediaPart = nullptr;
    for (const MultipartPart &part : *parts) {
        const bool json = part.contentType.toLower().startsWith("application/json")
            || part.disposition.contains("name=\"metadata\"");
        if (json && !metadataPart)
            metadataPart = &part;
        else if (!mediaPart)
            mediaPart = &part;
    }
    if (!mediaPart) {
        return jsonUploadError(GoogleError::make(400, u"Invalid multipart request: the media part is missing."_s), {});
    }
    QJsonObject metadata;
    if (const QJsonObject error = validateMetadata(metadataPart ? metadataPart->body : QByteArray(), metadata);
        !error.isEmpty())
        return jsonUploadError(error, {});
    if (mediaPart->body.size() > m_maxFileBytes) {
        return jsonUploadError(
            GoogleError::make(400,
                u"The file is %1 bytes, more than the maximum of %2 bytes for a file."_s.arg(mediaPart->body.size())
                    .arg(m_maxFileBytes)),
            {});
    }
    Session *session = newSession(u"multipart"_s);
    QString mimeType = mediaType(mediaPart->contentType);
    if (mimeType.isEmpty())
        mimeType = metadata.value(u"mimeType"_s).toString();
    session->stats.mimeType = mimeType.isEmpty() ? u"application/octet-stream"_s : mimeType;
    session->stats.displayName = metadata.value(u"displayName"_s).toString();
    session->stats.declaredSize = mediaPart->body.size();
    session->stats.chunkRequests = 1;
    session->stats.chunkOffsets = {0};
    session->stats.bodyBytesReceived = request.body.size();
    session->requestedId = idOf(metadata.value(u"name"_s).toString());
    session->hash.addData(mediaPart->body);
    session->stats.committed = mediaPart->body.size();
    Q_EMIT sessionStarted(session->stats.uploadId);
    storeFile(*session);
    Q_EMIT uploadFinalized(session->stats.uploadId, session->stats.fileName);
    HttpResponse response = uploadResponse(200, jsonContentType, session->finalBody, session->stats.uploadId, {});
    addVary(response);
    addUploadTrailer(response);
    return response;
}

// --- streamed upload bodies -------------------------------------------------------------------------

std::shared_ptr<FakeFileService::Upload> FakeFileService::rejectUpload(const HttpResponse &response)
{
    auto upload = std::make_shared<Upload>();
    upload->kind = Upload::Kind::Discard;
    upload->preset = [response]() { return response; };
    upload->rate = m_linkBytesPerSecond;
    return upload;
}

std::shared_ptr<FakeFileService::Upload> FakeFileService::beginMedia(const FakeGeminiServer::Request &head)
{
    refresh();
    qint64 length = -1;
    if (head.header("transfer-encoding").isEmpty()) {
        bool ok = false;
        length = parseSize(head.header("content-length"), &ok);
        if (!ok)
            length = 0;
    }
    if (length > m_maxFileBytes) {
        return rejectUpload(jsonUploadError(
            GoogleError::make(400,
                u"The file is %1 bytes, more than the maximum of %2 bytes for a file."_s.arg(length).arg(
                    m_maxFileBytes)),
            {}));
    }
    Session *session = newSession(u"media"_s);
    const QString mimeType = mediaType(head.header("content-type"));
    session->stats.mimeType = mimeType.isEmpty() ? u"application/octet-stream"_s : mimeType;
    session->stats.declaredSize = length;
    session->stats.chunkRequests = 1;
    session->stats.chunkOffsets = {0};
    auto upload = std::make_shared<Upload>();
    upload->kind = Upload::Kind::Media;
    upload->session = session;
    upload->contentLength = length;
    upload->accept = true;
    upload->rate = m_linkBytesPerSecond;
    session->active = upload;
    Q_EMIT sessionStarted(session->stats.uploadId);
    return upload;
}

std::shared_ptr<FakeFileService::Upload> FakeFileService::beginChunk(const FakeGeminiServer::Request &head)
{
    refresh();
    const QString uploadId = head.query.queryItemValue(u"upload_id"_s, QUrl::FullyDecoded);
    Session *session = findSession(uploadId);
    if (!session) {
        return rejectUpload(jsonUploadError(GoogleError::make(404,
                                                u"Upload session not found: it was cancelled, has expired or never "
                                                "existed. Start a new upload."_s),
            uploadId));
    }
    auto upload = std::make_shared<Upload>();
    upload->kind = Upload::Kind::Discard;
    upload->session = session;
    upload->rate = m_linkBytesPerSecond;
    const auto plain = [this, session](const QString &text) {
        return [this, session, text]() { return plainUploadError(text, *session); };
    };

    const QByteArray commandText = head.header("x-goog-upload-command");
    const Command command = parseCommand(commandText);
    if (!command.valid || command.start) {
        upload->preset = plain(command.start
                ? u"Invalid request. This upload session has already been started."_s
                : u"Invalid request. Unknown X-Goog-Upload-Command \"%1\"."_s.arg(QString::fromLatin1(commandText)));
        return upload;
    }
    if (command.query) {
        ++session->stats.queryRequests;
        upload->preset = [this, session]() {
            return session->stats.finalized ? finalResponse(*session) : activeResponse(*session, true);
        };
        return upload;
    }
    if (command.cancel) {
        ++session->stats.cancelRequests;
        if (session->stats.finalized) {
            upload->preset = [this, session]() { return finalResponse(*session); };
            return upload;
        }
        session->stats.cancelled = true;
        if (const std::shared_ptr<Upload> active = session->active.lock())
            active->superseded = true;
        session->active.reset();
        session->tail = QByteArray();
        Q_EMIT sessionCancelled(session->stats.uploadId);
        upload->preset = [this, session]() {
            HttpResponse response = uploadResponse(200, textContentType, {}, session->stats.uploadId, "cancelled");
            addUploadTrailer(response);
            return response;
        };
        return upload;
    }

    // upload / upload, finalize / finalize
    upload->kind = Upload::Kind::Chunk;
    upload->chunkCommand = true;
    upload->finalize = command.finalize;
    ++session->stats.chunkRequests;
    if (head.header("transfer-encoding").isEmpty()) {
        bool ok = false;
        upload->contentLength = parseSize(head.header("content-length"), &ok);
        if (!ok)
            upload->contentLength = 0;
    }
    const QByteArray offsetText = head.header("x-goog-upload-offset");
    bool offsetOk = false;
    upload->offset
        = offsetText.isEmpty() && !command.upload ? session->stats.committed : parseSize(offsetText, &offsetOk);
    if (offsetText.isEmpty() && !command.upload)
        offsetOk = true;
    session->stats.chunkOffsets.append(offsetOk ? upload->offset : -1);
    if (!offsetOk) {
        upload->offset = 0;
        upload->preset = plain(u"Invalid request. The X-Goog-Upload-Offset header is missing or not a byte offset."_s);
        return upload;
    }
    if (session->stats.finalized) {
        // A finalize sent again (its answer was lost): the final answer again, nothing stored.
        upload->preset = [this, session]() { return finalResponse(*session); };
        return upload;
    }

    // A newer request on the session takes over from one still in progress (a client that gave
    // up on a stalled chunk): the older one's uncommitted tail is dropped.
    if (const std::shared_ptr<Upload> previous = session->active.lock()) {
        previous->superseded = true;
        dropTail(*session);
    }
    session->active = upload;

    if (!m_faults.isEmpty()) {
        const ChunkFault &next = m_faults.head();
        const bool reachable = next.cutAtOffset < 0 || upload->contentLength < 0
            || upload->offset + upload->contentLength >= next.cutAtOffset;
        if (reachable)
            upload->fault = m_faults.dequeue();
    }
    if (upload->fault) {
        const ChunkFault &fault = *upload->fault;
        if (fault.cutAtOffset >= 0)
            upload->cutAt = std::max<qint64>(0, fault.cutAtOffset - upload->offset);
        if (fault.cutAfterBytes >= 0)
            upload->cutAt = upload->cutAt < 0 ? fault.cutAfterBytes : std::min(upload->cutAt, fault.cutAfterBytes);
    }

    const qint64 committed = session->stats.committed;
    const qint64 declared = session->stats.declaredSize;
    const qint64 length = upload->contentLength;
    if (upload->offset != committed) {
        upload->preset = plain(u"Invalid request. The X-Goog-Upload-Offset header says %1, but %2 byte(s) of this "
                               "upload have been received and committed: continue at offset %2."_s.arg(upload->offset)
                                   .arg(committed));
    } else if (length >= 0 && !upload->finalize && length % session->granularity != 0) {
        upload->preset = plain(u"Invalid request. A chunk that does not finalize the upload must be a multiple of "
                               "%1 bytes (X-Goog-Upload-Chunk-Granularity); this one has %2 bytes. Nothing of it "
                               "was stored."_s.arg(session->granularity)
                                   .arg(length));
    } else if (length >= 0 && declared >= 0 && upload->offset + length > declared) {
        upload->preset
            = plain(u"Invalid request. The chunk ends at byte %1, beyond the %2 bytes declared by "
                    "X-Goog-Upload-Header-Content-Length. Nothing of it was stored."_s.arg(upload->offset + length)
                        .arg(declared));
    } else if (length >= 0 && declared >= 0 && upload->finalize && upload->offset + length != declared) {
        upload->preset = plain(u"Invalid request. Finalizing now would make the upload %1 bytes, but "
                               "X-Goog-Upload-Header-Content-Length declared %2. Nothing of this chunk was stored."_s
                                   .arg(upload->offset + length)
                                   .arg(declared));
    } else {
        upload->accept = true;
    }
    if (upload->fault && (upload->fault->httpStatus != 0 || upload->fault->omitStatusHeader))
        upload->accept = false;
    return upload;
}

bool FakeFileService::write(Upload &upload, QByteArrayView piece)
{
    if (upload.ended || upload.cut)
        return false;
    Session *session = upload.session;
    if (upload.superseded && session && session->stats.cancelled)
        return false; // the session was cancelled under this chunk: drop the rest of it
    const QString uploadId = session ? session->stats.uploadId : QString();
    qint64 count = piece.size();
    bool cutHere = upload.cutAt >= 0 && upload.received >= upload.cutAt;
    if (!cutHere && upload.cutAt >= 0 && upload.received + count >= upload.cutAt) {
        count = upload.cutAt - upload.received;
        cutHere = true;
    }
    const QByteArrayView data = piece.first(count);
    if (session && count > 0) {
        session->stats.bodyBytesReceived += count;
        if (upload.kind == Upload::Kind::Chunk) {
            const qint64 start = upload.offset + upload.received;
            session->stats.duplicateBytes += std::clamp<qint64>(session->stats.committed - start, 0, count);
        }
    }
    upload.received += count;
    if (upload.accept && !upload.superseded && session && count > 0) {
        if (upload.kind == Upload::Kind::Media) {
            session->hash.addData(data);
            session->stats.committed += count;
        } else {
            QByteArrayView accepted = data;
            const qint64 declared = session->stats.declaredSize;
            if (declared >= 0) {
                const qint64 room = declared - session->stats.committed - session->tail.size();
                if (accepted.size() > room) {
                    accepted = accepted.first(std::max<qint64>(0, room));
                    upload.accept = false;
                    upload.refusal = u"Invalid request. The upload goes beyond the %1 bytes declared by "
                                     "X-Goog-Upload-Header-Content-Length."_s.arg(declared);
                }
            }
            feedSession(*session, accepted);
        }
    }
    if (cutHere) {
        upload.cut = true;
        upload.faultTriggered = true;
        Q_EMIT connectionCut(uploadId, upload.offset + upload.received);
        return false;
    }
    return true;
}

HttpResponse FakeFileService::finish(Upload &upload)
{
    upload.ended = true;
    Session *session = upload.session;
    if (upload.kind == Upload::Kind::Discard || !session)
        return upload.preset ? upload.preset() : HttpResponse::fixed(500, textContentType, "no answer");
    const bool current = session->active.lock().get() == &upload;
    if (current)
        session->active.reset();

    if (upload.kind == Upload::Kind::Media) {
        storeFile(*session);
        Q_EMIT uploadFinalized(session->stats.uploadId, session->stats.fileName);
        HttpResponse response = uploadResponse(200, jsonContentType, session->finalBody, session->stats.uploadId, {});
        addVary(response);
        addUploadTrailer(response);
        return response;
    }

    Q_EMIT chunkReceived(session->stats.uploadId, upload.offset, upload.received);
    requeueFault(upload);
    const std::optional<ChunkFault> fault = upload.fault;
    HttpResponse response;
    if (fault && fault->httpStatus != 0) {
        response = jsonUploadError(GoogleError::make(fault->httpStatus), {});
    } else if (fault && fault->omitStatusHeader) {
        response = uploadResponse(200, textContentType, {}, session->stats.uploadId, {});
        addUploadTrailer(response);
    } else if (upload.superseded) {
        response = plainUploadError(
            u"Invalid request. A newer request on this upload session replaced this one; nothing of it was stored."_s,
            *session);
    } else if (upload.preset) {
        response = upload.preset();
    } else if (!upload.refusal.isEmpty()) {
        dropTail(*session);
        response = plainUploadError(upload.refusal, *session);
    } else if (!upload.finalize) {
        if (upload.received % session->granularity != 0) {
            dropTail(*session);
            response = plainUploadError(u"Invalid request. A chunk that does not finalize the upload must be a "
                                        "multiple of %1 bytes (X-Goog-Upload-Chunk-Granularity); this one had %2 "
                                        "bytes. Its whole granules were kept."_s.arg(session->granularity)
                                            .arg(upload.received),
                *session);
        } else {
            response = activeResponse(*session, false);
        }
    } else {
        const qint64 total = session->stats.committed + session->tail.size();
        const qint64 declared = session->stats.declaredSize;
        if (declared >= 0 && total != declared) {
            dropTail(*session);
            response = plainUploadError(u"Invalid request. The upload was finalized with %1 bytes, but "
                                        "X-Goog-Upload-Header-Content-Length declared %2."_s.arg(total)
                                            .arg(declared),
                *session);
        } else if (!session->requestedId.isEmpty() && findFile(session->requestedId)) {
            dropTail(*session);
            response = jsonUploadError(GoogleError::makeStatus(409, u"ALREADY_EXISTS"_s,
                                           u"File files/%1 already exists."_s.arg(session->requestedId)),
                session->stats.uploadId);
        } else {
            session->hash.addData(session->tail);
            session->stats.committed = total;
            Q_EMIT bytesCommitted(session->stats.uploadId, total);
            storeFile(*session);
            Q_EMIT uploadFinalized(session->stats.uploadId, session->stats.fileName);
            response = finalResponse(*session);
        }
    }
    if (current)
        dropTail(*session); // empty by now (committed or dropped): release the granule buffer
    if (fault && fault->delayMs > 0)
        response.delayBeforeHeadersMs = fault->delayMs;
    return response;
}

void FakeFileService::abandon(Upload &upload)
{
    if (upload.ended)
        return;
    upload.ended = true;
    Session *session = upload.session;
    if (upload.kind == Upload::Kind::Discard || !session)
        return;
    if (session->active.lock().get() == &upload) {
        session->active.reset();
        if (upload.kind == Upload::Kind::Chunk && upload.accept && !upload.superseded)
            dropTail(*session);
    }
    if (upload.kind == Upload::Kind::Media) {
        session->stats.cancelled = true; // the connection went away: no file
        return;
    }
    Q_EMIT chunkReceived(session->stats.uploadId, upload.offset, upload.received);
    requeueFault(upload);
}

qint64 FakeFileService::bodyBytes(const Upload &upload) const
{
    return upload.received;
}

qint64 FakeFileService::bytesPerSecond(const Upload &upload) const
{
    return upload.rate;
}

// --- metadata routes ---------------------------------------------------------------------------------

FakeFileService::Reply FakeFileService::listFiles(const QUrlQuery &query)
{
    refresh();
    QString sizeText = query.queryItemValue(u"pageSize"_s, QUrl::FullyDecoded);
    if (sizeText.isEmpty())
        sizeText = query.queryItemValue(u"page_size"_s, QUrl::FullyDecoded);
    int pageSize = 10;
    if (!sizeText.isEmpty()) {
        bool ok = false;
        const int parsed = sizeText.toInt(&ok);
        if (!ok) {
            const QString message = u"Invalid value at 'page_size' (TYPE_INT32), \"%1\""_s.arg(sizeText);
            return {400, prettyJson(GoogleError::badRequest(message, u"page_size"_s))};
        }
        if (parsed > 0)
            pageSize = std::min(parsed, 100);
    }
    QString token = query.queryItemValue(u"pageToken"_s, QUrl::FullyDecoded);
    if (token.isEmpty())
        token = query.queryItemValue(u"page_token"_s, QUrl::FullyDecoded);

    const QList<File> all = files(); // newest first
    qsizetype start = 0;
    if (!token.isEmpty()) {
        // The token names the last file of the previous page: the list continues after it.
        const auto decoded = QByteArray::fromBase64Encoding(
            token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        const QList<QByteArray> fields = decoded ? decoded.decoded.split('|') : QList<QByteArray>();
        bool ok = fields.size() == 3 && fields.at(0) == "files.v1";
        const qint64 createMs = ok ? fields.at(1).toLongLong(&ok) : 0;
        if (!ok)
            return {400, prettyJson(GoogleError::make(400, u"Invalid page token: %1"_s.arg(token)))};
        const QString lastName = QString::fromUtf8(fields.at(2));
        start = all.size();
        for (qsizetype i = 0; i < all.size(); ++i) {
            const File &f = all.at(i);
            const qint64 ms = f.createTime.toMSecsSinceEpoch();
            if (ms < createMs || (ms == createMs && f.name == lastName)) {
                start = ms < createMs ? i : i + 1;
                break;
            }
        }
    }
    QJsonArray page;
    qsizetype end = std::min<qsizetype>(all.size(), start + pageSize);
    for (qsizetype i = start; i < end; ++i) {
        const QJsonDocument document = QJsonDocument::fromJson(fileJson(all.at(i), false));
        page.append(document.object());
    }
    QJsonObject body;
    if (!page.isEmpty())
        body.insert(u"files"_s, page);
    if (end < all.size()) {
        const File &last = all.at(end - 1);
        const QByteArray raw
            = "files.v1|" + QByteArray::number(last.createTime.toMSecsSinceEpoch()) + '|' + last.name.toUtf8();
        body.insert(u"nextPageToken"_s,
            QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    }
    return {200, prettyFileJson(body)};
}

FakeFileService::Reply FakeFileService::getFile(const QString &id)
{
    refresh();
    const std::optional<File> found = file(id);
    if (!found)
        return {403, prettyJson(GoogleError::make(403, permissionDeniedMessage(idOf(id))))};
    return {200, fileJson(*found, false)};
}

FakeFileService::Reply FakeFileService::deleteFile(const QString &id)
{
    refresh();
    if (!file(id))
        return {403, prettyJson(GoogleError::make(403, permissionDeniedMessage(idOf(id))))};
    removeFile(id);
    return {200, QByteArrayLiteral("{}\n")};
}

FakeFileService::FileUse FakeFileService::resolveFileUri(const QString &uri)
{
    FileUse use;
    const QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid() || url.port() != m_server->port())
        return use;
    const QString host = url.host().toLower();
    static const QStringList loopback = {u"127.0.0.1"_s, u"localhost"_s, u"::1"_s};
    if (!loopback.contains(host) && host != m_server->baseUrl().host())
        return use;
    static const QRegularExpression pattern(u"^/v1(?:beta)?/files/([^/:]+)$"_s);
    const QRegularExpressionMatch match = pattern.match(url.path());
    if (!match.hasMatch())
        return use;
    use.local = true;
    refresh();
    const QString id = match.captured(1);
    const std::optional<File> found = file(id);
    if (!found) {
        use.error = GoogleError::make(403, permissionDeniedMessage(id));
        return use;
    }
    use.file = *found;
    if (found->state != u"ACTIVE"_s) {
        use.error = GoogleError::makeStatus(400, u"FAILED_PRECONDITION"_s,
            u"The File %1 is not in an ACTIVE state and usage is not allowed."_s.arg(id));
    }
    return use;
}
