#include "content.h"

#include "jsonutil.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

Content Content::user(const QString &text)
{
    return Content {u"user"_s, {Part::fromText(text)}};
}

Content Content::model(const QString &text)
{
    return Content {u"model"_s, {Part::fromText(text)}};
}

QString Content::text() const
{
    QString out;
    for (const Part &p : parts) {
        if (p.isText() && !p.thought)
            out += p.text;
    }
    return out;
}

QString Content::thoughtText() const
{
    QString out;
    for (const Part &p : parts) {
        if (p.isText() && p.thought)
            out += p.text;
    }
    return out;
}

QJsonObject Content::toJson() const
{
    QJsonObject o;
    JsonUtil::putString(o, "role"_L1, role);
    QJsonArray a;
    for (const Part &p : parts)
        a.append(p.toJson());
    o.insert("parts"_L1, a);
    return o;
}

Content Content::fromJson(const QJsonObject &json)
{
    Content c;
    c.role = json.value("role"_L1).toString();
    const QJsonArray parts = JsonUtil::array(json, "parts"_L1);
    c.parts.reserve(parts.size());
    for (const QJsonValue &v : parts) {
        if (v.isObject())
            c.parts.append(Part::fromJson(v.toObject()));
    }
    return c;
}
