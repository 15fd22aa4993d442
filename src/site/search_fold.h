// Traditional/Simplified folding for search: every CJK character that
// OpenCC's t2s conversion maps to one other character is replaced by it, in
// the index and (through search/fold.json) in the browser's query, so that
// 亞塞拜然 and 亚塞拜然 find the same posts. Character by character, not
// phrase by phrase, so that index and query fold alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

class SearchFolding {
 public:
  // The folding of OpenCC's t2s.json; an empty (identity) folding when
  // OpenCC or its data are missing.
  static const SearchFolding& Default();

  bool empty() const { return map_.empty(); }
  // The folding of one code point (itself when unchanged).
  char32_t FoldChar(char32_t c) const {
    size_t i = c - kFirst;
    return c >= kFirst && i < map_.size() && map_[i] != 0 ? map_[i] : c;
  }
  // `text` with every folded character replaced.
  std::string Fold(std::string_view text) const;
  // {"亞":"亚",…} for search.js.
  std::string Json() const;

 private:
  // The folded character of each code point from kFirst on (0: unchanged).
  static constexpr char32_t kFirst = 0x3400;
  std::vector<char32_t> map_;
};

}  // namespace feedmirror
