// alhena-cli end to end: the real executable in its own process, talking over a loopback socket to
// an in-process FakeGeminiServer. The test never blocks the event loop while the CLI runs (the
// server lives on it): it waits with QSignalSpy::wait / QTRY_*, never QProcess::waitForFinished.
#include "fakefileservice.h"
#include "fakegeminiserver.h"
#include "replybuilder.h"
#include "support/samplefiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QtEndian>

#include <csignal>

using namespace Qt::StringLiterals;
using Script = FakeGeminiServer::Script;

namespace {

using SampleFiles::mp4Bytes;
using SampleFiles::sha256Hex;
using SampleFiles::textBytes;
using SampleFiles::tinyPng;

struct Run
{
    int exitCode = -1;
    bool crashed = false;
    bool timedOut = false;
    QByteArray out;
    QByteArray err;
    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
    // For QVERIFY2: what the process said.
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (crashed ? " (crashed)" : "") + (timedOut ? " (timed out)" : "")
            + "\n--- stdout:\n" + out.left(3000) + "\n--- stderr:\n" + err.left(3000);
    }
};

// A mono 16-bit 8 kHz WAV with 200 samples of a ramp.
QByteArray tinyWav()
{
    QByteArray samples;
    for (int i = 0; i < 200; ++i) {
        char s[2];
        qToLittleEndian<qint16>(qint16(i * 100 - 10000), s);
        samples.append(s, 2);
    }
    auto le32 = [](quint32 v) {
        char b[4];
        qToLittleEndian(v, b);
        return QByteArray(b, 4);
    };
    auto le16 = [](quint16 v) {
        char b[2];
        qToLittleEndian(v, b);
        return QByteArray(b, 2);
    };
    QByteArray wav = "RIFF" + le32(quint32(36 + samples.size())) + "WAVE";
    wav += "fmt " + le32(16) + le16(1) + le16(1) + le32(8000) + le32(16000) + le16(2) + le16(16);
    wav += "data" + le32(quint32(samples.size())) + samples;
    return wav;
}

QByteArray tinyPdf()
{
    return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 "
           ">>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
}

// The upload granularity the fake server uses in these tests (256 KiB), so files stay small.
constexpr qint64 Granule = 256 * 1024;

QJsonObject parseObject(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QJsonObject modelJson(int i, bool generates)
{
    const QString id = generates ? u"test-model-%1"_s.arg(i, 3, 10, QLatin1Char('0'))
                                 : u"test-embedder-%1"_s.arg(i, 3, 10, QLatin1Char('0'));
    QJsonArray methods;
    if (generates)
        methods = {u"generateContent"_s, u"countTokens"_s};
    else
        methods = {u"embedContent"_s};
    QJsonObject m {{u"name"_s, QString(u"models/"_s + id)}, {u"version"_s, u"001"_s},
        {u"displayName"_s, u"Test Model %1"_s.arg(i)}, {u"inputTokenLimit"_s, 1000 + i},
        {u"outputTokenLimit"_s, 2000 + i}, {u"supportedGenerationMethods"_s, methods}};
    if (generates && i % 2 == 0)
        m.insert(u"thinking"_s, true);
    return m;
}

} // namespace

class tst_Cli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void generateStreamsEchoText();
    void streamsAsTextArrives();
    void generationFlagsReachServer_data();
    void generationFlagsReachServer();
    void systemInstruction();
    void modelChoice();
    void apiVersion();
    void endpointPrecedence();
    void unusableEndpoint();
    void attachments_data();
    void attachments();
    void unsupportedAttachmentRefused_data();
    void unsupportedAttachmentRefused();
    void badAttachmentRefused_data();
    void badAttachmentRefused();
    void attachmentsOverInlineLimitSplit();
    void missingKey_data();
    void missingKey();
    void wrongKey();
    void keyFromTheSavedFile_data();
    void keyFromTheSavedFile();
    void keyFromGoogleApiKey();
    void keyNeverAppears();
    void keyOptionRefusedWithoutEcho();
    void retriesAfter503_data();
    void retriesAfter503();
    void retriesDisabled();
    void midStreamErrorKeepsPartialText();
    void directivesThroughThePrompt();
    void truncatedStream_data();
    void truncatedStream();
    void blockedPrompt();
    void finishReasons_data();
    void finishReasons();
    void noStream();
    void jsonOutput_data();
    void jsonOutput();
    void jsonErrorOutput();
    void severalCandidates();
    void thoughtsGoToStderr();
    void usageOnStderr();
    void idleTimeout();
    void invalidGenerationConfig_data();
    void invalidGenerationConfig();
    void jsonSchema();
    void badJsonSchema_data();
    void badJsonSchema();
    void stdinPrompt_data();
    void stdinPrompt();
    void missingPrompt();
    void usageErrors_data();
    void usageErrors();
    void sigintCancelsAndKeepsText();
    void modelsAllPages();
    void modelsJson();
    void modelsError();
    void countTokens();
    void countTokensWithAttachmentAndSystem();
    void embedOne();
    void embedSeveral();
    void embedJson();
    void filesUploadPrintsNameAndUri();
    void filesUploadSeveralInOrder();
    void filesUploadPlainProgress();
    void filesUploadReusesSameContent();
    void filesUploadWait();
    void filesUploadWaitFails();
    void filesUploadSurvivesACut();
    void filesUploadRetries503();
    void filesUploadBadInputs_data();
    void filesUploadBadInputs();
    void filesUploadSigintCancels();
    void filesList();
    void filesListAllPages();
    void filesGet();
    void filesGetUnknown();
    void filesDelete();
    void filesWait();
    void filesWaitFailures_data();
    void filesWaitFailures();
    void filesAgainstStandaloneServer_data();
    void filesAgainstStandaloneServer();
    void generateUploadsAttachmentOverInlineLimit();
    void generateInlineLimitOption();
    void generateWaitsForProcessedVideo();
    void generateAttachmentUploadInterrupted();
    void helpListsEveryOption_data();
    void helpListsEveryOption();
    void version();

private:
    QProcessEnvironment environment() const;
    QStringList withBase(const QStringList &args) const;
    Run run(const QStringList &args, const QProcessEnvironment &env, const QByteArray &stdinData = {},
        bool closeStdin = true);
    Run run(const QStringList &args) { return run(withBase(args), environment()); }
    QString writeFile(const QString &name, const QByteArray &bytes);
    QString uploadFile(const QString &name, qint64 size, char seed);
    // The upload sessions the fake server saw since the test began.
    QList<FakeFileService::SessionStats> sessions() const { return m_server.files()->sessions().mid(m_sessionsBefore); }
    int generateRequests() const { return int(m_server.requests(u"enerateContent"_s).size()); }

    FakeGeminiServer m_server;
    QTemporaryDir m_dir;
    QString m_cli;
    int m_sessionsBefore = 0;
};

void tst_Cli::initTestCase()
{
    const QString binDir = qEnvironmentVariable("ALHENA_BIN_DIR");
    QVERIFY2(!binDir.isEmpty(), "ALHENA_BIN_DIR is not set (ctest sets it)");
    m_cli = QDir(binDir).filePath(u"alhena-cli"_s);
    QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli));
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
}

void tst_Cli::init()
{
    // An upload cut by the last test is recorded when its socket closes: let that happen before clearing.
    QTRY_COMPARE_WITH_TIMEOUT(m_server.openUploads(), 0, 10000);
    m_server.clearRequests();
    m_server.setApiKey(u"test-key"_s);
    m_server.setModels(ModelCatalog::defaultModels());
    m_server.setDefaultScript(Script());
    QCOMPARE(m_server.pendingScripts(), 0); // a test left a script behind

    FakeFileService *files = m_server.files();
    for (const FakeFileService::File &f : files->files())
        files->removeFile(f.name);
    files->clearChunkFaults();
    files->setGranularity(Granule);
    files->setAdvertiseGranularity(true);
    files->setProcessingMs(5000);
    files->setProcessingTypes({u"video/"_s});
    files->setFailProcessing(false);
    files->setLinkBytesPerSecond(0);
    files->setMaxFileBytes(FakeFileService::defaultMaxFileBytes);
    files->expireSessions();
    m_sessionsBefore = int(files->sessions().size());
}

QProcessEnvironment tst_Cli::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment(); // keeps ASAN_OPTIONS and the like
    for (const QString &name : {u"GEMINI_API_KEY"_s, u"GOOGLE_API_KEY"_s, u"GOOGLE_GEMINI_BASE_URL"_s,
             u"ALHENA_MODEL"_s, u"QT_LOGGING_RULES"_s})
        env.remove(name);
    env.insert(u"GEMINI_API_KEY"_s, u"test-key"_s);
    // Without an environment key the CLI looks for the desktop app's saved key: here no keychain
    // answers and the config folder is the test's own, so the user's own key is never found.
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/alhena-test-bus"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
    return env;
}

QStringList tst_Cli::withBase(const QStringList &args) const
{
    return QStringList {u"--api-base"_s, m_server.baseUrl().toString()} + args;
}

Run tst_Cli::run(const QStringList &args, const QProcessEnvironment &env, const QByteArray &stdinData, bool closeStdin)
{
    Run r;
    QProcess process;
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(m_cli, args);
    if (!process.waitForStarted(10000)) {
        r.err = process.errorString().toUtf8();
        return r;
    }
    if (!stdinData.isEmpty())
        process.write(stdinData);
    if (closeStdin)
        process.closeWriteChannel();
    if (!finished.wait(60000)) {
        r.timedOut = true;
        process.kill();
        QSignalSpy(&process, &QProcess::finished).wait(5000);
    }
    r.exitCode = process.exitCode();
    r.crashed = process.exitStatus() != QProcess::NormalExit;
    r.out = process.readAllStandardOutput();
    r.err = process.readAllStandardError();
    return r;
}

QString tst_Cli::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// ---------------------------------------------------------------------------------------------- generate

void tst_Cli::generateStreamsEchoText()
{
    const Run r = run({u"generate"_s, u"hello there"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.startsWith("Echo: hello there\n\nReceived 1 turn(s); last turn parts: text; system instruction: "
                              "none; generationConfig: {}."),
        r.describe());
    QVERIFY2(r.out.endsWith("\n"), r.describe());
    QVERIFY2(r.err.isEmpty(), r.describe());

    const auto requests = m_server.requests(u":streamGenerateContent"_s);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().path, u"/v1beta/models/gemini-2.5-flash:streamGenerateContent"_s);
    QCOMPARE(requests.first().query.queryItemValue(u"alt"_s), u"sse"_s);
    QCOMPARE(requests.first().header("x-goog-api-key"), QByteArray("test-key"));
    QVERIFY(!requests.first().query.hasQueryItem(u"key"_s));
    QCOMPARE(requests.first().json(),
        QJsonDocument::fromJson(R"({"contents": [{"role": "user", "parts": [{"text": "hello there"}]}]})").object());
}

void tst_Cli::streamsAsTextArrives()
{
    Script s;
    s.replyText = u"one two three four five six seven eight nine ten eleven twelve"_s;
    s.chunkChars = 8;
    s.eventDelayMs = 150;
    m_server.enqueue(s);

    QProcess process;
    process.setProcessEnvironment(environment());
    QSignalSpy finished(&process, &QProcess::finished);
    QByteArray out;
    connect(&process, &QProcess::readyReadStandardOutput, this, [&] { out += process.readAllStandardOutput(); });
    process.start(m_cli, withBase({u"generate"_s, u"count"_s}));
    QVERIFY(process.waitForStarted(10000));
    process.closeWriteChannel();
    // The first words show up while the server is still sending (about 1 s in all).
    QTRY_VERIFY_WITH_TIMEOUT(out.startsWith("one two"), 20000);
    QCOMPARE(process.state(), QProcess::Running);
    QVERIFY(!out.contains("twelve"));
    QVERIFY(finished.wait(30000));
    out += process.readAllStandardOutput();
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(out, s.replyText.toUtf8() + '\n');
}

