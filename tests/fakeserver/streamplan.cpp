#include "streamplan.h"

#include "jsonwriter.h"

#include <memory>

StreamPlan::StreamPlan(Framing framing, const QList<QJsonObject> &chunks)
    : m_framing(framing)
    , m_chunks(chunks)
{ }

QByteArray StreamPlan::sseEvent(const QJsonObject &chunk)
{
    return "data: " + JsonWriter::halfCompact(chunk) + "\r\n\r\n";
}

QByteArray StreamPlan::arrayElement(const QJsonObject &chunk, bool first)
{
    return (first ? QByteArrayLiteral("[") : QByteArrayLiteral("\n,\r\n")) + JsonWriter::pretty(chunk);
}

QByteArray StreamPlan::arrayWrapped(const QJsonObject &error)
{
    return arrayElement(error, true) + arrayEnd();
}

int StreamPlan::malformedIndex() const
{
    const auto count = static_cast<int>(m_chunks.size());
    return count >= 2 ? std::max(1, count / 2) : 0;
}

QByteArray StreamPlan::event(qsizetype index) const
{
    const QJsonObject &chunk = m_chunks.at(index);
    const bool broken = m_malformed && index == malformedIndex();
    if (m_framing == Framing::Sse) {
        if (!broken)
            return sseEvent(chunk);
        const QByteArray json = JsonWriter::halfCompact(chunk);
        return "data: " + json.left(json.size() / 2) + "\r\n\r\n"; // cut in the middle: unbalanced JSON
    }
    const QByteArray element = arrayElement(chunk, index == 0);
    return broken ? element.left(element.size() / 2) : element;
}

HttpResponse::Producer StreamPlan::producer() const
{
    struct State
    {
        StreamPlan plan;
        qsizetype next = 0;
        bool delayed = false;
        bool done = false;
    };
    auto state = std::make_shared<State>(State {*this});
    return [state](HttpResponse::Step &step) {
        State &s = *state;
        if (s.done)
            return false;
        const qsizetype count = s.plan.m_chunks.size();
        const qsizetype cutAt = s.plan.m_cutAfterEvents < 0 ? -1 : std::min<qsizetype>(s.plan.m_cutAfterEvents, count);
        const qsizetype errorAt
            = s.plan.m_errorAfterEvents < 0 ? -1 : std::min<qsizetype>(s.plan.m_errorAfterEvents, count);
        const bool somethingFollows = s.next < count || s.next == cutAt || s.next == errorAt;
        if (s.next > 0 && somethingFollows && s.plan.m_eventDelayMs > 0 && !s.delayed) {
            s.delayed = true;
            step.kind = HttpResponse::Step::Kind::Delay;
            step.delayMs = s.plan.m_eventDelayMs;
            return true;
        }
        s.delayed = false;
        if (s.next == cutAt) {
            s.done = true;
            step.kind = HttpResponse::Step::Kind::Abort;
            return true;
        }
        step.kind = HttpResponse::Step::Kind::Data;
        if (s.next == errorAt) {
            s.done = true;
            if (s.plan.m_framing == Framing::Sse)
                step.data = JsonWriter::pretty(s.plan.m_error) + '\n';
            else
                step.data = arrayElement(s.plan.m_error, s.next == 0) + arrayEnd();
            return true;
        }
        if (s.next >= count) {
            s.done = true;
            if (s.plan.m_framing == Framing::Sse)
                return false;
            step.data = count == 0 ? QByteArrayLiteral("[]") : arrayEnd();
            return true;
        }
        step.data = s.plan.event(s.next);
        ++s.next;
        return true;
    };
}
