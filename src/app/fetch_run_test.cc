// FetchRun over the real CurlTransport against a real HTTP server on
// 127.0.0.1, with an in-memory SQLite store, an in-memory archive folder and
// a fixed clock: what each response archives, what the store records, when
// the source is due next, and that the other sources of the run still go
// through.
#include "app/fetch_run.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>

#include "app/schedule.h"
#include "fetch/curl_transport.h"
#include "http_test_server.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/file_system.h"

namespace feedmirror {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::TestHttpServer;

// 2027-01-15T08:00:00Z, a whole second, so HTTP-dates are exact.
const TimePoint kStart = FromEpochMillis(1'800'000'000'000);

// An RSS feed with items 1..count (guid "id-N", title "Title N").
std::string Rss(const std::string& tag, int count, const std::string& channel_extra = "") {
  std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>" + tag +
                    "</title><link>https://" + tag + ".example/</link>" + channel_extra;
  for (int i = 1; i <= count; ++i) {
    std::string n = std::to_string(i);
    xml += "<item><title>" + tag + " title " + n + "</title><link>https://" + tag +
           ".example/" + n + "</link><guid>" + tag + "-" + n +
           "</guid><pubDate>Mon, 26 Oct 2020 0" + n + ":00:00 GMT</pubDate>"
           "<description>&lt;p&gt;Body " + n + "&lt;/p&gt;</description></item>";
  }
  return xml + "</channel></rss>";
}

constexpr char kRssType[] = "application/rss+xml";

class FetchRunTest : public ::testing::Test {
 protected:
  FetchRunTest() : clock_(kStart), store_(OpenInMemoryStore()) {
    config_.archive.dir = "/archive";
    options_.host_delay_min_ms = options_.host_delay_max_ms = 0;
  }

  httplib::Server& server() { return server_.server(); }

  // Serves `body` at `path`, counting the requests.
  void Serve(const std::string& path, const std::string& body) {
    server().Get(path, [this, path, body](const httplib::Request&, httplib::Response& res) {
      Hit(path);
      res.set_content(body, kRssType);
    });
  }

  void Hit(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++hits_[path];
  }
  int Hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    return hits_[path];
  }

  // Routes are added before the server starts; URLs need its port.
  void EnsureStarted() {
    if (server_started_) return;
    server_.Start();
    server_started_ = true;
  }

  void Resolve(const std::vector<std::string>& hosts) {
    EnsureStarted();
    for (const std::string& host : hosts) options_.resolve.push_back(server_.ResolveEntry(host));
  }

  SourceConfig Source(const std::string& name, const std::string& path,
                      const std::string& host = "") {
    EnsureStarted();
    SourceConfig source;
    source.name = name;
    source.url = host.empty() ? server_.Url(path) : server_.UrlOn(host, path);
    source.tags = source.categories = {name};
    return source;
  }

  // One run at the clock's time, jitter 0 (backoff delays are exact).
  std::map<std::string, SourceOutcome> RunSources(const std::vector<SourceConfig>& sources,
                                                  std::vector<std::string>* order = nullptr) {
    EnsureStarted();
    std::unique_ptr<Transport> transport = NewCurlTransport(options_);
    FetchRun run(config_, *store_, *transport, fs_, clock_, [] { return 0.0; });
    std::map<std::string, SourceOutcome> by_name;
    for (SourceOutcome& outcome : run.Run(sources, [&](const SourceOutcome& o) {
           if (order) order->push_back(o.name);
         }))
      by_name[outcome.name] = std::move(outcome);
    return by_name;
  }

  SourceState StateOf(const std::string& name) {
    std::optional<SourceState> state = store_->GetSource(name);
    EXPECT_TRUE(state.has_value()) << name;
    return state.value_or(SourceState{});
  }

  int PostCount() {
    int n = 0;
    for (const auto& [path, bytes] : fs_.files()) n += path.starts_with("_posts/");
    return n;
  }

  void Advance(std::chrono::milliseconds by) { clock_.Set(clock_.Now() + by); }

