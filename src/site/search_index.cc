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
#include <optional>

#include "site/hash.h"
#include "site/search_fold.h"
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
std::string NormalizedByIcu(std::string_view text) {
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

// What NFKC + lower case does to each BMP code point when that does not
// depend on the text around it: nothing (ICU's "inert": no decomposition,
// no composition with a neighbour, no reordering, and lower-casing leaves
// it alone: most CJK, punctuation and symbols), or a fixed replacement made
// of ASCII and such characters (full-width forms such as ，！Ａ１ and the
// ideographic space, which NFKC maps to ASCII, with normalization
// boundaries on both sides). A text of these and ASCII normalizes character
// by character: an ASCII letter could only compose with a following mark,
// and marks are neither. Asked of ICU once, so it matches the ICU the slow
// path uses; the test compares the two for every BMP character.
class CharacterNormalization {
 public:
  static const CharacterNormalization& Get() {
    static const CharacterNormalization table;
    return table;
  }
  static constexpr uint16_t kSlow = 0, kKeep = 1;  // else 2 + index into replacements_
  uint16_t Of(UChar32 c) const { return c >= 0 && c < 0x10000 ? kinds_[c] : kSlow; }
  const std::string& Replacement(uint16_t kind) const { return replacements_[kind - 2]; }

 private:
  CharacterNormalization() : kinds_(0x10000, kSlow) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) return;  // all slow: everything goes through ICU
    for (UChar32 c = 0x80; c < 0x10000; ++c) {
      if (nfkc->isInert(c) && !u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_LOWERCASED)) kinds_[c] = kKeep;
    }
    for (UChar32 c = 0x80; c < 0x10000 && replacements_.size() + 2 < 0xFFFF; ++c) {
      if (kinds_[c] != kSlow || !nfkc->hasBoundaryBefore(c) || !nfkc->hasBoundaryAfter(c)) continue;
      status = U_ZERO_ERROR;
      icu::UnicodeString nf = nfkc->normalize(icu::UnicodeString(c), status);
      if (U_FAILURE(status) || !AllAsciiOrKept(nf)) continue;
      std::string utf8;
      nf.toLower(icu::Locale::getRoot()).toUTF8String(utf8);
      kinds_[c] = static_cast<uint16_t>(2 + replacements_.size());
      replacements_.push_back(std::move(utf8));
    }
  }
  bool AllAsciiOrKept(const icu::UnicodeString& s) const {
    if (s.isEmpty()) return false;
    for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
      UChar32 c = s.char32At(i);
      if (c >= 0x80 && Of(c) != kKeep) return false;
    }
    return true;
  }
  std::vector<uint16_t> kinds_;
  std::vector<std::string> replacements_;
};

// `text` (folded first when `folding` is given) normalized as
// NormalizedByIcu does, or nullopt when it holds a character whose
// normalization depends on its neighbours (or malformed UTF-8): then ICU
// must do it.
std::optional<std::string> NormalizedFast(std::string_view text, const SearchFolding* folding) {
  const CharacterNormalization& table = CharacterNormalization::Get();
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t run = 0;  // start of the bytes kept as they are, not yet copied: copied as one piece
  auto flush = [&](int32_t end) { out.append(text.substr(static_cast<size_t>(run), static_cast<size_t>(end - run))); };
  for (int32_t i = 0; i < n;) {
    uint8_t b = bytes[i];
    if (b < 0x80) {
      if (b >= 'A' && b <= 'Z') {
        flush(i);
        out.push_back(static_cast<char>(b + ('a' - 'A')));
        run = i + 1;
      }
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 read;
    U8_NEXT(bytes, i, n, read);
    UChar32 c = read;
    if (folding != nullptr && c >= 0) c = static_cast<UChar32>(folding->FoldChar(static_cast<char32_t>(c)));
    // CJK Unified Ideographs (and Extension A) are all inert and caseless
    // (the test checks every BMP character): no table read for most text.
    bool ideograph = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
    uint16_t kind = ideograph ? CharacterNormalization::kKeep : table.Of(c);
    if (kind == CharacterNormalization::kSlow) return std::nullopt;
    if (kind == CharacterNormalization::kKeep && c == read) continue;
    flush(start);
    if (kind != CharacterNormalization::kKeep) {
      out += table.Replacement(kind);
    } else {
      char buf[4];
      int32_t len = 0;
      U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(buf), len, c);
      out.append(buf, static_cast<size_t>(len));
    }
    run = i;
  }
  flush(n);
  return out;
}

