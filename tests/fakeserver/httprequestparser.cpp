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

bool HttpRequestParser::midRequest() const
{
    return m_phase != Phase::Head || !m_buffer.isEmpty();
}

bool HttpRequestParser::wantsContinue() const
{
    const bool readingBody = m_phase == Phase::FixedBody || m_phase == Phase::ChunkSize || m_phase == Phase::ChunkData
        || m_phase == Phase::ChunkDataEnd;
    return readingBody && !m_continueSent && m_current.body.isEmpty() && m_buffer.isEmpty()
        && m_current.expectsContinue();
}

HttpRequestParser::State HttpRequestParser::feed(const QByteArray &bytes)
{
    if (m_phase == Phase::Failed)
        return m_state;
    m_buffer.append(bytes);
    if (m_phase == Phase::Done)
        return m_state;
    m_state = advance();
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
    m_state = advance();
    return message;
}

HttpRequestParser::State HttpRequestParser::fail(int status, const QByteArray &message)
{
    m_phase = Phase::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    m_buffer.clear();
    return State::Error;
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
        return State::Error;
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
    while (m_buffer.startsWith("\r\n"))
        m_buffer.remove(0, 2);
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_buffer.size() > maxHeadBytes)
            return fail(400, "request head larger than 64 KiB");
        return State::NeedMore;
    }
    if (end > maxHeadBytes)
        return fail(400, "request head larger than 64 KiB");
    const QByteArray head = m_buffer.left(end);
    m_buffer.remove(0, end + 4);

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
    if (!transferEncoding.isEmpty()) {
        if (!transferEncoding.endsWith("chunked"))
            return fail(400, "unsupported transfer encoding");
        m_phase = Phase::ChunkSize;
        return State::HeadComplete;
    }
    const QByteArray lengthText = m_current.header("content-length");
    if (lengthText.isEmpty()) {
        m_phase = Phase::Done;
        return State::HeadComplete;
    }
    bool ok = false;
    const qint64 length = lengthText.toLongLong(&ok);
    if (!ok || length < 0 || lengthText.contains(','))
        return fail(400, "invalid Content-Length");
    if (length > maxBodyBytes)
        return fail(413, "request body too large");
    m_remaining = length;
    m_phase = length == 0 ? Phase::Done : Phase::FixedBody;
    if (length > 0)
        m_current.body.reserve(length);
    return State::HeadComplete;
}

HttpRequestParser::State HttpRequestParser::parseBody()
{
    if (m_phase == Phase::FixedBody) {
        const qint64 take = std::min<qint64>(m_remaining, m_buffer.size());
        m_current.body.append(m_buffer.constData(), take);
        m_buffer.remove(0, take);
        m_remaining -= take;
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
            const qsizetype eol = m_buffer.indexOf("\r\n");
            if (eol < 0) {
                if (m_buffer.size() > 1024)
                    return fail(400, "malformed chunk size line");
                return State::NeedMore;
            }
            QByteArray sizeText = m_buffer.left(eol);
            m_buffer.remove(0, eol + 2);
            const qsizetype semicolon = sizeText.indexOf(';'); // chunk extensions are ignored
            if (semicolon >= 0)
                sizeText.truncate(semicolon);
            sizeText = sizeText.trimmed();
            bool ok = false;
            const qint64 size = sizeText.toLongLong(&ok, 16);
            if (!ok || size < 0 || sizeText.size() > 15)
                return fail(400, "malformed chunk size");
            if (m_current.body.size() + size > maxBodyBytes)
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
            const qint64 take = std::min<qint64>(m_remaining, m_buffer.size());
            m_current.body.append(m_buffer.constData(), take);
            m_buffer.remove(0, take);
            m_remaining -= take;
            if (m_remaining > 0)
                return State::NeedMore;
            m_phase = Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd:
            if (m_buffer.size() < 2)
                return State::NeedMore;
            if (!m_buffer.startsWith("\r\n"))
                return fail(400, "chunk data not followed by CRLF");
            m_buffer.remove(0, 2);
            m_phase = Phase::ChunkSize;
            break;
        case Phase::Trailers: {
            const qsizetype eol = m_buffer.indexOf("\r\n");
            if (eol < 0) {
                if (m_buffer.size() > maxHeadBytes)
                    return fail(400, "trailers too large");
                return State::NeedMore;
            }
            m_buffer.remove(0, eol + 2);
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
