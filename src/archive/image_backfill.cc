#include "archive/image_backfill.h"

#include <algorithm>
#include <optional>

#include "archive/image_fetcher.h"
#include "content/image_url.h"
#include "store/store.h"
#include "util/error.h"
#include "util/file_system.h"

namespace feedmirror {

namespace {

// The images the item's latest version shows, as the archiver records them.
std::vector<std::string> ItemImages(const ItemVersion& version, const std::string& base_url,
                                    const ContentOptions& options) {
  std::vector<std::string> urls;
  ContentOptions collecting = options;
  collecting.download_urls = &urls;
  ArticleHtml(version.content, base_url, collecting);
  std::sort(urls.begin(), urls.end());
  urls.erase(std::unique(urls.begin(), urls.end()), urls.end());
  return urls;
}

// The post's article with kept image URLs put through the proxy and the
// images stored already shown from the archive; true when it changed.
bool RewriteArticle(std::string& article, const std::vector<std::string>& urls,
                    const ContentOptions& options, Store& store) {
  std::string before = article;
  for (const std::string& url : urls)
    ReplaceImageUrl(article, url, EscapeAmpersands(ProxyImageUrl(url, options.image_proxy)));
  LocalizeStoredImages(article, urls, options.image_proxy, store);
  return article != before;
}

}  // namespace

ImageBackfillStats BackfillImages(const std::string& source, const std::string& base_url,
                                  const ContentOptions& options, FileSystem& fs, Store& store) {
  if (options.images != ImageMode::kDownload) throw Error("image backfill of " + source + ": images are not downloaded");
  ImageBackfillStats stats;
  std::vector<std::pair<std::string, std::vector<std::string>>> recorded;  // post path, images
  for (const ItemRecord& item : store.ListItems(source)) {
    std::vector<ItemVersion> versions = store.Versions(source, item.key);
    if (versions.empty()) continue;
    std::optional<std::string> text = fs.ReadFile(item.post_path);
    if (!text) {
      stats.missing.push_back(item.post_path);
      continue;
    }
    ++stats.posts;
    std::vector<std::string> urls = ItemImages(versions.back(), base_url, options);
    if (urls.empty()) continue;
    size_t body = PostBodyStart(*text);
    std::string article = text->substr(body);
    if (RewriteArticle(article, urls, options, store)) {
      fs.WriteFileAtomic(item.post_path, text->substr(0, body) + article);
      ++stats.posts_rewritten;
    }
    stats.images += static_cast<int>(urls.size());
    recorded.emplace_back(item.post_path, std::move(urls));
  }
  // The rewritten posts are durable before the store records their images
  // (the image step then looks for the proxy URLs in them). A run cut short
  // before the commit finds them rewritten and records them.
  if (stats.posts_rewritten > 0) fs.Sync();
  StoreTransaction transaction(store);
  for (const auto& [post, urls] : recorded) store.SetPostImages(post, urls);
  transaction.Commit();
  stats.posts_recorded = static_cast<int>(recorded.size());
  return stats;
}

}  // namespace feedmirror
