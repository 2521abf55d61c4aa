#include "apierror.h"

#include "generateresponse.h"
#include "jsonutil.h"
#include "safety.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

ApiError::Kind kindFor(int httpStatus, const QString &status, const QString &reason, const QString &message)
{
    using K = ApiError::Kind;
    if (reason == "API_KEY_INVALID"_L1 || reason == "API_KEY_EXPIRED"_L1 || httpStatus == 401)
        return K::InvalidKey;
    if (status == "RESOURCE_EXHAUSTED"_L1 || httpStatus == 429)
        return K::RateLimited;
    if (status == "UNAVAILABLE"_L1 || httpStatus == 503)
        return K::Overloaded;
    if (status == "DEADLINE_EXCEEDED"_L1 || httpStatus == 408 || httpStatus == 504)
        return K::Timeout;
    if (status == "CANCELLED"_L1 || httpStatus == 499)
        return K::Cancelled;
    if (status == "NOT_FOUND"_L1 || httpStatus == 404)
        return K::NotFound;
    if (status == "FAILED_PRECONDITION"_L1)
        return K::FailedPrecondition;
    if (status == "PERMISSION_DENIED"_L1 || httpStatus == 403) {
        if (message.contains("unregistered callers"_L1))
            return K::MissingKey;
        return K::PermissionDenied;
    }
    if (status == "UNAUTHENTICATED"_L1)
        return K::InvalidKey;
    if (httpStatus >= 500)
        return K::ServerError;
    if (httpStatus >= 400 || status == "INVALID_ARGUMENT"_L1)
        return K::InvalidRequest;
    return K::ServerError;
}

// The 429 message embeds "Please retry in 32.035562943s." (gemini-api.md §8.2).
std::optional<qint64> retryDelayFromMessage(const QString &message)
{
    static const QRegularExpression re(
        u"retry in ([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s)\\b"_s, QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(message);
    if (!m.hasMatch())
        return std::nullopt;
    const double value = m.captured(1).toDouble();
    return qint64(std::llround(m.captured(2) == "ms"_L1 ? value : value * 1000.0));
}

QString snippet(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(300)).simplified();
    // A proxy's HTML error page: keep the words, drop the tags.
    static const QRegularExpression tags(u"<[^>]*>"_s);
    text.remove(tags);
    return text.simplified();
}

} // namespace

bool ApiError::isTransient() const
{
    switch (kind) {
    case Kind::RateLimited:
    case Kind::Overloaded:
    case Kind::ServerError:
    case Kind::Timeout:
    case Kind::Network:
        return true;
    default:
        return false;
    }
}

ApiError ApiError::fromErrorObject(const QJsonObject &error, int httpStatus)
{
    ApiError e;
    e.httpStatus = httpStatus ? httpStatus : JsonUtil::optInt(error, "code"_L1).value_or(0);
    e.status = error.value("status"_L1).toString();
    e.message = error.value("message"_L1).toString();
    e.details = error.value("details"_L1).toArray();
    for (const QJsonValue &v : std::as_const(e.details)) {
        const QJsonObject d = v.toObject();
        const QString type = d.value("@type"_L1).toString();
        if (type.endsWith("google.rpc.ErrorInfo"_L1)) {
            e.reason = d.value("reason"_L1).toString();
        } else if (type.endsWith("google.rpc.RetryInfo"_L1)) {
            e.retryDelayMs = JsonUtil::parseDurationMs(d.value("retryDelay"_L1).toString());
        } else if (type.endsWith("google.rpc.BadRequest"_L1)) {
            for (const QJsonValue &f : d.value("fieldViolations"_L1).toArray()) {
                const QJsonObject violation = f.toObject();
                e.fieldViolations.append(
                    violation.value("field"_L1).toString() + ": "_L1 + violation.value("description"_L1).toString());
            }
        }
    }
    if (!e.retryDelayMs)
        e.retryDelayMs = retryDelayFromMessage(e.message);
    e.kind = kindFor(e.httpStatus, e.status, e.reason, e.message);
    return e;
}

