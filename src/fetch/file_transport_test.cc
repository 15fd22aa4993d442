#include "fetch/file_transport.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fetch/transport.h"
#include "util/error.h"

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

  FetchResponse Fetch(const std::string& url, size_t cap = 20 << 20, bool stream = false) {
    FetchRequest request;
    request.url = url;
    request.stream_body = stream;
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

// Reads what `reader` gives, `chunk` bytes at a time.
std::string ReadAll(const BodyReader& reader, size_t chunk) {
  std::string bytes(chunk, '\0'), all;
  while (size_t n = reader(bytes.data(), chunk)) all.append(bytes, 0, n);
  return all;
}

TEST_F(FileTransportTest, StreamsTheFileWhenTheRequestAsks) {
  std::string path = Write("feed.xml", "<rss>0123456789</rss>");
  FetchResponse response = Fetch("file://" + path, 20 << 20, true);
  EXPECT_TRUE(response.ok());
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(response.wire_bytes, 21u);
  ASSERT_TRUE(response.body_reader);
  // Written over after it was opened: the reader reads the file, not a copy.
  Write("feed.xml", "<rss>ABCDEFGHIJ</rss>");
  EXPECT_EQ(ReadAll(response.body_reader, 4), "<rss>ABCDEFGHIJ</rss>");
  EXPECT_EQ(response.body_reader(nullptr, 0), 0u);
}

TEST_F(FileTransportTest, StreamedFileOverTheCapIsAnErrorBeforeAnythingIsRead) {
  std::string path = Write("big.xml", std::string(2049, 'x'));
  FetchResponse response = Fetch("file://" + path, 2048, true);
  EXPECT_EQ(response.error, "cannot read " + path + ": file exceeds 2 KB");
  EXPECT_FALSE(response.body_reader);
  EXPECT_EQ(Fetch("file://" + dir_.string(), 2048, true).error,
            "cannot read " + dir_.string() + ": Is a directory");
}

TEST_F(FileTransportTest, StreamedFileThatGrowsOverTheCapThrowsWhileRead) {
  std::string path = Write("growing.xml", std::string(2048, 'x'));
  FetchResponse response = Fetch("file://" + path, 2048, true);
  ASSERT_TRUE(response.ok()) << response.error;
  std::ofstream(path, std::ios::binary | std::ios::app) << "more";
  try {
    ReadAll(response.body_reader, 1000);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), ("cannot read " + path + ": file exceeds 2 KB").c_str());
  }
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
