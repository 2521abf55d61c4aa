#include "replybuilder.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QMap>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr int mediaPartTokens = 258;
constexpr int defaultChunkChars = 24;
constexpr int maxStreamEvents = 4096;

QString modalityOf(const QString &mimeType)
{
    if (mimeType.startsWith(u"image/"_s))
        return u"IMAGE"_s;
    if (mimeType.startsWith(u"audio/"_s))
        return u"AUDIO"_s;
    if (mimeType.startsWith(u"video/"_s))
        return u"VIDEO"_s;
    if (mimeType.startsWith(u"text/"_s))
        return u"TEXT"_s;
    return u"DOCUMENT"_s;
}

QString compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

QJsonObject modalityCount(const QString &modality, int tokens)
{
    QJsonObject object {{u"modality"_s, modality}};
    if (tokens != 0) // proto3 JSON omits zero values
        object.insert(u"tokenCount"_s, tokens);
    return object;
}

qint64 base64DecodedSize(const QString &base64)
{
    qint64 length = base64.size();
    while (length > 0 && base64.at(length - 1) == u'=')
        --length;
    return length * 3 / 4;
}

QString joinedText(const QJsonArray &parts)
{
    QStringList texts;
    for (const QJsonValue &part : parts) {
        const QJsonObject object = part.toObject();
        if (object.contains(u"text"_s))
            texts.append(object.value(u"text"_s).toString());
    }
    return texts.join(u' ');
}

QByteArray digestStream(const QByteArray &seed, int bytes)
{
    QByteArray out;
    out.reserve(bytes + 32);
    for (int block = 0; out.size() < bytes; ++block)
        out += QCryptographicHash::hash(QByteArray(seed + ':' + QByteArray::number(block)), QCryptographicHash::Sha256);
    out.truncate(bytes);
    return out;
}

} // namespace

ReplyBuilder::ReplyBuilder(const QString &modelVersion, const QString &responseId, const PromptUsage &prompt)
    : m_modelVersion(modelVersion)
    , m_responseId(responseId)
    , m_prompt(prompt)
{ }

ReplyBuilder::PromptUsage ReplyBuilder::promptUsage(const QJsonObject &request)
{
    qsizetype textChars = 0;
    QMap<int, QPair<QString, int>> media; // order: IMAGE, AUDIO, VIDEO, DOCUMENT
    const QStringList mediaOrder = {u"IMAGE"_s, u"AUDIO"_s, u"VIDEO"_s, u"DOCUMENT"_s};
    int mediaTextTokens = 0;
    const auto countParts = [&](const QJsonArray &parts) {
        for (const QJsonValue &value : parts) {
            const QJsonObject part = value.toObject();
            if (part.contains(u"text"_s)) {
                textChars += part.value(u"text"_s).toString().size();
            } else if (part.contains(u"inlineData"_s) || part.contains(u"fileData"_s)) {
                const QJsonObject data
                    = part.value(part.contains(u"inlineData"_s) ? u"inlineData"_s : u"fileData"_s).toObject();
                const QString modality = modalityOf(data.value(u"mimeType"_s).toString());
                if (modality == u"TEXT"_s) {
                    mediaTextTokens += mediaPartTokens;
                } else {
                    const int order = static_cast<int>(mediaOrder.indexOf(modality));
                    media[order].first = modality;
                    media[order].second += mediaPartTokens;
                }
            } else {
                for (auto it = part.begin(); it != part.end(); ++it) {
                    if (it.key() != u"thoughtSignature"_s && it.key() != u"thought"_s)
                        textChars += compactJson(it.value()).size();
                }
            }
        }
    };
    const QJsonArray contents = request.value(u"contents"_s).toArray();
    for (const QJsonValue &content : contents)
        countParts(content.toObject().value(u"parts"_s).toArray());
    countParts(request.value(u"systemInstruction"_s).toObject().value(u"parts"_s).toArray());
    if (request.contains(u"tools"_s))
        textChars += compactJson(request.value(u"tools"_s)).size();

    PromptUsage usage;
    const int textTokenCount = textTokens(textChars) + mediaTextTokens;
    usage.total = textTokenCount;
    if (textTokenCount > 0 || media.isEmpty())
        usage.details.append(modalityCount(u"TEXT"_s, textTokenCount));
    for (const auto &[modality, tokens] : std::as_const(media)) {
        usage.details.append(modalityCount(modality, tokens));
        usage.total += tokens;
    }
    return usage;
}

