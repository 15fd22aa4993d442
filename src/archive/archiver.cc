#include "archive/archiver.h"

#include <algorithm>

#include "archive/image_fetcher.h"
#include "archive/item_key.h"
#include "archive/post.h"
#include "archive/slug.h"
#include "content/chinese_convert.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/file_system.h"

namespace feedmirror {

namespace {

constexpr const char* kPostsDir = "_posts";
// Store writes are committed in batches: a commit per post would cost a sync
// per post, and a killed run's uncommitted posts are adopted on the next run.
constexpr int kItemsPerCommit = 200;
constexpr int kMaxCollisions = 10000;

std::optional<TimePoint> ItemDate(const Item& item) {
  if (item.published_parsed) return item.published_parsed;
  return item.updated_parsed;
}

std::string ItemHtml(const Item& item) {
  return item.content.empty() ? item.description : item.content;
}

std::string ItemTitle(const Item& item) {
  if (!item.title.empty()) return item.title;
  return item.link.empty() ? std::string("Untitled") : item.link;
}

// The line of `text` that starts with `prefix`, with its newline.
std::string_view LineStartingWith(std::string_view text, std::string_view prefix) {
  size_t at = text.starts_with(prefix) ? 0 : text.find("\n" + std::string(prefix));
  if (at == std::string_view::npos) return {};
  if (text[at] == '\n') ++at;
  size_t end = text.find('\n', at);
  return text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at + 1);
}

// The front matter only: the part between the two `---` lines.
std::string_view FrontMatter(std::string_view text) {
  size_t end = text.find("\n---\n", 4);
  return end == std::string_view::npos ? text : text.substr(0, end + 1);
}

}  // namespace

std::string ItemContentHash(const Item& item) {
  std::string date = item.published.empty() ? item.updated : item.published;
  return Sha256Hex(item.title + '\x1f' + item.link + '\x1f' + date + '\x1f' + ItemHtml(item));
}

Archiver::Archiver(FileSystem& fs, Store& store, const Clock& clock, TimeZone zone)
    : fs_(fs), store_(store), clock_(clock), zone_(std::move(zone)) {}

void Archiver::RemoveStaleTempFiles() {
  for (const std::string& name : fs_.ListDir(kPostsDir))
    if (IsAtomicWriteTempName(name)) fs_.Remove(std::string(kPostsDir) + "/" + name);
}

ArchiveCounts Archiver::ArchiveItems(const ArchiveSource& source, const ItemProducer& produce) {
  ArchiveCounts counts;
  TimePoint now = clock_.Now();
  int pending = 0;
  store_.Begin();
  try {
    produce([&](const Item& item) {
      switch (ArchiveItem(source, item, now)) {
        case Outcome::kNew: ++counts.new_items; break;
        case Outcome::kChanged: ++counts.changed; break;
        case Outcome::kUnchanged: ++counts.unchanged; return;
      }
      if (++pending == kItemsPerCommit) {
        CommitBatch(pending);
        store_.Begin();
        pending = 0;
      }
    });
  } catch (...) {
    CommitBatch(pending);  // what was written stays recorded
    throw;
  }
  CommitBatch(pending);
  return counts;
}

ArchiveCounts Archiver::ArchiveFeed(const ArchiveSource& source, const Feed& feed) {
  return ArchiveItems(source, [&](const ItemSink& sink) {
    for (const Item& item : feed.items) sink(item);
  });
}

// The posts are durable before the store records them. A batch that wrote
// no post needs no syncfs: a run over many unchanged feeds would otherwise
// pay one per source.
void Archiver::CommitBatch(int posts_written) {
  if (posts_written > 0) fs_.Sync();
  store_.Commit();
}

