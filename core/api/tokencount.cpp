#include "tokencount.h"

#include "jsonutil.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

TokenCount TokenCount::fromJson(const QJsonObject &json)
{
    TokenCount t;
    t.totalTokens = JsonUtil::optInt(json, "totalTokens"_L1).value_or(0);
    t.cachedContentTokenCount = JsonUtil::optInt(json, "cachedContentTokenCount"_L1).value_or(0);
    t.promptTokensDetails = ModalityTokenCount::listFromJson(json.value("promptTokensDetails"_L1).toArray());
    return t;
}
