#pragma once

#include "chat/conversation.h"
#include "storetypes.h"

#include <QObject>
#include <QSet>
#include <QVariantList>

#include <optional>

class BlobCache;
class Database;
class QSqlDatabase;
class QSqlQuery;

// The history (architecture.md "store/"): conversations and their turns in the Database, read and
// written synchronously on the thread that owns the Database (every call is one statement or one
// transaction, milliseconds even with 10,000 conversations and 1,000,000 turns).
//
// Turns form a tree: each turn has a parent (0 for the first turn), and turns with the same parent
// are alternatives (an answer regenerated, a question edited). A conversation shows one path, from
// its first turn to its leaf: each turn on it carries storeId, branchIndex and branchCount. Going to
// another alternative (switchBranch) shows, below it, the path that was last shown there.
//
// Each turn is stored whole: role, state, text, attachments (with the sha256 of their blob), the
// prepared parts, model, every candidate (parts, finish reason, safety ratings, citations,
// grounding), the chosen one, prompt feedback, usage, model version, error and note. A search index
// (FTS5) holds each turn's shown text (user text, chosen answer) and each title.
//
// Errors: a call that fails returns false / 0 / nullopt / an empty list; lastError() says why in
// words for the user and failed() is emitted. Nothing is ever half written (transactions).
class ConversationStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationStore)

public:
    // `database` must be open and outlive the store; `blobs` may be null (attachments then keep their paths).
    explicit ConversationStore(Database *database, BlobCache *blobs = nullptr, QObject *parent = nullptr);
    ~ConversationStore() override;

    BlobCache *blobs() const { return m_blobs; }
    QString lastError() const { return m_lastError; }

    // ---- Conversations
    // Pinned first, then the most recently updated; not those in the trash.
    QList<ConversationSummary> conversations() const;
    std::optional<ConversationSummary> summary(qint64 conversationId) const;
    int conversationCount() const; // not those in the trash
    // A new, empty conversation; returns its id (0 on failure).
    qint64 createConversation(
        const ConversationSettings &settings, const QString &title = {}, TitleSource source = TitleSource::Prompt);
    bool setTitle(qint64 conversationId, const QString &title, TitleSource source);
    bool setPinned(qint64 conversationId, bool pinned);
    bool setSettings(qint64 conversationId, const ConversationSettings &settings);
    std::optional<ConversationSettings> settings(qint64 conversationId) const;
    // Delete with undo: a conversation in the trash is hidden everywhere (list, search) until restored
    // or purged. purgeTrash() deletes for good what is in the trash (turns, search entries, and blobs
    // no other turn references); the app calls it at start and when an undo is no longer offered.
    bool moveToTrash(qint64 conversationId);
    bool restoreFromTrash(qint64 conversationId);
    bool purgeTrash();
    // A copy of the settings and the visible path, titled "<title> (copy)"; returns the new id or 0.
    qint64 duplicate(qint64 conversationId);

    // ---- Turns
    // Stores a new turn as the child of parentTurnId (0: a first turn) and makes it the conversation's
    // leaf; the conversation's updated time moves. Attachments without an entry in attachmentHashes are
    // stored in the blobs first (when there is a BlobCache). Returns the turn's id (0 on failure).
    qint64 insertTurn(qint64 conversationId, qint64 parentTurnId, const ChatTurn &turn);
    // Rewrites stored turns (by their storeId) in one transaction: a streaming answer as it grows.
    bool updateTurns(const QList<ChatTurn> &turns);
    bool updateTurn(const ChatTurn &turn) { return updateTurns({turn}); }
    // Deletes a turn and every turn below it (a failed answer that is retried). The leaf moves to the
    // turn's parent when the leaf was below it.
    bool deleteTurn(qint64 turnId);
    // Makes `turnId` the conversation's leaf (the end of the visible path).
    bool setLeaf(qint64 conversationId, qint64 turnId);

    // The visible path, every turn with storeId, branchIndex and branchCount (and Conversation ids
    // assigned in order). Empty when the conversation has no turns or does not exist.
    Conversation path(qint64 conversationId) const;
    // Shows the alternative `offset` places from `turnId` (-1: the previous, +1: the next; clamped),
    // continues below it along the path last shown there, makes that the leaf and returns the path.
    Conversation switchBranch(qint64 turnId, int offset);
    // Makes a path through `turnId` visible (a search hit on a turn of another branch) and returns it.
    Conversation revealTurn(qint64 turnId);
    // The conversation a turn belongs to (0 if none).
    qint64 conversationOf(qint64 turnId) const;

    // At start: every answer left Waiting or Streaming by a previous run (quit or crash) becomes
    // Interrupted. Returns how many.
    int markInterrupted();

    // ---- Search (FTS5 over turn text and titles)
    // Each word of `text` matches as a prefix ("prot" finds "protocol"); all words must match in one
    // turn or title. Best matches first, at most `limit`. Text that is not a valid query is quoted, never
    // an error.
    // A word in more turns than CommonRows is too common for bm25 (it counts every row with the word
    // before ranking: a second for a word in most of a million turns): with such a word the newest
    // matches come first. A one-letter word matches whole words only (not as a prefix).
    QList<SearchHit> search(const QString &text, int limit = 100) const;
    static constexpr int CommonRows = 10000;

    // ---- Whole conversations
    std::optional<ConversationRecord> record(qint64 conversationId) const;
    // Stores each record as a new conversation (settings, title, times, pinned, its turns as one
    // path), all in one transaction: all are stored, or none. Returns the new ids.
    QList<qint64> importRecords(const QList<ConversationRecord> &records);
    // Every sha256 referenced by a stored turn (for BlobCache::collectGarbage); nullopt when it cannot
    // be known (then nothing may be collected).
    std::optional<QSet<QString>> referencedBlobs() const;
    // One stored turn as path() gives it (storeId set; branchIndex/branchCount not), or nullopt.
    std::optional<ChatTurn> turn(qint64 turnId) const;

