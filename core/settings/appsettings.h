#pragma once

#include "preferences.h"

#include <QObject>
#include <QString>

#include <memory>

class QSettings;

// The application's settings file (QSettings in INI format, under QStandardPaths' config location)
// and the Preferences read from it. Opening never fails: a file that cannot be parsed or read is
// moved aside (renamed to "<name>.corrupt-<yyyyMMdd-hhmmss>", so nothing the user had is lost) and
// the defaults are used; values out of range fall back one by one. loadNote() says what happened, in
// plain words, for the window to show once.
class AppSettings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppSettings)

public:
    explicit AppSettings(const QString &path = defaultPath(), QObject *parent = nullptr);
    ~AppSettings() override;

    // <GenericConfigLocation>/Alhena/Alhena.conf (~/.config/Alhena/Alhena.conf on Linux).
    static QString defaultPath();
    // Where conversations, attachments and caches are kept (QStandardPaths::AppDataLocation).
    static QString dataFolder();

    QString path() const { return m_path; }
    // The file itself, for the parts of the app that keep their own keys in it (presets, last model).
    QSettings *settings() const { return m_settings.get(); }
    // Non-empty when the file was damaged or some values fell back to defaults.
    QString loadNote() const { return m_loadNote; }
    // Non-empty when the last setPreferences() could not be saved (a read-only folder, a full disk):
    // the values still apply until the app quits.
    QString writeProblem() const { return m_writeProblem; }

    const Preferences &preferences() const { return m_preferences; }
    // Writes and applies: emits preferencesChanged(new, old) when anything differs. Values out of
    // range are refused (returns false, nothing changes).
    bool setPreferences(const Preferences &preferences);

    // A settings file larger than this is not settings (QSettings would read all of it into memory):
    // it is treated as damaged and moved aside.
    static constexpr qint64 MaxFileBytes = 10LL * 1024 * 1024;

Q_SIGNALS:
    void preferencesChanged(const Preferences &current, const Preferences &previous);

private:
    // Why the file at m_path cannot be used as it is (empty when it can, or does not exist).
    QString damage() const;
    // Renames the file aside; the new name, or empty when it could not be moved.
    QString moveAside() const;

    QString m_path;
    std::unique_ptr<QSettings> m_settings;
    Preferences m_preferences;
    QString m_loadNote;
    QString m_writeProblem;
};
