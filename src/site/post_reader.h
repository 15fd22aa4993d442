// Reading a post file of the archive (../shared/DESIGN.md, "The post
// format") — or of any Jekyll-style posts folder — into what the site needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "site/front_matter.h"

namespace feedmirror {

// A post's date as written: an instant (an offset or 'Z' was given) or a
// local wall-clock time (none was given, or only a date), which the site's
// time zone turns into an instant, as Jekyll does.
struct PostDate {
  bool has_offset = false;
  int64_t epoch_ms = 0;  // has_offset: the instant; else local time as if UTC
};

// Parses "2020-10-26", "2020-10-26 05:56", "2020-10-26T05:56:17.000Z",
// "2020-10-26 13:56:17 +08:00" and the like; nullopt when it is none of them.
std::optional<PostDate> ParsePostDate(std::string_view text);

struct SourcePost {
  std::string path;  // relative to the posts folder, e.g. "2020-10-26-slug.md"
  std::string file_slug;  // from the file name: "slug"
  std::string title;      // front matter title, else derived from file_slug
  PostDate date;          // front matter date, else the file name's date
  std::string author;     // the source name ("" when absent)
  std::string from;       // the original article's URL ("" when absent)
  std::vector<std::string> tags;
  std::vector<std::string> categories;  // as Jekyll collects them
  std::optional<std::string> slug;       // front matter `slug`
  std::optional<std::string> permalink;  // front matter `permalink`
  bool published = true;                 // front matter `published: false`
  FrontMatter front_matter;              // every key, known or not
  std::string body;                      // the text after the front matter
};

// True for names Jekyll reads as posts: "YYYY-MM-DD-<slug>.<ext>", not
// hidden, not a backup ("~").
bool IsPostFileName(std::string_view name);

// Parses a post file. `path` is its path relative to the posts folder (used
// for the file name's date and slug, and in errors). Throws Error
// "<path>:<line>: <what>" when the front matter is missing or malformed or
// the date is not a date.
SourcePost ReadPost(const std::string& path, std::string_view text);

// The body alone (ReadPost(path, text).body) without parsing the front
// matter: for a post already read once. Throws Error as ReadPost does when
// the front matter is missing or not closed.
std::string_view PostBody(const std::string& path, std::string_view text);

// What a post's body renders to.
struct RenderedBody {
  std::string html;  // the article, ready to put in a page
  // The archive format's heading ("[title](url)" + "------"), when present.
  bool archive_format = false;
};

// The body as Jekyll would print it: the writer's Liquid neutralisation
// undone (RestoreLiquid, archive/liquid.h), or, for a body another tool
// wrapped in `{% raw %}`…`{% endraw %}`, the wrapper dropped.
std::string LiteralBody(std::string_view body);

// Renders a body: in the archive format the comment and heading go (the page
// shows title and link itself) and the HTML after them is kept verbatim;
// any other body is Markdown (CommonMark + GFM, raw HTML kept, as Jekyll
// keeps it). Liquid neutralisation is undone first.
RenderedBody RenderBody(std::string_view body);

// The text of some HTML for search and snippets: tags dropped (script and
// style with their content), entities decoded, white space collapsed.
// Stops once the text holds at least `max_bytes` bytes.
std::string ArticleText(std::string_view html, size_t max_bytes = std::string::npos);

}  // namespace feedmirror
