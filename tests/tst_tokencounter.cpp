#include "chat/tokencounter.h"
#include "replybuilder.h"
#include "support/clientfixture.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

using Count = TokenCounter::Count;

namespace {

const QString Model = u"gemini-2.5-flash"_s;
constexpr int ShortDebounceMs = 20;

// What the fake server counts for a normalized request (contents, systemInstruction, tools).
qint64 served(const QJsonObject &request)
{
    return ReplyBuilder::promptUsage(request).total;
}

qint64 servedText(const QString &text)
{
    return ReplyBuilder::textTokens(text.size());
}

QJsonObject draftBody(const QString &text)
{
    return QJsonObject {{u"contents"_s,
        QJsonArray {QJsonObject {{u"role"_s, u"user"_s}, {u"parts"_s, QJsonArray {QJsonObject {{u"text"_s, text}}}}}}}};
}

GenerateContentRequest history()
{
    GenerateContentRequest r;
    r.contents = {Content::user(u"What is the tallest mountain on Earth?"_s),
        Content::model(u"Mount Everest, at 8,849 metres above sea level."_s)};
    r.systemInstruction = Content {QString(), {Part::fromText(u"Answer briefly, like a geography teacher."_s)}};
    return r;
}

struct Counter
{
    ClientFixture f;
    TokenCounter counter {f.client.get()};
    QSignalSpy changed {&counter, &TokenCounter::countChanged};
    QSignalSpy failed {&counter, &TokenCounter::failed};
    QSignalSpy counting {&counter, &TokenCounter::countingChanged};

    explicit Counter(int debounceMs = ShortDebounceMs)
    {
        counter.setDebounceMs(debounceMs);
        counter.setModel(Model);
    }
    QList<FakeGeminiServer::Request> countRequests() const { return f.server.requests(u":countTokens"_s); }
    // Waits until nothing is waiting or on its way.
    bool settle()
    {
        return QTest::qWaitFor([this] { return !counter.isCounting(); }, 10000);
    }
};

} // namespace

class tst_tokencounter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void draftAloneAfterDebounce();
    void systemInstructionAlone();
    void systemInstructionAndDraftInOneCall();
    void nothingToCount();
    void firstExchangeSplitsTheCount();
    void toolsAreCounted();
    void typingRecountsOnlyTheDraft();
    void emptyDraftCostsNothing();
    void sameContextSendsNothing();
    void fiveQuickEditsOneRequest();
    void staleReplyIgnored();
    void modelChangeRecountsEverything();
    void errorsKeepTheFigures_data();
    void errorsKeepTheFigures();
    void attachmentsAreEstimated();
    void nothingBlocks();
    void countingChangedOnEdges();
    void noModelNoRequest();
    void hugeDraft();
    void destroyedWhileCounting();
};

void tst_tokencounter::draftAloneAfterDebounce()
{
    Counter c;
    const QString text = u"Hello there, how many tokens is this sentence?"_s;
    c.counter.setDraft(text);
    // Asynchronous: nothing yet, not even a request.
    QCOMPARE(c.counter.count(), Count {});
    QVERIFY(c.counter.isCounting());
    QCOMPARE(c.countRequests().size(), 0);

    QVERIFY(c.changed.wait());
    QCOMPARE(c.counter.count().draftTokens, servedText(text));
    QCOMPARE(c.counter.count().contextTokens, qint64(0));
    QCOMPARE(c.counter.count().total(), servedText(text));
    QCOMPARE(c.changed.last().first().value<Count>(), c.counter.count());
    QVERIFY(c.settle());
    const auto requests = c.countRequests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().json(), draftBody(text));
    QVERIFY(requests.first().path.contains(u"models/gemini-2.5-flash:countTokens"_s));
    QCOMPARE(c.counter.lastError().kind, ApiError::Kind::None);
}

void tst_tokencounter::systemInstructionAlone()
{
    Counter c;
    GenerateContentRequest context;
    context.systemInstruction = Content {QString(), {Part::fromText(u"You are a pirate. Speak like one."_s)}};
    c.counter.setContext(context);
    QVERIFY(c.changed.wait());
    QVERIFY(c.settle());
    const auto requests = c.countRequests();
    QCOMPARE(requests.size(), 1);
    // The instruction stands in as the one user content (counted once): with no tools that is the
    // plain contents form.
    QCOMPARE(requests.first().json(), draftBody(u"You are a pirate. Speak like one."_s));
    QCOMPARE(c.counter.count().contextTokens, servedText(u"You are a pirate. Speak like one."_s));
    QCOMPARE(c.counter.count().draftTokens, qint64(0));
}

