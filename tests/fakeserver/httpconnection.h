#pragma once

#include "httprequestparser.h"
#include "httpresponse.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

// One accepted TCP connection: parses requests (keep-alive, pipelining, chunked request bodies,
// `Expect: 100-continue`), hands each complete request to its owner through requestReady(), and
// writes the HttpResponse the owner gives back with respond(). Requests are answered strictly
// in order; a pipelined request waits until the previous response is completely written.
// The connection deletes itself (deleteLater) once the socket is closed.
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    explicit HttpConnection(QTcpSocket *socket, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Answers the request last delivered by requestReady(). Must be called exactly once per request.
    void respond(const HttpResponse &response);
    quint16 peerPort() const { return m_peerPort; }

Q_SIGNALS:
    void requestReady(const HttpRequestParser::Message &message);
    void closed();

private:
    void onReadyRead();
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
};