void tst_Cli::generationFlagsReachServer_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("expected"); // the generationConfig sent; {} = none at all

    QTest::newRow("none") << QStringList() << QByteArray("{}");
    QTest::newRow("temperature") << QStringList {u"--temperature"_s, u"0.25"_s}
                                 << QByteArray(R"({"temperature": 0.25})");
    QTest::newRow("top-p") << QStringList {u"--top-p"_s, u"0.9"_s} << QByteArray(R"({"topP": 0.9})");
    QTest::newRow("top-k") << QStringList {u"--top-k"_s, u"40"_s} << QByteArray(R"({"topK": 40})");
    QTest::newRow("max-output-tokens") << QStringList {u"--max-output-tokens"_s, u"128"_s}
                                       << QByteArray(R"({"maxOutputTokens": 128})");
    QTest::newRow("stop") << QStringList {u"--stop"_s, u"END"_s, u"--stop=a b"_s}
                          << QByteArray(R"({"stopSequences": ["END", "a b"]})");
    QTest::newRow("seed") << QStringList {u"--seed"_s, u"-7"_s} << QByteArray(R"({"seed": -7})");
    QTest::newRow("candidates") << QStringList {u"--candidates"_s, u"2"_s} << QByteArray(R"({"candidateCount": 2})");
    QTest::newRow("thoughts") << QStringList {u"--thoughts"_s}
                              << QByteArray(R"({"thinkingConfig": {"includeThoughts": true}})");
    QTest::newRow("all") << QStringList {u"--temperature=1.5"_s, u"--top-p"_s, u"0.5"_s, u"--top-k"_s, u"3"_s,
        u"--max-output-tokens"_s, u"99"_s, u"--stop"_s, u"x"_s, u"--seed"_s, u"42"_s, u"--candidates"_s, u"3"_s}
                         << QByteArray(R"({"temperature": 1.5, "topP": 0.5, "topK": 3, "maxOutputTokens": 99,
                                           "stopSequences": ["x"], "seed": 42, "candidateCount": 3})");
}

void tst_Cli::generationFlagsReachServer()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, expected);
    const Run r = run(QStringList {u"generate"_s, u"flags"_s} + args);
    QVERIFY2(r.exitCode == 0, r.describe());
    const auto requests = m_server.requests(u":streamGenerateContent"_s);
    QCOMPARE(requests.size(), 1);
    const QJsonObject body = requests.first().json();
    const QJsonObject want = QJsonDocument::fromJson(expected).object();
    if (want.isEmpty())
        QVERIFY2(!body.contains(u"generationConfig"_s), requests.first().body.constData()); // unset: not sent
    else
        QCOMPARE(body.value(u"generationConfig"_s).toObject(), want);
    // The server saw the same: the echo quotes the config back.
    const QString echoed = QString::fromUtf8(QJsonDocument(want).toJson(QJsonDocument::Compact));
    QVERIFY2(r.out.contains(QByteArray("generationConfig: " + echoed.toUtf8())), r.describe());
}

void tst_Cli::systemInstruction()
{
    const Run r = run({u"generate"_s, u"--system"_s, u"Answer like a pirate."_s, u"ahoy"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.contains("system instruction: \"Answer like a pirate.\""), r.describe());
    const QJsonObject body = m_server.requests(u":streamGenerateContent"_s).value(0).json();
    QCOMPARE(body.value(u"systemInstruction"_s).toObject(),
        QJsonDocument::fromJson(R"({"parts": [{"text": "Answer like a pirate."}]})").object());
}

void tst_Cli::modelChoice()
{
    Run r = run({u"generate"_s, u"--model"_s, u"gemini-2.5-pro"_s, u"hi"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.requests().last().path, u"/v1beta/models/gemini-2.5-pro:streamGenerateContent"_s);

    QProcessEnvironment env = environment();
    env.insert(u"ALHENA_MODEL"_s, u"gemini-2.0-flash"_s);
    r = run(withBase({u"generate"_s, u"hi"_s}), env);
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.requests().last().path, u"/v1beta/models/gemini-2.0-flash:streamGenerateContent"_s);

    // An unknown model: the server's 404 in plain words, exit 1.
    r = run({u"generate"_s, u"--model"_s, u"gemini-0-nonexistent"_s, u"hi"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.errText().contains(u"not found"_s), r.describe());
    QVERIFY2(r.out.isEmpty(), r.describe());
}

void tst_Cli::apiVersion()
{
    const Run r = run({u"--api-version"_s, u"v1"_s, u"generate"_s, u"hi"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.requests().last().path, u"/v1/models/gemini-2.5-flash:streamGenerateContent"_s);
}

void tst_Cli::endpointPrecedence()
{
    // GOOGLE_GEMINI_BASE_URL is used without --api-base ...
    QProcessEnvironment env = environment();
    env.insert(u"GOOGLE_GEMINI_BASE_URL"_s, m_server.baseUrl().toString());
    Run r = run({u"generate"_s, u"via env"_s}, env);
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.requests().size(), 1);

    // ... and --api-base wins over it (the environment points at a closed port).
    env.insert(u"GOOGLE_GEMINI_BASE_URL"_s, u"http://127.0.0.1:9"_s);
    r = run(withBase({u"generate"_s, u"via option"_s}), env);
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.requests().size(), 2);

    // Without either, nothing reaches this server (and a closed port fails as a network error).
    r = run(
        {u"--retries"_s, u"0"_s, u"--api-base"_s, u"http://127.0.0.1:9"_s, u"generate"_s, u"nowhere"_s}, environment());
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.errText().contains(u"Could not reach the server"_s), r.describe());
    QCOMPARE(m_server.requests().size(), 2);
}

void tst_Cli::unusableEndpoint()
{
    Run r = run({u"--api-base"_s, u"http://example.com"_s, u"generate"_s, u"hi"_s}, environment());
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(u"unencrypted"_s), r.describe());

    QProcessEnvironment env = environment();
    env.insert(u"GOOGLE_GEMINI_BASE_URL"_s, u"ftp://127.0.0.1/"_s);
    r = run({u"generate"_s, u"hi"_s}, env);
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(u"GOOGLE_GEMINI_BASE_URL"_s), r.describe());
    QCOMPARE(m_server.requests().size(), 0);
}

// ---------------------------------------------------------------------------------------------- attachments

void tst_Cli::attachments_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mimeType");

    QTest::newRow("png") << u"pixel.png"_s << tinyPng() << u"image/png"_s;
    QTest::newRow("png-named-wrong") << u"pixel.dat"_s << tinyPng() << u"image/png"_s; // the content decides
    QTest::newRow("wav") << u"ramp.wav"_s << tinyWav() << u"audio/wav"_s;
    QTest::newRow("pdf") << u"empty.pdf"_s << tinyPdf() << u"application/pdf"_s;
    QTest::newRow("txt") << u"notes.txt"_s << QByteArray("Some notes, in UTF-8: caf\xc3\xa9.\n") << u"text/plain"_s;
    QTest::newRow("markdown") << u"readme.md"_s << QByteArray("# Title\n\nSome *text*.\n") << u"text/md"_s;
    QTest::newRow("python") << u"script.py"_s << QByteArray("print('hello')\n") << u"text/x-python"_s;
    QTest::newRow("csv") << u"table.csv"_s << QByteArray("a,b\n1,2\n") << u"text/csv"_s;
    QTest::newRow("mp4") << u"clip.mp4"_s << mp4Bytes(200) << u"video/mp4"_s; // small enough to go inline
}

void tst_Cli::attachments()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mimeType);
    const QString path = writeFile(fileName, bytes);
    const Run r = run({u"generate"_s, u"--attach"_s, path, u"What is this?"_s});
    QVERIFY2(r.exitCode == 0, r.describe());

    const QJsonArray parts = m_server.requests(u":streamGenerateContent"_s)
                                 .value(0)
                                 .json()
                                 .value(u"contents"_s)
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(u"parts"_s)
                                 .toArray();
    QCOMPARE(parts.size(), 2);
    const QJsonObject inlineData = parts.at(0).toObject().value(u"inlineData"_s).toObject();
    QCOMPARE(inlineData.value(u"mimeType"_s).toString(), mimeType);
    QCOMPARE(inlineData.value(u"data"_s).toString(), QString::fromLatin1(bytes.toBase64()));
    QCOMPARE(parts.at(1).toObject(), QJsonObject({{u"text"_s, u"What is this?"_s}}));
    QVERIFY2(r.outText().contains(u"last turn parts: inlineData %1 %2 bytes, text"_s.arg(mimeType).arg(bytes.size())),
        r.describe());
}

void tst_Cli::unsupportedAttachmentRefused_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("binary") << u"blob.bin"_s << QByteArray("\x00\x01\x02\x03\xfe\xff\x00\x10", 8);
    QTest::newRow("zip") << u"archive.zip"_s
                         << QByteArray("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10) + QByteArray(40, 'x');
}

void tst_Cli::unsupportedAttachmentRefused()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);
    const QString path = writeFile(fileName, bytes);
    const Run r = run({u"generate"_s, u"--attach"_s, path, u"look"_s});
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(u"which Gemini does not accept"_s), r.describe());
    QVERIFY2(r.errText().contains(u"PNG, JPEG"_s) && r.errText().contains(u"PDF"_s) && r.errText().contains(u"WAV"_s),
        r.describe()); // the accepted types are listed
    QVERIFY2(r.out.isEmpty(), r.describe());
    QCOMPARE(m_server.requests().size(), 0);
}

void tst_Cli::badAttachmentRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << u"empty"_s << u"the file is empty"_s;
    QTest::newRow("missing") << u"missing"_s << u"does not exist"_s;
    QTest::newRow("directory") << u"directory"_s << u"it is a folder"_s;
    QTest::newRow("unreadable") << u"unreadable"_s << u"Permission denied"_s;
}

void tst_Cli::badAttachmentRefused()
{
    QFETCH(QString, kind);
    QFETCH(QString, message);
    QString path;
    if (kind == "empty"_L1) {
        path = writeFile(u"empty.txt"_s, {});
    } else if (kind == "missing"_L1) {
        path = m_dir.filePath(u"no-such-file.png"_s);
    } else if (kind == "directory"_L1) {
        path = m_dir.path();
    } else {
        path = writeFile(u"secret.txt"_s, "hidden\n");
        QFile::setPermissions(path, QFileDevice::Permissions());
        if (QFile(path).open(QIODevice::ReadOnly))
            QSKIP("running as root: permissions do not stop reading");
    }
    const Run r = run({u"generate"_s, u"--attach"_s, path, u"look"_s});
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(message), r.describe());
    QVERIFY2(r.errText().contains(QDir::toNativeSeparators(path)), r.describe());
    QCOMPARE(m_server.requests().size(), 0);
}

void tst_Cli::attachmentsOverInlineLimitSplit()
{
    // 8 MB + 8 MB is 21.3 MB of base64: over the 20 MB inline limit, though each file alone fits. The
    // first goes inline, the second through the Files API.
    const QByteArray half = textBytes(8 * 1000 * 1000, 'm');
    const QString a = writeFile(u"a.txt"_s, half);
    const QString b = writeFile(u"b.txt"_s, half + "b");
    Run r = run({u"generate"_s, u"--attach"_s, a, u"--attach"_s, b, u"two big files"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.files()->files().size(), 1);
    QVERIFY2(r.outText().contains(u"last turn parts: inlineData text/plain 8000000 bytes, fileData text/plain %1 "
                                  "\"b.txt\", text"_s.arg(m_server.files()->files().first().name)),
        r.describe());
    QCOMPARE(m_server.files()->files().first().sha256Hex, sha256Hex(half + "b"));

    // One of them alone travels inline.
    m_server.clearRequests();
    r = run({u"count-tokens"_s, u"--attach"_s, a, u"one big file"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.requests(u"/upload/"_s).size(), 0);
}

// ---------------------------------------------------------------------------------------------- the key

void tst_Cli::missingKey_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("generate") << QStringList {u"generate"_s, u"hi"_s};
    QTest::newRow("generate-json") << QStringList {u"generate"_s, u"--json"_s, u"hi"_s};
    QTest::newRow("models") << QStringList {u"models"_s};
    QTest::newRow("count-tokens") << QStringList {u"count-tokens"_s, u"hi"_s};
    QTest::newRow("embed") << QStringList {u"embed"_s, u"hi"_s};
}

void tst_Cli::missingKey()
{
    QFETCH(QStringList, args);
    QProcessEnvironment env = environment();
    env.remove(u"GEMINI_API_KEY"_s);
    const Run r = run(withBase(args), env);
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(u"No API key is set"_s), r.describe());
    QVERIFY2(r.errText().contains(u"export GEMINI_API_KEY="_s), r.describe());
    // It looked in the keychain too, and says why that did not help.
    QVERIFY2(r.errText().contains(u"The keychain could not be read"_s), r.describe());
    if (args.contains(u"--json"_s))
        QCOMPARE(parseObject(r.out).value(u"error"_s).toObject().value(u"kind"_s).toString(), u"missing-key"_s);
    else
        QVERIFY2(r.out.isEmpty(), r.describe());
    QCOMPARE(m_server.requests().size(), 0); // nothing was sent
}

