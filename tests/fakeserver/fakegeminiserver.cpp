#include "fakegeminiserver.h"

#include "fakedirectives.h"
#include "fakefileservice.h"
#include "googleerror.h"
#include "httpconnection.h"
#include "httpresponse.h"
#include "jsonwriter.h"
#include "replybuilder.h"
#include "requestvalidator.h"
#include "streamplan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

const QByteArray jsonContentType = "application/json; charset=UTF-8";

// The headers the real front end sends with every JSON/SSE answer (gemini-api.md §1.5, §4.1).
void addGoogleHeaders(HttpResponse &response, quint64 serial)
{
    response.addHeader("Vary", "Origin");
    response.addHeader("Vary", "X-Origin");
    response.addHeader("Vary", "Referer");
    response.addHeader("Server", "scaffolding on HTTPServer2");
    response.addHeader("X-XSS-Protection", "0");
    response.addHeader("X-Frame-Options", "SAMEORIGIN");
    response.addHeader("X-Content-Type-Options", "nosniff");
    response.addHeader("Server-Timing", "gfet4t7; dur=" + QByteArray::number(40 + serial % 900));
}

HttpResponse jsonResponse(int status, const QJsonObject &body, quint64 serial)
{
    HttpResponse response = HttpResponse::fixed(status, jsonContentType, JsonWriter::pretty(body) + '\n');
    addGoogleHeaders(response, serial);
    return response;
}

// Pre-stream errors: a normal JSON error body; for a non-SSE stream wrapped in a one-element array.
HttpResponse errorResponse(const QJsonObject &error, bool arrayWrapped, quint64 serial)
{
    const int status = error.value(u"error"_s).toObject().value(u"code"_s).toInt(500);
    if (!arrayWrapped)
        return jsonResponse(status, error, serial);
    HttpResponse response = HttpResponse::fixed(status, jsonContentType, StreamPlan::arrayWrapped(error));
    addGoogleHeaders(response, serial);
    return response;
}

void applyTransportFaults(HttpResponse &response, const FakeGeminiServer::Script &script)
{
    response.delayBeforeHeadersMs = script.delayBeforeHeadersMs;
    response.writeBytes = script.writeBytes;
    response.cutAfterBodyBytes = script.cutAfterBodyBytes;
    if (script.retryAfterSeconds >= 0)
        response.setHeader("Retry-After", QByteArray::number(script.retryAfterSeconds));
}

QString queryValue(const QUrlQuery &query, const QString &key)
{
    return query.queryItemValue(key, QUrl::FullyDecoded);
}

} // namespace

struct FakeGeminiServer::StreamedRequest
{
    Request request; // the head, as it arrived
    std::shared_ptr<FakeFileService::Upload> upload;
};

QJsonObject FakeGeminiServer::Request::json() const
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    return document.isObject() ? document.object() : QJsonObject();
}

FakeGeminiServer::FakeGeminiServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_files(new FakeFileService(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &FakeGeminiServer::onNewConnection);
}

FakeGeminiServer::~FakeGeminiServer()
{
    // Connections go first: their callbacks reach into this object and the file service.
    m_streams.clear();
    const QList<HttpConnection *> connections = findChildren<HttpConnection *>(Qt::FindDirectChildrenOnly);
    for (HttpConnection *connection : connections) {
        connection->disconnect(this);
        delete connection;
    }
}

bool FakeGeminiServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

void FakeGeminiServer::close()
{
    m_server->close();
}

bool FakeGeminiServer::isListening() const
{
    return m_server->isListening();
}

QString FakeGeminiServer::errorString() const
{
    return m_server->errorString();
}

quint16 FakeGeminiServer::port() const
{
    return m_server->serverPort();
}

QUrl FakeGeminiServer::baseUrl() const
{
    QHostAddress address = m_server->serverAddress();
    if (address.isNull() || address == QHostAddress::Any || address == QHostAddress::AnyIPv4
        || address == QHostAddress::LocalHost)
        address = QHostAddress(QHostAddress::LocalHost);
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(address == QHostAddress::AnyIPv6 ? u"::1"_s : address.toString());
    url.setPort(port());
    return url;
}

