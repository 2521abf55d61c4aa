#include "chat/conversation.h"
#include "store/conversationarchive.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

#if __has_include("requestvalidator.h") // when the test links alhena_fakeserver
#include "requestvalidator.h"
#define HAVE_REQUEST_VALIDATOR 1
#endif

using namespace Qt::StringLiterals;

namespace {

const QByteArray PngBytes = QByteArray::fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

QDateTime at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
}

ChatTurn userTurn(const QString &text, const QList<Attachment> &attachments = {}, const QList<Part> &parts = {})
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::User;
    turn.text = text;
    turn.attachments = attachments;
    turn.attachmentParts = parts;
    return turn;
}

ChatTurn modelTurn(const QList<Part> &parts, ChatTurn::State state = ChatTurn::State::Done)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::Model;
    turn.state = state;
    turn.model = u"gemini-2.5-flash"_s;
    Candidate candidate;
    candidate.content.role = u"model"_s;
    candidate.content.parts = parts;
    candidate.finishReason = u"STOP"_s;
    turn.candidates.append(candidate);
    return turn;
}

ChatTurn modelTurn(const QString &text)
{
    return modelTurn(QList<Part> {Part::fromText(text)});
}

Part thoughtPart(const QString &text)
{
    Part part = Part::fromText(text);
    part.thought = true;
    return part;
}

ConversationRecord record(const QString &title, const QList<ChatTurn> &turns)
{
    ConversationRecord r;
    r.summary.title = title;
    r.summary.titleSource = TitleSource::User;
    r.summary.created = at("2025-03-01T10:00:00.123Z");
    r.summary.updated = at("2025-03-02T11:30:45.678Z");
    r.summary.model = u"gemini-2.5-flash"_s;
    r.settings.model = u"gemini-2.5-flash"_s;
    r.turns = turns;
    r.summary.turnCount = int(turns.size());
    return r;
}

Content userContent(const QList<Part> &parts)
{
    return Content {u"user"_s, parts};
}

Content modelContent(const QList<Part> &parts)
{
    return Content {u"model"_s, parts};
}

// One round-trip case: records and, per record, the contents the export must hold.
struct Case
{
    QList<ConversationRecord> records;
    QList<QList<Content>> expected;
};

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

