#include "site/search_segment.h"

#include <gtest/gtest.h>

#include "site/search_index.h"

namespace feedmirror {
namespace {

const char* const kTexts[] = {"亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察", "蓬佩奧 Pompeo 停火 talks",
                              "其他來源 別的 停火協議", "Pompeo again 亞美尼亞"};

std::vector<SearchDocTokens> Docs(const std::vector<std::pair<uint32_t, int>>& ids_and_texts) {
  std::vector<SearchDocTokens> docs;
  for (auto [id, text] : ids_and_texts) docs.push_back({id, SearchTokens(kTexts[text])});
  return docs;
}

SegmentPostings Postings(const std::vector<SearchDocTokens>& docs) {
  SegmentPostings p;
  for (const SearchDocTokens& d : docs) p.Add(d.id, 100 + d.id, d.tokens);
  return p;
}

TEST(SegmentPostingsTest, ShardsAreThoseOfBuildSegmentShards) {
  auto docs = Docs({{3, 0}, {5, 1}, {9, 2}});
  SegmentPostings p = Postings(docs);
  EXPECT_EQ(p.documents(), 3u);
  EXPECT_EQ(p.Shards(), BuildSegmentShards(docs));
}

TEST(SegmentPostingsTest, DecodedPostingsTakeNewChangedAndDroppedDocuments) {
  SegmentPostings before = Postings(Docs({{3, 0}, {5, 1}, {9, 2}}));
  std::string bytes = before.Encode(42);
  std::optional<SegmentPostings> p = SegmentPostings::Decode(bytes, 42);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->Has(5, 105));
  EXPECT_FALSE(p->Has(5, 999));
  EXPECT_EQ(p->Shards(), BuildSegmentShards(Docs({{3, 0}, {5, 1}, {9, 2}})));
  // A new document at the end, one changed (id 3 now holds text 3), one gone (5).
  p->KeepOnly([](uint32_t id, uint64_t) { return id != 5; });
  p->Add(12, 112, SearchTokens(kTexts[1]));
  p->Add(3, 7, SearchTokens(kTexts[3]));
  EXPECT_FALSE(p->Has(5, 105));
  EXPECT_TRUE(p->Has(3, 7));
  auto expected = BuildSegmentShards(Docs({{3, 3}, {9, 2}, {12, 1}}));
  EXPECT_EQ(p->Shards(), expected);
  // And once more through the file.
  std::optional<SegmentPostings> again = SegmentPostings::Decode(p->Encode(42), 42);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->documents(), 3u);
  EXPECT_EQ(again->Shards(), expected);
}

TEST(SegmentPostingsTest, OtherSaltOrDamagedBytesAreNotUsed) {
  std::string bytes = Postings(Docs({{3, 0}, {5, 1}})).Encode(42);
  EXPECT_FALSE(SegmentPostings::Decode(bytes, 43));
  EXPECT_FALSE(SegmentPostings::Decode(bytes.substr(0, bytes.size() - 3), 42));
  EXPECT_FALSE(SegmentPostings::Decode(bytes + "x", 42));
  EXPECT_FALSE(SegmentPostings::Decode("garbage", 42));
}

}  // namespace
}  // namespace feedmirror
