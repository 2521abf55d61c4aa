#include "chatsession.h"

#include "chatmodel.h"
#include "net/geminiclient.h"
#include "net/generatecall.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcChat, "alhena.chat")

bool hasAnyContent(const QList<Candidate> &candidates)
{
    return std::any_of(candidates.cbegin(), candidates.cend(), [](const Candidate &c) { return !c.content.isEmpty(); });
}

} // namespace

ChatSession::ChatSession(GeminiClient *client, ChatModel *model, AttachmentPlanner *planner, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_model(model)
    , m_planner(planner)
{
    if (planner) {
        // The planner may serve others too: only what happens while this session prepares is ours.
        connect(planner, &AttachmentPlanner::ready, this, &ChatSession::onPlannerReady);
        connect(planner, &AttachmentPlanner::failed, this, &ChatSession::onPlannerFailed);
        // While the history is refreshed the planner works for the refresher: its status and the
        // progress of its attachments (not the ones given to send()) are not the session's.
        connect(planner, &AttachmentPlanner::statusChanged, this, [this](const QString &status) {
            if (m_state == State::Preparing && !m_refreshing)
                Q_EMIT preparationStatusChanged(status);
        });
        connect(planner, &AttachmentPlanner::attachmentProgress, this, [this](int index, qint64 sent, qint64 total) {
            if (m_state == State::Preparing && !m_refreshing)
                Q_EMIT attachmentProgress(index, sent, total);
        });
    }
}

ChatSession::~ChatSession()
{
    dropCall();
    if (m_refreshing && m_refresher)
        m_refresher->cancel();
    else if (m_state == State::Preparing && m_planner)
        m_planner->cancel();
}

void ChatSession::setHistoryRefresher(HistoryRefresher *refresher)
{
    if (m_refresher == refresher)
        return;
    if (m_refresher) {
        if (m_refreshing)
            m_refresher->cancel();
        m_refresher->disconnect(this);
    }
    m_refresher = refresher;
    if (m_refreshing) // what waited for the old refresher cannot go on
        failPreparation(ApiError::cancelled());
    if (!refresher)
        return;
    connect(refresher, &HistoryRefresher::statusChanged, this, [this](const QString &status) {
        if (m_refreshing)
            Q_EMIT preparationStatusChanged(status);
    });
    connect(refresher, &HistoryRefresher::finished, this, &ChatSession::onRefreshed);
    connect(refresher, &HistoryRefresher::failed, this, [this](const ApiError &error) {
        if (m_refreshing)
            failPreparation(error);
    });
}

int ChatSession::activeRow() const
{
    return m_activeTurnId == 0 ? -1 : m_model->rowOf(m_activeTurnId);
}

bool ChatSession::send(const QString &text, const QList<Attachment> &attachments)
{
    return sendText(text, attachments, true);
}

bool ChatSession::sendText(const QString &text, const QList<Attachment> &attachments, bool returnPrompt)
{
    if (isBusy())
        return false;
    if (text.trimmed().isEmpty() && attachments.isEmpty())
        return false;
    if (!attachments.isEmpty() && !m_planner) {
        qCWarning(lcChat, "send() with attachments but no planner: refused");
        return false;
    }
    m_pendingText = text;
    m_pendingAttachments = attachments;
    m_returnPrompt = returnPrompt;
    // The whole history goes with the new prompt.
    if (!refreshFirst(m_model->rowCount(), [this] { sendPending(); }))
        sendPending();
    return true;
}

void ChatSession::sendPending()
{
    const QString text = m_pendingText;
    const QList<Attachment> attachments = m_pendingAttachments;
    if (attachments.isEmpty() || !m_planner) {
        m_pendingText.clear();
        m_pendingAttachments.clear();
        appendExchange(text, {}, {}, {});
        return;
    }
    // What the rest of the request weighs: the whole history goes again, plus this text.
    GenerateContentRequest request = m_model->conversation().request(m_template);
    request.contents.append(Content::user(text));
    const qint64 otherBytes = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact).size();
    setState(State::Preparing);
    m_planner->prepare(attachments, otherBytes);
}

void ChatSession::onPlannerReady(const QList<Part> &parts)
{
    if (m_state != State::Preparing || m_refreshing)
        return;
    const QString text = std::exchange(m_pendingText, {});
    const QList<Attachment> attachments = std::exchange(m_pendingAttachments, {});
    appendExchange(text, attachments, parts, QDateTime::currentDateTimeUtc());
}

void ChatSession::onPlannerFailed(const ApiError &error)
{
    if (m_state != State::Preparing || m_refreshing)
        return;
    qCInfo(lcChat) << "attachments could not be prepared:" << error.kindName();
    failPreparation(error);
}

