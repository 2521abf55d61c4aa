#include "fakegeminiserver.h"
#include "geminiclient.h"
#include "generatecall.h"
#include "keycheck.h"
#include "proxysettings.h"
#include "support/loopbackproxy.h"
#include "support/proxytesting.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
const QByteArray ProxyVariables[]
    = {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"};

struct ListOutcome
{
    bool done = false;
    QList<ModelInfo> models;
    ApiError error;
};

// The fake Gemini server and a client on its own manager, with no retries so failures come at once.
struct Rig
{
    FakeGeminiServer server;
    QNetworkAccessManager nam;
    std::unique_ptr<GeminiClient> client;

    Rig()
    {
        if (!server.listen())
            qFatal("fake server: %s", qPrintable(server.errorString()));
        ClientConfig config;
        config.baseUrl = server.baseUrl();
        config.apiKey = server.apiKey();
        config.retry = RetryPolicy::none();
        config.requestTimeoutMs = 10000;
        client = std::make_unique<GeminiClient>(&nam, config);
    }

    ListOutcome listModels()
    {
        auto outcome = std::make_shared<ListOutcome>();
        client->listModels(
            &nam,
            [outcome](const QList<ModelInfo> &models, const ApiError &error) {
                outcome->done = true;
                outcome->models = models;
                outcome->error = error;
            },
            1000);
        if (!QTest::qWaitFor([&] { return outcome->done; }, 15000))
            qWarning("listModels did not finish");
        return *outcome;
    }
};

QList<LoopbackProxy::Seen> authorizedSeen(const LoopbackProxy &proxy)
{
    QList<LoopbackProxy::Seen> out;
    for (const LoopbackProxy::Seen &s : proxy.seen()) {
        if (s.authorized)
            out.append(s);
    }
    return out;
}

// A plain GET through nam; the reply's error (the body does not matter).
QNetworkReply::NetworkError fetch(QNetworkAccessManager &nam, const QUrl &url)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    std::unique_ptr<QNetworkReply> reply(nam.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(15000))
        qWarning("request did not finish");
    return reply->error();
}
} // namespace

class tst_ProxySettings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void problem_data();
    void problem();
    void names();
    void toNetworkProxy();
    void applyToDoesNotTouchGlobals();

    void httpProxySeesRequest();
    void httpProxyWithCredentials();
    void httpProxyWrongPassword();
    void httpProxyWithoutPassword();
    void httpProxyPasswordIsLatin1();
    void socks5_data();
    void socks5();
    void socks5WrongPassword();
    void noneGoesDirectDespiteEnvironment();
    void systemUsesEnvironment();
    void systemForLoopback();
    void switchingTakesEffectOnNextRequest();
    void manualWithProblemFallsBackToNone();
    void proxyDown();
    void connectTunnelForHttps();
    void severalRequestsThroughOneProxy();
};

void tst_ProxySettings::initTestCase()
{
    // The machine's own proxy variables must not decide these tests.
    for (const QByteArray &name : ProxyVariables)
        qunsetenv(name.constData());
}

void tst_ProxySettings::cleanup()
{
    for (const QByteArray &name : ProxyVariables)
        qunsetenv(name.constData());
}

void tst_ProxySettings::problem_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("contains"); // empty: no problem

    const int manual = int(ProxySettings::Mode::Manual);
    QTest::newRow("ok-name") << manual << u"proxy.example.com"_s << 3128 << QString();
    QTest::newRow("ok-ipv4") << manual << u"10.0.0.1"_s << 1 << QString();
    QTest::newRow("ok-ipv6") << manual << u"::1"_s << 65535 << QString();
    QTest::newRow("ok-ipv6-brackets") << manual << u"[fe80::1]"_s << 8080 << QString();
    QTest::newRow("ok-surrounding-spaces") << manual << u"  proxy  "_s << 8080 << QString();
    QTest::newRow("empty-host") << manual << QString() << 8080 << u"host"_s;
    QTest::newRow("blank-host") << manual << u"   "_s << 8080 << u"host"_s;
    QTest::newRow("scheme") << manual << u"http://host"_s << 8080 << u"scheme"_s;
    QTest::newRow("socks-scheme") << manual << u"socks5://host"_s << 8080 << u"scheme"_s;
    QTest::newRow("host-port") << manual << u"host:1"_s << 8080 << u"port field"_s;
    QTest::newRow("path") << manual << u"host/proxy"_s << 8080 << u"path"_s;
    QTest::newRow("user-in-host") << manual << u"bob@host"_s << 8080 << u"user name"_s;
    QTest::newRow("inner-space") << manual << u"my proxy"_s << 8080 << u"spaces"_s;
    QTest::newRow("tab") << manual << u"my\tproxy"_s << 8080 << u"spaces"_s;
    QTest::newRow("newline") << manual << u"proxy\nHost: evil"_s << 8080 << u"spaces"_s;
    QTest::newRow("port-0") << manual << u"host"_s << 0 << u"1 to 65535"_s;
    QTest::newRow("port-70000") << manual << u"host"_s << 70000 << u"1 to 65535"_s;
    QTest::newRow("port-negative") << manual << u"host"_s << -1 << u"1 to 65535"_s;
    // Only a manual proxy is checked: the others ignore host and port.
    QTest::newRow("system-ignores") << int(ProxySettings::Mode::System) << QString() << 0 << QString();
    QTest::newRow("none-ignores") << int(ProxySettings::Mode::None) << u"http://x"_s << 70000 << QString();
}

