#include "content/embeds.h"

#include <gtest/gtest.h>

#include "content/html_serializer.h"
#include "content/html_tree.h"

namespace feedmirror {
namespace {

std::string Expand(std::string_view html) {
  auto root = ParseHtmlFragment(html);
  ExpandEmbeds(*root, "https://news.example/a.html", {"youtube.com"});
  return SerializeChildren(*root);
}

TEST(EmbedsTest, EmptyTweetLinkBecomesVisible) {
  EXPECT_EQ(Expand("<blockquote class='twitter-tweet' data-lang='zh-tw'>"
                   "<a href='https://twitter.com/SecPompeo/status/1319696375160909825'></a></blockquote>"),
            "<blockquote class=\"twitter-tweet\" data-lang=\"zh-tw\"><a "
            "href=\"https://twitter.com/SecPompeo/status/1319696375160909825\">"
            "Tweet: twitter.com/SecPompeo/status/1319696375160909825</a></blockquote>");
}

TEST(EmbedsTest, TweetKeepsItsTextAndVisibleLinks) {
  std::string html =
      "<blockquote class=\"twitter-tweet\"><p>停火</p>— Mike (@SecPompeo) "
      "<a href=\"https://x.com/SecPompeo/status/1?ref_src=y\">October 23, 2020</a></blockquote>";
  EXPECT_EQ(Expand(html), html);
  EXPECT_EQ(Expand("<blockquote class=\"twitter-tweet\"><p>停火</p><a href=\"https://x.com/a/status/9?s=20\"> "
                   "</a></blockquote>"),
            "<blockquote class=\"twitter-tweet\"><p>停火</p><a href=\"https://x.com/a/status/9?s=20\">"
            "Tweet: x.com/a/status/9</a></blockquote>");
}

TEST(EmbedsTest, EmptyShellsBecomeLinks) {
  EXPECT_EQ(Expand("<blockquote class=\"instagram-media\" data-instgrm-permalink="
                   "\"https://www.instagram.com/p/CGx/?utm_source=ig_embed\"><div></div></blockquote>"),
            "<blockquote class=\"instagram-media\" data-instgrm-permalink="
            "\"https://www.instagram.com/p/CGx/?utm_source=ig_embed\"><a "
            "href=\"https://www.instagram.com/p/CGx/?utm_source=ig_embed\">Instagram: instagram.com/p/CGx</a>"
            "</blockquote>");
  EXPECT_EQ(Expand("<div class=\"fb-post\" data-href=\"https://www.facebook.com/x/posts/1\"></div>"),
            "<div class=\"fb-post\" data-href=\"https://www.facebook.com/x/posts/1\"><a "
            "href=\"https://www.facebook.com/x/posts/1\">Facebook: facebook.com/x/posts/1</a></div>");
  EXPECT_EQ(Expand("<blockquote class=\"tiktok-embed\" cite=\"https://www.tiktok.com/@a/video/7\">"
                   "<section></section></blockquote>"),
            "<blockquote class=\"tiktok-embed\" cite=\"https://www.tiktok.com/@a/video/7\"><a "
            "href=\"https://www.tiktok.com/@a/video/7\">TikTok: tiktok.com/@a/video/7</a></blockquote>");
}

TEST(EmbedsTest, TelegramScriptsAndForeignIframesBecomeLinks) {
  EXPECT_EQ(Expand("<script async src=\"https://telegram.org/js/telegram-widget.js\" "
                   "data-telegram-post=\"durov/43\"></script>"),
            "<a href=\"https://t.me/durov/43\">Telegram: t.me/durov/43</a>");
  EXPECT_EQ(Expand("<iframe src=\"https://player.vimeo.com/video/1\"></iframe>"
                   "<iframe src=\"//maps.example/embed?q=1\"></iframe>"
                   "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>"),
            "<a href=\"https://player.vimeo.com/video/1\">Video: player.vimeo.com/video/1</a>"
            "<a href=\"https://maps.example/embed?q=1\">Embed: maps.example/embed</a>"
            "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>");
}

TEST(EmbedsTest, OnlyWellFormedTelegramPostsBecomeLinks) {
  EXPECT_EQ(Expand("<script data-telegram-post=\"../../evil\"></script>"
                   "<script data-telegram-post=\"a/1?x\"></script><script data-telegram-post=\"/1\"></script>"),
            "<script data-telegram-post=\"../../evil\"></script><script data-telegram-post=\"a/1?x\"></script>"
            "<script data-telegram-post=\"/1\"></script>");
}

TEST(EmbedsTest, LinkTextDropsSchemeWwwQueryAndFragment) {
  EXPECT_EQ(EmbedLinkText("https://www.twitter.com/a/status/1?s=20#x"), "twitter.com/a/status/1");
  EXPECT_EQ(EmbedLinkText("http://t.me/c/2/"), "t.me/c/2");
  EXPECT_EQ(EmbedLinkText("https://example.com/"), "example.com/");
}

}  // namespace
}  // namespace feedmirror