Q_SIGNALS:
    // The list changed: a conversation was created, renamed, pinned, trashed, restored, imported, or
    // got a new turn (its updated time moved).
    void conversationsChanged();
    void failed(const QString &message);

private:
    bool fail(const QString &what, const QString &detail) const;
    bool isCommon(const QString &term) const;
    QSqlDatabase db() const;
    QSqlQuery prepare(const QString &sql) const;
    bool exec(QSqlQuery &query, const QString &what) const;
    // Binds the one id a lookup takes, runs it and moves to its row; false when there is none (or it failed).
    bool firstRowFor(QSqlQuery &query, qint64 id, const QString &what) const;
    static void bindSettings(QSqlQuery &query, const ConversationSettings &settings);
    bool updateConversation(
        qint64 conversationId, const QString &assignments, const QVariantList &values, const QString &what);
    // These run inside the caller's transaction.
    qint64 insertConversation(const ConversationSummary &summary, const ConversationSettings &settings);
    // knownDepth > 0: the caller knows the depth (and that the parent is in the conversation).
    qint64 insertTurnRow(
        qint64 conversationId, qint64 parentTurnId, const ChatTurn &turn, qint64 stamp, int knownDepth = 0);
    bool setLeafRow(qint64 conversationId, qint64 turnId, qint64 stamp);
    bool recordBlobs(qint64 turnId, const ChatTurn &turn);
    bool deleteTurnsDeepestFirst(const QList<qint64> &turnIds, const QString &what);
    qint64 nextStamp(qint64 conversationId) const;
    // The leaf reached from turnId by following, at each level, the child shown last.
    qint64 descend(qint64 turnId) const;
    QList<ChatTurn> pathTurns(qint64 conversationId) const;
    // The turn with its attachments kept in the blobs (hashes set, paths the blobs').
    ChatTurn withBlobs(const ChatTurn &turn) const;

    Database *m_database;
    BlobCache *m_blobs;
    mutable QString m_lastError;
};
