// The front matter of a post: the small subset of YAML that post writers
// emit (ours and Jekyll's usual ones): one `key: value` per line, values
// being plain, double-quoted (with escapes) or single-quoted scalars, flow
// sequences `[ a, "b" ]` and block sequences (`- a` lines under the key).
// Anything else nested under a key (maps, block scalars) is kept as raw text
// so that unknown keys from other tools never stop a build.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedmirror {

struct YamlValue {
  enum class Kind { kNull, kScalar, kSequence, kRaw };
  Kind kind = Kind::kNull;
  std::string scalar;              // kScalar (unescaped) and kRaw (as written)
  bool quoted = false;             // kScalar: written in quotes
  std::vector<std::string> items;  // kSequence; null items are left out
  int line = 0;                    // 1-based line of the key in the file
};

using FrontMatter = std::vector<std::pair<std::string, YamlValue>>;

// Parses the lines between the `---` fences. `first_line` is the file line
// of the first of them, `file` the name used in errors. Later duplicates of a
// key replace earlier ones (as in Jekyll). Throws Error
// "<file>:<line>: <what is wrong>" for a malformed document: a line that is
// not `key: value`, an unterminated quote or flow sequence, a bad escape.
FrontMatter ParseFrontMatter(std::string_view yaml, const std::string& file, int first_line);

// The value under `key`, or nullptr.
const YamlValue* FindKey(const FrontMatter& fm, std::string_view key);

}  // namespace feedmirror
