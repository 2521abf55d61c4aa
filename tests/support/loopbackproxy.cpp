#include "loopbackproxy.h"

#include <QHostAddress>
#include <QNetworkProxy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>
#include <QtEndian>

#include <functional>

using namespace Qt::StringLiterals;

namespace {
constexpr qsizetype MaxHeadBytes = 64 * 1024;

QByteArray headerValue(const QList<QByteArray> &lines, const QByteArray &lowerName)
{
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == lowerName)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

// "host:port", "[::1]:port"
bool splitHostPort(const QByteArray &text, QString *host, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(':');
    if (colon <= 0)
        return false;
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p == 0 || p > 65535)
        return false;
    QByteArray h = text.left(colon);
    if (h.startsWith('[') && h.endsWith(']'))
        h = h.mid(1, h.size() - 2);
    *host = QString::fromLatin1(h);
    *port = quint16(p);
    return true;
}
} // namespace

// One client connection: the proxy protocol, then bytes piped to and from its upstream connection.
class LoopbackProxy::Connection final : public QObject
{
public:
    Connection(LoopbackProxy *proxy, QTcpSocket *client)
        : QObject(proxy)
        , m_proxy(proxy)
        , m_client(client)
        , m_state(proxy->m_kind == Kind::Http ? State::HttpHead : State::SocksGreeting)
    {
        client->setParent(this);
        connect(client, &QTcpSocket::readyRead, this, &Connection::onClientData);
        connect(client, &QTcpSocket::disconnected, this, [this] {
            if (m_upstream)
                m_upstream->disconnectFromHost();
            deleteLater();
        });
        onClientData();
    }

private:
    enum class State {
        HttpHead,    // waiting for a request head
        HttpBody,    // forwarding m_bodyLeft bytes of a request body
        HttpDiscard, // skipping the body of a refused request
        Connecting,  // a tunnel's upstream is connecting; client bytes wait
        Pipe,        // everything goes through unchanged
        SocksGreeting,
        SocksAuth,
        SocksRequest,
        Closed,
    };

    void onClientData()
    {
        m_in += m_client->readAll();
        bool progress = true;
        while (progress && !m_in.isEmpty())
            progress = step();
    }

    // Handles what it can of m_in; false when more bytes are needed.
    bool step()
    {
        switch (m_state) {
        case State::HttpHead:
            return httpHead();
        case State::HttpBody:
        case State::HttpDiscard: {
            const qsizetype n = qMin<qsizetype>(m_bodyLeft, m_in.size());
            if (m_state == State::HttpBody)
                toUpstream(m_in.left(n));
            m_in.remove(0, n);
            m_bodyLeft -= n;
            if (m_bodyLeft == 0)
                m_state = State::HttpHead;
            return true;
        }
        case State::Connecting:
            return false;
        case State::Pipe:
            toUpstream(std::exchange(m_in, {}));
            return true;
        case State::SocksGreeting:
            return socksGreeting();
        case State::SocksAuth:
            return socksAuth();
        case State::SocksRequest:
            return socksRequest();
        case State::Closed:
            m_in.clear();
            return false;
        }
        return false;
    }

