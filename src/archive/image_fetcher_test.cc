// images = "download" end to end in memory: the archiver writes posts with
// proxied images, the ImageFetcher downloads them from a real HTTP server on
// 127.0.0.1 and rewrites the posts to the local copies. Also the backfill of
// posts archived before the archive downloaded images (image_backfill.h).
#include "archive/image_fetcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <map>
#include <mutex>

#include "archive/archiver.h"
#include "archive/image_backfill.h"
#include "archive/item_key.h"
#include "fetch/transport.h"
#include "http_test_server.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/file_system.h"

namespace feedmirror {
namespace {

using feedmirror::testing::TestHttpServer;
using std::chrono::milliseconds;

const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + "jpeg body 1";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16) + "png body";
const std::string kSvg = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
constexpr int64_t kCap = 1000;
const std::string kProxy = "https://proxy.test/?w=1&url={url}";

int CountContaining(const std::string& text, const std::string& what) {
  int count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

// Fails post writes on demand, as a run killed between storing an image and
// rewriting its posts would leave things.
class CrashingFileSystem : public MemoryFileSystem {
 public:
  void WriteFileAtomic(const std::string& path, const std::string& contents) override {
    if (fail_posts && path.starts_with("_posts/")) throw Error("killed while writing " + path);
    MemoryFileSystem::WriteFileAtomic(path, contents);
  }
  bool fail_posts = false;
};

class ImageDownloadTest : public ::testing::Test {
 protected:
  ImageDownloadTest()
      : store_(OpenInMemoryStore()),
        clock_(TimePoint(std::chrono::sys_days(std::chrono::year(2020) / 10 / 27))),
        archiver_(fs_, *store_, clock_, TimeZone::Load("UTC")) {
    Serve("/a.jpg", kJpeg, "image/jpeg");
    Serve("/a-copy.jpg", kJpeg, "image/jpeg");  // the same bytes under another URL
    Serve("/b.png", kPng, "image/png");
    Serve("/c.svg", kSvg, "image/svg+xml");
    Serve("/text.jpg", "hello, I am text", "image/jpeg");
    Serve("/big.jpg", kJpeg + std::string(kCap, 'x'), "image/jpeg");
    server_.server().Get("/missing.jpg", [this](const httplib::Request& req, httplib::Response& res) {
      Note(req);
      if (missing_found_) res.set_content(kPng + "found later", "image/png");
      else res.status = 404;
    });
    server_.server().Get("/slow.jpg", [this](const httplib::Request& req, httplib::Response& res) {
      Note(req);
      server_.Pause(milliseconds(3000));
      res.set_content(kJpeg + "slow", "image/jpeg");
    });
    server_.Start();
    source_.name = "Source";
    source_.content.images = ImageMode::kDownload;
    source_.content.image_proxy = kProxy;
    options_.proxy_template = kProxy;
    options_.max_bytes = kCap;
    options_.allow_private = true;
    transport_options_.host_delay_min_ms = 0;
    transport_options_.host_delay_max_ms = 0;
    transport_options_.max_per_host = 8;
    transport_options_.transfer_timeout_seconds = 1;
    transport_options_.max_body_bytes = kCap;
    transport_options_.resolve = {server_.ResolveEntry("img.test")};
  }

  void Serve(const std::string& path, const std::string& body, const std::string& type) {
    server_.server().Get(path, [this, body, type](const httplib::Request& req, httplib::Response& res) {
      Note(req);
      res.set_content(body, type);
    });
  }

  void Note(const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++hits_[req.path];
    referers_[req.path] = req.get_header_value("Referer");
  }
  int Hits(const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex_);
    return hits_[path];
  }

  std::string Url(const std::string& path) { return server_.Url(path); }
  std::string Proxied(const std::string& url) {
    std::string encoded;
    for (unsigned char c : url) {
      if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
        encoded += static_cast<char>(c);
      } else {
        char hex[4];
        snprintf(hex, sizeof hex, "%%%02X", c);
        encoded += hex;
      }
    }
    return "https://proxy.test/?w=1&amp;url=" + encoded;
  }

