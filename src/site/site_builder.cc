#include "site/site_builder.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "site/build_cache.h"
#include "site/hash.h"
#include "site/search_fold.h"
#include "site/search_index.h"
#include "site/search_segment.h"
#include "site/site_pages.h"
#include "site/site_writer.h"
#include "util/error.h"

namespace feedmirror {

namespace fs = std::filesystem;

namespace {

// Bump when the output of a page kind changes for the same inputs.
constexpr uint64_t kRendererVersion = 2;
constexpr int kSnippetChars = 120;
// Bump when the saved search postings' format or tokenizing changes.
constexpr uint64_t kPostingsVersion = 1;

struct Paths {
  explicit Paths(const std::string& dir)
      : posts(dir + "/_posts"), site(dir + "/_site"), state(dir + "/.feedmirror"), theme(dir + "/theme"),
        cache(state + "/site-cache"), inputs(state + "/site-inputs"), assets(dir + "/assets") {}
  std::string posts, site, state, theme, cache, inputs;
  std::string assets;  // the archive's own files (downloaded images), copied to the site
};

std::optional<std::string> ReadFileBytes(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string bytes;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) bytes.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) != 0;) {
    if (n < 0) {
      ::close(fd);
      return std::nullopt;
    }
    bytes.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return bytes;
}

// Writes `contents` to path + ".tmp" (its folder made when missing) and
// returns that path; WriteFileAtomically then renames it to `path`.
std::string WriteTempFile(const std::string& path, std::string_view contents) {
  fs::create_directories(fs::path(path).parent_path());
  std::string tmp = path + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) throw Error("cannot write " + tmp);
  return tmp;
}

void WriteFileAtomically(const std::string& path, std::string_view contents) {
  fs::rename(WriteTempFile(path, contents), path);
}

// Writes the encoded cache to path + ".tmp" as it is encoded and returns
// that path, unless the bytes are `old` (then nothing is left there).
std::optional<std::string> WriteCacheIfChanged(const std::string& path, const BuildCache& cache, std::string_view old) {
  fs::create_directories(fs::path(path).parent_path());
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot write " + tmp);
  size_t offset = 0;
  bool same = true, failed = false;
  EncodeBuildCache(cache, [&](std::string_view piece) {
    same = same && offset + piece.size() <= old.size() && old.substr(offset, piece.size()) == piece;
    offset += piece.size();
    while (!piece.empty() && !failed) {
      ssize_t n = ::write(fd, piece.data(), piece.size());
      if (n < 0 && errno == EINTR) continue;
      failed = n <= 0;
      if (!failed) piece.remove_prefix(static_cast<size_t>(n));
    }
  });
  failed = ::close(fd) != 0 || failed;
  if (failed || (same && offset == old.size())) ::unlink(tmp.c_str());
  if (failed) throw Error("cannot write " + tmp);
  if (same && offset == old.size()) return std::nullopt;
  return tmp;
}

