#include "database.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDatabase, "alhena.store.database")

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Database)
};

// The statements of each schema version, applied in order on top of the previous version.
QStringList schemaStatements(int version)
{
    switch (version) {
    case 1:
        return {
            u"CREATE TABLE conversations ("
            " id INTEGER PRIMARY KEY,"
            " title TEXT NOT NULL DEFAULT '',"
            " title_source INTEGER NOT NULL DEFAULT 0,"
            " created INTEGER NOT NULL,"
            " updated INTEGER NOT NULL,"
            " pinned INTEGER NOT NULL DEFAULT 0,"
            " model TEXT NOT NULL DEFAULT '',"
            " system_instruction TEXT,"
            " generation_config TEXT,"
            " safety_settings TEXT,"
            " tools TEXT,"
            " tool_config TEXT,"
            " cached_content TEXT,"
            " leaf_id INTEGER,"
            " trashed INTEGER NOT NULL DEFAULT 0)"_s,
            u"CREATE TABLE turns ("
            " id INTEGER PRIMARY KEY,"
            " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
            " parent_id INTEGER REFERENCES turns(id) ON DELETE CASCADE,"
            " depth INTEGER NOT NULL DEFAULT 1,"
            " role TEXT NOT NULL,"
            " state TEXT NOT NULL,"
            " created INTEGER NOT NULL,"
            " selected INTEGER NOT NULL DEFAULT 0,"
            " text TEXT NOT NULL DEFAULT '',"
            " data TEXT NOT NULL DEFAULT '{}')"_s,
            // The sidebar's order (pinned first, newest first) read straight from the index.
            u"CREATE INDEX conversations_list ON conversations(trashed, pinned, updated)"_s,
            u"CREATE INDEX turns_parent ON turns(parent_id)"_s,
            u"CREATE INDEX turns_conversation ON turns(conversation_id, depth)"_s,
            // markInterrupted() at start must not scan a million finished turns.
            u"CREATE INDEX turns_busy ON turns(state) WHERE state IN ('waiting', 'streaming')"_s,
        };
    case 2:
        return {
            u"CREATE VIRTUAL TABLE turns_fts USING fts5(text, content='turns', content_rowid='id',"
            " tokenize='unicode61 remove_diacritics 2', prefix='2 3')"_s,
            u"CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN"
            " INSERT INTO turns_fts(rowid, text) VALUES (new.id, new.text); END"_s,
            u"CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN"
            " INSERT INTO turns_fts(turns_fts, rowid, text) VALUES ('delete', old.id, old.text); END"_s,
            u"CREATE TRIGGER turns_fts_update AFTER UPDATE OF text ON turns BEGIN"
            " INSERT INTO turns_fts(turns_fts, rowid, text) VALUES ('delete', old.id, old.text);"
            " INSERT INTO turns_fts(rowid, text) VALUES (new.id, new.text); END"_s,
            u"CREATE VIRTUAL TABLE titles_fts USING fts5(title, content='conversations', content_rowid='id',"
            " tokenize='unicode61 remove_diacritics 2', prefix='2 3')"_s,
            u"CREATE TRIGGER titles_fts_insert AFTER INSERT ON conversations BEGIN"
            " INSERT INTO titles_fts(rowid, title) VALUES (new.id, new.title); END"_s,
            u"CREATE TRIGGER titles_fts_delete AFTER DELETE ON conversations BEGIN"
            " INSERT INTO titles_fts(titles_fts, rowid, title) VALUES ('delete', old.id, old.title); END"_s,
            u"CREATE TRIGGER titles_fts_update AFTER UPDATE OF title ON conversations BEGIN"
            " INSERT INTO titles_fts(titles_fts, rowid, title) VALUES ('delete', old.id, old.title);"
            " INSERT INTO titles_fts(rowid, title) VALUES (new.id, new.title); END"_s,
            u"INSERT INTO turns_fts(turns_fts) VALUES ('rebuild')"_s,
            u"INSERT INTO titles_fts(titles_fts) VALUES ('rebuild')"_s,
        };
    case 3:
        return {
            u"CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL DEFAULT 0, mime_type TEXT)"_s,
            u"CREATE TABLE turn_blobs ("
            " turn_id INTEGER NOT NULL REFERENCES turns(id) ON DELETE CASCADE,"
            " sha256 TEXT NOT NULL,"
            " PRIMARY KEY (turn_id, sha256)) WITHOUT ROWID"_s,
            u"CREATE INDEX turn_blobs_sha256 ON turn_blobs(sha256)"_s,
        };
    default:
        return {};
    }
}

