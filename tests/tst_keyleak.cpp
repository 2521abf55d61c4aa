// The API key never leaves the keychain: a whole session that uses a key is run (onboarding, chat,
// an upload, a server error, Get code, the settings with a proxy password, and alhena-cli with
// every log category on), then every file in the config, data, cache and state folders, every log
// line, every request URL and every output is searched for the key and the proxy password, raw,
// percent-encoded and in base64.

#include "apikeyeditor.h"
#include "chat/attachmentplanner.h"
#include "composeredit.h"
#include "fakegeminiserver.h"
#include "files/remotefileregistry.h"
#include "files/uploadqueue.h"
#include "geminiclient.h"
#include "getcodedialog.h"
#include "mainwindow.h"
#include "onboardingpage.h"
#include "secrets/credentials.h"
#include "secrets/envsecretstore.h"
#include "secrets/filesecretstore.h"
#include "secrets/memorysecretstore.h"
#include "settings/appsettings.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDirIterator>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace {

QMutex logMutex;
QByteArray capturedLog;
QtMessageHandler previousHandler = nullptr;

// Every message of every category goes to the log we search (and on to the usual output).
void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        capturedLog += QByteArray(context.category ? context.category : "default") + ": " + message.toUtf8() + '\n';
    }
    if (previousHandler && type != QtDebugMsg && type != QtInfoMsg)
        previousHandler(type, context, message);
}

QString randomSecret(const QString &prefix, int length)
{
    static const QString alphabet = u"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"_s;
    QString s = prefix;
    for (int i = 0; i < length; ++i)
        s += alphabet.at(QRandomGenerator::global()->bounded(int(alphabet.size())));
    return s;
}

// Secrets are random, so 12 characters of one (72 bits) never turn up by chance.
constexpr qsizetype PartLength = 12;

// The forms a secret could take on disk or in a log: as it is, any 12 characters of it,
// percent-encoded, and base64 at each of the three alignments (inside a "user:password" Basic
// credential, say).
QList<QByteArray> formsOf(const QString &secret)
{
    const QByteArray raw = secret.toUtf8();
    QList<QByteArray> forms {raw, QUrl::toPercentEncoding(secret), raw.toBase64(),
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)};
    // Base64 of the secret at any offset inside a longer text: the middle of each alignment is stable.
    // A part of it (a log line that shows "the last 20 characters" is a leak too).
    for (qsizetype at = 0; at + PartLength <= raw.size(); ++at)
        forms.append(raw.mid(at, PartLength));
    for (int pad = 1; pad <= 2; ++pad) {
        const QByteArray encoded = QByteArray(QByteArray(pad, 'x') + raw).toBase64();
        forms.append(encoded.mid(4, encoded.size() - 8));
    }
    return forms;
}

struct Finding
{
    QString where;
    QByteArray form;
};

QList<Finding> search(const QByteArray &haystack, const QString &where, const QList<QByteArray> &forms)
{
    QList<Finding> found;
    for (const QByteArray &form : forms)
        if (form.size() >= 8 && haystack.contains(form))
            found.append({where, form});
    return found;
}

// Every regular file under root, hidden ones too, except those in skip.
QList<Finding> searchFolder(const QString &root, const QList<QByteArray> &forms, const QStringList &skip = {})
{
    QList<Finding> found;
    QDirIterator it(
        root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (skip.contains(QFileInfo(path).absoluteFilePath()))
            continue;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        found += search(file.readAll(), path, forms);
    }
    return found;
}

QString describe(const QList<Finding> &found)
{
    QStringList lines;
    for (const Finding &f : found)
        lines.append(f.where + u" contains "_s + QString::fromLatin1(f.form.left(6)) + u"…"_s);
    return lines.join(u'\n');
}

} // namespace

class tst_KeyLeak final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void searchFindsAPlantedKey();
    void sessionLeavesNoKeyBehind();
    void fileFallbackKeepsTheKeyInThatFileOnly();
    void cliLeavesNoKeyInItsOutput();

