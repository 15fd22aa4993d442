#include "archive/slug.h"

#include <gtest/gtest.h>

#include "random_strings.h"
#include "util/error.h"
#include "util/utf8.h"

namespace feedmirror {
namespace {

TEST(SlugTest, ReferenceTitle) {
  EXPECT_EQ(Slugify("亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察"),
            "亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察");
}

TEST(SlugTest, WhiteSpaceRunsBecomeOneDash) {
  EXPECT_EQ(Slugify("a  b\t\nc\u3000\u3000d\u00A0e\u2003f"), "a-b-c-d-e-f");
  EXPECT_EQ(Slugify("  padded  "), "padded");
  EXPECT_EQ(Slugify("snake_case -- and—dash"), "snake-case-and-dash");
}

TEST(SlugTest, DropsUnsafeCharacters) {
  EXPECT_EQ(Slugify("Hello, World! What's up?"), "Hello-World-Whats-up");
  EXPECT_EQ(Slugify("a/b\\c:d*e?f\"g<h>i|j#k%l&m+n=o@p~q`r'$s(t)[u]{v};w"),
            "abcdefghijklmnopqrstuvw");
  EXPECT_EQ(Slugify("美國「人道停火」，25日生效。"), "美國人道停火25日生效");
  EXPECT_EQ(Slugify("Ünïcödé café Привет"), "Ünïcödé-café-Привет");
  EXPECT_EQ(Slugify("zero\u200Bwidth\uFEFFbom\u202Eltr"), "zerowidthbomltr");
  EXPECT_EQ(Slugify("ctrl\x01\x7f\u0085x"), "ctrl-x");  // U+0085 is white space
  EXPECT_EQ(Slugify("bad \xff\xfe utf8"), "bad-utf8");
}

TEST(SlugTest, Emoji) {
  EXPECT_EQ(Slugify("🎉 Party 😀 time 🇹🇼"), "Party-time");
  EXPECT_EQ(Slugify("😀😀😀"), "post");
}

TEST(SlugTest, DotsOnlyBetweenAsciiLettersOrDigits) {
  EXPECT_EQ(Slugify("GDP grew 3.5% in Q1."), "GDP-grew-3.5-in-Q1");
  EXPECT_EQ(Slugify("Node.js vs. Deno..."), "Node.js-vs-Deno");
  EXPECT_EQ(Slugify("a..b"), "a.b");
  EXPECT_EQ(Slugify(".hidden"), "hidden");
  EXPECT_EQ(Slugify("台灣.中國"), "台灣中國");
}

TEST(SlugTest, NoPathCanLeaveThePostsFolder) {
  EXPECT_EQ(Slugify("../../etc/passwd"), "etcpasswd");
  EXPECT_EQ(Slugify(".."), "post");
  EXPECT_EQ(Slugify("."), "post");
  EXPECT_EQ(Slugify("/"), "post");
  EXPECT_EQ(Slugify("\\"), "post");
  EXPECT_EQ(Slugify(""), "post");
  EXPECT_EQ(Slugify("   "), "post");
  EXPECT_EQ(Slugify("..\\..\\windows"), "windows");
  EXPECT_EQ(Slugify("a/../../b"), "ab");
  EXPECT_EQ(Slugify(std::string("nul\0byte", 8)), "nulbyte");
}

TEST(SlugTest, CutsLongTitlesOnUtf8Boundary) {
  std::string title;
  for (int i = 0; i < 300; ++i) title += "亞";
  std::string slug = Slugify(title);
  EXPECT_EQ(slug.size(), 120u);  // 40 three-byte characters
  EXPECT_EQ(ToValidUtf8(slug), slug);

  std::string mixed = "a";
  for (int i = 0; i < 300; ++i) mixed += "塞";
  slug = Slugify(mixed);
  EXPECT_EQ(slug.size(), 118u);  // 'a' + 39 characters; the 40th does not fit
  EXPECT_EQ(ToValidUtf8(slug), slug);

  std::string emoji_words;
  for (int i = 0; i < 100; ++i) emoji_words += "ab ";
  slug = Slugify(emoji_words);
  EXPECT_LE(slug.size(), 120u);
  EXPECT_NE(slug.back(), '-');
  EXPECT_EQ(slug.substr(0, 9), "ab-ab-ab-");
}

TEST(SlugTest, PostPath) {
  TimePoint date = FromEpochMillis(1603691777000);  // 2020-10-26T05:56:17Z
  EXPECT_EQ(PostPath(date, TimeZone::Utc(), "亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察"),
            "_posts/2020-10-26-亞塞拜然亞美尼亞再次同意停火-能否奏效待觀察.md");
  EXPECT_EQ(PostPath(date, TimeZone::Utc(), "x", 2), "_posts/2020-10-26-x-2.md");
  EXPECT_EQ(PostPath(date, TimeZone::Utc(), "x", 13), "_posts/2020-10-26-x-13.md");
}

TEST(SlugTest, PostPathUsesTheArchiveZone) {
  TimePoint late = FromEpochMillis(1603670400000 + 20 * 3600000LL);  // 2020-10-26T20:00Z
  EXPECT_EQ(PostPath(late, TimeZone::Utc(), "x"), "_posts/2020-10-26-x.md");
  EXPECT_EQ(PostPath(late, TimeZone::Load("Asia/Taipei"), "x"), "_posts/2020-10-27-x.md");
  TimePoint early = FromEpochMillis(1603670400000 + 2 * 3600000LL);  // 2020-10-26T02:00Z
  EXPECT_EQ(PostPath(early, TimeZone::Load("America/New_York"), "x"), "_posts/2020-10-25-x.md");
}

TEST(SlugTest, CollisionSuffixKeepsSlugWithinLimit) {
  std::string slug;
  for (int i = 0; i < 40; ++i) slug += "亞";  // 120 bytes
  TimePoint date = FromEpochMillis(0);
  std::string path = PostPath(date, TimeZone::Utc(), slug, 2);
  std::string expected_slug;
  for (int i = 0; i < 39; ++i) expected_slug += "亞";  // 117 bytes + "-2"
  EXPECT_EQ(path, "_posts/1970-01-01-" + expected_slug + "-2.md");
  path = PostPath(date, TimeZone::Utc(), slug, 1000);  // "-1000": 115 bytes left, 38 chars
  EXPECT_EQ(path, "_posts/1970-01-01-" + expected_slug.substr(0, 114) + "-1000.md");
  std::string ascii(120, 'a');
  ascii[117] = '-';
  EXPECT_EQ(PostPath(date, TimeZone::Utc(), ascii, 2),
            "_posts/1970-01-01-" + std::string(117, 'a') + "-2.md");
}

TEST(SlugTest, PostPathRejectsBadSlugs) {
  TimePoint date = FromEpochMillis(0);
  for (const std::string& slug :
       std::vector<std::string>{"", ".", "..", "a/b", "../x", std::string("a\0b", 3)}) {
    EXPECT_THROW(PostPath(date, TimeZone::Utc(), slug), Error) << slug;
  }
  EXPECT_THROW(PostPath(date, TimeZone::Utc(), "x", 0), Error);
}

TEST(SlugTest, PropertiesOfRandomTitles) {
  std::vector<std::string> pieces = {" ",
                                     "\t",
                                     "\n",
                                     "\u3000",
                                     "\u00A0",
                                     "_",
                                     "-",
                                     "\u2014",
                                     ".",
                                     "..",
                                     "/",
                                     "\\",
                                     ":",
                                     "?",
                                     "#",
                                     "%",
                                     "'",
                                     "\"",
                                     "a",
                                     "Z",
                                     "9",
                                     "亞",
                                     "塞",
                                     "é",
                                     "e\u0301",
                                     "😀",
                                     "🇹🇼",
                                     "\u200B",
                                     "\uFEFF",
                                     "\x01",
                                     std::string(1, '\0'),
                                     "\xff",
                                     "\xe4\xba",
                                     "「",
                                     "，",
                                     "Я",
                                     "ـ"};
  for (const std::string& title : feedmirror::testing::RandomStrings(120, 5000, 60, pieces)) {
    std::string slug = Slugify(title);
    SCOPED_TRACE("title: " + ToValidUtf8(title) + " slug: " + slug);
    ASSERT_FALSE(slug.empty());
    ASSERT_LE(slug.size(), kMaxSlugBytes);
    ASSERT_EQ(ToValidUtf8(slug), slug);
    ASSERT_EQ(slug.find_first_of(std::string("/\\\0 ", 4)), std::string::npos);
    ASSERT_EQ(slug.find(".."), std::string::npos);
    ASSERT_EQ(slug.find("--"), std::string::npos);
    ASSERT_TRUE(slug.front() != '-' && slug.front() != '.' && slug.back() != '-' &&
                slug.back() != '.');
    ASSERT_EQ(Slugify(slug), slug);
    for (int collision : {2, 10, 1000}) {
      std::string path = PostPath(FromEpochMillis(0), TimeZone::Utc(), slug, collision);
      std::string name = path.substr(18, path.size() - 18 - 3);
      ASSERT_LE(name.size(), kMaxSlugBytes);
      ASSERT_EQ(ToValidUtf8(name), name);
      ASSERT_TRUE(name.ends_with("-" + std::to_string(collision)));
    }
  }
}

}  // namespace
}  // namespace feedmirror
