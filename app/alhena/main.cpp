#include "appearance.h"
#include "chat/attachmentplanner.h"
#include "chat/historyrefresher.h"
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
#include "store/blobcache.h"
#include "store/conversationstore.h"
#include "store/database.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLockFile>
#include <QNetworkAccessManager>
#include <QProgressDialog>

#include <memory>

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

// Opens the history; a full check of a large file takes seconds, so the user is told what happens.
bool openHistory(Database &database)
{
    std::unique_ptr<QProgressDialog> progress;
    if (database.needsFullCheck()) {
        progress = std::make_unique<QProgressDialog>(
            QCoreApplication::translate("main", "Checking the conversation history…"), QString(), 0, 0);
        progress->setWindowTitle(QGuiApplication::applicationDisplayName());
        progress->setMinimumDuration(0);
        progress->setCancelButton(nullptr);
        progress->show();
        QCoreApplication::processEvents(); // painted before the check blocks
    }
    return database.open();
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
    HistoryRefresher refresher(&planner, &remoteFiles);

    // The history: checked at start; a damaged file is copied aside (and repaired or replaced) and the
    // window says so. When it cannot be opened at all, the app still chats, without keeping anything.
    const QDir dataFolder(AppSettings::dataFolder());
    Database database(dataFolder.filePath(u"history.sqlite3"_s));
    BlobCache blobs(dataFolder.filePath(u"blobs"_s));
    std::unique_ptr<ConversationStore> store;
    qint64 openAtStart = 0;
    QString storeNote;
    // One Alhena at a time keeps the history: a second one must not mark the first one's answer
    // Interrupted, collect its blobs or repair its file under it.
    dataFolder.mkpath(u"."_s);
    QLockFile historyLock(dataFolder.filePath(u"history.lock"_s));
    historyLock.setStaleLockTime(0); // a crashed instance leaves its lock: its pid is checked instead
    if (!historyLock.tryLock(200)) {
        storeNote = QCoreApplication::translate("main",
            "Another Alhena is running: the conversations of this window are not kept. Close the other one to keep "
            "them.");
    } else if (!openHistory(database)) {
        storeNote = QCoreApplication::translate("main", "Conversations are not being kept: %1").arg(database.message());
    } else {
        storeNote = database.message(); // a damaged file repaired or replaced, and where its copy is
        store = std::make_unique<ConversationStore>(&database, &blobs);
        store->purgeTrash();
        // Not after a repair or a replacement: the copy of the damaged file still refers to the blobs.
        const bool intact
            = database.outcome() != Database::Outcome::Repaired && database.outcome() != Database::Outcome::Replaced;
        if (intact) {
            if (const std::optional<QSet<QString>> used = store->referencedBlobs())
                blobs.collectGarbage(*used);
        }
        // After a crash or a quit mid-answer, the conversation it was in opens again, its answer
        // marked Interrupted with Retry.
        if (store->markInterrupted() > 0) {
            const QList<ConversationSummary> all = store->conversations();
            QDateTime latest;
            for (const ConversationSummary &summary : all) {
                if (!latest.isValid() || summary.updated > latest) {
                    latest = summary.updated;
                    openAtStart = summary.id;
                }
            }
        }
    }

    MainWindow::Options windowOptions;
    windowOptions.audioPlayerFactory = MediaAudioPlayer::factory();
    windowOptions.model = parser.value(options.model);
    windowOptions.commandLineBaseUrl = parser.value(options.apiBase);
    windowOptions.environmentBaseUrl = qEnvironmentVariable("GOOGLE_GEMINI_BASE_URL");
    windowOptions.appSettings = &settings;
    windowOptions.credentials = &credentials;
    windowOptions.appearance = &appearance;
    windowOptions.store = store.get();
    windowOptions.historyRefresher = &refresher;
    windowOptions.storeNote = storeNote;
    windowOptions.openConversation = openAtStart;
    MainWindow window(&client, &planner, windowOptions);
    window.show();
    return app.exec();
}
