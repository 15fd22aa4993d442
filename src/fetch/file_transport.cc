#include "fetch/file_transport.h"

#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string_view>

#include "util/error.h"

namespace feedmirror {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A file open for reading, closed with its last reader. Every failure is an
// Error "cannot read PATH: reason".
class OpenFile {
 public:
  // Opens `path`; refuses a folder, and a file whose size is over `cap`.
  static std::shared_ptr<OpenFile> Open(const std::string& path, size_t cap) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("cannot read " + path + ": " + std::strerror(errno));
    std::shared_ptr<OpenFile> file(new OpenFile(fd, path, cap));
    struct stat st;
    if (::fstat(fd, &st) != 0) file->Fail(std::strerror(errno));
    if (S_ISDIR(st.st_mode)) file->Fail(std::strerror(EISDIR));
    if (S_ISREG(st.st_mode)) file->size_ = static_cast<size_t>(st.st_size);
    if (file->size_ > cap) file->FailOverCap();
    return file;
  }
  ~OpenFile() { ::close(fd_); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;

  size_t size() const { return size_; }  // as the file system says; 0 for a pipe

  // Up to `size` more bytes; 0 at the end. The cap also holds for a file
  // that grows while it is read.
  size_t Read(char* buffer, size_t size) {
    for (;;) {
      ssize_t n = ::read(fd_, buffer, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) Fail(std::strerror(errno));
      read_ += static_cast<size_t>(n);
      if (read_ > cap_) FailOverCap();
      return static_cast<size_t>(n);
    }
  }

  std::string ReadAll() {
    std::string bytes;
    bytes.reserve(size_);
    char buffer[65536];
    while (size_t n = Read(buffer, sizeof buffer)) bytes.append(buffer, n);
    return bytes;
  }

 private:
  OpenFile(int fd, std::string path, size_t cap) : fd_(fd), path_(std::move(path)), cap_(cap) {}
  [[noreturn]] void Fail(const std::string& why) const {
    throw Error("cannot read " + path_ + ": " + why);
  }
  [[noreturn]] void FailOverCap() const { Fail("file exceeds " + FormatByteSize(cap_)); }

  int fd_;
  std::string path_;
  size_t cap_;
  size_t size_ = 0;
  size_t read_ = 0;
};

// The file's bytes, or with `stream_body` an open reader of them.
FetchResponse ReadFileUrl(const FetchRequest& request, size_t cap) {
  std::string path = FilePathFromUrl(request.url);
  if (path.empty())
    return FetchResponse::Failure("cannot read " + request.url + ": not a local file URL",
                                  request.url);
  FetchResponse response;
  response.final_url = request.url;
  try {
    std::shared_ptr<OpenFile> file = OpenFile::Open(path, cap);
    if (request.stream_body) {
      response.body_reader = [file](char* buffer, size_t size) { return file->Read(buffer, size); };
      response.wire_bytes = file->size();
    } else {
      response.body = file->ReadAll();
      response.wire_bytes = response.body.size();
    }
  } catch (const Error& e) {
    return FetchResponse::Failure(e.what(), request.url);
  }
  response.status = 200;
  return response;
}

class FileTransport : public Transport {
 public:
  explicit FileTransport(size_t max_body_bytes) : max_body_bytes_(max_body_bytes) {}

  void Perform(const std::vector<FetchRequest>& requests,
               const std::function<void(size_t, FetchResponse)>& on_done) override {
    for (size_t i = 0; i < requests.size(); ++i)
      on_done(i, ReadFileUrl(requests[i], max_body_bytes_));
  }

 private:
  size_t max_body_bytes_;
};

}  // namespace

std::string FilePathFromUrl(const std::string& url) {
  constexpr std::string_view kPrefix = "file://";
  if (url.size() <= kPrefix.size() || strncasecmp(url.c_str(), kPrefix.data(), kPrefix.size()) != 0)
    return "";
  size_t slash = url.find('/', kPrefix.size());
  if (slash == std::string::npos) return "";
  std::string host = url.substr(kPrefix.size(), slash - kPrefix.size());
  if (!host.empty() && strcasecmp(host.c_str(), "localhost") != 0) return "";
  return PercentDecode(url.substr(slash));
}

std::unique_ptr<Transport> NewFileTransport(size_t max_body_bytes) {
  return std::make_unique<FileTransport>(max_body_bytes);
}

}  // namespace feedmirror
