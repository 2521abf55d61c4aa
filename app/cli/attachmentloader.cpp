#include "attachmentloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace {

struct WireType
{
    QLatin1StringView detected; // a QMimeDatabase name or alias
    QLatin1StringView wire;     // what Gemini is sent
};

// Gemini's inline types (gemini-api.md §10) by the names shared-mime-info gives them. Looked up
// with the detected type's name, then its aliases, then its ancestors (audio/x-vorbis+ogg is an
// audio/ogg); anything else that is text is sent as text/plain.
constexpr WireType wireTypes[] = {
    {"image/png"_L1, "image/png"_L1},
    {"image/jpeg"_L1, "image/jpeg"_L1},
    {"image/webp"_L1, "image/webp"_L1},
    {"image/heif"_L1, "image/heif"_L1}, // shared-mime-info: image/heic is an alias of image/heif
    {"audio/x-wav"_L1, "audio/wav"_L1},
    {"audio/mpeg"_L1, "audio/mpeg"_L1}, // recorded as accepted; the docs also list audio/mp3
    {"audio/x-aiff"_L1, "audio/aiff"_L1},
    {"audio/aac"_L1, "audio/aac"_L1},
    {"audio/ogg"_L1, "audio/ogg"_L1},
    {"audio/flac"_L1, "audio/flac"_L1},
    {"application/pdf"_L1, "application/pdf"_L1},
    {"application/json"_L1, "text/plain"_L1}, // before application/javascript, its ancestor
    {"text/html"_L1, "text/html"_L1},
    {"text/css"_L1, "text/css"_L1},
    {"text/csv"_L1, "text/csv"_L1},
    {"application/xml"_L1, "text/xml"_L1},
    {"application/rtf"_L1, "text/rtf"_L1},
    {"application/javascript"_L1, "text/javascript"_L1},
    {"text/x-python"_L1, "text/x-python"_L1},
    {"text/markdown"_L1, "text/md"_L1},
    {"text/plain"_L1, "text/plain"_L1},
};

QString lookUp(const QString &name)
{
    for (const WireType &t : wireTypes) {
        if (name == t.detected)
            return t.wire;
    }
    return {};
}

qint64 base64Size(qint64 bytes)
{
    return (bytes + 2) / 3 * 4;
}

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1);
}

} // namespace

AttachmentLoader::AttachmentLoader(qint64 requestBytes)
    : m_requestBytes(requestBytes)
{ }

QString AttachmentLoader::wireMimeType(const QMimeType &type)
{
    if (!type.isValid())
        return {};
    QStringList names {type.name()};
    names += type.aliases();
    names += type.allAncestors();
    for (const QString &name : std::as_const(names)) {
        if (const QString wire = lookUp(name); !wire.isEmpty())
            return wire;
    }
    return {};
}

QString AttachmentLoader::acceptedTypesText()
{
    return tr("images (PNG, JPEG, WebP, HEIC/HEIF), audio (WAV, MP3, AIFF, AAC, OGG, FLAC), PDF, and text (plain, "
              "HTML, CSS, CSV, XML, RTF, JavaScript, Python, Markdown; other text files are sent as text/plain)");
}

QMimeType AttachmentLoader::detect(const QString &path, const QByteArray &bytes) const
{
    const QMimeType byContent = m_mimeDatabase.mimeTypeForData(bytes);
    if (byContent.name() != "text/plain"_L1)
        return byContent;
    // The content only says "text": the name tells Python from CSV. Never let the name turn text
    // into something else.
    const QMimeType byName = m_mimeDatabase.mimeTypeForFile(path, QMimeDatabase::MatchExtension);
    if (byName.isValid() && byName.inherits(u"text/plain"_s))
        return byName;
    return byContent;
}

bool AttachmentLoader::load(const QStringList &paths, QList<Part> *parts, QString *error)
{
    for (const QString &path : paths) {
        if (!loadOne(path, parts, error))
            return false;
    }
    return true;
}

bool AttachmentLoader::loadOne(const QString &path, QList<Part> *parts, QString *error)
{
    const QString shown = QDir::toNativeSeparators(path);
    const QFileInfo info(path);
    if (!info.exists()) {
        *error = tr("Cannot attach %1: the file does not exist.").arg(shown);
        return false;
    }
    if (info.isDir()) {
        *error = tr("Cannot attach %1: it is a directory.").arg(shown);
        return false;
    }
    if (!info.isFile()) {
        *error = tr("Cannot attach %1: it is not a regular file.").arg(shown);
        return false;
    }
    auto tooLarge = [&](qint64 fileBytes) {
        const qint64 total = m_requestBytes + base64Size(fileBytes);
        if (total <= InlineLimitBytes)
            return false;
        *error = tr("Cannot attach %1: with it the request would carry %2 MB, over the %3 MB limit for inline data. "
                    "Larger files need the Gemini Files API, which alhena-cli does not support yet.")
                     .arg(shown, megabytes(total), megabytes(InlineLimitBytes));
        return true;
    };
    if (tooLarge(info.size())) // before reading a huge file into memory
        return false;

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot attach %1: %2.").arg(shown, file.errorString());
        return false;
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        *error = tr("Cannot attach %1: %2.").arg(shown, file.errorString());
        return false;
    }
    if (bytes.isEmpty()) {
        *error = tr("Cannot attach %1: the file is empty.").arg(shown);
        return false;
    }
    if (tooLarge(bytes.size())) // it grew while being read
        return false;

    const QMimeType type = detect(path, bytes);
    const QString wire = wireMimeType(type);
    if (wire.isEmpty()) {
        *error = tr("Cannot attach %1: its type is %2, which Gemini does not take inline. Accepted are %3.")
                     .arg(shown, type.name(), acceptedTypesText());
        return false;
    }
    m_requestBytes += base64Size(bytes.size());
    parts->append(Part::fromInlineData(wire, bytes));
    return true;
}