  TestHttpServer server_;
  bool server_started_ = false;
  FixedClock clock_;
  std::unique_ptr<Store> store_;
  MemoryFileSystem fs_;
  Config config_;
  TransportOptions options_;
  std::mutex mutex_;
  std::map<std::string, int> hits_;
};

TEST_F(FetchRunTest, NotModifiedWithValidatorsArchivesNothingAndKeepsThem) {
  std::vector<std::string> conditions;
  server().Get("/feed", [&](const httplib::Request& req, httplib::Response& res) {
    Hit("/feed");
    conditions.push_back(req.get_header_value("If-None-Match") + "|" +
                         req.get_header_value("If-Modified-Since"));
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Sun, 25 Oct 2020 00:00:00 GMT");
    res.set_content(Rss("a", 2), kRssType);
  });
  std::vector<SourceConfig> sources = {Source("A", "/feed")};
  auto first = RunSources(sources);
  EXPECT_EQ(first["A"].counts.new_items, 2);
  EXPECT_EQ(PostCount(), 2);
  SourceState state = StateOf("A");
  EXPECT_EQ(state.etag, "\"v1\"");
  EXPECT_EQ(state.last_modified, "Sun, 25 Oct 2020 00:00:00 GMT");
  EXPECT_EQ(state.next_due, kStart + minutes(30));

  Advance(minutes(30));
  auto second = RunSources(sources);
  EXPECT_TRUE(second["A"].not_modified);
  EXPECT_FALSE(second["A"].failed);
  EXPECT_EQ(PostCount(), 2);
  state = StateOf("A");
  EXPECT_EQ(state.last_status, 304);
  EXPECT_EQ(state.etag, "\"v1\"");  // kept: a 304 carries none to store
  EXPECT_EQ(state.last_success, kStart + minutes(30));
  EXPECT_EQ(state.next_due, kStart + minutes(60));
  EXPECT_EQ(conditions, (std::vector<std::string>{"|", "\"v1\"|Sun, 25 Oct 2020 00:00:00 GMT"}));
  EXPECT_EQ(store_->CountItems("A"), 2);
}

TEST_F(FetchRunTest, TheFeedsTtlPostponesNextDueAlsoAcross304) {
  server().Get("/ttl", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("If-None-Match")) {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"t\"");
    res.set_content(Rss("t", 1, "<ttl>120</ttl>"), kRssType);
  });
  Serve("/short", Rss("s", 1, "<ttl>5</ttl>"));
  std::vector<SourceConfig> sources = {Source("T", "/ttl"), Source("S", "/short")};
  auto first = RunSources(sources);
  EXPECT_EQ(first["T"].next_due, kStart + hours(2));
  EXPECT_EQ(StateOf("T").next_due, kStart + hours(2));
  EXPECT_EQ(StateOf("S").next_due, kStart + minutes(30));  // every wins when longer

  Advance(minutes(30));
  EXPECT_EQ(SourcesToFetch(sources, *store_, clock_.Now(), false).size(), 1u);  // S only
  EXPECT_EQ(SourcesToFetch(sources, *store_, clock_.Now(), true).size(), 2u);
  Advance(minutes(90));
  auto again = RunSources({sources[0]});
  EXPECT_TRUE(again["T"].not_modified);
  EXPECT_EQ(StateOf("T").next_due, kStart + hours(4));
}

