#include "store/database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

// A plain connection, outside Database: to build files of earlier versions and to look inside.
class RawDb final
{
    Q_DISABLE_COPY_MOVE(RawDb)

public:
    explicit RawDb(const QString &path)
        : m_name(u"raw-%1"_s.arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    bool exec(const QString &sql)
    {
        QSqlQuery q(db());
        if (!q.exec(sql)) {
            qWarning() << sql << q.lastError().text();
            return false;
        }
        return true;
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_ok = false;
};

QVariant scalar(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return {};
    return q.value(0);
}

// The schema as SQLite keeps it (root pages differ between files; the statements must not).
QStringList schemaOf(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    QStringList rows;
    if (!q.exec(u"SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"_s))
        return {u"error: "_s + q.lastError().text()};
    while (q.next())
        rows.append(
            QStringList {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()}
                .join(u" | "_s));
    return rows;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Writes rows that exist at `version` (1 or more): a conversation and two turns.
bool writeSampleData(RawDb &raw, int version)
{
    if (version < 1)
        return true;
    bool ok = raw.exec(u"INSERT INTO conversations (id, title, created, updated, model, leaf_id) "
                       "VALUES (7, 'Protocol notes', 1000, 2000, 'gemini-x', 2)"_s);
    ok = ok
        && raw.exec(
            u"INSERT INTO turns (id, conversation_id, parent_id, depth, role, state, created, selected, text, data) "
            "VALUES (1, 7, NULL, 1, 'user', 'done', 1000, 1000, 'hello migration', '{}')"_s);
    ok = ok
        && raw.exec(
            u"INSERT INTO turns (id, conversation_id, parent_id, depth, role, state, created, selected, text, data) "
            "VALUES (2, 7, 1, 2, 'model', 'done', 1001, 1001, 'an answer', '{}')"_s);
    if (version >= 3)
        ok = ok && raw.exec(u"INSERT INTO turn_blobs (turn_id, sha256) VALUES (1, 'abc')"_s);
    return ok;
}

QStringList freshSchema(const QString &folder)
{
    Database fresh(folder + u"/fresh-reference.db"_s);
    if (!fresh.open())
        return {u"cannot open"_s};
    return schemaOf(fresh.connection());
}

} // namespace

class Tst_database final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshOpen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"sub/folder/history.db"_s);
        Database db(path);
        QVERIFY(!db.isOpen());
        QVERIFY(db.open());
        QVERIFY(db.isOpen());
        QCOMPARE(db.outcome(), Database::Outcome::Fresh);
        QVERIFY(db.message().isEmpty());
        QVERIFY(db.backupPath().isEmpty());
        QVERIFY(QFileInfo::exists(path));
        QSqlDatabase c = db.connection();
        QCOMPARE(Database::userVersion(c), Database::SchemaVersion);
        QCOMPARE(scalar(c, u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
        QCOMPARE(scalar(c, u"PRAGMA foreign_keys"_s).toInt(), 1);
        QCOMPARE(scalar(c, u"PRAGMA synchronous"_s).toInt(), 1); // NORMAL
        QCOMPARE(scalar(c, u"PRAGMA busy_timeout"_s).toInt(), 5000);
        for (const QString &table :
            {u"conversations"_s, u"turns"_s, u"turns_fts"_s, u"titles_fts"_s, u"blobs"_s, u"turn_blobs"_s}) {
            QSqlQuery q(c);
            q.prepare(u"SELECT count(*) FROM sqlite_master WHERE name = ?"_s);
            q.addBindValue(table);
            QVERIFY(q.exec() && q.next());
            QVERIFY2(q.value(0).toInt() == 1, qPrintable(table));
        }
        // Foreign keys really act: a turn of a conversation that does not exist is refused.
        QSqlQuery q(c);
        QVERIFY(
            !q.exec(u"INSERT INTO turns (conversation_id, role, state, created) VALUES (12345, 'user', 'done', 1)"_s));
    }

    void reopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        {
            Database db(path);
            QVERIFY(db.open());
            QSqlQuery q(db.connection());
            QVERIFY(q.exec(u"INSERT INTO conversations (title, created, updated) VALUES ('kept', 1, 2)"_s));
        }
        Database db(path);
        QVERIFY(db.open());
        QCOMPARE(db.outcome(), Database::Outcome::Opened);
        QVERIFY(db.message().isEmpty());
        QCOMPARE(scalar(db.connection(), u"SELECT title FROM conversations"_s).toString(), u"kept"_s);
        // Opening again is harmless; two connections to one file work side by side (WAL).
        Database second(path);
        QVERIFY(second.open());
        QCOMPARE(scalar(second.connection(), u"SELECT count(*) FROM conversations"_s).toInt(), 1);
        QVERIFY(db.connection().connectionName() != second.connection().connectionName());
    }

