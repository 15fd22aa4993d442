// The site as data: every post with its URL and local date, and the groups
// the listing pages show (sources, tags, categories, months, days).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "site/permalink.h"
#include "site/post_reader.h"
#include "util/timezone.h"

namespace feedmirror {

// What the build keeps of a post file between builds (in the build cache):
// enough to place it on every page without reading it again.
struct PostRecord {
  std::string path;  // relative to _posts
  int64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t content_hash = 0;
  std::string title, author, from, file_slug;
  std::optional<std::string> slug, permalink;
  std::vector<std::string> tags, categories;
  PostDate date;
  bool published = true;
  std::string snippet;  // the start of the article's text
};

// A record from a parsed post; `snippet_chars` code points of text.
PostRecord MakePostRecord(const SourcePost& post, std::string_view file_bytes, int snippet_chars);

struct SitePost {
  const PostRecord* record = nullptr;
  int64_t instant_ms = 0;  // publish time, UTC
  LocalDateTime local;     // in the site's zone
  std::string url;         // escaped, without the base path: "/a/2020/…/x.html"
  std::string output_path; // below _site: "a/2020/…/x.html"
  std::string source;      // author, or kUnknownSource
  int source_group = -1;   // index into SiteModel::sources
  int day_group = -1;      // index into SiteModel::days
  int index_in_source = 0;
  int index_in_day = 0;
  uint32_t doc_id = 0;     // search document id
};

inline constexpr const char* kUnknownSource = "(未知來源)";

struct PostGroup {
  std::string name;   // shown: the source, tag, category, "2020-10", "2020-10-26"
  std::string path;   // its folder below the site: "sources/(臺)中央社CNA/"
  std::vector<int> posts;  // indexes into SiteModel::posts, oldest first
};

struct SiteModel {
  std::vector<SitePost> posts;  // oldest first (date, then path), as Jekyll
  std::vector<PostGroup> sources, tags, categories, months, days;
  // Group index by name, for links from a post to its tag and category pages.
  std::unordered_map<std::string, int> tag_index, category_index;
  std::vector<std::string> problems;  // posts left out, and why
};

// Places the records: URLs from the permalink template, dates in `zone`,
// groups by name. Unpublished posts are left out; a post whose URL another
// already has is left out with a problem noted. Search ids come from
// `doc_ids` (path -> id, extended for new paths from `next_doc_id`).
SiteModel BuildSiteModel(const std::vector<PostRecord>& records, const TimeZone& zone,
                         const std::string& permalink_template, std::map<std::string, uint32_t>& doc_ids,
                         uint32_t& next_doc_id);

// The folder name for a group name: Jekyll's pretty slug (case kept), or
// "-" when that is empty.
std::string GroupSlug(const std::string& name);

}  // namespace feedmirror
