#include "generationpanel.h"

#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionButton>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
ModelInfo flashModel()
{
    ModelInfo m;
    m.name = u"models/gemini-2.5-flash"_s;
    m.displayName = u"Gemini 2.5 Flash"_s;
    m.outputTokenLimit = 65536;
    m.inputTokenLimit = 1048576;
    m.temperature = 1.0;
    m.maxTemperature = 2.0;
    m.topP = 0.95;
    m.topK = 64;
    m.thinking = true;
    return m;
}

ModelInfo smallModel()
{
    ModelInfo m;
    m.name = u"models/tiny"_s;
    m.outputTokenLimit = 1000;
    m.temperature = 0.7;
    m.maxTemperature = 1.0;
    m.topP = 0.9;
    m.thinking = false;
    return m;
}

QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", text);
    return doc.object();
}
} // namespace

class tst_generationpanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void nothingSetSendsNothing();
    void typedFieldGivesExactlyThatField_data();
    void typedFieldGivesExactlyThatField();
    void outOfRangeCannotBeTyped_data();
    void outOfRangeCannotBeTyped();
    void stepUpFromDefaultStartsAtTheDefault();
    void sliderSetsTemperature();
    void resetButtonUnsets_data();
    void resetButtonUnsets();
    void clearingTheTextUnsets();
    void modelCapsMaxOutputTokens();
    void modelWithoutTopK();
    void modelWithoutThinking();
    void unknownModelShowsEverything();
    void showThoughts();
    void tools();
    void stopSequences();
    void stopSequenceLimit();
    void jsonWithoutSchema();
    void schemaStatusAsYouType();
    void schemaDialects_data();
    void schemaDialects();
    void invalidSchemaIsAProblem();
    void hugeSchemaPaste();
    void enumValues();
    void fieldErrorShownAndClearedOnEdit_data();
    void fieldErrorShownAndClearedOnEdit();
    void fieldErrorUnknownKeyAndClearAll();
    void fieldErrorForHiddenFieldGoesToTop();
    void setSettingsRoundTrip_data();
    void setSettingsRoundTrip();
    void resetAll();

private:
    template<typename T> T *child(const QString &name) const
    {
        T *w = m_panel->findChild<T *>(name);
        if (!w)
            qFatal("no child %s", qPrintable(name));
        return w;
    }
    QDoubleSpinBox *spin(const QString &key) const { return child<QDoubleSpinBox>(key + "Field"_L1); }
    void typeInto(QAbstractSpinBox *box, const QString &text)
    {
        box->setFocus();
        QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(box, text);
        QTest::keyClick(box, Qt::Key_Return);
    }
    static void clickCheck(QCheckBox *box)
    {
        // The middle of a stretched check box is empty space: click its indicator.
        QStyleOptionButton option;
        option.initFrom(box);
        const QRect indicator = box->style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, box);
        QTest::mouseClick(box, Qt::LeftButton, {}, indicator.center());
    }
    void addStop(const QString &text)
    {
        auto *edit = child<QLineEdit>(u"stopSequenceEdit"_s);
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
    }
    void chooseResponseType(int index)
    {
        auto *combo = child<QComboBox>(u"responseTypeCombo"_s);
        combo->setFocus();
        while (combo->currentIndex() < index)
            QTest::keyClick(combo, Qt::Key_Down);
        while (combo->currentIndex() > index)
            QTest::keyClick(combo, Qt::Key_Up);
        QCOMPARE(combo->currentIndex(), index);
    }
    void typeSchema(const QString &text)
    {
        auto *edit = child<QPlainTextEdit>(u"responseSchemaEdit"_s);
        edit->setFocus();
        QTest::keyClicks(edit, text);
    }
    QJsonObject configJson() const { return m_panel->config().toJson(); }

    std::unique_ptr<GenerationPanel> m_panel;
};

void tst_generationpanel::initTestCase()
{
    // Typed numbers use '.' whatever the machine's locale.
    QLocale::setDefault(QLocale::c());
}

void tst_generationpanel::init()
{
    m_panel = std::make_unique<GenerationPanel>();
    m_panel->setModelInfo(flashModel());
    m_panel->resize(320, 1200);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
}

void tst_generationpanel::cleanup()
{
    m_panel.reset();
}

