#pragma once

#include "api/apierror.h"
#include "chat/chatsession.h"
#include "platform/audioplayer.h"
#include "store/storetypes.h"

#include <QDeadlineTimer>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class AppSettings;
class Appearance;
class AttachmentPlanner;
class AttachmentStrip;
class ChatModel;
class ChatView;
class ComposerEdit;
class ConversationStore;
class HistoryRecorder;
class HistoryRefresher;
class HistorySidebar;
class TitleWriter;
class Credentials;
class GeminiClient;
class GetCodeDialog;
class ModelList;
class OnboardingPage;
class QAction;
class QDockWidget;
class QFileDialog;
class QLabel;
class QMimeData;
class QPushButton;
class QSettings;
struct Preferences;
class QStackedWidget;
class QToolButton;
class RunSettingsPanel;
class SettingsDialog;
class SystemPresets;
class TokenCounter;
class TokenMeter;

// What the window starts with (outside the class: its default member initializers must be complete
// where MainWindow uses it as a default argument).
// The pointers must outlive the window.
struct MainWindowOptions
{
    QString model; // the model to start with; empty: the last one used, or FallbackModel
    // The endpoint: --api-base, then GOOGLE_GEMINI_BASE_URL, then the preferences' base URL, then
    // Google's (ClientConfig::resolveBaseUrl, again whenever the preferences change).
    QString commandLineBaseUrl;
    QString environmentBaseUrl;
    AudioPlayerFactory audioPlayerFactory; // plays audio attachments; null: no playback
    // The preferences (applied at start and whenever they change) and the file where the last model
    // and the system-instruction presets are kept. Null: the client's configuration is left as it is
    // and nothing is remembered (no settings file is touched).
    AppSettings *appSettings = nullptr;
    // Where the API key (and the proxy password) come from; the window keeps the client's key in step
    // and shows the onboarding while there is none. Null: the key is whatever the client has.
    Credentials *credentials = nullptr;
    // Theme and font; null: the application's look is left alone (tests).
    Appearance *appearance = nullptr;
    // The history: every conversation kept, in the sidebar (left dock), searchable, with branches,
    // export and import. Null: nothing is kept (the window forgets a chat on New Chat).
    ConversationStore *store = nullptr;
    // Re-sends attachments whose remote copy expired. Null: history is sent as it is.
    HistoryRefresher *historyRefresher = nullptr;
    // What happened to the history's database at start (repaired, replaced, unusable), for the user.
    QString storeNote;
    // Open this conversation at start (0: a new chat).
    qint64 openConversation = 0;
};

