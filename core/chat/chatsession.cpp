#include "chatsession.h"

#include "chatmodel.h"
#include "net/geminiclient.h"
#include "net/generatecall.h"

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
        connect(planner, &AttachmentPlanner::statusChanged, this, [this](const QString &status) {
            if (m_state == State::Preparing)
                Q_EMIT preparationStatusChanged(status);
        });
        connect(planner, &AttachmentPlanner::attachmentProgress, this, [this](int index, qint64 sent, qint64 total) {
            if (m_state == State::Preparing)
                Q_EMIT attachmentProgress(index, sent, total);
        });
    }
}

ChatSession::~ChatSession()
{
    dropCall();
    if (m_state == State::Preparing && m_planner)
        m_planner->cancel();
}

int ChatSession::activeRow() const
{
    return m_activeTurnId == 0 ? -1 : m_model->rowOf(m_activeTurnId);
}

bool ChatSession::send(const QString &text, const QList<Attachment> &attachments)
{
    if (isBusy())
        return false;
    if (text.trimmed().isEmpty() && attachments.isEmpty())
        return false;
    if (attachments.isEmpty()) {
        appendExchange(text, {}, {});
        return true;
    }
    if (!m_planner) {
        qCWarning(lcChat, "send() with attachments but no planner: refused");
        return false;
    }
    m_pendingText = text;
    m_pendingAttachments = attachments;
    // What the rest of the request weighs: the whole history goes again, plus this text.
    GenerateContentRequest request = m_model->conversation().request(m_template);
    request.contents.append(Content::user(text));
    const qint64 otherBytes = QJsonDocument(request.toJson()).toJson(QJsonDocument::Compact).size();
    setState(State::Preparing);
    m_planner->prepare(attachments, otherBytes);
    return true;
}

void ChatSession::onPlannerReady(const QList<Part> &parts)
{
    if (m_state != State::Preparing)
        return;
    const QString text = std::exchange(m_pendingText, {});
    const QList<Attachment> attachments = std::exchange(m_pendingAttachments, {});
    appendExchange(text, attachments, parts);
}

void ChatSession::onPlannerFailed(const ApiError &error)
{
    if (m_state != State::Preparing)
        return;
    const QString text = std::exchange(m_pendingText, {});
    const QList<Attachment> attachments = std::exchange(m_pendingAttachments, {});
    qCInfo(lcChat) << "attachments could not be prepared:" << error.kindName();
    setState(State::Idle);
    Q_EMIT preparationFailed(error, text, attachments);
}

void ChatSession::appendExchange(const QString &text, const QList<Attachment> &attachments, const QList<Part> &parts)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::User;
    turn.state = ChatTurn::State::Done;
    turn.text = text;
    turn.attachments = attachments;
    turn.attachmentParts = parts;
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
        if (m_planner)
            m_planner->cancel();
        onPlannerFailed(ApiError::cancelled());
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
    return lastAnswerIn({S::Done, S::Stopped, S::Failed, S::Truncated, S::Filtered});
}

bool ChatSession::canRetry() const
{
    return lastAnswerIn({ChatTurn::State::Failed, ChatTurn::State::Stopped});
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
    const int last = m_model->rowCount() - 1;
    m_model->removeTurnsFrom(last);
    startExchange(last - 1);
    return true;
}

bool ChatSession::retry()
{
    if (!canRetry())
        return false;
    const int last = m_model->rowCount() - 1;
    m_model->removeTurnsFrom(last);
    startExchange(last - 1);
    return true;
}

bool ChatSession::continueAnswer()
{
    if (!canContinue())
        return false;
    return send(tr("Continue exactly where you stopped."));
}

bool ChatSession::edit(int row, const QString &text)
{
    if (isBusy() || row < 0 || row >= m_model->rowCount() || !m_model->turn(row).isUser())
        return false;
    const ChatTurn &turn = m_model->turn(row);
    const QList<Attachment> attachments = turn.attachments;
    const QList<Part> parts = turn.attachmentParts;
    if (text.trimmed().isEmpty() && attachments.isEmpty())
        return false;
    m_model->removeTurnsFrom(row);
    // Attachments prepared for this turn already are sent as they were, not prepared again.
    if (attachments.isEmpty() || parts.size() == attachments.size()) {
        appendExchange(text, attachments, parts);
        return true;
    }
    return send(text, attachments);
}

void ChatSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