void tst_generationpanel::nothingSetSendsNothing()
{
    QVERIFY(m_panel->config().isEmpty());
    QVERIFY(m_panel->tools().isEmpty());
    QVERIFY(m_panel->problem().isEmpty());
    QCOMPARE(spin(u"temperature"_s)->text(), u"Default (1)"_s);
    QCOMPARE(spin(u"topP"_s)->text(), u"Default (0.95)"_s);
    QCOMPARE(spin(u"topK"_s)->text(), u"Default (64)"_s);
    QCOMPARE(spin(u"maxOutputTokens"_s)->text(), u"Default"_s);
    QCOMPARE(spin(u"candidateCount"_s)->text(), u"Default (1)"_s);
    QCOMPARE(spin(u"seed"_s)->text(), u"Default"_s);
    QCOMPARE(spin(u"thinkingBudget"_s)->text(), u"Default"_s);
    QVERIFY(!child<QToolButton>(u"temperatureReset"_s)->isEnabled());
    QVERIFY(!child<QCheckBox>(u"showThoughtsCheck"_s)->isChecked());
    QCOMPARE(child<QComboBox>(u"responseTypeCombo"_s)->currentIndex(), 0);
    QVERIFY(!child<QPlainTextEdit>(u"responseSchemaEdit"_s)->isVisibleTo(m_panel.get()));
}

void tst_generationpanel::typedFieldGivesExactlyThatField_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QJsonObject>("expected");

    QTest::newRow("temperature") << u"temperature"_s << u"0.7"_s << json(R"({"temperature": 0.7})");
    QTest::newRow("temperature 0") << u"temperature"_s << u"0"_s << json(R"({"temperature": 0})");
    QTest::newRow("temperature max") << u"temperature"_s << u"2"_s << json(R"({"temperature": 2})");
    QTest::newRow("topP") << u"topP"_s << u"0.5"_s << json(R"({"topP": 0.5})");
    QTest::newRow("topK") << u"topK"_s << u"40"_s << json(R"({"topK": 40})");
    QTest::newRow("maxOutputTokens") << u"maxOutputTokens"_s << u"2048"_s << json(R"({"maxOutputTokens": 2048})");
    QTest::newRow("candidateCount") << u"candidateCount"_s << u"3"_s << json(R"({"candidateCount": 3})");
    QTest::newRow("seed") << u"seed"_s << u"-42"_s << json(R"({"seed": -42})");
    QTest::newRow("seed int32 max") << u"seed"_s << u"2147483647"_s << json(R"({"seed": 2147483647})");
    QTest::newRow("seed int32 min") << u"seed"_s << u"-2147483648"_s << json(R"({"seed": -2147483648})");
    QTest::newRow("presencePenalty") << u"presencePenalty"_s << u"0.5"_s << json(R"({"presencePenalty": 0.5})");
    QTest::newRow("frequencyPenalty") << u"frequencyPenalty"_s << u"-1.5"_s << json(R"({"frequencyPenalty": -1.5})");
    QTest::newRow("penalty lowest") << u"frequencyPenalty"_s << u"-2"_s << json(R"({"frequencyPenalty": -2})");
    QTest::newRow("thinking budget") << u"thinkingBudget"_s << u"1024"_s
                                     << json(R"({"thinkingConfig": {"thinkingBudget": 1024}})");
    QTest::newRow("thinking max") << u"thinkingBudget"_s << u"32768"_s
                                  << json(R"({"thinkingConfig": {"thinkingBudget": 32768}})");
    QTest::newRow("thinking dynamic word")
        << u"thinkingBudget"_s << u"Dynamic"_s << json(R"({"thinkingConfig": {"thinkingBudget": -1}})");
    QTest::newRow("thinking dynamic number")
        << u"thinkingBudget"_s << u"-1"_s << json(R"({"thinkingConfig": {"thinkingBudget": -1}})");
    QTest::newRow("thinking off word") << u"thinkingBudget"_s << u"off"_s
                                       << json(R"({"thinkingConfig": {"thinkingBudget": 0}})");
    QTest::newRow("thinking off number") << u"thinkingBudget"_s << u"0"_s
                                         << json(R"({"thinkingConfig": {"thinkingBudget": 0}})");
}

