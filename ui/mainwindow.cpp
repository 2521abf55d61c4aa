#include "mainwindow.h"

#include "api/modelinfo.h"
#include "apikeyeditor.h"
#include "appearance.h"
#include "attachmentstrip.h"
#include "centredcolumn.h"
#include "chat/chatmodel.h"
#include "chat/codesnippet.h"
#include "chat/historyrefresher.h"
#include "chat/modellist.h"
#include "chat/systempresets.h"
#include "chat/titlewriter.h"
#include "chat/tokencounter.h"
#include "chatview.h"
#include "composeredit.h"
#include "files/mediatypes.h"
#include "geminiclient.h"
#include "getcodedialog.h"
#include "historysidebar.h"
#include "messagedelegate.h"
#include "modelpanel.h"
#include "onboardingpage.h"
#include "runsettingspanel.h"
#include "secrets/credentials.h"
#include "settings/appsettings.h"
#include "settingsdialog.h"
#include "store/conversationarchive.h"
#include "store/conversationstore.h"
#include "store/historyrecorder.h"
#include "systeminstructionpanel.h"
#include "tokenmeter.h"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QMimeDatabase>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr auto LastModelKey = "chat/lastModel";

// "The model is overloaded right now. Try again in a moment." -> "The model is overloaded right now."
QString firstSentence(const QString &text)
{
    const qsizetype end = text.indexOf(". "_L1);
    return end < 0 ? text : text.left(end + 1);
}

bool isDefaultEndpoint(const QUrl &url)
{
    const QUrl defaultUrl(QString::fromLatin1(ClientConfig::DefaultBaseUrl));
    return url.adjusted(QUrl::StripTrailingSlash) == defaultUrl.adjusted(QUrl::StripTrailingSlash);
}

// The file dialog's filter: every type Gemini accepts, by the usual name patterns.
QStringList attachmentNameFilters()
{
    const QMimeDatabase database;
    QStringList patterns;
    for (const QString &type : MediaTypes::accepted()) {
        const QMimeType mime = database.mimeTypeForName(type);
        if (mime.isValid())
            patterns += mime.globPatterns();
    }
    patterns += {u"*.md"_s, u"*.py"_s, u"*.cpp"_s, u"*.h"_s, u"*.js"_s, u"*.ts"_s, u"*.json"_s};
    patterns.removeDuplicates();
    return {QCoreApplication::translate("MainWindow", "Files Gemini can read (%1)").arg(patterns.join(u' ')),
        QCoreApplication::translate("MainWindow", "All files (*)")};
}

