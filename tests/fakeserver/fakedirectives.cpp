#include "fakedirectives.h"

#include "prosegenerator.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

// The largest reply-bytes value accepted: big enough for benchmarks, small enough not to exhaust memory.
constexpr qint64 maxReplyBytes = 512LL * 1024 * 1024;

const QRegularExpression &directiveLine()
{
    static const QRegularExpression re(u"^[ \\t]*@fake(?:[ \\t]+(.*?))?[ \\t]*$"_s);
    return re;
}

struct Token
{
    QString key;
    QString value;
    bool hasValue = false;
};

QList<Token> tokenize(const QString &line)
{
    QList<Token> tokens;
    qsizetype i = 0;
    const qsizetype n = line.size();
    while (i < n) {
        while (i < n && line.at(i).isSpace())
            ++i;
        if (i >= n)
            break;
        Token token;
        const qsizetype keyStart = i;
        while (i < n && !line.at(i).isSpace() && line.at(i) != u'=')
            ++i;
        token.key = line.mid(keyStart, i - keyStart);
        if (i < n && line.at(i) == u'=') {
            ++i;
            token.hasValue = true;
            if (token.key == u"thought"_s) { // free text up to the end of the line
                token.value = line.mid(i).trimmed();
                i = n;
            } else {
                const qsizetype valueStart = i;
                while (i < n && !line.at(i).isSpace())
                    ++i;
                token.value = line.mid(valueStart, i - valueStart);
            }
        }
        tokens.append(token);
    }
    return tokens;
}

} // namespace

QStringList FakeDirectives::knownKeys()
{
    return {u"status"_s, u"retry-delay"_s, u"retry-after"_s, u"reply-bytes"_s, u"chunk-chars"_s, u"event-delay-ms"_s,
        u"cut-after-events"_s, u"cut-after-bytes"_s, u"error-after-events"_s, u"finish"_s, u"truncate"_s, u"block"_s,
        u"malformed"_s, u"write-bytes"_s, u"delay-ms"_s, u"thought"_s};
}

QString FakeDirectives::strip(const QString &text, QStringList *lines)
{
    if (!text.contains(u"@fake"_s))
        return text;
    const QStringList input = text.split(u'\n');
    QStringList kept;
    bool removed = false;
    for (const QString &rawLine : input) {
        QString line = rawLine;
        if (line.endsWith(u'\r'))
            line.chop(1);
        const QRegularExpressionMatch match = directiveLine().match(line);
        if (match.hasMatch()) {
            if (lines)
                lines->append(match.captured(1));
            removed = true;
            continue;
        }
        kept.append(rawLine);
    }
    return removed ? kept.join(u'\n').trimmed() : text;
}

FakeDirectives::Extracted FakeDirectives::extract(const QJsonObject &normalizedRequest)
{
    Extracted result;
    const QJsonArray contents = normalizedRequest.value(u"contents"_s).toArray();
    for (qsizetype i = contents.size() - 1; i >= 0; --i) {
        const QJsonObject content = contents.at(i).toObject();
        const QString role = content.value(u"role"_s).toString();
        if (!role.isEmpty() && role != u"user"_s)
            continue;
        QStringList texts;
        const QJsonArray parts = content.value(u"parts"_s).toArray();
        for (const QJsonValue &part : parts) {
            const QJsonObject object = part.toObject();
            if (!object.contains(u"text"_s) || object.value(u"thought"_s).toBool())
                continue;
            const QString text = strip(object.value(u"text"_s).toString(), &result.lines);
            if (!text.isEmpty())
                texts.append(text);
        }
        result.lastUserText = texts.join(u' ');
        break;
    }
    return result;
}

