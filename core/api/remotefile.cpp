#include "remotefile.h"

#include "jsonutil.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {

// RFC 3339 as Google writes it: "2025-02-16T22:33:33.359672295Z". Qt reads at most milliseconds,
// so the fraction is cut to three digits first.
QDateTime parseTimestamp(const QString &text)
{
    if (text.isEmpty())
        return {};
    static const QRegularExpression fraction(u"\\.(\\d{1,3})\\d*"_s);
    QString t = text;
    t.replace(fraction, u".\\1"_s);
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        return {};
    return dt.toUTC();
}

QString formatTimestamp(const QDateTime &dt)
{
    return dt.isValid() ? dt.toUTC().toString(Qt::ISODateWithMs) : QString();
}

void putTime(QJsonObject &o, QLatin1StringView key, const QDateTime &dt)
{
    if (dt.isValid())
        o.insert(key, formatTimestamp(dt));
}

QString str(const QJsonObject &o, QLatin1StringView camel, QLatin1StringView snake)
{
    return JsonUtil::field(o, camel, snake).toString();
}

// proto3 JSON bytes: standard base64, though the URL-safe alphabet is allowed too; padding optional.
std::optional<QByteArray> decodeBytes(const QString &text)
{
    const QByteArray ascii = text.trimmed().toLatin1();
    const bool urlSafe = ascii.contains('-') || ascii.contains('_');
    const auto decoded = QByteArray::fromBase64Encoding(ascii,
        (urlSafe ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding)
            | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

} // namespace

QString RemoteFile::id() const
{
    return name.startsWith("files/"_L1) ? name.mid(6) : name;
}

QByteArray RemoteFile::sha256Hex() const
{
    const std::optional<QByteArray> decoded = decodeBytes(sha256Hash);
    if (!decoded)
        return {};
    // The server sends base64 of the hex text (gemini-api.md §7.3); base64 of the raw 32-byte digest,
    // the usual proto form, is understood as well.
    if (decoded->size() == 32)
        return decoded->toHex();
    const QByteArray hex = decoded->toLower();
    static const QRegularExpression hexDigest(u"^[0-9a-f]{64}$"_s);
    if (!hexDigest.match(QString::fromLatin1(hex)).hasMatch())
        return {};
    return hex;
}

bool RemoteFile::isExpired(const QDateTime &now) const
{
    return expirationTime.isValid() && now >= expirationTime;
}

std::optional<qint64> RemoteFile::msUntilExpiry(const QDateTime &now) const
{
    if (!expirationTime.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now.msecsTo(expirationTime));
}

namespace {

// One table per enum, read both ways, so a name and its value cannot drift apart. The first entry
// is what an unknown name maps to.
template<typename Enum> struct NameOf
{
    Enum value;
    QLatin1StringView name;
};

constexpr NameOf<RemoteFile::State> StateNames[] = {
    {RemoteFile::State::Unspecified, "STATE_UNSPECIFIED"_L1},
    {RemoteFile::State::Processing, "PROCESSING"_L1},
    {RemoteFile::State::Active, "ACTIVE"_L1},
    {RemoteFile::State::Failed, "FAILED"_L1},
};

constexpr NameOf<RemoteFile::Source> SourceNames[] = {
    {RemoteFile::Source::Unspecified, "SOURCE_UNSPECIFIED"_L1},
    {RemoteFile::Source::Uploaded, "UPLOADED"_L1},
    {RemoteFile::Source::Generated, "GENERATED"_L1},
    {RemoteFile::Source::Registered, "REGISTERED"_L1},
};

template<typename Enum, std::size_t N> QString nameOf(const NameOf<Enum> (&table)[N], Enum value)
{
    for (const NameOf<Enum> &entry : table) {
        if (entry.value == value)
            return QString(entry.name);
    }
    return QString(table[0].name);
}

template<typename Enum, std::size_t N> Enum valueOf(const NameOf<Enum> (&table)[N], const QString &name)
{
    for (const NameOf<Enum> &entry : table) {
        if (name == entry.name)
            return entry.value;
    }
    return table[0].value;
}

} // namespace

QString RemoteFile::stateName(State state)
{
    return nameOf(StateNames, state);
}

RemoteFile::State RemoteFile::stateFromName(const QString &name)
{
    return valueOf(StateNames, name);
}

QString RemoteFile::sourceName(Source source)
{
    return nameOf(SourceNames, source);
}

RemoteFile::Source RemoteFile::sourceFromName(const QString &name)
{
    return valueOf(SourceNames, name);
}

QString RemoteFile::sha256HashFromHex(const QByteArray &hex)
{
    return QString::fromLatin1(hex.toLower().toBase64());
}

QJsonObject RemoteFile::toJson() const
{
    QJsonObject o;
    o.insert("name"_L1, name);
    JsonUtil::putString(o, "displayName"_L1, displayName);
    JsonUtil::putString(o, "mimeType"_L1, mimeType);
    o.insert("sizeBytes"_L1, QString::number(sizeBytes));
    putTime(o, "createTime"_L1, createTime);
    putTime(o, "updateTime"_L1, updateTime);
    putTime(o, "expirationTime"_L1, expirationTime);
    JsonUtil::putString(o, "sha256Hash"_L1, sha256Hash);
    JsonUtil::putString(o, "uri"_L1, uri);
    JsonUtil::putString(o, "downloadUri"_L1, downloadUri);
    if (state != State::Unspecified)
        o.insert("state"_L1, stateName(state));
    if (source != Source::Unspecified)
        o.insert("source"_L1, sourceName(source));
    if (errorCode || !errorMessage.isEmpty()) {
        QJsonObject error;
        if (errorCode)
            error.insert("code"_L1, errorCode);
        JsonUtil::putString(error, "message"_L1, errorMessage);
        o.insert("error"_L1, error);
    }
    if (videoDurationMs || !videoThumbnail.isEmpty()) {
        QJsonObject video;
        if (videoDurationMs)
            video.insert(
                "videoDuration"_L1, QString(QString::number(double(*videoDurationMs) / 1000.0, 'g', 12) + u's'));
        if (!videoThumbnail.isEmpty())
            video.insert("videoThumbnailBytes"_L1, QString::fromLatin1(videoThumbnail.toBase64()));
        o.insert("videoMetadata"_L1, video);
    }
    return o;
}

RemoteFile RemoteFile::fromJson(const QJsonObject &json)
{
    RemoteFile f;
    f.name = json.value("name"_L1).toString();
    f.displayName = str(json, "displayName"_L1, "display_name"_L1);
    f.mimeType = str(json, "mimeType"_L1, "mime_type"_L1);
    QJsonObject sizeHolder;
    sizeHolder.insert("s"_L1, JsonUtil::field(json, "sizeBytes"_L1, "size_bytes"_L1));
    f.sizeBytes = std::max<qint64>(0, JsonUtil::optInt64(sizeHolder, "s"_L1).value_or(0));
    f.createTime = parseTimestamp(str(json, "createTime"_L1, "create_time"_L1));
    f.updateTime = parseTimestamp(str(json, "updateTime"_L1, "update_time"_L1));
    f.expirationTime = parseTimestamp(str(json, "expirationTime"_L1, "expiration_time"_L1));
    f.sha256Hash = str(json, "sha256Hash"_L1, "sha256_hash"_L1);
    f.uri = json.value("uri"_L1).toString();
    f.downloadUri = str(json, "downloadUri"_L1, "download_uri"_L1);
    f.state = stateFromName(json.value("state"_L1).toString());
    f.source = sourceFromName(json.value("source"_L1).toString());
    const QJsonObject error = json.value("error"_L1).toObject();
    f.errorCode = error.value("code"_L1).toInt();
    f.errorMessage = error.value("message"_L1).toString();
    const QJsonObject video = JsonUtil::field(json, "videoMetadata"_L1, "video_metadata"_L1).toObject();
    if (!video.isEmpty()) {
        f.videoDurationMs = JsonUtil::parseDurationMs(str(video, "videoDuration"_L1, "video_duration"_L1));
        const QString thumb = str(video, "videoThumbnailBytes"_L1, "video_thumbnail_bytes"_L1);
        if (!thumb.isEmpty())
            f.videoThumbnail = decodeBytes(thumb).value_or(QByteArray());
    }
    return f;
}

std::optional<RemoteFile> RemoteFile::fromUploadReply(const QJsonObject &json)
{
    const QJsonObject inner = json.value("file"_L1).isObject() ? json.value("file"_L1).toObject() : json;
    RemoteFile f = fromJson(inner);
    if (f.name.isEmpty())
        return std::nullopt;
    return f;
}

RemoteFilePage RemoteFilePage::fromJson(const QJsonObject &json)
{
    RemoteFilePage page;
    for (const QJsonValue &v : JsonUtil::array(json, "files"_L1))
        page.files.append(RemoteFile::fromJson(v.toObject()));
    page.nextPageToken = JsonUtil::field(json, "nextPageToken"_L1, "next_page_token"_L1).toString();
    return page;
}

QString remoteFileResourceName(const QString &nameOrUri)
{
    QString t = nameOrUri.trimmed();
    const qsizetype at = t.lastIndexOf("/files/"_L1);
    if (t.contains("://"_L1)) {
        if (at < 0)
            return {};
        t = t.mid(at + 7);
        // The download URI of a generated file: ".../files/abc:download?alt=media".
        const qsizetype method = t.indexOf(u':');
        if (method >= 0)
            t.truncate(method);
    } else if (t.startsWith("files/"_L1)) {
        t = t.mid(6);
    }
    const qsizetype query = t.indexOf(u'?');
    if (query >= 0)
        t.truncate(query);
    static const QRegularExpression id(u"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$"_s);
    if (!id.match(t).hasMatch())
        return {};
    return "files/"_L1 + t;
}
