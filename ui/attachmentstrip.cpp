#include "attachmentstrip.h"

#include "audio/audioprobe.h"
#include "chat/tokenestimate.h"
#include "files/mediatypes.h"
#include "files/uploadsource.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QImageReader>
#include <QImageWriter>
#include <QLocale>
#include <QMimeData>
#include <QScrollArea>
#include <QScrollBar>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

using Kind = AttachmentChip::Kind;
using Details = AttachmentChip::Details;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(AttachmentStrip)
};

// Above this many pixels a thumbnail is not decoded (non-JPEG formats decode in full before
// scaling, and Qt's 256 MB allocation limit would call a valid photo unreadable).
constexpr qint64 MaxThumbnailSourcePixels = 40'000'000;
constexpr int MaxThumbnailWidth = 96;

Kind kindOf(const QString &mimeType)
{
    switch (MediaTypes::category(mimeType)) {
    case MediaTypes::Category::Image:
        return Kind::Image;
    case MediaTypes::Category::Audio:
        return Kind::Audio;
    case MediaTypes::Category::Video:
        return Kind::Video;
    case MediaTypes::Category::Document:
        return Kind::Document;
    case MediaTypes::Category::Text:
        return Kind::Text;
    case MediaTypes::Category::Unsupported:
        break;
    }
    return Kind::Unknown;
}

// The audio format from the media type, for when the probe cannot tell.
QString audioFormatOf(const QString &mimeType)
{
    if (mimeType == "audio/mpeg"_L1 || mimeType == "audio/mp3"_L1)
        return u"MP3"_s;
    const QString sub = mimeType.section(u'/', 1).toUpper();
    return sub;
}

// The short reason a file was refused, for the chip; UploadSource's sentence goes in the tooltip.
QString shortReason(const QString &path)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists())
        return Tr::tr("file not found");
    if (info.isDir())
        return Tr::tr("a folder, not a file");
    if (!info.isFile())
        return Tr::tr("not a regular file");
    if (!info.isReadable())
        return Tr::tr("cannot be read");
    if (info.size() == 0)
        return Tr::tr("empty file");
    if (info.size() > UploadSource::MaxBytes)
        return Tr::tr("larger than %1").arg(QLocale().formattedDataSize(UploadSource::MaxBytes, 0));
    return Tr::tr("this type cannot be sent");
}

// Fills what an image shows: its token estimate and thumbnail; an image Qt can decode but this one
// cannot is refused as corrupt. Formats Qt has no plugin for (HEIC often) pass undecoded: Gemini reads them.
void describeImage(QImageReader &reader, Details &d)
{
    const QByteArray mime = d.mimeType.toLatin1();
    if (!QImageReader::supportedMimeTypes().contains(mime))
        return;
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty()) {
        d.error = Tr::tr("corrupt or unreadable image");
        d.errorDetail = Tr::tr("%1 cannot be read as an image: %2").arg(d.name, reader.errorString());
        return;
    }
    d.tokens = TokenEstimate::image(size.width(), size.height());
    if (qint64(size.width()) * size.height() > MaxThumbnailSourcePixels)
        return;
    const qreal dpr = qGuiApp ? std::max<qreal>(1.0, qGuiApp->devicePixelRatio()) : 1.0;
    const int height = int(AttachmentChip::ThumbnailHeight * dpr);
    QSize scaled = size.scaled(int(MaxThumbnailWidth * dpr), height, Qt::KeepAspectRatio);
    if (size.height() <= scaled.height() && size.width() <= scaled.width())
        scaled = size; // never enlarge
    reader.setScaledSize(scaled.expandedTo(QSize(1, 1)));
    const QImage image = reader.read();
    if (image.isNull()) {
        d.error = Tr::tr("corrupt or unreadable image");
        d.errorDetail = Tr::tr("%1 cannot be read as an image: %2").arg(d.name, reader.errorString());
        return;
    }
    d.thumbnail = image;
}

void describeAudio(QIODevice *device, Details &d)
{
    const AudioInfo info = AudioProbe::probe(device);
    d.format = info.format.isEmpty() ? audioFormatOf(d.mimeType) : info.format;
    if (info.isValid()) {
        d.durationMs = info.durationMs;
        d.tokens = TokenEstimate::audio(info.durationMs);
    } else {
        // Not a refusal: Gemini may decode what this probe cannot.
        d.durationProblem = info.error;
    }
}

