#include "clientconfig.h"

#include <QCoreApplication>
#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ClientConfig)
};

bool isLoopbackHost(const QString &host)
{
    if (host == "localhost"_L1)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QUrl underBase(const QUrl &base, const QString &suffix, const QUrlQuery &query)
{
    QUrl url = base;
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + suffix);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}
} // namespace

QUrl ClientConfig::endpoint(const QString &path, const QUrlQuery &query) const
{
    return underBase(baseUrl, u'/' + apiVersion + u'/' + path, query);
}

QUrl ClientConfig::uploadEndpoint(const QString &path, const QUrlQuery &query) const
{
    return underBase(baseUrl, u"/upload/" + apiVersion + u'/' + path, query);
}

QString ClientConfig::validateBaseUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return Tr::tr("“%1” is not a valid URL.").arg(url.toString());
    const QString scheme = url.scheme().toLower();
    if (scheme != "https"_L1 && scheme != "http"_L1)
        return Tr::tr("The endpoint must be an https:// URL, not “%1”.").arg(url.scheme());
    if (scheme == "http"_L1 && !isLoopbackHost(url.host()))
        return Tr::tr("Refusing to send the API key unencrypted to %1: use https://, or http:// only for this "
                      "machine (localhost).")
            .arg(url.host());
    if (!url.userInfo().isEmpty())
        return Tr::tr("The endpoint URL must not contain a user name or password.");
    if (url.hasQuery() || url.hasFragment())
        return Tr::tr("The endpoint URL must not contain a query or a fragment.");
    return {};
}

ClientConfig::Resolved ClientConfig::resolveBaseUrl(
    const QString &commandLine, const QString &environment, const QString &settings)
{
    Resolved r;
    QString text;
    if (!commandLine.trimmed().isEmpty()) {
        text = commandLine.trimmed();
        r.source = u"command line"_s;
    } else if (!environment.trimmed().isEmpty()) {
        text = environment.trimmed();
        r.source = u"GOOGLE_GEMINI_BASE_URL"_s;
    } else if (!settings.trimmed().isEmpty()) {
        text = settings.trimmed();
        r.source = u"settings"_s;
    } else {
        text = QString::fromLatin1(DefaultBaseUrl);
        r.source = u"default"_s;
    }
    r.url = QUrl(text, QUrl::StrictMode);
    r.error = validateBaseUrl(r.url);
    if (!r.error.isEmpty())
        r.error = Tr::tr("The endpoint from the %1 is unusable: %2").arg(r.source, r.error);
    return r;
}

ClientConfig::EnvironmentKey ClientConfig::apiKeyFromEnvironment()
{
    for (const char *name : {"GEMINI_API_KEY", "GOOGLE_API_KEY"}) {
        const QString value = qEnvironmentVariable(name).trimmed();
        if (!value.isEmpty())
            return {value, QString::fromLatin1(name)};
    }
    return {};
}
