#include "httprequestparser.h"

#include <algorithm>

QByteArray HttpRequestParser::Message::header(const QByteArray &lowerName) const
{
    QByteArray value;
    for (const auto &[name, headerValue] : headers) {
        if (name != lowerName)
            continue;
        if (!value.isEmpty())
            value += ", ";
        value += headerValue;
    }
    return value;
}

bool HttpRequestParser::Message::keepAlive() const
{
    const QByteArray connection = header("connection").toLower();
    if (connection.contains("close"))
        return false;
    if (version == "HTTP/1.0")
        return connection.contains("keep-alive");
    return true;
}

bool HttpRequestParser::Message::expectsContinue() const
{
    return header("expect").toLower().contains("100-continue");
}

void HttpRequestParser::setStreaming(StreamDecider decider, BodySink sink)
{
    m_decider = std::move(decider);
    m_sink = std::move(sink);
}

bool HttpRequestParser::midRequest() const
{
    return m_phase != Phase::Head || bufferedBytes() > 0;
}

bool HttpRequestParser::streamingBody() const
{
    const bool readingBody = m_phase == Phase::FixedBody || m_phase == Phase::ChunkSize || m_phase == Phase::ChunkData
        || m_phase == Phase::ChunkDataEnd || m_phase == Phase::Trailers;
    return m_streamed && readingBody;
}

bool HttpRequestParser::wantsContinue() const
{
    const bool readingBody = m_phase == Phase::FixedBody || m_phase == Phase::ChunkSize || m_phase == Phase::ChunkData
        || m_phase == Phase::ChunkDataEnd;
    return readingBody && !m_continueSent && m_current.bodyBytes == 0 && available() == 0
        && m_current.expectsContinue();
}

void HttpRequestParser::append(const QByteArray &bytes)
{
    if (m_phase == Phase::Failed || bytes.isEmpty())
        return;
    if (m_pos == m_buffer.size()) {
        m_buffer = bytes; // implicitly shared: no copy
        m_pos = 0;
        return;
    }
    compact();
    m_buffer.append(bytes);
}

HttpRequestParser::State HttpRequestParser::feed(const QByteArray &bytes)
{
    if (m_phase == Phase::Failed)
        return m_state;
    append(bytes);
    if (m_phase == Phase::Done)
        return m_state;
    m_state = advance();
    if (m_pos == m_buffer.size()) {
        m_buffer.clear();
        m_pos = 0;
    }
    return m_state;
}

HttpRequestParser::Message HttpRequestParser::takeRequest()
{
    Q_ASSERT(m_phase == Phase::Done);
    Message message = std::move(m_current);
    m_current = Message();
    m_phase = Phase::Head;
    m_headReported = false;
    m_continueSent = false;
    m_streamed = false;
    m_budget = -1;
    // The next (pipelined) request is parsed by the next feed(), not now: its head may start a
    // streamed body, which must not begin before this request has been answered.
    m_state = State::NeedMore;
    return message;
}

void HttpRequestParser::compact()
{
    if (m_pos == 0)
        return;
    m_buffer = m_buffer.sliced(m_pos);
    m_pos = 0;
}

qsizetype HttpRequestParser::find(const char *needle, qsizetype needleSize) const
{
    const qsizetype index = m_buffer.indexOf(QByteArrayView(needle, needleSize), m_pos);
    return index < 0 ? -1 : index - m_pos;
}

HttpRequestParser::State HttpRequestParser::fail(int status, const QByteArray &message)
{
    m_phase = Phase::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    m_buffer.clear();
    m_pos = 0;
    return State::Error;
}

HttpRequestParser::State HttpRequestParser::stop()
{
    m_phase = Phase::Failed;
    m_errorStatus = 0;
    m_errorMessage = "the body consumer stopped the request";
    m_buffer.clear();
    m_pos = 0;
    return State::Stopped;
}

HttpRequestParser::State HttpRequestParser::advance()
{
    if (m_phase == Phase::Head) {
        const State state = parseHead();
        if (state != State::HeadComplete)
            return state;
        if (m_phase == Phase::Done)
            return State::Complete;
    }
    if (m_phase == Phase::Done)
        return State::Complete;
    if (m_phase == Phase::Failed)
        return m_state == State::Stopped ? State::Stopped : State::Error;
    const State state = parseBody();
    if (state == State::NeedMore && !m_headReported) {
        m_headReported = true;
        return State::HeadComplete;
    }
    return state;
}

