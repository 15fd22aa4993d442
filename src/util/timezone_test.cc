#include "util/timezone.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "util/error.h"

namespace feedmirror {
namespace {

using namespace std::chrono;

TimePoint At(int y, unsigned m, unsigned d, int hour, int minute = 0) {
  return TimePoint(sys_days(year(y) / month(m) / day(d)) + hours(hour) + minutes(minute));
}

local_time<milliseconds> Local(int y, unsigned m, unsigned d, int hour, int minute = 0) {
  return local_time<milliseconds>(local_days(year(y) / month(m) / day(d)).time_since_epoch() +
                                  hours(hour) + minutes(minute));
}

TEST(TimeZoneTest, Utc) {
  TimeZone utc = TimeZone::Utc();
  EXPECT_EQ(utc.name(), "UTC");
  EXPECT_EQ(utc.OffsetAt(At(2020, 10, 26, 5)), minutes(0));
  EXPECT_EQ(utc.LocalDate(At(2020, 10, 26, 23, 59)), year(2020) / 10 / 26);
  EXPECT_EQ(utc.FromLocal(Local(2020, 10, 26, 5, 56)), At(2020, 10, 26, 5, 56));
  EXPECT_EQ(TimeZone::Load("UTC").OffsetAt(At(2020, 1, 1, 0)), minutes(0));
}

TEST(TimeZoneTest, AsiaTaipei) {
  TimeZone taipei = TimeZone::Load("Asia/Taipei");
  EXPECT_EQ(taipei.name(), "Asia/Taipei");
  EXPECT_EQ(taipei.OffsetAt(At(2020, 10, 26, 5)), hours(8));
  EXPECT_EQ(taipei.LocalDate(At(2020, 10, 26, 15, 59)), year(2020) / 10 / 26);
  EXPECT_EQ(taipei.LocalDate(At(2020, 10, 26, 16, 0)), year(2020) / 10 / 27);
  EXPECT_EQ(taipei.FromLocal(Local(2020, 10, 26, 13, 56)), At(2020, 10, 26, 5, 56));
  // Taiwan kept daylight saving time in 1979: UTC+9 in July.
  EXPECT_EQ(taipei.OffsetAt(At(1979, 7, 15, 0)), hours(9));
}

TEST(TimeZoneTest, NewYorkDaylightSavingTime) {
  TimeZone ny = TimeZone::Load("America/New_York");
  EXPECT_EQ(ny.OffsetAt(At(2020, 1, 15, 12)), hours(-5));
  EXPECT_EQ(ny.OffsetAt(At(2020, 7, 15, 12)), hours(-4));
  // DST starts 2020-03-08 at 07:00Z (02:00 EST), ends 2020-11-01 at 06:00Z.
  EXPECT_EQ(ny.OffsetAt(At(2020, 3, 8, 6, 59)), hours(-5));
  EXPECT_EQ(ny.OffsetAt(At(2020, 3, 8, 7, 0)), hours(-4));
  EXPECT_EQ(ny.OffsetAt(At(2020, 11, 1, 5, 59)), hours(-4));
  EXPECT_EQ(ny.OffsetAt(At(2020, 11, 1, 6, 0)), hours(-5));
  EXPECT_EQ(ny.LocalDate(At(2020, 7, 16, 3, 59)), year(2020) / 7 / 15);
  EXPECT_EQ(ny.LocalDate(At(2020, 7, 16, 4, 0)), year(2020) / 7 / 16);
  EXPECT_EQ(ny.LocalDate(At(2020, 1, 16, 4, 59)), year(2020) / 1 / 15);
  EXPECT_EQ(ny.LocalDate(At(2020, 1, 16, 5, 0)), year(2020) / 1 / 16);
}

TEST(TimeZoneTest, NewYorkLocalTimesAroundTransitions) {
  TimeZone ny = TimeZone::Load("America/New_York");
  EXPECT_EQ(ny.FromLocal(Local(2020, 7, 15, 8)), At(2020, 7, 15, 12));
  EXPECT_EQ(ny.FromLocal(Local(2020, 1, 15, 7)), At(2020, 1, 15, 12));
  // 01:30 happens twice on 2020-11-01: the first (EDT) is taken.
  EXPECT_EQ(ny.FromLocal(Local(2020, 11, 1, 1, 30)), At(2020, 11, 1, 5, 30));
  // 02:30 never happens on 2020-03-08: read with the offset before (EST).
  EXPECT_EQ(ny.FromLocal(Local(2020, 3, 8, 2, 30)), At(2020, 3, 8, 7, 30));
}

TEST(TimeZoneTest, UnknownZoneIsAnErrorNamingIt) {
  for (std::string name : {"Mars/Olympus_Mons", "", "Asia/Taipeii", "Etc/Unknown"}) {
    try {
      TimeZone::Load(name);
      ADD_FAILURE() << "no error for '" << name << "'";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("unknown time zone '" + name + "'"), std::string::npos)
          << e.what();
    }
  }
}

TEST(TimeZoneTest, CopiesShareRules) {
  TimeZone a = TimeZone::Load("Asia/Taipei");
  TimeZone b = a;
  a = TimeZone::Utc();
  EXPECT_EQ(b.OffsetAt(At(2020, 10, 26, 5)), hours(8));
  EXPECT_EQ(a.OffsetAt(At(2020, 10, 26, 5)), hours(0));
}

TEST(TimeZoneTest, SharedAcrossThreads) {
  TimeZone ny = TimeZone::Load("America/New_York");
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5000; ++i) {
        bool summer = (i + t) % 2 == 0;
        TimePoint at = summer ? At(2020, 7, 15, 12) : At(2020, 1, 15, 12);
        if (ny.OffsetAt(at) != hours(summer ? -4 : -5)) ++wrong[t];
        if (ny.FromLocal(Local(2020, 11, 1, 1, 30)) != At(2020, 11, 1, 5, 30)) ++wrong[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace feedmirror
