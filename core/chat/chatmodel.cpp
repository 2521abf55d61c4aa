#include "chatmodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

int tokens(const std::optional<UsageMetadata> &usage, int UsageMetadata::*member)
{
    return usage ? (*usage).*member : -1;
}

} // namespace

ChatModel::ChatModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_updateTimer.setSingleShot(true);
    m_updateTimer.setInterval(1000 / MaxUpdatesPerSecond);
    connect(&m_updateTimer, &QTimer::timeout, this, &ChatModel::flush);
}

ChatModel::~ChatModel() = default;

int ChatModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_conversation.size());
}

QVariant ChatModel::data(const QModelIndex &index, int role) const
{
    // Quietly: checkIndex() would log a warning for every invalid index a view asks about.
    if (!index.isValid() || index.model() != this || index.parent().isValid() || index.row() >= m_conversation.size())
        return {};
    const ChatTurn &turn = m_conversation.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return turn.markdown();
    case RoleRole:
        return turn.isUser() ? u"user"_s : u"model"_s;
    case ThoughtsRole:
        return turn.thoughts();
    case StateRole:
        return int(turn.state);
    case NoticeRole:
        return turn.notice();
    case ErrorRole:
        return turn.state == ChatTurn::State::Failed && turn.error.isError() ? turn.error.userMessage() : QString();
    case FinishReasonRole:
        return turn.finishReason();
    case ModelRole:
        return turn.model;
    case ModelVersionRole:
        return turn.modelVersion;
    case PromptTokensRole:
        return tokens(turn.usage, &UsageMetadata::promptTokenCount);
    case AnswerTokensRole:
        return tokens(turn.usage, &UsageMetadata::candidatesTokenCount);
    case ThoughtTokensRole:
        return tokens(turn.usage, &UsageMetadata::thoughtsTokenCount);
    case CandidateCountRole:
        return int(turn.candidates.size());
    case ChosenCandidateRole:
        return turn.candidates.isEmpty() ? 0
                                         : std::clamp<int>(turn.chosenCandidate, 0, int(turn.candidates.size()) - 1);
    case AttachmentNamesRole: {
        QStringList names;
        for (const Attachment &attachment : turn.attachments) {
            QString name = attachment.displayName;
            if (name.isEmpty() && !attachment.path.isEmpty())
                name = attachment.path.section(u'/', -1);
            names.append(name);
        }
        return names;
    }
    case TurnIdRole:
        return qulonglong(turn.id);
    case RevisionRole:
        return turn.revision;
    case BusyRole:
        return turn.isBusy();
    case NoteRole:
        return turn.note;
    case BranchIndexRole:
        return turn.branchIndex;
    case BranchCountRole:
        return turn.branchCount;
    case StoreIdRole:
        return qlonglong(turn.storeId);
    default:
        return {};
    }
}

QHash<int, QByteArray> ChatModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(RoleRole, "role");
    names.insert(TextRole, "text");
    names.insert(ThoughtsRole, "thoughts");
    names.insert(StateRole, "state");
    names.insert(NoticeRole, "notice");
    names.insert(ErrorRole, "error");
    names.insert(FinishReasonRole, "finishReason");
    names.insert(ModelRole, "model");
    names.insert(ModelVersionRole, "modelVersion");
    names.insert(PromptTokensRole, "promptTokens");
    names.insert(AnswerTokensRole, "answerTokens");
    names.insert(ThoughtTokensRole, "thoughtTokens");
    names.insert(CandidateCountRole, "candidateCount");
    names.insert(ChosenCandidateRole, "chosenCandidate");
    names.insert(AttachmentNamesRole, "attachmentNames");
    names.insert(TurnIdRole, "turnId");
    names.insert(RevisionRole, "revision");
    names.insert(BusyRole, "busy");
    names.insert(NoteRole, "note");
    names.insert(BranchIndexRole, "branchIndex");
    names.insert(BranchCountRole, "branchCount");
    names.insert(StoreIdRole, "storeId");
    return names;
}

