#include "apikeyeditor.h"
#include "attachmentstrip.h"
#include "chat/attachmentplanner.h"
#include "chat/chatmodel.h"
#include "chat/modellist.h"
#include "chatview.h"
#include "composeredit.h"
#include "fakefileservice.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "historysidebar.h"
#include "mainwindow.h"
#include "messagedelegate.h"
#include "onboardingpage.h"
#include "runsettingspanel.h"
#include "settingsdialog.h"
#include "store/conversationlistmodel.h"
#include "store/historyrecorder.h"
#include "support/clientfixture.h"
#include "support/loopbackproxy.h"
#include "support/samplefiles.h"
#include "support/windowfixture.h"
#include "systeminstructionpanel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The (mimeType, data size) of the inlineData parts and the texts of one turn of a request.
struct TurnParts
{
    QStringList inlineTypes;
    QStringList fileTypes;
    QStringList texts;
};

TurnParts partsOf(const QJsonObject &turn)
{
    TurnParts parts;
    for (const QJsonValue &value : turn.value(u"parts"_s).toArray()) {
        const QJsonObject part = value.toObject();
        if (part.contains(u"inlineData"_s))
            parts.inlineTypes.append(part.value(u"inlineData"_s).toObject().value(u"mimeType"_s).toString());
        else if (part.contains(u"fileData"_s))
            parts.fileTypes.append(part.value(u"fileData"_s).toObject().value(u"mimeType"_s).toString());
        else if (part.contains(u"text"_s))
            parts.texts.append(part.value(u"text"_s).toString());
    }
    return parts;
}

} // namespace

class tst_MainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void windowBasics();
    void sendShowsStreamedEcho();
    void shiftEnterStartsANewLine();
    void secondTurnSendsTheWholeHistory();
    void modelTurnsGoBackWhole();
    void stopKeepsThePartialAnswer();
    void serverErrorIsShownPlainly();
    void retryAfterAnInjected503();
    void regenerateReplacesTheLastAnswer();
    void editAndResend();
    void blockedPromptComesBackForEditing();
    void truncatedAnswerContinues();
    void candidatesAreBrowsable();
    void droppedFilesBecomeChipsAndParts();
    void dropOnTheComposer();
    void pastedImageIsAttached();
    void badFilesAreRefusedWithTheReason_data();
    void badFilesAreRefusedWithTheReason();
    void largeAttachmentGoesThroughTheFilesApi();
    void failedUploadLosesNothing();
    void noKeyExplainsAndDisablesSend();
    void unusableEndpointExplains();
    void newChatStartsOver();

    // Keys and settings
    void noKeyShowsTheOnboarding();
    void badKeyIsExplainedAndNotSaved();
    void goodKeyGoesStraightToChatting();
    void keychainFailureKeepsTheKeyForTheSession();
    void keySavedInTheSettingsEndsTheOnboarding();
    void environmentKeySkipsTheOnboarding();
    void keyIsReadBeforeAnythingIsSent();
    void forgettingTheKeyStopsSending();
    void settingsOpenFromTheMenuOnce();
    void baseUrlChangeAppliesWithoutRestart();
    void networkPreferencesReachTheClient();
    void ctrlEnterSendKey();
    void proxyPreferenceIsUsed();
    void damagedSettingsFileIsNoted_data();
    void damagedSettingsFileIsNoted();

    // History
    void conversationsAreKeptAcrossRestarts();
    void modelWritesTheTitle();
    void switchingConversationsSwitchesTheirSettings();
    void regenerateKeepsTheOldAnswerAsABranch();
    void searchOpensTheConversationAtTheTurn();
    void exportAndImportRoundTrip();
    void malformedImportAddsNothing();
    void deletingTheOpenConversationStartsANewChat();
    void interruptedAnswerCanBeRetried();

private:
    QTemporaryDir m_dir;
    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    QString pngPath() { return writeFile(u"photo.png"_s, SampleFiles::tinyPng()); }
};

void tst_MainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void tst_MainWindow::windowBasics()
{
    WindowFixture f;
    MainWindow &window = *f.window;
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), u"Alhena"_s);
    QCOMPARE(window.state(), MainWindow::State::Idle);
    QCOMPARE(f.composer()->placeholderText(), u"Ask Gemini…"_s);
    QTRY_COMPARE(QApplication::focusWidget(), f.composer());
    QVERIFY(!f.sendButton()->isEnabled()); // nothing typed yet
    QCOMPARE(f.status(), u"Ready"_s);
    QVERIFY(f.label(u"welcomeText"_s)->isVisible());
    QVERIFY(f.strip()->isHidden()); // no attachments yet
    QVERIFY(window.acceptDrops());
    // The dock areas are kept for the conversation list (left) and the panels (right), full height.
    QCOMPARE(window.corner(Qt::TopLeftCorner), Qt::LeftDockWidgetArea);
    QCOMPARE(window.corner(Qt::BottomRightCorner), Qt::RightDockWidgetArea);

    // Not Google's endpoint: the status bar says where requests go.
    QLabel *endpoint = f.label(u"endpointLabel"_s);
    QVERIFY(endpoint);
    QVERIFY(endpoint->isVisible());
    QVERIFY2(endpoint->text().contains(QString::number(f.server().port())), qPrintable(endpoint->text()));

    // The model list comes from the server: models that can generate content only.
    auto *models = window.findChild<QComboBox *>(u"modelComboBox"_s);
    QTRY_VERIFY(models->findData(u"gemini-2.5-pro"_s, ModelList::IdRole) >= 0);
    QCOMPARE(models->findData(u"gemini-embedding-001"_s, ModelList::IdRole), -1);
    QCOMPARE(window.currentModel(), u"gemini-2.5-flash"_s);
    QCOMPARE(f.server().requests(u"/models"_s).constFirst().method, QByteArray("GET"));
}

void tst_MainWindow::sendShowsStreamedEcho()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    auto *models = f.window->findChild<QComboBox *>(u"modelComboBox"_s);
    QTRY_VERIFY(models->findData(u"gemini-2.5-pro"_s, ModelList::IdRole) >= 0);
    models->setCurrentIndex(models->findData(u"gemini-2.5-pro"_s, ModelList::IdRole));

    f.type(u"Hello there"_s);
    QVERIFY(f.sendButton()->isEnabled());
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QCOMPARE(f.window->state(), MainWindow::State::Streaming);
    QCOMPARE(f.sendButton()->text(), u"Stop"_s);
    QVERIFY(f.composer()->toPlainText().isEmpty());
    QCOMPARE(f.window->findChild<QStackedWidget *>(u"conversationPages"_s)->currentWidget(), f.chatView());
    QCOMPARE(f.model()->rowCount(), 2);
    QCOMPARE(f.model()->index(0).data(ChatModel::RoleRole).toString(), u"user"_s);
    QCOMPARE(f.model()->index(1).data(ChatModel::ModelRole).toString(), u"gemini-2.5-pro"_s);

    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QVERIFY2(f.conversationText().contains(u"Echo: Hello there"_s), qPrintable(f.conversationText()));
    QCOMPARE(f.lastState(), ChatTurn::State::Done);
    QVERIFY(f.model()->index(1).data(ChatModel::PromptTokensRole).toInt() > 0);
    QVERIFY2(f.status().startsWith(u"Done · tokens: "_s), qPrintable(f.status()));
    QCOMPARE(f.sendButton()->text(), u"Send"_s);
    QVERIFY(f.chatView()->isFollowingLatest());

    const QList<FakeGeminiServer::Request> requests = f.generateRequests();
    QCOMPARE(requests.size(), 1);
    QVERIFY(requests.constFirst().path.contains(u"models/gemini-2.5-pro:streamGenerateContent"_s));
    QCOMPARE(requests.constFirst().query.queryItemValue(u"alt"_s), u"sse"_s);
}

