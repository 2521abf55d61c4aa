#include "schemacheck.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace SchemaCheck {
namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(SchemaCheck)
};

const QStringList &openApiTypes()
{
    static const QStringList types {
        u"STRING"_s, u"NUMBER"_s, u"INTEGER"_s, u"BOOLEAN"_s, u"ARRAY"_s, u"OBJECT"_s, u"NULL"_s};
    return types;
}

const QStringList &jsonSchemaTypes()
{
    static const QStringList types {
        u"string"_s, u"number"_s, u"integer"_s, u"boolean"_s, u"array"_s, u"object"_s, u"null"_s};
    return types;
}

// gemini-api.md §3.1, generationConfig rows responseSchema and responseJsonSchema.
const QStringList &openApiKeywords()
{
    static const QStringList keywords {u"type"_s, u"format"_s, u"title"_s, u"description"_s, u"nullable"_s, u"enum"_s,
        u"items"_s, u"minItems"_s, u"maxItems"_s, u"properties"_s, u"required"_s, u"minProperties"_s,
        u"maxProperties"_s, u"minimum"_s, u"maximum"_s, u"minLength"_s, u"maxLength"_s, u"pattern"_s, u"example"_s,
        u"anyOf"_s, u"propertyOrdering"_s, u"default"_s};
    return keywords;
}

const QStringList &jsonSchemaKeywords()
{
    static const QStringList keywords {u"$id"_s, u"$defs"_s, u"$ref"_s, u"$anchor"_s, u"type"_s, u"format"_s,
        u"title"_s, u"description"_s, u"enum"_s, u"items"_s, u"prefixItems"_s, u"minItems"_s, u"maxItems"_s,
        u"minimum"_s, u"maximum"_s, u"anyOf"_s, u"oneOf"_s, u"properties"_s, u"additionalProperties"_s, u"required"_s,
        u"propertyOrdering"_s};
    return keywords;
}

// Keywords that only JSON Schema has: their presence tells the dialect when no type does.
bool isJsonSchemaOnly(const QString &key)
{
    return key.startsWith(u'$') || key == "prefixItems"_L1 || key == "oneOf"_L1 || key == "additionalProperties"_L1;
}