// The theme's attachment icon, or a paperclip drawn in the text colour where there is no icon theme.
QIcon attachmentIcon(const QColor &color)
{
    QIcon themed = QIcon::fromTheme(u"mail-attachment"_s);
    if (!themed.isNull())
        return themed;
    QIcon icon;
    for (const int size : {16, 22, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 48.0, size / 48.0);
        painter.translate(24, 24);
        painter.rotate(40);
        painter.translate(-24, -24);
        painter.setPen(QPen(color, 3.4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        QPainterPath clip;
        clip.moveTo(28, 16);
        clip.lineTo(28, 34);
        clip.arcTo(QRectF(20, 30, 8, 8), 0, -180);
        clip.lineTo(20, 10);
        clip.arcTo(QRectF(20, 4, 11, 11), 180, -180);
        clip.lineTo(31, 37);
        clip.arcTo(QRectF(16, 30, 15, 15), 0, -180);
        clip.lineTo(16, 16);
        painter.drawPath(clip);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

MainWindow::MainWindow(GeminiClient *client, AttachmentPlanner *planner, const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_planner(planner)
    , m_appSettings(options.appSettings)
    , m_credentials(options.credentials)
    , m_appearance(options.appearance)
    , m_commandLineBaseUrl(options.commandLineBaseUrl.trimmed())
    , m_environmentBaseUrl(options.environmentBaseUrl.trimmed())
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"Alhena"_s);
    resize(1000, 760);
    setAcceptDrops(true);
    // The conversation list (left) and the request panels (right) run the full height.
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setDockOptions(AnimatedDocks | AllowTabbedDocks);

    // Nothing is sent with a key the credentials do not (yet) vouch for.
    if (m_credentials)
        m_client->setApiKey(m_credentials->isLoaded() ? m_credentials->apiKey() : QString());
    m_setupProblem = tr("Starting…"); // until updateSetup() below

    m_settings = m_appSettings ? m_appSettings->settings() : nullptr;
    m_chatModel = new ChatModel(this);
    m_session = new ChatSession(m_client, m_chatModel, planner, this);
    m_session->setHistoryRefresher(options.historyRefresher);

    createRunSettings(options);
    createHistory(options);
    createActions();
    createToolBar();

    m_pages = new QStackedWidget;
    m_pages->setObjectName(u"conversationPages"_s);
    m_welcomePage = createWelcomePage();
    m_chatView = new ChatView;
    m_chatView->setObjectName(u"chatView"_s);
    m_chatView->setChatModel(m_chatModel);
    m_pages->addWidget(m_welcomePage);
    m_pages->addWidget(m_chatView);
    if (m_credentials) {
        m_onboarding = new OnboardingPage(m_credentials, m_client->networkAccessManager());
        m_pages->addWidget(m_onboarding);
        connect(m_onboarding, &OnboardingPage::keyReady, this, &MainWindow::onKeyReady);
    }

    auto *separator = new QFrame;
    separator->setFrameShape(QFrame::HLine);
    separator->setFrameShadow(QFrame::Sunken);
    m_composerSeparator = separator;

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(createNoticeBanner());
    layout->addWidget(createSystemMarker());
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_composerSeparator);
    m_composerArea = createComposer(options);
    layout->addWidget(m_composerArea);
    setCentralWidget(central);

    createStatusBar();

    connect(m_session, &ChatSession::stateChanged, this, &MainWindow::onSessionStateChanged);
    connect(m_session, &ChatSession::retrying, this, &MainWindow::onRetrying);
    connect(m_session, &ChatSession::preparationStatusChanged, this, [this](const QString &status) {
        m_preparingStatus = status;
        updateStatus();
    });
    connect(m_session, &ChatSession::attachmentProgress, m_attachments, &AttachmentStrip::setUploadProgress);
    connect(m_session, &ChatSession::preparationFailed, this, &MainWindow::onPreparationFailed);
    connect(m_session, &ChatSession::promptReturned, this, &MainWindow::onPromptReturned);
    connect(m_session, &ChatSession::exchangeFinished, this, &MainWindow::onExchangeFinished);

    connect(m_chatView, &ChatView::regenerateRequested, m_session, &ChatSession::regenerate);
    connect(m_chatView, &ChatView::retryRequested, m_session, &ChatSession::retry);
    connect(m_chatView, &ChatView::continueRequested, m_session, &ChatSession::continueAnswer);
    connect(m_chatView, &ChatView::editRequested, this, &MainWindow::editTurn);
    connect(m_chatView, &ChatView::branchRequested, this, [this](int row, int offset) {
        if (!m_recorder || m_session->isBusy())
            return;
        cancelEdit(); // the row being edited may be another turn on the other branch
        if (m_recorder->switchBranch(row, offset)) {
            updateTokenContext();
            updateActions();
        }
    });
    connect(m_chatView, &ChatView::copied, this, &MainWindow::showTransient);

    m_retryTicker.setInterval(250);
    connect(&m_retryTicker, &QTimer::timeout, this, &MainWindow::updateStatus);

    if (m_appSettings) {
        applyPreferences(m_appSettings->preferences(), nullptr);
        connect(m_appSettings, &AppSettings::preferencesChanged, this,
            [this](const Preferences &current, const Preferences &previous) { applyPreferences(current, &previous); });
        if (const QString note = m_appSettings->loadNote(); !note.isEmpty()) {
            m_noticeLabel->setText(note);
            m_noticeBanner->show();
        }
    } else if (!m_commandLineBaseUrl.isEmpty() || !m_environmentBaseUrl.isEmpty()) {
        ClientConfig config = m_client->config();
        config.baseUrl = resolveEndpoint({});
        m_client->setConfig(config);
    } else {
        // The caller configured the client: its endpoint is checked, not replaced.
        m_endpointError = ClientConfig::validateBaseUrl(m_client->config().baseUrl);
    }
    if (m_credentials) {
        connect(m_credentials, &Credentials::loaded, this, &MainWindow::onCredentialsLoaded);
        connect(m_credentials, &Credentials::changed, this, &MainWindow::onCredentialChanged);
        // The settings dialog may be closed (OK) before the keychain answers: the window says it.
        connect(m_credentials, &Credentials::storeFailed, this, [this](const QString &name, const QString &reason) {
            if (name == QLatin1StringView(SecretNames::ProxyPassword))
                showTransient(tr("The proxy password could not be saved in the system keychain (%1). It is used until "
                                 "Alhena quits.")
                                  .arg(reason));
        });
    }

    if (!options.storeNote.isEmpty()) {
        const QString shown = m_noticeLabel->text();
        m_noticeLabel->setText(shown.isEmpty() ? options.storeNote : shown + u'\n' + options.storeNote);
        m_noticeBanner->show();
    }

    applyRunSettings();
    updateSetup();
    if (options.openConversation != 0)
        openConversation(options.openConversation);
    if (canSend())
        m_models->reload();
    if (m_pages->currentWidget() == m_onboarding)
        m_onboarding->setFocus();
    else
        m_composer->setFocus();
}

MainWindow::~MainWindow()
{
    // The session cancels what is in flight without signals; nothing here may hear from it.
    m_session->disconnect(this);
    // What arrived of a streaming answer since the last save is written before the model goes.
    if (m_recorder) {
        m_chatModel->flush();
        m_recorder->flush();
    }
}

void MainWindow::createActions()
{
    m_newChatAction = new QAction(QIcon::fromTheme(u"document-new"_s), tr("&New Chat"), this);
    m_newChatAction->setObjectName(u"newChatAction"_s);
    m_newChatAction->setShortcut(QKeySequence::New);
    m_newChatAction->setToolTip(
        tr("Start a new chat (%1)").arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    connect(m_newChatAction, &QAction::triggered, this, &MainWindow::newChat);

    m_attachAction = new QAction(attachmentIcon(palette().color(QPalette::ButtonText)), tr("&Attach Files…"), this);
    m_attachAction->setObjectName(u"attachAction"_s);
    m_attachAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_attachAction->setToolTip(tr("Attach images, audio, PDFs or text files (%1). You can also drop or paste them.")
                                   .arg(m_attachAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_attachAction, &QAction::triggered, this, &MainWindow::pickFiles);

    m_stopAction = new QAction(QIcon::fromTheme(u"process-stop"_s), tr("&Stop Answer"), this);
    m_stopAction->setObjectName(u"stopAction"_s);
    m_stopAction->setShortcut(Qt::Key_Escape);
    connect(m_stopAction, &QAction::triggered, this, [this] {
        if (m_session->isBusy())
            stop();
        else
            cancelEdit();
    });
    addAction(m_stopAction);

    auto *quitAction = new QAction(QIcon::fromTheme(u"application-exit"_s), tr("&Quit"), this);
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    m_settingsAction = new QAction(
        QIcon::fromTheme(u"configure"_s, QIcon::fromTheme(u"preferences-system"_s)), tr("&Configure Alhena…"), this);
    m_settingsAction->setObjectName(u"settingsAction"_s);
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    // The platform's shortcut (Ctrl+Shift+, on KDE) and Ctrl+, as most other apps have it.
    QList<QKeySequence> settingsKeys = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (const QKeySequence ctrlComma(Qt::CTRL | Qt::Key_Comma); !settingsKeys.contains(ctrlComma))
        settingsKeys.append(ctrlComma);
    m_settingsAction->setShortcuts(settingsKeys);
    m_settingsAction->setToolTip(tr("API key, connection, attachments, appearance (%1)")
                                     .arg(settingsKeys.constFirst().toString(QKeySequence::NativeText)));
    m_settingsAction->setEnabled(m_appSettings && m_credentials);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    addAction(m_settingsAction);

    auto *aboutAction = new QAction(tr("&About Alhena"), this);
    connect(aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_newChatAction);
    fileMenu->addAction(m_attachAction);
    fileMenu->addAction(m_stopAction);
    fileMenu->addSeparator();
    if (m_store) {
        m_exportAction = new QAction(tr("&Export Conversation…"), this);
        m_exportAction->setObjectName(u"exportAction"_s);
        m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        m_exportAction->setToolTip(tr("Save this conversation as Markdown or as JSON the Gemini API takes"));
        connect(m_exportAction, &QAction::triggered, this, [this] {
            if (const qint64 id = currentConversation(); id != 0)
                exportWithDialog({id});
        });
        m_exportAllAction = new QAction(tr("Export &All Conversations…"), this);
        m_exportAllAction->setObjectName(u"exportAllAction"_s);
        connect(m_exportAllAction, &QAction::triggered, this, [this] {
            QList<qint64> ids;
            const QList<ConversationSummary> all = m_store->conversations();
            for (const ConversationSummary &summary : all)
                ids.append(summary.id);
            exportWithDialog(ids);
        });
        m_importAction = new QAction(tr("&Import Conversations…"), this);
        m_importAction->setObjectName(u"importAction"_s);
        m_importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
        m_importAction->setToolTip(tr("Add the conversations of a JSON export to the history"));
        connect(m_importAction, &QAction::triggered, this, &MainWindow::importWithDialog);
        fileMenu->addAction(m_importAction);
        fileMenu->addAction(m_exportAction);
        fileMenu->addAction(m_exportAllAction);
        fileMenu->addSeparator();
    }
    fileMenu->addAction(quitAction);
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    if (m_historyDock) {
        viewMenu->addAction(m_historyDock->toggleViewAction());
        auto *searchAction = new QAction(tr("&Search Conversations"), this);
        searchAction->setObjectName(u"searchHistoryAction"_s);
        searchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
        connect(searchAction, &QAction::triggered, this, [this] {
            m_historyDock->show();
            m_historyDock->raise();
            m_sidebar->focusSearch();
        });
        viewMenu->addAction(searchAction);
    }
    viewMenu->addAction(m_runSettingsDock->toggleViewAction());
    auto *systemAction = new QAction(tr("&System Instructions"), this);
    systemAction->setObjectName(u"systemInstructionsAction"_s);
    systemAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    systemAction->setToolTip(tr("Write the system instructions of this conversation"));
    connect(systemAction, &QAction::triggered, this, [this] {
        m_runSettingsDock->show();
        m_runSettingsDock->raise();
        m_runSettings->focusSystemInstruction();
    });
    viewMenu->addAction(systemAction);
    auto *getCodeAction = new QAction(tr("&Get Code…"), this);
    getCodeAction->setObjectName(u"getCodeAction"_s);
    getCodeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    connect(getCodeAction, &QAction::triggered, this, &MainWindow::showGetCode);
    viewMenu->addAction(getCodeAction);
    QMenu *settingsMenu = menuBar()->addMenu(tr("&Settings"));
    settingsMenu->addAction(m_settingsAction);
    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main Toolbar"));
    bar->setObjectName(u"mainToolBar"_s);
    bar->setMovable(false);
    bar->setFloatable(false);
    bar->toggleViewAction()->setVisible(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_newChatAction);

    auto *spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addAction(m_runSettingsDock->toggleViewAction());
}

QWidget *MainWindow::createWelcomePage()
{
    auto *page = new QWidget;
    page->setObjectName(u"welcomePage"_s);
    page->setBackgroundRole(QPalette::Base);
    page->setAutoFillBackground(true);

    auto *title = m_welcomeTitle = new QLabel;
    title->setObjectName(u"welcomeTitle"_s);
    title->setAlignment(Qt::AlignCenter);
    title->setWordWrap(true);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);

    auto *text = m_welcomeText = new QLabel;
    text->setObjectName(u"welcomeText"_s);
    text->setAlignment(Qt::AlignCenter);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setOpenExternalLinks(true);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);

    const CentredColumn centred = makeCentredColumn();
    centred.column->addWidget(title);
    centred.column->addWidget(text);
    QHBoxLayout *row = centred.row;
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
    return page;
}

QWidget *MainWindow::createComposer(const Options &options)
{
    auto *area = new QWidget;
    area->setObjectName(u"composerArea"_s);

    // "Editing an earlier message": shown while the composer holds an earlier turn's text.
    m_editBanner = new QWidget;
    m_editBanner->setObjectName(u"editBanner"_s);
    m_editBannerLabel = new QLabel;
    m_editBannerLabel->setWordWrap(true);
    auto *cancelEditButton = new QPushButton(tr("Cancel"));
    cancelEditButton->setObjectName(u"cancelEditButton"_s);
    cancelEditButton->setToolTip(tr("Stop editing and keep the conversation as it is (Esc)"));
    connect(cancelEditButton, &QPushButton::clicked, this, &MainWindow::cancelEdit);
    auto *bannerLayout = new QHBoxLayout(m_editBanner);
    bannerLayout->setContentsMargins(0, 0, 0, 0);
    bannerLayout->addWidget(m_editBannerLabel, 1);
    bannerLayout->addWidget(cancelEditButton);
    m_editBanner->hide();

    // No key while a conversation is on screen: it stays readable, and the way back is one click.
    m_keyBanner = new QWidget;
    m_keyBanner->setObjectName(u"keyBanner"_s);
    auto *keyBannerLabel = new QLabel(tr("No API key: open Settings to add one. Nothing can be sent until then."));
    keyBannerLabel->setObjectName(u"keyBannerLabel"_s);
    keyBannerLabel->setWordWrap(true);
    auto *keyBannerButton = new QPushButton(tr("Settings…"));
    keyBannerButton->setObjectName(u"keyBannerSettingsButton"_s);
    keyBannerButton->setToolTip(tr("Add, test and save an API key"));
    keyBannerButton->setEnabled(m_appSettings && m_credentials);
    connect(keyBannerButton, &QPushButton::clicked, this, [this] {
        if (SettingsDialog *dialog = showSettings())
            dialog->showPage(SettingsDialog::Page::ApiKey);
    });
    auto *keyBannerLayout = new QHBoxLayout(m_keyBanner);
    keyBannerLayout->setContentsMargins(0, 0, 0, 0);
    keyBannerLayout->addWidget(keyBannerLabel, 1);
    keyBannerLayout->addWidget(keyBannerButton);
    m_keyBanner->hide();

    m_attachments = new AttachmentStrip;
    m_attachments->setObjectName(u"attachmentStrip"_s);
    m_attachments->setAudioPlayerFactory(options.audioPlayerFactory);
    connect(m_attachments, &AttachmentStrip::changed, this, &MainWindow::updateActions);
    connect(m_attachments, &AttachmentStrip::changed, this, &MainWindow::updateTokenDraft);

    m_composer = new ComposerEdit;
    m_composer->setObjectName(u"composerEdit"_s);
    m_composer->setPlaceholderText(tr("Ask Gemini…"));
    m_composer->setAccessibleName(tr("Prompt"));

    m_attachButton = new QToolButton;
    m_attachButton->setObjectName(u"attachButton"_s);
    m_attachButton->setDefaultAction(m_attachAction);
    m_attachButton->setAutoRaise(true);
    m_attachButton->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_attachButton->setIconSize(QSize(22, 22));

    m_sendButton = new QPushButton;
    m_sendButton->setObjectName(u"sendButton"_s);
    m_sendButton->setAutoDefault(false);
    // Wide enough for both of its labels, so it does not jump when it turns into Stop.
    int width = 0;
    for (const QString &label : {tr("Stop"), tr("Send")}) {
        m_sendButton->setText(label);
        width = std::max(width, m_sendButton->sizeHint().width());
    }
    m_sendButton->setMinimumWidth(width + 16);

    connect(m_composer, &ComposerEdit::submitRequested, this, &MainWindow::send);
    connect(m_composer, &QPlainTextEdit::textChanged, this, &MainWindow::updateActions);
    connect(m_composer, &QPlainTextEdit::textChanged, this, &MainWindow::updateTokenDraft);
    connect(m_composer, &ComposerEdit::attachmentsOffered, this, &MainWindow::attachFromMimeData);
    connect(m_sendButton, &QPushButton::clicked, this, [this] {
        if (m_session->isBusy())
            stop();
        else
            send();
    });

    // The composer lines up with the conversation's text column.
    auto *column = new QWidget;
    column->setMaximumWidth(MessageDelegate::MaxContentWidth);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->setSpacing(8);
    columnLayout->addWidget(m_keyBanner);
    columnLayout->addWidget(m_editBanner);
    columnLayout->addWidget(m_attachments);
    auto *row = new QHBoxLayout;
    row->setSpacing(8);
    row->addWidget(m_attachButton, 0, Qt::AlignBottom);
    row->addWidget(m_composer, 1);
    row->addWidget(m_sendButton, 0, Qt::AlignBottom);
    columnLayout->addLayout(row);

    auto *layout = new QHBoxLayout(area);
    layout->setContentsMargins(16, 10, 16, 12);
    layout->addWidget(column);
    return area;
}

void MainWindow::createStatusBar()
{
    m_statusLabel = new QLabel;
    m_statusLabel->setObjectName(u"statusLabel"_s);
    // Long messages are cut, never widen the window.
    m_statusLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_statusLabel->setContentsMargins(6, 0, 6, 0);
    statusBar()->addWidget(m_statusLabel, 1);

    m_tokenMeter = new TokenMeter;
    m_tokenMeter->setObjectName(u"tokenMeter"_s);
    m_tokenMeter->setContentsMargins(6, 0, 6, 0);
    m_tokenMeter->hide();
    statusBar()->addPermanentWidget(m_tokenMeter);

    // Whoever sees this window should know when it does not talk to Google (e.g. the fake server).
    m_endpointLabel = new QLabel;
    m_endpointLabel->setObjectName(u"endpointLabel"_s);
    m_endpointLabel->setContentsMargins(6, 0, 6, 0);
    m_endpointLabel->hide();
    statusBar()->addPermanentWidget(m_endpointLabel);
}

QWidget *MainWindow::createNoticeBanner()
{
    // Says once, until dismissed, that the settings file could not be used as it was.
    m_noticeBanner = new QFrame;
    m_noticeBanner->setObjectName(u"settingsNoteBanner"_s);
    m_noticeBanner->setAutoFillBackground(true);
    m_noticeBanner->setBackgroundRole(QPalette::AlternateBase);
    m_noticeLabel = new QLabel;
    m_noticeLabel->setObjectName(u"settingsNoteLabel"_s);
    m_noticeLabel->setWordWrap(true);
    m_noticeLabel->setTextFormat(Qt::PlainText);
    auto *dismiss = new QToolButton;
    dismiss->setObjectName(u"dismissSettingsNoteButton"_s);
    dismiss->setText(tr("Dismiss"));
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Hide this note"));
    connect(dismiss, &QToolButton::clicked, m_noticeBanner, &QWidget::hide);
    auto *layout = new QHBoxLayout(m_noticeBanner);
    layout->setContentsMargins(16, 4, 8, 4);
    layout->addWidget(m_noticeLabel, 1);
    layout->addWidget(dismiss, 0, Qt::AlignTop);
    m_noticeBanner->hide();
    return m_noticeBanner;
}

QDockWidget *MainWindow::addPanelDock(
    const QString &title, const QString &objectName, QWidget *widget, Qt::DockWidgetArea area, int minWidth, int width)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);
    dock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    dock->setMinimumWidth(minWidth);
    addDockWidget(area, dock);
    resizeDocks({dock}, {width}, Qt::Horizontal);
    return dock;
}

