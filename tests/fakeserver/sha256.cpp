#include "sha256.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define ALHENA_SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace {

constexpr std::array<quint32, 64> roundConstants = {0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
    0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc,
    0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1,
    0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
    0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814,
    0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

constexpr quint32 rotr(quint32 value, int bits)
{
    return (value >> bits) | (value << (32 - bits));
}

quint32 loadBigEndian(const unsigned char *p)
{
    return (static_cast<quint32>(p[0]) << 24) | (static_cast<quint32>(p[1]) << 16) | (static_cast<quint32>(p[2]) << 8)
        | static_cast<quint32>(p[3]);
}

void compressPortable(quint32 *state, const unsigned char *data, qsizetype blocks)
{
    std::array<quint32, 64> w {};
    for (; blocks > 0; --blocks, data += 64) {
        for (int i = 0; i < 16; ++i)
            w[i] = loadBigEndian(data + 4 * i);
        for (int i = 16; i < 64; ++i) {
            const quint32 s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const quint32 s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        quint32 a = state[0], b = state[1], c = state[2], d = state[3];
        quint32 e = state[4], f = state[5], g = state[6], h = state[7];
        for (int i = 0; i < 64; ++i) {
            const quint32 t1
                = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + roundConstants[i] + w[i];
            const quint32 t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#ifdef ALHENA_SHA256_X86
bool cpuHasShaExtensions()
{
    unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
        return false;
    const bool ssse3 = (ecx & (1U << 9)) != 0;
    const bool sse41 = (ecx & (1U << 19)) != 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx))
        return false;
    const bool sha = (ebx & (1U << 29)) != 0;
    return ssse3 && sse41 && sha;
}

// The SHA-NI block function (Intel's published instruction sequence): four rounds per
// SHA256RNDS2 pair, the message schedule in SHA256MSG1/MSG2.
__attribute__((target("sha,sse4.1,ssse3"))) void compressShaNi(
    quint32 *state, const unsigned char *data, qsizetype blocks)
{
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state));
    __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(state + 4));
    tmp = _mm_shuffle_epi32(tmp, 0xB1);               // CDAB
    state1 = _mm_shuffle_epi32(state1, 0x1B);         // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8); // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);      // CDGH

    for (; blocks > 0; --blocks, data += 64) {
        const __m128i abefSaved = state0;
        const __m128i cdghSaved = state1;
        __m128i w[4];
#pragma GCC unroll 16
        for (int i = 0; i < 16; ++i) {
            if (i < 4)
                w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(data + 16 * i)), byteSwap);
            __m128i message = _mm_add_epi32(
                w[i % 4], _mm_loadu_si128(reinterpret_cast<const __m128i *>(roundConstants.data() + 4 * i)));
            state1 = _mm_sha256rnds2_epu32(state1, state0, message);
            if (i >= 3 && i <= 14) {
                const __m128i shifted = _mm_alignr_epi8(w[i % 4], w[(i + 3) % 4], 4);
                w[(i + 1) % 4] = _mm_sha256msg2_epu32(_mm_add_epi32(w[(i + 1) % 4], shifted), w[i % 4]);
            }
            message = _mm_shuffle_epi32(message, 0x0E);
            state0 = _mm_sha256rnds2_epu32(state0, state1, message);
            if (i >= 1 && i <= 12)
                w[(i + 3) % 4] = _mm_sha256msg1_epu32(w[(i + 3) % 4], w[i % 4]);
        }
        state0 = _mm_add_epi32(state0, abefSaved);
        state1 = _mm_add_epi32(state1, cdghSaved);
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B);       // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);    // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0); // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);    // HGFE
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state), state0);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(state + 4), state1);
}
#endif

using CompressFunction = void (*)(quint32 *, const unsigned char *, qsizetype);

CompressFunction compressFunction()
{
#ifdef ALHENA_SHA256_X86
    static const CompressFunction function = cpuHasShaExtensions() ? compressShaNi : compressPortable;
    return function;
#else
    return compressPortable;
#endif
}

} // namespace

void Sha256::reset()
{
    m_state = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    m_buffered = 0;
    m_length = 0;
}

bool Sha256::hardwareAccelerated()
{
#ifdef ALHENA_SHA256_X86
    return compressFunction() == compressShaNi;
#else
    return false;
#endif
}

void Sha256::compress(const unsigned char *blocks, qsizetype count)
{
    compressFunction()(m_state.data(), blocks, count);
}

void Sha256::addData(QByteArrayView data)
{
    const auto *input = reinterpret_cast<const unsigned char *>(data.data());
    qsizetype size = data.size();
    if (size == 0)
        return; // (an empty view may have a null data pointer)
    m_length += static_cast<quint64>(size);
    if (m_buffered > 0) {
        const qsizetype take = std::min<qsizetype>(64 - m_buffered, size);
        std::memcpy(m_buffer.data() + m_buffered, input, static_cast<size_t>(take));
        m_buffered += take;
        input += take;
        size -= take;
        if (m_buffered < 64)
            return;
        compress(m_buffer.data(), 1);
        m_buffered = 0;
    }
    const qsizetype blocks = size / 64;
    if (blocks > 0) {
        compress(input, blocks);
        input += blocks * 64;
        size -= blocks * 64;
    }
    if (size > 0) {
        std::memcpy(m_buffer.data(), input, static_cast<size_t>(size));
        m_buffered = size;
    }
}

QByteArray Sha256::result() const
{
    Sha256 copy = *this;
    const quint64 bits = m_length * 8;
    std::array<unsigned char, 72> padding {};
    padding[0] = 0x80;
    const qsizetype padLength = (m_buffered < 56 ? 56 : 120) - m_buffered;
    copy.addData(QByteArrayView(reinterpret_cast<const char *>(padding.data()), padLength));
    std::array<unsigned char, 8> length {};
    for (int i = 0; i < 8; ++i)
        length[static_cast<size_t>(i)] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    copy.addData(QByteArrayView(reinterpret_cast<const char *>(length.data()), 8));
    QByteArray digest(32, Qt::Uninitialized);
    for (int i = 0; i < 8; ++i) {
        const quint32 word = copy.m_state[static_cast<size_t>(i)];
        digest[4 * i] = static_cast<char>(word >> 24);
        digest[4 * i + 1] = static_cast<char>(word >> 16);
        digest[4 * i + 2] = static_cast<char>(word >> 8);
        digest[4 * i + 3] = static_cast<char>(word);
    }
    return digest;
}

QByteArray Sha256::hash(QByteArrayView data)
{
    Sha256 sha;
    sha.addData(data);
    return sha.result();
}
