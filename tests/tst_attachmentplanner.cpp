// AttachmentPlanner: the pure plan (data tables), and prepare() end to end against the fake server's
// Files API through a real loopback socket, with a small inline limit so the files stay small.
#include "chat/attachmentplanner.h"
#include "fakefileservice.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "support/clientfixture.h"
#include "support/samplefiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;
using Route = AttachmentPlanner::Route;

namespace {

using SampleFiles::mp4Bytes;
using SampleFiles::sha256Hex;
using SampleFiles::textBytes;
using SampleFiles::tinyPng;

constexpr qint64 Limit = 1000 * 1000; // the inline limit of these tests: 1 MB
constexpr qint64 Granularity = 256 * 1024;

QList<Route> routes(const QString &letters)
{
    QList<Route> out;
    for (const QChar c : letters)
        out.append(c == u'I' ? Route::Inline : Route::Upload);
    return out;
}

QString letters(const QList<Route> &routes)
{
    QString out;
    for (const Route r : routes)
        out += r == Route::Inline ? u'I' : u'U';
    return out;
}

// One planner with its queue and registry over a fresh fake server.
struct Rig
{
    ClientFixture f;
    std::unique_ptr<UploadQueue> queue;
    std::unique_ptr<RemoteFileRegistry> registry;
    std::unique_ptr<AttachmentPlanner> planner;
    std::unique_ptr<QSignalSpy> ready, failed, progress, status;

    Rig()
    {
        f.server.files()->setGranularity(Granularity);
        queue = std::make_unique<UploadQueue>(f.client.get());
        registry = std::make_unique<RemoteFileRegistry>(f.client.get());
        FakeFileService *service = f.server.files();
        registry->setClock([service] { return service->now(); });
        planner = std::make_unique<AttachmentPlanner>(queue.get(), registry.get());
        planner->setInlineLimitBytes(Limit);
        ready = std::make_unique<QSignalSpy>(planner.get(), &AttachmentPlanner::ready);
        failed = std::make_unique<QSignalSpy>(planner.get(), &AttachmentPlanner::failed);
        progress = std::make_unique<QSignalSpy>(planner.get(), &AttachmentPlanner::progressChanged);
        status = std::make_unique<QSignalSpy>(planner.get(), &AttachmentPlanner::statusChanged);
    }

    ~Rig()
    {
        planner.reset();
        queue.reset();
        registry.reset();
    }

    // Runs the event loop until the preparation ends. The fake clocks (the client's scheduler and
    // the server's service clock) move only while no upload is on the wire, so no chunk times out:
    // they drive the registry's polling of a PROCESSING file.
    bool settle(int timeoutMs = 30000)
    {
        QElapsedTimer timer;
        timer.start();
        while (ready->isEmpty() && failed->isEmpty() && timer.elapsed() < timeoutMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (queue->isIdle()) {
                f.server.files()->advanceClock(1000);
                if (f.scheduler.pendingCount() > 0)
                    f.scheduler.advance(1000);
            }
        }
        return !ready->isEmpty() || !failed->isEmpty();
    }

    QList<Part> parts() const { return ready->isEmpty() ? QList<Part>() : ready->first().first().value<QList<Part>>(); }
    ApiError error() const { return failed->isEmpty() ? ApiError() : failed->first().first().value<ApiError>(); }
    QStringList statuses() const
    {
        QStringList out;
        for (const QList<QVariant> &args : std::as_const(*status))
            out.append(args.first().toString());
        return out;
    }
};

} // namespace

class tst_AttachmentPlanner final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void inlineCost_data();
    void inlineCost();
    void plan_data();
    void plan();

    void smallFilesGoInline();
    void largeFileIsUploadedAndReferenced();
    void progressPerAttachment();
    void orderIsKeptWithMixedRoutes();
    void pastedDataInlineAndUploaded();
    void waitsForProcessing();
    void processingFailureFails();
    void badAttachmentsSendNothing_data();
    void badAttachmentsSendNothing();
    void uploadFailureCancelsTheOthers();
    void cancelStopsUploads();
    void alreadyUploadedContentIsReused();
    void asynchronousAndOneAtATime();

private:
    QString writeFile(const QString &name, const QByteArray &bytes);
    QTemporaryDir m_dir;
};

void tst_AttachmentPlanner::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_AttachmentPlanner::cleanupTestCase()
{
    // The hashing threads end before the process does (OpenSSL releases its per-thread state then).
    QThreadPool::globalInstance()->waitForDone();
}

