#pragma once

#include "api/apierror.h"
#include "api/responseaccumulator.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// What the decoder found in the bytes fed so far.
struct StreamEvent
{
    enum class Type {
        Chunk, // one GenerateContentResponse chunk, with what it added
        Error, // an error object in the stream, malformed data, or a truncated stream (always the last event)
    };
    Type type = Type::Chunk;
    GenerateContentResponse chunk;
    QList<ResponseDelta> deltas;
    ApiError error;
};

// Incremental decoder for streamGenerateContent bodies (gemini-api.md §4). Bytes may be split
// anywhere, including inside a UTF-8 sequence or a line terminator: text is decoded only when a
// whole event is there.
//  - SSE (alt=sse): "data:" lines, events ended by a blank line; LF, CRLF and CR all end lines;
//    comments and event/id/retry fields ignored; a bare JSON object outside "data:" (the server's
//    mid-stream error) becomes an error event.
//  - JSON array (alt=json): "[{...}\n,\r\n{...}\n]", elements found by brace matching.
//  - A single JSON object (a unary body, or an error sent instead of a stream).
// The chunks are folded into aggregate(). finish() reports a stream that ended without a
// finishReason (and without a blocked prompt) as truncated; the text received stays in aggregate().
class StreamDecoder final
{
public:
    enum class Framing {
        Auto, // from the first non-blank byte: '[' array, '{' object, anything else SSE
        Sse,
        JsonArray,
        JsonObjects,
    };

    explicit StreamDecoder(Framing framing = Framing::Auto);

    QList<StreamEvent> feed(QByteArrayView bytes);
    QList<StreamEvent> finish(); // the body has ended

    // See ResponseAccumulator::setRetainText().
    void setRetainText(bool retain) { m_accumulator.setRetainText(retain); }

    Framing framing() const { return m_framing; }
    const GenerateContentResponse &aggregate() const { return m_accumulator.response(); }
    int chunkCount() const { return m_accumulator.chunkCount(); }
    bool hasFailed() const { return m_failed; }
    bool isFinished() const { return m_finished; }

    // Limit on one event or element; a larger one is reported as malformed instead of growing memory.
    static constexpr qsizetype MaxEventBytes = 64 * 1024 * 1024;

private:
    // Finds where a JSON value ends, incrementally, honouring strings and escapes.
    struct JsonScanner
    {
        int depth = 0;
        bool inString = false;
        bool escaped = false;
        bool started = false;
        // Scans [from, to) of data; returns the index one past the end of the value, or -1.
        qsizetype scan(const char *data, qsizetype from, qsizetype to);
        void reset() { *this = {}; }
    };

    void detectFraming();
    void decodeSse(QList<StreamEvent> &out, bool atEnd);
    void sseLine(QByteArrayView line, QList<StreamEvent> &out);
    void dispatchSse(QList<StreamEvent> &out);
    void decodeJsonValues(QList<StreamEvent> &out);
    void handleJson(QByteArrayView json, QList<StreamEvent> &out, bool bareInSse);
    void fail(const ApiError &error, QList<StreamEvent> &out);

    Framing m_framing;
    ResponseAccumulator m_accumulator;
    QByteArray m_buffer;     // bytes not yet consumed
    qsizetype m_scanPos = 0; // JSON framings: how far m_buffer has been scanned
    bool m_skipLf = false;   // SSE: the previous buffer ended with CR
    QByteArray m_data;       // SSE: data lines of the current event
    bool m_hasData = false;
    QByteArray m_bare; // SSE: a bare JSON object being collected
    JsonScanner m_bareScanner;
    qsizetype m_ignoredBytes = 0; // SSE: bytes on lines that are neither fields nor JSON
    QByteArray m_ignoredSample;
    JsonScanner m_scanner; // JSON framings
    bool m_arrayOpened = false;
    bool m_arrayClosed = false;
    bool m_failed = false;
    bool m_finished = false;
};
