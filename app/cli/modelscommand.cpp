#include "modelscommand.h"

#include "apicall.h"
#include "cliformat.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "geminiclient.h"

using namespace Qt::StringLiterals;

ModelsCommand::ModelsCommand(const CommandLine &commandLine, Console *console, QObject *parent)
    : Command(commandLine, console, parent)
{ }

std::optional<int> ModelsCommand::prepare()
{
    if (!m_commandLine.positionalArguments().isEmpty())
        return usageError(tr("models takes no arguments. %1").arg(CommandLine::helpHint(u"models"_s)));
    m_all = m_commandLine.isSet(u"all"_s);
    return std::nullopt;
}

void ModelsCommand::start(GeminiClient *client)
{
    ApiCall *call = client->listModels(this, [this](const QList<ModelInfo> &models, const ApiError &error) {
        if (endedWithoutResult(error))
            return;
        QList<ModelInfo> shown;
        for (const ModelInfo &m : models) {
            if (m_all || m.supportsGenerateContent())
                shown.append(m);
        }
        if (m_json)
            m_console->writeBytes(CliFormat::modelsJson(shown));
        else
            m_console->write(CliFormat::modelsTable(shown));
        finish(ExitCode::Ok);
    });
    track(call, client->config().retry.maxAttempts);
}
