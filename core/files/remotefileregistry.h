#pragma once

#include "api/apierror.h"
#include "api/remotefile.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

class ApiCall;
class GeminiClient;

// What is on the server's Files API, kept current: list (every page), get, delete (one or many),
// refresh. Files in PROCESSING are polled with backoff until ACTIVE or FAILED. Files past their
// expirationTime drop out of the list by themselves (fileRemoved, no error). The local SHA-256 of a
// file is matched with the remote sha256Hash, so content already uploaded and alive is reused.
class RemoteFileRegistry final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteFileRegistry)

public:
    static constexpr qint64 ProjectQuotaBytes = 20LL * 1000 * 1000 * 1000; // gemini-api.md §7.5
    // A file that expires sooner than this is not reused for a new request.
    static constexpr qint64 ReuseMinRemainingMs = 60LL * 60 * 1000;
    // Polling of PROCESSING files: the first files.get after this, then doubling up to MaxPollMs.
    static constexpr qint64 InitialPollMs = 1000;
    static constexpr qint64 MaxPollMs = 10 * 1000;
    // findReusable confirms a candidate with files.get (another client may have deleted it) unless the
    // server reported the file this recently.
    static constexpr qint64 ReuseConfirmAfterMs = 60 * 1000;
    // remove() sends at most this many deletes at a time.
    static constexpr int MaxConcurrentDeletes = 4;

    using Done = std::function<void(const RemoteFile &file, const ApiError &error)>;

    explicit RemoteFileRegistry(GeminiClient *client, QObject *parent = nullptr);
    ~RemoteFileRegistry() override;

    // Wall-clock time for expiry (tests move it); default QDateTime::currentDateTimeUtc.
    void setClock(std::function<QDateTime()> clock);
    QDateTime now() const;

    // The known live files, newest first.
    QList<RemoteFile> files() const;
    std::optional<RemoteFile> file(const QString &name) const;
    bool isLoaded() const { return m_loaded; } // a refresh has succeeded at least once
    bool isRefreshing() const;
    QDateTime lastRefreshed() const { return m_lastRefreshed; }
    qint64 totalBytes() const; // of the live files, against ProjectQuotaBytes

    // Lists every page and replaces the known set (fileAdded/fileChanged/fileRemoved for the
    // differences, then refreshed()). A refresh while one runs is merged into it.
    void refresh();
    // files.get; updates the entry (or removes it when the server no longer has it: 403/404). The entry
    // is updated even if context is destroyed before the answer; done then is not called.
    void get(const QString &name, QObject *context, Done done);
    // Deletes each file (MaxConcurrentDeletes at a time); done gets the resource names deleted and the
    // failures (keyed by resource name, or by the text given when it names no file), in the order given.
    // A file already gone (403/404) counts as deleted. Not called if context is destroyed first.
    void remove(const QStringList &names, QObject *context,
        std::function<void(const QStringList &deleted, const QList<QPair<QString, ApiError>> &failures)> done);
    // Records a file this client just uploaded (and starts polling it when PROCESSING).
    void add(const RemoteFile &file);

    // A live file with this content (hex SHA-256 and size) that is ACTIVE or PROCESSING and expires no
    // sooner than ReuseMinRemainingMs (ACTIVE preferred, then the longest-lived); refreshes first when
    // nothing has been loaded yet. A candidate the server has not reported for ReuseConfirmAfterMs is
    // confirmed with files.get first. nullopt when there is none or the server cannot be asked.
    // Always answers later (never from inside the call); not at all if context is destroyed first.
    void findReusable(const QByteArray &sha256Hex, qint64 size, QObject *context,
        std::function<void(const std::optional<RemoteFile> &)> answer);

    // Calls done once the file is ACTIVE (without a request if it is known to be, on the next event-loop
    // turn); polls files.get with backoff (1 s doubling to 10 s) while PROCESSING. FAILED gives a
    // FailedPrecondition error carrying the server's reason; a file that disappears or expires gives
    // PermissionDenied; timeoutMs (0 = none) gives Timeout; an unusable name gives InvalidRequest; other
    // failures of files.get (after the client's own retries) are passed on. The FAILED, gone and timeout
    // errors have a userMessage() that names the file. Not called if context is destroyed first.
    void waitUntilActive(const QString &name, QObject *context, Done done, qint64 timeoutMs = 0);