// Type-specific facts, read from an open device holding the content.
void describeContent(QIODevice *device, Details &d)
{
    switch (d.kind) {
    case Kind::Image: {
        QImageReader reader(device);
        describeImage(reader, d);
        break;
    }
    case Kind::Audio:
        describeAudio(device, d);
        break;
    case Kind::Document:
        if (d.mimeType == "application/pdf"_L1)
            d.tokens = TokenEstimate::pdf(TokenEstimate::pdfPageCount(device));
        break;
    case Kind::Text:
        d.tokens = TokenEstimate::text(d.size);
        break;
    case Kind::Video:
    case Kind::Unknown:
        break;
    }
    if (d.tokens <= 0)
        d.tokens = -1;
}

Details describeFile(const Attachment &a)
{
    Details d;
    const UploadSource source = UploadSource::inspect(a.path, a.mimeType, a.displayName);
    d.name = a.displayName.isEmpty() ? QFileInfo(a.path).fileName() : a.displayName;
    if (d.name.isEmpty())
        d.name = a.path;
    d.location = QDir::toNativeSeparators(source.path.isEmpty() ? a.path : source.path);
    if (!source.isValid()) {
        d.error = shortReason(a.path);
        d.errorDetail = source.error.userMessage();
        if (source.size > 0)
            d.size = source.size;
        return d;
    }
    d.size = source.size;
    d.mimeType = source.mimeType;
    d.kind = kindOf(source.mimeType);
    QFile file(source.path);
    if (!file.open(QIODevice::ReadOnly)) {
        d.error = Tr::tr("cannot be read");
        d.errorDetail = file.errorString();
        return d;
    }
    describeContent(&file, d);
    return d;
}

Details describeData(const Attachment &a)
{
    Details d;
    d.name = a.displayName.isEmpty() ? Tr::tr("Pasted data") : a.displayName;
    d.size = a.bytes.size();
    if (a.bytes.isEmpty()) {
        d.error = Tr::tr("empty");
        d.errorDetail = Tr::tr("%1 is empty: there is nothing to send.").arg(d.name);
        return d;
    }
    if (d.size > UploadSource::MaxBytes) {
        d.error = Tr::tr("larger than %1").arg(QLocale().formattedDataSize(UploadSource::MaxBytes, 0));
        d.errorDetail = d.error;
        return d;
    }
    const QString given = a.mimeType.trimmed();
    const QString detected = given.isEmpty() ? MediaTypes::detectData(a.bytes, a.displayName) : given;
    d.mimeType = MediaTypes::normalize(detected);
    if (d.mimeType.isEmpty()) {
        d.error = Tr::tr("this type cannot be sent");
        d.errorDetail
            = Tr::tr("%1 is of type %2, which Gemini does not accept. Accepted are:\n%3")
                  .arg(d.name, detected.isEmpty() ? Tr::tr("unknown") : detected, MediaTypes::acceptedSummary());
        return d;
    }
    d.kind = kindOf(d.mimeType);
    QBuffer buffer;
    buffer.setData(a.bytes);
    buffer.open(QIODevice::ReadOnly);
    describeContent(&buffer, d);
    return d;
}

QString sameFileKey(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

} // namespace