void ChatModel::setConversation(const Conversation &conversation)
{
    m_updateTimer.stop();
    m_pending.clear();
    beginResetModel();
    m_conversation = conversation;
    endResetModel();
}

void ChatModel::clear()
{
    setConversation(Conversation {});
}

int ChatModel::appendTurn(ChatTurn turn)
{
    flush();
    const int row = int(m_conversation.size());
    beginInsertRows({}, row, row);
    m_conversation.append(std::move(turn));
    endInsertRows();
    return row;
}

void ChatModel::removeTurnsFrom(int row, Removal removal)
{
    if (row < 0 || row >= m_conversation.size())
        return;
    flush();
    Q_EMIT turnsAboutToBeRemoved(row, int(m_conversation.size()) - 1, removal);
    beginRemoveRows({}, row, int(m_conversation.size()) - 1);
    m_conversation.truncate(row);
    endRemoveRows();
}

void ChatModel::updateTurn(int row, const std::function<void(ChatTurn &)> &change)
{
    if (row < 0 || row >= m_conversation.size())
        return;
    flush();
    ChatTurn &turn = m_conversation.at(row);
    const quint64 id = turn.id;
    change(turn);
    turn.id = id; // ids are the conversation's business
    ++turn.revision;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed);
}

void ChatModel::appendText(int row, int candidateIndex, const QString &text, bool thought)
{
    if (row < 0 || row >= m_conversation.size() || candidateIndex < 0 || text.isEmpty())
        return;
    ChatTurn &turn = m_conversation.at(row);
    if (!turn.isModel())
        return;
    // Candidates arrive by index, possibly out of order; they are kept sorted by index and only the
    // indexes that arrived exist (as ResponseAccumulator keeps them), so a hostile index of a
    // billion costs one candidate, not a billion.
    auto it = std::lower_bound(turn.candidates.begin(), turn.candidates.end(), candidateIndex,
        [](const Candidate &candidate, int index) { return candidate.index < index; });
    if (it == turn.candidates.end() || it->index != candidateIndex) {
        Candidate candidate;
        candidate.index = candidateIndex;
        candidate.content.role = u"model"_s;
        it = turn.candidates.insert(it, candidate);
    }
    QList<Part> &parts = it->content.parts;
    // Extend the last text part of the same kind, as the accumulator does.
    if (!parts.isEmpty() && parts.constLast().isText() && parts.constLast().thought == thought
        && parts.constLast().thoughtSignature.isEmpty()) {
        parts.last().text += text;
    } else {
        Part part = Part::fromText(text);
        part.thought = thought;
        parts.append(part);
    }
    if (turn.state == ChatTurn::State::Waiting && !thought)
        turn.state = ChatTurn::State::Streaming;
    ++turn.revision;
    scheduleUpdate(row);
}

void ChatModel::flush()
{
    m_updateTimer.stop();
    if (m_pending.isEmpty())
        return;
    QList<int> rows(m_pending.cbegin(), m_pending.cend());
    m_pending.clear();
    std::sort(rows.begin(), rows.end());
    for (int row : rows) {
        if (row < m_conversation.size()) {
            const QModelIndex changed = index(row);
            Q_EMIT dataChanged(changed, changed);
        }
    }
}

void ChatModel::setChosenCandidate(int row, int candidateIndex)
{
    if (row < 0 || row >= m_conversation.size())
        return;
    const ChatTurn &turn = m_conversation.at(row);
    if (candidateIndex < 0 || candidateIndex >= turn.candidates.size() || candidateIndex == turn.chosenCandidate)
        return;
    updateTurn(row, [candidateIndex](ChatTurn &t) { t.chosenCandidate = candidateIndex; });
}

void ChatModel::scheduleUpdate(int row)
{
    m_pending.insert(row);
    if (!m_updateTimer.isActive())
        m_updateTimer.start();
}
