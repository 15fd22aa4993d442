// A streaming walk over a feed document (libxml2's xmlTextReader): the root
// element and an RSS <channel> under it are "containers" whose children are
// handed over one finished subtree at a time (an item, a title, ...), so
// memory stays bounded by the largest item, not the document.
#pragma once

#include <cstddef>
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

// Reads more input into `buffer` (at most `size` bytes); returns the count,
// 0 at the end, -1 on failure.
using XmlInput = std::function<int(char* buffer, int size)>;

// Walks UTF-8 XML from `input`, which must not hold a DTD (the caller
// removes it): no entity is loaded or expanded beyond the predefined ones,
// no network or file is touched. `base_url` is the base of the document
// (xml:base values resolve against it). Malformed input is recovered as far
// as libxml2's recovery mode goes; an element still open at the end is
// dropped (not intact) and reported as truncation.
XmlStreamResult StreamXml(const XmlInput& input, std::string_view base_url,
                          XmlStreamHandler& handler, const XmlStreamLimits& limits = {});

}  // namespace feedmirror
