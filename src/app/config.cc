#include "app/config.h"

#include <toml++/toml.h>
#include <unicode/timezone.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>

#include "app/config_edit.h"
#include "util/error.h"

namespace feedmirror {

namespace {

namespace fs = std::filesystem;

// A value as TOML would write it in a string: "a \"b\"".
std::string Quote(std::string_view text) { return TomlBasicString(text); }

const char* TypeName(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The scheme of a URL ("http" of "http://x"), lower-cased; empty when the
// text does not start with "<scheme>://".
std::string SchemeOf(std::string_view url) {
  size_t end = url.find("://");
  if (end == std::string_view::npos || end == 0) return {};
  std::string_view scheme = url.substr(0, end);
  bool valid =
      std::isalpha(static_cast<unsigned char>(scheme[0])) &&
      std::all_of(scheme.begin(), scheme.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      });
  return valid ? Lower(scheme) : std::string();
}

bool IsHeaderNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsKnownCharset(const std::string& name) {
  if (name.empty()) return false;  // ICU would open its default converter
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(name.c_str(), &status);
  if (converter) ucnv_close(converter);
  return U_SUCCESS(status);
}

// The same test as TimeZone::Load (util/timezone.h), which throws instead.
// TODO(store): call TimeZone::Load once util/timezone.cc is merged into main.
bool IsKnownTimeZone(const std::string& name) {
  std::unique_ptr<icu::TimeZone> zone(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(name)));
  icu::UnicodeString id;
  // ICU answers an unknown name with a zone named "Etc/Unknown".
  return zone && zone->getID(id) != icu::UnicodeString(UCAL_UNKNOWN_ZONE_ID);
}

const std::vector<std::string_view>& ConvertModes() {
  static const std::vector<std::string_view> modes = {"none",  "t2s",   "s2t",  "tw2s", "s2tw",
                                                      "tw2sp", "s2twp", "hk2s", "s2hk"};
  return modes;
}

// A table's entries in the order they appear in the file (toml++ keeps them
// sorted by name), so that the first mistake in the file is the one reported.
std::vector<std::pair<const toml::key*, const toml::node*>> InFileOrder(const toml::table& table) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (const auto& [key, node] : table) entries.emplace_back(&key, &node);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& pa = a.first->source().begin;
    const auto& pb = b.first->source().begin;
    return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
  });
  return entries;
}

// Reads one config file's tables into a Config, checking every value.
class ConfigParser {
 public:
  ConfigParser(std::string path, fs::path config_dir)
      : path_(std::move(path)), config_dir_(std::move(config_dir)) {}

  Config Parse(const toml::table& root);

 private:
  using KeyHandler = std::function<void(const toml::node&, const std::string& key)>;
  using KeyTable = std::map<std::string_view, KeyHandler>;

  [[noreturn]] void Fail(uint32_t line, const std::string& what) const;
  [[noreturn]] void FailKey(const toml::node& node, const std::string& key,
                            const std::string& what) const;
  void ForEachKey(const toml::table& table, const std::string& prefix, const KeyTable& keys);

  const toml::table& Table(const toml::node& node, const std::string& key) const;
  std::string String(const toml::node& node, const std::string& key) const;
  std::string NonEmptyString(const toml::node& node, const std::string& key) const;
  std::string OneOf(const toml::node& node, const std::string& key,
                    const std::vector<std::string_view>& choices) const;
  std::vector<std::string> Strings(const toml::node& node, const std::string& key) const;
  int64_t Integer(const toml::node& node, const std::string& key, int64_t min, int64_t max) const;
  std::chrono::seconds Duration(const toml::node& node, const std::string& key) const;
  std::string ProxyUrl(const toml::node& node, const std::string& key) const;
  std::string FeedUrl(const toml::node& node, const std::string& key) const;
  std::string Folder(const toml::node& node, const std::string& key) const;
  std::vector<std::pair<std::string, std::string>> Headers(const toml::node& node,
                                                           const std::string& key) const;
  bool Bool(const toml::node& node, const std::string& key) const;
  std::vector<RefererRule> Referers(const toml::node& node, const std::string& key) const;

  void ParseArchive(const toml::node& node, ArchiveConfig& archive);
  void ParseSite(const toml::node& node, SiteConfig& site);
  void ParseSources(const toml::node& node, std::vector<SourceConfig>& sources);
  // Sets *name_line to the line of its name, for the duplicates check.
  SourceConfig ParseSource(const toml::node& node, int* name_line);

