#include "fetch/curl_transport.h"

#include <curl/curl.h>
#include <strings.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>

#include "fetch/address_policy.h"
#include "fetch/retry_after.h"
#include "util/error.h"

namespace feedmirror {

namespace {

using SteadyClock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

Slist ToSlist(const std::vector<std::string>& lines) {
  curl_slist* list = nullptr;
  for (const std::string& line : lines) list = curl_slist_append(list, line.c_str());
  return Slist(list);
}

// A header line from configuration must not smuggle in more lines.
std::string HeaderLine(const std::string& name, const std::string& value) {
  std::string line = name + ": " + value;
  std::erase_if(line, [](char c) { return c == '\r' || c == '\n'; });
  return line;
}

bool IsCredential(const std::string& name) {
  return strcasecmp(name.c_str(), "Authorization") == 0 || strcasecmp(name.c_str(), "Cookie") == 0;
}

// Like libcurl's own redirects, credentials are not sent to another origin
// than the one they were configured for.
Slist RequestHeaders(const FetchRequest& request, bool same_origin) {
  std::vector<std::string> lines;
  for (const auto& [name, value] : request.headers)
    if (same_origin || !IsCredential(name)) lines.push_back(HeaderLine(name, value));
  if (!request.etag.empty()) lines.push_back(HeaderLine("If-None-Match", request.etag));
  if (!request.last_modified.empty())
    lines.push_back(HeaderLine("If-Modified-Since", request.last_modified));
  return ToSlist(lines);
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

struct UrlKeys {
  std::string host;    // the politeness key: the host name, lower-cased
  std::string origin;  // scheme://host:port, lower-cased
};

// A URL curl cannot parse is its own key; curl reports the error later.
UrlKeys KeysOf(const std::string& url) {
  UrlKeys keys{url, url};
  CURLU* parsed = curl_url();
  char *scheme = nullptr, *host = nullptr, *port = nullptr;
  if (curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      curl_url_get(parsed, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
    keys.host = Lower(host);
    keys.origin = Lower(std::string(scheme) + "://" + host + ":" + port);
  }
  curl_free(scheme);
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(parsed);
  return keys;
}

bool IsRedirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Politeness state per host name.
struct HostState {
  int in_flight = 0;
  SteadyClock::time_point next_start{};
  // Once the host answered 429 or 503 with a Retry-After, the rest of the
  // run sends it nothing: its requests end with this error and value.
  std::string refusal;
  std::string retry_after;
};

// One request across its redirect hops.
struct Job {
  size_t index = 0;
  std::string url;                  // of the next hop
  std::string host;                 // of the next hop
  HostState* host_state = nullptr;  // hosts_[host]
  std::string origin;               // of the request's own URL
  bool same_origin = true;          // the next hop goes to `origin`
  std::vector<long> redirects;
  size_t wire_bytes = 0;
  std::optional<SteadyClock::time_point> deadline;  // set when the first hop starts
};

// One hop in flight: a curl easy handle and what it received so far.
struct Hop {
  size_t job = 0;
  CURL* easy = nullptr;
  Slist headers;
  Slist resolve;
  std::string body;
  size_t cap = 0;
  bool over_cap = false;
  std::string refusal;  // why the pre-request check refused the address
  char errbuf[CURL_ERROR_SIZE] = {};

  ~Hop() { curl_easy_cleanup(easy); }
};

// TransportOptions::public_addresses_only: runs once connected, before the
// request is sent, with the address actually connected to.
int RefuseNonPublic(void* user, char* primary_ip, char*, int, int) {
  Hop& hop = *static_cast<Hop*>(user);
  if (IsPublicAddress(primary_ip)) return CURL_PREREQFUNC_OK;
  hop.refusal = std::string("refused: connected to ") + primary_ip +
                ", a loopback, private or reserved address";
  return CURL_PREREQFUNC_ABORT;
}

// Stops the transfer (CURLE_WRITE_ERROR) once the decompressed body would
// pass the cap, so a gzip bomb costs at most cap + one chunk of memory.
size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  Hop* hop = static_cast<Hop*>(user);
  size_t bytes = size * count;
  if (hop->body.size() + bytes > hop->cap) {
    hop->over_cap = true;
    return 0;
  }
  hop->body.append(data, bytes);
  return bytes;
}

std::string HeaderValue(CURL* easy, const char* name) {
  curl_header* header = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK) return "";
  return header->value;
}

std::string EffectiveUrl(CURL* easy) {
  char* url = nullptr;
  curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &url);
  return url ? url : "";
}

// The response of a hop that completed; takes its body.
FetchResponse ResponseOf(Hop& hop, long status) {
  FetchResponse response;
  response.status = status;
  response.final_url = EffectiveUrl(hop.easy);
  response.body = std::move(hop.body);
  char* type = nullptr;
  curl_easy_getinfo(hop.easy, CURLINFO_CONTENT_TYPE, &type);
  response.content_type = type ? type : "";
  response.etag = HeaderValue(hop.easy, "ETag");
  response.last_modified = HeaderValue(hop.easy, "Last-Modified");
  response.retry_after = HeaderValue(hop.easy, "Retry-After");
  return response;
}

// The state of one Perform() call.
class CurlRun {
 public:
  CurlRun(const TransportOptions& options, const std::vector<FetchRequest>& requests,
          const std::function<void(size_t, FetchResponse)>& on_done);
  ~CurlRun();
  void Run();

