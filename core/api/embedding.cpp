#include "embedding.h"

#include "jsonutil.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {
QList<float> valuesFromJson(const QJsonObject &embedding)
{
    const QJsonArray values = embedding.value("values"_L1).toArray();
    QList<float> out;
    out.reserve(values.size());
    for (const QJsonValue &v : values)
        out.append(float(v.toDouble()));
    return out;
}
} // namespace

EmbedContentRequest EmbedContentRequest::fromText(const QString &text)
{
    EmbedContentRequest r;
    r.content.parts.append(Part::fromText(text));
    return r;
}

QJsonObject EmbedContentRequest::toJson(const QString &modelResourceName) const
{
    QJsonObject o;
    o.insert("model"_L1, modelResourceName);
    Content c = content;
    c.role.clear();
    o.insert("content"_L1, c.toJson());
    JsonUtil::putString(o, "taskType"_L1, taskType);
    JsonUtil::putString(o, "title"_L1, title);
    JsonUtil::putOpt(o, "outputDimensionality"_L1, outputDimensionality);
    return o;
}

EmbeddingResult EmbeddingResult::fromEmbedJson(const QJsonObject &json)
{
    EmbeddingResult r;
    r.embeddings.append(valuesFromJson(json.value("embedding"_L1).toObject()));
    return r;
}

EmbeddingResult EmbeddingResult::fromBatchJson(const QJsonObject &json)
{
    EmbeddingResult r;
    for (const QJsonValue &v : json.value("embeddings"_L1).toArray())
        r.embeddings.append(valuesFromJson(v.toObject()));
    if (const QJsonValue u = json.value("usageMetadata"_L1); u.isObject())
        r.usageMetadata = UsageMetadata::fromJson(u.toObject());
    return r;
}
