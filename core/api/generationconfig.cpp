#include "generationconfig.h"

#include "jsonutil.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(GenerationConfig)
};

QJsonObject thinkingToJson(const ThinkingConfig &t)
{
    QJsonObject o;
    JsonUtil::putOpt(o, "includeThoughts"_L1, t.includeThoughts);
    JsonUtil::putOpt(o, "thinkingBudget"_L1, t.thinkingBudget);
    JsonUtil::putString(o, "thinkingLevel"_L1, t.thinkingLevel);
    return o;
}
} // namespace

QStringList GenerationConfig::validate() const
{
    QStringList problems;
    if (stopSequences.size() > MaxStopSequences)
        problems << Tr::tr("At most %1 stop sequences are allowed.").arg(MaxStopSequences);
    for (const QString &s : stopSequences) {
        if (s.isEmpty()) {
            problems << Tr::tr("A stop sequence cannot be empty.");
            break;
        }
    }
    if (candidateCount && (*candidateCount < 1 || *candidateCount > 8))
        problems << Tr::tr("The number of candidates must be between 1 and 8.");
    if (maxOutputTokens && *maxOutputTokens < 1)
        problems << Tr::tr("The maximum output tokens must be at least 1.");
    if (temperature && (*temperature < 0.0 || *temperature > 2.0))
        problems << Tr::tr("The temperature must be between 0 and 2.");
    if (topP && (*topP < 0.0 || *topP > 1.0))
        problems << Tr::tr("Top-p must be between 0 and 1.");
    if (topK && *topK < 1)
        problems << Tr::tr("Top-k must be at least 1.");
    if (presencePenalty && (*presencePenalty < -2.0 || *presencePenalty > 2.0))
        problems << Tr::tr("The presence penalty must be between -2 and 2.");
    if (frequencyPenalty && (*frequencyPenalty < -2.0 || *frequencyPenalty > 2.0))
        problems << Tr::tr("The frequency penalty must be between -2 and 2.");
    if (logprobs && (*logprobs < 0 || *logprobs > 20))
        problems << Tr::tr("Log probabilities must be between 0 and 20.");
    if (responseSchema && responseJsonSchema)
        problems << Tr::tr("Give either a response schema or a JSON schema, not both.");
    if ((responseSchema || responseJsonSchema) && responseMimeType != "application/json"_L1
        && responseMimeType != "text/x.enum"_L1)
        problems << Tr::tr("A response schema needs the response type application/json or text/x.enum.");
    if (thinkingConfig && thinkingConfig->thinkingBudget && *thinkingConfig->thinkingBudget < -1)
        problems << Tr::tr("The thinking budget must be -1 (dynamic), 0 (off) or a positive number.");
    return problems;
}

QJsonObject GenerationConfig::toJson() const
{
    QJsonObject o;
    JsonUtil::putStringList(o, "stopSequences"_L1, stopSequences);
    JsonUtil::putOpt(o, "candidateCount"_L1, candidateCount);
    JsonUtil::putOpt(o, "maxOutputTokens"_L1, maxOutputTokens);
    JsonUtil::putOpt(o, "temperature"_L1, temperature);
    JsonUtil::putOpt(o, "topP"_L1, topP);
    JsonUtil::putOpt(o, "topK"_L1, topK);
    JsonUtil::putOpt(o, "seed"_L1, seed);
    JsonUtil::putOpt(o, "presencePenalty"_L1, presencePenalty);
    JsonUtil::putOpt(o, "frequencyPenalty"_L1, frequencyPenalty);
    JsonUtil::putString(o, "responseMimeType"_L1, responseMimeType);
    JsonUtil::putOpt(o, "responseSchema"_L1, responseSchema);
    JsonUtil::putOpt(o, "responseJsonSchema"_L1, responseJsonSchema);
    JsonUtil::putOpt(o, "responseLogprobs"_L1, responseLogprobs);
    JsonUtil::putOpt(o, "logprobs"_L1, logprobs);
    JsonUtil::putStringList(o, "responseModalities"_L1, responseModalities);
    JsonUtil::putString(o, "mediaResolution"_L1, mediaResolution);
    if (thinkingConfig)
        o.insert("thinkingConfig"_L1, thinkingToJson(*thinkingConfig));
    JsonUtil::putOpt(o, "speechConfig"_L1, speechConfig);
    JsonUtil::putOpt(o, "imageConfig"_L1, imageConfig);
    JsonUtil::putOpt(o, "enableEnhancedCivicAnswers"_L1, enableEnhancedCivicAnswers);
    return o;
}

GenerationConfig GenerationConfig::fromJson(const QJsonObject &json)
{
    auto object = [&](QLatin1StringView key) -> std::optional<QJsonObject> {
        const QJsonValue v = json.value(key);
        if (v.isObject())
            return v.toObject();
        return std::nullopt;
    };
    GenerationConfig c;
    c.stopSequences = JsonUtil::stringList(json, "stopSequences"_L1);
    c.candidateCount = JsonUtil::optInt(json, "candidateCount"_L1);
    c.maxOutputTokens = JsonUtil::optInt(json, "maxOutputTokens"_L1);
    c.temperature = JsonUtil::optDouble(json, "temperature"_L1);
    c.topP = JsonUtil::optDouble(json, "topP"_L1);
    c.topK = JsonUtil::optInt(json, "topK"_L1);
    c.seed = JsonUtil::optInt(json, "seed"_L1);
    c.presencePenalty = JsonUtil::optDouble(json, "presencePenalty"_L1);
    c.frequencyPenalty = JsonUtil::optDouble(json, "frequencyPenalty"_L1);
    c.responseMimeType = JsonUtil::string(json, "responseMimeType"_L1);
    c.responseSchema = object("responseSchema"_L1);
    c.responseJsonSchema = object("responseJsonSchema"_L1);
    c.responseLogprobs = JsonUtil::optBool(json, "responseLogprobs"_L1);
    c.logprobs = JsonUtil::optInt(json, "logprobs"_L1);
    c.responseModalities = JsonUtil::stringList(json, "responseModalities"_L1);
    c.mediaResolution = JsonUtil::string(json, "mediaResolution"_L1);
    if (const auto t = object("thinkingConfig"_L1)) {
        ThinkingConfig tc;
        tc.includeThoughts = JsonUtil::optBool(*t, "includeThoughts"_L1);
        tc.thinkingBudget = JsonUtil::optInt(*t, "thinkingBudget"_L1);
        tc.thinkingLevel = JsonUtil::string(*t, "thinkingLevel"_L1);
        c.thinkingConfig = tc;
    }
    c.speechConfig = object("speechConfig"_L1);
    c.imageConfig = object("imageConfig"_L1);
    c.enableEnhancedCivicAnswers = JsonUtil::optBool(json, "enableEnhancedCivicAnswers"_L1);
    return c;
}
