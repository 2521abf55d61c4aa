#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>

// Small helpers for the proto3 JSON mapping that Gemini speaks (gemini-api.md §1.6): every field is
// optional, int64 values arrive as strings, repeated fields may arrive as a single object, and unset
// fields must not be sent.
namespace JsonUtil {

std::optional<int> optInt(const QJsonObject &o, QLatin1StringView key);
std::optional<qint64> optInt64(const QJsonObject &o, QLatin1StringView key); // number or decimal string
std::optional<double> optDouble(const QJsonObject &o, QLatin1StringView key);
std::optional<bool> optBool(const QJsonObject &o, QLatin1StringView key);
QString string(const QJsonObject &o, QLatin1StringView key);
QStringList stringList(const QJsonObject &o, QLatin1StringView key);

// A repeated field: an array, or a single object tolerated as a one-element array.
QJsonArray array(const QJsonObject &o, QLatin1StringView key);

// Reads a field by its lowerCamelCase name, falling back to the proto snake_case name.
QJsonValue field(const QJsonObject &o, QLatin1StringView camel, QLatin1StringView snake);

template<typename T> void putOpt(QJsonObject &o, QLatin1StringView key, const std::optional<T> &v)
{
    if (v)
        o.insert(key, *v);
}
void putString(QJsonObject &o, QLatin1StringView key, const QString &v);         // only when non-empty
void putStringList(QJsonObject &o, QLatin1StringView key, const QStringList &v); // only when non-empty

// Durations are strings with an "s" suffix ("32s", "3.5s"); returns milliseconds.
std::optional<qint64> parseDurationMs(const QString &text);

} // namespace JsonUtil
