#include "usagemetadata.h"

#include "jsonutil.h"

using namespace Qt::StringLiterals;

QList<ModalityTokenCount> ModalityTokenCount::listFromJson(const QJsonArray &array)
{
    QList<ModalityTokenCount> out;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        out.append({o.value("modality"_L1).toString(), JsonUtil::optInt(o, "tokenCount"_L1).value_or(0)});
    }
    return out;
}

QJsonArray ModalityTokenCount::listToJson(const QList<ModalityTokenCount> &list)
{
    QJsonArray a;
    for (const ModalityTokenCount &m : list)
        a.append(QJsonObject {{"modality"_L1, m.modality}, {"tokenCount"_L1, m.tokenCount}});
    return a;
}

QJsonObject UsageMetadata::toJson() const
{
    QJsonObject o;
    auto putCount = [&](QLatin1StringView key, int v) {
        if (v != 0)
            o.insert(key, v);
    };
    auto putDetails = [&](QLatin1StringView key, const QList<ModalityTokenCount> &v) {
        if (!v.isEmpty())
            o.insert(key, ModalityTokenCount::listToJson(v));
    };
    putCount("promptTokenCount"_L1, promptTokenCount);
    putCount("candidatesTokenCount"_L1, candidatesTokenCount);
    putCount("totalTokenCount"_L1, totalTokenCount);
    putCount("cachedContentTokenCount"_L1, cachedContentTokenCount);
    putCount("thoughtsTokenCount"_L1, thoughtsTokenCount);
    putCount("toolUsePromptTokenCount"_L1, toolUsePromptTokenCount);
    putDetails("promptTokensDetails"_L1, promptTokensDetails);
    putDetails("candidatesTokensDetails"_L1, candidatesTokensDetails);
    putDetails("cacheTokensDetails"_L1, cacheTokensDetails);
    putDetails("toolUsePromptTokensDetails"_L1, toolUsePromptTokensDetails);
    JsonUtil::putString(o, "serviceTier"_L1, serviceTier);
    return o;
}

UsageMetadata UsageMetadata::fromJson(const QJsonObject &json)
{
    UsageMetadata u;
    u.promptTokenCount = JsonUtil::optInt(json, "promptTokenCount"_L1).value_or(0);
    u.candidatesTokenCount = JsonUtil::optInt(json, "candidatesTokenCount"_L1).value_or(0);
    u.totalTokenCount = JsonUtil::optInt(json, "totalTokenCount"_L1).value_or(0);
    u.cachedContentTokenCount = JsonUtil::optInt(json, "cachedContentTokenCount"_L1).value_or(0);
    u.thoughtsTokenCount = JsonUtil::optInt(json, "thoughtsTokenCount"_L1).value_or(0);
    u.toolUsePromptTokenCount = JsonUtil::optInt(json, "toolUsePromptTokenCount"_L1).value_or(0);
    u.promptTokensDetails = ModalityTokenCount::listFromJson(json.value("promptTokensDetails"_L1).toArray());
    if (u.promptTokensDetails.isEmpty()) // batchEmbedContents spells it "promptTokenDetails" (§6.2)
        u.promptTokensDetails = ModalityTokenCount::listFromJson(json.value("promptTokenDetails"_L1).toArray());
    u.candidatesTokensDetails = ModalityTokenCount::listFromJson(json.value("candidatesTokensDetails"_L1).toArray());
    u.cacheTokensDetails = ModalityTokenCount::listFromJson(json.value("cacheTokensDetails"_L1).toArray());
    u.toolUsePromptTokensDetails
        = ModalityTokenCount::listFromJson(json.value("toolUsePromptTokensDetails"_L1).toArray());
    u.serviceTier = json.value("serviceTier"_L1).toString();
    return u;
}
