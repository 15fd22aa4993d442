// YAML scalars for the post's front matter, written so that a YAML 1.1
// reader — Psych, which Jekyll uses, and PyYAML — reads back exactly the
// string that was written, whatever it holds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

enum class YamlContext {
  kBlock,  // a mapping value: `key: <scalar>`
  kFlow,   // an entry of a flow sequence: `[ <scalar>, ... ]`
};

// `value` as a double-quoted scalar. `"` and `\` are escaped, and so is every
// character YAML forbids raw or reads as a line break: C0 and C1 controls
// (tab \t, newline \n, ...), DEL, U+0085 (\N), U+2028 (\L), U+2029 (\P),
// U+FEFF, U+FFFE, U+FFFF. Everything else (CJK, emoji) is written as is.
// Ill-formed UTF-8 is replaced by U+FFFD.
std::string YamlDoubleQuoted(std::string_view value);

// `value` plain when that is certain to read back as the same string, else
// double-quoted. Quoted are: the empty string; values with leading or
// trailing spaces; values starting with an indicator (- ? : , [ ] { } # & *
// ! | > ' " % @ ` .); values holding ": ", " #", or, in flow context, any of
// : , [ ] { } ? (PyYAML ends plain scalars there); values with characters
// YamlDoubleQuoted escapes; and values a YAML 1.1 reader would resolve to
// another type: null/bool words in any case
// (~, null, yes, No, on, OFF, y, n, ...), "=", "<<", and anything made only of
// digits, signs and number/date punctuation (1.5, 0x1F, 1_000, 1:20,
// 2020-10-26, 2020-10-26 05:56:17 +08:00).
std::string YamlScalar(std::string_view value, YamlContext context = YamlContext::kBlock);

// A flow sequence, `[ a, b ]`, or `[]` when empty; entries as YamlScalar in
// flow context.
std::string YamlFlowSequence(const std::vector<std::string>& values);

}  // namespace feedmirror
