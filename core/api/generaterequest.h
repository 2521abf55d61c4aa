#pragma once

#include "content.h"
#include "generationconfig.h"
#include "safety.h"
#include "tools.h"

#include <QJsonObject>
#include <QList>

#include <optional>

// GenerateContentRequest (gemini-api.md §3.1), shared by generateContent, streamGenerateContent and
// countTokens. Fields left unset are not sent.
struct GenerateContentRequest
{
    QList<Content> contents;
    std::optional<Content> systemInstruction;
    GenerationConfig generationConfig;
    QList<SafetySetting> safetySettings;
    Tools tools;
    std::optional<QJsonObject> toolConfig;
    QString cachedContent; // cachedContents/{id}

    static GenerateContentRequest fromPrompt(const QString &prompt);

    QJsonObject toJson() const;
    static GenerateContentRequest fromJson(const QJsonObject &json);

    friend bool operator==(const GenerateContentRequest &, const GenerateContentRequest &) = default;
};
