#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

// Serialises JSON the way Google's front end does, which QJsonDocument cannot:
//  * pretty: 2-space indent, `"key": value`, empty containers as `{}` / `[]` (no trailing newline
//    here; callers add the `\n` a unary body ends with);
//  * halfCompact: one line, `": "` after keys but `,` with no space (the SSE style);
//  * keys in the server's field order (proto declaration order) instead of QJsonObject's
//    alphabetical order; keys the table does not know follow in alphabetical order;
//  * raw UTF-8 for non-ASCII, `<` and `>` escaped as \u003c / \u003e like the real server.
class JsonWriter final
{
public:
    static QByteArray pretty(const QJsonValue &value);
    static QByteArray halfCompact(const QJsonValue &value);
    static QByteArray pretty(const QJsonObject &object) { return pretty(QJsonValue(object)); }
    // With `leadingKeys` first, in that order, in every object; other keys follow as usual. For
    // messages whose field order conflicts with the global table (File: displayName before mimeType).
    static QByteArray pretty(const QJsonValue &value, const QStringList &leadingKeys);
    static QByteArray halfCompact(const QJsonObject &object) { return halfCompact(QJsonValue(object)); }

    // The keys of `object` in the order the writer emits them.
    static QStringList orderedKeys(const QJsonObject &object, const QStringList *leadingKeys = nullptr);
    static QByteArray number(double value);
    static void appendString(QByteArray &out, const QString &text);

private:
    static void writePretty(QByteArray &out, const QJsonValue &value, int indent, const QStringList *leadingKeys);
    static void writeHalfCompact(QByteArray &out, const QJsonValue &value);
};
