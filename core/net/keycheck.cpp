#include "keycheck.h"

#include "apicall.h"
#include "geminiclient.h"

#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
QString hostOf(const QUrl &url)
{
    if (url.host().isEmpty())
        return url.toDisplayString();
    return url.port() > 0 ? url.host() + u':' + QString::number(url.port()) : url.host();
}

// Characters a pasted key never contains: spaces inside it (two keys, a sentence), control
// characters (which would also break the header), anything outside printable ASCII.
bool looksLikeKey(const QString &key)
{
    for (const QChar c : key) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return false;
    }
    return true;
}

bool mentions(const QString &text, std::initializer_list<QLatin1StringView> words)
{
    for (const QLatin1StringView w : words) {
        if (text.contains(w, Qt::CaseInsensitive))
            return true;
    }
    return false;
}
} // namespace

KeyCheck::KeyCheck(QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
{ }

KeyCheck::~KeyCheck()
{
    cancel();
}

void KeyCheck::start(const ClientConfig &config, const QString &key)
{
    cancel();
    m_running = true;
    const quint64 generation = ++m_generation;
    const QString trimmed = key.trimmed();

    auto finishLater = [this, generation](const QString &message) {
        QTimer::singleShot(0, this, [this, generation, message] {
            if (generation != m_generation)
                return;
            Result result;
            result.error = ApiError::missingKey();
            result.error.userText = message;
            result.message = message;
            finish(result);
        });
    };
    if (trimmed.isEmpty()) {
        finishLater(tr("Paste a key first."));
        return;
    }
    if (!looksLikeKey(trimmed)) {
        finishLater(tr("This does not look like an API key: it contains spaces or characters a key never has. "
                       "Copy the key alone from Google AI Studio."));
        return;
    }

    ClientConfig cfg = config;
    cfg.apiKey = trimmed;
    // One attempt: the person is waiting for an answer, not for a backoff, nor for the 10 minutes a
    // long generation may take (a proxy that swallows the request would keep Test busy that long).
    cfg.retry = RetryPolicy::none();
    cfg.requestTimeoutMs = std::min(cfg.requestTimeoutMs, MaxWaitMs);
    if (!m_client)
        m_client = new GeminiClient(m_nam, cfg, this);
    else
        m_client->setConfig(cfg);
    const QUrl baseUrl = cfg.baseUrl;
    // listModels follows nextPageToken; a large page keeps that to one request for any real catalog.
    m_call = m_client->listModels(
        this,
        [this, generation, baseUrl](const QList<ModelInfo> &models, const ApiError &error) {
            if (generation != m_generation)
                return;
            Result result;
            if (error.isError()) {
                result.error = error;
                result.message = describe(error, baseUrl);
            } else {
                result.ok = true;
                result.modelCount = int(models.size());
                result.message = tr("The key works: %n models are available.", nullptr, result.modelCount);
            }
            finish(result);
        },
        1000);
}

void KeyCheck::finish(Result result)
{
    m_running = false;
    m_call = nullptr;
    Q_EMIT finished(result);
}

void KeyCheck::cancel()
{
    ++m_generation; // the cancelled call's callback (Cancelled) and a pending empty-key answer are ignored
    m_running = false;
    if (ApiCall *call = m_call) {
        m_call = nullptr;
        call->cancel();
    }
}

bool KeyCheck::isRunning() const
{
    return m_running;
}

QString KeyCheck::describe(const ApiError &error, const QUrl &baseUrl)
{
    using K = ApiError::Kind;
    const QString host = hostOf(baseUrl);
    const QString advice = tr("Check your connection or the proxy and endpoint in Settings.");
    // A proxy that wants (other) credentials: whatever kind the reply was filed under.
    if (error.httpStatus == 407)
        return tr("The proxy asked for a user name and password, or did not accept them. Check the proxy "
                  "credentials in Settings.");
    switch (error.kind) {
    case K::None:
        return {};
    case K::MissingKey:
        if (!error.userText.isEmpty())
            return error.userText;
        if (error.httpStatus)
            return tr("%1 did not receive the key. If a proxy or gateway is in between, it must pass the "
                      "x-goog-api-key header on.")
                .arg(host);
        return tr("Paste a key first.");
    case K::InvalidKey:
        return tr("Google does not accept this key. Check that you copied all of it.");
    case K::PermissionDenied:
        return tr("This key may not use the Gemini API. Enable the Generative Language API for the key's "
                  "project, or create a key in Google AI Studio (https://aistudio.google.com/apikey).")
            + (error.message.isEmpty() ? QString() : tr(" The server said: “%1”").arg(error.message));
    case K::RateLimited:
        return tr("The key is valid but has run out of quota or hit a rate limit. Wait a little, or check the "
                  "plan and billing of its project.");
    case K::Timeout:
        return tr("Could not reach %1: it did not answer in time. %2").arg(host, advice);
    case K::Network: {
        // Qt's reasons: "Proxy requires authentication", "Proxy authentication failed", "SSL handshake
        // failed", "Connection refused", "Host ... not found".
        if (mentions(error.message, {"proxy requires authentication"_L1, "proxy authentication"_L1}))
            return tr("The proxy asked for a user name and password, or did not accept them. Check the proxy "
                      "credentials in Settings.");
        if (mentions(error.message, {"ssl"_L1, "tls"_L1, "certificate"_L1}))
            return tr("Could not reach %1 securely: %2. The connection may be intercepted; check the proxy and "
                      "endpoint in Settings.")
                .arg(host, error.message);
        const QString reason = error.message.isEmpty() ? tr("no connection") : error.message;
        return tr("Could not reach %1: %2. %3").arg(host, reason, advice);
    }
    case K::Overloaded:
    case K::ServerError:
        if (error.httpStatus == 502 || error.httpStatus == 504)
            return tr("Could not reach %1: the proxy or gateway in between reported HTTP %2. %3")
                .arg(host, QString::number(error.httpStatus), advice);
        return tr("The server at %1 had a problem (HTTP %2), so the key could not be checked. Try again in a moment.")
            .arg(host, QString::number(error.httpStatus));
    case K::NotFound:
        return tr("%1 does not offer the Gemini API at this address (HTTP 404). Check the endpoint and API version "
                  "in Settings.")
            .arg(host);
    case K::MalformedResponse:
        return tr("%1 answered, but not like the Gemini API. Check the endpoint in Settings.").arg(host);
    case K::Cancelled:
        return tr("The check was stopped.");
    case K::InvalidRequest:
        if (error.httpStatus == 0) // preflight: the endpoint itself is unusable
            return error.message;
        return error.userMessage();
    case K::FailedPrecondition:
    case K::PromptBlocked:
    case K::Truncated:
    case K::LocalFile:
        break;
    }
    return error.userMessage();
}
