#include "chat/tokenestimate.h"

#include <QBuffer>
#include <QLocale>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// A minimal uncompressed PDF: a catalog, a page tree with /Count, and the page objects.
QByteArray pdfBytes(int pages, bool withCount = true, bool compactNames = false)
{
    const QByteArray type = compactNames ? "/Type/" : "/Type /";
    QByteArray out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    out += "1 0 obj\n<< " + type + "Catalog /Pages 2 0 R >>\nendobj\n";
    QByteArray kids;
    for (int i = 0; i < pages; ++i)
        kids += QByteArray::number(3 + i) + " 0 R ";
    out += "2 0 obj\n<< " + type + "Pages /Kids [" + kids + "]";
    if (withCount)
        out += " /Count " + QByteArray::number(pages);
    out += " >>\nendobj\n";
    for (int i = 0; i < pages; ++i) {
        out += QByteArray::number(3 + i) + " 0 obj\n<< " + type
            + "Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> >>\nendobj\n";
    }
    out += "trailer\n<< /Root 1 0 R >>\n%%EOF\n";
    return out;
}

// A page tree of two levels: the root's /Count is the total, the children's are parts of it.
QByteArray nestedPdf()
{
    QByteArray out = "%PDF-1.7\n";
    out += "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n";
    out += "2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 5 >> endobj\n";
    out += "3 0 obj << /Type /Pages /Parent 2 0 R /Kids [5 0 R 6 0 R] /Count 2 >> endobj\n";
    out += "4 0 obj << /Type /Pages /Parent 2 0 R /Kids [7 0 R 8 0 R 9 0 R] /Count 3 >> endobj\n";
    for (int i = 5; i <= 9; ++i)
        out += QByteArray::number(i) + " 0 obj << /Type /Page /Parent 3 0 R >> endobj\n";
    out += "10 0 obj << /Type /Outlines /Count 40 >> endobj\n"; // not pages
    return out;
}

} // namespace

class tst_TokenEstimate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void audio_data();
    void audio();
    void video_data();
    void video();
    void image_data();
    void image();
    void pdf_data();
    void pdf();
    void text_data();
    void text();
    void pdfPageCount_data();
    void pdfPageCount();
    void pdfPageCountRestoresPosition();
    void label();
};

void tst_TokenEstimate::audio_data()
{
    QTest::addColumn<qint64>("durationMs");
    QTest::addColumn<qint64>("tokens");
    QTest::newRow("unknown") << qint64(-1) << qint64(0);
    QTest::newRow("zero") << qint64(0) << qint64(0);
    QTest::newRow("1 ms is a started second") << qint64(1) << qint64(32);
    QTest::newRow("1 s") << qint64(1000) << qint64(32);
    QTest::newRow("1.001 s") << qint64(1001) << qint64(64);
    QTest::newRow("1 min") << qint64(60000) << qint64(1920); // gemini-api.md §10
    QTest::newRow("3:25") << qint64(205000) << qint64(6560);
    QTest::newRow("9.5 h") << qint64(9.5 * 3600 * 1000) << qint64(9.5 * 3600 * 32);
}

void tst_TokenEstimate::audio()
{
    QFETCH(qint64, durationMs);
    QFETCH(qint64, tokens);
    QCOMPARE(TokenEstimate::audio(durationMs), tokens);
}

void tst_TokenEstimate::video_data()
{
    QTest::addColumn<qint64>("durationMs");
    QTest::addColumn<qint64>("tokens");
    QTest::newRow("unknown") << qint64(-1) << qint64(0);
    QTest::newRow("1 s") << qint64(1000) << qint64(263);
    QTest::newRow("596 s") << qint64(596000) << qint64(596 * 263);
}

void tst_TokenEstimate::video()
{
    QFETCH(qint64, durationMs);
    QFETCH(qint64, tokens);
    QCOMPARE(TokenEstimate::video(durationMs), tokens);
}

