#include "tokenestimate.h"

#include <QByteArrayMatcher>
#include <QCoreApplication>
#include <QIODevice>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(TokenEstimate)
};

// How much of a PDF is scanned: its start and, for a larger file, its end (where an incremental
// update puts the newest page tree).
constexpr qint64 PdfHeadBytes = 8 * 1024 * 1024;
constexpr qint64 PdfTailBytes = 1024 * 1024;
constexpr int MaxPdfPages = 1'000'000;

qint64 ceilDiv(qint64 a, qint64 b)
{
    return (a + b - 1) / b;
}

bool isPdfWhitespace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

// A PDF name ends at whitespace or a delimiter; "/Pages" is not "/Page" followed by "s".
bool isNameChar(char c)
{
    return !isPdfWhitespace(c) && !QByteArrayView("()<>[]{}/%").contains(c);
}

qsizetype skipWhitespace(const QByteArray &bytes, qsizetype pos)
{
    while (pos < bytes.size() && isPdfWhitespace(bytes.at(pos)))
        ++pos;
    return pos;
}

struct PageScan
{
    int pageObjects = 0;
    int rootCount = -1; // the largest /Count of a /Pages node: the root's
};

// The /Count of the object around a /Type /Pages at pos: looked for between the object's "obj" and
// "endobj", within a bounded distance.
int countNear(const QByteArray &bytes, qsizetype pos)
{
    constexpr qsizetype Reach = 4096;
    qsizetype from = bytes.lastIndexOf(" obj", pos);
    if (from < 0 || pos - from > Reach)
        from = std::max<qsizetype>(0, pos - Reach);
    qsizetype to = bytes.indexOf("endobj", pos);
    if (to < 0 || to - pos > Reach)
        to = std::min(bytes.size(), pos + Reach);
    const QByteArray object = bytes.mid(from, to - from);
    qsizetype at = object.indexOf("/Count");
    if (at < 0 || (at + 6 < object.size() && isNameChar(object.at(at + 6))))
        return -1;
    at = skipWhitespace(object, at + 6);
    qint64 value = 0;
    qsizetype digits = 0;
    while (at < object.size() && object.at(at) >= '0' && object.at(at) <= '9' && digits < 8) {
        value = value * 10 + (object.at(at) - '0');
        ++at;
        ++digits;
    }
    const bool moreDigits = at < object.size() && object.at(at) >= '0' && object.at(at) <= '9';
    return digits > 0 && !moreDigits && value <= MaxPdfPages ? int(value) : -1;
}

void scan(const QByteArray &bytes, PageScan &result)
{
    static const QByteArrayMatcher type("/Type");
    qsizetype pos = 0;
    while ((pos = type.indexIn(bytes, pos)) >= 0) {
        pos += 5;
        const qsizetype name = skipWhitespace(bytes, pos);
        if (!QByteArrayView(bytes).sliced(name).startsWith("/Page"))
            continue;
        const qsizetype after = name + 5;
        if (after < bytes.size() && bytes.at(after) == 's'
            && (after + 1 >= bytes.size() || !isNameChar(bytes.at(after + 1)))) {
            result.rootCount = std::max(result.rootCount, countNear(bytes, name));
        } else if (after >= bytes.size() || !isNameChar(bytes.at(after))) {
            ++result.pageObjects;
        }
    }
}

} // namespace

namespace TokenEstimate {

qint64 audio(qint64 durationMs)
{
    return durationMs > 0 ? ceilDiv(durationMs, 1000) * AudioTokensPerSecond : 0;
}

qint64 video(qint64 durationMs)
{
    return durationMs > 0 ? ceilDiv(durationMs, 1000) * VideoTokensPerSecond : 0;
}

qint64 image(int width, int height)
{
    if (width <= 0 || height <= 0)
        return 0;
    if (width <= ImageSmallSide && height <= ImageSmallSide)
        return ImageTokens;
    return ceilDiv(width, ImageTileSide) * ceilDiv(height, ImageTileSide) * ImageTokens;
}

qint64 pdf(int pageCount)
{
    return pageCount > 0 ? qint64(pageCount) * PdfPageTokens : 0;
}

qint64 text(qint64 byteCount)
{
    return byteCount > 0 ? ceilDiv(byteCount, TextBytesPerToken) : 0;
}

int pdfPageCount(QIODevice *device)
{
    if (!device || !device->isOpen() || !device->isReadable() || device->isSequential())
        return -1;
    const qint64 oldPos = device->pos();
    const qint64 size = device->size();
    PageScan result;
    if (device->seek(0))
        scan(device->read(std::min(size, PdfHeadBytes)), result);
    if (size > PdfHeadBytes) {
        // The tail starts after the head: its page objects add to the head's.
        PageScan tail;
        if (device->seek(std::max(PdfHeadBytes, size - PdfTailBytes)))
            scan(device->read(PdfTailBytes), tail);
        result.rootCount = std::max(result.rootCount, tail.rootCount);
        result.pageObjects += tail.pageObjects;
    }
    device->seek(oldPos);
    if (result.rootCount > 0)
        return result.rootCount;
    if (result.pageObjects > 0)
        return std::min(result.pageObjects, MaxPdfPages);
    return -1;
}

QString label(qint64 tokens)
{
    //: an estimated token count; %L1 is the number
    return Tr::tr("≈ %L1 tokens").arg(tokens);
}

} // namespace TokenEstimate
