#include "attachmentchip.h"
#include "attachmentstrip.h"
#include "platform/audioplayer.h"
#include "support/samplefiles.h"

#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

// The AudioPlayer interface without Qt Multimedia (never constructed in tests, qt-house-style.md §3(e)).
class FakeAudioPlayer final : public AudioPlayer
{
    Q_OBJECT

public:
    explicit FakeAudioPlayer(bool output, QObject *parent)
        : AudioPlayer(parent)
        , m_output(output)
    { }

    void setSource(const QString &path) override { source = path; }
    void play() override
    {
        ++plays;
        setPlaying(true);
    }
    void pause() override
    {
        ++pauses;
        setPlaying(false);
    }
    void stop() override
    {
        ++stops;
        setPlaying(false);
    }
    bool isPlaying() const override { return m_playing; }
    qint64 position() const override { return 0; }
    qint64 duration() const override { return 0; }
    bool isOutputAvailable() const override { return m_output; }

    QString source;
    int plays = 0;
    int pauses = 0;
    int stops = 0;

private:
    void setPlaying(bool playing)
    {
        if (playing == m_playing)
            return;
        m_playing = playing;
        Q_EMIT playingChanged(playing);
    }

    bool m_output;
    bool m_playing = false;
};

using SampleFiles::pdfBytes;
using SampleFiles::wavBytes;
const auto le = SampleFiles::littleEndian;

QByteArray corruptPng()
{
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + SampleFiles::randomBytes(300, 11);
}

template<typename T> T *part(const AttachmentChip *chip, const char *name)
{
    return chip->findChild<T *>(QLatin1StringView(name));
}

QString labelText(const AttachmentChip *chip, const char *name)
{
    const QLabel *label = part<QLabel>(chip, name);
    return label && !label->isHidden() ? label->text() : QString();
}

} // namespace

class tst_AttachmentStrip final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void startsHiddenAndEmpty();
    void pngChip();
    void wavChip();
    void pdfChip();
    void largeFileSize();
    void refused_data();
    void refused();
    void audioWithoutDurationIsNotRefused();
    void removeButton();
    void duplicatesAreIgnored();
    void tooManyAttachments();
    void mimeDataImage();
    void mimeDataFiles();
    void mimeDataRemoteUrl();
    void pastedData();
    void uploadProgress();
    void playButtonDrivesThePlayer();
    void onlyOnePlaysAtATime();
    void noOutputDisablesPlay_data();
    void noOutputDisablesPlay();
    void noFactoryNoPlayButton();
    void attachmentsAreValidOnesInOrder();
    void setAttachmentsRestores();
    void lockedStripRefusesChanges();

private:
    QString file(const QString &name, const QByteArray &bytes) { return SampleFiles::writeFile(*m_dir, name, bytes); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_AttachmentStrip::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_AttachmentStrip::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_AttachmentStrip::startsHiddenAndEmpty()
{
    QWidget window;
    auto *strip = new AttachmentStrip(&window);
    window.show();
    QVERIFY(strip->isHidden());
    QVERIFY(strip->isEmpty());
    QCOMPARE(strip->count(), 0);
    QVERIFY(!strip->hasProblems());
    QVERIFY(strip->attachments().isEmpty());
}

void tst_AttachmentStrip::pngChip()
{
    QWidget window;
    auto *strip = new AttachmentStrip(&window);
    window.show();
    QSignalSpy changed(strip, &AttachmentStrip::changed);
    const QByteArray png = SampleFiles::tinyPng();
    QCOMPARE(strip->addFiles({file(u"pic.png"_s, png)}), 1);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!strip->isHidden());
    QCOMPARE(strip->count(), 1);

    const AttachmentChip *chip = strip->chips().constFirst();
    QVERIFY(!chip->hasError());
    const QLabel *thumbnail = part<QLabel>(chip, "thumbnail");
    QVERIFY(thumbnail);
    QVERIFY(!thumbnail->pixmap().isNull());
    QCOMPARE(labelText(chip, "nameLabel"), u"pic.png"_s);
    QCOMPARE(labelText(chip, "sizeLabel"), u"%1 bytes"_s.arg(png.size()));
    QCOMPARE(labelText(chip, "tokenLabel"), u"≈ 258 tokens"_s);
    QCOMPARE(labelText(chip, "errorLabel"), QString());
    QVERIFY(!part<QToolButton>(chip, "playButton"));
    QVERIFY(!chip->accessibleName().isEmpty());
    QCOMPARE(strip->attachments().size(), 1);
    QCOMPARE(strip->attachments().constFirst().path, QFileInfo(m_dir->filePath(u"pic.png"_s)).absoluteFilePath());
}

