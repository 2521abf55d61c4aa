// RemoteFileRegistry through a real loopback socket against FakeGeminiServer's Files API. Two clocks
// move only when a test says so: the fake server's service clock (expiry, processing; the registry
// reads it through setClock) and the FakeScheduler (the registry's poll and expiry timers).
#include "fakefileservice.h"
#include "files/remotefileregistry.h"
#include "support/clientfixture.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ApiError::Kind)

namespace {

constexpr qint64 HourMs = 3600LL * 1000;

QByteArray hexOf(const QByteArray &content)
{
    return QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex();
}

FakeFileService::File fakeFile(const QString &id, const QByteArray &content, const QString &state = u"ACTIVE"_s)
{
    FakeFileService::File f;
    f.name = u"files/"_s + id;
    f.displayName = u"Display "_s + id;
    f.mimeType = u"audio/mpeg"_s;
    f.sizeBytes = content.size();
    f.sha256Hex = hexOf(content);
    f.state = state;
    return f;
}

// The registry of one test, on the fixture's client, reading the fake server's clock.
struct Registry
{
    explicit Registry(ClientFixture &f)
        : fixture(f)
        , registry(f.client.get())
        , added(&registry, &RemoteFileRegistry::fileAdded)
        , changed(&registry, &RemoteFileRegistry::fileChanged)
        , removed(&registry, &RemoteFileRegistry::fileRemoved)
        , refreshed(&registry, &RemoteFileRegistry::refreshed)
        , refreshFailed(&registry, &RemoteFileRegistry::refreshFailed)
        , busy(&registry, &RemoteFileRegistry::busyChanged)
    {
        FakeFileService *service = f.server.files();
        registry.setClock([service] { return service->now(); });
    }

    bool refresh()
    {
        const qsizetype before = refreshed.size() + refreshFailed.size();
        registry.refresh();
        return QTest::qWaitFor([&] { return refreshed.size() + refreshFailed.size() > before; }, 10000);
    }

    QStringList removedNames() const
    {
        QStringList names;
        for (const QList<QVariant> &args : removed)
            names.append(args.first().toString());
        return names;
    }

    static QList<RemoteFile> filesOf(const QSignalSpy &spy)
    {
        QList<RemoteFile> out;
        for (const QList<QVariant> &args : spy)
            out.append(args.first().value<RemoteFile>());
        return out;
    }

    ClientFixture &fixture;
    RemoteFileRegistry registry;
    QSignalSpy added, changed, removed, refreshed, refreshFailed, busy;
};

struct WaitResult
{
    int calls = 0;
    RemoteFile file;
    ApiError error;
    RemoteFileRegistry::Done callback()
    {
        return [this](const RemoteFile &f, const ApiError &e) {
            ++calls;
            file = f;
            error = e;
        };
    }
};

struct ReuseResult
{
    int calls = 0;
    std::optional<RemoteFile> file;
    std::function<void(const std::optional<RemoteFile> &)> callback()
    {
        return [this](const std::optional<RemoteFile> &f) {
            ++calls;
            file = f;
        };
    }
};

// A real upload through the media protocol (one request), so that the fake server processes the file
// as it would an upload: video/* stays PROCESSING for the service's processing time.
RemoteFile uploadMedia(ClientFixture &f, const QByteArray &bytes, const QByteArray &mimeType)
{
    QNetworkRequest request(f.client->config().uploadEndpoint(u"files"_s, QUrlQuery {{u"uploadType"_s, u"media"_s}}));
    request.setHeader(QNetworkRequest::ContentTypeHeader, mimeType);
    request.setRawHeader("x-goog-api-key", f.server.apiKey().toUtf8());
    std::unique_ptr<QNetworkReply> reply(f.nam.post(request, bytes));
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
        return {};
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status != 200) {
        qWarning("media upload: HTTP %d %s", status, body.constData());
        return {};
    }
    return RemoteFile::fromUploadReply(QJsonDocument::fromJson(body).object()).value_or(RemoteFile {});
}

int requestsTo(const ClientFixture &f, const QByteArray &method, const QString &path)
{
    int n = 0;
    for (const FakeGeminiServer::Request &r : f.server.requests())
        n += r.method == method && r.path == path ? 1 : 0;
    return n;
}

// The waits the registry asked the scheduler for that are poll intervals (the expiry check asks for
// minutes).
QList<qint64> pollDelays(const FakeScheduler &scheduler)
{
    QList<qint64> out;
    for (qint64 d : scheduler.requestedDelays()) {
        if (d <= RemoteFileRegistry::MaxPollMs)
            out.append(d);
    }
    return out;
}

} // namespace

class tst_RemoteFileRegistry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refreshListsEveryPage();
    void refreshOfAnEmptyProject();
    void refreshReportsTheDifferences();
    void refreshWhileOneRunsIsMerged();
    void refreshFailureKeepsTheKnownSet_data();
    void refreshFailureKeepsTheKnownSet();
    void changesDuringARefreshWin();
    void getUpdatesTheEntry();
    void getOfAFileGoneRemovesIt();
    void getAddsAFileNotListed();
    void getAfterTheContextIsGoneStillUpdates();
    void removeOne();
    void removeMany();
    void removeFailureKeepsTheEntry();
    void removeNothing();
    void addRecordsAnUpload();
    void processingIsPolledWithBackoffUntilActive();
    void processingEndsFailed();
    void pollingStopsWhenTheFileIsGone();
    void expiryDropsFilesOnSchedule();
    void expiredFilesAreNeverListed();
    void findReusable_data();
    void findReusable();
    void findReusablePrefersActive();
    void findReusableRefreshesFirst();
    void findReusableConfirmsAnOldCandidate();
    void findReusableWhenTheServerCannotBeAsked();
    void findReusableContextDestroyed();
    void waitUntilActiveKnownActive();
    void waitUntilActiveAsksTheServer();
    void waitUntilActiveProcessing();
    void waitUntilActiveFailed();
    void waitUntilActiveGone_data();
    void waitUntilActiveGone();
    void waitUntilActiveTimeout();
    void waitUntilActiveUnusableName();
    void waitUntilActiveContextDestroyed();
    void destroyedWhileRequestsRun();
};

