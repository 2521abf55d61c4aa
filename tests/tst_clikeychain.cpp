// alhena-cli with the key the desktop app saved in the keychain: against a real Secret Service (the
// scratch gnome-keyring scripts/run-tests.sh starts). It writes under the app's own service name, so
// it runs only where ALHENA_SCRATCH_KEYRING=1 says the keyring is a throwaway one.

#include "fakegeminiserver.h"
#include "keychainsecretstore.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_CliKeychain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void savedKeyIsUsed();
    void noSavedKey();

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Run cli(const QStringList &args);
    bool writeKey(const QString &key);
    bool removeKey();

    FakeGeminiServer m_server;
    QTemporaryDir m_config;
    QString m_cli;
};

void tst_CliKeychain::initTestCase()
{
    if (qEnvironmentVariable("ALHENA_SCRATCH_KEYRING") != "1"_L1)
        QSKIP("needs the throwaway keyring of scripts/run-tests.sh (ALHENA_SCRATCH_KEYRING=1): it writes the "
              "app's own keychain entry");
    QVERIFY(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"));
    m_cli = QDir(qEnvironmentVariable("ALHENA_BIN_DIR")).filePath(u"alhena-cli"_s);
    QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli));
    QVERIFY(m_config.isValid());
    QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
    m_server.setApiKey(u"keychain-key-7f3a"_s);
}

void tst_CliKeychain::cleanup()
{
    if (!m_cli.isEmpty())
        QVERIFY(removeKey());
}

bool tst_CliKeychain::writeKey(const QString &key)
{
    KeychainSecretStore store;
    QSignalSpy done(&store, &SecretStore::writeFinished);
    store.write(QString::fromLatin1(SecretNames::ApiKey), key);
    return done.wait(10000) && done.constFirst().at(1).value<SecretError>().ok();
}

bool tst_CliKeychain::removeKey()
{
    KeychainSecretStore store;
    QSignalSpy done(&store, &SecretStore::removeFinished);
    store.remove(QString::fromLatin1(SecretNames::ApiKey));
    return done.wait(10000) && done.constFirst().at(1).value<SecretError>().ok();
}

tst_CliKeychain::Run tst_CliKeychain::cli(const QStringList &args)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"GEMINI_API_KEY"_s);
    env.remove(u"GOOGLE_API_KEY"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, m_config.path()); // no 0600 file: the keychain alone
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(m_cli, QStringList {u"--api-base"_s, m_server.baseUrl().toString()} + args);
    process.closeWriteChannel();
    // The fake server answers from this thread's event loop: wait in it.
    if (!finished.wait(30000))
        return {};
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

void tst_CliKeychain::savedKeyIsUsed()
{
    QVERIFY(writeKey(u"keychain-key-7f3a"_s));
    const Run r = cli({u"generate"_s, u"hi"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("Echo: hi"), r.out.constData());
    const QList<FakeGeminiServer::Request> sent = m_server.requests(u":streamGenerateContent"_s);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.constFirst().header("x-goog-api-key"), QByteArray("keychain-key-7f3a"));

    // A saved key the server refuses: the message says where it came from, never the key.
    QVERIFY(writeKey(u"stale-key-0c19"_s));
    const Run refused = cli({u"generate"_s, u"hi"_s});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("The key was read from the system keychain."), refused.err.constData());
    QVERIFY(!refused.err.contains("stale-key-0c19") && !refused.out.contains("stale-key-0c19"));
}

void tst_CliKeychain::noSavedKey()
{
    QVERIFY(removeKey());
    const int before = int(m_server.requests().size());
    const Run r = cli({u"generate"_s, u"hi"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("No API key is set"), r.err.constData());
    QVERIFY2(!r.err.contains("The keychain could not be read"), r.err.constData()); // it could: nothing there
    QCOMPARE(int(m_server.requests().size()), before);                              // nothing was sent
}

QTEST_GUILESS_MAIN(tst_CliKeychain)
#include "tst_clikeychain.moc"