void tst_MainWindow::shiftEnterStartsANewLine()
{
    WindowFixture f;
    f.type(u"line one"_s);
    QTest::keyClick(f.composer(), Qt::Key_Return, Qt::ShiftModifier);
    f.type(u"line two"_s);
    QCOMPARE(f.composer()->toPlainText(), u"line one\nline two"_s);
    QCOMPARE(f.window->state(), MainWindow::State::Idle);
    // The composer grows with its text.
    const int twoLines = f.composer()->sizeHint().height();
    for (int i = 0; i < 4; ++i)
        QTest::keyClick(f.composer(), Qt::Key_Return, Qt::ShiftModifier);
    QVERIFY(f.composer()->sizeHint().height() > twoLines);
    for (int i = 0; i < 4; ++i)
        QTest::keyClick(f.composer(), Qt::Key_Backspace);
    QTest::keyClick(f.composer(), Qt::Key_Enter); // the keypad's Enter sends too
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(partsOf(f.lastContents().at(0).toObject()).texts, QStringList {u"line one\nline two"_s});
    QCOMPARE(f.model()->index(0).data(ChatModel::TextRole).toString(), u"line one\nline two"_s);
}

void tst_MainWindow::secondTurnSendsTheWholeHistory()
{
    WindowFixture f;
    f.sendPrompt(u"First question"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    f.sendPrompt(u"Second question"_s);
    QTRY_COMPARE_WITH_TIMEOUT(f.generateRequests().size(), 2, 5000);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QVERIFY(f.conversationText().contains(u"Echo: Second question"_s));
    QVERIFY(f.conversationText().contains(u"Received 3 turn(s)"_s));

    const QJsonArray contents = f.lastContents();
    QCOMPARE(contents.size(), 3);
    const auto role = [&contents](int i) { return contents.at(i).toObject().value(u"role"_s).toString(); };
    const auto text = [&contents](int i) { return partsOf(contents.at(i).toObject()).texts.join(QString()); };
    QCOMPARE(role(0), u"user"_s);
    QCOMPARE(role(1), u"model"_s);
    QCOMPARE(role(2), u"user"_s);
    QCOMPARE(text(0), u"First question"_s);
    QVERIFY(text(1).startsWith(u"Echo: First question"_s));
    QCOMPARE(text(2), u"Second question"_s);
    QCOMPARE(f.model()->rowCount(), 4);
}

void tst_MainWindow::modelTurnsGoBackWhole()
{
    WindowFixture f;
    const auto chunk = [](const QJsonArray &parts, bool last) {
        QJsonObject candidate {
            {u"content"_s, QJsonObject {{u"role"_s, u"model"_s}, {u"parts"_s, parts}}}, {u"index"_s, 0}};
        if (last)
            candidate.insert(u"finishReason"_s, u"STOP"_s);
        QJsonObject response {{u"candidates"_s, QJsonArray {candidate}}};
        if (last)
            response.insert(u"usageMetadata"_s,
                QJsonObject {{u"promptTokenCount"_s, 5}, {u"candidatesTokenCount"_s, 2}, {u"thoughtsTokenCount"_s, 7},
                    {u"totalTokenCount"_s, 14}});
        return response;
    };
    FakeGeminiServer::Script script;
    script.chunks = {
        chunk({QJsonObject {{u"text"_s, u"Thinking about it"_s}, {u"thought"_s, true}}}, false),
        chunk({QJsonObject {{u"text"_s, u"Hello"_s}, {u"thoughtSignature"_s, u"c2lnbmF0dXJl"_s}}}, false),
        chunk({QJsonObject {{u"text"_s, u" world"_s}}}, true),
    };
    f.server().enqueue(script);
    f.sendPrompt(u"Hi"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.model()->index(1).data(ChatModel::TextRole).toString(), u"Hello world"_s);
    QCOMPARE(f.model()->index(1).data(ChatModel::ThoughtsRole).toString(), u"Thinking about it"_s);
    QCOMPARE(f.status(), u"Done · tokens: 5 prompt, 2 answer, 7 thoughts"_s);

    f.sendPrompt(u"And then?"_s);
    QTRY_COMPARE(f.generateRequests().size(), 2);
    const QJsonObject modelTurn = f.lastContents().at(1).toObject();
    QCOMPARE(modelTurn.value(u"role"_s).toString(), u"model"_s);
    QStringList signatures;
    QStringList texts;
    bool thoughtKept = false;
    for (const QJsonValue &part : modelTurn.value(u"parts"_s).toArray()) {
        const QJsonObject object = part.toObject();
        if (object.contains(u"thoughtSignature"_s))
            signatures.append(object.value(u"thoughtSignature"_s).toString());
        if (object.value(u"thought"_s).toBool())
            thoughtKept = true;
        else
            texts.append(object.value(u"text"_s).toString());
    }
    QCOMPARE(signatures, QStringList {u"c2lnbmF0dXJl"_s});
    QVERIFY(thoughtKept);
    QCOMPARE(texts.join(QString()), u"Hello world"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
}

void tst_MainWindow::stopKeepsThePartialAnswer()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    QStringList words;
    for (int i = 0; i < 300; ++i)
        words.append(u"word%1"_s.arg(i));
    FakeGeminiServer::Script script;
    script.replyText = words.join(u' ');
    script.chunkChars = 12;
    script.eventDelayMs = 50;
    f.server().enqueue(script);

    f.sendPrompt(u"Tell me a long story"_s);
    QTRY_VERIFY(f.conversationText().contains(u"word3 "_s));
    QCOMPARE(f.window->state(), MainWindow::State::Streaming);
    QCOMPARE(f.lastState(), ChatTurn::State::Streaming);
    QTest::keyClick(f.composer(), Qt::Key_Escape);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Stopped);

    const QString text = f.conversationText();
    QVERIFY2(text.contains(u"word0 word1 word2 word3"_s), qPrintable(text));
    QVERIFY(!text.contains(u"word299"_s));
    QCOMPARE(f.lastState(), ChatTurn::State::Stopped);
    QVERIFY(text.contains(u"Stopped"_s));
    QVERIFY(f.status().startsWith(u"Stopped"_s));
    QCOMPARE(f.sendButton()->text(), u"Send"_s);

    // The Stop button does the same, and the partial answer went back to the server.
    f.server().enqueue(script);
    f.sendPrompt(u"Again"_s);
    QTRY_VERIFY(
        f.model()->rowCount() == 4 && f.model()->index(3).data(ChatModel::TextRole).toString().contains(u"word3 "_s));
    QVERIFY(partsOf(f.lastContents().at(1).toObject()).texts.join(QString()).startsWith(u"word0 word1"_s));
    QTest::mouseClick(f.sendButton(), Qt::LeftButton);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Stopped);
    QCOMPARE(f.lastState(), ChatTurn::State::Stopped);
}

void tst_MainWindow::serverErrorIsShownPlainly()
{
    WindowFixture f;
    FakeGeminiServer::Script overloaded;
    overloaded.httpStatus = 503;
    const int attempts = f.fixture.client->config().retry.maxAttempts;
    for (int i = 0; i < attempts; ++i)
        f.server().enqueue(overloaded);

    f.sendPrompt(u"Are you there?"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Retrying);
    QVERIFY2(f.status().startsWith(u"Retrying in 1 s (attempt 2 of %1)"_s.arg(attempts)), qPrintable(f.status()));
    QVERIFY(f.fixture.driveRetries([&f] { return f.window->state() == MainWindow::State::Failed; }));
    QCOMPARE(f.generateRequests().size(), attempts);

    ApiError expected;
    expected.kind = ApiError::Kind::Overloaded;
    QVERIFY2(f.conversationText().contains(expected.userMessage()), qPrintable(f.conversationText()));
    QVERIFY(f.conversationText().contains(u"Are you there?"_s));
    QCOMPARE(f.lastState(), ChatTurn::State::Failed);
    QVERIFY2(f.status().startsWith(u"Error: The model is overloaded"_s), qPrintable(f.status()));
    QVERIFY(f.sendButton()->isEnabled() || f.composer()->toPlainText().isEmpty());
}

