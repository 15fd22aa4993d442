#include "content/sanitizer.h"

#include <array>
#include <optional>
#include <string_view>

#include "content/html_tree.h"
#include "content/image_url.h"
#include "content/url_resolve.h"

namespace feedmirror {
namespace {

enum class Verdict { kKeep, kDrop, kUnwrap };

// Each kept element and its attributes beyond the global ones.
struct ElementPolicy {
  std::string_view element;
  std::string_view attributes;  // space-separated, each surrounded by spaces
};

constexpr ElementPolicy kAllowed[] = {
    {"p", ""}, {"br", ""}, {"hr", ""}, {"div", ""}, {"span", ""}, {"section", ""},
    {"article", ""}, {"header", ""}, {"footer", ""}, {"aside", ""}, {"main", ""},
    {"nav", ""}, {"address", ""}, {"h1", ""}, {"h2", ""}, {"h3", ""}, {"h4", ""},
    {"h5", ""}, {"h6", ""}, {"ul", ""}, {"ol", " start reversed type "}, {"li", " value "},
    {"dl", ""}, {"dt", ""}, {"dd", ""}, {"table", ""}, {"caption", ""},
    {"colgroup", " span "}, {"col", " span "}, {"thead", ""}, {"tbody", ""}, {"tfoot", ""},
    {"tr", ""}, {"th", " colspan rowspan headers scope abbr "},
    {"td", " colspan rowspan headers "}, {"figure", ""}, {"figcaption", ""},
    {"img", " src srcset sizes alt width height "}, {"picture", ""},
    {"source", " src srcset sizes media type "},
    {"audio", " src controls loop muted preload "},
    {"video", " src poster controls loop muted preload playsinline width height "},
    {"track", " src kind srclang label default "}, {"a", " href hreflang "},
    {"blockquote", " cite "}, {"q", " cite "}, {"cite", ""}, {"pre", ""}, {"code", ""},
    {"kbd", ""}, {"samp", ""}, {"var", ""}, {"abbr", ""}, {"time", " datetime "},
    {"data", " value "}, {"sub", ""}, {"sup", ""}, {"small", ""}, {"strong", ""},
    {"b", ""}, {"em", ""}, {"i", ""}, {"u", ""}, {"s", ""}, {"del", " cite datetime "},
    {"ins", " cite datetime "}, {"mark", ""}, {"dfn", ""}, {"bdi", ""}, {"bdo", ""},
    {"wbr", ""}, {"ruby", ""}, {"rt", ""}, {"rp", ""}, {"rb", ""}, {"rtc", ""}, {"details", " open "}, {"summary", ""},
    {"iframe", " src width height allowfullscreen "}, {"big", ""},
};

constexpr std::string_view kGlobalAttributes = " title lang dir ";

// Dropped with everything inside: active content, metadata, form controls,
// raw-text elements, foreign content, and scope-changing elements whose
// removal would let the output re-parse differently.
constexpr std::string_view kDropped[] = {
    "script", "style", "link", "meta", "base", "title", "head", "noscript", "template",
    "object", "embed", "applet", "param", "frame", "frameset", "noframes", "noembed",
    "xmp", "plaintext", "textarea", "select", "option", "optgroup", "datalist", "button",
    "input", "keygen", "output", "progress", "meter", "canvas", "dialog", "slot",
    "map", "area", "marquee", "portal"};

const ElementPolicy* PolicyFor(std::string_view name) {
  for (const ElementPolicy& policy : kAllowed) {
    if (policy.element == name) return &policy;
  }
  return nullptr;
}

Verdict VerdictFor(const HtmlNode& node, const SanitizeOptions& options) {
  if (node.kind == NodeKind::kComment || node.foreign) return Verdict::kDrop;
  if (node.kind != NodeKind::kElement) return Verdict::kKeep;
  for (std::string_view dropped : kDropped) {
    if (node.name == dropped) return Verdict::kDrop;
  }
  if (node.name == "iframe") {
    const std::string* src = node.Attribute("src");
    auto url = src ? ResolveHttpUrl(*src, options.base_url) : std::nullopt;
    return url && UrlHostAllowed(*url, options.iframe_hosts) ? Verdict::kKeep : Verdict::kDrop;
  }
  return PolicyFor(node.name) ? Verdict::kKeep : Verdict::kUnwrap;
}

bool Listed(std::string_view list, std::string_view name) {
  std::string padded = " " + std::string(name) + " ";
  return list.find(padded) != std::string_view::npos;
}

bool IsRasterDataUrl(std::string_view url) {
  static constexpr std::array<std::string_view, 7> kTypes = {
      "png", "jpeg", "jpg", "gif", "webp", "avif", "bmp"};
  std::string lower(url.substr(0, 20));
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (std::string_view type : kTypes) {
    std::string prefix = "data:image/" + std::string(type);
    if (lower.starts_with(prefix) && lower.size() > prefix.size() &&
        (lower[prefix.size()] == ';' || lower[prefix.size()] == ',')) {
      return true;
    }
  }
  return false;
}

// The value a URL attribute keeps, or nullopt to drop it.
std::optional<std::string> SafeUrl(const HtmlNode& element, std::string_view attribute,
                                   const std::string& value, const SanitizeOptions& options) {
  std::string url = TrimUrl(value);
  if (url.empty()) return std::nullopt;
  std::string scheme = UrlScheme(url);
  if (scheme.empty() || scheme == "http" || scheme == "https") {
    if (auto absolute = ResolveHttpUrl(url, options.base_url)) return absolute;
    if (!scheme.empty()) return std::nullopt;
    return url;  // relative, no base to resolve it: harmless as it is
  }
  if (scheme == "mailto" && attribute == "href") return url;
  if (scheme == "data" && attribute == "src" && element.name == "img" && IsRasterDataUrl(url)) {
    return url;
  }
  return std::nullopt;
}

std::optional<std::string> SafeSrcset(const std::string& value, const SanitizeOptions& options) {
  std::vector<SrcsetCandidate> kept;
  for (SrcsetCandidate& candidate : ParseSrcset(value)) {
    std::string scheme = UrlScheme(TrimUrl(candidate.url));
    if (!scheme.empty() && scheme != "http" && scheme != "https") continue;
    auto url = ResolveHttpUrl(candidate.url, options.base_url);
    if (!url && !scheme.empty()) continue;
    candidate.url = url ? *url : TrimUrl(candidate.url);
    kept.push_back(std::move(candidate));
  }
  if (kept.empty()) return std::nullopt;
  return FormatSrcset(kept);
}

bool IsNumber(std::string_view value, bool allow_percent) {
  if (allow_percent && value.ends_with('%')) value.remove_suffix(1);
  if (value.starts_with('-')) value.remove_prefix(1);
  if (value.empty() || value.size() > 9) return false;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The value an allowed attribute keeps, or nullopt to drop it.
std::optional<std::string> SafeValue(const HtmlNode& element, const HtmlAttribute& attribute,
                                     const SanitizeOptions& options) {
  const std::string& name = attribute.name;
  if (name == "href" || name == "src" || name == "cite" || name == "poster") {
    return SafeUrl(element, name, attribute.value, options);
  }
  if (name == "srcset") return SafeSrcset(attribute.value, options);
  if (name == "width" || name == "height") {
    return IsNumber(attribute.value, true) ? std::optional(attribute.value) : std::nullopt;
  }
  if (name == "colspan" || name == "rowspan" || name == "span" || name == "start" || name == "value") {
    return IsNumber(attribute.value, false) ? std::optional(attribute.value) : std::nullopt;
  }
  if (name == "dir") {
    const std::string& v = attribute.value;
    return v == "ltr" || v == "rtl" || v == "auto" ? std::optional(v) : std::nullopt;
  }
  return attribute.value;
}

void SanitizeAttributes(HtmlNode& element, const SanitizeOptions& options) {
  const ElementPolicy* policy = PolicyFor(element.name);
  std::vector<HtmlAttribute> kept;
  for (const HtmlAttribute& attribute : element.attributes) {
    bool allowed = Listed(kGlobalAttributes, attribute.name) ||
                   (policy && Listed(policy->attributes, attribute.name));
    if (!allowed) continue;
    if (auto value = SafeValue(element, attribute, options)) kept.push_back({attribute.name, *value});
  }
  element.attributes = std::move(kept);
  if (element.name == "iframe") {
    element.children.clear();
    element.SetAttribute("sandbox", kIframeSandbox);
  }
}

// What becomes of an allowed element after its attributes are sanitized:
// an image without a source goes, a link without a target is unwrapped.
Verdict VerdictAfterAttributes(const HtmlNode& element) {
  if (element.name == "img" && !element.Attribute("src") && !element.Attribute("srcset")) {
    return Verdict::kDrop;
  }
  if (element.name == "iframe" && !element.Attribute("src")) return Verdict::kDrop;
  if (element.name == "a" && !element.Attribute("href")) return Verdict::kUnwrap;
  return Verdict::kKeep;
}

ChildFate FateOf(Verdict verdict) {
  switch (verdict) {
    case Verdict::kDrop: return ChildFate::kRemove;
    case Verdict::kUnwrap: return ChildFate::kUnwrap;
    case Verdict::kKeep: break;
  }
  return ChildFate::kKeep;
}

void SanitizeChildren(HtmlNode& node, const SanitizeOptions& options) {
  RebuildChildren(node, [&](HtmlNode& child, const auto&) {
    Verdict verdict = VerdictFor(child, options);
    if (verdict != Verdict::kDrop && child.kind == NodeKind::kElement) {
      SanitizeChildren(child, options);
      if (verdict == Verdict::kKeep) {
        SanitizeAttributes(child, options);
        verdict = VerdictAfterAttributes(child);
      }
    }
    return FateOf(verdict);
  });
}

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  if (start == std::string::npos) return "";
  start += 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  authority = authority.substr(authority.rfind('@') == std::string::npos ? 0 : authority.rfind('@') + 1);
  std::string host = authority.substr(0, authority.find(':'));
  for (char& c : host) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return host;
}

}  // namespace

bool UrlHostAllowed(const std::string& url, const std::vector<std::string>& hosts) {
  std::string host = HostOf(url);
  if (host.empty()) return false;
  for (const std::string& allowed : hosts) {
    if (host == allowed) return true;
    if (host.size() > allowed.size() && host.ends_with(allowed) &&
        host[host.size() - allowed.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

void Sanitize(HtmlNode& root, const SanitizeOptions& options) { SanitizeChildren(root, options); }

}  // namespace feedmirror
