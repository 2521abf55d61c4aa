#include "transcriptview.h"

#include <QDesktopServices>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextFrame>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QColor mix(const QColor &from, const QColor &to, float amount)
{
    const auto blend = [amount](float a, float b) { return a + (b - a) * amount; };
    return QColor::fromRgbF(
        blend(from.redF(), to.redF()), blend(from.greenF(), to.greenF()), blend(from.blueF(), to.blueF()));
}

constexpr int DocumentMargin = 20;
constexpr int MessageSpacing = 18;
constexpr int NoteSpacing = 6;
constexpr int FollowSlack = 8; // pixels from the bottom that still count as "at the bottom"

} // namespace

TranscriptView::TranscriptView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(u"transcriptView"_s);
    setAccessibleName(tr("Conversation"));
    setFrameShape(QFrame::NoFrame);
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    document()->setDocumentMargin(DocumentMargin);
    connect(this, &QTextBrowser::anchorClicked, this, [](const QUrl &url) { openLink(url); });

    m_renderTimer.setSingleShot(true);
    connect(&m_renderTimer, &QTimer::timeout, this, &TranscriptView::renderReply);

    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this,
        [this, bar](int value) { m_followBottom = value >= bar->maximum() - FollowSlack; });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (m_followBottom)
            bar->setValue(maximum);
    });
}

TranscriptView::~TranscriptView() = default;

bool TranscriptView::openLink(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme != "http"_L1 && scheme != "https"_L1)
        return false;
    return QDesktopServices::openUrl(url);
}

QVariant TranscriptView::loadResource(int type, const QUrl &name)
{
    if (name.scheme() == "qrc"_L1)
        return QTextBrowser::loadResource(type, name);
    return {};
}

void TranscriptView::clearConversation()
{
    m_renderTimer.stop();
    m_reply.reset();
    m_frameAtEnd = nullptr;
    clear();
    document()->setDocumentMargin(DocumentMargin);
    m_messageCount = 0;
    m_sideMargin = -1;
    updateSideMargins();
    m_followBottom = true;
}

QColor TranscriptView::mutedTextColor() const
{
    return mix(palette().color(QPalette::Text), palette().color(QPalette::Base), 0.45f);
}

QTextCursor TranscriptView::cursorForNewBlock(int spacing)
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (cursor.block().length() > 1)
        cursor.insertBlock({}, {});
    QTextBlockFormat block;
    if (m_frameAtEnd) {
        QTextFrameFormat format = m_frameAtEnd->frameFormat();
        format.setBottomMargin(spacing);
        m_frameAtEnd->setFrameFormat(format);
        m_frameAtEnd = nullptr;
    } else if (!document()->isEmpty()) {
        block.setTopMargin(spacing);
    }
    cursor.setBlockFormat(block);
    cursor.setBlockCharFormat({});
    return cursor;
}

QTextCursor TranscriptView::insertFrameAtEnd(const QTextFrameFormat &format)
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    m_frameAtEnd = cursor.insertFrame(format);
    return cursor;
}

void TranscriptView::insertLabel(const QString &text)
{
    QTextCursor cursor = cursorForNewBlock(MessageSpacing);
    QTextBlockFormat block = cursor.blockFormat();
    block.setBottomMargin(4);
    cursor.setBlockFormat(block);
    QTextCharFormat label;
    label.setFontWeight(QFont::DemiBold);
    label.setForeground(mutedTextColor());
    cursor.insertText(text, label);
}

QTextFrameFormat TranscriptView::messageFrameFormat(bool user) const
{
    QTextFrameFormat format;
    format.setBorder(0);
    if (user) {
        format.setBackground(mix(palette().color(QPalette::Base), palette().color(QPalette::Highlight), 0.12f));
        format.setPadding(10);
    }
    return format;
}

StreamingMarkdownRenderer::Style TranscriptView::markdownStyle() const
{
    const QColor base = palette().color(QPalette::Base);
    const QColor text = palette().color(QPalette::Text);
    return {mix(base, text, 0.07f), mutedTextColor(), mix(base, text, 0.3f)};
}

