#include "jsonutil.h"

#include <cmath>

namespace JsonUtil {

std::optional<int> optInt(const QJsonObject &o, QLatin1StringView key)
{
    const auto v = optInt64(o, key);
    if (!v || *v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max())
        return std::nullopt;
    return int(*v);
}

std::optional<qint64> optInt64(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble()) {
        const double d = v.toDouble();
        if (!std::isfinite(d) || std::abs(d) > 9.0e15)
            return std::nullopt;
        return qint64(d);
    }
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        if (ok)
            return n;
    }
    return std::nullopt;
}

std::optional<double> optDouble(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) { // proto3 JSON allows "NaN", "Infinity" and numeric strings
        bool ok = false;
        const double d = v.toString().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

std::optional<bool> optBool(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    if (v.isBool())
        return v.toBool();
    return std::nullopt;
}

QString string(const QJsonObject &o, QLatin1StringView key)
{
    return o.value(key).toString();
}

QStringList stringList(const QJsonObject &o, QLatin1StringView key)
{
    QStringList out;
    const QJsonValue v = o.value(key);
    if (v.isString())
        return {v.toString()};
    const QJsonArray a = v.toArray();
    out.reserve(a.size());
    for (const QJsonValue &e : a) {
        if (e.isString())
            out.append(e.toString());
    }
    return out;
}

QJsonArray array(const QJsonObject &o, QLatin1StringView key)
{
    const QJsonValue v = o.value(key);
    if (v.isArray())
        return v.toArray();
    if (v.isObject())
        return QJsonArray {v};
    return {};
}

QJsonValue field(const QJsonObject &o, QLatin1StringView camel, QLatin1StringView snake)
{
    const auto it = o.constFind(camel);
    if (it != o.constEnd())
        return *it;
    return o.value(snake);
}

void putString(QJsonObject &o, QLatin1StringView key, const QString &v)
{
    if (!v.isEmpty())
        o.insert(key, v);
}

void putStringList(QJsonObject &o, QLatin1StringView key, const QStringList &v)
{
    if (!v.isEmpty())
        o.insert(key, QJsonArray::fromStringList(v));
}

std::optional<qint64> parseDurationMs(const QString &text)
{
    QString t = text.trimmed();
    if (!t.endsWith(u's'))
        return std::nullopt;
    t.chop(1);
    bool ok = false;
    const double seconds = t.toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds < 0 || seconds > 1.0e9)
        return std::nullopt;
    return qint64(std::llround(seconds * 1000.0));
}

} // namespace JsonUtil
