#include "fetch/retry_after.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// 1994-11-06T08:49:37Z, the date of RFC 9110's examples.
const TimePoint kExample = FromEpochMillis(784111777000);

TEST(ParseHttpDateTest, ReadsAllThreeForms) {
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), kExample);
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), kExample);
  EXPECT_EQ(ParseHttpDate("Sun Nov  6 08:49:37 1994"), kExample);
  EXPECT_EQ(ParseHttpDate("  Sun, 06 Nov 1994 08:49:37 GMT\t"), kExample);
}

TEST(ParseHttpDateTest, Rfc850TwoDigitYearsBelow70AreThis21stCentury) {
  EXPECT_EQ(FormatRfc3339(*ParseHttpDate("Friday, 27-Nov-26 03:00:00 GMT")),
            "2026-11-27T03:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseHttpDate("Thursday, 01-Jan-70 00:00:00 GMT")),
            "1970-01-01T00:00:00Z");
}

TEST(ParseHttpDateTest, RejectsOtherTextAndImpossibleDates) {
  for (const char* bad :
       {"", "tomorrow", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 06 Nov 1994 08:49:37 GMT extra", "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun Nov  6 08:49:37",
        "2026-11-27T03:00:00Z", "Sun, 06 Nov -994 08:49:37 GMT"})
    EXPECT_EQ(ParseHttpDate(bad), std::nullopt) << bad;
}

TEST(ParseRetryAfterTest, DeltaSeconds) {
  EXPECT_EQ(ParseRetryAfter("120", kExample), milliseconds(120000));
  EXPECT_EQ(ParseRetryAfter(" 0 ", kExample), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("99999999999999999999", kExample), seconds(999'999'999));
}

TEST(ParseRetryAfterTest, HttpDateCountsFromNow) {
  TimePoint now = FromEpochMillis(784111777000 - 90500);  // 90.5 s before the date
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now), milliseconds(90500));
  EXPECT_EQ(ParseRetryAfter("Sun Nov  6 08:49:37 1994", now), milliseconds(90500));
}

TEST(ParseRetryAfterTest, DateInThePastAsksForNoWait) {
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", kExample + seconds(5)),
            milliseconds(0));
}

TEST(ParseRetryAfterTest, MalformedValuesAreNullopt) {
  for (const char* bad : {"", "  ", "-5", "1.5", "120s", "soon", "Sun, 06 Nov 1994"})
    EXPECT_EQ(ParseRetryAfter(bad, kExample), std::nullopt) << bad;
}

}  // namespace
}  // namespace feedmirror
