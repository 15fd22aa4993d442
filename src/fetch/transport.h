// The HTTP transport: the only way feedmirror reaches the network (and local
// feed files, through file:// URLs). Tests swap in their own Transport.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace feedmirror {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Reads up to `size` more bytes of a response body into `buffer`; returns how
// many, 0 at the end. Throws Error ("cannot read PATH: reason", or the size
// cap) when the rest cannot be read.
using BodyReader = std::function<size_t(char* buffer, size_t size)>;

struct FetchRequest {
  std::string url;            // http, https or file://
  HeaderList headers;         // extra request headers (Referer, Cookie, ...)
  std::string etag;           // sent as If-None-Match when set
  std::string last_modified;  // sent as If-Modified-Since when set
  std::string proxy;          // overrides TransportOptions::proxy when set
  // The caller can read the body as a stream (FetchResponse::body_reader).
  // A transport that can (the file one) then opens the body and reads
  // nothing; one that cannot (HTTP, whose bodies are capped in memory)
  // ignores this and fills `body` as usual.
  bool stream_body = false;
};

struct FetchResponse {
  // Empty unless the transfer itself failed (DNS, connect, timeout, cap,
  // truncated body, too many redirects...); then `status` is 0 and `body` is
  // empty. An HTTP error status (404, 503...) is not a transport error.
  std::string error;
  long status = 0;                      // HTTP status of the last hop; 200 for a file read
  std::string final_url;                // after redirects
  std::vector<long> redirect_statuses;  // 301, 302... in order
  std::string body;                     // decompressed
  // Set, instead of `body`, for a successful response to a request with
  // `stream_body` that the transport streams: reads the body, which stays
  // open as long as a copy of the reader lives. Read it on the thread of
  // `on_done` (see Transport::Perform).
  BodyReader body_reader;
  std::string content_type;             // as sent, with any charset parameter
  std::string etag;
  std::string last_modified;
  std::string retry_after;  // raw Retry-After header value
  size_t wire_bytes = 0;    // bytes received, before decompression, all hops
  bool ok() const { return error.empty() && status >= 200 && status < 300; }

  // A response whose transfer failed with `error`.
  static FetchResponse Failure(std::string error, std::string url = "") {
    FetchResponse response;
    response.error = std::move(error);
    response.final_url = std::move(url);
    return response;
  }
};

struct TransportOptions {
  long connect_timeout_seconds = 10;
  long transfer_timeout_seconds = 60;      // whole request, redirects included
  long low_speed_bytes_per_second = 1024;  // 0: no low-speed limit
  long low_speed_seconds = 20;
  size_t max_body_bytes = 20 * 1024 * 1024;  // after decompression
  long max_redirects = 5;
  std::string user_agent;  // empty: "feedmirror/<version> (+project URL)"
  std::string proxy;       // empty: libcurl's environment (https_proxy...)
  std::string ca_file;     // PEM file of CAs to trust; empty: the system's
  int max_in_flight = 16;
  int max_per_host = 2;
  // Between two request starts to the same host, a random pause in
  // [min, max] milliseconds, to be polite.
  long host_delay_min_ms = 100;
  long host_delay_max_ms = 500;
  // "host:port:address" entries that bypass DNS (like curl --resolve), for
  // tests and benchmarks that serve many host names from one local server.
  std::vector<std::string> resolve;
  // When set, a connection to an address that is not public
  // (fetch/address_policy.h) is refused before the request is sent, on
  // every hop of a redirect chain: error "refused: connected to ADDRESS, a
  // loopback, private or reserved address". Not checked through a proxy
  // (the proxy resolves the name); callers check the name first then.
  bool public_addresses_only = false;
  // When set and it turns true (a signal handler's flag), Perform stops
  // within about a second: HTTP transfers in flight are abandoned and their
  // requests, like those not started, get no on_done call. (Local file
  // reads are quick and not interrupted.)
  const std::atomic<bool>* cancel = nullptr;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Performs every request, possibly concurrently, and calls `on_done` once
  // per request with its index, on the calling thread, as each completes.
  // Never throws for a failed transfer (that is FetchResponse::error); an
  // exception thrown by `on_done` stops the run and propagates. Only a
  // cancel (TransportOptions::cancel) leaves requests without a call.
  virtual void Perform(const std::vector<FetchRequest>& requests,
                       const std::function<void(size_t, FetchResponse)>& on_done) = 0;
  // One request, synchronously.
  FetchResponse Fetch(const FetchRequest& request);
};

// Dispatches by scheme: http(s) to libcurl (NewCurlTransport), file:// to the
// local file system (NewFileTransport); any other scheme gets a response
// whose error is "unsupported URL scheme".
std::unique_ptr<Transport> NewDefaultTransport(const TransportOptions& options);

// "feedmirror/<version> (+https://github.com/feedmirror/feedmirror)"
std::string DefaultUserAgent();

// "20 MB", "512 KB" or "1000 bytes": the cap as error messages show it.
std::string FormatByteSize(size_t bytes);

}  // namespace feedmirror
