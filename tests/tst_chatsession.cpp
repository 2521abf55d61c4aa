// ChatSession end to end against the fake Gemini server on a loopback socket: streaming into the
// ChatModel, the whole history in every request (thoughts and signatures as received), stop, retry,
// regenerate, edit, continue, blocked prompts, finish reasons, several candidates, and attachments
// (inline, through the Files API, and failing before anything is added).
#include "chat/chatmodel.h"
#include "chat/chatsession.h"
#include "chat/historyrefresher.h"
#include "fakefileservice.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "support/clientfixture.h"
#include "support/samplefiles.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>

#include <memory>

using namespace Qt::StringLiterals;
using Script = FakeGeminiServer::Script;
using TurnState = ChatTurn::State;
using SessionState = ChatSession::State;

namespace {

const QString Model = u"gemini-2.5-flash"_s;

QString longReply()
{
    QStringList words;
    for (int i = 0; i < 60; ++i)
        words.append(u"word%1"_s.arg(i));
    return words.join(u' ');
}

// A session over a fresh fake server, with its model under QAbstractItemModelTester.
struct Rig
{
    ClientFixture f;
    ChatModel model;
    QAbstractItemModelTester tester {&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
    UploadQueue queue {f.client.get()};
    RemoteFileRegistry registry {f.client.get()};
    AttachmentPlanner planner {&queue, &registry};
    ChatSession session {f.client.get(), &model, &planner};
    QSignalSpy states {&session, &ChatSession::stateChanged};
    QSignalSpy finished {&session, &ChatSession::exchangeFinished};
    QSignalSpy returned {&session, &ChatSession::promptReturned};
    QSignalSpy prepFailed {&session, &ChatSession::preparationFailed};
    QSignalSpy retrying {&session, &ChatSession::retrying};
    QSignalSpy progress {&session, &ChatSession::attachmentProgress};
    QSignalSpy status {&session, &ChatSession::preparationStatusChanged};
    std::unique_ptr<HistoryRefresher> refresher; // first to go

    Rig()
    {
        f.server.files()->setGranularity(256 * 1024);
        FakeFileService *service = f.server.files();
        registry.setClock([service] { return service->now(); });
        session.setModelName(Model);
    }

    // Expired files in the history are sent again before a request (the app's wiring).
    void useRefresher()
    {
        refresher = std::make_unique<HistoryRefresher>(&planner, &registry);
        session.setHistoryRefresher(refresher.get());
    }

    // Runs the event loop until the session is idle again. The fake clocks move only while nothing
    // is on the wire: they drive retry delays and the registry's polling, never a stream's timeout.
    bool settle(int timeoutMs = 20000)
    {
        QElapsedTimer timer;
        timer.start();
        while (session.isBusy() && timer.elapsed() < timeoutMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            const bool quiet = session.state() == SessionState::Retrying
                || (session.state() == SessionState::Preparing && queue.isIdle());
            if (quiet) {
                f.server.files()->advanceClock(1000);
                if (f.scheduler.pendingCount() > 0)
                    f.scheduler.advance(1000);
            }
        }
        return !session.isBusy();
    }

    QList<FakeGeminiServer::Request> generateRequests() const { return f.server.requests(u":streamGenerateContent"_s); }
    QJsonArray lastContents() const
    {
        const auto requests = generateRequests();
        return requests.isEmpty() ? QJsonArray() : requests.last().json().value(u"contents"_s).toArray();
    }
    TurnState stateOf(int row) const { return model.turn(row).state; }
    QString textOf(int row) const { return model.data(model.index(row), ChatModel::TextRole).toString(); }
    QList<SessionState> stateHistory() const
    {
        QList<SessionState> out;
        for (const QList<QVariant> &args : states)
            out.append(args.first().value<SessionState>());
        return out;
    }
};

// "u:hello m:hi": each content's role and its non-thought text, for whole histories at a glance.
QString shape(const QJsonArray &contents)
{
    QStringList out;
    for (const QJsonValue &value : contents) {
        const QJsonObject content = value.toObject();
        QString text;
        for (const QJsonValue &part : content.value(u"parts"_s).toArray()) {
            if (!part.toObject().value(u"thought"_s).toBool())
                text += part.toObject().value(u"text"_s).toString();
        }
        out.append((content.value(u"role"_s).toString() == "user"_L1 ? u"u:"_s : u"m:"_s) + text);
    }
    return out.join(u" | "_s);
}

Script reply(const QString &text, int chunkChars = 0, int eventDelayMs = 0)
{
    Script s;
    s.replyText = text;
    s.chunkChars = chunkChars;
    s.eventDelayMs = eventDelayMs;
    return s;
}

} // namespace

class tst_ChatSession final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void sendStreamsAndFinishes();
    void nothingToSend();
    void historyCarriesThoughtsAndSignatures();
    void exactPartsGoBackVerbatim();
    void stopKeepsPartialAnswer();
    void transientErrorIsRetried();
    void failedThenRetry_data();
    void failedThenRetry();
    void blockedPrompt();
    void finishReasons_data();
    void finishReasons();
    void continueAfterTruncation();
    void severalCandidates();
    void regenerateReplacesLastAnswer();
    void editReplacesLaterTurns();
    void smallImageGoesInline();
    void largeFileGoesThroughFilesApi();
    void badAttachmentAddsNothing();
    void stopWhilePreparing();
    void destroyedMidStream();
    void sendAfterExpiryUploadsAgain();
    void regenerateAndEditAfterExpiry();
    void lostFileIsLeftOutWithANote();
    void stopWhileRefreshing();

private:
    QTemporaryDir m_dir;
};

