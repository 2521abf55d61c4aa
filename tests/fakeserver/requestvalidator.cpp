#include "requestvalidator.h"

#include "googleerror.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QList>
#include <QStringList>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

enum class Kind {
    String,
    Int32,
    Int64,
    Float,
    Bool,
    Bytes,
    Enum,       // `type` names the enum
    Message,    // `type` names the message
    MessageMap, // map<string, `type`>
    Struct,     // google.protobuf.Struct: any JSON object, copied as is
    Value,      // google.protobuf.Value or a member this fake does not model: anything, copied as is
};

struct Field
{
    QString snake;
    Kind kind;
    bool repeated = false;
    QString type;
};

const QString protoPackage = u"google.ai.generativelanguage.v1beta."_s;

const QHash<QString, QList<Field>> &messages()
{
    static const QHash<QString, QList<Field>> table = [] {
        QHash<QString, QList<Field>> t;
        const auto msg = [](const QString &name, const QString &type, bool repeated = false) {
            return Field {name, Kind::Message, repeated, type};
        };
        const auto str = [](const QString &name, bool repeated = false) {
            return Field {name, Kind::String, repeated, {}};
        };
        const auto en = [](const QString &name, const QString &type, bool repeated = false) {
            return Field {name, Kind::Enum, repeated, type};
        };
        const auto of = [](const QString &name, Kind kind, bool repeated = false) {
            return Field {name, kind, repeated, {}};
        };
        t.insert(u"GenerateContentRequest"_s,
            {str(u"model"_s), msg(u"system_instruction"_s, u"Content"_s), msg(u"contents"_s, u"Content"_s, true),
                msg(u"tools"_s, u"Tool"_s, true), msg(u"tool_config"_s, u"ToolConfig"_s),
                msg(u"safety_settings"_s, u"SafetySetting"_s, true), msg(u"generation_config"_s, u"GenerationConfig"_s),
                str(u"cached_content"_s)});
        t.insert(u"Content"_s, {msg(u"parts"_s, u"Part"_s, true), str(u"role"_s)});
        t.insert(u"Part"_s,
            {str(u"text"_s), msg(u"inline_data"_s, u"Blob"_s), msg(u"function_call"_s, u"FunctionCall"_s),
                msg(u"function_response"_s, u"FunctionResponse"_s), msg(u"file_data"_s, u"FileData"_s),
                msg(u"executable_code"_s, u"ExecutableCode"_s),
                msg(u"code_execution_result"_s, u"CodeExecutionResult"_s), msg(u"video_metadata"_s, u"VideoMetadata"_s),
                of(u"thought"_s, Kind::Bool), of(u"thought_signature"_s, Kind::Bytes),
                of(u"part_metadata"_s, Kind::Struct), of(u"media_resolution"_s, Kind::Value)});
        t.insert(u"Blob"_s, {str(u"mime_type"_s), of(u"data"_s, Kind::Bytes)});
        t.insert(u"FileData"_s, {str(u"mime_type"_s), str(u"file_uri"_s)});
        t.insert(u"FunctionCall"_s, {str(u"id"_s), str(u"name"_s), of(u"args"_s, Kind::Struct)});
        t.insert(u"FunctionResponse"_s,
            {str(u"id"_s), str(u"name"_s), of(u"response"_s, Kind::Struct), of(u"parts"_s, Kind::Value, true),
                of(u"will_continue"_s, Kind::Bool), en(u"scheduling"_s, u"FunctionResponse.Scheduling"_s)});
        t.insert(u"ExecutableCode"_s, {str(u"id"_s), en(u"language"_s, u"ExecutableCode.Language"_s), str(u"code"_s)});
        t.insert(u"CodeExecutionResult"_s,
            {str(u"id"_s), en(u"outcome"_s, u"CodeExecutionResult.Outcome"_s), str(u"output"_s)});
        t.insert(u"VideoMetadata"_s, {str(u"start_offset"_s), str(u"end_offset"_s), of(u"fps"_s, Kind::Float)});
        t.insert(u"Tool"_s,
            {msg(u"function_declarations"_s, u"FunctionDeclaration"_s, true),
                msg(u"google_search_retrieval"_s, u"GoogleSearchRetrieval"_s),
                msg(u"code_execution"_s, u"CodeExecution"_s), msg(u"google_search"_s, u"Tool.GoogleSearch"_s),
                of(u"computer_use"_s, Kind::Value), msg(u"url_context"_s, u"UrlContext"_s),
                of(u"file_search"_s, Kind::Value), of(u"google_maps"_s, Kind::Value),
                of(u"mcp_servers"_s, Kind::Value, true)});
        t.insert(u"GoogleSearchRetrieval"_s, {msg(u"dynamic_retrieval_config"_s, u"DynamicRetrievalConfig"_s)});
        t.insert(u"DynamicRetrievalConfig"_s,
            {en(u"mode"_s, u"DynamicRetrievalConfig.Mode"_s), of(u"dynamic_threshold"_s, Kind::Float)});
        t.insert(u"CodeExecution"_s, {});
        t.insert(u"UrlContext"_s, {});
        t.insert(u"Tool.GoogleSearch"_s, {of(u"time_range_filter"_s, Kind::Value)});
        t.insert(u"FunctionDeclaration"_s,
            {str(u"name"_s), str(u"description"_s), en(u"behavior"_s, u"FunctionDeclaration.Behavior"_s),
                msg(u"parameters"_s, u"Schema"_s), of(u"parameters_json_schema"_s, Kind::Value),
                msg(u"response"_s, u"Schema"_s), of(u"response_json_schema"_s, Kind::Value)});
        t.insert(u"Schema"_s,
            {en(u"type"_s, u"Type"_s), str(u"format"_s), str(u"title"_s), str(u"description"_s),
                of(u"nullable"_s, Kind::Bool), str(u"enum"_s, true), of(u"max_items"_s, Kind::Int64),
                of(u"min_items"_s, Kind::Int64), msg(u"items"_s, u"Schema"_s),
                Field {u"properties"_s, Kind::MessageMap, false, u"Schema"_s}, str(u"required"_s, true),
                of(u"min_properties"_s, Kind::Int64), of(u"max_properties"_s, Kind::Int64),
                of(u"minimum"_s, Kind::Float), of(u"maximum"_s, Kind::Float), of(u"min_length"_s, Kind::Int64),
                of(u"max_length"_s, Kind::Int64), str(u"pattern"_s), of(u"example"_s, Kind::Value),
                msg(u"any_of"_s, u"Schema"_s, true), str(u"property_ordering"_s, true), of(u"default"_s, Kind::Value)});
        t.insert(u"ToolConfig"_s,
            {msg(u"function_calling_config"_s, u"FunctionCallingConfig"_s),
                msg(u"retrieval_config"_s, u"RetrievalConfig"_s)});
        t.insert(u"FunctionCallingConfig"_s,
            {en(u"mode"_s, u"FunctionCallingConfig.Mode"_s), str(u"allowed_function_names"_s, true)});
        t.insert(u"RetrievalConfig"_s, {msg(u"lat_lng"_s, u"LatLng"_s), str(u"language_code"_s)});
        t.insert(u"LatLng"_s, {of(u"latitude"_s, Kind::Float), of(u"longitude"_s, Kind::Float)});
        t.insert(
            u"SafetySetting"_s, {en(u"category"_s, u"HarmCategory"_s), en(u"threshold"_s, u"HarmBlockThreshold"_s)});
        t.insert(u"GenerationConfig"_s,
            {of(u"candidate_count"_s, Kind::Int32), str(u"stop_sequences"_s, true),
                of(u"max_output_tokens"_s, Kind::Int32), of(u"temperature"_s, Kind::Float), of(u"top_p"_s, Kind::Float),
                of(u"top_k"_s, Kind::Int32), of(u"seed"_s, Kind::Int32), str(u"response_mime_type"_s),
                msg(u"response_schema"_s, u"Schema"_s), of(u"response_json_schema"_s, Kind::Value),
                of(u"presence_penalty"_s, Kind::Float), of(u"frequency_penalty"_s, Kind::Float),
                of(u"response_logprobs"_s, Kind::Bool), of(u"logprobs"_s, Kind::Int32),
                of(u"enable_enhanced_civic_answers"_s, Kind::Bool), en(u"response_modalities"_s, u"Modality"_s, true),
                of(u"speech_config"_s, Kind::Value), msg(u"thinking_config"_s, u"ThinkingConfig"_s),
                of(u"image_config"_s, Kind::Value), en(u"media_resolution"_s, u"MediaResolution"_s)});
        t.insert(u"ThinkingConfig"_s,
            {of(u"include_thoughts"_s, Kind::Bool), of(u"thinking_budget"_s, Kind::Int32),
                en(u"thinking_level"_s, u"ThinkingLevel"_s)});
        t.insert(u"CountTokensRequest"_s,
            {msg(u"contents"_s, u"Content"_s, true), msg(u"generate_content_request"_s, u"GenerateContentRequest"_s)});
        t.insert(u"EmbedContentRequest"_s,
            {str(u"model"_s), msg(u"content"_s, u"Content"_s), en(u"task_type"_s, u"TaskType"_s), str(u"title"_s),
                of(u"output_dimensionality"_s, Kind::Int32)});
        t.insert(u"BatchEmbedContentsRequest"_s, {msg(u"requests"_s, u"EmbedContentRequest"_s, true)});
        t.insert(u"CreateFileRequest"_s, {msg(u"file"_s, u"File"_s)});
        // Output-only members are accepted and ignored (what the real server does with them is unverified).
        t.insert(u"File"_s,
            {of(u"video_metadata"_s, Kind::Value), str(u"name"_s), str(u"display_name"_s), str(u"mime_type"_s),
                of(u"size_bytes"_s, Kind::Int64), str(u"create_time"_s), str(u"update_time"_s),
                str(u"expiration_time"_s), of(u"sha256_hash"_s, Kind::Bytes), str(u"uri"_s), str(u"download_uri"_s),
                en(u"state"_s, u"File.State"_s), en(u"source"_s, u"File.Source"_s), of(u"error"_s, Kind::Value)});
        return t;
    }();
    return table;
}