void FakeGeminiServer::setApiKey(const QString &key)
{
    m_apiKey = key;
}

void FakeGeminiServer::setModels(const QList<QJsonObject> &models)
{
    m_catalog.setModels(models);
}

void FakeGeminiServer::enqueue(const Script &script)
{
    m_scripts.enqueue(script);
}

void FakeGeminiServer::setDefaultScript(const Script &script)
{
    m_defaultScript = script;
}

QList<FakeGeminiServer::Request> FakeGeminiServer::requests(const QString &pathContains) const
{
    QList<Request> matching;
    for (const Request &request : m_requests) {
        if (request.path.contains(pathContains))
            matching.append(request);
    }
    return matching;
}

FakeGeminiServer::Script FakeGeminiServer::takeScript()
{
    return m_scripts.isEmpty() ? m_defaultScript : m_scripts.dequeue();
}

QString FakeGeminiServer::nextResponseId(const QByteArray &seed)
{
    ++m_responseCounter;
    return ReplyBuilder::responseId(QByteArray::number(m_responseCounter) + ':' + seed.left(4096));
}

FakeGeminiServer::Request FakeGeminiServer::makeRequest(const HttpRequestParser::Message &message, int connectionIndex)
{
    Request request;
    request.method = message.method;
    request.body = message.body;
    request.bodyBytes = message.bodyBytes;
    request.bodyStreamed = message.bodyStreamed;
    request.connectionIndex = connectionIndex;
    for (const auto &[name, value] : message.headers) {
        const QByteArray existing = request.headers.value(name);
        request.headers.insert(name, existing.isEmpty() ? value : existing + ", " + value);
    }
    const qsizetype question = message.target.indexOf('?');
    const QByteArray rawPath = question < 0 ? message.target : message.target.left(question);
    request.path = QUrl::fromPercentEncoding(rawPath);
    if (question >= 0)
        request.query = QUrlQuery(QString::fromUtf8(message.target.mid(question + 1)));
    return request;
}

void FakeGeminiServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        ++m_connectionCount;
        const int index = m_connectionCount;
        auto *connection = new HttpConnection(socket, this);
        // Upload bodies are not buffered: they go to the file service as they arrive.
        connection->setStreamRouter([this, connection, index](const HttpRequestParser::Message &head) {
            HttpConnection::BodyStream stream;
            const std::shared_ptr<StreamedRequest> streamed = beginStream(makeRequest(head, index));
            if (!streamed)
                return stream;
            m_streams.insert(connection, streamed);
            FakeFileService *files = m_files;
            stream.data = [files, streamed](QByteArrayView piece) { return files->write(*streamed->upload, piece); };
            stream.bytesPerSecond = m_files->bytesPerSecond(*streamed->upload);
            return stream;
        });
        connect(connection, &HttpConnection::requestReady, this,
            [this, connection, index](
                const HttpRequestParser::Message &message) { handle(connection, makeRequest(message, index)); });
        connect(connection, &HttpConnection::closed, this, [this, connection]() { onConnectionClosed(connection); });
    }
}

std::shared_ptr<FakeGeminiServer::StreamedRequest> FakeGeminiServer::beginStream(const Request &head)
{
    std::shared_ptr<FakeFileService::Upload> upload;
    if (FakeFileService::isChunkRequest(head)) {
        upload = m_files->beginChunk(head); // the upload URL authorises itself: no key needed
    } else if (FakeFileService::isMediaUpload(head)) {
        const QJsonObject error = authError(head);
        upload = error.isEmpty() ? m_files->beginMedia(head)
                                 : m_files->rejectUpload(errorResponse(error, false, ++m_responseCounter));
    } else {
        return {};
    }
    auto streamed = std::make_shared<StreamedRequest>();
    streamed->request = head;
    streamed->upload = upload;
    return streamed;
}