void tst_tokencounter::systemInstructionAndDraftInOneCall()
{
    Counter c;
    GenerateContentRequest context;
    context.systemInstruction = Content {QString(), {Part::fromText(u"Be terse."_s)}};
    context.generationConfig.temperature = 0.5;
    context.safetySettings = {{u"HARM_CATEGORY_HARASSMENT"_s, u"OFF"_s}};
    c.counter.setContext(context);
    c.counter.setDraft(u"Tell me about owls."_s);
    QVERIFY(c.changed.wait());
    QVERIFY(c.settle());
    const auto requests = c.countRequests();
    QCOMPARE(requests.size(), 1);
    const QJsonObject inner = requests.first().json().value(u"generateContentRequest"_s).toObject();
    QCOMPARE(inner.value(u"model"_s).toString(), u"models/gemini-2.5-flash"_s);
    QVERIFY(inner.contains(u"systemInstruction"_s));
    QVERIFY(!inner.contains(u"safetySettings"_s));
    QCOMPARE(inner.value(u"contents"_s).toArray().size(), 1);
    QCOMPARE(c.counter.count().contextTokens, served(inner));
    QCOMPARE(c.counter.count().draftTokens, qint64(0));
    QCOMPARE(c.counter.count().total(), servedText(u"Be terse."_s + u"Tell me about owls."_s));
}

void tst_tokencounter::nothingToCount()
{
    Counter c;
    GenerateContentRequest context;
    context.generationConfig.temperature = 1.0; // not counted, and no content to count it with
    c.counter.setContext(context);
    c.counter.setDraft(QString());
    QVERIFY(c.counter.isCounting()); // the debounce runs
    QVERIFY(c.settle());
    QCOMPARE(c.countRequests().size(), 0);
    QCOMPARE(c.counter.count(), Count {});
    QCOMPARE(c.failed.size(), 0);
}

void tst_tokencounter::firstExchangeSplitsTheCount()
{
    Counter c;
    GenerateContentRequest context;
    context.systemInstruction = history().systemInstruction;
    c.counter.setContext(context);
    c.counter.setDraft(u"What is the tallest mountain on Earth?"_s);
    QVERIFY(c.settle());
    QCOMPARE(c.countRequests().size(), 1); // empty history: one call
    QCOMPARE(c.counter.count().draftTokens, qint64(0));

    // The exchange happened: the history is the context now, the draft is counted on its own.
    c.f.server.clearRequests();
    c.counter.setContext(history());
    c.counter.setDraft(u"And the second?"_s);
    QVERIFY(c.settle());
    QCOMPARE(c.countRequests().size(), 2);
    QCOMPARE(c.counter.count().contextTokens, served(history().toJson()));
    QCOMPARE(c.counter.count().draftTokens, servedText(u"And the second?"_s));

    // A new conversation: back to one call.
    c.f.server.clearRequests();
    c.counter.setContext(context);
    QVERIFY(c.settle());
    QCOMPARE(c.countRequests().size(), 1);
    QCOMPARE(c.counter.count().draftTokens, qint64(0));
    QCOMPARE(c.counter.count().contextTokens, servedText(context.systemInstruction->text() + u"And the second?"_s));
}

void tst_tokencounter::toolsAreCounted()
{
    Counter c;
    GenerateContentRequest context;
    context.systemInstruction = Content {QString(), {Part::fromText(u"Use tools when useful."_s)}};
    context.tools.codeExecution = true;
    c.counter.setContext(context);
    QVERIFY(c.settle());
    const auto requests = c.countRequests();
    QCOMPARE(requests.size(), 1);
    const QJsonObject inner = requests.first().json().value(u"generateContentRequest"_s).toObject();
    QCOMPARE(inner.value(u"model"_s).toString(), u"models/gemini-2.5-flash"_s);
    QVERIFY(inner.contains(u"tools"_s));
    QVERIFY(!inner.contains(u"systemInstruction"_s)); // it is the content, counted once
    QCOMPARE(c.counter.count().contextTokens, served(inner));
    QVERIFY(c.counter.count().contextTokens > servedText(u"Use tools when useful."_s));
}

