#include "archive/image_fetcher.h"

#include <algorithm>
#include <map>

#include "archive/item_key.h"
#include "content/image_url.h"
#include "fetch/address_policy.h"
#include "fetch/transport.h"
#include "store/store.h"
#include "util/error.h"
#include "util/file_system.h"

namespace feedmirror {

namespace {

// Images per batch: each batch ends with its files and posts synced and
// recorded, so a killed run loses at most one batch of downloads.
constexpr size_t kImagesPerBatch = 200;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool Has(std::string_view bytes, size_t at, std::string_view what) {
  return bytes.size() >= at + what.size() && bytes.substr(at, what.size()) == what;
}

// ISO BMFF (HEIF) with an AVIF brand: major brand, or a compatible one.
bool IsAvif(std::string_view bytes) {
  if (!Has(bytes, 4, "ftyp") || bytes.size() < 16) return false;
  size_t box = (size_t(uint8_t(bytes[0])) << 24) | (size_t(uint8_t(bytes[1])) << 16) |
               (size_t(uint8_t(bytes[2])) << 8) | size_t(uint8_t(bytes[3]));
  box = std::min(box, bytes.size());
  for (size_t at = 8; at + 4 <= box; at += 4) {
    if (at == 12) continue;  // the minor version
    if (Has(bytes, at, "avif") || Has(bytes, at, "avis")) return true;
  }
  return false;
}

bool IsDelimiterBefore(const std::string& html, size_t at) {
  if (at == 0) return true;
  char c = html[at - 1];
  return c == '"' || c == '\'' || c == '=' || c == ',' || IsSpace(c);
}

// A srcset's comma ends a URL only when followed by space or the value's end.
bool IsDelimiterAfter(const std::string& html, size_t end) {
  if (end >= html.size()) return true;
  char c = html[end];
  if (c == '"' || c == '\'' || c == '>' || IsSpace(c)) return true;
  if (c != ',') return false;
  return end + 1 >= html.size() || IsSpace(html[end + 1]) || html[end + 1] == '"' ||
         html[end + 1] == '\'';
}

int ReplaceWhole(std::string& html, const std::string& from, const std::string& to) {
  int count = 0;
  for (size_t at = html.find(from); at != std::string::npos; at = html.find(from, at)) {
    if (IsDelimiterBefore(html, at) && IsDelimiterAfter(html, at + from.size())) {
      html.replace(at, from.size(), to);
      at += to.size();
      ++count;
    } else {
      at += 1;
    }
  }
  return count;
}

std::string SitePath(const std::string& asset_path) { return "/" + asset_path; }

bool HostMatches(const std::string& host, const std::string& rule) {
  return host == rule || (host.size() > rule.size() && host.ends_with(rule) &&
                          host[host.size() - rule.size() - 1] == '.');
}

std::string OriginOf(const std::string& url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return "";
  size_t path = url.find_first_of("/?#", scheme_end + 3);
  return url.substr(0, path) + "/";
}

}  // namespace

struct ImageFetcher::Download {
  ImageRecord image;
  bool stored_now = false;  // stored in this run: its posts get rewritten
  bool settled = false;     // judged or refused; false when a cancel left it
};

std::optional<std::string> ImageExtension(std::string_view bytes) {
  if (Has(bytes, 0, "\xFF\xD8\xFF")) return "jpg";
  if (Has(bytes, 0, "\x89PNG\r\n\x1A\n")) return "png";
  if (Has(bytes, 0, "GIF87a") || Has(bytes, 0, "GIF89a")) return "gif";
  if (Has(bytes, 0, "RIFF") && Has(bytes, 8, "WEBP")) return "webp";
  if (IsAvif(bytes)) return "avif";
  return std::nullopt;
}

bool LooksLikeSvg(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 4096);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  size_t first = 0;
  while (first < head.size() && IsSpace(head[first])) ++first;
  if (first == head.size() || head[first] != '<') return false;
  return head.find("<svg") != std::string_view::npos || head.find("<SVG") != std::string_view::npos;
}

std::string ImageAssetPath(const std::string& sha256, const std::string& ext) {
  return "assets/img/" + sha256.substr(0, 2) + "/" + sha256 + "." + ext;
}

std::string RefererFor(const std::string& image_url, const std::vector<RefererRule>& rules) {
  std::string host = HttpUrlHost(image_url);
  const RefererRule* best = nullptr;
  for (const RefererRule& rule : rules) {
    if (HostMatches(host, rule.host) && (!best || rule.host.size() > best->host.size())) best = &rule;
  }
  if (!best) return "";
  return best->referer == "origin" ? OriginOf(image_url) : best->referer;
}

int ReplaceImageUrl(std::string& html, const std::string& proxied, const std::string& local) {
  if (proxied.empty()) return 0;
  int count = ReplaceWhole(html, proxied, local);
  std::string escaped = EscapeAmpersands(proxied);
  if (escaped != proxied) count += ReplaceWhole(html, escaped, local);
  return count;
}

std::string EscapeAmpersands(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '&' ? std::string("&amp;") : std::string(1, c);
  return out;
}

size_t PostBodyStart(const std::string& post) {
  if (!post.starts_with("---\n")) return 0;
  size_t end = post.find("\n---\n", 3);
  return end == std::string::npos ? 0 : end + 5;
}

void LocalizeStoredImages(std::string& html, const std::vector<std::string>& urls,
                          const std::string& proxy_template, Store& store) {
  for (const std::string& url : urls) {
    std::optional<ImageRecord> image = store.FindImage(url);
    if (image && image->status == ImageStatus::kStored) {
      ReplaceImageUrl(html, ProxyImageUrl(url, proxy_template), SitePath(image->path));
    }
  }
}

