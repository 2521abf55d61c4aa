#include "streamingmarkdownrenderer.h"

#include <QFontDatabase>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocumentFragment>
#include <QTextList>
#include <QTextTable>

using namespace Qt::StringLiterals;

namespace {

bool isBlank(QStringView line)
{
    for (QChar c : line) {
        if (c != u' ' && c != u'\t')
            return false;
    }
    return true;
}

qsizetype leadingSpaces(QStringView line)
{
    qsizetype n = 0;
    while (n < line.size() && line[n] == u' ')
        ++n;
    return n;
}

// The marker of a code fence that `line` opens ("```", "~~~~"), or an empty string.
QString fenceOpenedBy(QStringView line)
{
    const qsizetype indent = leadingSpaces(line);
    if (indent > 3 || indent >= line.size())
        return {};
    const QChar c = line[indent];
    if (c != u'`' && c != u'~')
        return {};
    qsizetype n = indent;
    while (n < line.size() && line[n] == c)
        ++n;
    if (n - indent < 3)
        return {};
    if (c == u'`' && line.mid(n).contains(u'`'))
        return {}; // an inline code span, not a fence
    return QString(n - indent, c);
}

bool closesFence(QStringView line, const QString &fence)
{
    const qsizetype indent = leadingSpaces(line);
    if (indent > 3)
        return false;
    qsizetype n = indent;
    while (n < line.size() && line[n] == fence.front())
        ++n;
    return n - indent >= fence.size() && isBlank(line.mid(n));
}

constexpr int QuoteIndent = 20;

QTextCursor cursorAtEnd(QTextFrame *frame)
{
    QTextCursor cursor(frame->document());
    cursor.setPosition(frame->lastPosition());
    return cursor;
}

bool isCodeBlock(const QTextBlockFormat &format)
{
    return format.hasProperty(QTextFormat::BlockCodeFence) || format.nonBreakableLines();
}

QTextBlockFormat codeBlockFormat(const StreamingMarkdownRenderer::Style &style)
{
    QTextBlockFormat format;
    if (style.codeBackground.isValid())
        format.setBackground(style.codeBackground);
    return format;
}

QTextCharFormat codeCharFormat()
{
    QTextCharFormat format;
    format.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    format.setFontFixedPitch(true);
    return format;
}

// Qt 6.4's importer puts an empty paragraph into the first cell of a table that follows a code block
// or a quote. Removing it makes the table look right, and the same however the text was split.
void removeEmptyFirstParagraphs(QTextTable *table)
{
    for (int row = 0; row < table->rows(); ++row) {
        for (int column = 0; column < table->columns(); ++column) {
            const QTextTableCell cell = table->cellAt(row, column);
            const QTextBlock first = cell.firstCursorPosition().block();
            if (first.length() == 1 && first.next().isValid() && first.next().position() <= cell.lastPosition()) {
                QTextCursor cursor(first);
                cursor.deleteChar(); // the merged paragraph keeps the next one's format
            }
        }
    }
}

void decorateTable(QTextTable *table, const StreamingMarkdownRenderer::Style &style)
{
    removeEmptyFirstParagraphs(table);
    QTextTableFormat format = table->format();
    format.setBorderCollapse(true);
    format.setBorder(1);
    format.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    format.setCellSpacing(0);
    format.setCellPadding(5);
    format.setTopMargin(4);
    format.setBottomMargin(4);
    if (style.tableBorder.isValid())
        format.setBorderBrush(style.tableBorder);
    table->setFormat(format);
    // With collapsed borders each cell draws its own.
    for (int row = 0; row < table->rows(); ++row) {
        for (int column = 0; column < table->columns(); ++column) {
            QTextTableCell cell = table->cellAt(row, column);
            QTextTableCellFormat cellFormat = cell.format().toTableCellFormat();
            cellFormat.setBorder(1);
            cellFormat.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
            if (style.tableBorder.isValid())
                cellFormat.setBorderBrush(style.tableBorder);
            if (row == 0 && style.codeBackground.isValid())
                cellFormat.setBackground(style.codeBackground);
            cell.setFormat(cellFormat);
            if (row == 0) { // the header row (the importer misses a cell now and then)
                QTextCursor text = cell.firstCursorPosition();
                text.setPosition(cell.lastCursorPosition().position(), QTextCursor::KeepAnchor);
                QTextCharFormat bold;
                bold.setFontWeight(QFont::Bold);
                text.mergeCharFormat(bold);
            }
        }
    }
}

// What the importer leaves to the view: code and quote backgrounds, wrapped code lines (one long
// line would otherwise give the whole view a horizontal scroll bar), table borders and padding.
void decorate(QTextDocument *document, int from, int to, const StreamingMarkdownRenderer::Style &style)
{
    QList<QTextTable *> tables;
    for (QTextBlock block = document->findBlock(from); block.isValid() && block.position() <= to;
         block = block.next()) {
        QTextCursor cursor(block);
        if (QTextTable *table = cursor.currentTable(); table && !tables.contains(table))
            tables.append(table);
        QTextBlockFormat format = block.blockFormat();
        if (isCodeBlock(format)) {
            format.setNonBreakableLines(false);
            if (style.codeBackground.isValid())
                format.setBackground(style.codeBackground);
            cursor.setBlockFormat(format);
            continue;
        }
        if (format.hasProperty(QTextFormat::BlockQuoteLevel)) {
            format.setLeftMargin(QuoteIndent * format.intProperty(QTextFormat::BlockQuoteLevel));
            format.setRightMargin(0);
            cursor.setBlockFormat(format);
            if (style.quoteText.isValid()) {
                cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
                QTextCharFormat text;
                text.setForeground(style.quoteText);
                cursor.mergeCharFormat(text);
            }
        }
        if (!style.codeBackground.isValid())
            continue;
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.charFormat().fontFixedPitch())
                continue;
            QTextCursor span(document);
            span.setPosition(fragment.position());
            span.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            QTextCharFormat background;
            background.setBackground(style.codeBackground);
            span.mergeCharFormat(background);
        }
    }
    for (QTextTable *table : std::as_const(tables))
        decorateTable(table, style);
}

} // namespace