void TranscriptView::addUserMessage(const QString &text)
{
    if (isReplying())
        endReply();
    insertLabel(tr("You"));
    QTextCursor cursor = insertFrameAtEnd(messageFrameFormat(true));
    cursor.insertText(text, QTextCharFormat());
    ++m_messageCount;
    scrollToBottom();
}

void TranscriptView::beginReply(const QString &author)
{
    if (isReplying())
        endReply();
    insertLabel(author);
    QTextCursor cursor = insertFrameAtEnd(messageFrameFormat(false));
    m_reply = std::make_unique<StreamingMarkdownRenderer>(cursor.currentFrame(), markdownStyle());
    ++m_messageCount;
    scrollToBottom();
}

void TranscriptView::appendReplyText(const QString &text)
{
    if (!m_reply)
        return;
    m_reply->append(text);
    if (m_renderTimer.isActive())
        return;
    // Render at once if the last render is old enough (the first words show without delay), else
    // when it is: at most MaxRendersPerSecond renders, however small the pieces.
    const qint64 interval = 1000 / MaxRendersPerSecond;
    const qint64 since = m_sinceRender.isValid() ? m_sinceRender.elapsed() : interval;
    if (since >= interval)
        renderReply();
    else
        m_renderTimer.start(int(interval - since));
}

void TranscriptView::renderReply()
{
    if (!m_reply)
        return;
    m_reply->render();
    m_sinceRender.start();
}

void TranscriptView::endReply()
{
    m_renderTimer.stop();
    if (!m_reply)
        return;
    m_reply->finish();
    if (m_reply->markdown().trimmed().isEmpty() && m_reply->frame()) {
        // No text came (an error before the first word): let the empty answer take no room.
        QTextCursor cursor(document());
        cursor.setPosition(m_reply->frame()->firstPosition());
        QTextBlockFormat collapsed;
        collapsed.setLineHeight(0, QTextBlockFormat::FixedHeight);
        cursor.setBlockFormat(collapsed);
    }
}

QString TranscriptView::replyMarkdown() const
{
    return m_reply ? m_reply->markdown() : QString();
}

void TranscriptView::addNote(NoteKind kind, const QString &text)
{
    if (isReplying())
        endReply();
    if (kind == NoteKind::Error) {
        // Between two frames there is always a block: make it exactly the gap.
        QTextCursor gap = cursorForNewBlock(0);
        QTextBlockFormat gapFormat;
        gapFormat.setLineHeight(NoteSpacing, QTextBlockFormat::FixedHeight);
        gap.setBlockFormat(gapFormat);

        const QColor base = palette().color(QPalette::Base);
        const QColor red(0xd3, 0x2f, 0x2f);
        QTextFrameFormat frame;
        frame.setBackground(mix(base, red, 0.1f));
        frame.setBorder(1);
        frame.setBorderBrush(mix(base, red, 0.45f));
        frame.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
        frame.setPadding(8);
        QTextCursor cursor = insertFrameAtEnd(frame);
        cursor.insertText(u"⚠ "_s + text, QTextCharFormat());
        scrollToBottom();
        return;
    }
    QTextCursor cursor = cursorForNewBlock(NoteSpacing);
    QTextCharFormat format;
    if (kind == NoteKind::Stopped) {
        format.setForeground(mutedTextColor());
        format.setFontItalic(true);
        cursor.insertText(u"■ "_s + text, format);
    } else {
        format.setForeground(mix(palette().color(QPalette::Text), QColor(0xc2, 0x7c, 0x0e), 0.8f));
        cursor.insertText(u"⚠ "_s + text, format);
    }
    scrollToBottom();
}

void TranscriptView::resizeEvent(QResizeEvent *event)
{
    QTextBrowser::resizeEvent(event);
    updateSideMargins();
}

void TranscriptView::updateSideMargins()
{
    const int margin = std::max(0, (viewport()->width() - 2 * DocumentMargin - MaxContentWidth) / 2);
    if (margin == m_sideMargin)
        return;
    m_sideMargin = margin;
    QTextFrame *root = document()->rootFrame();
    QTextFrameFormat format = root->frameFormat();
    format.setLeftMargin(DocumentMargin + margin);
    format.setRightMargin(DocumentMargin + margin);
    root->setFrameFormat(format);
}

void TranscriptView::scrollToBottom()
{
    m_followBottom = true;
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}