void FakeGeminiServer::onConnectionClosed(HttpConnection *connection)
{
    const std::shared_ptr<StreamedRequest> streamed = m_streams.take(connection);
    if (!streamed)
        return;
    // The body never ended (a cut, or the client went away): record what arrived.
    m_files->abandon(*streamed->upload);
    Request request = streamed->request;
    request.bodyStreamed = true;
    request.bodyBytes = m_files->bodyBytes(*streamed->upload);
    m_requests.append(request);
    Q_EMIT requestReceived(request);
    Q_EMIT requestAnswered(request, 0);
}

void FakeGeminiServer::handle(HttpConnection *connection, const Request &request)
{
    const std::shared_ptr<StreamedRequest> streamed = request.bodyStreamed ? m_streams.take(connection) : nullptr;
    m_requests.append(request);
    Q_EMIT requestReceived(request);
    const HttpResponse response = streamed ? m_files->finish(*streamed->upload) : route(request);
    Q_EMIT requestAnswered(request, response.status);
    connection->respond(response);
}

QJsonObject FakeGeminiServer::authError(const Request &request) const
{
    // Google-style auth: x-goog-api-key header or ?key=. The error body, or {} when allowed.
    QString key = QString::fromUtf8(request.header("x-goog-api-key"));
    if (key.isEmpty())
        key = queryValue(request.query, u"key"_s);
    if (key.isEmpty())
        return GoogleError::unregisteredCaller();
    if (key != m_apiKey)
        return GoogleError::apiKeyInvalid();
    return {};
}

HttpResponse FakeGeminiServer::route(const Request &request)
{
    ++m_responseCounter;
    const quint64 serial = m_responseCounter;
    const auto methodNotFound
        = [serial]() { return jsonResponse(404, GoogleError::make(404, u"Method not found."_s), serial); };

    const QString &path = request.path;
    // Uploads whose body is buffered: the resumable `start` and multipart. (Chunks on an upload URL
    // and uploadType=media bodies are streamed: see beginStream().) Without a protocol it is no route.
    if (path.startsWith(u"/upload/"_s)) {
        if (path != u"/upload/v1beta/files"_s || request.method != "POST" || request.query.hasQueryItem(u"upload_id"_s))
            return methodNotFound();
        const QByteArray protocol = request.header("x-goog-upload-protocol").trimmed().toLower();
        const QString uploadType = queryValue(request.query, u"uploadType"_s).toLower();
        const bool resumable = protocol == "resumable";
        const bool multipart = protocol == "multipart" || uploadType == u"multipart"_s;
        if (!resumable && !multipart)
            return methodNotFound();
        if (const QJsonObject error = authError(request); !error.isEmpty())
            return errorResponse(error, false, serial);
        return resumable ? m_files->startSession(request) : m_files->multipartUpload(request);
    }

    QString apiVersion;
    QString rest;
    for (const QString &version : {u"v1beta"_s, u"v1"_s}) {
        const QString prefix = u"/"_s + version + u"/"_s;
        if (path.startsWith(prefix)) {
            apiVersion = version;
            rest = path.mid(prefix.size());
            break;
        }
    }
    if (apiVersion.isEmpty())
        return methodNotFound();

    if (rest == u"files"_s || rest.startsWith(u"files/"_s))
        return routeFiles(request, apiVersion, rest);
    if (rest == u"models"_s) {
        if (request.method != "GET")
            return methodNotFound();
        if (const QJsonObject error = authError(request); !error.isEmpty())
            return errorResponse(error, false, serial);
        return listModels(request);
    }
    if (!rest.startsWith(u"models/"_s) || rest.size() <= 7)
        return methodNotFound();
    const QString name = rest.mid(7);
    const qsizetype colon = name.indexOf(u':');
    if (colon < 0) {
        if (request.method != "GET" || name.contains(u'/'))
            return methodNotFound();
        if (const QJsonObject error = authError(request); !error.isEmpty())
            return errorResponse(error, false, serial);
        return getModel(name, apiVersion);
    }
    const QString modelId = name.left(colon);
    const QString method = name.mid(colon + 1);
    static const QStringList postMethods = {
        u"generateContent"_s, u"streamGenerateContent"_s, u"countTokens"_s, u"embedContent"_s, u"batchEmbedContents"_s};
    if (request.method != "POST" || !postMethods.contains(method) || modelId.isEmpty() || modelId.contains(u'/'))
        return methodNotFound();
    const QJsonObject error = authError(request);
    if (!error.isEmpty()) {
        // Every pre-stream error of a non-SSE stream is array-wrapped, auth errors included.
        const bool arrayWrapped
            = method == u"streamGenerateContent"_s && queryValue(request.query, u"alt"_s) != u"sse"_s;
        return errorResponse(error, arrayWrapped, serial);
    }
    if (method == u"generateContent"_s)
        return generate(request, modelId, apiVersion, false);
    if (method == u"streamGenerateContent"_s)
        return generate(request, modelId, apiVersion, true);
    if (method == u"countTokens"_s)
        return countTokens(request, modelId, apiVersion);
    return embedContent(request, modelId, apiVersion, method == u"batchEmbedContents"_s);
}

