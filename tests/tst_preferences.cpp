#include "settings/preferences.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(Preferences)

namespace {
// Every field away from its default.
Preferences sample()
{
    Preferences p;
    p.baseUrl = u"https://gateway.example.com/gemini"_s;
    p.apiVersion = u"v1alpha"_s;
    p.proxy.mode = ProxySettings::Mode::Manual;
    p.proxy.type = ProxySettings::Type::Socks5;
    p.proxy.host = u"proxy.lan"_s;
    p.proxy.port = 1080;
    p.proxy.user = u"bob"_s;
    p.requestTimeoutSeconds = 90;
    p.streamIdleTimeoutSeconds = 45;
    p.retries = 0;
    p.inlineLimitBytes = 5LL * 1000 * 1000;
    p.theme = Preferences::Theme::Dark;
    p.fontPointSize = 13;
    p.sendKey = Preferences::SendKey::CtrlEnter;
    p.language = u"de"_s;
    return p;
}

// Copies the field a settings key names.
void copyField(Preferences &to, const Preferences &from, const QString &key)
{
    static const QHash<QString, std::function<void(Preferences &, const Preferences &)>> copy {
        {u"endpoint/baseUrl"_s, [](Preferences &t, const Preferences &f) { t.baseUrl = f.baseUrl; }},
        {u"endpoint/apiVersion"_s, [](Preferences &t, const Preferences &f) { t.apiVersion = f.apiVersion; }},
        {u"proxy/mode"_s, [](Preferences &t, const Preferences &f) { t.proxy.mode = f.proxy.mode; }},
        {u"proxy/type"_s, [](Preferences &t, const Preferences &f) { t.proxy.type = f.proxy.type; }},
        {u"proxy/host"_s, [](Preferences &t, const Preferences &f) { t.proxy.host = f.proxy.host; }},
        {u"proxy/port"_s, [](Preferences &t, const Preferences &f) { t.proxy.port = f.proxy.port; }},
        {u"proxy/user"_s, [](Preferences &t, const Preferences &f) { t.proxy.user = f.proxy.user; }},
        {u"network/requestTimeoutSeconds"_s,
            [](Preferences &t, const Preferences &f) { t.requestTimeoutSeconds = f.requestTimeoutSeconds; }},
        {u"network/streamIdleTimeoutSeconds"_s,
            [](Preferences &t, const Preferences &f) { t.streamIdleTimeoutSeconds = f.streamIdleTimeoutSeconds; }},
        {u"network/retries"_s, [](Preferences &t, const Preferences &f) { t.retries = f.retries; }},
        {u"attachments/inlineLimitBytes"_s,
            [](Preferences &t, const Preferences &f) { t.inlineLimitBytes = f.inlineLimitBytes; }},
        {u"appearance/theme"_s, [](Preferences &t, const Preferences &f) { t.theme = f.theme; }},
        {u"appearance/fontPointSize"_s,
            [](Preferences &t, const Preferences &f) { t.fontPointSize = f.fontPointSize; }},
        {u"appearance/sendKey"_s, [](Preferences &t, const Preferences &f) { t.sendKey = f.sendKey; }},
        {u"appearance/language"_s, [](Preferences &t, const Preferences &f) { t.language = f.language; }},
    };
    const auto it = copy.find(key);
    if (it == copy.end())
        qFatal("unknown key %s", qPrintable(key));
    (*it)(to, from);
}

const QStringList AllKeys {u"endpoint/baseUrl"_s, u"endpoint/apiVersion"_s, u"proxy/mode"_s, u"proxy/type"_s,
    u"proxy/host"_s, u"proxy/port"_s, u"proxy/user"_s, u"network/requestTimeoutSeconds"_s,
    u"network/streamIdleTimeoutSeconds"_s, u"network/retries"_s, u"attachments/inlineLimitBytes"_s,
    u"appearance/theme"_s, u"appearance/fontPointSize"_s, u"appearance/sendKey"_s, u"appearance/language"_s};

// The sample with one field back at its default.
Preferences withDefault(Preferences p, const QString &key)
{
    copyField(p, Preferences(), key);
    if (key == "proxy/host"_L1) // a manual proxy without a host is not usable: the mode falls back too
        copyField(p, Preferences(), u"proxy/mode"_s);
    return p;
}

// The defaults with one field from the sample.
Preferences onlyField(const QString &key)
{
    Preferences p;
    copyField(p, sample(), key);
    if (key == "proxy/mode"_L1) // a manual proxy needs its host
        copyField(p, sample(), u"proxy/host"_s);
    return p;
}

QString describe(const Preferences &p)
{
    return u"%1|%2|%3 %4 %5:%6 %7|%8 %9"_s.arg(p.baseUrl, p.apiVersion, ProxySettings::modeName(p.proxy.mode),
               ProxySettings::typeName(p.proxy.type), p.proxy.host, QString::number(p.proxy.port), p.proxy.user,
               QString::number(p.requestTimeoutSeconds), QString::number(p.streamIdleTimeoutSeconds))
        + u"|%1 %2|%3 %4 %5 %6"_s.arg(QString::number(p.retries), QString::number(p.inlineLimitBytes),
            Preferences::themeName(p.theme), QString::number(p.fontPointSize), Preferences::sendKeyName(p.sendKey),
            p.language);
}
} // namespace