void tst_ChatSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_ChatSession::cleanupTestCase()
{
    QThreadPool::globalInstance()->waitForDone(); // upload hashing threads
}

void tst_ChatSession::sendStreamsAndFinishes()
{
    Rig rig;
    const QString answer = longReply();
    rig.f.server.enqueue(reply(answer, 12, 40));
    // Whether a streamed update reached the view while the answer was still arriving.
    bool sawStreaming = false;
    connect(&rig.model, &QAbstractItemModel::dataChanged, &rig.model, [&](const QModelIndex &from) {
        if (from.row() == 1 && rig.model.turn(1).state == TurnState::Streaming
            && !rig.model.turn(1).markdown().isEmpty())
            sawStreaming = true;
    });

    QVERIFY(rig.session.send(u"hello"_s));
    QCOMPARE(rig.model.rowCount(), 2);
    QVERIFY(rig.model.turn(0).isUser());
    QCOMPARE(rig.model.turn(0).text, u"hello"_s);
    QCOMPARE(rig.stateOf(1), TurnState::Waiting);
    QCOMPARE(rig.model.turn(1).model, Model);
    QCOMPARE(rig.session.state(), SessionState::Waiting);
    QCOMPARE(rig.session.activeRow(), 1);
    QVERIFY(!rig.session.send(u"again"_s)); // one exchange at a time
    QVERIFY(!rig.session.regenerate());

    QVERIFY(rig.settle());
    QVERIFY(sawStreaming);
    QCOMPARE(rig.stateOf(1), TurnState::Done);
    QCOMPARE(rig.textOf(1), answer);
    QCOMPARE(rig.session.activeRow(), -1);
    QVERIFY(rig.model.data(rig.model.index(1), ChatModel::PromptTokensRole).toInt() > 0);
    QVERIFY(rig.model.data(rig.model.index(1), ChatModel::AnswerTokensRole).toInt() > 0);
    QVERIFY(!rig.model.turn(1).modelVersion.isEmpty());
    QCOMPARE(rig.model.turn(1).finishReason(), u"STOP"_s);
    QCOMPARE(rig.finished.size(), 1);
    QCOMPARE(rig.finished.first().first().toInt(), 1);
    QCOMPARE(
        rig.stateHistory(), (QList<SessionState> {SessionState::Waiting, SessionState::Streaming, SessionState::Idle}));

    const auto requests = rig.generateRequests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().path, u"/v1beta/models/gemini-2.5-flash:streamGenerateContent"_s);
    QCOMPARE(requests.first().json(),
        QJsonDocument::fromJson(R"({"contents": [{"role": "user", "parts": [{"text": "hello"}]}]})").object());
}

void tst_ChatSession::nothingToSend()
{
    Rig rig;
    QVERIFY(!rig.session.send(QString()));
    QVERIFY(!rig.session.send(u"  \n "_s));
    QVERIFY(!rig.session.regenerate());
    QVERIFY(!rig.session.retry());
    QVERIFY(!rig.session.continueAnswer());
    QVERIFY(!rig.session.edit(0, u"x"_s));
    rig.session.stop(); // idle: nothing happens
    QCOMPARE(rig.model.rowCount(), 0);
    QCOMPARE(rig.states.size(), 0);
    QCOMPARE(rig.f.server.requests().size(), 0);
}

void tst_ChatSession::historyCarriesThoughtsAndSignatures()
{
    Rig rig;
    GenerateContentRequest base;
    base.systemInstruction = Content {QString(), {Part::fromText(u"Be brief."_s)}};
    base.generationConfig.thinkingConfig = ThinkingConfig {true, {}, {}};
    rig.session.setRequestTemplate(base);
    const QString thought = u"**Weighing it** and deciding."_s;
    QVERIFY(rig.session.send(u"first question\n@fake thought="_s + thought));
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(1), TurnState::Done);
    const ChatTurn first = rig.model.turn(1);
    QCOMPARE(first.thoughts(), thought);
    QVERIFY(!first.markdown().isEmpty());
    QVERIFY(first.markdown() != thought);
    // The signature arrived on its own (empty-text) part after the answer and is kept with it.
    QString signature;
    for (const Part &part : first.candidates.first().content.parts) {
        if (!part.thoughtSignature.isEmpty())
            signature = part.thoughtSignature;
    }
    QVERIFY(!signature.isEmpty());

    QVERIFY(rig.session.send(u"second question"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(3), TurnState::Done);
    const QJsonObject sent = rig.generateRequests().last().json();
    // The template's fields travel with every request.
    QCOMPARE(
        sent.value(u"systemInstruction"_s).toObject().value(u"parts"_s).toArray().first().toObject().value(u"text"_s),
        u"Be brief."_s);
    QVERIFY(sent.value(u"generationConfig"_s)
                .toObject()
                .value(u"thinkingConfig"_s)
                .toObject()
                .value(u"includeThoughts"_s)
                .toBool());
    const QJsonArray contents = sent.value(u"contents"_s).toArray();
    QCOMPARE(contents.size(), 3);
    QCOMPARE(shape(contents),
        u"u:first question\n@fake thought="_s + thought + u" | m:"_s + first.markdown() + u" | u:second question"_s);
    const QJsonArray history = contents.at(1).toObject().value(u"parts"_s).toArray();
    QCOMPARE(history.first().toObject(), (QJsonObject {{u"text"_s, thought}, {u"thought"_s, true}}));
    QString sentSignature;
    for (const QJsonValue &part : history) {
        if (part.toObject().contains(u"thoughtSignature"_s))
            sentSignature = part.toObject().value(u"thoughtSignature"_s).toString();
    }
    QCOMPARE(sentSignature, signature);
    // Whole parts, in order, exactly as the turn holds them.
    QJsonArray expected;
    for (const Part &part : first.candidates.first().content.parts)
        expected.append(part.toJson());
    QCOMPARE(history, expected);
}

