#include "historysidebar.h"

#include "store/conversationlistmodel.h"
#include "store/conversationstore.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QContextMenuEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QShortcut>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr int HorizontalPadding = 10;
constexpr int VerticalPadding = 6;
constexpr int LineGap = 2;
constexpr int PinSize = 12;
constexpr int ClockIntervalMs = 60'000;
constexpr int MaxQueryShown = 60;
constexpr int MaxUndoTitleShown = 40;

QFont smallFont(const QFont &font)
{
    QFont small = font;
    if (font.pointSizeF() > 0)
        small.setPointSizeF(font.pointSizeF() * 0.9);
    else if (font.pixelSize() > 0)
        small.setPixelSize(qMax(8, font.pixelSize() * 9 / 10));
    return small;
}

QPalette::ColorGroup colorGroup(const QStyleOptionViewItem &option)
{
    if (!(option.state & QStyle::State_Enabled))
        return QPalette::Disabled;
    return (option.state & QStyle::State_Active) ? QPalette::Normal : QPalette::Inactive;
}

QColor textColor(const QStyleOptionViewItem &option)
{
    const bool selected = option.state & QStyle::State_Selected;
    return option.palette.color(colorGroup(option), selected ? QPalette::HighlightedText : QPalette::Text);
}

// The second line's colour: the text colour, faded towards the background it is drawn on.
QColor mutedColor(const QStyleOptionViewItem &option)
{
    const bool selected = option.state & QStyle::State_Selected;
    const QColor fore = textColor(option);
    const QColor back = option.palette.color(colorGroup(option), selected ? QPalette::Highlight : QPalette::Base);
    const auto mix = [](int a, int b) { return (a * 62 + b * 38) / 100; };
    return QColor(mix(fore.red(), back.red()), mix(fore.green(), back.green()), mix(fore.blue(), back.blue()));
}

QString elideChars(const QString &text, int max)
{
    return text.size() <= max ? text : text.left(max - 1) + u'…';
}

// Titles and snippets are shown on one line: line breaks and tabs become spaces.
QString oneLine(const QString &text)
{
    QString line = text;
    for (QChar &c : line) {
        if (c == u'\n' || c == u'\r' || c == u'\t' || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            c = u' ';
    }
    return line;
}

QString shownModel(const QString &model)
{
    return model.startsWith(u"models/"_s) ? model.mid(7) : model;
}

void drawStyledBackground(QPainter *painter, const QStyleOptionViewItem &option)
{
    QStyleOptionViewItem background = option;
    background.text.clear();
    background.icon = {};
    background.features &= ~(QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasDecoration);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
}

// A push pin, tilted: the glyph of a pinned conversation (no font is sure to have one).
void drawPin(QPainter *painter, const QRectF &rect, const QColor &color)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->translate(rect.center());
    painter->rotate(40);
    const qreal s = rect.height();
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(QRectF(-s * 0.22, -s * 0.5, s * 0.44, s * 0.16), 1, 1);
    painter->drawRect(QRectF(-s * 0.12, -s * 0.36, s * 0.24, s * 0.3));
    painter->drawRoundedRect(QRectF(-s * 0.32, -s * 0.08, s * 0.64, s * 0.13), 1, 1);
    painter->setPen(QPen(color, qMax<qreal>(1.0, s * 0.09), Qt::SolidLine, Qt::RoundCap));
    painter->drawLine(QPointF(0, s * 0.05), QPointF(0, s * 0.5));
    painter->restore();
}

