#include "feed/xml_stream.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>

#include <cstring>
#include <exception>
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

// SAX2 without entity replacement hands attribute values with '&' kept as
// "&#38;" (so that a tree could be serialized back); undo that.
std::string DecodeAttribute(std::string_view value) {
  if (value.find("&#38;") == std::string_view::npos) return std::string(value);
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 5, "&#38;") == 0) {
      out += '&';
      i += 4;
    } else {
      out += value[i];
    }
  }
  return out;
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

class Walker {
 public:
  Walker(std::string_view base_url, XmlStreamHandler& handler, const XmlStreamLimits& limits)
      : document_base_(base_url), handler_(handler), limits_(limits) {}

  XmlStreamResult& result() { return result_; }
  std::exception_ptr failure;
  void OnError(const xmlError* error);
  void StartElement(const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                    int nb_attributes, const xmlChar** attributes);
  void EndElement();
  void AddText(std::string_view text);
  void AddText(std::string&& text);
  void AddCdata(std::string&& text) {
    if (!open_.empty() && skipped_depth_ == 0 && !is_container_.back()) open_.back().cdata = true;
    AddText(std::move(text));
  }
  std::deque<std::string>* cdata = nullptr;
  void Finish() {
    if (!open_.empty() || skipped_depth_ > 0) {
      result_.truncated = true;
      result_.well_formed = false;
    }
  }

 private:
  XmlNode MakeNode(const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                   int nb_attributes, const xmlChar** attributes);
  bool IsContainerAt(size_t depth, const XmlNode& node) const {
    return depth == 0 || (depth == 1 && node.name == "channel");
  }

  std::string document_base_;
  XmlStreamHandler& handler_;
  XmlStreamLimits limits_;
  XmlStreamResult result_;
  std::vector<XmlNode> open_;       // every open element, outermost first
  std::vector<bool> is_container_;  // parallel to open_
  size_t skipped_depth_ = 0;        // open elements ignored beyond max_depth
};

std::string QName(std::string_view prefix, std::string_view local) {
  if (prefix.empty()) return std::string(local);
  std::string out(prefix);
  out += ':';
  out += local;
  return out;
}

XmlNode Walker::MakeNode(const xmlChar* localname, const xmlChar* prefix_chars, const xmlChar* uri,
                         int nb_attributes, const xmlChar** attributes) {
  XmlNode node;
  std::string_view local = Str(localname);
  std::string_view prefix = Str(prefix_chars);
  node.ns_uri = std::string(Str(uri));
  if (node.ns_uri.empty() && prefix.empty()) {  // an undeclared prefix may stay in the name
    if (size_t colon = local.find(':'); colon != std::string_view::npos) {
      prefix = local.substr(0, colon);
      local = local.substr(colon + 1);
    }
  }
  node.name = std::string(local);
  node.qname = QName(prefix, local);
  node.ns = NamespaceKey(node.ns_uri, prefix);
  const XmlNode* parent = open_.empty() ? nullptr : &open_.back();
  node.base = parent ? parent->base : document_base_;
  node.lang = parent ? parent->lang : "";
  for (int i = 0; i < nb_attributes; ++i) {
    const xmlChar** a = attributes + i * 5;  // localname, prefix, URI, value, end
    std::string_view name = Str(a[0]);
    std::string_view attr_prefix = Str(a[1]);
    std::string_view value(reinterpret_cast<const char*>(a[3]), a[4] - a[3]);
    if (Str(a[2]) == kXmlNamespace || attr_prefix == "xml") {
      std::string decoded = DecodeAttribute(value);
      if (name == "base") node.base = ResolveUrl(node.base, decoded);
      if (name == "lang") node.lang = decoded;
      continue;
    }
    if (Str(a[2]) == kXmlnsNamespace) continue;
    node.attrs.emplace_back(QName(attr_prefix, name), DecodeAttribute(value));
  }
  return node;
}

