#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// Incremental HTTP/1.1 request parser (request line, headers, Content-Length or chunked body).
// Feed it bytes as they arrive; it never throws and never grows without bound: the head is
// limited to maxHeadBytes, the body to maxBodyBytes.
class HttpRequestParser final
{
public:
    enum class State {
        NeedMore,     // feed more bytes
        HeadComplete, // head parsed, body pending: the caller may answer `Expect: 100-continue`
        Complete,     // takeRequest() returns the request
        Error,        // errorStatus()/errorMessage() say why; the connection should answer and close
    };

    struct Message
    {
        QByteArray method;
        QByteArray target;                            // as sent: "/v1beta/models?key=x"
        QByteArray version;                           // "HTTP/1.1"
        QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, in order
        QByteArray body;
        QByteArray header(const QByteArray &lowerName) const;
        bool keepAlive() const;
        bool expectsContinue() const;
    };

    static constexpr qsizetype maxHeadBytes = 64 * 1024;
    static constexpr qint64 maxBodyBytes = 256LL * 1024 * 1024;

    // Appends to the internal buffer and advances. Call again with an empty array to continue
    // after takeRequest() (pipelined requests may already be buffered).
    State feed(const QByteArray &bytes);
    State state() const { return m_state; }
    Message takeRequest();
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorMessage() const { return m_errorMessage; }
    qsizetype bufferedBytes() const { return m_buffer.size(); }
    bool midRequest() const; // bytes of an unfinished request are buffered
    // The head of the request being read asks for `100 Continue` and none was sent yet.
    bool wantsContinue() const;
    void continueSent() { m_continueSent = true; }

private:
    State advance();
    State parseHead();
    State parseBody();
    State parseChunked();
    State fail(int status, const QByteArray &message);

    enum class Phase {
        Head,
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Done,
        Failed
    };

    QByteArray m_buffer;
    Phase m_phase = Phase::Head;
    State m_state = State::NeedMore;
    Message m_current;
    qint64 m_remaining = 0;
    bool m_headReported = false;
    bool m_continueSent = false;
    int m_errorStatus = 0;
    QByteArray m_errorMessage;
};