class tst_Preferences final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void defaults();
    void roundTrip_data();
    void roundTrip();
    void writesWords();
    void badValues_data();
    void badValues();
    void handEditedFile();
    void problem_data();
    void problem();

private:
    QString path() const { return m_dir.filePath(u"test.conf"_s); }
    QTemporaryDir m_dir;
};

void tst_Preferences::init()
{
    QFile::remove(path());
}

void tst_Preferences::defaults()
{
    QSettings settings(path(), QSettings::IniFormat);
    QStringList problems;
    const Preferences p = Preferences::read(settings, &problems);
    QCOMPARE(p, Preferences());
    QVERIFY(problems.isEmpty());
    QVERIFY(p.problem().isEmpty());
    QCOMPARE(p.apiVersion, u"v1beta"_s);
    QCOMPARE(p.proxy.mode, ProxySettings::Mode::System);
    QVERIFY(sample().problem().isEmpty());
}

void tst_Preferences::roundTrip_data()
{
    QTest::addColumn<Preferences>("preferences");
    QTest::newRow("defaults") << Preferences();
    QTest::newRow("all") << sample();
    for (const QString &key : AllKeys)
        QTest::newRow(qPrintable(key)) << onlyField(key);
    Preferences odd = sample();
    odd.baseUrl = u"http://[::1]:9999/prefix/"_s;
    odd.proxy.host = u"::1"_s;
    odd.proxy.port = 65535;
    odd.proxy.user = u"ünïcödé user=;,[x]"_s;
    odd.requestTimeoutSeconds = Preferences::MaxTimeoutSeconds;
    odd.streamIdleTimeoutSeconds = Preferences::MinTimeoutSeconds;
    odd.retries = Preferences::MaxRetries;
    odd.inlineLimitBytes = Preferences::MinInlineLimitBytes;
    odd.fontPointSize = Preferences::MaxFontPointSize;
    odd.language = u"zh_Hant_TW"_s;
    QTest::newRow("limits-and-odd-text") << odd;
}

