// The image step of a `fetch` run with images = "download": after the
// sources, the pending images are downloaded (archive/image_fetcher.h)
// through a transport of their own, with the image size cap and the
// address policy.
#pragma once

#include <string>

#include "app/config.h"
#include "archive/image_fetcher.h"
#include "fetch/transport.h"

namespace feedmirror {

// The fetcher's options from the [archive] table.
ImageFetchOptions ImageFetchOptionsFor(const ArchiveConfig& archive);

// The archive's transport settings (TransportOptionsFor), with bodies capped
// at image_max_bytes, non-public addresses refused unless
// image_allow_private, and a shorter pause between requests to one host
// (images mostly come from CDNs).
TransportOptions ImageTransportOptionsFor(const ArchiveConfig& archive);

// "images: 3 stored, 1 failed (tried again next run), 1 refused; 2 posts
// now show local copies".
std::string DescribeImages(const ImageFetchStats& stats);

}  // namespace feedmirror
