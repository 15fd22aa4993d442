// The incremental build's memory, <dir>/.feedmirror/site-cache: what each
// post file held (so unchanged files are not read again), the search ids,
// and for every output what it was made from (a fingerprint of its inputs)
// and what it holds (a hash of its bytes), so that a rebuild renders only
// what changed and writes only files whose bytes changed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "site/site_model.h"

namespace feedmirror {

// The files one job produced, with the hash of each file's bytes.
struct OutputRecord {
  uint64_t fingerprint = 0;
  std::vector<std::pair<std::string, uint64_t>> files;
};

struct BuildCache {
  std::vector<PostRecord> posts;  // by path
  uint32_t next_doc_id = 0;       // the next new post's search id
  std::unordered_map<std::string, OutputRecord> outputs;  // by job key
};

// The cache's bytes, and back. Decoding returns an empty cache for bytes of
// another format version or damaged bytes (the build then starts afresh).
std::string EncodeBuildCache(const BuildCache& cache);
BuildCache DecodeBuildCache(std::string_view bytes);

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
