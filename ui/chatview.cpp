#include "chatview.h"

#include "chat/chatmodel.h"
#include "messagedelegate.h"

#include <QEvent>
#include <QMouseEvent>
#include <QScrollBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {

constexpr int FollowSlack = 8;   // pixels from the bottom that still count as "at the bottom"
constexpr int ButtonMargin = 12; // of the jump button from the viewport's corner

} // namespace

ChatView::ChatView(QWidget *parent)
    : QListView(parent)
    , m_delegate(new MessageDelegate(this))
{
    setObjectName(u"chatView"_s);
    setAccessibleName(tr("Conversation"));
    setItemDelegate(m_delegate);
    setFrameShape(QFrame::NoFrame);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setLayoutMode(QListView::Batched);
    setBatchSize(200);
    setUniformItemSizes(false);
    setSelectionMode(QAbstractItemView::NoSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers); // the reader opens on a double-click on text only
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setSpacing(0);
    verticalScrollBar()->setSingleStep(24);

    connect(m_delegate, &MessageDelegate::regenerateRequested, this, &ChatView::regenerateRequested);
    connect(m_delegate, &MessageDelegate::retryRequested, this, &ChatView::retryRequested);
    connect(m_delegate, &MessageDelegate::continueRequested, this, &ChatView::continueRequested);
    connect(m_delegate, &MessageDelegate::editRequested, this, &ChatView::editRequested);
    connect(m_delegate, &MessageDelegate::branchRequested, this, &ChatView::branchRequested);
    connect(m_delegate, &MessageDelegate::copied, this, &ChatView::copied);
    connect(m_delegate, &QAbstractItemDelegate::closeEditor, this, [this] { closeReader(); });

    m_jumpButton = new QToolButton(this);
    m_jumpButton->setObjectName(u"jumpToLatestButton"_s);
    m_jumpButton->setIcon(QIcon::fromTheme(u"go-down"_s, style()->standardIcon(QStyle::SP_ArrowDown)));
    m_jumpButton->setText(tr("Jump to latest"));
    m_jumpButton->setToolTip(tr("Scroll to the latest message and follow it"));
    m_jumpButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_jumpButton->setCursor(Qt::PointingHandCursor);
    m_jumpButton->hide();
    connect(m_jumpButton, &QToolButton::clicked, this, &ChatView::scrollToLatest);

    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::rangeChanged, this, [this](int, int maximum) { onRangeChanged(maximum); });
    connect(bar, &QScrollBar::valueChanged, this, &ChatView::onScrolled);
}

ChatView::~ChatView() = default;

void ChatView::setChatModel(ChatModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    closeReader();
    m_delegate->clearCaches();
    m_model = model;
    setModel(model);
    if (!model)
        return;
    connect(model, &QAbstractItemModel::dataChanged, this, &ChatView::onDataChanged);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_delegate->clearCaches();
        m_delegate->setEditingTurn(0);
        setFollowing(true);
    });
    // The rows before them change their buttons (only the last answer can be regenerated).
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] { viewport()->update(); });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!m_readerIndex.isValid())
            m_delegate->setEditingTurn(0);
        viewport()->update();
    });
    setFollowing(true);
}

QStyleOptionViewItem ChatView::optionForIndex(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    option.index = index;
    return option;
}

QWidget *ChatView::reader() const
{
    return m_readerIndex.isValid() ? indexWidget(m_readerIndex) : nullptr;
}

void ChatView::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // Not optionForIndex(): visualRect() would lay out every row now, on every streamed update.
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QModelIndex changed = m_model->index(row);
        option.index = changed;
        m_delegate->rowChanged(option, changed);
    }
}

void ChatView::onRangeChanged(int maximum)
{
    if (m_following) {
        m_adjusting = true;
        verticalScrollBar()->setValue(maximum);
        m_adjusting = false;
    }
    placeJumpButton();
}

void ChatView::onScrolled(int value)
{
    if (m_adjusting)
        return;
    setFollowing(value >= verticalScrollBar()->maximum() - FollowSlack);
}

void ChatView::setFollowing(bool following)
{
    m_jumpButton->setVisible(!following);
    if (!following)
        m_jumpButton->raise();
    if (following == m_following)
        return;
    m_following = following;
    Q_EMIT followingLatestChanged(following);
}

void ChatView::scrollToLatest()
{
    setFollowing(true);
    m_adjusting = true;
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    m_adjusting = false;
}

void ChatView::placeJumpButton()
{
    m_jumpButton->adjustSize();
    const QRect area = viewport()->geometry();
    m_jumpButton->move(area.right() - m_jumpButton->width() - ButtonMargin + 1,
        area.bottom() - m_jumpButton->height() - ButtonMargin + 1);
}

void ChatView::resizeEvent(QResizeEvent *event)
{
    QListView::resizeEvent(event);
    const int width = viewport()->width();
    if (width != m_lastWidth) {
        m_lastWidth = width;
        m_delegate->setViewWidth(width);
        scheduleDelayedItemsLayout();
    }
    placeJumpButton();
    if (m_following)
        scrollToLatest();
}

void ChatView::mouseMoveEvent(QMouseEvent *event)
{
    QListView::mouseMoveEvent(event);
    const QPoint pos = event->position().toPoint();
    const QModelIndex index = indexAt(pos);
    const bool clickable = index.isValid() && m_delegate->isClickable(optionForIndex(index), index, pos);
    if (clickable)
        viewport()->setCursor(Qt::PointingHandCursor);
    else
        viewport()->unsetCursor();
}

void ChatView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const QModelIndex index = indexAt(pos);
    if (event->button() == Qt::LeftButton && index.isValid()) {
        const QStyleOptionViewItem option = optionForIndex(index);
        if (m_delegate->textRect(option, index).contains(pos) && !m_delegate->isClickable(option, index, pos)) {
            openReader(index);
            event->accept();
            return;
        }
    }
    QListView::mouseDoubleClickEvent(event);
}

bool ChatView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::Leave)
        viewport()->unsetCursor();
    return QListView::viewportEvent(event);
}

void ChatView::changeEvent(QEvent *event)
{
    QListView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        // The documents carry colours and fonts of their own.
        m_delegate->clearCaches();
        scheduleDelayedItemsLayout();
        viewport()->update();
    }
}

void ChatView::openReader(const QModelIndex &index)
{
    closeReader();
    m_readerIndex = index;
    m_delegate->setEditingTurn(index.data(ChatModel::TurnIdRole).toULongLong());
    // A persistent editor: the view keeps it over its row while scrolling, whatever the model's flags.
    openPersistentEditor(index);
    if (QWidget *editor = indexWidget(index))
        editor->setFocus(Qt::MouseFocusReason);
    viewport()->update(visualRect(index));
}

void ChatView::closeReader()
{
    if (!m_readerIndex.isValid()) {
        m_delegate->setEditingTurn(0);
        return;
    }
    const QPersistentModelIndex index = m_readerIndex;
    m_readerIndex = QPersistentModelIndex();
    m_delegate->setEditingTurn(0);
    closePersistentEditor(index);
    viewport()->update(visualRect(index));
    setFocus(Qt::OtherFocusReason);
}
