#pragma once

#include "platform/audioplayer.h"

class QAudioOutput;
class QMediaDevices;
class QMediaPlayer;

// AudioPlayer on Qt Multimedia: a QMediaPlayer with a QAudioOutput on the default device. The media
// player (a GStreamer pipeline) is created on the first play(), so a chip that is never played costs
// nothing. Never constructed in tests (qt-house-style.md §3(e)).
class MediaAudioPlayer final : public AudioPlayer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MediaAudioPlayer)

public:
    explicit MediaAudioPlayer(QObject *parent = nullptr);
    ~MediaAudioPlayer() override;

    void setSource(const QString &path) override;
    void play() override;
    void pause() override;
    void stop() override;
    bool isPlaying() const override;
    qint64 position() const override;
    qint64 duration() const override;
    bool isOutputAvailable() const override;

    // A factory for AttachmentStrip::setAudioPlayerFactory.
    static AudioPlayerFactory factory();

private:
    void ensurePlayer();
    void followDefaultOutput();

    QString m_path;
    QMediaPlayer *m_player = nullptr;
    QAudioOutput *m_output = nullptr;
    QMediaDevices *m_devices = nullptr;
    bool m_playing = false;
};
