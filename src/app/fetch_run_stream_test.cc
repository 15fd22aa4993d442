// FetchRun archives a streamed body item by item: the archiver has written
// posts long before the reader reaches the end of the feed, and the result
// equals that of the same feed held in memory.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "app/config.h"
#include "app/fetch_run.h"
#include "fetch/transport.h"
#include "store/store.h"
#include "archive_test_util.h"
#include "util/clock.h"
#include "util/file_system.h"

namespace feedmirror {
namespace {

constexpr int kItems = 600;  // three store batches of 200

std::string Link(int i) { return "https://www.cna.com.tw/news/aipl/2020102600" + std::to_string(i) + ".aspx"; }

// An RSS 2.0 feed of kItems items of about 4 KB each: 2.5 MB in all, more
// than the parser's first read (1 MB) plus a few blocks.
std::string BigFeed() {
  std::string paragraph;
  for (int k = 0; k < 40; ++k) paragraph += "中央社記者報導，停火協議今日生效。";
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                    "<title>中央社</title><link>https://www.cna.com.tw/</link>";
  for (int i = 0; i < kItems; ++i) {
    std::string day = std::to_string(10 + i % 18);
    xml += "<item><title>第" + std::to_string(i) + "則 停火 協議</title><link>" + Link(i) +
           "</link><guid>" + Link(i) + "</guid><pubDate>Mon, " + day +
           " Oct 2020 05:56:17 GMT</pubDate><author>記者" + std::to_string(i % 7) +
           "</author><category>政治</category><description><![CDATA[<p>" + paragraph + "</p><p>" +
           paragraph + "</p>]]></description></item>\n";
  }
  return xml + "</channel></rss>\n";
}

// A file system that notes how much of the feed had been read when the
// first post was written.
class WatchedFileSystem : public MemoryFileSystem {
 public:
  explicit WatchedFileSystem(const size_t* bytes_read) : bytes_read_(bytes_read) {}
  void WriteFileAtomic(const std::string& path, const std::string& contents) override {
    if (!read_at_first_write) read_at_first_write = *bytes_read_;
    MemoryFileSystem::WriteFileAtomic(path, contents);
  }
  std::optional<size_t> read_at_first_write;

 private:
  const size_t* bytes_read_;
};

// Answers every request with `feed`: streamed through a reader of 64 KB
// blocks, or whole in `body`.
class FeedTransport : public Transport {
 public:
  FeedTransport(std::string feed, bool stream) : feed_(std::move(feed)), stream_(stream) {}

  void Perform(const std::vector<FetchRequest>& requests,
               const std::function<void(size_t, FetchResponse)>& on_done) override {
    for (size_t i = 0; i < requests.size(); ++i) {
      EXPECT_TRUE(requests[i].stream_body);
      FetchResponse response;
      response.status = 200;
      response.final_url = requests[i].url;
      if (stream_)
        response.body_reader = [this](char* buffer, size_t size) { return Read(buffer, size); };
      else
        response.body = feed_;
      on_done(i, std::move(response));
    }
  }

  size_t bytes_read = 0;
  std::function<void()> on_read;  // called after each read

 private:
  size_t Read(char* buffer, size_t size) {
    size_t n = std::min({size, size_t{65536}, feed_.size() - bytes_read});
    std::copy_n(feed_.data() + bytes_read, n, buffer);
    bytes_read += n;
    if (on_read) on_read();
    return n;
  }

  std::string feed_;
  bool stream_;
};

class FetchRunStreamTest : public ::testing::Test {
 protected:
  FetchRunStreamTest() : clock_(FromEpochMillis(1604000000000)) {  // 2020-10-29
    config_.archive.timezone = "Asia/Taipei";
    source_.name = "(臺)中央社CNA";
    source_.url = "https://feeds.example/cna.xml";
    source_.tags = source_.categories = {source_.name};
  }

  SourceOutcome Fetch(Transport& transport, FileSystem& fs, Store& store) {
    FetchRun run(config_, store, transport, fs, clock_);
    std::vector<SourceOutcome> outcomes = run.Run({source_}, [](const SourceOutcome&) {});
    return outcomes.at(0);
  }

