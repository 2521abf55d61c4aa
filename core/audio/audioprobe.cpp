#include "audioprobe.h"

#include <QCoreApplication>
#include <QFile>
#include <QIODevice>

#include <array>
#include <cmath>
#include <cstring>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(AudioProbe)
};

constexpr qint64 HeadWindow = 64 * 1024;     // where the first MP3 frame is looked for
constexpr qint64 OggTailWindow = 64 * 1024;  // an Ogg page is at most 65,307 bytes
constexpr qint64 AdtsBudget = 1024 * 1024;   // ADTS frames walked before extrapolating by bytes
constexpr int MaxChunks = 256;               // RIFF / IFF chunks looked at before giving up
constexpr int MaxId3Tags = 4;                // some taggers stack several ID3v2 tags
constexpr quint32 MaxSampleRate = 1'000'000; // above the 768 kHz of any real PCM
constexpr int MaxChannels = 255;

// Bounds-checked little/big-endian reads: out of range reads give 0, so a short buffer never
// reads past its end whatever the caller checked.
class View
{
public:
    explicit View(const QByteArray &bytes)
        : m_bytes(bytes)
    { }

    qsizetype size() const { return m_bytes.size(); }
    bool has(qsizetype pos, qsizetype n) const { return pos >= 0 && n >= 0 && pos <= m_bytes.size() - n; }
    quint8 u8(qsizetype pos) const { return has(pos, 1) ? quint8(m_bytes.at(pos)) : 0; }
    quint16 be16(qsizetype pos) const { return quint16(u8(pos) << 8 | u8(pos + 1)); }
    quint16 le16(qsizetype pos) const { return quint16(u8(pos + 1) << 8 | u8(pos)); }
    quint32 be32(qsizetype pos) const { return quint32(be16(pos)) << 16 | be16(pos + 2); }
    quint32 le32(qsizetype pos) const { return quint32(le16(pos + 2)) << 16 | le16(pos); }
    quint64 be64(qsizetype pos) const { return quint64(be32(pos)) << 32 | be32(pos + 4); }
    quint64 le64(qsizetype pos) const { return quint64(le32(pos + 4)) << 32 | le32(pos); }
    bool is(qsizetype pos, const char *tag) const
    {
        const auto n = qsizetype(std::strlen(tag));
        if (!has(pos, n))
            return false;
        for (qsizetype i = 0; i < n; ++i) {
            if (u8(pos + i) != quint8(tag[i]))
                return false;
        }
        return true;
    }

private:
    const QByteArray &m_bytes;
};

class Reader
{
public:
    explicit Reader(QIODevice *device)
        : m_device(device)
        , m_size(device->size())
    { }

    qint64 size() const { return m_size; }

    // Up to length bytes at pos; fewer near the end, none out of range.
    QByteArray read(qint64 pos, qint64 length) const
    {
        if (pos < 0 || length <= 0 || pos >= m_size)
            return {};
        length = std::min(length, m_size - pos);
        if (!m_device->seek(pos))
            return {};
        return m_device->read(length);
    }

private:
    QIODevice *m_device;
    qint64 m_size;
};

// units / perSecond, in milliseconds; nullopt when perSecond is zero or the length is absurd.
std::optional<qint64> toMs(quint64 units, quint64 perSecond)
{
    if (perSecond == 0 || perSecond > (quint64(1) << 50))
        return std::nullopt;
    const quint64 whole = units / perSecond;
    if (whole > quint64(AudioProbe::MaxDurationMs / 1000))
        return std::nullopt;
    const qint64 ms = qint64(whole * 1000 + (units % perSecond) * 1000 / perSecond);
    if (ms > AudioProbe::MaxDurationMs)
        return std::nullopt;
    return ms;
}

QString truncatedHeader()
{
    return Tr::tr("The file is truncated: its header is incomplete.");
}
QString badSampleRate()
{
    return Tr::tr("The header gives an invalid sample rate.");
}
QString badChannels()
{
    return Tr::tr("The header gives an invalid number of channels.");
}
QString implausibleLength()
{
    return Tr::tr("The length given in the header is not plausible.");
}

bool setLayout(AudioInfo &info, quint64 sampleRate, int channels)
{
    if (sampleRate < 1 || sampleRate > MaxSampleRate) {
        info.error = badSampleRate();
        return false;
    }
    if (channels < 1 || channels > MaxChannels) {
        info.error = badChannels();
        return false;
    }
    info.sampleRate = int(sampleRate);
    info.channels = channels;
    return true;
}

