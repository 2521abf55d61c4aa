#include "api/embedding.h"
#include "api/generaterequest.h"
#include "api/generateresponse.h"
#include "api/jsonutil.h"
#include "api/modelinfo.h"
#include "api/tokencount.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}
} // namespace

class tst_JsonCodec final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void partKinds_data();
    void partKinds();
    void unsetFieldsAreNotSent();
    void everyGenerationConfigField();
    void generationConfigValidation_data();
    void generationConfigValidation();
    void requestRoundTrip();
    void snakeCaseAccepted();
    void singleObjectForRepeatedField();
    void unknownResponseFieldsTolerated();
    void responseRoundTrip();
    void candidateWithoutContent();
    void groundingAndCitations();
    void usageMetadata();
    void modelInfo();
    void modelResourceNames_data();
    void modelResourceNames();
    void tokenCountAndEmbeddings();
    void int64AsString();
};

void tst_JsonCodec::partKinds_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("kind");
    QTest::newRow("text") << QByteArray(R"({"text": "hi"})") << int(Part::Kind::Text);
    QTest::newRow("empty-text-signature")
        << QByteArray(R"({"text": "", "thoughtSignature": "c2ln"})") << int(Part::Kind::Text);
    QTest::newRow("thought") << QByteArray(R"({"text": "hmm", "thought": true})") << int(Part::Kind::Text);
    QTest::newRow("inline") << QByteArray(R"({"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}})")
                            << int(Part::Kind::InlineData);
    QTest::newRow("file") << QByteArray(
        R"({"fileData": {"mimeType": "audio/mpeg", "fileUri": "https://x/v1beta/files/a"}})")
                          << int(Part::Kind::FileData);
    QTest::newRow("file-no-mime") << QByteArray(R"({"fileData": {"fileUri": "https://www.youtube.com/watch?v=x"}})")
                                  << int(Part::Kind::FileData);
    QTest::newRow("call") << QByteArray(
        R"({"functionCall": {"id": "a1", "name": "f", "args": {"x": 1}}, "thoughtSignature": "c2ln"})")
                          << int(Part::Kind::FunctionCall);
    QTest::newRow("call-empty-args") << QByteArray(R"({"functionCall": {"name": "f", "args": {}}})")
                                     << int(Part::Kind::FunctionCall);
    QTest::newRow("response") << QByteArray(R"({"functionResponse": {"name": "f", "response": {"result": 42}}})")
                              << int(Part::Kind::FunctionResponse);
    QTest::newRow("code") << QByteArray(R"j({"executableCode": {"language": "PYTHON", "code": "print(1)"}})j")
                          << int(Part::Kind::ExecutableCode);
    QTest::newRow("result") << QByteArray(R"({"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": "1\n"}})")
                            << int(Part::Kind::CodeExecutionResult);
    QTest::newRow("video-metadata") << QByteArray(
        R"({"fileData": {"mimeType": "video/mp4", "fileUri": "u"}, "videoMetadata": {"startOffset": "10s", "endOffset": "20s", "fps": 1}})")
                                    << int(Part::Kind::FileData);
    QTest::newRow("unknown-kind-kept") << QByteArray(
        R"({"toolCall": {"id": "t", "anything": [1, 2]}, "thoughtSignature": "c2ln"})")
                                       << int(Part::Kind::Other);
}

void tst_JsonCodec::partKinds()
{
    QFETCH(QByteArray, json);
    QFETCH(int, kind);
    const QJsonObject in = parse(json);
    const Part p = Part::fromJson(in);
    QCOMPARE(int(p.kind), kind);
    // What came in goes out unchanged: thought signatures and unknown parts round-trip for history.
    QCOMPARE(p.toJson(), in);
    QCOMPARE(Part::fromJson(p.toJson()), p);
}

void tst_JsonCodec::unsetFieldsAreNotSent()
{
    const GenerateContentRequest r = GenerateContentRequest::fromPrompt(u"Hello"_s);
    QCOMPARE(r.toJson(), parse(R"({"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]})"));
    GenerationConfig c;
    QVERIFY(c.toJson().isEmpty());
    QVERIFY(c.isEmpty());
    c.temperature = 0.0; // zero is a value, not "unset"
    QCOMPARE(c.toJson(), parse(R"({"temperature": 0})"));
    c.thinkingConfig = ThinkingConfig {};
    c.thinkingConfig->thinkingBudget = 0;
    QCOMPARE(c.toJson(), parse(R"({"temperature": 0, "thinkingConfig": {"thinkingBudget": 0}})"));
}