  std::string path_;
  fs::path config_dir_;
};

void ConfigParser::Fail(uint32_t line, const std::string& what) const {
  throw UsageError(path_ + ":" + std::to_string(line) + ": " + what);
}

void ConfigParser::FailKey(const toml::node& node, const std::string& key,
                           const std::string& what) const {
  Fail(node.source().begin.line, "key '" + key + "': " + what);
}

void ConfigParser::ForEachKey(const toml::table& table, const std::string& prefix,
                              const KeyTable& keys) {
  for (const auto& [key, node] : InFileOrder(table)) {
    std::string name = prefix + std::string(key->str());
    auto handler = keys.find(key->str());
    if (handler != keys.end()) {
      handler->second(*node, name);
      continue;
    }
    std::string message = "unknown key '" + name + "'";
    for (const auto& [known, unused] : keys) {
      if (EditDistance(known, key->str()) <= 2) {
        message += "; did you mean '" + prefix + std::string(known) + "'?";
        break;
      }
    }
    Fail(key->source().begin.line, message);
  }
}

const toml::table& ConfigParser::Table(const toml::node& node, const std::string& key) const {
  if (!node.is_table())
    FailKey(node, key, std::string("expected a table, got ") + TypeName(node.type()));
  return *node.as_table();
}

std::string ConfigParser::String(const toml::node& node, const std::string& key) const {
  if (!node.is_string()) {
    FailKey(node, key, std::string("expected a string, got ") + TypeName(node.type()));
  }
  return node.as_string()->get();
}

std::string ConfigParser::NonEmptyString(const toml::node& node, const std::string& key) const {
  std::string value = String(node, key);
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
    FailKey(node, key, "must not be empty");
  }
  return value;
}

std::string ConfigParser::OneOf(const toml::node& node, const std::string& key,
                                const std::vector<std::string_view>& choices) const {
  std::string value = String(node, key);
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return value;
  std::string list;
  for (size_t i = 0; i < choices.size(); ++i) {
    list += (i == 0 ? "" : ", ") + Quote(choices[i]);
  }
  FailKey(node, key, "expected one of " + list + ", got " + Quote(value));
}

std::vector<std::string> ConfigParser::Strings(const toml::node& node,
                                               const std::string& key) const {
  if (!node.is_array()) {
    FailKey(node, key, std::string("expected an array of strings, got ") + TypeName(node.type()));
  }
  std::vector<std::string> values;
  const toml::array& array = *node.as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    values.push_back(NonEmptyString(array[i], key + "[" + std::to_string(i) + "]"));
  }
  return values;
}