QByteArray exportOf(const QJsonObject &request, const QString &title = u"T"_s)
{
    QJsonObject conversation {{u"title"_s, title}, {u"request"_s, request}};
    QJsonObject root {
        {u"format"_s, u"alhena-conversations"_s}, {u"version"_s, 1}, {u"conversations"_s, QJsonArray {conversation}}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QByteArray exportOfContents(const QJsonArray &contents)
{
    return exportOf(QJsonObject {{u"contents"_s, contents}});
}

QJsonObject textTurn(const QString &role, const QString &text)
{
    return QJsonObject {{u"role"_s, role}, {u"parts"_s, QJsonArray {QJsonObject {{u"text"_s, text}}}}};
}

QJsonObject partTurn(const QString &role, const QJsonObject &part)
{
    return QJsonObject {{u"role"_s, role}, {u"parts"_s, QJsonArray {part}}};
}

// Every file under `root` (recursively), as absolute paths.
QStringList filesUnder(const QString &root)
{
    QStringList out;
    QDirIterator it(
        root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(QFileInfo(it.next()).absoluteFilePath());
    return out;
}

} // namespace

class Tst_conversationarchive final : public QObject
{
    Q_OBJECT

private:
    static QHash<QString, std::function<Case(const QString &tempDir)>> cases();
    QTemporaryDir m_temp;

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void exportedRequestIsAccepted();
    void plainRequest_data();
    void plainRequest();
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
    void readFileLimits();
    void markdown();
    void hostileNames_data();
    void hostileNames();
    void safeFileName_data();
    void safeFileName();
};

QHash<QString, std::function<Case(const QString &)>> Tst_conversationarchive::cases()
{
    QHash<QString, std::function<Case(const QString &)>> c;
    c.insert(u"text and settings"_s, [](const QString &) {
        ConversationRecord r = record(u"Pasta"_s,
            {userTurn(u"How long do I cook pasta?"_s), modelTurn(u"About **10 minutes**."_s),
                userTurn(u"And rice?\n\nBrown rice."_s), modelTurn(u"About 40 minutes."_s)});
        r.summary.pinned = true;
        r.settings.request.systemInstruction = Content {QString(), {Part::fromText(u"Be brief."_s)}};
        r.settings.request.generationConfig.temperature = 0.25;
        r.settings.request.generationConfig.maxOutputTokens = 512;
        r.settings.request.generationConfig.thinkingConfig = ThinkingConfig {true, 1024, {}};
        r.settings.request.safetySettings = {SafetySetting {u"HARM_CATEGORY_HARASSMENT"_s, u"BLOCK_ONLY_HIGH"_s}};
        r.settings.request.tools.googleSearch = true;
        const QList<Content> expected = {userContent({Part::fromText(u"How long do I cook pasta?"_s)}),
            modelContent({Part::fromText(u"About **10 minutes**."_s)}),
            userContent({Part::fromText(u"And rice?\n\nBrown rice."_s)}),
            modelContent({Part::fromText(u"About 40 minutes."_s)})};
        return Case {{r}, {expected}};
    });
    c.insert(u"inline image"_s, [](const QString &) {
        const Part image = Part::fromInlineData(u"image/png"_s, PngBytes);
        const Attachment attachment {QString(), PngBytes, u"image/png"_s, u"dot.png"_s};
        ConversationRecord r = record(
            u"Image"_s, {userTurn(u"What is this?"_s, {attachment}, {image}), modelTurn(u"A single pixel."_s)});
        return Case {{r},
            {{userContent({image, Part::fromText(u"What is this?"_s)}),
                modelContent({Part::fromText(u"A single pixel."_s)})}}};
    });
    c.insert(u"thoughts and signature"_s, [](const QString &) {
        Part answer = Part::fromText(u"42."_s);
        answer.thoughtSignature = u"c2lnbmF0dXJl"_s;
        const QList<Part> parts = {thoughtPart(u"**Thinking** about it."_s), answer};
        ConversationRecord r = record(u"Thoughts"_s, {userTurn(u"The answer?"_s), modelTurn(parts)});
        return Case {{r}, {{userContent({Part::fromText(u"The answer?"_s)}), modelContent(parts)}}};
    });
    c.insert(u"expired upload goes inline"_s, [](const QString &dir) {
        // The attachment was uploaded (fileData); its bytes are in a local file (as a blob would be).
        const QString path = dir + u"/blob-audio"_s;
        QFile file(path);
        const QByteArray bytes = QByteArray("RIFF\x24\x00\x00\x00WAVEfmt ", 16) + QByteArray(64, '\x01');
        if (file.open(QIODevice::WriteOnly))
            file.write(bytes);
        file.close();
        const Attachment attachment {path, {}, u"audio/wav"_s, u"talk.wav"_s};
        const Part remote
            = Part::fromFileData(u"audio/wav"_s, u"https://generativelanguage.googleapis.com/v1beta/files/abc"_s);
        ConversationRecord r
            = record(u"Audio"_s, {userTurn(u"Transcribe"_s, {attachment}, {remote}), modelTurn(u"Hello there."_s)});
        return Case {{r},
            {{userContent({Part::fromInlineData(u"audio/wav"_s, bytes), Part::fromText(u"Transcribe"_s)}),
                modelContent({Part::fromText(u"Hello there."_s)})}}};
    });
    c.insert(u"upload without local bytes stays remote"_s, [](const QString &) {
        const Attachment attachment {u"/nonexistent/clip.mp4"_s, {}, u"video/mp4"_s, u"clip.mp4"_s};
        const Part remote
            = Part::fromFileData(u"video/mp4"_s, u"https://generativelanguage.googleapis.com/v1beta/files/xyz"_s);
        ConversationRecord r
            = record(u"Video"_s, {userTurn(u"Summarise"_s, {attachment}, {remote}), modelTurn(u"A cat."_s)});
        return Case {{r},
            {{userContent({remote, Part::fromText(u"Summarise"_s)}), modelContent({Part::fromText(u"A cat."_s)})}}};
    });
    c.insert(u"failed and blocked exchanges left out"_s, [](const QString &) {
        ChatTurn failed = modelTurn(QList<Part> {Part::fromText(u"half an answ"_s)}, ChatTurn::State::Failed);
        ChatTurn blocked = modelTurn(QList<Part> {}, ChatTurn::State::Blocked);
        ConversationRecord r = record(u"Retries"_s,
            {userTurn(u"First try"_s), failed, userTurn(u"Bad question"_s), blocked, userTurn(u"Second try"_s),
                modelTurn(u"Done."_s), userTurn(u"Trailing question"_s)});
        return Case {{r},
            {{userContent({Part::fromText(u"Second try"_s)}), modelContent({Part::fromText(u"Done."_s)}),
                userContent({Part::fromText(u"Trailing question"_s)})}}};
    });
    c.insert(u"several conversations"_s, [](const QString &) {
        ConversationRecord a = record(u"Ünïcödé 🚀 title"_s, {userTurn(u"日本語"_s), modelTurn(u"はい"_s)});
        ConversationRecord b = record(u"Second"_s, {userTurn(u"x"_s), modelTurn(u"y"_s)});
        b.summary.pinned = true;
        b.summary.created = at("2020-01-01T00:00:00.000Z");
        b.summary.updated = at("2020-01-01T00:00:00.001Z");
        b.settings.model = u"gemini-2.5-pro"_s;
        return Case {{a, b},
            {{userContent({Part::fromText(u"日本語"_s)}), modelContent({Part::fromText(u"はい"_s)})},
                {userContent({Part::fromText(u"x"_s)}), modelContent({Part::fromText(u"y"_s)})}}};
    });
    return c;
}

void Tst_conversationarchive::roundTrip_data()
{
    QTest::addColumn<QString>("name");
    const auto all = cases();
    for (auto it = all.constBegin(); it != all.constEnd(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void Tst_conversationarchive::roundTrip()
{
    QFETCH(QString, name);
    QVERIFY(m_temp.isValid());
    const Case c = cases().value(name)(m_temp.path());
    const QByteArray json = ConversationArchive::toJson(c.records, ConversationArchive::readerFor(nullptr));

    // The file: its frame, and each `request` exactly what the client would send for these contents.
    const QJsonObject root = parse(json);
    QCOMPARE(root.value("format"_L1).toString(), u"alhena-conversations"_s);
    QCOMPARE(root.value("version"_L1).toInt(), ConversationArchive::FormatVersion);
    QVERIFY(QDateTime::fromString(root.value("exported"_L1).toString(), Qt::ISODateWithMs).isValid());
    const QJsonArray conversations = root.value("conversations"_L1).toArray();
    QCOMPARE(conversations.size(), c.records.size());
    for (qsizetype i = 0; i < c.records.size(); ++i) {
        const QJsonObject o = conversations.at(i).toObject();
        GenerateContentRequest expected = c.records.at(i).settings.request;
        expected.contents = c.expected.at(i);
        QCOMPARE(compact(o.value("request"_L1).toObject()), compact(expected.toJson()));
        QCOMPARE(o.value("created"_L1).toString(), c.records.at(i).summary.created.toString(Qt::ISODateWithMs));
        QVERIFY(o.value("updated"_L1).toString().endsWith(u'Z'));
    }

    const ConversationArchive::ImportResult result = ConversationArchive::fromJson(json);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.records.size(), c.records.size());
    for (qsizetype i = 0; i < c.records.size(); ++i) {
        const ConversationRecord &in = c.records.at(i);
        const ConversationRecord &out = result.records.at(i);
        QCOMPARE(out.summary.title, in.summary.title);
        QCOMPARE(out.summary.created, in.summary.created);
        QCOMPARE(out.summary.updated, in.summary.updated);
        QCOMPARE(out.summary.pinned, in.summary.pinned);
        QCOMPARE(out.settings.model, in.settings.model);
        QVERIFY(out.settings == in.settings);
        QList<Content> contents;
        for (const ChatTurn &turn : out.turns) {
            QCOMPARE(turn.state, ChatTurn::State::Done);
            contents.append(turn.content());
            if (turn.isModel()) {
                QCOMPARE(turn.candidates.size(), 1);
                QCOMPARE(turn.finishReason(), u"STOP"_s);
            }
        }
        QCOMPARE(contents, c.expected.at(i));
        // Every inline part of a user turn comes back as an attachment with its bytes.
        for (const ChatTurn &turn : out.turns) {
            for (qsizetype p = 0; p < turn.attachmentParts.size(); ++p) {
                const Part &part = turn.attachmentParts.at(p);
                if (part.kind == Part::Kind::InlineData) {
                    const auto found = std::find_if(turn.attachments.cbegin(), turn.attachments.cend(),
                        [&](const Attachment &a) { return a.bytes == part.data && a.mimeType == part.mimeType; });
                    QVERIFY(found != turn.attachments.cend());
                    QVERIFY2(found->displayName.startsWith(u"attachment-"_s), qPrintable(found->displayName));
                } else {
                    QVERIFY(turn.note.contains(part.fileUri));
                }
            }
        }
        // A second trip changes nothing.
        const QByteArray again = ConversationArchive::toJson({out}, ConversationArchive::readerFor(nullptr));
        QCOMPARE(
            compact(parse(again).value("conversations"_L1).toArray().at(0).toObject().value("request"_L1).toObject()),
            compact(conversations.at(i).toObject().value("request"_L1).toObject()));
    }
}

// The exported `request` goes to generateContent as it is (gemini-api.md §3.1): checked by the fake
// server's strict validator, in-process when the test links it, else by the standalone server.
void Tst_conversationarchive::exportedRequestIsAccepted()
{
    QList<ConversationRecord> records;
    for (const auto &make : cases())
        records += make(m_temp.path()).records;
    // fileData the fake server has never seen would be refused as unknown: keep those out.
    records.erase(std::remove_if(records.begin(), records.end(),
                      [](const ConversationRecord &r) { return r.summary.title == u"Video"_s; }),
        records.end());
    const QJsonArray conversations
        = parse(ConversationArchive::toJson(records, ConversationArchive::readerFor(nullptr)))
              .value("conversations"_L1)
              .toArray();
    QCOMPARE(conversations.size(), records.size());
    QList<QByteArray> bodies;
    for (const QJsonValue &v : conversations)
        bodies.append(compact(v.toObject().value("request"_L1).toObject()));

#ifdef HAVE_REQUEST_VALIDATOR
    for (const QByteArray &body : std::as_const(bodies)) {
        const auto result = RequestValidator::validate(body, RequestValidator::Message::GenerateContentRequest);
        QVERIFY2(result.ok, QJsonDocument(result.error).toJson().constData());
        const QJsonObject semantic
            = RequestValidator::checkGenerateContent(result.normalized, u"GenerateContentRequest"_s);
        QVERIFY2(semantic.isEmpty(), QJsonDocument(semantic).toJson().constData());
    }
#endif

    const QString binDir = qEnvironmentVariable("ALHENA_BIN_DIR");
    const QString serverPath = QDir(binDir).filePath(u"alhena-fake-server"_s);
    if (binDir.isEmpty() || !QFileInfo(serverPath).isExecutable()) {
#ifdef HAVE_REQUEST_VALIDATOR
        return;
#else
        QSKIP("alhena-fake-server not found: set ALHENA_BIN_DIR (ctest does) and build alhena-fake-server");
#endif
    }
    QProcess server;
    QByteArray out;
    connect(&server, &QProcess::readyReadStandardOutput, this, [&] { out += server.readAllStandardOutput(); });
    server.start(serverPath, {u"--port"_s, u"0"_s, u"--quiet"_s, u"--key"_s, u"archive-key"_s});
    QVERIFY(server.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(out.contains('\n'), 10000);
    const QRegularExpressionMatch m = QRegularExpression(u"listening on (\\S+)"_s).match(QString::fromUtf8(out));
    QVERIFY2(m.hasMatch(), out.constData());
    QString base = m.captured(1);
    if (base.endsWith(u'/'))
        base.chop(1);

    QNetworkAccessManager nam;
    for (qsizetype i = 0; i < bodies.size(); ++i) {
        const QString model = conversations.at(i).toObject().value("model"_L1).toString();
        QNetworkRequest request(QUrl(base + u"/v1beta/models/"_s + model + u":generateContent"_s));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        request.setRawHeader("x-goog-api-key", "archive-key");
        QNetworkReply *reply = nam.post(request, bodies.at(i));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        reply->deleteLater();
        QVERIFY2(status == 200, QByteArray(records.at(i).summary.title.toUtf8() + ": " + answer).constData());
        QVERIFY(parse(answer).contains("candidates"_L1));
    }
    // The control: the same route refuses a body that is not a valid request.
    QNetworkRequest request(QUrl(base + u"/v1beta/models/gemini-2.5-flash:generateContent"_s));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("x-goog-api-key", "archive-key");
    QNetworkReply *reply = nam.post(request, R"({"contents":[{"role":"user","parts":[{"txt":"x"}]}]})"_ba);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    reply->deleteLater();

    server.terminate();
    QVERIFY(server.waitForFinished(5000));
}

void Tst_conversationarchive::plainRequest_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("turns");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("firstText");
    QTest::addColumn<int>("attachments");
    QTest::addColumn<bool>("remoteNote");

    QTest::newRow("one prompt") << R"({"contents":[{"role":"user","parts":[{"text":"Explain how AI works"}]}]})"_ba << 1
                                << u"Explain how AI works"_s << u"Explain how AI works"_s << 0 << false;
    QTest::newRow("snake_case curl body with settings")
        << R"({"contents":[{"role":"user","parts":[{"text":"Hi"}]},{"role":"model","parts":[{"text":"Hello!"}]},
              {"role":"user","parts":[{"text":"Tell me a story"},{"text":"about a fox"}]}],
              "system_instruction":{"parts":[{"text":"You are a cat."}]},
              "generation_config":{"temperature":0.5,"max_output_tokens":100,"thinking_config":{"thinking_budget":0}},
              "safety_settings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],
              "tools":[{"google_search":{}}]})"_ba
        << 3 << u"Hi"_s << u"Hi"_s << 0 << false;
    QTest::newRow("image and remote file") << R"({"contents":[{"role":"user","parts":[{"text":"Compare these"},
              {"inline_data":{"mime_type":"image/png","data":"iVBORw0KGgo="}},
              {"file_data":{"mime_type":"application/pdf","file_uri":"https://generativelanguage.googleapis.com/v1beta/files/f1"}}]}]})"_ba
                                           << 1 << u"Compare these"_s << u"Compare these"_s << 1 << true;
    QTest::newRow("long first prompt shortened") << QJsonDocument(
        QJsonObject {{u"contents"_s, QJsonArray {textTurn(u"user"_s, QString(u"word "_s).repeated(100))}}})
                                                        .toJson()
                                                 << 1 << QString() << QString(u"word "_s).repeated(100) << 0 << false;
}