QString tst_AttachmentPlanner::writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// ---------------------------------------------------------------------------------------------- plan()

void tst_AttachmentPlanner::inlineCost_data()
{
    QTest::addColumn<qint64>("raw");
    QTest::addColumn<qint64>("cost");
    QTest::newRow("nothing") << qint64(0) << qint64(0);
    QTest::newRow("1 byte pads to 4") << qint64(1) << qint64(4);
    QTest::newRow("2 bytes") << qint64(2) << qint64(4);
    QTest::newRow("3 bytes") << qint64(3) << qint64(4);
    QTest::newRow("4 bytes") << qint64(4) << qint64(8);
    QTest::newRow("750 kB is 1 MB") << qint64(750000) << qint64(1000000);
    QTest::newRow("2 GiB") << qint64(2LL * 1024 * 1024 * 1024) << qint64(2863311532LL);
}

void tst_AttachmentPlanner::inlineCost()
{
    QFETCH(qint64, raw);
    QFETCH(qint64, cost);
    QCOMPARE(AttachmentPlanner::inlineCost(raw), cost);
}

void tst_AttachmentPlanner::plan_data()
{
    QTest::addColumn<QList<qint64>>("sizes");
    QTest::addColumn<qint64>("other");
    QTest::addColumn<qint64>("limit");
    QTest::addColumn<QString>("expected"); // I = inline, U = upload, in the order of the sizes

    using L = QList<qint64>;
    QTest::newRow("no attachments") << L {} << qint64(0) << Limit << u""_s;
    QTest::newRow("everything fits") << L {100, 2000, 30000} << qint64(500) << Limit << u"III"_s;
    QTest::newRow("exactly at the limit") << L {750000} << qint64(0) << Limit << u"I"_s;
    QTest::newRow("one byte over, by base64") << L {750001} << qint64(0) << Limit << u"U"_s;
    QTest::newRow("raw size fits, base64 does not") << L {900000} << qint64(0) << Limit << u"U"_s;
    // 136 + 668 = 804 fits in 804; 1200 does not: the smallest go first, the order stays.
    QTest::newRow("smallest inline first") << L {900, 100, 500} << qint64(0) << qint64(804) << u"UII"_s;
    QTest::newRow("one too many") << L {900, 100, 500} << qint64(0) << qint64(803) << u"UIU"_s;
    QTest::newRow("equal sizes keep their order") << L {3, 3, 3} << qint64(0) << qint64(8) << u"IIU"_s;
    QTest::newRow("zero limit uploads everything") << L {1, 2, 3} << qint64(0) << qint64(0) << u"UUU"_s;
    QTest::newRow("negative limit") << L {1} << qint64(0) << qint64(-5) << u"U"_s;
    QTest::newRow("the rest of the request counts") << L {3} << qint64(1) << qint64(4) << u"U"_s;
    QTest::newRow("the rest of the request leaves room") << L {3} << qint64(0) << qint64(4) << u"I"_s;
    QTest::newRow("the request alone is over") << L {1, 1} << qint64(Limit + 1) << Limit << u"UU"_s;
    QTest::newRow("a large one does not block smaller ones") << L {5000000, 10, 20} << qint64(0) << Limit << u"UII"_s;
    QTest::newRow("empty data costs nothing") << L {0, 750000} << qint64(0) << Limit << u"II"_s;
}

void tst_AttachmentPlanner::plan()
{
    QFETCH(QList<qint64>, sizes);
    QFETCH(qint64, other);
    QFETCH(qint64, limit);
    QFETCH(QString, expected);
    const QList<Route> result = AttachmentPlanner::plan(sizes, other, limit);
    QCOMPARE(letters(result), expected);
    QCOMPARE(result, routes(expected));
    // Whatever goes inline, the request stays within the limit.
    qint64 total = other;
    for (qsizetype i = 0; i < sizes.size(); ++i) {
        if (result.at(i) == Route::Inline)
            total += AttachmentPlanner::inlineCost(sizes.at(i));
    }
    QVERIFY(result.count(Route::Inline) == 0 || total <= limit);
}

// ---------------------------------------------------------------------------------------------- prepare()