void tst_AttachmentStrip::wavChip()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QCOMPARE(strip.addFiles({file(u"voice.wav"_s, wavBytes(16000, 1000))}), 1);
    const AttachmentChip *chip = strip.chips().constFirst();
    QVERIFY(!chip->hasError());
    QCOMPARE(labelText(chip, "durationLabel"), u"0:01"_s);
    QCOMPARE(labelText(chip, "formatLabel"), u"WAV"_s);
    QCOMPARE(labelText(chip, "tokenLabel"), u"≈ 32 tokens"_s);
    QCOMPARE(labelText(chip, "sizeLabel"), u"32.0 kB"_s); // 32,044 bytes, decimal units
    QCOMPARE(chip->details().kind, AttachmentChip::Kind::Audio);
}

void tst_AttachmentStrip::pdfChip()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QCOMPARE(strip.addFiles({file(u"paper.pdf"_s, pdfBytes(3))}), 1);
    const AttachmentChip *chip = strip.chips().constFirst();
    QVERIFY(!chip->hasError());
    const QLabel *icon = part<QLabel>(chip, "icon");
    QVERIFY(icon);
    QVERIFY(!icon->pixmap().isNull());
    QVERIFY(!part<QLabel>(chip, "thumbnail"));
    QCOMPARE(labelText(chip, "tokenLabel"), u"≈ 774 tokens"_s);
    QCOMPARE(labelText(chip, "durationLabel"), QString());
    QCOMPARE(chip->details().mimeType, u"application/pdf"_s);
}

void tst_AttachmentStrip::largeFileSize()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QCOMPARE(strip.addFiles({file(u"notes.txt"_s, SampleFiles::textBytes(1234567))}), 1);
    const AttachmentChip *chip = strip.chips().constFirst();
    QCOMPARE(labelText(chip, "sizeLabel"), u"1.2 MB"_s);
    QCOMPARE(labelText(chip, "tokenLabel"), u"≈ 308,642 tokens"_s);
}

void tst_AttachmentStrip::refused_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("detailPart"); // in the tooltip

    QTest::newRow("corrupt png") << u"corrupt"_s << u"broken.png"_s << u"corrupt or unreadable image"_s
                                 << u"cannot be read as an image"_s;
    QTest::newRow("empty file") << u"empty"_s << u"empty.txt"_s << u"empty file"_s << u"is empty"_s;
    QTest::newRow("missing file") << u"missing"_s << u"gone.pdf"_s << u"file not found"_s << u"does not exist"_s;
    QTest::newRow("folder") << u"folder"_s << u"folder"_s << u"a folder, not a file"_s << u"is a folder"_s;
    QTest::newRow("unsupported type") << u"exe"_s << u"notes.exe"_s << u"this type cannot be sent"_s
                                      << u"Accepted are"_s;
}

