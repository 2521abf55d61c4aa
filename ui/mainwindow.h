#pragma once

#include "api/apierror.h"
#include "api/usagemetadata.h"
#include "chathistory.h"

#include <QDeadlineTimer>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class ComposerEdit;
class GenerateCall;
class GeminiClient;
class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class TranscriptView;
struct GenerateContentResponse;

// The desktop window: the conversation (a welcome page until the first message) over the composer,
// the model picker in the tool bar, the state of the request in the status bar. Left and right
// dock areas stay free for the conversation list and the settings panels.
// One request at a time: send() streams the answer of the chosen model to the whole history;
// stop() (Esc) keeps the partial answer. Without an API key, or with an unusable endpoint, the
// window says what to do and does not send.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class State {
        Idle,      // nothing sent yet in this chat
        Streaming, // a request is on its way or its answer is arriving
        Retrying,  // waiting to try the request again after a transient error
        Done,
        Stopped, // stopped by the user; the partial answer is kept
        Failed,
    };
    Q_ENUM(State)

    struct Options
    {
        QString model;          // the model to start with; empty: FallbackModel
        QString endpointSource; // where the endpoint came from ("command line", ...), for the tooltip
        QString endpointError;  // non-empty: the endpoint is unusable, and this says why
    };

    static constexpr const char *FallbackModel = "gemini-2.5-flash";

    explicit MainWindow(GeminiClient *client, const Options &options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    State state() const { return m_state; }
    QString currentModel() const;
    const ChatHistory &history() const { return m_history; }
    // Whether a request can be sent at all (a key and a usable endpoint), and if not, why.
    bool canSend() const { return m_setupProblem.isEmpty(); }

    void send();
    void stop();
    void newChat();

Q_SIGNALS:
    void stateChanged(MainWindow::State state);

private:
    void createActions();
    void createToolBar();
    QWidget *createWelcomePage();
    QWidget *createComposer();
    void createStatusBar(const Options &options);
    void loadModels();

    void onTextDelta(const QString &text);
    void onRetrying(int nextAttempt, qint64 delayMs, const ApiError &error);
    void onFinished(const GenerateContentResponse &response);
    void onFailed(const ApiError &error);
    // The request is over: forget the call and give the prompt back to the composer if asked.
    void endRequest(State state, bool restorePrompt);

    void setState(State state);
    void updateActions();
    void updateStatus();
    void showAbout();

    GeminiClient *m_client;
    ChatHistory m_history;
    QPointer<GenerateCall> m_call;
    QString m_prompt; // the text of the request in flight
    QString m_requestModel;
    State m_state = State::Idle;
    bool m_stopRequested = false;
    bool m_receivedText = false;
    bool m_receivedThoughts = false;
    UsageMetadata m_usage;
    ApiError m_error;
    QString m_setupProblem; // why nothing can be sent (no key, unusable endpoint); empty if all is well

    // Retrying: a countdown to the next attempt.
    QTimer m_retryTicker;
    QDeadlineTimer m_retryDeadline;
    int m_retryAttempt = 0;

    QAction *m_newChatAction = nullptr;
    QAction *m_stopAction = nullptr;
    QComboBox *m_modelCombo = nullptr;
    QStackedWidget *m_pages = nullptr;
    QWidget *m_welcomePage = nullptr;
    TranscriptView *m_transcript = nullptr;
    ComposerEdit *m_composer = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_statusLabel = nullptr;
};
