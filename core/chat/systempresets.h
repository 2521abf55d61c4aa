#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

class QSettings;

// A named system instruction the user saved to reuse.
struct SystemPreset
{
    QString name;
    QString text;
    friend bool operator==(const SystemPreset &, const SystemPreset &) = default;
};

// The saved system-instruction presets, kept in the settings (group "systemPresets") so they survive
// a restart. Names are trimmed, unique without regard to case, at most MaxNameLength characters;
// texts at most MaxTextLength. A damaged entry in the settings is skipped, never a crash. Inside a
// name, runs of white space (and control characters) become one space.
// When the settings cannot be written (QSettings::status() is not NoError) the list in memory is
// kept for the session and a warning is logged.
class SystemPresets final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemPresets)

public:
    static constexpr int MaxNameLength = 80;
    static constexpr int MaxTextLength = 1000000;

    enum class Result {
        Ok,
        EmptyName,
        NameTooLong,
        TextTooLong,
        NameTaken, // another preset has this name
        NotFound,
    };
    Q_ENUM(Result)

    // The settings must outlive the presets; they are read now and written on every change.
    explicit SystemPresets(QSettings *settings, QObject *parent = nullptr);

    // Sorted by name, without regard to case.
    QList<SystemPreset> presets() const { return m_presets; }
    std::optional<SystemPreset> find(const QString &name) const;
    // Creates a preset, or replaces the text of the one with this name (whose spelling stays).
    // Saving the text a preset already has changes nothing and emits nothing.
    Result save(const QString &name, const QString &text);
    Result rename(const QString &from, const QString &to);
    Result remove(const QString &name);
    // The result in plain words, for the user ("A preset named “x” exists already."); empty for Ok.
    static QString resultText(Result result, const QString &name = {});

Q_SIGNALS:
    void changed();

private:
    void load();
    void store();
    int indexOf(const QString &name) const;

    QSettings *m_settings;
    QList<SystemPreset> m_presets;
};
