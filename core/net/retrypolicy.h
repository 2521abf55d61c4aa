#pragma once

#include "api/apierror.h"

// When and how long to wait before trying a failed request again (gemini-api.md §8.3): HTTP 408,
// 429, 500, 502, 503, 504 and connection failures; exponential backoff with jitter; the server's
// RetryInfo.retryDelay or Retry-After wins over the backoff; a bounded number of attempts. A stream
// that has delivered a byte is never retried (the caller enforces that: it alone knows).
struct RetryPolicy
{
    int maxAttempts = 4; // including the first
    qint64 initialDelayMs = 1000;
    double multiplier = 2.0;
    qint64 maxDelayMs = 30000;
    double jitter = 0.2;             // +-20% of the backoff delay
    qint64 maxServerDelayMs = 60000; // a server asking for a longer wait (daily quota) is not retried

    static RetryPolicy none();

    // Whether attempt number attemptsMade + 1 should be made after this error.
    bool shouldRetry(const ApiError &error, int attemptsMade) const;
    // The wait before the next attempt. random01 is uniform in [0, 1).
    qint64 delayMs(const ApiError &error, int attemptsMade, double random01) const;
    // The backoff alone, without jitter or server hints: initial * multiplier^(attemptsMade-1), capped.
    qint64 backoffMs(int attemptsMade) const;
};