// Draws a line with its SearchHit marks in bold, elided at the rect's right edge.
void drawMarkedLine(QPainter *painter, const QRect &rect, const QString &marked, const QFont &font)
{
    QFont bold = font;
    bold.setBold(true);
    int x = rect.left();
    bool inMark = false;
    QString segment;
    const auto flush = [&]() -> bool {
        if (segment.isEmpty())
            return true;
        const QFont &f = inMark ? bold : font;
        const QFontMetrics metrics(f);
        painter->setFont(f);
        const int available = rect.right() + 1 - x;
        const int width = metrics.horizontalAdvance(segment);
        if (width > available) {
            const QString elided = metrics.elidedText(segment, Qt::ElideRight, available);
            painter->drawText(QRect(x, rect.top(), available, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, elided);
            segment.clear();
            return false;
        }
        painter->drawText(QRect(x, rect.top(), width, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, segment);
        x += width;
        segment.clear();
        return true;
    };
    for (const QChar c : marked) {
        if (c == SearchHit::MarkStart || c == SearchHit::MarkEnd) {
            if (!flush())
                return;
            inMark = c == SearchHit::MarkStart;
            continue;
        }
        segment.append(c);
    }
    flush();
}

// The rows of both lists: a title line over smaller, muted lines, on the style's background.
class TwoLineDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    struct Row
    {
        QStyleOptionViewItem option; // initialized for the index
        QRect area;                  // inside the padding
        QFont small;
        QColor text;
        QColor muted;
    };

    // Paints the background and saves the painter (the caller restores it).
    Row beginRow(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
    {
        Row row;
        row.option = option;
        initStyleOption(&row.option, index);
        drawStyledBackground(painter, row.option);
        painter->save();
        row.area = row.option.rect.adjusted(HorizontalPadding, VerticalPadding, -HorizontalPadding, -VerticalPadding);
        row.small = smallFont(row.option.font);
        row.text = textColor(row.option);
        row.muted = mutedColor(row.option);
        return row;
    }
};

// The conversation list's rows: the title on one line, below it the time and the model, a pin for
// the pinned ones. All rows have the same height (the view sets uniformItemSizes).
class ConversationDelegate final : public TwoLineDelegate
{
public:
    using TwoLineDelegate::TwoLineDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        const QFontMetrics title(option.font);
        const QFontMetrics small(smallFont(option.font));
        return {HorizontalPadding * 2 + 120, VerticalPadding * 2 + title.height() + LineGap + small.height()};
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const Row row = beginRow(painter, option, index);
        const QStyleOptionViewItem &opt = row.option;
        const QRect &area = row.area;
        const QFont &small = row.small;
        const QColor &muted = row.muted;
        const QFontMetrics titleMetrics(opt.font);
        const QFontMetrics smallMetrics(small);
        const bool pinned = index.data(ConversationListModel::PinnedRole).toBool();

        QRect titleRect(area.left(), area.top(), area.width(), titleMetrics.height());
        if (pinned) {
            const QRectF pin(area.right() + 1 - PinSize, titleRect.center().y() + 1 - PinSize / 2.0, PinSize, PinSize);
            drawPin(painter, pin, muted);
            titleRect.setRight(titleRect.right() - PinSize - 4);
        }
        QString title = oneLine(index.data(ConversationListModel::TitleRole).toString()).trimmed();
        if (title.isEmpty())
            title = HistorySidebar::tr("Untitled");
        painter->setFont(opt.font);
        painter->setPen(row.text);
        painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
            titleMetrics.elidedText(title, Qt::ElideRight, titleRect.width()));

        QString detail = HistorySidebar::relativeTime(index.data(ConversationListModel::UpdatedRole).toDateTime());
        const QString model = shownModel(index.data(ConversationListModel::ModelRole).toString());
        if (!model.isEmpty())
            detail += detail.isEmpty() ? model : u" · "_s + model;
        const QRect detailRect(area.left(), titleRect.bottom() + 1 + LineGap, area.width(), smallMetrics.height());
        painter->setFont(small);
        painter->setPen(muted);
        painter->drawText(detailRect, Qt::AlignLeft | Qt::AlignVCenter,
            smallMetrics.elidedText(detail, Qt::ElideRight, detailRect.width()));

        // A hairline under the last pinned conversation: the pinned group ends here.
        const QModelIndex next = index.siblingAtRow(index.row() + 1);
        if (pinned && next.isValid() && !next.data(ConversationListModel::PinnedRole).toBool()) {
            painter->setPen(opt.palette.color(QPalette::Mid));
            painter->drawLine(opt.rect.left() + HorizontalPadding, opt.rect.bottom(),
                opt.rect.right() - HorizontalPadding, opt.rect.bottom());
        }
        painter->restore();
    }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        auto *editor = new QLineEdit(parent);
        editor->setMaxLength(ConversationListModel::MaxTitleLength);
        editor->setAccessibleName(HistorySidebar::tr("Conversation title"));
        return editor;
    }

    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        const int height = qMin(option.rect.height(), editor->sizeHint().height());
        QRect rect = option.rect.adjusted(HorizontalPadding / 2, 0, -HorizontalPadding / 2, 0);
        rect.setTop(option.rect.top() + (option.rect.height() - height) / 2);
        rect.setHeight(height);
        editor->setGeometry(rect);
    }
};

