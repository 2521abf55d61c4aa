// HistoryRefresher: which turns of a history reference stale remote files (a data table over the
// registry's knowledge, expiry times and the age of the parts), and the refresh itself against the
// fake server's Files API: re-upload from the local copy, inline when small, the note, and a turn
// whose local copy is gone too.
#include "chat/attachmentplanner.h"
#include "chat/historyrefresher.h"
#include "fakefileservice.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "support/clientfixture.h"
#include "support/samplefiles.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Hour = 60LL * 60 * 1000;
constexpr qint64 Granularity = 256 * 1024;

struct Rig
{
    ClientFixture f;
    FakeFileService *service = f.server.files();
    std::unique_ptr<UploadQueue> queue;
    std::unique_ptr<RemoteFileRegistry> registry;
    std::unique_ptr<AttachmentPlanner> planner;
    std::unique_ptr<HistoryRefresher> refresher;
    std::unique_ptr<QSignalSpy> finished, failed, status;

    explicit Rig(bool withRegistry = true)
    {
        service->setGranularity(Granularity);
        queue = std::make_unique<UploadQueue>(f.client.get());
        registry = std::make_unique<RemoteFileRegistry>(f.client.get());
        FakeFileService *s = service;
        registry->setClock([s] { return s->now(); });
        queue->setReuseLookup([r = registry.get()](const QByteArray &sha, qint64 size, QObject *context,
                                  std::function<void(const std::optional<RemoteFile> &)> answer) {
            r->findReusable(sha, size, context, std::move(answer));
        });
        planner = std::make_unique<AttachmentPlanner>(queue.get(), registry.get());
        planner->setInlineLimitBytes(1000); // the files of these tests go through the Files API
        refresher = std::make_unique<HistoryRefresher>(planner.get(), withRegistry ? registry.get() : nullptr);
        if (!withRegistry)
            refresher->setClock([s] { return s->now(); });
        finished = std::make_unique<QSignalSpy>(refresher.get(), &HistoryRefresher::finished);
        failed = std::make_unique<QSignalSpy>(refresher.get(), &HistoryRefresher::failed);
        status = std::make_unique<QSignalSpy>(refresher.get(), &HistoryRefresher::statusChanged);
    }

    ~Rig()
    {
        refresher.reset();
        planner.reset();
        queue.reset();
        registry.reset();
    }

    // Runs the event loop until `done`. The fake clocks move only while no upload is on the wire.
    template<typename Done> bool drive(Done done, int timeoutMs = 30000)
    {
        QElapsedTimer timer;
        timer.start();
        while (!done() && timer.elapsed() < timeoutMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (queue->isIdle() && f.scheduler.pendingCount() > 0)
                f.scheduler.advance(1000);
        }
        return done();
    }
    bool settle()
    {
        return drive([this] { return !finished->isEmpty() || !failed->isEmpty(); });
    }

    // Prepares attachments as a session does when they are first sent.
    QList<Part> prepare(const QList<Attachment> &attachments)
    {
        QSignalSpy ready(planner.get(), &AttachmentPlanner::ready);
        QSignalSpy bad(planner.get(), &AttachmentPlanner::failed);
        planner->prepare(attachments, 0);
        if (!drive([&] { return !ready.isEmpty() || !bad.isEmpty(); }) || ready.isEmpty())
            return {};
        return ready.first().first().value<QList<Part>>();
    }

    bool loadRegistry()
    {
        QSignalSpy refreshed(registry.get(), &RemoteFileRegistry::refreshed);
        registry->refresh();
        return drive([&] { return !refreshed.isEmpty(); });
    }

    QList<HistoryRefresher::Refreshed> result() const
    {
        return finished->isEmpty() ? QList<HistoryRefresher::Refreshed>()
                                   : finished->first().first().value<QList<HistoryRefresher::Refreshed>>();
    }
    ApiError error() const { return failed->isEmpty() ? ApiError() : failed->first().first().value<ApiError>(); }
    int uploadStarts() const
    {
        const auto requests = f.server.requests(u"/upload/"_s);
        return int(std::count_if(requests.cbegin(), requests.cend(),
            [](const FakeGeminiServer::Request &r) { return r.header("x-goog-upload-command").contains("start"); }));
    }
};