private:
    // The app's object graph, as app/alhena/main.cpp builds it (the keychain is a memory store
    // here: the real one is tested in tst_keychainsecretstore, and keeps nothing on disk).
    struct App
    {
        AppSettings settings {AppSettings::defaultPath()};
        EnvSecretStore environment {QProcessEnvironment()};
        MemorySecretStore keychain;
        FileSecretStore file {FileSecretStore::defaultPath()};
        Credentials credentials {&environment, &keychain, &file};
        QNetworkAccessManager network;
        GeminiClient client {&network, ClientConfig {}};
        UploadQueue uploads {&client};
        RemoteFileRegistry remoteFiles {&client};
        AttachmentPlanner planner {&uploads, &remoteFiles};
        std::unique_ptr<MainWindow> window;

        explicit App(const QUrl &baseUrl)
        {
            Preferences p = settings.preferences();
            p.baseUrl = baseUrl.toString();
            p.proxy.mode = ProxySettings::Mode::None;
            p.inlineLimitBytes = Preferences::MinInlineLimitBytes; // so a 1.5 MB file is uploaded
            settings.setPreferences(p);
            credentials.load();
            MainWindow::Options options;
            options.appSettings = &settings;
            options.credentials = &credentials;
            window = std::make_unique<MainWindow>(&client, &planner, options);
            window->show();
        }
        ~App() { window.reset(); }
    };

    void onboard(App &app, const QString &key);
    QList<QByteArray> secretForms() const { return formsOf(m_key) + formsOf(m_proxyPassword); }
    QString home() const { return m_home->path(); }

    std::unique_ptr<QTemporaryDir> m_home;
    FakeGeminiServer m_server;
    QString m_key;
    QString m_proxyPassword;
};

void tst_KeyLeak::initTestCase()
{
    QCoreApplication::setOrganizationName(u"Alhena"_s);
    QCoreApplication::setApplicationName(u"Alhena"_s);
    QVERIFY2(m_server.listen(), qPrintable(m_server.errorString()));
    previousHandler = qInstallMessageHandler(captureMessage);
    // Every category of ours and of Qt's network stack, debug included.
    QLoggingCategory::setFilterRules(u"alhena.*=true\nqt.network.*=true\n"_s);
}

