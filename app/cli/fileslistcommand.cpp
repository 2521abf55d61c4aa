#include "fileslistcommand.h"

#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "files/remotefileregistry.h"
#include "filesformat.h"

using namespace Qt::StringLiterals;

FilesListCommand::FilesListCommand(const CommandLine &commandLine, Console *console, QObject *parent)
    : Command(commandLine, console, parent)
{ }

std::optional<int> FilesListCommand::prepare()
{
    if (!m_commandLine.positionalArguments().isEmpty())
        return usageError(tr("files list takes no arguments. %1").arg(CommandLine::helpHint(m_commandLine.command())));
    return std::nullopt;
}

void FilesListCommand::start(GeminiClient *client)
{
    m_registry = new RemoteFileRegistry(client, this);
    connect(m_registry, &RemoteFileRegistry::refreshed, this, [this] {
        if (m_finished)
            return;
        const QList<RemoteFile> files = m_registry->files();
        if (m_json) {
            m_console->writeBytes(FilesFormat::filesJson(files, RemoteFileRegistry::ProjectQuotaBytes));
        } else {
            if (!files.isEmpty())
                m_console->write(FilesFormat::filesTable(files, m_registry->now()));
            qint64 total = 0;
            for (const RemoteFile &f : files)
                total += f.sizeBytes;
            m_console->write(
                FilesFormat::quotaLine(int(files.size()), total, RemoteFileRegistry::ProjectQuotaBytes) + u'\n');
        }
        finish(ExitCode::Ok);
    });
    connect(m_registry, &RemoteFileRegistry::refreshFailed, this, [this](const ApiError &error) {
        if (!m_finished)
            finish(reportError(error));
    });
    m_registry->refresh();
}