void tst_MainWindow::retryAfterAnInjected503()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    FakeGeminiServer::Script overloaded;
    overloaded.httpStatus = 503;
    const int attempts = f.fixture.client->config().retry.maxAttempts;
    for (int i = 0; i < attempts; ++i)
        f.server().enqueue(overloaded);
    f.sendPrompt(u"Once more"_s);
    QVERIFY(f.fixture.driveRetries([&f] { return f.window->state() == MainWindow::State::Failed; }));
    QCOMPARE(f.model()->rowCount(), 2);

    // Retry on the failed turn sends the same question again, once, and the answer replaces the error.
    QVERIFY(f.clickTurnButton(1, MessageDelegate::Button::Retry));
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.model()->rowCount(), 2);
    QCOMPARE(f.lastState(), ChatTurn::State::Done);
    QVERIFY(f.conversationText().contains(u"Echo: Once more"_s));
    const QJsonArray contents = f.lastContents();
    QCOMPARE(contents.size(), 1);
    QCOMPARE(partsOf(contents.at(0).toObject()).texts, QStringList {u"Once more"_s});
}

void tst_MainWindow::regenerateReplacesTheLastAnswer()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    FakeGeminiServer::Script first;
    first.replyText = u"First answer"_s;
    FakeGeminiServer::Script second;
    second.replyText = u"Second answer"_s;
    f.server().enqueue(first);
    f.server().enqueue(second);
    f.sendPrompt(u"Question"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.model()->index(1).data(ChatModel::TextRole).toString(), u"First answer"_s);

    QVERIFY(f.clickTurnButton(1, MessageDelegate::Button::Regenerate));
    QTRY_COMPARE(f.generateRequests().size(), 2);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.model()->rowCount(), 2);
    QCOMPARE(f.model()->index(1).data(ChatModel::TextRole).toString(), u"Second answer"_s);
    // The question went again, alone: the old answer is not in the history.
    QCOMPARE(f.lastContents().size(), 1);
}

void tst_MainWindow::editAndResend()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    f.sendPrompt(u"Frist question"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    f.sendPrompt(u"Second question"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.model()->rowCount(), 4);

    QVERIFY(f.clickTurnButton(0, MessageDelegate::Button::Edit));
    QCOMPARE(f.window->editingRow(), 0);
    QCOMPARE(f.composer()->toPlainText(), u"Frist question"_s);
    QWidget *banner = f.window->findChild<QWidget *>(u"editBanner"_s);
    QVERIFY(banner->isVisible());

    // Esc leaves the conversation as it was.
    QTest::keyClick(f.composer(), Qt::Key_Escape);
    QCOMPARE(f.window->editingRow(), -1);
    QVERIFY(!banner->isVisible());
    QCOMPARE(f.model()->rowCount(), 4);

    QVERIFY(f.clickTurnButton(0, MessageDelegate::Button::Edit));
    f.composer()->selectAll();
    f.type(u"First question"_s);
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QTRY_COMPARE(f.generateRequests().size(), 3);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.model()->rowCount(), 2); // the later turns were replaced
    QCOMPARE(f.model()->index(0).data(ChatModel::TextRole).toString(), u"First question"_s);
    QVERIFY(f.conversationText().contains(u"Echo: First question"_s));
    QCOMPARE(f.lastContents().size(), 1);
    QCOMPARE(partsOf(f.lastContents().at(0).toObject()).texts, QStringList {u"First question"_s});
}

void tst_MainWindow::blockedPromptComesBackForEditing()
{
    WindowFixture f;
    FakeGeminiServer::Script blocked;
    blocked.blockPrompt = true;
    f.server().enqueue(blocked);
    f.sendPrompt(u"Something risky"_s);
    QTRY_COMPARE(f.lastState(), ChatTurn::State::Blocked);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    const QString notice = f.model()->index(1).data(ChatModel::NoticeRole).toString();
    QVERIFY2(notice.contains(u"blocked"_s) && notice.contains(u"safety"_s), qPrintable(notice));
    // The prompt is back in the composer, to edit and send again.
    QCOMPARE(f.composer()->toPlainText(), u"Something risky"_s);
    QVERIFY2(f.status().contains(u"blocked"_s), qPrintable(f.status()));

    f.composer()->selectAll();
    f.type(u"Something fine"_s);
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QTRY_COMPARE(f.generateRequests().size(), 2);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    // The blocked exchange is not sent again.
    QCOMPARE(f.lastContents().size(), 1);
    QCOMPARE(partsOf(f.lastContents().at(0).toObject()).texts, QStringList {u"Something fine"_s});
}

void tst_MainWindow::truncatedAnswerContinues()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    FakeGeminiServer::Script cut;
    cut.replyText = u"The first half of the answer"_s;
    cut.finishReason = u"MAX_TOKENS"_s;
    f.server().enqueue(cut);
    f.sendPrompt(u"Write a lot"_s);
    QTRY_COMPARE(f.lastState(), ChatTurn::State::Truncated);
    QVERIFY(f.model()->index(1).data(ChatModel::NoticeRole).toString().contains(u"cut off"_s));

    QVERIFY(f.clickTurnButton(1, MessageDelegate::Button::Continue));
    QTRY_COMPARE(f.generateRequests().size(), 2);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.model()->rowCount(), 4);
    const QJsonArray contents = f.lastContents();
    QCOMPARE(contents.size(), 3);
    QCOMPARE(partsOf(contents.at(1).toObject()).texts.join(QString()), u"The first half of the answer"_s);
    QVERIFY(partsOf(contents.at(2).toObject()).texts.join(QString()).startsWith(u"Continue"_s));
}

void tst_MainWindow::candidatesAreBrowsable()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    GenerateContentRequest base;
    base.generationConfig.candidateCount = 3;
    f.window->runSettings()->setSettings(f.window->currentModel(), base);
    f.sendPrompt(u"Three ways"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    const QModelIndex answer = f.model()->index(1);
    QCOMPARE(answer.data(ChatModel::CandidateCountRole).toInt(), 3);
    QCOMPARE(answer.data(ChatModel::ChosenCandidateRole).toInt(), 0);
    const QString first = answer.data(ChatModel::TextRole).toString();

    QVERIFY(f.clickTurnButton(1, MessageDelegate::Button::NextCandidate));
    QCOMPARE(f.model()->index(1).data(ChatModel::ChosenCandidateRole).toInt(), 1);
    QVERIFY(f.clickTurnButton(1, MessageDelegate::Button::NextCandidate));
    QCOMPARE(f.model()->index(1).data(ChatModel::ChosenCandidateRole).toInt(), 2);
    const QString third = f.model()->index(1).data(ChatModel::TextRole).toString();
    QVERIFY(third != first);

    f.sendPrompt(u"Go on"_s);
    QTRY_COMPARE(f.generateRequests().size(), 2);
    QCOMPARE(partsOf(f.lastContents().at(1).toObject()).texts.join(QString()), third);
}

void tst_MainWindow::droppedFilesBecomeChipsAndParts()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    const QString png = pngPath();
    const QString wav = writeFile(u"voice.wav"_s, SampleFiles::wavBytes(16000, 1000));
    const QString pdf = writeFile(u"paper.pdf"_s, SampleFiles::pdfBytes(1));

    // Onto the conversation area: the window takes the drop.
    QVERIFY(WindowFixture::dropFiles(f.window.get(), {png, wav, pdf}));
    QCOMPARE(f.strip()->count(), 3);
    QVERIFY(f.strip()->isVisible());
    QVERIFY(!f.strip()->hasProblems());
    QVERIFY(f.sendButton()->isEnabled()); // attachments alone can be sent

    f.sendPrompt(u"What is in these?"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QVERIFY(f.strip()->isEmpty());
    QCOMPARE(f.model()->index(0).data(ChatModel::AttachmentNamesRole).toStringList(),
        (QStringList {u"photo.png"_s, u"voice.wav"_s, u"paper.pdf"_s}));
    const TurnParts parts = partsOf(f.lastContents().at(0).toObject());
    QCOMPARE(parts.inlineTypes, (QStringList {u"image/png"_s, u"audio/wav"_s, u"application/pdf"_s}));
    QCOMPARE(parts.texts, QStringList {u"What is in these?"_s});
    // More can be attached to the next message.
    QVERIFY(f.window->findChild<QAction *>(u"attachAction"_s)->isEnabled());
    QVERIFY(f.strip()->isEnabled());
    QCOMPARE(f.window->attachFiles({pngPath()}), 1);
}