void tst_ProxySettings::problem()
{
    QFETCH(int, mode);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, contains);
    ProxySettings p;
    p.mode = ProxySettings::Mode(mode);
    p.host = host;
    p.port = port;
    const QString problem = p.problem();
    if (contains.isEmpty())
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    else
        QVERIFY2(problem.contains(contains), qPrintable(problem));
}

void tst_ProxySettings::names()
{
    for (const auto m : {ProxySettings::Mode::System, ProxySettings::Mode::None, ProxySettings::Mode::Manual})
        QCOMPARE(ProxySettings::modeFromName(ProxySettings::modeName(m)), m);
    for (const auto t : {ProxySettings::Type::Http, ProxySettings::Type::Socks5})
        QCOMPARE(ProxySettings::typeFromName(ProxySettings::typeName(t)), t);
    QCOMPARE(ProxySettings::modeName(ProxySettings::Mode::System), u"system"_s);
    QCOMPARE(ProxySettings::modeName(ProxySettings::Mode::None), u"none"_s);
    QCOMPARE(ProxySettings::modeName(ProxySettings::Mode::Manual), u"manual"_s);
    QCOMPARE(ProxySettings::typeName(ProxySettings::Type::Socks5), u"socks5"_s);
    QCOMPARE(ProxySettings::modeFromName(u" Manual "_s), ProxySettings::Mode::Manual);
    QCOMPARE(ProxySettings::modeFromName(u"2"_s), std::nullopt);
    QCOMPARE(ProxySettings::modeFromName(QString()), std::nullopt);
    QCOMPARE(ProxySettings::typeFromName(u"socks4"_s), std::nullopt);
}

void tst_ProxySettings::toNetworkProxy()
{
    ProxySettings p = manualProxy(ProxySettings::Type::Http, 3128, u"alice"_s);
    p.host = u" proxy.lan "_s;
    QNetworkProxy np = p.toNetworkProxy(u"pw"_s);
    QCOMPARE(np.type(), QNetworkProxy::HttpProxy);
    QCOMPARE(np.hostName(), u"proxy.lan"_s);
    QCOMPARE(np.port(), quint16(3128));
    QCOMPARE(np.user(), u"alice"_s);
    QCOMPARE(np.password(), u"pw"_s);

    p.type = ProxySettings::Type::Socks5;
    p.user.clear();
    p.host = u"[::1]"_s;
    np = p.toNetworkProxy(u"pw"_s);
    QCOMPARE(np.type(), QNetworkProxy::Socks5Proxy);
    QCOMPARE(np.hostName(), u"::1"_s);
    QVERIFY(np.user().isEmpty());
    QVERIFY(np.password().isEmpty()); // no user: no password either

    p.mode = ProxySettings::Mode::System;
    QCOMPARE(p.toNetworkProxy().type(), QNetworkProxy::DefaultProxy);
    p.mode = ProxySettings::Mode::None;
    QCOMPARE(p.toNetworkProxy().type(), QNetworkProxy::NoProxy);
}