// Known enum names; an enum missing here accepts any name.
const QHash<QString, QStringList> &enums()
{
    static const QHash<QString, QStringList> table = {
        {u"HarmCategory"_s,
            {u"HARM_CATEGORY_UNSPECIFIED"_s, u"HARM_CATEGORY_DEROGATORY"_s, u"HARM_CATEGORY_TOXICITY"_s,
                u"HARM_CATEGORY_VIOLENCE"_s, u"HARM_CATEGORY_SEXUAL"_s, u"HARM_CATEGORY_MEDICAL"_s,
                u"HARM_CATEGORY_DANGEROUS"_s, u"HARM_CATEGORY_HARASSMENT"_s, u"HARM_CATEGORY_HATE_SPEECH"_s,
                u"HARM_CATEGORY_SEXUALLY_EXPLICIT"_s, u"HARM_CATEGORY_DANGEROUS_CONTENT"_s,
                u"HARM_CATEGORY_CIVIC_INTEGRITY"_s}},
        {u"HarmBlockThreshold"_s,
            {u"HARM_BLOCK_THRESHOLD_UNSPECIFIED"_s, u"BLOCK_LOW_AND_ABOVE"_s, u"BLOCK_MEDIUM_AND_ABOVE"_s,
                u"BLOCK_ONLY_HIGH"_s, u"BLOCK_NONE"_s, u"OFF"_s}},
        {u"Modality"_s, {u"MODALITY_UNSPECIFIED"_s, u"TEXT"_s, u"IMAGE"_s, u"AUDIO"_s}},
        {u"MediaResolution"_s,
            {u"MEDIA_RESOLUTION_UNSPECIFIED"_s, u"MEDIA_RESOLUTION_LOW"_s, u"MEDIA_RESOLUTION_MEDIUM"_s,
                u"MEDIA_RESOLUTION_HIGH"_s}},
        {u"ThinkingLevel"_s, {u"THINKING_LEVEL_UNSPECIFIED"_s, u"MINIMAL"_s, u"LOW"_s, u"MEDIUM"_s, u"HIGH"_s}},
        {u"TaskType"_s,
            {u"TASK_TYPE_UNSPECIFIED"_s, u"RETRIEVAL_QUERY"_s, u"RETRIEVAL_DOCUMENT"_s, u"SEMANTIC_SIMILARITY"_s,
                u"CLASSIFICATION"_s, u"CLUSTERING"_s, u"QUESTION_ANSWERING"_s, u"FACT_VERIFICATION"_s,
                u"CODE_RETRIEVAL_QUERY"_s}},
        {u"FunctionCallingConfig.Mode"_s, {u"MODE_UNSPECIFIED"_s, u"AUTO"_s, u"ANY"_s, u"NONE"_s, u"VALIDATED"_s}},
        {u"DynamicRetrievalConfig.Mode"_s, {u"MODE_UNSPECIFIED"_s, u"MODE_DYNAMIC"_s}},
        {u"File.State"_s, {u"STATE_UNSPECIFIED"_s, u"PROCESSING"_s, u"ACTIVE"_s, u"FAILED"_s}},
        {u"File.Source"_s, {u"SOURCE_UNSPECIFIED"_s, u"UPLOADED"_s, u"GENERATED"_s, u"REGISTERED"_s}},
        {u"ExecutableCode.Language"_s, {u"LANGUAGE_UNSPECIFIED"_s, u"PYTHON"_s}},
        {u"CodeExecutionResult.Outcome"_s,
            {u"OUTCOME_UNSPECIFIED"_s, u"OUTCOME_OK"_s, u"OUTCOME_FAILED"_s, u"OUTCOME_DEADLINE_EXCEEDED"_s}},
        {u"Type"_s,
            {u"TYPE_UNSPECIFIED"_s, u"STRING"_s, u"NUMBER"_s, u"INTEGER"_s, u"BOOLEAN"_s, u"ARRAY"_s, u"OBJECT"_s,
                u"NULL"_s}},
    };
    return table;
}

