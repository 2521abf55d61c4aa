#pragma once

#include "api/embedding.h"
#include "command.h"

#include <QPointer>

// alhena-cli embed: one text with embedContent, several with batchEmbedContents; one vector per
// line (numbers separated by spaces) or JSON.
class EmbedCommand final : public Command
{
    Q_OBJECT

public:
    EmbedCommand(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    std::optional<int> prepare() override;
    void start(GeminiClient *client) override;

    static constexpr const char *DefaultModel = "gemini-embedding-001";
    // "semantic-similarity" -> "SEMANTIC_SIMILARITY"; empty when it is no task type.
    static QString normalizedTaskType(const QString &text);

private:
    void onDone(const EmbeddingResult &result, const ApiError &error);

    QString m_model;
    QList<EmbedContentRequest> m_requests;
};
