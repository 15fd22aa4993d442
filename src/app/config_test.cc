#include "app/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "util/error.h"

namespace feedmirror {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using Strings = std::vector<std::string>;

const char kPath[] = "/srv/news/feedmirror.toml";

// The message ParseConfig throws for `text`, or "(parsed)".
std::string ErrorOf(const std::string& text) {
  try {
    ParseConfig(text, kPath);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(parsed)";
}

TEST(ConfigTest, AnEmptyFileHasEveryDefault) {
  Config config = ParseConfig("", kPath);
  EXPECT_EQ(config.path, "/srv/news/feedmirror.toml");
  EXPECT_EQ(config.archive.dir, "/srv/news");
  EXPECT_EQ(config.posts_dir(), "/srv/news/_posts");
  EXPECT_EQ(config.state_dir(), "/srv/news/.feedmirror");
  EXPECT_EQ(config.archive.timezone, "UTC");
  EXPECT_EQ(config.archive.images, ImageMode::kProxy);
  EXPECT_EQ(config.archive.image_proxy, "https://images.weserv.nl/?url={url_noscheme}");
  EXPECT_EQ(config.archive.cleanup, CleanupLevel::kStandard);
  EXPECT_EQ(config.archive.convert, "none");
  EXPECT_EQ(config.archive.user_agent, "");
  EXPECT_EQ(config.archive.proxy, "");
  EXPECT_EQ(config.archive.concurrency, 16);
  EXPECT_EQ(config.archive.per_host, 2);
  EXPECT_EQ(config.archive.connect_timeout, seconds(10));
  EXPECT_EQ(config.archive.timeout, seconds(60));
  EXPECT_EQ(config.archive.max_bytes, 20 * 1024 * 1024);
  EXPECT_EQ(config.archive.max_backoff, hours(24));
  EXPECT_TRUE(config.sources.empty());
}

TEST(ConfigTest, ReadsEveryArchiveKey) {
  Config config = ParseConfig(R"(
[archive]
dir = "/data/archive/"
timezone = "Asia/Taipei"
images = "keep"
image_proxy = "https://proxy.example/{url}"
cleanup = "none"
convert = "s2twp"
user_agent = "MyMirror/1.0"
proxy = "socks5h://127.0.0.1:1080"
concurrency = 32
per_host = 4
connect_timeout = 5
timeout = "2m"
max_bytes = 1000
max_backoff = "6h"
)",
                              kPath);
  const ArchiveConfig& a = config.archive;
  EXPECT_EQ(a.dir, "/data/archive");
  EXPECT_EQ(config.posts_dir(), "/data/archive/_posts");
  EXPECT_EQ(a.timezone, "Asia/Taipei");
  EXPECT_EQ(a.images, ImageMode::kKeep);
  EXPECT_EQ(a.image_proxy, "https://proxy.example/{url}");
  EXPECT_EQ(a.cleanup, CleanupLevel::kNone);
  EXPECT_EQ(a.convert, "s2twp");
  EXPECT_EQ(a.user_agent, "MyMirror/1.0");
  EXPECT_EQ(a.proxy, "socks5h://127.0.0.1:1080");
  EXPECT_EQ(a.concurrency, 32);
  EXPECT_EQ(a.per_host, 4);
  EXPECT_EQ(a.connect_timeout, seconds(5));
  EXPECT_EQ(a.timeout, minutes(2));
  EXPECT_EQ(a.max_bytes, 1000);
  EXPECT_EQ(a.max_backoff, hours(6));
  EXPECT_EQ(ParseConfig("[archive]\nimages = \"download\"\n", kPath).archive.images,
            ImageMode::kDownload);
}

TEST(ConfigTest, ARelativeDirIsRelativeToTheConfigFile) {
  EXPECT_EQ(ParseConfig("[archive]\ndir = \"site\"\n", kPath).archive.dir, "/srv/news/site");
  EXPECT_EQ(ParseConfig("[archive]\ndir = \"../out/./a\"\n", kPath).archive.dir, "/srv/out/a");
  EXPECT_EQ(ParseConfig("[archive]\ndir = \".\"\n", kPath).archive.dir, "/srv/news");
  std::string cwd = std::filesystem::current_path().string();
  Config relative = ParseConfig("", "feedmirror.toml");
  EXPECT_EQ(relative.path, cwd + "/feedmirror.toml");
  EXPECT_EQ(relative.archive.dir, cwd);
}

TEST(ConfigTest, ReadsSourcesInFileOrderWithDefaults) {
  Config config = ParseConfig(R"(
[[source]]
name = "(臺)中央社CNA"
url = "https://feeds.example.com/cna.xml"

[[source]]
name = "Local"
url = "feeds/local feed#1.xml"
tags = ["a", "b"]
categories = []
encoding = "big5"
strip = [".promo", "div.ad > p"]
keep = ["figure"]
every = "1h30m"
proxy = "http://127.0.0.1:8080"
convert = "none"
headers = { Referer = "https://example.com/", Cookie = "a=b" }
)",
                              kPath);
  ASSERT_EQ(config.sources.size(), 2u);
  const SourceConfig& cna = config.sources[0];
  EXPECT_EQ(cna.name, "(臺)中央社CNA");
  EXPECT_EQ(cna.url, "https://feeds.example.com/cna.xml");
  EXPECT_EQ(cna.tags, Strings{"(臺)中央社CNA"});
  EXPECT_EQ(cna.categories, Strings{"(臺)中央社CNA"});
  EXPECT_EQ(cna.encoding, "");
  EXPECT_TRUE(cna.strip.empty());
  EXPECT_EQ(cna.every, minutes(30));
  EXPECT_TRUE(cna.headers.empty());
  EXPECT_EQ(cna.proxy, "");
  EXPECT_EQ(cna.convert, "");
  EXPECT_EQ(cna.line, 2);

