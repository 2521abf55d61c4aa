#include "fakegeminiserver.h"
#include "googleerror.h"
#include "keycheck.h"
#include "proxysettings.h"
#include "support/loopbackproxy.h"
#include "support/proxytesting.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(KeyCheck::Result)

namespace {
// Answers every request with one fixed reply; or, with an empty status line, never answers.
struct CannedServer
{
    QTcpServer server;
    QByteArray reply;
    int requests = 0;
    QList<QTcpSocket *> silent; // accepted and left waiting

    explicit CannedServer(const QByteArray &statusLine = {}, const QByteArray &body = {},
        const QByteArray &contentType = "application/json; charset=UTF-8")
    {
        if (!statusLine.isEmpty()) {
            reply = "HTTP/1.1 " + statusLine + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        }
        if (!server.listen(QHostAddress::LocalHost))
            qFatal("cannot listen");
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] {
            QTcpSocket *socket = server.nextPendingConnection();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                if (!socket->readAll().contains("\r\n\r\n"))
                    return;
                ++requests;
                if (reply.isEmpty()) {
                    silent.append(socket);
                    return;
                }
                socket->write(reply);
                socket->disconnectFromHost();
            });
        });
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())); }
};

QByteArray errorBody(const QJsonObject &error)
{
    return QJsonDocument(error).toJson();
}

KeyCheck::Result resultOf(const QSignalSpy &spy, int index = 0)
{
    return spy.at(index).at(0).value<KeyCheck::Result>();
}
} // namespace

class tst_KeyCheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void goodKey();
    void wrongKey();
    void emptyKey_data();
    void emptyKey();
    void notAKey_data();
    void notAKey();
    void serverAnswers_data();
    void serverAnswers();
    void refusedPort();
    void slowServerTimesOut();
    void hostNotFound();
    void unusableEndpoint();
    void proxyWithWrongCredentials();
    void proxyWithRightCredentials();
    void secondStartCancelsFirst();
    void secondStartCancelsPendingEmptyKey();
    void cancelAndDestroy();
    void describeWords_data();
    void describeWords();

private:
    ClientConfig configFor(const QUrl &baseUrl) const
    {
        ClientConfig config;
        config.baseUrl = baseUrl;
        config.requestTimeoutMs = 10000;
        return config;
    }
    // One check, waited for: its result, or none if it did not finish in time.
    std::optional<KeyCheck::Result> runCheck(const ClientConfig &config, const QString &key, int timeoutMs)
    {
        KeyCheck check(m_nam.get());
        QSignalSpy finished(&check, &KeyCheck::finished);
        check.start(config, key);
        if (!finished.wait(timeoutMs))
            return std::nullopt;
        return resultOf(finished);
    }
    std::unique_ptr<FakeGeminiServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

