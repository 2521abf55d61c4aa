#include "safetypanel.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

using Settings = QList<SafetySetting>;

namespace {

const QString Harassment = u"HARM_CATEGORY_HARASSMENT"_s;
const QString HateSpeech = u"HARM_CATEGORY_HATE_SPEECH"_s;
const QString Sexual = u"HARM_CATEGORY_SEXUALLY_EXPLICIT"_s;
const QString Dangerous = u"HARM_CATEGORY_DANGEROUS_CONTENT"_s;
const QString Civic = u"HARM_CATEGORY_CIVIC_INTEGRITY"_s;

QLabel *labelFor(const SafetyPanel &panel, QWidget *buddy)
{
    const QList<QLabel *> labels = panel.findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->buddy() == buddy)
            return label;
    }
    return nullptr;
}

} // namespace

class tst_safetypanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsUnset();
    void labels_data();
    void labels();
    void chooseWithKeys_data();
    void chooseWithKeys();
    void roundTrip_data();
    void roundTrip();
    void resetButton();
    void unknownValuesKept();
    void hostileValues();
    void errorShownAndCleared();
    void tabOrderAndNarrowWidth();
};

void tst_safetypanel::startsUnset()
{
    SafetyPanel panel;
    QVERIFY(panel.settings().isEmpty());
    for (const QString &category : Safety::categories()) {
        QComboBox *box = panel.findChild<QComboBox *>(u"safety_"_s + category);
        QVERIFY2(box, qPrintable(category));
        QCOMPARE(panel.thresholdBox(category), box);
        QCOMPARE(box->currentIndex(), 0);
        QCOMPARE(box->currentText(), u"Default"_s);
        QVERIFY(box->currentData().toString().isEmpty());
        QCOMPARE(box->count(), 6);
        for (int i = 0; i < box->count(); ++i)
            QVERIFY2(!box->itemData(i, Qt::ToolTipRole).toString().isEmpty(), qPrintable(box->itemText(i)));
    }
    QVERIFY(panel.findChild<QPushButton *>(u"safetyResetButton"_s));
    QVERIFY(panel.errorLabel());
    QVERIFY(!panel.errorLabel()->isVisibleTo(&panel));
    QCOMPARE(panel.thresholdBox(u"HARM_CATEGORY_NOPE"_s), nullptr);
}

void tst_safetypanel::labels_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<QString>("label");
    QTest::newRow("harassment") << Harassment << u"Harassment:"_s;
    QTest::newRow("hate speech") << HateSpeech << u"Hate speech:"_s;
    QTest::newRow("sexually explicit") << Sexual << u"Sexually explicit content:"_s;
    QTest::newRow("dangerous") << Dangerous << u"Dangerous content:"_s;
    QTest::newRow("civic") << Civic << u"Civic integrity:"_s;
}

void tst_safetypanel::labels()
{
    QFETCH(QString, category);
    QFETCH(QString, label);
    SafetyPanel panel;
    QLabel *l = labelFor(panel, panel.thresholdBox(category));
    QVERIFY(l);
    QCOMPARE(l->text(), label);
    QVERIFY(!panel.thresholdBox(category)->toolTip().isEmpty());
}

void tst_safetypanel::chooseWithKeys_data()
{
    QTest::addColumn<QString>("category");
    QTest::addColumn<int>("downs");
    QTest::addColumn<QString>("threshold");
    QTest::addColumn<QString>("text");
    QTest::newRow("harassment: block none") << Harassment << 1 << u"BLOCK_NONE"_s << u"Block none"_s;
    QTest::newRow("hate: only high") << HateSpeech << 2 << u"BLOCK_ONLY_HIGH"_s << u"Block few (only high)"_s;
    QTest::newRow("sexual: medium") << Sexual << 3 << u"BLOCK_MEDIUM_AND_ABOVE"_s << u"Block some (medium and up)"_s;
    QTest::newRow("dangerous: low") << Dangerous << 4 << u"BLOCK_LOW_AND_ABOVE"_s << u"Block most (low and up)"_s;
    QTest::newRow("civic: off") << Civic << 5 << u"OFF"_s << u"Off"_s;
    QTest::newRow("past the end stays off") << Civic << 9 << u"OFF"_s << u"Off"_s;
}

void tst_safetypanel::chooseWithKeys()
{
    QFETCH(QString, category);
    QFETCH(int, downs);
    QFETCH(QString, threshold);
    QFETCH(QString, text);

    SafetyPanel panel;
    QSignalSpy changed(&panel, &SafetyPanel::changed);
    QComboBox *box = panel.thresholdBox(category);
    QVERIFY(box);
    for (int i = 0; i < downs; ++i)
        QTest::keyClick(box, Qt::Key_Down);
    QCOMPARE(box->currentText(), text);
    QCOMPARE(panel.settings(), (Settings {{category, threshold}}));
    QCOMPARE(changed.count(), qMin(downs, 5)); // one per real change, none at the end of the list

    // And back up to Default: nothing is sent.
    for (int i = 0; i < 10; ++i)
        QTest::keyClick(box, Qt::Key_Up);
    QVERIFY(panel.settings().isEmpty());
}

