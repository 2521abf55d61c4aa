#include "keychainsecretstore.h"
#include "secrets/credentials.h"
#include "secrets/envsecretstore.h"
#include "secrets/filesecretstore.h"
#include "support/secretstoretesting.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Kind = SecretError::Kind;
using Location = Credentials::Location;

// Against the real Secret Service: scripts/run-tests.sh runs this inside dbus-run-session with an
// unlocked gnome-keyring. Without a session bus the tests that need one skip; the fallback tests run
// a child of this binary with no usable bus.
namespace {
const QString Key = QString::fromLatin1(SecretNames::ApiKey);
const QString Proxy = QString::fromLatin1(SecretNames::ProxyPassword);
const char *ChildVariable = "ALHENA_KEYCHAIN_CHILD";
constexpr int AnswerTimeoutMs = 30 * 1000; // a keychain answer; a hang shows up as a failure, not a stuck run

QString unavailableText()
{
    return SecretError {Kind::Unavailable, {}}.userText();
}
} // namespace

class tst_KeychainSecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void description();
    void roundTrip_data();
    void roundTrip();
    void missingEntry();
    void removeMissingIsNoError();
    void answersAfterTheCallReturns();
    void servicesAreApart();
    void credentialsOverTheRealKeychain();
    void fallbackWithoutBus_data();
    void fallbackWithoutBus();
    void lockedKeyring();   // last: the keyring stays locked
    void childWithoutBus(); // only as fallbackWithoutBus's child

private:
    void removeEverything();
    QString m_service;
    QStringList m_names; // every name written, removed at the end
};

void tst_KeychainSecretStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_service = u"io.github.alhena.Alhena.test-%1"_s.arg(QCoreApplication::applicationPid());
}

void tst_KeychainSecretStore::init()
{
    const QByteArray function = QTest::currentTestFunction();
    const bool child = qEnvironmentVariableIsSet(ChildVariable);
    if (function == "childWithoutBus") {
        if (!child)
            QSKIP("runs only as the child of fallbackWithoutBus");
        return;
    }
    if (child)
        QSKIP("the child runs childWithoutBus only");
    if (function == "fallbackWithoutBus" || function == "description")
        return; // no bus needed
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("no session bus: run under dbus-run-session with an unlocked gnome-keyring (scripts/run-tests.sh)");
}

void tst_KeychainSecretStore::removeEverything()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") || qEnvironmentVariableIsSet(ChildVariable))
        return;
    KeychainSecretStore store(m_service);
    m_names.removeDuplicates();
    for (const QString &name : std::as_const(m_names)) {
        const Answer a = removeFrom(store, name, AnswerTimeoutMs);
        if (!a.answered || !a.error.ok())
            qWarning("could not clean up %s: %s", qPrintable(name), qPrintable(describe(a)));
    }
    m_names.clear();
}

void tst_KeychainSecretStore::cleanupTestCase()
{
    removeEverything();
}

void tst_KeychainSecretStore::description()
{
    KeychainSecretStore store(m_service);
    QVERIFY(!store.description().isEmpty());
    QVERIFY(store.isWritable());
}

void tst_KeychainSecretStore::roundTrip_data()
{
    addRoundTripRows();
    QTest::newRow("64 KiB") << u"long-64k"_s << QString(64 * 1024, u'k');
    QTest::newRow("1 MiB") << u"long-1m"_s << QString(1024 * 1024, u'm');
}

void tst_KeychainSecretStore::roundTrip()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    KeychainSecretStore store(m_service);
    m_names.append(name);

    Answer a = writeTo(store, name, value, AnswerTimeoutMs);
    QVERIFY2(a.answered && a.error.ok(), qPrintable(describe(a)));
    qInfo("measured: write %lld ms", a.ms);
    a = readFrom(store, name, AnswerTimeoutMs);
    QVERIFY2(a.answered && a.error.ok(), qPrintable(describe(a)));
    qInfo("measured: read %lld ms", a.ms);
    QCOMPARE(a.value.size(), value.size());
    QCOMPARE(a.value, value);

    // A new store object (a new run) reads what the first wrote.
    KeychainSecretStore other(m_service);
    a = writeTo(other, name, u"overwritten"_s, AnswerTimeoutMs);
    QVERIFY2(a.answered && a.error.ok(), qPrintable(describe(a)));
    a = readFrom(store, name, AnswerTimeoutMs);
    QCOMPARE(a.value, u"overwritten"_s);

    a = removeFrom(store, name, AnswerTimeoutMs);
    QVERIFY2(a.answered && a.error.ok(), qPrintable(describe(a)));
    qInfo("measured: remove %lld ms", a.ms);
    a = readFrom(store, name, AnswerTimeoutMs);
    QVERIFY(a.answered);
    QCOMPARE(a.error.kind, Kind::NotFound);
    QVERIFY(a.value.isEmpty());
}