void Tst_conversationarchive::plainRequest()
{
    QFETCH(QByteArray, json);
    QFETCH(int, turns);
    QFETCH(QString, title);
    QFETCH(QString, firstText);
    QFETCH(int, attachments);
    QFETCH(bool, remoteNote);

    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    const ConversationArchive::ImportResult result = ConversationArchive::fromJson(json);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.records.size(), 1);
    const ConversationRecord &r = result.records.first();
    QCOMPARE(r.turns.size(), turns);
    QCOMPARE(r.turns.first().text, firstText);
    if (title.isEmpty()) {
        QVERIFY(r.summary.title.size() <= 61);
        QVERIFY(r.summary.title.endsWith(u'…'));
        QVERIFY(firstText.startsWith(r.summary.title.chopped(1)));
    } else {
        QCOMPARE(r.summary.title, title);
    }
    QCOMPARE(r.summary.titleSource, TitleSource::Prompt);
    QVERIFY(r.summary.created >= before);
    QVERIFY(r.summary.updated >= before);
    QCOMPARE(r.turns.first().attachments.size(), attachments);
    for (const Attachment &a : r.turns.first().attachments) {
        QVERIFY(!a.bytes.isEmpty());
        QCOMPARE(a.displayName, u"attachment-1.png"_s);
    }
    QCOMPARE(r.turns.first().note.contains(u"may have expired"_s), remoteNote);
    if (turns == 3) {
        QCOMPARE(r.turns.at(2).text, u"Tell me a story\n\nabout a fox"_s);
        QCOMPARE(r.settings.request.generationConfig.temperature, 0.5);
        QCOMPARE(r.settings.request.generationConfig.maxOutputTokens, 100);
        QVERIFY(r.settings.request.generationConfig.thinkingConfig);
        QCOMPARE(r.settings.request.generationConfig.thinkingConfig->thinkingBudget, 0);
        QCOMPARE(r.settings.request.systemInstruction->text(), u"You are a cat."_s);
        QCOMPARE(r.settings.request.safetySettings.size(), 1);
        QVERIFY(r.settings.request.tools.googleSearch);
        QVERIFY(r.settings.request.contents.isEmpty());
        QCOMPARE(r.turns.at(1).markdown(), u"Hello!"_s);
    }
}

