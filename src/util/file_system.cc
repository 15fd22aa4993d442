#include "util/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <string_view>

#include "util/error.h"

namespace feedmirror {

namespace {

constexpr std::string_view kTempMarker = ".tmp-";
constexpr size_t kTempRandomDigits = 16;

// The components of a relative path, without empty and "." ones; throws for
// any path that could leave the root.
std::vector<std::string> SplitRelativePath(const std::string& path) {
  if (path.find('\0') != std::string::npos)
    throw Error("path '" + path.substr(0, path.find('\0')) + "...' holds a NUL byte");
  if (!path.empty() && path[0] == '/')
    throw Error("path '" + path + "' is absolute; archive paths are relative to its root");
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = std::min(path.find('/', start), path.size());
    std::string part = path.substr(start, end - start);
    if (part == "..") throw Error("path '" + path + "' leaves the archive root ('..')");
    if (!part.empty() && part != ".") parts.push_back(std::move(part));
    start = end + 1;
  }
  return parts;
}

std::string JoinPath(const std::vector<std::string>& parts, size_t count) {
  std::string joined;
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) joined += '/';
    joined += parts[i];
  }
  return joined;
}

std::string NormalizePath(const std::string& path) {
  std::vector<std::string> parts = SplitRelativePath(path);
  return JoinPath(parts, parts.size());
}

// Fresh randomness on every call (getrandom), so that forked processes
// never pick the same temporary name.
std::string RandomHex(size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::string hex;
  while (hex.size() < digits) {
    uint32_t bits = device();
    for (int i = 0; i < 8 && hex.size() < digits; ++i, bits >>= 4) hex += kHex[bits & 0xF];
  }
  return hex;
}

std::string SystemError(const std::string& what, const std::string& path, int error) {
  return what + " '" + path + "': " + std::strerror(error);
}

// Closes a descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now, returning close()'s errno (0 on success).
  int Close() {
    int result = ::close(fd_);
    fd_ = -1;
    return result == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

void WriteAll(int fd, const std::string& contents, const std::string& path) {
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(SystemError("cannot write", path, errno));
    done += static_cast<size_t>(n);
  }
}

void SyncFolder(const std::string& folder) {
  Fd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw Error(SystemError("cannot open folder", folder, errno));
  if (::fsync(fd.get()) != 0) throw Error(SystemError("cannot sync folder", folder, errno));
}

class DiskFileSystem : public FileSystem {
 public:
  explicit DiskFileSystem(std::string root) : root_(std::move(root)) {}

  std::optional<std::string> ReadFile(const std::string& path) override;
  void WriteFileAtomic(const std::string& path, const std::string& contents) override;
  bool Exists(const std::string& path) override;
  std::vector<std::string> ListDir(const std::string& path) override;
  void Remove(const std::string& path) override;
  void Sync() override;

 private:
  std::string Full(const std::string& normalized) const {
    return normalized.empty() ? root_ : root_ + "/" + normalized;
  }
  void MakeFolders(const std::vector<std::string>& parts, size_t count);
  void WriteTempFile(const std::string& temp, const std::string& contents);

  std::string root_;
};

std::optional<std::string> DiskFileSystem::ReadFile(const std::string& path) {
  std::string full = Full(NormalizePath(path));
  Fd fd(::open(full.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0 && errno == ENOENT) return std::nullopt;
  if (fd.get() < 0) throw Error(SystemError("cannot open", full, errno));
  std::string contents;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(SystemError("cannot read", full, errno));
    if (n == 0) return contents;
    contents.append(buffer, static_cast<size_t>(n));
  }
}

// Creates the first `count` components of `parts` as folders where missing,
// syncing each new one into its parent so that it survives a crash.
void DiskFileSystem::MakeFolders(const std::vector<std::string>& parts, size_t count) {
  for (size_t i = 1; i <= count; ++i) {
    std::string folder = Full(JoinPath(parts, i));
    if (::mkdir(folder.c_str(), 0777) == 0) {
      SyncFolder(Full(JoinPath(parts, i - 1)));
    } else if (errno != EEXIST) {
      throw Error(SystemError("cannot create folder", folder, errno));
    }
  }
}

void DiskFileSystem::WriteTempFile(const std::string& temp, const std::string& contents) {
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
  if (fd.get() < 0) throw Error(SystemError("cannot create", temp, errno));
  try {
    WriteAll(fd.get(), contents, temp);
    if (int error = fd.Close(); error != 0) throw Error(SystemError("cannot close", temp, error));
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
}

void DiskFileSystem::WriteFileAtomic(const std::string& path, const std::string& contents) {
  std::vector<std::string> parts = SplitRelativePath(path);
  if (parts.empty()) throw Error("cannot write the archive root '" + root_ + "' as a file");
  MakeFolders(parts, parts.size() - 1);
  std::string folder = Full(JoinPath(parts, parts.size() - 1));
  std::string target = folder + "/" + parts.back();
  std::string temp =
      folder + "/." + parts.back() + std::string(kTempMarker) + RandomHex(kTempRandomDigits);
  WriteTempFile(temp, contents);
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    throw Error(SystemError("cannot rename " + temp + " to", target, error));
  }
}

