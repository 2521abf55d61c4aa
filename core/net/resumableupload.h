#pragma once

#include "api/apierror.h"
#include "api/remotefile.h"
#include "files/filehasher.h"
#include "files/uploadsource.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <optional>

class GeminiClient;
class QIODevice;
class QNetworkReply;
class QNetworkRequest;

// One file sent with the Files API's resumable protocol (gemini-api.md §7.1): `start` with size, type
// and display name; chunks of a multiple of the advertised X-Goog-Upload-Chunk-Granularity (8 MiB
// when absent) read straight from disk; `upload, finalize` on the last; the {"file": …} reply.
//
// Failures: a chunk that fails (connection cut, 5xx, 408/429, idle timeout) is retried with the
// client's RetryPolicy backoff, after asking the server how far it got (`query`,
// X-Goog-Upload-Size-Received) so no byte before that offset is sent again. A session the server no
// longer knows (404/410) starts over once, cleanly. A file that changes on disk fails the upload.
// pause() aborts the chunk in flight and keeps the session; resume() queries and continues;
// cancel() sends the `cancel` command (best effort, not waited for) and emits failed() with a
// Cancelled error at once. After the final reply the server's sha256Hash and sizeBytes are checked
// against the file (a mismatch fails, and the bad remote copy is deleted). An invalid source or a
// client that cannot send (no key) fails asynchronously after start(), with nothing sent.
// Chunk requests carry no API key: the session URL is the credential.
class ResumableUpload final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResumableUpload)

public:
    enum class State {
        Ready,      // not started
        Starting,   // the `start` request
        Uploading,  // sending chunks
        Paused,     // by the user; the session is kept
        Recovering, // waiting to retry, or asking the server how far it got
        Finished,   // file() holds the server's File
        Failed,     // error() says why
        Cancelled,
    };
    Q_ENUM(State)

    static constexpr qint64 DefaultGranularity = 8 * 1024 * 1024;

    // Nothing is read or sent before start(). The client gives the endpoint, key, network manager,
    // retry policy and clock.
    ResumableUpload(GeminiClient *client, const UploadSource &source, QObject *parent = nullptr);
    ~ResumableUpload() override;

    // Preferred chunk size; rounded to a multiple of the server's granularity (at least one granule).
    void setChunkBytes(qint64 bytes);
    // How long a request may go without sending or receiving a byte before it counts as failed
    // (and is retried); 0 = the client's requestTimeoutMs, at most DefaultIdleTimeoutMs.
    void setIdleTimeoutMs(int ms) { m_idleTimeoutMs = ms; }
    // The SHA-256 already computed for the file (UploadQueue hashes first): the server's sha256Hash
    // is checked against it, and the upload does not hash the bytes again while sending them.
    void setExpectedSha256Hex(const QByteArray &hex) { m_expectedSha256Hex = hex.toLower(); }

    static constexpr int DefaultIdleTimeoutMs = 60 * 1000;
    static constexpr qint64 DefaultChunkBytes = 8 * 1024 * 1024;
    static constexpr int MaxHeaderlessReplies = 3; // per chunk, as the SDKs do
    static constexpr int CancelTimeoutMs = 5000;

    void start();
    void pause();
    void resume();
    void cancel();

    State state() const { return m_state; }
    bool isDone() const
    {
        return m_state == State::Finished || m_state == State::Failed || m_state == State::Cancelled;
    }
    const UploadSource &source() const { return m_source; }
    qint64 totalBytes() const { return m_source.size; }
    qint64 bytesCommitted() const { return m_committed; } // acknowledged by the server
    qint64 bytesSent() const;                             // committed plus the part of the chunk in flight
    double bytesPerSecond() const;                        // moving average over the last seconds
    std::optional<qint64> msRemaining() const;            // nullopt until a rate is known
    const RemoteFile &file() const { return m_file; }
    const ApiError &error() const { return m_error; }
    QUrl sessionUrl() const { return m_sessionUrl; }
    qint64 granularity() const { return m_granularity; }

Q_SIGNALS:
    void stateChanged(ResumableUpload::State state);
    void progressChanged(qint64 sent, qint64 total);
    void retrying(int attempt, qint64 delayMs, const ApiError &error);
    void finished(const RemoteFile &file);
    void failed(const ApiError &error); // also for cancel (kind Cancelled)

private:
    enum class Request {
        None,
        Start,
        Chunk,
        Query
    };
    struct Reply // what the handlers need from a finished QNetworkReply
    {
        int httpStatus = 0;
        int networkError = 0;
        QString networkErrorString;
        QByteArray uploadStatus; // X-Goog-Upload-Status, lower case
        std::optional<qint64> sizeReceived;
        QByteArray uploadUrl;
        QByteArray granularity;
        QByteArray retryAfter;
        QByteArray body;
    };

    void setState(State state);
    void sendStart();
    void sendNextChunk();
    void sendQuery();
    void sendCancelCommand();
    QNetworkReply *post(Request kind, const QNetworkRequest &request, QIODevice *body, const QByteArray &bytes = {});
    void onReplyFinished(QNetworkReply *reply);
    void onStartReply(const Reply &reply);
    void onChunkReply(const Reply &reply);
    void onQueryReply(const Reply &reply);
    // A session gone (404/410), an error, or the final/cancelled status: handles it and returns true.
    bool settledByStatus(const Reply &reply, const ApiError &error);
    void onFinal(const QByteArray &body);
    void commit(qint64 offset);
    void recover(const ApiError &error);
    void restartSession(const ApiError &why);
    void fail(const ApiError &error);
    void failSoon(const ApiError &error);
    void releaseReply();
    void onSliceRead(qint64 position, const char *data, qint64 length);
    void onSliceError(const QString &message);
    ApiError errorFor(const Reply &reply) const;
    QNetworkRequest sessionRequest(const QByteArray &command) const;
    qint64 chunkBytes() const;
    int idleTimeoutMs() const;
    void noteProgress(bool force);
    void resetRate();

    GeminiClient *m_client;
    UploadSource m_source;
    State m_state = State::Ready;
    QUrl m_sessionUrl;
    qint64 m_granularity = DefaultGranularity;
    qint64 m_committed = 0;
    RemoteFile m_file;
    ApiError m_error;

    qint64 m_chunkBytesWanted = 0; // 0: DefaultChunkBytes
    int m_idleTimeoutMs = 0;
    QByteArray m_expectedSha256Hex;

    QPointer<QNetworkReply> m_reply;
    Request m_request = Request::None;
    qint64 m_chunkOffset = 0;
    qint64 m_chunkLength = 0;
    bool m_chunkFinal = false;
    qint64 m_inFlight = 0;      // bytes of the chunk in flight written to the socket
    QString m_sliceError;       // reading the file failed during the chunk in flight
    int m_failures = 0;         // consecutive failures without progress
    int m_headerless = 0;       // replies without X-Goog-Upload-Status since the last progress
    int m_offsetMismatches = 0; // 400 + X-Goog-Upload-Size-Received since the last progress
    bool m_sessionRestarted = false;
    quint64 m_timerToken = 0; // a scheduled retry runs only if this has not moved since

    // SHA-256 of the bytes as they are read for sending, when they are read in order.
    FileHasher::Sha256 m_hash;
    qint64 m_hashedUpTo = 0;
    bool m_hashUsable = true;

    struct Sample
    {
        qint64 ms;
        qint64 bytes;
    };
    QList<Sample> m_samples; // for the rate: (clock, bytesSent) over the last RateWindowMs
    QElapsedTimer m_sinceProgressSignal;
    qint64 m_lastSignalledSent = -1;
};
