// The history at scale: 10,000 conversations and 1,000,000 turns in the real Database and
// ConversationStore, then what the app does with them, timed: opening the file (with its integrity
// check), the sidebar's list, a conversation's path, and searches as the sidebar runs them while the
// user types. The same searches through the `sqlite3` command-line tool are the baseline.
//   build/bin/bench_store [folder] [--runs N] [--rebuild] [--build-only] [--conversations N] [--turns N]
// The database is built once and kept in the folder (default /tmp/alhena-bench-store); building it
// takes minutes, and the time is printed and kept in bench-meta.json.
#include "store/conversationstore.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <random>
#include <vector>

#ifdef Q_OS_UNIX
#include <time.h>
#endif

using namespace Qt::StringLiterals;

namespace {

// A word that occurs in exactly RareTurns turns: the "rare word" search.
const QString RareWord = u"quetzalcoatl"_s;
constexpr int RareTurns = 12;

struct Options
{
    QString folder = u"/tmp/alhena-bench-store"_s;
    int runs = 7;
    bool rebuild = false;
    bool buildOnly = false;
    int conversations = 10'000;
    qint64 turns = 1'000'000;
};

// ---- Realistic text

// The most frequent words of English chat about software first (a Zipf law over the rank gives
// "the" about 10% of all words, as in real text), then technical words, then made-up words that
// stand for the long tail of names, identifiers and rarer words.
const char *const CommonWords[] = {"the", "of", "and", "to", "a", "in", "is", "it", "that", "you", "for", "this", "be",
    "with", "on", "as", "are", "not", "can", "or", "have", "if", "your", "an", "but", "at", "by", "from", "we", "will",
    "use", "what", "all", "do", "one", "there", "which", "so", "when", "more", "how", "they", "was", "would", "should",
    "each", "then", "like", "about", "some", "into", "could", "them", "other", "than", "only", "new", "also", "because",
    "here", "way", "need", "just", "first", "make", "any", "where", "these", "time", "may", "value", "function", "data",
    "code", "file", "example", "error", "problem", "question", "answer", "program", "project", "process", "protocol",
    "property", "provide", "probably", "proposal", "memory", "leak", "thread", "queue", "server", "client", "request",
    "response", "model", "token", "string", "list", "array", "object", "class", "method", "type", "return", "call",
    "loop", "index", "table", "query", "database", "test", "build", "compile", "library", "version", "change", "update",
    "result", "output", "input", "user", "system", "network", "cache", "buffer", "pointer", "reference", "variable",
    "constant", "parameter", "argument", "interface", "module", "package", "script", "shell", "command", "option",
    "setting", "config", "window", "widget", "layout", "event", "signal", "slot", "timer", "stream", "socket", "packet",
    "header", "body", "json", "parse", "format", "encode", "decode", "search", "sort", "filter", "map", "reduce",
    "hash", "key", "secret", "account", "image", "audio", "video", "text", "word", "line", "page", "book", "story",
    "history", "recipe", "travel", "garden", "music", "paint", "weather", "health", "sleep", "coffee", "market",
    "price", "budget", "meeting", "email", "letter", "plan", "idea", "reason", "detail", "summary", "review",
    "feedback", "design", "performance", "latency", "throughput", "benchmark", "optimize", "algorithm", "complexity",
    "recursion", "iterator", "lambda", "closure", "template", "generic", "vector", "matrix", "graph", "tree", "node",
    "edge", "path", "branch", "merge", "commit", "rebase", "deploy", "release", "docker", "kernel", "driver", "device",
    "sensor", "battery", "voltage", "circuit", "physics", "energy", "chemistry", "biology", "history", "language",
    "grammar", "translate", "sentence", "paragraph", "essay", "poem", "novel", "character", "chapter", "author"};

QStringList makeVocabulary(int size)
{
    QStringList words;
    for (const char *w : CommonWords)
        words.append(QString::fromLatin1(w));
    static const char *const onsets[] = {"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
        "br", "cr", "dr", "st", "tr", "pl", "gr", "sh", "ch", "th"};
    static const char *const vowels[] = {"a", "e", "i", "o", "u", "ai", "ou", "ee", "io"};
    static const char *const codas[] = {"", "n", "r", "s", "l", "x", "nd", "st", "rk", "tion", "ment", "ing"};
    std::mt19937 random(1234);
    while (words.size() < size) {
        QString word;
        const int syllables = 2 + int(random() % 3);
        for (int s = 0; s < syllables; ++s) {
            word += QLatin1StringView(onsets[random() % std::size(onsets)]);
            word += QLatin1StringView(vowels[random() % std::size(vowels)]);
        }
        word += QLatin1StringView(codas[random() % std::size(codas)]);
        if (word != RareWord && !words.contains(word))
            words.append(word);
    }
    return words;
}

class TextMaker
{
public:
    TextMaker()
        : m_words(makeVocabulary(4000))
    {
        double total = 0;
        for (qsizetype rank = 0; rank < m_words.size(); ++rank) {
            total += 1.0 / double(rank + 1);
            m_cumulative.push_back(total);
        }
        for (double &c : m_cumulative)
            c /= total;
    }

