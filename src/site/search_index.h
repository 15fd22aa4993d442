// The client-side search index: tokens are character bigrams of CJK text
// and words of other scripts (NFKC, lower case); documents are grouped in
// segments of kSearchSegmentSize ids, and each segment's postings are split
// into kSearchShards shards by a hash of the token, so that a query loads
// one small file per token and segment. assets/search.js mirrors
// SearchTokens and SearchShardOf exactly.
//
// Files, under the site's search/ folder:
//   meta.json                {"segment_size":…,"segments":…,"shards":…,"chunk":…,"fold":…}
//   fold.json                Traditional -> Simplified characters (search_fold.h)
//   <segment>/<shard>.json   {"token":[first id, delta, delta, …], …}
//   docs/<id / chunk>.json   [[url, title, source, date] or null, …]
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedmirror {

inline constexpr uint32_t kSearchSegmentSize = 4096;
inline constexpr uint32_t kSearchShards = 512;
inline constexpr uint32_t kSearchDocChunk = 64;

// The distinct tokens of a text, in order of first appearance: bigrams of
// each run of Han/Hiragana/Katakana/Hangul/Bopomofo characters (a run of
// one is its own token), and runs of other letters, marks and digits of at
// least two characters.
std::vector<std::string> SearchTokens(std::string_view text);

// The same tokens in one buffer, each with its Hash64 (which the segment
// interns them by): no string per token.
struct SearchTokenList {
  std::string bytes;            // the tokens back to back
  std::vector<uint32_t> ends;   // token k is bytes[ends[k-1], ends[k])
  std::vector<uint64_t> hashes; // Hash64 of token k
  size_t size() const { return ends.size(); }
  std::string_view operator[](size_t k) const {
    uint32_t begin = k == 0 ? 0 : ends[k - 1];
    return std::string_view(bytes).substr(begin, ends[k] - begin);
  }
};
class SearchFolding;
// `folding`: the text is folded first (SearchFolding::Fold), in the same pass.
SearchTokenList SearchTokenize(std::string_view text, const SearchFolding* folding = nullptr);

// NFKC and lower case (root locale) of `text`, as search.js does to
// queries. Text whose every character NFKC and lower-casing leave alone
// whatever surrounds it (with ASCII letters, lower-cased here) is copied
// without ICU, which is most of any archive's text.
std::string SearchNormalized(std::string_view text);
// The same by ICU alone (what the fast path must equal; for tests).
std::string SearchNormalizedByIcu(std::string_view text);

// FNV-1a (32 bits) of the token's UTF-8 bytes, modulo kSearchShards.
uint32_t SearchShardOf(std::string_view token);

// (The shard files of a segment are made by SegmentPostings, search_segment.h.)

// meta.json for `segments` segments; `fold`: queries are folded with
// search/fold.json (search_fold.h) before they are tokenized.
std::string SearchMetaJson(uint32_t segments, bool fold);

struct SearchDocEntry {
  std::string url, title, source, date;
};
// One docs/<n>.json file: kSearchDocChunk entries, nullptr for absent ids.
std::string SearchDocChunkJson(const std::vector<const SearchDocEntry*>& entries);

// A JSON string literal.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace feedmirror
