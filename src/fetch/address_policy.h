// Which network addresses feedmirror may fetch from on behalf of a feed.
// Image URLs come from feed content, which anyone can write: fetching them
// blindly would let a feed make the archiver request hosts on its own
// network (server-side request forgery). Downloads of such URLs therefore
// go only to public addresses unless the configuration allows otherwise.
#pragma once

#include <string>
#include <string_view>

namespace feedmirror {

// True when `ip` (an IPv4 or IPv6 address in text form) is a public unicast
// address. False for loopback, private (10/8, 172.16/12, 192.168/16,
// fc00::/7), link-local (169.254/16, fe80::/10), shared (100.64/10),
// unspecified, "this network" (0/8), benchmarking (198.18/15), the IETF
// block (192.0.0/24), documentation, multicast and reserved (240/4)
// addresses; IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) and 6to4
// (2002::/16) IPv6 addresses are judged by the IPv4 address they carry.
// False for text that is no address.
bool IsPublicAddress(std::string_view ip);

// Why the host of the http(s) URL `url` must not be fetched, or "" when it
// may: the URL's scheme is not http(s) or it has no host ("not an http(s)
// URL"), the host does not resolve ("cannot resolve HOST: ..."), or one of
// its addresses is not public ("HOST resolves to 127.0.0.1, a loopback,
// private or reserved address"). Every address the name resolves to is
// checked, so that a name cannot hide a private address behind a public
// one. Resolves through the system's resolver (getaddrinfo); blocks.
std::string NonPublicHostReason(const std::string& url);

// The host of an http(s) URL, lower-cased, without brackets around an IPv6
// address; "" when `url` is not an http(s) URL with a host.
std::string HttpUrlHost(std::string_view url);

}  // namespace feedmirror
