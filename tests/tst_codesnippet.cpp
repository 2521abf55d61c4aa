#include "chat/codesnippet.h"
#include "generatecall.h"
#include "support/clientfixture.h"
#include "support/samplefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using CodeSnippet::Language;

Q_DECLARE_METATYPE(GenerateContentRequest)

namespace {

const QString Model = u"gemini-2.5-flash"_s;

// Text that breaks naive quoting in each language: quotes of every kind, shell expansions, here-doc
// delimiters on their own lines, escapes that must stay literal, control, bidi and non-BMP characters.
const QString Hostile = u"He said \"hi\" and 'bye' \\ back\\slash \\n not-a-newline \\u0041\n"
                        "$(rm -rf /tmp/alhena-hostile) `touch /tmp/alhena-hostile` ${HOME} $GEMINI_API_KEY\n"
                        "EOF\nEOF_1\n'EOF'\n\"\"\"triple\"\"\" '''triple''' </script> // # comment\n"
                        "tab\there cr\rhere nul\u0000here esc\u001bhere del\u007fhere\n"
                        "bidi \u202egnp.exe\u202c zero\u200bwidth line\u2028sep para\u2029sep bom\ufeff\n"
                        "日本語 Ünïcödé 👩‍💻 𝄞 end"_s;

struct Sample
{
    QString name;
    GenerateContentRequest request;
    bool runnable = true; // the fake server can answer it (no cached content to look up)
};

Content systemText(const QString &text)
{
    return Content {QString(), {Part::fromText(text)}};
}

QJsonObject weatherDeclaration()
{
    return QJsonObject {{"name"_L1, u"get_weather"_s}, {"description"_L1, u"The weather of a city."_s},
        {"parameters"_L1,
            QJsonObject {{"type"_L1, u"OBJECT"_s},
                {"properties"_L1, QJsonObject {{"city_name"_L1, QJsonObject {{"type"_L1, u"STRING"_s}}}}},
                {"required"_L1, QJsonArray {u"city_name"_s}}}}};
}

QList<Sample> samples()
{
    QList<Sample> list;
    list.append({u"text only"_s, GenerateContentRequest::fromPrompt(u"Hello, world"_s)});

    {
        auto r = GenerateContentRequest::fromPrompt(u"Bonjour"_s);
        r.systemInstruction = systemText(u"Answer in French, briefly."_s);
        list.append({u"system instruction"_s, r});
    }
    {
        auto r = GenerateContentRequest::fromPrompt(u"Describe a person."_s);
        GenerationConfig &g = r.generationConfig;
        g.temperature = 0.7;
        g.topP = 0.95;
        g.topK = 40;
        g.candidateCount = 1;
        g.maxOutputTokens = 256;
        g.stopSequences = {u"END"_s, u"STOP HERE"_s};
        g.seed = 42;
        g.presencePenalty = 0.5;
        g.frequencyPenalty = -0.25;
        g.responseMimeType = u"application/json"_s;
        g.responseSchema = QJsonObject {{"type"_L1, u"OBJECT"_s},
            {"properties"_L1,
                QJsonObject {{"first_name"_L1, QJsonObject {{"type"_L1, u"STRING"_s}}},
                    {"age"_L1, QJsonObject {{"type"_L1, u"INTEGER"_s}, {"nullable"_L1, true}}}}},
            {"required"_L1, QJsonArray {u"first_name"_s}}};
        g.responseLogprobs = true;
        g.logprobs = 3;
        g.responseModalities = {u"TEXT"_s};
        g.mediaResolution = u"MEDIA_RESOLUTION_LOW"_s;
        g.thinkingConfig = ThinkingConfig {true, 1024, QString()};
        g.enableEnhancedCivicAnswers = true;
        list.append({u"generation config"_s, r});
    }
    {
        auto r = GenerateContentRequest::fromPrompt(u"List three colours."_s);
        GenerationConfig &g = r.generationConfig;
        g.temperature = 1.0;
        g.responseMimeType = u"application/json"_s;
        g.responseJsonSchema = QJsonObject {{"type"_L1, u"array"_s},
            {"items"_L1, QJsonObject {{"type"_L1, u"string"_s}, {"enum"_L1, QJsonArray {u"red"_s, u"o'range"_s}}}},
            {"maxItems"_L1, 3}, {"additionalProperties"_L1, false}};
        g.thinkingConfig = ThinkingConfig {std::nullopt, std::nullopt, u"LOW"_s};
        g.speechConfig = QJsonObject {
            {"voiceConfig"_L1, QJsonObject {{"prebuiltVoiceConfig"_L1, QJsonObject {{"voiceName"_L1, u"Kore"_s}}}}}};
        list.append({u"json schema"_s, r});
    }
    {
        auto r = GenerateContentRequest::fromPrompt(u"Say something risky."_s);
        r.safetySettings = {{u"HARM_CATEGORY_HARASSMENT"_s, u"BLOCK_NONE"_s},
            {u"HARM_CATEGORY_DANGEROUS_CONTENT"_s, u"BLOCK_LOW_AND_ABOVE"_s}};
        list.append({u"safety"_s, r});
    }
    {
        auto r = GenerateContentRequest::fromPrompt(u"What is the weather in Paris?"_s);
        r.tools.googleSearch = true;
        r.tools.codeExecution = true;
        r.tools.urlContext = true;
        r.tools.functionDeclarations = QJsonArray {weatherDeclaration()};
        r.toolConfig = QJsonObject {{"functionCallingConfig"_L1,
            QJsonObject {{"mode"_L1, u"ANY"_s}, {"allowedFunctionNames"_L1, QJsonArray {u"get_weather"_s}}}}};
        list.append({u"tools"_s, r});
    }
    {
        GenerateContentRequest r;
        r.contents.append(Content {u"user"_s,
            {Part::fromText(u"What is in this picture?"_s),
                Part::fromInlineData(u"image/png"_s, SampleFiles::tinyPng())}});
        list.append({u"inline image"_s, r});
    }
    {
        GenerateContentRequest r;
        r.contents.append(Content {u"user"_s,
            {Part::fromFileData(u"application/pdf"_s, u"https://example.com/report.pdf"_s),
                Part::fromText(u"Summarize the report."_s)}});
        list.append({u"file data"_s, r});
    }
    {
        GenerateContentRequest r;
        r.contents.append(Content::user(u"Weather in Paris?"_s));
        Part thought = Part::fromText(u"I should call the weather tool."_s);
        thought.thought = true;
        Part call;
        call.kind = Part::Kind::FunctionCall;
        call.functionName = u"get_weather"_s;
        call.functionPayload = QJsonObject {
            {"city_name"_L1, u"Paris"_s}, {"units"_L1, QJsonValue::Null}, {"days"_L1, 2}, {"exact"_L1, false}};
        call.thoughtSignature = QString::fromLatin1(QByteArray("\x01\x02\xfe\xff signature one").toBase64());
        r.contents.append(Content {u"model"_s, {thought, call}});
        r.contents.append(Content {u"user"_s,
            {Part::fromFunctionResponse(
                u"get_weather"_s, QJsonObject {{"temperature"_L1, 21.5}, {"sky"_L1, u"clear"_s}})}});
        Part code;
        code.kind = Part::Kind::ExecutableCode;
        code.language = u"PYTHON"_s;
        code.code = u"print(21.5 * 9 / 5 + 32)"_s;
        Part result;
        result.kind = Part::Kind::CodeExecutionResult;
        result.outcome = u"OUTCOME_OK"_s;
        result.output = u"70.7\n"_s;
        Part answer = Part::fromText(u"It is 21.5 °C (70.7 °F) and clear."_s);
        answer.thoughtSignature = QString::fromLatin1(QByteArray("second signature \x80").toBase64());
        r.contents.append(Content {u"model"_s, {code, result, answer}});
        r.contents.append(Content::user(u"Thanks! And tomorrow?"_s));
        r.tools.functionDeclarations = QJsonArray {weatherDeclaration()};
        r.generationConfig.thinkingConfig = ThinkingConfig {true, -1, QString()};
        list.append({u"multi-turn with thought signatures"_s, r});
    }
    {
        auto r = GenerateContentRequest::fromPrompt(Hostile);
        r.systemInstruction = systemText(Hostile);
        r.generationConfig.stopSequences = {u"\n\nEOF"_s, u"'''"_s, u"\"$(id)\""_s};
        QJsonObject declaration = weatherDeclaration();
        declaration.insert("description"_L1, Hostile);
        r.tools.functionDeclarations = QJsonArray {declaration};
        list.append({u"hostile strings"_s, r});
    }
    {
        auto r = GenerateContentRequest::fromPrompt(u"Use the cache."_s);
        r.cachedContent = u"cachedContents/abc-123"_s;
        r.generationConfig.imageConfig = QJsonObject {{"aspectRatio"_L1, u"16:9"_s}};
        list.append({u"cached content"_s, r, false});
    }
    return list;
}

QString sourceDir()
{
    const QString fromEnv = qEnvironmentVariable("ALHENA_SOURCE_DIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QFileInfo(QStringLiteral(__FILE__)).absoluteDir().absoluteFilePath(u".."_s);
}

QString pythonProgram()
{
    const QString p = QStandardPaths::findExecutable(u"python3"_s);
    return p.isEmpty() ? QStandardPaths::findExecutable(u"python"_s) : p;
}

// (Plain string literals: moc cannot read raw ones.)
// A stand-in for the google-genai package (PyPI is out of reach here), strict where the real one
// is: each types.X accepts only the fields the SDK declares, dict keys of typed structures must be
// snake_case, bytes fields must be bytes. It converts the call the way the SDK does (config fields
// that are request fields go to the top, the rest into generationConfig, http_options.extra_body is
// merged into the body) and POSTs it, so the fake server sees what the real SDK would send.
const char *const PythonTypesStub
    = "class _Typed:\n"
      "    FIELDS = ()\n"
      "\n"
      "    def __init__(self, **fields):\n"
      "        unknown = sorted(set(fields) - set(self.FIELDS))\n"
      "        if unknown:\n"
      "            raise TypeError(f\"{type(self).__name__} has no field(s) {unknown}\")\n"
      "        self.fields = fields\n"
      "\n"
      "\n"
      "def _type(name, fields):\n"
      "    return type(name, (_Typed,), {\"FIELDS\": tuple(fields.split())})\n"
      "\n"
      "\n"
      "HttpOptions = _type(\"HttpOptions\", \"base_url api_version headers timeout extra_body\")\n"
      "GenerateContentConfig = _type(\n"
      "    \"GenerateContentConfig\",\n"
      "    \"http_options system_instruction temperature top_p top_k candidate_count max_output_tokens \"\n"
      "    \"stop_sequences response_logprobs logprobs presence_penalty frequency_penalty seed \"\n"
      "    \"response_mime_type response_schema response_json_schema routing_config model_selection_config \"\n"
      "    \"safety_settings tools tool_config labels cached_content response_modalities media_resolution \"\n"
      "    \"speech_config audio_timestamp automatic_function_calling thinking_config image_config\",\n"
      ")\n"
      "ThinkingConfig = _type(\"ThinkingConfig\", \"include_thoughts thinking_budget thinking_level\")\n"
      "SafetySetting = _type(\"SafetySetting\", \"method category threshold\")\n"
      "Tool = _type(\n"
      "    \"Tool\",\n"
      "    \"function_declarations retrieval google_search_retrieval computer_use file_search code_execution \"\n"
      "    \"enterprise_web_search google_maps url_context google_search\",\n"
      ")\n"
      "GoogleSearch = _type(\"GoogleSearch\", \"time_range_filter exclude_domains\")\n"
      "ToolCodeExecution = _type(\"ToolCodeExecution\", \"\")\n"
      "UrlContext = _type(\"UrlContext\", \"\")\n"
      "\n";

const char *const PythonGenaiStub
    = "import base64\n"
      "import json\n"
      "import urllib.error\n"
      "import urllib.request\n"
      "\n"
      "from . import types\n"
      "\n"
      "_FREE = {\"args\", \"response\", \"response_schema\", \"response_json_schema\", \"parameters\",\n"
      "         \"parameters_json_schema\", \"response_json_schema\", \"extra_body\"}\n"
      "_TOP = {\"system_instruction\", \"safety_settings\", \"tools\", \"tool_config\", \"cached_content\"}\n"
      "_BYTES = {\"data\", \"thought_signature\"}\n"
      "\n"
      "\n"
      "def _camel(key):\n"
      "    head, *rest = key.split(\"_\")\n"
      "    return head + \"\".join(p[:1].upper() + p[1:] for p in rest)\n"
      "\n"
      "\n"
      "def _wire(value, free=False, key=None):\n"
      "    if isinstance(value, types._Typed):\n"
      "        value = value.fields\n"
      "    if key in _BYTES and not free and not isinstance(value, bytes):\n"
      "        raise TypeError(f\"{key} must be bytes, not {type(value).__name__}\")\n"
      "    if isinstance(value, bytes):\n"
      "        return base64.b64encode(value).decode(\"ascii\")\n"
      "    if isinstance(value, dict):\n"
      "        out = {}\n"
      "        for k, v in value.items():\n"
      "            if not free and k != k.lower():\n"
      "                raise TypeError(f\"the SDK field {k!r} is not snake_case\")\n"
      "            out[k if free else _camel(k)] = _wire(v, free or k in _FREE, k)\n"
      "        return out\n"
      "    if isinstance(value, (list, tuple)):\n"
      "        return [_wire(v, free) for v in value]\n"
      "    if value is None or isinstance(value, (bool, int, float, str)):\n"
      "        return value\n"
      "    raise TypeError(f\"not JSON: {value!r}\")\n"
      "\n"
      "\n"
      "def _merge(target, extra):\n"
      "    for k, v in extra.items():\n"
      "        if isinstance(v, dict) and isinstance(target.get(k), dict):\n"
      "            _merge(target[k], v)\n"
      "        else:\n"
      "            target[k] = v\n"
      "\n"
      "\n"
      "class _Response:\n"
      "    def __init__(self, data):\n"
      "        self._data = data\n"
      "\n"
      "    @property\n"
      "    def text(self):\n"
      "        candidates = self._data.get(\"candidates\") or []\n"
      "        if not candidates:\n"
      "            return None\n"
      "        parts = (candidates[0].get(\"content\") or {}).get(\"parts\") or []\n"
      "        texts = [p[\"text\"] for p in parts if isinstance(p.get(\"text\"), str) and not p.get(\"thought\")]\n"
      "        return \"\".join(texts) if texts else None\n"
      "\n"
      "\n"
      "class _Models:\n"
      "    def __init__(self, api_key, options):\n"
      "        self._api_key = api_key\n"
      "        self._options = options\n"
      "\n"
      "    def generate_content(self, *, model, contents, config=None):\n"
      "        fields = dict(config.fields) if config is not None else {}\n"
      "        options = fields.pop(\"http_options\", None)\n"
      "        body = {\"contents\": _wire(contents)}\n"
      "        generation = {}\n"
      "        for key, value in fields.items():\n"
      "            (body if key in _TOP else generation)[_camel(key)] = _wire(value, key in _FREE, key)\n"
      "        if generation:\n"
      "            body[\"generationConfig\"] = generation\n"
      "        for o in (self._options, options):\n"
      "            if o is not None and o.fields.get(\"extra_body\"):\n"
      "                _merge(body, o.fields[\"extra_body\"])\n"
      "        base = \"https://generativelanguage.googleapis.com\"\n"
      "        version = \"v1beta\"\n"
      "        if self._options is not None:\n"
      "            base = self._options.fields.get(\"base_url\", base)\n"
      "            version = self._options.fields.get(\"api_version\", version)\n"
      "        if not model.startswith((\"models/\", \"tunedModels/\")):\n"
      "            model = \"models/\" + model\n"
      "        url = f\"{base.rstrip('/')}/{version}/{model}:generateContent\"\n"
      "        request = urllib.request.Request(\n"
      "            url, data=json.dumps(body).encode(\"utf-8\"), method=\"POST\",\n"
      "            headers={\"Content-Type\": \"application/json\", \"x-goog-api-key\": self._api_key})\n"
      "        try:\n"
      "            with urllib.request.urlopen(request) as reply:\n"
      "                return _Response(json.load(reply))\n"
      "        except urllib.error.HTTPError as e:\n"
      "            raise RuntimeError(f\"HTTP {e.code}: {e.read().decode()}\") from None\n"
      "\n"
      "\n"
      "class Client:\n"
      "    def __init__(self, *, api_key, http_options=None):\n"
      "        if not isinstance(api_key, str) or not api_key:\n"
      "            raise ValueError(\"api_key must be a non-empty string\")\n"
      "        self.models = _Models(api_key, http_options)\n"
      "\n";

struct RunResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

void writeText(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly) && f.write(text) == text.size(), qPrintable(path));
}

} // namespace