HttpRequestParser::State HttpRequestParser::parseHead()
{
    // Tolerate empty lines before a request (RFC 9112 2.2).
    while (available() >= 2 && cursor()[0] == '\r' && cursor()[1] == '\n')
        m_pos += 2;
    const qsizetype end = find("\r\n\r\n", 4);
    if (end < 0) {
        if (available() > maxHeadBytes)
            return fail(400, "request head larger than 64 KiB");
        return State::NeedMore;
    }
    if (end > maxHeadBytes)
        return fail(400, "request head larger than 64 KiB");
    const QByteArray head(cursor(), end);
    m_pos += end + 4;

    const QList<QByteArray> lines = head.split('\n');
    const QByteArray requestLine = lines.first().trimmed();
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty() || !parts.at(2).startsWith("HTTP/1."))
        return fail(400, "malformed request line");
    for (const char c : parts.at(0)) {
        if (c < 'A' || c > 'Z')
            return fail(400, "malformed method");
    }
    if (!parts.at(1).startsWith('/'))
        return fail(400, "request target must be an absolute path");
    m_current.method = parts.at(0);
    m_current.target = parts.at(1);
    m_current.version = parts.at(2);

    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.at(0) == ' ' || line.at(0) == '\t')
            return fail(400, "malformed header line");
        const QByteArray name = line.left(colon).trimmed().toLower();
        for (const char c : name) {
            if (c <= ' ' || c >= 127)
                return fail(400, "malformed header name");
        }
        m_current.headers.append({name, line.mid(colon + 1).trimmed()});
    }

    const QByteArray transferEncoding = m_current.header("transfer-encoding").toLower();
    qint64 length = 0;
    if (!transferEncoding.isEmpty()) {
        if (!transferEncoding.endsWith("chunked"))
            return fail(400, "unsupported transfer encoding");
    } else {
        const QByteArray lengthText = m_current.header("content-length");
        if (!lengthText.isEmpty()) {
            bool ok = false;
            length = lengthText.toLongLong(&ok);
            if (!ok || length < 0 || lengthText.contains(','))
                return fail(400, "invalid Content-Length");
        }
    }

    m_streamed = m_decider && m_decider(m_current);
    if (m_streamed) {
        m_current.bodyStreamed = true;
        if (!m_sink(QByteArrayView()))
            return stop();
    }
    if (!transferEncoding.isEmpty()) {
        m_phase = Phase::ChunkSize;
        return State::HeadComplete;
    }
    if (!m_streamed && length > maxBodyBytes)
        return fail(413, "request body too large");
    m_remaining = length;
    m_phase = length == 0 ? Phase::Done : Phase::FixedBody;
    if (length > 0 && !m_streamed)
        m_current.body.reserve(length);
    return State::HeadComplete;
}

bool HttpRequestParser::consumeBody(qint64 wanted, qint64 &taken)
{
    qint64 count = std::min<qint64>(wanted, available());
    if (m_streamed && m_budget >= 0)
        count = std::min(count, m_budget);
    taken = std::max<qint64>(0, count);
    if (taken == 0)
        return true;
    bool keepGoing = true;
    if (m_streamed) {
        keepGoing = m_sink(QByteArrayView(cursor(), taken));
        if (m_budget >= 0)
            m_budget -= taken;
    } else {
        m_current.body.append(cursor(), taken);
    }
    m_pos += taken;
    m_current.bodyBytes += taken;
    return keepGoing;
}

HttpRequestParser::State HttpRequestParser::parseBody()
{
    if (m_phase == Phase::FixedBody) {
        qint64 taken = 0;
        if (!consumeBody(m_remaining, taken))
            return stop();
        m_remaining -= taken;
        if (m_remaining > 0)
            return State::NeedMore;
        m_phase = Phase::Done;
        return State::Complete;
    }
    return parseChunked();
}

HttpRequestParser::State HttpRequestParser::parseChunked()
{
    for (;;) {
        switch (m_phase) {
        case Phase::ChunkSize: {
            const qsizetype eol = find("\r\n", 2);
            if (eol < 0) {
                if (available() > 1024)
                    return fail(400, "malformed chunk size line");
                return State::NeedMore;
            }
            QByteArray sizeText(cursor(), eol);
            m_pos += eol + 2;
            const qsizetype semicolon = sizeText.indexOf(';'); // chunk extensions are ignored
            if (semicolon >= 0)
                sizeText.truncate(semicolon);
            sizeText = sizeText.trimmed();
            bool ok = false;
            const qint64 size = sizeText.toLongLong(&ok, 16);
            if (!ok || size < 0 || sizeText.size() > 15)
                return fail(400, "malformed chunk size");
            if (!m_streamed && m_current.body.size() + size > maxBodyBytes)
                return fail(413, "request body too large");
            if (size == 0) {
                m_phase = Phase::Trailers;
            } else {
                m_remaining = size;
                m_phase = Phase::ChunkData;
            }
            break;
        }
        case Phase::ChunkData: {
            qint64 taken = 0;
            if (!consumeBody(m_remaining, taken))
                return stop();
            m_remaining -= taken;
            if (m_remaining > 0)
                return State::NeedMore;
            m_phase = Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd:
            if (available() < 2)
                return State::NeedMore;
            if (cursor()[0] != '\r' || cursor()[1] != '\n')
                return fail(400, "chunk data not followed by CRLF");
            m_pos += 2;
            m_phase = Phase::ChunkSize;
            break;
        case Phase::Trailers: {
            const qsizetype eol = find("\r\n", 2);
            if (eol < 0) {
                if (available() > maxHeadBytes)
                    return fail(400, "trailers too large");
                return State::NeedMore;
            }
            m_pos += eol + 2;
            if (eol == 0) {
                m_phase = Phase::Done;
                return State::Complete;
            }
            break; // a trailer field: ignored
        }
        case Phase::Head:
        case Phase::FixedBody:
        case Phase::Done:
        case Phase::Failed:
            return m_phase == Phase::Done ? State::Complete : State::Error;
        }
    }
}
