#include "site/post_reader.h"

#include "archive/liquid.h"

#include <md4c-html.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "util/error.h"
#include "util/utf8.h"

namespace feedmirror {

namespace {

constexpr std::string_view kMarkdownExts[] = {".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".mkdown"};

struct FileNameParts {
  std::string date;  // "2020-10-26"
  std::string slug;
  std::string ext;
};

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool IsDigits(std::string_view s, size_t min, size_t max) {
  return s.size() >= min && s.size() <= max &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Jekyll's DATE_FILENAME_MATCHER on a base name:
// (\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$
std::optional<FileNameParts> SplitFileName(std::string_view name) {
  size_t d1 = name.find('-');
  if (d1 == std::string_view::npos || !IsDigits(name.substr(0, d1), 2, 4)) return std::nullopt;
  size_t d2 = name.find('-', d1 + 1);
  if (d2 == std::string_view::npos || !IsDigits(name.substr(d1 + 1, d2 - d1 - 1), 1, 2)) return std::nullopt;
  size_t d3 = name.find('-', d2 + 1);
  if (d3 == std::string_view::npos || !IsDigits(name.substr(d2 + 1, d3 - d2 - 1), 1, 2)) return std::nullopt;
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot < d3 + 1 || dot + 1 == name.size()) return std::nullopt;
  FileNameParts parts{std::string(name.substr(0, d3)), std::string(name.substr(d3 + 1, dot - d3 - 1)),
                      std::string(name.substr(dot))};
  while (!parts.slug.empty() && parts.slug.back() == '.') parts.slug.pop_back();
  return parts;
}

bool IsPostExt(std::string_view ext) {
  if (ext == ".html") return true;
  return std::find(std::begin(kMarkdownExts), std::end(kMarkdownExts), ext) != std::end(kMarkdownExts);
}

[[noreturn]] void Fail(const std::string& path, int line, const std::string& what) {
  throw Error(path + ":" + std::to_string(line) + ": " + what);
}

// Jekyll's front matter: the file starts with a `---` line and the matter
// ends at the next `---` or `...` line.
struct Split {
  std::string_view yaml;
  std::string_view body;
  int body_line;
};

bool IsFenceLine(std::string_view line, bool closing) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
  return line == "---" || (closing && line == "...");
}

Split SplitFrontMatter(const std::string& path, std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t eol = text.find('\n');
  if (eol == std::string_view::npos || !IsFenceLine(text.substr(0, eol), false))
    Fail(path, 1, "no front matter (the file must start with a '---' line)");
  size_t pos = eol + 1;
  int line = 2;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (IsFenceLine(text.substr(pos, end - pos), true)) {
      size_t body = std::min(end + 1, text.size());
      return {text.substr(eol + 1, pos - eol - 1), text.substr(body), line + 1};
    }
    if (end == text.size()) break;
    pos = end + 1;
    ++line;
  }
  Fail(path, 1, "front matter is not closed by a '---' line");
}

std::vector<std::string> SplitWhiteSpace(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

// Jekyll's value_from_plural_key: a string splits on white space.
std::vector<std::string> PluralValue(const YamlValue* v) {
  if (v == nullptr) return {};
  if (v->kind == YamlValue::Kind::kSequence) return v->items;
  if (v->kind == YamlValue::Kind::kScalar) return SplitWhiteSpace(v->scalar);
  return {};
}

// Jekyll's pluralized_array_from_hash: the singular key wins when present.
std::vector<std::string> Pluralized(const FrontMatter& fm, std::string_view singular, std::string_view plural) {
  const YamlValue* one = FindKey(fm, singular);
  if (one != nullptr && one->kind != YamlValue::Kind::kNull) {
    if (one->kind == YamlValue::Kind::kSequence) return one->items;
    if (one->kind == YamlValue::Kind::kScalar) return {one->scalar};
    return {};
  }
  return PluralValue(FindKey(fm, plural));
}

void AppendUnique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const std::string& s : from) {
    if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
  }
}

std::string ScalarOr(const FrontMatter& fm, std::string_view key, std::string fallback) {
  const YamlValue* v = FindKey(fm, key);
  return v != nullptr && v->kind == YamlValue::Kind::kScalar ? v->scalar : fallback;
}

