// Conformance with real server output recorded by others ($ALHENA_RECORDED_DIR, gemini-recorded/).
// Every file of the corpus is a row; streams are decoded whole, byte by byte and in random splits,
// and what the decoder yields is compared with an independent reading of the same file.
#include "api/embedding.h"
#include "api/modelinfo.h"
#include "api/remotefile.h"
#include "api/tokencount.h"
#include "support/decodehelpers.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

// The independent reading of a stream: the JSON chunks it holds, found without the decoder.
QList<QJsonObject> oracleChunks(const QByteArray &body)
{
    QList<QJsonObject> chunks;
    const QJsonDocument whole = QJsonDocument::fromJson(body);
    if (whole.isArray()) {
        for (const QJsonValue &v : whole.array())
            chunks.append(v.toObject());
        return chunks;
    }
    if (whole.isObject())
        return {whole.object()};
    QByteArray normalized = body;
    normalized.replace("\r\n", "\n").replace('\r', '\n');
    for (const QByteArray &line : normalized.split('\n')) {
        if (!line.startsWith("data:"))
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line.mid(5).trimmed());
        if (doc.isObject() && !doc.object().contains("error"_L1))
            chunks.append(doc.object());
    }
    return chunks;
}

// Some recorders store a cassette: {"request": ..., "response": {"status": {"code"}, "body": ...}}.
// Returns the body as the server sent it (re-serialised) and its HTTP status; others pass through.
std::pair<QByteArray, int> unwrapCassette(const QByteArray &file, int defaultStatus)
{
    const QJsonObject root = QJsonDocument::fromJson(file).object();
    const QJsonObject response = root.value("response"_L1).toObject();
    if (!root.contains("request"_L1) || !response.contains("body"_L1))
        return {file, defaultStatus};
    const QJsonValue body = response.value("body"_L1);
    const QByteArray bytes
        = body.isString() ? body.toString().toUtf8() : QJsonDocument(body.toObject()).toJson(QJsonDocument::Indented);
    return {bytes, response["status"_L1]["code"_L1].toInt(defaultStatus)};
}

struct OracleText
{
    QString text;
    QString thoughts;
    QStringList signatures;
    QString lastFinishReason;
};

OracleText oracleText(const QList<QJsonObject> &chunks)
{
    OracleText o;
    for (const QJsonObject &chunk : chunks) {
        for (const QJsonValue &c : chunk.value("candidates"_L1).toArray()) {
            const QJsonObject candidate = c.toObject();
            if (candidate.value("index"_L1).toInt() != 0)
                continue;
            for (const QJsonValue &p : candidate["content"_L1]["parts"_L1].toArray()) {
                const QJsonObject part = p.toObject();
                if (part.contains("thoughtSignature"_L1))
                    o.signatures.append(part.value("thoughtSignature"_L1).toString());
                if (part.value("thought"_L1).toBool())
                    o.thoughts += part.value("text"_L1).toString();
                else
                    o.text += part.value("text"_L1).toString();
            }
            if (candidate.contains("finishReason"_L1))
                o.lastFinishReason = candidate.value("finishReason"_L1).toString();
        }
    }
    return o;
}

QStringList aggregateSignatures(const GenerateContentResponse &r)
{
    QStringList out;
    if (const Candidate *c = r.candidate(0)) {
        for (const Part &p : c->content.parts) {
            if (!p.thoughtSignature.isEmpty())
                out.append(p.thoughtSignature);
        }
    }
    return out;
}

// What a stream file must decode to, beyond agreeing with the oracle. Default: no error, STOP.
struct StreamExpectation
{
    std::optional<ApiError::Kind> error;
    QString finishReason = u"STOP"_s;
};

StreamExpectation streamExpectation(const QString &name)
{
    StreamExpectation e;
    if (name.contains("prompt-blocked"_L1) || name.contains("prompt_blocked"_L1)) {
        e.error = ApiError::Kind::PromptBlocked;
        e.finishReason.clear();
    } else if (name.contains("recitation"_L1)) {
        e.finishReason = u"RECITATION"_s;
    } else if (name.contains("finish-reason-safety"_L1)) {
        e.finishReason = u"SAFETY"_s;
    } else if (name.contains("error-mid-stream"_L1)) {
        e.error = ApiError::Kind::Cancelled; // 499 CANCELLED after two events
    } else if (name.contains("sse_then_bare_503"_L1)) {
        e.error = ApiError::Kind::Overloaded;
    }
    return e;
}

