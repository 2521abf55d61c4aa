#include "apicall.h"

#include "logging.h"
#include "scheduler.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

ApiCall::ApiCall(QNetworkAccessManager *nam, Scheduler *scheduler, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_scheduler(scheduler ? scheduler : SystemScheduler::instance())
{ }

ApiCall::~ApiCall()
{
    releaseReply();
}

void ApiCall::releaseReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

void ApiCall::start(const Spec &spec)
{
    Q_ASSERT(!m_running);
    m_spec = spec;
    m_attempts = 0;
    m_delivered = 0;
    m_cancelled = false;
    m_running = true;
    sendAttempt();
}

void ApiCall::continueWith(const Spec &spec)
{
    m_continued = true;
    m_running = false;
    start(spec);
}

void ApiCall::sendAttempt()
{
    ++m_attempts;
    m_buffer.clear();
    m_httpStatus = 0;
    m_tooLarge = false;
    QNetworkRequest request = m_spec.request;
    if (m_spec.idleTimeoutMs > 0)
        request.setTransferTimeout(m_spec.idleTimeoutMs);
    qCDebug(lcApi).noquote() << m_spec.verb << request.url().toDisplayString(QUrl::RemoveQuery) << "attempt"
                             << m_attempts;
    QNetworkReply *reply = m_spec.verb == "GET" && m_spec.body.isEmpty()
        ? m_nam->get(request)
        : m_nam->sendCustomRequest(request, m_spec.verb, m_spec.body);
    m_reply = reply;
    if (m_spec.mode == Mode::Streaming) {
        // Backpressure: when the server sends faster than the stream is decoded, let TCP wait
        // instead of buffering the rest of the answer in memory.
        reply->setReadBufferSize(StreamReadBufferBytes);
    }
    connect(reply, &QNetworkReply::readyRead, this, &ApiCall::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &ApiCall::onFinished);
}

void ApiCall::onReadyRead()
{
    if (!m_reply || !m_reply->isReadable())
        return; // aborted
    if (m_httpStatus == 0)
        m_httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool ok = m_httpStatus >= 200 && m_httpStatus < 300;
    if (ok && m_spec.mode == Mode::Streaming) {
        const QByteArray bytes = m_reply->readAll();
        if (bytes.isEmpty())
            return;
        m_delivered += bytes.size();
        Q_EMIT bytesReceived(bytes);
        return;
    }
    const qsizetype limit = ok ? MaxBufferedBytes : MaxErrorBodyBytes;
    const QByteArray bytes = m_reply->readAll();
    if (m_buffer.size() + bytes.size() > limit) {
        if (ok) {
            m_tooLarge = true;
            finishWithError(ApiError::malformed(u"the reply is larger than %1 MiB"_s.arg(limit / (1024 * 1024))));
        }
        return; // an oversized error body: keep its beginning
    }
    m_buffer.append(bytes);
}

void ApiCall::onFinished()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    onReadyRead(); // whatever is left
    if (!m_reply)
        return; // finished with an error while reading
    if (m_httpStatus == 0)
        m_httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError networkError = reply->error();
    const QString errorString = reply->errorString();
    const QByteArray retryAfter = reply->rawHeader("Retry-After");
    const QByteArray body = std::exchange(m_buffer, {});
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();

    if (m_cancelled) {
        finishWithError(ApiError::cancelled());
        return;
    }
    const bool ok = m_httpStatus >= 200 && m_httpStatus < 300;
    // Qt 6.4 sometimes reports a connection dropped right after the headers as a clean, empty end.
    // No stream answer is empty: treat it as the connection failure it is, so that it is retried.
    const bool emptyStream = m_spec.mode == Mode::Streaming && m_delivered == 0;
    if (ok && networkError == QNetworkReply::NoError && !emptyStream) {
        qCDebug(lcApi) << "HTTP" << m_httpStatus << "after" << m_attempts << "attempt(s)";
        m_running = false;
        m_continued = false;
        Q_EMIT succeeded(m_spec.mode == Mode::Buffered ? body : QByteArray());
        if (!m_continued)
            Q_EMIT done();
        return;
    }

    ApiError error;
    if (m_httpStatus >= 300) {
        error = ApiError::fromHttp(m_httpStatus, body, retryAfter);
    } else if (networkError == QNetworkReply::NoError) {
        error = ApiError::network(u"the connection closed before any data arrived"_s);
    } else if (networkError == QNetworkReply::OperationCanceledError) {
        // Not the user (m_cancelled is false): the transfer timeout fired.
        error = ApiError::timeout(u"no data for %1 s"_s.arg(m_spec.idleTimeoutMs / 1000));
    } else {
        error = ApiError::network(errorString);
    }
    error.afterStreamStarted = m_delivered > 0;
    qCInfo(lcApi).noquote() << "request failed:" << error.kindName() << m_httpStatus << error.status << error.message;

    if (m_spec.retry.shouldRetry(error, m_attempts)) {
        const qint64 delay = m_spec.retry.delayMs(error, m_attempts, QRandomGenerator::global()->generateDouble());
        Q_EMIT retrying(m_attempts + 1, delay, error);
        m_scheduler->schedule(delay, this, [this] {
            if (m_running && !m_cancelled)
                sendAttempt();
        });
        return;
    }
    finishWithError(error);
}

void ApiCall::finishWithError(ApiError error)
{
    if (!m_running)
        return;
    m_running = false;
    releaseReply();
    error.afterStreamStarted = error.afterStreamStarted || m_delivered > 0;
    Q_EMIT failed(error);
    Q_EMIT done();
}

void ApiCall::cancel()
{
    if (!m_running)
        return;
    m_cancelled = true;
    if (m_reply) {
        m_reply->abort(); // emits finished() synchronously: onFinished() reports the cancel
        if (!m_running)
            return;
    }
    finishWithError(ApiError::cancelled()); // cancelled while waiting to retry
}

void ApiCall::abortWith(const ApiError &error)
{
    finishWithError(error);
}

void ApiCall::failWithoutSending(const ApiError &error)
{
    Q_ASSERT(!m_running);
    m_running = true;
    finishWithError(error);
}
