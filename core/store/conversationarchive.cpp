#include "conversationarchive.h"

#include "blobcache.h"
#include "chat/conversation.h"
#include "files/mediatypes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr auto FormatName = "alhena-conversations"_L1;
constexpr int MaxNameLength = 80;
constexpr int TitleLength = 60;

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

// Whether the JSON text nests deeper than `limit`: checked on the raw bytes, before the parser
// (whose own limit is far higher) recurses into it.
bool nestsDeeperThan(const QByteArray &json, int limit)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (const char c : json) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

QString snakeToCamel(const QString &key)
{
    QString out;
    out.reserve(key.size());
    bool upper = false;
    for (const QChar c : key) {
        if (c == u'_') {
            upper = true;
            continue;
        }
        out += upper ? c.toUpper() : c;
        upper = false;
    }
    return out;
}

QJsonObject camelKeys(const QJsonObject &o)
{
    QJsonObject out;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        out.insert(snakeToCamel(it.key()), it.value());
    return out;
}

bool isMimeType(const QString &mimeType)
{
    static const QRegularExpression re(
        u"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$"_s);
    return re.match(mimeType).hasMatch();
}

bool isModelName(const QString &model)
{
    // It becomes part of a request URL ("models/<model>:generateContent"): nothing that could change the path.
    static const QRegularExpression re(u"^(models/)?[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"_s);
    return re.match(model).hasMatch();
}

std::optional<QByteArray> decodeBase64(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() > 127)
            return std::nullopt;
    }
    const QByteArray latin1 = text.toLatin1();
    for (const auto options : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
        const auto decoded = QByteArray::fromBase64Encoding(latin1, options | QByteArray::AbortOnBase64DecodingErrors);
        if (decoded)
            return decoded.decoded;
    }
    return std::nullopt;
}

QString extensionFor(const QString &mimeType)
{
    static const QRegularExpression safe(u"^[A-Za-z0-9]{1,10}$"_s);
    const QString suffix = QMimeDatabase().mimeTypeForName(mimeType).preferredSuffix();
    return safe.match(suffix).hasMatch() ? suffix.toLower() : u"bin"_s;
}

QString shortTitle(const QString &text)
{
    QString title = text.simplified();
    if (title.size() <= TitleLength)
        return title;
    qsizetype cut = title.lastIndexOf(u' ', TitleLength);
    if (cut < TitleLength / 2)
        cut = TitleLength;
    if (title.at(cut - 1).isHighSurrogate())
        --cut;
    return title.left(cut).trimmed() + u'…';
}

bool isUnsafeNameChar(QChar c)
{
    switch (c.category()) {
    case QChar::Other_Control:
    case QChar::Other_Surrogate:
    case QChar::Other_NotAssigned:
    case QChar::Other_PrivateUse:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    case QChar::Other_Format:
        return c != QChar(0x200D); // bidi overrides and invisible marks, but keep emoji joiners
    default:
        break;
    }
    return QStringView(u"/\\:*?\"<>|").contains(c);
}

// The file-name rules of safeFileName(), with room for the caller's limit.
QString safeName(const QString &text, int maxLength, const QString &fallback)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += c;
            out += text.at(++i);
            continue;
        }
        if (c.isSpace())
            out += u' ';
        else if (isUnsafeNameChar(c))
            out += c.category() == QChar::Other_Format || c.category() == QChar::Other_Control ? QString() : u"_"_s;
        else
            out += c;
    }
    out = out.simplified();
    auto trimEnds = [](QString &s) {
        while (!s.isEmpty() && (s.front() == u'.' || s.front() == u' '))
            s.remove(0, 1);
        while (!s.isEmpty() && (s.back() == u'.' || s.back() == u' '))
            s.chop(1);
    };
    trimEnds(out);
    if (out.size() > maxLength) {
        qsizetype cut = maxLength;
        if (out.at(cut - 1).isHighSurrogate())
            --cut;
        out.truncate(cut);
        trimEnds(out);
    }
    // Names Windows reserves for devices, with or without an extension.
    static const QRegularExpression reserved(
        u"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?$"_s, QRegularExpression::CaseInsensitiveOption);
    if (reserved.match(out).hasMatch())
        out.prepend(u'_');
    return out.isEmpty() ? fallback : out;
}

QString markdownLinkTarget(const QString &relativePath)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(relativePath, "/-._~"));
}

QString escapeLinkText(QString text)
{
    text.replace(u'\\', u"\\\\"_s).replace(u'[', u"\\["_s).replace(u']', u"\\]"_s);
    return text.simplified();
}

QString quoteBlock(const QString &text)
{
    QStringList lines = text.split(u'\n');
    for (QString &line : lines)
        line = line.isEmpty() ? u">"_s : u"> "_s + line;
    return lines.join(u'\n');
}

// Strict checking of an imported conversation. Every problem names its place: "conversation 3,
// contents[4].parts[0]: …". Checks the JSON before the lenient fromJson() of the API types sees it,
// so nothing is silently dropped or guessed.
class Importer
{
public:
    QString error;