void tst_RemoteFileRegistry::refreshListsEveryPage()
{
    ClientFixture f;
    qint64 bytes = 0;
    for (int i = 0; i < 150; ++i) {
        FakeFileService::File file = fakeFile(u"file-%1"_s.arg(i), QByteArray(i + 1, 'x'));
        file.createTime = f.server.files()->now().addSecs(-i); // file-0 is the newest
        f.server.files()->addFile(file);
        bytes += i + 1;
    }
    Registry r(f);
    QVERIFY(!r.registry.isLoaded());
    QVERIFY(r.refresh());
    QCOMPARE(r.refreshed.size(), 1);
    QCOMPARE(r.refreshFailed.size(), 0);
    QCOMPARE(r.added.size(), 150);
    QCOMPARE(r.changed.size(), 0);
    QCOMPARE(r.removed.size(), 0);
    QVERIFY(r.registry.isLoaded());
    QVERIFY(!r.registry.isRefreshing());
    QVERIFY(r.registry.lastRefreshed().isValid());
    QCOMPARE(f.server.requests(u"/v1beta/files"_s).size(), 2); // 100 + 50
    const QList<RemoteFile> files = r.registry.files();
    QCOMPARE(files.size(), 150);
    for (qsizetype i = 0; i < files.size(); ++i)
        QCOMPARE(files.at(i).name, u"files/file-%1"_s.arg(i)); // newest first
    QCOMPARE(r.registry.totalBytes(), bytes);
    QCOMPARE(r.registry.file(u"file-7"_s)->sizeBytes, 8);
    QCOMPARE(r.registry.file(u"files/file-7"_s)->displayName, u"Display file-7"_s);
    // busy while the listing ran, and only then
    QCOMPARE(r.busy.size(), 2);
    QCOMPARE(r.busy.at(0).first().toBool(), true);
    QCOMPARE(r.busy.at(1).first().toBool(), false);
}

void tst_RemoteFileRegistry::refreshOfAnEmptyProject()
{
    ClientFixture f;
    Registry r(f);
    QVERIFY(r.refresh());
    QCOMPARE(r.refreshed.size(), 1);
    QVERIFY(r.registry.isLoaded());
    QVERIFY(r.registry.files().isEmpty());
    QCOMPARE(r.registry.totalBytes(), 0);
    QCOMPARE(r.added.size(), 0);
}

void tst_RemoteFileRegistry::refreshReportsTheDifferences()
{
    ClientFixture f;
    FakeFileService *service = f.server.files();
    service->addFile(fakeFile(u"same"_s, "s"));
    service->addFile(fakeFile(u"deleted"_s, "d"));
    service->addFile(fakeFile(u"failing"_s, "f", u"PROCESSING"_s));
    Registry r(f);
    QVERIFY(r.refresh());
    QCOMPARE(r.added.size(), 3);
    r.added.clear();

    service->removeFile(u"files/deleted"_s);
    service->setState(u"files/failing"_s, u"FAILED"_s, u"Unsupported codec."_s);
    service->addFile(fakeFile(u"new"_s, "n"));
    QVERIFY(r.refresh());
    QCOMPARE(r.removedNames(), QStringList {u"files/deleted"_s});
    QCOMPARE(r.added.size(), 1);
    QCOMPARE(Registry::filesOf(r.added).first().name, u"files/new"_s);
    QCOMPARE(r.changed.size(), 1);
    const RemoteFile failed = Registry::filesOf(r.changed).first();
    QCOMPARE(failed.name, u"files/failing"_s);
    QCOMPARE(failed.state, RemoteFile::State::Failed);
    QCOMPARE(failed.errorMessage, u"Unsupported codec."_s);
    QCOMPARE(r.registry.files().size(), 3);
    QVERIFY(!r.registry.file(u"files/deleted"_s));

    // Nothing changed: no signal but refreshed.
    r.added.clear();
    r.changed.clear();
    r.removed.clear();
    QVERIFY(r.refresh());
    QCOMPARE(r.added.size() + r.changed.size() + r.removed.size(), 0);
    QCOMPARE(r.refreshed.size(), 3);
}

void tst_RemoteFileRegistry::refreshWhileOneRunsIsMerged()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    Registry r(f);
    r.registry.refresh();
    QVERIFY(r.registry.isRefreshing());
    r.registry.refresh();
    r.registry.refresh();
    QTRY_COMPARE_WITH_TIMEOUT(r.refreshed.size(), 1, 10000);
    QTest::qWait(50);
    QCOMPARE(r.refreshed.size(), 1);
    QCOMPARE(f.server.requests(u"/v1beta/files"_s).size(), 1);
    QCOMPARE(r.added.size(), 1);
    QVERIFY(!r.registry.isRefreshing());
}

void tst_RemoteFileRegistry::refreshFailureKeepsTheKnownSet_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<ApiError::Kind>("kind");
    QTest::addColumn<int>("requests"); // sent by the failing refresh
    QTest::newRow("wrong key") << u"not-the-key"_s << ApiError::Kind::InvalidKey << 1;
    QTest::newRow("no key") << QString() << ApiError::Kind::MissingKey << 0;
}

