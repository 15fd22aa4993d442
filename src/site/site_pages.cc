#include "site/site_pages.h"

#include <kainjow/mustache.hpp>

#include <atomic>
#include <cctype>
#include <charconv>
#include <mutex>
#include <optional>

#include "util/error.h"

namespace feedmirror {

namespace {

using Mustache = kainjow::mustache::mustache;
using Data = kainjow::mustache::data;

Mustache Compile(const Theme& theme, const std::string& name) {
  Mustache m(theme.File(name));
  if (!m.is_valid()) throw Error("theme file " + name + ": " + m.error_message());
  // The same escaping as kainjow's own, without its byte-by-byte appends.
  m.set_custom_escape(EscapeHtml);
  return m;
}

// kainjow renders into a stream with operator<<; this one appends to a
// string, so that a page is not copied out of an ostringstream.
struct AppendTo {
  std::string& out;
  AppendTo& operator<<(const std::string& s) {
    out += s;
    return *this;
  }
};

// Renders `m` with the names of `ctx`, appended to `out`.
void RenderTo(Mustache& m, kainjow::mustache::basic_context<std::string>& ctx, const std::string& name,
              std::string& out) {
  AppendTo sink{out};
  m.render(ctx, sink);
  if (!m.is_valid()) throw Error("theme file " + name + ": " + m.error_message());
}

std::string RenderOrThrow(Mustache& m, const Data& data, const std::string& name, size_t reserve = 0) {
  std::string out;
  out.reserve(reserve);
  kainjow::mustache::context<std::string> ctx(&data);
  RenderTo(m, ctx, name, out);
  return out;
}

// Puts a (long) string value in `d` with one copy of it (Data::set makes two).
void SetString(Data& d, const std::string& name, std::string_view value) { d[name] = Data(std::string(value)); }

// Data kept from page to page (PageTemplates): each page replaces the
// values, and the names stay in the map (no nodes made and freed for every
// page). A name the page has no value for is false, which every kind of tag
// treats as it treats a missing name ({{x}} writes nothing, {{#x}} skips,
// {{^x}} renders, a dotted or nested lookup goes on to the outer names).
void SetOrFalse(Data& d, const std::string& name, bool present, std::string_view value) {
  d[name] = present ? Data(std::string(value)) : Data(false);
}

// printf's "%02d".
void AppendTwoDigits(std::string& out, int v) {
  if (v >= 0 && v < 100) {
    out.push_back(static_cast<char>('0' + v / 10));
    out.push_back(static_cast<char>('0' + v % 10));
    return;
  }
  char buf[16];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// "2020-10-26" and, when `sep` is not 0, `sep` and "13:56".
void AppendDateTime(std::string& out, const LocalDateTime& t, char sep) {
  AppendInt(out, t.year);
  out.push_back('-');
  AppendTwoDigits(out, t.month);
  out.push_back('-');
  AppendTwoDigits(out, t.day);
  if (sep == 0) return;
  out.push_back(sep);
  AppendTwoDigits(out, t.hour);
  out.push_back(':');
  AppendTwoDigits(out, t.minute);
}

Data NewList() { return Data(Data::type::list); }

}  // namespace

struct PageTemplates {
  PageTemplates(const Theme& theme, const SiteOptions& options)
      : layout(Compile(theme, "layout.mustache")),
        post(Compile(theme, "post.mustache")),
        list(Compile(theme, "list.mustache")),
        entry(Compile(theme, "entry.mustache")),
        same_day(Compile(theme, "same_day.mustache")),
        sources(Compile(theme, "sources.mustache")),
        terms(Compile(theme, "terms.mustache")),
        archive(Compile(theme, "archive.mustache")),
        search(Compile(theme, "search.mustache")),
        not_found(Compile(theme, "404.mustache")),
        layout_size(theme.File("layout.mustache").size()),
        post_size(theme.File("post.mustache").size()) {
    site.set("lang", "zh");
    site.set("site_title", options.title);
    site.set("base", options.base_path);
  }
  Mustache layout, post, list, entry, same_day, sources, terms, archive, search, not_found;
  size_t layout_size, post_size;  // for the output's first reserve
  Data site;  // the layout's names that are the same on every page
  Data page_names;  // the layout's names of the page, kept between pages
  Data post_names;  // post.mustache's names, kept between pages
};

class PostFragments {
 public:
  PostFragments(const SiteModel& model, const std::string& base_path)
      : entries_(new Slot[model.posts.size()]), same_day_(new Slot[model.posts.size()]) {
    auto hrefs = [&](const std::vector<PostGroup>& groups) {
      std::vector<std::string> out;
      out.reserve(groups.size());
      for (const PostGroup& g : groups) out.push_back(base_path + EscapePath("/" + g.path));
      return out;
    };
    source_hrefs = hrefs(model.sources);
    tag_hrefs = hrefs(model.tags);
    category_hrefs = hrefs(model.categories);
    day_hrefs = hrefs(model.days);
  }

