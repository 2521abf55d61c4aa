#include "generateresponse.h"

#include "jsonutil.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

GroundingMetadata GroundingMetadata::fromJson(const QJsonObject &json)
{
    GroundingMetadata g;
    g.raw = json;
    g.webSearchQueries = JsonUtil::stringList(json, "webSearchQueries"_L1);
    for (const QJsonValue &v : json.value("groundingChunks"_L1).toArray()) {
        const QJsonObject chunk = v.toObject();
        // web{uri,title}; retrievedContext and maps carry the same two fields
        QJsonObject source = chunk.value("web"_L1).toObject();
        if (source.isEmpty())
            source = chunk.value("retrievedContext"_L1).toObject();
        if (source.isEmpty())
            source = chunk.value("maps"_L1).toObject();
        g.chunks.append({source.value("uri"_L1).toString(), source.value("title"_L1).toString()});
    }
    for (const QJsonValue &v : json.value("groundingSupports"_L1).toArray()) {
        const QJsonObject o = v.toObject();
        const QJsonObject segment = o.value("segment"_L1).toObject();
        GroundingSupport s;
        s.partIndex = JsonUtil::optInt(segment, "partIndex"_L1).value_or(0);
        s.startIndex = JsonUtil::optInt(segment, "startIndex"_L1).value_or(0);
        s.endIndex = JsonUtil::optInt(segment, "endIndex"_L1).value_or(0);
        s.text = segment.value("text"_L1).toString();
        for (const QJsonValue &i : o.value("groundingChunkIndices"_L1).toArray())
            s.chunkIndices.append(i.toInt());
        for (const QJsonValue &c : o.value("confidenceScores"_L1).toArray())
            s.confidenceScores.append(c.toDouble());
        g.supports.append(s);
    }
    g.searchEntryPointHtml = json.value("searchEntryPoint"_L1).toObject().value("renderedContent"_L1).toString();
    return g;
}

QJsonObject Candidate::toJson() const
{
    QJsonObject o;
    if (!content.parts.isEmpty() || !content.role.isEmpty())
        o.insert("content"_L1, content.toJson());
    JsonUtil::putString(o, "finishReason"_L1, finishReason);
    JsonUtil::putString(o, "finishMessage"_L1, finishMessage);
    if (index != 0)
        o.insert("index"_L1, index);
    if (!safetyRatings.isEmpty()) {
        QJsonArray a;
        for (const SafetyRating &r : safetyRatings)
            a.append(r.toJson());
        o.insert("safetyRatings"_L1, a);
    }
    if (!citations.isEmpty()) {
        QJsonArray a;
        for (const CitationSource &c : citations) {
            QJsonObject s;
            JsonUtil::putOpt(s, "startIndex"_L1, c.startIndex);
            JsonUtil::putOpt(s, "endIndex"_L1, c.endIndex);
            JsonUtil::putString(s, "uri"_L1, c.uri);
            JsonUtil::putString(s, "title"_L1, c.title);
            JsonUtil::putString(s, "license"_L1, c.license);
            a.append(s);
        }
        o.insert("citationMetadata"_L1, QJsonObject {{"citationSources"_L1, a}});
    }
    if (!groundingMetadata.isEmpty())
        o.insert("groundingMetadata"_L1, groundingMetadata.raw);
    if (!urlContextMetadata.isEmpty())
        o.insert("urlContextMetadata"_L1, urlContextMetadata);
    JsonUtil::putOpt(o, "avgLogprobs"_L1, avgLogprobs);
    if (!logprobsResult.isEmpty())
        o.insert("logprobsResult"_L1, logprobsResult);
    return o;
}

