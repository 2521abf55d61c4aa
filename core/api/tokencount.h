#pragma once

#include "usagemetadata.h"

#include <QJsonObject>
#include <QList>

// The countTokens reply (gemini-api.md §5).
struct TokenCount
{
    int totalTokens = 0;
    int cachedContentTokenCount = 0;
    QList<ModalityTokenCount> promptTokensDetails;

    static TokenCount fromJson(const QJsonObject &json);
    friend bool operator==(const TokenCount &, const TokenCount &) = default;
};
