// A post in the archive's format (../shared/DESIGN.md, "The post format"):
// Jekyll front matter, the publish time as an HTML comment, a setext heading
// linking the original, then the article HTML inside <div>...</div>.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "util/time.h"

namespace feedmirror {

struct Post {
  std::string title;   // plain text
  TimePoint date;      // publish time, UTC
  std::string author;  // the source name
  std::string from;    // the article URL
  std::vector<std::string> tags;
  std::vector<std::string> categories;
  // Further front-matter keys written after `categories`, such as
  // original_title; each value is written as a YAML string.
  std::vector<std::pair<std::string, std::string>> extra;
  std::string html;  // the article HTML, already cleaned
};

// The post file's exact text. Every front-matter value is valid YAML whatever
// it holds; Liquid markup in the body is neutralised so Jekyll 3 and 4 print
// it literally; the title in the heading is escaped for Markdown.
std::string RenderPost(const Post& post);

}  // namespace feedmirror
