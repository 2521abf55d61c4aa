#pragma once

#include "api/apierror.h"
#include "api/generaterequest.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <optional>

class ApiCall;
class CommandLine;
class Console;
class GeminiClient;

// One alhena-cli command. prepare() checks the arguments and reads the local input (stdin, files)
// before anything is sent; start() sends the request(s) and ends with finished(exitCode) exactly once.
class Command : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Command)

public:
    Command(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    // nullopt when ready to start; otherwise the exit code, after the reason was printed.
    virtual std::optional<int> prepare() = 0;
    virtual void start(GeminiClient *client) = 0;
    // Ctrl-C: cancel what is running, keep what was printed, finish with ExitCode::Interrupted.
    // By default this cancels the call given to track().
    virtual void interrupt();

    // Where the API key came from ("GEMINI_API_KEY"), named when the server rejects the key.
    void setKeySource(const QString &variable) { m_keySource = variable; }

    // The default model of generate and count-tokens: ALHENA_MODEL, else gemini-2.5-flash.
    static QString defaultModel();

Q_SIGNALS:
    void finished(int exitCode);

protected:
    // Reports a usage problem on stderr and returns ExitCode::Usage.
    int usageError(const QString &message) const;
    // Reports a failed request: the plain-language message on stderr (and the JSON error on stdout
    // when --json was given); returns its exit code.
    int reportError(const ApiError &error, const QJsonObject &partial = {}) const;
    // Shows "retrying in N s (reason)…" for every retry of `call`, unless --quiet.
    void showRetries(ApiCall *call, int maxAttempts);
    // The one request of a command: shown while retrying, cancelled by interrupt().
    void track(ApiCall *call, int maxAttempts);
    // For a request's completion: true (and the command finished) when it was interrupted or failed.
    bool endedWithoutResult(const ApiError &error);
    void noteRetry(int nextAttempt, int maxAttempts, qint64 delayMs, const ApiError &error) const;
    // Reads the prompt: the argument, or stdin for "-" or no argument when stdin is not a terminal.
    // Returns nullopt (after printing why) when there is none.
    std::optional<QString> readPrompt(const QStringList &arguments, bool allowEmpty) const;
    // --system, the prompt and the --attach files into request: the system instruction and one user
    // turn (the files first, then the prompt text). nullopt when done, else the exit code.
    std::optional<int> readTurn(GenerateContentRequest *request) const;
    void finish(int exitCode);

    bool m_interrupted = false;

    const CommandLine &m_commandLine;
    Console *m_console;
    QString m_keySource;
    bool m_json = false;
    bool m_finished = false;

private:
    QPointer<ApiCall> m_trackedCall;
};
