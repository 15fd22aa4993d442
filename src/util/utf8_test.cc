#include "util/utf8.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(Utf8Test, Decodes) {
  CodePoint a = DecodeUtf8("a", 0);
  EXPECT_EQ(a.value, U'a');
  EXPECT_EQ(a.size, 1u);
  EXPECT_TRUE(a.valid);
  CodePoint han = DecodeUtf8("x亞", 1);
  EXPECT_EQ(han.value, U'亞');
  EXPECT_EQ(han.size, 3u);
  CodePoint emoji = DecodeUtf8("😀", 0);
  EXPECT_EQ(emoji.value, U'\U0001F600');
  EXPECT_EQ(emoji.size, 4u);
}

TEST(Utf8Test, IllFormed) {
  for (std::string bad : {"\x80", "\xff", "\xc3", "\xe4\xba", "\xc0\xaf", "\xed\xa0\x80"}) {
    CodePoint cp = DecodeUtf8(bad, 0);
    EXPECT_FALSE(cp.valid) << bad;
    EXPECT_EQ(cp.value, U'\uFFFD');
    EXPECT_GE(cp.size, 1u);
  }
  EXPECT_EQ(ToValidUtf8("a\xff" "b\xe4\xba"), "a\uFFFDb\uFFFD");
  EXPECT_EQ(ToValidUtf8("亞😀"), "亞😀");
}

TEST(Utf8Test, Appends) {
  std::string out;
  AppendUtf8(out, U'a');
  AppendUtf8(out, U'亞');
  AppendUtf8(out, U'\U0001F600');
  EXPECT_EQ(out, "a亞😀");
}

TEST(Utf8Test, TruncatesOnBoundary) {
  EXPECT_EQ(TruncateUtf8("亞塞", 6), "亞塞");
  EXPECT_EQ(TruncateUtf8("亞塞", 5), "亞");
  EXPECT_EQ(TruncateUtf8("亞塞", 4), "亞");
  EXPECT_EQ(TruncateUtf8("亞塞", 3), "亞");
  EXPECT_EQ(TruncateUtf8("亞塞", 2), "");
  EXPECT_EQ(TruncateUtf8("ab😀", 5), "ab");
  EXPECT_EQ(TruncateUtf8("abc", 10), "abc");
}

}  // namespace
}  // namespace feedmirror
