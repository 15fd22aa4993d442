#include "site/permalink.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>

#include "util/error.h"
#include "util/timezone.h"

namespace feedmirror {

namespace {

bool IsSlugChar(UChar32 c, SlugifyMode mode) {
  if (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) return true;
  if (mode == SlugifyMode::kPretty && c < 0x80) {
    static constexpr std::string_view kPrettyKeeps = "._~!$&'()+,;=@";
    return kPrettyKeeps.find(static_cast<char>(c)) != std::string_view::npos;
  }
  return false;
}

std::string TwoDigits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};
constexpr const char* kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

std::chrono::sys_days Days(const LocalDateTime& d) {
  return std::chrono::sys_days(std::chrono::year(d.year) / d.month / d.day);
}

unsigned Weekday(const LocalDateTime& d) { return std::chrono::weekday(Days(d)).c_encoding(); }

// ISO 8601 week-numbering year and week (strftime %G and %V).
std::pair<int, int> IsoWeek(const LocalDateTime& d) {
  using namespace std::chrono;
  auto week1_monday = [](int y) {
    sys_days jan4 = sys_days(year(y) / January / 4);
    return jan4 - days(weekday(jan4).iso_encoding() - 1);
  };
  sys_days day = Days(d);
  int y = d.year;
  if (day < week1_monday(y)) {
    --y;
  } else if (day >= week1_monday(y + 1)) {
    ++y;
  }
  return {y, static_cast<int>((day - week1_monday(y)).count() / 7 + 1)};
}

int YearDay(const LocalDateTime& d) {
  return static_cast<int>((Days(d) - std::chrono::sys_days(std::chrono::year(d.year) / 1 / 1)).count()) + 1;
}

std::string JoinUnique(const std::vector<std::string>& parts) {
  std::vector<std::string> seen;
  std::string out;
  for (const std::string& p : parts) {
    if (std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
    if (!seen.empty()) out.push_back('/');
    out += p;
    seen.push_back(p);
  }
  return out;
}

std::string Categories(const PermalinkPost& p, bool slugified) {
  std::vector<std::string> cats;
  for (const std::string& c : p.categories)
    cats.push_back(slugified ? JekyllSlugify(c, SlugifyMode::kDefault, false) : Downcase(c));
  return JoinUnique(cats);
}

std::string BaseNameWithoutExt(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

using Placeholder = std::function<std::string(const PermalinkPost&)>;

const std::map<std::string, Placeholder, std::less<>>& Placeholders() {
  static const std::map<std::string, Placeholder, std::less<>> table = {
      {"year", [](const PermalinkPost& p) { return std::to_string(p.date.year); }},
      {"month", [](const PermalinkPost& p) { return TwoDigits(p.date.month); }},
      {"day", [](const PermalinkPost& p) { return TwoDigits(p.date.day); }},
      {"hour", [](const PermalinkPost& p) { return TwoDigits(p.date.hour); }},
      {"minute", [](const PermalinkPost& p) { return TwoDigits(p.date.minute); }},
      {"second", [](const PermalinkPost& p) { return TwoDigits(p.date.second); }},
      {"i_day", [](const PermalinkPost& p) { return std::to_string(p.date.day); }},
      {"i_month", [](const PermalinkPost& p) { return std::to_string(p.date.month); }},
      {"short_month", [](const PermalinkPost& p) { return std::string(kMonths[p.date.month - 1], 3); }},
      {"long_month", [](const PermalinkPost& p) { return std::string(kMonths[p.date.month - 1]); }},
      {"short_year", [](const PermalinkPost& p) { return TwoDigits(p.date.year % 100); }},
      {"w_year", [](const PermalinkPost& p) { return std::to_string(IsoWeek(p.date).first); }},
      {"week", [](const PermalinkPost& p) { return TwoDigits(IsoWeek(p.date).second); }},
      {"w_day", [](const PermalinkPost& p) { return std::to_string(Weekday(p.date) == 0 ? 7 : Weekday(p.date)); }},
      {"short_day", [](const PermalinkPost& p) { return std::string(kWeekdays[Weekday(p.date)], 3); }},
      {"long_day", [](const PermalinkPost& p) { return std::string(kWeekdays[Weekday(p.date)]); }},
      {"y_day",
       [](const PermalinkPost& p) {
         char buf[16];
         std::snprintf(buf, sizeof buf, "%03d", YearDay(p.date));
         return std::string(buf);
       }},
      {"title",
       [](const PermalinkPost& p) { return JekyllSlugify(p.slug.value_or(p.file_slug), SlugifyMode::kPretty, true); }},
      {"slug",
       [](const PermalinkPost& p) { return JekyllSlugify(p.slug.value_or(p.file_slug), SlugifyMode::kDefault, false); }},
      {"name",
       [](const PermalinkPost& p) {
         return JekyllSlugify(BaseNameWithoutExt(p.file_name), SlugifyMode::kDefault, false);
       }},
      {"categories", [](const PermalinkPost& p) { return Categories(p, false); }},
      {"slugified_categories", [](const PermalinkPost& p) { return Categories(p, true); }},
      {"collection", [](const PermalinkPost&) { return std::string("posts"); }},
      {"path", [](const PermalinkPost& p) { return "/" + BaseNameWithoutExt(p.file_name); }},
      {"output_ext", [](const PermalinkPost&) { return std::string(".html"); }},
  };
  return table;
}

bool IsPlaceholderChar(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

// Jekyll's URL#generate_url_from_drop: every ":name" is replaced by the
// escaped value; "name_" may stand for "name" followed by '_'.
std::string GenerateUrl(std::string_view tmpl, const PermalinkPost& post) {
  std::string out;
  size_t i = 0;
  while (i < tmpl.size()) {
    if (tmpl[i] != ':' || i + 1 >= tmpl.size() || !IsPlaceholderChar(tmpl[i + 1])) {
      out.push_back(tmpl[i++]);
      continue;
    }
    size_t end = i + 1;
    while (end < tmpl.size() && IsPlaceholderChar(tmpl[end])) ++end;
    std::string name(tmpl.substr(i + 1, end - i - 1));
    auto it = Placeholders().find(name);
    std::string rest;
    if (it == Placeholders().end() && name.ends_with('_')) {
      it = Placeholders().find(std::string_view(name).substr(0, name.size() - 1));
      rest = "_";
    }
    if (it == Placeholders().end())
      throw Error("permalink '" + std::string(tmpl) + "': unknown placeholder ':" + name + "'");
    out += EscapePath(it->second(post)) + rest;
    i = end;
  }
  return out;
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  size_t i = 0;
  while (true) {
    size_t hit = s.find(from, i);
    if (hit == std::string::npos) break;
    out.append(s, i, hit - i).append(to);
    i = hit + from.size();
  }
  out.append(s, i);
  s = std::move(out);
}

// Jekyll's URL#sanitize_url.
std::string SanitizeUrl(std::string_view url) {
  std::string s = "/" + std::string(url);
  ReplaceAll(s, "..", "/");
  ReplaceAll(s, "./", "");
  std::string out;
  for (char c : s) {
    if (c == '/' && !out.empty() && out.back() == '/') continue;
    out.push_back(c);
  }
  return out;
}

bool InClass(unsigned char c, std::string_view extra) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return c < 0x80 && extra.find(static_cast<char>(c)) != std::string_view::npos;
}

void EncodeComponent(std::string_view s, std::string_view extra, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (InClass(c, extra)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

}  // namespace

std::string PermalinkTemplate(std::string_view style) {
  if (style == "date") return "/:categories/:year/:month/:day/:title:output_ext";
  if (style == "pretty") return "/:categories/:year/:month/:day/:title/";
  if (style == "ordinal") return "/:categories/:year/:y_day/:title:output_ext";
  if (style == "weekdate") return "/:categories/:year/W:week/:short_day/:title:output_ext";
  if (style == "none") return "/:categories/:title:output_ext";
  return std::string(style);
}

LocalDateTime FieldsOf(int64_t local_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds(local_ms)};
  sys_days day = floor<days>(t);
  year_month_day ymd(day);
  hh_mm_ss<milliseconds> hms(t - day);
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count())};
}

LocalDateTime LocalDateTimeAt(int64_t epoch_ms, const TimeZone& zone) {
  std::chrono::milliseconds offset = zone.OffsetAt(FromEpochMillis(epoch_ms));
  return FieldsOf(epoch_ms + offset.count());
}

std::string Downcase(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .toLower(icu::Locale::getRoot())
      .toUTF8String(out);
  return out;
}

std::string JekyllSlugify(std::string_view s, SlugifyMode mode, bool cased) {
  std::string slug;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(s.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c >= 0 && IsSlugChar(c, mode)) {
      slug.append(s.substr(start, i - start));
    } else if (slug.empty() || slug.back() != '-') {
      slug.push_back('-');
    }
  }
  if (slug.starts_with('-')) slug.erase(0, 1);
  if (slug.ends_with('-')) slug.pop_back();
  return cased ? slug : Downcase(slug);
}