void tst_ProxySettings::applyToDoesNotTouchGlobals()
{
    const QNetworkProxy before = QNetworkProxy::applicationProxy();
    const bool systemBefore = QNetworkProxyFactory::usesSystemConfiguration();
    QNetworkAccessManager nam;
    QVERIFY(manualProxy(ProxySettings::Type::Http, 1234, u"u"_s).applyTo(&nam, u"p"_s));
    QCOMPARE(nam.proxy().hostName(), u"127.0.0.1"_s);
    QCOMPARE(nam.proxy().port(), quint16(1234));
    QCOMPARE(nam.proxy().password(), u"p"_s);
    QVERIFY(nam.proxyFactory() == nullptr);
    ProxySettings system;
    QVERIFY(system.applyTo(&nam));
    QVERIFY(nam.proxyFactory() != nullptr);
    ProxySettings none;
    none.mode = ProxySettings::Mode::None;
    QVERIFY(none.applyTo(&nam));
    QCOMPARE(nam.proxy().type(), QNetworkProxy::NoProxy);
    QVERIFY(nam.proxyFactory() == nullptr);
    QCOMPARE(QNetworkProxy::applicationProxy(), before);
    QCOMPARE(QNetworkProxyFactory::usesSystemConfiguration(), systemBefore);
    QVERIFY(!ProxySettings().applyTo(nullptr));
}

void tst_ProxySettings::httpProxySeesRequest()
{
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port()).applyTo(&rig.nam));

    const ListOutcome outcome = rig.listModels();
    QVERIFY(outcome.done);
    QVERIFY2(!outcome.error.isError(), qPrintable(outcome.error.userMessage()));
    // The answer arrived intact: every model of the server, in order.
    QCOMPARE(outcome.models.size(), rig.server.models().size());
    for (qsizetype i = 0; i < outcome.models.size(); ++i)
        QCOMPARE(outcome.models.at(i).name, rig.server.models().at(i).value("name"_L1).toString());

    // Qt 6.4 sends a request for 127.0.0.1 through an explicitly set proxy, in absolute form.
    const QList<LoopbackProxy::Seen> seen = proxy.seen();
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().method, QByteArray("GET"));
    const QByteArray expectedTarget = "http://127.0.0.1:" + QByteArray::number(rig.server.port()) + "/v1beta/models";
    QVERIFY2(seen.first().target.startsWith(expectedTarget), seen.first().target.constData());
    QCOMPARE(rig.server.requests(u"/v1beta/models"_s).size(), 1);
    // The key travels in its header only, never in the URL the proxy sees (and could log).
    const QByteArray key = rig.server.apiKey().toUtf8();
    QVERIFY(!seen.first().target.contains(key));
    QVERIFY(seen.first().head.contains(QByteArray("x-goog-api-key: " + key)));
    QVERIFY(!rig.server.requests().first().query.hasQueryItem(u"key"_s));
}

void tst_ProxySettings::httpProxyWithCredentials()
{
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    proxy.setCredentials(u"alice"_s, u"s3cr:et !"_s);
    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port(), u"alice"_s).applyTo(&rig.nam, u"s3cr:et !"_s));

    const ListOutcome outcome = rig.listModels();
    QVERIFY2(!outcome.error.isError(), qPrintable(outcome.error.userMessage()));
    QCOMPARE(outcome.models.size(), rig.server.models().size());

    // Qt sends no credentials until the proxy asks (407), then retries with the QNetworkProxy's.
    const QList<LoopbackProxy::Seen> seen = proxy.seen();
    QCOMPARE(seen.size(), 2);
    QVERIFY(!seen.at(0).authorized);
    QVERIFY(seen.at(0).proxyAuthorization.isEmpty());
    QVERIFY(seen.at(1).authorized);
    QCOMPARE(seen.at(1).proxyAuthorization, QByteArray("Basic " + QByteArray("alice:s3cr:et !").toBase64()));
    QCOMPARE(rig.server.requests().size(), 1);

    // A second request on the same manager: the credentials are reused (no second 407).
    proxy.clear();
    QVERIFY(!rig.listModels().error.isError());
    QCOMPARE(authorizedSeen(proxy).size(), 1);
}

