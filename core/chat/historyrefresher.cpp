#include "historyrefresher.h"

#include "chat/attachmentplanner.h"
#include "files/remotefileregistry.h"

#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

Q_LOGGING_CATEGORY(lcRefresher, "alhena.chat.refresher")

// "a", "a and b", "a, b and c".
QString joinNames(const QStringList &names)
{
    if (names.size() <= 1)
        return names.value(0);
    const QString head = QStringList(names.cbegin(), names.cend() - 1).join(", "_L1);
    return HistoryRefresher::tr("%1 and %2").arg(head, names.last());
}

bool locallyAvailable(const Attachment &attachment)
{
    if (!attachment.path.isEmpty()) {
        const QFileInfo info(attachment.path);
        return info.isFile() && info.isReadable();
    }
    return !attachment.bytes.isEmpty();
}

qint64 localSize(const Attachment &attachment)
{
    return attachment.path.isEmpty() ? attachment.bytes.size() : QFileInfo(attachment.path).size();
}

} // namespace

HistoryRefresher::HistoryRefresher(AttachmentPlanner *planner, RemoteFileRegistry *registry, QObject *parent)
    : QObject(parent)
    , m_planner(planner)
    , m_registry(registry)
{
    qRegisterMetaType<HistoryRefresher::Refreshed>();
    qRegisterMetaType<QList<HistoryRefresher::Refreshed>>();
    if (planner) {
        // The planner may serve others (the session's own attachments): only a preparation this
        // refresher started is ours.
        connect(planner, &AttachmentPlanner::ready, this, &HistoryRefresher::onPlannerReady);
        connect(planner, &AttachmentPlanner::failed, this, &HistoryRefresher::onPlannerFailed);
        connect(planner, &QObject::destroyed, this, [this] {
            if (m_busy && m_awaitingPlanner) {
                m_awaitingPlanner = false;
                fail(ApiError::localFile(tr("The earlier attachments cannot be sent again: the attachment "
                                            "preparation ended.")));
            }
        });
    }
}

HistoryRefresher::~HistoryRefresher()
{
    cancel();
}

QDateTime HistoryRefresher::now() const
{
    if (m_clock)
        return m_clock();
    if (m_registry)
        return m_registry->now();
    return QDateTime::currentDateTimeUtc();
}

HistoryRefresher::Staleness HistoryRefresher::staleness(const Part &part, const ChatTurn &turn) const
{
    if (part.kind != Part::Kind::FileData)
        return Staleness::Fresh;
    const QString name = remoteFileResourceName(part.fileUri);
    if (name.isEmpty())
        return Staleness::Fresh; // not a Files API file (a YouTube link): it does not expire
    const QDateTime t = now();
    const bool old = !turn.partsPreparedAt.isValid() || turn.partsPreparedAt.msecsTo(t) > MaxAgeMs;
    if (m_registry) {
        if (const std::optional<RemoteFile> file = m_registry->file(name)) {
            if (const std::optional<qint64> left = file->msUntilExpiry(t))
                return *left < MinRemainingMs ? Staleness::Expired : Staleness::Fresh;
            return old ? Staleness::Expired : Staleness::Fresh;
        }
        // The list is complete once loaded: a file missing from it is gone, by age or by a delete.
        if (m_registry->isLoaded())
            return old ? Staleness::Expired : Staleness::Deleted;
    }
    return old ? Staleness::Expired : Staleness::Fresh;
}

std::optional<HistoryRefresher::Job> HistoryRefresher::jobFor(int row, const ChatTurn &turn) const
{
    if (!turn.isUser())
        return std::nullopt;
    const QList<Part> &parts = turn.attachmentParts;
    const QList<Attachment> &attachments = turn.attachments;
    const bool aligned = parts.size() == attachments.size();
    Job job;
    job.row = row;
    job.parts = parts;
    QList<bool> stale(parts.size(), false);
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const Staleness s = staleness(parts.at(i), turn);
        if (s == Staleness::Fresh)
            continue;
        // Parts that do not match the attachments one to one (an imported turn) have no local copy.
        const bool hasCopy = aligned && locallyAvailable(attachments.at(i));
        const QString name = aligned ? label(attachments.at(i)) : remoteFileResourceName(parts.at(i).fileUri);
        if (!hasCopy) {
            // Gone from the server and from here: the conversation goes on, and the model is told a
            // file was there (a request with a dead file would be refused as a whole).
            job.unavailable.append(name);
            job.parts[i] = Part::fromText(tr("[An attachment, %1, was here; it is no longer available.]").arg(name));
            continue;
        }
        stale[i] = true;
        (s == Staleness::Expired ? job.expired : job.deleted).append(name);
    }
    if (job.expired.isEmpty() && job.deleted.isEmpty() && job.unavailable.isEmpty())
        return std::nullopt;
    if (aligned) {
        // The other uploads of the turn go again too (reused by the planner when alive), so that one
        // partsPreparedAt holds for all of them; unless their local copy is gone and they need not.
        for (qsizetype i = 0; i < parts.size(); ++i) {
            if (stale.at(i) || (job.parts.at(i).kind == Part::Kind::FileData && locallyAvailable(attachments.at(i))))
                job.indexes.append(int(i));
        }
    }
    for (const int i : std::as_const(job.indexes))
        job.attachments.append(attachments.at(i));
    return job;
}

