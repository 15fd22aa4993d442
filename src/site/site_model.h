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
  // Kept between builds as well, so that a rebuild does not make them again
  // for 100,000 posts: the search document id (kept while the file exists,
  // also when it is edited), and the URL and output path with the key of
  // what they were made from (permalink template and zone; 0: not made).
  uint32_t doc_id = kNoDocId;
  uint64_t url_key = 0;
  std::string url, output_path;
  static constexpr uint32_t kNoDocId = 0xFFFFFFFFu;
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
// already has is left out with a problem noted. A record's URL is made
// again only when its url_key differs from `url_key` (which must identify
// template and zone, and not be 0); records without a search id get the
// next ones from `next_doc_id`, in date order.
SiteModel BuildSiteModel(std::vector<PostRecord>& records, const TimeZone& zone,
                         const std::string& permalink_template, uint64_t url_key, uint32_t& next_doc_id);

// The folder name for a group name: Jekyll's pretty slug (case kept), or
// "-" when that is empty.
std::string GroupSlug(const std::string& name);

}  // namespace feedmirror