void tst_MainWindow::dropOnTheComposer()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    f.type(u"Keep this text"_s);
    QVERIFY(WindowFixture::dropFiles(f.composer()->viewport(), {pngPath()}));
    QCOMPARE(f.strip()->count(), 1);
    // The file became a chip, not a path in the text.
    QCOMPARE(f.composer()->toPlainText(), u"Keep this text"_s);
}

void tst_MainWindow::pastedImageIsAttached()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QApplication::clipboard()->setImage(image);
    f.composer()->setFocus();
    QTest::keySequence(f.composer(), QKeySequence::Paste);
    QCOMPARE(f.strip()->count(), 1);
    QVERIFY(f.composer()->toPlainText().isEmpty());

    f.sendPrompt(u"Describe"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(partsOf(f.lastContents().at(0).toObject()).inlineTypes, QStringList {u"image/png"_s});
}

void tst_MainWindow::badFilesAreRefusedWithTheReason_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << u"empty.txt"_s << QByteArray() << u"empty"_s;
    QTest::newRow("corrupt image") << u"broken.png"_s
                                   << QByteArray("\x89PNG\r\n\x1a\n"
                                                 "garbage garbage",
                                          23)
                                   << u"image"_s;
    QTest::newRow("unsupported") << u"program.bin"_s << SampleFiles::randomBytes(4096, 3) << u"cannot"_s;
}

void tst_MainWindow::badFilesAreRefusedWithTheReason()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, reason);
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    const QString path = writeFile(name, bytes);
    f.type(u"My carefully typed question"_s);
    QVERIFY(WindowFixture::dropFiles(f.window.get(), {path}));
    QCOMPARE(f.strip()->count(), 1);
    QVERIFY(f.strip()->hasProblems());
    QVERIFY2(
        f.strip()->problemSummary().contains(reason, Qt::CaseInsensitive), qPrintable(f.strip()->problemSummary()));
    QVERIFY(!f.sendButton()->isEnabled());
    QVERIFY2(f.sendButton()->toolTip().contains(name), qPrintable(f.sendButton()->toolTip()));

    // Enter does not send, and loses nothing.
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QCOMPARE(f.window->state(), MainWindow::State::Idle);
    QCOMPARE(f.composer()->toPlainText(), u"My carefully typed question"_s);
    QVERIFY(f.generateRequests().isEmpty());

    // Removing the bad chip lets it go.
    f.strip()->clear();
    QVERIFY(f.sendButton()->isEnabled());
}

void tst_MainWindow::largeAttachmentGoesThroughTheFilesApi()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    f.planner.setInlineLimitBytes(1000); // anything bigger is uploaded
    const QString wav = writeFile(u"talk.wav"_s, SampleFiles::wavBytes(16000, 2000));
    QCOMPARE(f.window->attachFiles({wav}), 1);
    f.sendPrompt(u"Transcribe this"_s);
    // While the upload runs, the prompt and the chip stay where they are.
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QVERIFY(f.strip()->isEmpty());
    QVERIFY(f.composer()->toPlainText().isEmpty());
    QCOMPARE(f.server().files()->files().size(), 1);
    const TurnParts parts = partsOf(f.lastContents().at(0).toObject());
    QCOMPARE(parts.fileTypes, QStringList {u"audio/wav"_s});
    QVERIFY(parts.inlineTypes.isEmpty());
}

void tst_MainWindow::failedUploadLosesNothing()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    f.planner.setInlineLimitBytes(1000);
    const QString wav = writeFile(u"gone.wav"_s, SampleFiles::wavBytes(16000, 2000));
    QCOMPARE(f.window->attachFiles({wav}), 1);
    QFile::remove(wav); // vanishes between attaching and sending
    f.sendPrompt(u"Transcribe this too"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Failed);
    QCOMPARE(f.model()->rowCount(), 0);
    QCOMPARE(f.composer()->toPlainText(), u"Transcribe this too"_s);
    QVERIFY(!f.composer()->isReadOnly());
    QCOMPARE(f.strip()->count(), 1);
    QVERIFY2(f.status().contains(u"gone.wav"_s), qPrintable(f.status()));
    QVERIFY(f.generateRequests().isEmpty());
}

void tst_MainWindow::noKeyExplainsAndDisablesSend()
{
    FakeGeminiServer server;
    QVERIFY(server.listen());
    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = server.baseUrl();
    GeminiClient client(&nam, config);
    UploadQueue uploads(&client);
    RemoteFileRegistry registry(&client);
    AttachmentPlanner planner(&uploads, &registry);
    MainWindow window(&client, &planner);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *notice = window.findChild<QLabel *>(u"welcomeText"_s);
    QVERIFY(notice->isVisible());
    QVERIFY(notice->text().contains(u"https://aistudio.google.com/apikey"_s));
    QVERIFY(notice->text().contains(u"GEMINI_API_KEY"_s));
    QVERIFY(notice->text().contains(u"GOOGLE_API_KEY"_s));
    QVERIFY(notice->text().contains(u"restart"_s));
    QCOMPARE(window.findChild<QLabel *>(u"welcomeTitle"_s)->text(), u"No API key set"_s);
    QCOMPARE(window.findChild<QLabel *>(u"statusLabel"_s)->text(), u"No API key set"_s);
    QVERIFY(!window.canSend());

    auto *composer = window.findChild<ComposerEdit *>(u"composerEdit"_s);
    auto *send = window.findChild<QPushButton *>(u"sendButton"_s);
    QTest::keyClicks(composer, u"Hello"_s);
    QVERIFY(!send->isEnabled());
    QVERIFY(send->toolTip().contains(u"GEMINI_API_KEY"_s));
    QTest::keyClick(composer, Qt::Key_Return);
    QTest::qWait(100);
    QCOMPARE(window.state(), MainWindow::State::Idle);
    QVERIFY(server.requests().isEmpty()); // not even the model list
    QCOMPARE(window.currentModel(), u"gemini-2.5-flash"_s);
}

void tst_MainWindow::unusableEndpointExplains()
{
    MainWindow::Options options;
    const ClientConfig::Resolved endpoint = ClientConfig::resolveBaseUrl(u"http://example.com"_s, {}, {});
    QVERIFY(!endpoint.error.isEmpty());
    options.commandLineBaseUrl = u"http://example.com"_s;
    options.model = u"gemini-2.5-pro"_s;
    WindowFixture f(options);
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QCOMPARE(f.label(u"welcomeTitle"_s)->text(), u"The endpoint cannot be used"_s);
    QVERIFY(f.label(u"welcomeText"_s)->text().contains(u"example.com"_s));
    QVERIFY(f.label(u"welcomeText"_s)->text().contains(u"--api-base"_s));
    QCOMPARE(f.window->setupProblem(), endpoint.error);
    QCOMPARE(f.window->currentModel(), u"gemini-2.5-pro"_s);
    f.sendPrompt(u"Hello"_s);
    QTest::qWait(100);
    QVERIFY(!f.sendButton()->isEnabled());
    QVERIFY(f.server().requests().isEmpty());
}

void tst_MainWindow::newChatStartsOver()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    f.sendPrompt(u"Remember me"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.model()->rowCount(), 2);

    QTest::keyClick(f.composer(), Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(f.window->state(), MainWindow::State::Idle);
    QCOMPARE(f.model()->rowCount(), 0);
    QCOMPARE(
        f.window->findChild<QStackedWidget *>(u"conversationPages"_s)->currentWidget()->objectName(), u"welcomePage"_s);

    f.sendPrompt(u"Fresh start"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.lastContents().size(), 1);
}

namespace {

template<typename T> T *inOnboarding(WindowFixture &f, const QString &name)
{
    return f.onboarding() ? f.onboarding()->findChild<T *>(name) : nullptr;
}

// Types key into the onboarding's field, as a paste would leave it.
void typeKey(WindowFixture &f, const QString &key)
{
    auto *edit = inOnboarding<QLineEdit>(f, u"apiKeyEdit"_s);
    QVERIFY(edit);
    edit->clear();
    QTest::keyClicks(edit, key);
}

void click(QWidget *button)
{
    QVERIFY(button);
    QVERIFY(button->isVisible());
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
}

} // namespace

