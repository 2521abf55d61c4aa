// ChatModel: every mutation under QAbstractItemModelTester, the roles, stream coalescing, the
// chosen candidate, and the footer notices in plain words.
#include "chat/chatmodel.h"
#include "support/turns.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using State = ChatTurn::State;

namespace {

ChatTurn modelTurn(State state = State::Waiting)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::Model;
    turn.state = state;
    turn.model = u"gemini-2.5-flash"_s;
    return turn;
}

Candidate candidate(const QString &text, const QString &finishReason = u"STOP"_s, int index = 0)
{
    Candidate c;
    c.index = index;
    c.content.role = u"model"_s;
    if (!text.isEmpty())
        c.content.parts = {Part::fromText(text)};
    c.finishReason = finishReason;
    return c;
}

SafetyRating rating(const QString &category, const QString &probability, bool blocked = false)
{
    SafetyRating r;
    r.category = category;
    r.probability = probability;
    r.blocked = blocked;
    return r;
}

// A model with a tester that checks every signal it sends, and a spy on dataChanged.
struct Rig
{
    ChatModel model;
    std::unique_ptr<QAbstractItemModelTester> tester;
    std::unique_ptr<QSignalSpy> changed;

    Rig()
    {
        tester = std::make_unique<QAbstractItemModelTester>(
            &model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        changed = std::make_unique<QSignalSpy>(&model, &QAbstractItemModel::dataChanged);
    }

    QVariant data(int row, int role) const { return model.data(model.index(row), role); }
    // Rows announced by dataChanged so far, in order.
    QList<int> changedRows() const
    {
        QList<int> rows;
        for (const QList<QVariant> &args : std::as_const(*changed)) {
            const QModelIndex from = args.at(0).value<QModelIndex>();
            const QModelIndex to = args.at(1).value<QModelIndex>();
            for (int r = from.row(); r <= to.row(); ++r)
                rows.append(r);
        }
        return rows;
    }
};

} // namespace

class tst_ChatModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendRemoveReset();
    void roles();
    void usageRoles();
    void updateTurnAnnouncesAndBumpsRevision();
    void appendTextCoalesces();
    void appendTextBuildsCandidates();
    void hostileCandidateIndexCostsOneCandidate();
    void flushAnnouncesAtOnce();
    void otherChangesFlushFirst();
    void removingPendingRows();
    void setChosenCandidate();
    void notice_data();
    void notice();
};

void tst_ChatModel::appendRemoveReset()
{
    Rig rig;
    QSignalSpy inserted(&rig.model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&rig.model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&rig.model, &QAbstractItemModel::modelReset);

    QCOMPARE(rig.model.appendTurn(userTurn(u"one"_s)), 0);
    QCOMPARE(rig.model.appendTurn(modelTurn()), 1);
    QCOMPARE(rig.model.appendTurn(userTurn(u"two"_s)), 2);
    QCOMPARE(rig.model.appendTurn(modelTurn()), 3);
    QCOMPARE(rig.model.rowCount(), 4);
    QCOMPARE(inserted.size(), 4);
    QCOMPARE(rig.model.rowCount(rig.model.index(0)), 0); // a list: rows have no children
    const quint64 id2 = rig.model.turn(2).id;
    QCOMPARE(rig.model.rowOf(id2), 2);

    rig.model.removeTurnsFrom(2);
    QCOMPARE(rig.model.rowCount(), 2);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 2);
    QCOMPARE(removed.first().at(2).toInt(), 3);
    QCOMPARE(rig.model.rowOf(id2), -1);
    rig.model.removeTurnsFrom(5); // out of range: nothing
    rig.model.removeTurnsFrom(-1);
    QCOMPARE(removed.size(), 1);

    Conversation other;
    other.append(userTurn(u"elsewhere"_s));
    rig.model.setConversation(other);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(rig.model.rowCount(), 1);
    QCOMPARE(rig.data(0, ChatModel::TextRole).toString(), u"elsewhere"_s);
    rig.model.clear();
    QCOMPARE(reset.size(), 2);
    QCOMPARE(rig.model.rowCount(), 0);
}

