#include "apikeyeditor.h"
#include "support/credentialsfixture.h"
#include "support/secretstoretesting.h"
#include "themecolors.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

const QString GoodKey = u"AIzaSyGood-Key_0123456789abcdefghijklm"_s;
const QString ApiKey = QString::fromLatin1(SecretNames::ApiKey);

struct Fixture : CredentialsFixture
{
    explicit Fixture(const QProcessEnvironment &environment = QProcessEnvironment())
        : CredentialsFixture(GoodKey, environment)
        , editor(&credentials, &nam)
    {
        ClientConfig config;
        config.baseUrl = server.baseUrl();
        config.apiKey = u"ignored"_s;
        editor.setClientConfig(config);
        editor.setConfirmation([this](QWidget *, const QString &title, const QString &text) {
            ++confirmations;
            lastConfirmation = title + u'\n' + text;
            return confirmAnswer;
        });
    }

    template<typename T> T *child(const QString &name) const { return requireChild<T>(&editor, name); }
    QLineEdit *edit() const { return child<QLineEdit>(u"apiKeyEdit"_s); }
    QPushButton *testButton() const { return child<QPushButton>(u"testKeyButton"_s); }
    QPushButton *saveButton() const { return child<QPushButton>(u"saveKeyButton"_s); }
    QCheckBox *remember() const { return child<QCheckBox>(u"rememberKeyCheck"_s); }
    QWidget *fallbackBox() const { return child<QWidget>(u"keychainFallbackBox"_s); }

    void type(const QString &text)
    {
        edit()->clear();
        QTest::keyClicks(edit(), text);
    }

    // No widget shows the key in its text or tooltip.
    bool keyShownAnywhere(const QString &key) const
    {
        const QList<QWidget *> widgets = editor.findChildren<QWidget *>();
        for (const QWidget *w : widgets) {
            if (w->toolTip().contains(key) || w->whatsThis().contains(key) || w->accessibleName().contains(key))
                return true;
            if (const auto *label = qobject_cast<const QLabel *>(w); label && label->text().contains(key))
                return true;
            if (const auto *button = qobject_cast<const QAbstractButton *>(w); button && button->text().contains(key))
                return true;
        }
        return false;
    }

    ApiKeyEditor editor;
    bool confirmAnswer = true;
    int confirmations = 0;
    QString lastConfirmation;
};

} // namespace