    bool readRecord(const QJsonObject &o, const QString &prefix, ConversationRecord *out);
    bool readRequest(const QJsonObject &request, const QString &prefix, const QString &model, ConversationRecord *out);

private:
    enum class Use {
        User,
        Model,
        System
    };

    bool fail(const QString &prefix, const QString &path, const QString &what)
    {
        QString where = prefix;
        if (!path.isEmpty())
            where = where.isEmpty() ? path : where + u", "_s + path;
        error = where.isEmpty() ? what : ConversationArchive::tr("%1: %2").arg(where, what);
        return false;
    }
    bool checkPart(const QJsonValue &value, Use use, const QString &prefix, const QString &path, Part *out);
    bool checkContent(
        const QJsonValue &value, Use use, const QString &prefix, const QString &path, Content *out, bool roleRequired);
    bool checkGenerationConfig(const QJsonValue &value, const QString &prefix, GenerationConfig *out);
    bool checkSafety(const QJsonValue &value, const QString &prefix, QList<SafetySetting> *out);
    bool checkTools(const QJsonValue &value, const QString &prefix, Tools *out);
    bool checkTime(const QJsonObject &o, QLatin1StringView key, const QString &prefix, QDateTime *out);

    int m_attachmentNumber = 0;
};

bool Importer::checkTime(const QJsonObject &o, QLatin1StringView key, const QString &prefix, QDateTime *out)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        *out = QDateTime::currentDateTimeUtc();
        return true;
    }
    const QDateTime time = v.isString() ? QDateTime::fromString(v.toString(), Qt::ISODateWithMs) : QDateTime();
    if (!time.isValid())
        return fail(prefix, QString(key), ConversationArchive::tr("not an ISO 8601 time"));
    *out = time.toUTC();
    return true;
}

bool Importer::checkPart(const QJsonValue &value, Use use, const QString &prefix, const QString &path, Part *out)
{
    using CA = ConversationArchive;
    if (!value.isObject())
        return fail(prefix, path, CA::tr("a part must be an object"));
    const QJsonObject o = value.toObject();
    static const QSet<QString> dataKeys = {u"text"_s, u"inlineData"_s, u"inline_data"_s, u"fileData"_s, u"file_data"_s,
        u"functionCall"_s, u"function_call"_s, u"functionResponse"_s, u"function_response"_s, u"executableCode"_s,
        u"executable_code"_s, u"codeExecutionResult"_s, u"code_execution_result"_s};
    static const QSet<QString> metaKeys
        = {u"thought"_s, u"thoughtSignature"_s, u"thought_signature"_s, u"videoMetadata"_s, u"video_metadata"_s};
    QString dataKey;
    QString unknown;
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (dataKeys.contains(it.key())) {
            if (!dataKey.isEmpty())
                return fail(
                    prefix, path, CA::tr("a part holds one kind of data, not both %1 and %2").arg(dataKey, it.key()));
            dataKey = it.key();
        } else if (!metaKeys.contains(it.key()) && unknown.isEmpty()) {
            unknown = it.key();
        }
    }
    const QJsonValue signature = o.value("thoughtSignature"_L1).isUndefined() ? o.value("thought_signature"_L1)
                                                                              : o.value("thoughtSignature"_L1);
    if (dataKey.isEmpty() && unknown.isEmpty() && signature.isString() && use == Use::Model) {
        // {"thoughtSignature": "…"} alone: a signature carrier the API sends and wants back.
    } else if (dataKey.isEmpty()) {
        return fail(prefix, path,
            unknown.isEmpty() ? CA::tr("the part has no data (text, inlineData, fileData…)")
                              : CA::tr("the part has no known kind of data (\"%1\" is not one)").arg(unknown));
    }
    if (!unknown.isEmpty())
        return fail(prefix, path, CA::tr("unknown field \"%1\"").arg(unknown));
    if (!signature.isUndefined() && !signature.isString())
        return fail(prefix, path + u".thoughtSignature"_s, CA::tr("not a string"));
    const QJsonValue thought = o.value("thought"_L1);
    if (!thought.isUndefined() && !thought.isBool())
        return fail(prefix, path + u".thought"_s, CA::tr("not true or false"));
    if (thought.toBool() && (use != Use::Model || dataKey != u"text"_s))
        return fail(prefix, path, CA::tr("only the model's text parts can be thoughts"));
    const QJsonValue video
        = o.value("videoMetadata"_L1).isUndefined() ? o.value("video_metadata"_L1) : o.value("videoMetadata"_L1);
    if (!video.isUndefined() && !video.isObject())
        return fail(prefix, path + u".videoMetadata"_s, CA::tr("not an object"));

    if (dataKey.isEmpty()) {
        *out = Part::fromJson(o);
        return true;
    }
    const QString kind = snakeToCamel(dataKey);
    const QJsonValue data = o.value(dataKey);
    const QString dataPath = path + u'.' + kind;
    std::optional<QByteArray> bytes;
    if (kind == u"text"_s) {
        if (!data.isString())
            return fail(prefix, dataPath, CA::tr("not a string"));
        if (data.toString().contains(QChar(0)))
            return fail(prefix, dataPath, CA::tr("the text contains a NUL character"));
    } else if (use == Use::System) {
        return fail(prefix, path, CA::tr("a system instruction can only hold text"));
    } else if (kind == u"inlineData"_s || kind == u"fileData"_s) {
        if (!data.isObject())
            return fail(prefix, dataPath, CA::tr("not an object"));
        const QJsonObject d = data.toObject();
        const bool isInline = kind == u"inlineData"_s;
        for (auto it = d.constBegin(); it != d.constEnd(); ++it) {
            const QString key = snakeToCamel(it.key());
            if (key != u"mimeType"_s && key != (isInline ? u"data"_s : u"fileUri"_s))
                return fail(prefix, dataPath, CA::tr("unknown field \"%1\"").arg(it.key()));
            if (!it.value().isString())
                return fail(prefix, dataPath + u'.' + key, CA::tr("not a string"));
        }
        const QString mimeType = d.value("mimeType"_L1).isUndefined() ? d.value("mime_type"_L1).toString()
                                                                      : d.value("mimeType"_L1).toString();
        if ((isInline || !mimeType.isEmpty()) && !isMimeType(mimeType))
            return fail(prefix, dataPath + u".mimeType"_s, CA::tr("not a media type"));
        if (isInline) {
            if (!d.contains("data"_L1))
                return fail(prefix, dataPath, CA::tr("the data is missing"));
            bytes = decodeBase64(d.value("data"_L1).toString());
            if (!bytes)
                return fail(prefix, dataPath + u".data"_s, CA::tr("not base64"));
        } else {
            const QString uri = d.value("fileUri"_L1).isUndefined() ? d.value("file_uri"_L1).toString()
                                                                    : d.value("fileUri"_L1).toString();
            const QUrl url(uri, QUrl::StrictMode);
            const QString scheme = url.scheme();
            if (!url.isValid() || url.host().isEmpty()
                || (scheme != u"https"_s && scheme != u"http"_s && scheme != u"gs"_s))
                return fail(prefix, dataPath + u".fileUri"_s, CA::tr("not an https or gs address"));
        }
    } else if (use == Use::User) {
        return fail(prefix, path, CA::tr("a user turn can hold text, inlineData and fileData, not %1").arg(kind));
    } else if (kind == u"functionResponse"_s) {
        return fail(prefix, path, CA::tr("a model turn cannot hold a functionResponse"));
    } else {
        if (!data.isObject())
            return fail(prefix, dataPath, CA::tr("not an object"));
        const QJsonObject d = data.toObject();
        if (kind == u"functionCall"_s) {
            if (!d.value("name"_L1).isString() || (d.contains("args"_L1) && !d.value("args"_L1).isObject()))
                return fail(prefix, dataPath, CA::tr("a function call needs a name and its args as an object"));
        } else if (kind == u"executableCode"_s) {
            if (!d.value("code"_L1).isString())
                return fail(prefix, dataPath + u".code"_s, CA::tr("not a string"));
        } else if (d.contains("output"_L1) && !d.value("output"_L1).isString()) {
            return fail(prefix, dataPath + u".output"_s, CA::tr("not a string"));
        }
    }
    *out = Part::fromJson(o);
    if (bytes)
        out->data = *bytes; // fromJson decodes leniently; this is the checked decoding (base64url too)
    return true;
}

