#pragma once

#include "api/remotefile.h"
#include "files/uploadqueue.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

class Console;

// Shows the uploads of an UploadQueue on stderr. When stderr is a terminal: one line redrawn in
// place at most ~10 times a second (name, percent, bar, bytes, rate, time left; "N files" when
// several run at once). Otherwise plain lines, each upload's progress every 10 % or every few
// seconds, for logs. Either way one line per finished upload ("uploaded ...", or "... reused" when
// the same content was already on the server). Nothing with --quiet.
class UploadProgress final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UploadProgress)

public:
    static constexpr qint64 RedrawMs = 100;      // terminal: at most 10 redraws a second
    static constexpr qint64 PlainEveryMs = 5000; // plain: a line at least this often while it moves

    UploadProgress(UploadQueue *queue, Console *console, QObject *parent = nullptr);

    // Erases the progress line; nothing more is drawn.
    void stop();

private:
    struct Shown
    {
        int bucket = -1;     // plain: the last tenth printed
        qint64 atMs = -1;    // plain: when
        qint64 startMs = -1; // when its bytes started to move
        qint64 lastSent = -1;
        bool recovering = false;
    };

    void onItemChanged(int id);
    void onItemFinished(int id, const RemoteFile &file);
    void drawBar(bool force);
    void plain(const UploadQueue::Item &item);
    static QString label(const UploadQueue::Item &item);

    QPointer<UploadQueue> m_queue;
    Console *m_console;
    bool m_terminal = false;
    bool m_stopped = false;
    QElapsedTimer m_clock;
    qint64 m_lastDrawMs = -RedrawMs;
    QTimer m_tick; // terminal: keeps rate and time left fresh while nothing moves
    QHash<int, Shown> m_shown;
};
