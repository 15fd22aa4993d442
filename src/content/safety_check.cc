#include "content/safety_check.h"

#include <array>

#include "content/article_html.h"
#include "content/html_serializer.h"
#include "content/html_tree.h"
#include "content/image_url.h"
#include "content/url_resolve.h"

namespace feedmirror {
namespace {

constexpr std::array<std::string_view, 30> kForbiddenElements = {
    "script", "style", "link", "meta", "base", "object", "embed", "applet", "form",
    "input", "button", "textarea", "select", "option", "frame", "frameset", "template",
    "noscript", "plaintext", "xmp", "noembed", "noframes", "title", "svg", "math",
    "param", "isindex", "keygen", "portal", "html"};

constexpr std::array<std::string_view, 14> kUrlAttributes = {
    "href", "src", "cite", "poster", "action", "formaction", "data", "background",
    "xlink:href", "lowsrc", "dynsrc", "ping", "codebase", "longdesc"};

bool IsRasterDataUrl(const std::string& url) {
  for (std::string_view type : {"png", "jpeg", "jpg", "gif", "webp", "avif", "bmp"}) {
    std::string prefix = "data:image/" + std::string(type);
    std::string lower = url.substr(0, prefix.size() + 1);
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == prefix + ";" || lower == prefix + ",") return true;
  }
  return false;
}

std::string UrlViolation(const HtmlNode& element, const std::string& attribute, const std::string& value) {
  std::string url = TrimUrl(value);
  std::string scheme = UrlScheme(url);
  if (scheme.empty() || scheme == "http" || scheme == "https" || scheme == "mailto") return "";
  if (scheme == "data" && element.name == "img" && attribute == "src" && IsRasterDataUrl(url)) return "";
  return "<" + element.name + " " + attribute + "> holds a " + scheme + ": URL";
}

std::string AttributeViolation(const HtmlNode& element, const HtmlAttribute& attribute) {
  const std::string& name = attribute.name;
  if (name.starts_with("on") || name == "style" || name == "srcdoc" || name == "formaction") {
    return "<" + element.name + "> has a " + name + " attribute";
  }
  if (name == "srcset") {
    for (const SrcsetCandidate& candidate : ParseSrcset(attribute.value)) {
      std::string problem = UrlViolation(element, "srcset", candidate.url);
      if (!problem.empty()) return problem;
    }
  }
  for (std::string_view url_attribute : kUrlAttributes) {
    if (name == url_attribute) return UrlViolation(element, name, attribute.value);
  }
  return "";
}

std::string ElementViolation(const HtmlNode& element) {
  if (element.foreign) return "foreign element <" + element.name + ">";
  for (std::string_view forbidden : kForbiddenElements) {
    if (element.name == forbidden) return "forbidden element <" + element.name + ">";
  }
  if (element.name == "iframe" && !element.Attribute("sandbox")) return "iframe without sandbox";
  for (const HtmlAttribute& attribute : element.attributes) {
    std::string problem = AttributeViolation(element, attribute);
    if (!problem.empty()) return problem;
  }
  return "";
}

std::string TreeViolation(HtmlNode& root) {
  std::string problem;
  VisitElements(root, [&](HtmlNode& element) {
    if (problem.empty()) problem = ElementViolation(element);
  });
  return problem;
}

// Parsed as the post's wrapper's contents, followed by a marker paragraph:
// the wrapper and the marker must be the only top-level nodes.
std::string WrapperViolation(std::string_view html) {
  std::string page = "<div id=\"fm-wrapper\">" + std::string(html) + "</div><p id=\"fm-after\"></p>";
  auto root = ParseHtmlFragment(page);
  if (root->children.size() != 2) return "content escapes the post's wrapper <div>";
  const std::string* first = root->children[0]->Attribute("id");
  const std::string* second = root->children[1]->Attribute("id");
  if (!first || *first != "fm-wrapper" || !second || *second != "fm-after") {
    return "content escapes the post's wrapper <div>";
  }
  return "";
}

}  // namespace

std::string SafetyViolation(std::string_view html) {
  auto root = ParseHtmlFragment(html);
  std::string problem = TreeViolation(*root);
  if (!problem.empty()) return problem;
  problem = WrapperViolation(html);
  if (!problem.empty()) return problem;
  if (SerializeChildren(*root) != html) return "parse + serialize changes the output";
  return "";
}

std::string CleanupViolation(std::string_view input) {
  const std::string base = "https://news.example/a/b.html";
  ContentOptions options;
  std::string html = ArticleHtml(input, base, options);
  std::string problem = SafetyViolation(html);
  if (!problem.empty()) return problem + " in: " + html;
  options.cleanup = CleanupLevel::kNone;
  ArticleHtml(input, base, options);
  options.images = ImageMode::kKeep;
  if (ArticleHtml(input, base, options) != input) return "none + keep changed the input";
  return "";
}

}  // namespace feedmirror
