#include "geminiclient.h"

#include "apicall.h"
#include "generatecall.h"
#include "logging.h"
#include "scheduler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {
QByteArray toBody(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString methodPath(const QString &model, QLatin1StringView method)
{
    return modelResourceName(model) + u':' + method;
}
} // namespace

GeminiClient::GeminiClient(QNetworkAccessManager *nam, const ClientConfig &config, QObject *parent)
    : QObject(parent)
    , m_nam(nam)
    , m_config(config)
{ }

Scheduler *GeminiClient::scheduler() const
{
    return m_scheduler ? m_scheduler : SystemScheduler::instance();
}

ApiError GeminiClient::preflight() const
{
    if (m_config.apiKey.isEmpty())
        return ApiError::missingKey();
    if (const QString problem = ClientConfig::validateBaseUrl(m_config.baseUrl); !problem.isEmpty()) {
        ApiError e = ApiError::network(problem);
        e.kind = ApiError::Kind::InvalidRequest;
        return e;
    }
    return {};
}

QNetworkRequest GeminiClient::makeRequest(const QUrl &url) const
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, m_config.userAgent);
    request.setRawHeader("x-goog-api-key", m_config.apiKey.toUtf8());
    request.setRawHeader("x-goog-api-client", m_config.userAgent);
    // The key travels in a header: never follow a redirect to another origin with it.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    return request;
}

ApiCall::Spec GeminiClient::jsonSpec(const QByteArray &verb, const QUrl &url, const QByteArray &body) const
{
    ApiCall::Spec spec;
    spec.verb = verb;
    spec.request = makeRequest(url);
    spec.body = body;
    spec.idleTimeoutMs = m_config.requestTimeoutMs;
    spec.retry = m_config.retry;
    return spec;
}

void GeminiClient::startCall(ApiCall *call, const ApiCall::Spec &spec)
{
    const ApiError problem = preflight();
    if (!problem.isError()) {
        call->start(spec);
        return;
    }
    QTimer::singleShot(0, call, [call, problem] { call->failWithoutSending(problem); });
}

ApiCall *GeminiClient::newCall()
{
    return new ApiCall(m_nam, m_scheduler, nullptr);
}

GenerateCall *GeminiClient::generate(const QString &model, const GenerateContentRequest &request, bool streaming)
{
    if (const ApiError problem = preflight(); problem.isError())
        return GenerateCall::failing(problem, this);
    QUrlQuery query;
    if (streaming)
        query.addQueryItem(u"alt"_s, u"sse"_s);
    ApiCall::Spec spec;
    spec.verb = "POST";
    spec.request = makeRequest(
        m_config.endpoint(methodPath(model, streaming ? "streamGenerateContent"_L1 : "generateContent"_L1), query));
    spec.body = toBody(request.toJson());
    spec.mode = streaming ? ApiCall::Mode::Streaming : ApiCall::Mode::Buffered;
    spec.idleTimeoutMs = streaming ? m_config.streamIdleTimeoutMs : m_config.requestTimeoutMs;
    spec.retry = m_config.retry;
    ApiCall *call = newCall();
    auto *generateCall = new GenerateCall(call, streaming, this);
    call->start(spec);
    return generateCall;
}

GenerateCall *GeminiClient::streamGenerateContent(const QString &model, const GenerateContentRequest &request)
{
    return generate(model, request, true);
}

GenerateCall *GeminiClient::generateContent(const QString &model, const GenerateContentRequest &request)
{
    return generate(model, request, false);
}

template<typename T>
ApiCall *GeminiClient::jsonCall(const QByteArray &verb, const QUrl &url, const QByteArray &body, QObject *context,
    Callback<T> done, std::function<T(const QJsonObject &)> parse)
{
    ApiCall *call = newCall();
    call->setParent(this);
    connect(call, &ApiCall::done, call, &QObject::deleteLater);
    connect(call, &ApiCall::failed, context, [done](const ApiError &error) { done(T {}, error); });
    connect(call, &ApiCall::succeeded, context, [done, parse](const QByteArray &bytes) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            done(T {}, ApiError::malformed(u"the reply is not a JSON object (%1)"_s.arg(parseError.errorString())));
            return;
        }
        done(parse(doc.object()), ApiError {});
    });
    startCall(call, jsonSpec(verb, url, body));
    return call;
}

