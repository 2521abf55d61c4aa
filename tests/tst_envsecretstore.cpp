#include "clientconfig.h"
#include "secrets/envsecretstore.h"
#include "support/secretstoretesting.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString Key = QString::fromLatin1(SecretNames::ApiKey);
// A value for an environment variable, or "unset".
const QString Unset = u"<unset>"_s;

QProcessEnvironment environment(const QString &gemini, const QString &google)
{
    QProcessEnvironment env;
    env.insert(u"PATH"_s, u"/usr/bin"_s);
    if (gemini != Unset)
        env.insert(u"GEMINI_API_KEY"_s, gemini);
    if (google != Unset)
        env.insert(u"GOOGLE_API_KEY"_s, google);
    return env;
}
} // namespace

class tst_EnvSecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void variables_data();
    void variables();
    void readOtherNames_data();
    void readOtherNames();
    void readOnly();
    void answersAfterTheCallReturns();
    void hugeValue();
};

void tst_EnvSecretStore::variables_data()
{
    QTest::addColumn<QString>("gemini");
    QTest::addColumn<QString>("google");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("variable");
    QTest::newRow("neither") << Unset << Unset << QString() << QString();
    QTest::newRow("gemini") << u"g-key"_s << Unset << u"g-key"_s << u"GEMINI_API_KEY"_s;
    QTest::newRow("google") << Unset << u"o-key"_s << u"o-key"_s << u"GOOGLE_API_KEY"_s;
    QTest::newRow("both: gemini wins") << u"g-key"_s << u"o-key"_s << u"g-key"_s << u"GEMINI_API_KEY"_s;
    QTest::newRow("gemini blank") << u"  \t "_s << u"o-key"_s << u"o-key"_s << u"GOOGLE_API_KEY"_s;
    QTest::newRow("gemini empty") << QString() << u"o-key"_s << u"o-key"_s << u"GOOGLE_API_KEY"_s;
    QTest::newRow("both blank") << u" "_s << u"\n"_s << QString() << QString();
    QTest::newRow("trimmed") << u"  g-key \n"_s << Unset << u"g-key"_s << u"GEMINI_API_KEY"_s;
    QTest::newRow("inner space kept") << u"a b"_s << Unset << u"a b"_s << u"GEMINI_API_KEY"_s;
    QTest::newRow("unicode") << u"ключ🔑"_s << Unset << u"ключ🔑"_s << u"GEMINI_API_KEY"_s;
}

void tst_EnvSecretStore::variables()
{
    QFETCH(QString, gemini);
    QFETCH(QString, google);
    QFETCH(QString, key);
    QFETCH(QString, variable);

    EnvSecretStore store(environment(gemini, google));
    QCOMPARE(store.apiKey(), key);
    QCOMPARE(store.variable(), variable);
    QVERIFY(!store.isWritable());
    if (!variable.isEmpty())
        QVERIFY(store.description().contains(variable));

    const Answer answer = readFrom(store, Key);
    QVERIFY(answer.answered);
    QCOMPARE(answer.value, key);
    QCOMPARE(answer.error.kind, key.isEmpty() ? SecretError::Kind::NotFound : SecretError::Kind::None);

    // ClientConfig reads the process environment by the same rule: they must agree.
    const QByteArray savedGemini = qgetenv("GEMINI_API_KEY");
    const QByteArray savedGoogle = qgetenv("GOOGLE_API_KEY");
    const bool hadGemini = qEnvironmentVariableIsSet("GEMINI_API_KEY");
    const bool hadGoogle = qEnvironmentVariableIsSet("GOOGLE_API_KEY");
    auto set = [](const char *name, const QString &value) {
        if (value == Unset)
            qunsetenv(name);
        else
            qputenv(name, value.toUtf8());
    };
    set("GEMINI_API_KEY", gemini);
    set("GOOGLE_API_KEY", google);
    const ClientConfig::EnvironmentKey fromConfig = ClientConfig::apiKeyFromEnvironment();
    EnvSecretStore fromSystem; // the default: the process environment
    hadGemini ? qputenv("GEMINI_API_KEY", savedGemini) : qunsetenv("GEMINI_API_KEY");
    hadGoogle ? qputenv("GOOGLE_API_KEY", savedGoogle) : qunsetenv("GOOGLE_API_KEY");
    QCOMPARE(fromConfig.key, key);
    QCOMPARE(fromConfig.variable, variable);
    QCOMPARE(fromSystem.apiKey(), key);
    QCOMPARE(fromSystem.variable(), variable);
}

void tst_EnvSecretStore::readOtherNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("proxy password") << QString::fromLatin1(SecretNames::ProxyPassword);
    QTest::newRow("the variable's name") << u"GEMINI_API_KEY"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("hostile") << u"../../etc/passwd\n\0x"_s;
}

void tst_EnvSecretStore::readOtherNames()
{
    QFETCH(QString, name);
    EnvSecretStore store(environment(u"g-key"_s, u"o-key"_s));
    const Answer answer = readFrom(store, name);
    QVERIFY(answer.answered);
    QCOMPARE(answer.name, name);
    QVERIFY(answer.value.isEmpty());
    QCOMPARE(answer.error.kind, SecretError::Kind::NotFound);
}

void tst_EnvSecretStore::readOnly()
{
    EnvSecretStore store(environment(u"g-key"_s, Unset));
    QSignalSpy written(&store, &SecretStore::writeFinished);
    QSignalSpy removed(&store, &SecretStore::removeFinished);
    store.write(Key, u"other"_s);
    store.remove(Key);
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(written.size(), 1);
    QCOMPARE(written.at(0).at(1).value<SecretError>().kind, SecretError::Kind::ReadOnly);
    QCOMPARE(removed.at(0).at(1).value<SecretError>().kind, SecretError::Kind::ReadOnly);
    QVERIFY(!written.at(0).at(1).value<SecretError>().userText().isEmpty());
    QCOMPARE(store.apiKey(), u"g-key"_s);
}

void tst_EnvSecretStore::answersAfterTheCallReturns()
{
    EnvSecretStore store(environment(u"g-key"_s, Unset));
    QSignalSpy read(&store, &SecretStore::readFinished);
    QSignalSpy written(&store, &SecretStore::writeFinished);
    store.read(Key);
    store.write(Key, u"x"_s);
    QCOMPARE(read.size() + written.size(), 0);
    QTRY_COMPARE(written.size(), 1);
    QCOMPARE(read.size(), 1);
}

void tst_EnvSecretStore::hugeValue()
{
    const QString huge(1024 * 1024, u'z');
    EnvSecretStore store(environment(huge, Unset));
    QCOMPARE(store.apiKey(), huge);
}

QTEST_GUILESS_MAIN(tst_EnvSecretStore)
#include "tst_envsecretstore.moc"
