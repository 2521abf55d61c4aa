// TitleWriter: clean() over a table of what models answer (and what hostile answers look like), the
// request it builds per model, and write() against the fake server: the request the server got,
// titled() with its answer, failed() on errors, cancel on destruction, several at once.
#include "chat/titlewriter.h"
#include "support/clientfixture.h"

#include <QJsonArray>
#include <QSignalSpy>

#include <memory>

using namespace Qt::StringLiterals;
using Script = FakeGeminiServer::Script;

namespace {

Script reply(const QString &text, int delayMs = 0)
{
    Script s;
    s.replyText = text;
    s.delayBeforeHeadersMs = delayMs;
    return s;
}

QString systemText(const QJsonObject &body)
{
    const QJsonArray parts = body.value(u"systemInstruction"_s).toObject().value(u"parts"_s).toArray();
    return parts.isEmpty() ? QString() : parts.first().toObject().value(u"text"_s).toString();
}

QString promptText(const QJsonObject &body)
{
    QString out;
    for (const QJsonValue &content : body.value(u"contents"_s).toArray()) {
        for (const QJsonValue &part : content.toObject().value(u"parts"_s).toArray())
            out += part.toObject().value(u"text"_s).toString();
    }
    return out;
}

} // namespace

class tst_TitleWriter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clean_data();
    void clean();
    void cleanKeepsWithinLimit();
    void requestPerModel_data();
    void requestPerModel();
    void requestCutsLongInput();
    void titledWithTheServersAnswer();
    void titledFromTheDefaultProse();
    void failsOnServerError();
    void failsOnUnusableAnswer();
    void failsWithoutAClientOrPrompt();
    void cancelledOnDestruction();
    void severalConversationsAtOnce();
    void newerRequestReplacesOlder();
};

void tst_TitleWriter::clean_data()
{
    QTest::addColumn<QString>("answer");
    QTest::addColumn<QString>("title");

    QTest::newRow("plain") << u"Planning a trip to Lisbon"_s << u"Planning a trip to Lisbon"_s;
    QTest::newRow("surrounding spaces") << u"  \t Planning a trip \n"_s << u"Planning a trip"_s;
    QTest::newRow("double quotes") << u"\"Planning a trip\""_s << u"Planning a trip"_s;
    QTest::newRow("single quotes") << u"'Planning a trip'"_s << u"Planning a trip"_s;
    QTest::newRow("curly quotes") << u"“Planning a trip”"_s << u"Planning a trip"_s;
    QTest::newRow("guillemets") << u"« Voyage à Lisbonne »"_s << u"Voyage à Lisbonne"_s;
    QTest::newRow("cjk quotes") << u"「東京旅行の計画」"_s << u"東京旅行の計画"_s;
    QTest::newRow("inner quotes stay") << u"The \"best\" pasta"_s << u"The \"best\" pasta"_s;
    QTest::newRow("Title: prefix") << u"Title: Planning a trip"_s << u"Planning a trip"_s;
    QTest::newRow("title: lower case") << u"title:Planning a trip"_s << u"Planning a trip"_s;
    QTest::newRow("Titel: German") << u"Titel: Reiseplanung"_s << u"Reiseplanung"_s;
    QTest::newRow("bold") << u"**Planning a trip**"_s << u"Planning a trip"_s;
    QTest::newRow("bold title label") << u"**Title:** Planning a trip"_s << u"Planning a trip"_s;
    QTest::newRow("italic") << u"*Planning a trip*"_s << u"Planning a trip"_s;
    QTest::newRow("heading") << u"## Planning a trip"_s << u"Planning a trip"_s;
    QTest::newRow("code") << u"`Planning a trip`"_s << u"Planning a trip"_s;
    QTest::newRow("list item") << u"- Planning a trip"_s << u"Planning a trip"_s;
    QTest::newRow("trailing period") << u"Planning a trip."_s << u"Planning a trip"_s;
    QTest::newRow("trailing ellipsis") << u"Planning a trip…"_s << u"Planning a trip"_s;
    QTest::newRow("trailing question mark") << u"Why is the sky blue?"_s << u"Why is the sky blue"_s;
    QTest::newRow("quotes and period") << u"\"Planning a trip.\""_s << u"Planning a trip"_s;
    QTest::newRow("closing bracket stays") << u"Sorting in C++ (std::sort)"_s << u"Sorting in C++ (std::sort)"_s;
    QTest::newRow("inner period stays") << u"Node.js streams"_s << u"Node.js streams"_s;
    QTest::newRow("several lines") << u"Planning a trip\nThis title fits because…"_s << u"Planning a trip"_s;
    QTest::newRow("blank lines first") << u"\n\n  \nPlanning a trip\n"_s << u"Planning a trip"_s;
    QTest::newRow("label on its own line") << u"Title:\nPlanning a trip"_s << u"Planning a trip"_s;
    QTest::newRow("introduction line") << u"Here is a title:\n\n**Planning a trip**"_s << u"Planning a trip"_s;
    QTest::newRow("introduction only") << u"Planning a trip:"_s << u"Planning a trip"_s;
    QTest::newRow("crlf") << u"Planning a trip\r\nmore"_s << u"Planning a trip"_s;
    QTest::newRow("inner whitespace collapsed") << u"Planning   a\ttrip"_s << u"Planning a trip"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("only spaces") << u"   \n\t "_s << QString();
    QTest::newRow("only punctuation") << u"...?!—"_s << QString();
    QTest::newRow("only quotes and stars") << u"\"**\"''"_s << QString();
    QTest::newRow("only a label") << u"Title:"_s << QString();
    QTest::newRow("control characters") << u"Plan\u0007ning\u0000 a trip"_s << u"Planning a trip"_s;
    QTest::newRow("rtl arabic") << u"«تخطيط رحلة إلى لشبونة»."_s << u"تخطيط رحلة إلى لشبونة"_s;
    QTest::newRow("rtl hebrew with marks") << u"\u200Fתכנון טיול\u200F."_s << u"תכנון טיול"_s;
    QTest::newRow("bidi override removed") << u"\u202Eevil\u202C title"_s << u"evil title"_s;
    QTest::newRow("emoji kept") << u"🚀 Launch plan 🎉"_s << u"🚀 Launch plan 🎉"_s;
    QTest::newRow("emoji with joiner") << u"👩‍💻 Coding help"_s << u"👩‍💻 Coding help"_s;
    QTest::newRow("emoji only") << u"🎉"_s << u"🎉"_s;
    QTest::newRow("numbers only") << u"2024"_s << u"2024"_s;
}