void setDuration(AudioInfo &info, std::optional<qint64> ms)
{
    if (ms)
        info.durationMs = *ms;
    else
        info.error = implausibleLength();
}

// ---- WAV (RIFF, RF64) ----------------------------------------------------------------------------

void probeWav(const Reader &r, AudioInfo &info, bool rf64)
{
    info.format = u"WAV"_s;
    bool haveFmt = false;
    quint16 formatTag = 0;
    quint32 byteRate = 0;
    quint16 blockAlign = 0;
    quint32 sampleRate = 0;
    quint32 factSamples = 0;
    bool haveFact = false;
    std::optional<quint64> ds64DataSize;
    qint64 dataStart = -1;
    quint64 dataSize = 0;
    bool dataSizeIsPlaceholder = false;

    qint64 pos = 12;
    for (int i = 0; i < MaxChunks && pos <= r.size() - 8; ++i) {
        const QByteArray headBytes = r.read(pos, 8);
        const View head(headBytes);
        if (head.size() < 8)
            break;
        const quint32 size = head.le32(4);
        const qint64 body = pos + 8;
        quint64 step = size;
        if (head.is(0, "fmt ")) {
            const QByteArray bytes = r.read(body, 16);
            const View fmt(bytes);
            if (size < 16 || fmt.size() < 16) {
                info.error = truncatedHeader();
                return;
            }
            formatTag = fmt.le16(0);
            sampleRate = fmt.le32(4);
            byteRate = fmt.le32(8);
            blockAlign = fmt.le16(12);
            if (!setLayout(info, sampleRate, fmt.le16(2)))
                return;
            haveFmt = true;
        } else if (head.is(0, "ds64") && rf64) {
            const QByteArray bytes = r.read(body, 24);
            if (size < 24 || bytes.size() < 24) {
                info.error = truncatedHeader();
                return;
            }
            ds64DataSize = View(bytes).le64(8);
        } else if (head.is(0, "fact") && size >= 4) {
            const QByteArray bytes = r.read(body, 4);
            haveFact = bytes.size() == 4;
            factSamples = View(bytes).le32(0);
        } else if (head.is(0, "data")) {
            dataStart = body;
            dataSize = size;
            if (rf64 && size == 0xFFFFFFFFu) {
                if (!ds64DataSize) {
                    info.error = truncatedHeader();
                    return;
                }
                dataSize = *ds64DataSize;
                step = dataSize;
            } else if (size == 0xFFFFFFFFu || size == 0) {
                // A recorder that never came back to write the size: the data runs to the end.
                dataSizeIsPlaceholder = true;
            }
        }
        if (haveFmt && dataStart >= 0)
            break;
        if (dataSizeIsPlaceholder)
            break;                                // nothing can be found after data of unknown size
        const quint64 padded = step + (step & 1); // chunks are word-aligned
        if (padded > quint64(r.size() - body))
            break;
        pos = body + qint64(padded);
    }

    if (!haveFmt) {
        info.error = Tr::tr("The WAV file has no format chunk.");
        return;
    }
    if (dataStart < 0) {
        info.error = Tr::tr("The WAV file has no audio data.");
        return;
    }
    const quint64 available = quint64(std::max<qint64>(0, r.size() - dataStart));
    if (dataSizeIsPlaceholder) {
        dataSize = available;
    } else if (dataSize > available) {
        info.error = Tr::tr("The file is truncated: the header announces %1 bytes of audio but only %2 are present.")
                         .arg(dataSize)
                         .arg(available);
        return;
    }

    // Compressed WAV (ADPCM, MP3 in RIFF) counts its samples in 'fact'; its byte rate is an average.
    const bool pcm = formatTag == 1 || formatTag == 3 || formatTag == 0xFFFE;
    if (!pcm && haveFact && factSamples > 0) {
        setDuration(info, toMs(factSamples, sampleRate));
        return;
    }
    const quint64 perSecond = byteRate != 0 ? quint64(byteRate) : quint64(blockAlign) * sampleRate;
    setDuration(info, toMs(dataSize, perSecond));
}

// ---- AIFF / AIFC ---------------------------------------------------------------------------------

