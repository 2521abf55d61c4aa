#include "audio/audioprobe.h"
#include "support/samplefiles.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

// Every header here is built byte by byte from the format specifications, so the probe is checked
// against the formats, not against itself.
namespace {

QByteArray le(quint64 v, int bytes)
{
    QByteArray b(bytes, '\0');
    for (int i = 0; i < bytes; ++i)
        b[i] = char((v >> (8 * i)) & 0xff);
    return b;
}

QByteArray be(quint64 v, int bytes)
{
    QByteArray b(bytes, '\0');
    for (int i = 0; i < bytes; ++i)
        b[bytes - 1 - i] = char((v >> (8 * i)) & 0xff);
    return b;
}

// ---- RIFF / WAV ----

QByteArray riffChunk(const char *id, const QByteArray &body, qint64 declaredSize = -1)
{
    QByteArray c = QByteArray(id, 4) + le(quint64(declaredSize < 0 ? body.size() : declaredSize), 4) + body;
    if (body.size() % 2)
        c += '\0';
    return c;
}

QByteArray fmtChunk(int tag, int channels, int rate, int bits, qint64 byteRate = -1, int blockAlign = -1)
{
    const int align = blockAlign < 0 ? channels * bits / 8 : blockAlign;
    const quint64 perSecond = byteRate < 0 ? quint64(rate) * quint64(align) : quint64(byteRate);
    return riffChunk("fmt ",
        le(quint64(tag), 2) + le(quint64(channels), 2) + le(quint64(rate), 4) + le(perSecond, 4) + le(quint64(align), 2)
            + le(quint64(bits), 2));
}

QByteArray riff(const QByteArray &chunks, const char *magic = "RIFF")
{
    return QByteArray(magic, 4) + le(quint64(chunks.size() + 4), 4) + "WAVE" + chunks;
}

QByteArray pcm(qint64 bytes)
{
    return QByteArray(bytes, '\x01');
}

// ---- AIFF ----

QByteArray extended80(double value)
{
    if (value <= 0)
        return QByteArray(10, '\0');
    int exp = 0;
    const double mant = std::frexp(value, &exp); // value = mant * 2^exp, mant in [0.5, 1)
    const auto mantissa = quint64(std::ldexp(mant, 64));
    return be(quint64(16383 + exp - 1), 2) + be(mantissa, 8);
}

QByteArray aiff(int channels, quint32 frames, double rate, bool aifc = false)
{
    QByteArray comm = be(quint64(channels), 2) + be(frames, 4) + be(16, 2) + extended80(rate);
    if (aifc)
        comm += QByteArray("NONE") + '\x0e' + "not compressed" + '\0';
    QByteArray body = QByteArray(aifc ? "AIFC" : "AIFF");
    if (aifc)
        body += QByteArray("FVER") + be(4, 4) + be(0xA2805140, 4);
    body += QByteArray("COMM") + be(quint64(comm.size()), 4) + comm;
    if (comm.size() % 2)
        body += '\0';
    const QByteArray ssnd = be(0, 4) + be(0, 4) + QByteArray(64, '\x02');
    body += QByteArray("SSND") + be(quint64(ssnd.size()), 4) + ssnd;
    return QByteArray("FORM") + be(quint64(body.size()), 4) + body;
}

// ---- FLAC ----

QByteArray flac(int rate, int channels, int bits, quint64 totalSamples)
{
    const quint64 packed = quint64(rate) << 44 | quint64(channels - 1) << 41 | quint64(bits - 1) << 36 | totalSamples;
    const QByteArray info = be(4096, 2) + be(4096, 2) + be(0, 3) + be(0, 3) + be(packed, 8) + QByteArray(16, '\0');
    return QByteArray("fLaC") + char(0x80) + be(quint64(info.size()), 3) + info + QByteArray(100, '\x03');
}

// ---- MPEG audio ----

// MPEG-1 layer III, 128 kbit/s, 44.1 kHz, stereo: 417-byte frames.
constexpr int Mp3FrameBytes = 417;
const QByteArray mp3Header = QByteArray::fromHex("fffb9000");

QByteArray mp3Frame(const QByteArray &header = mp3Header, int size = Mp3FrameBytes, const QByteArray &payload = {})
{
    QByteArray f = header + payload;
    f += QByteArray(size - f.size(), '\0');
    return f;
}

QByteArray mp3Frames(int count)
{
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += mp3Frame();
    return out;
}

QByteArray id3v2(int payload)
{
    return QByteArray("ID3\x03\x00\x00", 6) + char((payload >> 21) & 0x7f) + char((payload >> 14) & 0x7f)
        + char((payload >> 7) & 0x7f) + char(payload & 0x7f) + QByteArray(payload, '\0');
}

QByteArray xingFrame(quint32 frames, const QByteArray &header = mp3Header, int sideInfo = 32, int size = Mp3FrameBytes)
{
    return mp3Frame(header, size, QByteArray(sideInfo, '\0') + "Xing" + be(0x1, 4) + be(frames, 4));
}

QByteArray vbriFrame(quint32 frames)
{
    return mp3Frame(mp3Header, Mp3FrameBytes,
        QByteArray(32, '\0') + "VBRI" + be(1, 2) + be(0, 2) + be(75, 2) + be(123456, 4) + be(frames, 4));
}

// ---- Ogg ----

quint32 oggCrc(const QByteArray &data)
{
    quint32 crc = 0;
    for (const char c : data) {
        crc ^= quint32(quint8(c)) << 24;
        for (int k = 0; k < 8; ++k)
            crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
    return crc;
}

QByteArray oggPage(int headerType, qint64 granule, quint32 serial, quint32 sequence, const QByteArray &packet)
{
    QByteArray lacing;
    qsizetype left = packet.size();
    while (left >= 255) {
        lacing += char(255);
        left -= 255;
    }
    lacing += char(left);
    QByteArray page = QByteArray("OggS") + '\0' + char(headerType) + le(quint64(granule), 8) + le(serial, 4)
        + le(sequence, 4) + le(0, 4) + char(lacing.size()) + lacing + packet;
    const QByteArray crc = le(oggCrc(page), 4);
    page.replace(22, 4, crc);
    return page;
}

QByteArray vorbisId(int channels, int rate)
{
    return QByteArray("\x01vorbis") + le(0, 4) + char(channels) + le(quint64(rate), 4) + le(0, 4) + le(128000, 4)
        + le(0, 4) + char(0xb8) + char(1);
}

QByteArray opusHead(int channels, int preSkip)
{
    return QByteArray("OpusHead") + char(1) + char(channels) + le(quint64(preSkip), 2) + le(44100, 4) + le(0, 2)
        + char(0);
}

// An Ogg stream: the id header page, a comment page, audioPages pages of filler, the last page at finalGranule.
QByteArray ogg(const QByteArray &idHeader, int audioPages, qint64 finalGranule, int fillerBytes = 200)
{
    constexpr quint32 serial = 0x1234abcd;
    quint32 seq = 0;
    QByteArray out = oggPage(0x02, 0, serial, seq++, idHeader);
    out += oggPage(0x00, 0, serial, seq++, QByteArray("\x03vorbis comments"));
    for (int i = 0; i < audioPages; ++i)
        out += oggPage(0x00, finalGranule * (i + 1) / (audioPages + 1), serial, seq++,
            SampleFiles::randomBytes(fillerBytes, quint32(i + 1)));
    out += oggPage(0x04, finalGranule, serial, seq++, QByteArray(50, '\x05'));
    return out;
}

// ---- AAC ADTS ----

// MPEG-4 AAC LC, no CRC, channel configuration 2.
QByteArray adtsFrame(int length, int rateIndex = 4, int rawBlocks = 1)
{
    QByteArray f(7, '\0');
    f[0] = char(0xFF);
    f[1] = char(0xF1);
    f[2] = char(1 << 6 | rateIndex << 2 | 0);
    f[3] = char(2 << 6 | ((length >> 11) & 0x3));
    f[4] = char((length >> 3) & 0xFF);
    f[5] = char(((length & 0x7) << 5) | 0x1F);
    f[6] = char(0xFC | (rawBlocks - 1));
    f += QByteArray(std::max(0, length - 7), '\x06');
    return f;
}

QByteArray adts(int frames, int length, int rateIndex = 4)
{
    QByteArray out;
    out.reserve(qsizetype(frames) * length);
    for (int i = 0; i < frames; ++i)
        out += adtsFrame(length, rateIndex);
    return out;
}

AudioInfo probeBytes(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    if (!buffer.open(QIODevice::ReadOnly))
        qFatal("cannot open buffer");
    return AudioProbe::probe(&buffer);
}

} // namespace

class tst_AudioProbe final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valid_data();
    void valid();
    void adtsExtrapolatesBeyondItsBudget();
    void hostile_data();
    void hostile();
    void largeFilesProbeQuickly_data();
    void largeFilesProbeQuickly();
    void fromPath();
    void devicePositionIsRestored();
    void unusableDevices();
};

