#include "site/search_index.h"

#include <gtest/gtest.h>

#include <random>

#include "site/hash.h"
#include "site/search_fold.h"

namespace feedmirror {
namespace {

using Tokens = std::vector<std::string>;

void AppendUtf8ForTest(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

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

// Every BMP character alone, after an ASCII letter, before a combining
// mark and between letters: the fast path equals ICU's NFKC + lower case.
TEST(SearchIndexTest, NormalizedFastPathEqualsIcuForEveryBmpCharacter) {
  int differ = 0;
  for (char32_t c = 1; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string ch;
    AppendUtf8ForTest(ch, c);
    for (const std::string& s : {ch, "A" + ch, ch + "\xCC\x81", "Ab" + ch + "C", ch + ch + "e\xCC\x81"}) {
      if (SearchNormalized(s) != SearchNormalizedByIcu(s)) ++differ;
    }
  }
  EXPECT_EQ(differ, 0);
}

TEST(SearchIndexTest, NormalizedFastPathEqualsIcuOnMixedText) {
  std::mt19937 random(11);
  const std::vector<std::string> pieces = {"亞", "塞", "停火", "，", "。", "「", "」", "Pompeo", "ABC", " ", "\n",
                                           "ＡＢ", "１０", "　", "é", "e\xCC\x81", "ΟΔΟΣ", "ß", "İ", "ﬁ", "…",
                                           "가", "ᄀ", "\xE1\x85\xA1", "カ", "ｶ", "😀", "\xFF", "\xE4\xBA", "™", "½"};
  for (int n = 0; n < 5000; ++n) {
    std::string s;
    for (int k = random() % 12; k >= 0; --k) s += pieces[random() % pieces.size()];
    ASSERT_EQ(SearchNormalized(s), SearchNormalizedByIcu(s)) << s;
  }
  EXPECT_EQ(SearchNormalized("Pompeo 說，停火！"), "pompeo 說,停火!");
  EXPECT_EQ(SearchNormalized("ＡＢ　é"), "ab é");
}

TEST(SearchIndexTest, TokenListHoldsTheTokensWithTheirHashes) {
  SearchTokenList list = SearchTokenize("停火 Pompeo 停火");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0], "停火");
  EXPECT_EQ(list[1], "pompeo");
  EXPECT_EQ(list.hashes, (std::vector<uint64_t>{Hash64("停火"), Hash64("pompeo")}));
}

TEST(SearchIndexTest, TokenizeFoldsInTheSamePassAsFoldThenTokens) {
  const SearchFolding& f = SearchFolding::Default();
  for (const char* text : {"亞塞拜然亞美尼亞再次同意停火 Pompeo 國", "ＡＢ 國際 é 😀 亞", "國\xFF國"}) {
    SearchTokenList list = SearchTokenize(text, &f);
    std::vector<std::string> tokens;
    for (size_t k = 0; k < list.size(); ++k) tokens.emplace_back(list[k]);
    EXPECT_EQ(tokens, SearchTokens(f.Fold(text))) << text;
  }
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
