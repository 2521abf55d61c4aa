#pragma once

#include "proxysettings.h"

// Manual proxy settings for a proxy on this machine, such as a LoopbackProxy's port (or a port no
// proxy listens on, or one out of range, to see what the settings make of it).
inline ProxySettings manualProxy(ProxySettings::Type type, int port, const QString &user = {})
{
    ProxySettings p;
    p.mode = ProxySettings::Mode::Manual;
    p.type = type;
    p.host = QStringLiteral("127.0.0.1");
    p.port = port;
    p.user = user;
    return p;
}