// The search hits: the conversation's title and time, below it up to two lines of the snippet with
// the matched words in bold.
class SearchHitDelegate final : public TwoLineDelegate
{
public:
    using TwoLineDelegate::TwoLineDelegate;

    static constexpr int SnippetLines = 2;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        const QFontMetrics title(option.font);
        const QFontMetrics small(smallFont(option.font));
        return {HorizontalPadding * 2 + 120,
            VerticalPadding * 2 + title.height() + LineGap + small.lineSpacing() * SnippetLines};
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const Row row = beginRow(painter, option, index);
        const QStyleOptionViewItem &opt = row.option;
        const QRect &area = row.area;
        const QFont &small = row.small;
        const QColor &text = row.text;
        const QColor &muted = row.muted;
        const QFontMetrics titleMetrics(opt.font);
        const QFontMetrics smallMetrics(small);
        const qint64 turnId = index.data(HistorySidebar::ResultTurnIdRole).toLongLong();

        QRect titleRect(area.left(), area.top(), area.width(), titleMetrics.height());
        const QString when = HistorySidebar::relativeTime(index.data(HistorySidebar::ResultUpdatedRole).toDateTime());
        if (!when.isEmpty()) {
            const int width = smallMetrics.horizontalAdvance(when);
            painter->setFont(small);
            painter->setPen(muted);
            painter->drawText(QRect(titleRect.right() + 1 - width, titleRect.top(), width, titleRect.height()),
                Qt::AlignRight | Qt::AlignVCenter, when);
            titleRect.setRight(titleRect.right() - width - 8);
        }
        painter->setPen(text);
        QString title = oneLine(index.data(Qt::DisplayRole).toString());
        if (turnId == 0) // a title hit: the snippet is the title with its marks
            title = oneLine(index.data(HistorySidebar::ResultSnippetRawRole).toString());
        if (title.trimmed().isEmpty())
            title = HistorySidebar::tr("Untitled");
        drawMarkedLine(painter, titleRect, title, opt.font);

        const QRect snippetRect(
            area.left(), titleRect.bottom() + 1 + LineGap, area.width(), area.bottom() - titleRect.bottom() - LineGap);
        if (turnId == 0) {
            QFont italic = small;
            italic.setItalic(true);
            painter->setFont(italic);
            painter->setPen(muted);
            painter->drawText(snippetRect, Qt::AlignLeft | Qt::AlignTop,
                QFontMetrics(italic).elidedText(
                    HistorySidebar::tr("Matched in the title"), Qt::ElideRight, snippetRect.width()));
        } else {
            QTextDocument document;
            document.setDocumentMargin(0);
            document.setDefaultFont(small);
            document.setDefaultStyleSheet(u"b { color: %1; }"_s.arg(text.name()));
            document.setHtml(index.data(HistorySidebar::ResultSnippetHtmlRole).toString());
            document.setTextWidth(snippetRect.width());
            // Clip at the end of the last line that fits, never through the middle of one.
            qreal clip = snippetRect.height();
            if (QTextLayout *layout = document.firstBlock().layout(); layout && layout->lineCount() > 0) {
                const int last = qMin(layout->lineCount(), SnippetLines) - 1;
                clip = qMin(clip, layout->position().y() + layout->lineAt(last).rect().bottom() + 1);
            }
            QAbstractTextDocumentLayout::PaintContext context;
            context.palette = opt.palette;
            context.palette.setColor(QPalette::Text, muted);
            context.clip = QRectF(0, 0, snippetRect.width(), clip);
            painter->translate(snippetRect.topLeft());
            painter->setClipRect(context.clip);
            document.documentLayout()->draw(painter, context);
        }
        painter->restore();
    }
};

bool isEnter(const QKeyEvent *event)
{
    return (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && !(event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier | Qt::AltModifier));
}

} // namespace

