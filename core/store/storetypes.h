#pragma once

#include "api/generaterequest.h"
#include "chat/chatturn.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// Where a conversation's title came from: the first prompt (at once), the model (a short title
// written in the background), or the user (a rename, never overwritten).
enum class TitleSource {
    Prompt,
    Model,
    User,
};

// What a conversation asks with: its model and everything of a request but the history (system
// instruction, generation config, safety settings, tools). `request.contents` is always empty.
struct ConversationSettings
{
    QString model;
    GenerateContentRequest request;

    friend bool operator==(const ConversationSettings &, const ConversationSettings &) = default;
};

// One row of the sidebar.
struct ConversationSummary
{
    qint64 id = 0;
    QString title;
    TitleSource titleSource = TitleSource::Prompt;
    QDateTime created; // UTC
    QDateTime updated; // UTC: the last turn added or changed
    bool pinned = false;
    QString model;
    int turnCount = 0; // on the visible path; -1 in ConversationStore::conversations() (not counted there)
};

// A whole conversation in memory: for export, import and duplicate. `turns` is the visible path
// (branches that are not shown are not part of a record).
struct ConversationRecord
{
    ConversationSummary summary;
    ConversationSettings settings;
    QList<ChatTurn> turns;
};

// One answer of a search: a title match (turnId 0) or a turn's text. The snippet has the matched
// words between SearchHit::MarkStart and SearchHit::MarkEnd (control characters that cannot occur in
// stored text, which is stripped of them), for the view to highlight.
struct SearchHit
{
    static constexpr QChar MarkStart = QChar(0x0002);
    static constexpr QChar MarkEnd = QChar(0x0003);

    qint64 conversationId = 0;
    qint64 turnId = 0;
    QString title;
    QString snippet;
    QDateTime updated;
    bool pinned = false;
};

Q_DECLARE_METATYPE(ConversationSummary)
Q_DECLARE_METATYPE(SearchHit)