void tst_AttachmentPlanner::smallFilesGoInline()
{
    Rig rig;
    const QByteArray notes = textBytes(2000);
    const QString png = writeFile(u"pixel.png"_s, tinyPng());
    const QString txt = writeFile(u"notes.txt"_s, notes);
    rig.planner->prepare({Attachment {png, {}, {}, {}}, Attachment {txt, {}, {}, {}}}, 100);
    QVERIFY(rig.planner->isBusy());
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    QVERIFY(!rig.planner->isBusy());
    const QList<Part> parts = rig.parts();
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts.at(0), Part::fromInlineData(u"image/png"_s, tinyPng()));
    QCOMPARE(parts.at(1), Part::fromInlineData(u"text/plain"_s, notes));
    QCOMPARE(rig.f.server.files()->sessions().size(), 0); // nothing uploaded
    QCOMPARE(rig.progress->size(), 0);                    // progress is for uploads only
}

void tst_AttachmentPlanner::largeFileIsUploadedAndReferenced()
{
    Rig rig;
    const QByteArray big = textBytes(3 * Granularity + 123, 'b');
    const QString path = writeFile(u"talk.txt"_s, big);
    rig.planner->prepare({Attachment {path, {}, {}, u"My talk"_s}}, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));

    const QList<FakeFileService::File> files = rig.f.server.files()->files();
    QCOMPARE(files.size(), 1);
    const FakeFileService::File &file = files.first();
    QCOMPARE(file.displayName, u"My talk"_s);
    QCOMPARE(file.sizeBytes, big.size());
    QCOMPARE(file.sha256Hex, sha256Hex(big));
    const QList<Part> parts = rig.parts();
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts.first().kind, Part::Kind::FileData);
    QCOMPARE(parts.first().mimeType, u"text/plain"_s);
    QVERIFY2(parts.first().fileUri.endsWith(file.name), qPrintable(parts.first().fileUri));
    QVERIFY(rig.registry->file(file.name).has_value()); // recorded for reuse

    // Progress: never backwards, ends with everything sent.
    QVERIFY(!rig.progress->isEmpty());
    qint64 last = -1;
    for (const QList<QVariant> &args : std::as_const(*rig.progress)) {
        QVERIFY(args.at(0).toLongLong() >= last);
        last = args.at(0).toLongLong();
        QCOMPARE(args.at(1).toLongLong(), big.size());
    }
    QCOMPARE(last, big.size());
    QVERIFY2(rig.statuses().contains(u"Uploading My talk…"_s), qPrintable(rig.statuses().join(u" | "_s)));
}

