#include "filesuploadcommand.h"

#include "cliformat.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "files/mediatypes.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "filesformat.h"
#include "uploadprogress.h"

#include <QDir>

using namespace Qt::StringLiterals;

FilesUploadCommand::FilesUploadCommand(const CommandLine &commandLine, Console *console, QObject *parent)
    : Command(commandLine, console, parent)
{ }

std::optional<int> FilesUploadCommand::prepare()
{
    const QStringList paths = m_commandLine.positionalArguments();
    if (paths.isEmpty())
        return usageError(tr("Name the files to upload: alhena-cli files upload FILE... %1")
                              .arg(CommandLine::helpHint(m_commandLine.command())));
    m_wait = m_commandLine.isSet(u"wait"_s);

    QString displayName;
    if (m_commandLine.isSet(u"display-name"_s)) {
        displayName = m_commandLine.value(u"display-name"_s).trimmed();
        if (paths.size() > 1)
            return usageError(tr("--display-name names one file; upload the files one at a time to name each."));
        if (displayName.isEmpty())
            return usageError(tr("The display name is empty."));
        if (displayName.size() > MaxDisplayNameLength)
            return usageError(tr("The display name has %1 characters; at most %2 are allowed.")
                                  .arg(displayName.size())
                                  .arg(MaxDisplayNameLength));
    }
    QString mimeType;
    if (m_commandLine.isSet(u"mime"_s)) {
        const QString given = m_commandLine.value(u"mime"_s).trimmed();
        mimeType = MediaTypes::normalize(given);
        if (mimeType.isEmpty())
            return usageError(tr("Gemini does not accept the type “%1”. Accepted are:\n%2")
                                  .arg(given, MediaTypes::acceptedSummary()));
    }
    for (const QString &path : paths) {
        const UploadSource source = UploadSource::inspect(path, mimeType, displayName);
        if (!source.isValid())
            return usageError(source.error.userMessage());
        m_entries.append(Entry {source, -1, false, false, {}, {}});
    }
    return std::nullopt;
}

void FilesUploadCommand::start(GeminiClient *client)
{
    setUpFiles(client);
    connect(m_queue, &UploadQueue::itemFinished, this, &FilesUploadCommand::onItemFinished);
    connect(m_queue, &UploadQueue::itemFailed, this, &FilesUploadCommand::onItemFailed);
    for (Entry &entry : m_entries)
        entry.queueId = m_queue->enqueue(entry.source);
}

int FilesUploadCommand::entryFor(int queueId) const
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).queueId == queueId)
            return int(i);
    }
    return -1;
}

void FilesUploadCommand::onItemFinished(int queueId, const RemoteFile &file)
{
    const int index = entryFor(queueId);
    if (index < 0 || m_entries.at(index).done)
        return;
    if (!m_wait || file.isActive()) {
        settle(index, file, {});
        return;
    }
    m_entries[index].file = file;
    m_registry->add(file);
    m_console->note(tr("Waiting for %1 (%2) to be processed…").arg(m_entries.at(index).source.displayName, file.name));
    m_registry->waitUntilActive(file.name, this, [this, index](const RemoteFile &active, const ApiError &error) {
        if (error.isError()
            && (error.kind == ApiError::Kind::PermissionDenied || error.kind == ApiError::Kind::NotFound)) {
            ApiError gone = error;
            gone.userText = FilesFormat::unknownFile(m_entries.at(index).file.name);
            settle(index, {}, gone);
            return;
        }
        settle(index, active, error);
    });
}

void FilesUploadCommand::onItemFailed(int queueId, const ApiError &error)
{
    const int index = entryFor(queueId);
    if (index < 0 || m_entries.at(index).done)
        return;
    settle(index, {}, error);
}

void FilesUploadCommand::settle(int index, const RemoteFile &file, const ApiError &error)
{
    Entry &entry = m_entries[index];
    if (entry.done)
        return;
    entry.done = true;
    entry.error = error;
    if (!error.isError())
        entry.file = file;
    if (error.isError() && !m_interrupted) {
        const QString shown = QDir::toNativeSeparators(entry.source.path);
        QString message = CliFormat::errorMessage(error);
        if (error.kind == ApiError::Kind::FailedPrecondition && !entry.file.name.isEmpty())
            message = tr("The server could not process it (%1): %2").arg(entry.file.name, message);
        // LocalFile messages name the file already.
        m_console->error(error.kind == ApiError::Kind::LocalFile ? message : tr("%1: %2").arg(shown, message));
    }
    printAndFinish();
}

void FilesUploadCommand::printAndFinish()
{
    // Lines in the order of the arguments, each as soon as those before it are settled.
    for (Entry &entry : m_entries) {
        if (!entry.done)
            return;
        if (entry.printed)
            continue;
        entry.printed = true;
        if (!entry.error.isError())
            m_console->write(FilesFormat::fileLine(entry.file) + u'\n');
    }
    if (m_interrupted)
        return;
    m_progress->stop();
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.error.isError()) {
            finish(CliFormat::exitCodeFor(entry.error));
            return;
        }
    }
    finish(ExitCode::Ok);
}

void FilesUploadCommand::interrupt()
{
    if (m_interrupted)
        return;
    m_interrupted = true;
    int cancelled = 0;
    if (m_queue) {
        for (const UploadQueue::Item &item : m_queue->items())
            cancelled += item.isDone() ? 0 : 1;
        m_queue->cancelAll();
    }
    if (m_progress)
        m_progress->stop();
    if (cancelled == 0)
        m_console->info(tr("(interrupted)"));
    else if (cancelled == 1)
        m_console->info(tr("(interrupted: the upload was cancelled)"));
    else
        m_console->info(tr("(interrupted: %1 uploads were cancelled)").arg(cancelled));
    finishWhenUploadsStopped(ExitCode::Interrupted);
}
