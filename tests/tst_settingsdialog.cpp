#include "apikeyeditor.h"
#include "settings/appsettings.h"
#include "settingsdialog.h"
#include "support/credentialsfixture.h"
#include "support/loopbackproxy.h"
#include "themecolors.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using Page = SettingsDialog::Page;

namespace {

const QString GoodKey = u"AIzaSyGood-Key_0123456789abcdefghijklm"_s;
const QString ApiKey = QString::fromLatin1(SecretNames::ApiKey);
const QString ProxyPassword = QString::fromLatin1(SecretNames::ProxyPassword);

QString describe(const Preferences &p)
{
    return u"baseUrl=%1 apiVersion=%2 proxy=%3/%4/%5:%6 user=%7 timeouts=%8/%9 retries=%10 inline=%11 theme=%12 "
           u"font=%13 send=%14 language=%15"_s
               .arg(p.baseUrl, p.apiVersion, ProxySettings::modeName(p.proxy.mode),
                   ProxySettings::typeName(p.proxy.type), p.proxy.host)
               .arg(p.proxy.port)
               .arg(p.proxy.user)
               .arg(p.requestTimeoutSeconds)
               .arg(p.streamIdleTimeoutSeconds)
               .arg(p.retries)
               .arg(p.inlineLimitBytes)
               .arg(Preferences::themeName(p.theme))
               .arg(p.fontPointSize)
               .arg(p.sendKey == Preferences::SendKey::Enter ? u"enter"_s : u"ctrl+enter"_s)
               .arg(p.language);
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Typing into the fields, as a person would.
void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(edit, Qt::Key_Delete);
    if (text.size() > 100)
        edit->insert(text); // a paste: typing it would take long
    else if (!text.isEmpty())
        QTest::keyClicks(edit, text);
}

void typeInto(QSpinBox *spin, int value)
{
    spin->setFocus();
    if (value == spin->minimum() && !spin->specialValueText().isEmpty()) {
        for (int i = 0; i < 20 && spin->value() != spin->minimum(); ++i)
            QTest::keyClick(spin, Qt::Key_PageDown);
        return;
    }
    spin->selectAll();
    QTest::keyClicks(spin, QString::number(value));
    QTest::keyClick(spin, Qt::Key_Tab);
}

// A click on the button's indicator: the middle of a wide radio button is not part of it.
void clickIndicator(QAbstractButton *button)
{
    QTest::mouseClick(button, Qt::LeftButton, {}, QPoint(6, button->height() / 2));
}

void choose(QComboBox *combo, int index)
{
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < index; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
}

struct Fixture : CredentialsFixture
{
    explicit Fixture(const QProcessEnvironment &environment = QProcessEnvironment())
        : CredentialsFixture(GoodKey, environment)
    {
        settingsPath = dir.path() + u"/config/Alhena.conf"_s;
        settings = std::make_unique<AppSettings>(settingsPath);
        context.clientConfig.baseUrl = server.baseUrl();
        context.dataFolder = dir.path() + u"/data"_s;
        context.languages = {u"en"_s, u"de"_s, u"fr"_s, u"ja"_s};
    }

    SettingsDialog *open()
    {
        dialog = std::make_unique<SettingsDialog>(settings.get(), &credentials, &nam, context);
        dialog->setConfirmation([this](QWidget *, const QString &title, const QString &text) {
            confirmations.append(title + u'\n' + text);
            return confirmAnswer;
        });
        dialog->setFolderOpener([this](const QUrl &url) {
            opened.append(url);
            return openerAnswer;
        });
        dialog->show();
        if (!QTest::qWaitForWindowExposed(dialog.get()))
            qWarning("the dialog was not exposed");
        return dialog.get();
    }

    template<typename T> T *child(const QString &name) const { return requireChild<T>(dialog.get(), name); }
    QPushButton *button(QDialogButtonBox::StandardButton which) const
    {
        return dialog->findChild<QDialogButtonBox *>()->button(which);
    }
    void click(QDialogButtonBox::StandardButton which) const { QTest::mouseClick(button(which), Qt::LeftButton); }
    QString problem() const
    {
        auto *label = child<QLabel>(u"settingsProblemLabel"_s);
        return label->isVisibleTo(dialog.get()) ? label->text() : QString();
    }

