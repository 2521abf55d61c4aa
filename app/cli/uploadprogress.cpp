#include "uploadprogress.h"

#include "console.h"
#include "filesformat.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

UploadProgress::UploadProgress(UploadQueue *queue, Console *console, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_console(console)
    , m_terminal(console->errIsTerminal())
{
    m_clock.start();
    connect(queue, &UploadQueue::itemChanged, this, &UploadProgress::onItemChanged);
    connect(queue, &UploadQueue::itemFinished, this, &UploadProgress::onItemFinished);
    connect(queue, &UploadQueue::itemFailed, this, [this] { drawBar(true); });
    if (m_terminal) {
        m_tick.setInterval(500);
        connect(&m_tick, &QTimer::timeout, this, [this] { drawBar(true); });
        m_tick.start();
    }
}

void UploadProgress::stop()
{
    m_stopped = true;
    m_tick.stop();
    m_console->clearProgress();
}

QString UploadProgress::label(const UploadQueue::Item &item)
{
    return item.source.displayName.isEmpty() ? QFileInfo(item.source.path).fileName() : item.source.displayName;
}

void UploadProgress::onItemChanged(int id)
{
    if (m_stopped || !m_queue)
        return;
    const std::optional<UploadQueue::Item> item = m_queue->item(id);
    if (!item)
        return;
    Shown &shown = m_shown[id];
    if (item->status == UploadQueue::Status::Uploading && shown.startMs < 0 && item->sent > 0)
        shown.startMs = m_clock.elapsed();
    if (m_terminal) {
        const bool recovering = item->uploadState == ResumableUpload::State::Recovering;
        drawBar(recovering != shown.recovering);
        shown.recovering = recovering;
    } else {
        plain(*item);
    }
}

void UploadProgress::plain(const UploadQueue::Item &item)
{
    if (item.status != UploadQueue::Status::Uploading)
        return;
    Shown &shown = m_shown[item.id];
    const qint64 now = m_clock.elapsed();
    const bool recovering = item.uploadState == ResumableUpload::State::Recovering;
    if (recovering && !shown.recovering)
        m_console->note(tr("%1: a chunk failed; resuming where the server says it stopped…").arg(label(item)));
    shown.recovering = recovering;

    const int bucket = FilesFormat::percent(item.sent, item.total) / 10;
    const bool moved = item.sent != shown.lastSent;
    const bool due = shown.atMs >= 0 && now - shown.atMs >= PlainEveryMs && moved;
    if (bucket <= shown.bucket && !due)
        return;
    if (bucket >= 10)
        return; // the finished line says it
    shown.bucket = std::max(bucket, shown.bucket);
    shown.atMs = now;
    shown.lastSent = item.sent;
    m_console->note(
        FilesFormat::progressLine(label(item), item.sent, item.total, item.bytesPerSecond, item.msRemaining));
}

void UploadProgress::onItemFinished(int id, const RemoteFile &file)
{
    if (m_stopped || !m_queue)
        return;
    const std::optional<UploadQueue::Item> item = m_queue->item(id);
    const QString name = item ? label(*item) : file.displayName;
    if (item && item->reused) {
        const std::optional<qint64> left = file.msUntilExpiry(QDateTime::currentDateTimeUtc());
        m_console->note(left
                ? tr("%1 is already uploaded as %2 (same content, expires in %3): reused, not sent "
                     "again.")
                      .arg(name, file.name, FilesFormat::expiresIn(*left))
                : tr("%1 is already uploaded as %2 (same content): reused, not sent again.").arg(name, file.name));
    } else {
        const Shown shown = m_shown.value(id);
        const qint64 ms = shown.startMs >= 0 ? m_clock.elapsed() - shown.startMs : 0;
        const qint64 size = item ? item->total : file.sizeBytes;
        if (!m_terminal && shown.bucket >= 0 && shown.bucket < 10)
            m_console->note(FilesFormat::progressLine(name, size, size, 0, std::nullopt));
        if (ms >= 100) {
            m_console->note(tr("uploaded %1 as %2 (%3 in %4, %5)")
                                .arg(name, file.name, FilesFormat::bytes(size), FilesFormat::elapsed(ms),
                                    FilesFormat::rate(double(size) * 1000.0 / double(ms))));
        } else {
            m_console->note(tr("uploaded %1 as %2 (%3)").arg(name, file.name, FilesFormat::bytes(size)));
        }
    }
    m_shown.remove(id);
    drawBar(true);
}

void UploadProgress::drawBar(bool force)
{
    if (!m_terminal || m_stopped || !m_queue)
        return;
    const qint64 now = m_clock.elapsed();
    if (!force && now - m_lastDrawMs < RedrawMs)
        return;
    m_lastDrawMs = now;

    QList<UploadQueue::Item> running;
    const QList<UploadQueue::Item> items = m_queue->items();
    for (const UploadQueue::Item &item : items) {
        if (item.status == UploadQueue::Status::Uploading || item.status == UploadQueue::Status::Hashing
            || item.status == UploadQueue::Status::Paused)
            running.append(item);
    }
    if (running.isEmpty()) {
        m_console->clearProgress();
        return;
    }
    const int width = m_console->errColumns() - 1;
    QString line;
    if (running.size() == 1) {
        const UploadQueue::Item &item = running.first();
        if (item.status == UploadQueue::Status::Hashing) {
            // Hashed first, to find an upload of the same content to reuse.
            line = tr("%1: checking whether it is already uploaded… %2%")
                       .arg(label(item))
                       .arg(FilesFormat::percent(item.hashed, item.total));
        } else {
            line = FilesFormat::progressBar(
                label(item), item.sent, item.total, item.bytesPerSecond, item.msRemaining, width);
            if (item.uploadState == ResumableUpload::State::Recovering)
                line = FilesFormat::progressBar(label(item), item.sent, item.total, 0, std::nullopt, width - 16)
                    + tr(" (reconnecting…)");
        }
    } else {
        line = FilesFormat::progressBar(tr("%1 files").arg(running.size()), m_queue->bytesSent(), m_queue->totalBytes(),
            m_queue->bytesPerSecond(), m_queue->msRemaining(), width);
    }
    if (line.size() > width)
        line.truncate(width);
    m_console->progress(line);
}
