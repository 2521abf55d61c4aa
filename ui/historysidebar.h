#pragma once

#include <QDateTime>
#include <QPointer>
#include <QWidget>

class ConversationListModel;
class ConversationStore;
class QLineEdit;
class QListView;
class QMenu;
class QShortcut;
class QStackedWidget;
class QStandardItemModel;
class QTimer;
class QLabel;
class QToolButton;

// The history in the left dock: a search field over the conversation list.
// - The list: newest first, pinned on top; the open conversation is selected. Enter or a click
//   opens one; F2 renames in place; Delete moves it to the trash with an "Undo" bar (the trash is
//   purged when the bar goes); the context menu (and Shift+F10 / the Menu key) offers Rename, Pin or
//   Unpin, Duplicate, Export…, Delete. Up/Down move; Ctrl+F goes to the search field.
// - Search: typing searches every conversation (title and message text) after SearchDelayMs and shows
//   the hits instead of the list, matched words in bold; Enter or a click opens the conversation at
//   that turn; Escape clears the search and goes back to the list; Down moves from the field into the
//   hits.
class HistorySidebar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistorySidebar)

public:
    static constexpr int SearchDelayMs = 120;
    static constexpr int UndoTimeoutMs = 8000;
    static constexpr int MaxSearchHits = 100;

    // The search results' roles (resultView()->model()); DisplayRole is the conversation's title.
    enum ResultRole {
        ResultConversationIdRole = Qt::UserRole + 1, // qlonglong
        ResultTurnIdRole,                            // qlonglong (0: the title matched)
        ResultTitleHtmlRole,                         // QString: the title, marked words in <b>
        ResultSnippetHtmlRole,                       // QString: the snippet, marked words in <b>
        ResultUpdatedRole,                           // QDateTime
        ResultPinnedRole,                            // bool
        ResultSnippetRawRole,                        // QString: the snippet as the store gave it
    };

    explicit HistorySidebar(ConversationStore *store, QWidget *parent = nullptr);
    ~HistorySidebar() override; // purges a pending delete

    // Selects the open conversation (0: none) without emitting anything.
    void setCurrentConversation(qint64 conversationId);
    qint64 currentConversation() const { return m_current; }
    // The conversations selected in the list (Ctrl/Shift+click), in list order.
    QList<qint64> selectedConversations() const;

    void focusSearch();
    void setSearchText(const QString &text); // as if typed (searches after the delay)
    void searchNow();                        // runs a pending search at once (tests)
    bool isShowingResults() const;           // a search is shown (hits or the "no match" text)
    ConversationListModel *listModel() const { return m_listModel; }
    QListView *listView() const { return m_list; }
    QListView *resultView() const { return m_results; }
    QLineEdit *searchField() const { return m_search; }
    QLabel *noResultsLabel() const { return m_noResults; }
    QWidget *undoBar() const { return m_undoBar; }

    // Actions on a conversation (the context menu's): also used by the window's menu.
    void renameConversation(qint64 conversationId); // starts in-place editing
    void togglePinned(qint64 conversationId);
    void duplicateConversation(qint64 conversationId);
    void deleteConversation(qint64 conversationId); // to the trash, with the undo bar
    void undoDelete();
    // The context menu for a conversation (Rename, Pin/Unpin, Duplicate, Export…, Delete; objectNames
    // "renameAction", "pinAction", "duplicateAction", "exportAction", "deleteAction"). The caller owns it.
    QMenu *createContextMenu(qint64 conversationId, QWidget *parent = nullptr);

    // How long the undo bar stays (UndoTimeoutMs; shorter in tests).
    void setUndoTimeout(int ms);
    int undoTimeout() const;

    // "Just now", "5 min ago", "3 h ago", "Yesterday", "Mon", "12 Mar", "12 Mar 2024" (local time).
    static QString relativeTime(const QDateTime &when, const QDateTime &now = QDateTime::currentDateTime());
    // A search snippet as HTML: the text between SearchHit::MarkStart and MarkEnd in <b>, the rest escaped.
    static QString snippetHtml(const QString &snippet);

Q_SIGNALS:
    void conversationActivated(qint64 conversationId);
    // A search hit: open this conversation and show this turn (0: a title hit, the top).
    void turnActivated(qint64 conversationId, qint64 turnId);
    void newChatRequested();
    void exportRequested(const QList<qint64> &conversationIds);
    // The open conversation went to the trash (the window then shows a new chat) / came back (undo).
    void conversationDeleted(qint64 conversationId);
    void conversationRestored(qint64 conversationId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onSearchTextChanged(const QString &text);
    void runSearch();
    void clearSearch();
    void showList();
    void activateListIndex(const QModelIndex &index);
    void activateResultIndex(const QModelIndex &index);
    void showContextMenu(const QPoint &viewportPos, bool fromKeyboard);
    void finishPendingDelete(); // the bar goes: purge the trash
    void selectCurrentIfUnselected();
    qint64 currentListId() const;

    QPointer<ConversationStore> m_store;
    ConversationListModel *m_listModel = nullptr;
    QStandardItemModel *m_resultModel = nullptr;
    QLineEdit *m_search = nullptr;
    QStackedWidget *m_stack = nullptr;
    QListView *m_list = nullptr;
    QListView *m_results = nullptr;
    QLabel *m_noResults = nullptr;
    QToolButton *m_newChat = nullptr;
    QWidget *m_undoBar = nullptr;
    QLabel *m_undoLabel = nullptr;
    QTimer *m_searchTimer = nullptr;
    QTimer *m_undoTimer = nullptr;
    QTimer *m_clock = nullptr; // repaints the relative times
    QShortcut *m_undoShortcut = nullptr;
    qint64 m_current = 0;
    qint64 m_pendingDelete = 0;
    bool m_extendingSelection = false; // the last press on the list had Ctrl or Shift
    bool m_pendingWasCurrent = false;
};
