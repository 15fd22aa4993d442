#include "fetch/transport.h"

#include <optional>

#include "fetch/curl_transport.h"
#include "fetch/file_transport.h"

namespace feedmirror {

FetchResponse Transport::Fetch(const FetchRequest& request) {
  std::optional<FetchResponse> result;
  Perform({request}, [&](size_t, FetchResponse response) { result = std::move(response); });
  return result ? std::move(*result) : FetchResponse::Failure("no response", request.url);
}

std::string DefaultUserAgent() {
  return std::string("feedmirror/") + FEEDMIRROR_VERSION +
         " (+https://github.com/feedmirror/feedmirror)";
}

std::string FormatByteSize(size_t bytes) {
  constexpr size_t kKilo = 1024, kMega = 1024 * 1024;
  if (bytes >= kMega && bytes % kMega == 0) return std::to_string(bytes / kMega) + " MB";
  if (bytes >= kKilo && bytes % kKilo == 0) return std::to_string(bytes / kKilo) + " KB";
  return std::to_string(bytes) + " bytes";
}

namespace {

enum class Scheme { kHttp, kFile, kOther };

Scheme SchemeOf(const std::string& url) {
  auto colon = url.find(':');
  std::string scheme = url.substr(0, colon == std::string::npos ? 0 : colon);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "http" || scheme == "https") return Scheme::kHttp;
  if (scheme == "file") return Scheme::kFile;
  return Scheme::kOther;
}

// Sends each request to the transport for its scheme and maps the indices
// back. Local files and bad schemes are answered first: they cost nothing.
class DispatchTransport : public Transport {
 public:
  explicit DispatchTransport(const TransportOptions& options)
      : http_(NewCurlTransport(options)), file_(NewFileTransport(options.max_body_bytes)) {}

  void Perform(const std::vector<FetchRequest>& requests,
               const std::function<void(size_t, FetchResponse)>& on_done) override {
    std::vector<size_t> http_index, file_index;
    std::vector<FetchRequest> http, file;
    for (size_t i = 0; i < requests.size(); ++i) {
      switch (SchemeOf(requests[i].url)) {
        case Scheme::kHttp:
          http_index.push_back(i);
          http.push_back(requests[i]);
          break;
        case Scheme::kFile:
          file_index.push_back(i);
          file.push_back(requests[i]);
          break;
        case Scheme::kOther:
          on_done(i, FetchResponse::Failure("unsupported URL scheme", requests[i].url));
          break;
      }
    }
    if (!file.empty())
      file_->Perform(file,
                     [&](size_t i, FetchResponse r) { on_done(file_index[i], std::move(r)); });
    if (!http.empty())
      http_->Perform(http,
                     [&](size_t i, FetchResponse r) { on_done(http_index[i], std::move(r)); });
  }

 private:
  std::unique_ptr<Transport> http_;
  std::unique_ptr<Transport> file_;
};

}  // namespace

std::unique_ptr<Transport> NewDefaultTransport(const TransportOptions& options) {
  return std::make_unique<DispatchTransport>(options);
}

}  // namespace feedmirror