void tst_KeychainSecretStore::missingEntry()
{
    KeychainSecretStore store(m_service);
    const Answer a = readFrom(store, u"never-written"_s, AnswerTimeoutMs);
    QVERIFY2(a.answered, qPrintable(describe(a)));
    QCOMPARE(a.error.kind, Kind::NotFound);
    QVERIFY(a.value.isEmpty());
}

void tst_KeychainSecretStore::removeMissingIsNoError()
{
    KeychainSecretStore store(m_service);
    const Answer a = removeFrom(store, u"never-written"_s, AnswerTimeoutMs);
    QVERIFY2(a.answered && a.error.ok(), qPrintable(describe(a)));
}

void tst_KeychainSecretStore::answersAfterTheCallReturns()
{
    KeychainSecretStore store(m_service);
    m_names.append(Key);
    verifyAnswersAfterTheCallReturns(store, Key, AnswerTimeoutMs); // QtKeychain runs jobs one at a time, in order
}

void tst_KeychainSecretStore::servicesAreApart()
{
    const QString otherService = m_service + u".other"_s;
    KeychainSecretStore store(m_service);
    KeychainSecretStore other(otherService);
    m_names.append(Key);
    QVERIFY(writeTo(store, Key, u"mine"_s, AnswerTimeoutMs).error.ok());
    QCOMPARE(readFrom(other, Key, AnswerTimeoutMs).error.kind, Kind::NotFound);
    QCOMPARE(readFrom(store, Key, AnswerTimeoutMs).value, u"mine"_s);
    QVERIFY(removeFrom(store, Key, AnswerTimeoutMs).error.ok());
}

void tst_KeychainSecretStore::credentialsOverTheRealKeychain()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString secret = u"AIzaSy-credentials-over-the-keychain"_s;
    EnvSecretStore environment {QProcessEnvironment()}; // not the real GEMINI_API_KEY
    FileSecretStore file(dir.filePath(u"secrets.json"_s));
    m_names << Key << Proxy;
    {
        KeychainSecretStore keychain(m_service);
        Credentials credentials(&environment, &keychain, &file);
        QSignalSpy loaded(&credentials, &Credentials::loaded);
        credentials.load();
        QVERIFY(loaded.wait(AnswerTimeoutMs));
        QVERIFY2(credentials.keychainProblem().isEmpty(), qPrintable(credentials.keychainProblem()));
        QCOMPARE(credentials.location(Key), Location::None);

        QSignalSpy stored(&credentials, &Credentials::stored);
        QSignalSpy storeFailed(&credentials, &Credentials::storeFailed);
        credentials.store(Key, secret);
        credentials.store(Proxy, u"proxy-pw"_s);
        QTRY_COMPARE_WITH_TIMEOUT(stored.size() + storeFailed.size(), 2, AnswerTimeoutMs);
        QCOMPARE(storeFailed.size(), 0);
        QCOMPARE(credentials.location(Key), Location::Keychain);
    }
    QVERIFY(!file.exists()); // never in the file unless asked
    {
        // A new run.
        KeychainSecretStore keychain(m_service);
        Credentials credentials(&environment, &keychain, &file);
        QSignalSpy loaded(&credentials, &Credentials::loaded);
        credentials.load();
        QVERIFY(loaded.wait(AnswerTimeoutMs));
        QCOMPARE(credentials.value(Key), secret);
        QCOMPARE(credentials.location(Key), Location::Keychain);
        QCOMPARE(credentials.value(Proxy), u"proxy-pw"_s);

        QSignalSpy forgotten(&credentials, &Credentials::forgotten);
        credentials.forget(Key);
        credentials.forget(Proxy);
        QTRY_COMPARE_WITH_TIMEOUT(forgotten.size(), 2, AnswerTimeoutMs);
    }
    KeychainSecretStore keychain(m_service);
    QCOMPARE(readFrom(keychain, Key, AnswerTimeoutMs).error.kind, Kind::NotFound);
}

