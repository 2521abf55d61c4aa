#include "blobcache.h"

#include "files/filehasher.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

// Layout: <folder>/<ab>/<sha256> holds the bytes; <folder>/<ab>/<sha256>.size holds their length in
// decimal. The sidecar is written after the blob, so a blob without it (a crash between the two) or
// with another length (truncated by something else, or emptied by a crash before the data reached
// the disk) counts as absent and is simply written again by the next put.

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(BlobCache)
};

constexpr qint64 BlockBytes = 1024 * 1024;
constexpr qint64 MaxSidecarBytes = 32;
// A temporary file this old belongs to no put still running: a crash left it.
constexpr qint64 StrayTempAgeSecs = 60 * 60;

const QString SizeSuffix = u".size"_s;

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QString subfolderOf(const QString &folder, const QString &sha256)
{
    return folder + u'/' + sha256.left(2);
}

QString blobPathOf(const QString &folder, const QString &sha256)
{
    return subfolderOf(folder, sha256) + u'/' + sha256;
}

// The length recorded for a blob, or -1.
qint64 recordedSize(const QString &blobPath)
{
    QFile sidecar(blobPath + SizeSuffix);
    if (!sidecar.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray text = sidecar.read(MaxSidecarBytes).trimmed();
    bool ok = false;
    const qint64 size = text.toLongLong(&ok);
    return ok && size >= 0 ? size : -1;
}

bool makeSubfolder(const QString &folder, const QString &sha256, QString *error)
{
    const QString subfolder = subfolderOf(folder, sha256);
    if (QFileInfo(subfolder).isDir() || QDir().mkpath(subfolder))
        return true;
    setError(error,
        Tr::tr("Cannot create the attachment folder %1. Check that the disk is writable and not full.")
            .arg(shown(subfolder)));
    return false;
}

bool writeSidecar(const QString &blobPath, qint64 size, QString *error)
{
    QSaveFile sidecar(blobPath + SizeSuffix);
    if (!sidecar.open(QIODevice::WriteOnly) || sidecar.write(QByteArray::number(size)) < 0 || !sidecar.commit()) {
        setError(error, Tr::tr("Cannot write %1: %2.").arg(shown(sidecar.fileName()), sidecar.errorString()));
        return false;
    }
    return true;
}

bool isBlobName(const QString &name)
{
    return BlobCache::isValidHash(name);
}

bool isSidecarName(const QString &name)
{
    return name.size() == 64 + SizeSuffix.size() && name.endsWith(SizeSuffix) && BlobCache::isValidHash(name.left(64));
}

} // namespace

BlobCache::BlobCache(const QString &folder)
    : m_folder(folder)
{ }

