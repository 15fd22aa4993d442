// HTML serialization of an HtmlNode tree, following the HTML standard's
// fragment serialization algorithm: lower-case names, attribute values in
// double quotes, void elements without end tags, every other element closed.
// Text is escaped (& < > and U+00A0), attribute values too (& " < > and
// U+00A0), so that parsing the output gives the same tree back; raw-text
// elements (script, style...) keep their text as is. Comments are written
// only when they cannot end early. Attributes whose names could break the
// markup are left out.
#pragma once

#include <string>

namespace feedmirror {

struct HtmlNode;

// The serialization of `node`'s children (the node itself is not written).
std::string SerializeChildren(const HtmlNode& node);

// True for elements that never have content or an end tag (br, img, ...).
bool IsVoidElement(const std::string& name);

}  // namespace feedmirror
