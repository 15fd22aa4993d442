// The postings of one search segment (search_index.h), kept between builds
// in a compact binary file under <dir>/.feedmirror/search/, so that adding
// documents to a segment reads only the new documents, not the thousands
// already in it. Each document is recorded with a hash of what its tokens
// came from; a document whose hash changed, or that is gone, is dropped and
// (when still there) added again from its post.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "site/search_index.h"

namespace feedmirror {

class SegmentPostings {
 public:
  SegmentPostings() = default;
  SegmentPostings(const SegmentPostings&) = delete;
  SegmentPostings& operator=(const SegmentPostings&) = delete;
  SegmentPostings(SegmentPostings&&) = default;
  SegmentPostings& operator=(SegmentPostings&&) = default;

  // The postings saved in `bytes` (Encode) when they were made with the
  // same `salt` (what tokenizing depends on); nullopt for other or damaged
  // bytes (the caller then starts empty).
  static std::optional<SegmentPostings> Decode(std::string bytes, uint64_t salt);
  std::string Encode(uint64_t salt);

  // True when document `id` is held with tokens made from `doc_hash`.
  bool Has(uint32_t id, uint64_t doc_hash) const;
  // Keeps only the documents for which keep(id, doc_hash) is true.
  template <typename Keep>
  void KeepOnly(Keep keep) {
    std::vector<uint32_t> gone;
    for (const auto& [id, hash] : docs_)
      if (!keep(id, hash)) gone.push_back(id);
    Drop(gone);
  }
  // Adds a document (replacing one of the same id) with its distinct tokens.
  void Add(uint32_t id, uint64_t doc_hash, const std::vector<std::string>& tokens);
  void Add(uint32_t id, uint64_t doc_hash, const SearchTokenList& tokens);

  size_t documents() const { return docs_.size(); }

  // The segment's shard files (search_index.h), (shard number, JSON text),
  // for the shards that hold any token; within a shard the tokens in the
  // order of their hashes, so the same documents make the same bytes
  // however they were added.
  std::vector<std::pair<uint32_t, std::string>> Shards();

 private:
  // A shard's few thousand postings (about 550 tokens) are ordered on
  // their own, in cache: the postings are first bucketed by shard (a
  // counting sort, one pass), then in each shard a small hash table numbers
  // the tokens, the tokens are sorted, and the ids are placed by counting.
  // (Sorting a whole segment's two million postings of scattered tokens, or
  // interning them in one segment-wide table, missed the cache at nearly
  // every step; so did appending each posting to its shard's vector.)
  struct Posting {
    uint64_t hash;    // Hash64 of the token: the order within a shard file
    uint64_t packed;  // a token of up to 7 bytes with its length, else 0
    const char* bytes;
    uint32_t size;
    uint32_t id;
    uint32_t shard;  // SearchShardOf the token
    std::string_view view() const { return {bytes, size}; }
    // Short tokens compare without reading their bytes.
    bool SameToken(const Posting& o) const {
      return hash == o.hash && packed == o.packed && (packed != 0 || view() == o.view());
    }
  };
  // The postings in file order: tokens by shard, hash and bytes, each with
  // its ids ascending in ids[starts[k], starts[k + 1]).
  struct Ordered {
    struct Token {
      std::string_view bytes;
      uint32_t shard;
    };
    std::vector<Token> tokens;
    std::vector<uint32_t> starts{0}, ids;
  };
  struct Scratch;  // buffers reused from shard to shard
  static uint64_t PackedKey(std::string_view token);
  void Put(std::string_view token, uint64_t hash, uint32_t shard, uint32_t id);
  void Drop(const std::vector<uint32_t>& ids);
  // Builds ordered_ once after changes.
  const Ordered& Order();
  // Sorts postings_ by shard; shard s is postings_[starts[s], starts[s + 1]).
  std::vector<size_t> BucketByShard();
  void OrderShard(uint32_t shard, const Posting* begin, const Posting* end, Ordered& o, Scratch& scratch) const;
  const char* Store(std::string_view token);

  std::map<uint32_t, uint64_t> docs_;       // id -> doc hash
  std::vector<Posting> postings_;  // by shard after Order(), then in order of adding
  std::optional<Ordered> ordered_;
  // Token bytes: the decoded file, then blocks for added tokens (stable
  // addresses, so postings point into them).
  std::deque<std::string> blocks_;
  size_t block_used_ = 0;
};

}  // namespace feedmirror