QString ReplyBuilder::echoText(
    const QJsonObject &request, const QString &lastUserText, const QHash<QString, QString> &fileLabels)
{
    const QJsonArray contents = request.value(u"contents"_s).toArray();
    QStringList partNames;
    const QJsonArray lastParts
        = contents.isEmpty() ? QJsonArray() : contents.last().toObject().value(u"parts"_s).toArray();
    for (const QJsonValue &value : lastParts) {
        const QJsonObject part = value.toObject();
        if (part.contains(u"text"_s)) {
            partNames.append(u"text"_s);
        } else if (part.contains(u"inlineData"_s)) {
            const QJsonObject data = part.value(u"inlineData"_s).toObject();
            partNames.append(u"inlineData %1 %2 bytes"_s.arg(data.value(u"mimeType"_s).toString())
                                 .arg(base64DecodedSize(data.value(u"data"_s).toString())));
        } else if (part.contains(u"fileData"_s)) {
            const QJsonObject data = part.value(u"fileData"_s).toObject();
            const QString mimeType = data.value(u"mimeType"_s).toString();
            const QString label = fileLabels.value(data.value(u"fileUri"_s).toString());
            partNames.append((mimeType.isEmpty() ? u"fileData"_s : u"fileData "_s + mimeType)
                + (label.isEmpty() ? QString() : u' ' + label));
        } else if (part.contains(u"functionCall"_s) || part.contains(u"functionResponse"_s)) {
            const QString key = part.contains(u"functionCall"_s) ? u"functionCall"_s : u"functionResponse"_s;
            partNames.append(key + u' ' + part.value(key).toObject().value(u"name"_s).toString());
        } else {
            QStringList keys = part.keys();
            keys.removeAll(u"thoughtSignature"_s);
            keys.removeAll(u"thought"_s);
            partNames.append(keys.isEmpty() ? u"empty"_s : keys.first());
        }
    }
    const QString system = joinedText(request.value(u"systemInstruction"_s).toObject().value(u"parts"_s).toArray());
    const QJsonObject config = request.value(u"generationConfig"_s).toObject();
    return u"Echo: "_s + lastUserText + u"\n\nReceived "_s + QString::number(contents.size())
        + u" turn(s); last turn parts: "_s + partNames.join(u", "_s) + u"; system instruction: "_s
        + (system.isEmpty() ? u"none"_s : u"\""_s + system + u"\""_s) + u"; generationConfig: "_s + compactJson(config)
        + u"."_s;
}

int ReplyBuilder::effectiveChunkChars(int chunkChars, qsizetype textLength)
{
    if (chunkChars > 0)
        return chunkChars;
    return std::max<int>(defaultChunkChars, static_cast<int>((textLength + maxStreamEvents - 1) / maxStreamEvents));
}

QStringList ReplyBuilder::splitText(const QString &text, int chunkChars)
{
    QStringList pieces;
    const qsizetype size = text.size();
    const qsizetype step = std::max(1, chunkChars);
    qsizetype pos = 0;
    while (pos < size) {
        qsizetype end = std::min(size, pos + step);
        if (end < size) {
            // Prefer to end a piece after a space in its second half, as a tokenizer would.
            for (qsizetype k = end - 1; k > pos + step / 2; --k) {
                if (text.at(k).isSpace()) {
                    end = k + 1;
                    break;
                }
            }
            if (text.at(end - 1).isHighSurrogate())
                end = end - 1 > pos ? end - 1 : end + 1;
        }
        pieces.append(text.mid(pos, end - pos));
        pos = end;
    }
    return pieces;
}