void ChatSession::failPreparation(const ApiError &error)
{
    m_refreshing = false;
    m_afterRefresh = nullptr;
    m_refreshTurnIds.clear();
    const QString text = std::exchange(m_pendingText, {});
    const QList<Attachment> attachments = std::exchange(m_pendingAttachments, {});
    const bool returnPrompt = std::exchange(m_returnPrompt, true);
    setState(State::Idle);
    Q_EMIT preparationFailed(error, returnPrompt ? text : QString(), returnPrompt ? attachments : QList<Attachment>());
}

bool ChatSession::refreshFirst(int historyRows, std::function<void()> then)
{
    if (!m_refresher)
        return false;
    const QList<ChatTurn> history = m_model->conversation().turns().mid(0, historyRows);
    if (m_refresher->staleRows(history).isEmpty())
        return false;
    if (m_refresher->isBusy()) {
        qCWarning(lcChat, "the history refresher is busy elsewhere: the history goes as it is");
        return false;
    }
    m_afterRefresh = std::move(then);
    m_refreshTurnIds.clear();
    for (const ChatTurn &turn : m_model->conversation().turns())
        m_refreshTurnIds.append(turn.id);
    m_refreshing = true;
    GenerateContentRequest request = m_model->conversation().request(m_template);
    request.contents.append(Content::user(m_pendingText));
    const qint64 otherBytes = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact).size();
    setState(State::Preparing);
    m_refresher->refresh(history, otherBytes);
    return true;
}

void ChatSession::onRefreshed(const QList<HistoryRefresher::Refreshed> &refreshed)
{
    if (!m_refreshing)
        return;
    // The refresh was for these turns: if the conversation was replaced meanwhile, the action is void.
    QList<quint64> ids;
    for (const ChatTurn &turn : m_model->conversation().turns())
        ids.append(turn.id);
    if (ids != m_refreshTurnIds) {
        qCInfo(lcChat, "the conversation changed while its history was refreshed: nothing sent");
        failPreparation(ApiError::cancelled());
        return;
    }
    m_refreshing = false;
    m_refreshTurnIds.clear();
    m_justRefreshed.clear();
    for (const HistoryRefresher::Refreshed &r : refreshed) {
        if (r.row < 0 || r.row >= m_model->rowCount() || !m_model->turn(r.row).isUser())
            continue;
        m_model->updateTurn(r.row, [&r](ChatTurn &turn) {
            turn.attachmentParts = r.parts;
            turn.partsPreparedAt = r.preparedAt;
            turn.note = r.note;
        });
        m_justRefreshed.append(m_model->turn(r.row).id);
    }
    const std::function<void()> then = std::exchange(m_afterRefresh, nullptr);
    if (then)
        then();
    m_justRefreshed.clear();
}

void ChatSession::appendExchange(const QString &text, const QList<Attachment> &attachments, const QList<Part> &parts,
    const QDateTime &preparedAt, const QString &note)
{
    m_returnPrompt = true;
    ChatTurn turn;
    turn.role = ChatTurn::Role::User;
    turn.state = ChatTurn::State::Done;
    turn.text = text;
    turn.attachments = attachments;
    turn.attachmentParts = parts;
    if (!parts.isEmpty())
        turn.partsPreparedAt = preparedAt;
    turn.note = note;
    startExchange(m_model->appendTurn(std::move(turn)));
}

void ChatSession::startExchange(int userRow)
{
    Q_ASSERT(userRow == m_model->rowCount() - 1 && m_model->turn(userRow).isUser());
    ChatTurn answer;
    answer.role = ChatTurn::Role::Model;
    answer.state = ChatTurn::State::Waiting;
    answer.model = m_modelName;
    const int row = m_model->appendTurn(std::move(answer));
    m_activeTurnId = m_model->turn(row).id;

    // The Waiting turn has no content yet, so the request ends with the question it answers.
    const GenerateContentRequest request = m_model->conversation().request(m_template);
    qCDebug(lcChat) << "sending" << request.contents.size() << "contents to" << m_modelName;
    GenerateCall *call = m_client->streamGenerateContent(m_modelName, request);
    m_call = call;
    setState(State::Waiting);

    connect(call, &GenerateCall::textDelta, this, [this](int candidate, const QString &text) {
        m_model->appendText(activeRow(), candidate, text, false);
        setState(State::Streaming);
    });
    connect(call, &GenerateCall::thoughtDelta, this, [this](int candidate, const QString &text) {
        m_model->appendText(activeRow(), candidate, text, true);
        setState(State::Streaming);
    });
    connect(call, &GenerateCall::retrying, this, [this](int nextAttempt, qint64 delayMs, const ApiError &error) {
        qCInfo(lcChat) << "retrying, attempt" << nextAttempt << "in" << delayMs << "ms after" << error.kindName();
        setState(State::Retrying);
        Q_EMIT retrying(nextAttempt, delayMs, error);
    });
    connect(call, &GenerateCall::finished, this,
        [this](const GenerateContentResponse &response) { finishExchange(response, {}); });
    connect(call, &GenerateCall::failed, this, [this, call](const ApiError &error) {
        // The call is still alive here (it deletes itself later): what arrived is in its aggregate.
        finishExchange(call->response(), error);
    });
}

