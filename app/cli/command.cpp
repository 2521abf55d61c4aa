#include "command.h"

#include "apicall.h"
#include "attachmentloader.h"
#include "cliformat.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"

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
        message += u' ' + tr("The key was read from the %1 environment variable.").arg(m_keySource);
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

std::optional<int> Command::readTurn(GenerateContentRequest *request) const
{
    qint64 requestBytes = 0;
    if (m_commandLine.isSet(u"system"_s)) {
        const QString system = m_commandLine.value(u"system"_s);
        if (system.trimmed().isEmpty())
            return usageError(tr("The system instruction is empty."));
        request->systemInstruction = Content {QString(), {Part::fromText(system)}};
        requestBytes += system.toUtf8().size();
    }
    const QStringList attachments = m_commandLine.values(u"attach"_s);
    const std::optional<QString> prompt = readPrompt(m_commandLine.positionalArguments(), !attachments.isEmpty());
    if (!prompt)
        return ExitCode::Usage;
    requestBytes += prompt->toUtf8().size();

    Content turn {u"user"_s, {}};
    AttachmentLoader loader(requestBytes);
    QString error;
    if (!loader.load(attachments, &turn.parts, &error))
        return usageError(error);
    // Media first, then the question about it (Google's advice for prompts with media).
    if (!prompt->isEmpty())
        turn.parts.append(Part::fromText(*prompt));
    request->contents = {turn};
    return std::nullopt;
}

void Command::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(exitCode);
}
