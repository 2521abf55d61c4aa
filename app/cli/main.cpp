// alhena-cli: builds the object graph (application, the one QNetworkAccessManager, the client) and
// runs the command. Everything else lives in alhena_cli_lib.
#include "cliapp.h"
#include "geminiclient.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("alhena-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ALHENA_VERSION));

    CliApp cli(QCoreApplication::arguments().mid(1));
    if (const std::optional<int> exitCode = cli.prepare())
        return *exitCode;

    QNetworkAccessManager nam;
    GeminiClient client(&nam, cli.clientConfig());
    QObject::connect(&cli, &CliApp::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    cli.start(&client);
    return QCoreApplication::exec();
}
