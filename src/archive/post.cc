#include "archive/post.h"

#include <algorithm>
#include <set>

#include "archive/liquid.h"
#include "archive/markdown_escape.h"
#include "archive/yaml_scalar.h"
#include "util/error.h"

namespace feedmirror {

namespace {

void CheckExtraKeys(const Post& post) {
  std::set<std::string> seen = {"layout", "title", "date", "author", "from", "tags", "categories"};
  for (const auto& [key, value] : post.extra) {
    bool valid = !key.empty() && !(key[0] >= '0' && key[0] <= '9') &&
                 std::all_of(key.begin(), key.end(), [](char c) {
                   return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                          (c >= 'A' && c <= 'Z');
                 });
    if (!valid) throw Error("invalid front-matter key '" + key + "' in post '" + post.title + "'");
    if (!seen.insert(key).second)
      throw Error("front-matter key '" + key + "' repeated in post '" + post.title + "'");
  }
}

std::string FrontMatter(const Post& post) {
  std::string out = "---\nlayout: post\n";
  out += "title: " + YamlDoubleQuoted(post.title) + "\n";
  out += "date: " + FormatIso8601Millis(post.date) + "\n";
  out += "author: " + YamlScalar(post.author) + "\n";
  out += "from: " + YamlScalar(post.from) + "\n";
  out += "tags: " + YamlFlowSequence(post.tags) + "\n";
  out += "categories: " + YamlFlowSequence(post.categories) + "\n";
  for (const auto& [key, value] : post.extra) out += key + ": " + YamlScalar(value) + "\n";
  return out + "---\n";
}

std::string Body(const Post& post) {
  std::string out = "<!--" + std::to_string(EpochMillis(post.date)) + "-->\n";
  out += "[" + MarkdownLinkText(post.title) + "](" + MarkdownLinkUrl(post.from) + ")\n";
  out += "------\n\n<div>\n" + post.html + "\n</div>\n";
  return NeutralizeLiquid(out);
}

}  // namespace

std::string RenderPost(const Post& post) {
  CheckExtraKeys(post);
  return FrontMatter(post) + Body(post);
}

}  // namespace feedmirror
