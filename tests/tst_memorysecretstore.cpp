#include "secrets/memorysecretstore.h"
#include "support/secretstoretesting.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString Key = QString::fromLatin1(SecretNames::ApiKey);
} // namespace

class tst_MemorySecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void description();
    void roundTrip_data();
    void roundTrip();
    void answersAfterTheCallReturns();
    void readMissing();
    void removeMissingIsNoError();
    void namesAreIndependent();
    void failure_data();
    void failure();
};

void tst_MemorySecretStore::description()
{
    MemorySecretStore store;
    QVERIFY(!store.description().isEmpty());
    QVERIFY(store.isWritable());
}

void tst_MemorySecretStore::roundTrip_data()
{
    addRoundTripRows();
    QTest::newRow("1 MB") << Key << QString(1024 * 1024, u'k');
    addAnyNameRoundTripRows();
}

void tst_MemorySecretStore::roundTrip()
{
    QFETCH(QString, name);
    QFETCH(QString, value);
    MemorySecretStore store;
    QSignalSpy written(&store, &SecretStore::writeFinished);
    QSignalSpy read(&store, &SecretStore::readFinished);
    QSignalSpy removed(&store, &SecretStore::removeFinished);

    store.write(name, value);
    QVERIFY(store.contains(name)); // the bookkeeping is current at once
    QCOMPARE(store.value(name), value);
    QVERIFY(written.wait());
    QCOMPARE(written.size(), 1);
    QCOMPARE(written.at(0).at(0).toString(), name);
    QVERIFY(written.at(0).at(1).value<SecretError>().ok());

    store.read(name);
    QVERIFY(read.wait());
    QCOMPARE(read.at(0).at(0).toString(), name);
    QCOMPARE(read.at(0).at(1).toString(), value);
    QVERIFY(read.at(0).at(2).value<SecretError>().ok());

    store.write(name, u"second"_s);
    QVERIFY(written.wait());
    store.read(name);
    QVERIFY(read.wait());
    QCOMPARE(read.at(1).at(1).toString(), u"second"_s);

    store.remove(name);
    QVERIFY(removed.wait());
    QVERIFY(removed.at(0).at(1).value<SecretError>().ok());
    QVERIFY(!store.contains(name));
    store.read(name);
    QVERIFY(read.wait());
    QCOMPARE(read.at(2).at(2).value<SecretError>().kind, SecretError::Kind::NotFound);
    QVERIFY(read.at(2).at(1).toString().isEmpty());
}

void tst_MemorySecretStore::answersAfterTheCallReturns()
{
    MemorySecretStore store;
    verifyAnswersAfterTheCallReturns(store, Key);
}

void tst_MemorySecretStore::readMissing()
{
    MemorySecretStore store;
    const Answer answer = readFrom(store, Key);
    QVERIFY(answer.answered);
    const SecretError &error = answer.error;
    QCOMPARE(error.kind, SecretError::Kind::NotFound);
    QVERIFY(!error.userText().isEmpty());
}

void tst_MemorySecretStore::removeMissingIsNoError()
{
    MemorySecretStore store;
    QVERIFY(removeFrom(store, Key).ok());
}

void tst_MemorySecretStore::namesAreIndependent()
{
    MemorySecretStore store;
    store.write(Key, u"a"_s);
    store.write(QString::fromLatin1(SecretNames::ProxyPassword), u"b"_s);
    store.remove(Key);
    QVERIFY(!store.contains(Key));
    QCOMPARE(store.value(QString::fromLatin1(SecretNames::ProxyPassword)), u"b"_s);
}

void tst_MemorySecretStore::failure_data()
{
    QTest::addColumn<SecretError>("failure");
    QTest::newRow("unavailable") << SecretError {SecretError::Kind::Unavailable, u"no bus"_s};
    QTest::newRow("denied") << SecretError {SecretError::Kind::Denied, u"user said no"_s};
    QTest::newRow("failed") << SecretError {SecretError::Kind::Failed, u"disk on fire"_s};
}

void tst_MemorySecretStore::failure()
{
    QFETCH(SecretError, failure);
    MemorySecretStore store;
    QVERIFY(writeTo(store, Key, u"before"_s).ok());
    store.setFailure(failure);
    QSignalSpy written(&store, &SecretStore::writeFinished);
    QSignalSpy read(&store, &SecretStore::readFinished);
    QSignalSpy removed(&store, &SecretStore::removeFinished);

    store.write(Key, u"after"_s);
    store.read(Key);
    store.remove(Key);
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(written.at(0).at(1).value<SecretError>(), failure);
    QCOMPARE(read.at(0).at(2).value<SecretError>(), failure);
    QVERIFY(read.at(0).at(1).toString().isEmpty()); // no value with an error
    QCOMPARE(removed.at(0).at(1).value<SecretError>(), failure);
    QCOMPARE(store.value(Key), u"before"_s); // a failed operation changes nothing
    QVERIFY(!failure.userText().isEmpty());

    store.setFailure({});
    store.read(Key);
    QTRY_COMPARE(read.size(), 2);
    QVERIFY(read.at(1).at(2).value<SecretError>().ok());
    QCOMPARE(read.at(1).at(1).toString(), u"before"_s);
}

QTEST_GUILESS_MAIN(tst_MemorySecretStore)
#include "tst_memorysecretstore.moc"
