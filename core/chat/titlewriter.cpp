#include "titlewriter.h"

#include "api/generateresponse.h"
#include "net/geminiclient.h"
#include "net/generatecall.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcTitle, "alhena.chat.title")

// At most `max` UTF-16 units, never splitting a surrogate pair; "…" marks a cut.
QString cutInput(const QString &text, int max)
{
    const QString trimmed = text.trimmed();
    if (trimmed.size() <= max)
        return trimmed;
    qsizetype cut = max;
    if (cut > 0 && trimmed.at(cut - 1).isHighSurrogate())
        --cut;
    return trimmed.left(cut) + u'…';
}

// Bidirectional embeddings, overrides and isolates: a title must not reorder the text shown after it.
bool isBidiControl(char32_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// Characters taken off both ends of a title: white space, quotes, Markdown emphasis, direction marks.
bool isWrapper(QChar c)
{
    static const QString wrappers = u"\"'`*_~“”„‟‘’‚‛«»‹›「」『』〝〞＂＇\u200E\u200F"_s;
    return c.isSpace() || wrappers.contains(c);
}

// Punctuation the end of a title goes without (closing brackets stay: they close something).
bool isTrailingPunctuation(QChar c)
{
    static const QString marks = u".,;:!?…。、，；：！？·-–—"_s;
    return marks.contains(c) || isWrapper(c);
}

QString stripEnds(QString line)
{
    qsizetype start = 0;
    while (start < line.size() && isWrapper(line.at(start)))
        ++start;
    qsizetype end = line.size();
    while (end > start && isTrailingPunctuation(line.at(end - 1)))
        --end;
    return line.mid(start, end - start);
}

// Something a person could read as a title: a letter, a digit or a symbol (an emoji).
bool isUsable(const QString &title)
{
    const QList<uint> codePoints = title.toUcs4();
    return std::any_of(codePoints.cbegin(), codePoints.cend(), [](uint c) {
        const QChar::Category category = QChar::category(char32_t(c));
        return QChar::isLetterOrNumber(char32_t(c)) || category == QChar::Symbol_Other || category == QChar::Symbol_Math
            || category == QChar::Symbol_Currency;
    });
}

// One line of the answer without its decorations.
QString cleanLine(QString line)
{
    static const QRegularExpression heading(u"^\\s*(#{1,6}\\s+|[-*•]\\s+|\\d{1,2}[.)]\\s+|>\\s*)"_s);
    static const QRegularExpression label(u"^\\s*(title|titel|titre|título|titolo|subject|topic)\\s*[:：]\\s*"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression emphasis(u"\\*\\*|__|`"_s);
    QString previous;
    while (line != previous) {
        previous = line;
        line.remove(emphasis);
        line.replace(heading, QString());
        line.replace(label, QString());
        line = stripEnds(line);
    }
    return line.simplified();
}

} // namespace

TitleWriter::TitleWriter(GeminiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

TitleWriter::~TitleWriter()
{
    const QList<Pending> calls = std::exchange(m_calls, {});
    for (const Pending &pending : calls) {
        if (GenerateCall *call = pending.call) {
            call->disconnect(this);
            call->cancel();
        }
    }
}

QString TitleWriter::instruction()
{
    return u"Write a short title (3 to 6 words) for this conversation. Answer with the title only, no quotes, no "
           "punctuation at the end, in the language of the conversation."_s;
}

bool TitleWriter::canTurnOffThinking(const QString &model)
{
    QString id = model.trimmed().toLower();
    if (id.startsWith("models/"_L1))
        id = id.mid(7);
    if (id.contains("pro"_L1))
        return false;
    return id.startsWith("gemini-2.5-flash"_L1) || id == "gemini-flash-latest"_L1
        || id == "gemini-flash-lite-latest"_L1;
}

GenerateContentRequest TitleWriter::request(const QString &model, const QString &prompt, const QString &answer)
{
    GenerateContentRequest request;
    Content system;
    system.parts.append(Part::fromText(instruction()));
    request.systemInstruction = system;
    // Labelled, so that the model reads both as material and answers neither.
    QString text = u"The conversation starts like this.\n\n[User]\n"_s + cutInput(prompt, MaxInputChars);
    if (!answer.trimmed().isEmpty())
        text += u"\n\n[Model]\n"_s + cutInput(answer, MaxInputChars);
    request.contents.append(Content::user(text));
    request.generationConfig.temperature = 0.3;
    const QString id = model.toLower();
    if (canTurnOffThinking(model)) {
        ThinkingConfig thinking;
        thinking.thinkingBudget = 0;
        request.generationConfig.thinkingConfig = thinking;
        request.generationConfig.maxOutputTokens = MaxOutputTokens;
    } else if (id.contains("2.5"_L1) || id.contains("gemini-3"_L1) || id.contains("latest"_L1)
        || id.contains("thinking"_L1)) {
        // These models may think before they answer, and thoughts count against maxOutputTokens: with
        // a few tokens only, the answer would be empty.
        request.generationConfig.maxOutputTokens = ThinkingMaxOutputTokens;
    } else {
        request.generationConfig.maxOutputTokens = MaxOutputTokens;
    }
    return request;
}

void TitleWriter::write(qint64 conversationId, const QString &model, const QString &prompt, const QString &answer)
{
    // A newer request for the same conversation replaces the older one.
    for (qsizetype i = 0; i < m_calls.size(); ++i) {
        if (m_calls.at(i).conversationId != conversationId)
            continue;
        const Pending old = m_calls.takeAt(i);
        if (GenerateCall *call = old.call) {
            call->disconnect(this);
            call->cancel();
        }
        failLater(conversationId);
        break;
    }
    if (!m_client || model.trimmed().isEmpty() || prompt.trimmed().isEmpty()) {
        failLater(conversationId);
        return;
    }
    GenerateCall *call = m_client->generateContent(model.trimmed(), request(model, prompt, answer));
    m_calls.append(Pending {call, conversationId});
    connect(call, &GenerateCall::finished, this, [this, call](const GenerateContentResponse &response) {
        const QString text = response.candidates.isEmpty() ? QString() : response.candidates.first().content.text();
        finish(call, clean(text));
    });
    connect(call, &GenerateCall::failed, this, [this, call](const ApiError &error) {
        qCDebug(lcTitle) << "no title:" << error.kindName();
        finish(call, {});
    });
}

void TitleWriter::finish(GenerateCall *call, const QString &title)
{
    const auto it = std::find_if(m_calls.begin(), m_calls.end(), [call](const Pending &p) { return p.call == call; });
    if (it == m_calls.end())
        return;
    const qint64 id = it->conversationId;
    m_calls.erase(it);
    call->disconnect(this);
    if (title.isEmpty())
        Q_EMIT failed(id);
    else
        Q_EMIT titled(id, title);
}

void TitleWriter::failLater(qint64 conversationId)
{
    QTimer::singleShot(0, this, [this, conversationId] { Q_EMIT failed(conversationId); });
}

QString TitleWriter::clean(const QString &answer)
{
    QString text;
    text.reserve(answer.size());
    for (const uint c : answer.toUcs4()) {
        if (isBidiControl(char32_t(c)))
            continue;
        if (c == u'\r' || c == 0x2028 || c == 0x2029 || c == 0x85)
            text += u'\n';
        else if (c == u'\t')
            text += u' ';
        else if (QChar::category(char32_t(c)) == QChar::Other_Control && c != u'\n')
            continue;
        else
            text.append(QStringView(QChar::fromUcs4(char32_t(c))));
    }

    const auto shorten = [](QString title) {
        if (title.size() <= MaxChars)
            return title;
        qsizetype cut = MaxChars;
        if (title.at(cut - 1).isHighSurrogate())
            --cut;
        const qsizetype space = title.lastIndexOf(u' ', cut);
        if (space >= MaxChars / 2)
            cut = space;
        return stripEnds(title.left(cut)).simplified();
    };
    QString introduction; // "Here is a title:", used when nothing follows it
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QString raw = line.trimmed();
        const QString title = shorten(cleanLine(raw));
        if (!isUsable(title))
            continue;
        if (raw.endsWith(u':') || raw.endsWith(u'：')) {
            if (introduction.isEmpty())
                introduction = title;
            continue;
        }
        return title;
    }
    return introduction;
}
