#include "mediatypes.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>

using namespace Qt::StringLiterals;

namespace {

using Category = MediaTypes::Category;

struct Accepted
{
    QLatin1StringView name; // the spelling Gemini is sent
    Category category;
    QLatin1StringView label; // for acceptedSummary(); empty: the same label as the entry before (an alias)
};

// gemini-api.md §10, in the order the summary lists them.
constexpr Accepted acceptedTypes[] = {
    {"image/png"_L1, Category::Image, "PNG"_L1},
    {"image/jpeg"_L1, Category::Image, "JPEG"_L1},
    {"image/webp"_L1, Category::Image, "WebP"_L1},
    {"image/heic"_L1, Category::Image, "HEIC"_L1},
    {"image/heif"_L1, Category::Image, "HEIF"_L1},
    {"audio/wav"_L1, Category::Audio, "WAV"_L1},
    {"audio/mp3"_L1, Category::Audio, "MP3"_L1},
    {"audio/mpeg"_L1, Category::Audio, {}}, // MP3 as recorded from the real server
    {"audio/aiff"_L1, Category::Audio, "AIFF"_L1},
    {"audio/aac"_L1, Category::Audio, "AAC"_L1},
    {"audio/ogg"_L1, Category::Audio, "OGG"_L1},
    {"audio/flac"_L1, Category::Audio, "FLAC"_L1},
    {"video/mp4"_L1, Category::Video, "MP4"_L1},
    {"video/mpeg"_L1, Category::Video, "MPEG"_L1},
    {"video/mov"_L1, Category::Video, "MOV"_L1},
    {"video/avi"_L1, Category::Video, "AVI"_L1},
    {"video/x-flv"_L1, Category::Video, "FLV"_L1},
    {"video/mpg"_L1, Category::Video, "MPG"_L1},
    {"video/webm"_L1, Category::Video, "WebM"_L1},
    {"video/wmv"_L1, Category::Video, "WMV"_L1},
    {"video/3gpp"_L1, Category::Video, "3GPP"_L1},
    {"application/pdf"_L1, Category::Document, "PDF"_L1},
    {"text/plain"_L1, Category::Text, "plain text"_L1},
    {"text/html"_L1, Category::Text, "HTML"_L1},
    {"text/css"_L1, Category::Text, "CSS"_L1},
    {"text/csv"_L1, Category::Text, "CSV"_L1},
    {"text/xml"_L1, Category::Text, "XML"_L1},
    {"text/rtf"_L1, Category::Text, "RTF"_L1},
    {"text/javascript"_L1, Category::Text, "JavaScript"_L1},
    {"application/x-javascript"_L1, Category::Text, {}},
    {"text/x-python"_L1, Category::Text, "Python"_L1},
    {"application/x-python"_L1, Category::Text, {}},
    {"text/md"_L1, Category::Text, "Markdown"_L1},
};

struct Alias
{
    QLatin1StringView from; // a name shared-mime-info, a browser or a user may give
    QLatin1StringView to;   // one of acceptedTypes
};

// Other spellings of accepted types: shared-mime-info's names and aliases (what QMimeDatabase
// detects) and common variants. audio/mp4 (.m4a) is AAC in an MP4 container; Gemini lists AAC.
constexpr Alias aliases[] = {
    {"image/jpg"_L1, "image/jpeg"_L1},
    {"image/pjpeg"_L1, "image/jpeg"_L1},
    {"image/x-png"_L1, "image/png"_L1},
    {"audio/x-wav"_L1, "audio/wav"_L1},
    {"audio/wave"_L1, "audio/wav"_L1},
    {"audio/vnd.wave"_L1, "audio/wav"_L1},
    {"audio/x-pn-wav"_L1, "audio/wav"_L1},
    {"audio/x-mp3"_L1, "audio/mpeg"_L1},
    {"audio/x-mpeg"_L1, "audio/mpeg"_L1},
    {"audio/x-mpg"_L1, "audio/mpeg"_L1},
    {"audio/mpeg3"_L1, "audio/mpeg"_L1},
    {"audio/x-mpeg-3"_L1, "audio/mpeg"_L1},
    {"audio/mpga"_L1, "audio/mpeg"_L1},
    {"audio/x-aiff"_L1, "audio/aiff"_L1},
    {"audio/aif"_L1, "audio/aiff"_L1},
    {"audio/x-aif"_L1, "audio/aiff"_L1},
    {"audio/x-aac"_L1, "audio/aac"_L1},
    {"audio/aacp"_L1, "audio/aac"_L1},
    {"audio/mp4"_L1, "audio/aac"_L1},
    {"audio/x-m4a"_L1, "audio/aac"_L1},
    {"audio/m4a"_L1, "audio/aac"_L1},
    {"audio/x-ogg"_L1, "audio/ogg"_L1},
    {"audio/vorbis"_L1, "audio/ogg"_L1},
    {"audio/x-vorbis"_L1, "audio/ogg"_L1},
    {"audio/x-vorbis+ogg"_L1, "audio/ogg"_L1},
    {"audio/x-opus+ogg"_L1, "audio/ogg"_L1},
    {"audio/x-flac+ogg"_L1, "audio/ogg"_L1},
    {"audio/x-speex+ogg"_L1, "audio/ogg"_L1},
    {"audio/x-flac"_L1, "audio/flac"_L1},
    {"video/x-m4v"_L1, "video/mp4"_L1},
    {"video/mp4v-es"_L1, "video/mp4"_L1},
    {"video/x-mpeg"_L1, "video/mpeg"_L1},
    {"video/x-mpeg2"_L1, "video/mpeg"_L1},
    {"video/mpeg-system"_L1, "video/mpeg"_L1},
    {"video/x-mpeg-system"_L1, "video/mpeg"_L1},
    {"video/quicktime"_L1, "video/mov"_L1},
    {"video/x-msvideo"_L1, "video/avi"_L1},
    {"video/msvideo"_L1, "video/avi"_L1},
    {"video/x-avi"_L1, "video/avi"_L1},
    {"video/vnd.avi"_L1, "video/avi"_L1},
    {"video/flv"_L1, "video/x-flv"_L1},
    {"application/x-flash-video"_L1, "video/x-flv"_L1},
    {"video/x-ms-wmv"_L1, "video/wmv"_L1},
    {"video/3gp"_L1, "video/3gpp"_L1},
    {"application/x-pdf"_L1, "application/pdf"_L1},
    {"application/xml"_L1, "text/xml"_L1},
    {"application/x-xml"_L1, "text/xml"_L1},
    {"application/rtf"_L1, "text/rtf"_L1},
    {"application/javascript"_L1, "text/javascript"_L1},
    {"application/ecmascript"_L1, "text/javascript"_L1},
    {"text/ecmascript"_L1, "text/javascript"_L1},
    {"text/x-python3"_L1, "text/x-python"_L1},
    {"text/x-script.python"_L1, "text/x-python"_L1},
    {"text/markdown"_L1, "text/md"_L1},
    {"text/x-markdown"_L1, "text/md"_L1},
    {"text/x-csv"_L1, "text/csv"_L1},
    {"text/x-comma-separated-values"_L1, "text/csv"_L1},
};

const Accepted *findAccepted(QStringView name)
{
    for (const Accepted &a : acceptedTypes) {
        if (name == a.name)
            return &a;
    }
    return nullptr;
}

// The accepted spelling for a name from the two tables alone; empty when neither knows it.
QString lookUp(QStringView name)
{
    if (const Accepted *a = findAccepted(name))
        return a->name;
    for (const Alias &a : aliases) {
        if (name == a.from)
            return a.to;
    }
    return {};
}

// "Text/Plain; charset=UTF-8 " -> "text/plain"
QString bareName(const QString &mimeType)
{
    QString name = mimeType.section(u';', 0, 0).trimmed().toLower();
    return name;
}

QMimeDatabase database()
{
    return QMimeDatabase(); // a cheap handle over Qt's shared, locked cache: safe from any thread
}

bool isText(const QMimeType &type)
{
    return type.isValid() && (type.name() == "text/plain"_L1 || type.inherits(u"text/plain"_s));
}

// The content decides; the name only says which kind of text a text file is, or names an audio or
// video format whose content shared-mime-info could not recognise (raw AAC, MP3 without an ID3 tag
// have weak magic). Images and PDFs always carry their magic: one without it is not what its name
// says, so the name does not vouch for it. A name never turns binary data into text.
QString refine(const QMimeType &byContent, const QString &fileName)
{
    if (!byContent.isValid())
        return {};
    if (fileName.isEmpty())
        return byContent.name();
    const QString name = byContent.name();
    if (name == "text/plain"_L1) {
        const QMimeType byName = database().mimeTypeForFile(fileName, QMimeDatabase::MatchExtension);
        if (isText(byName))
            return byName.name();
        return name;
    }
    if (byContent.isDefault()) { // application/octet-stream: no magic matched
        const QMimeType byName = database().mimeTypeForFile(fileName, QMimeDatabase::MatchExtension);
        const bool weakMagic = byName.name().startsWith("audio/"_L1) || byName.name().startsWith("video/"_L1);
        if (byName.isValid() && !byName.isDefault() && !isText(byName) && weakMagic)
            return byName.name();
    }
    return name;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("MediaTypes", text);
}

} // namespace