void tst_ChatModel::roles()
{
    Rig rig;
    ChatTurn question = userTurn(u"What is *this*?"_s);
    question.attachments = {Attachment {u"/home/me/photo.png"_s, {}, {}, {}}, Attachment {{}, "x", {}, u"clip.txt"_s}};
    rig.model.appendTurn(question);
    ChatTurn answer = modelTurn(State::Done);
    Candidate c = candidate(u"It is **that**."_s);
    Part thought = Part::fromText(u"Pondering."_s);
    thought.thought = true;
    c.content.parts.prepend(thought);
    answer.candidates = {c, candidate(u"Another."_s, u"STOP"_s, 1)};
    answer.modelVersion = u"gemini-2.5-flash-001"_s;
    rig.model.appendTurn(answer);

    QCOMPARE(rig.data(0, ChatModel::RoleRole).toString(), u"user"_s);
    QCOMPARE(rig.data(0, Qt::DisplayRole).toString(), u"What is *this*?"_s);
    QCOMPARE(rig.data(0, ChatModel::TextRole).toString(), u"What is *this*?"_s);
    QCOMPARE(rig.data(0, ChatModel::AttachmentNamesRole).toStringList(), (QStringList {u"photo.png"_s, u"clip.txt"_s}));
    QCOMPARE(rig.data(0, ChatModel::NoticeRole).toString(), QString());

    QCOMPARE(rig.data(1, ChatModel::RoleRole).toString(), u"model"_s);
    QCOMPARE(rig.data(1, ChatModel::TextRole).toString(), u"It is **that**."_s); // thoughts excluded
    QCOMPARE(rig.data(1, ChatModel::ThoughtsRole).toString(), u"Pondering."_s);
    QCOMPARE(rig.data(1, ChatModel::StateRole).toInt(), int(State::Done));
    QCOMPARE(rig.data(1, ChatModel::FinishReasonRole).toString(), u"STOP"_s);
    QCOMPARE(rig.data(1, ChatModel::ModelRole).toString(), u"gemini-2.5-flash"_s);
    QCOMPARE(rig.data(1, ChatModel::ModelVersionRole).toString(), u"gemini-2.5-flash-001"_s);
    QCOMPARE(rig.data(1, ChatModel::CandidateCountRole).toInt(), 2);
    QCOMPARE(rig.data(1, ChatModel::ChosenCandidateRole).toInt(), 0);
    QCOMPARE(rig.data(1, ChatModel::TurnIdRole).toULongLong(), rig.model.turn(1).id);
    QCOMPARE(rig.data(1, ChatModel::BusyRole).toBool(), false);
    QCOMPARE(rig.data(1, ChatModel::ErrorRole).toString(), QString());
    QCOMPARE(rig.data(1, ChatModel::PromptTokensRole).toInt(), -1); // unknown
    QVERIFY(!rig.data(1, Qt::DecorationRole).isValid());
    QVERIFY(!rig.model.data(rig.model.index(5), ChatModel::TextRole).isValid());

    const QHash<int, QByteArray> names = rig.model.roleNames();
    QCOMPARE(names.value(ChatModel::TextRole), QByteArray("text"));
    QCOMPARE(names.value(ChatModel::BusyRole), QByteArray("busy"));
    QCOMPARE(names.value(Qt::DisplayRole), QByteArray("display"));
}

