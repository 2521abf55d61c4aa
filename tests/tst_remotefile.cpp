// RemoteFile: the File resource of the Files API (gemini-api.md §7.3) and its JSON.
#include "api/remotefile.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(RemoteFile::State)
Q_DECLARE_METATYPE(RemoteFile::Source)
Q_DECLARE_METATYPE(std::optional<qint64>)

namespace {
QJsonObject parse(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

QDateTime utc(const char *iso)
{
    QDateTime dt = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    dt.setTimeSpec(Qt::UTC);
    return dt;
}

// The hex digest of bytes, as FileHasher and the server compute it.
QByteArray hexOf(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

RemoteFile everyField()
{
    RemoteFile f;
    f.name = u"files/abc-123"_s;
    f.displayName = u"Talk – “draft” 2"_s;
    f.mimeType = u"video/mp4"_s;
    f.sizeBytes = 3'000'000'000LL; // beyond 32 bits
    f.createTime = utc("2025-06-24T12:57:41.657");
    f.updateTime = utc("2025-06-24T12:58:02.001");
    f.expirationTime = utc("2025-06-26T12:57:41.592");
    f.sha256Hash = RemoteFile::sha256HashFromHex(hexOf("content"));
    f.uri = u"https://generativelanguage.googleapis.com/v1beta/files/abc-123"_s;
    f.downloadUri = u"https://generativelanguage.googleapis.com/v1beta/files/abc-123:download?alt=media"_s;
    f.state = RemoteFile::State::Failed;
    f.source = RemoteFile::Source::Generated;
    f.errorCode = 3;
    f.errorMessage = u"The video could not be decoded."_s;
    f.videoDurationMs = 596'500;
    f.videoThumbnail = QByteArray("\xff\xd8\xff\xe0 thumbnail \x00\x01", 17);
    return f;
}
} // namespace

class tst_RemoteFile final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJsonCamelCase();
    void fromJsonSnakeCase();
    void sizeBytes_data();
    void sizeBytes();
    void timestamps_data();
    void timestamps();
    void sha256Hex_data();
    void sha256Hex();
    void sha256HashIsBase64OfTheHexDigest();
    void states_data();
    void states();
    void sources_data();
    void sources();
    void expiry_data();
    void expiry();
    void roundTripEveryField();
    void roundTripMinimal();
    void toJsonWireForm();
    void videoDuration_data();
    void videoDuration();
    void thumbnailBase64Variants_data();
    void thumbnailBase64Variants();
    void uploadReply_data();
    void uploadReply();
    void page();
    void pageTolerances();
    void resourceName_data();
    void resourceName();
    void id();
    void metaType();
};

void tst_RemoteFile::fromJsonCamelCase()
{
    const RemoteFile f = RemoteFile::fromJson(parse(R"({
        "name": "files/4if4o2bqvugf", "displayName": "Big Buck Bunny", "mimeType": "video/mp4",
        "sizeBytes": "64657027", "createTime": "2024-08-26T08:24:56.068012Z",
        "updateTime": "2024-08-26T08:25:03.977029Z", "expirationTime": "2024-08-28T08:24:56.049455995Z",
        "sha256Hash": "Zjc4ZjM5NjAzZTY3NzQ5MDdmMmZhYWZhYmYyNmE2NjdmNGE2ZmMzMTc2OWVjMzA0YThhOGY3YzYyZDI4MDUwOA==",
        "uri": "https://generativelanguage.googleapis.com/v1beta/files/4if4o2bqvugf",
        "downloadUri": "https://example.test/d", "state": "FAILED", "source": "UPLOADED",
        "error": {"code": 13, "message": "Processing failed.", "details": []},
        "videoMetadata": {"videoDuration": "596s", "videoThumbnailBytes": "/9j/4AAQ"}
    })"));
    QCOMPARE(f.name, u"files/4if4o2bqvugf"_s);
    QCOMPARE(f.displayName, u"Big Buck Bunny"_s);
    QCOMPARE(f.mimeType, u"video/mp4"_s);
    QCOMPARE(f.sizeBytes, 64657027);
    QCOMPARE(f.createTime, utc("2024-08-26T08:24:56.068"));
    QCOMPARE(f.updateTime, utc("2024-08-26T08:25:03.977"));
    QCOMPARE(f.expirationTime, utc("2024-08-28T08:24:56.049"));
    QCOMPARE(f.sha256Hex(), QByteArray("f78f39603e6774907f2faafabf26a667f4a6fc31769ec304a8a8f7c62d280508"));
    QCOMPARE(f.uri, u"https://generativelanguage.googleapis.com/v1beta/files/4if4o2bqvugf"_s);
    QCOMPARE(f.downloadUri, u"https://example.test/d"_s);
    QCOMPARE(f.state, RemoteFile::State::Failed);
    QVERIFY(!f.isActive());
    QCOMPARE(f.source, RemoteFile::Source::Uploaded);
    QCOMPARE(f.errorCode, 13);
    QCOMPARE(f.errorMessage, u"Processing failed."_s);
    QCOMPARE(f.videoDurationMs, std::optional<qint64>(596'000));
    QCOMPARE(f.videoThumbnail, QByteArray("\xff\xd8\xff\xe0\x00\x10", 6));
}

void tst_RemoteFile::fromJsonSnakeCase()
{
    const RemoteFile f = RemoteFile::fromJson(parse(R"({
        "name": "files/x", "display_name": "D", "mime_type": "audio/mpeg", "size_bytes": "12",
        "create_time": "2025-01-01T00:00:00Z", "update_time": "2025-01-01T00:00:01Z",
        "expiration_time": "2025-01-03T00:00:00Z", "sha256_hash": "YWJj", "download_uri": "u",
        "state": "ACTIVE", "source": "REGISTERED",
        "video_metadata": {"video_duration": "1.25s", "video_thumbnail_bytes": "AAEC"}
    })"));
    QCOMPARE(f.displayName, u"D"_s);
    QCOMPARE(f.mimeType, u"audio/mpeg"_s);
    QCOMPARE(f.sizeBytes, 12);
    QCOMPARE(f.createTime, utc("2025-01-01T00:00:00.000"));
    QCOMPARE(f.updateTime, utc("2025-01-01T00:00:01.000"));
    QCOMPARE(f.expirationTime, utc("2025-01-03T00:00:00.000"));
    QCOMPARE(f.sha256Hash, u"YWJj"_s);
    QCOMPARE(f.downloadUri, u"u"_s);
    QVERIFY(f.isActive());
    QCOMPARE(f.source, RemoteFile::Source::Registered);
    QCOMPARE(f.videoDurationMs, std::optional<qint64>(1250));
    QCOMPARE(f.videoThumbnail, QByteArray("\x00\x01\x02", 3));
}

void tst_RemoteFile::sizeBytes_data()
{
    QTest::addColumn<QJsonValue>("wire");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("string") << QJsonValue(u"41762063"_s) << qint64(41762063);
    QTest::newRow("string beyond 2^31") << QJsonValue(u"2147483648"_s) << qint64(2147483648LL);
    QTest::newRow("string near 2^63") << QJsonValue(u"9007199254740993"_s) << qint64(9007199254740993LL);
    QTest::newRow("number") << QJsonValue(889389) << qint64(889389);
    QTest::newRow("zero string") << QJsonValue(u"0"_s) << qint64(0);
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << qint64(0);
    QTest::newRow("garbage") << QJsonValue(u"12kB"_s) << qint64(0);
    QTest::newRow("negative") << QJsonValue(u"-5"_s) << qint64(0);
    QTest::newRow("bool") << QJsonValue(true) << qint64(0);
}

void tst_RemoteFile::sizeBytes()
{
    QFETCH(QJsonValue, wire);
    QFETCH(qint64, expected);
    QJsonObject o {{"name"_L1, u"files/a"_s}};
    if (!wire.isUndefined())
        o.insert("sizeBytes"_L1, wire);
    const RemoteFile f = RemoteFile::fromJson(o);
    QCOMPARE(f.sizeBytes, expected);
    // Written back as a string, the proto3 form of int64 (gemini-api.md §12.5).
    QCOMPARE(f.toJson().value("sizeBytes"_L1), QJsonValue(QString::number(expected)));
}

void tst_RemoteFile::timestamps_data()
{
    QTest::addColumn<QString>("wire");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("nanoseconds") << u"2025-02-16T22:33:33.359672295Z"_s << utc("2025-02-16T22:33:33.359");
    QTest::newRow("microseconds") << u"2025-02-14T22:33:33.377817Z"_s << utc("2025-02-14T22:33:33.377");
    QTest::newRow("milliseconds") << u"2025-02-14T22:33:33.377Z"_s << utc("2025-02-14T22:33:33.377");
    QTest::newRow("one digit") << u"2025-02-14T22:33:33.3Z"_s << utc("2025-02-14T22:33:33.300");
    QTest::newRow("two digits") << u"2025-02-14T22:33:33.07Z"_s << utc("2025-02-14T22:33:33.070");
    QTest::newRow("no fraction") << u"2025-02-14T22:33:33Z"_s << utc("2025-02-14T22:33:33.000");
    QTest::newRow("offset") << u"2025-02-14T23:33:33.5+01:00"_s << utc("2025-02-14T22:33:33.500");
    QTest::newRow("empty") << QString() << QDateTime();
    QTest::newRow("garbage") << u"yesterday"_s << QDateTime();
    QTest::newRow("date only garbage time") << u"2025-02-14T99:00:00Z"_s << QDateTime();
}

void tst_RemoteFile::timestamps()
{
    QFETCH(QString, wire);
    QFETCH(QDateTime, expected);
    const RemoteFile f = RemoteFile::fromJson(
        QJsonObject {{"name"_L1, u"files/a"_s}, {"expirationTime"_L1, wire}, {"createTime"_L1, wire}});
    QCOMPARE(f.expirationTime.isValid(), expected.isValid());
    if (!expected.isValid())
        return;
    QCOMPARE(f.expirationTime, expected);
    QCOMPARE(f.expirationTime.timeSpec(), Qt::UTC);
    QCOMPARE(f.createTime, expected);
    // Written as RFC 3339 in UTC with a Z, and read back the same.
    const QString written = f.toJson().value("expirationTime"_L1).toString();
    QVERIFY2(written.endsWith(u'Z'), qPrintable(written));
    QCOMPARE(RemoteFile::fromJson(f.toJson()).expirationTime, expected);
}

void tst_RemoteFile::sha256Hex_data()
{
    QTest::addColumn<QString>("wire");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray hex = hexOf("hello");
    QTest::newRow("recorded audio")
        << u"MGU3ZmFmZTE5ODRhZWQyNGMxNWJlMDc4OWEzNWU2MGM1YWYwYzczNzNiOWVkOWYyNjMxMzE2NzQwYTRiOWVlNg=="_s
        << QByteArray("0e7fafe1984aed24c15be0789a35e60c5af0c7373b9ed9f2631316740a4b9ee6");
    QTest::newRow("base64 of hex") << QString::fromLatin1(hex.toBase64()) << hex;
    QTest::newRow("upper-case hex inside") << QString::fromLatin1(hex.toUpper().toBase64()) << hex;
    QTest::newRow("base64 of the raw digest")
        << QString::fromLatin1(QCryptographicHash::hash("hello", QCryptographicHash::Sha256).toBase64()) << hex;
    QTest::newRow("base64url of hex") << QString::fromLatin1(hex.toBase64(QByteArray::Base64UrlEncoding)) << hex;
    QTest::newRow("absent") << QString() << QByteArray();
    QTest::newRow("not base64") << u"###"_s << QByteArray();
    QTest::newRow("base64 of a short hex") << QString::fromLatin1(QByteArray("abcdef").toBase64()) << QByteArray();
    QTest::newRow("base64 of non-hex text") << QString::fromLatin1(QByteArray(64, 'z').toBase64()) << QByteArray();
}

void tst_RemoteFile::sha256Hex()
{
    QFETCH(QString, wire);
    QFETCH(QByteArray, expected);
    RemoteFile f;
    f.sha256Hash = wire;
    QCOMPARE(f.sha256Hex(), expected);
}

void tst_RemoteFile::sha256HashIsBase64OfTheHexDigest()
{
    const QByteArray hex = hexOf("some bytes");
    const QString hash = RemoteFile::sha256HashFromHex(hex);
    QCOMPARE(QByteArray::fromBase64(hash.toLatin1()), hex);
    QCOMPARE(RemoteFile::sha256HashFromHex(hex.toUpper()), hash); // the server's digest is lower case
    RemoteFile f;
    f.sha256Hash = hash;
    QCOMPARE(f.sha256Hex(), hex);
}

void tst_RemoteFile::states_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<RemoteFile::State>("state");
    QTest::addColumn<QString>("written");
    QTest::newRow("processing") << u"PROCESSING"_s << RemoteFile::State::Processing << u"PROCESSING"_s;
    QTest::newRow("active") << u"ACTIVE"_s << RemoteFile::State::Active << u"ACTIVE"_s;
    QTest::newRow("failed") << u"FAILED"_s << RemoteFile::State::Failed << u"FAILED"_s;
    QTest::newRow("unspecified") << u"STATE_UNSPECIFIED"_s << RemoteFile::State::Unspecified << u"STATE_UNSPECIFIED"_s;
    QTest::newRow("unknown") << u"ARCHIVED"_s << RemoteFile::State::Unspecified << u"STATE_UNSPECIFIED"_s;
    QTest::newRow("lower case is not the enum")
        << u"active"_s << RemoteFile::State::Unspecified << u"STATE_UNSPECIFIED"_s;
}

void tst_RemoteFile::states()
{
    QFETCH(QString, name);
    QFETCH(RemoteFile::State, state);
    QFETCH(QString, written);
    QCOMPARE(RemoteFile::stateFromName(name), state);
    QCOMPARE(RemoteFile::stateName(state), written);
    const RemoteFile f = RemoteFile::fromJson(QJsonObject {{"name"_L1, u"files/a"_s}, {"state"_L1, name}});
    QCOMPARE(f.state, state);
    // Unspecified is the zero value: omitted on the wire.
    QCOMPARE(f.toJson().contains("state"_L1), state != RemoteFile::State::Unspecified);
}

void tst_RemoteFile::sources_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<RemoteFile::Source>("source");
    QTest::newRow("uploaded") << u"UPLOADED"_s << RemoteFile::Source::Uploaded;
    QTest::newRow("generated") << u"GENERATED"_s << RemoteFile::Source::Generated;
    QTest::newRow("registered") << u"REGISTERED"_s << RemoteFile::Source::Registered;
    QTest::newRow("unspecified") << u"SOURCE_UNSPECIFIED"_s << RemoteFile::Source::Unspecified;
    QTest::newRow("unknown") << u"SOMETHING_NEW"_s << RemoteFile::Source::Unspecified;
}

void tst_RemoteFile::sources()
{
    QFETCH(QString, name);
    QFETCH(RemoteFile::Source, source);
    QCOMPARE(RemoteFile::sourceFromName(name), source);
    QCOMPARE(RemoteFile::sourceFromName(RemoteFile::sourceName(source)), source);
    const RemoteFile f = RemoteFile::fromJson(QJsonObject {{"name"_L1, u"files/a"_s}, {"source"_L1, name}});
    QCOMPARE(f.source, source);
    QCOMPARE(f.toJson().contains("source"_L1), source != RemoteFile::Source::Unspecified);
}

void tst_RemoteFile::expiry_data()
{
    QTest::addColumn<QDateTime>("expiration");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<bool>("expired");
    QTest::addColumn<qint64>("msLeft"); // -1: no expiry known
    const QDateTime at = utc("2025-06-26T12:00:00.000");
    QTest::newRow("two days left") << at << at.addDays(-2) << false << qint64(48LL * 3600 * 1000);
    QTest::newRow("one ms left") << at << at.addMSecs(-1) << false << qint64(1);
    QTest::newRow("exactly at expiry") << at << at << true << qint64(0);
    QTest::newRow("after expiry") << at << at.addSecs(3600) << true << qint64(0);
    QTest::newRow("no expiry sent") << QDateTime() << at << false << qint64(-1);
    QTest::newRow("now in another zone") << at << at.toOffsetFromUtc(3600).addSecs(-60) << false << qint64(60'000);
}

void tst_RemoteFile::expiry()
{
    QFETCH(QDateTime, expiration);
    QFETCH(QDateTime, now);
    QFETCH(bool, expired);
    QFETCH(qint64, msLeft);
    RemoteFile f;
    f.expirationTime = expiration;
    QCOMPARE(f.isExpired(now), expired);
    QCOMPARE(f.msUntilExpiry(now), msLeft < 0 ? std::nullopt : std::optional<qint64>(msLeft));
}

void tst_RemoteFile::roundTripEveryField()
{
    const RemoteFile f = everyField();
    const RemoteFile back = RemoteFile::fromJson(f.toJson());
    QCOMPARE(back.name, f.name);
    QCOMPARE(back.displayName, f.displayName);
    QCOMPARE(back.sizeBytes, f.sizeBytes);
    QCOMPARE(back.createTime, f.createTime);
    QCOMPARE(back.expirationTime, f.expirationTime);
    QCOMPARE(back.sha256Hex(), f.sha256Hex());
    QCOMPARE(back.errorCode, f.errorCode);
    QCOMPARE(back.errorMessage, f.errorMessage);
    QCOMPARE(back.videoDurationMs, f.videoDurationMs);
    QCOMPARE(back.videoThumbnail, f.videoThumbnail);
    QVERIFY(back == f);
    // Through text as well, as the CLI's --json output would be read back.
    const QByteArray text = QJsonDocument(f.toJson()).toJson(QJsonDocument::Compact);
    QVERIFY(RemoteFile::fromJson(QJsonDocument::fromJson(text).object()) == f);
}

void tst_RemoteFile::roundTripMinimal()
{
    RemoteFile f;
    f.name = u"files/a"_s;
    const QJsonObject json = f.toJson();
    // Zero values are not written (proto3), except the size, which a listing always shows.
    QCOMPARE(json.keys(), (QStringList {u"name"_s, u"sizeBytes"_s}));
    QVERIFY(RemoteFile::fromJson(json) == f);
}

void tst_RemoteFile::toJsonWireForm()
{
    const QJsonObject json = everyField().toJson();
    QCOMPARE(json.value("sizeBytes"_L1), QJsonValue(u"3000000000"_s));
    QCOMPARE(json.value("createTime"_L1).toString(), u"2025-06-24T12:57:41.657Z"_s);
    QCOMPARE(json.value("state"_L1).toString(), u"FAILED"_s);
    QCOMPARE(json.value("source"_L1).toString(), u"GENERATED"_s);
    QCOMPARE(json["error"_L1]["code"_L1].toInt(), 3);
    QCOMPARE(json["error"_L1]["message"_L1].toString(), u"The video could not be decoded."_s);
    QCOMPARE(json["videoMetadata"_L1]["videoDuration"_L1].toString(), u"596.5s"_s);
    QCOMPARE(QByteArray::fromBase64(json["videoMetadata"_L1]["videoThumbnailBytes"_L1].toString().toLatin1()),
        everyField().videoThumbnail);
    for (const QString &key : json.keys())
        QVERIFY2(!key.contains(u'_'), qPrintable(key)); // lowerCamelCase only
}

void tst_RemoteFile::videoDuration_data()
{
    QTest::addColumn<QString>("wire");
    QTest::addColumn<std::optional<qint64>>("ms");
    QTest::newRow("whole seconds") << u"596s"_s << std::optional<qint64>(596'000);
    QTest::newRow("fraction") << u"12.345s"_s << std::optional<qint64>(12'345);
    QTest::newRow("zero") << u"0s"_s << std::optional<qint64>(0);
    QTest::newRow("no unit") << u"596"_s << std::optional<qint64>();
    QTest::newRow("garbage") << u"long"_s << std::optional<qint64>();
}

void tst_RemoteFile::videoDuration()
{
    QFETCH(QString, wire);
    QFETCH(std::optional<qint64>, ms);
    const RemoteFile f = RemoteFile::fromJson(
        QJsonObject {{"name"_L1, u"files/a"_s}, {"videoMetadata"_L1, QJsonObject {{"videoDuration"_L1, wire}}}});
    QCOMPARE(f.videoDurationMs, ms);
    if (ms)
        QCOMPARE(RemoteFile::fromJson(f.toJson()).videoDurationMs, ms);
}

void tst_RemoteFile::thumbnailBase64Variants_data()
{
    QTest::addColumn<QString>("wire");
    const QByteArray bytes("\xff\xd8\xff\xfe\xfb\xef", 6); // encodes with + and / (- and _ in base64url)
    QTest::newRow("standard") << QString::fromLatin1(bytes.toBase64());
    QTest::newRow("base64url") << QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding));
    QTest::newRow("base64url unpadded") << QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

void tst_RemoteFile::thumbnailBase64Variants()
{
    QFETCH(QString, wire);
    const RemoteFile f = RemoteFile::fromJson(
        QJsonObject {{"name"_L1, u"files/a"_s}, {"videoMetadata"_L1, QJsonObject {{"videoThumbnailBytes"_L1, wire}}}});
    QCOMPARE(f.videoThumbnail, QByteArray("\xff\xd8\xff\xfe\xfb\xef", 6));
}

void tst_RemoteFile::uploadReply_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("name");
    QTest::newRow("wrapped") << QByteArray(R"({"file": {"name": "files/a", "state": "ACTIVE"}})") << u"files/a"_s;
    QTest::newRow("bare") << QByteArray(R"({"name": "files/b", "state": "ACTIVE"})") << u"files/b"_s;
    QTest::newRow("wrapped without name") << QByteArray(R"({"file": {"state": "ACTIVE"}})") << QString();
    QTest::newRow("empty") << QByteArray("{}") << QString();
    QTest::newRow("file not an object") << QByteArray(R"({"file": "files/c"})") << QString();
}

void tst_RemoteFile::uploadReply()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, name);
    const auto f = RemoteFile::fromUploadReply(QJsonDocument::fromJson(body).object());
    QCOMPARE(f.has_value(), !name.isEmpty());
    if (f) {
        QCOMPARE(f->name, name);
        QVERIFY(f->isActive());
    }
}