void tst_RemoteFileRegistry::refreshFailureKeepsTheKnownSet()
{
    QFETCH(QString, key);
    QFETCH(ApiError::Kind, kind);
    QFETCH(int, requests);
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    f.server.files()->addFile(fakeFile(u"b"_s, "b"));
    Registry r(f);
    QVERIFY(r.refresh());
    const QList<RemoteFile> before = r.registry.files();
    const QDateTime lastRefreshed = r.registry.lastRefreshed();
    f.server.files()->removeFile(u"files/a"_s);
    f.server.clearRequests();

    f.client->setApiKey(key);
    QVERIFY(r.refresh());
    QCOMPARE(r.refreshFailed.size(), 1);
    QCOMPARE(r.refreshFailed.first().first().value<ApiError>().kind, kind);
    QCOMPARE(r.refreshed.size(), 1);
    QCOMPARE(r.registry.files(), before); // nothing dropped on a failed listing
    QCOMPARE(r.removed.size(), 0);
    QVERIFY(r.registry.isLoaded());
    QCOMPARE(r.registry.lastRefreshed(), lastRefreshed);
    QCOMPARE(f.server.requests().size(), requests);
    QVERIFY(!r.registry.isRefreshing());
    QCOMPARE(r.busy.last().first().toBool(), false);
}

void tst_RemoteFileRegistry::changesDuringARefreshWin()
{
    // A file this client uploads (add) or deletes while a listing is on its way is not undone by the
    // listing, which may predate the change.
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"old"_s, "o"));
    Registry r(f);
    QVERIFY(r.refresh());
    f.server.files()->addFile(fakeFile(u"listed"_s, "l"));

    r.registry.refresh();
    RemoteFile uploaded;
    uploaded.name = u"files/uploaded"_s;
    uploaded.state = RemoteFile::State::Active;
    uploaded.expirationTime = f.server.files()->now().addSecs(48 * 3600);
    r.registry.add(uploaded); // not on the fake server: the listing cannot have it
    bool removedDone = false;
    r.registry.remove({u"files/old"_s}, this,
        [&](const QStringList &, const QList<QPair<QString, ApiError>> &) { removedDone = true; });
    QTRY_VERIFY_WITH_TIMEOUT(removedDone && r.refreshed.size() == 2, 10000);
    QVERIFY(r.registry.file(u"files/uploaded"_s));
    QVERIFY(r.registry.file(u"files/listed"_s));
    QVERIFY(!r.registry.file(u"files/old"_s));
    QCOMPARE(r.removedNames(), QStringList {u"files/old"_s});
}

void tst_RemoteFileRegistry::getUpdatesTheEntry()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    Registry r(f);
    QVERIFY(r.refresh());
    f.server.files()->setState(u"files/a"_s, u"FAILED"_s, u"Corrupt media."_s);
    WaitResult got;
    r.registry.get(u"a"_s, this, got.callback());
    QTRY_COMPARE_WITH_TIMEOUT(got.calls, 1, 10000);
    QVERIFY(!got.error.isError());
    QCOMPARE(got.file.state, RemoteFile::State::Failed);
    QCOMPARE(r.changed.size(), 1);
    QCOMPARE(r.registry.file(u"files/a"_s)->state, RemoteFile::State::Failed);
    QCOMPARE(r.registry.file(u"files/a"_s)->errorMessage, u"Corrupt media."_s);
}

void tst_RemoteFileRegistry::getOfAFileGoneRemovesIt()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    f.server.files()->addFile(fakeFile(u"b"_s, "b"));
    Registry r(f);
    QVERIFY(r.refresh());
    f.server.files()->removeFile(u"files/a"_s); // deleted by another client
    WaitResult got;
    r.registry.get(u"files/a"_s, this, got.callback());
    QTRY_COMPARE_WITH_TIMEOUT(got.calls, 1, 10000);
    QCOMPARE(got.error.kind, ApiError::Kind::PermissionDenied);
    QCOMPARE(got.error.httpStatus, 403);
    QCOMPARE(r.removedNames(), QStringList {u"files/a"_s});
    QVERIFY(!r.registry.file(u"files/a"_s));
    QCOMPARE(r.registry.files().size(), 1);
}

void tst_RemoteFileRegistry::getAddsAFileNotListed()
{
    ClientFixture f;
    Registry r(f);
    const QString name = f.server.files()->addFile(fakeFile(u"later"_s, "l"));
    WaitResult got;
    r.registry.get(f.server.files()->fileUri(name).toString(), this, got.callback());
    QTRY_COMPARE_WITH_TIMEOUT(got.calls, 1, 10000);
    QVERIFY(!got.error.isError());
    QCOMPARE(r.added.size(), 1);
    QCOMPARE(r.registry.file(name)->name, name);
    QVERIFY(!r.registry.isLoaded()); // a get is not a listing
}

void tst_RemoteFileRegistry::getAfterTheContextIsGoneStillUpdates()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    Registry r(f);
    WaitResult got;
    auto *context = new QObject;
    r.registry.get(u"a"_s, context, got.callback());
    delete context;
    QTRY_COMPARE_WITH_TIMEOUT(r.added.size(), 1, 10000);
    QTest::qWait(20);
    QCOMPARE(got.calls, 0);
}

void tst_RemoteFileRegistry::removeOne()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    f.server.files()->addFile(fakeFile(u"b"_s, "b"));
    Registry r(f);
    QVERIFY(r.refresh());
    QStringList deleted;
    QList<QPair<QString, ApiError>> failures;
    int calls = 0;
    r.registry.remove({u"a"_s}, this, [&](const QStringList &d, const QList<QPair<QString, ApiError>> &fl) {
        ++calls;
        deleted = d;
        failures = fl;
    });
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 10000);
    QCOMPARE(deleted, QStringList {u"files/a"_s});
    QVERIFY(failures.isEmpty());
    QCOMPARE(r.removedNames(), QStringList {u"files/a"_s});
    QVERIFY(!f.server.files()->file(u"files/a"_s));
    QVERIFY(f.server.files()->file(u"files/b"_s));
    QCOMPARE(r.registry.files().size(), 1);
    QCOMPARE(requestsTo(f, "DELETE", u"/v1beta/files/a"_s), 1);
}