void tst_ChatModel::usageRoles()
{
    Rig rig;
    rig.model.appendTurn(userTurn(u"q"_s));
    ChatTurn answer = modelTurn(State::Failed);
    UsageMetadata usage;
    usage.promptTokenCount = 12;
    usage.candidatesTokenCount = 34;
    usage.thoughtsTokenCount = 5;
    answer.usage = usage;
    answer.error = ApiError::network(u"connection reset"_s);
    rig.model.appendTurn(answer);
    QCOMPARE(rig.data(1, ChatModel::PromptTokensRole).toInt(), 12);
    QCOMPARE(rig.data(1, ChatModel::AnswerTokensRole).toInt(), 34);
    QCOMPARE(rig.data(1, ChatModel::ThoughtTokensRole).toInt(), 5);
    QCOMPARE(rig.data(1, ChatModel::ErrorRole).toString(), answer.error.userMessage());
}

void tst_ChatModel::updateTurnAnnouncesAndBumpsRevision()
{
    Rig rig;
    rig.model.appendTurn(userTurn(u"q"_s));
    rig.model.appendTurn(modelTurn());
    const quint64 id = rig.model.turn(1).id;
    const int revision = rig.data(1, ChatModel::RevisionRole).toInt();
    QCOMPARE(rig.data(1, ChatModel::BusyRole).toBool(), true);
    rig.model.updateTurn(1, [](ChatTurn &turn) {
        turn.id = 4242; // not the caller's to change
        turn.state = State::Done;
        turn.candidates = {candidate(u"Done."_s)};
    });
    QCOMPARE(rig.changedRows(), QList<int> {1});
    QCOMPARE(rig.model.turn(1).id, id);
    QVERIFY(rig.data(1, ChatModel::RevisionRole).toInt() > revision);
    QCOMPARE(rig.data(1, ChatModel::BusyRole).toBool(), false);
    QCOMPARE(rig.data(1, ChatModel::TextRole).toString(), u"Done."_s);
    rig.model.updateTurn(7, [](ChatTurn &) { QFAIL("called for a row that does not exist"); });
    QCOMPARE(rig.changed->size(), 1);
}

void tst_ChatModel::appendTextCoalesces()
{
    Rig rig;
    rig.model.appendTurn(userTurn(u"a"_s));
    rig.model.appendTurn(modelTurn());
    rig.model.appendTurn(userTurn(u"b"_s));
    rig.model.appendTurn(modelTurn());

    // A burst of deltas to two rows; the event loop does not run meanwhile, as within one interval.
    QString expected;
    for (int i = 0; i < 200; ++i) {
        const QString piece = u"w%1 "_s.arg(i);
        expected += piece;
        rig.model.appendText(1, 0, piece);
        rig.model.appendText(3, 0, piece);
    }
    // The text is there at once; the announcement waits.
    QCOMPARE(rig.data(1, ChatModel::TextRole).toString(), expected);
    QCOMPARE(rig.data(1, ChatModel::StateRole).toInt(), int(State::Streaming));
    QVERIFY(rig.model.hasPendingUpdates());
    QCOMPARE(rig.changed->size(), 0);

    QTRY_VERIFY(!rig.model.hasPendingUpdates());
    QList<int> rows = rig.changedRows();
    std::sort(rows.begin(), rows.end());
    QCOMPARE(rows, (QList<int> {1, 3})); // one dataChanged per row
    QTest::qWait(3 * 1000 / ChatModel::MaxUpdatesPerSecond);
    QCOMPARE(rig.changed->size(), 2); // and nothing more without new text

    // Empty text, user rows and bad rows change nothing.
    rig.model.appendText(1, 0, QString());
    rig.model.appendText(0, 0, u"not for a user turn"_s);
    rig.model.appendText(9, 0, u"x"_s);
    rig.model.appendText(1, -1, u"x"_s);
    QVERIFY(!rig.model.hasPendingUpdates());
    QCOMPARE(rig.data(0, ChatModel::TextRole).toString(), u"a"_s);
}

