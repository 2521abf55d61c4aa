#include "appearance.h"
#include "chat/attachmentplanner.h"
#include "clientconfig.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "geminiclient.h"
#include "keychainsecretstore.h"
#include "mainwindow.h"
#include "mediaaudioplayer.h"
#include "secrets/credentials.h"
#include "secrets/envsecretstore.h"
#include "secrets/filesecretstore.h"
#include "settings/appsettings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace {

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(u"Alhena"_s);
    QCoreApplication::setOrganizationDomain(u"alhena.github.io"_s);
    QCoreApplication::setApplicationName(u"Alhena"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(ALHENA_VERSION));
}

struct Options
{
    QCommandLineOption apiBase {u"api-base"_s,
        QCoreApplication::translate("main",
            "Send requests to <url> instead of Google's endpoint (default: GOOGLE_GEMINI_BASE_URL, then the "
            "settings, then %1).")
            .arg(QString::fromLatin1(ClientConfig::DefaultBaseUrl)),
        QCoreApplication::translate("main", "url")};
    QCommandLineOption model {u"model"_s,
        QCoreApplication::translate("main", "Start with <model> (default: %1).")
            .arg(QString::fromLatin1(MainWindow::FallbackModel)),
        QCoreApplication::translate("main", "model")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(QCoreApplication::translate("main",
            "A desktop client for the Gemini API. The API key is kept in the system keychain (the first run "
            "asks for it); GEMINI_API_KEY or GOOGLE_API_KEY, when set, win over it."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(apiBase);
        parser.addOption(model);
    }
};

// --help and --version answer without a display.
bool onlyAsksForInformation(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--help" || arg == "-h" || arg == "-?" || arg == "--version" || arg == "-v")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (onlyAsksForInformation(argc, argv)) {
        QCoreApplication app(argc, argv);
        setApplicationNames();
        QCommandLineParser parser;
        const Options options;
        options.addTo(parser);
        parser.process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    setApplicationNames();
    QGuiApplication::setApplicationDisplayName(u"Alhena"_s);
    QGuiApplication::setDesktopFileName(u"io.github.alhena.Alhena"_s);

    // Opening never fails: a damaged file is moved aside and the window says so.
    AppSettings settings(AppSettings::defaultPath());
    Appearance appearance(&app);
    Appearance::installTranslators(&app, settings.preferences().language);

    QCommandLineParser parser;
    const Options options;
    options.addTo(parser);
    parser.process(app);

    // The environment wins; the keychain remembers; the 0600 file only when the user chose it.
    EnvSecretStore environmentSecrets;
    KeychainSecretStore keychain;
    FileSecretStore secretFile(FileSecretStore::defaultPath());
    Credentials credentials(&environmentSecrets, &keychain, &secretFile);
    credentials.load(); // asynchronous: the window shows the onboarding or the chat once it answers

    // The window applies the preferences (endpoint, timeouts, retries, proxy) before anything is sent.
    QNetworkAccessManager network;
    GeminiClient client(&network, ClientConfig {});
    UploadQueue uploads(&client);
    RemoteFileRegistry remoteFiles(&client);
    // Content already on the server (the same SHA-256 and size, alive for a while) is not uploaded again.
    uploads.setReuseLookup([&remoteFiles](const QByteArray &sha256Hex, qint64 size, QObject *context,
                               std::function<void(const std::optional<RemoteFile> &)> answer) {
        remoteFiles.findReusable(sha256Hex, size, context, std::move(answer));
    });
    AttachmentPlanner planner(&uploads, &remoteFiles);

    MainWindow::Options windowOptions;
    windowOptions.audioPlayerFactory = MediaAudioPlayer::factory();
    windowOptions.model = parser.value(options.model);
    windowOptions.commandLineBaseUrl = parser.value(options.apiBase);
    windowOptions.environmentBaseUrl = qEnvironmentVariable("GOOGLE_GEMINI_BASE_URL");
    windowOptions.appSettings = &settings;
    windowOptions.credentials = &credentials;
    windowOptions.appearance = &appearance;
    MainWindow window(&client, &planner, windowOptions);
    window.show();
    return app.exec();
}
