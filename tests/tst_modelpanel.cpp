#include "chat/modellist.h"
#include "modelpanel.h"
#include "support/clientfixture.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;

class tst_ModelPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheListAndTheChosenModel();
    void pickingWithTheKeyboard();
    void retiredModelFallsBackWithANote();
    void unlistedModelAskedForFallsBack();
    void failedListSaysWhyAndReloads();
};

namespace {
QLabel *label(const QWidget &panel, const QString &name)
{
    return panel.findChild<QLabel *>(name);
}
} // namespace

void tst_ModelPanel::showsTheListAndTheChosenModel()
{
    ClientFixture f;
    ModelList models(f.client.get());
    ModelPanel panel(&models);
    panel.setCurrentModel(u"gemini-2.5-pro"_s);
    panel.show();
    QCOMPARE(panel.currentModel(), u"gemini-2.5-pro"_s);
    QVERIFY(!panel.currentInfo()); // not listed yet
    QCOMPARE(panel.comboBox()->currentText(), u"gemini-2.5-pro"_s);

    QSignalSpy changed(&panel, &ModelPanel::modelChanged);
    QSignalSpy loaded(&models, &ModelList::loaded);
    models.reload();
    QVERIFY(loaded.wait());
    QCOMPARE(changed.size(), 0); // still listed: nothing changes
    QCOMPARE(panel.comboBox()->currentText(), u"Gemini 2.5 Pro"_s);
    QCOMPARE(panel.comboBox()->findText(u"gemini-embedding-001"_s), -1);
    QVERIFY(panel.currentInfo());
    QCOMPARE(label(panel, u"modelIdLabel"_s)->text(), u"gemini-2.5-pro"_s);
    const QString limits = label(panel, u"modelLimits"_s)->text();
    QVERIFY2(limits.contains(QLocale().toString(1048576)), qPrintable(limits));
    QVERIFY2(limits.contains(u"Thinks"_s), qPrintable(limits));
    QVERIFY(!label(panel, u"modelDescription"_s)->text().isEmpty());
    QVERIFY(panel.note().isEmpty());
}

void tst_ModelPanel::pickingWithTheKeyboard()
{
    ClientFixture f;
    ModelList models(f.client.get());
    ModelPanel panel(&models);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy loaded(&models, &ModelList::loaded);
    models.reload();
    QVERIFY(loaded.wait());
    QCOMPARE(panel.currentModel(), u"gemini-2.5-flash"_s);

    QSignalSpy changed(&panel, &ModelPanel::modelChanged);
    const int flashRow = models.rowOf(u"gemini-2.5-flash"_s);
    const int nextRow = flashRow + 1;
    QVERIFY(nextRow < models.rowCount());
    panel.comboBox()->setFocus();
    QTest::keyClick(panel.comboBox(), Qt::Key_Down);
    QCOMPARE(changed.size(), 1);
    const QString picked = models.index(nextRow).data(ModelList::IdRole).toString();
    QCOMPARE(changed.constFirst().constFirst().toString(), picked);
    QCOMPARE(panel.currentModel(), picked);
    QCOMPARE(label(panel, u"modelIdLabel"_s)->text(), picked);
    const bool thinks = models.find(picked)->thinking;
    QCOMPARE(label(panel, u"modelLimits"_s)->text().contains(u"Does not think"_s), !thinks);
}

void tst_ModelPanel::retiredModelFallsBackWithANote()
{
    ClientFixture f;
    ModelList models(f.client.get());
    ModelPanel panel(&models);
    panel.setCurrentModel(u"gemini-1.0-pro"_s); // remembered from an earlier run
    QSignalSpy changed(&panel, &ModelPanel::modelChanged);
    QSignalSpy loaded(&models, &ModelList::loaded);
    models.reload();
    QVERIFY(loaded.wait());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().constFirst().toString(), u"gemini-2.5-flash"_s);
    QCOMPARE(panel.currentModel(), u"gemini-2.5-flash"_s);
    QVERIFY2(panel.note().contains(u"gemini-1.0-pro"_s), qPrintable(panel.note()));
    QVERIFY2(panel.note().contains(u"Gemini 2.5 Flash"_s), qPrintable(panel.note()));
    QVERIFY(!label(panel, u"modelNote"_s)->isHidden());

    // Picking another model clears the note.
    panel.comboBox()->setCurrentIndex(models.rowOf(u"gemini-2.5-pro"_s));
    QCOMPARE(panel.currentModel(), u"gemini-2.5-pro"_s);
    QVERIFY(panel.note().isEmpty());
}

void tst_ModelPanel::unlistedModelAskedForFallsBack()
{
    ClientFixture f;
    ModelList models(f.client.get());
    ModelPanel panel(&models);
    QSignalSpy loaded(&models, &ModelList::loaded);
    models.reload();
    QVERIFY(loaded.wait());
    panel.setCurrentModel(u"gemini-embedding-001"_s); // exists, but cannot chat
    QCOMPARE(panel.currentModel(), u"gemini-2.5-flash"_s);
    QVERIFY(panel.note().contains(u"gemini-embedding-001"_s));
    panel.setCurrentModel(u"models/gemini-2.0-flash"_s);
    QCOMPARE(panel.currentModel(), u"gemini-2.0-flash"_s);
    QVERIFY(panel.note().isEmpty());
    QCOMPARE(panel.comboBox()->currentText(), u"Gemini 2.0 Flash"_s);
}

void tst_ModelPanel::failedListSaysWhyAndReloads()
{
    ClientFixture f;
    ClientConfig config = f.client->config();
    config.apiKey = u"wrong-key"_s;
    f.client->setConfig(config);
    ModelList models(f.client.get());
    ModelPanel panel(&models);
    panel.setCurrentModel(u"gemini-2.5-pro"_s);
    QSignalSpy failed(&models, &ModelList::loadFailed);
    models.reload();
    QVERIFY(failed.wait());
    QLabel *error = label(panel, u"modelListError"_s);
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(u"could not be loaded"_s), qPrintable(error->text()));
    QCOMPARE(panel.currentModel(), u"gemini-2.5-pro"_s); // kept in use

    config.apiKey = f.server.apiKey();
    f.client->setConfig(config);
    QSignalSpy loaded(&models, &ModelList::loaded);
    auto *reload = panel.findChild<QToolButton *>(u"modelReloadButton"_s);
    QTest::mouseClick(reload, Qt::LeftButton);
    QVERIFY(loaded.wait());
    QVERIFY(error->isHidden());
    QCOMPARE(panel.currentModel(), u"gemini-2.5-pro"_s);
    QCOMPARE(panel.comboBox()->currentText(), u"Gemini 2.5 Pro"_s);
}

QTEST_MAIN(tst_ModelPanel)
#include "tst_modelpanel.moc"