void tst_AttachmentPlanner::progressPerAttachment()
{
    Rig rig;
    const QByteArray big = textBytes(3 * Granularity + 7, 'k'); // over the limit: uploaded
    const QString png = writeFile(u"dot.png"_s, tinyPng());
    const QString txt = writeFile(u"big.txt"_s, big);
    QSignalSpy each(rig.planner.get(), &AttachmentPlanner::attachmentProgress);
    // Whether every report came before ready().
    bool afterReady = false;
    connect(rig.planner.get(), &AttachmentPlanner::attachmentProgress, rig.planner.get(),
        [&](int, qint64, qint64) { afterReady = afterReady || !rig.ready->isEmpty(); });
    rig.planner->prepare({Attachment {png, {}, {}, {}}, Attachment {txt, {}, {}, {}}}, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    QVERIFY(!afterReady);

    QList<QList<qint64>> byIndex(2); // the sent values reported, per attachment
    for (const QList<QVariant> &args : std::as_const(each)) {
        const int index = args.at(0).toInt();
        QVERIFY(index == 0 || index == 1);
        QCOMPARE(args.at(2).toLongLong(), index == 0 ? qint64(tinyPng().size()) : qint64(big.size()));
        byIndex[index].append(args.at(1).toLongLong());
    }
    // The inline one: once, complete.
    QCOMPARE(byIndex.at(0), QList<qint64> {tinyPng().size()});
    // The uploaded one: as it goes, never backwards, up to all of it.
    QVERIFY(!byIndex.at(1).isEmpty());
    QVERIFY(std::is_sorted(byIndex.at(1).cbegin(), byIndex.at(1).cend()));
    QCOMPARE(byIndex.at(1).last(), big.size());
    QCOMPARE(byIndex.at(1).count(big.size()), 1); // no repeats of the same value
    // The overall progress agrees with the upload's.
    QCOMPARE(rig.progress->last().at(0).toLongLong(), big.size());

    // A failed preparation reports no inline attachment as complete.
    each.clear();
    rig.failed->clear();
    rig.ready->clear();
    rig.planner->prepare({Attachment {png, {}, {}, {}}, Attachment {m_dir.filePath(u"missing.txt"_s), {}, {}, {}}}, 0);
    QVERIFY(rig.settle());
    QCOMPARE(rig.failed->size(), 1);
    QCOMPARE(each.size(), 0);
}

void tst_AttachmentPlanner::orderIsKeptWithMixedRoutes()
{
    Rig rig;
    const QByteArray a = textBytes(800 * 1000, 'c'); // 1.07 MB of base64: over the limit alone
    const QByteArray b = textBytes(300 * 1000, 'd');
    const QByteArray c = textBytes(600 * 1000, 'e'); // fits alone, not with b
    const QString pathA = writeFile(u"a.txt"_s, a);
    const QString pathB = writeFile(u"b.txt"_s, b);
    const QString pathC = writeFile(u"c.txt"_s, c);
    rig.queue->setMaxConcurrent(1); // one after the other: each has its status
    rig.planner->prepare(
        {Attachment {pathA, {}, {}, {}}, Attachment {pathB, {}, {}, {}}, Attachment {pathC, {}, {}, {}}}, 1000);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const QList<Part> parts = rig.parts();
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts.at(0).kind, Part::Kind::FileData);
    QCOMPARE(parts.at(1), Part::fromInlineData(u"text/plain"_s, b));
    QCOMPARE(parts.at(2).kind, Part::Kind::FileData);
    QVERIFY(parts.at(0).fileUri != parts.at(2).fileUri);

    QHash<QString, QByteArray> shaByUri;
    for (const FakeFileService::File &f : rig.f.server.files()->files())
        shaByUri.insert(f.name, f.sha256Hex);
    QCOMPARE(shaByUri.size(), 2);
    auto shaOf = [&](const Part &p) { return shaByUri.value(u"files/"_s + p.fileUri.section(u'/', -1)); };
    QCOMPARE(shaOf(parts.at(0)), sha256Hex(a));
    QCOMPARE(shaOf(parts.at(2)), sha256Hex(c));
    const QStringList statuses = rig.statuses();
    QVERIFY2(statuses.contains(u"Uploading a.txt (1 of 2)…"_s), qPrintable(statuses.join(u" | "_s)));
    QVERIFY2(statuses.contains(u"Uploading c.txt (2 of 2)…"_s), qPrintable(statuses.join(u" | "_s)));
    for (const QString &status : statuses) // text files need no processing: no waiting is shown
        QVERIFY2(status.startsWith(u"Uploading "_s), qPrintable(status));
}

void tst_AttachmentPlanner::pastedDataInlineAndUploaded()
{
    Rig rig;
    const QByteArray small = tinyPng();
    const QByteArray large = textBytes(900 * 1000, 'f');
    rig.planner->prepare({Attachment {{}, small, {}, {}}, Attachment {{}, large, {}, u"clipboard.txt"_s}}, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const QList<Part> parts = rig.parts();
    QCOMPARE(parts.size(), 2);
    QCOMPARE(parts.at(0), Part::fromInlineData(u"image/png"_s, small));
    QCOMPARE(parts.at(1).kind, Part::Kind::FileData);
    const QList<FakeFileService::File> files = rig.f.server.files()->files();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.first().displayName, u"clipboard.txt"_s);
    QCOMPARE(files.first().sha256Hex, sha256Hex(large));
    QCOMPARE(files.first().mimeType, u"text/plain"_s);
    // The temporary copy is gone once its upload ended.
    const QStringList leftovers = QDir(QDir::tempPath()).entryList({u"alhena-pasted-*"_s}, QDir::Files);
    for (const QString &name : leftovers) // other test runs may be in flight: only ours must be gone
        QVERIFY2(QFileInfo(QDir(QDir::tempPath()).filePath(name)).size() != large.size(), qPrintable(name));
}