QList<int> HistoryRefresher::staleRows(const QList<ChatTurn> &turns) const
{
    QList<int> rows;
    for (qsizetype row = 0; row < turns.size(); ++row) {
        const ChatTurn &turn = turns.at(row);
        if (!turn.isUser())
            continue;
        const bool any = std::any_of(turn.attachmentParts.cbegin(), turn.attachmentParts.cend(),
            [&](const Part &part) { return staleness(part, turn) != Staleness::Fresh; });
        if (any)
            rows.append(int(row));
    }
    return rows;
}

void HistoryRefresher::refresh(const QList<ChatTurn> &turns, qint64 otherRequestBytes)
{
    if (m_busy) {
        qCWarning(lcRefresher, "refresh() while a refresh is in progress: ignored");
        return;
    }
    m_busy = true;
    const quint64 generation = ++m_generation;
    m_jobs.clear();
    m_refreshed.clear();
    m_next = 0;
    m_otherBytes = std::max<qint64>(0, otherRequestBytes);
    for (qsizetype row = 0; row < turns.size(); ++row) {
        if (std::optional<Job> job = jobFor(int(row), turns.at(row)))
            m_jobs.append(std::move(*job));
    }

    // Every stale file must have its local copy before anything is sent again: a turn that cannot
    // be sent fails the refresh at once, with nothing uploaded and nothing changed.
    ApiError error;
    for (const Job &job : std::as_const(m_jobs)) {
        QStringList missing;
        if (job.indexes.isEmpty()) {
            missing = job.expired + job.deleted;
        } else {
            for (const Attachment &attachment : job.attachments) {
                if (!locallyAvailable(attachment))
                    missing.append(label(attachment));
            }
        }
        if (!missing.isEmpty()) {
            error = ApiError::localFile(missing.size() == 1
                    ? tr("%1 is gone from the server and from this computer: this turn cannot be sent again.")
                          .arg(missing.first())
                    : tr("%1 are gone from the server and from this computer: this turn cannot be sent again.")
                          .arg(joinNames(missing)));
            break;
        }
    }
    const bool prepares
        = std::any_of(m_jobs.cbegin(), m_jobs.cend(), [](const Job &job) { return !job.indexes.isEmpty(); });
    if (!error.isError() && prepares && !m_planner) {
        error = ApiError::localFile(
            tr("The earlier attachments cannot be sent again: attachments cannot be prepared here."));
    }
    QMetaObject::invokeMethod(
        this,
        [this, generation, error] {
            if (generation != m_generation || !m_busy)
                return;
            if (error.isError())
                fail(error);
            else
                startNext();
        },
        Qt::QueuedConnection);
}

