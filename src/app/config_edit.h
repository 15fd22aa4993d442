// Adding sources to feedmirror.toml by editing its text, so that everything
// the user wrote (comments, blank lines, key order, formatting) stays as it
// is: new [[source]] tables are appended at the end of the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"

namespace feedmirror {

// One source to add; empty fields are left out of its table.
struct NewSource {
  std::string name;
  std::string url;
  std::string link;  // its web page
  // Written only when set; unset keeps the default ({name}).
  std::optional<std::vector<std::string>> categories;
};

// `text` as a TOML basic string ("..."), every byte that needs it escaped:
// '"', '\\' and control characters (line breaks included). `text` must be
// UTF-8; it is written as it is otherwise.
std::string TomlBasicString(std::string_view text);

// A source name fit for the config file and the posts: white space and
// control characters (line breaks, tabs...) become single spaces, the ends
// are trimmed, and ill-formed UTF-8 becomes U+FFFD. May return "".
std::string CleanSourceName(std::string_view name);

// The config text with one "[[source]]" table per source appended: every
// byte of `text` is kept, a missing final line break is added, and a blank
// line separates each new table from what is before it.
std::string AppendSources(std::string_view text, const std::vector<NewSource>& sources);

// Appends `sources` to the config file at `path` (see AppendSources) and
// returns the configuration as it is then. The new text is parsed before
// anything is written: when it is not a valid configuration (a bad name or
// URL, a duplicate name) it throws UsageError with ParseConfig's message and
// the file is untouched. The file is replaced atomically, keeping its
// permission bits; throws Error when it cannot be read or written.
Config AppendSourcesToFile(const std::string& path, const std::vector<NewSource>& sources);

// A name not yet used by `config`'s sources nor by `taken`: `name` itself,
// else "name (2)", "name (3)"...
std::string UniqueSourceName(const Config& config, const std::vector<std::string>& taken,
                             const std::string& name);

// The source of `config` whose url equals `url`, or nullptr.
const SourceConfig* FindSourceByUrl(const Config& config, std::string_view url);

}  // namespace feedmirror