// Variants that are valid and must be read right (not merely not refused).
void Tst_conversationarchive::accepted_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("check");

    const QJsonArray hi = {textTurn(u"user"_s, u"Hi"_s)};
    QTest::newRow("times without milliseconds and with an offset")
        << QByteArray(exportOf(QJsonObject {{u"contents"_s, hi}}))
               .replace("\"title\"",
                   "\"created\":\"2024-05-06T07:08:09Z\",\"updated\":\"2024-05-06T09:08:09.5+02:00\",\"title\"")
        << u"times"_s;
    QTest::newRow("base64url data") << exportOfContents({partTurn(u"user"_s,
        QJsonObject {
            {u"inlineData"_s, QJsonObject {{u"mimeType"_s, u"application/octet-stream"_s}, {u"data"_s, u"-_-_"_s}}}})})
                                    << u"base64url"_s;
    QTest::newRow("signature-only part in a model turn") << exportOfContents({textTurn(u"user"_s, u"x"_s),
        QJsonObject {{u"role"_s, u"model"_s},
            {u"parts"_s,
                QJsonArray {QJsonObject {{u"text"_s, u"y"_s}}, QJsonObject {{u"thoughtSignature"_s, u"AAAA"_s}}}}}})
                                                         << u"signature"_s;
    QTest::newRow("title with control characters")
        << exportOf(QJsonObject {{u"contents"_s, hi}}, u"a\u0007b\nc"_s) << u"title"_s;
    QTest::newRow("null title") << QByteArray(exportOf(QJsonObject {{u"contents"_s, hi}})).replace("\"T\"", "null")
                                << u"null title"_s;
}

void Tst_conversationarchive::accepted()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, check);
    const ConversationArchive::ImportResult result = ConversationArchive::fromJson(json);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.records.size(), 1);
    const ConversationRecord &r = result.records.first();
    if (check == u"times"_s) {
        QCOMPARE(r.summary.created, at("2024-05-06T07:08:09.000Z"));
        QCOMPARE(r.summary.updated, at("2024-05-06T07:08:09.500Z"));
        QCOMPARE(r.summary.updated.timeSpec(), Qt::UTC);
    } else if (check == u"base64url"_s) {
        QCOMPARE(r.turns.first().attachments.first().bytes, QByteArray::fromBase64("+/+/"));
        QCOMPARE(r.turns.first().attachments.first().displayName, u"attachment-1.bin"_s);
    } else if (check == u"signature"_s) {
        const Content content = r.turns.at(1).content();
        QCOMPARE(content.parts.size(), 2);
        QCOMPARE(content.parts.at(1).thoughtSignature, u"AAAA"_s);
    } else if (check == u"title"_s) {
        QCOMPARE(r.summary.title, u"a b c"_s);
    } else {
        QCOMPARE(r.summary.title, u"Hi"_s);
    }
}

