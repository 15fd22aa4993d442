// The site as data: every post with its URL and local date, and the groups
// the listing pages show (sources, tags, categories, months, days).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "site/permalink.h"
#include "site/post_reader.h"
#include "util/timezone.h"

namespace feedmirror {

// What the build keeps of a post file between builds (in the build cache):
// enough to place it on every page without reading it again.
//
// The text fields are views, not strings: a rebuild of a 100,000-post
// archive decoded 1.2 million heap strings from the cache, moved them and
// freed them again, and touched some 600 MB doing so (malloc/free and page
// faults were the largest part of its time). A view shows either the
// build cache's bytes, which the BuildCache the record came from keeps
// alive (BuildCache::keep), or the record's own bytes (`owned`: a record
// made from a file, or `owned_url`: a URL made again). A copy or move of a
// record keeps its views valid; a record that sets its fields to views of
// other text (tests: string literals) must keep that text alive itself.
struct PostRecord {
  // Made from the file (the "stable" part: it changes only with the file).
  // Empty views show "" (never null: a null view's bytes must not reach
  // memcpy, as in Hash64).
  std::string_view path = "";  // relative to _posts
  int64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t content_hash = 0;
  std::string_view title = "", author = "", from = "", file_slug = "";
  std::optional<std::string_view> slug, permalink;
  std::vector<std::string_view> tags, categories;
  PostDate date;
  bool published = true;
  std::string_view snippet = "";  // the start of the article's text
  // Kept between builds as well, so that a rebuild does not make them again
  // for 100,000 posts: the search document id (kept while the file exists,
  // also when it is edited), and the URL, output path, instant and local
  // time with the key of what they were made from (permalink template and
  // zone; 0: not made). The local time is kept as milliseconds "as if UTC"
  // (FieldsOf gives its fields without a time zone lookup).
  uint32_t doc_id = kNoDocId;
  uint64_t url_key = 0;
  std::string_view url = "", output_path = "";
  int64_t instant_ms = 0, local_ms = 0;
  // A hash of what a listing's entry of the post shows (URL, title, source,
  // instant, snippet, from): 100,000 posts' text hashed once, not on every
  // rebuild. Made with the URL (and so valid with url_key).
  uint64_t entry_hash = 0;
  static constexpr uint32_t kNoDocId = 0xFFFFFFFFu;

  // The encoding of the stable part (see build_cache.cc), copied as it is
  // into the next cache; empty: encode the fields.
  std::string_view stable = "";
  std::shared_ptr<const std::string> owned, owned_url;
};
// A record from a parsed post; `snippet_chars` code points of text. Its
// views show its own bytes.
PostRecord MakePostRecord(const SourcePost& post, std::string_view file_bytes, int snippet_chars,
                          int64_t mtime_ns = 0);

struct SitePost {
  const PostRecord* record = nullptr;
  int64_t instant_ms = 0;  // publish time, UTC
  LocalDateTime local;     // in the site's zone
  // Views of the record's (or of kUnknownSource): 100,000 posts' copies
  // cost a rebuild more than anything it does with them.
  std::string_view url = "";         // escaped, without the base path: "/a/2020/…/x.html"
  std::string_view output_path = ""; // below _site: "a/2020/…/x.html"
  std::string_view source = "";      // author, or kUnknownSource
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

// Group index by name, looked up by a view (no string made per lookup).
struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
class GroupIndex : public std::unordered_map<std::string, int, NameHash, std::equal_to<>> {
 public:
  // Throws std::out_of_range for a name without a group.
  int at(std::string_view name) const {
    auto it = find(name);
    if (it == end()) throw std::out_of_range("no group " + std::string(name));
    return it->second;
  }
};

struct SiteModel {
  std::vector<SitePost> posts;  // oldest first (date, then path), as Jekyll
  std::vector<PostGroup> sources, tags, categories, months, days;
  // Group index by name, for links from a post to its tag and category pages.
  GroupIndex tag_index, category_index;
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
