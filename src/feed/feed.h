// The universal feed model every format is parsed into. Field names follow
// gofeed's universal feed (../shared/conformance/gofeed/README.md), so the
// JSON form of `feedmirror parse --json` is a direct mapping.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "util/time.h"

namespace feedmirror {

struct Person {
  std::string name;
  std::string email;
};

struct Image {
  std::string url;
  std::string title;
};

struct Enclosure {
  std::string url;
  std::string length;
  std::string type;
};

struct Item {
  std::string title;        // plain text, entities decoded once
  std::string description;  // HTML (RSS description, Atom summary)
  std::string content;      // HTML (content:encoded, Atom content)
  std::string link;         // absolute URL
  std::vector<std::string> links;
  std::string updated;      // the date text as found
  std::optional<TimePoint> updated_parsed;
  std::string published;
  std::optional<TimePoint> published_parsed;
  std::vector<Person> authors;
  std::string guid;
  std::optional<Image> image;
  std::vector<std::string> categories;
  std::vector<Enclosure> enclosures;
  // The base against which relative URLs in description/content resolve
  // (xml:base, else the item link, else the feed URL).
  std::string base_url;
};

struct Feed {
  std::string title;
  std::string description;
  std::string link;
  std::vector<std::string> links;
  std::string feed_link;
  std::string updated;
  std::optional<TimePoint> updated_parsed;
  std::string published;
  std::optional<TimePoint> published_parsed;
  std::vector<Person> authors;
  std::string language;
  std::optional<Image> image;
  std::string copyright;
  std::string generator;
  std::vector<std::string> categories;
  std::string feed_type;     // "rss", "atom" or "json"
  std::string feed_version;  // "2.0", "1.0", ...
  std::vector<Item> items;
  // How often the feed says it changes, when it says so: RSS <ttl> (minutes),
  // or sy:updatePeriod / sy:updateFrequency. The scheduler waits at least
  // this long between fetches.
  std::optional<std::chrono::seconds> update_interval;
  // Set when the input was malformed and what could be recovered was kept.
  bool bozo = false;
  std::string bozo_reason;
  std::vector<std::string> warnings;
};

}  // namespace feedmirror
