#include "uploadqueue.h"

#include "filehasher.h"
#include "geminiclient.h"
#include "logging.h"

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <cmath>

UploadQueue::UploadQueue(GeminiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{ }

UploadQueue::~UploadQueue()
{
    // Children (hashers, uploads) go with QObject; make sure none of them reaches back in here.
    for (auto &[id, entry] : m_entries) {
        if (entry->hasher)
            entry->hasher->disconnect(this);
        if (entry->upload)
            entry->upload->disconnect(this);
    }
}

void UploadQueue::setMaxConcurrent(int n)
{
    m_maxConcurrent = std::max(1, n);
    schedulePump();
}

UploadQueue::Entry *UploadQueue::find(int id)
{
    const auto it = m_entries.find(id);
    return it == m_entries.end() ? nullptr : it->second.get();
}

const UploadQueue::Entry *UploadQueue::find(int id) const
{
    const auto it = m_entries.find(id);
    return it == m_entries.end() ? nullptr : it->second.get();
}

// --- adding and controlling --------------------------------------------------------------------

int UploadQueue::enqueue(const UploadSource &source)
{
    const int id = ++m_nextId;
    auto entry = std::make_unique<Entry>();
    entry->item.id = id;
    entry->item.source = source;
    entry->item.total = source.isValid() ? source.size : 0;
    m_entries.emplace(id, std::move(entry));
    qCDebug(lcFiles).noquote() << "queued" << id << source.path;
    m_busy = true;
    Q_EMIT itemAdded(id);
    if (!source.isValid()) {
        const quint64 token = find(id)->token;
        QTimer::singleShot(0, this, [this, id, token] {
            Entry *e = find(id);
            if (e && e->token == token && e->item.status == Status::Queued)
                failItem(*e, e->item.source.error);
        });
    } else {
        schedulePump();
    }
    emitProgress();
    return id;
}

void UploadQueue::pause(int id)
{
    Entry *e = find(id);
    if (!e || e->item.isDone() || e->item.status == Status::Paused)
        return;
    stopWork(*e);
    if (e->upload && !e->upload->isDone())
        e->upload->pause();
    e->item.status = Status::Paused;
    e->item.hashed = 0;
    e->item.bytesPerSecond = 0;
    e->item.msRemaining.reset();
    if (e->upload)
        e->item.uploadState = e->upload->state();
    changed(id);
    schedulePump(); // its slot is free
    checkIdle();
}

void UploadQueue::resume(int id)
{
    Entry *e = find(id);
    if (!e || e->item.status != Status::Paused)
        return;
    // Back in line: it runs when a slot is free (an upload resumes from where the server is).
    e->item.status = Status::Queued;
    m_busy = true;
    changed(id);
    schedulePump();
}

void UploadQueue::cancel(int id)
{
    Entry *e = find(id);
    if (!e || e->item.isDone())
        return;
    stopWork(*e);
    if (ResumableUpload *upload = std::exchange(e->upload, nullptr)) {
        upload->disconnect(this);
        upload->cancel(); // sends the `cancel` command
        e->item.uploadState = upload->state();
        upload->deleteLater();
    }
    e->item.status = Status::Cancelled;
    e->item.error = ApiError::cancelled();
    e->item.bytesPerSecond = 0;
    e->item.msRemaining.reset();
    qCInfo(lcFiles).noquote() << "cancelled" << id << e->item.source.path;
    changed(id);
    Q_EMIT itemFailed(id, e->item.error);
    schedulePump();
    checkIdle();
}

void UploadQueue::retry(int id)
{
    Entry *e = find(id);
    if (!e || (e->item.status != Status::Failed && e->item.status != Status::Cancelled))
        return;
    stopWork(*e);
    if (ResumableUpload *upload = std::exchange(e->upload, nullptr)) {
        upload->disconnect(this);
        upload->deleteLater();
    }
    // Look at the file again: it may have been fixed (or changed) since.
    const UploadSource old = e->item.source;
    const UploadSource source = UploadSource::inspect(old.path, old.mimeType, old.displayName);
    Item fresh;
    fresh.id = id;
    fresh.source = source;
    fresh.total = source.isValid() ? source.size : 0;
    e->item = fresh;
    ++e->token;
    qCInfo(lcFiles).noquote() << "retrying" << id << source.path;
    changed(id);
    if (!source.isValid()) {
        const quint64 token = e->token;
        QTimer::singleShot(0, this, [this, id, token] {
            Entry *entry = find(id);
            if (entry && entry->token == token && entry->item.status == Status::Queued)
                failItem(*entry, entry->item.source.error);
        });
        return;
    }
    m_busy = true;
    schedulePump();
}

QList<int> UploadQueue::ids() const
{
    QList<int> list;
    list.reserve(qsizetype(m_entries.size()));
    for (const auto &[id, entry] : m_entries)
        list.append(id);
    return list;
}

void UploadQueue::pauseAll()
{
    // Waiting items first, so none of them starts when a running one frees its slot.
    QList<int> all = ids();
    std::stable_partition(all.begin(), all.end(), [this](int id) { return find(id)->item.status == Status::Queued; });
    for (int id : std::as_const(all))
        pause(id);
}

void UploadQueue::resumeAll()
{
    const QList<int> all = ids();
    for (int id : all)
        resume(id);
}

void UploadQueue::cancelAll()
{
    QList<int> all = ids();
    std::stable_partition(all.begin(), all.end(), [this](int id) {
        const Status s = find(id)->item.status;
        return s == Status::Queued || s == Status::Paused;
    });
    for (int id : std::as_const(all))
        cancel(id);
}

void UploadQueue::removeFinished()
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        Entry &e = *it->second;
        if (!e.item.isDone()) {
            ++it;
            continue;
        }
        stopWork(e);
        if (e.upload) {
            e.upload->disconnect(this);
            e.upload->deleteLater();
        }
        it = m_entries.erase(it);
    }
    emitProgress();
}

