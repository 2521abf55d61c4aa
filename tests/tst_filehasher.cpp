#include "files/filehasher.h"
#include "support/samplefiles.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace {

using SampleFiles::randomBytes;
using SampleFiles::writeFile;

// A file big enough that hashing it takes a while (sparse: it costs no disk).
QString bigSparseFile(const QTemporaryDir &dir, qint64 size)
{
    const QString path = dir.filePath(u"big.bin"_s);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || !f.resize(size))
        return {};
    return path;
}

} // namespace

class tst_FileHasher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownDigest();
    void syncMatchesQt_data();
    void syncMatchesQt();
    void syncMissingFile();
    void asyncMatchesSync_data() { syncMatchesQt_data(); }
    void asyncMatchesSync();
    void asyncMissingFile();
    void cancelWhileRunning();
    void restartCancelsTheFirstRun();
    void destroyWhileRunning();
    void doesNotBlockTheEventLoop();
};

void tst_FileHasher::knownDigest()
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, u"abc.txt"_s, "abc");
    ApiError error;
    QCOMPARE(FileHasher::sha256Hex(path, &error),
        QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QVERIFY(!error.isError());
}

void tst_FileHasher::syncMatchesQt_data()
{
    QTest::addColumn<qint64>("size");
    QTest::newRow("empty") << qint64(0);
    QTest::newRow("1 byte") << qint64(1);
    QTest::newRow("1 block - 1") << qint64(1024 * 1024 - 1);
    QTest::newRow("1 block") << qint64(1024 * 1024);
    QTest::newRow("1 block + 1") << qint64(1024 * 1024 + 1);
    QTest::newRow("3 blocks + 7") << qint64(3 * 1024 * 1024 + 7);
}

void tst_FileHasher::syncMatchesQt()
{
    QFETCH(qint64, size);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(size, quint32(size + 1));
    const QString path = writeFile(dir, u"f.bin"_s, bytes);
    QVERIFY(!path.isEmpty());
    ApiError error;
    const QByteArray digest = FileHasher::sha256Hex(path, &error);
    QVERIFY(!error.isError());
    QCOMPARE(digest, QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

void tst_FileHasher::syncMissingFile()
{
    QTemporaryDir dir;
    ApiError error;
    QVERIFY(FileHasher::sha256Hex(dir.filePath(u"nope"_s), &error).isEmpty());
    QCOMPARE(error.kind, ApiError::Kind::LocalFile);
    QVERIFY(error.userMessage().contains(u"nope"_s));
    QVERIFY(FileHasher::sha256Hex(dir.filePath(u"nope"_s)).isEmpty()); // no out-parameter: still fine
}

void tst_FileHasher::asyncMatchesSync()
{
    QFETCH(qint64, size);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(size, quint32(size + 7));
    const QString path = writeFile(dir, u"f.bin"_s, bytes);
    FileHasher hasher;
    QSignalSpy finished(&hasher, &FileHasher::finished);
    QSignalSpy failed(&hasher, &FileHasher::failed);
    QSignalSpy progress(&hasher, &FileHasher::progressChanged);
    hasher.start(path);
    QVERIFY(hasher.isRunning());
    QVERIFY(finished.wait(10000));
    QVERIFY(!hasher.isRunning());
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toByteArray(), QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    qint64 last = -1;
    for (const QList<QVariant> &p : std::as_const(progress)) {
        QVERIFY(p.at(0).toLongLong() >= last);
        QCOMPARE(p.at(1).toLongLong(), size);
        last = p.at(0).toLongLong();
    }
    if (size > 0)
        QCOMPARE(last, size); // ends at the total
}

void tst_FileHasher::asyncMissingFile()
{
    QTemporaryDir dir;
    FileHasher hasher;
    QSignalSpy finished(&hasher, &FileHasher::finished);
    QSignalSpy failed(&hasher, &FileHasher::failed);
    hasher.start(dir.filePath(u"missing.bin"_s));
    QVERIFY(failed.wait(10000));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.at(0).at(0).value<ApiError>().kind, ApiError::Kind::LocalFile);
    QVERIFY(!hasher.isRunning());
}

void tst_FileHasher::cancelWhileRunning()
{
    QTemporaryDir dir;
    const QString path = bigSparseFile(dir, 4LL * 1024 * 1024 * 1024);
    QVERIFY(!path.isEmpty());
    FileHasher hasher;
    QSignalSpy finished(&hasher, &FileHasher::finished);
    QSignalSpy failed(&hasher, &FileHasher::failed);
    QSignalSpy progress(&hasher, &FileHasher::progressChanged);
    hasher.start(path);
    QVERIFY(progress.wait(10000)); // it is running
    hasher.cancel();
    QVERIFY(!hasher.isRunning());
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).value<ApiError>().kind, ApiError::Kind::Cancelled);
    const qsizetype progressAtCancel = progress.count();
    QTest::qWait(300);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 1);
    QVERIFY(progress.count() <= progressAtCancel + 1); // at most one already queued
    hasher.cancel();                                   // again: nothing
    QCOMPARE(failed.count(), 1);
}

void tst_FileHasher::restartCancelsTheFirstRun()
{
    QTemporaryDir dir;
    const QString big = bigSparseFile(dir, 4LL * 1024 * 1024 * 1024);
    const QString small = writeFile(dir, u"small.txt"_s, "abc");
    FileHasher hasher;
    QSignalSpy finished(&hasher, &FileHasher::finished);
    QSignalSpy failed(&hasher, &FileHasher::failed);
    hasher.start(big);
    hasher.start(small);
    QCOMPARE(failed.count(), 1); // the first run, cancelled
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toByteArray(),
        QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QTest::qWait(100);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(failed.count(), 1);
}

void tst_FileHasher::destroyWhileRunning()
{
    QTemporaryDir dir;
    const QString path = bigSparseFile(dir, 4LL * 1024 * 1024 * 1024);
    int signalsAfterDeath = 0;
    {
        auto *hasher = new FileHasher;
        QSignalSpy progress(hasher, &FileHasher::progressChanged);
        hasher->start(path);
        QVERIFY(progress.wait(10000));
        connect(hasher, &FileHasher::finished, this, [&] { ++signalsAfterDeath; });
        delete hasher; // waits for the worker; queued results must not reach a dead object
    }
    QTest::qWait(200);
    QCOMPARE(signalsAfterDeath, 0);
}

void tst_FileHasher::doesNotBlockTheEventLoop()
{
    QTemporaryDir dir;
    const QString path = bigSparseFile(dir, 512LL * 1024 * 1024);
    FileHasher hasher;
    QSignalSpy finished(&hasher, &FileHasher::finished);
    int ticks = 0;
    QTimer timer;
    connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
    timer.start(5);
    hasher.start(path);
    QVERIFY(finished.wait(30000));
    // The digest of 512 MiB of zeros, and the event loop kept running meanwhile.
    QCOMPARE(finished.at(0).at(0).toByteArray(),
        QByteArray("9acca8e8c22201155389f65abbf6bc9723edc7384ead80503839f49dcc56d767"));
    QVERIFY2(ticks > 0, "the GUI thread was blocked while hashing");
}

QTEST_GUILESS_MAIN(tst_FileHasher)
#include "tst_filehasher.moc"
