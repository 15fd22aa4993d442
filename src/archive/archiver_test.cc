#include "archive/archiver.h"

#include <gtest/gtest.h>

#include "store/store.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/file_system.h"

namespace feedmirror {
namespace {

using std::chrono::hours;
using std::chrono::sys_days;

TimePoint At(int y, unsigned m, unsigned d, int hour = 0) {
  return TimePoint(sys_days(std::chrono::year(y) / m / d)) + hours(hour);
}

Item MakeItem(std::string title, std::string link, std::optional<TimePoint> date,
              std::string html = "<p>text</p>") {
  Item item;
  item.title = std::move(title);
  item.link = link;
  item.guid = link;
  item.published = date ? FormatIso8601Millis(*date) : "";
  item.published_parsed = date;
  item.description = std::move(html);
  return item;
}

class ArchiverTest : public ::testing::Test {
 protected:
  ArchiverTest()
      : store_(OpenInMemoryStore()),
        clock_(At(2020, 10, 27, 12)),
        archiver_(fs_, *store_, clock_, TimeZone::Load("Asia/Taipei")) {
    source_.name = "(臺)中央社CNA";
    source_.tags = source_.categories = {source_.name};
    source_.content.cleanup = CleanupLevel::kNone;
    source_.content.images = ImageMode::kKeep;
  }

  ArchiveCounts Archive(std::vector<Item> items) {
    Feed feed;
    feed.items = std::move(items);
    return archiver_.ArchiveFeed(source_, feed);
  }

  std::string File(const std::string& path) { return fs_.ReadFile(path).value_or("(missing)"); }

