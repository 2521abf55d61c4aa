#pragma once

#include "content.h"
#include "safety.h"
#include "usagemetadata.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

struct CitationSource
{
    std::optional<int> startIndex; // byte offsets into the UTF-8 text
    std::optional<int> endIndex;
    QString uri;
    QString title;
    QString license;
    friend bool operator==(const CitationSource &, const CitationSource &) = default;
};

struct GroundingChunk
{
    QString uri;
    QString title;
    friend bool operator==(const GroundingChunk &, const GroundingChunk &) = default;
};

struct GroundingSupport
{
    int partIndex = 0;
    int startIndex = 0; // byte offsets into the UTF-8 text of the part
    int endIndex = 0;
    QString text;
    QList<int> chunkIndices;
    QList<double> confidenceScores;
    friend bool operator==(const GroundingSupport &, const GroundingSupport &) = default;
};

// Google Search grounding. searchEntryPointHtml is server-made HTML: never render it as-is.
struct GroundingMetadata
{
    QStringList webSearchQueries;
    QList<GroundingChunk> chunks;
    QList<GroundingSupport> supports;
    QString searchEntryPointHtml;
    QJsonObject raw; // everything, verbatim

    bool isEmpty() const { return raw.isEmpty(); }
    static GroundingMetadata fromJson(const QJsonObject &json);
    friend bool operator==(const GroundingMetadata &, const GroundingMetadata &) = default;
};

struct Candidate
{
    int index = 0;
    Content content;      // role "model"; may have no parts (blocked, recitation)
    QString finishReason; // STOP, MAX_TOKENS, SAFETY, RECITATION, ... (unknown values kept)
    QString finishMessage;
    QList<SafetyRating> safetyRatings;
    QList<CitationSource> citations;
    GroundingMetadata groundingMetadata;
    QJsonObject urlContextMetadata;
    std::optional<double> avgLogprobs;
    QJsonObject logprobsResult;

    QJsonObject toJson() const;
    static Candidate fromJson(const QJsonObject &json);
    friend bool operator==(const Candidate &, const Candidate &) = default;
};

struct PromptFeedback
{
    QString blockReason; // SAFETY, OTHER, BLOCKLIST, PROHIBITED_CONTENT, IMAGE_SAFETY, ...
    QString blockReasonMessage;
    QList<SafetyRating> safetyRatings;

    bool isBlocked() const;
    static PromptFeedback fromJson(const QJsonObject &json);
    QJsonObject toJson() const;
    friend bool operator==(const PromptFeedback &, const PromptFeedback &) = default;
};

// GenerateContentResponse (gemini-api.md §3.2): a whole unary answer, one stream chunk, or a stream
// aggregated by ResponseAccumulator.
struct GenerateContentResponse
{
    QList<Candidate> candidates;
    std::optional<PromptFeedback> promptFeedback; // present (and no candidates) when the prompt was blocked
    std::optional<UsageMetadata> usageMetadata;
    QString modelVersion;
    QString responseId;

    // The text of the first candidate (thoughts excluded).
    QString text() const;
    const Candidate *candidate(int index) const;
    bool isPromptBlocked() const { return promptFeedback && promptFeedback->isBlocked(); }
    bool hasFinishReason() const;

    QJsonObject toJson() const;
    static GenerateContentResponse fromJson(const QJsonObject &json);
    friend bool operator==(const GenerateContentResponse &, const GenerateContentResponse &) = default;
};

Q_DECLARE_METATYPE(GenerateContentResponse)