void tst_KeyCheck::initTestCase()
{
    for (const char *name : {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY"})
        qunsetenv(name);
}

void tst_KeyCheck::init()
{
    m_server = std::make_unique<FakeGeminiServer>();
    QVERIFY(m_server->listen());
    m_server->setApiKey(u"AIzaRightKey_0123456789"_s);
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void tst_KeyCheck::goodKey()
{
    KeyCheck check(m_nam.get());
    QSignalSpy finished(&check, &KeyCheck::finished);
    check.start(configFor(m_server->baseUrl()), u"  AIzaRightKey_0123456789\n"_s); // pasted with a newline
    QVERIFY(check.isRunning());
    QVERIFY(finished.wait(10000));
    QVERIFY(!check.isRunning());
    QCOMPARE(finished.size(), 1);
    const KeyCheck::Result r = resultOf(finished);
    QVERIFY2(r.ok, qPrintable(r.message));
    QCOMPARE(r.modelCount, int(m_server->models().size()));
    QVERIFY(r.modelCount > 1);
    QCOMPARE(r.message, u"The key works: %1 models are available."_s.arg(r.modelCount));
    QVERIFY(!r.error.isError());

    // One models.list request; the key only in its header.
    const QList<FakeGeminiServer::Request> requests = m_server->requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.first().path, u"/v1beta/models"_s);
    QCOMPARE(requests.first().query.queryItemValue(u"pageSize"_s), u"1000"_s);
    QCOMPARE(requests.first().header("x-goog-api-key"), QByteArray("AIzaRightKey_0123456789"));
    QVERIFY(!requests.first().query.hasQueryItem(u"key"_s));
    QVERIFY(!requests.first().query.toString().contains("AIza"_L1));
    QVERIFY(!requests.first().path.contains("AIza"_L1));
}

void tst_KeyCheck::wrongKey()
{
    KeyCheck check(m_nam.get());
    QSignalSpy finished(&check, &KeyCheck::finished);
    check.start(configFor(m_server->baseUrl()), u"AIzaWrongKey"_s);
    QVERIFY(finished.wait(10000));
    const KeyCheck::Result r = resultOf(finished);
    QVERIFY(!r.ok);
    QCOMPARE(r.error.kind, ApiError::Kind::InvalidKey);
    QCOMPARE(r.error.reason, u"API_KEY_INVALID"_s);
    QCOMPARE(r.message, u"Google does not accept this key. Check that you copied all of it."_s);
    QCOMPARE(m_server->requests().size(), 1); // not retried
    QVERIFY(!finished.wait(200));             // and finished only once
}

void tst_KeyCheck::emptyKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("empty") << QString();
    QTest::newRow("spaces") << u"  \t\n "_s;
}

void tst_KeyCheck::emptyKey()
{
    QFETCH(QString, key);
    KeyCheck check(m_nam.get());
    QSignalSpy finished(&check, &KeyCheck::finished);
    check.start(configFor(m_server->baseUrl()), key);
    QCOMPARE(finished.size(), 0); // asynchronous, like every other outcome
    QVERIFY(check.isRunning());
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    const KeyCheck::Result r = resultOf(finished);
    QVERIFY(!r.ok);
    QCOMPARE(r.error.kind, ApiError::Kind::MissingKey);
    QCOMPARE(r.message, u"Paste a key first."_s);
    QVERIFY(m_server->requests().isEmpty());
    QVERIFY(!check.isRunning());
}

void tst_KeyCheck::notAKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("two-words") << u"AIza one two"_s;
    QTest::newRow("header-injection") << u"AIzaKey\r\nX-Evil: 1"_s;
    QTest::newRow("non-ascii") << u"AIzaКлюч"_s;
    QTest::newRow("nul") << QString(u"AIza"_s + QChar(0) + u"x"_s);
    QTest::newRow("huge-with-space") << QString(QString(100000, u'A') + u" B"_s);
}

void tst_KeyCheck::notAKey()
{
    QFETCH(QString, key);
    const std::optional<KeyCheck::Result> result = runCheck(configFor(m_server->baseUrl()), key, 5000);
    QVERIFY(result);
    const KeyCheck::Result &r = *result;
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains("does not look like an API key"_L1), qPrintable(r.message));
    QVERIFY(!r.message.contains(key.trimmed())); // the candidate is never repeated back
    QVERIFY(m_server->requests().isEmpty());
}

void tst_KeyCheck::serverAnswers_data()
{
    QTest::addColumn<QByteArray>("statusLine");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("contains");

    QTest::newRow("429-quota") << QByteArray("429 Too Many Requests")
                               << errorBody(GoogleError::quotaExceeded(u"gemini-2.5-pro"_s, u"30s"_s))
                               << int(ApiError::Kind::RateLimited) << u"The key is valid but has run out of quota"_s;
    QTest::newRow("403-service-disabled")
        << QByteArray("403 Forbidden")
        << errorBody(GoogleError::make(
               403, u"Generative Language API has not been used in project 123 before or it is disabled."_s))
        << int(ApiError::Kind::PermissionDenied) << u"This key may not use the Gemini API"_s;
    QTest::newRow("403-unregistered") << QByteArray("403 Forbidden") << errorBody(GoogleError::unregisteredCaller())
                                      << int(ApiError::Kind::MissingKey) << u"did not receive the key"_s;
    QTest::newRow("500") << QByteArray("500 Internal Server Error") << errorBody(GoogleError::make(500))
                         << int(ApiError::Kind::ServerError) << u"had a problem (HTTP 500)"_s;
    QTest::newRow("503") << QByteArray("503 Service Unavailable") << errorBody(GoogleError::make(503))
                         << int(ApiError::Kind::Overloaded) << u"had a problem (HTTP 503)"_s;
    QTest::newRow("502-html") << QByteArray("502 Bad Gateway") << QByteArray("<html><h1>Bad gateway</h1></html>")
                              << int(ApiError::Kind::ServerError) << u"reported HTTP 502"_s;
    QTest::newRow("404-not-gemini") << QByteArray("404 Not Found") << QByteArray("<html>nothing here</html>")
                                    << int(ApiError::Kind::NotFound) << u"does not offer the Gemini API"_s;
    QTest::newRow("200-not-json") << QByteArray("200 OK") << QByteArray("hello")
                                  << int(ApiError::Kind::MalformedResponse) << u"not like the Gemini API"_s;
}