void tst_TokenEstimate::image_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<qint64>("tokens");
    QTest::newRow("invalid") << 0 << 100 << qint64(0);
    QTest::newRow("negative") << -5 << 100 << qint64(0);
    QTest::newRow("1x1") << 1 << 1 << qint64(258);
    QTest::newRow("384x384") << 384 << 384 << qint64(258);
    QTest::newRow("385x384: tiled") << 385 << 384 << qint64(258);
    QTest::newRow("768x768") << 768 << 768 << qint64(258);
    QTest::newRow("769x768") << 769 << 768 << qint64(2 * 258);
    QTest::newRow("1024x768") << 1024 << 768 << qint64(2 * 258);
    QTest::newRow("1920x1080") << 1920 << 1080 << qint64(3 * 2 * 258);
    QTest::newRow("4000x3000") << 4000 << 3000 << qint64(6 * 4 * 258);
    QTest::newRow("tall strip 100x2000") << 100 << 2000 << qint64(1 * 3 * 258);
}

void tst_TokenEstimate::image()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(qint64, tokens);
    QCOMPARE(TokenEstimate::image(width, height), tokens);
}

void tst_TokenEstimate::pdf_data()
{
    QTest::addColumn<int>("pages");
    QTest::addColumn<qint64>("tokens");
    QTest::newRow("unknown") << -1 << qint64(0);
    QTest::newRow("zero") << 0 << qint64(0);
    QTest::newRow("one") << 1 << qint64(258);
    QTest::newRow("1000") << 1000 << qint64(258000);
}

void tst_TokenEstimate::pdf()
{
    QFETCH(int, pages);
    QFETCH(qint64, tokens);
    QCOMPARE(TokenEstimate::pdf(pages), tokens);
}

void tst_TokenEstimate::text_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<qint64>("tokens");
    QTest::newRow("empty") << qint64(0) << qint64(0);
    QTest::newRow("1 byte") << qint64(1) << qint64(1);
    QTest::newRow("4 bytes") << qint64(4) << qint64(1);
    QTest::newRow("5 bytes") << qint64(5) << qint64(2);
    QTest::newRow("1 MB") << qint64(1000000) << qint64(250000);
}

void tst_TokenEstimate::text()
{
    QFETCH(qint64, bytes);
    QFETCH(qint64, tokens);
    QCOMPARE(TokenEstimate::text(bytes), tokens);
}

void tst_TokenEstimate::pdfPageCount_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("pages");

    QTest::newRow("one page") << pdfBytes(1) << 1;
    QTest::newRow("three pages") << pdfBytes(3) << 3;
    QTest::newRow("three pages, no /Count") << pdfBytes(3, false) << 3;
    QTest::newRow("compact names") << pdfBytes(4, true, true) << 4;
    QTest::newRow("compact names, no /Count") << pdfBytes(4, false, true) << 4;
    QTest::newRow("nested page tree") << nestedPdf() << 5;
    QTest::newRow("no pages") << QByteArray("%PDF-1.5\n1 0 obj << /Type /Catalog >> endobj\n") << -1;
    QTest::newRow("compressed objects only")
        << QByteArray("%PDF-1.5\n1 0 obj << /Type /ObjStm /N 5 >> stream\nx\x9c") << -1;
    QTest::newRow("not a pdf") << QByteArray("hello world") << -1;
    QTest::newRow("empty") << QByteArray() << -1;
    QTest::newRow("dangling /Type at the end") << QByteArray("%PDF-1.4\n/Type /Page") << 1;
    QTest::newRow("absurd /Count") << QByteArray("1 0 obj << /Type /Pages /Count 99999999999 >> endobj\n/Type /Page ")
                                   << 1;
}

void tst_TokenEstimate::pdfPageCount()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, pages);
    QBuffer buffer;
    buffer.setData(bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QCOMPARE(TokenEstimate::pdfPageCount(&buffer), pages);
}

void tst_TokenEstimate::pdfPageCountRestoresPosition()
{
    QBuffer buffer;
    buffer.setData(pdfBytes(2));
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QVERIFY(buffer.seek(10));
    QCOMPARE(TokenEstimate::pdfPageCount(&buffer), 2);
    QCOMPARE(buffer.pos(), 10);

    QBuffer closed;
    closed.setData(pdfBytes(2));
    QCOMPARE(TokenEstimate::pdfPageCount(&closed), -1);
    QCOMPARE(TokenEstimate::pdfPageCount(nullptr), -1);
}

void tst_TokenEstimate::label()
{
    QCOMPARE(TokenEstimate::label(32), u"≈ 32 tokens"_s);
    QCOMPARE(TokenEstimate::label(6560), u"≈ %1 tokens"_s.arg(QLocale().toString(6560)));
}

QTEST_GUILESS_MAIN(tst_TokenEstimate)
#include "tst_tokenestimate.moc"
