#include "app/opml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>

#include "util/error.h"
#include "util/utf8.h"

namespace feedmirror {

namespace {

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct CtxtFree {
  void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};

std::string Trim(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

bool Named(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && xmlStrcmp(node->name, BAD_CAST name) == 0;
}

// The attribute's value, trimmed; "" when absent. Attribute names are
// matched without regard to case (readers write xmlUrl, xmlurl, XMLURL).
std::string Attribute(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* attr = node->properties; attr; attr = attr->next) {
    std::string_view attr_name(reinterpret_cast<const char*>(attr->name));
    bool same = attr_name.size() == name.size() &&
                std::equal(name.begin(), name.end(), attr_name.begin(), [](char a, char b) {
                  return std::tolower(static_cast<unsigned char>(a)) ==
                         std::tolower(static_cast<unsigned char>(b));
                });
    if (!same) continue;
    xmlChar* value = xmlNodeListGetString(node->doc, attr->children, 1);
    std::string text = value ? Trim(reinterpret_cast<const char*>(value)) : "";
    xmlFree(value);
    return text;
  }
  return "";
}

void AddCategory(std::vector<std::string>& categories, std::string category) {
  category = Trim(category);
  while (!category.empty() && category.front() == '/') category.erase(0, 1);
  while (!category.empty() && category.back() == '/') category.pop_back();
  category = Trim(category);
  if (category.empty()) return;
  if (std::find(categories.begin(), categories.end(), category) == categories.end())
    categories.push_back(std::move(category));
}

// Reads the outlines under `parent` (the body or a folder) into `feeds`.
class OutlineReader {
 public:
  explicit OutlineReader(std::vector<OpmlFeed>& feeds) : feeds_(feeds) {}

  void Read(const xmlNode* parent) {
    for (const xmlNode* node = parent->children; node; node = node->next) {
      if (!Named(node, "outline")) continue;
      if (!Attribute(node, "xmlUrl").empty()) {
        AddFeed(node);
      } else if (node->children) {
        std::string folder = Attribute(node, "text");
        if (folder.empty()) folder = Attribute(node, "title");
        folders_.push_back(folder);
        Read(node);
        folders_.pop_back();
      }
    }
  }

 private:
  void AddFeed(const xmlNode* node) {
    OpmlFeed feed;
    feed.xml_url = Attribute(node, "xmlUrl");
    feed.html_url = Attribute(node, "htmlUrl");
    feed.title = Attribute(node, "text");
    if (feed.title.empty()) feed.title = Attribute(node, "title");
    for (const std::string& folder : folders_) AddCategory(feed.categories, folder);
    std::string list = Attribute(node, "category");
    for (size_t start = 0; start <= list.size();) {
      size_t comma = std::min(list.find(',', start), list.size());
      AddCategory(feed.categories, list.substr(start, comma - start));
      start = comma + 1;
    }
    auto same = std::find_if(feeds_.begin(), feeds_.end(),
                             [&](const OpmlFeed& f) { return f.xml_url == feed.xml_url; });
    if (same == feeds_.end()) {
      feeds_.push_back(std::move(feed));
      return;
    }
    for (std::string& category : feed.categories) AddCategory(same->categories, category);
    if (same->html_url.empty()) same->html_url = feed.html_url;
  }

