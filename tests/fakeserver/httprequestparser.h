#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>

#include <functional>

// Incremental HTTP/1.1 request parser (request line, headers, Content-Length or chunked body).
// Feed it bytes as they arrive; it never throws and never grows without bound: the head is
// limited to maxHeadBytes, a buffered body to maxBodyBytes.
//
// Streamed bodies: a StreamDecider set with setStreaming() is asked about every request head.
// When it says yes, the body is not collected into Message::body but handed to the BodySink piece
// by piece, as views into the bytes fed (no copy); such a body has no size limit. The sink is
// called once with an empty view right after the head (so it can refuse at once), then with each
// piece. A sink that returns false stops the parser (State::Stopped): the caller drops the
// connection. setBodyBudget() limits how many more streamed body bytes are delivered (a slow link).
class HttpRequestParser final
{
public:
    enum class State {
        NeedMore,     // feed more bytes
        HeadComplete, // head parsed, body pending: the caller may answer `Expect: 100-continue`
        Complete,     // takeRequest() returns the request
        Error,        // errorStatus()/errorMessage() say why; the connection should answer and close
        Stopped,      // the body sink refused more bytes; the connection should be dropped
    };

    struct Message
    {
        QByteArray method;
        QByteArray target;                            // as sent: "/v1beta/models?key=x"
        QByteArray version;                           // "HTTP/1.1"
        QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, in order
        QByteArray body;                              // empty when the body was streamed
        bool bodyStreamed = false;                    // the body went to the sink
        qint64 bodyBytes = 0;                         // body bytes received (streamed or not)
        QByteArray header(const QByteArray &lowerName) const;
        bool keepAlive() const;
        bool expectsContinue() const;
    };

    using StreamDecider = std::function<bool(const Message &head)>;
    using BodySink = std::function<bool(QByteArrayView piece)>;

    static constexpr qsizetype maxHeadBytes = 64 * 1024;
    static constexpr qint64 maxBodyBytes = 256LL * 1024 * 1024;

    void setStreaming(StreamDecider decider, BodySink sink);
    // Streamed bodies only: deliver at most `bytes` more body bytes (-1 = no limit, the default).
    void setBodyBudget(qint64 bytes) { m_budget = bytes; }
    qint64 bodyBudget() const { return m_budget; }

    // Appends to the internal buffer and advances. Call again with an empty array to continue
    // after takeRequest() or after raising the budget (pipelined requests may already be buffered).
    State feed(const QByteArray &bytes);
    // Buffers bytes without parsing them (while the previous request is being answered).
    void append(const QByteArray &bytes);
    State state() const { return m_state; }
    Message takeRequest();
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorMessage() const { return m_errorMessage; }
    qsizetype bufferedBytes() const { return m_buffer.size() - m_pos; }
    bool midRequest() const;    // bytes of an unfinished request are buffered
    bool streamingBody() const; // the body of the request being read is streamed and not complete yet
    // The head of the request being read asks for `100 Continue` and none was sent yet.
    bool wantsContinue() const;
    void continueSent() { m_continueSent = true; }

private:
    State advance();
    State parseHead();
    State parseBody();
    State parseChunked();
    State fail(int status, const QByteArray &message);
    State stop();
    qint64 available() const { return m_buffer.size() - m_pos; }
    const char *cursor() const { return m_buffer.constData() + m_pos; }
    qsizetype find(const char *needle, qsizetype needleSize) const;
    void compact();
    // Takes up to `wanted` body bytes from the buffer into the body or the sink; false: stopped.
    bool consumeBody(qint64 wanted, qint64 &taken);

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
    qsizetype m_pos = 0; // bytes of m_buffer already parsed
    Phase m_phase = Phase::Head;
    State m_state = State::NeedMore;
    Message m_current;
    qint64 m_remaining = 0;
    qint64 m_budget = -1;
    bool m_streamed = false;
    bool m_headReported = false;
    bool m_continueSent = false;
    int m_errorStatus = 0;
    QByteArray m_errorMessage;
    StreamDecider m_decider;
    BodySink m_sink;
};
