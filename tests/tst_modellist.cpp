#include "chat/modellist.h"
#include "support/clientfixture.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
ModelInfo chatModel(const QString &id, const QString &displayName = {})
{
    ModelInfo model;
    model.name = u"models/"_s + id;
    model.displayName = displayName;
    model.supportedGenerationMethods = {u"generateContent"_s, u"countTokens"_s};
    return model;
}

QJsonObject modelJson(const QString &id, const QStringList &methods)
{
    return {{u"name"_s, QString(u"models/"_s + id)}, {u"displayName"_s, id.toUpper()},
        {u"supportedGenerationMethods"_s, QJsonArray::fromStringList(methods)}, {u"inputTokenLimit"_s, 1000},
        {u"outputTokenLimit"_s, 100}};
}
} // namespace

class tst_ModelList final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsChatModelsFromTheServer();
    void followsEveryPage();
    void failedLoadKeepsThePlaceholder();
    void reloadReplacesTheCallInFlight();
    void brokenEntriesAreDropped();
    void choose_data();
    void choose();
    void chooseBeforeTheListArrives();
};

void tst_ModelList::loadsChatModelsFromTheServer()
{
    ClientFixture f;
    ModelList list(f.client.get());
    QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    list.setPlaceholder(u"models/gemini-2.5-flash"_s);
    QCOMPARE(list.rowCount(), 1);
    QCOMPARE(list.index(0).data(ModelList::IdRole).toString(), u"gemini-2.5-flash"_s);
    QVERIFY(!list.isLoaded());

    QSignalSpy loaded(&list, &ModelList::loaded);
    QSignalSpy loading(&list, &ModelList::loadingChanged);
    list.reload();
    QVERIFY(list.isLoading());
    QVERIFY(loaded.wait());
    QVERIFY(!list.isLoading());
    QCOMPARE(loading.size(), 2);
    QVERIFY(list.isLoaded());

    // Only models that can generate content; embedding models are left out.
    QVERIFY(list.rowOf(u"gemini-2.5-pro"_s) >= 0);
    QCOMPARE(list.rowOf(u"gemini-embedding-001"_s), -1);
    for (const ModelInfo &model : list.models())
        QVERIFY(model.supportsGenerateContent());

    const QModelIndex flash = list.index(list.rowOf(u"models/gemini-2.5-flash"_s));
    QCOMPARE(flash.data(Qt::DisplayRole).toString(), u"Gemini 2.5 Flash"_s);
    QCOMPARE(flash.data(ModelList::InputTokenLimitRole).toInt(), 1048576);
    QCOMPARE(flash.data(ModelList::OutputTokenLimitRole).toInt(), 65536);
    QCOMPARE(flash.data(ModelList::ThinkingRole).toBool(), true);
    const auto info = flash.data(ModelList::InfoRole).value<ModelInfo>();
    QCOMPARE(info.topK, std::optional<int>(64));
    QVERIFY(flash.data(Qt::ToolTipRole).toString().contains(u"gemini-2.5-flash"_s));
    QCOMPARE(list.find(u"gemini-2.0-flash"_s)->thinking, false);
    QVERIFY(!list.find(u"gemini-9"_s));
}

void tst_ModelList::followsEveryPage()
{
    ClientFixture f;
    QList<QJsonObject> models;
    for (int i = 0; i < 130; ++i)
        models.append(modelJson(u"model-%1"_s.arg(i, 3, 10, QChar(u'0')), {u"generateContent"_s}));
    models.append(modelJson(u"embedder"_s, {u"embedContent"_s}));
    f.server.setModels(models);

    ModelList list(f.client.get());
    QSignalSpy loaded(&list, &ModelList::loaded);
    list.reload();
    QVERIFY(loaded.wait());
    QCOMPARE(list.rowCount(), 130);
    QCOMPARE(list.index(129).data(ModelList::IdRole).toString(), u"model-129"_s);
    QCOMPARE(f.server.requests(u"/models"_s).size(), 3); // 50 a page by default
}