// A file's bytes mapped read-only, and what keeps the mapping (nullptr when
// the file cannot be read or is empty). The build cache of 100,000 posts is
// some 90 MB read on every rebuild: mapped, its pages are the page cache's,
// neither copied nor fresh pages to zero. The cache file is replaced by a
// rename, never written in place, so the mapping stays valid.
std::shared_ptr<const void> MapFile(const std::string& path, std::string_view& bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  void* map = MAP_FAILED;
  size_t size = 0;
  if (::fstat(fd, &st) == 0 && st.st_size > 0) {
    size = static_cast<size_t>(st.st_size);
    map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  }
  ::close(fd);
  if (map == MAP_FAILED) return nullptr;
  bytes = std::string_view(static_cast<const char*>(map), size);
  return std::shared_ptr<const void>(map, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
}

// The previous build's cache, mapped and decoded, and what keeps its bytes
// alive. Decoded only once the build knows it has something to do: decoded
// on a thread while the posts were listed, a build with nothing to do (the
// most common one) took longer.
struct LoadedCache {
  BuildCache cache;
  std::string_view bytes;  // "" when there is none
  std::shared_ptr<const void> owner;
};

LoadedCache LoadCache(const std::string& path) {
  LoadedCache loaded;
  loaded.owner = MapFile(path, loaded.bytes);
  if (loaded.owner) loaded.cache = DecodeBuildCache(loaded.bytes, loaded.owner);
  return loaded;
}

int Workers(const SiteOptions& o) {
  if (o.jobs > 0) return o.jobs;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Runs fn(worker, i) for i in [0, n) on `workers` threads.
void ParallelFor(int workers, size_t n, const std::function<void(int, size_t)>& fn) {
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&](int worker) {
    for (size_t i; (i = next++) < n;) {
      try {
        fn(worker, i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = n;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int w = 1; w < workers; ++w) threads.emplace_back(work, w);
  work(0);
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

// ---- Reading the posts ----

struct PostFile {
  std::string rel;
  int64_t size;
  int64_t mtime_ns;
};

// Walks `dir` with one getdents/fstatat pass per folder (no path lookups
// from the root for every file, as std::filesystem makes): regular files
// (symbolic links followed) for which keep_file(name) is true, below
// folders for which keep_folder(name) is true (links to folders are not
// followed), as paths relative to `dir` prefixed with `prefix`. A large
// folder's files are stat'ed by `workers` threads.
template <typename KeepFile, typename KeepFolder>
void ListFiles(int dir_fd, const std::string& prefix, const KeepFile& keep_file, const KeepFolder& keep_folder,
               int workers, std::vector<PostFile>& out) {
  DIR* dir = ::fdopendir(dir_fd);
  if (dir == nullptr) {
    ::close(dir_fd);
    return;
  }
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(dir)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    bool folder = e->d_type == DT_DIR;
    if (e->d_type == DT_UNKNOWN) folder = ::fstatat(::dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
    if (folder) {
      if (!keep_folder(name)) continue;
      int fd = ::openat(::dirfd(dir), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
      if (fd >= 0) ListFiles(fd, prefix + std::string(name) + "/", keep_file, keep_folder, workers, out);
      continue;
    }
    if (keep_file(name)) names.emplace_back(name);
  }
  std::vector<PostFile> files(names.size());
  std::vector<char> regular(names.size(), 0);
  ParallelFor(names.size() > 4096 ? workers : 1, names.size(), [&](int, size_t i) {
    struct stat st {};
    if (::fstatat(::dirfd(dir), names[i].c_str(), &st, 0) != 0 || !S_ISREG(st.st_mode)) return;
    regular[i] = 1;
    files[i] = {prefix + names[i], static_cast<int64_t>(st.st_size),
                static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
  });
  for (size_t i = 0; i < files.size(); ++i)
    if (regular[i]) out.push_back(std::move(files[i]));
  ::closedir(dir);
}

std::vector<PostFile> ListSorted(const std::string& root, const std::string& prefix, auto keep_file, auto keep_folder,
                                 int workers) {
  std::vector<PostFile> files;
  int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) ListFiles(fd, prefix, keep_file, keep_folder, workers, files);
  std::sort(files.begin(), files.end(), [](const PostFile& a, const PostFile& b) { return a.rel < b.rel; });
  return files;
}

// The post files below the posts folder (folders named "_…" or ".…" skipped,
// as Jekyll does), relative to it.
std::vector<PostFile> ListPostFiles(const std::string& posts_dir, int workers) {
  return ListSorted(
      posts_dir, "", [](std::string_view name) { return IsPostFileName(name); },
      [](std::string_view name) { return !name.starts_with('.') && !name.starts_with('_'); }, workers);
}

// Every file under the archive's assets/ folder (downloaded images are
// content-addressed there: assets/img/ab/<sha256>.jpg), as paths relative to
// the archive ("assets/img/..."), skipping hidden files (temporary files of
// atomic writes among them). Size and mtime fingerprint the copy, so an
// unchanged image is not read again.
std::vector<PostFile> ListArchiveAssets(const std::string& assets_dir, int workers) {
  auto visible = [](std::string_view name) { return !name.starts_with('.'); };
  return ListSorted(assets_dir, "assets/", visible, visible, workers);
}

// For each file (sorted by path), its cached record, or nullptr. The cache holds the records in the same
// order (a merge, no hash table of 100,000 paths); one of an older order
// is looked up by path.
std::vector<PostRecord*> CachedRecords(const std::vector<PostFile>& files, std::vector<PostRecord>& cached) {
  auto by_path = [](const PostRecord& a, const PostRecord& b) { return a.path < b.path; };
  if (!std::is_sorted(cached.begin(), cached.end(), by_path)) std::sort(cached.begin(), cached.end(), by_path);
  std::vector<PostRecord*> out(files.size(), nullptr);
  auto it = cached.begin();
  for (size_t i = 0; i < files.size(); ++i) {
    while (it != cached.end() && it->path < files[i].rel) ++it;
    if (it != cached.end() && it->path == files[i].rel) out[i] = &*it;
  }
  return out;
}

// Records for every post file: taken (moved) from the cache when size and
// mtime are unchanged, else read and parsed (in parallel).
// `reread`: every file is read again (a full build), keeping only the ids.
std::vector<PostRecord> ReadPostRecords(const Paths& paths, const std::vector<PostFile>& files, BuildCache& old,
                                        bool reread, int workers, std::vector<std::string>& problems) {
  std::vector<PostRecord*> cached = CachedRecords(files, old.posts);
  std::vector<PostRecord> records(files.size());
  std::vector<std::string> errors(files.size());
  ParallelFor(workers, files.size(), [&](int, size_t i) {
    const PostFile& f = files[i];
    if (!reread && cached[i] != nullptr && cached[i]->size == f.size && cached[i]->mtime_ns == f.mtime_ns) {
      records[i] = std::move(*cached[i]);
      return;
    }
    std::optional<std::string> bytes = ReadFileBytes(paths.posts + "/" + f.rel);
    try {
      if (!bytes) throw Error(f.rel + ": cannot read");
      records[i] = MakePostRecord(ReadPost(f.rel, *bytes), *bytes, kSnippetChars, f.mtime_ns);
      if (cached[i] != nullptr) records[i].doc_id = cached[i]->doc_id;  // an edit keeps its search id
    } catch (const Error& e) {
      errors[i] = e.what();
    }
  });
  std::vector<PostRecord> ok;
  ok.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    if (!errors[i].empty()) {
      problems.push_back(errors[i]);
    } else {
      ok.push_back(std::move(records[i]));
    }
  }
  return ok;
}

// ---- Jobs: one per output (or group of outputs), with the fingerprint of
// everything it is made from ----

struct OutputFile {
  std::string path;
  std::string contents;
};

struct Job {
  uint64_t key;  // Fingerprint64 of its key ("post:a/2020/…/x.html"): see OutputRecord
  uint64_t fingerprint;
  std::function<std::vector<OutputFile>(PageRenderer&)> render;
  int post = -1;     // a post page's job: the post's index
  int segment = -1;  // a search segment's job: its number
};

// A search segment being rebuilt: its postings from the previous build
// (<state>/search/<n>.postings) with the documents that changed or went
// dropped, and the documents to add. The post jobs that render a page
// anyway hand over the page's search tokens (so a post is read once for
// both); the segment's job, placed after them, waits for them and reads
// the rest itself.
struct SegmentBuild {
  std::vector<int> posts;  // the segment's posts
  std::optional<SegmentPostings> postings;
  std::vector<int> missing;  // posts whose tokens the segment's job reads itself
  std::mutex mutex;
  std::condition_variable handed_over;
  int pending = 0;  // post jobs yet to hand over tokens
};

class Planner {
 public:
  Planner(const SiteContext& site, const Paths& paths, const std::vector<PostFile>& archive_assets, uint64_t salt,
          PageRenderer& helper)
      : site_(site), m_(site.model), paths_(paths), archive_assets_(archive_assets), salt_(salt), h_(helper) {
    for (const SitePost& p : m_.posts) entry_hash_.push_back(EntryHash(p));
  }

  std::vector<Job> Plan() {
    PlanSearch();
    PlanListings();
    PlanFeeds();
    PlanSinglePages();
    return std::move(jobs_);
  }

 private:
  // The record's hash of its entry (see PostRecord::entry_hash), and where
  // its source's page is.
  uint64_t EntryHash(const SitePost& p) const {
    return Hasher(salt_).Add(p.record->entry_hash).Add(m_.sources[p.source_group].path).value();
  }

  void Add(std::string key, uint64_t fingerprint, std::function<std::vector<OutputFile>(PageRenderer&)> render) {
    jobs_.push_back({Fingerprint64(key), fingerprint, std::move(render)});
  }

  std::string PostFilePath(const SitePost& p) const { return paths_.posts + "/" + std::string(p.record->path); }

  RenderedBody ReadBody(const SitePost& p) const {
    std::optional<std::string> bytes = ReadFileBytes(PostFilePath(p));
    if (!bytes) throw Error(std::string(p.record->path) + ": cannot read");
    return RenderBody(PostBody(std::string(p.record->path), *bytes));  // its front matter is in the record
  }

  void PlanPost(int i) {
    const SitePost& p = m_.posts[i];
    const PostGroup& source = m_.sources[p.source_group];
    Hasher h(salt_);
    h.Add("post").Add(p.record->content_hash).Add(entry_hash_[i]).Add(m_.days[p.day_group].path);
    for (std::string_view t : p.record->tags) h.Add(m_.tags[m_.tag_index.at(t)].path);
    for (std::string_view c : p.record->categories) h.Add(m_.categories[m_.category_index.at(c)].path);
    if (p.index_in_source > 0) h.Add(entry_hash_[source.posts[p.index_in_source - 1]]);
    if (p.index_in_source + 1 < static_cast<int>(source.posts.size()))
      h.Add(entry_hash_[source.posts[p.index_in_source + 1]]);
    for (int o : h_.SameDay(p)) h.Add(entry_hash_[o]);
    Add("post:" + std::string(p.output_path), h.value(), [this, i](PageRenderer& r) { return RenderPost(r, i); });
    jobs_.back().post = i;
  }

  // The post's page; its search tokens go to its segment when that wants them.
  std::vector<OutputFile> RenderPost(PageRenderer& r, int i) {
    const SitePost& p = m_.posts[i];
    SegmentBuild* segment = hand_over_.empty() ? nullptr : hand_over_[i];
    SearchTokenList tokens;
    try {
      std::string html = ReadBody(p).html;
      std::vector<OutputFile> out(1);  // (a braced list would copy the page)
      out[0] = {std::string(p.output_path), r.Post(p, html)};
      if (segment != nullptr) tokens = DocTokens(p, html);
      if (segment != nullptr) HandOver(*segment, i, &tokens);
      return out;
    } catch (...) {
      if (segment != nullptr) HandOver(*segment, i, nullptr);  // the segment reads it itself
      throw;
    }
  }

  void HandOver(SegmentBuild& segment, int i, const SearchTokenList* tokens) {
    std::lock_guard<std::mutex> lock(segment.mutex);
    if (tokens != nullptr) {
      segment.postings->Add(m_.posts[i].doc_id, DocHash(i), *tokens);
    } else {
      segment.missing.push_back(i);
    }
    --segment.pending;
    segment.handed_over.notify_all();
  }

  // Listing pages are numbered from the oldest post: full pages of exactly
  // `size` posts counted from the oldest ("page/1/" holds the oldest), and
  // the listing's front page (its index.html) with the newest posts that are
  // on no full page: size to 2*size-1 of them (all, when fewer), so that it
  // is never nearly empty; at 2*size a new full page is cut. A full page's
  // URL thus keeps showing the same posts, and a new (newest) post changes
  // only the front page (and now and then cuts one new full page), where
  // numbering from the newest shifted every page of every listing it is on.
  // Full pages do not show the page count, so cutting a page leaves the
  // others untouched.
  void PlanListing(const std::string& heading, const std::string& group_path, const std::vector<int>& posts,
                   const std::string& feed) {
    const int size = std::max(1, site_.options.page_size);
    const int n = static_cast<int>(posts.size());
    const int full = n / size >= 2 ? n / size - 1 : 0;
    auto full_path = [&](int k) { return group_path + "page/" + std::to_string(k) + "/"; };
    for (int k = 1; k <= full + 1; ++k) {
      const bool front = k == full + 1;
      ListPage lp;
      lp.heading = heading;
      lp.feed = feed;
      lp.page = k;
      lp.pages = full + 1;
      int begin = (k - 1) * size, end = front ? n : k * size;
      for (int j = end - 1; j >= begin; --j) lp.posts.push_back(posts[j]);  // newest first on the page
      lp.newer = front ? "" : h_.Href(k == full ? group_path : full_path(k + 1));
      lp.older = k > 1 || (front && full > 0) ? h_.Href(full_path(k - 1)) : "";
      lp.front = front;
      Hasher h(salt_);
      h.Add("list").Add(heading).Add(feed).Add(static_cast<uint64_t>(k)).Add(lp.newer).Add(lp.older);
      if (front) h.Add(static_cast<uint64_t>(full + 1));  // only the front page shows the count
      for (int i : lp.posts) h.Add(entry_hash_[i]);
      std::string path = front ? group_path + "index.html" : full_path(k) + "index.html";
      Add("list:" + path, h.value(), [lp = std::move(lp), path](PageRenderer& r) {
        return std::vector<OutputFile>{{path, r.List(lp)}};
      });
    }
  }

  void PlanListings() {
    std::vector<int> all(m_.posts.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    PlanListing(site_.options.title, "", all, "");
    for (const PostGroup& g : m_.sources) PlanListing("來源：" + g.name, g.path, g.posts, h_.Href(g.path + "feed.xml"));
    for (const PostGroup& g : m_.tags) PlanListing("標籤：" + g.name, g.path, g.posts, "");
    for (const PostGroup& g : m_.categories) PlanListing("分類：" + g.name, g.path, g.posts, "");
    for (const PostGroup& g : m_.months) PlanListing(g.name, g.path, g.posts, "");
    for (const PostGroup& g : m_.days) PlanListing(g.name, g.path, g.posts, "");
  }

  std::vector<int> Latest(const std::vector<int>& posts) const {
    std::vector<int> out;
    for (size_t k = posts.size(); k-- > 0 && static_cast<int>(out.size()) < site_.options.feed_size;)
      out.push_back(posts[k]);
    return out;
  }

  void PlanFeed(const std::string& title, const std::string& path, std::vector<int> posts) {
    Hasher h(salt_);
    h.Add("feed").Add(title).Add(path);
    for (int i : posts) h.Add(entry_hash_[i]).Add(m_.posts[i].record->categories.size());
    for (int i : posts)
      for (std::string_view c : m_.posts[i].record->categories) h.Add(c);
    Add("feed:" + path, h.value(), [title, path, posts = std::move(posts)](PageRenderer& r) {
      return std::vector<OutputFile>{{path, r.Atom(title, path, posts)}};
    });
  }

  void PlanFeeds() {
    std::vector<int> all(m_.posts.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
    PlanFeed(site_.options.title, "feed.xml", Latest(all));
    for (const PostGroup& g : m_.sources) PlanFeed(g.name + " · " + site_.options.title, g.path + "feed.xml", Latest(g.posts));
  }

  // Pages made from the whole model, fingerprinted by the groups' summaries.
  void PlanSinglePages() {
    Hasher groups(salt_);
    for (const auto* list : {&m_.sources, &m_.tags, &m_.categories, &m_.months, &m_.days}) {
      groups.Add("|");
      for (const PostGroup& g : *list) groups.Add(g.name).Add(g.path).Add(g.posts.size()).Add(entry_hash_[g.posts.back()]);
    }
    uint64_t fp = groups.value();
    Add("page:sources", fp, [](PageRenderer& r) { return std::vector<OutputFile>{{"sources/index.html", r.Sources()}}; });
    Add("page:tags", fp, [this](PageRenderer& r) {
      return std::vector<OutputFile>{{"tags/index.html", r.Terms("標籤", m_.tags)}};
    });
    Add("page:categories", fp, [this](PageRenderer& r) {
      return std::vector<OutputFile>{{"categories/index.html", r.Terms("分類", m_.categories)}};
    });
    Add("page:archive", fp, [](PageRenderer& r) { return std::vector<OutputFile>{{"archive/index.html", r.Archive()}}; });
    Add("page:search", salt_, [](PageRenderer& r) { return std::vector<OutputFile>{{"search/index.html", r.Search()}}; });
    Add("page:404", salt_, [](PageRenderer& r) { return std::vector<OutputFile>{{"404.html", r.NotFound()}}; });
    for (const ThemeFile* asset : site_.theme.Assets()) {
      Add("asset:" + asset->name, Hasher(salt_).Add(asset->contents).value(), [asset](PageRenderer&) {
        return std::vector<OutputFile>{{asset->name, asset->contents}};
      });
    }
    PlanArchiveAssets();
    PlanSitemaps();
    std::string robots = "User-agent: *\nAllow: /\n";
    if (!site_.options.url.empty()) robots += "Sitemap: " + h_.Absolute("sitemap.xml") + "\n";
    Add("page:robots", Hasher(salt_).Add(robots).value(), [robots](PageRenderer&) {
      return std::vector<OutputFile>{{"robots.txt", robots}};
    });
  }

  // The archive's assets/ (downloaded images) copied as they are; a theme
  // asset of the same name wins.
  void PlanArchiveAssets() {
    std::set<std::string> theme_assets;
    for (const ThemeFile* asset : site_.theme.Assets()) theme_assets.insert(asset->name);
    for (const PostFile& f : archive_assets_) {
      if (theme_assets.count(f.rel)) continue;
      uint64_t fp = Hasher(salt_).Add(f.rel).Add(static_cast<uint64_t>(f.size)).Add(static_cast<uint64_t>(f.mtime_ns)).value();
      std::string source = paths_.assets + f.rel.substr(6);
      Add("archive-asset:" + f.rel, fp, [rel = f.rel, source](PageRenderer&) {
        std::optional<std::string> bytes = ReadFileBytes(source);
        if (!bytes) throw Error("cannot read " + source);
        return std::vector<OutputFile>{{rel, std::move(*bytes)}};
      });
    }
  }

  // The sitemaps' and the search docs' fingerprints hash each post's URL
  // and instant, not the dates written from them (a function of the instant
  // and the zone, which the salt holds): formatting 100,000 dates is left
  // to the outputs that render.
  void PlanSitemaps() {
    // Entry 0 is the home page, entry k > 0 the post k - 1.
    size_t entries = m_.posts.size() + 1;
    size_t split = static_cast<size_t>(std::max(1, site_.options.sitemap_split));
    if (entries <= split) {
      AddSitemap("sitemap.xml", 0, entries);
      return;
    }
    std::vector<std::string> parts;
    for (size_t start = 0; start < entries; start += split) {
      std::string name = "sitemap-" + std::to_string(parts.size() + 1) + ".xml";
      parts.push_back(h_.Absolute(name));
      AddSitemap(name, start, std::min(entries, start + split));
    }
    std::string index = SitemapIndexXml(parts);
    Add("sitemap:sitemap.xml", Hasher(salt_).Add(index).value(), [index](PageRenderer&) {
      return std::vector<OutputFile>{{"sitemap.xml", index}};
    });
  }

  void AddSitemap(const std::string& name, size_t begin, size_t end) {
    Hasher h(salt_);
    h.Add("sitemap");
    for (size_t k = std::max<size_t>(begin, 1); k < end; ++k)
      h.Add(m_.posts[k - 1].url).Add(static_cast<uint64_t>(m_.posts[k - 1].instant_ms));
    h.Add(static_cast<uint64_t>(begin)).Add(static_cast<uint64_t>(end));
    Add("sitemap:" + name, h.value(), [this, name, begin, end](PageRenderer&) {
      std::vector<std::pair<std::string, std::string>> locs;
      for (size_t k = begin; k < end; ++k) {
        if (k == 0) {
          locs.emplace_back(h_.Absolute(""), "");
          continue;
        }
        const SitePost& p = m_.posts[k - 1];
        locs.emplace_back(site_.options.url + site_.options.base_path + std::string(p.url), IsoLocal(p.instant_ms, site_.zone));
      }
      return std::vector<OutputFile>{{name, SitemapXml(locs)}};
    });
  }

  // ---- search ----

  void PlanSearch() {
    uint32_t max_id = 0;
    for (const SitePost& p : m_.posts) max_id = std::max(max_id, p.doc_id + 1);
    by_id_.assign(max_id, -1);
    for (size_t i = 0; i < m_.posts.size(); ++i) by_id_[m_.posts[i].doc_id] = static_cast<int>(i);
    uint32_t segments = (max_id + kSearchSegmentSize - 1) / kSearchSegmentSize;
    const SearchFolding& fold = SearchFolding::Default();
    std::string fold_json = fold.Json();
    fold_hash_ = Fingerprint64(fold_json);
    // Each segment's post pages, then the segment: a full build hands the
    // tokens of a segment's posts to it and frees them once it is written,
    // so few segments' postings are in memory at a time.
    for (uint32_t s = 0; s < segments; ++s) {
      for (int i : PostsWithIds(s * kSearchSegmentSize, kSearchSegmentSize)) PlanPost(i);
      PlanSegment(s);
    }
    for (uint32_t c = 0; c * kSearchDocChunk < max_id; ++c) PlanDocChunk(c);
    if (!fold.empty()) {
      Add("search:fold", Hasher(salt_).Add(fold_json).value(), [fold_json](PageRenderer&) {
        return std::vector<OutputFile>{{"search/fold.json", fold_json}};
      });
    }
    std::string meta = SearchMetaJson(segments, !fold.empty());
    Add("search:meta", Hasher(salt_).Add(meta).value(), [meta](PageRenderer&) {
      return std::vector<OutputFile>{{"search/meta.json", meta}};
    });
  }

  std::vector<int> PostsWithIds(uint32_t first, uint32_t count) const {
    std::vector<int> out;
    for (uint32_t id = first; id < first + count && id < by_id_.size(); ++id) {
      if (by_id_[id] >= 0) out.push_back(by_id_[id]);
    }
    return out;
  }

  void PlanSegment(uint32_t segment) {
    std::vector<int> posts = PostsWithIds(segment * kSearchSegmentSize, kSearchSegmentSize);
    Hasher h(salt_);
    h.Add("segment").Add(static_cast<uint64_t>(site_.options.search_chars)).Add(fold_hash_);
    for (int i : posts) h.Add(m_.posts[i].doc_id).Add(m_.posts[i].record->content_hash).Add(m_.posts[i].record->title);
    segments_.push_back(std::make_unique<SegmentBuild>());
    segments_.back()->posts = posts;
    Add("search:segment:" + std::to_string(segment), h.value(), [this, segment](PageRenderer&) {
      return RenderSegment(segment);
    });
    jobs_.back().segment = static_cast<int>(segment);
  }

  SearchTokenList DocTokens(const SitePost& p, const std::string& html) const {
    std::string text = ArticleText(html, static_cast<size_t>(site_.options.search_chars) * 4);
    std::string indexed = std::string(p.record->title) + "\n" + CutChars(text, site_.options.search_chars);
    return SearchTokenize(indexed, &SearchFolding::Default());
  }

  // What a document's tokens are made from.
  uint64_t DocHash(int i) const {
    return Hasher(m_.posts[i].record->content_hash).Add(m_.posts[i].record->title).value();
  }
  uint64_t PostingsSalt() const {
    return Hasher(kPostingsVersion).Add(static_cast<uint64_t>(site_.options.search_chars)).Add(fold_hash_).value();
  }
  std::string PostingsPath(uint32_t segment) const {
    return paths_.state + "/search/" + std::to_string(segment) + ".postings";
  }

  std::vector<OutputFile> RenderSegment(uint32_t segment) {
    SegmentBuild& b = *segments_[segment];
    {
      std::unique_lock<std::mutex> lock(b.mutex);
      b.handed_over.wait(lock, [&] { return b.pending == 0; });
    }
    for (int i : b.missing) {
      const SitePost& p = m_.posts[i];
      b.postings->Add(p.doc_id, DocHash(i), DocTokens(p, ReadBody(p).html));
    }
    std::string bytes = b.postings->Encode(PostingsSalt());
    if (ReadFileBytes(PostingsPath(segment)) != bytes) WriteFileAtomically(PostingsPath(segment), bytes);
    std::vector<OutputFile> files;
    for (auto& [shard, json] : b.postings->Shards())
      files.push_back({"search/" + std::to_string(segment) + "/" + std::to_string(shard) + ".json", std::move(json)});
    b.postings.reset();  // its memory goes before the next segment's
    return files;
  }

 public:
  // Called once the jobs that render are known (renders[j] for jobs[j]):
  // each segment that renders starts from its saved postings (all of them
  // dropped when `fresh`), keeps the documents that are unchanged, and
  // takes the others from the post jobs that render or reads them itself.
  void PrepareSegments(const std::vector<Job>& jobs, const std::vector<char>& renders, bool fresh) {
    std::vector<char> post_renders(m_.posts.size(), 0);
    for (size_t j = 0; j < jobs.size(); ++j)
      if (jobs[j].post >= 0) post_renders[jobs[j].post] = renders[j];
    hand_over_.assign(m_.posts.size(), nullptr);
    for (size_t j = 0; j < jobs.size(); ++j) {
      if (jobs[j].segment < 0 || !renders[j]) continue;
      SegmentBuild& b = *segments_[jobs[j].segment];
      std::optional<std::string> bytes = fresh ? std::nullopt : ReadFileBytes(PostingsPath(jobs[j].segment));
      if (bytes) b.postings = SegmentPostings::Decode(std::move(*bytes), PostingsSalt());
      if (!b.postings) b.postings.emplace();
      std::unordered_map<uint32_t, uint64_t> current;
      for (int i : b.posts) current[m_.posts[i].doc_id] = DocHash(i);
      b.postings->KeepOnly([&](uint32_t id, uint64_t hash) {
        auto it = current.find(id);
        return it != current.end() && it->second == hash;
      });
      for (int i : b.posts) {
        if (b.postings->Has(m_.posts[i].doc_id, DocHash(i))) continue;
        if (post_renders[i]) {
          hand_over_[i] = &b;
          ++b.pending;
        } else {
          b.missing.push_back(i);
        }
      }
    }
  }

 private:

  static std::string CutChars(const std::string& text, int max_chars) {
    size_t i = 0;
    for (int n = 0; i < text.size() && n < max_chars; ++n) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    }
    return text.substr(0, std::min(i, text.size()));
  }

  void PlanDocChunk(uint32_t chunk) {
    std::vector<int> posts(kSearchDocChunk, -1);
    Hasher h(salt_);
    h.Add("docs");
    for (uint32_t k = 0; k < kSearchDocChunk; ++k) {
      uint32_t id = chunk * kSearchDocChunk + k;
      posts[k] = id < by_id_.size() ? by_id_[id] : -1;
      if (posts[k] < 0) {
        h.Add("-");
        continue;
      }
      const SitePost& p = m_.posts[posts[k]];
      h.Add(p.url).Add(p.record->title).Add(p.source).Add(static_cast<uint64_t>(p.instant_ms));
    }
    std::string path = "search/docs/" + std::to_string(chunk) + ".json";
    Add("search:docs:" + std::to_string(chunk), h.value(), [this, posts = std::move(posts), path](PageRenderer& r) {
      std::vector<SearchDocEntry> entries(posts.size());
      std::vector<const SearchDocEntry*> ptrs;
      for (size_t k = 0; k < posts.size(); ++k) {
        if (posts[k] < 0) {
          ptrs.push_back(nullptr);
          continue;
        }
        const SitePost& p = m_.posts[posts[k]];
        entries[k] = {std::string(p.url), std::string(p.record->title), std::string(p.source), r.LocalTime(p)};
        ptrs.push_back(&entries[k]);
      }
      return std::vector<OutputFile>{{path, SearchDocChunkJson(ptrs)}};
    });
  }

  const SiteContext& site_;
  const SiteModel& m_;
  const Paths& paths_;
  const std::vector<PostFile>& archive_assets_;
  uint64_t salt_;
  PageRenderer& h_;
  std::vector<uint64_t> entry_hash_;
  std::vector<int> by_id_;
  uint64_t fold_hash_ = 0;
  std::vector<Job> jobs_;
  std::vector<std::unique_ptr<SegmentBuild>> segments_;  // by segment number
  std::vector<SegmentBuild*> hand_over_;  // by post: the segment its job hands tokens to
};

uint64_t OptionsSalt(const SiteOptions& o, const Theme& theme) {
  return Hasher(kRendererVersion)
      .Add(theme.fingerprint())
      .Add(o.timezone)
      .Add(o.permalink)
      .Add(o.title)
      .Add(o.url)
      .Add(o.base_path)
      .Add(static_cast<uint64_t>(o.page_size))
      .Add(static_cast<uint64_t>(o.feed_size))
      .Add(static_cast<uint64_t>(o.same_day_links))
      .Add(static_cast<uint64_t>(o.sitemap_split))
      .value();
}

void CheckOptions(const SiteOptions& o) {
  if (o.dir.empty()) throw UsageError("build: no archive folder given");
  if (o.page_size < 1) throw UsageError("build: page size must be at least 1");
  if (!o.base_path.empty() && (o.base_path.front() != '/' || o.base_path.back() == '/'))
    throw UsageError("build: base path '" + o.base_path + "' must start with '/' and not end with it");
  if (!o.url.empty() && o.url.back() == '/') throw UsageError("build: url '" + o.url + "' must not end with '/'");
  try {
    PostUrl(PermalinkTemplate(o.permalink), PermalinkPost{"2020-01-01-x.md", "x", std::nullopt, {}, {}, std::nullopt});
  } catch (const Error& e) {
    throw UsageError(std::string("build: ") + e.what());
  }
}

// The site's zone: a name ICU does not know is a usage error.
TimeZone LoadZone(const std::string& name) {
  try {
    return TimeZone::Load(name);
  } catch (const Error& e) {
    throw UsageError(std::string("build: ") + e.what());
  }
}

// Everything a build reads, and so everything its output depends on: the
// options and theme (the salt), the search's settings, and every post file
// and archive asset by name, size and modification time (an edited post
// has a new modification time, whatever its size).
uint64_t InputsSignature(uint64_t salt, const SiteOptions& o, const std::vector<PostFile>& posts,
                         const std::vector<PostFile>& assets) {
  Hasher h(salt);
  h.Add(kPostingsVersion).Add(static_cast<uint64_t>(o.search_chars)).Add(SearchFolding::Default().Json());
  for (const auto* list : {&posts, &assets}) {
    h.Add("|");
    for (const PostFile& f : *list) h.Add(f.rel).Add(static_cast<uint64_t>(f.size)).Add(static_cast<uint64_t>(f.mtime_ns));
  }
  return h.value();
}

// The previous build's report when nothing it read has changed since and
// its site is complete; nullopt when there is something to do.
std::optional<BuildStats> NothingChanged(const Paths& paths, uint64_t signature) {
  std::optional<std::string> bytes = ReadFileBytes(paths.inputs);
  std::optional<BuildInputs> inputs = bytes ? DecodeBuildInputs(*bytes) : std::nullopt;
  struct stat st {};
  if (!inputs || inputs->signature != signature || ::stat(paths.site.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return std::nullopt;
  BuildStats stats;
  stats.posts = inputs->posts;
  stats.files_total = inputs->files_total;
  stats.problems = inputs->problems;
  return stats;
}

// The files of the previous build that this one no longer produces: those
// of old outputs no job of this build has (`before`: the old output of each
// job, or nullptr), and those a rendered job produced before but not now,
// unless another output produces it now.
std::vector<std::string> ObsoleteFiles(const BuildCache& old, const std::vector<const OutputRecord*>& before,
                                       const std::vector<OutputRecord>& results) {
  std::vector<char> taken(old.outputs.size(), 0);
  for (const OutputRecord* b : before)
    if (b != nullptr) taken[static_cast<size_t>(b - old.outputs.data())] = 1;
  std::vector<std::string> obsolete;
  for (size_t k = 0; k < old.outputs.size(); ++k) {
    if (!taken[k]) old.outputs[k].ForEachPath([&](std::string_view path) { obsolete.emplace_back(path); });
  }
  for (size_t i = 0; i < results.size(); ++i) {
    if (before[i] == nullptr || !results[i].encoded.empty()) continue;  // new, or kept as it was
    for (const auto& [path, hash] : before[i]->Files()) {
      bool again = std::any_of(results[i].files.begin(), results[i].files.end(),
                               [&](const auto& file) { return file.first == path; });
      if (!again) obsolete.push_back(path);
    }
  }
  if (obsolete.empty()) return obsolete;
  std::unordered_set<std::string_view> produced;
  for (const OutputRecord& r : results) r.ForEachPath([&](std::string_view path) { produced.insert(path); });
  std::erase_if(obsolete, [&](const std::string& path) { return produced.contains(path); });
  std::sort(obsolete.begin(), obsolete.end());
  obsolete.erase(std::unique(obsolete.begin(), obsolete.end()), obsolete.end());
  return obsolete;
}

}  // namespace

BuildStats BuildSite(const SiteOptions& options) {
  CheckOptions(options);
  Paths paths(options.dir);
  TimeZone zone = LoadZone(options.timezone);
  Theme theme = Theme::Load(paths.theme);
  std::string permalink = PermalinkTemplate(options.permalink);
  int workers = Workers(options);

  bool interrupted = SiteWriter::RecoverInterruptedCommit(paths.site, paths.state);
  uint64_t salt = OptionsSalt(options, theme);
  std::vector<PostFile> post_files = ListPostFiles(paths.posts, workers);
  std::vector<PostFile> archive_assets = ListArchiveAssets(paths.assets, workers);
  uint64_t signature = InputsSignature(salt, options, post_files, archive_assets);
  if (options.incremental && !interrupted) {
    if (std::optional<BuildStats> same = NothingChanged(paths, signature)) return *same;
  }
  LoadedCache loaded = LoadCache(paths.cache);
  BuildCache old = std::move(loaded.cache);
  std::string_view cache_bytes = loaded.bytes;  // kept by loaded.owner
  // A full build reads every post and renders every output again, but
  // still leaves the files whose bytes did not change untouched.
  bool force = !options.incremental;
  std::error_code ec;
  if (interrupted || !fs::is_directory(paths.site, ec)) old.outputs.clear();

  BuildStats stats;
  BuildCache next;
  next.keep = old.keep;  // the records and outputs it takes over show those bytes
  next.posts = ReadPostRecords(paths, post_files, old, force, workers, stats.problems);
  next.next_doc_id = old.next_doc_id;
  uint64_t url_key = Hasher(kRendererVersion).Add(permalink).Add(options.timezone).value() | 1;
  SiteModel model = BuildSiteModel(next.posts, zone, permalink, url_key, next.next_doc_id);
  stats.problems.insert(stats.problems.end(), model.problems.begin(), model.problems.end());
  stats.posts = static_cast<int>(model.posts.size());

  SiteContext site{options, model, zone, theme};
  PageRenderer helper(site);
  Planner planner(site, paths, archive_assets, salt, helper);  // jobs refer to it
  std::vector<Job> jobs = planner.Plan();
  std::vector<const OutputRecord*> before(jobs.size(), nullptr);
  std::vector<char> renders(jobs.size(), 1);
  for (size_t i = 0; i < jobs.size(); ++i) {
    before[i] = old.Find(jobs[i].key);
    renders[i] = force || before[i] == nullptr || before[i]->fingerprint != jobs[i].fingerprint;
  }
  planner.PrepareSegments(jobs, renders, force);

  // Without a previous build to compare with, write a whole new site beside
  // the old one and swap.
  SiteWriter writer(paths.site, paths.state, old.outputs.empty());
  std::vector<OutputRecord> results(jobs.size());
  std::vector<std::unique_ptr<PageRenderer>> renderers(static_cast<size_t>(workers));
  std::atomic<int> rendered{0};
  ParallelFor(workers, jobs.size(), [&](int worker, size_t i) {
    const Job& job = jobs[i];
    if (!renders[i]) {
      results[i] = *before[i];  // its files are all there again (and its encoded list a view)
      return;
    }
    if (!renderers[worker]) renderers[worker] = std::make_unique<PageRenderer>(site);
    OutputRecord record{job.key, job.fingerprint, {}, {}};
    std::vector<std::pair<std::string, uint64_t>> old_files;
    if (before[i] != nullptr) old_files = before[i]->Files();
    for (OutputFile& f : job.render(*renderers[worker])) {
      std::optional<uint64_t> previous;
      for (const auto& [path, hash] : old_files)
        if (path == f.path) previous = hash;
      record.files.emplace_back(f.path, writer.Put(f.path, f.contents, previous));
    }
    results[i] = std::move(record);
    ++rendered;
  });

  std::vector<std::string> obsolete = ObsoleteFiles(old, before, results);
  size_t files_total = 0;
  for (const OutputRecord& r : results) files_total += r.FileCount();
  next.outputs = std::move(results);

  // The new cache is encoded and written to its temporary file while the
  // site's files are moved into place, and replaces the old cache only
  // once the commit is done (its marker there first): an interrupted build
  // never leaves a cache that tells of files the site does not have.
  std::optional<std::string> cache_tmp;
  std::exception_ptr cache_failure;
  std::thread write_cache([&] {
    try {
      cache_tmp = WriteCacheIfChanged(paths.cache, next, cache_bytes);
    } catch (...) {
      cache_failure = std::current_exception();
    }
  });
  struct Join {
    std::thread& t;
    ~Join() {
      if (t.joinable()) t.join();
    }
  } join_write{write_cache};
  writer.Commit(obsolete);
  write_cache.join();
  if (cache_failure) std::rethrow_exception(cache_failure);
  if (cache_tmp) fs::rename(*cache_tmp, paths.cache);
  // Freeing the two caches' records takes a while: on another thread,
  // while the rest is written.
  std::thread free_caches([old = std::move(old), next = std::move(next)]() mutable {
    old = {};
    next = {};
  });
  Join join_free{free_caches};
  std::string inputs = EncodeBuildInputs({signature, stats.posts, static_cast<int>(files_total), stats.problems});
  if (ReadFileBytes(paths.inputs) != inputs) WriteFileAtomically(paths.inputs, inputs);
  writer.Finish();

  stats.pages_rendered = rendered;
  stats.files_written = writer.files_written();
  stats.files_removed = static_cast<int>(obsolete.size());
  stats.files_total = static_cast<int>(files_total);
  return stats;
}

}  // namespace feedmirror
