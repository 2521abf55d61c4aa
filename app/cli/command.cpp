#include "command.h"

#include "apicall.h"
#include "cliformat.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "files/uploadsource.h"
#include "geminiclient.h"
#include "uploadprogress.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

Command::Command(const CommandLine &commandLine, Console *console, QObject *parent)
    : QObject(parent)
    , m_commandLine(commandLine)
    , m_console(console)
    , m_json(commandLine.isSet(u"json"_s))
{ }

QString Command::defaultModel()
{
    const QString fromEnvironment = qEnvironmentVariable("ALHENA_MODEL").trimmed();
    return fromEnvironment.isEmpty() ? u"gemini-2.5-flash"_s : fromEnvironment;
}

int Command::usageError(const QString &message) const
{
    m_console->error(message);
    return ExitCode::Usage;
}

int Command::reportError(const ApiError &error, const QJsonObject &partial) const
{
    QString message = CliFormat::errorMessage(error);
    if (error.kind == ApiError::Kind::InvalidKey && !m_keySource.isEmpty())
        message += u' ' + tr("The key was read from %1.").arg(m_keySource);
    if (m_json)
        m_console->writeBytes(CliFormat::errorJson(error, partial, message));
    m_console->error(message);
    return CliFormat::exitCodeFor(error);
}

void Command::noteRetry(int nextAttempt, int maxAttempts, qint64 delayMs, const ApiError &error) const
{
    m_console->note(CliFormat::retryNote(nextAttempt, maxAttempts, delayMs, error));
}

void Command::track(ApiCall *call, int maxAttempts)
{
    m_trackedCall = call;
    showRetries(call, maxAttempts);
}

bool Command::endedWithoutResult(const ApiError &error)
{
    if (m_interrupted) {
        finish(ExitCode::Interrupted);
        return true;
    }
    if (error.isError()) {
        finish(reportError(error));
        return true;
    }
    return false;
}

void Command::interrupt()
{
    m_interrupted = true;
    if (m_planner && m_planner->isBusy()) {
        const bool uploading = m_queue && !m_queue->isIdle();
        m_planner->cancel();
        if (m_progress)
            m_progress->stop();
        // Otherwise it was waiting for the server to process an uploaded file, which stays there.
        m_console->info(uploading ? tr("(interrupted: the uploads were cancelled)") : tr("(interrupted)"));
        finishWhenUploadsStopped(ExitCode::Interrupted);
        return;
    }
    if (m_trackedCall && m_trackedCall->isRunning())
        m_trackedCall->cancel(); // its callback gets a Cancelled error and finishes
    else
        finish(ExitCode::Interrupted);
}

void Command::showRetries(ApiCall *call, int maxAttempts)
{
    connect(call, &ApiCall::retrying, this, [this, maxAttempts](int nextAttempt, qint64 delayMs, const ApiError &e) {
        noteRetry(nextAttempt, maxAttempts, delayMs, e);
    });
}

std::optional<QString> Command::readPrompt(const QStringList &arguments, bool allowEmpty) const
{
    if (arguments.size() > 1) {
        usageError(tr("Give the prompt as one argument, in quotes: alhena-cli %1 \"%2 ...\"")
                       .arg(m_commandLine.command(), arguments.first()));
        return std::nullopt;
    }
    QString prompt;
    const bool fromStdin = arguments.isEmpty() ? !Console::stdinIsTerminal() : arguments.first() == "-"_L1;
    if (fromStdin) {
        prompt = QString::fromUtf8(Console::readStdin());
        // "echo hi |" ends the prompt with a newline that nobody meant to send.
        while (prompt.endsWith(u'\n') || prompt.endsWith(u'\r'))
            prompt.chop(1);
    } else if (!arguments.isEmpty()) {
        prompt = arguments.first();
    } else {
        usageError(tr("No prompt: give it as an argument, or pipe it on stdin (echo hi | alhena-cli %1). %2")
                       .arg(m_commandLine.command(), CommandLine::helpHint(m_commandLine.command())));
        return std::nullopt;
    }
    if (prompt.trimmed().isEmpty() && !allowEmpty) {
        usageError(fromStdin ? tr("The prompt read from stdin is empty.") : tr("The prompt is empty."));
        return std::nullopt;
    }
    return prompt;
}