void tst_MainWindow::noKeyShowsTheOnboarding()
{
    WindowFixture f({}, WindowSetup::withoutKey());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QVERIFY(f.onboarding());
    QCOMPARE(f.currentPage(), f.onboarding());
    QVERIFY(f.onboarding()->isVisible());
    QVERIFY(!f.chatView()->isVisible());
    QVERIFY(!f.label(u"welcomeText"_s)->isVisible());
    QVERIFY(!f.composer()->isVisible());                // nothing to send with yet
    QVERIFY(!f.window->runSettingsDock()->isVisible()); // nothing to steer yet: the page has the window
    QCOMPARE(f.label(u"onboardingTitle"_s)->text(), u"Welcome to Alhena"_s);
    QVERIFY(f.label(u"onboardingLink"_s)->text().contains(u"https://aistudio.google.com/apikey"_s));
    QVERIFY(f.label(u"onboardingStorageNote"_s)->text().contains(u"keychain"_s));
    // The fake server is not Google's endpoint: the onboarding says where the key will be used.
    QVERIFY(f.label(u"onboardingEndpointNote"_s)->isVisible());
    QVERIFY(f.label(u"onboardingEndpointNote"_s)->text().contains(QString::number(f.server().port())));
    QTRY_COMPARE(QApplication::focusWidget(), inOnboarding<QLineEdit>(f, u"apiKeyEdit"_s));
    QCOMPARE(f.status(), u"No API key set"_s);
    QVERIFY(!f.window->canSend());
    f.window->send();
    QVERIFY(f.server().requests().isEmpty()); // not even the model list
    QVERIFY(!f.window->findChild<QWidget *>(u"keyBanner"_s)->isVisible());
}

void tst_MainWindow::badKeyIsExplainedAndNotSaved()
{
    WindowFixture f({}, WindowSetup::withoutKey());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    typeKey(f, u"not-the-key"_s);
    QSignalSpy tested(f.onboarding()->editor(), &ApiKeyEditor::tested);
    click(inOnboarding<QPushButton>(f, u"testKeyButton"_s));
    QTRY_COMPARE(tested.size(), 1);
    const auto result = tested.constFirst().constFirst().value<KeyCheck::Result>();
    QVERIFY(!result.ok);
    QCOMPARE(result.error.kind, ApiError::Kind::InvalidKey);
    QCOMPARE(result.error.reason, u"API_KEY_INVALID"_s);
    // Google's refusal, in plain words, on screen.
    auto *status = inOnboarding<QLabel>(f, u"keyStatusLabel"_s);
    QVERIFY(status);
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().contains(result.message), qPrintable(status->text()));
    const QList<FakeGeminiServer::Request> checks = f.server().requests(u"/models"_s);
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.constFirst().header("x-goog-api-key"), QByteArray("not-the-key"));
    QVERIFY(!checks.constFirst().path.contains(u"not-the-key"_s));
    QVERIFY(!checks.constFirst().query.toString().contains(u"not-the-key"_s));
    // Tested, not saved: still the onboarding, nothing in the keychain, nothing sendable.
    QVERIFY(f.storedKey().isEmpty());
    QVERIFY(f.credentials->apiKey().isEmpty());
    QCOMPARE(f.currentPage(), f.onboarding());
    QVERIFY(!f.window->canSend());
}

void tst_MainWindow::goodKeyGoesStraightToChatting()
{
    WindowFixture f({}, WindowSetup::withoutKey());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QSignalSpy ready(f.onboarding(), &OnboardingPage::keyReady);
    typeKey(f, u"  "_s + f.server().apiKey() + u" "_s); // pasted with white space around it
    click(inOnboarding<QPushButton>(f, u"saveKeyButton"_s));
    QTRY_COMPARE(ready.size(), 1);
    QTRY_COMPARE(f.currentPage()->objectName(), u"welcomePage"_s);
    QCOMPARE(f.storedKey(), f.server().apiKey());
    QCOMPARE(f.credentials->location(QString::fromLatin1(SecretNames::ApiKey)), Credentials::Location::Keychain);
    QVERIFY(f.window->canSend());
    QVERIFY(f.composer()->isVisible());
    QVERIFY(f.window->runSettingsDock()->isVisible()); // back, as it was before the onboarding
    QTRY_COMPARE(QApplication::focusWidget(), f.composer());
    // The model list is loaded with the new key.
    auto *models = f.window->findChild<QComboBox *>(u"modelComboBox"_s);
    QTRY_VERIFY(models->findData(u"gemini-2.5-pro"_s, ModelList::IdRole) >= 0);

    f.sendPrompt(u"Hello with my key"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QVERIFY2(f.conversationText().contains(u"Echo: Hello with my key"_s), qPrintable(f.conversationText()));
    QCOMPARE(f.generateRequests().constLast().header("x-goog-api-key"), f.server().apiKey().toUtf8());
}

// From the onboarding the user opens Settings and keeps a key for this session there: the window
// leaves the onboarding as if it had been saved on the page itself.
void tst_MainWindow::keySavedInTheSettingsEndsTheOnboarding()
{
    WindowFixture f({}, WindowSetup::withoutKey());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QCOMPARE(f.currentPage(), f.onboarding());
    SettingsDialog *dialog = f.window->showSettings();
    QVERIFY(dialog);
    auto *remember = dialog->findChild<QCheckBox *>(u"rememberKeyCheck"_s);
    QVERIFY(remember);
    remember->setChecked(false);
    auto *edit = dialog->keyEditor()->keyEdit();
    QTest::keyClicks(edit, f.server().apiKey());
    click(dialog->findChild<QPushButton *>(u"saveKeyButton"_s));
    QTRY_COMPARE(f.currentPage()->objectName(), u"welcomePage"_s);
    QCOMPARE(f.credentials->location(QString::fromLatin1(SecretNames::ApiKey)), Credentials::Location::Session);
    QVERIFY(f.window->canSend());
    dialog->close();
    f.sendPrompt(u"Kept for the session"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.generateRequests().constLast().header("x-goog-api-key"), f.server().apiKey().toUtf8());
}

void tst_MainWindow::keychainFailureKeepsTheKeyForTheSession()
{
    WindowFixture f({}, WindowSetup::withoutKey());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    f.keychain.setFailure({SecretError::Kind::Unavailable, u"no Secret Service on the session bus"_s});
    typeKey(f, f.server().apiKey());
    click(inOnboarding<QPushButton>(f, u"saveKeyButton"_s));
    auto *fallback = inOnboarding<QWidget>(f, u"keychainFallbackBox"_s);
    QVERIFY(fallback);
    QTRY_VERIFY(fallback->isVisible());
    // The user has not chosen yet: the onboarding stays, with the choice on screen.
    QCOMPARE(f.currentPage(), f.onboarding());
    QVERIFY(f.storedKey().isEmpty());
    click(inOnboarding<QPushButton>(f, u"keepForSessionButton"_s));
    QTRY_COMPARE(f.currentPage()->objectName(), u"welcomePage"_s);
    QCOMPARE(f.credentials->location(QString::fromLatin1(SecretNames::ApiKey)), Credentials::Location::Session);
    QVERIFY(!QFile::exists(f.secretFile->path())); // never silently in a file

    f.sendPrompt(u"Session key"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.generateRequests().constLast().header("x-goog-api-key"), f.server().apiKey().toUtf8());
}

void tst_MainWindow::environmentKeySkipsTheOnboarding()
{
    WindowSetup setup = WindowSetup::withoutKey();
    setup.environment.insert(u"GEMINI_API_KEY"_s, u"env-key"_s);
    WindowFixture f({}, setup);
    f.server().setApiKey(u"env-key"_s);
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QCOMPARE(f.currentPage()->objectName(), u"welcomePage"_s);
    QVERIFY(f.window->canSend());
    f.sendPrompt(u"From the environment"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(f.generateRequests().constLast().header("x-goog-api-key"), QByteArray("env-key"));
    QVERIFY(f.storedKey().isEmpty()); // used, never copied into the keychain
}

void tst_MainWindow::keyIsReadBeforeAnythingIsSent()
{
    WindowSetup setup;
    setup.loadCredentials = false;
    WindowFixture f({}, setup);
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QCOMPARE(f.status(), u"Reading the API key from the keychain…"_s);
    QCOMPARE(f.currentPage()->objectName(), u"welcomePage"_s); // not the onboarding: the key may be there
    QVERIFY(!f.window->canSend());
    f.type(u"Too early"_s);
    QVERIFY(!f.sendButton()->isEnabled());
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QVERIFY(f.server().requests().isEmpty());

    f.loadCredentials();
    QTRY_VERIFY(f.window->canSend());
    QCOMPARE(f.status(), u"Ready"_s);
    QVERIFY(f.sendButton()->isEnabled());
    QTRY_VERIFY(!f.server().requests(u"/models"_s).isEmpty()); // the model list, now that there is a key
}

void tst_MainWindow::forgettingTheKeyStopsSending()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    f.sendPrompt(u"Before"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);

    QSignalSpy forgotten(f.credentials.get(), &Credentials::forgotten);
    f.credentials->forget(QString::fromLatin1(SecretNames::ApiKey));
    QTRY_COMPARE(forgotten.size(), 1);
    QTRY_VERIFY(!f.window->canSend());
    // The conversation stays on screen, with what to do.
    QCOMPARE(f.currentPage(), f.chatView());
    QVERIFY(f.window->findChild<QWidget *>(u"keyBanner"_s)->isVisible());
    f.type(u"After"_s);
    QVERIFY(!f.sendButton()->isEnabled());
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QCOMPARE(f.generateRequests().size(), 1);
    QVERIFY(f.storedKey().isEmpty());

    // An empty chat: the onboarding again.
    f.window->newChat();
    QCOMPARE(f.currentPage(), f.onboarding());
    QVERIFY(!f.composer()->isVisible());
}

void tst_MainWindow::settingsOpenFromTheMenuOnce()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    auto *action = f.window->findChild<QAction *>(u"settingsAction"_s);
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    QVERIFY(action->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)));
    QTest::keyClick(f.composer(), Qt::Key_Comma, Qt::ControlModifier);
    QTRY_VERIFY(f.window->settingsDialog());
    SettingsDialog *dialog = f.window->settingsDialog();
    QTRY_VERIFY(dialog->isVisible());
    action->trigger();
    QCOMPARE(f.window->settingsDialog(), dialog); // one instance
    QCOMPARE(f.window->findChildren<SettingsDialog *>().size(), 1);
    dialog->close();
    QTRY_VERIFY(!f.window->settingsDialog()); // deleted on close
    f.window->showSettings();
    QVERIFY(f.window->settingsDialog());
}

