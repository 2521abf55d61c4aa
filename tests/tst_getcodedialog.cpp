#include "getcodedialog.h"
#include "support/samplefiles.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using CodeSnippet::Language;

namespace {
const QString Model = u"gemini-2.5-flash"_s;
const CodeSnippet::Endpoint Proxy {QUrl(u"https://proxy.example.com"_s), u"v1beta"_s};

GenerateContentRequest sampleRequest()
{
    auto r = GenerateContentRequest::fromPrompt(u"Say \"hi\" $(whoami)"_s);
    r.systemInstruction = Content {QString(), {Part::fromText(u"Be brief."_s)}};
    r.generationConfig.temperature = 0.4;
    r.safetySettings = {{u"HARM_CATEGORY_HARASSMENT"_s, u"BLOCK_NONE"_s}};
    return r;
}

GenerateContentRequest withInlineData(qint64 bytes)
{
    GenerateContentRequest r;
    r.contents.append(Content {u"user"_s,
        {Part::fromText(u"Look"_s), Part::fromInlineData(u"image/png"_s, SampleFiles::randomBytes(bytes, 3))}});
    return r;
}
} // namespace

class tst_getcodedialog final : public QObject
{
    Q_OBJECT

private:
    static QTabWidget *tabs(GetCodeDialog &dialog) { return dialog.findChild<QTabWidget *>(u"languageTabs"_s); }
    static QPlainTextEdit *editor(GetCodeDialog &dialog, int index)
    {
        return qobject_cast<QPlainTextEdit *>(tabs(dialog)->widget(index));
    }

private Q_SLOTS:
    void tabsShowEachLanguage()
    {
        GetCodeDialog dialog;
        const auto request = sampleRequest();
        dialog.setRequest(Model, request, Proxy);
        QTabWidget *t = tabs(dialog);
        QVERIFY(t);
        QCOMPARE(t->count(), 3);
        const QList<Language> languages {Language::Curl, Language::Python, Language::JavaScript};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(t->tabText(i), CodeSnippet::languageName(languages[i]));
            QVERIFY(!t->tabToolTip(i).isEmpty());
            QPlainTextEdit *e = editor(dialog, i);
            QVERIFY(e);
            QVERIFY(e->isReadOnly());
            QCOMPARE(e->lineWrapMode(), QPlainTextEdit::NoWrap);
            QVERIFY(QFontInfo(e->font()).fixedPitch());
            QCOMPARE(e->toPlainText(), CodeSnippet::generate(languages[i], Model, request, Proxy));
        }
        // The endpoint reaches the code: the proxy, not Google's host.
        QVERIFY(editor(dialog, 0)->toPlainText().startsWith(u"curl \"https://proxy.example.com/v1beta/"_s));
        QVERIFY(editor(dialog, 1)->toPlainText().contains(u"base_url=\"https://proxy.example.com\""_s));
        QVERIFY(editor(dialog, 2)->toPlainText().contains(u"baseUrl: \"https://proxy.example.com\""_s));
        QCOMPARE(dialog.language(), Language::Curl);
    }

    void keyNote()
    {
        GetCodeDialog dialog;
        dialog.setRequest(Model, sampleRequest(), {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *note = dialog.findChild<QLabel *>(u"keyNote"_s);
        QVERIFY(note);
        QVERIFY(note->isVisible());
        QCOMPARE(
            note->text(), u"The key is read from the GEMINI_API_KEY environment variable; it is never shown here."_s);
        for (int i = 0; i < 3; ++i)
            QVERIFY(editor(dialog, i)->toPlainText().contains(u"GEMINI_API_KEY"_s));
    }

    void switchLanguage_data()
    {
        QTest::addColumn<int>("language");
        QTest::addColumn<int>("index");
        QTest::newRow("curl") << int(Language::Curl) << 0;
        QTest::newRow("python") << int(Language::Python) << 1;
        QTest::newRow("javascript") << int(Language::JavaScript) << 2;
    }

    void switchLanguage()
    {
        QFETCH(int, language);
        QFETCH(int, index);
        const auto lang = Language(language);
        GetCodeDialog dialog;
        const auto request = sampleRequest();
        dialog.setRequest(Model, request, {});

        // Through the API.
        dialog.setLanguage(lang);
        QCOMPARE(tabs(dialog)->currentIndex(), index);
        QCOMPARE(dialog.language(), lang);
        QCOMPARE(dialog.code(), CodeSnippet::generate(lang, Model, request));

        // Through the tab bar, as a user does.
        dialog.setLanguage(lang == Language::Curl ? Language::JavaScript : Language::Curl);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTabBar *bar = tabs(dialog)->tabBar();
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(index).center());
        QCOMPARE(dialog.language(), lang);
        QCOMPARE(dialog.code(), CodeSnippet::generate(lang, Model, request));
    }

    void copyPutsTheCurrentCodeOnTheClipboard_data()
    {
        QTest::addColumn<int>("language");
        QTest::newRow("curl") << int(Language::Curl);
        QTest::newRow("python") << int(Language::Python);
        QTest::newRow("javascript") << int(Language::JavaScript);
    }

    void copyPutsTheCurrentCodeOnTheClipboard()
    {
        QFETCH(int, language);
        const auto lang = Language(language);
        QGuiApplication::clipboard()->setText(u"previous"_s);
        GetCodeDialog dialog;
        const auto request = sampleRequest();
        dialog.setRequest(Model, request, {});
        dialog.setLanguage(lang);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy copied(&dialog, &GetCodeDialog::copied);
        auto *button = dialog.findChild<QPushButton *>(u"copyCodeButton"_s);
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(copied.size(), 1);
        QCOMPARE(QGuiApplication::clipboard()->text(), CodeSnippet::generate(lang, Model, request));
        QVERIFY(dialog.isVisible()); // copying does not close
        QCOMPARE(button->text(), u"Copied"_s);
        QTRY_COMPARE_WITH_TIMEOUT(button->text(), u"Copy"_s, 5000);
    }

    void copyWithoutRequest()
    {
        GetCodeDialog dialog;
        QSignalSpy copied(&dialog, &GetCodeDialog::copied);
        dialog.copy();
        QCOMPARE(copied.size(), 1);
        QCOMPARE(QGuiApplication::clipboard()->text(), QString());
        QCOMPARE(dialog.code(), QString());
    }

    void attachmentNote_data()
    {
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("note"); // empty: hidden
        QTest::newRow("none") << qint64(0) << QString();
        QTest::newRow("small") << qint64(50 * 1024) << QString();
        QTest::newRow("at the limit") << qint64(100 * 1024) << QString();
        QTest::newRow("over the limit") << qint64(300 * 1024) << u"This request embeds 0.3 MB of attachments."_s;
        QTest::newRow("megabytes") << qint64(5 * 1024 * 1024 / 2) << u"This request embeds 2.5 MB of attachments."_s;
    }

    void attachmentNote()
    {
        QFETCH(qint64, bytes);
        QFETCH(QString, note);
        QLocale::setDefault(QLocale::c());
        GetCodeDialog dialog;
        dialog.setRequest(Model, bytes > 0 ? withInlineData(bytes) : sampleRequest(), {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *label = dialog.findChild<QLabel *>(u"attachmentNote"_s);
        QVERIFY(label);
        QCOMPARE(label->isVisible(), !note.isEmpty());
        if (!note.isEmpty())
            QCOMPARE(label->text(), note);

        // A later, small request hides the note again.
        dialog.setRequest(Model, sampleRequest(), {});
        QVERIFY(!label->isVisible());
    }

    // Megabytes of base64 are shortened on screen, never on the clipboard.
    void bigDataIsShortenedInTheViewOnly()
    {
        GetCodeDialog dialog;
        const auto request = withInlineData(3 * 1024 * 1024);
        dialog.setRequest(Model, request, {});
        const QString base64 = QString::fromLatin1(request.contents[0].parts[1].data.toBase64());
        for (const Language lang : {Language::Curl, Language::Python, Language::JavaScript}) {
            dialog.setLanguage(lang);
            const QString shown = editor(dialog, tabs(dialog)->currentIndex())->toPlainText();
            QVERIFY(shown.size() < 20000);
            QVERIFY(shown.contains(u"characters not shown; Copy copies them"_s));
            QVERIFY(shown.contains(base64.left(64)));
            QVERIFY(shown.contains(base64.right(16)));
            QVERIFY(dialog.code().contains(base64));
            dialog.copy();
            QCOMPARE(QGuiApplication::clipboard()->text(), CodeSnippet::generate(lang, Model, request));
        }
    }

    void closeButtonCloses()
    {
        GetCodeDialog dialog;
        dialog.setRequest(Model, sampleRequest(), {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        auto *close = dialog.findChild<QPushButton *>(u"closeButton"_s);
        QVERIFY(close);
        QTest::mouseClick(close, Qt::LeftButton);
        QCOMPARE(rejected.size(), 1);
        QVERIFY(!dialog.isVisible());
    }
};

QTEST_MAIN(tst_getcodedialog)
#include "tst_getcodedialog.moc"