void tst_TitleWriter::clean()
{
    QFETCH(QString, answer);
    QFETCH(QString, title);
    QCOMPARE(TitleWriter::clean(answer), title);
}

void tst_TitleWriter::cleanKeepsWithinLimit()
{
    // 1000 characters of words: cut at a word boundary, within MaxChars.
    QString words;
    while (words.size() < 1000)
        words += u"lorem ipsum dolor "_s;
    words.truncate(1000);
    const QString title = TitleWriter::clean(words);
    QVERIFY(!title.isEmpty());
    QVERIFY(title.size() <= TitleWriter::MaxChars);
    QVERIFY(title.size() >= TitleWriter::MaxChars / 2);
    QVERIFY2(words.startsWith(title), qPrintable(title));
    QVERIFY(!title.endsWith(u' '));

    // One 1000-character word: cut hard.
    const QString long1 = TitleWriter::clean(QString(1000, u'x'));
    QCOMPARE(long1, QString(TitleWriter::MaxChars, u'x'));

    // Emoji across the cut: never half a surrogate pair.
    QString emoji;
    for (int i = 0; i < 500; ++i)
        emoji += u"😀"_s;
    const QString cut = TitleWriter::clean(emoji);
    QVERIFY(cut.size() <= TitleWriter::MaxChars);
    QVERIFY(!cut.isEmpty());
    QVERIFY(!cut.back().isHighSurrogate());
    QCOMPARE(cut.toUcs4().size() * 2, cut.size());

    // A huge answer with no line breaks, and one with many lines.
    QVERIFY(TitleWriter::clean(QString(2'000'000, u'y')).size() <= TitleWriter::MaxChars);
    QCOMPARE(TitleWriter::clean(QString(100'000, u'\n') + u"Found"_s), u"Found"_s);
}

void tst_TitleWriter::requestPerModel_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("thinkingOff");
    QTest::addColumn<int>("maxOutputTokens");

    QTest::newRow("2.5 flash") << u"gemini-2.5-flash"_s << true << int(TitleWriter::MaxOutputTokens);
    QTest::newRow("2.5 flash-lite") << u"gemini-2.5-flash-lite"_s << true << int(TitleWriter::MaxOutputTokens);
    QTest::newRow("2.5 flash preview") << u"gemini-2.5-flash-preview-09-2025"_s << true
                                       << int(TitleWriter::MaxOutputTokens);
    QTest::newRow("models/ prefix") << u"models/gemini-2.5-flash"_s << true << int(TitleWriter::MaxOutputTokens);
    QTest::newRow("flash latest") << u"gemini-flash-latest"_s << true << int(TitleWriter::MaxOutputTokens);
    QTest::newRow("2.5 pro") << u"gemini-2.5-pro"_s << false << int(TitleWriter::ThinkingMaxOutputTokens);
    QTest::newRow("3 pro") << u"gemini-3-pro-preview"_s << false << int(TitleWriter::ThinkingMaxOutputTokens);
    QTest::newRow("2.0 flash") << u"gemini-2.0-flash"_s << false << int(TitleWriter::MaxOutputTokens);
    QTest::newRow("gemma") << u"gemma-3-27b-it"_s << false << int(TitleWriter::MaxOutputTokens);
}

void tst_TitleWriter::requestPerModel()
{
    QFETCH(QString, model);
    QFETCH(bool, thinkingOff);
    QFETCH(int, maxOutputTokens);
    QCOMPARE(TitleWriter::canTurnOffThinking(model), thinkingOff);
    const QJsonObject json = TitleWriter::request(model, u"Hello"_s, u"Hi there"_s).toJson();
    const QJsonObject config = json.value(u"generationConfig"_s).toObject();
    QCOMPARE(config.value(u"maxOutputTokens"_s).toInt(), maxOutputTokens);
    QCOMPARE(config.value(u"temperature"_s).toDouble(), 0.3);
    QCOMPARE(config.contains(u"thinkingConfig"_s), thinkingOff);
    if (thinkingOff)
        QCOMPARE(config.value(u"thinkingConfig"_s).toObject(), (QJsonObject {{u"thinkingBudget"_s, 0}}));
    QCOMPARE(systemText(json), TitleWriter::instruction());
    QCOMPARE(json.value(u"contents"_s).toArray().size(), 1);
    QCOMPARE(json.value(u"contents"_s).toArray().first().toObject().value(u"role"_s).toString(), u"user"_s);
}

void tst_TitleWriter::requestCutsLongInput()
{
    const QString prompt = QString(50'000, u'p');
    const QString answer = QString(50'000, u'a');
    const QString text = promptText(TitleWriter::request(u"gemini-2.5-flash"_s, prompt, answer).toJson());
    QCOMPARE(text.count(u'p'), TitleWriter::MaxInputChars);
    QCOMPARE(text.count(u'a') - QStringLiteral("The conversation starts like this.").count(u'a'),
        TitleWriter::MaxInputChars);
    // No answer yet: only the prompt.
    const QString promptOnly = promptText(TitleWriter::request(u"gemini-2.5-flash"_s, u"Hi"_s, {}).toJson());
    QVERIFY(promptOnly.contains(u"Hi"_s));
    QVERIFY(!promptOnly.contains(u"[Model]"_s));
}

void tst_TitleWriter::titledWithTheServersAnswer()
{
    ClientFixture f;
    TitleWriter writer(f.client.get());
    QSignalSpy titled(&writer, &TitleWriter::titled);
    QSignalSpy failed(&writer, &TitleWriter::failed);
    f.server.enqueue(reply(u"\"Weekend in Lisbon.\"\nBecause the user asks about Lisbon."_s));

    writer.write(42, u"gemini-2.5-flash"_s, u"What should I see in Lisbon over a weekend?"_s,
        u"Start with Alfama and the castle."_s);
    QCOMPARE(titled.size(), 0); // never inside the call
    QCOMPARE(writer.inFlight(), 1);
    QVERIFY(titled.wait(10000));
    QCOMPARE(titled.size(), 1);
    QCOMPARE(titled.first().at(0).toLongLong(), 42);
    QCOMPARE(titled.first().at(1).toString(), u"Weekend in Lisbon"_s);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(writer.inFlight(), 0);

    const QList<FakeGeminiServer::Request> requests = f.server.requests(u":generateContent"_s);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().path, u"/v1beta/models/gemini-2.5-flash:generateContent"_s);
    const QJsonObject body = requests.first().json();
    QCOMPARE(systemText(body), TitleWriter::instruction());
    QVERIFY(systemText(body).contains(u"3 to 6 words"_s));
    const QJsonObject config = body.value(u"generationConfig"_s).toObject();
    QCOMPARE(config.value(u"maxOutputTokens"_s).toInt(), 24);
    QCOMPARE(config.value(u"thinkingConfig"_s).toObject().value(u"thinkingBudget"_s).toInt(-1), 0);
    const QString prompt = promptText(body);
    QVERIFY2(prompt.contains(u"What should I see in Lisbon over a weekend?"_s), qPrintable(prompt));
    QVERIFY2(prompt.contains(u"Start with Alfama and the castle."_s), qPrintable(prompt));
    QVERIFY(!requests.first().query.hasQueryItem(u"alt"_s)); // unary, not streamed
}

void tst_TitleWriter::titledFromTheDefaultProse()
{
    // Without a script the fake server writes its own prose (several lines): the first line makes it.
    ClientFixture f;
    TitleWriter writer(f.client.get());
    QSignalSpy titled(&writer, &TitleWriter::titled);
    writer.write(7, u"gemini-2.5-pro"_s, u"Explain monads"_s, u"A monad is…"_s);
    QVERIFY(titled.wait(10000));
    const QString title = titled.first().at(1).toString();
    QVERIFY(!title.isEmpty());
    QVERIFY(title.size() <= TitleWriter::MaxChars);
    QVERIFY(!title.contains(u'\n'));
    const QJsonObject config
        = f.server.requests(u":generateContent"_s).first().json().value(u"generationConfig"_s).toObject();
    QVERIFY(!config.contains(u"thinkingConfig"_s)); // a Pro model cannot turn thinking off
}

void tst_TitleWriter::failsOnServerError()
{
    ClientFixture f;
    TitleWriter writer(f.client.get());
    QSignalSpy titled(&writer, &TitleWriter::titled);
    QSignalSpy failed(&writer, &TitleWriter::failed);
    Script error;
    error.httpStatus = 500;
    f.server.setDefaultScript(error); // retries get the same
    writer.write(3, u"gemini-2.5-flash"_s, u"Hello"_s, u"Hi"_s);
    QVERIFY(f.driveRetries([&] { return !failed.isEmpty(); }));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().first().toLongLong(), 3);
    QCOMPARE(titled.size(), 0);
    QCOMPARE(writer.inFlight(), 0);
}

void tst_TitleWriter::failsOnUnusableAnswer()
{
    ClientFixture f;
    TitleWriter writer(f.client.get());
    QSignalSpy titled(&writer, &TitleWriter::titled);
    QSignalSpy failed(&writer, &TitleWriter::failed);
    f.server.enqueue(reply(u"\"...\""_s));
    writer.write(5, u"gemini-2.5-flash"_s, u"Hello"_s, u"Hi"_s);
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.first().first().toLongLong(), 5);
    QCOMPARE(titled.size(), 0);

    // A blocked prompt has no answer at all.
    Script blocked;
    blocked.blockPrompt = true;
    f.server.enqueue(blocked);
    writer.write(6, u"gemini-2.5-flash"_s, u"Hello"_s, u"Hi"_s);
    QVERIFY(failed.wait(10000));
    QCOMPARE(failed.last().first().toLongLong(), 6);
    QCOMPARE(titled.size(), 0);
}

void tst_TitleWriter::failsWithoutAClientOrPrompt()
{
    TitleWriter orphan(nullptr);
    QSignalSpy failed(&orphan, &TitleWriter::failed);
    orphan.write(1, u"gemini-2.5-flash"_s, u"Hello"_s, u"Hi"_s);
    QCOMPARE(failed.size(), 0); // never inside the call
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().first().toLongLong(), 1);

    ClientFixture f;
    TitleWriter writer(f.client.get());
    QSignalSpy failed2(&writer, &TitleWriter::failed);
    writer.write(2, u"gemini-2.5-flash"_s, u"   "_s, u"Hi"_s);
    writer.write(3, QString(), u"Hello"_s, u"Hi"_s);
    QTRY_COMPARE(failed2.size(), 2);
    QCOMPARE(f.server.requests().size(), 0);
}

