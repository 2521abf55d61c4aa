#include "messagedelegate.h"

#include "attachmentchip.h"
#include "chat/chatmodel.h"
#include "messagedocument.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QHelpEvent>
#include <QImageReader>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr int SideMargin = 20;
constexpr int TopPadding = 14;
constexpr int BottomPadding = 4;
constexpr int LabelGap = 4;
constexpr int BubblePadding = 10;
constexpr int SectionGap = 6;
constexpr int ThoughtsIndent = 12;
constexpr int ChipHeight = 40;
constexpr int ChipGap = 6;
constexpr int ThumbnailSize = 32;
constexpr int ChipMaxWidth = 240;
constexpr int ButtonPadding = 7;
constexpr int ButtonGap = 4;
constexpr int CodeButtonInset = 4;

QColor mix(const QColor &from, const QColor &to, float amount)
{
    const auto blend = [amount](float a, float b) { return a + (b - a) * amount; };
    return QColor::fromRgbF(
        blend(from.redF(), to.redF()), blend(from.greenF(), to.greenF()), blend(from.blueF(), to.blueF()));
}

QColor mutedColor(const QPalette &palette)
{
    return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45f);
}

// The palette's link colour, unless it is hard to read on the base colour (a dark palette that
// keeps the default blue).
QColor linkColor(const QPalette &palette)
{
    const QColor link = palette.color(QPalette::Link);
    const QColor base = palette.color(QPalette::Base);
    const auto luminance = [](const QColor &c) { return 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF(); };
    const double high = std::max(luminance(link), luminance(base));
    const double low = std::min(luminance(link), luminance(base));
    if ((high + 0.05) / (low + 0.05) >= 3.0)
        return link;
    return mix(palette.color(QPalette::Highlight), palette.color(QPalette::Text), 0.4f);
}

StreamingMarkdownRenderer::Style markdownStyle(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    return {mix(base, text, 0.07f), mutedColor(palette), mix(base, text, 0.3f)};
}

QFont smallFont(const QFont &font)
{
    QFont small = font;
    if (font.pointSizeF() > 0)
        small.setPointSizeF(font.pointSizeF() * 0.88);
    else if (font.pixelSize() > 0)
        small.setPixelSize(std::max(8, int(font.pixelSize() * 0.88)));
    return small;
}

QFont labelFont(const QFont &font)
{
    QFont label = font;
    label.setWeight(QFont::DemiBold);
    return label;
}

ChatTurn::State stateOf(const QModelIndex &index)
{
    return ChatTurn::State(index.data(ChatModel::StateRole).toInt());
}

bool isUserRow(const QModelIndex &index)
{
    return index.data(ChatModel::RoleRole).toString() == "user"_L1;
}

quint64 turnIdOf(const QModelIndex &index)
{
    return index.data(ChatModel::TurnIdRole).toULongLong();
}

const ChatModel *chatModelOf(const QModelIndex &index)
{
    return qobject_cast<const ChatModel *>(index.model());
}

MessageDelegate::LinkOpener &linkOpener()
{
    static MessageDelegate::LinkOpener opener;
    return opener;
}

QString usageText(const QModelIndex &index)
{
    const int prompt = index.data(ChatModel::PromptTokensRole).toInt();
    const int answer = index.data(ChatModel::AnswerTokensRole).toInt();
    const int thought = index.data(ChatModel::ThoughtTokensRole).toInt();
    const QString version = index.data(ChatModel::ModelVersionRole).toString();
    QStringList tokens;
    if (prompt >= 0)
        tokens << MessageDelegate::tr("%L1 prompt").arg(prompt);
    if (answer >= 0)
        tokens << MessageDelegate::tr("%L1 answer").arg(answer);
    if (thought > 0)
        tokens << MessageDelegate::tr("%L1 thought").arg(thought);
    QStringList parts;
    if (!tokens.isEmpty())
        parts << MessageDelegate::tr("%1 tokens").arg(tokens.join(u" · "_s));
    if (!version.isEmpty())
        parts << version;
    return parts.join(u" · "_s);
}

QString usageToolTip(const QModelIndex &index)
{
    QStringList lines;
    const auto add = [&](int role, const QString &label) {
        const int value = index.data(role).toInt();
        if (value >= 0)
            lines << label.arg(QLocale().toString(value));
    };
    add(ChatModel::PromptTokensRole, MessageDelegate::tr("Prompt: %1 tokens"));
    add(ChatModel::AnswerTokensRole, MessageDelegate::tr("Answer: %1 tokens"));
    add(ChatModel::ThoughtTokensRole, MessageDelegate::tr("Thoughts: %1 tokens"));
    const QString version = index.data(ChatModel::ModelVersionRole).toString();
    if (!version.isEmpty())
        lines << MessageDelegate::tr("Model version: %1").arg(version);
    return lines.join(u'\n');
}

