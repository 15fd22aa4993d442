#include "site/build_cache.h"

#include <gtest/gtest.h>

namespace feedmirror {
namespace {

TEST(BuildCacheTest, RoundTrip) {
  BuildCache c;
  PostRecord r;
  r.path = "2020-10-26-x.md";
  r.size = 42;
  r.mtime_ns = -5;
  r.content_hash = 0xFFFFFFFFFFFFFFFFULL;
  r.title = "標題 \"q\"";
  r.author = "a";
  r.slug = "s";
  r.tags = {"t1", "t2"};
  r.categories = {"c"};
  r.date = {true, 1603691777000};
  r.published = false;
  r.snippet = "snip";
  r.doc_id = 7;
  r.url_key = 0xABCDEF0123456789ULL;
  r.url = "/a/2020/10/26/x.html";
  r.output_path = "a/2020/10/26/x.html";
  c.posts.push_back(r);
  c.next_doc_id = 8;
  c.outputs["post:a.html"] = {99, {{"a.html", 123}}};
  c.outputs["search:segment:0"] = {1, {{"search/0/1.json", 2}, {"search/0/5.json", 3}}};
  std::string bytes = EncodeBuildCache(c);
  BuildCache d = DecodeBuildCache(bytes);
  ASSERT_EQ(d.posts.size(), 1u);
  const PostRecord& p = d.posts[0];
  EXPECT_EQ(p.path, r.path);
  EXPECT_EQ(p.size, 42);
  EXPECT_EQ(p.mtime_ns, -5);
  EXPECT_EQ(p.content_hash, r.content_hash);
  EXPECT_EQ(p.title, r.title);
  EXPECT_EQ(p.slug, "s");
  EXPECT_FALSE(p.permalink);
  EXPECT_EQ(p.tags, r.tags);
  EXPECT_EQ(p.date.epoch_ms, 1603691777000);
  EXPECT_TRUE(p.date.has_offset);
  EXPECT_FALSE(p.published);
  EXPECT_EQ(p.doc_id, 7u);
  EXPECT_EQ(p.url_key, r.url_key);
  EXPECT_EQ(p.url, r.url);
  EXPECT_EQ(p.output_path, r.output_path);
  EXPECT_EQ(d.next_doc_id, 8u);
  EXPECT_EQ(d.outputs.at("search:segment:0").files[1].first, "search/0/5.json");
  EXPECT_EQ(EncodeBuildCache(d), bytes);
}

TEST(BuildCacheTest, DamagedBytesGiveAnEmptyCache) {
  BuildCache c;
  c.next_doc_id = 3;
  c.outputs["k"] = {1, {{"p", 2}}};
  std::string bytes = EncodeBuildCache(c);
  EXPECT_TRUE(DecodeBuildCache(bytes.substr(0, bytes.size() - 1)).outputs.empty());
  EXPECT_EQ(DecodeBuildCache("other format").next_doc_id, 0u);
  EXPECT_TRUE(DecodeBuildCache(bytes + "x").outputs.empty());
}

TEST(BuildCacheTest, InputsRoundTripAndDamagedBytes) {
  BuildInputs in{0x1234567890abcdefULL, 100010, 138858, {"a.md:2: bad", "b.md: left out"}};
  std::string bytes = EncodeBuildInputs(in);
  std::optional<BuildInputs> out = DecodeBuildInputs(bytes);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->signature, in.signature);
  EXPECT_EQ(out->posts, 100010);
  EXPECT_EQ(out->files_total, 138858);
  EXPECT_EQ(out->problems, in.problems);
  EXPECT_FALSE(DecodeBuildInputs(bytes.substr(0, bytes.size() - 1)));
  EXPECT_FALSE(DecodeBuildInputs(bytes + "x"));
  EXPECT_FALSE(DecodeBuildInputs("feedmirror-site-cache-3\n"));
}

}  // namespace
}  // namespace feedmirror