void tst_generationpanel::typedFieldGivesExactlyThatField()
{
    QFETCH(QString, key);
    QFETCH(QString, typed);
    QFETCH(QJsonObject, expected);

    QSignalSpy changed(m_panel.get(), &GenerationPanel::changed);
    typeInto(spin(key), typed);
    QCOMPARE(configJson(), expected);
    QVERIFY(m_panel->tools().isEmpty());
    QVERIFY(changed.count() >= 1);
    QVERIFY(child<QToolButton>(key + "Reset"_L1)->isEnabled());
    QVERIFY(m_panel->problem().isEmpty());
}

void tst_generationpanel::outOfRangeCannotBeTyped_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("typed");

    // Each key the validator refuses leaves the field as it was: unset.
    QTest::newRow("temperature 3") << u"temperature"_s << u"3"_s;
    QTest::newRow("topP 2") << u"topP"_s << u"2"_s;
    QTest::newRow("candidates 9") << u"candidateCount"_s << u"9"_s;
    QTest::newRow("candidates 0") << u"candidateCount"_s << u"0"_s;
    QTest::newRow("topK 0") << u"topK"_s << u"0"_s;
    QTest::newRow("maxOutputTokens 0") << u"maxOutputTokens"_s << u"0"_s;
    QTest::newRow("penalty 2") << u"presencePenalty"_s << u"2"_s;
    QTest::newRow("letters") << u"seed"_s << u"abc"_s;
    QTest::newRow("thinking -5") << u"thinkingBudget"_s << u"-5"_s;
    QTest::newRow("thinking 99999") << u"thinkingBudget"_s << u"99999"_s;
}

void tst_generationpanel::outOfRangeCannotBeTyped()
{
    QFETCH(QString, key);
    QFETCH(QString, typed);

    QDoubleSpinBox *box = spin(key);
    typeInto(box, typed);
    const GenerationConfig c = m_panel->config();
    QVERIFY(c.validate().isEmpty());
    // Either nothing was taken, or only an in-range prefix ("99999" leaves "9999").
    const QJsonObject o = c.toJson();
    QVERIFY2(o.isEmpty() || o.size() == 1, qPrintable(QString::fromUtf8(QJsonDocument(o).toJson())));
    QVERIFY(box->value() <= box->maximum());
    if (key == "thinkingBudget"_L1 && typed == "99999"_L1)
        QCOMPARE(o, json(R"({"thinkingConfig": {"thinkingBudget": 9999}})"));
    else
        QVERIFY2(o.isEmpty(), qPrintable(QString::fromUtf8(QJsonDocument(o).toJson())));
}

void tst_generationpanel::stepUpFromDefaultStartsAtTheDefault()
{
    QDoubleSpinBox *box = spin(u"topP"_s);
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Up);
    QCOMPARE(configJson(), json(R"({"topP": 0.95})"));
    QTest::keyClick(box, Qt::Key_Up);
    QCOMPARE(configJson(), json(R"({"topP": 1})"));
    QTest::keyClick(box, Qt::Key_Up); // at the maximum
    QCOMPARE(configJson(), json(R"({"topP": 1})"));

    // Down below the minimum is "Default" again.
    QDoubleSpinBox *candidates = spin(u"candidateCount"_s);
    candidates->setFocus();
    QTest::keyClick(candidates, Qt::Key_Up);
    QCOMPARE(m_panel->config().candidateCount, 1);
    QTest::keyClick(candidates, Qt::Key_Down);
    QVERIFY(!m_panel->config().candidateCount);
    QCOMPARE(candidates->text(), u"Default (1)"_s);
}

void tst_generationpanel::sliderSetsTemperature()
{
    auto *slider = child<QSlider>(u"temperatureSlider"_s);
    QCOMPARE(slider->value(), 100); // shows the model's default while unset
    QVERIFY(m_panel->config().isEmpty());
    slider->setFocus();
    QTest::keyClick(slider, Qt::Key_Right);
    QCOMPARE(configJson(), json(R"({"temperature": 1.01})"));
    QTest::keyClick(slider, Qt::Key_Home);
    QCOMPARE(configJson(), json(R"({"temperature": 0})"));
    QCOMPARE(spin(u"temperature"_s)->text(), u"0.00"_s);

    // The spin box moves the slider.
    typeInto(spin(u"temperature"_s), u"1.5"_s);
    QCOMPARE(slider->value(), 150);
}

void tst_generationpanel::resetButtonUnsets_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("typed");
    for (const char *key : {"temperature", "topP", "topK", "maxOutputTokens", "candidateCount", "seed",
             "presencePenalty", "frequencyPenalty", "thinkingBudget"})
        QTest::newRow(key) << QString::fromLatin1(key) << u"1"_s;
}

