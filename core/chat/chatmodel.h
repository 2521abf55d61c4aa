#pragma once

#include "conversation.h"

#include <QAbstractListModel>
#include <QSet>
#include <QTimer>

#include <functional>

// The rows of the chat view: one per turn of the Conversation it owns. All changes go through the
// model, so views hear of each. Streamed text is applied at once but announced (dataChanged) at most
// MaxUpdatesPerSecond times a second: a view repaints a streaming row ~30 times a second however
// fast the deltas come. Everything else is announced at once (and flushes pending stream updates
// first, so views see changes in order).
class ChatModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatModel)

public:
    enum Role {
        RoleRole = Qt::UserRole + 1, // QString: "user" or "model"
        TextRole,                    // QString: the user's text, or the chosen answer's Markdown (also DisplayRole)
        ThoughtsRole,                // QString: thought summaries of the chosen candidate
        StateRole,                   // int: ChatTurn::State
        NoticeRole,                  // QString: ChatTurn::notice()
        ErrorRole,                   // QString: the error's user message (Failed), else empty
        FinishReasonRole,            // QString
        ModelRole,                   // QString: the model asked
        ModelVersionRole,            // QString: the model version that answered
        PromptTokensRole,            // int, -1 when unknown
        AnswerTokensRole,            // int, -1 when unknown
        ThoughtTokensRole,           // int, -1 when unknown
        CandidateCountRole,          // int
        ChosenCandidateRole,         // int
        AttachmentNamesRole,         // QStringList: the display names of the user turn's attachments
        TurnIdRole,                  // quint64 (as qulonglong)
        RevisionRole,                // int
        BusyRole,                    // bool: Waiting or Streaming
        NoteRole,                    // QString: ChatTurn::note (what the app did to the turn)
        BranchIndexRole,             // int: 1-based, among the turn's alternatives
        BranchCountRole,             // int: how many alternatives (1: none)
        StoreIdRole,                 // qlonglong: the turn's row in the history (0: not stored)
    };
    Q_ENUM(Role)

    static constexpr int MaxUpdatesPerSecond = 30;

    explicit ChatModel(QObject *parent = nullptr);
    ~ChatModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const Conversation &conversation() const { return m_conversation; }
    const ChatTurn &turn(int row) const { return m_conversation.at(row); }
    int rowOf(quint64 turnId) const { return int(m_conversation.rowOf(turnId)); }

    // Replaces the whole conversation (a reset).
    void setConversation(const Conversation &conversation);
    void clear();

    // Appends a turn; returns its row.
    int appendTurn(ChatTurn turn);
    // How removed turns are kept in the history: as a branch that can be shown again (an edit, a
    // regenerate), or discarded (a failed answer that is retried).
    enum class Removal {
        KeepAsBranch,
        Discard,
    };
    // Removes the turns from `row` to the end (turnsAboutToBeRemoved first).
    void removeTurnsFrom(int row, Removal removal = Removal::KeepAsBranch);
    // Changes a turn and announces it at once (its revision is bumped).
    void updateTurn(int row, const std::function<void(ChatTurn &)> &change);

    // Streaming: appends text (or a thought) to a candidate of a model turn, creating the candidate
    // when needed; announced with the next coalesced update.
    void appendText(int row, int candidateIndex, const QString &text, bool thought = false);
    // Announces pending stream updates now.
    void flush();
    bool hasPendingUpdates() const { return !m_pending.isEmpty(); }

    // Chooses the candidate that is shown and goes into the history.
    void setChosenCandidate(int row, int candidateIndex);

Q_SIGNALS:
    // Before removeTurnsFrom() removes rows first..last (the turns are still there).
    void turnsAboutToBeRemoved(int first, int last, ChatModel::Removal removal);

private:
    void scheduleUpdate(int row);

    Conversation m_conversation;
    QSet<int> m_pending; // rows with stream updates not announced yet
    QTimer m_updateTimer;
};
