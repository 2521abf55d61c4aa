#pragma once

#include "httprequestparser.h"
#include "modelcatalog.h"

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QQueue>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

class FakeFileService;
class HttpConnection;
class HttpResponse;
class QTcpServer;

// A local, scriptable stand-in for generativelanguage.googleapis.com (gemini-api.md §11 items 1–6).
// Real HTTP/1.1 on a QTcpServer: keep-alive, pipelining, chunked request bodies,
// `Expect: 100-continue`. Replies are byte-exact to the recorded real server (pretty unary JSON,
// `data: …\r\n\r\n` SSE, the `[{…}\n,\r\n{…}\n]` JSON-array stream). Independent of the client
// core on purpose: it implements the protocol from the spec, so tests are not circular.
//
// Steering: enqueue() a Script per generate/stream request, setDefaultScript(), or put
// `@fake key=value …` lines into the last user text (see FakeDirectives for the keys).
// The Files API (uploads, files.get/list/delete, fileData checks) is files(): FakeFileService.
class FakeGeminiServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeGeminiServer)

public:
    struct Request // one HTTP request as received
    {
        QByteArray method; // "GET", "POST", "DELETE"
        QString path;      // "/v1beta/models/gemini-2.5-flash:streamGenerateContent" (decoded, no query)
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers; // names lower-cased; repeated headers joined with ", "
        QByteArray body;                       // empty when the body was streamed (uploads)
        qint64 bodyBytes = 0;                  // body bytes received (for a cut upload: up to the cut)
        bool bodyStreamed = false;             // the body went to the Files API as it arrived, never buffered
        int connectionIndex = 0;               // 1-based number of the TCP connection it arrived on
        QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
        QJsonObject json() const; // body parsed as an object ({} if not)
    };

    struct Script // how to answer ONE generateContent/streamGenerateContent request
    {
        int httpStatus = 200;       // != 200: the real error body for that status, array-wrapped for non-SSE streams
        QString errorMessage;       // overrides the default message for httpStatus (and of a mid-stream error)
        QString retryDelay;         // 429: RetryInfo.retryDelay, e.g. "2s" (empty = no RetryInfo)
        int retryAfterSeconds = -1; // >= 0: add a Retry-After header
        QByteArray rawBody;         // non-empty: send exactly this body with httpStatus and rawContentType
        QByteArray rawContentType = "application/json; charset=UTF-8";
        QString replyText;         // the answer text (default: the echo text)
        QString thoughtText;       // thought summary sent first as parts with "thought": true (needs includeThoughts)
        QList<QJsonObject> chunks; // exact GenerateContentResponse chunks to send (overrides replyText/thoughtText)
        int chunkChars = 0;        // characters of text per stream event (0 = ~24, split at word boundaries)
        QString finishReason = QStringLiteral("STOP");
        bool omitFinishReason = false; // a stream that just ends (truncated)
        bool blockPrompt = false;      // HTTP 200, only promptFeedback {blockReason SAFETY, safetyRatings}
        int delayBeforeHeadersMs = 0;
        int eventDelayMs = 0;               // pause between stream events
        int cutAfterEvents = -1;            // >= 0: close the TCP connection after N events (no chunked terminator)
        qint64 cutAfterBodyBytes = -1;      // >= 0: close the connection after N bytes of body
        int midStreamErrorAfterEvents = -1; // >= 0: after N events append the bare pretty JSON 503 error object
        bool malformedEvent = false;        // one event whose JSON is broken, mid-stream
        int writeBytes = 0; // > 0: write the body to the socket in pieces of this many bytes, each flushed
    };

    explicit FakeGeminiServer(QObject *parent = nullptr);
    ~FakeGeminiServer() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void close();
    bool isListening() const;
    QString errorString() const;
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:<port>  (no trailing slash, no version)

    void setApiKey(const QString &key); // default "test-key"
    QString apiKey() const { return m_apiKey; }
    void setModels(const QList<QJsonObject> &models); // default: ModelCatalog::defaultModels()
    QList<QJsonObject> models() const { return m_catalog.models(); }

    void enqueue(const Script &script);          // FIFO; each script answers the next generate/stream request
    void setDefaultScript(const Script &script); // used when the queue is empty
    Script defaultScript() const { return m_defaultScript; }
    int pendingScripts() const { return static_cast<int>(m_scripts.size()); }

    FakeFileService *files() const { return m_files; }

    // Every request received, in order (a streamed upload when its body ended, or when its connection was cut).
    QList<Request> requests() const { return m_requests; }
    QList<Request> requests(const QString &pathContains) const;
    void clearRequests() { m_requests.clear(); }
    int connectionCount() const { return m_connectionCount; } // TCP connections accepted so far
    // Streamed upload bodies still arriving; a client that went away is recorded once its socket closes.
    int openUploads() const { return static_cast<int>(m_streams.size()); }

Q_SIGNALS:
    void requestReceived(const FakeGeminiServer::Request &request);
    // After the request was routed: the HTTP status its response carries (for logging); 0 when an
    // upload's connection was cut or closed before its body ended.
    void requestAnswered(const FakeGeminiServer::Request &request, int httpStatus);

private:
    struct StreamedRequest; // an upload whose body is arriving

    void onNewConnection();
    static Request makeRequest(const HttpRequestParser::Message &message, int connectionIndex);
    QJsonObject authError(const Request &request) const;
    std::shared_ptr<StreamedRequest> beginStream(const Request &head);
    void onConnectionClosed(HttpConnection *connection);
    void handle(HttpConnection *connection, const Request &request);
    HttpResponse routeFiles(const Request &request, const QString &apiVersion, const QString &rest);
    // fileData parts naming files of this server: an error body, or {} (mime types filled in, labels for the echo).
    QJsonObject checkFileParts(QJsonObject &request, QHash<QString, QString> *labels);
    HttpResponse route(const Request &request);
    HttpResponse listModels(const Request &request);
    HttpResponse getModel(const QString &modelId, const QString &apiVersion);
    HttpResponse generate(const Request &request, const QString &modelId, const QString &apiVersion, bool stream);
    HttpResponse countTokens(const Request &request, const QString &modelId, const QString &apiVersion);
    HttpResponse embedContent(const Request &request, const QString &modelId, const QString &apiVersion, bool batch);
    Script takeScript();
    QString nextResponseId(const QByteArray &seed);

    QTcpServer *m_server = nullptr;
    FakeFileService *m_files = nullptr;
    QHash<HttpConnection *, std::shared_ptr<StreamedRequest>> m_streams;
    ModelCatalog m_catalog;
    QString m_apiKey = QStringLiteral("test-key");
    QQueue<Script> m_scripts;
    Script m_defaultScript;
    QList<Request> m_requests;
    int m_connectionCount = 0;
    quint64 m_responseCounter = 0;
};

Q_DECLARE_METATYPE(FakeGeminiServer::Request)
