#include "attachmentchip.h"

#include "chat/tokenestimate.h"
#include "platform/audioplayer.h"
#include "themecolors.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLocale>
#include <QMimeDatabase>
#include <QPainter>
#include <QPixmap>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int NameWidth = 180; // the name is elided beyond this

QIcon themedIcon(const QString &name, const QString &generic, QStyle::StandardPixmap fallback, const QStyle *style)
{
    if (!name.isEmpty() && QIcon::hasThemeIcon(name))
        return QIcon::fromTheme(name);
    if (!generic.isEmpty() && QIcon::hasThemeIcon(generic))
        return QIcon::fromTheme(generic);
    return style->standardIcon(fallback);
}

QIcon kindIcon(const AttachmentChip::Details &d, const QStyle *style)
{
    if (!d.error.isEmpty())
        return themedIcon(u"dialog-error"_s, {}, QStyle::SP_MessageBoxWarning, style);
    const QMimeType type = QMimeDatabase().mimeTypeForName(d.mimeType);
    const QString name = type.isValid() ? type.iconName() : QString();
    const QString generic = type.isValid() ? type.genericIconName() : QString();
    switch (d.kind) {
    case AttachmentChip::Kind::Image:
        return themedIcon(name, u"image-x-generic"_s, QStyle::SP_FileIcon, style);
    case AttachmentChip::Kind::Audio:
        return themedIcon(name, u"audio-x-generic"_s, QStyle::SP_MediaVolume, style);
    case AttachmentChip::Kind::Video:
        return themedIcon(name, u"video-x-generic"_s, QStyle::SP_FileIcon, style);
    case AttachmentChip::Kind::Document:
        return themedIcon(name, u"x-office-document"_s, QStyle::SP_FileIcon, style);
    case AttachmentChip::Kind::Text:
        return themedIcon(name, u"text-x-generic"_s, QStyle::SP_FileIcon, style);
    case AttachmentChip::Kind::Unknown:
        break;
    }
    return themedIcon(name, generic, QStyle::SP_FileIcon, style);
}

QLabel *detailLabel(const char *objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1StringView(objectName));
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    label->setFont(font);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->hide();
    return label;
}

void setShown(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

} // namespace

