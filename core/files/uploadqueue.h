#pragma once

#include "api/apierror.h"
#include "api/remotefile.h"
#include "files/uploadsource.h"
#include "resumableupload.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>

class FileHasher;
class GeminiClient;

// Uploads waiting, running and done, with at most maxConcurrent() running at once (default 2).
// Each item is hashed first (FileHasher, off the GUI thread); when a reuse lookup is set and finds a
// live remote file with the same SHA-256 and size, that file is used and nothing is uploaded.
// Progress (bytes, rate, time left) is kept per item and for the whole queue.
class UploadQueue final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadQueue)

public:
    enum class Status {
        Queued,
        Hashing,
        Uploading, // see uploadState for the detail (starting, recovering...)
        Paused,
        Finished,
        Failed,
        Cancelled,
    };
    Q_ENUM(Status)

    struct Item
    {
        int id = 0;
        UploadSource source;
        Status status = Status::Queued;
        ResumableUpload::State uploadState = ResumableUpload::State::Ready;
        QByteArray sha256Hex;
        qint64 hashed = 0; // Hashing: bytes hashed so far (of total)
        qint64 sent = 0;
        qint64 total = 0;
        double bytesPerSecond = 0;
        std::optional<qint64> msRemaining;
        RemoteFile file;     // Finished
        ApiError error;      // Failed, Cancelled
        bool reused = false; // Finished without uploading: the same content was already on the server
        bool isDone() const
        {
            return status == Status::Finished || status == Status::Failed || status == Status::Cancelled;
        }
    };

    // Asks whether content with this digest and size is already uploaded and usable; answers through
    // `answer` (possibly later), with nullopt when not. Typically RemoteFileRegistry::findReusable.
    using ReuseLookup = std::function<void(const QByteArray &sha256Hex, qint64 size, QObject *context,
        std::function<void(const std::optional<RemoteFile> &)> answer)>;

    explicit UploadQueue(GeminiClient *client, QObject *parent = nullptr);
    ~UploadQueue() override;

    void setMaxConcurrent(int n); // at least 1
    int maxConcurrent() const { return m_maxConcurrent; }
    void setReuseLookup(ReuseLookup lookup) { m_reuseLookup = std::move(lookup); }
    void setChunkBytes(qint64 bytes) { m_chunkBytes = bytes; } // passed to each ResumableUpload; 0 = default

    // Adds a file; an invalid source fails its item (asynchronously, with source.error). Returns the id.
    int enqueue(const UploadSource &source);
    void pause(int id);
    void resume(int id);
    void cancel(int id);
    void retry(int id); // a Failed or Cancelled item goes back to Queued
    void pauseAll();
    void resumeAll();
    void cancelAll();
    void removeFinished(); // forgets Finished, Failed and Cancelled items

    QList<Item> items() const;
    std::optional<Item> item(int id) const;
    int runningCount() const;
    bool isIdle() const; // nothing queued, hashing or uploading

    // The whole queue, over items not Failed/Cancelled.
    qint64 bytesSent() const;
    qint64 totalBytes() const;
    double bytesPerSecond() const;
    std::optional<qint64> msRemaining() const;

Q_SIGNALS:
    void itemAdded(int id);
    void itemChanged(int id); // status or progress
    void itemFinished(int id, const RemoteFile &file);
    void itemFailed(int id, const ApiError &error); // including cancel
    void progressChanged(qint64 sent, qint64 total);
    void idle();

private:
    struct Entry
    {
        Item item;
        FileHasher *hasher = nullptr;      // Hashing
        ResumableUpload *upload = nullptr; // from the first upload attempt until done
        quint64 token = 0;                 // moves when the entry's work is abandoned (pause, cancel, retry)
    };

    Entry *find(int id);
    QList<int> ids() const;
    const Entry *find(int id) const;
    void schedulePump();
    void pump();
    void startHashing(Entry &entry);
    void onHashed(int id, const QByteArray &sha256Hex);
    void onReuseAnswer(int id, quint64 token, const std::optional<RemoteFile> &file);
    void startUpload(Entry &entry);
    void syncFromUpload(Entry &entry);
    void finishItem(Entry &entry, const RemoteFile &file, bool reused);
    void failItem(Entry &entry, const ApiError &error);
    void stopWork(Entry &entry); // cancels hashing and forgets the lookup; the upload is kept
    void changed(int id);
    void emitProgress();
    void checkIdle();

    GeminiClient *m_client;
    int m_maxConcurrent = 2;
    qint64 m_chunkBytes = 0;
    ReuseLookup m_reuseLookup;
    std::map<int, std::unique_ptr<Entry>> m_entries; // by id: the order they were added
    int m_nextId = 0;
    bool m_pumpScheduled = false;
    bool m_busy = false; // for idle(): something was queued, hashing or uploading
    qint64 m_lastSent = -1;
    qint64 m_lastTotal = -1;
};
