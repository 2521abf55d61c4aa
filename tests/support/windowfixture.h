#pragma once

#include "attachmentstrip.h"
#include "chat/attachmentplanner.h"
#include "chat/chatmodel.h"
#include "chat/historyrefresher.h"
#include "chatview.h"
#include "composeredit.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "mainwindow.h"
#include "messagedelegate.h"
#include "onboardingpage.h"
#include "secrets/credentials.h"
#include "secrets/envsecretstore.h"
#include "secrets/filesecretstore.h"
#include "secrets/memorysecretstore.h"
#include "settings/appsettings.h"
#include "store/blobcache.h"
#include "store/conversationstore.h"
#include "store/database.h"
#include "support/clientfixture.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

// How a WindowFixture starts (outside the fixture: its default member initializers must be complete
// where the fixture uses it as a default argument).
struct WindowSetup
{
    bool storeKey = true;            // the fake server's key in the "keychain" before the window opens
    QProcessEnvironment environment; // what EnvSecretStore reads (empty: no key from the environment)
    bool loadCredentials = true;     // false: the window opens before Credentials::load() is called
    QByteArray settingsFile;         // non-empty: the settings file's contents before AppSettings opens it
    bool history = false;            // a real history (database and blobs in the settings folder)

    static WindowSetup withoutKey()
    {
        WindowSetup setup;
        setup.storeKey = false;
        return setup;
    }
};

// The window on a client that talks to an in-process fake server through a real socket, with the
// real upload queue, file registry and attachment planner, AppSettings on a file of its own (the
// endpoint preference pointing at the fake server, no proxy) and Credentials over a memory
// "keychain", an empty environment and a secrets file in a temporary folder.
struct WindowFixture
{
    ClientFixture fixture;
    UploadQueue uploads {fixture.client.get()};
    RemoteFileRegistry registry {fixture.client.get()};
    AttachmentPlanner planner {&uploads, &registry};
    // The settings and the secrets file; survive restart().
    QTemporaryDir settingsDir;
    std::unique_ptr<AppSettings> appSettings;
    MemorySecretStore keychain;
    std::unique_ptr<EnvSecretStore> environment;
    std::unique_ptr<FileSecretStore> secretFile;
    std::unique_ptr<Credentials> credentials;
    MainWindow::Options options;
    bool ownSettings = false;
    // The history (WindowSetup::history): survives restart().
    std::unique_ptr<Database> database;
    std::unique_ptr<BlobCache> blobs;
    std::unique_ptr<ConversationStore> store;
    HistoryRefresher refresher {&planner, &registry};
    std::unique_ptr<MainWindow> window;

    explicit WindowFixture(const MainWindow::Options &windowOptions = {}, const WindowSetup &setup = {})
        : environment(std::make_unique<EnvSecretStore>(setup.environment))
        , secretFile(std::make_unique<FileSecretStore>(settingsDir.filePath(QStringLiteral("secrets.json"))))
        , credentials(std::make_unique<Credentials>(environment.get(), &keychain, secretFile.get()))
        , options(windowOptions)
    {
        if (!setup.settingsFile.isEmpty()) {
            QFile file(settingsPath());
            if (!file.open(QIODevice::WriteOnly) || file.write(setup.settingsFile) != setup.settingsFile.size())
                qFatal("cannot write the settings file");
        }
        if (!options.appSettings) {
            ownSettings = true;
            appSettings = std::make_unique<AppSettings>(settingsPath());
            Preferences preferences = appSettings->preferences();
            preferences.baseUrl = fixture.server.baseUrl().toString();
            // Requests to the fake server go direct, whatever proxy the machine's environment names.
            preferences.proxy.mode = ProxySettings::Mode::None;
            if (!appSettings->setPreferences(preferences))
                qFatal("the fixture's preferences were refused");
            options.appSettings = appSettings.get();
        }
        if (!options.credentials) {
            options.credentials = credentials.get();
            const QString name = QString::fromLatin1(SecretNames::ApiKey);
            if (setup.storeKey) {
                keychain.write(name, fixture.server.apiKey());
                if (!QTest::qWaitFor([&] { return keychain.contains(name); }))
                    qFatal("the memory keychain did not take the key");
            }
            if (setup.loadCredentials)
                loadCredentials();
        }
        if (setup.history) {
            openHistory();
            options.historyRefresher = &refresher;
        }
        open();
    }

