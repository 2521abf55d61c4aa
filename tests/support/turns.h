#pragma once

#include "chat/chatturn.h"

#include <QString>

// A user turn with just its text, as the tests of the chat, its views and the history build them.
inline ChatTurn userTurn(const QString &text)
{
    ChatTurn turn;
    turn.role = ChatTurn::Role::User;
    turn.text = text;
    return turn;
}