QString errorText(const QSqlError &error)
{
    QString text = error.databaseText();
    if (text.isEmpty())
        text = error.text();
    return text;
}

bool isNotADatabase(const QString &error)
{
    return error.contains("not a database"_L1, Qt::CaseInsensitive)
        || error.contains("file is encrypted"_L1, Qt::CaseInsensitive);
}

// "ok", or the problems found (or the error that stopped the check).
// Whether a failed statement says the file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB and their
// extended codes), as opposed to busy, locked, read-only or an I/O error, which say nothing about
// the file and must never make it be replaced.
bool isDamage(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    if (!ok)
        return false;
    const int primary = code & 0xff;
    return primary == 11 /* SQLITE_CORRUPT */ || primary == 26 /* SQLITE_NOTADB */;
}

// "ok", or what is wrong; *failure is set when the check itself could not run.
QString quickCheck(const QSqlDatabase &db, QSqlError *failure)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA quick_check"_s)) {
        *failure = query.lastError();
        return errorText(query.lastError());
    }
    QStringList problems;
    while (query.next())
        problems.append(query.value(0).toString());
    if (query.lastError().isValid()) {
        *failure = query.lastError();
        problems.append(errorText(query.lastError()));
    }
    if (problems == QStringList {u"ok"_s})
        return u"ok"_s;
    if (problems.isEmpty())
        return u"no result"_s;
    return problems.join(u"; "_s);
}

bool execAll(QSqlDatabase &db, const QStringList &statements, QString *error)
{
    QSqlQuery query(db);
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            if (error)
                *error = errorText(query.lastError());
            return false;
        }
    }
    return true;
}

QStringList companionFiles(const QString &path)
{
    return {path, path + "-wal"_L1, path + "-shm"_L1, path + "-journal"_L1};
}

QAtomicInteger<quint64> connectionCounter;

} // namespace

Database::Database(const QString &path)
    : m_path(path)
    , m_connectionName(u"alhena-history-%1"_s.arg(connectionCounter.fetchAndAddRelaxed(1)))
{ }

Database::~Database()
{
    const bool wasOpen = isOpen() && m_outcome != Outcome::Failed;
    close(); // the last connection checkpoints the WAL into the file
    if (wasOpen)
        writeCleanMarker();
}

// A full quick_check reads the whole file: seconds for a million turns. It runs when the file may
// have been damaged since it was last checked: the app did not close it (a crash, a kill, another
// writer), the file changed since (size or time), or the last full check is a week old. Otherwise
// only the conversations table is checked.
QString Database::markerPath() const
{
    return m_path + ".clean"_L1;
}

bool Database::markerSaysClean(qint64 *lastFullCheck) const
{
    QFile marker(markerPath());
    if (!marker.open(QIODevice::ReadOnly))
        return false;
    const QList<QByteArray> fields = marker.readAll().trimmed().split(' ');
    if (fields.size() != 3)
        return false;
    const QFileInfo info(m_path);
    const QFileInfo wal(m_path + "-wal"_L1);
    const qint64 checked = fields.at(2).toLongLong();
    if (lastFullCheck)
        *lastFullCheck = checked;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return fields.at(0).toLongLong() == info.size()
        && fields.at(1).toLongLong() == info.lastModified().toMSecsSinceEpoch() && (!wal.exists() || wal.size() == 0)
        && checked <= now && now - checked < FullCheckIntervalMs;
}

bool Database::needsFullCheck() const
{
    return QFileInfo(m_path).size() > 0 && !markerSaysClean(nullptr);
}

bool Database::cleanSinceLastCheck()
{
    const bool clean = markerSaysClean(&m_lastFullCheck);
    QFile::remove(markerPath()); // until the next clean close
    return clean;
}