void MainWindow::createHistory(const Options &options)
{
    m_store = options.store;
    if (!m_store)
        return;
    m_recorder = new HistoryRecorder(m_chatModel, m_store, this);
    m_titleWriter = new TitleWriter(m_client, this);

    m_sidebar = new HistorySidebar(m_store);
    m_sidebar->setObjectName(u"historySidebar"_s);
    m_historyDock = addPanelDock(tr("History"), u"historyDock"_s, m_sidebar, Qt::LeftDockWidgetArea, 200, 280);
    QAction *toggle = m_historyDock->toggleViewAction();
    toggle->setObjectName(u"historyAction"_s);
    toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    toggle->setToolTip(tr("Show or hide the conversations (Ctrl+Shift+H)"));

    connect(m_sidebar, &HistorySidebar::conversationActivated, this, [this](qint64 id) { openConversation(id); });
    connect(m_sidebar, &HistorySidebar::turnActivated, this,
        [this](qint64 id, qint64 turnId) { openConversation(id, turnId); });
    connect(m_sidebar, &HistorySidebar::newChatRequested, this, &MainWindow::newChat);
    connect(m_sidebar, &HistorySidebar::exportRequested, this, &MainWindow::exportWithDialog);
    connect(m_sidebar, &HistorySidebar::conversationDeleted, this, &MainWindow::onConversationDeleted);
    // Undo of deleting the open conversation shows it again.
    connect(m_sidebar, &HistorySidebar::conversationRestored, this, [this](qint64 id) { openConversation(id); });

    connect(m_recorder, &HistoryRecorder::conversationCreated, this,
        [this](qint64 id) { m_sidebar->setCurrentConversation(id); });
    connect(m_recorder, &HistoryRecorder::saveFailed, this, [this](const QString &message) {
        m_noticeLabel->setText(tr("The conversation could not be saved: %1").arg(message));
        m_noticeBanner->show();
    });
    // A better title than the first prompt's, written by the model in the background.
    connect(m_recorder, &HistoryRecorder::firstExchangeFinished, this, [this](qint64 id) {
        if (m_chatModel->rowCount() < 2 || !m_chatModel->turn(0).isUser())
            return;
        const ChatTurn &answer = m_chatModel->turn(1);
        m_titleWriter->write(
            id, answer.model.isEmpty() ? currentModel() : answer.model, m_chatModel->turn(0).text, answer.markdown());
    });
    connect(m_titleWriter, &TitleWriter::titled, this, [this](qint64 id, const QString &title) {
        const std::optional<ConversationSummary> summary = m_store->summary(id);
        if (summary && summary->titleSource != TitleSource::User)
            m_store->setTitle(id, title, TitleSource::Model);
    });
}