void tst_KeychainSecretStore::fallbackWithoutBus_data()
{
    QTest::addColumn<QString>("busAddress"); // empty: unset; "private": a bus of its own, no unlocked keyring
    QTest::newRow("bogus bus address") << u"unix:path=/nonexistent"_s;
    QTest::newRow("no bus address, no display") << QString();
    QTest::newRow("a bus, no unlocked keyring") << u"private"_s;
}

// The keychain's failure and Credentials' fallback in a process that has no usable session bus.
void tst_KeychainSecretStore::fallbackWithoutBus()
{
    QFETCH(QString, busAddress);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(ChildVariable), u"1"_s);
    env.remove(u"DISPLAY"_s); // else a bus may be autolaunched for X11
    env.remove(u"WAYLAND_DISPLAY"_s);
    QString program = QCoreApplication::applicationFilePath();
    QStringList arguments {u"childWithoutBus"_s};
    QTemporaryDir home; // the private bus's keyring folders: never the user's
    if (busAddress == "private"_L1) {
        // Asking D-Bus-activates a gnome-keyring-daemon that nobody unlocked.
        program = QStandardPaths::findExecutable(u"dbus-run-session"_s);
        if (program.isEmpty() || QStandardPaths::findExecutable(u"gnome-keyring-daemon"_s).isEmpty())
            QSKIP("needs dbus-run-session and gnome-keyring-daemon");
        arguments.prepend(QCoreApplication::applicationFilePath());
        arguments.prepend(u"--"_s);
        QVERIFY(QDir(home.path()).mkpath(u"data"_s) && QDir(home.path()).mkpath(u"run"_s));
        QVERIFY(QFile::setPermissions(
            home.filePath(u"run"_s), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        env.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
        env.insert(u"XDG_RUNTIME_DIR"_s, home.filePath(u"run"_s));
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
    } else if (busAddress.isEmpty()) {
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
    } else {
        env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, busAddress);
    }

    QProcess child;
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::MergedChannels);
    QElapsedTimer timer;
    timer.start();
    child.start(program, arguments);
    QVERIFY(child.waitForStarted());
    const bool finished = child.waitForFinished(2 * AnswerTimeoutMs + 10 * 1000);
    if (!finished)
        child.kill();
    const QString output = QString::fromLocal8Bit(child.readAll());
    QVERIFY2(finished, qPrintable(u"the child hung:\n"_s + output));
    for (const QString &line : output.split(u'\n')) {
        if (line.contains("measured"_L1))
            qInfo("%s", qPrintable(line.trimmed()));
    }
    QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains("PASS   : tst_KeychainSecretStore::childWithoutBus()"_L1), qPrintable(output));
    qInfo("measured: child run %lld ms", timer.elapsed());
}

