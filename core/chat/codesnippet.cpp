#include "codesnippet.h"

#include "api/modelinfo.h"
#include "net/clientconfig.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

enum class Style {
    Python,
    JavaScript
};

constexpr int LineWidth = 100;

// A piece of generated code: an expression, or a list / map / call of pieces. The printer puts a
// piece on one line when it fits and breaks it one member per line otherwise, like black/prettier.
struct Node
{
    enum class Kind {
        Atom,
        List,
        Map,
        Call
    };
    struct Member;

    Kind kind = Kind::Atom;
    QString text; // Atom: the code; Call: the callee
    std::vector<Member> members;

    static Node atom(const QString &code)
    {
        Node n;
        n.text = code;
        return n;
    }
    static Node list()
    {
        Node n;
        n.kind = Kind::List;
        return n;
    }
    static Node map()
    {
        Node n;
        n.kind = Kind::Map;
        return n;
    }
    static Node call(const QString &callee)
    {
        Node n;
        n.kind = Kind::Call;
        n.text = callee;
        return n;
    }
    Node &add(const QString &key, Node value);
    Node &append(Node value) { return add(QString(), std::move(value)); }
    bool isEmpty() const { return members.empty(); }
};

struct Node::Member
{
    QString key;
    Node value;
};

Node &Node::add(const QString &key, Node value)
{
    members.push_back(Member {key, std::move(value)});
    return *this;
}

// Characters that must not appear raw in generated code: they are invisible, reorder what the
// reader sees (bidi controls, the "Trojan Source" trick) or end a line for some tools. The
// joiners stay: whole scripts and emoji need them and they are harmless.
bool needsEscape(QChar c)
{
    switch (c.category()) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return c.unicode() != 0x200c && c.unicode() != 0x200d;
    default:
        return false;
    }
}

QString hexEscape(char16_t u)
{
    if (u < 0x100)
        return u"\\x%1"_s.arg(uint(u), 2, 16, QChar(u'0'));
    return u"\\u%1"_s.arg(uint(u), 4, 16, QChar(u'0'));
}

// A double-quoted string literal, valid in both Python 3 and JavaScript for any input.
QString stringLiteral(const QString &s)
{
    QString out;
    out.reserve(s.size() + 2);
    out += u'"';
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        switch (c.unicode()) {
        case u'\\':
            out += "\\\\"_L1;
            continue;
        case u'"':
            out += "\\\""_L1;
            continue;
        case u'\n':
            out += "\\n"_L1;
            continue;
        case u'\r':
            out += "\\r"_L1;
            continue;
        case u'\t':
            out += "\\t"_L1;
            continue;
        default:
            break;
        }
        if (c.isHighSurrogate() && i + 1 < s.size() && s.at(i + 1).isLowSurrogate()) {
            out += c;
            out += s.at(++i);
        } else if (c.isSurrogate() || needsEscape(c)) {
            out += hexEscape(c.unicode());
        } else {
            out += c;
        }
    }
    out += u'"';
    return out;
}

bool isIdentifier(const QString &key)
{
    if (key.isEmpty() || key.at(0).isDigit())
        return false;
    for (const QChar c : key) {
        if (!(c.isLetterOrNumber() && c.unicode() < 0x80) && c != u'_' && c != u'$')
            return false;
    }
    return true;
}

// Integral values print as integers (42, not 42.0), others in the shortest form that reads back
// as the same double. A float-typed setting gets "1.0" in Python so that it reads as a float.
QString numberLiteral(double d, Style style, bool floatTyped = false)
{
    if (!std::isfinite(d))
        return style == Style::Python ? u"None"_s : u"null"_s;
    if (d == std::trunc(d) && std::abs(d) < 1e15) {
        const QString integer = QString::number(qint64(d));
        return floatTyped && style == Style::Python ? integer + ".0"_L1 : integer;
    }
    return QString::number(d, 'g', QLocale::FloatingPointShortest);
}

QString boolLiteral(bool b, Style style)
{
    if (style == Style::Python)
        return b ? u"True"_s : u"False"_s;
    return b ? u"true"_s : u"false"_s;
}

QString camelToSnake(const QString &key)
{
    QString out;
    out.reserve(key.size() + 4);
    for (const QChar c : key) {
        if (c.isUpper() && c.unicode() < 0x80) {
            if (!out.isEmpty())
                out += u'_';
            out += c.toLower();
        } else {
            out += c;
        }
    }
    return out;
}