std::optional<std::string> OptionalScalar(const FrontMatter& fm, std::string_view key) {
  const YamlValue* v = FindKey(fm, key);
  if (v == nullptr || v->kind != YamlValue::Kind::kScalar) return std::nullopt;
  return v->scalar;
}

// Jekyll's Utils.titleize_slug.
std::string TitleizeSlug(std::string_view slug) {
  std::string out;
  size_t start = 0;
  while (start <= slug.size()) {
    size_t dash = slug.find('-', start);
    if (dash == std::string_view::npos) dash = slug.size();
    std::string word(slug.substr(start, dash - start));
    for (size_t i = 0; i < word.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(word[i]);
      if (c < 0x80) word[i] = static_cast<char>(i == 0 ? std::toupper(c) : std::tolower(c));
    }
    if (start > 0) out.push_back(' ');
    out += word;
    start = dash + 1;
  }
  return out;
}

void FillDate(SourcePost& post, const FileNameParts& parts) {
  const YamlValue* v = FindKey(post.front_matter, "date");
  if (v != nullptr && v->kind == YamlValue::Kind::kScalar) {
    std::optional<PostDate> d = ParsePostDate(v->scalar);
    if (!d) Fail(post.path, v->line, "date '" + v->scalar + "' is not a date");
    post.date = *d;
    return;
  }
  std::optional<PostDate> d = ParsePostDate(parts.date);
  if (!d) Fail(post.path, 1, "the file name's date '" + parts.date + "' is not a date");
  post.date = *d;
}

bool ParseInt(std::string_view s, size_t& i, size_t min_digits, size_t max_digits, int& out) {
  size_t start = i;
  int value = 0;
  while (i < s.size() && i - start < max_digits && s[i] >= '0' && s[i] <= '9') value = value * 10 + (s[i++] - '0');
  if (i - start < min_digits) return false;
  out = value;
  return true;
}

bool Expect(std::string_view s, size_t& i, char c) {
  if (i < s.size() && s[i] == c) {
    ++i;
    return true;
  }
  return false;
}

void SkipBlanks(std::string_view s, size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}

// "Z", "UTC", "GMT", "+08:00", "+0800", "+08"; false when malformed.
bool ParseOffset(std::string_view s, size_t& i, bool& has_offset, int& offset_minutes) {
  SkipBlanks(s, i);
  if (i == s.size()) return true;
  std::string_view rest = s.substr(i);
  if (rest == "Z" || rest == "UTC" || rest == "GMT" || rest == "z") {
    has_offset = true;
    i = s.size();
    return true;
  }
  if (s[i] != '+' && s[i] != '-') return false;
  int sign = s[i++] == '-' ? -1 : 1;
  int hh = 0, mm = 0;
  if (!ParseInt(s, i, 2, 2, hh)) return false;
  Expect(s, i, ':');
  if (i < s.size() && !ParseInt(s, i, 2, 2, mm)) return false;
  has_offset = true;
  offset_minutes = sign * (hh * 60 + mm);
  return i == s.size();
}

}  // namespace

std::optional<PostDate> ParsePostDate(std::string_view s) {
  size_t i = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  if (!ParseInt(s, i, 4, 4, y) || !Expect(s, i, '-') || !ParseInt(s, i, 1, 2, mo) || !Expect(s, i, '-') ||
      !ParseInt(s, i, 1, 2, d))
    return std::nullopt;
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    ++i;
    SkipBlanks(s, i);
    if (!ParseInt(s, i, 1, 2, h) || !Expect(s, i, ':') || !ParseInt(s, i, 2, 2, mi)) return std::nullopt;
    if (Expect(s, i, ':') && !ParseInt(s, i, 2, 2, sec)) return std::nullopt;
    if (Expect(s, i, '.')) {
      size_t start = i;
      int frac = 0;
      if (!ParseInt(s, i, 1, 9, frac)) return std::nullopt;
      size_t digits = i - start;
      while (digits > 3) frac /= 10, --digits;
      while (digits < 3) frac *= 10, ++digits;
      ms = frac;
    }
  }
  bool has_offset = false;
  int offset = 0;
  if (!ParseOffset(s, i, has_offset, offset)) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  auto days = std::chrono::sys_days(ymd).time_since_epoch();
  int64_t epoch_ms = std::chrono::duration_cast<std::chrono::milliseconds>(days).count() +
                     ((h * 60LL + mi - offset) * 60 + sec) * 1000 + ms;
  return PostDate{has_offset, epoch_ms};
}