void tst_RemoteFile::page()
{
    const RemoteFilePage p = RemoteFilePage::fromJson(parse(R"({
        "files": [{"name": "files/a", "sizeBytes": "1"}, {"name": "files/b", "sizeBytes": "2"}],
        "nextPageToken": "tok=="
    })"));
    QCOMPARE(p.files.size(), 2);
    QCOMPARE(p.files.at(1).name, u"files/b"_s);
    QCOMPARE(p.files.at(1).sizeBytes, 2);
    QCOMPARE(p.nextPageToken, u"tok=="_s);
}

void tst_RemoteFile::pageTolerances()
{
    // No files: the empty repeated field is omitted (proto3), the body is {}.
    QVERIFY(RemoteFilePage::fromJson(QJsonObject {}).files.isEmpty());
    QVERIFY(RemoteFilePage::fromJson(QJsonObject {}).nextPageToken.isEmpty());
    // A single object where an array belongs; snake_case token.
    const RemoteFilePage p
        = RemoteFilePage::fromJson(parse(R"({"files": {"name": "files/a"}, "next_page_token": "t"})"));
    QCOMPARE(p.files.size(), 1);
    QCOMPARE(p.files.first().name, u"files/a"_s);
    QCOMPARE(p.nextPageToken, u"t"_s);
}

