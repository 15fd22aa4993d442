#include "site/preview_server.h"

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "site/hash.h"
#include "site/site_builder.h"
#include "util/error.h"

namespace feedmirror {

namespace fs = std::filesystem;

namespace {

// A fingerprint of every file's name, size and modification time below dir.
uint64_t TreeSignature(const std::string& dir) {
  Hasher h;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file(ec)) continue;
    h.Add(it->path().string());
    h.Add(static_cast<uint64_t>(it->file_size(ec)));
    h.Add(static_cast<uint64_t>(it->last_write_time(ec).time_since_epoch().count()));
  }
  return h.value();
}

uint64_t InputSignature(const SiteOptions& o) {
  return Hasher(TreeSignature(o.dir + "/_posts")).Add(TreeSignature(o.dir + "/theme")).value();
}

void Build(const SiteOptions& o, std::ostream& log, std::mutex& log_mutex) {
  try {
    BuildStats s = BuildSite(o);
    std::lock_guard<std::mutex> lock(log_mutex);
    for (const std::string& p : s.problems) log << "serve: skipped " << p << "\n";
    log << "serve: built " << s.posts << " posts, " << s.files_written << " files written, " << s.files_removed
        << " removed" << std::endl;
  } catch (const UsageError&) {
    throw;
  } catch (const Error& e) {
    std::lock_guard<std::mutex> lock(log_mutex);
    log << "serve: build failed: " << e.what() << std::endl;
  }
}

std::string NotFoundPage(const std::string& site_dir) {
  std::ifstream in(site_dir + "/404.html", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return in ? s.str() : "<h1>404</h1>";
}

}  // namespace

void ServePreview(const PreviewOptions& options, std::ostream& log, const std::atomic<bool>& stop) {
  std::mutex log_mutex;
  const SiteOptions& site = options.site;
  const std::string site_dir = site.dir + "/_site";
  uint64_t signature = InputSignature(site);
  Build(site, log, log_mutex);

  httplib::Server server;
  if (!server.set_mount_point(site.base_path.empty() ? "/" : site.base_path, site_dir))
    throw Error("serve: cannot serve " + site_dir);
  server.set_error_handler([&site_dir](const httplib::Request&, httplib::Response& res) {
    if (res.status == 404) res.set_content(NotFoundPage(site_dir), "text/html; charset=utf-8");
  });
  if (!server.bind_to_port("127.0.0.1", options.port))
    throw Error("serve: cannot listen on 127.0.0.1:" + std::to_string(options.port));
  {
    std::lock_guard<std::mutex> lock(log_mutex);
    log << "serve: http://127.0.0.1:" << options.port << site.base_path << "/ (Ctrl-C stops)" << std::endl;
  }
  std::thread watcher([&] {
    while (!stop) {
      std::this_thread::sleep_for(std::chrono::milliseconds(options.poll_ms));
      uint64_t now = InputSignature(site);
      if (now != signature) {
        signature = now;
        Build(site, log, log_mutex);
      }
    }
    server.stop();
  });
  server.listen_after_bind();
  watcher.join();
}

}  // namespace feedmirror