QString valueText(const QJsonValue &value)
{
    QString text;
    if (value.isString()) {
        QString s = value.toString();
        if (s.size() > 80)
            s = s.left(80) + u"..."_s;
        text = u"\""_s + s + u"\""_s;
    } else if (value.isBool()) {
        text = value.toBool() ? u"true"_s : u"false"_s;
    } else if (value.isDouble()) {
        text = QString::number(value.toDouble(), 'g', 17);
    } else if (value.isArray()) {
        text = u"["_s;
    } else if (value.isObject()) {
        text = u"{"_s;
    }
    return text;
}

class Walker
{
public:
    QJsonObject error;

    bool walkMessage(const QJsonObject &in, const QString &type, const QString &path, QJsonObject &out)
    {
        const QList<Field> &fields = messages().value(type);
        for (auto it = in.begin(); it != in.end(); ++it) {
            const QString &key = it.key();
            const Field *field = nullptr;
            for (const Field &candidate : fields) {
                if (key == candidate.snake || key == RequestValidator::snakeToCamel(candidate.snake)) {
                    field = &candidate;
                    break;
                }
            }
            if (!field) {
                const QString message = path.isEmpty()
                    ? u"Invalid JSON payload received. Unknown name \"%1\": Cannot find field."_s.arg(key)
                    : u"Invalid JSON payload received. Unknown name \"%1\" at '%2': Cannot find field."_s.arg(
                        key, path);
                error = GoogleError::badRequest(message, path);
                return false;
            }
            const QJsonValue value = it.value();
            if (value.isNull())
                continue;
            const QString fieldPath = path.isEmpty() ? field->snake : path + u'.' + field->snake;
            QJsonValue converted;
            if (field->repeated) {
                const QJsonArray items = value.isArray() ? value.toArray() : QJsonArray {value};
                QJsonArray convertedItems;
                for (qsizetype i = 0; i < items.size(); ++i) {
                    QJsonValue item;
                    if (!walkValue(items.at(i), *field, fieldPath + u'[' + QString::number(i) + u']', item))
                        return false;
                    convertedItems.append(item);
                }
                converted = convertedItems;
            } else if (!walkValue(value, *field, fieldPath, converted)) {
                return false;
            }
            out.insert(RequestValidator::snakeToCamel(field->snake), converted);
        }
        return true;
    }

private:
    bool invalid(const QString &path, const QString &typeName, const QJsonValue &value, const QString &extra = {})
    {
        const QString message
            = u"Invalid value at '%1' (%2), %3"_s.arg(path, typeName, extra.isEmpty() ? valueText(value) : extra);
        error = GoogleError::badRequest(message, path);
        return false;
    }