std::string Normalized(std::string_view text, const SearchFolding* folding) {
  if (std::optional<std::string> fast = NormalizedFast(text, folding)) return std::move(*fast);
  return NormalizedByIcu(folding != nullptr ? folding->Fold(text) : std::string(text));
}

// Collects the distinct tokens of the normalized UTF-8 text.
class TokenCollector {
 public:
  explicit TokenCollector(std::string_view text) : text_(text) {
    size_t slots = 64;
    while (slots < text.size() / 2) slots *= 2;
    slots_.assign(slots, 0);
    spans_.reserve(slots / 2);
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
  SearchTokenList Take() {
    Break();
    SearchTokenList list;
    size_t bytes = 0;
    for (const auto& [begin, end] : spans_) bytes += end - begin;
    list.bytes.reserve(bytes);
    list.ends.reserve(spans_.size());
    for (const auto& [begin, end] : spans_) {
      list.bytes.append(text_.substr(begin, end - begin));
      list.ends.push_back(static_cast<uint32_t>(list.bytes.size()));
    }
    list.hashes = std::move(hashes_);
    return list;
  }

 private:
  std::string_view Span(size_t k) const { return text_.substr(spans_[k].first, spans_[k].second - spans_[k].first); }
  // Keeps the token unless it was seen: an open-addressing set of indexes
  // into spans_ (no allocation per token).
  void Add(size_t begin, size_t end) {
    std::string_view token = text_.substr(begin, end - begin);
    uint64_t hash = Hash64(token);
    if (2 * (spans_.size() + 1) > slots_.size()) Grow();
    for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      uint32_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = static_cast<uint32_t>(spans_.size() + 1);
        spans_.emplace_back(begin, end);
        hashes_.push_back(hash);
        return;
      }
      if (hashes_[slot - 1] == hash && Span(slot - 1) == token) return;
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
  std::vector<uint32_t> slots_;                     // 0: free, else 1 + index into spans_
  std::vector<std::pair<size_t, size_t>> spans_;    // the tokens in text_
  std::vector<uint64_t> hashes_;                    // of spans_' tokens
};

// What each BMP code point is to the tokenizer, IsCjk and IsWordChar asked
// once (two ICU property lookups a character, for CJK punctuation, cost
// more than the rest of tokenizing it).
enum CharClass : uint8_t { kBreakChar, kWordChar, kCjkChar };
CharClass ClassOf(UChar32 c) { return IsCjk(c) ? kCjkChar : IsWordChar(c) ? kWordChar : kBreakChar; }
const std::vector<CharClass>& BmpClasses() {
  static const std::vector<CharClass> classes = [] {
    std::vector<CharClass> t(0x10000);
    for (UChar32 c = 0; c < 0x10000; ++c) t[c] = ClassOf(c);
    return t;
  }();
  return classes;
}

SearchTokenList TokenizeNormalized(std::string_view norm) {
  const std::vector<CharClass>& classes = BmpClasses();
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
    } else {
      bool ideograph = (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);  // as IsCjk
      CharClass k = ideograph ? kCjkChar : c < 0x10000 ? classes[c] : ClassOf(c);
      if (k == kCjkChar) {
        tokens.Cjk(begin, i);
      } else if (k == kWordChar) {
        tokens.Word(begin, i);
      } else {
        tokens.Break();
      }
    }
  }
  return tokens.Take();
}

}  // namespace

std::string SearchNormalized(std::string_view text) { return Normalized(text, nullptr); }

std::string SearchNormalizedByIcu(std::string_view text) { return NormalizedByIcu(text); }

SearchTokenList SearchTokenize(std::string_view text, const SearchFolding* folding) {
  return TokenizeNormalized(Normalized(text, folding));
}

std::vector<std::string> SearchTokens(std::string_view text) {
  SearchTokenList list = SearchTokenize(text);
  std::vector<std::string> out;
  out.reserve(list.size());
  for (size_t k = 0; k < list.size(); ++k) out.emplace_back(list[k]);
  return out;
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
