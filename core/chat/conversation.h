#pragma once

#include "api/generaterequest.h"
#include "chatturn.h"

#include <QList>

// The turns of one conversation, in order, each with an id unique in it. The exchanges that failed
// or were blocked stay visible but never go into a request: request() sends every user turn whose
// model turn has content (the chosen candidate of each), plus a trailing user turn, so the turns
// the server sees always alternate.
class Conversation final
{
public:
    const QList<ChatTurn> &turns() const { return m_turns; }
    qsizetype size() const { return m_turns.size(); }
    bool isEmpty() const { return m_turns.isEmpty(); }
    const ChatTurn &at(qsizetype row) const { return m_turns.at(row); }
    ChatTurn &at(qsizetype row) { return m_turns[row]; }

    // Appends the turn with a new id (and the current time if it has none); returns its row.
    qsizetype append(ChatTurn turn);
    // Drops the turns from `row` to the end.
    void truncate(qsizetype row);
    void clear() { m_turns.clear(); }
    // The row of the turn with this id, or -1.
    qsizetype rowOf(quint64 id) const;

    // A request with the history in `base` replaced by this conversation's (see above); every other
    // field of `base` (system instruction, generation config, safety settings, tools) is kept.
    GenerateContentRequest request(const GenerateContentRequest &base = {}) const;

private:
    QList<ChatTurn> m_turns;
    quint64 m_nextId = 1;
};