    bool httpHead()
    {
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_in.size() > MaxHeadBytes)
                refuse("431 Request Header Fields Too Large");
            return false;
        }
        const QByteArray head = m_in.left(end + 4);
        m_in.remove(0, end + 4);
        QList<QByteArray> lines = head.left(end).split('\n');
        for (QByteArray &line : lines)
            line = line.trimmed();
        const QList<QByteArray> requestLine = lines.value(0).split(' ');
        if (requestLine.size() != 3) {
            refuse("400 Bad Request");
            return false;
        }
        Seen seen;
        seen.method = requestLine.at(0);
        seen.target = requestLine.at(1);
        seen.proxyAuthorization = headerValue(lines, "proxy-authorization");
        seen.authorized = m_proxy->acceptsHttp(seen.proxyAuthorization);
        seen.head = head;
        m_proxy->record(seen);

        qint64 bodyBytes = headerValue(lines, "content-length").toLongLong();
        const bool chunked = headerValue(lines, "transfer-encoding").toLower().contains("chunked");
        if (!seen.authorized) {
            if (chunked) {
                refuse("407 Proxy Authentication Required", true);
                return false;
            }
            m_client->write("HTTP/1.1 407 Proxy Authentication Required\r\n"
                            "Proxy-Authenticate: Basic realm=\"test\"\r\n"
                            "Content-Length: 0\r\n\r\n");
            m_bodyLeft = bodyBytes;
            m_state = m_bodyLeft > 0 ? State::HttpDiscard : State::HttpHead;
            return true;
        }

        QString host;
        quint16 port = 0;
        if (seen.method == "CONNECT") {
            if (!splitHostPort(seen.target, &host, &port)) {
                refuse("400 Bad Request");
                return false;
            }
            m_state = State::Connecting;
            openUpstream(host, port, [this] {
                m_client->write("HTTP/1.1 200 Connection established\r\n\r\n");
                m_state = State::Pipe;
                onClientData();
            });
            return false;
        }

        const QUrl url(QString::fromLatin1(seen.target));
        if (!url.isValid() || url.scheme() != "http"_L1 || url.host().isEmpty()) {
            refuse("400 Bad Request");
            return false;
        }
        // Origin-form for the server, without the headers meant for the proxy.
        QByteArray origin = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        if (!origin.startsWith('/'))
            origin.prepend('/');
        QByteArray forwarded = seen.method + ' ' + origin + ' ' + requestLine.at(2) + "\r\n";
        for (qsizetype i = 1; i < lines.size(); ++i) {
            if (lines.at(i).isEmpty() || lines.at(i).toLower().startsWith("proxy-"))
                continue;
            forwarded += lines.at(i) + "\r\n";
        }
        forwarded += "\r\n";
        host = url.host();
        port = quint16(url.port(80));
        if (!m_upstream || host != m_upstreamHost || port != m_upstreamPort)
            openUpstream(host, port, [this] {});
        toUpstream(forwarded);
        if (chunked) {
            m_state = State::Pipe; // no request boundaries to track: the rest goes through as it is
        } else if (bodyBytes > 0) {
            m_bodyLeft = bodyBytes;
            m_state = State::HttpBody;
        }
        return true;
    }

    bool socksGreeting()
    {
        if (m_in.size() < 2)
            return false;
        if (m_in.at(0) != 5) {
            close();
            return false;
        }
        const int count = quint8(m_in.at(1));
        if (m_in.size() < 2 + count)
            return false;
        const QByteArray methods = m_in.mid(2, count);
        m_in.remove(0, 2 + count);
        if (m_proxy->hasCredentials()) {
            if (!methods.contains('\x02')) {
                m_client->write(QByteArray("\x05\xff", 2));
                m_proxy->record({"SOCKS5", {}, {}, false, {}});
                close();
                return false;
            }
            m_client->write(QByteArray("\x05\x02", 2));
            m_state = State::SocksAuth;
        } else {
            m_client->write(QByteArray("\x05\x00", 2));
            m_state = State::SocksRequest;
        }
        return true;
    }

    bool socksAuth() // RFC 1929
    {
        if (m_in.size() < 2)
            return false;
        const int userLength = quint8(m_in.at(1));
        if (m_in.size() < 3 + userLength)
            return false;
        const int passwordLength = quint8(m_in.at(2 + userLength));
        if (m_in.size() < 3 + userLength + passwordLength)
            return false;
        const QByteArray user = m_in.mid(2, userLength);
        const QByteArray password = m_in.mid(3 + userLength, passwordLength);
        m_in.remove(0, 3 + userLength + passwordLength);
        m_socksLogin = user + ':' + password;
        if (!m_proxy->acceptsSocks(user, password)) {
            m_proxy->record({"SOCKS5", {}, m_socksLogin, false, {}});
            m_client->write(QByteArray("\x01\x01", 2));
            close();
            return false;
        }
        m_client->write(QByteArray("\x01\x00", 2));
        m_state = State::SocksRequest;
        return true;
    }

    bool socksRequest() // RFC 1928 §4
    {
        if (m_in.size() < 5)
            return false;
        const char command = m_in.at(1);
        const char addressType = m_in.at(3);
        qsizetype addressLength = 0;
        if (addressType == 1)
            addressLength = 4;
        else if (addressType == 4)
            addressLength = 16;
        else if (addressType == 3)
            addressLength = 1 + quint8(m_in.at(4));
        else {
            m_client->write(QByteArray("\x05\x08\x00\x01\0\0\0\0\0\0", 10));
            close();
            return false;
        }
        if (m_in.size() < 4 + addressLength + 2)
            return false;
        QString host;
        if (addressType == 1) {
            host = QHostAddress(qFromBigEndian<quint32>(m_in.constData() + 4)).toString();
        } else if (addressType == 4) {
            host = QHostAddress(reinterpret_cast<const quint8 *>(m_in.constData() + 4)).toString();
        } else {
            host = QString::fromLatin1(m_in.mid(5, addressLength - 1));
        }
        const quint16 port = qFromBigEndian<quint16>(m_in.constData() + 4 + addressLength);
        m_in.remove(0, 4 + addressLength + 2);
        const QByteArray target = (addressType == 4 ? u"[%1]:%2"_s : u"%1:%2"_s).arg(host).arg(port).toLatin1();
        m_proxy->record({"SOCKS5", target, m_socksLogin, command == 1, {}});
        if (command != 1) {
            m_client->write(QByteArray("\x05\x07\x00\x01\0\0\0\0\0\0", 10));
            close();
            return false;
        }
        m_state = State::Connecting;
        openUpstream(host, port, [this] {
            m_client->write(QByteArray("\x05\x00\x00\x01\x7f\x00\x00\x01\x00\x00", 10));
            m_state = State::Pipe;
            onClientData();
        });
        return false;
    }

    void openUpstream(const QString &host, quint16 port, std::function<void()> connected)
    {
        if (m_upstream) {
            m_upstream->disconnect(this);
            m_upstream->abort();
            m_upstream->deleteLater();
        }
        m_pending.clear();
        m_upstreamHost = host;
        m_upstreamPort = port;
        m_upstream = new QTcpSocket(this);
        // Straight to the target: with http_proxy set, Qt's default would send it back through a proxy
        // (possibly this one, in a loop).
        m_upstream->setProxy(QNetworkProxy::NoProxy);
        QTcpSocket *upstream = m_upstream;
        m_upstreamConnected = false;
        connect(upstream, &QTcpSocket::connected, this, [this, upstream, connected] {
            m_upstreamConnected = true;
            upstream->write(std::exchange(m_pending, {}));
            connected();
        });
        connect(upstream, &QTcpSocket::readyRead, this, [this, upstream] { m_client->write(upstream->readAll()); });
        connect(upstream, &QTcpSocket::errorOccurred, this, [this, upstream](QAbstractSocket::SocketError) {
            if (upstream != m_upstream || m_upstreamConnected)
                return; // a close after the answer is handled by disconnected()
            if (m_proxy->m_kind == Kind::Socks5)
                m_client->write(QByteArray("\x05\x05\x00\x01\0\0\0\0\0\0", 10));
            else
                m_client->write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            close();
        });
        connect(upstream, &QTcpSocket::disconnected, this, [this, upstream] {
            if (upstream != m_upstream)
                return;
            m_client->write(upstream->readAll());
            close();
        });
        upstream->connectToHost(host, port);
    }

    void toUpstream(const QByteArray &bytes)
    {
        if (bytes.isEmpty())
            return;
        if (m_upstream && m_upstream->state() == QAbstractSocket::ConnectedState)
            m_upstream->write(bytes);
        else
            m_pending += bytes;
    }

    void refuse(const QByteArray &status, bool askForCredentials = false)
    {
        QByteArray reply = "HTTP/1.1 " + status + "\r\n";
        if (askForCredentials)
            reply += "Proxy-Authenticate: Basic realm=\"test\"\r\n";
        m_client->write(reply + "Content-Length: 0\r\nConnection: close\r\n\r\n");
        close();
    }

    // Lets written bytes go out, then ends the client connection (its disconnected() ends this).
    void close()
    {
        m_state = State::Closed;
        m_in.clear();
        m_client->disconnectFromHost();
    }

    LoopbackProxy *m_proxy;
    QTcpSocket *m_client;
    QTcpSocket *m_upstream = nullptr;
    QString m_upstreamHost;
    quint16 m_upstreamPort = 0;
    bool m_upstreamConnected = false;
    State m_state;
    QByteArray m_in;      // client bytes not handled yet
    QByteArray m_pending; // bytes for the upstream while it connects
    qint64 m_bodyLeft = 0;
    QByteArray m_socksLogin;
};

LoopbackProxy::LoopbackProxy(Kind kind, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
    , m_server(new QTcpServer(this))
{
    m_server->setProxy(QNetworkProxy::NoProxy);
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            new Connection(this, socket);
    });
}

LoopbackProxy::~LoopbackProxy() = default;

bool LoopbackProxy::listen()
{
    return m_server->isListening() || m_server->listen(QHostAddress::LocalHost);
}

quint16 LoopbackProxy::port() const
{
    return m_server->serverPort();
}

void LoopbackProxy::setCredentials(const QString &user, const QString &password)
{
    m_user = user;
    m_password = password;
}

void LoopbackProxy::record(const Seen &seen)
{
    m_seen.append(seen);
    Q_EMIT requestSeen(seen);
}

bool LoopbackProxy::acceptsHttp(const QByteArray &proxyAuthorization) const
{
    if (!hasCredentials())
        return true;
    const QByteArray expected = "Basic " + (m_user + u':' + m_password).toUtf8().toBase64();
    return proxyAuthorization == expected;
}

bool LoopbackProxy::acceptsSocks(const QByteArray &user, const QByteArray &password) const
{
    return !hasCredentials() || (user == m_user.toUtf8() && password == m_password.toUtf8());
}
