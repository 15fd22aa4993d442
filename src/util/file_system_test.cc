#include "util/file_system.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "util/error.h"

namespace feedmirror {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the system's temp folder, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "feedmirror-fs-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class DiskFileSystemTest : public ::testing::Test {
 protected:
  TempDir dir_;
  std::unique_ptr<FileSystem> fs_ = NewDiskFileSystem(dir_.path());
};

TEST_F(DiskFileSystemTest, WritesCreatingFoldersAndReadsBack) {
  fs_->WriteFileAtomic("_posts/2020-10-26-亞塞.md", "hello\n");
  EXPECT_EQ(Slurp(dir_.path() + "/_posts/2020-10-26-亞塞.md"), "hello\n");
  EXPECT_EQ(fs_->ReadFile("_posts/2020-10-26-亞塞.md"), "hello\n");
  fs_->WriteFileAtomic("a/b/c/d.txt", std::string("\0binary\xff", 8));
  EXPECT_EQ(fs_->ReadFile("a/b/c/d.txt"), std::string("\0binary\xff", 8));
  EXPECT_TRUE(fs_->Exists("a/b"));
  EXPECT_TRUE(fs_->Exists("a/b/c/d.txt"));
  EXPECT_FALSE(fs_->Exists("a/x"));
  EXPECT_FALSE(fs_->Exists("a/b/c/d.txt/e"));
}

TEST_F(DiskFileSystemTest, ReplacesAndLeavesNoTemporaryFile) {
  fs_->WriteFileAtomic("p/x.md", "old");
  fs_->WriteFileAtomic("p/x.md", "new, longer contents");
  fs_->WriteFileAtomic("p/empty.md", "");
  EXPECT_EQ(fs_->ReadFile("p/x.md"), "new, longer contents");
  EXPECT_EQ(fs_->ReadFile("p/empty.md"), "");
  EXPECT_EQ(fs_->ListDir("p"), (std::vector<std::string>{"empty.md", "x.md"}));
}

TEST_F(DiskFileSystemTest, MissingFiles) {
  EXPECT_EQ(fs_->ReadFile("nope.md"), std::nullopt);
  EXPECT_EQ(fs_->ReadFile("no/such/folder.md"), std::nullopt);
  EXPECT_EQ(fs_->ListDir("nope"), std::vector<std::string>{});
  EXPECT_NO_THROW(fs_->Remove("nope.md"));
}

TEST_F(DiskFileSystemTest, ListsSortedIncludingTempNames) {
  fs_->WriteFileAtomic("d/b", "1");
  fs_->WriteFileAtomic("d/a", "2");
  fs_->WriteFileAtomic("d/sub/c", "3");
  std::ofstream(dir_.path() + "/d/.b.tmp-0123456789abcdef") << "partial";
  std::vector<std::string> names = fs_->ListDir("d");
  EXPECT_EQ(names, (std::vector<std::string>{".b.tmp-0123456789abcdef", "a", "b", "sub"}));
  EXPECT_EQ(fs_->ListDir(""), std::vector<std::string>{"d"});
  EXPECT_EQ(fs_->ListDir("."), std::vector<std::string>{"d"});
  fs_->Remove("d/.b.tmp-0123456789abcdef");
  EXPECT_EQ(fs_->ListDir("d"), (std::vector<std::string>{"a", "b", "sub"}));
}

TEST_F(DiskFileSystemTest, RejectsPathsLeavingTheRoot) {
  for (const std::string& path : std::vector<std::string>{
           "../x", "a/../../x", "..", "/etc/passwd", "a/..", "./../x", std::string("a\0b", 3)}) {
    EXPECT_THROW(fs_->WriteFileAtomic(path, "x"), Error) << path;
    EXPECT_THROW(fs_->ReadFile(path), Error) << path;
    EXPECT_THROW(fs_->Exists(path), Error) << path;
    EXPECT_THROW(fs_->ListDir(path), Error) << path;
    EXPECT_THROW(fs_->Remove(path), Error) << path;
  }
  EXPECT_FALSE(fs::exists(fs::path(dir_.path()).parent_path() / "x"));
}