void tst_KeyCheck::serverAnswers()
{
    QFETCH(QByteArray, statusLine);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(QString, contains);
    CannedServer server(statusLine, body);
    const std::optional<KeyCheck::Result> result = runCheck(configFor(server.url()), u"AIzaSomeKey"_s, 10000);
    QVERIFY(result);
    const KeyCheck::Result &r = *result;
    QVERIFY(!r.ok);
    QCOMPARE(int(r.error.kind), kind);
    QVERIFY2(r.message.contains(contains), qPrintable(r.message));
    QCOMPARE(server.requests, 1); // the check is never retried: the person is waiting
}

void tst_KeyCheck::refusedPort()
{
    quint16 port = 0;
    {
        QTcpServer gone;
        QVERIFY(gone.listen(QHostAddress::LocalHost));
        port = gone.serverPort();
    }
    const std::optional<KeyCheck::Result> result
        = runCheck(configFor(QUrl(u"http://127.0.0.1:%1"_s.arg(port))), u"AIzaSomeKey"_s, 10000);
    QVERIFY(result);
    const KeyCheck::Result &r = *result;
    QCOMPARE(r.error.kind, ApiError::Kind::Network);
    QCOMPARE(r.message,
        u"Could not reach 127.0.0.1:%1: Connection refused. Check your connection or the proxy and endpoint in Settings."_s
            .arg(port));
}

void tst_KeyCheck::slowServerTimesOut()
{
    CannedServer silent; // accepts, never answers
    ClientConfig config = configFor(silent.url());
    config.requestTimeoutMs = 300;
    const std::optional<KeyCheck::Result> result = runCheck(config, u"AIzaSomeKey"_s, 10000);
    QVERIFY(result);
    const KeyCheck::Result &r = *result;
    QCOMPARE(r.error.kind, ApiError::Kind::Timeout);
    QVERIFY2(r.message.startsWith(
                 u"Could not reach 127.0.0.1:%1: it did not answer in time."_s.arg(silent.server.serverPort())),
        qPrintable(r.message));
    QCOMPARE(silent.requests, 1);
}

void tst_KeyCheck::hostNotFound()
{
    ClientConfig config = configFor(QUrl(u"https://alhena-test.invalid"_s));
    config.requestTimeoutMs = 5000;
    const std::optional<KeyCheck::Result> result = runCheck(config, u"AIzaSomeKey"_s, 15000);
    QVERIFY(result);
    const KeyCheck::Result &r = *result;
    QVERIFY(!r.ok);
    QVERIFY2(r.message.startsWith("Could not reach alhena-test.invalid: "_L1), qPrintable(r.message));
    QVERIFY(r.message.endsWith("Check your connection or the proxy and endpoint in Settings."_L1));
}

void tst_KeyCheck::unusableEndpoint()
{
    const std::optional<KeyCheck::Result> result
        = runCheck(configFor(QUrl(u"http://gateway.example.com"_s)), u"AIzaSomeKey"_s, 5000);
    QVERIFY(result);
    const KeyCheck::Result &r = *result;
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains("unencrypted"_L1), qPrintable(r.message));
}

void tst_KeyCheck::proxyWithWrongCredentials()
{
    LoopbackProxy proxy(LoopbackProxy::Kind::Http);
    QVERIFY(proxy.listen());
    proxy.setCredentials(u"alice"_s, u"right"_s);
    QVERIFY(manualProxy(ProxySettings::Type::Http, proxy.port(), u"alice"_s).applyTo(m_nam.get(), u"wrong"_s));
    const std::optional<KeyCheck::Result> result
        = runCheck(configFor(m_server->baseUrl()), u"AIzaRightKey_0123456789"_s, 10000);
    QVERIFY(result);
    const KeyCheck::Result &r = *result;
    QVERIFY(!r.ok);
    QCOMPARE(r.error.httpStatus, 407);
    QVERIFY2(r.message.startsWith("The proxy asked for a user name and password"_L1), qPrintable(r.message));
    QVERIFY(m_server->requests().isEmpty());
    for (const LoopbackProxy::Seen &seen : proxy.seen())
        QVERIFY(!seen.target.contains("AIza"));
}