ChatTurn userTurn(const QList<Attachment> &attachments, const QList<Part> &parts, const QDateTime &preparedAt)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::User;
    turn.text = u"Look"_s;
    turn.attachments = attachments;
    turn.attachmentParts = parts;
    turn.partsPreparedAt = preparedAt;
    return turn;
}

ChatTurn modelTurn(const QString &text)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::Model;
    Candidate candidate;
    candidate.content = Content::model(text);
    turn.candidates = {candidate};
    return turn;
}

} // namespace

class tst_HistoryRefresher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void cleanupTestCase() { QThreadPool::globalInstance()->waitForDone(); }

    void staleness_data();
    void staleness();
    void staleRowsOnlyUserTurnsWithStaleParts();
    void nothingStaleFinishesLater();
    void expiredFileIsUploadedAgain();
    void deletedFileIsUploadedAgain();
    void smallFileGoesInline();
    void severalFilesAreNamed();
    void missingLocalCopyIsLeftOut();
    void importedServerOnlyFileIsLeftOut();
    void cancelStopsQuietly();
    void noPlannerFails();

private:
    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        return SampleFiles::writeFile(m_dir, name, bytes);
    }
    QTemporaryDir m_dir;
};

void tst_HistoryRefresher::staleness_data()
{
    QTest::addColumn<bool>("withRegistry");
    QTest::addColumn<bool>("loaded");          // the registry has listed the server's files
    QTest::addColumn<bool>("onServer");        // the file is on the server (and so listed when loaded)
    QTest::addColumn<bool>("known");           // the registry was told of the file (an upload of this client)
    QTest::addColumn<qint64>("expiresInMs");   // from the server's now
    QTest::addColumn<qint64>("aheadMs");       // the refresher's clock, ahead of the server's
    QTest::addColumn<qint64>("preparedAgoMs"); // -1: unknown
    QTest::addColumn<QString>("part");         // file, inline, youtube
    QTest::addColumn<bool>("stale");

    const qint64 far = 47 * Hour;
    QTest::newRow("listed, far from expiry")
        << true << true << true << false << far << 0LL << Hour << u"file"_s << false;
    QTest::newRow("listed, expires in 5 min")
        << true << true << true << false << 5 * 60 * 1000LL << 0LL << Hour << u"file"_s << true;
    QTest::newRow("listed, expires in 11 min")
        << true << true << true << false << 11 * 60 * 1000LL << 0LL << Hour << u"file"_s << false;
    QTest::newRow("listed, past expiry by the clock")
        << true << true << true << false << far << 48 * Hour << Hour << u"file"_s << true;
    QTest::newRow("listed, parts of unknown age")
        << true << true << true << false << far << 0LL << -1LL << u"file"_s << false;
    QTest::newRow("loaded, not listed, recent")
        << true << true << false << false << far << 0LL << Hour << u"file"_s << true;
    QTest::newRow("loaded, not listed, old")
        << true << true << false << false << far << 0LL << 49 * Hour << u"file"_s << true;
    QTest::newRow("not loaded, unknown, recent")
        << true << false << true << false << far << 0LL << Hour << u"file"_s << false;
    QTest::newRow("not loaded, unknown, 46 h")
        << true << false << true << false << far << 0LL << 46 * Hour << u"file"_s << false;
    QTest::newRow("not loaded, unknown, 48 h")
        << true << false << true << false << far << 0LL << 48 * Hour << u"file"_s << true;
    QTest::newRow("not loaded, unknown, age unknown")
        << true << false << true << false << far << 0LL << -1LL << u"file"_s << true;
    QTest::newRow("not loaded, known, far")
        << true << false << true << true << far << 0LL << -1LL << u"file"_s << false;
    QTest::newRow("not loaded, known, soon")
        << true << false << true << true << 2 * 60 * 1000LL << 0LL << Hour << u"file"_s << true;
    QTest::newRow("no registry, recent") << false << false << true << false << far << 0LL << Hour << u"file"_s << false;
    QTest::newRow("no registry, old") << false << false << true << false << far << 0LL << 50 * Hour << u"file"_s
                                      << true;
    QTest::newRow("inline, old") << true << false << false << false << far << 0LL << 100 * Hour << u"inline"_s << false;
    QTest::newRow("inline, age unknown, loaded")
        << true << true << false << false << far << 0LL << -1LL << u"inline"_s << false;
    QTest::newRow("youtube link, old") << true << true << false << false << far << 0LL << 100 * Hour << u"youtube"_s
                                       << false;
    QTest::newRow("malformed uri, old") << true << true << false << false << far << 0LL << 100 * Hour << u"garbage"_s
                                        << false;
}

