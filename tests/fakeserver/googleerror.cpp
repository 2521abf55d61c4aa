#include "googleerror.h"

using namespace Qt::StringLiterals;

namespace {

QString typeUrl(const QString &type)
{
    return u"type.googleapis.com/google.rpc."_s + type;
}

} // namespace

QString GoogleError::statusName(int httpStatus)
{
    switch (httpStatus) {
    case 400:
        return u"INVALID_ARGUMENT"_s;
    case 401:
        return u"UNAUTHENTICATED"_s;
    case 403:
        return u"PERMISSION_DENIED"_s;
    case 404:
        return u"NOT_FOUND"_s;
    case 408:
        return u"DEADLINE_EXCEEDED"_s;
    case 409:
        return u"ABORTED"_s;
    case 413:
        return u"INVALID_ARGUMENT"_s;
    case 429:
        return u"RESOURCE_EXHAUSTED"_s;
    case 499:
        return u"CANCELLED"_s;
    case 500:
        return u"INTERNAL"_s;
    case 501:
        return u"UNIMPLEMENTED"_s;
    case 502:
    case 503:
        return u"UNAVAILABLE"_s;
    case 504:
        return u"DEADLINE_EXCEEDED"_s;
    default:
        return httpStatus >= 500 ? u"INTERNAL"_s : u"FAILED_PRECONDITION"_s;
    }
}

QString GoogleError::defaultMessage(int httpStatus)
{
    switch (httpStatus) {
    case 400:
        return u"Request contains an invalid argument."_s;
    case 401:
        return u"Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
               "other valid authentication credential. See "
               "https://developers.google.com/identity/sign-in/web/devconsole-project."_s;
    case 403:
        return u"The caller does not have permission"_s;
    case 404:
        return u"Requested entity was not found."_s;
    case 408:
        return u"Request timed out before the server received the whole request."_s;
    case 409:
        return u"The operation was aborted."_s;
    case 413:
        return u"Request payload size exceeds the limit: 20971520 bytes."_s;
    case 429:
        return u"Resource has been exhausted (e.g. check quota)."_s;
    case 499:
        return u"The operation was cancelled."_s;
    case 500:
        return u"An internal error has occurred. Please retry or report in "
               "https://developers.generativeai.google/guide/troubleshooting"_s;
    case 501:
        return u"Operation is not implemented, or supported, or enabled."_s;
    case 502:
        return u"Bad Gateway"_s;
    case 503:
        return u"The model is overloaded. Please try again later."_s;
    case 504:
        return u"Deadline expired before operation could complete."_s;
    default:
        return u"HTTP status %1"_s.arg(httpStatus);
    }
}

QJsonObject GoogleError::make(int httpStatus, const QString &message, const QJsonArray &details)
{
    QJsonObject error {
        {u"code"_s, httpStatus},
        {u"message"_s, message.isEmpty() ? defaultMessage(httpStatus) : message},
        {u"status"_s, statusName(httpStatus)},
    };
    if (!details.isEmpty())
        error.insert(u"details"_s, details);
    return QJsonObject {{u"error"_s, error}};
}

QJsonObject GoogleError::makeStatus(int httpStatus, const QString &status, const QString &message)
{
    return QJsonObject {{u"error"_s,
        QJsonObject {
            {u"code"_s, httpStatus},
            {u"message"_s, message.isEmpty() ? defaultMessage(httpStatus) : message},
            {u"status"_s, status},
        }}};
}

QJsonObject GoogleError::quotaExceeded(const QString &model, const QString &retryDelay, const QString &message)
{
    const QString metric = u"generativelanguage.googleapis.com/generate_content_free_tier_requests"_s;
    QString text = message;
    if (text.isEmpty()) {
        text = u"You exceeded your current quota, please check your plan and billing details. For more information "
               "on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current "
               "usage, head to: https://ai.dev/rate-limit. \n* Quota exceeded for metric: "_s
            + metric + u", limit: 20, model: "_s + model;
        if (!retryDelay.isEmpty()) {
            // The human text carries a fractional delay a little above the whole-second RetryInfo,
            // as in the recorded 429 ("32.035562943s" vs "32s").
            QString seconds = retryDelay;
            if (seconds.endsWith(u's'))
                seconds.chop(1);
            bool ok = false;
            const double value = seconds.toDouble(&ok);
            text += u"\nPlease retry in "_s + (ok ? QString::number(value + 0.035562943, 'g', 12) : seconds) + u"s."_s;
        }
    }
    QJsonArray details {
        QJsonObject {
            {u"@type"_s, typeUrl(u"Help"_s)},
            {u"links"_s,
                QJsonArray {QJsonObject {{u"description"_s, u"Learn more about Gemini API quotas"_s},
                    {u"url"_s, u"https://ai.google.dev/gemini-api/docs/rate-limits"_s}}}},
        },
        QJsonObject {
            {u"@type"_s, typeUrl(u"QuotaFailure"_s)},
            {u"violations"_s,
                QJsonArray {QJsonObject {
                    {u"quotaMetric"_s, metric},
                    {u"quotaId"_s, u"GenerateRequestsPerDayPerProjectPerModel-FreeTier"_s},
                    {u"quotaDimensions"_s, QJsonObject {{u"location"_s, u"global"_s}, {u"model"_s, model}}},
                    {u"quotaValue"_s, u"20"_s},
                }}},
        },
    };
    if (!retryDelay.isEmpty())
        details.append(QJsonObject {{u"@type"_s, typeUrl(u"RetryInfo"_s)}, {u"retryDelay"_s, retryDelay}});
    return make(429, text, details);
}

QJsonObject GoogleError::apiKeyInvalid()
{
    const QString message = u"API key not valid. Please pass a valid API key."_s;
    return make(400, message,
        QJsonArray {
            QJsonObject {
                {u"@type"_s, typeUrl(u"ErrorInfo"_s)},
                {u"reason"_s, u"API_KEY_INVALID"_s},
                {u"domain"_s, u"googleapis.com"_s},
                {u"metadata"_s, QJsonObject {{u"service"_s, u"generativelanguage.googleapis.com"_s}}},
            },
            QJsonObject {
                {u"@type"_s, typeUrl(u"LocalizedMessage"_s)},
                {u"locale"_s, u"en-US"_s},
                {u"message"_s, message},
            },
        });
}

QJsonObject GoogleError::unregisteredCaller()
{
    return make(403,
        u"Method doesn't allow unregistered callers (callers without established identity). Please use "
        "API Key or other form of API consumer identity to call this API."_s);
}

QJsonObject GoogleError::modelNotFound(const QString &modelName, const QString &apiVersion, const QString &method)
{
    return make(404,
        modelName + u" is not found for API version "_s + apiVersion + u", or is not supported for "_s + method
            + u". Call ListModels to see the list of available models and their supported methods."_s);
}

QJsonObject GoogleError::badRequest(const QString &message, const QString &field)
{
    QJsonObject violation {{u"description"_s, message}};
    if (!field.isEmpty())
        violation.insert(u"field"_s, field);
    return make(400, message,
        QJsonArray {
            QJsonObject {{u"@type"_s, typeUrl(u"BadRequest"_s)}, {u"fieldViolations"_s, QJsonArray {violation}}}});
}