void tst_ChatModel::appendTextBuildsCandidates()
{
    Rig rig;
    rig.model.appendTurn(userTurn(u"q"_s));
    rig.model.appendTurn(modelTurn());
    rig.model.appendText(1, 0, u"Let me "_s, true);
    rig.model.appendText(1, 0, u"think."_s, true);
    rig.model.appendText(1, 0, u"Answer "_s);
    rig.model.appendText(1, 2, u"Third "_s); // candidates may arrive out of order
    rig.model.appendText(1, 0, u"zero."_s);
    rig.model.appendText(1, 1, u"Second."_s);
    rig.model.flush();
    const ChatTurn &turn = rig.model.turn(1);
    QCOMPARE(turn.candidates.size(), 3);
    QCOMPARE(turn.candidates.at(0).content.parts.size(), 2); // one thought part, one answer part
    QCOMPARE(turn.candidates.at(0).content.parts.at(0).thought, true);
    QCOMPARE(turn.candidates.at(0).content.parts.at(0).text, u"Let me think."_s);
    QCOMPARE(turn.candidates.at(0).content.text(), u"Answer zero."_s);
    QCOMPARE(turn.candidates.at(1).content.text(), u"Second."_s);
    QCOMPARE(turn.candidates.at(2).content.text(), u"Third "_s);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(turn.candidates.at(i).index, i);
        QCOMPARE(turn.candidates.at(i).content.role, u"model"_s);
    }
    QCOMPARE(rig.data(1, ChatModel::ThoughtsRole).toString(), u"Let me think."_s);
    QCOMPARE(rig.data(1, ChatModel::CandidateCountRole).toInt(), 3);
}

