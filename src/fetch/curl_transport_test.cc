// The transport against a real HTTP server on 127.0.0.1.
#include "fetch/curl_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

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

// Sets environment variables for one test and restores them after it.
class ScopedEnv {
 public:
  ScopedEnv(std::initializer_list<std::pair<const char*, std::string>> values) {
    for (const auto& [name, value] : values) {
      const char* old = std::getenv(name);
      saved_.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
      ::setenv(name, value.c_str(), 1);
    }
  }
  ~ScopedEnv() {
    for (const auto& [name, old] : saved_) old ? ::setenv(name, old->c_str(), 1) : ::unsetenv(name);
  }

 private:
  std::vector<std::pair<const char*, std::optional<std::string>>> saved_;
};

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

  // The test server is reached directly even where the environment names
  // a proxy (CI behind one).
  ScopedEnv direct_{{"no_proxy", "127.0.0.1,localhost,.test"}};
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

TEST_F(CurlTransportTest, DecodesDeflate) {
  ServeEncoded("/feed", testing::Deflate(kFeed), "deflate");
  FetchResponse response = Get("/feed");
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.body, kFeed);
}

TEST_F(CurlTransportTest, CorruptCompressedBodyIsAnError) {
  ServeEncoded("/feed", "this is not gzip at all", "gzip");
  FetchResponse response = Get("/feed");
  EXPECT_EQ(
      response.error,
      "cannot decompress body: Error while processing content unencoding: incorrect header check");
  EXPECT_EQ(response.body, "");
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
    server().Get("/" + std::to_string(status),
                 [status](const httplib::Request&, httplib::Response& res) {
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
  // libcurl names the milliseconds it waited, which a loaded machine makes
  // more than 0: compare around them.
  const std::string prefix =
      "connect failed: Failed to connect to 127.0.0.1 port " + std::to_string(port) + " after ";
  EXPECT_TRUE(response.error.starts_with(prefix)) << response.error;
  EXPECT_TRUE(response.error.ends_with(" ms: Couldn't connect to server")) << response.error;
  EXPECT_EQ(response.status, 0);
}

TEST_F(CurlTransportTest, RetryAfterIsCapturedRaw) {
  server().Get("/429", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "120");
  });
  server().Get("/503", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "Fri, 27 Nov 2026 03:00:00 GMT");
  });
  FetchResponse too_many = Get("/429");
  EXPECT_EQ(too_many.error, "");
  EXPECT_EQ(too_many.status, 429);
  EXPECT_EQ(too_many.retry_after, "120");
  FetchResponse unavailable = Get("/503");
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.retry_after, "Fri, 27 Nov 2026 03:00:00 GMT");
}

// Headers, then nothing until the server stops.
void StallAfterHeaders(TestHttpServer& server, const std::string& path) {
  server.server().Get(path, [&server](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/rss+xml",
                                     [&server](size_t, httplib::DataSink& sink) {
                                       server.Pause(std::chrono::seconds(30));
                                       sink.done();
                                       return true;
                                     });
  });
}

TEST_F(CurlTransportTest, StallAfterHeadersTimesOut) {
  StallAfterHeaders(server_, "/stall");
  options_.transfer_timeout_seconds = 1;
  options_.low_speed_bytes_per_second = 0;
  auto start = std::chrono::steady_clock::now();
  FetchResponse response = Get("/stall");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(response.error, "timed out after 1 s");
  EXPECT_EQ(response.status, 0);
  EXPECT_GE(took, milliseconds(950));
  EXPECT_LT(took, milliseconds(2500));
}