std::string EscapePath(std::string_view s) {
  bool plain = !s.empty();
  for (char c : s) plain = plain && InClass(static_cast<unsigned char>(c), "./-");
  if (s.empty() || plain) return std::string(s);
  static constexpr std::string_view kSubDelims = "!$&'()*+,;=";
  const std::string pchar = "-._~" + std::string(kSubDelims) + ":@";
  // Addressable splits scheme, path, query and fragment first.
  std::string out;
  size_t i = 0;
  size_t scheme_end = s.find_first_of(":/?#");
  if (scheme_end != std::string_view::npos && scheme_end > 0 && s[scheme_end] == ':') {
    EncodeComponent(s.substr(0, scheme_end), "-+.", out);
    out.push_back(':');
    i = scheme_end + 1;
  }
  size_t path_end = s.find_first_of("?#", i);
  EncodeComponent(s.substr(i, path_end - i), pchar + "/", out);
  if (path_end != std::string_view::npos && s[path_end] == '?') {
    size_t query_end = s.find('#', path_end + 1);
    out.push_back('?');
    EncodeComponent(s.substr(path_end + 1, query_end - path_end - 1), pchar + "/?", out);
    path_end = query_end;
  }
  if (path_end != std::string_view::npos) {
    out += "%23";  // Jekyll replaces the first '#'
    EncodeComponent(s.substr(path_end + 1), pchar + "/?", out);
  }
  return out;
}

std::string UnescapePath(std::string_view s) {
  std::string out;
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string PostUrl(std::string_view tmpl, const PermalinkPost& post) {
  return SanitizeUrl(GenerateUrl(post.permalink ? std::string_view(*post.permalink) : tmpl, post));
}

std::string UrlToOutputPath(std::string_view url) {
  std::string path = UnescapePath(url);
  while (path.starts_with('/')) path.erase(0, 1);
  if (path.empty() || path.ends_with('/')) return path + "index.html";
  if (!path.ends_with(".html")) path += ".html";
  return path;
}

}  // namespace feedmirror