  // PageRenderer::Href of each group's path, by group index.
  std::vector<std::string> source_hrefs, tag_hrefs, category_hrefs, day_hrefs;

  template <typename Make>
  const std::string& Entry(int post, const Make& make) {
    return Get(entries_[static_cast<size_t>(post)], make);
  }
  template <typename Make>
  const std::string& SameDay(int post, const Make& make) {
    return Get(same_day_[static_cast<size_t>(post)], make);
  }

 private:
  struct Slot {
    std::atomic<bool> ready{false};
    std::string text;
  };
  // An exception from `make` leaves the slot to the next caller. Not
  // std::call_once: with GCC 12's libstdc++ a callable that throws leaves
  // the other threads waiting on the flag for ever (GCC bug 66146).
  // Slots share a few locks (no `make` takes another slot's).
  template <typename Make>
  const std::string& Get(Slot& slot, const Make& make) {
    if (slot.ready.load(std::memory_order_acquire)) return slot.text;
    std::lock_guard<std::mutex> lock(locks_[reinterpret_cast<uintptr_t>(&slot) / sizeof(Slot) % kLocks]);
    if (!slot.ready.load(std::memory_order_relaxed)) {
      slot.text = make();
      slot.ready.store(true, std::memory_order_release);
    }
    return slot.text;
  }

  static constexpr size_t kLocks = 64;
  std::unique_ptr<Slot[]> entries_, same_day_;
  std::mutex locks_[kLocks];
};

std::shared_ptr<PostFragments> NewPostFragments(const SiteModel& model, const SiteOptions& options) {
  return std::make_shared<PostFragments>(model, options.base_path);
}

std::string EscapeXml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Characters XML 1.0 forbids (C0 controls but tab, CR, LF) go.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.push_back(c);
    }
  }
  return out;
}

std::string EscapeHtml(const std::string& s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  size_t plain = 0;  // start of the run of bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    std::string_view entity;
    switch (s[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&apos;"; break;
      default: continue;
    }
    out.append(s, plain, i - plain);
    out.append(entity);
    plain = i + 1;
  }
  out.append(s, plain, std::string::npos);
  return out;
}

std::string IsoLocal(int64_t instant_ms, const TimeZone& zone) {
  int64_t offset_min = zone.OffsetAt(FromEpochMillis(instant_ms)).count();
  LocalDateTime t = FieldsOf(instant_ms + offset_min * 60000);
  std::string out;
  out.reserve(32);
  AppendDateTime(out, t, 'T');
  out.push_back(':');
  AppendTwoDigits(out, t.second);
  if (offset_min == 0) return out + "Z";
  int64_t a = offset_min < 0 ? -offset_min : offset_min;
  out.push_back(offset_min < 0 ? '-' : '+');
  AppendTwoDigits(out, static_cast<int>(a / 60));
  out.push_back(':');
  AppendTwoDigits(out, static_cast<int>(a % 60));
  return out;
}