AttachmentChip::AttachmentChip(const Attachment &attachment, const Details &details, QWidget *parent)
    : QFrame(parent)
    , m_attachment(attachment)
    , m_details(details)
{
    setObjectName(u"attachmentChip"_s);
    setMaximumWidth(MaximumWidth);
    setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    setAttribute(Qt::WA_Hover);

    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(6, 4, 2, 4);
    row->setSpacing(6);

    const bool playable = m_details.kind == Kind::Audio && m_details.error.isEmpty() && !m_attachment.path.isEmpty();
    if (playable) {
        m_playButton = new QToolButton(this);
        m_playButton->setObjectName(u"playButton"_s);
        m_playButton->setAutoRaise(true);
        m_playButton->setIconSize(QSize(24, 24));
        m_playButton->hide(); // until a player is set
        connect(m_playButton, &QToolButton::clicked, this, &AttachmentChip::togglePlayback);
        row->addWidget(m_playButton);
    }

    m_icon = new QLabel(this);
    m_icon->setAlignment(Qt::AlignCenter);
    if (!m_details.thumbnail.isNull() && m_details.error.isEmpty()) {
        m_icon->setObjectName(u"thumbnail"_s);
        QPixmap pixmap = QPixmap::fromImage(m_details.thumbnail);
        const qreal dpr = std::max<qreal>(1.0, qreal(pixmap.height()) / ThumbnailHeight);
        pixmap.setDevicePixelRatio(dpr);
        m_icon->setPixmap(pixmap);
    } else {
        m_icon->setObjectName(u"icon"_s);
        m_icon->setPixmap(kindIcon(m_details, style()).pixmap(QSize(32, 32), devicePixelRatioF()));
        m_icon->setFixedSize(ThumbnailHeight, ThumbnailHeight);
    }
    row->addWidget(m_icon);

    auto *text = new QVBoxLayout;
    text->setSpacing(1);
    m_nameLabel = new QLabel(this);
    m_nameLabel->setObjectName(u"nameLabel"_s);
    m_nameLabel->setText(m_nameLabel->fontMetrics().elidedText(m_details.name, Qt::ElideMiddle, NameWidth));
    text->addWidget(m_nameLabel);

    auto *facts = new QHBoxLayout;
    facts->setSpacing(8);
    m_durationLabel = detailLabel("durationLabel", this);
    m_formatLabel = detailLabel("formatLabel", this);
    m_tokenLabel = detailLabel("tokenLabel", this);
    m_sizeLabel = detailLabel("sizeLabel", this);
    m_progressLabel = detailLabel("progressLabel", this);
    for (QLabel *label : {m_durationLabel, m_formatLabel, m_tokenLabel, m_sizeLabel, m_progressLabel})
        facts->addWidget(label);
    facts->addStretch(1);
    text->addLayout(facts);

    m_errorLabel = detailLabel("errorLabel", this);
    m_errorLabel->setForegroundRole(QPalette::WindowText);
    text->addWidget(m_errorLabel);

    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(u"uploadProgress"_s);
    m_progressBar->setRange(0, 100);
    m_progressBar->setTextVisible(false);
    m_progressBar->setFixedHeight(4);
    m_progressBar->hide();
    text->addWidget(m_progressBar);
    row->addLayout(text, 1);

    m_removeButton = new QToolButton(this);
    m_removeButton->setObjectName(u"removeButton"_s);
    m_removeButton->setAutoRaise(true);
    m_removeButton->setIcon(themedIcon(u"window-close"_s, u"edit-delete"_s, QStyle::SP_TitleBarCloseButton, style()));
    m_removeButton->setToolTip(tr("Remove"));
    m_removeButton->setAccessibleName(tr("Remove %1").arg(m_details.name));
    connect(m_removeButton, &QToolButton::clicked, this, &AttachmentChip::removeRequested);
    row->addWidget(m_removeButton, 0, Qt::AlignTop);

    if (m_details.kind == Kind::Audio && m_details.error.isEmpty()) {
        setShown(m_formatLabel, m_details.format);
        updateDurationLabel();
    }
    if (m_details.tokens > 0)
        setShown(m_tokenLabel, TokenEstimate::label(m_details.tokens));
    if (m_details.size >= 0)
        setShown(m_sizeLabel, sizeText(m_details.size));
    setAccessibleName(tr("Attachment %1").arg(m_details.name));
    updateErrorState();
}

AttachmentChip::~AttachmentChip() = default;

QString AttachmentChip::errorText() const
{
    return m_details.error.isEmpty() ? m_overLimit : m_details.error;
}

QString AttachmentChip::errorDetail() const
{
    if (!m_details.error.isEmpty())
        return m_details.errorDetail.isEmpty() ? m_details.error : m_details.errorDetail;
    return m_overLimit;
}

void AttachmentChip::setOverLimit(const QString &reason)
{
    if (reason == m_overLimit)
        return;
    m_overLimit = reason;
    updateErrorState();
}

void AttachmentChip::setProgress(qint64 sent, qint64 total)
{
    if (total <= 0) {
        m_percent = -1;
        m_progressBar->hide();
        setShown(m_progressLabel, {});
        return;
    }
    sent = std::clamp<qint64>(sent, 0, total);
    m_percent = int(sent * 100 / total);
    m_progressBar->setValue(m_percent);
    m_progressBar->show();
    //: upload progress of one attachment
    setShown(m_progressLabel, tr("%L1%").arg(m_percent));
    m_progressBar->setAccessibleName(tr("Uploading %1").arg(m_details.name));
}

void AttachmentChip::setLocked(bool locked)
{
    m_locked = locked;
    m_removeButton->setEnabled(!locked);
}

void AttachmentChip::setAudioPlayer(AudioPlayer *player, bool outputAvailable)
{
    if (!m_playButton) {
        delete player;
        return;
    }
    delete m_player;
    m_player = player;
    m_outputAvailable = outputAvailable;
    if (m_player) {
        m_player->setParent(this);
        m_player->setSource(m_attachment.path);
        connect(m_player, &AudioPlayer::playingChanged, this, [this](bool playing) {
            if (playing)
                m_playerError.clear();
            updatePlayButton();
            if (!playing)
                updateDurationLabel();
            Q_EMIT playingChanged(playing);
        });
        connect(m_player, &AudioPlayer::positionChanged, this, [this](qint64 ms) {
            if (m_player && m_player->isPlaying())
                updateDurationLabel(ms);
        });
        connect(m_player, &AudioPlayer::errorOccurred, this, [this](const QString &message) {
            m_playerError = message;
            updatePlayButton();
        });
    }
    updatePlayButton();
}

