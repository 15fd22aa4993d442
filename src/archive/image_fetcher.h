// `images = "download"`: the archive keeps its own copy of every image.
//
// How it fits together (why this shape): the archiver writes each post with
// its images through the proxy, exactly as in proxy mode, and records in
// the store which images the post shows (Store::SetPostImages). After every
// source of a run is archived, ImageFetcher downloads the pending images
// concurrently through the transport, stores each one content-addressed
// under assets/img/, and rewrites the posts that show it, replacing the
// proxy URL with the local path. So a post is complete (proxied images) as
// soon as it is written; a failed download leaves it proxied and is tried
// again on the next run; and a killed run loses nothing: an image is marked
// stored only once its file and the rewritten posts are synced, so the next
// run simply downloads it again (same bytes, same file) and finishes the
// rewrite. The archiver writes images already stored as local paths
// directly (LocalizeStoredImages), e.g. when an item is edited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

class FileSystem;
class Store;
struct ImageRecord;
class Transport;

inline constexpr int64_t kDefaultImageMaxBytes = 10 * 1024 * 1024;
// Downloads tried per image before it is given up (one per run).
inline constexpr int kMaxImageAttempts = 10;

// The Referer sent for images of `host` and its subdomains. `referer`: a
// URL sent as it is, or "origin" for the image's own origin
// ("https://img.example.com/"). Hosts without a rule get no Referer.
struct RefererRule {
  std::string host;  // lower-case
  std::string referer;
};

struct ImageFetchOptions {
  std::string proxy_template;  // the posts' proxy URLs (content/image_url.h)
  int64_t max_bytes = kDefaultImageMaxBytes;
  // Fetch from loopback, private and link-local addresses too
  // (fetch/address_policy.h); off by default against request forgery.
  bool allow_private = false;
  std::vector<RefererRule> referers;
  int max_attempts = kMaxImageAttempts;
};

struct ImageFetchStats {
  int stored = 0;           // images downloaded and stored in this run
  int failed = 0;           // to be tried again on a later run
  int refused = 0;          // never to be stored (type, size)
  int posts_rewritten = 0;  // posts now showing local copies
  std::vector<std::string> errors;  // "URL: reason", one per failed or refused image
};

class ImageFetcher {
 public:
  // `fs` is rooted at the archive folder. The transport should cap bodies
  // at options.max_bytes (ImageTransportOptions) and, unless
  // options.allow_private, refuse non-public addresses.
  ImageFetcher(FileSystem& fs, Store& store, Transport& transport, ImageFetchOptions options);

  // Downloads the store's pending images and rewrites the posts that show
  // them. A failed image stays pending (attempts + 1); an image refused for
  // its type or size is not tried again; an image whose host is not
  // public (and not allowed) is not requested at all and stays pending
  // without using an attempt. Throws Error when the archive or the store
  // cannot be written (what was completed stays recorded).
  ImageFetchStats Run();

 private:
  struct Download;
  void RemoveStaleTempFiles();
  // False when the transport was cancelled before every download was tried.
  bool RunBatch(const std::vector<ImageRecord>& batch, ImageFetchStats& stats);
  void Judge(Download& download, const std::string& body, const std::string& error, long status);
  void Finish(std::vector<Download>& downloads, ImageFetchStats& stats);
  bool RewritePost(const std::string& post, const std::vector<const ImageRecord*>& images);

  FileSystem& fs_;
  Store& store_;
  Transport& transport_;
  ImageFetchOptions options_;
};

// The image type of `bytes`, from their signature: "jpg", "png", "gif",
// "webp" or "avif"; nullopt for anything else (SVG included).
std::optional<std::string> ImageExtension(std::string_view bytes);

// True when `bytes` look like an SVG document (refused: it can hold script).
bool LooksLikeSvg(std::string_view bytes);

// "assets/img/<first 2 hex of sha256>/<sha256>.<ext>", relative to the archive.
std::string ImageAssetPath(const std::string& sha256, const std::string& ext);

// The Referer header value for `image_url` under `rules` (the longest
// matching host wins), or "" for none.
std::string RefererFor(const std::string& image_url, const std::vector<RefererRule>& rules);

// Replaces, in the article part of a post or in article HTML, every
// occurrence of `proxied` (as written in an attribute: raw or with & as
// &amp;) that stands as a whole URL — between quotes, spaces or srcset
// commas — with `local`. Returns how many were replaced.
int ReplaceImageUrl(std::string& html, const std::string& proxied, const std::string& local);

// A URL as an attribute value holds it: `&` written as `&amp;`, as the
// archiver's serializer writes it.
std::string EscapeAmpersands(const std::string& text);

// Where the article part of a post file begins: after the front matter's
// closing line (0 when there is none).
size_t PostBodyStart(const std::string& post);

// For the archiver: in `html` (written with `proxy_template`), the images
// of `urls` that the store holds already point to their local copies.
void LocalizeStoredImages(std::string& html, const std::vector<std::string>& urls,
                          const std::string& proxy_template, Store& store);

}  // namespace feedmirror
