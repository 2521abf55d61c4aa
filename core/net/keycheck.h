#pragma once

#include "api/apierror.h"
#include "clientconfig.h"

#include <QObject>
#include <QPointer>

class ApiCall;
class GeminiClient;
class QNetworkAccessManager;

// "Test" for an API key: one models.list call (the first page) with the candidate key against the
// configured endpoint, through the same network manager (and so the same proxy) as the app.
// The outcome in plain words: accepted (and how many models the key can use), or why not: the key
// is not valid, not allowed to use the Gemini API, over its quota, the endpoint cannot be reached
// (naming the host and the network's reason), a proxy asked for credentials, a timeout.
// A new check cancels the one in flight; destroying the object cancels it too.
class KeyCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyCheck)

public:
    struct Result
    {
        bool ok = false;
        int modelCount = 0; // models the first page listed (ok only)
        ApiError error;     // !ok: what went wrong
        QString message;    // plain words for the user, either way
    };

    // Test gives up on a silent server after this long, whatever the request timeout setting.
    static constexpr int MaxWaitMs = 30 * 1000;

    KeyCheck(QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~KeyCheck() override;

    // config: the endpoint, proxy-independent settings and timeouts to use; its apiKey is replaced by key.
    // An empty key finishes at once (asynchronously) with "Paste a key first".
    void start(const ClientConfig &config, const QString &key);
    void cancel();
    bool isRunning() const;

    // The plain-words message for an outcome (exposed for tests and for the send path's errors).
    static QString describe(const ApiError &error, const QUrl &baseUrl);

Q_SIGNALS:
    void finished(const KeyCheck::Result &result);

private:
    void finish(Result result);

    QNetworkAccessManager *m_nam;
    GeminiClient *m_client = nullptr;
    QPointer<ApiCall> m_call;
    quint64 m_generation = 0; // a check's callbacks only count while it is the current one
    bool m_running = false;
};
