#include "appsettings.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

AppSettings::AppSettings(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
{
    QString why = damage();
    if (why.isEmpty()) {
        m_settings = std::make_unique<QSettings>(m_path, QSettings::IniFormat);
        // Qt 6.4 splits the file into [sections] when it opens it (an unclosed "[group" is a
        // FormatError then) but parses the lines of a section only when a key is asked for: a line
        // without "=" or a "#" comment is a FormatError only after that. Parse everything now.
        (void)m_settings->allKeys();
        if (m_settings->status() == QSettings::FormatError)
            why = tr("it is not in the settings format");
        else if (m_settings->status() == QSettings::AccessError)
            why = tr("it cannot be read");
        if (!why.isEmpty())
            m_settings.reset();
    }
    if (!why.isEmpty()) {
        const QString kept = moveAside();
        m_settings = std::make_unique<QSettings>(m_path, QSettings::IniFormat);
        if (kept.isEmpty()) {
            // Its values are not trusted: the defaults stay. A rename fails when the folder is not
            // writable, and then QSettings' atomic save (a new file in that folder) cannot replace it either.
            m_loadNote = tr("The settings file %1 is damaged (%2) and could not be moved aside. The default settings "
                            "are used, and changes may not be saved.")
                             .arg(QDir::toNativeSeparators(m_path), why);
            return;
        }
        m_loadNote = tr("The settings file %1 was damaged (%2). It was kept as %3, and the default settings are "
                        "used.")
                         .arg(QDir::toNativeSeparators(m_path), why, QDir::toNativeSeparators(kept));
    }

    QStringList problems;
    m_preferences = Preferences::read(*m_settings, &problems);
    if (!problems.isEmpty()) {
        const QString note
            = tr("Some settings could not be used and were reset to their defaults:\n%1").arg(problems.join(u'\n'));
        m_loadNote = m_loadNote.isEmpty() ? note : m_loadNote + u"\n\n" + note;
    }
}

AppSettings::~AppSettings() = default;

QString AppSettings::damage() const
{
    const QFileInfo info(m_path);
    if (!info.exists() && !info.isSymLink())
        return {};
    if (info.isDir())
        return tr("a folder is in its place");
    if (info.size() > MaxFileBytes)
        return tr("it is %1 MB large, far more than any settings file").arg(info.size() / (1024 * 1024));
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("it cannot be read: %1").arg(file.errorString());
    // Qt's INI reader takes a NUL byte as part of a key; no settings file has one.
    if (file.readAll().contains('\0'))
        return tr("it contains binary data");
    return {};
}

QString AppSettings::moveAside() const
{
    const QString base = m_path + u".corrupt-"_s + QDateTime::currentDateTime().toString(u"yyyyMMdd-hhmmss"_s);
    QString target = base;
    for (int n = 2; QFileInfo::exists(target) || QFileInfo(target).isSymLink(); ++n) {
        if (n > 1000)
            return {};
        target = base + u'-' + QString::number(n);
    }
    // QDir::rename moves a folder as well as a file.
    if (!QDir().rename(m_path, target))
        return {};
    return target;
}

QString AppSettings::defaultPath()
{
    // The file QSettings() used for organization and application "Alhena", so settings carry over.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/Alhena/Alhena.conf"_s;
}

QString AppSettings::dataFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

bool AppSettings::setPreferences(const Preferences &preferences)
{
    if (!preferences.problem().isEmpty())
        return false;
    if (preferences == m_preferences)
        return true;
    preferences.write(*m_settings);
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError) {
        m_writeProblem = tr("The settings could not be saved to %1. They apply until Alhena is closed.")
                             .arg(QDir::toNativeSeparators(m_path));
    } else {
        m_writeProblem.clear();
    }
    const Preferences previous = std::exchange(m_preferences, preferences);
    Q_EMIT preferencesChanged(m_preferences, previous);
    return true;
}