QString FakeDirectives::apply(const QStringList &lines, FakeGeminiServer::Script &script)
{
    QStringList unknown;
    QStringList invalid;
    const QStringList known = knownKeys();
    for (const QString &line : lines) {
        const QList<Token> tokens = tokenize(line);
        for (const Token &token : tokens) {
            if (!known.contains(token.key)) {
                unknown.append(token.key);
                continue;
            }
            const auto number = [&token, &invalid](qint64 max) -> qint64 {
                bool ok = false;
                const qint64 value = token.value.toLongLong(&ok);
                if (!token.hasValue || !ok || value < 0 || value > max) {
                    invalid.append(token.key + u'=' + token.value);
                    return -1;
                }
                return value;
            };
            const auto flag = [&token, &invalid]() {
                if (token.hasValue)
                    invalid.append(token.key + u'=' + token.value);
                return !token.hasValue;
            };
            const int intMax = 1 << 30;
            if (token.key == u"status"_s) {
                const qint64 status = number(599);
                if (status >= 0 && status < 100)
                    invalid.append(token.key + u'=' + token.value);
                else if (status >= 100)
                    script.httpStatus = static_cast<int>(status);
            } else if (token.key == u"retry-delay"_s) {
                QString delay = token.value;
                if (!delay.endsWith(u's'))
                    delay += u's';
                bool ok = false;
                const double seconds = delay.left(delay.size() - 1).toDouble(&ok);
                if (ok && seconds >= 0)
                    script.retryDelay = delay;
                else
                    invalid.append(token.key + u'=' + token.value);
            } else if (token.key == u"retry-after"_s) {
                const qint64 value = number(intMax);
                if (value >= 0)
                    script.retryAfterSeconds = static_cast<int>(value);
            } else if (token.key == u"reply-bytes"_s) {
                const qint64 value = number(maxReplyBytes);
                if (value >= 0)
                    script.replyText = ProseGenerator::generate(value);
            } else if (token.key == u"chunk-chars"_s) {
                const qint64 value = number(intMax);
                if (value >= 0)
                    script.chunkChars = static_cast<int>(value);
            } else if (token.key == u"event-delay-ms"_s) {
                const qint64 value = number(600000);
                if (value >= 0)
                    script.eventDelayMs = static_cast<int>(value);
            } else if (token.key == u"cut-after-events"_s) {
                const qint64 value = number(intMax);
                if (value >= 0)
                    script.cutAfterEvents = static_cast<int>(value);
            } else if (token.key == u"cut-after-bytes"_s) {
                const qint64 value = number(std::numeric_limits<qint64>::max());
                if (value >= 0)
                    script.cutAfterBodyBytes = value;
            } else if (token.key == u"error-after-events"_s) {
                const qint64 value = number(intMax);
                if (value >= 0)
                    script.midStreamErrorAfterEvents = static_cast<int>(value);
            } else if (token.key == u"finish"_s) {
                if (token.value.isEmpty())
                    invalid.append(token.key + u'=');
                else
                    script.finishReason = token.value;
            } else if (token.key == u"truncate"_s) {
                script.omitFinishReason = flag();
            } else if (token.key == u"block"_s) {
                script.blockPrompt = flag();
            } else if (token.key == u"malformed"_s) {
                script.malformedEvent = flag();
            } else if (token.key == u"write-bytes"_s) {
                const qint64 value = number(intMax);
                if (value >= 0)
                    script.writeBytes = static_cast<int>(value);
            } else if (token.key == u"delay-ms"_s) {
                const qint64 value = number(600000);
                if (value >= 0)
                    script.delayBeforeHeadersMs = static_cast<int>(value);
            } else if (token.key == u"thought"_s) {
                script.thoughtText = token.value;
            }
        }
    }
    QStringList problems;
    if (!unknown.isEmpty()) {
        problems.append(
            u"Unknown @fake directive key(s): %1. Known keys: %2."_s.arg(unknown.join(u", "_s), known.join(u", "_s)));
    }
    if (!invalid.isEmpty())
        problems.append(u"Invalid @fake directive value(s): %1."_s.arg(invalid.join(u", "_s)));
    return problems.join(u' ');
}