Q_SIGNALS:
    void fileAdded(const RemoteFile &file);
    void fileChanged(const RemoteFile &file);
    void fileRemoved(const QString &name); // deleted, expired, or gone from the server
    void refreshed();
    void refreshFailed(const ApiError &error);
    void busyChanged(bool busy);

private:
    using ReuseAnswer = std::function<void(const std::optional<RemoteFile> &)>;
    struct Poll
    {
        qint64 nextDelayMs = InitialPollMs;
        quint64 token = 0; // the scheduled poll that may run; others are stale
        bool scheduled = false;
        bool inFlight = false;
    };
    struct Waiter
    {
        quint64 id = 0;
        QString name;
        QPointer<QObject> context;
        bool guarded = false; // a context was given: no callback once it is gone
        Done done;
    };
    struct ReuseQuery
    {
        QByteArray sha256Hex;
        qint64 size = 0;
        QPointer<QObject> context;
        bool guarded = false;
        ReuseAnswer answer;
        QStringList tried; // candidates already confirmed with the server, not to be asked again
    };
    struct RemoveJob;

    void onListed(quint64 startEpoch, const QList<RemoteFile> &files, const ApiError &error);
    // Records what the server said about one file (files.get, a poll, an upload).
    void upsert(const RemoteFile &file);
    // Forgets a file (deleted, expired or gone): fileRemoved when it was known; its waiters get `why`.
    void drop(const QString &name, const ApiError &why);
    void touch(const QString &name) { m_touched.insert(name, ++m_epoch); }
    // files.get on behalf of the registry; the entry is updated before `after` runs.
    void fetch(const QString &name, std::function<void(const RemoteFile &, const ApiError &)> after);
    void applyFetched(const QString &name, const RemoteFile &file, const ApiError &error);
    void ensurePolling(const QString &name);
    void schedulePoll(const QString &name);
    void pollNow(const QString &name, quint64 token);
    void scheduleExpiry();                            // for the earliest expiry of all
    void armExpiryCheck(const QDateTime &expiration); // unless an earlier check is armed
    void onExpiryTimer(quint64 token);
    void settleWaiters(const QString &name);
    void finishWaiters(const QString &name, const RemoteFile &file, const ApiError &error);
    void finishWaiter(quint64 id, const RemoteFile &file, const ApiError &error);
    void answerReuse(const std::shared_ptr<ReuseQuery> &query);
    void deliverReuse(const std::shared_ptr<ReuseQuery> &query, const std::optional<RemoteFile> &file);
    std::optional<RemoteFile> bestReusable(const ReuseQuery &query) const;
    void startDeletes(const std::shared_ptr<RemoveJob> &job);
    void updateBusy();
    void track(ApiCall *call);
    QString shownName(const QString &name) const;
    ApiError goneError(const QString &name) const;
    ApiError failedError(const RemoteFile &file) const;

    GeminiClient *m_client;
    std::function<QDateTime()> m_clock;
    bool m_loaded = false;
    QDateTime m_lastRefreshed;
    QHash<QString, RemoteFile> m_files;     // by resource name; may hold expired entries until the timer drops them
    QHash<QString, qint64> m_confirmedAtMs; // scheduler time the server last reported each file
    // Local changes (get, poll, add, delete) newer than a refresh's start win over its listing.
    QHash<QString, quint64> m_touched;
    quint64 m_epoch = 0;
    QPointer<ApiCall> m_refreshCall;
    QList<QPointer<ApiCall>> m_calls; // every call in flight, cancelled when the registry goes
    QHash<QString, Poll> m_polls;
    quint64 m_pollToken = 0;
    QList<Waiter> m_waiters;
    quint64 m_nextWaiterId = 0;
    QList<std::shared_ptr<ReuseQuery>> m_reuseAfterRefresh;
    int m_removeJobs = 0;
    bool m_busy = false;
    quint64 m_expiryToken = 0;
    std::optional<qint64> m_expiryDueMs; // scheduler time of the armed expiry check
    // Wall clock and timers can drift apart (a machine asleep): the expiry check runs at least this often.
    static constexpr qint64 MaxExpiryWaitMs = 10 * 60 * 1000;
};