TEST_F(DiskFileSystemTest, NormalizesHarmlessPaths) {
  fs_->WriteFileAtomic("./a//b/./c.md", "x");
  EXPECT_EQ(Slurp(dir_.path() + "/a/b/c.md"), "x");
  EXPECT_EQ(fs_->ReadFile("a/b/c.md/"), "x");
}

TEST_F(DiskFileSystemTest, FailureNamesThePathAndLeavesNoTemporaryFile) {
  fs_->WriteFileAtomic("ro/keep.md", "keep");
  ::chmod((dir_.path() + "/ro").c_str(), 0555);
  bool root = ::geteuid() == 0;  // root ignores permissions; use a folder in the way instead
  try {
    if (root) {
      fs::create_directories(dir_.path() + "/ro2/target.md");
      fs_->WriteFileAtomic("ro2/target.md", "x");
    } else {
      fs_->WriteFileAtomic("ro/new.md", "x");
    }
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(root ? "target.md" : "ro/"), std::string::npos)
        << e.what();
  }
  ::chmod((dir_.path() + "/ro").c_str(), 0755);
  EXPECT_EQ(fs_->ListDir("ro"), std::vector<std::string>{"keep.md"});
  if (root) {
    EXPECT_EQ(fs_->ListDir("ro2"), std::vector<std::string>{"target.md"});
  }
}

TEST_F(DiskFileSystemTest, WritingUnderAFileFails) {
  fs_->WriteFileAtomic("file", "x");
  EXPECT_THROW(fs_->WriteFileAtomic("file/child", "y"), Error);
  EXPECT_EQ(fs_->ReadFile("file"), "x");
}

TEST_F(DiskFileSystemTest, ReadingAFolderFails) {
  fs_->WriteFileAtomic("dir/f", "x");
  EXPECT_THROW(fs_->ReadFile("dir"), Error);
}

TEST_F(DiskFileSystemTest, RootWithTrailingSlash) {
  auto other = NewDiskFileSystem(dir_.path() + "/");
  other->WriteFileAtomic("t.md", "x");
  EXPECT_EQ(fs_->ReadFile("t.md"), "x");
}

TEST(AtomicWriteTempNameTest, RecognizesOnlyTempNames) {
  EXPECT_TRUE(IsAtomicWriteTempName(".x.md.tmp-0123456789abcdef"));
  EXPECT_TRUE(IsAtomicWriteTempName(".2020-10-26-亞塞.md.tmp-ffffffffffffffff"));
  EXPECT_FALSE(IsAtomicWriteTempName("x.md.tmp-0123456789abcdef"));
  EXPECT_FALSE(IsAtomicWriteTempName(".x.md.tmp-0123456789abcde"));
  EXPECT_FALSE(IsAtomicWriteTempName(".x.md.tmp-0123456789abcdeg"));
  EXPECT_FALSE(IsAtomicWriteTempName(".x.md.tmp-0123456789ABCDEF"));
  EXPECT_FALSE(IsAtomicWriteTempName(".x.md"));
  EXPECT_FALSE(IsAtomicWriteTempName(".tmp-0123456789abcdef"));
  EXPECT_FALSE(IsAtomicWriteTempName("2020-10-26-a.md"));
}

TEST_F(DiskFileSystemTest, FailedRenameRemovesTheTemporaryFile) {
  // The rename fails because the target is a non-empty folder.
  fs::create_directories(dir_.path() + "/p/x.md/inner");
  EXPECT_THROW(fs_->WriteFileAtomic("p/x.md", "x"), Error);
  EXPECT_EQ(fs_->ListDir("p"), std::vector<std::string>{"x.md"});  // temp removed
}

// MemoryFileSystem ---------------------------------------------------------

