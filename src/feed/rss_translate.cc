#include "feed/feed_translate.h"

#include <initializer_list>

#include "feed/text_util.h"
#include "feed/url.h"

namespace feedmirror {

namespace {

struct Key {
  const char* ns;
  const char* name;
};

bool IsAtomNs(const std::string& ns) { return ns == "atom" || ns == "atom03"; }

// The value of an element that may hold HTML: its text (CDATA as is), or
// its markup when the HTML was put in unescaped.
std::string HtmlValue(const XmlNode* n) {
  if (!n) return "";
  return Trim(n->children.empty() ? n->text : n->InnerXml());
}

std::string PlainValue(const XmlNode* n) {
  if (!n) return "";
  return Trim(n->children.empty() ? n->text : n->AllText());
}

// A title: plain text. Text in a CDATA section was never decoded by the
// XML parser, and feeds that use one write HTML there (Q&amp;A, <b>):
// decoded once, tags dropped.
std::string TitleValue(const XmlNode* n) {
  if (!n) return "";
  if (n->cdata) return HtmlToText(n->children.empty() ? n->text : n->AllText());
  return PlainValue(n);
}

// media:description, also inside media:group.
std::string MediaDescription(const XmlNode& parent) {
  for (const XmlNode& child : parent.children) {
    if (child.Is("media", "description")) {
      std::string v = Trim(child.text);
      if (!v.empty()) return child.Attr("type") == "html" ? v : EscapeHtml(v);
    }
    if (child.Is("media", "group")) {
      if (std::string v = MediaDescription(child); !v.empty()) return v;
    }
  }
  return "";
}

// Embedded Atom text constructs inside RSS follow Atom's type attribute.
std::string EmbeddedAtomValue(const XmlNode* n) {
  if (!n) return "";
  std::string type = n->Attr("type");
  if (type == "xhtml") return Trim(n->InnerXml(true));
  if (type == "html" || !n->children.empty()) return HtmlValue(n);
  return PlainValue(n);
}

const XmlNode* FirstAtom(const XmlNode& parent, std::string_view name) {
  for (const XmlNode& child : parent.children) {
    if (IsAtomNs(child.ns) && child.name == name) return &child;
  }
  return nullptr;
}

// The first non-empty value among `keys`, each read with `read`.
template <typename Read>
std::string FirstValue(const XmlNode& parent, std::initializer_list<Key> keys, Read read) {
  for (const Key& key : keys) {
    for (const XmlNode& child : parent.children) {
      if (!child.Is(key.ns, key.name)) continue;
      std::string v = read(&child);
      if (!v.empty()) return v;
    }
  }
  return "";
}

std::string Resolve(const XmlNode& n, std::string_view url, const TranslateContext& ctx) {
  if (url.empty()) return "";
  return ResolveUrl(n.base.empty() ? ctx.feed_url : n.base, url);
}

// <link>text</link> or <link href="..."/>: every link, the last one wins.
void ReadLinks(const XmlNode& parent, const TranslateContext& ctx, std::string& link,
               std::vector<std::string>& links) {
  for (const XmlNode& child : parent.children) {
    if (!child.Is("", "link")) continue;
    std::string href = child.HasAttr("href") ? Trim(child.Attr("href")) : PlainValue(&child);
    if (href.empty()) continue;
    links.push_back(Resolve(child, href, ctx));
    link = links.back();
  }
}

std::optional<Person> ItemAuthor(const XmlNode& item) {
  std::string text = FirstValue(item, {{"", "author"}, {"dc", "author"}, {"dc", "creator"},
                                       {"itunes", "author"}},
                                PlainValue);
  if (!text.empty()) return PersonFromText(text);
  if (const XmlNode* atom = FirstAtom(item, "author")) {
    Person p{PlainValue(FirstAtom(*atom, "name")), PlainValue(FirstAtom(*atom, "email"))};
    if (!p.name.empty() || !p.email.empty()) return p;
  }
  return std::nullopt;
}

bool IsImageMedia(const XmlNode& n) {
  return n.Attr("type").find("image") != std::string::npos ||
         n.Attr("medium").find("image") != std::string::npos;
}

// media:content images, also inside media:group, and media:thumbnail.
std::string MediaImage(const XmlNode& parent) {
  for (const XmlNode& child : parent.children) {
    if (child.Is("media", "content") && IsImageMedia(child) && !child.Attr("url").empty()) {
      return child.Attr("url");
    }
    if (child.Is("media", "group")) {
      if (std::string url = MediaImage(child); !url.empty()) return url;
    }
  }
  if (const XmlNode* thumb = parent.Child("media", "thumbnail")) return thumb->Attr("url");
  return "";
}

std::optional<Image> ItemImage(const XmlNode& item, const Item& out, const TranslateContext& ctx) {
  std::string url;
  if (const XmlNode* it = item.Child("itunes", "image")) url = Resolve(*it, Trim(it->Attr("href")), ctx);
  if (url.empty()) url = Resolve(item, MediaImage(item), ctx);
  for (const Enclosure& e : out.enclosures) {
    if (url.empty() && e.type.rfind("image/", 0) == 0) url = e.url;
  }
  if (url.empty()) url = FirstImageSrc(out.content);
  if (url.empty()) url = FirstImageSrc(out.description);
  if (url.empty()) return std::nullopt;
  return Image{Resolve(item, url, ctx), ""};
}

void SplitKeywords(const std::string& keywords, std::vector<std::string>& out) {
  size_t start = 0;
  while (start <= keywords.size()) {
    size_t comma = keywords.find(',', start);
    if (comma == std::string::npos) comma = keywords.size();
    std::string k = Trim(keywords.substr(start, comma - start));
    if (!k.empty()) out.push_back(k);
    start = comma + 1;
  }
}

std::vector<std::string> ItemCategories(const XmlNode& item) {
  std::vector<std::string> cats;
  for (const XmlNode& c : item.children) {
    if (c.Is("", "category")) {
      if (std::string v = PlainValue(&c); !v.empty()) cats.push_back(v);
    }
  }
  if (const XmlNode* k = item.Child("itunes", "keywords")) SplitKeywords(PlainValue(k), cats);
  for (const XmlNode& c : item.children) {
    if (c.Is("dc", "subject")) {
      if (std::string v = PlainValue(&c); !v.empty()) cats.push_back(v);
    }
  }
  for (const XmlNode& c : item.children) {
    if (IsAtomNs(c.ns) && c.name == "category" && !c.Attr("term").empty()) {
      cats.push_back(c.Attr("term"));
    }
  }
  return cats;
}

std::vector<Enclosure> ItemEnclosures(const XmlNode& item, const TranslateContext& ctx) {
  std::vector<Enclosure> out;
  for (const XmlNode& c : item.children) {
    if (!c.Is("", "enclosure") || Trim(c.Attr("url")).empty()) continue;
    out.push_back({Resolve(c, Trim(c.Attr("url")), ctx), Trim(c.Attr("length")), Trim(c.Attr("type"))});
  }
  return out;
}

struct DateText {
  std::string text;
  std::optional<TimePoint> parsed;
};

// The first date among `keys` that reads, with its text; else the first
// text found. ("atom" keys match Atom 0.3 too.)
DateText FirstDate(const XmlNode& parent, std::initializer_list<Key> keys, const TranslateContext& ctx) {
  DateText first;
  for (const Key& key : keys) {
    const XmlNode* n = std::string_view(key.ns) == "atom" ? FirstAtom(parent, key.name)
                                                          : parent.Child(key.ns, key.name);
    std::string text = PlainValue(n);
    if (text.empty()) continue;
    if (auto t = ctx.Date(text)) return {text, t};
    if (first.text.empty()) first.text = text;
  }
  return first;
}

void ItemDates(const XmlNode& item, const TranslateContext& ctx, Item& out) {
  DateText published = FirstDate(item, {{"", "pubDate"}, {"dc", "date"}, {"atom", "published"},
                                        {"atom", "issued"}, {"dcterms", "issued"}, {"dcterms", "created"}},
                                 ctx);
  DateText updated = FirstDate(item, {{"dc", "date"}, {"atom", "updated"}, {"atom", "modified"},
                                      {"dcterms", "modified"}},
                               ctx);
  out.published = published.text;
  out.published_parsed = published.parsed;
  out.updated = updated.text;
  out.updated_parsed = updated.parsed;
}

}  // namespace

Item TranslateRssItem(const XmlNode& item, const TranslateContext& ctx) {
  Item out;
  out.title = FirstValue(item, {{"", "title"}, {"dc", "title"}}, TitleValue);
  out.description = FirstValue(item, {{"", "description"}, {"dc", "description"}, {"itunes", "summary"}},
                               HtmlValue);
  if (out.description.empty()) out.description = EmbeddedAtomValue(FirstAtom(item, "summary"));
  if (out.description.empty()) out.description = MediaDescription(item);
  out.content = FirstValue(item, {{"content", "encoded"}}, HtmlValue);
  if (out.content.empty()) out.content = EmbeddedAtomValue(FirstAtom(item, "content"));
  ReadLinks(item, ctx, out.link, out.links);
  if (const XmlNode* guid = item.Child("", "guid")) {
    out.guid = PlainValue(guid);
    bool permalink = guid->Attr("isPermaLink") != "false";
    if (out.link.empty() && permalink && (out.guid.rfind("http://", 0) == 0 || out.guid.rfind("https://", 0) == 0)) {
      out.link = out.guid;  // RSS 2.0: a permalink guid is the item's URL
    }
  }
  ItemDates(item, ctx, out);
  if (auto author = ItemAuthor(item)) out.authors.push_back(*author);
  out.categories = ItemCategories(item);
  out.enclosures = ItemEnclosures(item, ctx);
  out.image = ItemImage(item, out, ctx);
  out.base_url = ItemBase(item, out, ctx);
  return out;
}

std::string ItemBase(const XmlNode& item, const Item& translated, const TranslateContext& ctx) {
  if (!item.base.empty() && item.base != ctx.feed_url) return item.base;
  if (!translated.link.empty()) return translated.link;
  return ctx.feed_url;
}

namespace {

std::optional<Person> ChannelAuthor(const XmlNode& channel) {
  std::string text = FirstValue(channel, {{"", "managingEditor"}, {"", "webMaster"}, {"dc", "author"},
                                          {"dc", "creator"}, {"itunes", "author"}},
                                PlainValue);
  if (text.empty()) return std::nullopt;
  return PersonFromText(text);
}

std::optional<Image> ChannelImage(const XmlNode& channel, const Feed& feed, const TranslateContext& ctx) {
  for (const XmlNode& c : channel.children) {
    if (!c.Is("", "image")) continue;
    const XmlNode* url = c.Child("", "url");
    if (!url || PlainValue(url).empty()) continue;
    return Image{Resolve(*url, PlainValue(url), ctx), PlainValue(c.Child("", "title"))};
  }
  std::string url;
  if (const XmlNode* it = channel.Child("itunes", "image")) url = Resolve(*it, Trim(it->Attr("href")), ctx);
  if (url.empty()) {
    for (const XmlNode& c : channel.children) {
      if (c.Is("media", "content") && (c.Attr("type").rfind("image/", 0) == 0 || c.Attr("medium") == "image")) {
        url = Resolve(c, c.Attr("url"), ctx);
        break;
      }
    }
  }
  if (url.empty()) url = Resolve(channel, FirstImageSrc(feed.description), ctx);
  if (url.empty()) return std::nullopt;
  return Image{url, ""};
}

std::vector<std::string> ChannelCategories(const XmlNode& channel) {
  std::vector<std::string> cats;
  for (const XmlNode& c : channel.children) {
    if (c.Is("", "category")) {
      if (std::string v = PlainValue(&c); !v.empty()) cats.push_back(v);
    }
  }
  if (const XmlNode* k = channel.Child("itunes", "keywords")) SplitKeywords(PlainValue(k), cats);
  for (const XmlNode& c : channel.children) {
    if (!c.Is("itunes", "category")) continue;
    if (!c.Attr("text").empty()) cats.push_back(c.Attr("text"));
    if (const XmlNode* sub = c.Child("itunes", "category"); sub && !sub->Attr("text").empty()) {
      cats.push_back(sub->Attr("text"));
    }
  }
  for (const XmlNode& c : channel.children) {
    if (c.Is("dc", "subject")) {
      if (std::string v = PlainValue(&c); !v.empty()) cats.push_back(v);
    }
  }
  return cats;
}

// atom:link inside the channel: the feed's own URL (rel=self) and, without
// a <link>, its site (rel=alternate or none).
void ChannelAtomLinks(const XmlNode& channel, const TranslateContext& ctx, Feed& feed) {
  std::string alternate;
  for (const XmlNode& c : channel.children) {
    if (!IsAtomNs(c.ns) || c.name != "link") continue;
    std::string rel = c.Attr("rel");
    std::string href = Resolve(c, Trim(c.Attr("href")), ctx);
    if (href.empty()) continue;
    if (rel == "self") feed.feed_link = href;
    if (rel.empty() || rel == "alternate" || rel == "self") feed.links.push_back(href);
    if ((rel.empty() || rel == "alternate") && alternate.empty()) alternate = href;
  }
  if (feed.link.empty()) feed.link = alternate;
}

bool IsSyndication(const XmlNode& n, std::string_view name) {
  return n.name == name &&
         n.ns_uri.find("purl.org/rss/1.0/modules/syndication") != std::string::npos;
}

// A positive whole number of at most 9 digits, or 0.
long SmallCount(const std::string& text) {
  if (text.empty() || text.size() > 9) return 0;
  long n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

// sy:updatePeriod (default daily) divided by sy:updateFrequency (default 1).
std::optional<std::chrono::seconds> SyndicationInterval(const XmlNode& channel) {
  std::string period, frequency;
  for (const XmlNode& child : channel.children) {
    if (IsSyndication(child, "updatePeriod")) period = Trim(child.AllText());
    if (IsSyndication(child, "updateFrequency")) frequency = Trim(child.AllText());
  }
  if (period.empty() && frequency.empty()) return std::nullopt;
  static const std::pair<const char*, long> kPeriods[] = {
      {"hourly", 3600}, {"daily", 86400}, {"weekly", 7 * 86400},
      {"monthly", 30 * 86400}, {"yearly", 365 * 86400}};
  long seconds = 86400;
  for (const auto& [name, length] : kPeriods)
    if (period == name) seconds = length;
  long times = frequency.empty() ? 1 : SmallCount(frequency);
  if (times <= 0) return std::nullopt;
  return std::chrono::seconds(seconds / times);
}

// RSS <ttl> in minutes, else the syndication module's period.
std::optional<std::chrono::seconds> UpdateInterval(const XmlNode& channel) {
  if (const XmlNode* ttl = channel.Child("", "ttl")) {
    if (long minutes = SmallCount(Trim(ttl->AllText())); minutes > 0)
      return std::chrono::minutes(minutes);
  }
  return SyndicationInterval(channel);
}

}  // namespace

void TranslateRssChannel(const XmlNode& channel, const TranslateContext& ctx, Feed& feed) {
  feed.title = FirstValue(channel, {{"", "title"}, {"dc", "title"}}, TitleValue);
  feed.description = FirstValue(channel, {{"", "description"}, {"itunes", "summary"}, {"dc", "description"}},
                                HtmlValue);
  feed.language = FirstValue(channel, {{"", "language"}, {"dc", "language"}}, PlainValue);
  feed.copyright = FirstValue(channel, {{"", "copyright"}, {"dc", "rights"}, {"dcterms", "rights"}}, PlainValue);
  feed.generator = FirstValue(channel, {{"", "generator"}}, PlainValue);
  feed.updated = FirstValue(channel, {{"", "lastBuildDate"}, {"dc", "date"}, {"dcterms", "modified"}}, PlainValue);
  feed.updated_parsed = ctx.Date(feed.updated);
  feed.published = FirstValue(channel, {{"", "pubDate"}}, PlainValue);
  feed.published_parsed = ctx.Date(feed.published);
  ReadLinks(channel, ctx, feed.link, feed.links);
  ChannelAtomLinks(channel, ctx, feed);
  if (auto author = ChannelAuthor(channel)) feed.authors.push_back(*author);
  feed.image = ChannelImage(channel, feed, ctx);
  feed.categories = ChannelCategories(channel);
  feed.update_interval = UpdateInterval(channel);
}

}  // namespace feedmirror
