#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT (Ctrl-C) into the Qt signal interrupted(), delivered by the event loop: the handler
// only writes a byte to a pipe (async-signal-safe), a QSocketNotifier reads it. After the first
// SIGINT the default action is restored, so a second Ctrl-C ends a process that does not react.
// One instance at a time; the destructor restores the previous handler.
class InterruptWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InterruptWatcher)

public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    void interrupted();

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    int m_readFd = -1;
};