TEST_F(FetchRunTest, NotFoundAndServerErrorsBackOffExponentiallyCappedThenRecover) {
  std::atomic<int> status{404};
  server().Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    Hit("/flaky");
    if (status != 200) {
      res.status = status;
      return;
    }
    res.set_content(Rss("f", 3), kRssType);
  });
  Serve("/good", Rss("g", 1));
  config_.archive.max_backoff = hours(1);
  std::vector<SourceConfig> sources = {Source("F", "/flaky"), Source("G", "/good")};
  const std::vector<minutes> delays = {minutes(10), minutes(20), minutes(40), minutes(60),
                                       minutes(60)};
  for (size_t i = 0; i < delays.size(); ++i) {
    if (i == 3) status = 500;
    auto outcomes = RunSources(sources);
    SCOPED_TRACE("round " + std::to_string(i));
    EXPECT_TRUE(outcomes["F"].failed);
    EXPECT_EQ(outcomes["F"].error, i < 3 ? "HTTP 404" : "HTTP 500");
    EXPECT_FALSE(outcomes["G"].failed);
    SourceState state = StateOf("F");
    EXPECT_EQ(state.consecutive_failures, static_cast<int>(i + 1));
    EXPECT_EQ(state.last_status, i < 3 ? 404 : 500);
    EXPECT_EQ(state.next_due, clock_.Now() + delays[i]);
    EXPECT_EQ(state.last_success, std::nullopt);
    EXPECT_TRUE(IsDue(state, sources[0].url, clock_.Now() + delays[i]));
    EXPECT_FALSE(IsDue(state, sources[0].url, clock_.Now() + delays[i] - seconds(1)));
    Advance(delays[i]);
  }
  EXPECT_EQ(PostCount(), 1);  // G's, archived in the first round beside F's failure
  EXPECT_EQ(StateOf("G").consecutive_failures, 0);

  status = 200;
  auto recovered = RunSources({sources[0]});
  EXPECT_EQ(recovered["F"].counts.new_items, 3);
  SourceState state = StateOf("F");
  EXPECT_EQ(state.consecutive_failures, 0);
  EXPECT_EQ(state.last_error, "");
  EXPECT_EQ(state.last_status, 200);
  EXPECT_EQ(state.last_success, clock_.Now());
  EXPECT_EQ(state.next_due, clock_.Now() + minutes(30));
  EXPECT_EQ(PostCount(), 4);
  EXPECT_EQ(Hits("/flaky"), 6);
}

TEST_F(FetchRunTest, JitterShortensTheBackoffByUpToHalf) {
  server().Get("/missing", [](const httplib::Request&, httplib::Response& res) { res.status = 404; });
  EnsureStarted();
  std::unique_ptr<Transport> transport = NewCurlTransport(options_);
  FetchRun run(config_, *store_, *transport, fs_, clock_, [] { return 0.5; });
  run.Run({Source("M", "/missing")}, [](const SourceOutcome&) {});
  EXPECT_EQ(StateOf("M").next_due, kStart + milliseconds(450000));  // 10 min * (1 - 0.5 * 0.5)
}

TEST_F(FetchRunTest, GoneIsKeptAndOnlyAForcedFetchTriesAgain) {
  std::atomic<bool> gone{true};
  server().Get("/gone", [&](const httplib::Request&, httplib::Response& res) {
    Hit("/gone");
    if (gone) {
      res.status = 410;
      return;
    }
    res.set_content(Rss("back", 2), kRssType);
  });
  Serve("/other", Rss("o", 1));
  std::vector<SourceConfig> sources = {Source("Gone", "/gone"), Source("Other", "/other")};
  auto outcomes = RunSources(sources);
  EXPECT_TRUE(outcomes["Gone"].gone);
  EXPECT_TRUE(outcomes["Gone"].failed);
  EXPECT_EQ(DescribeOutcome(outcomes["Gone"]),
            "Gone: gone (HTTP 410): not fetched again until fetch --source Gone");
  EXPECT_EQ(outcomes["Other"].counts.new_items, 1);
  SourceState state = StateOf("Gone");
  EXPECT_TRUE(state.gone);
  EXPECT_EQ(state.last_status, 410);
  EXPECT_EQ(state.next_due, std::nullopt);

  Advance(hours(24 * 30));
  std::vector<SourceConfig> due = SourcesToFetch(sources, *store_, clock_.Now(), false);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].name, "Other");
  EXPECT_EQ(SourcesToFetch(sources, *store_, clock_.Now(), true).size(), 1u);  // --all too

  gone = false;
  auto forced = RunSources({sources[0]});  // fetch --source Gone
  EXPECT_EQ(forced["Gone"].counts.new_items, 2);
  state = StateOf("Gone");
  EXPECT_FALSE(state.gone);
  EXPECT_EQ(state.consecutive_failures, 0);
  EXPECT_EQ(state.next_due, clock_.Now() + minutes(30));
  EXPECT_EQ(PostCount(), 3);
  EXPECT_EQ(Hits("/gone"), 2);
}