void AttachmentChip::setOutputAvailable(bool available)
{
    m_outputAvailable = available;
    if (!available && m_player && m_player->isPlaying())
        m_player->pause();
    updatePlayButton();
}

void AttachmentChip::togglePlayback()
{
    if (!m_player)
        return;
    if (m_player->isPlaying())
        m_player->pause();
    else
        m_player->play();
}

void AttachmentChip::updatePlayButton()
{
    if (!m_playButton)
        return;
    m_playButton->setVisible(m_player != nullptr);
    m_icon->setVisible(m_player == nullptr);
    if (!m_player)
        return;
    const bool playing = m_player->isPlaying();
    m_playButton->setIcon(playing ? themedIcon(u"media-playback-pause"_s, {}, QStyle::SP_MediaPause, style())
                                  : themedIcon(u"media-playback-start"_s, {}, QStyle::SP_MediaPlay, style()));
    m_playButton->setAccessibleName(playing ? tr("Pause %1").arg(m_details.name) : tr("Play %1").arg(m_details.name));
    m_playButton->setEnabled(m_outputAvailable);
    if (!m_outputAvailable)
        m_playButton->setToolTip(tr("No audio output device is available."));
    else if (!m_playerError.isEmpty())
        m_playButton->setToolTip(m_playerError);
    else
        m_playButton->setToolTip(playing ? tr("Pause") : tr("Play"));
}

void AttachmentChip::updateDurationLabel(qint64 positionMs)
{
    if (m_details.kind != Kind::Audio || !m_details.error.isEmpty())
        return;
    if (m_details.durationMs < 0) {
        setShown(m_durationLabel, tr("duration unknown"));
        m_durationLabel->setToolTip(m_details.durationProblem);
        return;
    }
    if (positionMs >= 0) {
        //: playback position / duration of an audio attachment
        setShown(m_durationLabel, tr("%1 / %2").arg(durationText(positionMs), durationText(m_details.durationMs)));
        return;
    }
    setShown(m_durationLabel, durationText(m_details.durationMs));
}

void AttachmentChip::updateErrorState()
{
    const QString error = errorText();
    setShown(m_errorLabel, error);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, ThemeColors::error(palette()));
    m_errorLabel->setPalette(errorPalette);

    QStringList tip {m_details.name};
    if (!m_details.location.isEmpty() && m_details.location != m_details.name)
        tip.append(m_details.location);
    if (!m_details.durationProblem.isEmpty() && error.isEmpty())
        tip.append(m_details.durationProblem);
    if (!error.isEmpty())
        tip.append(errorDetail());
    setToolTip(tip.join(u'\n'));

    QStringList description;
    for (const QLabel *label : {m_durationLabel, m_formatLabel, m_tokenLabel, m_sizeLabel}) {
        if (!label->text().isEmpty())
            description.append(label->text());
    }
    if (!error.isEmpty())
        description.append(errorDetail());
    setAccessibleDescription(description.join(u", "_s));
    update();
}

QString AttachmentChip::durationText(qint64 ms)
{
    if (ms < 0)
        return {};
    qint64 seconds = (ms + 500) / 1000;
    if (seconds == 0 && ms > 0)
        seconds = 1; // a short clip is not "0:00"
    const qint64 hours = seconds / 3600;
    const qint64 minutes = seconds / 60 % 60;
    const qint64 secs = seconds % 60;
    if (hours > 0)
        return u"%1:%2:%3"_s.arg(hours).arg(minutes, 2, 10, QChar(u'0')).arg(secs, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(minutes).arg(secs, 2, 10, QChar(u'0'));
}

QString AttachmentChip::sizeText(qint64 bytes)
{
    // Decimal units, as file managers show them.
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

QColor AttachmentChip::borderColor() const
{
    if (hasError())
        return ThemeColors::error(palette());
    return underMouse() ? palette().color(QPalette::Highlight) : palette().color(QPalette::Mid);
}

void AttachmentChip::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event)
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF box = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    painter.setPen(QPen(borderColor(), hasError() ? 1.5 : 1.0));
    painter.setBrush(palette().color(QPalette::Base));
    painter.drawRoundedRect(box, 6, 6);
}

void AttachmentChip::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (m_errorLabel && (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange))
        updateErrorState();
}