void tst_safetypanel::roundTrip_data()
{
    QTest::addColumn<Settings>("in");
    QTest::addColumn<Settings>("out");
    QTest::newRow("none") << Settings {} << Settings {};
    QTest::newRow("one") << Settings {{Dangerous, u"BLOCK_ONLY_HIGH"_s}}
                         << Settings {{Dangerous, u"BLOCK_ONLY_HIGH"_s}};
    const Settings all {{Harassment, u"BLOCK_NONE"_s}, {HateSpeech, u"BLOCK_ONLY_HIGH"_s},
        {Sexual, u"BLOCK_MEDIUM_AND_ABOVE"_s}, {Dangerous, u"BLOCK_LOW_AND_ABOVE"_s}, {Civic, u"OFF"_s}};
    QTest::newRow("all") << all << all;
    Settings reversed = all;
    std::reverse(reversed.begin(), reversed.end());
    QTest::newRow("display order") << reversed << all;
    QTest::newRow("duplicate: last wins")
        << Settings {{Civic, u"OFF"_s}, {Civic, u"BLOCK_NONE"_s}} << Settings {{Civic, u"BLOCK_NONE"_s}};
    QTest::newRow("empty threshold is unset") << Settings {{Civic, QString()}} << Settings {};
}

void tst_safetypanel::roundTrip()
{
    QFETCH(Settings, in);
    QFETCH(Settings, out);
    SafetyPanel panel;
    QSignalSpy changed(&panel, &SafetyPanel::changed);
    // Start from something else, so that setSettings() must also unset.
    panel.setSettings({{Harassment, u"OFF"_s}, {HateSpeech, u"OFF"_s}});
    panel.setSettings(in);
    QCOMPARE(panel.settings(), out);
    QCOMPARE(changed.count(), 0);
    // The panel shows it: a second panel given settings() gives the same.
    SafetyPanel other;
    other.setSettings(panel.settings());
    QCOMPARE(other.settings(), out);
}

void tst_safetypanel::resetButton()
{
    SafetyPanel panel;
    QSignalSpy changed(&panel, &SafetyPanel::changed);
    panel.setSettings({{Harassment, u"OFF"_s}, {Civic, u"BLOCK_LOW_AND_ABOVE"_s}});
    auto *reset = panel.findChild<QPushButton *>(u"safetyResetButton"_s);
    QVERIFY(reset);
    QTest::mouseClick(reset, Qt::LeftButton);
    QVERIFY(panel.settings().isEmpty());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(panel.thresholdBox(Civic)->currentText(), u"Default"_s);
    // Nothing left to reset: no change to report.
    QTest::mouseClick(reset, Qt::LeftButton);
    QCOMPARE(changed.count(), 1);

    // resetAll() is for the app: it reports nothing.
    panel.setSettings({{Harassment, u"OFF"_s}});
    panel.resetAll();
    QVERIFY(panel.settings().isEmpty());
    QCOMPARE(changed.count(), 1);
}

void tst_safetypanel::unknownValuesKept()
{
    SafetyPanel panel;
    QSignalSpy changed(&panel, &SafetyPanel::changed);
    const SafetySetting futureCategory {u"HARM_CATEGORY_FUTURE_THING"_s, u"BLOCK_MEDIUM_AND_ABOVE"_s};
    const SafetySetting futureThreshold {Harassment, u"BLOCK_SOMETIMES"_s};
    const SafetySetting bothUnknown {u"HARM_CATEGORY_OTHER"_s, u"BLOCK_WHEN_ASKED"_s};
    panel.setSettings({futureCategory, futureThreshold, bothUnknown});
    // Known categories first (display order), then the unknown ones in the order given.
    QCOMPARE(panel.settings(), (Settings {futureThreshold, futureCategory, bothUnknown}));
    QCOMPARE(changed.count(), 0);

    QComboBox *future = panel.thresholdBox(futureCategory.category);
    QVERIFY(future);
    QCOMPARE(future->objectName(), u"safety_HARM_CATEGORY_FUTURE_THING"_s);
    QVERIFY(labelFor(panel, future));
    QCOMPARE(labelFor(panel, future)->text(), u"Future thing:"_s);
    QVERIFY(panel.thresholdBox(Harassment)->currentText().contains(u"BLOCK_SOMETIMES"_s));
    QVERIFY(panel.thresholdBox(bothUnknown.category)->currentText().contains(u"BLOCK_WHEN_ASKED"_s));

    // The user changes the known threshold of the unknown category: the row still works.
    QTest::keyClick(future, Qt::Key_Up);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(
        panel.settings(), (Settings {futureThreshold, {futureCategory.category, u"BLOCK_ONLY_HIGH"_s}, bothUnknown}));

    // Other settings (another conversation): the extra row and the extra item go away.
    panel.setSettings({{Civic, u"OFF"_s}});
    QCOMPARE(panel.thresholdBox(futureCategory.category), nullptr);
    QCOMPARE(panel.thresholdBox(bothUnknown.category), nullptr);
    QCOMPARE(panel.thresholdBox(Harassment)->count(), 6);
    QCOMPARE(panel.settings(), (Settings {{Civic, u"OFF"_s}}));
}

