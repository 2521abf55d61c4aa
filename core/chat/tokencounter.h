#pragma once

#include "api/apierror.h"
#include "api/generaterequest.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class ApiCall;
class GeminiClient;

// What the next request would cost, counted by the server (models.countTokens) while the user types,
// without ever blocking: calls are asynchronous, debounced (DefaultDebounceMs after the last change)
// and a newer count replaces an older one in flight (its reply is ignored).
//
// The count has three parts, so that typing never re-sends the history:
//  * the context: the history, system instruction, tools and generation config (countTokens with a
//    generateContentRequest), recounted only when it changes (after an exchange, a settings change);
//  * the draft text, counted on its own as one user turn;
//  * the draft's attachments, estimated locally (TokenEstimate: audio 32 tokens a second, images by
//    tiles, …) because they are not uploaded yet.
// With an empty history the context and the draft are counted in one call: its figure is in
// contextTokens, draftTokens is then 0 (with nothing but a draft, the figure is the draft's).
// Safety settings are not counted (a change of them alone sends nothing). Nothing is counted until a
// model is set. An empty draft with nothing else costs no call.
class TokenCounter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenCounter)

public:
    static constexpr int DefaultDebounceMs = 500;

    struct Count
    {
        qint64 contextTokens = 0;    // history + system instruction + tools (counted)
        qint64 draftTokens = 0;      // the draft text (counted)
        qint64 attachmentTokens = 0; // the draft's attachments (estimated)
        bool estimated = false;      // attachmentTokens > 0: part of the total is an estimate
        qint64 total() const { return contextTokens + draftTokens + attachmentTokens; }
        friend bool operator==(const Count &, const Count &) = default;
    };

    // The client must outlive the counter.
    explicit TokenCounter(GeminiClient *client, QObject *parent = nullptr);
    ~TokenCounter() override;

    void setDebounceMs(int ms);
    void setModel(const QString &model);
    // Everything of the next request but the draft: history (contents), system instruction, tools,
    // generation config. Recounted (debounced) when it differs from the last one.
    void setContext(const GenerateContentRequest &context);
    // The text being typed and the local estimate of its attachments.
    void setDraft(const QString &text, qint64 attachmentTokens = 0);

    Count count() const { return m_count; }
    // A count is on its way or waiting for the debounce.
    bool isCounting() const;
    // The last count failed (the previous figures are kept); None once a count succeeds.
    ApiError lastError() const { return m_lastError; }

Q_SIGNALS:
    void countChanged(const TokenCounter::Count &count);
    void countingChanged(bool counting);
    void failed(const ApiError &error);

private:
    void schedule();
    void start();
    void startCombined();
    void startContext();
    void startDraft();
    enum class Target {
        Context,    // the context alone (history not empty)
        Draft,      // the draft alone, next to a counted context
        Both,       // empty history: system instruction/tools and draft in one call
        DraftAlone, // empty history and nothing else to count: the draft (runs as the draft call)
    };
    void startCall(const GenerateContentRequest &request, Target target);
    // Cancels the call in flight, if any, and makes any reply still on its way stale.
    void cancelContextCall();
    void cancelDraftCall();
    void fail(const ApiError &error, Target target);
    void finishWith(const Count &count);
    void setCount(const Count &count);
    void updateCounting();

    GeminiClient *m_client;
    QTimer m_debounce;
    QString m_model;
    GenerateContentRequest m_context;
    QString m_draft;
    qint64 m_attachmentTokens = 0;
    Count m_count;
    ApiError m_lastError;
    bool m_contextDirty = true;
    bool m_draftDirty = true;
    QPointer<ApiCall> m_contextCall;
    QPointer<ApiCall> m_draftCall;
    // Bumped for every call started or cancelled: a reply carrying an older number is stale.
    quint64 m_contextGeneration = 0;
    quint64 m_draftGeneration = 0;
    bool m_contextCallHasDraft = false; // the context call in flight counts the draft too (Target::Both)
    bool m_combined = true;             // the last counts were made in one call (empty history)
    bool m_counting = false;            // last value sent with countingChanged
};

Q_DECLARE_METATYPE(TokenCounter::Count)