void tst_Cli::wrongKey()
{
    QProcessEnvironment env = environment();
    env.insert(u"GEMINI_API_KEY"_s, u"wrong-key-9c41"_s);
    const Run r = run(withBase({u"generate"_s, u"hi"_s}), env);
    QVERIFY2(r.exitCode == 2, r.describe()); // a configuration problem: trying again will not help
    QVERIFY2(r.errText().contains(u"The API key was not accepted"_s), r.describe());
    QVERIFY2(r.errText().contains(u"GEMINI_API_KEY environment variable"_s), r.describe());
    QVERIFY2(!r.err.contains("wrong-key-9c41") && !r.out.contains("wrong-key-9c41"), r.describe());
    QCOMPARE(m_server.requests().size(), 1); // not retried
}

void tst_Cli::keyFromTheSavedFile_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("says");
    QTest::newRow("the key") << QByteArray(R"({"gemini-api-key": "test-key"})") << 0 << u"Echo: hi"_s;
    QTest::newRow("a wrong key") << QByteArray(R"({"gemini-api-key": "wrong-key-5d2e"})") << 2
                                 << u"The key was read from the file "_s;
    QTest::newRow("damaged") << QByteArray("{not json") << 2 << u"No API key is set"_s;
    QTest::newRow("no key in it") << QByteArray(R"({"proxy-password": "p"})") << 2 << u"No API key is set"_s;
}

// The desktop app's 0600 file (the user's choice when no keychain worked) serves alhena-cli too.
void tst_Cli::keyFromTheSavedFile()
{
    QFETCH(QByteArray, contents);
    QFETCH(int, exitCode);
    QFETCH(QString, says);
    QProcessEnvironment env = environment();
    env.remove(u"GEMINI_API_KEY"_s);
    const QString folder = m_dir.filePath(u"config/Alhena"_s);
    QVERIFY(QDir().mkpath(folder));
    QFile file(folder + u"/secrets.json"_s);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    file.write(contents);
    file.close();
    const Run r = run(withBase({u"generate"_s, u"hi"_s}), env);
    file.remove();
    QVERIFY2(r.exitCode == exitCode, r.describe());
    QVERIFY2(r.outText().contains(says) || r.errText().contains(says), r.describe());
    QVERIFY2(!r.err.contains("wrong-key-5d2e") && !r.out.contains("wrong-key-5d2e"), r.describe());
}

void tst_Cli::keyFromGoogleApiKey()
{
    QProcessEnvironment env = environment();
    env.remove(u"GEMINI_API_KEY"_s);
    env.insert(u"GOOGLE_API_KEY"_s, u"test-key"_s);
    Run r = run(withBase({u"generate"_s, u"hi"_s}), env);
    QVERIFY2(r.exitCode == 0, r.describe());

    // GEMINI_API_KEY wins when both are set.
    env.insert(u"GEMINI_API_KEY"_s, u"other-key"_s);
    r = run(withBase({u"generate"_s, u"hi"_s}), env);
    QVERIFY2(r.exitCode == 2, r.describe());
    QCOMPARE(m_server.requests().last().header("x-goog-api-key"), QByteArray("other-key"));
}

void tst_Cli::keyNeverAppears()
{
    const QString key = u"AIzaSy-distinctive-KEY-31415926535"_s;
    m_server.setApiKey(key);
    QProcessEnvironment env = environment();
    env.insert(u"GEMINI_API_KEY"_s, key);
    QByteArray seen;
    const QList<QStringList> commands {
        {u"generate"_s, u"hi"_s},
        {u"generate"_s, u"--json"_s, u"--usage"_s, u"hi"_s},
        {u"generate"_s, u"--no-stream"_s, u"hi"_s},
        {u"--retries"_s, u"0"_s, u"generate"_s, u"--json"_s, u"hi\n@fake status=500"_s},
        {u"generate"_s, u"--model"_s, u"no-such-model"_s, u"hi"_s},
        {u"models"_s, u"--json"_s},
        {u"count-tokens"_s, u"hi"_s},
        {u"embed"_s, u"a"_s, u"b"_s},
    };
    for (const QStringList &args : commands) {
        const Run r = run(withBase(args), env);
        QVERIFY2(r.exitCode == 0 || r.exitCode == 1, r.describe());
        seen += r.out + r.err;
    }
    m_server.enqueue([] {
        Script s;
        s.httpStatus = 503;
        return s;
    }());
    const Run retried = run(withBase({u"generate"_s, u"retry"_s}), env);
    QVERIFY2(retried.exitCode == 0 && retried.err.contains("retrying"), retried.describe());
    seen += retried.out + retried.err;

    QVERIFY(seen.size() > 1000);
    QVERIFY2(!seen.contains(key.toUtf8()), "the API key was printed");
    QVERIFY(!seen.contains("distinctive"));
    const auto requests = m_server.requests();
    QVERIFY(requests.size() >= commands.size());
    for (const auto &request : requests) {
        QCOMPARE(request.header("x-goog-api-key"), key.toUtf8());
        QVERIFY(!request.query.toString().contains(u"distinctive"_s)); // never in the URL
    }
}

void tst_Cli::keyOptionRefusedWithoutEcho()
{
    const Run r = run({u"generate"_s, u"--api-key=AIzaSecretSecret"_s, u"hi"_s});
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(u"GEMINI_API_KEY"_s), r.describe());
    QVERIFY2(r.errText().contains(u"shell history"_s), r.describe());
    QVERIFY2(!r.err.contains("AIzaSecretSecret"), r.describe());
    QCOMPARE(m_server.requests().size(), 0);

    const Run typo = run({u"generate"_s, u"--api-kye=AIzaSecretSecret"_s, u"hi"_s});
    QVERIFY2(typo.exitCode == 2, typo.describe());
    QVERIFY2(typo.errText().contains(u"--api-kye"_s), typo.describe());
    QVERIFY2(!typo.err.contains("AIzaSecretSecret"), typo.describe());
}

// ---------------------------------------------------------------------------------------------- failures

void tst_Cli::retriesAfter503_data()
{
    QTest::addColumn<bool>("quiet");
    QTest::newRow("notes") << false;
    QTest::newRow("quiet") << true;
}

void tst_Cli::retriesAfter503()
{
    QFETCH(bool, quiet);
    Script overloaded;
    overloaded.httpStatus = 503;
    m_server.enqueue(overloaded);
    m_server.enqueue(Script()); // then an answer
    QStringList args {u"generate"_s, u"try again"_s};
    if (quiet)
        args.prepend(u"--quiet"_s);
    const Run r = run(args);
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.startsWith("Echo: try again\n"), r.describe());
    QCOMPARE(generateRequests(), 2);
    const QRegularExpression note(u"^retrying in \\d+\\.\\d s \\(overloaded, HTTP 503; attempt 2 of 4\\)…$"_s,
        QRegularExpression::MultilineOption);
    if (quiet)
        QVERIFY2(r.err.isEmpty(), r.describe());
    else
        QVERIFY2(note.match(r.errText()).hasMatch(), r.describe());
}

void tst_Cli::retriesDisabled()
{
    Script overloaded;
    overloaded.httpStatus = 503;
    m_server.enqueue(overloaded);
    const Run r = run({u"--retries"_s, u"0"_s, u"generate"_s, u"once"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.errText().contains(u"The model is overloaded right now"_s), r.describe());
    QVERIFY2(!r.errText().contains(u"retrying"_s), r.describe());
    QCOMPARE(generateRequests(), 1);

    // --retries 1: two attempts, then the error.
    m_server.enqueue(overloaded);
    m_server.enqueue(overloaded);
    const Run twice = run({u"--retries"_s, u"1"_s, u"generate"_s, u"twice"_s});
    QVERIFY2(twice.exitCode == 1, twice.describe());
    QVERIFY2(twice.errText().contains(u"attempt 2 of 2"_s), twice.describe());
    QCOMPARE(generateRequests(), 3);
}

void tst_Cli::midStreamErrorKeepsPartialText()
{
    Script s;
    s.replyText = u"alpha beta gamma delta epsilon zeta eta theta"_s;
    s.chunkChars = 6;
    s.midStreamErrorAfterEvents = 2;
    m_server.enqueue(s);
    const Run r = run({u"generate"_s, u"fail midway"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.out.startsWith("alpha beta"), r.describe()); // what arrived stays on stdout
    QVERIFY2(!r.out.contains("theta"), r.describe());
    QVERIFY2(r.out.endsWith("\n"), r.describe());
    QVERIFY2(r.errText().contains(u"The model is overloaded right now"_s), r.describe());
    QCOMPARE(generateRequests(), 1); // never retried after text was shown
}

void tst_Cli::directivesThroughThePrompt()
{
    // The fake's in-band steering works through the CLI's prompt too (what a person would type).
    const Run r = run({u"generate"_s, u"say something\n@fake finish=MAX_TOKENS"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.startsWith("Echo: say something"), r.describe());
    QVERIFY2(r.errText().contains(u"(stopped: output token limit reached)"_s), r.describe());
}

void tst_Cli::truncatedStream_data()
{
    QTest::addColumn<bool>("cut"); // the connection is cut, rather than the stream ending without a finishReason
    QTest::newRow("no-finish-reason") << false;
    QTest::newRow("connection-cut") << true;
}

void tst_Cli::truncatedStream()
{
    QFETCH(bool, cut);
    Script s;
    s.replyText = u"first second third fourth fifth sixth"_s;
    s.chunkChars = 7;
    if (cut)
        s.cutAfterEvents = 2;
    else
        s.omitFinishReason = true;
    m_server.enqueue(s);
    const Run r = run({u"generate"_s, u"cut"_s});
    QVERIFY2(r.exitCode == 4, r.describe());
    QVERIFY2(r.out.startsWith("first second"), r.describe());
    if (cut) {
        QVERIFY2(!r.out.contains("sixth"), r.describe());
        // Qt may see the cut as an error or as an early end of the body: "truncated" either way.
        QVERIFY2(r.errText().contains(u"before the answer was complete"_s)
                || r.errText().contains(u"stopped before it was complete"_s),
            r.describe());
    } else {
        QCOMPARE(r.out, s.replyText.toUtf8() + '\n');
        QVERIFY2(r.errText().contains(u"stopped before it was complete"_s), r.describe());
    }
}

void tst_Cli::blockedPrompt()
{
    Script s;
    s.blockPrompt = true;
    m_server.enqueue(s);
    const Run r = run({u"generate"_s, u"something bad"_s});
    QVERIFY2(r.exitCode == 3, r.describe());
    QVERIFY2(r.out.isEmpty(), r.describe());
    QVERIFY2(r.errText().contains(u"The prompt was blocked (safety"_s), r.describe());
}

void tst_Cli::finishReasons_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("note");

    QTest::newRow("STOP") << u"STOP"_s << 0 << QString();
    QTest::newRow("MAX_TOKENS") << u"MAX_TOKENS"_s << 0 << u"(stopped: output token limit reached)"_s;
    QTest::newRow("SAFETY") << u"SAFETY"_s << 3 << u"(stopped: the answer was blocked for safety reasons)"_s;
    QTest::newRow("RECITATION") << u"RECITATION"_s << 3 << u"(recitation)"_s;
    QTest::newRow("OTHER") << u"OTHER"_s << 3 << u"(stopped: other)"_s;
}

void tst_Cli::finishReasons()
{
    QFETCH(QString, reason);
    QFETCH(int, exitCode);
    QFETCH(QString, note);
    Script s;
    s.finishReason = reason;
    m_server.enqueue(s);
    const Run r = run({u"generate"_s, u"--max-output-tokens"_s, u"50"_s, u"why stop"_s});
    QVERIFY2(r.exitCode == exitCode, r.describe());
    QVERIFY2(r.out.startsWith("Echo: why stop\n"), r.describe()); // the text is kept in every case
    if (note.isEmpty())
        QVERIFY2(r.err.isEmpty(), r.describe());
    else
        QVERIFY2(r.errText().contains(note), r.describe());
}

void tst_Cli::noStream()
{
    const Run r = run({u"generate"_s, u"--no-stream"_s, u"whole"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.startsWith("Echo: whole\n"), r.describe());
    QCOMPARE(m_server.requests(u":streamGenerateContent"_s).size(), 0);
    const auto requests = m_server.requests(u":generateContent"_s);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().path, u"/v1beta/models/gemini-2.5-flash:generateContent"_s);
    QVERIFY(!requests.first().query.hasQueryItem(u"alt"_s));
}

void tst_Cli::jsonOutput_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("stream") << true;
    QTest::newRow("no-stream") << false;
}

void tst_Cli::jsonOutput()
{
    QFETCH(bool, stream);
    QStringList args {u"generate"_s, u"--json"_s, u"as json"_s};
    if (!stream)
        args.append(u"--no-stream"_s);
    const Run r = run(args);
    QVERIFY2(r.exitCode == 0, r.describe());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError && doc.isObject(), r.describe());
    QVERIFY2(r.out.contains("\n    \""), r.describe()); // indented
    const QJsonArray candidates = doc.object().value(u"candidates"_s).toArray();
    QCOMPARE(candidates.size(), 1);
    const QJsonObject candidate = candidates.at(0).toObject();
    QCOMPARE(candidate.value(u"finishReason"_s).toString(), u"STOP"_s);
    const QString text = candidate.value(u"content"_s)
                             .toObject()
                             .value(u"parts"_s)
                             .toArray()
                             .at(0)
                             .toObject()
                             .value(u"text"_s)
                             .toString();
    QVERIFY2(text.startsWith(u"Echo: as json\n"_s), qPrintable(text));
    QVERIFY(doc.object().value(u"usageMetadata"_s).toObject().value(u"totalTokenCount"_s).toInt() > 0);
    QVERIFY(!doc.object().value(u"responseId"_s).toString().isEmpty());
}