QStringList ReplyBuilder::splitThought(const QString &thought)
{
    // Thought summaries arrive one section ("**Heading**\n\nParagraph\n\n\n") per chunk.
    QStringList pieces;
    qsizetype start = 0;
    while (start < thought.size()) {
        const qsizetype end = thought.indexOf(u"\n\n\n"_s, start);
        const qsizetype stop = end < 0 ? thought.size() : end + 3;
        pieces.append(thought.mid(start, stop - start));
        start = stop;
    }
    return pieces;
}

QString ReplyBuilder::defaultThought()
{
    return u"**Reading the request**\n\nI'm looking at the last user turn and the settings that came with it. "
           "Nothing in it needs a tool, so I can answer directly.\n\n\n"
           "**Planning the answer**\n\nThe answer will repeat what the server received, so the client can check "
           "every field it sent.\n\n\n"_s;
}

QString ReplyBuilder::thoughtSignature(const QString &seed)
{
    return QString::fromLatin1(digestStream("signature:" + seed.toUtf8(), 180).toBase64());
}

QString ReplyBuilder::responseId(const QByteArray &seed)
{
    const QByteArray digest = QCryptographicHash::hash(seed, QCryptographicHash::Sha256);
    return QString::fromLatin1(
        digest.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals).left(23));
}

QJsonArray ReplyBuilder::embeddingValues(const QString &text, int dimensions)
{
    const QByteArray bytes = digestStream("embedding:" + text.toUtf8(), dimensions * 4);
    QList<double> values;
    values.reserve(dimensions);
    double norm = 0;
    for (int i = 0; i < dimensions; ++i) {
        quint32 word = 0;
        for (int b = 0; b < 4; ++b)
            word = (word << 8) | static_cast<unsigned char>(bytes.at(i * 4 + b));
        const double value = static_cast<double>(word) / 2147483648.0 - 1.0;
        values.append(value);
        norm += value * value;
    }
    norm = std::sqrt(norm);
    QJsonArray array;
    for (double value : std::as_const(values))
        array.append(std::round(value / (norm > 0 ? norm : 1) * 1e9) / 1e9);
    return array;
}

QJsonObject ReplyBuilder::blockedPrompt()
{
    const auto rating = [](const QString &category, const QString &probability) {
        return QJsonObject {{u"category"_s, category}, {u"probability"_s, probability}};
    };
    return QJsonObject {
        {u"promptFeedback"_s,
            QJsonObject {
                {u"blockReason"_s, u"SAFETY"_s},
                {u"safetyRatings"_s,
                    QJsonArray {rating(u"HARM_CATEGORY_SEXUALLY_EXPLICIT"_s, u"NEGLIGIBLE"_s),
                        rating(u"HARM_CATEGORY_HATE_SPEECH"_s, u"HIGH"_s),
                        rating(u"HARM_CATEGORY_HARASSMENT"_s, u"NEGLIGIBLE"_s),
                        rating(u"HARM_CATEGORY_DANGEROUS_CONTENT"_s, u"NEGLIGIBLE"_s)}},
            }},
    };
}

QJsonObject ReplyBuilder::candidate(int index, const QJsonArray &parts)
{
    return QJsonObject {
        {u"content"_s, QJsonObject {{u"parts"_s, parts}, {u"role"_s, u"model"_s}}},
        {u"index"_s, index},
    };
}

QJsonObject ReplyBuilder::usage(int candidatesTokens, bool withCandidatesCount, int thoughtsTokens, bool final) const
{
    QJsonObject object {
        {u"promptTokenCount"_s, m_prompt.total},
        {u"totalTokenCount"_s, m_prompt.total + (withCandidatesCount ? candidatesTokens : 0) + thoughtsTokens},
        {u"promptTokensDetails"_s, m_prompt.details},
    };
    if (withCandidatesCount)
        object.insert(u"candidatesTokenCount"_s, candidatesTokens);
    if (thoughtsTokens > 0)
        object.insert(u"thoughtsTokenCount"_s, thoughtsTokens);
    else if (final && withCandidatesCount) // as gemini-2.0-flash does on its last chunk
        object.insert(u"candidatesTokensDetails"_s, QJsonArray {modalityCount(u"TEXT"_s, candidatesTokens)});
    return object;
}

