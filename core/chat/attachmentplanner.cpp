#include "attachmentplanner.h"

#include "files/mediatypes.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "files/uploadsource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QMimeDatabase>
#include <QTemporaryFile>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcPlanner, "alhena.chat.attachments")

QString megabytes(qint64 bytes)
{
    return QLocale::c().toString(double(bytes) / 1e6, 'f', 1);
}

} // namespace

qint64 AttachmentPlanner::inlineCost(qint64 rawBytes)
{
    return rawBytes <= 0 ? 0 : (rawBytes + 2) / 3 * 4;
}

QList<AttachmentPlanner::Route> AttachmentPlanner::plan(
    const QList<qint64> &rawSizes, qint64 otherRequestBytes, qint64 inlineLimitBytes)
{
    QList<Route> routes(rawSizes.size(), Route::Upload);
    if (inlineLimitBytes <= 0)
        return routes;
    QList<qsizetype> order(rawSizes.size());
    std::iota(order.begin(), order.end(), qsizetype(0));
    // Smallest first: as many attachments as possible travel inline. Equal sizes keep their order.
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return rawSizes[a] < rawSizes[b]; });
    qint64 used = std::max<qint64>(0, otherRequestBytes);
    for (const qsizetype i : std::as_const(order)) {
        const qint64 cost = inlineCost(rawSizes[i]);
        if (used + cost > inlineLimitBytes)
            break; // every later one is at least as large
        used += cost;
        routes[i] = Route::Inline;
    }
    return routes;
}

AttachmentPlanner::AttachmentPlanner(UploadQueue *queue, RemoteFileRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_registry(registry)
{
    if (queue) {
        connect(queue, &UploadQueue::itemChanged, this, &AttachmentPlanner::onItemChanged);
        connect(queue, &UploadQueue::itemFinished, this, &AttachmentPlanner::onItemFinished);
        connect(queue, &UploadQueue::itemFailed, this, &AttachmentPlanner::onItemFailed);
    }
}

AttachmentPlanner::~AttachmentPlanner()
{
    stop();
}

void AttachmentPlanner::prepare(const QList<Attachment> &attachments, qint64 otherRequestBytes)
{
    if (m_busy) {
        qCWarning(lcPlanner, "prepare() while a preparation is in progress: ignored");
        return;
    }
    m_busy = true;
    m_run = new QObject(this);
    m_entries.clear();
    m_entries.reserve(attachments.size());
    for (const Attachment &a : attachments)
        m_entries.append(Entry {a, {}, {}, 0, Stage::Pending, -1, 0, -1, {}});
    m_parts = QList<Part>(attachments.size());
    m_otherRequestBytes = otherRequestBytes;
    m_uploadCount = 0;
    m_lastSent = m_lastTotal = -1;
    m_lastStatus.clear();
    QMetaObject::invokeMethod(
        m_run,
        [this, run = m_run] {
            if (run == m_run)
                this->run();
        },
        Qt::QueuedConnection);
}

void AttachmentPlanner::cancel()
{
    if (!m_busy)
        return;
    stop();
}

void AttachmentPlanner::run()
{
    // Every file is checked before anything is read in full or sent: a bad one fails the whole
    // message at once, without half of it uploaded.
    QList<qint64> sizes;
    sizes.reserve(m_entries.size());
    for (Entry &entry : m_entries) {
        if (const ApiError error = inspect(entry); error.isError()) {
            fail(error);
            return;
        }
        sizes.append(entry.size);
    }
    const QList<Route> routes = plan(sizes, m_otherRequestBytes, m_inlineLimit);
    m_uploadCount = int(std::count(routes.cbegin(), routes.cend(), Route::Upload));
    if (m_uploadCount > 0 && (!m_queue || !m_registry)) {
        fail(ApiError::localFile(tr("Attachments larger than %1 MB need the Gemini Files API, which is not "
                                    "available here.")
                                     .arg(megabytes(m_inlineLimit))));
        return;
    }
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (routes.at(i) != Route::Inline)
            continue;
        if (const ApiError error = makeInline(m_entries[i], &m_parts[i]); error.isError()) {
            fail(error);
            return;
        }
    }
    QObject *run = m_run;
    for (qsizetype i = 0; i < m_entries.size() && m_run == run; ++i) {
        if (routes.at(i) != Route::Upload)
            continue;
        if (const ApiError error = startUpload(int(i)); error.isError()) {
            fail(error);
            return;
        }
    }
    if (m_run != run)
        return; // failed while starting (an item the queue ended at once)
    updateProgress();
    updateStatus();
    completeIfDone();
}