bool Importer::checkContent(
    const QJsonValue &value, Use use, const QString &prefix, const QString &path, Content *out, bool roleRequired)
{
    using CA = ConversationArchive;
    if (!value.isObject())
        return fail(prefix, path, CA::tr("a turn must be an object"));
    const QJsonObject o = value.toObject();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (it.key() != u"role"_s && it.key() != u"parts"_s)
            return fail(prefix, path, CA::tr("unknown field \"%1\"").arg(it.key()));
    }
    const QJsonValue role = o.value("role"_L1);
    if (roleRequired) {
        if (role.isUndefined())
            return fail(prefix, path, CA::tr("the role is missing (it must be \"user\" or \"model\")"));
        if (!role.isString() || (role.toString() != u"user"_s && role.toString() != u"model"_s))
            return fail(prefix, path + u".role"_s,
                CA::tr("\"%1\" is not a role that can be imported (only \"user\" and \"model\")")
                    .arg(role.isString() ? role.toString() : CA::tr("(not a string)")));
        use = role.toString() == u"user"_s ? Use::User : Use::Model;
    } else if (!role.isUndefined() && !role.isString()) {
        return fail(prefix, path + u".role"_s, CA::tr("not a string"));
    }
    const QJsonValue parts = o.value("parts"_L1);
    if (!parts.isArray())
        return fail(prefix, path + u".parts"_s, parts.isUndefined() ? CA::tr("missing") : CA::tr("not an array"));
    const QJsonArray list = parts.toArray();
    if (list.isEmpty())
        return fail(prefix, path + u".parts"_s, CA::tr("the turn has no parts"));
    Content content;
    content.role = roleRequired ? role.toString() : QString();
    content.parts.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        Part part;
        if (!checkPart(list.at(i), use, prefix, path + u".parts[%1]"_s.arg(i), &part))
            return false;
        content.parts.append(std::move(part));
    }
    *out = std::move(content);
    return true;
}

