#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

struct ThinkingConfig
{
    std::optional<bool> includeThoughts;
    std::optional<int> thinkingBudget; // 0 = off, -1 = dynamic
    QString thinkingLevel;             // MINIMAL, LOW, MEDIUM, HIGH (Gemini 3)

    bool isEmpty() const { return !includeThoughts && !thinkingBudget && thinkingLevel.isEmpty(); }
    friend bool operator==(const ThinkingConfig &, const ThinkingConfig &) = default;
};

// generationConfig (gemini-api.md §3.1). Every field is optional; an unset field is not sent, so the
// server's (model's) default applies.
struct GenerationConfig
{
    static constexpr int MaxStopSequences = 5;

    QStringList stopSequences;
    std::optional<int> candidateCount;
    std::optional<int> maxOutputTokens;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> topK;
    std::optional<int> seed;
    std::optional<double> presencePenalty;
    std::optional<double> frequencyPenalty;
    QString responseMimeType;                      // text/plain, application/json, text/x.enum
    std::optional<QJsonObject> responseSchema;     // OpenAPI subset
    std::optional<QJsonObject> responseJsonSchema; // JSON Schema (never both)
    std::optional<bool> responseLogprobs;
    std::optional<int> logprobs;
    QStringList responseModalities;
    QString mediaResolution;
    std::optional<ThinkingConfig> thinkingConfig;
    std::optional<QJsonObject> speechConfig;
    std::optional<QJsonObject> imageConfig;
    std::optional<bool> enableEnhancedCivicAnswers;

    bool isEmpty() const { return toJson().isEmpty(); }

    // Problems that the server would reject, in plain words; empty when the config is valid.
    QStringList validate() const;

    QJsonObject toJson() const;
    static GenerationConfig fromJson(const QJsonObject &json);

    friend bool operator==(const GenerationConfig &, const GenerationConfig &) = default;
};
