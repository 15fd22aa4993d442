#include "fetch/file_transport.h"

#include <fcntl.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

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

// Closes the descriptor on every path out of ReadCapped.
struct FileCloser {
  int fd;
  ~FileCloser() { ::close(fd); }
};

// The file's bytes, or an error text after "cannot read PATH: ".
bool ReadCapped(const std::string& path, size_t cap, std::string* body, std::string* why) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return *why = std::strerror(errno), false;
  FileCloser closer{fd};
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return *why = std::strerror(errno), false;
    if (n == 0) return true;
    if (body->size() + static_cast<size_t>(n) > cap)
      return *why = "file exceeds " + FormatByteSize(cap), false;
    body->append(buffer, static_cast<size_t>(n));
  }
}

FetchResponse ReadFileUrl(const std::string& url, size_t cap) {
  FetchResponse response;
  response.final_url = url;
  std::string path = FilePathFromUrl(url);
  if (path.empty()) {
    response.error = "cannot read " + url + ": not a local file URL";
    return response;
  }
  std::string why;
  if (!ReadCapped(path, cap, &response.body, &why)) {
    response.body.clear();
    response.error = "cannot read " + path + ": " + why;
    return response;
  }
  response.status = 200;
  response.wire_bytes = response.body.size();
  return response;
}

class FileTransport : public Transport {
 public:
  explicit FileTransport(size_t max_body_bytes) : max_body_bytes_(max_body_bytes) {}

  void Perform(const std::vector<FetchRequest>& requests,
               const std::function<void(size_t, FetchResponse)>& on_done) override {
    for (size_t i = 0; i < requests.size(); ++i)
      on_done(i, ReadFileUrl(requests[i].url, max_body_bytes_));
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