 private:
  long StartReady();
  void Start(size_t job_id, SteadyClock::time_point now);
  std::optional<Millis> Remaining(Job& job, SteadyClock::time_point now) const;
  void Configure(Hop& hop, const Job& job, Millis remaining);
  size_t FinishDone();
  void Finish(std::unique_ptr<Hop> hop, CURLcode code);
  void NoteRetryAfter(const Job& job, const FetchResponse& response);
  void FollowRedirect(Job& job, long status, const char* location);
  std::string ErrorText(const Hop& hop, CURLcode code) const;
  std::string TimeoutText(const std::string& reason) const;
  void Complete(Job& job, FetchResponse response);
  void SetUrl(Job& job, const std::string& url);

  const TransportOptions& options_;
  std::unordered_map<std::string, std::vector<std::string>> resolve_;  // by host
  const std::vector<FetchRequest>& requests_;
  const std::function<void(size_t, FetchResponse)>& on_done_;
  CURLM* multi_;
  std::vector<Job> jobs_;
  std::deque<size_t> pending_;
  std::map<std::string, HostState> hosts_;
  std::unordered_map<CURL*, std::unique_ptr<Hop>> active_;
  std::mt19937_64 random_{std::random_device{}()};
};

CurlRun::CurlRun(const TransportOptions& options, const std::vector<FetchRequest>& requests,
                 const std::function<void(size_t, FetchResponse)>& on_done)
    : options_(options), requests_(requests), on_done_(on_done), multi_(curl_multi_init()) {
  if (!multi_) throw Error("cannot start transfers: curl_multi_init failed");
  // Idle connections kept for reuse: as many as may be in flight. Beyond
  // that they would mostly hold sockets open at servers never asked again.
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS,
                    static_cast<long>(std::max(1, options.max_in_flight)));
  for (const std::string& entry : options.resolve) {
    std::string host = entry.substr(0, entry.find(':'));
    resolve_[Lower(host.starts_with('+') ? host.substr(1) : host)].push_back(entry);
  }
  jobs_.reserve(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    Job& job = jobs_.emplace_back();
    job.index = i;
    SetUrl(job, requests[i].url);
    job.origin = KeysOf(job.url).origin;
    pending_.push_back(i);
  }
}

CurlRun::~CurlRun() {
  for (auto& [easy, hop] : active_) curl_multi_remove_handle(multi_, easy);
  active_.clear();
  curl_multi_cleanup(multi_);
}

void CurlRun::Run() {
  while (!pending_.empty() || !active_.empty()) {
    // The poll wakes at least once a second (StartReady's wait), so a
    // stalled host cannot hold a cancelled run until its timeout.
    if (options_.cancel != nullptr && options_.cancel->load()) return;
    long wait_ms = StartReady();
    int running = 0;
    curl_multi_perform(multi_, &running);
    if (FinishDone() > 0) continue;                  // slots came free: fill them first
    if (pending_.empty() && active_.empty()) break;  // the last ended in StartReady
    curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait_ms), nullptr);
  }
}

// Starts the pending requests the limits allow, in order. Returns how long
// to wait for the sockets at most: until the first pause between two starts
// to a host ends, or a second (a finished transfer wakes the poll anyway).
long CurlRun::StartReady() {
  auto now = SteadyClock::now();
  size_t max_in_flight = static_cast<size_t>(std::max(1, options_.max_in_flight));
  int max_per_host = std::max(1, options_.max_per_host);
  long wait_ms = 1000;
  for (auto it = pending_.begin(); it != pending_.end() && active_.size() < max_in_flight;) {
    const HostState& host = *jobs_[*it].host_state;
    if (host.in_flight >= max_per_host && host.refusal.empty()) {
      ++it;
    } else if (host.next_start > now && host.refusal.empty()) {
      wait_ms = std::min<long>(wait_ms, std::chrono::ceil<Millis>(host.next_start - now).count());
      ++it;
    } else {
      size_t job_id = *it;
      it = pending_.erase(it);
      Start(job_id, now);
    }
  }
  return wait_ms;
}

