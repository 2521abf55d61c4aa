#include "api/schemacheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using SchemaCheck::Dialect;

Q_DECLARE_METATYPE(SchemaCheck::Dialect)

class tst_schemacheck final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void syntaxError_data();
    void syntaxError();
    void emptyIsNoSchema_data();
    void emptyIsNoSchema();
    void notAnObject_data();
    void notAnObject();
    void fallbackDialect();
    void objectOverload();
    void hugeText();
    void deeplyNestedText();
    void deeplyNestedObject();
    void manySchemas();
    void manyProblemsAreCapped();
    void hostileKeyIsShortened();
};

void tst_schemacheck::valid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Dialect>("dialect");

    QTest::newRow("openapi string") << u"{\"type\": \"STRING\"}"_s << Dialect::OpenApi;
    QTest::newRow("openapi object") << uR"({"type": "OBJECT", "properties": {"name": {"type": "STRING"},
        "age": {"type": "INTEGER", "minimum": 0, "maximum": 150, "nullable": true}},
        "required": ["name"], "propertyOrdering": ["name", "age"]})"_s
                                    << Dialect::OpenApi;
    QTest::newRow("openapi array")
        << uR"({"type": "ARRAY", "items": {"type": "STRING", "enum": ["a", "b"]}, "minItems": 1, "maxItems": "3"})"_s
        << Dialect::OpenApi;
    QTest::newRow("openapi all keywords") << uR"({"type": "STRING", "format": "date-time", "title": "t",
        "description": "d", "minLength": 1, "maxLength": 10, "pattern": "^a", "example": "a", "default": "a"})"_s
                                          << Dialect::OpenApi;
    QTest::newRow("openapi anyOf") << uR"({"anyOf": [{"type": "STRING"}, {"type": "NULL"}]})"_s << Dialect::OpenApi;
    QTest::newRow("openapi object props counts")
        << uR"({"type": "OBJECT", "properties": {"a": {"type": "BOOLEAN"}}, "minProperties": 0, "maxProperties": 1})"_s
        << Dialect::OpenApi;
    QTest::newRow("no type at all") << u"{\"description\": \"anything\"}"_s << Dialect::OpenApi;
    QTest::newRow("unicode property") << u"{\"type\":\"OBJECT\",\"properties\":{\"名前\":{\"type\":\"STRING\"}}}"_s
                                      << Dialect::OpenApi;

    QTest::newRow("json schema string") << u"{\"type\": \"string\"}"_s << Dialect::JsonSchema;
    QTest::newRow("json schema type list") << u"{\"type\": [\"string\", \"null\"]}"_s << Dialect::JsonSchema;
    QTest::newRow("json schema object") << uR"({"type": "object", "properties": {"a": {"type": "integer"}},
        "required": ["a"], "additionalProperties": false})"_s
                                        << Dialect::JsonSchema;
    QTest::newRow("json schema refs") << uR"({"$defs": {"item": {"type": "string"}, "a/b": {"type": "number"}},
        "type": "array", "items": {"$ref": "#/$defs/item"}, "prefixItems": [{"$ref": "#/$defs/a~1b"}]})"_s
                                      << Dialect::JsonSchema;
    QTest::newRow("json schema only keywords")
        << uR"({"oneOf": [{"enum": [1, "x", null]}, true]})"_s << Dialect::JsonSchema;
    QTest::newRow("json schema ids") << uR"({"$id": "https://x/y", "$anchor": "a", "title": "t", "type": "boolean"})"_s
                                     << Dialect::JsonSchema;
}

void tst_schemacheck::valid()
{
    QFETCH(QString, text);
    QFETCH(Dialect, dialect);
    const SchemaCheck::Result r = SchemaCheck::check(text);
    QVERIFY2(r.ok(), qPrintable(r.summary()));
    QCOMPARE(r.dialect, dialect);
    QVERIFY(r.summary().isEmpty());
    QCOMPARE(*r.schema, QJsonDocument::fromJson(text.toUtf8()).object());
}