void tst_AttachmentPlanner::waitsForProcessing()
{
    Rig rig;
    rig.f.server.files()->setProcessingMs(5000);
    const QByteArray clip = mp4Bytes(4 * Granularity); // over the inline limit
    const QString path = writeFile(u"clip.mp4"_s, clip);
    rig.planner->prepare({Attachment {path, {}, {}, {}}}, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const QList<Part> parts = rig.parts();
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts.first().kind, Part::Kind::FileData);
    QCOMPARE(parts.first().mimeType, u"video/mp4"_s);
    const QList<FakeFileService::File> files = rig.f.server.files()->files();
    QCOMPARE(files.size(), 1);
    QCOMPARE(files.first().state, u"ACTIVE"_s); // ready() came only once the server said ACTIVE
    QVERIFY2(
        rig.statuses().contains(u"Waiting for clip.mp4 to be processed…"_s), qPrintable(rig.statuses().join(u" | "_s)));
    QVERIFY(rig.f.server.requests(u"/v1beta/files/"_s).size() >= 1); // it polled
}

void tst_AttachmentPlanner::processingFailureFails()
{
    Rig rig;
    rig.f.server.files()->setProcessingMs(3000);
    rig.f.server.files()->setFailProcessing(true, u"The video could not be decoded."_s);
    const QString path = writeFile(u"broken.mp4"_s, mp4Bytes(4 * Granularity));
    rig.planner->prepare({Attachment {path, {}, {}, {}}}, 0);
    QVERIFY(rig.settle());
    QCOMPARE(rig.ready->size(), 0);
    QCOMPARE(rig.failed->size(), 1);
    QCOMPARE(rig.error().kind, ApiError::Kind::FailedPrecondition);
    QVERIFY2(rig.error().message.contains(u"could not be decoded"_s), qPrintable(rig.error().message));
    QVERIFY(!rig.planner->isBusy());
}

void tst_AttachmentPlanner::badAttachmentsSendNothing_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing file") << u"missing"_s << u"does not exist"_s;
    QTest::newRow("empty file") << u"empty"_s << u"empty"_s;
    QTest::newRow("directory") << u"directory"_s << u"folder"_s;
    QTest::newRow("unsupported file") << u"zip"_s << u"accept"_s;
    QTest::newRow("empty pasted data") << u"pasted-empty"_s << u"empty"_s;
    QTest::newRow("unsupported pasted data") << u"pasted-binary"_s << u"accept"_s;
}