void tst_RemoteFile::resourceName_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("name");
    QTest::newRow("resource name") << u"files/x27lu0k9zc2k"_s << u"files/x27lu0k9zc2k"_s;
    QTest::newRow("bare id") << u"x27lu0k9zc2k"_s << u"files/x27lu0k9zc2k"_s;
    QTest::newRow("spaces around") << u"  files/abc \n"_s << u"files/abc"_s;
    QTest::newRow("uri") << u"https://generativelanguage.googleapis.com/v1beta/files/azucr4abxgje"_s
                         << u"files/azucr4abxgje"_s;
    QTest::newRow("uri with query") << u"https://generativelanguage.googleapis.com/v1beta/files/abc?alt=json"_s
                                    << u"files/abc"_s;
    QTest::newRow("download uri") << u"https://generativelanguage.googleapis.com/v1beta/files/abc:download?alt=media"_s
                                  << u"files/abc"_s;
    QTest::newRow("uri of a local fake server") << u"http://127.0.0.1:4321/v1beta/files/a-b"_s << u"files/a-b"_s;
    QTest::newRow("hyphen inside") << u"files/my-file-1"_s << u"files/my-file-1"_s;
    QTest::newRow("one character") << u"a"_s << u"files/a"_s;
    QTest::newRow("40 characters") << QString(40, u'a') << u"files/"_s + QString(40, u'a');
    QTest::newRow("41 characters") << QString(41, u'a') << QString();
    QTest::newRow("leading hyphen") << u"files/-abc"_s << QString();
    QTest::newRow("trailing hyphen") << u"files/abc-"_s << QString();
    QTest::newRow("upper case") << u"files/ABC"_s << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("prefix only") << u"files/"_s << QString();
    QTest::newRow("nested path") << u"files/a/b"_s << QString();
    QTest::newRow("path traversal") << u"files/../models"_s << QString();
    QTest::newRow("uri without files") << u"https://example.com/v1beta/models/gemini"_s << QString();
    QTest::newRow("other resource") << u"models/gemini-2.5-flash"_s << QString();
    QTest::newRow("space inside") << u"files/a b"_s << QString();
    QTest::newRow("unicode") << u"files/ä"_s << QString();
}

void tst_RemoteFile::resourceName()
{
    QFETCH(QString, input);
    QFETCH(QString, name);
    QCOMPARE(remoteFileResourceName(input), name);
}

void tst_RemoteFile::id()
{
    RemoteFile f;
    f.name = u"files/abc"_s;
    QCOMPARE(f.id(), u"abc"_s);
    f.name = u"abc"_s;
    QCOMPARE(f.id(), u"abc"_s);
}

void tst_RemoteFile::metaType()
{
    // Signals carry RemoteFile by value; queued connections need it as a QVariant.
    const RemoteFile f = everyField();
    const QVariant v = QVariant::fromValue(f);
    QVERIFY(v.value<RemoteFile>() == f);
}

QTEST_GUILESS_MAIN(tst_RemoteFile)
#include "tst_remotefile.moc"
