#include "messagedocument.h"

#include "chat/chatturn.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocumentFragment>
#include <QTextFrame>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(MessageDocument)
};

bool isWebUrl(const QString &uri)
{
    const QUrl url(uri);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty() && (scheme == "http"_L1 || scheme == "https"_L1);
}

// Text that goes into Markdown as it is: no emphasis, link or HTML syntax can come out of it.
QString escapeMarkdown(QString text)
{
    static const QString special = u"\\`*_[]()<>#+-!|{}~"_s;
    QString out;
    out.reserve(text.size() + 8);
    for (QChar c : text.replace(u'\n', u' ')) {
        if (special.contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

QString linkTarget(const QString &uri)
{
    QString encoded = QString::fromLatin1(QUrl(uri).toEncoded());
    return encoded.replace(u'(', "%28"_L1).replace(u')', "%29"_L1);
}

// A fence longer than any run of backticks in the code, so that the code cannot close it.
QString fenceFor(const QString &code)
{
    int longest = 0;
    int run = 0;
    for (QChar c : code) {
        run = c == u'`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return QString(std::max(3, longest + 1), u'`');
}

QString codeBlock(const QString &code, const QString &language)
{
    const QString fence = fenceFor(code);
    QString body = code;
    if (!body.endsWith(u'\n'))
        body += u'\n';
    return fence + language + u'\n' + body + fence + u'\n';
}

QString outcomeWords(const QString &outcome)
{
    if (outcome.isEmpty() || outcome == "OUTCOME_OK"_L1)
        return {};
    if (outcome == "OUTCOME_FAILED"_L1)
        return Tr::tr("failed");
    if (outcome == "OUTCOME_DEADLINE_EXCEEDED"_L1)
        return Tr::tr("timed out");
    return outcome.toLower().replace(u'_', u' ');
}

} // namespace

MessageDocument::MessageDocument(const StreamingMarkdownRenderer::Style &style, QObject *parent)
    : QTextDocument(parent)
    , m_style(style)
{
    setDocumentMargin(0);
    setUndoRedoEnabled(false);
}

MessageDocument::~MessageDocument() = default;

QVariant MessageDocument::loadResource(int type, const QUrl &name)
{
    // QTextDocument's own loader would read local files (and data: URLs): only qrc: is ours.
    if (name.scheme() == "qrc"_L1)
        return QTextDocument::loadResource(type, name);
    return {};
}

void MessageDocument::update(const ChatTurn &turn)
{
    if (m_built && turn.id == m_turnId && turn.revision == m_revision)
        return;
    if (turn.isUser()) {
        setUserText(turn.id, turn.text);
    } else {
        const Candidate *chosen = turn.chosen();
        const bool busy = turn.isBusy();
        setModelAnswer(turn.id, turn.markdown(), busy, busy || !chosen ? QString() : extrasMarkdown(*chosen));
        setThoughts(turn.thoughts());
    }
    m_revision = turn.revision;
}

void MessageDocument::setUserText(quint64 turnId, const QString &text)
{
    if (m_built && m_user && turnId == m_turnId && text == m_source)
        return;
    m_renderer.reset();
    QTextCursor cursor(this);
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.removeSelectedText();
    cursor.setBlockFormat({});
    cursor.setBlockCharFormat({});
    cursor.insertText(text, QTextCharFormat());
    cursor.endEditBlock();
    m_turnId = turnId;
    m_user = true;
    m_built = true;
    m_source = text;
    m_extras.clear();
    m_revision = -1;
    ++m_buildCount;
}

void MessageDocument::setModelAnswer(quint64 turnId, const QString &markdown, bool streaming, const QString &extras)
{
    // One edit block: the layout hears of the whole change once. Without it every format the renderer
    // sets on a laid-out document is laid out again at once, and a clean render of 200 KB takes
    // seconds instead of a few hundred milliseconds.
    QTextCursor batch(this);
    batch.beginEditBlock();
    applyModelAnswer(turnId, markdown, streaming, extras);
    batch.endEditBlock();
}

void MessageDocument::applyModelAnswer(quint64 turnId, const QString &markdown, bool streaming, const QString &extras)
{
    const bool same = m_built && !m_user && turnId == m_turnId;
    if (same && m_renderer && !m_renderer->isFinished() && markdown.startsWith(m_source)) {
        // Only the text that arrived since the last update goes to the renderer.
        m_renderer->append(markdown.mid(m_source.size()));
        m_source = markdown;
        if (streaming) {
            m_renderer->render();
            return;
        }
        // A clean render of a long answer would stall the view for a moment right as it ends
        // (~150 ms at 200 KB); appending the last blocks gives the same text, and the same look but
        // for rare list-continuation and spacing details.
        if (markdown.size() > CleanFinishLimit)
            m_renderer->finishIncrementally();
        else
            m_renderer->finish();
        m_extras = extras;
        if (!extras.isEmpty())
            StreamingMarkdownRenderer::appendMarkdown(rootFrame(), markdown.trimmed().isEmpty(), extras, m_style);
        return;
    }
    if (same && !streaming && !isStreaming() && markdown == m_source && extras == m_extras)
        return;
    m_turnId = turnId;
    m_user = false;
    m_revision = -1;
    rebuild(markdown, streaming, extras);
}

void MessageDocument::rebuild(const QString &source, bool streaming, const QString &extras)
{
    QTextCursor cursor(this);
    cursor.select(QTextCursor::Document);
    cursor.removeSelectedText();
    cursor.setBlockFormat({});
    cursor.setBlockCharFormat({});
    m_renderer = std::make_unique<StreamingMarkdownRenderer>(rootFrame(), m_style);
    m_renderer->append(source);
    m_source = source;
    m_extras.clear();
    m_built = true;
    ++m_buildCount;
    if (streaming) {
        m_renderer->render();
        return;
    }
    m_renderer->finish();
    m_extras = extras;
    if (!extras.isEmpty())
        StreamingMarkdownRenderer::appendMarkdown(rootFrame(), source.trimmed().isEmpty(), extras, m_style);
}

QList<MessageDocument::CodeBlock> MessageDocument::codeBlocks() const
{
    QList<CodeBlock> blocks;
    QAbstractTextDocumentLayout *layout = documentLayout();
    QTextBlock previous;
    for (QTextBlock block = begin(); block.isValid(); block = block.next()) {
        const QTextBlockFormat format = block.blockFormat();
        const bool code = format.hasProperty(QTextFormat::BlockCodeFence)
            || format.hasProperty(QTextFormat::BlockNonBreakableLines);
        if (!code) {
            previous = {};
            continue;
        }
        const QRectF rect = layout->blockBoundingRect(block);
        // The importer makes one block per line of a code block. (Two code blocks with nothing between
        // them and the same language cannot be told apart: they count as one.)
        const bool continues = previous.isValid() && previous.next() == block
            && QTextCursor(previous).currentFrame() == QTextCursor(block).currentFrame()
            && previous.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage)
                == format.stringProperty(QTextFormat::BlockCodeLanguage);
        if (continues && !blocks.isEmpty()) {
            blocks.last().text += u'\n' + block.text();
            blocks.last().rect = blocks.last().rect.united(rect);
        } else {
            blocks.append({block.text(), rect});
        }
        previous = block;
    }
    for (CodeBlock &block : blocks)
        block.text.replace(QChar::LineSeparator, u'\n').replace(QChar::Nbsp, u' ');
    return blocks;
}

QString MessageDocument::anchorAt(const QPointF &point) const
{
    return documentLayout()->anchorAt(point);
}

void MessageDocument::setThoughts(const QString &thoughts)
{
    if (thoughts == m_thoughts)
        return;
    m_thoughts = thoughts;
    m_thoughtsDirty = true;
}

QTextDocument *MessageDocument::thoughtsDocument()
{
    if (!m_thoughtsDocument) {
        m_thoughtsDocument = std::make_unique<MessageDocument>(m_style);
        m_thoughtsDirty = true;
    }
    if (m_thoughtsDirty) {
        m_thoughtsDocument->setDefaultFont(defaultFont());
        m_thoughtsDocument->setMarkdown(m_thoughts, StreamingMarkdownRenderer::Features);
        m_thoughtsDirty = false;
    }
    if (m_thoughtsDocument->textWidth() != textWidth())
        m_thoughtsDocument->setTextWidth(textWidth());
    return m_thoughtsDocument.get();
}

MessageDocument *MessageDocument::cloneForReading(QObject *parent) const
{
    auto *copy = new MessageDocument(m_style, parent);
    copy->setDefaultFont(defaultFont());
    copy->setDefaultStyleSheet(defaultStyleSheet());
    copy->rootFrame()->setFrameFormat(rootFrame()->frameFormat());
    QTextCursor(copy).insertFragment(QTextDocumentFragment(this));
    copy->m_turnId = m_turnId;
    copy->m_user = m_user;
    copy->m_source = m_source;
    copy->m_built = true;
    return copy;
}

QString MessageDocument::extrasMarkdown(const Candidate &candidate)
{
    QStringList sections;
    for (const Part &part : candidate.content.parts) {
        switch (part.kind) {
        case Part::Kind::ExecutableCode:
            sections << u"**"_s + Tr::tr("Code") + u"**\n\n"_s + codeBlock(part.code, part.language.toLower());
            break;
        case Part::Kind::CodeExecutionResult: {
            const QString outcome = outcomeWords(part.outcome);
            QString heading = u"**"_s + Tr::tr("Output") + u"**"_s;
            if (!outcome.isEmpty())
                heading += u" ("_s + escapeMarkdown(outcome) + u')';
            sections << heading + u"\n\n"_s + (part.output.isEmpty() ? QString() : codeBlock(part.output, {}));
            break;
        }
        case Part::Kind::FunctionCall: {
            const QString args
                = QString::fromUtf8(QJsonDocument(part.functionPayload).toJson(QJsonDocument::Indented)).trimmed();
            sections << u"**"_s + Tr::tr("Function call") + u"** `"_s + part.functionName + u"`\n\n"_s
                    + codeBlock(args, u"json"_s);
            break;
        }
        case Part::Kind::InlineData:
            sections << u"*["_s
                    + escapeMarkdown(Tr::tr("%1: %2, %3")
                                         .arg(part.mimeType.startsWith("image/"_L1) ? Tr::tr("image") : Tr::tr("data"),
                                             part.mimeType, QLocale().formattedDataSize(part.data.size())))
                    + u"]*"_s;
            break;
        case Part::Kind::FileData:
            sections << u"*["_s + escapeMarkdown(Tr::tr("file: %1").arg(part.mimeType)) + u"]*"_s;
            break;
        case Part::Kind::Text:
        case Part::Kind::FunctionResponse:
        case Part::Kind::Other:
            break;
        }
    }

    const GroundingMetadata &grounding = candidate.groundingMetadata;
    QStringList sources;
    for (const GroundingChunk &chunk : grounding.chunks) {
        if (!isWebUrl(chunk.uri))
            continue;
        const QString title = chunk.title.isEmpty() ? QUrl(chunk.uri).host() : chunk.title;
        sources << u"%1. [%2](%3)"_s.arg(sources.size() + 1).arg(escapeMarkdown(title), linkTarget(chunk.uri));
    }
    if (!sources.isEmpty()) {
        QString section = u"**"_s + Tr::tr("Sources") + u"**\n\n"_s + sources.join(u'\n');
        if (!grounding.webSearchQueries.isEmpty())
            section += u"\n\n*"_s
                + escapeMarkdown(Tr::tr("Searched for: %1").arg(grounding.webSearchQueries.join(", "_L1))) + u'*';
        sections << section;
    }

    QStringList citations;
    for (const CitationSource &citation : candidate.citations) {
        if (!isWebUrl(citation.uri))
            continue;
        const QString title = citation.title.isEmpty() ? citation.uri : citation.title;
        QString line = u"%1. [%2](%3)"_s.arg(citations.size() + 1).arg(escapeMarkdown(title), linkTarget(citation.uri));
        if (!citation.license.isEmpty())
            line += u" ("_s + escapeMarkdown(citation.license) + u')';
        citations << line;
    }
    if (!citations.isEmpty())
        sections << u"**"_s + Tr::tr("Citations") + u"**\n\n"_s + citations.join(u'\n');
    return sections.join("\n\n"_L1);
}
