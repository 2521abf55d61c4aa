#include "generatecommand.h"

#include "cliformat.h"
#include "commandline.h"
#include "console.h"
#include "exitcode.h"
#include "geminiclient.h"
#include "generatecall.h"

#include <QFile>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

GenerateCommand::GenerateCommand(const CommandLine &commandLine, Console *console, QObject *parent)
    : Command(commandLine, console, parent)
{ }

std::optional<int> GenerateCommand::readGenerationConfig()
{
    GenerationConfig &config = m_request.generationConfig;
    QString error;
    config.temperature = m_commandLine.doubleValue(u"temperature"_s, &error);
    if (error.isEmpty())
        config.topP = m_commandLine.doubleValue(u"top-p"_s, &error);
    if (error.isEmpty())
        config.topK = m_commandLine.intValue(u"top-k"_s, &error);
    if (error.isEmpty())
        config.maxOutputTokens = m_commandLine.intValue(u"max-output-tokens"_s, &error);
    if (error.isEmpty())
        config.seed = m_commandLine.intValue(u"seed"_s, &error);
    if (error.isEmpty())
        config.candidateCount = m_commandLine.intValue(u"candidates"_s, &error);
    if (!error.isEmpty())
        return usageError(error);
    config.stopSequences = m_commandLine.values(u"stop"_s);

    if (m_commandLine.isSet(u"json-schema"_s)) {
        const QString path = m_commandLine.value(u"json-schema"_s);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return usageError(tr("Cannot read the JSON schema %1: %2.").arg(path, file.errorString()));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            return usageError(tr("The JSON schema %1 is not valid JSON: %2 (at byte %3).")
                                  .arg(path, parseError.errorString())
                                  .arg(parseError.offset));
        }
        if (!doc.isObject())
            return usageError(
                tr("The JSON schema %1 must be a JSON object such as {\"type\": \"OBJECT\", ...}.").arg(path));
        config.responseMimeType = u"application/json"_s;
        config.responseSchema = doc.object();
    }
    if (m_thoughts) {
        ThinkingConfig thinking;
        thinking.includeThoughts = true;
        config.thinkingConfig = thinking;
    }
    if (const QStringList problems = config.validate(); !problems.isEmpty())
        return usageError(tr("Invalid generation settings: %1").arg(problems.join(u' ')));
    m_headers = config.candidateCount.value_or(1) > 1;
    return std::nullopt;
}

std::optional<int> GenerateCommand::prepare()
{
    m_model = m_commandLine.isSet(u"model"_s) ? m_commandLine.value(u"model"_s).trimmed() : defaultModel();
    if (m_model.isEmpty())
        return usageError(tr("The model name is empty."));
    m_stream = !m_commandLine.isSet(u"no-stream"_s);
    m_thoughts = m_commandLine.isSet(u"thoughts"_s);
    m_usage = m_commandLine.isSet(u"usage"_s);
    if (const auto exitCode = readGenerationConfig())
        return exitCode;
    return readTurn(&m_request);
}

void GenerateCommand::start(GeminiClient *client)
{
    sendWithAttachments(client, &m_request, [this, client] { send(client); });
}

void GenerateCommand::send(GeminiClient *client)
{
    m_call = m_stream ? client->streamGenerateContent(m_model, m_request) : client->generateContent(m_model, m_request);
    // Text is written as it arrives (later candidates are buffered here): unless --json prints the
    // whole response, the call need not keep it, so memory stays flat however long the answer is.
    if (!m_json)
        m_call->setRetainText(false);
    const int maxAttempts = client->config().retry.maxAttempts;
    connect(m_call, &GenerateCall::textDelta, this, &GenerateCommand::onTextDelta);
    connect(m_call, &GenerateCall::thoughtDelta, this, &GenerateCommand::onThoughtDelta);
    connect(m_call, &GenerateCall::partReceived, this, [this] { ++m_hiddenParts; });
    connect(m_call, &GenerateCall::retrying, this,
        [this, maxAttempts](int next, qint64 delayMs, const ApiError &e) { noteRetry(next, maxAttempts, delayMs, e); });
    connect(m_call, &GenerateCall::finished, this, &GenerateCommand::onFinished);
    connect(m_call, &GenerateCall::failed, this, &GenerateCommand::onFailed);
}

