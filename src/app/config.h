// The configuration file, feedmirror.toml: archive settings and the sources.
// Parsing checks everything it can up front — unknown keys, wrong types, bad
// values — so that a mistake stops the run before anything is fetched, with a
// message that names the file, the line and the key.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/image_fetcher.h"
#include "content/article_html.h"

namespace feedmirror {

// Defaults, as documented in StarterConfig().
inline constexpr std::chrono::seconds kDefaultEvery = std::chrono::minutes(30);
inline constexpr int kDefaultConcurrency = 16;
inline constexpr int kDefaultPerHost = 2;
inline constexpr std::chrono::seconds kDefaultConnectTimeout{10};
inline constexpr std::chrono::seconds kDefaultTimeout{60};
inline constexpr int64_t kDefaultMaxBytes = 20 * 1024 * 1024;
inline constexpr std::chrono::seconds kDefaultMaxBackoff = std::chrono::hours(24);

// One [[source]] table.
struct SourceConfig {
  std::string name;  // required, unique; the posts' author
  // http:// or https:// as written, or a file:// URL. A path in the file
  // (relative to the config file's folder, or absolute) becomes an absolute
  // file:// URL, in which ' ', '%', '#' and '?' are percent-encoded and other
  // bytes (UTF-8 included) are kept as they are.
  std::string url;
  std::vector<std::string> tags;               // default: {name}; [] for none
  std::vector<std::string> categories;         // default: {name}; [] for none
  std::string encoding;                        // a charset ICU knows; empty: detect
  std::vector<std::string> strip;              // CSS selectors removed by clean-up
  std::vector<std::string> keep;               // CSS selectors kept by clean-up
  std::chrono::seconds every = kDefaultEvery;  // fetch interval
  // Extra request headers (Referer, Cookie...), ordered by name.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string proxy;    // empty: the archive's
  std::string convert;  // OpenCC conversion; empty: the archive's; "none": off
  std::string link;     // the source's web page (OPML htmlUrl); informational
  int line = 0;         // of the [[source]] header, for later messages
};

// The [archive] table.
struct ArchiveConfig {
  // Absolute. Default: the config file's folder; a relative path is relative
  // to the config file's folder.
  std::string dir;
  std::string timezone = "UTC";  // IANA name; dates the post files
  ImageMode images = ImageMode::kProxy;
  std::string image_proxy = kDefaultImageProxy;  // holds {url} or {url_noscheme}
  CleanupLevel cleanup = CleanupLevel::kStandard;
  // OpenCC conversion: "none", "t2s", "s2t", "tw2s", "s2tw", "tw2sp",
  // "s2twp", "hk2s" or "s2hk".
  std::string convert = "none";
  // Fetching. Empty user_agent: "feedmirror/<version> (+project URL)".
  std::string user_agent;
  // http, https, socks4, socks4a, socks5 or socks5h URL. Empty: libcurl's
  // environment variables (https_proxy, http_proxy, no_proxy).
  std::string proxy;
  int concurrency = kDefaultConcurrency;  // transfers in flight, 1..1000
  int per_host = kDefaultPerHost;         // transfers per host, 1..100
  std::chrono::seconds connect_timeout = kDefaultConnectTimeout;
  std::chrono::seconds timeout = kDefaultTimeout;  // a whole transfer
  int64_t max_bytes = kDefaultMaxBytes;            // a body, decompressed
  // images = "download" (archive/image_fetcher.h): the largest image
  // stored; whether loopback, private and link-local addresses may be
  // fetched; the Referer per image host (and its subdomains): a URL, or
  // "origin" for the image's own origin. Hosts not listed get none.
  int64_t image_max_bytes = kDefaultImageMaxBytes;
  bool image_allow_private = false;
  std::vector<RefererRule> image_referers;  // ordered by host
  // The longest wait before retrying a failing source (404, 5xx, errors;
  // also caps a Retry-After).
  std::chrono::seconds max_backoff = kDefaultMaxBackoff;
};

// The [site] table: what `feedmirror build` renders (see site/site_options.h).
struct SiteConfig {
  std::string title = "feedmirror";
  // Absolute http(s) URL of the site, without a trailing '/'; empty: feeds
  // and the sitemap hold root-relative URLs.
  std::string url;
  // The path the site is served under ("/mirror"), without a trailing '/';
  // empty for "/".
  std::string base_path;
  // Jekyll's permalink: "date", "pretty", "ordinal", "weekdate", "none" or a
  // template such as "/:year/:month/:title/".
  std::string permalink = "date";
  int page_size = 50;  // posts per listing page, 1..10000
};

struct Config {
  std::string path;  // the config file, absolute
  ArchiveConfig archive;
  SiteConfig site;
  std::vector<SourceConfig> sources;  // in file order; may be empty

  std::string posts_dir() const;  // <dir>/_posts
  std::string state_dir() const;  // <dir>/.feedmirror
  // The source named `name`, or nullptr.
  const SourceConfig* FindSource(std::string_view name) const;
};

// Reads and parses the file at `path`. Throws UsageError when it cannot be
// read or is not valid (see ParseConfig).
Config LoadConfig(const std::string& path);

// Parses `toml_text` as the config file at `path` (which resolves relative
// paths and names the file in messages; it need not exist). Throws
// UsageError "PATH:LINE: key 'archive.images': expected one of ..." for the
// first unknown key, wrong type or bad value, and "PATH:LINE:COLUMN: ..."
// for a TOML syntax error.
Config ParseConfig(std::string_view toml_text, const std::string& path);

// The commented starter feedmirror.toml that `feedmirror init` writes: every
// key with its default and what it does. It parses as is, and also with
// every commented-out key line enabled.
std::string StarterConfig();

// A positive duration such as "90s", "30m", "2h", "1d" or "1h30m" (units s,
// m, h, d); nullopt for anything else.
std::optional<std::chrono::seconds> ParseDuration(std::string_view text);

// A file:// URL for an absolute path, with the bytes a URL cannot hold
// (white space, controls, '%', '#', '?') percent-encoded; see SourceConfig::url.
std::string FileUrlForPath(const std::string& absolute_path);

}  // namespace feedmirror
