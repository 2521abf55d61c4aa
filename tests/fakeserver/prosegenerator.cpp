#include "prosegenerator.h"

#include <array>

namespace {

class Random
{
public:
    explicit Random(quint64 seed)
        : m_state(seed * 6364136223846793005ULL + 1442695040888963407ULL)
    { }
    quint32 next(quint32 bound)
    {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<quint32>((m_state >> 33) % bound);
    }

private:
    quint64 m_state;
};

constexpr std::array words = {
    "the",
    "model",
    "stream",
    "answer",
    "request",
    "token",
    "signal",
    "buffer",
    "window",
    "parser",
    "socket",
    "network",
    "latency",
    "chunk",
    "event",
    "message",
    "reply",
    "history",
    "context",
    "summary",
    "audio",
    "image",
    "upload",
    "quota",
    "retry",
    "backoff",
    "server",
    "client",
    "thread",
    "queue",
    "render",
    "layout",
    "paragraph",
    "list",
    "table",
    "header",
    "value",
    "field",
    "schema",
    "config",
    "budget",
    "thought",
    "careful",
    "quick",
    "gentle",
    "robust",
    "simple",
    "precise",
    "steady",
    "bright",
    "quiet",
    "useful",
    "is",
    "are",
    "was",
    "keeps",
    "sends",
    "reads",
    "writes",
    "parses",
    "checks",
    "waits",
    "returns",
    "shows",
    "and",
    "or",
    "but",
    "with",
    "without",
    "after",
    "before",
    "while",
    "because",
    "so",
    "then",
    "of",
    "in",
    "on",
    "for",
    "to",
    "from",
    "by",
    "a",
    "an",
    "every",
    "each",
    "some",
    "many",
    "few",
    "this",
    "that",
    "mountain",
    "river",
    "harbour",
    "lantern",
    "compass",
    "journey",
    "garden",
    "orchard",
    "meadow",
};

// Sprinkled in now and then: accents, other scripts, and one character outside the BMP.
constexpr std::array foreignWords = {
    "Zürich",
    "naïve",
    "café",
    "façade",
    "déjà vu",
    "smörgåsbord",
    "Ελληνικά",
    "日本語",
    "über",
    "résumé",
    "piñata",
    "Straße",
    "mañana",
    "Kraków",
    "İstanbul",
    "Ærø",
    "🚀",
    "Привет",
    "中文",
    "Ångström",
};

constexpr std::array codeLines = {
    "for (const auto &chunk : chunks) {",
    "    if (chunk.isEmpty())",
    "        continue;",
    "    decoder.feed(chunk);",
    "}",
    "auto reply = client.streamGenerate(request);",
    "QObject::connect(reply, &Call::textDelta, view, &View::append);",
    "const int tokens = (text.size() + 3) / 4;",
    "return std::max(0, budget - used);",
};

void appendWord(QByteArray &out, Random &random)
{
    if (random.next(29) == 0)
        out += foreignWords[random.next(foreignWords.size())];
    else
        out += words[random.next(words.size())];
}

void appendSentence(QByteArray &out, Random &random)
{
    const quint32 length = 6 + random.next(12);
    const qsizetype start = out.size();
    for (quint32 i = 0; i < length; ++i) {
        if (i > 0)
            out += (random.next(11) == 0 ? ", " : " ");
        if (random.next(23) == 0) {
            out += "**";
            appendWord(out, random);
            out += "**";
        } else if (random.next(31) == 0) {
            out += '`';
            appendWord(out, random);
            out += '`';
        } else {
            appendWord(out, random);
        }
    }
    const char first = out.at(start);
    if (first >= 'a' && first <= 'z')
        out[start] = static_cast<char>(first - 'a' + 'A');
    out += (random.next(9) == 0 ? "?" : ".");
}

void appendParagraph(QByteArray &out, Random &random)
{
    const quint32 sentences = 2 + random.next(4);
    for (quint32 i = 0; i < sentences; ++i) {
        if (i > 0)
            out += ' ';
        appendSentence(out, random);
    }
    out += "\n\n";
}

void appendBlock(QByteArray &out, Random &random, quint32 kind, int &section)
{
    switch (kind) {
    case 0:
        out += "## Section ";
        out += QByteArray::number(++section);
        out += ": ";
        appendWord(out, random);
        out += ' ';
        appendWord(out, random);
        out += "\n\n";
        break;
    case 1:
    case 2:
    case 3:
        appendParagraph(out, random);
        break;
    case 4: {
        const quint32 items = 3 + random.next(4);
        for (quint32 i = 0; i < items; ++i) {
            out += "- ";
            appendSentence(out, random);
            out += '\n';
        }
        out += '\n';
        break;
    }
    case 5: {
        const quint32 items = 2 + random.next(3);
        for (quint32 i = 0; i < items; ++i) {
            out += QByteArray::number(i + 1) + ". ";
            appendSentence(out, random);
            out += '\n';
        }
        out += '\n';
        break;
    }
    case 6: {
        out += "```cpp\n";
        const quint32 lines = 3 + random.next(5);
        for (quint32 i = 0; i < lines; ++i) {
            out += codeLines[random.next(codeLines.size())];
            out += '\n';
        }
        out += "```\n\n";
        break;
    }
    case 7: {
        out += "| Name | Value | Note |\n|------|------:|------|\n";
        const quint32 rows = 2 + random.next(3);
        for (quint32 i = 0; i < rows; ++i) {
            out += "| ";
            appendWord(out, random);
            out += " | " + QByteArray::number(random.next(10000)) + " | ";
            appendWord(out, random);
            out += " |\n";
        }
        out += '\n';
        break;
    }
    default:
        out += "> ";
        appendSentence(out, random);
        out += "\n\n";
        break;
    }
}

} // namespace

QByteArray ProseGenerator::generateUtf8(qint64 byteCount)
{
    QByteArray out;
    if (byteCount <= 0)
        return out;
    out.reserve(byteCount + 1024);
    Random random(static_cast<quint64>(byteCount));
    int section = 0;
    // The first blocks show every kind once, so even a few kilobytes contain all of them.
    constexpr std::array<quint32, 9> opening = {0, 1, 4, 1, 6, 7, 5, 8, 1};
    for (quint32 kind : opening) {
        if (out.size() >= byteCount)
            break;
        appendBlock(out, random, kind, section);
    }
    while (out.size() < byteCount)
        appendBlock(out, random, random.next(9), section);

    qsizetype cut = static_cast<qsizetype>(byteCount);
    while (cut > 0 && cut < out.size() && (static_cast<unsigned char>(out.at(cut)) & 0xC0) == 0x80)
        --cut; // never split a UTF-8 sequence
    out.truncate(cut);
    while (out.size() < byteCount)
        out += '.';
    return out;
}
