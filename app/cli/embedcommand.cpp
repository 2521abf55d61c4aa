#include "embedcommand.h"

#include "apicall.h"
#include "cliformat.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "geminiclient.h"

using namespace Qt::StringLiterals;

EmbedCommand::EmbedCommand(const CommandLine &commandLine, Console *console, QObject *parent)
    : Command(commandLine, console, parent)
{ }

QString EmbedCommand::normalizedTaskType(const QString &text)
{
    static const QStringList known {u"RETRIEVAL_QUERY"_s, u"RETRIEVAL_DOCUMENT"_s, u"SEMANTIC_SIMILARITY"_s,
        u"CLASSIFICATION"_s, u"CLUSTERING"_s, u"QUESTION_ANSWERING"_s, u"FACT_VERIFICATION"_s,
        u"CODE_RETRIEVAL_QUERY"_s};
    const QString name = text.trimmed().toUpper().replace(u'-', u'_');
    return known.contains(name) ? name : QString();
}

std::optional<int> EmbedCommand::prepare()
{
    m_model = m_commandLine.isSet(u"model"_s) ? m_commandLine.value(u"model"_s).trimmed()
                                              : QString::fromLatin1(DefaultModel);
    if (m_model.isEmpty())
        return usageError(tr("The model name is empty."));

    QString taskType;
    if (m_commandLine.isSet(u"task-type"_s)) {
        taskType = normalizedTaskType(m_commandLine.value(u"task-type"_s));
        if (taskType.isEmpty()) {
            return usageError(tr("Unknown task type “%1”. %2")
                                  .arg(m_commandLine.value(u"task-type"_s), CommandLine::helpHint(u"embed"_s)));
        }
    }
    QString error;
    const std::optional<int> dimensions = m_commandLine.intValue(u"dimensions"_s, &error);
    if (!error.isEmpty())
        return usageError(error);
    if (dimensions && *dimensions < 1)
        return usageError(tr("--dimensions must be at least 1."));

    QStringList texts = m_commandLine.positionalArguments();
    if (texts.isEmpty()) {
        if (Console::stdinIsTerminal())
            return usageError(
                tr("No text to embed: alhena-cli embed TEXT... %1").arg(CommandLine::helpHint(u"embed"_s)));
        texts.append(u"-"_s);
    }
    if (texts.count(u"-"_s) > 1)
        return usageError(tr("Only one text can be read from stdin (\"-\")."));
    for (QString &text : texts) {
        if (text == "-"_L1) {
            text = QString::fromUtf8(Console::readStdin());
            while (text.endsWith(u'\n') || text.endsWith(u'\r'))
                text.chop(1);
        }
        if (text.trimmed().isEmpty())
            return usageError(tr("Cannot embed an empty text."));
        EmbedContentRequest request = EmbedContentRequest::fromText(text);
        request.taskType = taskType;
        request.outputDimensionality = dimensions;
        m_requests.append(request);
    }
    return std::nullopt;
}

void EmbedCommand::start(GeminiClient *client)
{
    auto done = [this](const EmbeddingResult &result, const ApiError &error) { onDone(result, error); };
    ApiCall *call = m_requests.size() == 1 ? client->embedContent(m_model, m_requests.first(), this, done)
                                           : client->batchEmbedContents(m_model, m_requests, this, done);
    track(call, client->config().retry.maxAttempts);
}

void EmbedCommand::onDone(const EmbeddingResult &result, const ApiError &error)
{
    if (endedWithoutResult(error))
        return;
    if (result.embeddings.size() != m_requests.size()) {
        finish(reportError(
            ApiError::malformed(tr("%1 vectors for %2 texts").arg(result.embeddings.size()).arg(m_requests.size()))));
        return;
    }
    if (m_json) {
        m_console->writeBytes(CliFormat::embeddingsJson(result.embeddings, result.usageMetadata));
    } else {
        for (const QList<float> &values : result.embeddings)
            m_console->writeBytes(CliFormat::vectorLine(values) + '\n');
    }
    finish(ExitCode::Ok);
}
