#pragma once

#include "fakegeminiserver.h"
#include "httpresponse.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <memory>
#include <optional>
#include <vector>

// The Files API of the fake server (gemini-api.md §7, §11.7), owned by FakeGeminiServer:
//  * uploads on `/upload/v1beta/files`: the resumable protocol of Google's upload server
//    ("Scotty": start / upload / upload, finalize / query / cancel through X-Goog-Upload-Command),
//    `uploadType=multipart` and `uploadType=media` (or `X-Goog-Upload-Protocol: raw`);
//  * `files.get`, `files.list`, `files.delete` on `/v1beta/files`;
//  * the check of `fileData.fileUri` in generate/countTokens requests (FileUse).
//
// Upload bodies are streamed (HttpConnection::BodyStream): the bytes of a chunk are counted and
// hashed as they arrive and never kept beyond the uncommitted tail of one granule. Commit rule
// (like Scotty): a chunk's bytes become part of the upload in whole multiples of the granularity;
// when a chunk is cut or answered with an error, its uncommitted tail (less than one granule) is
// dropped and `query` reports the committed size. The final chunk commits everything.
//
// Time runs on a service clock (real UTC time plus an offset, advanceClock()): files expire 48 h
// after creation, video files (setProcessingTypes) stay PROCESSING for setProcessingMs() after the
// upload, upload sessions are forgotten 7 days after their start (unverified for Gemini).
class FakeFileService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeFileService)

public:
    struct File
    {
        QString name; // "files/<id>"
        QString displayName;
        QString mimeType;
        qint64 sizeBytes = 0;
        QDateTime createTime, updateTime, expirationTime;
        QByteArray sha256Hex; // lower-case hex digest; sha256Hash is its base64
        QString state;        // PROCESSING | ACTIVE | FAILED
        QString source = QStringLiteral("UPLOADED");
        QString errorMessage;      // state FAILED: error.message
        QString videoDuration;     // e.g. "596s" (video/* once ACTIVE)
        QByteArray videoThumbnail; // JPEG bytes (video/* once ACTIVE)
    };

    // Consumed by the next `upload` / `upload, finalize` request on any session.
    struct ChunkFault
    {
        // Close the TCP connection (no response) once the session has received bytes up to this
        // absolute file offset. Such a fault stays queued (at the front) until a chunk reaches it.
        qint64 cutAtOffset = -1;
        qint64 cutAfterBytes = -1; // close the connection after this many body bytes of the chunk
        int httpStatus = 0;        // answer this status (its real error body) after reading the body; commit nothing
        bool omitStatusHeader = false; // 200 with no X-Goog-Upload-Status header; commit nothing
        int delayMs = 0;               // wait before answering
    };

    struct SessionStats
    {
        QString uploadId;
        QString displayName;
        QString mimeType;
        qint64 declaredSize = 0; // X-Goog-Upload-Header-Content-Length; -1 when not given
        qint64 committed = 0;
        qint64 bodyBytesReceived = 0; // every body byte received, dropped ones included
        qint64 duplicateBytes = 0;    // bytes received at an offset below what was committed at that time
        int startRequests = 0;
        int chunkRequests = 0;
        int queryRequests = 0;
        int cancelRequests = 0;
        bool finalized = false;
        bool cancelled = false;
        QString protocol;           // "resumable", "multipart" or "media"
        QString fileName;           // the File created by the upload ("files/<id>"), once finalized
        QList<qint64> chunkOffsets; // X-Goog-Upload-Offset of every chunk request, in order
    };

    static constexpr qint64 defaultGranularity = 8LL * 1024 * 1024;
    static constexpr qint64 defaultMaxFileBytes = 2LL * 1024 * 1024 * 1024;
    static constexpr qint64 fileLifetimeMs = 48LL * 3600 * 1000;
    static constexpr qint64 sessionLifetimeMs = 7LL * 24 * 3600 * 1000;

    explicit FakeFileService(FakeGeminiServer *server);
    ~FakeFileService() override;

    // --- control API (tests) ------------------------------------------------------------------
    QDateTime now() const;        // the service clock: real UTC time plus an offset
    void advanceClock(qint64 ms); // moves expiry and processing forward
    qint64 clockOffsetMs() const { return m_clockOffsetMs; }

    void setGranularity(qint64 bytes); // default 8 MiB; applies to sessions started afterwards
    qint64 granularity() const { return m_granularity; }
    void setAdvertiseGranularity(bool advertise);                   // false: no X-Goog-Upload-Chunk-Granularity header
    void setProcessingMs(qint64 ms);                                // default 5000
    void setProcessingTypes(const QStringList &mimePrefixes);       // default {"video/"}
    void setFailProcessing(bool fail, const QString &message = {}); // files that process end FAILED
    void setLinkBytesPerSecond(qint64 bytesPerSecond);              // slow link for upload bodies; 0 = unlimited
    qint64 linkBytesPerSecond() const { return m_linkBytesPerSecond; }
    void setMaxFileBytes(qint64 bytes); // default 2 GiB: larger declared sizes -> 400 at start

    void enqueueChunkFault(const ChunkFault &fault);
    int pendingChunkFaults() const { return static_cast<int>(m_faults.size()); }
    void clearChunkFaults() { m_faults.clear(); }

    QString addFile(const File &file); // inserts directly (fills name/times/state defaults); returns the name
    void setState(const QString &name, const QString &state, const QString &errorMessage = {});
    void removeFile(const QString &name);
    QList<File> files() const;                           // live (non-expired) files, newest first
    std::optional<File> file(const QString &name) const; // "files/<id>" or "<id>"

    void expireSessions();                // forgets every upload session: the next request on one -> 404
    QList<SessionStats> sessions() const; // in start order, finished/cancelled/expired ones included
    std::optional<SessionStats> session(const QString &uploadId) const;

    QUrl uploadUrl(const QString &uploadId) const; // the X-Goog-Upload-URL of a session
    QUrl fileUri(const QString &name) const;       // <baseUrl>/v1beta/files/<id>
    // The File resource exactly as the server writes it (pretty JSON + "\n"), optionally in {"file": …}.
    QByteArray fileJson(const File &file, bool wrapped) const;

    // --- wire side (used by FakeGeminiServer) ---------------------------------------------------
    class Upload; // one upload request whose body is streamed (opaque)

    // Whether a request with this head goes to beginChunk()/beginMedia() (its body is streamed).
    static bool isChunkRequest(const FakeGeminiServer::Request &head);
    static bool isMediaUpload(const FakeGeminiServer::Request &head);

    std::shared_ptr<Upload> beginChunk(const FakeGeminiServer::Request &head); // a request on an upload URL
    std::shared_ptr<Upload> beginMedia(const FakeGeminiServer::Request &head); // uploadType=media (authorised)
    std::shared_ptr<Upload> rejectUpload(const HttpResponse &response);        // reads and drops the body, then answers
    bool write(Upload &upload, QByteArrayView piece); // false: cut the connection now (no response)
    HttpResponse finish(Upload &upload);              // the whole body arrived
    void abandon(Upload &upload);                     // the connection closed before the body ended
    qint64 bodyBytes(const Upload &upload) const;
    qint64 bytesPerSecond(const Upload &upload) const; // the link rate for this body (0 = unlimited)

    HttpResponse startSession(const FakeGeminiServer::Request &request);    // X-Goog-Upload-Command: start
    HttpResponse multipartUpload(const FakeGeminiServer::Request &request); // uploadType=multipart

    struct Reply // a unary JSON reply of the metadata routes (body = pretty JSON + "\n")
    {
        int status = 200;
        QByteArray body;
    };
    Reply listFiles(const QUrlQuery &query);
    Reply getFile(const QString &id);
    Reply deleteFile(const QString &id);

    struct FileUse
    {
        bool local = false; // the URI names a file of this server
        QJsonObject error;  // non-empty: the request must fail with it (403 or 400 FAILED_PRECONDITION)
        File file;
    };
    FileUse resolveFileUri(const QString &uri);

