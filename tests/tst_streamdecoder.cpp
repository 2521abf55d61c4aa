#include "streamdecoder.h"
#include "support/decodehelpers.h"

#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Split)

namespace {
// One SSE event in the wire format of the real server: "data: " + one-line JSON + CRLF CRLF.
QByteArray sse(const QByteArray &json, const QByteArray &terminator = "\r\n\r\n")
{
    return "data: " + json + terminator;
}

QByteArray textChunk(const QString &text, const QByteArray &extra = {})
{
    return R"({"candidates": [{"content": {"parts": [{"text": ")" + text.toUtf8() + R"("}],"role": "model"})" + extra
        + R"(}],"usageMetadata": {"promptTokenCount": 3,"totalTokenCount": 3},"modelVersion": "gemini-2.5-flash","responseId": "abc"})";
}

QByteArray finalChunk(const QString &text, const QByteArray &reason = "STOP")
{
    return textChunk(text, R"(,"finishReason": ")" + reason + R"(")");
}
} // namespace

class tst_StreamDecoder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framings_data();
    void framings();
    void utf8SplitInsideSequence();
    void deltasPerCandidate();
    void usageFromLastChunk();
    void bareErrorAfterEvents_data();
    void bareErrorAfterEvents();
    void arrayWrappedError();
    void dataEventWithErrorObject();
    void truncatedStreamKeepsText_data();
    void truncatedStreamKeepsText();
    void blockedPrompt();
    void malformedEvent();
    void garbageBodyIsMalformed();
    void emptyBody();
    void nothingAfterFailure();
    void commentsAndFieldsIgnored();
    void multiLineData();
    void lastEventWithoutBlankLine();
    void crAtBufferEnd();
    void hugeEventRejected();
    void functionCallAndSignatureKept();
    void randomSplitsAgree();
};

void tst_StreamDecoder::framings_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Split>("split");
    QTest::addColumn<QString>("expectedText");

    const QByteArray a = textChunk(u"Hello"_s);
    const QByteArray b = textChunk(u", wörld 🌍"_s);
    const QByteArray c = finalChunk(u"!"_s);
    const QString expected = u"Hello, wörld 🌍!"_s;

    const QByteArray crlf = sse(a) + sse(b) + sse(c);
    const QByteArray lf = sse(a, "\n\n") + sse(b, "\n\n") + sse(c, "\n\n");
    const QByteArray cr = sse(a, "\r\r") + sse(b, "\r\r") + sse(c, "\r\r");
    const QByteArray mixed = sse(a, "\r\n\r\n") + sse(b, "\n\n") + sse(c, "\r\r");
    // The JSON-array framing exactly as recorded: "[{", elements joined by "\n,\r\n", "}\n]".
    const QByteArray array = "[" + a + "\n,\r\n" + b + "\n,\r\n" + c + "\n]";

    for (const auto &[name, split] : {std::pair {"whole", Split::Whole}, std::pair {"byte", Split::ByteByByte},
             std::pair {"random", Split::Random}}) {
        QTest::addRow("sse-crlf-%s", name) << crlf << split << expected;
        QTest::addRow("sse-lf-%s", name) << lf << split << expected;
        QTest::addRow("sse-cr-%s", name) << cr << split << expected;
        QTest::addRow("sse-mixed-%s", name) << mixed << split << expected;
        QTest::addRow("array-%s", name) << array << split << expected;
        QTest::addRow("object-%s", name) << c << split << u"!"_s;
    }
}

void tst_StreamDecoder::framings()
{
    QFETCH(QByteArray, body);
    QFETCH(Split, split);
    QFETCH(QString, expectedText);

    const DecodeResult r = decodeBody(body, split);
    QVERIFY2(!r.error, r.error ? qPrintable(r.error->message) : "");
    QCOMPARE(r.text, expectedText);
    QCOMPARE(r.aggregate.text(), expectedText);
    QCOMPARE(r.aggregate.candidates.first().finishReason, u"STOP"_s);
    QCOMPARE(r.aggregate.responseId, u"abc"_s);
}

void tst_StreamDecoder::utf8SplitInsideSequence()
{
    // "🌍" is four bytes: feed them one at a time around every boundary.
    const QByteArray body = sse(finalChunk(u"a🌍b€c"_s));
    const qsizetype emoji = body.indexOf("\xF0");
    QVERIFY(emoji > 0);
    for (qsizetype cut = emoji; cut <= emoji + 4; ++cut) {
        StreamDecoder d;
        QList<StreamEvent> events = d.feed(body.left(cut));
        events += d.feed(body.mid(cut));
        events += d.finish();
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().type, StreamEvent::Type::Chunk);
        QCOMPARE(d.aggregate().text(), u"a🌍b€c"_s);
    }
}

