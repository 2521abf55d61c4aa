#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QString>
#include <QTemporaryDir>

#include <cstring>

// Content for tests of uploads and attachments: bytes of a known kind and size, written into a
// QTemporaryDir. Shared by the file, upload, planner and CLI tests.
namespace SampleFiles {

// Incompressible bytes, the same for the same seed.
inline QByteArray randomBytes(qint64 size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    qint64 i = 0;
    for (; i + 4 <= size; i += 4) {
        const quint32 v = rng.generate();
        std::memcpy(bytes.data() + i, &v, 4);
    }
    for (; i < size; ++i)
        bytes[i] = char(rng.bounded(256));
    return bytes;
}

// Plain text of exactly `size` bytes, different for each seed.
inline QByteArray textBytes(qint64 size, char seed = 'a')
{
    QByteArray out;
    out.reserve(size + 64);
    int line = 0;
    while (out.size() < size) {
        out += "line " + QByteArray::number(line) + ' ' + QByteArray(40, char(seed + line % 16)) + '\n';
        ++line;
    }
    out.truncate(size);
    return out;
}

// The start of an MP4 (ftyp box) padded to `size`: detected as video/mp4.
inline QByteArray mp4Bytes(qint64 size)
{
    QByteArray out("\x00\x00\x00\x18"
                   "ftypmp42\x00\x00\x00\x00mp42isom",
        24);
    out += QByteArray(size - out.size(), '\x01');
    return out;
}

// A 1x1 RGBA PNG.
inline QByteArray tinyPng()
{
    return QByteArray::fromHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
                               "9c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082");
}

// Lower-case hex SHA-256, as the server's sha256Hash carries it (base64 of this).
inline QByteArray sha256Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

// Writes bytes to dir/name; a test that cannot write its input stops.
inline QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// `bytes` little-endian bytes of v, as RIFF headers and the like want them.
inline QByteArray littleEndian(quint64 v, int bytes)
{
    QByteArray b(bytes, '\0');
    for (int i = 0; i < bytes; ++i)
        b[i] = char((v >> (8 * i)) & 0xff);
    return b;
}

// A PCM WAV, mono, 16-bit, of `durationMs` at `rate` Hz (silence).
inline QByteArray wavBytes(int rate, int durationMs)
{
    const auto le = littleEndian;
    const quint32 data = quint32(qint64(rate) * 2 * durationMs / 1000);
    return QByteArray("RIFF") + le(36 + data, 4) + "WAVEfmt " + le(16, 4) + le(1, 2) + le(1, 2) + le(quint32(rate), 4)
        + le(quint32(rate) * 2, 4) + le(2, 2) + le(16, 2) + "data" + le(data, 4) + QByteArray(qsizetype(data), '\0');
}

// A minimal PDF with `pages` pages (enough for type detection and page counting).
inline QByteArray pdfBytes(int pages)
{
    QByteArray out = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n";
    out += "2 0 obj << /Type /Pages /Count " + QByteArray::number(pages) + " >> endobj\n";
    for (int i = 0; i < pages; ++i)
        out += QByteArray::number(3 + i) + " 0 obj << /Type /Page /Parent 2 0 R >> endobj\n";
    return out + "%%EOF\n";
}

} // namespace SampleFiles
