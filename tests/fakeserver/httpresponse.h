#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <functional>

// One HTTP response as a plan for HttpConnection: status and headers, then a lazily produced
// sequence of steps (body data, pauses, an abort). Fault injection lives here so that every
// route gets it for free: a delay before the head, tiny writes, a cut after N body bytes.
class HttpResponse final
{
public:
    struct Step
    {
        enum class Kind {
            Data,  // body bytes (one HTTP chunk per Data step when chunked, unless split by writeBytes)
            Delay, // pause before the next step
            Abort, // flush what was written, then close the TCP connection (no chunked terminator)
        };
        Kind kind = Kind::Data;
        QByteArray data;
        int delayMs = 0;
    };
    // Fills `step` and returns true, or returns false when the body is complete.
    using Producer = std::function<bool(Step &step)>;

    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; // Content-Length/Transfer-Encoding/Date are added
    bool chunked = false;
    qint64 contentLength = -1; // unchunked: the announced length (defaults to the fixed body size)
    int delayBeforeHeadersMs = 0;
    int writeBytes = 0;            // > 0: write the body in pieces of this size, each flushed separately
    qint64 cutAfterBodyBytes = -1; // >= 0: close the connection after this many body bytes
    bool closeConnection = false;
    Producer producer;

    static HttpResponse fixed(int status, const QByteArray &contentType, const QByteArray &body);
    void setHeader(const QByteArray &name, const QByteArray &value);
    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append({name, value}); }
    QByteArray header(const QByteArray &name) const;
    static QByteArray reasonPhrase(int status);
};
