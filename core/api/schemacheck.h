#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Checks a response schema typed by the user, as they type, before it goes into generationConfig.
// Two dialects exist (gemini-api.md §3.1): the OpenAPI subset of `responseSchema` (upper-case types:
// STRING, OBJECT, …) and the JSON Schema of `responseJsonSchema` (lower-case types, $ref, $defs, …).
// The dialect is told by the types used; a schema that mixes them is a problem.
namespace SchemaCheck {
enum class Dialect {
    OpenApi,
    JsonSchema
};

// Limits against hostile input: deeper nesting, longer text or more schemas is a problem, not a crash.
inline constexpr int MaxDepth = 64;
inline constexpr qsizetype MaxTextLength = 256 * 1024; // characters
inline constexpr int MaxSchemas = 10000;
inline constexpr int MaxProblems = 50;

struct Problem
{
    QString path;    // "properties.name.type"; empty for the whole document
    QString message; // plain words: "“strin” is not a type (one of STRING, NUMBER, …)"
    int line = 0;    // 1-based position of a JSON syntax error; 0 when not a syntax error
    int column = 0;
};

struct Result
{
    std::optional<QJsonObject> schema; // set when the text is a JSON object (even with problems)
    Dialect dialect = Dialect::OpenApi;
    QList<Problem> problems;
    bool ok() const { return schema && problems.isEmpty(); }
    // The first problem in one line, for a status text; empty when ok.
    QString summary() const;
};

// Empty or blank text is not an error: it means "no schema" (schema unset, ok() false, no problems).
Result check(const QString &text);
Result check(const QJsonObject &schema);
// The same, with the dialect to assume when the schema does not tell (no type, no dialect-only keyword),
// e.g. the field a saved schema came from.
Result check(const QString &text, Dialect fallback);
Result check(const QJsonObject &schema, Dialect fallback);
} // namespace SchemaCheck