void tst_KeyCheck::proxyWithRightCredentials()
{
    LoopbackProxy proxy(LoopbackProxy::Kind::Socks5);
    QVERIFY(proxy.listen());
    proxy.setCredentials(u"alice"_s, u"right"_s);
    QVERIFY(manualProxy(ProxySettings::Type::Socks5, proxy.port(), u"alice"_s).applyTo(m_nam.get(), u"right"_s));
    const std::optional<KeyCheck::Result> result
        = runCheck(configFor(m_server->baseUrl()), u"AIzaRightKey_0123456789"_s, 10000);
    QVERIFY(result);
    QVERIFY2(result->ok, qPrintable(result->message));
    QCOMPARE(proxy.seen().size(), 1);
}

void tst_KeyCheck::secondStartCancelsFirst()
{
    CannedServer silent;
    KeyCheck check(m_nam.get());
    QSignalSpy finished(&check, &KeyCheck::finished);
    check.start(configFor(silent.url()), u"AIzaFirst"_s);
    QTRY_COMPARE(silent.requests, 1); // the first is on the wire
    check.start(configFor(m_server->baseUrl()), u"AIzaRightKey_0123456789"_s);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.size(), 1);
    QVERIFY(resultOf(finished).ok);
    // The first request was abandoned: its connection closes.
    QTRY_VERIFY(silent.silent.size() == 1 && silent.silent.first()->state() != QAbstractSocket::ConnectedState);
    QVERIFY(!finished.wait(300));
    QCOMPARE(finished.size(), 1);
}

void tst_KeyCheck::secondStartCancelsPendingEmptyKey()
{
    KeyCheck check(m_nam.get());
    QSignalSpy finished(&check, &KeyCheck::finished);
    check.start(configFor(m_server->baseUrl()), QString());
    check.start(configFor(m_server->baseUrl()), u"AIzaWrong"_s);
    check.start(configFor(m_server->baseUrl()), u"AIzaRightKey_0123456789"_s);
    QVERIFY(finished.wait(10000));
    QVERIFY(!finished.wait(300));
    QCOMPARE(finished.size(), 1);
    QVERIFY(resultOf(finished).ok);
}

void tst_KeyCheck::cancelAndDestroy()
{
    CannedServer silent;
    auto check = std::make_unique<KeyCheck>(m_nam.get());
    QSignalSpy finished(check.get(), &KeyCheck::finished);
    check->start(configFor(silent.url()), u"AIzaKey"_s);
    QTRY_COMPARE(silent.requests, 1);
    check->cancel();
    QVERIFY(!check->isRunning());
    check->cancel(); // twice is harmless
    QVERIFY(!finished.wait(300));

    check->start(configFor(silent.url()), u"AIzaKey"_s);
    QTRY_COMPARE(silent.requests, 2);
    check.reset(); // destroyed while running: no signal, no crash
    QTRY_VERIFY(silent.silent.size() == 2 && silent.silent.last()->state() != QAbstractSocket::ConnectedState);
    QCOMPARE(finished.size(), 0);
}

void tst_KeyCheck::describeWords_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("httpStatus");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("expected");
    using K = ApiError::Kind;
    QTest::newRow("proxy-407") << int(K::InvalidRequest) << 407 << QString() << u"The proxy asked"_s;
    QTest::newRow("socks-auth") << int(K::Network) << 0 << u"Proxy requires authentication"_s << u"The proxy asked"_s;
    QTest::newRow("tls") << int(K::Network) << 0 << u"SSL handshake failed: wrong version number"_s
                         << u"Could not reach example.com securely: SSL handshake failed"_s;
    QTest::newRow("dns") << int(K::Network) << 0 << u"Host example.com not found"_s
                         << u"Could not reach example.com: Host example.com not found. Check"_s;
    QTest::newRow("timeout") << int(K::Timeout) << 0 << QString() << u"did not answer in time"_s;
    QTest::newRow("invalid-key") << int(K::InvalidKey) << 400 << QString() << u"Google does not accept this key"_s;
}

void tst_KeyCheck::describeWords()
{
    QFETCH(int, kind);
    QFETCH(int, httpStatus);
    QFETCH(QString, message);
    QFETCH(QString, expected);
    ApiError e;
    e.kind = ApiError::Kind(kind);
    e.httpStatus = httpStatus;
    e.message = message;
    const QString words = KeyCheck::describe(e, QUrl(u"https://example.com"_s));
    QVERIFY2(words.startsWith(expected) || words.contains(expected), qPrintable(words));
    QVERIFY(KeyCheck::describe(ApiError(), QUrl()).isEmpty());
}

QTEST_GUILESS_MAIN(tst_KeyCheck)
#include "tst_keycheck.moc"
