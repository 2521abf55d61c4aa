#include "cliformat.h"

#include "exitcode.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>

using namespace Qt::StringLiterals;

int CliFormat::exitCodeFor(const ApiError &error)
{
    switch (error.kind) {
    case ApiError::Kind::None:
        return ExitCode::Ok;
    case ApiError::Kind::MissingKey:
    case ApiError::Kind::InvalidKey:
    case ApiError::Kind::LocalFile:
        return ExitCode::Usage; // fixed by the user (configuration, the file named), not by trying again
    case ApiError::Kind::PromptBlocked:
        return ExitCode::Refused;
    case ApiError::Kind::Truncated:
        return ExitCode::Truncated;
    case ApiError::Kind::PermissionDenied:
    case ApiError::Kind::NotFound:
    case ApiError::Kind::InvalidRequest:
    case ApiError::Kind::FailedPrecondition:
    case ApiError::Kind::RateLimited:
    case ApiError::Kind::Overloaded:
    case ApiError::Kind::ServerError:
        return ExitCode::Failed;
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Network:
        return error.afterStreamStarted ? ExitCode::Truncated : ExitCode::Failed;
    case ApiError::Kind::Cancelled:
    case ApiError::Kind::MalformedResponse:
        return ExitCode::Failed;
    }
    return ExitCode::Failed;
}

QString CliFormat::errorMessage(const ApiError &error)
{
    if (error.afterStreamStarted && error.kind == ApiError::Kind::Network) {
        return error.message.isEmpty()
            ? tr("The connection broke before the answer was complete.")
            : tr("The connection broke before the answer was complete: %1").arg(error.message);
    }
    if (error.afterStreamStarted && error.kind == ApiError::Kind::Timeout)
        return tr("The answer stalled before it was complete: the server sent nothing for too long (see --timeout).");
    return error.userMessage();
}

QByteArray CliFormat::json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

QByteArray CliFormat::errorJson(const ApiError &error, const QJsonObject &partial, const QString &userMessage)
{
    const QJsonObject e {
        {"kind"_L1, error.kindName()},
        {"httpStatus"_L1, error.httpStatus},
        {"status"_L1, error.status},
        {"message"_L1, error.message},
        {"userMessage"_L1, userMessage.isEmpty() ? errorMessage(error) : userMessage},
    };
    QJsonObject root {{"error"_L1, e}};
    if (!partial.isEmpty())
        root.insert("response"_L1, partial);
    return json(root);
}

QString CliFormat::retryNote(int nextAttempt, int maxAttempts, qint64 delayMs, const ApiError &error)
{
    QString reason = error.kindName().replace(u'-', u' ');
    if (error.httpStatus > 0)
        reason += u", HTTP "_s + QString::number(error.httpStatus);
    else if (error.kind == ApiError::Kind::Network && !error.message.isEmpty())
        reason += u": "_s + error.message;
    return tr("retrying in %1 s (%2; attempt %3 of %4)…")
        .arg(QString::number(double(delayMs) / 1000.0, 'f', 1), reason)
        .arg(nextAttempt)
        .arg(maxAttempts);
}

bool CliFormat::isRefusal(const QString &finishReason)
{
    return !finishReason.isEmpty() && finishReason != "STOP"_L1 && finishReason != "MAX_TOKENS"_L1;
}

QString CliFormat::finishNote(const Candidate &candidate)
{
    const QString &reason = candidate.finishReason;
    QString note;
    if (reason.isEmpty() || reason == "STOP"_L1)
        return {};
    if (reason == "MAX_TOKENS"_L1)
        note = tr("(stopped: output token limit reached)");
    else if (reason == "SAFETY"_L1 || reason == "IMAGE_SAFETY"_L1)
        note = tr("(stopped: the answer was blocked for safety reasons)");
    else if (reason == "RECITATION"_L1 || reason == "IMAGE_RECITATION"_L1)
        note = tr("(stopped: the answer resembled existing material too closely (recitation))");
    else if (reason == "PROHIBITED_CONTENT"_L1 || reason == "IMAGE_PROHIBITED_CONTENT"_L1)
        note = tr("(stopped: the answer touched prohibited content)");
    else if (reason == "BLOCKLIST"_L1)
        note = tr("(stopped: the answer contained a blocked term)");
    else if (reason == "SPII"_L1)
        note = tr("(stopped: the answer may have contained sensitive personal information)");
    else if (reason == "LANGUAGE"_L1)
        note = tr("(stopped: the answer's language is not supported)");
    else if (reason == "MALFORMED_FUNCTION_CALL"_L1)
        note = tr("(stopped: the model produced a malformed function call)");
    else
        note = tr("(stopped: %1)").arg(reason.toLower().replace(u'_', u' '));
    if (!candidate.finishMessage.isEmpty())
        note += u' ' + candidate.finishMessage;
    return note;
}