StreamingMarkdownRenderer::StreamingMarkdownRenderer(QTextFrame *frame, const Style &style)
    : m_frame(frame)
    , m_style(style)
{ }

void StreamingMarkdownRenderer::append(const QString &text)
{
    if (text.isEmpty())
        return;
    m_finished = false; // text after finish() goes on in a new block
    QString normalized = text;
    normalized.remove(u'\r');
    m_markdown += normalized;
    m_dirty = true;
}

void StreamingMarkdownRenderer::render()
{
    if (!m_frame || m_finished || !m_dirty)
        return;
    m_dirty = false;
    const qsizetype boundary = findCommitBoundary();
    if (boundary > m_committed)
        commit(boundary);
    showTail();
}

void StreamingMarkdownRenderer::finish()
{
    if (!m_frame || m_finished)
        return;
    m_finished = true;
    m_dirty = false;
    clearFrame();
    if (!isBlank(m_markdown))
        appendMarkdown(m_frame, true, m_markdown, m_style);
    m_hasCommitted = !isBlank(m_markdown);
    m_committed = m_scanned = m_markdown.size();
    m_candidate = -1;
    m_fence.clear();
    m_fenceBody = -1;
}

void StreamingMarkdownRenderer::finishIncrementally()
{
    if (!m_frame || m_finished)
        return;
    if (!m_hasCommitted) { // nothing rendered yet: the clean render costs the same
        finish();
        return;
    }
    commit(m_markdown.size());
    m_finished = true;
    m_dirty = false;
    m_scanned = m_markdown.size();
    m_candidate = -1;
    m_fence.clear();
    m_fenceBody = -1;
}