// --- reading -----------------------------------------------------------------------------------

QList<UploadQueue::Item> UploadQueue::items() const
{
    QList<Item> list;
    list.reserve(qsizetype(m_entries.size()));
    for (const auto &[id, entry] : m_entries)
        list.append(entry->item);
    return list;
}

std::optional<UploadQueue::Item> UploadQueue::item(int id) const
{
    if (const Entry *e = find(id))
        return e->item;
    return std::nullopt;
}

int UploadQueue::runningCount() const
{
    int n = 0;
    for (const auto &[id, entry] : m_entries) {
        if (entry->item.status == Status::Hashing || entry->item.status == Status::Uploading)
            ++n;
    }
    return n;
}

bool UploadQueue::isIdle() const
{
    for (const auto &[id, entry] : m_entries) {
        const Status s = entry->item.status;
        if (s == Status::Queued || s == Status::Hashing || s == Status::Uploading)
            return false;
    }
    return true;
}

qint64 UploadQueue::bytesSent() const
{
    qint64 sum = 0;
    for (const auto &[id, entry] : m_entries) {
        if (entry->item.status != Status::Failed && entry->item.status != Status::Cancelled)
            sum += entry->item.sent;
    }
    return sum;
}

qint64 UploadQueue::totalBytes() const
{
    qint64 sum = 0;
    for (const auto &[id, entry] : m_entries) {
        if (entry->item.status != Status::Failed && entry->item.status != Status::Cancelled)
            sum += entry->item.total;
    }
    return sum;
}

double UploadQueue::bytesPerSecond() const
{
    double sum = 0;
    for (const auto &[id, entry] : m_entries) {
        if (entry->item.status == Status::Uploading)
            sum += entry->item.bytesPerSecond;
    }
    return sum;
}

std::optional<qint64> UploadQueue::msRemaining() const
{
    const qint64 left = totalBytes() - bytesSent();
    if (left <= 0)
        return 0;
    const double rate = bytesPerSecond();
    if (rate <= 0)
        return std::nullopt;
    return qint64(std::ceil(double(left) * 1000.0 / rate));
}

