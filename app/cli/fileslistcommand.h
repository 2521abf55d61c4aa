#pragma once

#include "command.h"

// alhena-cli files list: every page of files.list through the RemoteFileRegistry (expired files
// left out), as a table with the total against the project quota, or as JSON.
class FilesListCommand final : public Command
{
    Q_OBJECT

public:
    FilesListCommand(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    std::optional<int> prepare() override;
    void start(GeminiClient *client) override;
};
