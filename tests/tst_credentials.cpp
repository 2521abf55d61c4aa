#include "secrets/credentials.h"
#include "secrets/envsecretstore.h"
#include "secrets/filesecretstore.h"
#include "secrets/memorysecretstore.h"
#include "support/secretstoretesting.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Location = Credentials::Location;
using Kind = SecretError::Kind;

namespace {
const QString Key = QString::fromLatin1(SecretNames::ApiKey);
const QString Proxy = QString::fromLatin1(SecretNames::ProxyPassword);

QJsonObject fileContents(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

void writeFile(const QString &path, const QHash<QString, QString> &values)
{
    QJsonObject secrets;
    for (auto it = values.begin(); it != values.end(); ++it)
        secrets.insert(it.key(), it.value());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(QJsonDocument(secrets).toJson());
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
}

// The stores Credentials works over: the environment, a keychain that can be told to fail, a file
// in a temporary folder.
struct Fixture
{
    explicit Fixture(const QString &envKey = {}, bool withKeychain = true)
        : environment(makeEnvironment(envKey))
        , file(dir.filePath(u"secrets.json"_s))
    {
        if (withKeychain)
            keychain = std::make_unique<MemorySecretStore>();
    }

    static QProcessEnvironment makeEnvironment(const QString &key)
    {
        QProcessEnvironment env;
        if (!key.isEmpty())
            env.insert(u"GEMINI_API_KEY"_s, key);
        return env;
    }

    Credentials &credentials()
    {
        if (!m_credentials)
            m_credentials = std::make_unique<Credentials>(&environment, keychain.get(), &file);
        return *m_credentials;
    }

    bool load()
    {
        QSignalSpy loaded(&credentials(), &Credentials::loaded);
        credentials().load();
        if (credentials().isLoaded() || !loaded.isEmpty())
            return false; // must answer later, not from inside load()
        return loaded.wait() && loaded.size() == 1;
    }

    // Waits until no store has work queued: every answer has been delivered.
    static void settle()
    {
        for (int i = 0; i < 10; ++i)
            QCoreApplication::processEvents();
    }

    QTemporaryDir dir;
    EnvSecretStore environment;
    std::unique_ptr<MemorySecretStore> keychain;
    FileSecretStore file;

private:
    std::unique_ptr<Credentials> m_credentials;
};
} // namespace

class tst_Credentials final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadPrecedence_data();
    void loadPrecedence();
    void loadKeychainProblem_data();
    void loadKeychainProblem();
    void loadWithoutKeychain();
    void loadDamagedFile();
    void loadThenStoreAtOnce();
    void store_data();
    void store();
    void storeWithoutKeychain();
    void storeAnswersLater();
    void storeSameValueTwice();
    void emptyValueForgets();
    void forget_data();
    void forget();
    void environmentWins();
    void environmentDoesNotCoverTheProxyPassword();
    void ordering_data();
    void ordering();
    void hugeAndOddValues_data();
    void hugeAndOddValues();
    void secretNeverLogged();
};

void tst_Credentials::loadPrecedence_data()
{
    QTest::addColumn<QString>("env");
    QTest::addColumn<QString>("keychain");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("value");
    QTest::addColumn<Location>("location");
    QTest::addColumn<bool>("shadowed");
    QTest::newRow("nothing") << QString() << QString() << QString() << QString() << Location::None << false;
    QTest::newRow("keychain") << QString() << u"kc"_s << QString() << u"kc"_s << Location::Keychain << false;
    QTest::newRow("file") << QString() << QString() << u"fi"_s << u"fi"_s << Location::File << false;
    QTest::newRow("keychain over file") << QString() << u"kc"_s << u"fi"_s << u"kc"_s << Location::Keychain << false;
    QTest::newRow("env") << u"ev"_s << QString() << QString() << u"ev"_s << Location::Environment << false;
    QTest::newRow("env over keychain") << u"ev"_s << u"kc"_s << QString() << u"ev"_s << Location::Environment << true;
    QTest::newRow("env over file") << u"ev"_s << QString() << u"fi"_s << u"ev"_s << Location::Environment << true;
    QTest::newRow("env over both") << u"ev"_s << u"kc"_s << u"fi"_s << u"ev"_s << Location::Environment << true;
}

