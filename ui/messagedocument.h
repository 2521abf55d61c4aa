#pragma once

#include "streamingmarkdownrenderer.h"

#include <QList>
#include <QRectF>
#include <QString>
#include <QTextDocument>

#include <memory>

struct Candidate;
struct ChatTurn;

// The text area of one turn of the chat view, as a document of its own (one document per message,
// qt-house-style.md §3a): the user's text as typed, or the model's answer (the chosen candidate's
// Markdown) followed by what else the answer holds in readable form: code the model ran and its
// output, function calls, images, and the sources it cites, as numbered http(s) links.
// While the answer streams, update() only hands the renderer the text that arrived since the last
// call (committed blocks + plain tail); when the turn leaves Streaming the answer is rendered once,
// cleanly. Nothing is ever fetched: loadResource() serves the application's own resources only.
class MessageDocument final : public QTextDocument
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageDocument)

public:
    // Above this many characters, a streamed answer is finished by appending its last blocks rather
    // than by one clean render of the whole (StreamingMarkdownRenderer::finishIncrementally).
    static constexpr qsizetype CleanFinishLimit = 32 * 1024;

    struct CodeBlock
    {
        QString text;
        QRectF rect; // in document coordinates, at the current text width
    };

    explicit MessageDocument(const StreamingMarkdownRenderer::Style &style = {}, QObject *parent = nullptr);
    ~MessageDocument() override;

    // Brings the document up to date with the turn (see above). Cheap when nothing changed.
    void update(const ChatTurn &turn);
    // The same without a turn (benchmarks, tests): the model's Markdown; `extras` is Markdown that
    // follows the answer once it is complete.
    void setModelAnswer(quint64 turnId, const QString &markdown, bool streaming, const QString &extras = {});
    void setUserText(quint64 turnId, const QString &text);

    quint64 turnId() const { return m_turnId; }
    int revision() const { return m_revision; }
    bool isUser() const { return m_user; }
    bool isStreaming() const { return m_renderer && !m_renderer->isFinished(); }
    // The Markdown the renderer holds (the model's answer), or the user's text.
    QString sourceText() const { return m_source; }
    QString rendererMarkdown() const { return m_renderer ? m_renderer->markdown() : QString(); }
    // How often the document was built from scratch (streaming appends do not count).
    int buildCount() const { return m_buildCount; }

    // The code blocks (fenced or indented, anywhere in the document), laid out at the current width.
    QList<CodeBlock> codeBlocks() const;
    QString anchorAt(const QPointF &point) const;

    // The thought summaries as a small document of their own (Markdown), built on first use.
    void setThoughts(const QString &thoughts);
    QString thoughts() const { return m_thoughts; }
    QTextDocument *thoughtsDocument();

    // A copy for the read-only selection editor; it refuses remote resources too.
    MessageDocument *cloneForReading(QObject *parent) const;

    // The readable Markdown of a candidate's non-text parts and of its sources and citations.
    static QString extrasMarkdown(const Candidate &candidate);

    QVariant loadResource(int type, const QUrl &name) override;

private:
    void applyModelAnswer(quint64 turnId, const QString &markdown, bool streaming, const QString &extras);
    void rebuild(const QString &source, bool streaming, const QString &extras);

    StreamingMarkdownRenderer::Style m_style;
    std::unique_ptr<StreamingMarkdownRenderer> m_renderer;
    quint64 m_turnId = 0;
    int m_revision = -1;
    bool m_user = false;
    bool m_built = false;
    QString m_source;
    QString m_extras;
    int m_buildCount = 0;

    QString m_thoughts;
    std::unique_ptr<QTextDocument> m_thoughtsDocument;
    bool m_thoughtsDirty = false;
};