ConversationSettings MainWindow::currentConversationSettings() const
{
    ConversationSettings settings;
    settings.model = currentModel();
    settings.request = m_runSettings->requestTemplate();
    settings.request.contents.clear();
    return settings;
}

qint64 MainWindow::currentConversation() const
{
    return m_recorder ? m_recorder->conversationId() : 0;
}

bool MainWindow::openConversation(qint64 conversationId, qint64 turnId)
{
    if (!m_recorder || conversationId == 0)
        return false;
    const bool otherConversation = conversationId != m_recorder->conversationId() || m_chatModel->rowCount() == 0;
    if (otherConversation || turnId != 0) {
        // Showing another conversation or branch: what arrived of an answer in flight is kept
        // (Stopped) where it belongs; a message being prepared comes back to the composer.
        m_session->stop();
        cancelEdit();
    }
    if (otherConversation) {
        m_recorder->flush();
        if (!m_recorder->open(conversationId)) {
            showTransient(tr("The conversation could not be opened: %1").arg(m_store->lastError()));
            return false;
        }
        if (const std::optional<ConversationSettings> settings = m_store->settings(conversationId)) {
            m_applyingConversation = true;
            m_runSettings->setSettings(settings->model.isEmpty() ? currentModel() : settings->model, settings->request);
            applyRunSettings();
            m_applyingConversation = false;
        }
        m_retryTicker.stop();
        m_editingRow = -1;
        updateEditBanner();
        m_composer->setReadOnly(false);
        m_attachments->setLocked(false);
        m_error = {};
        m_transientMessage.clear();
        m_runSettings->clearRequestErrors();
        setState(m_chatModel->rowCount() > 0 ? State::Done : State::Idle);
    }
    m_sidebar->setCurrentConversation(conversationId);
    m_pages->setCurrentWidget(m_chatModel->rowCount() > 0 ? static_cast<QWidget *>(m_chatView) : m_welcomePage);
    updateCurrentPage();
    const int row = turnId != 0 ? m_recorder->revealTurn(turnId) : -1;
    if (row >= 0) {
        const QModelIndex index = m_chatModel->index(row);
        m_chatView->setCurrentIndex(index);
        m_chatView->scrollTo(index, QAbstractItemView::PositionAtTop);
    } else {
        m_chatView->scrollToLatest();
    }
    updateTokenContext();
    updateActions();
    return true;
}

void MainWindow::onConversationDeleted(qint64 conversationId)
{
    if (conversationId == currentConversation())
        newChat();
}

bool MainWindow::exportConversations(const QList<qint64> &ids, const QString &path, ExportFormat format, QString *error)
{
    const auto failWith = [&](const QString &message) {
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("Export"), message);
        return false;
    };
    if (!m_store)
        return failWith(tr("There is no history to export."));
    m_recorder->flush();
    QList<ConversationRecord> records;
    for (qint64 id : ids) {
        std::optional<ConversationRecord> record = m_store->record(id);
        if (!record)
            return failWith(tr("A conversation could not be read: %1").arg(m_store->lastError()));
        records.append(std::move(*record));
    }
    if (records.isEmpty())
        return failWith(tr("There is no conversation to export."));
    const ConversationArchive::BlobReader read = ConversationArchive::readerFor(m_store->blobs());
    if (format == ExportFormat::Json) {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return failWith(tr("%1 cannot be written: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        file.write(ConversationArchive::toJson(records, read));
        if (!file.commit())
            return failWith(tr("%1 cannot be written: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        showTransient(
            tr("Exported %n conversation(s) to %1", nullptr, int(records.size())).arg(QDir::toNativeSeparators(path)));
        return true;
    }
    if (!QDir().mkpath(path))
        return failWith(tr("The folder %1 cannot be created.").arg(QDir::toNativeSeparators(path)));
    for (const ConversationRecord &record : std::as_const(records)) {
        QString why;
        if (ConversationArchive::writeMarkdown(record, path, read, &why).isEmpty())
            return failWith(tr("“%1” could not be exported: %2").arg(record.summary.title, why));
    }
    showTransient(
        tr("Exported %n conversation(s) to %1", nullptr, int(records.size())).arg(QDir::toNativeSeparators(path)));
    return true;
}

QList<qint64> MainWindow::importConversations(const QString &path, QString *error)
{
    const auto failWith = [&](const QString &message) {
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("Import"), message);
        return QList<qint64> {};
    };
    if (!m_store)
        return failWith(tr("There is no history to import into."));
    const ConversationArchive::ImportResult result = ConversationArchive::readFile(path);
    if (!result.ok())
        return failWith(tr("%1 was not imported: %2").arg(QDir::toNativeSeparators(path), result.error));
    const QList<qint64> ids = m_store->importRecords(result.records);
    if (ids.isEmpty())
        return failWith(tr("%1 was not imported: %2").arg(QDir::toNativeSeparators(path), m_store->lastError()));
    showTransient(tr("Imported %n conversation(s)", nullptr, int(ids.size())));
    return ids;
}

void MainWindow::exportWithDialog(const QList<qint64> &ids)
{
    if (!m_store || ids.isEmpty())
        return;
    const QString jsonFilter = tr("JSON, as the Gemini API takes it (*.json)");
    const QString markdownFilter = tr("Markdown, with the attachments beside it (*.md)");
    QString title = tr("conversations");
    if (ids.size() == 1) {
        if (const std::optional<ConversationSummary> summary = m_store->summary(ids.constFirst()))
            title = ConversationArchive::safeFileName(summary->title);
    }
    QString folder = m_lastAttachFolder.isEmpty() ? QDir::homePath() : m_lastAttachFolder;
    QString filter = jsonFilter;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Conversations"),
        QDir(folder).filePath(title + u".json"_s), jsonFilter + u";;"_s + markdownFilter, &filter);
    if (path.isEmpty())
        return;
    if (filter == markdownFilter) {
        // Markdown is a folder: one file per conversation, the attachments beside each.
        const QFileInfo info(path);
        exportConversations(ids, info.dir().filePath(info.completeBaseName()), ExportFormat::Markdown);
    } else {
        exportConversations(ids, path, ExportFormat::Json);
    }
}

void MainWindow::importWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Conversations"),
        m_lastAttachFolder.isEmpty() ? QDir::homePath() : m_lastAttachFolder,
        tr("Alhena or Gemini JSON (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    const QList<qint64> ids = importConversations(path);
    if (!ids.isEmpty())
        openConversation(ids.constFirst());
}

