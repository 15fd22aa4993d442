#include "app/image_run.h"

#include "app/fetch_run.h"

namespace feedmirror {

ImageFetchOptions ImageFetchOptionsFor(const ArchiveConfig& archive) {
  ImageFetchOptions options;
  options.proxy_template = archive.image_proxy;
  options.max_bytes = archive.image_max_bytes;
  options.allow_private = archive.image_allow_private;
  options.referers = archive.image_referers;
  return options;
}

TransportOptions ImageTransportOptionsFor(const ArchiveConfig& archive) {
  TransportOptions options = TransportOptionsFor(archive);
  options.max_body_bytes = static_cast<size_t>(archive.image_max_bytes);
  options.public_addresses_only = !archive.image_allow_private;
  options.host_delay_min_ms = 0;
  options.host_delay_max_ms = 50;
  return options;
}

std::string DescribeImages(const ImageFetchStats& stats) {
  return "images: " + std::to_string(stats.stored) + " stored, " + std::to_string(stats.failed) +
         " failed (tried again next run), " + std::to_string(stats.refused) + " refused; " +
         std::to_string(stats.posts_rewritten) + " posts now show local copies";
}

}  // namespace feedmirror
