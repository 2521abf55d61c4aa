#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>

// Incremental SHA-256 for upload bodies. Qt 6.4's QCryptographicHash copies its input into the
// block buffer byte by byte and hashes about 70 MB/s, which would cap the fake upload server far
// below loopback speed. This one hashes whole blocks straight from the input and uses the x86 SHA
// extensions when the CPU has them (checked at run time); tst_fakefileservice compares it with
// QCryptographicHash.
class Sha256 final
{
public:
    Sha256() { reset(); }

    void reset();
    void addData(QByteArrayView data);
    QByteArray result() const; // the 32-byte digest of everything added so far (the state is kept)

    static QByteArray hash(QByteArrayView data);
    static bool hardwareAccelerated();

private:
    void compress(const unsigned char *blocks, qsizetype count);

    std::array<quint32, 8> m_state {};
    std::array<unsigned char, 64> m_buffer {};
    qsizetype m_buffered = 0;
    quint64 m_length = 0; // bytes
};
