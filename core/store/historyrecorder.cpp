#include "historyrecorder.h"

#include "chat/chatmodel.h"
#include "conversationstore.h"

#include <QLoggingCategory>
#include <QScopedValueRollback>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcRecorder, "alhena.history")

// One line of a prompt as a title: control characters out, white space collapsed.
QString collapsed(const QString &line)
{
    QString out;
    out.reserve(line.size());
    for (const QChar c : line)
        out.append(c.category() == QChar::Other_Control ? u' ' : c);
    return out.simplified();
}

} // namespace

HistoryRecorder::HistoryRecorder(ChatModel *model, ConversationStore *store, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_store(store)
{
    Q_ASSERT(model && store);
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(SaveIntervalMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &HistoryRecorder::writeDirty);

    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &under, int first, int last) {
        if (!under.isValid())
            onRowsInserted(first, last);
    });
    connect(model, &QAbstractItemModel::dataChanged, this,
        [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
            if (topLeft.isValid() && bottomRight.isValid())
                onDataChanged(topLeft.row(), bottomRight.row());
        });
    connect(model, &ChatModel::turnsAboutToBeRemoved, this, [this](int first, int last, ChatModel::Removal removal) {
        onTurnsAboutToBeRemoved(first, last, removal == ChatModel::Removal::Discard);
    });
    // Someone else replaces the conversation: what was pending still belongs to the old one.
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        if (!m_resetting)
            writeDirty();
    });
    connect(model, &QAbstractItemModel::modelReset, this, &HistoryRecorder::onModelReset);
}

HistoryRecorder::~HistoryRecorder()
{
    flush();
}

bool HistoryRecorder::open(qint64 conversationId)
{
    if (!m_model || conversationId < 0)
        return false;
    flush();
    Conversation conversation;
    if (conversationId != 0) {
        if (!m_store->summary(conversationId))
            return false;
        conversation = m_store->path(conversationId);
    }
    show(conversation, conversationId);
    return true;
}

bool HistoryRecorder::switchBranch(int row, int offset)
{
    if (!m_model || row < 0 || row >= m_model->rowCount() || offset == 0 || anyBusy())
        return false;
    const ChatTurn &turn = m_model->turn(row);
    const int target = turn.branchIndex + offset;
    if (turn.storeId == 0 || target < 1 || target > turn.branchCount)
        return false;
    const qint64 storeId = turn.storeId;
    flush();
    const Conversation conversation = m_store->switchBranch(storeId, offset);
    if (conversation.isEmpty())
        return false;
    show(conversation, m_conversationId);
    return true;
}

int HistoryRecorder::revealTurn(qint64 turnId)
{
    if (!m_model || turnId <= 0 || anyBusy())
        return -1;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->turn(row).storeId == turnId)
            return row;
    }
    const qint64 owner = m_store->conversationOf(turnId);
    if (owner == 0)
        return -1;
    flush();
    const Conversation conversation = m_store->revealTurn(turnId);
    if (conversation.isEmpty())
        return -1;
    show(conversation, owner);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->turn(row).storeId == turnId)
            return row;
    }
    return -1;
}

void HistoryRecorder::flush()
{
    if (!m_model)
        return;
    m_model->flush(); // stream updates not announced yet are changes too
    writeDirty();
}

QString HistoryRecorder::titleFromPrompt(const QString &prompt)
{
    QString normalized = prompt;
    normalized.replace(u'\r', u'\n').replace(QChar(0x2028), u'\n').replace(QChar(0x2029), u'\n');
    QString line;
    for (const QString &candidate : normalized.split(u'\n')) {
        line = collapsed(candidate);
        if (!line.isEmpty())
            break;
    }
    if (line.isEmpty())
        return tr("New chat");
    if (line.size() <= PromptTitleMaxChars)
        return line;
    const int room = PromptTitleMaxChars - 1; // the ellipsis takes one
    int cut = int(line.lastIndexOf(u' ', room));
    if (cut < room / 2) { // one long word: cut inside it, never between the halves of a surrogate pair
        cut = room;
        if (line.at(cut - 1).isHighSurrogate())
            --cut;
    }
    return line.left(cut).trimmed() + u'…';
}

void HistoryRecorder::onRowsInserted(int first, int last)
{
    if (m_resetting || !m_model)
        return;
    for (int row = first; row <= last; ++row) {
        const ChatTurn &turn = m_model->turn(row);
        if (turn.isBusy())
            m_busy.insert(turn.id);
    }
    // Written before control returns to whoever appended: ChatSession sends right after.
    writeDirty();
}

