// Real-world breakage and hostile input through ParseFeed: what is
// recovered, the bozo reason, and the errors when nothing is left.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "feed/feed_parser.h"
#include "util/error.h"

namespace feedmirror {
namespace {

std::vector<std::string> Titles(const Feed& feed) {
  std::vector<std::string> out;
  for (const Item& item : feed.items) out.push_back(item.title);
  return out;
}

std::string ErrorOf(std::string_view bytes, const ParseOptions& options = {}) {
  try {
    ParseFeed(bytes, options);
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(FeedParserBrokenTest, EntitiesAmpersandsAndControls) {
  Feed feed = ParseFeed(
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A&nbsp;B &mdash; C</title>"
      "<item><title>AT&T &amp; Q&A</title><link>http://x.tw/a?b=1&c=2</link></item>"
      "<item><title>1 < 2\x0c</title></item></channel></rss>",
      {});
  EXPECT_EQ(feed.title, "A\u00a0B \u2014 C");
  EXPECT_EQ(Titles(feed), (std::vector<std::string>{"AT&T & Q&A", "1 < 2"}));
  EXPECT_EQ(feed.items[0].link, "http://x.tw/a?b=1&c=2");
  EXPECT_TRUE(feed.bozo);
  EXPECT_EQ(feed.bozo_reason,
            "malformed XML repaired: HTML entities turned into character references, unescaped '&' escaped, "
            "unescaped '<' escaped, control characters removed");
}

TEST(FeedParserBrokenTest, TruncatedDocumentKeepsIntactItems) {
  Feed feed = ParseFeed(
      "<rss version=\"2.0\"><channel><title>T</title><item><title>one</title></item>"
      "<item><title>two</title></item><item><title>thr",
      {});
  EXPECT_EQ(Titles(feed), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(feed.title, "T");
  EXPECT_TRUE(feed.bozo);
  EXPECT_EQ(feed.bozo_reason, "the document is truncated; intact items kept");
}

TEST(FeedParserBrokenTest, MismatchedTags) {
  Feed feed = ParseFeed(
      "<rss version=\"2.0\"><channel><item><title>one</titel><description><p>x</description></item>"
      "<item><title>two</title></channel></rss>",
      {});
  EXPECT_EQ(Titles(feed), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(feed.items[0].description, "<p>x</p>");
  EXPECT_EQ(feed.bozo_reason,
            "malformed XML repaired: misspelt end tag </titel> read as </title>, "
            "missing end tag </p> supplied, missing end tag </item> supplied");
}

TEST(FeedParserBrokenTest, GarbageAndSpaceBeforeTheDeclaration) {
  Feed feed = ParseFeed("\n\n  <!-- generated -->\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                        "<title>T</title></channel></rss>",
                        {});
  EXPECT_EQ(feed.title, "T");
  EXPECT_FALSE(feed.bozo);
  feed = ParseFeed("Warning: mysql_connect() failed\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>"
                   "<title>T</title></channel></rss>",
                   {});
  EXPECT_EQ(feed.title, "T");
  EXPECT_EQ(feed.bozo_reason, "malformed XML repaired: text before the document's root element dropped");
}

TEST(FeedParserBrokenTest, HtmlPageNamesTheFeedsItLinks) {
  std::string html =
      "<!DOCTYPE html>\n<html><head><title>News</title>"
      "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"RSS\" href=\"/rss.xml\">"
      "<link rel=\"stylesheet\" href=\"/a.css\">"
      "<LINK REL=\"alternate\" TYPE=\"application/atom+xml\" HREF=\"https://news.example.tw/atom?a=1&amp;b=2\">"
      "</head><body><p>hi</body></html>";
  ParseOptions o;
  o.base_url = "https://news.example.tw/index.html";
  EXPECT_EQ(ErrorOf(html, o),
            "not a feed: it is an HTML page (it links the feeds: https://news.example.tw/rss.xml, "
            "https://news.example.tw/atom?a=1&b=2)");
  EXPECT_EQ(ErrorOf("<html><body>Not found</body></html>"), "not a feed: it is an HTML page");
}

TEST(FeedParserBrokenTest, NothingUsable) {
  EXPECT_EQ(ErrorOf("   \n"), "not a feed: the document is empty");
  EXPECT_EQ(ErrorOf("just some text"), "not a feed: no XML element found");
  EXPECT_EQ(ErrorOf("<note><to>x</to></note>"), "not a feed: the document's root element is <note>");
  EXPECT_EQ(ErrorOf("{\"a\": 1}"), "not a feed: JSON without a JSON Feed \"version\" or \"items\"");
}

// No file is read: an external entity naming /etc/passwd stays empty.
TEST(FeedParserSafetyTest, ExternalEntityToALocalFileIsNotLoaded) {
  Feed feed = ParseFeed(
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
      "<rss version=\"2.0\"><channel><title>a&xxe;b</title></channel></rss>",
      {});
  EXPECT_EQ(feed.title, "ab");
  EXPECT_EQ(feed.bozo_reason, "malformed XML repaired: external entity &xxe; not loaded");
  feed = ParseFeed("<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"/etc/passwd\"><rss version=\"2.0\">"
                   "<channel><title>t</title></channel></rss>",
                   {});
  EXPECT_EQ(feed.title, "t");
}

// A listener on 127.0.0.1 that counts the connections made to it and
// answers each with a DTD.
class HitCounter {
 public:
  HitCounter() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~HitCounter() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  int hits() const { return hits_; }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0) continue;
      int client = accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      ++hits_;
      const char reply[] = "HTTP/1.0 200 OK\r\nContent-Type: application/xml-dtd\r\n\r\n<!ENTITY evil \"EVIL\">";
      (void)!write(client, reply, sizeof reply - 1);
      close(client);
    }
  }
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> hits_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// No network: a server that records hits sees none.
TEST(FeedParserSafetyTest, ExternalDtdAndEntitiesOverHttpAreNeverFetched) {
  HitCounter server;
  int port = server.port();
  std::string url = "http://127.0.0.1:" + std::to_string(port);
  std::string xml = "<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"" + url + "/rss.dtd\" [" +
                    "<!ENTITY % remote SYSTEM \"" + url + "/pe.dtd\"> %remote;" +
                    "<!ENTITY ext SYSTEM \"" + url + "/ext.txt\">]>" +
                    "<rss version=\"2.0\" xmlns:x=\"" + url + "/ns\"><channel><title>a&ext;&evil;b</title>" +
                    "<item><title>i</title><enclosure url=\"" + url + "/e.mp3\" type=\"audio/mpeg\"/></item>"
                    "</channel></rss>";
  Feed feed = ParseFeed(xml, {});
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(server.hits(), 0);
  EXPECT_EQ(feed.title, "a&evil;b");
  ASSERT_EQ(feed.items.size(), 1u);
}

TEST(FeedParserSafetyTest, BillionLaughsEndsFastWithAClearError) {
  std::string xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY l0 \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    xml += "<!ENTITY l" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) xml += "&l" + std::to_string(i - 1) + ";";
    xml += "\">";
  }
  xml += "]><rss version=\"2.0\"><channel><title>&l9;</title></channel></rss>";
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ErrorOf(xml),
            "entity expansion limit exceeded: entity &l6; expands to more than 1048576 bytes "
            "(a \"billion laughs\" document?)");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(FeedParserSafetyTest, DepthAndSizeAreCapped) {
  std::string deep = "<rss version=\"2.0\"><channel><item><title>t</title><description>";
  for (int i = 0; i < 150; ++i) deep += "<div>";
  deep += "x";
  for (int i = 0; i < 150; ++i) deep += "</div>";
  deep += "</description></item></channel></rss>";
  ParseOptions o;
  o.max_depth = 50;
  Feed feed = ParseFeed(deep, o);
  EXPECT_EQ(Titles(feed), std::vector<std::string>{"t"});
  EXPECT_EQ(feed.bozo_reason, "elements nested deeper than 50 skipped");
  o.max_bytes = 100;
  EXPECT_EQ(ErrorOf(deep, o), "feed too large: " + std::to_string(deep.size()) + " bytes (the limit is 100)");
}

}  // namespace
}  // namespace feedmirror