HistorySidebar::HistorySidebar(ConversationStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_listModel(new ConversationListModel(store, this))
    , m_resultModel(new QStandardItemModel(this))
    , m_search(new QLineEdit(this))
    , m_stack(new QStackedWidget(this))
    , m_list(new QListView(this))
    , m_results(new QListView(this))
    , m_noResults(new QLabel(this))
    , m_newChat(new QToolButton(this))
    , m_undoBar(new QFrame(this))
    , m_undoLabel(new QLabel(this))
    , m_searchTimer(new QTimer(this))
    , m_undoTimer(new QTimer(this))
    , m_clock(new QTimer(this))
{
    m_newChat->setObjectName(u"newChatButton"_s);
    m_newChat->setText(tr("New Chat"));
    m_newChat->setToolTip(tr("Start a new conversation (Ctrl+N)"));
    QIcon newIcon = QIcon::fromTheme(u"document-new"_s);
    if (newIcon.isNull())
        newIcon = QIcon::fromTheme(u"list-add"_s);
    m_newChat->setIcon(newIcon);
    m_newChat->setToolButtonStyle(newIcon.isNull() ? Qt::ToolButtonTextOnly : Qt::ToolButtonTextBesideIcon);
    m_newChat->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(m_newChat, &QToolButton::clicked, this, &HistorySidebar::newChatRequested);

    m_search->setObjectName(u"historySearch"_s);
    m_search->setPlaceholderText(tr("Search conversations (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search conversations"));
    m_search->setClearButtonEnabled(true);
    if (const QIcon find = QIcon::fromTheme(u"edit-find"_s); !find.isNull())
        m_search->addAction(find, QLineEdit::LeadingPosition);
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, &HistorySidebar::onSearchTextChanged);

    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(SearchDelayMs);
    connect(m_searchTimer, &QTimer::timeout, this, &HistorySidebar::runSearch);

    m_list->setObjectName(u"historyList"_s);
    m_list->setAccessibleName(tr("Conversations"));
    m_list->setModel(m_listModel);
    m_list->setItemDelegate(new ConversationDelegate(m_list));
    m_list->setUniformItemSizes(true);
    // Ctrl+click and Shift+click pick several conversations (to export them together); a plain click
    // opens one.
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setMouseTracking(true);
    m_list->setContextMenuPolicy(Qt::DefaultContextMenu);
    m_list->installEventFilter(this);
    m_list->viewport()->installEventFilter(this);
    connect(m_list, &QListView::clicked, this, &HistorySidebar::activateListIndex);
    connect(m_listModel, &QAbstractItemModel::rowsInserted, this, &HistorySidebar::selectCurrentIfUnselected);
    connect(m_listModel, &QAbstractItemModel::modelReset, this, &HistorySidebar::selectCurrentIfUnselected);

    m_results->setObjectName(u"historyResults"_s);
    m_results->setAccessibleName(tr("Search results"));
    m_results->setModel(m_resultModel);
    m_results->setItemDelegate(new SearchHitDelegate(m_results));
    m_results->setUniformItemSizes(true);
    m_results->setSelectionMode(QAbstractItemView::SingleSelection);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_results->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_results->setFrameShape(QFrame::NoFrame);
    m_results->setMouseTracking(true);
    m_results->installEventFilter(this);
    connect(m_results, &QListView::clicked, this, &HistorySidebar::activateResultIndex);

    m_noResults->setObjectName(u"historyNoResults"_s);
    m_noResults->setTextFormat(Qt::PlainText);
    m_noResults->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_noResults->setWordWrap(true);
    m_noResults->setMargin(16);
    m_noResults->setForegroundRole(QPalette::PlaceholderText);

    m_stack->addWidget(m_list);
    m_stack->addWidget(m_results);
    m_stack->addWidget(m_noResults);
    m_stack->setCurrentWidget(m_list);

    // The undo bar: "Deleted “title”. [Undo] [×]".
    auto *bar = static_cast<QFrame *>(m_undoBar);
    bar->setObjectName(u"historyUndoBar"_s);
    bar->setFrameShape(QFrame::StyledPanel);
    bar->setAutoFillBackground(true);
    bar->setBackgroundRole(QPalette::AlternateBase);
    m_undoLabel->setTextFormat(Qt::PlainText);
    m_undoLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *undoButton = new QToolButton(bar);
    undoButton->setObjectName(u"historyUndoButton"_s);
    undoButton->setText(tr("Undo"));
    undoButton->setToolTip(tr("Bring the conversation back (Ctrl+Z)"));
    connect(undoButton, &QToolButton::clicked, this, &HistorySidebar::undoDelete);
    auto *dismiss = new QToolButton(bar);
    dismiss->setObjectName(u"historyUndoDismiss"_s);
    dismiss->setText(u"×"_s);
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Dismiss"));
    dismiss->setAccessibleName(tr("Dismiss"));
    connect(dismiss, &QToolButton::clicked, this, &HistorySidebar::finishPendingDelete);
    auto *barLayout = new QHBoxLayout(bar);
    barLayout->setContentsMargins(8, 4, 4, 4);
    barLayout->addWidget(m_undoLabel, 1);
    barLayout->addWidget(undoButton);
    barLayout->addWidget(dismiss);
    bar->hide();

    m_undoTimer->setSingleShot(true);
    m_undoTimer->setInterval(UndoTimeoutMs);
    connect(m_undoTimer, &QTimer::timeout, this, &HistorySidebar::finishPendingDelete);

    // "5 min ago" must not stay "Just now".
    m_clock->setInterval(ClockIntervalMs);
    connect(m_clock, &QTimer::timeout, this, [this] {
        m_list->viewport()->update();
        m_results->viewport()->update();
    });
    m_clock->start();

    auto *findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QShortcut::activated, this, &HistorySidebar::focusSearch);
    // Only while an undo is offered, so that it never competes with another Ctrl+Z.
    m_undoShortcut = new QShortcut(QKeySequence::Undo, this);
    m_undoShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    m_undoShortcut->setEnabled(false);
    connect(m_undoShortcut, &QShortcut::activated, this, &HistorySidebar::undoDelete);

    auto *header = new QVBoxLayout;
    header->setContentsMargins(6, 6, 6, 6);
    header->setSpacing(6);
    header->addWidget(m_newChat);
    header->addWidget(m_search);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_undoBar);

    setFocusProxy(m_list);
    setTabOrder(m_newChat, m_search);
    setTabOrder(m_search, m_list);
}