void tst_MainWindow::baseUrlChangeAppliesWithoutRestart()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    f.sendPrompt(u"First"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);

    FakeGeminiServer second;
    QVERIFY(second.listen());
    f.setPreferences([&](Preferences &p) { p.baseUrl = second.baseUrl().toString(); });
    QCOMPARE(f.window->session()->isBusy(), false);
    QCOMPARE(f.label(u"endpointLabel"_s)->text(), u"Endpoint: "_s + second.baseUrl().toDisplayString());
    f.sendPrompt(u"Second"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(second.requests(u":streamGenerateContent"_s).size(), 1);
    QCOMPARE(f.generateRequests().size(), 1);
    QTRY_VERIFY(!second.requests(u"/models"_s).isEmpty()); // the list is reloaded from the new endpoint

    // An unusable URL never reaches the client: the settings refuse it.
    Preferences bad = f.appSettings->preferences();
    bad.baseUrl = u"http://example.com"_s;
    QVERIFY(!f.appSettings->setPreferences(bad));
    QCOMPARE(f.fixture.client->config().baseUrl, second.baseUrl());
    QVERIFY(f.window->canSend());

    // --api-base wins over the settings.
    f.window.reset();
    f.options.commandLineBaseUrl = second.baseUrl().toString();
    f.open();
    QVERIFY(f.window->canSend());
    QVERIFY(f.label(u"endpointLabel"_s)->toolTip().contains(u"--api-base"_s));
}

void tst_MainWindow::networkPreferencesReachTheClient()
{
    WindowFixture f;
    f.setPreferences([](Preferences &p) {
        p.requestTimeoutSeconds = 30;
        p.streamIdleTimeoutSeconds = 45;
        p.retries = 0;
        p.apiVersion = u"v1"_s;
        p.inlineLimitBytes = 5 * 1000 * 1000;
    });
    const ClientConfig &config = f.fixture.client->config();
    QCOMPARE(config.requestTimeoutMs, 30 * 1000);
    QCOMPARE(config.streamIdleTimeoutMs, 45 * 1000);
    QCOMPARE(config.retry.maxAttempts, 1);
    QCOMPARE(config.apiVersion, u"v1"_s);
    QCOMPARE(config.apiKey, f.server().apiKey()); // untouched by the preferences
    QCOMPARE(f.planner.inlineLimitBytes(), 5LL * 1000 * 1000);

    f.setPreferences([](Preferences &p) { p.retries = Preferences::MaxRetries; });
    QCOMPARE(f.fixture.client->config().retry.maxAttempts, Preferences::MaxRetries + 1);
    // Out of range: refused by AppSettings, nothing changes.
    Preferences bad = f.appSettings->preferences();
    bad.requestTimeoutSeconds = -5;
    QVERIFY(!f.appSettings->setPreferences(bad));
    QCOMPARE(f.fixture.client->config().requestTimeoutMs, 30 * 1000);

    // A restart reads them back.
    f.restart();
    QCOMPARE(f.fixture.client->config().streamIdleTimeoutMs, 45 * 1000);
    QCOMPARE(f.fixture.client->config().retry.maxAttempts, Preferences::MaxRetries + 1);
}

void tst_MainWindow::ctrlEnterSendKey()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    f.setPreferences([](Preferences &p) { p.sendKey = Preferences::SendKey::CtrlEnter; });
    QVERIFY(f.label(u"welcomeText"_s)->text().contains(u"Ctrl+Enter"_s));
    QVERIFY(f.composer()->toolTip().contains(u"Ctrl+Enter"_s));
    f.type(u"one"_s);
    QTest::keyClick(f.composer(), Qt::Key_Return);
    f.type(u"two"_s);
    QTest::keyClick(f.composer(), Qt::Key_Enter, Qt::KeypadModifier);
    f.type(u"three"_s);
    QCOMPARE(f.composer()->toPlainText(), u"one\ntwo\nthree"_s);
    QCOMPARE(f.window->state(), MainWindow::State::Idle);
    QVERIFY(f.sendButton()->toolTip().contains(u"Ctrl+Enter"_s));
    QTest::keyClick(f.composer(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QCOMPARE(partsOf(f.lastContents().at(0).toObject()).texts, QStringList {u"one\ntwo\nthree"_s});

    // Back to Enter: Enter sends again.
    f.setPreferences([](Preferences &p) { p.sendKey = Preferences::SendKey::Enter; });
    f.sendPrompt(u"four"_s);
    QTRY_COMPARE(f.generateRequests().size(), 2);
}

void tst_MainWindow::proxyPreferenceIsUsed()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowActive(f.window.get()));
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    f.setPreferences([&](Preferences &p) {
        p.proxy.mode = ProxySettings::Mode::Manual;
        p.proxy.type = ProxySettings::Type::Http;
        p.proxy.host = u"127.0.0.1"_s;
        p.proxy.port = proxy.port();
    });
    f.sendPrompt(u"Through the proxy"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QVERIFY2(f.conversationText().contains(u"Echo: Through the proxy"_s), qPrintable(f.conversationText()));
    bool sawGenerate = false;
    for (const LoopbackProxy::Seen &seen : proxy.seen())
        sawGenerate = sawGenerate || seen.target.contains(":streamGenerateContent");
    QVERIFY(sawGenerate);

    // A proxy that wants a login: the password comes from Credentials, and a new one applies at once.
    proxy.clear();
    proxy.setCredentials(u"alice"_s, u"s3cret"_s);
    f.setPreferences([](Preferences &p) { p.proxy.user = u"alice"_s; });
    f.credentials->store(QString::fromLatin1(SecretNames::ProxyPassword), u"s3cret"_s, Credentials::Location::Session);
    QTRY_COMPARE(f.credentials->value(QString::fromLatin1(SecretNames::ProxyPassword)), u"s3cret"_s);
    f.sendPrompt(u"With a login"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QVERIFY2(f.conversationText().contains(u"Echo: With a login"_s), qPrintable(f.conversationText()));
    bool authorized = false;
    for (const LoopbackProxy::Seen &seen : proxy.seen())
        authorized = authorized || (seen.authorized && seen.target.contains(":streamGenerateContent"));
    QVERIFY(authorized);
    QVERIFY(!f.appSettings->settings()->allKeys().join(u' ').contains(u"s3cret"_s));
    for (const QString &key : f.appSettings->settings()->allKeys())
        QVERIFY(!f.appSettings->settings()->value(key).toString().contains(u"s3cret"_s));

    // A proxy password the keychain refuses (after the dialog was closed): the window says so.
    f.keychain.setFailure({SecretError::Kind::Denied, u"locked"_s});
    f.credentials->store(QString::fromLatin1(SecretNames::ProxyPassword), u"s3cret"_s, Credentials::Location::Keychain);
    QTRY_VERIFY2(f.status().contains(u"proxy password could not be saved"_s), qPrintable(f.status()));
    f.keychain.setFailure({});

    // Back to no proxy: the next request goes direct.
    proxy.clear();
    f.setPreferences([](Preferences &p) { p.proxy.mode = ProxySettings::Mode::None; });
    f.sendPrompt(u"Direct"_s);
    QTRY_COMPARE(f.generateRequests().size(), 3);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    for (const LoopbackProxy::Seen &seen : proxy.seen())
        QVERIFY(!seen.target.contains(":streamGenerateContent"));
}

void tst_MainWindow::damagedSettingsFileIsNoted_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::newRow("values out of range") << QByteArray("[network]\nrequestTimeoutSeconds=-12\nretries=banana\n");
    QTest::newRow("binary") << QByteArray("[network]\nretries=2\n\0\xff\xfe\x01garbage", 28) + QByteArray(4096, '\0');
    QTest::newRow("not UTF-8") << QByteArray("[appearance]\ntheme=\xff\xfe\xfd\n");
}