qsizetype StreamingMarkdownRenderer::findCommitBoundary()
{
    qsizetype boundary = m_committed;
    const QStringView text(m_markdown);
    // The line after a blank one decides whether the blank line ended a block: an indented line
    // continues a list item (or indented code), anything else starts a new block.
    auto decide = [&](QStringView line) {
        if (m_candidate < 0 || isBlank(line))
            return;
        if (!line.front().isSpace())
            boundary = m_candidate;
        m_candidate = -1;
    };
    for (;;) {
        const qsizetype newline = m_markdown.indexOf(u'\n', m_scanned);
        if (newline < 0)
            break;
        const QStringView line = text.mid(m_scanned, newline - m_scanned);
        const qsizetype next = newline + 1;
        if (!m_fence.isEmpty()) {
            if (closesFence(line, m_fence)) {
                m_fence.clear();
                m_fenceBody = -1;
            }
        } else if (isBlank(line)) {
            m_candidate = next;
        } else {
            decide(line);
            if (const QString fence = fenceOpenedBy(line); !fence.isEmpty()) {
                m_fence = fence;
                m_fenceBody = next;
            }
        }
        m_scanned = next;
    }
    // The line still arriving can decide too, once its first non-blank character is there.
    if (m_fence.isEmpty())
        decide(text.mid(m_scanned));
    return boundary;
}

void StreamingMarkdownRenderer::commit(qsizetype boundary)
{
    removeTail();
    const QString block = m_markdown.mid(m_committed, boundary - m_committed);
    m_committed = boundary;
    if (isBlank(QString(block).remove(u'\n')))
        return;
    appendMarkdown(m_frame, !m_hasCommitted, block, m_style);
    m_hasCommitted = true;
}