PageRenderer::PageRenderer(const SiteContext& site)
    : site_(site), templates_(std::make_unique<PageTemplates>(site.theme, site.options)) {}

PageRenderer::~PageRenderer() = default;

std::string PageRenderer::Href(const std::string& site_path) const {
  return site_.options.base_path + EscapePath("/" + site_path);
}

std::string PageRenderer::Absolute(const std::string& site_path) const {
  return site_.options.url + Href(site_path);
}

std::string PageRenderer::LocalTime(const SitePost& p) const {
  std::string out;
  AppendDateTime(out, p.local, ' ');
  return out;
}

std::string PageRenderer::Page(const std::string& title, const std::string& content, const std::string& feed) {
  Data& page = templates_->page_names;
  SetString(page, "page_title", title == site_.options.title ? title : title + " · " + site_.options.title);
  SetOrFalse(page, "feed", !feed.empty(), feed);
  SetString(page, "content", content);
  // The page's names first, then the site's.
  kainjow::mustache::context<std::string> ctx(&templates_->site);
  ctx.push(&page);
  std::string out;
  out.reserve(content.size() + templates_->layout_size + 1024);
  RenderTo(templates_->layout, ctx, "layout.mustache", out);
  page["content"] = Data(false);  // its memory goes now
  return out;
}

std::vector<int> PageRenderer::SameDay(const SitePost& post) const {
  const std::vector<int>& day = site_.model.days[post.day_group].posts;
  int n = site_.options.same_day_links;
  int size = static_cast<int>(day.size());
  int start = std::max(0, std::min(post.index_in_day - n / 2, size - n - 1));
  std::vector<int> out;
  for (int i = start; i < size && static_cast<int>(out.size()) < n; ++i) {
    if (i != post.index_in_day) out.push_back(day[i]);
  }
  return out;
}

namespace {

Data LinkData(const std::string& url, const std::string& title) {
  Data d;
  d.set("url", url);
  d.set("title", title);
  return d;
}

// `post`'s link (url and title) as `name` in `d`, or false for none.
void SetLink(Data& d, const std::string& name, const SitePost* post, const std::string& base_path) {
  if (post == nullptr) {
    d[name] = Data(false);
    return;
  }
  Data& link = d[name];
  if (!link.is_object()) link = Data();
  SetString(link, "url", base_path + std::string(post->url));
  SetString(link, "title", post->record->title);
}

}  // namespace

std::string PageRenderer::Post(const SitePost& p, const std::string& body_html) {
  const SiteModel& m = site_.model;
  const PostGroup& source = m.sources[p.source_group];
  Data& d = templates_->post_names;
  SetString(d, "title", p.record->title);
  SetString(d, "source", p.source);
  SetString(d, "source_url", site_.fragments->source_hrefs[p.source_group]);
  SetString(d, "iso", IsoLocal(p.instant_ms, site_.zone));
  SetString(d, "time", LocalTime(p));
  SetOrFalse(d, "from", !p.record->from.empty(), p.record->from);
  SetString(d, "body", site_.options.base_path.empty() ? body_html : PrefixRootRelativeUrls(body_html, site_.options.base_path));
  Data tags = NewList(), cats = NewList();
  for (std::string_view t : p.record->tags) {
    Data item;
    item.set("name", std::string(t));
    item.set("url", site_.fragments->tag_hrefs[m.tag_index.at(t)]);
    tags.push_back(item);
  }
  for (std::string_view c : p.record->categories) {
    Data item;
    item.set("name", std::string(c));
    item.set("url", site_.fragments->category_hrefs[m.category_index.at(c)]);
    cats.push_back(item);
  }
  d["has_terms"] = Data(!p.record->tags.empty() || !p.record->categories.empty());
  d["tags"] = std::move(tags);
  d["categories"] = std::move(cats);
  const std::string& base = site_.options.base_path;
  int k = p.index_in_source;
  SetLink(d, "prev", k > 0 ? &m.posts[source.posts[k - 1]] : nullptr, base);
  SetLink(d, "next", k + 1 < static_cast<int>(source.posts.size()) ? &m.posts[source.posts[k + 1]] : nullptr, base);
  const PostGroup& day = m.days[p.day_group];
  SetString(d, "day", day.name);
  SetString(d, "day_url", site_.fragments->day_hrefs[p.day_group]);
  std::vector<int> others = SameDay(p);
  std::string same_day;
  same_day.reserve(others.size() * 256);
  for (int i : others) same_day += SameDayEntry(i);
  d["has_same_day"] = Data(!others.empty());
  SetString(d, "same_day_entries", same_day);
  std::string article = RenderOrThrow(templates_->post, d, "post.mustache",
                                      body_html.size() + same_day.size() + templates_->post_size + 1024);
  d["body"] = Data(false);  // its memory goes now
  return Page(std::string(p.record->title), article);
}