// The state line of a model turn: what it says, and how it looks.
struct StateLine
{
    QString text;
    QColor color;
    bool italic = false;
};

StateLine turnStateLine(const QModelIndex &index, const QPalette &palette);

// The state of the turn, and under it what the app did to the turn (a file sent again, …).
StateLine stateLine(const QModelIndex &index, const QPalette &palette)
{
    StateLine line = turnStateLine(index, palette);
    const QString note = index.data(ChatModel::NoteRole).toString();
    if (note.isEmpty())
        return line;
    if (line.text.isEmpty())
        return {u"ⓘ "_s + note, mutedColor(palette), true};
    line.text += u'\n' + note;
    return line;
}

StateLine turnStateLine(const QModelIndex &index, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::Text);
    switch (stateOf(index)) {
    case ChatTurn::State::Waiting: {
        QString model = index.data(ChatModel::ModelRole).toString();
        if (model.isEmpty())
            model = MessageDelegate::tr("the model");
        return {MessageDelegate::tr("Waiting for %1…").arg(model), mutedColor(palette), true};
    }
    case ChatTurn::State::Done:
    case ChatTurn::State::Streaming:
        return {};
    case ChatTurn::State::Stopped:
    case ChatTurn::State::Interrupted:
        return {u"■ "_s + index.data(ChatModel::NoticeRole).toString(), mutedColor(palette), true};
    case ChatTurn::State::Failed:
        return {u"⚠ "_s + index.data(ChatModel::NoticeRole).toString(), mix(text, QColor(0xd3, 0x2f, 0x2f), 0.85f)};
    case ChatTurn::State::Blocked:
    case ChatTurn::State::Truncated:
    case ChatTurn::State::Filtered:
        return {u"⚠ "_s + index.data(ChatModel::NoticeRole).toString(), mix(text, QColor(0xc2, 0x7c, 0x0e), 0.8f)};
    }
    return {};
}

// The read-only browser that lets the reader select a message's text.
QTextBrowser *newReader(QWidget *parent)
{
    auto *reader = new QTextBrowser(parent);
    reader->setObjectName(u"messageReader"_s);
    reader->setFrameShape(QFrame::NoFrame);
    reader->setOpenLinks(false);
    reader->setOpenExternalLinks(false);
    reader->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    reader->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    reader->setTextInteractionFlags(
        Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard | Qt::LinksAccessibleByMouse);
    reader->setAutoFillBackground(false);
    reader->viewport()->setAutoFillBackground(false);
    QPalette palette = reader->palette();
    palette.setColor(QPalette::Link, linkColor(palette));
    palette.setColor(QPalette::Base, Qt::transparent);
    reader->setPalette(palette);
    reader->setContentsMargins(0, 0, 0, 0);
    QObject::connect(
        reader, &QTextBrowser::anchorClicked, reader, [](const QUrl &url) { MessageDelegate::openLink(url); });
    return reader;
}

} // namespace

struct MessageDelegate::Layout
{
    bool user = false;
    int height = 0;
    QRect column;
    QRect label;
    QString labelText;
    QRect thoughtsToggle;
    QRect thoughts;
    QRect bubble;
    QRect text;
    QList<QRect> chips;
    QRect state;
    StateLine stateLine;
    QRect footer;
    QList<QPair<Button, QRect>> buttons;
    QRect candidateLabel;
    QString candidateText;
    QRect branchLabel;
    QString branchText;
    QRect usage;
    QString usageText;
    MessageDocument *document = nullptr; // precise layouts only
};

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

MessageDelegate::~MessageDelegate() = default;

bool MessageDelegate::openLink(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if ((scheme != "http"_L1 && scheme != "https"_L1) || url.host().isEmpty())
        return false;
    if (const LinkOpener &opener = linkOpener())
        return opener(url);
    return QDesktopServices::openUrl(url);
}

void MessageDelegate::setLinkOpener(LinkOpener opener)
{
    linkOpener() = std::move(opener);
}

int MessageDelegate::rowWidth(const QStyleOptionViewItem &option) const
{
    return m_viewWidth > 0 ? m_viewWidth : option.rect.width();
}

void MessageDelegate::setViewWidth(int width)
{
    if (width == m_viewWidth)
        return;
    m_viewWidth = width;
    m_heights.clear();
}

void MessageDelegate::clearCaches()
{
    m_documents.clear();
    m_heights.clear();
    m_chips.clear();
}

void MessageDelegate::setThoughtsOpen(const QModelIndex &index, bool open)
{
    const quint64 id = turnIdOf(index);
    if (open == m_openThoughts.contains(id))
        return;
    if (open)
        m_openThoughts.insert(id);
    else
        m_openThoughts.remove(id);
    Q_EMIT sizeHintChanged(index);
}