void tst_Credentials::loadPrecedence()
{
    QFETCH(QString, env);
    QFETCH(QString, keychain);
    QFETCH(QString, file);
    QFETCH(QString, value);
    QFETCH(Location, location);
    QFETCH(bool, shadowed);

    Fixture f(env);
    if (!keychain.isEmpty()) {
        f.keychain->write(Key, keychain);
        f.keychain->write(Proxy, u"proxy-"_s + keychain);
    }
    if (!file.isEmpty())
        writeFile(f.file.path(), {{Key, file}, {Proxy, u"proxy-"_s + file}});
    Fixture::settle();

    QVERIFY(f.load());
    QVERIFY(f.credentials().isLoaded());
    QCOMPARE(f.credentials().value(Key), value);
    QCOMPARE(f.credentials().apiKey(), value);
    QCOMPARE(f.credentials().location(Key), location);
    QCOMPARE(f.credentials().hasStoredKeyShadowedByEnvironment(), shadowed);
    QCOMPARE(f.credentials().environmentVariable(), env.isEmpty() ? QString() : u"GEMINI_API_KEY"_s);
    QVERIFY(f.credentials().keychainProblem().isEmpty());
    QCOMPARE(f.credentials().filePath(), f.file.path());

    // The proxy password never comes from the environment.
    const QString stored = !keychain.isEmpty() ? keychain : file;
    QCOMPARE(f.credentials().value(Proxy), stored.isEmpty() ? QString() : u"proxy-"_s + stored);
    const Location proxyLocation = !keychain.isEmpty() ? Location::Keychain
        : !file.isEmpty()                              ? Location::File
                                                       : Location::None;
    QCOMPARE(f.credentials().location(Proxy), proxyLocation);
}

void tst_Credentials::loadKeychainProblem_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::newRow("unavailable") << Kind::Unavailable;
    QTest::newRow("denied") << Kind::Denied;
    QTest::newRow("failed") << Kind::Failed;
}

void tst_Credentials::loadKeychainProblem()
{
    QFETCH(Kind, kind);
    Fixture f;
    writeFile(f.file.path(), {{Key, u"from-file"_s}});
    const SecretError error {kind, u"backend words"_s};
    f.keychain->setFailure(error);
    QVERIFY(f.load());
    QCOMPARE(f.credentials().keychainProblem(), error.userText());
    QCOMPARE(f.credentials().value(Key), u"from-file"_s); // the file still answers
    QCOMPARE(f.credentials().location(Key), Location::File);
}

void tst_Credentials::loadWithoutKeychain()
{
    Fixture f({}, false);
    writeFile(f.file.path(), {{Proxy, u"pp"_s}});
    QVERIFY(f.load());
    QVERIFY(!f.credentials().keychainProblem().isEmpty());
    QCOMPARE(f.credentials().location(Key), Location::None);
    QCOMPARE(f.credentials().value(Proxy), u"pp"_s);
}

void tst_Credentials::loadDamagedFile()
{
    Fixture f;
    f.keychain->write(Key, u"kc"_s);
    QFile raw(f.file.path());
    QVERIFY(raw.open(QIODevice::WriteOnly));
    raw.write("{ not json");
    raw.close();
    Fixture::settle();
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"reading .* failed"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"reading .* failed"_s));
    QVERIFY(f.load());
    QCOMPARE(f.credentials().value(Key), u"kc"_s);
    QVERIFY(f.credentials().fileProblem().contains(f.file.path()));
    QVERIFY(f.credentials().keychainProblem().isEmpty());
}

