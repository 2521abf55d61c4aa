#include "filesdeletecommand.h"

#include "apicall.h"
#include "cliformat.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "filesformat.h"
#include "geminiclient.h"

using namespace Qt::StringLiterals;

FilesDeleteCommand::FilesDeleteCommand(const CommandLine &commandLine, Console *console, QObject *parent)
    : Command(commandLine, console, parent)
{ }

std::optional<int> FilesDeleteCommand::prepare()
{
    const QStringList arguments = m_commandLine.positionalArguments();
    if (arguments.isEmpty())
        return usageError(tr("Name the files to delete, such as files/abc123. %1")
                              .arg(CommandLine::helpHint(m_commandLine.command())));
    QStringList names;
    for (const QString &argument : arguments) {
        const QString name = remoteFileResourceName(argument.trimmed());
        if (name.isEmpty())
            return usageError(tr("“%1” is not a file name: give it as files list shows it (files/abc123), or its URI.")
                                  .arg(argument));
        if (!names.contains(name))
            names.append(name);
    }
    for (const QString &name : std::as_const(names))
        m_entries.append(Entry {name, false, {}, {}});
    return std::nullopt;
}

void FilesDeleteCommand::start(GeminiClient *client)
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const int index = int(i);
        ApiCall *call = client->deleteFile(
            m_entries.at(i).name, this, [this, index](bool, const ApiError &error) { onDone(index, error); });
        m_entries[i].call = call;
        showRetries(call, client->config().retry.maxAttempts);
    }
}

void FilesDeleteCommand::onDone(int index, const ApiError &error)
{
    Entry &entry = m_entries[index];
    if (entry.done)
        return;
    entry.done = true;
    entry.error = error;
    for (const Entry &e : std::as_const(m_entries)) {
        if (!e.done)
            return;
    }
    // Everything answered: report in the order given.
    int exitCode = ExitCode::Ok;
    for (const Entry &e : std::as_const(m_entries)) {
        if (!e.error.isError()) {
            m_console->write(tr("deleted %1").arg(e.name) + u'\n');
            continue;
        }
        if (m_interrupted && e.error.kind == ApiError::Kind::Cancelled)
            continue;
        ApiError shown = e.error;
        if (shown.kind == ApiError::Kind::PermissionDenied || shown.kind == ApiError::Kind::NotFound)
            shown.userText = FilesFormat::unknownFile(e.name);
        m_console->error(tr("Could not delete %1: %2").arg(e.name, CliFormat::errorMessage(shown)));
        if (exitCode == ExitCode::Ok)
            exitCode = CliFormat::exitCodeFor(shown);
    }
    finish(m_interrupted ? ExitCode::Interrupted : exitCode);
}

void FilesDeleteCommand::interrupt()
{
    m_interrupted = true;
    bool running = false;
    for (const Entry &e : std::as_const(m_entries)) {
        if (e.call && e.call->isRunning()) {
            running = true;
            e.call->cancel(); // its callback gets a Cancelled error
        }
    }
    if (!running)
        finish(ExitCode::Interrupted);
}
