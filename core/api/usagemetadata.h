#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

struct ModalityTokenCount
{
    QString modality; // TEXT, IMAGE, VIDEO, AUDIO, DOCUMENT
    int tokenCount = 0;
    friend bool operator==(const ModalityTokenCount &, const ModalityTokenCount &) = default;

    static QList<ModalityTokenCount> listFromJson(const QJsonArray &array);
    static QJsonArray listToJson(const QList<ModalityTokenCount> &list);
};

// Token accounting of a response. In a stream these are running totals: take the last chunk's.
struct UsageMetadata
{
    int promptTokenCount = 0;
    int candidatesTokenCount = 0;
    int totalTokenCount = 0;
    int cachedContentTokenCount = 0; // a subset of the prompt tokens
    int thoughtsTokenCount = 0;
    int toolUsePromptTokenCount = 0;
    QList<ModalityTokenCount> promptTokensDetails;
    QList<ModalityTokenCount> candidatesTokensDetails;
    QList<ModalityTokenCount> cacheTokensDetails;
    QList<ModalityTokenCount> toolUsePromptTokensDetails;
    QString serviceTier;

    bool isEmpty() const { return *this == UsageMetadata {}; }

    QJsonObject toJson() const;
    static UsageMetadata fromJson(const QJsonObject &json);
    friend bool operator==(const UsageMetadata &, const UsageMetadata &) = default;
};

Q_DECLARE_METATYPE(UsageMetadata)
