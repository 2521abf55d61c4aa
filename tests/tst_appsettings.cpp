#include "settings/appsettings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Preferences)

namespace {
Preferences sample()
{
    Preferences p;
    p.apiVersion = u"v1"_s;
    p.proxy.mode = ProxySettings::Mode::Manual;
    p.proxy.host = u"proxy.lan"_s;
    p.proxy.port = 3128;
    p.retries = 5;
    p.theme = Preferences::Theme::Light;
    p.sendKey = Preferences::SendKey::CtrlEnter;
    p.language = u"fr"_s;
    return p;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Copies of the file moved aside, next to it.
QStringList keptCopies(const QString &path)
{
    const QFileInfo info(path);
    return QDir(info.absolutePath())
        .entryList({info.fileName() + u".corrupt-*"_s}, QDir::Files | QDir::Dirs | QDir::System | QDir::NoDotAndDotDot);
}

QByteArray randomBytes(int size, bool withNul)
{
    QRandomGenerator random(42);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes) {
        c = char(random.bounded(256));
        if (!withNul && c == '\0')
            c = 'x';
    }
    return bytes;
}
} // namespace

class tst_AppSettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void missingFile();
    void emptyFile();
    void damaged_data();
    void damaged();
    void unreadableFile();
    void keptNameTakenGetsCounter();
    void valuesThatFallBack();
    void setPreferences();
    void refusesOutOfRange();
    void unwritableKeepsValuesForSession();
    void defaultPath();
    void dataFolder();

private:
    QString path() const { return m_dir->filePath(u"Alhena.conf"_s); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_AppSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_AppSettings::missingFile()
{
    const QString nested = m_dir->filePath(u"config/Alhena/Alhena.conf"_s);
    AppSettings settings(nested);
    QCOMPARE(settings.path(), nested);
    QVERIFY(settings.loadNote().isEmpty());
    QCOMPARE(settings.preferences(), Preferences());
    QVERIFY(settings.settings());
    QVERIFY(settings.setPreferences(sample()));
    QVERIFY(QFileInfo::exists(nested)); // the folders are made
    QVERIFY(settings.writeProblem().isEmpty());
    AppSettings again(nested);
    QCOMPARE(again.preferences(), sample());
    QVERIFY(again.loadNote().isEmpty());
}

void tst_AppSettings::emptyFile()
{
    QVERIFY(writeFile(path(), {}));
    AppSettings settings(path());
    QVERIFY2(settings.loadNote().isEmpty(), qPrintable(settings.loadNote()));
    QCOMPARE(settings.preferences(), Preferences());
    QVERIFY(keptCopies(path()).isEmpty());
}

void tst_AppSettings::damaged_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("kind"); // "file", "huge", "dir", "symlink-loop"
    QTest::addColumn<QString>("reason");

    // What Qt 6.4's INI parser makes of these: random bytes and a NUL byte read as (odd) keys with
    // NoError; lines without "=", "#" comments and an unclosed "[group" are a FormatError (the
    // first two only once the section's keys are parsed). AppSettings catches a NUL byte itself.
    QTest::newRow("binary-garbage") << randomBytes(4096, true) << u"file"_s << u"binary data"_s;
    QTest::newRow("binary-garbage-no-nul") << randomBytes(4096, false) << u"file"_s << u"settings format"_s;
    QTest::newRow("nul-byte") << QByteArray("[appearance]\ntheme=dark\n\0x=1\n", 29) << u"file"_s << u"binary data"_s;
    QTest::newRow("unclosed-group") << QByteArray("[appearance\ntheme=dark\n") << u"file"_s << u"settings format"_s;
    QTest::newRow("line-without-equals") << QByteArray("[appearance]\ntheme dark\n") << u"file"_s
                                         << u"settings format"_s;
    QTest::newRow("hash-comment") << QByteArray("# my settings\n[appearance]\ntheme=dark\n") << u"file"_s
                                  << u"settings format"_s;
    QTest::newRow("utf16") << QByteArray("\xff\xfe[\0a\0]\0\n\0", 10) << u"file"_s << u"binary data"_s;
    QTest::newRow("huge-50MB") << QByteArray() << u"huge"_s << u"MB large"_s;
    QTest::newRow("directory") << QByteArray() << u"dir"_s << u"folder"_s;
    QTest::newRow("symlink-loop") << QByteArray() << u"symlink-loop"_s << u"cannot be read"_s;
}

