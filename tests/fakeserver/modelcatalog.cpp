#include "modelcatalog.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

QJsonArray methods(const QStringList &names)
{
    QJsonArray array;
    for (const QString &name : names)
        array.append(name);
    return array;
}

const QStringList chatMethods
    = {u"generateContent"_s, u"countTokens"_s, u"createCachedContent"_s, u"batchGenerateContent"_s};

QJsonObject chatModel(const QString &id, const QString &version, const QString &displayName, const QString &description,
    int outputTokenLimit, int topK, bool thinking)
{
    QJsonObject model {
        {u"name"_s, QString(u"models/"_s + id)},
        {u"version"_s, version},
        {u"displayName"_s, displayName},
        {u"description"_s, description},
        {u"inputTokenLimit"_s, 1048576},
        {u"outputTokenLimit"_s, outputTokenLimit},
        {u"supportedGenerationMethods"_s, methods(chatMethods)},
        {u"temperature"_s, 1},
        {u"topP"_s, 0.95},
        {u"topK"_s, topK},
        {u"maxTemperature"_s, 2},
    };
    if (thinking)
        model.insert(u"thinking"_s, true);
    return model;
}

} // namespace

ModelCatalog::ModelCatalog()
    : m_models(defaultModels())
{ }

QList<QJsonObject> ModelCatalog::defaultModels()
{
    // Entries as the public-key models.list returned them in 2026 (rec: models/llm-gemini__models_list_page1__0.json).
    return {
        chatModel(u"gemini-2.5-flash"_s, u"001"_s, u"Gemini 2.5 Flash"_s,
            u"Stable version of Gemini 2.5 Flash, our mid-size multimodal model that supports up to 1 million "
            "tokens, released in June of 2025."_s,
            65536, 64, true),
        chatModel(u"gemini-2.5-pro"_s, u"2.5"_s, u"Gemini 2.5 Pro"_s,
            u"Stable release (June 17th, 2025) of Gemini 2.5 Pro"_s, 65536, 64, true),
        chatModel(u"gemini-2.5-flash-lite"_s, u"001"_s, u"Gemini 2.5 Flash-Lite"_s,
            u"Stable version of Gemini 2.5 Flash-Lite, released in July of 2025"_s, 65536, 64, true),
        chatModel(u"gemini-2.0-flash"_s, u"2.0"_s, u"Gemini 2.0 Flash"_s, u"Gemini 2.0 Flash"_s, 8192, 40, false),
        chatModel(u"gemini-flash-latest"_s, u"Gemini Flash Latest"_s, u"Gemini Flash Latest"_s,
            u"Latest release of Gemini Flash"_s, 65536, 64, true),
        QJsonObject {
            {u"name"_s, u"models/gemini-embedding-001"_s},
            {u"version"_s, u"001"_s},
            {u"displayName"_s, u"Gemini Embedding 001"_s},
            {u"description"_s, u"Obtain a distributed representation of a text."_s},
            {u"inputTokenLimit"_s, 2048},
            {u"outputTokenLimit"_s, 1},
            {u"supportedGenerationMethods"_s,
                methods({u"embedContent"_s, u"countTextTokens"_s, u"countTokens"_s, u"asyncBatchEmbedContent"_s})},
        },
        QJsonObject {
            {u"name"_s, u"models/imagen-4.0-generate-001"_s},
            {u"version"_s, u"001"_s},
            {u"displayName"_s, u"Imagen 4"_s},
            {u"description"_s, u"Vertex served Imagen 4.0 model"_s},
            {u"inputTokenLimit"_s, 480},
            {u"outputTokenLimit"_s, 8192},
            {u"supportedGenerationMethods"_s, methods({u"predict"_s})},
        },
    };
}

std::optional<QJsonObject> ModelCatalog::find(const QString &id) const
{
    const QString name = id.startsWith(u"models/"_s) ? id : u"models/"_s + id;
    for (const QJsonObject &model : m_models) {
        if (model.value(u"name"_s).toString() == name)
            return model;
    }
    return std::nullopt;
}

bool ModelCatalog::supports(const QJsonObject &model, const QString &method)
{
    const QJsonArray supported = model.value(u"supportedGenerationMethods"_s).toArray();
    return supported.contains(method);
}

QString ModelCatalog::pageTokenFor(const QString &lastModelName)
{
    const QByteArray name = lastModelName.toUtf8().left(127);
    QByteArray proto;
    proto.append('\x0a'); // field 1, length-delimited
    proto.append(static_cast<char>(name.size()));
    proto.append(name);
    return QString::fromLatin1(proto.toBase64(QByteArray::OmitTrailingEquals));
}

std::optional<QString> ModelCatalog::modelNameFromPageToken(const QString &token)
{
    const auto result = QByteArray::fromBase64Encoding(token.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray &decoded = result.decoded;
    if (!result || decoded.size() < 2 || decoded.at(0) != '\x0a')
        return std::nullopt;
    const int length = static_cast<unsigned char>(decoded.at(1));
    if (decoded.size() != length + 2)
        return std::nullopt;
    return QString::fromUtf8(decoded.mid(2));
}

ModelCatalog::Page ModelCatalog::page(int pageSize, const QString &pageToken) const
{
    Page result;
    int size = pageSize <= 0 ? 50 : std::min(pageSize, 1000);
    qsizetype start = 0;
    if (!pageToken.isEmpty()) {
        const std::optional<QString> last = modelNameFromPageToken(pageToken);
        if (!last)
            return result;
        start = -1;
        for (qsizetype i = 0; i < m_models.size(); ++i) {
            if (m_models.at(i).value(u"name"_s).toString() == *last) {
                start = i + 1;
                break;
            }
        }
        if (start < 0)
            return result;
    }
    result.ok = true;
    result.models = m_models.mid(start, size);
    if (start + size < m_models.size())
        result.nextPageToken = pageTokenFor(result.models.last().value(u"name"_s).toString());
    return result;
}