void tst_schemacheck::invalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("typo keyword") << uR"({"type": "OBJECT", "propertie": {"a": {"type": "STRING"}}})"_s
                                  << Dialect::OpenApi << u"propertie"_s
                                  << u"“propertie” is not a schema keyword (did you mean “properties”?)"_s;
    QTest::newRow("unknown keyword") << uR"({"type": "STRING", "colour": "red"})"_s << Dialect::OpenApi << u"colour"_s
                                     << u"“colour” is not a schema keyword"_s;
    QTest::newRow("json keyword in openapi") << uR"({"type": "OBJECT", "properties": {"a": {"type": "STRING"}},
        "additionalProperties": false})"_s << Dialect::OpenApi
                                             << u"additionalProperties"_s << u"belongs to JSON Schema"_s;
    QTest::newRow("openapi keyword in json schema")
        << uR"({"type": "string", "nullable": true})"_s << Dialect::JsonSchema << u"nullable"_s
        << u"belongs to the OpenAPI dialect"_s;
    QTest::newRow("bad type") << uR"({"type": "OBJECT", "properties": {"name": {"type": "STRIN"}}})"_s
                              << Dialect::OpenApi << u"properties.name.type"_s
                              << u"“STRIN” is not a type (one of STRING, NUMBER"_s;
    QTest::newRow("mixed case type") << uR"({"type": "String"})"_s << Dialect::OpenApi << u"type"_s
                                     << u"“String” is not a type"_s;
    QTest::newRow("type not a string") << uR"({"type": 3})"_s << Dialect::OpenApi << u"type"_s << u"must be a string"_s;
    QTest::newRow("mixed dialects") << uR"({"type": "OBJECT", "properties": {"a": {"type": "STRING"},
        "b": {"type": "string"}}})"_s
                                    << Dialect::OpenApi << u"properties.b.type"_s << u"do not mix"_s;
    QTest::newRow("mixed dialects json majority") << uR"({"type": "object", "properties": {"a": {"type": "string"},
        "b": {"type": "STRING"}}})"_s << Dialect::JsonSchema
                                                  << u"properties.b.type"_s << u"is an OpenAPI type"_s;
    QTest::newRow("array without items") << uR"({"type": "ARRAY"})"_s << Dialect::OpenApi << u"items"_s
                                         << u"needs “items”"_s;
    QTest::newRow("object without properties")
        << uR"({"type": "OBJECT"})"_s << Dialect::OpenApi << u"properties"_s << u"at least one property"_s;
    QTest::newRow("object with empty properties") << uR"({"type": "OBJECT", "properties": {}})"_s << Dialect::OpenApi
                                                  << u"properties"_s << u"at least one property"_s;
    QTest::newRow("properties not object") << uR"({"type": "OBJECT", "properties": ["a"]})"_s << Dialect::OpenApi
                                           << u"properties"_s << u"must be an object"_s;
    QTest::newRow("property not a schema") << uR"({"type": "OBJECT", "properties": {"a": "STRING"}})"_s
                                           << Dialect::OpenApi << u"properties.a"_s << u"must be a JSON object"_s;
    QTest::newRow("items not a schema") << uR"({"type": "ARRAY", "items": [{"type": "STRING"}]})"_s << Dialect::OpenApi
                                        << u"items"_s << u"must be a JSON object"_s;
    QTest::newRow("required missing property")
        << uR"({"type": "OBJECT", "properties": {"a": {"type": "STRING"}}, "required": ["a", "b"]})"_s
        << Dialect::OpenApi << u"required[1]"_s << u"“b” is required but is not one of the properties"_s;
    QTest::newRow("required not a list") << uR"({"type": "OBJECT", "properties": {"a": {"type": "STRING"}},
        "required": "a"})"_s << Dialect::OpenApi
                                         << u"required"_s << u"list of property names"_s;
    QTest::newRow("enum of numbers") << uR"({"type": "STRING", "enum": [1, 2]})"_s << Dialect::OpenApi << u"enum[0]"_s
                                     << u"must be a string"_s;
    QTest::newRow("enum empty") << uR"({"type": "STRING", "enum": []})"_s << Dialect::OpenApi << u"enum"_s
                                << u"non-empty list"_s;
    QTest::newRow("negative minItems") << uR"({"type": "ARRAY", "items": {"type": "STRING"}, "minItems": -1})"_s
                                       << Dialect::OpenApi << u"minItems"_s << u"whole number, 0 or more"_s;
    QTest::newRow("fractional maxItems") << uR"({"type": "ARRAY", "items": {"type": "STRING"}, "maxItems": 1.5})"_s
                                         << Dialect::OpenApi << u"maxItems"_s << u"whole number"_s;
    QTest::newRow("min above max")
        << uR"({"type": "ARRAY", "items": {"type": "STRING"}, "minItems": 3, "maxItems": 2})"_s << Dialect::OpenApi
        << u"minItems"_s << u"greater than"_s;
    QTest::newRow("minimum not number") << uR"({"type": "NUMBER", "minimum": "0"})"_s << Dialect::OpenApi
                                        << u"minimum"_s << u"must be a number"_s;
    QTest::newRow("nullable not bool") << uR"({"type": "STRING", "nullable": "yes"})"_s << Dialect::OpenApi
                                       << u"nullable"_s << u"true or false"_s;
    QTest::newRow("description not string") << uR"({"type": "STRING", "description": 5})"_s << Dialect::OpenApi
                                            << u"description"_s << u"must be a string"_s;
    QTest::newRow("anyOf empty") << uR"({"anyOf": []})"_s << Dialect::OpenApi << u"anyOf"_s
                                 << u"non-empty list of schemas"_s;
    QTest::newRow("anyOf nested problem") << uR"({"anyOf": [{"type": "STRING"}, {"type": "ARRAY"}]})"_s
                                          << Dialect::OpenApi << u"anyOf[1].items"_s << u"needs “items”"_s;
    QTest::newRow("ordering unknown") << uR"({"type": "OBJECT", "properties": {"a": {"type": "STRING"}},
        "propertyOrdering": ["b"]})"_s << Dialect::OpenApi
                                      << u"propertyOrdering[0]"_s << u"not one of the properties"_s;

    QTest::newRow("ref outside defs") << uR"({"type": "object", "properties": {"a": {"$ref": "#/definitions/x"}}})"_s
                                      << Dialect::JsonSchema << u"properties.a.$ref"_s << u"must point into “$defs”"_s;
    QTest::newRow("ref to missing def") << uR"({"$defs": {"x": {"type": "string"}}, "$ref": "#/$defs/y"})"_s
                                        << Dialect::JsonSchema << u"$ref"_s << u"“$defs” has no “y”"_s;
    QTest::newRow("ref remote") << uR"({"$ref": "https://example.com/schema.json"})"_s << Dialect::JsonSchema
                                << u"$ref"_s << u"must point into"_s;
    QTest::newRow("ref deep pointer") << uR"({"$defs": {"x": {"type": "string"}}, "$ref": "#/$defs/x/type"})"_s
                                      << Dialect::JsonSchema << u"$ref"_s << u"one entry of “$defs”"_s;
    QTest::newRow("json bad type") << uR"({"type": "strin"})"_s << Dialect::JsonSchema << u"type"_s
                                   << u"“strin” is not a type (one of string, number"_s;
    QTest::newRow("json empty type list")
        << uR"({"type": [], "$id": "x"})"_s << Dialect::JsonSchema << u"type"_s << u"cannot be empty"_s;
    QTest::newRow("json duplicate type") << uR"({"type": ["string", "string"]})"_s << Dialect::JsonSchema
                                         << u"type[1]"_s << u"listed twice"_s;
    QTest::newRow("json typo") << uR"({"type": "object", "properties": {"a": {"type": "string"}}, "requird": []})"_s
                               << Dialect::JsonSchema << u"requird"_s << u"did you mean “required”"_s;
    QTest::newRow("json defs not object")
        << uR"({"$defs": [1]})"_s << Dialect::JsonSchema << u"$defs"_s << u"must be an object"_s;
    QTest::newRow("json nested def problem")
        << uR"({"$defs": {"x": {"type": "strng"}}})"_s << Dialect::JsonSchema << u"$defs.x.type"_s << u"not a type"_s;
    QTest::newRow("json prefixItems not list")
        << uR"({"type": "array", "prefixItems": {"type": "string"}})"_s << Dialect::JsonSchema << u"prefixItems"_s
        << u"non-empty list of schemas"_s;
    QTest::newRow("json enum not list") << uR"({"type": "string", "enum": "a"})"_s << Dialect::JsonSchema << u"enum"_s
                                        << u"non-empty list of values"_s;
}