Q_SIGNALS:
    void sessionStarted(const QString &uploadId);
    // A chunk request's body ended (complete, cut or abandoned): its X-Goog-Upload-Offset and body bytes.
    void chunkReceived(const QString &uploadId, qint64 offset, qint64 bytes);
    void bytesCommitted(const QString &uploadId, qint64 committed);
    void connectionCut(const QString &uploadId, qint64 absoluteOffset); // a ChunkFault cut the connection here
    void uploadFinalized(const QString &uploadId, const QString &fileName);
    void sessionCancelled(const QString &uploadId);
    void fileStateChanged(const QString &name, const QString &state);

private:
    struct Session;
    struct StoredFile;

    Session *findSession(const QString &uploadId) const; // live sessions only
    Session *newSession(const QString &protocol);
    StoredFile *findFile(const QString &nameOrId);
    const StoredFile *findFile(const QString &nameOrId) const;
    File effective(const StoredFile &stored) const; // with a due processing transition applied
    bool expired(const StoredFile &stored) const;
    void refresh(); // applies due transitions (signals), purges expired files, re-arms the timer
    StoredFile &storeFile(Session &session);
    void feedSession(Session &session, QByteArrayView data);
    void dropTail(Session &session);
    void requeueFault(Upload &upload);
    QString newFileId() const;
    QString newUploadId() const;
    QByteArray baseUrlText() const;
    HttpResponse uploadResponse(int status, const QByteArray &contentType, const QByteArray &body,
        const QString &uploadId, const QByteArray &uploadStatus) const;
    HttpResponse jsonUploadError(const QJsonObject &error, const QString &uploadId) const;
    HttpResponse plainUploadError(const QString &text, const Session &session) const;
    HttpResponse activeResponse(const Session &session, bool query) const;
    HttpResponse finalResponse(const Session &session) const;
    QJsonObject validateMetadata(const QByteArray &body, QJsonObject &file) const;

    FakeGeminiServer *m_server;
    std::vector<std::unique_ptr<Session>> m_sessions; // start order
    std::vector<std::unique_ptr<StoredFile>> m_files;
    qint64 m_fileSequence = 0;
    QQueue<ChunkFault> m_faults;
    qint64 m_clockOffsetMs = 0;
    qint64 m_granularity = defaultGranularity;
    bool m_advertiseGranularity = true;
    qint64 m_processingMs = 5000;
    QStringList m_processingTypes {QStringLiteral("video/")};
    bool m_failProcessing = false;
    QString m_failMessage;
    qint64 m_linkBytesPerSecond = 0;
    qint64 m_maxFileBytes = defaultMaxFileBytes;
    QTimer m_processingTimer;
};
