#include "jsonwriter.h"

#include <QHash>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// One global rank table is enough: the response messages never use the same key in conflicting
// orders (checked against every recorded body). Order = proto field declaration order.
const QHash<QString, int> &keyRanks()
{
    static const QHash<QString, int> ranks = [] {
        const QStringList order = {// error envelope and google.rpc details
            u"error"_s, u"code"_s, u"@type"_s, u"reason"_s, u"domain"_s, u"metadata"_s, u"service"_s, u"consumer"_s,
            u"locale"_s,
            // embeddings
            u"embedding"_s, u"embeddings"_s, u"values"_s,
            // GenerateContentResponse
            u"candidates"_s, u"content"_s, u"parts"_s, u"text"_s, u"inlineData"_s, u"functionCall"_s,
            u"functionResponse"_s, u"fileData"_s, u"executableCode"_s, u"codeExecutionResult"_s, u"thought"_s,
            u"thoughtSignature"_s, u"role"_s, u"finishReason"_s, u"index"_s, u"blockReason"_s, u"safetyRatings"_s,
            u"category"_s, u"probability"_s, u"blocked"_s, u"citationMetadata"_s, u"groundingMetadata"_s,
            u"urlContextMetadata"_s, u"avgLogprobs"_s, u"logprobsResult"_s, u"finishMessage"_s, u"promptFeedback"_s,
            u"usageMetadata"_s, u"totalTokens"_s, u"promptTokenCount"_s, u"candidatesTokenCount"_s,
            u"totalTokenCount"_s, u"cachedContentTokenCount"_s, u"promptTokensDetails"_s, u"promptTokenDetails"_s,
            u"cacheTokensDetails"_s, u"candidatesTokensDetails"_s, u"toolUsePromptTokenCount"_s,
            u"toolUsePromptTokensDetails"_s, u"thoughtsTokenCount"_s, u"modality"_s, u"tokenCount"_s, u"serviceTier"_s,
            u"modelVersion"_s, u"responseId"_s,
            // FunctionCall, Blob, FileData, Model (name first, args after it)
            u"models"_s, u"id"_s, u"name"_s, u"mimeType"_s, u"data"_s, u"fileUri"_s, u"args"_s, u"response"_s,
            u"baseModelId"_s, u"version"_s, u"displayName"_s, u"field"_s, u"description"_s, u"url"_s,
            u"inputTokenLimit"_s, u"outputTokenLimit"_s, u"supportedGenerationMethods"_s, u"temperature"_s, u"topP"_s,
            u"topK"_s, u"maxTemperature"_s, u"thinking"_s, u"nextPageToken"_s,
            // error message text comes after the keys above that share objects with it
            u"message"_s, u"status"_s, u"details"_s,
            // Help, QuotaFailure, RetryInfo, BadRequest, DebugInfo
            u"links"_s, u"violations"_s, u"quotaMetric"_s, u"quotaId"_s, u"quotaDimensions"_s, u"location"_s,
            u"model"_s, u"quotaValue"_s, u"retryDelay"_s, u"fieldViolations"_s, u"detail"_s};
        QHash<QString, int> result;
        for (int i = 0; i < order.size(); ++i)
            result.insert(order.at(i), i);
        return result;
    }();
    return ranks;
}

void appendIndent(QByteArray &out, int indent)
{
    out.append(indent * 2, ' ');
}

void appendScalar(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out.append("null");
        break;
    case QJsonValue::Bool:
        out.append(value.toBool() ? "true" : "false");
        break;
    case QJsonValue::Double:
        out.append(JsonWriter::number(value.toDouble()));
        break;
    case QJsonValue::String:
        JsonWriter::appendString(out, value.toString());
        break;
    case QJsonValue::Array:
    case QJsonValue::Object:
        Q_ASSERT(false);
        break;
    }
}

} // namespace

QStringList JsonWriter::orderedKeys(const QJsonObject &object, const QStringList *leadingKeys)
{
    QStringList keys = object.keys(); // alphabetical
    const QHash<QString, int> &ranks = keyRanks();
    const auto rank = [&ranks, leadingKeys](const QString &key) -> qsizetype {
        const qsizetype lead = leadingKeys ? leadingKeys->indexOf(key) : -1;
        if (lead >= 0)
            return lead;
        return (leadingKeys ? leadingKeys->size() : 0) + ranks.value(key, static_cast<int>(ranks.size()));
    };
    std::stable_sort(
        keys.begin(), keys.end(), [&rank](const QString &a, const QString &b) { return rank(a) < rank(b); });
    return keys;
}

QByteArray JsonWriter::number(double value)
{
    if (!std::isfinite(value))
        return QByteArrayLiteral("null");
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return QByteArray::number(static_cast<qint64>(value));
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

void JsonWriter::appendString(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    static const char hex[] = "0123456789abcdef";
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (u) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        case '<':
            out.append("\\u003c");
            break;
        case '>':
            out.append("\\u003e");
            break;
        default:
            if (u < 0x20) {
                out.append("\\u00");
                out.append(hex[u >> 4]);
                out.append(hex[u & 0xf]);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
}

QByteArray JsonWriter::pretty(const QJsonValue &value)
{
    QByteArray out;
    writePretty(out, value, 0, nullptr);
    return out;
}

QByteArray JsonWriter::pretty(const QJsonValue &value, const QStringList &leadingKeys)
{
    QByteArray out;
    writePretty(out, value, 0, &leadingKeys);
    return out;
}

QByteArray JsonWriter::halfCompact(const QJsonValue &value)
{
    QByteArray out;
    writeHalfCompact(out, value);
    return out;
}

void JsonWriter::writePretty(QByteArray &out, const QJsonValue &value, int indent, const QStringList *leadingKeys)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append("{\n");
        const QStringList keys = orderedKeys(object, leadingKeys);
        for (qsizetype i = 0; i < keys.size(); ++i) {
            appendIndent(out, indent + 1);
            appendString(out, keys.at(i));
            out.append(": ");
            writePretty(out, object.value(keys.at(i)), indent + 1, leadingKeys);
            out.append(i + 1 < keys.size() ? ",\n" : "\n");
        }
        appendIndent(out, indent);
        out.append('}');
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append("[\n");
        for (qsizetype i = 0; i < array.size(); ++i) {
            appendIndent(out, indent + 1);
            writePretty(out, array.at(i), indent + 1, leadingKeys);
            out.append(i + 1 < array.size() ? ",\n" : "\n");
        }
        appendIndent(out, indent);
        out.append(']');
    } else {
        appendScalar(out, value);
    }
}

void JsonWriter::writeHalfCompact(QByteArray &out, const QJsonValue &value)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        out.append('{');
        const QStringList keys = orderedKeys(object);
        for (qsizetype i = 0; i < keys.size(); ++i) {
            if (i > 0)
                out.append(',');
            appendString(out, keys.at(i));
            out.append(": ");
            writeHalfCompact(out, object.value(keys.at(i)));
        }
        out.append('}');
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        out.append('[');
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i > 0)
                out.append(',');
            writeHalfCompact(out, array.at(i));
        }
        out.append(']');
    } else {
        appendScalar(out, value);
    }
}