  const SourceConfig& local = config.sources[1];
  EXPECT_EQ(local.url, "file:///srv/news/feeds/local%20feed%231.xml");
  EXPECT_EQ(local.tags, (Strings{"a", "b"}));
  EXPECT_EQ(local.categories, Strings{});
  EXPECT_EQ(local.encoding, "big5");
  EXPECT_EQ(local.strip, (Strings{".promo", "div.ad > p"}));
  EXPECT_EQ(local.keep, Strings{"figure"});
  EXPECT_EQ(local.every, minutes(90));
  EXPECT_EQ(local.proxy, "http://127.0.0.1:8080");
  EXPECT_EQ(local.convert, "none");
  using Header = std::pair<std::string, std::string>;
  EXPECT_EQ(local.headers,
            (std::vector<Header>{{"Cookie", "a=b"}, {"Referer", "https://example.com/"}}));
  EXPECT_EQ(local.line, 6);

  EXPECT_EQ(config.FindSource("Local"), &config.sources[1]);
  EXPECT_EQ(config.FindSource("local"), nullptr);
}

TEST(ConfigTest, SourceUrls) {
  auto url = [](const std::string& value) {
    return ParseConfig("[[source]]\nname = \"s\"\nurl = \"" + value + "\"\n", kPath).sources[0].url;
  };
  EXPECT_EQ(url("http://example.com/rss"), "http://example.com/rss");
  EXPECT_EQ(url("HTTPS://Example.com/rss?a=1#x"), "HTTPS://Example.com/rss?a=1#x");
  EXPECT_EQ(url("file:///var/feeds/a.xml"), "file:///var/feeds/a.xml");
  EXPECT_EQ(url("feed.xml"), "file:///srv/news/feed.xml");
  EXPECT_EQ(url("../demo/中央社.xml"), "file:///srv/demo/中央社.xml");
  EXPECT_EQ(url("/var/feeds/100%.xml"), "file:///var/feeds/100%25.xml");
  EXPECT_EQ(url("./a?b.xml"), "file:///srv/news/a%3Fb.xml");
}

