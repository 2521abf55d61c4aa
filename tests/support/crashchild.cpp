// alhena-crashchild <db path> <blob folder> [stream|tight] [prompt]
//
// The victim of tst_crashsafety: streams one long answer from an in-process fake Gemini server into a
// ChatModel recorded by a HistoryRecorder on the real database file, and says on stdout (unbuffered)
// how far it got, so the test can kill it (SIGKILL) at any moment and then check the file:
//     ready <ms>                  the database is open and the server listens
//     sent <ms> <conversation>    send() returned: the user turn and the Waiting answer are committed
//     <ms> <length>               the answer has this many characters (a line per change)
//     done <ms> <length> <state>  the exchange ended (the test usually kills before)
//     error <message>             something went wrong before streaming (exit code 1)
// "tight" writes the answer after every change instead of every SaveIntervalMs, so that a kill is
// likely to land in the middle of a write.
#include "chat/chatmodel.h"
#include "chat/chatsession.h"
#include "fakegeminiserver.h"
#include "geminiclient.h"
#include "store/blobcache.h"
#include "store/conversationstore.h"
#include "store/database.h"
#include "store/historyrecorder.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

QElapsedTimer clock_;

void say(const QByteArray &line)
{
    const QByteArray out = line + '\n';
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fflush(stdout);
}

int fail(const QString &message)
{
    say("error " + message.toUtf8());
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    clock_.start();
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3)
        return fail(u"usage: alhena-crashchild <db path> <blob folder> [stream|tight] [prompt]"_s);
    const bool tight = args.size() > 3 && args.at(3) == "tight"_L1;
    const QString prompt = args.size() > 4
        ? args.at(4)
        : u"Tell me a long story.\n@fake event-delay-ms=20 chunk-chars=8 reply-bytes=20000"_s;

    Database database(args.at(1));
    if (!database.open())
        return fail(database.message());
    BlobCache blobs(args.at(2));
    ConversationStore store(&database, &blobs);

    FakeGeminiServer server;
    if (!server.listen())
        return fail(server.errorString());
    QNetworkAccessManager nam;
    ClientConfig config;
    config.baseUrl = server.baseUrl();
    config.apiKey = server.apiKey();
    GeminiClient client(&nam, config);

    ChatModel model;
    ChatSession session(&client, &model, nullptr);
    session.setModelName(u"gemini-2.5-flash"_s);
    HistoryRecorder recorder(&model, &store);
    ConversationSettings settings;
    settings.model = session.modelName();
    recorder.setSettingsForNew(settings);
    QObject::connect(&recorder, &HistoryRecorder::saveFailed, &app,
        [](const QString &message) { say("savefailed " + message.toUtf8()); });
    say("ready " + QByteArray::number(clock_.elapsed()));

    // Polled rather than hooked to dataChanged (coalesced to 30 a second): a line per delta.
    qsizetype reported = 0;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        const int row = session.activeRow();
        if (row < 0)
            return;
        const qsizetype length = model.turn(row).markdown().size();
        if (length == reported)
            return;
        reported = length;
        if (tight)
            recorder.flush();
        say(QByteArray::number(clock_.elapsed()) + ' ' + QByteArray::number(length));
    });
    QObject::connect(&session, &ChatSession::exchangeFinished, &app, [&](int row) {
        poll.stop();
        const ChatTurn &turn = model.turn(row);
        recorder.flush();
        say("done " + QByteArray::number(clock_.elapsed()) + ' ' + QByteArray::number(turn.markdown().size()) + ' '
            + QByteArray::number(int(turn.state)));
        QCoreApplication::quit();
    });

    if (!session.send(prompt))
        return fail(u"send() refused"_s);
    say("sent " + QByteArray::number(clock_.elapsed()) + ' ' + QByteArray::number(recorder.conversationId()));
    poll.start();
    return app.exec();
}