void Database::writeCleanMarker() const
{
    const QFileInfo info(m_path);
    if (!info.exists() || QFileInfo(m_path + "-wal"_L1).size() > 0)
        return;
    QFile marker(markerPath());
    if (marker.open(QIODevice::WriteOnly | QIODevice::Truncate))
        marker.write(QByteArray::number(info.size()) + ' ' + QByteArray::number(info.lastModified().toMSecsSinceEpoch())
            + ' ' + QByteArray::number(m_lastFullCheck));
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int Database::userVersion(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

bool Database::migrate(QSqlDatabase &db, int target, QString *error)
{
    int version = userVersion(db);
    if (version < 0) {
        if (error)
            *error = Tr::tr("The schema version cannot be read.");
        return false;
    }
    if (target > SchemaVersion || version > target) {
        if (error)
            *error = Tr::tr("Cannot go from schema version %1 to %2.").arg(version).arg(target);
        return false;
    }
    while (version < target) {
        const int next = version + 1;
        if (!db.transaction()) {
            if (error)
                *error = errorText(db.lastError());
            return false;
        }
        QString detail;
        QStringList statements = schemaStatements(next);
        statements.append(u"PRAGMA user_version = %1"_s.arg(next));
        if (!execAll(db, statements, &detail) || !db.commit()) {
            if (detail.isEmpty())
                detail = errorText(db.lastError());
            db.rollback();
            if (error)
                *error = Tr::tr("Updating the history to schema version %1 failed: %2").arg(next).arg(detail);
            return false;
        }
        version = next;
    }
    return true;
}

bool Database::openConnection(QString *error)
{
    close();
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        if (error)
            *error = errorText(db.lastError());
        db = {};
        close();
        return false;
    }
    return true;
}

QString Database::makeBackup(QString *error)
{
    const QString stamp = QDateTime::currentDateTime().toString(u"yyyyMMdd-hhmmss"_s);
    QString base = m_path + ".corrupt-"_L1 + stamp;
    for (int n = 2; QFile::exists(base); ++n)
        base = m_path + ".corrupt-"_L1 + stamp + u"-%1"_s.arg(n);
    const QStringList sources = companionFiles(m_path);
    const QStringList targets = companionFiles(base);
    for (qsizetype i = 0; i < sources.size(); ++i) {
        if (!QFile::exists(sources.at(i)))
            continue;
        QFile source(sources.at(i));
        if (!source.copy(targets.at(i))) {
            if (error)
                *error = source.errorString();
            for (const QString &target : targets)
                QFile::remove(target);
            return {};
        }
    }
    return base;
}

bool Database::applyPragmas(QString *error)
{
    QSqlDatabase db = connection();
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA journal_mode = WAL"_s) || !query.next()) {
        if (error)
            *error = errorText(query.lastError());
        return false;
    }
    if (query.value(0).toString().compare("wal"_L1, Qt::CaseInsensitive) != 0) {
        if (error)
            *error = Tr::tr("write-ahead logging is not available (journal mode %1)").arg(query.value(0).toString());
        return false;
    }
    for (const QString &statement :
        {u"PRAGMA foreign_keys = ON"_s, u"PRAGMA synchronous = NORMAL"_s, u"PRAGMA busy_timeout = 5000"_s}) {
        if (!query.exec(statement)) {
            if (error)
                *error = errorText(query.lastError());
            return false;
        }
    }
    return true;
}

bool Database::failWith(const QString &message)
{
    close();
    m_outcome = Outcome::Failed;
    m_message = message;
    qCWarning(lcDatabase).noquote() << message;
    return false;
}

