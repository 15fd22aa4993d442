// Writes the site so that an interrupted build leaves the previous site
// intact. Incremental: changed files are first written to a staging folder;
// only when every page is rendered does Commit move them into the site
// (renames on the same file system) and remove the files no longer
// produced. Fresh (no previous build to compare with): the whole site is
// written beside the old one and Commit swaps the two folders. A marker file
// brackets the commit; a build that finds it finishes the interrupted
// commit first (RecoverInterruptedCommit).
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace feedmirror {

class SiteWriter {
 public:
  // `site_dir`: the site (<dir>/_site); `state_dir`: <dir>/.feedmirror.
  // Removes a staging folder left by an interrupted build that had not
  // reached its commit.
  SiteWriter(std::string site_dir, std::string state_dir, bool fresh);
  ~SiteWriter();
  SiteWriter(const SiteWriter&) = delete;
  SiteWriter& operator=(const SiteWriter&) = delete;

  // Stages `contents` for `path` (relative to the site) unless its hash
  // (Fingerprint64) equals `previous_hash` and the file exists. Returns the hash. Safe to
  // call from several threads. Throws Error when the file cannot be written.
  uint64_t Put(const std::string& path, const std::string& contents, std::optional<uint64_t> previous_hash);

  // Moves the staged files into the site and removes `obsolete` files (and
  // folders left empty). Does nothing when nothing was staged or removed.
  // The commit marker stays until Finish(), called once the build cache
  // describing the new site is saved.
  void Commit(const std::vector<std::string>& obsolete);
  void Finish();

  int files_written() const { return static_cast<int>(staged_.size()); }

  // True when a previous build was interrupted during its commit; finishes
  // its moves. Its cache then no longer describes the site's files.
  static bool RecoverInterruptedCommit(const std::string& site_dir, const std::string& state_dir);

 private:
  // Creates `dir` (relative to the staging folder; "": the folder itself)
  // and its missing parents unless this writer already made it; the
  // staging folder is then open as stage_fd_. Throws Error when it cannot.
  void EnsureFolder(const std::string& dir);
  void CloseStage();

  std::string site_dir_;
  std::string state_dir_;
  bool fresh_;
  std::string stage_dir_;
  std::string marker_;
  std::once_flag stage_opened_;
  int stage_fd_ = -1;  // the staging folder, once a file is staged
  std::mutex mutex_;
  std::vector<std::string> staged_;
  std::unordered_set<std::string> folders_;  // folders known to exist
};

}  // namespace feedmirror