int editDistance(const QString &a, const QString &b)
{
    if (a.size() > 64 || b.size() > 64)
        return 1000;
    QList<int> previous(b.size() + 1), current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int cost = a.at(i - 1).toLower() == b.at(j - 1).toLower() ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

QString closest(const QString &word, const QStringList &candidates)
{
    QString best;
    int bestDistance = 3; // more than two edits is a different word, not a typo
    for (const QString &c : candidates) {
        const int d = editDistance(word, c);
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

QString quoted(const QString &s)
{
    // Long hostile keys must not make a status line unreadable.
    const QString shown = s.size() > 40 ? s.left(40) + u'…' : s;
    return u"“"_s + shown + u"”"_s;
}

QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

QString indexed(const QString &path, qsizetype i)
{
    return path + u'[' + QString::number(i) + u']';
}

bool isNonNegativeInteger(const QJsonValue &v)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d >= 0 && std::floor(d) == d && d <= 9007199254740992.0;
    }
    // proto3 JSON sends int64 as a decimal string (gemini-api.md §1.6).
    if (v.isString()) {
        const QString s = v.toString();
        bool ok = false;
        const qint64 n = s.toLongLong(&ok);
        return ok && n >= 0;
    }
    return false;
}

qint64 integerOf(const QJsonValue &v)
{
    return v.isString() ? v.toString().toLongLong() : qint64(v.toDouble());
}

// Finds the dialect from the types used, then from dialect-only keywords.
struct DialectScan
{
    int upper = 0;
    int lower = 0;
    bool jsonSchemaKeyword = false;
    int visited = 0;

    void scanValue(const QJsonValue &v, int depth)
    {
        if (v.isObject())
            scan(v.toObject(), depth);
        else if (v.isArray())
            scanArray(v.toArray(), depth);
    }
    void scanArray(const QJsonArray &a, int depth)
    {
        for (const QJsonValue &v : a)
            scanValue(v, depth + 1);
    }
    void scanMap(const QJsonValue &v, int depth)
    {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            scanValue(it.value(), depth + 1);
    }
    void scan(const QJsonObject &o, int depth)
    {
        if (depth > MaxDepth || ++visited > MaxSchemas)
            return;
        for (auto it = o.begin(); it != o.end(); ++it) {
            const QString key = it.key();
            if (isJsonSchemaOnly(key))
                jsonSchemaKeyword = true;
            if (key == "type"_L1) {
                const QJsonValue t = it.value();
                // The case tells, even of a misspelt type.
                const QString name = t.toString();
                if (t.isArray())
                    ++lower;
                else if (name == name.toUpper() && name != name.toLower())
                    ++upper;
                else if (name == name.toLower() && name != name.toUpper())
                    ++lower;
            } else if (key == "properties"_L1 || key == "$defs"_L1) {
                scanMap(it.value(), depth);
            } else if (key == "items"_L1 || key == "additionalProperties"_L1 || key == "anyOf"_L1 || key == "oneOf"_L1
                || key == "prefixItems"_L1) {
                scanValue(it.value(), depth + 1);
            }
        }
    }
};

class Checker
{
public:
    Checker(Dialect dialect, const QJsonObject &root)
        : m_dialect(dialect)
        , m_root(root)
    { }

    QList<Problem> problems;

    void schema(const QJsonValue &value, const QString &path, int depth)
    {
        if (stopped())
            return;
        if (depth > MaxDepth) {
            add(path, Tr::tr("The schema is nested deeper than %1 levels.").arg(MaxDepth));
            m_tooDeep = true;
            return;
        }
        if (++m_visited > MaxSchemas) {
            add(QString(), Tr::tr("The schema has more than %1 sub-schemas.").arg(MaxSchemas));
            m_tooMany = true;
            return;
        }
        if (m_dialect == Dialect::JsonSchema && value.isBool())
            return; // true / false are schemas in JSON Schema
        if (!value.isObject()) {
            add(path, Tr::tr("A schema must be a JSON object ({…})."));
            return;
        }
        const QJsonObject o = value.toObject();
        if (m_dialect == Dialect::OpenApi)
            openApi(o, path, depth);
        else
            jsonSchema(o, path, depth);
    }

private:
    bool stopped() const { return m_tooDeep || m_tooMany || problems.size() >= MaxProblems; }

    void add(const QString &path, const QString &message)
    {
        if (problems.size() < MaxProblems)
            problems.append(Problem {path, message, 0, 0});
    }

    void unknownKeyword(const QString &path, const QString &key)
    {
        const QStringList &own = m_dialect == Dialect::OpenApi ? openApiKeywords() : jsonSchemaKeywords();
        const QStringList &other = m_dialect == Dialect::OpenApi ? jsonSchemaKeywords() : openApiKeywords();
        QString message = Tr::tr("%1 is not a schema keyword").arg(quoted(key));
        if (const QString guess = closest(key, own); !guess.isEmpty()) {
            message += Tr::tr(" (did you mean %1?)").arg(quoted(guess));
        } else if (other.contains(key)) {
            message += m_dialect == Dialect::OpenApi
                ? Tr::tr(" here: it belongs to JSON Schema, which uses lower-case types")
                : Tr::tr(" here: it belongs to the OpenAPI dialect, which uses upper-case types");
        }
        add(join(path, key), message + u'.');
    }

    void type(const QJsonValue &t, const QString &path)
    {
        const bool openApi = m_dialect == Dialect::OpenApi;
        const QStringList &own = openApi ? openApiTypes() : jsonSchemaTypes();
        const QStringList &other = openApi ? jsonSchemaTypes() : openApiTypes();
        auto one = [&](const QJsonValue &v, const QString &p) {
            if (!v.isString()) {
                add(p, Tr::tr("A type must be a string, one of %1.").arg(own.join(u", "_s)));
                return;
            }
            const QString name = v.toString();
            if (own.contains(name))
                return;
            if (other.contains(name)) {
                add(p,
                    openApi ? Tr::tr("%1 is a JSON Schema type, but this schema uses the upper-case OpenAPI types "
                                     "(%2): do not mix the two.")
                                  .arg(quoted(name), name.toUpper())
                            : Tr::tr("%1 is an OpenAPI type, but this schema uses the lower-case JSON Schema types "
                                     "(%2): do not mix the two.")
                                  .arg(quoted(name), name.toLower()));
                return;
            }
            add(p, Tr::tr("%1 is not a type (one of %2).").arg(quoted(name), own.join(u", "_s)));
        };
        if (t.isArray() && !openApi) {
            const QJsonArray a = t.toArray();
            if (a.isEmpty())
                add(path, Tr::tr("A list of types cannot be empty."));
            QSet<QString> seen;
            for (qsizetype i = 0; i < a.size(); ++i) {
                one(a.at(i), indexed(path, i));
                const QString name = a.at(i).toString();
                if (seen.contains(name))
                    add(indexed(path, i), Tr::tr("%1 is listed twice.").arg(quoted(name)));
                seen.insert(name);
            }
            return;
        }
        one(t, path);
    }

    void properties(const QJsonValue &v, const QString &path, int depth)
    {
        if (!v.isObject()) {
            add(path, Tr::tr("“properties” must be an object of property names and their schemas."));
            return;
        }
        const QJsonObject props = v.toObject();
        for (auto it = props.begin(); it != props.end() && !stopped(); ++it)
            schema(it.value(), join(path, it.key()), depth + 1);
    }

    void schemaList(const QJsonValue &v, const QString &path, int depth, const QString &keyword)
    {
        if (!v.isArray() || v.toArray().isEmpty()) {
            add(path, Tr::tr("%1 must be a non-empty list of schemas.").arg(quoted(keyword)));
            return;
        }
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size() && !stopped(); ++i)
            schema(a.at(i), indexed(path, i), depth + 1);
    }

    void required(const QJsonValue &v, const QString &path, const QJsonObject &o)
    {
        if (!v.isArray()) {
            add(path, Tr::tr("“required” must be a list of property names."));
            return;
        }
        const QJsonObject props = o.value("properties"_L1).toObject();
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString())
                add(indexed(path, i), Tr::tr("A required property must be named by a string."));
            else if (!props.contains(a.at(i).toString()))
                add(indexed(path, i),
                    Tr::tr("%1 is required but is not one of the properties.").arg(quoted(a.at(i).toString())));
        }
    }

    void propertyOrdering(const QJsonValue &v, const QString &path, const QJsonObject &o)
    {
        if (!v.isArray()) {
            add(path, Tr::tr("“propertyOrdering” must be a list of property names."));
            return;
        }
        const QJsonObject props = o.value("properties"_L1).toObject();
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString() || !props.contains(a.at(i).toString()))
                add(indexed(path, i),
                    Tr::tr("%1 in “propertyOrdering” is not one of the properties.")
                        .arg(quoted(a.at(i).toVariant().toString())));
        }
    }

    void counts(const QJsonObject &o, const QString &path, const QString &minKey, const QString &maxKey)
    {
        for (const QString &key : {minKey, maxKey}) {
            if (o.contains(key) && !isNonNegativeInteger(o.value(key)))
                add(join(path, key), Tr::tr("%1 must be a whole number, 0 or more.").arg(quoted(key)));
        }
        if (isNonNegativeInteger(o.value(minKey)) && isNonNegativeInteger(o.value(maxKey))
            && integerOf(o.value(minKey)) > integerOf(o.value(maxKey)))
            add(join(path, minKey), Tr::tr("%1 is greater than %2.").arg(quoted(minKey), quoted(maxKey)));
    }

    void bounds(const QJsonObject &o, const QString &path)
    {
        for (const auto key : {"minimum"_L1, "maximum"_L1}) {
            if (o.contains(key) && !o.value(key).isDouble())
                add(join(path, key), Tr::tr("%1 must be a number.").arg(quoted(key)));
        }
        if (o.value("minimum"_L1).isDouble() && o.value("maximum"_L1).isDouble()
            && o.value("minimum"_L1).toDouble() > o.value("maximum"_L1).toDouble())
            add(join(path, u"minimum"_s), Tr::tr("“minimum” is greater than “maximum”."));
    }

    void string(const QJsonObject &o, const QString &path, QLatin1StringView key)
    {
        if (o.contains(key) && !o.value(key).isString())
            add(join(path, key), Tr::tr("%1 must be a string.").arg(quoted(key)));
    }

    void openApi(const QJsonObject &o, const QString &path, int depth)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!openApiKeywords().contains(it.key()))
                unknownKeyword(path, it.key());
        }
        const QString t = o.value("type"_L1).toString();
        if (o.contains("type"_L1))
            type(o.value("type"_L1), join(path, u"type"_s));
        for (const auto key : {"format"_L1, "title"_L1, "description"_L1, "pattern"_L1})
            string(o, path, key);
        if (o.contains("nullable"_L1) && !o.value("nullable"_L1).isBool())
            add(join(path, u"nullable"_s), Tr::tr("“nullable” must be true or false."));
        if (o.contains("enum"_L1)) {
            const QJsonValue e = o.value("enum"_L1);
            const QJsonArray a = e.toArray();
            if (!e.isArray() || a.isEmpty())
                add(join(path, u"enum"_s), Tr::tr("“enum” must be a non-empty list of strings."));
            for (qsizetype i = 0; i < a.size(); ++i) {
                if (!a.at(i).isString()) {
                    add(indexed(join(path, u"enum"_s), i), Tr::tr("An enum value must be a string."));
                    break;
                }
            }
        }
        counts(o, path, u"minItems"_s, u"maxItems"_s);
        counts(o, path, u"minProperties"_s, u"maxProperties"_s);
        counts(o, path, u"minLength"_s, u"maxLength"_s);
        bounds(o, path);
        if (o.contains("properties"_L1))
            properties(o.value("properties"_L1), join(path, u"properties"_s), depth);
        // The server answers "properties: should be non-empty for OBJECT type".
        if (t == "OBJECT"_L1 && o.value("properties"_L1).toObject().isEmpty() && !o.contains("anyOf"_L1))
            add(join(path, u"properties"_s), Tr::tr("An OBJECT needs at least one property."));
        if (o.contains("items"_L1))
            schema(o.value("items"_L1), join(path, u"items"_s), depth + 1);
        else if (t == "ARRAY"_L1)
            add(join(path, u"items"_s), Tr::tr("An ARRAY needs “items”, the schema of its elements."));
        if (o.contains("anyOf"_L1))
            schemaList(o.value("anyOf"_L1), join(path, u"anyOf"_s), depth, u"anyOf"_s);
        if (o.contains("required"_L1))
            required(o.value("required"_L1), join(path, u"required"_s), o);
        if (o.contains("propertyOrdering"_L1))
            propertyOrdering(o.value("propertyOrdering"_L1), join(path, u"propertyOrdering"_s), o);
    }

    void reference(const QJsonValue &v, const QString &path)
    {
        const QString ref = v.toString();
        static const QString prefix = u"#/$defs/"_s;
        if (!v.isString() || !ref.startsWith(prefix) || ref.size() == prefix.size()) {
            add(path, Tr::tr("%1 must point into “$defs”, like “#/$defs/name”.").arg(quoted(v.toVariant().toString())));
            return;
        }
        // JSON Pointer escapes (RFC 6901): ~1 is "/", ~0 is "~".
        QString name = ref.mid(prefix.size());
        if (name.contains(u'/')) {
            add(path, Tr::tr("%1 must name one entry of “$defs”.").arg(quoted(ref)));
            return;
        }
        name.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
        if (!m_root.value("$defs"_L1).toObject().contains(name))
            add(path, Tr::tr("%1 points to nothing: “$defs” has no %2.").arg(quoted(ref), quoted(name)));
    }

    void jsonSchema(const QJsonObject &o, const QString &path, int depth)
    {
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!jsonSchemaKeywords().contains(it.key()))
                unknownKeyword(path, it.key());
        }
        if (o.contains("type"_L1))
            type(o.value("type"_L1), join(path, u"type"_s));
        for (const auto key : {"format"_L1, "title"_L1, "description"_L1, "$id"_L1, "$anchor"_L1})
            string(o, path, key);
        if (o.contains("$ref"_L1))
            reference(o.value("$ref"_L1), join(path, u"$ref"_s));
        if (o.contains("$defs"_L1)) {
            const QJsonValue defs = o.value("$defs"_L1);
            if (!defs.isObject())
                add(join(path, u"$defs"_s), Tr::tr("“$defs” must be an object of names and their schemas."));
            const QJsonObject map = defs.toObject();
            for (auto it = map.begin(); it != map.end() && !stopped(); ++it)
                schema(it.value(), join(join(path, u"$defs"_s), it.key()), depth + 1);
        }
        if (o.contains("enum"_L1)) {
            const QJsonValue e = o.value("enum"_L1);
            if (!e.isArray() || e.toArray().isEmpty())
                add(join(path, u"enum"_s), Tr::tr("“enum” must be a non-empty list of values."));
        }
        counts(o, path, u"minItems"_s, u"maxItems"_s);
        bounds(o, path);
        if (o.contains("properties"_L1))
            properties(o.value("properties"_L1), join(path, u"properties"_s), depth);
        if (o.contains("additionalProperties"_L1))
            schema(o.value("additionalProperties"_L1), join(path, u"additionalProperties"_s), depth + 1);
        if (o.contains("items"_L1))
            schema(o.value("items"_L1), join(path, u"items"_s), depth + 1);
        if (o.contains("prefixItems"_L1))
            schemaList(o.value("prefixItems"_L1), join(path, u"prefixItems"_s), depth, u"prefixItems"_s);
        for (const QString &key : {u"anyOf"_s, u"oneOf"_s}) {
            if (o.contains(key))
                schemaList(o.value(key), join(path, key), depth, key);
        }
        if (o.contains("required"_L1))
            required(o.value("required"_L1), join(path, u"required"_s), o);
        if (o.contains("propertyOrdering"_L1))
            propertyOrdering(o.value("propertyOrdering"_L1), join(path, u"propertyOrdering"_s), o);
    }

    Dialect m_dialect;
    QJsonObject m_root;
    int m_visited = 0;
    bool m_tooDeep = false;
    bool m_tooMany = false;
};

