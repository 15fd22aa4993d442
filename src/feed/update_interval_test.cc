// Feed::update_interval: RSS <ttl> and the syndication module's
// sy:updatePeriod / sy:updateFrequency, which the scheduler honours.
#include <gtest/gtest.h>

#include "feed/feed_parser.h"

namespace feedmirror {
namespace {

std::optional<std::chrono::seconds> IntervalOf(const std::string& channel_extra) {
  std::string xml =
      "<?xml version=\"1.0\"?><rss version=\"2.0\" "
      "xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel><title>T</title>" +
      channel_extra + "<item><title>a</title><guid>1</guid></item></channel></rss>";
  return ParseFeed(xml, ParseOptions{}).update_interval;
}

TEST(FeedUpdateIntervalTest, TtlInMinutes) {
  EXPECT_EQ(IntervalOf("<ttl>60</ttl>"), std::chrono::minutes(60));
  EXPECT_EQ(IntervalOf("<ttl> 15 </ttl>"), std::chrono::minutes(15));
}

TEST(FeedUpdateIntervalTest, NoneWhenAbsentOrNotANumber) {
  EXPECT_EQ(IntervalOf(""), std::nullopt);
  EXPECT_EQ(IntervalOf("<ttl>soon</ttl>"), std::nullopt);
  EXPECT_EQ(IntervalOf("<ttl>0</ttl>"), std::nullopt);
  EXPECT_EQ(IntervalOf("<ttl>-5</ttl>"), std::nullopt);
}

TEST(FeedUpdateIntervalTest, SyndicationPeriodDividedByFrequency) {
  EXPECT_EQ(IntervalOf("<sy:updatePeriod>hourly</sy:updatePeriod>"), std::chrono::hours(1));
  EXPECT_EQ(IntervalOf("<sy:updatePeriod>daily</sy:updatePeriod>"
                       "<sy:updateFrequency>4</sy:updateFrequency>"),
            std::chrono::hours(6));
  EXPECT_EQ(IntervalOf("<sy:updateFrequency>2</sy:updateFrequency>"), std::chrono::hours(12));
  EXPECT_EQ(IntervalOf("<sy:updatePeriod>weekly</sy:updatePeriod>"), std::chrono::hours(168));
  EXPECT_EQ(IntervalOf("<sy:updatePeriod>hourly</sy:updatePeriod>"
                       "<sy:updateFrequency>0</sy:updateFrequency>"),
            std::nullopt);
}

TEST(FeedUpdateIntervalTest, TtlWinsOverSyndication) {
  EXPECT_EQ(IntervalOf("<ttl>45</ttl><sy:updatePeriod>daily</sy:updatePeriod>"),
            std::chrono::minutes(45));
}

TEST(FeedUpdateIntervalTest, AtomFeedsHaveNone) {
  Feed feed = ParseFeed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><id>1</id>"
      "<title>a</title></entry></feed>",
      ParseOptions{});
  EXPECT_EQ(feed.update_interval, std::nullopt);
}

}  // namespace
}  // namespace feedmirror