MessageDocument *MessageDelegate::document(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const quint64 id = turnIdOf(index);
    MessageDocument *document = m_documents.object(id);
    if (!document) {
        document = new MessageDocument(markdownStyle(option.palette));
        document->setDefaultFont(option.font);
        m_documents.insert(id, document);
    }
    if (const ChatModel *model = chatModelOf(index)) {
        document->update(model->turn(index.row()));
    } else if (isUserRow(index)) {
        document->setUserText(id, index.data(ChatModel::TextRole).toString());
    } else {
        document->setModelAnswer(
            id, index.data(ChatModel::TextRole).toString(), index.data(ChatModel::BusyRole).toBool());
        document->setThoughts(index.data(ChatModel::ThoughtsRole).toString());
    }
    const int width = std::min(rowWidth(option) - 2 * SideMargin, MaxContentWidth);
    const int textWidth = std::max(40, document->isUser() ? width - 2 * BubblePadding : width);
    if (document->textWidth() != textWidth)
        document->setTextWidth(textWidth);
    return document;
}

int MessageDelegate::estimateTextHeight(const QString &text, int width, const QFont &font) const
{
    const QFontMetrics metrics(font);
    const int perLine = std::max(1, width / std::max(1, metrics.averageCharWidth()));
    // A blank line between Markdown paragraphs shows as a paragraph margin, not as a line.
    qsizetype lines = 0;
    qsizetype blankLines = 0;
    for (QStringView line : QStringView(text).split(u'\n')) {
        if (line.trimmed().isEmpty())
            ++blankLines;
        else
            lines += (line.size() + perLine - 1) / perLine;
    }
    return int(lines * metrics.lineSpacing() + blankLines * metrics.lineSpacing() / 2);
}

QList<MessageDelegate::Button> MessageDelegate::buttonsFor(const QModelIndex &index) const
{
    const QAbstractItemModel *model = index.model();
    const int last = model->rowCount() - 1;
    const bool anyBusy = model->index(last, 0).data(ChatModel::BusyRole).toBool();
    // Other branches cannot be shown while an answer arrives (the view would lose it).
    QList<Button> buttons;
    if (!anyBusy && index.data(ChatModel::BranchCountRole).toInt() > 1)
        buttons << Button::PreviousBranch << Button::NextBranch;
    if (isUserRow(index))
        return buttons << (anyBusy ? QList<Button> {Button::Copy} : QList<Button> {Button::Copy, Button::Edit});
    const ChatTurn::State state = stateOf(index);
    if (state == ChatTurn::State::Waiting || state == ChatTurn::State::Streaming)
        return {};
    if (!index.data(ChatModel::TextRole).toString().isEmpty())
        buttons << Button::Copy;
    if (index.row() == last) {
        using S = ChatTurn::State;
        if (state == S::Done || state == S::Stopped || state == S::Filtered || state == S::Truncated
            || state == S::Interrupted)
            buttons << Button::Regenerate;
        if (state == S::Failed || state == S::Stopped || state == S::Interrupted)
            buttons << Button::Retry;
        if (state == S::Truncated)
            buttons << Button::Continue;
    }
    if (index.data(ChatModel::CandidateCountRole).toInt() > 1)
        buttons << Button::PreviousCandidate << Button::NextCandidate;
    return buttons;
}

QString MessageDelegate::buttonText(Button button, const QModelIndex &) const
{
    switch (button) {
    case Button::Copy:
        return tr("Copy");
    case Button::Edit:
        return tr("Edit");
    case Button::Regenerate:
        return tr("Regenerate");
    case Button::Retry:
        return tr("Retry");
    case Button::Continue:
        return tr("Continue");
    case Button::PreviousCandidate:
    case Button::PreviousBranch:
        return u"‹"_s;
    case Button::NextCandidate:
    case Button::NextBranch:
        return u"›"_s;
    case Button::ToggleThoughts:
        return tr("Thoughts");
    }
    return {};
}

const QList<MessageDelegate::Chip> &MessageDelegate::chipsFor(const QModelIndex &index) const
{
    const quint64 id = turnIdOf(index);
    if (QList<Chip> *cached = m_chips.object(id))
        return *cached;
    auto *chips = new QList<Chip>;
    if (const ChatModel *model = chatModelOf(index)) {
        for (const Attachment &attachment : model->turn(index.row()).attachments) {
            Chip chip;
            chip.name = attachment.displayName;
            if (chip.name.isEmpty())
                chip.name = QFileInfo(attachment.path).fileName();
            const qint64 size = attachment.path.isEmpty() ? attachment.bytes.size() : QFileInfo(attachment.path).size();
            chip.size = AttachmentChip::sizeText(size);
            QBuffer buffer;
            QImageReader reader;
            if (attachment.path.isEmpty()) {
                buffer.setData(attachment.bytes);
                buffer.open(QIODevice::ReadOnly);
                reader.setDevice(&buffer);
            } else {
                reader.setFileName(attachment.path);
            }
            reader.setAutoTransform(true);
            if (reader.canRead()) {
                const QSize full = reader.size();
                if (full.isValid())
                    reader.setScaledSize(full.scaled(ThumbnailSize, ThumbnailSize, Qt::KeepAspectRatio));
                chip.thumbnail = reader.read();
            }
            chips->append(chip);
        }
    } else {
        const QStringList names = index.data(ChatModel::AttachmentNamesRole).toStringList();
        for (const QString &name : names)
            chips->append({{}, name, {}});
    }
    m_chips.insert(id, chips);
    return *m_chips.object(id);
}