TEST_F(FetchRunTest, RetryAfterInSecondsAndAsHttpDateSetsNextDue) {
  server().Get("/429", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "7200");
  });
  server().Get("/503", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    // kStart + 3 h
    res.set_header("Retry-After", "Fri, 15 Jan 2027 11:00:00 GMT");
  });
  server().Get("/short", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "60");  // shorter than the backoff: the backoff holds
  });
  server().Get("/huge", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "99999999");  // capped
  });
  Serve("/calm", Rss("c", 2));
  Resolve({"a.test", "b.test", "c.test", "d.test", "calm.test"});
  std::vector<SourceConfig> sources = {Source("A", "/429", "a.test"), Source("B", "/503", "b.test"),
                                       Source("C", "/short", "c.test"),
                                       Source("D", "/huge", "d.test"),
                                       Source("Calm", "/calm", "calm.test")};
  ASSERT_EQ(FormatRfc3339(kStart + hours(3)), "2027-01-15T11:00:00Z");
  auto outcomes = RunSources(sources);
  EXPECT_TRUE(outcomes["A"].failed);
  EXPECT_EQ(outcomes["A"].error, "HTTP 429");
  EXPECT_EQ(StateOf("A").next_due, kStart + hours(2));
  EXPECT_EQ(StateOf("B").next_due, kStart + hours(3));
  EXPECT_EQ(StateOf("C").next_due, kStart + minutes(10));
  EXPECT_EQ(StateOf("D").next_due, kStart + hours(24));
  EXPECT_EQ(StateOf("A").consecutive_failures, 1);
  EXPECT_EQ(StateOf("B").last_status, 503);
  EXPECT_EQ(outcomes["Calm"].counts.new_items, 2);
  EXPECT_EQ(PostCount(), 2);
}

TEST_F(FetchRunTest, OtherSourcesOfAHostThatAskedToWaitAreDeferredNotFailed) {
  server().Get("/limited", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "1800");
  });
  Serve("/b1", Rss("b1", 1));
  Serve("/b2", Rss("b2", 1));
  Serve("/calm", Rss("c", 1));
  Resolve({"busy.test", "calm.test"});
  options_.max_per_host = 1;
  std::vector<SourceConfig> sources = {
      Source("Limited", "/limited", "busy.test"), Source("B1", "/b1", "busy.test"),
      Source("Calm", "/calm", "calm.test"), Source("B2", "/b2", "busy.test")};
  auto outcomes = RunSources(sources);
  EXPECT_TRUE(outcomes["Limited"].failed);
  EXPECT_EQ(StateOf("Limited").next_due, kStart + minutes(30));
  for (const char* name : {"B1", "B2"}) {
    SCOPED_TRACE(name);
    const SourceOutcome& o = outcomes[name];
    EXPECT_TRUE(o.deferred);
    EXPECT_FALSE(o.failed);
    EXPECT_EQ(DescribeOutcome(o), std::string(name) +
                                      ": deferred until 2027-01-15T08:30:00Z: not fetched: "
                                      "busy.test answered 429 with Retry-After: 1800");
    SourceState state = StateOf(name);
    EXPECT_EQ(state.next_due, kStart + minutes(30));
    EXPECT_EQ(state.consecutive_failures, 0);
    EXPECT_EQ(state.last_fetch, std::nullopt);
    EXPECT_EQ(state.last_error, "");
  }
  EXPECT_EQ(Hits("/b1") + Hits("/b2"), 0);
  EXPECT_EQ(outcomes["Calm"].counts.new_items, 1);
  EXPECT_EQ(PostCount(), 1);
  EXPECT_EQ(SourcesToFetch(sources, *store_, kStart + minutes(29), false).size(), 0u);
  EXPECT_EQ(SourcesToFetch(sources, *store_, kStart + minutes(30), false).size(), 4u);
}

