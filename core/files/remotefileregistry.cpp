#include "remotefileregistry.h"

#include "apicall.h"
#include "geminiclient.h"
#include "logging.h"
#include "scheduler.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// A 403 or 404 about one file means the file is gone (deleted, expired, or never ours): the server
// answers 403 PERMISSION_DENIED "…or it may not exist" for those (gemini-api.md §7.4). A 403 that
// carries one of these reasons is about the project or the key instead, and says nothing of the file.
bool isGone(const ApiError &error)
{
    if (error.httpStatus == 404)
        return true;
    if (error.httpStatus != 403 || error.kind != ApiError::Kind::PermissionDenied)
        return false;
    static const QStringList projectReasons {u"SERVICE_DISABLED"_s, u"API_KEY_SERVICE_BLOCKED"_s,
        u"API_KEY_HTTP_REFERRER_BLOCKED"_s, u"API_KEY_IP_ADDRESS_BLOCKED"_s, u"API_KEY_ANDROID_APP_BLOCKED"_s,
        u"API_KEY_IOS_APP_BLOCKED"_s, u"CONSUMER_SUSPENDED"_s, u"CONSUMER_INVALID"_s, u"USER_PROJECT_DENIED"_s,
        u"ACCESS_TOKEN_SCOPE_INSUFFICIENT"_s};
    return !projectReasons.contains(error.reason);
}

bool isSettled(RemoteFile::State state)
{
    return state == RemoteFile::State::Active || state == RemoteFile::State::Failed;
}

// Newest first; the name breaks ties so that the order is stable.
bool newerFirst(const RemoteFile &a, const RemoteFile &b)
{
    if (a.createTime != b.createTime)
        return a.createTime > b.createTime;
    return a.name > b.name;
}

QString durationText(qint64 ms)
{
    if (ms < 60 * 1000) {
        const qint64 seconds = std::max<qint64>(1, (ms + 999) / 1000);
        return seconds == 1 ? RemoteFileRegistry::tr("1 second") : RemoteFileRegistry::tr("%1 seconds").arg(seconds);
    }
    const qint64 minutes = (ms + 59999) / 60000;
    return minutes == 1 ? RemoteFileRegistry::tr("1 minute") : RemoteFileRegistry::tr("%1 minutes").arg(minutes);
}

} // namespace

struct RemoteFileRegistry::RemoveJob
{
    struct Item
    {
        QString input; // as given
        QString name;  // the resource name, or empty when the input names no file
        bool deleted = false;
        ApiError error;
    };
    QList<Item> items;
    qsizetype next = 0;
    int running = 0;
    QPointer<QObject> context;
    bool guarded = false;
    std::function<void(const QStringList &, const QList<QPair<QString, ApiError>> &)> done;
};

RemoteFileRegistry::RemoteFileRegistry(GeminiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

RemoteFileRegistry::~RemoteFileRegistry()
{
    // Nobody is left to hear the answers: stop the requests without calling back into this object.
    for (const QPointer<ApiCall> &call : std::as_const(m_calls)) {
        if (!call)
            continue;
        QObject::disconnect(call, nullptr, this, nullptr);
        call->cancel();
    }
}

void RemoteFileRegistry::setClock(std::function<QDateTime()> clock)
{
    m_clock = clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); };
    m_expiryDueMs.reset();
    ++m_expiryToken;
    scheduleExpiry();
}

QDateTime RemoteFileRegistry::now() const
{
    return m_clock();
}

QList<RemoteFile> RemoteFileRegistry::files() const
{
    const QDateTime t = now();
    QList<RemoteFile> out;
    out.reserve(m_files.size());
    for (const RemoteFile &f : m_files) {
        if (!f.isExpired(t))
            out.append(f);
    }
    std::sort(out.begin(), out.end(), newerFirst);
    return out;
}