class tst_codesnippet final : public QObject
{
    Q_OBJECT

private:
    // What the app itself sends for the request, and the answer it gets.
    struct Reference
    {
        QJsonObject body;
        QString answer;
    };

    void appReference(ClientFixture &fixture, const GenerateContentRequest &request, Reference &out)
    {
        fixture.server.clearRequests();
        GenerateCall *call = fixture.client->generateContent(Model, request);
        call->setAutoDelete(false);
        QSignalSpy finished(call, &GenerateCall::finished);
        QSignalSpy failed(call, &GenerateCall::failed);
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() + failed.size() > 0, 20000);
        QVERIFY2(failed.isEmpty(), qPrintable(call->error().message));
        out.answer = call->response().text();
        delete call;
        QCOMPARE(fixture.server.requests().size(), 1);
        out.body = fixture.server.requests().constFirst().json();
        QVERIFY(!out.body.isEmpty());
        fixture.server.clearRequests();
    }

    // Runs a program while the event loop serves the in-process fake server.
    void run(const QString &program, const QStringList &args, const QString &workDir, const QString &key,
        RunResult &result, const QHash<QString, QString> &extraEnv = {})
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"GEMINI_API_KEY"_s, key);
        for (auto it = extraEnv.constBegin(); it != extraEnv.constEnd(); ++it)
            env.insert(it.key(), it.value());
        process.setProcessEnvironment(env);
        process.setWorkingDirectory(workDir);
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(program, args);
        QVERIFY2(process.waitForStarted(10000), qPrintable(program + u": "_s + process.errorString()));
        QVERIFY2(finished.wait(60000) || !finished.isEmpty(), qPrintable(program + u" did not finish"_s));
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
    }

    void snippetRequest(ClientFixture &fixture, QJsonObject &body, int &requestCount)
    {
        const auto received = fixture.server.requests(u":generateContent"_s);
        requestCount = int(received.size());
        if (!received.isEmpty())
            body = received.constLast().json();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<FakeGeminiServer::Request>();
        QFile::remove(u"/tmp/alhena-hostile"_s);
    }

    void cleanupTestCase()
    {
        // A hostile prompt that reached a shell would have created this file.
        QVERIFY(!QFile::exists(u"/tmp/alhena-hostile"_s));
    }

    void languageNames()
    {
        QCOMPARE(CodeSnippet::languageName(Language::Curl), u"curl"_s);
        QCOMPARE(CodeSnippet::languageName(Language::Python), u"Python"_s);
        QCOMPARE(CodeSnippet::languageName(Language::JavaScript), u"JavaScript"_s);
    }

    // The simplest request, whole: pins the layout users copy.
    void textOnlyExact()
    {
        const auto request = GenerateContentRequest::fromPrompt(u"Hello, world"_s);
        QCOMPARE(CodeSnippet::generate(Language::Curl, Model, request),
            u"curl \"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent\" \\\n"
            "  -H \"x-goog-api-key: $GEMINI_API_KEY\" \\\n"
            "  -H \"Content-Type: application/json\" \\\n"
            "  -X POST \\\n"
            "  --data-binary @- <<'EOF'\n"
            "{\n"
            "    \"contents\": [\n"
            "        {\n"
            "            \"parts\": [\n"
            "                {\n"
            "                    \"text\": \"Hello, world\"\n"
            "                }\n"
            "            ],\n"
            "            \"role\": \"user\"\n"
            "        }\n"
            "    ]\n"
            "}\n"
            "EOF\n"_s);
        QCOMPARE(CodeSnippet::generate(Language::Python, Model, request),
            u"# pip install google-genai\n"
            "import os\n"
            "\n"
            "from google import genai\n"
            "from google.genai import types\n"
            "\n"
            "client = genai.Client(api_key=os.environ[\"GEMINI_API_KEY\"])\n"
            "\n"
            "response = client.models.generate_content(\n"
            "    model=\"gemini-2.5-flash\",\n"
            "    contents=[{\"role\": \"user\", \"parts\": [{\"text\": \"Hello, world\"}]}],\n"
            ")\n"
            "\n"
            "print(response.text)\n"_s);
        QCOMPARE(CodeSnippet::generate(Language::JavaScript, Model, request),
            u"// npm install @google/genai   (an ES module: save as main.mjs, run with node main.mjs)\n"
            "import { GoogleGenAI } from \"@google/genai\";\n"
            "\n"
            "const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });\n"
            "\n"
            "const response = await ai.models.generateContent({\n"
            "  model: \"gemini-2.5-flash\",\n"
            "  contents: [{ role: \"user\", parts: [{ text: \"Hello, world\" }] }],\n"
            "});\n"
            "\n"
            "console.log(response.text);\n"_s);
    }

    void fields_data()
    {
        QTest::addColumn<GenerateContentRequest>("request");
        QTest::addColumn<QStringList>("curl");
        QTest::addColumn<QStringList>("python");
        QTest::addColumn<QStringList>("javaScript");
        QTest::addColumn<QStringList>("absent"); // from every language

        const QList<Sample> all = samples();
        auto sample = [&](const QString &name) {
            for (const Sample &s : all) {
                if (s.name == name)
                    return s.request;
            }
            qFatal("no sample %s", qPrintable(name));
        };
        const QStringList configKeys {u"temperature"_s, u"top_p"_s, u"topP"_s, u"topK"_s, u"top_k"_s, u"seed"_s,
            u"safety"_s, u"Safety"_s, u"tools"_s, u"system"_s, u"System"_s, u"thinking"_s, u"Thinking"_s, u"mime"_s,
            u"Mime"_s, u"schema"_s, u"Schema"_s};

        QTest::newRow("text only") << sample(u"text only"_s) << QStringList {u"\"text\": \"Hello, world\""_s}
                                   << QStringList {u"{\"text\": \"Hello, world\"}"_s}
                                   << QStringList {u"{ text: \"Hello, world\" }"_s}
                                   << (configKeys
                                          + QStringList {u"config"_s, u"import base64"_s, u"http_options"_s,
                                              u"httpOptions"_s, u"generationConfig"_s, u"EOF_"_s});

        QTest::newRow("system instruction")
            << sample(u"system instruction"_s)
            << QStringList {u"\"systemInstruction\": {\n        \"parts\": [\n            {\n                \"text\": "
                            "\"Answer in French, briefly.\""_s}
            << QStringList {u"config=types.GenerateContentConfig(\n"
                            "        system_instruction={\"parts\": [{\"text\": \"Answer in French, briefly.\"}]},\n"
                            "    ),"_s}
            << QStringList {u"config: { systemInstruction: { parts: [{ text: \"Answer in French, briefly.\" }] } },"_s}
            << QStringList {u"temperature"_s, u"generationConfig"_s, u"\"role\": \"\""_s, u"role: \"\""_s};

        QTest::newRow("generation config")
            << sample(u"generation config"_s)
            << QStringList {u"\"temperature\": 0.7"_s, u"\"topP\": 0.95"_s, u"\"topK\": 40"_s,
                   u"\"candidateCount\": 1"_s, u"\"maxOutputTokens\": 256"_s, u"\"seed\": 42"_s,
                   u"\"presencePenalty\": 0.5"_s, u"\"frequencyPenalty\": -0.25"_s,
                   u"\"responseMimeType\": \"application/json\""_s, u"\"responseSchema\": {"_s,
                   u"\"responseLogprobs\": true"_s, u"\"logprobs\": 3"_s,
                   u"\"mediaResolution\": \"MEDIA_RESOLUTION_LOW\""_s, u"\"includeThoughts\": true"_s,
                   u"\"thinkingBudget\": 1024"_s, u"\"enableEnhancedCivicAnswers\": true"_s, u"\"END\","_s}
            << QStringList {u"temperature=0.7,"_s, u"top_p=0.95,"_s, u"top_k=40,"_s, u"candidate_count=1,"_s,
                   u"max_output_tokens=256,"_s, u"stop_sequences=[\"END\", \"STOP HERE\"],"_s,
                   u"presence_penalty=0.5,"_s, u"frequency_penalty=-0.25,"_s, u"seed=42,"_s,
                   u"response_mime_type=\"application/json\","_s, u"response_schema={"_s,
                   u"\"age\": {\"nullable\": True, \"type\": \"INTEGER\"},\n"_s,
                   u"\"first_name\": {\"type\": \"STRING\"},\n"_s, u"\"required\": [\"first_name\"],"_s,
                   u"response_logprobs=True,"_s, u"logprobs=3,"_s, u"response_modalities=[\"TEXT\"],"_s,
                   u"media_resolution=\"MEDIA_RESOLUTION_LOW\","_s,
                   u"thinking_config=types.ThinkingConfig(include_thoughts=True, thinking_budget=1024),"_s,
                   u"http_options=types.HttpOptions(\n"
                   "            extra_body={\"generationConfig\": {\"enableEnhancedCivicAnswers\": True}}"_s}
            << QStringList {u"temperature: 0.7,"_s, u"topP: 0.95,"_s, u"topK: 40,"_s, u"candidateCount: 1,"_s,
                   u"maxOutputTokens: 256,"_s, u"stopSequences: [\"END\", \"STOP HERE\"],"_s,
                   u"presencePenalty: 0.5,"_s, u"frequencyPenalty: -0.25,"_s, u"seed: 42,"_s,
                   u"responseMimeType: \"application/json\","_s, u"required: [\"first_name\"],"_s,
                   u"responseLogprobs: true,"_s, u"logprobs: 3,"_s, u"responseModalities: [\"TEXT\"],"_s,
                   u"mediaResolution: \"MEDIA_RESOLUTION_LOW\","_s,
                   u"thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 },"_s,
                   u"httpOptions: { extraBody: { generationConfig: { enableEnhancedCivicAnswers: true } } },"_s}
            << QStringList {u"responseJsonSchema"_s, u"response_json_schema"_s, u"speech"_s, u"thinkingLevel"_s,
                   u"thinking_level"_s, u"safety"_s, u"tools"_s, u"system"_s};

        QTest::newRow("json schema")
            << sample(u"json schema"_s)
            << QStringList {u"\"responseJsonSchema\": {"_s, u"\"thinkingLevel\": \"LOW\""_s, u"\"temperature\": 1,\n"_s,
                   u"\"voiceName\": \"Kore\""_s, u"\"o'range\""_s}
            << QStringList {u"temperature=1.0,"_s, u"response_json_schema={"_s, u"\"additionalProperties\": False,"_s,
                   u"\"maxItems\": 3"_s, u"\"enum\": [\"red\", \"o'range\"]"_s,
                   u"thinking_config=types.ThinkingConfig(thinking_level=\"LOW\"),"_s,
                   u"speech_config={\"voice_config\": {\"prebuilt_voice_config\": {\"voice_name\": \"Kore\"}}},"_s}
            << QStringList {u"temperature: 1,"_s, u"responseJsonSchema: {"_s, u"additionalProperties: false,"_s,
                   u"thinkingConfig: { thinkingLevel: \"LOW\" },"_s,
                   u"speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: \"Kore\" } } },"_s}
            << QStringList {u"responseSchema"_s, u"response_schema"_s, u"includeThoughts"_s, u"thinkingBudget"_s,
                   u"include_thoughts"_s, u"thinking_budget"_s, u"top"_s, u"extra"_s};

        QTest::newRow("safety")
            << sample(u"safety"_s)
            << QStringList {u"\"safetySettings\": [\n        {\n            \"category\": "
                            "\"HARM_CATEGORY_HARASSMENT\",\n            \"threshold\": \"BLOCK_NONE\""_s}
            << QStringList {u"safety_settings=[\n"
                            "            types.SafetySetting(category=\"HARM_CATEGORY_HARASSMENT\", "
                            "threshold=\"BLOCK_NONE\"),\n"
                            "            types.SafetySetting(\n"
                            "                category=\"HARM_CATEGORY_DANGEROUS_CONTENT\",\n"
                            "                threshold=\"BLOCK_LOW_AND_ABOVE\",\n"
                            "            ),\n"
                            "        ],"_s}
            << QStringList {u"{ category: \"HARM_CATEGORY_HARASSMENT\", threshold: \"BLOCK_NONE\" },"_s,
                   u"safetySettings: ["_s}
            << QStringList {u"temperature"_s, u"tools"_s, u"generationConfig"_s};

        QTest::newRow("tools")
            << sample(u"tools"_s)
            << QStringList {u"\"googleSearch\": {\n"_s, u"\"codeExecution\": {\n"_s, u"\"urlContext\": {\n"_s,
                   u"\"functionDeclarations\": ["_s, u"\"toolConfig\": {"_s, u"\"allowedFunctionNames\": ["_s}
            << QStringList {u"types.Tool(google_search=types.GoogleSearch()),"_s,
                   u"types.Tool(code_execution=types.ToolCodeExecution()),"_s,
                   u"types.Tool(url_context=types.UrlContext()),"_s,
                   u"types.Tool(\n                function_declarations=["_s,
                   u"\"description\": \"The weather of a city.\""_s, u"\"name\": \"get_weather\""_s,
                   u"\"properties\": {\"city_name\": {\"type\": \"STRING\"}}"_s,
                   u"tool_config={\n"
                   "            \"function_calling_config\": {\"allowed_function_names\": [\"get_weather\"], \"mode\": "
                   "\"ANY\"},\n"
                   "        },"_s}
            << QStringList {u"{ googleSearch: {} },"_s, u"{ codeExecution: {} },"_s, u"{ urlContext: {} },"_s,
                   u"functionDeclarations: ["_s, u"properties: { city_name: { type: \"STRING\" } },"_s,
                   u"toolConfig: { functionCallingConfig: { allowedFunctionNames: [\"get_weather\"], mode: \"ANY\" } },"_s}
            << QStringList {u"temperature"_s, u"safety"_s, u"generationConfig"_s, u"google_search_retrieval"_s};

        const QString pngBase64 = QString::fromLatin1(SampleFiles::tinyPng().toBase64());
        QTest::newRow("inline image")
            << sample(u"inline image"_s)
            << QStringList {u"\"inlineData\": {\n"_s, u"\"data\": \""_s + pngBase64 + u'"',
                   u"\"mimeType\": \"image/png\""_s}
            << QStringList {u"import base64\nimport os\n"_s,
                   u"\"inline_data\": {\n                        \"mime_type\": \"image/png\",\n"_s,
                   u"\"data\": base64.b64decode(\""_s + pngBase64 + u"\"),\n"_s}
            << QStringList {u"inlineData: {\n"_s, u"mimeType: \"image/png\","_s, u"data: \""_s + pngBase64 + u'"'}
            << QStringList {u"config"_s, u"fileData"_s, u"file_data"_s};

        QTest::newRow("file data")
            << sample(u"file data"_s) << QStringList {u"\"fileUri\": \"https://example.com/report.pdf\""_s}
            << QStringList {u"\"file_data\": {\n"
                            "                        \"file_uri\": \"https://example.com/report.pdf\",\n"
                            "                        \"mime_type\": \"application/pdf\",\n"
                            "                    },"_s}
            << QStringList {u"{ fileData: { fileUri: \"https://example.com/report.pdf\", mimeType: "
                            "\"application/pdf\" } },"_s}
            << QStringList {u"config"_s, u"inline"_s, u"import base64"_s};

        const QString signature1 = QString::fromLatin1(QByteArray("\x01\x02\xfe\xff signature one").toBase64());
        const QString signature2 = QString::fromLatin1(QByteArray("second signature \x80").toBase64());
        QTest::newRow("multi-turn")
            << sample(u"multi-turn with thought signatures"_s)
            << QStringList {u"\"thoughtSignature\": \""_s + signature1 + u'"', u"\"thought\": true"_s,
                   u"\"role\": \"model\""_s, u"\"functionResponse\": {"_s, u"\"thinkingBudget\": -1"_s}
            << QStringList {u"import base64\n"_s,
                   u"\"thought_signature\": base64.b64decode(\""_s + signature1 + u"\")"_s,
                   u"\"thought_signature\": base64.b64decode(\""_s + signature2 + u"\")"_s,
                   u"{\"text\": \"I should call the weather tool.\", \"thought\": True},"_s,
                   u"\"function_call\": {\n"_s,
                   u"\"args\": {\"city_name\": \"Paris\", \"days\": 2, \"exact\": False, "
                   "\"units\": None},"_s,
                   u"\"function_response\": {\n"_s,
                   u"\"response\": {\"sky\": \"clear\", "
                   "\"temperature\": 21.5},"_s,
                   u"\"executable_code\": {\"language\": \"PYTHON\", \"code\": \"print(21.5 * 9 / 5 + 32)\"}"_s,
                   u"\"code_execution_result\": {\"outcome\": \"OUTCOME_OK\", \"output\": "
                   "\"70.7\\n\"}"_s,
                   u"thinking_config=types.ThinkingConfig(include_thoughts=True, "
                   "thinking_budget=-1)"_s}
            << QStringList {u"thoughtSignature: \""_s + signature1 + u'"',
                   u"thoughtSignature: \""_s + signature2 + u'"',
                   u"{ text: \"I should call the weather tool.\", thought: true },"_s,
                   u"args: { city_name: \"Paris\", days: 2, exact: false, units: null },"_s,
                   u"executableCode: { language: \"PYTHON\", code: \"print(21.5 * 9 / 5 + 32)\" } },"_s,
                   u"codeExecutionResult: { outcome: \"OUTCOME_OK\", output: \"70.7\\n\" } },"_s}
            << QStringList {u"topP"_s, u"top_p"_s, u"safety"_s, u"\"thought\": false"_s};

        // Hostile text: each language escapes it its own way; nothing of it runs or hides.
        QTest::newRow("hostile strings")
            << sample(u"hostile strings"_s)
            << QStringList {u"<<'EOF'\n"_s, u"\\\"hi\\\""_s, u"\\\\ back\\\\slash \\\\n not-a-newline \\\\u0041\\n"_s,
                   u"$(rm -rf /tmp/alhena-hostile)"_s, u"\\nEOF\\nEOF_1\\n'EOF'\\n"_s, u"bidi \\u202egnp.exe\\u202c"_s,
                   u"zero\\u200bwidth line\\u2028sep para\\u2029sep bom\\ufeff"_s, u"\\u0000"_s, u"👩‍💻 𝄞"_s}
            << QStringList {u"\\\"hi\\\" and 'bye' \\\\ back\\\\slash \\\\n not-a-newline \\\\u0041\\n"_s,
                   u"$(rm -rf /tmp/alhena-hostile) `touch /tmp/alhena-hostile` ${HOME} $GEMINI_API_KEY\\n"_s,
                   u"\\\"\\\"\\\"triple\\\"\\\"\\\" '''triple''' </script> // # comment\\n"_s,
                   u"tab\\there cr\\rhere nul\\x00here esc\\x1bhere del\\x7fhere\\n"_s,
                   u"bidi \\u202egnp.exe\\u202c zero\\u200bwidth line\\u2028sep para\\u2029sep bom\\ufeff\\n"_s,
                   u"日本語 Ünïcödé 👩‍💻 𝄞 end"_s,
                   u"stop_sequences=[\"\\n\\nEOF\", \"'''\", \"\\\"$(id)\\\"\"],"_s}
            << QStringList {u"\\\"hi\\\" and 'bye' \\\\ back\\\\slash \\\\n not-a-newline \\\\u0041\\n"_s,
                   u"tab\\there cr\\rhere nul\\x00here esc\\x1bhere del\\x7fhere\\n"_s,
                   u"bidi \\u202egnp.exe\\u202c zero\\u200bwidth"_s,
                   u"stopSequences: [\"\\n\\nEOF\", \"'''\", "
                   "\"\\\"$(id)\\\"\"],"_s}
            << QStringList {u"\u202e"_s, u"\u2028"_s, u"\u2029"_s, u"\ufeff"_s, u"\u200b"_s, QString(QChar(0)),
                   u"\u001b"_s, u"\r"_s, u"\t"_s};

        QTest::newRow("cached content")
            << sample(u"cached content"_s) << QStringList {u"\"cachedContent\": \"cachedContents/abc-123\""_s}
            << QStringList {u"cached_content=\"cachedContents/abc-123\","_s,
                   u"image_config={\"aspect_ratio\": \"16:9\"},"_s}
            << QStringList {u"config: { imageConfig: { aspectRatio: \"16:9\" }, cachedContent: \"cachedContents/abc-123\" },"_s}
            << QStringList {u"safety"_s, u"tools"_s, u"temperature"_s};
    }

    void fields()
    {
        QFETCH(GenerateContentRequest, request);
        QFETCH(QStringList, curl);
        QFETCH(QStringList, python);
        QFETCH(QStringList, javaScript);
        QFETCH(QStringList, absent);

        const QList<std::pair<Language, QStringList>> expectations {
            {Language::Curl, curl}, {Language::Python, python}, {Language::JavaScript, javaScript}};
        for (const auto &[language, wanted] : expectations) {
            const QString code = CodeSnippet::generate(language, Model, request);
            for (const QString &w : wanted) {
                if (!code.contains(w))
                    qWarning().noquote() << code;
                QVERIFY2(code.contains(w), qPrintable(CodeSnippet::languageName(language) + u": missing "_s + w));
            }
            for (const QString &a : absent) {
                QVERIFY2(!code.contains(a), qPrintable(CodeSnippet::languageName(language) + u": has "_s + a));
            }
            QVERIFY(code.contains(u"GEMINI_API_KEY"_s));
        }
    }

    // The body of the curl snippet is exactly the request: parse it back.
    void curlBodyIsTheRequest_data()
    {
        QTest::addColumn<GenerateContentRequest>("request");
        for (const Sample &s : samples())
            QTest::newRow(qPrintable(s.name)) << s.request;
    }

    void curlBodyIsTheRequest()
    {
        QFETCH(GenerateContentRequest, request);
        const QString code = CodeSnippet::generate(Language::Curl, Model, request);
        const qsizetype start = code.indexOf(u"<<'"_s);
        QVERIFY(start > 0);
        const qsizetype lineEnd = code.indexOf(u'\n', start);
        const QString delimiter = code.mid(start + 3, lineEnd - start - 4);
        QVERIFY(code.endsWith(u'\n' + delimiter + u'\n'));
        const QString json = code.mid(lineEnd + 1, code.size() - lineEnd - 1 - delimiter.size() - 1);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object(), request.toJson());
    }

    void endpoint_data()
    {
        QTest::addColumn<QUrl>("base");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("curlUrl");
        QTest::addColumn<QString>("pythonOptions"); // empty: none
        QTest::addColumn<QString>("javaScriptOptions");

        QTest::newRow("google, trailing slash")
            << QUrl(u"https://generativelanguage.googleapis.com/"_s) << u"v1beta"_s
            << u"curl \"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent\""_s
            << QString() << QString();
        QTest::newRow("v1")
            << QUrl(u"https://generativelanguage.googleapis.com"_s) << u"v1"_s
            << u"curl \"https://generativelanguage.googleapis.com/v1/models/gemini-2.5-flash:generateContent\""_s
            << u"http_options=types.HttpOptions(api_version=\"v1\")"_s << u"httpOptions: { apiVersion: \"v1\" }"_s;
        QTest::newRow("proxy with path")
            << QUrl(u"https://proxy.example.com/gemini/"_s) << u"v1beta"_s
            << u"curl \"https://proxy.example.com/gemini/v1beta/models/gemini-2.5-flash:generateContent\""_s
            << u"http_options=types.HttpOptions(base_url=\"https://proxy.example.com/gemini\")"_s
            << u"httpOptions: { baseUrl: \"https://proxy.example.com/gemini\" }"_s;
        QTest::newRow("shell characters")
            << QUrl(u"http://localhost:8080/a$b'c"_s) << u"v1beta"_s
            << u"curl 'http://localhost:8080/a$b'\\''c/v1beta/models/gemini-2.5-flash:generateContent'"_s
            << u"base_url=\"http://localhost:8080/a$b'c\""_s << u"baseUrl: \"http://localhost:8080/a$b'c\""_s;
    }

    void endpoint()
    {
        QFETCH(QUrl, base);
        QFETCH(QString, version);
        QFETCH(QString, curlUrl);
        QFETCH(QString, pythonOptions);
        QFETCH(QString, javaScriptOptions);
        const auto request = GenerateContentRequest::fromPrompt(u"Hi"_s);
        const CodeSnippet::Endpoint endpoint {base, version};
        QVERIFY2(CodeSnippet::generate(Language::Curl, Model, request, endpoint).startsWith(curlUrl + u" \\\n"_s),
            qPrintable(CodeSnippet::generate(Language::Curl, Model, request, endpoint)));
        const QString python = CodeSnippet::generate(Language::Python, Model, request, endpoint);
        const QString javaScript = CodeSnippet::generate(Language::JavaScript, Model, request, endpoint);
        if (pythonOptions.isEmpty()) {
            QVERIFY(!python.contains(u"http_options"_s));
            QVERIFY(!javaScript.contains(u"httpOptions"_s));
        } else {
            QVERIFY2(python.contains(pythonOptions), qPrintable(python));
            QVERIFY2(javaScript.contains(javaScriptOptions), qPrintable(javaScript));
        }
    }

    void modelNames_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("urlPart");
        QTest::addColumn<QString>("sdkModel");
        QTest::newRow("id") << u"gemini-2.5-pro"_s << u"/models/gemini-2.5-pro:"_s << u"\"gemini-2.5-pro\""_s;
        QTest::newRow("resource") << u"models/gemini-2.5-pro"_s << u"/models/gemini-2.5-pro:"_s
                                  << u"\"gemini-2.5-pro\""_s;
        QTest::newRow("tuned") << u"tunedModels/my-model"_s << u"/tunedModels/my-model:"_s
                               << u"\"tunedModels/my-model\""_s;
        QTest::newRow("hostile") << u"x\"; rm -rf ~; echo \""_s << u"/models/x%22;%20rm%20-rf%20~;%20echo%20%22:"_s
                                 << u"\"x\\\"; rm -rf ~; echo \\\"\""_s;
        QTest::newRow("empty") << QString() << u"/models/:generateContent"_s << u"\"\""_s;
    }

    void modelNames()
    {
        QFETCH(QString, model);
        QFETCH(QString, urlPart);
        QFETCH(QString, sdkModel);
        const auto request = GenerateContentRequest::fromPrompt(u"Hi"_s);
        const QString curl = CodeSnippet::generate(Language::Curl, model, request);
        QVERIFY2(curl.section(u'\n', 0, 0).contains(urlPart), qPrintable(curl));
        QVERIFY(!curl.section(u'\n', 0, 0).contains(u"rm -rf"_s));
        QVERIFY(CodeSnippet::generate(Language::Python, model, request).contains(u"model="_s + sdkModel + u','));
        QVERIFY(CodeSnippet::generate(Language::JavaScript, model, request).contains(u"model: "_s + sdkModel + u','));
    }

    // Megabytes of attachment stay one literal, made quickly.
    void hugeInlineData()
    {
        GenerateContentRequest request;
        const QByteArray data = SampleFiles::randomBytes(6 * 1024 * 1024, 7);
        request.contents.append(
            Content {u"user"_s, {Part::fromInlineData(u"application/octet-stream"_s, data), Part::fromText(u"?"_s)}});
        const QString base64 = QString::fromLatin1(data.toBase64());
        QElapsedTimer timer;
        timer.start();
        for (const Language language : {Language::Curl, Language::Python, Language::JavaScript}) {
            const QString code = CodeSnippet::generate(language, Model, request);
            QVERIFY(code.contains(base64));
            QVERIFY(code.size() < base64.size() + 2000);
        }
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
    }

    // Degenerate input still gives well-formed code (the server then says what is wrong).
    void emptyRequest()
    {
        const GenerateContentRequest request;
        QVERIFY(CodeSnippet::generate(Language::Curl, Model, request).contains(u"\"contents\": [\n    ]"_s));
        QVERIFY(CodeSnippet::generate(Language::Python, Model, request).contains(u"contents=[])"_s));
        QVERIFY(CodeSnippet::generate(Language::JavaScript, Model, request).contains(u"contents: [] });"_s));
        QVERIFY(CodeSnippet::languageName(Language(42)).isEmpty());
        QVERIFY(CodeSnippet::generate(Language(42), Model, request).isEmpty());
    }

    // Every Python snippet is valid Python 3 (the SDK itself cannot be installed here).
    void pythonParses()
    {
        const QString python = pythonProgram();
        if (python.isEmpty())
            QSKIP("python3 is not installed");
        QList<Sample> all = samples();
        all.append({u"empty"_s, GenerateContentRequest()});
        for (const Sample &s : all) {
            QProcess process;
            process.start(python, {u"-c"_s, u"import ast, sys; ast.parse(sys.stdin.buffer.read().decode('utf-8'))"_s});
            QVERIFY(process.waitForStarted());
            process.write(CodeSnippet::generate(Language::Python, Model, s.request).toUtf8());
            process.closeWriteChannel();
            QVERIFY(process.waitForFinished(30000));
            QVERIFY2(process.exitCode() == 0,
                qPrintable(s.name + u": "_s + QString::fromUtf8(process.readAllStandardError())));
        }
    }

    void runs_data()
    {
        QTest::addColumn<int>("language");
        QTest::addColumn<GenerateContentRequest>("request");
        const QList<Sample> all = samples();
        for (const Language language : {Language::Curl, Language::JavaScript, Language::Python}) {
            for (const Sample &s : all) {
                if (s.runnable)
                    QTest::addRow("%s: %s", qPrintable(CodeSnippet::languageName(language)), qPrintable(s.name))
                        << int(language) << s.request;
            }
        }
    }

    // The snippet, run against the fake server, sends what the app sends and gets the same answer.
    void runs()
    {
        QFETCH(int, language);
        QFETCH(GenerateContentRequest, request);
        const auto lang = Language(language);

        ClientFixture fixture;
        Reference reference;
        appReference(fixture, request, reference);
        if (QTest::currentTestFailed())
            return;

        const CodeSnippet::Endpoint endpoint {fixture.server.baseUrl(), u"v1beta"_s};
        const QString code = CodeSnippet::generate(lang, Model, request, endpoint);
        QVERIFY(!code.contains(fixture.server.apiKey()));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        RunResult result;
        QHash<QString, QString> env;
        QString program;
        QStringList args;
        switch (lang) {
        case Language::Curl:
            writeText(dir.filePath(u"request.sh"_s), code.toUtf8());
            program = u"/bin/bash"_s;
            args = {dir.filePath(u"request.sh"_s)};
            break;
        case Language::JavaScript: {
            const QString modules = sourceDir() + u"/tests/getcode/node_modules"_s;
            QVERIFY2(QFileInfo::exists(modules + u"/@google/genai/package.json"_s),
                qPrintable(u"@google/genai is not installed in "_s + modules
                    + u": run scripts/install-getcode-deps.sh (needs npm and network access)"_s));
            // ESM resolves bare imports from the importing file's folders, not NODE_PATH: a link
            // next to the script reaches the pinned package without writing into the source tree.
            QVERIFY(QFile::link(modules, dir.filePath(u"node_modules"_s)));
            writeText(dir.filePath(u"main.mjs"_s), code.toUtf8());
            program = QStandardPaths::findExecutable(u"node"_s);
            QVERIFY2(!program.isEmpty(), "node is not installed");
            args = {dir.filePath(u"main.mjs"_s)};
            break;
        }
        case Language::Python: {
            program = pythonProgram();
            if (program.isEmpty())
                QSKIP("python3 is not installed");
            writeText(dir.filePath(u"stub/google/genai/__init__.py"_s), PythonGenaiStub);
            writeText(dir.filePath(u"stub/google/genai/types.py"_s), PythonTypesStub);
            writeText(dir.filePath(u"main.py"_s), code.toUtf8());
            env.insert(u"PYTHONPATH"_s, dir.filePath(u"stub"_s));
            env.insert(u"PYTHONIOENCODING"_s, u"utf-8"_s);
            args = {u"-B"_s, dir.filePath(u"main.py"_s)};
            break;
        }
        }
        if (QTest::currentTestFailed())
            return;
        run(program, args, dir.path(), fixture.server.apiKey(), result, env);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(result.exitCode == 0, result.err.constData());

        QJsonObject body;
        int count = 0;
        snippetRequest(fixture, body, count);
        QCOMPARE(count, 1);
        const auto received = fixture.server.requests(u":generateContent"_s).constLast();
        QCOMPARE(received.header("x-goog-api-key"), fixture.server.apiKey().toUtf8());
        QCOMPARE(received.path, u"/v1beta/models/gemini-2.5-flash:generateContent"_s);

        if (lang == Language::JavaScript) {
            // The SDK rewrites responseSchema (OpenAPI) through its own converter; the samples use
            // the form it leaves unchanged. Compare the request members the app sets.
            const QStringList keys {u"contents"_s, u"systemInstruction"_s, u"generationConfig"_s, u"safetySettings"_s,
                u"tools"_s, u"toolConfig"_s, u"cachedContent"_s};
            // The SDK always sends "generationConfig": {} with a config, which means the same as none.
            if (body.value(u"generationConfig"_s) == QJsonObject())
                body.remove(u"generationConfig"_s);
            for (const QString &key : keys) {
                if (body.value(key) != reference.body.value(key)) {
                    qWarning().noquote() << "snippet:" << QJsonDocument(body.value(key).toObject()).toJson()
                                         << QJsonDocument(QJsonObject {{key, body.value(key)}}).toJson();
                    qWarning().noquote() << "app:"
                                         << QJsonDocument(QJsonObject {{key, reference.body.value(key)}}).toJson();
                }
                QVERIFY2(body.value(key) == reference.body.value(key), qPrintable(key));
            }
            for (const QString &key : body.keys())
                QVERIFY2(keys.contains(key), qPrintable(u"unexpected member "_s + key));
        } else {
            if (body != reference.body) {
                qWarning().noquote() << "snippet:" << QJsonDocument(body).toJson();
                qWarning().noquote() << "app:" << QJsonDocument(reference.body).toJson();
            }
            QCOMPARE(body, reference.body);
        }

        QString answer;
        if (lang == Language::Curl) {
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(result.out, &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            answer = GenerateContentResponse::fromJson(doc.object()).text();
        } else {
            answer = QString::fromUtf8(result.out);
            QVERIFY(answer.endsWith(u'\n'));
            answer.chop(1);
        }
        QVERIFY(!reference.answer.isEmpty());
        QCOMPARE(answer, reference.answer);
    }

    // Without the key in the environment the snippet sends none: it never carries one itself.
    void curlWithoutKeyIsRejected()
    {
        ClientFixture fixture;
        const QString code = CodeSnippet::generate(Language::Curl, Model, GenerateContentRequest::fromPrompt(u"Hi"_s),
            {fixture.server.baseUrl(), u"v1beta"_s});
        QTemporaryDir dir;
        writeText(dir.filePath(u"request.sh"_s), code.toUtf8());
        RunResult result;
        run(u"/bin/bash"_s, {dir.filePath(u"request.sh"_s)}, dir.path(), QString(), result);
        const auto received = fixture.server.requests(u":generateContent"_s);
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.constFirst().header("x-goog-api-key"), QByteArray());
        QVERIFY2(result.out.contains("API key") || result.out.contains("\"code\": 40"), result.out.constData());
    }
};

QTEST_GUILESS_MAIN(tst_codesnippet)
#include "tst_codesnippet.moc"
