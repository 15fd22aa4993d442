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
#include <unordered_map>
#include <unordered_set>

#include "site/hash.h"
#include "util/error.h"

namespace feedmirror {

namespace {

bool IsCjk(UChar32 c) {
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
  explicit TokenCollector(std::string_view text) : text_(text) { seen_.reserve(text.size() / 3 + 8); }
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
  void Add(size_t begin, size_t end) {
    std::string_view token = text_.substr(begin, end - begin);
    if (seen_.insert(token).second) out_.emplace_back(token);
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
  std::unordered_set<std::string_view> seen_;
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

uint32_t SearchShardOf(std::string_view token) {
  uint32_t h = 0x811c9dc5u;
  for (char c : token) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x01000193u;
  }
  return h % kSearchShards;
}

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

// The distinct tokens of a segment (views into the documents' tokens), with
// the ids of their documents in a compressed row layout: token t's ids are
// ids[first[t] .. first[t + 1]), ascending as the documents are.
struct SegmentPostings {
  std::vector<std::string_view> tokens;
  std::vector<uint32_t> first;
  std::vector<uint32_t> ids;
};

SegmentPostings CollectPostings(const std::vector<SearchDocTokens>& docs) {
  SegmentPostings out;
  size_t total = 0;
  for (const SearchDocTokens& doc : docs) total += doc.tokens.size();
  // Token numbers of the postings in document order, then counted into rows.
  std::unordered_map<std::string_view, uint32_t> number;
  number.reserve(total / 4 + 16);
  std::vector<uint32_t> token_of(total);
  std::vector<uint32_t> count;
  size_t k = 0;
  for (const SearchDocTokens& doc : docs) {
    for (const std::string& token : doc.tokens) {
      auto [it, added] = number.try_emplace(token, static_cast<uint32_t>(out.tokens.size()));
      if (added) {
        out.tokens.push_back(token);
        count.push_back(0);
      }
      ++count[it->second];
      token_of[k++] = it->second;
    }
  }
  out.first.assign(out.tokens.size() + 1, 0);
  for (size_t t = 0; t < count.size(); ++t) out.first[t + 1] = out.first[t] + count[t];
  out.ids.resize(total);
  std::vector<uint32_t> next(out.first.begin(), out.first.end() - 1);
  k = 0;
  for (const SearchDocTokens& doc : docs) {
    for (size_t j = 0; j < doc.tokens.size(); ++j) out.ids[next[token_of[k++]]++] = doc.id;
  }
  return out;
}

void AppendIds(std::string& json, const uint32_t* ids, const uint32_t* end) {
  char digits[16];
  uint32_t prev = 0;
  for (const uint32_t* p = ids; p != end; ++p) {
    if (p != ids) json.push_back(',');
    json.append(digits, std::to_chars(digits, digits + sizeof digits, *p - prev).ptr);
    prev = *p;
  }
}

}  // namespace

std::vector<std::pair<uint32_t, std::string>> BuildSegmentShards(const std::vector<SearchDocTokens>& docs) {
  SegmentPostings postings = CollectPostings(docs);
  // Each shard's tokens in the order of a 64-bit hash: a stable order that
  // does not depend on the documents' order.
  struct Entry {
    uint32_t shard;
    uint64_t hash;
    uint32_t token;
  };
  std::vector<Entry> entries(postings.tokens.size());
  for (uint32_t t = 0; t < entries.size(); ++t)
    entries[t] = {SearchShardOf(postings.tokens[t]), Hash64(postings.tokens[t]), t};
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.shard != b.shard ? a.shard < b.shard : a.hash < b.hash;
  });
  std::vector<std::pair<uint32_t, std::string>> files;
  for (size_t k = 0; k < entries.size();) {
    uint32_t shard = entries[k].shard;
    std::string json = "{";
    for (; k < entries.size() && entries[k].shard == shard; ++k) {
      uint32_t t = entries[k].token;
      if (json.size() > 1) json.push_back(',');
      AppendJsonString(json, postings.tokens[t]);
      json += ":[";
      AppendIds(json, postings.ids.data() + postings.first[t], postings.ids.data() + postings.first[t + 1]);
      json.push_back(']');
    }
    json += "}\n";
    files.emplace_back(shard, std::move(json));
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