int64_t ConfigParser::Integer(const toml::node& node, const std::string& key, int64_t min,
                              int64_t max) const {
  if (!node.is_integer()) {
    FailKey(node, key, std::string("expected an integer, got ") + TypeName(node.type()));
  }
  int64_t value = node.as_integer()->get();
  if (value < min || value > max) {
    FailKey(node, key,
            "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                ", got " + std::to_string(value));
  }
  return value;
}

std::chrono::seconds ConfigParser::Duration(const toml::node& node, const std::string& key) const {
  if (node.is_integer()) {
    return std::chrono::seconds(Integer(node, key, 1, int64_t{1} << 40));
  }
  if (!node.is_string()) {
    FailKey(node, key,
            std::string("expected a duration such as \"30s\", \"30m\", \"2h\" or ") +
                "\"1d\", or a number of seconds, got " + TypeName(node.type()));
  }
  std::optional<std::chrono::seconds> duration = ParseDuration(node.as_string()->get());
  if (!duration) {
    FailKey(node, key,
            "expected a duration such as \"30s\", \"30m\", \"2h\" or \"1d\", got " +
                Quote(node.as_string()->get()));
  }
  return *duration;
}

std::string ConfigParser::ProxyUrl(const toml::node& node, const std::string& key) const {
  std::string url = String(node, key);
  if (url.empty()) return url;
  static const std::vector<std::string> schemes = {"http",    "https",  "socks4",
                                                   "socks4a", "socks5", "socks5h"};
  std::string scheme = SchemeOf(url);
  bool has_host = url.size() > scheme.size() + 3;
  if (std::find(schemes.begin(), schemes.end(), scheme) == schemes.end() || !has_host) {
    FailKey(node, key,
            "expected a proxy URL such as \"socks5h://127.0.0.1:1080\" (http, https, socks4, "
            "socks4a, socks5 or socks5h), got " +
                Quote(url));
  }
  return url;
}

std::string ConfigParser::FeedUrl(const toml::node& node, const std::string& key) const {
  std::string url = NonEmptyString(node, key);
  std::string scheme = SchemeOf(url);
  if (scheme == "http" || scheme == "https") {
    if (url.size() == scheme.size() + 3) FailKey(node, key, "URL without a host: " + Quote(url));
    return url;
  }
  if (scheme == "file") return url;
  if (!scheme.empty()) {
    FailKey(node, key, "expected an http(s) URL, a file:// URL or a path, got " + Quote(url));
  }
  fs::path path = fs::path(url).is_absolute() ? fs::path(url) : config_dir_ / url;
  return FileUrlForPath(path.lexically_normal().string());
}

std::string ConfigParser::Folder(const toml::node& node, const std::string& key) const {
  fs::path path(NonEmptyString(node, key));
  if (path.is_relative()) path = config_dir_ / path;
  std::string folder = path.lexically_normal().string();
  while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
  return folder;
}

std::vector<std::pair<std::string, std::string>> ConfigParser::Headers(
    const toml::node& node, const std::string& key) const {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : InFileOrder(Table(node, key))) {
    std::string header(name->str());
    if (header.empty() || !std::all_of(header.begin(), header.end(), IsHeaderNameChar)) {
      Fail(name->source().begin.line,
           "key '" + key + "': invalid HTTP header name " + Quote(header));
    }
    std::string text = String(*value, key + "." + header);
    if (text.find_first_of("\r\n") != std::string::npos || text.find('\0') != std::string::npos) {
      FailKey(*value, key + "." + header, "a header value must not hold a line break");
    }
    headers.emplace_back(std::move(header), std::move(text));
  }
  std::sort(headers.begin(), headers.end());
  return headers;
}

bool ConfigParser::Bool(const toml::node& node, const std::string& key) const {
  if (!node.is_boolean()) {
    FailKey(node, key, std::string("expected true or false, got ") + TypeName(node.type()));
  }
  return node.as_boolean()->get();
}

// { "img.example.com" = "https://example.com/", "cdn.example.org" = "origin" }
std::vector<RefererRule> ConfigParser::Referers(const toml::node& node,
                                                const std::string& key) const {
  std::vector<RefererRule> rules;
  for (const auto& [name, value] : InFileOrder(Table(node, key))) {
    std::string host(name->str());
    std::string entry = key + "." + host;
    bool host_ok = !host.empty() && host.find_first_of("/:@ \t") == std::string::npos;
    if (!host_ok) Fail(name->source().begin.line, "key '" + key + "': invalid host name " + Quote(host));
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string referer = String(*value, entry);
    std::string scheme = SchemeOf(referer);
    if (referer != "origin" && scheme != "http" && scheme != "https") {
      FailKey(*value, entry, "expected an http(s) URL or \"origin\", got " + Quote(referer));
    }
    if (referer.find_first_of("\r\n") != std::string::npos) {
      FailKey(*value, entry, "must not hold a line break");
    }
    rules.push_back({host, referer});
  }
  std::sort(rules.begin(), rules.end(),
            [](const RefererRule& a, const RefererRule& b) { return a.host < b.host; });
  return rules;
}