void ChatSession::finishExchange(const GenerateContentResponse &aggregate, const ApiError &error, bool stopped)
{
    if (m_call)
        m_call->disconnect(this);
    m_call = nullptr;
    const int row = activeRow();
    m_activeTurnId = 0;
    if (row < 0) { // the turn was removed meanwhile (the conversation was replaced)
        setState(State::Idle);
        return;
    }

    using S = ChatTurn::State;
    S state = S::Done;
    ApiError turnError;
    std::optional<PromptFeedback> feedback = aggregate.promptFeedback;
    bool returnPrompt = false;
    const Candidate *first = nullptr;
    const int chosen
        = std::clamp(m_model->turn(row).chosenCandidate, 0, std::max(0, int(aggregate.candidates.size()) - 1));
    if (!aggregate.candidates.isEmpty())
        first = &aggregate.candidates.at(chosen);

    if (error.kind == ApiError::Kind::PromptBlocked || aggregate.isPromptBlocked()) {
        state = S::Blocked;
        returnPrompt = true;
        if (!feedback) { // the error knows the reason and the categories
            PromptFeedback built;
            built.blockReason = error.blockReason;
            built.blockReasonMessage = error.message;
            for (const QString &category : error.blockedCategories) {
                SafetyRating rating;
                rating.category = category;
                rating.blocked = true;
                built.safetyRatings.append(rating);
            }
            feedback = built;
        }
    } else if (stopped) {
        state = S::Stopped;
    } else if (error.isError()) {
        state = S::Failed;
        turnError = error;
    } else if (!hasAnyContent(aggregate.candidates)) {
        // A clean end with nothing in it: say so rather than show an empty answer as done.
        const QString reason = first ? first->finishReason : QString();
        if (reason == "MAX_TOKENS"_L1) {
            state = S::Truncated; // e.g. thinking used up the budget: nothing to continue, but the reason is the news
        } else if (!reason.isEmpty() && reason != "STOP"_L1) {
            state = S::Filtered; // SAFETY, RECITATION, ... with no text
        } else {
            state = S::Failed;
            turnError.kind = ApiError::Kind::MalformedResponse;
            turnError.message = u"the answer had no content"_s;
            turnError.userText = tr("The model sent no answer.");
            returnPrompt = true;
        }
    } else {
        const QString reason = first ? first->finishReason : QString();
        if (reason.isEmpty() || reason == "STOP"_L1)
            state = S::Done;
        else if (reason == "MAX_TOKENS"_L1)
            state = S::Truncated;
        else
            state = S::Filtered;
    }

    m_model->updateTurn(row, [&](ChatTurn &turn) {
        turn.candidates = aggregate.candidates;
        turn.chosenCandidate = chosen;
        turn.promptFeedback = feedback;
        if (aggregate.usageMetadata)
            turn.usage = aggregate.usageMetadata;
        if (!aggregate.modelVersion.isEmpty())
            turn.modelVersion = aggregate.modelVersion;
        turn.error = turnError;
        turn.state = state;
    });
    qCDebug(lcChat) << "exchange ended in row" << row << "state" << int(state);

    QString text;
    QList<Attachment> attachments;
    if (returnPrompt && row > 0 && m_model->turn(row - 1).isUser()) {
        text = m_model->turn(row - 1).text;
        attachments = m_model->turn(row - 1).attachments;
    }
    setState(State::Idle);
    if (returnPrompt)
        Q_EMIT promptReturned(text, attachments);
    Q_EMIT exchangeFinished(row);
}

void ChatSession::stop()
{
    switch (m_state) {
    case State::Idle:
        return;
    case State::Preparing:
        if (m_refreshing) {
            if (m_refresher)
                m_refresher->cancel();
        } else if (m_planner) {
            m_planner->cancel();
        }
        failPreparation(ApiError::cancelled());
        return;
    case State::Waiting:
    case State::Streaming:
    case State::Retrying:
        break;
    }
    GenerateCall *call = m_call;
    const GenerateContentResponse aggregate = call ? call->response() : GenerateContentResponse {};
    dropCall();
    finishExchange(aggregate, ApiError::cancelled(), true);
}