// --- the work ----------------------------------------------------------------------------------

void UploadQueue::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_pumpScheduled = false;
        pump();
    });
}

void UploadQueue::pump()
{
    // By id, not by iterator: the signals emitted while starting may add or remove items.
    QList<int> waiting;
    for (const auto &[id, entry] : m_entries) {
        if (entry->item.status == Status::Queued && entry->item.source.isValid())
            waiting.append(id);
    }
    for (int id : std::as_const(waiting)) {
        if (runningCount() >= m_maxConcurrent)
            break;
        Entry *found = find(id);
        if (!found || found->item.status != Status::Queued)
            continue;
        Entry &e = *found;
        if (e.upload && !e.upload->isDone()) { // paused earlier, resumed by the user
            e.item.status = Status::Uploading;
            changed(id);
            e.upload->resume();
            syncFromUpload(e);
        } else if (!e.item.sha256Hex.isEmpty()) { // hashed, paused during the lookup
            e.item.status = Status::Hashing;
            changed(id);
            onHashed(id, e.item.sha256Hex);
        } else {
            startHashing(e);
        }
    }
    checkIdle();
}

void UploadQueue::startHashing(Entry &entry)
{
    const int id = entry.item.id;
    entry.item.status = Status::Hashing;
    entry.item.hashed = 0;
    auto *hasher = new FileHasher(this);
    entry.hasher = hasher;
    connect(hasher, &FileHasher::progressChanged, this, [this, id](qint64 hashed, qint64) {
        if (Entry *e = find(id)) {
            e->item.hashed = hashed;
            changed(id);
        }
    });
    connect(hasher, &FileHasher::finished, this, [this, id, hasher](const QByteArray &hex) {
        Entry *e = find(id);
        hasher->deleteLater();
        if (!e || e->hasher != hasher)
            return;
        e->hasher = nullptr;
        e->item.hashed = e->item.total;
        onHashed(id, hex);
    });
    connect(hasher, &FileHasher::failed, this, [this, id, hasher](const ApiError &error) {
        Entry *e = find(id);
        hasher->deleteLater();
        if (!e || e->hasher != hasher)
            return;
        e->hasher = nullptr;
        failItem(*e, error);
    });
    qCDebug(lcFiles).noquote() << "hashing" << id << entry.item.source.path;
    changed(id);
    hasher->start(entry.item.source.path);
}

void UploadQueue::onHashed(int id, const QByteArray &sha256Hex)
{
    Entry *e = find(id);
    if (!e)
        return;
    e->item.sha256Hex = sha256Hex;
    ApiError why;
    if (!e->item.source.unchangedOnDisk(&why)) { // the digest may be of a file half rewritten
        failItem(*e, why);
        return;
    }
    changed(id);
    if (!m_reuseLookup) {
        startUpload(*e);
        return;
    }
    const quint64 token = ++e->token;
    const qint64 size = e->item.source.size;
    QPointer<UploadQueue> self(this);
    m_reuseLookup(sha256Hex, size, this, [self, id, token](const std::optional<RemoteFile> &file) {
        if (self)
            self->onReuseAnswer(id, token, file);
    });
}

void UploadQueue::onReuseAnswer(int id, quint64 token, const std::optional<RemoteFile> &file)
{
    Entry *e = find(id);
    if (!e || e->token != token || e->item.status != Status::Hashing)
        return; // paused, cancelled or retried meanwhile
    ++e->token; // one answer only
    const bool sameContent = file && file->sizeBytes == e->item.source.size
        && (file->sha256Hex().isEmpty() || file->sha256Hex() == e->item.sha256Hex);
    if (sameContent) {
        qCInfo(lcFiles).noquote() << "reusing" << file->name << "for" << e->item.source.path;
        finishItem(*e, *file, true);
        return;
    }
    if (file)
        qCWarning(lcFiles) << "the reuse lookup answered a file of other content; uploading";
    startUpload(*e);
}

