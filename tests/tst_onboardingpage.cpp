#include "apikeyeditor.h"
#include "fakegeminiserver.h"
#include "onboardingpage.h"
#include "secrets/credentials.h"
#include "secrets/envsecretstore.h"
#include "secrets/filesecretstore.h"
#include "secrets/memorysecretstore.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The page over a memory "keychain", an empty environment and a secrets file in a temporary folder,
// testing keys against the fake server.
struct PageFixture
{
    FakeGeminiServer server;
    QNetworkAccessManager nam;
    QTemporaryDir dir;
    MemorySecretStore keychain;
    EnvSecretStore environment {QProcessEnvironment()};
    FileSecretStore file {dir.filePath(u"secrets.json"_s)};
    Credentials credentials {&environment, &keychain, &file};
    std::unique_ptr<OnboardingPage> page;

    PageFixture()
    {
        if (!server.listen())
            qFatal("fake server: %s", qPrintable(server.errorString()));
        credentials.load();
        if (!QTest::qWaitFor([this] { return credentials.isLoaded(); }))
            qFatal("the credentials did not load");
        page = std::make_unique<OnboardingPage>(&credentials, &nam);
        ClientConfig config;
        config.baseUrl = server.baseUrl();
        config.retry.maxAttempts = 1;
        page->setClientConfig(config);
        page->resize(900, 700);
        page->show();
    }

    template<typename T> T *child(const QString &name) const { return page->findChild<T *>(name); }
    QLabel *label(const QString &name) const { return child<QLabel>(name); }
    QLineEdit *edit() const { return child<QLineEdit>(u"apiKeyEdit"_s); }
    QString status() const { return label(u"keyStatusLabel"_s)->text(); }
    QString stored() const { return keychain.value(QString::fromLatin1(SecretNames::ApiKey)); }
    void typeKey(const QString &key) const
    {
        edit()->clear();
        QTest::keyClicks(edit(), key);
    }
    void click(const QString &button) const { QTest::mouseClick(child<QPushButton>(button), Qt::LeftButton); }
};

} // namespace

class tst_OnboardingPage final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void explainsWhatAKeyIs();
    void endpointNote();
    void badKeyIsExplainedAndNotSaved();
    void goodKeyIsSavedInTheKeychain();
    void keyForThisSessionOnly();
    void keychainRefusalOffersTheFallback();
    void oddInputNeverReachesTheServerAsIs_data();
    void oddInputNeverReachesTheServerAsIs();
};

void tst_OnboardingPage::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void tst_OnboardingPage::explainsWhatAKeyIs()
{
    PageFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.page.get()));
    QCOMPARE(f.page->objectName(), u"onboardingPage"_s);
    QCOMPARE(f.label(u"onboardingTitle"_s)->text(), u"Welcome to Alhena"_s);
    const QString text = f.label(u"onboardingText"_s)->text();
    QVERIFY(text.contains(u"API key"_s));
    QVERIFY(text.contains(u"Google AI Studio"_s));
    QVERIFY(text.contains(u"account"_s));

    // The link opens the browser on click only (a link in a label, not fetched by the app).
    QLabel *link = f.label(u"onboardingLink"_s);
    QVERIFY(link->text().contains(u"href=\"https://aistudio.google.com/apikey\""_s));
    QVERIFY(link->openExternalLinks());
    QVERIFY(link->textInteractionFlags().testFlag(Qt::LinksAccessibleByMouse));
    QVERIFY(link->textInteractionFlags().testFlag(Qt::LinksAccessibleByKeyboard));
    QVERIFY(f.server.requests().isEmpty());

    QVERIFY(f.label(u"onboardingStorageNote"_s)->text().contains(u"system keychain"_s));
    QVERIFY(f.label(u"onboardingStorageNote"_s)->text().contains(u"plain file"_s));
    QVERIFY(!f.label(u"onboardingEndpointNote"_s)->isVisible());

    // The editor is the page's own, and it takes the focus for a paste.
    QVERIFY(f.page->editor());
    QVERIFY(f.page->isAncestorOf(f.page->editor()));
    f.page->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), f.edit());
    QCOMPARE(f.edit()->echoMode(), QLineEdit::Password);

    // A centred column: the text never runs the full width of a wide window.
    QVERIFY(f.label(u"onboardingText"_s)->width() <= 560);
}

void tst_OnboardingPage::endpointNote()
{
    PageFixture f;
    QLabel *note = f.label(u"onboardingEndpointNote"_s);
    f.page->setEndpointNote(u"Requests go to http://127.0.0.1:1, not to Google's Gemini API."_s);
    QVERIFY(note->isVisible());
    QCOMPARE(f.page->endpointNote(), u"Requests go to http://127.0.0.1:1, not to Google's Gemini API."_s);
    // Plain text: whatever a URL holds is shown, not interpreted.
    f.page->setEndpointNote(u"<img src=x> <a href=\"http://evil\">here</a>"_s);
    QCOMPARE(note->textFormat(), Qt::PlainText);
    f.page->setEndpointNote({});
    QVERIFY(!note->isVisible());
}

