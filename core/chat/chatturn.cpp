#include "chatturn.h"

#include "api/safety.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(ChatTurn)
};

QString blockReasonText(const QString &reason)
{
    if (reason == "SAFETY"_L1)
        return Tr::tr("for safety reasons");
    if (reason == "BLOCKLIST"_L1)
        return Tr::tr("because it contains terms on a blocklist");
    if (reason == "PROHIBITED_CONTENT"_L1)
        return Tr::tr("because it may contain prohibited content");
    if (reason == "IMAGE_SAFETY"_L1)
        return Tr::tr("because an image was judged unsafe");
    if (reason == "OTHER"_L1 || reason.isEmpty())
        return Tr::tr("for an unspecified reason");
    return Tr::tr("(%1)").arg(reason);
}

// The categories that were flagged: those marked blocked, else those rated MEDIUM or HIGH.
QStringList flaggedCategories(const QList<SafetyRating> &ratings)
{
    QStringList names;
    for (const SafetyRating &rating : ratings) {
        if (rating.blocked)
            names.append(Safety::categoryDisplayName(rating.category));
    }
    if (!names.isEmpty())
        return names;
    for (const SafetyRating &rating : ratings) {
        if (rating.probability == "HIGH"_L1 || rating.probability == "MEDIUM"_L1)
            names.append(Safety::categoryDisplayName(rating.category));
    }
    return names;
}

} // namespace

const Candidate *ChatTurn::chosen() const
{
    if (candidates.isEmpty())
        return nullptr;
    return &candidates.at(std::clamp<qsizetype>(chosenCandidate, 0, candidates.size() - 1));
}

QString ChatTurn::finishReason() const
{
    const Candidate *candidate = chosen();
    return candidate ? candidate->finishReason : QString();
}

QString ChatTurn::markdown() const
{
    if (isUser())
        return text;
    const Candidate *candidate = chosen();
    return candidate ? candidate->content.text() : QString();
}

QString ChatTurn::thoughts() const
{
    const Candidate *candidate = chosen();
    return isModel() && candidate ? candidate->content.thoughtText() : QString();
}

Content ChatTurn::content() const
{
    if (isUser()) {
        Content content;
        content.role = u"user"_s;
        content.parts = attachmentParts;
        if (!text.isEmpty())
            content.parts.append(Part::fromText(text));
        return content;
    }
    const Candidate *candidate = chosen();
    Content content = candidate ? candidate->content : Content {};
    content.role = u"model"_s;
    return content;
}

bool ChatTurn::hasContent() const
{
    if (isUser())
        return !text.isEmpty() || !attachmentParts.isEmpty();
    const Candidate *candidate = chosen();
    if (!candidate)
        return false;
    // Thought summaries alone are no answer to send back (a stop while the model was thinking).
    return std::any_of(candidate->content.parts.cbegin(), candidate->content.parts.cend(),
        [](const Part &part) { return !part.thought || !part.thoughtSignature.isEmpty(); });
}

QString ChatTurn::notice() const
{
    switch (state) {
    case State::Done:
    case State::Waiting:
    case State::Streaming:
        return {};
    case State::Stopped:
        return hasContent() ? Tr::tr("Stopped. The answer so far is kept.")
                            : Tr::tr("Stopped before any answer arrived.");
    case State::Failed: {
        const QString message = error.isError() ? error.userMessage() : Tr::tr("The model sent no answer.");
        return hasContent() ? Tr::tr("%1 The answer so far is kept.").arg(message) : message;
    }
    case State::Blocked: {
        const PromptFeedback feedback = promptFeedback.value_or(PromptFeedback {});
        QString words = Tr::tr("Your message was blocked %1.").arg(blockReasonText(feedback.blockReason));
        const QStringList categories = flaggedCategories(feedback.safetyRatings);
        if (!categories.isEmpty())
            words += u' ' + Tr::tr("Flagged: %1.").arg(categories.join(", "_L1));
        if (!feedback.blockReasonMessage.isEmpty())
            words += u' ' + feedback.blockReasonMessage;
        return words + u' ' + Tr::tr("Edit it and send again.");
    }
    case State::Truncated:
        return Tr::tr("The answer was cut off: it reached the maximum output length.");
    case State::Interrupted:
        return hasContent()
            ? Tr::tr("Interrupted: Alhena was closed while the answer was arriving. The answer so far is kept.")
            : Tr::tr("Interrupted: Alhena was closed before the answer arrived.");
    case State::Filtered: {
        const QString reason = finishReason();
        const Candidate *candidate = chosen();
        QString words;
        if (reason == "SAFETY"_L1) {
            words = Tr::tr("The answer was stopped by the safety filters.");
            const QStringList categories = candidate ? flaggedCategories(candidate->safetyRatings) : QStringList();
            if (!categories.isEmpty())
                words += u' ' + Tr::tr("Flagged: %1.").arg(categories.join(", "_L1));
        } else if (reason == "RECITATION"_L1) {
            words = Tr::tr("The answer was stopped because it resembled existing material too closely (recitation).");
        } else if (reason == "PROHIBITED_CONTENT"_L1 || reason == "SPII"_L1 || reason == "BLOCKLIST"_L1) {
            words = Tr::tr("The answer was stopped because it may contain prohibited or sensitive content.");
        } else if (reason == "MALFORMED_FUNCTION_CALL"_L1) {
            words = Tr::tr("The answer ended early: the model produced a malformed function call.");
        } else {
            words = Tr::tr("The answer ended early (%1).").arg(reason.isEmpty() ? Tr::tr("no reason given") : reason);
        }
        if (candidate && !candidate->finishMessage.isEmpty())
            words += u' ' + candidate->finishMessage;
        return words;
    }
    }
    return {};
}