// Without the cancel the stalled request would end, 30 s later, with an
// error passed to on_done; cancelled, it gets no call at all.
TEST_F(CurlTransportTest, CancelAbandonsAStalledTransferWithoutCallingOnDone) {
  StallAfterHeaders(server_, "/stall");
  ServeFeed("/feed");
  StartOnce();
  std::atomic<bool> cancel{false};
  options_.cancel = &cancel;
  options_.transfer_timeout_seconds = 30;
  options_.low_speed_bytes_per_second = 0;
  std::vector<FetchRequest> requests(2);
  requests[0].url = server_.Url("/feed");
  requests[1].url = server_.Url("/stall");
  std::vector<size_t> done;
  NewDefaultTransport(options_)->Perform(requests, [&](size_t i, FetchResponse response) {
    EXPECT_EQ(response.body, kFeed);
    done.push_back(i);
    cancel = true;  // as a signal arriving while /stall is in flight
  });
  EXPECT_EQ(done, std::vector<size_t>{0});
}

TEST_F(CurlTransportTest, TimeoutCoversTheWholeRedirectChain) {
  server().Get("/slow-redirect", [this](const httplib::Request&, httplib::Response& res) {
    server_.Pause(milliseconds(700));
    res.status = 302;
    res.set_header("Location", "/slow-redirect-2");
  });
  server().Get("/slow-redirect-2", [this](const httplib::Request&, httplib::Response& res) {
    server_.Pause(milliseconds(700));
    res.set_content(kFeed, kFeedType);
  });
  options_.transfer_timeout_seconds = 1;
  FetchResponse response = Get("/slow-redirect");
  EXPECT_EQ(response.error, "timed out after 1 s");
  EXPECT_EQ(response.redirect_statuses, (std::vector<long>{302}));
}

TEST_F(CurlTransportTest, TrickleBelowTheLowSpeedLimitIsStopped) {
  server().Get("/trickle", [this](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/rss+xml",
                                     [this](size_t, httplib::DataSink& sink) {
                                       // 10 bytes every 100 ms: 100 bytes/s, against a limit of
                                       // 1000.
                                       while (server_.Pause(milliseconds(100)))
                                         if (!sink.write("<!-- -->\n\n", 10)) return false;
                                       sink.done();
                                       return true;
                                     });
  });
  options_.low_speed_bytes_per_second = 1000;
  options_.low_speed_seconds = 1;
  auto start = std::chrono::steady_clock::now();
  FetchResponse response = Get("/trickle");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(response.error, "too slow: under 1000 bytes/s for 1 s");
  EXPECT_EQ(response.body, "");
  EXPECT_LT(took, milliseconds(3000));
}

TEST_F(CurlTransportTest, TruncatedBodyIsAnError) {
  server().Get("/truncated", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(1000, "application/rss+xml",
                             [](size_t, size_t, httplib::DataSink& sink) {
                               sink.write(std::string(400, 'x').data(), 400);
                               return false;  // closes the connection
                             });
  });
  FetchResponse response = Get("/truncated");
  EXPECT_EQ(response.error, "truncated body: transfer closed with 600 bytes remaining to read");
  EXPECT_EQ(response.status, 0);
  EXPECT_EQ(response.body, "");
}

// Several requests at once, on the calling thread.
class CurlConcurrencyTest : public CurlTransportTest {
 protected:
  struct Done {
    size_t index;
    FetchResponse response;
    std::chrono::steady_clock::time_point at;
  };

  std::vector<Done> PerformAll(const std::vector<std::string>& urls) {
    std::vector<FetchRequest> requests(urls.size());
    for (size_t i = 0; i < urls.size(); ++i) requests[i].url = urls[i];
    std::vector<Done> done;
    std::thread::id caller = std::this_thread::get_id();
    NewDefaultTransport(options_)->Perform(requests, [&](size_t i, FetchResponse response) {
      EXPECT_EQ(std::this_thread::get_id(), caller);
      done.push_back({i, std::move(response), std::chrono::steady_clock::now()});
    });
    return done;
  }

  // Each host name given resolves to the test server.
  void ResolveHosts(const std::vector<std::string>& hosts) {
    StartOnce();
    for (const std::string& host : hosts) options_.resolve.push_back(server_.ResolveEntry(host));
  }