void HistoryRefresher::startNext()
{
    if (m_next >= m_jobs.size()) {
        const QList<Refreshed> refreshed = m_refreshed;
        reset();
        Q_EMIT finished(refreshed);
        return;
    }
    if (!m_planner) {
        fail(ApiError::localFile(tr("The earlier attachments cannot be sent again: the attachment preparation "
                                    "ended.")));
        return;
    }
    if (m_planner->isBusy()) {
        fail(ApiError::localFile(tr("The earlier attachments cannot be sent again now: other attachments are "
                                    "being prepared.")));
        return;
    }
    const Job &job = m_jobs.at(m_next);
    if (job.indexes.isEmpty()) { // only parts that cannot be sent again: nothing to prepare
        m_refreshed.append(Refreshed {job.row, job.parts, now(), noteFor(job)});
        ++m_next;
        startNext();
        return;
    }
    QList<qint64> sizes;
    for (const Attachment &attachment : job.attachments)
        sizes.append(localSize(attachment));
    const QList<AttachmentPlanner::Route> routes
        = AttachmentPlanner::plan(sizes, m_otherBytes, m_planner->inlineLimitBytes());
    const bool uploads = std::find(routes.cbegin(), routes.cend(), AttachmentPlanner::Route::Upload) != routes.cend();
    const QStringList names = job.expired + job.deleted;
    const QString why = job.expired.isEmpty() ? tr("it was deleted from the server") : tr("it expired on the server");
    const QString status = uploads ? tr("Uploading %1 again (%2)…").arg(joinNames(names), why)
                                   : tr("Sending %1 again (%2)…").arg(joinNames(names), why);
    const quint64 generation = m_generation;
    Q_EMIT statusChanged(status);
    if (generation != m_generation || !m_busy)
        return; // a receiver cancelled
    if (!m_planner) {
        fail(ApiError::localFile(tr("The earlier attachments cannot be sent again: the attachment preparation "
                                    "ended.")));
        return;
    }
    qCDebug(lcRefresher) << "preparing" << job.attachments.size() << "attachment(s) of row" << job.row << "again";
    m_awaitingPlanner = true;
    m_planner->prepare(job.attachments, m_otherBytes);
}

void HistoryRefresher::onPlannerReady(const QList<Part> &parts)
{
    if (!m_busy || !m_awaitingPlanner)
        return;
    m_awaitingPlanner = false;
    Job &job = m_jobs[m_next];
    if (parts.size() != job.indexes.size()) {
        fail(ApiError::malformed(
            u"the planner gave %1 parts for %2 attachments"_s.arg(parts.size()).arg(job.indexes.size())));
        return;
    }
    QList<Part> updated = job.parts;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        updated[job.indexes.at(i)] = parts.at(i);
        // What now travels inline weighs on the requests of the turns still to prepare.
        if (parts.at(i).kind == Part::Kind::InlineData)
            m_otherBytes += AttachmentPlanner::inlineCost(parts.at(i).data.size());
    }
    m_refreshed.append(Refreshed {job.row, updated, now(), noteFor(job)});
    ++m_next;
    // Not from inside the planner's signal: its other receivers (a session) must see it end first.
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, generation] {
            if (generation == m_generation && m_busy)
                startNext();
        },
        Qt::QueuedConnection);
}

void HistoryRefresher::onPlannerFailed(const ApiError &error)
{
    if (!m_busy || !m_awaitingPlanner)
        return;
    m_awaitingPlanner = false;
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, generation, error] {
            if (generation == m_generation && m_busy)
                fail(error);
        },
        Qt::QueuedConnection);
}

void HistoryRefresher::cancel()
{
    if (!m_busy)
        return;
    const bool planning = m_awaitingPlanner;
    reset();
    if (planning && m_planner)
        m_planner->cancel();
}

void HistoryRefresher::fail(const ApiError &error)
{
    qCInfo(lcRefresher) << "the history could not be refreshed:" << error.kindName();
    reset();
    Q_EMIT failed(error);
}

void HistoryRefresher::reset()
{
    m_busy = false;
    m_awaitingPlanner = false;
    ++m_generation;
    m_jobs.clear();
    m_refreshed.clear();
    m_next = 0;
}

QString HistoryRefresher::label(const Attachment &attachment)
{
    if (!attachment.displayName.trimmed().isEmpty())
        return attachment.displayName.trimmed();
    if (!attachment.path.isEmpty())
        return QFileInfo(attachment.path).fileName();
    return tr("the pasted data");
}

QString HistoryRefresher::noteFor(const Job &job)
{
    QStringList sentences;
    if (job.expired.size() == 1)
        sentences.append(tr("%1 was sent again: the copy on the server had expired.").arg(job.expired.first()));
    else if (job.expired.size() > 1)
        sentences.append(tr("%1 were sent again: the copies on the server had expired.").arg(joinNames(job.expired)));
    if (job.deleted.size() == 1)
        sentences.append(tr("%1 was sent again: the copy on the server had been deleted.").arg(job.deleted.first()));
    else if (job.deleted.size() > 1)
        sentences.append(
            tr("%1 were sent again: the copies on the server had been deleted.").arg(joinNames(job.deleted)));
    if (job.unavailable.size() == 1)
        sentences.append(tr("%1 is no longer sent: it is gone from the server and from this computer.")
                             .arg(job.unavailable.first()));
    else if (job.unavailable.size() > 1)
        sentences.append(tr("%1 are no longer sent: they are gone from the server and from this computer.")
                             .arg(joinNames(job.unavailable)));
    return sentences.join(u' ');
}