TEST(MemoryFileSystemTest, BehavesLikeTheDisk) {
  MemoryFileSystem mem;
  EXPECT_EQ(mem.ReadFile("a.md"), std::nullopt);
  mem.WriteFileAtomic("_posts/a.md", "A");
  mem.WriteFileAtomic("_posts/b.md", "B");
  mem.WriteFileAtomic("_posts/sub/c.md", "C");
  mem.WriteFileAtomic("_postsx", "X");
  EXPECT_EQ(mem.ReadFile("_posts/a.md"), "A");
  EXPECT_EQ(mem.ReadFile("./_posts//a.md"), "A");
  EXPECT_TRUE(mem.Exists("_posts"));
  EXPECT_TRUE(mem.Exists("_posts/sub"));
  EXPECT_FALSE(mem.Exists("_post"));
  EXPECT_EQ(mem.ListDir("_posts"), (std::vector<std::string>{"a.md", "b.md", "sub"}));
  EXPECT_EQ(mem.ListDir(""), (std::vector<std::string>{"_posts", "_postsx"}));
  EXPECT_EQ(mem.ListDir("missing"), std::vector<std::string>{});
  mem.WriteFileAtomic("_posts/a.md", "A2");
  EXPECT_EQ(mem.ReadFile("_posts/a.md"), "A2");
  mem.Remove("_posts/a.md");
  mem.Remove("_posts/a.md");
  EXPECT_FALSE(mem.Exists("_posts/a.md"));
  EXPECT_EQ(mem.files().size(), 3u);
}

TEST(MemoryFileSystemTest, RejectsWhatTheDiskRejects) {
  MemoryFileSystem mem;
  mem.WriteFileAtomic("f", "x");
  mem.WriteFileAtomic("d/g", "y");
  EXPECT_THROW(mem.WriteFileAtomic("f/child", "z"), Error);
  EXPECT_THROW(mem.WriteFileAtomic("d", "z"), Error);
  EXPECT_THROW(mem.ReadFile("d"), Error);
  EXPECT_THROW(mem.Remove("d"), Error);
  for (std::string path : {"../x", "/abs", "a/../../b", ".."}) {
    EXPECT_THROW(mem.WriteFileAtomic(path, "x"), Error) << path;
    EXPECT_THROW(mem.ReadFile(path), Error) << path;
    EXPECT_THROW(mem.Exists(path), Error) << path;
  }
  EXPECT_EQ(mem.files().size(), 2u);
}

TEST(MemoryFileSystemTest, InjectedWriteErrors) {
  MemoryFileSystem mem;
  mem.WriteFileAtomic("a", "1");
  mem.SetWriteError("No space left on device");
  try {
    mem.WriteFileAtomic("b", "2");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "cannot write 'b': No space left on device");
  }
  EXPECT_THROW(mem.WriteFileAtomic("a", "3"), Error);
  EXPECT_THROW(mem.Remove("a"), Error);
  EXPECT_EQ(mem.ReadFile("a"), "1");
  EXPECT_FALSE(mem.Exists("b"));
  mem.SetWriteError(std::nullopt);
  mem.WriteFileAtomic("b", "2");
  EXPECT_EQ(mem.ReadFile("b"), "2");
}

TEST_F(DiskFileSystemTest, ReadersSeeOldOrNewContentsNeverAMix) {
  const std::string a(1 << 20, 'a');
  const std::string b((1 << 20) + 4096, 'b');
  fs_->WriteFileAtomic("big.md", a);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 40; ++i) fs_->WriteFileAtomic("big.md", i % 2 == 0 ? b : a);
    done = true;
  });
  auto reader = NewDiskFileSystem(dir_.path());
  int reads = 0;
  while (!done || reads < 10) {
    std::optional<std::string> seen = reader->ReadFile("big.md");
    ASSERT_TRUE(seen.has_value());
    ASSERT_TRUE(*seen == a || *seen == b) << "torn read of " << seen->size() << " bytes";
    ++reads;
  }
  writer.join();
  EXPECT_EQ(fs_->ListDir(""), std::vector<std::string>{"big.md"});
}

}  // namespace
}  // namespace feedmirror