MessageDelegate::Layout MessageDelegate::layout(
    const QStyleOptionViewItem &option, const QModelIndex &index, bool precise) const
{
    Layout l;
    l.user = isUserRow(index);
    const int width = rowWidth(option);
    const int columnWidth = std::max(80, std::min(width - 2 * SideMargin, MaxContentWidth));
    const int x = option.rect.x() + std::max(0, (width - columnWidth) / 2);
    int y = option.rect.y() + TopPadding;
    l.column = QRect(x, option.rect.y(), columnWidth, 0);

    const QFontMetrics metrics(option.font);
    const QFontMetrics labelMetrics(labelFont(option.font));
    const QFont small = smallFont(option.font);
    const QFontMetrics smallMetrics(small);

    if (l.user) {
        l.labelText = tr("You");
    } else {
        l.labelText = index.data(ChatModel::ModelRole).toString();
        if (l.labelText.isEmpty())
            l.labelText = tr("Gemini");
    }
    l.label = QRect(x, y, columnWidth, labelMetrics.height());
    y += l.label.height() + LabelGap;

    const QString text = index.data(ChatModel::TextRole).toString();
    if (precise)
        l.document = document(option, index);
    const auto textHeight = [&](int textWidth) {
        if (l.document)
            return int(std::ceil(l.document->size().height()));
        return estimateTextHeight(text, textWidth, option.font);
    };

    if (l.user) {
        const int top = y;
        y += BubblePadding;
        const int textWidth = columnWidth - 2 * BubblePadding;
        if (!text.isEmpty()) {
            l.text = QRect(x + BubblePadding, y, textWidth, textHeight(textWidth));
            y += l.text.height();
        }
        const QStringList names = index.data(ChatModel::AttachmentNamesRole).toStringList();
        if (!names.isEmpty()) {
            const QList<Chip> &chips = chipsFor(index);
            if (!l.text.isEmpty() && l.text.height() > 0)
                y += ChipGap;
            int chipX = x + BubblePadding;
            int rowTop = y;
            for (const Chip &chip : chips) {
                const int labelWidth
                    = std::max(smallMetrics.horizontalAdvance(chip.name), smallMetrics.horizontalAdvance(chip.size));
                const int chipWidth = std::min(ChipMaxWidth, ThumbnailSize + 3 * ChipGap + labelWidth + 2);
                if (chipX > x + BubblePadding && chipX + chipWidth > x + columnWidth - BubblePadding) {
                    chipX = x + BubblePadding;
                    rowTop += ChipHeight + ChipGap;
                }
                l.chips.append(QRect(chipX, rowTop, chipWidth, ChipHeight));
                chipX += chipWidth + ChipGap;
            }
            y = rowTop + ChipHeight;
        }
        y += BubblePadding;
        l.bubble = QRect(x, top, columnWidth, y - top);
    } else {
        const QString thoughts = index.data(ChatModel::ThoughtsRole).toString();
        if (!thoughts.isEmpty()) {
            const QString toggle = buttonText(Button::ToggleThoughts, index) + u" ▾"_s;
            l.thoughtsToggle = QRect(x, y, metrics.horizontalAdvance(toggle) + 8, metrics.height());
            y += l.thoughtsToggle.height() + SectionGap;
            if (isThoughtsOpen(turnIdOf(index))) {
                const int thoughtsWidth = columnWidth - ThoughtsIndent;
                int height = 0;
                if (l.document) {
                    QTextDocument *document = l.document->thoughtsDocument();
                    document->setTextWidth(thoughtsWidth);
                    height = int(std::ceil(document->size().height()));
                } else {
                    height = estimateTextHeight(thoughts, thoughtsWidth, option.font);
                }
                l.thoughts = QRect(x + ThoughtsIndent, y, thoughtsWidth, height);
                y += height + SectionGap;
            }
        }
        if (!text.isEmpty()) {
            l.text = QRect(x, y, columnWidth, textHeight(columnWidth));
            y += l.text.height();
        } else {
            l.text = QRect(x, y, columnWidth, 0);
        }
    }
    l.stateLine = stateLine(index, option.palette);
    if (!l.stateLine.text.isEmpty()) {
        if (l.user || !text.isEmpty())
            y += SectionGap;
        const int height
            = metrics.boundingRect(QRect(0, 0, columnWidth, 100000), Qt::TextWordWrap, l.stateLine.text).height();
        l.state = QRect(x, y, columnWidth, height);
        y += height;
    }

    const QList<Button> buttons = buttonsFor(index);
    const bool busy = !l.user && index.data(ChatModel::BusyRole).toBool();
    if (!busy) {
        y += SectionGap;
        const int height = smallMetrics.height() + 6;
        l.footer = QRect(x, y, columnWidth, height);
        int buttonX = x;
        for (Button button : buttons) {
            const int buttonWidth = smallMetrics.horizontalAdvance(buttonText(button, index)) + 2 * ButtonPadding;
            l.buttons.append({button, QRect(buttonX, y, buttonWidth, height)});
            buttonX += buttonWidth + ButtonGap;
            if (button == Button::PreviousCandidate) {
                const int count = index.data(ChatModel::CandidateCountRole).toInt();
                const int chosen = index.data(ChatModel::ChosenCandidateRole).toInt();
                l.candidateText = u"%1/%2"_s.arg(chosen + 1).arg(count);
                l.candidateLabel = QRect(buttonX, y, smallMetrics.horizontalAdvance(l.candidateText) + 4, height);
                buttonX += l.candidateLabel.width() + ButtonGap;
            } else if (button == Button::PreviousBranch) {
                const int count = index.data(ChatModel::BranchCountRole).toInt();
                const int current = index.data(ChatModel::BranchIndexRole).toInt();
                l.branchText = u"%1/%2"_s.arg(current).arg(count);
                l.branchLabel = QRect(buttonX, y, smallMetrics.horizontalAdvance(l.branchText) + 4, height);
                buttonX += l.branchLabel.width() + ButtonGap;
            } else if (button == Button::NextBranch) {
                buttonX += ButtonGap; // apart from the turn's own buttons
            }
        }
        if (!l.user) {
            l.usageText = usageText(index);
            const int left = buttonX + (buttons.isEmpty() ? 0 : 2 * ButtonGap);
            if (!l.usageText.isEmpty() && x + columnWidth - left > 40)
                l.usage = QRect(left, y, x + columnWidth - left, height);
        }
        y += height;
    }
    y += BottomPadding;
    l.height = y - option.rect.y();
    return l;
}

