#pragma once

#include "attachmentchip.h"
#include "chat/attachmentplanner.h"
#include "platform/audioplayer.h"

#include <QList>
#include <QWidget>

class QHBoxLayout;
class QMimeData;
class QScrollArea;

// The row of attachment chips above the composer; hidden while empty, scrolling sideways when full.
// Files (dropped, pasted, picked) and pasted images are checked when added: a file that cannot be
// sent still gets a chip, with the reason, so the user sees what happened; only the valid ones are
// returned by attachments(). The same file is never attached twice.
class AttachmentStrip final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttachmentStrip)

public:
    static constexpr int MaxAttachments = 20; // per message; more become error chips
    static constexpr int MaxChips = 60;       // beyond this, additions are ignored (a dropped folder's worth)

    explicit AttachmentStrip(QWidget *parent = nullptr);
    ~AttachmentStrip() override;

    // Makes a player for each audio file's chip; null: audio chips without playback.
    void setAudioPlayerFactory(AudioPlayerFactory factory);
    // False disables every play button, with a tooltip saying why (the lead asks QMediaDevices); a
    // player that reports no output disables its own button too.
    void setAudioOutputAvailable(bool available);

    // Each returns how many chips were added (error chips included). Nothing is added while locked,
    // nor a file already attached.
    int addFiles(const QStringList &paths);
    bool addFile(const QString &path, const QString &mimeType = {}, const QString &displayName = {});
    // A pasted image, attached as PNG.
    bool addImage(const QImage &image, const QString &name = {});
    // Pasted bytes; an empty mimeType is detected from the content.
    bool addData(const QByteArray &bytes, const QString &mimeType, const QString &name);

    // Whether a drop or paste carries something to attach: local file URLs, or image data.
    static bool canAccept(const QMimeData *mime);
    // Drop and paste: local files first, else image data; a non-local URL gets a chip saying it was refused.
    int addFromMimeData(const QMimeData *mime);

    // The attachments that can be sent, in order.
    QList<Attachment> attachments() const;
    // The estimated tokens of the attachments that can be sent (those whose cost is known).
    qint64 estimatedTokens() const;
    // Replaces the chips (restoring attachments after a failed send); emits changed() once.
    void setAttachments(const QList<Attachment> &attachments);

    // Whether any chip cannot be sent, and why: one "name: reason" line per chip.
    bool hasProblems() const;
    QString problemSummary() const;

    // attachmentIndex indexes attachments(); a total of 0 hides the progress.
    void setUploadProgress(int attachmentIndex, qint64 sent, qint64 total);
    // While sending: nothing can be removed or added.
    void setLocked(bool locked);
    bool isLocked() const { return m_locked; }

    void clear();
    int count() const { return int(m_chips.size()); }
    bool isEmpty() const { return m_chips.isEmpty(); }
    QList<AttachmentChip *> chips() const { return m_chips; }

Q_SIGNALS:
    void changed();

private:
    bool addChip(const Attachment &attachment, const AttachmentChip::Details &details);
    bool addRefusedUrl(const QUrl &url);
    bool isDuplicate(const Attachment &attachment) const;
    void removeChip(AttachmentChip *chip);
    void pauseOthers(AttachmentChip *playing);
    void attachPlayer(AttachmentChip *chip);
    void refresh();

    QScrollArea *m_scroll = nullptr;
    QWidget *m_row = nullptr;
    QHBoxLayout *m_rowLayout = nullptr;
    QList<AttachmentChip *> m_chips;
    AudioPlayerFactory m_playerFactory;
    bool m_outputAvailable = true;
    bool m_locked = false;
    bool m_batch = false; // setAttachments: one changed() at the end
};