void tst_AppSettings::damaged()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, kind);
    QFETCH(QString, reason);
    if (kind == "file"_L1) {
        QVERIFY(writeFile(path(), content));
    } else if (kind == "huge"_L1) {
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write("[appearance]\ntheme=dark\n") > 0);
        QVERIFY(file.resize(50LL * 1024 * 1024)); // sparse: cheap to make
    } else if (kind == "dir"_L1) {
        QVERIFY(QDir().mkpath(path() + u"/inside"_s));
    } else if (kind == "symlink-loop"_L1) {
        QVERIFY(QFile::link(path(), path())); // ELOOP: unreadable even for root
    }

    AppSettings settings(path());
    const QString note = settings.loadNote();
    QVERIFY2(note.contains(reason), qPrintable(note));
    QCOMPARE(settings.preferences(), Preferences()); // defaults, not the file's "dark"
    const QStringList kept = keptCopies(path());
    QCOMPARE(kept.size(), 1);
    QVERIFY(kept.first().contains(QRegularExpression(u"^Alhena\\.conf\\.corrupt-\\d{8}-\\d{6}$"_s)));
    QVERIFY2(note.contains(QDir::toNativeSeparators(m_dir->filePath(kept.first()))), qPrintable(note));
    // Nothing the user had is lost.
    if (kind == "file"_L1)
        QCOMPARE(readFile(m_dir->filePath(kept.first())), content);
    if (kind == "dir"_L1)
        QVERIFY(QFileInfo(m_dir->filePath(kept.first() + u"/inside"_s)).isDir());

    // The fresh file works.
    QVERIFY(settings.setPreferences(sample()));
    QVERIFY2(settings.writeProblem().isEmpty(), qPrintable(settings.writeProblem()));
    AppSettings again(path());
    QVERIFY2(again.loadNote().isEmpty(), qPrintable(again.loadNote()));
    QCOMPARE(again.preferences(), sample());
    QCOMPARE(keptCopies(path()).size(), 1);
}

void tst_AppSettings::unreadableFile()
{
    QVERIFY(writeFile(path(), "[appearance]\ntheme=dark\n"));
    QVERIFY(QFile::setPermissions(path(), QFileDevice::WriteOwner));
    QFile probe(path());
    if (probe.open(QIODevice::ReadOnly))
        QSKIP("running as root: a file without read permission is still readable (symlink-loop covers this)");
    AppSettings settings(path());
    QVERIFY2(settings.loadNote().contains("cannot be read"_L1), qPrintable(settings.loadNote()));
    QCOMPARE(settings.preferences(), Preferences());
    QCOMPARE(keptCopies(path()).size(), 1);
}

void tst_AppSettings::keptNameTakenGetsCounter()
{
    // Whichever second the load falls in, its plain name is taken.
    const QDateTime now = QDateTime::currentDateTime();
    QStringList taken;
    for (int s = 0; s < 3; ++s) {
        taken.append(path() + u".corrupt-"_s + now.addSecs(s).toString(u"yyyyMMdd-hhmmss"_s));
        QVERIFY(writeFile(taken.last(), "earlier copy"));
    }
    QVERIFY(writeFile(path(), "[unclosed\n"));
    AppSettings settings(path());
    QVERIFY(!settings.loadNote().isEmpty());
    const QStringList kept = keptCopies(path());
    QCOMPARE(kept.size(), 4);
    QStringList counted;
    for (const QString &name : kept) {
        if (name.endsWith("-2"_L1))
            counted.append(name);
    }
    QCOMPARE(counted.size(), 1);
    QCOMPARE(readFile(m_dir->filePath(counted.first())), QByteArray("[unclosed\n"));
    for (const QString &t : std::as_const(taken))
        QCOMPARE(readFile(t), QByteArray("earlier copy"));
}

void tst_AppSettings::valuesThatFallBack()
{
    QVERIFY(writeFile(path(), "[appearance]\ntheme=neon\nsendKey=ctrl+enter\n[network]\nretries=99\n"));
    AppSettings settings(path());
    const QString note = settings.loadNote();
    QVERIFY2(note.contains("appearance/theme"_L1), qPrintable(note));
    QVERIFY2(note.contains("network/retries"_L1), qPrintable(note));
    QVERIFY(!note.contains("corrupt"_L1));
    QCOMPARE(settings.preferences().theme, Preferences::Theme::System);
    QCOMPARE(settings.preferences().retries, Preferences().retries);
    QCOMPARE(settings.preferences().sendKey, Preferences::SendKey::CtrlEnter);
    QVERIFY(keptCopies(path()).isEmpty()); // the file itself is fine
}

