#include "httpconnection.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 writeHighWater = 1024 * 1024; // pause producing while this much is unsent
constexpr int tinyWritePauseMs = 1;            // lets each tiny piece leave as its own TCP segment
// The socket reads at most this much ahead of the parser: the kernel holds the rest (TCP flow
// control), so neither a streamed upload nor a pipelined one piles up in memory.
constexpr qint64 socketReadBuffer = 4 * 1024 * 1024;
constexpr qint64 maxReadAhead = 1024 * 1024; // bytes of the next request buffered while answering
constexpr qint64 throttledReadBuffer = 64 * 1024;
constexpr int throttleIntervalMs = 10;

QByteArray httpDate()
{
    return QLocale::c().toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

QByteArray chunkFrame(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

} // namespace

HttpConnection::HttpConnection(QTcpSocket *socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    socket->setParent(this);
    socket->setReadBufferSize(socketReadBuffer);
    m_peerPort = socket->peerPort();
    m_stepTimer.setSingleShot(true);
    m_stepTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire 5 % early: delays are promises
    m_throttleTimer.setInterval(throttleIntervalMs);
    m_throttleTimer.setTimerType(Qt::PreciseTimer);

    m_parser.setStreaming(
        [this](const HttpRequestParser::Message &head) {
            m_stream = m_router ? m_router(head) : BodyStream();
            if (!m_stream.data)
                return false;
            if (m_stream.bytesPerSecond > 0)
                startThrottle();
            return true;
        },
        [this](QByteArrayView piece) { return m_stream.data(piece); });

    connect(&m_stepTimer, &QTimer::timeout, this, &HttpConnection::pump);
    connect(&m_throttleTimer, &QTimer::timeout, this, &HttpConnection::throttleTick);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError && m_socket
            && m_socket->state() == QAbstractSocket::ConnectedState) {
            return; // the peer half-closed; `disconnected` follows
        }
        if (m_socket && m_socket->state() != QAbstractSocket::ConnectedState)
            onDisconnected();
    });
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    m_stepTimer.stop();
    m_throttleTimer.stop();
    if (m_socket)
        m_socket->abort();
}

void HttpConnection::onReadyRead()
{
    readInput();
}

void HttpConnection::readInput()
{
    if (!m_socket)
        return;
    if (m_mode == Mode::Closing) {
        m_socket->readAll();
        return;
    }
    if (m_throttleTimer.isActive())
        return; // throttleTick() pulls the bytes of a throttled body
    if (m_mode != Mode::Idle) {
        // Answering: read ahead a little, leave the rest in the kernel until the response is out.
        if (m_parser.bufferedBytes() < maxReadAhead)
            m_parser.append(m_socket->readAll());
        return;
    }
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty())
        return;
    m_parser.feed(data);
    processInput();
}

void HttpConnection::startThrottle()
{
    m_throttleClock.start();
    m_throttleDelivered = 0;
    m_parser.setBodyBudget(0);
    if (m_socket)
        m_socket->setReadBufferSize(throttledReadBuffer);
    m_throttleTimer.start();
}

void HttpConnection::stopThrottle()
{
    m_throttleTimer.stop();
    if (m_socket)
        m_socket->setReadBufferSize(socketReadBuffer);
}

void HttpConnection::throttleTick()
{
    if (!m_socket || m_mode != Mode::Idle || !m_parser.streamingBody()) {
        stopThrottle();
        QMetaObject::invokeMethod(this, &HttpConnection::readInput, Qt::QueuedConnection);
        return;
    }
    const qint64 allowed = m_stream.bytesPerSecond * m_throttleClock.elapsed() / 1000;
    const qint64 budget = std::max<qint64>(0, allowed - m_throttleDelivered);
    m_parser.setBodyBudget(budget);
    QByteArray data;
    const qint64 wanted = budget - m_parser.bufferedBytes();
    if (wanted > 0)
        data = m_socket->read(wanted);
    m_parser.feed(data);
    m_throttleDelivered += budget - std::max<qint64>(0, m_parser.bodyBudget());
    processInput();
}

