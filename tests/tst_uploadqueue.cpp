#include "fakefileservice.h"
#include "files/uploadqueue.h"
#include "support/clientfixture.h"
#include "support/samplefiles.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(UploadQueue::Status)

namespace {

using SampleFiles::randomBytes;
using SampleFiles::sha256Hex;
using SampleFiles::writeFile;

constexpr qint64 G = 256 * 1024;

UploadSource sourceFor(const QString &path)
{
    return UploadSource::inspect(path, u"application/pdf"_s);
}

// Counts how many items run at once, from the signals alone.
struct Observer
{
    explicit Observer(UploadQueue *queue)
        : q(queue)
        , finished(queue, &UploadQueue::itemFinished)
        , failed(queue, &UploadQueue::itemFailed)
        , idle(queue, &UploadQueue::idle)
        , added(queue, &UploadQueue::itemAdded)
    {
        QObject::connect(queue, &UploadQueue::itemChanged, queue, [this] {
            int running = 0;
            for (const UploadQueue::Item &item : q->items()) {
                if (item.status == UploadQueue::Status::Hashing || item.status == UploadQueue::Status::Uploading)
                    ++running;
            }
            maxRunning = std::max(maxRunning, running);
            QCOMPARE(running, q->runningCount());
        });
        QObject::connect(queue, &UploadQueue::progressChanged, queue, [this](qint64 sent, qint64 total) {
            progress.append({sent, total});
        });
    }
    UploadQueue *q;
    QSignalSpy finished;
    QSignalSpy failed;
    QSignalSpy idle;
    QSignalSpy added;
    int maxRunning = 0;
    QList<QPair<qint64, qint64>> progress;
};

bool runUntilIdle(ClientFixture &f, UploadQueue &queue, int timeoutMs = 30000)
{
    return f.driveRetries([&] { return queue.isIdle(); }, timeoutMs);
}

} // namespace

class tst_UploadQueue final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allDoneWithinConcurrency_data();
    void allDoneWithinConcurrency();
    void reuseSkipsTheUpload();
    void reuseLookupMissOrMismatchUploads_data();
    void reuseLookupMissOrMismatchUploads();
    void cancelOneWhileOthersContinue();
    void cancelQueuedItem();
    void invalidSourceFailsItsItem();
    void fileGoneBeforeHashing();
    void pauseFreesTheSlot();
    void retryAfterFailure();
    void aggregateProgress();
    void cancelAllAndRemoveFinished();
    void destroyWhileBusy();
};

void tst_UploadQueue::allDoneWithinConcurrency_data()
{
    QTest::addColumn<int>("maxConcurrent");
    QTest::newRow("1 at a time") << 1;
    QTest::newRow("2 at a time (default)") << 0;
    QTest::newRow("3 at a time") << 3;
}

void tst_UploadQueue::allDoneWithinConcurrency()
{
    QFETCH(int, maxConcurrent);
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.server.files()->setLinkBytesPerSecond(16 * 1024 * 1024); // long enough for the uploads to overlap
    QTemporaryDir dir;
    UploadQueue queue(f.client.get());
    if (maxConcurrent)
        queue.setMaxConcurrent(maxConcurrent);
    const int expectedMax = maxConcurrent ? maxConcurrent : 2;
    QCOMPARE(queue.maxConcurrent(), expectedMax);
    queue.setChunkBytes(G);
    Observer o(&queue);

    QHash<int, QByteArray> digests;
    qint64 total = 0;
    for (int i = 0; i < 5; ++i) {
        const QByteArray bytes = randomBytes(3 * G + i * 1000 + 1, quint32(100 + i));
        total += bytes.size();
        const int id = queue.enqueue(sourceFor(writeFile(dir, u"f%1.pdf"_s.arg(i), bytes)));
        digests.insert(id, sha256Hex(bytes));
    }
    QCOMPARE(o.added.count(), 5);
    QCOMPARE(queue.items().size(), 5);
    QVERIFY(!queue.isIdle());
    QVERIFY(runUntilIdle(f, queue));
    QCOMPARE(o.failed.count(), 0);
    QCOMPARE(o.finished.count(), 5);
    QCOMPARE(o.idle.count(), 1);
    QCOMPARE(o.maxRunning, expectedMax); // never above, and the slots were used
    QCOMPARE(queue.runningCount(), 0);
    for (const UploadQueue::Item &item : queue.items()) {
        QCOMPARE(item.status, UploadQueue::Status::Finished);
        QVERIFY(!item.reused);
        QCOMPARE(item.sha256Hex, digests.value(item.id));
        QCOMPARE(item.file.sha256Hex(), digests.value(item.id));
        QCOMPARE(item.sent, item.total);
        QCOMPARE(item.uploadState, ResumableUpload::State::Finished);
    }
    QCOMPARE(f.server.files()->files().size(), 5);
    for (const FakeFileService::SessionStats &s : f.server.files()->sessions())
        QCOMPARE(s.duplicateBytes, 0);
    QCOMPARE(queue.bytesSent(), total);
    QCOMPARE(queue.totalBytes(), total);
    QCOMPARE(o.progress.last(), (QPair<qint64, qint64>(total, total)));
}