// What is left of the request's whole-transfer time, which starts with its
// first hop and covers every redirect; nullopt when there is no limit (0).
std::optional<Millis> CurlRun::Remaining(Job& job, SteadyClock::time_point now) const {
  if (options_.transfer_timeout_seconds <= 0) return std::nullopt;
  if (!job.deadline) job.deadline = now + std::chrono::seconds(options_.transfer_timeout_seconds);
  return std::chrono::ceil<Millis>(*job.deadline - now);
}

void CurlRun::Start(size_t job_id, SteadyClock::time_point now) {
  Job& job = jobs_[job_id];
  std::optional<Millis> remaining = Remaining(job, now);
  if (remaining && *remaining <= Millis(0)) {
    Complete(job, FetchResponse::Failure(TimeoutText("")));
    return;
  }
  if (!job.host_state->refusal.empty()) {
    FetchResponse refused = FetchResponse::Failure(job.host_state->refusal);
    refused.retry_after = job.host_state->retry_after;
    Complete(job, std::move(refused));
    return;
  }
  auto hop = std::make_unique<Hop>();
  hop->job = job_id;
  hop->easy = curl_easy_init();
  if (!hop->easy) throw Error("cannot start a transfer: curl_easy_init failed");
  hop->cap = options_.max_body_bytes;
  Configure(*hop, job, remaining.value_or(Millis(0)));
  HostState& host = *job.host_state;
  ++host.in_flight;
  std::uniform_int_distribution<long> pause(
      options_.host_delay_min_ms, std::max(options_.host_delay_min_ms, options_.host_delay_max_ms));
  host.next_start = now + Millis(pause(random_));
  curl_multi_add_handle(multi_, hop->easy);
  active_.emplace(hop->easy, std::move(hop));
}

void CurlRun::Configure(Hop& hop, const Job& job, Millis remaining) {
  const FetchRequest& request = requests_[job.index];
  CURL* easy = hop.easy;
  hop.headers = RequestHeaders(request, job.same_origin);
  curl_easy_setopt(easy, CURLOPT_URL, job.url.c_str());
  curl_easy_setopt(easy, CURLOPT_PRIVATE, &hop);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, hop.errbuf);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &hop);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // all that libcurl decodes
  const std::string& agent = options_.user_agent;
  curl_easy_setopt(easy, CURLOPT_USERAGENT,
                   agent.empty() ? DefaultUserAgent().c_str() : agent.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, hop.headers.get());
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));  // 0: none
  if (options_.low_speed_bytes_per_second > 0) {
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_second);
    curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, options_.low_speed_seconds);
  }
  curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options_.max_body_bytes));
  const std::string& proxy = request.proxy.empty() ? options_.proxy : request.proxy;
  if (!proxy.empty()) curl_easy_setopt(easy, CURLOPT_PROXY, proxy.c_str());
  if (options_.public_addresses_only && proxy.empty()) {
    curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, RefuseNonPublic);
    curl_easy_setopt(easy, CURLOPT_PREREQDATA, &hop);
  }
  if (!options_.ca_file.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str());
  // Only this host's entries: curl loads the list into its cache per transfer.
  if (auto found = resolve_.find(job.host); found != resolve_.end()) {
    hop.resolve = ToSlist(found->second);
    curl_easy_setopt(easy, CURLOPT_RESOLVE, hop.resolve.get());
  }
}

size_t CurlRun::FinishDone() {
  size_t finished = 0;
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    CURLcode code = message->data.result;
    curl_multi_remove_handle(multi_, easy);
    auto found = active_.find(easy);
    std::unique_ptr<Hop> hop = std::move(found->second);
    active_.erase(found);
    ++finished;
    Finish(std::move(hop), code);
  }
  return finished;
}

void CurlRun::SetUrl(Job& job, const std::string& url) {
  job.url = url;
  job.host = KeysOf(url).host;
  job.host_state = &hosts_[job.host];  // std::map: the pointer stays valid
}

