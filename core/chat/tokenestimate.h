#pragma once

#include <QString>

class QIODevice;

// Rough token counts of attachments before sending, from gemini-api.md §10 (Gemini 2.x rates). They
// are estimates: the rates are model-dependent and only countTokens is exact, so the UI says "≈".
// All functions are pure and take plain numbers; 0 when the input is unknown or invalid.
namespace TokenEstimate {

constexpr int AudioTokensPerSecond = 32;
constexpr int VideoTokensPerSecond = 263; // one frame per second (258) plus its audio
constexpr int ImageTokens = 258;          // a small image, or one tile of a large one
constexpr int ImageSmallSide = 384;       // both sides at most this: one image of ImageTokens
constexpr int ImageTileSide = 768;
constexpr int PdfPageTokens = 258;
constexpr int TextBytesPerToken = 4;

// Started seconds count in full: 1 ms of audio costs as much as a second.
qint64 audio(qint64 durationMs);
qint64 video(qint64 durationMs);
qint64 image(int width, int height);
qint64 pdf(int pageCount);
qint64 text(qint64 byteCount);

// The number of pages of a PDF, from a bounded scan of its bytes (the root page tree's /Count, else
// the /Type /Page objects); -1 when none is found (e.g. compressed object streams). The device must
// be open; its position is restored.
int pdfPageCount(QIODevice *device);

// "≈ 6,560 tokens", in the default locale.
QString label(qint64 tokens);

} // namespace TokenEstimate