void tst_StreamDecoder::deltasPerCandidate()
{
    const QByteArray body
        = sse(R"({"candidates": [{"content": {"parts": [{"text": "A1"}],"role": "model"},"index": 0},{"content": {"parts": [{"text": "B1"}],"role": "model"},"index": 1}]})")
        + sse(
            R"({"candidates": [{"content": {"parts": [{"text": "B2"}],"role": "model"},"index": 1,"finishReason": "STOP"}]})")
        + sse(R"({"candidates": [{"content": {"parts": [{"text": "A2"}],"role": "model"},"finishReason": "STOP"}]})");
    const DecodeResult r = decodeBody(body, Split::Random);
    QVERIFY(!r.error);
    QCOMPARE(r.aggregate.candidates.size(), 2);
    QCOMPARE(r.aggregate.candidate(0)->content.text(), u"A1A2"_s);
    QCOMPARE(r.aggregate.candidate(1)->content.text(), u"B1B2"_s);
    // Deltas carry their candidate index.
    QStringList seen;
    for (const StreamEvent &e : r.events) {
        for (const ResponseDelta &d : e.deltas)
            seen << QString::number(d.candidateIndex) + d.text;
    }
    QCOMPARE(seen, (QStringList {u"0A1"_s, u"1B1"_s, u"1B2"_s, u"0A2"_s}));
}

void tst_StreamDecoder::usageFromLastChunk()
{
    const QByteArray body
        = sse(R"({"candidates": [{"content": {"parts": [{"text": "a"}]}}],"usageMetadata": {"promptTokenCount": 10,"totalTokenCount": 10}})")
        + sse(
            R"({"candidates": [{"content": {"parts": [{"text": "b"}]}}],"usageMetadata": {"promptTokenCount": 10,"candidatesTokenCount": 5,"totalTokenCount": 40,"thoughtsTokenCount": 25}})")
        + sse(
            R"({"candidates": [{"content": {"parts": [{"text": ""}]},"finishReason": "STOP"}],"usageMetadata": {"promptTokenCount": 10,"candidatesTokenCount": 7,"totalTokenCount": 42,"thoughtsTokenCount": 25}})");
    const DecodeResult r = decodeBody(body, Split::ByteByByte);
    QVERIFY(!r.error);
    QVERIFY(r.aggregate.usageMetadata);
    // Running totals: the last chunk's values, not a sum.
    QCOMPARE(r.aggregate.usageMetadata->candidatesTokenCount, 7);
    QCOMPARE(r.aggregate.usageMetadata->thoughtsTokenCount, 25);
    QCOMPARE(r.aggregate.usageMetadata->totalTokenCount, 42);
    QCOMPARE(r.aggregate.usageMetadata->promptTokenCount, 10);
}

void tst_StreamDecoder::bareErrorAfterEvents_data()
{
    QTest::addColumn<QByteArray>("terminator");
    QTest::newRow("lf") << QByteArray("\n");
    QTest::newRow("crlf") << QByteArray("\r\n");
}

void tst_StreamDecoder::bareErrorAfterEvents()
{
    QFETCH(QByteArray, terminator);
    QByteArray error = "{\n  \"error\": {\n    \"code\": 503,\n    \"message\": \"The model is overloaded. Please try "
                       "again later.\",\n    \"status\": \"UNAVAILABLE\"\n  }\n}\n";
    error.replace("\n", terminator);
    const QByteArray body = sse(textChunk(u"Partial "_s)) + sse(textChunk(u"answer"_s)) + error;
    for (Split split : {Split::Whole, Split::ByteByByte, Split::Random}) {
        const DecodeResult r = decodeBody(body, split);
        QVERIFY(r.error);
        QCOMPARE(r.error->kind, ApiError::Kind::Overloaded);
        QCOMPARE(r.error->httpStatus, 503);
        QCOMPARE(r.error->status, u"UNAVAILABLE"_s);
        QVERIFY(r.error->afterStreamStarted);
        QCOMPARE(r.text, u"Partial answer"_s); // what arrived is kept
        QCOMPARE(r.events.last().type, StreamEvent::Type::Error);
        QCOMPARE(r.events.count(), 3); // two chunks, one error; no truncation reported on top
    }
}

void tst_StreamDecoder::arrayWrappedError()
{
    // Without alt=sse an error is a one-element array.
    const QByteArray body = R"([{
  "error": {
    "code": 429,
    "message": "Resource has been exhausted (e.g. check quota).",
    "status": "RESOURCE_EXHAUSTED"
  }
}
])";
    const DecodeResult r = decodeBody(body, Split::ByteByByte);
    QVERIFY(r.error);
    QCOMPARE(r.error->kind, ApiError::Kind::RateLimited);
    QVERIFY(!r.error->afterStreamStarted);
}

