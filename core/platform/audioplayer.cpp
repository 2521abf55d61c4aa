#include "audioplayer.h"

AudioPlayer::AudioPlayer(QObject *parent)
    : QObject(parent)
{ }

AudioPlayer::~AudioPlayer() = default;