void tst_RemoteFileRegistry::removeMany()
{
    ClientFixture f;
    FakeFileService *service = f.server.files();
    for (const QString &id : {u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s, u"f"_s})
        service->addFile(fakeFile(id, id.toLatin1()));
    Registry r(f);
    QVERIFY(r.refresh());
    service->removeFile(u"files/c"_s); // already gone: counts as deleted
    QStringList deleted;
    QList<QPair<QString, ApiError>> failures;
    int calls = 0;
    const QStringList names {u"a"_s, u"files/b"_s, service->fileUri(u"files/c"_s).toString(), u"d"_s, u"not a file!"_s,
        u"e"_s, u"f"_s, u"files/a"_s};
    r.registry.remove(names, this, [&](const QStringList &d, const QList<QPair<QString, ApiError>> &fl) {
        ++calls;
        deleted = d;
        failures = fl;
    });
    QVERIFY(r.registry.isLoaded());
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 10000);
    QCOMPARE(
        deleted, (QStringList {u"files/a"_s, u"files/b"_s, u"files/c"_s, u"files/d"_s, u"files/e"_s, u"files/f"_s}));
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.first().first, u"not a file!"_s);
    QCOMPARE(failures.first().second.kind, ApiError::Kind::InvalidRequest);
    QVERIFY(service->files().isEmpty());
    QVERIFY(r.registry.files().isEmpty());
    QCOMPARE(r.removed.size(), 6);
    // Each file once (a was named twice), nothing for the unusable name.
    int deletes = 0;
    for (const FakeGeminiServer::Request &req : f.server.requests())
        deletes += req.method == "DELETE" ? 1 : 0;
    QCOMPARE(deletes, 6);
    QCOMPARE(r.busy.last().first().toBool(), false);
    QTest::qWait(20);
    QCOMPARE(calls, 1);
}

void tst_RemoteFileRegistry::removeFailureKeepsTheEntry()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    Registry r(f);
    QVERIFY(r.refresh());
    f.client->setApiKey(u"not-the-key"_s);
    QStringList deleted;
    QList<QPair<QString, ApiError>> failures;
    int calls = 0;
    r.registry.remove({u"a"_s}, this, [&](const QStringList &d, const QList<QPair<QString, ApiError>> &fl) {
        ++calls;
        deleted = d;
        failures = fl;
    });
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 10000);
    QVERIFY(deleted.isEmpty());
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.first().first, u"files/a"_s);
    QCOMPARE(failures.first().second.kind, ApiError::Kind::InvalidKey);
    QVERIFY(r.registry.file(u"files/a"_s));
    QVERIFY(f.server.files()->file(u"files/a"_s));
    QCOMPARE(r.removed.size(), 0);
}

void tst_RemoteFileRegistry::removeNothing()
{
    ClientFixture f;
    Registry r(f);
    int calls = 0;
    r.registry.remove({}, this, [&](const QStringList &d, const QList<QPair<QString, ApiError>> &fl) {
        ++calls;
        QVERIFY(d.isEmpty());
        QVERIFY(fl.isEmpty());
    });
    QCOMPARE(calls, 0); // never from inside the call
    QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 5000);
    QCOMPARE(f.server.requests().size(), 0);
    QCOMPARE(r.busy.last().first().toBool(), false);
}

void tst_RemoteFileRegistry::addRecordsAnUpload()
{
    ClientFixture f;
    Registry r(f);
    const RemoteFile uploaded = uploadMedia(f, "some audio bytes", "audio/mpeg");
    QVERIFY(!uploaded.name.isEmpty());
    QCOMPARE(uploaded.state, RemoteFile::State::Active);
    r.registry.add(uploaded);
    QCOMPARE(r.added.size(), 1);
    QVERIFY(r.registry.file(uploaded.name) == std::optional<RemoteFile>(uploaded));
    r.registry.add(uploaded); // the same again: nothing new
    QCOMPARE(r.added.size() + r.changed.size(), 1);
    QCOMPARE(pollDelays(f.scheduler).size(), 0); // ACTIVE: nothing to poll

    RemoteFile expired = uploaded;
    expired.name = u"files/expired"_s;
    expired.expirationTime = f.server.files()->now().addSecs(-1);
    r.registry.add(expired);
    QVERIFY(!r.registry.file(u"files/expired"_s));
    QCOMPARE(r.added.size(), 1);

    r.registry.add(RemoteFile {}); // no name: ignored
    QCOMPARE(r.registry.files().size(), 1);
}

