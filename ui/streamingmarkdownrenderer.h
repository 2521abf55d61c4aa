#pragma once

#include <QColor>
#include <QPointer>
#include <QString>
#include <QTextDocument>
#include <QTextFrame>

class QTextCursor;

// Renders Markdown that arrives piece by piece into one QTextFrame of a document (the root frame for
// a document of its own), in time linear in the length of the answer ("committed blocks + plain
// tail", qt-house-style.md §3a):
// - a block is finished once a blank line has arrived outside an open code fence and the next line
//   does not continue it (an indented line continues a list item or indented code). A finished
//   block is parsed once and appended with insertMarkdown, and never touched again;
// - the unfinished rest, the tail, is shown as plain text (monospace inside an open fence) and is
//   replaced or extended on each render();
// - finish() replaces the whole frame with one clean render of the whole text.
// append() only stores text; the owner decides when to render() (the views coalesce to ~30 Hz).
// Model output is rendered without HTML (MarkdownNoHTML). Fetching images is the view's business:
// views must not load remote resources (see MessageDocument::loadResource).
class StreamingMarkdownRenderer final
{
    Q_DISABLE_COPY_MOVE(StreamingMarkdownRenderer)

public:
    // Colours that come from the palette of the view.
    struct Style
    {
        QColor codeBackground; // code blocks, inline code, table headers
        QColor quoteText;
        QColor tableBorder;
    };

    static constexpr QTextDocument::MarkdownFeatures Features
        = QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub) | QTextDocument::MarkdownNoHTML;

    // Renders into `frame`, which must be empty (one empty block). The frame belongs to its document.
    explicit StreamingMarkdownRenderer(QTextFrame *frame, const Style &style = {});

    void append(const QString &text);
    // Appends the blocks finished since the last call and brings the tail up to date.
    void render();
    // One clean render of the whole text. Text appended after finish() goes on in a new block.
    void finish();
    // The same result without rendering the finished blocks again: the end of the text closes the
    // open blocks, which are appended once like the others. Linear in what is left, so a long answer
    // does not stall the view when it ends (finish() re-renders everything).
    void finishIncrementally();

    const QString &markdown() const { return m_markdown; }
    bool isFinished() const { return m_finished; }
    // Whether text arrived since the last render() or finish().
    bool isDirty() const { return m_dirty; }
    QTextFrame *frame() const { return m_frame; }

    // Appends finished Markdown blocks at the end of `frame`, as the next block(s) after what is
    // there (nothing when frameIsEmpty). Like QTextCursor::insertMarkdown, but keeps the format of
    // the first block, which insertMarkdown merges into the cursor's block and so drops (heading,
    // code block and list item formats are lost in Qt 6.4 unless inserted at position 0), and
    // continues the list the frame ends with when the Markdown continues it.
    static void appendMarkdown(QTextFrame *frame, bool frameIsEmpty, const QString &markdown, const Style &style);

private:
    // Scans the lines that arrived since the last call; returns where the finished blocks end.
    qsizetype findCommitBoundary();
    void commit(qsizetype boundary);
    void removeTail();
    void showTail();
    void clearFrame();

    QPointer<QTextFrame> m_frame;
    Style m_style;
    QString m_markdown;
    qsizetype m_committed = 0;  // m_markdown[0, m_committed) is rendered as finished blocks
    qsizetype m_scanned = 0;    // start of the first line not scanned yet
    qsizetype m_candidate = -1; // after a blank line outside a fence, until the next line decides
    QString m_fence;            // the open code fence's marker ("```", "~~~~"); empty outside a fence
    qsizetype m_fenceBody = -1; // where the open fence's content starts (after its opening line)
    bool m_hasCommitted = false;
    bool m_finished = false;
    bool m_dirty = false;

    // What the tail shows now: the plain part, then the open fence's code (if m_tailHasCode).
    int m_tailOffset = -1; // from the frame's first position; -1 when no tail is shown
    QString m_tailPlain;
    QString m_tailCode;
    bool m_tailHasCode = false;
};
