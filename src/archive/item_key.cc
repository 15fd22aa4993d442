#include "archive/item_key.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>
#include <vector>

namespace feedmirror {

namespace {

std::string Trim(std::string_view s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  auto begin = std::find_if(s.begin(), s.end(), not_space);
  auto end = std::find_if(s.rbegin(), s.rend(), not_space).base();
  return begin < end ? std::string(begin, end) : std::string();
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool IsTrackingParameter(std::string_view name) {
  static const std::array<std::string_view, 9> kExact = {
      "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga"};
  std::string lower = Lower(std::string(name));
  if (lower.starts_with("utm_")) return true;
  return std::find(kExact.begin(), kExact.end(), lower) != kExact.end();
}

std::string CleanQuery(std::string_view query) {
  std::string kept;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    std::string_view name = pair.substr(0, pair.find('='));
    if (!pair.empty() && !IsTrackingParameter(name)) {
      if (!kept.empty()) kept += '&';
      kept += pair;
    }
    start = end + 1;
  }
  return kept;
}

// Lower-cases the host and drops the scheme's default port.
std::string CleanAuthority(std::string_view authority, const std::string& scheme) {
  size_t at = authority.rfind('@');
  std::string userinfo = at == std::string_view::npos ? "" : std::string(authority.substr(0, at + 1));
  std::string host = Lower(std::string(authority.substr(at == std::string_view::npos ? 0 : at + 1)));
  if ((scheme == "http" && host.ends_with(":80")) || (scheme == "https" && host.ends_with(":443")))
    host.erase(host.rfind(':'));
  return userinfo + host;
}

}  // namespace

std::string CanonicalLink(std::string_view url) {
  std::string trimmed = Trim(url);
  std::string_view rest = trimmed;
  rest = rest.substr(0, rest.find('#'));
  size_t colon = rest.find("://");
  if (colon == std::string_view::npos) return std::string(rest);
  std::string scheme = Lower(std::string(rest.substr(0, colon)));
  rest.remove_prefix(colon + 3);
  size_t path_start = std::min(rest.find('/'), rest.find('?'));
  std::string_view authority = rest.substr(0, path_start);
  std::string_view tail = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  std::string out = scheme + "://" + CleanAuthority(authority, scheme);
  size_t question = tail.find('?');
  out += tail.substr(0, question);
  if (question != std::string_view::npos) {
    std::string query = CleanQuery(tail.substr(question + 1));
    if (!query.empty()) out += "?" + query;
  }
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

std::string ItemKey(const Item& item) {
  std::string guid = Trim(item.guid);
  if (!guid.empty()) return "guid:" + guid;
  std::string link = Trim(item.link);
  if (!link.empty()) return "link:" + CanonicalLink(link);
  std::string date = item.published.empty() ? item.updated : item.published;
  return "sha256:" + Sha256Hex(Trim(item.title) + "\n" + Trim(date));
}

}  // namespace feedmirror