void tst_AudioProbe::valid_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("format");
    QTest::addColumn<qint64>("durationMs");
    QTest::addColumn<int>("sampleRate");
    QTest::addColumn<int>("channels");

    const QByteArray fmt16kMono = fmtChunk(1, 1, 16000, 16);
    QTest::newRow("wav pcm 16 kHz mono 1 s")
        << riff(fmt16kMono + riffChunk("data", pcm(32000))) << u"WAV"_s << qint64(1000) << 16000 << 1;
    QTest::newRow("wav stereo 44.1 kHz 2.5 s")
        << riff(fmtChunk(1, 2, 44100, 16) + riffChunk("data", pcm(441000))) << u"WAV"_s << qint64(2500) << 44100 << 2;
    QTest::newRow("wav LIST chunk before data") << riff(fmt16kMono
        + riffChunk("LIST", QByteArray("INFOISFT\x05\x00\x00\x00Lavf\x00", 17)) + riffChunk("data", pcm(16000)))
                                                << u"WAV"_s << qint64(500) << 16000 << 1;
    QTest::newRow("wav odd chunk sizes padded") << riff(riffChunk("junk", QByteArray(7, 'j')) + fmt16kMono
        + riffChunk("bext", QByteArray(3, 'b')) + riffChunk("data", pcm(64000)))
                                                << u"WAV"_s << qint64(2000) << 16000 << 1;
    QTest::newRow("wav data before fmt") << riff(riffChunk("data", pcm(32000)) + fmt16kMono) << u"WAV"_s << qint64(1000)
                                         << 16000 << 1;
    QTest::newRow("wav float 48 kHz") << riff(fmtChunk(3, 2, 48000, 32) + riffChunk("data", pcm(48000 * 8 / 4)))
                                      << u"WAV"_s << qint64(250) << 48000 << 2;
    QTest::newRow("wav streamed, size never written")
        << riff(fmt16kMono + QByteArray("data") + le(0xFFFFFFFF, 4) + pcm(8000)) << u"WAV"_s << qint64(250) << 16000
        << 1;
    QTest::newRow("wav ADPCM with fact") << riff(
        fmtChunk(2, 1, 8000, 4, 4096, 256) + riffChunk("fact", le(24000, 4)) + riffChunk("data", pcm(3000)))
                                         << u"WAV"_s << qint64(3000) << 8000 << 1;
    QTest::newRow("rf64") << riff(riffChunk("ds64", le(0, 8) + le(32000, 8) + le(16000, 8) + le(0, 4)) + fmt16kMono
            + QByteArray("data") + le(0xFFFFFFFF, 4) + pcm(32000),
        "RF64") << u"WAV"_s
                          << qint64(1000) << 16000 << 1;

    QTest::newRow("aiff 44.1 kHz stereo 2 s") << aiff(2, 88200, 44100) << u"AIFF"_s << qint64(2000) << 44100 << 2;
    QTest::newRow("aifc 8 kHz mono 0.5 s") << aiff(1, 4000, 8000, true) << u"AIFF"_s << qint64(500) << 8000 << 1;
    QTest::newRow("aiff 22.05 kHz") << aiff(1, 22050 * 3, 22050) << u"AIFF"_s << qint64(3000) << 22050 << 1;

    QTest::newRow("flac 48 kHz stereo 3 s") << flac(48000, 2, 16, 144000) << u"FLAC"_s << qint64(3000) << 48000 << 2;
    QTest::newRow("flac behind id3") << id3v2(300) + flac(16000, 1, 24, 16000 * 65) << u"FLAC"_s << qint64(65000)
                                     << 16000 << 1;

    // CBR: the length follows from the byte count at 128 kbit/s = 16,000 bytes/s.
    QTest::newRow("mp3 cbr") << mp3Frames(100) << u"MP3"_s << qint64(100 * Mp3FrameBytes * 1000 / 16000) << 44100 << 2;
    QTest::newRow("mp3 cbr with id3v2 and id3v1")
        << id3v2(1000) + mp3Frames(100) + QByteArray("TAG") + QByteArray(125, ' ') << u"MP3"_s
        << qint64(100 * Mp3FrameBytes * 1000 / 16000) << 44100 << 2;
    QTest::newRow("mp3 junk before the first frame")
        << QByteArray(37, '\0') + mp3Frames(50) << u"MP3"_s << qint64(50 * Mp3FrameBytes * 1000 / 16000) << 44100 << 2;
    QTest::newRow("mp3 xing frame count")
        << xingFrame(1000) + mp3Frames(4) << u"MP3"_s << qint64(1000LL * 1152 * 1000 / 44100) << 44100 << 2;
    QTest::newRow("mp3 vbri frame count")
        << vbriFrame(500) + mp3Frames(4) << u"MP3"_s << qint64(500LL * 1152 * 1000 / 44100) << 44100 << 2;
    // MPEG-2 layer III, 64 kbit/s, 22.05 kHz, mono: 208-byte frames, 576 samples, side info 9.
    const QByteArray mpeg2Mono = QByteArray::fromHex("fff380c0");
    QTest::newRow("mp3 mpeg-2 mono xing")
        << xingFrame(300, mpeg2Mono, 9, 208) + mp3Frame(mpeg2Mono, 208) + mp3Frame(mpeg2Mono, 208) << u"MP3"_s
        << qint64(300LL * 576 * 1000 / 22050) << 22050 << 1;

    QTest::newRow("ogg vorbis 44.1 kHz 3 s")
        << ogg(vorbisId(2, 44100), 5, 132300) << u"OGG Vorbis"_s << qint64(3000) << 44100 << 2;
    QTest::newRow("ogg vorbis larger than the tail window")
        << ogg(vorbisId(1, 16000), 40, 16000 * 90, 4000) << u"OGG Vorbis"_s << qint64(90000) << 16000 << 1;
    QByteArray lastPageDamaged = ogg(vorbisId(2, 44100), 3, 44100 * 4);
    lastPageDamaged[lastPageDamaged.size() - 1] = '\x7f'; // the page before it says 3 s
    QTest::newRow("ogg last page damaged") << lastPageDamaged << u"OGG Vorbis"_s << qint64(3000) << 44100 << 2;
    QTest::newRow("opus 2 s minus pre-skip")
        << ogg(opusHead(2, 312), 3, 96000 + 312) << u"Opus"_s << qint64(2000) << 48000 << 2;

    // 431 frames of 1024 samples at 44.1 kHz.
    QTest::newRow("adts aac") << adts(431, 200) << u"AAC"_s << qint64(431LL * 1024 * 1000 / 44100) << 44100 << 2;
    QTest::newRow("adts aac 16 kHz") << adts(100, 120, 8) << u"AAC"_s << qint64(100LL * 1024 * 1000 / 16000) << 16000
                                     << 2;
}