void StreamingMarkdownRenderer::removeTail()
{
    if (m_tailOffset < 0)
        return;
    QTextCursor cursor(m_frame->document());
    cursor.setPosition(m_frame->firstPosition() + m_tailOffset);
    // Removing the separator after an empty block gives that block the format of the next one (a
    // rule would lose its line): keep the last finished block's format.
    const QTextBlockFormat blockFormat = m_hasCommitted ? cursor.blockFormat() : QTextBlockFormat();
    const QTextCharFormat blockCharFormat = m_hasCommitted ? cursor.blockCharFormat() : QTextCharFormat();
    cursor.setPosition(m_frame->lastPosition(), QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    if (cursor.blockFormat() != blockFormat)
        cursor.setBlockFormat(blockFormat);
    if (cursor.blockCharFormat() != blockCharFormat)
        cursor.setBlockCharFormat(blockCharFormat);
    m_tailOffset = -1;
    m_tailPlain.clear();
    m_tailCode.clear();
    m_tailHasCode = false;
}

void StreamingMarkdownRenderer::showTail()
{
    // The tail: the plain part, then the content of an open fence without its opening line.
    const bool hasCode = !m_fence.isEmpty() && m_fenceBody >= m_committed;
    const qsizetype codeStart = hasCode ? m_fenceBody : m_markdown.size();
    qsizetype plainEnd = codeStart;
    if (hasCode) // drop the fence's opening line
        plainEnd = m_markdown.lastIndexOf(u'\n', m_fenceBody - 2) + 1;
    plainEnd = std::max(plainEnd, m_committed);
    QString plain = m_markdown.mid(m_committed, plainEnd - m_committed);
    QString code = hasCode ? m_markdown.mid(codeStart) : QString();
    while (plain.endsWith(u'\n'))
        plain.chop(1);
    while (code.endsWith(u'\n'))
        code.chop(1);
    if (isBlank(QString(plain).remove(u'\n')))
        plain.clear();

    const QTextCharFormat plainFormat;
    // Only new text arrived: extend what is shown instead of replacing it.
    if (m_tailOffset >= 0 && hasCode == m_tailHasCode) {
        QTextCursor end = cursorAtEnd(m_frame);
        if (hasCode && plain == m_tailPlain && code.startsWith(m_tailCode)) {
            end.insertText(code.mid(m_tailCode.size()), codeCharFormat());
            m_tailCode = code;
            return;
        }
        if (!hasCode && plain.startsWith(m_tailPlain)) {
            end.insertText(plain.mid(m_tailPlain.size()), plainFormat);
            m_tailPlain = plain;
            return;
        }
    }

    removeTail();
    if (plain.isEmpty() && code.isEmpty())
        return;
    QTextCursor cursor = cursorAtEnd(m_frame);
    m_tailOffset = cursor.position() - m_frame->firstPosition();
    bool needBlock = m_hasCommitted;
    if (!plain.isEmpty()) {
        if (needBlock)
            cursor.insertBlock({}, plainFormat);
        cursor.insertText(plain, plainFormat);
        needBlock = true;
    }
    if (hasCode) {
        if (needBlock)
            cursor.insertBlock(codeBlockFormat(m_style), codeCharFormat());
        else
            cursor.setBlockFormat(codeBlockFormat(m_style));
        cursor.insertText(code, codeCharFormat());
    }
    m_tailPlain = plain;
    m_tailCode = code;
    m_tailHasCode = hasCode;
}

void StreamingMarkdownRenderer::clearFrame()
{
    QTextCursor cursor(m_frame->document());
    cursor.setPosition(m_frame->firstPosition());
    cursor.setPosition(m_frame->lastPosition(), QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    cursor.setBlockFormat({});
    cursor.setBlockCharFormat({});
    m_tailOffset = -1;
    m_tailPlain.clear();
    m_tailCode.clear();
    m_tailHasCode = false;
}

void StreamingMarkdownRenderer::appendMarkdown(
    QTextFrame *frame, bool frameIsEmpty, const QString &markdown, const Style &style)
{
    QTextDocument source;
    source.setMarkdown(markdown, Features);
    const QTextBlock sourceFirst = source.firstBlock();
    // A table or a rule at the start comes after an empty placeholder block (the importer's way to
    // start with something that cannot be the first block); the frame's last block takes its place.
    const bool startsWithPlaceholder
        = sourceFirst.length() == 1 && sourceFirst.next().isValid() && sourceFirst.blockFormat().properties().isEmpty();

    QTextDocument *document = frame->document();
    QTextCursor cursor = cursorAtEnd(frame);
    if (!frameIsEmpty && !startsWithPlaceholder)
        cursor.insertBlock({}, {});
    const int start = cursor.position();
    cursor.insertFragment(QTextDocumentFragment(&source));
    int end = cursor.position();
    if (end - start == source.characterCount()) {
        // The copy started a block of its own (it does for a list item) after the cursor's empty
        // block: merge the two, so that source position p is at start + p.
        QTextCursor merge(document);
        merge.setPosition(start);
        merge.deleteChar();
        --end;
    }
    if (startsWithPlaceholder) {
        decorate(document, start, end, style);
        return;
    }

    const QTextBlock first = document->findBlock(start);
    QTextCursor fix(first);
    QTextBlockFormat format = sourceFirst.blockFormat();
    format.clearProperty(QTextFormat::ObjectIndex);
    fix.setBlockFormat(format);
    fix.setBlockCharFormat(sourceFirst.charFormat());
    if (QTextList *sourceList = sourceFirst.textList()) {
        // The copy made a list for the other items of the first block's list, if there are any.
        QTextList *list = nullptr;
        for (QTextBlock b = sourceFirst.next(); b.isValid() && !list; b = b.next()) {
            if (b.textList() == sourceList)
                list = document->findBlock(start + b.position()).textList();
        }
        // A list the frame already ends with (items separated by blank lines) goes on.
        const QTextListFormat listFormat = sourceList->format();
        QTextList *previous = nullptr;
        for (QTextBlock b = first.previous(); b.isValid() && b.position() >= frame->firstPosition() && b.textList();
             b = b.previous()) {
            const QTextListFormat candidate = b.textList()->format();
            if (candidate.style() == listFormat.style() && candidate.indent() == listFormat.indent()) {
                previous = b.textList();
                break;
            }
        }
        if (previous) {
            previous->add(first);
            if (list) {
                for (int i = list->count() - 1; i >= 0; --i)
                    previous->add(list->item(i));
            }
        } else if (list) {
            list->add(first);
        } else {
            fix.createList(listFormat);
        }
    }
    decorate(document, start, end, style);
}