  void ServeBusy(milliseconds duration) {
    server().Get("/busy", [this, duration](const httplib::Request&, httplib::Response& res) {
      testing::ConcurrencyGauge::Scope scope(gauge_);
      server_.Pause(duration);
      res.set_content(kFeed, kFeedType);
    });
  }

  testing::ConcurrencyGauge gauge_;
};

TEST_F(CurlConcurrencyTest, SlowHostDoesNotHoldUpFastOnes) {
  server().Get("/slow", [this](const httplib::Request&, httplib::Response& res) {
    server_.Pause(milliseconds(1000));
    res.set_content(kFeed, kFeedType);
  });
  ServeFeed("/fast");
  ResolveHosts({"slow.test", "fast.test"});
  std::vector<std::string> urls = {server_.UrlOn("slow.test", "/slow")};
  for (int i = 0; i < 6; ++i) urls.push_back(server_.UrlOn("fast.test", "/fast"));
  auto start = std::chrono::steady_clock::now();
  std::vector<Done> done = PerformAll(urls);
  ASSERT_EQ(done.size(), 7u);
  EXPECT_EQ(done.back().index, 0u);  // the slow one, last
  for (size_t i = 0; i + 1 < done.size(); ++i) {
    EXPECT_EQ(done[i].response.error, "");
    EXPECT_EQ(done[i].response.body, kFeed);
    EXPECT_LT(done[i].at - start, milliseconds(700));
  }
  EXPECT_EQ(done.back().response.body, kFeed);
  EXPECT_LT(done.back().at - start, milliseconds(1800));
}

TEST_F(CurlConcurrencyTest, AtMostMaxPerHostTransfersToOneHost) {
  ServeBusy(milliseconds(150));
  ResolveHosts({"one.test"});
  options_.max_per_host = 2;
  std::vector<Done> done =
      PerformAll(std::vector<std::string>(6, server_.UrlOn("one.test", "/busy")));
  ASSERT_EQ(done.size(), 6u);
  for (const Done& d : done) EXPECT_EQ(d.response.body, kFeed);
  EXPECT_EQ(gauge_.max(), 2);
}

TEST_F(CurlConcurrencyTest, AtMostMaxInFlightTransfersInAll) {
  ServeBusy(milliseconds(150));
  std::vector<std::string> hosts = {"a.test", "b.test", "c.test", "d.test", "e.test", "f.test"};
  ResolveHosts(hosts);
  options_.max_in_flight = 3;
  std::vector<std::string> urls;
  for (const std::string& host : hosts) urls.push_back(server_.UrlOn(host, "/busy"));
  std::vector<Done> done = PerformAll(urls);
  ASSERT_EQ(done.size(), 6u);
  for (const Done& d : done) EXPECT_EQ(d.response.error, "");
  EXPECT_EQ(gauge_.max(), 3);
}

TEST_F(CurlConcurrencyTest, PausesBetweenStartsToTheSameHostOnly) {
  std::mutex mutex;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> arrivals;
  server().Get("/stamp", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    arrivals[req.get_header_value("Host")].push_back(std::chrono::steady_clock::now());
    res.set_content(kFeed, kFeedType);
  });
  ResolveHosts({"a.test", "b.test"});
  options_.host_delay_min_ms = 250;
  options_.host_delay_max_ms = 300;
  std::string a = server_.UrlOn("a.test", "/stamp"), b = server_.UrlOn("b.test", "/stamp");
  ASSERT_EQ(PerformAll({a, a, a, b}).size(), 4u);
  auto& at_a = arrivals["a.test:" + std::to_string(server_.port())];
  auto& at_b = arrivals["b.test:" + std::to_string(server_.port())];
  ASSERT_EQ(at_a.size(), 3u);
  ASSERT_EQ(at_b.size(), 1u);
  EXPECT_GE(at_a[1] - at_a[0], milliseconds(240));
  EXPECT_GE(at_a[2] - at_a[1], milliseconds(240));
  EXPECT_LT(at_b[0] - at_a[0], milliseconds(200));  // b does not wait for a
}