void tst_generationpanel::resetButtonUnsets()
{
    QFETCH(QString, key);
    QFETCH(QString, typed);

    typeInto(spin(key), typed);
    QVERIFY(!m_panel->config().isEmpty());
    auto *reset = child<QToolButton>(key + "Reset"_L1);
    QVERIFY(reset->isEnabled());
    QSignalSpy changed(m_panel.get(), &GenerationPanel::changed);
    QTest::mouseClick(reset, Qt::LeftButton);
    QVERIFY(m_panel->config().isEmpty());
    QCOMPARE(changed.count(), 1);
    QVERIFY(!reset->isEnabled());
    QVERIFY(spin(key)->text().startsWith(u"Default"_s));
}

void tst_generationpanel::clearingTheTextUnsets()
{
    QDoubleSpinBox *box = spin(u"seed"_s);
    typeInto(box, u"7"_s);
    QCOMPARE(m_panel->config().seed, 7);
    box->setFocus();
    QTest::keyClick(box, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(box, Qt::Key_Backspace);
    QTest::keyClick(box, Qt::Key_Return);
    QVERIFY(m_panel->config().isEmpty());
    QCOMPARE(box->text(), u"Default"_s);
}

void tst_generationpanel::modelCapsMaxOutputTokens()
{
    typeInto(spin(u"maxOutputTokens"_s), u"8000"_s);
    typeInto(spin(u"temperature"_s), u"1.8"_s);
    QCOMPARE(m_panel->config().maxOutputTokens, 8000);

    QSignalSpy changed(m_panel.get(), &GenerationPanel::changed);
    m_panel->setModelInfo(smallModel());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_panel->config().maxOutputTokens, 1000);
    QCOMPARE(m_panel->config().temperature, 1.0);
    QCOMPARE(spin(u"temperature"_s)->maximum(), 1.0);

    // Typing past the cap is refused key by key.
    typeInto(spin(u"maxOutputTokens"_s), u"2000"_s);
    QCOMPARE(m_panel->config().maxOutputTokens, 200);

    // A model that fits changes nothing.
    changed.clear();
    m_panel->setModelInfo(flashModel());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_panel->config().maxOutputTokens, 200);
}

void tst_generationpanel::modelWithoutTopK()
{
    typeInto(spin(u"topK"_s), u"40"_s);
    QCOMPARE(m_panel->config().topK, 40);
    m_panel->setModelInfo(smallModel());
    QVERIFY(!spin(u"topK"_s)->isVisibleTo(m_panel.get()));
    QVERIFY(!m_panel->config().topK);

    // Settings of a conversation that had one: not sent either.
    GenerationConfig c;
    c.topK = 10;
    c.temperature = 0.5;
    m_panel->setSettings(c, Tools());
    QCOMPARE(configJson(), json(R"({"temperature": 0.5})"));

    m_panel->setModelInfo(flashModel());
    QVERIFY(spin(u"topK"_s)->isVisibleTo(m_panel.get()));
}

void tst_generationpanel::modelWithoutThinking()
{
    typeInto(spin(u"thinkingBudget"_s), u"512"_s);
    clickCheck(child<QCheckBox>(u"showThoughtsCheck"_s));
    QCOMPARE(configJson(), json(R"({"thinkingConfig": {"thinkingBudget": 512, "includeThoughts": true}})"));

    QSignalSpy changed(m_panel.get(), &GenerationPanel::changed);
    m_panel->setModelInfo(smallModel());
    QCOMPARE(changed.count(), 1);
    QVERIFY(!child<QGroupBox>(u"thinkingGroup"_s)->isVisibleTo(m_panel.get()));
    QVERIFY(m_panel->config().isEmpty());

    GenerationConfig c;
    c.thinkingConfig = ThinkingConfig {true, 100, u"LOW"_s};
    m_panel->setSettings(c, Tools());
    QVERIFY(m_panel->config().isEmpty());
}

void tst_generationpanel::unknownModelShowsEverything()
{
    GenerationPanel panel;
    QVERIFY(panel.findChild<QDoubleSpinBox *>(u"topKField"_s)->isVisibleTo(&panel));
    QVERIFY(panel.findChild<QGroupBox *>(u"thinkingGroup"_s)->isVisibleTo(&panel));
    QVERIFY(panel.config().isEmpty());
}

