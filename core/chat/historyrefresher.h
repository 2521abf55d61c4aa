#pragma once

#include "api/apierror.h"
#include "chat/chatturn.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <optional>

class AttachmentPlanner;
class RemoteFileRegistry;

// Remote files expire 48 h after upload (gemini-api.md §7), and the user may delete them: history that
// references such a file cannot be sent again as it is. Before a request, the HistoryRefresher finds
// the user turns of the history whose fileData parts are stale and prepares their attachments again
// through the AttachmentPlanner (from the blob copy in `Attachment::path`, see ChatTurn::attachmentHashes):
// re-uploaded, or reused when the same content is alive on the server, or sent inline when small. The caller puts the
// new parts (and the note) into the turns, then sends.
//
// A fileData part is stale when the registry (once loaded) no longer lists its file, when the file's
// expirationTime is less than MinRemainingMs away, or, for a file the registry does not know, when
// the turn's partsPreparedAt is more than MaxAgeMs ago (or unknown).
class HistoryRefresher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryRefresher)

public:
    static constexpr qint64 MaxAgeMs = 47LL * 60 * 60 * 1000;  // 48 h, less an hour of margin
    static constexpr qint64 MinRemainingMs = 10LL * 60 * 1000; // a request may take a while

    struct Refreshed
    {
        int row = -1;         // in the list given to refresh()
        QList<Part> parts;    // the turn's new attachmentParts, in attachment order
        QDateTime preparedAt; // now
        QString note;         // "talk.mp3 was sent again: the copy on the server had expired."
    };

    // The planner and registry must outlive the refresher (it copes with them going first: failed()).
    HistoryRefresher(AttachmentPlanner *planner, RemoteFileRegistry *registry, QObject *parent = nullptr);
    ~HistoryRefresher() override;

    // Wall-clock time (tests move it); default: the registry's clock.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // Which of these turns (rows) reference a stale file. Pure: asks nobody.
    QList<int> staleRows(const QList<ChatTurn> &turns) const;

    // Prepares the attachments of every stale turn again, one turn after the other; emits finished()
    // with what changed (empty when nothing was stale: then at once, but never inside the call), or
    // failed() (an attachment whose blob and path are both gone: the error names it). One at a time.
    void refresh(const QList<ChatTurn> &turns, qint64 otherRequestBytes);
    void cancel();
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void statusChanged(const QString &status); // "Uploading talk.mp3 again (it expired on the server)…"
    void finished(const QList<HistoryRefresher::Refreshed> &refreshed);
    void failed(const ApiError &error);

private:
    enum class Staleness {
        Fresh,
        Expired, // past (or near) its expirationTime, or older than MaxAgeMs
        Deleted, // gone from the server's list while it should still be alive
    };
    // One stale turn to prepare again.
    struct Job
    {
        int row = -1;
        QList<int> indexes;            // of the attachments (and parts) prepared again
        QList<Attachment> attachments; // those attachments, in that order
        QList<Part> parts;             // the turn's parts; the prepared ones are replaced
        QStringList expired;           // names of the files that had expired
        QStringList deleted;           // names of the files that had been deleted
        QStringList unavailable;       // gone from the server and from this computer: replaced by a line of text
    };

    QDateTime now() const;
    Staleness staleness(const Part &part, const ChatTurn &turn) const;
    // The job for a turn, or nullopt when none of its parts is stale.
    std::optional<Job> jobFor(int row, const ChatTurn &turn) const;
    void startNext();
    void onPlannerReady(const QList<Part> &parts);
    void onPlannerFailed(const ApiError &error);
    void fail(const ApiError &error);
    void reset();
    static QString label(const Attachment &attachment);
    static QString noteFor(const Job &job);

    QPointer<AttachmentPlanner> m_planner;
    QPointer<RemoteFileRegistry> m_registry;
    std::function<QDateTime()> m_clock;
    bool m_busy = false;
    bool m_awaitingPlanner = false; // the planner's current preparation is ours
    quint64 m_generation = 0;       // moves on cancel: queued work of an earlier refresh is dropped
    QList<Job> m_jobs;
    qsizetype m_next = 0;
    QList<Refreshed> m_refreshed;
    qint64 m_otherBytes = 0;
};

Q_DECLARE_METATYPE(HistoryRefresher::Refreshed)