void tst_ProxySettings::httpProxyWrongPassword()
{
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    proxy.setCredentials(u"alice"_s, u"right"_s);
    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port(), u"alice"_s).applyTo(&rig.nam, u"wrong"_s));

    const ListOutcome outcome = rig.listModels();
    QVERIFY(outcome.done);
    // What Qt 6.4 makes of a 407 it cannot answer: after one try with the proxy's credentials it
    // delivers the 407 as an HTTP reply, which ApiError files as PermissionDenied (not retried).
    QCOMPARE(outcome.error.httpStatus, 407);
    QCOMPARE(outcome.error.kind, ApiError::Kind::PermissionDenied);
    QVERIFY(!outcome.error.isTransient());
    QVERIFY(authorizedSeen(proxy).isEmpty());
    QCOMPARE(proxy.seen().size(), 2); // without credentials, then with the wrong ones: no endless retry
    QVERIFY(!proxy.seen().at(1).proxyAuthorization.isEmpty());
    QVERIFY(rig.server.requests().isEmpty());
    const QString words = KeyCheck::describe(outcome.error, rig.server.baseUrl());
    QVERIFY2(words.contains("proxy asked for a user name and password"_L1), qPrintable(words));

    // Fixing the password takes effect on the next request, on the same manager.
    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port(), u"alice"_s).applyTo(&rig.nam, u"right"_s));
    const ListOutcome fixed = rig.listModels();
    QVERIFY2(!fixed.error.isError(), qPrintable(fixed.error.userMessage()));
    QCOMPARE(rig.server.requests().size(), 1);
}

void tst_ProxySettings::httpProxyWithoutPassword()
{
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    proxy.setCredentials(u"alice"_s, u"right"_s);
    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port()).applyTo(&rig.nam));
    const ListOutcome outcome = rig.listModels();
    QCOMPARE(outcome.error.httpStatus, 407);
    QCOMPARE(proxy.seen().size(), 1);
    QVERIFY(KeyCheck::describe(outcome.error, rig.server.baseUrl()).contains("proxy asked"_L1));
    QVERIFY(rig.server.requests().isEmpty());
}

void tst_ProxySettings::httpProxyPasswordIsLatin1()
{
    // Qt 6.4 encodes Basic proxy credentials as Latin-1 (RFC 7617 leaves it open): "ü" goes out as
    // the byte FC, so a proxy that expects UTF-8 refuses it. Characters beyond Latin-1 cannot be sent.
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    proxy.setCredentials(u"alice"_s, u"grün"_s);
    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port(), u"alice"_s).applyTo(&rig.nam, u"grün"_s));
    QCOMPARE(rig.listModels().error.httpStatus, 407);
    QCOMPARE(proxy.seen().size(), 2);
    QCOMPARE(proxy.seen().at(1).proxyAuthorization, "Basic " + u"alice:grün"_s.toLatin1().toBase64());
}

void tst_ProxySettings::socks5_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::newRow("no-auth") << QString() << QString();
    // ASCII only: Qt sends SOCKS5 credentials as Latin-1 (see httpProxyPasswordIsLatin1).
    QTest::newRow("user-password") << u"bob"_s << u"pa$$ word:1"_s;
}

void tst_ProxySettings::socks5()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Socks5);
    QVERIFY(proxy.listen());
    proxy.setCredentials(user, password);
    QVERIFY(manualProxy(ProxySettings::Type::Socks5, proxy.port(), user).applyTo(&rig.nam, password));

    const ListOutcome outcome = rig.listModels();
    QVERIFY2(!outcome.error.isError(), qPrintable(outcome.error.userMessage()));
    QCOMPARE(outcome.models.size(), rig.server.models().size());
    const QList<LoopbackProxy::Seen> seen = authorizedSeen(proxy);
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().method, QByteArray("SOCKS5"));
    QCOMPARE(seen.first().target, "127.0.0.1:" + QByteArray::number(rig.server.port()));
    if (!user.isEmpty())
        QCOMPARE(seen.first().proxyAuthorization, (user + u':' + password).toUtf8());
    QCOMPARE(rig.server.requests().size(), 1);
}

void tst_ProxySettings::socks5WrongPassword()
{
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Socks5);
    QVERIFY(proxy.listen());
    proxy.setCredentials(u"bob"_s, u"right"_s);
    QVERIFY(manualProxy(ProxySettings::Type::Socks5, proxy.port(), u"bob"_s).applyTo(&rig.nam, u"wrong"_s));
    const ListOutcome outcome = rig.listModels();
    QCOMPARE(outcome.error.kind, ApiError::Kind::Network);
    QVERIFY(authorizedSeen(proxy).isEmpty());
    QVERIFY(rig.server.requests().isEmpty());
    const QString words = KeyCheck::describe(outcome.error, rig.server.baseUrl());
    QVERIFY2(words.contains("proxy asked for a user name and password"_L1),
        qPrintable(words + u" / " + outcome.error.message));
}