std::optional<int> Command::readTurn(GenerateContentRequest *request)
{
    qint64 requestBytes = 0;
    if (m_commandLine.isSet(u"system"_s)) {
        const QString system = m_commandLine.value(u"system"_s);
        if (system.trimmed().isEmpty())
            return usageError(tr("The system instruction is empty."));
        request->systemInstruction = Content {QString(), {Part::fromText(system)}};
        requestBytes += system.toUtf8().size();
    }
    if (m_commandLine.isSet(u"inline-limit"_s)) {
        QString error;
        const std::optional<double> megabytes = m_commandLine.doubleValue(u"inline-limit"_s, &error);
        if (!megabytes)
            return usageError(error);
        if (*megabytes < 0 || *megabytes * 1000 * 1000 > double(AttachmentPlanner::MaxInlineLimitBytes))
            return usageError(tr("--inline-limit takes megabytes from 0 to %1, not %2.")
                                  .arg(AttachmentPlanner::MaxInlineLimitBytes / 1000 / 1000)
                                  .arg(m_commandLine.value(u"inline-limit"_s)));
        m_inlineLimitBytes = qint64(*megabytes * 1000 * 1000);
    }
    const QStringList attachments = m_commandLine.values(u"attach"_s);
    const std::optional<QString> prompt = readPrompt(m_commandLine.positionalArguments(), !attachments.isEmpty());
    if (!prompt)
        return ExitCode::Usage;
    requestBytes += prompt->toUtf8().size();

    // Every file is checked before anything is sent; AttachmentPlanner checks them again when it reads them.
    for (const QString &path : attachments) {
        const UploadSource source = UploadSource::inspect(path);
        if (!source.isValid())
            return usageError(source.error.userMessage());
        m_attachments.append(Attachment {path, {}, {}, {}});
    }
    m_requestBytes = requestBytes;
    Content turn {u"user"_s, {}};
    if (!prompt->isEmpty())
        turn.parts.append(Part::fromText(*prompt));
    request->contents = {turn};
    return std::nullopt;
}

void Command::setUpFiles(GeminiClient *client)
{
    if (m_queue)
        return;
    m_registry = new RemoteFileRegistry(client, this);
    m_queue = new UploadQueue(client, this);
    m_queue->setReuseLookup(
        [registry = QPointer<RemoteFileRegistry>(m_registry)](const QByteArray &sha256Hex, qint64 size,
            QObject *context, std::function<void(const std::optional<RemoteFile> &)> answer) {
            if (registry)
                registry->findReusable(sha256Hex, size, context, std::move(answer));
            else
                answer(std::nullopt);
        });
    m_progress = new UploadProgress(m_queue, m_console, this);

    // A cancelled upload that has a session tells the server with a `cancel` command, sent without
    // waiting. Those are counted here, so the command does not end before they are answered.
    m_nam = client->networkAccessManager();
    connect(m_queue, &UploadQueue::itemChanged, this, [this](int id) {
        if (const std::optional<UploadQueue::Item> item = m_queue->item(id); item && !item->isDone())
            m_uploadStates.insert(id, int(item->uploadState));
    });
    connect(m_queue, &UploadQueue::itemFailed, this, [this](int id, const ApiError &error) {
        const auto state = ResumableUpload::State(m_uploadStates.take(id));
        if (error.kind == ApiError::Kind::Cancelled
            && (state == ResumableUpload::State::Uploading || state == ResumableUpload::State::Recovering
                || state == ResumableUpload::State::Paused))
            ++m_cancelsInFlight;
    });
    connect(m_queue, &UploadQueue::itemFinished, this, [this](int id) { m_uploadStates.remove(id); });
    connect(m_queue, &UploadQueue::idle, this, &Command::finishIfUploadsStopped);
    if (m_nam) {
        connect(m_nam, &QNetworkAccessManager::finished, this, [this](QNetworkReply *reply) {
            if (m_cancelsInFlight > 0 && reply->request().rawHeader("X-Goog-Upload-Command") == "cancel") {
                --m_cancelsInFlight;
                finishIfUploadsStopped();
            }
        });
    }
}

void Command::sendWithAttachments(GeminiClient *client, GenerateContentRequest *request, std::function<void()> send)
{
    if (m_attachments.isEmpty()) {
        send();
        return;
    }
    setUpFiles(client);
    m_planner = new AttachmentPlanner(m_queue, m_registry, this);
    m_planner->setInlineLimitBytes(m_inlineLimitBytes);
    connect(
        m_planner, &AttachmentPlanner::statusChanged, this, [this](const QString &status) { m_console->note(status); });
    connect(m_planner, &AttachmentPlanner::ready, this, [this, request, send](const QList<Part> &parts) {
        m_progress->stop();
        // Media first, then the question about it (Google's advice for prompts with media).
        Q_ASSERT(request->contents.size() == 1);
        request->contents.first().parts = parts + request->contents.first().parts;
        send();
    });
    connect(m_planner, &AttachmentPlanner::failed, this, [this](const ApiError &error) {
        m_progress->stop();
        finishWhenUploadsStopped(reportError(error));
    });
    m_planner->prepare(m_attachments, m_requestBytes);
}

void Command::finishWhenUploadsStopped(int exitCode)
{
    if (m_exitWhenStopped)
        return;
    m_exitWhenStopped = exitCode;
    // A server that does not answer the cancel must not keep the command alive.
    QTimer::singleShot(CancelGraceMs, this, [this, exitCode] { finish(exitCode); });
    finishIfUploadsStopped();
}

void Command::finishIfUploadsStopped()
{
    if (m_exitWhenStopped && (!m_queue || m_queue->isIdle()) && m_cancelsInFlight == 0)
        finish(*m_exitWhenStopped);
}

void Command::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(exitCode);
}