TEST(ConfigTest, Durations) {
  EXPECT_EQ(ParseDuration("30m"), minutes(30));
  EXPECT_EQ(ParseDuration("2h"), hours(2));
  EXPECT_EQ(ParseDuration("1d"), hours(24));
  EXPECT_EQ(ParseDuration("90s"), seconds(90));
  EXPECT_EQ(ParseDuration("1h30m15s"), seconds(5415));
  EXPECT_EQ(ParseDuration(""), std::nullopt);
  EXPECT_EQ(ParseDuration("30"), std::nullopt);
  EXPECT_EQ(ParseDuration("m"), std::nullopt);
  EXPECT_EQ(ParseDuration("0m"), std::nullopt);
  EXPECT_EQ(ParseDuration("1w"), std::nullopt);
  EXPECT_EQ(ParseDuration("-1h"), std::nullopt);
  EXPECT_EQ(ParseDuration("1h "), std::nullopt);
  EXPECT_EQ(ParseDuration("9999999999999h"), std::nullopt);
}

// Every message names the file, the line and the key (ninja's
// ParserTest.Errors style: the input and its exact message).
TEST(ConfigTest, Errors) {
  struct Case {
    const char* toml;
    const char* message;
  };
  const Case cases[] = {
      // TOML syntax: file, line and column.
      {"[archive\n",
       "/srv/news/feedmirror.toml:1:9: Error while parsing table header: "
       "expected ']', saw '\\n'"},
      {"[archive]\nimages = \"proxy\"\nimages = \"keep\"\n",
       "/srv/news/feedmirror.toml:3:10: Error while parsing key-value pair: cannot redefine "
       "existing string 'images'"},
      // Unknown keys, with a suggestion when one is close.
      {"colour = \"x\"\n", "/srv/news/feedmirror.toml:1: unknown key 'colour'"},
      {"[archive]\ntimezone = \"UTC\"\nimags = \"keep\"\n",
       "/srv/news/feedmirror.toml:3: unknown key 'archive.imags'; did you mean "
       "'archive.images'?"},
      {"[archive.sub]\n", "/srv/news/feedmirror.toml:1: unknown key 'archive.sub'"},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nstrips = [\"x\"]\n",
       "/srv/news/feedmirror.toml:4: unknown key 'source.strips'; did you mean 'source.strip'?"},
      // Wrong types.
      {"archive = 1\n",
       "/srv/news/feedmirror.toml:1: key 'archive': expected a table, got an "
       "integer"},
      {"[archive]\ntimezone = 8\n",
       "/srv/news/feedmirror.toml:2: key 'archive.timezone': expected a string, got an integer"},
      {"[archive]\nconcurrency = \"16\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.concurrency': expected an integer, got a "
       "string"},
      {"[source]\nname = \"a\"\n",
       "/srv/news/feedmirror.toml:1: key 'source': expected an array of tables ([[source]]), "
       "got a table"},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\ntags = \"news\"\n",
       "/srv/news/feedmirror.toml:4: key 'source.tags': expected an array of strings, got a "
       "string"},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\ntags = [\n  \"x\",\n  2,\n]\n",
       "/srv/news/feedmirror.toml:6: key 'source.tags[1]': expected a string, got an integer"},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nheaders = \"Referer: x\"\n",
       "/srv/news/feedmirror.toml:4: key 'source.headers': expected a table, got a string"},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nheaders = { Referer = 1 }\n",
       "/srv/news/feedmirror.toml:4: key 'source.headers.Referer': expected a string, got an "
       "integer"},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nevery = 1.5\n",
       "/srv/news/feedmirror.toml:4: key 'source.every': expected a duration such as \"30s\", "
       "\"30m\", \"2h\" or \"1d\", or a number of seconds, got a float"},
      // Bad values.
      {"[archive]\nimages = \"foo\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.images': expected one of \"proxy\", \"keep\", "
       "\"download\", got \"foo\""},
      {"[archive]\ncleanup = \"Standard\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.cleanup': expected one of \"standard\", "
       "\"none\", got \"Standard\""},
      {"[archive]\nconvert = \"t2t\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.convert': expected one of \"none\", \"t2s\", "
       "\"s2t\", \"tw2s\", \"s2tw\", \"tw2sp\", \"s2twp\", \"hk2s\", \"s2hk\", got \"t2t\""},
      {"[archive]\ntimezone = \"Mars/Olympus\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.timezone': unknown time zone \"Mars/Olympus\" "
       "(expected an IANA name such as \"Asia/Taipei\")"},
      {"[archive]\ntimezone = \"\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.timezone': must not be empty"},
      {"[archive]\ndir = \" \"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.dir': must not be "
       "empty"},
      {"[archive]\nimage_proxy = \"https://proxy.example/?u=\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.image_proxy': expected a URL template holding "
       "{url} or {url_noscheme}, got \"https://proxy.example/?u=\""},
      {"[archive]\nconcurrency = 0\n",
       "/srv/news/feedmirror.toml:2: key 'archive.concurrency': expected an integer from 1 to "
       "1000, got 0"},
      {"[archive]\nper_host = 101\n",
       "/srv/news/feedmirror.toml:2: key 'archive.per_host': expected an integer from 1 to 100, "
       "got 101"},
      {"[archive]\nmax_bytes = -5\n",
       "/srv/news/feedmirror.toml:2: key 'archive.max_bytes': expected an integer from 1 to "
       "1099511627776, got -5"},
      {"[archive]\ntimeout = \"60\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.timeout': expected a duration such as \"30s\", "
       "\"30m\", \"2h\" or \"1d\", got \"60\""},
      {"[archive]\nconnect_timeout = 0\n",
       "/srv/news/feedmirror.toml:2: key 'archive.connect_timeout': expected an integer from 1 "
       "to 1099511627776, got 0"},
      {"[archive]\nproxy = \"127.0.0.1:1080\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.proxy': expected a proxy URL such as "
       "\"socks5h://127.0.0.1:1080\" (http, https, socks4, socks4a, socks5 or socks5h), got "
       "\"127.0.0.1:1080\""},
      {"[archive]\nuser_agent = \"a\\r\\nX-Evil: 1\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.user_agent': must not hold a line break"},
      // Sources.
      {"[[source]]\nurl = \"https://example.com/rss\"\n",
       "/srv/news/feedmirror.toml:1: [[source]] lacks the required key 'name'"},
      {"[[source]]\nname = \"CNA\"\n\n[[source]]\nname = \"BBC\"\ntags = []\n",
       "/srv/news/feedmirror.toml:1: source \"CNA\" lacks the required key 'url'"},
      {"[[source]]\nname = \"CNA\"\nurl = \"a.xml\"\n\n[[source]]\nurl = \"b.xml\"\n"
       "name = \"CNA\"\n",
       "/srv/news/feedmirror.toml:7: key 'source.name': duplicate source name \"CNA\" (first at "
       "line 2)"},
      {"[[source]]\nname = \"\"\nurl = \"a.xml\"\n",
       "/srv/news/feedmirror.toml:2: key 'source.name': must not be empty"},
      {"[[source]]\nname = \"a\"\nurl = \"ftp://example.com/rss\"\n",
       "/srv/news/feedmirror.toml:3: key 'source.url': expected an http(s) URL, a file:// URL "
       "or a path, got \"ftp://example.com/rss\""},
      {"[[source]]\nname = \"a\"\nurl = \"https://\"\n",
       "/srv/news/feedmirror.toml:3: key 'source.url': URL without a host: \"https://\""},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nencoding = \"klingon-8\"\n",
       "/srv/news/feedmirror.toml:4: key 'source.encoding': unknown encoding \"klingon-8\""},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nstrip = [\"\"]\n",
       "/srv/news/feedmirror.toml:4: key 'source.strip[0]': must not be empty"},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nevery = \"soon\"\n",
       "/srv/news/feedmirror.toml:4: key 'source.every': expected a duration such as \"30s\", "
       "\"30m\", \"2h\" or \"1d\", got \"soon\""},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\n[source.headers]\n\"Bad Name\" = \"x\"\n",
       "/srv/news/feedmirror.toml:5: key 'source.headers': invalid HTTP header name "
       "\"Bad Name\""},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nheaders = { Cookie = \"a\\nb\" }\n",
       "/srv/news/feedmirror.toml:4: key 'source.headers.Cookie': a header value must not hold "
       "a line break"},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nconvert = \"x\"\n",
       "/srv/news/feedmirror.toml:4: key 'source.convert': expected one of \"none\", \"t2s\", "
       "\"s2t\", \"tw2s\", \"s2tw\", \"tw2sp\", \"s2twp\", \"hk2s\", \"s2hk\", got \"x\""},
      {"[[source]]\nname = \"a\"\nurl = \"b\"\nproxy = \"ftp://x\"\n",
       "/srv/news/feedmirror.toml:4: key 'source.proxy': expected a proxy URL such as "
       "\"socks5h://127.0.0.1:1080\" (http, https, socks4, socks4a, socks5 or socks5h), got "
       "\"ftp://x\""},
      // The first mistake in the file is reported, not the first by name.
      {"[archive]\ntimezone = 1\nimages = 2\n",
       "/srv/news/feedmirror.toml:2: key 'archive.timezone': expected a string, got an integer"},
      // Values are quoted so that odd characters stay visible.
      {"[archive]\nimages = \"a\\\"b\\tc\\u0001\"\n",
       "/srv/news/feedmirror.toml:2: key 'archive.images': expected one of \"proxy\", \"keep\", "
       "\"download\", got \"a\\\"b\\tc\\u0001\""},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ErrorOf(c.toml), c.message) << "for:\n" << c.toml;
  }
}

