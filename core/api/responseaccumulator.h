#pragma once

#include "generateresponse.h"

#include <QList>

// What one stream chunk added to the answer of one candidate.
struct ResponseDelta
{
    enum class Type {
        Text,
        Thought,
        OtherPart, // function call, code, code result, inline or file data, ...
    };
    Type type = Type::Text;
    int candidateIndex = 0;
    QString text; // Text, Thought
    Part part;    // OtherPart
};

// Folds stream chunks into one response (gemini-api.md §4.1): text parts are deltas appended per
// candidate index; parts without text (function calls, code, thought-signature carriers) are kept;
// usage, model version and feedback come from the latest chunk that has them.
class ResponseAccumulator final
{
public:
    // Adds one chunk and returns what it added.
    QList<ResponseDelta> add(const GenerateContentResponse &chunk);

    // A consumer that prints text as it streams and forgets it (alhena-cli) can tell the accumulator
    // not to keep it: deltas still carry the text, the aggregate keeps everything else (parts,
    // signatures, finish reasons, usage) with empty text parts. Memory then stays flat however long
    // the answer is.
    void setRetainText(bool retain) { m_retainText = retain; }
    bool retainsText() const { return m_retainText; }

    const GenerateContentResponse &response() const { return m_response; }
    int chunkCount() const { return m_chunks; }
    void reset();

private:
    Candidate &candidateAt(int index);

    GenerateContentResponse m_response;
    int m_chunks = 0;
    bool m_retainText = true;
};