ApiError::Kind errorExpectation(const QString &name)
{
    if (name.contains("api-key"_L1))
        return ApiError::Kind::InvalidKey;
    if (name.contains("not-enabled"_L1))
        return ApiError::Kind::PermissionDenied;
    if (name.contains("unknown-model"_L1) || name.contains("unknown_model"_L1))
        return ApiError::Kind::NotFound;
    if (name.contains("429"_L1) || name.contains("quota"_L1))
        return ApiError::Kind::RateLimited;
    if (name.contains("image-rejected"_L1))
        return ApiError::Kind::InvalidRequest;
    return ApiError::Kind::None;
}
} // namespace

class tst_Conformance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void streams_data();
    void streams();
    void unaryResponses_data();
    void unaryResponses();
    void errorBodies_data();
    void errorBodies();
    void models_data();
    void models();
    void embedAndCount_data();
    void embedAndCount();
    void files_data();
    void files();

private:
    void addFiles(const QString &dir, const QStringList &patterns);
    QDir m_root;
};

void tst_Conformance::initTestCase()
{
    const QString dir = qEnvironmentVariable("ALHENA_RECORDED_DIR");
    if (dir.isEmpty())
        QSKIP("ALHENA_RECORDED_DIR is not set: the recorded-server conformance tests did not run "
              "(CI sets it to ../shared/gemini-recorded)");
    m_root = QDir(dir);
    QVERIFY2(m_root.exists(u"sse"_s), qPrintable(u"no sse/ folder in ALHENA_RECORDED_DIR=%1"_s.arg(dir)));
}

void tst_Conformance::addFiles(const QString &dir, const QStringList &patterns)
{
    QTest::addColumn<QString>("path");
    const QFileInfoList files = QDir(m_root.filePath(dir)).entryInfoList(patterns, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable(u"no files in %1"_s.arg(dir)));
    for (const QFileInfo &f : files) {
        if (f.fileName().endsWith(".meta.json"_L1))
            continue; // request/headers of the file beside it
        QTest::newRow(qPrintable(dir + u'/' + f.fileName())) << f.filePath();
    }
}

void tst_Conformance::streams_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &dir : {u"sse"_s, u"json-array-stream"_s}) {
        for (const QFileInfo &f : QDir(m_root.filePath(dir)).entryInfoList(QDir::Files, QDir::Name)) {
            if (!f.fileName().endsWith(".meta.json"_L1))
                QTest::newRow(qPrintable(dir + u'/' + f.fileName())) << f.filePath();
        }
    }
    // The mid-stream error captures are streams too.
    for (const QString &name : {u"firebase-vertexai__streaming-failure-error-mid-stream.txt"_s,
             u"issue-vercel-ai-5217__sse_then_bare_503_error.txt"_s}) {
        if (m_root.exists(u"errors/"_s + name))
            QTest::newRow(qPrintable(u"errors/"_s + name)) << m_root.filePath(u"errors/"_s + name);
    }
}

void tst_Conformance::streams()
{
    QFETCH(QString, path);
    const QByteArray body = readFile(path);
    const QString name = QFileInfo(path).fileName();
    const StreamExpectation expected = streamExpectation(name);
    const OracleText oracle = oracleText(oracleChunks(body));

    const DecodeResult whole = decodeBody(body, Split::Whole);
    QVERIFY(whole.chunks > 0);
    if (expected.error) {
        QVERIFY2(whole.error, "an error was expected");
        QCOMPARE(whole.error->kind, *expected.error);
        QVERIFY(!whole.error->userMessage().isEmpty());
    } else {
        QVERIFY2(!whole.error, whole.error ? qPrintable(whole.error->kindName() + u' ' + whole.error->message) : "");
        QCOMPARE(whole.aggregate.candidate(0) ? whole.aggregate.candidate(0)->finishReason : QString(),
            expected.finishReason);
    }
    // The decoder and the independent reading agree on text, thoughts and signatures (§12.9, §12.10).
    QCOMPARE(whole.text, oracle.text);
    QCOMPARE(whole.thoughts, oracle.thoughts);
    QCOMPARE(aggregateSignatures(whole.aggregate), oracle.signatures);
    if (const Candidate *c = whole.aggregate.candidate(0))
        QCOMPARE(c->content.text(), oracle.text);

    // The same bytes in any split give the same result.
    const QList<DecodeResult> splits {decodeBody(body, Split::ByteByByte), decodeBody(body, Split::Random, 7),
        decodeBody(body, Split::Random, 1234), decodeBody(body, Split::Random, 99991)};
    for (const DecodeResult &r : splits) {
        QCOMPARE(r.aggregate, whole.aggregate);
        QCOMPARE(r.text, whole.text);
        QCOMPARE(bool(r.error), bool(whole.error));
        if (r.error)
            QCOMPARE(r.error->kind, whole.error->kind);
    }
}

