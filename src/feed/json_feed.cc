#include "feed/json_feed.h"

#include <nlohmann/json.hpp>

#include "feed/text_util.h"
#include "feed/url.h"
#include "util/error.h"

namespace feedmirror {

namespace {

using Json = nlohmann::json;

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return Trim(it->get<std::string>());
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number()) return it->dump();
  return "";
}

std::string Url(const Json& j, const char* key, const std::string& base) {
  std::string url = Str(j, key);
  return url.empty() ? url : ResolveUrl(base, url);
}

// "author" (1.0) or "authors" (1.1); names may carry an address.
std::vector<Person> Authors(const Json& j) {
  std::vector<Person> out;
  auto add = [&](const Json& a) {
    if (!a.is_object()) return;
    Person p = PersonFromText(Str(a, "name"));
    if (!p.name.empty() || !p.email.empty()) out.push_back(p);
  };
  if (auto it = j.find("authors"); it != j.end() && it->is_array()) {
    for (const Json& a : *it) add(a);
  } else if (auto one = j.find("author"); one != j.end()) {
    add(*one);
  }
  return out;
}

Item ItemFrom(const Json& j, const TranslateContext& ctx) {
  Item item;
  item.guid = Str(j, "id");
  item.link = Url(j, "url", ctx.feed_url);
  if (!item.link.empty()) item.links.push_back(item.link);
  if (std::string external = Url(j, "external_url", ctx.feed_url); !external.empty()) {
    item.links.push_back(external);
  }
  item.title = Str(j, "title");
  item.content = Str(j, "content_html");
  if (item.content.empty()) item.content = EscapeHtml(Str(j, "content_text"));
  item.description = Str(j, "summary");
  item.published = Str(j, "date_published");
  item.published_parsed = ctx.Date(item.published);
  item.updated = Str(j, "date_modified");
  item.updated_parsed = ctx.Date(item.updated);
  item.authors = Authors(j);
  if (auto tags = j.find("tags"); tags != j.end() && tags->is_array()) {
    for (const Json& t : *tags) {
      if (t.is_string() && !Trim(t.get<std::string>()).empty()) item.categories.push_back(Trim(t.get<std::string>()));
    }
  }
  if (auto att = j.find("attachments"); att != j.end() && att->is_array()) {
    for (const Json& a : *att) {
      if (!a.is_object() || Str(a, "url").empty()) continue;
      item.enclosures.push_back({Url(a, "url", ctx.feed_url), Str(a, "size_in_bytes"), Str(a, "mime_type")});
    }
  }
  std::string image = Url(j, "image", ctx.feed_url);
  if (image.empty()) image = Url(j, "banner_image", ctx.feed_url);
  if (!image.empty()) item.image = Image{image, ""};
  item.base_url = item.link.empty() ? ctx.feed_url : item.link;
  return item;
}

}  // namespace

bool LooksLikeJson(std::string_view text) {
  size_t i = text.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && text[i] == '{';
}

Feed ParseJsonFeed(std::string_view utf8, const TranslateContext& ctx) {
  Json j = Json::parse(utf8, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw Error("not a feed: invalid JSON");
  if (!j.is_object()) throw Error("not a feed: the JSON is not an object");
  std::string version = Str(j, "version");
  auto items = j.find("items");
  if (version.find("jsonfeed.org") == std::string::npos && (items == j.end() || !items->is_array())) {
    throw Error("not a feed: JSON without a JSON Feed \"version\" or \"items\"");
  }
  Feed feed;
  feed.feed_type = "json";
  size_t slash = version.rfind('/');
  feed.feed_version = slash == std::string::npos ? version : version.substr(slash + 1);
  if (feed.feed_version == "1") feed.feed_version = "1.0";
  feed.title = Str(j, "title");
  feed.description = Str(j, "description");
  feed.link = Url(j, "home_page_url", ctx.feed_url);
  feed.feed_link = Url(j, "feed_url", ctx.feed_url);
  if (!feed.link.empty()) feed.links.push_back(feed.link);
  if (!feed.feed_link.empty()) feed.links.push_back(feed.feed_link);
  feed.language = Str(j, "language");
  feed.authors = Authors(j);
  if (std::string icon = Url(j, "icon", ctx.feed_url); !icon.empty()) feed.image = Image{icon, ""};
  if (items != j.end() && items->is_array()) {
    for (const Json& i : *items) {
      if (i.is_object()) feed.items.push_back(ItemFrom(i, ctx));
    }
  }
  if (!feed.items.empty()) {  // the feed is as recent as its first item
    feed.updated = feed.items[0].updated;
    feed.updated_parsed = feed.items[0].updated_parsed;
    feed.published = feed.items[0].published;
    feed.published_parsed = feed.items[0].published_parsed;
  }
  return feed;
}

}  // namespace feedmirror
