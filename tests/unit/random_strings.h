// Deterministic random strings built from pieces that matter to a format
// (quotes, brackets, line breaks, braces ...), for property tests: the same
// seed gives the same strings on every run.
#pragma once

#include <random>
#include <string>
#include <vector>

namespace feedmirror::testing {

inline std::vector<std::string> RandomStrings(uint32_t seed, size_t count, size_t max_pieces,
                                              const std::vector<std::string>& pieces) {
  std::mt19937 engine(seed);
  std::uniform_int_distribution<size_t> length(0, max_pieces);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::vector<std::string> strings;
  for (size_t i = 0; i < count; ++i) {
    std::string s;
    for (size_t n = length(engine); n > 0; --n) s += pieces[pick(engine)];
    strings.push_back(std::move(s));
  }
  return strings;
}

// Pieces that matter to YAML 1.1 scalars.
inline std::vector<std::string> YamlPieces() {
  return {" ",      "  ",     "\t",         "\n",     "\r",     std::string(1, '\0'),
          "\x7f",   "\x1b",   "\u0085",     "\u00A0", "\u2028", "\u2029",
          "\uFEFF", "\u3000", "亞",         "😀",      "a",      "e",
          "x",      "Y",      "n",          "0",      "1",      "9",
          ".",      ":",      "-",          "+",      "_",      ",",
          "#",      "[",      "]",          "{",      "}",      "&",
          "*",      "!",      "|",          ">",      "<",      "'",
          "\"",     "\\",     "%",          "@",      "`",      "?",
          "=",      "~",      "yes",        "no",     "null",   "true",
          "0x",     "1:2",    "2020-10-26", ".inf",   "---",    "..."};
}

// Pieces that matter to Liquid's tokenizer.
inline std::vector<std::string> LiquidPieces() {
  return {"{", "}", "%", "{{", "}}", "{%", "%}", " ", "\"", "'", "-", "a", "|", "\n", "raw", "end"};
}

// Pieces that matter to kramdown inline text.
inline std::vector<std::string> MarkdownPieces() {
  return {"\\", "`",  "*", "_",  "{",  "}",  "[",  "]",  "(",   ")",  "#",    "+",    "-", ".",
          "!",  ":",  "|", "\"", "'",  "$",  "=",  "<",  ">",   "~",  "&",    "^",    "@", "/",
          " ",  "  ", "a", "1",  "亞", "\n", "\t", "--", "...", "<<", "amp;", "#126;"};
}

}  // namespace feedmirror::testing
