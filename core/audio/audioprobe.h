#pragma once

#include <QString>

class QIODevice;

// What the header of an audio file says: its container/codec, length and layout. Filled as far as
// the header could be read: a recognised format with an error (a truncated file, a stream without
// a length) still names its format.
struct AudioInfo
{
    QString format;         // "WAV", "MP3", "AIFF", "AAC", "OGG Vorbis", "Opus", "FLAC"; empty when not recognised
    qint64 durationMs = -1; // -1 when unknown
    int sampleRate = 0;     // Hz
    int channels = 0;
    QString error; // a sentence for a person; empty when the header was read

    bool isValid() const { return error.isEmpty() && durationMs >= 0; }
};

// Reads the length of an audio file from its headers and, where the format needs it, a bounded window
// at its end (Ogg) or start (AAC ADTS): never the whole file, so a 2 GB file probes in milliseconds.
// Hostile input (truncated, garbage, absurd values) gives an error, never a crash.
namespace AudioProbe {

// The longest length believed; anything longer is a corrupt header.
constexpr qint64 MaxDurationMs = 1000LL * 60 * 60 * 1000; // 1000 hours

AudioInfo probe(const QString &path);
// The device must be open for reading and random-access; its position is restored afterwards.
AudioInfo probe(QIODevice *device);

} // namespace AudioProbe
