#include "store/conversationlistmodel.h"
#include "store/conversationstore.h"
#include "store/database.h"
#include "support/turns.h"

#include <QAbstractItemModelTester>
#include <QPersistentModelIndex>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QDateTime BaseTime = QDateTime(QDate(2024, 3, 12), QTime(9, 0), Qt::UTC);

QList<qint64> idsOf(const ConversationListModel &model)
{
    QList<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.idAt(row));
    return ids;
}

QList<qint64> idsOf(const QList<ConversationSummary> &summaries)
{
    QList<qint64> ids;
    for (const ConversationSummary &summary : summaries)
        ids.append(summary.id);
    return ids;
}

} // namespace

class tst_ConversationListModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void emptyStore();
    void newestFirstPinnedOnTop();
    void roles();
    void createInsertsOneRow();
    void renameKeepsTheRow();
    void pinMovesToTopAndKeepsPersistentIndexes();
    void newTurnMovesToTop();
    void trashRemovesAndRestoreInserts();
    void rename_data();
    void rename();
    void renameOutOfRangeIsRefused();
    void rowOfAndIdAt();
    void batchedChangesMatchTheStore_data();
    void batchedChangesMatchTheStore();
    void storeGoneLeavesAnEmptyModel();

private:
    // A conversation with explicit times (an import), so that the order does not hang on the clock.
    qint64 add(const QString &title, int minutesAfterBase, bool pinned = false);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ConversationStore> m_store;
    std::unique_ptr<ConversationListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_ConversationListModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_database = std::make_unique<Database>(m_dir->filePath(u"history.sqlite"_s));
    QVERIFY2(m_database->open(), qPrintable(m_database->message()));
    m_store = std::make_unique<ConversationStore>(m_database.get());
    m_model = std::make_unique<ConversationListModel>(m_store.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_ConversationListModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_store.reset();
    m_database.reset();
    m_dir.reset();
}

qint64 tst_ConversationListModel::add(const QString &title, int minutesAfterBase, bool pinned)
{
    ConversationRecord record;
    record.summary.title = title;
    record.summary.created = BaseTime.addSecs(minutesAfterBase * 60);
    record.summary.updated = record.summary.created;
    record.summary.pinned = pinned;
    record.summary.model = u"gemini-test"_s;
    record.settings.model = u"gemini-test"_s;
    const QList<qint64> ids = m_store->importRecords({record});
    return ids.size() == 1 ? ids.first() : 0;
}

void tst_ConversationListModel::emptyStore()
{
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->rowOf(1), -1);
    QCOMPARE(m_model->idAt(0), 0);
    QVERIFY(!m_model->data(m_model->index(0)).isValid());
}

void tst_ConversationListModel::newestFirstPinnedOnTop()
{
    const qint64 a = add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 3);
    const qint64 c = add(u"C"_s, 2, true);
    const qint64 d = add(u"D"_s, 4);
    QCOMPARE(idsOf(*m_model), (QList<qint64> {c, d, b, a}));
    QCOMPARE(idsOf(*m_model), idsOf(m_store->conversations()));
}

void tst_ConversationListModel::roles()
{
    const qint64 id = add(u"Protocol buffers"_s, 5, true);
    QVERIFY(id != 0);
    const QModelIndex index = m_model->index(0);
    QCOMPARE(index.data(Qt::DisplayRole).toString(), u"Protocol buffers"_s);
    QCOMPARE(index.data(Qt::EditRole).toString(), u"Protocol buffers"_s);
    QCOMPARE(index.data(ConversationListModel::TitleRole).toString(), u"Protocol buffers"_s);
    QCOMPARE(index.data(ConversationListModel::IdRole).toLongLong(), id);
    QCOMPARE(index.data(ConversationListModel::UpdatedRole).toDateTime(), BaseTime.addSecs(300));
    QCOMPARE(index.data(ConversationListModel::CreatedRole).toDateTime(), BaseTime.addSecs(300));
    QCOMPARE(index.data(ConversationListModel::PinnedRole).toBool(), true);
    QCOMPARE(index.data(ConversationListModel::ModelRole).toString(), u"gemini-test"_s);
    QCOMPARE(index.data(ConversationListModel::TitleSourceRole).toInt(), int(TitleSource::Prompt));
    QVERIFY(m_model->flags(index).testFlag(Qt::ItemIsEditable));
    QVERIFY(m_model->roleNames().value(ConversationListModel::IdRole) == "conversationId");
}