void MessageDelegate::rememberHeight(const QModelIndex &index, int width, int height, bool precise) const
{
    Height entry;
    entry.revision = index.data(ChatModel::RevisionRole).toInt();
    entry.width = width;
    entry.thoughtsOpen = isThoughtsOpen(turnIdOf(index));
    entry.precise = precise;
    entry.height = height;
    m_heights.insert(turnIdOf(index), entry);
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const quint64 id = turnIdOf(index);
    const int width = rowWidth(option);
    const auto cached = m_heights.constFind(id);
    if (cached != m_heights.cend() && cached->width == width
        && cached->revision == index.data(ChatModel::RevisionRole).toInt()
        && cached->thoughtsOpen == isThoughtsOpen(id)) {
        return QSize(width, cached->height);
    }
    // Rows with a document (on screen lately) are measured; the others estimated until painted.
    const bool precise = m_documents.contains(id);
    QStyleOptionViewItem measure = option;
    measure.rect = QRect(0, 0, width, 0);
    const Layout l = layout(measure, index, precise);
    rememberHeight(index, width, l.height, precise);
    return QSize(width, l.height);
}

void MessageDelegate::rowChanged(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const quint64 id = turnIdOf(index);
    const int old = m_heights.value(id).height;
    m_heights.remove(id);
    if (rowWidth(option) <= 0) { // not shown yet: measured when laid out
        Q_EMIT sizeHintChanged(index);
        return;
    }
    if (sizeHint(option, index).height() != old)
        Q_EMIT sizeHintChanged(index);
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Layout l = layout(option, index, true);
    const quint64 id = turnIdOf(index);
    const int width = rowWidth(option);
    const Height known = m_heights.value(id);
    rememberHeight(index, width, l.height, true);
    if (l.height != option.rect.height() && (!known.precise || known.height != l.height)) {
        // The estimate was off: the view lays the rows out again, with this height.
        const QPersistentModelIndex changed(index);
        QMetaObject::invokeMethod(
            const_cast<MessageDelegate *>(this),
            [this, changed] {
                if (changed.isValid())
                    Q_EMIT const_cast<MessageDelegate *>(this)->sizeHintChanged(changed);
            },
            Qt::QueuedConnection);
    }

    const QPalette &palette = option.palette;
    const QColor text = palette.color(QPalette::Text);
    const QColor base = palette.color(QPalette::Base);
    const QColor muted = mutedColor(palette);

    painter->save();
    painter->setClipRect(option.rect);
    painter->setRenderHint(QPainter::Antialiasing);

    painter->setFont(labelFont(option.font));
    painter->setPen(muted);
    painter->drawText(l.label, Qt::AlignLeft | Qt::AlignVCenter, l.labelText);
    painter->setFont(option.font);

    if (l.user) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(mix(base, palette.color(QPalette::Highlight), 0.12f));
        painter->drawRoundedRect(l.bubble, 8, 8);
    }

    // The visible part of the view, for drawing only what shows of a long document.
    QRect visible = option.rect;
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
        visible = visible.intersected(view->viewport()->rect());

    const auto drawDocument = [&](QTextDocument *document, const QRect &rect, const QColor &color) {
        painter->save();
        painter->translate(rect.topLeft());
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette = palette;
        context.palette.setColor(QPalette::Text, color);
        context.palette.setColor(QPalette::Link, linkColor(palette));
        context.clip = QRectF(visible.translated(-rect.topLeft()));
        painter->setClipRect(context.clip, Qt::IntersectClip);
        document->documentLayout()->draw(painter, context);
        painter->restore();
    };

    if (!l.thoughtsToggle.isNull()) {
        const bool open = isThoughtsOpen(id);
        painter->setPen(muted);
        painter->drawText(l.thoughtsToggle, Qt::AlignLeft | Qt::AlignVCenter,
            buttonText(Button::ToggleThoughts, index) + (open ? u" ▾"_s : u" ▸"_s));
        if (open && l.document && !l.thoughts.isNull()) {
            painter->setPen(QPen(mix(base, text, 0.2f), 2));
            painter->drawLine(l.thoughts.topLeft() - QPoint(ThoughtsIndent / 2, 0),
                l.thoughts.bottomLeft() - QPoint(ThoughtsIndent / 2, 0));
            drawDocument(l.document->thoughtsDocument(), l.thoughts, muted);
        }
    }

    if (l.document && l.text.height() > 0 && m_editingTurn != id) {
        drawDocument(l.document, l.text, text);
        const QFont small = smallFont(option.font);
        painter->setFont(small);
        const QList<QRect> copyRects = codeCopyButtonRects(option, index);
        for (const QRect &rect : copyRects) {
            if (!rect.intersects(visible))
                continue;
            painter->setPen(mix(base, text, 0.25f));
            painter->setBrush(base);
            painter->drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
            painter->setPen(mix(text, base, 0.2f));
            painter->drawText(rect, Qt::AlignCenter, tr("Copy"));
        }
        painter->setFont(option.font);
    }

    if (!l.chips.isEmpty()) {
        const QList<Chip> &chips = chipsFor(index);
        const QFont small = smallFont(option.font);
        const QFontMetrics smallMetrics(small);
        painter->setFont(small);
        const QIcon fileIcon = option.widget ? option.widget->style()->standardIcon(QStyle::SP_FileIcon) : QIcon();
        for (int i = 0; i < l.chips.size() && i < chips.size(); ++i) {
            const QRect rect = l.chips.at(i);
            const Chip &chip = chips.at(i);
            painter->setPen(mix(base, text, 0.2f));
            painter->setBrush(base);
            painter->drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
            const QRect thumb(
                rect.x() + ChipGap, rect.y() + (ChipHeight - ThumbnailSize) / 2, ThumbnailSize, ThumbnailSize);
            if (!chip.thumbnail.isNull()) {
                const QSize size = chip.thumbnail.size().scaled(thumb.size(), Qt::KeepAspectRatio);
                const QRect target(thumb.center() - QPoint(size.width() / 2, size.height() / 2), size);
                painter->drawImage(target, chip.thumbnail);
            } else if (!fileIcon.isNull()) {
                fileIcon.paint(painter, thumb.adjusted(4, 4, -4, -4));
            }
            const QRect textRect = rect.adjusted(ThumbnailSize + 2 * ChipGap, 2, -ChipGap, -2);
            painter->setPen(text);
            painter->drawText(textRect.adjusted(0, 0, 0, -textRect.height() / 2), Qt::AlignLeft | Qt::AlignBottom,
                smallMetrics.elidedText(chip.name, Qt::ElideMiddle, textRect.width()));
            painter->setPen(muted);
            painter->drawText(
                textRect.adjusted(0, textRect.height() / 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, chip.size);
        }
        painter->setFont(option.font);
    }

    if (!l.state.isNull()) {
        QFont font = option.font;
        font.setItalic(l.stateLine.italic);
        painter->setFont(font);
        painter->setPen(l.stateLine.color);
        painter->drawText(l.state, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, l.stateLine.text);
        painter->setFont(option.font);
    }

    if (!l.footer.isNull()) {
        const QFont small = smallFont(option.font);
        const QFontMetrics smallMetrics(small);
        painter->setFont(small);
        const int chosen = index.data(ChatModel::ChosenCandidateRole).toInt();
        const int count = index.data(ChatModel::CandidateCountRole).toInt();
        const int branch = index.data(ChatModel::BranchIndexRole).toInt();
        const int branches = index.data(ChatModel::BranchCountRole).toInt();
        for (const auto &[button, rect] : l.buttons) {
            const bool enabled = !(button == Button::PreviousCandidate && chosen <= 0)
                && !(button == Button::NextCandidate && chosen >= count - 1)
                && !(button == Button::PreviousBranch && branch <= 1)
                && !(button == Button::NextBranch && branch >= branches);
            painter->setPen(mix(base, text, enabled ? 0.22f : 0.1f));
            painter->setBrush(Qt::NoBrush);
            painter->drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
            painter->setPen(enabled ? mix(text, base, 0.15f) : mix(text, base, 0.6f));
            painter->drawText(rect, Qt::AlignCenter, buttonText(button, index));
        }
        if (!l.candidateLabel.isNull()) {
            painter->setPen(muted);
            painter->drawText(l.candidateLabel, Qt::AlignCenter, l.candidateText);
        }
        if (!l.branchLabel.isNull()) {
            painter->setPen(muted);
            painter->drawText(l.branchLabel, Qt::AlignCenter, l.branchText);
        }
        if (!l.usage.isNull()) {
            painter->setPen(muted);
            painter->drawText(l.usage, Qt::AlignRight | Qt::AlignVCenter,
                smallMetrics.elidedText(l.usageText, Qt::ElideLeft, l.usage.width()));
        }
    }
    painter->restore();
}