void tst_Preferences::roundTrip()
{
    QFETCH(Preferences, preferences);
    const Preferences &p = preferences;
    QVERIFY2(p.problem().isEmpty(), qPrintable(p.problem()));
    {
        QSettings settings(path(), QSettings::IniFormat);
        p.write(settings);
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
    }
    QSettings settings(path(), QSettings::IniFormat);
    QStringList problems;
    const Preferences back = Preferences::read(settings, &problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(describe(back), describe(p));
    QVERIFY(back == p);
}

void tst_Preferences::writesWords()
{
    {
        QSettings settings(path(), QSettings::IniFormat);
        sample().write(settings);
    }
    QFile file(path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    for (const char *line : {"[appearance]", "theme=dark", "sendKey=ctrl+enter", "language=de", "fontPointSize=13",
             "[proxy]", "mode=manual", "type=socks5", "host=proxy.lan", "port=1080", "user=bob", "[network]",
             "requestTimeoutSeconds=90", "streamIdleTimeoutSeconds=45", "retries=0", "[attachments]",
             "inlineLimitBytes=5000000", "[endpoint]", "apiVersion=v1alpha"}) {
        QVERIFY2(text.contains(line), line);
    }
    QVERIFY(!text.contains("password"));
}

void tst_Preferences::badValues_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("problemCount");

    auto row = [](const char *name, const QString &key, const QVariant &value, int problems = 1) {
        QTest::newRow(name) << key << value << problems;
    };
    row("baseUrl-plain-http-remote", u"endpoint/baseUrl"_s, u"http://gateway.example.com"_s);
    row("baseUrl-ftp", u"endpoint/baseUrl"_s, u"ftp://example.com"_s);
    row("baseUrl-not-url", u"endpoint/baseUrl"_s, u"not a url"_s);
    row("baseUrl-credentials", u"endpoint/baseUrl"_s, u"https://user:pw@example.com"_s);
    row("baseUrl-query", u"endpoint/baseUrl"_s, u"https://example.com/?key=abc"_s);
    row("baseUrl-huge", u"endpoint/baseUrl"_s, QString(u"https://example.com/"_s + QString(100000, u'a')));
    row("baseUrl-list", u"endpoint/baseUrl"_s, QStringList {u"https://a.example"_s, u"https://b.example"_s});
    row("apiVersion-path", u"endpoint/apiVersion"_s, u"v1/../admin"_s);
    row("apiVersion-empty", u"endpoint/apiVersion"_s, QString());
    row("apiVersion-space", u"endpoint/apiVersion"_s, u"v1 beta"_s);
    row("mode-unknown", u"proxy/mode"_s, u"auto"_s);
    row("mode-number", u"proxy/mode"_s, u"2"_s);
    row("type-unknown", u"proxy/type"_s, u"socks4"_s);
    row("host-scheme", u"proxy/host"_s, u"http://proxy.lan"_s, 2); // and then the manual mode
    row("host-port", u"proxy/host"_s, u"proxy.lan:3128"_s, 2);
    row("port-zero", u"proxy/port"_s, 0);
    row("port-big", u"proxy/port"_s, 70000);
    row("port-text", u"proxy/port"_s, u"eighty"_s);
    row("requestTimeout-low", u"network/requestTimeoutSeconds"_s, 9);
    row("requestTimeout-high", u"network/requestTimeoutSeconds"_s, 3601);
    row("requestTimeout-float", u"network/requestTimeoutSeconds"_s, u"12.5"_s);
    row("streamTimeout-negative", u"network/streamIdleTimeoutSeconds"_s, -5);
    row("retries-high", u"network/retries"_s, 11);
    row("retries-negative", u"network/retries"_s, -1);
    row("retries-bytearray", u"network/retries"_s, QByteArray("3"));
    row("retries-list", u"network/retries"_s, QStringList {u"1"_s, u"2"_s});
    row("inline-small", u"attachments/inlineLimitBytes"_s, 999999);
    row("inline-large", u"attachments/inlineLimitBytes"_s, 100000001LL);
    row("inline-overflow", u"attachments/inlineLimitBytes"_s, u"99999999999999999999999"_s);
    row("theme-unknown", u"appearance/theme"_s, u"neon"_s);
    row("theme-number", u"appearance/theme"_s, u"2"_s);
    row("font-small", u"appearance/fontPointSize"_s, 5);
    row("font-large", u"appearance/fontPointSize"_s, 33);
    row("sendKey-unknown", u"appearance/sendKey"_s, u"shift+enter"_s);
    row("language-word", u"appearance/language"_s, u"klingon"_s);
    row("language-unknown-code", u"appearance/language"_s, u"xx"_s);
    row("language-path", u"appearance/language"_s, u"../../etc/passwd"_s);
    row("language-lowercase-territory", u"appearance/language"_s, u"de_de"_s);
}

void tst_Preferences::badValues()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QFETCH(int, problemCount);
    {
        QSettings settings(path(), QSettings::IniFormat);
        sample().write(settings);
        settings.setValue(key, value);
    }
    QSettings settings(path(), QSettings::IniFormat);
    QStringList problems;
    const Preferences p = Preferences::read(settings, &problems);
    // This key falls back; every other value is kept.
    const Preferences expected = withDefault(sample(), key);
    QCOMPARE(describe(p), describe(expected));
    QCOMPARE(problems.size(), problemCount);
    QVERIFY2(problems.first().startsWith(key + u':'), qPrintable(problems.first()));
    QVERIFY(problems.first().size() < 300); // a huge value is not repeated in full
    QVERIFY2(p.problem().isEmpty(), qPrintable(p.problem()));
}