void tst_AttachmentPlanner::badAttachmentsSendNothing()
{
    QFETCH(QString, kind);
    QFETCH(QString, message);
    Rig rig;
    Attachment bad;
    if (kind == "missing"_L1)
        bad.path = m_dir.filePath(u"no-such-file.png"_s);
    else if (kind == "empty"_L1)
        bad.path = writeFile(u"empty.txt"_s, {});
    else if (kind == "directory"_L1)
        bad.path = m_dir.path();
    else if (kind == "zip"_L1)
        bad.path
            = writeFile(u"archive.zip"_s, QByteArray("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10) + QByteArray(40, 'x'));
    else if (kind == "pasted-binary"_L1)
        bad.bytes = QByteArray("\x00\x01\x02\x03\xfe\xff\x00\x10\x7f\x80", 10);
    // A good, large file before the bad one: still nothing is uploaded.
    const QString good = writeFile(u"good.txt"_s, textBytes(900 * 1000));
    rig.planner->prepare({Attachment {good, {}, {}, {}}, bad}, 0);
    QVERIFY(rig.settle());
    QCOMPARE(rig.ready->size(), 0);
    QCOMPARE(rig.failed->size(), 1);
    QCOMPARE(rig.error().kind, ApiError::Kind::LocalFile);
    QVERIFY2(rig.error().userMessage().contains(message, Qt::CaseInsensitive), qPrintable(rig.error().userMessage()));
    if (kind.contains(u"zip"_s) || kind.contains(u"binary"_s)) // the accepted types are listed
        QVERIFY2(rig.error().userMessage().contains(u"WAV"_s) && rig.error().userMessage().contains(u"PDF"_s),
            qPrintable(rig.error().userMessage()));
    QTest::qWait(50);
    QCOMPARE(rig.f.server.requests().size(), 0);
}

void tst_AttachmentPlanner::uploadFailureCancelsTheOthers()
{
    Rig rig;
    rig.f.server.files()->setLinkBytesPerSecond(2 * 1000 * 1000); // the large one is still on the wire...
    rig.f.server.files()->setMaxFileBytes(2 * 1000 * 1000);       // ...when the too-large one is refused
    const QString ok = writeFile(u"ok.txt"_s, textBytes(1900 * 1000, 'g'));
    const QString tooLarge = writeFile(u"large.txt"_s, textBytes(2100 * 1000, 'h'));
    rig.planner->prepare({Attachment {ok, {}, {}, {}}, Attachment {tooLarge, {}, {}, {}}}, 0);
    QVERIFY(rig.settle());
    QCOMPARE(rig.ready->size(), 0);
    QCOMPARE(rig.failed->size(), 1);
    QVERIFY(rig.error().kind != ApiError::Kind::Cancelled);
    QVERIFY(!rig.planner->isBusy());
    // The other upload was cancelled, with the protocol's cancel command.
    QTRY_VERIFY_WITH_TIMEOUT(rig.queue->isIdle(), 20000);
    const QList<UploadQueue::Item> items = rig.queue->items();
    QCOMPARE(items.size(), 2);
    int cancelled = 0;
    for (const UploadQueue::Item &item : items)
        cancelled += item.status == UploadQueue::Status::Cancelled;
    QCOMPARE(cancelled, 1);
    QCOMPARE(rig.f.server.files()->files().size(), 0);
}

void tst_AttachmentPlanner::cancelStopsUploads()
{
    Rig rig;
    rig.f.server.files()->setLinkBytesPerSecond(500 * 1000);
    const QString path = writeFile(u"slow.txt"_s, textBytes(4 * Granularity, 'i'));
    rig.planner->prepare({Attachment {path, {}, {}, {}}}, 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        !rig.f.server.files()->sessions().isEmpty() && rig.f.server.files()->sessions().first().bodyBytesReceived > 0,
        10000);
    rig.planner->cancel();
    QVERIFY(!rig.planner->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(rig.queue->isIdle(), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(rig.f.server.files()->sessions().first().cancelled, 10000);
    QCOMPARE(rig.f.server.files()->files().size(), 0);
    QTest::qWait(100);
    QCOMPARE(rig.ready->size(), 0); // after cancel(), nothing more is said
    QCOMPARE(rig.failed->size(), 0);

    // Cancelling before the run started sends nothing at all.
    rig.f.server.clearRequests();
    rig.planner->prepare({Attachment {path, {}, {}, {}}}, 0);
    rig.planner->cancel();
    QTest::qWait(100);
    // (The cut chunk of the first upload may still be logged late: only new starts count.)
    const QList<FakeGeminiServer::Request> requests = rig.f.server.requests();
    const auto starts = std::count_if(requests.cbegin(), requests.cend(),
        [](const FakeGeminiServer::Request &r) { return r.header("x-goog-upload-command").contains("start"); });
    QCOMPARE(starts, 0);
    QCOMPARE(rig.ready->size() + rig.failed->size(), 0);
}

void tst_AttachmentPlanner::alreadyUploadedContentIsReused()
{
    Rig rig;
    rig.queue->setReuseLookup([registry = rig.registry.get()](const QByteArray &sha, qint64 size, QObject *context,
                                  std::function<void(const std::optional<RemoteFile> &)> answer) {
        registry->findReusable(sha, size, context, std::move(answer));
    });
    const QString path = writeFile(u"again.txt"_s, textBytes(4 * Granularity, 'j'));
    rig.planner->prepare({Attachment {path, {}, {}, {}}}, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const Part first = rig.parts().first();

    rig.ready->clear();
    rig.planner->prepare({Attachment {path, {}, {}, {}}}, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    QCOMPARE(rig.parts().first(), first);
    QCOMPARE(rig.f.server.files()->sessions().size(), 1); // uploaded once
}

void tst_AttachmentPlanner::asynchronousAndOneAtATime()
{
    Rig rig;
    const QString png = writeFile(u"one.png"_s, tinyPng());
    rig.planner->prepare({Attachment {png, {}, {}, {}}}, 0);
    QCOMPARE(rig.ready->size(), 0); // never from inside prepare()
    QTest::ignoreMessage(QtWarningMsg, "prepare() while a preparation is in progress: ignored");
    rig.planner->prepare({Attachment {m_dir.filePath(u"missing.png"_s), {}, {}, {}}}, 0);
    QVERIFY(rig.settle());
    QTest::qWait(50);
    QCOMPARE(rig.ready->size(), 1);
    QCOMPARE(rig.failed->size(), 0);

    // No attachments: ready at once with nothing.
    rig.planner->prepare({}, 0);
    QTRY_COMPARE(rig.ready->size(), 2);
    QVERIFY(rig.ready->at(1).first().value<QList<Part>>().isEmpty());
}

QTEST_GUILESS_MAIN(tst_AttachmentPlanner)
#include "tst_attachmentplanner.moc"