// Free-form JSON as a literal. snakeKeys renames keys (Python, for typed SDK structures such as
// speech_config); schemas, function arguments and responses keep their keys verbatim.
Node jsonNode(const QJsonValue &value, Style style, bool snakeKeys = false)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return Node::atom(boolLiteral(value.toBool(), style));
    case QJsonValue::Double:
        return Node::atom(numberLiteral(value.toDouble(), style));
    case QJsonValue::String:
        return Node::atom(stringLiteral(value.toString()));
    case QJsonValue::Array: {
        Node n = Node::list();
        for (const QJsonValue &v : value.toArray())
            n.append(jsonNode(v, style, snakeKeys));
        return n;
    }
    case QJsonValue::Object: {
        Node n = Node::map();
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            n.add(snakeKeys && style == Style::Python ? camelToSnake(it.key()) : it.key(),
                jsonNode(it.value(), style, snakeKeys));
        return n;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return Node::atom(style == Style::Python ? u"None"_s : u"null"_s);
}

class Printer
{
public:
    explicit Printer(Style style)
        : m_style(style)
        , m_step(style == Style::Python ? 4 : 2)
    { }

    // column: where the piece starts on its first line; indent: the indentation of that line.
    QString print(const Node &node, int indent, int column) const
    {
        QString flat;
        // +1: the comma or parenthesis that usually follows.
        if (printFlat(node, flat, LineWidth - column - 1))
            return flat;
        if (node.kind == Node::Kind::Atom)
            return node.text; // too long for any line (inline data); it stays whole
        const QString inner(indent + m_step, u' ');
        QString out;
        switch (node.kind) {
        case Node::Kind::List:
            out += "[\n"_L1;
            break;
        case Node::Kind::Map:
            out += "{\n"_L1;
            break;
        case Node::Kind::Call:
            out += node.text + "(\n"_L1;
            break;
        case Node::Kind::Atom:
            break;
        }
        for (const Node::Member &m : node.members) {
            const QString prefix = memberPrefix(node.kind, m.key);
            out += inner + prefix + print(m.value, indent + m_step, indent + m_step + int(prefix.size())) + ",\n"_L1;
        }
        out += QString(indent, u' ');
        out += node.kind == Node::Kind::List ? u']' : node.kind == Node::Kind::Map ? u'}' : u')';
        return out;
    }

private:
    QString memberPrefix(Node::Kind kind, const QString &key) const
    {
        if (key.isEmpty())
            return {};
        if (kind == Node::Kind::Call)
            return key + u'=';
        if (m_style == Style::JavaScript && isIdentifier(key))
            return key + ": "_L1;
        return stringLiteral(key) + ": "_L1;
    }

    // Appends the one-line form; false as soon as it exceeds budget characters.
    bool printFlat(const Node &node, QString &out, qsizetype budget) const
    {
        const qsizetype start = out.size();
        auto within = [&] { return out.size() - start <= budget; };
        if (node.kind == Node::Kind::Atom) {
            if (node.text.size() > budget)
                return false;
            out += node.text;
            return true;
        }
        const bool spaced = node.kind == Node::Kind::Map && m_style == Style::JavaScript && !node.isEmpty();
        out += node.kind == Node::Kind::List ? u"["_s
            : node.kind == Node::Kind::Map   ? (spaced ? u"{ "_s : u"{"_s)
                                             : node.text + u'(';
        bool first = true;
        for (const Node::Member &m : node.members) {
            if (!first)
                out += ", "_L1;
            first = false;
            out += memberPrefix(node.kind, m.key);
            if (!within() || !printFlat(m.value, out, budget - (out.size() - start)))
                return false;
        }
        out += node.kind == Node::Kind::List ? u"]"_s
            : node.kind == Node::Kind::Map   ? (spaced ? u" }"_s : u"}"_s)
                                             : u")"_s;
        return within();
    }

    Style m_style;
    int m_step;
};

// Builds the SDK snippets' pieces; remembers whether base64 decoding is needed (Python).
class SdkWriter
{
public:
    explicit SdkWriter(Style style)
        : m_style(style)
    { }

    bool usesBase64() const { return m_usesBase64; }

    QString name(const QString &camel) const { return m_style == Style::Python ? camelToSnake(camel) : camel; }

    Node string(const QString &s) const { return Node::atom(stringLiteral(s)); }