void tst_schemacheck::invalid()
{
    QFETCH(QString, text);
    QFETCH(Dialect, dialect);
    QFETCH(QString, path);
    QFETCH(QString, fragment);

    const SchemaCheck::Result r = SchemaCheck::check(text);
    QVERIFY(!r.ok());
    QVERIFY(r.schema); // the text is an object, only its content is wrong
    QCOMPARE(r.dialect, dialect);
    QVERIFY(!r.problems.isEmpty());
    const SchemaCheck::Problem &p = r.problems.constFirst();
    QCOMPARE(p.path, path);
    QVERIFY2(p.message.contains(fragment), qPrintable(p.message));
    QCOMPARE(p.line, 0);
    QCOMPARE(r.summary(), path + u": "_s + p.message);
}

void tst_schemacheck::syntaxError_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    // QJsonParseError::offset points just after what it could not take.
    QTest::newRow("missing comma") << u"{\n  \"type\": \"OBJECT\"\n  \"properties\": {}\n}"_s << 3 << 3;
    QTest::newRow("unterminated") << u"{\"type\": \"STRING\""_s << 1 << 18;
    QTest::newRow("trailing comma") << u"{\"type\": \"STRING\",}"_s << 1 << 19;
    QTest::newRow("single quotes") << u"{'type': 'STRING'}"_s << 1 << 2;
    QTest::newRow("garbage after") << u"{}\n}"_s << 2 << 1;
    QTest::newRow("non-ascii before") << u"{\"description\": \"héllo 🌍\",\n\"type\": STRING}"_s << 2 << 9;
    QTest::newRow("no brace") << u"type: STRING"_s << 1 << 1;
    QTest::newRow("illegal value") << u"{\"nullable\": tru}"_s << 1 << 14;
    QTest::newRow("missing colon") << u"{\"a\" 1}"_s << 1 << 6;
    QTest::newRow("unterminated string") << u"{\"type\": \"STR"_s << 1 << 14;
    QTest::newRow("double dot") << u"{\"minimum\": 1.2.3}"_s << 1 << 16;
}