void HistoryRecorder::onDataChanged(int first, int last)
{
    if (m_applying || m_resetting || !m_model)
        return;
    last = std::min(last, m_model->rowCount() - 1);
    bool settled = false;
    for (int row = std::max(first, 0); row <= last; ++row) {
        const ChatTurn &turn = m_model->turn(row);
        m_dirty.insert(turn.id);
        if (turn.isBusy()) {
            m_busy.insert(turn.id);
            continue;
        }
        settled = true;
        if (!m_busy.remove(turn.id) || m_firstExchangeAnnounced || !turn.isModel() || !turn.hasContent()
            || turn.state == ChatTurn::State::Failed || turn.state == ChatTurn::State::Blocked)
            continue;
        bool firstAnswer = true;
        for (int before = 0; before < row && firstAnswer; ++before)
            firstAnswer = m_model->turn(before).isUser();
        if (firstAnswer)
            m_finishedFirst.append(turn.id);
    }
    if (m_writing)
        return; // the write in progress takes these too, or schedules them
    if (settled) {
        writeDirty();
    } else if (!m_saveTimer.isActive()) {
        // Not restarted by later deltas: a streaming answer is never older than SaveIntervalMs on disk.
        m_saveTimer.start();
    }
}

void HistoryRecorder::onTurnsAboutToBeRemoved(int first, int last, bool discard)
{
    if (!m_model || first < 0 || first >= m_model->rowCount())
        return;
    if (discard) {
        for (int row = first; row <= last && row < m_model->rowCount(); ++row) {
            m_dirty.remove(m_model->turn(row).id);
            m_busy.remove(m_model->turn(row).id);
        }
    } else {
        writeDirty(); // the branch is kept as it was last shown
        for (int row = first; row <= last && row < m_model->rowCount(); ++row)
            m_busy.remove(m_model->turn(row).id);
    }
    const ChatTurn &head = m_model->turn(first);
    const qint64 parent = first > 0 ? m_model->turn(first - 1).storeId : 0;
    // The alternatives left at this place once the head is gone or kept; the next turn there is the last.
    int remaining = head.storeId != 0 ? head.branchCount - 1 : 0;
    if (!discard && head.storeId != 0)
        ++remaining;
    m_pendingBranch = {first, parent, std::max(remaining, 0) + 1};
    if (m_conversationId == 0 || head.storeId == 0 || (!discard && parent == 0))
        return; // an emptied model keeps the old leaf: the next first turn becomes the leaf anyway
    // Rows below are the head's descendants: deleting the head deletes them, and moves the leaf up.
    const bool ok = discard ? m_store->deleteTurn(head.storeId) : m_store->setLeaf(m_conversationId, parent);
    if (!ok)
        Q_EMIT saveFailed(m_store->lastError());
}

void HistoryRecorder::onModelReset()
{
    if (m_resetting || !m_model)
        return;
    // Replaced by someone else: record into whatever the new turns belong to (a new conversation
    // when they are not stored yet, or when the model is empty).
    clearTracking();
    qint64 owner = 0;
    if (m_model->rowCount() > 0 && m_model->turn(0).storeId != 0)
        owner = m_store->conversationOf(m_model->turn(0).storeId);
    if (owner != m_conversationId)
        m_firstExchangeAnnounced = false;
    m_conversationId = owner;
    writeDirty();
}

void HistoryRecorder::writeDirty()
{
    if (!m_model || m_writing)
        return;
    m_saveTimer.stop();
    QList<qint64> created;
    bool ok = true;
    {
        const QScopedValueRollback<bool> writing(m_writing, true);
        ok = insertPending(&created);
        QList<ChatTurn> turns;
        QList<quint64> ids;
        for (auto it = m_dirty.begin(); it != m_dirty.end();) {
            const int row = m_model->rowOf(*it);
            if (row < 0) { // removed meanwhile
                it = m_dirty.erase(it);
                continue;
            }
            if (m_model->turn(row).storeId != 0) {
                turns.append(m_model->turn(row));
                ids.append(*it);
            }
            ++it;
        }
        if (!turns.isEmpty()) {
            std::sort(turns.begin(), turns.end(), [](const ChatTurn &a, const ChatTurn &b) { return a.id < b.id; });
            if (m_store->updateTurns(turns)) {
                for (quint64 id : std::as_const(ids))
                    m_dirty.remove(id);
            } else {
                ok = false;
            }
        }
    }
    if (ok) {
        m_failing = false;
    } else {
        reportFailure();
    }
    if ((!ok || !m_dirty.isEmpty()) && !m_saveTimer.isActive())
        m_saveTimer.start(); // a failed write is tried again; so is what changed while writing

    for (qint64 id : std::as_const(created))
        Q_EMIT conversationCreated(id);
    const QList<quint64> finished = std::exchange(m_finishedFirst, {});
    if (!finished.isEmpty() && !m_firstExchangeAnnounced && m_conversationId != 0 && m_model) {
        // Only once the answer is on disk: whoever writes a better title reads it from there.
        const int row = m_model->rowOf(finished.constLast());
        if (row >= 0 && m_model->turn(row).storeId != 0 && !m_dirty.contains(finished.constLast())) {
            const std::optional<ConversationSummary> summary = m_store->summary(m_conversationId);
            if (summary && summary->titleSource == TitleSource::Prompt) {
                m_firstExchangeAnnounced = true;
                Q_EMIT firstExchangeFinished(m_conversationId);
            }
        }
    }
}

