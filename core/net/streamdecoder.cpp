#include "streamdecoder.h"

#include "logging.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>

using namespace Qt::StringLiterals;

namespace {
bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

QString sample(QByteArrayView bytes)
{
    return QString::fromUtf8(bytes.first(std::min<qsizetype>(bytes.size(), 120))).simplified();
}
} // namespace

qsizetype StreamDecoder::JsonScanner::scan(const char *data, qsizetype from, qsizetype to)
{
    for (qsizetype i = from; i < to; ++i) {
        const char c = data[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
        case '[':
            ++depth;
            started = true;
            break;
        case '}':
        case ']':
            if (--depth == 0 && started)
                return i + 1;
            break;
        default:
            break;
        }
    }
    return -1;
}

StreamDecoder::StreamDecoder(Framing framing)
    : m_framing(framing)
{ }

void StreamDecoder::fail(const ApiError &error, QList<StreamEvent> &out)
{
    if (m_failed)
        return;
    m_failed = true;
    StreamEvent e;
    e.type = StreamEvent::Type::Error;
    e.error = error;
    e.error.afterStreamStarted = m_accumulator.chunkCount() > 0;
    out.append(e);
    m_buffer.clear();
}

void StreamDecoder::detectFraming()
{
    if (m_framing != Framing::Auto)
        return;
    for (qsizetype i = 0; i < m_buffer.size(); ++i) {
        const char c = m_buffer.at(i);
        if (isBlank(c))
            continue;
        if (c == '[')
            m_framing = Framing::JsonArray;
        else if (c == '{')
            m_framing = Framing::JsonObjects;
        else
            m_framing = Framing::Sse;
        return;
    }
}

QList<StreamEvent> StreamDecoder::feed(QByteArrayView bytes)
{
    QList<StreamEvent> out;
    if (m_failed || m_finished || bytes.isEmpty())
        return out;
    m_buffer.append(bytes.data(), bytes.size());
    detectFraming();
    switch (m_framing) {
    case Framing::Auto:
        break; // only blanks so far
    case Framing::Sse:
        decodeSse(out, false);
        break;
    case Framing::JsonArray:
    case Framing::JsonObjects:
        decodeJsonValues(out);
        break;
    }
    return out;
}

QList<StreamEvent> StreamDecoder::finish()
{
    QList<StreamEvent> out;
    if (m_finished)
        return out;
    if (!m_failed) {
        if (m_framing == Framing::Sse) {
            decodeSse(out, true);
            if (!m_failed && !m_bare.isEmpty())
                fail(ApiError::malformed(u"the stream ended inside a JSON object: %1"_s.arg(sample(m_bare))), out);
            if (!m_failed && m_hasData)
                dispatchSse(out); // a last event without its blank line (seen in recordings)
        } else if (m_framing == Framing::JsonArray || m_framing == Framing::JsonObjects) {
            bool onlyBlanks = true;
            for (const char c : std::as_const(m_buffer))
                onlyBlanks = onlyBlanks && isBlank(c);
            if (!onlyBlanks || (m_framing == Framing::JsonArray && !m_arrayClosed && m_accumulator.chunkCount() == 0))
                fail(m_accumulator.chunkCount() > 0
                        ? ApiError::truncated()
                        : ApiError::malformed(u"the reply ended early: %1"_s.arg(sample(m_buffer))),
                    out);
        }
    }
    if (!m_failed) {
        const GenerateContentResponse &r = m_accumulator.response();
        if (m_accumulator.chunkCount() == 0) {
            if (m_ignoredBytes > 0)
                fail(ApiError::malformed(u"not a Gemini stream: %1"_s.arg(sample(m_ignoredSample))), out);
            else
                fail(ApiError::truncated(), out);
        } else if (r.isPromptBlocked()) {
            StreamEvent e;
            e.type = StreamEvent::Type::Error;
            e.error = ApiError::promptBlocked(*r.promptFeedback);
            out.append(e);
            m_failed = true;
        } else if (!r.hasFinishReason()) {
            fail(ApiError::truncated(), out);
        }
    }
    m_finished = true;
    m_buffer.clear();
    return out;
}

void StreamDecoder::decodeSse(QList<StreamEvent> &out, bool atEnd)
{
    const char *data = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    qsizetype pos = 0;
    if (m_skipLf && size > 0) {
        if (data[0] == '\n')
            pos = 1;
        m_skipLf = false;
    }
    while (pos < size && !m_failed) {
        // Find the end of the line: LF, CR or CRLF.
        const char *start = data + pos;
        const qsizetype remaining = size - pos;
        const char *lf = static_cast<const char *>(std::memchr(start, '\n', size_t(remaining)));
        const qsizetype lfAt = lf ? lf - start : remaining;
        const char *cr = static_cast<const char *>(std::memchr(start, '\r', size_t(lfAt)));
        qsizetype lineLen;
        qsizetype terminatorLen;
        if (cr) {
            lineLen = cr - start;
            if (lineLen + 1 < remaining) {
                terminatorLen = start[lineLen + 1] == '\n' ? 2 : 1;
            } else {
                terminatorLen = 1; // CR at the end of what we have: an LF may follow in the next bytes
                m_skipLf = true;
            }
        } else if (lf) {
            lineLen = lfAt;
            terminatorLen = 1;
        } else {
            if (!atEnd) {
                if (remaining > MaxEventBytes)
                    fail(ApiError::malformed(u"a stream line is larger than %1 bytes"_s.arg(MaxEventBytes)), out);
                break; // wait for the rest of the line
            }
            lineLen = remaining;
            terminatorLen = 0;
        }
        sseLine(QByteArrayView(start, lineLen), out);
        pos += lineLen + terminatorLen;
    }
    if (m_failed)
        return;
    m_buffer.remove(0, std::min(pos, m_buffer.size()));
}

