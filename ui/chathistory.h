#pragma once

#include "api/content.h"
#include "api/generaterequest.h"

#include <QList>

// The turns of one conversation as the API sees them: user and model Contents, alternating. The
// model's turns are kept whole (thought parts and thought signatures included), so they go back to
// the server unchanged with the next request.
class ChatHistory final
{
public:
    void addUserTurn(const QString &text);
    void addModelTurn(Content content);
    // Drops the last turn if it is the user's: a request that brought no answer leaves no trace,
    // and the turns stay alternating.
    void removeTrailingUserTurn();
    void clear() { m_contents.clear(); }

    const QList<Content> &contents() const { return m_contents; }
    bool isEmpty() const { return m_contents.isEmpty(); }
    qsizetype size() const { return m_contents.size(); }

    // A request carrying the whole history.
    GenerateContentRequest request() const;

private:
    QList<Content> m_contents;
};
