// Image URL rewriting for `cleanup = "none"`: the HTML keeps every byte
// except the values of image URL attributes.
#pragma once

#include <string>
#include <string_view>

#include "content/article_html.h"

namespace feedmirror {

// `html` with the image URL attributes of <img> (src, srcset, data-src,
// data-srcset, data-original, data-lazy-src) and <source> (srcset) rewritten
// through ArchivedImageUrl / ArchivedSrcset. The attributes are found with
// an HTML5 parse (gumbo) and the new values are spliced into the original
// bytes at their source positions: an attribute keeps its quote character
// (an unquoted one gets double quotes) and the new value is escaped for it
// (`&` and the quote). Everything else, including malformed markup, comes
// out unchanged. With ImageMode::kKeep the HTML is returned as it is.
std::string RewriteImagesInPlace(std::string_view html, const std::string& base_url,
                                 const ContentOptions& options);

}  // namespace feedmirror