TEST_F(CurlConcurrencyTest, HostThatAsksForAPauseGetsNoMoreRequestsThisRun) {
  std::atomic<int> feed_hits{0};
  server().Get("/limited", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "120");
  });
  server().Get("/feed", [&](const httplib::Request&, httplib::Response& res) {
    ++feed_hits;
    res.set_content(kFeed, kFeedType);
  });
  ResolveHosts({"busy.test", "calm.test"});
  options_.max_per_host = 1;
  auto start = std::chrono::steady_clock::now();
  std::vector<Done> done =
      PerformAll({server_.UrlOn("busy.test", "/limited"), server_.UrlOn("busy.test", "/feed"),
                  server_.UrlOn("calm.test", "/feed"), server_.UrlOn("busy.test", "/feed")});
  ASSERT_EQ(done.size(), 4u);
  std::map<size_t, FetchResponse> by_index;
  for (Done& d : done) by_index[d.index] = std::move(d.response);
  EXPECT_EQ(by_index[0].status, 429);
  EXPECT_EQ(by_index[0].retry_after, "120");
  for (size_t i : {1u, 3u}) {
    EXPECT_EQ(by_index[i].error, "not fetched: busy.test answered 429 with Retry-After: 120");
    EXPECT_EQ(by_index[i].retry_after, "120");
    EXPECT_EQ(by_index[i].status, 0);
  }
  EXPECT_EQ(by_index[2].body, kFeed);
  EXPECT_EQ(feed_hits, 1);  // calm.test's only
  EXPECT_LT(std::chrono::steady_clock::now() - start,
            milliseconds(500));  // no idle wait at the end
}

TEST_F(CurlConcurrencyTest, RetryAfterInThePastDoesNotStopTheHost) {
  server().Get("/unavailable", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT");
  });
  ServeFeed("/feed");
  options_.max_per_host = 1;
  StartOnce();
  std::vector<Done> done = PerformAll({server_.Url("/unavailable"), server_.Url("/feed")});
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[1].index, 1u);
  EXPECT_EQ(done[1].response.body, kFeed);
}

TEST_F(CurlConcurrencyTest, ExceptionFromOnDonePropagates) {
  ServeBusy(milliseconds(50));
  StartOnce();
  std::vector<FetchRequest> requests(4);
  for (FetchRequest& request : requests) request.url = server_.Url("/busy");
  int calls = 0;
  EXPECT_THROW(NewDefaultTransport(options_)->Perform(requests,
                                                      [&](size_t, FetchResponse) {
                                                        ++calls;
                                                        throw std::runtime_error("stop");
                                                      }),
               std::runtime_error);
  EXPECT_EQ(calls, 1);
}

// The server as an HTTP proxy: it sees the absolute URL of the feed.
class CurlProxyTest : public CurlTransportTest {
 protected:
  void ServeAsProxy() {
    server().Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      targets_.push_back(req.target);
      res.set_content(kFeed, kFeedType);
    });
    StartOnce();
  }
  std::mutex mutex_;
  std::vector<std::string> targets_;
};

TEST_F(CurlProxyTest, ProxyOptionRoutesRequestsThroughTheProxy) {
  ServeAsProxy();
  options_.proxy = "http://127.0.0.1:" + std::to_string(server_.port());
  FetchRequest request;
  request.url = "http://feeds.invalid/feed.xml";
  FetchResponse response = NewDefaultTransport(options_)->Fetch(request);
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.body, kFeed);
  EXPECT_EQ(targets_, (std::vector<std::string>{"http://feeds.invalid/feed.xml"}));
}

