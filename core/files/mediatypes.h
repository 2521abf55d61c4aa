#pragma once

#include <QString>
#include <QStringList>

// The media types Gemini accepts in a request (gemini-api.md §10), and how a local file's type is
// found: from its content (QMimeDatabase), never from the name alone.
namespace MediaTypes {

enum class Category {
    Unsupported,
    Image,
    Audio,
    Video,
    Document,
    Text
};

// Every type Gemini accepts, in the canonical spelling it expects ("audio/wav", "application/pdf").
QStringList accepted();
// The accepted types, one line per category, for an error message ("Audio: wav, mp3, …").
QString acceptedSummary();

// The canonical spelling of an accepted type ("audio/x-wav" -> "audio/wav", "audio/mpeg" stays,
// "audio/x-flac" -> "audio/flac"); any text type (source code, JSON, markdown...) that Gemini has no
// name for becomes "text/plain". Empty when Gemini does not accept the type.
QString normalize(const QString &mimeType);
bool isAccepted(const QString &mimeType);
Category category(const QString &mimeType);

// The type of a local file from its content, falling back to its name; "" when unreadable.
QString detect(const QString &path);
// The type of some bytes (pasted data), with an optional file name as a hint.
QString detectData(const QByteArray &bytes, const QString &fileNameHint = {});

} // namespace MediaTypes
