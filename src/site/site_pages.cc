#include "site/site_pages.h"

#include <kainjow/mustache.hpp>

#include <cctype>
#include <cstdio>
#include <optional>

#include "util/error.h"

namespace feedmirror {

namespace {

using Mustache = kainjow::mustache::mustache;
using Data = kainjow::mustache::data;

Mustache Compile(const Theme& theme, const std::string& name) {
  Mustache m(theme.File(name));
  if (!m.is_valid()) throw Error("theme file " + name + ": " + m.error_message());
  return m;
}

std::string RenderOrThrow(Mustache& m, const Data& data, const std::string& name) {
  std::string out = m.render(data);
  if (!m.is_valid()) throw Error("theme file " + name + ": " + m.error_message());
  return out;
}

std::string TwoDigits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

Data NewList() { return Data(Data::type::list); }

}  // namespace

struct PageTemplates {
  explicit PageTemplates(const Theme& theme)
      : layout(Compile(theme, "layout.mustache")),
        post(Compile(theme, "post.mustache")),
        list(Compile(theme, "list.mustache")),
        entry(Compile(theme, "entry.mustache")),
        same_day(Compile(theme, "same_day.mustache")),
        sources(Compile(theme, "sources.mustache")),
        terms(Compile(theme, "terms.mustache")),
        archive(Compile(theme, "archive.mustache")),
        search(Compile(theme, "search.mustache")),
        not_found(Compile(theme, "404.mustache")) {}
  Mustache layout, post, list, entry, same_day, sources, terms, archive, search, not_found;
};

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

std::string IsoLocal(int64_t instant_ms, const TimeZone& zone) {
  int64_t offset_min = zone.OffsetAt(FromEpochMillis(instant_ms)).count();
  LocalDateTime t = FieldsOf(instant_ms + offset_min * 60000);
  std::string out = std::to_string(t.year) + "-" + TwoDigits(t.month) + "-" + TwoDigits(t.day) + "T" +
                    TwoDigits(t.hour) + ":" + TwoDigits(t.minute) + ":" + TwoDigits(t.second);
  if (offset_min == 0) return out + "Z";
  int64_t a = offset_min < 0 ? -offset_min : offset_min;
  return out + (offset_min < 0 ? "-" : "+") + TwoDigits(static_cast<int>(a / 60)) + ":" + TwoDigits(static_cast<int>(a % 60));
}

PageRenderer::PageRenderer(const SiteContext& site)
    : site_(site), templates_(std::make_unique<PageTemplates>(site.theme)), entries_(site.model.posts.size()),
      same_day_(site.model.posts.size()) {}

PageRenderer::~PageRenderer() = default;

std::string PageRenderer::Href(const std::string& site_path) const {
  return site_.options.base_path + EscapePath("/" + site_path);
}

std::string PageRenderer::Absolute(const std::string& site_path) const {
  return site_.options.url + Href(site_path);
}

std::string PageRenderer::LocalTime(const SitePost& p) const {
  return std::to_string(p.local.year) + "-" + TwoDigits(p.local.month) + "-" + TwoDigits(p.local.day) + " " +
         TwoDigits(p.local.hour) + ":" + TwoDigits(p.local.minute);
}

std::string PageRenderer::Page(const std::string& title, const std::string& content, const std::string& feed) {
  Data d;
  d.set("lang", "zh");
  d.set("page_title", title == site_.options.title ? title : title + " · " + site_.options.title);
  d.set("site_title", site_.options.title);
  d.set("base", site_.options.base_path);
  if (!feed.empty()) d.set("feed", feed);
  d.set("content", content);
  return RenderOrThrow(templates_->layout, d, "layout.mustache");
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

}  // namespace

std::string PageRenderer::Post(const SitePost& p, const std::string& body_html) {
  const SiteModel& m = site_.model;
  const PostGroup& source = m.sources[p.source_group];
  Data d;
  d.set("title", std::string(p.record->title));
  d.set("source", std::string(p.source));
  d.set("source_url", Href(source.path));
  d.set("iso", IsoLocal(p.instant_ms, site_.zone));
  d.set("time", LocalTime(p));
  if (!p.record->from.empty()) d.set("from", std::string(p.record->from));
  d.set("body", site_.options.base_path.empty() ? body_html : PrefixRootRelativeUrls(body_html, site_.options.base_path));
  Data tags = NewList(), cats = NewList();
  for (std::string_view t : p.record->tags) {
    Data item;
    item.set("name", std::string(t));
    item.set("url", Href(m.tags[m.tag_index.at(t)].path));
    tags.push_back(item);
  }
  for (std::string_view c : p.record->categories) {
    Data item;
    item.set("name", std::string(c));
    item.set("url", Href(m.categories[m.category_index.at(c)].path));
    cats.push_back(item);
  }
  d.set("has_terms", !p.record->tags.empty() || !p.record->categories.empty());
  d.set("tags", tags);
  d.set("categories", cats);
  if (p.index_in_source > 0) {
    const SitePost& prev = m.posts[source.posts[p.index_in_source - 1]];
    d.set("prev", LinkData(site_.options.base_path + std::string(prev.url), std::string(prev.record->title)));
  }
  if (p.index_in_source + 1 < static_cast<int>(source.posts.size())) {
    const SitePost& next = m.posts[source.posts[p.index_in_source + 1]];
    d.set("next", LinkData(site_.options.base_path + std::string(next.url), std::string(next.record->title)));
  }
  const PostGroup& day = m.days[p.day_group];
  d.set("day", day.name);
  d.set("day_url", Href(day.path));
  std::string same_day;
  std::vector<int> others = SameDay(p);
  for (int i : others) same_day += SameDayEntry(i);
  d.set("has_same_day", !others.empty());
  d.set("same_day_entries", same_day);
  return Page(std::string(p.record->title), RenderOrThrow(templates_->post, d, "post.mustache"));
}

const std::string& PageRenderer::Entry(int post) {
  std::optional<std::string>& cached = entries_[static_cast<size_t>(post)];
  if (cached) return *cached;
  const SiteModel& m = site_.model;
  const SitePost& p = m.posts[static_cast<size_t>(post)];
  Data item = LinkData(site_.options.base_path + std::string(p.url), std::string(p.record->title));
  item.set("source", std::string(p.source));
  item.set("source_url", Href(m.sources[p.source_group].path));
  item.set("iso", IsoLocal(p.instant_ms, site_.zone));
  item.set("time", LocalTime(p));
  if (!p.record->snippet.empty()) item.set("snippet", std::string(p.record->snippet));
  cached = RenderOrThrow(templates_->entry, item, "entry.mustache");
  return *cached;
}

const std::string& PageRenderer::SameDayEntry(int post) {
  std::optional<std::string>& cached = same_day_[static_cast<size_t>(post)];
  if (cached) return *cached;
  const SitePost& o = site_.model.posts[static_cast<size_t>(post)];
  Data item = LinkData(site_.options.base_path + std::string(o.url), std::string(o.record->title));
  item.set("source", std::string(o.source));
  item.set("time", LocalTime(o).substr(11));
  cached = RenderOrThrow(templates_->same_day, item, "same_day.mustache");
  return *cached;
}

std::string PageRenderer::List(const ListPage& page) {
  Data d;
  d.set("heading", page.heading);
  std::string entries;
  for (int i : page.posts) entries += Entry(i);
  d.set("entries", entries);
  d.set("has_pager", !page.newer.empty() || !page.older.empty());
  d.set("page", std::to_string(page.page));
  if (page.front) d.set("pages", std::to_string(page.pages));
  if (!page.newer.empty()) d.set("newer", page.newer);
  if (!page.older.empty()) d.set("older", page.older);
  std::string title = page.front ? page.heading : page.heading + " (" + std::to_string(page.page) + ")";
  return Page(title, RenderOrThrow(templates_->list, d, "list.mustache"), page.feed);
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