void ConfigParser::ParseArchive(const toml::node& node, ArchiveConfig& a) {
  auto image_proxy = [&](const toml::node& n, const std::string& key) {
    a.image_proxy = String(n, key);
    if (a.image_proxy.find("{url}") == std::string::npos &&
        a.image_proxy.find("{url_noscheme}") == std::string::npos) {
      FailKey(
          n, key,
          "expected a URL template holding {url} or {url_noscheme}, got " + Quote(a.image_proxy));
    }
  };
  auto user_agent = [&](const toml::node& n, const std::string& key) {
    a.user_agent = String(n, key);
    if (a.user_agent.find_first_of("\r\n") != std::string::npos) {
      FailKey(n, key, "must not hold a line break");
    }
  };
  const KeyTable keys = {
      {"dir", [&](auto& n, auto& key) { a.dir = Folder(n, key); }},
      {"timezone",
       [&](auto& n, auto& key) {
         a.timezone = NonEmptyString(n, key);
         if (!IsKnownTimeZone(a.timezone)) {
           FailKey(n, key, "unknown time zone " + Quote(a.timezone) +
                               " (expected an IANA name such as \"Asia/Taipei\")");
         }
       }},
      {"images",
       [&](auto& n, auto& key) {
         std::string mode = OneOf(n, key, {"proxy", "keep", "download"});
         a.images = mode == "proxy"  ? ImageMode::kProxy
                    : mode == "keep" ? ImageMode::kKeep
                                     : ImageMode::kDownload;
       }},
      {"image_proxy", image_proxy},
      {"cleanup",
       [&](auto& n, auto& key) {
         a.cleanup = OneOf(n, key, {"standard", "none"}) == "none" ? CleanupLevel::kNone
                                                                   : CleanupLevel::kStandard;
       }},
      {"convert", [&](auto& n, auto& key) { a.convert = OneOf(n, key, ConvertModes()); }},
      {"user_agent", user_agent},
      {"proxy", [&](auto& n, auto& key) { a.proxy = ProxyUrl(n, key); }},
      {"concurrency",
       [&](auto& n, auto& key) { a.concurrency = static_cast<int>(Integer(n, key, 1, 1000)); }},
      {"per_host",
       [&](auto& n, auto& key) { a.per_host = static_cast<int>(Integer(n, key, 1, 100)); }},
      {"connect_timeout", [&](auto& n, auto& key) { a.connect_timeout = Duration(n, key); }},
      {"timeout", [&](auto& n, auto& key) { a.timeout = Duration(n, key); }},
      {"max_bytes",
       [&](auto& n, auto& key) { a.max_bytes = Integer(n, key, 1, int64_t{1} << 40); }},
      {"image_max_bytes",
       [&](auto& n, auto& key) { a.image_max_bytes = Integer(n, key, 1, int64_t{1} << 40); }},
      {"image_allow_private", [&](auto& n, auto& key) { a.image_allow_private = Bool(n, key); }},
      {"image_referers", [&](auto& n, auto& key) { a.image_referers = Referers(n, key); }},
      {"max_backoff", [&](auto& n, auto& key) { a.max_backoff = Duration(n, key); }},
  };
  ForEachKey(Table(node, "archive"), "archive.", keys);
}

void ConfigParser::ParseSite(const toml::node& node, SiteConfig& site) {
  auto url = [&](const toml::node& n, const std::string& key) {
    site.url = String(n, key);
    while (!site.url.empty() && site.url.back() == '/') site.url.pop_back();
    std::string scheme = SchemeOf(site.url);
    if ((scheme != "http" && scheme != "https") || site.url.size() == scheme.size() + 3)
      FailKey(n, key, "expected an http(s) URL such as \"https://example.org\", got " +
                          Quote(String(n, key)));
  };
  auto base_path = [&](const toml::node& n, const std::string& key) {
    site.base_path = String(n, key);
    if (!site.base_path.starts_with("/"))
      FailKey(n, key, "expected a path starting with '/', got " + Quote(site.base_path));
    while (!site.base_path.empty() && site.base_path.back() == '/') site.base_path.pop_back();
  };
  const KeyTable keys = {
      {"title", [&](auto& n, auto& key) { site.title = NonEmptyString(n, key); }},
      {"url", url},
      {"base_path", base_path},
      {"permalink", [&](auto& n, auto& key) { site.permalink = NonEmptyString(n, key); }},
      {"page_size",
       [&](auto& n, auto& key) { site.page_size = static_cast<int>(Integer(n, key, 1, 10000)); }},
  };
  ForEachKey(Table(node, "site"), "site.", keys);
}

