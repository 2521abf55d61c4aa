#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Strict proto3-JSON validation of request bodies, like the real front end (gemini-api.md §1.6):
//  * every field is checked against the v1beta message definitions; an unknown name anywhere
//    gives `Invalid JSON payload received. Unknown name "X" at 'generation_config': Cannot find field.`
//    with a google.rpc.BadRequest detail (paths in snake_case: 'contents[0].parts[0]');
//  * both lowerCamelCase and snake_case names are accepted, a single object is accepted where
//    an array is expected, null means "not set";
//  * scalar types are checked (`Invalid value at 'generation_config.temperature' (TYPE_FLOAT), "hot"`),
//    bytes must be base64, enums must be known names.
// On success `normalized` holds the same request with camelCase names and arrays everywhere,
// so the rest of the server reads one spelling only. Free-form members (functionCall.args,
// responseJsonSchema, …) are copied as they are.
// The semantic checks that need no model (contents present, roles, parameter ranges) are here too.
class RequestValidator final
{
public:
    enum class Message {
        GenerateContentRequest,
        CountTokensRequest,
        EmbedContentRequest,
        BatchEmbedContentsRequest,
        CreateFileRequest, // the optional metadata body of a Files API upload: {"file": File}
    };

    struct Result
    {
        bool ok = false;
        QJsonObject error; // a complete {"error": …} body (HTTP 400) when !ok
        QJsonObject normalized;
    };

    // `body` is the raw request body; an empty body counts as `{}`.
    static Result validate(const QByteArray &body, Message message);

    // Semantic checks of a normalized GenerateContentRequest. `context` names the message in
    // error texts, e.g. "GenerateContentRequest" or "CountTokensRequest.generate_content_request".
    static QJsonObject checkGenerateContent(const QJsonObject &request, const QString &context);
    static QJsonObject checkContents(const QJsonArray &contents, const QString &context);

    static QString snakeToCamel(const QString &snake);
};
