#include "scheduler.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTimer>

namespace {
qint64 monotonicMs()
{
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer.elapsed();
}
} // namespace

SystemScheduler::SystemScheduler()
    : m_origin(monotonicMs())
{ }

qint64 SystemScheduler::nowMs() const
{
    return monotonicMs() - m_origin;
}

void SystemScheduler::schedule(qint64 delayMs, QObject *context, std::function<void()> fn)
{
    const int ms = int(std::clamp<qint64>(delayMs, 0, std::numeric_limits<int>::max()));
    QTimer::singleShot(ms, context, std::move(fn));
}

SystemScheduler *SystemScheduler::instance()
{
    static SystemScheduler scheduler;
    return &scheduler;
}