// The article HTML; in download mode with the images already stored shown
// from the archive, and `images` set to every image the post shows.
std::string Archiver::PostHtml(const ContentOptions& options, const Item& item,
                               std::vector<std::string>& images) {
  if (options.images != ImageMode::kDownload) return ArticleHtml(ItemHtml(item), item.base_url, options);
  ContentOptions collecting = options;
  collecting.download_urls = &images;
  std::string html = ArticleHtml(ItemHtml(item), item.base_url, collecting);
  std::sort(images.begin(), images.end());
  images.erase(std::unique(images.begin(), images.end()), images.end());
  LocalizeStoredImages(html, images, options.image_proxy, store_);
  return html;
}

Archiver::Outcome Archiver::ArchiveItem(const ArchiveSource& source, const Item& item,
                                        TimePoint now) {
  std::string key = ItemKey(item);
  std::string hash = ItemContentHash(item);
  std::optional<ItemRecord> known = store_.FindItem(source.name, key);
  bool same = known && known->content_hash == hash;
  if (same && fs_.Exists(known->post_path)) return Outcome::kUnchanged;

  TimePoint first_seen = known ? known->first_seen : now;
  // Jekyll silently skips posts dated in the future: clamp to the fetch time.
  TimePoint date = std::min(ItemDate(item).value_or(first_seen), now);
  std::vector<std::string> images;
  auto clean_start = std::chrono::steady_clock::now();
  std::string html = PostHtml(source.content, item, images);
  clean_time_ += std::chrono::steady_clock::now() - clean_start;
  Post post{ItemTitle(item), date, source.name, item.link, source.tags, source.categories, {},
            std::move(html)};
  if (!item.title.empty()) ConvertTitle(source.content.convert, post);
  std::string text = RenderPost(post);
  std::string path = known ? known->post_path : ChoosePostPath(date, post.title, text);
  fs_.WriteFileAtomic(path, text);
  if (source.content.images == ImageMode::kDownload) store_.SetPostImages(path, images);
  // A post deleted from the folder is written again, but it is no new version.
  if (same) return Outcome::kUnchanged;
  ItemVersion version{hash, item.title, item.link, ItemDate(item), now, ItemHtml(item)};
  store_.AddVersion(source.name, key, path, first_seen, version);
  return known ? Outcome::kChanged : Outcome::kNew;
}

// With `convert` set, the title is converted like the article's text and the
// original kept as `original_title` when the conversion changed it. The slug
// is made from the converted title: it is the title the post shows, so its
// URL reads in the same script as its page and as the rest of the site
// (readers type and share those); the original stays in the front matter.
void ConvertTitle(const std::string& conversion, Post& post) {
  if (conversion.empty()) return;
  std::string converted = ChineseConverter::For(conversion)->Convert(post.title);
  if (converted == post.title) return;
  post.extra.emplace_back("original_title", post.title);
  post.title = std::move(converted);
}

std::string Archiver::ChoosePostPath(TimePoint date, const std::string& title,
                                     const std::string& text) {
  std::string slug = Slugify(title);
  for (int n = 1; n <= kMaxCollisions; ++n) {
    std::string path = PostPath(date, zone_, slug, n);
    if (store_.FindItemByPath(path)) continue;
    if (!fs_.Exists(path) || IsOrphanOf(path, text)) return path;
  }
  throw Error("more than " + std::to_string(kMaxCollisions) + " posts named " + slug);
}

// A post file no store record owns is ours when a killed run wrote it for
// this very item: same title, link and source; or when it holds no front
// matter at all (what a power loss leaves of a write that was never synced).
// Anything else (a post written by another tool, or by hand) is never
// overwritten.
bool Archiver::IsOrphanOf(const std::string& path, const std::string& text) {
  std::optional<std::string> existing = fs_.ReadFile(path);
  if (!existing || !existing->starts_with("---\n")) return true;
  std::string_view theirs = FrontMatter(*existing);
  std::string_view ours = FrontMatter(text);
  for (std::string_view key : {"title: ", "from: ", "author: "}) {
    std::string_view line = LineStartingWith(ours, key);
    if (line.empty() || LineStartingWith(theirs, key) != line) return false;
  }
  return true;
}

}  // namespace feedmirror
