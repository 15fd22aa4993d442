// One XML element with its subtree, as the feed parsers see it: a small,
// owned tree (ElementTree style) that the streaming reader builds for one
// item or one channel field at a time, so that no whole document is held.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace feedmirror {

struct XmlNode {
  // Canonical namespace key: "" for RSS (any RSS namespace or none), "atom"
  // (Atom 1.0), "atom03", "content", "dc", "dcterms", "media", "itunes",
  // "rdf", "xhtml"; an undeclared prefix as written ("atom", "media", ...);
  // any other namespace by its URI.
  std::string ns;
  std::string ns_uri;  // as declared ("" when none)
  std::string name;    // local name
  std::string qname;   // as written, with its prefix
  std::vector<std::pair<std::string, std::string>> attrs;  // qualified name → value
  std::string text;  // character data before the first child (ElementTree's text)
  std::string tail;  // character data after this element, inside its parent
  std::vector<XmlNode> children;
  std::string base;  // the xml:base in effect here, resolved ("" when none)
  std::string lang;  // the xml:lang in effect here
  bool cdata = false;  // some of `text` came from a CDATA section

  bool Is(std::string_view ns_key, std::string_view local) const {
    return ns == ns_key && name == local;
  }
  // The value of the attribute with this local name (any prefix), or "".
  const std::string& Attr(std::string_view local) const;
  bool HasAttr(std::string_view local) const;
  // All character data directly inside (text and the children's tails).
  std::string DirectText() const;
  // All character data of the subtree, in document order.
  std::string AllText() const;
  // The children's markup and text, serialized back as XML (for HTML put
  // unescaped into a feed and for Atom xhtml content). Prefixes dropped
  // when `drop_prefixes`.
  std::string InnerXml(bool drop_prefixes = false) const;
  // The first child with this namespace key and local name, or nullptr.
  const XmlNode* Child(std::string_view ns_key, std::string_view local) const;
};

}  // namespace feedmirror