void tst_Conformance::unaryResponses_data()
{
    addFiles(u"generate-content"_s, {u"*.json"_s});
}

void tst_Conformance::unaryResponses()
{
    QFETCH(QString, path);
    const QByteArray body = readFile(path);
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    QVERIFY(!json.isEmpty());
    const StreamExpectation expected = streamExpectation(QFileInfo(path).fileName());

    // The unary path of GenerateCall: one JSON object through the decoder.
    const DecodeResult r = decodeBody(body, Split::Random, 5, StreamDecoder::Framing::JsonObjects);
    if (expected.error) {
        QVERIFY(r.error);
        QCOMPARE(r.error->kind, *expected.error);
    } else {
        QVERIFY2(!r.error, r.error ? qPrintable(r.error->message) : "");
        QCOMPARE(r.aggregate.candidate(0)->finishReason, expected.finishReason);
    }
    const GenerateContentResponse parsed = GenerateContentResponse::fromJson(json);
    QCOMPARE(r.text, oracleText({json}).text);
    QCOMPARE(r.aggregate.usageMetadata, parsed.usageMetadata);
    QCOMPARE(r.aggregate.modelVersion, parsed.modelVersion);
    QCOMPARE(r.aggregate.promptFeedback, parsed.promptFeedback);
    // Our own serialisation reads back to the same value.
    QCOMPARE(GenerateContentResponse::fromJson(parsed.toJson()), parsed);
    // Every part kind survives: nothing is dropped.
    int partsIn = 0;
    for (const QJsonValue &c : json.value("candidates"_L1).toArray())
        partsIn += c["content"_L1]["parts"_L1].toArray().size();
    int partsParsed = 0;
    for (const Candidate &c : parsed.candidates)
        partsParsed += int(c.content.parts.size());
    QCOMPARE(partsParsed, partsIn);
    for (const Candidate &c : parsed.candidates) {
        for (const Part &p : c.content.parts) {
            if (p.kind == Part::Kind::InlineData)
                QVERIFY(!p.data.isEmpty() && !p.mimeType.isEmpty());
        }
    }
}

void tst_Conformance::errorBodies_data()
{
    addFiles(u"errors"_s, {u"*.json"_s, u"*.txt"_s});
}

void tst_Conformance::errorBodies()
{
    QFETCH(QString, path);
    const QString name = QFileInfo(path).fileName();
    if (name.endsWith(".pyrepr.txt"_L1))
        QSKIP("a Python repr printed by a notebook, not bytes of the wire (its JSON is tested where converted)");
    const QByteArray file = readFile(path);
    if (file.trimmed().startsWith("data:"))
        QSKIP("a stream: tested in streams()");
    const auto [body, recordedStatus] = unwrapCassette(file, 0);
    const auto parsed = ApiError::fromErrorBody(body);
    QVERIFY2(parsed, "not a Google error body");
    const int code = recordedStatus ? recordedStatus : parsed->httpStatus;
    QVERIFY(code >= 400 && code < 600);
    QCOMPARE(parsed->httpStatus, code); // error.code equals the HTTP status (gemini-api.md §8.1)
    // Through the HTTP path too, with the status the server sent.
    const ApiError e = ApiError::fromHttp(code, body);
    QCOMPARE(e.kind, errorExpectation(name));
    QVERIFY(!e.message.isEmpty());
    QVERIFY(!e.userMessage().isEmpty());
    if (e.kind == ApiError::Kind::RateLimited && body.contains("RetryInfo"))
        QVERIFY2(e.retryDelayMs && *e.retryDelayMs > 0, "RetryInfo.retryDelay not read");
    if (e.kind == ApiError::Kind::InvalidKey)
        QCOMPARE(e.reason, u"API_KEY_INVALID"_s);
}

void tst_Conformance::models_data()
{
    addFiles(u"models"_s, {u"*.json"_s});
}

void tst_Conformance::models()
{
    QFETCH(QString, path);
    const QJsonObject json = QJsonDocument::fromJson(readFile(path)).object();
    QVERIFY(!json.isEmpty());
    if (json.contains("models"_L1)) {
        const ModelPage page = ModelPage::fromJson(json);
        QCOMPARE(page.models.size(), json.value("models"_L1).toArray().size());
        QCOMPARE(page.nextPageToken, json.value("nextPageToken"_L1).toString());
        int chat = 0;
        for (const ModelInfo &m : page.models) {
            QVERIFY(m.name.startsWith("models/"_L1));
            QVERIFY(!m.id().startsWith("models/"_L1));
            chat += m.supportsGenerateContent() ? 1 : 0;
            QCOMPARE(ModelInfo::fromJson(m.toJson()), m);
        }
        QVERIFY(chat > 0);
    } else {
        const ModelInfo m = ModelInfo::fromJson(json);
        QVERIFY(m.name.startsWith("models/"_L1));
        QVERIFY(m.inputTokenLimit > 0);
    }
}