    QString word()
    {
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(m_random);
        const auto it = std::lower_bound(m_cumulative.begin(), m_cumulative.end(), u);
        return m_words.at(std::min<qsizetype>(it - m_cumulative.begin(), m_words.size() - 1));
    }

    int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }
    double real() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_random); }

    // `words` words of prose in sentences and paragraphs, with now and then a list or (when `code`)
    // a fenced code block.
    QString prose(int words, bool code)
    {
        QString out;
        out.reserve(words * 8);
        int left = words;
        int inParagraph = 0;
        while (left > 0) {
            const int sentence = std::min(left, uniform(5, 22));
            for (int i = 0; i < sentence; ++i) {
                QString w = word();
                if (i == 0)
                    w[0] = w[0].toUpper();
                out += w;
                if (i + 1 < sentence)
                    out += (real() < 0.08 ? u", "_s : u" "_s);
            }
            out += (real() < 0.1 ? u"? "_s : u". "_s);
            left -= sentence;
            if (++inParagraph >= uniform(2, 5) && left > 0) {
                inParagraph = 0;
                out += u"\n\n"_s;
                if (real() < 0.15) {
                    for (int item = uniform(2, 4); item > 0 && left > 0; --item, left -= 4)
                        out += u"- **"_s + word() + u"** "_s + word() + u' ' + word() + u' ' + word() + u'\n';
                    out += u'\n';
                }
            }
        }
        if (code) {
            out += u"\n\n```cpp\n"_s;
            const int lines = uniform(3, 15);
            for (int i = 0; i < lines; ++i)
                out += u"    auto "_s + word() + u" = "_s + word() + u'(' + word() + u", "_s
                    + QString::number(uniform(0, 999)) + u");\n"_s;
            out += u"```\n"_s;
        }
        return out;
    }

private:
    QStringList m_words;
    std::vector<double> m_cumulative;
    std::mt19937_64 m_random {20240607};
};

// ---- Building the database

// How many turns each conversation has: conversation 0 has 1,000 and conversation 1 has 100 (the two
// that path() is timed on), the others a skewed spread (many short chats, a few long ones) that adds
// up to `total` exactly.
std::vector<int> turnCounts(int conversations, qint64 total)
{
    std::vector<int> counts(size_t(conversations), 0);
    std::mt19937 random(99);
    std::exponential_distribution<double> spread(1.0);
    counts[0] = 1000;
    counts[1] = 100;
    qint64 left = total - 1100;
    const int others = conversations - 2;
    const double mean = double(left) / others;
    qint64 sum = 0;
    for (int i = 2; i < conversations; ++i) {
        counts[size_t(i)] = std::clamp(2 + int(spread(random) * (mean - 2)), 2, 800);
        sum += counts[size_t(i)];
    }
    // Nudge one at a time until the total is exact.
    for (size_t i = 2; sum != left; i = (i + 7919) % size_t(conversations)) {
        if (i < 2)
            continue;
        if (sum < left && counts[i] < 800) {
            ++counts[i];
            ++sum;
        } else if (sum > left && counts[i] > 2) {
            --counts[i];
            --sum;
        }
    }
    return counts;
}

