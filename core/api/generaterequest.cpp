#include "generaterequest.h"

#include "jsonutil.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

GenerateContentRequest GenerateContentRequest::fromPrompt(const QString &prompt)
{
    GenerateContentRequest r;
    r.contents.append(Content::user(prompt));
    return r;
}

QJsonObject GenerateContentRequest::toJson() const
{
    QJsonObject o;
    QJsonArray turns;
    for (const Content &c : contents)
        turns.append(c.toJson());
    o.insert("contents"_L1, turns);
    if (systemInstruction && !systemInstruction->isEmpty()) {
        Content system = *systemInstruction;
        system.role.clear(); // the role of a system instruction is ignored; send none
        o.insert("systemInstruction"_L1, system.toJson());
    }
    if (const QJsonArray toolList = tools.toJson(); !toolList.isEmpty())
        o.insert("tools"_L1, toolList);
    JsonUtil::putOpt(o, "toolConfig"_L1, toolConfig);
    if (!safetySettings.isEmpty()) {
        QJsonArray a;
        for (const SafetySetting &s : safetySettings)
            a.append(s.toJson());
        o.insert("safetySettings"_L1, a);
    }
    if (const QJsonObject config = generationConfig.toJson(); !config.isEmpty())
        o.insert("generationConfig"_L1, config);
    JsonUtil::putString(o, "cachedContent"_L1, cachedContent);
    return o;
}

GenerateContentRequest GenerateContentRequest::fromJson(const QJsonObject &json)
{
    using JsonUtil::field;
    GenerateContentRequest r;
    for (const QJsonValue &v : JsonUtil::array(json, "contents"_L1))
        r.contents.append(Content::fromJson(v.toObject()));
    if (const QJsonValue s = field(json, "systemInstruction"_L1, "system_instruction"_L1); s.isObject())
        r.systemInstruction = Content::fromJson(s.toObject());
    r.generationConfig
        = GenerationConfig::fromJson(field(json, "generationConfig"_L1, "generation_config"_L1).toObject());
    for (const QJsonValue &v : field(json, "safetySettings"_L1, "safety_settings"_L1).toArray())
        r.safetySettings.append(SafetySetting::fromJson(v.toObject()));
    r.tools = Tools::fromJson(JsonUtil::array(json, "tools"_L1));
    if (const QJsonValue t = field(json, "toolConfig"_L1, "tool_config"_L1); t.isObject())
        r.toolConfig = t.toObject();
    r.cachedContent = field(json, "cachedContent"_L1, "cached_content"_L1).toString();
    return r;
}
