#pragma once

#include <QSqlDatabase>
#include <QString>

#include <functional>

// The history's SQLite file (QtSql, QSQLITE): opened with WAL, foreign keys and synchronous=NORMAL,
// checked at start (PRAGMA quick_check), and brought to SchemaVersion by forward migrations, one per
// version, each in its own transaction (PRAGMA user_version is the version).
//
// A file that fails the check is copied aside first ("<file>.corrupt-<yyyyMMdd-hhmmss>", with its
// -wal), then repaired when it can be (REINDEX and an FTS rebuild); when it cannot, the damaged file
// stays as that copy and a new empty database is started. Either way message() says what happened
// and where the copy is, in words for the user. A file from a newer Alhena (user_version above
// SchemaVersion) is never touched: open() fails with a message.
//
// The full check reads the whole file, so it runs only when the file may have changed since it was
// last checked (not closed by Alhena, changed since, or a week old; "<file>.clean" remembers it);
// otherwise only the conversations table is checked.
//
// One Database per thread (a QSqlDatabase connection belongs to the thread that opened it).
class Database final
{
    Q_DISABLE_COPY_MOVE(Database)

public:
    static constexpr int SchemaVersion = 3;

    enum class Outcome {
        Fresh,    // a new file was created
        Opened,   // the file was fine
        Migrated, // the file was fine and was brought up to SchemaVersion
        Repaired, // the check failed; a copy was kept and the file repaired
        Replaced, // the check failed; a copy was kept and a new database started
        Failed,   // nothing usable: see message()
    };

    // path: the SQLite file (its folder is created). The connection name is made unique.
    explicit Database(const QString &path);
    ~Database(); // closes and removes the connection

    bool open();
    bool isOpen() const;
    // Whether open() will read the whole file to check it (the last run did not close it cleanly, it
    // changed since, or its last full check is a week old): seconds for a large history.
    bool needsFullCheck() const;
    Outcome outcome() const { return m_outcome; }
    // For the user: why open() failed, or what was done to a damaged file (empty when all was well).
    QString message() const { return m_message; }
    QString backupPath() const { return m_backupPath; } // the copy of a damaged file, if any
    QString path() const { return m_path; }
    QSqlDatabase connection() const;

    // The schema of each version, for the migration tests: brings `db` from its user_version up to
    // `target` (<= SchemaVersion). False with *error on failure (that step is rolled back).
    static bool migrate(QSqlDatabase &db, int target, QString *error);
    static int userVersion(const QSqlDatabase &db);

private:
    void close();
    bool openConnection(QString *error);
    bool applyPragmas(QString *error);
    // The check failed with `problem`: keep a copy, repair, or start anew (sets outcome and message).
    bool recover(const QString &problem, int version);
    QString makeBackup(QString *error);
    bool failWith(const QString &message);
    QString markerPath() const;
    bool cleanSinceLastCheck();
    bool markerSaysClean(qint64 *lastFullCheck) const;
    void writeCleanMarker() const;

    static constexpr qint64 FullCheckIntervalMs = 7LL * 24 * 60 * 60 * 1000;
    qint64 m_lastFullCheck = 0;

    QString m_path;
    QString m_connectionName;
    Outcome m_outcome = Outcome::Failed;
    QString m_message;
    QString m_backupPath;
};
