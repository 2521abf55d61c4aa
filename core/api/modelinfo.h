#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// The Model resource (gemini-api.md §2.3).
struct ModelInfo
{
    QString name; // "models/gemini-2.5-flash"
    QString baseModelId;
    QString version;
    QString displayName;
    QString description;
    int inputTokenLimit = 0;
    int outputTokenLimit = 0;
    QStringList supportedGenerationMethods;
    std::optional<double> temperature;
    std::optional<double> maxTemperature;
    std::optional<double> topP;
    std::optional<int> topK; // absent: the model does not accept topK
    bool thinking = false;

    // "gemini-2.5-flash" for "models/gemini-2.5-flash".
    QString id() const;
    // streamGenerateContent is never listed: any model with generateContent can stream.
    bool supportsGenerateContent() const { return supportsMethod(QStringLiteral("generateContent")); }
    bool supportsMethod(const QString &method) const { return supportedGenerationMethods.contains(method); }

    QJsonObject toJson() const;
    static ModelInfo fromJson(const QJsonObject &json);
    friend bool operator==(const ModelInfo &, const ModelInfo &) = default;
};

struct ModelPage
{
    QList<ModelInfo> models;
    QString nextPageToken; // empty on the last page
    static ModelPage fromJson(const QJsonObject &json);
};

// Turns "gemini-2.5-flash", "models/gemini-2.5-flash" or "tunedModels/x" into a resource name.
QString modelResourceName(const QString &model);

Q_DECLARE_METATYPE(ModelInfo)
