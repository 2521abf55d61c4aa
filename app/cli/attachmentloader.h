#pragma once

#include "api/part.h"

#include <QCoreApplication>
#include <QList>
#include <QMimeDatabase>
#include <QString>
#include <QStringList>

// Turns --attach files into inline parts (gemini-api.md §3.1 inlineData, §10 media types).
// The type is read from the file's content with QMimeDatabase; the name only refines plain text
// (a .py or .csv file). Refused, with the reason: a missing, unreadable, empty or non-regular file,
// a type Gemini does not take inline (the message lists the accepted ones), and a request whose inline
// data would exceed InlineLimitBytes (the Files API is for larger files; the CLI does not use it yet).
class AttachmentLoader final
{
    Q_DECLARE_TR_FUNCTIONS(AttachmentLoader)

public:
    // The classic inline request limit (gemini-api.md §7.5), counted on the base64 the request carries.
    static constexpr qint64 InlineLimitBytes = 20 * 1000 * 1000;

    // requestBytes: what the rest of the request (prompt, system instruction) already takes.
    explicit AttachmentLoader(qint64 requestBytes = 0);

    // Appends one inline part per file, in order; on the first problem returns false with *error set.
    bool load(const QStringList &paths, QList<Part> *parts, QString *error);

    // The MIME type to send for a detected type, or empty when Gemini does not take it inline.
    static QString wireMimeType(const QMimeType &type);
    // The accepted types, grouped, for help and error texts.
    static QString acceptedTypesText();

private:
    bool loadOne(const QString &path, QList<Part> *parts, QString *error);
    QMimeType detect(const QString &path, const QByteArray &bytes) const;

    QMimeDatabase m_mimeDatabase;
    qint64 m_requestBytes;
};