void tst_AudioProbe::valid()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, format);
    QFETCH(qint64, durationMs);
    QFETCH(int, sampleRate);
    QFETCH(int, channels);

    const AudioInfo info = probeBytes(bytes);
    QCOMPARE(info.error, QString());
    QVERIFY(info.isValid());
    QCOMPARE(info.format, format);
    QCOMPARE(info.durationMs, durationMs);
    QCOMPARE(info.sampleRate, sampleRate);
    QCOMPARE(info.channels, channels);
}

void tst_AudioProbe::adtsExtrapolatesBeyondItsBudget()
{
    // 2 MB of frames: more than the 1 MiB walked, so the rest is extrapolated from the byte count.
    const AudioInfo info = probeBytes(adts(2000, 1000));
    QVERIFY2(info.isValid(), qPrintable(info.error));
    const qint64 exact = 2000LL * 1024 * 1000 / 44100;
    QVERIFY2(std::abs(info.durationMs - exact) <= exact / 100, qPrintable(QString::number(info.durationMs)));
}

void tst_AudioProbe::hostile_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("format"); // what is still recognised

    const QByteArray fmt16kMono = fmtChunk(1, 1, 16000, 16);
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("3 bytes") << QByteArray("RIF") << QString();
    QTest::newRow("garbage") << SampleFiles::randomBytes(8192, 7) << QString();
    QTest::newRow("text") << SampleFiles::textBytes(4000) << QString();
    QTest::newRow("riff header only") << QByteArray("RIFF\x04\x00\x00\x00WAVE", 12) << u"WAV"_s;
    QTest::newRow("truncated fmt") << riff(QByteArray("fmt ") + le(16, 4) + le(1, 2) + le(1, 2)) << u"WAV"_s;
    QTest::newRow("fmt too short") << riff(
        riffChunk("fmt ", le(1, 2) + le(1, 2) + le(16000, 4)) + riffChunk("data", pcm(100)))
                                   << u"WAV"_s;
    QTest::newRow("zero sample rate") << riff(fmtChunk(1, 1, 0, 16) + riffChunk("data", pcm(1000))) << u"WAV"_s;
    QTest::newRow("zero channels") << riff(fmtChunk(1, 0, 16000, 16, 32000, 2) + riffChunk("data", pcm(1000)))
                                   << u"WAV"_s;
    QTest::newRow("zero byte rate and block align")
        << riff(fmtChunk(1, 1, 16000, 16, 0, 0) + riffChunk("data", pcm(1000))) << u"WAV"_s;
    QTest::newRow("huge data size") << riff(fmt16kMono + riffChunk("data", pcm(100), 0x7FFFFFF0)) << u"WAV"_s;
    QTest::newRow("no data chunk") << riff(fmt16kMono) << u"WAV"_s;
    QTest::newRow("chunk size past the end") << riff(riffChunk("LIST", pcm(10), 0xFFFFFFF0) + fmt16kMono) << u"WAV"_s;
    QTest::newRow("rf64 without ds64") << riff(fmt16kMono + QByteArray("data") + le(0xFFFFFFFF, 4) + pcm(100), "RF64")
                                       << u"WAV"_s;
    QTest::newRow("rf64 absurd ds64 size") << riff(
        riffChunk("ds64", le(0, 8) + le(0x7FFFFFFFFFFFFFFFULL, 8) + le(0, 8) + le(0, 4)) + fmt16kMono
            + QByteArray("data") + le(0xFFFFFFFF, 4) + pcm(100),
        "RF64") << u"WAV"_s;

    QTest::newRow("aiff zero rate") << aiff(2, 1000, 0) << u"AIFF"_s;
    QByteArray infiniteRate = aiff(2, 1000, 44100);
    infiniteRate.replace(12 + 8 + 8, 2, QByteArray("\x7f\xff", 2));
    QTest::newRow("aiff infinite rate") << infiniteRate << u"AIFF"_s;
    QTest::newRow("aiff absurd length") << aiff(1, 0xFFFFFFFF, 1) << u"AIFF"_s;
    QTest::newRow("aiff without COMM") << QByteArray("FORM") + be(4, 4) + "AIFF" << u"AIFF"_s;
    QTest::newRow("aiff truncated COMM") << QByteArray("FORM") + be(30, 4) + "AIFFCOMM" + be(18, 4) + be(2, 2)
                                         << u"AIFF"_s;

    QTest::newRow("flac without length") << flac(44100, 2, 16, 0) << u"FLAC"_s;
    QTest::newRow("flac zero rate") << flac(0, 2, 16, 1000) << u"FLAC"_s;
    QTest::newRow("flac truncated") << QByteArray("fLaC\x80\x00\x00\x22\x10\x00\x10\x00", 12) << u"FLAC"_s;

    QTest::newRow("id3 tag only") << id3v2(1000).left(200) << QString();
    QTest::newRow("one cut mp3 frame") << mp3Header + QByteArray(20, '\0') << QString();
    QTest::newRow("mp3 free bitrate") << mp3Frame(QByteArray::fromHex("fffb0000")).repeated(5) << QString();

    QTest::newRow("ogg header cut") << QByteArray("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00", 13) << u"OGG"_s;
    QTest::newRow("ogg unknown codec") << ogg(QByteArray("\x80theora-ish-header"), 1, 1000) << u"OGG"_s;
    QByteArray damaged = oggPage(0x02, 0, 1, 0, vorbisId(2, 44100));
    damaged[damaged.size() - 1] = char(damaged.at(damaged.size() - 1) ^ 0x01);
    QTest::newRow("ogg no intact page") << damaged << u"OGG Vorbis"_s;
    QTest::newRow("ogg vorbis zero rate") << ogg(vorbisId(2, 0), 1, 1000) << u"OGG Vorbis"_s;
    QTest::newRow("opus zero channels") << ogg(opusHead(0, 312), 1, 1000) << u"Opus"_s;

    QTest::newRow("adts zero frame length") << adtsFrame(0) + QByteArray(100, '\0') << u"AAC"_s;
    QTest::newRow("adts bad rate index") << adts(10, 100, 15) << u"AAC"_s;
}

