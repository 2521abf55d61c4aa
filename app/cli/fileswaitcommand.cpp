#include "fileswaitcommand.h"

#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "files/remotefileregistry.h"
#include "filesformat.h"

#include <cmath>

using namespace Qt::StringLiterals;

FilesWaitCommand::FilesWaitCommand(const CommandLine &commandLine, Console *console, QObject *parent)
    : Command(commandLine, console, parent)
{ }

std::optional<int> FilesWaitCommand::prepare()
{
    const QStringList arguments = m_commandLine.positionalArguments();
    if (arguments.size() != 1)
        return usageError(tr("files wait takes one file name, such as files/abc123. %1")
                              .arg(CommandLine::helpHint(m_commandLine.command())));
    m_name = remoteFileResourceName(arguments.first().trimmed());
    if (m_name.isEmpty())
        return usageError(tr("“%1” is not a file name: give it as files list shows it (files/abc123), or its URI.")
                              .arg(arguments.first()));
    QString error;
    if (const std::optional<double> seconds = m_commandLine.doubleValue(u"timeout"_s, &error))
        m_timeoutMs = std::max<qint64>(1, std::llround(*seconds * 1000.0)); // checked by CliApp
    return std::nullopt;
}

void FilesWaitCommand::start(GeminiClient *client)
{
    m_registry = new RemoteFileRegistry(client, this);
    auto noteProcessing = [this](const RemoteFile &file) {
        if (file.name != m_name || file.state != RemoteFile::State::Processing || m_processingNoted)
            return;
        m_processingNoted = true;
        m_console->note(tr("%1 is being processed; waiting…").arg(m_name));
    };
    connect(m_registry, &RemoteFileRegistry::fileAdded, this, noteProcessing);
    connect(m_registry, &RemoteFileRegistry::fileChanged, this, noteProcessing);
    m_registry->waitUntilActive(
        m_name, this,
        [this](const RemoteFile &file, const ApiError &error) {
            if (m_finished)
                return;
            if (error.isError()) {
                ApiError shown = error;
                if (error.kind == ApiError::Kind::PermissionDenied || error.kind == ApiError::Kind::NotFound) {
                    shown.userText = FilesFormat::unknownFile(m_name);
                } else if (error.kind == ApiError::Kind::Timeout) {
                    shown.userText = tr("%1 is still being processed after %2 (the --timeout).")
                                         .arg(m_name, FilesFormat::eta(m_timeoutMs));
                } else if (error.kind == ApiError::Kind::FailedPrecondition) {
                    shown.userText = error.message.isEmpty()
                        ? tr("The server could not process %1 (state FAILED).").arg(m_name)
                        : tr("The server could not process %1 (state FAILED): %2").arg(m_name, error.message);
                }
                finish(reportError(shown));
                return;
            }
            m_console->write(FilesFormat::fileLine(file) + u'\n');
            finish(ExitCode::Ok);
        },
        m_timeoutMs);
}