void HttpConnection::dropConnection()
{
    m_mode = Mode::Closing;
    m_stepTimer.stop();
    m_throttleTimer.stop();
    if (m_socket)
        m_socket->abort(); // usually emits disconnected() -> onDisconnected()
    if (m_socket)
        onDisconnected();
}

void HttpConnection::processInput()
{
    if (m_mode != Mode::Idle || !m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_parser.feed({}); // parse what is buffered: a pipelined request, a raised body budget
    switch (m_parser.state()) {
    case HttpRequestParser::State::NeedMore:
    case HttpRequestParser::State::HeadComplete:
        if (m_parser.wantsContinue()) {
            m_parser.continueSent();
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        // Bytes left in the socket while answering the previous request raise no new readyRead.
        if (m_socket->bytesAvailable() > 0 && !m_throttleTimer.isActive())
            QMetaObject::invokeMethod(this, &HttpConnection::readInput, Qt::QueuedConnection);
        return;
    case HttpRequestParser::State::Complete: {
        if (m_throttleTimer.isActive())
            stopThrottle();
        m_stream = BodyStream();
        const HttpRequestParser::Message message = m_parser.takeRequest();
        m_keepAlive = message.keepAlive();
        m_mode = Mode::Handling;
        Q_EMIT requestReady(message);
        return;
    }
    case HttpRequestParser::State::Error:
        answerParseError();
        return;
    case HttpRequestParser::State::Stopped:
        dropConnection();
        return;
    }
}

void HttpConnection::answerParseError()
{
    const int status = m_parser.errorStatus();
    // What Google's front end sends for requests it cannot parse: a small HTML page.
    const QByteArray body = "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error "
        + QByteArray::number(status) + " (" + HttpResponse::reasonPhrase(status) + ")!!1</title>\n  <p><b>"
        + QByteArray::number(status)
        + ".</b> <ins>That\xE2\x80\x99s an error.</ins>\n  <p>Your client has issued a malformed or illegal request. "
          "<ins>That\xE2\x80\x99s all we know.</ins>\n  <!-- "
        + m_parser.errorMessage() + " -->\n";
    HttpResponse response = HttpResponse::fixed(status, "text/html; charset=UTF-8", body);
    response.closeConnection = true;
    m_keepAlive = false;
    m_mode = Mode::Handling;
    respond(response);
}

void HttpConnection::respond(const HttpResponse &response)
{
    Q_ASSERT(m_mode == Mode::Handling);
    if (m_mode != Mode::Handling)
        return;
    m_response = response;
    if (!m_keepAlive)
        m_response.closeConnection = true;
    m_headWritten = false;
    m_waitingForDrain = false;
    m_bodyBytesWritten = 0;
    m_pendingPiece.clear();
    m_mode = Mode::Writing;
    if (m_response.delayBeforeHeadersMs > 0)
        scheduleStep(m_response.delayBeforeHeadersMs);
    else
        pump();
}

void HttpConnection::scheduleStep(int delayMs)
{
    m_stepTimer.start(std::max(0, delayMs));
}

void HttpConnection::onBytesWritten()
{
    if (m_waitingForDrain && m_socket && m_socket->bytesToWrite() < writeHighWater / 2) {
        m_waitingForDrain = false;
        pump();
    }
}

void HttpConnection::pump()
{
    while (m_mode == Mode::Writing) {
        if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState || m_stepTimer.isActive())
            return;
        if (m_socket->bytesToWrite() > writeHighWater) {
            m_waitingForDrain = true;
            return;
        }
        if (!m_headWritten) {
            writeHead();
            continue;
        }
        if (!m_pendingPiece.isEmpty()) {
            const QByteArray piece = m_pendingPiece.left(m_response.writeBytes);
            m_pendingPiece.remove(0, piece.size());
            writeBodyBytes(piece);
            if (m_mode == Mode::Writing)
                scheduleStep(tinyWritePauseMs);
            return;
        }
        HttpResponse::Step step;
        if (!m_response.producer || !m_response.producer(step)) {
            finishResponse();
            return;
        }
        switch (step.kind) {
        case HttpResponse::Step::Kind::Delay:
            if (step.delayMs > 0) {
                scheduleStep(step.delayMs);
                return;
            }
            break;
        case HttpResponse::Step::Kind::Abort:
            closeGracefully();
            return;
        case HttpResponse::Step::Kind::Data:
            if (m_response.writeBytes > 0)
                m_pendingPiece = step.data;
            else
                writeBodyBytes(step.data);
            break;
        }
    }
}

void HttpConnection::writeHead()
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(m_response.status) + ' '
        + HttpResponse::reasonPhrase(m_response.status) + "\r\n";
    // A `Date` header with an empty value or a `Content-Length` header in the list marks where the
    // connection writes them (the upload server's recorded order); otherwise they come last.
    bool wroteDate = false;
    bool wroteLength = false;
    const QByteArray length = QByteArray::number(std::max<qint64>(0, m_response.contentLength));
    for (const auto &[name, value] : std::as_const(m_response.headers)) {
        const QByteArray lower = name.toLower();
        if (lower == "date" && value.isEmpty()) {
            head += name + ": " + httpDate() + "\r\n";
            wroteDate = true;
        } else if (lower == "content-length") {
            if (!m_response.chunked)
                head += name + ": " + length + "\r\n";
            wroteLength = true;
        } else {
            head += name + ": " + value + "\r\n";
        }
    }
    if (!wroteDate)
        head += "Date: " + httpDate() + "\r\n";
    if (m_response.chunked)
        head += "Transfer-Encoding: chunked\r\n";
    else if (!wroteLength)
        head += "Content-Length: " + length + "\r\n";
    if (m_response.closeConnection)
        head += "Connection: close\r\n";
    head += "\r\n";
    m_socket->write(head);
    m_headWritten = true;
}