void tst_UploadQueue::reuseSkipsTheUpload()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(2 * G + 3, 7);
    UploadQueue queue(f.client.get());
    QList<RemoteFile> uploaded;
    int lookups = 0;
    queue.setReuseLookup([&](const QByteArray &sha, qint64 size, QObject *context,
                             std::function<void(const std::optional<RemoteFile> &)> answer) {
        ++lookups;
        std::optional<RemoteFile> hit;
        for (const RemoteFile &file : std::as_const(uploaded)) {
            if (file.sha256Hex() == sha && file.sizeBytes == size)
                hit = file;
        }
        QTimer::singleShot(5, context, [answer, hit] { answer(hit); }); // later, as a registry would
    });
    Observer o(&queue);
    connect(&queue, &UploadQueue::itemFinished, this, [&](int, const RemoteFile &file) { uploaded.append(file); });

    const int first = queue.enqueue(sourceFor(writeFile(dir, u"a.pdf"_s, bytes)));
    QVERIFY(runUntilIdle(f, queue));
    QCOMPARE(f.server.files()->sessions().size(), 1);
    const int second = queue.enqueue(sourceFor(writeFile(dir, u"copy of a.pdf"_s, bytes)));
    QVERIFY(runUntilIdle(f, queue));

    QCOMPARE(lookups, 2);
    QCOMPARE(f.server.files()->sessions().size(), 1); // nothing uploaded the second time
    const UploadQueue::Item a = *queue.item(first);
    const UploadQueue::Item b = *queue.item(second);
    QVERIFY(!a.reused);
    QVERIFY(b.reused);
    QCOMPARE(b.status, UploadQueue::Status::Finished);
    QCOMPARE(b.file, a.file);
    QCOMPARE(b.sent, b.total);
    QCOMPARE(o.finished.count(), 2);
    QCOMPARE(o.finished.at(1).at(1).value<RemoteFile>().name, a.file.name);
    QCOMPARE(o.idle.count(), 2);
}

void tst_UploadQueue::reuseLookupMissOrMismatchUploads_data()
{
    QTest::addColumn<QString>("answer");
    QTest::newRow("nothing") << u"none"_s;
    QTest::newRow("another size") << u"size"_s;
    QTest::newRow("another digest") << u"digest"_s;
    QTest::newRow("synchronous nothing") << u"sync"_s;
}

