#pragma once

#include "api/generaterequest.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class GeminiClient;
class GenerateCall;

// A short title for a conversation, written by the model in the background after its first answer:
// one unary generateContent with the first prompt and the start of the answer, asking for a title of
// a few words (no thinking, a few output tokens). The answer is cleaned (one line, no quotes, no
// "Title:", no Markdown, at most MaxChars). Errors are quiet: the prompt's title stays.
class TitleWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TitleWriter)

public:
    static constexpr int MaxChars = 60;
    static constexpr int MaxInputChars = 2000; // of the prompt and of the answer each

    explicit TitleWriter(GeminiClient *client, QObject *parent = nullptr);
    ~TitleWriter() override; // cancels what is in flight

    // Asks `model` for a title; titled() or failed() follows, once per call, never inside it. Several
    // may be in flight (one per conversation id).
    void write(qint64 conversationId, const QString &model, const QString &prompt, const QString &answer);

    // The model's answer made into a title; empty when nothing usable is left.
    static QString clean(const QString &answer);

    // The instruction sent as systemInstruction.
    static QString instruction();
    // The request write() sends: the instruction, the prompt and the start of the answer (each cut to
    // MaxInputChars), few output tokens, no thinking where the model allows turning it off.
    static GenerateContentRequest request(const QString &model, const QString &prompt, const QString &answer);
    // Whether `model` accepts thinkingBudget 0 (Gemini 2.5 Flash and Flash-Lite; not Pro).
    static bool canTurnOffThinking(const QString &model);

    static constexpr int MaxOutputTokens = 24;
    // Models that think and cannot be told not to spend their thoughts from the same budget.
    static constexpr int ThinkingMaxOutputTokens = 1024;

    int inFlight() const { return int(m_calls.size()); }

Q_SIGNALS:
    void titled(qint64 conversationId, const QString &title);
    void failed(qint64 conversationId);

private:
    struct Pending
    {
        QPointer<GenerateCall> call;
        qint64 conversationId = 0;
    };
    // Forgets the call and tells its outcome: titled() with a usable title, else failed().
    void finish(GenerateCall *call, const QString &title);
    // failed() on the next event-loop turn (never from inside write()).
    void failLater(qint64 conversationId);

    QPointer<GeminiClient> m_client;
    QList<Pending> m_calls; // in flight
};
