#pragma once

#include "api/remotefile.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// What `alhena-cli files` prints: sizes, durations, the files table, one file's details, the JSON
// forms and the upload progress line. Pure functions, no I/O (like CliFormat).
class FilesFormat final
{
    Q_DECLARE_TR_FUNCTIONS(FilesFormat)

public:
    // Decimal units, as the Files API's limits are stated: "512 B", "889.4 kB", "41.8 MB", "1.2 GB".
    static QString bytes(qint64 bytes);
    // "8.2 MB/s"
    static QString rate(double bytesPerSecond);
    // Time left before a file expires, to the minute: "47 h 12 min", "12 min", "< 1 min".
    static QString expiresIn(qint64 ms);
    // An estimate of time left, to the second: "3 s", "2 min 05 s", "1 h 03 min".
    static QString eta(qint64 ms);
    // How long something took: "0.4 s", "3.2 s", then as eta() from 10 s on.
    static QString elapsed(qint64 ms);

    // NAME, DISPLAY NAME, MIME TYPE, SIZE, STATE, EXPIRES IN; one row per file, then nothing else.
    static QString filesTable(const QList<RemoteFile> &files, const QDateTime &now);
    // "3 files, 1.2 GB of the 20.0 GB project quota (6%)."
    static QString quotaLine(int fileCount, qint64 totalBytes, qint64 quotaBytes);
    // One "label: value" line per known field of the file.
    static QString fileDetails(const RemoteFile &file, const QDateTime &now);
    // The File resource as the API writes it (files.get), indented, with a final newline.
    static QByteArray fileJson(const RemoteFile &file);
    // {"files": [File...], "fileCount": N, "totalBytes": N, "quotaBytes": N}, indented.
    static QByteArray filesJson(const QList<RemoteFile> &files, qint64 quotaBytes);
    // What `files upload` and `files wait` print on stdout for a file: "files/abc123 <uri>".
    static QString fileLine(const RemoteFile &file);
    // Why the server does not know a file (it answers 403 for a file that is missing, expired or not yours).
    static QString unknownFile(const QString &name);

    // The progress bar of an upload for a terminal, at most `width` characters:
    // "talk.mp3  42% [########            ] 12.3 MB / 29.1 MB  8.2 MB/s  2 s left"
    static QString progressBar(const QString &name, qint64 sent, qint64 total, double bytesPerSecond,
        std::optional<qint64> msRemaining, int width);
    // The same as a plain line, for a log: "talk.mp3: 42% (12.3 MB of 29.1 MB, 8.2 MB/s, 2 s left)"
    static QString progressLine(
        const QString &name, qint64 sent, qint64 total, double bytesPerSecond, std::optional<qint64> msRemaining);
    // Whole percent, 0..100 (100 only when everything is sent).
    static int percent(qint64 sent, qint64 total);
};