const std::string& PageRenderer::Entry(int post) {
  return site_.fragments->Entry(post, [&] { return RenderEntry(post); });
}

std::string PageRenderer::RenderEntry(int post) {
  const SiteModel& m = site_.model;
  const SitePost& p = m.posts[static_cast<size_t>(post)];
  Data item = LinkData(site_.options.base_path + std::string(p.url), std::string(p.record->title));
  item.set("source", std::string(p.source));
  item.set("source_url", site_.fragments->source_hrefs[p.source_group]);
  item.set("iso", IsoLocal(p.instant_ms, site_.zone));
  item.set("time", LocalTime(p));
  if (!p.record->snippet.empty()) item.set("snippet", std::string(p.record->snippet));
  return RenderOrThrow(templates_->entry, item, "entry.mustache");
}

const std::string& PageRenderer::SameDayEntry(int post) {
  return site_.fragments->SameDay(post, [&] { return RenderSameDayEntry(post); });
}

std::string PageRenderer::RenderSameDayEntry(int post) {
  const SitePost& o = site_.model.posts[static_cast<size_t>(post)];
  Data item = LinkData(site_.options.base_path + std::string(o.url), std::string(o.record->title));
  item.set("source", std::string(o.source));
  item.set("time", LocalTime(o).substr(11));
  return RenderOrThrow(templates_->same_day, item, "same_day.mustache");
}

std::string PageRenderer::List(const ListPage& page) {
  Data d;
  d.set("heading", page.heading);
  std::string entries;
  for (int i : page.posts) entries += Entry(i);
  SetString(d, "entries", entries);
  d.set("has_pager", !page.newer.empty() || !page.older.empty());
  d.set("page", std::to_string(page.page));
  if (page.front) d.set("pages", std::to_string(page.pages));
  if (!page.newer.empty()) d.set("newer", page.newer);
  if (!page.older.empty()) d.set("older", page.older);
  std::string title = page.front ? page.heading : page.heading + " (" + std::to_string(page.page) + ")";
  return Page(title, RenderOrThrow(templates_->list, d, "list.mustache", entries.size() + 4096), page.feed);
}

std::string PageRenderer::Sources() {
  const SiteModel& m = site_.model;
  Data d;
  d.set("heading", "來源");
  Data list = NewList();
  for (const PostGroup& g : m.sources) {
    const SitePost& last = m.posts[g.posts.back()];
    Data item;
    item.set("name", g.name);
    item.set("url", Href(g.path));
    item.set("count", std::to_string(g.posts.size()));
    item.set("iso", IsoLocal(last.instant_ms, site_.zone));
    item.set("time", LocalTime(last));
    item.set("feed", Href(g.path + "feed.xml"));
    list.push_back(item);
  }
  d.set("sources", list);
  return Page("來源", RenderOrThrow(templates_->sources, d, "sources.mustache"));
}