SourceConfig ConfigParser::ParseSource(const toml::node& node, int* name_line_out) {
  SourceConfig s;
  s.line = static_cast<int>(node.source().begin.line);
  std::optional<std::vector<std::string>> tags, categories;
  bool has_url = false;
  int name_line = s.line;
  auto encoding = [&](const toml::node& n, const std::string& key) {
    s.encoding = NonEmptyString(n, key);
    if (!IsKnownCharset(s.encoding)) FailKey(n, key, "unknown encoding " + Quote(s.encoding));
  };
  std::vector<std::string_view> convert_modes = ConvertModes();
  const KeyTable keys = {
      {"name",
       [&](auto& n, auto& key) {
         s.name = NonEmptyString(n, key);
         name_line = static_cast<int>(n.source().begin.line);
       }},
      {"url",
       [&](auto& n, auto& key) {
         s.url = FeedUrl(n, key);
         has_url = true;
       }},
      {"tags", [&](auto& n, auto& key) { tags = Strings(n, key); }},
      {"categories", [&](auto& n, auto& key) { categories = Strings(n, key); }},
      {"encoding", encoding},
      {"strip", [&](auto& n, auto& key) { s.strip = Strings(n, key); }},
      {"keep", [&](auto& n, auto& key) { s.keep = Strings(n, key); }},
      {"every", [&](auto& n, auto& key) { s.every = Duration(n, key); }},
      {"headers", [&](auto& n, auto& key) { s.headers = Headers(n, key); }},
      {"proxy", [&](auto& n, auto& key) { s.proxy = ProxyUrl(n, key); }},
      {"convert", [&](auto& n, auto& key) { s.convert = OneOf(n, key, convert_modes); }},
      {"link", [&](auto& n, auto& key) { s.link = String(n, key); }},
  };
  ForEachKey(Table(node, "source"), "source.", keys);
  if (s.name.empty()) Fail(s.line, "[[source]] lacks the required key 'name'");
  if (!has_url) Fail(s.line, "source " + Quote(s.name) + " lacks the required key 'url'");
  *name_line_out = name_line;
  s.tags = tags.value_or(std::vector<std::string>{s.name});
  s.categories = categories.value_or(std::vector<std::string>{s.name});
  return s;
}

void ConfigParser::ParseSources(const toml::node& node, std::vector<SourceConfig>& sources) {
  if (!node.is_array_of_tables()) {
    FailKey(node, "source",
            std::string("expected an array of tables ([[source]]), got ") + TypeName(node.type()));
  }
  std::map<std::string, int> first_line;  // by name
  for (const toml::node& element : *node.as_array()) {
    int name_line = 0;
    SourceConfig source = ParseSource(element, &name_line);
    auto [it, inserted] = first_line.emplace(source.name, name_line);
    if (!inserted) {
      Fail(name_line, "key 'source.name': duplicate source name " + Quote(source.name) +
                          " (first at line " + std::to_string(it->second) + ")");
    }
    sources.push_back(std::move(source));
  }
}

Config ConfigParser::Parse(const toml::table& root) {
  Config config;
  config.archive.dir = config_dir_.string();
  const KeyTable keys = {
      {"archive", [&](auto& n, auto&) { ParseArchive(n, config.archive); }},
      {"site", [&](auto& n, auto&) { ParseSite(n, config.site); }},
      {"source", [&](auto& n, auto&) { ParseSources(n, config.sources); }},
  };
  ForEachKey(root, "", keys);
  return config;
}

}  // namespace

std::optional<std::chrono::seconds> ParseDuration(std::string_view text) {
  std::chrono::seconds total{0};
  size_t i = 0;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    size_t digits = 0;
    int64_t number = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && digits < 9) {
      number = number * 10 + (text[i++] - '0');
      ++digits;
    }
    if (digits == 0 || i == text.size()) return std::nullopt;
    switch (text[i++]) {
      case 's':
        total += std::chrono::seconds(number);
        break;
      case 'm':
        total += std::chrono::minutes(number);
        break;
      case 'h':
        total += std::chrono::hours(number);
        break;
      case 'd':
        total += std::chrono::days(number);
        break;
      default:
        return std::nullopt;
    }
  }
  if (total.count() <= 0) return std::nullopt;
  return total;
}

std::string Config::posts_dir() const { return archive.dir + "/_posts"; }

std::string Config::state_dir() const { return archive.dir + "/.feedmirror"; }

const SourceConfig* Config::FindSource(std::string_view name) const {
  for (const SourceConfig& source : sources) {
    if (source.name == name) return &source;
  }
  return nullptr;
}