void tst_AttachmentStrip::refused()
{
    QFETCH(QString, setup);
    QFETCH(QString, name);
    QFETCH(QString, reason);
    QFETCH(QString, detailPart);

    QString path = m_dir->filePath(name);
    if (setup == "corrupt"_L1)
        file(name, corruptPng());
    else if (setup == "empty"_L1)
        file(name, {});
    else if (setup == "folder"_L1)
        QVERIFY(QDir(m_dir->path()).mkdir(name));
    else if (setup == "exe"_L1)
        file(name, QByteArray("MZ\x90\x00\x03\x00\x00\x00\x04\x00", 10) + SampleFiles::randomBytes(2000, 3));

    QWidget window;
    auto *strip = new AttachmentStrip(&window);
    window.show();
    QSignalSpy changed(strip, &AttachmentStrip::changed);
    QCOMPARE(strip->addFiles({path}), 1); // added, as an error chip
    QCOMPARE(changed.count(), 1);
    QCOMPARE(strip->count(), 1);
    QVERIFY(!strip->isHidden());
    QVERIFY(strip->attachments().isEmpty());
    QVERIFY(strip->hasProblems());
    QCOMPARE(strip->problemSummary(), u"%1: %2"_s.arg(name, reason));

    const AttachmentChip *chip = strip->chips().constFirst();
    QVERIFY(chip->hasError());
    QCOMPARE(labelText(chip, "errorLabel"), reason);
    QVERIFY2(chip->toolTip().contains(detailPart), qPrintable(chip->toolTip()));
    QVERIFY(chip->accessibleDescription().contains(detailPart));
    QVERIFY(part<QToolButton>(chip, "removeButton")->isEnabled());
}

void tst_AttachmentStrip::audioWithoutDurationIsNotRefused()
{
    QByteArray zeroRate = wavBytes(16000, 100);
    zeroRate.replace(24, 4, le(0, 4)); // the sample rate
    QWidget window;                    // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QCOMPARE(strip.addFiles({file(u"odd.wav"_s, zeroRate)}), 1);
    const AttachmentChip *chip = strip.chips().constFirst();
    QVERIFY(!chip->hasError());
    QCOMPARE(labelText(chip, "durationLabel"), u"duration unknown"_s);
    QVERIFY(!part<QLabel>(chip, "durationLabel")->toolTip().isEmpty());
    QCOMPARE(labelText(chip, "formatLabel"), u"WAV"_s);
    QCOMPARE(labelText(chip, "tokenLabel"), QString());
    QCOMPARE(strip.attachments().size(), 1);
}

void tst_AttachmentStrip::removeButton()
{
    QWidget window;
    auto *strip = new AttachmentStrip(&window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString a = file(u"a.txt"_s, "alpha\n");
    const QString b = file(u"b.txt"_s, "beta\n");
    QCOMPARE(strip->addFiles({a, b}), 2);
    QSignalSpy changed(strip, &AttachmentStrip::changed);

    QPointer<AttachmentChip> first = strip->chips().constFirst();
    auto *remove = part<QToolButton>(first, "removeButton");
    QVERIFY(remove);
    QVERIFY(!remove->accessibleName().isEmpty());
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(strip->count(), 1);
    QCOMPARE(strip->attachments().size(), 1);
    QCOMPARE(QFileInfo(strip->attachments().constFirst().path).fileName(), u"b.txt"_s);
    QTRY_VERIFY(first.isNull()); // deleted once its click is over

    QTest::mouseClick(part<QToolButton>(strip->chips().constFirst(), "removeButton"), Qt::LeftButton);
    QCOMPARE(changed.count(), 2);
    QVERIFY(strip->isEmpty());
    QVERIFY(strip->isHidden());
}

void tst_AttachmentStrip::duplicatesAreIgnored()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    const QString a = file(u"a.txt"_s, "alpha\n");
    QCOMPARE(strip.addFiles({a, a}), 1);
    QVERIFY(!strip.addFile(m_dir->path() + u"/./a.txt"_s));
    QCOMPARE(strip.count(), 1);
    QImage black(4, 4, QImage::Format_RGB32);
    black.fill(Qt::black);
    QVERIFY(strip.addImage(black));
    QImage same(4, 4, QImage::Format_RGB32);
    same.fill(Qt::red);
    QVERIFY(strip.addImage(same));
    QVERIFY(!strip.addImage(same)); // the same pasted bytes again
    QCOMPARE(strip.count(), 3);
}