QJsonObject ReplyBuilder::envelope(const QJsonArray &candidates, const QJsonObject &usageObject) const
{
    return QJsonObject {
        {u"candidates"_s, candidates},
        {u"usageMetadata"_s, usageObject},
        {u"modelVersion"_s, m_modelVersion},
        {u"responseId"_s, m_responseId},
    };
}

QList<QJsonObject> ReplyBuilder::streamChunks() const
{
    const QStringList answers = m_answers.isEmpty() ? QStringList {QString()} : m_answers;
    const int candidateCount = static_cast<int>(answers.size());
    QList<QJsonObject> chunks;

    qsizetype thoughtCharsSent = 0;
    if (!m_thought.isEmpty()) {
        const QStringList pieces = splitThought(m_thought);
        for (const QString &piece : pieces) {
            thoughtCharsSent += piece.size() * candidateCount;
            QJsonArray candidates;
            for (int i = 0; i < candidateCount; ++i)
                candidates.append(candidate(i, QJsonArray {QJsonObject {{u"text"_s, piece}, {u"thought"_s, true}}}));
            chunks.append(envelope(candidates, usage(0, false, textTokens(thoughtCharsSent), false)));
        }
    }
    const int thoughtsTokens = textTokens(thoughtCharsSent);
    const bool withSignatureChunk = !m_thought.isEmpty();

    QList<QStringList> answerPieces;
    qsizetype longest = 0;
    for (const QString &answer : answers)
        longest = std::max(longest, answer.size());
    const int chunkChars = effectiveChunkChars(m_chunkChars, longest);
    qsizetype events = 0;
    for (const QString &answer : answers) {
        answerPieces.append(splitText(answer, chunkChars));
        events = std::max(events, answerPieces.last().size());
    }
    events = std::max<qsizetype>(events, 1);

    qsizetype answerCharsSent = 0;
    for (qsizetype k = 0; k < events; ++k) {
        const bool last = k + 1 == events && !withSignatureChunk;
        QJsonArray candidates;
        for (int i = 0; i < candidateCount; ++i) {
            const QStringList &pieces = answerPieces.at(i);
            if (k >= pieces.size() && !last)
                continue;
            const QString piece = k < pieces.size() ? pieces.at(k) : QString();
            answerCharsSent += piece.size();
            QJsonObject entry = candidate(i, QJsonArray {QJsonObject {{u"text"_s, piece}}});
            if (last && !m_finishReason.isEmpty())
                entry.insert(u"finishReason"_s, m_finishReason);
            candidates.append(entry);
        }
        // candidatesTokenCount is absent in the first chunk, unless it is also the last one.
        const bool withCount = !chunks.isEmpty() || last;
        chunks.append(envelope(candidates, usage(textTokens(answerCharsSent), withCount, thoughtsTokens, last)));
    }
    if (withSignatureChunk) {
        QJsonArray candidates;
        for (int i = 0; i < candidateCount; ++i) {
            QJsonObject entry = candidate(i,
                QJsonArray {QJsonObject {{u"text"_s, QString()},
                    {u"thoughtSignature"_s, thoughtSignature(m_signatureSeed + QString::number(i))}}});
            if (!m_finishReason.isEmpty())
                entry.insert(u"finishReason"_s, m_finishReason);
            candidates.append(entry);
        }
        chunks.append(envelope(candidates, usage(textTokens(answerCharsSent), true, thoughtsTokens, true)));
    }
    return chunks;
}