void tst_HistoryRefresher::staleness()
{
    QFETCH(bool, withRegistry);
    QFETCH(bool, loaded);
    QFETCH(bool, onServer);
    QFETCH(bool, known);
    QFETCH(qint64, expiresInMs);
    QFETCH(qint64, aheadMs);
    QFETCH(qint64, preparedAgoMs);
    QFETCH(QString, part);
    QFETCH(bool, stale);

    Rig rig(withRegistry);
    const QDateTime now = rig.service->now();
    FakeFileService::File file;
    file.displayName = u"talk.mp3"_s;
    file.mimeType = u"audio/mpeg"_s;
    file.sizeBytes = 1000;
    file.expirationTime = now.addMSecs(expiresInMs);
    file.createTime = file.expirationTime.addMSecs(-48 * Hour);
    const QString name = onServer ? rig.service->addFile(file) : u"files/gone123"_s;
    if (loaded)
        QVERIFY(rig.loadRegistry());
    if (known) {
        RemoteFile remote;
        remote.name = name;
        remote.expirationTime = file.expirationTime;
        remote.state = RemoteFile::State::Active;
        rig.registry->add(remote);
    }
    QCOMPARE(rig.registry->isLoaded(), loaded);
    if (aheadMs != 0) {
        FakeFileService *s = rig.service;
        rig.refresher->setClock([s, aheadMs] { return s->now().addMSecs(aheadMs); });
    }

    Part p;
    if (part == "file"_L1)
        p = Part::fromFileData(u"audio/mpeg"_s, rig.service->fileUri(name).toString());
    else if (part == "inline"_L1)
        p = Part::fromInlineData(u"audio/mpeg"_s, QByteArray(100, 'x'));
    else if (part == "youtube"_L1)
        p = Part::fromFileData(u"video/*"_s, u"https://www.youtube.com/watch?v=9hE5-98ZeCg"_s);
    else
        p = Part::fromFileData(u"audio/mpeg"_s, u"\u202e://files/../../etc/passwd?%00"_s);
    const QDateTime preparedAt = preparedAgoMs < 0 ? QDateTime() : now.addMSecs(-preparedAgoMs);
    const QList<ChatTurn> turns {
        userTurn({Attachment {{}, QByteArray(100, 'x'), u"audio/mpeg"_s, u"talk.mp3"_s}}, {p}, preparedAt),
        modelTurn(u"I heard it."_s)};
    QCOMPARE(rig.refresher->staleRows(turns), stale ? QList<int> {0} : QList<int> {});
}

void tst_HistoryRefresher::staleRowsOnlyUserTurnsWithStaleParts()
{
    Rig rig;
    const QDateTime old = rig.service->now().addMSecs(-100 * Hour);
    const Part gone = Part::fromFileData(u"text/plain"_s, rig.service->fileUri(u"files/gone1"_s).toString());
    ChatTurn modelWithFile = modelTurn(u"a"_s);
    modelWithFile.candidates[0].content.parts.append(gone); // model parts are the server's: never refreshed
    const QList<ChatTurn> turns {
        userTurn({}, {}, {}),
        modelWithFile,
        userTurn({Attachment {{}, "abc", u"text/plain"_s, u"a.txt"_s}}, {gone}, old),
        modelTurn(u"b"_s),
        userTurn(
            {Attachment {{}, "abc", u"text/plain"_s, u"b.txt"_s}}, {Part::fromInlineData(u"text/plain"_s, "abc")}, old),
        modelTurn(u"c"_s),
        userTurn({Attachment {{}, "abc", u"text/plain"_s, u"c.txt"_s}}, {gone}, {}),
    };
    QCOMPARE(rig.refresher->staleRows(turns), (QList<int> {2, 6}));
    QCOMPARE(rig.refresher->staleRows({}), QList<int> {});
}

void tst_HistoryRefresher::nothingStaleFinishesLater()
{
    Rig rig;
    const QList<ChatTurn> turns {userTurn({}, {}, {}), modelTurn(u"hi"_s)};
    rig.refresher->refresh(turns, 100);
    QVERIFY(rig.refresher->isBusy());
    QCOMPARE(rig.finished->size(), 0); // never inside the call
    QVERIFY(rig.finished->wait(5000));
    QVERIFY(rig.result().isEmpty());
    QCOMPARE(rig.failed->size(), 0);
    QVERIFY(!rig.refresher->isBusy());
    QCOMPARE(rig.f.server.requests().size(), 0);
}