TEST_F(FetchRunTest, PermanentRedirectMovesTheSourceTemporaryDoesNot) {
  server().Get("/old", [&](const httplib::Request&, httplib::Response& res) {
    Hit("/old");
    res.status = 301;
    res.set_header("Location", server_.Url("/new"));
  });
  server().Get("/temp", [&](const httplib::Request&, httplib::Response& res) {
    Hit("/temp");
    res.status = 302;
    res.set_header("Location", server_.Url("/elsewhere"));
  });
  Serve("/new", Rss("n", 1));
  Serve("/elsewhere", Rss("e", 1));
  std::vector<SourceConfig> sources = {Source("Moved", "/old"), Source("Temp", "/temp")};
  auto first = RunSources(sources);
  EXPECT_EQ(first["Moved"].counts.new_items, 1);
  EXPECT_EQ(first["Temp"].counts.new_items, 1);
  EXPECT_EQ(StateOf("Moved").moved_to, server_.Url("/new"));
  EXPECT_EQ(StateOf("Moved").url, server_.Url("/old"));
  EXPECT_EQ(StateOf("Temp").moved_to, "");

  Advance(minutes(30));
  auto second = RunSources(sources);
  EXPECT_EQ(second["Moved"].counts.unchanged, 1);
  EXPECT_EQ(Hits("/old"), 1);  // the second run went to the new URL
  EXPECT_EQ(Hits("/new"), 2);
  EXPECT_EQ(Hits("/temp"), 2);
  EXPECT_EQ(PostCount(), 2);
}

TEST_F(FetchRunTest, ASlowHostDoesNotHoldBackFastOnes) {
  server().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    server_.Pause(milliseconds(3000));
    res.set_content(Rss("slow", 1), kRssType);
  });
  Serve("/f1", Rss("f1", 2));
  Serve("/f2", Rss("f2", 2));
  Serve("/f3", Rss("f3", 2));
  Resolve({"slow.test", "fast1.test", "fast2.test", "fast3.test"});
  options_.transfer_timeout_seconds = 1;
  std::vector<SourceConfig> sources = {
      Source("Slow", "/slow", "slow.test"), Source("F1", "/f1", "fast1.test"),
      Source("F2", "/f2", "fast2.test"), Source("F3", "/f3", "fast3.test")};
  std::vector<std::string> order;
  auto start = std::chrono::steady_clock::now();
  auto outcomes = RunSources(sources, &order);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2500));
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order.back(), "Slow");
  EXPECT_EQ(outcomes["Slow"].error, "timed out after 1 s");
  EXPECT_EQ(StateOf("Slow").next_due, kStart + minutes(10));
  EXPECT_EQ(StateOf("Slow").consecutive_failures, 1);
  for (const char* name : {"F1", "F2", "F3"}) EXPECT_EQ(outcomes[name].counts.new_items, 2);
  EXPECT_EQ(PostCount(), 6);
}

TEST_F(FetchRunTest, AStopEndsTheRunAfterTheSourceInHand) {
  Serve("/a", Rss("a", 2));
  Serve("/b", Rss("b", 2));
  EnsureStarted();
  options_.max_in_flight = 1;
  std::unique_ptr<Transport> transport = NewCurlTransport(options_);
  FetchRun run(config_, *store_, *transport, fs_, clock_, [] { return 0.0; });
  std::atomic<bool> stop{false};
  std::vector<SourceOutcome> done =
      run.Run({Source("A", "/a"), Source("B", "/b")},
              [&](const SourceOutcome&) { stop = true; }, &stop);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].name, "A");
  EXPECT_EQ(done[0].counts.new_items, 2);
  EXPECT_EQ(store_->CountItems("A"), 2);  // committed
  EXPECT_EQ(PostCount(), 2);
  EXPECT_FALSE(store_->GetSource("B").has_value());
  EXPECT_GT(run.timings().total.count(), 0);
  EXPECT_GT(run.timings().parse.count(), 0);
}

}  // namespace
}  // namespace feedmirror
