#include "http_test_server.h"

#include <arpa/inet.h>
#include <brotli/encode.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace feedmirror::testing {

namespace {

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertDeleter {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using Cert = std::unique_ptr<X509, CertDeleter>;

void AddSubjectAltNames(X509* cert, const char* names) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, names);
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

// A P-256 key and a one-day certificate signed by itself.
Cert SelfSignedCertificate(EVP_PKEY* key) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("feedmirror test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  AddSubjectAltNames(cert.get(), "IP:127.0.0.1,DNS:localhost,DNS:secure.test");
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0) throw std::runtime_error("X509_sign failed");
  return cert;
}

std::string ToPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

}  // namespace

TestHttpServer::TestHttpServer(Scheme scheme)
    : scheme_(scheme == Scheme::kHttps ? "https" : "http") {
  if (scheme == Scheme::kHttps) {
    Key key(EVP_EC_gen("P-256"));
    Cert cert = SelfSignedCertificate(key.get());
    certificate_pem_ = ToPem(cert.get());
    server_ = std::make_unique<httplib::SSLServer>(cert.get(), key.get());  // takes references
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  // Enough workers for the concurrency tests, keep-alive connections included.
  server_->new_task_queue = [] { return new httplib::ThreadPool(64); };
  // Headers and body go out in separate writes: without this, Nagle and the
  // client's delayed ACK add 40 ms to some responses.
  server_->set_tcp_nodelay(true);
}

TestHttpServer::~TestHttpServer() { Stop(); }

void TestHttpServer::Start() {
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("test server: cannot bind 127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // httplib's stop() does nothing before the listening loop runs, which
  // would leave Stop() joining a server that never ends (a test that makes
  // no request stops at once).
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void TestHttpServer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopping_cv_.notify_all();
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

std::string TestHttpServer::Url(const std::string& path) const { return UrlOn("127.0.0.1", path); }

std::string TestHttpServer::UrlOn(const std::string& host, const std::string& path) const {
  return scheme_ + "://" + host + ":" + std::to_string(port_) + path;
}

std::string TestHttpServer::ResolveEntry(const std::string& host) const {
  return host + ":" + std::to_string(port_) + ":127.0.0.1";
}

bool TestHttpServer::Pause(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  return !stopping_cv_.wait_for(lock, duration, [this] { return stopping_; });
}

namespace {

bool ReadExact(int fd, void* buffer, size_t size) {
  auto* bytes = static_cast<unsigned char*>(buffer);
  while (size > 0) {
    ssize_t n = ::read(fd, bytes, size);
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool WriteAll(int fd, const void* buffer, size_t size) {
  auto* bytes = static_cast<const unsigned char*>(buffer);
  while (size > 0) {
    ssize_t n = ::send(fd, bytes, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

int ListenOnLoopback(int* port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 64) != 0)
    throw std::runtime_error("test proxy: cannot listen on 127.0.0.1");
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  *port = ntohs(address.sin_port);
  return fd;
}

int ConnectToLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Copies bytes both ways until either side closes or `stopping`.
void Relay(int a, int b, const std::atomic<bool>& stopping) {
  char buffer[16384];
  while (!stopping) {
    pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    if (::poll(fds, 2, 50) < 0) return;
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0 || !WriteAll(fds[1 - i].fd, buffer, static_cast<size_t>(n))) return;
    }
  }
}

}  // namespace

TestSocks5Proxy::TestSocks5Proxy(int target_port) : target_port_(target_port) {
  listener_ = ListenOnLoopback(&port_);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

TestSocks5Proxy::~TestSocks5Proxy() {
  stopping_ = true;
  acceptor_.join();
  for (std::thread& worker : workers_) worker.join();
  ::close(listener_);
}

std::vector<std::string> TestSocks5Proxy::requested() {
  std::lock_guard lock(mutex_);
  return requested_;
}

void TestSocks5Proxy::AcceptLoop() {
  while (!stopping_) {
    pollfd fd = {listener_, POLLIN, 0};
    if (::poll(&fd, 1, 50) <= 0) continue;
    int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    std::lock_guard lock(mutex_);
    workers_.emplace_back([this, client] { Serve(client); });
  }
}

void TestSocks5Proxy::Serve(int client) {
  if (Handshake(client)) {
    int upstream = ConnectToLoopback(target_port_);
    unsigned char refused = upstream < 0 ? 5 : 0;
    const unsigned char reply[] = {5, refused, 0, 1, 0, 0, 0, 0, 0, 0};
    if (WriteAll(client, reply, sizeof reply) && upstream >= 0) Relay(client, upstream, stopping_);
    if (upstream >= 0) ::close(upstream);
  }
  ::close(client);
}

// The greeting and the CONNECT request; records the destination.
bool TestSocks5Proxy::Handshake(int client) {
  unsigned char head[2], methods[255];
  if (!ReadExact(client, head, 2) || head[0] != 5 || !ReadExact(client, methods, head[1]))
    return false;
  const unsigned char no_auth[] = {5, 0};
  unsigned char request[4];
  if (!WriteAll(client, no_auth, 2) || !ReadExact(client, request, 4) || request[1] != 1)
    return false;
  std::string host;
  if (request[3] == 3) {  // a domain name: what socks5h sends
    unsigned char length;
    if (!ReadExact(client, &length, 1)) return false;
    host.resize(length);
    if (!ReadExact(client, host.data(), length)) return false;
  } else if (request[3] == 1) {
    unsigned char ip[4];
    if (!ReadExact(client, ip, 4)) return false;
    host = std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." + std::to_string(ip[2]) + "." +
           std::to_string(ip[3]);
  } else {
    return false;
  }
  unsigned char port[2];
  if (!ReadExact(client, port, 2)) return false;
  std::lock_guard lock(mutex_);
  requested_.push_back(host + ":" + std::to_string(port[0] * 256 + port[1]));
  return true;
}

ConcurrencyGauge::Scope::Scope(ConcurrencyGauge& gauge) : gauge_(gauge) {
  int now = ++gauge_.current_;
  int seen = gauge_.max_;
  while (now > seen && !gauge_.max_.compare_exchange_weak(seen, now)) {
  }
}

ConcurrencyGauge::Scope::~Scope() { --gauge_.current_; }

namespace {

// One gzip stream of the chunks `next` returns, until it returns an empty one.
template <typename NextChunk>
std::string GzipStream(NextChunk next) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + 15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out;
  char buffer[65536];
  int flush = Z_NO_FLUSH;
  while (flush != Z_FINISH) {
    std::string_view chunk = next();
    flush = chunk.empty() ? Z_FINISH : Z_NO_FLUSH;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    stream.avail_in = static_cast<uInt>(chunk.size());
    do {
      stream.next_out = reinterpret_cast<Bytef*>(buffer);
      stream.avail_out = sizeof buffer;
      deflate(&stream, flush);
      out.append(buffer, sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0);
  }
  deflateEnd(&stream);
  return out;
}

}  // namespace

std::string Gzip(const std::string& data) {
  bool given = false;
  return GzipStream([&]() -> std::string_view {
    if (given) return {};
    given = true;
    return data;
  });
}

std::string GzipZeros(size_t count) {
  static const std::string zeros(1 << 20, '\0');
  return GzipStream([&]() -> std::string_view {
    size_t n = std::min(count, zeros.size());
    count -= n;
    return std::string_view(zeros.data(), n);
  });
}

std::string Deflate(const std::string& data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()),
                Z_BEST_COMPRESSION) != Z_OK)
    throw std::runtime_error("compress2 failed");
  out.resize(size);
  return out;
}

std::string Brotli(const std::string& data) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                             data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data())))
    throw std::runtime_error("BrotliEncoderCompress failed");
  out.resize(size);
  return out;
}

}  // namespace feedmirror::testing
