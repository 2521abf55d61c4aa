#pragma once

#include "storetypes.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

class ChatModel;
class Conversation;
class ConversationStore;

// Writes one ChatModel's conversation ahead into the ConversationStore (architecture.md "data flow of
// one turn", steps 3 and 7):
// - a turn appended to the model is inserted at once, before control returns to whoever appended it
//   (ChatSession appends the user turn, then the Waiting answer, then sends: both are committed
//   before the request leaves); its storeId and branch position are set on the model's turn;
// - a turn that changes is rewritten: while an answer streams at most every SaveIntervalMs (so a
//   kill -9 loses at most that much), and at once when it is not busy (finished, stopped, failed);
// - turns removed from the model stay in the store as a branch (an edit or a regenerate keeps the
//   old path), unless removed with ChatModel::Removal::Discard (a retried failed answer), which
//   deletes them;
// - the first user turn gives a conversation without a title its title (the first line of the
//   prompt, shortened), and firstExchangeFinished() tells the app it may have a better one written.
//
// With no conversation (conversationId 0) nothing is written until the first turn is appended: then
// a conversation is created with settingsForNew() and conversationCreated() is emitted.
class HistoryRecorder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryRecorder)

public:
    static constexpr int SaveIntervalMs = 500;
    static constexpr int PromptTitleMaxChars = 60;

    // The model and the store must outlive the recorder.
    HistoryRecorder(ChatModel *model, ConversationStore *store, QObject *parent = nullptr);
    ~HistoryRecorder() override; // writes what is pending

    // Shows a stored conversation in the model (its visible path; a reset) and records into it.
    // 0: an empty model, recorded into a new conversation when the first turn comes.
    bool open(qint64 conversationId);
    qint64 conversationId() const { return m_conversationId; }

    // The settings a new conversation is created with (the app keeps them current).
    void setSettingsForNew(const ConversationSettings &settings) { m_settingsForNew = settings; }

    // Shows another alternative of the turn at `row` (offset -1 or +1). False when busy rows would
    // be replaced or there is no such alternative.
    bool switchBranch(int row, int offset);
    // Shows the path through a stored turn (a search hit); returns its row, or -1.
    int revealTurn(qint64 turnId);

    // Writes every pending change now.
    void flush();

    // A title for a new conversation from its first prompt: the first non-empty line, white space
    // collapsed, cut at a word boundary to PromptTitleMaxChars with "…"; "New chat" when empty.
    static QString titleFromPrompt(const QString &prompt);

Q_SIGNALS:
    void conversationCreated(qint64 conversationId);
    // The first answer of a conversation whose title came from its prompt ended with content.
    void firstExchangeFinished(qint64 conversationId);
    void saveFailed(const QString &message);

private:
    // A removal kept as a branch or discarded: the alternatives the next turn appended at `row` under
    // `parent` has (it is the last of `count`), so its < n/n > is right without reading the store.
    struct PendingBranch
    {
        int row = -1;
        qint64 parent = 0;
        int count = 1;
    };

    void onRowsInserted(int first, int last);
    void onDataChanged(int first, int last);
    void onTurnsAboutToBeRemoved(int first, int last, bool discard);
    void onModelReset();
    // Inserts the rows not stored yet (and the conversation when there is none), then rewrites the
    // dirty ones. When the store refuses, saveFailed is emitted and the write is tried again later.
    void writeDirty();
    // False when the store refused; `created` gets the id of a conversation made for the first turn.
    bool insertPending(QList<qint64> *created);
    // Shows `conversation` (a reset that writes nothing) as conversation `id`.
    void show(const Conversation &conversation, qint64 id);
    bool anyBusy() const;
    void reportFailure();
    void clearTracking();

    QPointer<ChatModel> m_model;
    ConversationStore *m_store;
    qint64 m_conversationId = 0;
    QSet<quint64> m_dirty; // Conversation turn ids with unsaved changes
    QTimer m_saveTimer;
    bool m_resetting = false;
    bool m_applying = false; // the recorder's own updateTurn (storeId, branch position) is not a change
    bool m_writing = false;
    bool m_failing = false; // saveFailed was emitted and nothing was written since
    bool m_firstExchangeAnnounced = false;
    QSet<quint64> m_busy;           // turn ids last seen Waiting or Streaming
    QList<quint64> m_finishedFirst; // first answers that just left busy (firstExchangeFinished after the write)
    PendingBranch m_pendingBranch;
    ConversationSettings m_settingsForNew;
};