bool Importer::checkGenerationConfig(const QJsonValue &value, const QString &prefix, GenerationConfig *out)
{
    using CA = ConversationArchive;
    if (!value.isObject())
        return fail(prefix, u"generationConfig"_s, CA::tr("not an object"));
    QJsonObject config = camelKeys(value.toObject());
    if (config.value("thinkingConfig"_L1).isObject())
        config.insert("thinkingConfig"_L1, camelKeys(config.value("thinkingConfig"_L1).toObject()));
    *out = GenerationConfig::fromJson(config);
    // What the typed config does not give back was unknown or of the wrong type: refused, not dropped.
    const QJsonObject kept = out->toJson();
    for (auto it = config.constBegin(); it != config.constEnd(); ++it) {
        if (it.value().isNull())
            continue;
        if (!kept.contains(it.key()))
            return fail(
                prefix, u"generationConfig."_s + it.key(), CA::tr("unknown field or a value of the wrong type"));
        if (it.key() == u"thinkingConfig"_s) {
            const QJsonObject thinking = it.value().toObject();
            const QJsonObject keptThinking = kept.value(it.key()).toObject();
            for (auto t = thinking.constBegin(); t != thinking.constEnd(); ++t) {
                if (!t.value().isNull() && !keptThinking.contains(t.key()))
                    return fail(prefix, u"generationConfig.thinkingConfig."_s + t.key(),
                        CA::tr("unknown field or a value of the wrong type"));
            }
        }
    }
    return true;
}

bool Importer::checkSafety(const QJsonValue &value, const QString &prefix, QList<SafetySetting> *out)
{
    using CA = ConversationArchive;
    if (!value.isArray())
        return fail(prefix, u"safetySettings"_s, CA::tr("not an array"));
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = u"safetySettings[%1]"_s.arg(i);
        if (!list.at(i).isObject())
            return fail(prefix, path, CA::tr("not an object"));
        const QJsonObject o = list.at(i).toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            if (it.key() != u"category"_s && it.key() != u"threshold"_s)
                return fail(prefix, path, CA::tr("unknown field \"%1\"").arg(it.key()));
            if (!it.value().isString())
                return fail(prefix, path + u'.' + it.key(), CA::tr("not a string"));
        }
        out->append(SafetySetting::fromJson(o));
    }
    return true;
}

bool Importer::checkTools(const QJsonValue &value, const QString &prefix, Tools *out)
{
    using CA = ConversationArchive;
    if (!value.isArray())
        return fail(prefix, u"tools"_s, CA::tr("not an array"));
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = u"tools[%1]"_s.arg(i);
        if (!list.at(i).isObject())
            return fail(prefix, path, CA::tr("not an object"));
        const QJsonObject o = list.at(i).toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            const QString key = snakeToCamel(it.key());
            if (key == u"functionDeclarations"_s) {
                if (!it.value().isArray())
                    return fail(prefix, path + u'.' + key, CA::tr("not an array"));
            } else if (key == u"googleSearch"_s || key == u"codeExecution"_s || key == u"urlContext"_s) {
                if (!it.value().isObject())
                    return fail(prefix, path + u'.' + key, CA::tr("not an object"));
            } else {
                return fail(prefix, path, CA::tr("the tool \"%1\" is not supported").arg(it.key()));
            }
        }
    }
    *out = Tools::fromJson(list);
    return true;
}

