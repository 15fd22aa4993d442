// file:// URLs read from the local disk, for feeds kept as files.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "fetch/transport.h"

namespace feedmirror {

// The local path of a file:// URL ("file:///a/b%20c.xml" -> "/a/b c.xml";
// the host part must be empty or "localhost"). Empty when `url` is not one.
std::string FilePathFromUrl(const std::string& url);

// Each request is read synchronously, in order. On success: status 200, the
// file's bytes, final_url = the URL; for a request with `stream_body`, the
// file is opened and `body_reader` reads it (so that a feed larger than
// memory should hold is parsed as it is read). On failure: "cannot read PATH: reason"
// (reason from the OS, e.g. "No such file or directory"), or
// "cannot read PATH: file exceeds 20 MB" above `max_body_bytes` (checked
// by the file's size before anything is read, and again while reading).
std::unique_ptr<Transport> NewFileTransport(size_t max_body_bytes);

}  // namespace feedmirror
