#include "site/build_cache.h"

#include <gtest/gtest.h>

#include "site/hash.h"
#include "util/error.h"

namespace feedmirror {
namespace {

OutputRecord Output(uint64_t key, uint64_t fingerprint, std::vector<std::pair<std::string, uint64_t>> files) {
  OutputRecord o;
  o.key = key;
  o.fingerprint = fingerprint;
  o.files = std::move(files);
  return o;
}

BuildCache SampleCache() {
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
  r.instant_ms = 1603691777000;
  r.local_ms = 1603720577000;
  r.entry_hash = 0x0123456789ABCDEFULL;
  c.posts.push_back(r);
  c.next_doc_id = 8;
  c.outputs.push_back(Output(Fingerprint64("search:segment:0"), 1, {{"search/0/1.json", 2}, {"search/0/5.json", 3}}));
  c.outputs.push_back(Output(Fingerprint64("post:a.html"), 99, {{"a.html", 123}}));
  return c;
}

bool Within(std::string_view view, const std::string& bytes) {
  return view.data() >= bytes.data() && view.data() + view.size() <= bytes.data() + bytes.size();
}

TEST(BuildCacheTest, RoundTripWithViewsOfTheBytes) {
  BuildCache c = SampleCache();
  auto bytes = std::make_shared<const std::string>(EncodeBuildCache(c));
  BuildCache d = DecodeBuildCache(*bytes, bytes);
  ASSERT_EQ(d.posts.size(), 1u);
  const PostRecord& r = c.posts[0];
  const PostRecord& p = d.posts[0];
  EXPECT_EQ(p.path, r.path);
  EXPECT_EQ(p.size, 42);
  EXPECT_EQ(p.mtime_ns, -5);
  EXPECT_EQ(p.content_hash, r.content_hash);
  EXPECT_EQ(p.title, r.title);
  EXPECT_EQ(p.slug, "s");
  EXPECT_FALSE(p.permalink);
  EXPECT_EQ(p.tags, r.tags);
  EXPECT_EQ(p.categories, r.categories);
  EXPECT_EQ(p.date.epoch_ms, 1603691777000);
  EXPECT_TRUE(p.date.has_offset);
  EXPECT_FALSE(p.published);
  EXPECT_EQ(p.snippet, "snip");
  EXPECT_EQ(p.doc_id, 7u);
  EXPECT_EQ(p.url_key, r.url_key);
  EXPECT_EQ(p.url, r.url);
  EXPECT_EQ(p.output_path, r.output_path);
  EXPECT_EQ(p.instant_ms, 1603691777000);
  EXPECT_EQ(p.local_ms, 1603720577000);
  EXPECT_EQ(p.entry_hash, 0x0123456789ABCDEFULL);
  EXPECT_EQ(d.next_doc_id, 8u);
  // Nothing copied: the fields show the bytes, which the cache keeps.
  EXPECT_TRUE(Within(p.title, *bytes));
  EXPECT_TRUE(Within(p.tags[1], *bytes));
  EXPECT_TRUE(Within(p.url, *bytes));
  EXPECT_TRUE(Within(p.stable, *bytes));
  ASSERT_EQ(d.keep.size(), 1u);
  EXPECT_EQ(d.keep[0], bytes);
  // The outputs, sorted by key, with their file lists still encoded.
  ASSERT_EQ(d.outputs.size(), 2u);
  EXPECT_LT(d.outputs[0].key, d.outputs[1].key);
  const OutputRecord* segment = d.Find(Fingerprint64("search:segment:0"));
  ASSERT_NE(segment, nullptr);
  EXPECT_TRUE(segment->files.empty());
  EXPECT_TRUE(Within(segment->encoded, *bytes));
  EXPECT_EQ(segment->fingerprint, 1u);
  EXPECT_EQ(segment->FileCount(), 2u);
  auto files = segment->Files();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[1], (std::pair<std::string, uint64_t>{"search/0/5.json", 3}));
  std::vector<std::string> paths;
  segment->ForEachPath([&](std::string_view path) { paths.emplace_back(path); });
  EXPECT_EQ(paths, (std::vector<std::string>{"search/0/1.json", "search/0/5.json"}));
  EXPECT_EQ(d.Find(Fingerprint64("post:b.html")), nullptr);
  // Decoded records and outputs encode to the same bytes (copied as they were).
  EXPECT_EQ(EncodeBuildCache(d), *bytes);
}

TEST(BuildCacheTest, AMovedRecordKeepsShowingTheBytes) {
  auto bytes = std::make_shared<const std::string>(EncodeBuildCache(SampleCache()));
  BuildCache next;
  {
    BuildCache old = DecodeBuildCache(*bytes, bytes);
    next.keep = old.keep;
    next.posts.push_back(std::move(old.posts[0]));
  }
  bytes.reset();  // only `next` keeps them now
  EXPECT_EQ(next.posts[0].title, "標題 \"q\"");
  EXPECT_EQ(next.posts[0].output_path, "a/2020/10/26/x.html");
}

TEST(BuildCacheTest, ARecordFromItsStablePartOwnsItsBytes) {
  PostRecord r;
  r.path = "2020-10-26-x.md";
  r.title = "t";
  r.tags = {"a"};
  r.permalink = "/p/";
  r.doc_id = 3;  // not part of the stable part
  std::string stable = EncodeStablePart(r);
  PostRecord p = RecordFromStablePart(std::make_shared<const std::string>(stable));
  ASSERT_NE(p.owned, nullptr);
  EXPECT_EQ(*p.owned, stable);
  EXPECT_EQ(p.stable, stable);
  EXPECT_TRUE(Within(p.title, *p.owned));
  EXPECT_EQ(p.path, "2020-10-26-x.md");
  EXPECT_EQ(p.permalink, "/p/");
  EXPECT_EQ(p.tags, std::vector<std::string_view>{"a"});
  EXPECT_EQ(p.doc_id, PostRecord::kNoDocId);
  PostRecord copy = p;
  p = PostRecord{};
  EXPECT_EQ(copy.title, "t");
  EXPECT_THROW(RecordFromStablePart(std::make_shared<const std::string>(stable + "x")), Error);
}

TEST(BuildCacheTest, ACacheOfAnotherVersionIsIgnored) {
  std::string bytes = EncodeBuildCache(SampleCache());
  ASSERT_TRUE(bytes.starts_with("feedmirror-site-cache-6\n"));
  std::string older = "feedmirror-site-cache-5\n" + bytes.substr(24);
  BuildCache d = DecodeBuildCache(older, nullptr);
  EXPECT_TRUE(d.posts.empty());
  EXPECT_TRUE(d.outputs.empty());
  EXPECT_TRUE(d.keep.empty());
  EXPECT_EQ(d.next_doc_id, 0u);
}

TEST(BuildCacheTest, DamagedBytesGiveAnEmptyCache) {
  std::string bytes = EncodeBuildCache(SampleCache());
  auto decode = [](std::string b) {
    auto owned = std::make_shared<const std::string>(std::move(b));
    return DecodeBuildCache(*owned, owned);
  };
  EXPECT_EQ(decode(bytes).outputs.size(), 2u);
  for (size_t cut : {size_t{1}, size_t{5}, size_t{40}, bytes.size() - 30}) {
    BuildCache d = decode(bytes.substr(0, bytes.size() - cut));
    EXPECT_TRUE(d.outputs.empty() && d.posts.empty()) << cut;
  }
  EXPECT_EQ(decode("other format").next_doc_id, 0u);
  EXPECT_TRUE(decode(bytes + "x").outputs.empty());
}

TEST(BuildCacheTest, EncodesInPiecesOfAboutAMegabyte) {
  BuildCache c = SampleCache();
  std::string snippet(1000, 'x');
  for (int i = 0; i < 3000; ++i) {  // some 3 MB
    c.posts.push_back(c.posts[0]);
    c.posts.back().snippet = snippet;
  }
  std::vector<size_t> sizes;
  std::string joined;
  EncodeBuildCache(c, [&](std::string_view piece) {
    sizes.push_back(piece.size());
    joined.append(piece);
  });
  EXPECT_EQ(joined, EncodeBuildCache(c));
  ASSERT_GE(sizes.size(), 3u);
  for (size_t k = 0; k + 1 < sizes.size(); ++k) {
    EXPECT_GE(sizes[k], 1u << 20);
    EXPECT_LT(sizes[k], (1u << 20) + 2000);
  }
  auto owned = std::make_shared<const std::string>(joined);
  EXPECT_EQ(DecodeBuildCache(*owned, owned).posts.size(), 3001u);
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