ImageFetcher::ImageFetcher(FileSystem& fs, Store& store, Transport& transport,
                           ImageFetchOptions options)
    : fs_(fs), store_(store), transport_(transport), options_(std::move(options)) {}

ImageFetchStats ImageFetcher::Run() {
  ImageFetchStats stats;
  RemoveStaleTempFiles();
  std::vector<ImageRecord> pending = store_.PendingImages(options_.max_attempts);
  for (size_t start = 0; start < pending.size(); start += kImagesPerBatch) {
    size_t end = std::min(pending.size(), start + kImagesPerBatch);
    if (!RunBatch({pending.begin() + start, pending.begin() + end}, stats)) break;  // cancelled
  }
  return stats;
}

// A killed run may leave temporary files of atomic writes in assets/img/.
void ImageFetcher::RemoveStaleTempFiles() {
  for (const std::string& folder : fs_.ListDir("assets/img")) {
    std::string path = "assets/img/" + folder;
    for (const std::string& name : fs_.ListDir(path))
      if (IsAtomicWriteTempName(name)) fs_.Remove(path + "/" + name);
  }
}

bool ImageFetcher::RunBatch(const std::vector<ImageRecord>& batch, ImageFetchStats& stats) {
  std::vector<Download> downloads;
  std::vector<FetchRequest> requests;
  std::vector<size_t> request_owner;
  for (const ImageRecord& image : batch) {
    Download download{image};
    std::string refusal = options_.allow_private ? std::string() : NonPublicHostReason(image.url);
    if (HttpUrlHost(image.url).empty()) refusal = "not an http(s) URL";
    if (refusal.empty()) {
      FetchRequest request;
      request.url = image.url;
      if (std::string referer = RefererFor(image.url, options_.referers); !referer.empty())
        request.headers.emplace_back("Referer", referer);
      requests.push_back(std::move(request));
      request_owner.push_back(downloads.size());
    } else {
      // A host refused by policy costs no attempt (the policy may change);
      // one that does not resolve does.
      if (refusal.starts_with("cannot resolve")) ++download.image.attempts;
      download.image.last_error = "refused: " + refusal;
      download.settled = true;
    }
    downloads.push_back(std::move(download));
  }
  transport_.Perform(requests, [&](size_t i, FetchResponse response) {
    Judge(downloads[request_owner[i]], response.body, response.error, response.status);
  });
  Finish(downloads, stats);
  return std::all_of(downloads.begin(), downloads.end(), [](const Download& d) { return d.settled; });
}

// Decides what became of one download; a good image's file is written now.
void ImageFetcher::Judge(Download& download, const std::string& body, const std::string& error,
                         long status) {
  ImageRecord& image = download.image;
  download.settled = true;
  ++image.attempts;
  if (!error.empty()) {
    image.last_error = error;
    if (error.starts_with("response body exceeds")) image.status = ImageStatus::kRefused;
    return;
  }
  if (status < 200 || status >= 300) {
    image.last_error = "HTTP " + std::to_string(status);
    return;
  }
  if (body.size() > static_cast<size_t>(options_.max_bytes)) {
    image.status = ImageStatus::kRefused;
    image.last_error = "larger than " + FormatByteSize(static_cast<size_t>(options_.max_bytes));
    return;
  }
  std::optional<std::string> ext = ImageExtension(body);
  if (!ext) {
    image.status = ImageStatus::kRefused;
    image.last_error = LooksLikeSvg(body) ? "SVG refused (it can hold scripts)"
                                          : "not a JPEG, PNG, GIF, WebP or AVIF image";
    return;
  }
  image.sha256 = Sha256Hex(body);
  image.path = ImageAssetPath(image.sha256, *ext);
  if (!fs_.Exists(image.path)) fs_.WriteFileAtomic(image.path, body);  // shared: stored once
  image.status = ImageStatus::kStored;
  image.last_error.clear();
  download.stored_now = true;
}

// Files synced, then the posts rewritten and synced, then the store told:
// a crash at any point leaves the images pending, to be done again.
void ImageFetcher::Finish(std::vector<Download>& downloads, ImageFetchStats& stats) {
  fs_.Sync();
  std::map<std::string, std::vector<const ImageRecord*>> by_post;
  for (const Download& d : downloads) {
    if (!d.stored_now) continue;
    for (const std::string& post : store_.PostsShowing(d.image.url)) by_post[post].push_back(&d.image);
  }
  for (const auto& [post, images] : by_post)
    if (RewritePost(post, images)) ++stats.posts_rewritten;
  fs_.Sync();
  StoreTransaction transaction(store_);
  for (const Download& d : downloads) {
    if (!d.settled) continue;  // not tried: stays as it was, for the next run
    store_.PutImage(d.image);
    switch (d.image.status) {
      case ImageStatus::kStored: ++stats.stored; continue;
      case ImageStatus::kRefused: ++stats.refused; break;
      case ImageStatus::kPending: ++stats.failed; break;
    }
    stats.errors.push_back(d.image.url + ": " + d.image.last_error);
  }
  transaction.Commit();
}

// The post with each of `images` shown from its local copy; false when
// nothing changed (or the post is gone: it is written again, with local
// copies, when its item is next archived).
bool ImageFetcher::RewritePost(const std::string& post, const std::vector<const ImageRecord*>& images) {
  std::optional<std::string> text = fs_.ReadFile(post);
  if (!text) return false;
  size_t body_start = PostBodyStart(*text);
  std::string body = text->substr(body_start);
  int replaced = 0;
  for (const ImageRecord* image : images) {
    replaced += ReplaceImageUrl(body, ProxyImageUrl(image->url, options_.proxy_template), SitePath(image->path));
  }
  if (replaced == 0) return false;
  fs_.WriteFileAtomic(post, text->substr(0, body_start) + body);
  return true;
}

}  // namespace feedmirror