bool IsPostFileName(std::string_view name) {
  name = BaseName(name);
  if (name.empty() || name[0] == '.' || name[0] == '_' || name[0] == '#' || name.back() == '~') return false;
  std::optional<FileNameParts> parts = SplitFileName(name);
  return parts && IsPostExt(parts->ext);
}

SourcePost ReadPost(const std::string& path, std::string_view text) {
  std::optional<FileNameParts> parts = SplitFileName(BaseName(path));
  if (!parts) Fail(path, 1, "the file name is not YYYY-MM-DD-<slug>.<ext>");
  Split split = SplitFrontMatter(path, text);
  SourcePost post;
  post.path = path;
  post.file_slug = parts->slug;
  post.front_matter = ParseFrontMatter(split.yaml, path, 2);
  const FrontMatter& fm = post.front_matter;
  post.title = ScalarOr(fm, "title", TitleizeSlug(parts->slug));
  post.author = ScalarOr(fm, "author", "");
  post.from = ScalarOr(fm, "from", "");
  post.tags = Pluralized(fm, "tag", "tags");
  post.categories = PluralValue(FindKey(fm, "categories"));
  AppendUnique(post.categories, Pluralized(fm, "category", "categories"));
  std::vector<std::string> unique;
  AppendUnique(unique, post.categories);
  post.categories = std::move(unique);
  post.slug = OptionalScalar(fm, "slug");
  post.permalink = OptionalScalar(fm, "permalink");
  post.published = ScalarOr(fm, "published", "true") != "false";
  FillDate(post, *parts);
  post.body = std::string(split.body);
  return post;
}

std::string_view PostBody(const std::string& path, std::string_view text) {
  return SplitFrontMatter(path, text).body;
}

std::string LiteralBody(std::string_view body) {
  static constexpr std::string_view kRawOpen = "{% raw %}";
  static constexpr std::string_view kRawClose = "{% endraw %}";
  std::string_view trimmed = body;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) trimmed.remove_suffix(1);
  if (trimmed.starts_with(kRawOpen) && trimmed.ends_with(kRawClose)) {
    std::string_view inner = trimmed.substr(kRawOpen.size(), trimmed.size() - kRawOpen.size() - kRawClose.size());
    if (inner.starts_with('\n')) inner.remove_prefix(1);
    return std::string(inner) + std::string(body.substr(trimmed.size()));
  }
  return RestoreLiquid(body);
}

namespace {

std::string_view NextLine(std::string_view& rest) {
  size_t eol = rest.find('\n');
  std::string_view line = rest.substr(0, eol);
  rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool IsSetextUnderline(std::string_view line) {
  return line.size() >= 2 && line.find_first_not_of('-') == std::string_view::npos;
}

// The HTML after the archive format's comment and heading, or nullopt when
// the body is not in that format.
std::optional<std::string_view> ArchiveFormatHtml(std::string_view body) {
  std::string_view rest = body;
  while (!rest.empty() && rest.front() == '\n') rest.remove_prefix(1);
  if (rest.starts_with("<!--")) {
    std::string_view comment = NextLine(rest);
    if (!comment.ends_with("-->")) return std::nullopt;
  }
  std::string_view heading = NextLine(rest);
  if (!heading.starts_with('[') || !heading.ends_with(')')) return std::nullopt;
  if (!IsSetextUnderline(NextLine(rest))) return std::nullopt;
  while (!rest.empty() && (rest.front() == '\n' || rest.front() == '\r')) rest.remove_prefix(1);
  if (!rest.starts_with('<')) return std::nullopt;
  return rest;
}

void AppendChunk(const MD_CHAR* text, MD_SIZE size, void* out) {
  static_cast<std::string*>(out)->append(text, size);
}

}  // namespace

RenderedBody RenderBody(std::string_view body) {
  std::string restored = LiteralBody(body);
  if (std::optional<std::string_view> html = ArchiveFormatHtml(restored)) {
    std::string_view h = *html;
    while (!h.empty() && (h.back() == '\n' || h.back() == '\r')) h.remove_suffix(1);
    return {std::string(h), true};
  }
  RenderedBody out;
  md_html(restored.data(), static_cast<MD_SIZE>(restored.size()), AppendChunk, &out.html, MD_DIALECT_GITHUB,
          MD_HTML_FLAG_SKIP_UTF8_BOM);
  while (!out.html.empty() && out.html.back() == '\n') out.html.pop_back();
  return out;
}

namespace {

// Decodes the entity at html[i] == '&'; advances i past it. Unknown
// entities stay as written.
void AppendEntity(std::string_view html, size_t& i, std::string& out) {
  size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) {
    out.push_back('&');
    ++i;
    return;
  }
  std::string_view name = html.substr(i + 1, semi - i - 1);
  static const std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}, {"#39", "'"}};
  for (const auto& [n, v] : kNamed) {
    if (name == n) {
      out.append(v);
      i = semi + 1;
      return;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string digits(name.substr(hex ? 2 : 1));
    char* end = nullptr;
    unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
    if (!digits.empty() && end != nullptr && *end == '\0') {
      // NUL, surrogates and what lies beyond Unicode read as U+FFFD, as in HTML.
      bool scalar = cp != 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
      AppendUtf8(out, scalar ? static_cast<char32_t>(cp) : U'\uFFFD');
      i = semi + 1;
      return;
    }
  }
  out.push_back('&');
  ++i;
}