TEST_F(CurlProxyTest, RequestProxyOverridesTheOption) {
  ServeAsProxy();
  options_.proxy = "http://127.0.0.1:" + std::to_string(ClosedPort());
  FetchRequest request;
  request.url = "http://feeds.invalid/other.xml";
  request.proxy = "http://127.0.0.1:" + std::to_string(server_.port());
  EXPECT_EQ(NewDefaultTransport(options_)->Fetch(request).body, kFeed);
  EXPECT_EQ(targets_, (std::vector<std::string>{"http://feeds.invalid/other.xml"}));
  request.proxy.clear();
  EXPECT_EQ(NewDefaultTransport(options_)->Fetch(request).error.rfind("connect failed: ", 0), 0u);
}

TEST_F(CurlTransportTest, CredentialsStayWithTheirOrigin) {
  std::mutex mutex;
  std::vector<std::string> seen;  // "host cookie authorization referer"
  server().Get("/.*", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    seen.push_back(req.get_header_value("Host").substr(0, 6) + " " +
                   req.get_header_value("Cookie") + " " + req.get_header_value("Authorization") +
                   " " + req.get_header_value("Referer"));
    if (req.path == "/start") {
      res.status = 302;
      res.set_header("Location", "/same");
    } else if (req.path == "/same") {
      res.status = 301;
      res.set_header("Location", server_.UrlOn("b.test", "/other"));
    } else {
      res.set_content(kFeed, kFeedType);
    }
  });
  StartOnce();
  options_.resolve = {server_.ResolveEntry("a.test"), server_.ResolveEntry("b.test")};
  FetchRequest request;
  request.url = server_.UrlOn("a.test", "/start");
  request.headers = {{"Cookie", "c=1"}, {"Authorization", "Bearer t"}, {"Referer", "https://r/"}};
  FetchResponse response = NewDefaultTransport(options_)->Fetch(request);
  EXPECT_EQ(response.body, kFeed);
  EXPECT_EQ(seen,
            (std::vector<std::string>{"a.test c=1 Bearer t https://r/",
                                      "a.test c=1 Bearer t https://r/", "b.test   https://r/"}));
}

TEST_F(CurlTransportTest, MalformedUrlIsAnError) {
  FetchRequest request;
  request.url = "http://exa mple.org/feed";
  FetchResponse response = NewDefaultTransport(options_)->Fetch(request);
  EXPECT_EQ(response.error, "invalid URL: URL using bad/illegal format or missing URL");
}

TEST_F(CurlTransportTest, TransferTimeoutZeroMeansNone) {
  server().Get("/slowish", [this](const httplib::Request&, httplib::Response& res) {
    server_.Pause(milliseconds(300));
    res.set_content(kFeed, kFeedType);
  });
  options_.transfer_timeout_seconds = 0;
  EXPECT_EQ(Get("/slowish").body, kFeed);
}

// A listening socket whose accept queue is full: the kernel drops further
// SYNs, so a connect attempt hangs until the client's connect timeout.
class FullBacklog {
 public:
  FullBacklog() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 0);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    for (int& filler : fillers_) {
      filler = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      ::connect(filler, reinterpret_cast<sockaddr*>(&address), sizeof address);
    }
  }
  ~FullBacklog() {
    for (int filler : fillers_) ::close(filler);
    ::close(listener_);
  }
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  int fillers_[4] = {-1, -1, -1, -1};
};

TEST_F(CurlTransportTest, ConnectTimeoutIsConnectFailed) {
  FullBacklog backlog;
  options_.connect_timeout_seconds = 1;
  options_.transfer_timeout_seconds = 2;  // bounds the test should the trick fail
  FetchRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(backlog.port()) + "/feed";
  auto start = std::chrono::steady_clock::now();
  FetchResponse response = NewDefaultTransport(options_)->Fetch(request);
  auto took = std::chrono::steady_clock::now() - start;
  std::string prefix =
      "connect failed: Failed to connect to 127.0.0.1 port " + std::to_string(backlog.port());
  EXPECT_EQ(response.error.rfind(prefix, 0), 0u) << response.error;
  EXPECT_TRUE(response.error.ends_with(" ms: Timeout was reached")) << response.error;
  EXPECT_LT(took, milliseconds(1900));
}

