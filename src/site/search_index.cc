#include "site/search_index.h"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>

#include "site/hash.h"
#include "util/error.h"

namespace feedmirror {

namespace {

uint32_t Fnv1a(std::string_view token) {
  uint32_t h = 0x811c9dc5u;
  for (char c : token) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x01000193u;
  }
  return h;
}

bool IsCjk(UChar32 c) {
  // The CJK Unified Ideographs block and Extension A are all Han (assigned
  // since Unicode 14): no property lookup for the common case.
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) return true;
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL || script == USCRIPT_BOPOMOFO;
}

bool IsWordChar(UChar32 c) { return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK)) != 0; }

// NFKC and lower case (root locale), as search.js does, on the UTF-8 bytes
// (no UTF-16 round trip).
std::string Normalized(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  std::string nf;
  if (U_SUCCESS(status)) {
    icu::StringByteSink<std::string> sink(&nf, static_cast<int32_t>(text.size()));
    nfkc->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr, status);
  }
  if (U_FAILURE(status)) nf.assign(text);
  std::string lower;
  icu::StringByteSink<std::string> sink(&lower, static_cast<int32_t>(nf.size()));
  status = U_ZERO_ERROR;
  icu::CaseMap::utf8ToLower("", 0, icu::StringPiece(nf.data(), static_cast<int32_t>(nf.size())), sink, nullptr, status);
  return U_SUCCESS(status) ? lower : nf;
}

// Collects tokens as views into the normalized UTF-8 text.
class TokenCollector {
 public:
  explicit TokenCollector(std::string_view text) : text_(text) {
    size_t slots = 64;
    while (slots < text.size() / 2) slots *= 2;
    slots_.assign(slots, 0);
    out_.reserve(slots / 2);
    hashes_.reserve(slots / 2);
  }
  void Cjk(size_t begin, size_t end) {
    FlushWord();
    run_.emplace_back(begin, end);
  }
  void Word(size_t begin, size_t end) {
    FlushRun();
    if (word_chars_++ == 0) word_begin_ = begin;
    word_end_ = end;
  }
  void Break() {
    FlushRun();
    FlushWord();
  }
  std::vector<std::string> Take() {
    Break();
    return std::move(out_);
  }

 private:
  // Keeps the token unless it was seen: an open-addressing set of indexes
  // into out_ (no allocation per token).
  void Add(size_t begin, size_t end) {
    std::string_view token = text_.substr(begin, end - begin);
    uint64_t hash = Hash64(token);
    if (2 * (out_.size() + 1) > slots_.size()) Grow();
    for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      uint32_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = static_cast<uint32_t>(out_.size() + 1);
        out_.emplace_back(token);
        hashes_.push_back(hash);
        return;
      }
      if (hashes_[slot - 1] == hash && out_[slot - 1] == token) return;
    }
  }
  void Grow() {
    slots_.assign(slots_.size() * 2, 0);
    for (size_t k = 0; k < hashes_.size(); ++k) {
      size_t i = hashes_[k] & (slots_.size() - 1);
      while (slots_[i] != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = static_cast<uint32_t>(k + 1);
    }
  }
  void FlushRun() {
    if (run_.size() == 1) Add(run_[0].first, run_[0].second);
    for (size_t i = 0; i + 1 < run_.size(); ++i) Add(run_[i].first, run_[i + 1].second);
    run_.clear();
  }
  void FlushWord() {
    if (word_chars_ >= 2) Add(word_begin_, word_end_);
    word_chars_ = 0;
  }

  std::string_view text_;
  std::vector<std::pair<size_t, size_t>> run_;
  size_t word_chars_ = 0, word_begin_ = 0, word_end_ = 0;
  std::vector<uint32_t> slots_;   // 0: free, else 1 + index into out_
  std::vector<uint64_t> hashes_;  // of out_'s tokens
  std::vector<std::string> out_;
};

}  // namespace

std::vector<std::string> SearchTokens(std::string_view text) {
  std::string norm = Normalized(text);
  TokenCollector tokens(norm);
  const auto* bytes = reinterpret_cast<const uint8_t*>(norm.data());
  const int32_t n = static_cast<int32_t>(norm.size());
  for (int32_t i = 0; i < n;) {
    int32_t begin = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0) {
      tokens.Break();
    } else if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) {
        tokens.Word(begin, i);
      } else {
        tokens.Break();
      }
    } else if (IsCjk(c)) {
      tokens.Cjk(begin, i);
    } else if (IsWordChar(c)) {
      tokens.Word(begin, i);
    } else {
      tokens.Break();
    }
  }
  return tokens.Take();
}

uint32_t SearchShardOf(std::string_view token) { return Fnv1a(token) % kSearchShards; }

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied: copied as one piece
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  out.append(s, run, s.size() - run);
  out.push_back('"');
}

