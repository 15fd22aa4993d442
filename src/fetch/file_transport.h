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
// file's bytes, final_url = the URL. On failure: "cannot read PATH: reason"
// (reason from the OS, e.g. "No such file or directory"), or
// "cannot read PATH: file exceeds 20 MB" above `max_body_bytes`.
std::unique_ptr<Transport> NewFileTransport(size_t max_body_bytes);

}  // namespace feedmirror
