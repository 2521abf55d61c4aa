// Conversation: ids, truncation, lookup, and the request it builds (which turns the server sees).
#include "chat/conversation.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using State = ChatTurn::State;

namespace {

ChatTurn user(const QString &text, const QList<Part> &attachmentParts = {})
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::User;
    turn.text = text;
    turn.attachmentParts = attachmentParts;
    for (qsizetype i = 0; i < attachmentParts.size(); ++i)
        turn.attachments.append(Attachment {u"/tmp/file%1"_s.arg(i), {}, {}, {}});
    return turn;
}

Candidate candidate(const QList<Part> &parts, const QString &finishReason = u"STOP"_s, int index = 0)
{
    Candidate c;
    c.index = index;
    c.content.role = u"model"_s;
    c.content.parts = parts;
    c.finishReason = finishReason;
    return c;
}

ChatTurn model(const QString &text, State state = State::Done)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::Model;
    turn.state = state;
    turn.model = u"gemini-2.5-flash"_s;
    if (!text.isEmpty())
        turn.candidates = {candidate({Part::fromText(text)})};
    return turn;
}

// "u:hello m:hi u:again": each content's role and text, to compare whole histories at a glance.
QString shape(const GenerateContentRequest &request)
{
    QStringList out;
    for (const Content &c : request.contents)
        out.append((c.role == "user"_L1 ? u"u:"_s : u"m:"_s) + c.text());
    return out.join(u' ');
}

// Builds a conversation from "u:text", "m:text" (Done), "m!:text" (Failed), "mb:" (Blocked),
// "ms:text" (Stopped), "mt:text" (Truncated), "mf:text" (Filtered), "mw:" (Waiting), "mx:" (Streaming).
Conversation build(const QStringList &turns)
{
    Conversation c;
    for (const QString &spec : turns) {
        const QString tag = spec.section(u':', 0, 0);
        const QString text = spec.section(u':', 1);
        if (tag == "u"_L1)
            c.append(user(text));
        else if (tag == "m"_L1)
            c.append(model(text));
        else if (tag == "m!"_L1)
            c.append(model(text, State::Failed));
        else if (tag == "mb"_L1)
            c.append(model(text, State::Blocked));
        else if (tag == "ms"_L1)
            c.append(model(text, State::Stopped));
        else if (tag == "mt"_L1)
            c.append(model(text, State::Truncated));
        else if (tag == "mf"_L1)
            c.append(model(text, State::Filtered));
        else if (tag == "mw"_L1)
            c.append(model(text, State::Waiting));
        else if (tag == "mx"_L1)
            c.append(model(text, State::Streaming));
        else
            qFatal("bad turn spec %s", qPrintable(spec));
    }
    return c;
}

} // namespace

class tst_Conversation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idsAreUniqueAndNeverReused();
    void appendKeepsOrSetsTheTime();
    void truncate_data();
    void truncate();
    void rowOf();
    void request_data();
    void request();
    void requestKeepsTheTemplate();
    void attachmentPartsComeBeforeText();
    void thoughtsAndSignaturesGoBackVerbatim();
    void chosenCandidateGoesIn();
};

void tst_Conversation::idsAreUniqueAndNeverReused()
{
    Conversation c;
    QVERIFY(c.isEmpty());
    ChatTurn withId = user(u"a"_s);
    withId.id = 999; // the conversation assigns ids, whatever the turn says
    QCOMPARE(c.append(withId), 0);
    QCOMPARE(c.append(model(u"b"_s)), 1);
    QCOMPARE(c.size(), 2);
    const quint64 first = c.at(0).id;
    const quint64 second = c.at(1).id;
    QVERIFY(first != 0);
    QVERIFY(first != 999);
    QVERIFY(second != first);
    c.truncate(1);
    c.append(model(u"c"_s));
    QVERIFY(c.at(1).id != second); // a removed turn's id is not given out again
    QVERIFY(c.at(1).id != first);
    c.clear();
    QVERIFY(c.isEmpty());
    c.append(user(u"d"_s));
    QVERIFY(c.at(0).id != first && c.at(0).id != second);
}

void tst_Conversation::appendKeepsOrSetsTheTime()
{
    Conversation c;
    const QDateTime before = QDateTime::currentDateTimeUtc();
    c.append(user(u"now"_s));
    QVERIFY(c.at(0).created.isValid());
    QVERIFY(c.at(0).created >= before.addSecs(-1));
    ChatTurn old = user(u"then"_s);
    old.created = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    c.append(old);
    QCOMPARE(c.at(1).created, old.created);
}

