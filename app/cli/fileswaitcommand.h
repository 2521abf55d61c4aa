#pragma once

#include "command.h"

// alhena-cli files wait: polls the file (RemoteFileRegistry::waitUntilActive) until it is ACTIVE,
// then prints "NAME URI"; FAILED, unknown, or the --timeout passing gives exit code 1.
class FilesWaitCommand final : public Command
{
    Q_OBJECT

public:
    FilesWaitCommand(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    std::optional<int> prepare() override;
    void start(GeminiClient *client) override;

private:
    QString m_name;
    qint64 m_timeoutMs = 0; // 0: no limit
    bool m_processingNoted = false;
};
