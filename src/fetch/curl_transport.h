// http(s) through libcurl's multi interface, on the calling thread.
#pragma once

#include <memory>

#include "fetch/transport.h"

namespace feedmirror {

// Perform() runs the requests with at most `max_in_flight` transfers at once
// and at most `max_per_host` per host name, pausing a random
// [host_delay_min_ms, host_delay_max_ms] between two starts to one host.
// Requests start in order as far as those limits allow; on_done runs on the
// calling thread as each one ends. Redirects are followed by hand (each hop
// counts against the host limits), up to `max_redirects`, each status
// recorded; Cookie and Authorization headers are not sent to another origin.
// The whole-transfer timeout runs from a request's first hop to its last.
// The body is decompressed (gzip, deflate, br) and capped at
// `max_body_bytes` after decompression. Failures end as FetchResponse::error
// with a short readable text:
//   "connect failed: <curl's reason>"     refused, unresolved, connect timeout
//   "timed out after 60 s"                whole-transfer timeout
//   "too slow: under 1024 bytes/s for 20 s"
//   "response body exceeds 20 MB"         also for a decompression bomb
//   "too many redirects (5)"
//   "truncated body: <curl's reason>"     fewer bytes than Content-Length
//   "TLS failed: <curl's reason>"         e.g. an untrusted certificate
//   "cannot decompress body: <curl's reason>"
//   "unsupported URL scheme"              e.g. a redirect to file://
//   "invalid URL: <curl's reason>"
// A host that answers 429 or 503 with a Retry-After still ahead gets no
// more requests in this run: those not yet sent end with
//   "not fetched: HOST answered 429 with Retry-After: VALUE"
// and `retry_after` = VALUE, for the caller to schedule them as it would
// the 429 itself.
// Each Perform() keeps its state to itself: threads may run one each.
std::unique_ptr<Transport> NewCurlTransport(const TransportOptions& options);

}  // namespace feedmirror