HistorySidebar::~HistorySidebar()
{
    m_undoTimer->stop();
    if (m_pendingDelete != 0 && m_store)
        m_store->purgeTrash();
}

void HistorySidebar::setCurrentConversation(qint64 conversationId)
{
    m_current = conversationId;
    QItemSelectionModel *selection = m_list->selectionModel();
    const int row = m_listModel->rowOf(conversationId);
    if (row < 0) {
        selection->clearSelection();
        return;
    }
    const QModelIndex index = m_listModel->index(row);
    selection->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_list->scrollTo(index);
}

QList<qint64> HistorySidebar::selectedConversations() const
{
    QList<qint64> ids;
    QModelIndexList rows = m_list->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : std::as_const(rows)) {
        if (const qint64 id = m_listModel->idAt(index.row()); id != 0)
            ids.append(id);
    }
    return ids;
}

void HistorySidebar::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void HistorySidebar::setSearchText(const QString &text)
{
    m_search->setText(text);
}

void HistorySidebar::searchNow()
{
    if (m_searchTimer->isActive())
        runSearch();
}

bool HistorySidebar::isShowingResults() const
{
    return m_stack->currentWidget() != m_list;
}

void HistorySidebar::renameConversation(qint64 conversationId)
{
    const int row = m_listModel->rowOf(conversationId);
    if (row < 0)
        return;
    if (isShowingResults())
        clearSearch();
    const QModelIndex index = m_listModel->index(row);
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    m_list->scrollTo(index);
    m_list->edit(index);
}

void HistorySidebar::togglePinned(qint64 conversationId)
{
    if (!m_store)
        return;
    const std::optional<ConversationSummary> summary = m_store->summary(conversationId);
    if (!summary)
        return;
    // The model moves the row with a layout change: selection and current row follow it.
    if (m_store->setPinned(conversationId, !summary->pinned))
        m_list->scrollTo(m_list->currentIndex());
}

void HistorySidebar::duplicateConversation(qint64 conversationId)
{
    if (!m_store)
        return;
    const qint64 copy = m_store->duplicate(conversationId);
    const int row = m_listModel->rowOf(copy);
    if (copy == 0 || row < 0)
        return;
    const QModelIndex index = m_listModel->index(row);
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    m_list->scrollTo(index);
}

void HistorySidebar::deleteConversation(qint64 conversationId)
{
    if (!m_store || conversationId == 0)
        return;
    const std::optional<ConversationSummary> summary = m_store->summary(conversationId);
    if (!summary)
        return;
    // One undo at a time: the previous delete becomes final before this one goes to the trash.
    finishPendingDelete();
    if (!m_store->moveToTrash(conversationId))
        return; // the store said why (failed())
    m_pendingDelete = conversationId;
    m_pendingWasCurrent = conversationId == m_current;

    QString title = oneLine(summary->title).trimmed();
    if (title.isEmpty())
        title = tr("Untitled");
    m_undoLabel->setText(tr("Deleted “%1”.").arg(elideChars(title, MaxUndoTitleShown)));
    m_undoLabel->setToolTip(title);
    m_undoBar->show();
    m_undoShortcut->setEnabled(true);
    m_undoTimer->start();

    if (m_pendingWasCurrent) {
        m_current = 0;
        Q_EMIT conversationDeleted(conversationId);
    }
}