HttpResponse FakeGeminiServer::routeFiles(const Request &request, const QString &apiVersion, const QString &rest)
{
    const quint64 serial = m_responseCounter;
    const HttpResponse notFound = jsonResponse(404, GoogleError::make(404, u"Method not found."_s), serial);
    if (apiVersion != u"v1beta"_s) // the Files API exists in v1beta only
        return notFound;
    const QString id = rest.mid(6);
    const bool list = rest == u"files"_s;
    if (list ? request.method != "GET"
             : (id.isEmpty() || id.contains(u'/') || id.contains(u':')
                 || (request.method != "GET" && request.method != "DELETE")))
        return notFound;
    if (const QJsonObject error = authError(request); !error.isEmpty())
        return errorResponse(error, false, serial);
    const FakeFileService::Reply reply = list ? m_files->listFiles(request.query)
        : request.method == "GET"             ? m_files->getFile(id)
                                              : m_files->deleteFile(id);
    HttpResponse response = HttpResponse::fixed(reply.status, jsonContentType, reply.body);
    addGoogleHeaders(response, serial);
    return response;
}

QJsonObject FakeGeminiServer::checkFileParts(QJsonObject &request, QHash<QString, QString> *labels)
{
    QJsonObject error;
    const auto checkParts = [this, &error, labels](QJsonArray parts) {
        for (qsizetype i = 0; i < parts.size() && error.isEmpty(); ++i) {
            QJsonObject part = parts.at(i).toObject();
            QJsonObject data = part.value(u"fileData"_s).toObject();
            const QString uri = data.value(u"fileUri"_s).toString();
            if (uri.isEmpty())
                continue;
            const FakeFileService::FileUse use = m_files->resolveFileUri(uri);
            if (!use.local)
                continue; // another host's file: accepted as it is
            if (!use.error.isEmpty()) {
                error = use.error;
                break;
            }
            if (data.value(u"mimeType"_s).toString().isEmpty()) {
                data.insert(u"mimeType"_s, use.file.mimeType);
                part.insert(u"fileData"_s, data);
                parts.replace(i, part);
            }
            if (labels) {
                labels->insert(uri,
                    use.file.displayName.isEmpty() ? use.file.name
                                                   : use.file.name + u" \""_s + use.file.displayName + u"\""_s);
            }
        }
        return parts;
    };
    QJsonArray contents = request.value(u"contents"_s).toArray();
    for (qsizetype i = 0; i < contents.size() && error.isEmpty(); ++i) {
        QJsonObject content = contents.at(i).toObject();
        content.insert(u"parts"_s, checkParts(content.value(u"parts"_s).toArray()));
        contents.replace(i, content);
    }
    if (request.contains(u"contents"_s))
        request.insert(u"contents"_s, contents);
    if (request.contains(u"systemInstruction"_s) && error.isEmpty()) {
        QJsonObject system = request.value(u"systemInstruction"_s).toObject();
        system.insert(u"parts"_s, checkParts(system.value(u"parts"_s).toArray()));
        request.insert(u"systemInstruction"_s, system);
    }
    if (request.contains(u"generateContentRequest"_s) && error.isEmpty()) {
        QJsonObject inner = request.value(u"generateContentRequest"_s).toObject();
        error = checkFileParts(inner, labels);
        request.insert(u"generateContentRequest"_s, inner);
    }
    return error;
}