void tst_AttachmentStrip::tooManyAttachments()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QStringList paths;
    for (int i = 0; i <= AttachmentStrip::MaxAttachments; ++i)
        paths.append(file(u"f%1.txt"_s.arg(i), "text " + QByteArray::number(i)));
    QCOMPARE(strip.addFiles(paths), AttachmentStrip::MaxAttachments + 1);
    QCOMPARE(strip.attachments().size(), AttachmentStrip::MaxAttachments);
    QVERIFY(strip.hasProblems());
    const AttachmentChip *last = strip.chips().constLast();
    QVERIFY(last->hasError());
    QCOMPARE(labelText(last, "errorLabel"), u"over the limit of 20 attachments"_s);

    QTest::mouseClick(part<QToolButton>(strip.chips().constFirst(), "removeButton"), Qt::LeftButton);
    QVERIFY(!last->hasError()); // there is room now
    QVERIFY(!strip.hasProblems());
    QCOMPARE(strip.attachments().size(), AttachmentStrip::MaxAttachments);
}

void tst_AttachmentStrip::mimeDataImage()
{
    QImage image(50, 30, QImage::Format_RGB32);
    image.fill(Qt::blue);
    QMimeData mime;
    mime.setImageData(image);
    QVERIFY(AttachmentStrip::canAccept(&mime));

    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QCOMPARE(strip.addFromMimeData(&mime), 1);
    const QList<Attachment> list = strip.attachments();
    QCOMPARE(list.size(), 1);
    QVERIFY(list.constFirst().path.isEmpty());
    QCOMPARE(list.constFirst().mimeType, u"image/png"_s);
    QVERIFY(list.constFirst().bytes.startsWith("\x89PNG"));
    QCOMPARE(list.constFirst().displayName, u"Pasted image.png"_s);
    QImage decoded;
    QVERIFY(decoded.loadFromData(list.constFirst().bytes, "PNG"));
    QCOMPARE(decoded.size(), QSize(50, 30));
    const AttachmentChip *chip = strip.chips().constFirst();
    QVERIFY(part<QLabel>(chip, "thumbnail"));
    QCOMPARE(labelText(chip, "tokenLabel"), u"≈ 258 tokens"_s);

    QVERIFY(!AttachmentStrip::canAccept(nullptr));
    QVERIFY(!strip.addImage(QImage()));
}

void tst_AttachmentStrip::mimeDataFiles()
{
    const QString png = file(u"pic.png"_s, SampleFiles::tinyPng());
    const QString txt = file(u"notes.txt"_s, "some notes\n");
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(png), QUrl::fromLocalFile(txt)});
    QVERIFY(AttachmentStrip::canAccept(&mime));

    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QCOMPARE(strip.addFromMimeData(&mime), 2);
    const QList<Attachment> list = strip.attachments();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).path, QFileInfo(png).absoluteFilePath());
    QCOMPARE(list.at(1).path, QFileInfo(txt).absoluteFilePath());
}