void tst_RemoteFileRegistry::processingIsPolledWithBackoffUntilActive()
{
    ClientFixture f;
    f.server.files()->setProcessingMs(40 * 1000);
    Registry r(f);
    const RemoteFile video = uploadMedia(f, QByteArray(4096, 'v'), "video/mp4");
    QCOMPARE(video.state, RemoteFile::State::Processing);
    r.registry.add(video);
    const QString path = u"/v1beta/"_s + video.name;

    // 1 s, then doubling up to 10 s; each poll is one files.get.
    const QList<qint64> backoff {1000, 2000, 4000, 8000, 10000, 10000};
    for (qsizetype i = 0; i < backoff.size(); ++i) {
        QTRY_COMPARE_WITH_TIMEOUT(pollDelays(f.scheduler).size(), i + 1, 10000);
        QCOMPARE(pollDelays(f.scheduler).last(), backoff.at(i));
        f.scheduler.advance(backoff.at(i) - 1);
        QCOMPARE(requestsTo(f, "GET", path), int(i)); // not a millisecond early
        f.scheduler.advance(1);
        QTRY_COMPARE_WITH_TIMEOUT(requestsTo(f, "GET", path), int(i + 1), 10000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(pollDelays(f.scheduler).size(), backoff.size() + 1, 10000);
    QCOMPARE(r.changed.size(), 0); // still PROCESSING: no change to report

    // The server finishes processing; the next poll sees it.
    f.server.files()->advanceClock(40 * 1000);
    f.scheduler.advance(RemoteFileRegistry::MaxPollMs);
    QTRY_COMPARE_WITH_TIMEOUT(r.changed.size(), 1, 10000);
    const RemoteFile active = Registry::filesOf(r.changed).first();
    QCOMPARE(active.state, RemoteFile::State::Active);
    QVERIFY(active.videoDurationMs.has_value());
    QVERIFY(r.registry.file(video.name)->isActive());

    // Settled: no more polls.
    const int polls = requestsTo(f, "GET", path);
    f.scheduler.advance(60 * 1000);
    QTest::qWait(50);
    QCOMPARE(requestsTo(f, "GET", path), polls);
}

void tst_RemoteFileRegistry::processingEndsFailed()
{
    ClientFixture f;
    f.server.files()->setProcessingMs(5000);
    f.server.files()->setFailProcessing(true, u"The video codec is not supported."_s);
    Registry r(f);
    const RemoteFile video = uploadMedia(f, QByteArray(2048, 'v'), "video/mp4");
    QCOMPARE(video.state, RemoteFile::State::Processing);
    r.registry.add(video);
    WaitResult waited;
    r.registry.waitUntilActive(video.name, this, waited.callback());
    f.server.files()->advanceClock(5000);
    f.scheduler.advance(RemoteFileRegistry::InitialPollMs);
    QTRY_COMPARE_WITH_TIMEOUT(waited.calls, 1, 10000);
    QCOMPARE(r.changed.size(), 1);
    QCOMPARE(r.registry.file(video.name)->state, RemoteFile::State::Failed);
    QCOMPARE(waited.error.kind, ApiError::Kind::FailedPrecondition);
    QCOMPARE(waited.error.message, u"The video codec is not supported."_s);
    QCOMPARE(waited.file.name, video.name);
    QVERIFY(waited.error.userMessage().contains(u"The video codec is not supported."_s));
    QVERIFY(waited.error.userMessage().contains(video.name));
    // Settled: polling stopped.
    const int polls = requestsTo(f, "GET", u"/v1beta/"_s + video.name);
    f.scheduler.advance(60 * 1000);
    QTest::qWait(50);
    QCOMPARE(requestsTo(f, "GET", u"/v1beta/"_s + video.name), polls);
}

void tst_RemoteFileRegistry::pollingStopsWhenTheFileIsGone()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"p"_s, "p", u"PROCESSING"_s));
    Registry r(f);
    QVERIFY(r.refresh());
    QCOMPARE(r.registry.file(u"files/p"_s)->state, RemoteFile::State::Processing);
    f.server.files()->removeFile(u"files/p"_s);
    f.scheduler.advance(RemoteFileRegistry::InitialPollMs);
    QTRY_COMPARE_WITH_TIMEOUT(r.removed.size(), 1, 10000);
    QCOMPARE(r.removedNames(), QStringList {u"files/p"_s});
    const int polls = requestsTo(f, "GET", u"/v1beta/files/p"_s);
    QCOMPARE(polls, 1);
    f.scheduler.advance(60 * 1000);
    QTest::qWait(50);
    QCOMPARE(requestsTo(f, "GET", u"/v1beta/files/p"_s), polls);
}

void tst_RemoteFileRegistry::expiryDropsFilesOnSchedule()
{
    ClientFixture f;
    FakeFileService *service = f.server.files();
    FakeFileService::File soon = fakeFile(u"soon"_s, QByteArray(10, 's'));
    soon.createTime = service->now().addMSecs(-47 * HourMs); // one hour left
    service->addFile(soon);
    service->addFile(fakeFile(u"fresh"_s, QByteArray(20, 'f')));
    Registry r(f);
    QVERIFY(r.refresh());
    QCOMPARE(r.registry.files().size(), 2);
    QCOMPARE(r.registry.totalBytes(), 30);

    // The wall clock passes the expiry: the file is no longer listed, before any timer runs.
    service->advanceClock(HourMs);
    QCOMPARE(r.registry.files().size(), 1);
    QVERIFY(!r.registry.file(u"files/soon"_s));
    QCOMPARE(r.registry.totalBytes(), 20);
    QCOMPARE(r.removed.size(), 0);
    // The registry's own timer drops it, with fileRemoved and no error.
    f.scheduler.advance(HourMs);
    QCOMPARE(r.removedNames(), QStringList {u"files/soon"_s});
    QCOMPARE(r.refreshFailed.size(), 0);

    // 48 hours after its upload, the other one goes too.
    service->advanceClock(48 * HourMs);
    f.scheduler.advance(48 * HourMs);
    QCOMPARE(r.removedNames(), (QStringList {u"files/soon"_s, u"files/fresh"_s}));
    QVERIFY(r.registry.files().isEmpty());
    QCOMPARE(r.registry.totalBytes(), 0);
    // Nothing left to expire: the timer is not re-armed.
    QCOMPARE(f.scheduler.pendingCount(), 0);
}

void tst_RemoteFileRegistry::expiredFilesAreNeverListed()
{
    ClientFixture f;
    FakeFileService *service = f.server.files();
    service->addFile(fakeFile(u"a"_s, "a"));
    Registry r(f);
    // This client's clock runs ahead of the server's: what it considers expired is not listed.
    r.registry.setClock([service] { return service->now().addMSecs(49 * HourMs); });
    QVERIFY(r.refresh());
    QCOMPARE(r.refreshed.size(), 1);
    QCOMPARE(r.refreshFailed.size(), 0);
    QVERIFY(r.registry.files().isEmpty());
    QCOMPARE(r.added.size(), 0);
}