void tst_tokencounter::typingRecountsOnlyTheDraft()
{
    Counter c;
    const GenerateContentRequest context = history();
    c.counter.setContext(context);
    c.counter.setDraft(u"And the second?"_s);
    QVERIFY(c.settle());
    QCOMPARE(c.countRequests().size(), 2);
    QJsonObject counted = context.toJson();
    QCOMPARE(c.counter.count().contextTokens, served(counted));
    QCOMPARE(c.counter.count().draftTokens, servedText(u"And the second?"_s));
    // The context went in the form that counts the system instruction.
    bool sawContext = false;
    for (const auto &request : c.countRequests()) {
        const QJsonObject inner = request.json().value(u"generateContentRequest"_s).toObject();
        if (!inner.isEmpty()) {
            sawContext = true;
            QCOMPARE(inner.value(u"model"_s).toString(), u"models/gemini-2.5-flash"_s);
            QCOMPARE(inner.value(u"contents"_s).toArray().size(), 2);
        }
    }
    QVERIFY(sawContext);

    const qint64 contextTokens = c.counter.count().contextTokens;
    c.f.server.clearRequests();
    const QStringList edits = {u"And the second"_s, u"And the second highest"_s, u"And the second highest one?"_s};
    for (const QString &edit : edits) {
        c.counter.setDraft(edit);
        QVERIFY(c.settle());
    }
    const auto requests = c.countRequests();
    QCOMPARE(requests.size(), edits.size());
    for (qsizetype i = 0; i < requests.size(); ++i)
        QCOMPARE(requests.at(i).json(), draftBody(edits.at(i))); // never the history again
    QCOMPARE(c.counter.count().contextTokens, contextTokens);
    QCOMPARE(c.counter.count().draftTokens, servedText(edits.last()));
}

void tst_tokencounter::emptyDraftCostsNothing()
{
    Counter c;
    c.counter.setContext(history());
    c.counter.setDraft(u"Some draft text here"_s);
    QVERIFY(c.settle());
    QVERIFY(c.counter.count().draftTokens > 0);
    c.f.server.clearRequests();
    c.counter.setDraft(QString());
    QVERIFY(c.settle());
    QCOMPARE(c.countRequests().size(), 0);
    QCOMPARE(c.counter.count().draftTokens, qint64(0));
    QVERIFY(c.counter.count().contextTokens > 0);
}

void tst_tokencounter::sameContextSendsNothing()
{
    Counter c;
    GenerateContentRequest context = history();
    c.counter.setContext(context);
    c.counter.setDraft(u"draft"_s);
    QVERIFY(c.settle());
    const Count before = c.counter.count();
    const qsizetype changes = c.changed.size();
    c.f.server.clearRequests();

    c.counter.setContext(context);
    QVERIFY(!c.counter.isCounting()); // not even a debounce
    c.counter.setDraft(u"draft"_s);
    QVERIFY(!c.counter.isCounting());
    context.safetySettings = {{u"HARM_CATEGORY_HATE_SPEECH"_s, u"BLOCK_NONE"_s}}; // not counted
    c.counter.setContext(context);
    QVERIFY(!c.counter.isCounting());
    c.counter.setModel(u" gemini-2.5-flash "_s);
    QVERIFY(!c.counter.isCounting());

    QCOMPARE(c.countRequests().size(), 0);
    QCOMPARE(c.counter.count(), before);
    QCOMPARE(c.changed.size(), changes);

    // A real change of the context is counted, without the draft.
    context.contents.append(Content::user(u"One more question."_s));
    c.counter.setContext(context);
    QVERIFY(c.counter.isCounting());
    QVERIFY(c.settle());
    QCOMPARE(c.countRequests().size(), 1);
    QVERIFY(c.countRequests().first().json().contains(u"generateContentRequest"_s));
    QVERIFY(c.counter.count().contextTokens > before.contextTokens);
}

void tst_tokencounter::fiveQuickEditsOneRequest()
{
    Counter c(TokenCounter::DefaultDebounceMs);
    const QStringList edits = {u"H"_s, u"He"_s, u"Hel"_s, u"Hell"_s, u"Hello, world"_s};
    for (const QString &edit : edits) {
        c.counter.setDraft(edit);
        QCoreApplication::processEvents(); // far less than the debounce between keystrokes
    }
    QCOMPARE(c.countRequests().size(), 0);
    QVERIFY(c.changed.wait(5000));
    QVERIFY(c.settle());
    const auto requests = c.countRequests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().json(), draftBody(edits.last()));
    QCOMPARE(c.counter.count().draftTokens, servedText(edits.last()));
}

