#include "feed/xml_node.h"

namespace feedmirror {

namespace {

std::string_view LocalPart(std::string_view qname) {
  size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

void AppendEscaped(std::string& out, std::string_view text, bool attribute) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (attribute) {
          out += "&quot;";
          break;
        }
        [[fallthrough]];
      default: out += c;
    }
  }
}

void AppendAllText(const XmlNode& node, std::string& out) {
  out += node.text;
  for (const XmlNode& child : node.children) {
    AppendAllText(child, out);
    out += child.tail;
  }
}

bool IsHtmlVoid(std::string_view name) {
  for (std::string_view v : {"br", "img", "hr", "input", "meta", "area", "base", "col", "embed",
                             "param", "track", "wbr"}) {
    if (name == v) return true;
  }
  return false;
}

// Empty elements are written <br/>. HTML void elements left open in a feed
// (<p>a<br>b</p>, closed by the repair at their parent's end) cannot hold
// anything: what they were given follows them.
void AppendElement(const XmlNode& node, bool drop_prefixes, std::string& out) {
  const std::string& tag = drop_prefixes ? node.name : node.qname;
  out += '<';
  out += tag;
  for (const auto& [name, value] : node.attrs) {
    out += ' ';
    out += drop_prefixes ? std::string(LocalPart(name)) : name;
    out += "=\"";
    AppendEscaped(out, value, true);
    out += '"';
  }
  if (node.children.empty() && node.text.empty()) {
    out += "/>";
    return;
  }
  if (node.ns_uri.empty() && IsHtmlVoid(node.name)) {
    out += "/>";
    out += node.InnerXml(drop_prefixes);
    return;
  }
  out += '>';
  out += node.InnerXml(drop_prefixes);
  out += "</";
  out += tag;
  out += '>';
}

}  // namespace

const std::string& XmlNode::Attr(std::string_view local) const {
  static const std::string kEmpty;
  for (const auto& [name, value] : attrs) {
    if (LocalPart(name) == local) return value;
  }
  return kEmpty;
}

bool XmlNode::HasAttr(std::string_view local) const {
  for (const auto& attr : attrs) {
    if (LocalPart(attr.first) == local) return true;
  }
  return false;
}

std::string XmlNode::DirectText() const {
  if (children.empty()) return text;
  std::string out = text;
  for (const XmlNode& child : children) out += child.tail;
  return out;
}

std::string XmlNode::AllText() const {
  std::string out;
  AppendAllText(*this, out);
  return out;
}

std::string XmlNode::InnerXml(bool drop_prefixes) const {
  std::string out;
  AppendEscaped(out, text, false);
  for (const XmlNode& child : children) {
    AppendElement(child, drop_prefixes, out);
    AppendEscaped(out, child.tail, false);
  }
  return out;
}

const XmlNode* XmlNode::Child(std::string_view ns_key, std::string_view local) const {
  for (const XmlNode& child : children) {
    if (child.Is(ns_key, local)) return &child;
  }
  return nullptr;
}

}  // namespace feedmirror
