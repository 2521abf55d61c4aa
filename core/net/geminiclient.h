#pragma once

#include "api/apierror.h"
#include "api/embedding.h"
#include "api/generaterequest.h"
#include "api/modelinfo.h"
#include "api/remotefile.h"
#include "api/tokencount.h"
#include "apicall.h"
#include "clientconfig.h"

#include <QNetworkRequest>
#include <QObject>

#include <functional>

class GenerateCall;
class QNetworkAccessManager;
class Scheduler;

// The Gemini REST API (v1beta by default) over one injected QNetworkAccessManager.
// Generation returns a GenerateCall that streams signals; the other methods call `done` exactly once
// on `context`'s thread (not at all if context is destroyed first) and return the ApiCall, which can
// be cancelled (done then receives a Cancelled error).
class GeminiClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GeminiClient)

public:
    template<typename T> using Callback = std::function<void(const T &value, const ApiError &error)>;

    GeminiClient(QNetworkAccessManager *nam, const ClientConfig &config, QObject *parent = nullptr);

    const ClientConfig &config() const { return m_config; }
    void setConfig(const ClientConfig &config) { m_config = config; }
    void setApiKey(const QString &key) { m_config.apiKey = key; }
    bool hasApiKey() const { return !m_config.apiKey.isEmpty(); }
    // Tests drive retry timing with a fake clock; null restores the system clock.
    void setScheduler(Scheduler *scheduler) { m_scheduler = scheduler; }
    // The clock in use (the system one unless a test injected its own); never null.
    Scheduler *scheduler() const;
    QNetworkAccessManager *networkAccessManager() const { return m_nam; }
    // A request to url carrying the key header, user agent and the same-origin redirect rule.
    QNetworkRequest authorizedRequest(const QUrl &url) const { return makeRequest(url); }
    // Why nothing can be sent right now (no key, unusable endpoint); no error when all is well.
    ApiError preflight() const;

    // POST models/{model}:streamGenerateContent?alt=sse
    GenerateCall *streamGenerateContent(const QString &model, const GenerateContentRequest &request);
    // POST models/{model}:generateContent
    GenerateCall *generateContent(const QString &model, const GenerateContentRequest &request);

    // GET models, following nextPageToken to the last page.
    ApiCall *listModels(QObject *context, Callback<QList<ModelInfo>> done, int pageSize = 0);
    ApiCall *getModel(const QString &model, QObject *context, Callback<ModelInfo> done);
    // POST models/{model}:countTokens; system instruction, tools and config are counted too.
    ApiCall *countTokens(
        const QString &model, const GenerateContentRequest &request, QObject *context, Callback<TokenCount> done);
    ApiCall *embedContent(
        const QString &model, const EmbedContentRequest &request, QObject *context, Callback<EmbeddingResult> done);
    ApiCall *batchEmbedContents(const QString &model, const QList<EmbedContentRequest> &requests, QObject *context,
        Callback<EmbeddingResult> done);

    // Files API (gemini-api.md §7.4). Each takes "files/abc", "abc" or the file's uri; a text that
    // cannot name a file fails with InvalidRequest without sending anything.
    // GET files?pageSize=&pageToken=, following nextPageToken to the last page; pageSize is capped at
    // MaxFilesPageSize. A project with no files lists as an empty list.
    ApiCall *listFiles(QObject *context, Callback<QList<RemoteFile>> done, int pageSize = MaxFilesPageSize);
    // GET files/{id}: the bare File. A missing or expired file is a 403 (PermissionDenied).
    ApiCall *getFile(const QString &nameOrUri, QObject *context, Callback<RemoteFile> done);
    // DELETE files/{id}; done gets true on success.
    ApiCall *deleteFile(const QString &nameOrUri, QObject *context, Callback<bool> done);

    // Upper limit on the pages listModels and listFiles follow, against a server that never stops paging.
    static constexpr int MaxPages = 100;
    static constexpr int MaxFilesPageSize = 100; // files.list's own maximum

private:
    QNetworkRequest makeRequest(const QUrl &url) const;
    ApiCall *newCall();
    GenerateCall *generate(const QString &model, const GenerateContentRequest &request, bool streaming);
    // Sends a JSON call; parse turns the 2xx body into T or sets the error.
    template<typename T>
    ApiCall *jsonCall(const QByteArray &verb, const QUrl &url, const QByteArray &body, QObject *context,
        Callback<T> done, std::function<T(const QJsonObject &)> parse);
    ApiCall::Spec jsonSpec(const QByteArray &verb, const QUrl &url, const QByteArray &body = {}) const;
    // A call that fails with error on the next event-loop turn, without sending anything.
    ApiCall *failingCall(QObject *context, const ApiError &error, std::function<void(const ApiError &)> fail);
    ApiError unusableFileName(const QString &nameOrUri) const;
    // Starts the call, or fails it asynchronously when the client cannot send (no key, bad endpoint).
    void startCall(ApiCall *call, const ApiCall::Spec &spec);

    QNetworkAccessManager *m_nam;
    ClientConfig m_config;
    Scheduler *m_scheduler = nullptr;
};
