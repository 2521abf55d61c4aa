#include "chat/systempresets.h"
#include "systeminstructionpanel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString Formal = u"Write formally, in complete sentences."_s;
const QString Pirate = u"Talk like a pirate."_s;

// Acts on the first visible top-level widget of type T (a modal dialog the panel opens) as soon as
// it appears; polls instead of a single zero timer because exec() shows the dialog later.
template<typename T> void whenDialogAppears(std::function<void(T *)> act)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act] {
        const QWidgetList widgets = QApplication::topLevelWidgets();
        for (QWidget *w : widgets) {
            if (auto *dialog = qobject_cast<T *>(w); dialog && dialog->isVisible()) {
                timer->stop();
                timer->deleteLater();
                act(dialog);
                return;
            }
        }
    });
    timer->start();
}

} // namespace

class tst_systeminstructionpanel final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<SystemPresets> m_presets;
    std::unique_ptr<SystemInstructionPanel> m_panel;
    // What the test's name prompt answers (nullopt: cancelled), and what it was asked.
    std::optional<QString> m_answer;
    QStringList m_prompts;
    bool m_confirm = true;
    QStringList m_questions;

    QComboBox *combo() const { return m_panel->findChild<QComboBox *>(u"presetCombo"_s); }
    QPlainTextEdit *edit() const { return m_panel->findChild<QPlainTextEdit *>(u"systemInstructionEdit"_s); }
    QToolButton *menuButton() const { return m_panel->findChild<QToolButton *>(u"presetMenuButton"_s); }
    QLabel *label(const QString &name) const { return m_panel->findChild<QLabel *>(name); }
    QAction *action(const QString &name) const
    {
        QMenu *menu = menuButton() ? menuButton()->menu() : nullptr;
        return menu ? menu->findChild<QAction *>(name) : nullptr;
    }
    QStringList comboTexts() const
    {
        QStringList texts;
        for (int i = 0; i < combo()->count(); ++i)
            texts.append(combo()->itemText(i));
        return texts;
    }
    QStringList presetNames() const
    {
        QStringList names;
        for (const SystemPreset &p : m_presets->presets())
            names.append(p.name);
        return names;
    }
    QString presetMessage() const
    {
        QLabel *l = label(u"presetMessage"_s);
        return l && !l->isHidden() ? l->text() : QString();
    }
    // Picks by keyboard, as a user would: focus the closed combo box and move to the item.
    void pickByKeyboard(const QString &name)
    {
        const int target = combo()->findText(name);
        QVERIFY2(target >= 0, qPrintable(name));
        combo()->setFocus();
        while (combo()->currentIndex() != target) {
            const int before = combo()->currentIndex();
            QTest::keyClick(combo(), before < target ? Qt::Key_Down : Qt::Key_Up);
            QVERIFY(combo()->currentIndex() != before);
        }
    }
    void trigger(const QString &actionName)
    {
        QAction *a = action(actionName);
        QVERIFY2(a, qPrintable(actionName));
        QVERIFY2(a->isEnabled(), qPrintable(actionName));
        a->trigger();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_settings = std::make_unique<QSettings>(m_dir->filePath(u"alhena.ini"_s), QSettings::IniFormat);
        m_presets = std::make_unique<SystemPresets>(m_settings.get());
        QCOMPARE(m_presets->save(u"Pirate"_s, Pirate), SystemPresets::Result::Ok);
        QCOMPARE(m_presets->save(u"Formal"_s, Formal), SystemPresets::Result::Ok);
        m_panel = std::make_unique<SystemInstructionPanel>(m_presets.get());
        m_answer.reset();
        m_prompts.clear();
        m_confirm = true;
        m_questions.clear();
        m_panel->setNamePrompt([this](const QString &title, const QString &text, const QString &name) {
            m_prompts.append(title + u'|' + text + u'|' + name);
            return m_answer;
        });
        m_panel->setConfirmation([this](const QString &, const QString &question) {
            m_questions.append(question);
            return m_confirm;
        });
        m_panel->resize(320, 300);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }

    void cleanup()
    {
        m_panel.reset();
        m_presets.reset();
        m_settings.reset();
        m_dir.reset();
    }

    void initialState()
    {
        QVERIFY(combo());
        QVERIFY(edit());
        QVERIFY(menuButton());
        QCOMPARE(comboTexts(), (QStringList {u"No preset"_s, u"Formal"_s, u"Pirate"_s}));
        QCOMPARE(combo()->currentIndex(), 0);
        QCOMPARE(edit()->placeholderText(), u"Optional tone and style instructions for the model"_s);
        QVERIFY(m_panel->instruction().isEmpty());
        QVERIFY(!m_panel->systemInstruction());
        QVERIFY(m_panel->activePreset().isEmpty());
        QVERIFY(m_panel->errorLabel());
        QCOMPARE(m_panel->errorLabel()->objectName(), u"systemInstructionError"_s);
        QVERIFY(m_panel->errorLabel()->isHidden());
        QVERIFY(presetMessage().isEmpty());
        for (const auto *name :
            {"saveAsNewPresetAction", "saveToPresetAction", "renamePresetAction", "deletePresetAction"})
            QVERIFY2(!action(QString::fromLatin1(name))->isEnabled(), name);
        QVERIFY(label(u"systemInstructionInfo"_s)->text().contains(u"no system instruction is sent"_s));
        QVERIFY(!combo()->toolTip().isEmpty());
        QVERIFY(!menuButton()->toolTip().isEmpty());
        QVERIFY(!edit()->toolTip().isEmpty());
        // About six lines, and narrow enough for the dock.
        const int line = edit()->fontMetrics().lineSpacing();
        QVERIFY(edit()->height() >= 5 * line && edit()->height() <= 8 * line);
        QVERIFY(m_panel->minimumSizeHint().width() <= 320);
    }

    void pickPreset()
    {
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);
        pickByKeyboard(u"Pirate"_s);
        QCOMPARE(m_panel->instruction(), Pirate);
        QCOMPARE(m_panel->activePreset(), u"Pirate"_s);
        QVERIFY(spy.count() >= 1);
        const int afterPirate = spy.count();
        QCOMPARE(combo()->currentText(), u"Pirate"_s);
        const QString info = label(u"systemInstructionInfo"_s)->text();
        QVERIFY2(info.contains(u"Preset: Pirate"_s), qPrintable(info));
        QVERIFY2(info.contains(u"%1 characters"_s.arg(Pirate.size())), qPrintable(info));
        QVERIFY(action(u"renamePresetAction"_s)->isEnabled());
        QVERIFY(action(u"deletePresetAction"_s)->isEnabled());
        QVERIFY(!action(u"saveToPresetAction"_s)->isEnabled());
        QCOMPARE(action(u"saveToPresetAction"_s)->text(), u"Save to “Pirate”"_s);

        pickByKeyboard(u"Formal"_s);
        QCOMPARE(m_panel->instruction(), Formal);
        QCOMPARE(m_panel->activePreset(), u"Formal"_s);
        QCOMPARE(spy.count(), afterPirate + 1);

        const auto content = m_panel->systemInstruction();
        QVERIFY(content);
        QVERIFY(content->role.isEmpty());
        QCOMPARE(content->parts.size(), 1);
        QCOMPARE(content->parts.first().text, Formal);
    }

    void pickIsUndoable()
    {
        QTest::keyClicks(edit(), u"My own words"_s);
        pickByKeyboard(u"Formal"_s);
        QCOMPARE(m_panel->instruction(), Formal);
        edit()->setFocus();
        QTest::keyClick(edit(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(m_panel->instruction(), u"My own words"_s);
        QVERIFY(m_panel->activePreset().isEmpty());
        QCOMPARE(combo()->currentText(), u"Formal (edited)"_s);
    }

    void editAfterPick()
    {
        pickByKeyboard(u"Pirate"_s);
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);
        edit()->moveCursor(QTextCursor::End);
        QTest::keyClicks(edit(), u" Arr!"_s);
        QCOMPARE(spy.count(), 5); // every edit; the lead debounces
        QCOMPARE(m_panel->instruction(), Pirate + u" Arr!"_s);
        QVERIFY(m_panel->activePreset().isEmpty());
        QCOMPARE(combo()->currentText(), u"Pirate (edited)"_s);
        QVERIFY(label(u"systemInstructionInfo"_s)->text().contains(u"Preset: Pirate (edited)"_s));
        QVERIFY(action(u"saveToPresetAction"_s)->isEnabled());
        // The stored preset is untouched.
        QCOMPARE(m_presets->find(u"Pirate"_s)->text, Pirate);

        // Typed back to the preset's text: in use again.
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(edit(), Qt::Key_Backspace);
        QCOMPARE(m_panel->activePreset(), u"Pirate"_s);
        QCOMPARE(combo()->currentText(), u"Pirate"_s);
        QVERIFY(!action(u"saveToPresetAction"_s)->isEnabled());
    }

    void pickNoPresetKeepsText()
    {
        pickByKeyboard(u"Formal"_s);
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);
        pickByKeyboard(u"No preset"_s);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(m_panel->instruction(), Formal);
        QVERIFY(m_panel->activePreset().isEmpty());
        QVERIFY(!action(u"renamePresetAction"_s)->isEnabled());
    }

    void saveToPicked()
    {
        pickByKeyboard(u"Pirate"_s);
        edit()->moveCursor(QTextCursor::End);
        QTest::keyClicks(edit(), u" Yo ho."_s);
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);
        trigger(u"saveToPresetAction"_s);
        QCOMPARE(m_presets->find(u"Pirate"_s)->text, Pirate + u" Yo ho."_s);
        QCOMPARE(m_panel->activePreset(), u"Pirate"_s);
        QCOMPARE(combo()->currentText(), u"Pirate"_s);
        QCOMPARE(spy.count(), 1);
        QVERIFY(!action(u"saveToPresetAction"_s)->isEnabled());
    }

    void saveAsNew()
    {
        QTest::keyClicks(edit(), u"Answer in one line."_s);
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);
        m_answer = u"  Terse  "_s;
        trigger(u"saveAsNewPresetAction"_s);
        QCOMPARE(m_prompts.size(), 1);
        QCOMPARE(m_presets->find(u"Terse"_s)->text, u"Answer in one line."_s);
        QCOMPARE(comboTexts(), (QStringList {u"No preset"_s, u"Formal"_s, u"Pirate"_s, u"Terse"_s}));
        QCOMPARE(combo()->currentText(), u"Terse"_s);
        QCOMPARE(m_panel->activePreset(), u"Terse"_s);
        QCOMPARE(spy.count(), 1);
        QVERIFY(presetMessage().isEmpty());

        // Survives a restart of the application.
        QSettings again(m_settings->fileName(), QSettings::IniFormat);
        SystemPresets reread(&again);
        QCOMPARE(reread.find(u"terse"_s)->text, u"Answer in one line."_s);
    }

    void saveAsNewRefused_data()
    {
        QTest::addColumn<std::optional<QString>>("answer");
        QTest::addColumn<QString>("message");

        QTest::newRow("cancelled") << std::optional<QString>() << QString();
        QTest::newRow("empty") << std::optional<QString>(QString()) << u"A preset needs a name."_s;
        QTest::newRow("blank") << std::optional<QString>(u" \t "_s) << u"A preset needs a name."_s;
        QTest::newRow("taken, other case")
            << std::optional<QString>(u" pirate"_s) << u"A preset named “Pirate” exists already."_s;
        QTest::newRow("too long") << std::optional<QString>(QString(SystemPresets::MaxNameLength + 1, u'n'))
                                  << SystemPresets::resultText(SystemPresets::Result::NameTooLong);
    }

    void saveAsNewRefused()
    {
        QFETCH(std::optional<QString>, answer);
        QFETCH(QString, message);

        QTest::keyClicks(edit(), u"Mine"_s);
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);
        m_answer = answer;
        trigger(u"saveAsNewPresetAction"_s);
        QCOMPARE(presetMessage(), message);
        QCOMPARE(presetNames(), (QStringList {u"Formal"_s, u"Pirate"_s}));
        QCOMPARE(m_presets->find(u"Pirate"_s)->text, Pirate);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(m_panel->instruction(), u"Mine"_s);

        // The next edit clears the message.
        QTest::keyClick(edit(), Qt::Key_Exclam);
        QVERIFY(presetMessage().isEmpty());
    }

    void saveAsNewTextTooLong()
    {
        m_panel->setInstruction(QString(u"word "_s).repeated(SystemPresets::MaxTextLength / 5) + u'!');
        m_answer = u"Huge"_s;
        trigger(u"saveAsNewPresetAction"_s);
        QCOMPARE(presetMessage(), SystemPresets::resultText(SystemPresets::Result::TextTooLong));
        QVERIFY(!m_presets->find(u"Huge"_s));
        QVERIFY(
            label(u"systemInstructionInfo"_s)->text().contains(QLocale().toString(SystemPresets::MaxTextLength + 1)));
    }

    void saveAsNewNeedsText()
    {
        QTest::keyClicks(edit(), u"   "_s);
        QVERIFY(!action(u"saveAsNewPresetAction"_s)->isEnabled());
        QVERIFY(!m_panel->systemInstruction());
    }

    void rename_data()
    {
        QTest::addColumn<std::optional<QString>>("answer");
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QString>("active");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("signals");

        QTest::newRow("new name") << std::optional<QString>(u"Buccaneer"_s) << QStringList {u"Buccaneer"_s, u"Formal"_s}
                                  << u"Buccaneer"_s << QString() << 1;
        QTest::newRow("other case") << std::optional<QString>(u"PIRATE"_s) << QStringList {u"Formal"_s, u"PIRATE"_s}
                                    << u"PIRATE"_s << QString() << 1;
        QTest::newRow("unchanged") << std::optional<QString>(u"Pirate"_s) << QStringList {u"Formal"_s, u"Pirate"_s}
                                   << u"Pirate"_s << QString() << 0;
        QTest::newRow("cancelled") << std::optional<QString>() << QStringList {u"Formal"_s, u"Pirate"_s} << u"Pirate"_s
                                   << QString() << 0;
        QTest::newRow("taken") << std::optional<QString>(u"formal"_s) << QStringList {u"Formal"_s, u"Pirate"_s}
                               << u"Pirate"_s << u"A preset named “formal” exists already."_s << 0;
        QTest::newRow("empty") << std::optional<QString>(u""_s) << QStringList {u"Formal"_s, u"Pirate"_s} << u"Pirate"_s
                               << u"A preset needs a name."_s << 0;
    }

    void rename()
    {
        QFETCH(std::optional<QString>, answer);
        QFETCH(QStringList, names);
        QFETCH(QString, active);
        QFETCH(QString, message);
        QFETCH(int, signals);

        pickByKeyboard(u"Pirate"_s);
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);
        m_answer = answer;
        trigger(u"renamePresetAction"_s);
        QCOMPARE(m_prompts.size(), 1);
        QVERIFY2(m_prompts.first().endsWith(u"|Pirate"_s), qPrintable(m_prompts.first())); // proposed: its name
        QCOMPARE(presetNames(), names);
        QCOMPARE(m_panel->activePreset(), active);
        QCOMPARE(combo()->currentText(), active);
        QCOMPARE(presetMessage(), message);
        QCOMPARE(spy.count(), signals);
        QCOMPARE(m_panel->instruction(), Pirate);
    }

    void renameWhileEdited()
    {
        pickByKeyboard(u"Pirate"_s);
        QTest::keyClicks(edit(), u"x"_s);
        m_answer = u"Corsair"_s;
        trigger(u"renamePresetAction"_s);
        QVERIFY(m_panel->activePreset().isEmpty());
        QCOMPARE(combo()->currentText(), u"Corsair (edited)"_s);
        QCOMPARE(action(u"saveToPresetAction"_s)->text(), u"Save to “Corsair”"_s);
    }

    void deletePreset_data()
    {
        QTest::addColumn<bool>("confirm");
        QTest::newRow("confirmed") << true;
        QTest::newRow("refused") << false;
    }

    void deletePreset()
    {
        QFETCH(bool, confirm);

        pickByKeyboard(u"Pirate"_s);
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);
        m_confirm = confirm;
        trigger(u"deletePresetAction"_s);
        QCOMPARE(m_questions.size(), 1);
        QVERIFY2(m_questions.first().contains(u"“Pirate”"_s), qPrintable(m_questions.first()));
        QCOMPARE(m_panel->instruction(), Pirate); // the text stays either way
        if (confirm) {
            QCOMPARE(presetNames(), QStringList {u"Formal"_s});
            QCOMPARE(comboTexts(), (QStringList {u"No preset"_s, u"Formal"_s}));
            QCOMPARE(combo()->currentIndex(), 0);
            QVERIFY(m_panel->activePreset().isEmpty());
            QCOMPARE(spy.count(), 1);
            QVERIFY(!action(u"deletePresetAction"_s)->isEnabled());
        } else {
            QCOMPARE(presetNames(), (QStringList {u"Formal"_s, u"Pirate"_s}));
            QCOMPARE(m_panel->activePreset(), u"Pirate"_s);
            QCOMPARE(spy.count(), 0);
        }
    }

    void setInstructionEmitsNothing_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("active");
        QTest::addColumn<bool>("sent");
        QTest::addColumn<QString>("shown"); // when the editor normalizes line breaks

        QTest::newRow("matches a preset") << Formal << u"Formal"_s << true << QString();
        QTest::newRow("own text") << u"Be brief."_s << QString() << true << QString();
        QTest::newRow("preset plus space") << Formal + u' ' << QString() << true << QString();
        QTest::newRow("empty") << QString() << QString() << false << QString();
        QTest::newRow("blank") << u" \n\t \u00a0"_s << QString() << false << QString();
        QTest::newRow("unicode") << u"Réponds en français 🇫🇷\u200d"_s << QString() << true << QString();
        QTest::newRow("line breaks") << u"a\r\nb\n\nc\u2029d"_s << QString() << true << u"a\nb\n\nc\nd"_s;
        QTest::newRow("huge") << QString(QString(99, u'y') + u'\n').repeated(30'000) << QString() << true << QString();
    }

    void setInstructionEmitsNothing()
    {
        QFETCH(QString, text);
        QFETCH(QString, active);
        QFETCH(bool, sent);
        QFETCH(QString, shown);
        if (shown.isEmpty())
            shown = text;

        pickByKeyboard(u"Pirate"_s);
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);
        m_panel->setInstruction(text);
        QCOMPARE(spy.count(), 0);
        QCOMPARE(m_panel->instruction(), shown);
        QCOMPARE(m_panel->activePreset(), active);
        QCOMPARE(combo()->currentText(), active.isEmpty() ? u"No preset"_s : active);
        QCOMPARE(bool(m_panel->systemInstruction()), sent);
        if (sent)
            QCOMPARE(m_panel->systemInstruction()->parts.first().text, shown);
    }

    void unbrokenTextStaysResponsive()
    {
        // A megabyte without a space: wrapped at word boundaries (it would take minutes otherwise),
        // and back to the usual wrapping once it is gone.
        QElapsedTimer timer;
        timer.start();
        edit()->insertPlainText(QString(SystemPresets::MaxTextLength, u'x'));
        QCoreApplication::processEvents();
        QVERIFY2(timer.elapsed() < 30'000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(edit()->wordWrapMode(), QTextOption::WordWrap);
        QCOMPARE(m_panel->instruction().size(), SystemPresets::MaxTextLength);
        m_panel->setInstruction(u"Short again."_s);
        QCOMPARE(edit()->wordWrapMode(), QTextOption::WrapAtWordBoundaryOrAnywhere);
    }

    void errors()
    {
        QLabel *error = m_panel->errorLabel();
        QVERIFY(error->isHidden());
        m_panel->showError(u"System instructions are not supported by this model."_s);
        QVERIFY(error->isVisible());
        QCOMPARE(error->text(), u"System instructions are not supported by this model."_s);
        QCOMPARE(error->textFormat(), Qt::PlainText); // server words are never rich text
        m_panel->clearError();
        QVERIFY(error->isHidden());
        m_panel->showError(QString());
        QVERIFY(error->isHidden());
        // Editing does not hide the lead's error: it belongs to the last request.
        m_panel->showError(u"x"_s);
        QTest::keyClicks(edit(), u"a"_s);
        QVERIFY(error->isVisible());
    }

    void presetsChangedElsewhere()
    {
        pickByKeyboard(u"Pirate"_s);
        QSignalSpy spy(m_panel.get(), &SystemInstructionPanel::changed);

        QCOMPARE(m_presets->save(u"Zen"_s, u"Calm."_s), SystemPresets::Result::Ok);
        QCOMPARE(comboTexts(), (QStringList {u"No preset"_s, u"Formal"_s, u"Pirate"_s, u"Zen"_s}));
        QCOMPARE(combo()->currentText(), u"Pirate"_s);
        QCOMPARE(spy.count(), 0);

        // The text of the preset in use changes: the editor keeps its text, the preset is no longer in use.
        QCOMPARE(m_presets->save(u"Pirate"_s, u"Arr."_s), SystemPresets::Result::Ok);
        QCOMPARE(m_panel->instruction(), Pirate);
        QVERIFY(m_panel->activePreset().isEmpty());
        QCOMPARE(combo()->currentText(), u"Pirate (edited)"_s);
        QCOMPARE(spy.count(), 1);

        QCOMPARE(m_presets->save(u"Pirate"_s, Pirate), SystemPresets::Result::Ok);
        QCOMPARE(m_panel->activePreset(), u"Pirate"_s);
        QCOMPARE(spy.count(), 2);

        QCOMPARE(m_presets->remove(u"Pirate"_s), SystemPresets::Result::Ok);
        QCOMPARE(comboTexts(), (QStringList {u"No preset"_s, u"Formal"_s, u"Zen"_s}));
        QCOMPARE(combo()->currentIndex(), 0);
        QVERIFY(m_panel->activePreset().isEmpty());
        QCOMPARE(m_panel->instruction(), Pirate);
        QCOMPARE(spy.count(), 3);
    }

    void twoPanelsShareThePresets()
    {
        SystemInstructionPanel other(m_presets.get());
        other.setNamePrompt([](const QString &, const QString &, const QString &) { return u"Shared"_s; });
        other.setInstruction(u"From the other conversation."_s);
        other.findChild<QMenu *>()->findChild<QAction *>(u"saveAsNewPresetAction"_s)->trigger();
        QCOMPARE(other.activePreset(), u"Shared"_s);
        QVERIFY(comboTexts().contains(u"Shared"_s));
        pickByKeyboard(u"Shared"_s);
        QCOMPARE(m_panel->instruction(), u"From the other conversation."_s);
    }

    void longNamesStayNarrow()
    {
        const QString name = QString(SystemPresets::MaxNameLength - 1, u'W') + u'!';
        QCOMPARE(m_presets->save(name, u"w"_s), SystemPresets::Result::Ok);
        QVERIFY(combo()->minimumSizeHint().width() < 250);
        pickByKeyboard(name);
        QVERIFY(action(u"saveToPresetAction"_s)->text().size() < 50);
        QVERIFY(label(u"systemInstructionInfo"_s)->text().size() < 80);
    }

    void tabOrder()
    {
        combo()->setFocus();
        QTRY_VERIFY(combo()->hasFocus());
        QTest::keyClick(combo(), Qt::Key_Tab);
        QTRY_VERIFY(menuButton()->hasFocus());
        QTest::keyClick(menuButton(), Qt::Key_Tab);
        QTRY_VERIFY(edit()->hasFocus());
        // Tab leaves the editor instead of typing a tab character.
        QTest::keyClick(edit(), Qt::Key_Tab);
        QVERIFY(m_panel->instruction().isEmpty());
    }

    void defaultNameDialog_data()
    {
        QTest::addColumn<bool>("accept");
        QTest::newRow("accepted") << true;
        QTest::newRow("cancelled") << false;
    }

    void defaultNameDialog()
    {
        QFETCH(bool, accept);

        m_panel->setNamePrompt({});
        QTest::keyClicks(edit(), u"Short answers."_s);
        bool seen = false;
        whenDialogAppears<QInputDialog>([&seen, accept](QInputDialog *dialog) {
            seen = dialog->objectName() == u"presetNameDialog"_s;
            dialog->setTextValue(u"Brief"_s);
            accept ? dialog->accept() : dialog->reject();
        });
        action(u"saveAsNewPresetAction"_s)->trigger();
        QVERIFY(seen);
        QCOMPARE(bool(m_presets->find(u"Brief"_s)), accept);
        QCOMPARE(m_panel->activePreset(), accept ? u"Brief"_s : QString());
    }

    void defaultDeleteDialog_data()
    {
        QTest::addColumn<bool>("confirm");
        QTest::newRow("delete") << true;
        QTest::newRow("cancel") << false;
    }

    void defaultDeleteDialog()
    {
        QFETCH(bool, confirm);

        m_panel->setConfirmation({});
        pickByKeyboard(u"Formal"_s);
        QString question;
        whenDialogAppears<QMessageBox>([&question, confirm](QMessageBox *box) {
            question = box->text();
            QAbstractButton *target = nullptr;
            for (QAbstractButton *b : box->buttons()) {
                if ((box->buttonRole(b) == QMessageBox::DestructiveRole) == confirm)
                    target = b;
            }
            if (target)
                target->click();
        });
        action(u"deletePresetAction"_s)->trigger();
        QVERIFY2(question.contains(u"“Formal”"_s), qPrintable(question));
        QCOMPARE(bool(m_presets->find(u"Formal"_s)), !confirm);
        QCOMPARE(m_panel->instruction(), Formal);
    }
};

QTEST_MAIN(tst_systeminstructionpanel)
#include "tst_systeminstructionpanel.moc"
