// The HTTP transport: the only way feedmirror reaches the network (and local
// feed files, through file:// URLs). Tests swap in their own Transport.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace feedmirror {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct FetchRequest {
  std::string url;  // http, https or file://
  HeaderList headers;           // extra request headers (Referer, Cookie, ...)
  std::string etag;             // sent as If-None-Match when set
  std::string last_modified;    // sent as If-Modified-Since when set
};

struct FetchResponse {
  // Empty when the transfer itself failed (DNS, connect, timeout, cap...);
  // then `status` is 0. An HTTP error status is not a transport error.
  std::string error;
  long status = 0;            // HTTP status; 200 for a file read
  std::string final_url;      // after redirects
  std::vector<long> redirect_statuses;  // 301, 302... in order
  std::string body;           // decompressed
  std::string content_type;   // as sent, with any charset parameter
  std::string etag;
  std::string last_modified;
  std::string retry_after;    // raw Retry-After header value
  bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

struct TransportOptions {
  long connect_timeout_seconds = 10;
  long transfer_timeout_seconds = 60;
  long low_speed_bytes_per_second = 1024;
  long low_speed_seconds = 20;
  size_t max_body_bytes = 20 * 1024 * 1024;  // after decompression
  long max_redirects = 5;
  std::string user_agent;  // empty: "feedmirror/<version> (+project URL)"
  std::string proxy;       // empty: libcurl's environment (https_proxy...)
  int max_in_flight = 16;
  int max_per_host = 2;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Performs every request, possibly concurrently, and calls `on_done` once
  // per request with its index, on the calling thread, as each completes.
  virtual void Perform(const std::vector<FetchRequest>& requests,
                       const std::function<void(size_t, FetchResponse)>& on_done) = 0;
  // One request, synchronously.
  FetchResponse Fetch(const FetchRequest& request);
};

// libcurl for http(s), the local file system for file:// URLs.
std::unique_ptr<Transport> NewDefaultTransport(const TransportOptions& options);

}  // namespace feedmirror