bool StartsWithTagName(std::string_view html, size_t i, std::string_view name) {
  if (html.size() < i + name.size()) return false;
  for (size_t k = 0; k < name.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(html[i + k])) != name[k]) return false;
  }
  size_t after = i + name.size();
  return after == html.size() || html[after] == '>' || html[after] == ' ' || html[after] == '\t' ||
         html[after] == '\n' || html[after] == '/';
}

// Skips the tag at html[i] == '<' (and a script/style element's content).
size_t SkipTag(std::string_view html, size_t i) {
  if (html.substr(i, 4) == "<!--") {
    size_t end = html.find("-->", i + 4);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  for (std::string_view raw : {std::string_view("script"), std::string_view("style")}) {
    if (StartsWithTagName(html, i + 1, raw)) {
      size_t pos = i + 1;
      while ((pos = html.find("</", pos)) != std::string_view::npos && !StartsWithTagName(html, pos + 2, raw)) pos += 2;
      if (pos == std::string_view::npos) return html.size();
      size_t end = html.find('>', pos);
      return end == std::string_view::npos ? html.size() : end + 1;
    }
  }
  size_t end = html.find('>', i);
  return end == std::string_view::npos ? html.size() : end + 1;
}

// Tags that separate words; inline ones (<a>, <strong>…) do not, so that
// "停<b>火</b>" stays one run of text.
bool IsBlockTag(std::string_view html, size_t i) {
  static constexpr std::string_view kBlock[] = {
      "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
      "blockquote", "hr", "img", "section", "article", "figure", "figcaption", "pre", "dd", "dt", "header",
      "footer", "aside", "nav"};
  size_t name = i + 1;
  if (name < html.size() && html[name] == '/') ++name;
  // The tag's name, lower-cased, up to a delimiter; longer than any block
  // tag's name: not one.
  char lower[12];
  size_t len = 0;
  for (size_t k = name; k < html.size(); ++k) {
    char c = html[k];
    if (c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '/') break;
    if (len == sizeof lower) return false;
    lower[len++] = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::string_view tag(lower, len);
  for (std::string_view block : kBlock) {
    if (block == tag) return true;
  }
  return false;
}

}  // namespace

namespace {

bool IsTextSpecial(char c) { return c == '<' || c == '&' || c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

std::string ArticleText(std::string_view html, size_t max_bytes) {
  std::string out;
  out.reserve(html.size() / 2);
  bool space = true;  // no leading space
  size_t i = 0;
  auto push_space = [&] {
    if (!space) out.push_back(' ');
    space = true;
  };
  while (i < html.size() && out.size() < max_bytes) {
    char c = html[i];
    if (c == '<') {
      bool block = IsBlockTag(html, i) || html.substr(i, 4) == "<!--";
      i = SkipTag(html, i);
      if (block) push_space();
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      push_space();
      ++i;
    } else if (c == '&') {
      size_t before = out.size();
      AppendEntity(html, i, out);
      space = out.size() > before && out.back() == ' ';
    } else {
      // A run of plain text, copied as one piece.
      size_t end = i + 1;
      while (end < html.size() && !IsTextSpecial(html[end])) ++end;
      out.append(html.substr(i, end - i));
      space = false;
      i = end;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace feedmirror
