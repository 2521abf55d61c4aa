#pragma once

#include "chat/attachmentplanner.h"
#include "platform/audioplayer.h"

#include <QFrame>
#include <QImage>
#include <QPointer>

class QLabel;
class QProgressBar;
class QToolButton;

// One attachment above the composer: a thumbnail (images), a play button (audio files) or an icon, the
// name, what is known about it (duration, format, estimated tokens, size), a remove button, and, when
// it cannot be sent, the reason. AttachmentStrip finds out the Details; the chip only shows them.
class AttachmentChip final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttachmentChip)

public:
    enum class Kind {
        Unknown,
        Image,
        Audio,
        Video,
        Document,
        Text
    };

    struct Details
    {
        Kind kind = Kind::Unknown;
        QString name;     // shown
        QString location; // the full path, a URL, or empty for pasted data
        QString mimeType; // canonical, when Gemini accepts it
        qint64 size = -1; // bytes; -1 unknown
        QImage thumbnail; // images Qt can decode, at chip height
        QString format;   // audio: "WAV", "MP3"...
        qint64 durationMs = -1;
        QString durationProblem; // audio: why the duration is unknown
        qint64 tokens = -1;      // estimate; -1 unknown
        QString error;           // a short reason ("empty file"); empty when it can be sent
        QString errorDetail;     // the full sentence, for the tooltip
    };

    static constexpr int ThumbnailHeight = 40; // logical pixels
    static constexpr int MaximumWidth = 300;

    AttachmentChip(const Attachment &attachment, const Details &details, QWidget *parent = nullptr);
    ~AttachmentChip() override;

    const Attachment &attachment() const { return m_attachment; }
    const Details &details() const { return m_details; }

    // Whether it cannot be sent: a problem of its own, or being over the strip's limit.
    bool hasError() const { return !errorText().isEmpty(); }
    QString errorText() const;
    QString errorDetail() const;

    // Set by the strip when there are more attachments than one message takes; empty clears it.
    void setOverLimit(const QString &reason);
    // Upload progress; a total of 0 or less hides it.
    void setProgress(qint64 sent, qint64 total);
    int progressPercent() const { return m_percent; } // -1 when hidden
    // While sending: the attachment cannot be removed.
    void setLocked(bool locked);

    // The player previewing this audio file, taken over by the chip; null for no playback.
    void setAudioPlayer(AudioPlayer *player, bool outputAvailable);
    AudioPlayer *audioPlayer() const { return m_player; }
    void setOutputAvailable(bool available);

    static QString durationText(qint64 ms); // "3:25", "1:02:03"
    static QString sizeText(qint64 bytes);  // "1.2 MB"

Q_SIGNALS:
    void removeRequested();
    void playingChanged(bool playing);

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void togglePlayback();
    void updatePlayButton();
    void updateDurationLabel(qint64 positionMs = -1);
    void updateErrorState();
    QColor borderColor() const;

    Attachment m_attachment;
    Details m_details;
    QString m_overLimit;
    bool m_locked = false;
    bool m_outputAvailable = true;
    int m_percent = -1;
    QPointer<AudioPlayer> m_player;
    QString m_playerError; // the player's last error, until it plays

    QLabel *m_icon = nullptr; // or the thumbnail
    QToolButton *m_playButton = nullptr;
    QLabel *m_nameLabel = nullptr;
    QLabel *m_durationLabel = nullptr;
    QLabel *m_formatLabel = nullptr;
    QLabel *m_tokenLabel = nullptr;
    QLabel *m_sizeLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QLabel *m_progressLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
    QToolButton *m_removeButton = nullptr;
};