ChatTurn makeTurn(TextMaker &text, int index, const QDateTime &created, bool rare)
{
    ChatTurn turn;
    turn.id = quint64(index + 1);
    turn.created = created;
    turn.state = ChatTurn::State::Done;
    if (index % 2 == 0) {
        turn.role = ChatTurn::Role::User;
        // Prompts are mostly short: 20-120 words, skewed low.
        turn.text = text.prose(20 + int(100 * std::pow(text.real(), 2.0)), text.real() < 0.05);
        if (rare)
            turn.text += u" What about "_s + RareWord + u'?';
    } else {
        turn.role = ChatTurn::Role::Model;
        turn.model = u"gemini-2.5-flash"_s;
        turn.modelVersion = u"gemini-2.5-flash"_s;
        QString answer = text.prose(60 + int(340 * text.real()), text.real() < 0.2);
        if (rare)
            answer += u" The "_s + RareWord + u" case is rare."_s;
        Candidate candidate;
        candidate.content = Content::model(answer);
        candidate.finishReason = u"STOP"_s;
        turn.candidates = {candidate};
        UsageMetadata usage;
        usage.promptTokenCount = 40 + index * 200;
        usage.candidatesTokenCount = int(answer.size() / 4);
        usage.totalTokenCount = usage.promptTokenCount + usage.candidatesTokenCount;
        turn.usage = usage;
    }
    return turn;
}

struct Meta
{
    int conversations = 0;
    qint64 turns = 0;
    qint64 id100 = 0;
    qint64 id1000 = 0;
    double buildSeconds = 0;
    bool complete = false;
    QString schema; // schemaFingerprint() when it was built
};

// The schema a new Database creates now (hashed): a database built with another schema (the store
// changed since) is built again.
QString schemaFingerprint()
{
    QTemporaryDir dir;
    QString text;
    {
        Database fresh(dir.filePath(u"schema.sqlite"_s));
        if (!fresh.open())
            return {};
        QSqlQuery query(fresh.connection());
        query.exec(u"SELECT type, name, sql FROM sqlite_master ORDER BY type, name"_s);
        while (query.next())
            text += query.value(0).toString() + query.value(1).toString() + query.value(2).toString() + u'\n';
        query.exec(u"PRAGMA user_version"_s);
        if (query.next())
            text += query.value(0).toString();
    }
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

QString metaPath(const Options &o)
{
    return o.folder + u"/bench-meta.json"_s;
}
QString dbPath(const Options &o)
{
    return o.folder + u"/history.sqlite"_s;
}

Meta readMeta(const Options &o)
{
    QFile file(metaPath(o));
    Meta m;
    if (!file.open(QIODevice::ReadOnly))
        return m;
    const QJsonObject j = QJsonDocument::fromJson(file.readAll()).object();
    m.conversations = j.value("conversations"_L1).toInt();
    m.turns = qint64(j.value("turns"_L1).toDouble());
    m.id100 = qint64(j.value("id100"_L1).toDouble());
    m.id1000 = qint64(j.value("id1000"_L1).toDouble());
    m.buildSeconds = j.value("buildSeconds"_L1).toDouble();
    m.complete = j.value("complete"_L1).toBool();
    m.schema = j.value("schema"_L1).toString();
    return m;
}

bool writeMeta(const Options &o, const Meta &m)
{
    QFile file(metaPath(o));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const QJsonObject j {{"conversations"_L1, m.conversations}, {"turns"_L1, double(m.turns)},
        {"id100"_L1, double(m.id100)}, {"id1000"_L1, double(m.id1000)}, {"buildSeconds"_L1, m.buildSeconds},
        {"complete"_L1, m.complete}, {"schema"_L1, m.schema}};
    return file.write(QJsonDocument(j).toJson()) > 0;
}

bool build(const Options &o, Meta *meta)
{
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
        QFile::remove(dbPath(o) + suffix);
    QFile::remove(metaPath(o));
    QDir().mkpath(o.folder);

    QElapsedTimer timer;
    timer.start();
    Database database(dbPath(o));
    if (!database.open()) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(dbPath(o)), qPrintable(database.message()));
        return false;
    }
    ConversationStore store(&database);
    TextMaker text;
    const std::vector<int> counts = turnCounts(o.conversations, o.turns);

    // The turns that get the rare word, spread over the whole history.
    std::vector<qint64> rareAt;
    for (int i = 0; i < RareTurns; ++i)
        rareAt.push_back(o.turns * (2 * i + 1) / (2 * RareTurns));

    const QDateTime end = QDateTime::currentDateTimeUtc();
    const QDateTime start = end.addDays(-730);
    constexpr int Batch = 100; // conversations per importRecords(): about 10,000 turns, one transaction
    qint64 turnNumber = 0;
    size_t nextRare = 0;
    for (int first = 0; first < o.conversations; first += Batch) {
        QList<ConversationRecord> records;
        for (int c = first; c < std::min(o.conversations, first + Batch); ++c) {
            ConversationRecord record;
            // Older conversations first, as a real history grows.
            QDateTime when = start.addSecs(qint64(double(c) / o.conversations * 730 * 86400));
            record.summary.created = when;
            record.summary.pinned = text.real() < 0.015;
            record.summary.model = u"gemini-2.5-flash"_s;
            record.settings.model = record.summary.model;
            const int n = counts[size_t(c)];
            for (int t = 0; t < n; ++t) {
                const bool rare = nextRare < rareAt.size() && turnNumber == rareAt[nextRare];
                if (rare)
                    ++nextRare;
                record.turns.append(makeTurn(text, t, when, rare));
                when = when.addSecs(text.uniform(5, 300));
                ++turnNumber;
            }
            record.summary.updated = when;
            record.summary.title = record.turns.first().text.section(u' ', 0, 5).remove(u'\n');
            records.append(record);
        }
        const QList<qint64> ids = store.importRecords(records);
        if (ids.size() != records.size()) {
            std::fprintf(stderr, "importRecords failed: %s\n", qPrintable(store.lastError()));
            return false;
        }
        if (first == 0) {
            meta->id1000 = ids.at(0);
            meta->id100 = ids.at(1);
        }
        std::fprintf(stderr, "\rbuilding: %d of %d conversations, %lld turns, %.0f s", first + int(records.size()),
            o.conversations, turnNumber, double(timer.elapsed()) / 1000.0);
    }
    std::fprintf(stderr, "\n");
    // What a long-lived database looks like after FTS5's automatic merges: not optimized by hand.
    meta->conversations = o.conversations;
    meta->turns = turnNumber;
    meta->buildSeconds = double(timer.elapsed()) / 1000.0;
    meta->complete = true;
    meta->schema = schemaFingerprint();
    return writeMeta(o, *meta);
}

