#include "files/mediatypes.h"
#include "files/uploadsource.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

const QByteArray pngBytes
    = QByteArray("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
                 "\x00\x90wS\xde",
          33)
    + QByteArray(200, '\x07');

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class tst_UploadSource final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refused_data();
    void refused();
    void acceptedFile_data();
    void acceptedFile();
    void relativePathBecomesAbsolute();
    void displayName_data();
    void displayName();
    void unchangedOnDisk();
    void changedOnDisk_data();
    void changedOnDisk();
};

void tst_UploadSource::refused_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("mimeOverride");
    QTest::addColumn<QString>("messagePart");
    QTest::addColumn<bool>("listsAccepted");

    QTest::newRow("missing") << u"missing"_s << QString() << u"does not exist"_s << false;
    QTest::newRow("dangling symlink") << u"dangling"_s << QString() << u"does not exist"_s << false;
    QTest::newRow("directory") << u"directory"_s << QString() << u"is a folder"_s << false;
    QTest::newRow("fifo") << u"fifo"_s << QString() << u"not a regular file"_s << false;
    QTest::newRow("unreadable") << u"unreadable"_s << QString() << u"cannot be read"_s << false;
    QTest::newRow("empty") << u"empty"_s << QString() << u"is empty"_s << false;
    QTest::newRow("over 2 GiB") << u"huge"_s << u"application/pdf"_s << u"larger than"_s << false;
    QTest::newRow("zip by content") << u"zip"_s << QString() << u"application/zip"_s << true;
    QTest::newRow("binary named .txt") << u"noise.txt"_s << QString() << u"application/octet-stream"_s << true;
    QTest::newRow("override refused") << u"png"_s << u"application/zip"_s << u"“application/zip”"_s << true;
    QTest::newRow("override garbage") << u"png"_s << u"no such type"_s << u"“no such type”"_s << true;
    QTest::newRow("no path") << u"nopath"_s << QString() << u"no file was given"_s << false;
}

void tst_UploadSource::refused()
{
    QFETCH(QString, setup);
    QFETCH(QString, mimeOverride);
    QFETCH(QString, messagePart);
    QFETCH(bool, listsAccepted);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = dir.filePath(setup);
    if (setup == "missing"_L1) {
    } else if (setup == "dangling"_L1) {
        QVERIFY(QFile::link(dir.filePath(u"gone"_s), path));
    } else if (setup == "directory"_L1) {
        QVERIFY(QDir(dir.path()).mkdir(setup));
    } else if (setup == "fifo"_L1) {
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    } else if (setup == "unreadable"_L1) {
        if (::geteuid() == 0) {
            // Permissions do not stop root; a write-only sysctl entry does (it checks its mode even for root).
            path = u"/proc/sys/vm/compact_memory"_s;
            if (!QFileInfo(path).isFile())
                QSKIP("running as root, and no write-only file to try reading");
        } else {
            QVERIFY(writeFile(path, pngBytes));
            QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions()));
        }
    } else if (setup == "empty"_L1) {
        QVERIFY(writeFile(path, {}));
    } else if (setup == "huge"_L1) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(UploadSource::MaxBytes + 1)); // sparse: takes no disk space
    } else if (setup == "zip"_L1) {
        QVERIFY(writeFile(path, QByteArray("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10) + QByteArray(300, 'z')));
    } else if (setup == "noise.txt"_L1) {
        QByteArray noise(400, '\0');
        for (int i = 0; i < noise.size(); ++i)
            noise[i] = char((i * 73 + 11) % 256);
        QVERIFY(writeFile(path, noise));
    } else if (setup == "png"_L1) {
        QVERIFY(writeFile(path, pngBytes));
    } else if (setup == "nopath"_L1) {
        path.clear();
    }

    const UploadSource source = UploadSource::inspect(path, mimeOverride);
    QVERIFY(!source.isValid());
    QCOMPARE(source.error.kind, ApiError::Kind::LocalFile);
    const QString message = source.error.userMessage();
    QVERIFY2(message.contains(messagePart), qPrintable(message));
    if (!path.isEmpty())
        QVERIFY2(message.contains(QDir::toNativeSeparators(path)), qPrintable(message));
    QCOMPARE(message.contains(MediaTypes::acceptedSummary()), listsAccepted);
    QVERIFY(source.mimeType.isEmpty() || !listsAccepted);
}

void tst_UploadSource::acceptedFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mimeOverride");
    QTest::addColumn<QString>("expectedType");

    QTest::newRow("png by content") << u"a.png"_s << pngBytes << QString() << u"image/png"_s;
    QTest::newRow("png, misnamed") << u"a.pdf"_s << pngBytes << QString() << u"image/png"_s;
    QTest::newRow("json is text") << u"d.json"_s << QByteArray("{\"k\": 1}\n") << QString() << u"text/plain"_s;
    QTest::newRow("python") << u"t.py"_s << QByteArray("print('hi')\n") << QString() << u"text/x-python"_s;
    QTest::newRow("override canonicalised") << u"a.bin"_s << pngBytes << u"audio/x-wav"_s << u"audio/wav"_s;
    QTest::newRow("override with parameters")
        << u"a.txt"_s << QByteArray("x\n") << u"Text/HTML; charset=utf-8"_s << u"text/html"_s;
}

void tst_UploadSource::acceptedFile()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mimeOverride);
    QFETCH(QString, expectedType);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    QVERIFY(writeFile(path, bytes));

    const UploadSource source = UploadSource::inspect(path, mimeOverride);
    QVERIFY2(source.isValid(), qPrintable(source.error.userMessage()));
    QCOMPARE(source.error.kind, ApiError::Kind::None);
    QCOMPARE(source.mimeType, expectedType);
    QCOMPARE(source.size, bytes.size());
    QCOMPARE(source.path, path);
    QCOMPARE(source.displayName, name);
    QVERIFY(source.modified.isValid());
}

