#include "app/config_edit.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/error.h"
#include "util/file_system.h"
#include "util/utf8.h"

namespace feedmirror {

namespace {

namespace fs = std::filesystem;

bool IsSpaceOrControl(char32_t c) {
  return c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 ||
         c == 0xa0 || c == 0x3000 || c == 0xfeff;
}

std::string TomlArray(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + TomlBasicString(values[i]);
  return out + "]";
}

std::string SourceTable(const NewSource& source) {
  std::string table = "[[source]]\nname = " + TomlBasicString(source.name) +
                      "\nurl = " + TomlBasicString(source.url) + "\n";
  if (!source.link.empty()) table += "link = " + TomlBasicString(source.link) + "\n";
  if (source.categories) table += "categories = " + TomlArray(*source.categories) + "\n";
  return table;
}

// `text` with its line breaks written as `eol`.
std::string WithLineBreaks(const std::string& text, const std::string& eol) {
  if (eol == "\n") return text;
  std::string out;
  for (char c : text) out += c == '\n' ? eol : std::string(1, c);
  return out;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(path + ": cannot read the configuration: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(path + ": cannot read the configuration");
  return text.str();
}

// Replaces the file `path` (through a symbolic link, the file it names)
// atomically, with the permission bits it had.
void ReplaceFile(const std::string& path, const std::string& text) {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  if (ec) throw Error(path + ": " + ec.message());
  fs::perms perms = fs::status(real, ec).permissions();
  NewDiskFileSystem(real.parent_path().string())->WriteFileAtomic(real.filename().string(), text);
  if (!ec) fs::permissions(real, perms, ec);
}

}  // namespace

std::string TomlBasicString(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string CleanSourceName(std::string_view name) {
  std::string valid = ToValidUtf8(name), out;
  bool space = false;
  for (size_t i = 0; i < valid.size();) {
    CodePoint c = DecodeUtf8(valid, i);
    if (IsSpaceOrControl(c.value)) {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out.append(valid, i, c.size);
    }
    i += c.size;
  }
  return out;
}

std::string AppendSources(std::string_view text, const std::vector<NewSource>& sources) {
  // A file written with CRLF line breaks keeps them.
  const std::string eol = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  std::string out(text);
  if (!out.empty() && out.back() != '\n') out += eol;
  for (const NewSource& source : sources) {
    if (!out.empty() && !out.ends_with(eol + eol)) out += eol;
    out += WithLineBreaks(SourceTable(source), eol);
  }
  return out;
}

Config AppendSourcesToFile(const std::string& path, const std::vector<NewSource>& sources) {
  std::string text = AppendSources(ReadText(path), sources);
  Config config = ParseConfig(text, path);  // throws before anything is written
  ReplaceFile(path, text);
  return config;
}

std::string UniqueSourceName(const Config& config, const std::vector<std::string>& taken,
                             const std::string& name) {
  auto used = [&](const std::string& candidate) {
    return config.FindSource(candidate) != nullptr ||
           std::find(taken.begin(), taken.end(), candidate) != taken.end();
  };
  std::string candidate = name;
  for (int n = 2; used(candidate); ++n) candidate = name + " (" + std::to_string(n) + ")";
  return candidate;
}

const SourceConfig* FindSourceByUrl(const Config& config, std::string_view url) {
  for (const SourceConfig& source : config.sources) {
    if (source.url == url) return &source;
  }
  return nullptr;
}

}  // namespace feedmirror
