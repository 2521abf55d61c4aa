#pragma once

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

// The tools of a request. Each enabled tool becomes one element of the "tools" array.
struct Tools
{
    bool googleSearch = false;
    bool codeExecution = false;
    bool urlContext = false;
    QJsonArray functionDeclarations; // FunctionDeclaration objects, verbatim

    bool isEmpty() const { return !googleSearch && !codeExecution && !urlContext && functionDeclarations.isEmpty(); }

    QJsonArray toJson() const;
    static Tools fromJson(const QJsonArray &json); // accepts google_search / code_execution too
    friend bool operator==(const Tools &, const Tools &) = default;
};
