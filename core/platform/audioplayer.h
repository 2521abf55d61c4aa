#pragma once

#include <QObject>
#include <QString>

#include <functional>

// Plays one local audio file, for previewing attachments. The desktop implementation
// (platform/MediaAudioPlayer) wraps QMediaPlayer; tests use fakes, because QMediaPlayer must not be
// constructed in CI (qt-house-style.md §3(e)).
class AudioPlayer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AudioPlayer)

public:
    explicit AudioPlayer(QObject *parent = nullptr);
    ~AudioPlayer() override;

    virtual void setSource(const QString &path) = 0;
    virtual void play() = 0;
    virtual void pause() = 0;
    virtual void stop() = 0;
    virtual bool isPlaying() const = 0;
    virtual qint64 position() const = 0; // ms
    virtual qint64 duration() const = 0; // ms; 0 while unknown
    // Whether the machine has an audio output at all; play controls are disabled when it has none.
    virtual bool isOutputAvailable() const = 0;

Q_SIGNALS:
    void playingChanged(bool playing);
    void positionChanged(qint64 positionMs);
    void durationChanged(qint64 durationMs);
    void errorOccurred(const QString &message);
};

// Makes a player owned by parent; a null factory means no playback.
using AudioPlayerFactory = std::function<AudioPlayer *(QObject *parent)>;