  // Archives one item (title, link) showing `images`, returns its post path.
  std::string ArchiveItem(const std::string& title, const std::vector<std::string>& images,
                          const std::string& extra = "") {
    Item item;
    item.title = title;
    item.link = item.guid = "https://news.example/" + title;
    item.published_parsed = TimePoint(std::chrono::sys_days(std::chrono::year(2020) / 10 / 26));
    item.published = FormatIso8601Millis(*item.published_parsed);
    item.description = "<p>" + title + extra + "</p>";
    for (const std::string& image : images) item.description += "<img src=\"" + image + "\" alt=\"x\">";
    Feed feed;
    feed.items = {item};
    archiver_.ArchiveFeed(source_, feed);
    return store_->FindItem(source_.name, "guid:" + item.guid)->post_path;
  }

  ImageFetchStats Fetch() {
    std::unique_ptr<Transport> transport = NewDefaultTransport(transport_options_);
    ImageFetcher fetcher(fs_, *store_, *transport, options_);
    return fetcher.Run();
  }

  std::string File(const std::string& path) { return fs_.ReadFile(path).value_or("(missing)"); }
  std::string AssetOf(const std::string& bytes, const std::string& ext) {
    return ImageAssetPath(Sha256Hex(bytes), ext);
  }
  std::vector<std::string> AssetFiles() {
    std::vector<std::string> files;
    for (const auto& [path, bytes] : fs_.files())
      if (path.starts_with("assets/")) files.push_back(path);
    return files;
  }
  ImageStatus StatusOf(const std::string& url) { return store_->FindImage(url)->status; }

  TestHttpServer server_;
  std::mutex mutex_;
  std::map<std::string, int> hits_;
  std::map<std::string, std::string> referers_;
  std::atomic<bool> missing_found_{false};
  CrashingFileSystem fs_;
  std::unique_ptr<Store> store_;
  FixedClock clock_;
  Archiver archiver_;
  ArchiveSource source_;
  ImageFetchOptions options_;
  TransportOptions transport_options_;
};

TEST_F(ImageDownloadTest, PostFirstProxiedThenRewrittenToLocalCopies) {
  std::string post = ArchiveItem("one", {Url("/a.jpg"), Url("/b.png")});
  EXPECT_EQ("_posts/2020-10-26-one.md", post);
  EXPECT_NE(std::string::npos, File(post).find("<img src=\"" + Proxied(Url("/a.jpg")) + "\" alt=\"x\">"));
  EXPECT_EQ(2u, store_->PendingImages(kMaxImageAttempts).size());

  ImageFetchStats stats = Fetch();
  EXPECT_EQ(2, stats.stored);
  EXPECT_EQ(0, stats.failed);
  EXPECT_EQ(0, stats.refused);
  EXPECT_EQ(1, stats.posts_rewritten);
  std::string jpeg_path = AssetOf(kJpeg, "jpg");
  std::string png_path = AssetOf(kPng, "png");
  EXPECT_EQ("assets/img/" + Sha256Hex(kJpeg).substr(0, 2) + "/" + Sha256Hex(kJpeg) + ".jpg", jpeg_path);
  EXPECT_EQ(kJpeg, File(jpeg_path));
  EXPECT_EQ(kPng, File(png_path));
  EXPECT_EQ((std::vector<std::string>{jpeg_path, png_path}.size()), AssetFiles().size());
  std::string text = File(post);
  EXPECT_NE(std::string::npos, text.find("<img src=\"/" + jpeg_path + "\" alt=\"x\"><img src=\"/" + png_path + "\" alt=\"x\">"));
  EXPECT_EQ(0, CountContaining(text, "proxy.test"));
  ImageRecord record = *store_->FindImage(Url("/a.jpg"));
  EXPECT_EQ(ImageStatus::kStored, record.status);
  EXPECT_EQ(Sha256Hex(kJpeg), record.sha256);
  EXPECT_EQ(jpeg_path, record.path);
  EXPECT_EQ(1, record.attempts);

  // A second run has nothing left to do and asks the server nothing.
  ImageFetchStats again = Fetch();
  EXPECT_EQ(0, again.stored + again.failed + again.refused);
  EXPECT_EQ(1, Hits("/a.jpg"));
}

TEST_F(ImageDownloadTest, SharedImageStoredOnceAndEveryPostRewritten) {
  std::string first = ArchiveItem("first", {Url("/a.jpg")});
  std::string second = ArchiveItem("second", {Url("/a.jpg"), Url("/a-copy.jpg")});
  ImageFetchStats stats = Fetch();
  EXPECT_EQ(2, stats.stored);  // two URLs...
  EXPECT_EQ(std::vector<std::string>{AssetOf(kJpeg, "jpg")}, AssetFiles());  // ...one file
  EXPECT_EQ(1, Hits("/a.jpg"));  // fetched once for both posts
  EXPECT_EQ(2, stats.posts_rewritten);
  std::string local = "<img src=\"/" + AssetOf(kJpeg, "jpg") + "\" alt=\"x\">";
  EXPECT_EQ(1, CountContaining(File(first), local));
  EXPECT_EQ(2, CountContaining(File(second), local));
}