void tst_AttachmentStrip::mimeDataRemoteUrl()
{
    QMimeData remoteOnly;
    remoteOnly.setUrls({QUrl(u"https://example.com/cat.png"_s)});
    QVERIFY(!AttachmentStrip::canAccept(&remoteOnly));

    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QCOMPARE(strip.addFromMimeData(&remoteOnly), 1);
    QVERIFY(strip.attachments().isEmpty());
    QVERIFY(strip.hasProblems());
    const AttachmentChip *chip = strip.chips().constFirst();
    QCOMPARE(labelText(chip, "errorLabel"), u"not a local file"_s);
    QVERIFY(chip->toolTip().contains(u"https://example.com/cat.png"_s));
    QCOMPARE(strip.problemSummary(), u"cat.png: not a local file"_s);

    QMimeData mixed;
    mixed.setUrls({QUrl(u"https://example.com/dog.png"_s), QUrl::fromLocalFile(file(u"a.txt"_s, "a\n"))});
    QVERIFY(AttachmentStrip::canAccept(&mixed));
    QCOMPARE(strip.addFromMimeData(&mixed), 2);
    QCOMPARE(strip.count(), 3);
    QCOMPARE(strip.attachments().size(), 1);
}

void tst_AttachmentStrip::pastedData()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QVERIFY(strip.addData("print('hi')\n", {}, u"hello.py"_s));
    QVERIFY(strip.addData({}, u"text/plain"_s, u"nothing.txt"_s));
    QVERIFY(strip.addData(QByteArray("PK\x03\x04", 4) + SampleFiles::randomBytes(100, 5), {}, u"archive.zip"_s));
    QCOMPARE(strip.count(), 3);
    const QList<Attachment> list = strip.attachments();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.constFirst().displayName, u"hello.py"_s);
    QCOMPARE(list.constFirst().bytes, "print('hi')\n");
    QVERIFY(list.constFirst().mimeType.startsWith(u"text/"_s));
    QCOMPARE(labelText(strip.chips().at(0), "tokenLabel"), u"≈ 3 tokens"_s);
    QCOMPARE(labelText(strip.chips().at(1), "errorLabel"), u"empty"_s);
    QCOMPARE(labelText(strip.chips().at(2), "errorLabel"), u"this type cannot be sent"_s);
}

void tst_AttachmentStrip::uploadProgress()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    strip.addFiles({file(u"pic.png"_s, SampleFiles::tinyPng()), m_dir->filePath(u"missing.txt"_s),
        file(u"voice.wav"_s, wavBytes(8000, 500))});
    QCOMPARE(strip.attachments().size(), 2);
    const AttachmentChip *png = strip.chips().at(0);
    const AttachmentChip *voice = strip.chips().at(2);

    strip.setUploadProgress(1, 50, 200); // index 1 of attachments(): the WAV, past the error chip
    QCOMPARE(labelText(voice, "progressLabel"), u"25%"_s);
    QCOMPARE(voice->progressPercent(), 25);
    const QProgressBar *bar = part<QProgressBar>(voice, "uploadProgress");
    QVERIFY(!bar->isHidden());
    QCOMPARE(bar->value(), 25);
    QCOMPARE(png->progressPercent(), -1);
    QCOMPARE(labelText(png, "progressLabel"), QString());

    strip.setUploadProgress(1, 200, 200);
    QCOMPARE(labelText(voice, "progressLabel"), u"100%"_s);
    strip.setUploadProgress(1, 0, 0);
    QCOMPARE(labelText(voice, "progressLabel"), QString());
    QVERIFY(bar->isHidden());
    strip.setUploadProgress(7, 1, 2); // out of range: nothing happens
}