void ChatSession::dropCall()
{
    if (GenerateCall *call = m_call) {
        m_call = nullptr;
        call->disconnect(this);
        call->cancel();
    }
}

bool ChatSession::lastAnswerIn(std::initializer_list<ChatTurn::State> states) const
{
    const int rows = m_model->rowCount();
    if (isBusy() || rows < 2)
        return false;
    const ChatTurn &last = m_model->turn(rows - 1);
    if (!last.isModel() || last.isBusy() || !m_model->turn(rows - 2).isUser())
        return false;
    return std::find(states.begin(), states.end(), last.state) != states.end();
}

bool ChatSession::canRegenerate() const
{
    using S = ChatTurn::State;
    return lastAnswerIn({S::Done, S::Stopped, S::Failed, S::Truncated, S::Filtered, S::Interrupted});
}

bool ChatSession::canRetry() const
{
    return lastAnswerIn({ChatTurn::State::Failed, ChatTurn::State::Stopped, ChatTurn::State::Interrupted});
}

bool ChatSession::canContinue() const
{
    // With nothing kept there is nowhere to go on from (the exchange is not in the history).
    return lastAnswerIn({ChatTurn::State::Truncated}) && m_model->turn(m_model->rowCount() - 1).hasContent();
}

bool ChatSession::regenerate()
{
    if (!canRegenerate())
        return false;
    // The question is asked again: it and everything before it is the history to check.
    const auto then = [this] {
        const int last = m_model->rowCount() - 1;
        m_model->removeTurnsFrom(last);
        startExchange(last - 1);
    };
    m_pendingText.clear();
    m_pendingAttachments.clear();
    m_returnPrompt = false;
    if (!refreshFirst(m_model->rowCount() - 1, then))
        then();
    return true;
}

bool ChatSession::retry()
{
    if (!canRetry())
        return false;
    const auto then = [this] {
        const int last = m_model->rowCount() - 1;
        // A failed answer, or one with nothing in it, is replaced; what a stopped or interrupted
        // answer kept stays as a branch (‹ 1/2 ›), as after Regenerate.
        const ChatTurn &answer = m_model->turn(last);
        const bool keep = answer.state != ChatTurn::State::Failed && answer.hasContent();
        m_model->removeTurnsFrom(last, keep ? ChatModel::Removal::KeepAsBranch : ChatModel::Removal::Discard);
        startExchange(last - 1);
    };
    m_pendingText.clear();
    m_pendingAttachments.clear();
    m_returnPrompt = false;
    if (!refreshFirst(m_model->rowCount() - 1, then))
        then();
    return true;
}

bool ChatSession::continueAnswer()
{
    if (!canContinue())
        return false;
    // The words are the app's, not the user's: a failure does not put them into the composer.
    return sendText(tr("Continue exactly where you stopped."), {}, false);
}

bool ChatSession::edit(int row, const QString &text)
{
    if (isBusy() || row < 0 || row >= m_model->rowCount() || !m_model->turn(row).isUser())
        return false;
    const ChatTurn &turn = m_model->turn(row);
    if (text.trimmed().isEmpty() && turn.attachments.isEmpty())
        return false;
    const quint64 turnId = turn.id;
    // A failed refresh hands the new text back; the attachments stay with the turn (their files may
    // be what is missing).
    m_pendingText = text;
    m_pendingAttachments.clear();
    m_returnPrompt = true;
    const auto then = [this, row, turnId, text] {
        const ChatTurn &edited = m_model->turn(row);
        const QList<Attachment> attachments = edited.attachments;
        const QList<Part> parts = edited.attachmentParts;
        const QDateTime preparedAt = edited.partsPreparedAt;
        // The note tells what was done for this request; an older one stays with the old version.
        const QString note = m_justRefreshed.contains(turnId) ? edited.note : QString();
        m_model->removeTurnsFrom(row);
        // Attachments prepared for this turn already are sent as they were, not prepared again.
        if (attachments.isEmpty() || parts.size() == attachments.size()) {
            m_pendingText.clear();
            m_pendingAttachments.clear();
            appendExchange(text, attachments, parts, preparedAt, note);
        } else {
            m_pendingAttachments = attachments;
            sendPending();
        }
    };
    // The edited turn's parts go again with the new text: they are part of the history to check.
    if (!refreshFirst(row + 1, then))
        then();
    return true;
}

void ChatSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
