#pragma once

// The exit codes of alhena-cli, as documented in `alhena-cli --help`.
namespace ExitCode {
inline constexpr int Ok = 0;            // done; also an answer cut by the output token limit (MAX_TOKENS)
inline constexpr int Failed = 1;        // the request failed: network, timeout, server error, quota, rejected request
inline constexpr int Usage = 2;         // usage, configuration or input error; missing or rejected API key
inline constexpr int Refused = 3;       // the prompt was blocked, or the answer stopped for safety, recitation, ...
inline constexpr int Truncated = 4;     // the stream ended before the model finished; the partial text was printed
inline constexpr int Interrupted = 130; // Ctrl-C (SIGINT): the request was cancelled, the text so far kept
} // namespace ExitCode