void tst_UploadQueue::reuseLookupMissOrMismatchUploads()
{
    QFETCH(QString, answer);
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(G + 5, 8);
    UploadQueue queue(f.client.get());
    queue.setReuseLookup([&](const QByteArray &, qint64 size, QObject *context,
                             std::function<void(const std::optional<RemoteFile> &)> reply) {
        RemoteFile other;
        other.name = u"files/other"_s;
        other.state = RemoteFile::State::Active;
        other.sizeBytes = answer == "size"_L1 ? size + 1 : size;
        other.sha256Hash = RemoteFile::sha256HashFromHex(sha256Hex("other content"));
        if (answer == "sync"_L1) {
            reply(std::nullopt);
            return;
        }
        QTimer::singleShot(0, context,
            [reply, other, answer] { reply(answer == "none"_L1 ? std::nullopt : std::optional<RemoteFile>(other)); });
    });
    const int id = queue.enqueue(sourceFor(writeFile(dir, u"x.pdf"_s, bytes)));
    QVERIFY(runUntilIdle(f, queue));
    const UploadQueue::Item item = *queue.item(id);
    QCOMPARE(item.status, UploadQueue::Status::Finished);
    QVERIFY(!item.reused);
    QCOMPARE(item.file.sha256Hex(), sha256Hex(bytes));
    QCOMPARE(f.server.files()->sessions().size(), 1);
}

void tst_UploadQueue::cancelOneWhileOthersContinue()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.server.files()->setLinkBytesPerSecond(4 * 1024 * 1024);
    QTemporaryDir dir;
    UploadQueue queue(f.client.get());
    queue.setMaxConcurrent(3);
    queue.setChunkBytes(G);
    Observer o(&queue);
    QList<int> ids;
    for (int i = 0; i < 3; ++i)
        ids.append(queue.enqueue(sourceFor(writeFile(dir, u"c%1.pdf"_s.arg(i), randomBytes(6 * G, quint32(i + 20))))));
    QTRY_VERIFY_WITH_TIMEOUT(queue.item(ids[1])->sent >= G, 10000);
    queue.cancel(ids[1]);
    QCOMPARE(queue.item(ids[1])->status, UploadQueue::Status::Cancelled);
    QCOMPARE(queue.item(ids[1])->error.kind, ApiError::Kind::Cancelled);
    QCOMPARE(o.failed.count(), 1);
    QCOMPARE(o.failed.at(0).at(0).toInt(), ids[1]);
    QVERIFY(runUntilIdle(f, queue));
    QCOMPARE(queue.item(ids[0])->status, UploadQueue::Status::Finished);
    QCOMPARE(queue.item(ids[2])->status, UploadQueue::Status::Finished);
    QCOMPARE(o.finished.count(), 2);
    QCOMPARE(f.server.files()->files().size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            int n = 0;
            for (const FakeFileService::SessionStats &s : f.server.files()->sessions())
                n += s.cancelled ? 1 : 0;
            return n;
        }(),
        1, 5000);
    // The cancelled item counts neither in the sent nor in the total bytes.
    QCOMPARE(queue.totalBytes(), 12 * G);
    QCOMPARE(queue.bytesSent(), 12 * G);
}

void tst_UploadQueue::cancelQueuedItem()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    UploadQueue queue(f.client.get());
    queue.setMaxConcurrent(1);
    Observer o(&queue);
    const int first = queue.enqueue(sourceFor(writeFile(dir, u"1.pdf"_s, randomBytes(G, 30))));
    const int second = queue.enqueue(sourceFor(writeFile(dir, u"2.pdf"_s, randomBytes(G, 31))));
    queue.cancel(second); // still waiting: it never starts
    QCOMPARE(queue.item(second)->status, UploadQueue::Status::Cancelled);
    QVERIFY(runUntilIdle(f, queue));
    QCOMPARE(queue.item(first)->status, UploadQueue::Status::Finished);
    QCOMPARE(queue.item(second)->status, UploadQueue::Status::Cancelled);
    QVERIFY(queue.item(second)->sha256Hex.isEmpty()); // never hashed
    QCOMPARE(f.server.files()->sessions().size(), 1);
    queue.cancel(second); // again: nothing
    QCOMPARE(o.failed.count(), 1);
}

