#pragma once

#include "api/generaterequest.h"

#include <QString>
#include <QUrl>

// "Get code": the request the app would send next, as a ready-to-run program. The API key is never
// in it: every snippet reads it from the GEMINI_API_KEY environment variable.
//  * Curl: a POST to models/{model}:generateContent with the request JSON in a quoted here-document
//    (no shell expansion inside), the key in the x-goog-api-key header.
//  * Python: google-genai (`from google import genai`), client.models.generate_content with
//    contents and a config (snake_case fields; bytes fields through base64.b64decode).
//  * JavaScript: @google/genai (ES module), ai.models.generateContent({model, contents, config}).
// A base URL other than Google's (a proxy, the fake server) is kept: curl uses it and the SDK
// snippets pass it in their http options. Unset settings do not appear.
namespace CodeSnippet {
enum class Language {
    Curl,
    Python,
    JavaScript
};

struct Endpoint
{
    QUrl baseUrl = QUrl(QStringLiteral("https://generativelanguage.googleapis.com"));
    QString apiVersion = QStringLiteral("v1beta");
};

QString generate(
    Language language, const QString &model, const GenerateContentRequest &request, const Endpoint &endpoint = {});
// "curl", "Python", "JavaScript".
QString languageName(Language language);
} // namespace CodeSnippet