void tst_JsonCodec::everyGenerationConfigField()
{
    const QJsonObject all = parse(R"({
        "stopSequences": ["a", "b"], "candidateCount": 2, "maxOutputTokens": 100, "temperature": 0.5,
        "topP": 0.9, "topK": 40, "seed": 7, "presencePenalty": 0.1, "frequencyPenalty": -0.2,
        "responseMimeType": "application/json",
        "responseSchema": {"type": "OBJECT", "properties": {"a": {"type": "STRING"}}},
        "responseLogprobs": true, "logprobs": 3, "responseModalities": ["TEXT", "IMAGE"],
        "mediaResolution": "MEDIA_RESOLUTION_LOW",
        "thinkingConfig": {"includeThoughts": true, "thinkingBudget": 1024, "thinkingLevel": "LOW"},
        "speechConfig": {"voiceConfig": {"prebuiltVoiceConfig": {"voiceName": "Kore"}}},
        "imageConfig": {"aspectRatio": "16:9"}, "enableEnhancedCivicAnswers": false})");
    const GenerationConfig c = GenerationConfig::fromJson(all);
    QCOMPARE(c.toJson(), all);
    QCOMPARE(c.stopSequences, (QStringList {u"a"_s, u"b"_s}));
    QCOMPARE(c.topK, 40);
    QCOMPARE(c.thinkingConfig->thinkingBudget, 1024);
    QVERIFY(c.validate().isEmpty());
}

void tst_JsonCodec::generationConfigValidation_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("problem"); // empty: valid
    QTest::newRow("ok") << QByteArray(R"({"temperature": 2, "topP": 1, "stopSequences": ["1","2","3","4","5"]})")
                        << QString();
    QTest::newRow("six-stops") << QByteArray(R"({"stopSequences": ["1","2","3","4","5","6"]})") << u"stop sequences"_s;
    QTest::newRow("empty-stop") << QByteArray(R"({"stopSequences": [""]})") << u"stop sequence cannot be empty"_s;
    QTest::newRow("temperature") << QByteArray(R"({"temperature": 2.5})") << u"temperature"_s;
    QTest::newRow("negative-temperature") << QByteArray(R"({"temperature": -0.1})") << u"temperature"_s;
    QTest::newRow("top-p") << QByteArray(R"({"topP": 1.5})") << u"Top-p"_s;
    QTest::newRow("top-k") << QByteArray(R"({"topK": 0})") << u"Top-k"_s;
    QTest::newRow("candidates") << QByteArray(R"({"candidateCount": 0})") << u"candidates"_s;
    QTest::newRow("max-tokens") << QByteArray(R"({"maxOutputTokens": 0})") << u"output tokens"_s;
    QTest::newRow("logprobs") << QByteArray(R"({"logprobs": 21})") << u"Log probabilities"_s;
    QTest::newRow("schema-without-json") << QByteArray(R"({"responseSchema": {"type": "STRING"}})")
                                         << u"response type"_s;
    QTest::newRow("two-schemas") << QByteArray(
        R"({"responseMimeType": "application/json", "responseSchema": {}, "responseJsonSchema": {}})")
                                 << u"not both"_s;
    QTest::newRow("budget") << QByteArray(R"({"thinkingConfig": {"thinkingBudget": -5}})") << u"thinking budget"_s;
}

void tst_JsonCodec::generationConfigValidation()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, problem);
    const QStringList problems = GenerationConfig::fromJson(parse(json)).validate();
    if (problem.isEmpty()) {
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    } else {
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().contains(problem, Qt::CaseInsensitive), qPrintable(problems.first()));
    }
}

