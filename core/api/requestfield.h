#pragma once

#include "apierror.h"

#include <QString>

// Which setting of a request a 400 INVALID_ARGUMENT is about, so the app can show it next to that
// setting. The server names the field in a google.rpc.BadRequest fieldViolation or in the message
// ("* GenerateContentRequest.generation_config.temperature: …", "… at 'generation_config.top_k' …"),
// in snake_case or camelCase. Returns one of the keys below, or an empty string when the error names
// no setting (or is not an InvalidRequest).
//
// Keys: "temperature", "topP", "topK", "maxOutputTokens", "stopSequences", "candidateCount", "seed",
// "presencePenalty", "frequencyPenalty", "responseMimeType", "responseSchema" (either schema field),
// "thinkingConfig", "responseLogprobs", "safetySettings", "tools", "systemInstruction", and
// "generationConfig" for a generation_config field the app has no control for.
namespace RequestField {
QString of(const ApiError &error);
// The server's words about it, without the "* Context.path: " prefix (nor "Invalid JSON payload
// received."), for showing next to the field; at most 500 characters. Empty when of() is empty.
QString messageFor(const ApiError &error);
} // namespace RequestField
