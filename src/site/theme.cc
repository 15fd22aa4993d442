#include "site/theme.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "site/hash.h"
#include "util/error.h"

namespace feedmirror {

namespace fs = std::filesystem;

namespace {

std::string ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read theme file " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteWholeFile(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  if (!out) throw Error("cannot write " + path.string());
}

}  // namespace

Theme Theme::Load(const std::string& override_dir) {
  Theme theme;
  theme.files_ = BuiltInTheme();
  Hasher h(0x7468656d65ULL);
  for (ThemeFile& f : theme.files_) {
    fs::path over = fs::path(override_dir) / f.name;
    std::error_code ec;
    if (!override_dir.empty() && fs::is_regular_file(over, ec)) {
      f.contents = ReadWholeFile(over);
      theme.overridden_.push_back(f.name);
    }
    h.Add(f.name).Add(f.contents);
  }
  theme.fingerprint_ = h.value();
  return theme;
}

const std::string& Theme::File(const std::string& name) const {
  for (const ThemeFile& f : files_) {
    if (f.name == name) return f.contents;
  }
  throw Error("no theme file '" + name + "'");
}

std::vector<const ThemeFile*> Theme::Assets() const {
  std::vector<const ThemeFile*> assets;
  for (const ThemeFile& f : files_) {
    if (f.name.starts_with("assets/")) assets.push_back(&f);
  }
  return assets;
}

std::vector<std::string> ExportTheme(const std::string& dir, bool overwrite) {
  std::vector<std::string> written;
  for (const ThemeFile& f : BuiltInTheme()) {
    fs::path path = fs::path(dir) / f.name;
    std::error_code ec;
    if (!overwrite && fs::exists(path, ec)) continue;
    WriteWholeFile(path, f.contents);
    written.push_back(f.name);
  }
  return written;
}

}  // namespace feedmirror