HttpResponse FakeGeminiServer::listModels(const Request &request)
{
    const quint64 serial = m_responseCounter;
    QString sizeText = queryValue(request.query, u"pageSize"_s);
    if (sizeText.isEmpty())
        sizeText = queryValue(request.query, u"page_size"_s);
    int pageSize = 0;
    if (!sizeText.isEmpty()) {
        bool ok = false;
        pageSize = sizeText.toInt(&ok);
        if (!ok) {
            const QString message = u"Invalid value at 'page_size' (TYPE_INT32), \"%1\""_s.arg(sizeText);
            return jsonResponse(400, GoogleError::badRequest(message, u"page_size"_s), serial);
        }
    }
    QString token = queryValue(request.query, u"pageToken"_s);
    if (token.isEmpty())
        token = queryValue(request.query, u"page_token"_s);
    const ModelCatalog::Page page = m_catalog.page(pageSize, token);
    if (!page.ok)
        return jsonResponse(400, GoogleError::make(400, u"Invalid page token: %1"_s.arg(token)), serial);
    QJsonObject body;
    if (!page.models.isEmpty()) {
        QJsonArray models;
        for (const QJsonObject &model : page.models)
            models.append(model);
        body.insert(u"models"_s, models);
    }
    if (!page.nextPageToken.isEmpty())
        body.insert(u"nextPageToken"_s, page.nextPageToken);
    return jsonResponse(200, body, serial);
}

HttpResponse FakeGeminiServer::getModel(const QString &modelId, const QString &apiVersion)
{
    const quint64 serial = m_responseCounter;
    const std::optional<QJsonObject> model = m_catalog.find(modelId);
    if (!model)
        return jsonResponse(404, GoogleError::modelNotFound(u"models/"_s + modelId, apiVersion, u"get"_s), serial);
    return jsonResponse(200, *model, serial);
}