void tst_Conversation::truncate_data()
{
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("left");
    QTest::newRow("from the start") << 0 << 0;
    QTest::newRow("from the middle") << 2 << 2;
    QTest::newRow("the last one") << 3 << 3;
    QTest::newRow("past the end: nothing") << 4 << 4;
    QTest::newRow("negative: nothing") << -1 << 4;
}

void tst_Conversation::truncate()
{
    QFETCH(int, row);
    QFETCH(int, left);
    Conversation c = build({u"u:a"_s, u"m:b"_s, u"u:c"_s, u"m:d"_s});
    c.truncate(row);
    QCOMPARE(c.size(), left);
}

void tst_Conversation::rowOf()
{
    Conversation c = build({u"u:a"_s, u"m:b"_s, u"u:c"_s});
    for (int row = 0; row < 3; ++row)
        QCOMPARE(c.rowOf(c.at(row).id), row);
    const quint64 gone = c.at(2).id;
    c.truncate(2);
    QCOMPARE(c.rowOf(gone), -1);
    QCOMPARE(c.rowOf(0), -1);
    QCOMPARE(c.rowOf(123456), -1);
}

void tst_Conversation::request_data()
{
    QTest::addColumn<QStringList>("turns");
    QTest::addColumn<QString>("expected");

    QTest::newRow("empty") << QStringList {} << u""_s;
    QTest::newRow("one question") << QStringList {u"u:hi"_s} << u"u:hi"_s;
    QTest::newRow("question being answered") << QStringList {u"u:hi"_s, u"mw:"_s} << u"u:hi"_s;
    QTest::newRow("question being streamed") << QStringList {u"u:hi"_s, u"mx:par"_s} << u"u:hi"_s;
    QTest::newRow("history and a new question")
        << QStringList {u"u:a"_s, u"m:b"_s, u"u:c"_s, u"mw:"_s} << u"u:a m:b u:c"_s;
    QTest::newRow("failed exchange is skipped") << QStringList {u"u:a"_s, u"m!:"_s, u"u:c"_s, u"mw:"_s} << u"u:c"_s;
    QTest::newRow("failed exchange with partial text is skipped")
        << QStringList {u"u:a"_s, u"m:b"_s, u"u:c"_s, u"m!:half"_s, u"u:d"_s} << u"u:a m:b u:d"_s;
    QTest::newRow("blocked exchange is skipped")
        << QStringList {u"u:bad"_s, u"mb:"_s, u"u:good"_s, u"mw:"_s} << u"u:good"_s;
    QTest::newRow("stopped with partial text goes in")
        << QStringList {u"u:a"_s, u"ms:part"_s, u"u:more"_s} << u"u:a m:part u:more"_s;
    QTest::newRow("stopped before anything arrived is skipped")
        << QStringList {u"u:a"_s, u"ms:"_s, u"u:b"_s} << u"u:b"_s;
    QTest::newRow("truncated answer goes in, then continue")
        << QStringList {u"u:a"_s, u"mt:cut"_s, u"u:Continue"_s, u"mw:"_s} << u"u:a m:cut u:Continue"_s;
    QTest::newRow("filtered answer with text goes in")
        << QStringList {u"u:a"_s, u"mf:some"_s, u"u:b"_s} << u"u:a m:some u:b"_s;
    QTest::newRow("user turns in a row collapse to the last")
        << QStringList {u"u:a"_s, u"u:b"_s, u"m:c"_s} << u"u:b m:c"_s;
    QTest::newRow("done history, no trailing question") << QStringList {u"u:a"_s, u"m:b"_s} << u"u:a m:b"_s;
}

void tst_Conversation::request()
{
    QFETCH(QStringList, turns);
    QFETCH(QString, expected);
    const GenerateContentRequest request = build(turns).request();
    QCOMPARE(shape(request), expected);
    // The turns the server sees alternate, starting with the user.
    for (qsizetype i = 0; i < request.contents.size(); ++i)
        QCOMPARE(request.contents.at(i).role, i % 2 == 0 ? u"user"_s : u"model"_s);
}

