#include "feed/feed_json.h"

#include <nlohmann/json.hpp>

namespace feedmirror {

namespace {

using Json = nlohmann::ordered_json;

void PutString(Json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

void PutStrings(Json& j, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) j[key] = values;
}

void PutDate(Json& j, const char* key, const char* parsed_key, const std::string& text,
             const std::optional<TimePoint>& parsed) {
  PutString(j, key, text);
  if (parsed) j[parsed_key] = FormatRfc3339(*parsed);
}

void PutPersons(Json& j, const std::vector<Person>& persons) {
  if (persons.empty()) return;
  Json list = Json::array();
  for (const Person& p : persons) {
    Json person = Json::object();
    PutString(person, "name", p.name);
    PutString(person, "email", p.email);
    list.push_back(person);
  }
  j["authors"] = list;
}

void PutImage(Json& j, const std::optional<Image>& image) {
  if (!image || (image->url.empty() && image->title.empty())) return;
  Json out = Json::object();
  PutString(out, "url", image->url);
  PutString(out, "title", image->title);
  j["image"] = out;
}

Json ItemJson(const Item& item) {
  Json j = Json::object();
  PutString(j, "title", item.title);
  PutString(j, "description", item.description);
  PutString(j, "content", item.content);
  PutString(j, "link", item.link);
  PutStrings(j, "links", item.links);
  PutDate(j, "updated", "updatedParsed", item.updated, item.updated_parsed);
  PutDate(j, "published", "publishedParsed", item.published, item.published_parsed);
  PutPersons(j, item.authors);
  PutString(j, "guid", item.guid);
  PutImage(j, item.image);
  PutStrings(j, "categories", item.categories);
  if (!item.enclosures.empty()) {
    Json list = Json::array();
    for (const Enclosure& e : item.enclosures) {
      Json enc = Json::object();
      PutString(enc, "url", e.url);
      PutString(enc, "length", e.length);
      PutString(enc, "type", e.type);
      list.push_back(enc);
    }
    j["enclosures"] = list;
  }
  PutString(j, "baseUrl", item.base_url);
  return j;
}

}  // namespace

std::string FeedToJson(const Feed& feed) {
  Json j = Json::object();
  PutString(j, "title", feed.title);
  PutString(j, "description", feed.description);
  PutString(j, "link", feed.link);
  PutStrings(j, "links", feed.links);
  PutString(j, "feedLink", feed.feed_link);
  PutDate(j, "updated", "updatedParsed", feed.updated, feed.updated_parsed);
  PutDate(j, "published", "publishedParsed", feed.published, feed.published_parsed);
  PutPersons(j, feed.authors);
  PutString(j, "language", feed.language);
  PutImage(j, feed.image);
  PutString(j, "copyright", feed.copyright);
  PutString(j, "generator", feed.generator);
  PutStrings(j, "categories", feed.categories);
  PutString(j, "feedType", feed.feed_type);
  PutString(j, "feedVersion", feed.feed_version);
  Json items = Json::array();
  for (const Item& item : feed.items) items.push_back(ItemJson(item));
  j["items"] = items;
  if (feed.bozo) {
    j["bozo"] = true;
    PutString(j, "bozoReason", feed.bozo_reason);
  }
  PutStrings(j, "warnings", feed.warnings);
  // Invalid UTF-8 cannot reach here (the decoder replaced it), but never
  // let a stray byte turn into an exception.
  return j.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace feedmirror
