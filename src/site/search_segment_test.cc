#include "site/search_segment.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>

#include "site/hash.h"
#include "site/search_index.h"

namespace feedmirror {
namespace {

const char* const kTexts[] = {"亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察", "蓬佩奧 Pompeo 停火 talks",
                              "其他來源 別的 停火協議", "Pompeo again 亞美尼亞"};

struct SearchDocTokens {
  uint32_t id;
  std::vector<std::string> tokens;
};

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

// The shards of a segment built afresh from `docs`.
std::vector<std::pair<uint32_t, std::string>> FreshShards(const std::vector<SearchDocTokens>& docs) {
  return Postings(docs).Shards();
}

TEST(SegmentPostingsTest, ShardsHoldDeltaCodedIds) {
  SegmentPostings p = Postings({{3, {"停火", "pompeo"}}, {7, {"停火"}}, {12, {"停火"}}});
  EXPECT_EQ(p.documents(), 3u);
  std::vector<std::pair<uint32_t, std::string>> files = p.Shards();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].first, SearchShardOf("停火"));
  EXPECT_EQ(files[0].second, "{\"停火\":[3,4,5]}\n");
  EXPECT_EQ(files[1].first, SearchShardOf("pompeo"));
  EXPECT_EQ(files[1].second, "{\"pompeo\":[3]}\n");
}

TEST(SegmentPostingsTest, TokensSharingAShardAreListedInTheOrderOfTheirHashes) {
  ASSERT_EQ(SearchShardOf("abjv"), SearchShardOf("停火"));
  std::vector<std::pair<uint32_t, std::string>> files =
      Postings({{2, {"abjv"}}, {5, {"停火", "abjv"}}, {9, {"停火"}}, {4000, {"abjv"}}}).Shards();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].second, Hash64("abjv") < Hash64("停火") ? "{\"abjv\":[2,3,3995],\"停火\":[5,4]}\n"
                                                           : "{\"停火\":[5,4],\"abjv\":[2,3,3995]}\n");
  SegmentPostings reversed = Postings({{9, {"停火"}}, {4000, {"abjv"}}, {5, {"abjv", "停火"}}, {2, {"abjv"}}});
  EXPECT_EQ(reversed.Shards(), files);
}

TEST(SegmentPostingsTest, DecodedPostingsTakeNewChangedAndDroppedDocuments) {
  SegmentPostings before = Postings(Docs({{3, 0}, {5, 1}, {9, 2}}));
  std::string bytes = before.Encode(42);
  std::optional<SegmentPostings> p = SegmentPostings::Decode(bytes, 42);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->Has(5, 105));
  EXPECT_FALSE(p->Has(5, 999));
  EXPECT_EQ(p->Shards(), FreshShards(Docs({{3, 0}, {5, 1}, {9, 2}})));
  // A new document at the end, one changed (id 3 now holds text 3), one gone (5).
  p->KeepOnly([](uint32_t id, uint64_t) { return id != 5; });
  p->Add(12, 112, SearchTokens(kTexts[1]));
  p->Add(3, 7, SearchTokens(kTexts[3]));
  EXPECT_FALSE(p->Has(5, 105));
  EXPECT_TRUE(p->Has(3, 7));
  auto expected = FreshShards(Docs({{3, 3}, {9, 2}, {12, 1}}));
  EXPECT_EQ(p->Shards(), expected);
  // And once more through the file.
  std::optional<SegmentPostings> again = SegmentPostings::Decode(p->Encode(42), 42);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->documents(), 3u);
  EXPECT_EQ(again->Shards(), expected);
}

// The shard files as the simplest reading of the contract: per shard, the
// tokens by (Hash64, bytes), each with its ids ascending, delta coded.
std::vector<std::pair<uint32_t, std::string>> ReferenceShards(
    const std::map<uint32_t, std::vector<std::string>>& docs) {
  std::map<std::tuple<uint32_t, uint64_t, std::string>, std::vector<uint32_t>> lists;
  for (const auto& [id, tokens] : docs)
    for (const std::string& t : tokens) lists[{SearchShardOf(t), Hash64(t), t}].push_back(id);
  std::vector<std::pair<uint32_t, std::string>> files;
  for (const auto& [key, ids] : lists) {
    uint32_t shard = std::get<0>(key);
    if (files.empty() || files.back().first != shard) files.emplace_back(shard, "{");
    std::string& json = files.back().second;
    if (json.size() > 1) json += ",";
    json += "\"" + std::get<2>(key) + "\":[";
    for (size_t i = 0; i < ids.size(); ++i) json += (i ? "," : "") + std::to_string(ids[i] - (i ? ids[i - 1] : 0));
    json += "]";
  }
  for (auto& [shard, json] : files) json += "}\n";
  return files;
}

TEST(SegmentPostingsTest, InternedSortEqualsReferenceWhateverTheOrderOfChanges) {
  std::mt19937 random(7);
  // A vocabulary small enough that tokens share shards and documents.
  std::vector<std::string> vocabulary;
  // Tokens of up to 7 bytes (packed) and longer ones (kept aside), mixed.
  for (int k = 0; k < 3000; ++k) vocabulary.push_back((k % 3 ? "w" : "longer") + std::to_string(k * 7919 % 100003));
  for (size_t n = 1; n <= 12; ++n) vocabulary.push_back(std::string("abcdefghijkl").substr(0, n));  // every key size
  auto tokens_of = [&](int n) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    while (static_cast<int>(out.size()) < n) {
      const std::string& t = vocabulary[random() % vocabulary.size()];
      if (seen.insert(t).second) out.push_back(t);
    }
    return out;
  };
  std::map<uint32_t, std::vector<std::string>> docs;
  SegmentPostings p;
  for (int round = 0; round < 3; ++round) {
    for (int n = 0; n < 300; ++n) {  // ids in random order, some replaced
      uint32_t id = random() % 500;
      docs[id] = tokens_of(1 + random() % 40);
      p.Add(id, id, docs[id]);
    }
    std::vector<uint32_t> gone;
    for (const auto& [id, tokens] : docs)
      if (random() % 5 == 0) gone.push_back(id);
    for (uint32_t id : gone) docs.erase(id);
    p.KeepOnly([&](uint32_t id, uint64_t) { return docs.contains(id); });
    ASSERT_EQ(p.documents(), docs.size());
    auto expected = ReferenceShards(docs);
    ASSERT_EQ(p.Shards(), expected) << "round " << round;
    std::optional<SegmentPostings> decoded = SegmentPostings::Decode(p.Encode(1), 1);
    ASSERT_TRUE(decoded);
    ASSERT_EQ(decoded->Shards(), expected);
    EXPECT_EQ(decoded->Encode(1), p.Encode(1));
    p = std::move(*decoded);  // the next round adds to decoded postings
  }
}

TEST(SegmentPostingsTest, TokenListAndStringsAddAlike) {
  SegmentPostings a, b;
  a.Add(4, 1, SearchTokenize(kTexts[0]));
  a.Add(2, 1, SearchTokenize(kTexts[1]));
  b.Add(4, 1, SearchTokens(kTexts[0]));
  b.Add(2, 1, SearchTokens(kTexts[1]));
  EXPECT_EQ(a.Shards(), b.Shards());
  EXPECT_EQ(a.Encode(5), b.Encode(5));
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
