#include "app/schedule.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const TimePoint kNow = FromEpochMillis(1'800'000'000'000);

SourceConfig Source(const std::string& name, const std::string& url) {
  SourceConfig source;
  source.name = name;
  source.url = url;
  return source;
}

SourceState State(const std::string& url, std::optional<TimePoint> next_due, bool gone = false) {
  SourceState state;
  state.url = url;
  state.next_due = next_due;
  state.gone = gone;
  return state;
}

TEST(ScheduleTest, ANewSourceIsDueAtOnce) {
  EXPECT_TRUE(IsDue(std::nullopt, "https://a/feed", kNow));
}

TEST(ScheduleTest, DueWhenNextDueHasCome) {
  EXPECT_TRUE(IsDue(State("u", kNow), "u", kNow));
  EXPECT_TRUE(IsDue(State("u", kNow - seconds(1)), "u", kNow));
  EXPECT_FALSE(IsDue(State("u", kNow + seconds(1)), "u", kNow));
  EXPECT_TRUE(IsDue(State("u", std::nullopt), "u", kNow));  // recorded before scheduling
}

TEST(ScheduleTest, AGoneSourceIsNeverDue) {
  EXPECT_FALSE(IsDue(State("u", std::nullopt, true), "u", kNow));
  EXPECT_FALSE(IsDue(State("u", kNow - hours(100), true), "u", kNow));
  EXPECT_TRUE(IsGone(State("u", std::nullopt, true), "u"));
}

TEST(ScheduleTest, AnEditedUrlStartsAfresh) {
  EXPECT_TRUE(IsDue(State("old", kNow + hours(5)), "new", kNow));
  EXPECT_TRUE(IsDue(State("old", std::nullopt, true), "new", kNow));
  EXPECT_FALSE(IsGone(State("old", std::nullopt, true), "new"));
}

TEST(ScheduleTest, DueSourcesAndAll) {
  std::vector<SourceConfig> sources = {Source("new", "n"), Source("due", "d"),
                                       Source("later", "l"), Source("gone", "g")};
  std::vector<std::optional<SourceState>> states = {
      std::nullopt, State("d", kNow - minutes(1)), State("l", kNow + minutes(10)),
      State("g", std::nullopt, true)};
  EXPECT_EQ(DueSources(sources, states, kNow, false), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(DueSources(sources, states, kNow, true), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(DueSources(sources, states, kNow + minutes(10), false),
            (std::vector<size_t>{0, 1, 2}));
}

TEST(ScheduleTest, TheFeedsIntervalCountsWhenLonger) {
  EXPECT_EQ(SuccessInterval(minutes(30), std::nullopt), minutes(30));
  EXPECT_EQ(SuccessInterval(minutes(30), minutes(60)), minutes(60));
  EXPECT_EQ(SuccessInterval(minutes(30), minutes(5)), minutes(30));
}

TEST(ScheduleTest, RecordedIntervalOnlyAfterASuccess) {
  SourceState ok = State("u", kNow + hours(2));
  ok.last_fetch = kNow;
  ok.last_status = 200;
  EXPECT_EQ(RecordedInterval(ok), hours(2));
  ok.last_status = 304;
  EXPECT_EQ(RecordedInterval(ok), hours(2));
  SourceState failing = ok;
  failing.consecutive_failures = 1;
  failing.last_status = 404;
  EXPECT_EQ(RecordedInterval(failing), std::nullopt);
  EXPECT_EQ(RecordedInterval(SourceState{}), std::nullopt);
}

TEST(ScheduleTest, EarliestDueSkipsGoneSourcesAndCountsNewOnesAsNow) {
  std::vector<SourceConfig> sources = {Source("a", "a"), Source("b", "b"), Source("g", "g")};
  std::vector<std::optional<SourceState>> states = {
      State("a", kNow + minutes(20)), State("b", kNow + minutes(7)),
      State("g", std::nullopt, true)};
  EXPECT_EQ(EarliestDue(sources, states, kNow), kNow + minutes(7));
  states[1] = std::nullopt;
  EXPECT_EQ(EarliestDue(sources, states, kNow), kNow);
  EXPECT_EQ(EarliestDue({sources[2]}, {states[2]}, kNow), std::nullopt);
  EXPECT_EQ(EarliestDue({}, {}, kNow), std::nullopt);
}

}  // namespace
}  // namespace feedmirror
