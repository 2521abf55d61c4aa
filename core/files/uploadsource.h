#pragma once

#include "api/apierror.h"

#include <QDateTime>
#include <QString>

// A local file checked before anything is sent: it exists, is a readable regular file, is not empty,
// is at most 2 GiB, and has a type Gemini accepts (detected from content, or the caller's override,
// canonicalised by MediaTypes::normalize). A failed check is an ApiError of kind LocalFile whose
// message says what is wrong and, for a refused type, lists what is accepted.
struct UploadSource
{
    static constexpr qint64 MaxBytes = 2LL * 1024 * 1024 * 1024; // gemini-api.md §7.5

    QString path;        // absolute
    QString displayName; // the caller's, or the file name
    QString mimeType;    // canonical
    qint64 size = 0;
    QDateTime modified; // when inspected, to notice a file that changes during its upload
    ApiError error;     // LocalFile when the file cannot be sent

    bool isValid() const { return !error.isError(); }

    static UploadSource inspect(const QString &path, const QString &mimeOverride = {}, const QString &displayName = {});

    // Whether the file on disk still has the size and modification time seen by inspect(); sets
    // *why (a LocalFile error) when it does not.
    bool unchangedOnDisk(ApiError *why = nullptr) const;
};