TEST(ConfigTest, LoadConfigReadsTheFileAndNamesItInErrors) {
  std::string dir_pattern =
      (std::filesystem::temp_directory_path() / "config_test.XXXXXX").string();
  ASSERT_NE(mkdtemp(dir_pattern.data()), nullptr);
  std::string path = dir_pattern + "/feedmirror.toml";
  EXPECT_EQ(ErrorOf(""), "(parsed)");
  try {
    LoadConfig(path);
    ADD_FAILURE() << "no error for a missing file";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), path +
                                         ": cannot read the configuration: No such file or "
                                         "directory (run 'feedmirror init' to create one)");
  }
  EXPECT_THROW(
      {
        try {
          LoadConfig(dir_pattern);
        } catch (const UsageError& e) {
          EXPECT_EQ(std::string(e.what()),
                    dir_pattern + ": cannot read the configuration: it is a folder");
          throw;
        }
      },
      UsageError);
  std::ofstream(path) << "[[source]]\nname = \"demo\"\nurl = \"feeds/a.xml\"\n";
  Config config = LoadConfig(path);
  EXPECT_EQ(config.path, path);
  EXPECT_EQ(config.archive.dir, dir_pattern);
  EXPECT_EQ(config.sources.at(0).url, "file://" + dir_pattern + "/feeds/a.xml");
  std::ofstream(path) << "[archive]\nimages = 3\n";
  try {
    LoadConfig(path);
    ADD_FAILURE() << "no error for a bad file";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ":2: key 'archive.images': expected a string, got an integer");
  }
  std::filesystem::remove_all(dir_pattern);
}

