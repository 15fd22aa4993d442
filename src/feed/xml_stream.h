// A streaming walk over a feed document (libxml2's xmlTextReader): the root
// element and an RSS <channel> under it are "containers" whose children are
// handed over one finished subtree at a time (an item, a title, ...), so
// memory stays bounded by the largest item, not the document.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "feed/xml_node.h"

namespace feedmirror {

class XmlStreamHandler {
 public:
  virtual ~XmlStreamHandler() = default;
  // A container opens: the root (depth 0) or <channel> under it (depth 1);
  // `element` has its attributes and namespace, no children.
  virtual void OnContainer(size_t depth, const XmlNode& element) = 0;
  // A complete child of a container; `containers` holds the open containers,
  // outermost first.
  virtual void OnElement(const std::vector<const XmlNode*>& containers, XmlNode&& element) = 0;
};

struct XmlStreamLimits {
  size_t max_depth = 100;  // element nesting
};

struct XmlStreamResult {
  bool well_formed = true;
  std::string first_error;  // "line 12: Opening and ending tag mismatch: ..."
  bool truncated = false;   // the document ended inside an element
  bool depth_exceeded = false;
};

// The next block of input (valid until the next call); empty at the end.
using XmlInput = std::function<std::string_view()>;

// Walks UTF-8 XML from `input`, which must not hold a DTD (the caller
// removes it): no entity is loaded or expanded beyond the predefined ones,
// no network or file is touched. `base_url` is the base of the document
// (xml:base values resolve against it). Malformed input is recovered as far
// as libxml2's recovery mode goes; an element still open at the end is
// dropped (not intact) and reported as truncation.
// With `cdata`, each <?feedmirror-cdata?> processing instruction in the
// input stands for the CDATA section at the front of the queue (see
// XmlRepair::ExtractCdataInto).
XmlStreamResult StreamXml(const XmlInput& input, std::string_view base_url,
                          XmlStreamHandler& handler, const XmlStreamLimits& limits = {},
                          std::deque<std::string>* cdata = nullptr);

}  // namespace feedmirror
