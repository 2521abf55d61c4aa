#include "chat/modellist.h"
#include "chat/systempresets.h"
#include "chat/tokencounter.h"
#include "generationpanel.h"
#include "getcodedialog.h"
#include "modelpanel.h"
#include "runsettingspanel.h"
#include "safetypanel.h"
#include "support/windowfixture.h"
#include "systeminstructionpanel.h"
#include "tokenmeter.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QTabWidget>

#include <functional>

using namespace Qt::StringLiterals;
using Script = FakeGeminiServer::Script;

namespace {

// The request the window sent last, without its history: exactly the settings that went out.
QJsonObject lastSettings(WindowFixture &f)
{
    const QList<FakeGeminiServer::Request> requests = f.generateRequests();
    if (requests.isEmpty())
        return {{u"error"_s, u"no request"_s}};
    QJsonObject body = requests.constLast().json();
    body.remove(u"contents"_s);
    return body;
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// Sends a prompt and waits for the answer to end.
bool sendAndWait(WindowFixture &f, const QString &prompt)
{
    const qsizetype before = f.generateRequests().size();
    f.sendPrompt(prompt);
    if (!QTest::qWaitFor([&] { return f.generateRequests().size() > before && !f.window->session()->isBusy(); }, 10000))
        return false;
    return true;
}

template<typename T> T *child(WindowFixture &f, const QString &name)
{
    return f.window->findChild<T *>(name);
}

// Waits for the model list, so the panels know the model's limits.
bool waitForModels(WindowFixture &f)
{
    auto *combo = child<QComboBox>(f, u"modelComboBox"_s);
    return QTest::qWaitFor([combo] { return combo->count() > 1; }, 5000);
}

} // namespace

class tst_RunSettingsPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unsetSettingsAreNotSent();
    void generationFieldIsSentAlone_data();
    void generationFieldIsSentAlone();
    void theDockHoldsEveryPanel();
    void systemInstructionIsSentAndMarked();
    void presetsSurviveARestart();
    void lastModelIsRememberedAndFallsBack();
    void settingsFollowTheModel();
    void safetySettingIsSent();
    void toolsAreSent();
    void serverRefusalShowsNextToTheSetting();
    void safetyRefusalShowsOverTheSafetyRows();
    void blockedCategoryIsShown();
    void invalidSchemaHoldsTheSend();
    void resetUnsetsEverything();
    void tokenCountFollowsTheDraft();
    void tokenCountKeepsTypingFree();
    void getCodeRunsWithCurlAndGetsTheSameAnswer();
};

void tst_RunSettingsPanel::unsetSettingsAreNotSent()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    QVERIFY(sendAndWait(f, u"Hello"_s));
    QCOMPARE(compact(lastSettings(f)), u"{}"_s);
}

