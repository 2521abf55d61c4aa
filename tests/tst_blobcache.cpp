#include "store/blobcache.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <latch>
#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

bool runningAsRoot()
{
#ifdef Q_OS_UNIX
    return ::geteuid() == 0;
#else
    return false;
#endif
}

// Every file under `folder`, relative to it, sorted.
QStringList filesUnder(const QString &folder)
{
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(folder).relativeFilePath(it.next());
    files.sort();
    return files;
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    auto *words = reinterpret_cast<quint32 *>(bytes.data());
    generator.fillRange(words, size / qsizetype(sizeof(quint32)));
    for (qsizetype i = size - size % qsizetype(sizeof(quint32)); i < size; ++i)
        bytes[i] = char(generator.generate());
    return bytes;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class Tst_blobcache final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_folder = m_dir->filePath(u"blobs"_s);
    }

    void isValidHash_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::addColumn<bool>("valid");
        const QString good = sha256Of("x");
        QTest::newRow("a real digest") << good << true;
        QTest::newRow("all zeros") << QString(64, u'0') << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("63 characters") << good.left(63) << false;
        QTest::newRow("65 characters") << good + u'0' << false;
        QTest::newRow("upper case") << good.toUpper() << (good.toUpper() == good);
        QTest::newRow("not hex") << QString(64, u'g') << false;
        QTest::newRow("parent folder") << u"../x"_s << false;
        QTest::newRow("parent folder, padded") << u"../"_s + good.left(61) << false;
        QTest::newRow("slash") << good.left(32) + u'/' + good.left(31) << false;
        QTest::newRow("space") << good.left(63) + u' ' << false;
        QTest::newRow("NUL") << good.left(63) + QChar(0) << false;
        QTest::newRow("full-width digit") << good.left(63) + QChar(0xFF10) << false;
    }

    void isValidHash()
    {
        QFETCH(QString, hash);
        QFETCH(bool, valid);
        QCOMPARE(BlobCache::isValidHash(hash), valid);
    }

    void putAndRead_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("one byte") << QByteArray("a");
        QTest::newRow("text") << QByteArray("Hello, blobs.\n");
        QTest::newRow("binary with NULs") << QByteArray("\0\1\2\0\xff", 5);
        QTest::newRow("1 MiB + 1") << randomBytes(1024 * 1024 + 1, 7);
    }

    void putAndRead()
    {
        QFETCH(QByteArray, bytes);
        BlobCache cache(m_folder);
        QCOMPARE(cache.folder(), m_folder);
        QString error;
        const QString sha = cache.put(bytes, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(sha, sha256Of(bytes));
        QVERIFY(cache.contains(sha));
        const QString path = cache.pathOf(sha);
        QCOMPARE(path, m_folder + u'/' + sha.left(2) + u'/' + sha);
        QCOMPARE(QFileInfo(path).size(), bytes.size());
        QCOMPARE(cache.read(sha), bytes);

        // Another BlobCache on the same folder (the next run) finds it.
        BlobCache again(m_folder);
        QCOMPARE(again.pathOf(sha), path);
    }

    void putFileRoundTrip_data()
    {
        QTest::addColumn<qsizetype>("size");
        QTest::newRow("empty file") << qsizetype(0);
        QTest::newRow("small") << qsizetype(100);
        QTest::newRow("exactly 1 MiB") << qsizetype(1024 * 1024);
        QTest::newRow("50 MB") << qsizetype(50 * 1000 * 1000);
    }

    void putFileRoundTrip()
    {
        QFETCH(qsizetype, size);
        const QByteArray bytes = randomBytes(size, quint32(size) + 1);
        const QString source = m_dir->filePath(u"source.bin"_s);
        QVERIFY(writeFile(source, bytes));

        BlobCache cache(m_folder);
        QString error;
        const QString sha = cache.putFile(source, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(sha, sha256Of(bytes));
        QCOMPARE(QFileInfo(cache.pathOf(sha)).size(), size);
        QVERIFY(cache.read(sha) == bytes); // not QCOMPARE: 50 MB in a failure message
        // put() of the same bytes is the same blob.
        QCOMPARE(cache.put(bytes), sha);
        QCOMPARE(filesUnder(m_folder).size(), 2); // the blob and its size
    }

    void sameContentIsWrittenOnce()
    {
        BlobCache cache(m_folder);
        const QByteArray bytes("the same bytes");
        const QString sha = cache.put(bytes);
        QVERIFY(!sha.isEmpty());
        const QString path = cache.pathOf(sha);
        const QStringList before = filesUnder(m_folder);

        // Backdate the blob: a second put that rewrote it would move its modification time.
        const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-3);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(old, QFileDevice::FileModificationTime));
        }
        QCOMPARE(cache.put(bytes), sha);
        const QString source = m_dir->filePath(u"same.txt"_s);
        QVERIFY(writeFile(source, bytes));
        QCOMPARE(cache.putFile(source), sha);

        QCOMPARE(filesUnder(m_folder), before);
        QCOMPARE(QFileInfo(path).lastModified().toUTC().toSecsSinceEpoch(), old.toSecsSinceEpoch());

        // Different bytes are a different blob.
        const QString other = cache.put("other bytes");
        QVERIFY(!other.isEmpty());
        QVERIFY(other != sha);
        QCOMPARE(cache.read(sha), bytes);
        QCOMPARE(cache.read(other), QByteArray("other bytes"));
    }

    void truncatedBlobIsAbsent_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::newRow("truncated") << u"truncate"_s;
        QTest::newRow("emptied") << u"empty"_s;
        QTest::newRow("grown") << u"grow"_s;
        QTest::newRow("no size sidecar") << u"no-sidecar"_s;
        QTest::newRow("garbage sidecar") << u"bad-sidecar"_s;
        QTest::newRow("blob removed") << u"remove"_s;
        QTest::newRow("blob is a folder") << u"folder"_s;
    }

    void truncatedBlobIsAbsent()
    {
        QFETCH(QString, damage);
        BlobCache cache(m_folder);
        const QByteArray bytes = randomBytes(4096, 3);
        const QString sha = cache.put(bytes);
        const QString path = cache.pathOf(sha);
        QVERIFY(!path.isEmpty());

        if (damage == u"truncate"_s) {
            QVERIFY(QFile::resize(path, 100));
        } else if (damage == u"empty"_s) {
            QVERIFY(QFile::resize(path, 0));
        } else if (damage == u"grow"_s) {
            QVERIFY(QFile::resize(path, 5000));
        } else if (damage == u"no-sidecar"_s) {
            QVERIFY(QFile::remove(path + u".size"_s));
        } else if (damage == u"bad-sidecar"_s) {
            QVERIFY(writeFile(path + u".size"_s, "not a number"));
        } else if (damage == u"remove"_s) {
            QVERIFY(QFile::remove(path));
        } else if (damage == u"folder"_s) {
            QVERIFY(QFile::remove(path));
            QVERIFY(QDir().mkdir(path));
        }
        QVERIFY(cache.pathOf(sha).isEmpty());
        QVERIFY(!cache.contains(sha));
        QVERIFY(cache.read(sha).isEmpty());

        if (damage == u"folder"_s) {
            // Something that is not ours sits under the name: put says so, never a crash.
            QString error;
            QVERIFY(cache.put(bytes, &error).isEmpty());
            QVERIFY(!error.isEmpty());
            return;
        }
        // The next put repairs it.
        QString error;
        QCOMPARE(cache.put(bytes, &error), sha);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(cache.read(sha), bytes);
    }

    void missingFile()
    {
        BlobCache cache(m_folder);
        QString error;
        const QString missing = m_dir->filePath(u"no-such-file.png"_s);
        QVERIFY(cache.putFile(missing, &error).isEmpty());
        QVERIFY2(error.contains(QDir::toNativeSeparators(missing)), qPrintable(error));
        QVERIFY(filesUnder(m_dir->path()).isEmpty());

        error.clear();
        QVERIFY(cache.putFile(QString(), &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void folderAsFile()
    {
        BlobCache cache(m_folder);
        QString error;
        QVERIFY(cache.putFile(m_dir->path(), &error).isEmpty());
        QVERIFY2(error.contains(u"folder"_s), qPrintable(error));
    }

    void unreadableFile()
    {
        if (runningAsRoot())
            QSKIP("root reads files whatever their permissions");
        const QString source = m_dir->filePath(u"secret.txt"_s);
        QVERIFY(writeFile(source, "cannot read me"));
        QVERIFY(QFile::setPermissions(source, QFileDevice::Permissions()));
        BlobCache cache(m_folder);
        QString error;
        QVERIFY(cache.putFile(source, &error).isEmpty());
        QVERIFY2(error.contains(QDir::toNativeSeparators(source)), qPrintable(error));
        QVERIFY(!QFileInfo::exists(m_folder + u'/' + sha256Of("cannot read me").left(2)));
        QFile::setPermissions(source, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    // A file that opens but cannot be read (an I/O error), for root too: Linux's /proc/self/mem
    // answers EIO at offset 0.
    void readErrorMidway()
    {
#ifdef Q_OS_LINUX
        const QString source = u"/proc/self/mem"_s;
        BlobCache cache(m_folder);
        QString error;
        QVERIFY(cache.putFile(source, &error).isEmpty());
        QVERIFY2(error.contains(source), qPrintable(error));
        QVERIFY(filesUnder(m_dir->path()).isEmpty());
#else
        QSKIP("needs Linux's /proc/self/mem");
#endif
    }

    void unwritableFolder_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("read-only folder") << u"read-only"_s;
        QTest::newRow("folder under a file") << u"under-file"_s;
#ifdef Q_OS_LINUX
        QTest::newRow("read-only file system") << u"proc"_s;
#endif
        QTest::newRow("no folder") << u"none"_s;
    }

    void unwritableFolder()
    {
        QFETCH(QString, kind);
        QString folder = m_folder;
        if (kind == u"read-only"_s) {
            if (runningAsRoot())
                QSKIP("root writes into read-only folders");
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        } else if (kind == u"under-file"_s) {
            QVERIFY(writeFile(folder, "a file where the folder should be"));
            folder += u"/blobs"_s;
        } else if (kind == u"proc"_s) {
            folder = u"/proc/alhena-blobcache-test"_s;
        } else {
            folder.clear();
        }
        BlobCache cache(folder);
        QString error;
        QVERIFY(cache.put("bytes", &error).isEmpty());
        QVERIFY(!error.isEmpty());
        if (!folder.isEmpty())
            QVERIFY2(error.contains(QDir::toNativeSeparators(folder)), qPrintable(error));

        const QString source = m_dir->filePath(u"source.txt"_s);
        QVERIFY(writeFile(source, "from a file"));
        error.clear();
        QVERIFY(cache.putFile(source, &error).isEmpty());
        QVERIFY(!error.isEmpty());
        QVERIFY(!cache.contains(sha256Of("bytes")));
        QCOMPARE(cache.collectGarbage({}), 0);

        if (kind == u"read-only"_s)
            QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    }

    void hostileHashes_data()
    {
        QTest::addColumn<QString>("hash");
        QTest::newRow("empty") << QString();
        QTest::newRow("parent") << u"../x"_s;
        QTest::newRow("63 characters") << QString(63, u'a');
        QTest::newRow("escape to outside, 64 characters") << u"../../"_s + QString(58, u'a');
        QTest::newRow("absolute") << u"/etc/passwd"_s;
        QTest::newRow("upper case of a stored blob") << u"UPPER"_s;
        QTest::newRow("the size sidecar") << u"SIDECAR"_s;
    }

    void hostileHashes()
    {
        QFETCH(QString, hash);
        BlobCache cache(m_folder);
        const QString stored = cache.put("stored");
        QVERIFY(!stored.isEmpty());
        if (hash == u"UPPER"_s)
            hash = stored.toUpper();
        else if (hash == u"SIDECAR"_s)
            hash = stored + u".size"_s;

        // A file outside the folder, where "../" would lead.
        const QString outside = m_dir->filePath(QString(58, u'a'));
        QVERIFY(writeFile(outside, "outside"));
        const QStringList before = filesUnder(m_dir->path());

        QVERIFY(cache.pathOf(hash).isEmpty());
        QVERIFY(!cache.contains(hash));
        QVERIFY(cache.read(hash).isEmpty());
        QCOMPARE(cache.collectGarbage({hash, stored}), 0);
        QCOMPARE(filesUnder(m_dir->path()), before);
    }

    void collectGarbage()
    {
        BlobCache cache(m_folder);
        const QString keep1 = cache.put("keep one");
        const QString keep2 = cache.put(QByteArray());
        const QString drop1 = cache.put("drop one");
        const QString drop2 = cache.put("drop two");
        QVERIFY(!keep1.isEmpty() && !keep2.isEmpty() && !drop1.isEmpty() && !drop2.isEmpty());

        // What a crash can leave: a sidecar alone, an old temporary file, and a fresh one (a put that
        // is running now, which must survive). And what is not ours: left alone.
        const QString sub = m_folder + u'/' + keep1.left(2);
        const QString orphanSidecar = m_folder + u"/00/"_s + QString(64, u'0') + u".size"_s;
        QVERIFY(QDir().mkpath(m_folder + u"/00"_s));
        QVERIFY(writeFile(orphanSidecar, "5"));
        const QString oldTemp = sub + u'/' + keep1 + u".aBc123"_s;
        const QString freshTemp = sub + u'/' + keep1 + u".size.XyZ789"_s;
        QVERIFY(writeFile(oldTemp, "half"));
        QVERIFY(writeFile(freshTemp, "half"));
        {
            QFile file(oldTemp);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(QDateTime::currentDateTimeUtc().addDays(-1), QFileDevice::FileModificationTime));
        }
        const QString notOursTop = m_folder + u"/README.txt"_s;
        const QString notOursFolder = m_folder + u"/photos/"_s + drop1;
        QVERIFY(writeFile(notOursTop, "mine"));
        QVERIFY(QDir().mkpath(m_folder + u"/photos"_s));
        QVERIFY(writeFile(notOursFolder, "mine"));

        QCOMPARE(cache.collectGarbage({keep1, keep2, u"../x"_s}), 2);

        QVERIFY(cache.contains(keep1));
        QVERIFY(cache.contains(keep2));
        QCOMPARE(cache.read(keep1), QByteArray("keep one"));
        QVERIFY(!cache.contains(drop1));
        QVERIFY(!cache.contains(drop2));
        QVERIFY(!QFileInfo::exists(m_folder + u'/' + drop1.left(2) + u'/' + drop1 + u".size"_s));
        QVERIFY(!QFileInfo::exists(orphanSidecar));
        QVERIFY(!QFileInfo::exists(oldTemp));
        QVERIFY(QFileInfo::exists(freshTemp));
        QVERIFY(QFileInfo::exists(notOursTop));
        QVERIFY(QFileInfo::exists(notOursFolder));

        // Nothing to keep: everything of ours goes; a second run finds nothing.
        QCOMPARE(cache.collectGarbage({}), 2);
        QCOMPARE(cache.collectGarbage({}), 0);
        QVERIFY(!cache.contains(keep1));

        // A folder that does not exist yet.
        QCOMPARE(BlobCache(m_dir->filePath(u"never-made"_s)).collectGarbage({}), 0);
    }

    void concurrentPutsOfTheSameContent_data()
    {
        QTest::addColumn<bool>("fromFile");
        QTest::newRow("put") << false;
        QTest::newRow("putFile") << true;
    }

    void concurrentPutsOfTheSameContent()
    {
        QFETCH(bool, fromFile);
        constexpr int Threads = 4;
        const QByteArray bytes = randomBytes(3 * 1024 * 1024 + 17, 11);
        const QString source = m_dir->filePath(u"shared.bin"_s);
        QVERIFY(writeFile(source, bytes));
        BlobCache cache(m_folder);

        for (int round = 0; round < 5; ++round) {
            QVERIFY(cache.collectGarbage({}) >= 0);
            std::latch start(Threads);
            QString results[Threads];
            QString errors[Threads];
            std::vector<std::unique_ptr<QThread>> threads;
            for (int i = 0; i < Threads; ++i) {
                threads.emplace_back(QThread::create([&, i] {
                    start.arrive_and_wait();
                    results[i] = fromFile ? cache.putFile(source, &errors[i]) : cache.put(bytes, &errors[i]);
                }));
                threads.back()->start();
            }
            for (auto &thread : threads)
                QVERIFY(thread->wait(60 * 1000));
            for (int i = 0; i < Threads; ++i) {
                QVERIFY2(errors[i].isEmpty(), qPrintable(errors[i]));
                QCOMPARE(results[i], sha256Of(bytes));
            }
            QVERIFY(cache.read(results[0]) == bytes);
            // One blob and its size; no temporary file left behind.
            const QString sha = results[0];
            QCOMPARE(
                filesUnder(m_folder), QStringList({sha.left(2) + u'/' + sha, sha.left(2) + u'/' + sha + u".size"_s}));
        }
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_folder;
};

QTEST_GUILESS_MAIN(Tst_blobcache)
#include "tst_blobcache.moc"