namespace MediaTypes {

QStringList accepted()
{
    QStringList names;
    for (const Accepted &a : acceptedTypes)
        names.append(a.name);
    return names;
}

QString acceptedSummary()
{
    struct Group
    {
        Category category;
        QString title;
    };
    const Group groups[] = {
        {Category::Image, tr("Images")},
        {Category::Audio, tr("Audio")},
        {Category::Video, tr("Video")},
        {Category::Document, tr("Documents")},
        {Category::Text, tr("Text")},
    };
    QStringList lines;
    for (const Group &g : groups) {
        QStringList labels;
        for (const Accepted &a : acceptedTypes) {
            if (a.category == g.category && !a.label.isEmpty())
                labels.append(a.category == Category::Text && a.name == "text/plain"_L1 ? tr("plain text") : a.label);
        }
        QString line = g.title + u": "_s + labels.join(u", "_s);
        if (g.category == Category::Text)
            line += tr(", and other text files such as source code, JSON or YAML (sent as plain text)");
        lines.append(line);
    }
    return lines.join(u'\n');
}

QString normalize(const QString &mimeType)
{
    const QString name = bareName(mimeType);
    if (name.isEmpty())
        return {};
    if (QString known = lookUp(name); !known.isEmpty())
        return known;

    const QMimeType type = database().mimeTypeForName(name);
    if (type.isValid()) {
        QStringList names {type.name()};
        names += type.aliases();
        for (const QString &n : std::as_const(names)) {
            if (QString known = lookUp(n); !known.isEmpty())
                return known;
        }
        // JSON is a kind of JavaScript to shared-mime-info; to Gemini it is plain text.
        if (type.name() == "application/json"_L1 || type.inherits(u"application/json"_s))
            return u"text/plain"_s;
        const QStringList ancestors = type.allAncestors();
        for (const QString &n : ancestors) {
            if (n == "text/plain"_L1)
                break; // nearer ancestors first: an SVG is XML before it is text
            if (QString known = lookUp(n); !known.isEmpty())
                return known;
        }
        if (isText(type))
            return u"text/plain"_s;
        return {};
    }
    if (name.startsWith("text/"_L1))
        return u"text/plain"_s; // a text type nobody registered: still text
    return {};
}

bool isAccepted(const QString &mimeType)
{
    return !normalize(mimeType).isEmpty();
}

Category category(const QString &mimeType)
{
    const QString name = normalize(mimeType);
    if (const Accepted *a = findAccepted(name))
        return a->category;
    return Category::Unsupported;
}

QString detect(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QMimeType byContent = database().mimeTypeForData(&file);
    if (file.error() != QFileDevice::NoError)
        return {};
    return refine(byContent, QFileInfo(path).fileName());
}

QString detectData(const QByteArray &bytes, const QString &fileNameHint)
{
    return refine(database().mimeTypeForData(bytes), QFileInfo(fileNameHint).fileName());
}

} // namespace MediaTypes