void tst_generationpanel::showThoughts()
{
    auto *check = child<QCheckBox>(u"showThoughtsCheck"_s);
    QVERIFY(!check->toolTip().isEmpty());
    clickCheck(check);
    QCOMPARE(configJson(), json(R"({"thinkingConfig": {"includeThoughts": true}})"));
    // Unchecked is "not sent", not false.
    clickCheck(check);
    QVERIFY(m_panel->config().isEmpty());
}

void tst_generationpanel::tools()
{
    QSignalSpy changed(m_panel.get(), &GenerationPanel::changed);
    clickCheck(child<QCheckBox>(u"googleSearchCheck"_s));
    QCOMPARE(m_panel->tools().toJson(), QJsonArray({QJsonObject {{u"googleSearch"_s, QJsonObject()}}}));
    clickCheck(child<QCheckBox>(u"codeExecutionCheck"_s));
    Tools expected;
    expected.googleSearch = true;
    expected.codeExecution = true;
    QCOMPARE(m_panel->tools(), expected);
    QCOMPARE(changed.count(), 2);
    QVERIFY(m_panel->config().isEmpty());
    clickCheck(child<QCheckBox>(u"googleSearchCheck"_s));
    clickCheck(child<QCheckBox>(u"codeExecutionCheck"_s));
    QVERIFY(m_panel->tools().isEmpty());
}

void tst_generationpanel::stopSequences()
{
    QSignalSpy changed(m_panel.get(), &GenerationPanel::changed);
    auto *edit = child<QLineEdit>(u"stopSequenceEdit"_s);
    addStop(u"END"_s);
    QCOMPARE(edit->text(), QString());
    QCOMPARE(configJson(), json(R"({"stopSequences": ["END"]})"));
    QCOMPARE(changed.count(), 1);

    addStop(u"||"_s);
    QCOMPARE(configJson(), json(R"({"stopSequences": ["END", "||"]})"));
    QCOMPARE(m_panel->findChildren<QToolButton *>(u"stopSequenceRemove"_s).size(), 2);

    // Duplicate: refused, with a message, the text kept to fix.
    auto *message = child<QLabel>(u"stopSequenceMessage"_s);
    addStop(u"END"_s);
    QCOMPARE(edit->text(), u"END"_s);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"already"_s), qPrintable(message->text()));
    QCOMPARE(m_panel->config().stopSequences.size(), 2);
    QCOMPARE(changed.count(), 2);
    // Typing removes the message.
    QTest::keyClick(edit, Qt::Key_Backspace);
    QVERIFY(!message->isVisible());
    edit->clear();

    // Empty: refused.
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(message->isVisible());
    QCOMPARE(m_panel->config().stopSequences.size(), 2);

    // Remove the first chip with the mouse.
    QTest::mouseClick(m_panel->findChildren<QToolButton *>(u"stopSequenceRemove"_s).constFirst(), Qt::LeftButton);
    QCOMPARE(configJson(), json(R"({"stopSequences": ["||"]})"));
    QCOMPARE(m_panel->findChildren<QToolButton *>(u"stopSequenceRemove"_s).size(), 1);
    QCOMPARE(changed.count(), 3);
}

void tst_generationpanel::stopSequenceLimit()
{
    for (int i = 1; i <= 5; ++i)
        addStop(u"s%1"_s.arg(i));
    QCOMPARE(m_panel->config().stopSequences.size(), 5);
    addStop(u"s6"_s);
    QCOMPARE(m_panel->config().stopSequences, QStringList({u"s1"_s, u"s2"_s, u"s3"_s, u"s4"_s, u"s5"_s}));
    auto *message = child<QLabel>(u"stopSequenceMessage"_s);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"5"_s), qPrintable(message->text()));
    QVERIFY(m_panel->config().validate().isEmpty());

    // A hostile long paste is cut by the line edit, not sent whole.
    m_panel->findChildren<QToolButton *>(u"stopSequenceRemove"_s).constLast()->click();
    auto *edit = child<QLineEdit>(u"stopSequenceEdit"_s);
    edit->clear();
    edit->setFocus();
    edit->insert(QString(100000, u'x'));
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(m_panel->config().stopSequences.size(), 5);
    QVERIFY(m_panel->config().stopSequences.constLast().size() <= 1000);
}

