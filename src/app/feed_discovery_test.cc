#include "app/feed_discovery.h"

#include <gtest/gtest.h>

#include <map>

#include "fetch/transport.h"
#include "util/error.h"

namespace feedmirror {
namespace {

using Strings = std::vector<std::string>;

// Answers from a map of URL to response; records what was asked.
class FakeTransport : public Transport {
 public:
  void Serve(const std::string& url, std::string body, long status = 200) {
    FetchResponse response;
    response.status = status;
    response.final_url = url;
    response.body = std::move(body);
    responses_[url] = std::move(response);
  }
  void Perform(const std::vector<FetchRequest>& requests,
               const std::function<void(size_t, FetchResponse)>& on_done) override {
    for (size_t i = 0; i < requests.size(); ++i) {
      requested.push_back(requests[i].url);
      auto it = responses_.find(requests[i].url);
      on_done(i, it != responses_.end()
                     ? it->second
                     : FetchResponse::Failure("connect failed: refused", requests[i].url));
    }
  }
  Strings requested;

 private:
  std::map<std::string, FetchResponse> responses_;
};

const char kRss[] =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>  Hong Kong\n Free Press "
    "</title><link>https://hkfp.example/</link><item><title>x</title></item></channel></rss>";
const char kAtom[] =
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom 新聞</title>"
    "<link href=\"https://news.example.tw/\"/></feed>";

std::string ErrorOf(FakeTransport& transport, const std::string& url) {
  try {
    DiscoverFeed(transport, url);
  } catch (const Error& e) {
    return e.what();
  }
  return "(found)";
}

TEST(FeedDiscoveryTest, AFeedIsTakenAsItIs) {
  FakeTransport transport;
  transport.Serve("https://hkfp.example/feed", kRss);
  DiscoveredFeed feed = DiscoverFeed(transport, "https://hkfp.example/feed");
  EXPECT_EQ(feed.url, "https://hkfp.example/feed");
  EXPECT_EQ(feed.title, "Hong Kong\n Free Press");
  EXPECT_EQ(feed.link, "https://hkfp.example/");
  EXPECT_EQ(feed.other_feeds, Strings{});
  EXPECT_EQ(transport.requested, Strings{"https://hkfp.example/feed"});
}

TEST(FeedDiscoveryTest, AnHtmlPageGivesItsFirstFeedAndListsTheOthers) {
  FakeTransport transport;
  transport.Serve("https://news.example.tw/index.html",
                  "<!DOCTYPE html><html><head><title>News</title>"
                  "<link rel=\"stylesheet\" href=\"/a.css\">"
                  "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/atom.xml\">"
                  "<link rel=\"alternate\" type=\"text/html\" href=\"/en/\">"
                  "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"rss?a=1&amp;b=2\">"
                  "<link rel=\"alternate\" type=\"application/feed+json\" "
                  "href=\"https://cdn.example/feed.json\">"
                  "</head><body></body></html>");
  transport.Serve("https://news.example.tw/atom.xml", kAtom);
  DiscoveredFeed feed = DiscoverFeed(transport, "https://news.example.tw/index.html");
  EXPECT_EQ(feed.url, "https://news.example.tw/atom.xml");
  EXPECT_EQ(feed.title, "Atom 新聞");
  EXPECT_EQ(feed.link, "https://news.example.tw/index.html");
  EXPECT_EQ(feed.other_feeds,
            (Strings{"https://news.example.tw/rss?a=1&b=2", "https://cdn.example/feed.json"}));
  EXPECT_EQ(transport.requested,
            (Strings{"https://news.example.tw/index.html", "https://news.example.tw/atom.xml"}));
}

TEST(FeedDiscoveryTest, ErrorsNameTheUrlAndTheProblem) {
  FakeTransport transport;
  transport.Serve("https://e.example/404", "not here", 404);
  transport.Serve("https://e.example/page", "<html><body>no feeds</body></html>");
  transport.Serve("https://e.example/text", "just text");
  transport.Serve("https://e.example/broken-link",
                  "<html><head><link rel=alternate type=application/rss+xml href=/gone.xml>");
  EXPECT_EQ(ErrorOf(transport, "https://e.example/404"), "https://e.example/404: HTTP 404");
  EXPECT_EQ(ErrorOf(transport, "https://e.example/none"),
            "https://e.example/none: connect failed: refused");
  EXPECT_EQ(ErrorOf(transport, "https://e.example/page"),
            "https://e.example/page: an HTML page that links no feed");
  EXPECT_EQ(ErrorOf(transport, "https://e.example/text"),
            "https://e.example/text: not a feed: no XML element found");
  EXPECT_EQ(ErrorOf(transport, "https://e.example/broken-link"),
            "https://e.example/gone.xml: connect failed: refused");
}

}  // namespace
}  // namespace feedmirror
