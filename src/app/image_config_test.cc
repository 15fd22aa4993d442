// The [archive] keys of images = "download", and how they reach the image
// fetcher, its transport and the content options (convert).
#include <gtest/gtest.h>

#include "app/config.h"
#include "app/image_run.h"
#include "util/error.h"

namespace feedmirror {
namespace {

const char kPath[] = "/srv/news/feedmirror.toml";

std::string ErrorOf(const std::string& text) {
  try {
    ParseConfig(text, kPath);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(parsed)";
}

TEST(ImageConfigTest, Defaults) {
  Config config = ParseConfig("", kPath);
  EXPECT_EQ(config.archive.image_max_bytes, 10 * 1024 * 1024);
  EXPECT_FALSE(config.archive.image_allow_private);
  EXPECT_TRUE(config.archive.image_referers.empty());
  TransportOptions transport = ImageTransportOptionsFor(config.archive);
  EXPECT_EQ(transport.max_body_bytes, 10u * 1024 * 1024);
  EXPECT_TRUE(transport.public_addresses_only);
}

TEST(ImageConfigTest, DownloadKeys) {
  Config config = ParseConfig(
      "[archive]\n"
      "images = \"download\"\n"
      "image_proxy = \"https://p.example/?u={url}\"\n"
      "image_max_bytes = 2048\n"
      "image_allow_private = true\n"
      "image_referers = { \"IMG.example.com\" = \"https://example.com/\", \"cdn.test\" = \"origin\" }\n",
      kPath);
  EXPECT_EQ(config.archive.images, ImageMode::kDownload);
  ImageFetchOptions options = ImageFetchOptionsFor(config.archive);
  EXPECT_EQ(options.proxy_template, "https://p.example/?u={url}");
  EXPECT_EQ(options.max_bytes, 2048);
  EXPECT_TRUE(options.allow_private);
  ASSERT_EQ(options.referers.size(), 2u);
  EXPECT_EQ(options.referers[0].host, "cdn.test");
  EXPECT_EQ(options.referers[0].referer, "origin");
  EXPECT_EQ(options.referers[1].host, "img.example.com");
  EXPECT_EQ(options.referers[1].referer, "https://example.com/");
  TransportOptions transport = ImageTransportOptionsFor(config.archive);
  EXPECT_EQ(transport.max_body_bytes, 2048u);
  EXPECT_FALSE(transport.public_addresses_only);
}

TEST(ImageConfigTest, BadValuesNameTheKey) {
  EXPECT_EQ(ErrorOf("[archive]\nimage_allow_private = \"yes\"\n"),
            "/srv/news/feedmirror.toml:2: key 'archive.image_allow_private': expected true or "
            "false, got a string");
  EXPECT_EQ(ErrorOf("[archive]\nimage_max_bytes = 0\n"),
            "/srv/news/feedmirror.toml:2: key 'archive.image_max_bytes': expected an integer "
            "from 1 to 1099511627776, got 0");
  EXPECT_EQ(ErrorOf("[archive]\nimage_referers = { \"a.com\" = \"javascript:x\" }\n"),
            "/srv/news/feedmirror.toml:2: key 'archive.image_referers.a.com': expected an "
            "http(s) URL or \"origin\", got \"javascript:x\"");
  EXPECT_EQ(ErrorOf("[archive]\nimage_referers = { \"a.com/x\" = \"origin\" }\n"),
            "/srv/news/feedmirror.toml:2: key 'archive.image_referers': invalid host name "
            "\"a.com/x\"");
  EXPECT_EQ(ErrorOf("[archive]\nimage_referers = \"a.com\"\n"),
            "/srv/news/feedmirror.toml:2: key 'archive.image_referers': expected a table, got "
            "a string");
}

TEST(ImageConfigTest, DescribesARun) {
  ImageFetchStats stats;
  stats.stored = 3;
  stats.failed = 1;
  stats.refused = 2;
  stats.posts_rewritten = 4;
  EXPECT_EQ(DescribeImages(stats),
            "images: 3 stored, 1 failed (tried again next run), 2 refused; 4 posts now show "
            "local copies");
}

}  // namespace
}  // namespace feedmirror
