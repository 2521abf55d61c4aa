#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Builds google.rpc.Status error bodies ({"error": {code, message, status, details}}) as the
// Gemini API sends them (gemini-api.md §8). `code` is always the HTTP status.
class GoogleError final
{
public:
    static QString statusName(int httpStatus);
    static QString defaultMessage(int httpStatus);

    static QJsonObject make(int httpStatus, const QString &message = {}, const QJsonArray &details = {});
    // With a status name other than the usual one for httpStatus (400 FAILED_PRECONDITION, 409 ALREADY_EXISTS).
    static QJsonObject makeStatus(int httpStatus, const QString &status, const QString &message);
    // 429 with Help + QuotaFailure, and RetryInfo when retryDelay (e.g. "2s") is not empty.
    static QJsonObject quotaExceeded(const QString &model, const QString &retryDelay, const QString &message = {});
    static QJsonObject apiKeyInvalid();
    static QJsonObject unregisteredCaller();
    // 404 "models/X is not found for API version v1beta, or is not supported for <method>. ..."
    static QJsonObject modelNotFound(const QString &modelName, const QString &apiVersion, const QString &method);
    // 400 INVALID_ARGUMENT with a google.rpc.BadRequest field violation.
    static QJsonObject badRequest(const QString &message, const QString &field = {});
};