  Config config_;
  SourceConfig source_;
  FixedClock clock_;
};

TEST_F(FetchRunStreamTest, ArchivesItemsBeforeTheReaderReachesTheEndAndEqualsTheWholeBodyPath) {
  std::string feed = BigFeed();
  ASSERT_GT(feed.size(), 2u << 20);

  FeedTransport streamed(feed, true);
  WatchedFileSystem streamed_fs(&streamed.bytes_read);
  std::unique_ptr<Store> streamed_store = OpenInMemoryStore();
  std::optional<size_t> posts_at_half;
  streamed.on_read = [&] {
    if (!posts_at_half && streamed.bytes_read >= feed.size() / 2)
      posts_at_half = streamed_fs.files().size();
  };
  SourceOutcome outcome = Fetch(streamed, streamed_fs, *streamed_store);
  EXPECT_FALSE(outcome.failed) << outcome.error;
  EXPECT_EQ(kItems, outcome.counts.new_items);
  EXPECT_EQ(feed.size(), streamed.bytes_read);

  // The first post was written after the parser's first megabyte and a
  // block or two, not after the whole feed was read...
  ASSERT_TRUE(streamed_fs.read_at_first_write);
  EXPECT_LE(*streamed_fs.read_at_first_write, (1u << 20) + (1u << 18) + 65536);
  // ...and when the reader had read half the feed, the items of its first
  // megabyte (about 240) were archived.
  ASSERT_TRUE(posts_at_half);
  EXPECT_GE(*posts_at_half, 200u);

  FeedTransport whole(feed, false);
  MemoryFileSystem whole_fs;
  std::unique_ptr<Store> whole_store = OpenInMemoryStore();
  EXPECT_EQ(kItems, Fetch(whole, whole_fs, *whole_store).counts.new_items);

  EXPECT_EQ(whole_fs.files(), streamed_fs.files());
  EXPECT_EQ(size_t{kItems}, streamed_fs.files().size());
  EXPECT_EQ(kItems, streamed_store->CountItems(source_.name));
  for (int i = 0; i < kItems; ++i) {
    std::string key = "guid:" + Link(i);
    std::optional<ItemRecord> a = streamed_store->FindItem(source_.name, key);
    std::optional<ItemRecord> b = whole_store->FindItem(source_.name, key);
    ASSERT_TRUE(a && b) << key;
    EXPECT_EQ(a->post_path, b->post_path);
    EXPECT_EQ(a->content_hash, b->content_hash);
    EXPECT_EQ(1, a->version_count);
  }
  // A second streamed run finds everything unchanged.
  FeedTransport again(feed, true);
  SourceOutcome second = Fetch(again, streamed_fs, *streamed_store);
  EXPECT_EQ(kItems, second.counts.unchanged);
  EXPECT_EQ(0, second.counts.new_items);
}

TEST_F(FetchRunStreamTest, ALocalFileOverMaxBytesFailsClearlyAndWritesNothing) {
  testing::TempDir dir;
  std::string path = dir.path() + "/big.xml";
  testing::WriteBytes(path, BigFeed());
  source_.url = "file://" + path;
  config_.archive.max_bytes = 1 << 20;
  std::unique_ptr<Transport> transport = NewDefaultTransport(TransportOptionsFor(config_.archive));
  MemoryFileSystem fs;
  std::unique_ptr<Store> store = OpenInMemoryStore();
  SourceOutcome outcome = Fetch(*transport, fs, *store);
  EXPECT_TRUE(outcome.failed);
  EXPECT_EQ("cannot read " + path + ": file exceeds 1 MB", outcome.error);
  EXPECT_TRUE(fs.files().empty());

  config_.archive.max_bytes = 4 << 20;  // raised: the file is streamed and archived
  transport = NewDefaultTransport(TransportOptionsFor(config_.archive));
  outcome = Fetch(*transport, fs, *store);
  EXPECT_FALSE(outcome.failed) << outcome.error;
  EXPECT_EQ(kItems, outcome.counts.new_items);
}

}  // namespace
}  // namespace feedmirror
