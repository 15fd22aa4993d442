#include "fetch/backoff.h"

#include <algorithm>

namespace feedmirror {

std::chrono::milliseconds BackoffDelay(int consecutive_failures, double unit_random,
                                       const BackoffPolicy& policy) {
  using std::chrono::milliseconds;
  // Doubling stops at the cap, so 2^n never overflows.
  milliseconds delay = std::min(policy.first, policy.cap);
  for (int i = 1; i < consecutive_failures && delay < policy.cap; ++i)
    delay = std::min(delay * 2, policy.cap);
  double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  double random = std::clamp(unit_random, 0.0, 1.0);
  double scaled = static_cast<double>(delay.count()) * (1.0 - jitter * random);
  return milliseconds(static_cast<milliseconds::rep>(scaled));
}

std::chrono::milliseconds RetryDelay(int consecutive_failures,
                                     std::optional<std::chrono::milliseconds> retry_after,
                                     double unit_random, const BackoffPolicy& policy) {
  std::chrono::milliseconds delay = BackoffDelay(consecutive_failures, unit_random, policy);
  if (retry_after) delay = std::max(delay, std::min(*retry_after, policy.cap));
  return delay;
}

}  // namespace feedmirror