bool Importer::readRequest(
    const QJsonObject &request, const QString &prefix, const QString &model, ConversationRecord *out)
{
    using CA = ConversationArchive;
    GenerateContentRequest settings;
    QJsonValue contentsValue;
    for (auto it = request.constBegin(); it != request.constEnd(); ++it) {
        const QString key = snakeToCamel(it.key());
        const QJsonValue v = it.value();
        if (key == u"contents"_s) {
            contentsValue = v;
        } else if (key == u"systemInstruction"_s) {
            Content system;
            if (!checkContent(v, Use::System, prefix, key, &system, false))
                return false;
            system.role.clear();
            settings.systemInstruction = system;
        } else if (key == u"generationConfig"_s) {
            if (!checkGenerationConfig(v, prefix, &settings.generationConfig))
                return false;
        } else if (key == u"safetySettings"_s) {
            if (!checkSafety(v, prefix, &settings.safetySettings))
                return false;
        } else if (key == u"tools"_s) {
            if (!checkTools(v, prefix, &settings.tools))
                return false;
        } else if (key == u"toolConfig"_s) {
            if (!v.isObject())
                return fail(prefix, key, CA::tr("not an object"));
            settings.toolConfig = v.toObject();
        } else if (key == u"cachedContent"_s) {
            if (!v.isString())
                return fail(prefix, key, CA::tr("not a string"));
            settings.cachedContent = v.toString();
        } else {
            return fail(prefix, it.key(), CA::tr("not a field of a generateContent request"));
        }
    }
    if (!contentsValue.isArray())
        return fail(prefix, u"contents"_s, contentsValue.isUndefined() ? CA::tr("missing") : CA::tr("not an array"));
    const QJsonArray contents = contentsValue.toArray();
    if (contents.isEmpty())
        return fail(prefix, u"contents"_s, CA::tr("the conversation has no turns"));
    if (contents.size() > ConversationArchive::MaxTurns)
        return fail(prefix, u"contents"_s,
            CA::tr("%1 turns; at most %2 can be imported").arg(contents.size()).arg(ConversationArchive::MaxTurns));

    QList<ChatTurn> turns;
    turns.reserve(contents.size());
    for (qsizetype i = 0; i < contents.size(); ++i) {
        const QString path = u"contents[%1]"_s.arg(i);
        Content content;
        if (!checkContent(contents.at(i), Use::User, prefix, path, &content, true))
            return false;
        const bool user = content.role == u"user"_s;
        if (user != (i % 2 == 0)) {
            return fail(prefix, path + u".role"_s,
                i == 0 ? CA::tr("the first turn must be the user's")
                       : CA::tr("turns must alternate between \"user\" and \"model\""));
        }
        ChatTurn turn;
        turn.state = ChatTurn::State::Done;
        if (user) {
            turn.role = ChatTurn::Role::User;
            QStringList texts;
            QStringList remote;
            for (const Part &part : std::as_const(content.parts)) {
                if (part.kind == Part::Kind::Text) {
                    texts.append(part.text);
                } else if (part.kind == Part::Kind::InlineData) {
                    Attachment attachment;
                    attachment.bytes = part.data;
                    attachment.mimeType = part.mimeType;
                    attachment.displayName
                        = u"attachment-%1.%2"_s.arg(++m_attachmentNumber).arg(extensionFor(part.mimeType));
                    turn.attachments.append(attachment);
                    turn.attachmentParts.append(part);
                } else {
                    turn.attachmentParts.append(part);
                    remote.append(part.fileUri);
                }
            }
            turn.text = texts.join(u"\n\n"_s);
            QStringList notes;
            for (const QString &uri : std::as_const(remote))
                notes.append(CA::tr("The file %1 was on the server only; it may have expired.").arg(uri));
            turn.note = notes.join(u'\n');
        } else {
            turn.role = ChatTurn::Role::Model;
            turn.model = model;
            Candidate candidate;
            candidate.index = 0;
            candidate.content = content;
            candidate.finishReason = u"STOP"_s;
            turn.candidates.append(candidate);
        }
        turns.append(std::move(turn));
    }

    out->settings.model = model;
    out->settings.request = settings;
    out->turns = std::move(turns);
    return true;
}

bool Importer::readRecord(const QJsonObject &o, const QString &prefix, ConversationRecord *out)
{
    using CA = ConversationArchive;
    m_attachmentNumber = 0; // attachment-1, -2… within each conversation
    static const QSet<QString> known = {u"title"_s, u"created"_s, u"updated"_s, u"pinned"_s, u"model"_s, u"request"_s};
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return fail(prefix, it.key(), CA::tr("unknown field"));
    }
    const QJsonValue title = o.value("title"_L1);
    if (!title.isUndefined() && !title.isNull() && !title.isString())
        return fail(prefix, u"title"_s, CA::tr("not a string"));
    if (title.toString().contains(QChar(0)))
        return fail(prefix, u"title"_s, CA::tr("the text contains a NUL character"));
    const QJsonValue pinned = o.value("pinned"_L1);
    if (!pinned.isUndefined() && !pinned.isBool())
        return fail(prefix, u"pinned"_s, CA::tr("not true or false"));
    const QJsonValue model = o.value("model"_L1);
    if (!model.isUndefined() && !(model.isString() && isModelName(model.toString())))
        return fail(prefix, u"model"_s, CA::tr("not a model name"));
    ConversationRecord record;
    if (!checkTime(o, "created"_L1, prefix, &record.summary.created)
        || !checkTime(o, "updated"_L1, prefix, &record.summary.updated))
        return false;
    const QJsonValue request = o.value("request"_L1);
    if (!request.isObject())
        return fail(prefix, u"request"_s, request.isUndefined() ? CA::tr("missing") : CA::tr("not an object"));
    if (!readRequest(request.toObject(), prefix, model.toString(), &record))
        return false;

    record.summary.pinned = pinned.toBool();
    record.summary.model = record.settings.model;
    QString text;
    for (QChar c : title.toString())
        text += c.category() == QChar::Other_Control ? u' ' : c;
    record.summary.title = text.simplified();
    record.summary.titleSource = TitleSource::User; // a title someone chose or kept: not rewritten
    if (record.summary.title.isEmpty()) {
        record.summary.titleSource = TitleSource::Prompt;
        for (const ChatTurn &turn : std::as_const(record.turns)) {
            if (turn.isUser() && !turn.text.trimmed().isEmpty()) {
                record.summary.title = shortTitle(turn.text);
                break;
            }
        }
        if (record.summary.title.isEmpty())
            record.summary.title = CA::tr("Imported conversation");
    }
    for (ChatTurn &turn : record.turns)
        turn.created = record.summary.created;
    record.summary.turnCount = int(record.turns.size());
    *out = std::move(record);
    return true;
}

ConversationArchive::ImportResult refused(const QString &message)
{
    return {{}, message};
}

} // namespace

