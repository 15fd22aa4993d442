// OPML subscription lists (OPML 1.0 and 2.0), as feed readers import and
// export them: read into a flat list of feeds, and written as OPML 2.0.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace feedmirror {

// One feed outline (an <outline> with an xmlUrl).
struct OpmlFeed {
  std::string title;     // its text attribute, else its title attribute
  std::string xml_url;   // the feed
  std::string html_url;  // its web page; may be empty
  // The names of the folders it is in (outlines without an xmlUrl), the
  // outermost first, then the entries of its `category` attribute (comma
  // separated, each without its leading and trailing '/'); no duplicates,
  // no empty ones. Empty: none given.
  std::vector<std::string> categories;
};

struct OpmlDocument {
  std::string title;  // <head><title>
  std::vector<OpmlFeed> feeds;  // in document order
};

// Parses an OPML file. The parser reads no DTD, fetches nothing from the
// network and substitutes no entities; a document that declares entities is
// refused. Outlines of feed readers' other types (links, notes: no xmlUrl
// and no children) are ignored. A feed listed twice (same xmlUrl) is kept
// once, at its first place, with the categories of both. Throws Error
// "FILE: not a well-formed XML file: line 3: REASON", "FILE: not OPML: the
// root element is <rss>", "FILE: not OPML: no <body>" and the like, FILE
// being `file_name`.
OpmlDocument ParseOpml(std::string_view bytes, const std::string& file_name);

// The document as OPML 2.0 (UTF-8, well-formed, every attribute escaped),
// one <outline type="rss"> per feed with text, title, xmlUrl, htmlUrl
// (when set) and category (when there are categories: joined with ',').
// A ',' inside a category cannot be represented and is written as ' '.
std::string WriteOpml(const OpmlDocument& document);

}  // namespace feedmirror
