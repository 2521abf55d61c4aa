#pragma once

#include "retrypolicy.h"

#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

// Where and how the client talks to Gemini. The API key is only ever put in the x-goog-api-key
// header (never a URL, a log line or a file).
struct ClientConfig
{
    static constexpr const char *DefaultBaseUrl = "https://generativelanguage.googleapis.com";
    static constexpr const char *DefaultApiVersion = "v1beta";

    QUrl baseUrl = QUrl(QString::fromLatin1(DefaultBaseUrl));
    QString apiVersion = QString::fromLatin1(DefaultApiVersion);
    QString apiKey;
    int streamIdleTimeoutMs = 120 * 1000; // thinking models can be silent for a long while
    int requestTimeoutMs = 600 * 1000;    // idle timeout of non-streaming calls
    RetryPolicy retry;
    QByteArray userAgent = "alhena/" ALHENA_VERSION;

    // base + "/" + version + "/" + path, with the query; the path is "models/x:generateContent".
    QUrl endpoint(const QString &path, const QUrlQuery &query = {}) const;
    // base + "/upload/" + version + "/" + path: the media upload endpoint ("files").
    QUrl uploadEndpoint(const QString &path, const QUrlQuery &query = {}) const;

    // The endpoint to use: the command line wins over GOOGLE_GEMINI_BASE_URL, which wins over the
    // settings, which win over the default. Returns an error message for an unusable URL.
    struct Resolved
    {
        QUrl url;
        QString source; // "command line", "GOOGLE_GEMINI_BASE_URL", "settings", "default"
        QString error;  // non-empty: url is unusable
    };
    static Resolved resolveBaseUrl(const QString &commandLine, const QString &environment, const QString &settings);
    // Checks a base URL: http(s), a host, no credentials, no query; plain http only to this machine.
    static QString validateBaseUrl(const QUrl &url);

    // GEMINI_API_KEY, then GOOGLE_API_KEY; empty when neither is set.
    struct EnvironmentKey
    {
        QString key;
        QString variable;
    };
    static EnvironmentKey apiKeyFromEnvironment();
};
