#include "conversation.h"

qsizetype Conversation::append(ChatTurn turn)
{
    turn.id = m_nextId++;
    if (!turn.created.isValid())
        turn.created = QDateTime::currentDateTimeUtc();
    m_turns.append(std::move(turn));
    return m_turns.size() - 1;
}

void Conversation::truncate(qsizetype row)
{
    if (row >= 0 && row < m_turns.size())
        m_turns.resize(row);
}

qsizetype Conversation::rowOf(quint64 id) const
{
    for (qsizetype row = m_turns.size() - 1; row >= 0; --row) {
        if (m_turns.at(row).id == id)
            return row;
    }
    return -1;
}

GenerateContentRequest Conversation::request(const GenerateContentRequest &base) const
{
    GenerateContentRequest request = base;
    request.contents.clear();
    const qsizetype count = m_turns.size();
    for (qsizetype row = 0; row < count; ++row) {
        const ChatTurn &turn = m_turns.at(row);
        if (!turn.isUser() || !turn.hasContent())
            continue;
        // The user turns that come before this one's answer (several, when earlier sends failed)
        // collapse to the last: only an exchange with an answer, or the trailing question, goes in.
        qsizetype next = row + 1;
        if (next < count && m_turns.at(next).isUser())
            continue;
        if (next >= count) {
            request.contents.append(turn.content());
            break;
        }
        const ChatTurn &answer = m_turns.at(next);
        // A failed answer stays on screen, marked, but the server never sees it again; a blocked
        // exchange never had one.
        const bool usable = answer.state != ChatTurn::State::Failed && answer.state != ChatTurn::State::Blocked;
        if (usable && answer.hasContent() && !answer.isBusy()) {
            request.contents.append(turn.content());
            request.contents.append(answer.content());
        } else if (next == count - 1 && answer.isBusy()) {
            request.contents.append(turn.content()); // the question being answered now
        }
    }
    return request;
}
