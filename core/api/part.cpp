#include "part.h"

#include "jsonutil.h"

using namespace Qt::StringLiterals;

Part Part::fromText(const QString &text)
{
    Part p;
    p.text = text;
    return p;
}

Part Part::fromInlineData(const QString &mimeType, const QByteArray &bytes)
{
    Part p;
    p.kind = Kind::InlineData;
    p.mimeType = mimeType;
    p.data = bytes;
    return p;
}

Part Part::fromFileData(const QString &mimeType, const QString &fileUri)
{
    Part p;
    p.kind = Kind::FileData;
    p.mimeType = mimeType;
    p.fileUri = fileUri;
    return p;
}

Part Part::fromFunctionResponse(const QString &name, const QJsonObject &response, const QString &id)
{
    Part p;
    p.kind = Kind::FunctionResponse;
    p.functionName = name;
    p.functionPayload = response;
    p.functionId = id;
    return p;
}

QJsonObject Part::toJson() const
{
    QJsonObject o;
    switch (kind) {
    case Kind::Text:
        o.insert("text"_L1, text); // "" is meaningful (a thoughtSignature carrier)
        if (thought)
            o.insert("thought"_L1, true);
        break;
    case Kind::InlineData: {
        QJsonObject d;
        d.insert("mimeType"_L1, mimeType);
        d.insert("data"_L1, QString::fromLatin1(data.toBase64()));
        o.insert("inlineData"_L1, d);
        break;
    }
    case Kind::FileData: {
        QJsonObject d;
        JsonUtil::putString(d, "mimeType"_L1, mimeType);
        d.insert("fileUri"_L1, fileUri);
        o.insert("fileData"_L1, d);
        break;
    }
    case Kind::FunctionCall:
    case Kind::FunctionResponse: {
        QJsonObject f;
        JsonUtil::putString(f, "id"_L1, functionId);
        f.insert("name"_L1, functionName);
        f.insert(kind == Kind::FunctionCall ? "args"_L1 : "response"_L1, functionPayload);
        o.insert(kind == Kind::FunctionCall ? "functionCall"_L1 : "functionResponse"_L1, f);
        break;
    }
    case Kind::ExecutableCode: {
        QJsonObject c;
        JsonUtil::putString(c, "language"_L1, language);
        c.insert("code"_L1, code);
        o.insert("executableCode"_L1, c);
        break;
    }
    case Kind::CodeExecutionResult: {
        QJsonObject r;
        JsonUtil::putString(r, "outcome"_L1, outcome);
        JsonUtil::putString(r, "output"_L1, output);
        o.insert("codeExecutionResult"_L1, r);
        break;
    }
    case Kind::Other:
        for (auto it = other.constBegin(); it != other.constEnd(); ++it)
            o.insert(it.key(), it.value());
        break;
    }
    if (!thoughtSignature.isEmpty())
        o.insert("thoughtSignature"_L1, thoughtSignature);
    if (videoMetadata)
        o.insert("videoMetadata"_L1, *videoMetadata);
    return o;
}

Part Part::fromJson(const QJsonObject &json)
{
    using JsonUtil::field;
    Part p;
    p.thoughtSignature = field(json, "thoughtSignature"_L1, "thought_signature"_L1).toString();
    p.thought = field(json, "thought"_L1, "thought"_L1).toBool();
    const QJsonValue video = field(json, "videoMetadata"_L1, "video_metadata"_L1);
    if (video.isObject())
        p.videoMetadata = video.toObject();

    if (const QJsonValue v = json.value("text"_L1); v.isString()) {
        p.kind = Kind::Text;
        p.text = v.toString();
    } else if (const QJsonValue d = field(json, "inlineData"_L1, "inline_data"_L1); d.isObject()) {
        const QJsonObject o = d.toObject();
        p.kind = Kind::InlineData;
        p.mimeType = field(o, "mimeType"_L1, "mime_type"_L1).toString();
        p.data = QByteArray::fromBase64(field(o, "data"_L1, "data"_L1).toString().toLatin1());
    } else if (const QJsonValue f = field(json, "fileData"_L1, "file_data"_L1); f.isObject()) {
        const QJsonObject o = f.toObject();
        p.kind = Kind::FileData;
        p.mimeType = field(o, "mimeType"_L1, "mime_type"_L1).toString();
        p.fileUri = field(o, "fileUri"_L1, "file_uri"_L1).toString();
    } else if (const QJsonValue c = field(json, "functionCall"_L1, "function_call"_L1); c.isObject()) {
        const QJsonObject o = c.toObject();
        p.kind = Kind::FunctionCall;
        p.functionId = o.value("id"_L1).toString();
        p.functionName = o.value("name"_L1).toString();
        p.functionPayload = o.value("args"_L1).toObject();
    } else if (const QJsonValue r = field(json, "functionResponse"_L1, "function_response"_L1); r.isObject()) {
        const QJsonObject o = r.toObject();
        p.kind = Kind::FunctionResponse;
        p.functionId = o.value("id"_L1).toString();
        p.functionName = o.value("name"_L1).toString();
        p.functionPayload = o.value("response"_L1).toObject();
    } else if (const QJsonValue e = field(json, "executableCode"_L1, "executable_code"_L1); e.isObject()) {
        const QJsonObject o = e.toObject();
        p.kind = Kind::ExecutableCode;
        p.language = o.value("language"_L1).toString();
        p.code = o.value("code"_L1).toString();
    } else if (const QJsonValue x = field(json, "codeExecutionResult"_L1, "code_execution_result"_L1); x.isObject()) {
        const QJsonObject o = x.toObject();
        p.kind = Kind::CodeExecutionResult;
        p.outcome = o.value("outcome"_L1).toString();
        p.output = o.value("output"_L1).toString();
    } else {
        p.kind = Kind::Other;
        p.other = json;
        for (const auto key :
            {"thoughtSignature"_L1, "thought_signature"_L1, "thought"_L1, "videoMetadata"_L1, "video_metadata"_L1})
            p.other.remove(key);
        if (p.other.isEmpty() && !p.thoughtSignature.isEmpty()) {
            // {"thoughtSignature": "..."} alone: keep it as an empty text carrier.
            p.kind = Kind::Text;
        }
    }
    return p;
}