Candidate Candidate::fromJson(const QJsonObject &json)
{
    Candidate c;
    c.index = JsonUtil::optInt(json, "index"_L1).value_or(0);
    c.content = Content::fromJson(json.value("content"_L1).toObject());
    c.finishReason = json.value("finishReason"_L1).toString();
    c.finishMessage = json.value("finishMessage"_L1).toString();
    c.safetyRatings = SafetyRating::listFromJson(json.value("safetyRatings"_L1).toArray());
    const QJsonObject citations = json.value("citationMetadata"_L1).toObject();
    // "citationSources" on the Gemini API; Vertex spells it "citations"
    QJsonArray sources = citations.value("citationSources"_L1).toArray();
    if (sources.isEmpty())
        sources = citations.value("citations"_L1).toArray();
    for (const QJsonValue &v : sources) {
        const QJsonObject s = v.toObject();
        c.citations.append({JsonUtil::optInt(s, "startIndex"_L1), JsonUtil::optInt(s, "endIndex"_L1),
            s.value("uri"_L1).toString(), s.value("title"_L1).toString(), s.value("license"_L1).toString()});
    }
    if (const QJsonValue g = json.value("groundingMetadata"_L1); g.isObject())
        c.groundingMetadata = GroundingMetadata::fromJson(g.toObject());
    c.urlContextMetadata = json.value("urlContextMetadata"_L1).toObject();
    c.avgLogprobs = JsonUtil::optDouble(json, "avgLogprobs"_L1);
    c.logprobsResult = json.value("logprobsResult"_L1).toObject();
    return c;
}

bool PromptFeedback::isBlocked() const
{
    return !blockReason.isEmpty() && blockReason != "BLOCK_REASON_UNSPECIFIED"_L1;
}

PromptFeedback PromptFeedback::fromJson(const QJsonObject &json)
{
    return PromptFeedback {json.value("blockReason"_L1).toString(), json.value("blockReasonMessage"_L1).toString(),
        SafetyRating::listFromJson(json.value("safetyRatings"_L1).toArray())};
}

QJsonObject PromptFeedback::toJson() const
{
    QJsonObject o;
    JsonUtil::putString(o, "blockReason"_L1, blockReason);
    JsonUtil::putString(o, "blockReasonMessage"_L1, blockReasonMessage);
    if (!safetyRatings.isEmpty()) {
        QJsonArray a;
        for (const SafetyRating &r : safetyRatings)
            a.append(r.toJson());
        o.insert("safetyRatings"_L1, a);
    }
    return o;
}

QString GenerateContentResponse::text() const
{
    const Candidate *c = candidate(0);
    return c ? c->content.text() : QString();
}

const Candidate *GenerateContentResponse::candidate(int index) const
{
    for (const Candidate &c : candidates) {
        if (c.index == index)
            return &c;
    }
    return nullptr;
}

bool GenerateContentResponse::hasFinishReason() const
{
    for (const Candidate &c : candidates) {
        if (!c.finishReason.isEmpty())
            return true;
    }
    return false;
}

QJsonObject GenerateContentResponse::toJson() const
{
    QJsonObject o;
    if (!candidates.isEmpty()) {
        QJsonArray a;
        for (const Candidate &c : candidates)
            a.append(c.toJson());
        o.insert("candidates"_L1, a);
    }
    if (promptFeedback)
        o.insert("promptFeedback"_L1, promptFeedback->toJson());
    if (usageMetadata)
        o.insert("usageMetadata"_L1, usageMetadata->toJson());
    JsonUtil::putString(o, "modelVersion"_L1, modelVersion);
    JsonUtil::putString(o, "responseId"_L1, responseId);
    return o;
}

GenerateContentResponse GenerateContentResponse::fromJson(const QJsonObject &json)
{
    GenerateContentResponse r;
    const QJsonArray candidates = JsonUtil::array(json, "candidates"_L1);
    r.candidates.reserve(candidates.size());
    for (const QJsonValue &v : candidates)
        r.candidates.append(Candidate::fromJson(v.toObject()));
    if (const QJsonValue f = json.value("promptFeedback"_L1); f.isObject())
        r.promptFeedback = PromptFeedback::fromJson(f.toObject());
    if (const QJsonValue u = json.value("usageMetadata"_L1); u.isObject())
        r.usageMetadata = UsageMetadata::fromJson(u.toObject());
    r.modelVersion = json.value("modelVersion"_L1).toString();
    r.responseId = json.value("responseId"_L1).toString();
    return r;
}
