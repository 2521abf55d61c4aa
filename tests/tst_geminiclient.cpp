#include "apicall.h"
#include "fakefileservice.h"
#include "generatecall.h"
#include "support/clientfixture.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace {
template<typename T> struct Outcome
{
    std::optional<T> value;
    ApiError error;
    int calls = 0;
    GeminiClient::Callback<T> callback()
    {
        return [this](const T &v, const ApiError &e) {
            ++calls;
            value = v;
            error = e;
        };
    }
};

// A file put straight into the fake server; its content decides sha256 and size.
FakeFileService::File fakeFile(const QString &id, const QByteArray &content, const QString &displayName = {})
{
    FakeFileService::File f;
    f.name = u"files/"_s + id;
    f.displayName = displayName;
    f.mimeType = u"audio/mpeg"_s;
    f.sizeBytes = content.size();
    f.sha256Hex = QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex();
    return f;
}

QJsonObject modelJson(int i)
{
    return QJsonObject {{"name"_L1, u"models/test-model-%1"_s.arg(i, 3, 10, QLatin1Char('0'))},
        {"displayName"_L1, u"Test %1"_s.arg(i)}, {"inputTokenLimit"_L1, 1000}, {"outputTokenLimit"_L1, 100},
        {"supportedGenerationMethods"_L1, QJsonArray {u"generateContent"_s, u"countTokens"_s}}};
}

// Answers every request with one fixed 200 reply: a server (or a proxy) whose body is not a File.
struct FixedReplyServer
{
    QTcpServer server;
    QByteArray body;
    explicit FixedReplyServer(const QByteArray &replyBody)
        : body(replyBody)
    {
        if (!server.listen(QHostAddress::LocalHost))
            qFatal("cannot listen");
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            QTcpSocket *socket = server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                if (!socket->readAll().contains("\r\n\r\n"))
                    return;
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                socket->disconnectFromHost();
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        });
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())); }
};
} // namespace

class tst_GeminiClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listModelsFollowsEveryPage();
    void listModelsDefaultCatalog();
    void getModel();
    void unknownModel();
    void wrongKey();
    void missingKeySendsNothing();
    void unsafeEndpointSendsNothing();
    void requestCarriesExactlyWhatWasSet();
    void countTokensContentsForm();
    void countTokensFullForm();
    void embedOneAndMany();
    void cancelAJsonCall();
    void contextDestroyedMeansNoCallback();
    void headers();
    void listFilesFollowsEveryPage_data();
    void listFilesFollowsEveryPage();
    void listFilesStopsAfterMaxPages();
    void listFilesWrongKey();
    void getFile_data();
    void getFile();
    void getUnknownFile();
    void deleteFile();
    void deleteUnknownFile();
    void unusableFileNameSendsNothing_data();
    void unusableFileNameSendsNothing();
    void fileCallsCarryTheKeyOnlyInTheHeader();
    void malformedFileReplies_data();
    void malformedFileReplies();
};

void tst_GeminiClient::listModelsFollowsEveryPage()
{
    ClientFixture f;
    QList<QJsonObject> models;
    for (int i = 0; i < 120; ++i)
        models.append(modelJson(i));
    f.server.setModels(models);
    Outcome<QList<ModelInfo>> o;
    f.client->listModels(this, o.callback(), 50);
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QVERIFY2(!o.error.isError(), qPrintable(o.error.userMessage()));
    QCOMPARE(o.value->size(), 120);
    QSet<QString> names;
    for (const ModelInfo &m : *o.value)
        names.insert(m.name);
    QCOMPARE(names.size(), 120); // each model once
    const auto requests = f.server.requests(u"/v1beta/models"_s);
    QCOMPARE(requests.size(), 3);
    QVERIFY(!requests[0].query.hasQueryItem(u"pageToken"_s));
    QVERIFY(requests[1].query.hasQueryItem(u"pageToken"_s));
    QCOMPARE(requests[2].query.queryItemValue(u"pageSize"_s), u"50"_s);
    QTest::qWait(50);
    QCOMPARE(o.calls, 1); // exactly once
}