    bool walkValue(const QJsonValue &value, const Field &field, const QString &path, QJsonValue &out)
    {
        switch (field.kind) {
        case Kind::String:
            if (!value.isString())
                return invalid(path, u"TYPE_STRING"_s, value);
            out = value;
            return true;
        case Kind::Int32:
        case Kind::Int64: {
            const QString typeName = field.kind == Kind::Int32 ? u"TYPE_INT32"_s : u"TYPE_INT64"_s;
            double number = 0;
            bool ok = false;
            if (value.isDouble()) {
                number = value.toDouble();
                ok = true;
            } else if (value.isString()) {
                number = value.toString().toLongLong(&ok);
            }
            if (!ok || number != std::floor(number)
                || std::fabs(number) > (field.kind == Kind::Int32 ? 2147483647.0 : 9.0e18))
                return invalid(path, typeName, value);
            out = number;
            return true;
        }
        case Kind::Float: {
            double number = 0;
            bool ok = false;
            if (value.isDouble()) {
                number = value.toDouble();
                ok = true;
            } else if (value.isString()) {
                number = value.toString().toDouble(&ok);
            }
            if (!ok)
                return invalid(path, u"TYPE_FLOAT"_s, value);
            out = number;
            return true;
        }
        case Kind::Bool:
            if (!value.isBool())
                return invalid(path, u"TYPE_BOOL"_s, value);
            out = value;
            return true;
        case Kind::Bytes: {
            if (!value.isString())
                return invalid(path, u"TYPE_BYTES"_s, value);
            const QByteArray text = value.toString().toLatin1();
            const auto standard = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
            const auto urlSafe = standard ? standard
                                          : QByteArray::fromBase64Encoding(text,
                                              QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
            if (!urlSafe) {
                QString shown = value.toString();
                if (shown.size() > 80)
                    shown = shown.left(80) + u"..."_s;
                return invalid(path, u"TYPE_BYTES"_s, value, u"Base64 decoding failed for \"%1\""_s.arg(shown));
            }
            out = value;
            return true;
        }
        case Kind::Enum: {
            const QString typeName = u"type.googleapis.com/"_s + protoPackage + field.type;
            if (value.isDouble() && value.toDouble() == std::floor(value.toDouble())) {
                out = value;
                return true;
            }
            if (!value.isString())
                return invalid(path, typeName, value);
            const QStringList known = enums().value(field.type);
            QString name = value.toString();
            if (field.type == u"Type"_s)
                name = name.toUpper(); // Schema.type: lower-case JSON-Schema spellings are accepted
            if (!known.isEmpty() && !known.contains(name))
                return invalid(path, typeName, value);
            out = name;
            return true;
        }
        case Kind::Message: {
            if (!value.isObject())
                return invalid(path, u"type.googleapis.com/"_s + protoPackage + field.type, value);
            QJsonObject converted;
            if (!walkMessage(value.toObject(), field.type, path, converted))
                return false;
            out = converted;
            return true;
        }
        case Kind::MessageMap: {
            if (!value.isObject())
                return invalid(path, u"type.googleapis.com/"_s + protoPackage + field.type, value);
            const QJsonObject map = value.toObject();
            QJsonObject converted;
            const Field element {field.snake, Kind::Message, false, field.type};
            for (auto it = map.begin(); it != map.end(); ++it) {
                QJsonValue item;
                if (!walkValue(it.value(), element, path + u'[' + it.key() + u']', item))
                    return false;
                converted.insert(it.key(), item);
            }
            out = converted;
            return true;
        }
        case Kind::Struct:
            if (!value.isObject())
                return invalid(path, u"type.googleapis.com/google.protobuf.Struct"_s, value);
            out = value;
            return true;
        case Kind::Value:
            out = value;
            return true;
        }
        return false;
    }
};

QString messageName(RequestValidator::Message message)
{
    switch (message) {
    case RequestValidator::Message::GenerateContentRequest:
        return u"GenerateContentRequest"_s;
    case RequestValidator::Message::CountTokensRequest:
        return u"CountTokensRequest"_s;
    case RequestValidator::Message::EmbedContentRequest:
        return u"EmbedContentRequest"_s;
    case RequestValidator::Message::BatchEmbedContentsRequest:
        return u"BatchEmbedContentsRequest"_s;
    case RequestValidator::Message::CreateFileRequest:
        return u"CreateFileRequest"_s;
    }
    return {};
}

QJsonObject plainError(const QString &message)
{
    return GoogleError::make(400, message);
}

QJsonObject checkEmbedContent(const QJsonObject &request, const QString &context)
{
    const QJsonArray parts = request.value(u"content"_s).toObject().value(u"parts"_s).toArray();
    if (!request.contains(u"content"_s))
        return plainError(u"* %1.content: content is not specified\n"_s.arg(context));
    if (parts.isEmpty())
        return plainError(u"* %1.content.parts: contents.parts must not be empty.\n"_s.arg(context));
    if (request.contains(u"outputDimensionality"_s)) {
        const int dimensions = request.value(u"outputDimensionality"_s).toInt();
        if (dimensions < 1 || dimensions > 3072) {
            return plainError(u"* %1.output_dimensionality: output_dimensionality must be in the range [1, 3072], "
                              "got %2.\n"_s.arg(context)
                                  .arg(dimensions));
        }
    }
    return {};
}

} // namespace