void tst_Conformance::embedAndCount_data()
{
    addFiles(u"embed-count"_s, {u"*.json"_s, u"*.txt"_s});
}

void tst_Conformance::embedAndCount()
{
    QFETCH(QString, path);
    const QByteArray body = unwrapCassette(readFile(path), 200).first;
    QJsonParseError error;
    const QJsonObject json = QJsonDocument::fromJson(body, &error).object();
    if (path.endsWith("_head.txt"_L1)) {
        // The recorder kept only the first lines: a truncated body must be refused, not half-read.
        QVERIFY(error.error != QJsonParseError::NoError);
        return;
    }
    QCOMPARE(error.error, QJsonParseError::NoError);
    if (json.contains("embeddings"_L1)) {
        const EmbeddingResult r = EmbeddingResult::fromBatchJson(json);
        QCOMPARE(r.embeddings.size(), json.value("embeddings"_L1).toArray().size());
        for (const QList<float> &v : r.embeddings)
            QCOMPARE(v.size(), r.embeddings.first().size());
        QVERIFY(!r.embeddings.first().isEmpty());
        if (json.contains("usageMetadata"_L1))
            QVERIFY(r.usageMetadata && r.usageMetadata->promptTokenCount > 0);
    } else if (json.contains("embedding"_L1)) {
        QVERIFY(!EmbeddingResult::fromEmbedJson(json).embeddings.first().isEmpty());
    } else {
        const TokenCount t = TokenCount::fromJson(json);
        QVERIFY(t.totalTokens > 0);
        int details = 0;
        for (const ModalityTokenCount &m : t.promptTokensDetails)
            details += m.tokenCount;
        QVERIFY(t.promptTokensDetails.isEmpty() || details == t.totalTokens);
    }
}

namespace {
// An independent reading of an RFC 3339 timestamp, to the millisecond (the fraction cut, not rounded).
QDateTime oracleTime(const QString &text)
{
    const QDateTime seconds = QDateTime::fromString(text.left(19), u"yyyy-MM-ddTHH:mm:ss"_s);
    if (!seconds.isValid() || !text.endsWith(u'Z'))
        return {};
    const QString fraction = QString(text.mid(20).chopped(1) + u"000"_s).left(3);
    return QDateTime(seconds.date(), seconds.time().addMSecs(text.at(19) == u'.' ? fraction.toInt() : 0), Qt::UTC);
}
} // namespace

void tst_Conformance::files_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("wrapped"); // the upload's final reply: {"file": {...}}
    QTest::addColumn<bool>("video");
    const struct
    {
        const char *file;
        const char *state;
        bool wrapped;
        bool video;
    } rows[] = {
        {"cookbook__files_get_audio_ACTIVE.json", "ACTIVE", false, false},
        {"cookbook__files_get_video_ACTIVE_videoMetadata.json", "ACTIVE", false, true},
        {"cookbook__files_list.json", "ACTIVE", false, false},
        {"cookbook__upload_finalize_response_video_PROCESSING.json", "PROCESSING", true, false},
        {"index-27588953879__upload_finalize_body.json", "ACTIVE", true, false},
    };
    for (const auto &row : rows) {
        const QString path = m_root.filePath(u"files/"_s + QString::fromLatin1(row.file));
        QVERIFY2(QFileInfo::exists(path), qPrintable(u"missing from the corpus: "_s + path));
        QTest::newRow(row.file) << path << QString::fromLatin1(row.state) << row.wrapped << row.video;
    }
}