// The 80-bit IEEE 754 extended float of AIFF's COMM chunk, as a sample rate; 0 when not plausible.
quint32 extendedToRate(const View &v, qsizetype pos)
{
    const quint16 signExponent = v.be16(pos);
    const quint64 mantissa = v.be64(pos + 2);
    if ((signExponent & 0x8000) || mantissa == 0)
        return 0;
    const int exponent = signExponent & 0x7FFF;
    const double value = std::ldexp(double(mantissa), exponent - 16383 - 63);
    if (!(value >= 1.0 && value <= double(MaxSampleRate)))
        return 0;
    return quint32(std::lround(value));
}

void probeAiff(const Reader &r, AudioInfo &info)
{
    info.format = u"AIFF"_s;
    qint64 pos = 12;
    for (int i = 0; i < MaxChunks && pos <= r.size() - 8; ++i) {
        const QByteArray headBytes = r.read(pos, 8);
        const View head(headBytes);
        if (head.size() < 8)
            break;
        const quint32 size = head.be32(4);
        const qint64 body = pos + 8;
        if (head.is(0, "COMM")) {
            const QByteArray bytes = r.read(body, 18);
            const View comm(bytes);
            if (size < 18 || comm.size() < 18) {
                info.error = truncatedHeader();
                return;
            }
            const quint32 frames = comm.be32(2);
            const quint32 rate = extendedToRate(comm, 8);
            if (!setLayout(info, rate, comm.be16(0)))
                return;
            setDuration(info, toMs(frames, rate));
            return;
        }
        const quint64 padded = quint64(size) + (size & 1);
        if (padded > quint64(r.size() - body))
            break;
        pos = body + qint64(padded);
    }
    info.error = Tr::tr("The AIFF file has no COMM chunk.");
}

// ---- FLAC ----------------------------------------------------------------------------------------

// STREAMINFO's fields from its 34 bytes at pos.
void readStreamInfo(const View &v, qsizetype pos, AudioInfo &info)
{
    if (!v.has(pos, 18)) {
        info.error = truncatedHeader();
        return;
    }
    const quint32 rate = quint32(v.u8(pos + 10)) << 12 | quint32(v.u8(pos + 11)) << 4 | v.u8(pos + 12) >> 4;
    const int channels = ((v.u8(pos + 12) >> 1) & 0x7) + 1;
    const quint64 totalSamples = quint64(v.u8(pos + 13) & 0x0F) << 32 | v.be32(pos + 14);
    if (!setLayout(info, rate, channels))
        return;
    if (totalSamples == 0) {
        info.error = Tr::tr("The FLAC header does not give the length.");
        return;
    }
    setDuration(info, toMs(totalSamples, rate));
}

void probeFlac(const Reader &r, qint64 start, AudioInfo &info)
{
    info.format = u"FLAC"_s;
    const QByteArray bytes = r.read(start, 4 + 4 + 34);
    const View v(bytes);
    const quint32 blockType = v.u8(4) & 0x7F;
    const quint32 blockLength = v.be32(4) & 0xFFFFFF;
    if (v.size() < 42 || blockType != 0 || blockLength < 34) {
        info.error = truncatedHeader();
        return;
    }
    readStreamInfo(v, 8, info);
}

// ---- MPEG audio (MP3) ----------------------------------------------------------------------------

struct MpegFrame
{
    bool mpeg1 = false;
    int layer = 0; // 1..3
    int bitrateKbps = 0;
    int sampleRate = 0;
    bool mono = false;
    int samplesPerFrame = 0;
    int frameBytes = 0;
};

std::optional<MpegFrame> parseMpegHeader(const View &v, qsizetype pos)
{
    if (!v.has(pos, 4) || v.u8(pos) != 0xFF || (v.u8(pos + 1) & 0xE0) != 0xE0)
        return std::nullopt;
    const int versionBits = (v.u8(pos + 1) >> 3) & 0x3; // 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
    const int layerBits = (v.u8(pos + 1) >> 1) & 0x3;   // 0: reserved, 1: III, 2: II, 3: I
    const int bitrateIndex = v.u8(pos + 2) >> 4;
    const int rateIndex = (v.u8(pos + 2) >> 2) & 0x3;
    const int padding = (v.u8(pos + 2) >> 1) & 0x1;
    if (versionBits == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3)
        return std::nullopt; // free-format streams have no length to compute from

    static constexpr std::array<std::array<int, 15>, 5> bitrates = {{
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG 1 layer I
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},    // MPEG 1 layer II
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},     // MPEG 1 layer III
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},    // MPEG 2/2.5 layer I
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},         // MPEG 2/2.5 layers II, III
    }};
    static constexpr std::array<std::array<int, 3>, 4> rates = {{
        {11025, 12000, 8000},             // MPEG 2.5
        {0, 0, 0}, {22050, 24000, 16000}, // MPEG 2
        {44100, 48000, 32000},            // MPEG 1
    }};

    MpegFrame f;
    f.mpeg1 = versionBits == 3;
    f.layer = 4 - layerBits;
    const size_t table = f.mpeg1 ? size_t(f.layer - 1) : (f.layer == 1 ? 3 : 4);
    f.bitrateKbps = bitrates[table][size_t(bitrateIndex)];
    f.sampleRate = rates[size_t(versionBits)][size_t(rateIndex)];
    f.mono = (v.u8(pos + 3) >> 6) == 3;
    if (f.layer == 1) {
        f.samplesPerFrame = 384;
        f.frameBytes = (12 * f.bitrateKbps * 1000 / f.sampleRate + padding) * 4;
    } else {
        f.samplesPerFrame = (f.layer == 3 && !f.mpeg1) ? 576 : 1152;
        f.frameBytes = f.samplesPerFrame / 8 * f.bitrateKbps * 1000 / f.sampleRate + padding;
    }
    if (f.frameBytes < 4)
        return std::nullopt;
    return f;
}

