// Social-media and video embeds that arrive as empty shells (their script
// is gone) become visible links, so the archive keeps what was embedded.
#pragma once

#include <string>
#include <vector>

namespace feedmirror {

struct HtmlNode;

// Rewrites the embeds under `root` (run before sanitizing; it reads
// classes and data attributes):
// - blockquote.twitter-tweet / .twitter-video: its empty link to a status
//   becomes "Tweet: twitter.com/<user>/status/<id>"; text it had stays.
// - blockquote.instagram-media, blockquote.tiktok-embed, .reddit-card /
//   .reddit-embed-bq, div.fb-post / .fb-video: when they show no text, a
//   link "Instagram: …", "TikTok: …", "Reddit: …", "Facebook: …" to the
//   embedded post takes their contents' place.
// - script[data-telegram-post="channel/id"]: replaced by a link
//   "Telegram: t.me/channel/id".
// - iframes whose host is not in `iframe_hosts`: replaced by a link
//   "Video: …" (YouTube, Vimeo...) or "Embed: …" to their src.
// A link's text is its URL without scheme, "www.", query or fragment.
void ExpandEmbeds(HtmlNode& root, const std::string& base_url,
                  const std::vector<std::string>& iframe_hosts);

// The text an embed link shows for `url`: "twitter.com/a/status/1" for
// "https://www.twitter.com/a/status/1?s=20".
std::string EmbedLinkText(const std::string& url);

}  // namespace feedmirror
