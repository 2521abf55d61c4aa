#include "tools.h"

#include "jsonutil.h"

using namespace Qt::StringLiterals;

QJsonArray Tools::toJson() const
{
    QJsonArray a;
    if (!functionDeclarations.isEmpty())
        a.append(QJsonObject {{"functionDeclarations"_L1, functionDeclarations}});
    if (googleSearch)
        a.append(QJsonObject {{"googleSearch"_L1, QJsonObject {}}});
    if (codeExecution)
        a.append(QJsonObject {{"codeExecution"_L1, QJsonObject {}}});
    if (urlContext)
        a.append(QJsonObject {{"urlContext"_L1, QJsonObject {}}});
    return a;
}

Tools Tools::fromJson(const QJsonArray &json)
{
    using JsonUtil::field;
    Tools t;
    for (const QJsonValue &v : json) {
        const QJsonObject o = v.toObject();
        if (field(o, "googleSearch"_L1, "google_search"_L1).isObject())
            t.googleSearch = true;
        if (field(o, "codeExecution"_L1, "code_execution"_L1).isObject())
            t.codeExecution = true;
        if (field(o, "urlContext"_L1, "url_context"_L1).isObject())
            t.urlContext = true;
        const QJsonValue decls = field(o, "functionDeclarations"_L1, "function_declarations"_L1);
        for (const QJsonValue &d : decls.toArray())
            t.functionDeclarations.append(d);
    }
    return t;
}
