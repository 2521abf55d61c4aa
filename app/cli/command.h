#pragma once

#include "api/apierror.h"
#include "api/generaterequest.h"
#include "chat/attachmentplanner.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class ApiCall;
class CommandLine;
class QNetworkAccessManager;
class Console;
class GeminiClient;
class RemoteFileRegistry;
class UploadProgress;
class UploadQueue;

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
    // By default this cancels the attachments being uploaded, or the call given to track().
    virtual void interrupt();

    // Where the API key came from ("GEMINI_API_KEY"), named when the server rejects the key.
    // Where the key came from, for messages: "the GEMINI_API_KEY environment variable", "the system keychain".
    void setKeySource(const QString &source) { m_keySource = source; }

    // The default model of generate and count-tokens: ALHENA_MODEL, else gemini-2.5-flash.
    static QString defaultModel();

    // How long a command waits, at most, for the server to answer the cancel of its uploads.
    static constexpr int CancelGraceMs = 5000;

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
    // turn with the prompt text. The files are checked here (a bad one is a usage error before anything
    // is sent) and added by sendWithAttachments(). nullopt when done, else the exit code.
    std::optional<int> readTurn(GenerateContentRequest *request);
    // Resolves the --attach files with an AttachmentPlanner (inline while the request stays under the
    // inline limit, else uploaded through the Files API with progress on stderr, reused when the same
    // content is already there, and awaited until ACTIVE), puts their parts before the text of the
    // request's user turn, then calls send. On a failure the command finishes with the error.
    void sendWithAttachments(GeminiClient *client, GenerateContentRequest *request, std::function<void()> send);
    // The Files API helpers over client, made once: the registry, the upload queue (which reuses
    // content already uploaded) and its progress display on stderr.
    void setUpFiles(GeminiClient *client);
    // Finishes with exitCode once no upload runs any more and the server has answered the cancel
    // command of every cancelled upload (or after a few seconds at most).
    void finishWhenUploadsStopped(int exitCode);
    void finish(int exitCode);

    bool m_interrupted = false;
    RemoteFileRegistry *m_registry = nullptr;
    UploadQueue *m_queue = nullptr;
    UploadProgress *m_progress = nullptr;
    AttachmentPlanner *m_planner = nullptr;
    QList<Attachment> m_attachments; // --attach, checked by readTurn()
    qint64 m_requestBytes = 0;       // the rest of the request, for the inline budget
    qint64 m_inlineLimitBytes = AttachmentPlanner::DefaultInlineLimitBytes; // --inline-limit

    const CommandLine &m_commandLine;
    Console *m_console;
    QString m_keySource;
    bool m_json = false;
    bool m_finished = false;

private:
    void finishIfUploadsStopped();

    QPointer<ApiCall> m_trackedCall;
    QPointer<QNetworkAccessManager> m_nam;
    QHash<int, int> m_uploadStates; // queue id -> the last ResumableUpload::State seen: had it a session?
    int m_cancelsInFlight = 0;      // cancel commands sent and not answered yet
    std::optional<int> m_exitWhenStopped;
};