void tst_KeyLeak::init()
{
    // A fresh home for every test: the config, data, cache and state folders the app writes to.
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    for (const char *variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        qputenv(variable, QFile::encodeName(m_home->filePath(QString::fromLatin1(variable).toLower())));
    QVERIFY(AppSettings::defaultPath().startsWith(home()));
    QVERIFY(AppSettings::dataFolder().startsWith(home()));
    QVERIFY(FileSecretStore::defaultPath().startsWith(home()));
    m_key = randomSecret(u"AIzaSy"_s, 33);
    m_proxyPassword = randomSecret(u"pw-"_s, 20);
    m_server.setApiKey(m_key);
    m_server.clearRequests();
    QMutexLocker lock(&logMutex);
    capturedLog.clear();
}

void tst_KeyLeak::cleanup()
{
    m_server.setDefaultScript({});
}

void tst_KeyLeak::onboard(App &app, const QString &key)
{
    OnboardingPage *page = app.window->onboardingPage();
    QVERIFY(page);
    QTRY_VERIFY(page->isVisible());
    auto *edit = page->findChild<QLineEdit *>(u"apiKeyEdit"_s);
    QVERIFY(edit);
    QTest::keyClicks(edit, key);
    QSignalSpy tested(page->editor(), &ApiKeyEditor::tested);
    QTest::mouseClick(page->findChild<QPushButton *>(u"testKeyButton"_s), Qt::LeftButton);
    QTRY_COMPARE(tested.size(), 1);
    QVERIFY(tested.constFirst().constFirst().value<KeyCheck::Result>().ok);
    QTest::mouseClick(page->findChild<QPushButton *>(u"saveKeyButton"_s), Qt::LeftButton);
}

// The search itself can fail: a key planted in a data file, a log line or base64 is found.
void tst_KeyLeak::searchFindsAPlantedKey()
{
    const QList<QByteArray> forms = secretForms();
    QVERIFY(QDir().mkpath(AppSettings::dataFolder()));
    QFile planted(AppSettings::dataFolder() + u"/cache.bin"_s);
    QVERIFY(planted.open(QIODevice::WriteOnly));
    planted.write("header" + QByteArray(QByteArray("user:") + m_key.toUtf8()).toBase64() + "trailer");
    planted.close();
    QCOMPARE(searchFolder(home(), forms).size(), 1);
    QVERIFY(!search("GET /v1beta/models?key=" + QUrl::toPercentEncoding(m_key), u"url"_s, forms).isEmpty());
    QVERIFY(!search("log: key ..." + m_key.right(20).toUtf8(), u"log"_s, forms).isEmpty()); // a part is a leak
    QVERIFY(search("log: key " + m_key.left(PartLength - 1).toUtf8() + "...", u"log"_s, forms).isEmpty());
    QVERIFY(searchFolder(home(), forms, {QFileInfo(planted).absoluteFilePath()}).isEmpty());
}

void tst_KeyLeak::sessionLeavesNoKeyBehind()
{
    {
        App app(m_server.baseUrl());
        QVERIFY(QTest::qWaitForWindowExposed(app.window.get()));
        onboard(app, m_key);
        QTRY_VERIFY(app.window->canSend());
        QCOMPARE(app.credentials.location(QString::fromLatin1(SecretNames::ApiKey)), Credentials::Location::Keychain);

        // A chat turn, then one with an attachment large enough to be uploaded through the Files API.
        auto *composer = app.window->findChild<ComposerEdit *>(u"composerEdit"_s);
        QTest::keyClicks(composer, u"Hello"_s);
        QTest::keyClick(composer, Qt::Key_Return);
        QTRY_COMPARE(app.window->state(), MainWindow::State::Done);
        const QString bigFile = m_home->filePath(u"notes.txt"_s);
        {
            QFile f(bigFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(1500 * 1000, 'n'));
        }
        QCOMPARE(app.window->attachFiles({bigFile}), 1);
        QTest::keyClicks(composer, u"Summarize the notes"_s);
        QTest::keyClick(composer, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(app.window->state(), MainWindow::State::Done, 20000);
        QVERIFY(!m_server.requests(u"/upload/"_s).isEmpty());

        // A server error (the message is shown and logged).
        FakeGeminiServer::Script failing;
        failing.httpStatus = 400;
        m_server.setDefaultScript(failing);
        QTest::keyClicks(composer, u"This one fails"_s);
        QTest::keyClick(composer, Qt::Key_Return);
        QTRY_COMPARE(app.window->state(), MainWindow::State::Failed);
        m_server.setDefaultScript({});

        // Get code, in every language.
        app.window->showGetCode();
        auto *getCode = app.window->findChild<GetCodeDialog *>();
        QVERIFY(getCode);
        QStringList snippets;
        for (auto language :
            {CodeSnippet::Language::Curl, CodeSnippet::Language::Python, CodeSnippet::Language::JavaScript}) {
            getCode->setLanguage(language);
            snippets.append(getCode->code());
            QVERIFY(!snippets.constLast().isEmpty());
        }
        const QByteArray allSnippets = snippets.join(u'\n').toUtf8();
        QVERIFY2(search(allSnippets, u"Get code"_s, secretForms()).isEmpty(), allSnippets.constData());
        getCode->close();

        // The settings: a proxy with a password, applied, then back to no proxy.
        app.window->showSettings();
        SettingsDialog *dialog = app.window->settingsDialog();
        QVERIFY(dialog);
        dialog->showPage(SettingsDialog::Page::Connection);
        QTest::mouseClick(dialog->findChild<QRadioButton *>(u"proxyManualRadio"_s), Qt::LeftButton, {}, QPoint(4, 4));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"proxyHostEdit"_s), u"127.0.0.1"_s);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"proxyUserEdit"_s), u"me"_s);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"proxyPasswordEdit"_s), m_proxyPassword);
        QVERIFY(dialog->apply());
        QTRY_COMPARE(app.credentials.value(QString::fromLatin1(SecretNames::ProxyPassword)), m_proxyPassword);
        QCOMPARE(app.settings.preferences().proxy.mode, ProxySettings::Mode::Manual);
        QTest::mouseClick(dialog->findChild<QRadioButton *>(u"proxyNoneRadio"_s), Qt::LeftButton, {}, QPoint(4, 4));
        QVERIFY(dialog->apply());
        dialog->close();
        app.settings.settings()->sync();

        // The app's own files exist: the search looks at real output, not at an empty folder.
        QVERIFY(QFile::exists(app.settings.path()));
    }
    QCoreApplication::processEvents();

    // The requests: the key only ever in the x-goog-api-key header.
    const QList<FakeGeminiServer::Request> requests = m_server.requests();
    QVERIFY(requests.size() >= 5);
    for (const FakeGeminiServer::Request &r : requests) {
        const QByteArray url = (r.path + u'?' + r.query.toString(QUrl::FullyEncoded)).toUtf8();
        QVERIFY2(search(url, u"request URL"_s, secretForms()).isEmpty(), url.constData());
        QVERIFY2(!r.header("x-goog-api-key").isEmpty() || r.path.contains(u"/upload/"_s), url.constData());
    }

    const QList<Finding> onDisk = searchFolder(home(), secretForms());
    QVERIFY2(onDisk.isEmpty(), qPrintable(describe(onDisk)));
    QByteArray log;
    {
        QMutexLocker lock(&logMutex);
        log = capturedLog;
    }
    QVERIFY2(log.size() > 1000, "the session logged next to nothing: the log search would prove nothing");
    const QList<Finding> inLog = search(log, u"the log"_s, secretForms());
    QVERIFY2(inLog.isEmpty(), qPrintable(describe(inLog)));
}

