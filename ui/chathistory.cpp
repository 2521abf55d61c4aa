#include "chathistory.h"

using namespace Qt::StringLiterals;

void ChatHistory::addUserTurn(const QString &text)
{
    m_contents.append(Content::user(text));
}

void ChatHistory::addModelTurn(Content content)
{
    content.role = u"model"_s;
    m_contents.append(std::move(content));
}

void ChatHistory::removeTrailingUserTurn()
{
    if (!m_contents.isEmpty() && m_contents.constLast().role == "user"_L1)
        m_contents.removeLast();
}

GenerateContentRequest ChatHistory::request() const
{
    GenerateContentRequest request;
    request.contents = m_contents;
    return request;
}