    void migrateFromEveryVersion_data()
    {
        QTest::addColumn<int>("from");
        for (int v = 0; v < Database::SchemaVersion; ++v)
            QTest::addRow("v%d", v) << v;
    }

    void migrateFromEveryVersion()
    {
        QFETCH(int, from);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        {
            RawDb raw(path);
            QVERIFY(raw.ok());
            QSqlDatabase c = raw.db();
            QString error;
            QVERIFY2(Database::migrate(c, from, &error), qPrintable(error));
            QCOMPARE(Database::userVersion(c), from);
            QVERIFY(writeSampleData(raw, from));
        }
        Database db(path);
        QVERIFY(db.open());
        QCOMPARE(db.outcome(), from == 0 ? Database::Outcome::Fresh : Database::Outcome::Migrated);
        QSqlDatabase c = db.connection();
        QCOMPARE(Database::userVersion(c), Database::SchemaVersion);
        QCOMPARE(schemaOf(c), freshSchema(dir.path()));
        if (from >= 1) {
            QCOMPARE(scalar(c, u"SELECT title FROM conversations WHERE id = 7"_s).toString(), u"Protocol notes"_s);
            QCOMPARE(scalar(c, u"SELECT count(*) FROM turns WHERE conversation_id = 7"_s).toInt(), 2);
            // The search index holds what was written before it existed.
            QCOMPARE(scalar(c, u"SELECT rowid FROM turns_fts WHERE turns_fts MATCH 'migrat*'"_s).toInt(), 1);
            QCOMPARE(scalar(c, u"SELECT rowid FROM titles_fts WHERE titles_fts MATCH 'protocol'"_s).toInt(), 7);
        }
    }

    void migrateStepByStepEqualsFresh()
    {
        QTemporaryDir dir;
        RawDb raw(dir.filePath(u"steps.db"_s));
        QVERIFY(raw.ok());
        QSqlDatabase c = raw.db();
        QString error;
        for (int v = 1; v <= Database::SchemaVersion; ++v) {
            QVERIFY2(Database::migrate(c, v, &error), qPrintable(error));
            QCOMPARE(Database::userVersion(c), v);
        }
        QCOMPARE(schemaOf(c), freshSchema(dir.path()));
        // Nothing to do, and never backwards or beyond.
        QVERIFY(Database::migrate(c, Database::SchemaVersion, &error));
        QVERIFY(!Database::migrate(c, 1, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!Database::migrate(c, Database::SchemaVersion + 1, &error));
    }

    void failedMigrationRollsBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        {
            RawDb raw(path);
            QSqlDatabase c = raw.db();
            QString error;
            QVERIFY(Database::migrate(c, 2, &error));
            QVERIFY(writeSampleData(raw, 2));
            // Something in the way of version 3's first table.
            QVERIFY(raw.exec(u"CREATE TABLE turn_blobs (x)"_s));
            QVERIFY(!Database::migrate(c, 3, &error));
            QVERIFY(error.contains(u"3"_s));
            QCOMPARE(Database::userVersion(c), 2);
            QCOMPARE(raw.value(u"SELECT count(*) FROM sqlite_master WHERE name = 'blobs'"_s).toInt(), 0);
        }
        Database db(path);
        QVERIFY(!db.open());
        QCOMPARE(db.outcome(), Database::Outcome::Failed);
        QVERIFY(!db.message().isEmpty());
        QVERIFY(!db.isOpen());
        RawDb raw(path);
        QCOMPARE(raw.value(u"SELECT count(*) FROM turns"_s).toInt(), 2);
    }