TEST_F(CurlProxyTest, Socks5hProxyGetsTheHostName) {
  ServeAsProxy();  // here the origin server behind the SOCKS proxy
  testing::TestSocks5Proxy socks(server_.port());
  options_.proxy = "socks5h://127.0.0.1:" + std::to_string(socks.port());
  FetchRequest request;
  request.url = "http://feeds.invalid:8080/socks.xml";
  FetchResponse response = NewDefaultTransport(options_)->Fetch(request);
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.body, kFeed);
  EXPECT_EQ(socks.requested(), (std::vector<std::string>{"feeds.invalid:8080"}));
  EXPECT_EQ(targets_, (std::vector<std::string>{"/socks.xml"}));
}

TEST_F(CurlProxyTest, HonoursHttpProxyAndNoProxyFromTheEnvironment) {
  ServeAsProxy();
  ScopedEnv env({{"http_proxy", "http://127.0.0.1:" + std::to_string(server_.port())},
                 {"no_proxy", "direct.test"}});
  options_.resolve = {server_.ResolveEntry("direct.test")};
  auto transport = NewDefaultTransport(options_);
  FetchRequest request;
  request.url = "http://feeds.invalid/env.xml";
  EXPECT_EQ(transport->Fetch(request).body, kFeed);
  request.url = server_.UrlOn("direct.test", "/direct.xml");
  EXPECT_EQ(transport->Fetch(request).body, kFeed);
  EXPECT_EQ(targets_, (std::vector<std::string>{"http://feeds.invalid/env.xml", "/direct.xml"}));
}

class CurlHttpsTest : public ::testing::Test {
 protected:
  CurlHttpsTest() {
    server_.server().Get("/feed", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kFeed, kFeedType);
    });
    server_.Start();
    options_.host_delay_min_ms = options_.host_delay_max_ms = 0;
  }
  ~CurlHttpsTest() override { std::remove(ca_file_.c_str()); }

  FetchResponse Get(const std::string& url) {
    FetchRequest request;
    request.url = url;
    return NewDefaultTransport(options_)->Fetch(request);
  }

  void TrustTheServer() {
    ca_file_ = ::testing::TempDir() + "feedmirror-test-ca-" + std::to_string(::getpid()) + ".pem";
    std::ofstream(ca_file_) << server_.certificate_pem();
    options_.ca_file = ca_file_;
  }

  ScopedEnv direct_{{"no_proxy", "127.0.0.1,localhost,.test"}};
  TestHttpServer server_{TestHttpServer::Scheme::kHttps};
  TransportOptions options_;
  std::string ca_file_;
};

TEST_F(CurlHttpsTest, UntrustedCertificateIsATlsError) {
  FetchResponse response = Get(server_.Url("/feed"));
  EXPECT_EQ(response.error, "TLS failed: SSL certificate problem: self-signed certificate");
  EXPECT_EQ(response.status, 0);
}

TEST_F(CurlHttpsTest, TrustedCertificateFromCaFile) {
  TrustTheServer();
  FetchResponse response = Get(server_.Url("/feed"));
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.body, kFeed);
  options_.resolve = {server_.ResolveEntry("secure.test")};
  EXPECT_EQ(Get(server_.UrlOn("secure.test", "/feed")).body, kFeed);
}

TEST_F(CurlHttpsTest, NameNotInTheCertificateIsATlsError) {
  TrustTheServer();
  options_.resolve = {server_.ResolveEntry("other.test")};
  EXPECT_EQ(Get(server_.UrlOn("other.test", "/feed")).error,
            "TLS failed: SSL: no alternative certificate subject name matches target host name "
            "'other.test'");
}

}  // namespace
}  // namespace feedmirror