QString RequestValidator::snakeToCamel(const QString &snake)
{
    QString camel;
    camel.reserve(snake.size());
    bool upper = false;
    for (const QChar c : snake) {
        if (c == u'_') {
            upper = true;
            continue;
        }
        camel.append(upper ? c.toUpper() : c);
        upper = false;
    }
    return camel;
}

RequestValidator::Result RequestValidator::validate(const QByteArray &body, Message message)
{
    Result result;
    QJsonObject object;
    if (!body.trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            result.error = GoogleError::badRequest(u"Invalid JSON payload received. Unexpected token."_s);
            return result;
        }
        object = document.object();
    }
    Walker walker;
    if (!walker.walkMessage(object, messageName(message), {}, result.normalized)) {
        result.error = walker.error;
        return result;
    }

    const QJsonObject &request = result.normalized;
    QJsonObject error;
    switch (message) {
    case Message::GenerateContentRequest:
        error = checkGenerateContent(request, u"GenerateContentRequest"_s);
        break;
    case Message::CountTokensRequest: {
        const bool hasContents = request.contains(u"contents"_s);
        const bool hasRequest = request.contains(u"generateContentRequest"_s);
        if (hasContents && hasRequest) {
            error = plainError(u"* CountTokensRequest: contents and generate_content_request are mutually exclusive; "
                               "set only one of them.\n"_s);
        } else if (!hasContents && !hasRequest) {
            error = plainError(u"* CountTokensRequest.contents: contents is not specified\n"_s);
        } else if (hasContents) {
            error = checkContents(request.value(u"contents"_s).toArray(), u"CountTokensRequest"_s);
        } else {
            const QJsonObject inner = request.value(u"generateContentRequest"_s).toObject();
            if (inner.value(u"model"_s).toString().isEmpty())
                error = plainError(u"* CountTokensRequest.generate_content_request.model: model is required.\n"_s);
            else
                error = checkGenerateContent(inner, u"CountTokensRequest.generate_content_request"_s);
        }
        break;
    }
    case Message::EmbedContentRequest:
        error = checkEmbedContent(request, u"EmbedContentRequest"_s);
        break;
    case Message::BatchEmbedContentsRequest: {
        const QJsonArray requests = request.value(u"requests"_s).toArray();
        if (requests.isEmpty())
            error = plainError(u"* BatchEmbedContentsRequest.requests: requests is not specified\n"_s);
        for (qsizetype i = 0; i < requests.size() && error.isEmpty(); ++i)
            error = checkEmbedContent(requests.at(i).toObject(), u"BatchEmbedContentsRequest.requests[%1]"_s.arg(i));
        break;
    }
    case Message::CreateFileRequest:
        break; // name and display name rules are checked by FakeFileService
    }
    if (!error.isEmpty()) {
        result.error = error;
        return result;
    }
    result.ok = true;
    return result;
}