TEST_F(ImageDownloadTest, RefusedImagesKeepTheProxyAndAreNotTriedAgain) {
  std::string post = ArchiveItem("bad", {Url("/c.svg"), Url("/text.jpg"), Url("/big.jpg")});
  ImageFetchStats stats = Fetch();
  EXPECT_EQ(0, stats.stored);
  EXPECT_EQ(3, stats.refused);
  EXPECT_TRUE(AssetFiles().empty());
  std::string text = File(post);
  for (const char* path : {"/c.svg", "/text.jpg", "/big.jpg"}) {
    EXPECT_NE(std::string::npos, text.find(Proxied(Url(path)))) << path;
    EXPECT_EQ(ImageStatus::kRefused, StatusOf(Url(path))) << path;
  }
  EXPECT_EQ("SVG refused (it can hold scripts)", store_->FindImage(Url("/c.svg"))->last_error);
  EXPECT_EQ("not a JPEG, PNG, GIF, WebP or AVIF image", store_->FindImage(Url("/text.jpg"))->last_error);
  EXPECT_EQ("response body exceeds 1000 bytes", store_->FindImage(Url("/big.jpg"))->last_error);
  Fetch();
  EXPECT_EQ(1, Hits("/c.svg"));
  EXPECT_EQ(1, Hits("/text.jpg"));
}

TEST_F(ImageDownloadTest, FailedImageRetriedOnTheNextRunWhichRewritesThePost) {
  std::string post = ArchiveItem("later", {Url("/missing.jpg"), Url("/a.jpg")});
  ImageFetchStats first = Fetch();
  EXPECT_EQ(1, first.stored);
  EXPECT_EQ(1, first.failed);
  EXPECT_EQ(std::vector<std::string>{Url("/missing.jpg") + ": HTTP 404"}, first.errors);
  std::string text = File(post);
  EXPECT_NE(std::string::npos, text.find("<img src=\"" + Proxied(Url("/missing.jpg")) + "\""));
  EXPECT_NE(std::string::npos, text.find("<img src=\"/" + AssetOf(kJpeg, "jpg") + "\""));
  EXPECT_EQ(ImageStatus::kPending, StatusOf(Url("/missing.jpg")));

  missing_found_ = true;
  ImageFetchStats second = Fetch();
  EXPECT_EQ(1, second.stored);
  EXPECT_EQ(0, second.failed);
  EXPECT_EQ(2, Hits("/missing.jpg"));
  EXPECT_EQ(1, Hits("/a.jpg"));
  text = File(post);
  EXPECT_EQ(0, CountContaining(text, "proxy.test"));
  EXPECT_NE(std::string::npos, text.find("<img src=\"/" + AssetOf(kPng + "found later", "png") + "\""));
  EXPECT_EQ(2, store_->FindImage(Url("/missing.jpg"))->attempts);
}

TEST_F(ImageDownloadTest, SlowImageFailsAloneAndStaysProxied) {
  std::string post = ArchiveItem("slow", {Url("/slow.jpg"), Url("/b.png")});
  ImageFetchStats stats = Fetch();
  EXPECT_EQ(1, stats.stored);
  EXPECT_EQ(1, stats.failed);
  EXPECT_NE(std::string::npos, File(post).find(Proxied(Url("/slow.jpg"))));
  EXPECT_EQ(ImageStatus::kPending, StatusOf(Url("/slow.jpg")));
  EXPECT_NE(std::string::npos, store_->FindImage(Url("/slow.jpg"))->last_error.find("timed out"))
      << store_->FindImage(Url("/slow.jpg"))->last_error;
}