void tst_Cli::jsonErrorOutput()
{
    Script s;
    s.httpStatus = 400;
    s.errorMessage = u"Request contains an invalid argument."_s;
    m_server.enqueue(s);
    Run r = run({u"generate"_s, u"--json"_s, u"bad"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QJsonObject error = parseObject(r.out).value(u"error"_s).toObject();
    QCOMPARE(error.value(u"kind"_s).toString(), u"invalid-request"_s);
    QCOMPARE(error.value(u"httpStatus"_s).toInt(), 400);
    QCOMPARE(error.value(u"status"_s).toString(), u"INVALID_ARGUMENT"_s);
    QCOMPARE(error.value(u"message"_s).toString(), u"Request contains an invalid argument."_s);
    QVERIFY(error.value(u"userMessage"_s).toString().contains(u"did not accept"_s));
    QVERIFY2(r.errText().contains(u"did not accept"_s), r.describe()); // and in words on stderr

    // A stream that failed midway: the error, plus what had arrived.
    Script mid;
    mid.replyText = u"partial answer that breaks"_s;
    mid.chunkChars = 8;
    mid.midStreamErrorAfterEvents = 1;
    m_server.enqueue(mid);
    r = run({u"generate"_s, u"--json"_s, u"midway"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    const QJsonObject root = parseObject(r.out);
    QCOMPARE(root.value(u"error"_s).toObject().value(u"kind"_s).toString(), u"overloaded"_s);
    const QString partial = root.value(u"response"_s)
                                .toObject()
                                .value(u"candidates"_s)
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(u"content"_s)
                                .toObject()
                                .value(u"parts"_s)
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(u"text"_s)
                                .toString();
    QVERIFY2(partial.startsWith(u"partial"_s), r.describe());
}

void tst_Cli::severalCandidates()
{
    const Run r = run({u"generate"_s, u"--candidates"_s, u"3"_s, u"pick"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QString out = r.outText();
    const qsizetype first = out.indexOf(u"--- candidate 1 ---\nEcho: pick\n"_s);
    const qsizetype second = out.indexOf(u"--- candidate 2 ---\nCandidate 2: Echo: pick\n"_s);
    const qsizetype third = out.indexOf(u"--- candidate 3 ---\nCandidate 3: Echo: pick\n"_s);
    QVERIFY2(first == 0 && second > first && third > second, r.describe());
    QCOMPARE(out.count(u"--- candidate"_s), 3);
    QVERIFY2(out.endsWith(u".\n"_s), r.describe());
}

void tst_Cli::thoughtsGoToStderr()
{
    Script s;
    s.thoughtText = u"**Pondering** the question carefully."_s;
    m_server.enqueue(s);
    const Run r = run({u"generate"_s, u"--thoughts"_s, u"deep"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.errText().contains(u"**Pondering** the question carefully."_s), r.describe());
    QVERIFY2(!r.err.contains("\x1b["), r.describe()); // no colour codes when stderr is not a terminal
    QVERIFY2(!r.out.contains("Pondering"), r.describe());
    QVERIFY2(r.out.startsWith("Echo: deep\n"), r.describe());
    QCOMPARE(m_server.requests().last().json().value(u"generationConfig"_s).toObject(),
        QJsonDocument::fromJson(R"({"thinkingConfig": {"includeThoughts": true}})").object());

    // A model that cannot think says so; the CLI passes the server's words on.
    const Run refused = run({u"generate"_s, u"--model"_s, u"gemini-2.0-flash"_s, u"--thoughts"_s, u"deep"_s});
    QVERIFY2(refused.exitCode == 1, refused.describe());
    QVERIFY2(refused.errText().contains(u"Thinking is not supported"_s), refused.describe());
}

void tst_Cli::usageOnStderr()
{
    const Run r = run({u"generate"_s, u"--usage"_s, u"count me"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QRegularExpression line(u"^tokens: prompt (\\d+), answer (\\d+), thoughts (\\d+), total (\\d+)$"_s,
        QRegularExpression::MultilineOption);
    const auto m = line.match(r.errText());
    QVERIFY2(m.hasMatch(), r.describe());
    QVERIFY(m.captured(1).toInt() > 0);
    QVERIFY(m.captured(2).toInt() > 0);
    QCOMPARE(m.captured(4).toInt(), m.captured(1).toInt() + m.captured(2).toInt() + m.captured(3).toInt());
    QVERIFY2(!r.out.contains("tokens:"), r.describe());
}

void tst_Cli::idleTimeout()
{
    Script slow;
    slow.delayBeforeHeadersMs = 4000;
    m_server.enqueue(slow);
    const Run r = run({u"--timeout"_s, u"0.5"_s, u"--retries"_s, u"0"_s, u"generate"_s, u"slow"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.errText().contains(u"did not answer in time"_s), r.describe());
}

void tst_Cli::invalidGenerationConfig_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");

    QStringList sixStops;
    for (int i = 1; i <= 6; ++i)
        sixStops << u"--stop"_s << u"s%1"_s.arg(i);
    QTest::newRow("six-stops") << sixStops << u"At most 5 stop sequences"_s;
    QTest::newRow("temperature") << QStringList {u"--temperature"_s, u"2.5"_s} << u"temperature must be between"_s;
    QTest::newRow("top-p") << QStringList {u"--top-p"_s, u"1.5"_s} << u"Top-p must be between"_s;
    QTest::newRow("top-k") << QStringList {u"--top-k"_s, u"0"_s} << u"Top-k must be at least 1"_s;
    QTest::newRow("candidates") << QStringList {u"--candidates"_s, u"9"_s} << u"between 1 and 8"_s;
    QTest::newRow("max-tokens") << QStringList {u"--max-output-tokens"_s, u"0"_s} << u"at least 1"_s;
    QTest::newRow("not-a-number") << QStringList {u"--temperature"_s, u"warm"_s} << u"needs a number"_s;
    QTest::newRow("not-whole") << QStringList {u"--top-k"_s, u"2.5"_s} << u"needs a whole number"_s;
}

void tst_Cli::invalidGenerationConfig()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = run(QStringList {u"generate"_s, u"hi"_s} + args);
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(message), r.describe());
    QCOMPARE(m_server.requests().size(), 0);
}

void tst_Cli::jsonSchema()
{
    const QByteArray schema = R"({"type": "OBJECT", "properties": {"name": {"type": "STRING"}}, "required": ["name"]})";
    const QString path = writeFile(u"schema.json"_s, schema);
    const Run r = run({u"generate"_s, u"--json-schema"_s, path, u"a name"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject config = m_server.requests().last().json().value(u"generationConfig"_s).toObject();
    QCOMPARE(config.value(u"responseMimeType"_s).toString(), u"application/json"_s);
    QCOMPARE(config.value(u"responseSchema"_s).toObject(), QJsonDocument::fromJson(schema).object());
    QCOMPARE(config.size(), 2);
}

void tst_Cli::badJsonSchema_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("array") << QByteArray("[1, 2]") << u"must be a JSON object"_s;
    QTest::newRow("broken") << QByteArray("{\"type\": ") << u"is not valid JSON"_s;
    QTest::newRow("missing") << QByteArray() << u"Cannot read the JSON schema"_s;
}

void tst_Cli::badJsonSchema()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString path = content.isEmpty() ? m_dir.filePath(u"absent.json"_s) : writeFile(u"bad.json"_s, content);
    const Run r = run({u"generate"_s, u"--json-schema"_s, path, u"hi"_s});
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(message), r.describe());
    QCOMPARE(m_server.requests().size(), 0);
}

void tst_Cli::stdinPrompt_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("no-argument") << QStringList {u"generate"_s};
    QTest::newRow("dash") << QStringList {u"generate"_s, u"-"_s};
}

void tst_Cli::stdinPrompt()
{
    QFETCH(QStringList, args);
    const Run r = run(withBase(args), environment(), "a prompt from a pipe, caf\xc3\xa9\n");
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.out.startsWith("Echo: a prompt from a pipe, caf\xc3\xa9\n"), r.describe());
    QCOMPARE(m_server.requests()
                 .last()
                 .json()
                 .value(u"contents"_s)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"parts"_s)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"text"_s)
                 .toString(),
        u"a prompt from a pipe, café"_s);
}

void tst_Cli::missingPrompt()
{
    const Run r = run(withBase({u"generate"_s}), environment(), {}); // stdin closed at once: empty
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(u"empty"_s), r.describe());
    QCOMPARE(m_server.requests().size(), 0);
}

void tst_Cli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    // Every row is a mistake on the command line: exit 2, a message, nothing sent. Parse errors also
    // point at the help.

    QTest::newRow("unknown-option") << QStringList {u"generate"_s, u"--frobnicate"_s, u"hi"_s}
                                    << u"Unknown option --frobnicate for generate"_s;
    QTest::newRow("unknown-command") << QStringList {u"chat"_s} << u"Unknown command “chat”"_s;
    QTest::newRow("no-command") << QStringList() << u"No command given"_s;
    QTest::newRow("missing-value") << QStringList {u"generate"_s, u"hi"_s, u"--model"_s} << u"--model needs a value"_s;
    QTest::newRow("flag-with-value") << QStringList {u"generate"_s, u"--json=yes"_s, u"hi"_s}
                                     << u"--json takes no value"_s;
    QTest::newRow("option-of-other-command")
        << QStringList {u"models"_s, u"--temperature"_s, u"1"_s} << u"Unknown option --temperature for models"_s;
    QTest::newRow("bad-inline-limit-not-a-number")
        << QStringList {u"generate"_s, u"--inline-limit"_s, u"lots"_s, u"hi"_s} << u"--inline-limit needs a number"_s;
    QTest::newRow("bad-inline-limit-too-large") << QStringList {u"generate"_s, u"--inline-limit"_s, u"500"_s, u"hi"_s}
                                                << u"--inline-limit takes megabytes from 0 to 100, not 500"_s;
    QTest::newRow("bad-inline-limit-negative") << QStringList {u"count-tokens"_s, u"--inline-limit"_s, u"-1"_s, u"hi"_s}
                                               << u"--inline-limit takes megabytes"_s;
    QTest::newRow("command-option-first")
        << QStringList {u"--model"_s, u"x"_s, u"generate"_s, u"hi"_s} << u"belongs after the command"_s;
    QTest::newRow("two-prompts") << QStringList {u"generate"_s, u"one"_s, u"two"_s} << u"in quotes"_s;
    QTest::newRow("bad-timeout") << QStringList {u"--timeout"_s, u"0"_s, u"models"_s} << u"--timeout needs"_s;
    QTest::newRow("bad-retries") << QStringList {u"--retries"_s, u"-1"_s, u"models"_s} << u"--retries needs"_s;
    QTest::newRow("bad-task-type") << QStringList {u"embed"_s, u"--task-type"_s, u"poetry"_s, u"x"_s}
                                   << u"Unknown task type"_s;
    QTest::newRow("bad-dimensions") << QStringList {u"embed"_s, u"--dimensions"_s, u"0"_s, u"x"_s}
                                    << u"--dimensions must be at least 1"_s;
    QTest::newRow("models-argument") << QStringList {u"models"_s, u"extra"_s} << u"models takes no arguments"_s;
    QTest::newRow("help-unknown") << QStringList {u"help"_s, u"chat"_s} << u"No help for “chat”"_s;
}