void tst_AppSettings::setPreferences()
{
    AppSettings settings(path());
    QSignalSpy changed(&settings, &AppSettings::preferencesChanged);
    QVERIFY(settings.setPreferences(Preferences())); // the same: nothing happens
    QCOMPARE(changed.size(), 0);

    QVERIFY(settings.setPreferences(sample()));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<Preferences>(), sample());
    QCOMPARE(changed.first().at(1).value<Preferences>(), Preferences());
    QCOMPARE(settings.preferences(), sample());
    // Written at once (sync), in words.
    const QByteArray text = readFile(path());
    QVERIFY(text.contains("theme=light"));
    QVERIFY(text.contains("mode=manual"));
    QVERIFY(text.contains("sendKey=ctrl+enter"));

    QVERIFY(settings.setPreferences(sample()));
    QCOMPARE(changed.size(), 1);

    Preferences next = sample();
    next.fontPointSize = 20;
    QVERIFY(settings.setPreferences(next));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(1).value<Preferences>(), sample());

    // Keys others keep in the same file survive.
    settings.settings()->setValue(u"presets/last"_s, u"x"_s);
    next.retries = 1;
    QVERIFY(settings.setPreferences(next));
    AppSettings again(path());
    QCOMPARE(again.preferences(), next);
    QCOMPARE(again.settings()->value(u"presets/last"_s).toString(), u"x"_s);
}

void tst_AppSettings::refusesOutOfRange()
{
    AppSettings settings(path());
    QVERIFY(settings.setPreferences(sample()));
    const QByteArray before = readFile(path());
    QSignalSpy changed(&settings, &AppSettings::preferencesChanged);
    const QList<std::function<void(Preferences &)>> breakers {
        [](Preferences &p) { p.retries = 11; },
        [](Preferences &p) { p.requestTimeoutSeconds = 1; },
        [](Preferences &p) { p.streamIdleTimeoutSeconds = 100000; },
        [](Preferences &p) { p.inlineLimitBytes = -1; },
        [](Preferences &p) { p.fontPointSize = 99; },
        [](Preferences &p) { p.proxy.port = 0; },
        [](Preferences &p) { p.proxy.host = u"http://proxy"_s; },
        [](Preferences &p) { p.baseUrl = u"http://remote.example.com"_s; },
        [](Preferences &p) { p.apiVersion = u"../v1"_s; },
        [](Preferences &p) { p.language = u"english please"_s; },
    };
    for (const auto &breakIt : breakers) {
        Preferences p = sample();
        breakIt(p);
        QVERIFY(!settings.setPreferences(p));
    }
    QCOMPARE(changed.size(), 0);
    QCOMPARE(settings.preferences(), sample());
    QCOMPARE(readFile(path()), before);
}

void tst_AppSettings::unwritableKeepsValuesForSession()
{
    // A regular file where the folder should be: no one, not even root, can write below it.
    QVERIFY(writeFile(m_dir->filePath(u"notafolder"_s), "x"));
    const QString blocked = m_dir->filePath(u"notafolder/Alhena.conf"_s);
    AppSettings settings(blocked);
    QCOMPARE(settings.preferences(), Preferences());
    QSignalSpy changed(&settings, &AppSettings::preferencesChanged);
    QVERIFY(settings.setPreferences(sample()));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(settings.preferences(), sample());
    QVERIFY(settings.writeProblem().contains(QDir::toNativeSeparators(blocked)));
    QVERIFY(settings.writeProblem().contains("until Alhena is closed"_L1));
}

void tst_AppSettings::defaultPath()
{
    // The file QSettings() used with organization and application "Alhena": existing settings carry over.
    QTemporaryDir config;
    const QByteArray oldConfigHome = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    const QString path = AppSettings::defaultPath();
    const QString viaQSettings
        = QSettings(QSettings::NativeFormat, QSettings::UserScope, u"Alhena"_s, u"Alhena"_s).fileName();
    if (oldConfigHome.isNull())
        qunsetenv("XDG_CONFIG_HOME");
    else
        qputenv("XDG_CONFIG_HOME", oldConfigHome);
    QCOMPARE(path, config.path() + u"/Alhena/Alhena.conf"_s);
    QCOMPARE(viaQSettings, path);

    QStandardPaths::setTestModeEnabled(true);
    const QString testPath = AppSettings::defaultPath();
    QStandardPaths::setTestModeEnabled(false);
    QVERIFY(testPath.endsWith("/Alhena/Alhena.conf"_L1));
    QCOMPARE(testPath,
        QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
                .replace(u"/.config"_s, u"/.qttest/config"_s)
            + u"/Alhena/Alhena.conf"_s);
}

void tst_AppSettings::dataFolder()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString folder = AppSettings::dataFolder();
    QCOMPARE(folder, QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    QStandardPaths::setTestModeEnabled(false);
    QVERIFY(!folder.isEmpty());
    QVERIFY(folder.contains(".qttest"_L1));
}

QTEST_GUILESS_MAIN(tst_AppSettings)
#include "tst_appsettings.moc"
