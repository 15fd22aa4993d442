#include "app/watch.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "app/fetch_report.h"
#include "app/fetch_run.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/file_system.h"

namespace feedmirror {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const TimePoint kStart = FromEpochMillis(1'800'000'000'000);

// Answers every URL with a one-item feed, counting requests per URL.
class CountingTransport : public Transport {
 public:
  void Perform(const std::vector<FetchRequest>& requests,
               const std::function<void(size_t, FetchResponse)>& on_done) override {
    for (size_t i = 0; i < requests.size(); ++i) {
      ++hits[requests[i].url];
      FetchResponse response;
      response.status = 200;
      response.body = "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title>"
                      "<guid>" + requests[i].url + "</guid></item></channel></rss>";
      on_done(i, std::move(response));
    }
  }
  std::map<std::string, int> hits;
};

// Advances the clock instead of sleeping; asks to stop after `limit` sleeps.
class FakeSleeper : public Sleeper {
 public:
  FakeSleeper(FixedClock& clock, std::atomic<bool>& stop, size_t limit)
      : clock_(clock), stop_(stop), limit_(limit) {}
  void SleepFor(milliseconds duration, const std::atomic<bool>&) override {
    sleeps.push_back(duration);
    clock_.Set(clock_.Now() + duration);
    if (sleeps.size() == limit_) stop_ = true;
  }
  std::vector<milliseconds> sleeps;

 private:
  FixedClock& clock_;
  std::atomic<bool>& stop_;
  size_t limit_;
};

class WatchTest : public ::testing::Test {
 protected:
  WatchTest() : clock_(kStart), store_(OpenInMemoryStore()) {
    config_.archive.dir = "/archive";
    AddSource("A", "https://a.test/feed", minutes(30));
    AddSource("B", "https://b.test/feed", minutes(45));
  }
  void AddSource(const std::string& name, const std::string& url, std::chrono::seconds every) {
    SourceConfig source;
    source.name = name;
    source.url = url;
    source.every = every;
    config_.sources.push_back(source);
  }
  int WatchUntil(size_t sleeps, const WatchOptions& options) {
    std::atomic<bool> stop{false};
    FakeSleeper sleeper(clock_, stop, sleeps);
    FetchRun run(config_, *store_, transport_, fs_, clock_, [] { return 0.0; });
    FetchReport report(out_, out_, ReportOptions{});
    int rounds = Watch(config_, *store_, run, clock_, sleeper, stop, report, options);
    sleeps_ = sleeper.sleeps;
    return rounds;
  }

  FixedClock clock_;
  std::unique_ptr<Store> store_;
  MemoryFileSystem fs_;
  CountingTransport transport_;
  Config config_;
  std::ostringstream out_;
  std::vector<milliseconds> sleeps_;
};

TEST_F(WatchTest, FetchesEachSourceWhenDueAndSleepsUntilTheNext) {
  WatchOptions options;
  options.max_sleep = std::chrono::hours(1);
  // t=0: A, B. Sleep 30m. t=30: A. Sleep 15m. t=45: B. Sleep 15m. t=60: A.
  EXPECT_EQ(WatchUntil(4, options), 4);
  EXPECT_EQ(sleeps_, (std::vector<milliseconds>{minutes(30), minutes(15), minutes(15),
                                                minutes(30)}));
  EXPECT_EQ(transport_.hits["https://a.test/feed"], 3);
  EXPECT_EQ(transport_.hits["https://b.test/feed"], 2);
  EXPECT_EQ(store_->GetSource("B")->next_due, kStart + minutes(90));
}

TEST_F(WatchTest, SleepsInStepsOfAtMostAMinute) {
  EXPECT_EQ(WatchUntil(31, WatchOptions{}), 2);  // t=0 both; t=30m A again
  EXPECT_EQ(sleeps_.size(), 31u);
  for (milliseconds sleep : sleeps_) EXPECT_EQ(sleep, seconds(60));
  EXPECT_EQ(transport_.hits["https://a.test/feed"], 2);
  EXPECT_EQ(transport_.hits["https://b.test/feed"], 1);
  EXPECT_NE(out_.str().find("archived 0 new and 0 changed posts from 1 sources into "
                            "/archive/_posts (1 not due)\n"),
            std::string::npos)
      << out_.str();
}

TEST_F(WatchTest, NoSourcesSleepsTheLongestStep) {
  config_.sources.clear();
  EXPECT_EQ(WatchUntil(2, WatchOptions{}), 0);
  EXPECT_EQ(sleeps_, (std::vector<milliseconds>{seconds(60), seconds(60)}));
}

TEST_F(WatchTest, AStopBeforeTheFirstRoundFetchesNothing) {
  std::atomic<bool> stop{true};
  FakeSleeper sleeper(clock_, stop, 100);
  FetchRun run(config_, *store_, transport_, fs_, clock_, [] { return 0.0; });
  FetchReport report(out_, out_, ReportOptions{});
  EXPECT_EQ(Watch(config_, *store_, run, clock_, sleeper, stop, report), 0);
  EXPECT_TRUE(transport_.hits.empty());
  EXPECT_TRUE(sleeper.sleeps.empty());
}

}  // namespace
}  // namespace feedmirror