// QJsonParseError::offset counts UTF-8 bytes; the editor counts characters. The parser reports most
// errors just after the character it could not take (measured with Qt 6.4): point at that character.
void position(const QByteArray &utf8, const QJsonParseError &error, int *line, int *column)
{
    qsizetype end = std::clamp<qsizetype>(error.offset, 0, utf8.size());
    const bool atEnd = end == utf8.size()
        && (error.error == QJsonParseError::UnterminatedObject || error.error == QJsonParseError::UnterminatedArray
            || error.error == QJsonParseError::UnterminatedString);
    if (end > 0 && !atEnd && error.error != QJsonParseError::GarbageAtEnd
        && error.error != QJsonParseError::IllegalNumber) {
        --end;
        while (end > 0 && (uchar(utf8.at(end)) & 0xC0) == 0x80) // not inside a UTF-8 sequence
            --end;
    }
    const qsizetype lastNewline = utf8.lastIndexOf('\n', end - 1);
    *line = 1 + int(std::count(utf8.cbegin(), utf8.cbegin() + end, '\n'));
    const qsizetype lineStart = end == 0 ? 0 : lastNewline + 1;
    *column = 1 + int(QString::fromUtf8(utf8.mid(lineStart, end - lineStart)).size());
}
} // namespace

QString Result::summary() const
{
    if (problems.isEmpty())
        return QString();
    const Problem &p = problems.constFirst();
    if (p.line > 0)
        return Tr::tr("Line %1, column %2: %3").arg(p.line).arg(p.column).arg(p.message);
    if (p.path.isEmpty())
        return p.message;
    return Tr::tr("%1: %2").arg(p.path, p.message);
}

