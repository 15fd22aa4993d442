// Small text helpers the feed formats share: trimming, RSS-style person
// strings, HTML entity decoding, HTML to plain text, the first image of an
// HTML fragment.
#pragma once

#include <string>
#include <string_view>

#include "feed/feed.h"

namespace feedmirror {

// `s` without leading and trailing ASCII white space.
std::string Trim(std::string_view s);

// "Jane Doe (jane@example.org)", "jane@example.org (Jane Doe)",
// "Jane Doe <jane@example.org>", "jane@example.org", "Jane Doe".
Person PersonFromText(std::string_view text);

// Decodes HTML character references (named, &#NN;, &#xNN;) once; unknown
// references stay as written.
std::string DecodeHtmlEntities(std::string_view html);

// The text of an HTML fragment: tags dropped, references decoded, white
// space runs kept, ends trimmed.
std::string HtmlToText(std::string_view html);

// `text` escaped for use as HTML (& < > ").
std::string EscapeHtml(std::string_view text);

// The src of the first <img> carrying one (references decoded), or "".
std::string FirstImageSrc(std::string_view html);

// The Unicode code point of an HTML named character reference, or 0.
unsigned HtmlEntityCodePoint(std::string_view name);

// `cp` appended to `out` as UTF-8 (invalid code points as U+FFFD).
void AppendUtf8(std::string& out, unsigned cp);

}  // namespace feedmirror