void tst_KeychainSecretStore::childWithoutBus()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    KeychainSecretStore keychain(m_service);
    Answer a = writeTo(keychain, Key, u"x"_s, AnswerTimeoutMs);
    QVERIFY2(a.answered, qPrintable(describe(a)));
    qInfo("measured: write without a usable keychain: %s", qPrintable(describe(a)));
    // No bus: OtherError. A bus whose keyring nobody unlocked: OtherError or AccessDenied.
    const Kind writeKind = a.error.kind;
    QVERIFY2(writeKind == Kind::Unavailable || writeKind == Kind::Denied, qPrintable(describe(a)));
    a = readFrom(keychain, Key, AnswerTimeoutMs);
    QVERIFY2(a.answered, qPrintable(describe(a)));
    qInfo("measured: read without a usable keychain: %s", qPrintable(describe(a)));
    // With a bus, a locked keyring reads as "nothing there".
    QVERIFY2(a.error.kind == Kind::Unavailable || a.error.kind == Kind::NotFound, qPrintable(describe(a)));
    const QString expectedReason = SecretError {writeKind, {}}.userText();

    const QString secret = u"AIzaSy-fallback-secret"_s;
    EnvSecretStore environment {QProcessEnvironment()};
    FileSecretStore file(dir.filePath(u"secrets.json"_s));
    Credentials credentials(&environment, &keychain, &file);
    QSignalSpy loaded(&credentials, &Credentials::loaded);
    credentials.load();
    QVERIFY(loaded.wait(AnswerTimeoutMs));
    if (a.error.kind == Kind::Unavailable)
        QCOMPARE(credentials.keychainProblem(), unavailableText());

    QSignalSpy stored(&credentials, &Credentials::stored);
    QSignalSpy storeFailed(&credentials, &Credentials::storeFailed);
    credentials.store(Key, secret);
    QVERIFY(storeFailed.wait(AnswerTimeoutMs));
    const QString reason = storeFailed.at(0).at(1).toString();
    qInfo("measured: the reason the user reads: \"%s\"", qPrintable(reason));
    QCOMPARE(reason, expectedReason); // plain words, not D-Bus's
    QVERIFY(!reason.contains(secret));
    QVERIFY(!reason.contains("D-Bus"_L1));
    QCOMPARE(stored.size(), 0);
    QCOMPARE(credentials.location(Key), Location::Session);
    QCOMPARE(credentials.value(Key), secret);
    QVERIFY(!file.exists()); // never silently in plain text

    // The user then chooses the file, explicitly.
    credentials.store(Key, secret, Location::File);
    QVERIFY(stored.wait(AnswerTimeoutMs));
    QCOMPARE(credentials.location(Key), Location::File);
    QVERIFY(file.exists());
    QCOMPARE(QFileInfo(file.path()).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
        QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

// Locks the login collection over D-Bus, then asks: a prompt with no UI must fail, not hang.
void tst_KeychainSecretStore::lockedKeyring()
{
    removeEverything(); // while it can still be done: nothing is left behind in a locked keyring

    const QString dbusSend = QStandardPaths::findExecutable(u"dbus-send"_s);
    if (dbusSend.isEmpty())
        QSKIP("dbus-send is not installed");
    QProcess lock;
    lock.setProcessChannelMode(QProcess::MergedChannels);
    lock.start(dbusSend,
        {u"--session"_s, u"--print-reply"_s, u"--dest=org.freedesktop.secrets"_s, u"/org/freedesktop/secrets"_s,
            u"org.freedesktop.Secret.Service.Lock"_s, u"array:objpath:/org/freedesktop/secrets/collection/login"_s});
    QVERIFY(lock.waitForFinished(AnswerTimeoutMs));
    const QString lockOutput = QString::fromLocal8Bit(lock.readAll());
    if (lock.exitCode() != 0 || !lockOutput.contains("/org/freedesktop/secrets/collection/login"_L1))
        QSKIP(qPrintable(u"could not lock the login collection: "_s + lockOutput.simplified()));

    KeychainSecretStore store(m_service);
    const Answer write = writeTo(store, Key, u"while-locked"_s, AnswerTimeoutMs);
    qInfo("measured: write to a locked keyring: %s", qPrintable(describe(write)));
    const Answer read = readFrom(store, Key, AnswerTimeoutMs);
    qInfo("measured: read from a locked keyring: %s", qPrintable(describe(read)));
    if (write.answered && write.error.ok())
        m_names.append(Key);
    QVERIFY2(write.answered, "a write to a locked keyring must answer (fail), not hang");
    QVERIFY2(!write.error.ok(), "a write to a locked keyring succeeded: nothing prompted and nothing failed?");
    QVERIFY(read.answered);
    QVERIFY(!read.error.ok());

    // Credentials falls back to memory and says why.
    QTemporaryDir dir;
    EnvSecretStore environment {QProcessEnvironment()};
    FileSecretStore file(dir.filePath(u"secrets.json"_s));
    Credentials credentials(&environment, &store, &file);
    QSignalSpy loaded(&credentials, &Credentials::loaded);
    credentials.load();
    QVERIFY(loaded.wait(AnswerTimeoutMs));
    QSignalSpy storeFailed(&credentials, &Credentials::storeFailed);
    credentials.store(Key, u"AIzaSy-locked"_s);
    QVERIFY(storeFailed.wait(AnswerTimeoutMs));
    qInfo("measured: reason with a locked keyring: \"%s\"", qPrintable(storeFailed.at(0).at(1).toString()));
    QVERIFY(!storeFailed.at(0).at(1).toString().isEmpty());
    QCOMPARE(credentials.location(Key), Location::Session);
    QVERIFY(!file.exists());
}

QTEST_GUILESS_MAIN(tst_KeychainSecretStore)
#include "tst_keychainsecretstore.moc"