QString CliFormat::usageLine(const UsageMetadata &usage)
{
    return tr("tokens: prompt %1, answer %2, thoughts %3, total %4")
        .arg(usage.promptTokenCount)
        .arg(usage.candidatesTokenCount)
        .arg(usage.thoughtsTokenCount)
        .arg(usage.totalTokenCount);
}

QString CliFormat::candidateHeader(int candidateIndex)
{
    return u"--- candidate %1 ---\n"_s.arg(candidateIndex + 1);
}

QString CliFormat::modelsTable(const QList<ModelInfo> &models)
{
    const QStringList headers {tr("ID"), tr("DISPLAY NAME"), tr("INPUT"), tr("OUTPUT"), tr("THINKING")};
    QList<QStringList> rows;
    rows.reserve(models.size());
    for (const ModelInfo &m : models) {
        rows.append({m.id(), m.displayName, QString::number(m.inputTokenLimit), QString::number(m.outputTokenLimit),
            m.thinking ? tr("yes") : tr("no")});
    }
    QList<qsizetype> widths;
    for (const QString &h : headers)
        widths.append(h.size());
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    auto line = [&widths](const QStringList &cells) -> QString {
        QString out;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const bool number = i == 2 || i == 3;
            const QString cell = number ? cells.at(i).rightJustified(widths[i]) : cells.at(i).leftJustified(widths[i]);
            out += (i ? u"  "_s : QString()) + cell;
        }
        while (out.endsWith(u' '))
            out.chop(1);
        return out + u'\n';
    };
    QString out = line(headers);
    for (const QStringList &row : std::as_const(rows))
        out += line(row);
    return out;
}

QByteArray CliFormat::modelsJson(const QList<ModelInfo> &models)
{
    QJsonArray list;
    for (const ModelInfo &m : models)
        list.append(m.toJson());
    return json(QJsonObject {{"models"_L1, list}});
}

QString CliFormat::tokenCount(const TokenCount &count)
{
    QString out = QString::number(count.totalTokens) + u'\n';
    for (const ModalityTokenCount &m : count.promptTokensDetails)
        out += u"  "_s + m.modality + u' ' + QString::number(m.tokenCount) + u'\n';
    if (count.cachedContentTokenCount > 0)
        out += tr("  cached %1").arg(count.cachedContentTokenCount) + u'\n';
    return out;
}

QByteArray CliFormat::tokenCountJson(const TokenCount &count)
{
    QJsonObject o {{"totalTokens"_L1, count.totalTokens}};
    if (count.cachedContentTokenCount > 0)
        o.insert("cachedContentTokenCount"_L1, count.cachedContentTokenCount);
    if (!count.promptTokensDetails.isEmpty())
        o.insert("promptTokensDetails"_L1, ModalityTokenCount::listToJson(count.promptTokensDetails));
    return json(o);
}

QByteArray CliFormat::vectorLine(const QList<float> &values)
{
    QByteArray out;
    out.reserve(values.size() * 12);
    char buffer[32];
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i)
            out += ' ';
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, values.at(i));
        out.append(buffer, result.ptr - buffer);
    }
    return out;
}

QByteArray CliFormat::embeddingsJson(const QList<QList<float>> &embeddings, const std::optional<UsageMetadata> &usage)
{
    // Written by hand: QJsonDocument would print each float widened to double (0.1f as 0.100000001490116).
    QByteArray out = "{\n  \"embeddings\": [";
    for (qsizetype i = 0; i < embeddings.size(); ++i) {
        out += i ? ",\n" : "\n";
        out += "    {\"values\": [" + vectorLine(embeddings.at(i)).replace(' ', ", ") + "]}";
    }
    out += embeddings.isEmpty() ? "]" : "\n  ]";
    if (usage)
        out += ",\n  \"usageMetadata\": " + QJsonDocument(usage->toJson()).toJson(QJsonDocument::Compact);
    out += "\n}\n";
    return out;
}