AttachmentStrip::AttachmentStrip(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"attachmentStrip"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(u"attachmentScroll"_s);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    m_row = new QWidget(m_scroll);
    m_row->setAutoFillBackground(false);
    m_rowLayout = new QHBoxLayout(m_row);
    m_rowLayout->setContentsMargins(0, 2, 0, 2);
    m_rowLayout->setSpacing(6);
    m_rowLayout->addStretch(1);
    m_scroll->setWidget(m_row);
    m_scroll->viewport()->setAutoFillBackground(false);
    layout->addWidget(m_scroll);

    setAccessibleName(tr("Attachments"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    hide();
}

AttachmentStrip::~AttachmentStrip() = default;

void AttachmentStrip::setAudioPlayerFactory(AudioPlayerFactory factory)
{
    m_playerFactory = std::move(factory);
    for (AttachmentChip *chip : std::as_const(m_chips)) {
        if (!chip->audioPlayer())
            attachPlayer(chip);
    }
}

void AttachmentStrip::setAudioOutputAvailable(bool available)
{
    m_outputAvailable = available;
    for (AttachmentChip *chip : std::as_const(m_chips)) {
        if (AudioPlayer *player = chip->audioPlayer())
            chip->setOutputAvailable(available && player->isOutputAvailable());
    }
}

void AttachmentStrip::attachPlayer(AttachmentChip *chip)
{
    if (!m_playerFactory || chip->details().kind != Kind::Audio || chip->hasError()
        || chip->attachment().path.isEmpty())
        return;
    AudioPlayer *player = m_playerFactory(chip);
    if (!player)
        return;
    chip->setAudioPlayer(player, m_outputAvailable && player->isOutputAvailable());
}

int AttachmentStrip::addFiles(const QStringList &paths)
{
    int added = 0;
    for (const QString &path : paths) {
        if (addFile(path))
            ++added;
    }
    return added;
}

bool AttachmentStrip::addFile(const QString &path, const QString &mimeType, const QString &displayName)
{
    if (m_locked || m_chips.size() >= MaxChips)
        return false;
    Attachment a;
    a.path = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    a.mimeType = mimeType;
    a.displayName = displayName;
    if (isDuplicate(a))
        return false;
    return addChip(a, describeFile(a));
}

bool AttachmentStrip::addImage(const QImage &image, const QString &name)
{
    if (image.isNull())
        return false;
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    if (!writer.write(image))
        return false;
    return addData(png, u"image/png"_s, name.isEmpty() ? tr("Pasted image.png") : name);
}

bool AttachmentStrip::addData(const QByteArray &bytes, const QString &mimeType, const QString &name)
{
    if (m_locked || m_chips.size() >= MaxChips)
        return false;
    Attachment a;
    a.bytes = bytes;
    a.mimeType = mimeType;
    a.displayName = name;
    const Details d = describeData(a);
    if (!d.mimeType.isEmpty())
        a.mimeType = d.mimeType;
    if (isDuplicate(a))
        return false;
    return addChip(a, d);
}

bool AttachmentStrip::canAccept(const QMimeData *mime)
{
    if (!mime)
        return false;
    if (mime->hasImage())
        return true;
    const QList<QUrl> urls = mime->urls();
    return std::any_of(urls.cbegin(), urls.cend(), [](const QUrl &url) { return url.isLocalFile(); });
}

int AttachmentStrip::addFromMimeData(const QMimeData *mime)
{
    if (!mime || m_locked)
        return 0;
    QStringList paths;
    QList<QUrl> remote;
    const QList<QUrl> urls = mime->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
        else
            remote.append(url);
    }
    int added = addFiles(paths);
    // A browser's dragged picture carries its web address and the image itself: take the image.
    if (paths.isEmpty() && mime->hasImage())
        return addImage(qvariant_cast<QImage>(mime->imageData())) ? 1 : 0;
    for (const QUrl &url : std::as_const(remote)) {
        if (addRefusedUrl(url))
            ++added;
    }
    return added;
}

bool AttachmentStrip::addRefusedUrl(const QUrl &url)
{
    if (m_chips.size() >= MaxChips)
        return false;
    Details d;
    d.name = url.fileName().isEmpty() ? url.toDisplayString() : url.fileName();
    d.location = url.toDisplayString();
    d.error = tr("not a local file");
    d.errorDetail = tr("%1 is not a file on this computer; only local files can be attached. Download it first.")
                        .arg(url.toDisplayString());
    return addChip(Attachment(), d);
}

bool AttachmentStrip::isDuplicate(const Attachment &attachment) const
{
    if (!attachment.path.isEmpty()) {
        const QString key = sameFileKey(attachment.path);
        return std::any_of(m_chips.cbegin(), m_chips.cend(), [&key](const AttachmentChip *chip) {
            return !chip->attachment().path.isEmpty() && sameFileKey(chip->attachment().path) == key;
        });
    }
    if (attachment.bytes.isEmpty())
        return false;
    return std::any_of(m_chips.cbegin(), m_chips.cend(), [&attachment](const AttachmentChip *chip) {
        return chip->attachment().path.isEmpty() && chip->attachment().bytes == attachment.bytes;
    });
}

bool AttachmentStrip::addChip(const Attachment &attachment, const AttachmentChip::Details &details)
{
    auto *chip = new AttachmentChip(attachment, details, m_row);
    chip->setLocked(m_locked);
    connect(chip, &AttachmentChip::removeRequested, this, [this, chip] { removeChip(chip); });
    connect(chip, &AttachmentChip::playingChanged, this, [this, chip](bool playing) {
        if (playing)
            pauseOthers(chip);
    });
    m_rowLayout->insertWidget(m_rowLayout->count() - 1, chip);
    m_chips.append(chip);
    attachPlayer(chip);
    refresh();
    return true;
}

void AttachmentStrip::removeChip(AttachmentChip *chip)
{
    if (m_locked || !m_chips.removeOne(chip))
        return;
    chip->hide();
    if (AudioPlayer *player = chip->audioPlayer())
        player->stop();
    chip->deleteLater(); // it is inside its remove button's click
    refresh();
}

void AttachmentStrip::pauseOthers(AttachmentChip *playing)
{
    for (AttachmentChip *chip : std::as_const(m_chips)) {
        AudioPlayer *player = chip->audioPlayer();
        if (chip != playing && player && player->isPlaying())
            player->pause();
    }
}

QList<Attachment> AttachmentStrip::attachments() const
{
    QList<Attachment> list;
    for (const AttachmentChip *chip : m_chips) {
        if (!chip->hasError())
            list.append(chip->attachment());
    }
    return list;
}

qint64 AttachmentStrip::estimatedTokens() const
{
    qint64 tokens = 0;
    for (const AttachmentChip *chip : m_chips) {
        if (!chip->hasError() && chip->details().tokens > 0)
            tokens += chip->details().tokens;
    }
    return tokens;
}

void AttachmentStrip::setAttachments(const QList<Attachment> &attachments)
{
    m_batch = true;
    const bool locked = m_locked;
    m_locked = false;
    clear();
    for (const Attachment &a : attachments) {
        if (!a.path.isEmpty())
            addFile(a.path, a.mimeType, a.displayName);
        else
            addData(a.bytes, a.mimeType, a.displayName);
    }
    m_batch = false;
    setLocked(locked);
    refresh();
}

bool AttachmentStrip::hasProblems() const
{
    return std::any_of(m_chips.cbegin(), m_chips.cend(), [](const AttachmentChip *chip) { return chip->hasError(); });
}

QString AttachmentStrip::problemSummary() const
{
    QStringList lines;
    for (const AttachmentChip *chip : m_chips) {
        if (chip->hasError())
            lines.append(tr("%1: %2").arg(chip->details().name, chip->errorText()));
    }
    return lines.join(u'\n');
}

void AttachmentStrip::setUploadProgress(int attachmentIndex, qint64 sent, qint64 total)
{
    int index = 0;
    for (AttachmentChip *chip : std::as_const(m_chips)) {
        if (chip->hasError())
            continue;
        if (index++ == attachmentIndex) {
            chip->setProgress(sent, total);
            return;
        }
    }
}

void AttachmentStrip::setLocked(bool locked)
{
    m_locked = locked;
    for (AttachmentChip *chip : std::as_const(m_chips))
        chip->setLocked(locked);
}

void AttachmentStrip::clear()
{
    if (m_chips.isEmpty())
        return;
    const QList<AttachmentChip *> chips = std::exchange(m_chips, {});
    for (AttachmentChip *chip : chips) {
        if (AudioPlayer *player = chip->audioPlayer())
            player->stop();
        chip->hide();
        chip->deleteLater();
    }
    refresh();
}

// After any change: which chips are over the per-message limit, the visibility and height, changed().
void AttachmentStrip::refresh()
{
    if (m_batch)
        return;
    int valid = 0;
    for (AttachmentChip *chip : std::as_const(m_chips)) {
        if (!chip->details().error.isEmpty())
            continue;
        if (valid < MaxAttachments) {
            chip->setOverLimit({});
            ++valid;
        } else {
            chip->setOverLimit(tr("over the limit of %1 attachments").arg(MaxAttachments));
        }
    }
    setVisible(!m_chips.isEmpty());
    int chipHeight = 0;
    for (const AttachmentChip *chip : std::as_const(m_chips))
        chipHeight = std::max(chipHeight, chip->sizeHint().height());
    const QMargins margins = m_rowLayout->contentsMargins();
    m_scroll->setFixedHeight(
        chipHeight + margins.top() + margins.bottom() + m_scroll->horizontalScrollBar()->sizeHint().height());
    Q_EMIT changed();
}