std::optional<RemoteFile> RemoteFileRegistry::file(const QString &name) const
{
    const auto it = m_files.constFind(remoteFileResourceName(name));
    if (it == m_files.cend() || it->isExpired(now()))
        return std::nullopt;
    return *it;
}

bool RemoteFileRegistry::isRefreshing() const
{
    return !m_refreshCall.isNull();
}

qint64 RemoteFileRegistry::totalBytes() const
{
    const QDateTime t = now();
    qint64 total = 0;
    for (const RemoteFile &f : m_files) {
        if (!f.isExpired(t))
            total += f.sizeBytes;
    }
    return total;
}

void RemoteFileRegistry::track(ApiCall *call)
{
    m_calls.removeAll(QPointer<ApiCall>());
    m_calls.append(call);
}

void RemoteFileRegistry::updateBusy()
{
    const bool busy = isRefreshing() || m_removeJobs > 0;
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

// ---------------------------------------------------------------------------------------------------
// Refresh

void RemoteFileRegistry::refresh()
{
    if (m_refreshCall)
        return; // merged into the one running: its listing is at least as new as this request
    const quint64 startEpoch = m_epoch;
    ApiCall *call
        = m_client->listFiles(this, [this, startEpoch](const QList<RemoteFile> &files, const ApiError &error) {
              onListed(startEpoch, files, error);
          });
    m_refreshCall = call;
    track(call);
    updateBusy();
}

void RemoteFileRegistry::onListed(quint64 startEpoch, const QList<RemoteFile> &listed, const ApiError &error)
{
    m_refreshCall = nullptr;
    if (error.isError()) {
        qCInfo(lcFiles).noquote() << "files.list failed:" << error.kindName() << error.message;
        Q_EMIT refreshFailed(error);
        // What is known stays; reuse questions get the best answer without a listing.
        const auto queries = std::exchange(m_reuseAfterRefresh, {});
        for (const auto &q : queries) {
            if (m_loaded)
                answerReuse(q);
            else
                deliverReuse(q, std::nullopt);
        }
        updateBusy();
        return;
    }

    const QDateTime t = now();
    const qint64 nowMs = m_client->scheduler()->nowMs();
    QHash<QString, RemoteFile> fresh;
    for (const RemoteFile &f : listed) {
        if (!f.isExpired(t))
            fresh.insert(f.name, f);
    }
    auto changedLocally = [this, startEpoch](const QString &name) { return m_touched.value(name) > startEpoch; };

    // Gone from the server (deleted elsewhere or expired there).
    const QStringList known = m_files.keys();
    for (const QString &name : known) {
        if (!fresh.contains(name) && !changedLocally(name))
            drop(name, goneError(name));
    }
    // New and changed, oldest first so that a view inserting at the top ends up newest first.
    QList<RemoteFile> ordered = fresh.values();
    std::sort(ordered.begin(), ordered.end(), newerFirst);
    std::reverse(ordered.begin(), ordered.end());
    for (const RemoteFile &f : std::as_const(ordered)) {
        if (changedLocally(f.name))
            continue; // deleted or re-read after the listing began: that answer is newer
        m_confirmedAtMs.insert(f.name, nowMs);
        upsert(f);
    }
    m_touched.removeIf([startEpoch](const QHash<QString, quint64>::iterator it) { return it.value() <= startEpoch; });

    m_loaded = true;
    m_lastRefreshed = t;
    scheduleExpiry();
    qCDebug(lcFiles) << "files.list:" << m_files.size() << "live files";
    Q_EMIT refreshed();
    const auto queries = std::exchange(m_reuseAfterRefresh, {});
    for (const auto &q : queries)
        answerReuse(q);
    updateBusy();
}

// ---------------------------------------------------------------------------------------------------
// Entries

void RemoteFileRegistry::upsert(const RemoteFile &file)
{
    if (file.name.isEmpty())
        return;
    const QString name = file.name;
    if (file.isExpired(now())) {
        drop(name, goneError(name));
        return;
    }
    const auto it = m_files.find(name);
    if (it == m_files.end()) {
        m_files.insert(name, file);
        Q_EMIT fileAdded(file);
    } else if (*it != file) {
        *it = file;
        Q_EMIT fileChanged(file);
    }
    // A slot may have removed or changed it again: go on with what is there now.
    const auto current = m_files.constFind(name);
    if (current == m_files.cend())
        return;
    if (isSettled(current->state))
        m_polls.remove(name);
    else
        ensurePolling(name);
    armExpiryCheck(current->expirationTime);
    settleWaiters(name);
}

void RemoteFileRegistry::drop(const QString &name, const ApiError &why)
{
    m_polls.remove(name);
    m_confirmedAtMs.remove(name);
    const bool known = m_files.remove(name) > 0;
    if (known)
        Q_EMIT fileRemoved(name);
    finishWaiters(name, {}, why);
}

void RemoteFileRegistry::add(const RemoteFile &file)
{
    if (file.name.isEmpty()) {
        qCWarning(lcFiles) << "ignored a file without a name";
        return;
    }
    touch(file.name);
    m_confirmedAtMs.insert(file.name, m_client->scheduler()->nowMs());
    upsert(file);
}

QString RemoteFileRegistry::shownName(const QString &name) const
{
    const auto it = m_files.constFind(name);
    if (it != m_files.cend() && !it->displayName.isEmpty())
        return it->displayName;
    return name;
}

ApiError RemoteFileRegistry::goneError(const QString &name) const
{
    ApiError e;
    e.kind = ApiError::Kind::PermissionDenied;
    e.message = u"%1 is no longer on the server"_s.arg(name);
    e.userText = tr("The file “%1” is no longer on the server: it was deleted, or it expired (uploaded files are kept "
                    "for 48 hours). Attach it again to send it.")
                     .arg(shownName(name));
    return e;
}

ApiError RemoteFileRegistry::failedError(const RemoteFile &file) const
{
    const QString shown = file.displayName.isEmpty() ? file.name : file.displayName;
    ApiError e;
    e.kind = ApiError::Kind::FailedPrecondition;
    e.status = u"FAILED_PRECONDITION"_s;
    e.message = file.errorMessage.isEmpty() ? u"%1 is in state FAILED"_s.arg(file.name) : file.errorMessage;
    e.userText = file.errorMessage.isEmpty()
        ? tr("The server could not process the file “%1”, so it cannot be used.").arg(shown)
        : tr("The server could not process the file “%1”: %2").arg(shown, file.errorMessage);
    return e;
}

// ---------------------------------------------------------------------------------------------------
// files.get, polling

void RemoteFileRegistry::fetch(const QString &name, std::function<void(const RemoteFile &, const ApiError &)> after)
{
    ApiCall *call = m_client->getFile(name, this, [this, name, after](const RemoteFile &file, const ApiError &error) {
        applyFetched(name, file, error);
        if (after)
            after(file, error);
    });
    track(call);
}

void RemoteFileRegistry::applyFetched(const QString &name, const RemoteFile &file, const ApiError &error)
{
    const QString resolved = remoteFileResourceName(name);
    if (error.isError()) {
        if (!resolved.isEmpty() && isGone(error)) {
            touch(resolved);
            drop(resolved, goneError(resolved));
        }
        return;
    }
    touch(file.name);
    m_confirmedAtMs.insert(file.name, m_client->scheduler()->nowMs());
    upsert(file);
}

void RemoteFileRegistry::get(const QString &name, QObject *context, Done done)
{
    QPointer<QObject> guard(context);
    const bool guarded = context != nullptr;
    fetch(name, [guard, guarded, done](const RemoteFile &file, const ApiError &error) {
        if ((!guarded || guard) && done)
            done(file, error);
    });
}

void RemoteFileRegistry::ensurePolling(const QString &name)
{
    if (m_polls.contains(name))
        return;
    m_polls.insert(name, Poll {});
    schedulePoll(name);
}

void RemoteFileRegistry::schedulePoll(const QString &name)
{
    const auto it = m_polls.find(name);
    if (it == m_polls.end() || it->scheduled || it->inFlight)
        return;
    const qint64 delay = it->nextDelayMs;
    it->nextDelayMs = std::min(it->nextDelayMs * 2, MaxPollMs);
    it->token = ++m_pollToken;
    it->scheduled = true;
    const quint64 token = it->token;
    m_client->scheduler()->schedule(delay, this, [this, name, token] { pollNow(name, token); });
}

void RemoteFileRegistry::pollNow(const QString &name, quint64 token)
{
    const auto it = m_polls.find(name);
    if (it == m_polls.end() || it->token != token)
        return; // settled, removed, or replaced since
    it->scheduled = false;
    it->inFlight = true;
    fetch(name, [this, name](const RemoteFile &, const ApiError &error) {
        const auto poll = m_polls.find(name);
        if (poll == m_polls.end())
            return; // settled (ACTIVE, FAILED) or gone: applyFetched saw to it
        poll->inFlight = false;
        if (!error.isError() || error.isTransient()) {
            schedulePoll(name); // still PROCESSING, or a passing failure: ask again later
            return;
        }
        qCInfo(lcFiles).noquote() << "polling" << name << "stopped:" << error.kindName() << error.message;
        m_polls.remove(name);
        finishWaiters(name, {}, error);
    });
}

// ---------------------------------------------------------------------------------------------------
// Expiry

void RemoteFileRegistry::scheduleExpiry()
{
    QDateTime earliest;
    for (const RemoteFile &f : std::as_const(m_files)) {
        if (f.expirationTime.isValid() && (!earliest.isValid() || f.expirationTime < earliest))
            earliest = f.expirationTime;
    }
    armExpiryCheck(earliest);
}

void RemoteFileRegistry::armExpiryCheck(const QDateTime &expiration)
{
    if (!expiration.isValid())
        return;
    Scheduler *scheduler = m_client->scheduler();
    const qint64 wait = std::clamp<qint64>(now().msecsTo(expiration), 1, MaxExpiryWaitMs);
    const qint64 due = scheduler->nowMs() + wait;
    if (m_expiryDueMs && *m_expiryDueMs <= due)
        return; // the check already armed comes first
    m_expiryDueMs = due;
    const quint64 token = ++m_expiryToken;
    scheduler->schedule(wait, this, [this, token] { onExpiryTimer(token); });
}

void RemoteFileRegistry::onExpiryTimer(quint64 token)
{
    if (token != m_expiryToken)
        return;
    m_expiryDueMs.reset();
    const QDateTime t = now();
    QStringList expired;
    for (const RemoteFile &f : std::as_const(m_files)) {
        if (f.isExpired(t))
            expired.append(f.name);
    }
    for (const QString &name : std::as_const(expired)) {
        qCDebug(lcFiles) << name << "expired";
        drop(name, goneError(name));
    }
    scheduleExpiry();
}

// ---------------------------------------------------------------------------------------------------
// Waiting for ACTIVE

void RemoteFileRegistry::waitUntilActive(const QString &nameOrUri, QObject *context, Done done, qint64 timeoutMs)
{
    const QString name = remoteFileResourceName(nameOrUri);
    Waiter w;
    w.id = ++m_nextWaiterId;
    w.name = name;
    w.context = context;
    w.guarded = context != nullptr;
    w.done = std::move(done);
    const quint64 id = w.id;
    m_waiters.append(w);

    if (name.isEmpty()) {
        // The client words the error for an unusable name; nothing is sent.
        fetch(nameOrUri, [this, id](const RemoteFile &, const ApiError &error) { finishWaiter(id, {}, error); });
        return;
    }
    if (timeoutMs > 0) {
        m_client->scheduler()->schedule(timeoutMs, this, [this, id, name, timeoutMs] {
            ApiError e = ApiError::timeout(u"%1 still not ACTIVE after %2 ms"_s.arg(name).arg(timeoutMs));
            e.userText = tr("The file “%1” was still being processed by the server after %2. Try again later.")
                             .arg(shownName(name), durationText(timeoutMs));
            finishWaiter(id, {}, e);
        });
    }
    const auto it = m_files.constFind(name);
    if (it != m_files.cend() && !it->isExpired(now())) {
        if (isSettled(it->state)) {
            // Settled already: answer without a request, but never from inside this call.
            QTimer::singleShot(0, this, [this, name] { settleWaiters(name); });
            return;
        }
        ensurePolling(name);
        return;
    }
    // Not known (or expired here): ask the server; the answer settles the waiter or starts polling.
    fetch(name, [this, id](const RemoteFile &, const ApiError &error) {
        if (error.isError() && !isGone(error))
            finishWaiter(id, {}, error); // gone was answered by drop()
    });
}

void RemoteFileRegistry::settleWaiters(const QString &name)
{
    const auto it = m_files.constFind(name);
    if (it == m_files.cend())
        return;
    if (it->state == RemoteFile::State::Active)
        finishWaiters(name, *it, {});
    else if (it->state == RemoteFile::State::Failed)
        finishWaiters(name, *it, failedError(*it));
}

void RemoteFileRegistry::finishWaiters(const QString &name, const RemoteFile &file, const ApiError &error)
{
    QList<quint64> ids;
    for (const Waiter &w : std::as_const(m_waiters)) {
        if (w.name == name)
            ids.append(w.id);
    }
    for (quint64 id : std::as_const(ids))
        finishWaiter(id, file, error);
}

void RemoteFileRegistry::finishWaiter(quint64 id, const RemoteFile &file, const ApiError &error)
{
    const auto it = std::find_if(m_waiters.begin(), m_waiters.end(), [id](const Waiter &w) { return w.id == id; });
    if (it == m_waiters.end())
        return; // answered already (settled, timed out)
    const Waiter w = *it;
    m_waiters.erase(it);
    if ((!w.guarded || w.context) && w.done)
        w.done(file, error);
}

// ---------------------------------------------------------------------------------------------------
// Reuse

void RemoteFileRegistry::findReusable(const QByteArray &sha256Hex, qint64 size, QObject *context,
    std::function<void(const std::optional<RemoteFile> &)> answer)
{
    auto q = std::make_shared<ReuseQuery>();
    q->sha256Hex = sha256Hex.trimmed().toLower();
    q->size = size;
    q->context = context;
    q->guarded = context != nullptr;
    q->answer = std::move(answer);
    if (!m_loaded) {
        m_reuseAfterRefresh.append(q);
        refresh();
        return;
    }
    QTimer::singleShot(0, this, [this, q] { answerReuse(q); });
}

std::optional<RemoteFile> RemoteFileRegistry::bestReusable(const ReuseQuery &query) const
{
    if (query.sha256Hex.isEmpty() || query.size < 0)
        return std::nullopt;
    const QDateTime t = now();
    std::optional<RemoteFile> best;
    for (const RemoteFile &f : m_files) {
        if (f.sizeBytes != query.size || f.sha256Hex() != query.sha256Hex || query.tried.contains(f.name))
            continue;
        if (f.state != RemoteFile::State::Active && f.state != RemoteFile::State::Processing)
            continue;
        const std::optional<qint64> left = f.msUntilExpiry(t);
        if (f.isExpired(t) || (left && *left < ReuseMinRemainingMs))
            continue;
        if (!best) {
            best = f;
            continue;
        }
        // ACTIVE is usable now; then the one that lives longest.
        if (f.isActive() != best->isActive()) {
            if (f.isActive())
                best = f;
            continue;
        }
        if (f.expirationTime > best->expirationTime)
            best = f;
    }
    return best;
}

void RemoteFileRegistry::answerReuse(const std::shared_ptr<ReuseQuery> &query)
{
    if (query->guarded && !query->context)
        return;
    const std::optional<RemoteFile> candidate = bestReusable(*query);
    if (!candidate) {
        deliverReuse(query, std::nullopt);
        return;
    }
    const qint64 confirmedAt = m_confirmedAtMs.value(candidate->name, std::numeric_limits<qint64>::min() / 2);
    if (m_client->scheduler()->nowMs() - confirmedAt <= ReuseConfirmAfterMs) {
        deliverReuse(query, candidate);
        return;
    }
    // Known from a while ago: another client may have deleted it since. Ask before handing it out.
    const QString name = candidate->name;
    query->tried.append(name);
    fetch(name, [this, query, name](const RemoteFile &file, const ApiError &error) {
        if (error.isError() && !isGone(error)) {
            deliverReuse(query, std::nullopt); // cannot tell: uploading again is the safe answer
            return;
        }
        // The entry now holds what the server said (or is gone): decide again. Confirmed just now, it
        // is handed out without another request if it is still reusable.
        if (!error.isError() && file.name == name)
            query->tried.removeAll(name);
        answerReuse(query);
    });
}

void RemoteFileRegistry::deliverReuse(const std::shared_ptr<ReuseQuery> &query, const std::optional<RemoteFile> &file)
{
    if (!query->answer || (query->guarded && !query->context))
        return;
    const ReuseAnswer answer = std::exchange(query->answer, {});
    answer(file);
}

// ---------------------------------------------------------------------------------------------------
// Delete

void RemoteFileRegistry::remove(const QStringList &names, QObject *context,
    std::function<void(const QStringList &deleted, const QList<QPair<QString, ApiError>> &failures)> done)
{
    auto job = std::make_shared<RemoveJob>();
    job->context = context;
    job->guarded = context != nullptr;
    job->done = std::move(done);
    QSet<QString> seen;
    for (const QString &input : names) {
        const QString name = remoteFileResourceName(input);
        const QString key = name.isEmpty() ? input : name;
        if (seen.contains(key))
            continue;
        seen.insert(key);
        RemoveJob::Item item;
        item.input = input;
        item.name = name;
        job->items.append(item);
    }
    ++m_removeJobs;
    updateBusy();
    if (job->items.isEmpty()) {
        QTimer::singleShot(0, this, [this, job] { startDeletes(job); });
        return;
    }
    startDeletes(job);
}

void RemoteFileRegistry::startDeletes(const std::shared_ptr<RemoveJob> &job)
{
    while (job->running < MaxConcurrentDeletes && job->next < job->items.size()) {
        const qsizetype index = job->next++;
        ++job->running;
        const QString target
            = job->items.at(index).name.isEmpty() ? job->items.at(index).input : job->items.at(index).name;
        ApiCall *call = m_client->deleteFile(target, this, [this, job, index](bool, const ApiError &error) {
            RemoveJob::Item &item = job->items[index];
            --job->running;
            if (!error.isError() || (!item.name.isEmpty() && isGone(error))) {
                item.deleted = true;
                touch(item.name);
                drop(item.name, goneError(item.name));
            } else {
                item.error = error;
            }
            startDeletes(job);
        });
        track(call);
    }
    if (job->running > 0 || job->next < job->items.size())
        return;

    QStringList deleted;
    QList<QPair<QString, ApiError>> failures;
    for (const RemoveJob::Item &item : std::as_const(job->items)) {
        if (item.deleted)
            deleted.append(item.name);
        else
            failures.append({item.name.isEmpty() ? item.input : item.name, item.error});
    }
    qCDebug(lcFiles) << "deleted" << deleted.size() << "file(s)," << failures.size() << "failure(s)";
    --m_removeJobs;
    updateBusy();
    if ((!job->guarded || job->context) && job->done) {
        const auto done = std::exchange(job->done, {});
        done(deleted, failures);
    }
}
