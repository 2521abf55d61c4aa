#include "cliapp.h"

#include "cliformat.h"
#include "command.h"
#include "counttokenscommand.h"
#include "embedcommand.h"
#include "exitcode.h"
#include "filesdeletecommand.h"
#include "filesgetcommand.h"
#include "fileslistcommand.h"
#include "filesuploadcommand.h"
#include "fileswaitcommand.h"
#include "geminiclient.h"
#include "generatecommand.h"
#include "interruptwatcher.h"
#include "modelscommand.h"
#include "secrets/credentials.h"

#include <QLoggingCategory>
#include <QRegularExpression>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

CliApp::CliApp(const QStringList &arguments, QObject *parent)
    : QObject(parent)
    , m_arguments(arguments)
{
    // The CLI reports failures itself, in plain language; the library's log lines would repeat them.
    // QT_LOGGING_RULES still wins for debugging.
    QLoggingCategory::setFilterRules(u"alhena.*.debug=false\nalhena.*.info=false"_s);
}

CliApp::~CliApp() = default;

std::optional<int> CliApp::prepare()
{
    if (!m_commandLine.parse(m_arguments)) {
        m_console.error(m_commandLine.errorMessage() + u' ' + CommandLine::helpHint(m_commandLine.command()));
        return ExitCode::Usage;
    }
    if (m_commandLine.helpRequested()) {
        m_console.write(CommandLine::helpText(m_commandLine.helpTopic()));
        return ExitCode::Ok;
    }
    if (m_commandLine.versionRequested()) {
        m_console.write(u"alhena-cli "_s + QCoreApplication::applicationVersion() + u'\n');
        return ExitCode::Ok;
    }
    if (m_commandLine.command().isEmpty()) {
        m_console.error(
            tr("No command given: use %1. %2").arg(CommandLine::commandWords(true), CommandLine::helpHint()));
        return ExitCode::Usage;
    }
    if (const auto exitCode = readGlobalOptions())
        return exitCode;

    const QString name = m_commandLine.command();
    if (name == "generate"_L1)
        m_command = new GenerateCommand(m_commandLine, &m_console, this);
    else if (name == "models"_L1)
        m_command = new ModelsCommand(m_commandLine, &m_console, this);
    else if (name == "count-tokens"_L1)
        m_command = new CountTokensCommand(m_commandLine, &m_console, this);
    else if (name == "files upload"_L1)
        m_command = new FilesUploadCommand(m_commandLine, &m_console, this);
    else if (name == "files list"_L1)
        m_command = new FilesListCommand(m_commandLine, &m_console, this);
    else if (name == "files get"_L1)
        m_command = new FilesGetCommand(m_commandLine, &m_console, this);
    else if (name == "files delete"_L1)
        m_command = new FilesDeleteCommand(m_commandLine, &m_console, this);
    else if (name == "files wait"_L1)
        m_command = new FilesWaitCommand(m_commandLine, &m_console, this);
    else
        m_command = new EmbedCommand(m_commandLine, &m_console, this);
    if (const auto exitCode = m_command->prepare())
        return exitCode;
    return readApiKey();
}

