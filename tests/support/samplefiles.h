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

} // namespace SampleFiles