void tst_HistoryRefresher::expiredFileIsUploadedAgain()
{
    Rig rig;
    const QByteArray bytes = SampleFiles::textBytes(300 * 1000, 'e');
    const QString path = writeFile(u"blob-expired"_s, bytes);
    const QList<Attachment> attachments {Attachment {path, {}, u"text/plain"_s, u"notes.txt"_s}};
    const QList<Part> parts = rig.prepare(attachments);
    QCOMPARE(parts.size(), 1);
    QCOMPARE(parts.first().kind, Part::Kind::FileData);
    const QString oldUri = parts.first().fileUri;
    const QList<ChatTurn> turns {userTurn(attachments, parts, rig.service->now()), modelTurn(u"Read it."_s),
        userTurn({}, {}, {}), modelTurn(u"More."_s)};
    QCOMPARE(rig.refresher->staleRows(turns), QList<int> {});

    // Two days later the server has forgotten the file (and so has the registry, by its clock).
    rig.service->advanceClock(49 * Hour);
    QCOMPARE(rig.refresher->staleRows(turns), QList<int> {0});
    QCOMPARE(rig.uploadStarts(), 1);
    const QDateTime before = rig.service->now();
    rig.refresher->refresh(turns, 1000);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const QList<HistoryRefresher::Refreshed> refreshed = rig.result();
    QCOMPARE(refreshed.size(), 1);
    QCOMPARE(refreshed.first().row, 0);
    QCOMPARE(refreshed.first().parts.size(), 1);
    const Part fresh = refreshed.first().parts.first();
    QCOMPARE(fresh.kind, Part::Kind::FileData);
    QVERIFY(fresh.fileUri != oldUri);
    QCOMPARE(fresh.mimeType, u"text/plain"_s);
    QCOMPARE(refreshed.first().note, u"notes.txt was sent again: the copy on the server had expired."_s);
    QVERIFY(refreshed.first().preparedAt >= before);

    // The server got the content again, under a new name, alive for another 48 h.
    QCOMPARE(rig.uploadStarts(), 2);
    const QList<FakeFileService::File> files = rig.service->files();
    QCOMPARE(files.size(), 1);
    QVERIFY(fresh.fileUri.endsWith(files.first().name));
    QCOMPARE(files.first().sha256Hex, SampleFiles::sha256Hex(bytes));
    QVERIFY(!rig.status->isEmpty());
    QCOMPARE(rig.status->first().first().toString(), u"Uploading notes.txt again (it expired on the server)…"_s);

    // The refreshed history is fresh.
    QList<ChatTurn> updated = turns;
    updated[0].attachmentParts = refreshed.first().parts;
    updated[0].partsPreparedAt = refreshed.first().preparedAt;
    QCOMPARE(rig.refresher->staleRows(updated), QList<int> {});
}

