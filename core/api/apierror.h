#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

struct PromptFeedback;

// A failure of a Gemini request, as a value: what kind of failure, what the server said, and how to
// say it to a person (userMessage(), translated). Errors never travel as exceptions.
struct ApiError
{
    Q_DECLARE_TR_FUNCTIONS(ApiError)

public:
    enum class Kind {
        None,
        MissingKey,         // no key configured, or the server saw none (403 unregistered caller)
        InvalidKey,         // 400 API_KEY_INVALID, 401
        PermissionDenied,   // 403 (API disabled for the project, file not accessible, ...)
        NotFound,           // 404 (unknown model)
        InvalidRequest,     // 400 INVALID_ARGUMENT (unknown field, bad value)
        FailedPrecondition, // 400 FAILED_PRECONDITION (region not supported, file not ACTIVE)
        RateLimited,        // 429 RESOURCE_EXHAUSTED
        Overloaded,         // 503 UNAVAILABLE
        ServerError,        // 500, 502, other 5xx
        Timeout,            // 408, 504, or no bytes for the idle timeout
        Cancelled,          // stopped by the user (or 499 from the server)
        Network,            // no HTTP reply: refused, reset, DNS, TLS
        PromptBlocked,      // HTTP 200 with promptFeedback.blockReason
        Truncated,          // a stream that ended without a finishReason
        MalformedResponse,  // a body that is not what the protocol says
        LocalFile,          // a local file cannot be sent: missing, unreadable, empty, too large, wrong type,
                            // changed while it was being uploaded; message is already a sentence for a person
    };

    Kind kind = Kind::None;
    int httpStatus = 0;                 // 0 when no HTTP reply was received
    QString status;                     // google.rpc status name, e.g. "RESOURCE_EXHAUSTED"
    QString message;                    // what the server (or the network layer) said, untranslated
    QString reason;                     // google.rpc.ErrorInfo reason, e.g. "API_KEY_INVALID"
    QJsonArray details;                 // google.rpc details, verbatim
    QStringList fieldViolations;        // google.rpc.BadRequest: "field: description"
    std::optional<qint64> retryDelayMs; // from RetryInfo, Retry-After, or "Please retry in Ns."
    QString blockReason;                // PromptBlocked: SAFETY, OTHER, ...
    QStringList blockedCategories;      // PromptBlocked: categories whose rating blocked the prompt
    bool afterStreamStarted = false;    // the stream had delivered bytes when it failed
    QString userText; // set when the client knows better words than the kind's sentence: userMessage() returns it

    bool isError() const { return kind != Kind::None; }
    // Whether trying the same request again may succeed (408/429/5xx, network failures).
    bool isTransient() const;
    // Plain-language message for a person.
    QString userMessage() const;
    // Stable machine name of the kind ("rate-limited"), for logs and --json output.
    QString kindName() const;

    // An HTTP error reply: the status code, the body (Google error JSON, an array-wrapped one, or
    // anything else, e.g. a proxy's HTML) and the Retry-After header if any.
    static ApiError fromHttp(int httpStatus, const QByteArray &body, const QByteArray &retryAfter = {},
        const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The "error" member of a Google error body ({"code", "message", "status", "details"}).
    static ApiError fromErrorObject(const QJsonObject &error, int httpStatus = 0);
    // {"error": {...}} or [{"error": {...}}]; nullopt when the JSON is not an error body.
    static std::optional<ApiError> fromErrorBody(const QByteArray &body, int httpStatus = 0);

    static ApiError missingKey();
    static ApiError network(const QString &detail);
    static ApiError timeout(const QString &detail = {});
    static ApiError cancelled();
    static ApiError malformed(const QString &detail);
    static ApiError truncated();
    static ApiError promptBlocked(const PromptFeedback &feedback);
    static ApiError localFile(const QString &userText);

    // Retry-After: delay-seconds or an HTTP-date.
    static std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now);
};

Q_DECLARE_METATYPE(ApiError)
