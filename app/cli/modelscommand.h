#pragma once

#include "command.h"

#include <QPointer>

// alhena-cli models: every page of models.list, as a table or JSON; only the models that support
// generateContent unless --all.
class ModelsCommand final : public Command
{
    Q_OBJECT

public:
    ModelsCommand(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    std::optional<int> prepare() override;
    void start(GeminiClient *client) override;

private:
    bool m_all = false;
};
