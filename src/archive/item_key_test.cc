#include "archive/item_key.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(CanonicalLinkTest, LowerCasesSchemeAndHostOnly) {
  EXPECT_EQ("https://www.cna.com.tw/News/A.aspx", CanonicalLink("HTTPS://WWW.CNA.com.tw/News/A.aspx"));
}

TEST(CanonicalLinkTest, DropsFragmentDefaultPortAndTrackingParameters) {
  EXPECT_EQ("http://example.com/a?id=7&page=2",
            CanonicalLink("http://example.com:80/a?utm_source=rss&id=7&fbclid=x&page=2#top"));
  EXPECT_EQ("https://example.com/a", CanonicalLink("https://example.com:443/a?utm_medium=feed"));
  EXPECT_EQ("https://example.com:8443/a", CanonicalLink("https://example.com:8443/a"));
}

TEST(CanonicalLinkTest, KeepsLinksWithoutScheme) {
  EXPECT_EQ("/news/1.html", CanonicalLink(" /news/1.html#x "));
}

TEST(ItemKeyTest, PrefersGuidThenLinkThenHash) {
  Item item;
  item.guid = "  tag:cna.com.tw,2020:1  ";
  item.link = "https://www.cna.com.tw/news/1.aspx?utm_source=x";
  item.title = "標題";
  EXPECT_EQ("guid:tag:cna.com.tw,2020:1", ItemKey(item));
  item.guid = " ";
  EXPECT_EQ("link:https://www.cna.com.tw/news/1.aspx", ItemKey(item));
  item.link.clear();
  item.published = "Mon, 26 Oct 2020 05:56:17 GMT";
  std::string by_hash = ItemKey(item);
  EXPECT_EQ("sha256:" + Sha256Hex("標題\nMon, 26 Oct 2020 05:56:17 GMT"), by_hash);
  item.published = "Tue, 27 Oct 2020 05:56:17 GMT";
  EXPECT_NE(by_hash, ItemKey(item));
}

TEST(Sha256HexTest, MatchesKnownDigest) {
  EXPECT_EQ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256Hex("abc"));
}

}  // namespace
}  // namespace feedmirror
