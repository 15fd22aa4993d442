#include "site/site_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "site/hash.h"
#include "util/error.h"

namespace feedmirror {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStage = "/site-stage";
constexpr const char* kFresh = "/site-new";
constexpr const char* kOld = "/site-old";
constexpr const char* kMarker = "/site-commit";

void CreateParents(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec && !fs::is_directory(path.parent_path())) throw Error("cannot create folder " + path.parent_path().string() + ": " + ec.message());
}

// Writes a file in an existing folder: `path` relative to the folder open
// as `dir_fd` (AT_FDCWD: the working folder), `shown` in errors.
void WriteFileAt(int dir_fd, const std::string& path, const std::string& contents, const std::string& shown) {
  int fd = ::openat(dir_fd, path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot write " + shown);
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw Error("cannot write " + shown);
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
}

void WriteFile(const std::string& path, const std::string& contents) { WriteFileAt(AT_FDCWD, path, contents, path); }

// Moves every file under `stage` to the same place under `site`.
void MoveTree(const fs::path& stage, const fs::path& site) {
  std::error_code ec;
  if (!fs::exists(stage, ec)) return;
  for (auto it = fs::recursive_directory_iterator(stage); it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file()) continue;
    fs::path target = site / it->path().string().substr(stage.string().size() + 1);
    CreateParents(target);
    fs::rename(it->path(), target);
  }
  fs::remove_all(stage);
}

void RemoveEmptyParents(fs::path dir, const fs::path& root) {
  std::error_code ec;
  while (dir != root && dir.string().size() > root.string().size() && fs::is_empty(dir, ec) && !ec) {
    fs::remove(dir, ec);
    dir = dir.parent_path();
  }
}

// Replaces the site folder by the freshly written one: the old one is moved
// aside first, so that each step leaves a whole site in one of the places.
void SwapIn(const std::string& site_dir, const std::string& state_dir) {
  std::error_code ec;
  if (fs::exists(site_dir, ec)) {
    fs::remove_all(state_dir + kOld, ec);
    fs::rename(site_dir, state_dir + kOld);
  }
  fs::rename(state_dir + kFresh, site_dir);
  fs::remove_all(state_dir + kOld, ec);
}

}  // namespace

SiteWriter::SiteWriter(std::string site_dir, std::string state_dir, bool fresh)
    : site_dir_(std::move(site_dir)),
      state_dir_(state_dir),
      fresh_(fresh),
      stage_dir_(state_dir + (fresh ? kFresh : kStage)),
      marker_(state_dir + kMarker) {
  std::error_code ec;
  fs::remove_all(state_dir + kStage, ec);
  fs::remove_all(state_dir + kFresh, ec);
  fs::remove_all(state_dir + kOld, ec);
  if (fresh_) fs::create_directories(stage_dir_);
}

uint64_t SiteWriter::Put(const std::string& path, const std::string& contents, std::optional<uint64_t> previous_hash) {
  uint64_t hash = Fingerprint64(contents);
  if (!fresh_ && previous_hash == hash) {
    std::error_code ec;
    if (fs::exists(fs::path(site_dir_) / path, ec)) return hash;
  }
  // Paths below the staging folder, opened once: the kernel does not walk
  // the folders above it again for each of 100,000 files.
  size_t slash = path.rfind('/');
  EnsureFolder(slash == std::string::npos ? "" : path.substr(0, slash));
  WriteFileAt(stage_fd_, path, contents, stage_dir_ + "/" + path);
  std::lock_guard<std::mutex> lock(mutex_);
  staged_.push_back(path);
  return hash;
}

void SiteWriter::EnsureFolder(const std::string& dir) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (folders_.contains(dir)) return;
  }
  // One mkdir per new folder, its parent made first: no stat of each
  // ancestor as create_directories does. Another thread making it too is fine.
  if (!dir.empty()) {
    size_t slash = dir.rfind('/');
    EnsureFolder(slash == std::string::npos ? "" : dir.substr(0, slash));
    if (::mkdirat(stage_fd_, dir.c_str(), 0755) != 0 && errno != EEXIST)
      throw Error("cannot create folder " + stage_dir_ + "/" + dir + ": " + std::strerror(errno));
  } else {
    std::call_once(stage_opened_, [this] {
      CreateParents(stage_dir_ + "/-");
      stage_fd_ = ::open(stage_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (stage_fd_ < 0) throw Error("cannot open folder " + stage_dir_ + ": " + std::strerror(errno));
    });
  }
  std::lock_guard<std::mutex> lock(mutex_);
  folders_.insert(dir);
}

void SiteWriter::CloseStage() {
  if (stage_fd_ >= 0) ::close(stage_fd_);
  stage_fd_ = -1;
}

SiteWriter::~SiteWriter() { CloseStage(); }

void SiteWriter::Commit(const std::vector<std::string>& obsolete) {
  CloseStage();
  if (fresh_) {
    CreateParents(marker_);
    WriteFile(marker_, "fresh\n");
    SwapIn(site_dir_, state_dir_);
    return;
  }
  if (staged_.empty() && obsolete.empty()) return;
  fs::create_directories(site_dir_);
  CreateParents(marker_);
  WriteFile(marker_, "commit\n");
  MoveTree(stage_dir_, site_dir_);
  std::error_code ec;
  for (const std::string& path : obsolete) {
    fs::path file = fs::path(site_dir_) / path;
    fs::remove(file, ec);
    RemoveEmptyParents(file.parent_path(), fs::path(site_dir_));
  }
}

void SiteWriter::Finish() {
  std::error_code ec;
  fs::remove(marker_, ec);
}

bool SiteWriter::RecoverInterruptedCommit(const std::string& site_dir, const std::string& state_dir) {
  std::error_code ec;
  if (!fs::exists(state_dir + kMarker, ec)) return false;
  if (fs::exists(state_dir + kFresh, ec)) SwapIn(site_dir, state_dir);
  MoveTree(state_dir + kStage, site_dir);
  fs::remove(state_dir + kMarker, ec);
  return true;
}

}  // namespace feedmirror