bool Database::open()
{
    m_outcome = Outcome::Failed;
    m_message.clear();
    m_backupPath.clear();
    close();

    if (m_path.isEmpty())
        return failWith(Tr::tr("No file was given for the history database."));
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        return failWith(Tr::tr("The history cannot be kept: the folder %1 cannot be created.")
                            .arg(QDir::toNativeSeparators(info.absolutePath())));
    }
    if (info.exists() && !info.isFile()) {
        return failWith(Tr::tr("The history cannot be kept: %1 is not a file.").arg(QDir::toNativeSeparators(m_path)));
    }

    QString error;
    if (!openConnection(&error)) {
        return failWith(
            Tr::tr("The history database %1 cannot be opened: %2").arg(QDir::toNativeSeparators(m_path), error));
    }

    bool damaged = false;
    QString problem;
    QSqlError failure; // a check that could not run
    int version = userVersion(connection());
    if (version < 0) {
        QSqlQuery query(connection());
        query.exec(u"PRAGMA user_version"_s);
        problem = errorText(query.lastError());
        failure = query.lastError();
        damaged = true;
    } else if (version > SchemaVersion) {
        // Never touched: not even WAL mode, which would change the file's header.
        return failWith(Tr::tr("The history database %1 was made by a newer version of Alhena (schema %2; this "
                               "version knows up to %3). Update Alhena to open it.")
                            .arg(QDir::toNativeSeparators(m_path))
                            .arg(version)
                            .arg(SchemaVersion));
    } else {
        if (cleanSinceLastCheck()) {
            QSqlQuery query(connection());
            if (query.exec(u"PRAGMA quick_check(conversations)"_s) && query.next()) {
                problem = query.value(0).toString();
            } else {
                problem = errorText(query.lastError());
                failure = query.lastError();
            }
        } else {
            problem = quickCheck(connection(), &failure);
            m_lastFullCheck = QDateTime::currentMSecsSinceEpoch();
        }
        damaged = problem != "ok"_L1;
    }
    // Busy (another program holds it), locked, read-only, an I/O error: the file is left alone.
    if (damaged && failure.isValid() && !isDamage(failure)) {
        return failWith(Tr::tr("The history database %1 cannot be read right now: %2")
                            .arg(QDir::toNativeSeparators(m_path), problem));
    }

    if (damaged && !recover(problem, version))
        return false;

    if (!applyPragmas(&error)) {
        return failWith(
            Tr::tr("The history database %1 cannot be used: %2").arg(QDir::toNativeSeparators(m_path), error));
    }

    version = userVersion(connection());
    QSqlDatabase db = connection();
    if (!migrate(db, SchemaVersion, &error))
        return failWith(
            Tr::tr("The history database %1 cannot be used. %2").arg(QDir::toNativeSeparators(m_path), error));

    if (m_outcome == Outcome::Failed) // not set by recover()
        m_outcome = version == 0 ? Outcome::Fresh : version < SchemaVersion ? Outcome::Migrated : Outcome::Opened;
    return true;
}

bool Database::recover(const QString &problem, int version)
{
    qCWarning(lcDatabase).noquote() << "integrity check of" << m_path << "failed:" << problem;
    close(); // the copy must be taken of a closed file (its -wal included)
    QString error;
    m_backupPath = makeBackup(&error);
    if (m_backupPath.isEmpty()) {
        return failWith(Tr::tr("The history database %1 is damaged, and no copy of it could be made (%2), so it was "
                               "left as it is.")
                            .arg(QDir::toNativeSeparators(m_path), error));
    }
    const QString copy = QDir::toNativeSeparators(m_backupPath);

    bool repaired = false;
    if (!isNotADatabase(problem) && version >= 0 && openConnection(&error)) {
        QSqlDatabase db = connection();
        QStringList statements {u"REINDEX"_s};
        if (version >= 2) {
            statements.append(u"INSERT INTO turns_fts(turns_fts) VALUES ('rebuild')"_s);
            statements.append(u"INSERT INTO titles_fts(titles_fts) VALUES ('rebuild')"_s);
        }
        QString detail;
        QSqlError ignored;
        repaired = execAll(db, statements, &detail) && quickCheck(db, &ignored) == "ok"_L1;
        if (!repaired)
            qCWarning(lcDatabase).noquote() << "repair failed:" << detail;
    }
    if (repaired) {
        m_outcome = Outcome::Repaired;
        m_message = Tr::tr("The history database was damaged and has been repaired; some recent changes may be "
                           "missing. A copy of the damaged file was kept at %1.")
                        .arg(copy);
        return true;
    }

    close();
    for (const QString &file : companionFiles(m_path)) {
        if (QFile::exists(file) && !QFile::remove(file)) {
            return failWith(Tr::tr("The history database %1 is damaged and cannot be replaced (it cannot be "
                                   "removed). A copy was kept at %2.")
                                .arg(QDir::toNativeSeparators(m_path), copy));
        }
    }
    if (!openConnection(&error)) {
        return failWith(Tr::tr("The history database %1 was damaged and a new one cannot be created: %2. A copy "
                               "of the damaged file was kept at %3.")
                            .arg(QDir::toNativeSeparators(m_path), error, copy));
    }
    m_outcome = Outcome::Replaced;
    m_message = Tr::tr("The history database was damaged beyond repair, so a new, empty history was started. The "
                       "damaged file was kept at %1.")
                    .arg(copy);
    return true;
}
