#pragma once

#include "streamingmarkdownrenderer.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTextBrowser>
#include <QTimer>

#include <memory>

class QTextFrameFormat;

// The conversation as one read-only document: each message is a small label ("You", the model's
// name) over a frame holding its text. The user's text is shown as typed; the model's answer is
// Markdown, rendered while it streams by a StreamingMarkdownRenderer at most MaxRendersPerSecond
// times a second, and once more, cleanly, when it ends.
// Nothing is ever fetched to render a message: loadResource() only serves the application's own
// resources, and links open in the browser on a click, http(s) only.
class TranscriptView final : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptView)

public:
    enum class NoteKind {
        Stopped,
        Warning,
        Error,
    };

    explicit TranscriptView(QWidget *parent = nullptr);
    ~TranscriptView() override;

    static constexpr int MaxRendersPerSecond = 30;
    // Text wider than this is hard to read; wider windows get wider side margins instead.
    static constexpr int MaxContentWidth = 860;

    void clearConversation();
    bool isConversationEmpty() const { return m_messageCount == 0; }

    void addUserMessage(const QString &text);
    // Starts the model's answer under the last message; author names it (the model).
    void beginReply(const QString &author);
    // Appends to the answer; the view shows it with the next coalesced render.
    void appendReplyText(const QString &text);
    // Renders the whole answer once, cleanly. Notes can follow.
    void endReply();
    bool isReplying() const { return m_reply && !m_reply->isFinished(); }
    // The Markdown of the current (or last) answer.
    QString replyMarkdown() const;
    // A line under the last message: why an answer stopped, or what went wrong.
    void addNote(NoteKind kind, const QString &text);

    // Opens http(s) links in the browser; everything else is ignored.
    static bool openLink(const QUrl &url);

    // Serves only the application's own (qrc:) resources: an image in an answer is never fetched.
    QVariant loadResource(int type, const QUrl &name) override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void renderReply();
    // A cursor in a new empty block at the end of the document, `spacing` pixels below what is
    // there. (The layout ignores the top margin of a block right after a frame, so the spacing then
    // goes into the frame's bottom margin.)
    QTextCursor cursorForNewBlock(int spacing);
    // Inserts a frame at the end of the document and returns a cursor in it.
    QTextCursor insertFrameAtEnd(const QTextFrameFormat &format);
    void insertLabel(const QString &text);
    QTextFrameFormat messageFrameFormat(bool user) const;
    StreamingMarkdownRenderer::Style markdownStyle() const;
    QColor mutedTextColor() const;
    void updateSideMargins();
    void scrollToBottom();

    QTimer m_renderTimer;
    QElapsedTimer m_sinceRender;
    std::unique_ptr<StreamingMarkdownRenderer> m_reply;
    QPointer<QTextFrame> m_frameAtEnd; // the frame the document ends with, if it ends with one
    int m_messageCount = 0;
    int m_sideMargin = -1;
    bool m_followBottom = true; // keep the newest text in view, until the reader scrolls up
};
