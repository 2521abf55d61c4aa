#include "filesgetcommand.h"

#include "apicall.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "filesformat.h"
#include "geminiclient.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

FilesGetCommand::FilesGetCommand(const CommandLine &commandLine, Console *console, QObject *parent)
    : Command(commandLine, console, parent)
{ }

std::optional<int> FilesGetCommand::prepare()
{
    const QStringList arguments = m_commandLine.positionalArguments();
    if (arguments.size() != 1)
        return usageError(tr("files get takes one file name, such as files/abc123. %1")
                              .arg(CommandLine::helpHint(m_commandLine.command())));
    m_name = remoteFileResourceName(arguments.first().trimmed());
    if (m_name.isEmpty())
        return usageError(tr("“%1” is not a file name: give it as files list shows it (files/abc123), or its URI.")
                              .arg(arguments.first()));
    return std::nullopt;
}

void FilesGetCommand::start(GeminiClient *client)
{
    ApiCall *call = client->getFile(m_name, this, [this](const RemoteFile &file, const ApiError &error) {
        if (error.isError() && !m_interrupted
            && (error.kind == ApiError::Kind::PermissionDenied || error.kind == ApiError::Kind::NotFound)) {
            ApiError gone = error;
            gone.userText = FilesFormat::unknownFile(m_name);
            finish(reportError(gone));
            return;
        }
        if (endedWithoutResult(error))
            return;
        if (m_json)
            m_console->writeBytes(FilesFormat::fileJson(file));
        else
            m_console->write(FilesFormat::fileDetails(file, QDateTime::currentDateTimeUtc()));
        finish(ExitCode::Ok);
    });
    track(call, client->config().retry.maxAttempts);
}