void tst_MainWindow::damagedSettingsFileIsNoted()
{
    QFETCH(QByteArray, contents);
    WindowSetup setup;
    setup.settingsFile = contents;
    WindowFixture f({}, setup);
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QVERIFY(!f.appSettings->loadNote().isEmpty());
    auto *banner = f.window->findChild<QWidget *>(u"settingsNoteBanner"_s);
    QVERIFY(banner->isVisible());
    QCOMPARE(f.label(u"settingsNoteLabel"_s)->text(), f.appSettings->loadNote());
    // Defaults are in use, and the window works.
    QCOMPARE(f.fixture.client->config().requestTimeoutMs, Preferences().requestTimeoutSeconds * 1000);
    f.sendPrompt(u"Still works"_s);
    QTRY_COMPARE(f.window->state(), MainWindow::State::Done);
    QTest::mouseClick(f.window->findChild<QToolButton *>(u"dismissSettingsNoteButton"_s), Qt::LeftButton);
    QVERIFY(!banner->isVisible());
    // Said once: not again after a restart on the now clean file.
    f.restart();
    QVERIFY(!f.window->findChild<QWidget *>(u"settingsNoteBanner"_s)->isVisible());
}

namespace {
// Sends a prompt through the composer and waits for its answer.
void sendAndWait(WindowFixture &f, const QString &prompt)
{
    f.sendPrompt(prompt);
    QTRY_VERIFY(!f.window->session()->isBusy());
    QTRY_VERIFY(f.window->state() != MainWindow::State::Streaming);
}

WindowSetup withHistory()
{
    WindowSetup setup;
    setup.history = true;
    return setup;
}

} // namespace

// A conversation is in the sidebar as soon as it starts, titled from its prompt; its turns, model
// and settings are all there again after a restart.
void tst_MainWindow::conversationsAreKeptAcrossRestarts()
{
    WindowFixture f({}, withHistory());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QVERIFY(f.window->historyDock());
    QVERIFY(!f.window->historyDock()->isHidden());
    auto *models = f.window->findChild<QComboBox *>(u"modelComboBox"_s);
    QVERIFY(models);
    QTRY_VERIFY(models->findData(u"gemini-2.5-pro"_s, ModelList::IdRole) >= 0);
    models->setCurrentIndex(models->findData(u"gemini-2.5-pro"_s, ModelList::IdRole));
    f.window->runSettings()->systemInstructionPanel()->setInstruction(u"Answer like a pirate."_s);

    sendAndWait(f, u"Where is the treasure buried?"_s);
    const qint64 id = f.window->currentConversation();
    QVERIFY(id != 0);
    QCOMPARE(f.window->historySidebar()->currentConversation(), id);
    QTRY_COMPARE(f.window->historySidebar()->listModel()->rowCount(), 1);
    QCOMPARE(f.store->conversations().size(), 1);
    QCOMPARE(f.store->path(id).size(), 2);

    f.restart();
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QCOMPARE(f.window->currentConversation(), 0); // a new chat at start
    QCOMPARE(f.window->historySidebar()->listModel()->rowCount(), 1);
    QVERIFY(f.window->openConversation(id));
    QCOMPARE(f.model()->rowCount(), 2);
    QVERIFY2(f.conversationText().contains(u"Where is the treasure buried?"_s), qPrintable(f.conversationText()));
    QVERIFY2(f.conversationText().contains(u"Echo: "_s), qPrintable(f.conversationText()));
    QCOMPARE(f.window->currentModel(), u"gemini-2.5-pro"_s);
    QCOMPARE(f.window->runSettings()->systemInstructionPanel()->instruction(), u"Answer like a pirate."_s);

    // Going on sends the whole stored history, with the stored instruction.
    sendAndWait(f, u"And the map?"_s);
    const QJsonObject request = f.generateRequests().constLast().json();
    QCOMPARE(request.value(u"contents"_s).toArray().size(), 3);
    QVERIFY(QJsonDocument(request.value(u"systemInstruction"_s).toObject()).toJson().contains("pirate"));
    QCOMPARE(f.store->path(id).size(), 4);
}

// After the first answer the model is asked for a short title in the background; it replaces the
// prompt's title unless the user renamed the conversation.
void tst_MainWindow::modelWritesTheTitle()
{
    WindowFixture f({}, withHistory());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    sendAndWait(f, u"Explain the difference between TCP and UDP in detail please"_s);
    const qint64 id = f.window->currentConversation();
    QTRY_COMPARE(f.store->summary(id)->titleSource, TitleSource::Model);
    QVERIFY(!f.store->summary(id)->title.isEmpty());
    // The title request was a unary generateContent, apart from the chat's stream.
    QVERIFY(!f.server().requests(u":generateContent"_s).isEmpty());
}

// Each conversation keeps its own run settings: opening one shows (and sends with) its own.
void tst_MainWindow::switchingConversationsSwitchesTheirSettings()
{
    WindowFixture f({}, withHistory());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    SystemInstructionPanel *system = f.window->runSettings()->systemInstructionPanel();
    system->setInstruction(u"You are terse."_s);
    sendAndWait(f, u"First conversation"_s);
    const qint64 first = f.window->currentConversation();

    QTest::keySequence(f.window.get(), QKeySequence::New);
    QCOMPARE(f.window->currentConversation(), 0);
    QCOMPARE(f.model()->rowCount(), 0);
    system->setInstruction(u"You are verbose."_s);
    sendAndWait(f, u"Second conversation"_s);
    const qint64 second = f.window->currentConversation();
    QVERIFY(second != first && second != 0);

    QVERIFY(f.window->openConversation(first));
    QCOMPARE(system->instruction(), u"You are terse."_s);
    QVERIFY(f.conversationText().contains(u"First conversation"_s));
    QVERIFY(f.window->openConversation(second));
    QCOMPARE(system->instruction(), u"You are verbose."_s);

    // A change made while a conversation is open is kept with it.
    auto *editor = system->findChild<QPlainTextEdit *>(u"systemInstructionEdit"_s);
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, u"You are brief now."_s);
    QTRY_COMPARE(f.store->settings(second)->request.systemInstruction.value_or(Content {}).parts.value(0).text,
        u"You are brief now."_s);
    QCOMPARE(f.store->settings(first)->request.systemInstruction.value_or(Content {}).parts.value(0).text,
        u"You are terse."_s);
}

