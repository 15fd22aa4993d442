#include "feed/xml_stream.h"

#include <libxml/xmlreader.h>

#include <memory>

#include "feed/url.h"
#include "util/error.h"

namespace feedmirror {

namespace {

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXmlnsNamespace = "http://www.w3.org/2000/xmlns/";

std::string_view Str(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The canonical key of a namespace (see XmlNode::ns).
std::string NamespaceKey(std::string_view uri, std::string_view prefix) {
  if (uri.empty()) return Lower(prefix);
  std::string u = Lower(uri);
  while (!u.empty() && (u.back() == '/' || u.back() == '#')) u.pop_back();
  if (u == "http://www.w3.org/2005/atom") return "atom";
  if (u == "http://purl.org/atom/ns") return "atom03";
  if (u == "http://purl.org/rss/1.0/modules/content") return "content";
  if (u == "http://purl.org/dc/elements/1.1") return "dc";
  if (u == "http://purl.org/dc/terms") return "dcterms";
  if (u == "http://search.yahoo.com/mrss" || u == "http://video.search.yahoo.com/mrss") return "media";
  if (u == "http://www.itunes.com/dtds/podcast-1.0.dtd") return "itunes";
  if (u == "http://www.w3.org/1999/02/22-rdf-syntax-ns") return "rdf";
  if (u == "http://www.w3.org/1999/xhtml") return "xhtml";
  if (u == "http://purl.org/rss/1.0" || u == "http://my.netscape.com/rdf/simple/0.9" ||
      u == "http://backend.userland.com/rss2" || u == "http://blogs.law.harvard.edu/tech/rss" ||
      u == "http://backend.userland.com/rss") {
    return "";
  }
  return std::string(uri);
}

struct ReaderDeleter {
  void operator()(xmlTextReader* r) const { xmlFreeTextReader(r); }
};

class Walker {
 public:
  Walker(std::string_view base_url, XmlStreamHandler& handler, const XmlStreamLimits& limits)
      : document_base_(base_url), handler_(handler), limits_(limits) {}

  void Run(xmlTextReaderPtr reader);
  XmlStreamResult& result() { return result_; }
  void OnError(const xmlError* error);

 private:
  void StartElement(xmlTextReaderPtr reader);
  void EndElement();
  void AddText(std::string_view text);
  XmlNode ReadStartTag(xmlTextReaderPtr reader);
  bool IsContainerAt(size_t depth, const XmlNode& node) const {
    return depth == 0 || (depth == 1 && node.name == "channel");
  }

  std::string document_base_;
  XmlStreamHandler& handler_;
  XmlStreamLimits limits_;
  XmlStreamResult result_;
  std::vector<XmlNode> open_;          // every open element, outermost first
  std::vector<bool> is_container_;     // parallel to open_
  size_t skipped_depth_ = 0;           // elements ignored beyond max_depth
};

XmlNode Walker::ReadStartTag(xmlTextReaderPtr reader) {
  XmlNode node;
  std::string_view local = Str(xmlTextReaderConstLocalName(reader));
  std::string_view prefix = Str(xmlTextReaderConstPrefix(reader));
  node.ns_uri = std::string(Str(xmlTextReaderConstNamespaceUri(reader)));
  node.qname = std::string(Str(xmlTextReaderConstName(reader)));
  if (node.ns_uri.empty() && prefix.empty()) {  // an undeclared prefix stays in the name
    if (size_t colon = local.find(':'); colon != std::string_view::npos) {
      prefix = local.substr(0, colon);
      local = local.substr(colon + 1);
    }
  }
  node.name = std::string(local);
  node.ns = NamespaceKey(node.ns_uri, prefix);
  const XmlNode* parent = open_.empty() ? nullptr : &open_.back();
  node.base = parent ? parent->base : document_base_;
  node.lang = parent ? parent->lang : "";
  while (xmlTextReaderMoveToNextAttribute(reader) == 1) {
    std::string_view uri = Str(xmlTextReaderConstNamespaceUri(reader));
    std::string_view name = Str(xmlTextReaderConstLocalName(reader));
    std::string_view value = Str(xmlTextReaderConstValue(reader));
    if (uri == kXmlnsNamespace) continue;
    if (uri == kXmlNamespace || Str(xmlTextReaderConstName(reader)).substr(0, 4) == "xml:") {
      if (name == "base" || name == "xml:base") node.base = ResolveUrl(node.base, value);
      if (name == "lang" || name == "xml:lang") node.lang = std::string(value);
      continue;
    }
    node.attrs.emplace_back(std::string(Str(xmlTextReaderConstName(reader))), std::string(value));
  }
  xmlTextReaderMoveToElement(reader);
  return node;
}

void Walker::StartElement(xmlTextReaderPtr reader) {
  bool empty = xmlTextReaderIsEmptyElement(reader) == 1;
  if (skipped_depth_ > 0 || open_.size() >= limits_.max_depth) {
    result_.depth_exceeded = true;
    if (!empty) ++skipped_depth_;
    return;
  }
  XmlNode node = ReadStartTag(reader);
  bool container = IsContainerAt(open_.size(), node);
  if (container) handler_.OnContainer(open_.size(), node);
  open_.push_back(std::move(node));
  is_container_.push_back(container);
  if (empty) EndElement();
}

void Walker::EndElement() {
  if (skipped_depth_ > 0) {
    --skipped_depth_;
    return;
  }
  if (open_.empty()) return;
  XmlNode node = std::move(open_.back());
  bool container = is_container_.back();
  open_.pop_back();
  is_container_.pop_back();
  if (container || open_.empty()) return;
  if (is_container_.back()) {
    std::vector<const XmlNode*> containers;
    for (const XmlNode& open : open_) containers.push_back(&open);
    handler_.OnElement(containers, std::move(node));
  } else {
    open_.back().children.push_back(std::move(node));
  }
}

void Walker::AddText(std::string_view text) {
  if (open_.empty() || skipped_depth_ > 0 || is_container_.back()) return;
  XmlNode& top = open_.back();
  (top.children.empty() ? top.text : top.children.back().tail).append(text);
}

void Walker::Run(xmlTextReaderPtr reader) {
  int status;
  while ((status = xmlTextReaderRead(reader)) == 1) {
    switch (xmlTextReaderNodeType(reader)) {
      case XML_READER_TYPE_ELEMENT: StartElement(reader); break;
      case XML_READER_TYPE_END_ELEMENT: EndElement(); break;
      case XML_READER_TYPE_TEXT:
      case XML_READER_TYPE_CDATA:
      case XML_READER_TYPE_WHITESPACE:
      case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
        AddText(Str(xmlTextReaderConstValue(reader)));
        break;
      default: break;
    }
  }
  if (status < 0) result_.well_formed = false;
  if (!open_.empty()) {
    result_.truncated = true;
    result_.well_formed = false;
  }
}

void Walker::OnError(const xmlError* error) {
  if (error->level < XML_ERR_ERROR) return;
  if (error->domain == XML_FROM_NAMESPACE) return;  // undeclared prefixes: read by prefix
  result_.well_formed = false;
  if (!result_.first_error.empty()) return;
  std::string message = error->message ? error->message : "malformed XML";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  result_.first_error = "line " + std::to_string(error->line) + ": " + message;
}

void ErrorCallback(void* walker, xmlErrorPtr error) {
  static_cast<Walker*>(walker)->OnError(error);
}

int ReadCallback(void* context, char* buffer, int size) {
  return (*static_cast<const XmlInput*>(context))(buffer, size);
}

int CloseCallback(void*) { return 0; }

}  // namespace

XmlStreamResult StreamXml(const XmlInput& input, std::string_view base_url,
                          XmlStreamHandler& handler, const XmlStreamLimits& limits) {
  // No DTD loading, no entity substitution, no network: nothing outside the
  // bytes is ever read. The caller hands UTF-8 and removed any DTD.
  int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING |
                XML_PARSE_NOERROR | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT;
  std::unique_ptr<xmlTextReader, ReaderDeleter> reader(
      xmlReaderForIO(ReadCallback, CloseCallback, const_cast<XmlInput*>(&input), nullptr, "UTF-8",
                     options));
  if (!reader) throw Error("cannot create an XML reader");
  Walker walker(base_url, handler, limits);
  xmlTextReaderSetStructuredErrorHandler(reader.get(), ErrorCallback, &walker);
  walker.Run(reader.get());
  return walker.result();
}

}  // namespace feedmirror