void MainWindow::createRunSettings(const Options &options)
{
    m_models = new ModelList(m_client, this);
    m_presets = new SystemPresets(m_settings, this);
    m_tokenCounter = new TokenCounter(m_client, this);

    m_runSettings = new RunSettingsPanel(m_models, m_presets);
    m_runSettings->setObjectName(u"runSettings"_s);
    QString model = options.model.trimmed();
    if (model.isEmpty() && m_settings)
        model = m_settings->value(QLatin1StringView(LastModelKey)).toString().trimmed();
    if (model.isEmpty())
        model = QString::fromLatin1(FallbackModel);
    m_runSettings->setSettings(model, {});

    m_runSettingsDock
        = addPanelDock(tr("Run Settings"), u"runSettingsDock"_s, m_runSettings, Qt::RightDockWidgetArea, 280, 360);
    QAction *toggle = m_runSettingsDock->toggleViewAction();
    toggle->setObjectName(u"runSettingsAction"_s);
    toggle->setIcon(QIcon::fromTheme(u"configure"_s, QIcon::fromTheme(u"preferences-system"_s)));
    toggle->setShortcut(QKeySequence(Qt::Key_F9));
    toggle->setToolTip(tr("Show or hide the run settings: model, instructions, generation, safety (F9)"));

    connect(m_runSettings, &RunSettingsPanel::settingsChanged, this, &MainWindow::applyRunSettings);
    // Only what the user changes is kept with the conversation (not what a model list reload adjusts).
    connect(m_runSettings, &RunSettingsPanel::settingsChanged, this, &MainWindow::storeConversationSettings);
    connect(m_runSettings, &RunSettingsPanel::modelChanged, this, [this](const QString &modelId) {
        if (m_settings)
            m_settings->setValue(QLatin1StringView(LastModelKey), modelId);
    });
    connect(m_runSettings, &RunSettingsPanel::getCodeRequested, this, &MainWindow::showGetCode);
    connect(m_models, &QAbstractItemModel::modelReset, this, &MainWindow::applyRunSettings);

    connect(m_tokenCounter, &TokenCounter::countChanged, this,
        [this](const TokenCounter::Count &count) { m_tokenMeter->setCount(count); });
    connect(m_tokenCounter, &TokenCounter::countingChanged, this,
        [this](bool counting) { m_tokenMeter->setCounting(counting); });
    connect(m_tokenCounter, &TokenCounter::failed, this,
        [this](const ApiError &error) { m_tokenMeter->setError(error.userMessage()); });
}

QWidget *MainWindow::createSystemMarker()
{
    // The conversation says plainly that a system instruction steers it.
    m_systemMarker = new QWidget;
    m_systemMarker->setObjectName(u"systemInstructionMarker"_s);
    m_systemMarker->setAutoFillBackground(true);
    m_systemMarker->setBackgroundRole(QPalette::AlternateBase);
    m_systemMarkerLabel = new QLabel;
    m_systemMarkerLabel->setObjectName(u"systemInstructionMarkerLabel"_s);
    m_systemMarkerLabel->setTextFormat(Qt::PlainText);
    m_systemMarkerLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *edit = new QToolButton;
    edit->setObjectName(u"systemInstructionMarkerButton"_s);
    edit->setText(tr("Edit"));
    edit->setAutoRaise(true);
    edit->setToolTip(tr("Show the system instruction in the run settings"));
    connect(edit, &QToolButton::clicked, this, [this] {
        m_runSettingsDock->show();
        m_runSettingsDock->raise();
        m_runSettings->focusSystemInstruction();
    });
    auto *layout = new QHBoxLayout(m_systemMarker);
    layout->setContentsMargins(16, 2, 8, 2);
    layout->addWidget(m_systemMarkerLabel, 1);
    layout->addWidget(edit);
    m_systemMarker->hide();
    return m_systemMarker;
}

void MainWindow::applyRunSettings()
{
    m_session->setModelName(currentModel());
    m_session->setRequestTemplate(m_runSettings->requestTemplate());
    m_tokenCounter->setModel(currentModel());
    const std::optional<ModelInfo> info = m_runSettings->modelPanel()->currentInfo();
    m_tokenMeter->setLimit(info ? info->inputTokenLimit : 0);
    updateSystemMarker();
    updateTokenContext();
    updateActions();
    if (m_recorder)
        m_recorder->setSettingsForNew(currentConversationSettings());
}

void MainWindow::storeConversationSettings()
{
    const qint64 id = m_recorder && !m_applyingConversation ? m_recorder->conversationId() : 0;
    if (id == 0)
        return;
    // What the panels do not show (a tool config, a cached content) stays as it was.
    ConversationSettings settings = m_store->settings(id).value_or(ConversationSettings {});
    const ConversationSettings shown = currentConversationSettings();
    settings.model = shown.model;
    settings.request.systemInstruction = shown.request.systemInstruction;
    settings.request.generationConfig = shown.request.generationConfig;
    settings.request.safetySettings = shown.request.safetySettings;
    settings.request.tools = shown.request.tools;
    if (m_store->settings(id) != settings)
        m_store->setSettings(id, settings);
}

void MainWindow::updateSystemMarker()
{
    const SystemInstructionPanel *panel = m_runSettings->systemInstructionPanel();
    const std::optional<Content> instruction = panel->systemInstruction();
    m_systemMarker->setVisible(instruction.has_value());
    if (!instruction)
        return;
    const QString preset = panel->activePreset();
    const QString text = panel->instruction().simplified();
    m_systemMarkerLabel->setText(preset.isEmpty() ? tr("System instructions: %1").arg(text)
                                                  : tr("System instructions: %1 (preset)").arg(preset));
    m_systemMarkerLabel->setToolTip(panel->instruction().left(2000));
}

void MainWindow::updateTokenContext()
{
    if (!canSend())
        return;
    Conversation conversation = m_chatModel->conversation();
    if (m_editingRow >= 0) // the edited turn and those after it are replaced by the draft
        conversation.truncate(m_editingRow);
    m_tokenCounter->setContext(conversation.request(m_runSettings->requestTemplate()));
    updateTokenDraft();
}

void MainWindow::updateTokenDraft()
{
    if (!canSend())
        return;
    m_tokenCounter->setDraft(
        m_composer->toPlainText().trimmed(), m_editingRow >= 0 ? 0 : m_attachments->estimatedTokens());
}

void MainWindow::showGetCode()
{
    if (!m_getCodeDialog) {
        m_getCodeDialog = new GetCodeDialog(this);
        m_getCodeDialog->setObjectName(u"getCodeDialog"_s);
        m_getCodeDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_getCodeDialog, &GetCodeDialog::copied, this, [this] { showTransient(tr("Code copied")); });
    }
    // The next request: the history, and the draft as its last turn (or a placeholder prompt).
    Conversation conversation = m_chatModel->conversation();
    if (m_editingRow >= 0)
        conversation.truncate(m_editingRow);
    GenerateContentRequest request = conversation.request(m_runSettings->requestTemplate());
    const QString draft = m_composer->toPlainText().trimmed();
    const Content next = Content::user(draft.isEmpty() ? tr("Hello") : draft);
    if (request.contents.isEmpty() || request.contents.constLast().role != "user"_L1)
        request.contents.append(next);
    const ClientConfig &config = m_client->config();
    m_getCodeDialog->setRequest(currentModel(), request, {config.baseUrl, config.apiVersion});
    m_getCodeDialog->show();
    m_getCodeDialog->raise();
    m_getCodeDialog->activateWindow();
}

QString MainWindow::currentModel() const
{
    return m_runSettings->model();
}