void tst_ProxySettings::noneGoesDirectDespiteEnvironment()
{
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    const QByteArray proxyUrl = "http://127.0.0.1:" + QByteArray::number(proxy.port());
    qputenv("http_proxy", proxyUrl);
    qputenv("https_proxy", proxyUrl);
    qputenv("all_proxy", proxyUrl);
    ProxySettings none;
    none.mode = ProxySettings::Mode::None;
    QVERIFY(none.applyTo(&rig.nam));
    QVERIFY(!rig.listModels().error.isError());
    QCOMPARE(fetch(rig.nam, QUrl(u"http://alhena-test.invalid/v1beta/models"_s)), QNetworkReply::HostNotFoundError);
    QVERIFY(proxy.seen().isEmpty());
    QCOMPARE(rig.server.requests().size(), 1);
}

void tst_ProxySettings::systemUsesEnvironment()
{
    QNetworkAccessManager nam;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    qputenv("http_proxy", "http://127.0.0.1:" + QByteArray::number(proxy.port()));
    QVERIFY(ProxySettings().applyTo(&nam));
    // A name only the proxy could resolve: the request reaches the proxy, which answers 502.
    const QUrl url(u"http://alhena-test.invalid/v1beta/models"_s);
    const QNetworkReply::NetworkError error = fetch(nam, url);
    QCOMPARE(proxy.seen().size(), 1);
    QCOMPARE(proxy.seen().first().method, QByteArray("GET"));
    QCOMPARE(proxy.seen().first().target, url.toEncoded());
    QVERIFY(error != QNetworkReply::NoError);

    // no_proxy exempts a host: read per request, so it counts at once.
    proxy.clear();
    qputenv("no_proxy", "alhena-test.invalid");
    QCOMPARE(fetch(nam, url), QNetworkReply::HostNotFoundError);
    QVERIFY(proxy.seen().isEmpty());
}

void tst_ProxySettings::systemForLoopback()
{
    // What is true on Qt 6.4 (Debian 12, through libproxy 0.4): with http_proxy set and no no_proxy,
    // even a request to 127.0.0.1 goes through the proxy; only no_proxy exempts it.
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    qputenv("http_proxy", "http://127.0.0.1:" + QByteArray::number(proxy.port()));
    QVERIFY(ProxySettings().applyTo(&rig.nam));
    const ListOutcome outcome = rig.listModels();
    QVERIFY2(!outcome.error.isError(), qPrintable(outcome.error.userMessage()));
    QCOMPARE(proxy.seen().size(), 1);
    QCOMPARE(rig.server.requests().size(), 1);

    // With no_proxy naming it, it goes direct.
    proxy.clear();
    qputenv("no_proxy", "127.0.0.1,localhost");
    QVERIFY(!rig.listModels().error.isError());
    QVERIFY(proxy.seen().isEmpty());
    QCOMPARE(rig.server.requests().size(), 2);
}

void tst_ProxySettings::switchingTakesEffectOnNextRequest()
{
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    LoopbackProxy socks(LoopbackProxy::Kind::Socks5);
    QVERIFY(socks.listen());
    ProxySettings none;
    none.mode = ProxySettings::Mode::None;

    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port()).applyTo(&rig.nam));
    QVERIFY(!rig.listModels().error.isError());
    QCOMPARE(proxy.seen().size(), 1);

    QVERIFY(none.applyTo(&rig.nam));
    QVERIFY(!rig.listModels().error.isError());
    QCOMPARE(proxy.seen().size(), 1); // the kept-alive proxy connection was not used

    QVERIFY(manualProxy(ProxySettings::Type::Socks5, socks.port()).applyTo(&rig.nam));
    QVERIFY(!rig.listModels().error.isError());
    QCOMPARE(socks.seen().size(), 1);
    QCOMPARE(proxy.seen().size(), 1);

    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port()).applyTo(&rig.nam));
    QVERIFY(!rig.listModels().error.isError());
    QCOMPARE(proxy.seen().size(), 2);
    QCOMPARE(socks.seen().size(), 1);
    QCOMPARE(rig.server.requests().size(), 4);
}

