// Post URLs as Jekyll 4.3 makes them, so that a site built by feedmirror and
// one built by `jekyll build` from the same posts have the same post URLs.
// The rules follow Jekyll's Drops::UrlDrop, URL and Utils.slugify.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

class TimeZone;

// A wall-clock date and time (the post's date in the site's time zone).
struct LocalDateTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

// The wall-clock fields of milliseconds "as if UTC".
LocalDateTime FieldsOf(int64_t local_ms);
// The wall-clock date and time of an instant (epoch milliseconds) in `zone`.
LocalDateTime LocalDateTimeAt(int64_t epoch_ms, const TimeZone& zone);

// What a post's URL is made from.
struct PermalinkPost {
  std::string file_name;  // base name, e.g. "2020-10-26-slug.md"
  std::string file_slug;  // the slug part of it: "slug"
  std::optional<std::string> slug;  // front matter `slug`, which wins
  std::vector<std::string> categories;
  LocalDateTime date;
  std::optional<std::string> permalink;  // front matter `permalink`
};

// The template of a permalink setting: the styles "date" (Jekyll's default),
// "pretty", "ordinal", "weekdate" and "none" map to Jekyll's templates;
// anything else is a template itself ("/:year/:title/").
std::string PermalinkTemplate(std::string_view style);

// Jekyll's Utils.slugify in mode "default" (anything but letters, marks and
// decimal digits becomes '-') or "pretty" (also keeps ._~!$&'()+,;=@);
// leading and trailing '-' go; lower-cased (Unicode) unless `cased`.
enum class SlugifyMode { kDefault, kPretty };
std::string JekyllSlugify(std::string_view s, SlugifyMode mode, bool cased);

// Unicode lower case (Ruby's String#downcase).
std::string Downcase(std::string_view s);

// Jekyll's URL.escape_path (Addressable::URI.encode, then the first '#').
std::string EscapePath(std::string_view s);
// Percent-decoding (URL.unescape_path).
std::string UnescapePath(std::string_view s);

// The post's URL ("/(臺)中央社cna/2020/10/26/slug.html", escaped) for the
// template of the site's permalink setting; a front matter permalink wins.
// Placeholders: :year :month :day :hour :minute :second :i_day :i_month
// :short_month :long_month :short_year :w_year :week :w_day :short_day
// :long_day :y_day :title :slug :name :categories :slugified_categories
// :collection :path :output_ext. Throws Error for any other placeholder
// (Jekyll stops too).
std::string PostUrl(std::string_view tmpl, const PermalinkPost& post);

// Where a URL's page is written below the site folder, as Jekyll does it:
// unescaped, "index.html" added to a URL ending in '/', ".html" added when
// it does not end so: "/a/b/" -> "a/b/index.html".
std::string UrlToOutputPath(std::string_view url);

}  // namespace feedmirror