void tst_generationpanel::jsonWithoutSchema()
{
    QSignalSpy changed(m_panel.get(), &GenerationPanel::changed);
    chooseResponseType(1);
    QCOMPARE(changed.count(), 1);
    QVERIFY(child<QPlainTextEdit>(u"responseSchemaEdit"_s)->isVisible());
    QVERIFY(!child<QPlainTextEdit>(u"responseEnumEdit"_s)->isVisible());
    QCOMPARE(configJson(), json(R"({"responseMimeType": "application/json"})"));
    QVERIFY(m_panel->problem().isEmpty());
    QVERIFY(child<QLabel>(u"responseSchemaStatus"_s)->text().contains(u"No schema"_s));
    chooseResponseType(0);
    QVERIFY(m_panel->config().isEmpty());
}

void tst_generationpanel::schemaStatusAsYouType()
{
    chooseResponseType(1);
    auto *status = child<QLabel>(u"responseSchemaStatus"_s);
    const QColor normal = status->palette().color(QPalette::WindowText);
    typeSchema(u"{\"type\": \"STRI"_s);
    QVERIFY2(status->text().startsWith(u"Line 1, column"_s), qPrintable(status->text()));
    QVERIFY(status->palette().color(QPalette::WindowText) != normal);
    QVERIFY(!m_panel->problem().isEmpty());
    typeSchema(u"NG\"}"_s);
    QVERIFY2(status->text().contains(u"Valid"_s), qPrintable(status->text()));
    QCOMPARE(status->palette().color(QPalette::WindowText), normal);
    QVERIFY(m_panel->problem().isEmpty());
    QCOMPARE(configJson(), json(R"({"responseMimeType": "application/json", "responseSchema": {"type": "STRING"}})"));
}

void tst_generationpanel::schemaDialects_data()
{
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QJsonObject>("expected");
    QTest::newRow("openapi") << uR"({"type": "OBJECT", "properties": {"a": {"type": "INTEGER"}}})"_s
                             << json(R"({"responseMimeType": "application/json", "responseSchema":
                                   {"type": "OBJECT", "properties": {"a": {"type": "INTEGER"}}}})");
    QTest::newRow("json schema")
        << uR"({"type": "array", "items": {"$ref": "#/$defs/x"}, "$defs": {"x": {"type": "string"}}})"_s
        << json(R"({"responseMimeType": "application/json", "responseJsonSchema":
                                   {"type": "array", "items": {"$ref": "#/$defs/x"}, "$defs": {"x": {"type": "string"}}}})");
}

void tst_generationpanel::schemaDialects()
{
    QFETCH(QString, schema);
    QFETCH(QJsonObject, expected);
    chooseResponseType(1);
    typeSchema(schema);
    QVERIFY2(m_panel->problem().isEmpty(), qPrintable(m_panel->problem()));
    QCOMPARE(configJson(), expected);
}

void tst_generationpanel::invalidSchemaIsAProblem()
{
    chooseResponseType(1);
    typeSchema(uR"({"type": "OBJECT", "propertie": {}})"_s);
    const QString problem = m_panel->problem();
    QVERIFY2(problem.contains(u"“propertie” is not a schema keyword"_s), qPrintable(problem));
    QVERIFY(child<QLabel>(u"responseSchemaStatus"_s)->text().contains(u"propertie"_s));
}

void tst_generationpanel::hugeSchemaPaste()
{
    chooseResponseType(1);
    auto *edit = child<QPlainTextEdit>(u"responseSchemaEdit"_s);
    edit->setFocus();
    edit->insertPlainText(u"{\"description\": \""_s + QString(400000, u'x') + u"\"}"_s);
    QVERIFY(m_panel->problem().contains(u"too long"_s));
    QVERIFY(!m_panel->config().responseSchema);

    edit->clear();
    QString deep;
    for (int i = 0; i < 200; ++i)
        deep += u"{\"anyOf\": ["_s;
    deep += u"{}"_s;
    for (int i = 0; i < 200; ++i)
        deep += u"]}"_s;
    edit->insertPlainText(deep);
    QVERIFY2(m_panel->problem().contains(u"deeper"_s), qPrintable(m_panel->problem()));
}