void Tst_conversationarchive::refused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    const QJsonArray hi = {textTurn(u"user"_s, u"Hi"_s)};
    const QByteArray good = exportOfContents({textTurn(u"user"_s, u"Hi"_s), textTurn(u"model"_s, u"Hello"_s)});

    QTest::newRow("empty file") << QByteArray() << u"empty"_s;
    QTest::newRow("only spaces") << "  \n\t "_ba << u"empty"_s;
    QTest::newRow("not JSON") << "Hello, world"_ba << u"not valid JSON"_s;
    QTest::newRow("truncated") << good.left(good.size() / 2) << u"truncated"_s;
    QTest::newRow("JSON array") << "[{\"contents\":[]}]"_ba << u"JSON array"_s;
    QTest::newRow("JSON number") << "42"_ba << u"JSON"_s;
    QTest::newRow("neither format nor contents") << "{\"messages\":[]}"_ba << u"neither"_s;
    QTest::newRow("wrong format") << R"({"format":"chatgpt","version":1,"conversations":[]})"_ba << u"\"chatgpt\""_s;
    QTest::newRow("format not a string") << R"({"format":7,"version":1,"conversations":[]})"_ba << u"format"_s;
    QTest::newRow("newer version") << R"({"format":"alhena-conversations","version":2,"conversations":[]})"_ba
                                   << u"newer"_s;
    QTest::newRow("version as string") << R"({"format":"alhena-conversations","version":"1","conversations":[]})"_ba
                                       << u"version"_s;
    QTest::newRow("version fraction") << R"({"format":"alhena-conversations","version":1.5,"conversations":[]})"_ba
                                      << u"version"_s;
    QTest::newRow("version missing") << R"({"format":"alhena-conversations","conversations":[]})"_ba << u"version"_s;
    QTest::newRow("unknown top field")
        << R"({"format":"alhena-conversations","version":1,"conversations":[],"evil":1})"_ba << u"evil: unknown"_s;
    QTest::newRow("conversations missing")
        << R"({"format":"alhena-conversations","version":1})"_ba << u"conversations: missing"_s;
    QTest::newRow("conversations not an array")
        << R"({"format":"alhena-conversations","version":1,"conversations":{"a":1}})"_ba
        << u"conversations: not an array"_s;
    QTest::newRow("conversation not an object")
        << R"({"format":"alhena-conversations","version":1,"conversations":[[]]})"_ba
        << u"conversation 1: not an object"_s;
    QTest::newRow("title not a string") << QByteArray(
        exportOf(
            QJsonObject {{u"contents"_s, hi}})).replace("\"title\":\"T\"", "\"title\":123")
                                        << u"conversation 1, title: not a string"_s;
    QTest::newRow("NUL in title") << exportOf(QJsonObject {{u"contents"_s, hi}}, u"a\0b"_s)
                                  << u"title: the text contains a NUL"_s;
    QTest::newRow("request missing")
        << R"({"format":"alhena-conversations","version":1,"conversations":[{"title":"x"}]})"_ba
        << u"conversation 1, request: missing"_s;
    QTest::newRow("request unknown field")
        << exportOf(QJsonObject {{u"contents"_s, hi}, {u"prompt"_s, 1}}) << u"prompt: not a field"_s;
    QTest::newRow("created not a time") << QByteArray(
        exportOf(
            QJsonObject {{u"contents"_s, hi}})).replace("\"title\"", "\"created\":\"yesterday\",\"title\"")
                                        << u"created: not an ISO 8601 time"_s;
    QTest::newRow("pinned not a bool")
        << QByteArray(exportOf(QJsonObject {{u"contents"_s, hi}})).replace("\"title\"", "\"pinned\":\"yes\",\"title\"")
        << u"pinned: not true or false"_s;
    QTest::newRow("model path traversal") << QByteArray(
        exportOf(
            QJsonObject {{u"contents"_s, hi}})).replace("\"title\"", "\"model\":\"../files\",\"title\"")
                                          << u"model: not a model name"_s;
    QTest::newRow("contents not an array")
        << exportOf(QJsonObject {{u"contents"_s, u"hi"_s}}) << u"contents: not an array"_s;
    QTest::newRow("contents empty") << exportOfContents({}) << u"no turns"_s;
    QTest::newRow("role system") << exportOfContents({textTurn(u"system"_s, u"x"_s)})
                                 << u"contents[0].role: \"system\" is not a role"_s;
    QTest::newRow("role tool") << exportOfContents({textTurn(u"user"_s, u"x"_s), textTurn(u"tool"_s, u"y"_s)})
                               << u"contents[1].role: \"tool\""_s;
    QTest::newRow("role missing") << exportOfContents(
        {QJsonObject {{u"parts"_s, QJsonArray {QJsonObject {{u"text"_s, u"x"_s}}}}}})
                                  << u"contents[0]: the role is missing"_s;
    QTest::newRow("model first") << exportOfContents({textTurn(u"model"_s, u"x"_s)})
                                 << u"first turn must be the user's"_s;
    QTest::newRow("not alternating") << exportOfContents({textTurn(u"user"_s, u"x"_s), textTurn(u"user"_s, u"y"_s)})
                                     << u"contents[1].role: turns must alternate"_s;
    QTest::newRow("turn not an object") << exportOfContents({u"hello"_s}) << u"contents[0]: a turn must be an object"_s;
    QTest::newRow("parts missing") << exportOfContents({QJsonObject {{u"role"_s, u"user"_s}}})
                                   << u"contents[0].parts: missing"_s;
    QTest::newRow("parts empty") << exportOfContents({QJsonObject {{u"role"_s, u"user"_s}, {u"parts"_s, QJsonArray()}}})
                                 << u"no parts"_s;
    QTest::newRow("part of no known kind") << exportOfContents({partTurn(u"user"_s, QJsonObject {{u"sound"_s, 1}})})
                                           << u"contents[0].parts[0]: the part has no known kind"_s;
    QTest::newRow("part empty") << exportOfContents({partTurn(u"user"_s, QJsonObject {})}) << u"has no data"_s;
    QTest::newRow("part with an extra field")
        << exportOfContents({partTurn(u"user"_s, QJsonObject {{u"text"_s, u"x"_s}, {u"colour"_s, u"red"_s}})})
        << u"unknown field \"colour\""_s;
    QTest::newRow("part with two kinds") << exportOfContents({partTurn(u"user"_s,
        QJsonObject {{u"text"_s, u"x"_s}, {u"fileData"_s, QJsonObject {{u"fileUri"_s, u"https://a.b/c"_s}}}})})
                                         << u"one kind of data"_s;
    QTest::newRow("text not a string") << exportOfContents({partTurn(u"user"_s, QJsonObject {{u"text"_s, 5}})})
                                       << u"parts[0].text: not a string"_s;
    QTest::newRow("NUL in text") << exportOfContents({textTurn(u"user"_s, u"a\0b"_s)}) << u"NUL"_s;
    QTest::newRow("inlineData bad base64")
        << exportOfContents({textTurn(u"user"_s, u"x"_s), textTurn(u"model"_s, u"y"_s),
               partTurn(u"user"_s,
                   QJsonObject {{u"inlineData"_s,
                       QJsonObject {{u"mimeType"_s, u"image/png"_s}, {u"data"_s, u"%%%not*base64"_s}}}})})
        << u"conversation 1, contents[2].parts[0].inlineData.data: not base64"_s;
    QTest::newRow("inlineData without data") << exportOfContents(
        {partTurn(u"user"_s, QJsonObject {{u"inlineData"_s, QJsonObject {{u"mimeType"_s, u"image/png"_s}}}})})
                                             << u"the data is missing"_s;
    QTest::newRow("inlineData bad media type") << exportOfContents({partTurn(u"user"_s,
        QJsonObject {{u"inlineData"_s, QJsonObject {{u"mimeType"_s, u"../../x"_s}, {u"data"_s, u"AAAA"_s}}}})})
                                               << u"inlineData.mimeType: not a media type"_s;
    QTest::newRow("fileData local path") << exportOfContents(
        {partTurn(u"user"_s, QJsonObject {{u"fileData"_s, QJsonObject {{u"fileUri"_s, u"file:///etc/passwd"_s}}}})})
                                         << u"fileData.fileUri: not an https"_s;
    QTest::newRow("thought in user turn")
        << exportOfContents({partTurn(u"user"_s, QJsonObject {{u"text"_s, u"x"_s}, {u"thought"_s, true}})})
        << u"only the model's text parts can be thoughts"_s;
    QTest::newRow("function call in user turn")
        << exportOfContents({partTurn(u"user"_s, QJsonObject {{u"functionCall"_s, QJsonObject {{u"name"_s, u"f"_s}}}})})
        << u"a user turn can hold text, inlineData and fileData"_s;
    QTest::newRow("system instruction with a file") << exportOf(QJsonObject {{u"contents"_s, hi},
        {u"systemInstruction"_s,
            QJsonObject {{u"parts"_s,
                QJsonArray {QJsonObject {
                    {u"inlineData"_s, QJsonObject {{u"mimeType"_s, u"image/png"_s}, {u"data"_s, u"AAAA"_s}}}}}}}}})
                                                    << u"system instruction can only hold text"_s;
    QTest::newRow("generationConfig not an object")
        << exportOf(QJsonObject {{u"contents"_s, hi}, {u"generationConfig"_s, QJsonArray {1}}})
        << u"generationConfig: not an object"_s;
    QTest::newRow("temperature hot") << exportOf(
        QJsonObject {{u"contents"_s, hi}, {u"generationConfig"_s, QJsonObject {{u"temperature"_s, u"hot"_s}}}})
                                     << u"generationConfig.temperature: unknown field or a value of the wrong type"_s;
    QTest::newRow("generationConfig unknown field")
        << exportOf(QJsonObject {{u"contents"_s, hi}, {u"generationConfig"_s, QJsonObject {{u"warpDrive"_s, true}}}})
        << u"generationConfig.warpDrive"_s;
    QTest::newRow("safetySettings an object")
        << exportOf(QJsonObject {{u"contents"_s, hi}, {u"safetySettings"_s, QJsonObject {{u"category"_s, u"X"_s}}}})
        << u"safetySettings: not an array"_s;
    QTest::newRow("unknown tool") << exportOf(
        QJsonObject {{u"contents"_s, hi}, {u"tools"_s, QJsonArray {QJsonObject {{u"shell"_s, QJsonObject()}}}}})
                                  << u"tools[0]: the tool \"shell\""_s;
    QTest::newRow("tools not an array") << exportOf(QJsonObject {{u"contents"_s, hi}, {u"tools"_s, u"all"_s}})
                                        << u"tools: not an array"_s;
    QTest::newRow("huge depth") << QByteArray(100000, '[') << u"nested more than 64"_s;
    QTest::newRow("depth 65, well formed") << QByteArray(65, '[') + QByteArray(65, ']') << u"nested more than 64"_s;
    {
        // The second conversation is bad: nothing of the first is returned either.
        QJsonObject root = parse(good);
        QJsonArray list = root.value("conversations"_L1).toArray();
        list.append(
            QJsonObject {{u"request"_s, QJsonObject {{u"contents"_s, QJsonArray {textTurn(u"tool"_s, u"x"_s)}}}}});
        root.insert("conversations"_L1, list);
        QTest::newRow("second conversation bad")
            << QJsonDocument(root).toJson() << u"conversation 2, contents[0].role"_s;
    }
    {
        QByteArray many = R"({"format":"alhena-conversations","version":1,"conversations":[)"_ba;
        for (int i = 0; i <= ConversationArchive::MaxConversations; ++i)
            many += i ? ",{}"_ba : "{}"_ba;
        many += "]}";
        QTest::newRow("100001 conversations") << many << u"100001 conversations"_s;
    }
    {
        QJsonArray turns;
        for (int i = 0; i <= ConversationArchive::MaxTurns; ++i)
            turns.append(textTurn(i % 2 ? u"model"_s : u"user"_s, u"x"_s));
        QTest::newRow("100001 turns") << exportOfContents(turns) << u"100001 turns"_s;
    }
    QTest::newRow("plain request with a system role")
        << R"({"contents":[{"role":"system","parts":[{"text":"x"}]}]})"_ba << u"contents[0].role: \"system\""_s;
    QTest::newRow("plain request, contents an object")
        << R"({"contents":{"role":"user"}})"_ba << u"contents: not an array"_s;
}