void tst_Credentials::loadThenStoreAtOnce()
{
    // A store() made while load() is reading wins over what load() reads.
    Fixture f;
    f.keychain->write(Key, u"old"_s);
    Fixture::settle();
    QSignalSpy loaded(&f.credentials(), &Credentials::loaded);
    QSignalSpy stored(&f.credentials(), &Credentials::stored);
    f.credentials().load();
    f.credentials().store(Key, u"new"_s);
    QVERIFY(loaded.wait());
    QTRY_COMPARE(stored.size(), 1);
    Fixture::settle();
    QCOMPARE(f.credentials().value(Key), u"new"_s);
    QCOMPARE(f.credentials().location(Key), Location::Keychain);
    QCOMPARE(loaded.size(), 1);
}

// The policy table: where the caller asked, how the keychain behaves, what was there before; what
// the caller hears and where every copy ends up.
void tst_Credentials::store_data()
{
    QTest::addColumn<Location>("where");
    QTest::addColumn<Kind>("keychainFailure");
    QTest::addColumn<bool>("keychainBefore"); // an old value in the keychain
    QTest::addColumn<bool>("fileBefore");     // an old value in the file
    QTest::addColumn<bool>("expectStored");
    QTest::addColumn<Location>("location");
    QTest::addColumn<bool>("inKeychain"); // the new value
    QTest::addColumn<bool>("keychainHasName");
    QTest::addColumn<bool>("inFile");
    QTest::addColumn<bool>("fileHasName");

    // clang-format off
    QTest::newRow("keychain")
        << Location::Keychain << Kind::None << false << false << true << Location::Keychain << true << true << false << false;
    QTest::newRow("keychain, file copy removed")
        << Location::Keychain << Kind::None << false << true << true << Location::Keychain << true << true << false << false;
    QTest::newRow("keychain replaces keychain")
        << Location::Keychain << Kind::None << true << false << true << Location::Keychain << true << true << false << false;
    QTest::newRow("keychain unavailable: session")
        << Location::Keychain << Kind::Unavailable << false << false << false << Location::Session << false << false << false << false;
    QTest::newRow("keychain denied: session")
        << Location::Keychain << Kind::Denied << false << false << false << Location::Session << false << false << false << false;
    QTest::newRow("keychain failed: session, file untouched")
        << Location::Keychain << Kind::Failed << false << true << false << Location::Session << false << false << false << true;
    QTest::newRow("file, explicit")
        << Location::File << Kind::None << false << false << true << Location::File << false << false << true << true;
    QTest::newRow("file, keychain copy removed")
        << Location::File << Kind::None << true << false << true << Location::File << false << false << true << true;
    QTest::newRow("file while the keychain fails")
        << Location::File << Kind::Unavailable << false << false << true << Location::File << false << false << true << true;
    QTest::newRow("session, copies removed")
        << Location::Session << Kind::None << true << true << true << Location::Session << false << false << false << false;
    QTest::newRow("session")
        << Location::Session << Kind::None << false << false << true << Location::Session << false << false << false << false;
    // clang-format on
}

