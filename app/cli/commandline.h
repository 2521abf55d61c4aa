#pragma once

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The command line of alhena-cli: global options, one command, its options and arguments, and the
// help text built from the same tables, so every option is documented.
//  * Global options may come before or after the command; a command's options only after it.
//  * "--name value" and "--name=value"; "-" is an argument (stdin); "--" ends the options.
//  * A command may have two words ("files upload"): the first names a group of commands.
//  * An unknown option, a missing value or a flag given a value is a usage error. Errors never
//    repeat an option's value: a mistyped "--api-key=…" must not echo the key.
class CommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    struct Option
    {
        QString name;      // without the leading "--"
        QString valueName; // empty for a flag
        QString description;
        bool repeatable = false;
    };

    struct Command
    {
        QString name;
        QString arguments; // "[PROMPT]", "TEXT...", empty
        QString summary;
        QString description;
        QList<Option> options;
    };

    static QList<Option> globalOptions();
    static QList<Command> commands();
    static std::optional<Command> findCommand(const QString &name);

    // Parses the arguments after the program name. Returns false on a usage error (errorMessage()).
    bool parse(const QStringList &arguments);

    QString command() const { return m_command; }
    // --help, -h, or "help [COMMAND]"; helpTopic() is the command (or group) whose help is wanted (may be empty).
    bool helpRequested() const { return m_help; }
    QString helpTopic() const;
    bool versionRequested() const { return m_version; }
    QStringList positionalArguments() const { return m_positionals; }
    QString errorMessage() const { return m_error; }

    bool isSet(const QString &name) const { return m_values.contains(name); }
    QString value(const QString &name) const;
    QStringList values(const QString &name) const { return m_values.value(name); }
    // The option's value as a number: nullopt without an error when the option is not set; nullopt
    // and a message in *error when the value is not a number.
    std::optional<int> intValue(const QString &name, QString *error) const;
    std::optional<double> doubleValue(const QString &name, QString *error) const;

    // Whether name is the first word of several commands ("files" of "files upload", "files list"...).
    static bool isGroup(const QString &name);
    // "upload, list, get, delete or wait" for the group "files".
    static QString groupCommandWords(const QString &group);
    // "generate, models, count-tokens, embed and files" ("... or files" for alternatives)
    static QString commandWords(bool alternatives = false);

    // The whole help (empty command), or the help of one command or group of commands.
    static QString helpText(const QString &command = {});
    // One line pointing at the help, for usage errors.
    static QString helpHint(const QString &command = {});

private:
    std::optional<Option> findOption(const QString &name) const;
    bool fail(const QString &message);

    QString m_command;
    QHash<QString, QStringList> m_values; // a flag has one empty value
    QStringList m_positionals;
    bool m_help = false;
    bool m_version = false;
    QString m_error;
};
