#pragma once

#include <QListView>
#include <QPersistentModelIndex>

class ChatModel;
class MessageDelegate;
class QToolButton;

// The conversation: one row per turn of a ChatModel, painted by a MessageDelegate (qt-house-style.md
// §3a: QListView, painted delegate, bounded document cache, Batched layout). While the view is at the
// bottom, new rows and growing rows keep the bottom in view; once the reader scrolls up it stays put
// and a "Jump to latest" button appears, until the reader clicks it or scrolls back down.
// Double-clicking a message's text opens a read-only reader over it to select and copy from.
class ChatView final : public QListView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatView)

public:
    explicit ChatView(QWidget *parent = nullptr);
    ~ChatView() override;

    void setChatModel(ChatModel *model);
    ChatModel *chatModel() const { return m_model; }
    MessageDelegate *messageDelegate() const { return m_delegate; }
    QToolButton *jumpToLatestButton() const { return m_jumpButton; }

    bool isFollowingLatest() const { return m_following; }
    void scrollToLatest();

    // The style option the delegate gets for a row (its rect included), for hit tests.
    QStyleOptionViewItem optionForIndex(const QModelIndex &index) const;
    // The read-only reader open over a row's text, if any.
    QWidget *reader() const;

Q_SIGNALS:
    void regenerateRequested();
    void retryRequested();
    void continueRequested();
    void editRequested(int row);
    void branchRequested(int row, int offset);
    void copied(const QString &what);
    void followingLatestChanged(bool following);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onRangeChanged(int maximum);
    void onScrolled(int value);
    void setFollowing(bool following);
    void placeJumpButton();
    void openReader(const QModelIndex &index);
    void closeReader();

    ChatModel *m_model = nullptr;
    MessageDelegate *m_delegate = nullptr;
    QToolButton *m_jumpButton = nullptr;
    QPersistentModelIndex m_readerIndex;
    bool m_following = true;
    bool m_adjusting = false; // scrolling on our own: not the reader's choice
    int m_lastWidth = -1;
};
