#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

class QTcpServer;

// A forwarding proxy on 127.0.0.1 for tests: HTTP (absolute-form requests, and CONNECT tunnels) or
// SOCKS5 (CONNECT, no-auth or user/password). Every request it sees is recorded; with credentials
// set it answers 407 (HTTP, with Proxy-Authenticate: Basic) or refuses the SOCKS5 login until they
// match. HTTP requests are forwarded in origin form without the Proxy-* headers (several per kept-alive
// connection; a chunked body switches the connection to plain piping); tunnels pipe bytes unchanged.
// Its own upstream connections never use a proxy, so http_proxy pointing at it cannot make a loop.
class LoopbackProxy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackProxy)

public:
    enum class Kind {
        Http,
        Socks5
    };

    struct Seen
    {
        QByteArray method;             // "GET", "POST", "CONNECT"; "SOCKS5" for a SOCKS5 connect
        QByteArray target;             // the request target ("http://127.0.0.1:1234/v1beta/models") or host:port
        QByteArray proxyAuthorization; // the Proxy-Authorization header, or "user:password" for SOCKS5
        bool authorized = false;       // whether it was let through
        QByteArray head;               // HTTP: the request head as received (request line and headers)
    };

    explicit LoopbackProxy(Kind kind = Kind::Http, QObject *parent = nullptr);
    ~LoopbackProxy() override;

    bool listen(); // on 127.0.0.1, a free port
    quint16 port() const;
    void setCredentials(const QString &user, const QString &password);

    QList<Seen> seen() const { return m_seen; }
    void clear() { m_seen.clear(); }

Q_SIGNALS:
    void requestSeen(const LoopbackProxy::Seen &seen);

private:
    class Connection; // one client connection and its upstream

    void record(const Seen &seen);
    bool acceptsHttp(const QByteArray &proxyAuthorization) const;
    bool acceptsSocks(const QByteArray &user, const QByteArray &password) const;
    bool hasCredentials() const { return !m_user.isEmpty() || !m_password.isEmpty(); }

    Kind m_kind;
    QTcpServer *m_server;
    QString m_user;
    QString m_password;
    QList<Seen> m_seen;
};
