#include "filesformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QString fixed(double value, int decimals)
{
    return QLocale::c().toString(value, 'f', decimals);
}

// Cells padded to their column's width, two spaces apart, no trailing blanks.
QString table(const QStringList &headers, const QList<QStringList> &rows, const QList<bool> &rightAligned)
{
    QList<qsizetype> widths;
    for (const QString &h : headers)
        widths.append(h.size());
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    auto line = [&](const QStringList &cells) -> QString {
        QString out;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const QString cell
                = rightAligned.value(i) ? cells.at(i).rightJustified(widths[i]) : cells.at(i).leftJustified(widths[i]);
            out += (i ? u"  "_s : QString()) + cell;
        }
        while (out.endsWith(u' '))
            out.chop(1);
        return out + u'\n';
    };
    QString out = line(headers);
    for (const QStringList &row : rows)
        out += line(row);
    return out;
}

QString timestamp(const QDateTime &dt)
{
    return dt.toUTC().toString(u"yyyy-MM-dd HH:mm:ss"_s) + u" UTC"_s;
}

} // namespace

QString FilesFormat::bytes(qint64 bytes)
{
    if (bytes < 1000)
        return tr("%1 B").arg(bytes);
    if (bytes < 1000 * 1000)
        return tr("%1 kB").arg(fixed(double(bytes) / 1e3, 1));
    if (bytes < 1000LL * 1000 * 1000)
        return tr("%1 MB").arg(fixed(double(bytes) / 1e6, 1));
    return tr("%1 GB").arg(fixed(double(bytes) / 1e9, 1));
}

QString FilesFormat::rate(double bytesPerSecond)
{
    return bytes(qint64(std::llround(std::max(0.0, bytesPerSecond)))) + tr("/s");
}

