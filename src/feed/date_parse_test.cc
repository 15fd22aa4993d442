#include "feed/date_parse.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

std::string Parsed(std::string_view text, const LocalTimeResolver& resolve = {}) {
  auto t = ParseDate(text, resolve);
  return t ? FormatRfc3339(*t) : "nullopt";
}

TEST(DateParseTest, Rfc822AndVariants) {
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 05:56:17 GMT"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("26 Oct 2020 05:56:17 GMT"), "2020-10-26T05:56:17Z");           // no weekday
  EXPECT_EQ(Parsed("Fri, 26 Oct 2020 05:56:17 GMT"), "2020-10-26T05:56:17Z");      // wrong weekday
  EXPECT_EQ(Parsed("Mon, 26 Oct 20 05:56:17 GMT"), "2020-10-26T05:56:17Z");        // 2-digit year
  EXPECT_EQ(Parsed("Mon, 26 Oct 99 05:56:17 GMT"), "1999-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 13:56:17 +0800"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 13:56:17 +08:00"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 13:56:17 GMT+8"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 00:56:17 EST"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 00:56:17 CST"), "2020-10-26T06:56:17Z");      // US Central
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 05:56:17 UT"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 05:56:17 Z"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 06:56:17 N"), "2020-10-26T05:56:17Z");        // military +1
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 05:56 GMT"), "2020-10-26T05:56:00Z");         // no seconds
  EXPECT_EQ(Parsed("mon, 26 oct 2020 05:56:17 gmt"), "2020-10-26T05:56:17Z");      // lower case
  EXPECT_EQ(Parsed("Monday, 26-Oct-20 05:56:17 GMT"), "2020-10-26T05:56:17Z");     // RFC 850
  EXPECT_EQ(Parsed("Mon Oct 26 05:56:17 2020"), "2020-10-26T05:56:17Z");           // asctime
  EXPECT_EQ(Parsed("Oct 26, 2020 5:56 PM"), "2020-10-26T17:56:00Z");
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 13:56:17 +0800 (CST)"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("Mon, 26 Oct 2020 13:56:17 +0800 CST"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("Monday, October 26, 2020 1:56 PM"), "2020-10-26T13:56:00Z");
  EXPECT_EQ(Parsed("Oct. 26, 2020"), "2020-10-26T00:00:00Z");
  EXPECT_EQ(Parsed("26 October 2020 05:56:17 UTC+08:00"), "2020-10-25T21:56:17Z");
}

TEST(DateParseTest, Iso8601AndW3cdtf) {
  EXPECT_EQ(Parsed("2020-10-26T05:56:17Z"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("2020-10-26T13:56:17+08:00"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("2020-10-26T05:56:17.520Z"), "2020-10-26T05:56:17.520Z");
  EXPECT_EQ(Parsed("2019-10-12T07:20:50.52Z"), "2019-10-12T07:20:50.520Z");
  EXPECT_EQ(Parsed("2020-10-26 05:56:17"), "2020-10-26T05:56:17Z");                // space, no zone
  EXPECT_EQ(Parsed("2020-10-26T05:56Z"), "2020-10-26T05:56:00Z");
  EXPECT_EQ(Parsed("2020-10-26"), "2020-10-26T00:00:00Z");
  EXPECT_EQ(Parsed("2020-10"), "2020-10-01T00:00:00Z");
  EXPECT_EQ(Parsed("20201026T055617Z"), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("2020-W44-1"), "2020-10-26T00:00:00Z");                          // week date
  EXPECT_EQ(Parsed("2020-300"), "2020-10-26T00:00:00Z");                            // ordinal date
  EXPECT_EQ(Parsed("2020-10-26 13:56:17 +0800"), "2020-10-26T05:56:17Z");
}

TEST(DateParseTest, ChineseForms) {
  EXPECT_EQ(Parsed("2016/6/29 15:07:41"), "2016-06-29T15:07:41Z");
  EXPECT_EQ(Parsed("2020年10月26日 13:56"), "2020-10-26T13:56:00Z");
  EXPECT_EQ(Parsed("109年10月26日"), "2020-10-26T00:00:00Z");                       // Minguo
  EXPECT_EQ(Parsed("民國109年10月26日 13時56分"), "2020-10-26T13:56:00Z");
  EXPECT_EQ(Parsed("２０２０年１０月２６日 １３：５６"), "2020-10-26T13:56:00Z");   // full-width
  EXPECT_EQ(Parsed("2020年10月26日 下午1:56"), "2020-10-26T13:56:00Z");
  EXPECT_EQ(Parsed("2020年10月26日(一) 13:56"), "2020-10-26T13:56:00Z");
}

TEST(DateParseTest, ZonelessDatesUseTheResolver) {
  using namespace std::chrono;
  LocalTimeResolver taipei = [](local_time<milliseconds> t) {
    return TimePoint(t.time_since_epoch() - hours(8));
  };
  EXPECT_EQ(Parsed("2020-10-26 13:56:17", taipei), "2020-10-26T05:56:17Z");
  EXPECT_EQ(Parsed("2020年10月26日 13:56", taipei), "2020-10-26T05:56:00Z");
  EXPECT_EQ(Parsed("2020-10-26T13:56:17Z", taipei), "2020-10-26T13:56:17Z");     // zone given
}

TEST(DateParseTest, UnreadableIsNulloptNeverTheEpoch) {
  for (const char* text : {"", "   ", "yesterday", "0", "Mon, 32 Oct 2020 05:56:17 GMT",
                           "2020-13-01", "2020-02-30", "26/10/2020", "Mon, 26 Oct 2020 25:00:00 GMT",
                           "not a date 2020", "2020-10-26T05:56:17 +9999"}) {
    EXPECT_EQ(Parsed(text), "nullopt") << text;
  }
}

}  // namespace
}  // namespace feedmirror
