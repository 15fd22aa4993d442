// The postings of one search segment (search_index.h), kept between builds
// in a compact binary file under <dir>/.feedmirror/search/, so that adding
// documents to a segment reads only the new documents, not the thousands
// already in it. Each document is recorded with a hash of what its tokens
// came from; a document whose hash changed, or that is gone, is dropped and
// (when still there) added again from its post.
#pragma once

#include <cstdint>
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
  SegmentPostings();
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
  // their own, in cache: a small hash table numbers the shard's tokens, the
  // tokens are sorted, and the ids are placed by counting. The postings are
  // kept in 16 groups of 32 shards, each a list of chunks: appending writes
  // to 16 places only (one list per shard, 512 places, missed the cache at
  // every posting), never copies (one growing array of 2M postings was a
  // fresh mmap to fault in at every doubling), and a group's postings are
  // bucketed by shard in a reused buffer when ordered. (Sorting a segment's
  // postings by comparing their scattered token bytes, or interning them
  // in one segment-wide table, missed the cache at nearly every step.)
  struct Posting {
    uint64_t hash;  // Hash64 of the token: the order within a shard file
    // A token of 1 to 7 bytes packed with its length in the top byte: equal
    // tokens have equal keys. Longer ones: their offset in long_tokens_
    // (top byte 0), compared by their bytes.
    uint64_t key;
    uint32_t id;
    uint32_t shard;  // SearchShardOf the token
  };
  static constexpr uint32_t kGroupShift = 5;  // 32 shards a group
  static constexpr size_t kChunk = 4096;
  struct PostingList {
    std::vector<std::unique_ptr<Posting[]>> chunks;
    size_t size = 0;
    Posting& operator[](size_t i) const { return chunks[i / kChunk][i % kChunk]; }
    void push_back(const Posting& p);
  };
  // The postings in file order: tokens by shard, hash and bytes, each with
  // its ids ascending in ids[starts[k], starts[k + 1]).
  struct Ordered {
    struct Token {
      uint32_t begin, size;  // in names
      uint32_t shard;
    };
    std::string names;
    std::vector<Token> tokens;
    std::vector<uint32_t> starts{0}, ids;
    std::string_view Name(size_t k) const { return std::string_view(names).substr(tokens[k].begin, tokens[k].size); }
  };
  struct Scratch;  // buffers reused from shard to shard
  static bool IsShort(uint64_t key) { return (key >> 56) != 0; }
  uint64_t KeyOf(std::string_view token);
  // The token's bytes (short ones unpacked into `buf`).
  std::string_view Bytes(uint64_t key, char (&buf)[8]) const;
  bool SameToken(const Posting& a, const Posting& b) const;
  void Put(std::string_view token, uint64_t hash, uint32_t shard, uint32_t id);
  void Drop(const std::vector<uint32_t>& ids);
  // Builds ordered_ once after changes.
  const Ordered& Order();
  void OrderGroup(uint32_t group, Ordered& o, Scratch& scratch) const;
  void OrderShard(uint32_t shard, const Posting* ps, size_t n, Ordered& o, Scratch& scratch) const;

  std::map<uint32_t, uint64_t> docs_;  // id -> doc hash
  std::vector<PostingList> groups_;  // by shard >> kGroupShift; in each, in order of adding
  std::string long_tokens_;            // tokens of 8 bytes and more: size (4 bytes), bytes
  std::optional<Ordered> ordered_;
};

}  // namespace feedmirror