// ---- Measuring

int g_runs = 7; // as asked on the command line

struct Stats
{
    double median = 0; // wall clock, ms
    double max = 0;
    double cpu = 0; // this thread's CPU time, median, ms: what the work costs when the machine is busy
    int runs = 0;
};

// Something that takes seconds is not repeated past this: the figure is clear after one or two runs.
constexpr double BudgetMs = 10'000;

double median(std::vector<double> ms)
{
    if (ms.empty())
        return 0;
    std::sort(ms.begin(), ms.end());
    const size_t n = ms.size();
    return n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
}

double threadCpuMs()
{
#ifdef Q_OS_UNIX
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
#else
    return 0;
#endif
}

Stats timeIt(int runs, const std::function<void()> &work, int minRuns = 1)
{
    std::vector<double> wall;
    std::vector<double> cpu;
    double total = 0;
    for (int i = 0; i < runs && (i < minRuns || total < BudgetMs); ++i) {
        const double cpuStart = threadCpuMs();
        QElapsedTimer t;
        t.start();
        work();
        wall.push_back(double(t.nsecsElapsed()) / 1e6);
        cpu.push_back(threadCpuMs() - cpuStart);
        total += wall.back();
    }
    return {median(wall), *std::max_element(wall.begin(), wall.end()), median(cpu), int(wall.size())};
}

// The store's match expression for `text` (as ConversationStore builds it: each word a quoted prefix,
// a one-letter word exact), for the baselines.
QString matchExpression(const QString &text)
{
    QStringList terms;
    for (QString word : text.split(u' ', Qt::SkipEmptyParts)) {
        const bool prefix = word.size() > 1;
        terms.append(u'"' + word.replace(u'"', "\"\""_L1) + (prefix ? "\"*"_L1 : "\""_L1));
    }
    return terms.join(u' ');
}

QString sqlQuoted(const QString &text)
{
    return u'\'' + QString(text).replace(u'\'', "''"_L1) + u'\'';
}

