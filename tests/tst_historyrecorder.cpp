// HistoryRecorder against a real database file, a ChatModel and a ChatSession talking to the fake
// Gemini server: the write-ahead order (the question is on disk before the request leaves), an answer
// saved while it streams (seen through a second connection), stop / error / retry, branches kept by
// regenerate and edit, reopening, switching branches, and the titles made from prompts.
#include "chat/chatmodel.h"
#include "chat/chatsession.h"
#include "prosegenerator.h"
#include "store/blobcache.h"
#include "store/conversationstore.h"
#include "store/database.h"
#include "store/historyrecorder.h"
#include "support/clientfixture.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <memory>

using namespace Qt::StringLiterals;
using Script = FakeGeminiServer::Script;
using TurnState = ChatTurn::State;

namespace {

const QString Model = u"gemini-2.5-flash"_s;

Script reply(const QString &text)
{
    Script script;
    script.replyText = text;
    return script;
}

// Another connection to the same file: what a second process (or the next start) would read.
struct Reader
{
    Database database;
    ConversationStore store {&database};
    explicit Reader(const QString &path)
        : database(path)
    {
        if (!database.open())
            qWarning("reader: %s", qPrintable(database.message()));
    }
};

// Every stored turn of a conversation, on every branch.
int turnRows(const Database &database, qint64 conversationId)
{
    QSqlQuery query(database.connection());
    query.prepare(u"SELECT COUNT(*) FROM turns WHERE conversation_id = ?"_s);
    query.addBindValue(conversationId);
    return query.exec() && query.next() ? query.value(0).toInt() : -1;
}

struct Rig
{
    QTemporaryDir dir;
    Database database {dir.filePath(u"history.sqlite"_s)};
    BlobCache blobs {dir.filePath(u"blobs"_s)};
    ConversationStore store {&database, &blobs};
    ClientFixture f;
    ChatModel model;
    ChatSession session {f.client.get(), &model, nullptr};
    std::unique_ptr<HistoryRecorder> recorder;
    std::unique_ptr<QSignalSpy> created;
    std::unique_ptr<QSignalSpy> firstFinished;
    std::unique_ptr<QSignalSpy> saveFailed;

    Rig()
    {
        if (!database.open())
            qFatal("database: %s", qPrintable(database.message()));
        session.setModelName(Model);
        recorder = std::make_unique<HistoryRecorder>(&model, &store);
        ConversationSettings settings;
        settings.model = Model;
        recorder->setSettingsForNew(settings);
        created = std::make_unique<QSignalSpy>(recorder.get(), &HistoryRecorder::conversationCreated);
        firstFinished = std::make_unique<QSignalSpy>(recorder.get(), &HistoryRecorder::firstExchangeFinished);
        saveFailed = std::make_unique<QSignalSpy>(recorder.get(), &HistoryRecorder::saveFailed);
    }

    QString path() const { return database.path(); }

    bool settle(int timeoutMs = 20000)
    {
        QElapsedTimer timer;
        timer.start();
        while (session.isBusy() && timer.elapsed() < timeoutMs)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        return !session.isBusy();
    }

    bool exchange(const QString &text) { return session.send(text) && settle(); }
};

} // namespace

