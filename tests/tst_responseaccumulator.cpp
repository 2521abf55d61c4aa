#include "api/responseaccumulator.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {
GenerateContentResponse chunk(int index, const QList<Part> &parts, const QString &finish = {})
{
    GenerateContentResponse r;
    Candidate c;
    c.index = index;
    c.content.role = u"model"_s;
    c.content.parts = parts;
    c.finishReason = finish;
    r.candidates.append(c);
    return r;
}

Part thought(const QString &text)
{
    Part p = Part::fromText(text);
    p.thought = true;
    return p;
}

Part signature(const QString &sig, const QString &text = {})
{
    Part p = Part::fromText(text);
    p.thoughtSignature = sig;
    return p;
}
} // namespace

class tst_ResponseAccumulator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textDeltasMerge();
    void thoughtsAndAnswerStaySeparate();
    void signatureClosesAPart();
    void emptyTextWithoutSignatureIgnored();
    void candidatesSortedByIndex();
    void metadataFromLatest();
    void citationsDeduplicated();
    void reset();
    void withoutRetainedText();
};

void tst_ResponseAccumulator::textDeltasMerge()
{
    ResponseAccumulator acc;
    const auto d1 = acc.add(chunk(0, {Part::fromText(u"Hel"_s)}));
    const auto d2 = acc.add(chunk(0, {Part::fromText(u"lo"_s)}, u"STOP"_s));
    QCOMPARE(d1.size(), 1);
    QCOMPARE(d2.first().text, u"lo"_s);
    QCOMPARE(acc.response().candidates.first().content.parts.size(), 1);
    QCOMPARE(acc.response().text(), u"Hello"_s);
    QCOMPARE(acc.response().candidates.first().finishReason, u"STOP"_s);
    QCOMPARE(acc.chunkCount(), 2);
}

void tst_ResponseAccumulator::thoughtsAndAnswerStaySeparate()
{
    ResponseAccumulator acc;
    acc.add(chunk(0, {thought(u"Let me "_s)}));
    const auto d = acc.add(chunk(0, {thought(u"think."_s), Part::fromText(u"Answer"_s)}));
    QCOMPARE(d.size(), 2);
    QCOMPARE(d[0].type, ResponseDelta::Type::Thought);
    QCOMPARE(d[1].type, ResponseDelta::Type::Text);
    const auto &parts = acc.response().candidates.first().content.parts;
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts[0].text, u"Let me think."_s);
    QVERIFY(parts[0].thought);
    QCOMPARE(acc.response().candidates.first().content.thoughtText(), u"Let me think."_s);
    QCOMPARE(acc.response().text(), u"Answer"_s);
}

void tst_ResponseAccumulator::signatureClosesAPart()
{
    ResponseAccumulator acc;
    acc.add(chunk(0, {Part::fromText(u"one"_s)}));
    acc.add(chunk(0, {signature(u"SIG"_s)}));
    acc.add(chunk(0, {Part::fromText(u"two"_s)}));
    const auto &parts = acc.response().candidates.first().content.parts;
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts[0].text, u"one"_s);
    QCOMPARE(parts[0].thoughtSignature, u"SIG"_s);
    QCOMPARE(parts[1].text, u"two"_s);
    QVERIFY(parts[1].thoughtSignature.isEmpty());
}

void tst_ResponseAccumulator::emptyTextWithoutSignatureIgnored()
{
    ResponseAccumulator acc;
    const auto d = acc.add(chunk(0, {Part::fromText({})}, u"STOP"_s));
    QVERIFY(d.isEmpty());
    QVERIFY(acc.response().candidates.first().content.parts.isEmpty());
}

void tst_ResponseAccumulator::candidatesSortedByIndex()
{
    ResponseAccumulator acc;
    acc.add(chunk(2, {Part::fromText(u"c"_s)}));
    acc.add(chunk(0, {Part::fromText(u"a"_s)}));
    acc.add(chunk(1, {Part::fromText(u"b"_s)}));
    const auto &c = acc.response().candidates;
    QCOMPARE(c.size(), 3);
    QCOMPARE(c[0].index, 0);
    QCOMPARE(c[1].index, 1);
    QCOMPARE(c[2].index, 2);
}

void tst_ResponseAccumulator::metadataFromLatest()
{
    ResponseAccumulator acc;
    GenerateContentResponse a = chunk(0, {Part::fromText(u"x"_s)});
    a.usageMetadata = UsageMetadata {};
    a.usageMetadata->totalTokenCount = 3;
    a.modelVersion = u"m1"_s;
    a.responseId = u"id"_s;
    GenerateContentResponse b = chunk(0, {Part::fromText(u"y"_s)});
    b.usageMetadata = UsageMetadata {};
    b.usageMetadata->totalTokenCount = 9;
    acc.add(a);
    acc.add(b);
    QCOMPARE(acc.response().usageMetadata->totalTokenCount, 9);
    QCOMPARE(acc.response().modelVersion, u"m1"_s);
    QCOMPARE(acc.response().responseId, u"id"_s);
}

void tst_ResponseAccumulator::citationsDeduplicated()
{
    ResponseAccumulator acc;
    GenerateContentResponse a = chunk(0, {Part::fromText(u"x"_s)});
    a.candidates[0].citations = {{1, 5, u"https://a"_s, {}, {}}};
    GenerateContentResponse b = chunk(0, {Part::fromText(u"y"_s)});
    b.candidates[0].citations = {{1, 5, u"https://a"_s, {}, {}}, {6, 9, u"https://b"_s, {}, {}}};
    acc.add(a);
    acc.add(b);
    QCOMPARE(acc.response().candidates.first().citations.size(), 2);
}

void tst_ResponseAccumulator::reset()
{
    ResponseAccumulator acc;
    acc.add(chunk(0, {Part::fromText(u"x"_s)}));
    acc.reset();
    QCOMPARE(acc.chunkCount(), 0);
    QVERIFY(acc.response().candidates.isEmpty());
}

void tst_ResponseAccumulator::withoutRetainedText()
{
    ResponseAccumulator acc;
    acc.setRetainText(false);
    const auto d1 = acc.add(chunk(0, {Part::fromText(u"Hello "_s)}));
    const auto d2 = acc.add(chunk(0, {Part::fromText(u"world"_s), signature(u"SIG"_s)}, u"STOP"_s));
    QCOMPARE(d1.first().text, u"Hello "_s); // the deltas still carry the text...
    QCOMPARE(d2.first().text, u"world"_s);
    const Candidate &c = acc.response().candidates.first();
    QVERIFY(c.content.text().isEmpty()); // ...the aggregate does not keep it
    QCOMPARE(c.content.parts.size(), 1);
    QCOMPARE(c.content.parts.first().thoughtSignature, u"SIG"_s); // everything else is kept
    QCOMPARE(c.finishReason, u"STOP"_s);
}

QTEST_GUILESS_MAIN(tst_ResponseAccumulator)
#include "tst_responseaccumulator.moc"
