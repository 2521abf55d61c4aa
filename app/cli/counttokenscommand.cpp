#include "counttokenscommand.h"

#include "apicall.h"
#include "cliformat.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "geminiclient.h"

using namespace Qt::StringLiterals;

CountTokensCommand::CountTokensCommand(const CommandLine &commandLine, Console *console, QObject *parent)
    : Command(commandLine, console, parent)
{ }

std::optional<int> CountTokensCommand::prepare()
{
    m_model = m_commandLine.isSet(u"model"_s) ? m_commandLine.value(u"model"_s).trimmed() : defaultModel();
    if (m_model.isEmpty())
        return usageError(tr("The model name is empty."));
    return readTurn(&m_request);
}

void CountTokensCommand::start(GeminiClient *client)
{
    sendWithAttachments(client, &m_request, [this, client] { send(client); });
}

void CountTokensCommand::send(GeminiClient *client)
{
    ApiCall *call
        = client->countTokens(m_model, m_request, this, [this](const TokenCount &count, const ApiError &error) {
              if (endedWithoutResult(error))
                  return;
              if (m_json)
                  m_console->writeBytes(CliFormat::tokenCountJson(count));
              else
                  m_console->write(CliFormat::tokenCount(count));
              finish(ExitCode::Ok);
          });
    track(call, client->config().retry.maxAttempts);
}
