// When to try a failing source again: exponential backoff with jitter,
// capped, never giving up. Pure functions: the caller brings the random
// number, so tests pass fixed ones.
#pragma once

#include <chrono>
#include <optional>

namespace feedmirror {

struct BackoffPolicy {
  std::chrono::milliseconds first = std::chrono::minutes(10);  // after one failure
  std::chrono::milliseconds cap = std::chrono::hours(24);      // never longer
  // The delay is scaled by a random factor in [1 - jitter, 1], so that
  // sources that failed together do not come back together. 0..1.
  double jitter = 0.5;
};

// The wait after `consecutive_failures` failures in a row (1 after the first;
// values below 1 count as 1): min(cap, first * 2^(failures - 1)), scaled by
// 1 - jitter * unit_random. `unit_random` is in [0, 1) (clamped), drawn by
// the caller, e.g. std::uniform_real_distribution<double>(0, 1).
std::chrono::milliseconds BackoffDelay(int consecutive_failures, double unit_random,
                                       const BackoffPolicy& policy = {});

// The wait after a failed attempt whose response may carry a Retry-After
// (see ParseRetryAfter): the longer of BackoffDelay and `retry_after`, never
// above the cap, so a server cannot park a source for a year.
std::chrono::milliseconds RetryDelay(int consecutive_failures,
                                     std::optional<std::chrono::milliseconds> retry_after,
                                     double unit_random, const BackoffPolicy& policy = {});

}  // namespace feedmirror