// A stop (watch's signal flag) during a download: what finished is stored,
// the image cut off costs no attempt and stays pending for the next run.
TEST_F(ImageDownloadTest, CancelledRunLeavesTheUnfinishedImagePendingWithoutAnAttempt) {
  std::string post = ArchiveItem("stop", {Url("/slow.jpg"), Url("/b.png")});
  std::atomic<bool> cancel{false};
  transport_options_.cancel = &cancel;
  transport_options_.transfer_timeout_seconds = 30;
  std::thread stopper([&] {
    while (Hits("/slow.jpg") == 0) std::this_thread::sleep_for(milliseconds(10));
    std::this_thread::sleep_for(milliseconds(200));
    cancel = true;
  });
  ImageFetchStats stats = Fetch();
  stopper.join();
  EXPECT_EQ(1, stats.stored);
  EXPECT_EQ(0, stats.failed);
  EXPECT_TRUE(stats.errors.empty());
  ImageRecord slow = *store_->FindImage(Url("/slow.jpg"));
  EXPECT_EQ(ImageStatus::kPending, slow.status);
  EXPECT_EQ(0, slow.attempts);
  EXPECT_EQ("", slow.last_error);
  EXPECT_NE(std::string::npos, File(post).find(Proxied(Url("/slow.jpg"))));
  EXPECT_NE(std::string::npos, File(post).find("<img src=\"/" + AssetOf(kPng, "png") + "\""));
}

TEST_F(ImageDownloadTest, RunKilledBeforeThePostsAreRewrittenIsFinishedByTheNext) {
  std::string post = ArchiveItem("killed", {Url("/a.jpg")});
  fs_.fail_posts = true;
  EXPECT_THROW(Fetch(), Error);
  EXPECT_EQ(kJpeg, File(AssetOf(kJpeg, "jpg")));  // the file was written...
  ImageRecord record = *store_->FindImage(Url("/a.jpg"));
  EXPECT_EQ(ImageStatus::kPending, record.status);  // ...but not recorded
  EXPECT_EQ(0, record.attempts);
  EXPECT_NE(std::string::npos, File(post).find(Proxied(Url("/a.jpg"))));

  fs_.fail_posts = false;
  ImageFetchStats stats = Fetch();
  EXPECT_EQ(1, stats.stored);
  EXPECT_EQ(1, stats.posts_rewritten);
  EXPECT_EQ(2, Hits("/a.jpg"));
  EXPECT_NE(std::string::npos, File(post).find("<img src=\"/" + AssetOf(kJpeg, "jpg") + "\""));
  EXPECT_EQ(std::vector<std::string>{AssetOf(kJpeg, "jpg")}, AssetFiles());
}

TEST_F(ImageDownloadTest, GivesUpAfterMaxAttempts) {
  options_.max_attempts = 2;
  ArchiveItem("gone", {Url("/missing.jpg")});
  Fetch();
  Fetch();
  Fetch();
  EXPECT_EQ(2, Hits("/missing.jpg"));
  EXPECT_TRUE(store_->PendingImages(2).empty());
}

TEST_F(ImageDownloadTest, AnEditedPostShowsStoredImagesDirectly) {
  std::string post = ArchiveItem("edit", {Url("/a.jpg")});
  Fetch();
  ArchiveItem("edit", {Url("/a.jpg"), Url("/b.png")}, " (updated)");
  std::string text = File(post);
  EXPECT_NE(std::string::npos, text.find("(updated)"));
  EXPECT_NE(std::string::npos, text.find("<img src=\"/" + AssetOf(kJpeg, "jpg") + "\""));
  EXPECT_NE(std::string::npos, text.find(Proxied(Url("/b.png"))));
  EXPECT_EQ(1u, store_->PendingImages(kMaxImageAttempts).size());
}

TEST_F(ImageDownloadTest, LoopbackRefusedUnlessAllowed) {
  options_.allow_private = false;
  std::string post = ArchiveItem("ssrf", {Url("/a.jpg")});
  ImageFetchStats stats = Fetch();
  EXPECT_EQ(0, stats.stored);
  EXPECT_EQ(1, stats.failed);
  EXPECT_EQ(0, Hits("/a.jpg"));  // never requested
  ImageRecord record = *store_->FindImage(Url("/a.jpg"));
  EXPECT_EQ(ImageStatus::kPending, record.status);
  EXPECT_EQ(0, record.attempts);  // the policy may change: no attempt used
  EXPECT_EQ("refused: 127.0.0.1 resolves to 127.0.0.1, a loopback, private or reserved address",
            record.last_error);
  EXPECT_NE(std::string::npos, File(post).find(Proxied(Url("/a.jpg"))));

  options_.allow_private = true;  // allowed by configuration: downloaded
  EXPECT_EQ(1, Fetch().stored);
  EXPECT_EQ(1, Hits("/a.jpg"));
}