void CurlRun::Finish(std::unique_ptr<Hop> hop, CURLcode code) {
  Job& job = jobs_[hop->job];
  --job.host_state->in_flight;
  long status = 0;
  curl_easy_getinfo(hop->easy, CURLINFO_RESPONSE_CODE, &status);
  curl_off_t received = 0;
  curl_easy_getinfo(hop->easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
  job.wire_bytes += static_cast<size_t>(received);
  char* location = nullptr;
  curl_easy_getinfo(hop->easy, CURLINFO_REDIRECT_URL, &location);
  bool redirect = code == CURLE_OK && IsRedirect(status) && location;
  if (redirect && job.redirects.size() < static_cast<size_t>(options_.max_redirects)) {
    FollowRedirect(job, status, location);
    return;
  }
  std::string error = code != CURLE_OK ? ErrorText(*hop, code)
                      : redirect
                          ? "too many redirects (" + std::to_string(options_.max_redirects) + ")"
                          : "";
  FetchResponse response = error.empty() ? ResponseOf(*hop, status)
                                         : FetchResponse::Failure(error, EffectiveUrl(hop->easy));
  NoteRetryAfter(job, response);
  Complete(job, std::move(response));
}

// A host that asks for a pause gets it from the rest of the run.
void CurlRun::NoteRetryAfter(const Job& job, const FetchResponse& response) {
  if (response.status != 429 && response.status != 503) return;
  auto now = std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
  std::optional<Millis> wait = ParseRetryAfter(response.retry_after, now);
  if (!wait || *wait <= Millis(0)) return;
  job.host_state->refusal = "not fetched: " + job.host + " answered " +
                            std::to_string(response.status) +
                            " with Retry-After: " + response.retry_after;
  job.host_state->retry_after = response.retry_after;
}

// The next hop goes first in line: the request keeps its place.
void CurlRun::FollowRedirect(Job& job, long status, const char* location) {
  job.redirects.push_back(status);
  SetUrl(job, location);
  job.same_origin = KeysOf(job.url).origin == job.origin;
  pending_.push_front(static_cast<size_t>(&job - jobs_.data()));
}

void CurlRun::Complete(Job& job, FetchResponse response) {
  response.redirect_statuses = job.redirects;
  response.wire_bytes = job.wire_bytes;
  if (response.final_url.empty()) response.final_url = job.url;
  on_done_(job.index, std::move(response));
}

std::string CurlRun::ErrorText(const Hop& hop, CURLcode code) const {
  if (!hop.refusal.empty()) return hop.refusal;
  std::string reason = hop.errbuf[0] ? hop.errbuf : curl_easy_strerror(code);
  switch (code) {
    case CURLE_WRITE_ERROR:
      if (hop.over_cap) return "response body exceeds " + FormatByteSize(hop.cap);
      break;
    case CURLE_FILESIZE_EXCEEDED:
      return "response body exceeds " + FormatByteSize(hop.cap);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return "connect failed: " + reason;
    case CURLE_OPERATION_TIMEDOUT:
      return TimeoutText(reason);
    case CURLE_PARTIAL_FILE:
      return "truncated body: " + reason;
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "unsupported URL scheme";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
      return "TLS failed: " + reason;
    case CURLE_BAD_CONTENT_ENCODING:
      return "cannot decompress body: " + reason;
    case CURLE_URL_MALFORMAT:
      return "invalid URL: " + reason;
    default:
      break;
  }
  return reason;
}

// curl reports connect, low-speed and whole-transfer timeouts with one code;
// its message tells them apart.
std::string CurlRun::TimeoutText(const std::string& reason) const {
  auto starts_with = [&](const char* prefix) { return reason.rfind(prefix, 0) == 0; };
  if (starts_with("Operation too slow"))
    return "too slow: under " + std::to_string(options_.low_speed_bytes_per_second) +
           " bytes/s for " + std::to_string(options_.low_speed_seconds) + " s";
  if (starts_with("Connection timed out") || starts_with("Resolving timed out") ||
      starts_with("Failed to connect"))
    return "connect failed: " + reason;
  return "timed out after " + std::to_string(options_.transfer_timeout_seconds) + " s";
}

class CurlTransport : public Transport {
 public:
  explicit CurlTransport(const TransportOptions& options) : options_(options) { InitCurlOnce(); }

  void Perform(const std::vector<FetchRequest>& requests,
               const std::function<void(size_t, FetchResponse)>& on_done) override {
    CurlRun run(options_, requests, on_done);
    run.Run();
  }

 private:
  TransportOptions options_;
};

}  // namespace

std::unique_ptr<Transport> NewCurlTransport(const TransportOptions& options) {
  return std::make_unique<CurlTransport>(options);
}

}  // namespace feedmirror