void Tst_conversationarchive::refused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    const ConversationArchive::ImportResult result = ConversationArchive::fromJson(json);
    QVERIFY(!result.ok());
    QVERIFY(result.records.isEmpty());
    QVERIFY2(result.error.contains(message), qPrintable(result.error));
    QVERIFY(result.error.size() < 400);
}

void Tst_conversationarchive::readFileLimits()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // A sparse file one byte over the limit: refused from its size, never read.
    const QString huge = dir.filePath(u"huge.json"_s);
    {
        QFile file(huge);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(ConversationArchive::MaxImportBytes + 1));
    }
    ConversationArchive::ImportResult result = ConversationArchive::readFile(huge);
    QVERIFY(result.records.isEmpty());
    QVERIFY2(result.error.contains(u"too large"_s), qPrintable(result.error));

    result = ConversationArchive::readFile(dir.filePath(u"missing.json"_s));
    QVERIFY(result.records.isEmpty());
    QVERIFY2(result.error.contains(u"does not exist"_s), qPrintable(result.error));

    result = ConversationArchive::readFile(dir.path());
    QVERIFY(result.records.isEmpty());
    QVERIFY2(result.error.contains(u"not a file"_s), qPrintable(result.error));

    const QString empty = dir.filePath(u"empty.json"_s);
    {
        QFile file(empty);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    result = ConversationArchive::readFile(empty);
    QVERIFY(result.records.isEmpty());
    QVERIFY2(result.error.contains(u"empty"_s), qPrintable(result.error));

    const QString good = dir.filePath(u"good.json"_s);
    {
        QFile file(good);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(ConversationArchive::toJson(
            {record(u"Saved"_s, {userTurn(u"q"_s), modelTurn(u"a"_s)})}, ConversationArchive::readerFor(nullptr)));
    }
    result = ConversationArchive::readFile(good);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.records.size(), 1);
    QCOMPARE(result.records.first().summary.title, u"Saved"_s);
}

