#pragma once

#include "content.h"
#include "usagemetadata.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// One embedContent request (gemini-api.md §6.1); batchEmbedContents sends a list of them.
struct EmbedContentRequest
{
    Content content;
    QString taskType; // RETRIEVAL_QUERY, RETRIEVAL_DOCUMENT, SEMANTIC_SIMILARITY, ...
    QString title;    // only with RETRIEVAL_DOCUMENT
    std::optional<int> outputDimensionality;

    static EmbedContentRequest fromText(const QString &text);
    // The model resource name must be repeated inside each request of a batch.
    QJsonObject toJson(const QString &modelResourceName) const;
    friend bool operator==(const EmbedContentRequest &, const EmbedContentRequest &) = default;
};

struct EmbeddingResult
{
    QList<QList<float>> embeddings;             // in input order
    std::optional<UsageMetadata> usageMetadata; // batch replies carry one (promptTokenDetails)

    static EmbeddingResult fromEmbedJson(const QJsonObject &json); // {"embedding": {"values": [...]}}
    static EmbeddingResult fromBatchJson(const QJsonObject &json); // {"embeddings": [...], "usageMetadata": ...}
};
