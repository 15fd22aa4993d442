// Escaping for the post's heading line, `[<title>](<url>)`, so that kramdown
// (Jekyll's Markdown, with or without its GFM parser) shows the title as
// plain text and links the whole URL.
#pragma once

#include <string>
#include <string_view>

namespace feedmirror {

// The title as link text: backslash before each ASCII character kramdown
// reads as markup and accepts an escape for (\ . * _ + - ` ( ) [ ] { } # ! :
// | " ' $ =), so no emphasis, link, typographic dash, ellipsis or smart
// quote forms; &, <, >, ~ and ^ as the entities &amp; &lt; &gt; &#126;
// &#94; (kramdown takes no backslash before ~ or ^, and "[^" would open a
// footnote); line breaks (CR, LF, U+0085, U+2028, U+2029) and tabs as
// spaces; other control characters dropped; ill-formed UTF-8 as U+FFFD.
// Text without ASCII punctuation, such as
// "亞塞拜然亞美尼亞再次同意停火 能否奏效待觀察", is unchanged.
std::string MarkdownLinkText(std::string_view title);

// The URL as a link destination: bytes that would end or split it — control
// characters, space, ( ) < > " \ and DEL — percent-encoded; all else as is.
std::string MarkdownLinkUrl(std::string_view url);

}  // namespace feedmirror