void HttpConnection::writeBodyBytes(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    QByteArray data = bytes;
    bool cut = false;
    if (m_response.cutAfterBodyBytes >= 0) {
        const qint64 allowed = m_response.cutAfterBodyBytes - m_bodyBytesWritten;
        if (data.size() >= allowed) {
            data.truncate(std::max<qint64>(0, allowed));
            cut = true;
        }
    }
    if (!data.isEmpty()) {
        m_socket->write(m_response.chunked ? chunkFrame(data) : data);
        m_bodyBytesWritten += data.size();
    }
    if (cut)
        closeGracefully();
}

void HttpConnection::finishResponse()
{
    if (m_response.chunked)
        m_socket->write("0\r\n\r\n");
    m_response.producer = nullptr;
    if (m_response.closeConnection) {
        closeGracefully();
        return;
    }
    m_mode = Mode::Idle;
    QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

void HttpConnection::closeGracefully()
{
    // disconnectFromHost() sends what is buffered, then FIN: the client sees every byte written
    // so far and then end-of-stream, i.e. a short Content-Length body or a chunked body without
    // its terminator. (abort() would discard unsent data.)
    m_mode = Mode::Closing;
    m_stepTimer.stop();
    m_pendingPiece.clear();
    m_response.producer = nullptr;
    if (m_socket)
        m_socket->disconnectFromHost();
}

void HttpConnection::onDisconnected()
{
    if (m_mode == Mode::Closing && !m_socket)
        return;
    m_mode = Mode::Closing;
    m_stepTimer.stop();
    m_throttleTimer.stop();
    m_response.producer = nullptr;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket = nullptr;
    }
    Q_EMIT closed();
    deleteLater();
}