// The fake server answers countTokens at once, so the change is made while the first request is at
// the server: its reply must never show.
void tst_tokencounter::staleReplyIgnored()
{
    Counter c;
    const QString old = u"old"_s;                                                      // 1 token
    const QString newer = u"a much longer draft that the user typed afterwards, ok"_s; // 14 tokens
    QVERIFY(servedText(old) != servedText(newer));
    bool changedInFlight = false;
    connect(&c.f.server, &FakeGeminiServer::requestReceived, this, [&](const FakeGeminiServer::Request &request) {
        if (!changedInFlight && request.path.contains(u":countTokens"_s)) {
            changedInFlight = true;
            c.counter.setDraft(newer);
        }
    });
    c.counter.setDraft(old);
    QTRY_VERIFY(changedInFlight);
    QVERIFY(c.settle());
    QCOMPARE(c.counter.count().draftTokens, servedText(newer));
    QVERIFY(c.changed.size() >= 1);
    for (const QList<QVariant> &args : std::as_const(c.changed))
        QCOMPARE(args.first().value<Count>().draftTokens, servedText(newer));
    QCOMPARE(c.failed.size(), 0); // the cancel is not an error
    QCOMPARE(c.countRequests().size(), 2);
    QCOMPARE(c.countRequests().last().json(), draftBody(newer));
}

void tst_tokencounter::modelChangeRecountsEverything()
{
    Counter c;
    c.counter.setContext(history());
    c.counter.setDraft(u"draft text"_s);
    QVERIFY(c.settle());
    c.f.server.clearRequests();
    c.counter.setModel(u"gemini-2.5-pro"_s);
    QVERIFY(c.settle());
    const auto requests = c.countRequests();
    QCOMPARE(requests.size(), 2);
    for (const auto &request : requests)
        QVERIFY2(request.path.contains(u"models/gemini-2.5-pro:countTokens"_s), qPrintable(request.path));
    QCOMPARE(c.counter.count().contextTokens, served(history().toJson()));
}

void tst_tokencounter::errorsKeepTheFigures_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<double>("temperature"); // < 0: unset
    QTest::addColumn<int>("kindValue");      // ApiError::Kind
    QTest::addColumn<int>("httpStatus");
    QTest::newRow("unknown model") << u"no-such-model"_s << -1.0 << int(ApiError::Kind::NotFound) << 404;
    QTest::newRow("model without countTokens")
        << u"imagen-4.0-generate-001"_s << -1.0 << int(ApiError::Kind::NotFound) << 404;
    QTest::newRow("rejected setting") << Model << 3.0 << int(ApiError::Kind::InvalidRequest) << 400;
}

void tst_tokencounter::errorsKeepTheFigures()
{
    QFETCH(QString, model);
    QFETCH(double, temperature);
    QFETCH(int, kindValue);
    const auto kind = static_cast<ApiError::Kind>(kindValue);
    QFETCH(int, httpStatus);

    Counter c;
    GenerateContentRequest context = history();
    c.counter.setContext(context);
    c.counter.setDraft(u"Which is second?"_s);
    QVERIFY(c.settle());
    const Count before = c.counter.count();
    QVERIFY(before.total() > 0);

    if (temperature >= 0) {
        context.generationConfig.temperature = temperature;
        c.counter.setContext(context);
    }
    c.counter.setModel(model);
    QVERIFY(c.failed.wait());
    QVERIFY(c.settle());
    QCOMPARE(c.counter.lastError().kind, kind);
    QCOMPARE(c.counter.lastError().httpStatus, httpStatus);
    QCOMPARE(c.failed.last().first().value<ApiError>().kind, kind);
    if (temperature < 0)
        QCOMPARE(c.counter.count(), before); // every call failed: nothing moved
    else
        QCOMPARE(c.counter.count().contextTokens, before.contextTokens); // only the draft could be counted
    QVERIFY(!c.counter.isCounting());
    QCOMPARE(c.counting.last().first().toBool(), false);

    // Back to a good state: the figures come, the error goes.
    context.generationConfig.temperature.reset();
    c.counter.setContext(context);
    c.counter.setModel(Model);
    QVERIFY(c.settle());
    QCOMPARE(c.counter.lastError().kind, ApiError::Kind::None);
    QCOMPARE(c.counter.count(), before);
}