void tst_Cli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = run(args, environment());
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().startsWith(u"alhena-cli: "_s), r.describe());
    QVERIFY2(r.errText().contains(message), r.describe());
    const bool parseError = !QByteArray(QTest::currentDataTag()).startsWith("bad-")
        && QByteArray(QTest::currentDataTag()) != "two-prompts";
    if (parseError)
        QVERIFY2(r.errText().contains(u"help"_s), r.describe()); // points at the help
    QVERIFY2(r.out.isEmpty(), r.describe());
    QCOMPARE(m_server.requests().size(), 0);
}

void tst_Cli::sigintCancelsAndKeepsText()
{
    Script s;
    s.replyText = u"tick tock tick tock tick tock tick tock tick tock tick tock tick tock"_s;
    s.chunkChars = 5;
    s.eventDelayMs = 300;
    m_server.enqueue(s);

    QProcess process;
    process.setProcessEnvironment(environment());
    QSignalSpy finished(&process, &QProcess::finished);
    QByteArray out;
    connect(&process, &QProcess::readyReadStandardOutput, this, [&] { out += process.readAllStandardOutput(); });
    process.start(m_cli, withBase({u"generate"_s, u"clock"_s}));
    QVERIFY(process.waitForStarted(10000));
    process.closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(out.startsWith("tick"), 20000);
    QCOMPARE(process.state(), QProcess::Running);
    QCOMPARE(::kill(pid_t(process.processId()), SIGINT), 0);
    QVERIFY(finished.wait(20000));
    out += process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit); // handled, not killed by the signal
    QCOMPARE(process.exitCode(), 130);
    QVERIFY2(out.startsWith("tick") && out.size() < s.replyText.size(), out.constData());
    QVERIFY2(out.endsWith("\n"), out.constData());
    QVERIFY2(err.contains("(interrupted)"), err.constData());
}

// ---------------------------------------------------------------------------------------------- other commands