void StreamDecoder::sseLine(QByteArrayView line, QList<StreamEvent> &out)
{
    if (!m_bare.isEmpty() || (!line.isEmpty() && line.front() == '{')) {
        // A JSON value outside "data:": the server's mid-stream error object (gemini-api.md §4.3),
        // sent pretty-printed over several lines.
        const qsizetype before = m_bare.size();
        m_bare.append(line.data(), line.size());
        m_bare.append('\n');
        const qsizetype end = m_bareScanner.scan(m_bare.constData(), before, m_bare.size());
        if (end >= 0) {
            const QByteArray json = m_bare.left(end);
            m_bare.clear();
            m_bareScanner.reset();
            handleJson(json, out, true);
        } else if (m_bare.size() > MaxEventBytes) {
            fail(ApiError::malformed(u"an unterminated JSON object in the stream"_s), out);
        }
        return;
    }
    if (line.isEmpty()) {
        if (m_hasData)
            dispatchSse(out);
        return;
    }
    if (line.front() == ':')
        return; // comment
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    if (field == "data") {
        if (m_hasData)
            m_data.append('\n');
        m_data.append(value.data(), value.size());
        m_hasData = true;
        if (m_data.size() > MaxEventBytes)
            fail(ApiError::malformed(u"a stream event is larger than %1 bytes"_s.arg(MaxEventBytes)), out);
    } else if (field == "event" || field == "id" || field == "retry") {
        // Gemini sends none of these; ignoring them is what the SSE standard asks.
    } else {
        m_ignoredBytes += line.size();
        if (m_ignoredSample.size() < 200)
            m_ignoredSample.append(line.data(), std::min<qsizetype>(line.size(), 200));
    }
}

void StreamDecoder::dispatchSse(QList<StreamEvent> &out)
{
    const QByteArray data = std::exchange(m_data, {});
    m_hasData = false;
    if (data.trimmed().isEmpty())
        return;
    if (data.trimmed() == "[DONE]")
        return; // not sent by Gemini, but OpenAI-style proxies add it
    handleJson(data, out, false);
}

void StreamDecoder::decodeJsonValues(QList<StreamEvent> &out)
{
    const char *data = m_buffer.constData();
    const qsizetype size = m_buffer.size();
    qsizetype consumed = 0;
    qsizetype pos = m_scanPos;
    while (pos < size && !m_failed) {
        if (!m_scanner.started && m_scanner.depth == 0) {
            // Between values: blanks, the array's brackets and commas.
            const char c = data[pos];
            if (isBlank(c) || (c == ',' && m_arrayOpened)) {
                consumed = ++pos;
                continue;
            }
            if (m_framing == Framing::JsonArray && !m_arrayOpened) {
                if (c != '[') {
                    fail(ApiError::malformed(
                             u"expected a JSON array: %1"_s.arg(sample(QByteArrayView(data + pos, size - pos)))),
                        out);
                    return;
                }
                m_arrayOpened = true;
                consumed = ++pos;
                continue;
            }
            if (c == ']' && m_arrayOpened) {
                m_arrayClosed = true;
                consumed = ++pos;
                continue;
            }
            if (c != '{' || m_arrayClosed) {
                fail(ApiError::malformed(
                         u"unexpected data in the stream: %1"_s.arg(sample(QByteArrayView(data + pos, size - pos)))),
                    out);
                return;
            }
            consumed = pos; // the value starts here
        }
        const qsizetype end = m_scanner.scan(data, pos, size);
        if (end < 0) {
            pos = size;
            if (size - consumed > MaxEventBytes)
                fail(ApiError::malformed(u"a stream element is larger than %1 bytes"_s.arg(MaxEventBytes)), out);
            break;
        }
        handleJson(QByteArrayView(data + consumed, end - consumed), out, false);
        m_scanner.reset();
        consumed = pos = end;
    }
    if (m_failed)
        return;
    m_buffer.remove(0, consumed);
    m_scanPos = pos - consumed;
}

void StreamDecoder::handleJson(QByteArrayView json, QList<StreamEvent> &out, bool bareInSse)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        fail(ApiError::malformed(
                 u"a stream event is not valid JSON (%1): %2"_s.arg(parseError.errorString(), sample(json))),
            out);
        return;
    }
    const QJsonObject object = doc.object();
    if (const QJsonValue error = object.value("error"_L1); error.isObject()) {
        fail(ApiError::fromErrorObject(error.toObject()), out);
        return;
    }
    if (bareInSse && !object.contains("candidates"_L1) && !object.contains("promptFeedback"_L1)
        && !object.contains("usageMetadata"_L1)) {
        fail(ApiError::malformed(u"unexpected JSON in the stream: %1"_s.arg(sample(json))), out);
        return;
    }
    StreamEvent e;
    e.chunk = GenerateContentResponse::fromJson(object);
    e.deltas = m_accumulator.add(e.chunk);
    out.append(std::move(e));
}