void tst_schemacheck::syntaxError()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);

    const SchemaCheck::Result r = SchemaCheck::check(text);
    QVERIFY(!r.ok());
    QVERIFY(!r.schema);
    QCOMPARE(r.problems.size(), 1);
    const SchemaCheck::Problem &p = r.problems.constFirst();
    QVERIFY(!p.message.isEmpty());
    QVERIFY(p.path.isEmpty());
    QCOMPARE(p.line, line);
    QCOMPARE(p.column, column);
    QVERIFY2(r.summary().startsWith(u"Line %1, column %2: "_s.arg(line).arg(column)), qPrintable(r.summary()));
}

void tst_schemacheck::emptyIsNoSchema_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("blank") << u"  \n\t "_s;
}

void tst_schemacheck::emptyIsNoSchema()
{
    QFETCH(QString, text);
    const SchemaCheck::Result r = SchemaCheck::check(text);
    QVERIFY(!r.schema);
    QVERIFY(!r.ok());
    QVERIFY(r.problems.isEmpty());
    QVERIFY(r.summary().isEmpty());
}

void tst_schemacheck::notAnObject_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("array") << u"[{\"type\": \"STRING\"}]"_s;
    QTest::newRow("string") << u"\"STRING\""_s;
    QTest::newRow("number") << u"42"_s;
    QTest::newRow("null") << u"null"_s;
}

void tst_schemacheck::notAnObject()
{
    QFETCH(QString, text);
    const SchemaCheck::Result r = SchemaCheck::check(text);
    QVERIFY(!r.ok());
    QVERIFY(!r.schema);
    QCOMPARE(r.problems.size(), 1);
    // Either the parser refuses the scalar or we do: both with a clear message.
    QVERIFY(!r.problems.constFirst().message.isEmpty());
}

void tst_schemacheck::fallbackDialect()
{
    const QString text = u"{\"description\": \"x\"}"_s;
    QCOMPARE(SchemaCheck::check(text).dialect, Dialect::OpenApi);
    QCOMPARE(SchemaCheck::check(text, Dialect::JsonSchema).dialect, Dialect::JsonSchema);
    // Types decide over the fallback.
    QCOMPARE(SchemaCheck::check(u"{\"type\": \"STRING\"}"_s, Dialect::JsonSchema).dialect, Dialect::OpenApi);
    QCOMPARE(SchemaCheck::check(u"{\"type\": \"string\"}"_s, Dialect::OpenApi).dialect, Dialect::JsonSchema);
    // In JSON Schema, an OpenAPI-only keyword is a problem even without types.
    const SchemaCheck::Result r = SchemaCheck::check(u"{\"nullable\": true}"_s, Dialect::JsonSchema);
    QVERIFY(!r.ok());
    QCOMPARE(r.problems.constFirst().path, u"nullable"_s);
}