void tst_StreamDecoder::dataEventWithErrorObject()
{
    const QByteArray body
        = sse(textChunk(u"x"_s)) + sse(R"({"error": {"code": 500, "message": "boom", "status": "INTERNAL"}})");
    const DecodeResult r = decodeBody(body, Split::Random);
    QVERIFY(r.error);
    QCOMPARE(r.error->kind, ApiError::Kind::ServerError);
    QCOMPARE(r.text, u"x"_s);
}

void tst_StreamDecoder::truncatedStreamKeepsText_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("sse-no-finish") << sse(textChunk(u"Half an "_s)) + sse(textChunk(u"answer"_s));
    QTest::newRow("sse-cut-mid-event") << sse(textChunk(u"Half an "_s)) + sse(textChunk(u"answer"_s))
            + "data: {\"candi";
    QTest::newRow("array-unclosed") << "[" + textChunk(u"Half an "_s) + "\n,\r\n" + textChunk(u"answer"_s);
    QTest::newRow("array-cut-mid-element")
        << "[" + textChunk(u"Half an "_s) + "\n,\r\n" + textChunk(u"answer"_s) + "\n,\r\n{\n  \"candidates\": [";
}

void tst_StreamDecoder::truncatedStreamKeepsText()
{
    QFETCH(QByteArray, body);
    const DecodeResult r = decodeBody(body, Split::Random);
    QVERIFY(r.error);
    QVERIFY2(r.error->kind == ApiError::Kind::Truncated || r.error->kind == ApiError::Kind::MalformedResponse,
        qPrintable(r.error->kindName()));
    QVERIFY(r.error->afterStreamStarted);
    QCOMPARE(r.aggregate.text(), u"Half an answer"_s);
}

void tst_StreamDecoder::blockedPrompt()
{
    const QByteArray body = sse(
        R"({"promptFeedback": {"blockReason": "SAFETY","safetyRatings": [{"category": "HARM_CATEGORY_SEXUALLY_EXPLICIT","probability": "NEGLIGIBLE"},{"category": "HARM_CATEGORY_HARASSMENT","probability": "HIGH","blocked": true}]}})");
    const DecodeResult r = decodeBody(body, Split::ByteByByte);
    QVERIFY(r.error);
    QCOMPARE(r.error->kind, ApiError::Kind::PromptBlocked);
    QCOMPARE(r.error->blockReason, u"SAFETY"_s);
    QCOMPARE(r.error->blockedCategories, QStringList {u"HARM_CATEGORY_HARASSMENT"_s});
    QVERIFY(r.error->userMessage().contains(u"harassment"_s));
    QVERIFY(r.aggregate.isPromptBlocked());
}

void tst_StreamDecoder::malformedEvent()
{
    const QByteArray body
        = sse(textChunk(u"ok"_s)) + sse(R"({"candidates": [{"content": )") + sse(finalChunk(u"never"_s));
    const DecodeResult r = decodeBody(body, Split::Random);
    QVERIFY(r.error);
    QCOMPARE(r.error->kind, ApiError::Kind::MalformedResponse);
    QCOMPARE(r.text, u"ok"_s);
    QCOMPARE(r.chunks, 1); // nothing is taken after the decoder failed
}

void tst_StreamDecoder::garbageBodyIsMalformed()
{
    const DecodeResult r = decodeBody("<html><body>502 Bad Gateway</body></html>\n", Split::Random);
    QVERIFY(r.error);
    QCOMPARE(r.error->kind, ApiError::Kind::MalformedResponse);
    QVERIFY(r.error->message.contains(u"Bad Gateway"_s));
}

void tst_StreamDecoder::emptyBody()
{
    for (const QByteArray &body : {QByteArray(), QByteArray("\r\n\r\n"), QByteArray("   ")}) {
        const DecodeResult r = decodeBody(body, Split::Whole);
        QVERIFY(r.error);
        QCOMPARE(r.error->kind, ApiError::Kind::Truncated);
        QVERIFY(!r.error->afterStreamStarted);
    }
}

void tst_StreamDecoder::nothingAfterFailure()
{
    StreamDecoder d;
    QCOMPARE(d.feed("data: {broken\r\n\r\n").size(), 1);
    QVERIFY(d.hasFailed());
    QVERIFY(d.feed(sse(finalChunk(u"late"_s))).isEmpty());
    QVERIFY(d.finish().isEmpty());
    QVERIFY(d.aggregate().candidates.isEmpty());
}

void tst_StreamDecoder::commentsAndFieldsIgnored()
{
    const QByteArray body
        = ": keep-alive comment\r\nevent: message\r\nid: 7\r\nretry: 1000\r\n" + sse(finalChunk(u"fine"_s));
    const DecodeResult r = decodeBody(body, Split::ByteByByte);
    QVERIFY(!r.error);
    QCOMPARE(r.text, u"fine"_s);
}

