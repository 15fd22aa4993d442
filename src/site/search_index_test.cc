#include "site/search_index.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

using Tokens = std::vector<std::string>;

TEST(SearchIndexTest, ChineseBigramsAndLatinWords) {
  EXPECT_EQ(SearchTokens("亞塞拜然，停火！Pompeo's ＡＢＣ 2020年 a"),
            (Tokens{"亞塞", "塞拜", "拜然", "停火", "pompeo", "abc", "2020", "年"}));
  EXPECT_EQ(SearchTokens("停火停火 停"), (Tokens{"停火", "火停", "停"}));
  EXPECT_EQ(SearchTokens("Ünïcode ÇA ひらがなカ"), (Tokens{"ünïcode", "ça", "ひら", "らが", "がな", "なカ"}));
  EXPECT_EQ(SearchTokens("<>!"), Tokens{});
}

TEST(SearchIndexTest, FullWidthFormsAndUpperCaseFoldLikeSearchJs) {
  // NFKC turns full-width letters, digits and the ideographic space into
  // ASCII; lower case follows (Σ at a word's end is final sigma).
  EXPECT_EQ(SearchTokens("ＴＩＫＴＯＫ　１０月ΟΔΟΣ"), (Tokens{"tiktok", "10", "月", "οδος"}));
}

TEST(SearchIndexTest, JsonStringsEscapeQuotesBackslashesAndControls) {
  std::string out = "x";
  AppendJsonString(out, "停\"火\\\n\x01z");
  EXPECT_EQ(out, "x\"停\\\"火\\\\\\u000a\\u0001z\"");
}

TEST(SearchIndexTest, ShardIsFnv1aOfUtf8) {
  // FNV-1a 32: 停火 = 3962237986, pompeo = 3552680573 (checked in Python).
  EXPECT_EQ(SearchShardOf("停火"), 3962237986u % kSearchShards);
  EXPECT_EQ(SearchShardOf("pompeo"), 3552680573u % kSearchShards);
}

TEST(SearchIndexTest, MetaAndDocChunks) {
  EXPECT_EQ(SearchMetaJson(3, true),
            "{\"segment_size\":4096,\"segments\":3,\"shards\":512,\"chunk\":64,\"fold\":true}\n");
  SearchDocEntry a{"/a/1.html", "say \"hi\"", "(臺)中央社CNA", "2020-10-26 13:56"};
  EXPECT_EQ(SearchDocChunkJson({&a, nullptr}),
            "[[\"/a/1.html\",\"say \\\"hi\\\"\",\"(臺)中央社CNA\",\"2020-10-26 13:56\"],\nnull]\n");
}

}  // namespace
}  // namespace feedmirror