void tst_generationpanel::enumValues()
{
    chooseResponseType(2);
    QVERIFY(!child<QPlainTextEdit>(u"responseSchemaEdit"_s)->isVisible());
    auto *edit = child<QPlainTextEdit>(u"responseEnumEdit"_s);
    QVERIFY(edit->isVisible());
    QVERIFY(m_panel->problem().contains(u"at least one value"_s));
    QCOMPARE(configJson(), json(R"({"responseMimeType": "text/x.enum"})"));

    edit->setFocus();
    QTest::keyClicks(edit, u"positive"_s);
    QTest::keyClick(edit, Qt::Key_Return);
    QTest::keyClick(edit, Qt::Key_Return); // blank lines are skipped
    QTest::keyClicks(edit, u"  negative "_s);
    QVERIFY(m_panel->problem().isEmpty());
    QCOMPARE(configJson(), json(R"({"responseMimeType": "text/x.enum",
        "responseSchema": {"type": "STRING", "enum": ["positive", "negative"]}})"));

    QTest::keyClick(edit, Qt::Key_Return);
    QTest::keyClicks(edit, u"positive"_s);
    QVERIFY2(m_panel->problem().contains(u"twice"_s), qPrintable(m_panel->problem()));
}

void tst_generationpanel::fieldErrorShownAndClearedOnEdit_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("labelName");
    for (const char *key : {"temperature", "topP", "topK", "maxOutputTokens", "candidateCount", "seed",
             "presencePenalty", "frequencyPenalty", "stopSequences", "responseMimeType", "responseSchema",
             "thinkingConfig", "tools", "generationConfig"})
        QTest::newRow(key) << QString::fromLatin1(key) << QString::fromLatin1(key) + "Error"_L1;
}

void tst_generationpanel::fieldErrorShownAndClearedOnEdit()
{
    QFETCH(QString, key);
    QFETCH(QString, labelName);

    if (key == "responseSchema"_L1)
        chooseResponseType(1);
    const QString message = u"* GenerateContentRequest: the server says no"_s;
    QVERIFY(m_panel->showFieldError(key, message));
    QLabel *label = m_panel->fieldErrorLabel(key);
    QVERIFY(label);
    QCOMPARE(label->objectName(), labelName);
    QCOMPARE(label->text(), message);
    QVERIFY(label->isVisible());
    QVERIFY(label->palette().color(QPalette::WindowText) != m_panel->palette().color(QPalette::WindowText));

    // Edit that field as a user would.
    if (key == "stopSequences"_L1)
        QTest::keyClicks(child<QLineEdit>(u"stopSequenceEdit"_s), u"x"_s);
    else if (key == "responseMimeType"_L1)
        chooseResponseType(2);
    else if (key == "responseSchema"_L1)
        typeSchema(u"{"_s);
    else if (key == "thinkingConfig"_L1)
        typeInto(spin(u"thinkingBudget"_s), u"100"_s);
    else if (key == "tools"_L1)
        clickCheck(child<QCheckBox>(u"googleSearchCheck"_s));
    else if (key == "generationConfig"_L1)
        clickCheck(child<QCheckBox>(u"showThoughtsCheck"_s));
    else
        typeInto(spin(key), u"1"_s);

    QVERIFY(!m_panel->fieldErrorLabel(key));
    QVERIFY(!label->isVisible());
}

void tst_generationpanel::fieldErrorUnknownKeyAndClearAll()
{
    QVERIFY(!m_panel->showFieldError(u"safetySettings"_s, u"no"_s));
    QVERIFY(!m_panel->showFieldError(u"systemInstruction"_s, u"no"_s));
    QVERIFY(!m_panel->showFieldError(QString(), u"no"_s));
    QVERIFY(!m_panel->fieldErrorLabel(u"safetySettings"_s));
    QVERIFY(!m_panel->fieldErrorLabel(u"temperature"_s));

    QVERIFY(m_panel->showFieldError(u"temperature"_s, u"too hot"_s));
    QVERIFY(m_panel->showFieldError(u"seed"_s, u"bad seed"_s));
    // Editing another field leaves the temperature's message alone.
    typeInto(spin(u"topP"_s), u"0.5"_s);
    QVERIFY(m_panel->fieldErrorLabel(u"temperature"_s));
    m_panel->clearFieldErrors();
    QVERIFY(!m_panel->fieldErrorLabel(u"temperature"_s));
    QVERIFY(!m_panel->fieldErrorLabel(u"seed"_s));
    QVERIFY(!child<QLabel>(u"temperatureError"_s)->isVisible());
}

