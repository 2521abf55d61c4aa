// alhena-cli: builds the object graph (application, the one QNetworkAccessManager, the client, the
// stores a saved key may come from) and runs the command. Everything else lives in alhena_cli_lib.
#include "cliapp.h"
#include "geminiclient.h"
#include "keychainsecretstore.h"
#include "secrets/credentials.h"
#include "secrets/envsecretstore.h"
#include "secrets/filesecretstore.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QThreadPool>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("alhena-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ALHENA_VERSION));

    // Without GEMINI_API_KEY / GOOGLE_API_KEY: the key the desktop app saved.
    EnvSecretStore environmentSecrets;
    KeychainSecretStore keychain;
    FileSecretStore secretFile(FileSecretStore::defaultPath());
    Credentials credentials(&environmentSecrets, &keychain, &secretFile);

    CliApp cli(QCoreApplication::arguments().mid(1));
    cli.setCredentials(&credentials);
    if (const std::optional<int> exitCode = cli.prepare())
        return *exitCode;

    QNetworkAccessManager nam;
    GeminiClient client(&nam, cli.clientConfig());
    QObject::connect(&cli, &CliApp::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    cli.start(&client);
    const int exitCode = QCoreApplication::exec();
    // The worker threads (file hashing) end before the process does, so none is torn down half-way
    // by exit() (OpenSSL's per-thread state, used by QCryptographicHash, is released as a thread ends).
    QThreadPool::globalInstance()->waitForDone();
    return exitCode;
}
