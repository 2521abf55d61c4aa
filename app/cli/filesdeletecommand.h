#pragma once

#include "command.h"

#include <QList>
#include <QPointer>

// alhena-cli files delete: files.delete for each name, all at once; "deleted NAME" per file on
// stdout in the order given, each failure on stderr (exit code 1 when any failed).
class FilesDeleteCommand final : public Command
{
    Q_OBJECT

public:
    FilesDeleteCommand(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    std::optional<int> prepare() override;
    void start(GeminiClient *client) override;
    void interrupt() override;

private:
    struct Entry
    {
        QString name;
        bool done = false;
        ApiError error;
        QPointer<ApiCall> call;
    };
    void onDone(int index, const ApiError &error);

    QList<Entry> m_entries;
};
