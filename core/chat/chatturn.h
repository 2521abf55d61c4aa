#pragma once

#include "api/apierror.h"
#include "api/content.h"
#include "api/generateresponse.h"
#include "api/usagemetadata.h"
#include "chat/attachmentplanner.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// One turn of a conversation as the user sees it: what the user wrote (with attachments), or what the
// model answered (every candidate, how the answer ended, its usage). The API's view of the turn,
// the Content that goes back to the server with the next request, is content().
struct ChatTurn
{
    enum class Role {
        User,
        Model,
    };

    enum class State {
        Done,        // user: sent; model: complete (finish reason STOP, or none on a unary answer)
        Waiting,     // model: the request is on its way (or waiting to be retried); nothing arrived yet
        Streaming,   // model: the answer is arriving
        Stopped,     // model: stopped by the user; what arrived is kept
        Failed,      // model: the request failed (error); what arrived is kept, marked
        Blocked,     // model: the prompt was blocked (promptFeedback.blockReason)
        Truncated,   // model: finish reason MAX_TOKENS; "Continue" goes on
        Filtered,    // model: finish reason SAFETY, RECITATION or another early end (finishReason() says which)
        Interrupted, // model: the app ended (quit or crash) while the answer was arriving; what was saved is kept
    };

    quint64 id = 0;   // unique in its conversation, never reused: view caches key on it
    int revision = 0; // bumped by every change of the turn: view caches compare it
    Role role = Role::User;
    State state = State::Done;
    QDateTime created;

    // History (core/store): the turn's row in the ConversationStore (0 until stored), and where the
    // turn stands among its alternatives (the other answers to the same question, or the other
    // versions of an edited question): 1-based index of branchCount. A note the app adds to the
    // turn ("talk.mp3 was uploaded again: the copy on the server had expired.").
    qint64 storeId = 0;
    int branchIndex = 1;
    int branchCount = 1;
    QString note;

    // User turns
    QString text;                  // as typed
    QList<Attachment> attachments; // as attached, for showing them and sending them again
    QList<Part> attachmentParts;   // the prepared parts (inlineData / fileData), in attachment order
    QDateTime partsPreparedAt;     // when attachmentParts were made (uploads expire 48 h later)
    QStringList attachmentHashes;  // hex SHA-256 of each attachment once in the BlobCache (then its path is the blob's)

    // Model turns
    QString model;               // the model that was asked
    QList<Candidate> candidates; // by candidate index; empty until something arrived
    int chosenCandidate = 0;     // the one shown and sent back in the history
    std::optional<PromptFeedback> promptFeedback;
    std::optional<UsageMetadata> usage;
    QString modelVersion;
    ApiError error; // Failed: why

    bool isUser() const { return role == Role::User; }
    bool isModel() const { return role == Role::Model; }
    bool isBusy() const { return state == State::Waiting || state == State::Streaming; }

    const Candidate *chosen() const;
    QString finishReason() const; // of the chosen candidate

    // What is shown: the user's text, or the chosen candidate's answer as Markdown (thoughts excluded).
    QString markdown() const;
    // The chosen candidate's thought summaries, joined.
    QString thoughts() const;

    // The turn as the API sees it. User: the attachment parts, then the text. Model: the chosen
    // candidate's content, every part kept (thoughts, thoughtSignature, function calls, code).
    Content content() const;
    // Whether the turn can go into a request's history (model turns with no parts cannot).
    bool hasContent() const;

    // The state in plain words for the footer of a model turn: why an answer was blocked (the reason
    // and the categories that were flagged), cut off, filtered or stopped; the error's message. Empty
    // for Done, Waiting and Streaming.
    QString notice() const;
};
