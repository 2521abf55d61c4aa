#include "mainwindow.h"

#include "api/generateresponse.h"
#include "api/modelinfo.h"
#include "composeredit.h"
#include "geminiclient.h"
#include "generatecall.h"
#include "transcriptview.h"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

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

} // namespace

MainWindow::MainWindow(GeminiClient *client, const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(u"Alhena"_s);
    resize(1000, 700);

    if (!options.endpointError.isEmpty())
        m_setupProblem = options.endpointError;
    else if (!m_client->hasApiKey())
        m_setupProblem = tr("No API key is set.");

    createActions();
    createToolBar();

    m_pages = new QStackedWidget;
    m_pages->setObjectName(u"conversationPages"_s);
    m_welcomePage = createWelcomePage();
    m_transcript = new TranscriptView;
    m_pages->addWidget(m_welcomePage);
    m_pages->addWidget(m_transcript);

    auto *separator = new QFrame;
    separator->setFrameShape(QFrame::HLine);
    separator->setFrameShadow(QFrame::Sunken);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_pages, 1);
    layout->addWidget(separator);
    layout->addWidget(createComposer());
    setCentralWidget(central);

    createStatusBar(options);

    m_modelCombo->setEditText(
        options.model.trimmed().isEmpty() ? QString::fromLatin1(FallbackModel) : options.model.trimmed());
    loadModels();

    m_retryTicker.setInterval(250);
    connect(&m_retryTicker, &QTimer::timeout, this, &MainWindow::updateStatus);

    updateActions();
    updateStatus();
    m_composer->setFocus();
}

MainWindow::~MainWindow()
{
    // The call belongs to the client, which outlives the window: stop it without hearing back.
    if (m_call) {
        m_call->disconnect(this);
        m_call->cancel();
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

    m_stopAction = new QAction(QIcon::fromTheme(u"process-stop"_s), tr("&Stop Answer"), this);
    m_stopAction->setObjectName(u"stopAction"_s);
    m_stopAction->setShortcut(Qt::Key_Escape);
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stop);

    auto *quitAction = new QAction(QIcon::fromTheme(u"application-exit"_s), tr("&Quit"), this);
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    auto *aboutAction = new QAction(tr("&About Alhena"), this);
    connect(aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_newChatAction);
    fileMenu->addAction(m_stopAction);
    fileMenu->addSeparator();
    fileMenu->addAction(quitAction);
    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main Toolbar"));
    bar->setObjectName(u"mainToolBar"_s);
    bar->setMovable(false);
    bar->setFloatable(false);
    bar->toggleViewAction()->setVisible(false); // it holds the model picker: always there
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_newChatAction);

    auto *spacer = new QWidget;
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);

    m_modelCombo = new QComboBox;
    m_modelCombo->setObjectName(u"modelComboBox"_s);
    m_modelCombo->setEditable(true);
    m_modelCombo->setInsertPolicy(QComboBox::NoInsert);
    m_modelCombo->setMinimumContentsLength(24);
    m_modelCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modelCombo->addItem(QString::fromLatin1(FallbackModel));
    m_modelCombo->setToolTip(tr("The model that answers. Pick one, or type a model name."));
    auto *label = new QLabel(tr("&Model:"));
    label->setBuddy(m_modelCombo);
    label->setContentsMargins(0, 0, 6, 0);
    bar->addWidget(label);
    bar->addWidget(m_modelCombo);
    auto *end = new QWidget;
    end->setFixedWidth(6);
    bar->addWidget(end);
}