void Tst_conversationarchive::markdown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString pdfPath = dir.filePath(u"source-report.pdf"_s);
    const QByteArray pdfBytes = "%PDF-1.4\n% a tiny document\n"_ba;
    {
        QFile file(pdfPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(pdfBytes);
    }
    const QString out = dir.filePath(u"export"_s);

    const Attachment image {QString(), PngBytes, u"image/png"_s, u"my photo.png"_s};
    const Attachment pdf {pdfPath, {}, u"application/pdf"_s, u"report.pdf"_s};
    const Attachment samePhoto {QString(), PngBytes + "x", u"image/png"_s, u"My Photo.png"_s};
    ConversationRecord r = record(u"Trip plans"_s,
        {userTurn(u"Look at **these**."_s, {image, pdf},
             {Part::fromInlineData(u"image/png"_s, PngBytes), Part::fromInlineData(u"application/pdf"_s, pdfBytes)}),
            modelTurn(QList<Part> {
                thoughtPart(u"Considering the photo."_s), Part::fromText(u"A *nice* photo.\n\n- one\n- two"_s)}),
            userTurn(u"And this one?"_s, {samePhoto}, {Part::fromInlineData(u"image/png"_s, PngBytes + "x")}),
            modelTurn(u"Also nice."_s)});
    r.settings.request.systemInstruction
        = Content {QString(), {Part::fromText(u"You are a travel agent.\nBe kind."_s)}};

    QString error;
    const QString path = ConversationArchive::writeMarkdown(r, out, ConversationArchive::readerFor(nullptr), &error);
    QVERIFY2(!path.isEmpty(), qPrintable(error));
    QCOMPARE(QFileInfo(path).fileName(), u"Trip plans.md"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString md = QString::fromUtf8(file.readAll());

    QVERIFY(md.startsWith(u"# Trip plans\n"_s));
    QVERIFY(md.contains(u"gemini-2.5-flash"_s));
    QVERIFY(md.contains(u"2025-03-01"_s));
    QVERIFY(md.contains(u"> You are a travel agent.\n> Be kind."_s));
    QCOMPARE(md.count(u"\n## You\n"_s), 2);
    QCOMPARE(md.count(u"\n## Gemini (gemini-2.5-flash)\n"_s), 2);
    QVERIFY(md.indexOf(u"## You"_s) < md.indexOf(u"## Gemini"_s));
    QVERIFY(md.contains(u"Look at **these**."_s));
    QVERIFY(md.contains(u"A *nice* photo.\n\n- one\n- two"_s));
    QVERIFY(md.contains(u"<details>\n<summary>Thoughts</summary>\n\nConsidering the photo.\n\n</details>"_s));
    QVERIFY(!md.contains(u"Considering the photo.\n\nA *nice*"_s)); // thoughts are not in the answer text

    // Links: relative, percent-encoded; images as images; each file beside the Markdown, with its bytes.
    const QRegularExpression link(u"(!?)\\[([^\\]]*)\\]\\(([^)]+)\\)"_s);
    QList<QPair<QString, QByteArray>> expected
        = {{u"my photo.png"_s, PngBytes}, {u"report.pdf"_s, pdfBytes}, {u"My Photo.png"_s, PngBytes + "x"}};
    int n = 0;
    for (auto it = link.globalMatch(md); it.hasNext(); ++n) {
        const QRegularExpressionMatch m = it.next();
        QVERIFY(n < expected.size());
        QCOMPARE(m.captured(2), expected.at(n).first);
        QCOMPARE(m.captured(1) == u"!"_s, expected.at(n).first.endsWith(u".png"_s));
        const QString target = QUrl::fromPercentEncoding(m.captured(3).toUtf8());
        QVERIFY2(target.startsWith(u"Trip plans.files/"_s), qPrintable(target));
        QVERIFY(!m.captured(3).contains(u' '));
        QFile attached(QDir(out).filePath(target));
        QVERIFY2(attached.open(QIODevice::ReadOnly), qPrintable(target));
        QCOMPARE(attached.readAll(), expected.at(n).second);
    }
    QCOMPARE(n, 3);
    QCOMPARE(QDir(out + u"/Trip plans.files"_s).entryList(QDir::Files).size(), 3);

    // The same title again: a new name, nothing overwritten.
    const QString second = ConversationArchive::writeMarkdown(r, out, ConversationArchive::readerFor(nullptr), &error);
    QCOMPARE(QFileInfo(second).fileName(), u"Trip plans (2).md"_s);
    QVERIFY(QFileInfo::exists(out + u"/Trip plans (2).files"_s));
    QVERIFY(QFile(path).size() > 0);

    // Without links (toMarkdown alone) attachments are named, not linked.
    const QString plain = ConversationArchive::toMarkdown(r);
    QVERIFY(plain.contains(u"my photo.png"_s));
    QVERIFY(!plain.contains(u"]("_s));

    // A folder that cannot be made: an error, no path.
    error.clear();
    QVERIFY(ConversationArchive::writeMarkdown(r, pdfPath + u"/inside"_s, {}, &error).isEmpty());
    QVERIFY(!error.isEmpty());
}

void Tst_conversationarchive::hostileNames_data()
{
    QTest::addColumn<QString>("hostile");
    QTest::newRow("parent path") << u"../../etc/passwd"_s;
    QTest::newRow("absolute path") << u"/etc/passwd"_s;
    QTest::newRow("windows path") << u"..\\..\\Windows\\win.ini"_s;
    QTest::newRow("device name") << u"CON"_s;
    QTest::newRow("device name with extension") << u"nul.txt"_s;
    QTest::newRow("slash") << u"a/b"_s;
    QTest::newRow("500 characters") << QString(500, u'x');
    QTest::newRow("500 emoji") << QString(u"🚀"_s).repeated(250);
    QTest::newRow("empty") << QString();
    QTest::newRow("only dots") << u"....."_s;
    QTest::newRow("dot dot") << u".."_s;
    QTest::newRow("hidden") << u".bashrc"_s;
    QTest::newRow("control characters") << u"a\u0001b\u001b[31mc\nd\re\tf"_s;
    QTest::newRow("NUL") << u"a\0b"_s;
    QTest::newRow("RTL override") << u"invoice\u202Efdp.exe"_s;
    QTest::newRow("reserved characters") << u"a:b*c?d\"e<f>g|h"_s;
    QTest::newRow("trailing dots and spaces") << u"name. . ."_s;
}

void Tst_conversationarchive::hostileNames()
{
    QFETCH(QString, hostile);
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    // The export goes two levels down, so that anything escaping it would land in the temp dir.
    const QString folder = temp.filePath(u"a/b"_s);
    QVERIFY(QDir().mkpath(folder));

    ConversationRecord r = record(hostile,
        {userTurn(u"see"_s, {Attachment {QString(), "bytes"_ba, u"image/png"_s, hostile}},
             {Part::fromInlineData(u"image/png"_s, "bytes"_ba)}),
            modelTurn(u"ok"_s)});
    QString error;
    const QString path = ConversationArchive::writeMarkdown(r, folder, ConversationArchive::readerFor(nullptr), &error);
    QVERIFY2(!path.isEmpty(), qPrintable(error));

    const QString root = QFileInfo(folder).canonicalFilePath();
    for (const QString &file : filesUnder(temp.path())) {
        if (file == QFileInfo(temp.filePath(u"a"_s)).absoluteFilePath() || file == QFileInfo(folder).absoluteFilePath())
            continue;
        QVERIFY2(QFileInfo(file).canonicalFilePath().startsWith(root + u'/'), qPrintable(file));
        const QString name = QFileInfo(file).fileName();
        QVERIFY2(!name.startsWith(u'.'), qPrintable(name));
        QVERIFY2(name.size() <= 100, qPrintable(name));
        for (const QChar c : name) {
            QVERIFY(c.category() != QChar::Other_Control);
            QVERIFY(c.category() != QChar::Other_Format);
            QVERIFY(c != u'/' && c != u'\\' && c != u':');
        }
    }
    // The Markdown file and exactly one attachment, which has the bytes.
    const QStringList all = filesUnder(folder);
    QCOMPARE(all.size(), 3); // .md, .files/, the attachment
    QCOMPARE(QFileInfo(path).canonicalPath(), root);
    const QString filesDir = QFileInfo(path).completeBaseName() + u".files"_s;
    const QStringList attached = QDir(QDir(folder).filePath(filesDir)).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(attached.size(), 1);
    QFile file(QDir(folder).filePath(filesDir + u'/' + attached.first()));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), "bytes"_ba);
}