std::string PageRenderer::Terms(const std::string& heading, const std::vector<PostGroup>& groups) {
  Data d;
  d.set("heading", heading);
  Data list = NewList();
  for (const PostGroup& g : groups) {
    Data item;
    item.set("name", g.name);
    item.set("url", Href(g.path));
    item.set("count", std::to_string(g.posts.size()));
    list.push_back(item);
  }
  d.set("terms", list);
  return Page(heading, RenderOrThrow(templates_->terms, d, "terms.mustache"));
}

std::string PageRenderer::Archive() {
  const SiteModel& m = site_.model;
  Data d;
  d.set("heading", "存檔");
  Data months = NewList();
  size_t day = m.days.size();
  // Newest month first; the days of a month follow it in the day list.
  for (size_t k = m.months.size(); k-- > 0;) {
    const PostGroup& g = m.months[k];
    Data item;
    item.set("label", g.name);
    item.set("url", Href(g.path));
    item.set("count", std::to_string(g.posts.size()));
    Data days = NewList();
    std::vector<Data> month_days;
    while (day > 0 && m.days[day - 1].name.starts_with(g.name)) {
      const PostGroup& dg = m.days[--day];
      Data di;
      di.set("label", dg.name.substr(8));
      di.set("url", Href(dg.path));
      di.set("count", std::to_string(dg.posts.size()));
      month_days.push_back(di);
    }
    for (auto it = month_days.rbegin(); it != month_days.rend(); ++it) days.push_back(*it);
    item.set("days", days);
    months.push_back(item);
  }
  d.set("months", months);
  return Page("存檔", RenderOrThrow(templates_->archive, d, "archive.mustache"));
}

std::string PageRenderer::Search() {
  Data d;
  d.set("heading", "搜尋");
  d.set("base", site_.options.base_path);
  return Page("搜尋", RenderOrThrow(templates_->search, d, "search.mustache"));
}

std::string PageRenderer::NotFound() {
  Data d;
  d.set("base", site_.options.base_path);
  return Page("找不到頁面", RenderOrThrow(templates_->not_found, d, "404.mustache"));
}

std::string PageRenderer::Atom(const std::string& title, const std::string& feed_path, const std::vector<int>& posts) {
  const SiteModel& m = site_.model;
  std::string updated = posts.empty() ? "1970-01-01T00:00:00Z" : IsoLocal(m.posts[posts.front()].instant_ms, site_.zone);
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  x += "<title>" + EscapeXml(title) + "</title>\n";
  x += "<id>" + EscapeXml(Absolute(feed_path)) + "</id>\n";
  x += "<link rel=\"self\" href=\"" + EscapeXml(Absolute(feed_path)) + "\"/>\n";
  x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + EscapeXml(Absolute("")) + "\"/>\n";
  x += "<updated>" + updated + "</updated>\n<generator>feedmirror</generator>\n";
  for (int i : posts) {
    const SitePost& p = m.posts[i];
    std::string url = site_.options.url + site_.options.base_path + std::string(p.url);
    std::string when = IsoLocal(p.instant_ms, site_.zone);
    x += "<entry>\n<title>" + EscapeXml(p.record->title) + "</title>\n";
    x += "<link rel=\"alternate\" type=\"text/html\" href=\"" + EscapeXml(url) + "\"/>\n";
    if (!p.record->from.empty()) x += "<link rel=\"related\" href=\"" + EscapeXml(p.record->from) + "\"/>\n";
    x += "<id>" + EscapeXml(url) + "</id>\n<published>" + when + "</published>\n<updated>" + when + "</updated>\n";
    x += "<author><name>" + EscapeXml(p.source) + "</name></author>\n";
    for (std::string_view c : p.record->categories) x += "<category term=\"" + EscapeXml(c) + "\"/>\n";
    if (!p.record->snippet.empty()) x += "<summary>" + EscapeXml(p.record->snippet) + "</summary>\n";
    x += "</entry>\n";
  }
  return x + "</feed>\n";
}

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsRootRelative(std::string_view url) { return url.size() >= 1 && url[0] == '/' && (url.size() == 1 || url[1] != '/'); }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// An attribute value with the base put before its root-relative URL(s).
void AppendAttributeValue(std::string& out, const std::string& name, std::string_view value, std::string_view base) {
  if (name == "src" || name == "href" || name == "poster") {
    if (IsRootRelative(value)) out.append(base);
    out.append(value);
    return;
  }
  if (name != "srcset") {
    out.append(value);
    return;
  }
  // Candidates "url [descriptor]" separated by commas.
  size_t i = 0;
  while (i < value.size()) {
    size_t start = i;
    while (i < value.size() && (IsSpace(value[i]) || value[i] == ',')) ++i;
    out.append(value.substr(start, i - start));
    if (IsRootRelative(value.substr(i))) out.append(base);
    size_t end = value.find(',', i);
    if (end == std::string_view::npos) end = value.size();
    out.append(value.substr(i, end - i));
    i = end;
  }
}