QWidget *MainWindow::createWelcomePage()
{
    auto *page = new QWidget;
    page->setObjectName(u"welcomePage"_s);
    page->setBackgroundRole(QPalette::Base);
    page->setAutoFillBackground(true);

    auto *title = new QLabel;
    title->setObjectName(u"welcomeTitle"_s);
    title->setAlignment(Qt::AlignCenter);
    title->setWordWrap(true);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);

    auto *text = new QLabel;
    text->setObjectName(u"welcomeText"_s);
    text->setAlignment(Qt::AlignCenter);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setOpenExternalLinks(true);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);

    if (!canSend() && !m_client->hasApiKey()) {
        title->setText(tr("No API key set"));
        text->setText(tr("<p>Alhena talks to Gemini with your own API key. Get one at "
                         "<a href=\"https://aistudio.google.com/apikey\">https://aistudio.google.com/apikey</a>.</p>"
                         "<p>Then put it in the <b>GEMINI_API_KEY</b> (or <b>GOOGLE_API_KEY</b>) environment "
                         "variable and restart Alhena, for example:</p>"
                         "<p><code>export GEMINI_API_KEY=your-key</code></p>"));
    } else if (!canSend()) {
        title->setText(tr("The endpoint cannot be used"));
        text->setText(tr("<p>%1</p><p>Correct <b>--api-base</b> or <b>GOOGLE_GEMINI_BASE_URL</b> and restart "
                         "Alhena.</p>")
                          .arg(m_setupProblem.toHtmlEscaped()));
    } else {
        title->setText(tr("Ask Gemini anything"));
        text->setText(tr("<p>Type below and press <b>Enter</b> to send. <b>Shift+Enter</b> starts a new line, "
                         "<b>Esc</b> stops an answer.</p>"));
    }

    // A column of at most 560 pixels in the middle: the text wraps in it (a centred word-wrapped
    // label on its own would take its narrow size hint and be cut).
    auto *column = new QWidget;
    column->setMaximumWidth(560);
    column->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->setSpacing(12);
    columnLayout->addWidget(title);
    columnLayout->addWidget(text);

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 100);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
    return page;
}

QWidget *MainWindow::createComposer()
{
    auto *area = new QWidget;
    area->setObjectName(u"composerArea"_s);

    m_composer = new ComposerEdit;
    m_composer->setObjectName(u"composerEdit"_s);
    m_composer->setPlaceholderText(tr("Ask Gemini…"));
    m_composer->setAccessibleName(tr("Prompt"));

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
    connect(m_sendButton, &QPushButton::clicked, this, [this] {
        if (m_call)
            stop();
        else
            send();
    });

    // The composer lines up with the conversation's text column.
    auto *row = new QWidget;
    row->setMaximumWidth(TranscriptView::MaxContentWidth);
    auto *rowLayout = new QHBoxLayout(row);
    rowLayout->setContentsMargins(0, 0, 0, 0);
    rowLayout->setSpacing(10);
    rowLayout->addWidget(m_composer, 1);
    rowLayout->addWidget(m_sendButton, 0, Qt::AlignBottom);

    auto *layout = new QHBoxLayout(area);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(row);
    return area;
}

void MainWindow::createStatusBar(const Options &options)
{
    m_statusLabel = new QLabel;
    m_statusLabel->setObjectName(u"statusLabel"_s);
    // Long messages are cut, never widen the window.
    m_statusLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_statusLabel->setContentsMargins(6, 0, 6, 0);
    statusBar()->addWidget(m_statusLabel, 1);

    const ClientConfig &config = m_client->config();
    if (!isDefaultEndpoint(config.baseUrl)) {
        // Whoever sees this window should know when it does not talk to Google (e.g. the fake server).
        auto *endpoint = new QLabel(tr("Endpoint: %1").arg(config.baseUrl.toDisplayString()));
        endpoint->setObjectName(u"endpointLabel"_s);
        endpoint->setContentsMargins(6, 0, 6, 0);
        QString source;
        if (options.endpointSource == "command line"_L1)
            source = tr("It was set with --api-base.");
        else if (options.endpointSource == "GOOGLE_GEMINI_BASE_URL"_L1)
            source = tr("It was set in GOOGLE_GEMINI_BASE_URL.");
        else if (options.endpointSource == "settings"_L1)
            source = tr("It was set in the settings.");
        endpoint->setToolTip(tr("Requests go to %1, not to Google's Gemini API. %2")
                                 .arg(config.baseUrl.toDisplayString(), source)
                                 .trimmed());
        statusBar()->addPermanentWidget(endpoint);
    }
}

void MainWindow::loadModels()
{
    if (!canSend())
        return;
    m_client->listModels(this, [this](const QList<ModelInfo> &models, const ApiError &error) {
        if (error.isError()) {
            m_modelCombo->setToolTip(tr("The list of models could not be loaded: %1\nYou can still type a model name.")
                                         .arg(error.userMessage()));
            return;
        }
        const QString current = currentModel();
        m_modelCombo->clear();
        for (const ModelInfo &model : models) {
            if (!model.supportsGenerateContent())
                continue;
            m_modelCombo->addItem(model.id());
            if (!model.displayName.isEmpty())
                m_modelCombo->setItemData(m_modelCombo->count() - 1, model.displayName, Qt::ToolTipRole);
        }
        if (m_modelCombo->count() == 0)
            m_modelCombo->addItem(QString::fromLatin1(FallbackModel));
        const int index = m_modelCombo->findText(current);
        if (index >= 0)
            m_modelCombo->setCurrentIndex(index);
        else
            m_modelCombo->setEditText(current);
    });
}