QJsonObject ReplyBuilder::unaryResponse() const
{
    const QStringList answers = m_answers.isEmpty() ? QStringList {QString()} : m_answers;
    const int candidateCount = static_cast<int>(answers.size());
    QJsonArray candidates;
    qsizetype answerChars = 0;
    for (int i = 0; i < candidateCount; ++i) {
        QJsonArray parts;
        if (!m_thought.isEmpty())
            parts.append(QJsonObject {{u"text"_s, m_thought}, {u"thought"_s, true}});
        QJsonObject answer {{u"text"_s, answers.at(i)}};
        if (!m_thought.isEmpty())
            answer.insert(u"thoughtSignature"_s, thoughtSignature(m_signatureSeed + QString::number(i)));
        parts.append(answer);
        answerChars += answers.at(i).size();
        QJsonObject entry = candidate(i, parts);
        if (!m_finishReason.isEmpty())
            entry.insert(u"finishReason"_s, m_finishReason);
        candidates.append(entry);
    }
    const int thoughtsTokens = m_thought.isEmpty() ? 0 : textTokens(m_thought.size() * candidateCount);
    return envelope(candidates, usage(textTokens(answerChars), true, thoughtsTokens, true));
}

QJsonObject ReplyBuilder::mergeChunks(const QList<QJsonObject> &chunks)
{
    if (chunks.isEmpty())
        return {};
    QJsonObject result = chunks.last();
    QMap<int, QJsonObject> candidates; // by index
    QMap<int, QJsonArray> parts;
    for (const QJsonObject &chunk : chunks) {
        const QJsonArray chunkCandidates = chunk.value(u"candidates"_s).toArray();
        for (const QJsonValue &value : chunkCandidates) {
            const QJsonObject entry = value.toObject();
            const int index = entry.value(u"index"_s).toInt();
            QJsonObject &merged = candidates[index];
            for (auto it = entry.begin(); it != entry.end(); ++it) {
                if (it.key() != u"content"_s)
                    merged.insert(it.key(), it.value());
            }
            const QJsonObject content = entry.value(u"content"_s).toObject();
            QJsonArray &mergedParts = parts[index];
            const QJsonArray newParts = content.value(u"parts"_s).toArray();
            for (const QJsonValue &partValue : newParts) {
                const QJsonObject part = partValue.toObject();
                const bool plainText = part.contains(u"text"_s)
                    && (part.size() == 1
                        || (part.size() == 2 && (part.contains(u"thought"_s) || part.contains(u"thoughtSignature"_s)))
                        || (part.size() == 3 && part.contains(u"thought"_s) && part.contains(u"thoughtSignature"_s)));
                if (plainText && !mergedParts.isEmpty()) {
                    QJsonObject previous = mergedParts.last().toObject();
                    if (previous.contains(u"text"_s) && !previous.contains(u"thoughtSignature"_s)
                        && previous.value(u"thought"_s).toBool() == part.value(u"thought"_s).toBool()) {
                        previous.insert(u"text"_s,
                            QString(previous.value(u"text"_s).toString() + part.value(u"text"_s).toString()));
                        if (part.contains(u"thoughtSignature"_s))
                            previous.insert(u"thoughtSignature"_s, part.value(u"thoughtSignature"_s));
                        mergedParts.replace(mergedParts.size() - 1, previous);
                        continue;
                    }
                }
                mergedParts.append(part);
            }
            if (content.contains(u"role"_s) || !merged.contains(u"content"_s))
                merged.insert(u"content"_s, QJsonObject {{u"role"_s, content.value(u"role"_s).toString(u"model"_s)}});
        }
    }
    if (!candidates.isEmpty()) {
        QJsonArray mergedCandidates;
        for (auto it = candidates.begin(); it != candidates.end(); ++it) {
            QJsonObject entry = it.value();
            QJsonObject content = entry.value(u"content"_s).toObject();
            if (!parts.value(it.key()).isEmpty())
                content.insert(u"parts"_s, parts.value(it.key()));
            entry.insert(u"content"_s, content);
            mergedCandidates.append(entry);
        }
        result.insert(u"candidates"_s, mergedCandidates);
    }
    return result;
}
