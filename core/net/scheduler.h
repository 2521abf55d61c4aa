#pragma once

#include <QObject>

#include <functional>

// When to run something later, and what time it is. Retries wait through this interface so tests
// can drive their timing with a fake clock instead of sleeping.
class Scheduler
{
public:
    virtual ~Scheduler() = default;
    // Monotonic milliseconds.
    virtual qint64 nowMs() const = 0;
    // Runs fn after delayMs on context's thread, unless context is destroyed first.
    virtual void schedule(qint64 delayMs, QObject *context, std::function<void()> fn) = 0;
};

// QTimer and QElapsedTimer.
class SystemScheduler final : public Scheduler
{
public:
    SystemScheduler();
    qint64 nowMs() const override;
    void schedule(qint64 delayMs, QObject *context, std::function<void()> fn) override;
    static SystemScheduler *instance(); // stateless; shared by calls that were given no scheduler

private:
    qint64 m_origin;
};