  std::vector<OpmlFeed>& feeds_;
  std::vector<std::string> folders_;
};

const xmlNode* Child(const xmlNode* parent, const char* name) {
  for (const xmlNode* node = parent->children; node; node = node->next) {
    if (Named(node, name)) return node;
  }
  return nullptr;
}

// The first error of a parse ("line 3: REASON"): libxml2 keeps only the
// last, often a consequence of the first.
struct FirstError {
  std::string text;
};

void KeepFirstError(void* data, xmlErrorPtr error) {
  auto* ctxt = static_cast<xmlParserCtxt*>(data);
  auto* first = static_cast<FirstError*>(ctxt->_private);
  if (!first || !first->text.empty() || !error || error->level < XML_ERR_ERROR) return;
  first->text = "line " + std::to_string(error->line) + ": " +
                (error->message ? Trim(error->message) : "cannot parse it");
}

std::unique_ptr<xmlDoc, DocFree> ParseXml(std::string_view bytes, const std::string& file_name) {
  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) throw Error(file_name + ": out of memory");
  FirstError first;
  ctxt->_private = &first;
  ctxt->sax->serror = KeepFirstError;  // called with ctxt->userData, the context
  // NONET: no network; no NOENT: entities are not substituted; no DTDLOAD:
  // no external DTD is read.
  int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  std::unique_ptr<xmlDoc, DocFree> doc(xmlCtxtReadMemory(
      ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, options));
  if (!doc || !ctxt->wellFormed) {
    if (first.text.empty()) first.text = "cannot parse it";
    throw Error(file_name + ": not a well-formed XML file: " + first.text);
  }
  if (doc->intSubset && (doc->intSubset->entities || doc->intSubset->pentities))
    throw Error(file_name + ": not OPML: it declares XML entities, which are not accepted");
  return doc;
}

}  // namespace

OpmlDocument ParseOpml(std::string_view bytes, const std::string& file_name) {
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) throw Error(file_name + ": too large");
  std::unique_ptr<xmlDoc, DocFree> doc = ParseXml(bytes, file_name);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) throw Error(file_name + ": not OPML: no root element");
  if (!Named(root, "opml")) {
    throw Error(file_name + ": not OPML: the root element is <" +
                reinterpret_cast<const char*>(root->name) + ">, not <opml>");
  }
  const xmlNode* body = Child(root, "body");
  if (!body) throw Error(file_name + ": not OPML: no <body>");
  OpmlDocument document;
  if (const xmlNode* head = Child(root, "head")) {
    if (const xmlNode* title = Child(head, "title")) {
      xmlChar* text = xmlNodeGetContent(title);
      document.title = text ? Trim(reinterpret_cast<const char*>(text)) : "";
      xmlFree(text);
    }
  }
  OutlineReader(document.feeds).Read(body);
  return document;
}

namespace {

// `text` escaped for an XML attribute in double quotes; characters XML 1.0
// does not allow are dropped, ill-formed UTF-8 becomes U+FFFD.
std::string XmlEscape(std::string_view raw) {
  std::string text = ToValidUtf8(raw), out;
  for (size_t i = 0; i < text.size();) {
    CodePoint c = DecodeUtf8(text, i);
    switch (c.value) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (c.value >= 0x20 && c.value != 0xfffe && c.value != 0xffff) out.append(text, i, c.size);
    }
    i += c.size;
  }
  return out;
}

std::string CategoryAttribute(const std::vector<std::string>& categories) {
  std::string list;
  for (std::string category : categories) {
    std::replace(category.begin(), category.end(), ',', ' ');
    list += (list.empty() ? "" : ",") + category;
  }
  return list;
}

}  // namespace

std::string WriteOpml(const OpmlDocument& document) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n"
      "    <title>" + XmlEscape(document.title) + "</title>\n  </head>\n  <body>\n";
  for (const OpmlFeed& feed : document.feeds) {
    std::string title = XmlEscape(feed.title);
    out += "    <outline type=\"rss\" text=\"" + title + "\" title=\"" + title + "\" xmlUrl=\"" +
           XmlEscape(feed.xml_url) + "\"";
    if (!feed.html_url.empty()) out += " htmlUrl=\"" + XmlEscape(feed.html_url) + "\"";
    if (!feed.categories.empty())
      out += " category=\"" + XmlEscape(CategoryAttribute(feed.categories)) + "\"";
    out += "/>\n";
  }
  return out + "  </body>\n</opml>\n";
}

}  // namespace feedmirror
