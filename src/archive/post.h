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

// The post file's exact text:
//   ---
//   layout: post
//   title: "<title, always double-quoted>"
//   date: 2020-10-26T05:56:17.000Z
//   author: <author>
//   from: <from>
//   tags: [ <tag>, ... ]
//   categories: [ <category>, ... ]
//   <extra key>: <value>            (each pair, in order)
//   ---
//   <!--<date in epoch milliseconds>-->
//   [<title>](<from>)
//   ------
//   <empty line>
//   <div>
//   <html>
//   </div>
// Front-matter values are YAML (archive/yaml_scalar.h): plain where safe,
// else double-quoted. The heading's title and URL are escaped for Markdown
// (archive/markdown_escape.h). Then every "{{" and "{%" after the front
// matter is neutralised (archive/liquid.h), so Jekyll 3 and 4 print it
// literally. Throws Error for an extra key that is not [A-Za-z_][A-Za-z0-9_]*
// or repeats a key already written.
std::string RenderPost(const Post& post);

}  // namespace feedmirror