    // Sets every field of the dialog to p through the keyboard and the mouse.
    void enter(const Preferences &p)
    {
        dialog->showPage(Page::Connection);
        typeInto(child<QLineEdit>(u"baseUrlEdit"_s), p.baseUrl);
        typeInto(child<QLineEdit>(u"apiVersionEdit"_s), p.apiVersion == u"v1beta"_s ? QString() : p.apiVersion);
        // The manual fields first, while they are enabled; then the mode.
        clickIndicator(child<QRadioButton>(u"proxyManualRadio"_s));
        choose(child<QComboBox>(u"proxyTypeCombo"_s), p.proxy.type == ProxySettings::Type::Http ? 0 : 1);
        typeInto(child<QLineEdit>(u"proxyHostEdit"_s), p.proxy.host);
        typeInto(child<QSpinBox>(u"proxyPortSpin"_s), p.proxy.port);
        typeInto(child<QLineEdit>(u"proxyUserEdit"_s), p.proxy.user);
        const QString mode = p.proxy.mode == ProxySettings::Mode::System ? u"proxySystemRadio"_s
            : p.proxy.mode == ProxySettings::Mode::None                  ? u"proxyNoneRadio"_s
                                                                         : u"proxyManualRadio"_s;
        clickIndicator(child<QRadioButton>(mode));
        typeInto(child<QSpinBox>(u"requestTimeoutSpin"_s), p.requestTimeoutSeconds);
        typeInto(child<QSpinBox>(u"streamTimeoutSpin"_s), p.streamIdleTimeoutSeconds);
        typeInto(child<QSpinBox>(u"retriesSpin"_s), p.retries);

        dialog->showPage(Page::Attachments);
        typeInto(child<QSpinBox>(u"inlineLimitSpin"_s), int(p.inlineLimitBytes / 1000000));

        dialog->showPage(Page::Appearance);
        choose(child<QComboBox>(u"themeCombo"_s), int(p.theme));
        auto *font = child<QSpinBox>(u"fontSizeSpin"_s);
        typeInto(font, p.fontPointSize == 0 ? font->minimum() : p.fontPointSize);
        choose(child<QComboBox>(u"sendKeyCombo"_s), int(p.sendKey));
        auto *language = child<QComboBox>(u"languageCombo"_s);
        choose(language, language->findData(p.language));
    }

    QString settingsPath;
    std::unique_ptr<AppSettings> settings;
    SettingsDialog::Context context;
    std::unique_ptr<SettingsDialog> dialog;
    bool confirmAnswer = true;
    QStringList confirmations;
    bool openerAnswer = true;
    QList<QUrl> opened;
};

Preferences everythingChanged()
{
    Preferences p;
    p.baseUrl = u"https://gateway.example.com/gemini"_s;
    p.apiVersion = u"v1"_s;
    p.proxy = {ProxySettings::Mode::Manual, ProxySettings::Type::Socks5, u"proxy.example.org"_s, 1080, u"alice"_s};
    p.requestTimeoutSeconds = 120;
    p.streamIdleTimeoutSeconds = 60;
    p.retries = 0;
    p.inlineLimitBytes = 5LL * 1000 * 1000;
    p.theme = Preferences::Theme::Dark;
    p.fontPointSize = 14;
    p.sendKey = Preferences::SendKey::CtrlEnter;
    p.language = u"de"_s;
    return p;
}

} // namespace

