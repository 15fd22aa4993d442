#include "feed/feed_json.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(FeedJsonTest, UniversalShapeWithEmptyFieldsLeftOut) {
  Feed feed;
  feed.title = "T";
  feed.feed_type = "rss";
  feed.feed_version = "2.0";
  feed.authors.push_back({"", "a@example.org"});
  Item item;
  item.title = "中文 \"q\"";
  item.published = "Mon, 26 Oct 2020 05:56:17 GMT";
  item.published_parsed = FromEpochMillis(1603691777000);
  item.enclosures.push_back({"https://x/a.mp3", "", "audio/mpeg"});
  feed.items.push_back(item);
  feed.bozo = true;
  feed.bozo_reason = "line 3: bad";
  EXPECT_EQ(FeedToJson(feed), R"json({
  "title": "T",
  "authors": [
    {
      "email": "a@example.org"
    }
  ],
  "feedType": "rss",
  "feedVersion": "2.0",
  "items": [
    {
      "title": "中文 \"q\"",
      "published": "Mon, 26 Oct 2020 05:56:17 GMT",
      "publishedParsed": "2020-10-26T05:56:17Z",
      "enclosures": [
        {
          "url": "https://x/a.mp3",
          "type": "audio/mpeg"
        }
      ]
    }
  ],
  "bozo": true,
  "bozoReason": "line 3: bad"
})json");
}

TEST(FeedJsonTest, EmptyFeedStillHasItems) {
  EXPECT_EQ(FeedToJson(Feed()), "{\n  \"items\": []\n}");
}

}  // namespace
}  // namespace feedmirror
