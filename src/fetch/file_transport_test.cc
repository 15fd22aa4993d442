#include "fetch/file_transport.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fetch/transport.h"

namespace feedmirror {
namespace {

namespace fs = std::filesystem;

class FileTransportTest : public ::testing::Test {
 protected:
  FileTransportTest() {
    dir_ = fs::temp_directory_path() /
           ("feedmirror-file-transport-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  ~FileTransportTest() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& contents) {
    std::ofstream(dir_ / name, std::ios::binary) << contents;
    return (dir_ / name).string();
  }

  FetchResponse Fetch(const std::string& url, size_t cap = 20 << 20) {
    FetchRequest request;
    request.url = url;
    TransportOptions options;
    options.max_body_bytes = cap;
    return NewDefaultTransport(options)->Fetch(request);
  }

  fs::path dir_;
};

TEST_F(FileTransportTest, ReadsAFileUrl) {
  std::string path = Write("feed.xml", "<rss/>");
  FetchResponse response = Fetch("file://" + path);
  EXPECT_EQ(response.error, "");
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.ok());
  EXPECT_EQ(response.body, "<rss/>");
  EXPECT_EQ(response.final_url, "file://" + path);
}

TEST_F(FileTransportTest, DecodesPercentEscapesAndLocalhost) {
  std::string path = Write("a b%.xml", "<feed/>");
  std::string escaped = (dir_ / "a%20b%25.xml").string();
  EXPECT_EQ(Fetch("file://" + escaped).body, "<feed/>");
  EXPECT_EQ(Fetch("file://localhost" + escaped).body, "<feed/>");
  EXPECT_EQ(FilePathFromUrl("file://" + escaped), path);
}

TEST_F(FileTransportTest, MissingFileIsAnError) {
  std::string path = (dir_ / "missing.xml").string();
  FetchResponse response = Fetch("file://" + path);
  EXPECT_EQ(response.error, "cannot read " + path + ": No such file or directory");
  EXPECT_EQ(response.status, 0);
  EXPECT_FALSE(response.ok());
}

TEST_F(FileTransportTest, FolderIsAnError) {
  EXPECT_EQ(Fetch("file://" + dir_.string()).error,
            "cannot read " + dir_.string() + ": Is a directory");
}

TEST_F(FileTransportTest, FileOverTheCapIsAnError) {
  std::string path = Write("big.xml", std::string(2049, 'x'));
  EXPECT_EQ(Fetch("file://" + path, 2048).error, "cannot read " + path + ": file exceeds 2 KB");
  Write("big.xml", std::string(2048, 'x'));
  EXPECT_EQ(Fetch("file://" + path, 2048).body, std::string(2048, 'x'));
}

TEST_F(FileTransportTest, RemoteHostInFileUrlIsRefused) {
  FetchResponse response = Fetch("file://example.org/etc/hosts");
  EXPECT_EQ(response.error, "cannot read file://example.org/etc/hosts: not a local file URL");
  EXPECT_EQ(FilePathFromUrl("http://example.org/x"), "");
}

TEST(DefaultTransportTest, UnsupportedSchemeIsAnErrorResponse) {
  std::vector<FetchRequest> requests(2);
  requests[0].url = "ftp://example.org/feed.xml";
  requests[1].url = "gopher://example.org/";
  std::vector<std::string> errors(2);
  NewDefaultTransport({})->Perform(
      requests, [&](size_t i, FetchResponse response) { errors.at(i) = response.error; });
  EXPECT_EQ(errors, (std::vector<std::string>{"unsupported URL scheme", "unsupported URL scheme"}));
}

TEST(FormatByteSizeTest, UsesTheLargestExactUnit) {
  EXPECT_EQ(FormatByteSize(20 << 20), "20 MB");
  EXPECT_EQ(FormatByteSize(512 << 10), "512 KB");
  EXPECT_EQ(FormatByteSize(1000), "1000 bytes");
  EXPECT_EQ(FormatByteSize((1 << 20) + 1024), "1025 KB");
}

}  // namespace
}  // namespace feedmirror