void tst_Conversation::requestKeepsTheTemplate()
{
    GenerateContentRequest base;
    base.systemInstruction = Content::user(u"Be brief."_s);
    base.systemInstruction->role.clear();
    base.generationConfig.temperature = 0.25;
    base.generationConfig.candidateCount = 2;
    base.safetySettings.append(SafetySetting {u"HARM_CATEGORY_HARASSMENT"_s, u"BLOCK_ONLY_HIGH"_s});
    base.cachedContent = u"cachedContents/abc"_s;
    base.contents = {Content::user(u"stale history, replaced"_s)};

    const Conversation c = build({u"u:a"_s, u"m:b"_s, u"u:c"_s});
    const GenerateContentRequest request = c.request(base);
    QCOMPARE(shape(request), u"u:a m:b u:c"_s);
    GenerateContentRequest expected = base;
    expected.contents = request.contents;
    QCOMPARE(request, expected);
    QCOMPARE(request.toJson().value(u"generationConfig"_s).toObject().value(u"candidateCount"_s).toInt(), 2);
}

void tst_Conversation::attachmentPartsComeBeforeText()
{
    Conversation c;
    const Part image = Part::fromInlineData(u"image/png"_s, QByteArray("\x89PNG", 4));
    const Part file = Part::fromFileData(u"video/mp4"_s, u"https://example.test/v1beta/files/abc"_s);
    c.append(user(u"What is in these?"_s, {image, file}));
    c.append(model({}, State::Waiting));
    const GenerateContentRequest request = c.request();
    QCOMPARE(request.contents.size(), 1);
    const QList<Part> parts = request.contents.first().parts;
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts.at(0), image);
    QCOMPARE(parts.at(1), file);
    QCOMPARE(parts.at(2), Part::fromText(u"What is in these?"_s));

    // Attachments alone (no text) are a question too.
    Conversation only;
    only.append(user({}, {image}));
    QCOMPARE(only.request().contents.size(), 1);
    QCOMPARE(only.request().contents.first().parts, QList<Part> {image});
}

void tst_Conversation::thoughtsAndSignaturesGoBackVerbatim()
{
    Part thought = Part::fromText(u"**Thinking**\n\nAbout it."_s);
    thought.thought = true;
    Part answer = Part::fromText(u"The answer."_s);
    answer.thoughtSignature = u"c2lnbmF0dXJlLWJ5dGVz/+=="_s;
    Part call;
    call.kind = Part::Kind::FunctionCall;
    call.functionName = u"lookup"_s;
    call.functionPayload = QJsonObject {{u"q"_s, u"x"_s}};
    call.thoughtSignature = u"b3RoZXI="_s;

    Conversation c;
    c.append(user(u"q"_s));
    ChatTurn m = model({});
    m.candidates = {candidate({thought, answer, call})};
    c.append(m);
    c.append(user(u"next"_s));
    const GenerateContentRequest request = c.request();
    QCOMPARE(request.contents.size(), 3);
    const Content &history = request.contents.at(1);
    QCOMPARE(history.role, u"model"_s);
    QCOMPARE(history.parts, (QList<Part> {thought, answer, call}));
    // And on the wire: the thought flag and both signatures, unchanged.
    const QJsonArray wire
        = request.toJson().value(u"contents"_s).toArray().at(1).toObject().value(u"parts"_s).toArray();
    QCOMPARE(wire.size(), 3);
    QCOMPARE(wire.at(0).toObject().value(u"thought"_s).toBool(), true);
    QCOMPARE(wire.at(1).toObject().value(u"thoughtSignature"_s).toString(), answer.thoughtSignature);
    QCOMPARE(wire.at(2).toObject().value(u"thoughtSignature"_s).toString(), call.thoughtSignature);
}

void tst_Conversation::chosenCandidateGoesIn()
{
    Conversation c;
    c.append(user(u"q"_s));
    ChatTurn m = model({});
    m.candidates = {candidate({Part::fromText(u"first"_s)}, u"STOP"_s, 0),
        candidate({Part::fromText(u"second"_s)}, u"STOP"_s, 1), candidate({Part::fromText(u"third"_s)}, u"STOP"_s, 2)};
    m.chosenCandidate = 2;
    c.append(m);
    c.append(user(u"next"_s));
    QCOMPARE(shape(c.request()), u"u:q m:third u:next"_s);
    c.at(1).chosenCandidate = 1;
    QCOMPARE(shape(c.request()), u"u:q m:second u:next"_s);
    c.at(1).chosenCandidate = 7; // out of range: the nearest there is
    QCOMPARE(shape(c.request()), u"u:q m:third u:next"_s);
}

QTEST_GUILESS_MAIN(tst_Conversation)
#include "tst_conversation.moc"