std::optional<ApiError> ApiError::fromErrorBody(const QByteArray &body, int httpStatus)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return std::nullopt;
    QJsonObject root;
    if (doc.isArray() && doc.array().size() >= 1)
        root = doc.array().first().toObject(); // non-SSE streams wrap the error in an array
    else
        root = doc.object();
    const QJsonValue error = root.value("error"_L1);
    if (!error.isObject())
        return std::nullopt;
    return fromErrorObject(error.toObject(), httpStatus);
}

ApiError ApiError::fromHttp(int httpStatus, const QByteArray &body, const QByteArray &retryAfter, const QDateTime &now)
{
    ApiError e;
    if (auto parsed = fromErrorBody(body, httpStatus)) {
        e = *parsed;
    } else {
        // Not a Google error body (a proxy's HTML page, an empty body): synthesise one, as the SDKs do.
        e.httpStatus = httpStatus;
        e.message = snippet(body);
        e.kind = kindFor(httpStatus, {}, {}, e.message);
        if (httpStatus == 407) {
            // Qt already offered the proxy's credentials once: another attempt would be refused the same way.
            e.kind = Kind::PermissionDenied;
            e.message = u"The proxy asks for a user name and password (HTTP 407 Proxy Authentication Required)."_s;
        }
    }
    if (const auto delay = parseRetryAfter(retryAfter, now); delay && !e.retryDelayMs)
        e.retryDelayMs = delay;
    return e;
}

std::optional<qint64> ApiError::parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = v.toLongLong(&ok);
    if (ok)
        return seconds >= 0 ? std::optional<qint64>(seconds * 1000) : std::nullopt;
    // An HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT"); Qt's RFC 2822 parser wants a numeric zone.
    QString text = QString::fromLatin1(v);
    if (text.endsWith(" GMT"_L1) || text.endsWith(" UTC"_L1))
        text = text.chopped(4) + " +0000"_L1;
    const QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now.msecsTo(when));
}

ApiError ApiError::missingKey()
{
    ApiError e;
    e.kind = Kind::MissingKey;
    return e;
}

ApiError ApiError::network(const QString &detail)
{
    ApiError e;
    e.kind = Kind::Network;
    e.message = detail;
    return e;
}

ApiError ApiError::timeout(const QString &detail)
{
    ApiError e;
    e.kind = Kind::Timeout;
    e.message = detail;
    return e;
}

ApiError ApiError::cancelled()
{
    ApiError e;
    e.kind = Kind::Cancelled;
    return e;
}

ApiError ApiError::malformed(const QString &detail)
{
    ApiError e;
    e.kind = Kind::MalformedResponse;
    e.message = detail;
    return e;
}

ApiError ApiError::truncated()
{
    ApiError e;
    e.kind = Kind::Truncated;
    return e;
}

ApiError ApiError::localFile(const QString &userText)
{
    ApiError e;
    e.kind = Kind::LocalFile;
    e.message = userText;
    return e;
}

ApiError ApiError::promptBlocked(const PromptFeedback &feedback)
{
    ApiError e;
    e.kind = Kind::PromptBlocked;
    e.httpStatus = 200;
    e.blockReason = feedback.blockReason;
    e.message = feedback.blockReasonMessage;
    for (const SafetyRating &r : feedback.safetyRatings) {
        if (r.blocked)
            e.blockedCategories.append(r.category);
    }
    if (e.blockedCategories.isEmpty()) { // older replies omit "blocked": name the likeliest categories
        for (const SafetyRating &r : feedback.safetyRatings) {
            if (r.probability == "HIGH"_L1 || r.probability == "MEDIUM"_L1)
                e.blockedCategories.append(r.category);
        }
    }
    return e;
}