ApiCall *GeminiClient::listModels(QObject *context, Callback<QList<ModelInfo>> done, int pageSize)
{
    struct State
    {
        QList<ModelInfo> models;
        int pages = 0;
    };
    auto state = std::make_shared<State>();
    auto pageUrl = [this, pageSize](const QString &token) {
        QUrlQuery query;
        if (pageSize > 0)
            query.addQueryItem(u"pageSize"_s, QString::number(pageSize));
        if (!token.isEmpty())
            query.addQueryItem(u"pageToken"_s, token);
        return m_config.endpoint(u"models"_s, query);
    };

    ApiCall *call = newCall();
    call->setParent(this);
    connect(call, &ApiCall::done, call, &QObject::deleteLater);
    connect(call, &ApiCall::failed, context, [done](const ApiError &error) { done({}, error); });
    connect(call, &ApiCall::succeeded, context, [this, call, state, done, pageUrl](const QByteArray &bytes) {
        const QJsonDocument doc = QJsonDocument::fromJson(bytes);
        if (!doc.isObject()) {
            done({}, ApiError::malformed(u"the model list is not a JSON object"_s));
            return;
        }
        const ModelPage page = ModelPage::fromJson(doc.object());
        state->models += page.models;
        ++state->pages;
        if (!page.nextPageToken.isEmpty() && state->pages < MaxPages) {
            call->continueWith(jsonSpec("GET", pageUrl(page.nextPageToken)));
            return;
        }
        if (!page.nextPageToken.isEmpty())
            qCWarning(lcApi) << "models.list: stopped after" << MaxPages << "pages";
        done(state->models, ApiError {});
    });
    startCall(call, jsonSpec("GET", pageUrl({})));
    return call;
}

ApiCall *GeminiClient::getModel(const QString &model, QObject *context, Callback<ModelInfo> done)
{
    return jsonCall<ModelInfo>("GET", m_config.endpoint(modelResourceName(model)), {}, context, std::move(done),
        [](const QJsonObject &o) { return ModelInfo::fromJson(o); });
}

ApiCall *GeminiClient::countTokens(
    const QString &model, const GenerateContentRequest &request, QObject *context, Callback<TokenCount> done)
{
    QJsonObject body;
    const bool contentsOnly = !request.systemInstruction && request.tools.isEmpty() && !request.toolConfig
        && request.cachedContent.isEmpty();
    if (contentsOnly) {
        body.insert("contents"_L1, request.toJson().value("contents"_L1));
    } else {
        // Only this form counts the system instruction and tools (gemini-api.md §5).
        QJsonObject inner = request.toJson();
        inner.remove("safetySettings"_L1);
        inner.insert("model"_L1, modelResourceName(model));
        body.insert("generateContentRequest"_L1, inner);
    }
    return jsonCall<TokenCount>("POST", m_config.endpoint(methodPath(model, "countTokens"_L1)), toBody(body), context,
        std::move(done), [](const QJsonObject &o) { return TokenCount::fromJson(o); });
}

ApiCall *GeminiClient::embedContent(
    const QString &model, const EmbedContentRequest &request, QObject *context, Callback<EmbeddingResult> done)
{
    return jsonCall<EmbeddingResult>("POST", m_config.endpoint(methodPath(model, "embedContent"_L1)),
        toBody(request.toJson(modelResourceName(model))), context, std::move(done),
        [](const QJsonObject &o) { return EmbeddingResult::fromEmbedJson(o); });
}

ApiCall *GeminiClient::batchEmbedContents(
    const QString &model, const QList<EmbedContentRequest> &requests, QObject *context, Callback<EmbeddingResult> done)
{
    QJsonArray list;
    for (const EmbedContentRequest &r : requests)
        list.append(r.toJson(modelResourceName(model)));
    return jsonCall<EmbeddingResult>("POST", m_config.endpoint(methodPath(model, "batchEmbedContents"_L1)),
        toBody(QJsonObject {{"requests"_L1, list}}), context, std::move(done),
        [](const QJsonObject &o) { return EmbeddingResult::fromBatchJson(o); });
}

