#pragma once

#include "httprequestparser.h"
#include "httpresponse.h"

#include <QByteArrayView>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

// One accepted TCP connection: parses requests (keep-alive, pipelining, chunked request bodies,
// `Expect: 100-continue`), hands each complete request to its owner through requestReady(), and
// writes the HttpResponse the owner gives back with respond(). Requests are answered strictly
// in order; a pipelined request waits until the previous response is completely written.
// The connection deletes itself (deleteLater) once the socket is closed.
//
// Streamed request bodies: a StreamRouter sees every request head and may return a BodyStream;
// the body then goes to BodyStream::data piece by piece as it arrives instead of being buffered
// (requestReady() still follows at the end, with an empty body). `data` returning false drops the
// connection at once, without a response (a cut). bytesPerSecond throttles how fast such a body is
// read (a slow link). While a response is being written, at most a few MiB of the next request
// are read ahead, so a pipelined upload is not buffered either.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    struct BodyStream
    {
        std::function<bool(QByteArrayView piece)> data; // empty: buffer the body as usual
        qint64 bytesPerSecond = 0;                      // > 0: read the body no faster than this
    };
    using StreamRouter = std::function<BodyStream(const HttpRequestParser::Message &head)>;

    explicit HttpConnection(QTcpSocket *socket, QObject *parent = nullptr);
    ~HttpConnection() override;

    void setStreamRouter(StreamRouter router) { m_router = std::move(router); }

    // Answers the request last delivered by requestReady(). Must be called exactly once per request.
    void respond(const HttpResponse &response);
    quint16 peerPort() const { return m_peerPort; }

Q_SIGNALS:
    void requestReady(const HttpRequestParser::Message &message);
    void closed();

private:
    void onReadyRead();
    void readInput();
    void startThrottle();
    void stopThrottle();
    void throttleTick();
    void dropConnection();
    void onBytesWritten();
    void onDisconnected();
    void processInput();
    void answerParseError();
    void pump();
    void writeHead();
    void writeBodyBytes(const QByteArray &bytes);
    void finishResponse();
    void closeGracefully();
    void scheduleStep(int delayMs);

    enum class Mode {
        Idle,     // waiting for a complete request
        Handling, // requestReady() emitted, respond() not yet called
        Writing,  // executing an HttpResponse
        Closing,  // no more requests on this connection
    };

    QPointer<QTcpSocket> m_socket;
    HttpRequestParser m_parser;
    Mode m_mode = Mode::Idle;
    bool m_continuePending = false; // a 100 Continue must be sent before the body arrives
    bool m_keepAlive = true;        // of the request being answered
    quint16 m_peerPort = 0;

    HttpResponse m_response;
    bool m_headWritten = false;
    bool m_waitingForDrain = false;
    bool m_abortAfterDrain = false;
    qint64 m_bodyBytesWritten = 0;
    QByteArray m_pendingPiece; // rest of a Data step being written in writeBytes pieces
    QTimer m_stepTimer;

    StreamRouter m_router;
    BodyStream m_stream; // of the request being read, when its body is streamed
    QTimer m_throttleTimer;
    QElapsedTimer m_throttleClock;
    qint64 m_throttleDelivered = 0;
};