void HistorySidebar::undoDelete()
{
    if (m_pendingDelete == 0 || !m_store)
        return;
    const qint64 id = m_pendingDelete;
    const bool wasCurrent = m_pendingWasCurrent;
    const bool barHadFocus = m_undoBar->isAncestorOf(QApplication::focusWidget());
    m_pendingDelete = 0;
    m_pendingWasCurrent = false;
    m_undoTimer->stop();
    m_undoBar->hide();
    m_undoShortcut->setEnabled(false);
    if (barHadFocus)
        m_list->setFocus(Qt::OtherFocusReason);
    if (!m_store->restoreFromTrash(id))
        return;
    if (wasCurrent) {
        setCurrentConversation(id);
        Q_EMIT conversationRestored(id);
    } else if (const int row = m_listModel->rowOf(id); row >= 0) {
        const QModelIndex index = m_listModel->index(row);
        m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
        m_list->scrollTo(index);
    }
}

QMenu *HistorySidebar::createContextMenu(qint64 conversationId, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    const std::optional<ConversationSummary> summary = m_store ? m_store->summary(conversationId) : std::nullopt;
    const bool exists = summary.has_value();

    QAction *rename = menu->addAction(tr("Rename"));
    rename->setObjectName(u"renameAction"_s);
    rename->setShortcut(QKeySequence(Qt::Key_F2));
    connect(rename, &QAction::triggered, this, [this, conversationId] { renameConversation(conversationId); });

    QAction *pin = menu->addAction(exists && summary->pinned ? tr("Unpin") : tr("Pin"));
    pin->setObjectName(u"pinAction"_s);
    connect(pin, &QAction::triggered, this, [this, conversationId] { togglePinned(conversationId); });

    QAction *duplicate = menu->addAction(tr("Duplicate"));
    duplicate->setObjectName(u"duplicateAction"_s);
    connect(duplicate, &QAction::triggered, this, [this, conversationId] { duplicateConversation(conversationId); });

    QAction *exportAction = menu->addAction(tr("Export…"));
    exportAction->setObjectName(u"exportAction"_s);
    // The conversations picked together, when the menu is on one of them; else this one.
    QList<qint64> ids = selectedConversations();
    if (!ids.contains(conversationId))
        ids = {conversationId};
    if (ids.size() > 1)
        exportAction->setText(tr("Export %n Conversations…", nullptr, int(ids.size())));
    connect(exportAction, &QAction::triggered, this, [this, ids] { Q_EMIT exportRequested(ids); });

    menu->addSeparator();
    QAction *remove = menu->addAction(tr("Delete"));
    remove->setObjectName(u"deleteAction"_s);
    remove->setShortcut(QKeySequence(QKeySequence::Delete));
    connect(remove, &QAction::triggered, this, [this, conversationId] { deleteConversation(conversationId); });

    const QList<QAction *> actions = menu->actions();
    for (QAction *action : actions)
        action->setEnabled(exists);
    return menu;
}

void HistorySidebar::setUndoTimeout(int ms)
{
    m_undoTimer->setInterval(qMax(0, ms));
}

int HistorySidebar::undoTimeout() const
{
    return m_undoTimer->interval();
}

QString HistorySidebar::relativeTime(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid() || !now.isValid())
        return {};
    const qint64 seconds = when.secsTo(now);
    const QDate day = when.toLocalTime().date();
    const QDate today = now.toLocalTime().date();
    const QLocale locale;
    if (seconds >= -60 && seconds < 60) // a clock a little ahead is "now" too
        return tr("Just now");
    if (seconds > 0 && seconds < 3600)
        return tr("%n min ago", nullptr, int(seconds / 60));
    if (seconds > 0 && day == today)
        return tr("%n h ago", nullptr, int(seconds / 3600));
    if (seconds > 0 && day.addDays(1) == today)
        return tr("Yesterday");
    if (seconds > 0 && day.daysTo(today) < 7)
        return locale.toString(day, u"ddd"_s);
    if (day.year() == today.year())
        return locale.toString(day, u"d MMM"_s);
    return locale.toString(day, u"d MMM yyyy"_s);
}