QJsonObject RequestValidator::checkContents(const QJsonArray &contents, const QString &context)
{
    if (contents.isEmpty())
        return plainError(u"* %1.contents: contents is not specified\n"_s.arg(context));
    for (qsizetype i = 0; i < contents.size(); ++i) {
        const QJsonObject content = contents.at(i).toObject();
        const QString role = content.value(u"role"_s).toString();
        if (!role.isEmpty() && role != u"user"_s && role != u"model"_s && role != u"function"_s)
            return plainError(u"Please use a valid role: user, model."_s);
        if (content.value(u"parts"_s).toArray().isEmpty())
            return plainError(u"* %1.contents[%2].parts: contents.parts must not be empty.\n"_s.arg(context).arg(i));
    }
    return {};
}

QJsonObject RequestValidator::checkGenerateContent(const QJsonObject &request, const QString &context)
{
    QJsonObject error = checkContents(request.value(u"contents"_s).toArray(), context);
    if (!error.isEmpty())
        return error;
    const QJsonObject config = request.value(u"generationConfig"_s).toObject();
    const QString prefix = u"* "_s + context + u".generation_config."_s;
    const qsizetype stops = config.value(u"stopSequences"_s).toArray().size();
    if (stops > 5) {
        return plainError(prefix + u"stop_sequences: at most 5 stop sequences are supported, got %1.\n"_s.arg(stops));
    }
    if (config.contains(u"temperature"_s)) {
        const double temperature = config.value(u"temperature"_s).toDouble();
        if (temperature < 0 || temperature > 2)
            return plainError(prefix + u"temperature: temperature must be in the range [0.0, 2.0].\n"_s);
    }
    if (config.contains(u"topP"_s)) {
        const double topP = config.value(u"topP"_s).toDouble();
        if (topP < 0 || topP > 1)
            return plainError(prefix + u"top_p: top_p must be in the range [0.0, 1.0].\n"_s);
    }
    if (config.contains(u"topK"_s) && config.value(u"topK"_s).toInt() < 0)
        return plainError(prefix + u"top_k: top_k must not be negative.\n"_s);
    if (config.contains(u"candidateCount"_s)) {
        const int count = config.value(u"candidateCount"_s).toInt();
        if (count < 1 || count > 8)
            return plainError(prefix + u"candidate_count: candidate_count must be in the range [1, 8].\n"_s);
    }
    if (config.contains(u"maxOutputTokens"_s) && config.value(u"maxOutputTokens"_s).toInt() < 0)
        return plainError(prefix + u"max_output_tokens: max_output_tokens must be positive.\n"_s);
    return {};
}
