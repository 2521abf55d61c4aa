#pragma once

#include <QByteArray>
#include <QString>

// Deterministic, fast "realistic" Markdown for the `reply-bytes=N` directive: headings,
// paragraphs, bullet and numbered lists, a fenced code block, a small table, a quote, and now and
// then a non-ASCII word (Zürich, 日本語, an emoji outside the BMP) so that chunking, UTF-8 and
// UTF-16 surrogate handling get exercised. The same byteCount always gives the same text.
class ProseGenerator final
{
public:
    // Exactly `byteCount` bytes of valid UTF-8.
    static QByteArray generateUtf8(qint64 byteCount);
    static QString generate(qint64 byteCount) { return QString::fromUtf8(generateUtf8(byteCount)); }
};