void tst_UploadQueue::invalidSourceFailsItsItem()
{
    ClientFixture f;
    QTemporaryDir dir;
    UploadQueue queue(f.client.get());
    Observer o(&queue);
    const int id = queue.enqueue(UploadSource::inspect(dir.filePath(u"absent.pdf"_s)));
    QCOMPARE(o.failed.count(), 0); // asynchronously
    QVERIFY(o.failed.wait(5000));
    QCOMPARE(o.failed.at(0).at(0).toInt(), id);
    QCOMPARE(o.failed.at(0).at(1).value<ApiError>().kind, ApiError::Kind::LocalFile);
    QCOMPARE(queue.item(id)->status, UploadQueue::Status::Failed);
    QVERIFY(queue.isIdle());
    QCOMPARE(o.idle.count(), 1);
    QCOMPARE(f.server.connectionCount(), 0);
}

void tst_UploadQueue::fileGoneBeforeHashing()
{
    ClientFixture f;
    QTemporaryDir dir;
    UploadQueue queue(f.client.get());
    Observer o(&queue);
    const QString path = writeFile(dir, u"gone.pdf"_s, randomBytes(1000, 32));
    const int id = queue.enqueue(sourceFor(path));
    QVERIFY(QFile::remove(path)); // before the queue got to it
    QVERIFY(runUntilIdle(f, queue));
    QCOMPARE(queue.item(id)->status, UploadQueue::Status::Failed);
    QCOMPARE(queue.item(id)->error.kind, ApiError::Kind::LocalFile);
    QCOMPARE(f.server.connectionCount(), 0);
}

void tst_UploadQueue::pauseFreesTheSlot()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.server.files()->setLinkBytesPerSecond(4 * 1024 * 1024);
    QTemporaryDir dir;
    UploadQueue queue(f.client.get());
    queue.setMaxConcurrent(1);
    queue.setChunkBytes(G);
    const QByteArray bytes = randomBytes(6 * G, 40);
    const int first = queue.enqueue(sourceFor(writeFile(dir, u"p1.pdf"_s, bytes)));
    const int second = queue.enqueue(sourceFor(writeFile(dir, u"p2.pdf"_s, randomBytes(2 * G, 41))));
    QTRY_VERIFY_WITH_TIMEOUT(queue.item(first)->sent >= G, 10000);
    queue.pause(first);
    QCOMPARE(queue.item(first)->status, UploadQueue::Status::Paused);
    // The second one gets the slot and finishes while the first waits.
    QTRY_COMPARE_WITH_TIMEOUT(queue.item(second)->status, UploadQueue::Status::Finished, 15000);
    QCOMPARE(queue.item(first)->status, UploadQueue::Status::Paused);
    QVERIFY(queue.isIdle()); // paused items wait for the user
    queue.resume(first);
    QVERIFY(!queue.isIdle());
    QVERIFY(runUntilIdle(f, queue));
    const UploadQueue::Item item = *queue.item(first);
    QCOMPARE(item.status, UploadQueue::Status::Finished);
    QCOMPARE(item.file.sha256Hex(), sha256Hex(bytes));
    const QList<FakeFileService::SessionStats> sessions = f.server.files()->sessions();
    QCOMPARE(sessions.size(), 2); // the first kept its session
    QCOMPARE(sessions[0].duplicateBytes, 0);
    QVERIFY(sessions[0].queryRequests >= 1);
}

void tst_UploadQueue::retryAfterFailure()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    QTemporaryDir dir;
    const QByteArray bytes = randomBytes(G + 9, 50);
    FakeFileService::ChunkFault fault;
    fault.httpStatus = 403; // not transient: the item fails
    f.server.files()->enqueueChunkFault(fault);
    UploadQueue queue(f.client.get());
    Observer o(&queue);
    const int id = queue.enqueue(sourceFor(writeFile(dir, u"r.pdf"_s, bytes)));
    QVERIFY(runUntilIdle(f, queue));
    QCOMPARE(queue.item(id)->status, UploadQueue::Status::Failed);
    QCOMPARE(queue.item(id)->error.httpStatus, 403);
    QCOMPARE(queue.totalBytes(), 0); // a failed item counts for nothing
    queue.retry(id);
    QCOMPARE(queue.item(id)->status, UploadQueue::Status::Queued);
    QVERIFY(!queue.item(id)->error.isError());
    QVERIFY(runUntilIdle(f, queue));
    QCOMPARE(queue.item(id)->status, UploadQueue::Status::Finished);
    QCOMPARE(queue.item(id)->file.sha256Hex(), sha256Hex(bytes));
    QCOMPARE(o.idle.count(), 2);
    queue.retry(id); // a finished item: nothing
    QCOMPARE(queue.item(id)->status, UploadQueue::Status::Finished);
}