void tst_RunSettingsPanel::generationFieldIsSentAlone_data()
{
    // Steps, as a user does them: "type:<field>:<text>" (a \n presses Enter), "check:<box>",
    // "pick:<combo>:<item text>".
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QString>("expected"); // the generationConfig sent

    QTest::newRow("temperature") << QStringList {u"type:temperatureField:0.3"_s} << u"{\"temperature\":0.3}"_s;
    QTest::newRow("topP") << QStringList {u"type:topPField:0.5"_s} << u"{\"topP\":0.5}"_s;
    QTest::newRow("topK") << QStringList {u"type:topKField:20"_s} << u"{\"topK\":20}"_s;
    QTest::newRow("maxOutputTokens") << QStringList {u"type:maxOutputTokensField:256"_s}
                                     << u"{\"maxOutputTokens\":256}"_s;
    QTest::newRow("candidateCount") << QStringList {u"type:candidateCountField:2"_s} << u"{\"candidateCount\":2}"_s;
    QTest::newRow("seed") << QStringList {u"type:seedField:42"_s} << u"{\"seed\":42}"_s;
    QTest::newRow("presencePenalty") << QStringList {u"type:presencePenaltyField:0.5"_s}
                                     << u"{\"presencePenalty\":0.5}"_s;
    QTest::newRow("frequencyPenalty") << QStringList {u"type:frequencyPenaltyField:-0.5"_s}
                                      << u"{\"frequencyPenalty\":-0.5}"_s;
    QTest::newRow("stopSequences") << QStringList {u"type:stopSequenceEdit:END\n"_s, u"type:stopSequenceEdit:STOP\n"_s}
                                   << u"{\"stopSequences\":[\"END\",\"STOP\"]}"_s;
    QTest::newRow("thinking") << QStringList {u"type:thinkingBudgetField:1024"_s, u"check:showThoughtsCheck"_s}
                              << u"{\"thinkingConfig\":{\"includeThoughts\":true,\"thinkingBudget\":1024}}"_s;
    QTest::newRow("json without schema") << QStringList {u"pick:responseTypeCombo:JSON"_s}
                                         << u"{\"responseMimeType\":\"application/json\"}"_s;
    QTest::newRow("json schema")
        << QStringList {u"pick:responseTypeCombo:JSON"_s,
               u"type:responseSchemaEdit:{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\"}}}"_s}
        << u"{\"responseJsonSchema\":{\"properties\":{\"n\":{\"type\":\"integer\"}},\"type\":\"object\"},"
           u"\"responseMimeType\":\"application/json\"}"_s;
    QTest::newRow("enum") << QStringList {u"pick:responseTypeCombo:Enum"_s, u"type:responseEnumEdit:red\ngreen"_s}
                          << u"{\"responseMimeType\":\"text/x.enum\",\"responseSchema\":{\"enum\":[\"red\",\"green\"],"
                             u"\"type\":\"STRING\"}}"_s;
    QTest::newRow("several") << QStringList {u"type:temperatureField:1.5"_s, u"type:topKField:3"_s,
        u"type:stopSequenceEdit:###\n"_s}
                             << u"{\"stopSequences\":[\"###\"],\"temperature\":1.5,\"topK\":3}"_s;
}

void tst_RunSettingsPanel::generationFieldIsSentAlone()
{
    QFETCH(QStringList, steps);
    QFETCH(QString, expected);
    WindowFixture f;
    QVERIFY(waitForModels(f));
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    for (const QString &step : steps) {
        const QStringList words = step.split(u':');
        const QString action = words.value(0);
        auto *widget = child<QWidget>(f, words.value(1));
        QVERIFY2(widget, qPrintable(words.value(1)));
        QVERIFY2(widget->isVisibleTo(f.window.get()), qPrintable(words.value(1)));
        const QString text = words.mid(2).join(u':');
        if (action == "type"_L1) {
            widget->setFocus();
            if (qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QLineEdit *>(widget))
                QTest::keyClick(widget, Qt::Key_A, Qt::ControlModifier);
            const QStringList lines = text.split(u'\n');
            for (qsizetype i = 0; i < lines.size(); ++i) {
                QTest::keyClicks(widget, lines.at(i));
                if (i + 1 < lines.size())
                    QTest::keyClick(widget, Qt::Key_Return);
            }
        } else if (action == "check"_L1) {
            // On the box itself: a check box stretched over a form row takes clicks on its box and label only.
            QTest::mouseClick(widget, Qt::LeftButton, {}, QPoint(6, widget->height() / 2));
        } else if (action == "pick"_L1) {
            auto *combo = qobject_cast<QComboBox *>(widget);
            QVERIFY(combo);
            const int row = combo->findText(text, Qt::MatchContains);
            QVERIFY2(row >= 0, qPrintable(text));
            combo->setCurrentIndex(row);
        }
    }
    QVERIFY(sendAndWait(f, u"Hello"_s));
    const QJsonObject sent = lastSettings(f);
    QCOMPARE(compact(sent),
        compact(QJsonObject {{u"generationConfig"_s, QJsonDocument::fromJson(expected.toUtf8()).object()}}));
}

