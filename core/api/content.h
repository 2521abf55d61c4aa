#pragma once

#include "part.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

// A turn of the conversation: a role ("user" or "model"; empty for a system instruction) and its parts.
struct Content
{
    QString role;
    QList<Part> parts;

    static Content user(const QString &text);
    static Content model(const QString &text);

    // The text of all non-thought text parts, joined.
    QString text() const;
    // The text of all thought-summary parts, joined.
    QString thoughtText() const;
    bool isEmpty() const { return parts.isEmpty(); }

    QJsonObject toJson() const;
    static Content fromJson(const QJsonObject &json);

    friend bool operator==(const Content &, const Content &) = default;
};

Q_DECLARE_METATYPE(Content)
