#pragma once

#include "api/apierror.h"
#include "api/generateresponse.h"
#include "api/modelinfo.h"
#include "api/tokencount.h"
#include "api/usagemetadata.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// What alhena-cli prints, as text: kept apart from the commands so the wording and the layout live
// in one place. Pure functions, no I/O.
class CliFormat final
{
    Q_DECLARE_TR_FUNCTIONS(CliFormat)

public:
    // The exit code for a failed request (see exitcode.h). A stream that broke or stalled after
    // text had arrived counts as truncated, like one that ended without a finish reason.
    static int exitCodeFor(const ApiError &error);
    // The plain-language message: ApiError::userMessage(), except for a stream that broke off midway.
    static QString errorMessage(const ApiError &error);
    // {"error": {"kind", "httpStatus", "status", "message", "userMessage"}}, plus "response" when
    // `partial` has something, as indented JSON with a final newline. userMessage defaults to
    // errorMessage(error).
    static QByteArray errorJson(
        const ApiError &error, const QJsonObject &partial = {}, const QString &userMessage = {});
    // Indented JSON with a final newline.
    static QByteArray json(const QJsonObject &object);

    // "retrying in 1.2 s (overloaded, HTTP 503; attempt 2 of 4)…"
    static QString retryNote(int nextAttempt, int maxAttempts, qint64 delayMs, const ApiError &error);
    // Why a candidate stopped, for stderr; empty for STOP (and no reason). MAX_TOKENS gives
    // "(stopped: output token limit reached)".
    static QString finishNote(const Candidate &candidate);
    // Whether a finish reason makes the exit code Refused (anything but STOP and MAX_TOKENS).
    static bool isRefusal(const QString &finishReason);
    // "tokens: prompt 12, answer 30, thoughts 0, total 42"
    static QString usageLine(const UsageMetadata &usage);
    static QString candidateHeader(int candidateIndex);

    // The models table: id, display name, input and output limits, thinking.
    static QString modelsTable(const QList<ModelInfo> &models);
    static QByteArray modelsJson(const QList<ModelInfo> &models);

    // The total on the first line, then one line per modality.
    static QString tokenCount(const TokenCount &count);
    static QByteArray tokenCountJson(const TokenCount &count);

    // One vector as numbers separated by spaces (shortest form that reads back as the same float).
    static QByteArray vectorLine(const QList<float> &values);
    static QByteArray embeddingsJson(const QList<QList<float>> &embeddings, const std::optional<UsageMetadata> &usage);
};
