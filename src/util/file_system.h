// The archive's file system, behind an interface so that unit tests run in
// memory (MemoryFileSystem) and the disk is tested once against a temp dir.
// Paths are relative to the file system's root and use '/'; "" and "." name
// the root itself. Every method throws Error for a path that could leave the
// root: an absolute path, a ".." component, or a NUL byte. (The disk one does
// not guard against symbolic links planted inside the root.)
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace feedmirror {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // The file's bytes, or nullopt when it does not exist. Throws Error on
  // any other failure.
  virtual std::optional<std::string> ReadFile(const std::string& path) = 0;
  // Replaces `path` atomically: a reader sees the old or the new bytes, never
  // a mix, even if the process is killed. Creates missing parent folders.
  // Durable against power loss only after the next Sync().
  virtual void WriteFileAtomic(const std::string& path, const std::string& contents) = 0;
  // Makes every write so far durable (on disk: syncfs). Batching the sync
  // costs one flush per batch instead of two per file; a caller records a
  // write elsewhere (the store) only after the Sync that covers it.
  virtual void Sync() = 0;
  virtual bool Exists(const std::string& path) = 0;
  // Names (not paths) of the entries of a folder, sorted by byte value,
  // including temporary files of atomic writes; empty when it is missing.
  virtual std::vector<std::string> ListDir(const std::string& path) = 0;
  // Removes a file; no error when it is missing.
  virtual void Remove(const std::string& path) = 0;
};

// The disk under `root`. WriteFileAtomic writes `.<name>.tmp-<random>` in the
// same folder and renames it over `path` (durable after the next Sync(): one
// syncfs covers a whole batch); on failure it removes the temporary file and
// throws Error naming the path and the system's reason. Folders it creates
// are fsynced into their parents.
std::unique_ptr<FileSystem> NewDiskFileSystem(const std::string& root);

// True for the names WriteFileAtomic uses for its temporary files, so that a
// run can remove those a killed run left behind.
bool IsAtomicWriteTempName(const std::string& name);

// An in-memory file system for tests: a map from path to bytes, in which
// folders exist implicitly as the prefixes of files. It behaves like the disk
// one: writing under a file or over a folder, and reading a folder, throw.
class MemoryFileSystem : public FileSystem {
 public:
  std::optional<std::string> ReadFile(const std::string& path) override;
  void WriteFileAtomic(const std::string& path, const std::string& contents) override;
  bool Exists(const std::string& path) override;
  std::vector<std::string> ListDir(const std::string& path) override;
  void Remove(const std::string& path) override;
  void Sync() override { ++syncs_; }
  const std::map<std::string, std::string>& files() const { return files_; }
  int syncs() const { return syncs_; }

  // Fault injection: while set, WriteFileAtomic and Remove throw
  // Error(message) and change nothing, as a full disk would.
  void SetWriteError(std::optional<std::string> message) { write_error_ = std::move(message); }

 private:
  void ThrowIfWriteError(const std::string& path) const;

  std::map<std::string, std::string> files_;
  std::optional<std::string> write_error_;
  int syncs_ = 0;
};

}  // namespace feedmirror