void tst_schemacheck::objectOverload()
{
    QJsonObject o {{u"type"_s, u"ARRAY"_s}};
    SchemaCheck::Result r = SchemaCheck::check(o);
    QVERIFY(!r.ok());
    QCOMPARE(r.problems.constFirst().path, u"items"_s);
    o.insert(u"items"_s, QJsonObject {{u"type"_s, u"NUMBER"_s}});
    r = SchemaCheck::check(o);
    QVERIFY(r.ok());
    QCOMPARE(*r.schema, o);
    QVERIFY(SchemaCheck::check(QJsonObject()).ok()); // {} accepts anything
}

void tst_schemacheck::hugeText()
{
    QString text = u"{\"description\": \""_s + QString(SchemaCheck::MaxTextLength, u'x') + u"\"}"_s;
    const SchemaCheck::Result r = SchemaCheck::check(text);
    QVERIFY(!r.ok());
    QVERIFY(!r.schema);
    QCOMPARE(r.problems.size(), 1);
    QVERIFY2(r.summary().contains(u"too long"_s), qPrintable(r.summary()));

    // Just under the limit is fine.
    text = u"{\"description\": \""_s + QString(SchemaCheck::MaxTextLength - 100, u'x') + u"\"}"_s;
    QVERIFY(SchemaCheck::check(text).ok());
}

void tst_schemacheck::deeplyNestedText()
{
    // Deeper than our limit but within the parser's: our message.
    QString text;
    for (int i = 0; i < 100; ++i)
        text += u"{\"type\": \"ARRAY\", \"items\": "_s;
    text += u"{\"type\": \"STRING\"}"_s + QString(100, u'}');
    SchemaCheck::Result r = SchemaCheck::check(text);
    QVERIFY(!r.ok());
    QVERIFY(r.schema);
    QCOMPARE(r.problems.size(), 1);
    QVERIFY2(r.problems.constFirst().message.contains(u"deeper than 64"_s), qPrintable(r.summary()));
    QVERIFY(r.problems.constFirst().path.startsWith(u"items.items."_s));

    // Deeper than the parser takes: a syntax error with a position, no crash.
    text = QString(100000, u'[') + QString(100000, u']');
    r = SchemaCheck::check(text);
    QVERIFY(!r.ok());
    QVERIFY(!r.schema);
    QCOMPARE(r.problems.size(), 1);
    QVERIFY(r.problems.constFirst().line >= 1);
}

void tst_schemacheck::deeplyNestedObject()
{
    // Built in code, so no parser limit protects us.
    QJsonObject o {{u"type"_s, u"STRING"_s}};
    for (int i = 0; i < 500; ++i)
        o = QJsonObject {{u"type"_s, u"ARRAY"_s}, {u"items"_s, o}};
    const SchemaCheck::Result r = SchemaCheck::check(o);
    QVERIFY(!r.ok());
    QCOMPARE(r.problems.size(), 1);
    QVERIFY(r.problems.constFirst().message.contains(u"deeper than"_s));
}

void tst_schemacheck::manySchemas()
{
    QJsonObject props;
    for (int i = 0; i < SchemaCheck::MaxSchemas + 10; ++i)
        props.insert(u"p%1"_s.arg(i), QJsonObject {{u"type"_s, u"STRING"_s}});
    const QJsonObject o {{u"type"_s, u"OBJECT"_s}, {u"properties"_s, props}};
    const SchemaCheck::Result r = SchemaCheck::check(o);
    QVERIFY(!r.ok());
    QVERIFY2(r.summary().contains(u"more than"_s), qPrintable(r.summary()));
}

void tst_schemacheck::manyProblemsAreCapped()
{
    QJsonObject o {{u"type"_s, u"STRING"_s}};
    for (int i = 0; i < 1000; ++i)
        o.insert(u"bogus%1"_s.arg(i), i);
    const SchemaCheck::Result r = SchemaCheck::check(o);
    QCOMPARE(r.problems.size(), SchemaCheck::MaxProblems);
}

void tst_schemacheck::hostileKeyIsShortened()
{
    const QString key(10000, u'k');
    const SchemaCheck::Result r = SchemaCheck::check(QJsonObject {{key, 1}});
    QVERIFY(!r.ok());
    QVERIFY(r.problems.constFirst().message.size() < 200);
    QVERIFY(r.problems.constFirst().message.contains(u'…'));
}

QTEST_GUILESS_MAIN(tst_schemacheck)
#include "tst_schemacheck.moc"
