#pragma once

#include <QNetworkProxy>
#include <QString>

#include <optional>

class QNetworkAccessManager;

// How requests reach the network: the system's proxy configuration (the default: environment
// variables such as https_proxy and no_proxy on Linux, the desktop's settings elsewhere), no proxy,
// or a proxy the user names (HTTP or SOCKS5, optionally with a user name; the password lives in
// Credentials, never here).
struct ProxySettings
{
    enum class Mode {
        System,
        None,
        Manual
    };
    enum class Type {
        Http,
        Socks5
    };

    Mode mode = Mode::System;
    Type type = Type::Http;
    QString host;
    int port = 8080;
    QString user;

    friend bool operator==(const ProxySettings &, const ProxySettings &) = default;

    // Empty when usable; otherwise what is wrong, in plain words (Manual: a host without spaces,
    // scheme or path; a port 1-65535).
    QString problem() const;
    // The proxy for Manual (with password when user is set); DefaultProxy for System; NoProxy for None.
    QNetworkProxy toNetworkProxy(const QString &password = {}) const;
    // Makes nam use these settings from its next request on, without touching any global state:
    // System installs a per-manager factory asking QNetworkProxyFactory::systemProxyForQuery();
    // None and Manual set the manager's proxy. A Manual setting with a problem() falls back to None
    // and returns false.
    bool applyTo(QNetworkAccessManager *nam, const QString &password = {}) const;

    static QString modeName(Mode mode); // "system", "none", "manual": the settings file's words
    static QString typeName(Type type); // "http", "socks5"
    // The reverse of modeName() and typeName() (case and surrounding spaces ignored); nullopt for
    // any other word.
    static std::optional<Mode> modeFromName(const QString &name);
    static std::optional<Type> typeFromName(const QString &name);
    // Empty when host can name a proxy (a name, an IPv4 or IPv6 address, surrounding spaces
    // ignored); otherwise what is wrong with it, in plain words.
    static QString hostProblem(const QString &host);
};