void tst_JsonCodec::requestRoundTrip()
{
    GenerateContentRequest r;
    r.contents = {Content::user(u"What is in this picture?"_s), Content::model(u"A cat."_s)};
    r.contents[0].parts.append(Part::fromInlineData(u"image/png"_s, QByteArray("\x89PNG\r\n\x1a\n\0\1", 10)));
    r.contents.append(Content {u"user"_s, {Part::fromFileData(u"audio/mpeg"_s, u"https://x/v1beta/files/abc"_s)}});
    r.systemInstruction = Content {u"ignored-role"_s, {Part::fromText(u"Be terse."_s)}};
    r.generationConfig.temperature = 0.3;
    r.safetySettings = {{u"HARM_CATEGORY_HARASSMENT"_s, u"BLOCK_ONLY_HIGH"_s}};
    r.tools.googleSearch = true;
    r.tools.codeExecution = true;

    const QJsonObject json = r.toJson();
    QCOMPARE(json.value("systemInstruction"_L1).toObject(), parse(R"({"parts": [{"text": "Be terse."}]})"));
    QCOMPARE(json.value("tools"_L1).toArray(),
        parse(R"({"t": [{"googleSearch": {}}, {"codeExecution": {}}]})").value("t"_L1).toArray());
    const QJsonObject inlineData = json["contents"_L1][0]["parts"_L1][1]["inlineData"_L1].toObject();
    QCOMPARE(inlineData.value("data"_L1).toString(), u"iVBORw0KGgoAAQ=="_s); // standard base64 with padding
    QCOMPARE(json.value("safetySettings"_L1).toArray().size(), 1);

    GenerateContentRequest back = GenerateContentRequest::fromJson(json);
    r.systemInstruction->role.clear();
    QCOMPARE(back, r);
}

