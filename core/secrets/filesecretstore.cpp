#include "filesecretstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMetaObject>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace {
constexpr QFileDevice::Permissions OwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions OthersAny = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
    | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

SecretError failed(const QString &detail)
{
    return {SecretError::Kind::Failed, detail};
}

struct Contents
{
    QJsonObject secrets;
    SecretError error;
};

// The file as it is on disk; a missing file is an empty object. Anything unexpected is Failed, so
// that a write never replaces a file we do not understand.
Contents load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return {};
    const QFileInfo info(path);
    if (!info.isFile())
        return {{}, failed(u"%1 is not a regular file"_s.arg(path))};
    if (info.size() > FileSecretStore::MaxFileBytes)
        return {{}, failed(u"%1 is larger than 1 MiB; it is not a secrets file"_s.arg(path))};
    if (info.permissions() & OthersAny) {
        qCWarning(lcSecrets) << "secrets file" << path << "was readable by others; making it readable only by you";
        if (!file.setPermissions(OwnerOnly))
            qCWarning(lcSecrets) << "could not tighten the permissions of" << path << file.errorString();
    }
    if (!file.open(QIODevice::ReadOnly))
        return {{}, failed(u"cannot open %1: %2"_s.arg(path, file.errorString()))};
    // One byte past the limit tells a file that grew since the size check.
    const QByteArray bytes = file.read(FileSecretStore::MaxFileBytes + 1);
    if (bytes.size() > FileSecretStore::MaxFileBytes)
        return {{}, failed(u"%1 is larger than 1 MiB; it is not a secrets file"_s.arg(path))};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return {{},
            failed(u"%1 is damaged (not valid JSON: %2 at offset %3)"_s.arg(path, parseError.errorString())
                       .arg(parseError.offset))};
    if (!document.isObject())
        return {{}, failed(u"%1 is damaged (not a JSON object)"_s.arg(path))};
    const QJsonObject secrets = document.object();
    for (auto it = secrets.begin(); it != secrets.end(); ++it) {
        if (!it.value().isString())
            return {{}, failed(u"%1 is damaged (the value of \"%2\" is not a string)"_s.arg(path, it.key()))};
    }
    return {secrets, {}};
}

// Makes the missing folders of path's parent, each 0700: the secrets are the only reason we make them.
SecretError makeFolder(const QString &path)
{
    QDir dir = QFileInfo(path).absoluteDir();
    QStringList missing;
    for (QDir d = dir; !d.exists(); d = QFileInfo(d.absolutePath()).absoluteDir()) {
        missing.prepend(d.absolutePath());
        if (d.isRoot())
            break;
    }
    for (const QString &folder : std::as_const(missing)) {
        if (!QDir().mkdir(folder) && !QFileInfo(folder).isDir())
            return failed(u"cannot create the folder %1"_s.arg(folder));
        if (!QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
            return failed(u"cannot make the folder %1 private"_s.arg(folder));
    }
    return {};
}

SecretError save(const QString &path, const QJsonObject &secrets)
{
    if (const SecretError error = makeFolder(path); !error.ok())
        return error;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    // QSaveFile makes a new file with the umask's mode (often 0644): close it to others before any
    // secret is in it.
    if (!file.setPermissions(OwnerOnly)) {
        file.cancelWriting();
        return failed(u"cannot make %1 readable only by you: %2"_s.arg(path, file.errorString()));
    }
    file.write(QJsonDocument(secrets).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return failed(u"cannot write %1: %2"_s.arg(path, file.errorString()));
    return {};
}
} // namespace

FileSecretStore::FileSecretStore(const QString &path, QObject *parent)
    : SecretStore(parent)
    , m_path(path)
{ }

QString FileSecretStore::defaultPath()
{
    // Beside the settings file, whichever program asks (the desktop app and alhena-cli have other names).
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + "/Alhena/secrets.json"_L1;
}

QString FileSecretStore::description() const
{
    return tr("a file only you can read (%1)").arg(QDir::toNativeSeparators(m_path));
}

bool FileSecretStore::exists() const
{
    return QFileInfo::exists(m_path);
}

// The file is touched when the answer is due, in call order: a read after a write sees the write.
void FileSecretStore::read(const QString &name)
{
    QMetaObject::invokeMethod(
        this,
        [this, name] {
            const Contents contents = load(m_path);
            SecretError error = contents.error;
            QString value;
            if (error.ok()) {
                if (contents.secrets.contains(name))
                    value = contents.secrets.value(name).toString();
                else
                    error = {SecretError::Kind::NotFound, u"no secret named %1 in %2"_s.arg(name, m_path)};
            }
            if (error.kind == SecretError::Kind::Failed)
                qCWarning(lcSecrets) << "reading" << name << "from the file failed:" << error.detail;
            Q_EMIT readFinished(name, value, error);
        },
        Qt::QueuedConnection);
}

void FileSecretStore::write(const QString &name, const QString &value)
{
    QMetaObject::invokeMethod(
        this,
        [this, name, value] {
            Contents contents = load(m_path);
            SecretError error = contents.error;
            if (error.ok()) {
                contents.secrets.insert(name, value);
                error = save(m_path, contents.secrets);
            }
            if (error.ok())
                qCDebug(lcSecrets) << "saved" << name << "in" << m_path;
            else
                qCWarning(lcSecrets) << "saving" << name << "in the file failed:" << error.detail;
            Q_EMIT writeFinished(name, error);
        },
        Qt::QueuedConnection);
}

void FileSecretStore::remove(const QString &name)
{
    QMetaObject::invokeMethod(
        this,
        [this, name] {
            Contents contents = load(m_path);
            SecretError error = contents.error;
            if (error.ok() && contents.secrets.contains(name)) {
                contents.secrets.remove(name);
                if (contents.secrets.isEmpty()) {
                    QFile file(m_path);
                    if (!file.remove())
                        error = failed(u"cannot delete %1: %2"_s.arg(m_path, file.errorString()));
                } else {
                    error = save(m_path, contents.secrets);
                }
                if (error.ok())
                    qCDebug(lcSecrets) << "removed" << name << "from" << m_path;
            }
            if (!error.ok())
                qCWarning(lcSecrets) << "removing" << name << "from the file failed:" << error.detail;
            Q_EMIT removeFinished(name, error);
        },
        Qt::QueuedConnection);
}