// The user chose the 0600 file after the keychain failed: the key is in that file, mode 0600, and
// nowhere else.
void tst_KeyLeak::fileFallbackKeepsTheKeyInThatFileOnly()
{
    QString secretPath;
    {
        App app(m_server.baseUrl());
        app.keychain.setFailure({SecretError::Kind::Unavailable, u"no Secret Service"_s});
        QVERIFY(QTest::qWaitForWindowExposed(app.window.get()));
        app.window->onboardingPage()->editor()->setConfirmation(
            [](QWidget *, const QString &, const QString &) { return true; });
        onboard(app, m_key);
        auto *toFile = app.window->onboardingPage()->findChild<QPushButton *>(u"saveToFileButton"_s);
        QVERIFY(toFile);
        QTRY_VERIFY(toFile->isVisible());
        QTest::mouseClick(toFile, Qt::LeftButton);
        QTRY_COMPARE(app.credentials.location(QString::fromLatin1(SecretNames::ApiKey)), Credentials::Location::File);
        QTRY_VERIFY(app.window->canSend());
        auto *composer = app.window->findChild<ComposerEdit *>(u"composerEdit"_s);
        QTest::keyClicks(composer, u"Hello"_s);
        QTest::keyClick(composer, Qt::Key_Return);
        QTRY_COMPARE(app.window->state(), MainWindow::State::Done);
        secretPath = app.file.path();
    }
    QVERIFY(QFile::exists(secretPath));
    struct stat info
    { };
    QCOMPARE(::stat(QFile::encodeName(secretPath).constData(), &info), 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0600));
    QFile file(secretPath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains(m_key.toUtf8()));
    const QList<Finding> elsewhere = searchFolder(home(), formsOf(m_key), {QFileInfo(secretPath).absoluteFilePath()});
    QVERIFY2(elsewhere.isEmpty(), qPrintable(describe(elsewhere)));
    QMutexLocker lock(&logMutex);
    const QList<Finding> inLog = search(capturedLog, u"the log"_s, formsOf(m_key));
    QVERIFY2(inLog.isEmpty(), qPrintable(describe(inLog)));
}

// alhena-cli with the key in its environment and every log category on: nothing it prints or
// writes holds the key, whether the calls work or fail.
void tst_KeyLeak::cliLeavesNoKeyInItsOutput()
{
    const QString cli = QDir(qEnvironmentVariable("ALHENA_BIN_DIR")).filePath(u"alhena-cli"_s);
    QVERIFY2(QFileInfo(cli).isExecutable(), qPrintable(cli));
    const QString attachment = m_home->filePath(u"notes.txt"_s);
    {
        QFile f(attachment);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Some notes to summarize.\n");
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"GEMINI_API_KEY"_s, m_key);
    env.insert(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, m_home->filePath(u"xdg_config_home"_s));
    const QString base = m_server.baseUrl().toString();
    const QList<QStringList> runs {
        {u"generate"_s, u"Hello"_s},
        {u"generate"_s, u"--attach"_s, attachment, u"Summarize"_s},
        {u"generate"_s, u"--model"_s, u"no-such-model"_s, u"Hello"_s},
        {u"models"_s},
        {u"count-tokens"_s, u"Hello"_s},
        {u"files"_s, u"upload"_s, attachment},
        {u"files"_s, u"list"_s, u"--json"_s},
    };
    QByteArray output;
    int worked = 0;
    for (const QStringList &args : runs) {
        QProcess process;
        process.setProcessEnvironment(env);
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(cli, QStringList {u"--api-base"_s, base} + args);
        process.closeWriteChannel();
        // The fake server answers from this thread's event loop: wait in it, not in waitForFinished().
        QVERIFY(finished.wait(30000));
        worked += process.exitCode() == 0 ? 1 : 0;
        output += process.readAllStandardOutput() + process.readAllStandardError();
    }
    QVERIFY2(worked >= 5, output.constData()); // the calls really ran (one is meant to fail)
    QVERIFY(output.contains("alhena.api"));    // the debug log was on
    const QList<Finding> found = search(output, u"alhena-cli output"_s, formsOf(m_key));
    QVERIFY2(found.isEmpty(), qPrintable(describe(found)));
    const QList<Finding> onDisk = searchFolder(home(), formsOf(m_key));
    QVERIFY2(onDisk.isEmpty(), qPrintable(describe(onDisk)));
}

QTEST_MAIN(tst_KeyLeak)
#include "tst_keyleak.moc"
