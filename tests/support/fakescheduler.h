#pragma once

#include "scheduler.h"

#include <QList>
#include <QPointer>

#include <algorithm>

// A clock that only moves when the test says so; records every wait it was asked for.
class FakeScheduler final : public Scheduler
{
public:
    qint64 nowMs() const override { return m_now; }

    void schedule(qint64 delayMs, QObject *context, std::function<void()> fn) override
    {
        m_requestedDelays.append(delayMs);
        m_pending.append({m_now + delayMs, QPointer<QObject>(context), std::move(fn)});
    }

    // Moves the clock forward, running what falls due, in order.
    void advance(qint64 ms)
    {
        const qint64 target = m_now + ms;
        for (;;) {
            auto it = std::min_element(
                m_pending.begin(), m_pending.end(), [](const Pending &a, const Pending &b) { return a.due < b.due; });
            if (it == m_pending.end() || it->due > target)
                break;
            Pending p = std::move(*it);
            m_pending.erase(it);
            m_now = p.due;
            if (p.context)
                p.fn();
        }
        m_now = target;
    }

    int pendingCount() const { return int(m_pending.size()); }
    const QList<qint64> &requestedDelays() const { return m_requestedDelays; }

private:
    struct Pending
    {
        qint64 due;
        QPointer<QObject> context;
        std::function<void()> fn;
    };
    qint64 m_now = 0;
    QList<Pending> m_pending;
    QList<qint64> m_requestedDelays;
};