    // Python fields of type bytes take the decoded bytes; the SDK encodes them again.
    Node bytes(const QString &base64)
    {
        if (m_style == Style::JavaScript)
            return string(base64);
        m_usesBase64 = true;
        // Signatures are opaque base64 from the server; normalize urlsafe or unpadded forms.
        const auto decoded = QByteArray::fromBase64Encoding(
            base64.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        const auto standard
            = QByteArray::fromBase64Encoding(base64.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        QString text = base64;
        if (standard.decodingStatus == QByteArray::Base64DecodingStatus::Ok)
            text = QString::fromLatin1(standard.decoded.toBase64());
        else if (decoded.decodingStatus == QByteArray::Base64DecodingStatus::Ok)
            text = QString::fromLatin1(decoded.decoded.toBase64());
        return Node::atom("base64.b64decode("_L1 + stringLiteral(text) + u')');
    }

    Node rawBytes(const QByteArray &data)
    {
        if (m_style == Style::JavaScript)
            return string(QString::fromLatin1(data.toBase64()));
        m_usesBase64 = true;
        return Node::atom("base64.b64decode("_L1 + stringLiteral(QString::fromLatin1(data.toBase64())) + u')');
    }

    Node part(const Part &p)
    {
        Node n = Node::map();
        switch (p.kind) {
        case Part::Kind::Text:
            n.add(u"text"_s, string(p.text));
            if (p.thought)
                n.add(u"thought"_s, Node::atom(boolLiteral(true, m_style)));
            break;
        case Part::Kind::InlineData: {
            Node d = Node::map();
            d.add(name("mimeType"_L1), string(p.mimeType));
            d.add(u"data"_s, rawBytes(p.data));
            n.add(name("inlineData"_L1), std::move(d));
            break;
        }
        case Part::Kind::FileData: {
            Node d = Node::map();
            d.add(name("fileUri"_L1), string(p.fileUri));
            if (!p.mimeType.isEmpty())
                d.add(name("mimeType"_L1), string(p.mimeType));
            n.add(name("fileData"_L1), std::move(d));
            break;
        }
        case Part::Kind::FunctionCall:
        case Part::Kind::FunctionResponse: {
            const bool isCall = p.kind == Part::Kind::FunctionCall;
            Node f = Node::map();
            if (!p.functionId.isEmpty())
                f.add(u"id"_s, string(p.functionId));
            f.add(u"name"_s, string(p.functionName));
            f.add(isCall ? u"args"_s : u"response"_s, jsonNode(p.functionPayload, m_style));
            n.add(name(isCall ? "functionCall"_L1 : "functionResponse"_L1), std::move(f));
            break;
        }
        case Part::Kind::ExecutableCode: {
            Node c = Node::map();
            if (!p.language.isEmpty())
                c.add(u"language"_s, string(p.language));
            c.add(u"code"_s, string(p.code));
            n.add(name("executableCode"_L1), std::move(c));
            break;
        }
        case Part::Kind::CodeExecutionResult: {
            Node r = Node::map();
            if (!p.outcome.isEmpty())
                r.add(u"outcome"_s, string(p.outcome));
            if (!p.output.isEmpty())
                r.add(u"output"_s, string(p.output));
            n.add(name("codeExecutionResult"_L1), std::move(r));
            break;
        }
        case Part::Kind::Other:
            for (auto it = p.other.constBegin(); it != p.other.constEnd(); ++it)
                n.add(name(it.key()), jsonNode(it.value(), m_style, true));
            break;
        }
        if (!p.thoughtSignature.isEmpty())
            n.add(name("thoughtSignature"_L1), bytes(p.thoughtSignature));
        if (p.videoMetadata)
            n.add(name("videoMetadata"_L1), jsonNode(*p.videoMetadata, m_style, true));
        return n;
    }

    Node content(const Content &c)
    {
        Node n = Node::map();
        if (!c.role.isEmpty())
            n.add(u"role"_s, string(c.role));
        Node parts = Node::list();
        for (const Part &p : c.parts)
            parts.append(part(p));
        n.add(u"parts"_s, std::move(parts));
        return n;
    }

    Node contents(const QList<Content> &turns)
    {
        Node n = Node::list();
        for (const Content &c : turns)
            n.append(content(c));
        return n;
    }

    Node object(const QString &pythonType) const
    {
        return m_style == Style::Python ? Node::call(u"types."_s + pythonType) : Node::map();
    }

    Node config(const GenerateContentRequest &request)
    {
        const GenerationConfig &g = request.generationConfig;
        Node n = object(u"GenerateContentConfig"_s);
        auto add = [&](QLatin1StringView camel, Node value) { n.add(name(camel), std::move(value)); };
        auto addInt = [&](QLatin1StringView camel, const std::optional<int> &v) {
            if (v)
                add(camel, Node::atom(QString::number(*v)));
        };
        auto addDouble = [&](QLatin1StringView camel, const std::optional<double> &v) {
            if (v)
                add(camel, Node::atom(numberLiteral(*v, m_style, true)));
        };
        auto addBool = [&](QLatin1StringView camel, const std::optional<bool> &v) {
            if (v)
                add(camel, Node::atom(boolLiteral(*v, m_style)));
        };
        auto addString = [&](QLatin1StringView camel, const QString &v) {
            if (!v.isEmpty())
                add(camel, string(v));
        };
        auto addStrings = [&](QLatin1StringView camel, const QStringList &v) {
            if (v.isEmpty())
                return;
            Node l = Node::list();
            for (const QString &s : v)
                l.append(string(s));
            add(camel, std::move(l));
        };
        auto addJson = [&](QLatin1StringView camel, const std::optional<QJsonObject> &v, bool typed) {
            if (v)
                add(camel, jsonNode(*v, m_style, typed));
        };

        if (request.systemInstruction && !request.systemInstruction->isEmpty()) {
            Content system = *request.systemInstruction;
            system.role.clear(); // as GenerateContentRequest::toJson sends it
            add("systemInstruction"_L1, content(system));
        }
        addDouble("temperature"_L1, g.temperature);
        addDouble("topP"_L1, g.topP);
        addInt("topK"_L1, g.topK);
        addInt("candidateCount"_L1, g.candidateCount);
        addInt("maxOutputTokens"_L1, g.maxOutputTokens);
        addStrings("stopSequences"_L1, g.stopSequences);
        addDouble("presencePenalty"_L1, g.presencePenalty);
        addDouble("frequencyPenalty"_L1, g.frequencyPenalty);
        addInt("seed"_L1, g.seed);
        addString("responseMimeType"_L1, g.responseMimeType);
        addJson("responseSchema"_L1, g.responseSchema, false);
        addJson("responseJsonSchema"_L1, g.responseJsonSchema, false);
        addBool("responseLogprobs"_L1, g.responseLogprobs);
        addInt("logprobs"_L1, g.logprobs);
        addStrings("responseModalities"_L1, g.responseModalities);
        addString("mediaResolution"_L1, g.mediaResolution);
        if (g.thinkingConfig) {
            const ThinkingConfig &t = *g.thinkingConfig;
            Node tc = object(u"ThinkingConfig"_s);
            if (t.includeThoughts)
                tc.add(name("includeThoughts"_L1), Node::atom(boolLiteral(*t.includeThoughts, m_style)));
            if (t.thinkingBudget)
                tc.add(name("thinkingBudget"_L1), Node::atom(QString::number(*t.thinkingBudget)));
            if (!t.thinkingLevel.isEmpty())
                tc.add(name("thinkingLevel"_L1), string(t.thinkingLevel));
            add("thinkingConfig"_L1, std::move(tc));
        }
        addJson("speechConfig"_L1, g.speechConfig, true);
        addJson("imageConfig"_L1, g.imageConfig, true);

        if (!request.safetySettings.isEmpty()) {
            Node l = Node::list();
            for (const SafetySetting &s : request.safetySettings) {
                Node setting = object(u"SafetySetting"_s);
                setting.add(u"category"_s, string(s.category));
                setting.add(u"threshold"_s, string(s.threshold));
                l.append(std::move(setting));
            }
            add("safetySettings"_L1, std::move(l));
        }
        if (Node t = tools(request.tools); !t.isEmpty())
            add("tools"_L1, std::move(t));
        addJson("toolConfig"_L1, request.toolConfig, true);
        addString("cachedContent"_L1, request.cachedContent);

        // Neither SDK has this setting for generateContent: the request body gets it directly.
        if (g.enableEnhancedCivicAnswers) {
            Node generation = Node::map();
            generation.add(
                u"enableEnhancedCivicAnswers"_s, Node::atom(boolLiteral(*g.enableEnhancedCivicAnswers, m_style)));
            Node body = Node::map();
            body.add(u"generationConfig"_s, std::move(generation));
            Node options = object(u"HttpOptions"_s);
            options.add(name("extraBody"_L1), std::move(body));
            add("httpOptions"_L1, std::move(options));
        }
        return n;
    }

    Node tools(const Tools &t)
    {
        Node l = Node::list();
        auto tool = [&](QLatin1StringView camel, Node value) {
            Node n = object(u"Tool"_s);
            n.add(name(camel), std::move(value));
            l.append(std::move(n));
        };
        auto empty = [&](const QString &pythonType) {
            return m_style == Style::Python ? Node::atom(u"types."_s + pythonType + u"()"_s) : Node::map();
        };
        if (!t.functionDeclarations.isEmpty()) {
            Node declarations = Node::list();
            for (const QJsonValue &v : t.functionDeclarations) {
                if (!v.isObject()) {
                    declarations.append(jsonNode(v, m_style));
                    continue;
                }
                // The declaration's own fields are SDK names; its schemas stay verbatim.
                Node d = Node::map();
                const QJsonObject o = v.toObject();
                for (auto it = o.constBegin(); it != o.constEnd(); ++it)
                    d.add(m_style == Style::Python ? camelToSnake(it.key()) : it.key(), jsonNode(it.value(), m_style));
                declarations.append(std::move(d));
            }
            tool("functionDeclarations"_L1, std::move(declarations));
        }
        if (t.googleSearch)
            tool("googleSearch"_L1, empty(u"GoogleSearch"_s));
        if (t.codeExecution)
            tool("codeExecution"_L1, empty(u"ToolCodeExecution"_s));
        if (t.urlContext)
            tool("urlContext"_L1, empty(u"UrlContext"_s));
        return l;
    }

private:
    Style m_style;
    bool m_usesBase64 = false;
};

QString baseUrlText(const QUrl &url)
{
    QString text = url.toString(QUrl::FullyEncoded);
    while (text.endsWith(u'/'))
        text.chop(1);
    return text;
}

bool isDefaultBase(const QUrl &url)
{
    return baseUrlText(url) == baseUrlText(CodeSnippet::Endpoint().baseUrl);
}

// The SDKs take the model id; they add "models/" themselves.
QString sdkModel(const QString &model)
{
    const QString resource = modelResourceName(model);
    return resource.startsWith("models/"_L1) ? resource.mid(7) : resource;
}

// Characters that mean nothing to bash inside double quotes.
bool isShellSafe(const QString &text)
{
    for (const QChar c : text) {
        if (!(c.unicode() < 0x80 && (c.isLetterOrNumber() || QStringView(u"-._~:/?#[]@%+,;=&*()").contains(c))))
            return false;
    }
    return true;
}

QString shellQuote(const QString &text)
{
    if (isShellSafe(text))
        return u'"' + text + u'"';
    QString quoted = text;
    quoted.replace(u'\'', "'\\''"_L1);
    return u'\'' + quoted + u'\'';
}

// Pretty JSON in which invisible and bidi characters are \u escapes (they only occur in strings,
// where the escape means the same character): what the reader sees is what is sent.
QString visibleJson(const QJsonObject &json)
{
    const QString raw = QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
    QString out;
    out.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        if (c.isHighSurrogate() && i + 1 < raw.size() && raw.at(i + 1).isLowSurrogate()) {
            out += c;
            out += raw.at(++i);
        } else if (c != u'\n' && (c.isSurrogate() || needsEscape(c))) {
            out += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
        } else {
            out += c;
        }
    }
    return out;
}

QString curlSnippet(const QString &model, const GenerateContentRequest &request, const CodeSnippet::Endpoint &endpoint)
{
    ClientConfig config;
    config.baseUrl = endpoint.baseUrl;
    config.apiVersion = endpoint.apiVersion;
    const QUrl url = config.endpoint(modelResourceName(model) + ":generateContent"_L1);

    QString json = visibleJson(request.toJson());
    if (json.endsWith(u'\n'))
        json.chop(1);
    // Pretty JSON lines start with a brace or spaces, so EOF never ends the document early; the
    // check keeps that true whatever the JSON writer does.
    const QStringList lines = json.split(u'\n');
    QString delimiter = u"EOF"_s;
    for (int n = 1; lines.contains(delimiter); ++n)
        delimiter = u"EOF_%1"_s.arg(n);

    QString out;
    out += "curl "_L1 + shellQuote(url.toString(QUrl::FullyEncoded)) + " \\\n"_L1;
    out += "  -H \"x-goog-api-key: $GEMINI_API_KEY\" \\\n"_L1;
    out += "  -H \"Content-Type: application/json\" \\\n"_L1;
    out += "  -X POST \\\n"_L1;
    out += "  --data-binary @- <<'"_L1 + delimiter + "'\n"_L1;
    out += json + u'\n';
    out += delimiter + u'\n';
    return out;
}

QString pythonSnippet(
    const QString &model, const GenerateContentRequest &request, const CodeSnippet::Endpoint &endpoint)
{
    SdkWriter w(Style::Python);
    const Printer printer(Style::Python);

    Node client = Node::call(u"genai.Client"_s);
    client.add(u"api_key"_s, Node::atom(u"os.environ[\"GEMINI_API_KEY\"]"_s));
    const bool customBase = !isDefaultBase(endpoint.baseUrl);
    const bool customVersion = endpoint.apiVersion != CodeSnippet::Endpoint().apiVersion;
    if (customBase || customVersion) {
        Node options = Node::call(u"types.HttpOptions"_s);
        if (customBase)
            options.add(u"base_url"_s, w.string(baseUrlText(endpoint.baseUrl)));
        if (customVersion)
            options.add(u"api_version"_s, w.string(endpoint.apiVersion));
        client.add(u"http_options"_s, std::move(options));
    }

    Node call = Node::call(u"client.models.generate_content"_s);
    call.add(u"model"_s, w.string(sdkModel(model)));
    call.add(u"contents"_s, w.contents(request.contents));
    if (Node config = w.config(request); !config.isEmpty())
        call.add(u"config"_s, std::move(config));

    QString out = u"# pip install google-genai\n"_s;
    if (w.usesBase64())
        out += "import base64\n"_L1;
    out += "import os\n\nfrom google import genai\nfrom google.genai import types\n\n"_L1;
    out += "client = "_L1 + printer.print(client, 0, 9) + "\n\n"_L1;
    out += "response = "_L1 + printer.print(call, 0, 11) + "\n\n"_L1;
    out += "print(response.text)\n"_L1;
    return out;
}

QString javaScriptSnippet(
    const QString &model, const GenerateContentRequest &request, const CodeSnippet::Endpoint &endpoint)
{
    SdkWriter w(Style::JavaScript);
    const Printer printer(Style::JavaScript);

    Node options = Node::map();
    options.add(u"apiKey"_s, Node::atom(u"process.env.GEMINI_API_KEY"_s));
    const bool customBase = !isDefaultBase(endpoint.baseUrl);
    const bool customVersion = endpoint.apiVersion != CodeSnippet::Endpoint().apiVersion;
    if (customBase || customVersion) {
        Node http = Node::map();
        if (customBase)
            http.add(u"baseUrl"_s, w.string(baseUrlText(endpoint.baseUrl)));
        if (customVersion)
            http.add(u"apiVersion"_s, w.string(endpoint.apiVersion));
        options.add(u"httpOptions"_s, std::move(http));
    }

    Node params = Node::map();
    params.add(u"model"_s, w.string(sdkModel(model)));
    params.add(u"contents"_s, w.contents(request.contents));
    if (Node config = w.config(request); !config.isEmpty())
        params.add(u"config"_s, std::move(config));

    QString out = u"// npm install @google/genai   (an ES module: save as main.mjs, run with node main.mjs)\n"_s;
    out += "import { GoogleGenAI } from \"@google/genai\";\n\n"_L1;
    out += "const ai = new GoogleGenAI("_L1 + printer.print(options, 0, 27) + ");\n\n"_L1;
    out += "const response = await ai.models.generateContent("_L1 + printer.print(params, 0, 49) + ");\n\n"_L1;
    out += "console.log(response.text);\n"_L1;
    return out;
}

} // namespace

namespace CodeSnippet {

QString generate(
    Language language, const QString &model, const GenerateContentRequest &request, const Endpoint &endpoint)
{
    switch (language) {
    case Language::Curl:
        return curlSnippet(model, request, endpoint);
    case Language::Python:
        return pythonSnippet(model, request, endpoint);
    case Language::JavaScript:
        return javaScriptSnippet(model, request, endpoint);
    }
    return {};
}

QString languageName(Language language)
{
    switch (language) {
    case Language::Curl:
        return u"curl"_s;
    case Language::Python:
        return u"Python"_s;
    case Language::JavaScript:
        return u"JavaScript"_s;
    }
    return {};
}

} // namespace CodeSnippet