void tst_ConversationListModel::createInsertsOneRow()
{
    add(u"Old"_s, 1);
    add(u"Older"_s, 0);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);

    ConversationSettings settings;
    settings.model = u"gemini-test"_s;
    const qint64 id = m_store->createConversation(settings, u"Fresh"_s);
    QVERIFY(id != 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0); // at the top: the newest
    QCOMPARE(inserted.first().at(2).toInt(), 0);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(layout.size(), 0);
    QCOMPARE(m_model->idAt(0), id);
    QCOMPARE(m_model->rowCount(), 3);
}

void tst_ConversationListModel::renameKeepsTheRow()
{
    add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 2);
    add(u"C"_s, 3);
    const QPersistentModelIndex persistent = m_model->index(m_model->rowOf(b));
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);

    QVERIFY(m_store->setTitle(b, u"Renamed"_s, TitleSource::User));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(changed.size(), 1);
    QVERIFY(persistent.isValid());
    QCOMPARE(persistent.data(ConversationListModel::IdRole).toLongLong(), b);
    QCOMPARE(persistent.data().toString(), u"Renamed"_s);
    QCOMPARE(persistent.data(ConversationListModel::TitleSourceRole).toInt(), int(TitleSource::User));
}

void tst_ConversationListModel::pinMovesToTopAndKeepsPersistentIndexes()
{
    const qint64 a = add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 2);
    const qint64 c = add(u"C"_s, 3);
    QCOMPARE(idsOf(*m_model), (QList<qint64> {c, b, a}));
    const QPersistentModelIndex pa = m_model->index(2);
    const QPersistentModelIndex pc = m_model->index(0);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy layout(m_model.get(), &QAbstractItemModel::layoutChanged);

    QVERIFY(m_store->setPinned(a, true));
    QCOMPARE(idsOf(*m_model), (QList<qint64> {a, c, b}));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(layout.size(), 1);
    QCOMPARE(pa.row(), 0);
    QCOMPARE(pa.data(ConversationListModel::IdRole).toLongLong(), a);
    QVERIFY(pa.data(ConversationListModel::PinnedRole).toBool());
    QCOMPARE(pc.row(), 1);

    QVERIFY(m_store->setPinned(a, false));
    QCOMPARE(idsOf(*m_model), (QList<qint64> {c, b, a}));
    QCOMPARE(pa.row(), 2);
    QCOMPARE(pc.row(), 0);
}

void tst_ConversationListModel::newTurnMovesToTop()
{
    const qint64 a = add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 2);
    const QPersistentModelIndex pa = m_model->index(m_model->rowOf(a));
    QVERIFY(m_store->insertTurn(a, 0, userTurn(u"hello"_s)) != 0);
    QCOMPARE(idsOf(*m_model), (QList<qint64> {a, b}));
    QCOMPARE(pa.row(), 0);
    QVERIFY(pa.data(ConversationListModel::UpdatedRole).toDateTime() > BaseTime.addSecs(3600));
}

void tst_ConversationListModel::trashRemovesAndRestoreInserts()
{
    const qint64 a = add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 2);
    const qint64 c = add(u"C"_s, 3);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);

    QVERIFY(m_store->moveToTrash(b));
    QCOMPARE(idsOf(*m_model), (QList<qint64> {c, a}));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(m_model->rowOf(b), -1);

    QVERIFY(m_store->restoreFromTrash(b));
    QCOMPARE(idsOf(*m_model), (QList<qint64> {c, b, a}));
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 1);

    QVERIFY(m_store->moveToTrash(a));
    QVERIFY(m_store->moveToTrash(c));
    QVERIFY(m_store->purgeTrash());
    QCOMPARE(idsOf(*m_model), (QList<qint64> {b}));
}

void tst_ConversationListModel::rename_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("stored");

    const QString longName = QString(300, u'x');
    QTest::newRow("plain") << u"Travel plans"_s << true << u"Travel plans"_s;
    QTest::newRow("trimmed") << u"   Travel plans \t"_s << true << u"Travel plans"_s;
    QTest::newRow("line breaks") << u"one\ntwo\r\nthree"_s << true << u"one two three"_s;
    QTest::newRow("empty") << QString() << false << u"Original"_s;
    QTest::newRow("blank") << u"   \n\t "_s << false << u"Original"_s;
    QTest::newRow("too long") << longName << true << QString(ConversationListModel::MaxTitleLength, u'x');
    QTest::newRow("html") << u"<b>bold</b> & <script>"_s << true << u"<b>bold</b> & <script>"_s;
    QTest::newRow("quotes") << u"\"; DROP TABLE conversations; --"_s << true << u"\"; DROP TABLE conversations; --"_s;
    QTest::newRow("emoji at the cut") << QString(199, u'y') + u"😀"_s << true << QString(199, u'y');
}

