// From XML subtrees to the universal model: one function per construct of
// RSS (0.9x, 1.0/RDF, 2.0) and Atom (0.3, 1.0), with the fallbacks real
// feeds need (dc:*, itunes:*, media:*, atom:* inside RSS). Internal to the
// feed stage; used by FeedDocument.
#pragma once

#include <string>
#include <vector>

#include "feed/date_parse.h"
#include "feed/feed.h"
#include "feed/xml_node.h"

namespace feedmirror {

struct TranslateContext {
  std::string feed_url;  // the document's URL ("" when unknown)
  LocalTimeResolver resolve_local;
  std::optional<TimePoint> Date(const std::string& text) const {
    return text.empty() ? std::nullopt : ParseDate(text, resolve_local);
  }
};

// An RSS <item> (any version, RDF too).
Item TranslateRssItem(const XmlNode& item, const TranslateContext& ctx);
// The channel's fields from its children (items excluded; for RDF the
// <image> beside the channel included). Leaves items, type and version.
void TranslateRssChannel(const XmlNode& channel, const TranslateContext& ctx, Feed& feed);

// An Atom <entry> (1.0 or 0.3).
Item TranslateAtomEntry(const XmlNode& entry, const TranslateContext& ctx);
// The feed's fields from the root's children (entries excluded).
void TranslateAtomFeed(const XmlNode& feed_node, const TranslateContext& ctx, Feed& feed);

// The item's base for its HTML: xml:base in effect, else its link, else the
// feed URL.
std::string ItemBase(const XmlNode& item, const Item& translated, const TranslateContext& ctx);

}  // namespace feedmirror