ConversationArchive::BlobReader ConversationArchive::readerFor(const BlobCache *blobs)
{
    return [blobs](const Attachment &attachment) -> QByteArray {
        if (!attachment.bytes.isEmpty())
            return attachment.bytes;
        if (attachment.path.isEmpty())
            return {};
        // A stored attachment's path is its blob: read it through the cache, which checks it.
        const QString name = QFileInfo(attachment.path).fileName();
        if (blobs && BlobCache::isValidHash(name)) {
            if (QByteArray bytes = blobs->read(name); !bytes.isEmpty())
                return bytes;
        }
        QFile file(attachment.path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return file.readAll();
    };
}

QByteArray ConversationArchive::toJson(const QList<ConversationRecord> &records, const BlobReader &read)
{
    QJsonArray conversations;
    for (const ConversationRecord &record : records) {
        Conversation conversation;
        for (ChatTurn turn : record.turns) {
            // Files that were uploaded expire: their bytes go inline when we have them and they fit.
            // Only when each part has its attachment (an imported remote file has none).
            if (turn.isUser() && read && turn.attachments.size() == turn.attachmentParts.size()) {
                for (qsizetype i = 0; i < turn.attachmentParts.size(); ++i) {
                    Part &part = turn.attachmentParts[i];
                    if (part.kind != Part::Kind::FileData)
                        continue;
                    const Attachment &attachment = turn.attachments.at(i);
                    if (attachment.bytes.isEmpty() && !attachment.path.isEmpty()
                        && QFileInfo(attachment.path).size() > InlineExportMaxBytes)
                        continue;
                    const QByteArray bytes = read(attachment);
                    if (bytes.isEmpty() || bytes.size() > InlineExportMaxBytes)
                        continue;
                    part.kind = Part::Kind::InlineData;
                    part.data = bytes;
                    part.fileUri.clear();
                    if (part.mimeType.isEmpty())
                        part.mimeType = attachment.mimeType;
                }
            }
            conversation.append(std::move(turn));
        }
        QJsonObject o;
        o.insert("title"_L1, record.summary.title);
        // An unknown time is left out (an import makes it "now") rather than written as "".
        if (record.summary.created.isValid())
            o.insert("created"_L1, isoTime(record.summary.created));
        if (record.summary.updated.isValid())
            o.insert("updated"_L1, isoTime(record.summary.updated));
        o.insert("pinned"_L1, record.summary.pinned);
        o.insert("model"_L1, record.settings.model);
        o.insert("request"_L1, conversation.request(record.settings.request).toJson());
        conversations.append(o);
    }
    QJsonObject document;
    document.insert("format"_L1, FormatName);
    document.insert("version"_L1, FormatVersion);
    document.insert("exported"_L1, isoTime(QDateTime::currentDateTimeUtc()));
    document.insert("conversations"_L1, conversations);
    return QJsonDocument(document).toJson(QJsonDocument::Indented);
}

ConversationArchive::ImportResult ConversationArchive::fromJson(const QByteArray &json)
{
    if (json.trimmed().isEmpty())
        return refused(tr("The file is empty."));
    if (json.size() > MaxImportBytes)
        return refused(tr("The file is too large to import (more than %1 MB).").arg(MaxImportBytes / 1000 / 1000));
    if (nestsDeeperThan(json, MaxDepth))
        return refused(
            tr("The file is nested more than %1 levels deep; it is not a conversation export.").arg(MaxDepth));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return refused(tr("The file is not valid JSON (%1 at byte %2); it may be truncated or damaged.")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
    if (!document.isObject())
        return refused(tr("The file holds a JSON %1, not a conversation export (an object).")
                           .arg(document.isArray() ? tr("array") : tr("value")));
    const QJsonObject root = document.object();

    Importer importer;
    if (!root.contains("format"_L1)) {
        // A bare generateContent request body, as sent with curl: one conversation.
        if (!root.contains("contents"_L1))
            return refused(tr("The file is not a conversation export: it has neither \"format\" nor \"contents\"."));
        ConversationRecord record;
        QJsonObject wrapper;
        wrapper.insert("request"_L1, root);
        if (!importer.readRecord(wrapper, QString(), &record))
            return refused(importer.error);
        return {{record}, {}};
    }

    const QJsonValue format = root.value("format"_L1);
    if (!format.isString() || format.toString() != FormatName)
        return refused(tr("The file's format is \"%1\", not \"%2\".")
                           .arg(format.isString() ? format.toString() : tr("(not a string)"), FormatName));
    const QJsonValue version = root.value("version"_L1);
    const double number = version.toDouble(-1);
    if (!version.isDouble() || number != std::floor(number) || number < 1)
        return refused(tr("The file's \"version\" is missing or not a version number."));
    if (number > FormatVersion)
        return refused(tr("The file is of version %1, made by a newer Alhena; this one reads version %2.")
                           .arg(qint64(number))
                           .arg(FormatVersion));
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (it.key() != u"format"_s && it.key() != u"version"_s && it.key() != u"exported"_s
            && it.key() != u"conversations"_s)
            return refused(tr("%1: unknown field").arg(it.key()));
    }
    const QJsonValue conversations = root.value("conversations"_L1);
    if (!conversations.isArray())
        return refused(tr("conversations: %1").arg(conversations.isUndefined() ? tr("missing") : tr("not an array")));
    const QJsonArray list = conversations.toArray();
    if (list.size() > MaxConversations)
        return refused(tr("The file holds %1 conversations; at most %2 can be imported at once.")
                           .arg(list.size())
                           .arg(MaxConversations));

    ImportResult result;
    result.records.reserve(list.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString prefix = tr("conversation %1").arg(i + 1);
        if (!list.at(i).isObject())
            return refused(tr("%1: not an object").arg(prefix));
        ConversationRecord record;
        if (!importer.readRecord(list.at(i).toObject(), prefix, &record))
            return refused(importer.error);
        result.records.append(std::move(record));
    }
    return result;
}

ConversationArchive::ImportResult ConversationArchive::readFile(const QString &path)
{
    QFile file(path);
    const QFileInfo info(path);
    if (!info.exists())
        return refused(tr("%1 does not exist.").arg(QDir::toNativeSeparators(path)));
    if (!info.isFile())
        return refused(tr("%1 is not a file.").arg(QDir::toNativeSeparators(path)));
    if (info.size() > MaxImportBytes)
        return refused(tr("%1 is too large to import (%2 MB; at most %3 MB).")
                           .arg(QDir::toNativeSeparators(path))
                           .arg(info.size() / 1000 / 1000)
                           .arg(MaxImportBytes / 1000 / 1000));
    if (!file.open(QIODevice::ReadOnly))
        return refused(tr("%1 cannot be read: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    // The size may have changed since it was checked: never read more than the limit.
    const QByteArray bytes = file.read(MaxImportBytes + 1);
    if (bytes.size() > MaxImportBytes)
        return refused(tr("%1 is too large to import.").arg(QDir::toNativeSeparators(path)));
    return fromJson(bytes);
}

QString ConversationArchive::safeFileName(const QString &title)
{
    return safeName(title, MaxNameLength, u"Conversation"_s);
}

QString ConversationArchive::toMarkdown(const ConversationRecord &record, const QStringList &attachmentLinks)
{
    QString md;
    const QString title = record.summary.title.simplified();
    md += u"# "_s + (title.isEmpty() ? tr("Conversation") : title) + u"\n\n"_s;
    if (!record.settings.model.isEmpty())
        md += u"- "_s + tr("Model: %1").arg(record.settings.model) + u'\n';
    if (record.summary.created.isValid())
        md += u"- "_s + tr("Created: %1").arg(record.summary.created.toUTC().toString(u"yyyy-MM-dd HH:mm 'UTC'"_s))
            + u'\n';
    if (const auto temperature = record.settings.request.generationConfig.temperature)
        md += u"- "_s + tr("Temperature: %1").arg(*temperature) + u'\n';
    md += u'\n';
    if (record.settings.request.systemInstruction) {
        const QString system = record.settings.request.systemInstruction->text().trimmed();
        if (!system.isEmpty())
            md += quoteBlock(system) + u"\n\n"_s;
    }

    qsizetype attachmentIndex = 0;
    for (const ChatTurn &turn : record.turns) {
        if (turn.isUser()) {
            md += u"## "_s + tr("You") + u"\n\n"_s;
            if (!turn.text.isEmpty())
                md += turn.text.trimmed() + u"\n\n"_s;
            for (const Attachment &attachment : turn.attachments) {
                const QString name = escapeLinkText(
                    attachment.displayName.isEmpty() ? QFileInfo(attachment.path).fileName() : attachment.displayName);
                const QString link = attachmentLinks.value(attachmentIndex++);
                const bool image = MediaTypes::category(attachment.mimeType) == MediaTypes::Category::Image
                    || attachment.mimeType.startsWith(u"image/"_s);
                if (link.isEmpty())
                    md += u"*"_s + tr("Attachment: %1").arg(name) + u"*\n\n"_s;
                else
                    md += (image ? u"!["_s : u"["_s) + name + u"]("_s + markdownLinkTarget(link) + u")\n\n"_s;
            }
            if (turn.attachments.size() != turn.attachmentParts.size()) {
                for (const Part &part : turn.attachmentParts) {
                    if (part.kind == Part::Kind::FileData)
                        md += u"*"_s + tr("File on the server: %1").arg(part.fileUri) + u"*\n\n"_s;
                }
            }
        } else {
            const QString model = turn.model.isEmpty() ? record.settings.model : turn.model;
            md += u"## "_s + (model.isEmpty() ? tr("Gemini") : tr("Gemini (%1)").arg(model)) + u"\n\n"_s;
            if (const QString thoughts = turn.thoughts().trimmed(); !thoughts.isEmpty())
                md += u"<details>\n<summary>"_s + tr("Thoughts") + u"</summary>\n\n"_s + thoughts
                    + u"\n\n</details>\n\n"_s;
            if (const QString text = turn.markdown().trimmed(); !text.isEmpty())
                md += text + u"\n\n"_s;
            if (const QString notice = turn.notice(); !notice.isEmpty())
                md += u"*"_s + notice.simplified() + u"*\n\n"_s;
        }
        if (!turn.note.isEmpty())
            md += quoteBlock(turn.note) + u"\n\n"_s;
    }
    while (md.endsWith(u"\n\n"_s))
        md.chop(1);
    return md;
}

QString ConversationArchive::writeMarkdown(
    const ConversationRecord &record, const QString &folder, const BlobReader &read, QString *error)
{
    auto failed = [error](const QString &message) {
        if (error)
            *error = message;
        return QString();
    };
    QDir dir(folder);
    if (folder.isEmpty() || (!dir.exists() && !dir.mkpath(u"."_s)))
        return failed(tr("The folder %1 cannot be created.").arg(QDir::toNativeSeparators(folder)));
    const QString root = QFileInfo(dir.absolutePath()).canonicalFilePath();

    // A name free both for the Markdown file and its attachment folder.
    const QString base = safeFileName(record.summary.title);
    QString name = base;
    // A dangling symbolic link does not "exist" but is taken all the same.
    auto taken = [&](const QString &fileName) {
        const QFileInfo info(dir.filePath(fileName));
        return info.exists() || info.isSymLink();
    };
    for (int n = 2; taken(name + u".md"_s) || taken(name + u".files"_s); ++n) {
        if (n > 10000)
            return failed(tr("No free file name for %1 in %2.").arg(base, QDir::toNativeSeparators(folder)));
        name = u"%1 (%2)"_s.arg(base).arg(n);
    }
    const QString mdPath = dir.filePath(name + u".md"_s);
    const QString filesName = name + u".files"_s;
    QDir filesDir(dir.filePath(filesName));
    bool madeFilesDir = false;
    bool madeMarkdown = false; // only what this export created is removed when it fails

    auto abandon = [&](const QString &message) {
        if (madeFilesDir)
            filesDir.removeRecursively();
        if (madeMarkdown)
            QFile::remove(mdPath);
        return failed(message);
    };

    QStringList links;
    QSet<QString> used; // lower case: some file systems do not tell case apart
    int number = 0;
    for (const ChatTurn &turn : record.turns) {
        if (!turn.isUser())
            continue;
        for (const Attachment &attachment : turn.attachments) {
            ++number;
            const QString given
                = attachment.displayName.isEmpty() ? QFileInfo(attachment.path).fileName() : attachment.displayName;
            // The extension is kept apart so that shortening never cuts it off.
            QString suffix = QFileInfo(given).suffix();
            static const QRegularExpression safeSuffix(u"^[A-Za-z0-9]{1,10}$"_s);
            if (!safeSuffix.match(suffix).hasMatch())
                suffix = attachment.mimeType.isEmpty() ? QString() : extensionFor(attachment.mimeType);
            QString stem = QFileInfo(given).suffix() == suffix ? QFileInfo(given).completeBaseName() : given;
            stem = safeName(stem, MaxNameLength - 12, u"attachment-%1"_s.arg(number));
            const QString dot = suffix.isEmpty() ? QString() : u"."_s + suffix;
            QString fileName = stem + dot;
            for (int n = 2; used.contains(fileName.toLower()); ++n)
                fileName = u"%1 (%2)%3"_s.arg(stem).arg(n).arg(dot);
            if (fileName.size() > MaxNameLength + 10 || fileName.contains(u'/') || fileName.contains(u'\\')
                || fileName.startsWith(u'.'))
                return abandon(tr("Cannot make a safe file name for %1.").arg(given));

            if (!madeFilesDir) {
                if (!dir.mkdir(filesName))
                    return abandon(tr("The folder %1 cannot be created.").arg(filesDir.path()));
                madeFilesDir = true;
            }
            const QString target = filesDir.filePath(fileName);
            if (QFileInfo(QFileInfo(target).absolutePath()).canonicalFilePath()
                != QFileInfo(dir.filePath(filesName)).canonicalFilePath())
                return abandon(tr("Refusing to write %1 outside %2.").arg(fileName, folder));
            bool written = false;
            if (attachment.bytes.isEmpty() && !attachment.path.isEmpty() && QFileInfo(attachment.path).isFile()) {
                written = QFile::copy(attachment.path, target); // streams any size
            } else {
                const QByteArray bytes = read ? read(attachment) : attachment.bytes;
                if (!bytes.isEmpty()) {
                    QFile out(target);
                    written = out.open(QIODevice::WriteOnly | QIODevice::NewOnly) && out.write(bytes) == bytes.size();
                }
            }
            if (!written) {
                QFile::remove(target);
                links.append(QString()); // not available: named, not linked
                continue;
            }
            used.insert(fileName.toLower());
            links.append(filesName + u'/' + fileName);
        }
    }

    QFile file(mdPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return abandon(tr("%1 cannot be written: %2").arg(QDir::toNativeSeparators(mdPath), file.errorString()));
    madeMarkdown = true;
    const QByteArray text = toMarkdown(record, links).toUtf8() + '\n';
    if (file.write(text) != text.size() || !file.flush()) {
        file.close();
        return abandon(tr("%1 cannot be written: %2").arg(QDir::toNativeSeparators(mdPath), file.errorString()));
    }
    file.close();
    if (QFileInfo(QFileInfo(mdPath).absolutePath()).canonicalFilePath() != root) {
        return abandon(tr("Refusing to write outside %1.").arg(QDir::toNativeSeparators(folder)));
    }
    return mdPath;
}