void tst_ChatSession::exactPartsGoBackVerbatim()
{
    // Chunks written out here, so what came back can be compared with what was sent, byte for byte.
    Rig rig;
    const QJsonObject thoughtPart {
        {u"text"_s, u"Thinking…"_s}, {u"thought"_s, true}, {u"thoughtSignature"_s, u"U0lHLTE+/w=="_s}};
    const QJsonObject callPart {
        {u"functionCall"_s, QJsonObject {{u"name"_s, u"lookup"_s}, {u"args"_s, QJsonObject {{u"q"_s, u"x"_s}}}}},
        {u"thoughtSignature"_s, u"U0lHLTI="_s}};
    const auto chunk = [](const QJsonArray &parts, const QString &finish = {}) {
        QJsonObject candidate {
            {u"content"_s, QJsonObject {{u"role"_s, u"model"_s}, {u"parts"_s, parts}}}, {u"index"_s, 0}};
        if (!finish.isEmpty())
            candidate.insert(u"finishReason"_s, finish);
        return QJsonObject {{u"candidates"_s, QJsonArray {candidate}}, {u"modelVersion"_s, u"gemini-2.5-flash"_s}};
    };
    Script s;
    s.chunks = {chunk({thoughtPart}), chunk({QJsonObject {{u"text"_s, u"Answer "_s}}}),
        chunk({QJsonObject {{u"text"_s, u"text."_s}}, callPart}, u"STOP"_s)};
    rig.f.server.enqueue(s);
    QVERIFY(rig.session.send(u"q"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(1), TurnState::Done);
    QCOMPARE(rig.textOf(1), u"Answer text."_s);
    QVERIFY(rig.session.send(u"next"_s));
    QVERIFY(rig.settle());
    const QJsonArray history = rig.lastContents().at(1).toObject().value(u"parts"_s).toArray();
    QCOMPARE(history, (QJsonArray {thoughtPart, QJsonObject {{u"text"_s, u"Answer text."_s}}, callPart}));
}

void tst_ChatSession::stopKeepsPartialAnswer()
{
    Rig rig;
    const QString answer = longReply();
    rig.f.server.enqueue(reply(answer, 6, 60));
    QVERIFY(rig.session.send(u"tell me"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!rig.model.turn(1).markdown().isEmpty(), 10000);
    QCOMPARE(rig.session.state(), SessionState::Streaming);
    rig.session.stop();
    // At once: the session is free and the turn says what happened.
    QCOMPARE(rig.session.state(), SessionState::Idle);
    QCOMPARE(rig.stateOf(1), TurnState::Stopped);
    QCOMPARE(rig.finished.size(), 1);
    const QString partial = rig.textOf(1);
    QVERIFY(!partial.isEmpty());
    QVERIFY(answer.startsWith(partial));
    QVERIFY(partial.size() < answer.size());
    QVERIFY(rig.model.data(rig.model.index(1), ChatModel::NoticeRole).toString().contains(u"Stopped"_s));
    QVERIFY(rig.session.canRetry());
    QVERIFY(rig.session.canRegenerate());
    QTest::qWait(150); // the stream is gone: nothing more arrives
    QCOMPARE(rig.textOf(1), partial);

    QVERIFY(rig.session.send(u"go on"_s));
    QVERIFY(rig.settle());
    QCOMPARE(shape(rig.lastContents()), u"u:tell me | m:"_s + partial + u" | u:go on"_s);
}

void tst_ChatSession::transientErrorIsRetried()
{
    Rig rig;
    Script unavailable;
    unavailable.httpStatus = 503;
    rig.f.server.enqueue(unavailable);
    rig.f.server.enqueue(reply(u"Back again."_s));
    QVERIFY(rig.session.send(u"anyone?"_s));
    QVERIFY(rig.settle());
    QVERIFY(rig.stateHistory().contains(SessionState::Retrying));
    QCOMPARE(rig.retrying.size(), 1);
    QCOMPARE(rig.retrying.first().at(2).value<ApiError>().kind, ApiError::Kind::Overloaded);
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(rig.stateOf(1), TurnState::Done);
    QCOMPARE(rig.textOf(1), u"Back again."_s);
    QCOMPARE(rig.generateRequests().size(), 2);
    QCOMPARE(shape(rig.lastContents()), u"u:anyone?"_s);
}

void tst_ChatSession::failedThenRetry_data()
{
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<int>("errorAfterEvents"); // -1: none
    QTest::addColumn<bool>("partial");
    QTest::newRow("400 before anything") << 400 << -1 << false;
    QTest::newRow("403 before anything") << 403 << -1 << false;
    QTest::newRow("error mid-stream keeps the text") << 200 << 2 << true;
}

void tst_ChatSession::failedThenRetry()
{
    QFETCH(int, httpStatus);
    QFETCH(int, errorAfterEvents);
    QFETCH(bool, partial);
    Rig rig;
    Script failing = reply(longReply(), 8);
    failing.httpStatus = httpStatus;
    failing.midStreamErrorAfterEvents = errorAfterEvents;
    rig.f.server.enqueue(failing);
    QVERIFY(rig.session.send(u"question"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(1), TurnState::Failed);
    QVERIFY(rig.model.turn(1).error.isError());
    QCOMPARE(rig.retrying.size(), 0); // not retried by the client
    const QString error = rig.model.data(rig.model.index(1), ChatModel::ErrorRole).toString();
    QVERIFY(!error.isEmpty());
    const QString notice = rig.model.data(rig.model.index(1), ChatModel::NoticeRole).toString();
    QVERIFY2(notice.contains(error), qPrintable(notice));
    QCOMPARE(!rig.textOf(1).isEmpty(), partial);
    QCOMPARE(notice.contains(u"kept"_s), partial);
    QCOMPARE(rig.returned.size(), 0);
    QVERIFY(rig.session.canRetry());
    QVERIFY(!rig.session.canContinue());

    rig.f.server.enqueue(reply(u"Second time lucky."_s));
    QVERIFY(rig.session.retry());
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(rig.stateOf(1), TurnState::Waiting);
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(1), TurnState::Done);
    QCOMPARE(rig.textOf(1), u"Second time lucky."_s);
    QCOMPARE(rig.generateRequests().size(), 2);
    QCOMPARE(shape(rig.lastContents()), u"u:question"_s); // the user turn once, the failed answer gone
    QVERIFY(!rig.session.canRetry());
}

void tst_ChatSession::blockedPrompt()
{
    Rig rig;
    Script blocked;
    blocked.blockPrompt = true;
    rig.f.server.enqueue(blocked);
    QVERIFY(rig.session.send(u"something bad"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(1), TurnState::Blocked);
    QCOMPARE(rig.returned.size(), 1);
    QCOMPARE(rig.returned.first().at(0).toString(), u"something bad"_s);
    QVERIFY(rig.returned.first().at(1).value<QList<Attachment>>().isEmpty());
    const QString notice = rig.model.data(rig.model.index(1), ChatModel::NoticeRole).toString();
    QVERIFY2(notice.contains(u"blocked"_s) && notice.contains(u"safety"_s) && notice.contains(u"hate speech"_s),
        qPrintable(notice));
    QVERIFY(rig.model.turn(1).promptFeedback.has_value());
    QVERIFY(!rig.session.canRetry());
    QCOMPARE(rig.finished.size(), 1);

    QVERIFY(rig.session.send(u"something good"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(3), TurnState::Done);
    QCOMPARE(shape(rig.lastContents()), u"u:something good"_s); // the blocked exchange is not sent
}

void tst_ChatSession::finishReasons_data()
{
    QTest::addColumn<QString>("finishReason");
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("noticeWord");
    QTest::newRow("STOP") << u"STOP"_s << int(TurnState::Done) << QString();
    QTest::newRow("MAX_TOKENS") << u"MAX_TOKENS"_s << int(TurnState::Truncated) << u"cut off"_s;
    QTest::newRow("SAFETY") << u"SAFETY"_s << int(TurnState::Filtered) << u"safety"_s;
    QTest::newRow("RECITATION") << u"RECITATION"_s << int(TurnState::Filtered) << u"recitation"_s;
    QTest::newRow("unknown reason") << u"SOMETHING_NEW"_s << int(TurnState::Filtered) << u"SOMETHING_NEW"_s;
}

void tst_ChatSession::finishReasons()
{
    QFETCH(QString, finishReason);
    QFETCH(int, state);
    QFETCH(QString, noticeWord);
    Rig rig;
    Script s = reply(u"Some answer text."_s);
    s.finishReason = finishReason;
    rig.f.server.enqueue(s);
    QVERIFY(rig.session.send(u"q"_s));
    QVERIFY(rig.settle());
    QCOMPARE(int(rig.stateOf(1)), state);
    QCOMPARE(rig.textOf(1), u"Some answer text."_s); // kept whatever the ending
    QCOMPARE(rig.model.turn(1).finishReason(), finishReason);
    const QString notice = rig.model.data(rig.model.index(1), ChatModel::NoticeRole).toString();
    if (noticeWord.isEmpty())
        QVERIFY2(notice.isEmpty(), qPrintable(notice));
    else
        QVERIFY2(notice.contains(noticeWord, Qt::CaseInsensitive), qPrintable(notice));
    QCOMPARE(rig.session.canContinue(), state == int(TurnState::Truncated));
    QVERIFY(rig.session.canRegenerate());
    QCOMPARE(rig.returned.size(), 0);
}

void tst_ChatSession::continueAfterTruncation()
{
    Rig rig;
    Script cut = reply(u"The first half"_s);
    cut.finishReason = u"MAX_TOKENS"_s;
    rig.f.server.enqueue(cut);
    QVERIFY(rig.session.send(u"write a lot"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(1), TurnState::Truncated);
    QVERIFY(rig.session.canContinue());
    rig.f.server.enqueue(reply(u" and the second half."_s));
    QVERIFY(rig.session.continueAnswer());
    QCOMPARE(rig.model.rowCount(), 4);
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(3), TurnState::Done);
    QCOMPARE(shape(rig.lastContents()), u"u:write a lot | m:The first half | u:Continue exactly where you stopped."_s);
    QVERIFY(!rig.session.canContinue());
}

void tst_ChatSession::severalCandidates()
{
    Rig rig;
    GenerateContentRequest base;
    base.generationConfig.candidateCount = 3;
    rig.session.setRequestTemplate(base);
    QVERIFY(rig.session.send(u"pick one"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.stateOf(1), TurnState::Done);
    QCOMPARE(rig.model.data(rig.model.index(1), ChatModel::CandidateCountRole).toInt(), 3);
    const ChatTurn turn = rig.model.turn(1);
    QVERIFY(turn.candidates.at(2).content.text().startsWith(u"Candidate 3: "_s));
    QCOMPARE(rig.textOf(1), turn.candidates.at(0).content.text());

    rig.model.setChosenCandidate(1, 2);
    QCOMPARE(rig.textOf(1), turn.candidates.at(2).content.text());
    QVERIFY(rig.session.send(u"and then?"_s));
    QVERIFY(rig.settle());
    QCOMPARE(
        shape(rig.lastContents()), u"u:pick one | m:"_s + turn.candidates.at(2).content.text() + u" | u:and then?"_s);
}

void tst_ChatSession::regenerateReplacesLastAnswer()
{
    Rig rig;
    rig.f.server.enqueue(reply(u"First try."_s));
    QVERIFY(rig.session.send(u"q"_s));
    QVERIFY(rig.settle());
    const quint64 oldId = rig.model.turn(1).id;
    QVERIFY(rig.session.canRegenerate());
    rig.f.server.enqueue(reply(u"Second try."_s));
    QVERIFY(rig.session.regenerate());
    QCOMPARE(rig.model.rowCount(), 2);
    QVERIFY(rig.model.turn(1).id != oldId);
    QCOMPARE(rig.stateOf(1), TurnState::Waiting);
    QVERIFY(!rig.session.canRegenerate()); // busy
    QVERIFY(rig.settle());
    QCOMPARE(rig.textOf(1), u"Second try."_s);
    QCOMPARE(rig.generateRequests().size(), 2);
    QCOMPARE(shape(rig.lastContents()), u"u:q"_s);
}

void tst_ChatSession::editReplacesLaterTurns()
{
    Rig rig;
    QVERIFY(rig.session.send(u"one"_s));
    QVERIFY(rig.settle());
    QVERIFY(rig.session.send(u"two"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.model.rowCount(), 4);
    QVERIFY(!rig.session.edit(1, u"a model turn"_s));
    QVERIFY(!rig.session.edit(7, u"no such row"_s));
    QVERIFY(!rig.session.edit(2, u"  "_s));

    rig.f.server.enqueue(reply(u"Edited answer."_s));
    QVERIFY(rig.session.edit(2, u"two, better"_s));
    QCOMPARE(rig.model.rowCount(), 4);
    QCOMPARE(rig.model.turn(2).text, u"two, better"_s);
    QVERIFY(rig.settle());
    QCOMPARE(rig.textOf(3), u"Edited answer."_s);
    QCOMPARE(shape(rig.lastContents()), u"u:one | m:"_s + rig.textOf(1) + u" | u:two, better"_s);

    QVERIFY(rig.session.edit(0, u"one, again"_s)); // every later turn goes
    QCOMPARE(rig.model.rowCount(), 2);
    QVERIFY(rig.settle());
    QCOMPARE(shape(rig.lastContents()), u"u:one, again"_s);
}

void tst_ChatSession::smallImageGoesInline()
{
    Rig rig;
    const QString path = SampleFiles::writeFile(m_dir, u"pixel.png"_s, SampleFiles::tinyPng());
    const QList<Attachment> attachments {Attachment {path, {}, {}, {}}};
    QVERIFY(rig.session.send(u"What is this?"_s, attachments));
    QCOMPARE(rig.session.state(), SessionState::Preparing);
    QCOMPARE(rig.model.rowCount(), 0); // the turns appear once the attachments are ready
    QVERIFY(!rig.session.send(u"again"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(rig.stateOf(1), TurnState::Done);
    QCOMPARE(rig.stateHistory().first(), SessionState::Preparing);
    QCOMPARE(rig.model.turn(0).attachments.size(), 1);
    QCOMPARE(rig.model.turn(0).attachmentParts,
        (QList<Part> {Part::fromInlineData(u"image/png"_s, SampleFiles::tinyPng())}));
    QCOMPARE(rig.model.data(rig.model.index(0), ChatModel::AttachmentNamesRole).toStringList(),
        QStringList {u"pixel.png"_s});

    const QJsonArray parts = rig.lastContents().first().toObject().value(u"parts"_s).toArray();
    QCOMPARE(parts.size(), 2);
    const QJsonObject inlineData = parts.at(0).toObject().value(u"inlineData"_s).toObject();
    QCOMPARE(inlineData.value(u"mimeType"_s).toString(), u"image/png"_s);
    QCOMPARE(QByteArray::fromBase64(inlineData.value(u"data"_s).toString().toLatin1()), SampleFiles::tinyPng());
    QCOMPARE(parts.at(1).toObject(), (QJsonObject {{u"text"_s, u"What is this?"_s}}));

    QCOMPARE(rig.progress.size(), 1);
    const qint64 size = SampleFiles::tinyPng().size();
    QCOMPARE(rig.progress.first(), (QList<QVariant> {0, size, size}));

    // Edited, the prepared parts are sent again as they are: nothing is prepared anew.
    QVERIFY(rig.session.edit(0, u"And now?"_s));
    QCOMPARE(rig.session.state(), SessionState::Waiting);
    QVERIFY(rig.settle());
    QCOMPARE(rig.progress.size(), 1);
    const QJsonArray again = rig.lastContents().first().toObject().value(u"parts"_s).toArray();
    QCOMPARE(again.size(), 2);
    QCOMPARE(again.at(0), parts.at(0));
    QCOMPARE(again.at(1).toObject().value(u"text"_s).toString(), u"And now?"_s);
}

void tst_ChatSession::largeFileGoesThroughFilesApi()
{
    Rig rig;
    rig.planner.setInlineLimitBytes(1000);
    const QByteArray bytes = SampleFiles::textBytes(600 * 1000, 'q');
    const QString path = SampleFiles::writeFile(m_dir, u"notes.txt"_s, bytes);
    QVERIFY(rig.session.send(u"Summarize"_s, {Attachment {path, {}, {}, {}}}));
    QVERIFY(rig.settle(30000));
    QCOMPARE(rig.prepFailed.size(), 0);
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(rig.stateOf(1), TurnState::Done);

    const QList<FakeFileService::File> files = rig.f.server.files()->files();
    QCOMPARE(files.size(), 1);
    const QJsonArray parts = rig.lastContents().first().toObject().value(u"parts"_s).toArray();
    QCOMPARE(parts.size(), 2);
    const QJsonObject fileData = parts.at(0).toObject().value(u"fileData"_s).toObject();
    QVERIFY2(fileData.value(u"fileUri"_s).toString().endsWith(files.first().name),
        qPrintable(fileData.value(u"fileUri"_s).toString()));
    QCOMPARE(fileData.value(u"mimeType"_s).toString(), u"text/plain"_s);
    QCOMPARE(parts.at(1).toObject().value(u"text"_s).toString(), u"Summarize"_s);

    // Progress of the one attachment, never backwards, up to everything.
    QVERIFY(!rig.progress.isEmpty());
    qint64 last = -1;
    for (const QList<QVariant> &args : std::as_const(rig.progress)) {
        QCOMPARE(args.at(0).toInt(), 0);
        QCOMPARE(args.at(2).toLongLong(), bytes.size());
        QVERIFY(args.at(1).toLongLong() >= last);
        last = args.at(1).toLongLong();
    }
    QCOMPARE(last, bytes.size());
    QVERIFY(!rig.status.isEmpty());
    QVERIFY2(rig.status.first().first().toString().contains(u"notes.txt"_s),
        qPrintable(rig.status.first().first().toString()));
}

void tst_ChatSession::badAttachmentAddsNothing()
{
    Rig rig;
    const QList<Attachment> attachments {Attachment {m_dir.filePath(u"gone.png"_s), {}, {}, u"Gone"_s}};
    QVERIFY(rig.session.send(u"Look at this"_s, attachments));
    QVERIFY(rig.settle());
    QCOMPARE(rig.prepFailed.size(), 1);
    const QList<QVariant> args = rig.prepFailed.first();
    QCOMPARE(args.at(0).value<ApiError>().kind, ApiError::Kind::LocalFile);
    QCOMPARE(args.at(1).toString(), u"Look at this"_s);
    const QList<Attachment> back = args.at(2).value<QList<Attachment>>();
    QCOMPARE(back.size(), 1);
    QCOMPARE(back.first().path, attachments.first().path);
    QCOMPARE(back.first().displayName, u"Gone"_s);
    QCOMPARE(rig.model.rowCount(), 0);
    QCOMPARE(rig.session.state(), SessionState::Idle);
    QCOMPARE(rig.f.server.requests().size(), 0);
    QCOMPARE(rig.finished.size(), 0);
}

void tst_ChatSession::stopWhilePreparing()
{
    Rig rig;
    const QString path = SampleFiles::writeFile(m_dir, u"dot.png"_s, SampleFiles::tinyPng());
    QVERIFY(rig.session.send(u"wait"_s, {Attachment {path, {}, {}, {}}}));
    rig.session.stop();
    QCOMPARE(rig.session.state(), SessionState::Idle);
    QCOMPARE(rig.prepFailed.size(), 1);
    QCOMPARE(rig.prepFailed.first().at(0).value<ApiError>().kind, ApiError::Kind::Cancelled);
    QCOMPARE(rig.prepFailed.first().at(1).toString(), u"wait"_s);
    QTest::qWait(100); // the planner's run would have ended by now
    QCOMPARE(rig.model.rowCount(), 0);
    QCOMPARE(rig.progress.size(), 0);
    QCOMPARE(rig.f.server.requests().size(), 0);

    // And the session works on afterwards.
    QVERIFY(rig.session.send(u"wait"_s, {Attachment {path, {}, {}, {}}}));
    QVERIFY(rig.settle());
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(rig.stateOf(1), TurnState::Done);
}

void tst_ChatSession::destroyedMidStream()
{
    Rig rig;
    rig.f.server.enqueue(reply(longReply(), 6, 60));
    auto *session = new ChatSession(rig.f.client.get(), &rig.model, &rig.planner);
    session->setModelName(Model);
    QSignalSpy finished(session, &ChatSession::exchangeFinished);
    QVERIFY(session->send(u"hi"_s));
    QTRY_VERIFY_WITH_TIMEOUT(!rig.model.turn(1).markdown().isEmpty(), 10000);
    delete session;
    const QString text = rig.textOf(1);
    QTest::qWait(150);
    QCOMPARE(rig.textOf(1), text); // nothing more arrives into the model
    QCOMPARE(finished.size(), 0);
}

namespace {

constexpr qint64 TwoDays = 49LL * 60 * 60 * 1000;

QString fileUriOf(const QJsonArray &contents, int content, int part)
{
    return contents.at(content)
        .toObject()
        .value(u"parts"_s)
        .toArray()
        .at(part)
        .toObject()
        .value(u"fileData"_s)
        .toObject()
        .value(u"fileUri"_s)
        .toString();
}

} // namespace

void tst_ChatSession::sendAfterExpiryUploadsAgain()
{
    Rig rig;
    rig.useRefresher();
    rig.planner.setInlineLimitBytes(1000);
    const QString path = SampleFiles::writeFile(m_dir, u"blob-expiry"_s, SampleFiles::textBytes(300 * 1000, 'r'));
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QVERIFY(rig.session.send(u"Summarize"_s, {Attachment {path, {}, {}, u"talk.txt"_s}}));
    QVERIFY(rig.settle(30000));
    QCOMPARE(rig.prepFailed.size(), 0);
    QCOMPARE(rig.stateOf(1), TurnState::Done);
    const QString oldUri = rig.model.turn(0).attachmentParts.first().fileUri;
    QVERIFY(!oldUri.isEmpty());
    QVERIFY(rig.model.turn(0).partsPreparedAt >= before); // the planner just prepared them
    QVERIFY(rig.model.turn(0).note.isEmpty());
    QCOMPARE(rig.f.server.files()->sessions().size(), 1);

    // Two days later the upload has expired: the next question sends it again first.
    rig.f.server.files()->advanceClock(TwoDays);
    rig.states.clear();
    rig.status.clear();
    QVERIFY(rig.session.send(u"And the second part?"_s));
    QCOMPARE(rig.session.state(), SessionState::Preparing);
    QCOMPARE(rig.model.rowCount(), 2); // nothing added before the history is ready
    QVERIFY(rig.settle(30000));
    QCOMPARE(rig.prepFailed.size(), 0);
    QCOMPARE(rig.model.rowCount(), 4);
    QCOMPARE(rig.stateOf(3), TurnState::Done);
    QCOMPARE(rig.stateHistory().first(), SessionState::Preparing);
    QVERIFY(rig.stateHistory().contains(SessionState::Waiting));

    const ChatTurn &refreshed = rig.model.turn(0);
    const QString newUri = refreshed.attachmentParts.first().fileUri;
    QVERIFY(newUri != oldUri);
    QCOMPARE(refreshed.note, u"talk.txt was sent again: the copy on the server had expired."_s);
    QCOMPARE(rig.model.data(rig.model.index(0), ChatModel::NoteRole).toString(), refreshed.note);
    QVERIFY(refreshed.partsPreparedAt.isValid());
    QVERIFY(!rig.model.turn(2).partsPreparedAt.isValid()); // no attachments
    QCOMPARE(rig.f.server.files()->sessions().size(), 2);  // the server saw the upload again

    // The request carried the new file (and the server accepted it: it checks fileData).
    const QJsonArray contents = rig.lastContents();
    QCOMPARE(contents.size(), 3);
    QCOMPARE(fileUriOf(contents, 0, 0), newUri);
    QCOMPARE(shape(contents), u"u:Summarize | m:"_s + rig.textOf(1) + u" | u:And the second part?"_s);
    QVERIFY(!rig.status.isEmpty());
    QCOMPARE(rig.status.first().first().toString(), u"Uploading talk.txt again (it expired on the server)…"_s);

    // Fresh now: the next send goes at once.
    rig.status.clear();
    QVERIFY(rig.session.send(u"Thanks"_s));
    QCOMPARE(rig.session.state(), SessionState::Waiting);
    QVERIFY(rig.settle());
    QCOMPARE(rig.f.server.files()->sessions().size(), 2);
    QVERIFY(rig.status.isEmpty());
}

void tst_ChatSession::regenerateAndEditAfterExpiry()
{
    Rig rig;
    rig.useRefresher();
    rig.planner.setInlineLimitBytes(1000);
    const QString path = SampleFiles::writeFile(m_dir, u"blob-regen"_s, SampleFiles::textBytes(200 * 1000, 'g'));
    QVERIFY(rig.session.send(u"Summarize"_s, {Attachment {path, {}, {}, u"notes.txt"_s}}));
    QVERIFY(rig.settle(30000));
    const QString firstUri = rig.model.turn(0).attachmentParts.first().fileUri;

    // Regenerate: the question itself goes again, with its file uploaded again.
    rig.f.server.files()->advanceClock(TwoDays);
    QVERIFY(rig.session.regenerate());
    QCOMPARE(rig.session.state(), SessionState::Preparing);
    QVERIFY(rig.settle(30000));
    QCOMPARE(rig.prepFailed.size(), 0);
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(rig.stateOf(1), TurnState::Done);
    const QString secondUri = rig.model.turn(0).attachmentParts.first().fileUri;
    QVERIFY(secondUri != firstUri);
    QCOMPARE(fileUriOf(rig.lastContents(), 0, 0), secondUri);
    QCOMPARE(rig.model.turn(0).note, u"notes.txt was sent again: the copy on the server had expired."_s);

    // Edit after another expiry: the new version carries the new upload and says so.
    rig.f.server.files()->advanceClock(TwoDays);
    QVERIFY(rig.session.edit(0, u"Summarize in one line"_s));
    QVERIFY(rig.settle(30000));
    QCOMPARE(rig.prepFailed.size(), 0);
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(rig.model.turn(0).text, u"Summarize in one line"_s);
    const QString thirdUri = rig.model.turn(0).attachmentParts.first().fileUri;
    QVERIFY(thirdUri != secondUri);
    QCOMPARE(fileUriOf(rig.lastContents(), 0, 0), thirdUri);
    QCOMPARE(rig.model.turn(0).note, u"notes.txt was sent again: the copy on the server had expired."_s);
    QCOMPARE(rig.f.server.files()->sessions().size(), 3);

    // An edit with fresh parts keeps them, and no note from an earlier refresh.
    QVERIFY(rig.session.edit(0, u"Shorter"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.model.turn(0).attachmentParts.first().fileUri, thirdUri);
    QVERIFY(rig.model.turn(0).note.isEmpty());
    QCOMPARE(rig.f.server.files()->sessions().size(), 3);
}

// A file gone from the server and from this computer: the next request goes without it, the model
// told in words that it was there, and the turn notes it.
void tst_ChatSession::lostFileIsLeftOutWithANote()
{
    Rig rig;
    rig.useRefresher();
    rig.planner.setInlineLimitBytes(1000);
    const QString path = SampleFiles::writeFile(m_dir, u"blob-lost"_s, SampleFiles::textBytes(100 * 1000, 'l'));
    QVERIFY(rig.session.send(u"Summarize"_s, {Attachment {path, {}, {}, u"lost.txt"_s}}));
    QVERIFY(rig.settle(30000));
    QCOMPARE(rig.generateRequests().size(), 1);
    QVERIFY(QFile::remove(path));
    rig.f.server.files()->advanceClock(TwoDays);

    QVERIFY(rig.session.send(u"next"_s));
    QVERIFY(rig.settle());
    QCOMPARE(rig.prepFailed.size(), 0);
    QCOMPARE(rig.generateRequests().size(), 2);
    QCOMPARE(rig.stateOf(3), TurnState::Done);
    const QJsonArray contents = rig.generateRequests().constLast().json().value(u"contents"_s).toArray();
    const QByteArray first = QJsonDocument(contents.at(0).toObject()).toJson();
    QVERIFY2(!first.contains("fileData"), first.constData());
    QVERIFY2(first.contains("lost.txt"), first.constData());
    QCOMPARE(
        rig.model.turn(0).note, u"lost.txt is no longer sent: it is gone from the server and from this computer."_s);
}

void tst_ChatSession::stopWhileRefreshing()
{
    Rig rig;
    rig.useRefresher();
    rig.planner.setInlineLimitBytes(1000);
    const QString path = SampleFiles::writeFile(m_dir, u"blob-stop"_s, SampleFiles::textBytes(2 * 1024 * 1024, 's'));
    QVERIFY(rig.session.send(u"Summarize"_s, {Attachment {path, {}, {}, u"big.txt"_s}}));
    QVERIFY(rig.settle(30000));
    rig.f.server.files()->advanceClock(TwoDays);
    rig.f.server.files()->setLinkBytesPerSecond(256 * 1024); // the upload takes seconds

    QVERIFY(rig.session.send(u"next"_s));
    QVERIFY(rig.status.wait(5000));
    QCOMPARE(rig.session.state(), SessionState::Preparing);
    rig.session.stop();
    QCOMPARE(rig.session.state(), SessionState::Idle);
    QCOMPARE(rig.prepFailed.size(), 1);
    QCOMPARE(rig.prepFailed.first().at(0).value<ApiError>().kind, ApiError::Kind::Cancelled);
    QCOMPARE(rig.prepFailed.first().at(1).toString(), u"next"_s);
    QVERIFY(!rig.refresher->isBusy());
    QVERIFY(!rig.planner.isBusy());
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(rig.generateRequests().size(), 1);
}

QTEST_GUILESS_MAIN(tst_ChatSession)
#include "tst_chatsession.moc"