    void newerVersionRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        {
            RawDb raw(path);
            QVERIFY(raw.exec(u"CREATE TABLE future (x)"_s));
            QVERIFY(raw.exec(u"INSERT INTO future VALUES ('from tomorrow')"_s));
            QVERIFY(raw.exec(u"PRAGMA user_version = %1"_s.arg(Database::SchemaVersion + 1)));
        }
        const QByteArray before = readAll(path);
        QVERIFY(!before.isEmpty());
        Database db(path);
        QVERIFY(!db.open());
        QVERIFY(!db.isOpen());
        QCOMPARE(db.outcome(), Database::Outcome::Failed);
        QVERIFY2(db.message().contains(u"made by a newer version of Alhena"_s), qPrintable(db.message()));
        QVERIFY(db.backupPath().isEmpty());
        QCOMPARE(readAll(path), before);
        QVERIFY(!QFileInfo::exists(path + u"-wal"_s));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {u"history.db"_s});
    }

    void randomBytesReplaced_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QByteArray random(64 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(7);
        for (char &c : random)
            c = char(generator.bounded(256));
        QTest::newRow("random") << random;
        QTest::newRow("text") << QByteArray("this is not a database\n");
        // A valid header followed by nonsense.
        QTest::newRow("header only") << (QByteArray("SQLite format 3", 16) + QByteArray(4080, '\xff'));
    }

    void randomBytesReplaced()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        QVERIFY(writeAll(path, bytes));
        Database db(path);
        QVERIFY2(db.open(), qPrintable(db.message()));
        QCOMPARE(db.outcome(), Database::Outcome::Replaced);
        QVERIFY(!db.backupPath().isEmpty());
        QVERIFY(QFileInfo(db.backupPath()).fileName().startsWith(u"history.db.corrupt-"_s));
        QCOMPARE(readAll(db.backupPath()), bytes);
        QVERIFY2(db.message().contains(QDir::toNativeSeparators(db.backupPath())), qPrintable(db.message()));
        QCOMPARE(Database::userVersion(db.connection()), Database::SchemaVersion);
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(u"INSERT INTO conversations (title, created, updated) VALUES ('new', 1, 1)"_s));
        QCOMPARE(scalar(db.connection(), u"PRAGMA quick_check"_s).toString(), u"ok"_s);
    }

    void overwrittenPage_data()
    {
        QTest::addColumn<QString>("object"); // whose root page is overwritten ("" = a page in the middle)
        QTest::newRow("turns index") << u"turns_parent"_s;
        QTest::newRow("turns table") << u"turns"_s;
        QTest::newRow("search index data") << u"turns_fts_data"_s;
        QTest::newRow("middle page") << QString();
    }

    void overwrittenPage()
    {
        QFETCH(QString, object);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        int page = 0;
        int pageSize = 0;
        int pageCount = 0;
        {
            Database db(path);
            QVERIFY(db.open());
            QSqlDatabase c = db.connection();
            QSqlQuery q(c);
            QVERIFY(q.exec(u"INSERT INTO conversations (id, title, created, updated) VALUES (1, 'Big one', 1, 1)"_s));
            QVERIFY(c.transaction());
            q.prepare(u"INSERT INTO turns (id, conversation_id, parent_id, depth, role, state, created, text) "
                      "VALUES (?, 1, ?, ?, 'user', 'done', 1, ?)"_s);
            for (int i = 1; i <= 2000; ++i) {
                q.addBindValue(i);
                q.addBindValue(i == 1 ? QVariant(QMetaType::fromType<int>()) : QVariant(i - 1));
                q.addBindValue(i);
                q.addBindValue(u"turn number %1 with some words to index, alpha beta gamma"_s.arg(i));
                QVERIFY(q.exec());
            }
            QVERIFY(c.commit());
            pageSize = scalar(c, u"PRAGMA page_size"_s).toInt();
            pageCount = scalar(c, u"PRAGMA page_count"_s).toInt();
            if (object.isEmpty()) {
                page = pageCount / 2;
            } else {
                QSqlQuery root(c);
                root.prepare(u"SELECT rootpage FROM sqlite_master WHERE name = ?"_s);
                root.addBindValue(object);
                QVERIFY(root.exec() && root.next());
                page = root.value(0).toInt();
            }
        } // closing the last connection checkpoints the WAL into the file
        QVERIFY(page > 1);
        QVERIFY(!QFileInfo::exists(path + u"-wal"_s) || QFileInfo(path + u"-wal"_s).size() == 0);
        QByteArray bytes = readAll(path);
        QCOMPARE(bytes.size(), qsizetype(pageSize) * pageCount);
        for (int i = 0; i < pageSize; ++i)
            bytes[qsizetype(page - 1) * pageSize + i] = char(0x5a ^ (i * 31));
        QVERIFY(writeAll(path, bytes));
        // Written within the same millisecond as the clean close, the change could pass for none.
        QFile::remove(path + u".clean"_s);

        Database db(path);
        QVERIFY2(db.open(), qPrintable(db.message()));
        QVERIFY2(db.outcome() == Database::Outcome::Repaired || db.outcome() == Database::Outcome::Replaced,
            qPrintable(u"outcome %1: %2"_s.arg(int(db.outcome())).arg(db.message())));
        QVERIFY(QFileInfo::exists(db.backupPath()));
        QCOMPARE(readAll(db.backupPath()), bytes);
        QVERIFY2(db.message().contains(QDir::toNativeSeparators(db.backupPath())), qPrintable(db.message()));
        QSqlDatabase c = db.connection();
        QCOMPARE(scalar(c, u"PRAGMA quick_check"_s).toString(), u"ok"_s);
        QCOMPARE(Database::userVersion(c), Database::SchemaVersion);
        QSqlQuery q(c);
        QVERIFY2(q.exec(u"INSERT INTO conversations (title, created, updated) VALUES ('after', 1, 1)"_s),
            qPrintable(q.lastError().text()));
        if (db.outcome() == Database::Outcome::Repaired)
            QVERIFY(scalar(c, u"SELECT count(*) FROM turns"_s).toInt() > 0);
        qInfo() << object << "->" << (db.outcome() == Database::Outcome::Repaired ? "repaired" : "replaced");
    }

    void fullCheckOnlyWhenNeeded_data()
    {
        QTest::addColumn<bool>("keepTime");
        QTest::addColumn<bool>("detected");
        QTest::newRow("file changed after the clean close") << false << true;
        // Same size and time as at the clean close: only the conversations table is checked, so a
        // damaged page of turns goes unseen until the weekly full check.
        QTest::newRow("same size and time") << true << false;
    }

    void fullCheckOnlyWhenNeeded()
    {
        QFETCH(bool, keepTime);
        QFETCH(bool, detected);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        int page = 0;
        int pageSize = 0;
        {
            Database db(path);
            QVERIFY(db.open());
            QSqlQuery q(db.connection());
            QVERIFY(q.exec(u"INSERT INTO conversations (id, title, created, updated) VALUES (1, 't', 1, 1)"_s));
            for (int i = 1; i <= 300; ++i) {
                QVERIFY(q.exec(u"INSERT INTO turns (conversation_id, role, state, created, text) VALUES "
                               "(1, 'user', 'done', 1, '%1')"_s.arg(QString(200, QChar(u'a' + i % 26)))));
            }
            pageSize = scalar(db.connection(), u"PRAGMA page_size"_s).toInt();
            page = scalar(db.connection(), u"SELECT rootpage FROM sqlite_master WHERE name = 'turns'"_s).toInt();
        }
        QVERIFY(QFileInfo::exists(path + u".clean"_s));
        {
            // Reopened and closed cleanly: the marker is taken at open and written again at close.
            Database db(path);
            QVERIFY(db.open());
            QCOMPARE(db.outcome(), Database::Outcome::Opened);
            QVERIFY(!QFileInfo::exists(path + u".clean"_s));
        }
        QVERIFY(QFileInfo::exists(path + u".clean"_s));
        const QDateTime time = QFileInfo(path).lastModified();
        QByteArray bytes = readAll(path);
        for (int i = 0; i < pageSize; ++i)
            bytes[qsizetype(page - 1) * pageSize + i] = char(0xa5);
        QVERIFY(writeAll(path, bytes));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(keepTime ? time : time.addSecs(5), QFileDevice::FileModificationTime));
        }
        Database db(path);
        QCOMPARE(db.needsFullCheck(), !keepTime); // the app tells the user when it will take a while
        QVERIFY(db.open());
        QCOMPARE(db.outcome() == Database::Outcome::Replaced || db.outcome() == Database::Outcome::Repaired, detected);
        QCOMPARE(db.backupPath().isEmpty(), !detected);
    }

    // A new file, and one closed cleanly, open at once; one left open (a crash) is checked whole.
    void needsFullCheckAfterACrash()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        QVERIFY(!Database(path).needsFullCheck());
        {
            Database db(path);
            QVERIFY(db.open());
        }
        QVERIFY(!Database(path).needsFullCheck());
        QVERIFY(QFile::remove(path + u".clean"_s)); // what a kill -9 leaves
        QVERIFY(Database(path).needsFullCheck());
    }

    void emptyFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"history.db"_s);
        QVERIFY(writeAll(path, {}));
        Database db(path);
        QVERIFY(db.open());
        QCOMPARE(db.outcome(), Database::Outcome::Fresh);
        QCOMPARE(Database::userVersion(db.connection()), Database::SchemaVersion);
    }

    void unusablePlaces_data()
    {
        QTest::addColumn<QString>("relative");
        QTest::addColumn<QString>("fileToMake");
        QTest::addColumn<QString>("folderToMake");
        QTest::newRow("folder is a file") << u"plain/history.db"_s << u"plain"_s << QString();
        QTest::newRow("file is a folder") << u"history.db"_s << QString() << u"history.db"_s;
        QTest::newRow("empty path") << QString() << QString() << QString();
    }

    void unusablePlaces()
    {
        QFETCH(QString, relative);
        QFETCH(QString, fileToMake);
        QFETCH(QString, folderToMake);
        QTemporaryDir dir;
        if (!fileToMake.isEmpty())
            QVERIFY(writeAll(dir.filePath(fileToMake), "x"));
        if (!folderToMake.isEmpty())
            QVERIFY(QDir(dir.path()).mkpath(folderToMake));
        Database db(relative.isEmpty() ? QString() : dir.filePath(relative));
        QVERIFY(!db.open());
        QVERIFY(!db.isOpen());
        QCOMPARE(db.outcome(), Database::Outcome::Failed);
        QVERIFY(!db.message().isEmpty());
        QVERIFY(!db.connection().isValid());
    }

    void readOnlyFolder()
    {
        if (::geteuid() == 0)
            QSKIP("root writes into read-only folders");
        QTemporaryDir dir;
        const QString folder = dir.filePath(u"locked"_s);
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner));
        Database db(folder + u"/history.db"_s);
        QVERIFY(!db.open());
        QCOMPARE(db.outcome(), Database::Outcome::Failed);
        QVERIFY2(db.message().contains(QDir::toNativeSeparators(folder)), qPrintable(db.message()));
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
};

QTEST_GUILESS_MAIN(Tst_database)
#include "tst_database.moc"