void tst_generationpanel::fieldErrorForHiddenFieldGoesToTop()
{
    m_panel->setModelInfo(smallModel());
    QVERIFY(m_panel->showFieldError(u"topK"_s, u"topK is not supported"_s));
    QLabel *label = m_panel->fieldErrorLabel(u"topK"_s);
    QVERIFY(label);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), u"topK is not supported"_s);
    QVERIFY(m_panel->showFieldError(u"thinkingConfig"_s, u"thinking is not supported"_s));
    QVERIFY(m_panel->fieldErrorLabel(u"thinkingConfig"_s)->isVisible());
}

void tst_generationpanel::setSettingsRoundTrip_data()
{
    QTest::addColumn<QJsonObject>("config");
    QTest::addColumn<QJsonArray>("tools");

    QTest::newRow("rich openapi") << json(R"({
        "temperature": 0.35, "topP": 0.8, "topK": 20, "maxOutputTokens": 4096, "candidateCount": 2,
        "seed": -7, "presencePenalty": 0.5, "frequencyPenalty": -0.25,
        "stopSequences": ["END", "\n\n", " "],
        "responseMimeType": "application/json",
        "responseSchema": {"type": "OBJECT", "properties": {"name": {"type": "STRING"}}, "required": ["name"]},
        "thinkingConfig": {"thinkingBudget": 2048, "includeThoughts": true, "thinkingLevel": "LOW"},
        "responseModalities": ["TEXT"], "mediaResolution": "MEDIA_RESOLUTION_LOW", "responseLogprobs": true,
        "logprobs": 3})")
                                  << QJsonArray {QJsonObject {{u"googleSearch"_s, QJsonObject()}},
                                         QJsonObject {{u"codeExecution"_s, QJsonObject()}},
                                         QJsonObject {{u"urlContext"_s, QJsonObject()}}};
    QTest::newRow("json schema") << json(R"({"responseMimeType": "application/json",
        "responseJsonSchema": {"description": "no types: the field it came from decides"}})")
                                 << QJsonArray();
    QTest::newRow("enum") << json(R"({"responseMimeType": "text/x.enum",
        "responseSchema": {"type": "STRING", "enum": ["a", "b c"]}, "thinkingConfig": {"thinkingBudget": -1}})")
                          << QJsonArray();
    QTest::newRow("explicit text/plain") << json(R"({"responseMimeType": "text/plain", "seed": 0})") << QJsonArray();
    QTest::newRow("thinking off") << json(R"({"thinkingConfig": {"thinkingBudget": 0}})") << QJsonArray();
    QTest::newRow("empty") << QJsonObject() << QJsonArray();
}

void tst_generationpanel::setSettingsRoundTrip()
{
    QFETCH(QJsonObject, config);
    QFETCH(QJsonArray, tools);

    // Start dirty, so setSettings must replace, not merge.
    typeInto(spin(u"temperature"_s), u"1.9"_s);
    addStop(u"old"_s);
    clickCheck(child<QCheckBox>(u"codeExecutionCheck"_s));

    const GenerationConfig x = GenerationConfig::fromJson(config);
    const Tools t = Tools::fromJson(tools);
    QSignalSpy changed(m_panel.get(), &GenerationPanel::changed);
    m_panel->setSettings(x, t);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(configJson(), config);
    QCOMPARE(m_panel->config(), x);
    QCOMPARE(m_panel->tools(), t);
    QVERIFY(m_panel->problem().isEmpty());
}

void tst_generationpanel::resetAll()
{
    GenerationConfig c;
    c.temperature = 0.2;
    c.stopSequences = {u"x"_s};
    c.responseMimeType = u"application/json"_s;
    Tools t;
    t.googleSearch = true;
    m_panel->setSettings(c, t);
    m_panel->showFieldError(u"temperature"_s, u"no"_s);
    QSignalSpy changed(m_panel.get(), &GenerationPanel::changed);
    m_panel->resetAll();
    QCOMPARE(changed.count(), 1);
    QVERIFY(m_panel->config().isEmpty());
    QVERIFY(m_panel->tools().isEmpty());
    QVERIFY(!m_panel->fieldErrorLabel(u"temperature"_s));
    m_panel->resetAll();
    QCOMPARE(changed.count(), 1); // nothing left to reset
}

QTEST_MAIN(tst_generationpanel)
#include "tst_generationpanel.moc"