void MainWindow::pickFiles()
{
    if (m_fileDialog && m_fileDialog->isVisible()) {
        m_fileDialog->raise();
        m_fileDialog->activateWindow();
        return;
    }
    if (m_fileDialog)
        m_fileDialog->deleteLater();
    // open(), not exec(): no nested event loop while an answer streams in.
    auto *dialog = new QFileDialog(this, tr("Attach Files"), m_lastAttachFolder);
    dialog->setObjectName(u"attachDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setNameFilters(attachmentNameFilters());
    connect(dialog, &QFileDialog::filesSelected, this, [this](const QStringList &files) {
        if (!files.isEmpty())
            m_lastAttachFolder = QFileInfo(files.constFirst()).absolutePath();
        attachFiles(files);
    });
    m_fileDialog = dialog;
    dialog->open();
}

int MainWindow::attachFiles(const QStringList &paths)
{
    if (m_session->state() == ChatSession::State::Preparing)
        return 0;
    const int added = m_attachments->addFiles(paths);
    updateActions();
    return added;
}

void MainWindow::attachFromMimeData(const QMimeData *mime)
{
    if (m_session->state() == ChatSession::State::Preparing) {
        showTransient(tr("Wait until the attachments of this message are uploaded."));
        return;
    }
    if (m_attachments->addFromMimeData(mime) == 0 && mime && !mime->hasText())
        showTransient(tr("Nothing in what was dropped or pasted can be attached."));
    updateActions();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (AttachmentStrip::canAccept(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (AttachmentStrip::canAccept(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    if (!AttachmentStrip::canAccept(event->mimeData()))
        return;
    event->acceptProposedAction();
    attachFromMimeData(event->mimeData());
}

void MainWindow::send()
{
    if (m_session->isBusy() || !canSend())
        return;
    const QString prompt = m_composer->toPlainText().trimmed();
    if (m_attachments->hasProblems()) {
        showTransient(tr("Remove the attachments that cannot be sent: %1").arg(m_attachments->problemSummary()));
        return;
    }
    const QList<Attachment> attachments = m_attachments->attachments();
    if (prompt.isEmpty() && attachments.isEmpty())
        return;
    if (const QString problem = m_runSettings->problem(); !problem.isEmpty()) {
        showTransient(tr("A run setting cannot be sent: %1").arg(problem));
        m_runSettingsDock->show();
        return;
    }

    m_session->setModelName(currentModel());
    m_session->setRequestTemplate(m_runSettings->requestTemplate());
    if (m_recorder) // a new conversation is stored with what this request is sent with
        m_recorder->setSettingsForNew(currentConversationSettings());
    m_runSettings->clearRequestErrors();
    m_error = {};
    m_transientMessage.clear();
    m_clearComposerWhenSent = true;
    bool started = false;
    if (m_editingRow >= 0) {
        const int row = m_editingRow;
        m_editingRow = -1;
        updateEditBanner();
        started = m_session->edit(row, prompt);
    } else {
        started = m_session->send(prompt, attachments);
    }
    if (!started) {
        m_clearComposerWhenSent = false;
        return;
    }
    m_pages->setCurrentWidget(m_chatView);
    if (m_session->state() == ChatSession::State::Preparing) {
        // The prompt and the chips stay (locked) until the uploads are done: nothing is lost if they fail.
        m_composer->setReadOnly(true);
        m_attachments->setLocked(true);
    } else {
        clearComposer();
    }
    m_chatView->scrollToLatest();
    updateActions();
}

void MainWindow::clearComposer()
{
    m_clearComposerWhenSent = false;
    m_composer->setReadOnly(false);
    m_attachments->setLocked(false);
    m_composer->clear();
    m_attachments->clear();
}

void MainWindow::stop()
{
    m_session->stop();
}

void MainWindow::newChat()
{
    m_session->stop();
    m_retryTicker.stop();
    if (m_recorder) {
        m_recorder->open(0);
        m_sidebar->setCurrentConversation(0);
    } else {
        m_chatModel->clear();
    }
    m_pages->setCurrentWidget(m_welcomePage);
    updateCurrentPage(); // no key: the onboarding
    m_editingRow = -1;
    updateEditBanner();
    m_composer->setReadOnly(false);
    m_attachments->setLocked(false);
    m_error = {};
    m_transientMessage.clear();
    setState(State::Idle);
    updateTokenContext();
    m_composer->setFocus();
}

void MainWindow::editTurn(int row)
{
    if (m_session->isBusy() || row < 0 || row >= m_chatModel->rowCount() || !m_chatModel->turn(row).isUser())
        return;
    m_editingRow = row;
    m_composer->setPlainText(m_chatModel->turn(row).text);
    m_composer->moveCursor(QTextCursor::End);
    m_composer->setFocus();
    updateEditBanner();
    updateActions();
    updateTokenContext();
}

void MainWindow::cancelEdit()
{
    if (m_editingRow < 0)
        return;
    m_editingRow = -1;
    m_composer->clear();
    updateEditBanner();
    updateActions();
    updateTokenContext();
}

void MainWindow::updateEditBanner()
{
    const bool editing = m_editingRow >= 0;
    if (editing) {
        const int later = m_chatModel->rowCount() - m_editingRow - 1;
        m_editBannerLabel->setText(later > 0
                ? tr("Editing an earlier message. Sending it replaces the %n message(s) after it.", nullptr, later)
                : tr("Editing your last message."));
    }
    m_editBanner->setVisible(editing);
    m_attachments->setEnabled(!editing); // an edited turn keeps its own attachments
    m_attachAction->setEnabled(!editing && m_session->state() != ChatSession::State::Preparing);
}

void MainWindow::onSessionStateChanged(ChatSession::State state)
{
    switch (state) {
    case ChatSession::State::Idle:
        m_retryTicker.stop();
        break; // the outcome comes with exchangeFinished / preparationFailed
    case ChatSession::State::Preparing:
        setState(State::Preparing);
        break;
    case ChatSession::State::Waiting:
    case ChatSession::State::Streaming:
        m_retryTicker.stop();
        if (m_clearComposerWhenSent) // the uploads are done and the turn is in the conversation
            clearComposer();
        setState(State::Streaming);
        break;
    case ChatSession::State::Retrying:
        setState(State::Retrying);
        break;
    }
    updateActions();
}

void MainWindow::onRetrying(int nextAttempt, qint64 delayMs, const ApiError &error)
{
    m_retryAttempt = nextAttempt;
    m_retryDeadline = QDeadlineTimer(delayMs);
    m_error = error;
    m_retryTicker.start();
    setState(State::Retrying);
}

void MainWindow::onPreparationFailed(const ApiError &error, const QString &text, const QList<Attachment> &attachments)
{
    m_clearComposerWhenSent = false;
    m_composer->setReadOnly(false);
    m_attachments->setLocked(false);
    restorePrompt(text, attachments);
    if (error.kind == ApiError::Kind::Cancelled) {
        setState(m_chatModel->rowCount() > 0 ? State::Stopped : State::Idle);
        return;
    }
    m_error = error;
    if (m_chatModel->rowCount() == 0) {
        m_pages->setCurrentWidget(m_welcomePage);
        updateCurrentPage();
    }
    setState(State::Failed);
}

void MainWindow::onPromptReturned(const QString &text, const QList<Attachment> &attachments)
{
    restorePrompt(text, attachments);
}

void MainWindow::restorePrompt(const QString &text, const QList<Attachment> &attachments)
{
    // Never over what the user has typed since.
    if (m_composer->toPlainText().trimmed().isEmpty()) {
        m_composer->setPlainText(text);
        m_composer->moveCursor(QTextCursor::End);
    }
    if (m_attachments->isEmpty() && !attachments.isEmpty())
        m_attachments->setAttachments(attachments);
    updateActions();
}

void MainWindow::onExchangeFinished(int row)
{
    m_retryTicker.stop();
    const bool focusComposer = m_sendButton->hasFocus();
    State next = State::Done;
    if (row >= 0 && row < m_chatModel->rowCount()) {
        const ChatTurn &turn = m_chatModel->turn(row);
        if (turn.state == ChatTurn::State::Stopped) {
            next = State::Stopped;
        } else if (turn.state == ChatTurn::State::Failed) {
            next = State::Failed;
            m_error = turn.error.isError() ? turn.error : ApiError {};
            // A 400 about a setting is shown next to that setting.
            if (m_error.kind == ApiError::Kind::InvalidRequest && m_runSettings->showRequestError(m_error))
                m_runSettingsDock->show();
        }
    }
    setState(next);
    updateTokenContext();
    if (focusComposer)
        m_composer->setFocus();
}

void MainWindow::showTransient(const QString &text)
{
    m_transientMessage = text;
    updateStatus();
}

void MainWindow::setState(State state)
{
    const bool changed = state != m_state;
    m_state = state;
    if (changed)
        m_transientMessage.clear();
    updateActions();
    updateStatus();
    if (changed)
        Q_EMIT stateChanged(state);
}

void MainWindow::updateActions()
{
    const bool busy = m_session->isBusy();
    const bool preparing = m_session->state() == ChatSession::State::Preparing;
    m_stopAction->setEnabled(busy || m_editingRow >= 0);
    m_attachAction->setEnabled(!preparing && m_editingRow < 0);
    if (busy) {
        m_sendButton->setText(tr("Stop"));
        m_sendButton->setIcon(QIcon::fromTheme(u"process-stop"_s));
        m_sendButton->setEnabled(true);
        m_sendButton->setToolTip(preparing ? tr("Stop the uploads (Esc). Your message and its files stay here.")
                                           : tr("Stop the answer (Esc). What has arrived is kept."));
        return;
    }
    m_sendButton->setText(tr("Send"));
    m_sendButton->setIcon(QIcon::fromTheme(u"document-send"_s));
    const bool hasPrompt = !m_composer->toPlainText().trimmed().isEmpty() || !m_attachments->attachments().isEmpty();
    const QString settingsProblem = m_runSettings->problem();
    m_sendButton->setEnabled(canSend() && hasPrompt && !m_attachments->hasProblems() && settingsProblem.isEmpty());
    if (keyIsLoading())
        m_sendButton->setToolTip(tr("Reading the API key from the keychain…"));
    else if (!m_client->hasApiKey())
        m_sendButton->setToolTip(m_credentials
                ? tr("No API key is set: add one in Settings.")
                : tr("No API key is set: set GEMINI_API_KEY or GOOGLE_API_KEY and restart Alhena."));
    else if (!canSend())
        m_sendButton->setToolTip(m_setupProblem);
    else if (m_attachments->hasProblems())
        m_sendButton->setToolTip(
            tr("Remove the attachments that cannot be sent: %1").arg(m_attachments->problemSummary()));
    else if (!settingsProblem.isEmpty())
        m_sendButton->setToolTip(tr("A run setting cannot be sent: %1").arg(settingsProblem));
    else
        m_sendButton->setToolTip(tr("Send (%1). %2").arg(m_composer->sendKeyName(), m_composer->sendKeyHint()));
}

void MainWindow::updateStatus()
{
    const QLocale locale;
    QString text;
    QString toolTip;
    switch (m_state) {
    case State::Idle:
        if (keyIsLoading())
            text = tr("Reading the API key from the keychain…");
        else if (!m_client->hasApiKey())
            text = tr("No API key set");
        else if (!canSend())
            text = tr("The endpoint cannot be used");
        else
            text = tr("Ready");
        break;
    case State::Preparing:
        text = m_preparingStatus.isEmpty() ? tr("Preparing the attachments…") : m_preparingStatus;
        break;
    case State::Streaming: {
        const int row = m_session->activeRow();
        const bool streaming = row >= 0 && m_chatModel->turn(row).state == ChatTurn::State::Streaming;
        const bool thinking = row >= 0 && !m_chatModel->turn(row).thoughts().isEmpty();
        if (streaming)
            text = tr("Streaming…");
        else if (thinking)
            text = tr("Thinking…");
        else
            text = tr("Waiting for %1…").arg(m_session->modelName());
        break;
    }
    case State::Retrying: {
        const qint64 remainingMs = std::max<qint64>(0, m_retryDeadline.remainingTime());
        const int seconds = int(std::ceil(double(remainingMs) / 1000.0));
        const int attempts = m_client->config().retry.maxAttempts;
        text = seconds > 0 ? tr("Retrying in %1 s (attempt %2 of %3)…").arg(seconds).arg(m_retryAttempt).arg(attempts)
                           : tr("Retrying (attempt %1 of %2)…").arg(m_retryAttempt).arg(attempts);
        toolTip = m_error.userMessage();
        break;
    }
    case State::Done: {
        const int rows = m_chatModel->rowCount();
        const ChatTurn *last = rows > 0 ? &m_chatModel->turn(rows - 1) : nullptr;
        if (last && last->isModel() && last->state != ChatTurn::State::Done) {
            text = firstSentence(last->notice());
            toolTip = last->notice();
        } else if (last && last->usage) {
            text = tr("Done · tokens: %1 prompt, %2 answer, %3 thoughts")
                       .arg(locale.toString(last->usage->promptTokenCount),
                           locale.toString(last->usage->candidatesTokenCount),
                           locale.toString(last->usage->thoughtsTokenCount));
        } else {
            text = tr("Done");
        }
        break;
    }
    case State::Stopped:
        text = tr("Stopped · the partial answer is kept");
        break;
    case State::Failed:
        text = tr("Error: %1").arg(firstSentence(m_error.userMessage()));
        toolTip = m_error.userMessage();
        break;
    }
    if (!m_transientMessage.isEmpty()) {
        text = m_transientMessage;
        toolTip = m_transientMessage;
    } else if (!m_proxyProblem.isEmpty() && (m_state == State::Idle || m_state == State::Done)) {
        toolTip = tr("The proxy setting cannot be used (%1); requests go without a proxy.").arg(m_proxyProblem);
    }
    m_statusLabel->setText(text);
    m_statusLabel->setToolTip(toolTip);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Alhena"),
        tr("<h3>Alhena %1</h3><p>A native desktop client for the Gemini API.</p>")
            .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
}

SettingsDialog *MainWindow::showSettings()
{
    if (!m_appSettings || !m_credentials)
        return nullptr;
    if (!m_settingsDialog) {
        SettingsDialog::Context context;
        if (m_endpointSource == "command line"_L1) {
            context.baseUrlOverride = m_commandLineBaseUrl;
            context.baseUrlOverrideSource = tr("the command line");
        } else if (m_endpointSource == "GOOGLE_GEMINI_BASE_URL"_L1) {
            context.baseUrlOverride = m_environmentBaseUrl;
            context.baseUrlOverrideSource = u"GOOGLE_GEMINI_BASE_URL"_s;
        }
        context.clientConfig = m_client->config();
        context.clientConfig.apiKey.clear(); // Test uses the key it is given, and nothing else needs it
        context.dataFolder = AppSettings::dataFolder();
        context.languages = Appearance::availableLanguages();
        // Non-modal: the conversation stays usable, and changes apply as they are made.
        m_settingsDialog
            = new SettingsDialog(m_appSettings, m_credentials, m_client->networkAccessManager(), context, this);
        m_settingsDialog->setObjectName(u"settingsDialog"_s);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
        // A key saved (or kept for the session) from the settings ends the onboarding as well.
        connect(m_settingsDialog->keyEditor(), &ApiKeyEditor::saved, this, &MainWindow::onKeyReady);
    }
    m_settingsDialog->show();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
    return m_settingsDialog;
}

SettingsDialog *MainWindow::settingsDialog() const
{
    return m_settingsDialog;
}

QUrl MainWindow::resolveEndpoint(const QString &settingsBaseUrl)
{
    const ClientConfig::Resolved endpoint
        = ClientConfig::resolveBaseUrl(m_commandLineBaseUrl, m_environmentBaseUrl, settingsBaseUrl);
    m_endpointSource = endpoint.source;
    m_endpointError = endpoint.error;
    return endpoint.url;
}

void MainWindow::applyPreferences(const Preferences &preferences, const Preferences *previous)
{
    const ClientConfig before = m_client->config();
    ClientConfig config = before;
    config.baseUrl = resolveEndpoint(preferences.baseUrl);
    const QString apiVersion = preferences.apiVersion.trimmed();
    config.apiVersion = apiVersion.isEmpty() ? QString::fromLatin1(ClientConfig::DefaultApiVersion) : apiVersion;
    config.requestTimeoutMs = preferences.requestTimeoutSeconds * 1000;
    config.streamIdleTimeoutMs = preferences.streamIdleTimeoutSeconds * 1000;
    config.retry.maxAttempts = preferences.retries + 1;
    m_client->setConfig(config); // calls in flight keep theirs; the next request uses this

    if (!previous || previous->proxy != preferences.proxy)
        applyProxy();
    m_planner->setInlineLimitBytes(preferences.inlineLimitBytes);
    m_composer->setSendKey(preferences.sendKey);
    if (m_appearance
        && (!previous || previous->theme != preferences.theme || previous->fontPointSize != preferences.fontPointSize))
        m_appearance->apply(preferences.theme, preferences.fontPointSize);

    if (!previous)
        return; // the constructor finishes the setup
    updateSetup();
    const bool endpointChanged = before.baseUrl != config.baseUrl || before.apiVersion != config.apiVersion;
    if ((endpointChanged || previous->proxy != preferences.proxy) && canSend())
        m_models->reload();
}

void MainWindow::applyProxy()
{
    if (!m_appSettings)
        return;
    const ProxySettings &proxy = m_appSettings->preferences().proxy;
    const QString password
        = m_credentials ? m_credentials->value(QString::fromLatin1(SecretNames::ProxyPassword)) : QString();
    if (proxy.applyTo(m_client->networkAccessManager(), password)) {
        m_proxyProblem.clear();
    } else {
        m_proxyProblem = proxy.problem();
        if (m_proxyProblem.isEmpty())
            m_proxyProblem = tr("the proxy settings are incomplete");
        showTransient(tr("The proxy setting cannot be used (%1); requests go without a proxy.").arg(m_proxyProblem));
    }
}

bool MainWindow::keyIsLoading() const
{
    return m_credentials && !m_credentials->isLoaded();
}

void MainWindow::onCredentialsLoaded()
{
    m_client->setApiKey(m_credentials->apiKey());
    applyProxy(); // the proxy password may have just arrived
    updateSetup();
    if (canSend())
        m_models->reload();
    if (m_pages->currentWidget() == m_onboarding)
        m_onboarding->setFocus();
    else
        m_composer->setFocus();
}

void MainWindow::onCredentialChanged(const QString &name)
{
    if (!m_credentials->isLoaded())
        return; // onCredentialsLoaded takes everything at once
    if (name == QLatin1StringView(SecretNames::ProxyPassword)) {
        applyProxy();
        return;
    }
    if (name != QLatin1StringView(SecretNames::ApiKey))
        return;
    const QString key = m_credentials->apiKey();
    const bool changed = key != m_client->config().apiKey;
    m_client->setApiKey(key);
    const QString apiKeyName = QString::fromLatin1(SecretNames::ApiKey);
    if (key.isEmpty() || m_credentials->location(apiKeyName) != Credentials::Location::Session)
        m_onboardingHeld = false;
    else if (m_pages->currentWidget() == m_onboarding)
        m_onboardingHeld = true; // the keychain refused, or "don't remember": wait for keyReady
    updateSetup();
    if (changed && canSend())
        m_models->reload();
}

void MainWindow::onKeyReady()
{
    m_onboardingHeld = false;
    const QString key = m_credentials->apiKey();
    const bool changed = key != m_client->config().apiKey;
    m_client->setApiKey(key);
    updateSetup();
    if (changed && canSend())
        m_models->reload();
    if (m_pages->currentWidget() != m_onboarding)
        m_composer->setFocus();
}

void MainWindow::updateSetup()
{
    if (!m_endpointError.isEmpty())
        m_setupProblem = m_endpointError;
    else if (keyIsLoading())
        m_setupProblem = tr("Reading the API key from the keychain…");
    else if (!m_client->hasApiKey())
        m_setupProblem = tr("No API key is set.");
    else
        m_setupProblem.clear();

    m_tokenMeter->setVisible(canSend());
    if (m_onboarding) {
        m_onboarding->setClientConfig(m_client->config());
        m_onboarding->setEndpointNote(endpointNote());
    }
    updateWelcomeText();
    updateEndpointLabel();
    updateCurrentPage();
    updateActions();
    updateStatus();
    updateTokenContext();
}

void MainWindow::updateCurrentPage()
{
    const bool emptyChat = m_chatModel->rowCount() == 0 && !m_session->isBusy();
    const bool noKey = !keyIsLoading() && !m_client->hasApiKey();
    const bool onboarding = m_onboarding && emptyChat && (noKey || m_onboardingHeld);
    QWidget *current = m_pages->currentWidget();
    if (onboarding)
        m_pages->setCurrentWidget(m_onboarding);
    else if (current == m_onboarding)
        m_pages->setCurrentWidget(emptyChat ? m_welcomePage : static_cast<QWidget *>(m_chatView));
    const bool onboardingShown = m_pages->currentWidget() == m_onboarding;
    m_composerArea->setVisible(!onboardingShown);
    m_composerSeparator->setVisible(!onboardingShown);
    if (onboardingShown && current != m_onboarding) {
        m_onboarding->setFocus();
        // Nothing to steer without a key (not even a model list): the page has the whole window.
        m_runSettingsHiddenForOnboarding = !m_runSettingsDock->isHidden(); // the window may not be shown yet
        m_runSettingsDock->hide();
    } else if (!onboardingShown && current == m_onboarding) {
        m_composer->setFocus();
        if (std::exchange(m_runSettingsHiddenForOnboarding, false))
            m_runSettingsDock->show();
    }
    updateKeyBanner();
}

void MainWindow::updateKeyBanner()
{
    m_keyBanner->setVisible(
        m_credentials && !keyIsLoading() && !m_client->hasApiKey() && m_pages->currentWidget() != m_onboarding);
}

void MainWindow::updateWelcomeText()
{
    if (keyIsLoading()) {
        m_welcomeTitle->setText(tr("Ask Gemini anything"));
        m_welcomeText->setText(tr("<p>Reading the API key from the keychain…</p>"));
    } else if (!m_endpointError.isEmpty()) {
        QString fix;
        if (m_endpointSource == "command line"_L1)
            fix = tr("Correct <b>--api-base</b> and restart Alhena.");
        else if (m_endpointSource == "GOOGLE_GEMINI_BASE_URL"_L1)
            fix = tr("Correct <b>GOOGLE_GEMINI_BASE_URL</b> and restart Alhena.");
        else
            fix = tr("Correct the base URL in <b>Settings</b> (Connection).");
        m_welcomeTitle->setText(tr("The endpoint cannot be used"));
        m_welcomeText->setText(u"<p>%1</p><p>%2</p>"_s.arg(m_endpointError.toHtmlEscaped(), fix));
    } else if (!m_client->hasApiKey()) {
        // Only without Credentials (tests, embedders); otherwise the onboarding shows instead.
        m_welcomeTitle->setText(tr("No API key set"));
        m_welcomeText->setText(tr("<p>Alhena talks to Gemini with your own API key. Get one at "
                                  "<a href=\"%1\">%1</a>, then set it in <b>GEMINI_API_KEY</b> or "
                                  "<b>GOOGLE_API_KEY</b> and restart Alhena.</p>")
                                   .arg(QString::fromLatin1(OnboardingPage::KeyPageUrl)));
    } else {
        m_welcomeTitle->setText(tr("Ask Gemini anything"));
        const QString newLine
            = m_composer->sendKey() == Preferences::SendKey::CtrlEnter ? tr("Enter") : tr("Shift+Enter");
        m_welcomeText->setText(
            tr("<p>Type below and press <b>%1</b> to send. <b>%2</b> starts a new line, <b>Esc</b> stops an "
               "answer.</p>")
                .arg(m_composer->sendKeyName().toHtmlEscaped(), newLine.toHtmlEscaped()));
    }
}

QString MainWindow::endpointNote() const
{
    if (!m_endpointError.isEmpty())
        return tr("The endpoint cannot be used: %1 You can still save a key; correct the endpoint to use it.")
            .arg(m_endpointError);
    const QUrl url = m_client->config().baseUrl;
    if (isDefaultEndpoint(url))
        return {};
    return tr("Requests go to %1, not to Google's Gemini API: paste the key that endpoint expects.")
        .arg(url.toDisplayString());
}

void MainWindow::updateEndpointLabel()
{
    const QUrl url = m_client->config().baseUrl;
    if (isDefaultEndpoint(url) && m_endpointError.isEmpty()) {
        m_endpointLabel->hide();
        return;
    }
    m_endpointLabel->setText(tr("Endpoint: %1").arg(url.toDisplayString()));
    QString source;
    if (m_endpointSource == "command line"_L1)
        source = tr("It was set with --api-base.");
    else if (m_endpointSource == "GOOGLE_GEMINI_BASE_URL"_L1)
        source = tr("It was set in GOOGLE_GEMINI_BASE_URL.");
    else if (m_endpointSource == "settings"_L1)
        source = tr("It was set in the settings.");
    m_endpointLabel->setToolTip(
        tr("Requests go to %1, not to Google's Gemini API. %2").arg(url.toDisplayString(), source).trimmed());
    m_endpointLabel->show();
}