void tst_UploadQueue::aggregateProgress()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.server.files()->setLinkBytesPerSecond(8 * 1024 * 1024);
    QTemporaryDir dir;
    UploadQueue queue(f.client.get());
    queue.setChunkBytes(G);
    Observer o(&queue);
    qint64 total = 0;
    for (int i = 0; i < 3; ++i) {
        const QByteArray bytes = randomBytes(4 * G + i, quint32(60 + i));
        total += bytes.size();
        queue.enqueue(sourceFor(writeFile(dir, u"g%1.pdf"_s.arg(i), bytes)));
    }
    QCOMPARE(o.progress.last(), (QPair<qint64, qint64>(0, total))); // the totals grew as items were added
    o.progress.clear();
    // The aggregate is the sum of the items at every step.
    connect(&queue, &UploadQueue::itemChanged, this, [&] {
        qint64 sent = 0;
        for (const UploadQueue::Item &item : queue.items())
            sent += item.sent;
        QCOMPARE(queue.bytesSent(), sent);
        QCOMPARE(queue.totalBytes(), total);
    });
    QVERIFY(runUntilIdle(f, queue));
    QVERIFY(o.progress.size() > 3);
    for (qsizetype i = 1; i < o.progress.size(); ++i) {
        QVERIFY(o.progress[i].first >= o.progress[i - 1].first); // no failures: never backwards
        QCOMPARE(o.progress[i].second, total);
    }
    QCOMPARE(o.progress.last().first, total);
    QCOMPARE(queue.msRemaining(), std::optional<qint64>(0));
}

void tst_UploadQueue::cancelAllAndRemoveFinished()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.server.files()->setLinkBytesPerSecond(2 * 1024 * 1024);
    QTemporaryDir dir;
    UploadQueue queue(f.client.get());
    Observer o(&queue);
    for (int i = 0; i < 4; ++i)
        queue.enqueue(sourceFor(writeFile(dir, u"a%1.pdf"_s.arg(i), randomBytes(4 * G, quint32(70 + i)))));
    QTRY_VERIFY_WITH_TIMEOUT(queue.bytesSent() > 0, 10000);
    queue.cancelAll();
    QVERIFY(queue.isIdle());
    QCOMPARE(o.failed.count(), 4);
    QCOMPARE(o.idle.count(), 1);
    for (const UploadQueue::Item &item : queue.items())
        QCOMPARE(item.status, UploadQueue::Status::Cancelled);
    QTest::qWait(200);
    QCOMPARE(f.server.files()->files().size(), 0);
    QCOMPARE(o.finished.count(), 0);
    queue.removeFinished();
    QVERIFY(queue.items().isEmpty());
    QCOMPARE(queue.totalBytes(), 0);
}

void tst_UploadQueue::destroyWhileBusy()
{
    ClientFixture f;
    f.server.files()->setGranularity(G);
    f.server.files()->setLinkBytesPerSecond(1024 * 1024);
    QTemporaryDir dir;
    auto *queue = new UploadQueue(f.client.get());
    for (int i = 0; i < 3; ++i)
        queue->enqueue(sourceFor(writeFile(dir, u"d%1.pdf"_s.arg(i), randomBytes(4 * G, quint32(80 + i)))));
    QTRY_VERIFY_WITH_TIMEOUT(queue->bytesSent() > 0, 10000);
    delete queue; // hashing and uploads in flight: no crash, no signal to a dead object
    QTest::qWait(200);
    QCOMPARE(f.server.files()->files().size(), 0);
}

QTEST_GUILESS_MAIN(tst_UploadQueue)
#include "tst_uploadqueue.moc"