QRect MessageDelegate::buttonRect(const QStyleOptionViewItem &option, const QModelIndex &index, Button button) const
{
    const Layout l = layout(option, index, true);
    if (button == Button::ToggleThoughts)
        return l.thoughtsToggle;
    for (const auto &[candidate, rect] : l.buttons) {
        if (candidate == button)
            return rect;
    }
    return {};
}

QList<QRect> MessageDelegate::codeCopyButtonRects(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Layout l = layout(option, index, true);
    if (!l.document || l.document->isUser())
        return {};
    const QFontMetrics smallMetrics(smallFont(option.font));
    const int width = smallMetrics.horizontalAdvance(tr("Copy")) + 2 * ButtonPadding;
    QList<QRect> rects;
    const QList<MessageDocument::CodeBlock> blocks = l.document->codeBlocks();
    for (const MessageDocument::CodeBlock &block : blocks) {
        const QRect rect = block.rect.toAlignedRect().translated(l.text.topLeft());
        // A one-line block is hardly taller than the button: the button then fills its height.
        const int height = std::min(smallMetrics.height() + 4, rect.height());
        const int inset = rect.height() >= height + 2 * CodeButtonInset ? CodeButtonInset : 0;
        rects.append(QRect(rect.right() - width - CodeButtonInset + 1, rect.top() + inset, width, height));
    }
    return rects;
}