class tst_SettingsDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void structure()
    {
        Fixture f;
        SettingsDialog *dialog = f.open();
        QCOMPARE(dialog->windowTitle(), u"Settings"_s);
        auto *pages = f.child<QListWidget>(u"settingsPages"_s);
        auto *stack = f.child<QStackedWidget>(u"settingsStack"_s);
        QCOMPARE(pages->count(), 5);
        QCOMPARE(stack->count(), 5);
        QCOMPARE(dialog->currentPage(), Page::ApiKey);
        QVERIFY(!f.button(QDialogButtonBox::RestoreDefaults)->isEnabled());
        QTest::mouseClick(
            pages->viewport(), Qt::LeftButton, {}, pages->visualItemRect(pages->item(int(Page::Appearance))).center());
        QCOMPARE(dialog->currentPage(), Page::Appearance);
        QCOMPARE(stack->currentIndex(), int(Page::Appearance));
        QVERIFY(f.child<QComboBox>(u"themeCombo"_s)->isVisible());
        QVERIFY(f.button(QDialogButtonBox::RestoreDefaults)->isEnabled());
        for (const char *name : {"baseUrlEdit", "apiVersionEdit", "proxyHostEdit", "proxyPortSpin", "proxyPasswordEdit",
                 "requestTimeoutSpin", "streamTimeoutSpin", "retriesSpin", "inlineLimitSpin", "themeCombo",
                 "fontSizeSpin", "sendKeyCombo", "languageCombo"}) {
            auto *field = f.child<QWidget>(QString::fromLatin1(name));
            QVERIFY2(!field->toolTip().isEmpty(), name);
        }
        QCOMPARE(f.child<QLineEdit>(u"proxyPasswordEdit"_s)->echoMode(), QLineEdit::Password);
        QCOMPARE(f.child<QSpinBox>(u"fontSizeSpin"_s)->specialValueText(), u"System default"_s);
        QCOMPARE(f.child<QSpinBox>(u"inlineLimitSpin"_s)->minimum(), 1);
        QCOMPARE(f.child<QSpinBox>(u"inlineLimitSpin"_s)->maximum(), 100);
        QVERIFY(f.child<QLabel>(u"endpointOverrideNote"_s)->isHidden());
    }

    void roundTrip_data()
    {
        QTest::addColumn<Preferences>("start");
        QTest::addColumn<Preferences>("target");
        QTest::newRow("everything changed") << Preferences {} << everythingChanged();

        Preferences local;
        local.baseUrl = u"http://127.0.0.1:8080"_s;
        local.apiVersion = u"v1alpha"_s;
        local.proxy.mode = ProxySettings::Mode::None;
        local.requestTimeoutSeconds = Preferences::MaxTimeoutSeconds;
        local.streamIdleTimeoutSeconds = Preferences::MinTimeoutSeconds;
        local.retries = Preferences::MaxRetries;
        local.inlineLimitBytes = 100LL * 1000 * 1000;
        local.theme = Preferences::Theme::Light;
        local.fontPointSize = Preferences::MaxFontPointSize;
        local.language = u"fr"_s;
        QTest::newRow("local gateway, no proxy, limits") << Preferences {} << local;

        Preferences httpProxy;
        httpProxy.proxy = {ProxySettings::Mode::Manual, ProxySettings::Type::Http, u"10.0.0.1"_s, 3128, {}};
        httpProxy.inlineLimitBytes = 1000LL * 1000;
        httpProxy.fontPointSize = Preferences::MinFontPointSize;
        httpProxy.language = u"ja"_s;
        QTest::newRow("http proxy, smallest") << everythingChanged() << httpProxy;

        QTest::newRow("back to defaults") << everythingChanged() << Preferences {};
    }
    void roundTrip()
    {
        QFETCH(Preferences, start);
        QFETCH(Preferences, target);
        Fixture f;
        QVERIFY(f.settings->setPreferences(start));
        SettingsDialog *dialog = f.open();
        QVERIFY2(dialog->editedPreferences() == start, qPrintable(describe(dialog->editedPreferences())));

        QSignalSpy changed(f.settings.get(), &AppSettings::preferencesChanged);
        f.enter(target);
        QVERIFY2(dialog->editedPreferences() == target,
            qPrintable(describe(dialog->editedPreferences()) + u"\n"_s + describe(target)));
        f.click(QDialogButtonBox::Ok);
        QVERIFY2(f.problem().isEmpty(), qPrintable(f.problem()));
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QVERIFY(!dialog->isVisible());
        QCOMPARE(changed.size(), start == target ? 0 : 1);
        QVERIFY(f.settings->preferences() == target);

        // What another run reads from the file.
        AppSettings reread(f.settingsPath);
        QVERIFY2(reread.preferences() == target, qPrintable(describe(reread.preferences())));
        QVERIFY2(reread.loadNote().isEmpty(), qPrintable(reread.loadNote()));
    }

    void cancelChangesNothing()
    {
        Fixture f;
        QVERIFY(f.settings->setPreferences(everythingChanged()));
        const QByteArray before = fileBytes(f.settingsPath);
        QVERIFY(!before.isEmpty());
        SettingsDialog *dialog = f.open();
        QSignalSpy changed(f.settings.get(), &AppSettings::preferencesChanged);
        Preferences other;
        other.proxy.mode = ProxySettings::Mode::Manual;
        other.proxy.host = u"elsewhere.example"_s;
        f.enter(other);
        typeInto(f.child<QLineEdit>(u"proxyPasswordEdit"_s), u"typed-password"_s);
        f.click(QDialogButtonBox::Cancel);
        QCOMPARE(dialog->result(), int(QDialog::Rejected));
        QVERIFY(!dialog->isVisible());
        QCOMPARE(changed.size(), 0);
        QVERIFY(f.settings->preferences() == everythingChanged());
        QCOMPARE(fileBytes(f.settingsPath), before);
        QCoreApplication::processEvents();
        QVERIFY(!f.keychain.contains(ProxyPassword));
        QCOMPARE(f.credentials.location(ProxyPassword), Credentials::Location::None);
    }

    void applyKeepsTheDialogOpen()
    {
        Fixture f;
        SettingsDialog *dialog = f.open();
        dialog->showPage(Page::Connection);
        typeInto(f.child<QSpinBox>(u"retriesSpin"_s), 7);
        QTest::mouseClick(f.button(QDialogButtonBox::Apply), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QCOMPARE(f.settings->preferences().retries, 7);
    }

    void badFieldsKeepTheDialogOpen_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");

        const auto url
            = [](const QString &text) { return ClientConfig::validateBaseUrl(QUrl(text, QUrl::StrictMode)); };
        const auto host = [](const QString &text) {
            ProxySettings proxy;
            proxy.mode = ProxySettings::Mode::Manual;
            proxy.host = text;
            return proxy.problem();
        };
        for (const QString &bad : QStringList {u"ftp://example.com"_s, u"http://example.com"_s,
                 u"https://user:secret@example.com"_s, u"https://example.com/?key=abc"_s, u"not a url"_s,
                 QString(u"https://"_s + QString(3000, u'a') + u".com"_s), u"https://exa mple.com"_s}) {
            QVERIFY2(!url(bad).isEmpty(), qPrintable(bad));
            QTest::newRow(qPrintable(u"base URL "_s + bad.left(40))) << u"baseUrlEdit"_s << bad << url(bad);
        }
        QTest::newRow("api version with a slash")
            << u"apiVersionEdit"_s << u"v1/../x"_s << u"The API version is letters and digits only"_s;
        for (const QString &bad :
            QStringList {QString(), u"http://proxy.example:8080"_s, u"has space"_s, u"proxy/path"_s}) {
            QVERIFY2(!host(bad).isEmpty(), qPrintable(bad));
            QTest::newRow(qPrintable(u"proxy host '"_s + bad + u"'"_s)) << u"proxyHostEdit"_s << bad << host(bad);
        }
    }
    void badFieldsKeepTheDialogOpen()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        Fixture f;
        SettingsDialog *dialog = f.open();
        QSignalSpy changed(f.settings.get(), &AppSettings::preferencesChanged);
        dialog->showPage(Page::Connection);
        if (field == u"proxyHostEdit"_s)
            clickIndicator(f.child<QRadioButton>(u"proxyManualRadio"_s));
        auto *edit = f.child<QLineEdit>(field);
        typeInto(edit, value);
        // Something valid elsewhere, to see it is not applied either.
        dialog->showPage(Page::Appearance);
        choose(f.child<QComboBox>(u"themeCombo"_s), 2);

        f.click(QDialogButtonBox::Ok);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->result() != QDialog::Accepted);
        QCOMPARE(dialog->currentPage(), Page::Connection);
        QVERIFY2(f.problem().startsWith(expected), qPrintable(f.problem()));
        auto *form = qobject_cast<QFormLayout *>(edit->parentWidget()->layout());
        QVERIFY(form);
        auto *label = qobject_cast<QLabel *>(form->labelForField(edit));
        QVERIFY(label);
        QCOMPARE(label->palette().color(QPalette::WindowText), ThemeColors::error(label->palette()));
        QCOMPARE(changed.size(), 0);
        QVERIFY(f.settings->preferences() == Preferences {});
        QVERIFY(!dialog->apply());

        // Fixed, it goes through, and the mark goes away.
        typeInto(edit, field == u"proxyHostEdit"_s ? u"proxy.example.org"_s : QString());
        f.click(QDialogButtonBox::Ok);
        QVERIFY2(f.problem().isEmpty(), qPrintable(f.problem()));
        QCOMPARE(dialog->result(), int(QDialog::Accepted));
        QVERIFY(label->palette().color(QPalette::WindowText) != ThemeColors::error(label->palette()));
        QCOMPARE(f.settings->preferences().theme, Preferences::Theme::Dark);
    }

    void manualProxyFieldsFollowTheMode()
    {
        Fixture f;
        f.open();
        f.dialog->showPage(Page::Connection);
        const QStringList names {
            u"proxyTypeCombo"_s, u"proxyHostEdit"_s, u"proxyPortSpin"_s, u"proxyUserEdit"_s, u"proxyPasswordEdit"_s};
        const auto enabled = [&f, &names](bool expected) {
            for (const QString &name : names) {
                if (f.child<QWidget>(name)->isEnabled() != expected)
                    return false;
            }
            return true;
        };
        QVERIFY(f.child<QRadioButton>(u"proxySystemRadio"_s)->isChecked());
        QVERIFY(enabled(false));
        clickIndicator(f.child<QRadioButton>(u"proxyManualRadio"_s));
        QVERIFY(enabled(true));
        clickIndicator(f.child<QRadioButton>(u"proxyNoneRadio"_s));
        QVERIFY(enabled(false));
        QCOMPARE(f.dialog->editedPreferences().proxy.mode, ProxySettings::Mode::None);
    }

    void proxyPasswordGoesToCredentials()
    {
        Fixture f;
        const QString password = u"pw-S3cret!-1234"_s;
        f.open();
        f.dialog->showPage(Page::Connection);
        clickIndicator(f.child<QRadioButton>(u"proxyManualRadio"_s));
        typeInto(f.child<QLineEdit>(u"proxyHostEdit"_s), u"proxy.example.org"_s);
        typeInto(f.child<QSpinBox>(u"proxyPortSpin"_s), 3128);
        typeInto(f.child<QLineEdit>(u"proxyUserEdit"_s), u"bob"_s);
        typeInto(f.child<QLineEdit>(u"proxyPasswordEdit"_s), password);
        f.click(QDialogButtonBox::Ok);
        QCOMPARE(f.dialog->result(), int(QDialog::Accepted));
        QTRY_COMPARE(f.credentials.location(ProxyPassword), Credentials::Location::Keychain);
        QCOMPARE(f.keychain.value(ProxyPassword), password);
        QCOMPARE(f.settings->preferences().proxy.user, u"bob"_s);
        const QByteArray contents = fileBytes(f.settingsPath);
        QVERIFY(contents.contains("bob"));
        QVERIFY(!contents.contains(password.toUtf8()));
        QVERIFY(!contents.contains("S3cret"));

        // Shown again (as dots) next time; applying without touching it writes nothing.
        f.open();
        auto *edit = f.child<QLineEdit>(u"proxyPasswordEdit"_s);
        QCOMPARE(edit->text(), password);
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
        QSignalSpy writes(&f.keychain, &SecretStore::writeFinished);
        QSignalSpy removes(&f.keychain, &SecretStore::removeFinished);
        QVERIFY(f.dialog->apply());
        QCoreApplication::processEvents();
        QCOMPARE(writes.size(), 0);
        QCOMPARE(removes.size(), 0);

        // Emptied: forgotten.
        f.dialog->showPage(Page::Connection);
        typeInto(edit, QString());
        QVERIFY(f.dialog->apply());
        QTRY_COMPARE(f.credentials.location(ProxyPassword), Credentials::Location::None);
        QVERIFY(!f.keychain.contains(ProxyPassword));
    }

    void proxyIsUsed_data()
    {
        QTest::addColumn<bool>("withCredentials");
        QTest::newRow("open proxy") << false;
        QTest::newRow("proxy with a password") << true;
    }
    void proxyIsUsed()
    {
        QFETCH(bool, withCredentials);
        Fixture f;
        LoopbackProxy proxy(LoopbackProxy::Kind::Http);
        QVERIFY(proxy.listen());
        if (withCredentials)
            proxy.setCredentials(u"bob"_s, u"proxy-pw"_s);
        f.open();
        f.dialog->showPage(Page::Connection);
        clickIndicator(f.child<QRadioButton>(u"proxyManualRadio"_s));
        choose(f.child<QComboBox>(u"proxyTypeCombo"_s), 0);
        typeInto(f.child<QLineEdit>(u"proxyHostEdit"_s), u"127.0.0.1"_s);
        typeInto(f.child<QSpinBox>(u"proxyPortSpin"_s), proxy.port());
        if (withCredentials) {
            typeInto(f.child<QLineEdit>(u"proxyUserEdit"_s), u"bob"_s);
            typeInto(f.child<QLineEdit>(u"proxyPasswordEdit"_s), u"proxy-pw"_s);
        }
        QTest::mouseClick(f.button(QDialogButtonBox::Apply), Qt::LeftButton);
        QVERIFY2(f.problem().isEmpty(), qPrintable(f.problem()));
        if (withCredentials)
            QTRY_COMPARE(f.credentials.value(ProxyPassword), u"proxy-pw"_s);

        QNetworkAccessManager nam;
        QVERIFY(f.settings->preferences().proxy.applyTo(&nam, f.credentials.value(ProxyPassword)));
        QNetworkRequest request(QUrl(f.server.baseUrl().toString() + u"/v1beta/models"_s));
        request.setRawHeader("x-goog-api-key", GoodKey.toLatin1());
        std::unique_ptr<QNetworkReply> reply(nam.get(request));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(!proxy.seen().isEmpty());
        const LoopbackProxy::Seen seen = proxy.seen().constLast();
        QVERIFY2(seen.target.contains("/v1beta/models"), seen.target.constData());
        QVERIFY(seen.authorized);
    }

    void keyLocation_data()
    {
        QTest::addColumn<QString>("environmentKey");
        QTest::addColumn<Credentials::Location>("stored");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("removable");
        QTest::newRow("none") << QString() << Credentials::Location::None << u"No key is set."_s << false;
        QTest::newRow("keychain") << QString() << Credentials::Location::Keychain << u"Saved in the system keychain."_s
                                  << true;
        QTest::newRow("file") << QString() << Credentials::Location::File << u"Saved in a file only you can read: "_s
                              << true;
        QTest::newRow("session") << QString() << Credentials::Location::Session
                                 << u"Kept for this session only: it will be asked for again next time."_s << true;
        const QString fromEnvironment = u"From the environment variable GEMINI_API_KEY. It is used instead of any "
                                        u"saved key; unset it to use another."_s;
        QTest::newRow("environment") << u"AIzaSyEnvironment0123456789"_s << Credentials::Location::None
                                     << fromEnvironment << false;
        QTest::newRow("environment over keychain")
            << u"AIzaSyEnvironment0123456789"_s << Credentials::Location::Keychain << fromEnvironment << true;
    }
    void keyLocation()
    {
        QFETCH(QString, environmentKey);
        QFETCH(Credentials::Location, stored);
        QFETCH(QString, expected);
        QFETCH(bool, removable);
        QProcessEnvironment environment;
        if (!environmentKey.isEmpty())
            environment.insert(u"GEMINI_API_KEY"_s, environmentKey);
        Fixture f(environment);
        f.open();
        auto *label = f.child<QLabel>(u"keyLocationLabel"_s);
        auto *remove = f.child<QPushButton>(u"removeKeyButton"_s);
        if (stored != Credentials::Location::None) {
            QSignalSpy done(&f.credentials, &Credentials::stored);
            f.credentials.store(ApiKey, GoodKey, stored);
            QVERIFY(done.wait(5000));
        }
        // Follows Credentials::changed.
        QVERIFY2(label->text().startsWith(expected), qPrintable(label->text()));
        if (stored == Credentials::Location::File)
            QVERIFY(label->text().contains(QDir::toNativeSeparators(f.file.path())));
        QCOMPARE(remove->isEnabled(), removable);
        QVERIFY(!label->text().contains(GoodKey));
        if (!environmentKey.isEmpty())
            QVERIFY(!label->text().contains(environmentKey));
    }

    void removeKey()
    {
        Fixture f;
        QSignalSpy stored(&f.credentials, &Credentials::stored);
        f.credentials.store(ApiKey, GoodKey, Credentials::Location::Keychain);
        QVERIFY(stored.wait(5000));
        f.open();
        auto *label = f.child<QLabel>(u"keyLocationLabel"_s);
        auto *remove = f.child<QPushButton>(u"removeKeyButton"_s);
        QCOMPARE(label->text(), u"Saved in the system keychain."_s);
        QVERIFY(remove->isEnabled());

        f.confirmAnswer = false;
        QSignalSpy forgotten(&f.credentials, &Credentials::forgotten);
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(f.confirmations.size(), 1);
        QVERIFY(!f.confirmations.constFirst().contains(GoodKey));
        QCoreApplication::processEvents();
        QCOMPARE(forgotten.size(), 0);
        QVERIFY(f.keychain.contains(ApiKey));

        f.confirmAnswer = true;
        QTest::mouseClick(remove, Qt::LeftButton);
        QCOMPARE(f.confirmations.size(), 2);
        QVERIFY(forgotten.wait(5000));
        QTRY_COMPARE(label->text(), u"No key is set."_s);
        QVERIFY(!remove->isEnabled());
        QVERIFY(!f.keychain.contains(ApiKey));
        QCOMPARE(f.credentials.location(ApiKey), Credentials::Location::None);
    }

    void keyEditorTestsTheEditedEndpoint()
    {
        Fixture f;
        // What the app uses now points nowhere; the endpoint typed in the dialog is the fake server.
        f.context.clientConfig.baseUrl = QUrl(u"http://127.0.0.1:1"_s);
        f.open();
        f.dialog->showPage(Page::Connection);
        typeInto(f.child<QLineEdit>(u"baseUrlEdit"_s), f.server.baseUrl().toString());
        f.dialog->showPage(Page::ApiKey);
        ApiKeyEditor *editor = f.dialog->keyEditor();
        QTest::keyClicks(editor->keyEdit(), GoodKey);
        QSignalSpy tested(editor, &ApiKeyEditor::tested);
        QTest::mouseClick(f.child<QPushButton>(u"testKeyButton"_s), Qt::LeftButton);
        QVERIFY(tested.wait(10000));
        QVERIFY2(tested.at(0).at(0).value<KeyCheck::Result>().ok, qPrintable(editor->statusText()));
        QCOMPARE(f.server.requests().size(), 1);

        // Enter in the key field saves the key, and does not close the dialog.
        QSignalSpy saved(editor, &ApiKeyEditor::saved);
        QTest::keyClick(editor->keyEdit(), Qt::Key_Return);
        QVERIFY(saved.wait(5000));
        QVERIFY(f.dialog->isVisible());
        QTRY_COMPARE(f.child<QLabel>(u"keyLocationLabel"_s)->text(), u"Saved in the system keychain."_s);
    }

    void endpointOverride()
    {
        Fixture f;
        f.context.baseUrlOverride = f.server.baseUrl().toString();
        f.context.baseUrlOverrideSource = u"GOOGLE_GEMINI_BASE_URL"_s;
        f.open();
        auto *note = f.child<QLabel>(u"endpointOverrideNote"_s);
        QVERIFY(!note->isHidden());
        QVERIFY(note->text().contains(u"GOOGLE_GEMINI_BASE_URL"_s));
        QVERIFY(note->text().contains(f.server.baseUrl().toString()));
        // Test follows the override, not the field.
        f.dialog->showPage(Page::Connection);
        typeInto(f.child<QLineEdit>(u"baseUrlEdit"_s), u"https://127.0.0.1:1"_s);
        ApiKeyEditor *editor = f.dialog->keyEditor();
        editor->setKey(GoodKey);
        QSignalSpy tested(editor, &ApiKeyEditor::tested);
        editor->test();
        QVERIFY(tested.wait(10000));
        QVERIFY2(tested.at(0).at(0).value<KeyCheck::Result>().ok, qPrintable(editor->statusText()));
    }

    void openFolders()
    {
        Fixture f;
        f.open();
        f.dialog->showPage(Page::Data);
        QCOMPARE(f.child<QLabel>(u"dataFolderLabel"_s)->text(), QDir::toNativeSeparators(f.context.dataFolder));
        QCOMPARE(f.child<QLabel>(u"settingsFileLabel"_s)->text(), QDir::toNativeSeparators(f.settingsPath));
        QTest::mouseClick(f.child<QPushButton>(u"openDataFolderButton"_s), Qt::LeftButton);
        QTest::mouseClick(f.child<QPushButton>(u"openSettingsFolderButton"_s), Qt::LeftButton);
        QCOMPARE(f.opened.size(), 2);
        QCOMPARE(f.opened.at(0), QUrl::fromLocalFile(f.context.dataFolder));
        QCOMPARE(f.opened.at(1), QUrl::fromLocalFile(QFileInfo(f.settingsPath).absolutePath()));
        QVERIFY(f.problem().isEmpty());

        f.openerAnswer = false;
        QTest::mouseClick(f.child<QPushButton>(u"openDataFolderButton"_s), Qt::LeftButton);
        QVERIFY(f.problem().contains(QDir::toNativeSeparators(f.context.dataFolder)));
    }

    void languages()
    {
        Fixture f;
        Preferences stored;
        stored.language = u"pt_BR"_s; // a language this build has no translation for
        QVERIFY(f.settings->setPreferences(stored));
        f.open();
        auto *combo = f.child<QComboBox>(u"languageCombo"_s);
        QCOMPARE(combo->count(), 1 + f.context.languages.size() + 1);
        QCOMPARE(combo->itemText(0), u"System default"_s);
        QCOMPARE(combo->itemData(0).toString(), QString());
        QCOMPARE(combo->itemText(combo->findData(u"de"_s)), u"Deutsch"_s);
        QCOMPARE(combo->itemText(combo->findData(u"fr"_s)), u"Français"_s);
        QCOMPARE(combo->itemText(combo->findData(u"ja"_s)), u"日本語"_s);
        QCOMPARE(combo->itemText(combo->findData(u"en"_s)), u"American English"_s);
        QCOMPARE(combo->currentData().toString(), u"pt_BR"_s);
        QCOMPARE(f.dialog->editedPreferences().language, u"pt_BR"_s);
        f.dialog->showPage(Page::Appearance);
        choose(combo, combo->findData(u"de"_s));
        QCOMPARE(f.dialog->editedPreferences().language, u"de"_s);
        choose(combo, 0);
        QCOMPARE(f.dialog->editedPreferences().language, QString());
    }

    void restoreDefaultsForThePage()
    {
        Fixture f;
        QVERIFY(f.settings->setPreferences(everythingChanged()));
        f.open();
        f.dialog->showPage(Page::Connection);
        f.click(QDialogButtonBox::RestoreDefaults);
        Preferences expected = everythingChanged();
        const Preferences defaults;
        expected.baseUrl = defaults.baseUrl;
        expected.apiVersion = defaults.apiVersion;
        expected.proxy = defaults.proxy;
        expected.requestTimeoutSeconds = defaults.requestTimeoutSeconds;
        expected.streamIdleTimeoutSeconds = defaults.streamIdleTimeoutSeconds;
        expected.retries = defaults.retries;
        QVERIFY2(f.dialog->editedPreferences() == expected, qPrintable(describe(f.dialog->editedPreferences())));
        // Nothing is written until OK or Apply.
        QVERIFY(f.settings->preferences() == everythingChanged());

        f.dialog->showPage(Page::Appearance);
        f.click(QDialogButtonBox::RestoreDefaults);
        expected.theme = defaults.theme;
        expected.fontPointSize = defaults.fontPointSize;
        expected.sendKey = defaults.sendKey;
        expected.language = defaults.language;
        QVERIFY2(f.dialog->editedPreferences() == expected, qPrintable(describe(f.dialog->editedPreferences())));
    }

    void inlineLimitKeepsAnOddValue()
    {
        // A value that is not whole megabytes (written by hand) survives OK when the field is not touched.
        Fixture f;
        Preferences odd;
        odd.inlineLimitBytes = 2'500'000;
        QVERIFY(f.settings->setPreferences(odd));
        f.open();
        QCOMPARE(f.child<QSpinBox>(u"inlineLimitSpin"_s)->value(), 3);
        QCOMPARE(f.dialog->editedPreferences().inlineLimitBytes, 2'500'000);
        f.dialog->showPage(Page::Attachments);
        typeInto(f.child<QSpinBox>(u"inlineLimitSpin"_s), 8);
        QCOMPARE(f.dialog->editedPreferences().inlineLimitBytes, 8'000'000);
    }
};

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
