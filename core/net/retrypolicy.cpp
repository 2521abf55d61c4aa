#include "retrypolicy.h"

#include <algorithm>
#include <cmath>

RetryPolicy RetryPolicy::none()
{
    RetryPolicy p;
    p.maxAttempts = 1;
    return p;
}

bool RetryPolicy::shouldRetry(const ApiError &error, int attemptsMade) const
{
    if (attemptsMade >= maxAttempts || error.afterStreamStarted)
        return false;
    bool retryable = false;
    switch (error.httpStatus) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
        retryable = true;
        break;
    case 0:
        retryable = error.kind == ApiError::Kind::Network; // no HTTP reply at all
        break;
    default:
        break;
    }
    if (!retryable)
        return false;
    if (error.retryDelayMs && *error.retryDelayMs > maxServerDelayMs)
        return false; // e.g. a daily quota: waiting here would look like a hang
    return true;
}

qint64 RetryPolicy::backoffMs(int attemptsMade) const
{
    const double raw = double(initialDelayMs) * std::pow(multiplier, std::max(0, attemptsMade - 1));
    return qint64(std::min(raw, double(maxDelayMs)));
}

qint64 RetryPolicy::delayMs(const ApiError &error, int attemptsMade, double random01) const
{
    if (error.retryDelayMs) {
        // Honour the server's wait, and spread clients a little after it, never before.
        return *error.retryDelayMs + qint64(double(*error.retryDelayMs) * jitter * 0.5 * random01);
    }
    const double base = double(backoffMs(attemptsMade));
    const double factor = 1.0 - jitter + 2.0 * jitter * std::clamp(random01, 0.0, 1.0);
    return std::max<qint64>(0, qint64(base * factor));
}
