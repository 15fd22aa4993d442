#include "feed/url.h"

#include <cctype>
#include <optional>

namespace feedmirror {

namespace {

struct UrlParts {
  std::string_view scheme;  // without ':'
  std::optional<std::string_view> authority;
  std::string_view path;
  std::optional<std::string_view> query;
  std::optional<std::string_view> fragment;
};

size_t SchemeLength(std::string_view url) {
  if (url.empty() || !std::isalpha(static_cast<unsigned char>(url[0]))) return 0;
  for (size_t i = 1; i < url.size(); ++i) {
    char c = url[i];
    if (c == ':') return i;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return 0;
  }
  return 0;
}

UrlParts Split(std::string_view url) {
  UrlParts p;
  if (size_t n = SchemeLength(url)) {
    p.scheme = url.substr(0, n);
    url.remove_prefix(n + 1);
  }
  if (size_t hash = url.find('#'); hash != std::string_view::npos) {
    p.fragment = url.substr(hash + 1);
    url = url.substr(0, hash);
  }
  if (size_t q = url.find('?'); q != std::string_view::npos) {
    p.query = url.substr(q + 1);
    url = url.substr(0, q);
  }
  if (url.substr(0, 2) == "//") {
    size_t end = url.find('/', 2);
    p.authority = url.substr(2, end == std::string_view::npos ? url.size() - 2 : end - 2);
    url = end == std::string_view::npos ? std::string_view() : url.substr(end);
  }
  p.path = url;
  return p;
}

// RFC 3986 §5.2.4.
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      size_t last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t next = in.find('/', 1);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

std::string Merge(const UrlParts& base, std::string_view path) {
  if (base.authority && base.path.empty()) return "/" + std::string(path);
  size_t slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(path);
  return std::string(base.path.substr(0, slash + 1)) + std::string(path);
}

std::string Join(std::string_view scheme, std::optional<std::string_view> authority,
                 std::string_view path, std::optional<std::string_view> query,
                 std::optional<std::string_view> fragment) {
  std::string out;
  if (!scheme.empty()) out.append(scheme).append(":");
  if (authority) out.append("//").append(*authority);
  out.append(path);
  if (query) out.append("?").append(*query);
  if (fragment) out.append("#").append(*fragment);
  return out;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

bool HasScheme(std::string_view url) { return SchemeLength(url) > 0; }

std::string ResolveUrl(std::string_view base_text, std::string_view reference) {
  reference = TrimSpace(reference);
  base_text = TrimSpace(base_text);
  UrlParts r = Split(reference);
  if (!r.scheme.empty()) {
    return Join(r.scheme, r.authority, RemoveDotSegments(r.path), r.query, r.fragment);
  }
  if (!HasScheme(base_text)) return std::string(reference);
  UrlParts b = Split(base_text);
  if (r.authority) return Join(b.scheme, r.authority, RemoveDotSegments(r.path), r.query, r.fragment);
  if (r.path.empty()) return Join(b.scheme, b.authority, b.path, r.query ? r.query : b.query, r.fragment);
  std::string path = r.path[0] == '/' ? std::string(r.path) : Merge(b, r.path);
  return Join(b.scheme, b.authority, RemoveDotSegments(path), r.query, r.fragment);
}

}  // namespace feedmirror
