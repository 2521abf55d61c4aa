#pragma once

#include "secretstore.h"

#include <QJsonObject>

// Secrets in a plain file that only the user can read (mode 0600), for machines with no working
// keychain, and only when the user chose it after a warning (Credentials never picks it alone).
// The file is a JSON object {"gemini-api-key": "...", ...}, written atomically (QSaveFile) with
// 0600 set before any secret is written, in a folder made 0700 when Alhena creates it. A file that
// others can read is tightened to 0600 when read, and a warning is logged. A file that is not a JSON
// object, or is over 1 MiB, reads as Failed (the file is left as it is, never overwritten by a write:
// the write fails too, so nothing the user had is lost). Operations answer asynchronously.
class FileSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileSecretStore)

public:
    explicit FileSecretStore(const QString &path, QObject *parent = nullptr);

    // "Alhena/secrets.json" in the config folder (~/.config/Alhena/secrets.json), beside the settings
    // file, the same path for the desktop app and alhena-cli.
    static QString defaultPath();

    QString description() const override; // "a file only you can read (<path>)"
    QString path() const { return m_path; }
    // Whether the file exists (it is only made by a write).
    bool exists() const;

    void read(const QString &name) override;
    void write(const QString &name, const QString &value) override;
    void remove(const QString &name) override; // the file is deleted when its last secret goes

    static constexpr qint64 MaxFileBytes = 1024 * 1024;

private:
    QString m_path;
};