void tst_JsonCodec::snakeCaseAccepted()
{
    const GenerateContentRequest r = GenerateContentRequest::fromJson(parse(R"({
        "contents": [{"role": "user", "parts": [{"file_data": {"mime_type": "audio/mpeg", "file_uri": "u"}},
                                                {"inline_data": {"mime_type": "image/png", "data": "AAE="}}]}],
        "system_instruction": {"parts": [{"text": "sys"}]},
        "generation_config": {"temperature": 1},
        "safety_settings": [{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_NONE"}],
        "tools": [{"google_search": {}}, {"code_execution": {}}]})"));
    QCOMPARE(r.contents.first().parts[0].fileUri, u"u"_s);
    QCOMPARE(r.contents.first().parts[1].data, QByteArray("\0\1", 2));
    QCOMPARE(r.systemInstruction->text(), u"sys"_s);
    QCOMPARE(r.generationConfig.temperature, 1.0);
    QCOMPARE(r.safetySettings.size(), 1);
    QVERIFY(r.tools.googleSearch && r.tools.codeExecution);
}

void tst_JsonCodec::singleObjectForRepeatedField()
{
    const GenerateContentRequest r
        = GenerateContentRequest::fromJson(parse(R"({"contents": {"role": "user", "parts": {"text": "one"}}})"));
    QCOMPARE(r.contents.size(), 1);
    QCOMPARE(r.contents.first().text(), u"one"_s);
}

void tst_JsonCodec::unknownResponseFieldsTolerated()
{
    const GenerateContentResponse r = GenerateContentResponse::fromJson(parse(R"({
        "candidates": [{"content": {"parts": [{"text": "x", "brandNewField": 1}], "role": "model", "newThing": {}},
                        "finishReason": "SOME_NEW_REASON", "newCandidateField": [1, 2, 3]}],
        "usageMetadata": {"promptTokenCount": 1, "futureCount": 9, "trafficType": "ON_DEMAND"},
        "someFutureTopLevel": {"nested": true}, "modelVersion": "m"})"));
    QCOMPARE(r.text(), u"x"_s);
    QCOMPARE(r.candidates.first().finishReason, u"SOME_NEW_REASON"_s); // unknown enums are kept as text
    QCOMPARE(r.usageMetadata->promptTokenCount, 1);
}

void tst_JsonCodec::responseRoundTrip()
{
    const QJsonObject in = parse(R"({
        "candidates": [{"content": {"parts": [{"text": "Hi", "thoughtSignature": "c2ln"}], "role": "model"},
                        "finishReason": "STOP", "index": 1, "avgLogprobs": -0.5,
                        "safetyRatings": [{"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"}],
                        "finishMessage": "Model generated function call(s)."}],
        "promptFeedback": {"safetyRatings": [{"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "LOW"}]},
        "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 1, "totalTokenCount": 5,
                          "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 4}]},
        "modelVersion": "gemini-2.5-flash", "responseId": "r1"})");
    const GenerateContentResponse r = GenerateContentResponse::fromJson(in);
    QCOMPARE(r.toJson(), in);
    QCOMPARE(r.candidate(1)->avgLogprobs, -0.5);
    QVERIFY(!r.isPromptBlocked());
}

void tst_JsonCodec::candidateWithoutContent()
{
    const GenerateContentResponse r = GenerateContentResponse::fromJson(parse(R"({
        "candidates": [{"finishReason": "RECITATION", "citationMetadata": {"citationSources": [{"startIndex": 1, "endIndex": 9, "uri": "https://e.x"}]}},
                       {"content": {"role": "model"}, "index": 1, "finishReason": "OTHER"}]})"));
    QCOMPARE(r.candidates.size(), 2);
    QVERIFY(r.candidates[0].content.parts.isEmpty());
    QCOMPARE(r.candidates[0].citations.first().endIndex, 9);
    QVERIFY(r.text().isEmpty());
    QVERIFY(r.hasFinishReason());
}

void tst_JsonCodec::groundingAndCitations()
{
    const GroundingMetadata g = GroundingMetadata::fromJson(parse(R"({
        "webSearchQueries": ["who won euro 2024"],
        "searchEntryPoint": {"renderedContent": "<style>...</style><div>chips</div>"},
        "groundingChunks": [{"web": {"uri": "https://a.example", "title": "a.example"}}, {"web": {"uri": "https://b.example", "title": "b"}}],
        "groundingSupports": [{"segment": {"startIndex": 3, "endIndex": 20, "text": "Spain won"}, "groundingChunkIndices": [0, 1], "confidenceScores": [0.9, 0.5]}]})"));
    QCOMPARE(g.webSearchQueries, QStringList {u"who won euro 2024"_s});
    QCOMPARE(g.chunks.size(), 2);
    QCOMPARE(g.chunks[1].uri, u"https://b.example"_s);
    QCOMPARE(g.supports.first().chunkIndices, (QList<int> {0, 1}));
    QCOMPARE(g.supports.first().endIndex, 20);
    QVERIFY(g.searchEntryPointHtml.contains(u"chips"_s));
}

void tst_JsonCodec::usageMetadata()
{
    const UsageMetadata u = UsageMetadata::fromJson(parse(R"({"promptTokenCount": 21, "candidatesTokenCount": 126,
        "thoughtsTokenCount": 95, "toolUsePromptTokenCount": 243, "totalTokenCount": 485, "cachedContentTokenCount": 5,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 4}, {"modality": "AUDIO", "tokenCount": 17}],
        "serviceTier": "standard"})"));
    QCOMPARE(u.promptTokenCount + u.candidatesTokenCount + u.thoughtsTokenCount + u.toolUsePromptTokenCount,
        u.totalTokenCount);
    QCOMPARE(u.promptTokensDetails.at(1).modality, u"AUDIO"_s);
    QCOMPARE(UsageMetadata::fromJson(u.toJson()), u);
    // batchEmbedContents spells the details "promptTokenDetails".
    QCOMPARE(UsageMetadata::fromJson(parse(R"({"promptTokenDetails": [{"modality": "TEXT", "tokenCount": 4}]})"))
                 .promptTokensDetails.first()
                 .tokenCount,
        4);
}

void tst_JsonCodec::modelInfo()
{
    const QJsonObject in
        = parse(R"({"name": "models/gemini-2.5-flash", "version": "001", "displayName": "Gemini 2.5 Flash",
        "description": "Stable", "inputTokenLimit": 1048576, "outputTokenLimit": 65536,
        "supportedGenerationMethods": ["generateContent", "countTokens"], "temperature": 1, "topP": 0.95, "topK": 64,
        "maxTemperature": 2, "thinking": true})");
    const ModelInfo m = ModelInfo::fromJson(in);
    QCOMPARE(m.id(), u"gemini-2.5-flash"_s);
    QVERIFY(m.supportsGenerateContent());
    QVERIFY(m.thinking);
    QCOMPARE(m.topK, 64);
    QCOMPARE(m.toJson(), in);
    const ModelInfo embed = ModelInfo::fromJson(
        parse(R"({"name": "models/gemini-embedding-001", "supportedGenerationMethods": ["embedContent"]})"));
    QVERIFY(!embed.supportsGenerateContent());
    QVERIFY(!embed.topK);
}

void tst_JsonCodec::modelResourceNames_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("bare") << u"gemini-2.5-flash"_s << u"models/gemini-2.5-flash"_s;
    QTest::newRow("prefixed") << u"models/gemini-2.5-flash"_s << u"models/gemini-2.5-flash"_s;
    QTest::newRow("tuned") << u"tunedModels/my-model"_s << u"tunedModels/my-model"_s;
    QTest::newRow("spaces") << u"  gemini-pro  "_s << u"models/gemini-pro"_s;
}