  MemoryFileSystem fs_;
  std::unique_ptr<Store> store_;
  FixedClock clock_;
  Archiver archiver_;
  ArchiveSource source_;
};

TEST_F(ArchiverTest, WritesNewItemsDatedInTheArchiveZone) {
  // 20:00 UTC on the 25th is the 26th in Taipei.
  ArchiveCounts counts = Archive({MakeItem("停火 協議", "https://a.tw/1", At(2020, 10, 25, 20))});
  EXPECT_EQ(1, counts.new_items);
  std::string post = File("_posts/2020-10-26-停火-協議.md");
  EXPECT_NE(std::string::npos, post.find("date: 2020-10-25T20:00:00.000Z\n"));
  EXPECT_NE(std::string::npos, post.find("<p>text</p>"));
  EXPECT_EQ(1, store_->CountItems(source_.name));
}

TEST_F(ArchiverTest, SecondRunArchivesNothingTwice) {
  std::vector<Item> items = {MakeItem("一", "https://a.tw/1", At(2020, 10, 26)),
                             MakeItem("二", "https://a.tw/2", At(2020, 10, 26))};
  Archive(items);
  auto before = fs_.files();
  ArchiveCounts again = Archive(items);
  EXPECT_EQ(0, again.new_items);
  EXPECT_EQ(0, again.changed);
  EXPECT_EQ(2, again.unchanged);
  EXPECT_EQ(before, fs_.files());
  EXPECT_EQ(1u, store_->Versions(source_.name, "guid:https://a.tw/1").size());
}

// The posts of a batch are synced before the store records them; a run that
// writes no post has nothing to make durable.
TEST_F(ArchiverTest, SyncsOnlyWhenPostsWereWritten) {
  std::vector<Item> items = {MakeItem("一", "https://a.tw/1", At(2020, 10, 26)),
                             MakeItem("二", "https://a.tw/2", At(2020, 10, 26))};
  Archive(items);
  EXPECT_EQ(1, fs_.syncs());
  Archive(items);
  EXPECT_EQ(1, fs_.syncs());
  items[1].description = "<p>edited</p>";
  Archive(items);
  EXPECT_EQ(2, fs_.syncs());
}

TEST_F(ArchiverTest, EditKeepsTheFileNameAndEveryVersion) {
  Archive({MakeItem("標題", "https://a.tw/1", At(2020, 10, 26), "<p>v1</p>")});
  ArchiveCounts counts =
      Archive({MakeItem("標題（更新）", "https://a.tw/1", At(2020, 10, 26), "<p>v2</p>")});
  EXPECT_EQ(1, counts.changed);
  ASSERT_EQ(1u, fs_.files().size());
  std::string post = File("_posts/2020-10-26-標題.md");
  EXPECT_NE(std::string::npos, post.find("<p>v2</p>"));
  EXPECT_NE(std::string::npos, post.find("title: \"標題（更新）\""));
  std::vector<ItemVersion> versions = store_->Versions(source_.name, "guid:https://a.tw/1");
  ASSERT_EQ(2u, versions.size());
  EXPECT_EQ("<p>v1</p>", versions[0].content);
  EXPECT_EQ("<p>v2</p>", versions[1].content);
}

TEST_F(ArchiverTest, SameTitleSameDayGetsNumberedNames) {
  Archive({MakeItem("快訊", "https://a.tw/1", At(2020, 10, 26)),
           MakeItem("快訊", "https://a.tw/2", At(2020, 10, 26)),
           MakeItem("快訊", "https://a.tw/3", At(2020, 10, 26))});
  EXPECT_TRUE(fs_.Exists("_posts/2020-10-26-快訊.md"));
  EXPECT_TRUE(fs_.Exists("_posts/2020-10-26-快訊-2.md"));
  EXPECT_TRUE(fs_.Exists("_posts/2020-10-26-快訊-3.md"));
}

TEST_F(ArchiverTest, AdoptsThePostOfAKilledRunInsteadOfDuplicatingIt) {
  Item item = MakeItem("快訊", "https://a.tw/1", At(2020, 10, 26));
  {
    // A run that wrote the post but was killed before the store committed.
    MemoryFileSystem scratch;
    auto scratch_store = OpenInMemoryStore();
    Archiver killed(scratch, *scratch_store, clock_, TimeZone::Load("Asia/Taipei"));
    Feed feed;
    feed.items = {item};
    killed.ArchiveFeed(source_, feed);
    for (const auto& [path, text] : scratch.files()) fs_.WriteFileAtomic(path, text);
  }
  EXPECT_EQ(1, Archive({item}).new_items);
  EXPECT_EQ(1u, fs_.files().size());
  EXPECT_EQ("_posts/2020-10-26-快訊.md", store_->FindItem(source_.name, "guid:https://a.tw/1")->post_path);
}

TEST_F(ArchiverTest, NeverOverwritesAPostItDoesNotOwn) {
  fs_.WriteFileAtomic("_posts/2020-10-26-快訊.md", "---\ntitle: \"快訊\"\nfrom: https://other\n---\nmine\n");
  Archive({MakeItem("快訊", "https://a.tw/1", At(2020, 10, 26))});
  EXPECT_EQ("---\ntitle: \"快訊\"\nfrom: https://other\n---\nmine\n", File("_posts/2020-10-26-快訊.md"));
  EXPECT_TRUE(fs_.Exists("_posts/2020-10-26-快訊-2.md"));
}

TEST_F(ArchiverTest, OverwritesWhatAPowerLossLeftOfAnUnsyncedPost) {
  fs_.WriteFileAtomic("_posts/2020-10-26-快訊.md", "");
  Archive({MakeItem("快訊", "https://a.tw/1", At(2020, 10, 26))});
  EXPECT_EQ(1u, fs_.files().size());
  EXPECT_NE(std::string::npos, File("_posts/2020-10-26-快訊.md").find("from: https://a.tw/1\n"));
}

TEST_F(ArchiverTest, UndatedItemsTakeTheirFirstSeenTimeAndFutureDatesAreClamped) {
  Archive({MakeItem("無日期", "https://a.tw/1", std::nullopt),
           MakeItem("未來", "https://a.tw/2", At(2030, 1, 1))});
  EXPECT_NE(std::string::npos, File("_posts/2020-10-27-無日期.md").find("date: 2020-10-27T12:00:00.000Z"));
  EXPECT_NE(std::string::npos, File("_posts/2020-10-27-未來.md").find("date: 2020-10-27T12:00:00.000Z"));
  // Seen again a day later, the undated item keeps its first-seen date.
  clock_.Set(At(2020, 10, 28, 12));
  EXPECT_EQ(2, Archive({MakeItem("無日期", "https://a.tw/1", std::nullopt)}).unchanged +
                   Archive({MakeItem("無日期", "https://a.tw/1", std::nullopt)}).unchanged);
  EXPECT_EQ(2u, fs_.files().size());
}

TEST_F(ArchiverTest, ArchivesItemsAsTheyComeAndKeepsThemWhenTheFeedIsCutOff) {
  int handed = 0;
  auto produce = [&](const ItemSink& sink) {
    for (; handed < 450; ++handed) {
      std::string n = std::to_string(handed);
      sink(MakeItem("快訊" + n, "https://a.tw/" + n, At(2020, 10, 26)));
      // Each item is archived before the next one is produced.
      ASSERT_EQ(static_cast<size_t>(handed + 1), fs_.files().size());
    }
    throw Error("cannot read /feeds/big.xml: Input/output error");
  };
  try {
    archiver_.ArchiveItems(source_, produce);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ("cannot read /feeds/big.xml: Input/output error", e.what());
  }
  EXPECT_EQ(450, handed);
  // What was written stays recorded (two batches of 200 and the last 50),
  // and the store is ready for the next run.
  store_->Begin();
  store_->Rollback();
  EXPECT_EQ(450, store_->CountItems(source_.name));
  ArchiveCounts again = Archive({MakeItem("快訊0", "https://a.tw/0", At(2020, 10, 26)),
                                 MakeItem("快訊450", "https://a.tw/450", At(2020, 10, 26))});
  EXPECT_EQ(1, again.unchanged);
  EXPECT_EQ(1, again.new_items);
  EXPECT_EQ(451u, fs_.files().size());
}

TEST_F(ArchiverTest, RemovesTemporaryFilesOfAKilledRun) {
  fs_.WriteFileAtomic("_posts/.2020-10-26-a.md.tmp-0123456789abcdef", "half");
  fs_.WriteFileAtomic("_posts/2020-10-26-a.md", "kept");
  archiver_.RemoveStaleTempFiles();
  EXPECT_EQ(1u, fs_.files().size());
  EXPECT_EQ("kept", File("_posts/2020-10-26-a.md"));
}

}  // namespace
}  // namespace feedmirror