bool sameStream(const MpegFrame &a, const MpegFrame &b)
{
    return a.mpeg1 == b.mpeg1 && a.layer == b.layer && a.sampleRate == b.sampleRate;
}

void probeMpeg(const Reader &r, qint64 start, AudioInfo &info)
{
    const QByteArray window = r.read(start, HeadWindow);
    const View v(window);
    const bool windowReachesEnd = start + v.size() >= r.size();
    qsizetype at = -1;
    MpegFrame frame;
    // The first frame header whose successor is a header of the same stream (a lone valid-looking
    // header in arbitrary data is common); a file of one frame only when it starts right there.
    for (qsizetype i = 0; i + 4 <= v.size(); ++i) {
        const std::optional<MpegFrame> f = parseMpegHeader(v, i);
        if (!f)
            continue;
        const qsizetype next = i + f->frameBytes;
        if (v.has(next, 4)) {
            const std::optional<MpegFrame> g = parseMpegHeader(v, next);
            if (!g || !sameStream(*f, *g))
                continue;
        } else if (i != 0 || !windowReachesEnd || next > v.size()) {
            continue;
        }
        at = i;
        frame = *f;
        break;
    }
    if (at < 0) {
        info.error = Tr::tr("Not a recognised audio format.");
        return;
    }
    info.format = frame.layer == 3 ? u"MP3"_s : (frame.layer == 2 ? u"MP2"_s : u"MP1"_s);
    if (!setLayout(info, quint64(frame.sampleRate), frame.mono ? 1 : 2))
        return;

    // A VBR file says how many frames it has in a Xing ("Info" for CBR) or VBRI header in its first frame.
    const qsizetype sideInfo = frame.mpeg1 ? (frame.mono ? 17 : 32) : (frame.mono ? 9 : 17);
    const qsizetype xing = at + 4 + sideInfo;
    quint32 frames = 0;
    if ((v.is(xing, "Xing") || v.is(xing, "Info")) && (v.be32(xing + 4) & 0x1) && v.has(xing + 8, 4))
        frames = v.be32(xing + 8);
    else if (v.is(at + 36, "VBRI") && v.has(at + 36 + 14, 4))
        frames = v.be32(at + 36 + 14);
    if (frames > 0) {
        setDuration(info, toMs(quint64(frames) * quint64(frame.samplesPerFrame), quint64(frame.sampleRate)));
        return;
    }

    qint64 end = r.size();
    if (end - (start + at) > 128 && View(r.read(end - 128, 3)).is(0, "TAG"))
        end -= 128; // ID3v1
    const qint64 audioBytes = end - (start + at);
    setDuration(info, toMs(quint64(audioBytes), quint64(frame.bitrateKbps) * 125));
}

// ---- AAC in ADTS ---------------------------------------------------------------------------------

bool isAdtsSync(const View &v, qsizetype pos)
{
    return v.has(pos, 2) && v.u8(pos) == 0xFF && (v.u8(pos + 1) & 0xF6) == 0xF0;
}