TEST_F(ImageDownloadTest, RefererSentOnlyToConfiguredHosts) {
  options_.referers = {{"img.test", "https://news.example/"}};
  ArchiveItem("referer", {server_.UrlOn("img.test", "/a.jpg"), Url("/b.png")});
  EXPECT_EQ(2, Fetch().stored);
  EXPECT_EQ("https://news.example/", referers_["/a.jpg"]);
  EXPECT_EQ("", referers_["/b.png"]);
}

TEST(ImageFetcher, RecognizesImageTypesByTheirBytes) {
  EXPECT_EQ("jpg", ImageExtension(kJpeg).value_or("?"));
  EXPECT_EQ("png", ImageExtension(kPng).value_or("?"));
  EXPECT_EQ("gif", ImageExtension("GIF89a\x01\x00").value_or("?"));
  EXPECT_EQ("gif", ImageExtension("GIF87a\x01\x00").value_or("?"));
  EXPECT_EQ("webp", ImageExtension(std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16)).value_or("?"));
  std::string avif("\x00\x00\x00\x1C" "ftypavif\x00\x00\x00\x00" "avifmif1miaf", 28);
  EXPECT_EQ("avif", ImageExtension(avif).value_or("?"));
  std::string avif_compatible("\x00\x00\x00\x18" "ftypmif1\x00\x00\x00\x00" "avifmiaf", 24);
  EXPECT_EQ("avif", ImageExtension(avif_compatible).value_or("?"));
  std::string heic("\x00\x00\x00\x18" "ftypheic\x00\x00\x00\x00" "mif1heic", 24);
  EXPECT_FALSE(ImageExtension(heic));
  EXPECT_FALSE(ImageExtension(kSvg));
  EXPECT_FALSE(ImageExtension("<html><body>not found</body></html>"));
  EXPECT_FALSE(ImageExtension(""));
  EXPECT_FALSE(ImageExtension("\xFF\xD8"));
  EXPECT_TRUE(LooksLikeSvg(kSvg));
  EXPECT_TRUE(LooksLikeSvg("\xEF\xBB\xBF  <svg width=\"1\"/>"));
  EXPECT_FALSE(LooksLikeSvg("<html></html>"));
}

TEST(ImageFetcher, RefererRules) {
  std::vector<RefererRule> rules = {{"example.com", "https://example.com/"},
                                    {"img.example.com", "origin"}};
  EXPECT_EQ("https://img.example.com/", RefererFor("https://img.example.com/a/b.jpg?x=1", rules));
  EXPECT_EQ("https://cdn.img.example.com:8443/", RefererFor("https://cdn.img.example.com:8443/b.jpg", rules));
  EXPECT_EQ("https://example.com/", RefererFor("http://www.example.com/b.jpg", rules));
  EXPECT_EQ("https://example.com/", RefererFor("http://EXAMPLE.com/b.jpg", rules));
  EXPECT_EQ("", RefererFor("https://notexample.com/b.jpg", rules));
  EXPECT_EQ("", RefererFor("https://other.org/b.jpg", rules));
}

TEST(ImageFetcher, ReplacesOnlyWholeUrls) {
  std::string html =
      "<img src=\"https://p/?u=a.jpg\"><img src=\"https://p/?u=a.jpg2\">"
      "<img srcset=\"https://p/?u=a.jpg 2x, https://p/?u=a.jpg,x 1x\">"
      "<img src='https://p/?u=a.jpg'><p>see https://p/?u=a.jpg.</p>";
  EXPECT_EQ(3, ReplaceImageUrl(html, "https://p/?u=a.jpg", "/l.jpg"));
  EXPECT_EQ(
      "<img src=\"/l.jpg\"><img src=\"https://p/?u=a.jpg2\">"
      "<img srcset=\"/l.jpg 2x, https://p/?u=a.jpg,x 1x\">"
      "<img src='/l.jpg'><p>see https://p/?u=a.jpg.</p>",
      html);
  std::string escaped = "<img src=\"https://p/?a=1&amp;u=b.jpg\" srcset=\"https://p/?a=1&amp;u=b.jpg, x 2x\">";
  EXPECT_EQ(2, ReplaceImageUrl(escaped, "https://p/?a=1&u=b.jpg", "/b.jpg"));
  EXPECT_EQ("<img src=\"/b.jpg\" srcset=\"/b.jpg, x 2x\">", escaped);
}