void tst_ConversationListModel::rename()
{
    QFETCH(QString, typed);
    QFETCH(bool, accepted);
    QFETCH(QString, stored);

    const qint64 id = add(u"Original"_s, 1);
    QCOMPARE(m_model->setData(m_model->index(0), typed), accepted);
    const std::optional<ConversationSummary> summary = m_store->summary(id);
    QVERIFY(summary);
    QCOMPARE(summary->title, stored);
    QCOMPARE(m_model->index(0).data().toString(), stored);
    QCOMPARE(summary->titleSource, accepted ? TitleSource::User : TitleSource::Prompt);
    QCOMPARE(m_store->conversationCount(), 1);
}

void tst_ConversationListModel::renameOutOfRangeIsRefused()
{
    add(u"Only"_s, 1);
    QVERIFY(!m_model->setData(QModelIndex(), u"x"_s));
    QVERIFY(!m_model->setData(m_model->index(0), u"x"_s, Qt::DecorationRole));
    QCOMPARE(m_model->index(0).data().toString(), u"Only"_s);
}

void tst_ConversationListModel::rowOfAndIdAt()
{
    const qint64 a = add(u"A"_s, 1);
    const qint64 b = add(u"B"_s, 2);
    QCOMPARE(m_model->rowOf(b), 0);
    QCOMPARE(m_model->rowOf(a), 1);
    QCOMPARE(m_model->rowOf(0), -1);
    QCOMPARE(m_model->rowOf(-5), -1);
    QCOMPARE(m_model->rowOf(a + b + 100), -1);
    QCOMPARE(m_model->idAt(-1), 0);
    QCOMPARE(m_model->idAt(2), 0);
    QCOMPARE(m_model->summaryAt(1).title, u"A"_s);
}

void tst_ConversationListModel::batchedChangesMatchTheStore_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 12; ++seed)
        QTest::addRow("seed %u", seed) << seed;
}

// Several changes seen at once (the store's signal blocked): removals, insertions, moves and edits
// in one reload must end with the store's order, and every surviving persistent index on its row.
void tst_ConversationListModel::batchedChangesMatchTheStore()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    for (int i = 0; i < 20; ++i)
        QVERIFY(add(u"C%1"_s.arg(i), i, random.bounded(5) == 0) != 0);

    int minute = 100;
    for (int round = 0; round < 8; ++round) {
        QList<QPersistentModelIndex> persistent;
        QList<qint64> persistentIds;
        for (int row = 0; row < m_model->rowCount(); row += 3) {
            persistent.append(m_model->index(row));
            persistentIds.append(m_model->idAt(row));
        }

        m_store->blockSignals(true);
        const QList<ConversationSummary> before = m_store->conversations();
        const int changes = 1 + int(random.bounded(6));
        for (int k = 0; k < changes && !before.isEmpty(); ++k) {
            const qint64 id = before.at(int(random.bounded(quint32(before.size())))).id;
            switch (random.bounded(5)) {
            case 0:
                m_store->moveToTrash(id);
                break;
            case 1:
                add(u"N%1"_s.arg(minute), minute, random.bounded(4) == 0);
                ++minute;
                break;
            case 2:
                m_store->setPinned(id, random.bounded(2) == 0);
                break;
            case 3:
                m_store->setTitle(id, u"T%1"_s.arg(random.bounded(1000)), TitleSource::User);
                break;
            default:
                m_store->insertTurn(id, 0, userTurn(u"turn"_s));
                break;
            }
        }
        m_store->blockSignals(false);
        m_model->reload();

        const QList<ConversationSummary> expected = m_store->conversations();
        QCOMPARE(idsOf(*m_model), idsOf(expected));
        for (int row = 0; row < expected.size(); ++row) {
            QCOMPARE(m_model->summaryAt(row).title, expected.at(row).title);
            QCOMPARE(m_model->summaryAt(row).pinned, expected.at(row).pinned);
            QCOMPARE(m_model->summaryAt(row).updated, expected.at(row).updated);
        }
        for (int i = 0; i < persistent.size(); ++i) {
            const int row = m_model->rowOf(persistentIds.at(i));
            if (row < 0)
                QVERIFY(!persistent.at(i).isValid());
            else
                QCOMPARE(persistent.at(i).row(), row);
        }
    }
}

void tst_ConversationListModel::storeGoneLeavesAnEmptyModel()
{
    add(u"A"_s, 1);
    QCOMPARE(m_model->rowCount(), 1);
    m_store.reset();
    m_model->reload();
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->setData(m_model->index(0), u"x"_s));
}

QTEST_GUILESS_MAIN(tst_ConversationListModel)
#include "tst_conversationlistmodel.moc"