bool HistoryRecorder::insertPending(QList<qint64> *created)
{
    const int rows = m_model->rowCount();
    int row = 0;
    while (row < rows && m_model->turn(row).storeId != 0)
        ++row;
    if (row >= rows)
        return true;

    if (m_conversationId == 0) {
        QString prompt;
        for (int r = 0; r < rows; ++r) {
            if (m_model->turn(r).isUser()) {
                prompt = m_model->turn(r).text;
                break;
            }
        }
        const qint64 id = m_store->createConversation(m_settingsForNew, titleFromPrompt(prompt), TitleSource::Prompt);
        if (id == 0)
            return false;
        m_conversationId = id;
        m_firstExchangeAnnounced = false;
        created->append(id);
    } else if (row == 0 && m_model->turn(0).isUser()) {
        // A conversation made empty elsewhere gets its title from its first prompt too.
        const std::optional<ConversationSummary> summary = m_store->summary(m_conversationId);
        if (summary && summary->title.isEmpty() && summary->titleSource == TitleSource::Prompt)
            m_store->setTitle(m_conversationId, titleFromPrompt(m_model->turn(0).text), TitleSource::Prompt);
    }

    for (; row < rows; ++row) {
        const ChatTurn turn = m_model->turn(row);
        if (turn.storeId != 0)
            continue;
        const qint64 parent = row > 0 ? m_model->turn(row - 1).storeId : 0;
        if (row > 0 && parent == 0)
            return false; // cannot happen: rows are stored in order
        const qint64 storeId = m_store->insertTurn(m_conversationId, parent, turn);
        if (storeId == 0)
            return false;
        m_dirty.remove(turn.id); // stored as it is now

        int branch = 1;
        if (m_pendingBranch.row == row && m_pendingBranch.parent == parent)
            branch = m_pendingBranch.count;
        m_pendingBranch = {};

        // The store keeps attachments in its blob folder: the turn refers to those copies from now on.
        std::optional<ChatTurn> stored;
        if (!turn.attachments.isEmpty() && m_store->blobs()) {
            const Conversation path = m_store->path(m_conversationId);
            for (const ChatTurn &candidate : path.turns()) {
                if (candidate.storeId == storeId) {
                    stored = candidate;
                    break;
                }
            }
        }

        m_model->flush(); // announced before the guard, so a pending stream update stays a change
        const QScopedValueRollback<bool> applying(m_applying, true);
        m_model->updateTurn(row, [&](ChatTurn &t) {
            t.storeId = storeId;
            t.branchIndex = branch;
            t.branchCount = branch;
            if (stored) {
                t.attachments = stored->attachments;
                t.attachmentHashes = stored->attachmentHashes;
            }
        });
    }
    return true;
}

void HistoryRecorder::show(const Conversation &conversation, qint64 id)
{
    clearTracking();
    if (id != m_conversationId)
        m_firstExchangeAnnounced = false;
    m_conversationId = id;
    const QScopedValueRollback<bool> resetting(m_resetting, true);
    m_model->setConversation(conversation);
}

bool HistoryRecorder::anyBusy() const
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->turn(row).isBusy())
            return true;
    }
    return false;
}

void HistoryRecorder::reportFailure()
{
    if (m_failing)
        return; // said once per run of failures; the retries go on quietly
    m_failing = true;
    qCWarning(lcRecorder) << "history not saved:" << m_store->lastError();
    Q_EMIT saveFailed(m_store->lastError());
}

void HistoryRecorder::clearTracking()
{
    m_saveTimer.stop();
    m_dirty.clear();
    m_busy.clear();
    m_finishedFirst.clear();
    m_pendingBranch = {};
}