// Regenerate keeps the first answer: the turn shows ‹ 2/2 ›, the previous branch can be shown again,
// and what goes to the model is the branch on screen.
void tst_MainWindow::regenerateKeepsTheOldAnswerAsABranch()
{
    WindowFixture f({}, withHistory());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    FakeGeminiServer::Script first;
    first.replyText = u"The first answer."_s;
    f.server().enqueue(first);
    sendAndWait(f, u"Say something"_s);
    // The title request (after the first answer) takes a script of its own first.
    QTRY_COMPARE(f.store->summary(f.window->currentConversation())->titleSource, TitleSource::Model);
    FakeGeminiServer::Script second;
    second.replyText = u"The second answer."_s;
    f.server().enqueue(second);
    QVERIFY(f.clickTurnButton(1, MessageDelegate::Button::Regenerate));
    QTRY_VERIFY(!f.window->session()->isBusy());
    QTRY_VERIFY(f.conversationText().contains(u"The second answer."_s));
    QCOMPARE(f.model()->index(1).data(ChatModel::BranchCountRole).toInt(), 2);
    QCOMPARE(f.model()->index(1).data(ChatModel::BranchIndexRole).toInt(), 2);

    QVERIFY(f.clickTurnButton(1, MessageDelegate::Button::PreviousBranch));
    QTRY_VERIFY(f.conversationText().contains(u"The first answer."_s));
    QCOMPARE(f.model()->index(1).data(ChatModel::BranchIndexRole).toInt(), 1);

    sendAndWait(f, u"Go on"_s);
    const QJsonArray contents = f.lastContents();
    QCOMPARE(contents.size(), 3);
    QVERIFY(QJsonDocument(contents.at(1).toObject()).toJson().contains("The first answer."));

    // Editing the first question keeps the old path too.
    QVERIFY(f.clickTurnButton(0, MessageDelegate::Button::Edit));
    f.composer()->selectAll();
    f.type(u"Say something else"_s);
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QTRY_VERIFY(!f.window->session()->isBusy());
    QTRY_COMPARE(f.model()->rowCount(), 2);
    QCOMPARE(f.model()->index(0).data(ChatModel::BranchCountRole).toInt(), 2);
    QVERIFY(f.clickTurnButton(0, MessageDelegate::Button::PreviousBranch));
    QTRY_COMPARE(f.model()->rowCount(), 4);
    QVERIFY(f.conversationText().contains(u"Go on"_s));
}

// Search answers while typing; activating a hit opens its conversation at the turn.
void tst_MainWindow::searchOpensTheConversationAtTheTurn()
{
    WindowFixture f({}, withHistory());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    sendAndWait(f, u"Tell me about marmalade"_s);
    const qint64 marmalade = f.window->currentConversation();
    sendAndWait(f, u"And about quinces"_s);
    f.window->newChat();
    sendAndWait(f, u"Something unrelated"_s);
    QVERIFY(f.window->currentConversation() != marmalade);

    HistorySidebar *sidebar = f.window->historySidebar();
    QTest::keySequence(f.window.get(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    QVERIFY(sidebar->searchField()->hasFocus());
    QTest::keyClicks(sidebar->searchField(), u"quinc"_s);
    QTRY_VERIFY(sidebar->isShowingResults());
    QTRY_COMPARE(sidebar->resultView()->model()->rowCount(), 2); // the question and its echo
    QTest::keyClick(sidebar->searchField(), Qt::Key_Down);
    QTest::keyClick(sidebar->resultView(), Qt::Key_Return);
    QTRY_COMPARE(f.window->currentConversation(), marmalade);
    const int row = f.chatView()->currentIndex().row();
    QVERIFY(row >= 2);
    QVERIFY(f.model()->turn(row).markdown().contains(u"quinces"_s));
}

// Export as JSON and as Markdown, then import the JSON: a new conversation with the same turns.
void tst_MainWindow::exportAndImportRoundTrip()
{
    WindowFixture f({}, withHistory());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    sendAndWait(f, u"Remember the number 4711"_s);
    const qint64 id = f.window->currentConversation();
    QTemporaryDir out;
    const QString json = out.filePath(u"export.json"_s);
    QString error;
    QVERIFY2(f.window->exportConversations({id}, json, MainWindow::ExportFormat::Json, &error), qPrintable(error));
    QVERIFY2(f.window->exportConversations({id}, out.filePath(u"md"_s), MainWindow::ExportFormat::Markdown, &error),
        qPrintable(error));
    QCOMPARE(QDir(out.filePath(u"md"_s)).entryList({u"*.md"_s}).size(), 1);

    const QList<qint64> imported = f.window->importConversations(json, &error);
    QVERIFY2(imported.size() == 1, qPrintable(error));
    QCOMPARE(f.store->conversations().size(), 2);
    const Conversation original = f.store->path(id);
    const Conversation copy = f.store->path(imported.constFirst());
    QCOMPARE(copy.size(), original.size());
    for (qsizetype i = 0; i < copy.size(); ++i)
        QCOMPARE(copy.at(i).content(), original.at(i).content());
    QTRY_COMPARE(f.window->historySidebar()->listModel()->rowCount(), 2);
}

// A file that is not an export is refused with the reason, and nothing is added.
void tst_MainWindow::malformedImportAddsNothing()
{
    WindowFixture f({}, withHistory());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QTemporaryDir out;
    const QString path = out.filePath(u"broken.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"format": "alhena-conversations", "version": 1, "conversations": [{"request": {"contents": [)");
    file.close();
    QString error;
    QVERIFY(f.window->importConversations(path, &error).isEmpty());
    QVERIFY2(error.contains(u"broken.json"_s), qPrintable(error));
    QCOMPARE(f.store->conversations().size(), 0);
}

// Delete moves the open conversation to the trash and starts a new chat; Undo brings it back.
void tst_MainWindow::deletingTheOpenConversationStartsANewChat()
{
    WindowFixture f({}, withHistory());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    sendAndWait(f, u"Short-lived"_s);
    const qint64 id = f.window->currentConversation();
    f.window->historySidebar()->deleteConversation(id);
    QCOMPARE(f.window->currentConversation(), 0);
    QCOMPARE(f.model()->rowCount(), 0);
    QVERIFY(f.store->conversations().isEmpty());
    f.window->historySidebar()->undoDelete();
    QCOMPARE(f.store->conversations().size(), 1);
    QVERIFY(f.window->openConversation(id));
    QCOMPARE(f.model()->rowCount(), 2);
}

// An answer that was streaming when the app ended shows as Interrupted, and Retry answers it again.
void tst_MainWindow::interruptedAnswerCanBeRetried()
{
    WindowFixture f({}, withHistory());
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    FakeGeminiServer::Script slow;
    slow.replyText = QString(u"slow "_s).repeated(400);
    slow.chunkChars = 10;
    slow.eventDelayMs = 40;
    f.server().enqueue(slow);
    f.sendPrompt(u"A long answer please"_s);
    QTRY_VERIFY(f.conversationText().contains(u"slow slow"_s));
    const qint64 id = f.window->currentConversation();
    f.window->recorder()->flush();
    // The window goes away mid-answer: the answer is stored as it was, still Streaming.
    f.restart(); // marks what was streaming as Interrupted
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QVERIFY(f.window->openConversation(id));
    QCOMPARE(f.lastState(), ChatTurn::State::Interrupted);
    QVERIFY(f.conversationText().contains(u"Interrupted"_s));
    QVERIFY(f.clickTurnButton(1, MessageDelegate::Button::Retry));
    QTRY_VERIFY(!f.window->session()->isBusy());
    QTRY_COMPARE(f.lastState(), ChatTurn::State::Done);
    QCOMPARE(f.store->path(id).size(), 2);
    QCOMPARE(f.store->path(id).at(1).state, ChatTurn::State::Done);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