TEST(ConfigTest, TheSiteTableHasDefaults) {
  Config config = ParseConfig("[archive]\n", kPath);
  EXPECT_EQ(config.site.title, "feedmirror");
  EXPECT_EQ(config.site.url, "");
  EXPECT_EQ(config.site.base_path, "");
  EXPECT_EQ(config.site.permalink, "date");
  EXPECT_EQ(config.site.page_size, 50);
}

TEST(ConfigTest, ReadsEverySiteKey) {
  Config config = ParseConfig(R"([site]
title = "新聞鏡像"
url = "https://mirror.example.org/"
base_path = "/news/"
permalink = "/:year/:month/:title/"
page_size = 20
)",
                              kPath);
  EXPECT_EQ(config.site.title, "新聞鏡像");
  EXPECT_EQ(config.site.url, "https://mirror.example.org");
  EXPECT_EQ(config.site.base_path, "/news");
  EXPECT_EQ(config.site.permalink, "/:year/:month/:title/");
  EXPECT_EQ(config.site.page_size, 20);
  EXPECT_EQ(ParseConfig("[site]\nbase_path = \"/\"\n", kPath).site.base_path, "");
}

TEST(ConfigTest, SiteErrorsNameTheLineAndKey) {
  EXPECT_EQ(ErrorOf("[site]\ntitle = \"x\"\ntitel = \"y\"\n"),
            "/srv/news/feedmirror.toml:3: unknown key 'site.titel'; did you mean 'site.title'?");
  EXPECT_EQ(ErrorOf("[site]\n\nurl = \"example.org\"\n"),
            "/srv/news/feedmirror.toml:3: key 'site.url': expected an http(s) URL such as "
            "\"https://example.org\", got \"example.org\"");
  EXPECT_EQ(ErrorOf("[site]\nbase_path = \"mirror\"\n"),
            "/srv/news/feedmirror.toml:2: key 'site.base_path': expected a path starting with "
            "'/', got \"mirror\"");
  EXPECT_EQ(ErrorOf("[site]\npage_size = 0\n"),
            "/srv/news/feedmirror.toml:2: key 'site.page_size': expected an integer from 1 to "
            "10000, got 0");
  EXPECT_EQ(ErrorOf("[site]\npermalink = \"\"\n"),
            "/srv/news/feedmirror.toml:2: key 'site.permalink': must not be empty");
  EXPECT_EQ(ErrorOf("site = 3\n"),
            "/srv/news/feedmirror.toml:1: key 'site': expected a table, got an integer");
}