QString FilesFormat::expiresIn(qint64 ms)
{
    const qint64 minutes = std::max<qint64>(0, ms) / 60000;
    if (minutes < 1)
        return tr("< 1 min");
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

QString FilesFormat::eta(qint64 ms)
{
    const qint64 seconds = (std::max<qint64>(0, ms) + 999) / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'));
}

QString FilesFormat::elapsed(qint64 ms)
{
    if (ms < 10000)
        return tr("%1 s").arg(fixed(double(std::max<qint64>(0, ms)) / 1000.0, 1));
    return eta(ms);
}

QString FilesFormat::filesTable(const QList<RemoteFile> &files, const QDateTime &now)
{
    const QStringList headers {
        tr("NAME"), tr("DISPLAY NAME"), tr("MIME TYPE"), tr("SIZE"), tr("STATE"), tr("EXPIRES IN")};
    QList<QStringList> rows;
    rows.reserve(files.size());
    for (const RemoteFile &f : files) {
        const std::optional<qint64> left = f.msUntilExpiry(now);
        QString displayName = f.displayName;
        // A name is a cell: line breaks and tabs would break the table.
        displayName.replace(u'\n', u' ').replace(u'\r', u' ').replace(u'\t', u' ');
        rows.append({f.name, displayName, f.mimeType, bytes(f.sizeBytes), RemoteFile::stateName(f.state),
            left ? expiresIn(*left) : tr("unknown")});
    }
    return table(headers, rows, {false, false, false, true, false, true});
}

QString FilesFormat::quotaLine(int fileCount, qint64 totalBytes, qint64 quotaBytes)
{
    const int share = quotaBytes > 0 ? int(std::lround(100.0 * double(totalBytes) / double(quotaBytes))) : 0;
    const QString count = fileCount == 1 ? tr("1 file") : tr("%1 files").arg(fileCount);
    return tr("%1, %2 of the %3 project quota (%4%).").arg(count, bytes(totalBytes), bytes(quotaBytes)).arg(share);
}

QString FilesFormat::fileDetails(const RemoteFile &f, const QDateTime &now)
{
    QList<std::pair<QString, QString>> lines;
    lines.append({tr("name"), f.name});
    if (!f.displayName.isEmpty())
        lines.append({tr("display name"), f.displayName});
    if (!f.uri.isEmpty())
        lines.append({tr("uri"), f.uri});
    if (!f.downloadUri.isEmpty())
        lines.append({tr("download uri"), f.downloadUri});
    lines.append({tr("mime type"), f.mimeType});
    lines.append({tr("size"), tr("%1 (%2 bytes)").arg(bytes(f.sizeBytes)).arg(f.sizeBytes)});
    lines.append({tr("state"), RemoteFile::stateName(f.state)});
    if (f.state == RemoteFile::State::Failed || !f.errorMessage.isEmpty())
        lines.append({tr("error"), f.errorMessage.isEmpty() ? tr("(no reason given)") : f.errorMessage});
    if (f.source != RemoteFile::Source::Unspecified)
        lines.append({tr("source"), RemoteFile::sourceName(f.source)});
    if (f.createTime.isValid())
        lines.append({tr("created"), timestamp(f.createTime)});
    if (f.updateTime.isValid())
        lines.append({tr("updated"), timestamp(f.updateTime)});
    if (f.expirationTime.isValid()) {
        const qint64 left = f.msUntilExpiry(now).value_or(0);
        lines.append({tr("expires"),
            timestamp(f.expirationTime) + u' ' + (left > 0 ? tr("(in %1)").arg(expiresIn(left)) : tr("(expired)"))});
    }
    if (const QByteArray sha = f.sha256Hex(); !sha.isEmpty())
        lines.append({tr("sha256"), QString::fromLatin1(sha)});
    if (f.videoDurationMs)
        lines.append({tr("video duration"), eta(*f.videoDurationMs)});
    if (!f.videoThumbnail.isEmpty())
        lines.append({tr("video thumbnail"), tr("%1 (JPEG)").arg(bytes(f.videoThumbnail.size()))});

    // One column for the values whatever the file has, so scripts can cut it at a fixed place.
    constexpr qsizetype ValueColumn = 18; // "video thumbnail:" and two spaces
    QString out;
    for (const auto &[label, value] : std::as_const(lines))
        out += QString(label + u':').leftJustified(ValueColumn) + value + u'\n';
    return out;
}

QByteArray FilesFormat::fileJson(const RemoteFile &file)
{
    return QJsonDocument(file.toJson()).toJson(QJsonDocument::Indented);
}

QByteArray FilesFormat::filesJson(const QList<RemoteFile> &files, qint64 quotaBytes)
{
    QJsonArray list;
    qint64 total = 0;
    for (const RemoteFile &f : files) {
        list.append(f.toJson());
        total += f.sizeBytes;
    }
    const QJsonObject root {
        {"files"_L1, list},
        {"fileCount"_L1, qint64(files.size())},
        {"totalBytes"_L1, total},
        {"quotaBytes"_L1, quotaBytes},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString FilesFormat::fileLine(const RemoteFile &file)
{
    return file.uri.isEmpty() ? file.name : file.name + u' ' + file.uri;
}

QString FilesFormat::unknownFile(const QString &name)
{
    return tr("There is no file %1 (or it is not yours): files expire 48 hours after the upload, and may have been "
              "deleted. “alhena-cli files list” shows the files there are.")
        .arg(name);
}

int FilesFormat::percent(qint64 sent, qint64 total)
{
    if (total <= 0)
        return sent > 0 ? 100 : 0;
    if (sent >= total)
        return 100;
    return int(std::clamp<qint64>(sent * 100 / total, 0, 99));
}

QString FilesFormat::progressBar(
    const QString &name, qint64 sent, qint64 total, double bytesPerSecond, std::optional<qint64> msRemaining, int width)
{
    const int pct = percent(sent, total);
    QString tail = u' ' + bytes(sent) + u" / "_s + bytes(total);
    if (bytesPerSecond > 0)
        tail += u"  "_s + rate(bytesPerSecond);
    if (msRemaining && sent < total)
        tail += u"  "_s + tr("%1 left").arg(eta(*msRemaining));
    const QString percentText = QString::number(pct).rightJustified(3) + u'%';

    // Room for the name and the bar: the bar gets 10 to 30 cells, the name what remains (at least 8).
    const int fixedWidth = int(percentText.size() + tail.size()) + 2 /*gaps*/ + 3 /*[ ] and gap*/;
    int barCells = std::clamp(width - fixedWidth - int(name.size()), 10, 30);
    int nameRoom = width - fixedWidth - barCells;
    if (nameRoom < 8) {
        barCells = std::max(0, barCells - (8 - nameRoom));
        nameRoom = 8;
    }
    QString shownName = name;
    if (shownName.size() > nameRoom)
        shownName = shownName.left(std::max(1, nameRoom - 1)) + u'…';

    QString out = shownName + u"  "_s + percentText;
    if (barCells > 0) {
        const int filled = total > 0 ? int(std::min<qint64>(barCells, sent * barCells / total)) : 0;
        out += u" ["_s + QString(filled, u'#') + QString(barCells - filled, u' ') + u']';
    }
    out += tail;
    if (width > 0 && out.size() > width)
        out.truncate(width);
    return out;
}

QString FilesFormat::progressLine(
    const QString &name, qint64 sent, qint64 total, double bytesPerSecond, std::optional<qint64> msRemaining)
{
    QString details = tr("%1 of %2").arg(bytes(sent), bytes(total));
    if (bytesPerSecond > 0)
        details += u", "_s + rate(bytesPerSecond);
    if (msRemaining && sent < total)
        details += u", "_s + tr("%1 left").arg(eta(*msRemaining));
    return tr("%1: %2% (%3)").arg(name).arg(percent(sent, total)).arg(details);
}