QRect MessageDelegate::textRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return layout(option, index, true).text;
}

bool MessageDelegate::isClickable(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const
{
    const Layout l = layout(option, index, true);
    if (l.thoughtsToggle.contains(pos))
        return true;
    for (const auto &entry : l.buttons) {
        if (entry.second.contains(pos))
            return true;
    }
    if (!l.text.contains(pos) || !l.document)
        return false;
    const QList<QRect> copyRects = codeCopyButtonRects(option, index);
    if (std::any_of(copyRects.cbegin(), copyRects.cend(), [&](const QRect &rect) { return rect.contains(pos); }))
        return true;
    return !l.document->anchorAt(pos - l.text.topLeft()).isEmpty();
}

void MessageDelegate::copyToClipboard(const QString &text, const QString &what)
{
    QGuiApplication::clipboard()->setText(text);
    Q_EMIT copied(what);
}

bool MessageDelegate::editorEvent(
    QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const QEvent::Type type = event->type();
    if (type != QEvent::MouseButtonPress && type != QEvent::MouseButtonRelease && type != QEvent::MouseButtonDblClick)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    const auto *mouse = static_cast<QMouseEvent *>(event);
    if (mouse->button() != Qt::LeftButton)
        return false;
    const QPoint pos = mouse->position().toPoint();
    const Layout l = layout(option, index, true);
    const bool release = type == QEvent::MouseButtonRelease;

    if (l.thoughtsToggle.contains(pos)) {
        if (release)
            setThoughtsOpen(index, !isThoughtsOpen(turnIdOf(index)));
        return true;
    }
    for (const auto &[button, rect] : l.buttons) {
        if (!rect.contains(pos))
            continue;
        if (!release)
            return true;
        switch (button) {
        case Button::Copy:
            copyToClipboard(index.data(ChatModel::TextRole).toString(), tr("Message"));
            break;
        case Button::Edit:
            Q_EMIT editRequested(index.row());
            break;
        case Button::Regenerate:
            Q_EMIT regenerateRequested();
            break;
        case Button::Retry:
            Q_EMIT retryRequested();
            break;
        case Button::Continue:
            Q_EMIT continueRequested();
            break;
        case Button::PreviousCandidate:
        case Button::NextCandidate: {
            const int count = index.data(ChatModel::CandidateCountRole).toInt();
            const int chosen = index.data(ChatModel::ChosenCandidateRole).toInt();
            const int next = chosen + (button == Button::NextCandidate ? 1 : -1);
            if (auto *chatModel = qobject_cast<ChatModel *>(model); chatModel && next >= 0 && next < count)
                chatModel->setChosenCandidate(index.row(), next);
            break;
        }
        case Button::PreviousBranch:
        case Button::NextBranch: {
            const int current = index.data(ChatModel::BranchIndexRole).toInt();
            const int offset = button == Button::NextBranch ? 1 : -1;
            const int next = current + offset;
            if (next >= 1 && next <= index.data(ChatModel::BranchCountRole).toInt())
                Q_EMIT branchRequested(index.row(), offset);
            break;
        }
        case Button::ToggleThoughts:
            break;
        }
        return true;
    }
    if (!l.document || !l.text.contains(pos))
        return false;
    const QList<QRect> copyRects = codeCopyButtonRects(option, index);
    for (int i = 0; i < copyRects.size(); ++i) {
        if (!copyRects.at(i).contains(pos))
            continue;
        if (release) {
            const QList<MessageDocument::CodeBlock> blocks = l.document->codeBlocks();
            if (i < blocks.size())
                copyToClipboard(blocks.at(i).text, tr("Code block"));
        }
        return true;
    }
    const QString anchor = l.document->anchorAt(pos - l.text.topLeft());
    if (anchor.isEmpty())
        return false;
    if (release)
        openLink(QUrl(anchor));
    return true;
}

bool MessageDelegate::helpEvent(
    QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const Layout l = layout(option, index, true);
    const QPoint pos = event->pos();
    QString tip;
    if (l.usage.contains(pos))
        tip = usageToolTip(index);
    for (const auto &[button, rect] : l.buttons) {
        if (!rect.contains(pos))
            continue;
        switch (button) {
        case Button::Copy:
            tip = tr("Copy the message");
            break;
        case Button::Edit:
            tip = tr("Edit this message and send it again");
            break;
        case Button::Regenerate:
            tip = tr("Ask for another answer");
            break;
        case Button::Retry:
            tip = tr("Send the request again");
            break;
        case Button::Continue:
            tip = tr("Ask the model to go on where it stopped");
            break;
        case Button::PreviousCandidate:
            tip = tr("Previous candidate");
            break;
        case Button::NextCandidate:
            tip = tr("Next candidate");
            break;
        case Button::PreviousBranch:
            tip = isUserRow(index) ? tr("The previous version of this message")
                                   : tr("The previous answer to this message");
            break;
        case Button::NextBranch:
            tip = isUserRow(index) ? tr("The next version of this message") : tr("The next answer to this message");
            break;
        case Button::ToggleThoughts:
            break;
        }
    }
    if (tip.isEmpty() && l.document && l.text.contains(pos)) {
        const QString anchor = l.document->anchorAt(pos - l.text.topLeft());
        if (!anchor.isEmpty())
            tip = anchor;
    }
    if (tip.isEmpty() && l.thoughtsToggle.contains(pos))
        tip = tr("Show or hide the model's thought summaries");
    if (tip.isEmpty()) {
        QToolTip::hideText();
        return false;
    }
    QToolTip::showText(event->globalPos(), tip, view->viewport());
    return true;
}

QWidget *MessageDelegate::createEditor(
    QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QTextBrowser *reader = newReader(parent);
    reader->setFont(option.font);
    MessageDocument *copy = document(option, index)->cloneForReading(reader);
    reader->setDocument(copy);
    return reader;
}

void MessageDelegate::setEditorData(QWidget *, const QModelIndex &) const
{
    // The reader shows the text as it was when it opened: a selection must not be reset by updates.
}

void MessageDelegate::setModelData(QWidget *, QAbstractItemModel *, const QModelIndex &) const
{
    // Read-only.
}

void MessageDelegate::updateEditorGeometry(
    QWidget *editor, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    editor->setGeometry(textRect(option, index));
}