std::optional<int> CliApp::readGlobalOptions()
{
    m_console.setQuiet(m_commandLine.isSet(u"quiet"_s));

    const ClientConfig::Resolved endpoint = ClientConfig::resolveBaseUrl(
        m_commandLine.value(u"api-base"_s), qEnvironmentVariable("GOOGLE_GEMINI_BASE_URL"), QString());
    if (!endpoint.error.isEmpty()) {
        m_console.error(endpoint.error);
        return ExitCode::Usage;
    }
    m_config.baseUrl = endpoint.url;

    if (m_commandLine.isSet(u"api-version"_s)) {
        const QString version = m_commandLine.value(u"api-version"_s).trimmed();
        static const QRegularExpression pattern(u"^[A-Za-z0-9._-]+$"_s);
        if (!pattern.match(version).hasMatch()) {
            m_console.error(tr("--api-version needs a version such as v1beta or v1, not “%1”.").arg(version));
            return ExitCode::Usage;
        }
        m_config.apiVersion = version;
    }

    QString error;
    if (const std::optional<double> seconds = m_commandLine.doubleValue(u"timeout"_s, &error)) {
        if (*seconds <= 0 || *seconds > 24 * 3600) {
            m_console.error(tr("--timeout needs a number of seconds above 0 (and at most a day)."));
            return ExitCode::Usage;
        }
        const int ms = int(std::lround(*seconds * 1000.0));
        m_config.streamIdleTimeoutMs = std::max(1, ms);
        m_config.requestTimeoutMs = std::max(1, ms);
    }
    if (const std::optional<int> retries = m_commandLine.intValue(u"retries"_s, &error)) {
        if (*retries < 0 || *retries > 100) {
            m_console.error(tr("--retries needs a number from 0 to 100."));
            return ExitCode::Usage;
        }
        m_config.retry.maxAttempts = *retries + 1;
    }
    if (!error.isEmpty()) {
        m_console.error(error);
        return ExitCode::Usage;
    }
    return std::nullopt;
}

std::optional<int> CliApp::readApiKey()
{
    const ClientConfig::EnvironmentKey key = ClientConfig::apiKeyFromEnvironment();
    if (key.key.isEmpty()) {
        if (m_credentials) {
            m_keyFromCredentials = true; // start() reads the key the desktop app saved
            return std::nullopt;
        }
        return reportMissingKey({});
    }
    m_config.apiKey = key.key;
    m_command->setKeySource(tr("the %1 environment variable").arg(key.variable));
    return std::nullopt;
}

int CliApp::reportMissingKey(const QString &why)
{
    QString message = tr("No API key is set. Get one at https://aistudio.google.com/apikey and save it in the "
                         "Alhena desktop app, or put it in the environment, for example in your shell profile: "
                         "export GEMINI_API_KEY=... (GOOGLE_API_KEY works too). There is no option for the key: on "
                         "the command line it would end up in the shell history and in `ps`.");
    if (!why.isEmpty())
        message += u' ' + why;
    if (m_commandLine.isSet(u"json"_s))
        m_console.writeBytes(CliFormat::errorJson(ApiError::missingKey(), {}, message));
    m_console.error(message);
    return ExitCode::Usage;
}

void CliApp::start(GeminiClient *client)
{
    Q_ASSERT(m_command);
    if (!m_keyFromCredentials) {
        run(client);
        return;
    }
    connect(m_credentials, &Credentials::loaded, this, [this, client] { onCredentialsLoaded(client); });
    m_credentials->load();
}

void CliApp::onCredentialsLoaded(GeminiClient *client)
{
    const QString key = m_credentials->apiKey();
    if (key.isEmpty()) {
        const QString problem = m_credentials->keychainProblem();
        const int exitCode
            = reportMissingKey(problem.isEmpty() ? QString() : tr("(The keychain could not be read: %1)").arg(problem));
        // After the caller's exec() has begun, as a command's own finish would be.
        QMetaObject::invokeMethod(
            this, [this, exitCode] { Q_EMIT finished(exitCode); }, Qt::QueuedConnection);
        return;
    }
    client->setApiKey(key);
    m_config.apiKey = key;
    m_command->setKeySource(
        m_credentials->location(QString::fromLatin1(SecretNames::ApiKey)) == Credentials::Location::File
            ? tr("the file %1").arg(m_credentials->filePath())
            : tr("the system keychain"));
    run(client);
}

void CliApp::run(GeminiClient *client)
{
    m_interrupts = new InterruptWatcher(this);
    connect(m_interrupts, &InterruptWatcher::interrupted, m_command, &Command::interrupt);
    connect(m_command, &Command::finished, this, &CliApp::finished);
    m_command->start(client);
}