QString ApiError::kindName() const
{
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::MissingKey:
        return u"missing-key"_s;
    case Kind::InvalidKey:
        return u"invalid-key"_s;
    case Kind::PermissionDenied:
        return u"permission-denied"_s;
    case Kind::NotFound:
        return u"not-found"_s;
    case Kind::InvalidRequest:
        return u"invalid-request"_s;
    case Kind::FailedPrecondition:
        return u"failed-precondition"_s;
    case Kind::RateLimited:
        return u"rate-limited"_s;
    case Kind::Overloaded:
        return u"overloaded"_s;
    case Kind::ServerError:
        return u"server-error"_s;
    case Kind::Timeout:
        return u"timeout"_s;
    case Kind::Cancelled:
        return u"cancelled"_s;
    case Kind::Network:
        return u"network"_s;
    case Kind::PromptBlocked:
        return u"prompt-blocked"_s;
    case Kind::Truncated:
        return u"truncated"_s;
    case Kind::MalformedResponse:
        return u"malformed-response"_s;
    case Kind::LocalFile:
        return u"local-file"_s;
    }
    return u"unknown"_s;
}

QString ApiError::userMessage() const
{
    if (!userText.isEmpty())
        return userText;
    auto withServerText = [this](const QString &text) {
        if (message.isEmpty())
            return text;
        return tr("%1 The server said: “%2”").arg(text, message);
    };
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::MissingKey:
        return tr("No API key is set. Get a key at https://aistudio.google.com/apikey and add it in Settings, or "
                  "set the GEMINI_API_KEY (or GOOGLE_API_KEY) environment variable.");
    case Kind::InvalidKey:
        return tr("The API key was not accepted. Check that it was copied completely and has not been deleted or "
                  "restricted.");
    case Kind::PermissionDenied:
        return withServerText(tr("The server refused access."));
    case Kind::NotFound:
        return withServerText(tr("The model or resource was not found; check the model name."));
    case Kind::InvalidRequest: {
        QString text = withServerText(tr("The server did not accept the request."));
        if (!fieldViolations.isEmpty() && !message.contains(fieldViolations.first().section(u": "_s, 1)))
            text += u' ' + fieldViolations.join(u"; "_s);
        return text;
    }
    case Kind::FailedPrecondition:
        return withServerText(tr("The request cannot be served as it is."));
    case Kind::RateLimited:
        if (retryDelayMs) {
            const int seconds = int(std::ceil(double(*retryDelayMs) / 1000.0));
            const QString wait = seconds == 1 ? tr("1 second") : tr("%1 seconds").arg(seconds);
            return tr("You have reached a rate limit or your quota. Try again in %1, or check your plan and billing "
                      "details.")
                .arg(wait);
        }
        return tr("You have reached a rate limit or your quota. Wait a little, or check your plan and billing "
                  "details.");
    case Kind::Overloaded:
        return tr("The model is overloaded right now. Try again in a moment.");
    case Kind::ServerError:
        return withServerText(httpStatus ? tr("The server had an internal error (HTTP %1). Try again.").arg(httpStatus)
                                         : tr("The server had an internal error. Try again."));
    case Kind::Timeout:
        return tr("The server did not answer in time. Check the connection and try again.");
    case Kind::Cancelled:
        return tr("The request was stopped.");
    case Kind::Network:
        return message.isEmpty() ? tr("Could not reach the server. Check the network connection.")
                                 : tr("Could not reach the server: %1").arg(message);
    case Kind::PromptBlocked: {
        QStringList names;
        for (const QString &c : blockedCategories)
            names.append(Safety::categoryDisplayName(c));
        const QString why = blockReason == "SAFETY"_L1 ? tr("safety") : blockReason.toLower().replace(u'_', u' ');
        if (names.isEmpty())
            return tr("The prompt was blocked (%1). Rephrase it and try again.").arg(why);
        return tr("The prompt was blocked (%1: %2). Rephrase it and try again.").arg(why, names.join(u", "_s));
    }
    case Kind::Truncated:
        return tr("The answer stopped before it was complete: the connection ended without the model finishing.");
    case Kind::MalformedResponse:
        return message.isEmpty() ? tr("The server sent a reply that could not be read.")
                                 : tr("The server sent a reply that could not be read (%1).").arg(message);
    case Kind::LocalFile:
        return message;
    }
    return message;
}
