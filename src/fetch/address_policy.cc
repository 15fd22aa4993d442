#include "fetch/address_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace feedmirror {

namespace {

struct V4Block {
  uint32_t network;
  int prefix;
};

constexpr uint32_t V4(int a, int b, int c, int d) {
  return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | uint32_t(d);
}

constexpr std::array<V4Block, 16> kNonPublicV4 = {{
    {V4(0, 0, 0, 0), 8},        // "this network"
    {V4(10, 0, 0, 0), 8},       // private
    {V4(100, 64, 0, 0), 10},    // shared address space (carrier NAT)
    {V4(127, 0, 0, 0), 8},      // loopback
    {V4(169, 254, 0, 0), 16},   // link-local (cloud metadata services live here)
    {V4(172, 16, 0, 0), 12},    // private
    {V4(192, 0, 0, 0), 24},     // IETF protocol assignments
    {V4(192, 0, 2, 0), 24},     // documentation
    {V4(192, 88, 99, 0), 24},   // 6to4 relay anycast
    {V4(192, 168, 0, 0), 16},   // private
    {V4(198, 18, 0, 0), 15},    // benchmarking
    {V4(198, 51, 100, 0), 24},  // documentation
    {V4(203, 0, 113, 0), 24},   // documentation
    {V4(224, 0, 0, 0), 4},      // multicast
    {V4(240, 0, 0, 0), 4},      // reserved, and the broadcast address
    {V4(255, 255, 255, 255), 32},
}};

bool IsPublicV4(uint32_t address) {
  for (const V4Block& block : kNonPublicV4) {
    uint32_t mask = block.prefix == 0 ? 0 : ~uint32_t{0} << (32 - block.prefix);
    if ((address & mask) == block.network) return false;
  }
  return true;
}

uint32_t V4At(const uint8_t* bytes) {
  return (uint32_t(bytes[0]) << 24) | (uint32_t(bytes[1]) << 16) | (uint32_t(bytes[2]) << 8) |
         uint32_t(bytes[3]);
}

bool StartsWith(const uint8_t* bytes, std::initializer_list<uint8_t> prefix) {
  return std::memcmp(bytes, prefix.begin(), prefix.size()) == 0;
}

bool IsPublicV6(const uint8_t* b) {
  static const uint8_t kZero[12] = {};
  if (std::memcmp(b, kZero, 12) == 0) return V4At(b + 12) > 1 && IsPublicV4(V4At(b + 12));  // ::, ::1, ::a.b.c.d
  if (std::memcmp(b, kZero, 10) == 0 && b[10] == 0xff && b[11] == 0xff) return IsPublicV4(V4At(b + 12));
  if (StartsWith(b, {0x00, 0x64, 0xff, 0x9b}) && std::memcmp(b + 4, kZero, 8) == 0) {
    return IsPublicV4(V4At(b + 12));  // NAT64
  }
  if (StartsWith(b, {0x20, 0x02})) return IsPublicV4(V4At(b + 2));  // 6to4
  if ((b[0] & 0xfe) == 0xfc) return false;                          // unique local fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;          // link-local fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;          // site-local fec0::/10
  if (b[0] == 0xff) return false;                                   // multicast
  if (StartsWith(b, {0x20, 0x01, 0x0d, 0xb8})) return false;        // documentation
  if (StartsWith(b, {0x01, 0x00}) && std::memcmp(b + 2, kZero, 6) == 0) return false;  // discard
  return true;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

std::string AddressText(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text,
              sizeof text);
  }
  return text;
}

}  // namespace

bool IsPublicAddress(std::string_view ip) {
  std::string text(ip);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return IsPublicV4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IsPublicV6(v6.s6_addr);
  return false;
}

std::string HttpUrlHost(std::string_view url) {
  std::string lower = Lower(url.substr(0, 8));
  size_t start = lower.starts_with("http://") ? 7 : lower.starts_with("https://") ? 8 : 0;
  if (start == 0) return "";
  std::string_view rest = url.substr(start);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.starts_with('[')) {
    size_t close = rest.find(']');
    return close == std::string_view::npos ? "" : Lower(rest.substr(1, close - 1));
  }
  return Lower(rest.substr(0, rest.find(':')));
}

std::string NonPublicHostReason(const std::string& url) {
  std::string host = HttpUrlHost(url);
  if (host.empty()) return "not an http(s) URL";
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int status = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (status != 0) return "cannot resolve " + host + ": " + gai_strerror(status);
  std::string reason;
  for (addrinfo* a = found; a && reason.empty(); a = a->ai_next) {
    std::string address = AddressText(a->ai_addr);
    if (!IsPublicAddress(address)) {
      reason = host + " resolves to " + address + ", a loopback, private or reserved address";
    }
  }
  freeaddrinfo(found);
  return reason;
}

}  // namespace feedmirror
