#pragma once

#include "api/apierror.h"
#include "api/generaterequest.h"
#include "chat/attachmentplanner.h"
#include "chat/chatturn.h"
#include "chat/historyrefresher.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <initializer_list>

class ChatModel;
class GeminiClient;
class GenerateCall;
struct GenerateContentResponse;

// Drives the exchanges of one conversation (architecture.md "one turn, as data"): send, stop,
// regenerate, retry, continue and edit, each through one streamed GenerateCall that carries the
// whole history (Conversation::request). The answer streams into a model turn of the ChatModel;
// a stop, an error or a truncated stream keeps what arrived, marked. One exchange at a time.
//
// Attachments are prepared first by the AttachmentPlanner (inline, or uploaded through the Files API
// and waited for until ACTIVE); only then do the turns appear. If that fails, nothing is added and
// preparationFailed() hands the text and attachments back, so nothing the user typed is lost.
//
// With a HistoryRefresher, every request first checks the history it carries: user turns whose
// uploaded files expired (or were deleted) on the server get their attachments prepared again
// (state Preparing, the refresher's status), their new parts and a note are put into the turns, and
// only then does the request go out. If that fails nothing is sent: send() and edit() hand the text
// back through preparationFailed(), regenerate() and retry() report the error there with no text.
class ChatSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatSession)

public:
    enum class State {
        Idle,
        Preparing, // attachments are being checked, uploaded or processed
        Waiting,   // the request is on its way; nothing arrived yet
        Streaming, // the answer is arriving
        Retrying,  // waiting to try again after a transient error
    };
    Q_ENUM(State)

    // The client, the model and the planner must outlive the session.
    ChatSession(GeminiClient *client, ChatModel *model, AttachmentPlanner *planner, QObject *parent = nullptr);
    ~ChatSession() override; // cancels what is in flight, without signals

    // The model that answers the next request ("gemini-2.5-flash").
    void setModelName(const QString &model) { m_modelName = model; }
    QString modelName() const { return m_modelName; }
    // Everything of the request but its history: system instruction, generation config, safety
    // settings, tools. Used from the next request on.
    void setRequestTemplate(const GenerateContentRequest &base) { m_template = base; }
    const GenerateContentRequest &requestTemplate() const { return m_template; }
    // Optional; it must outlive the session (or be removed first with nullptr). Without one, history
    // is sent as it is.
    void setHistoryRefresher(HistoryRefresher *refresher);
    HistoryRefresher *historyRefresher() const { return m_refresher; }

    State state() const { return m_state; }
    bool isBusy() const { return m_state != State::Idle; }
    // The row of the model turn being answered, or -1.
    int activeRow() const;

    // Each returns false (and does nothing) when busy or when the action does not apply.
    bool send(const QString &text, const QList<Attachment> &attachments = {});
    // Answers the last user turn again: the last model turn is replaced.
    bool regenerate();
    // Sends again the exchange whose model turn failed or was stopped (it must be the last turn).
    bool retry();
    // After a truncated answer (MAX_TOKENS): asks the model to go on, as a new short user turn.
    bool continueAnswer();
    // Replaces the user turn at `row` (and every turn after it) with `text`, keeping its attachments,
    // and sends it.
    bool edit(int row, const QString &text);
    // Stops the exchange in flight: a stream keeps what arrived (Stopped); a preparation is cancelled
    // and hands the prompt back through preparationFailed() with a Cancelled error.
    void stop();

    bool canRegenerate() const;
    bool canRetry() const;
    bool canContinue() const;

Q_SIGNALS:
    void stateChanged(ChatSession::State state);
    // Preparing: "Uploading talk.mp3 (1 of 2)…"; progress of one attachment (its index in send()).
    void preparationStatusChanged(const QString &status);
    void attachmentProgress(int attachmentIndex, qint64 sent, qint64 total);
    // The attachments could not be prepared (or the preparation was stopped): nothing was added to
    // the conversation; the prompt comes back to whoever sent it.
    void preparationFailed(const ApiError &error, const QString &text, const QList<Attachment> &attachments);
    // The prompt was blocked or the answer came back empty: the user's text comes back for editing.
    void promptReturned(const QString &text, const QList<Attachment> &attachments);
    void retrying(int nextAttempt, qint64 delayMs, const ApiError &error);
    // An exchange ended (done, stopped, failed, blocked, truncated or filtered); row is its model turn.
    void exchangeFinished(int row);

private:
    // send() and continueAnswer(): returnPrompt says whether a failure hands the text back.
    bool sendText(const QString &text, const QList<Attachment> &attachments, bool returnPrompt);
    // Sends m_pendingText and m_pendingAttachments: at once, or after preparing the attachments.
    void sendPending();
    // Appends the user turn (with its prepared parts, made at preparedAt) and answers it.
    void appendExchange(const QString &text, const QList<Attachment> &attachments, const QList<Part> &parts,
        const QDateTime &preparedAt, const QString &note = {});
    // When the first historyRows turns reference stale files: starts the refresh, with `then` to run
    // once the turns are updated, and returns true. False (nothing started) when there is nothing to do.
    bool refreshFirst(int historyRows, std::function<void()> then);
    void onRefreshed(const QList<HistoryRefresher::Refreshed> &refreshed);
    // Ends a preparation (attachments or history) that failed or was stopped: back to Idle, and the
    // pending prompt is handed back.
    void failPreparation(const ApiError &error);
    // Appends a Waiting model turn after the user turn at userRow (the last row) and streams its answer.
    void startExchange(int userRow);
    // Ends the exchange: the turn gets the call's aggregate and the state that fits; error is None
    // when the call finished; stopped when the user stopped it.
    void finishExchange(const GenerateContentResponse &aggregate, const ApiError &error, bool stopped = false);
    void onPlannerReady(const QList<Part> &parts);
    void onPlannerFailed(const ApiError &error);
    // Whether the last turn is a model turn that is not being answered, in one of these states.
    bool lastAnswerIn(std::initializer_list<ChatTurn::State> states) const;
    // Disconnects and cancels the call in flight, if any, without a word.
    void dropCall();
    void setState(State state);

    GeminiClient *m_client;
    ChatModel *m_model;
    QPointer<AttachmentPlanner> m_planner;
    QString m_modelName;
    GenerateContentRequest m_template;
    State m_state = State::Idle;
    QPointer<GenerateCall> m_call;
    quint64 m_activeTurnId = 0; // the model turn being answered
    // Preparing: what send() was given, to add once ready or hand back on failure.
    QString m_pendingText;
    QList<Attachment> m_pendingAttachments;
    bool m_returnPrompt = true; // a failed preparation hands m_pendingText back
    // Refreshing the history: what runs next, and the turn ids the refresh was computed for (the
    // conversation must still be the same when it ends).
    QPointer<HistoryRefresher> m_refresher;
    bool m_refreshing = false;
    std::function<void()> m_afterRefresh;
    QList<quint64> m_refreshTurnIds;
    QList<quint64> m_justRefreshed; // turns whose parts the refresh just replaced (while m_afterRefresh runs)
};