Result check(const QJsonObject &schema, Dialect fallback)
{
    Result result;
    result.schema = schema;
    DialectScan scan;
    scan.scan(schema, 0);
    if (scan.upper > 0 || scan.lower > 0) {
        // The minority's types are then reported as mixed in.
        result.dialect = scan.lower > scan.upper ? Dialect::JsonSchema : Dialect::OpenApi;
    } else {
        result.dialect = scan.jsonSchemaKeyword ? Dialect::JsonSchema : fallback;
    }
    Checker checker(result.dialect, schema);
    checker.schema(schema, QString(), 0);
    result.problems = checker.problems;
    return result;
}

Result check(const QJsonObject &schema)
{
    return check(schema, Dialect::OpenApi);
}

Result check(const QString &text, Dialect fallback)
{
    Result result;
    result.dialect = fallback;
    if (text.trimmed().isEmpty())
        return result;
    if (text.size() > MaxTextLength) {
        result.problems.append(Problem {QString(),
            Tr::tr("The schema is too long (%1 characters; at most %2).").arg(text.size()).arg(MaxTextLength), 0, 0});
        return result;
    }
    const QByteArray utf8 = text.toUtf8();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError) {
        Problem p;
        p.message = error.errorString();
        position(utf8, error, &p.line, &p.column);
        result.problems.append(p);
        return result;
    }
    if (!doc.isObject()) {
        result.problems.append(Problem {QString(), Tr::tr("The schema must be a JSON object ({…})."), 0, 0});
        return result;
    }
    return check(doc.object(), fallback);
}

Result check(const QString &text)
{
    return check(text, Dialect::OpenApi);
}
} // namespace SchemaCheck