QString MainWindow::currentModel() const
{
    const QString model = m_modelCombo->currentText().trimmed();
    return model.isEmpty() ? QString::fromLatin1(FallbackModel) : model;
}

void MainWindow::send()
{
    if (m_call || !canSend())
        return;
    const QString prompt = m_composer->toPlainText().trimmed();
    if (prompt.isEmpty())
        return;

    m_prompt = prompt;
    m_requestModel = currentModel();
    m_stopRequested = m_receivedText = m_receivedThoughts = false;
    m_usage = {};
    m_error = {};
    m_history.addUserTurn(prompt);

    m_pages->setCurrentWidget(m_transcript);
    m_transcript->addUserMessage(prompt);
    m_transcript->beginReply(m_requestModel);
    m_composer->clear();

    GenerateCall *call = m_client->streamGenerateContent(m_requestModel, m_history.request());
    m_call = call;
    connect(call, &GenerateCall::textDelta, this, [this](int candidate, const QString &text) {
        if (candidate == 0)
            onTextDelta(text);
    });
    connect(call, &GenerateCall::thoughtDelta, this, [this](int candidate, const QString &) {
        if (candidate != 0 || m_receivedThoughts)
            return;
        m_receivedThoughts = true;
        setState(State::Streaming);
    });
    connect(call, &GenerateCall::usageChanged, this, [this](const UsageMetadata &usage) { m_usage = usage; });
    connect(call, &GenerateCall::retrying, this, &MainWindow::onRetrying);
    connect(call, &GenerateCall::finished, this, &MainWindow::onFinished);
    connect(call, &GenerateCall::failed, this, &MainWindow::onFailed);
    setState(State::Streaming);
}

void MainWindow::stop()
{
    if (!m_call)
        return;
    m_stopRequested = true;
    m_call->cancel(); // failed(Cancelled) follows, possibly at once
}

void MainWindow::newChat()
{
    if (m_call) {
        m_call->disconnect(this);
        m_call->cancel();
        m_call = nullptr;
    }
    m_retryTicker.stop();
    m_history.clear();
    m_transcript->clearConversation();
    m_pages->setCurrentWidget(m_welcomePage);
    m_prompt.clear();
    m_usage = {};
    m_error = {};
    setState(State::Idle);
    m_composer->setFocus();
}

void MainWindow::onTextDelta(const QString &text)
{
    m_transcript->appendReplyText(text);
    if (!m_receivedText || m_state != State::Streaming) {
        m_receivedText = true;
        setState(State::Streaming);
    }
}

void MainWindow::onRetrying(int nextAttempt, qint64 delayMs, const ApiError &error)
{
    m_retryAttempt = nextAttempt;
    m_retryDeadline = QDeadlineTimer(delayMs);
    m_error = error;
    m_retryTicker.start();
    setState(State::Retrying);
}

void MainWindow::onFinished(const GenerateContentResponse &response)
{
    m_transcript->endReply();
    if (response.usageMetadata)
        m_usage = *response.usageMetadata;
    const Candidate *candidate = response.candidate(0);
    const Content content = candidate ? candidate->content : Content {};
    const QString finishReason = candidate ? candidate->finishReason : QString();

    const bool answered = !content.parts.isEmpty();
    if (answered)
        m_history.addModelTurn(content);
    else
        m_history.removeTrailingUserTurn(); // nothing to continue from: the prompt goes back to the composer

    if (finishReason == "MAX_TOKENS"_L1)
        m_transcript->addNote(
            TranscriptView::NoteKind::Warning, tr("The answer was cut off: it reached the maximum output length."));
    else if (finishReason == "SAFETY"_L1)
        m_transcript->addNote(TranscriptView::NoteKind::Warning, tr("The answer was stopped by the safety filters."));
    else if (finishReason == "RECITATION"_L1)
        m_transcript->addNote(TranscriptView::NoteKind::Warning,
            tr("The answer was stopped because it resembled existing material too closely (recitation)."));
    else if (!finishReason.isEmpty() && finishReason != "STOP"_L1)
        m_transcript->addNote(TranscriptView::NoteKind::Warning, tr("The answer ended early (%1).").arg(finishReason));
    else if (!answered)
        m_transcript->addNote(TranscriptView::NoteKind::Warning, tr("The model sent no answer."));

    endRequest(State::Done, !answered);
}

