#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// One part of a Content (gemini-api.md §3.1): exactly one data member plus optional metadata.
struct Part
{
    enum class Kind {
        Text,
        InlineData,
        FileData,
        FunctionCall,
        FunctionResponse,
        ExecutableCode,
        CodeExecutionResult,
        Other, // a data member this client does not know; kept verbatim and sent back unchanged
    };

    Kind kind = Kind::Text;

    QString text;             // Text
    bool thought = false;     // Text: a thought summary
    QString thoughtSignature; // opaque base64, echoed back unchanged in history

    QString mimeType; // InlineData, FileData
    QByteArray data;  // InlineData: the raw bytes (base64 only on the wire)
    QString fileUri;  // FileData

    QString functionId; // FunctionCall, FunctionResponse (newer models only)
    QString functionName;
    QJsonObject functionPayload; // FunctionCall: args; FunctionResponse: response

    QString language; // ExecutableCode ("PYTHON")
    QString code;     // ExecutableCode
    QString outcome;  // CodeExecutionResult (OUTCOME_OK, ...)
    QString output;   // CodeExecutionResult

    std::optional<QJsonObject> videoMetadata; // {startOffset, endOffset, fps}
    QJsonObject other;                        // Other: the unknown member(s), verbatim

    static Part fromText(const QString &text);
    static Part fromInlineData(const QString &mimeType, const QByteArray &bytes);
    static Part fromFileData(const QString &mimeType, const QString &fileUri);
    static Part fromFunctionResponse(const QString &name, const QJsonObject &response, const QString &id = {});

    bool isText() const { return kind == Kind::Text; }

    QJsonObject toJson() const;
    static Part fromJson(const QJsonObject &json); // accepts camelCase and snake_case names

    friend bool operator==(const Part &, const Part &) = default;
};

Q_DECLARE_METATYPE(Part)