void probeAdts(const Reader &r, qint64 start, AudioInfo &info)
{
    info.format = u"AAC"_s;
    static constexpr std::array<int, 13> rates
        = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
    const QByteArray window = r.read(start, AdtsBudget);
    const View v(window);
    qsizetype pos = 0;
    quint64 samples = 0;
    int rateIndex = -1;
    bool budgetHit = false;
    while (v.has(pos, 7) && isAdtsSync(v, pos)) {
        const int index = (v.u8(pos + 2) >> 2) & 0xF;
        if (index >= int(rates.size()) || (rateIndex >= 0 && index != rateIndex))
            break;
        const int length = (v.u8(pos + 3) & 0x3) << 11 | v.u8(pos + 4) << 3 | v.u8(pos + 5) >> 5;
        if (length < 7)
            break;
        if (!v.has(pos, length)) {
            // A frame cut by the window: the budget ran out if the file goes on, else the file is cut.
            budgetHit = start + pos + length <= r.size();
            break;
        }
        if (rateIndex < 0) {
            rateIndex = index;
            const int channelConfig = (v.u8(pos + 2) & 0x1) << 2 | v.u8(pos + 3) >> 6;
            // Configuration 0 describes the channels in the stream itself; count it as stereo.
            if (!setLayout(info, quint64(rates[size_t(index)]), channelConfig == 0 ? 2 : channelConfig))
                return;
        }
        samples += 1024 * quint64((v.u8(pos + 6) & 0x3) + 1);
        pos += length;
    }
    if (rateIndex < 0) {
        info.error = Tr::tr("The AAC stream has no valid frame.");
        return;
    }
    const std::optional<qint64> walkedMs = toMs(samples, quint64(rates[size_t(rateIndex)]));
    if (!walkedMs) {
        info.error = implausibleLength();
        return;
    }
    if (!budgetHit && pos == v.size() && start + pos < r.size())
        budgetHit = true; // the window ended exactly on a frame boundary
    if (!budgetHit) {
        info.durationMs = *walkedMs;
        return;
    }
    const double total = double(*walkedMs) * double(r.size() - start) / double(pos);
    if (!(total >= 0 && total <= double(AudioProbe::MaxDurationMs))) {
        info.error = implausibleLength();
        return;
    }
    info.durationMs = qint64(total);
}

// ---- Ogg (Vorbis, Opus, FLAC) --------------------------------------------------------------------

quint32 oggCrc(const char *data, qsizetype size)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t {};
        for (quint32 i = 0; i < 256; ++i) {
            quint32 r = i << 24;
            for (int k = 0; k < 8; ++k)
                r = (r & 0x80000000u) ? (r << 1) ^ 0x04C11DB7u : r << 1;
            t[i] = r;
        }
        return t;
    }();
    quint32 crc = 0;
    for (qsizetype i = 0; i < size; ++i)
        crc = (crc << 8) ^ table[((crc >> 24) ^ quint8(data[i])) & 0xFF];
    return crc;
}

// The size of the complete, checksummed Ogg page at pos, or 0.
qsizetype oggPageSize(const QByteArray &bytes, qsizetype pos)
{
    const View v(bytes);
    if (!v.is(pos, "OggS") || v.u8(pos + 4) != 0 || !v.has(pos, 27))
        return 0;
    const int segments = v.u8(pos + 26);
    if (!v.has(pos + 27, segments))
        return 0;
    qsizetype size = 27 + segments;
    for (int i = 0; i < segments; ++i)
        size += v.u8(pos + 27 + i);
    if (!v.has(pos, size))
        return 0;
    QByteArray page = bytes.mid(pos, size);
    std::memset(page.data() + 22, 0, 4);
    return oggCrc(page.constData(), page.size()) == v.le32(pos + 22) ? size : 0;
}

