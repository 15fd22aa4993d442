// The real Jekyll (Debian's jekyll package: Jekyll 4, Liquid, kramdown with
// GFM input, Psych) builds a site from posts whose every value is nasty, and
// prints each title, author and Liquid-looking text literally.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "archive/post.h"
#include "archive/slug.h"
#include "archive_test_util.h"
#include "nasty_strings.h"
#include "random_strings.h"
#include "util/utf8.h"

namespace feedmirror {
namespace {

using feedmirror::testing::NastyStrings;
using feedmirror::testing::ReadBytes;
using feedmirror::testing::RunCommand;
using feedmirror::testing::TempDir;
using feedmirror::testing::WriteBytes;

constexpr const char* kConfig =
    "title: nasty\npermalink: /:year/:month/:day/:title:output_ext\nliquid:\n  error_mode: "
    "strict\n";
constexpr const char* kLayout =
    "<h1 class=\"t\">{{ page.title | escape }}</h1>\n"
    "<p class=\"a\">{{ page.author | escape }}</p>\n"
    "<p class=\"o\">{{ page.original_title | escape }}</p>\n"
    "{{ content }}\n";
constexpr const char* kBody =
    "<p class=\"b\">body {{ page.title }} {% raw %} {{{ }}} {%- if x -%}</p>";
constexpr const char* kUrl = "https://example.com/a b(c)?q={{x}}&r={%y";

// What Liquid's `escape` filter (CGI.escapeHTML) makes of a string.
std::string LiquidEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// The heading's link text as kramdown prints it: the title on one line,
// without control characters, with & < > as entities.
std::string KramdownLinkText(const std::string& title) {
  std::string out;
  std::string valid = ToValidUtf8(title);
  for (size_t pos = 0; pos < valid.size();) {
    CodePoint cp = DecodeUtf8(valid, pos);
    char32_t c = cp.value;
    if (c == '\n' || c == '\r' || c == '\t' || c == 0x85 || c == 0x2028 || c == 0x2029) {
      out += ' ';
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (!(c < 0x20 || (c >= 0x7F && c <= 0x9F))) {
      out.append(valid, pos, cp.size);
    }
    pos += cp.size;
  }
  return out;
}

// The nasty strings, then random runs of kramdown's markup characters.
std::vector<std::string> SiteValues() {
  std::vector<std::string> values = NastyStrings();
  for (std::string& title :
       feedmirror::testing::RandomStrings(5, 150, 12, feedmirror::testing::MarkdownPieces()))
    values.push_back(std::move(title));
  return values;
}

Post NastyPost(const std::string& value, size_t index) {
  Post post;
  post.title = value;
  post.date = FromEpochMillis(1603691777000);
  post.author = value;
  post.from = kUrl;
  post.tags = {value};
  post.categories = {value};
  post.extra = {{"original_title", value}, {"permalink", "/p/" + std::to_string(index) + ".html"}};
  post.html = kBody;
  return post;
}

// Writes the nasty posts under their real file names (Slugify, PostPath,
// collision numbers) into a minimal site: once with a fixed permalink
// (2020-10-26), once with Jekyll's permalink from the file name
// (2020-10-27); returns the slugs of the latter.
std::vector<std::string> WriteSite(const std::string& site,
                                   const std::vector<std::string>& values) {
  WriteBytes(site + "/_config.yml", kConfig);
  WriteBytes(site + "/_layouts/post.html", kLayout);
  std::set<std::string> paths;
  std::vector<std::string> slugs;
  for (TimePoint date : {FromEpochMillis(1603691777000), FromEpochMillis(1603778177000)}) {
    bool by_file_name = date == FromEpochMillis(1603778177000);
    for (size_t i = 0; i < values.size(); ++i) {
      std::string slug = Slugify(values[i]);
      std::string path;
      int n = 0;
      while (path.empty() || paths.count(path) != 0)
        path = PostPath(date, TimeZone::Utc(), slug, ++n);
      paths.insert(path);
      Post post = NastyPost(values[i], i);
      post.date = date;
      if (by_file_name) {
        post.extra.pop_back();  // no permalink
        slugs.push_back(path.substr(18, path.size() - 18 - 3));
      }
      WriteBytes(site + "/" + path, RenderPost(post));
    }
  }
  return slugs;
}

TEST(PostJekyllTest, JekyllPrintsEveryNastyValueLiterally) {
  TempDir dir;
  std::vector<std::string> values = SiteValues();
  std::vector<std::string> slugs = WriteSite(dir.path(), values);
  auto build = RunCommand("jekyll build --quiet --source '" + dir.path() + "' --destination '" +
                          dir.path() + "/_site' 2>&1");
  ASSERT_EQ(build.exit_status, 0) << build.output;

  size_t pages = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/_site/p")) {
    (void)entry;
    ++pages;
  }
  EXPECT_EQ(pages, values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    std::string page = ReadBytes(dir.path() + "/_site/p/" + std::to_string(i) + ".html");
    std::string valid = ToValidUtf8(values[i]);
    SCOPED_TRACE("value #" + std::to_string(i) + ": " + valid + "\n" + page);
    EXPECT_NE(page.find("<h1 class=\"t\">" + LiquidEscape(valid) + "</h1>"), std::string::npos);
    EXPECT_NE(page.find("<p class=\"a\">" + LiquidEscape(valid) + "</p>"), std::string::npos);
    EXPECT_NE(page.find("<p class=\"o\">" + LiquidEscape(valid) + "</p>"), std::string::npos);
    EXPECT_NE(page.find("<a href=\"https://example.com/a%20b%28c%29?q={{x}}&amp;r={%y\">" +
                        KramdownLinkText(valid) + "</a>"),
              std::string::npos);
    EXPECT_NE(page.find(kBody), std::string::npos);
  }
}

TEST(PostJekyllTest, JekyllUrlsShowTheSlugUnchanged) {
  TempDir dir;
  std::vector<std::string> slugs = WriteSite(dir.path(), SiteValues());
  auto build = RunCommand("jekyll build --quiet --source '" + dir.path() + "' --destination '" +
                          dir.path() + "/_site' 2>&1");
  ASSERT_EQ(build.exit_status, 0) << build.output;
  std::set<std::string> built;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/_site/2020/10/27"))
    built.insert(entry.path().filename().string());
  std::set<std::string> expected;
  for (const std::string& slug : slugs) expected.insert(slug + ".html");
  EXPECT_EQ(built, expected);
}

}  // namespace
}  // namespace feedmirror
