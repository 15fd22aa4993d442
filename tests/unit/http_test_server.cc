#include "http_test_server.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <stdexcept>
#include <string_view>

namespace feedmirror::testing {

TestHttpServer::TestHttpServer() {
  // Enough workers for the concurrency tests, keep-alive connections included.
  server_.new_task_queue = [] { return new httplib::ThreadPool(64); };
  // Headers and body go out in separate writes: without this, Nagle and the
  // client's delayed ACK add 40 ms to some responses.
  server_.set_tcp_nodelay(true);
}

TestHttpServer::~TestHttpServer() { Stop(); }

void TestHttpServer::Start() {
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("test server: cannot bind 127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
}

void TestHttpServer::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopping_cv_.notify_all();
  if (thread_.joinable()) {
    server_.stop();
    thread_.join();
  }
}

std::string TestHttpServer::Url(const std::string& path) const { return UrlOn("127.0.0.1", path); }

std::string TestHttpServer::UrlOn(const std::string& host, const std::string& path) const {
  return "http://" + host + ":" + std::to_string(port_) + path;
}

std::string TestHttpServer::ResolveEntry(const std::string& host) const {
  return host + ":" + std::to_string(port_) + ":127.0.0.1";
}

bool TestHttpServer::Pause(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  return !stopping_cv_.wait_for(lock, duration, [this] { return stopping_; });
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
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                static_cast<uLong>(data.size()), Z_BEST_COMPRESSION) != Z_OK)
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