void tst_RemoteFileRegistry::findReusable_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<qint64>("sizeDelta"); // the remote size minus the local one
    QTest::addColumn<bool>("sameContent"); // the remote digest is that of the local content
    QTest::addColumn<qint64>("ageMs");     // how long ago it was uploaded (48 h lifetime)
    QTest::addColumn<bool>("reused");
    QTest::newRow("active") << u"ACTIVE"_s << qint64(0) << true << qint64(0) << true;
    QTest::newRow("processing") << u"PROCESSING"_s << qint64(0) << true << qint64(0) << true;
    QTest::newRow("failed") << u"FAILED"_s << qint64(0) << true << qint64(0) << false;
    QTest::newRow("other size") << u"ACTIVE"_s << qint64(1) << true << qint64(0) << false;
    QTest::newRow("other content") << u"ACTIVE"_s << qint64(0) << false << qint64(0) << false;
    QTest::newRow("expires in 30 min") << u"ACTIVE"_s << qint64(0) << true << qint64(47 * HourMs + 30 * 60 * 1000)
                                       << false;
    QTest::newRow("expires in 61 min") << u"ACTIVE"_s << qint64(0) << true << qint64(47 * HourMs - 60 * 1000) << true;
}

void tst_RemoteFileRegistry::findReusable()
{
    QFETCH(QString, state);
    QFETCH(qint64, sizeDelta);
    QFETCH(bool, sameContent);
    QFETCH(qint64, ageMs);
    QFETCH(bool, reused);
    ClientFixture f;
    const QByteArray content("the local file's content");
    FakeFileService::File remote = fakeFile(u"remote"_s, sameContent ? content : QByteArray("other content"), state);
    remote.sizeBytes = content.size() + sizeDelta;
    remote.createTime = f.server.files()->now().addMSecs(-ageMs);
    f.server.files()->addFile(remote);
    Registry r(f);
    QVERIFY(r.refresh());
    QCOMPARE(r.registry.files().size(), 1);
    f.server.clearRequests();

    ReuseResult found;
    r.registry.findReusable(hexOf(content), content.size(), this, found.callback());
    QCOMPARE(found.calls, 0); // never from inside the call
    QTRY_COMPARE_WITH_TIMEOUT(found.calls, 1, 10000);
    QCOMPARE(found.file.has_value(), reused);
    if (reused)
        QCOMPARE(found.file->name, u"files/remote"_s);
    QCOMPARE(f.server.requests().size(), 0); // just listed: no need to ask again
    // Upper-case hex is the same digest.
    ReuseResult upper;
    r.registry.findReusable(hexOf(content).toUpper(), content.size(), this, upper.callback());
    QTRY_COMPARE_WITH_TIMEOUT(upper.calls, 1, 10000);
    QCOMPARE(upper.file.has_value(), reused);
}

void tst_RemoteFileRegistry::findReusablePrefersActive()
{
    ClientFixture f;
    const QByteArray content("twice uploaded");
    FakeFileService::File processing = fakeFile(u"newer-processing"_s, content, u"PROCESSING"_s);
    f.server.files()->addFile(processing);
    FakeFileService::File active = fakeFile(u"older-active"_s, content);
    active.createTime = f.server.files()->now().addMSecs(-HourMs);
    f.server.files()->addFile(active);
    FakeFileService::File activeToo = fakeFile(u"oldest-active"_s, content);
    activeToo.createTime = f.server.files()->now().addMSecs(-2 * HourMs);
    f.server.files()->addFile(activeToo);
    Registry r(f);
    QVERIFY(r.refresh());
    ReuseResult found;
    r.registry.findReusable(hexOf(content), content.size(), this, found.callback());
    QTRY_COMPARE_WITH_TIMEOUT(found.calls, 1, 10000);
    QVERIFY(found.file);
    QCOMPARE(found.file->name, u"files/older-active"_s); // ACTIVE first, then the longest-lived
}

void tst_RemoteFileRegistry::findReusableRefreshesFirst()
{
    ClientFixture f;
    const QByteArray content("already there");
    f.server.files()->addFile(fakeFile(u"there"_s, content));
    Registry r(f);
    ReuseResult found;
    ReuseResult again;
    r.registry.findReusable(hexOf(content), content.size(), this, found.callback());
    r.registry.findReusable(hexOf("something else"), 14, this, again.callback());
    QTRY_VERIFY_WITH_TIMEOUT(found.calls == 1 && again.calls == 1, 10000);
    QVERIFY(found.file);
    QCOMPARE(found.file->name, u"files/there"_s);
    QVERIFY(!again.file);
    QVERIFY(r.registry.isLoaded());
    QCOMPARE(f.server.requests(u"/v1beta/files"_s).size(), 1); // one listing for both questions
}

void tst_RemoteFileRegistry::findReusableConfirmsAnOldCandidate()
{
    ClientFixture f;
    const QByteArray content("shared content");
    f.server.files()->addFile(fakeFile(u"first"_s, content));
    FakeFileService::File second = fakeFile(u"second"_s, content);
    second.createTime = f.server.files()->now().addMSecs(-HourMs);
    f.server.files()->addFile(second);
    Registry r(f);
    QVERIFY(r.refresh());
    // A while later another client deletes the better candidate.
    f.scheduler.advance(RemoteFileRegistry::ReuseConfirmAfterMs + 1);
    f.server.files()->removeFile(u"files/first"_s);
    f.server.clearRequests();
    ReuseResult found;
    r.registry.findReusable(hexOf(content), content.size(), this, found.callback());
    QTRY_COMPARE_WITH_TIMEOUT(found.calls, 1, 10000);
    QVERIFY(found.file);
    QCOMPARE(found.file->name, u"files/second"_s);
    QCOMPARE(r.removedNames(), QStringList {u"files/first"_s});
    QCOMPARE(requestsTo(f, "GET", u"/v1beta/files/first"_s), 1);
    QCOMPARE(requestsTo(f, "GET", u"/v1beta/files/second"_s), 1);
    // Confirmed just now: asked again, it is answered without a request.
    ReuseResult again;
    r.registry.findReusable(hexOf(content), content.size(), this, again.callback());
    QTRY_COMPARE_WITH_TIMEOUT(again.calls, 1, 10000);
    QCOMPARE(again.file->name, u"files/second"_s);
    QCOMPARE(f.server.requests().size(), 2);
}