// Copies the tag starting at html[i] == '<' (its attributes rewritten);
// returns the index after it.
size_t CopyTag(std::string_view html, size_t i, std::string_view base, std::string& out) {
  size_t n = html.size();
  out.push_back(html[i++]);
  while (i < n && html[i] != '>') {
    size_t start = i;
    while (i < n && (IsSpace(html[i]) || html[i] == '/')) ++i;
    size_t name_start = i;
    while (i < n && !IsSpace(html[i]) && html[i] != '=' && html[i] != '>' && html[i] != '/') ++i;
    std::string name = LowerAscii(html.substr(name_start, i - name_start));
    while (i < n && IsSpace(html[i])) ++i;
    if (i >= n || html[i] != '=') {
      out.append(html.substr(start, i - start));  // an attribute without a value
      continue;
    }
    ++i;  // '='
    while (i < n && IsSpace(html[i])) ++i;
    out.append(html.substr(start, i - start));
    char quote = i < n && (html[i] == '"' || html[i] == '\'') ? html[i] : 0;
    size_t value_start = quote ? i + 1 : i;
    size_t value_end = value_start;
    if (quote) {
      value_end = html.find(quote, value_start);
      if (value_end == std::string_view::npos) value_end = n;
    } else {
      while (value_end < n && !IsSpace(html[value_end]) && html[value_end] != '>') ++value_end;
    }
    if (quote) out.push_back(quote);
    AppendAttributeValue(out, name, html.substr(value_start, value_end - value_start), base);
    i = value_end;
    if (quote && i < n) out.push_back(html[i++]);
  }
  if (i < n) out.push_back(html[i++]);
  return i;
}

}  // namespace

std::string PrefixRootRelativeUrls(std::string_view html, std::string_view base) {
  if (base.empty()) return std::string(html);
  std::string out;
  out.reserve(html.size() + 256);
  size_t i = 0;
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= html.size()) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, lt - i));
    if (html.substr(lt, 4) == "<!--") {
      size_t end = html.find("-->", lt + 4);
      end = end == std::string_view::npos ? html.size() : end + 3;
      out.append(html.substr(lt, end - lt));
      i = end;
    } else if (std::isalpha(static_cast<unsigned char>(html[lt + 1]))) {
      i = CopyTag(html, lt, base, out);
    } else {
      out.push_back('<');
      i = lt + 1;
    }
  }
  return out;
}

std::string SitemapXml(const std::vector<std::pair<std::string, std::string>>& locs) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& [loc, lastmod] : locs) {
    x += "<url><loc>" + EscapeXml(loc) + "</loc>";
    if (!lastmod.empty()) x += "<lastmod>" + lastmod + "</lastmod>";
    x += "</url>\n";
  }
  return x + "</urlset>\n";
}

std::string SitemapIndexXml(const std::vector<std::string>& sitemaps) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const std::string& s : sitemaps) x += "<sitemap><loc>" + EscapeXml(s) + "</loc></sitemap>\n";
  return x + "</sitemapindex>\n";
}

}  // namespace feedmirror