// The desktop window: the conversation (a welcome page until the first message) over the composer
// (attachment chips, the prompt, Attach and Send/Stop); the run settings (model, system instruction,
// generation config, safety, Get code) in the right dock; the state of the request and the token
// count of the next one in the status bar. The left dock area is kept for the conversation list
// (corners belong to the docks, so they run the full height).
// One exchange at a time, driven by a ChatSession over a ChatModel. Without an API key the
// conversation area shows the onboarding (paste, Test, Save); with an unusable endpoint the window
// says what to do; neither sends. Settings (the Settings menu) apply at once. Files dropped anywhere on the
// window, pasted or picked become attachment chips.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class State {
        Idle,      // nothing sent yet in this chat
        Preparing, // attachments are being uploaded or processed
        Streaming, // a request is on its way or its answer is arriving
        Retrying,  // waiting to try the request again after a transient error
        Done,      // the last exchange ended (whatever its outcome but a stop or an error)
        Stopped,   // stopped by the user; the partial answer is kept
        Failed,
    };
    Q_ENUM(State)

    using Options = MainWindowOptions;

    static constexpr const char *FallbackModel = "gemini-2.5-flash";

    // The client and the planner must outlive the window.
    MainWindow(
        GeminiClient *client, AttachmentPlanner *planner, const Options &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    State state() const { return m_state; }
    QString currentModel() const;
    ChatModel *chatModel() const { return m_chatModel; }
    RunSettingsPanel *runSettings() const { return m_runSettings; }
    QDockWidget *runSettingsDock() const { return m_runSettingsDock; }
    TokenCounter *tokenCounter() const { return m_tokenCounter; }
    TokenMeter *tokenMeter() const { return m_tokenMeter; }
    // The Get Code dialog, opened on the next request of the conversation.
    void showGetCode();
    ChatSession *session() const { return m_session; }
    // Whether a request can be sent at all (a key and a usable endpoint), and if not, why.
    bool canSend() const { return m_setupProblem.isEmpty(); }
    QString setupProblem() const { return m_setupProblem; }
    OnboardingPage *onboardingPage() const { return m_onboarding; }
    // Opens the settings dialog (one, non-modal); null without AppSettings and Credentials.
    SettingsDialog *showSettings();
    SettingsDialog *settingsDialog() const;
    // The row of the user turn being edited, or -1.
    int editingRow() const { return m_editingRow; }

    // History (with a store).
    HistorySidebar *historySidebar() const { return m_sidebar; }
    QDockWidget *historyDock() const { return m_historyDock; }
    HistoryRecorder *recorder() const { return m_recorder; }
    // The conversation shown (0: a new chat not stored yet).
    qint64 currentConversation() const;
    // Shows a stored conversation with its settings (and scrolls to one of its turns when turnId is
    // given, on whatever branch it is). Stops an exchange in flight first (what arrived is kept).
    bool openConversation(qint64 conversationId, qint64 turnId = 0);
    enum class ExportFormat {
        Json,     // one file with every conversation, `contents` as the API takes them
        Markdown, // a folder with one .md file per conversation and its attachments
    };
    // Without dialogs: writes the conversations to `path` (a file for JSON, a folder for Markdown);
    // false with the reason shown in a message box (or returned in *error when given).
    bool exportConversations(
        const QList<qint64> &ids, const QString &path, ExportFormat format, QString *error = nullptr);
    // Imports a JSON export: all of it or nothing; returns the new conversations' ids (empty on
    // failure, the reason in *error or a message box).
    QList<qint64> importConversations(const QString &path, QString *error = nullptr);

    void send();
    void stop();
    void newChat();
    // Offers files to attach (as if dropped); returns how many chips were added.
    int attachFiles(const QStringList &paths);
    void attachFromMimeData(const QMimeData *mime);
    void editTurn(int row);
    void cancelEdit();
    // The dialogs behind File → Export… and Import….
    void exportWithDialog(const QList<qint64> &ids);
    void importWithDialog();

Q_SIGNALS:
    void stateChanged(MainWindow::State state);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createToolBar();
    QWidget *createWelcomePage();
    QWidget *createComposer(const Options &options);
    void createStatusBar();
    QWidget *createNoticeBanner();
    QWidget *createSystemMarker();
    void createRunSettings(const Options &options);
    void createHistory(const Options &options);
    // A closable, movable dock of the side panels, `width` wide to start with.
    QDockWidget *addPanelDock(const QString &title, const QString &objectName, QWidget *widget, Qt::DockWidgetArea area,
        int minWidth, int width);
    // The run settings as a conversation keeps them.
    ConversationSettings currentConversationSettings() const;
    void onConversationDeleted(qint64 conversationId);
    void pickFiles();
    // The run settings changed: the session uses them from the next request on.
    void applyRunSettings();
    // Keeps the run settings the user changed with the open conversation.
    void storeConversationSettings();
    void updateSystemMarker();
    // What the token counter counts: the history the next request carries, and the draft.
    void updateTokenContext();
    void updateTokenDraft();

    void onSessionStateChanged(ChatSession::State state);
    void onRetrying(int nextAttempt, qint64 delayMs, const ApiError &error);
    void onPreparationFailed(const ApiError &error, const QString &text, const QList<Attachment> &attachments);
    void onPromptReturned(const QString &text, const QList<Attachment> &attachments);
    void onExchangeFinished(int row);
    void restorePrompt(const QString &text, const QList<Attachment> &attachments);
    void clearComposer();
    void showTransient(const QString &text);

    void setState(State state);
    void updateActions();
    void updateStatus();
    void updateEditBanner();
    void showAbout();

    // Preferences and keys.
    void applyPreferences(const Preferences &preferences, const Preferences *previous);
    void applyProxy();
    QUrl resolveEndpoint(const QString &settingsBaseUrl);
    QString endpointNote() const;
    void onCredentialsLoaded();
    void onCredentialChanged(const QString &name);
    void onKeyReady();
    // Recomputes m_setupProblem from the key and the endpoint, and what depends on it.
    void updateSetup();
    // The welcome page, the onboarding or the conversation, whichever the state calls for.
    void updateCurrentPage();
    void updateWelcomeText();
    void updateEndpointLabel();
    void updateKeyBanner();
    bool keyIsLoading() const;
    GeminiClient *m_client;
    ChatModel *m_chatModel = nullptr;
    ChatSession *m_session = nullptr;
    State m_state = State::Idle;
    ApiError m_error;
    QString m_setupProblem;     // why nothing can be sent (no key, unusable endpoint); empty if all is well
    QString m_preparingStatus;  // "Uploading talk.mp3 (1 of 2)…"
    QString m_transientMessage; // "Copied", a refused drop: shown until the next state change
    int m_editingRow = -1;
    bool m_clearComposerWhenSent = false;

    // Retrying: a countdown to the next attempt.
    QTimer m_retryTicker;
    QDeadlineTimer m_retryDeadline;
    int m_retryAttempt = 0;

    QAction *m_newChatAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_attachAction = nullptr;
    QSettings *m_settings = nullptr; // AppSettings' file, or null
    AttachmentPlanner *m_planner = nullptr;
    AppSettings *m_appSettings = nullptr;
    Credentials *m_credentials = nullptr;
    Appearance *m_appearance = nullptr;
    QString m_commandLineBaseUrl;
    QString m_environmentBaseUrl;
    QString m_endpointSource; // "command line", "GOOGLE_GEMINI_BASE_URL", "settings", "default"; empty: the caller's
    QString m_endpointError;  // non-empty: the endpoint is unusable, and this says why
    QString m_proxyProblem;   // the manual proxy could not be used (requests go direct)
    QPointer<SettingsDialog> m_settingsDialog;
    OnboardingPage *m_onboarding = nullptr;
    QLabel *m_welcomeTitle = nullptr;
    QLabel *m_welcomeText = nullptr;
    QLabel *m_endpointLabel = nullptr;
    QWidget *m_noticeBanner = nullptr; // the settings' load note, until dismissed
    QLabel *m_noticeLabel = nullptr;
    QWidget *m_keyBanner = nullptr; // no key while a conversation is shown
    QWidget *m_composerArea = nullptr;
    QWidget *m_composerSeparator = nullptr;
    // The onboarding stays while its key is only in memory and the user has not yet chosen (the
    // keychain refused: keep it for the session, or a file).
    bool m_onboardingHeld = false;
    QAction *m_settingsAction = nullptr;
    ModelList *m_models = nullptr;
    SystemPresets *m_presets = nullptr;
    TokenCounter *m_tokenCounter = nullptr;
    RunSettingsPanel *m_runSettings = nullptr;
    QDockWidget *m_runSettingsDock = nullptr;
    bool m_runSettingsHiddenForOnboarding = false; // shown again when the onboarding is done
    TokenMeter *m_tokenMeter = nullptr;
    QWidget *m_systemMarker = nullptr;
    QLabel *m_systemMarkerLabel = nullptr;
    QPointer<GetCodeDialog> m_getCodeDialog;
    ConversationStore *m_store = nullptr;
    HistoryRecorder *m_recorder = nullptr;
    HistorySidebar *m_sidebar = nullptr;
    QDockWidget *m_historyDock = nullptr;
    TitleWriter *m_titleWriter = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_exportAllAction = nullptr;
    QAction *m_importAction = nullptr;
    bool m_applyingConversation = false; // the panels are being set from a conversation: nothing to store
    QStackedWidget *m_pages = nullptr;
    QWidget *m_welcomePage = nullptr;
    ChatView *m_chatView = nullptr;
    QWidget *m_editBanner = nullptr;
    QLabel *m_editBannerLabel = nullptr;
    AttachmentStrip *m_attachments = nullptr;
    ComposerEdit *m_composer = nullptr;
    QToolButton *m_attachButton = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_statusLabel = nullptr;
    QPointer<QFileDialog> m_fileDialog;
    QString m_lastAttachFolder; // where the file dialog opens next
};