Config ParseConfig(std::string_view toml_text, const std::string& path) {
  fs::path absolute = fs::absolute(path).lexically_normal();
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& e) {
    throw UsageError(path + ":" + std::to_string(e.source().begin.line) + ":" +
                     std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  Config config = ConfigParser(path, absolute.parent_path()).Parse(root);
  config.path = absolute.string();
  return config;
}

Config LoadConfig(const std::string& path) {
  if (fs::is_directory(path)) {
    throw UsageError(path + ": cannot read the configuration: it is a folder");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string hint = fs::exists(path) ? "" : " (run 'feedmirror init' to create one)";
    throw UsageError(path + ": cannot read the configuration: " + std::strerror(errno) + hint);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConfig(text.str(), path);
}

std::string StarterConfig() {
  return R"toml(# feedmirror.toml: what feedmirror archives, and how.
# Lines starting with '#' are comments; remove the '#' before a key to set it.
# Durations are written "90s", "30m", "2h", "1d" (or a number of seconds).

[archive]
# The archive's folder: posts go to <dir>/_posts, state to <dir>/.feedmirror.
# A relative path is relative to this file's folder (the default).
# dir = "."

# The IANA time zone that dates the post files (2020-10-26-title.md).
timezone = "UTC"

# Images in posts: "proxy" rewrites their URLs through image_proxy, "keep"
# leaves them alone, "download" stores a copy in the archive.
images = "proxy"

# The proxy URL template: {url} is the image URL percent-encoded,
# {url_noscheme} the URL without its "https://".
image_proxy = "https://images.weserv.nl/?url={url_noscheme}"

# Download mode: images larger than this are not stored (10 MiB), and
# images on loopback, private or link-local addresses are refused unless
# allowed. A failed download keeps the proxy URL and is retried next run.
# image_max_bytes = 10485760
# image_allow_private = false
# The Referer sent per image host (and its subdomains): a URL, or "origin"
# for the image's own site. Other hosts get none.
# image_referers = { "img.example.com" = "https://example.com/" }

# Clean-up of article HTML: "standard" removes ads, promo footers and other
# boilerplate; "none" keeps the feed's HTML as it is.
cleanup = "standard"

# Chinese conversion through OpenCC: "none", "t2s", "s2t", "tw2s", "s2tw",
# "tw2sp", "s2twp", "hk2s" or "s2hk".
# convert = "none"

# Fetching. The User-Agent header; default "feedmirror/<version> (+URL)".
# user_agent = "feedmirror"
# A proxy for every source (http, https, socks4, socks4a, socks5, socks5h);
# by default the https_proxy, http_proxy and no_proxy variables apply.
# proxy = "socks5h://127.0.0.1:1080"
# Transfers in flight, and at most per host.
# concurrency = 16
# per_host = 2
# Time limits: to connect, and for a whole transfer.
# connect_timeout = "10s"
# timeout = "60s"
# The largest feed accepted, in bytes after decompression (20 MiB).
# max_bytes = 20971520
# A failing source (404, 5xx, timeouts) is retried after a growing,
# jittered wait, 10 minutes at first, never longer than this.
# max_backoff = "24h"

# The site that `feedmirror build` renders into <dir>/_site.
# [site]
# Its title, shown on every page and in its feeds.
# title = "feedmirror"
# Its absolute URL, for feeds, the sitemap and robots.txt (default: none,
# root-relative URLs).
# url = "https://example.org"
# The path it is served under (Jekyll's baseurl); default: "/".
# base_path = "/mirror"
# Post URLs, as Jekyll's permalink: "date", "pretty", "ordinal", "weekdate",
# "none" or a template such as "/:year/:month/:title/".
# permalink = "date"
# Posts per listing page.
# page_size = 50

# One [[source]] table per feed. Only name and url are required.
# [[source]]
# The source's name: the posts' author. Unique.
# name = "Example News"
# An http(s) URL, a file:// URL, or a path relative to this file.
# url = "https://example.com/feed.xml"
# Tags and categories of its posts (default: [name]).
# tags = ["news"]
# categories = ["Example News"]
# How often to fetch it (at least; longer when the feed's ttl or
# sy:updatePeriod asks for longer). `fetch --all` ignores it.
# every = "30m"
# The feed's charset, when the feed misstates it.
# encoding = "big5"
# CSS selectors that clean-up removes, and ones it must keep.
# strip = [".promo", "div.ad"]
# keep = ["figure.main"]
# A proxy for this source only.
# proxy = "http://127.0.0.1:8080"
# Chinese conversion for this source ("none" turns the archive's off).
# convert = "s2twp"
# Extra request headers, for sites that want a Referer or a cookie.
# headers = { Referer = "https://example.com/" }
# Its web page (OPML htmlUrl), for reference.
# link = "https://example.com/"
)toml";
}

std::string FileUrlForPath(const std::string& absolute_path) {
  std::string url = "file://";
  for (unsigned char c : absolute_path) {
    if (c <= 0x20 || c == 0x7f || c == '%' || c == '#' || c == '?') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      url += buf;
    } else {
      url += static_cast<char>(c);
    }
  }
  return url;
}

}  // namespace feedmirror