void tst_Conformance::files()
{
    QFETCH(QString, path);
    QFETCH(QString, state);
    QFETCH(bool, wrapped);
    QFETCH(bool, video);
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(readFile(path), &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);

    QList<QJsonObject> wire;
    QList<RemoteFile> parsed;
    if (root.contains("files"_L1)) {
        const RemoteFilePage page = RemoteFilePage::fromJson(root);
        for (const QJsonValue &v : root.value("files"_L1).toArray())
            wire.append(v.toObject());
        parsed = page.files;
        QCOMPARE(page.nextPageToken, root.value("nextPageToken"_L1).toString());
    } else if (wrapped) {
        QVERIFY(root.value("file"_L1).isObject()); // the wrapper of the final upload reply (§12.7)
        wire.append(root.value("file"_L1).toObject());
        const std::optional<RemoteFile> f = RemoteFile::fromUploadReply(root);
        QVERIFY(f);
        parsed.append(*f);
        // The wrapper is not a File by itself.
        QVERIFY(RemoteFile::fromJson(root).name.isEmpty());
    } else {
        wire.append(root);
        parsed.append(RemoteFile::fromJson(root));
        QCOMPARE(RemoteFile::fromUploadReply(root)->name, parsed.first().name); // bare is accepted too
    }
    QVERIFY(!wire.isEmpty());
    QCOMPARE(parsed.size(), wire.size());

    for (qsizetype i = 0; i < wire.size(); ++i) {
        const QJsonObject &json = wire.at(i);
        const RemoteFile &f = parsed.at(i);
        QCOMPARE(f.name, json.value("name"_L1).toString());
        QVERIFY(f.name.startsWith("files/"_L1));
        QCOMPARE(remoteFileResourceName(f.name), f.name);
        QCOMPARE(remoteFileResourceName(f.uri), f.name);
        QCOMPARE(f.id(), f.name.mid(6));
        QCOMPARE(f.displayName, json.value("displayName"_L1).toString());
        QCOMPARE(f.mimeType, json.value("mimeType"_L1).toString());
        // int64 travels as a string (§12.5).
        QVERIFY(json.value("sizeBytes"_L1).isString());
        QCOMPARE(f.sizeBytes, json.value("sizeBytes"_L1).toString().toLongLong());
        QVERIFY(f.sizeBytes > 0);
        for (const auto &[key, value] : {std::pair {"createTime"_L1, f.createTime},
                 std::pair {"updateTime"_L1, f.updateTime}, std::pair {"expirationTime"_L1, f.expirationTime}}) {
            const QDateTime expected = oracleTime(json.value(key).toString());
            QVERIFY2(expected.isValid(), qPrintable(json.value(key).toString()));
            QCOMPARE(value, expected);
        }
        // Kept 48 hours (§7.5); the server computes the expiry a few ms before it stamps createTime.
        QVERIFY(qAbs(f.createTime.addSecs(48 * 3600).msecsTo(f.expirationTime)) < 1000);
        QVERIFY(f.updateTime >= f.createTime);
        // sha256Hash is base64 of the lower-case hex digest (§7.3).
        const QByteArray hex = QByteArray::fromBase64(json.value("sha256Hash"_L1).toString().toLatin1());
        QCOMPARE(hex.size(), 64);
        QCOMPARE(f.sha256Hex(), hex);
        QCOMPARE(RemoteFile::sha256HashFromHex(f.sha256Hex()), json.value("sha256Hash"_L1).toString());
        QCOMPARE(f.uri, json.value("uri"_L1).toString());
        QCOMPARE(RemoteFile::stateName(f.state), state);
        QCOMPARE(f.isActive(), state == "ACTIVE"_L1);
        if (json.contains("source"_L1))
            QCOMPARE(RemoteFile::sourceName(f.source), json.value("source"_L1).toString());
        else
            QCOMPARE(f.source, RemoteFile::Source::Unspecified); // older captures lack it
        QCOMPARE(f.errorCode, 0);
        QVERIFY(f.errorMessage.isEmpty());
        if (video) {
            QCOMPARE(f.videoDurationMs, std::optional<qint64>(596'000));
            QVERIFY(f.videoThumbnail.size() > 100);
            QVERIFY(f.videoThumbnail.startsWith(QByteArray::fromHex("ffd8ff"))); // JPEG SOI
            QVERIFY(f.videoThumbnail.endsWith(QByteArray::fromHex("ffd9")));     // JPEG EOI
        } else {
            QVERIFY(!f.videoDurationMs);
            QVERIFY(f.videoThumbnail.isEmpty());
        }

        // Our serialisation reads back to the same value and says what the server said, field by
        // field; timestamps only lose digits past the millisecond.
        QVERIFY(RemoteFile::fromJson(f.toJson()) == f);
        const QJsonObject written = f.toJson();
        QCOMPARE(written.keys(), json.keys());
        for (const QString &key : json.keys()) {
            if (key.endsWith("Time"_L1))
                QCOMPARE(oracleTime(written.value(key).toString()), oracleTime(json.value(key).toString()));
            else
                QCOMPARE(written.value(key), json.value(key));
        }
    }
}

QTEST_GUILESS_MAIN(tst_Conformance)
#include "tst_conformance.moc"