void tst_safetypanel::hostileValues()
{
    SafetyPanel panel;
    const QString hugeCategory = u"HARM_CATEGORY_"_s + QString(100000, u'X');
    const QString hugeThreshold = QString(100000, u'Y');
    const Settings in {{QString(), u"OFF"_s}, {QString(), QString()}, {hugeCategory, hugeThreshold},
        {Harassment, hugeThreshold}, {u"<b>bold</b> & \"quotes\""_s, u"\n\t"_s}};
    panel.setSettings(in);
    const Settings out = panel.settings();
    QCOMPARE(out.size(), 3); // the empty category is dropped, the others come back as they were
    QCOMPARE(out.at(0), (SafetySetting {Harassment, hugeThreshold}));
    QCOMPARE(out.at(1), (SafetySetting {hugeCategory, hugeThreshold}));
    QCOMPARE(out.at(2), (SafetySetting {u"<b>bold</b> & \"quotes\""_s, u"\n\t"_s}));
    QLabel *label = labelFor(panel, panel.thresholdBox(hugeCategory));
    QVERIFY(label);
    QVERIFY(label->text().size() < 100);
    QVERIFY(panel.thresholdBox(Harassment)->currentText().size() < 100);

    // Many unknown categories: all kept.
    Settings many;
    for (int i = 0; i < 300; ++i)
        many.append({u"HARM_CATEGORY_EXTRA_%1"_s.arg(i), u"BLOCK_NONE"_s});
    panel.setSettings(many);
    QCOMPARE(panel.settings(), many);
    panel.setSettings({});
    QVERIFY(panel.settings().isEmpty());
    QCOMPARE(panel.findChildren<QComboBox *>().size(), 5);
}

void tst_safetypanel::errorShownAndCleared()
{
    SafetyPanel panel;
    QLabel *error = panel.errorLabel();
    QCOMPARE(error->objectName(), u"safetyErrorLabel"_s);
    const QString message = u"Invalid value at 'safety_settings[0].threshold', \"BLOCK_SOME\""_s;
    panel.showError(message);
    QVERIFY(error->isVisibleTo(&panel));
    QCOMPARE(error->text(), message);
    QCOMPARE(error->textFormat(), Qt::PlainText); // the server's words are never rich text

    // Programmatic changes keep it; the user's next change clears it.
    panel.setSettings({{Harassment, u"OFF"_s}});
    QVERIFY(error->isVisibleTo(&panel));
    QTest::keyClick(panel.thresholdBox(Harassment), Qt::Key_Up);
    QVERIFY(!error->isVisibleTo(&panel));
    QVERIFY(error->text().isEmpty());

    panel.showError(message);
    panel.clearError();
    QVERIFY(!error->isVisibleTo(&panel));

    panel.showError(u"  \n "_s);
    QVERIFY(!error->isVisibleTo(&panel));
    panel.showError(QString(100000, u'e'));
    QVERIFY(error->isVisibleTo(&panel));
    QVERIFY(error->text().size() <= 1000);

    // The Reset button is a change too.
    panel.setSettings({{Civic, u"OFF"_s}});
    QTest::mouseClick(panel.findChild<QPushButton *>(u"safetyResetButton"_s), Qt::LeftButton);
    QVERIFY(!error->isVisibleTo(&panel));
}

void tst_safetypanel::tabOrderAndNarrowWidth()
{
    SafetyPanel panel;
    panel.setSettings({{u"HARM_CATEGORY_NEW"_s, u"OFF"_s}});
    QVERIFY(panel.minimumSizeHint().width() <= 320);
    panel.resize(320, panel.sizeHint().height());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&panel));

    QList<QWidget *> expected;
    for (const QString &category : Safety::categories())
        expected.append(panel.thresholdBox(category));
    expected.append(panel.thresholdBox(u"HARM_CATEGORY_NEW"_s));
    expected.append(panel.findChild<QPushButton *>(u"safetyResetButton"_s));
    expected.first()->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), expected.first());
    for (qsizetype i = 1; i < expected.size(); ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), expected.at(i));
    }
}

QTEST_MAIN(tst_safetypanel)
#include "tst_safetypanel.moc"
