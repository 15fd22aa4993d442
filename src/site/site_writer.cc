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

// Writes a file in an existing folder.
void WriteFile(const std::string& path, const std::string& contents) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw Error("cannot write " + path);
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw Error("cannot write " + path);
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
}

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
  uint64_t hash = Hash64(contents);
  if (!fresh_ && previous_hash == hash) {
    std::error_code ec;
    if (fs::exists(fs::path(site_dir_) / path, ec)) return hash;
  }
  std::string target = stage_dir_ + "/" + path;
  size_t slash = target.rfind('/');
  EnsureFolder(target.substr(0, slash));
  WriteFile(target, contents);
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
  if (dir.size() > stage_dir_.size()) {
    EnsureFolder(dir.substr(0, dir.rfind('/')));
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
      throw Error("cannot create folder " + dir + ": " + std::strerror(errno));
  } else {
    CreateParents(dir + "/-");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  folders_.insert(dir);
}

void SiteWriter::Commit(const std::vector<std::string>& obsolete) {
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