bool BlobCache::isValidHash(const QString &sha256)
{
    if (sha256.size() != 64)
        return false;
    for (const QChar c : sha256) {
        const char16_t u = c.unicode();
        if (!((u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f')))
            return false;
    }
    return true;
}

QString BlobCache::put(const QByteArray &bytes, QString *error) const
{
    FileHasher::Sha256 hasher;
    hasher.addData(bytes);
    const QString sha256 = QString::fromLatin1(hasher.resultHex());
    if (!isValidHash(sha256)) {
        setError(error, Tr::tr("Cannot compute the SHA-256 of an attachment."));
        return {};
    }
    if (!pathOf(sha256).isEmpty())
        return sha256;
    if (m_folder.isEmpty()) {
        setError(error, Tr::tr("No folder is set for attachments."));
        return {};
    }
    if (!makeSubfolder(m_folder, sha256, error))
        return {};

    // QSaveFile writes a temporary file beside the target, syncs it and renames it over the target:
    // concurrent puts of the same bytes each rename a complete copy, and a reader sees one or the other.
    const QString blobPath = blobPathOf(m_folder, sha256);
    QSaveFile file(blobPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        setError(error, Tr::tr("Cannot write %1: %2.").arg(shown(blobPath), file.errorString()));
        return {};
    }
    if (!writeSidecar(blobPath, bytes.size(), error))
        return {};
    return sha256;
}

QString BlobCache::putFile(const QString &path, QString *error) const
{
    if (path.isEmpty()) {
        setError(error, Tr::tr("No file was given to store."));
        return {};
    }
    if (QFileInfo(path).isDir()) {
        setError(error, Tr::tr("Cannot read %1: it is a folder.").arg(shown(path)));
        return {};
    }
    // Hashing first costs a read but no write when the blob is already there (the common case: the
    // same file attached again); the copy below hashes again what it actually copies, in case the
    // file changed in between.
    ApiError hashError;
    const QString known = QString::fromLatin1(FileHasher::sha256Hex(path, &hashError));
    if (hashError.isError() || known.isEmpty()) {
        setError(error, hashError.isError() ? hashError.userMessage() : Tr::tr("Cannot read %1.").arg(shown(path)));
        return {};
    }
    if (!pathOf(known).isEmpty())
        return known;
    if (m_folder.isEmpty()) {
        setError(error, Tr::tr("No folder is set for attachments."));
        return {};
    }
    if (!makeSubfolder(m_folder, known, error))
        return {};

    QFile source(path);
    if (!source.open(QIODevice::ReadOnly)) {
        setError(error, Tr::tr("Cannot read %1: %2.").arg(shown(path), source.errorString()));
        return {};
    }
    const QString blobPath = blobPathOf(m_folder, known);
    QSaveFile target(blobPath);
    if (!target.open(QIODevice::WriteOnly)) {
        setError(error, Tr::tr("Cannot write %1: %2.").arg(shown(blobPath), target.errorString()));
        return {};
    }
    FileHasher::Sha256 hasher;
    QByteArray block(BlockBytes, Qt::Uninitialized);
    qint64 copied = 0;
    for (;;) {
        const qint64 n = source.read(block.data(), BlockBytes);
        if (n < 0) {
            setError(error, Tr::tr("Cannot read %1: %2.").arg(shown(path), source.errorString()));
            target.cancelWriting();
            return {};
        }
        if (n == 0)
            break;
        hasher.addData(QByteArrayView(block.constData(), n));
        if (target.write(block.constData(), n) != n) {
            setError(error, Tr::tr("Cannot write %1: %2.").arg(shown(blobPath), target.errorString()));
            target.cancelWriting();
            return {};
        }
        copied += n;
    }
    const QString sha256 = QString::fromLatin1(hasher.resultHex());
    if (sha256 != known) {
        target.cancelWriting();
        setError(error, Tr::tr("%1 changed while it was being stored; please attach it again.").arg(shown(path)));
        return {};
    }
    if (!target.commit()) {
        setError(error, Tr::tr("Cannot write %1: %2.").arg(shown(blobPath), target.errorString()));
        return {};
    }
    if (!writeSidecar(blobPath, copied, error))
        return {};
    return sha256;
}

QString BlobCache::pathOf(const QString &sha256) const
{
    if (!isValidHash(sha256) || m_folder.isEmpty())
        return {};
    const QString blobPath = blobPathOf(m_folder, sha256);
    const QFileInfo info(blobPath);
    if (!info.isFile())
        return {};
    const qint64 expected = recordedSize(blobPath);
    if (expected < 0 || info.size() != expected)
        return {};
    return blobPath;
}

QByteArray BlobCache::read(const QString &sha256) const
{
    const QString blobPath = pathOf(sha256);
    if (blobPath.isEmpty())
        return {};
    QFile file(blobPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    // Replaced or truncated between pathOf() and here: absent rather than wrong.
    if (bytes.size() != recordedSize(blobPath))
        return {};
    return bytes;
}

int BlobCache::collectGarbage(const QSet<QString> &keep) const
{
    if (m_folder.isEmpty())
        return 0;
    static const QRegularExpression subfolderName(u"^[0-9a-f]{2}$"_s);
    const QDateTime strayBefore = QDateTime::currentDateTimeUtc().addSecs(-StrayTempAgeSecs);
    int removed = 0;
    const QDir root(m_folder);
    const QStringList subfolders = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QString &sub : subfolders) {
        // Only what this class made: a folder a user put here by mistake is left alone.
        if (!subfolderName.match(sub).hasMatch())
            continue;
        QDir dir(root.filePath(sub));
        const QFileInfoList entries = dir.entryInfoList(QDir::Files | QDir::Hidden | QDir::System);
        for (const QFileInfo &entry : entries) {
            const QString name = entry.fileName();
            if (isBlobName(name)) {
                if (keep.contains(name))
                    continue;
                QFile::remove(entry.filePath() + SizeSuffix);
                if (QFile::remove(entry.filePath()))
                    ++removed;
            } else if (isSidecarName(name)) {
                const QString blob = name.left(64);
                if (!QFileInfo::exists(dir.filePath(blob)))
                    QFile::remove(entry.filePath());
            } else if (name.startsWith(sub) && entry.lastModified().toUTC() < strayBefore) {
                // A temporary file of a put that never finished (QSaveFile names them after the target).
                QFile::remove(entry.filePath());
            }
        }
    }
    return removed;
}