void tst_AttachmentStrip::playButtonDrivesThePlayer()
{
    QList<QPointer<FakeAudioPlayer>> players;
    QWidget window;
    auto *strip = new AttachmentStrip(&window);
    strip->setAudioPlayerFactory([&players](QObject *parent) -> AudioPlayer * {
        auto *player = new FakeAudioPlayer(true, parent);
        players.append(player);
        return player;
    });
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString path = file(u"voice.wav"_s, wavBytes(16000, 1000));
    strip->addFiles({path, file(u"pic.png"_s, SampleFiles::tinyPng())});
    QCOMPARE(players.size(), 1); // audio chips only
    QPointer<FakeAudioPlayer> player = players.constFirst();
    QCOMPARE(player->source, QFileInfo(path).absoluteFilePath());

    auto *play = part<QToolButton>(strip->chips().constFirst(), "playButton");
    QVERIFY(play);
    QVERIFY(!play->isHidden());
    QVERIFY(play->isEnabled());
    QVERIFY(play->accessibleName().startsWith(u"Play"_s));
    QTest::mouseClick(play, Qt::LeftButton);
    QCOMPARE(player->plays, 1);
    QVERIFY(player->isPlaying());
    QVERIFY(play->accessibleName().startsWith(u"Pause"_s));
    QTest::mouseClick(play, Qt::LeftButton);
    QCOMPARE(player->pauses, 1);
    QVERIFY(!player->isPlaying());

    QTest::mouseClick(play, Qt::LeftButton);
    QVERIFY(player->isPlaying());
    QTest::mouseClick(part<QToolButton>(strip->chips().constFirst(), "removeButton"), Qt::LeftButton);
    QVERIFY(player.isNull() || !player->isPlaying()); // removing stops it
    QTRY_VERIFY(players.constFirst().isNull());       // and the chip takes its player along
}

void tst_AttachmentStrip::onlyOnePlaysAtATime()
{
    QList<FakeAudioPlayer *> players;
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    strip.setAudioPlayerFactory([&players](QObject *parent) -> AudioPlayer * {
        players.append(new FakeAudioPlayer(true, parent));
        return players.constLast();
    });
    strip.addFiles({file(u"a.wav"_s, wavBytes(8000, 300)), file(u"b.wav"_s, wavBytes(8000, 300))});
    QCOMPARE(players.size(), 2);
    part<QToolButton>(strip.chips().at(0), "playButton")->click();
    QVERIFY(players.at(0)->isPlaying());
    part<QToolButton>(strip.chips().at(1), "playButton")->click();
    QVERIFY(players.at(1)->isPlaying());
    QVERIFY(!players.at(0)->isPlaying());
}

void tst_AttachmentStrip::noOutputDisablesPlay_data()
{
    QTest::addColumn<bool>("playerHasOutput");
    QTest::addColumn<bool>("stripHasOutput");
    QTest::newRow("the player says no output") << false << true;
    QTest::newRow("the strip is told no output") << true << false;
}

void tst_AttachmentStrip::noOutputDisablesPlay()
{
    QFETCH(bool, playerHasOutput);
    QFETCH(bool, stripHasOutput);

    QList<FakeAudioPlayer *> players;
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    strip.setAudioPlayerFactory([&players, playerHasOutput](QObject *parent) -> AudioPlayer * {
        players.append(new FakeAudioPlayer(playerHasOutput, parent));
        return players.constLast();
    });
    strip.addFiles({file(u"voice.wav"_s, wavBytes(16000, 1000))});
    strip.setAudioOutputAvailable(stripHasOutput);
    auto *play = part<QToolButton>(strip.chips().constFirst(), "playButton");
    QVERIFY(play);
    QVERIFY(!play->isHidden());
    QVERIFY(!play->isEnabled());
    QCOMPARE(play->toolTip(), u"No audio output device is available."_s);
    play->click();
    QCOMPARE(players.constFirst()->plays, 0);

    if (!stripHasOutput) {
        strip.setAudioOutputAvailable(true);
        QVERIFY(play->isEnabled());
        QVERIFY(play->toolTip() != u"No audio output device is available."_s);
    }
}

void tst_AttachmentStrip::noFactoryNoPlayButton()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    strip.addFiles({file(u"voice.wav"_s, wavBytes(16000, 1000))});
    const AttachmentChip *chip = strip.chips().constFirst();
    const auto *play = part<QToolButton>(chip, "playButton");
    QVERIFY(!play || play->isHidden());
    QVERIFY(!part<QLabel>(chip, "icon")->isHidden());
    QCOMPARE(labelText(chip, "durationLabel"), u"0:01"_s);

    // A factory set later reaches the chips already there.
    strip.setAudioPlayerFactory([](QObject *parent) -> AudioPlayer * { return new FakeAudioPlayer(true, parent); });
    QVERIFY(chip->audioPlayer());
    QVERIFY(!part<QToolButton>(chip, "playButton")->isHidden());
}

