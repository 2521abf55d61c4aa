#include "clientconfig.h"

#include <QTest>

using namespace Qt::StringLiterals;

class tst_ClientConfig final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void endpoint_data();
    void endpoint();
    void precedence_data();
    void precedence();
    void validation_data();
    void validation();
    void environmentKey();
};

void tst_ClientConfig::endpoint_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default")
        << u"https://generativelanguage.googleapis.com"_s << u"models/gemini-2.5-flash:streamGenerateContent"_s
        << u"https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"_s;
    QTest::newRow("trailing-slash") << u"http://127.0.0.1:8080/"_s << u"models"_s
                                    << u"http://127.0.0.1:8080/v1beta/models?alt=sse"_s;
    QTest::newRow("gateway-prefix") << u"https://gw.example.com/gemini/"_s << u"models"_s
                                    << u"https://gw.example.com/gemini/v1beta/models?alt=sse"_s;
}

void tst_ClientConfig::endpoint()
{
    QFETCH(QString, base);
    QFETCH(QString, path);
    QFETCH(QString, expected);
    ClientConfig c;
    c.baseUrl = QUrl(base);
    c.apiKey = u"SECRET-KEY"_s;
    QUrlQuery q;
    q.addQueryItem(u"alt"_s, u"sse"_s);
    const QUrl url = c.endpoint(path, q);
    QCOMPARE(url.toString(), expected);
    QVERIFY(!url.toString().contains(u"SECRET-KEY"_s)); // the key never goes in a URL
}

void tst_ClientConfig::precedence_data()
{
    QTest::addColumn<QString>("commandLine");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("settings");
    QTest::addColumn<QString>("expectedUrl");
    QTest::addColumn<QString>("expectedSource");
    QTest::newRow("default") << QString() << QString() << QString() << u"https://generativelanguage.googleapis.com"_s
                             << u"default"_s;
    QTest::newRow("settings") << QString() << QString() << u"https://s.example"_s << u"https://s.example"_s
                              << u"settings"_s;
    QTest::newRow("env-wins-over-settings") << QString() << u"https://e.example"_s << u"https://s.example"_s
                                            << u"https://e.example"_s << u"GOOGLE_GEMINI_BASE_URL"_s;
    QTest::newRow("cli-wins") << u"http://localhost:9"_s << u"https://e.example"_s << u"https://s.example"_s
                              << u"http://localhost:9"_s << u"command line"_s;
    QTest::newRow("blank-is-unset") << u"  "_s << QString() << QString()
                                    << u"https://generativelanguage.googleapis.com"_s << u"default"_s;
}

void tst_ClientConfig::precedence()
{
    QFETCH(QString, commandLine);
    QFETCH(QString, environment);
    QFETCH(QString, settings);
    QFETCH(QString, expectedUrl);
    QFETCH(QString, expectedSource);
    const auto r = ClientConfig::resolveBaseUrl(commandLine, environment, settings);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.url.toString(), expectedUrl);
    QCOMPARE(r.source, expectedSource);
}

void tst_ClientConfig::validation_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("ok");
    QTest::newRow("https") << u"https://generativelanguage.googleapis.com"_s << true;
    QTest::newRow("http-loopback") << u"http://127.0.0.1:8080"_s << true;
    QTest::newRow("http-localhost") << u"http://localhost:8080"_s << true;
    QTest::newRow("http-ipv6-loopback") << u"http://[::1]:8080"_s << true;
    QTest::newRow("http-remote") << u"http://proxy.example.com"_s << false; // the key would travel in clear
    QTest::newRow("ftp") << u"ftp://x.example"_s << false;
    QTest::newRow("no-host") << u"https://"_s << false;
    QTest::newRow("garbage") << u"not a url"_s << false;
    QTest::newRow("credentials") << u"https://user:pw@x.example"_s << false;
    QTest::newRow("query") << u"https://x.example/?key=abc"_s << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_ClientConfig::validation()
{
    QFETCH(QString, url);
    QFETCH(bool, ok);
    const QString problem = ClientConfig::validateBaseUrl(QUrl(url, QUrl::StrictMode));
    QCOMPARE(problem.isEmpty(), ok);
    if (!ok) {
        const auto r = ClientConfig::resolveBaseUrl(url.isEmpty() ? u"x"_s : url, {}, {});
        QVERIFY(!r.error.isEmpty());
        QVERIFY(r.error.contains(u"command line"_s));
    }
}

void tst_ClientConfig::environmentKey()
{
    qunsetenv("GEMINI_API_KEY");
    qunsetenv("GOOGLE_API_KEY");
    QVERIFY(ClientConfig::apiKeyFromEnvironment().key.isEmpty());
    qputenv("GOOGLE_API_KEY", "google-key");
    QCOMPARE(ClientConfig::apiKeyFromEnvironment().key, u"google-key"_s);
    QCOMPARE(ClientConfig::apiKeyFromEnvironment().variable, u"GOOGLE_API_KEY"_s);
    qputenv("GEMINI_API_KEY", "  gemini-key \n"); // pasted with blanks
    QCOMPARE(ClientConfig::apiKeyFromEnvironment().key, u"gemini-key"_s);
    QCOMPARE(ClientConfig::apiKeyFromEnvironment().variable, u"GEMINI_API_KEY"_s);
    qputenv("GEMINI_API_KEY", "   ");
    QCOMPARE(ClientConfig::apiKeyFromEnvironment().key, u"google-key"_s);
    qunsetenv("GEMINI_API_KEY");
    qunsetenv("GOOGLE_API_KEY");
}

QTEST_GUILESS_MAIN(tst_ClientConfig)
#include "tst_clientconfig.moc"
