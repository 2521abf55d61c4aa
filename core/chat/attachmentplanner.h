#pragma once

#include "api/apierror.h"
#include "api/part.h"
#include "api/remotefile.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class QTemporaryFile;
class UploadQueue;
class RemoteFileRegistry;

// A file or pasted data the user attached to one message.
struct Attachment
{
    QString path;     // a local file, or empty for pasted data
    QByteArray bytes; // pasted data (when path is empty)
    QString mimeType; // override; detected from content when empty
    QString displayName;
};

// Decides, per request, how each attachment travels (architecture.md "data flow of one turn"): inline
// base64 bytes while the whole request stays under the inline limit (20 MB by default, a setting),
// and through the Files API beyond it (UploadQueue, then waiting for ACTIVE), and turns every
// attachment into the Part to send: inlineData, or fileData with the uploaded file's uri.
class AttachmentPlanner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttachmentPlanner)

public:
    static constexpr qint64 DefaultInlineLimitBytes = 20LL * 1000 * 1000; // gemini-api.md §7.5
    // The largest inline request Google's documents allow (100 MB, 2026); a setting above it is a mistake.
    static constexpr qint64 MaxInlineLimitBytes = 100LL * 1000 * 1000;

    enum class Route {
        Inline,
        Upload
    };

    // Pure planning: the route of each attachment, in order, given each one's raw size and the bytes
    // of the rest of the request. Inline data costs its base64 size (4/3); the smallest go inline first.
    // The request may reach the limit exactly; a limit of 0 (or less) sends everything through the Files API.
    static QList<Route> plan(const QList<qint64> &rawSizes, qint64 otherRequestBytes, qint64 inlineLimitBytes);
    // What raw bytes cost in the request: their base64 length.
    static qint64 inlineCost(qint64 rawBytes);

    // The queue and the registry must outlive the planner's work (the planner copes with either being
    // destroyed first, failing what is in progress).
    AttachmentPlanner(UploadQueue *queue, RemoteFileRegistry *registry, QObject *parent = nullptr);
    ~AttachmentPlanner() override; // cancels the uploads of a preparation in progress

    void setInlineLimitBytes(qint64 bytes) { m_inlineLimit = bytes; }
    qint64 inlineLimitBytes() const { return m_inlineLimit; }

    // Checks and resolves every attachment; emits ready() with one Part per attachment, in order, or
    // failed() (a bad file, an upload or processing failure; the other uploads are then cancelled).
    // Always asynchronous: nothing is emitted before prepare() returns. One preparation at a time: a
    // call while busy is ignored (with a warning).
    void prepare(const QList<Attachment> &attachments, qint64 otherRequestBytes);
    // Stops the preparation in progress: its uploads are cancelled (each sends the protocol's cancel
    // command), and neither ready() nor failed() follows. Nothing happens when not busy.
    void cancel();
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void progressChanged(qint64 sent, qint64 total); // uploads only
    // Progress of one attachment (its index in prepare()'s list): as its upload goes, never backwards;
    // once with sent == total for an inline one, just before ready().
    void attachmentProgress(int attachmentIndex, qint64 sent, qint64 total);
    void statusChanged(
        const QString &status); // "Uploading talk.mp3 (2 of 3)…", "Waiting for video.mp4 to be processed…"
    void ready(const QList<Part> &parts);
    void failed(const ApiError &error);

private:
    enum class Stage {
        Pending,   // not looked at yet
        Inline,    // its Part is ready
        Uploading, // in the queue
        Waiting,   // uploaded; waiting for the server to make it ACTIVE
        Done,      // its fileData Part is ready
    };
    struct Entry
    {
        Attachment attachment;
        QString label; // for status texts: the display name or the file name
        QString mimeType;
        qint64 size = 0;
        Stage stage = Stage::Pending;
        int queueId = -1;
        qint64 sent = 0;      // of its upload, never going back (a cut chunk's bytes in flight are not un-shown)
        qint64 reported = -1; // the last attachmentProgress() sent
        RemoteFile file;
    };

    void run();
    // Checks one attachment; fills its type, size and label, or returns the error.
    ApiError inspect(Entry &entry) const;
    ApiError makeInline(Entry &entry, Part *part) const;
    ApiError startUpload(int index);
    void onItemChanged(int id);
    void onItemFinished(int id, const RemoteFile &file);
    void onItemFailed(int id, const ApiError &error);
    void onActive(int index, const RemoteFile &file, const ApiError &error);
    int entryForQueueId(int id) const;
    void updateProgress();
    void updateStatus();
    void completeIfDone();
    void fail(const ApiError &error);
    // Ends the preparation: cancels unfinished uploads and forgets the run's state.
    void stop();

    QPointer<UploadQueue> m_queue;
    QPointer<RemoteFileRegistry> m_registry;
    qint64 m_inlineLimit = DefaultInlineLimitBytes;
    bool m_busy = false;

    QObject *m_run = nullptr; // the context of the current preparation's callbacks
    QList<Entry> m_entries;
    QList<Part> m_parts;
    qint64 m_otherRequestBytes = 0;
    int m_uploadCount = 0;
    qint64 m_lastSent = -1;
    qint64 m_lastTotal = -1;
    QString m_lastStatus;
    // Pasted data sent through the Files API, by queue id: kept until its upload has ended, even
    // after the preparation was cancelled or failed.
    QHash<int, std::shared_ptr<QTemporaryFile>> m_pastedFiles;
};