void tst_Credentials::store()
{
    QFETCH(Location, where);
    QFETCH(Kind, keychainFailure);
    QFETCH(bool, keychainBefore);
    QFETCH(bool, fileBefore);
    QFETCH(bool, expectStored);
    QFETCH(Location, location);
    QFETCH(bool, inKeychain);
    QFETCH(bool, keychainHasName);
    QFETCH(bool, inFile);
    QFETCH(bool, fileHasName);

    Fixture f;
    if (keychainBefore)
        f.keychain->write(Key, u"old-kc"_s);
    if (fileBefore)
        writeFile(f.file.path(), {{Key, u"old-file"_s}, {Proxy, u"pp"_s}});
    Fixture::settle();
    QVERIFY(f.load());
    const SecretError failure {keychainFailure, u"backend words"_s};
    f.keychain->setFailure(failure);

    Credentials &c = f.credentials();
    QSignalSpy stored(&c, &Credentials::stored);
    QSignalSpy storeFailed(&c, &Credentials::storeFailed);
    QSignalSpy changed(&c, &Credentials::changed);
    const QString secret = u"AIza-new-secret"_s;
    c.store(Key, secret, where);
    QTRY_COMPARE(stored.size() + storeFailed.size(), 1);
    Fixture::settle();
    QCOMPARE(stored.size() + storeFailed.size(), 1); // exactly one answer

    if (expectStored) {
        QCOMPARE(stored.at(0).at(0).toString(), Key);
        QCOMPARE(stored.at(0).at(1).value<Location>(), where);
    } else {
        QCOMPARE(storeFailed.at(0).at(0).toString(), Key);
        const QString reason = storeFailed.at(0).at(1).toString();
        QCOMPARE(reason, failure.userText()); // plain words, not the backend's
        QVERIFY(!reason.contains(secret));
        QCOMPARE(c.keychainProblem(), reason);
    }
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), Key);
    QCOMPARE(c.value(Key), secret); // in use whatever happened
    QCOMPARE(c.location(Key), location);
    if (where == Location::Keychain && expectStored)
        QVERIFY(c.keychainProblem().isEmpty());

    f.keychain->setFailure({});
    QCOMPARE(f.keychain->contains(Key), keychainHasName);
    QCOMPARE(f.keychain->value(Key) == secret, inKeychain);
    const QJsonObject onDisk = fileContents(f.file.path());
    QCOMPARE(onDisk.contains(Key), fileHasName);
    QCOMPARE(onDisk.value(Key).toString() == secret, inFile);
    if (fileBefore) // the other secret in the file is never lost
        QCOMPARE(onDisk.value(Proxy).toString(), u"pp"_s);
    if (f.file.exists())
        QCOMPARE(fileMode(f.file.path()), 0600);

    // A new run finds it where it was said to be (a session value is gone).
    Fixture::settle();
    Credentials again(&f.environment, f.keychain.get(), &f.file);
    QSignalSpy loaded(&again, &Credentials::loaded);
    again.load();
    QVERIFY(loaded.wait());
    if (location == Location::Session) {
        QVERIFY(again.value(Key) != secret);
    } else {
        QCOMPARE(again.value(Key), secret);
        QCOMPARE(again.location(Key), location);
    }
}

void tst_Credentials::storeWithoutKeychain()
{
    Fixture f({}, false);
    QVERIFY(f.load());
    QSignalSpy storeFailed(&f.credentials(), &Credentials::storeFailed);
    f.credentials().store(Key, u"k"_s);
    QVERIFY(storeFailed.wait());
    QVERIFY(!storeFailed.at(0).at(1).toString().isEmpty());
    QCOMPARE(f.credentials().location(Key), Location::Session);
    QCOMPARE(f.credentials().value(Key), u"k"_s);
    QVERIFY(!f.file.exists()); // never silently in plain text

    // The explicit choice of the file works without a keychain.
    QSignalSpy stored(&f.credentials(), &Credentials::stored);
    f.credentials().store(Key, u"k"_s, Location::File);
    QVERIFY(stored.wait());
    QCOMPARE(f.credentials().location(Key), Location::File);
}

void tst_Credentials::storeAnswersLater()
{
    for (Location where : {Location::Keychain, Location::File, Location::Session, Location::Environment}) {
        Fixture f;
        QVERIFY(f.load());
        QSignalSpy stored(&f.credentials(), &Credentials::stored);
        QSignalSpy storeFailed(&f.credentials(), &Credentials::storeFailed);
        QSignalSpy changed(&f.credentials(), &Credentials::changed);
        f.credentials().store(Key, u"k"_s, where);
        QCOMPARE(stored.size() + storeFailed.size() + changed.size(), 0);
        QTRY_COMPARE(stored.size() + storeFailed.size(), 1);
        if (where == Location::Environment) // the environment cannot be written: kept for the session
            QCOMPARE(f.credentials().location(Key), Location::Session);
    }
}

