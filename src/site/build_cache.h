// The incremental build's memory, <dir>/.feedmirror/site-cache: what each
// post file held (so unchanged files are not read again), the search ids,
// and for every output what it was made from (a fingerprint of its inputs)
// and what it holds (a hash of its bytes), so that a rebuild renders only
// what changed and writes only files whose bytes changed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "site/site_model.h"

namespace feedmirror {

// The files one job produced, with the hash of each file's bytes, under
// the 64-bit hash of the job's key (Fingerprint64 of "post:a/2020/…/x.html").
//
// A rebuild looks up 113,000 outputs and keeps all but a few as they were,
// so the cache does not hold the keys nor decode the file lists: a record
// from the cache has its file list as the encoded bytes (`encoded`, a
// view into the cache's bytes, copied as they are into the next cache),
// decoded by Files() only for the outputs that are rendered again or gone.
// A record made by this build has `files` and no `encoded`. Two keys of
// one build with the same hash (about 1 in 10^9 for 100,000 keys) would
// share one record: each then renders every time (the fingerprint differs)
// and the output stays right.
struct OutputRecord {
  uint64_t key = 0;
  uint64_t fingerprint = 0;
  std::vector<std::pair<std::string, uint64_t>> files;
  std::string_view encoded;

  // The files, decoded from `encoded` when there. Throws Error for damaged bytes.
  std::vector<std::pair<std::string, uint64_t>> Files() const;
  size_t FileCount() const;
  // Calls fn(path) for each file without copying the paths.
  void ForEachPath(const std::function<void(std::string_view)>& fn) const;
};

struct BuildCache {
  std::vector<PostRecord> posts;  // by path
  uint32_t next_doc_id = 0;       // the next new post's search id
  std::vector<OutputRecord> outputs;  // by key (sorted by it when decoded; encoding sorts)
  // What keeps the bytes alive that the views of `posts` and `outputs`
  // show (the decoded cache's).
  std::vector<std::shared_ptr<const void>> keep;

  // The output under `key`, or nullptr; outputs must be sorted by key.
  OutputRecord* Find(uint64_t key);
};

// The cache's bytes, and back. Decoding returns an empty cache for bytes of
// another format version or damaged bytes (the build then starts afresh);
// the decoded cache's views show `bytes`, which `owner` keeps alive (the
// cache keeps `owner`).
std::string EncodeBuildCache(const BuildCache& cache);
// The same bytes handed to `sink` in pieces of about a megabyte (no buffer
// of the whole cache, some 90 MB at 100,000 posts).
void EncodeBuildCache(const BuildCache& cache, const std::function<void(std::string_view)>& sink);
BuildCache DecodeBuildCache(std::string_view bytes, std::shared_ptr<const void> owner);

// The bytes of a record's stable part (what it was made from the file),
// and a record whose views show them (which it keeps, in `owned`); for a
// record made from a file. Throws Error for damaged bytes.
std::string EncodeStablePart(const PostRecord& record);
PostRecord RecordFromStablePart(std::shared_ptr<const std::string> bytes);

// <dir>/.feedmirror/site-inputs: a signature of everything a build reads
// (options, theme, every post file's and archive asset's name, size and
// modification time) and what that build reported. A build whose inputs
// have the same signature has nothing to do and reports the same, without
// decoding the (large) build cache or planning a single page.
struct BuildInputs {
  uint64_t signature = 0;
  int posts = 0;
  int files_total = 0;
  std::vector<std::string> problems;
};
std::string EncodeBuildInputs(const BuildInputs& inputs);
// nullopt for bytes of another format version or damaged bytes.
std::optional<BuildInputs> DecodeBuildInputs(std::string_view bytes);

}  // namespace feedmirror
