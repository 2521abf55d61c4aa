#include "proxysettings.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>

using namespace Qt::StringLiterals;

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ProxySettings)
};

// Asks the system for every request, so a changed https_proxy (or desktop setting) counts from the
// next request on, without QNetworkProxyFactory::setUseSystemConfiguration() changing the whole app.
class SystemProxyFactory final : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        return QNetworkProxyFactory::systemProxyForQuery(query);
    }
};
} // namespace

QString ProxySettings::hostProblem(const QString &host)
{
    const QString h = host.trimmed();
    if (h.isEmpty())
        return Tr::tr("Enter the proxy's host name or address.");
    for (const QChar c : h) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return Tr::tr("The proxy host must not contain spaces.");
    }
    if (h.contains("://"_L1))
        return Tr::tr("Enter the proxy host alone, without “http://” or another scheme.");
    if (h.contains(u'/') || h.contains(u'?') || h.contains(u'#'))
        return Tr::tr("Enter the proxy host alone, without a path.");
    if (h.contains(u'@'))
        return Tr::tr("Enter the user name in its own field, not in the proxy host.");
    if (h.contains(u':')) {
        // Only an IPv6 address has colons; "host:3128" means the port went into the wrong field.
        QString address = h;
        if (address.startsWith(u'[') && address.endsWith(u']'))
            address = address.mid(1, address.size() - 2);
        if (QHostAddress(address).protocol() != QAbstractSocket::IPv6Protocol)
            return Tr::tr("Enter the proxy port in the port field, not after the host.");
    }
    return {};
}

QString ProxySettings::problem() const
{
    if (mode != Mode::Manual)
        return {};
    if (const QString p = hostProblem(host); !p.isEmpty())
        return p;
    if (port < 1 || port > 65535)
        return Tr::tr("The proxy port must be a number from 1 to 65535.");
    return {};
}

QNetworkProxy ProxySettings::toNetworkProxy(const QString &password) const
{
    switch (mode) {
    case Mode::System:
        return QNetworkProxy(QNetworkProxy::DefaultProxy);
    case Mode::None:
        return QNetworkProxy(QNetworkProxy::NoProxy);
    case Mode::Manual:
        break;
    }
    QString h = host.trimmed();
    if (h.startsWith(u'[') && h.endsWith(u']'))
        h = h.mid(1, h.size() - 2);
    const QNetworkProxy::ProxyType proxyType
        = type == Type::Socks5 ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy;
    const bool withUser = !user.isEmpty();
    return QNetworkProxy(
        proxyType, h, quint16(qBound(0, port, 65535)), withUser ? user : QString(), withUser ? password : QString());
}

bool ProxySettings::applyTo(QNetworkAccessManager *nam, const QString &password) const
{
    if (!nam)
        return false;
    const bool usable = problem().isEmpty();
    if (mode == Mode::System)
        nam->setProxyFactory(new SystemProxyFactory); // the manager owns it
    else if (mode == Mode::Manual && usable)
        nam->setProxy(toNetworkProxy(password));
    else
        nam->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
    // Kept-alive connections (and cached proxy credentials) belong to the old route: without this,
    // the next request could still travel the old way, or log in with the old password.
    nam->clearAccessCache();
    return usable;
}

QString ProxySettings::modeName(Mode mode)
{
    switch (mode) {
    case Mode::System:
        return u"system"_s;
    case Mode::None:
        return u"none"_s;
    case Mode::Manual:
        return u"manual"_s;
    }
    return u"system"_s;
}

QString ProxySettings::typeName(Type type)
{
    return type == Type::Socks5 ? u"socks5"_s : u"http"_s;
}

std::optional<ProxySettings::Mode> ProxySettings::modeFromName(const QString &name)
{
    for (const Mode m : {Mode::System, Mode::None, Mode::Manual}) {
        if (name.trimmed().compare(modeName(m), Qt::CaseInsensitive) == 0)
            return m;
    }
    return std::nullopt;
}

std::optional<ProxySettings::Type> ProxySettings::typeFromName(const QString &name)
{
    for (const Type t : {Type::Http, Type::Socks5}) {
        if (name.trimmed().compare(typeName(t), Qt::CaseInsensitive) == 0)
            return t;
    }
    return std::nullopt;
}
