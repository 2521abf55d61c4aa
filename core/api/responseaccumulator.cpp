#include "responseaccumulator.h"

#include <algorithm>

namespace {
// Text arriving in a stream is appended to the previous text part, unless that part carries a
// thought signature (it must stay with the text it was sent with) or is of the other kind
// (thought vs answer).
bool canMerge(const Part &last, const Part &incoming)
{
    return last.kind == Part::Kind::Text && incoming.kind == Part::Kind::Text && last.thought == incoming.thought
        && last.thoughtSignature.isEmpty() && !last.videoMetadata && !incoming.videoMetadata;
}
} // namespace

void ResponseAccumulator::reset()
{
    m_response = {};
    m_chunks = 0;
}

Candidate &ResponseAccumulator::candidateAt(int index)
{
    auto it = std::find_if(m_response.candidates.begin(), m_response.candidates.end(),
        [index](const Candidate &c) { return c.index == index; });
    if (it != m_response.candidates.end())
        return *it;
    Candidate c;
    c.index = index;
    c.content.role = QStringLiteral("model");
    auto pos = std::upper_bound(m_response.candidates.begin(), m_response.candidates.end(), index,
        [](int i, const Candidate &other) { return i < other.index; });
    return *m_response.candidates.insert(pos, c);
}

QList<ResponseDelta> ResponseAccumulator::add(const GenerateContentResponse &chunk)
{
    ++m_chunks;
    QList<ResponseDelta> deltas;

    for (const Candidate &in : chunk.candidates) {
        Candidate &out = candidateAt(in.index);
        if (!in.content.role.isEmpty())
            out.content.role = in.content.role;
        for (const Part &part : in.content.parts) {
            const bool isText = part.kind == Part::Kind::Text;
            if (isText && part.text.isEmpty() && part.thoughtSignature.isEmpty())
                continue; // nothing to keep
            if (isText && !out.content.parts.isEmpty() && canMerge(out.content.parts.last(), part)) {
                Part &last = out.content.parts.last();
                if (m_retainText)
                    last.text += part.text;
                last.thoughtSignature = part.thoughtSignature;
            } else {
                out.content.parts.append(part);
                if (isText && !m_retainText)
                    out.content.parts.last().text.clear();
            }
            if (isText && !part.text.isEmpty())
                deltas.append(
                    {part.thought ? ResponseDelta::Type::Thought : ResponseDelta::Type::Text, in.index, part.text, {}});
            else if (!isText)
                deltas.append({ResponseDelta::Type::OtherPart, in.index, {}, part});
        }
        if (!in.finishReason.isEmpty())
            out.finishReason = in.finishReason;
        if (!in.finishMessage.isEmpty())
            out.finishMessage = in.finishMessage;
        if (!in.safetyRatings.isEmpty())
            out.safetyRatings = in.safetyRatings;
        for (const CitationSource &s : in.citations) {
            if (!out.citations.contains(s))
                out.citations.append(s);
        }
        if (!in.groundingMetadata.isEmpty())
            out.groundingMetadata = in.groundingMetadata;
        if (!in.urlContextMetadata.isEmpty())
            out.urlContextMetadata = in.urlContextMetadata;
        if (in.avgLogprobs)
            out.avgLogprobs = in.avgLogprobs;
        if (!in.logprobsResult.isEmpty())
            out.logprobsResult = in.logprobsResult;
    }

    if (chunk.promptFeedback)
        m_response.promptFeedback = chunk.promptFeedback;
    if (chunk.usageMetadata)
        m_response.usageMetadata = chunk.usageMetadata; // running totals: the last one wins
    if (!chunk.modelVersion.isEmpty())
        m_response.modelVersion = chunk.modelVersion;
    if (!chunk.responseId.isEmpty())
        m_response.responseId = chunk.responseId;
    return deltas;
}