// ---- BackfillImages ----

constexpr const char* kFeedUrl = "https://news.example/feed.xml";

TEST_F(ImageDownloadTest, BackfillRecordsImagesOfPostsArchivedInProxyAndKeepMode) {
  source_.content.images = ImageMode::kKeep;
  std::string kept = ArchiveItem("kept", {Url("/a.jpg")});
  source_.content.images = ImageMode::kProxy;
  std::string proxied = ArchiveItem("proxied", {Url("/b.png")});
  std::string plain = ArchiveItem("plain", {});
  EXPECT_NE(std::string::npos, File(kept).find("<img src=\"" + Url("/a.jpg") + "\""));
  EXPECT_TRUE(store_->PendingImages(kMaxImageAttempts).empty());  // nothing recorded them

  source_.content.images = ImageMode::kDownload;
  std::string proxied_before = File(proxied);
  ImageBackfillStats stats = BackfillImages(source_.name, kFeedUrl, source_.content, fs_, *store_);
  EXPECT_EQ(3, stats.posts);
  EXPECT_EQ(2, stats.posts_recorded);
  EXPECT_EQ(1, stats.posts_rewritten);  // the kept URL now goes through the proxy
  EXPECT_EQ(2, stats.images);
  EXPECT_TRUE(stats.missing.empty());
  EXPECT_NE(std::string::npos, File(kept).find("<img src=\"" + Proxied(Url("/a.jpg")) + "\" alt=\"x\">"));
  EXPECT_EQ(proxied_before, File(proxied));
  EXPECT_EQ(2u, store_->PendingImages(kMaxImageAttempts).size());

  ImageFetchStats fetched = Fetch();
  EXPECT_EQ(2, fetched.stored);
  EXPECT_EQ(2, fetched.posts_rewritten);
  EXPECT_NE(std::string::npos, File(kept).find("<img src=\"/" + AssetOf(kJpeg, "jpg") + "\" alt=\"x\">"));
  EXPECT_NE(std::string::npos, File(proxied).find("<img src=\"/" + AssetOf(kPng, "png") + "\" alt=\"x\">"));
  EXPECT_EQ(0, CountContaining(File(kept) + File(proxied), "proxy.test"));

  // Again: nothing to rewrite, nothing left to download.
  std::string kept_after = File(kept);
  ImageBackfillStats again = BackfillImages(source_.name, kFeedUrl, source_.content, fs_, *store_);
  EXPECT_EQ(0, again.posts_rewritten);
  EXPECT_EQ(kept_after, File(kept));
  EXPECT_TRUE(store_->PendingImages(kMaxImageAttempts).empty());
}

TEST_F(ImageDownloadTest, BackfillShowsImagesStoredAlreadyFromTheArchiveAtOnce) {
  source_.content.images = ImageMode::kProxy;
  std::string old = ArchiveItem("old", {Url("/a.jpg")});
  source_.content.images = ImageMode::kDownload;
  ArchiveItem("new", {Url("/a.jpg")});
  ASSERT_EQ(1, Fetch().stored);

  ImageBackfillStats stats = BackfillImages(source_.name, kFeedUrl, source_.content, fs_, *store_);
  EXPECT_EQ(1, stats.posts_rewritten);
  EXPECT_NE(std::string::npos, File(old).find("<img src=\"/" + AssetOf(kJpeg, "jpg") + "\" alt=\"x\">"));
  EXPECT_EQ(1, Hits("/a.jpg"));
  EXPECT_TRUE(store_->PendingImages(kMaxImageAttempts).empty());
}

TEST_F(ImageDownloadTest, BackfillListsPostsWhoseFileIsGoneAndNeedsDownloadMode) {
  source_.content.images = ImageMode::kProxy;
  std::string gone = ArchiveItem("gone", {Url("/a.jpg")});
  fs_.Remove(gone);
  EXPECT_THROW(BackfillImages(source_.name, kFeedUrl, source_.content, fs_, *store_), Error);
  source_.content.images = ImageMode::kDownload;
  ImageBackfillStats stats = BackfillImages(source_.name, kFeedUrl, source_.content, fs_, *store_);
  EXPECT_EQ(std::vector<std::string>{gone}, stats.missing);
  EXPECT_EQ(0, stats.posts);
  EXPECT_TRUE(store_->PendingImages(kMaxImageAttempts).empty());
}

}  // namespace
}  // namespace feedmirror