TEST(ConfigTest, TheStarterConfigParsesWithTheDefaults) {
  Config config = ParseConfig(StarterConfig(), kPath);
  EXPECT_EQ(config.archive.dir, "/srv/news");
  EXPECT_EQ(config.archive.timezone, "UTC");
  EXPECT_EQ(config.archive.images, ImageMode::kProxy);
  EXPECT_EQ(config.archive.image_proxy, kDefaultImageProxy);
  EXPECT_EQ(config.archive.cleanup, CleanupLevel::kStandard);
  EXPECT_TRUE(config.sources.empty());
}

// The commented-out keys are valid too, and they cover every key.
TEST(ConfigTest, TheStarterConfigShowsEveryKeyAndItsExamplesParse) {
  std::istringstream in(StarterConfig());
  std::string line, enabled;
  std::regex key_line(R"(^# ((\[\[source\]\])|(\[site\])|([a-z_]+) = .*)$)");
  std::set<std::string> keys;
  std::string table;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, key_line)) line = m[1].str();
    if (line == "[archive]" || line == "[site]" || line == "[[source]]")
      table = line == "[archive]" ? "archive." : line == "[site]" ? "site." : "source.";
    std::smatch k;
    if (std::regex_match(line, k, std::regex(R"(^([a-z_]+) = .*)")))
      keys.insert(table + k[1].str());
    enabled += line + "\n";
  }
  Config config = ParseConfig(enabled, kPath);
  EXPECT_EQ(config.archive.user_agent, "feedmirror");
  EXPECT_EQ(config.archive.proxy, "socks5h://127.0.0.1:1080");
  EXPECT_EQ(config.archive.concurrency, 16);
  EXPECT_EQ(config.archive.max_bytes, 20971520);
  ASSERT_EQ(config.sources.size(), 1u);
  EXPECT_EQ(config.sources[0].name, "Example News");
  EXPECT_EQ(config.sources[0].every, minutes(30));
  EXPECT_EQ(config.sources[0].headers.size(), 1u);
  EXPECT_EQ(config.sources[0].link, "https://example.com/");
  EXPECT_EQ(config.site.url, "https://example.org");
  EXPECT_EQ(config.site.base_path, "/mirror");
  EXPECT_EQ(config.site.page_size, 50);
  const std::set<std::string> all = {"archive.dir",
                                     "archive.timezone",
                                     "archive.images",
                                     "archive.image_proxy",
                                     "archive.cleanup",
                                     "archive.convert",
                                     "archive.user_agent",
                                     "archive.proxy",
                                     "archive.concurrency",
                                     "archive.per_host",
                                     "archive.connect_timeout",
                                     "archive.timeout",
                                     "archive.max_bytes",
                                     "archive.max_backoff",
                                     "archive.image_max_bytes",
                                     "archive.image_allow_private",
                                     "archive.image_referers",
                                     "source.name",
                                     "source.url",
                                     "source.tags",
                                     "source.categories",
                                     "source.every",
                                     "source.encoding",
                                     "source.strip",
                                     "source.keep",
                                     "source.proxy",
                                     "source.convert",
                                     "source.headers",
                                     "source.link",
                                     "site.title",
                                     "site.url",
                                     "site.base_path",
                                     "site.permalink",
                                     "site.page_size"};
  EXPECT_EQ(keys, all);
}

}  // namespace
}  // namespace feedmirror