void tst_Preferences::handEditedFile()
{
    QFile file(path());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[appearance]\n"
               "theme = Dark \n"
               "fontPointSize=0\n"
               "sendKey=CTRL+ENTER\n"
               "language=pt_BR\n"
               "unknownKey=whatever\n"
               "[network]\n"
               "retries= 7\n"
               "requestTimeoutSeconds=abc\n"
               "[endpoint]\n"
               "baseUrl=  http://localhost:8080/  \n"
               "[somethingElse]\n"
               "x=1\n");
    file.close();
    QSettings settings(path(), QSettings::IniFormat);
    QStringList problems;
    const Preferences p = Preferences::read(settings, &problems);
    QCOMPARE(p.theme, Preferences::Theme::Dark);
    QCOMPARE(p.fontPointSize, 0);
    QCOMPARE(p.sendKey, Preferences::SendKey::CtrlEnter);
    QCOMPARE(p.language, u"pt_BR"_s);
    QCOMPARE(p.retries, 7);
    QCOMPARE(p.requestTimeoutSeconds, Preferences().requestTimeoutSeconds);
    QCOMPARE(p.baseUrl, u"http://localhost:8080/"_s);
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.first().startsWith("network/requestTimeoutSeconds:"_L1));
    QVERIFY(problems.first().contains("abc"_L1));
}

void tst_Preferences::problem_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::newRow("timeout") << u"network/requestTimeoutSeconds"_s << QVariant(5);
    QTest::newRow("stream") << u"network/streamIdleTimeoutSeconds"_s << QVariant(4000);
    QTest::newRow("retries") << u"network/retries"_s << QVariant(11);
    QTest::newRow("inline") << u"attachments/inlineLimitBytes"_s << QVariant(0);
    QTest::newRow("font") << u"appearance/fontPointSize"_s << QVariant(-1);
    QTest::newRow("language") << u"appearance/language"_s << QVariant(u"nope"_s);
    QTest::newRow("baseUrl") << u"endpoint/baseUrl"_s << QVariant(u"http://example.com"_s);
    QTest::newRow("baseUrl-spaces") << u"endpoint/baseUrl"_s << QVariant(u" https://example.com"_s);
    QTest::newRow("apiVersion") << u"endpoint/apiVersion"_s << QVariant(u"v1?x=1"_s);
    QTest::newRow("proxyHost") << u"proxy/host"_s << QVariant(u"a b"_s);
    QTest::newRow("proxyPort") << u"proxy/port"_s << QVariant(0);
}

void tst_Preferences::problem()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    Preferences p = sample();
    if (key == "network/requestTimeoutSeconds"_L1)
        p.requestTimeoutSeconds = value.toInt();
    else if (key == "network/streamIdleTimeoutSeconds"_L1)
        p.streamIdleTimeoutSeconds = value.toInt();
    else if (key == "network/retries"_L1)
        p.retries = value.toInt();
    else if (key == "attachments/inlineLimitBytes"_L1)
        p.inlineLimitBytes = value.toLongLong();
    else if (key == "appearance/fontPointSize"_L1)
        p.fontPointSize = value.toInt();
    else if (key == "appearance/language"_L1)
        p.language = value.toString();
    else if (key == "endpoint/baseUrl"_L1)
        p.baseUrl = value.toString();
    else if (key == "endpoint/apiVersion"_L1)
        p.apiVersion = value.toString();
    else if (key == "proxy/host"_L1)
        p.proxy.host = value.toString();
    else if (key == "proxy/port"_L1)
        p.proxy.port = value.toInt();
    QVERIFY(!p.problem().isEmpty());
}

QTEST_GUILESS_MAIN(tst_Preferences)
#include "tst_preferences.moc"