void probeOgg(const Reader &r, AudioInfo &info)
{
    info.format = u"OGG"_s;
    const QByteArray first = r.read(0, 27 + 255 + 64);
    const View v(first);
    if (v.u8(4) != 0 || !v.has(0, 27)) {
        info.error = truncatedHeader();
        return;
    }
    const quint32 serial = v.le32(14);
    const qsizetype body = 27 + v.u8(26);
    quint32 rate = 0;
    int preSkip = 0;
    if (v.is(body, "\x01vorbis")) {
        info.format = u"OGG Vorbis"_s;
        if (!v.has(body, 16)) {
            info.error = truncatedHeader();
            return;
        }
        rate = v.le32(body + 12);
        if (!setLayout(info, rate, v.u8(body + 11)))
            return;
    } else if (v.is(body, "OpusHead")) {
        info.format = u"Opus"_s;
        if (!v.has(body, 19)) {
            info.error = truncatedHeader();
            return;
        }
        preSkip = v.le16(body + 10);
        rate = 48000; // Opus granule positions always count 48 kHz samples
        if (!setLayout(info, rate, v.u8(body + 9)))
            return;
    } else if (v.is(body,
                   "\x7F"
                   "FLAC")
        && v.is(body + 9, "fLaC")) {
        info.format = u"OGG FLAC"_s;
        readStreamInfo(v, body + 17, info);
        info.durationMs = -1;
        if (info.sampleRate == 0) {
            if (info.error.isEmpty())
                info.error = truncatedHeader();
            return;
        }
        info.error.clear(); // the length comes from the last page, not STREAMINFO
        rate = quint32(info.sampleRate);
    } else {
        info.error = Tr::tr("The OGG file holds a codec that is not recognised.");
        return;
    }

    // The last page of the stream carries its length as a granule position.
    const qint64 tailStart = std::max<qint64>(0, r.size() - OggTailWindow);
    const QByteArray tail = r.read(tailStart, OggTailWindow);
    const View t(tail);
    for (qsizetype i = t.size() - 27; i >= 0; --i) {
        if (tail.at(i) != 'O' || !t.is(i, "OggS") || t.le32(i + 14) != serial)
            continue;
        const auto granule = qint64(t.le64(i + 6));
        if (granule < 0 || oggPageSize(tail, i) == 0)
            continue; // -1: no packet ends on this page; or a damaged or cut page
        const qint64 samples = std::max<qint64>(0, granule - preSkip);
        setDuration(info, toMs(quint64(samples), rate));
        return;
    }
    info.error = Tr::tr("The end of the OGG stream cannot be found.");
}

// ---- Dispatch ------------------------------------------------------------------------------------

// The end of the ID3v2 tags at the start of the file.
qint64 skipId3(const Reader &r)
{
    qint64 pos = 0;
    for (int i = 0; i < MaxId3Tags; ++i) {
        const QByteArray bytes = r.read(pos, 10);
        const View v(bytes);
        if (!v.is(0, "ID3") || v.size() < 10 || v.u8(3) == 0xFF || v.u8(4) == 0xFF)
            break;
        if ((v.u8(6) | v.u8(7) | v.u8(8) | v.u8(9)) & 0x80)
            break; // not a synchsafe size
        const qint64 size = qint64(v.u8(6)) << 21 | qint64(v.u8(7)) << 14 | qint64(v.u8(8)) << 7 | v.u8(9);
        pos += 10 + size + ((v.u8(5) & 0x10) ? 10 : 0);
    }
    return pos;
}

} // namespace

namespace AudioProbe {

AudioInfo probe(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        AudioInfo info;
        info.error = Tr::tr("The file cannot be read: %1").arg(file.errorString());
        return info;
    }
    return probe(&file);
}

AudioInfo probe(QIODevice *device)
{
    AudioInfo info;
    if (!device || !device->isOpen() || !device->isReadable()) {
        info.error = Tr::tr("The file cannot be read.");
        return info;
    }
    if (device->isSequential()) {
        info.error = Tr::tr("The audio cannot be probed from a stream.");
        return info;
    }
    const qint64 oldPos = device->pos();
    const Reader r(device);
    const QByteArray headBytes = r.read(0, 12);
    const View head(headBytes);

    if (r.size() == 0) {
        info.error = Tr::tr("The file is empty.");
    } else if (head.size() < 12) {
        info.error = Tr::tr("The file is too short to be audio.");
    } else if ((head.is(0, "RIFF") || head.is(0, "RF64")) && head.is(8, "WAVE")) {
        probeWav(r, info, head.is(0, "RF64"));
    } else if (head.is(0, "FORM") && (head.is(8, "AIFF") || head.is(8, "AIFC"))) {
        probeAiff(r, info);
    } else if (head.is(0, "OggS")) {
        probeOgg(r, info);
    } else {
        const qint64 start = skipId3(r);
        const QByteArray afterTagsBytes = r.read(start, 4);
        const View afterTags(afterTagsBytes);
        if (start >= r.size())
            info.error = Tr::tr("The file holds tags but no audio.");
        else if (afterTags.is(0, "fLaC"))
            probeFlac(r, start, info);
        else if (isAdtsSync(afterTags, 0))
            probeAdts(r, start, info);
        else
            probeMpeg(r, start, info);
    }
    device->seek(oldPos);
    if (!info.error.isEmpty())
        info.durationMs = -1;
    return info;
}

} // namespace AudioProbe