// The least any FTS5 search of this shape must do: the titles, and the best 100 turn ids by bm25.
QStringList baselineStatements(const QString &query)
{
    const QString match = sqlQuoted(matchExpression(query));
    return {
        u"SELECT count(*) FROM (SELECT rowid FROM titles_fts WHERE titles_fts MATCH %1 ORDER BY rank LIMIT 100);"_s.arg(
            match),
        u"SELECT count(*) FROM (SELECT rowid FROM turns_fts WHERE turns_fts MATCH %1 ORDER BY rank LIMIT 100);"_s.arg(
            match)};
}

// Runs the statements `runs` times in one sqlite3 process with .timer on; the median and max of the
// per-run sums of "Run Time: real" (and of user + sys as the CPU time). Nothing when sqlite3 is not
// installed.
std::optional<Stats> sqliteCli(const QString &sqlite3, const QString &file, const QStringList &statements, int runs)
{
    if (sqlite3.isEmpty())
        return std::nullopt;
    QString script = u".timer on\n"_s;
    for (int i = 0; i < runs; ++i)
        script += statements.join(u'\n') + u'\n';
    QProcess process;
    process.start(sqlite3, {u"-readonly"_s, file});
    process.write(script.toUtf8());
    process.closeWriteChannel();
    if (!process.waitForFinished(1'800'000))
        return std::nullopt;
    static const QRegularExpression runTime(u"Run Time: real ([0-9.]+) user ([0-9.]+) sys ([0-9.]+)"_s);
    std::vector<double> real;
    std::vector<double> cpu;
    auto it = runTime.globalMatch(QString::fromUtf8(process.readAllStandardOutput()));
    while (it.hasNext()) {
        const auto m = it.next();
        real.push_back(m.captured(1).toDouble() * 1000.0);
        cpu.push_back((m.captured(2).toDouble() + m.captured(3).toDouble()) * 1000.0);
    }
    if (real.size() != size_t(runs * statements.size()))
        return std::nullopt;
    std::vector<double> perRun;
    std::vector<double> cpuPerRun;
    for (int i = 0; i < runs; ++i) {
        double sum = 0;
        double cpuSum = 0;
        for (qsizetype s = 0; s < statements.size(); ++s) {
            sum += real[size_t(i * statements.size() + s)];
            cpuSum += cpu[size_t(i * statements.size() + s)];
        }
        perRun.push_back(sum);
        cpuPerRun.push_back(cpuSum);
    }
    return Stats {median(perRun), *std::max_element(perRun.begin(), perRun.end()), median(cpuPerRun), runs};
}

// Runs a prepared statement with `bound` values to the end; returns the rows.
qint64 runQuery(QSqlQuery &query, const QVariantList &bound)
{
    for (qsizetype i = 0; i < bound.size(); ++i)
        query.bindValue(int(i), bound.at(i));
    if (!query.exec()) {
        std::fprintf(stderr, "query failed: %s\n", qPrintable(query.lastError().text()));
        return -1;
    }
    qint64 rows = 0;
    const int columns = query.record().count();
    while (query.next()) {
        for (int c = 0; c < columns; ++c)
            (void)query.value(c);
        ++rows;
    }
    query.finish();
    return rows;
}

void explain(const QSqlDatabase &db, const QString &label, const QString &sql)
{
    QSqlQuery query(db);
    std::printf("\nEXPLAIN QUERY PLAN, %s:\n  %s\n", qPrintable(label), qPrintable(sql.simplified()));
    if (!query.exec(u"EXPLAIN QUERY PLAN "_s + sql)) {
        std::printf("  (failed: %s)\n", qPrintable(query.lastError().text()));
        return;
    }
    while (query.next())
        std::printf("  %s\n", qPrintable(query.value(3).toString()));
}

QString ms(const Stats &s)
{
    QString text = u"%1 / %2 (%3)"_s.arg(s.median, 0, 'f', 1).arg(s.max, 0, 'f', 1).arg(s.cpu, 0, 'f', 1);
    if (s.runs == 1)
        text += u", 1 run"_s;
    else if (s.runs < g_runs)
        text += u", %1 runs"_s.arg(s.runs);
    return text;
}

QString ms(const std::optional<Stats> &s)
{
    return s ? ms(*s) : u"–"_s;
}

void row(const QStringList &cells)
{
    std::printf("| %s |\n", qPrintable(cells.join(" | "_L1)));
    std::fflush(stdout);
}