QString HistorySidebar::snippetHtml(const QString &snippet)
{
    QString html;
    html.reserve(snippet.size() + 32);
    QString plain;
    bool inMark = false;
    const auto flush = [&] {
        html += plain.toHtmlEscaped();
        plain.clear();
    };
    for (const QChar c : snippet) {
        if (c == SearchHit::MarkStart) {
            if (!inMark) {
                flush();
                html += u"<b>"_s;
                inMark = true;
            }
        } else if (c == SearchHit::MarkEnd) {
            if (inMark) {
                flush();
                html += u"</b>"_s;
                inMark = false;
            }
        } else if (c == u'\n' || c == u'\r' || c == u'\t' || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator) {
            plain += u' ';
        } else if (c.category() != QChar::Other_Control) {
            plain += c;
        }
    }
    flush();
    if (inMark)
        html += u"</b>"_s;
    return html;
}

bool HistorySidebar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ContextMenu && (watched == m_list || watched == m_list->viewport())) {
        const auto *menuEvent = static_cast<QContextMenuEvent *>(event);
        if (menuEvent->reason() == QContextMenuEvent::Keyboard)
            showContextMenu({}, true);
        else
            showContextMenu(
                watched == m_list ? m_list->viewport()->mapFrom(m_list, menuEvent->pos()) : menuEvent->pos(), false);
        return true;
    }
    if (event->type() == QEvent::MouseButtonPress && watched == m_list->viewport())
        m_extendingSelection
            = static_cast<QMouseEvent *>(event)->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier);
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);

    if (watched == m_search) {
        if (key->key() == Qt::Key_Down && key->modifiers() == Qt::NoModifier) {
            searchNow();
            QListView *target = isShowingResults() ? m_results : m_list;
            if (target->model()->rowCount() == 0)
                return true;
            if (!target->currentIndex().isValid())
                target->selectionModel()->setCurrentIndex(
                    target->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
            target->setFocus(Qt::TabFocusReason);
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            if (m_search->text().isEmpty())
                m_list->setFocus(Qt::OtherFocusReason);
            else
                clearSearch();
            return true;
        }
        if (isEnter(key)) {
            searchNow();
            if (isShowingResults() && m_resultModel->rowCount() > 0) {
                const QModelIndex current = m_results->currentIndex();
                activateResultIndex(current.isValid() ? current : m_resultModel->index(0, 0));
            }
            return true;
        }
        return QWidget::eventFilter(watched, event);
    }

    if (watched == m_list) {
        if (isEnter(key)) {
            activateListIndex(m_list->currentIndex());
            return true;
        }
        if (key->matches(QKeySequence::Delete) || key->key() == Qt::Key_Delete) {
            deleteConversation(currentListId());
            return true;
        }
        if (key->key() == Qt::Key_F2 && key->modifiers() == Qt::NoModifier) {
            renameConversation(currentListId());
            return true;
        }
        if (key->key() == Qt::Key_F10 && key->modifiers() == Qt::ShiftModifier) {
            showContextMenu({}, true);
            return true;
        }
        return QWidget::eventFilter(watched, event);
    }

    if (watched == m_results) {
        if (isEnter(key)) {
            activateResultIndex(m_results->currentIndex());
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            clearSearch();
            return true;
        }
        if (key->key() == Qt::Key_Up && key->modifiers() == Qt::NoModifier && m_results->currentIndex().row() <= 0) {
            m_search->setFocus(Qt::BacktabFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void HistorySidebar::onSearchTextChanged(const QString &text)
{
    if (text.trimmed().isEmpty())
        showList();
    else
        m_searchTimer->start(); // restarts: the search runs SearchDelayMs after the last keystroke
}

void HistorySidebar::runSearch()
{
    m_searchTimer->stop();
    // Control characters (a pasted NUL, the store's own marks) are no part of any stored word.
    QString query = m_search->text();
    for (QChar &c : query) {
        if (c.category() == QChar::Other_Control)
            c = u' ';
    }
    query = query.trimmed();
    if (query.isEmpty()) {
        showList();
        return;
    }
    const QList<SearchHit> hits = m_store ? m_store->search(query, MaxSearchHits) : QList<SearchHit>();

    m_resultModel->clear();
    QList<QStandardItem *> items;
    items.reserve(hits.size());
    for (const SearchHit &hit : hits) {
        auto *item = new QStandardItem(hit.title);
        item->setEditable(false);
        item->setToolTip(hit.title);
        item->setData(QVariant::fromValue<qlonglong>(hit.conversationId), ResultConversationIdRole);
        item->setData(QVariant::fromValue<qlonglong>(hit.turnId), ResultTurnIdRole);
        item->setData(hit.turnId == 0 ? snippetHtml(hit.snippet) : hit.title.toHtmlEscaped(), ResultTitleHtmlRole);
        item->setData(snippetHtml(hit.snippet), ResultSnippetHtmlRole);
        item->setData(hit.snippet, ResultSnippetRawRole);
        item->setData(hit.updated, ResultUpdatedRole);
        item->setData(hit.pinned, ResultPinnedRole);
        items.append(item);
    }
    if (!items.isEmpty())
        m_resultModel->invisibleRootItem()->appendRows(items);

    const bool resultsHadFocus = m_results->hasFocus();
    if (hits.isEmpty()) {
        m_noResults->setText(tr("No conversation matches “%1”.").arg(elideChars(oneLine(query), MaxQueryShown)));
        m_stack->setCurrentWidget(m_noResults);
        if (resultsHadFocus)
            m_search->setFocus(Qt::OtherFocusReason);
    } else {
        m_stack->setCurrentWidget(m_results);
        m_results->selectionModel()->setCurrentIndex(m_resultModel->index(0, 0), QItemSelectionModel::NoUpdate);
        m_results->scrollToTop();
    }
}

void HistorySidebar::clearSearch()
{
    const bool focusInside = isAncestorOf(QApplication::focusWidget());
    m_search->clear(); // textChanged: back to the list
    showList();
    if (focusInside)
        m_list->setFocus(Qt::OtherFocusReason);
}

void HistorySidebar::showList()
{
    m_searchTimer->stop();
    m_resultModel->clear();
    m_stack->setCurrentWidget(m_list);
    if (m_current != 0) {
        if (const int row = m_listModel->rowOf(m_current); row >= 0)
            m_list->scrollTo(m_listModel->index(row));
    }
}

void HistorySidebar::activateListIndex(const QModelIndex &index)
{
    if (std::exchange(m_extendingSelection, false))
        return; // Ctrl/Shift+click: extending the selection, not opening
    const qint64 id = index.isValid() ? m_listModel->idAt(index.row()) : 0;
    if (id != 0)
        Q_EMIT conversationActivated(id);
}

void HistorySidebar::activateResultIndex(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const qint64 conversationId = index.data(ResultConversationIdRole).toLongLong();
    if (conversationId != 0)
        Q_EMIT turnActivated(conversationId, index.data(ResultTurnIdRole).toLongLong());
}

void HistorySidebar::showContextMenu(const QPoint &viewportPos, bool fromKeyboard)
{
    QModelIndex index;
    QPoint at = viewportPos;
    if (fromKeyboard) {
        index = m_list->currentIndex();
        if (index.isValid())
            at = m_list->visualRect(index).bottomLeft() + QPoint(HorizontalPadding, 0);
    } else {
        index = m_list->indexAt(viewportPos);
    }
    const qint64 id = index.isValid() ? m_listModel->idAt(index.row()) : 0;
    if (id == 0)
        return;
    QMenu *menu = createContextMenu(id, this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(m_list->viewport()->mapToGlobal(at));
}

void HistorySidebar::finishPendingDelete()
{
    m_undoTimer->stop();
    m_undoShortcut->setEnabled(false);
    const bool barHadFocus = m_undoBar->isAncestorOf(QApplication::focusWidget());
    m_undoBar->hide();
    if (barHadFocus)
        m_list->setFocus(Qt::OtherFocusReason);
    if (m_pendingDelete == 0)
        return;
    m_pendingDelete = 0;
    m_pendingWasCurrent = false;
    if (m_store)
        m_store->purgeTrash();
}

void HistorySidebar::selectCurrentIfUnselected()
{
    if (m_current != 0 && !m_list->selectionModel()->hasSelection())
        setCurrentConversation(m_current);
}

qint64 HistorySidebar::currentListId() const
{
    const QModelIndex index = m_list->currentIndex();
    return index.isValid() ? m_listModel->idAt(index.row()) : 0;
}