HttpResponse FakeGeminiServer::generate(
    const Request &request, const QString &modelId, const QString &apiVersion, bool stream)
{
    const quint64 serial = m_responseCounter;
    const bool sse = stream && queryValue(request.query, u"alt"_s) == u"sse"_s;
    const bool arrayWrapped = stream && !sse;
    Script script = takeScript();

    const auto scriptedError = [&]() {
        HttpResponse response;
        if (!script.rawBody.isEmpty()) {
            response = HttpResponse::fixed(script.httpStatus, script.rawContentType, script.rawBody);
            addGoogleHeaders(response, serial);
        } else {
            const QJsonObject error = script.httpStatus == 429
                ? GoogleError::quotaExceeded(modelId, script.retryDelay, script.errorMessage)
                : GoogleError::make(script.httpStatus, script.errorMessage);
            response = errorResponse(error, arrayWrapped, serial);
        }
        applyTransportFaults(response, script);
        return response;
    };
    if (script.httpStatus != 200 || !script.rawBody.isEmpty())
        return scriptedError();

    const RequestValidator::Result validation
        = RequestValidator::validate(request.body, RequestValidator::Message::GenerateContentRequest);
    if (!validation.ok)
        return errorResponse(validation.error, arrayWrapped, serial);
    QJsonObject body = validation.normalized;

    const std::optional<QJsonObject> model = m_catalog.find(modelId);
    if (!model || !ModelCatalog::supports(*model, u"generateContent"_s)) {
        return errorResponse(
            GoogleError::modelNotFound(u"models/"_s + modelId, apiVersion, u"generateContent"_s), arrayWrapped, serial);
    }
    const QJsonObject config = body.value(u"generationConfig"_s).toObject();
    const QJsonObject thinkingConfig = config.value(u"thinkingConfig"_s).toObject();
    const bool thinkingModel = model->value(u"thinking"_s).toBool();
    const bool includeThoughts = thinkingConfig.value(u"includeThoughts"_s).toBool();
    if (!thinkingModel && (includeThoughts || thinkingConfig.value(u"thinkingBudget"_s).toInt() > 0)) {
        return errorResponse(GoogleError::make(400, u"Thinking is not supported for this model: models/"_s + modelId),
            arrayWrapped, serial);
    }
    QHash<QString, QString> fileLabels;
    if (const QJsonObject fileError = checkFileParts(body, &fileLabels); !fileError.isEmpty())
        return errorResponse(fileError, arrayWrapped, serial);

    const FakeDirectives::Extracted directives = FakeDirectives::extract(body);
    const QString directiveError = FakeDirectives::apply(directives.lines, script);
    if (!directiveError.isEmpty())
        return errorResponse(GoogleError::make(400, directiveError), arrayWrapped, serial);
    if (script.httpStatus != 200 || !script.rawBody.isEmpty())
        return scriptedError();

    const QString answer = script.replyText.isEmpty()
        ? ReplyBuilder::echoText(body, directives.lastUserText, fileLabels)
        : script.replyText;
    const int candidateCount = config.contains(u"candidateCount"_s) ? config.value(u"candidateCount"_s).toInt() : 1;
    QStringList answers;
    for (int i = 0; i < candidateCount; ++i)
        answers.append(i == 0 ? answer : u"Candidate %1: "_s.arg(i + 1) + answer);
    QString thought;
    if (includeThoughts)
        thought = !script.thoughtText.isEmpty() ? script.thoughtText : ReplyBuilder::defaultThought();

    const QString responseId = nextResponseId(request.body);
    ReplyBuilder builder(modelId, responseId, ReplyBuilder::promptUsage(body));
    builder.setAnswers(answers);
    builder.setThought(thought);
    builder.setFinishReason(script.omitFinishReason ? QString() : script.finishReason);
    builder.setChunkChars(script.chunkChars);
    builder.setThoughtSignatureSeed(responseId);

    if (!stream) {
        QJsonObject reply;
        if (!script.chunks.isEmpty())
            reply = ReplyBuilder::mergeChunks(script.chunks);
        else if (script.blockPrompt)
            reply = ReplyBuilder::blockedPrompt();
        else
            reply = builder.unaryResponse();
        HttpResponse response = jsonResponse(200, reply, serial);
        applyTransportFaults(response, script);
        return response;
    }

    QList<QJsonObject> chunks;
    if (!script.chunks.isEmpty())
        chunks = script.chunks;
    else if (script.blockPrompt)
        chunks = {ReplyBuilder::blockedPrompt()};
    else
        chunks = builder.streamChunks();
    StreamPlan plan(sse ? StreamPlan::Framing::Sse : StreamPlan::Framing::JsonArray, chunks);
    plan.setEventDelayMs(script.eventDelayMs);
    plan.setCutAfterEvents(script.cutAfterEvents);
    plan.setMalformedEvent(script.malformedEvent);
    if (script.midStreamErrorAfterEvents >= 0)
        plan.setErrorAfterEvents(script.midStreamErrorAfterEvents, GoogleError::make(503, script.errorMessage));

    HttpResponse response;
    response.status = 200;
    response.chunked = true;
    if (sse) {
        response.addHeader("Content-Type", "text/event-stream");
        response.addHeader("Content-Disposition", "attachment");
    } else {
        response.addHeader("Content-Type", jsonContentType);
    }
    addGoogleHeaders(response, serial);
    applyTransportFaults(response, script);
    response.producer = plan.producer();
    return response;
}

