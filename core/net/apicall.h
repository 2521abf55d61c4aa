#pragma once

#include "api/apierror.h"
#include "retrypolicy.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;
class Scheduler;

// One HTTP exchange with the API, including its retries. It owns its QNetworkReply (aborted in the
// destructor), tells a user's cancel from an idle timeout, turns every failure into an ApiError, and
// retries transient failures as long as nothing has been delivered to the caller.
class ApiCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiCall)

public:
    enum class Mode {
        Buffered,  // the whole 2xx body arrives in succeeded()
        Streaming, // 2xx body bytes arrive in bytesReceived() as they come
    };

    struct Spec
    {
        QByteArray verb = "GET";
        QNetworkRequest request;
        QByteArray body;
        Mode mode = Mode::Buffered;
        int idleTimeoutMs = 0; // 0 = none
        RetryPolicy retry;
    };

    ApiCall(QNetworkAccessManager *nam, Scheduler *scheduler, QObject *parent = nullptr);
    ~ApiCall() override;

    void start(const Spec &spec);
    // Sends another request on the same call (the next page of a list), after succeeded().
    void continueWith(const Spec &spec);
    void cancel();
    // Fails the call with this error (used by the owner when the body turned out to be unusable).
    void abortWith(const ApiError &error);
    // Fails a call that was never started, without sending anything (no key, a bad endpoint).
    void failWithoutSending(const ApiError &error);

    bool isRunning() const { return m_running; }
    int attempts() const { return m_attempts; }
    qint64 bytesDelivered() const { return m_delivered; }

    // Limit on a buffered body and on an error body.
    static constexpr qsizetype MaxBufferedBytes = 256 * 1024 * 1024;
    static constexpr qsizetype MaxErrorBodyBytes = 1024 * 1024;
    // How much of a stream may wait in the reply before reading from the socket pauses.
    static constexpr qint64 StreamReadBufferBytes = 256 * 1024;

Q_SIGNALS:
    void bytesReceived(const QByteArray &bytes); // Streaming mode, 2xx
    void succeeded(const QByteArray &body);      // Buffered: the body; Streaming: empty, the body ended cleanly
    void failed(const ApiError &error);
    void retrying(int nextAttempt, qint64 delayMs, const ApiError &error);
    void done(); // after succeeded or failed, unless continueWith() was called in succeeded

private:
    void sendAttempt();
    void onReadyRead();
    void onFinished();
    void finishWithError(ApiError error);
    void releaseReply();

    QNetworkAccessManager *m_nam;
    Scheduler *m_scheduler;
    Spec m_spec;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_buffer; // Buffered body, or an error body
    int m_httpStatus = 0;
    int m_attempts = 0;
    qint64 m_delivered = 0;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_continued = false;
    bool m_tooLarge = false;
};
