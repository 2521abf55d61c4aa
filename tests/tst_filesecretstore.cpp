#include "secrets/filesecretstore.h"
#include "support/secretstoretesting.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {
const QString Key = QString::fromLatin1(SecretNames::ApiKey);
const QString Proxy = QString::fromLatin1(SecretNames::ProxyPassword);

bool writeRaw(const QString &path, const QByteArray &bytes, int permissions = 0600)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(bytes);
    file.close();
    return ::chmod(QFile::encodeName(path).constData(), mode_t(permissions)) == 0;
}

QByteArray readRaw(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class tst_FileSecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void defaultPath();
    void description();
    void roundTrip_data();
    void roundTrip();
    void answersAfterTheCallReturns();
    void missing();
    void severalNames();
    void modeIsOwnerOnly_data();
    void modeIsOwnerOnly();
    void foldersMadePrivate();
    void existingFolderLeftAlone();
    void looseFileTightened();
    void damaged_data();
    void damaged();
    void exactlyTheLimit();
    void cannotCreateFolder();
    void secretNeverLogged();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path() const { return m_dir->filePath(u"secrets.json"_s); }
};

void tst_FileSecretStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_FileSecretStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_FileSecretStore::defaultPath()
{
    // Beside the settings file, the same for the desktop app and alhena-cli (whatever the program's name).
    const QString expected
        = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/Alhena/secrets.json"_s;
    QCOMPARE(FileSecretStore::defaultPath(), expected);
    QVERIFY(!FileSecretStore::defaultPath().startsWith(u"/secrets.json"_s));
}

void tst_FileSecretStore::description()
{
    FileSecretStore store(path());
    QVERIFY(store.description().contains(QDir::toNativeSeparators(path())));
    QCOMPARE(store.path(), path());
    QVERIFY(!store.exists());
    QVERIFY(store.isWritable());
}

void tst_FileSecretStore::roundTrip_data()
{
    addRoundTripRows();
    QTest::newRow("NUL inside") << Key << u"a\0b"_s;
    QTest::newRow("almost 1 MiB") << Key << QString(1000 * 1000, u'k');
    addAnyNameRoundTripRows();
}

void tst_FileSecretStore::roundTrip()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    FileSecretStore store(path());
    QVERIFY(writeTo(store, name, value).ok());
    QVERIFY(store.exists());
    QCOMPARE(fileMode(path()), 0600);

    Answer answer = readFrom(store, name);
    QVERIFY2(answer.error.ok(), qPrintable(answer.error.detail));
    QCOMPARE(answer.value, value);

    // A second object sees what the first wrote: it is on disk, not in memory.
    FileSecretStore other(path());
    QCOMPARE(readFrom(other, name).value, value);

    QVERIFY(writeTo(store, name, u"second"_s).ok());
    QCOMPARE(readFrom(store, name).value, u"second"_s);
    QCOMPARE(fileMode(path()), 0600);

    QVERIFY(removeFrom(store, name).ok());
    QVERIFY(!store.exists()); // the last secret gone: the file too
    answer = readFrom(store, name);
    QCOMPARE(answer.error.kind, SecretError::Kind::NotFound);
    QVERIFY(answer.value.isEmpty());
}

void tst_FileSecretStore::answersAfterTheCallReturns()
{
    FileSecretStore store(path());
    verifyAnswersAfterTheCallReturns(store, Key);
}

void tst_FileSecretStore::missing()
{
    FileSecretStore store(path());
    QCOMPARE(readFrom(store, Key).error.kind, SecretError::Kind::NotFound); // no file
    QVERIFY(removeFrom(store, Key).ok());
    QVERIFY(!store.exists()); // removing makes no file

    QVERIFY(writeTo(store, Proxy, u"p"_s).ok());
    QCOMPARE(readFrom(store, Key).error.kind, SecretError::Kind::NotFound); // a file, not that name
    const QByteArray before = readRaw(path());
    QVERIFY(removeFrom(store, Key).ok());
    QCOMPARE(readRaw(path()), before);
}