void tst_AudioProbe::hostile()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, format);

    const AudioInfo info = probeBytes(bytes);
    QVERIFY2(!info.error.isEmpty(), qPrintable(u"no error; duration %1"_s.arg(info.durationMs)));
    QVERIFY(!info.isValid());
    QCOMPARE(info.durationMs, qint64(-1));
    QCOMPARE(info.format, format);
}

void tst_AudioProbe::largeFilesProbeQuickly_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<qint64>("durationMs");

    constexpr qint64 size = 2LL * 1024 * 1024 * 1024;
    const QByteArray wavHead = riff(fmtChunk(1, 1, 16000, 16)) + QByteArray("data") + le(quint64(size - 44), 4);
    QByteArray wav = wavHead;
    wav.replace(4, 4, le(quint64(size - 8), 4));
    QTest::newRow("wav") << wav << qint64((size - 44) * 1000 / 32000);
    // A CBR MP3 whose frames stop: the rest of the (sparse) file counts as audio bytes.
    QTest::newRow("mp3 cbr") << mp3Frames(4) << qint64(size * 1000 / 16000);
    QTest::newRow("mp3 xing") << xingFrame(123456) + mp3Frames(2) << qint64(123456LL * 1152 * 1000 / 44100);
}

void tst_AudioProbe::largeFilesProbeQuickly()
{
    QFETCH(QByteArray, head);
    QFETCH(qint64, durationMs);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = SampleFiles::writeFile(dir, u"big.audio"_s, head);
    QFile file(path);
    if (!file.resize(2LL * 1024 * 1024 * 1024)) // sparse: no 2 GB are written
        QSKIP("cannot make a 2 GB sparse file here");

    QElapsedTimer timer;
    timer.start();
    const AudioInfo info = AudioProbe::probe(path);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(info.isValid(), qPrintable(info.error));
    QCOMPARE(info.durationMs, durationMs);
    // A whole-file read would take seconds; the probe reads a few windows.
    QVERIFY2(elapsed < 500, qPrintable(u"%1 ms"_s.arg(elapsed)));
}

void tst_AudioProbe::fromPath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path
        = SampleFiles::writeFile(dir, u"a.wav"_s, riff(fmtChunk(1, 1, 16000, 16) + riffChunk("data", pcm(32000))));
    const AudioInfo info = AudioProbe::probe(path);
    QVERIFY(info.isValid());
    QCOMPARE(info.durationMs, 1000);

    const AudioInfo missing = AudioProbe::probe(dir.filePath(u"missing.wav"_s));
    QVERIFY(!missing.isValid());
    QVERIFY(!missing.error.isEmpty());
}

void tst_AudioProbe::devicePositionIsRestored()
{
    QBuffer buffer;
    buffer.setData(flac(48000, 2, 16, 48000));
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QVERIFY(buffer.seek(5));
    QVERIFY(AudioProbe::probe(&buffer).isValid());
    QCOMPARE(buffer.pos(), 5);
}

void tst_AudioProbe::unusableDevices()
{
    QVERIFY(!AudioProbe::probe(static_cast<QIODevice *>(nullptr)).error.isEmpty());
    QBuffer closed;
    closed.setData(flac(48000, 2, 16, 48000));
    QVERIFY(!AudioProbe::probe(&closed).error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_AudioProbe)
#include "tst_audioprobe.moc"