Options parseArguments(const QStringList &arguments)
{
    Options o;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        const QString next = i + 1 < arguments.size() ? arguments.at(i + 1) : QString();
        if (a == u"--runs"_s) {
            o.runs = std::max(1, next.toInt());
            ++i;
        } else if (a == u"--rebuild"_s) {
            o.rebuild = true;
        } else if (a == u"--build-only"_s) {
            o.buildOnly = true;
        } else if (a == u"--conversations"_s) {
            o.conversations = std::max(2, next.toInt());
            ++i;
        } else if (a == u"--turns"_s) {
            o.turns = next.toLongLong();
            ++i;
        } else if (a.startsWith(u'-')) {
            std::fprintf(stderr,
                "usage: bench_store [folder] [--runs N] [--rebuild] [--build-only] [--conversations N] [--turns N]\n");
            std::exit(2);
        } else {
            o.folder = a;
        }
    }
    o.turns = std::max<qint64>(o.turns, 1100 + 2 * qint64(o.conversations - 2));
    return o;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const Options o = parseArguments(app.arguments());
    g_runs = o.runs;

    Meta meta = readMeta(o);
    const bool usable = meta.complete && meta.conversations == o.conversations && meta.turns == o.turns
        && meta.schema == schemaFingerprint() && QFileInfo::exists(dbPath(o));
    if (o.rebuild || !usable) {
        std::fprintf(
            stderr, "building %s: %d conversations, %lld turns\n", qPrintable(dbPath(o)), o.conversations, o.turns);
        meta = {};
        if (!build(o, &meta))
            return 1;
    }
    if (o.buildOnly)
        return 0;
    const QString sqlite3 = QStandardPaths::findExecutable(u"sqlite3"_s);
    const qint64 bytes = QFileInfo(dbPath(o)).size() + QFileInfo(dbPath(o) + u"-wal"_s).size();
    std::printf("%s: %d conversations, %lld turns, %.2f GB; built in %.0f s (%.0f turns/s)\n", qPrintable(dbPath(o)),
        meta.conversations, meta.turns, double(bytes) / 1e9, meta.buildSeconds,
        double(meta.turns) / std::max(1.0, meta.buildSeconds));
    std::printf("%d runs each, warm page cache. Times in ms: median / max (median CPU time of the thread).\n"
                "sqlite3 CLI: %s, the same statements timed by its .timer (real, and user + sys).\n\n",
        o.runs, sqlite3.isEmpty() ? "not installed, no baseline" : qPrintable(sqlite3));
    row({u"what"_s, u"time"_s, u"sqlite3 CLI"_s, u"result"_s});
    row({u"---"_s, u"---"_s, u"---"_s, u"---"_s});

    // Opening: the whole of Database::open(), then its integrity check alone, and a bare open.
    {
        Database::Outcome outcome = Database::Outcome::Failed;
        // At least 3 runs: the first open after a build or a reboot reads the file from the disk.
        const Stats open = timeIt(
            o.runs,
            [&] {
                Database database(dbPath(o));
                database.open();
                outcome = database.outcome();
            },
            3);
        row({u"Database::open() after a clean close (the full check skipped)"_s, ms(open), u"–"_s,
            outcome == Database::Outcome::Opened ? u"opened"_s : u"outcome %1"_s.arg(int(outcome))});
        // As after a crash: without the marker a clean close leaves, open() runs PRAGMA quick_check.
        const Stats afterCrash = timeIt(
            o.runs,
            [&] {
                QFile::remove(dbPath(o) + u".clean"_s);
                Database database(dbPath(o));
                database.open();
                outcome = database.outcome();
            },
            3);
        row({u"Database::open() after a crash (no \"<file>.clean\": full quick_check)"_s, ms(afterCrash), u"–"_s,
            outcome == Database::Outcome::Opened ? u"opened"_s : u"outcome %1"_s.arg(int(outcome))});

        const QString name = u"bench-raw"_s;
        QString check;
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            raw.setDatabaseName(dbPath(o));
            raw.open();
            const Stats quick = timeIt(o.runs, [&] {
                QSqlQuery q(raw);
                q.exec(u"PRAGMA quick_check"_s);
                check = q.next() ? q.value(0).toString() : q.lastError().text();
            });
            row({u"  of which PRAGMA quick_check"_s, ms(quick),
                ms(sqliteCli(sqlite3, dbPath(o), {u"PRAGMA quick_check;"_s}, quick.runs)), check});
            raw.close();
        }
        QSqlDatabase::removeDatabase(name);
        const Stats bare = timeIt(o.runs, [&] {
            {
                QSqlDatabase again = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
                again.setDatabaseName(dbPath(o));
                again.open();
                QSqlQuery q(again);
                q.exec(u"SELECT count(*) FROM conversations"_s);
                q.next();
            }
            QSqlDatabase::removeDatabase(name);
        });
        row({u"  for comparison: a bare open and one SELECT"_s, ms(bare), u"–"_s, {}});
    }

    Database database(dbPath(o));
    if (!database.open()) {
        std::fprintf(stderr, "cannot open: %s\n", qPrintable(database.message()));
        return 1;
    }
    ConversationStore store(&database);
    const QSqlDatabase connection = database.connection();

    {
        qsizetype count = 0;
        const Stats list = timeIt(o.runs, [&] { count = store.conversations().size(); });
        const QString listSql
            = u"SELECT c.id, c.title, c.title_source, c.created, c.updated, c.pinned, c.model, -1 "
              "FROM conversations c WHERE c.trashed = 0 ORDER BY c.pinned DESC, c.updated DESC, c.id DESC"_s;
        row({u"conversations() (the whole list)"_s, ms(list),
            ms(sqliteCli(sqlite3, dbPath(o), {u"SELECT count(*) FROM (%1);"_s.arg(listSql)}, o.runs)),
            u"%1 rows"_s.arg(count)});
        QSqlQuery listQuery(connection);
        listQuery.setForwardOnly(true);
        listQuery.prepare(listSql);
        const Stats listSqlOnly = timeIt(o.runs, [&] { runQuery(listQuery, {}); });
        row({u"  its SQL alone, rows read through QtSql"_s, ms(listSqlOnly), u"–"_s, {}});
        const Stats count1 = timeIt(o.runs, [&] { count = store.conversationCount(); });
        row({u"conversationCount()"_s, ms(count1), u"–"_s, QString::number(count)});
    }

    for (const auto &[id, label] : {std::pair {meta.id100, u"path() of a 100-turn conversation"_s},
             std::pair {meta.id1000, u"path() of a 1,000-turn conversation"_s}}) {
        qsizetype turns = 0;
        const Stats s = timeIt(o.runs, [&, id = id] { turns = store.path(id).size(); });
        // The turns' rows alone, walked from the leaf up as the store does, without the branch counts
        // and without turning JSON into ChatTurns: what any path read must cost at least.
        const QString rowsSql
            = u"WITH RECURSIVE p(id, n) AS (SELECT leaf_id, 0 FROM conversations WHERE id = %1 "
              "UNION ALL SELECT t.parent_id, p.n + 1 FROM turns t JOIN p ON t.id = p.id "
              "WHERE t.parent_id IS NOT NULL) SELECT t.id, t.role, t.state, t.created, t.text, t.data "
              "FROM p JOIN turns t ON t.id = p.id ORDER BY p.n DESC"_s.arg(id);
        QSqlQuery rows(connection);
        rows.setForwardOnly(true);
        rows.prepare(rowsSql);
        const Stats rowsOnly = timeIt(o.runs, [&] { runQuery(rows, {}); });
        row({label, ms(s), ms(sqliteCli(sqlite3, dbPath(o), {u"SELECT count(*) FROM (%1);"_s.arg(rowsSql)}, o.runs)),
            u"%1 turns; the rows alone through QtSql: %2"_s.arg(turns).arg(ms(rowsOnly))});
    }

    // The searches, as the sidebar runs them (limit 100), and keystroke by keystroke for "protocol".
    // Beside search() itself: the FTS5 ranking alone, and two one-statement alternatives (snippets
    // made in the ranked statement; newest first instead of by rank).
    const QList<std::pair<QString, QString>> searches {
        {u"a rare word"_s, RareWord},
        {u"a common word"_s, u"function"_s},
        {u"the most common word"_s, u"the"_s},
        {u"two words"_s, u"memory leak"_s},
        {u"typing: 1 letter"_s, u"a"_s},
        {u"typing: 1 letter"_s, u"p"_s},
        {u"typing: 2 letters"_s, u"pr"_s},
        {u"typing: 3 letters"_s, u"pro"_s},
        {u"typing: 5 letters"_s, u"proto"_s},
        {u"a word that is nowhere"_s, u"xylophonique"_s},
    };
    std::printf("\n");
    row({u"search"_s, u"search()"_s, u"ranked ids alone"_s, u"ranked + snippets, one statement"_s,
        u"newest first + snippets, one statement"_s, u"sqlite3 CLI: titles + ranked ids"_s,
        u"hits / matching turns"_s});
    row({u"---"_s, u"---"_s, u"---"_s, u"---"_s, u"---"_s, u"---"_s, u"---"_s});
    QSqlQuery ranked(connection);
    ranked.setForwardOnly(true);
    ranked.prepare(u"SELECT rowid FROM turns_fts WHERE turns_fts MATCH ? ORDER BY rank LIMIT 100"_s);
    QSqlQuery rankedSnippets(connection);
    rankedSnippets.setForwardOnly(true);
    rankedSnippets.prepare(u"SELECT rowid, snippet(turns_fts, 0, char(2), char(3), '…', 16) FROM turns_fts "
                           "WHERE turns_fts MATCH ? ORDER BY rank LIMIT 100"_s);
    QSqlQuery newestSnippets(connection);
    newestSnippets.setForwardOnly(true);
    newestSnippets.prepare(u"SELECT rowid, snippet(turns_fts, 0, char(2), char(3), '…', 16) FROM turns_fts "
                           "WHERE turns_fts MATCH ? ORDER BY rowid DESC LIMIT 100"_s);
    QSqlQuery matching(connection);
    matching.setForwardOnly(true);
    matching.prepare(u"SELECT count(*) FROM turns_fts WHERE turns_fts MATCH ?"_s);
    std::vector<std::pair<QString, double>> slow;
    for (const auto &[label, query] : searches) {
        const QString match = matchExpression(query);
        qsizetype hits = 0;
        const Stats s = timeIt(o.runs, [&, query = query] { hits = store.search(query).size(); });
        const Stats ids = timeIt(o.runs, [&] { runQuery(ranked, {match}); });
        const Stats oneRanked = timeIt(o.runs, [&] { runQuery(rankedSnippets, {match}); });
        const Stats oneNewest = timeIt(o.runs, [&] { runQuery(newestSnippets, {match}); });
        matching.bindValue(0, match);
        matching.exec();
        const qint64 total = matching.next() ? matching.value(0).toLongLong() : -1;
        matching.finish();
        const int cliRuns
            = ids.median * o.runs > BudgetMs ? std::max(1, int(BudgetMs / std::max(1.0, ids.median))) : o.runs;
        row({u"\"%1\" (%2)"_s.arg(query, label), ms(s), ms(ids), ms(oneRanked), ms(oneNewest),
            ms(sqliteCli(sqlite3, dbPath(o), baselineStatements(query), cliRuns)), u"%1 / %2"_s.arg(hits).arg(total)});
        if (s.median > 50)
            slow.emplace_back(query, s.median);
    }

    explain(connection, u"conversations()"_s,
        u"SELECT c.id, c.title, c.title_source, c.created, c.updated, c.pinned, c.model, -1 FROM conversations c "
        "WHERE c.trashed = 0 ORDER BY c.pinned DESC, c.updated DESC, c.id DESC"_s);
    explain(connection, u"search() of rare words: ranked"_s,
        u"SELECT rowid, snippet(turns_fts, 0, char(2), char(3), '…', 16) FROM turns_fts "
        "WHERE turns_fts MATCH '\"proto\"*' ORDER BY rank LIMIT 108 OFFSET 0"_s);
    explain(connection, u"search() with a common word: newest first"_s,
        u"SELECT rowid, snippet(turns_fts, 0, char(2), char(3), '…', 16) FROM turns_fts "
        "WHERE turns_fts MATCH '\"pro\"*' ORDER BY rowid DESC LIMIT 108 OFFSET 0"_s);
    for (const auto &[query, time] : slow)
        std::printf(
            "\nslow: search(\"%s\") takes %.0f ms (more than 50 ms for a keystroke)\n", qPrintable(query), time);
    return 0;
}
