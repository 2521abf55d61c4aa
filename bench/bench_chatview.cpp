// Benchmarks of the chat view (figures in docs/performance.md). Run with QT_QPA_PLATFORM=offscreen:
//   bench_chatview [--runs N]       every case, each in a process of its own, and a table
//   bench_chatview --case NAME      one case; prints one line of JSON
// Cases:
//   stream        a ~200 KB Markdown answer streamed in 4,000 chunks through ChatModel::appendText into a
//                 shown ChatView (800x900), one chunk per 1 ms timer tick: the longest gap between two
//                 ticks (the longest GUI-thread stall), the total time, and the final clean render
//   once-message  the same final text rendered once: a MessageDocument laid out at the view's width
//   once-plain    the same with a plain QTextDocument::setMarkdown
//   chat10k       a 10,000-message conversation (alternating user/model Markdown, 100-1500 characters)
//                 in a ChatView: time from show() to the first paint of the viewport, to the bottom
//                 laid out and shown, and the RSS growth
//   plain10k      the same strings in a plain QListView over a QStringListModel

#include "chat/chatmodel.h"
#include "chatview.h"
#include "messagedelegate.h"
#include "messagedocument.h"
#include "streamingmarkdownrenderer.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QProcess>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextDocument>
#include <QTimer>
#include <QWindow>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;

namespace {

constexpr int ViewWidth = 800;
constexpr int ViewHeight = 900;
constexpr int AnswerBytes = 200 * 1000;
constexpr int Chunks = 4000;
constexpr int Messages = 10000;

const QStringList &words()
{
    static const QStringList list
        = u"the of a model answer stream token layout document render view paint "
          u"delegate cache frame block table list code quick brown fox jumps over lazy "
          u"dog latency throughput memory buffer signal slot event loop timer widget "
          u"scroll height width column margin padding network request response server "
          u"client parser chunk delta text markdown heading paragraph sentence word "
          u"function value result error retry candidate usage prompt thought summary "
          u"and or but so because while when then with without into onto from about"_s.split(u' ');
    return list;
}

class Writer
{
public:
    explicit Writer(quint32 seed)
        : m_random(seed)
    { }

    int number(int low, int high) { return int(m_random.bounded(low, high + 1)); }

    QString sentence()
    {
        const int count = number(6, 18);
        QString text;
        for (int i = 0; i < count; ++i) {
            QString word = words().at(number(0, int(words().size()) - 1));
            if (i == 0)
                word[0] = word[0].toUpper();
            const int decoration = number(0, 40);
            if (decoration == 0)
                word = u"**"_s + word + u"**"_s;
            else if (decoration == 1)
                word = u"`"_s + word + u"()`"_s;
            else if (decoration == 2)
                word = u"[%1](https://example.com/%2)"_s.arg(word).arg(number(1, 999));
            text += (i ? u" "_s : QString()) + word;
        }
        return text + u'.';
    }

    QString paragraph(int sentences)
    {
        QString text;
        for (int i = 0; i < sentences; ++i)
            text += (i ? u" "_s : QString()) + sentence();
        return text + u"\n\n"_s;
    }

    QString list()
    {
        QString text;
        const bool ordered = number(0, 1);
        const int items = number(3, 6);
        for (int i = 0; i < items; ++i)
            text += (ordered ? u"%1. "_s.arg(i + 1) : u"- "_s) + sentence() + u'\n';
        return text + u'\n';
    }

    QString code(int minLines, int maxLines)
    {
        QString text = number(0, 1) ? u"```python\n"_s : u"```cpp\n"_s;
        const int lines = number(minLines, maxLines);
        for (int i = 0; i < lines; ++i) {
            text += QString(4 * number(0, 2), u' ')
                + u"value_%1 = compute(%2, \"%3\")  # %4\n"_s.arg(i)
                      .arg(number(0, 9999))
                      .arg(words().at(number(0, int(words().size()) - 1)))
                      .arg(words().at(number(0, int(words().size()) - 1)));
        }
        return text + u"```\n\n"_s;
    }

