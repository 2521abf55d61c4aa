#pragma once

#include <QByteArray>
#include <QSet>
#include <QString>

// Attachments kept once by content: <folder>/<first two hex digits>/<sha256 hex>, with its length in
// "<sha256 hex>.size" beside it. A blob is written to a temporary file, synced and renamed into place,
// so a crash never leaves a half blob under a valid name; a blob whose length is not the recorded one
// (or has none) counts as absent and the next put() writes it again. Storing the same content twice
// writes it once. Thread-safe, including concurrent puts of the same content (files only); call
// collectGarbage() when no put() is in flight (at start), as a blob just put is not referenced yet.
class BlobCache final
{
public:
    explicit BlobCache(const QString &folder);

    QString folder() const { return m_folder; }

    // Stores the bytes; returns the lower-case hex SHA-256, or an empty string with *error.
    QString put(const QByteArray &bytes, QString *error = nullptr) const;
    // Stores a file's content, read in chunks (any size); as put().
    QString putFile(const QString &path, QString *error = nullptr) const;
    // The blob's file path when it is there (and its size matches what it was stored with), else empty.
    QString pathOf(const QString &sha256) const;
    bool contains(const QString &sha256) const { return !pathOf(sha256).isEmpty(); }
    QByteArray read(const QString &sha256) const; // empty when absent
    // Removes every blob not in `keep` and the temporary files of puts that never finished (older
    // than an hour); returns how many blobs were removed. Files and folders it did not make are left.
    int collectGarbage(const QSet<QString> &keep) const;

    static bool isValidHash(const QString &sha256);

private:
    QString m_folder;
};