void tst_Credentials::storeSameValueTwice()
{
    Fixture f;
    QVERIFY(f.load());
    QSignalSpy stored(&f.credentials(), &Credentials::stored);
    QSignalSpy changed(&f.credentials(), &Credentials::changed);
    f.credentials().store(Key, u"k"_s);
    QVERIFY(stored.wait());
    f.credentials().store(Key, u"k"_s);
    QVERIFY(stored.wait());
    Fixture::settle();
    QCOMPARE(changed.size(), 1); // nothing changed the second time
}

void tst_Credentials::emptyValueForgets()
{
    Fixture f;
    f.keychain->write(Key, u"k"_s);
    Fixture::settle();
    QVERIFY(f.load());
    QSignalSpy forgotten(&f.credentials(), &Credentials::forgotten);
    f.credentials().store(Key, QString());
    QVERIFY(forgotten.wait());
    QCOMPARE(f.credentials().location(Key), Location::None);
    QVERIFY(!f.keychain->contains(Key));
}

void tst_Credentials::forget_data()
{
    QTest::addColumn<Location>("from");
    QTest::addColumn<Kind>("keychainFailure");
    QTest::addColumn<bool>("expectForgotten");
    QTest::newRow("keychain") << Location::Keychain << Kind::None << true;
    QTest::newRow("file") << Location::File << Kind::None << true;
    QTest::newRow("session") << Location::Session << Kind::None << true;
    QTest::newRow("file, keychain unavailable") << Location::File << Kind::Unavailable << true;
    // A keychain that held the key and is now locked (QtKeychain: OtherError, read as Unavailable)
    // may still hold it: not "forgotten".
    QTest::newRow("keychain, now unavailable") << Location::Keychain << Kind::Unavailable << false;
    QTest::newRow("keychain denied") << Location::Keychain << Kind::Denied << false;
    QTest::newRow("keychain failed") << Location::Keychain << Kind::Failed << false;
    QTest::newRow("session, keychain denied") << Location::Session << Kind::Denied << false;
}

void tst_Credentials::forget()
{
    QFETCH(Location, from);
    QFETCH(Kind, keychainFailure);
    QFETCH(bool, expectForgotten);

    Fixture f;
    QVERIFY(f.load());
    Credentials &c = f.credentials();
    QSignalSpy stored(&c, &Credentials::stored);
    c.store(Key, u"k"_s, from);
    c.store(Proxy, u"p"_s, from);
    QTRY_COMPARE(stored.size(), 2);
    QCOMPARE(c.location(Key), from);
    Fixture::settle();

    const SecretError failure {keychainFailure, u"backend words"_s};
    f.keychain->setFailure(failure);
    QSignalSpy forgotten(&c, &Credentials::forgotten);
    QSignalSpy forgetFailed(&c, &Credentials::forgetFailed);
    QSignalSpy changed(&c, &Credentials::changed);
    c.forget(Key);
    QCOMPARE(forgotten.size() + forgetFailed.size() + changed.size(), 0);
    QTRY_COMPARE(forgotten.size() + forgetFailed.size(), 1);
    Fixture::settle();
    QCOMPARE(forgotten.size() + forgetFailed.size(), 1);
    if (expectForgotten) {
        QCOMPARE(forgotten.at(0).at(0).toString(), Key);
    } else {
        QCOMPARE(forgetFailed.at(0).at(0).toString(), Key);
        QCOMPARE(forgetFailed.at(0).at(1).toString(), failure.userText());
    }
    QCOMPARE(changed.size(), 1);
    QCOMPARE(c.location(Key), Location::None);
    QVERIFY(c.value(Key).isEmpty());
    QVERIFY(!fileContents(f.file.path()).contains(Key));
    f.keychain->setFailure({});
    if (keychainFailure == Kind::None)
        QVERIFY(!f.keychain->contains(Key));
    // The other secret is untouched.
    QCOMPARE(c.value(Proxy), u"p"_s);
    QCOMPARE(c.location(Proxy), from);
}