class Tst_historyrecorder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<FakeGeminiServer::Request>(); }

    void writtenBeforeTheRequestLeaves()
    {
        Rig rig;
        QVERIFY(rig.recorder->conversationId() == 0);
        int storedTurns = -1;
        QString storedQuestion;
        TurnState storedAnswerState = TurnState::Done;
        QString title;
        connect(&rig.f.server, &FakeGeminiServer::requestReceived, this, [&](const FakeGeminiServer::Request &request) {
            if (!request.path.contains(u"GenerateContent"_s, Qt::CaseInsensitive) || storedTurns >= 0)
                return;
            Reader reader(rig.path());
            const QList<ConversationSummary> list = reader.store.conversations();
            if (list.size() != 1)
                return;
            title = list.first().title;
            const Conversation path = reader.store.path(list.first().id);
            storedTurns = int(path.size());
            if (path.size() == 2) {
                storedQuestion = path.at(0).text;
                storedAnswerState = path.at(1).state;
            }
        });
        QVERIFY(rig.session.send(u"What is write-ahead logging?\nAnswer briefly."_s));
        // Synchronously: the conversation exists and both turns have their rows before send() returns.
        QCOMPARE(rig.created->size(), 1);
        const qint64 id = rig.recorder->conversationId();
        QVERIFY(id > 0);
        QCOMPARE(rig.created->first().first().toLongLong(), id);
        QVERIFY(rig.model.turn(0).storeId > 0);
        QVERIFY(rig.model.turn(1).storeId > 0);
        QVERIFY(rig.settle());
        QCOMPARE(storedTurns, 2);
        QCOMPARE(storedQuestion, u"What is write-ahead logging?\nAnswer briefly."_s);
        QCOMPARE(storedAnswerState, TurnState::Waiting);
        QCOMPARE(title, u"What is write-ahead logging?"_s);
        QCOMPARE(rig.firstFinished->size(), 1);
        QCOMPARE(rig.firstFinished->first().first().toLongLong(), id);
        QCOMPARE(rig.saveFailed->size(), 0);

        // A second exchange goes into the same conversation; the first-exchange signal is not repeated.
        QVERIFY(rig.exchange(u"And in SQLite?"_s));
        QCOMPARE(rig.created->size(), 1);
        QCOMPARE(rig.firstFinished->size(), 1);
        Reader reader(rig.path());
        const Conversation path = reader.store.path(id);
        QCOMPARE(path.size(), 4);
        QCOMPARE(path.at(2).text, u"And in SQLite?"_s);
        QCOMPARE(path.at(3).state, TurnState::Done);
        QCOMPARE(path.at(2).storeId, rig.model.turn(2).storeId);
    }

    void savedWhileStreaming()
    {
        Rig rig;
        QVERIFY(rig.session.send(u"Stream please\n@fake event-delay-ms=50 chunk-chars=5 reply-bytes=400"_s));
        const qint64 id = rig.recorder->conversationId();
        const qint64 answerId = rig.model.turn(1).storeId;
        Reader reader(rig.path());
        QList<qsizetype> seen; // distinct lengths read from the other connection while streaming
        QElapsedTimer timer;
        timer.start();
        while (rig.session.isBusy() && timer.elapsed() < 20000) {
            QTest::qWait(20);
            const Conversation path = reader.store.path(id);
            QCOMPARE(path.size(), 2);
            const ChatTurn &stored = path.at(1);
            QCOMPARE(stored.storeId, answerId);
            if (!stored.isBusy())
                break;
            const QString text = stored.markdown();
            QVERIFY2(rig.model.turn(1).markdown().startsWith(text), "the stored answer is what the model shows");
            if (!text.isEmpty() && (seen.isEmpty() || seen.constLast() != text.size()))
                seen.append(text.size());
        }
        QVERIFY(rig.settle());
        QVERIFY2(seen.size() >= 3, qPrintable(u"the stored answer grew %1 times"_s.arg(seen.size())));
        QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));

        const Conversation path = reader.store.path(id);
        QCOMPARE(path.size(), 2);
        const ChatTurn &stored = path.at(1);
        QCOMPARE(stored.state, TurnState::Done);
        QCOMPARE(stored.markdown(), ProseGenerator::generate(400));
        QCOMPARE(stored.finishReason(), u"STOP"_s);
        QVERIFY(stored.usage.has_value());
        QCOMPARE(stored.usage->promptTokenCount, rig.model.turn(1).usage->promptTokenCount);
        QCOMPARE(stored.usage->candidatesTokenCount, rig.model.turn(1).usage->candidatesTokenCount);
        QCOMPARE(stored.modelVersion, rig.model.turn(1).modelVersion);
        QCOMPARE(stored.model, Model);
    }

    void stopIsStoredAtOnce()
    {
        Rig rig;
        QVERIFY(rig.session.send(u"Go on and on\n@fake event-delay-ms=50 chunk-chars=5 reply-bytes=2000"_s));
        QTRY_VERIFY_WITH_TIMEOUT(rig.model.turn(1).markdown().size() >= 20, 10000);
        rig.session.stop();
        QCOMPARE(rig.model.turn(1).state, TurnState::Stopped);
        // No event loop in between: a turn that is no longer busy is written at once.
        Reader reader(rig.path());
        const Conversation path = reader.store.path(rig.recorder->conversationId());
        QCOMPARE(path.size(), 2);
        const ChatTurn &stored = path.at(1);
        QCOMPARE(stored.state, TurnState::Stopped);
        QCOMPARE(stored.markdown(), rig.model.turn(1).markdown());
    }

    void errorIsStored()
    {
        Rig rig;
        QVERIFY(rig.exchange(u"Fail me\n@fake status=400"_s));
        QCOMPARE(rig.model.turn(1).state, TurnState::Failed);
        Reader reader(rig.path());
        const Conversation path = reader.store.path(rig.recorder->conversationId());
        QCOMPARE(path.size(), 2);
        const ChatTurn &stored = path.at(1);
        QCOMPARE(stored.state, TurnState::Failed);
        QVERIFY(stored.error.isError());
        QCOMPARE(rig.firstFinished->size(), 0); // no answer, no better title to write
    }

    void retryDiscardsTheFailedAnswer()
    {
        Rig rig;
        Script failing;
        failing.httpStatus = 400;
        rig.f.server.enqueue(failing);
        rig.f.server.enqueue(reply(u"second time lucky"_s));
        QVERIFY(rig.exchange(u"Try this"_s));
        QCOMPARE(rig.model.turn(1).state, TurnState::Failed);
        QVERIFY(rig.model.turn(1).storeId > 0);
        QVERIFY(rig.session.retry());
        QVERIFY(rig.settle());
        QCOMPARE(rig.model.turn(1).state, TurnState::Done);
        QCOMPARE(rig.model.turn(1).markdown(), u"second time lucky"_s);
        QCOMPARE(rig.model.turn(1).branchCount, 1);
        QCOMPARE(rig.model.turn(1).branchIndex, 1);

        // Gone from the file, not kept as a branch (SQLite may give its id to the new answer).
        Reader reader(rig.path());
        QCOMPARE(turnRows(reader.database, rig.recorder->conversationId()), 2);
        const Conversation path = reader.store.path(rig.recorder->conversationId());
        QCOMPARE(path.size(), 2);
        QCOMPARE(path.at(1).branchCount, 1);
        QCOMPARE(path.at(1).markdown(), u"second time lucky"_s);
    }

    void regenerateKeepsTheOldAnswer()
    {
        Rig rig;
        rig.f.server.enqueue(reply(u"first answer"_s));
        rig.f.server.enqueue(reply(u"second answer"_s));
        rig.f.server.enqueue(reply(u"third answer"_s));
        QVERIFY(rig.exchange(u"Question"_s));
        const qint64 firstAnswer = rig.model.turn(1).storeId;
        QVERIFY(rig.session.regenerate());
        QVERIFY(rig.settle());
        QCOMPARE(rig.model.rowCount(), 2);
        QCOMPARE(rig.model.turn(1).markdown(), u"second answer"_s);
        QCOMPARE(rig.model.turn(1).branchIndex, 2);
        QCOMPARE(rig.model.turn(1).branchCount, 2);
        QVERIFY(rig.session.regenerate());
        QVERIFY(rig.settle());
        QCOMPARE(rig.model.turn(1).branchIndex, 3);
        QCOMPARE(rig.model.turn(1).branchCount, 3);

        const qint64 id = rig.recorder->conversationId();
        {
            Reader reader(rig.path());
            const Conversation path = reader.store.path(id);
            QCOMPARE(path.size(), 2);
            QCOMPARE(path.at(1).markdown(), u"third answer"_s);
            QCOMPARE(path.at(1).branchIndex, 3);
            QCOMPARE(path.at(1).branchCount, 3);
            QCOMPARE(reader.store.conversationOf(firstAnswer), id);
            QCOMPARE(turnRows(reader.database, id), 4); // one question, three answers
        }

        // < 3/3 ‹: back to the second, then the first; no alternative beyond either end.
        QVERIFY(!rig.recorder->switchBranch(1, +1));
        QVERIFY(rig.recorder->switchBranch(1, -1));
        QCOMPARE(rig.model.turn(1).markdown(), u"second answer"_s);
        QCOMPARE(rig.model.turn(1).branchIndex, 2);
        QVERIFY(rig.recorder->switchBranch(1, -1));
        QCOMPARE(rig.model.turn(1).markdown(), u"first answer"_s);
        QCOMPARE(rig.model.turn(1).branchIndex, 1);
        QCOMPARE(rig.model.turn(1).branchCount, 3);
        QVERIFY(!rig.recorder->switchBranch(1, -1));
        QVERIFY(!rig.recorder->switchBranch(7, 1));
        QVERIFY(!rig.recorder->switchBranch(-1, 1));
        QCOMPARE(rig.saveFailed->size(), 0);
        {
            Reader reader(rig.path()); // the switch is remembered
            const Conversation path = reader.store.path(id);
            QCOMPARE(path.size(), 2);
            QCOMPARE(path.at(1).markdown(), u"first answer"_s);
        }

        // revealTurn: the third answer is off the visible path now.
        const qint64 third = [&] {
            Reader reader(rig.path());
            const Conversation path = reader.store.switchBranch(firstAnswer, +2);
            return path.size() == 2 ? path.at(1).storeId : qint64(-1);
        }();
        QVERIFY(third > 0);
        QVERIFY(rig.recorder->open(id));
        QCOMPARE(rig.model.turn(1).markdown(), u"third answer"_s);
        QVERIFY(rig.recorder->switchBranch(1, -2));
        QCOMPARE(rig.model.turn(1).markdown(), u"first answer"_s);
        QCOMPARE(rig.recorder->revealTurn(third), 1);
        QCOMPARE(rig.model.turn(1).markdown(), u"third answer"_s);
        QCOMPARE(rig.recorder->revealTurn(third), 1); // already shown: nothing to do
        QCOMPARE(rig.recorder->revealTurn(0), -1);
        QCOMPARE(rig.recorder->revealTurn(987654), -1);

        // A new answer after switching back continues on the visible path.
        rig.f.server.enqueue(reply(u"follow-up answer"_s));
        QVERIFY(rig.exchange(u"Follow-up"_s));
        Reader reader(rig.path());
        const Conversation path = reader.store.path(id);
        QCOMPARE(path.size(), 4);
        QCOMPARE(path.at(1).markdown(), u"third answer"_s);
        QCOMPARE(path.at(3).markdown(), u"follow-up answer"_s);
        QCOMPARE(path.at(2).branchCount, 1);
    }

    void editKeepsTheOldPath()
    {
        Rig rig;
        rig.f.server.enqueue(reply(u"A"_s));
        rig.f.server.enqueue(reply(u"B"_s));
        rig.f.server.enqueue(reply(u"C"_s));
        QVERIFY(rig.exchange(u"one"_s));
        QVERIFY(rig.exchange(u"two"_s));
        QVERIFY(rig.session.edit(2, u"two, edited"_s));
        QVERIFY(rig.settle());
        QCOMPARE(rig.model.rowCount(), 4);
        QCOMPARE(rig.model.turn(2).text, u"two, edited"_s);
        QCOMPARE(rig.model.turn(2).branchIndex, 2);
        QCOMPARE(rig.model.turn(2).branchCount, 2);
        QCOMPARE(rig.model.turn(3).markdown(), u"C"_s);
        QCOMPARE(rig.model.turn(3).branchCount, 1);

        // Editing the first question: everything below is kept as the other branch.
        rig.f.server.enqueue(reply(u"D"_s));
        QVERIFY(rig.session.edit(0, u"zero"_s));
        QVERIFY(rig.settle());
        QCOMPARE(rig.model.rowCount(), 2);
        QCOMPARE(rig.model.turn(0).branchIndex, 2);
        QCOMPARE(rig.model.turn(0).branchCount, 2);

        QVERIFY(rig.recorder->switchBranch(0, -1));
        QCOMPARE(rig.model.rowCount(), 4); // the old path, as last shown there
        QCOMPARE(rig.model.turn(0).text, u"one"_s);
        QCOMPARE(rig.model.turn(2).text, u"two, edited"_s);
        QVERIFY(rig.recorder->switchBranch(2, -1));
        QCOMPARE(rig.model.turn(2).text, u"two"_s);
        QCOMPARE(rig.model.turn(3).markdown(), u"B"_s);
        QCOMPARE(rig.saveFailed->size(), 0);
    }

    void openRestoresEverything()
    {
        Rig rig;
        QVERIFY(rig.exchange(u"Hello there"_s));
        QVERIFY(rig.exchange(u"Tell me more\n@fake finish=MAX_TOKENS"_s));
        QCOMPARE(rig.model.turn(3).state, TurnState::Truncated);
        const qint64 id = rig.recorder->conversationId();
        const Conversation original = rig.model.conversation();

        ChatModel other;
        HistoryRecorder reopened(&other, &rig.store);
        QSignalSpy otherCreated(&reopened, &HistoryRecorder::conversationCreated);
        QVERIFY(reopened.open(id));
        QCOMPARE(reopened.conversationId(), id);
        QCOMPARE(other.rowCount(), 4);
        for (int row = 0; row < 4; ++row) {
            const ChatTurn &a = original.at(row);
            const ChatTurn &b = other.turn(row);
            QCOMPARE(b.role, a.role);
            QCOMPARE(b.state, a.state);
            QCOMPARE(b.text, a.text);
            QCOMPARE(b.markdown(), a.markdown());
            QCOMPARE(b.storeId, a.storeId);
            QCOMPARE(b.finishReason(), a.finishReason());
            QCOMPARE(b.model, a.model);
            QCOMPARE(b.modelVersion, a.modelVersion);
            QCOMPARE(b.usage.has_value(), a.usage.has_value());
            QCOMPARE(b.content().toJson(), a.content().toJson());
        }
        // Opening writes nothing, and the reopened conversation goes on where it was.
        QCOMPARE(otherCreated.size(), 0);
        ChatSession session(rig.f.client.get(), &other, nullptr);
        session.setModelName(Model);
        QVERIFY(session.send(u"Third question"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 20000);
        QCOMPARE(otherCreated.size(), 0);
        Reader reader(rig.path());
        QCOMPARE(reader.store.path(id).size(), 6);
        QCOMPARE(reader.store.conversationCount(), 1);

        // 0: an empty model, and a new conversation with the next turn.
        QVERIFY(reopened.open(0));
        QCOMPARE(other.rowCount(), 0);
        QCOMPARE(reopened.conversationId(), 0);
        QVERIFY(!reopened.open(424242));
        QVERIFY(!reopened.open(-3));
        QVERIFY(session.send(u"Fresh start"_s));
        QCOMPARE(otherCreated.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 20000);
        QCOMPARE(reader.store.conversationCount(), 2);
    }

    void switchingRefusedWhileBusy()
    {
        Rig rig;
        rig.f.server.enqueue(reply(u"one"_s));
        QVERIFY(rig.exchange(u"Question"_s));
        QVERIFY(rig.session.regenerate());
        QVERIFY(rig.session.isBusy());
        const qint64 first = rig.model.turn(0).storeId;
        QVERIFY(!rig.recorder->switchBranch(1, -1));
        QCOMPARE(rig.recorder->revealTurn(first + 1000), -1);
        QVERIFY(rig.settle());
        QVERIFY(rig.recorder->switchBranch(1, -1));
        QCOMPARE(rig.model.turn(1).markdown(), u"one"_s);
    }

    void modelClearedElsewhereStartsANewConversation()
    {
        Rig rig;
        QVERIFY(rig.exchange(u"first chat"_s));
        const qint64 first = rig.recorder->conversationId();
        rig.model.clear();
        QCOMPARE(rig.recorder->conversationId(), 0);
        QVERIFY(rig.exchange(u"second chat"_s));
        QCOMPARE(rig.created->size(), 2);
        QVERIFY(rig.recorder->conversationId() != first);
        Reader reader(rig.path());
        QCOMPARE(reader.store.path(first).size(), 2);
        QCOMPARE(reader.store.path(rig.recorder->conversationId()).size(), 2);
    }

    void writeFailureIsReported()
    {
        Rig rig;
        QVERIFY(rig.exchange(u"first"_s));
        const qint64 id = rig.recorder->conversationId();
        {
            Reader reader(rig.path());
            QVERIFY(reader.store.moveToTrash(id));
            QVERIFY(reader.store.purgeTrash());
        }
        QVERIFY(rig.session.send(u"into a conversation that is gone"_s));
        QCOMPARE(rig.saveFailed->size(), 1);
        QVERIFY(!rig.saveFailed->first().first().toString().isEmpty());
        QVERIFY(rig.settle());
        QCOMPARE(rig.saveFailed->size(), 1); // said once, retried quietly
        QCOMPARE(rig.model.turn(2).storeId, 0);
    }

    void attachmentsReferToTheBlobs()
    {
        Rig rig;
        QFile file(rig.dir.filePath(u"notes.txt"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("kept once by content");
        file.close();
        ChatTurn turn;
        turn.text = u"see attached"_s;
        Attachment attachment;
        attachment.path = file.fileName();
        attachment.displayName = u"notes.txt"_s;
        turn.attachments = {attachment};
        const int row = rig.model.appendTurn(turn);
        QVERIFY(rig.model.turn(row).storeId > 0);
        QCOMPARE(rig.model.turn(row).attachmentHashes.size(), 1);
        const QString hash = rig.model.turn(row).attachmentHashes.first();
        QCOMPARE(rig.blobs.read(hash), QByteArray("kept once by content"));
        QVERIFY(rig.model.turn(row).attachments.first().path != file.fileName());
        QVERIFY(QFile::remove(file.fileName())); // the history does not depend on the original
        ChatModel other;
        HistoryRecorder reopened(&other, &rig.store);
        QVERIFY(reopened.open(rig.recorder->conversationId()));
        QCOMPARE(other.turn(0).attachmentHashes, QStringList {hash});
        QVERIFY(QFile::exists(other.turn(0).attachments.first().path));
    }

    void titleFromPrompt_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("title");
        const QString ellipsis = u"…"_s;
        QTest::newRow("empty") << QString() << u"New chat"_s;
        QTest::newRow("white space") << u"  \t\n \r\n  "_s << u"New chat"_s;
        QTest::newRow("plain") << u"Hello"_s << u"Hello"_s;
        QTest::newRow("collapsed") << u"  Why   is\tthe sky  blue?  "_s << u"Why is the sky blue?"_s;
        QTest::newRow("multi-line") << u"\n\n  First line here\nsecond line\n"_s << u"First line here"_s;
        QTest::newRow("crlf") << u"\r\nWindows line\r\nnext"_s << u"Windows line"_s;
        QTest::newRow("control characters") << u"a\u0001b\u0002c"_s << u"a b c"_s;
        QTest::newRow("exactly 60") << QString(60, u'x') << QString(60, u'x');
        QTest::newRow("long words")
            << u"Please explain the difference between write-ahead logging and rollback journals in SQLite"_s
            << u"Please explain the difference between write-ahead logging"_s + ellipsis;
        QTest::newRow("one long word") << QString(500, u'y') << QString(59, u'y') + ellipsis;
        QTest::newRow("emoji") << u"🚀🚀🚀 launch"_s << u"🚀🚀🚀 launch"_s;
        QTest::newRow("emoji at the cut") << u"a"_s + QString(40, u' ').replace(u' ', u"🚀"_s) // 80 UTF-16 units
                                          << u"a"_s + QString(29, u' ').replace(u' ', u"🚀"_s) + ellipsis;
        QTest::newRow("rtl") << u"  مرحبا   بالعالم  "_s << u"مرحبا بالعالم"_s;
        QTest::newRow("hebrew long") << QString(30, u' ').replace(u' ', u"שלום "_s) << QString();
    }

    void titleFromPrompt()
    {
        QFETCH(QString, prompt);
        QFETCH(QString, title);
        const QString made = HistoryRecorder::titleFromPrompt(prompt);
        QVERIFY(made.size() <= HistoryRecorder::PromptTitleMaxChars);
        QVERIFY(!made.isEmpty());
        for (qsizetype i = 0; i < made.size(); ++i) {
            if (made.at(i).isHighSurrogate())
                QVERIFY2(i + 1 < made.size() && made.at(i + 1).isLowSurrogate(), "no half surrogate pair");
            else if (made.at(i).isLowSurrogate())
                QVERIFY2(i > 0 && made.at(i - 1).isHighSurrogate(), "no half surrogate pair");
        }
        if (title.isEmpty()) { // only the shape is checked
            QVERIFY(made.endsWith(u"…"_s));
            QVERIFY(!made.contains(u"  "_s));
            return;
        }
        QCOMPARE(made, title);
    }

    void hugePromptTitle()
    {
        const QString huge = QString(5'000'000, u'z') + u"\nrest"_s;
        const QString title = HistoryRecorder::titleFromPrompt(huge);
        QCOMPARE(title.size(), HistoryRecorder::PromptTitleMaxChars);
    }
};

QTEST_GUILESS_MAIN(Tst_historyrecorder)
#include "tst_historyrecorder.moc"