void tst_UploadSource::relativePathBecomesAbsolute()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"rel.png"_s), pngBytes));
    const QString before = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    const UploadSource source = UploadSource::inspect(u"rel.png"_s);
    QVERIFY(QDir::setCurrent(before));
    QVERIFY(source.isValid());
    QVERIFY(QDir::isAbsolutePath(source.path));
    QCOMPARE(source.path, QFileInfo(dir.filePath(u"rel.png"_s)).absoluteFilePath());
}

void tst_UploadSource::displayName_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default: the file name") << QString() << u"sample.png"_s;
    QTest::newRow("the caller's") << u"Holiday photo"_s << u"Holiday photo"_s;
    QTest::newRow("trimmed") << u"  spaced  "_s << u"spaced"_s;
    QTest::newRow("clipped to 512") << QString(600, u'n') << QString(512, u'n');
    // 511 'a' then a character outside the BMP: the surrogate pair must not be split.
    QTest::newRow("no half character") << QString(511, u'a') + u"\U0001F600\U0001F600"_s << QString(511, u'a');
}

void tst_UploadSource::displayName()
{
    QFETCH(QString, given);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sample.png"_s);
    QVERIFY(writeFile(path, pngBytes));
    const UploadSource source = UploadSource::inspect(path, {}, given);
    QVERIFY(source.isValid());
    QCOMPARE(source.displayName, expected);
}

void tst_UploadSource::unchangedOnDisk()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"same.png"_s);
    QVERIFY(writeFile(path, pngBytes));
    const UploadSource source = UploadSource::inspect(path);
    QVERIFY(source.isValid());
    ApiError why;
    QVERIFY(source.unchangedOnDisk(&why));
    QVERIFY(!why.isError());
    QVERIFY(source.unchangedOnDisk()); // no out-parameter
}

void tst_UploadSource::changedOnDisk_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("appended") << u"append"_s << u"changed while it was being uploaded"_s;
    QTest::newRow("same size, new time") << u"touch"_s << u"changed while it was being uploaded"_s;
    QTest::newRow("truncated") << u"truncate"_s << u"changed while it was being uploaded"_s;
    QTest::newRow("removed") << u"remove"_s << u"removed or renamed"_s;
    QTest::newRow("replaced by a folder") << u"folder"_s << u"removed or renamed"_s;
}

void tst_UploadSource::changedOnDisk()
{
    QFETCH(QString, change);
    QFETCH(QString, messagePart);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"moving.png"_s);
    QVERIFY(writeFile(path, pngBytes));
    const UploadSource source = UploadSource::inspect(path);
    QVERIFY(source.isValid());

    if (change == "append"_L1) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        QCOMPARE(f.write("x"), 1);
    } else if (change == "touch"_L1) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(source.modified.addSecs(-3600), QFileDevice::FileModificationTime));
    } else if (change == "truncate"_L1) {
        QVERIFY(QFile::resize(path, 10));
    } else if (change == "remove"_L1) {
        QVERIFY(QFile::remove(path));
    } else if (change == "folder"_L1) {
        QVERIFY(QFile::remove(path));
        QVERIFY(QDir(dir.path()).mkdir(u"moving.png"_s));
    }
    ApiError why;
    QVERIFY(!source.unchangedOnDisk(&why));
    QCOMPARE(why.kind, ApiError::Kind::LocalFile);
    QVERIFY2(why.userMessage().contains(messagePart), qPrintable(why.userMessage()));
    QVERIFY(why.userMessage().contains(QDir::toNativeSeparators(path)));
}

QTEST_GUILESS_MAIN(tst_UploadSource)
#include "tst_uploadsource.moc"