void tst_Credentials::environmentWins()
{
    Fixture f(u"env-key"_s);
    QVERIFY(f.load());
    Credentials &c = f.credentials();
    QCOMPARE(c.location(Key), Location::Environment);
    QCOMPARE(c.environmentVariable(), u"GEMINI_API_KEY"_s);
    QVERIFY(!c.hasStoredKeyShadowedByEnvironment());

    QSignalSpy stored(&c, &Credentials::stored);
    c.store(Key, u"stored-key"_s);
    QVERIFY(stored.wait());
    QCOMPARE(stored.at(0).at(1).value<Location>(), Location::Keychain);
    QCOMPARE(c.value(Key), u"env-key"_s); // the environment still wins
    QCOMPARE(c.location(Key), Location::Environment);
    QVERIFY(c.hasStoredKeyShadowedByEnvironment());
    QCOMPARE(f.keychain->value(Key), u"stored-key"_s);

    QSignalSpy forgotten(&c, &Credentials::forgotten);
    c.forget(Key);
    QVERIFY(forgotten.wait());
    QCOMPARE(c.value(Key), u"env-key"_s);
    QVERIFY(!c.hasStoredKeyShadowedByEnvironment());

    // A session key is not "stored": nothing is shadowed.
    c.store(Key, u"session-key"_s, Location::Session);
    QVERIFY(stored.wait());
    QVERIFY(!c.hasStoredKeyShadowedByEnvironment());
}

void tst_Credentials::environmentDoesNotCoverTheProxyPassword()
{
    Fixture f(u"env-key"_s);
    QVERIFY(f.load());
    QSignalSpy stored(&f.credentials(), &Credentials::stored);
    f.credentials().store(Proxy, u"pp"_s);
    QVERIFY(stored.wait());
    QCOMPARE(f.credentials().value(Proxy), u"pp"_s);
    QCOMPARE(f.credentials().location(Proxy), Location::Keychain);
}

void tst_Credentials::ordering_data()
{
    // Calls made one after the other without waiting; "forget" is forget(), otherwise
    // "value@where". The last call wins, in memory and in every store.
    QTest::addColumn<QStringList>("calls");
    QTest::addColumn<QString>("value");
    QTest::addColumn<Location>("location");
    QTest::addColumn<bool>("inKeychain");
    QTest::addColumn<bool>("inFile");
    QTest::newRow("keychain twice") << QStringList {u"a@k"_s, u"b@k"_s} << u"b"_s << Location::Keychain << true
                                    << false;
    QTest::newRow("keychain thrice") << QStringList {u"a@k"_s, u"b@k"_s, u"c@k"_s} << u"c"_s << Location::Keychain
                                     << true << false;
    QTest::newRow("keychain then session")
        << QStringList {u"a@k"_s, u"b@s"_s} << u"b"_s << Location::Session << false << false;
    QTest::newRow("session then keychain")
        << QStringList {u"a@s"_s, u"b@k"_s} << u"b"_s << Location::Keychain << true << false;
    QTest::newRow("keychain then file") << QStringList {u"a@k"_s, u"b@f"_s} << u"b"_s << Location::File << false
                                        << true;
    QTest::newRow("file then keychain") << QStringList {u"a@f"_s, u"b@k"_s} << u"b"_s << Location::Keychain << true
                                        << false;
    QTest::newRow("store then forget") << QStringList {u"a@k"_s, u"forget"_s} << QString() << Location::None << false
                                       << false;
    QTest::newRow("forget then store") << QStringList {u"forget"_s, u"b@k"_s} << u"b"_s << Location::Keychain << true
                                       << false;
}