void tst_GeminiClient::listModelsDefaultCatalog()
{
    ClientFixture f;
    Outcome<QList<ModelInfo>> o;
    f.client->listModels(this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QVERIFY(!o.error.isError());
    bool flash = false;
    bool embedding = false;
    for (const ModelInfo &m : *o.value) {
        flash = flash || (m.id() == "gemini-2.5-flash"_L1 && m.supportsGenerateContent() && m.thinking);
        embedding = embedding || (m.supportsMethod(u"embedContent"_s) && !m.supportsGenerateContent());
    }
    QVERIFY(flash);
    QVERIFY(embedding);
}

void tst_GeminiClient::getModel()
{
    ClientFixture f;
    Outcome<ModelInfo> o;
    f.client->getModel(u"gemini-2.5-flash"_s, this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QVERIFY(!o.error.isError());
    QCOMPARE(o.value->name, u"models/gemini-2.5-flash"_s);
    QVERIFY(o.value->inputTokenLimit > 0);
    QCOMPARE(f.server.requests().last().path, u"/v1beta/models/gemini-2.5-flash"_s);
}

void tst_GeminiClient::unknownModel()
{
    ClientFixture f;
    Outcome<ModelInfo> o;
    f.client->getModel(u"gemini-does-not-exist"_s, this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QCOMPARE(o.error.kind, ApiError::Kind::NotFound);
    QCOMPARE(o.error.httpStatus, 404);
    QCOMPARE(o.error.status, u"NOT_FOUND"_s);
}

void tst_GeminiClient::wrongKey()
{
    ClientFixture f;
    f.client->setApiKey(u"not-the-key"_s);
    Outcome<QList<ModelInfo>> o;
    f.client->listModels(this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QCOMPARE(o.error.kind, ApiError::Kind::InvalidKey);
    QCOMPARE(o.error.reason, u"API_KEY_INVALID"_s);
    QVERIFY(!o.error.userMessage().contains(u"not-the-key"_s));
}

void tst_GeminiClient::missingKeySendsNothing()
{
    ClientFixture f;
    f.client->setApiKey({});
    QVERIFY(!f.client->hasApiKey());
    Outcome<QList<ModelInfo>> o;
    f.client->listModels(this, o.callback());
    QCOMPARE(o.calls, 0); // asynchronous
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 5000);
    QCOMPARE(o.error.kind, ApiError::Kind::MissingKey);
    QCOMPARE(f.server.requests().size(), 0);
}

void tst_GeminiClient::unsafeEndpointSendsNothing()
{
    ClientFixture f;
    ClientConfig config = f.client->config();
    config.baseUrl = QUrl(u"http://gateway.example.com"_s); // the key would travel unencrypted
    f.client->setConfig(config);
    Outcome<QList<ModelInfo>> o;
    f.client->listModels(this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 5000);
    QVERIFY(o.error.isError());
    QVERIFY(o.error.userMessage().contains(u"unencrypted"_s));
}

void tst_GeminiClient::requestCarriesExactlyWhatWasSet()
{
    ClientFixture f;
    GenerateContentRequest r;
    r.contents = {Content::user(u"first"_s), Content::model(u"answer"_s), Content::user(u"second"_s)};
    r.contents.last().parts.append(Part::fromInlineData(u"image/png"_s, QByteArray("\x89PNG\r\n\x1a\n", 8)));
    r.systemInstruction = Content {{}, {Part::fromText(u"Be brief."_s)}};
    r.generationConfig.temperature = 0.25;
    r.generationConfig.stopSequences = {u"END"_s};
    r.safetySettings = {{u"HARM_CATEGORY_HARASSMENT"_s, u"BLOCK_ONLY_HIGH"_s}};
    GenerateCall *call = f.client->streamGenerateContent(u"gemini-2.5-flash"_s, r);
    QSignalSpy finished(call, &GenerateCall::finished);
    QVERIFY(finished.wait(10000));
    const QJsonObject sent = f.server.requests().last().json();
    QCOMPARE(sent, r.toJson());
    QCOMPARE(
        sent.keys(), (QStringList {u"contents"_s, u"generationConfig"_s, u"safetySettings"_s, u"systemInstruction"_s}));
    QCOMPARE(sent.value("generationConfig"_L1).toObject().keys(), (QStringList {u"stopSequences"_s, u"temperature"_s}));
    // The fake server read it the same way: its echo names what it received.
    const QString echo = finished.first().first().value<GenerateContentResponse>().text();
    QVERIFY2(echo.contains(u"Received 3 turn(s)"_s), qPrintable(echo));
    QVERIFY2(echo.contains(u"image/png 8 bytes"_s), qPrintable(echo));
    QVERIFY2(echo.contains(u"Be brief."_s), qPrintable(echo));
}

void tst_GeminiClient::countTokensContentsForm()
{
    ClientFixture f;
    Outcome<TokenCount> o;
    f.client->countTokens(
        u"gemini-2.5-flash"_s, GenerateContentRequest::fromPrompt(u"Hello, world!"_s), this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QVERIFY2(!o.error.isError(), qPrintable(o.error.userMessage()));
    QVERIFY(o.value->totalTokens > 0);
    const QJsonObject sent = f.server.requests().last().json();
    QCOMPARE(sent.keys(), QStringList {u"contents"_s});
    QCOMPARE(f.server.requests().last().path, u"/v1beta/models/gemini-2.5-flash:countTokens"_s);
}

void tst_GeminiClient::countTokensFullForm()
{
    ClientFixture f;
    GenerateContentRequest r = GenerateContentRequest::fromPrompt(u"Hello"_s);
    r.systemInstruction = Content {{}, {Part::fromText(u"A long system instruction that costs tokens too."_s)}};
    Outcome<TokenCount> withSystem;
    f.client->countTokens(u"gemini-2.5-flash"_s, r, this, withSystem.callback());
    QTRY_COMPARE_WITH_TIMEOUT(withSystem.calls, 1, 10000);
    QVERIFY2(!withSystem.error.isError(), qPrintable(withSystem.error.userMessage()));
    const QJsonObject sent = f.server.requests().last().json();
    QCOMPARE(sent.keys(), QStringList {u"generateContentRequest"_s});
    QCOMPARE(sent["generateContentRequest"_L1]["model"_L1].toString(), u"models/gemini-2.5-flash"_s);
    Outcome<TokenCount> without;
    f.client->countTokens(
        u"gemini-2.5-flash"_s, GenerateContentRequest::fromPrompt(u"Hello"_s), this, without.callback());
    QTRY_COMPARE_WITH_TIMEOUT(without.calls, 1, 10000);
    QVERIFY(withSystem.value->totalTokens > without.value->totalTokens);
}

void tst_GeminiClient::embedOneAndMany()
{
    ClientFixture f;
    EmbedContentRequest one = EmbedContentRequest::fromText(u"Hello world"_s);
    one.outputDimensionality = 16;
    Outcome<EmbeddingResult> single;
    f.client->embedContent(u"gemini-embedding-001"_s, one, this, single.callback());
    QTRY_COMPARE_WITH_TIMEOUT(single.calls, 1, 10000);
    QVERIFY2(!single.error.isError(), qPrintable(single.error.userMessage()));
    QCOMPARE(single.value->embeddings.size(), 1);
    QCOMPARE(single.value->embeddings.first().size(), 16);

    Outcome<EmbeddingResult> batch;
    f.client->batchEmbedContents(u"gemini-embedding-001"_s,
        {EmbedContentRequest::fromText(u"a"_s), EmbedContentRequest::fromText(u"b"_s), one}, this, batch.callback());
    QTRY_COMPARE_WITH_TIMEOUT(batch.calls, 1, 10000);
    QVERIFY2(!batch.error.isError(), qPrintable(batch.error.userMessage()));
    QCOMPARE(batch.value->embeddings.size(), 3);
    QCOMPARE(batch.value->embeddings.at(2), single.value->embeddings.first()); // same text, same vector
    QVERIFY(batch.value->embeddings.at(0) != batch.value->embeddings.at(1));
    // Each inner request repeats the model (gemini-api.md §6.2).
    for (const QJsonValue &v : f.server.requests().last().json().value("requests"_L1).toArray())
        QCOMPARE(v["model"_L1].toString(), u"models/gemini-embedding-001"_s);
}

void tst_GeminiClient::cancelAJsonCall()
{
    ClientFixture f;
    Outcome<QList<ModelInfo>> o;
    ApiCall *call = f.client->listModels(this, o.callback());
    call->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 5000);
    QCOMPARE(o.error.kind, ApiError::Kind::Cancelled);
}

void tst_GeminiClient::contextDestroyedMeansNoCallback()
{
    ClientFixture f;
    Outcome<QList<ModelInfo>> o;
    auto *context = new QObject;
    f.client->listModels(context, o.callback());
    delete context;
    QTRY_COMPARE_WITH_TIMEOUT(f.server.requests().size(), 1, 5000);
    QTest::qWait(200);
    QCOMPARE(o.calls, 0);
}

void tst_GeminiClient::headers()
{
    ClientFixture f;
    Outcome<ModelInfo> o;
    f.client->getModel(u"gemini-2.5-flash"_s, this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    const FakeGeminiServer::Request r = f.server.requests().last();
    QCOMPARE(r.header("x-goog-api-key"), QByteArray("test-key"));
    QVERIFY(r.header("user-agent").startsWith("alhena/"));
    QVERIFY(!r.query.hasQueryItem(u"key"_s));
    QVERIFY(!r.path.contains(u"test-key"_s));
}

void tst_GeminiClient::listFilesFollowsEveryPage_data()
{
    QTest::addColumn<int>("files");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<int>("sentPageSize"); // files.list allows at most 100
    QTest::addColumn<int>("requests");
    QTest::newRow("none: the body is {}") << 0 << 100 << 100 << 1;
    QTest::newRow("one") << 1 << 100 << 100 << 1;
    QTest::newRow("exactly one page") << 100 << 100 << 100 << 1;
    QTest::newRow("one more than a page") << 101 << 100 << 100 << 2;
    QTest::newRow("250") << 250 << 100 << 100 << 3;
    QTest::newRow("small pages") << 20 << 7 << 7 << 3;
    QTest::newRow("page size above the maximum") << 150 << 500 << 100 << 2;
}

void tst_GeminiClient::listFilesFollowsEveryPage()
{
    QFETCH(int, files);
    QFETCH(int, pageSize);
    QFETCH(int, sentPageSize);
    QFETCH(int, requests);
    ClientFixture f;
    QSet<QString> added;
    for (int i = 0; i < files; ++i)
        added.insert(f.server.files()->addFile(fakeFile(u"file-%1"_s.arg(i), QByteArray::number(i))));
    Outcome<QList<RemoteFile>> o;
    f.client->listFiles(this, o.callback(), pageSize);
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QVERIFY2(!o.error.isError(), qPrintable(o.error.userMessage()));
    QCOMPARE(o.value->size(), files);
    QSet<QString> listed;
    for (const RemoteFile &file : *o.value) {
        listed.insert(file.name);
        QCOMPARE(file.state, RemoteFile::State::Active);
        QVERIFY(file.expirationTime.isValid());
    }
    QCOMPARE(listed, added); // each file once
    const auto sent = f.server.requests(u"/v1beta/files"_s);
    QCOMPARE(sent.size(), requests);
    for (qsizetype i = 0; i < sent.size(); ++i) {
        QCOMPARE(sent[i].method, QByteArray("GET"));
        QCOMPARE(sent[i].path, u"/v1beta/files"_s);
        QCOMPARE(sent[i].query.queryItemValue(u"pageSize"_s), QString::number(sentPageSize));
        QCOMPARE(sent[i].query.hasQueryItem(u"pageToken"_s), i > 0);
    }
    QTest::qWait(20);
    QCOMPARE(o.calls, 1); // exactly once
}

void tst_GeminiClient::listFilesStopsAfterMaxPages()
{
    ClientFixture f;
    for (int i = 0; i < GeminiClient::MaxPages + 1; ++i)
        f.server.files()->addFile(fakeFile(u"f%1"_s.arg(i), QByteArray::number(i)));
    Outcome<QList<RemoteFile>> o;
    f.client->listFiles(this, o.callback(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 30000);
    QVERIFY(!o.error.isError());
    QCOMPARE(o.value->size(), GeminiClient::MaxPages);
    QCOMPARE(f.server.requests(u"/v1beta/files"_s).size(), GeminiClient::MaxPages);
}

void tst_GeminiClient::listFilesWrongKey()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    f.client->setApiKey(u"not-the-key"_s);
    Outcome<QList<RemoteFile>> o;
    f.client->listFiles(this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QCOMPARE(o.error.kind, ApiError::Kind::InvalidKey);
    QVERIFY(o.value->isEmpty());
}

void tst_GeminiClient::getFile_data()
{
    QTest::addColumn<QString>("how"); // what the caller passes: name, id or uri
    QTest::newRow("resource name") << u"name"_s;
    QTest::newRow("id") << u"id"_s;
    QTest::newRow("uri") << u"uri"_s;
}

void tst_GeminiClient::getFile()
{
    QFETCH(QString, how);
    ClientFixture f;
    FakeFileService::File stored = fakeFile(u"talk-1"_s, QByteArray(1000, 'x'), u"Talk “one”"_s);
    stored.mimeType = u"video/mp4"_s;
    stored.state = u"FAILED"_s;
    stored.errorMessage = u"Unsupported codec."_s;
    const QString name = f.server.files()->addFile(stored);
    const FakeFileService::File expected = *f.server.files()->file(name);
    const QString arg = how == "name"_L1 ? name
        : how == "id"_L1                 ? name.mid(6)
                                         : f.server.files()->fileUri(name).toString();
    Outcome<RemoteFile> o;
    f.client->getFile(arg, this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QVERIFY2(!o.error.isError(), qPrintable(o.error.userMessage()));
    const RemoteFile &file = *o.value;
    QCOMPARE(file.name, name);
    QCOMPARE(file.displayName, expected.displayName);
    QCOMPARE(file.mimeType, u"video/mp4"_s);
    QCOMPARE(file.sizeBytes, 1000);
    QCOMPARE(file.sha256Hex(), expected.sha256Hex);
    QCOMPARE(file.createTime.toMSecsSinceEpoch(), expected.createTime.toMSecsSinceEpoch());
    QCOMPARE(file.expirationTime.toMSecsSinceEpoch(), expected.expirationTime.toMSecsSinceEpoch());
    QCOMPARE(file.uri, f.server.files()->fileUri(name).toString());
    QCOMPARE(file.state, RemoteFile::State::Failed);
    QCOMPARE(file.errorMessage, u"Unsupported codec."_s);
    QCOMPARE(file.source, RemoteFile::Source::Uploaded);
    const FakeGeminiServer::Request r = f.server.requests().last();
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.path, u"/v1beta/"_s + name);
}

void tst_GeminiClient::getUnknownFile()
{
    ClientFixture f;
    Outcome<RemoteFile> o;
    f.client->getFile(u"files/nosuchfile"_s, this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QCOMPARE(o.error.kind, ApiError::Kind::PermissionDenied);
    QCOMPARE(o.error.httpStatus, 403);
    QCOMPARE(o.error.status, u"PERMISSION_DENIED"_s);
    QVERIFY(o.value->name.isEmpty());
    QCOMPARE(f.server.requests().size(), 1); // a 403 is not retried
}

void tst_GeminiClient::deleteFile()
{
    ClientFixture f;
    const QString keep = f.server.files()->addFile(fakeFile(u"keep"_s, "k"));
    const QString gone = f.server.files()->addFile(fakeFile(u"gone"_s, "g"));
    Outcome<bool> o;
    f.client->deleteFile(gone, this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QVERIFY2(!o.error.isError(), qPrintable(o.error.userMessage()));
    QCOMPARE(*o.value, true);
    QVERIFY(!f.server.files()->file(gone));
    QVERIFY(f.server.files()->file(keep));
    const FakeGeminiServer::Request r = f.server.requests().last();
    QCOMPARE(r.method, QByteArray("DELETE"));
    QCOMPARE(r.path, u"/v1beta/files/gone"_s);
    QVERIFY(r.body.isEmpty());
}

void tst_GeminiClient::deleteUnknownFile()
{
    ClientFixture f;
    Outcome<bool> o;
    f.client->deleteFile(u"nosuchfile"_s, this, o.callback());
    QTRY_COMPARE_WITH_TIMEOUT(o.calls, 1, 10000);
    QCOMPARE(o.error.kind, ApiError::Kind::PermissionDenied);
    QCOMPARE(*o.value, false);
}

void tst_GeminiClient::unusableFileNameSendsNothing_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("remove"); // deleteFile, else getFile
    for (const bool remove : {false, true}) {
        const char *call = remove ? "delete" : "get";
        QTest::addRow("%s empty", call) << QString() << remove;
        QTest::addRow("%s prefix only", call) << u"files/"_s << remove;
        QTest::addRow("%s upper case", call) << u"files/ABC"_s << remove;
        QTest::addRow("%s another resource", call) << u"models/gemini-2.5-flash"_s << remove;
        QTest::addRow("%s path traversal", call) << u"files/../models"_s << remove;
        QTest::addRow("%s nested", call) << u"files/a/b"_s << remove;
    }
}

void tst_GeminiClient::unusableFileNameSendsNothing()
{
    QFETCH(QString, name);
    QFETCH(bool, remove);
    ClientFixture f;
    ApiError error;
    int calls = 0;
    auto fail = [&](const ApiError &e) {
        ++calls;
        error = e;
    };
    if (remove)
        f.client->deleteFile(name, this, [&](bool, const ApiError &e) { fail(e); });
    else
        f.client->getFile(name, this, [&](const RemoteFile &, const ApiError &e) { fail(e); });
    QCOMPARE(calls, 0); // asynchronous, as every answer
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 5000);
    QCOMPARE(error.kind, ApiError::Kind::InvalidRequest);
    QVERIFY(error.userMessage().contains(u"does not name a file"_s));
    QVERIFY(error.userMessage().contains(name.trimmed()));
    QVERIFY(!error.userMessage().contains(u"server"_s)); // nothing was sent, so the server said nothing
    QTest::qWait(20);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requests().size(), 0);
}

void tst_GeminiClient::malformedFileReplies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not json") << QByteArray("<html><body>Proxy error</body></html>");
    QTest::newRow("truncated") << QByteArray("{\n  \"files\": [\n    {\n      \"name\": \"files/abc\"");
    QTest::newRow("array") << QByteArray("[1, 2, 3]\n");
    QTest::newRow("huge garbage") << QByteArray(4 * 1024 * 1024, '{');
}

void tst_GeminiClient::malformedFileReplies()
{
    // A 200 whose body is not what files.list / files.get send: a clear error, never a crash or a
    // made-up file.
    QFETCH(QByteArray, body);
    FixedReplyServer fixed(body);
    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = fixed.url();
    config.apiKey = u"test-key"_s;
    GeminiClient client(&nam, config);

    Outcome<QList<RemoteFile>> list;
    client.listFiles(this, list.callback());
    QTRY_COMPARE_WITH_TIMEOUT(list.calls, 1, 10000);
    QCOMPARE(list.error.kind, ApiError::Kind::MalformedResponse);
    QVERIFY(list.value->isEmpty());
    QVERIFY(!list.error.userMessage().isEmpty());

    Outcome<RemoteFile> get;
    client.getFile(u"files/abc"_s, this, get.callback());
    QTRY_COMPARE_WITH_TIMEOUT(get.calls, 1, 10000);
    QCOMPARE(get.error.kind, ApiError::Kind::MalformedResponse);
    QVERIFY(get.value->name.isEmpty());
}

void tst_GeminiClient::fileCallsCarryTheKeyOnlyInTheHeader()
{
    ClientFixture f;
    const QString name = f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    Outcome<QList<RemoteFile>> list;
    Outcome<RemoteFile> get;
    Outcome<bool> del;
    f.client->listFiles(this, list.callback());
    f.client->getFile(name, this, get.callback());
    QTRY_VERIFY_WITH_TIMEOUT(list.calls == 1 && get.calls == 1, 10000);
    f.client->deleteFile(name, this, del.callback());
    QTRY_COMPARE_WITH_TIMEOUT(del.calls, 1, 10000);
    QVERIFY(!list.error.isError() && !get.error.isError() && !del.error.isError());
    QCOMPARE(f.server.requests().size(), 3);
    for (const FakeGeminiServer::Request &r : f.server.requests()) {
        QCOMPARE(r.header("x-goog-api-key"), QByteArray("test-key"));
        QVERIFY(!r.query.hasQueryItem(u"key"_s));
        QVERIFY(!r.query.toString().contains(u"test-key"_s));
    }
}

QTEST_GUILESS_MAIN(tst_GeminiClient)
#include "tst_geminiclient.moc"
