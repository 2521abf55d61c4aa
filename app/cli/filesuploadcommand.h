#pragma once

#include "api/remotefile.h"
#include "command.h"
#include "files/uploadsource.h"

#include <QList>

// alhena-cli files upload: every FILE is checked before anything is sent, then uploaded through an
// UploadQueue (content already on the server is reused), with progress on stderr. One line
// "NAME URI" per file on stdout, in the order of the arguments; with --wait, once the file is ACTIVE.
// A file that fails does not stop the others; the exit code is that of the first failure.
class FilesUploadCommand final : public Command
{
    Q_OBJECT

public:
    FilesUploadCommand(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    std::optional<int> prepare() override;
    void start(GeminiClient *client) override;
    void interrupt() override;

    static constexpr int MaxDisplayNameLength = 512; // gemini-api.md §7.1

private:
    struct Entry
    {
        UploadSource source;
        int queueId = -1;
        bool done = false;
        bool printed = false;
        RemoteFile file;
        ApiError error;
    };

    int entryFor(int queueId) const;
    void onItemFinished(int queueId, const RemoteFile &file);
    void onItemFailed(int queueId, const ApiError &error);
    void settle(int index, const RemoteFile &file, const ApiError &error);
    void printAndFinish();

    QList<Entry> m_entries;
    bool m_wait = false;
};