void tst_TitleWriter::cancelledOnDestruction()
{
    ClientFixture f;
    auto writer = std::make_unique<TitleWriter>(f.client.get());
    QSignalSpy titled(writer.get(), &TitleWriter::titled);
    QSignalSpy failed(writer.get(), &TitleWriter::failed);
    f.server.enqueue(reply(u"Too late"_s, 1000));
    writer->write(9, u"gemini-2.5-flash"_s, u"Hello"_s, u"Hi"_s);
    QTRY_COMPARE(f.server.requests(u":generateContent"_s).size(), 1); // on the wire
    writer.reset();
    QCOMPARE(titled.size(), 0);
    QCOMPARE(failed.size(), 0);
    QTest::qWait(1300); // the answer would have come by now; nothing may reach a destroyed writer
    QCOMPARE(titled.size(), 0);
}

void tst_TitleWriter::severalConversationsAtOnce()
{
    ClientFixture f;
    TitleWriter writer(f.client.get());
    QSignalSpy titled(&writer, &TitleWriter::titled);
    QSignalSpy failed(&writer, &TitleWriter::failed);
    // Answers in request order; the first is the slowest, so they end out of order.
    f.server.enqueue(reply(u"Alpha title"_s, 600));
    f.server.enqueue(reply(u"Beta title"_s, 300));
    f.server.enqueue(reply(u"Gamma title"_s));
    writer.write(1, u"gemini-2.5-flash"_s, u"first"_s, u"a"_s);
    QTRY_COMPARE(f.server.requests(u":generateContent"_s).size(), 1);
    writer.write(2, u"gemini-2.5-flash-lite"_s, u"second"_s, u"b"_s);
    QTRY_COMPARE(f.server.requests(u":generateContent"_s).size(), 2);
    writer.write(3, u"gemini-2.5-flash"_s, u"third"_s, u"c"_s);
    QVERIFY(writer.inFlight() >= 1); // the third at least: nothing ends inside write()
    QTRY_COMPARE_WITH_TIMEOUT(titled.size(), 3, 10000);
    QCOMPARE(failed.size(), 0);
    QHash<qint64, QString> byId;
    for (const QList<QVariant> &args : std::as_const(titled))
        byId.insert(args.at(0).toLongLong(), args.at(1).toString());
    QCOMPARE(byId.value(1), u"Alpha title"_s);
    QCOMPARE(byId.value(2), u"Beta title"_s);
    QCOMPARE(byId.value(3), u"Gamma title"_s);
    QCOMPARE(writer.inFlight(), 0);
}

void tst_TitleWriter::newerRequestReplacesOlder()
{
    ClientFixture f;
    TitleWriter writer(f.client.get());
    QSignalSpy titled(&writer, &TitleWriter::titled);
    QSignalSpy failed(&writer, &TitleWriter::failed);
    f.server.enqueue(reply(u"Old title"_s, 1000));
    f.server.enqueue(reply(u"New title"_s));
    writer.write(4, u"gemini-2.5-flash"_s, u"first"_s, u"a"_s);
    QTRY_COMPARE(f.server.requests(u":generateContent"_s).size(), 1);
    writer.write(4, u"gemini-2.5-flash"_s, u"first, edited"_s, u"b"_s);
    QCOMPARE(writer.inFlight(), 1);
    QCOMPARE(failed.size(), 0); // the older one's end is told later, never inside write()
    QTRY_COMPARE(titled.size(), 1);
    QCOMPARE(titled.first().at(1).toString(), u"New title"_s);
    QCOMPARE(failed.size(), 1); // the older request, once
    QTest::qWait(1100);
    QCOMPARE(titled.size(), 1);
}

QTEST_GUILESS_MAIN(tst_TitleWriter)
#include "tst_titlewriter.moc"