void tst_RunSettingsPanel::theDockHoldsEveryPanel()
{
    WindowFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
    QDockWidget *dock = f.window->runSettingsDock();
    QVERIFY(dock->isVisible());
    QCOMPARE(f.window->dockWidgetArea(dock), Qt::RightDockWidgetArea);
    RunSettingsPanel *panel = f.window->runSettings();
    QVERIFY(panel->modelPanel()->isVisibleTo(panel));
    QVERIFY(panel->systemInstructionPanel()->isVisibleTo(panel));
    QVERIFY(panel->generationPanel()->isVisibleTo(panel));
    QVERIFY(child<QPushButton>(f, u"getCodeButton"_s));
    // F9 hides and shows it.
    QAction *toggle = dock->toggleViewAction();
    QCOMPARE(toggle->shortcut(), QKeySequence(Qt::Key_F9));
    toggle->trigger();
    QVERIFY(!dock->isVisible());
    toggle->trigger();
    QVERIFY(dock->isVisible());
}

void tst_RunSettingsPanel::systemInstructionIsSentAndMarked()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    auto *marker = child<QWidget>(f, u"systemInstructionMarker"_s);
    QVERIFY(marker->isHidden());
    auto *editor = child<QPlainTextEdit>(f, u"systemInstructionEdit"_s);
    QTest::keyClicks(editor, u"You are terse."_s);
    QVERIFY(!marker->isHidden());
    QVERIFY(child<QLabel>(f, u"systemInstructionMarkerLabel"_s)->text().contains(u"You are terse."_s));

    QVERIFY(sendAndWait(f, u"Hello"_s));
    QCOMPARE(
        compact(lastSettings(f)), compact(parse(R"({"systemInstruction":{"parts":[{"text":"You are terse."}]}})")));

    // Cleared: not sent at all, and the marker goes.
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Delete);
    QVERIFY(marker->isHidden());
    QVERIFY(sendAndWait(f, u"Again"_s));
    QCOMPARE(compact(lastSettings(f)), u"{}"_s);
}

void tst_RunSettingsPanel::presetsSurviveARestart()
{
    WindowFixture f;
    {
        SystemPresets presets(f.settings());
        QCOMPARE(presets.save(u"Pirate"_s, u"Talk like a pirate."_s), SystemPresets::Result::Ok);
    }
    f.restart();
    QVERIFY(waitForModels(f));
    auto *combo = child<QComboBox>(f, u"presetCombo"_s);
    QCOMPARE(combo->findText(u"Pirate"_s), 1);
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down); // "No preset" -> "Pirate"
    QCOMPARE(child<QPlainTextEdit>(f, u"systemInstructionEdit"_s)->toPlainText(), u"Talk like a pirate."_s);
    QVERIFY(child<QLabel>(f, u"systemInstructionMarkerLabel"_s)->text().contains(u"Pirate"_s));
    QVERIFY(sendAndWait(f, u"Ahoy"_s));
    QCOMPARE(compact(lastSettings(f)),
        compact(parse(R"({"systemInstruction":{"parts":[{"text":"Talk like a pirate."}]}})")));
}

void tst_RunSettingsPanel::lastModelIsRememberedAndFallsBack()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    auto *combo = child<QComboBox>(f, u"modelComboBox"_s);
    combo->setCurrentIndex(combo->findData(u"gemini-2.5-pro"_s, ModelList::IdRole));
    QCOMPARE(f.window->currentModel(), u"gemini-2.5-pro"_s);
    QVERIFY(sendAndWait(f, u"Hi"_s));
    QVERIFY(f.generateRequests().constLast().path.contains(u"models/gemini-2.5-pro:"_s));

    f.restart();
    QCOMPARE(f.window->currentModel(), u"gemini-2.5-pro"_s);
    QVERIFY(waitForModels(f));
    QCOMPARE(f.window->currentModel(), u"gemini-2.5-pro"_s);

    // The model is retired: the next start falls back, and says so.
    QList<QJsonObject> models = f.server().models();
    models.removeIf([](const QJsonObject &m) { return m.value(u"name"_s) == u"models/gemini-2.5-pro"_s; });
    f.server().setModels(models);
    f.restart();
    QVERIFY(waitForModels(f));
    QTRY_COMPARE(f.window->currentModel(), u"gemini-2.5-flash"_s);
    const QString note = f.window->runSettings()->modelPanel()->note();
    QVERIFY2(note.contains(u"gemini-2.5-pro"_s), qPrintable(note));
    QVERIFY(sendAndWait(f, u"Hi"_s));
    QVERIFY(f.generateRequests().constLast().path.contains(u"models/gemini-2.5-flash:"_s));
}