namespace {

void AppendIds(std::string& json, const uint32_t* ids, const uint32_t* end) {
  char digits[16];
  uint32_t prev = 0;
  for (const uint32_t* p = ids; p != end; ++p) {
    if (p != ids) json.push_back(',');
    json.append(digits, std::to_chars(digits, digits + sizeof digits, *p - prev).ptr);
    prev = *p;
  }
}

struct Posting {
  std::string_view token;
  uint64_t key;   // a token of up to 7 bytes packed with its length, else 0
  uint32_t hash;  // FNV-1a of the token, divided by kSearchShards
  uint32_t id;
};

// Short tokens (a CJK bigram is 6 bytes) compare as integers, without
// reading their bytes in another document's memory.
uint64_t PackedToken(std::string_view token) {
  if (token.size() > 7) return 0;
  uint64_t key = token.size();
  for (char c : token) key = (key << 8) | static_cast<unsigned char>(c);
  return key;
}

// The postings of shards [first, first + count), grouped by shard (counted
// into one array: shard first + s holds postings[start[s] .. start[s + 1])),
// each shard's postings in document order. `hash_of`: FNV-1a of every token
// of the documents, in order. A group of shards at a time keeps the array
// small (no fresh pages for each segment's millions of postings).
void PostingsByShard(const std::vector<SearchDocTokens>& docs, const std::vector<uint32_t>& hash_of, uint32_t first,
                     uint32_t count, std::vector<uint32_t>& start, std::vector<Posting>& postings) {
  start.assign(count + 1, 0);
  for (uint32_t h : hash_of) {
    uint32_t s = h % kSearchShards - first;  // wraps when below the group
    if (s < count) ++start[s + 1];
  }
  for (uint32_t s = 0; s < count; ++s) start[s + 1] += start[s];
  std::vector<uint32_t> next(start.begin(), start.end() - 1);
  postings.resize(start[count]);
  size_t k = 0;
  for (const SearchDocTokens& doc : docs) {
    for (const std::string& token : doc.tokens) {
      uint32_t h = hash_of[k++];
      uint32_t s = h % kSearchShards - first;
      if (s < count) postings[next[s]++] = {token, PackedToken(token), h / kSearchShards, doc.id};
    }
  }
}

// Writes one shard's JSON: its tokens in order of first appearance (an
// open-addressing table numbers them: no sort), each with its ids, which
// ascend as the postings come in document order. Buffers are reused.
class ShardWriter {
 public:
  std::string Json(const Posting* begin, const Posting* end) {
    size_t n = static_cast<size_t>(end - begin);
    NumberTokens(begin, n);
    row_start_.assign(row_first_.size() + 1, 0);
    for (uint32_t r : row_of_) ++row_start_[r + 1];
    for (size_t r = 0; r < row_first_.size(); ++r) row_start_[r + 1] += row_start_[r];
    fill_.assign(row_start_.begin(), row_start_.end() - 1);
    ids_.resize(n);
    for (size_t k = 0; k < n; ++k) ids_[fill_[row_of_[k]]++] = begin[k].id;
    std::string json = "{";
    json.reserve(8 * n + 16 * row_first_.size() + 4);
    for (size_t r = 0; r < row_first_.size(); ++r) {
      if (r > 0) json.push_back(',');
      AppendJsonString(json, row_first_[r]->token);
      json += ":[";
      AppendIds(json, ids_.data() + row_start_[r], ids_.data() + row_start_[r + 1]);
      json.push_back(']');
    }
    json += "}\n";
    return json;
  }

 private:
  void NumberTokens(const Posting* postings, size_t n) {
    size_t size = 16;
    while (size < 2 * n) size *= 2;
    slots_.assign(size, 0);
    row_first_.clear();
    row_of_.resize(n);
    for (size_t k = 0; k < n; ++k) {
      const Posting& p = postings[k];
      for (size_t i = p.hash & (size - 1);; i = (i + 1) & (size - 1)) {
        uint32_t slot = slots_[i];
        if (slot == 0) {
          row_first_.push_back(&p);
          slots_[i] = static_cast<uint32_t>(row_first_.size());
          row_of_[k] = slot = static_cast<uint32_t>(row_first_.size() - 1);
          break;
        }
        const Posting& first = *row_first_[slot - 1];
        if (first.hash == p.hash && first.key == p.key && (p.key != 0 || first.token == p.token)) {
          row_of_[k] = slot - 1;
          break;
        }
      }
    }
  }

  std::vector<uint32_t> slots_;            // 0: free, else 1 + row
  std::vector<const Posting*> row_first_;  // each token's first posting
  std::vector<uint32_t> row_of_, row_start_, fill_, ids_;
};

}  // namespace

std::vector<std::pair<uint32_t, std::string>> BuildSegmentShards(const std::vector<SearchDocTokens>& docs) {
  constexpr uint32_t kGroup = 64;  // shards a pass
  std::vector<uint32_t> hash_of;
  for (const SearchDocTokens& doc : docs)
    for (const std::string& token : doc.tokens) hash_of.push_back(Fnv1a(token));
  std::vector<std::pair<uint32_t, std::string>> files;
  std::vector<uint32_t> start;
  std::vector<Posting> postings;
  ShardWriter writer;
  for (uint32_t first = 0; first < kSearchShards; first += kGroup) {
    uint32_t count = std::min(kGroup, kSearchShards - first);
    PostingsByShard(docs, hash_of, first, count, start, postings);
    for (uint32_t s = 0; s < count; ++s) {
      if (start[s] == start[s + 1]) continue;
      files.emplace_back(first + s, writer.Json(postings.data() + start[s], postings.data() + start[s + 1]));
    }
  }
  return files;
}

std::string SearchMetaJson(uint32_t segments, bool fold) {
  return "{\"segment_size\":" + std::to_string(kSearchSegmentSize) + ",\"segments\":" + std::to_string(segments) +
         ",\"shards\":" + std::to_string(kSearchShards) + ",\"chunk\":" + std::to_string(kSearchDocChunk) +
         ",\"fold\":" + (fold ? "true" : "false") + "}\n";
}

std::string SearchDocChunkJson(const std::vector<const SearchDocEntry*>& entries) {
  std::string json = "[";
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) json += ",\n";
    const SearchDocEntry* e = entries[i];
    if (e == nullptr) {
      json += "null";
      continue;
    }
    json.push_back('[');
    AppendJsonString(json, e->url);
    json.push_back(',');
    AppendJsonString(json, e->title);
    json.push_back(',');
    AppendJsonString(json, e->source);
    json.push_back(',');
    AppendJsonString(json, e->date);
    json.push_back(']');
  }
  json += "]\n";
  return json;
}

}  // namespace feedmirror