HttpResponse FakeGeminiServer::countTokens(const Request &request, const QString &modelId, const QString &apiVersion)
{
    const quint64 serial = m_responseCounter;
    const RequestValidator::Result validation
        = RequestValidator::validate(request.body, RequestValidator::Message::CountTokensRequest);
    if (!validation.ok)
        return jsonResponse(400, validation.error, serial);
    const std::optional<QJsonObject> model = m_catalog.find(modelId);
    if (!model || !ModelCatalog::supports(*model, u"countTokens"_s))
        return jsonResponse(
            404, GoogleError::modelNotFound(u"models/"_s + modelId, apiVersion, u"countTokens"_s), serial);
    QJsonObject body = validation.normalized;
    if (const QJsonObject fileError = checkFileParts(body, nullptr); !fileError.isEmpty())
        return jsonResponse(fileError.value(u"error"_s).toObject().value(u"code"_s).toInt(), fileError, serial);
    const QJsonObject counted = body.contains(u"generateContentRequest"_s)
        ? body.value(u"generateContentRequest"_s).toObject()
        : QJsonObject {{u"contents"_s, body.value(u"contents"_s)}};
    const ReplyBuilder::PromptUsage usage = ReplyBuilder::promptUsage(counted);
    QJsonObject reply {{u"totalTokens"_s, usage.total}, {u"promptTokensDetails"_s, usage.details}};
    if (usage.total == 0)
        reply.remove(u"totalTokens"_s);
    return jsonResponse(200, reply, serial);
}

HttpResponse FakeGeminiServer::embedContent(
    const Request &request, const QString &modelId, const QString &apiVersion, bool batch)
{
    const quint64 serial = m_responseCounter;
    const RequestValidator::Result validation = RequestValidator::validate(request.body,
        batch ? RequestValidator::Message::BatchEmbedContentsRequest : RequestValidator::Message::EmbedContentRequest);
    if (!validation.ok)
        return jsonResponse(400, validation.error, serial);
    const std::optional<QJsonObject> model = m_catalog.find(modelId);
    const QString method = batch ? u"batchEmbedContents"_s : u"embedContent"_s;
    if (!model || !ModelCatalog::supports(*model, u"embedContent"_s))
        return jsonResponse(404, GoogleError::modelNotFound(u"models/"_s + modelId, apiVersion, method), serial);

    // The real default of gemini-embedding-001 is 3072 values; the fake uses 768 (a common
    // outputDimensionality) to keep bodies small. Ask for outputDimensionality to get another size.
    constexpr int defaultDimensions = 768;
    const auto embed = [](const QJsonObject &embedRequest) {
        QStringList texts;
        const QJsonArray parts = embedRequest.value(u"content"_s).toObject().value(u"parts"_s).toArray();
        for (const QJsonValue &part : parts)
            texts.append(part.toObject().value(u"text"_s).toString());
        const int dimensions = embedRequest.contains(u"outputDimensionality"_s)
            ? embedRequest.value(u"outputDimensionality"_s).toInt()
            : defaultDimensions;
        return QJsonObject {{u"values"_s, ReplyBuilder::embeddingValues(texts.join(u'\n'), dimensions)}};
    };
    const QJsonObject &body = validation.normalized;
    if (!batch)
        return jsonResponse(200, QJsonObject {{u"embedding"_s, embed(body)}}, serial);

    const QString urlModel = u"models/"_s + modelId;
    const QJsonArray requests = body.value(u"requests"_s).toArray();
    QJsonArray embeddings;
    int tokens = 0;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const QJsonObject inner = requests.at(i).toObject();
        const QString innerModel = inner.value(u"model"_s).toString();
        if (innerModel != urlModel) {
            const QString message = innerModel.isEmpty()
                ? u"* BatchEmbedContentsRequest.requests[%1].model: model is required and must be \"%2\".\n"_s.arg(i)
                      .arg(urlModel)
                : u"* BatchEmbedContentsRequest.requests[%1].model: the model of every request must equal the model in "
                  "the URL, \"%2\"; got \"%3\".\n"_s.arg(i)
                      .arg(urlModel, innerModel);
            return jsonResponse(400, GoogleError::make(400, message), serial);
        }
        embeddings.append(embed(inner));
        tokens
            += ReplyBuilder::promptUsage(QJsonObject {{u"contents"_s, QJsonArray {inner.value(u"content"_s)}}}).total;
    }
    const QJsonObject usage {
        {u"promptTokenCount"_s, tokens},
        {u"promptTokenDetails"_s, QJsonArray {QJsonObject {{u"modality"_s, u"TEXT"_s}, {u"tokenCount"_s, tokens}}}},
    };
    return jsonResponse(200, QJsonObject {{u"embeddings"_s, embeddings}, {u"usageMetadata"_s, usage}}, serial);
}