void tst_RunSettingsPanel::settingsFollowTheModel()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    auto *combo = child<QComboBox>(f, u"modelComboBox"_s);
    // gemini-2.0-flash does not think: no thinking settings for it.
    combo->setCurrentIndex(combo->findData(u"gemini-2.0-flash"_s, ModelList::IdRole));
    auto *budget = child<QWidget>(f, u"thinkingBudgetField"_s);
    QVERIFY(budget);
    QVERIFY(!budget->isVisibleTo(f.window.get()));
    combo->setCurrentIndex(combo->findData(u"gemini-2.5-flash"_s, ModelList::IdRole));
    QVERIFY(budget->isVisibleTo(f.window.get()));
    // The token meter shows the model's input limit.
    QTRY_VERIFY(f.window->tokenMeter()->text().contains(QLocale().toString(1048576)));
}

void tst_RunSettingsPanel::safetySettingIsSent()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    auto *box = child<QComboBox>(f, u"safety_HARM_CATEGORY_HARASSMENT"_s);
    QVERIFY(box);
    const int row = box->findData(u"BLOCK_ONLY_HIGH"_s);
    QVERIFY(row >= 0);
    box->setCurrentIndex(row);
    QVERIFY(sendAndWait(f, u"Hello"_s));
    QCOMPARE(compact(lastSettings(f)),
        compact(
            parse(R"({"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_ONLY_HIGH"}]})")));
}

void tst_RunSettingsPanel::toolsAreSent()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    auto *search = child<QCheckBox>(f, u"googleSearchCheck"_s);
    auto *code = child<QCheckBox>(f, u"codeExecutionCheck"_s);
    search->setChecked(true);
    code->setChecked(true);
    QVERIFY(sendAndWait(f, u"Hello"_s));
    QCOMPARE(compact(lastSettings(f)), compact(parse(R"({"tools":[{"googleSearch":{}},{"codeExecution":{}}]})")));
    code->setChecked(false);
    QVERIFY(sendAndWait(f, u"Again"_s));
    QCOMPARE(compact(lastSettings(f)), compact(parse(R"({"tools":[{"googleSearch":{}}]})")));
}

void tst_RunSettingsPanel::serverRefusalShowsNextToTheSetting()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    Script refusal;
    refusal.httpStatus = 400;
    refusal.errorMessage = u"* GenerateContentRequest.generation_config.presence_penalty: Presence penalty is not "
                           u"supported for this model.\n"_s;
    f.server().enqueue(refusal);
    QVERIFY(sendAndWait(f, u"Hello"_s));
    QCOMPARE(f.window->state(), MainWindow::State::Failed);
    auto *error = child<QLabel>(f, u"presencePenaltyError"_s);
    QVERIFY(error);
    QVERIFY(error->isVisibleTo(f.window.get()));
    QVERIFY2(error->text().contains(u"Presence penalty is not supported"_s), qPrintable(error->text()));
    QVERIFY(!error->text().contains(u"GenerateContentRequest"_s));
    QVERIFY(f.window->runSettingsDock()->isVisible());
    QTRY_VERIFY(!error->visibleRegion().isEmpty()); // scrolled into view
    // The next send clears it.
    QVERIFY(sendAndWait(f, u"Again"_s));
    QVERIFY(!error->isVisibleTo(f.window.get()));
}

void tst_RunSettingsPanel::safetyRefusalShowsOverTheSafetyRows()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    auto *box = child<QComboBox>(f, u"safety_HARM_CATEGORY_CIVIC_INTEGRITY"_s);
    QVERIFY(box);
    box->setCurrentIndex(box->findData(u"BLOCK_NONE"_s));
    Script refusal;
    refusal.httpStatus = 400;
    refusal.errorMessage = u"Invalid value at 'safety_settings[0].category' (type.googleapis.com/"
                           u"google.ai.generativelanguage.v1beta.HarmCategory), \"HARM_CATEGORY_CIVIC_INTEGRITY\""_s;
    f.server().enqueue(refusal);
    QVERIFY(sendAndWait(f, u"Hello"_s));
    QLabel *error = f.window->runSettings()->safetyPanel()->errorLabel();
    QVERIFY(error->isVisibleTo(f.window.get()));
    QVERIFY2(error->text().contains(u"HARM_CATEGORY_CIVIC_INTEGRITY"_s), qPrintable(error->text()));
    QTRY_VERIFY(!error->visibleRegion().isEmpty());
    // The user changes the setting: the message goes.
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Up);
    QVERIFY(!error->isVisibleTo(f.window.get()));
}