class tst_ApiKeyEditor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Every message Qt logs while a test runs, to prove the key is never in one.
    void init() { m_log.emplace(LogCapture::Pass::Forward); }
    void cleanup()
    {
        const QStringList messages = m_log->lines();
        m_log.reset();
        for (const QString &message : messages)
            QVERIFY2(!message.contains(GoodKey) && !message.contains(u"AIzaSyWrong"_s), qPrintable(message));
    }

    void startsEmptyAndHidden()
    {
        Fixture f;
        QCOMPARE(f.edit()->echoMode(), QLineEdit::Password);
        QVERIFY(!f.testButton()->isEnabled());
        QVERIFY(!f.saveButton()->isEnabled());
        QVERIFY(f.remember()->isChecked());
        QVERIFY(f.fallbackBox()->isHidden());
        QVERIFY(f.editor.statusText().isEmpty());

        f.type(GoodKey);
        QVERIFY(f.testButton()->isEnabled());
        QVERIFY(f.saveButton()->isEnabled());
        auto *show = f.child<QToolButton>(u"showKeyButton"_s);
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(f.edit()->echoMode(), QLineEdit::Normal);
        QTest::mouseClick(show, Qt::LeftButton);
        QCOMPARE(f.edit()->echoMode(), QLineEdit::Password);
    }

    void badKeyShowsTheReason()
    {
        Fixture f;
        const QString wrong = u"AIzaSyWrong-Key_0123456789abcdefghijklm"_s;
        f.type(wrong);
        QSignalSpy tested(&f.editor, &ApiKeyEditor::tested);
        QTest::mouseClick(f.testButton(), Qt::LeftButton);
        QCOMPARE(f.testButton()->text(), u"Testing…"_s);
        QVERIFY(!f.testButton()->isEnabled());
        QVERIFY(f.editor.isTesting());

        QVERIFY(tested.wait(10000));
        const auto result = tested.at(0).at(0).value<KeyCheck::Result>();
        QVERIFY(!result.ok);
        QCOMPARE(result.error.kind, ApiError::Kind::InvalidKey);
        QCOMPARE(f.editor.statusText(), result.message);
        QVERIFY2(f.editor.statusText().contains(u"does not accept this key"_s), qPrintable(f.editor.statusText()));
        QVERIFY(f.testButton()->isEnabled());
        QCOMPARE(f.testButton()->text(), u"&Test"_s);
        auto *status = f.child<QLabel>(u"keyStatusLabel"_s);
        QCOMPARE(status->palette().color(QPalette::WindowText), ThemeColors::error(f.editor.palette()));
        QVERIFY(!f.keyShownAnywhere(wrong));
        // The key went in the header, not the URL.
        const QList<FakeGeminiServer::Request> requests = f.server.requests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.at(0).header("x-goog-api-key"), wrong.toLatin1());
        QVERIFY(!requests.at(0).query.toString().contains(wrong));
    }

    void goodKeyWorks()
    {
        Fixture f;
        f.type(u"  "_s + GoodKey + u"  "_s);
        QSignalSpy tested(&f.editor, &ApiKeyEditor::tested);
        f.editor.test();
        QVERIFY(tested.wait(10000));
        const auto result = tested.at(0).at(0).value<KeyCheck::Result>();
        QVERIFY2(result.ok, qPrintable(result.message));
        QVERIFY(result.modelCount > 0);
        QVERIFY2(f.editor.statusText().contains(u"works"_s), qPrintable(f.editor.statusText()));
        QVERIFY(!f.keyShownAnywhere(GoodKey));
        // Testing stores nothing.
        QCOMPARE(f.credentials.location(ApiKey), Credentials::Location::None);
        QVERIFY(!f.keychain.contains(ApiKey));
    }

    void saveRemembersInTheKeychain_data()
    {
        QTest::addColumn<bool>("remember");
        QTest::addColumn<Credentials::Location>("where");
        QTest::newRow("remembered") << true << Credentials::Location::Keychain;
        QTest::newRow("this session") << false << Credentials::Location::Session;
    }
    void saveRemembersInTheKeychain()
    {
        QFETCH(bool, remember);
        QFETCH(Credentials::Location, where);
        Fixture f;
        f.type(GoodKey);
        if (f.remember()->isChecked() != remember)
            QTest::mouseClick(f.remember(), Qt::LeftButton, {}, QPoint(4, f.remember()->height() / 2));
        QCOMPARE(f.remember()->isChecked(), remember);
        QSignalSpy saved(&f.editor, &ApiKeyEditor::saved);
        QTest::mouseClick(f.saveButton(), Qt::LeftButton);
        QVERIFY(saved.wait(5000));
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.at(0).at(0).value<Credentials::Location>(), where);
        QCOMPARE(f.credentials.location(ApiKey), where);
        QCOMPARE(f.credentials.apiKey(), GoodKey);
        QCOMPARE(f.keychain.contains(ApiKey), remember);
        if (remember)
            QCOMPARE(f.keychain.value(ApiKey), GoodKey);
        QVERIFY(!QFile::exists(f.file.path()));
        QVERIFY(f.fallbackBox()->isHidden());
        QVERIFY(!f.editor.statusText().isEmpty());
        QVERIFY(!f.keyShownAnywhere(GoodKey));
    }

    void enterInTheFieldSaves()
    {
        Fixture f;
        f.type(GoodKey);
        QSignalSpy saved(&f.editor, &ApiKeyEditor::saved);
        QTest::keyClick(f.edit(), Qt::Key_Return);
        QVERIFY(saved.wait(5000));
        QCOMPARE(f.keychain.value(ApiKey), GoodKey);

        // With nothing usable in the field, Enter explains instead.
        f.edit()->clear();
        QTest::keyClick(f.edit(), Qt::Key_Enter, Qt::KeypadModifier);
        QCOMPARE(f.editor.statusText(), ApiKeyEditor::keyProblem({}));
    }

    void keychainFailureOffersKeepForSession()
    {
        Fixture f;
        f.keychain.setFailure({SecretError::Kind::Unavailable, u"org.freedesktop.secrets was not provided"_s});
        f.type(GoodKey);
        QSignalSpy saved(&f.editor, &ApiKeyEditor::saved);
        QTest::mouseClick(f.saveButton(), Qt::LeftButton);
        QTRY_VERIFY(f.fallbackBox()->isVisibleTo(&f.editor));
        const QString reason = SecretError {SecretError::Kind::Unavailable, {}}.userText();
        QVERIFY2(f.editor.statusText().contains(reason), qPrintable(f.editor.statusText()));
        QCOMPARE(saved.size(), 0);
        // Already in effect for this run.
        QCOMPARE(f.credentials.location(ApiKey), Credentials::Location::Session);

        QTest::mouseClick(f.child<QPushButton>(u"keepForSessionButton"_s), Qt::LeftButton);
        QVERIFY(!f.fallbackBox()->isVisibleTo(&f.editor));
        QVERIFY2(f.editor.statusText().contains(u"kept for this session"_s), qPrintable(f.editor.statusText()));
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved.at(0).at(0).value<Credentials::Location>(), Credentials::Location::Session);
        QCOMPARE(f.credentials.apiKey(), GoodKey);
        QVERIFY(!QFile::exists(f.file.path()));
        QCOMPARE(f.confirmations, 0);
    }

    // The field was edited after the refusal: the key kept is the one it shows now.
    void keepForSessionKeepsTheEditedKey()
    {
        Fixture f;
        f.keychain.setFailure({SecretError::Kind::Denied, u"locked"_s});
        f.type(u"AIzaSy-first-attempt-0000000000000"_s);
        QTest::mouseClick(f.saveButton(), Qt::LeftButton);
        QTRY_VERIFY(f.fallbackBox()->isVisibleTo(&f.editor));
        f.type(GoodKey);
        QSignalSpy saved(&f.editor, &ApiKeyEditor::saved);
        QTest::mouseClick(f.child<QPushButton>(u"keepForSessionButton"_s), Qt::LeftButton);
        QVERIFY(saved.wait(5000));
        QCOMPARE(saved.at(0).at(0).value<Credentials::Location>(), Credentials::Location::Session);
        QCOMPARE(f.credentials.apiKey(), GoodKey);
        QCOMPARE(f.credentials.location(ApiKey), Credentials::Location::Session);
        QVERIFY(!f.fallbackBox()->isVisibleTo(&f.editor));
    }

    void keychainFailureSaveToFile_data()
    {
        QTest::addColumn<bool>("confirmed");
        QTest::newRow("confirmed") << true;
        QTest::newRow("declined") << false;
    }
    void keychainFailureSaveToFile()
    {
        QFETCH(bool, confirmed);
        Fixture f;
        f.confirmAnswer = confirmed;
        f.keychain.setFailure({SecretError::Kind::Denied, u"user dismissed the prompt"_s});
        f.type(GoodKey);
        QSignalSpy saved(&f.editor, &ApiKeyEditor::saved);
        f.editor.save();
        QTRY_VERIFY(f.fallbackBox()->isVisibleTo(&f.editor));

        QTest::mouseClick(f.child<QPushButton>(u"saveToFileButton"_s), Qt::LeftButton);
        QCOMPARE(f.confirmations, 1);
        QVERIFY2(f.lastConfirmation.contains(u"unencrypted"_s), qPrintable(f.lastConfirmation));
        QVERIFY(f.lastConfirmation.contains(u"any program"_s));
        QVERIFY(f.lastConfirmation.contains(f.file.path()));
        QVERIFY(!f.lastConfirmation.contains(GoodKey));
        if (!confirmed) {
            QVERIFY(!QFile::exists(f.file.path()));
            QCOMPARE(saved.size(), 0);
            QCOMPARE(f.credentials.location(ApiKey), Credentials::Location::Session);
            QVERIFY(f.editor.statusText().contains(u"session"_s));
            return;
        }
        QVERIFY(saved.wait(5000));
        QCOMPARE(saved.at(0).at(0).value<Credentials::Location>(), Credentials::Location::File);
        QCOMPARE(f.credentials.location(ApiKey), Credentials::Location::File);
        QVERIFY(QFile::exists(f.file.path()));
        QCOMPARE(fileMode(f.file.path()), 0600);
        QVERIFY(!f.fallbackBox()->isVisibleTo(&f.editor));
        QVERIFY2(f.editor.statusText().contains(f.file.path()), qPrintable(f.editor.statusText()));
        QVERIFY(!f.keyShownAnywhere(GoodKey));
    }

    void pastedKeys_data()
    {
        QTest::addColumn<QString>("pasted");
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("usable");
        QTest::newRow("plain") << GoodKey << GoodKey << true;
        QTest::newRow("spaces and newline") << u"  \t"_s + GoodKey + u" \n"_s << GoodKey << true;
        QTest::newRow("double quotes") << u"\""_s + GoodKey + u"\""_s << GoodKey << true;
        QTest::newRow("single quotes") << u" '"_s + GoodKey + u"' "_s << GoodKey << true;
        QTest::newRow("typographic quotes") << u"\u201c"_s + GoodKey + u"\u201d"_s << GoodKey << true;
        QTest::newRow("shell line") << u"export GEMINI_API_KEY=\""_s + GoodKey + u"\""_s << GoodKey << true;
        QTest::newRow(".env line") << u"GOOGLE_API_KEY="_s + GoodKey << GoodKey << true;
        QTest::newRow("empty") << QString() << QString() << false;
        QTest::newRow("white space") << u"   \t  "_s << QString() << false;
        QTest::newRow("only quotes") << u"\"\""_s << QString() << false;
        QTest::newRow("two keys") << GoodKey + u" "_s + GoodKey << GoodKey + u" "_s + GoodKey << false;
        QTest::newRow("not ascii") << u"AIzaSyé€"_s << u"AIzaSyé€"_s << false;
        QTest::newRow("control") << u"AIza\u0001Sy"_s << u"AIza\u0001Sy"_s << false;
        QTest::newRow("huge") << QString(3000, u'A') << QString(3000, u'A') << false;
    }
    void pastedKeys()
    {
        QFETCH(QString, pasted);
        QFETCH(QString, key);
        QFETCH(bool, usable);
        Fixture f;
        QApplication::clipboard()->setText(pasted);
        f.edit()->setFocus();
        QTest::keySequence(f.edit(), QKeySequence::Paste);
        if (f.edit()->text() != pasted)
            f.edit()->setText(pasted); // a platform without a working clipboard
        QCOMPARE(f.editor.key(), key);
        QCOMPARE(f.testButton()->isEnabled(), usable);
        QCOMPARE(f.saveButton()->isEnabled(), usable);
        QCOMPARE(ApiKeyEditor::keyProblem(key).isEmpty(), usable);

        // Asked anyway (a script, or Enter): a clear message, nothing stored, no request sent.
        QSignalSpy saved(&f.editor, &ApiKeyEditor::saved);
        f.editor.save();
        if (!usable) {
            QCOMPARE(f.editor.statusText(), ApiKeyEditor::keyProblem(key));
            f.editor.test();
            QCOMPARE(f.editor.statusText(), ApiKeyEditor::keyProblem(key));
            QVERIFY(!f.editor.isTesting());
            QCoreApplication::processEvents();
            QCOMPARE(saved.size(), 0);
            QCOMPARE(f.credentials.location(ApiKey), Credentials::Location::None);
            QVERIFY(f.server.requests().isEmpty());
        } else {
            QVERIFY(saved.wait(5000));
            QCOMPARE(f.keychain.value(ApiKey), key);
        }
    }

    void environmentKeyIsShownAsSuch()
    {
        QProcessEnvironment environment;
        environment.insert(u"GEMINI_API_KEY"_s, u"AIzaSyFromTheEnvironment0123456789abcd"_s);
        Fixture f(environment);
        QSignalSpy loaded(&f.credentials, &Credentials::loaded);
        f.credentials.load();
        QVERIFY(loaded.wait(5000));
        QVERIFY2(f.editor.statusText().contains(u"GEMINI_API_KEY"_s), qPrintable(f.editor.statusText()));
        QVERIFY(f.edit()->text().isEmpty());
        QVERIFY(!f.keyShownAnywhere(u"AIzaSyFromTheEnvironment0123456789abcd"_s));

        // Saving another key works, and says the environment's still wins.
        f.type(GoodKey);
        QSignalSpy saved(&f.editor, &ApiKeyEditor::saved);
        f.editor.save();
        QVERIFY(saved.wait(5000));
        QCOMPARE(f.keychain.value(ApiKey), GoodKey);
        QVERIFY2(f.editor.statusText().contains(u"GEMINI_API_KEY"_s), qPrintable(f.editor.statusText()));
        QCOMPARE(f.credentials.location(ApiKey), Credentials::Location::Environment);
    }

    void otherSecretsAreNotOurs()
    {
        Fixture f;
        QSignalSpy saved(&f.editor, &ApiKeyEditor::saved);
        f.keychain.setFailure({SecretError::Kind::Unavailable, {}});
        QSignalSpy failed(&f.credentials, &Credentials::storeFailed);
        f.credentials.store(QString::fromLatin1(SecretNames::ProxyPassword), u"pw"_s);
        f.credentials.store(ApiKey, GoodKey); // another editor's save
        QTRY_COMPARE(failed.size(), 2);
        QCOMPARE(saved.size(), 0);
        QVERIFY(f.fallbackBox()->isHidden());
    }

    void clearResets()
    {
        Fixture f;
        f.keychain.setFailure({SecretError::Kind::Unavailable, {}});
        f.type(GoodKey);
        f.editor.save();
        QTRY_VERIFY(f.fallbackBox()->isVisibleTo(&f.editor));
        f.editor.clear();
        QVERIFY(f.edit()->text().isEmpty());
        QVERIFY(f.fallbackBox()->isHidden());
        QVERIFY(f.editor.statusText().isEmpty());
        QVERIFY(!f.saveButton()->isEnabled());
    }

private:
    std::optional<LogCapture> m_log;
};

QTEST_MAIN(tst_ApiKeyEditor)
#include "tst_apikeyeditor.moc"