void tst_HistoryRefresher::deletedFileIsUploadedAgain()
{
    Rig rig;
    const QByteArray bytes = SampleFiles::textBytes(200 * 1000, 'd');
    const QString path = writeFile(u"blob-deleted"_s, bytes);
    const QList<Attachment> attachments {Attachment {path, {}, {}, u"report.txt"_s}};
    const QList<Part> parts = rig.prepare(attachments);
    QCOMPARE(parts.size(), 1);
    const QList<ChatTurn> turns {userTurn(attachments, parts, rig.service->now()), modelTurn(u"ok"_s)};

    // Someone deleted it (another client, the Files panel): the next listing misses it.
    rig.service->removeFile(remoteFileResourceName(parts.first().fileUri));
    QVERIFY(rig.loadRegistry());
    QCOMPARE(rig.refresher->staleRows(turns), QList<int> {0});
    rig.refresher->refresh(turns, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const QList<HistoryRefresher::Refreshed> refreshed = rig.result();
    QCOMPARE(refreshed.size(), 1);
    QVERIFY(refreshed.first().parts.first().fileUri != parts.first().fileUri);
    QCOMPARE(refreshed.first().note, u"report.txt was sent again: the copy on the server had been deleted."_s);
    QCOMPARE(rig.status->first().first().toString(), u"Uploading report.txt again (it was deleted from the server)…"_s);
    QCOMPARE(rig.uploadStarts(), 2);
}

void tst_HistoryRefresher::smallFileGoesInline()
{
    Rig rig;
    const QByteArray bytes = SampleFiles::textBytes(20 * 1000, 's');
    const QString path = writeFile(u"blob-small"_s, bytes);
    const QList<Attachment> attachments {Attachment {path, {}, {}, u"small.txt"_s}};
    const QList<Part> parts = rig.prepare(attachments); // uploaded: the limit is 1000 bytes now
    QCOMPARE(parts.first().kind, Part::Kind::FileData);
    const QList<ChatTurn> turns {userTurn(attachments, parts, rig.service->now()), modelTurn(u"ok"_s)};

    rig.service->advanceClock(49 * Hour);
    rig.planner->setInlineLimitBytes(AttachmentPlanner::DefaultInlineLimitBytes);
    rig.refresher->refresh(turns, 5000);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const Part fresh = rig.result().first().parts.first();
    QCOMPARE(fresh.kind, Part::Kind::InlineData);
    QCOMPARE(fresh.data, bytes);
    QCOMPARE(fresh.mimeType, u"text/plain"_s);
    QCOMPARE(rig.result().first().note, u"small.txt was sent again: the copy on the server had expired."_s);
    QCOMPARE(rig.status->first().first().toString(), u"Sending small.txt again (it expired on the server)…"_s);
    QCOMPARE(rig.uploadStarts(), 1); // only the first time
}

void tst_HistoryRefresher::severalFilesAreNamed()
{
    Rig rig;
    const QList<Attachment> attachments {
        Attachment {writeFile(u"blob-a"_s, SampleFiles::textBytes(5000, 'a')), {}, {}, u"a.txt"_s},
        Attachment {{}, QByteArray("pasted words"), u"text/plain"_s, u"pasted.txt"_s},
        Attachment {writeFile(u"blob-b"_s, SampleFiles::textBytes(6000, 'b')), {}, {}, u"b.txt"_s},
        Attachment {writeFile(u"blob-c"_s, SampleFiles::textBytes(7000, 'c')), {}, {}, u"c.txt"_s},
    };
    rig.planner->setInlineLimitBytes(600); // the pasted words inline, the files uploaded
    const QList<Part> parts = rig.prepare(attachments);
    QCOMPARE(parts.size(), 4);
    QCOMPARE(parts.at(1).kind, Part::Kind::InlineData);
    const QList<ChatTurn> turns {
        modelTurn(u"hello"_s), userTurn(attachments, parts, rig.service->now()), modelTurn(u"ok"_s)};

    rig.service->advanceClock(49 * Hour);
    QCOMPARE(rig.refresher->staleRows(turns), QList<int> {1});
    rig.refresher->refresh(turns, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const HistoryRefresher::Refreshed r = rig.result().first();
    QCOMPARE(r.row, 1);
    QCOMPARE(r.parts.size(), 4);
    QCOMPARE(r.parts.at(1), parts.at(1)); // inline data stays as it was
    for (const int i : {0, 2, 3}) {
        QCOMPARE(r.parts.at(i).kind, Part::Kind::FileData);
        QVERIFY(r.parts.at(i).fileUri != parts.at(i).fileUri);
    }
    QCOMPARE(r.note, u"a.txt, b.txt and c.txt were sent again: the copies on the server had expired."_s);
}

// A file gone from the server and from this computer cannot be sent again: the conversation goes
// on without it, the model is told a file was there, and the turn says so. Nothing is uploaded.
void tst_HistoryRefresher::missingLocalCopyIsLeftOut()
{
    Rig rig;
    const QString path = writeFile(u"blob-missing"_s, SampleFiles::textBytes(100 * 1000, 'm'));
    const QList<Attachment> attachments {Attachment {path, {}, {}, u"talk.mp3"_s}};
    const QList<Part> parts = rig.prepare(attachments);
    QCOMPARE(parts.size(), 1);
    const QList<ChatTurn> turns {userTurn(attachments, parts, rig.service->now()), modelTurn(u"ok"_s)};
    QVERIFY(QFile::remove(path));
    rig.service->advanceClock(49 * Hour);
    rig.f.server.clearRequests();

    rig.refresher->refresh(turns, 0);
    QCOMPARE(rig.finished->size(), 0); // never inside the call
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const QList<HistoryRefresher::Refreshed> result = rig.result();
    QCOMPARE(result.size(), 1);
    QCOMPARE(result.first().parts.size(), 1);
    QCOMPARE(result.first().parts.first().kind, Part::Kind::Text);
    QVERIFY2(result.first().parts.first().text.contains(u"talk.mp3"_s), qPrintable(result.first().parts.first().text));
    QCOMPARE(result.first().note, u"talk.mp3 is no longer sent: it is gone from the server and from this computer."_s);
    QCOMPARE(rig.uploadStarts(), 0); // nothing was sent
    QVERIFY(!rig.refresher->isBusy());
    QVERIFY(!rig.planner->isBusy());
}

void tst_HistoryRefresher::importedServerOnlyFileIsLeftOut()
{
    Rig rig;
    // An imported conversation: a fileData part, no local attachment to send again, next to an
    // inline one that stays as it is.
    const Part inlinePart = Part::fromInlineData(u"text/plain"_s, "kept");
    const Part part = Part::fromFileData(u"text/plain"_s, rig.service->fileUri(u"files/imported1"_s).toString());
    const QList<ChatTurn> turns {
        userTurn({Attachment {{}, "kept", u"text/plain"_s, u"kept.txt"_s}}, {inlinePart, part}, {}),
        modelTurn(u"ok"_s)};
    QCOMPARE(rig.refresher->staleRows(turns), QList<int> {0});
    rig.refresher->refresh(turns, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    const QList<HistoryRefresher::Refreshed> result = rig.result();
    QCOMPARE(result.size(), 1);
    QCOMPARE(result.first().parts.size(), 2);
    QCOMPARE(result.first().parts.at(0), inlinePart);
    QCOMPARE(result.first().parts.at(1).kind, Part::Kind::Text);
    QVERIFY(result.first().note.contains(u"files/imported1"_s));
    QCOMPARE(rig.uploadStarts(), 0);
}

void tst_HistoryRefresher::cancelStopsQuietly()
{
    Rig rig;
    const QString path = writeFile(u"blob-cancel"_s, SampleFiles::textBytes(2 * Granularity, 'x'));
    const QList<Attachment> attachments {Attachment {path, {}, {}, u"big.txt"_s}};
    const QList<Part> parts = rig.prepare(attachments);
    QCOMPARE(parts.size(), 1);
    const QList<ChatTurn> turns {userTurn(attachments, parts, rig.service->now()), modelTurn(u"ok"_s)};
    rig.service->advanceClock(49 * Hour);
    rig.service->setLinkBytesPerSecond(64 * 1024); // slow: the upload is still going when cancelled

    rig.refresher->refresh(turns, 0);
    QVERIFY(rig.status->wait(5000));
    QVERIFY(rig.refresher->isBusy());
    QTRY_VERIFY(rig.planner->isBusy());
    rig.refresher->cancel();
    QVERIFY(!rig.refresher->isBusy());
    QVERIFY(!rig.planner->isBusy());
    QTest::qWait(200);
    QCOMPARE(rig.finished->size(), 0);
    QCOMPARE(rig.failed->size(), 0);

    // It can start again afterwards.
    rig.service->setLinkBytesPerSecond(0);
    rig.refresher->refresh(turns, 0);
    QVERIFY(rig.settle());
    QVERIFY2(rig.failed->isEmpty(), qPrintable(rig.error().userMessage()));
    QCOMPARE(rig.result().size(), 1);
}

void tst_HistoryRefresher::noPlannerFails()
{
    ClientFixture f;
    RemoteFileRegistry registry(f.client.get());
    HistoryRefresher refresher(nullptr, &registry);
    QSignalSpy failed(&refresher, &HistoryRefresher::failed);
    const Part part = Part::fromFileData(u"text/plain"_s, f.server.files()->fileUri(u"files/x1"_s).toString());
    const QList<ChatTurn> turns {userTurn({Attachment {{}, "words", u"text/plain"_s, u"w.txt"_s}}, {part}, {})};
    refresher.refresh(turns, 0);
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.first().first().value<ApiError>().kind, ApiError::Kind::LocalFile);
}

QTEST_GUILESS_MAIN(tst_HistoryRefresher)
#include "tst_historyrefresher.moc"
