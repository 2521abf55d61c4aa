#include "uploadsource.h"

#include "mediatypes.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(UploadSource)
};

// The Files API keeps display names up to 512 characters (gemini-api.md §7.1).
constexpr qsizetype MaxDisplayNameChars = 512;

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1);
}

QString clippedDisplayName(QString name)
{
    name = name.trimmed();
    if (name.size() <= MaxDisplayNameChars)
        return name;
    qsizetype cut = MaxDisplayNameChars;
    if (name.at(cut - 1).isHighSurrogate())
        --cut; // never split a character
    return name.left(cut);
}

ApiError refused(const QString &path, const QString &why)
{
    //: %1 is a file path, %2 says what is wrong with it
    return ApiError::localFile(Tr::tr("Cannot upload %1: %2").arg(shown(path), why));
}

} // namespace

UploadSource UploadSource::inspect(const QString &path, const QString &mimeOverride, const QString &displayName)
{
    UploadSource source;
    const QFileInfo info(path);
    source.path = path.isEmpty() ? QString() : info.absoluteFilePath();
    source.displayName = clippedDisplayName(displayName.isEmpty() ? info.fileName() : displayName);

    if (path.isEmpty()) {
        source.error = ApiError::localFile(Tr::tr("Cannot upload: no file was given."));
        return source;
    }
    if (!info.exists()) {
        source.error = refused(path, Tr::tr("the file does not exist."));
        return source;
    }
    if (info.isDir()) {
        source.error = refused(path, Tr::tr("it is a folder, not a file."));
        return source;
    }
    if (!info.isFile()) {
        source.error = refused(path, Tr::tr("it is not a regular file (a device, a pipe or a socket)."));
        return source;
    }
    source.size = info.size();
    source.modified = info.lastModified();

    QFile file(source.path);
    if (!file.open(QIODevice::ReadOnly)) {
        source.error = refused(path, Tr::tr("it cannot be read (%1).").arg(file.errorString()));
        return source;
    }
    if (source.size == 0) {
        source.error = refused(path, Tr::tr("the file is empty."));
        return source;
    }
    if (source.size > MaxBytes) {
        source.error = refused(path,
            Tr::tr("it is %1, larger than the %2 the Gemini Files API accepts for one file.")
                .arg(sizeText(source.size), sizeText(MaxBytes)));
        return source;
    }
    file.close();

    if (!mimeOverride.trimmed().isEmpty()) {
        source.mimeType = MediaTypes::normalize(mimeOverride);
        if (source.mimeType.isEmpty()) {
            source.error = refused(path,
                Tr::tr("the type “%1” is not one Gemini accepts. Accepted are:\n%2")
                    .arg(mimeOverride.trimmed(), MediaTypes::acceptedSummary()));
        }
        return source;
    }

    const QString detected = MediaTypes::detect(source.path);
    if (detected.isEmpty()) {
        source.error = refused(path, Tr::tr("its content cannot be read."));
        return source;
    }
    source.mimeType = MediaTypes::normalize(detected);
    if (source.mimeType.isEmpty()) {
        source.error = refused(path,
            Tr::tr("its content is of type %1, which Gemini does not accept. Accepted are:\n%2")
                .arg(detected, MediaTypes::acceptedSummary()));
    }
    return source;
}

bool UploadSource::unchangedOnDisk(ApiError *why) const
{
    const QFileInfo info(path);
    QString problem;
    if (!info.exists() || !info.isFile())
        problem = Tr::tr("Cannot finish uploading %1: the file was removed or renamed while it was being uploaded.")
                      .arg(shown(path));
    else if (info.size() != size || info.lastModified() != modified)
        problem = Tr::tr("Cannot finish uploading %1: the file changed while it was being uploaded. Upload it again "
                         "to send its current content.")
                      .arg(shown(path));
    if (problem.isEmpty())
        return true;
    if (why)
        *why = ApiError::localFile(problem);
    return false;
}
