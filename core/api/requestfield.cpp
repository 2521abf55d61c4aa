#include "requestfield.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

// A hostile or broken server could send megabytes; what names a field is always near the start.
constexpr qsizetype MaxScannedChars = 64 * 1024;
constexpr int MaxScannedLines = 64;
constexpr qsizetype MaxMessageChars = 500;

struct Hit
{
    QString key;
    QString text;
};

// "responseJsonSchema" -> "response_json_schema"; "_responseJsonSchema" -> "response_json_schema".
QString toSnake(QStringView segment)
{
    QString out;
    out.reserve(segment.size() + 8);
    for (qsizetype i = 0; i < segment.size(); ++i) {
        const QChar c = segment.at(i);
        if (c.isUpper()) {
            if (i > 0 && !out.isEmpty() && !out.endsWith(u'_'))
                out += u'_';
            out += c.toLower();
        } else {
            out += c;
        }
    }
    while (out.startsWith(u'_'))
        out.remove(0, 1);
    return out;
}

QString generationConfigKey(const QString &snakeName)
{
    static const QHash<QString, QString> table = {
        {u"temperature"_s, u"temperature"_s},
        {u"top_p"_s, u"topP"_s},
        {u"top_k"_s, u"topK"_s},
        {u"max_output_tokens"_s, u"maxOutputTokens"_s},
        {u"stop_sequences"_s, u"stopSequences"_s},
        {u"candidate_count"_s, u"candidateCount"_s},
        {u"seed"_s, u"seed"_s},
        {u"presence_penalty"_s, u"presencePenalty"_s},
        {u"frequency_penalty"_s, u"frequencyPenalty"_s},
        {u"response_mime_type"_s, u"responseMimeType"_s},
        {u"response_schema"_s, u"responseSchema"_s},
        {u"response_json_schema"_s, u"responseSchema"_s},
        {u"thinking_config"_s, u"thinkingConfig"_s},
        // Members of thinking_config the server found one level too high: still the thinking setting.
        {u"thinking_budget"_s, u"thinkingConfig"_s},
        {u"include_thoughts"_s, u"thinkingConfig"_s},
        {u"thinking_level"_s, u"thinkingConfig"_s},
        {u"response_logprobs"_s, u"responseLogprobs"_s},
        {u"logprobs"_s, u"responseLogprobs"_s},
    };
    return table.value(snakeName, u"generationConfig"_s);
}

// "GenerateContentRequest.generation_config.top_k", "safety_settings[0].threshold",
// "CountTokensRequest.generate_content_request.systemInstruction.parts[0]" -> a key, or "".
QString keyForPath(const QString &path)
{
    QStringList segments;
    for (const QString &raw : path.split(u'.', Qt::SkipEmptyParts)) {
        QString segment = raw.trimmed();
        if (const qsizetype bracket = segment.indexOf(u'['); bracket >= 0)
            segment.truncate(bracket);
        if (!segment.isEmpty())
            segments.append(segment);
    }
    // Message type names (GenerateContentRequest) are capitalised; field names never are.
    while (!segments.isEmpty() && segments.first().at(0).isUpper())
        segments.removeFirst();
    QStringList names;
    for (const QString &segment : std::as_const(segments))
        names.append(toSnake(segment));
    if (!names.isEmpty() && names.first() == "generate_content_request"_L1)
        names.removeFirst();
    if (names.isEmpty())
        return {};

    const QString &first = names.first();
    if (first == "generation_config"_L1)
        return names.size() > 1 ? generationConfigKey(names.at(1)) : u"generationConfig"_s;
    if (first == "safety_settings"_L1)
        return u"safetySettings"_s;
    if (first == "tools"_L1 || first == "tool_config"_L1)
        return u"tools"_s;
    if (first == "system_instruction"_L1)
        return u"systemInstruction"_s;
    return {};
}