void tst_Cli::modelsAllPages()
{
    QList<QJsonObject> models;
    for (int i = 1; i <= 120; ++i)
        models.append(modelJson(i, i % 4 != 0)); // every fourth is an embedding model: 90 generate
    m_server.setModels(models);

    Run r = run({u"models"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.requests(u"/models"_s).size(), 3); // 50 + 50 + 20
    QVERIFY(!m_server.requests().at(0).query.hasQueryItem(u"pageToken"_s));
    QVERIFY(m_server.requests().at(1).query.hasQueryItem(u"pageToken"_s));
    const QStringList lines = r.outText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 90);
    QVERIFY2(lines.first().startsWith(u"ID"_s) && lines.first().contains(u"DISPLAY NAME"_s)
            && lines.first().contains(u"INPUT"_s) && lines.first().contains(u"OUTPUT"_s)
            && lines.first().contains(u"THINKING"_s),
        r.describe());
    const QRegularExpression row(u"^test-model-002 +Test Model 2 +1002 +2002 +yes$"_s);
    QVERIFY2(row.match(lines.at(2)).hasMatch(), qPrintable(lines.at(2)));
    QVERIFY2(lines.at(1).endsWith(u" no"_s), qPrintable(lines.at(1)));
    QVERIFY2(r.outText().contains(u"test-model-119"_s), r.describe()); // from the last page
    QVERIFY2(!r.outText().contains(u"test-embedder"_s), r.describe());

    r = run({u"models"_s, u"--all"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.outText().split(u'\n', Qt::SkipEmptyParts).size(), 1 + 120);
    QVERIFY2(r.outText().contains(u"test-embedder-120"_s), r.describe());
}

void tst_Cli::modelsJson()
{
    QList<QJsonObject> models;
    for (int i = 1; i <= 120; ++i)
        models.append(modelJson(i, i % 4 != 0));
    m_server.setModels(models);
    Run r = run({u"models"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QJsonArray list = parseObject(r.out).value(u"models"_s).toArray();
    QCOMPARE(list.size(), 90);
    QCOMPARE(list.at(0).toObject().value(u"name"_s).toString(), u"models/test-model-001"_s);
    QCOMPARE(list.at(0).toObject().value(u"inputTokenLimit"_s).toInt(), 1001);

    r = run({u"models"_s, u"--json"_s, u"--all"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    list = parseObject(r.out).value(u"models"_s).toArray();
    QCOMPARE(list.size(), 120);
    QCOMPARE(list.last().toObject().value(u"name"_s).toString(), u"models/test-embedder-120"_s);
}

void tst_Cli::modelsError()
{
    QProcessEnvironment env = environment();
    env.insert(u"GEMINI_API_KEY"_s, u"nope"_s);
    const Run r = run(withBase({u"models"_s, u"--json"_s}), env);
    QVERIFY2(r.exitCode == 2, r.describe());
    QCOMPARE(parseObject(r.out).value(u"error"_s).toObject().value(u"kind"_s).toString(), u"invalid-key"_s);
    QVERIFY2(r.errText().contains(u"The API key was not accepted"_s), r.describe());
}

void tst_Cli::countTokens()
{
    Run r = run({u"count-tokens"_s, u"The quick brown fox jumps over the lazy dog"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QStringList lines = r.outText().split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() == 2, r.describe());
    bool ok = false;
    const int total = lines.at(0).toInt(&ok);
    QVERIFY2(ok && total > 0, r.describe());
    QCOMPARE(lines.at(1), u"  TEXT %1"_s.arg(total));
    const auto requests = m_server.requests(u":countTokens"_s);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().path, u"/v1beta/models/gemini-2.5-flash:countTokens"_s);

    r = run({u"count-tokens"_s, u"--json"_s, u"The quick brown fox jumps over the lazy dog"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(parseObject(r.out).value(u"totalTokens"_s).toInt(), total);
}

void tst_Cli::countTokensWithAttachmentAndSystem()
{
    const QString png = writeFile(u"count.png"_s, tinyPng());
    const Run r = run({u"count-tokens"_s, u"--system"_s, u"Be brief."_s, u"--attach"_s, png, u"describe"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.outText().contains(u"\n  IMAGE "_s), r.describe());
    QVERIFY2(r.outText().contains(u"\n  TEXT "_s), r.describe());
    const QJsonObject body = m_server.requests(u":countTokens"_s).value(0).json();
    const QJsonObject inner
        = body.value(u"generateContentRequest"_s).toObject(); // the form that counts the system text
    QCOMPARE(inner.value(u"model"_s).toString(), u"models/gemini-2.5-flash"_s);
    QCOMPARE(inner.value(u"systemInstruction"_s)
                 .toObject()
                 .value(u"parts"_s)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"text"_s)
                 .toString(),
        u"Be brief."_s);
    const QJsonObject inlineData = inner.value(u"contents"_s)
                                       .toArray()
                                       .at(0)
                                       .toObject()
                                       .value(u"parts"_s)
                                       .toArray()
                                       .at(0)
                                       .toObject()
                                       .value(u"inlineData"_s)
                                       .toObject();
    QCOMPARE(inlineData.value(u"mimeType"_s).toString(), u"image/png"_s);
}

void tst_Cli::embedOne()
{
    const Run r = run({u"embed"_s, u"--task-type"_s, u"semantic-similarity"_s, u"hello world"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QStringList lines = r.outText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1);
    const QStringList numbers = lines.first().split(u' ');
    const QJsonArray expected = ReplyBuilder::embeddingValues(u"hello world"_s, 768);
    QCOMPARE(numbers.size(), expected.size());
    for (qsizetype i = 0; i < numbers.size(); ++i) {
        bool ok = false;
        const float value = numbers.at(i).toFloat(&ok);
        QVERIFY2(ok, qPrintable(numbers.at(i)));
        QCOMPARE(value, float(expected.at(i).toDouble())); // exactly the float the server sent
    }
    const auto requests = m_server.requests(u":embedContent"_s);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().path, u"/v1beta/models/gemini-embedding-001:embedContent"_s);
    QCOMPARE(requests.first().json().value(u"taskType"_s).toString(), u"SEMANTIC_SIMILARITY"_s);
    QVERIFY(!requests.first().json().contains(u"outputDimensionality"_s));
}

void tst_Cli::embedSeveral()
{
    const Run r = run({u"embed"_s, u"--dimensions"_s, u"8"_s, u"first"_s, u"second"_s, u"third"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QStringList lines = r.outText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QStringList texts {u"first"_s, u"second"_s, u"third"_s};
    for (int i = 0; i < 3; ++i) {
        const QStringList numbers = lines.at(i).split(u' ');
        QCOMPARE(numbers.size(), 8);
        const QJsonArray expected = ReplyBuilder::embeddingValues(texts.at(i), 8);
        for (int k = 0; k < 8; ++k)
            QCOMPARE(numbers.at(k).toFloat(), float(expected.at(k).toDouble())); // in input order
    }
    QCOMPARE(m_server.requests(u":embedContent"_s).size(), 0);
    const auto requests = m_server.requests(u":batchEmbedContents"_s);
    QCOMPARE(requests.size(), 1);
    const QJsonArray inner = requests.first().json().value(u"requests"_s).toArray();
    QCOMPARE(inner.size(), 3);
    QCOMPARE(inner.at(2).toObject().value(u"outputDimensionality"_s).toInt(), 8);
    QCOMPARE(inner.at(2).toObject().value(u"model"_s).toString(), u"models/gemini-embedding-001"_s);
}

void tst_Cli::embedJson()
{
    const Run r = run({u"embed"_s, u"--json"_s, u"--dimensions"_s, u"4"_s, u"one"_s, u"two"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, r.describe());
    const QJsonArray embeddings = doc.object().value(u"embeddings"_s).toArray();
    QCOMPARE(embeddings.size(), 2);
    const QJsonArray values = embeddings.at(1).toObject().value(u"values"_s).toArray();
    const QJsonArray expected = ReplyBuilder::embeddingValues(u"two"_s, 4);
    QCOMPARE(values.size(), 4);
    for (int k = 0; k < 4; ++k)
        QCOMPARE(float(values.at(k).toDouble()), float(expected.at(k).toDouble()));
    QVERIFY(doc.object().value(u"usageMetadata"_s).toObject().value(u"promptTokenCount"_s).toInt() > 0);
}

// ---------------------------------------------------------------------------------------------- files

QString tst_Cli::uploadFile(const QString &name, qint64 size, char seed)
{
    return writeFile(name, textBytes(size, seed));
}

void tst_Cli::filesUploadPrintsNameAndUri()
{
    const QByteArray bytes = textBytes(3 * Granule + 1234, 'a');
    const QString path = writeFile(u"talk.txt"_s, bytes);
    const Run r = run({u"files"_s, u"upload"_s, path});
    QVERIFY2(r.exitCode == 0, r.describe());

    const QList<FakeFileService::File> files = m_server.files()->files();
    QCOMPARE(files.size(), 1);
    const FakeFileService::File &file = files.first();
    QCOMPARE(file.displayName, u"talk.txt"_s);
    QCOMPARE(file.mimeType, u"text/plain"_s);
    QCOMPARE(file.sizeBytes, bytes.size());
    QCOMPARE(file.sha256Hex, sha256Hex(bytes));
    QCOMPARE(r.outText(), file.name + u' ' + m_server.files()->fileUri(file.name).toString() + u'\n');
    QVERIFY2(r.errText().contains(u"uploaded talk.txt as %1"_s.arg(file.name)), r.describe());
    QVERIFY2(!r.err.contains('\r'), r.describe()); // not a terminal: no bar redrawn in place
    const QList<FakeFileService::SessionStats> started = sessions();
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first().duplicateBytes, 0);
    QCOMPARE(started.first().bodyBytesReceived, bytes.size());
    QVERIFY(started.first().finalized);
}

void tst_Cli::filesUploadSeveralInOrder()
{
    const QString a = uploadFile(u"first.txt"_s, 2 * Granule + 5, 'b');
    const QString b = writeFile(u"second.png"_s, tinyPng());
    const QString c = uploadFile(u"third.txt"_s, 100, 'c');
    const Run r = run({u"files"_s, u"upload"_s, a, b, c});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QStringList lines = r.outText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QStringList expected {u"first.txt"_s, u"second.png"_s, u"third.txt"_s};
    for (int i = 0; i < 3; ++i) {
        const std::optional<FakeFileService::File> file = m_server.files()->file(lines.at(i).section(u' ', 0, 0));
        QVERIFY2(file, qPrintable(lines.at(i)));
        QCOMPARE(file->displayName, expected.at(i)); // the lines come in the order of the arguments
        QCOMPARE(lines.at(i).section(u' ', 1), m_server.files()->fileUri(file->name).toString());
    }
    QCOMPARE(m_server.files()->file(lines.at(1).section(u' ', 0, 0))->mimeType, u"image/png"_s);

    // --display-name and --mime
    const Run named = run({u"files"_s, u"upload"_s, u"--display-name"_s, u"Quarterly numbers"_s, u"--mime"_s,
        u"text/csv"_s, uploadFile(u"numbers.txt"_s, 300, 'd')});
    QVERIFY2(named.exitCode == 0, named.describe());
    const std::optional<FakeFileService::File> file = m_server.files()->file(named.outText().section(u' ', 0, 0));
    QVERIFY(file);
    QCOMPARE(file->displayName, u"Quarterly numbers"_s);
    QCOMPARE(file->mimeType, u"text/csv"_s);
}

void tst_Cli::filesUploadPlainProgress()
{
    m_server.files()->setLinkBytesPerSecond(6 * 1000 * 1000);
    const qint64 size = 24 * Granule; // 6.3 MB: about a second on this link
    const QString path = uploadFile(u"slow.txt"_s, size, 'e');
    const Run r = run({u"files"_s, u"upload"_s, path});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(!r.err.contains('\r') && !r.err.contains('\x1b'), r.describe());
    static const QRegularExpression line(u"^slow\\.txt: (\\d+)% \\("_s);
    QList<int> percents;
    for (const QString &l : r.errText().split(u'\n')) {
        if (const QRegularExpressionMatch m = line.match(l); m.hasMatch())
            percents.append(m.captured(1).toInt());
    }
    QVERIFY2(percents.size() >= 3, r.describe()); // a line every 10 %, not one per chunk write
    QVERIFY2(percents.size() <= 13, r.describe());
    QCOMPARE(percents.last(), 100);
    for (qsizetype i = 1; i < percents.size(); ++i)
        QVERIFY2(percents.at(i) > percents.at(i - 1), r.describe());
    QVERIFY2(r.errText().contains(u"MB/s"_s), r.describe());
}

void tst_Cli::filesUploadReusesSameContent()
{
    const QString path = uploadFile(u"same.txt"_s, 2 * Granule, 'f');
    const Run first = run({u"files"_s, u"upload"_s, path});
    QVERIFY2(first.exitCode == 0, first.describe());
    QCOMPARE(sessions().size(), 1);

    const QString copy = writeFile(u"copy-of-same.txt"_s, textBytes(2 * Granule, 'f'));
    const Run second = run({u"files"_s, u"upload"_s, copy});
    QVERIFY2(second.exitCode == 0, second.describe());
    QCOMPARE(second.out, first.out); // the same file
    QVERIFY2(second.errText().contains(u"already uploaded as %1"_s.arg(first.outText().section(u' ', 0, 0))),
        second.describe());
    QVERIFY2(second.errText().contains(u"reused"_s), second.describe());
    QCOMPARE(sessions().size(), 1); // nothing sent again
    QCOMPARE(m_server.files()->files().size(), 1);
}

void tst_Cli::filesUploadWait()
{
    m_server.files()->setProcessingMs(1500);
    const QString clip = writeFile(u"clip.mp4"_s, mp4Bytes(Granule + 10));

    // Without --wait the command ends while the server still processes the video.
    Run r = run({u"files"_s, u"upload"_s, clip});
    QVERIFY2(r.exitCode == 0, r.describe());
    std::optional<FakeFileService::File> file = m_server.files()->file(r.outText().section(u' ', 0, 0));
    QVERIFY(file);
    QCOMPARE(file->mimeType, u"video/mp4"_s);
    QCOMPARE(file->state, u"PROCESSING"_s);

    m_server.files()->removeFile(file->name);
    r = run({u"files"_s, u"upload"_s, u"--wait"_s, clip});
    QVERIFY2(r.exitCode == 0, r.describe());
    file = m_server.files()->file(r.outText().section(u' ', 0, 0));
    QVERIFY(file);
    QCOMPARE(file->state, u"ACTIVE"_s); // the line came once it was usable
    QVERIFY2(r.errText().contains(u"Waiting for clip.mp4"_s), r.describe());
    QVERIFY(m_server.requests(u"/v1beta/files/"_s).size() >= 1); // it asked the server
}

void tst_Cli::filesUploadWaitFails()
{
    m_server.files()->setProcessingMs(500);
    m_server.files()->setFailProcessing(true, u"The video could not be decoded."_s);
    const QString clip = writeFile(u"broken.mp4"_s, mp4Bytes(Granule));
    const Run r = run({u"files"_s, u"upload"_s, u"--wait"_s, clip});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.errText().contains(u"could not be decoded"_s), r.describe());
    QVERIFY2(r.out.isEmpty(), r.describe());
}

void tst_Cli::filesUploadSurvivesACut()
{
    const QByteArray bytes = textBytes(40 * Granule + 77, 'g');
    const QString path = writeFile(u"cut.txt"_s, bytes);
    FakeFileService::ChunkFault cut;
    cut.cutAtOffset = 20 * Granule + 1000; // mid-way, not on a granule boundary
    m_server.files()->enqueueChunkFault(cut);
    const Run r = run({u"files"_s, u"upload"_s, path});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.files()->pendingChunkFaults(), 0); // the cut happened
    const QList<FakeFileService::File> files = m_server.files()->files();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.first().sha256Hex, sha256Hex(bytes));
    const FakeFileService::SessionStats session = sessions().first();
    QVERIFY(session.queryRequests >= 1); // it asked how far the server got...
    QCOMPARE(session.duplicateBytes, 0); // ...and sent no byte before that again
    QVERIFY(session.chunkRequests >= 2);
}

void tst_Cli::filesUploadRetries503()
{
    const QByteArray bytes = textBytes(3 * Granule, 'h');
    const QString path = writeFile(u"busy.txt"_s, bytes);
    FakeFileService::ChunkFault busy;
    busy.httpStatus = 503;
    m_server.files()->enqueueChunkFault(busy);
    const Run r = run({u"files"_s, u"upload"_s, path});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(m_server.files()->pendingChunkFaults(), 0);
    const FakeFileService::SessionStats session = sessions().first();
    QVERIFY(session.chunkRequests >= 2);
    QCOMPARE(session.duplicateBytes, 0);
    QCOMPARE(m_server.files()->files().first().sha256Hex, sha256Hex(bytes));
}

void tst_Cli::filesUploadBadInputs_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("extraArgs");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing") << u"missing"_s << QStringList() << u"does not exist"_s;
    QTest::newRow("empty") << u"empty"_s << QStringList() << u"empty"_s;
    QTest::newRow("directory") << u"directory"_s << QStringList() << u"folder"_s;
    QTest::newRow("unsupported") << u"zip"_s << QStringList() << u"Accepted are"_s;
    QTest::newRow("bad-mime") << u"good"_s << QStringList {u"--mime"_s, u"application/x-frobnicate"_s}
                              << u"Gemini does not accept the type"_s;
    QTest::newRow("display-name-for-two")
        << u"two"_s << QStringList {u"--display-name"_s, u"x"_s} << u"--display-name names one file"_s;
    QTest::newRow("no-file") << u"none"_s << QStringList() << u"Name the files to upload"_s;
    QTest::newRow("no-subcommand") << u"bare"_s << QStringList() << u"files needs a command"_s;
    QTest::newRow("unknown-subcommand") << u"unknown"_s << QStringList() << u"Unknown command “files send”"_s;
}

void tst_Cli::filesUploadBadInputs()
{
    QFETCH(QString, kind);
    QFETCH(QStringList, extraArgs);
    QFETCH(QString, message);
    const QString good = uploadFile(u"good.txt"_s, 500, 'i');
    QStringList args {u"files"_s, u"upload"_s};
    if (kind == "missing"_L1)
        args << good << m_dir.filePath(u"no-such-file.txt"_s);
    else if (kind == "empty"_L1)
        args << good << writeFile(u"empty.txt"_s, {});
    else if (kind == "directory"_L1)
        args << m_dir.path();
    else if (kind == "zip"_L1)
        args << writeFile(u"archive.zip"_s, QByteArray("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10) + QByteArray(40, 'x'));
    else if (kind == "good"_L1)
        args << good;
    else if (kind == "two"_L1)
        args << good << good;
    else if (kind == "bare"_L1)
        args = {u"files"_s};
    else if (kind == "unknown"_L1)
        args = {u"files"_s, u"send"_s, good};
    const Run r = run(args + extraArgs);
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(message), r.describe());
    if (kind == "zip"_L1) // the accepted types are listed
        QVERIFY2(r.errText().contains(u"PNG"_s) && r.errText().contains(u"MP4"_s) && r.errText().contains(u"PDF"_s),
            r.describe());
    QVERIFY2(r.out.isEmpty(), r.describe());
    QCOMPARE(m_server.requests().size(), 0); // nothing was sent, not even for the good file
}

void tst_Cli::filesUploadSigintCancels()
{
    m_server.files()->setLinkBytesPerSecond(300 * 1000);
    const QString path = uploadFile(u"long.txt"_s, 16 * Granule, 'j'); // 4.2 MB: 14 s on this link
    QProcess process;
    process.setProcessEnvironment(environment());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(m_cli, withBase({u"files"_s, u"upload"_s, path}));
    QVERIFY(process.waitForStarted(10000));
    process.closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(!sessions().isEmpty() && sessions().first().bodyBytesReceived > 0, 20000);
    QCOMPARE(::kill(pid_t(process.processId()), SIGINT), 0);
    QVERIFY(finished.wait(20000));
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 130);
    QVERIFY2(err.contains("(interrupted: the upload was cancelled)"), err.constData());
    QVERIFY(process.readAllStandardOutput().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(sessions().first().cancelled, 5000); // the server was told
    QCOMPARE(m_server.files()->files().size(), 0);
}

void tst_Cli::filesList()
{
    FakeFileService *service = m_server.files();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    FakeFileService::File old;
    old.displayName = u"Old recording"_s;
    old.mimeType = u"audio/mpeg"_s;
    old.sizeBytes = 41762063;
    old.sha256Hex = sha256Hex("old");
    old.createTime = now.addSecs(-(47 * 3600 + 30 * 60)); // 30 minutes left
    old.expirationTime = old.createTime.addSecs(48 * 3600);
    const QString oldName = service->addFile(old);
    FakeFileService::File clip;
    clip.displayName = u"clip.mp4"_s;
    clip.mimeType = u"video/mp4"_s;
    clip.sizeBytes = 1500;
    clip.state = u"PROCESSING"_s;
    clip.sha256Hex = sha256Hex("clip");
    const QString clipName = service->addFile(clip);

    Run r = run({u"files"_s, u"list"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QStringList lines = r.outText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4); // header, two files, total
    QVERIFY2(lines.at(0).startsWith(u"NAME"_s) && lines.at(0).contains(u"EXPIRES IN"_s), r.describe());
    QVERIFY2(lines.at(1).startsWith(clipName), r.describe()); // newest first
    QVERIFY2(lines.at(1).contains(u"PROCESSING"_s) && lines.at(1).contains(u"1.5 kB"_s), r.describe());
    QVERIFY2(lines.at(1).contains(QRegularExpression(u"4[78] h \\d+ min$"_s)), r.describe());
    QVERIFY2(lines.at(2).startsWith(oldName) && lines.at(2).contains(u"Old recording"_s), r.describe());
    QVERIFY2(lines.at(2).contains(u"41.8 MB"_s) && lines.at(2).contains(u"audio/mpeg"_s), r.describe());
    QVERIFY2(lines.at(2).contains(QRegularExpression(u" (29|30) min$"_s)), r.describe());
    QVERIFY2(lines.at(3).contains(u"2 files, 41.8 MB of the 20.0 GB project quota"_s), r.describe());

    r = run({u"files"_s, u"list"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject json = parseObject(r.out);
    QCOMPARE(json.value(u"fileCount"_s).toInt(), 2);
    QCOMPARE(json.value(u"totalBytes"_s).toDouble(), 41763563.0);
    QCOMPARE(json.value(u"quotaBytes"_s).toDouble(), 20e9);
    const QJsonArray files = json.value(u"files"_s).toArray();
    QCOMPARE(files.size(), 2);
    const QJsonObject first = files.at(1).toObject();
    QCOMPARE(first.value(u"name"_s).toString(), oldName);
    QCOMPARE(first.value(u"sizeBytes"_s).toString(), u"41762063"_s); // int64 as a string, as the API writes it
    QCOMPARE(first.value(u"state"_s).toString(), u"ACTIVE"_s);
    QCOMPARE(first.value(u"sha256Hash"_s).toString(), QString::fromLatin1(sha256Hex("old").toBase64()));

    // Nothing there.
    service->removeFile(oldName);
    service->removeFile(clipName);
    r = run({u"files"_s, u"list"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.outText(), u"0 files, 0 B of the 20.0 GB project quota (0%).\n"_s);
}

void tst_Cli::filesListAllPages()
{
    for (int i = 0; i < 130; ++i) {
        FakeFileService::File f;
        f.displayName = u"file %1"_s.arg(i);
        f.mimeType = u"text/plain"_s;
        f.sizeBytes = 1000;
        m_server.files()->addFile(f);
    }
    const Run r = run({u"files"_s, u"list"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(parseObject(r.out).value(u"files"_s).toArray().size(), 130);
    QVERIFY(m_server.requests(u"/v1beta/files"_s).size() >= 2);
}

void tst_Cli::filesGet()
{
    FakeFileService::File f;
    f.displayName = u"Talk"_s;
    f.mimeType = u"audio/mpeg"_s;
    f.sizeBytes = 889389;
    f.sha256Hex = sha256Hex("talk");
    const QString name = m_server.files()->addFile(f);

    for (const QString &given : {name, name.mid(6), m_server.files()->fileUri(name).toString()}) {
        const Run r = run({u"files"_s, u"get"_s, given});
        QVERIFY2(r.exitCode == 0, r.describe());
        QVERIFY2(r.outText().startsWith(u"name:"_s), r.describe());
        QVERIFY2(r.outText().contains(name), r.describe());
        QVERIFY2(r.outText().contains(u"\ndisplay name:     Talk\n"_s), r.describe());
        QVERIFY2(r.outText().contains(u"889.4 kB (889389 bytes)"_s), r.describe());
        QVERIFY2(r.outText().contains(u"\nstate:            ACTIVE\n"_s), r.describe());
        QVERIFY2(r.outText().contains(QString::fromLatin1(sha256Hex("talk"))), r.describe());
        QVERIFY2(
            r.outText().contains(QRegularExpression(u"expires: .* UTC \\(in 4[78] h \\d+ min\\)"_s)), r.describe());
    }
    const Run r = run({u"files"_s, u"get"_s, u"--json"_s, name});
    QVERIFY2(r.exitCode == 0, r.describe());
    const QJsonObject json = parseObject(r.out);
    QCOMPARE(json.value(u"name"_s).toString(), name);
    QCOMPARE(json.value(u"sizeBytes"_s).toString(), u"889389"_s);
    QCOMPARE(json.value(u"uri"_s).toString(), m_server.files()->fileUri(name).toString());
}

void tst_Cli::filesGetUnknown()
{
    Run r = run({u"files"_s, u"get"_s, u"files/nosuchfile"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.errText().contains(u"There is no file files/nosuchfile"_s), r.describe());
    QVERIFY2(r.out.isEmpty(), r.describe());

    r = run({u"files"_s, u"get"_s, u"--json"_s, u"files/nosuchfile"_s});
    QVERIFY2(r.exitCode == 1, r.describe());
    QCOMPARE(parseObject(r.out).value(u"error"_s).toObject().value(u"httpStatus"_s).toInt(), 403);

    r = run({u"files"_s, u"get"_s, u"not a name!"_s});
    QVERIFY2(r.exitCode == 2, r.describe());
    QVERIFY2(r.errText().contains(u"is not a file name"_s), r.describe());
}

void tst_Cli::filesDelete()
{
    FakeFileService::File f;
    f.mimeType = u"text/plain"_s;
    f.sizeBytes = 10;
    const QString a = m_server.files()->addFile(f);
    const QString b = m_server.files()->addFile(f);
    const QString c = m_server.files()->addFile(f);

    Run r = run({u"files"_s, u"delete"_s, a, b.mid(6)});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.outText(), u"deleted %1\ndeleted %2\n"_s.arg(a, b));
    QCOMPARE(m_server.files()->files().size(), 1);

    // One unknown: the others are still deleted, the unknown one is reported, exit code 1.
    r = run({u"files"_s, u"delete"_s, u"files/gone"_s, c});
    QVERIFY2(r.exitCode == 1, r.describe());
    QCOMPARE(r.outText(), u"deleted %1\n"_s.arg(c));
    QVERIFY2(r.errText().contains(u"Could not delete files/gone: There is no file files/gone"_s), r.describe());
    QCOMPARE(m_server.files()->files().size(), 0);

    r = run({u"files"_s, u"delete"_s});
    QVERIFY2(r.exitCode == 2, r.describe());
}

void tst_Cli::filesWait()
{
    FakeFileService::File f;
    f.mimeType = u"video/mp4"_s;
    f.sizeBytes = 10;
    f.state = u"PROCESSING"_s;
    const QString name = m_server.files()->addFile(f);
    QTimer::singleShot(1500, this, [this, name] { m_server.files()->setState(name, u"ACTIVE"_s); });
    const Run r = run({u"files"_s, u"wait"_s, name});
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.outText(), name + u' ' + m_server.files()->fileUri(name).toString() + u'\n');
    QVERIFY2(r.errText().contains(u"is being processed; waiting"_s), r.describe());
    QVERIFY(m_server.requests(u"/v1beta/"_s + name).size() >= 2); // it polled
}

void tst_Cli::filesWaitFailures_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<QStringList>("extraArgs");
    QTest::addColumn<QString>("message");
    QTest::newRow("failed") << u"FAILED"_s << QStringList() << u"could not process"_s;
    QTest::newRow("timeout") << u"PROCESSING"_s << QStringList {u"--timeout"_s, u"1.5"_s}
                             << u"still being processed after 2 s"_s;
    QTest::newRow("unknown") << u""_s << QStringList() << u"There is no file"_s;
}

void tst_Cli::filesWaitFailures()
{
    QFETCH(QString, state);
    QFETCH(QStringList, extraArgs);
    QFETCH(QString, message);
    QString name = u"files/unknown"_s;
    if (!state.isEmpty()) {
        FakeFileService::File f;
        f.mimeType = u"video/mp4"_s;
        f.sizeBytes = 10;
        f.state = state;
        f.errorMessage = state == "FAILED"_L1 ? u"Unsupported codec."_s : QString();
        name = m_server.files()->addFile(f);
    }
    const Run r = run(QStringList {u"files"_s, u"wait"_s, name} + extraArgs);
    QVERIFY2(r.exitCode == 1, r.describe());
    QVERIFY2(r.errText().contains(message), r.describe());
    if (state == "FAILED"_L1)
        QVERIFY2(r.errText().contains(u"Unsupported codec."_s), r.describe());
    QVERIFY2(r.out.isEmpty(), r.describe());
}

void tst_Cli::filesAgainstStandaloneServer_data()
{
    QTest::addColumn<QStringList>("serverArgs");
    QTest::addColumn<bool>("video");
    QTest::addColumn<QString>("logged");        // in the server's request log
    QTest::addColumn<int>("minUploadRequests"); // POSTs to the upload endpoint answered (a cut one is not)

    // The same faults as above, through alhena-fake-server's own options, both sides separate processes.
    // A clean upload of this file is 2 requests (start, the one chunk); a cut or refused chunk adds a
    // query and the chunk again.
    QTest::newRow("cut") << QStringList {u"--cut-upload-at"_s, QString::number(10 * Granule + 999)} << false
                         << u"POST /upload/v1beta/files"_s << 3;
    QTest::newRow("503") << QStringList {u"--chunk-status"_s, u"503"_s} << false << u"-> 503"_s << 3;
    QTest::newRow("processing") << QStringList {u"--processing-ms"_s, u"1200"_s} << true << u"GET /v1beta/files/"_s
                                << 2;
}

void tst_Cli::filesAgainstStandaloneServer()
{
    QFETCH(QStringList, serverArgs);
    QFETCH(bool, video);
    QFETCH(QString, logged);
    QFETCH(int, minUploadRequests);
    QProcess server;
    server.start(QDir(qEnvironmentVariable("ALHENA_BIN_DIR")).filePath(u"alhena-fake-server"_s),
        QStringList {u"--port"_s, u"0"_s, u"--key"_s, u"test-key"_s, u"--granularity"_s, QString::number(Granule)}
            + serverArgs);
    QVERIFY(server.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 10000);
    const QString line = QString::fromUtf8(server.readLine()).trimmed();
    const QRegularExpressionMatch match
        = QRegularExpression(u"^alhena-fake-server listening on (http://127\\.0\\.0\\.1:\\d+) "_s).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    const QString base = match.captured(1);

    const QByteArray bytes = video ? mp4Bytes(20 * Granule + 5) : textBytes(20 * Granule + 5, 'n');
    const QString path = writeFile(video ? u"standalone.mp4"_s : u"standalone.txt"_s, bytes);
    QStringList upload {u"--api-base"_s, base, u"files"_s, u"upload"_s, path};
    if (video)
        upload.append(u"--wait"_s);
    const Run r = run(upload, environment());
    QVERIFY2(r.exitCode == 0, r.describe());
    const QString name = r.outText().section(u' ', 0, 0);

    const Run get = run({u"--api-base"_s, base, u"files"_s, u"get"_s, u"--json"_s, name}, environment());
    QVERIFY2(get.exitCode == 0, get.describe());
    const QJsonObject file = parseObject(get.out);
    QCOMPARE(file.value(u"sizeBytes"_s).toString(), QString::number(bytes.size()));
    QCOMPARE(file.value(u"sha256Hash"_s).toString(), QString::fromLatin1(sha256Hex(bytes).toBase64()));
    QCOMPARE(file.value(u"state"_s).toString(), u"ACTIVE"_s);

    server.terminate();
    QTRY_VERIFY_WITH_TIMEOUT(server.state() == QProcess::NotRunning, 10000);
    const QString log = QString::fromUtf8(server.readAllStandardError());
    QVERIFY2(log.contains(logged), qPrintable(log));
    QVERIFY2(log.count(u"POST /upload/v1beta/files"_s) >= minUploadRequests, qPrintable(log));
    QVERIFY2(!log.contains(u"test-key"_s), qPrintable(log));
}

void tst_Cli::generateUploadsAttachmentOverInlineLimit()
{
    // 16 MB of text is 21.3 MB of base64: over the 20 MB inline limit, so it goes through the Files API.
    const QByteArray big = textBytes(16 * 1000 * 1000, 'k');
    const QString path = writeFile(u"transcript.txt"_s, big);
    const QString small = writeFile(u"pixel.png"_s, tinyPng());
    const Run r = run({u"generate"_s, u"--attach"_s, path, u"--attach"_s, small, u"Summarize"_s});
    QVERIFY2(r.exitCode == 0, r.describe());

    const QList<FakeFileService::File> files = m_server.files()->files();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.first().sha256Hex, sha256Hex(big));
    const QJsonArray parts = m_server.requests(u":streamGenerateContent"_s)
                                 .value(0)
                                 .json()
                                 .value(u"contents"_s)
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(u"parts"_s)
                                 .toArray();
    QCOMPARE(parts.size(), 3); // the files in order, then the text
    const QJsonObject fileData = parts.at(0).toObject().value(u"fileData"_s).toObject();
    QCOMPARE(fileData.value(u"mimeType"_s).toString(), u"text/plain"_s);
    QCOMPARE(fileData.value(u"fileUri"_s).toString(), m_server.files()->fileUri(files.first().name).toString());
    QCOMPARE(parts.at(1).toObject().value(u"inlineData"_s).toObject().value(u"mimeType"_s).toString(), u"image/png"_s);
    QCOMPARE(parts.at(2).toObject(), QJsonObject({{u"text"_s, u"Summarize"_s}}));
    QVERIFY2(
        r.outText().contains(u"last turn parts: fileData text/plain %1 \"transcript.txt\", inlineData image/png"_s.arg(
            files.first().name)),
        r.describe());
    QVERIFY2(r.errText().contains(u"uploaded transcript.txt as %1"_s.arg(files.first().name)), r.describe());

    // The second time, the upload is reused.
    const Run again = run({u"generate"_s, u"--attach"_s, path, u"Summarize"_s});
    QVERIFY2(again.exitCode == 0, again.describe());
    QVERIFY2(again.errText().contains(u"reused"_s), again.describe());
    QCOMPARE(sessions().size(), 1);
}

void tst_Cli::generateInlineLimitOption()
{
    // --inline-limit 0 sends even a tiny file through the Files API; 0.5 MB keeps a 300 kB one inline
    // (400 kB of base64) and uploads a 600 kB one.
    const QString notes = writeFile(u"notes.txt"_s, textBytes(300 * 1000, 'n'));
    const Run allUploaded = run({u"generate"_s, u"--inline-limit"_s, u"0"_s, u"--attach"_s, notes, u"Summarize"_s});
    QVERIFY2(allUploaded.exitCode == 0, allUploaded.describe());
    QCOMPARE(m_server.files()->files().size(), 1);
    QVERIFY2(allUploaded.outText().contains(u"last turn parts: fileData text/plain"_s), allUploaded.describe());

    const QString bigger = writeFile(u"bigger.txt"_s, textBytes(600 * 1000, 'b'));
    const Run split = run(
        {u"generate"_s, u"--inline-limit"_s, u"0.5"_s, u"--attach"_s, notes, u"--attach"_s, bigger, u"Summarize"_s});
    QVERIFY2(split.exitCode == 0, split.describe());
    QVERIFY2(split.outText().contains(u"last turn parts: inlineData text/plain 300000 bytes, fileData text/plain"_s),
        split.describe());
    QCOMPARE(m_server.files()->files().size(), 2);
}

void tst_Cli::generateWaitsForProcessedVideo()
{
    // A video over the inline limit is uploaded, stays PROCESSING for a while, and is used only once ACTIVE
    // (the fake server answers 400 FAILED_PRECONDITION for a file in PROCESSING).
    m_server.files()->setProcessingMs(1500);
    const QString clip = writeFile(u"clip.mp4"_s, mp4Bytes(15 * 1000 * 1000 + 7));
    const Run r = run({u"generate"_s, u"--attach"_s, clip, u"What happens?"_s});
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.outText().contains(u"last turn parts: fileData video/mp4 %1 \"clip.mp4\", text"_s.arg(
                 m_server.files()->files().first().name)),
        r.describe());
    QVERIFY2(r.errText().contains(u"Waiting for clip.mp4 to be processed"_s), r.describe());
    QCOMPARE(m_server.files()->files().first().state, u"ACTIVE"_s);
}

void tst_Cli::generateAttachmentUploadInterrupted()
{
    m_server.files()->setLinkBytesPerSecond(1000 * 1000);
    const QString path = writeFile(u"huge.txt"_s, textBytes(16 * 1000 * 1000, 'l'));
    QProcess process;
    process.setProcessEnvironment(environment());
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(m_cli, withBase({u"generate"_s, u"--attach"_s, path, u"Summarize"_s}));
    QVERIFY(process.waitForStarted(10000));
    process.closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(!sessions().isEmpty() && sessions().first().bodyBytesReceived > 0, 20000);
    QCOMPARE(::kill(pid_t(process.processId()), SIGINT), 0);
    QVERIFY(finished.wait(20000));
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitCode(), 130);
    QVERIFY2(err.contains("(interrupted: the uploads were cancelled)"), err.constData());
    QTRY_VERIFY_WITH_TIMEOUT(sessions().first().cancelled, 5000);
    // The cut chunk is recorded when the server sees its socket close, which can come later than the
    // cancel: wait for it here, so it does not land among the next test's requests.
    QTRY_COMPARE_WITH_TIMEOUT(m_server.openUploads(), 0, 10000);
    QCOMPARE(generateRequests(), 0);
}

// ---------------------------------------------------------------------------------------------- help

void tst_Cli::helpListsEveryOption_data()
{
    const QStringList global {u"--api-base URL"_s, u"--api-version VERSION"_s, u"--timeout SECONDS"_s, u"--retries N"_s,
        u"--quiet"_s, u"--version"_s, u"-h, --help"_s};
    const QStringList generate {u"--model MODEL"_s, u"--system TEXT"_s, u"--temperature T"_s, u"--top-p P"_s,
        u"--top-k K"_s, u"--max-output-tokens N"_s, u"--stop TEXT"_s, u"--seed N"_s, u"--candidates N"_s,
        u"--json-schema FILE"_s, u"--attach FILE"_s, u"--thoughts"_s, u"--usage"_s, u"--no-stream"_s, u"--json"_s};
    const QStringList models {u"--all"_s, u"--json"_s};
    const QStringList countTokens {u"--model MODEL"_s, u"--system TEXT"_s, u"--attach FILE"_s, u"--json"_s};
    const QStringList embed {u"--model MODEL"_s, u"--task-type TYPE"_s, u"--dimensions N"_s, u"--json"_s};
    const QStringList filesUpload {u"--display-name NAME"_s, u"--mime TYPE"_s, u"--wait"_s};
    const QStringList filesJson {u"--json"_s};

    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("options");
    QTest::newRow("--help") << QStringList {u"--help"_s}
                            << global + generate + models + countTokens + embed + filesUpload + filesJson;
    QTest::newRow("help") << QStringList {u"help"_s}
                          << global + generate + models + countTokens + embed + filesUpload + filesJson;
    QTest::newRow("-h") << QStringList {u"-h"_s} << global + generate;
    QTest::newRow("help generate") << QStringList {u"help"_s, u"generate"_s} << global + generate;
    QTest::newRow("generate --help") << QStringList {u"generate"_s, u"--help"_s} << global + generate;
    QTest::newRow("help models") << QStringList {u"help"_s, u"models"_s} << global + models;
    QTest::newRow("count-tokens --help") << QStringList {u"count-tokens"_s, u"--help"_s} << global + countTokens;
    QTest::newRow("embed -h") << QStringList {u"embed"_s, u"-h"_s} << global + embed;
    QTest::newRow("help files") << QStringList {u"help"_s, u"files"_s} << global + filesUpload + filesJson;
    QTest::newRow("files --help") << QStringList {u"files"_s, u"--help"_s} << global + filesUpload + filesJson;
    QTest::newRow("files upload --help") << QStringList {u"files"_s, u"upload"_s, u"--help"_s} << global + filesUpload;
    QTest::newRow("help files list") << QStringList {u"help"_s, u"files"_s, u"list"_s} << global + filesJson;
    QTest::newRow("files wait -h") << QStringList {u"files"_s, u"wait"_s, u"-h"_s} << global;
}

void tst_Cli::helpListsEveryOption()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, options);
    QProcessEnvironment env = environment();
    env.remove(u"GEMINI_API_KEY"_s); // help needs no key
    const Run r = run(args, env);
    QVERIFY2(r.exitCode == 0, r.describe());
    QVERIFY2(r.err.isEmpty(), r.describe());
    const QString help = r.outText();
    for (const QString &option : options)
        QVERIFY2(help.contains(u"\n  "_s + option + u' ') || help.contains(u"\n  "_s + option + u'\n'),
            qPrintable(option + u" is not documented in:\n"_s + help));
    // The key's rules, the environment and the exit codes are documented everywhere.
    QVERIFY2(help.contains(u"GEMINI_API_KEY"_s) && help.contains(u"GOOGLE_API_KEY"_s), qPrintable(help));
    QVERIFY2(help.contains(u"shell history"_s), qPrintable(help));
    QVERIFY2(help.contains(u"GOOGLE_GEMINI_BASE_URL"_s) && help.contains(u"ALHENA_MODEL"_s), qPrintable(help));
    for (const char *code : {"\n  0 ", "\n  1 ", "\n  2 ", "\n  3 ", "\n  4 ", "\n  130 "})
        QVERIFY2(help.contains(QLatin1StringView(code)), code);
    for (const QString &line : help.split(u'\n'))
        QVERIFY2(line.size() <= 100, qPrintable(line));
    QCOMPARE(m_server.requests().size(), 0);
}

void tst_Cli::version()
{
    const Run r = run({u"--version"_s}, environment());
    QVERIFY2(r.exitCode == 0, r.describe());
    QCOMPARE(r.out, QByteArray("alhena-cli " ALHENA_VERSION "\n"));
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
