#include "app/feed_discovery.h"

#include <string_view>

#include "feed/feed_parser.h"
#include "fetch/transport.h"
#include "util/error.h"

namespace feedmirror {

namespace {

constexpr std::string_view kHtmlPage = "not a feed: it is an HTML page";

FetchResponse FetchOk(Transport& transport, const std::string& url) {
  FetchRequest request;
  request.url = url;
  FetchResponse response = transport.Fetch(request);
  if (!response.error.empty()) throw Error(url + ": " + response.error);
  if (!response.ok()) throw Error(url + ": HTTP " + std::to_string(response.status));
  return response;
}

Feed Parse(const FetchResponse& response) {
  ParseOptions options;
  options.base_url = response.final_url;
  options.content_type = response.content_type;
  return ParseFeed(response.body, options);
}

DiscoveredFeed FromFeed(const std::string& url, const Feed& feed) {
  return {url, feed.title, feed.link, {}};
}

}  // namespace

DiscoveredFeed DiscoverFeed(Transport& transport, const std::string& url) {
  FetchResponse response = FetchOk(transport, url);
  try {
    return FromFeed(url, Parse(response));
  } catch (const Error& e) {
    if (!std::string_view(e.what()).starts_with(kHtmlPage)) throw Error(url + ": " + e.what());
  }
  std::string page = response.final_url.empty() ? url : response.final_url;
  std::vector<std::string> links = HtmlFeedLinks(response.body, page);
  if (links.empty()) throw Error(url + ": an HTML page that links no feed");
  FetchResponse feed_response = FetchOk(transport, links[0]);
  DiscoveredFeed found;
  try {
    found = FromFeed(links[0], Parse(feed_response));
  } catch (const Error& e) {
    throw Error(links[0] + " (linked by " + url + "): " + e.what());
  }
  found.link = page;
  found.other_feeds.assign(links.begin() + 1, links.end());
  return found;
}

}  // namespace feedmirror
