// The archive's file system, behind an interface so that unit tests run in
// memory (MemoryFileSystem) and the disk is tested once against a temp dir.
// Paths are relative to the file system's root and use '/'.
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
  virtual void WriteFileAtomic(const std::string& path, const std::string& contents) = 0;
  virtual bool Exists(const std::string& path) = 0;
  // Names (not paths) of the entries of a folder; empty when it is missing.
  virtual std::vector<std::string> ListDir(const std::string& path) = 0;
  // Removes a file; no error when it is missing.
  virtual void Remove(const std::string& path) = 0;
};

// The disk under `root`. WriteFileAtomic writes `.<name>.tmp-<random>` in the
// same folder, fsyncs it, renames it over `path` and fsyncs the folder.
std::unique_ptr<FileSystem> NewDiskFileSystem(const std::string& root);

// True for the names WriteFileAtomic uses for its temporary files, so that a
// run can remove those a killed run left behind.
bool IsAtomicWriteTempName(const std::string& name);

class MemoryFileSystem : public FileSystem {
 public:
  std::optional<std::string> ReadFile(const std::string& path) override;
  void WriteFileAtomic(const std::string& path, const std::string& contents) override;
  bool Exists(const std::string& path) override;
  std::vector<std::string> ListDir(const std::string& path) override;
  void Remove(const std::string& path) override;
  const std::map<std::string, std::string>& files() const { return files_; }

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace feedmirror
