#pragma once

#include "command.h"

// alhena-cli files get: files.get for one file, as "label: value" lines or the File as JSON.
class FilesGetCommand final : public Command
{
    Q_OBJECT

public:
    FilesGetCommand(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    std::optional<int> prepare() override;
    void start(GeminiClient *client) override;

private:
    QString m_name;
};
