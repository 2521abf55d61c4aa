#include "mediaaudioplayer.h"

#include <QAudioDevice>
#include <QAudioOutput>
#include <QMediaDevices>
#include <QMediaPlayer>
#include <QUrl>

using namespace Qt::StringLiterals;

MediaAudioPlayer::MediaAudioPlayer(QObject *parent)
    : AudioPlayer(parent)
{ }

MediaAudioPlayer::~MediaAudioPlayer()
{
    if (m_player)
        m_player->stop();
}

AudioPlayerFactory MediaAudioPlayer::factory()
{
    return [](QObject *parent) -> AudioPlayer * { return new MediaAudioPlayer(parent); };
}

void MediaAudioPlayer::setSource(const QString &path)
{
    if (path == m_path)
        return;
    m_path = path;
    if (m_player)
        m_player->setSource(path.isEmpty() ? QUrl() : QUrl::fromLocalFile(path));
}

void MediaAudioPlayer::play()
{
    if (!isOutputAvailable()) {
        Q_EMIT errorOccurred(tr("No audio output device is available."));
        return;
    }
    if (m_path.isEmpty())
        return;
    ensurePlayer();
    m_player->play();
}

void MediaAudioPlayer::pause()
{
    if (m_player)
        m_player->pause();
}

void MediaAudioPlayer::stop()
{
    if (m_player)
        m_player->stop();
}

bool MediaAudioPlayer::isPlaying() const
{
    return m_playing;
}

qint64 MediaAudioPlayer::position() const
{
    return m_player ? m_player->position() : 0;
}

qint64 MediaAudioPlayer::duration() const
{
    return m_player ? m_player->duration() : 0;
}

bool MediaAudioPlayer::isOutputAvailable() const
{
    return !QMediaDevices::defaultAudioOutput().isNull();
}

void MediaAudioPlayer::ensurePlayer()
{
    if (m_player)
        return;
    m_player = new QMediaPlayer(this);
    m_output = new QAudioOutput(QMediaDevices::defaultAudioOutput(), this);
    m_player->setAudioOutput(m_output);
    // A headset plugged in or removed while previewing: keep playing on whatever is the default now.
    m_devices = new QMediaDevices(this);
    connect(m_devices, &QMediaDevices::audioOutputsChanged, this, &MediaAudioPlayer::followDefaultOutput);

    connect(m_player, &QMediaPlayer::playbackStateChanged, this, [this](QMediaPlayer::PlaybackState state) {
        const bool playing = state == QMediaPlayer::PlayingState;
        if (playing == m_playing)
            return;
        m_playing = playing;
        Q_EMIT playingChanged(playing);
    });
    connect(m_player, &QMediaPlayer::positionChanged, this, &AudioPlayer::positionChanged);
    connect(m_player, &QMediaPlayer::durationChanged, this, &AudioPlayer::durationChanged);
    connect(m_player, &QMediaPlayer::errorOccurred, this, [this](QMediaPlayer::Error error, const QString &message) {
        if (error == QMediaPlayer::NoError)
            return;
        Q_EMIT errorOccurred(message.isEmpty() ? tr("The audio cannot be played.") : message);
    });
    m_player->setSource(QUrl::fromLocalFile(m_path));
}

void MediaAudioPlayer::followDefaultOutput()
{
    if (!m_output)
        return;
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull()) {
        m_player->pause();
        Q_EMIT errorOccurred(tr("No audio output device is available."));
        return;
    }
    if (device != m_output->device())
        m_output->setDevice(device);
}