void Tst_conversationarchive::safeFileName_data()
{
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << u"Trip plans"_s << u"Trip plans"_s;
    QTest::newRow("parent path") << u"../../etc/passwd"_s << u"_.._etc_passwd"_s;
    QTest::newRow("slash") << u"a/b"_s << u"a_b"_s;
    QTest::newRow("device") << u"CON"_s << u"_CON"_s;
    QTest::newRow("device lower case with extension") << u"com1.md"_s << u"_com1.md"_s;
    QTest::newRow("not a device") << u"CONSOLE"_s << u"CONSOLE"_s;
    QTest::newRow("empty") << QString() << u"Conversation"_s;
    QTest::newRow("only dots") << u"..."_s << u"Conversation"_s;
    QTest::newRow("only spaces and controls") << u" \u0001\u0002 "_s << u"Conversation"_s;
    QTest::newRow("500 characters") << QString(500, u'y') << QString(80, u'y');
    QTest::newRow("surrogates not split")
        << u"a"_s + QString(u"😀"_s).repeated(60) << u"a"_s + QString(u"😀"_s).repeated(39);
    QTest::newRow("newlines") << u"line one\nline two"_s << u"line one line two"_s;
    QTest::newRow("RTL override removed") << u"abc\u202Etxt.exe"_s << u"abctxt.exe"_s;
    QTest::newRow("leading dot") << u".hidden"_s << u"hidden"_s;
    QTest::newRow("trailing dot") << u"name."_s << u"name"_s;
    QTest::newRow("unicode kept") << u"Ünïcödé 日本"_s << u"Ünïcödé 日本"_s;
}

void Tst_conversationarchive::safeFileName()
{
    QFETCH(QString, title);
    QFETCH(QString, expected);
    const QString name = ConversationArchive::safeFileName(title);
    QCOMPARE(name, expected);
    QVERIFY(name.size() <= 80);
}

QTEST_GUILESS_MAIN(Tst_conversationarchive)
#include "tst_conversationarchive.moc"