void UploadQueue::startUpload(Entry &entry)
{
    const int id = entry.item.id;
    auto *upload = new ResumableUpload(m_client, entry.item.source, this);
    entry.upload = upload;
    if (m_chunkBytes > 0)
        upload->setChunkBytes(m_chunkBytes);
    upload->setExpectedSha256Hex(entry.item.sha256Hex);
    entry.item.status = Status::Uploading;
    connect(upload, &ResumableUpload::stateChanged, this, [this, id, upload] {
        Entry *e = find(id);
        if (!e || e->upload != upload)
            return;
        e->item.uploadState = upload->state();
        changed(id);
    });
    connect(upload, &ResumableUpload::progressChanged, this, [this, id, upload] {
        Entry *e = find(id);
        if (!e || e->upload != upload)
            return;
        syncFromUpload(*e);
        changed(id);
    });
    connect(upload, &ResumableUpload::finished, this, [this, id, upload](const RemoteFile &file) {
        Entry *e = find(id);
        if (!e || e->upload != upload)
            return;
        e->upload = nullptr;
        upload->disconnect(this);
        upload->deleteLater();
        finishItem(*e, file, false);
    });
    connect(upload, &ResumableUpload::failed, this, [this, id, upload](const ApiError &error) {
        Entry *e = find(id);
        if (!e || e->upload != upload)
            return;
        e->item.uploadState = upload->state();
        e->upload = nullptr;
        upload->disconnect(this);
        upload->deleteLater();
        failItem(*e, error);
    });
    changed(id);
    upload->start();
}

void UploadQueue::syncFromUpload(Entry &entry)
{
    const ResumableUpload *upload = entry.upload;
    if (!upload)
        return;
    entry.item.uploadState = upload->state();
    entry.item.sent = upload->bytesSent();
    entry.item.total = upload->totalBytes();
    entry.item.bytesPerSecond = upload->bytesPerSecond();
    entry.item.msRemaining = upload->msRemaining();
}

void UploadQueue::finishItem(Entry &entry, const RemoteFile &file, bool reused)
{
    const int id = entry.item.id;
    entry.item.status = Status::Finished;
    entry.item.uploadState = reused ? entry.item.uploadState : ResumableUpload::State::Finished;
    entry.item.file = file;
    entry.item.reused = reused;
    entry.item.sent = entry.item.total;
    entry.item.bytesPerSecond = 0;
    entry.item.msRemaining = 0;
    changed(id);
    Q_EMIT itemFinished(id, file);
    schedulePump();
    checkIdle();
}

void UploadQueue::failItem(Entry &entry, const ApiError &error)
{
    const int id = entry.item.id;
    stopWork(entry);
    entry.item.status = error.kind == ApiError::Kind::Cancelled ? Status::Cancelled : Status::Failed;
    entry.item.error = error;
    entry.item.bytesPerSecond = 0;
    entry.item.msRemaining.reset();
    qCInfo(lcFiles).noquote() << "item" << id << "failed:" << error.kindName() << error.message;
    changed(id);
    Q_EMIT itemFailed(id, error);
    schedulePump();
    checkIdle();
}

void UploadQueue::stopWork(Entry &entry)
{
    ++entry.token;
    if (FileHasher *hasher = std::exchange(entry.hasher, nullptr)) {
        hasher->disconnect(this);
        hasher->cancel();
        hasher->deleteLater();
    }
}

void UploadQueue::changed(int id)
{
    Q_EMIT itemChanged(id);
    emitProgress();
}

void UploadQueue::emitProgress()
{
    const qint64 sent = bytesSent();
    const qint64 total = totalBytes();
    if (sent == m_lastSent && total == m_lastTotal)
        return;
    m_lastSent = sent;
    m_lastTotal = total;
    Q_EMIT progressChanged(sent, total);
}

void UploadQueue::checkIdle()
{
    if (!m_busy || !isIdle())
        return;
    m_busy = false;
    qCDebug(lcFiles) << "upload queue idle";
    Q_EMIT idle();
}
