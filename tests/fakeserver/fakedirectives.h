#pragma once

#include "fakegeminiserver.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

// In-band steering of the fake server from any client (curl, the CLI, the app): lines of the form
//     @fake key=value [key=value …]
// in the last user turn's text are removed from what the server "sees" and override the Script:
//     status=503              answer with that HTTP status and its real error body
//     retry-delay=2s          429: RetryInfo.retryDelay
//     retry-after=3           Retry-After header (seconds)
//     reply-bytes=N           the answer is N bytes of varied Markdown (ProseGenerator)
//     chunk-chars=N           characters of text per stream event
//     event-delay-ms=N        pause between stream events
//     cut-after-events=N      close the connection after N events
//     cut-after-bytes=N       close the connection after N body bytes
//     error-after-events=N    bare 503 error object after N events (mid-stream error)
//     finish=MAX_TOKENS       finish reason of the last chunk (SAFETY, RECITATION, …)
//     truncate                no finishReason at all
//     block                   blocked prompt (promptFeedback only)
//     malformed               one broken JSON event mid-stream
//     write-bytes=N           write the body in N-byte pieces
//     delay-ms=N              pause before the response head
//     thought=<rest of line>  thought summary (sent when includeThoughts is set)
// Unknown keys or bad values make the request fail with HTTP 400 naming them.
class FakeDirectives final
{
public:
    struct Extracted
    {
        QStringList lines;    // the directive lines, without "@fake"
        QString lastUserText; // text parts of the last user turn, directive lines removed, joined with " "
    };

    static Extracted extract(const QJsonObject &normalizedRequest);
    // Applies the lines; returns an error message naming the offending keys, or an empty string.
    static QString apply(const QStringList &lines, FakeGeminiServer::Script &script);
    static QStringList knownKeys();
    // Removes directive lines from one text; appends them (without "@fake") to `lines`.
    static QString strip(const QString &text, QStringList *lines);
};