void tst_OnboardingPage::badKeyIsExplainedAndNotSaved()
{
    PageFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.page.get()));
    QSignalSpy ready(f.page.get(), &OnboardingPage::keyReady);
    QSignalSpy tested(f.page->editor(), &ApiKeyEditor::tested);
    f.typeKey(u"AIzaNotARealKey"_s);
    f.click(u"testKeyButton"_s);
    QTRY_COMPARE(tested.size(), 1);
    const auto result = tested.constFirst().constFirst().value<KeyCheck::Result>();
    QVERIFY(!result.ok);
    QCOMPARE(result.error.reason, u"API_KEY_INVALID"_s);
    QVERIFY2(f.status().contains(result.message), qPrintable(f.status()));
    QVERIFY(!f.status().contains(u"AIzaNotARealKey"_s)); // the key is never echoed back
    QCOMPARE(f.server.requests(u"/models"_s).constFirst().header("x-goog-api-key"), QByteArray("AIzaNotARealKey"));
    QCOMPARE(ready.size(), 0);
    QVERIFY(f.stored().isEmpty());
    QVERIFY(f.credentials.apiKey().isEmpty());
}

void tst_OnboardingPage::goodKeyIsSavedInTheKeychain()
{
    PageFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.page.get()));
    QSignalSpy ready(f.page.get(), &OnboardingPage::keyReady);
    QSignalSpy tested(f.page->editor(), &ApiKeyEditor::tested);
    f.typeKey(f.server.apiKey());
    f.click(u"testKeyButton"_s);
    QTRY_COMPARE(tested.size(), 1);
    QVERIFY(tested.constFirst().constFirst().value<KeyCheck::Result>().ok);
    QCOMPARE(ready.size(), 0); // a good test is not a save
    QVERIFY(f.stored().isEmpty());

    f.click(u"saveKeyButton"_s);
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(f.stored(), f.server.apiKey());
    QCOMPARE(f.credentials.apiKey(), f.server.apiKey());
    QCOMPARE(f.credentials.location(QString::fromLatin1(SecretNames::ApiKey)), Credentials::Location::Keychain);
    QVERIFY(!f.file.exists());
}

void tst_OnboardingPage::keyForThisSessionOnly()
{
    PageFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.page.get()));
    QSignalSpy ready(f.page.get(), &OnboardingPage::keyReady);
    f.typeKey(f.server.apiKey());
    auto *remember = f.child<QCheckBox>(u"rememberKeyCheck"_s);
    QVERIFY(remember->isChecked()); // remembering is the default
    QTest::keyClick(remember, Qt::Key_Space);
    QVERIFY(!f.child<QCheckBox>(u"rememberKeyCheck"_s)->isChecked());
    f.click(u"saveKeyButton"_s);
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(f.credentials.location(QString::fromLatin1(SecretNames::ApiKey)), Credentials::Location::Session);
    QVERIFY(f.stored().isEmpty());
    QVERIFY(!f.file.exists());
}

void tst_OnboardingPage::keychainRefusalOffersTheFallback()
{
    PageFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.page.get()));
    QSignalSpy ready(f.page.get(), &OnboardingPage::keyReady);
    f.keychain.setFailure({SecretError::Kind::Denied, u"the user dismissed the prompt"_s});
    f.typeKey(f.server.apiKey());
    f.click(u"saveKeyButton"_s);
    auto *fallback = f.child<QWidget>(u"keychainFallbackBox"_s);
    QTRY_VERIFY(fallback->isVisible());
    QCOMPARE(ready.size(), 0); // the user has a choice to make first
    f.click(u"keepForSessionButton"_s);
    QTRY_COMPARE(ready.size(), 1);
    QCOMPARE(f.credentials.apiKey(), f.server.apiKey());
    QVERIFY(!f.file.exists());
}

void tst_OnboardingPage::oddInputNeverReachesTheServerAsIs_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << u"   "_s;
    QTest::newRow("huge") << QString(100000, u'A');
    QTest::newRow("header injection") << u"AIza123\r\nX-Evil: 1"_s;
    QTest::newRow("markup") << u"<b>AIza</b><img src=x>"_s;
}

void tst_OnboardingPage::oddInputNeverReachesTheServerAsIs()
{
    QFETCH(QString, key);
    PageFixture f;
    QVERIFY(QTest::qWaitForWindowExposed(f.page.get()));
    QSignalSpy ready(f.page.get(), &OnboardingPage::keyReady);
    QSignalSpy tested(f.page->editor(), &ApiKeyEditor::tested);
    f.page->editor()->setKey(key); // as a paste would put it
    f.page->editor()->test();
    QTRY_VERIFY(tested.size() == 1 || !f.status().isEmpty());
    QVERIFY(!f.status().isEmpty()); // something plain is said, whatever the input
    if (!tested.isEmpty())
        QVERIFY(!tested.constFirst().constFirst().value<KeyCheck::Result>().ok);
    for (const FakeGeminiServer::Request &request : f.server.requests()) {
        QVERIFY(!request.headers.contains("x-evil"));
        QVERIFY(request.header("x-goog-api-key").size() < 4096);
    }
    QCOMPARE(ready.size(), 0);
    QVERIFY(f.stored().isEmpty());
}

QTEST_MAIN(tst_OnboardingPage)
#include "tst_onboardingpage.moc"