void tst_StreamDecoder::multiLineData()
{
    // Several data lines of one event are joined with LF (the SSE standard); JSON tolerates it.
    const QByteArray body = "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"joined\"}]},\r\n"
                            "data: \"finishReason\": \"STOP\"}]}\r\n\r\n";
    const DecodeResult r = decodeBody(body, Split::Random);
    QVERIFY(!r.error);
    QCOMPARE(r.text, u"joined"_s);
}

void tst_StreamDecoder::lastEventWithoutBlankLine()
{
    // A recording ends with a single CRLF after the last data line.
    const DecodeResult r = decodeBody("data: " + finalChunk(u"end"_s) + "\r\n", Split::ByteByByte);
    QVERIFY(!r.error);
    QCOMPARE(r.text, u"end"_s);
    const DecodeResult noTerminator = decodeBody("data: " + finalChunk(u"end"_s), Split::Whole);
    QVERIFY(!noTerminator.error);
    QCOMPARE(noTerminator.text, u"end"_s);
}

void tst_StreamDecoder::crAtBufferEnd()
{
    // CR ends one feed and its LF starts the next: still one line terminator, not two.
    StreamDecoder d;
    QList<StreamEvent> events = d.feed(QByteArray("data: " + textChunk(u"a"_s) + "\r"));
    events += d.feed("\n\r");
    events += d.feed("\n");
    QCOMPARE(events.size(), 1);
    events = d.feed(QByteArray("data: " + finalChunk(u"b"_s) + "\r"));
    events += d.feed("\n\r\n");
    QCOMPARE(events.size(), 1);
    QVERIFY(d.finish().isEmpty());
    QCOMPARE(d.aggregate().text(), u"ab"_s);
}

void tst_StreamDecoder::hugeEventRejected()
{
    StreamDecoder d;
    QList<StreamEvent> events = d.feed("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"");
    const QByteArray block(1024 * 1024, 'x');
    for (int i = 0; i < 70 && events.isEmpty(); ++i)
        events += d.feed(block);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().error.kind, ApiError::Kind::MalformedResponse);
}

void tst_StreamDecoder::functionCallAndSignatureKept()
{
    const QByteArray body
        = sse(R"({"candidates": [{"content": {"parts": [{"text": "Thinking about it","thought": true}],"role": "model"}}]})")
        + sse(
            R"({"candidates": [{"content": {"parts": [{"functionCall": {"name": "get_weather","args": {"city": "Paris"}},"thoughtSignature": "c2lnMQ=="}],"role": "model"}}]})")
        + sse(R"({"candidates": [{"content": {"parts": [{"text": "Done"}],"role": "model"}}]})")
        + sse(
            R"({"candidates": [{"content": {"parts": [{"text": "","thoughtSignature": "c2lnMg=="}],"role": "model"},"finishReason": "STOP"}]})");
    const DecodeResult r = decodeBody(body, Split::Random);
    QVERIFY(!r.error);
    QCOMPARE(r.thoughts, u"Thinking about it"_s);
    QCOMPARE(r.text, u"Done"_s);
    const QList<Part> parts = r.aggregate.candidate(0)->content.parts;
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts[0].thought, true);
    QCOMPARE(parts[1].kind, Part::Kind::FunctionCall);
    QCOMPARE(parts[1].thoughtSignature, u"c2lnMQ=="_s);
    QCOMPARE(parts[1].functionPayload.value("city"_L1).toString(), u"Paris"_s);
    // The trailing empty text with a signature is merged into the text it ends, signature kept.
    QCOMPARE(parts[2].text, u"Done"_s);
    QCOMPARE(parts[2].thoughtSignature, u"c2lnMg=="_s);
}

void tst_StreamDecoder::randomSplitsAgree()
{
    QByteArray body;
    QString expected;
    for (int i = 0; i < 200; ++i) {
        const QString piece = u"chunk %1 – ünïcødé ✓ "_s.arg(i);
        expected += piece;
        body += sse(textChunk(piece));
    }
    body += sse(finalChunk(u"end"_s));
    expected += u"end"_s;
    const DecodeResult whole = decodeBody(body, Split::Whole);
    QCOMPARE(whole.text, expected);
    for (quint32 seed = 1; seed <= 20; ++seed) {
        const DecodeResult r = decodeBody(body, Split::Random, seed);
        QVERIFY(!r.error);
        QCOMPARE(r.text, expected);
        QCOMPARE(r.aggregate, whole.aggregate);
    }
}

QTEST_GUILESS_MAIN(tst_StreamDecoder)
#include "tst_streamdecoder.moc"
