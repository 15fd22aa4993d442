#include "content/url_resolve.h"

#include <curl/curl.h>

#include <array>
#include <memory>

namespace feedmirror {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Bytes a URL may not carry literally; we percent-encode them before parsing.
bool NeedsEncoding(unsigned char c) {
  if (c <= 0x20 || c >= 0x7f) return true;
  switch (c) {
    case '"': case '<': case '>': case '^': case '`': case '{': case '|': case '}':
      return true;
    default:
      return false;
  }
}

std::string EncodeUnsafeBytes(std::string_view url) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(url.size());
  for (char ch : url) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += '/';
    } else if (NeedsEncoding(c)) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

struct CurlUrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

bool IsHttp(std::string_view scheme) { return scheme == "http" || scheme == "https"; }

std::optional<std::string> FullUrl(CURLU* handle) {
  char* text = nullptr;
  if (curl_url_get(handle, CURLUPART_URL, &text, 0) != CURLUE_OK) return std::nullopt;
  std::string result = text;
  curl_free(text);
  return result;
}

// The URL in `handle` with its fragment replaced by `fragment` ("#x", or
// "" for none).
std::optional<std::string> WithFragment(CURLU* handle, const std::string& fragment) {
  curl_url_set(handle, CURLUPART_FRAGMENT, nullptr, 0);
  std::optional<std::string> url = FullUrl(handle);
  if (url) *url += fragment;
  return url;
}

}  // namespace

std::string TrimUrl(std::string_view value) {
  size_t begin = 0;
  size_t end = value.size();
  while (begin < end && static_cast<unsigned char>(value[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(value[end - 1]) <= 0x20) --end;
  std::string out;
  out.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) {
    if (value[i] != '\t' && value[i] != '\n' && value[i] != '\r') out += value[i];
  }
  return out;
}

std::string UrlScheme(std::string_view url) {
  if (url.empty() || !IsAsciiAlpha(url[0])) return "";
  std::string scheme;
  for (char c : url) {
    if (c == ':') return scheme;
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '+' && c != '-' && c != '.') return "";
    scheme += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return "";
}

namespace {

// `ref` (trimmed and encoded, its scheme http(s) or none) resolved.
std::optional<std::string> Resolve(const std::string& ref, bool relative, std::string_view base) {
  CurlUrl handle(curl_url());
  if (!handle) return std::nullopt;
  if (relative) {
    std::string base_text = EncodeUnsafeBytes(TrimUrl(base));
    if (!IsHttp(UrlScheme(base_text))) return std::nullopt;
    if (curl_url_set(handle.get(), CURLUPART_URL, base_text.c_str(), 0) != CURLUE_OK) {
      return std::nullopt;
    }
    // libcurl resolves "#x" like "./#x"; RFC 3986 keeps the base's path and query.
    if (ref.empty() || ref[0] == '#') return WithFragment(handle.get(), ref);
  }
  if (curl_url_set(handle.get(), CURLUPART_URL, ref.c_str(), 0) != CURLUE_OK) return std::nullopt;
  return FullUrl(handle.get());
}

// An item's HTML has the same URLs resolved several times (the tracking
// pixel check, the sanitizer, image URL rewriting), and libcurl's parse
// costs some 20,000 instructions: the last few answers are kept, per
// thread. Resolve is a pure function of the reference and the base.
struct Resolution {
  std::string ref;
  std::string base;  // "" for absolute references
  std::optional<std::string> url;
};
constexpr size_t kRecentResolutions = 8;
thread_local std::array<Resolution, kRecentResolutions> recent_resolutions;
thread_local size_t next_resolution = 0;

}  // namespace

std::optional<std::string> ResolveHttpUrl(std::string_view url, std::string_view base) {
  std::string ref = EncodeUnsafeBytes(TrimUrl(url));
  std::string scheme = UrlScheme(ref);
  if (!scheme.empty() && !IsHttp(scheme)) return std::nullopt;
  std::string_view key_base = scheme.empty() ? base : std::string_view();
  for (const Resolution& known : recent_resolutions) {
    if (known.ref == ref && known.base == key_base) return known.url;
  }
  std::optional<std::string> resolved = Resolve(ref, scheme.empty(), base);
  Resolution& slot = recent_resolutions[next_resolution++ % kRecentResolutions];
  slot = {std::move(ref), std::string(key_base), resolved};
  return resolved;
}

}  // namespace feedmirror
