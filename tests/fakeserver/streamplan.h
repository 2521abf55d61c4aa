#pragma once

#include "httpresponse.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

// The body of a streamGenerateContent response in one of the two framings (gemini-api.md §4),
// produced lazily event by event, with the stream faults: pauses between events, a cut after N
// events, a bare error object after N events, one malformed event.
//   SSE:        `data: <half-compact JSON>\r\n\r\n` per event, nothing else (no [DONE]).
//   JSON array: `[{…}` then `\n,\r\n{…}` per further element, then `\n]` (no trailing newline).
class StreamPlan final
{
public:
    enum class Framing {
        Sse,
        JsonArray
    };

    StreamPlan(Framing framing, const QList<QJsonObject> &chunks);

    void setEventDelayMs(int ms) { m_eventDelayMs = ms; }
    void setCutAfterEvents(int events) { m_cutAfterEvents = events; }
    // After `events` events: the error object (pretty, bare for SSE; as an array element otherwise), then the end.
    void setErrorAfterEvents(int events, const QJsonObject &error)
    {
        m_errorAfterEvents = events;
        m_error = error;
    }
    void setMalformedEvent(bool malformed) { m_malformed = malformed; }

    int malformedIndex() const;
    HttpResponse::Producer producer() const;

    static QByteArray sseEvent(const QJsonObject &chunk);
    static QByteArray arrayElement(const QJsonObject &chunk, bool first);
    static QByteArray arrayEnd() { return QByteArrayLiteral("\n]"); }
    // A whole error body for a non-SSE stream: the error object wrapped in a one-element array.
    static QByteArray arrayWrapped(const QJsonObject &error);

private:
    QByteArray event(qsizetype index) const;

    Framing m_framing;
    QList<QJsonObject> m_chunks;
    int m_eventDelayMs = 0;
    int m_cutAfterEvents = -1;
    int m_errorAfterEvents = -1;
    QJsonObject m_error;
    bool m_malformed = false;
};
