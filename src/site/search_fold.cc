#include "site/search_fold.h"

#include <opencc.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "site/search_index.h"

namespace feedmirror {

namespace {

void AppendUtf8(std::string& out, char32_t c) {
  char buf[4];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), n, 4, static_cast<UChar32>(c), error);
  if (!error) out.append(buf, static_cast<size_t>(n));
}

// Code points of the CJK blocks the folding considers.
std::vector<char32_t> CjkCharacters() {
  std::vector<char32_t> chars;
  for (char32_t c = 0x3400; c <= 0x4DBF; ++c) chars.push_back(c);
  for (char32_t c = 0x4E00; c <= 0x9FFF; ++c) chars.push_back(c);
  return chars;
}

std::unordered_map<char32_t, char32_t> LoadT2S() {
  std::unordered_map<char32_t, char32_t> map;
  opencc_t od = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
  if (od == reinterpret_cast<opencc_t>(-1)) return map;
  std::vector<char32_t> chars = CjkCharacters();
  std::string input;
  for (char32_t c : chars) {
    AppendUtf8(input, c);
    input.push_back('\n');  // one character a line: no phrase spans two
  }
  char* converted = opencc_convert_utf8(od, input.data(), input.size());
  if (converted != nullptr) {
    std::string_view out(converted);
    size_t line = 0, pos = 0;
    while (pos < out.size() && line < chars.size()) {
      size_t end = out.find('\n', pos);
      if (end == std::string_view::npos) end = out.size();
      std::string_view s = out.substr(pos, end - pos);
      int32_t i = 0;
      UChar32 c = -1;
      U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
      if (c > 0 && static_cast<size_t>(i) == s.size() && static_cast<char32_t>(c) != chars[line])
        map[chars[line]] = static_cast<char32_t>(c);
      ++line;
      pos = end + 1;
    }
    opencc_convert_utf8_free(converted);
  }
  opencc_close(od);
  return map;
}

}  // namespace

const SearchFolding& SearchFolding::Default() {
  static const SearchFolding folding = [] {
    SearchFolding f;
    for (const auto& [from, to] : LoadT2S()) {
      if (from < kFirst) continue;
      if (from - kFirst >= f.map_.size()) f.map_.resize(from - kFirst + 1, 0);
      f.map_[from - kFirst] = to;
    }
    return f;
  }();
  return folding;
}

std::string SearchFolding::Fold(std::string_view text) const {
  if (map_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t run = 0;  // start of the bytes not yet copied: copied as one piece
  for (int32_t i = 0; i < n;) {
    if (bytes[i] < 0x80) {
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < static_cast<UChar32>(kFirst)) continue;
    char32_t folded = FoldChar(static_cast<char32_t>(c));
    if (folded == static_cast<char32_t>(c)) continue;
    out.append(text.substr(run, start - run));
    AppendUtf8(out, folded);
    run = i;
  }
  out.append(text.substr(run));
  return out;
}

std::string SearchFolding::Json() const {
  std::vector<std::pair<char32_t, char32_t>> pairs;
  for (size_t i = 0; i < map_.size(); ++i)
    if (map_[i] != 0) pairs.emplace_back(static_cast<char32_t>(kFirst + i), map_[i]);
  std::string json = "{";
  for (const auto& [from, to] : pairs) {
    if (json.size() > 1) json.push_back(',');
    std::string a, b;
    AppendUtf8(a, from);
    AppendUtf8(b, to);
    AppendJsonString(json, a);
    json.push_back(':');
    AppendJsonString(json, b);
  }
  return json + "}\n";
}

}  // namespace feedmirror