void tst_AttachmentStrip::attachmentsAreValidOnesInOrder()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    const QString png = file(u"pic.png"_s, SampleFiles::tinyPng());
    const QString wavPath = file(u"voice.wav"_s, wavBytes(8000, 200));
    const QString pdfPath = file(u"doc.pdf"_s, pdfBytes(1));
    QCOMPARE(
        strip.addFiles({png, m_dir->filePath(u"missing.png"_s), wavPath, file(u"bad.png"_s, corruptPng()), pdfPath}),
        5);
    QCOMPARE(strip.count(), 5);
    const QList<Attachment> list = strip.attachments();
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).path, png);
    QCOMPARE(list.at(1).path, wavPath);
    QCOMPARE(list.at(2).path, pdfPath);
    QCOMPARE(strip.problemSummary(), u"missing.png: file not found\nbad.png: corrupt or unreadable image"_s);
}

void tst_AttachmentStrip::setAttachmentsRestores()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    QImage image(20, 20, QImage::Format_ARGB32);
    image.fill(Qt::green);
    strip.addFiles({file(u"voice.wav"_s, wavBytes(8000, 200))});
    strip.addImage(image, u"shot.png"_s);
    strip.addFile(file(u"named.txt"_s, "hello\n"), u"text/plain"_s, u"Display name.txt"_s);
    const QList<Attachment> before = strip.attachments();
    QCOMPARE(before.size(), 3);

    strip.clear();
    QVERIFY(strip.isEmpty());
    QVERIFY(strip.isHidden());
    QSignalSpy changed(&strip, &AttachmentStrip::changed);
    strip.setAttachments(before);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(strip.count(), 3);
    QVERIFY(!strip.isHidden());
    const QList<Attachment> after = strip.attachments();
    QCOMPARE(after.size(), before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        QCOMPARE(after.at(i).path, before.at(i).path);
        QCOMPARE(after.at(i).bytes, before.at(i).bytes);
        QCOMPARE(after.at(i).mimeType, before.at(i).mimeType);
        QCOMPARE(after.at(i).displayName, before.at(i).displayName);
    }
    QCOMPARE(labelText(strip.chips().at(2), "nameLabel"), u"Display name.txt"_s);
}

void tst_AttachmentStrip::lockedStripRefusesChanges()
{
    QWidget window; // never shown: a strip without a parent would become a window of its own
    AttachmentStrip strip(&window);
    strip.addFiles({file(u"a.txt"_s, "a\n")});
    strip.setLocked(true);
    QVERIFY(strip.isLocked());
    auto *remove = part<QToolButton>(strip.chips().constFirst(), "removeButton");
    QVERIFY(!remove->isEnabled());
    remove->click();
    QCOMPARE(strip.count(), 1);
    QCOMPARE(strip.addFiles({file(u"b.txt"_s, "b\n")}), 0);
    QVERIFY(!strip.addData("x", u"text/plain"_s, u"x.txt"_s));
    QCOMPARE(strip.count(), 1);

    // Restoring after a failed send while still locked: the restored chips are locked too.
    strip.setAttachments(strip.attachments());
    QCOMPARE(strip.count(), 1);
    QVERIFY(!part<QToolButton>(strip.chips().constFirst(), "removeButton")->isEnabled());

    strip.setLocked(false);
    remove = part<QToolButton>(strip.chips().constFirst(), "removeButton");
    QVERIFY(remove->isEnabled());
    QCOMPARE(strip.addFiles({m_dir->filePath(u"b.txt"_s)}), 1);
}

QTEST_MAIN(tst_AttachmentStrip)
#include "tst_attachmentstrip.moc"
