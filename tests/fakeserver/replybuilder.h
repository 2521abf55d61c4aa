#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// Builds GenerateContentResponse objects the way the real server shapes them (gemini-api.md §3.2,
// §4): the same responseId and modelVersion on every chunk, usageMetadata with running totals on
// every chunk (candidatesTokenCount absent in the first one), finishReason only on the last chunk,
// thought-summary parts ("thought": true) before the answer, and a final empty-text part carrying
// the thoughtSignature when thoughts were sent. Token counts are deterministic: ceil(chars / 4) for
// text, a fixed 258 per inline/file part.
class ReplyBuilder final
{
public:
    struct PromptUsage
    {
        int total = 0;
        QJsonArray details; // [{"modality": "TEXT", "tokenCount": N}, …]
    };

    ReplyBuilder(const QString &modelVersion, const QString &responseId, const PromptUsage &prompt);

    void setAnswers(const QStringList &answers) { m_answers = answers; }     // one per candidate
    void setThought(const QString &thought) { m_thought = thought; }         // empty: no thought parts
    void setFinishReason(const QString &reason) { m_finishReason = reason; } // empty: omitted
    void setChunkChars(int chunkChars) { m_chunkChars = chunkChars; }        // 0: default
    void setThoughtSignatureSeed(const QString &seed) { m_signatureSeed = seed; }

    QList<QJsonObject> streamChunks() const;
    QJsonObject unaryResponse() const;

    // Token accounting of a normalized GenerateContentRequest (contents, systemInstruction, tools).
    static PromptUsage promptUsage(const QJsonObject &request);
    static int textTokens(qsizetype characters) { return static_cast<int>((characters + 3) / 4); }
    // The default answer: what the server received, so a test or a person can check it.
    // `fileLabels` (fileUri -> "files/abc \"Display name\"") names uploaded files used in fileData parts.
    static QString echoText(
        const QJsonObject &request, const QString &lastUserText, const QHash<QString, QString> &fileLabels = {});
    // Splits at word boundaries where possible and never inside a surrogate pair.
    static QStringList splitText(const QString &text, int chunkChars);
    // ~24 characters, more for long texts so that a stream never has more than ~4096 events.
    static int effectiveChunkChars(int chunkChars, qsizetype textLength);
    static QString defaultThought();
    // One thought-summary section per chunk.
    static QStringList splitThought(const QString &thought);
    static QString thoughtSignature(const QString &seed);
    static QString responseId(const QByteArray &seed);
    // Unit-length vector, deterministic from the text.
    static QJsonArray embeddingValues(const QString &text, int dimensions);
    static QJsonObject blockedPrompt();
    // A unary response made of stream chunks: parts concatenated per candidate, usage of the last.
    static QJsonObject mergeChunks(const QList<QJsonObject> &chunks);

private:
    QJsonObject usage(int candidatesTokens, bool withCandidatesCount, int thoughtsTokens, bool final) const;
    QJsonObject envelope(const QJsonArray &candidates, const QJsonObject &usage) const;
    static QJsonObject candidate(int index, const QJsonArray &parts);

    QString m_modelVersion;
    QString m_responseId;
    PromptUsage m_prompt;
    QStringList m_answers;
    QString m_thought;
    QString m_finishReason = QStringLiteral("STOP");
    QString m_signatureSeed;
    int m_chunkChars = 0;
};