void tst_ProxySettings::manualWithProblemFallsBackToNone()
{
    Rig rig;
    ProxySettings broken = manualProxy(ProxySettings::Type::Http, 70000);
    QVERIFY(!broken.applyTo(&rig.nam));
    QCOMPARE(rig.nam.proxy().type(), QNetworkProxy::NoProxy);
    QVERIFY(!rig.listModels().error.isError());
}

void tst_ProxySettings::proxyDown()
{
    Rig rig;
    quint16 port = 0;
    {
        LoopbackProxy gone(LoopbackProxy::Kind::Http);
        QVERIFY(gone.listen());
        port = gone.port();
    }
    QVERIFY(manualProxy(ProxySettings::Type::Http, port).applyTo(&rig.nam));
    const ListOutcome outcome = rig.listModels();
    QCOMPARE(outcome.error.kind, ApiError::Kind::Network);
    const QString words = KeyCheck::describe(outcome.error, rig.server.baseUrl());
    QVERIFY2(words.startsWith(u"Could not reach 127.0.0.1:%1"_s.arg(rig.server.port())), qPrintable(words));
    QVERIFY(rig.server.requests().isEmpty());
}

void tst_ProxySettings::connectTunnelForHttps()
{
    // https goes through a CONNECT tunnel. The server behind it speaks plain HTTP, so the TLS
    // handshake inside the tunnel fails: that shows the tunnel reached it, and what a TLS failure reads like.
    Rig rig;
    QTcpServer plain;
    QVERIFY(plain.listen(QHostAddress::LocalHost));
    connect(&plain, &QTcpServer::newConnection, &plain, [&plain] {
        QTcpSocket *socket = plain.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            socket->readAll();
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
        });
    });
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    proxy.setCredentials(u"alice"_s, u"pw"_s);
    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port(), u"alice"_s).applyTo(&rig.nam, u"pw"_s));
    ClientConfig config = rig.client->config();
    config.baseUrl = QUrl(u"https://127.0.0.1:%1"_s.arg(plain.serverPort()));
    rig.client->setConfig(config);
    const ListOutcome outcome = rig.listModels();
    QCOMPARE(outcome.error.kind, ApiError::Kind::Network);
    const QList<LoopbackProxy::Seen> seen = authorizedSeen(proxy);
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().method, QByteArray("CONNECT"));
    QCOMPARE(seen.first().target, "127.0.0.1:" + QByteArray::number(plain.serverPort()));
    QVERIFY(!seen.first().head.contains("x-goog-api-key")); // the key stays inside the tunnel
    const QString words = KeyCheck::describe(outcome.error, config.baseUrl);
    QVERIFY2(words.contains("securely"_L1), qPrintable(words + u" / " + outcome.error.message));
}

void tst_ProxySettings::severalRequestsThroughOneProxy()
{
    // Kept-alive proxy connections carry several requests, with bodies, and a streamed answer.
    Rig rig;
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port()).applyTo(&rig.nam));
    FakeGeminiServer::Script script;
    script.replyText = u"Through the proxy, intact: äöü ✓ "_s + QString(5000, u'x');
    rig.server.setDefaultScript(script);

    QVERIFY(!rig.listModels().error.isError());
    for (const bool streaming : {false, true, false}) {
        const auto request = GenerateContentRequest::fromPrompt(u"hello"_s);
        GenerateCall *call = streaming ? rig.client->streamGenerateContent(u"gemini-2.5-flash"_s, request)
                                       : rig.client->generateContent(u"gemini-2.5-flash"_s, request);
        QSignalSpy finished(call, &GenerateCall::finished);
        QSignalSpy failed(call, &GenerateCall::failed);
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() + failed.size() == 1, 15000);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(finished.first().first().value<GenerateContentResponse>().text(), script.replyText);
    }
    const QList<LoopbackProxy::Seen> seen = proxy.seen();
    QCOMPARE(seen.size(), 4);
    QCOMPARE(seen.at(0).method, QByteArray("GET"));
    QCOMPARE(seen.at(1).method, QByteArray("POST"));
    QVERIFY(seen.at(2).target.endsWith(":streamGenerateContent?alt=sse"));
    QCOMPARE(rig.server.requests().size(), 4);
    QCOMPARE(rig.server.connectionCount(), 1); // all four on one kept-alive connection, each request seen
}

QTEST_GUILESS_MAIN(tst_ProxySettings)
#include "tst_proxysettings.moc"
