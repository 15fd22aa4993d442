#include "content/image_url.h"

#include "content/url_resolve.h"

namespace feedmirror {
namespace {

constexpr std::string_view kUnreserved = "-._~";
constexpr std::string_view kNoSchemeKeep = "-._~/:@!$'()*,=";

bool IsAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view WithoutScheme(std::string_view url) {
  size_t pos = url.find("://");
  return pos == std::string_view::npos ? url : url.substr(pos + 3);
}

void ReplaceAll(std::string& text, std::string_view from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

// True when `url` already goes through the proxy: it starts with the
// template's text before its first placeholder.
bool IsProxied(std::string_view url, std::string_view proxy_template) {
  std::string_view prefix = proxy_template.substr(0, proxy_template.find('{'));
  return !prefix.empty() && url.substr(0, prefix.size()) == prefix;
}

// The descriptors from `pos` to the next comma outside parentheses, trimmed;
// `pos` is left on that comma.
std::string ParseDescriptors(std::string_view srcset, size_t& pos) {
  int depth = 0;
  size_t start = pos;
  while (pos < srcset.size() && (srcset[pos] != ',' || depth > 0)) {
    depth += srcset[pos] == '(' ? 1 : srcset[pos] == ')' ? -1 : 0;
    ++pos;
  }
  std::string_view desc = srcset.substr(start, pos - start);
  while (!desc.empty() && IsSpace(desc.front())) desc.remove_prefix(1);
  while (!desc.empty() && IsSpace(desc.back())) desc.remove_suffix(1);
  return std::string(desc);
}

}  // namespace

std::string PercentEncode(std::string_view text, std::string_view keep) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (IsAlnum(c) || keep.find(ch) != std::string_view::npos) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string ProxyImageUrl(std::string_view absolute_url, std::string_view proxy_template) {
  std::string out(proxy_template);
  ReplaceAll(out, "{url_noscheme}", PercentEncode(WithoutScheme(absolute_url), kNoSchemeKeep));
  ReplaceAll(out, "{url}", PercentEncode(absolute_url, kUnreserved));
  return out;
}

std::optional<std::string> ArchivedImageUrl(std::string_view url, const std::string& base_url,
                                            const ContentOptions& options) {
  if (TrimUrl(url).empty()) return std::nullopt;
  if (options.images != ImageMode::kKeep && IsProxied(TrimUrl(url), options.image_proxy)) {
    return std::nullopt;
  }
  std::optional<std::string> absolute = ResolveHttpUrl(url, base_url);
  if (!absolute) return std::nullopt;
  if (options.images == ImageMode::kKeep) return absolute;
  if (options.images == ImageMode::kDownload && options.download_urls) {
    options.download_urls->push_back(*absolute);
  }
  return ProxyImageUrl(*absolute, options.image_proxy);
}

std::vector<SrcsetCandidate> ParseSrcset(std::string_view srcset) {
  std::vector<SrcsetCandidate> candidates;
  size_t pos = 0;
  while (pos < srcset.size()) {
    while (pos < srcset.size() && (IsSpace(srcset[pos]) || srcset[pos] == ',')) ++pos;
    if (pos >= srcset.size()) break;
    size_t url_end = pos;
    while (url_end < srcset.size() && !IsSpace(srcset[url_end])) ++url_end;
    SrcsetCandidate candidate;
    candidate.url = std::string(srcset.substr(pos, url_end - pos));
    pos = url_end;
    if (candidate.url.back() == ',') {  // "a.jpg,b.jpg": the comma ends the candidate
      while (!candidate.url.empty() && candidate.url.back() == ',') candidate.url.pop_back();
    } else {
      candidate.descriptors = ParseDescriptors(srcset, pos);
    }
    if (!candidate.url.empty()) candidates.push_back(std::move(candidate));
  }
  return candidates;
}

std::string FormatSrcset(const std::vector<SrcsetCandidate>& candidates) {
  std::string out;
  for (const SrcsetCandidate& candidate : candidates) {
    if (!out.empty()) out += ", ";
    out += candidate.url;
    if (!candidate.descriptors.empty()) out += ' ' + candidate.descriptors;
  }
  return out;
}

std::optional<std::string> ArchivedSrcset(std::string_view srcset, const std::string& base_url,
                                          const ContentOptions& options) {
  std::vector<SrcsetCandidate> candidates = ParseSrcset(srcset);
  bool changed = false;
  for (SrcsetCandidate& candidate : candidates) {
    if (std::optional<std::string> url = ArchivedImageUrl(candidate.url, base_url, options)) {
      changed = changed || *url != candidate.url;
      candidate.url = std::move(*url);
    }
  }
  if (!changed) return std::nullopt;
  return FormatSrcset(candidates);
}

}  // namespace feedmirror