void tst_FileSecretStore::severalNames()
{
    FileSecretStore store(path());
    QVERIFY(writeTo(store, Key, u"k"_s).ok());
    QVERIFY(writeTo(store, Proxy, u"p"_s).ok());
    const QJsonObject onDisk = QJsonDocument::fromJson(readRaw(path())).object();
    QCOMPARE(onDisk.value(Key).toString(), u"k"_s);
    QCOMPARE(onDisk.value(Proxy).toString(), u"p"_s);

    QVERIFY(removeFrom(store, Key).ok());
    QVERIFY(store.exists());
    QCOMPARE(readFrom(store, Proxy).value, u"p"_s);
    QCOMPARE(readFrom(store, Key).error.kind, SecretError::Kind::NotFound);
    QVERIFY(removeFrom(store, Proxy).ok());
    QVERIFY(!store.exists());
}

void tst_FileSecretStore::modeIsOwnerOnly_data()
{
    QTest::addColumn<int>("umask");
    QTest::newRow("umask 022") << 022;
    QTest::newRow("umask 000") << 0;
    QTest::newRow("umask 077") << 077;
}

void tst_FileSecretStore::modeIsOwnerOnly()
{
    QFETCH(int, umask);
    const mode_t saved = ::umask(mode_t(umask));
    FileSecretStore store(path());
    const SecretError created = writeTo(store, Key, u"k"_s).error;
    const int afterCreate = fileMode(path());
    const SecretError replaced = writeTo(store, Proxy, u"p"_s).error;
    const int afterReplace = fileMode(path());
    const SecretError removed = removeFrom(store, Key).error; // rewrites the file with one secret left
    const int afterRemove = fileMode(path());
    ::umask(saved);
    QVERIFY(created.ok() && replaced.ok() && removed.ok());
    QCOMPARE(afterCreate, 0600);
    QCOMPARE(afterReplace, 0600);
    QCOMPARE(afterRemove, 0600);
}

void tst_FileSecretStore::foldersMadePrivate()
{
    const QString deep = m_dir->filePath(u"a/b/secrets.json"_s);
    const mode_t saved = ::umask(022);
    FileSecretStore store(deep);
    const SecretError error = writeTo(store, Key, u"k"_s).error;
    ::umask(saved);
    QVERIFY2(error.ok(), qPrintable(error.detail));
    QCOMPARE(fileMode(m_dir->filePath(u"a"_s)), 0700);
    QCOMPARE(fileMode(m_dir->filePath(u"a/b"_s)), 0700);
    QCOMPARE(fileMode(deep), 0600);
}

void tst_FileSecretStore::existingFolderLeftAlone()
{
    const QString folder = m_dir->filePath(u"config"_s);
    QVERIFY(QDir().mkdir(folder));
    QVERIFY(::chmod(QFile::encodeName(folder).constData(), 0755) == 0);
    FileSecretStore store(folder + u"/secrets.json"_s);
    QVERIFY(writeTo(store, Key, u"k"_s).ok());
    QCOMPARE(fileMode(folder), 0755); // the user's config folder is theirs to set
    QCOMPARE(fileMode(store.path()), 0600);
}

void tst_FileSecretStore::looseFileTightened()
{
    QVERIFY(writeRaw(path(), R"({"gemini-api-key": "loose"})", 0644));
    QCOMPARE(fileMode(path()), 0644);
    FileSecretStore store(path());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"readable by others"_s));
    const Answer answer = readFrom(store, Key);
    QVERIFY(answer.error.ok());
    QCOMPARE(answer.value, u"loose"_s);
    QCOMPARE(fileMode(path()), 0600);
}

void tst_FileSecretStore::damaged_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("detail"); // part of the detail
    QTest::newRow("empty file") << QByteArray() << u"not valid JSON"_s;
    QTest::newRow("array") << QByteArray("[]") << u"not a JSON object"_s;
    QTest::newRow("string") << QByteArray("\"gemini-api-key\"") << u"is damaged"_s; // Qt 6.4 takes no bare values
    QTest::newRow("cut") << QByteArray("{") << u"not valid JSON"_s;
    QTest::newRow("cut after a key") << QByteArray(R"({"gemini-api-key": "abc)") << u"not valid JSON"_s;
    QByteArray garbage;
    for (int i = 0; i < 4096; ++i)
        garbage.append(char((i * 131 + 7) % 256));
    QTest::newRow("binary garbage") << garbage << u"not valid JSON"_s;
    QTest::newRow("2 MB") << QByteArray(R"({"gemini-api-key": ")") + QByteArray(2 * 1024 * 1024, 'x') + "\"}"
                          << u"larger than 1 MiB"_s;
    QTest::newRow("number value") << QByteArray(R"({"gemini-api-key": 12345})") << u"not a string"_s;
    QTest::newRow("null value") << QByteArray(R"({"gemini-api-key": null})") << u"not a string"_s;
    QTest::newRow("object value") << QByteArray(R"({"gemini-api-key": {"a": "b"}})") << u"not a string"_s;
    QTest::newRow("other name a number") << QByteArray(R"({"gemini-api-key": "k", "proxy-password": 1})")
                                         << u"not a string"_s;
}