void tst_Credentials::ordering()
{
    QFETCH(QStringList, calls);
    QFETCH(QString, value);
    QFETCH(Location, location);
    QFETCH(bool, inKeychain);
    QFETCH(bool, inFile);

    Fixture f;
    QVERIFY(f.load());
    Credentials &c = f.credentials();
    QSignalSpy stored(&c, &Credentials::stored);
    QSignalSpy forgotten(&c, &Credentials::forgotten);
    QSignalSpy storeFailed(&c, &Credentials::storeFailed);
    for (const QString &call : std::as_const(calls)) {
        if (call == "forget"_L1) {
            c.forget(Key);
            continue;
        }
        const QStringList parts = call.split(u'@');
        const Location where = parts.at(1) == "k"_L1 ? Location::Keychain
            : parts.at(1) == "f"_L1                  ? Location::File
                                                     : Location::Session;
        c.store(Key, parts.at(0), where);
    }
    QTRY_COMPARE(stored.size() + forgotten.size(), 1); // only the last call answers: the others are stale
    Fixture::settle();
    QCOMPARE(stored.size() + forgotten.size(), 1);
    QCOMPARE(storeFailed.size(), 0);
    QCOMPARE(c.value(Key), value);
    QCOMPARE(c.location(Key), location);
    QCOMPARE(f.keychain->contains(Key), inKeychain);
    if (inKeychain)
        QCOMPARE(f.keychain->value(Key), value);
    QCOMPARE(fileContents(f.file.path()).contains(Key), inFile);
    if (inFile)
        QCOMPARE(fileContents(f.file.path()).value(Key).toString(), value);
}

void tst_Credentials::hugeAndOddValues_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<Location>("where");
    QTest::newRow("unicode, keychain") << u"ключ-🔑-鍵"_s << Location::Keychain;
    QTest::newRow("newlines, file") << u"a\nb\r\nc"_s << Location::File;
    QTest::newRow("1 MB, keychain") << QString(1024 * 1024, u'x') << Location::Keychain;
    QTest::newRow("1 MB, session") << QString(1024 * 1024, u'x') << Location::Session;
    QTest::newRow("spaces only, keychain") << u"   "_s << Location::Keychain; // stored as given: not blank
}

void tst_Credentials::hugeAndOddValues()
{
    QFETCH(QString, value);
    QFETCH(Location, where);
    Fixture f;
    QVERIFY(f.load());
    QSignalSpy stored(&f.credentials(), &Credentials::stored);
    f.credentials().store(Key, value, where);
    QVERIFY(stored.wait());
    QCOMPARE(f.credentials().value(Key), value);
    QCOMPARE(f.credentials().location(Key), where);
}

void tst_Credentials::secretNeverLogged()
{
    const QString secret = u"AIzaSy-never-logged-777"_s;
    LogCapture log;
    {
        Fixture f;
        QVERIFY(f.load());
        Credentials &c = f.credentials();
        QSignalSpy stored(&c, &Credentials::stored);
        QSignalSpy storeFailed(&c, &Credentials::storeFailed);
        QSignalSpy forgotten(&c, &Credentials::forgotten);
        f.keychain->setFailure({Kind::Unavailable, u"no bus"_s});
        c.store(Key, secret);
        QVERIFY(storeFailed.wait());
        c.store(Key, secret, Location::File);
        QVERIFY(stored.wait());
        f.keychain->setFailure({});
        c.store(Key, secret);
        QVERIFY(stored.wait());
        c.forget(Key);
        QVERIFY(forgotten.wait());
    }
    QVERIFY(!log.all().isEmpty()); // the capture works: the fallback is logged
    QVERIFY(!log.all().contains(secret));
}

QTEST_GUILESS_MAIN(tst_Credentials)
#include "tst_credentials.moc"