    QString table()
    {
        QString text = u"| Name | Value | Unit | Note |\n|---|---:|---|---|\n"_s;
        const int rows = number(4, 8);
        for (int i = 0; i < rows; ++i) {
            text += u"| %1 | %2 | ms | %3 |\n"_s.arg(words().at(number(0, int(words().size()) - 1)))
                        .arg(number(1, 99999))
                        .arg(words().at(number(0, int(words().size()) - 1)));
        }
        return text + u'\n';
    }

private:
    QRandomGenerator m_random;
};

QString longAnswer()
{
    Writer writer(42);
    QString text;
    int section = 0;
    while (text.size() < AnswerBytes) {
        ++section;
        text += u"## Section %1\n\n"_s.arg(section);
        text += writer.paragraph(writer.number(2, 5));
        if (section % 2 == 0)
            text += writer.list();
        text += writer.paragraph(writer.number(1, 4));
        if (section % 3 == 0)
            text += writer.code(5, 25);
        if (section % 8 == 0)
            text += writer.table();
    }
    return text;
}

QStringList conversationTexts()
{
    Writer writer(7);
    QStringList texts;
    texts.reserve(Messages);
    for (int i = 0; i < Messages; ++i) {
        const bool user = i % 2 == 0;
        const int target = user ? writer.number(100, 400) : writer.number(300, 1500);
        QString text;
        while (text.size() < target) {
            const int kind = user ? 0 : writer.number(0, 9);
            if (kind == 8)
                text += writer.list();
            else if (kind == 9)
                text += writer.code(2, 6);
            else
                text += writer.paragraph(writer.number(1, 3));
        }
        texts << text.trimmed();
    }
    return texts;
}

qint64 statusKb(const char *field)
{
    QFile file(u"/proc/self/status"_s);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double ms(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

void waitExposed(QWidget &widget)
{
    QElapsedTimer timer;
    timer.start();
    while ((!widget.windowHandle() || !widget.windowHandle()->isExposed()) && timer.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

// Counts the paints of a widget.
class PaintCounter final : public QObject
{
public:
    using QObject::QObject;
    int paints = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

void print(const QJsonObject &result)
{
    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int columnWidth()
{
    return std::min(ViewWidth - 2 * 20, MessageDelegate::MaxContentWidth);
}

int runStream()
{
    const QString answer = longAnswer();
    ChatModel model;
    ChatView view;
    view.resize(ViewWidth, ViewHeight);
    view.setChatModel(&model);
    ChatTurn question;
    question.role = ChatTurn::Role::User;
    question.text = u"Write a long report, please."_s;
    model.appendTurn(question);
    ChatTurn waiting;
    waiting.role = ChatTurn::Role::Model;
    waiting.model = u"gemini-bench"_s;
    waiting.state = ChatTurn::State::Waiting;
    const int row = model.appendTurn(waiting);
    view.show();
    waitExposed(view);
    PaintCounter counter;
    view.viewport()->installEventFilter(&counter);

    int chunk = 0;
    double longestGap = 0;
    double sumGaps = 0;
    int ticks = 0;
    QElapsedTimer total;
    QElapsedTimer sinceTick;
    // A chunk every millisecond (50 KB/s, some 25 times as fast as a fast model streams): the
    // model's 30 Hz coalescing gets to work as it does with a network stream.
    QTimer feeder;
    feeder.setTimerType(Qt::PreciseTimer);
    feeder.setInterval(1);
    QEventLoop loop;
    QObject::connect(&feeder, &QTimer::timeout, &loop, [&] {
        if (sinceTick.isValid()) {
            const double gap = ms(sinceTick);
            longestGap = std::max(longestGap, gap);
            sumGaps += gap;
        }
        if (chunk >= Chunks) {
            feeder.stop();
            loop.quit();
            return;
        }
        const qsizetype from = answer.size() * chunk / Chunks;
        const qsizetype to = answer.size() * (chunk + 1) / Chunks;
        model.appendText(row, 0, answer.mid(from, to - from));
        ++chunk;
        ++ticks;
        sinceTick.start();
    });
    total.start();
    const std::clock_t cpuStart = std::clock();
    feeder.start();
    loop.exec();
    const double streamMs = ms(total);
    const double streamCpuMs = double(std::clock() - cpuStart) * 1000.0 / CLOCKS_PER_SEC;

    // The answer ends: one clean render of the whole text.
    QElapsedTimer finish;
    finish.start();
    model.updateTurn(row, [](ChatTurn &turn) { turn.state = ChatTurn::State::Done; });
    QCoreApplication::processEvents();
    const double finishMs = ms(finish);
    const int paintsBeforeEnd = counter.paints;
    QCoreApplication::processEvents();
    const double totalMs = ms(total);

    QJsonObject result;
    result[u"case"_s] = u"stream"_s;
    result[u"answerChars"_s] = int(answer.size());
    result[u"chunks"_s] = ticks;
    result[u"longestStallMs"_s] = longestGap;
    result[u"meanGapMs"_s] = ticks > 1 ? sumGaps / (ticks - 1) : 0.0;
    result[u"streamMs"_s] = streamMs;
    result[u"streamCpuMs"_s] = streamCpuMs;
    result[u"finishMs"_s] = finishMs;
    result[u"totalMs"_s] = totalMs;
    result[u"paints"_s] = paintsBeforeEnd;
    result[u"followed"_s] = view.verticalScrollBar()->value() == view.verticalScrollBar()->maximum();
    result[u"peakRssMb"_s] = double(statusKb("VmHWM")) / 1024.0;
    print(result);
    return 0;
}

int runOnce(bool plain)
{
    const QString answer = longAnswer();
    QElapsedTimer timer;
    timer.start();
    double height = 0;
    if (plain) {
        QTextDocument document;
        document.setDefaultFont(QApplication::font());
        document.setMarkdown(answer, StreamingMarkdownRenderer::Features);
        document.setTextWidth(columnWidth());
        height = document.size().height();
    } else {
        MessageDocument document;
        document.setDefaultFont(QApplication::font());
        document.setModelAnswer(1, answer, false);
        document.setTextWidth(columnWidth());
        height = document.size().height();
    }
    QJsonObject result;
    result[u"case"_s] = plain ? u"once-plain"_s : u"once-message"_s;
    result[u"totalMs"_s] = ms(timer);
    result[u"height"_s] = height;
    print(result);
    return 0;
}

int runConversation(bool plain)
{
    const QStringList texts = conversationTexts();
    qint64 chars = 0;
    for (const QString &text : texts)
        chars += text.size();
    const qint64 rssBefore = statusKb("VmRSS");

    std::unique_ptr<QAbstractItemModel> model;
    std::unique_ptr<QListView> view;
    QElapsedTimer timer;
    timer.start();
    if (plain) {
        model = std::make_unique<QStringListModel>(texts);
        view = std::make_unique<QListView>();
        view->setModel(model.get());
    } else {
        Conversation conversation;
        for (int i = 0; i < texts.size(); ++i) {
            ChatTurn turn;
            if (i % 2 == 0) {
                turn.role = ChatTurn::Role::User;
                turn.text = texts.at(i);
            } else {
                turn.role = ChatTurn::Role::Model;
                turn.model = u"gemini-bench"_s;
                Candidate candidate;
                candidate.content = Content::model(texts.at(i));
                turn.candidates = {candidate};
            }
            conversation.append(turn);
        }
        auto chatModel = std::make_unique<ChatModel>();
        chatModel->setConversation(conversation);
        auto chatView = std::make_unique<ChatView>();
        chatView->setChatModel(chatModel.get());
        model = std::move(chatModel);
        view = std::move(chatView);
    }
    const double modelMs = ms(timer);
    const qint64 rssModel = statusKb("VmRSS");
    view->resize(ViewWidth, ViewHeight);
    PaintCounter counter;
    view->viewport()->installEventFilter(&counter);

    QElapsedTimer shown;
    shown.start();
    view->show();
    while (counter.paints == 0 && shown.elapsed() < 60000)
        QCoreApplication::processEvents();
    const double firstPaintMs = ms(shown);
    const qint64 rssFirstPaint = statusKb("VmRSS");
    MessageDelegate *delegate = plain ? nullptr : static_cast<ChatView *>(view.get())->messageDelegate();
    // The chat view's first paint comes before its first batch of rows is laid out: also note the
    // first paint that shows messages (the plain view lays everything out before its first paint).
    double contentPaintMs = -1;
    const auto notePaint = [&] {
        if (contentPaintMs < 0 && counter.paints > 0 && (!delegate || delegate->cachedDocumentCount() > 0))
            contentPaintMs = ms(shown);
    };
    notePaint();

    // Until the last message is laid out and shown at the bottom (the chat view follows the latest;
    // the plain view is scrolled there once its layout is done).
    const QModelIndex last = model->index(model->rowCount() - 1, 0);
    QScrollBar *bar = view->verticalScrollBar();
    double bottomMs = -1;
    while (shown.elapsed() < 120000) {
        QCoreApplication::processEvents();
        notePaint();
        if (plain && bar->value() != bar->maximum())
            view->scrollToBottom();
        const QRect rect = view->visualRect(last);
        // The chat view's rows are estimated until painted: the last one must have been painted.
        const bool painted = !delegate || delegate->cachedDocumentCount() > 0;
        if (painted && rect.isValid() && rect.bottom() <= view->viewport()->height() && rect.bottom() > 0
            && bar->maximum() > 0 && bar->value() == bar->maximum()) {
            bottomMs = ms(shown);
            break;
        }
    }
    const qint64 rssBottom = statusKb("VmRSS");

    QJsonObject result;
    result[u"case"_s] = plain ? u"plain10k"_s : u"chat10k"_s;
    result[u"messages"_s] = int(texts.size());
    result[u"chars"_s] = chars;
    result[u"modelMs"_s] = modelMs;
    result[u"firstPaintMs"_s] = firstPaintMs;
    result[u"contentPaintMs"_s] = contentPaintMs;
    result[u"bottomShownMs"_s] = bottomMs;
    result[u"rssModelMb"_s] = double(rssModel - rssBefore) / 1024.0;
    result[u"rssFirstPaintMb"_s] = double(rssFirstPaint - rssBefore) / 1024.0;
    result[u"rssBottomMb"_s] = double(rssBottom - rssBefore) / 1024.0;
    if (delegate) {
        result[u"cachedDocuments"_s] = delegate->cachedDocumentCount();
    }
    result[u"paints"_s] = counter.paints;
    print(result);
    return 0;
}

QJsonObject runChild(const QString &name)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QCoreApplication::applicationFilePath(), {u"--case"_s, name});
    if (!process.waitForFinished(600000) || process.exitCode() != 0)
        return {};
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.value(lines.size() - 1)).object();
}

QString figure(double value, int decimals = 1)
{
    return QString::number(value, 'f', decimals);
}

int runAll(int runs)
{
    std::printf("bench_chatview: %d run(s), view %dx%d, Qt %s, platform %s\n", runs, ViewWidth, ViewHeight, qVersion(),
        qPrintable(QGuiApplication::platformName()));
    for (int run = 1; run <= runs; ++run) {
        const QJsonObject stream = runChild(u"stream"_s);
        const QJsonObject message = runChild(u"once-message"_s);
        const QJsonObject plainOnce = runChild(u"once-plain"_s);
        const QJsonObject chat = runChild(u"chat10k"_s);
        const QJsonObject plainList = runChild(u"plain10k"_s);
        std::printf("\nrun %d\n", run);
        std::printf("(1) %d chars in %d chunks, 1 per ms   longest stall  CPU time  final render  wall time\n",
            stream[u"answerChars"_s].toInt(), stream[u"chunks"_s].toInt());
        std::printf("    ChatView, streamed                  %7s ms  %6s ms  %9s ms  %7s ms  (%d paints, followed %s, "
                    "peak RSS %s MB)\n",
            qPrintable(figure(stream[u"longestStallMs"_s].toDouble())),
            qPrintable(figure(stream[u"streamCpuMs"_s].toDouble(), 0)),
            qPrintable(figure(stream[u"finishMs"_s].toDouble(), 0)),
            qPrintable(figure(stream[u"totalMs"_s].toDouble(), 0)), stream[u"paints"_s].toInt(),
            stream[u"followed"_s].toBool() ? "yes" : "no", qPrintable(figure(stream[u"peakRssMb"_s].toDouble(), 0)));
        std::printf("    MessageDocument, final text once    %7s ms (one stall)\n",
            qPrintable(figure(message[u"totalMs"_s].toDouble(), 0)));
        std::printf("    QTextDocument::setMarkdown once     %7s ms (one stall)\n",
            qPrintable(figure(plainOnce[u"totalMs"_s].toDouble(), 0)));
        std::printf("(2) %d messages, %lld chars   model    first paint  with messages  bottom shown  RSS: model  "
                    "@paint  @bottom\n",
            chat[u"messages"_s].toInt(), qint64(chat[u"chars"_s].toDouble()));
        for (const QJsonObject &row : {chat, plainList}) {
            std::printf("    %-28s %5s ms  %8s ms  %10s ms  %9s ms  %7s MB  %4s MB  %5s MB\n",
                row[u"case"_s].toString() == "chat10k"_L1 ? "ChatView + MessageDelegate"
                                                          : "QListView + QStringListModel",
                qPrintable(figure(row[u"modelMs"_s].toDouble(), 0)),
                qPrintable(figure(row[u"firstPaintMs"_s].toDouble(), 0)),
                qPrintable(figure(row[u"contentPaintMs"_s].toDouble(), 0)),
                qPrintable(figure(row[u"bottomShownMs"_s].toDouble(), 0)),
                qPrintable(figure(row[u"rssModelMb"_s].toDouble())),
                qPrintable(figure(row[u"rssFirstPaintMb"_s].toDouble())),
                qPrintable(figure(row[u"rssBottomMb"_s].toDouble())));
        }
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const qsizetype caseAt = arguments.indexOf(u"--case"_s);
    if (caseAt >= 0) {
        const QString name = arguments.value(caseAt + 1);
        if (name == "stream"_L1)
            return runStream();
        if (name == "once-message"_L1 || name == "once-plain"_L1)
            return runOnce(name == "once-plain"_L1);
        if (name == "chat10k"_L1 || name == "plain10k"_L1)
            return runConversation(name == "plain10k"_L1);
        std::fprintf(stderr, "unknown case %s\n", qPrintable(name));
        return 2;
    }
    const qsizetype runsAt = arguments.indexOf(u"--runs"_s);
    return runAll(runsAt >= 0 ? std::max(1, arguments.value(runsAt + 1).toInt()) : 1);
}