void tst_FileSecretStore::damaged()
{
    QFETCH(QByteArray, contents);
    QFETCH(QString, detail);
    QVERIFY(writeRaw(path(), contents));
    FileSecretStore store(path());

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"reading .* failed"_s));
    const Answer answer = readFrom(store, Key);
    QCOMPARE(answer.error.kind, SecretError::Kind::Failed);
    QVERIFY2(answer.error.detail.contains(detail), qPrintable(answer.error.detail));
    QVERIFY(answer.error.detail.contains(path()));
    QVERIFY(answer.error.userText().contains(path())); // the user can find the file
    QVERIFY(answer.value.isEmpty());

    // Nothing the user had is lost: neither a write nor a remove replaces a file it cannot read.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"saving .* failed"_s));
    QCOMPARE(writeTo(store, Key, u"new"_s).error.kind, SecretError::Kind::Failed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"removing .* failed"_s));
    QCOMPARE(removeFrom(store, Key).error.kind, SecretError::Kind::Failed);
    QCOMPARE(readRaw(path()), contents);
}

void tst_FileSecretStore::exactlyTheLimit()
{
    const QByteArray head = R"({"gemini-api-key": ")";
    const QByteArray tail = "\"}";
    const QByteArray contents
        = head + QByteArray(int(FileSecretStore::MaxFileBytes - head.size() - tail.size()), 'k') + tail;
    QCOMPARE(contents.size(), FileSecretStore::MaxFileBytes);
    QVERIFY(writeRaw(path(), contents));
    FileSecretStore store(path());
    const Answer answer = readFrom(store, Key);
    QVERIFY2(answer.error.ok(), qPrintable(answer.error.detail));
    QCOMPARE(answer.value.size(), FileSecretStore::MaxFileBytes - head.size() - tail.size());
}

void tst_FileSecretStore::cannotCreateFolder()
{
    // A regular file where a folder should be: fails even for root, which ignores permissions.
    const QString blocker = m_dir->filePath(u"blocker"_s);
    QVERIFY(writeRaw(blocker, "x"));
    FileSecretStore store(blocker + u"/sub/secrets.json"_s);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"saving .* failed"_s));
    const SecretError error = writeTo(store, Key, u"k"_s).error;
    QCOMPARE(error.kind, SecretError::Kind::Failed);
    QVERIFY(!error.detail.isEmpty());
    QVERIFY(!store.exists());
}

void tst_FileSecretStore::secretNeverLogged()
{
    const QString secret = u"AIzaSy-never-in-a-log-42"_s;
    LogCapture log;
    {
        FileSecretStore store(path());
        QVERIFY(writeTo(store, Key, secret).ok());
        QVERIFY(::chmod(QFile::encodeName(path()).constData(), 0644) == 0);
        QCOMPARE(readFrom(store, Key).value, secret); // tightening logs a warning
        // A damaged file holding the secret: the error names the file, never its contents.
        QVERIFY(writeRaw(path(), R"({"gemini-api-key": ")" + secret.toUtf8() + "\", "));
        const Answer answer = readFrom(store, Key);
        QCOMPARE(answer.error.kind, SecretError::Kind::Failed);
        QVERIFY(!answer.error.detail.contains(secret));
        QCOMPARE(writeTo(store, Key, secret).error.kind, SecretError::Kind::Failed);
        QVERIFY(writeRaw(path(), R"({"gemini-api-key": ")" + secret.toUtf8() + "\", \"x\": 1}"));
        QVERIFY(!readFrom(store, Key).error.detail.contains(secret));
    }
    QVERIFY(!log.all().isEmpty()); // the capture works
    QVERIFY(!log.all().contains(secret));
}

QTEST_GUILESS_MAIN(tst_FileSecretStore)
#include "tst_filesecretstore.moc"
