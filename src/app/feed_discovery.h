// What `feedmirror add URL` subscribes to: the feed at URL, or the first
// feed that the HTML page at URL links.
#pragma once

#include <string>
#include <vector>

namespace feedmirror {

class Transport;

struct DiscoveredFeed {
  std::string url;    // the feed's URL
  std::string title;  // the feed's title; may be empty
  // Its web page: the HTML page it was found on, else the feed's own link.
  std::string link;
  // The page's other feeds, in page order (empty for a feed URL).
  std::vector<std::string> other_feeds;
};

// Fetches `url` through `transport` and parses it (feed/feed_parser.h).
// A feed is returned as is. An HTML page that links feeds with
// <link rel="alternate"> gives its first feed, fetched and parsed in turn,
// and lists the others. Throws Error naming the URL and what was wrong:
//   "URL: HTTP 404", "URL: connect failed: ..." (a failed fetch),
//   "URL: an HTML page that links no feed",
//   "URL: not a feed: ..." (the parser's reason).
DiscoveredFeed DiscoverFeed(Transport& transport, const std::string& url);

}  // namespace feedmirror
