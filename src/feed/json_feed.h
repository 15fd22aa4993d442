// JSON Feed 1.0 and 1.1 (https://jsonfeed.org) into the universal model.
#pragma once

#include <string_view>

#include "feed/feed.h"
#include "feed/feed_translate.h"

namespace feedmirror {

// True when `text` (UTF-8, leading white space skipped) starts a JSON object.
bool LooksLikeJson(std::string_view text);

// Parses a JSON Feed. Throws Error ("not a feed: ...") when the text is not
// JSON or not a JSON Feed (no "version" naming jsonfeed.org, no "items").
Feed ParseJsonFeed(std::string_view utf8, const TranslateContext& context);

}  // namespace feedmirror