void tst_ModelList::failedLoadKeepsThePlaceholder()
{
    ClientFixture f;
    ClientConfig config = f.client->config();
    config.apiKey = u"wrong-key"_s;
    f.client->setConfig(config);

    ModelList list(f.client.get());
    list.setPlaceholder(u"gemini-2.5-pro"_s);
    QSignalSpy failed(&list, &ModelList::loadFailed);
    list.reload();
    QVERIFY(failed.wait());
    QCOMPARE(failed.constFirst().constFirst().value<ApiError>().kind, ApiError::Kind::InvalidKey);
    QCOMPARE(list.lastError().kind, ApiError::Kind::InvalidKey);
    QCOMPARE(list.rowCount(), 1);
    QCOMPARE(list.models().constFirst().id(), u"gemini-2.5-pro"_s);
    QVERIFY(!list.isLoaded());
    // Not knowing the list, the remembered model is kept.
    QCOMPARE(list.choose(u"gemini-2.5-pro"_s).id, u"gemini-2.5-pro"_s);
    QVERIFY(!list.choose(u"gemini-2.5-pro"_s).fellBack);
}

void tst_ModelList::reloadReplacesTheCallInFlight()
{
    ClientFixture f;
    ModelList list(f.client.get());
    QSignalSpy loaded(&list, &ModelList::loaded);
    QSignalSpy failed(&list, &ModelList::loadFailed);
    QSignalSpy loading(&list, &ModelList::loadingChanged);
    list.reload();
    list.reload();
    QVERIFY(loaded.wait());
    QTest::qWait(50);
    QCOMPARE(loaded.size(), 1); // the first call was cancelled without a word
    QCOMPARE(failed.size(), 0);
    QCOMPARE(loading.size(), 2);
}

void tst_ModelList::brokenEntriesAreDropped()
{
    ModelList list(nullptr);
    QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ModelInfo nameless = chatModel(u"x"_s);
    nameless.name.clear();
    ModelInfo embedder = chatModel(u"embedder"_s);
    embedder.supportedGenerationMethods = {u"embedContent"_s};
    list.setModels({chatModel(u"a"_s, u"A"_s), chatModel(u"a"_s, u"Again"_s), nameless, embedder, chatModel(u"b"_s)});
    QCOMPARE(list.rowCount(), 2);
    QCOMPARE(list.index(0).data().toString(), u"A"_s);
    QCOMPARE(list.index(1).data().toString(), u"b"_s); // no display name: the id
    list.setModels({});
    QCOMPARE(list.rowCount(), 0);
    QCOMPARE(list.choose(u"a"_s).id, u"a"_s); // nothing listed: keep what was asked for
}

void tst_ModelList::choose_data()
{
    QTest::addColumn<QStringList>("listed");
    QTest::addColumn<QString>("remembered");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("fellBack");

    const QStringList listed {u"gemini-2.0-flash"_s, u"gemini-2.5-pro"_s, u"gemini-2.5-flash"_s};
    QTest::newRow("listed") << listed << u"gemini-2.5-pro"_s << u"gemini-2.5-pro"_s << false;
    QTest::newRow("resource name") << listed << u"models/gemini-2.5-pro"_s << u"gemini-2.5-pro"_s << false;
    QTest::newRow("gone: the preferred one") << listed << u"gemini-1.0-pro"_s << u"gemini-2.5-flash"_s << true;
    QTest::newRow("nothing remembered") << listed << QString() << u"gemini-2.5-flash"_s << false;
    QTest::newRow("gone, no preferred: the first")
        << QStringList {u"gemini-2.0-flash"_s, u"gemini-2.5-pro"_s} << u"old"_s << u"gemini-2.0-flash"_s << true;
    QTest::newRow("blank") << listed << u"   "_s << u"gemini-2.5-flash"_s << false;
}

void tst_ModelList::choose()
{
    QFETCH(QStringList, listed);
    QFETCH(QString, remembered);
    QFETCH(QString, expected);
    QFETCH(bool, fellBack);
    ModelList list(nullptr);
    QList<ModelInfo> models;
    for (const QString &id : listed)
        models.append(chatModel(id));
    list.setModels(models);
    const ModelList::Choice choice = list.choose(remembered);
    QCOMPARE(choice.id, expected);
    QCOMPARE(choice.fellBack, fellBack);
}

void tst_ModelList::chooseBeforeTheListArrives()
{
    ModelList list(nullptr);
    list.setPlaceholder(u"gemini-2.5-pro"_s);
    QCOMPARE(list.choose(u"tunedModels/mine"_s).id, u"tunedModels/mine"_s);
    QCOMPARE(list.choose({}).id, u"gemini-2.5-pro"_s); // what is shown
}

QTEST_GUILESS_MAIN(tst_ModelList)
#include "tst_modellist.moc"