void tst_RunSettingsPanel::blockedCategoryIsShown()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    Script blocked;
    blocked.chunks.append(
        parse(R"({"candidates":[{"content":{"parts":[{"text":"Well"}],"role":"model"},"index":0}]})"));
    blocked.chunks.append(parse(R"({"candidates":[{"finishReason":"SAFETY","index":0,"safetyRatings":[
        {"category":"HARM_CATEGORY_HARASSMENT","probability":"HIGH","blocked":true},
        {"category":"HARM_CATEGORY_HATE_SPEECH","probability":"NEGLIGIBLE"}]}]})"));
    f.server().enqueue(blocked);
    QVERIFY(sendAndWait(f, u"Hello"_s));
    const QString shown = f.conversationText();
    QVERIFY2(shown.contains(u"harassment"_s, Qt::CaseInsensitive), qPrintable(shown));
    QVERIFY2(!shown.contains(u"hate speech"_s, Qt::CaseInsensitive), qPrintable(shown));

    Script promptBlocked;
    promptBlocked.blockPrompt = true;
    f.server().enqueue(promptBlocked);
    QVERIFY(sendAndWait(f, u"Again"_s));
    const QString now = f.conversationText();
    QVERIFY2(now.contains(u"hate speech"_s, Qt::CaseInsensitive), qPrintable(now));
}

void tst_RunSettingsPanel::invalidSchemaHoldsTheSend()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    auto *type = child<QComboBox>(f, u"responseTypeCombo"_s);
    type->setCurrentIndex(type->findText(u"JSON"_s, Qt::MatchContains));
    auto *schema = child<QPlainTextEdit>(f, u"responseSchemaEdit"_s);
    QVERIFY(schema);
    QTest::keyClicks(schema, u"{\"type\": \"OBJECT\", \"properties\": {\"name\": {\"type\": \"STRIN\"}}}"_s);
    f.type(u"Hello"_s);
    QVERIFY(!f.sendButton()->isEnabled());
    QVERIFY2(f.sendButton()->toolTip().contains(u"STRIN"_s), qPrintable(f.sendButton()->toolTip()));
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QTest::qWait(50);
    QVERIFY(f.generateRequests().isEmpty());
    QCOMPARE(f.composer()->toPlainText(), u"Hello"_s); // nothing lost

    schema->setPlainText(u"{\"type\": \"OBJECT\", \"properties\": {\"name\": {\"type\": \"STRING\"}}}"_s);
    QVERIFY(f.sendButton()->isEnabled());
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QTRY_VERIFY(!f.generateRequests().isEmpty());
    QTRY_VERIFY(!f.window->session()->isBusy());
    QCOMPARE(compact(lastSettings(f)), compact(parse(R"({"generationConfig":{"responseMimeType":"application/json",
            "responseSchema":{"type":"OBJECT","properties":{"name":{"type":"STRING"}}}}})")));
}

void tst_RunSettingsPanel::resetUnsetsEverything()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    QTest::keyClicks(child<QPlainTextEdit>(f, u"systemInstructionEdit"_s), u"Be brief."_s);
    child<QCheckBox>(f, u"googleSearchCheck"_s)->setChecked(true);
    auto *box = child<QComboBox>(f, u"safety_HARM_CATEGORY_DANGEROUS_CONTENT"_s);
    box->setCurrentIndex(box->findData(u"BLOCK_NONE"_s));
    const QString model = f.window->currentModel();
    QTest::mouseClick(child<QPushButton>(f, u"resetSettingsButton"_s), Qt::LeftButton);
    QCOMPARE(f.window->currentModel(), model);
    QVERIFY(sendAndWait(f, u"Hello"_s));
    QCOMPARE(compact(lastSettings(f)), u"{}"_s);
}

