#pragma once

#include "api/generaterequest.h"
#include "command.h"

#include <QPointer>

// alhena-cli count-tokens: countTokens for a prompt, its attachments and system instruction; prints
// the total and the tokens per modality.
class CountTokensCommand final : public Command
{
    Q_OBJECT

public:
    CountTokensCommand(const CommandLine &commandLine, Console *console, QObject *parent = nullptr);

    std::optional<int> prepare() override;
    void start(GeminiClient *client) override;

private:
    void send(GeminiClient *client);

    QString m_model;
    GenerateContentRequest m_request;
};