void tst_tokencounter::attachmentsAreEstimated()
{
    Counter c;
    c.counter.setDraft(u"Describe this photo."_s, 258);
    // The estimate is local: it shows at once.
    QCOMPARE(c.counter.count().attachmentTokens, qint64(258));
    QVERIFY(c.counter.count().estimated);
    QCOMPARE(c.changed.size(), 1);
    QVERIFY(c.settle());
    QCOMPARE(c.counter.count().total(), servedText(u"Describe this photo."_s) + 258);
    QVERIFY(c.counter.count().estimated);

    c.f.server.clearRequests();
    c.counter.setDraft(u"Describe this photo."_s, 0); // the attachment was removed
    QVERIFY(!c.counter.isCounting());
    QCOMPARE(c.counter.count().attachmentTokens, qint64(0));
    QVERIFY(!c.counter.count().estimated);
    QCOMPARE(c.counter.count().total(), servedText(u"Describe this photo."_s));
    c.counter.setDraft(u"Describe this photo."_s, -5); // nonsense is no attachment
    QCOMPARE(c.counter.count().attachmentTokens, qint64(0));
    QCOMPARE(c.countRequests().size(), 0);

    // Attachments with no text at all still count.
    c.counter.setDraft(QString(), 1000);
    QVERIFY(c.settle());
    QCOMPARE(c.counter.count(), (Count {0, 0, 1000, true}));
}

void tst_tokencounter::nothingBlocks()
{
    Counter c;
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(1);
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start();
    int ticksAtChange = -1;
    connect(&c.counter, &TokenCounter::countChanged, this, [&] { ticksAtChange = ticks; });
    c.counter.setContext(history());
    c.counter.setDraft(u"Is the event loop still running?"_s);
    QCOMPARE(ticksAtChange, -1); // nothing was counted synchronously
    QVERIFY(c.settle());
    QVERIFY(ticksAtChange > 0); // the timer ticked while the count was on its way
}

void tst_tokencounter::countingChangedOnEdges()
{
    Counter c;
    c.counter.setDraft(u"a"_s);
    c.counter.setDraft(u"ab"_s);
    c.counter.setDraft(u"abc"_s);
    QCOMPARE(c.counting.size(), 1);
    QCOMPARE(c.counting.first().first().toBool(), true);
    QVERIFY(c.settle());
    QCOMPARE(c.counting.size(), 2);
    QCOMPARE(c.counting.last().first().toBool(), false);
}

void tst_tokencounter::noModelNoRequest()
{
    ClientFixture f;
    TokenCounter counter(f.client.get());
    counter.setDebounceMs(ShortDebounceMs);
    counter.setContext(history());
    counter.setDraft(u"text"_s);
    QVERIFY(QTest::qWaitFor([&] { return !counter.isCounting(); }, 10000));
    QCOMPARE(f.server.requests(u":countTokens"_s).size(), 0);
    QCOMPARE(counter.count(), Count {});
    // The model arrives: everything is counted.
    QSignalSpy changed(&counter, &TokenCounter::countChanged);
    counter.setModel(Model);
    QVERIFY(QTest::qWaitFor([&] { return !counter.isCounting(); }, 10000));
    QCOMPARE(f.server.requests(u":countTokens"_s).size(), 2);
    QCOMPARE(counter.count().draftTokens, servedText(u"text"_s));
}

void tst_tokencounter::hugeDraft()
{
    Counter c;
    const QString text = u"word "_s.repeated(100000); // 500 000 characters
    c.counter.setDraft(text);
    QVERIFY(c.settle());
    QCOMPARE(c.counter.count().draftTokens, servedText(text));
    QCOMPARE(c.failed.size(), 0);
}

void tst_tokencounter::destroyedWhileCounting()
{
    ClientFixture f;
    auto counter = std::make_unique<TokenCounter>(f.client.get());
    counter->setDebounceMs(0);
    counter->setModel(Model);
    counter->setDraft(u"going away"_s);
    QTRY_VERIFY(f.server.requests(u":countTokens"_s).size() == 1);
    counter.reset(); // with its call in flight: no crash, no callback into a dead object
    // The client is still usable.
    GenerateContentRequest r = GenerateContentRequest::fromPrompt(u"still there?"_s);
    TokenCount result;
    ApiError error;
    bool done = false;
    f.client->countTokens(Model, r, this, [&](const TokenCount &value, const ApiError &e) {
        result = value;
        error = e;
        done = true;
    });
    QTRY_VERIFY(done);
    QVERIFY(!error.isError());
    QCOMPARE(result.totalTokens, servedText(u"still there?"_s));
}

QTEST_GUILESS_MAIN(tst_tokencounter)
#include "tst_tokencounter.moc"
