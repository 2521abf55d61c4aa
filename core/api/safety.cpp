#include "safety.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Safety)
};
} // namespace

QJsonObject SafetySetting::toJson() const
{
    return QJsonObject {{"category"_L1, category}, {"threshold"_L1, threshold}};
}

SafetySetting SafetySetting::fromJson(const QJsonObject &json)
{
    return SafetySetting {json.value("category"_L1).toString(), json.value("threshold"_L1).toString()};
}

QJsonObject SafetyRating::toJson() const
{
    QJsonObject o {{"category"_L1, category}, {"probability"_L1, probability}};
    if (blocked)
        o.insert("blocked"_L1, true);
    return o;
}

SafetyRating SafetyRating::fromJson(const QJsonObject &json)
{
    return SafetyRating {json.value("category"_L1).toString(), json.value("probability"_L1).toString(),
        json.value("blocked"_L1).toBool()};
}

QList<SafetyRating> SafetyRating::listFromJson(const QJsonArray &array)
{
    QList<SafetyRating> out;
    out.reserve(array.size());
    for (const QJsonValue &v : array)
        out.append(fromJson(v.toObject()));
    return out;
}

namespace Safety {

QList<QString> categories()
{
    return {u"HARM_CATEGORY_HARASSMENT"_s, u"HARM_CATEGORY_HATE_SPEECH"_s, u"HARM_CATEGORY_SEXUALLY_EXPLICIT"_s,
        u"HARM_CATEGORY_DANGEROUS_CONTENT"_s, u"HARM_CATEGORY_CIVIC_INTEGRITY"_s};
}

QList<QString> thresholds()
{
    return {u"OFF"_s, u"BLOCK_NONE"_s, u"BLOCK_ONLY_HIGH"_s, u"BLOCK_MEDIUM_AND_ABOVE"_s, u"BLOCK_LOW_AND_ABOVE"_s};
}

QString categoryDisplayName(const QString &category)
{
    if (category == "HARM_CATEGORY_HARASSMENT"_L1)
        return Tr::tr("harassment");
    if (category == "HARM_CATEGORY_HATE_SPEECH"_L1)
        return Tr::tr("hate speech");
    if (category == "HARM_CATEGORY_SEXUALLY_EXPLICIT"_L1)
        return Tr::tr("sexually explicit content");
    if (category == "HARM_CATEGORY_DANGEROUS_CONTENT"_L1)
        return Tr::tr("dangerous content");
    if (category == "HARM_CATEGORY_CIVIC_INTEGRITY"_L1)
        return Tr::tr("civic integrity");
    QString readable = category;
    if (readable.startsWith("HARM_CATEGORY_"_L1))
        readable.remove(0, 14);
    return readable.replace(u'_', u' ').toLower();
}

} // namespace Safety
