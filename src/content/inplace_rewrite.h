// The `cleanup = "none"` path: the HTML keeps every byte except the values
// it must change — image URLs, and with a Chinese conversion the text and
// alt/title values.
#pragma once

#include <string>
#include <string_view>

#include "content/article_html.h"

namespace feedmirror {

class ChineseConverter;

// `html` with the image URL attributes of <img> (src, srcset, data-src,
// data-srcset, data-original, data-lazy-src) and <source> (srcset) rewritten
// through ArchivedImageUrl / ArchivedSrcset (ImageMode::kKeep: left as they
// are), and, when `converter` is given, every text node (outside script and
// style) and every alt and title value converted. The places are found with
// an HTML5 parse (gumbo) and the new text is spliced into the original
// bytes at their source positions: an attribute keeps its quote character
// (an unquoted one gets double quotes) and its new value is escaped for it
// (`&` and the quote); converted text keeps its entities and markup as they
// were (OpenCC leaves ASCII alone). Everything else, including malformed
// markup, comes out unchanged.
std::string RewriteInPlace(std::string_view html, const std::string& base_url,
                           const ContentOptions& options, const ChineseConverter* converter);

}  // namespace feedmirror