void tst_JsonCodec::modelResourceNames()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(modelResourceName(in), out);
}

void tst_JsonCodec::tokenCountAndEmbeddings()
{
    const TokenCount t = TokenCount::fromJson(
        parse(R"({"totalTokens": 5, "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 5}]})"));
    QCOMPARE(t.totalTokens, 5);
    QCOMPARE(t.promptTokensDetails.size(), 1);

    EmbedContentRequest e = EmbedContentRequest::fromText(u"Hello world"_s);
    e.taskType = u"RETRIEVAL_DOCUMENT"_s;
    e.title = u"Doc"_s;
    e.outputDimensionality = 768;
    QCOMPARE(e.toJson(u"models/gemini-embedding-001"_s),
        parse(R"({"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "Hello world"}]},
                  "taskType": "RETRIEVAL_DOCUMENT", "title": "Doc", "outputDimensionality": 768})"));
    const EmbeddingResult one = EmbeddingResult::fromEmbedJson(parse(R"({"embedding": {"values": [0.5, -0.25]}})"));
    QCOMPARE(one.embeddings, (QList<QList<float>> {{0.5f, -0.25f}}));
    const EmbeddingResult batch = EmbeddingResult::fromBatchJson(
        parse(R"({"embeddings": [{"values": [1]}, {"values": [2]}], "usageMetadata": {"promptTokenCount": 4}})"));
    QCOMPARE(batch.embeddings.size(), 2);
    QCOMPARE(batch.usageMetadata->promptTokenCount, 4);
}

void tst_JsonCodec::int64AsString()
{
    const QJsonObject o = parse(R"({"a": "41762063", "b": 12, "c": "not a number", "d": "9007199254740993"})");
    QCOMPARE(JsonUtil::optInt64(o, "a"_L1), 41762063);
    QCOMPARE(JsonUtil::optInt64(o, "b"_L1), 12);
    QVERIFY(!JsonUtil::optInt64(o, "c"_L1));
    QCOMPARE(JsonUtil::optInt64(o, "d"_L1), Q_INT64_C(9007199254740993)); // beyond double precision
    QCOMPARE(JsonUtil::parseDurationMs(u"32s"_s), 32000);
    QCOMPARE(JsonUtil::parseDurationMs(u"3.5s"_s), 3500);
    QVERIFY(!JsonUtil::parseDurationMs(u"32"_s));
    QVERIFY(!JsonUtil::parseDurationMs(u"-1s"_s));
}

QTEST_GUILESS_MAIN(tst_JsonCodec)
#include "tst_jsoncodec.moc"