ApiError AttachmentPlanner::inspect(Entry &entry) const
{
    const Attachment &a = entry.attachment;
    if (!a.path.isEmpty()) {
        const UploadSource source = UploadSource::inspect(a.path, a.mimeType, a.displayName);
        if (!source.isValid())
            return source.error;
        entry.mimeType = source.mimeType;
        entry.size = source.size;
        entry.label = source.displayName.isEmpty() ? QFileInfo(a.path).fileName() : source.displayName;
        return {};
    }

    entry.label = a.displayName.isEmpty() ? tr("the pasted data") : a.displayName;
    if (a.bytes.isEmpty())
        return ApiError::localFile(tr("Cannot attach %1: it is empty.").arg(entry.label));
    if (a.bytes.size() > UploadSource::MaxBytes) {
        return ApiError::localFile(tr("Cannot attach %1: it is %2 MB, over the %3 MB a file may have.")
                                       .arg(entry.label, megabytes(a.bytes.size()), megabytes(UploadSource::MaxBytes)));
    }
    const QString detected
        = a.mimeType.trimmed().isEmpty() ? MediaTypes::detectData(a.bytes, a.displayName) : a.mimeType.trimmed();
    const QString mimeType = MediaTypes::normalize(detected);
    if (mimeType.isEmpty()) {
        const QString shown = detected.isEmpty() ? tr("unknown") : detected;
        return ApiError::localFile(tr("Cannot attach %1: its type is %2, which Gemini does not accept. Accepted "
                                      "are:\n%3")
                                       .arg(entry.label, shown, MediaTypes::acceptedSummary()));
    }
    entry.mimeType = mimeType;
    entry.size = a.bytes.size();
    return {};
}

ApiError AttachmentPlanner::makeInline(Entry &entry, Part *part) const
{
    const Attachment &a = entry.attachment;
    if (a.path.isEmpty()) {
        *part = Part::fromInlineData(entry.mimeType, a.bytes);
        entry.stage = Stage::Inline;
        return {};
    }
    const QString shown = QDir::toNativeSeparators(a.path);
    QFile file(a.path);
    if (!file.open(QIODevice::ReadOnly))
        return ApiError::localFile(tr("Cannot attach %1: %2.").arg(shown, file.errorString()));
    // One byte more than expected shows a file that grew since it was checked.
    const QByteArray bytes = file.read(entry.size + 1);
    if (file.error() != QFileDevice::NoError)
        return ApiError::localFile(tr("Cannot attach %1: %2.").arg(shown, file.errorString()));
    if (bytes.size() != entry.size)
        return ApiError::localFile(tr("Cannot attach %1: the file changed while it was being read.").arg(shown));
    *part = Part::fromInlineData(entry.mimeType, bytes);
    entry.stage = Stage::Inline;
    return {};
}

ApiError AttachmentPlanner::startUpload(int index)
{
    Entry &entry = m_entries[index];
    const Attachment &a = entry.attachment;
    UploadSource source;
    std::shared_ptr<QTemporaryFile> pasted;
    if (!a.path.isEmpty()) {
        source = UploadSource::inspect(a.path, a.mimeType, a.displayName);
    } else {
        // The Files API streams from disk: pasted data too large to travel inline goes to a
        // temporary file, kept until its upload ends.
        const QString suffix = QMimeDatabase().mimeTypeForName(entry.mimeType).preferredSuffix();
        pasted = std::make_shared<QTemporaryFile>(
            QDir(QDir::tempPath())
                .filePath(u"alhena-pasted-XXXXXX"_s + (suffix.isEmpty() ? QString() : u'.' + suffix)));
        if (!pasted->open() || pasted->write(a.bytes) != a.bytes.size() || !pasted->flush()) {
            return ApiError::localFile(
                tr("Cannot keep %1 for its upload: %2.").arg(entry.label, pasted->errorString()));
        }
        pasted->close();
        const QString displayName
            = a.displayName.isEmpty() ? (suffix.isEmpty() ? u"pasted"_s : u"pasted."_s + suffix) : a.displayName;
        source = UploadSource::inspect(pasted->fileName(), entry.mimeType, displayName);
    }
    if (!source.isValid())
        return source.error;
    entry.stage = Stage::Uploading;
    QObject *run = m_run;
    const int id = m_queue->enqueue(source);
    if (pasted)
        m_pastedFiles.insert(id, pasted);
    if (m_run != run)
        return {}; // the preparation ended meanwhile
    m_entries[index].queueId = id;
    // The queue may already have settled the item (an answer it had at hand).
    if (const std::optional<UploadQueue::Item> item = m_queue->item(id); item && item->isDone()) {
        if (item->status == UploadQueue::Status::Finished)
            onItemFinished(id, item->file);
        else
            onItemFailed(id, item->error);
    }
    return {};
}

int AttachmentPlanner::entryForQueueId(int id) const
{
    if (!m_busy)
        return -1;
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).queueId == id)
            return int(i);
    }
    return -1;
}

void AttachmentPlanner::onItemChanged(int id)
{
    const int index = entryForQueueId(id);
    if (index < 0 || m_entries.at(index).stage != Stage::Uploading)
        return;
    updateProgress();
    updateStatus();
}

