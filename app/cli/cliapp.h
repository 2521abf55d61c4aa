#pragma once

#include "clientconfig.h"
#include "commandline.h"
#include "console.h"

#include <QObject>
#include <QStringList>

#include <optional>

class Command;
class Credentials;
class GeminiClient;
class InterruptWatcher;

// alhena-cli without its main(): parses the command line, answers --help and --version, resolves
// the endpoint, the key and the client settings, prepares the command (all before a client exists
// or anything is sent), then runs it and reports its exit code through finished().
// The key: GEMINI_API_KEY, else GOOGLE_API_KEY; else, with Credentials given, the key the desktop
// app saved (the keychain, or the 0600 file the user chose), read asynchronously by start().
class CliApp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CliApp)

public:
    explicit CliApp(const QStringList &arguments, QObject *parent = nullptr);
    ~CliApp() override;

    // Where to look for a saved key when the environment has none; must outlive this object.
    void setCredentials(Credentials *credentials) { m_credentials = credentials; }

    // nullopt when start() should follow; otherwise the program is done with this exit code
    // (help, version, or an error that was reported).
    std::optional<int> prepare();
    // The settings for the GeminiClient that start() is given; valid after prepare().
    const ClientConfig &clientConfig() const { return m_config; }
    // Runs the command; finished() follows exactly once. Ctrl-C cancels it (exit code 130).
    void start(GeminiClient *client);

Q_SIGNALS:
    void finished(int exitCode);

private:
    std::optional<int> readGlobalOptions();
    std::optional<int> readApiKey();
    int reportMissingKey(const QString &why);
    // The saved key arrived (or not): runs the command, or reports what is missing.
    void onCredentialsLoaded(GeminiClient *client);
    void run(GeminiClient *client);

    QStringList m_arguments;
    Console m_console;
    CommandLine m_commandLine;
    ClientConfig m_config;
    Command *m_command = nullptr;
    InterruptWatcher *m_interrupts = nullptr;
    Credentials *m_credentials = nullptr;
    bool m_keyFromCredentials = false; // no key in the environment: start() reads the saved one
};
