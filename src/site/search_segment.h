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

  size_t documents() const { return docs_.size(); }

  // The segment's shard files (search_index.h), (shard number, JSON text),
  // for the shards that hold any token; within a shard the tokens in the
  // order of their hashes, so the same documents make the same bytes
  // however they were added.
  std::vector<std::pair<uint32_t, std::string>> Shards();

 private:
  struct Posting {
    const char* token;
    uint32_t size;
    uint32_t id;
    uint32_t shard;  // SearchShardOf the token
    uint64_t hash;   // Hash64 of the token: the order within a shard file
    // A token of up to 7 bytes packed with its length (else 0): equal
    // short tokens compare without reading their bytes, which lie
    // scattered in memory (a cache miss per compare when sorting).
    uint64_t key;
    std::string_view view() const { return {token, size}; }
    bool SameToken(const Posting& o) const {
      return key == o.key && (key != 0 || (token == o.token && size == o.size) || view() == o.view());
    }
  };
  static uint64_t PackedKey(std::string_view token);
  void Drop(const std::vector<uint32_t>& ids);
  // The postings' order: by shard, token hash, token, id.
  static bool Less(const Posting& a, const Posting& b);
  // Sorts the postings, once after changes.
  void Sort();
  const char* Store(std::string_view token);

  std::map<uint32_t, uint64_t> docs_;  // id -> doc hash
  std::vector<Posting> postings_;
  size_t sorted_ = 0;  // postings_[0, sorted_) are in order
  // Token bytes: the decoded file, then blocks for added tokens (stable
  // addresses, so postings point into them).
  std::deque<std::string> blocks_;
  size_t block_used_ = 0;
};

}  // namespace feedmirror