void Walker::StartElement(const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                          int nb_attributes, const xmlChar** attributes) {
  if (skipped_depth_ > 0 || open_.size() >= limits_.max_depth) {
    result_.depth_exceeded = true;
    ++skipped_depth_;
    return;
  }
  XmlNode node = MakeNode(localname, prefix, uri, nb_attributes, attributes);
  bool container = IsContainerAt(open_.size(), node);
  if (container) handler_.OnContainer(open_.size(), node);
  open_.push_back(std::move(node));
  is_container_.push_back(container);
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

void Walker::AddText(std::string&& text) {
  if (open_.empty() || skipped_depth_ > 0 || is_container_.back()) return;
  XmlNode& top = open_.back();
  std::string& target = top.children.empty() ? top.text : top.children.back().tail;
  if (target.empty()) {
    target = std::move(text);
  } else {
    target.append(text);
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

Walker& WalkerOf(void* ctx) {
  return *static_cast<Walker*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

// C++ exceptions must not cross libxml2's C frames: the first one stops
// the parser and is thrown again once xmlParseChunk has returned.
template <typename Fn>
void Guarded(void* ctx, Fn fn) {
  Walker& walker = WalkerOf(ctx);
  if (walker.failure) return;
  try {
    fn(walker);
  } catch (...) {
    walker.failure = std::current_exception();
    xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
  }
}

void OnStartElement(void* ctx, const xmlChar* localname, const xmlChar* prefix, const xmlChar* uri,
                    int, const xmlChar**, int nb_attributes, int, const xmlChar** attributes) {
  Guarded(ctx, [&](Walker& w) { w.StartElement(localname, prefix, uri, nb_attributes, attributes); });
}

void OnEndElement(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  Guarded(ctx, [](Walker& w) { w.EndElement(); });
}

void OnCharacters(void* ctx, const xmlChar* chars, int len) {
  Guarded(ctx, [&](Walker& w) { w.AddText(std::string_view(reinterpret_cast<const char*>(chars), len)); });
}

void OnError(void* ctx, xmlErrorPtr error) {
  if (ctx) WalkerOf(ctx).OnError(error);
}

void OnProcessingInstruction(void* ctx, const xmlChar* target, const xmlChar*) {
  Guarded(ctx, [&](Walker& w) {
    if (!w.cdata || Str(target) != "feedmirror-cdata" || w.cdata->empty()) return;
    std::string text = std::move(w.cdata->front());
    w.cdata->pop_front();
    w.AddCdata(std::move(text));
  });
}

// Entities are never resolved: a reference that reaches the parser (none
// should, the DTD is gone) is dropped.
xmlEntityPtr OnGetEntity(void*, const xmlChar*) { return nullptr; }

xmlSAXHandler MakeSaxHandler() {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = OnStartElement;
  sax.endElementNs = OnEndElement;
  sax.characters = OnCharacters;
  sax.cdataBlock = OnCharacters;
  sax.ignorableWhitespace = OnCharacters;
  sax.getEntity = OnGetEntity;
  sax.processingInstruction = OnProcessingInstruction;
  sax.serror = OnError;
  return sax;
}

struct ContextDeleter {
  void operator()(xmlParserCtxt* ctxt) const {
    if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
    xmlFreeParserCtxt(ctxt);
  }
};

}  // namespace

XmlStreamResult StreamXml(const XmlInput& input, std::string_view base_url,
                          XmlStreamHandler& handler, const XmlStreamLimits& limits,
                          std::deque<std::string>* cdata) {
  // No DTD loading, no entity substitution, no network: nothing outside the
  // bytes is ever read. The caller hands UTF-8 and removed any DTD. SAX in
  // recovery mode goes on after errors (xmlTextReader stops at the first).
  int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR |
                XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA;
  xmlSAXHandler sax = MakeSaxHandler();
  std::unique_ptr<xmlParserCtxt, ContextDeleter> ctxt(
      xmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr));
  if (!ctxt) throw Error("cannot create an XML parser");
  xmlCtxtUseOptions(ctxt.get(), options);
  xmlSwitchEncoding(ctxt.get(), XML_CHAR_ENCODING_UTF8);
  Walker walker(base_url, handler, limits);
  walker.cdata = cdata;
  ctxt->_private = &walker;
  while (true) {
    std::string_view block = input();
    int n = static_cast<int>(block.size());
    xmlParseChunk(ctxt.get(), block.data(), n, n == 0);
    if (walker.failure) std::rethrow_exception(walker.failure);
    if (n == 0 || ctxt->instate == XML_PARSER_EOF) break;
  }
  walker.Finish();
  return walker.result();
}

}  // namespace feedmirror
