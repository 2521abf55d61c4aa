#include "files/mediatypes.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(MediaTypes::Category)

namespace {

QByteArray le32(quint32 v)
{
    QByteArray b(4, '\0');
    for (int i = 0; i < 4; ++i)
        b[i] = char((v >> (8 * i)) & 0xff);
    return b;
}

// The first bytes of real files of each format, padded with data that matches no magic.
QByteArray padded(QByteArray head)
{
    while (head.size() < 512)
        head.append(char(0x11 + head.size() % 7));
    return head;
}

QByteArray png()
{
    return padded(QByteArray(
        "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00", 8 + 4 + 4 + 13));
}
QByteArray jpeg()
{
    return padded(QByteArray("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20));
}
QByteArray wav()
{
    return padded("RIFF" + le32(1000) + "WAVEfmt " + le32(16) + QByteArray("\x01\x00\x01\x00\x40\x1f\x00\x00", 8));
}
QByteArray webp()
{
    return padded("RIFF" + le32(1000) + "WEBPVP8 ");
}
QByteArray mp3()
{
    return padded(QByteArray("ID3\x03\x00\x00\x00\x00\x00\x0a", 10));
}
QByteArray flac()
{
    return padded(QByteArray("fLaC\x00\x00\x00\x22", 8));
}
QByteArray oggVorbis()
{
    QByteArray page(
        "OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01\x1e", 28);
    return padded(page + QByteArray("\x01vorbis", 7));
}
QByteArray aiff()
{
    return padded("FORM" + QByteArray("\x00\x00\x10\x00", 4) + "AIFFCOMM");
}
QByteArray pdf()
{
    return padded("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
}
QByteArray mp4()
{
    return padded(QByteArray("\x00\x00\x00\x18"
                             "ftypmp42\x00\x00\x00\x00"
                             "mp42isom",
        24));
}
QByteArray zip()
{
    return padded(QByteArray("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10));
}
QByteArray elf()
{
    return padded(QByteArray("\x7f"
                             "ELF\x02\x01\x01\x00",
        8));
}
QByteArray binaryNoise()
{
    QByteArray b;
    for (int i = 0; i < 512; ++i)
        b.append(char((i * 37 + 3) % 251 == 0 ? 0 : (i * 91 + 7) % 256));
    b[5] = '\0';
    b[6] = '\x01';
    return b;
}

} // namespace

class tst_MediaTypes final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalize_data();
    void normalize();
    void acceptedAreCanonical();
    void acceptedCoversTheDocumentedList();
    void category_data();
    void category();
    void summaryListsEveryCategory();
    void detect_data();
    void detect();
    void detectData_data() { detect_data(); }
    void detectData();
    void detectUnreadable();
};

void tst_MediaTypes::normalize_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    auto row
        = [](const char *in, const char *out) { QTest::newRow(in) << QString::fromUtf8(in) << QString::fromUtf8(out); };
    // canonical names stay
    row("image/png", "image/png");
    row("image/heic", "image/heic");
    row("image/heif", "image/heif");
    row("audio/wav", "audio/wav");
    row("audio/mp3", "audio/mp3");
    row("audio/mpeg", "audio/mpeg");
    row("video/mov", "video/mov");
    row("video/mpg", "video/mpg");
    row("application/pdf", "application/pdf");
    row("text/md", "text/md");
    row("application/x-javascript", "application/x-javascript");
    // other spellings of accepted types
    row("audio/x-wav", "audio/wav");
    row("audio/vnd.wave", "audio/wav");
    row("audio/x-aiff", "audio/aiff");
    row("audio/x-flac", "audio/flac");
    row("audio/x-aac", "audio/aac");
    row("audio/mp4", "audio/aac");
    row("audio/x-m4a", "audio/aac");
    row("audio/x-vorbis+ogg", "audio/ogg");
    row("audio/x-opus+ogg", "audio/ogg");
    row("audio/x-mp3", "audio/mpeg");
    row("image/jpg", "image/jpeg");
    row("video/quicktime", "video/mov");
    row("video/x-msvideo", "video/avi");
    row("video/x-ms-wmv", "video/wmv");
    row("video/flv", "video/x-flv");
    row("video/3gp", "video/3gpp");
    row("video/x-m4v", "video/mp4");
    row("application/xml", "text/xml");
    row("application/rtf", "text/rtf");
    row("application/javascript", "text/javascript");
    row("text/x-python3", "text/x-python");
    row("text/markdown", "text/md");
    row("text/x-csv", "text/csv");
    // case, parameters and blanks
    row("AUDIO/X-FLAC", "audio/flac");
    row(" text/html; charset=utf-8 ", "text/html");
    // text Gemini has no name for
    row("application/json", "text/plain");
    row("application/x-ipynb+json", "text/plain");
    row("application/x-yaml", "text/plain");
    row("text/x-csrc", "text/plain");
    row("text/x-c++src", "text/plain");
    row("application/x-shellscript", "text/plain");
    row("application/toml", "text/plain");
    row("text/x-made-up-language", "text/plain");
    row("image/svg+xml", "text/xml");
    // refused
    row("application/zip", "");
    row("application/octet-stream", "");
    row("application/x-executable", "");
    row("image/gif", "");
    row("video/x-matroska", "");
    row("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "");
    row("", "");
    row("not a type", "");
}

void tst_MediaTypes::normalize()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(MediaTypes::normalize(input), expected);
    QCOMPARE(MediaTypes::isAccepted(input), !expected.isEmpty());
}

void tst_MediaTypes::acceptedAreCanonical()
{
    const QStringList accepted = MediaTypes::accepted();
    QVERIFY(!accepted.isEmpty());
    for (const QString &type : accepted) {
        QCOMPARE(MediaTypes::normalize(type), type);
        QVERIFY2(MediaTypes::category(type) != MediaTypes::Category::Unsupported, qPrintable(type));
    }
    QCOMPARE(QSet<QString>(accepted.begin(), accepted.end()).size(), accepted.size()); // no duplicates
}

void tst_MediaTypes::acceptedCoversTheDocumentedList()
{
    // gemini-api.md §10, word for word.
    const QStringList documented {u"image/png"_s, u"image/jpeg"_s, u"image/webp"_s, u"image/heic"_s, u"image/heif"_s,
        u"audio/wav"_s, u"audio/mp3"_s, u"audio/mpeg"_s, u"audio/aiff"_s, u"audio/aac"_s, u"audio/ogg"_s,
        u"audio/flac"_s, u"video/mp4"_s, u"video/mpeg"_s, u"video/mov"_s, u"video/avi"_s, u"video/x-flv"_s,
        u"video/mpg"_s, u"video/webm"_s, u"video/wmv"_s, u"video/3gpp"_s, u"application/pdf"_s, u"text/plain"_s,
        u"text/html"_s, u"text/css"_s, u"text/csv"_s, u"text/xml"_s, u"text/rtf"_s, u"text/javascript"_s,
        u"application/x-javascript"_s, u"text/x-python"_s, u"application/x-python"_s, u"text/md"_s};
    const QStringList accepted = MediaTypes::accepted();
    for (const QString &type : documented)
        QVERIFY2(accepted.contains(type), qPrintable(type));
    QCOMPARE(accepted.size(), documented.size());
}

void tst_MediaTypes::category_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<MediaTypes::Category>("expected");
    QTest::newRow("png") << u"image/png"_s << MediaTypes::Category::Image;
    QTest::newRow("x-wav") << u"audio/x-wav"_s << MediaTypes::Category::Audio;
    QTest::newRow("quicktime") << u"video/quicktime"_s << MediaTypes::Category::Video;
    QTest::newRow("pdf") << u"application/pdf"_s << MediaTypes::Category::Document;
    QTest::newRow("json") << u"application/json"_s << MediaTypes::Category::Text;
    QTest::newRow("x-python") << u"application/x-python"_s << MediaTypes::Category::Text;
    QTest::newRow("zip") << u"application/zip"_s << MediaTypes::Category::Unsupported;
    QTest::newRow("empty") << QString() << MediaTypes::Category::Unsupported;
}

void tst_MediaTypes::category()
{
    QFETCH(QString, type);
    QFETCH(MediaTypes::Category, expected);
    QCOMPARE(MediaTypes::category(type), expected);
}

void tst_MediaTypes::summaryListsEveryCategory()
{
    const QString summary = MediaTypes::acceptedSummary();
    const QStringList lines = summary.split(u'\n');
    QCOMPARE(lines.size(), 5);
    QVERIFY(lines[0].startsWith("Images: "_L1));
    QVERIFY(lines[1].startsWith("Audio: "_L1));
    QVERIFY(lines[2].startsWith("Video: "_L1));
    QVERIFY(lines[3].startsWith("Documents: "_L1));
    QVERIFY(lines[4].startsWith("Text: "_L1));
    for (const char *label :
        {"PNG", "HEIC", "WAV", "MP3", "FLAC", "AAC", "MP4", "MOV", "WebM", "3GPP", "PDF", "CSV", "Python", "Markdown"})
        QVERIFY2(summary.contains(QLatin1StringView(label)), label);
    QVERIFY(!summary.contains("MP3, MP3"_L1)); // audio/mpeg and audio/mp3 are one entry for a person
}

void tst_MediaTypes::detect_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected"); // normalized

    QTest::newRow("png") << u"picture.png"_s << png() << u"image/png"_s;
    QTest::newRow("png named .jpg") << u"picture.jpg"_s << png() << u"image/png"_s; // content wins
    QTest::newRow("png without a name") << u"picture"_s << png() << u"image/png"_s;
    QTest::newRow("jpeg") << u"photo.jpeg"_s << jpeg() << u"image/jpeg"_s;
    QTest::newRow("webp") << u"x.webp"_s << webp() << u"image/webp"_s;
    QTest::newRow("wav") << u"voice.wav"_s << wav() << u"audio/wav"_s;
    QTest::newRow("wav named .txt") << u"voice.txt"_s << wav() << u"audio/wav"_s;
    QTest::newRow("mp3") << u"song.mp3"_s << mp3() << u"audio/mpeg"_s;
    QTest::newRow("flac") << u"song.flac"_s << flac() << u"audio/flac"_s;
    QTest::newRow("ogg") << u"song.ogg"_s << oggVorbis() << u"audio/ogg"_s;
    QTest::newRow("aiff") << u"song.aiff"_s << aiff() << u"audio/aiff"_s;
    QTest::newRow("pdf") << u"paper.pdf"_s << pdf() << u"application/pdf"_s;
    QTest::newRow("pdf named .png") << u"paper.png"_s << pdf() << u"application/pdf"_s;
    QTest::newRow("mp4") << u"clip.mp4"_s << mp4() << u"video/mp4"_s;
    QTest::newRow("plain text") << u"notes.txt"_s << QByteArray("just some words\n") << u"text/plain"_s;
    QTest::newRow("python") << u"tool.py"_s << QByteArray("import sys\nprint(sys.argv)\n") << u"text/x-python"_s;
    QTest::newRow("json") << u"data.json"_s << QByteArray("{\"a\": [1, 2, 3]}\n") << u"text/plain"_s;
    QTest::newRow("yaml") << u"conf.yaml"_s << QByteArray("a: 1\nb: [x, y]\n") << u"text/plain"_s;
    QTest::newRow("csv") << u"table.csv"_s << QByteArray("a,b\n1,2\n") << u"text/csv"_s;
    QTest::newRow("markdown") << u"README.md"_s << QByteArray("# Title\n\nText.\n") << u"text/md"_s;
    QTest::newRow("c source") << u"main.c"_s << QByteArray("int main(void) { return 0; }\n") << u"text/plain"_s;
    QTest::newRow("text named .png") << u"fake.png"_s << QByteArray("not an image at all\n") << u"text/plain"_s;
    QTest::newRow("zip") << u"archive.zip"_s << zip() << QString();
    QTest::newRow("zip named .pdf") << u"archive.pdf"_s << zip() << QString();
    QTest::newRow("executable") << u"tool"_s << elf() << QString();
    // Unknown binary content: the name may name an audio or video format (weak magic), never text,
    // and never an image or a PDF (their magic is always there: without it the file is not one).
    QTest::newRow("noise named .txt") << u"noise.txt"_s << binaryNoise() << QString();
    QTest::newRow("noise named .mp3") << u"noise.mp3"_s << binaryNoise() << u"audio/mpeg"_s;
    QTest::newRow("noise named .aac") << u"noise.aac"_s << binaryNoise() << u"audio/aac"_s;
    QTest::newRow("noise named .png") << u"noise.png"_s << binaryNoise() << QString();
    QTest::newRow("noise named .pdf") << u"noise.pdf"_s << binaryNoise() << QString();
    QTest::newRow("noise without a name") << u"noise"_s << binaryNoise() << QString();
}

void tst_MediaTypes::detect()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(fileName));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();
    const QString detected = MediaTypes::detect(file.fileName());
    QVERIFY(!detected.isEmpty());
    QCOMPARE(MediaTypes::normalize(detected), expected);
}

void tst_MediaTypes::detectData()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QCOMPARE(MediaTypes::normalize(MediaTypes::detectData(bytes, fileName)), expected);
}

void tst_MediaTypes::detectUnreadable()
{
    QTemporaryDir dir;
    QCOMPARE(MediaTypes::detect(dir.filePath(u"missing.png"_s)), QString());
}

QTEST_GUILESS_MAIN(tst_MediaTypes)
#include "tst_mediatypes.moc"