void MainWindow::onFailed(const ApiError &error)
{
    m_transcript->endReply();
    if (error.kind == ApiError::Kind::Cancelled && m_stopRequested) {
        // What arrived stays in the conversation: the next turn goes on from it.
        const GenerateContentResponse partial = m_call ? m_call->response() : GenerateContentResponse {};
        const Candidate *candidate = partial.candidate(0);
        const bool answered = candidate && !candidate->content.parts.isEmpty();
        if (answered)
            m_history.addModelTurn(candidate->content);
        else
            m_history.removeTrailingUserTurn();
        m_transcript->addNote(TranscriptView::NoteKind::Stopped, tr("Stopped"));
        endRequest(State::Stopped, !answered);
        return;
    }
    // The exchange failed: it leaves the history, the prompt goes back to the composer to try again,
    // and the transcript keeps whatever arrived, with the reason.
    m_error = error;
    m_history.removeTrailingUserTurn();
    m_transcript->addNote(TranscriptView::NoteKind::Error, error.userMessage());
    endRequest(State::Failed, true);
}

void MainWindow::endRequest(State state, bool restorePrompt)
{
    if (m_call)
        m_call->disconnect(this);
    m_call = nullptr;
    m_retryTicker.stop();
    if (restorePrompt && m_composer->toPlainText().trimmed().isEmpty()) {
        m_composer->setPlainText(m_prompt);
        m_composer->moveCursor(QTextCursor::End);
    }
    m_prompt.clear();
    const bool focusComposer = m_sendButton->hasFocus();
    setState(state);
    if (focusComposer)
        m_composer->setFocus();
}

void MainWindow::setState(State state)
{
    const bool changed = state != m_state;
    m_state = state;
    updateActions();
    updateStatus();
    if (changed)
        Q_EMIT stateChanged(state);
}

void MainWindow::updateActions()
{
    const bool busy = !m_call.isNull();
    m_stopAction->setEnabled(busy);
    if (busy) {
        m_sendButton->setText(tr("Stop"));
        m_sendButton->setIcon(QIcon::fromTheme(u"process-stop"_s));
        m_sendButton->setEnabled(true);
        m_sendButton->setToolTip(tr("Stop the answer (Esc). What has arrived is kept."));
        return;
    }
    m_sendButton->setText(tr("Send"));
    m_sendButton->setIcon(QIcon::fromTheme(u"document-send"_s));
    m_sendButton->setEnabled(canSend() && !m_composer->toPlainText().trimmed().isEmpty());
    if (!m_client->hasApiKey())
        m_sendButton->setToolTip(tr("No API key is set: set GEMINI_API_KEY or GOOGLE_API_KEY and restart Alhena."));
    else if (!canSend())
        m_sendButton->setToolTip(m_setupProblem);
    else
        m_sendButton->setToolTip(tr("Send (Enter). Shift+Enter starts a new line."));
}

void MainWindow::updateStatus()
{
    const QLocale locale;
    QString text;
    QString toolTip;
    switch (m_state) {
    case State::Idle:
        if (!m_client->hasApiKey())
            text = tr("No API key set");
        else if (!canSend())
            text = tr("The endpoint cannot be used");
        else
            text = tr("Ready");
        break;
    case State::Streaming:
        if (m_receivedText)
            text = tr("Streaming…");
        else if (m_receivedThoughts)
            text = tr("Thinking…");
        else
            text = tr("Waiting for %1…").arg(m_requestModel);
        break;
    case State::Retrying: {
        const qint64 remainingMs = std::max<qint64>(0, m_retryDeadline.remainingTime());
        const int seconds = int(std::ceil(double(remainingMs) / 1000.0));
        const int attempts = m_client->config().retry.maxAttempts;
        text = seconds > 0
            ? tr("Retrying in %n s (attempt %1 of %2)…", nullptr, seconds).arg(m_retryAttempt).arg(attempts)
            : tr("Retrying (attempt %1 of %2)…").arg(m_retryAttempt).arg(attempts);
        toolTip = m_error.userMessage();
        break;
    }
    case State::Done:
        text = tr("Done · tokens: %1 prompt, %2 answer, %3 thoughts")
                   .arg(locale.toString(m_usage.promptTokenCount), locale.toString(m_usage.candidatesTokenCount),
                       locale.toString(m_usage.thoughtsTokenCount));
        break;
    case State::Stopped:
        text = tr("Stopped · the partial answer is kept");
        break;
    case State::Failed:
        text = tr("Error: %1").arg(firstSentence(m_error.userMessage()));
        toolTip = m_error.userMessage();
        break;
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
