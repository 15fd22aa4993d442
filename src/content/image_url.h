// Image URLs as the archive writes them: through a proxy template, kept, or
// (later) downloaded. Also the `srcset` candidate list.
//
// Proxy templates hold placeholders:
//   {url}          the image's absolute URL with every byte except the
//                  unreserved ones (A-Z a-z 0-9 - . _ ~) percent-encoded:
//                  "https%3A%2F%2Fa.com%2Fx.jpg%3Fw%3D1".
//   {url_noscheme} the absolute URL without "scheme://", readable as the
//                  reference archive writes it ("a.com/x.jpg"), with every
//                  byte outside A-Z a-z 0-9 - . _ ~ / : @ ! $ ' ( ) * , =
//                  percent-encoded — so `%`, `&`, `#`, `+`, `?`, `;`, `[`,
//                  `]` cannot break the proxy's query: "a.com/x.jpg%3Fw=1".
// The image URL is first resolved against the base and normalized
// (ResolveHttpUrl), so an image's own %XX escapes survive one decoding.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/article_html.h"

namespace feedmirror {

// `text` with every byte outside A-Z a-z 0-9 and `keep` percent-encoded
// (upper-case hex).
std::string PercentEncode(std::string_view text, std::string_view keep);

// `proxy_template` with {url} and {url_noscheme} filled in for the absolute
// http(s) URL `absolute_url`.
std::string ProxyImageUrl(std::string_view absolute_url, std::string_view proxy_template);

// The URL the archive writes for an image URL found in the HTML (attribute
// value as found, entities decoded), or nullopt to leave it as it is:
// data: URLs and other non-http(s) ones, unresolvable relative ones, and
// URLs already going through the proxy. kKeep gives the absolute URL;
// kProxy and kDownload the proxied one (kDownload also appends the
// absolute URL to options.download_urls when set).
std::optional<std::string> ArchivedImageUrl(std::string_view url, const std::string& base_url,
                                            const ContentOptions& options);

// One `srcset` candidate: the URL and its descriptor text ("2x", "640w",
// or empty).
struct SrcsetCandidate {
  std::string url;
  std::string descriptors;
};

// The candidates of a `srcset` value, parsed as the HTML standard does (a
// URL is a run of non-space characters; trailing commas end it).
std::vector<SrcsetCandidate> ParseSrcset(std::string_view srcset);

// The candidates written back as "url descriptors, url descriptors".
std::string FormatSrcset(const std::vector<SrcsetCandidate>& candidates);

// `srcset` with each candidate's URL passed through ArchivedImageUrl;
// nullopt when no candidate changes.
std::optional<std::string> ArchivedSrcset(std::string_view srcset, const std::string& base_url,
                                          const ContentOptions& options);

}  // namespace feedmirror