void tst_RemoteFileRegistry::findReusableWhenTheServerCannotBeAsked()
{
    ClientFixture f;
    const QByteArray content("content");
    f.server.files()->addFile(fakeFile(u"a"_s, content));
    f.client->setApiKey(u"not-the-key"_s);
    Registry r(f);
    ReuseResult found;
    r.registry.findReusable(hexOf(content), content.size(), this, found.callback());
    QTRY_COMPARE_WITH_TIMEOUT(found.calls, 1, 10000);
    QVERIFY(!found.file); // uploading again is the safe answer
    QCOMPARE(r.refreshFailed.size(), 1);

    // Loaded long ago, and the confirmation fails: no reuse either.
    f.client->setApiKey(f.server.apiKey());
    QVERIFY(r.refresh());
    f.scheduler.advance(RemoteFileRegistry::ReuseConfirmAfterMs + 1);
    f.client->setApiKey(u"not-the-key"_s);
    ReuseResult unconfirmed;
    r.registry.findReusable(hexOf(content), content.size(), this, unconfirmed.callback());
    QTRY_COMPARE_WITH_TIMEOUT(unconfirmed.calls, 1, 10000);
    QVERIFY(!unconfirmed.file);
    QVERIFY(r.registry.file(u"files/a"_s)); // not gone: just not confirmed
}

void tst_RemoteFileRegistry::findReusableContextDestroyed()
{
    ClientFixture f;
    const QByteArray content("content");
    f.server.files()->addFile(fakeFile(u"a"_s, content));
    Registry r(f);
    ReuseResult found;
    auto *context = new QObject;
    r.registry.findReusable(hexOf(content), content.size(), context, found.callback());
    delete context;
    QTRY_COMPARE_WITH_TIMEOUT(r.refreshed.size(), 1, 10000);
    QTest::qWait(20);
    QCOMPARE(found.calls, 0);
}

void tst_RemoteFileRegistry::waitUntilActiveKnownActive()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    Registry r(f);
    QVERIFY(r.refresh());
    f.server.clearRequests();
    WaitResult waited;
    r.registry.waitUntilActive(u"files/a"_s, this, waited.callback());
    QCOMPARE(waited.calls, 0); // never from inside the call
    QTRY_COMPARE_WITH_TIMEOUT(waited.calls, 1, 5000);
    QVERIFY(!waited.error.isError());
    QCOMPARE(waited.file.name, u"files/a"_s);
    QVERIFY(waited.file.isActive());
    QCOMPARE(f.server.requests().size(), 0);
}

void tst_RemoteFileRegistry::waitUntilActiveAsksTheServer()
{
    ClientFixture f;
    const QString name = f.server.files()->addFile(fakeFile(u"a"_s, "a"));
    Registry r(f);
    WaitResult waited;
    r.registry.waitUntilActive(f.server.files()->fileUri(name).toString(), this, waited.callback());
    QTRY_COMPARE_WITH_TIMEOUT(waited.calls, 1, 10000);
    QVERIFY(!waited.error.isError());
    QCOMPARE(waited.file.name, name);
    QCOMPARE(requestsTo(f, "GET", u"/v1beta/files/a"_s), 1);
    QVERIFY(r.registry.file(name)); // recorded on the way
}

void tst_RemoteFileRegistry::waitUntilActiveProcessing()
{
    ClientFixture f;
    f.server.files()->setProcessingMs(20 * 1000);
    Registry r(f);
    const RemoteFile video = uploadMedia(f, QByteArray(1024, 'v'), "video/webm");
    QCOMPARE(video.state, RemoteFile::State::Processing);
    // Two waiters on a file the registry has not seen yet.
    WaitResult first;
    WaitResult second;
    r.registry.waitUntilActive(video.name, this, first.callback());
    r.registry.waitUntilActive(video.name, this, second.callback(), 10 * 60 * 1000);
    QTRY_COMPARE_WITH_TIMEOUT(requestsTo(f, "GET", u"/v1beta/"_s + video.name), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(r.added.size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(pollDelays(f.scheduler).size(), 1, 10000);
    f.scheduler.advance(RemoteFileRegistry::InitialPollMs);
    QTRY_COMPARE_WITH_TIMEOUT(pollDelays(f.scheduler).size(), 2, 10000); // still PROCESSING
    QCOMPARE(requestsTo(f, "GET", u"/v1beta/"_s + video.name), 3);
    QCOMPARE(first.calls + second.calls, 0);
    f.server.files()->advanceClock(20 * 1000);
    f.scheduler.advance(2 * RemoteFileRegistry::InitialPollMs);
    QTRY_VERIFY_WITH_TIMEOUT(first.calls == 1 && second.calls == 1, 10000);
    QVERIFY(!first.error.isError());
    QVERIFY(!second.error.isError());
    QVERIFY(first.file.isActive());
    QCOMPARE(second.file, first.file);
    // The timeout of the second no longer fires.
    f.scheduler.advance(10 * 60 * 1000);
    QCOMPARE(second.calls, 1);
}

void tst_RemoteFileRegistry::waitUntilActiveFailed()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"bad"_s, "b", u"FAILED"_s));
    f.server.files()->setState(u"files/bad"_s, u"FAILED"_s, u"The audio could not be decoded."_s);
    Registry r(f);
    QVERIFY(r.refresh());
    WaitResult waited;
    r.registry.waitUntilActive(u"bad"_s, this, waited.callback());
    QTRY_COMPARE_WITH_TIMEOUT(waited.calls, 1, 5000);
    QCOMPARE(waited.error.kind, ApiError::Kind::FailedPrecondition);
    const QString text = waited.error.userMessage();
    QVERIFY2(text.contains(u"Display bad"_s), qPrintable(text)); // the file by the name the user knows
    QVERIFY2(text.contains(u"The audio could not be decoded."_s), qPrintable(text));
}