void DiskFileSystem::Sync() {
  Fd fd(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw Error(SystemError("cannot open folder", root_, errno));
  if (::syncfs(fd.get()) != 0) throw Error(SystemError("cannot sync the file system of", root_, errno));
}

bool DiskFileSystem::Exists(const std::string& path) {
  std::string full = Full(NormalizePath(path));
  struct stat info;
  if (::lstat(full.c_str(), &info) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  throw Error(SystemError("cannot look up", full, errno));
}

std::vector<std::string> DiskFileSystem::ListDir(const std::string& path) {
  std::string full = Full(NormalizePath(path));
  DIR* dir = ::opendir(full.c_str());
  if (dir == nullptr && errno == ENOENT) return {};
  if (dir == nullptr) throw Error(SystemError("cannot list folder", full, errno));
  std::vector<std::string> names;
  while (struct dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

void DiskFileSystem::Remove(const std::string& path) {
  std::string normalized = NormalizePath(path);
  if (normalized.empty()) throw Error("cannot remove the archive root '" + root_ + "'");
  std::string full = Full(normalized);
  if (::unlink(full.c_str()) != 0 && errno != ENOENT)
    throw Error(SystemError("cannot remove", full, errno));
}

}  // namespace

std::unique_ptr<FileSystem> NewDiskFileSystem(const std::string& root) {
  std::string trimmed = root;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  if (trimmed.empty()) trimmed = ".";
  return std::make_unique<DiskFileSystem>(trimmed);
}

bool IsAtomicWriteTempName(const std::string& name) {
  size_t marker = name.rfind(kTempMarker);
  if (name.size() < 2 || name[0] != '.' || marker == std::string::npos || marker < 2) return false;
  std::string_view random = std::string_view(name).substr(marker + kTempMarker.size());
  return random.size() == kTempRandomDigits &&
         std::all_of(random.begin(), random.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// MemoryFileSystem ---------------------------------------------------------

namespace {

bool IsUnder(const std::string& file, const std::string& folder) {
  if (folder.empty()) return true;
  return file.size() > folder.size() && file.compare(0, folder.size(), folder) == 0 &&
         file[folder.size()] == '/';
}

}  // namespace

std::optional<std::string> MemoryFileSystem::ReadFile(const std::string& path) {
  std::string normalized = NormalizePath(path);
  auto it = files_.find(normalized);
  if (it != files_.end()) return it->second;
  if (Exists(normalized)) throw Error("cannot read '" + normalized + "': it is a folder");
  return std::nullopt;
}

void MemoryFileSystem::ThrowIfWriteError(const std::string& path) const {
  if (write_error_) throw Error("cannot write '" + path + "': " + *write_error_);
}

void MemoryFileSystem::WriteFileAtomic(const std::string& path, const std::string& contents) {
  std::vector<std::string> parts = SplitRelativePath(path);
  ThrowIfWriteError(path);
  if (parts.empty()) throw Error("cannot write the archive root as a file");
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string folder = JoinPath(parts, i);
    if (files_.count(folder) != 0)
      throw Error("cannot write '" + JoinPath(parts, parts.size()) + "': '" + folder +
                  "' is a file");
  }
  std::string normalized = JoinPath(parts, parts.size());
  if (files_.count(normalized) == 0 && Exists(normalized))
    throw Error("cannot write '" + normalized + "': it is a folder");
  files_[normalized] = contents;
}

bool MemoryFileSystem::Exists(const std::string& path) {
  std::string normalized = NormalizePath(path);
  if (normalized.empty() || files_.count(normalized) != 0) return true;
  // Files under the folder sort right after "folder/".
  auto first = files_.lower_bound(normalized + "/");
  return first != files_.end() && IsUnder(first->first, normalized);
}

std::vector<std::string> MemoryFileSystem::ListDir(const std::string& path) {
  std::string folder = NormalizePath(path);
  std::vector<std::string> names;
  for (const auto& [file, contents] : files_) {
    if (!IsUnder(file, folder)) continue;
    std::string rest = folder.empty() ? file : file.substr(folder.size() + 1);
    std::string name = rest.substr(0, rest.find('/'));
    if (names.empty() || names.back() != name) names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void MemoryFileSystem::Remove(const std::string& path) {
  std::string normalized = NormalizePath(path);
  ThrowIfWriteError(path);
  if (files_.count(normalized) == 0 && Exists(normalized))
    throw Error("cannot remove '" + normalized + "': it is a folder");
  files_.erase(normalized);
}

}  // namespace feedmirror