ApiError GeminiClient::unusableFileName(const QString &nameOrUri) const
{
    const QString shown = nameOrUri.trimmed().left(120);
    ApiError e;
    e.kind = ApiError::Kind::InvalidRequest;
    e.message = u"not a file name: \"%1\""_s.arg(shown);
    e.userText = tr("“%1” does not name a file of the Files API. A file is named like files/abc123 (or abc123, or "
                    "its URI).")
                     .arg(shown);
    return e;
}

ApiCall *GeminiClient::failingCall(QObject *context, const ApiError &error, std::function<void(const ApiError &)> fail)
{
    ApiCall *call = newCall();
    call->setParent(this);
    connect(call, &ApiCall::done, call, &QObject::deleteLater);
    connect(call, &ApiCall::failed, context, [fail](const ApiError &e) { fail(e); });
    QTimer::singleShot(0, call, [call, error] { call->failWithoutSending(error); });
    return call;
}

ApiCall *GeminiClient::listFiles(QObject *context, Callback<QList<RemoteFile>> done, int pageSize)
{
    struct State
    {
        QList<RemoteFile> files;
        int pages = 0;
    };
    auto state = std::make_shared<State>();
    const int size = pageSize > 0 ? std::min(pageSize, int(MaxFilesPageSize)) : 0;
    auto pageUrl = [this, size](const QString &token) {
        QUrlQuery query;
        if (size > 0)
            query.addQueryItem(u"pageSize"_s, QString::number(size));
        if (!token.isEmpty())
            query.addQueryItem(u"pageToken"_s, token);
        return m_config.endpoint(u"files"_s, query);
    };

    ApiCall *call = newCall();
    call->setParent(this);
    connect(call, &ApiCall::done, call, &QObject::deleteLater);
    connect(call, &ApiCall::failed, context, [done](const ApiError &error) { done({}, error); });
    connect(call, &ApiCall::succeeded, context, [this, call, state, done, pageUrl](const QByteArray &bytes) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            done({}, ApiError::malformed(u"the file list is not a JSON object"_s));
            return;
        }
        const RemoteFilePage page = RemoteFilePage::fromJson(doc.object());
        for (const RemoteFile &file : page.files) {
            if (file.name.isEmpty()) {
                qCWarning(lcApi) << "files.list: skipped an entry without a name";
                continue;
            }
            state->files.append(file);
        }
        ++state->pages;
        if (!page.nextPageToken.isEmpty() && state->pages < MaxPages) {
            call->continueWith(jsonSpec("GET", pageUrl(page.nextPageToken)));
            return;
        }
        if (!page.nextPageToken.isEmpty())
            qCWarning(lcApi) << "files.list: stopped after" << MaxPages << "pages";
        done(state->files, ApiError {});
    });
    startCall(call, jsonSpec("GET", pageUrl({})));
    return call;
}

ApiCall *GeminiClient::getFile(const QString &nameOrUri, QObject *context, Callback<RemoteFile> done)
{
    const QString name = remoteFileResourceName(nameOrUri);
    if (name.isEmpty())
        return failingCall(context, unusableFileName(nameOrUri), [done](const ApiError &e) { done({}, e); });
    // A 2xx body without a name is not a File: say so instead of handing out an empty one.
    Callback<RemoteFile> checked = [done = std::move(done)](const RemoteFile &file, const ApiError &error) {
        if (!error.isError() && file.name.isEmpty()) {
            done({}, ApiError::malformed(u"the reply is not a File (it has no name)"_s));
            return;
        }
        done(file, error);
    };
    return jsonCall<RemoteFile>("GET", m_config.endpoint(name), {}, context, std::move(checked),
        [](const QJsonObject &o) { return RemoteFile::fromJson(o); });
}

ApiCall *GeminiClient::deleteFile(const QString &nameOrUri, QObject *context, Callback<bool> done)
{
    const QString name = remoteFileResourceName(nameOrUri);
    if (name.isEmpty())
        return failingCall(context, unusableFileName(nameOrUri), [done](const ApiError &e) { done(false, e); });
    return jsonCall<bool>(
        "DELETE", m_config.endpoint(name), {}, context, std::move(done), [](const QJsonObject &) { return true; });
}