void tst_RemoteFileRegistry::waitUntilActiveGone_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("never existed") << u"unknown"_s;
    QTest::newRow("deleted while processing") << u"deleted"_s;
    QTest::newRow("expired while processing") << u"expired"_s;
}

void tst_RemoteFileRegistry::waitUntilActiveGone()
{
    QFETCH(QString, how);
    ClientFixture f;
    FakeFileService *service = f.server.files();
    service->addFile(fakeFile(u"p"_s, "p", u"PROCESSING"_s));
    Registry r(f);
    QVERIFY(r.refresh());
    WaitResult waited;
    const QString name = how == "unknown"_L1 ? u"files/nosuchfile"_s : u"files/p"_s;
    r.registry.waitUntilActive(name, this, waited.callback());
    if (how == "deleted"_L1) {
        service->removeFile(name);
        f.scheduler.advance(RemoteFileRegistry::InitialPollMs);
    } else if (how == "expired"_L1) {
        service->advanceClock(48 * HourMs);
        f.scheduler.advance(48 * HourMs);
    }
    QTRY_COMPARE_WITH_TIMEOUT(waited.calls, 1, 10000);
    QCOMPARE(waited.error.kind, ApiError::Kind::PermissionDenied);
    const QString text = waited.error.userMessage();
    QVERIFY2(text.contains(how == "unknown"_L1 ? name : u"Display p"_s), qPrintable(text));
    QVERIFY2(text.contains(u"no longer on the server"_s), qPrintable(text));
    QVERIFY(!r.registry.file(name));
    if (how != "unknown"_L1)
        QCOMPARE(r.removedNames(), QStringList {name});
}

void tst_RemoteFileRegistry::waitUntilActiveTimeout()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"slow"_s, "s", u"PROCESSING"_s));
    Registry r(f);
    QVERIFY(r.refresh());
    WaitResult waited;
    r.registry.waitUntilActive(u"files/slow"_s, this, waited.callback(), 90 * 1000);
    f.scheduler.advance(90 * 1000 - 1);
    QTRY_COMPARE_WITH_TIMEOUT(pollDelays(f.scheduler).size(), 2, 10000); // the first poll came back
    QCOMPARE(waited.calls, 0);
    f.scheduler.advance(1);
    QTRY_COMPARE_WITH_TIMEOUT(waited.calls, 1, 5000);
    QCOMPARE(waited.error.kind, ApiError::Kind::Timeout);
    const QString text = waited.error.userMessage();
    QVERIFY2(text.contains(u"Display slow"_s) && text.contains(u"2 minutes"_s), qPrintable(text));
    // The registry keeps watching the file for everyone else.
    QVERIFY(r.registry.file(u"files/slow"_s));
    f.server.files()->setState(u"files/slow"_s, u"ACTIVE"_s);
    f.scheduler.advance(RemoteFileRegistry::MaxPollMs);
    QTRY_COMPARE_WITH_TIMEOUT(r.changed.size(), 1, 10000);
    QCOMPARE(waited.calls, 1);
}

void tst_RemoteFileRegistry::waitUntilActiveUnusableName()
{
    ClientFixture f;
    Registry r(f);
    WaitResult waited;
    r.registry.waitUntilActive(u"../etc/passwd"_s, this, waited.callback());
    QTRY_COMPARE_WITH_TIMEOUT(waited.calls, 1, 5000);
    QCOMPARE(waited.error.kind, ApiError::Kind::InvalidRequest);
    QCOMPARE(f.server.requests().size(), 0);
}

void tst_RemoteFileRegistry::waitUntilActiveContextDestroyed()
{
    ClientFixture f;
    f.server.files()->addFile(fakeFile(u"p"_s, "p", u"PROCESSING"_s));
    Registry r(f);
    QVERIFY(r.refresh());
    WaitResult waited;
    auto *context = new QObject;
    r.registry.waitUntilActive(u"files/p"_s, context, waited.callback(), 5000);
    delete context;
    f.server.files()->setState(u"files/p"_s, u"ACTIVE"_s);
    f.scheduler.advance(RemoteFileRegistry::InitialPollMs);
    QTRY_COMPARE_WITH_TIMEOUT(r.changed.size(), 1, 10000);
    f.scheduler.advance(10 * 1000); // past the timeout too
    QTest::qWait(20);
    QCOMPARE(waited.calls, 0);
}

void tst_RemoteFileRegistry::destroyedWhileRequestsRun()
{
    ClientFixture f;
    for (int i = 0; i < 5; ++i)
        f.server.files()->addFile(fakeFile(u"f%1"_s.arg(i), QByteArray::number(i), u"PROCESSING"_s));
    int answers = 0;
    {
        Registry r(f);
        QVERIFY(r.refresh());
        r.registry.refresh();
        r.registry.remove(
            {u"f0"_s, u"f1"_s}, this, [&](const QStringList &, const QList<QPair<QString, ApiError>> &) { ++answers; });
        r.registry.waitUntilActive(u"f2"_s, this, [&](const RemoteFile &, const ApiError &) { ++answers; });
        f.scheduler.advance(RemoteFileRegistry::InitialPollMs); // polls of the PROCESSING files go out
    }
    f.scheduler.advance(60 * 1000);
    QTest::qWait(100);
    QCOMPARE(answers, 0);
}

QTEST_GUILESS_MAIN(tst_RemoteFileRegistry)
#include "tst_remotefileregistry.moc"