void tst_RunSettingsPanel::tokenCountFollowsTheDraft()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    TokenCounter *counter = f.window->tokenCounter();
    counter->setDebounceMs(20);
    f.type(u"one two three four"_s);
    QTRY_VERIFY(!counter->isCounting() && counter->count().draftTokens > 0);
    const qint64 first = counter->count().total();
    QTRY_VERIFY(f.window->tokenMeter()->text().startsWith(QLocale().toString(first) + u" / "_s));

    f.type(u" five six seven eight nine ten"_s);
    QTRY_VERIFY(!counter->isCounting() && counter->count().total() > first);

    // After an answer the history counts too.
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QTRY_VERIFY(!f.window->session()->isBusy());
    QTRY_VERIFY(!counter->isCounting() && counter->count().contextTokens > 0);
    QCOMPARE(counter->count().draftTokens, 0);
}

void tst_RunSettingsPanel::tokenCountKeepsTypingFree()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    f.server().clearRequests();
    TokenCounter *counter = f.window->tokenCounter();
    QCOMPARE(TokenCounter::DefaultDebounceMs, 500);
    QElapsedTimer typing;
    typing.start();
    for (const QChar c : u"a quick brown fox"_s)
        QTest::keyClick(f.composer(), c.toLatin1());
    QVERIFY(typing.elapsed() < 500); // nothing waited on the network
    QCOMPARE(f.composer()->toPlainText(), u"a quick brown fox"_s);
    QVERIFY(counter->isCounting());
    QTRY_VERIFY_WITH_TIMEOUT(!counter->isCounting(), 5000);
    // One count for all those keys (the history is empty: one call).
    QCOMPARE(f.server().requests(u":countTokens"_s).size(), 1);
}

void tst_RunSettingsPanel::getCodeRunsWithCurlAndGetsTheSameAnswer()
{
    WindowFixture f;
    QVERIFY(waitForModels(f));
    // A conversation with settings, then a draft: the code is the request Send would make.
    QTest::keyClicks(child<QPlainTextEdit>(f, u"systemInstructionEdit"_s), u"Answer in one line."_s);
    auto *box = child<QComboBox>(f, u"safety_HARM_CATEGORY_HARASSMENT"_s);
    box->setCurrentIndex(box->findData(u"BLOCK_LOW_AND_ABOVE"_s));
    QVERIFY(sendAndWait(f, u"First question"_s));
    f.type(u"It's a \"quoted\" $(question) with `ticks`"_s);

    f.window->showGetCode();
    auto *dialog = f.window->findChild<GetCodeDialog *>(u"getCodeDialog"_s);
    QVERIFY(dialog);
    dialog->setLanguage(CodeSnippet::Language::Curl);
    const QString code = dialog->code();
    QVERIFY(code.contains(u"GEMINI_API_KEY"_s));
    QVERIFY(!code.contains(f.server().apiKey()));

    f.server().clearRequests();
    QProcess curl;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"GEMINI_API_KEY"_s, f.server().apiKey());
    curl.setProcessEnvironment(environment);
    curl.start(u"/bin/bash"_s, {u"-c"_s, code});
    QVERIFY(curl.waitForStarted());
    QTRY_COMPARE_WITH_TIMEOUT(curl.state(), QProcess::NotRunning, 20000); // the server runs in this thread
    QCOMPARE(curl.exitCode(), 0);
    const QJsonObject reply = QJsonDocument::fromJson(curl.readAllStandardOutput()).object();
    const QString curlAnswer = reply.value(u"candidates"_s)[0][u"content"_s][u"parts"_s][0][u"text"_s].toString();
    QVERIFY(!curlAnswer.isEmpty());
    const QJsonObject curlRequest = f.server().requests(u":generateContent"_s).constFirst().json();

    // The app sends the same request and gets the same answer.
    QTest::keyClick(f.composer(), Qt::Key_Return);
    QTRY_VERIFY(!f.window->session()->isBusy());
    QCOMPARE(compact(f.generateRequests().constLast().json()), compact(curlRequest));
    const int rows = f.model()->rowCount();
    QCOMPARE(f.model()->turn(rows - 1).markdown(), curlAnswer);
}

QTEST_MAIN(tst_RunSettingsPanel)
#include "tst_runsettingspanel.moc"
