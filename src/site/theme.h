// The site's theme: mustache templates, CSS and the search script, built
// into the binary; a file of the same name under <dir>/theme/ replaces the
// built-in one.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace feedmirror {

struct ThemeFile {
  std::string name;      // "layout.mustache", "assets/style.css", ...
  std::string contents;
};

// The built-in files, in a fixed order.
const std::vector<ThemeFile>& BuiltInTheme();

class Theme {
 public:
  // The built-in theme with the files present under `override_dir`
  // (usually <dir>/theme) replacing theirs; a missing folder changes
  // nothing. Throws Error when an override cannot be read.
  static Theme Load(const std::string& override_dir);

  // The contents of a theme file; throws Error for an unknown name.
  const std::string& File(const std::string& name) const;
  // Files under "assets/", copied to the site as they are.
  std::vector<const ThemeFile*> Assets() const;
  // A fingerprint of every file: a changed theme renders every page again.
  uint64_t fingerprint() const { return fingerprint_; }
  // Names of the files taken from the override folder.
  const std::vector<std::string>& overridden() const { return overridden_; }

 private:
  std::vector<ThemeFile> files_;
  std::vector<std::string> overridden_;
  uint64_t fingerprint_ = 0;
};

// `feedmirror theme export`: writes the built-in files under `dir`, keeping
// files that already exist unless `overwrite`. Returns the names written.
std::vector<std::string> ExportTheme(const std::string& dir, bool overwrite);

}  // namespace feedmirror
