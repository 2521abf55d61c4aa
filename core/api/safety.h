#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// A request-side safety setting: a harm category and the threshold at which to block.
struct SafetySetting
{
    QString category;  // HARM_CATEGORY_HARASSMENT, ...
    QString threshold; // BLOCK_NONE, BLOCK_ONLY_HIGH, BLOCK_MEDIUM_AND_ABOVE, BLOCK_LOW_AND_ABOVE, OFF

    QJsonObject toJson() const;
    static SafetySetting fromJson(const QJsonObject &json);
    friend bool operator==(const SafetySetting &, const SafetySetting &) = default;
};

// A response-side rating of one harm category.
struct SafetyRating
{
    QString category;
    QString probability;  // NEGLIGIBLE, LOW, MEDIUM, HIGH
    bool blocked = false; // true only on the rating that caused a block

    QJsonObject toJson() const;
    static SafetyRating fromJson(const QJsonObject &json);
    static QList<SafetyRating> listFromJson(const QJsonArray &array);
    friend bool operator==(const SafetyRating &, const SafetyRating &) = default;
};

namespace Safety {
// The harm categories a Gemini model accepts, in display order.
QList<QString> categories();
// The thresholds, from most permissive to strictest.
QList<QString> thresholds();
// "HARM_CATEGORY_HATE_SPEECH" -> "hate speech"; unknown values are made readable, not dropped.
QString categoryDisplayName(const QString &category);
} // namespace Safety