void tst_ChatModel::hostileCandidateIndexCostsOneCandidate()
{
    Rig rig;
    rig.model.appendTurn(userTurn(u"q"_s));
    rig.model.appendTurn(modelTurn());
    rig.model.appendText(1, 2'000'000'000, u"From far away."_s);
    rig.model.appendText(1, 0, u"Near."_s);
    rig.model.appendText(1, -1, u"Ignored."_s);
    rig.model.flush();
    const ChatTurn &turn = rig.model.turn(1);
    QCOMPARE(turn.candidates.size(), 2);
    QCOMPARE(turn.candidates.at(0).index, 0);
    QCOMPARE(turn.candidates.at(1).index, 2'000'000'000);
    QCOMPARE(rig.data(1, ChatModel::TextRole).toString(), u"Near."_s);
    QCOMPARE(rig.data(1, ChatModel::CandidateCountRole).toInt(), 2);
}

void tst_ChatModel::flushAnnouncesAtOnce()
{
    Rig rig;
    rig.model.appendTurn(userTurn(u"q"_s));
    rig.model.appendTurn(modelTurn());
    rig.model.appendText(1, 0, u"Hello"_s);
    QCOMPARE(rig.changed->size(), 0);
    rig.model.flush();
    QCOMPARE(rig.changedRows(), QList<int> {1});
    QVERIFY(!rig.model.hasPendingUpdates());
    rig.model.flush(); // nothing pending: nothing said
    QTest::qWait(2 * 1000 / ChatModel::MaxUpdatesPerSecond);
    QCOMPARE(rig.changed->size(), 1); // the timer does not announce it a second time
}

void tst_ChatModel::otherChangesFlushFirst()
{
    Rig rig;
    rig.model.appendTurn(userTurn(u"q"_s));
    rig.model.appendTurn(modelTurn());
    rig.model.appendTurn(userTurn(u"r"_s));
    rig.model.appendTurn(modelTurn());
    rig.model.appendText(3, 0, u"streamed"_s);
    // A change announced at once first announces the pending stream update: views see them in order.
    rig.model.updateTurn(1, [](ChatTurn &turn) { turn.state = State::Stopped; });
    QCOMPARE(rig.changedRows(), (QList<int> {3, 1}));
    QVERIFY(!rig.model.hasPendingUpdates());

    rig.model.appendText(3, 0, u" more"_s);
    QSignalSpy inserted(&rig.model, &QAbstractItemModel::rowsInserted);
    rig.model.appendTurn(userTurn(u"s"_s));
    QCOMPARE(rig.changedRows(), (QList<int> {3, 1, 3}));
    QCOMPARE(inserted.size(), 1);
}

void tst_ChatModel::removingPendingRows()
{
    Rig rig;
    rig.model.appendTurn(userTurn(u"q"_s));
    rig.model.appendTurn(modelTurn());
    rig.model.appendText(1, 0, u"going"_s);
    rig.model.removeTurnsFrom(1);
    QVERIFY(!rig.model.hasPendingUpdates());
    QTest::qWait(2 * 1000 / ChatModel::MaxUpdatesPerSecond);
    // Whatever was announced named a row that existed then; the tester checked each signal.
    for (const int row : rig.changedRows())
        QCOMPARE(row, 1);
    QCOMPARE(rig.model.rowCount(), 1);

    rig.model.appendTurn(modelTurn());
    rig.model.appendText(1, 0, u"again"_s);
    rig.model.setConversation(Conversation {}); // a reset drops pending updates
    QVERIFY(!rig.model.hasPendingUpdates());
}

void tst_ChatModel::setChosenCandidate()
{
    Rig rig;
    rig.model.appendTurn(userTurn(u"q"_s));
    ChatTurn answer = modelTurn(State::Done);
    answer.candidates = {candidate(u"one"_s), candidate(u"two"_s, u"STOP"_s, 1), candidate(u"three"_s, u"STOP"_s, 2)};
    rig.model.appendTurn(answer);
    const int revision = rig.data(1, ChatModel::RevisionRole).toInt();

    rig.model.setChosenCandidate(1, 2);
    QCOMPARE(rig.changedRows(), QList<int> {1});
    QCOMPARE(rig.data(1, ChatModel::ChosenCandidateRole).toInt(), 2);
    QCOMPARE(rig.data(1, ChatModel::TextRole).toString(), u"three"_s);
    QVERIFY(rig.data(1, ChatModel::RevisionRole).toInt() > revision);
    QCOMPARE(rig.model.conversation().request().contents.last().text(), u"three"_s);

    rig.model.setChosenCandidate(1, 2);  // already chosen
    rig.model.setChosenCandidate(1, 3);  // no such candidate
    rig.model.setChosenCandidate(1, -1); // no such candidate
    rig.model.setChosenCandidate(0, 0);  // a user turn has none
    rig.model.setChosenCandidate(8, 0);  // no such row
    QCOMPARE(rig.changed->size(), 1);
    QCOMPARE(rig.data(1, ChatModel::ChosenCandidateRole).toInt(), 2);
}

void tst_ChatModel::notice_data()
{
    QTest::addColumn<ChatTurn>("turn");
    QTest::addColumn<QStringList>("words"); // each must appear in the notice; empty list: no notice

    QTest::newRow("done") << [] {
        ChatTurn t = modelTurn(State::Done);
        t.candidates = {candidate(u"fine"_s)};
        return t;
    }() << QStringList {};
    QTest::newRow("waiting") << modelTurn(State::Waiting) << QStringList {};
    QTest::newRow("streaming") << modelTurn(State::Streaming) << QStringList {};

    QTest::newRow("blocked with categories") << [] {
        ChatTurn t = modelTurn(State::Blocked);
        PromptFeedback f;
        f.blockReason = u"SAFETY"_s;
        f.safetyRatings = {rating(u"HARM_CATEGORY_HARASSMENT"_s, u"HIGH"_s, true),
            rating(u"HARM_CATEGORY_HATE_SPEECH"_s, u"NEGLIGIBLE"_s),
            rating(u"HARM_CATEGORY_DANGEROUS_CONTENT"_s, u"MEDIUM"_s, true)};
        t.promptFeedback = f;
        return t;
    }() << QStringList {u"blocked"_s, u"safety"_s, u"harassment"_s, u"dangerous content"_s, u"Edit"_s};
    QTest::newRow("blocked, categories by probability") << [] {
        ChatTurn t = modelTurn(State::Blocked);
        PromptFeedback f;
        f.blockReason = u"SAFETY"_s;
        f.safetyRatings = {
            rating(u"HARM_CATEGORY_SEXUALLY_EXPLICIT"_s, u"HIGH"_s), rating(u"HARM_CATEGORY_HATE_SPEECH"_s, u"LOW"_s)};
        t.promptFeedback = f;
        return t;
    }() << QStringList {u"blocked"_s, u"sexually explicit content"_s};
    QTest::newRow("blocked, other reason") << [] {
        ChatTurn t = modelTurn(State::Blocked);
        PromptFeedback f;
        f.blockReason = u"PROHIBITED_CONTENT"_s;
        t.promptFeedback = f;
        return t;
    }() << QStringList {u"blocked"_s, u"prohibited content"_s};
    QTest::newRow("truncated") << [] {
        ChatTurn t = modelTurn(State::Truncated);
        t.candidates = {candidate(u"half"_s, u"MAX_TOKENS"_s)};
        return t;
    }() << QStringList {u"cut off"_s, u"maximum output length"_s};
    QTest::newRow("safety") << [] {
        ChatTurn t = modelTurn(State::Filtered);
        Candidate c = candidate(u"some"_s, u"SAFETY"_s);
        c.safetyRatings = {rating(u"HARM_CATEGORY_HATE_SPEECH"_s, u"HIGH"_s, true)};
        t.candidates = {c};
        return t;
    }() << QStringList {u"safety filters"_s, u"hate speech"_s};
    QTest::newRow("recitation") << [] {
        ChatTurn t = modelTurn(State::Filtered);
        t.candidates = {candidate(u"some"_s, u"RECITATION"_s)};
        return t;
    }() << QStringList {u"recitation"_s, u"existing material"_s};
    QTest::newRow("unknown early end") << [] {
        ChatTurn t = modelTurn(State::Filtered);
        t.candidates = {candidate(u"some"_s, u"LANGUAGE"_s)};
        return t;
    }() << QStringList {u"ended early"_s, u"LANGUAGE"_s};
    QTest::newRow("stopped with text") << [] {
        ChatTurn t = modelTurn(State::Stopped);
        t.candidates = {candidate(u"part"_s, QString())};
        return t;
    }() << QStringList {u"Stopped"_s, u"kept"_s};
    QTest::newRow("stopped before anything") << modelTurn(State::Stopped) << QStringList {u"Stopped before"_s};
    QTest::newRow("failed with partial text") << [] {
        ChatTurn t = modelTurn(State::Failed);
        t.candidates = {candidate(u"part"_s, QString())};
        t.error = ApiError::network(u"reset"_s);
        return t;
    }() << QStringList {ApiError::network(u"reset"_s).userMessage(), u"kept"_s};
    QTest::newRow("failed, nothing arrived")
        <<
        [] {
            ChatTurn t = modelTurn(State::Failed);
            t.error = ApiError::fromHttp(400, R"({"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}})");
            return t;
        }()
        << QStringList {ApiError::fromHttp(400, R"({"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}})")
                            .userMessage()};
    QTest::newRow("failed without an error") << modelTurn(State::Failed) << QStringList {u"no answer"_s};
}

void tst_ChatModel::notice()
{
    QFETCH(ChatTurn, turn);
    QFETCH(QStringList, words);
    Rig rig;
    rig.model.appendTurn(userTurn(u"q"_s));
    rig.model.appendTurn(turn);
    const QString notice = rig.data(1, ChatModel::NoticeRole).toString();
    QCOMPARE(notice, turn.notice());
    if (words.isEmpty())
        QVERIFY2(notice.isEmpty(), qPrintable(notice));
    for (const QString &word : std::as_const(words))
        QVERIFY2(notice.contains(word, Qt::CaseInsensitive), qPrintable(notice + u" / missing: "_s + word));
}

QTEST_GUILESS_MAIN(tst_ChatModel)
#include "tst_chatmodel.moc"
