// The transport against a real HTTP server on 127.0.0.1.
#include "fetch/curl_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fetch/transport.h"
#include "http_test_server.h"

namespace feedmirror {
namespace {

using feedmirror::testing::Brotli;
using feedmirror::testing::Gzip;
using feedmirror::testing::GzipZeros;
using feedmirror::testing::TestHttpServer;
using std::chrono::milliseconds;

// A port on 127.0.0.1 that nothing listens on: bound, then released.
int ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

constexpr const char* kFeed = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";
constexpr const char* kFeedType = "application/rss+xml; charset=utf-8";

class CurlTransportTest : public ::testing::Test {
 protected:
  CurlTransportTest() {
    options_.host_delay_min_ms = 0;
    options_.host_delay_max_ms = 0;
  }

  httplib::Server& server() { return server_.server(); }

  FetchResponse Get(const std::string& path, FetchRequest request = {}) {
    StartOnce();
    request.url = server_.Url(path);
    return NewDefaultTransport(options_)->Fetch(request);
  }

  void StartOnce() {
    if (!started_) server_.Start();
    started_ = true;
  }

  void ServeFeed(const std::string& path) {
    server().Get(path, [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kFeed, kFeedType);
    });
  }

  // A body sent as is with the given Content-Encoding.
  void ServeEncoded(const std::string& path, std::string body, const std::string& encoding) {
    server().Get(path, [body, encoding](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Encoding", encoding);
      res.set_content(body, "application/rss+xml");
    });
  }

  void ServeRedirect(const std::string& path, int status, const std::string& location) {
    server().Get(path, [status, location](const httplib::Request&, httplib::Response& res) {
      res.status = status;
      res.set_header("Location", location);
    });
  }

  TestHttpServer server_;
  TransportOptions options_;
  bool started_ = false;
};

TEST_F(CurlTransportTest, PlainGetReturnsBodyTypeAndValidators) {
  server().Get("/feed", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
    res.set_content(kFeed, kFeedType);
  });
  FetchResponse response = Get("/feed");
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.ok());
  EXPECT_EQ(response.body, kFeed);
  EXPECT_EQ(response.content_type, kFeedType);
  EXPECT_EQ(response.etag, "\"v1\"");
  EXPECT_EQ(response.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(response.final_url, server_.Url("/feed"));
  EXPECT_TRUE(response.redirect_statuses.empty());
  EXPECT_EQ(response.wire_bytes, std::string(kFeed).size());
}

TEST_F(CurlTransportTest, SendsUserAgentAndExtraHeaders) {
  httplib::Headers seen;
  server().Get("/feed", [&](const httplib::Request& req, httplib::Response& res) {
    seen = req.headers;
    res.set_content(kFeed, kFeedType);
  });
  FetchRequest request;
  request.headers = {{"Referer", "https://example.org/"}, {"Cookie", "a=1; b=2"}};
  ASSERT_TRUE(Get("/feed", request).ok());
  auto header = [&](const char* name) {
    auto found = seen.find(name);
    return found == seen.end() ? std::string("(none)") : found->second;
  };
  EXPECT_EQ(header("User-Agent"), std::string("feedmirror/") + FEEDMIRROR_VERSION +
                                      " (+https://github.com/feedmirror/feedmirror)");
  EXPECT_EQ(header("Referer"), "https://example.org/");
  EXPECT_EQ(header("Cookie"), "a=1; b=2");
  EXPECT_EQ(header("If-None-Match"), "(none)");
  EXPECT_EQ(header("If-Modified-Since"), "(none)");
}

TEST_F(CurlTransportTest, ConfiguredUserAgentReplacesTheDefault) {
  std::string agent;
  server().Get("/feed", [&](const httplib::Request& req, httplib::Response& res) {
    agent = req.get_header_value("User-Agent");
    res.set_content(kFeed, kFeedType);
  });
  options_.user_agent = "my-mirror/2.0";
  ASSERT_TRUE(Get("/feed").ok());
  EXPECT_EQ(agent, "my-mirror/2.0");
}

TEST_F(CurlTransportTest, ConditionalGetGets304WhenValidatorsMatch) {
  std::string if_modified_since;
  server().Get("/feed", [&](const httplib::Request& req, httplib::Response& res) {
    if_modified_since = req.get_header_value("If-Modified-Since");
    res.set_header("ETag", "\"v1\"");
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_content(kFeed, kFeedType);
  });
  FetchRequest request;
  request.etag = "\"v1\"";
  request.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
  FetchResponse response = Get("/feed", request);
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.status, 304);
  EXPECT_FALSE(response.ok());
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(response.etag, "\"v1\"");
  EXPECT_EQ(if_modified_since, "Wed, 21 Oct 2015 07:28:00 GMT");

  request.etag = "\"v0\"";
  response = Get("/feed", request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, kFeed);
}

