#include "modelinfo.h"

#include "jsonutil.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QString ModelInfo::id() const
{
    return name.startsWith("models/"_L1) ? name.mid(7) : name;
}

QJsonObject ModelInfo::toJson() const
{
    QJsonObject o;
    o.insert("name"_L1, name);
    JsonUtil::putString(o, "baseModelId"_L1, baseModelId);
    JsonUtil::putString(o, "version"_L1, version);
    JsonUtil::putString(o, "displayName"_L1, displayName);
    JsonUtil::putString(o, "description"_L1, description);
    if (inputTokenLimit)
        o.insert("inputTokenLimit"_L1, inputTokenLimit);
    if (outputTokenLimit)
        o.insert("outputTokenLimit"_L1, outputTokenLimit);
    JsonUtil::putStringList(o, "supportedGenerationMethods"_L1, supportedGenerationMethods);
    JsonUtil::putOpt(o, "temperature"_L1, temperature);
    JsonUtil::putOpt(o, "maxTemperature"_L1, maxTemperature);
    JsonUtil::putOpt(o, "topP"_L1, topP);
    JsonUtil::putOpt(o, "topK"_L1, topK);
    if (thinking)
        o.insert("thinking"_L1, true);
    return o;
}

ModelInfo ModelInfo::fromJson(const QJsonObject &json)
{
    ModelInfo m;
    m.name = json.value("name"_L1).toString();
    m.baseModelId = json.value("baseModelId"_L1).toString();
    m.version = json.value("version"_L1).toString();
    m.displayName = json.value("displayName"_L1).toString();
    m.description = json.value("description"_L1).toString();
    m.inputTokenLimit = JsonUtil::optInt(json, "inputTokenLimit"_L1).value_or(0);
    m.outputTokenLimit = JsonUtil::optInt(json, "outputTokenLimit"_L1).value_or(0);
    m.supportedGenerationMethods = JsonUtil::stringList(json, "supportedGenerationMethods"_L1);
    m.temperature = JsonUtil::optDouble(json, "temperature"_L1);
    m.maxTemperature = JsonUtil::optDouble(json, "maxTemperature"_L1);
    m.topP = JsonUtil::optDouble(json, "topP"_L1);
    m.topK = JsonUtil::optInt(json, "topK"_L1);
    m.thinking = json.value("thinking"_L1).toBool();
    return m;
}

ModelPage ModelPage::fromJson(const QJsonObject &json)
{
    ModelPage page;
    for (const QJsonValue &v : JsonUtil::array(json, "models"_L1))
        page.models.append(ModelInfo::fromJson(v.toObject()));
    page.nextPageToken = json.value("nextPageToken"_L1).toString();
    return page;
}

QString modelResourceName(const QString &model)
{
    const QString m = model.trimmed();
    if (m.startsWith("models/"_L1) || m.startsWith("tunedModels/"_L1))
        return m;
    return "models/"_L1 + m;
}