void GenerateCommand::interrupt()
{
    if (m_call && m_call->state() == GenerateCall::State::Running) {
        m_interrupted = true;
        m_call->cancel(); // fails the call at once: onFailed() finishes
    } else {
        Command::interrupt(); // uploads of the attachments, or nothing running yet
    }
}

void GenerateCommand::onTextDelta(int candidateIndex, const QString &text)
{
    if (m_json)
        return;
    if (candidateIndex != 0) {
        m_laterCandidates[candidateIndex] += text;
        return;
    }
    if (m_headers && !m_firstHeaderShown) {
        m_console->write(CliFormat::candidateHeader(0));
        m_firstHeaderShown = true;
    }
    m_console->write(text);
}

void GenerateCommand::onThoughtDelta(int candidateIndex, const QString &text)
{
    // Several candidates think in parallel; interleaved on one stream they would be unreadable.
    if (m_thoughts && !m_json && candidateIndex == 0)
        m_console->thought(text);
}

void GenerateCommand::flushText(const GenerateContentResponse &response)
{
    QList<int> later = m_laterCandidates.keys();
    for (const Candidate &c : response.candidates) {
        if (c.index != 0 && !later.contains(c.index))
            later.append(c.index);
    }
    std::sort(later.begin(), later.end());
    if (m_headers && !m_firstHeaderShown && (!response.candidates.isEmpty() || !later.isEmpty())) {
        m_console->write(CliFormat::candidateHeader(0));
        m_firstHeaderShown = true;
    }
    for (const int index : std::as_const(later)) {
        m_console->finishLine();
        m_console->write(CliFormat::candidateHeader(index));
        m_console->write(m_laterCandidates.value(index));
    }
    m_laterCandidates.clear();
    m_console->finishLine();
}

void GenerateCommand::reportUsage(const GenerateContentResponse &response)
{
    if (m_usage && response.usageMetadata)
        m_console->info(CliFormat::usageLine(*response.usageMetadata));
}

void GenerateCommand::onFinished(const GenerateContentResponse &response)
{
    if (m_json)
        m_console->writeBytes(CliFormat::json(response.toJson()));
    else
        flushText(response);

    bool refused = false;
    for (const Candidate &c : response.candidates) {
        QString note = CliFormat::finishNote(c);
        if (note.isEmpty())
            continue;
        if (response.candidates.size() > 1)
            note = tr("candidate %1: %2").arg(c.index + 1).arg(note);
        m_console->info(note);
        refused = refused || CliFormat::isRefusal(c.finishReason);
    }
    if (m_hiddenParts > 0 && !m_json) {
        m_console->note(tr("%n part(s) of the answer are not text (images, function calls, code) and are not "
                           "shown; use --json to see them.",
            nullptr, m_hiddenParts));
    }
    reportUsage(response);
    finish(refused ? ExitCode::Refused : ExitCode::Ok);
}

void GenerateCommand::onFailed(const ApiError &error)
{
    const GenerateContentResponse partial = m_call ? m_call->response() : GenerateContentResponse();
    if (!m_json)
        flushText(partial);
    if (m_interrupted) {
        if (m_json)
            m_console->writeBytes(CliFormat::errorJson(error, partial.toJson()));
        m_console->info(tr("(interrupted)"));
        reportUsage(partial);
        finish(ExitCode::Interrupted);
        return;
    }
    const int exitCode = reportError(error, partial.toJson());
    reportUsage(partial);
    finish(exitCode);
}