TEST_F(CurlTransportTest, AdvertisesAndDecodesGzip) {
  std::string accept_encoding;
  std::string compressed = Gzip(std::string(kFeed) + std::string(5000, ' '));
  server().Get("/feed", [&](const httplib::Request& req, httplib::Response& res) {
    accept_encoding = req.get_header_value("Accept-Encoding");
    res.set_header("Content-Encoding", "gzip");
    res.set_content(compressed, "application/rss+xml");
  });
  FetchResponse response = Get("/feed");
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.body, std::string(kFeed) + std::string(5000, ' '));
  EXPECT_EQ(response.wire_bytes, compressed.size());
  EXPECT_NE(accept_encoding.find("gzip"), std::string::npos) << accept_encoding;
  EXPECT_NE(accept_encoding.find("deflate"), std::string::npos) << accept_encoding;
  EXPECT_NE(accept_encoding.find("br"), std::string::npos) << accept_encoding;
}

TEST_F(CurlTransportTest, DecodesBrotli) {
  ServeEncoded("/feed", Brotli(kFeed), "br");
  FetchResponse response = Get("/feed");
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.body, kFeed);
}

TEST_F(CurlTransportTest, FollowsRedirectChainRecordingEachStatus) {
  StartOnce();  // the port goes into an absolute Location
  ServeRedirect("/301", 301, "/302");
  ServeRedirect("/302", 302, server_.Url("/307"));  // absolute and relative
  ServeRedirect("/307", 307, "/308");
  ServeRedirect("/308", 308, "/feed");
  ServeFeed("/feed");
  FetchResponse response = Get("/301");
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, kFeed);
  EXPECT_EQ(response.redirect_statuses, (std::vector<long>{301, 302, 307, 308}));
  EXPECT_EQ(response.final_url, server_.Url("/feed"));
}

TEST_F(CurlTransportTest, StopsARedirectLoopAfterMaxRedirects) {
  ServeRedirect("/a", 302, "/b");
  ServeRedirect("/b", 301, "/a");
  FetchResponse response = Get("/a");
  EXPECT_EQ(response.error, "too many redirects (5)");
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.redirect_statuses, (std::vector<long>{302, 301, 302, 301, 302}));
  EXPECT_EQ(response.final_url, server_.Url("/b"));
}

TEST_F(CurlTransportTest, FollowsExactlyMaxRedirects) {
  options_.max_redirects = 2;
  ServeRedirect("/1", 301, "/2");
  ServeRedirect("/2", 301, "/feed");
  ServeFeed("/feed");
  EXPECT_EQ(Get("/1").status, 200);
  ServeRedirect("/0", 301, "/1");
  EXPECT_EQ(Get("/0").error, "too many redirects (2)");
}

TEST_F(CurlTransportTest, RedirectToAnotherSchemeIsRefused) {
  ServeRedirect("/feed", 302, "file:///etc/passwd");
  FetchResponse response = Get("/feed");
  EXPECT_EQ(response.error, "unsupported URL scheme");
  EXPECT_EQ(response.redirect_statuses, (std::vector<long>{302}));
  EXPECT_EQ(response.body, "");
}

TEST_F(CurlTransportTest, HttpErrorsAreStatusesNotErrors) {
  for (int status : {404, 410, 500}) {
    server().Get("/" + std::to_string(status), [status](const httplib::Request&, httplib::Response& res) {
      res.status = status;
      res.set_content("nope", "text/plain");
    });
  }
  for (int status : {404, 410, 500}) {
    FetchResponse response = Get("/" + std::to_string(status));
    EXPECT_EQ(response.error, "") << status;
    EXPECT_EQ(response.status, status);
    EXPECT_FALSE(response.ok());
  }
}

TEST_F(CurlTransportTest, BodyOverTheCapIsAnError) {
  options_.max_body_bytes = 1000;
  ServeEncoded("/feed", std::string(1001, 'x'), "identity");
  server().Get("/chunked", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/rss+xml", [](size_t, httplib::DataSink& sink) {
      for (int i = 0; i < 11; ++i) sink.write(std::string(100, 'x').data(), 100);
      sink.done();
      return true;
    });
  });
  FetchResponse response = Get("/feed");
  EXPECT_EQ(response.error, "response body exceeds 1000 bytes");
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(Get("/chunked").error, "response body exceeds 1000 bytes");
  options_.max_body_bytes = 1100;
  EXPECT_EQ(Get("/chunked").body, std::string(1100, 'x'));
}

TEST_F(CurlTransportTest, GzipBombStopsAtTheDecompressedCap) {
  std::string bomb = GzipZeros(64 << 20);  // 64 MB of zeros in about 64 KB
  ASSERT_LT(bomb.size(), 200u << 10);
  ServeEncoded("/feed", bomb, "gzip");
  FetchResponse response = Get("/feed");
  EXPECT_EQ(response.error, "response body exceeds 20 MB");
  EXPECT_EQ(response.body, "");
}

TEST_F(CurlTransportTest, RefusedConnectionIsConnectFailed) {
  int port = ClosedPort();
  FetchRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(port) + "/feed";
  FetchResponse response = NewDefaultTransport(options_)->Fetch(request);
  EXPECT_EQ(response.error.rfind("connect failed: ", 0), 0u) << response.error;
  EXPECT_EQ(response.status, 0);
}

}  // namespace
}  // namespace feedmirror
