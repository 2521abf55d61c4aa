// alhena-fake-server: the fake Gemini API server as a standalone process, for the CLI tests,
// benchmarks and for trying the app without network access.
#include "fakefileservice.h"
#include "fakegeminiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int signalPipe[2] = {-1, -1};

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[0], &byte, 1);
}

bool parseNonNegative(const QString &text, int &value)
{
    bool ok = false;
    const int parsed = text.toInt(&ok);
    if (!ok || parsed < 0)
        return false;
    value = parsed;
    return true;
}

bool parseNonNegative64(const QString &text, qint64 &value)
{
    bool ok = false;
    const qint64 parsed = text.toLongLong(&ok);
    if (!ok || parsed < 0)
        return false;
    value = parsed;
    return true;
}

QString loggedTarget(const FakeGeminiServer::Request &request)
{
    QUrlQuery query = request.query;
    if (query.hasQueryItem(u"key"_s)) { // never log the API key
        query.removeAllQueryItems(u"key"_s);
        query.addQueryItem(u"key"_s, u"REDACTED"_s);
    }
    if (query.hasQueryItem(u"upload_id"_s)) { // an upload URL authorises itself: log only its start
        const QString id = query.queryItemValue(u"upload_id"_s);
        query.removeAllQueryItems(u"upload_id"_s);
        query.addQueryItem(u"upload_id"_s, id.left(12) + u"..."_s);
    }
    const QString queryText = query.toString(QUrl::FullyDecoded);
    return queryText.isEmpty() ? request.path : request.path + u'?' + queryText;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"alhena-fake-server"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A local fake of the Gemini API (generativelanguage.googleapis.com) for tests and offline use.\n"
        "Steer an answer from any client by putting lines such as '@fake status=503' or\n"
        "'@fake reply-bytes=20000 chunk-chars=80' into the last user message.\n"
        "The Files API (resumable, multipart and media uploads; files.get/list/delete) is served too;\n"
        "the options below shape uploads."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption hostOption(
        u"host"_s, u"Address to listen on (default 127.0.0.1)."_s, u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption portOption(
        u"port"_s, u"Port to listen on; 0 picks a free one (default 8080)."_s, u"port"_s, u"8080"_s);
    const QCommandLineOption keyOption(
        u"key"_s, u"The API key clients must send (default test-key)."_s, u"key"_s, u"test-key"_s);
    const QCommandLineOption delayOption(u"event-delay-ms"_s,
        u"Pause between stream events, so streaming is visible (default 20; 0 = "
        "full speed)."_s,
        u"ms"_s, u"20"_s);
    const QCommandLineOption chunkOption(
        u"chunk-chars"_s, u"Characters of text per stream event (default: about 24)."_s, u"n"_s, u"0"_s);
    const QCommandLineOption quietOption(u"quiet"_s, u"Do not log requests on stderr."_s);
    // Files API (resumable uploads on /upload/v1beta/files).
    const QCommandLineOption granularityOption(u"granularity"_s,
        u"Upload chunk granularity: non-final chunks must be multiples of it (default 8388608)."_s, u"bytes"_s,
        QString::number(FakeFileService::defaultGranularity));
    const QCommandLineOption processingOption(u"processing-ms"_s,
        u"How long uploaded videos stay PROCESSING before they become ACTIVE (default 5000)."_s, u"ms"_s, u"5000"_s);
    const QCommandLineOption cutUploadOption(u"cut-upload-at"_s,
        u"Cut the connection once, when the first upload reaches this absolute byte offset of its file "
        "(nothing is answered; the tail after the last whole granule is dropped)."_s,
        u"bytes"_s);
    const QCommandLineOption chunkStatusOption(u"chunk-status"_s,
        u"Answer the first upload chunk with this HTTP status (e.g. 503) and its real error body; nothing of "
        "that chunk is stored."_s,
        u"code"_s);
    const QCommandLineOption linkRateOption(u"link-rate"_s,
        u"Read upload bodies no faster than this many bytes per second (a slow link; default unlimited)."_s,
        u"bytes-per-s"_s, u"0"_s);
    const QCommandLineOption replyFileOption(u"reply-file"_s,
        u"Answer every request with the Markdown in this file (instead of the echo), e.g. for a demo."_s, u"path"_s);
    parser.addOptions({hostOption, portOption, keyOption, delayOption, chunkOption, quietOption, granularityOption,
        processingOption, cutUploadOption, chunkStatusOption, linkRateOption, replyFileOption});
    parser.process(app);

    const QHostAddress address(parser.value(hostOption));
    int port = 0;
    int eventDelay = 0;
    int chunkChars = 0;
    if (address.isNull()) {
        std::fprintf(stderr, "alhena-fake-server: invalid --host address\n");
        return 2;
    }
    if (!parseNonNegative(parser.value(portOption), port) || port > 65535
        || !parseNonNegative(parser.value(delayOption), eventDelay)
        || !parseNonNegative(parser.value(chunkOption), chunkChars)) {
        std::fprintf(stderr, "alhena-fake-server: --port, --event-delay-ms and --chunk-chars take numbers >= 0\n");
        return 2;
    }

    qint64 granularity = 0;
    qint64 processingMs = 0;
    qint64 linkRate = 0;
    qint64 cutAt = -1;
    int chunkStatus = 0;
    if (!parseNonNegative64(parser.value(granularityOption), granularity) || granularity == 0
        || !parseNonNegative64(parser.value(processingOption), processingMs)
        || !parseNonNegative64(parser.value(linkRateOption), linkRate)
        || (parser.isSet(cutUploadOption) && !parseNonNegative64(parser.value(cutUploadOption), cutAt))
        || (parser.isSet(chunkStatusOption)
            && (!parseNonNegative(parser.value(chunkStatusOption), chunkStatus) || chunkStatus < 100
                || chunkStatus > 599))) {
        std::fprintf(stderr,
            "alhena-fake-server: --granularity (> 0), --processing-ms, --link-rate and --cut-upload-at take numbers "
            ">= 0; --chunk-status takes an HTTP status (100-599)\n");
        return 2;
    }

    FakeGeminiServer server;
    server.setApiKey(parser.value(keyOption));
    FakeFileService *files = server.files();
    files->setGranularity(granularity);
    files->setProcessingMs(processingMs);
    files->setLinkBytesPerSecond(linkRate);
    if (chunkStatus != 0) {
        FakeFileService::ChunkFault fault;
        fault.httpStatus = chunkStatus;
        files->enqueueChunkFault(fault);
    }
    if (cutAt >= 0) { // after --chunk-status: a cut waits at the front of the queue until an upload reaches it
        FakeFileService::ChunkFault fault;
        fault.cutAtOffset = cutAt;
        files->enqueueChunkFault(fault);
    }
    FakeGeminiServer::Script script;
    script.eventDelayMs = eventDelay;
    script.chunkChars = chunkChars;
    if (parser.isSet(replyFileOption)) {
        QFile reply(parser.value(replyFileOption));
        if (!reply.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "alhena-fake-server: cannot read --reply-file %s: %s\n", qPrintable(reply.fileName()),
                qPrintable(reply.errorString()));
            return 2;
        }
        script.replyText = QString::fromUtf8(reply.readAll());
    }
    server.setDefaultScript(script);
    if (!server.listen(address, static_cast<quint16>(port))) {
        std::fprintf(stderr, "alhena-fake-server: cannot listen on %s:%d: %s\n", qPrintable(address.toString()), port,
            qPrintable(server.errorString()));
        return 1;
    }

    if (!parser.isSet(quietOption)) {
        QObject::connect(&server, &FakeGeminiServer::requestAnswered, &server,
            [](const FakeGeminiServer::Request &request, int status) {
                const QString time = QDateTime::currentDateTime().toString(u"hh:mm:ss.zzz"_s);
                const QByteArray outcome = status == 0 ? QByteArray("cut") : QByteArray::number(status);
                std::fprintf(stderr, "%s #%d %s %s -> %s (%lld bytes in)\n", qPrintable(time), request.connectionIndex,
                    request.method.constData(), qPrintable(loggedTarget(request)), outcome.constData(),
                    static_cast<long long>(request.bodyBytes));
            });
    }

    // SIGINT/SIGTERM: leave the event loop through a socket pair (the only async-signal-safe way).
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[1], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier]() {
            notifier->setEnabled(false);
            char byte = 0;
            [[maybe_unused]] const ssize_t received = ::read(signalPipe[1], &byte, 1);
            QCoreApplication::quit();
        });
        struct sigaction action = {};
        action.sa_handler = onTerminationSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    }

    std::printf("alhena-fake-server listening on %s (key: %s)\n",
        qPrintable(server.baseUrl().toString(QUrl::FullyEncoded)), qPrintable(server.apiKey()));
    std::fflush(stdout);
    return app.exec();
}
