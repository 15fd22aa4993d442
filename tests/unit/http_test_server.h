// A real HTTP server on 127.0.0.1 (cpp-httplib) for tests that exercise the
// transport: routes are added to server() before Start(); the port is chosen
// by the kernel. Handlers that stall must wait with Pause(), which returns
// early when the server stops, so a test never waits for them at its end.
// With Scheme::kHttps it serves TLS with a self-signed certificate made at
// construction for 127.0.0.1, localhost and secure.test.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace feedmirror::testing {

class TestHttpServer {
 public:
  enum class Scheme { kHttp, kHttps };
  explicit TestHttpServer(Scheme scheme = Scheme::kHttp);
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  httplib::Server& server() { return *server_; }
  // The self-signed certificate (PEM) of an https server; empty for http.
  const std::string& certificate_pem() const { return certificate_pem_; }
  // Binds 127.0.0.1 on a free port and serves on a thread.
  void Start();
  void Stop();
  int port() const { return port_; }
  // "http(s)://127.0.0.1:<port><path>"
  std::string Url(const std::string& path) const;
  // "http(s)://<host>:<port><path>"; pair it with ResolveEntry(host).
  std::string UrlOn(const std::string& host, const std::string& path) const;
  // "<host>:<port>:127.0.0.1", for TransportOptions::resolve.
  std::string ResolveEntry(const std::string& host) const;
  // Sleeps `duration`; false when cut short because the server stops.
  bool Pause(std::chrono::milliseconds duration);

 private:
  std::string scheme_;
  std::string certificate_pem_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::condition_variable stopping_cv_;
  bool stopping_ = false;
};

// A SOCKS5 proxy on 127.0.0.1 (RFC 1928: no authentication, CONNECT only)
// that connects every client to 127.0.0.1:`target_port`, whatever it asked
// for, and records what it asked for.
class TestSocks5Proxy {
 public:
  explicit TestSocks5Proxy(int target_port);
  ~TestSocks5Proxy();
  TestSocks5Proxy(const TestSocks5Proxy&) = delete;
  TestSocks5Proxy& operator=(const TestSocks5Proxy&) = delete;

  int port() const { return port_; }
  // "host:port" per CONNECT, the host as sent (a name for socks5h).
  std::vector<std::string> requested();

 private:
  void AcceptLoop();
  void Serve(int client);
  bool Handshake(int client);

  int listener_ = -1;
  int port_ = 0;
  int target_port_;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<std::thread> workers_;
  std::vector<std::string> requested_;
};

// Counts the handlers running at once; max() is the high-water mark.
class ConcurrencyGauge {
 public:
  class Scope {
   public:
    explicit Scope(ConcurrencyGauge& gauge);
    ~Scope();

   private:
    ConcurrencyGauge& gauge_;
  };
  int max() const { return max_; }

 private:
  std::atomic<int> current_{0};
  std::atomic<int> max_{0};
};

// A gzip stream (RFC 1952) of `data`.
std::string Gzip(const std::string& data);
// A gzip stream of `count` zero bytes, built without holding them: a bomb.
std::string GzipZeros(size_t count);
// A zlib stream (RFC 1950), which is what HTTP calls "deflate".
std::string Deflate(const std::string& data);
// A brotli stream (RFC 7932) of `data`.
std::string Brotli(const std::string& data);

}  // namespace feedmirror::testing