void AttachmentPlanner::onItemFinished(int id, const RemoteFile &file)
{
    m_pastedFiles.remove(id);
    const int index = entryForQueueId(id);
    if (index < 0 || m_entries.at(index).stage != Stage::Uploading)
        return;
    Entry &entry = m_entries[index];
    entry.stage = Stage::Waiting;
    entry.file = file;
    const QObject *current = m_run;
    updateProgress();
    if (m_run != current)
        return; // a receiver of the progress ended the preparation
    if (!m_registry) {
        fail(ApiError::localFile(tr("The upload of %1 cannot be followed: the file list is gone.").arg(entry.label)));
        return;
    }
    m_registry->add(file);
    updateStatus();
    QPointer<QObject> run = m_run;
    m_registry->waitUntilActive(file.name, m_run, [this, run, index](const RemoteFile &f, const ApiError &error) {
        if (run && run == m_run)
            onActive(index, f, error);
    });
}

void AttachmentPlanner::onItemFailed(int id, const ApiError &error)
{
    m_pastedFiles.remove(id);
    const int index = entryForQueueId(id);
    if (index < 0 || m_entries.at(index).stage != Stage::Uploading)
        return;
    m_entries[index].stage = Stage::Done; // not to be cancelled again
    fail(error);
}

void AttachmentPlanner::onActive(int index, const RemoteFile &file, const ApiError &error)
{
    Entry &entry = m_entries[index];
    if (entry.stage != Stage::Waiting)
        return;
    entry.stage = Stage::Done;
    if (error.isError()) {
        fail(error);
        return;
    }
    const RemoteFile &active = file.name.isEmpty() ? entry.file : file;
    entry.file = active;
    const QString uri = active.uri.isEmpty() ? entry.file.uri : active.uri;
    m_parts[index] = Part::fromFileData(active.mimeType.isEmpty() ? entry.mimeType : active.mimeType, uri);
    updateStatus();
    completeIfDone();
}

void AttachmentPlanner::updateProgress()
{
    qint64 sent = 0;
    qint64 total = 0;
    // Per attachment first, collected: a receiver may cancel, and the entries must not be walked then.
    QList<std::pair<int, qint64>> changed;
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        Entry &entry = m_entries[i];
        if (entry.queueId < 0)
            continue;
        total += entry.size;
        if (entry.stage != Stage::Uploading) {
            entry.sent = entry.size;
        } else if (const std::optional<UploadQueue::Item> item
            = m_queue ? m_queue->item(entry.queueId) : std::nullopt) {
            if (item->status == UploadQueue::Status::Uploading || item->status == UploadQueue::Status::Finished)
                entry.sent = std::max(entry.sent, std::clamp<qint64>(item->sent, 0, entry.size));
        }
        sent += entry.sent;
        if (entry.sent != entry.reported) {
            entry.reported = entry.sent;
            changed.append({int(i), entry.size});
        }
    }
    const QObject *run = m_run;
    for (const auto &[index, size] : std::as_const(changed)) {
        // The value as it is now: an earlier receiver cannot make a later report go backwards.
        Q_EMIT attachmentProgress(index, m_entries.at(index).sent, size);
        if (m_run != run)
            return; // a receiver ended the preparation
    }
    if (total == 0 || (sent == m_lastSent && total == m_lastTotal))
        return;
    m_lastSent = sent;
    m_lastTotal = total;
    Q_EMIT progressChanged(sent, total);
}

void AttachmentPlanner::updateStatus()
{
    // The first upload still running; else the first file the server is still processing.
    QString status;
    int ordinal = 0;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.queueId < 0)
            continue;
        ++ordinal;
        if (entry.stage == Stage::Uploading) {
            status = m_uploadCount > 1 ? tr("Uploading %1 (%2 of %3)…").arg(entry.label).arg(ordinal).arg(m_uploadCount)
                                       : tr("Uploading %1…").arg(entry.label);
            break;
        }
        if (entry.stage == Stage::Waiting && !entry.file.isActive() && status.isEmpty())
            status = tr("Waiting for %1 to be processed…").arg(entry.label);
    }
    if (status.isEmpty() || status == m_lastStatus)
        return;
    m_lastStatus = status;
    Q_EMIT statusChanged(status);
}

void AttachmentPlanner::completeIfDone()
{
    if (!m_busy)
        return;
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.stage != Stage::Inline && entry.stage != Stage::Done)
            return;
    }
    const QList<Part> parts = m_parts;
    QList<std::pair<int, qint64>> inlined; // (index, size): their bytes are in hand now
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).stage == Stage::Inline)
            inlined.append({int(i), m_entries.at(i).size});
    }
    stop();
    for (const auto &[index, size] : std::as_const(inlined))
        Q_EMIT attachmentProgress(index, size, size);
    Q_EMIT ready(parts);
}

void AttachmentPlanner::fail(const ApiError &error)
{
    if (!m_busy)
        return;
    stop();
    Q_EMIT failed(error);
}

void AttachmentPlanner::stop()
{
    if (!m_busy)
        return;
    m_busy = false;
    const QList<Entry> entries = std::exchange(m_entries, {});
    m_parts.clear();
    if (m_run) {
        // Its pending callbacks (a queued run(), waitUntilActive) die with it.
        m_run->deleteLater();
        m_run = nullptr;
    }
    for (const Entry &entry : entries) {
        if (entry.stage == Stage::Uploading && m_queue)
            m_queue->cancel(entry.queueId);
    }
}