    QString databasePath() const { return settingsDir.filePath(QStringLiteral("history.sqlite3")); }
    void openHistory()
    {
        store.reset();
        database = std::make_unique<Database>(databasePath());
        if (!database->open())
            qFatal("the history did not open: %s", qPrintable(database->message()));
        blobs = std::make_unique<BlobCache>(settingsDir.filePath(QStringLiteral("blobs")));
        store = std::make_unique<ConversationStore>(database.get(), blobs.get());
        options.store = store.get();
    }

    QString settingsPath() const { return settingsDir.filePath(QStringLiteral("alhena.conf")); }

    void loadCredentials()
    {
        credentials->load();
        if (!QTest::qWaitFor([&] { return credentials->isLoaded(); }))
            qFatal("the credentials did not load");
    }

    // Closes the window and opens a new one on the same settings file, as a restart of the app would.
    void restart()
    {
        window.reset();
        if (store) {
            openHistory();
            store->markInterrupted();
        }
        if (ownSettings) {
            appSettings = std::make_unique<AppSettings>(settingsPath());
            options.appSettings = appSettings.get();
        }
        open();
    }

    void open()
    {
        window = std::make_unique<MainWindow>(fixture.client.get(), &planner, options);
        window->show();
        window->activateWindow();
    }

    QSettings *settings() const { return options.appSettings->settings(); }
    void setPreferences(const std::function<void(Preferences &)> &change) const
    {
        Preferences preferences = options.appSettings->preferences();
        change(preferences);
        if (!options.appSettings->setPreferences(preferences))
            qFatal("preferences refused: %s", qPrintable(preferences.problem()));
    }
    QWidget *currentPage() const
    {
        return window->findChild<QStackedWidget *>(QStringLiteral("conversationPages"))->currentWidget();
    }
    OnboardingPage *onboarding() const { return window->onboardingPage(); }
    QString storedKey() const { return keychain.value(QString::fromLatin1(SecretNames::ApiKey)); }

    FakeGeminiServer &server() { return fixture.server; }
    ComposerEdit *composer() const { return window->findChild<ComposerEdit *>(QStringLiteral("composerEdit")); }
    QPushButton *sendButton() const { return window->findChild<QPushButton *>(QStringLiteral("sendButton")); }
    ChatView *chatView() const { return window->findChild<ChatView *>(QStringLiteral("chatView")); }
    AttachmentStrip *strip() const { return window->findChild<AttachmentStrip *>(QStringLiteral("attachmentStrip")); }
    ChatModel *model() const { return window->chatModel(); }
    QLabel *label(const QString &name) const { return window->findChild<QLabel *>(name); }
    QString status() const { return label(QStringLiteral("statusLabel"))->text(); }
    QList<FakeGeminiServer::Request> generateRequests()
    {
        return fixture.server.requests(QStringLiteral(":streamGenerateContent"));
    }
    QJsonArray lastContents()
    {
        return generateRequests().constLast().json().value(QStringLiteral("contents")).toArray();
    }

    // Everything the conversation shows in words: each turn's text and notice.
    QString conversationText() const
    {
        QStringList lines;
        for (int row = 0; row < model()->rowCount(); ++row) {
            const QModelIndex index = model()->index(row);
            lines.append(index.data(ChatModel::TextRole).toString());
            const QString notice = index.data(ChatModel::NoticeRole).toString();
            if (!notice.isEmpty())
                lines.append(notice);
        }
        return lines.join(QLatin1Char('\n'));
    }
    ChatTurn::State lastState() const
    {
        const int rows = model()->rowCount();
        return rows ? model()->turn(rows - 1).state : ChatTurn::State::Done;
    }

    void type(const QString &text) const { QTest::keyClicks(composer(), text); }
    void sendPrompt(const QString &text) const
    {
        type(text);
        QTest::keyClick(composer(), Qt::Key_Return);
    }

    // Clicks one of the buttons the delegate paints on a turn.
    bool clickTurnButton(int row, MessageDelegate::Button button) const
    {
        ChatView *view = chatView();
        const QModelIndex index = model()->index(row);
        view->scrollTo(index);
        QCoreApplication::processEvents();
        const QRect rect = view->messageDelegate()->buttonRect(view->optionForIndex(index), index, button);
        if (!rect.isValid())
            return false;
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
        return true;
    }

    // A drag and drop of local files onto a widget, as a file manager does it.
    static bool dropFiles(QWidget *target, const QStringList &paths)
    {
        QMimeData mime;
        QList<QUrl> urls;
        for (const QString &path : paths)
            urls.append(QUrl::fromLocalFile(path));
        mime.setUrls(urls);
        const QPoint at = target->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        if (!enter.isAccepted())
            return false;
        QDragMoveEvent move(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &move);
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &drop);
        return drop.isAccepted();
    }
};