QString cleanText(QString text)
{
    text = text.trimmed();
    static const QLatin1StringView invalidJson("Invalid JSON payload received. ");
    if (text.startsWith(invalidJson))
        text.remove(0, invalidJson.size());
    if (text.size() > MaxMessageChars)
        text = text.left(MaxMessageChars - 1) + u'…';
    return text;
}

// The field a sentence of the server names, from the patterns it uses; empty when it names none.
QString pathInSentence(const QString &sentence)
{
    static const QRegularExpression unknownName(uR"re(Unknown name "([^"]*)"(?: at '([^']*)')?)re"_s);
    static const QRegularExpression atPath(uR"re( at '([^']+)')re"_s);
    if (const QRegularExpressionMatch m = unknownName.match(sentence); m.hasMatch()) {
        const QString at = m.captured(2);
        return at.isEmpty() ? m.captured(1) : at + u'.' + m.captured(1);
    }
    if (const QRegularExpressionMatch m = atPath.match(sentence); m.hasMatch())
        return m.captured(1);
    return {};
}

// Sentences that name a setting in words rather than as a path.
QString keyInWords(const QString &sentence)
{
    // "Unable to submit request because it has a topK value of 50 but the supported range is …"
    static const QRegularExpression hasValue(uR"re(\bhas an? ([A-Za-z_]+) value of\b)re"_s);
    if (const QRegularExpressionMatch m = hasValue.match(sentence); m.hasMatch()) {
        const QString key = generationConfigKey(toSnake(m.captured(1)));
        return key == "generationConfig"_L1 ? QString() : key;
    }
    // "Budget 0 is invalid. This model only works in thinking mode."
    static const QRegularExpression thinking(uR"re(\bBudget -?\d+ is invalid\b|\bthinking[ _]?(budget|level)\b)re"_s,
        QRegularExpression::CaseInsensitiveOption);
    if (thinking.match(sentence).hasMatch())
        return u"thinkingConfig"_s;
    return {};
}

Hit hitInSentence(const QString &path, const QString &description)
{
    // The description is more precise than the path: 'generation_config' + Unknown name "x".
    const QString inDescription = pathInSentence(description);
    QString key = keyForPath(inDescription.isEmpty() ? path : inDescription);
    if (key.isEmpty() && !inDescription.isEmpty())
        key = keyForPath(path);
    if (key.isEmpty())
        key = keyInWords(description);
    return Hit {key, key.isEmpty() ? QString() : cleanText(description)};
}

Hit find(const ApiError &error)
{
    if (error.kind != ApiError::Kind::InvalidRequest)
        return {};

    for (const QString &violation : error.fieldViolations) {
        const qsizetype colon = violation.indexOf(": "_L1);
        const QString field = colon >= 0 ? violation.left(colon) : QString();
        const QString description = colon >= 0 ? violation.mid(colon + 2) : violation;
        const Hit hit = hitInSentence(field.left(MaxScannedChars), description.left(MaxScannedChars));
        if (!hit.key.isEmpty())
            return hit;
    }

    // "* GenerateContentRequest.generation_config.temperature: temperature must be in …", one per line.
    static const QRegularExpression bullet(uR"re(^\*\s*([^\s:]+):\s*(.*)$)re"_s);
    const QStringList lines = error.message.left(MaxScannedChars).split(u'\n', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < lines.size() && i < MaxScannedLines; ++i) {
        const QString line = lines.at(i).trimmed();
        Hit hit;
        if (const QRegularExpressionMatch m = bullet.match(line); m.hasMatch())
            hit = hitInSentence(m.captured(1), m.captured(2));
        else
            hit = hitInSentence({}, line);
        if (!hit.key.isEmpty())
            return hit;
    }
    return {};
}

} // namespace

namespace RequestField {

QString of(const ApiError &error)
{
    return find(error).key;
}

QString messageFor(const ApiError &error)
{
    return find(error).text;
}

} // namespace RequestField
