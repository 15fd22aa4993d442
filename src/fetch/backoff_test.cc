#include "fetch/backoff.h"

#include <gtest/gtest.h>

#include <limits>

namespace feedmirror {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;

TEST(BackoffDelayTest, DoublesFromFirstWithoutJitter) {
  EXPECT_EQ(BackoffDelay(1, 0.0), minutes(10));
  EXPECT_EQ(BackoffDelay(2, 0.0), minutes(20));
  EXPECT_EQ(BackoffDelay(3, 0.0), minutes(40));
  EXPECT_EQ(BackoffDelay(8, 0.0), minutes(1280));
}

TEST(BackoffDelayTest, StopsAtTheCapAndNeverOverflows) {
  EXPECT_EQ(BackoffDelay(9, 0.0), hours(24));  // 2560 min > 24 h
  EXPECT_EQ(BackoffDelay(1000, 0.0), hours(24));
  EXPECT_EQ(BackoffDelay(std::numeric_limits<int>::max(), 0.0), hours(24));
  BackoffPolicy policy;
  policy.first = hours(48);
  EXPECT_EQ(BackoffDelay(1, 0.0, policy), hours(24));
}

TEST(BackoffDelayTest, ZeroOrNegativeFailuresCountAsOne) {
  EXPECT_EQ(BackoffDelay(0, 0.0), minutes(10));
  EXPECT_EQ(BackoffDelay(-3, 0.0), minutes(10));
}

TEST(BackoffDelayTest, JitterShortensByUpToItsFraction) {
  EXPECT_EQ(BackoffDelay(1, 0.5), milliseconds(450000));       // 10 min * (1 - 0.5 * 0.5)
  EXPECT_EQ(BackoffDelay(1, 0.999999), milliseconds(300000));  // just above half
  EXPECT_EQ(BackoffDelay(9, 1.0), hours(12));                  // clamped random
  EXPECT_EQ(BackoffDelay(9, -1.0), hours(24));
  BackoffPolicy none;
  none.jitter = 0.0;
  EXPECT_EQ(BackoffDelay(2, 0.7, none), minutes(20));
}

TEST(RetryDelayTest, RetryAfterWinsWhenLongerButStaysUnderTheCap) {
  EXPECT_EQ(RetryDelay(1, std::nullopt, 0.0), minutes(10));
  EXPECT_EQ(RetryDelay(1, minutes(3), 0.0), minutes(10));
  EXPECT_EQ(RetryDelay(1, hours(2), 0.0), hours(2));
  EXPECT_EQ(RetryDelay(1, hours(24 * 365), 0.0), hours(24));
}

}  // namespace
}  // namespace feedmirror
