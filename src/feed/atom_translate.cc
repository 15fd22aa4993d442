#include <cctype>

#include "feed/feed_translate.h"
#include "feed/text_util.h"
#include "feed/url.h"

namespace feedmirror {

namespace {

// Atom elements: the Atom 1.0 or 0.3 namespace, or none (a feed that
// forgot its xmlns).
bool IsAtom(const XmlNode& n, std::string_view name) {
  return n.name == name && (n.ns == "atom" || n.ns == "atom03" || n.ns.empty());
}

const XmlNode* AtomChild(const XmlNode& parent, std::string_view name) {
  for (const XmlNode& child : parent.children) {
    if (IsAtom(child, name)) return &child;
  }
  return nullptr;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string DecodeBase64(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else continue;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

enum class TextKind { kText, kHtml, kXhtml };

TextKind KindOf(const XmlNode& n) {
  std::string type = Lower(n.Attr("type"));
  std::string mode = Lower(n.Attr("mode"));  // Atom 0.3
  if (type == "xhtml" || type == "application/xhtml+xml" || mode == "xml") return TextKind::kXhtml;
  if (type == "html" || type == "text/html" || mode == "escaped") return TextKind::kHtml;
  if (!n.children.empty()) return TextKind::kXhtml;  // markup put in unescaped
  return TextKind::kText;
}

// The markup of xhtml content: the children of its <div> wrapper.
std::string XhtmlValue(const XmlNode& n) {
  for (const XmlNode& child : n.children) {
    if (child.name == "div" && Trim(n.text).empty()) return Trim(child.InnerXml(true));
  }
  return Trim(n.InnerXml(true));
}

// A text construct as HTML (summary, content, subtitle, rights): html as
// is, xhtml serialized, text escaped so that it reads as HTML.
std::string AtomHtml(const XmlNode* n) {
  if (!n) return "";
  std::string raw = Lower(n->Attr("mode")) == "base64" ? DecodeBase64(n->text) : n->text;
  switch (KindOf(*n)) {
    case TextKind::kXhtml: return XhtmlValue(*n);
    case TextKind::kHtml: return Trim(raw);
    case TextKind::kText: return EscapeHtml(Trim(raw));
  }
  return "";
}

// A text construct as plain text (title).
std::string AtomPlain(const XmlNode* n) {
  if (!n) return "";
  switch (KindOf(*n)) {
    case TextKind::kXhtml: return Trim(n->AllText());
    case TextKind::kHtml: return HtmlToText(n->text);
    case TextKind::kText: return Trim(n->text);
  }
  return "";
}

std::string Plain(const XmlNode* n) { return n ? Trim(n->AllText()) : ""; }

std::string Resolve(const XmlNode& n, std::string_view url, const TranslateContext& ctx) {
  if (url.empty()) return "";
  return ResolveUrl(n.base.empty() ? ctx.feed_url : n.base, url);
}

struct Links {
  std::string alternate;
  std::string self;
  std::vector<std::string> all;
  std::vector<Enclosure> enclosures;
};

Links ReadLinks(const XmlNode& parent, const TranslateContext& ctx) {
  Links out;
  for (const XmlNode& c : parent.children) {
    if (!IsAtom(c, "link")) continue;
    std::string rel = c.HasAttr("rel") ? Trim(c.Attr("rel")) : "alternate";
    std::string href = Resolve(c, Trim(c.HasAttr("href") ? c.Attr("href") : c.text), ctx);
    if (href.empty()) continue;
    if (rel == "alternate" || rel.empty()) {
      if (out.alternate.empty()) out.alternate = href;
    }
    if (rel == "self" && out.self.empty()) out.self = href;
    if (rel.empty() || rel == "alternate" || rel == "self") out.all.push_back(href);
    if (rel == "enclosure") out.enclosures.push_back({href, Trim(c.Attr("length")), Trim(c.Attr("type"))});
  }
  return out;
}

std::vector<Person> ReadPersons(const XmlNode& parent) {
  std::vector<Person> out;
  for (const XmlNode& c : parent.children) {
    if (!IsAtom(c, "author")) continue;
    Person p{Plain(AtomChild(c, "name")), Plain(AtomChild(c, "email"))};
    if (p.name.empty() && p.email.empty() && c.children.empty()) p = PersonFromText(Plain(&c));
    if (!p.name.empty() || !p.email.empty()) out.push_back(p);
  }
  return out;
}

std::vector<std::string> ReadCategories(const XmlNode& parent) {
  std::vector<std::string> out;
  for (const XmlNode& c : parent.children) {
    if (IsAtom(c, "category")) {
      std::string v = Trim(!c.Attr("label").empty() ? c.Attr("label") : c.Attr("term"));
      if (v.empty()) v = Plain(&c);
      if (!v.empty()) out.push_back(v);
    } else if (c.Is("dc", "subject")) {
      if (std::string v = Plain(&c); !v.empty()) out.push_back(v);
    }
  }
  return out;
}

struct DateText {
  std::string text;
  std::optional<TimePoint> parsed;
};

DateText FirstDate(const XmlNode& parent, std::initializer_list<const char*> names,
                   const TranslateContext& ctx) {
  DateText first;
  for (const char* name : names) {
    std::string text = Plain(AtomChild(parent, name));
    if (text.empty() && std::string_view(name) == "dc:date") text = Plain(parent.Child("dc", "date"));
    if (text.empty()) continue;
    if (auto t = ctx.Date(text)) return {text, t};
    if (first.text.empty()) first.text = text;
  }
  return first;
}

std::optional<Image> EntryImage(const XmlNode& entry, const Item& out, const TranslateContext& ctx) {
  std::string url;
  for (const XmlNode& c : entry.children) {
    bool media = (c.Is("media", "content") && (c.Attr("medium") == "image" ||
                                               c.Attr("type").rfind("image/", 0) == 0)) ||
                 c.Is("media", "thumbnail");
    if (media && !c.Attr("url").empty()) {
      url = Resolve(c, c.Attr("url"), ctx);
      break;
    }
  }
  for (const Enclosure& e : out.enclosures) {
    if (url.empty() && e.type.rfind("image/", 0) == 0) url = e.url;
  }
  if (url.empty()) url = FirstImageSrc(out.content);
  if (url.empty()) url = FirstImageSrc(out.description);
  if (url.empty()) return std::nullopt;
  return Image{ResolveUrl(out.base_url, url), ""};
}

}  // namespace

Item TranslateAtomEntry(const XmlNode& entry, const TranslateContext& ctx) {
  Item out;
  out.title = AtomPlain(AtomChild(entry, "title"));
  out.description = AtomHtml(AtomChild(entry, "summary"));
  const XmlNode* content = AtomChild(entry, "content");
  out.content = AtomHtml(content);
  Links links = ReadLinks(entry, ctx);
  out.link = links.alternate;
  out.links = links.all;
  out.enclosures = links.enclosures;
  DateText updated = FirstDate(entry, {"updated", "modified", "dc:date"}, ctx);
  DateText published = FirstDate(entry, {"published", "issued", "created"}, ctx);
  if (published.text.empty()) published = updated;  // an entry's only date is its publication
  out.updated = updated.text;
  out.updated_parsed = updated.parsed;
  out.published = published.text;
  out.published_parsed = published.parsed;
  out.authors = ReadPersons(entry);
  if (out.authors.empty()) {
    if (std::string dc = Plain(entry.Child("dc", "creator")); !dc.empty()) out.authors.push_back(PersonFromText(dc));
  }
  out.guid = Plain(AtomChild(entry, "id"));
  out.categories = ReadCategories(entry);
  // HTML in content resolves against the content's own xml:base.
  if (content && !content->base.empty() && content->base != ctx.feed_url) {
    out.base_url = content->base;
  } else {
    out.base_url = ItemBase(entry, out, ctx);
  }
  out.image = EntryImage(entry, out, ctx);
  return out;
}

void TranslateAtomFeed(const XmlNode& feed_node, const TranslateContext& ctx, Feed& feed) {
  feed.title = AtomPlain(AtomChild(feed_node, "title"));
  const XmlNode* subtitle = AtomChild(feed_node, "subtitle");
  feed.description = AtomHtml(subtitle ? subtitle : AtomChild(feed_node, "tagline"));
  Links links = ReadLinks(feed_node, ctx);
  feed.link = links.alternate;
  feed.feed_link = links.self;
  feed.links = links.all;
  DateText updated = FirstDate(feed_node, {"updated", "modified", "dc:date"}, ctx);
  feed.updated = updated.text;
  feed.updated_parsed = updated.parsed;
  feed.authors = ReadPersons(feed_node);
  feed.language = feed_node.lang;
  std::string logo = Plain(AtomChild(feed_node, "logo"));
  if (logo.empty()) logo = Plain(AtomChild(feed_node, "icon"));
  if (!logo.empty()) feed.image = Image{Resolve(feed_node, logo, ctx), ""};
  const XmlNode* rights = AtomChild(feed_node, "rights");
  feed.copyright = AtomPlain(rights ? rights : AtomChild(feed_node, "copyright"));
  if (const XmlNode* gen = AtomChild(feed_node, "generator")) {
    std::string g = Plain(gen);
    if (!gen->Attr("version").empty()) g += " v" + gen->Attr("version");
    std::string uri = gen->HasAttr("uri") ? gen->Attr("uri") : gen->Attr("url");
    if (!uri.empty()) g += " " + uri;
    feed.generator = Trim(g);
  }
  feed.categories = ReadCategories(feed_node);
}

}  // namespace feedmirror
