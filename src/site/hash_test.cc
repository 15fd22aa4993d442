#include "site/hash.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace feedmirror {
namespace {

// Hash64 as first written (the tail read with a memcpy of variable length):
// the search shards order their tokens by it, so its values must not move.
uint64_t ReferenceHash64(std::string_view s, uint64_t seed) {
  uint64_t h = MixBits(seed ^ (s.size() * 0x9E3779B97F4A7C15ULL));
  size_t i = 0;
  if (s.size() >= 64) {
    constexpr uint64_t kP1 = 0x9E3779B185EBCA87ULL, kP2 = 0xC2B2AE3D27D4EB4FULL;
    uint64_t lane[4] = {h, h ^ kP1, h ^ kP2, h + kP1 + kP2};
    for (; i + 32 <= s.size(); i += 32) {
      for (int k = 0; k < 4; ++k) {
        uint64_t w;
        std::memcpy(&w, s.data() + i + 8 * k, 8);
        lane[k] = RotateLeft(lane[k] + w * kP2, 31) * kP1;
      }
    }
    for (uint64_t l : lane) h = MixBits(h ^ l) + 0x9E3779B97F4A7C15ULL;
  }
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = MixBits(h ^ w) + 0x9E3779B97F4A7C15ULL;
  }
  uint64_t w = 0;
  std::memcpy(&w, s.data() + i, s.size() - i);
  return MixBits(h ^ w ^ (static_cast<uint64_t>(s.size() - i) << 56));
}

TEST(Hash64Test, KeepsTheValuesTheSearchShardsAreOrderedBy) {
  EXPECT_EQ(Hash64(""), 0x0000000000000000ULL);
  EXPECT_EQ(Hash64("a"), 0xa60808da8c90e532ULL);
  EXPECT_EQ(Hash64("ab"), 0x2e37610cbc4b94fcULL);
  EXPECT_EQ(Hash64("停火"), 0xe3a74e69e8a45058ULL);
  EXPECT_EQ(Hash64("Pompeo"), 0x54287eb480a89238ULL);
  EXPECT_EQ(Hash64("亞塞拜然"), 0xd83a46dc483f6c4bULL);
  EXPECT_EQ(Hash64("", 7), 0x5226c30177216e75ULL);
  EXPECT_EQ(Hash64("Pompeo", 7), 0xb963fb44e51974fbULL);
  EXPECT_EQ(Hash64("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef!", 7), 0x4d9d3392f87cab2dULL);
}

TEST(Hash64Test, EqualsTheMemcpyTailForEveryLengthAndOffset) {
  std::mt19937_64 random(42);
  std::string bytes(300, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  for (size_t offset = 0; offset < 8; ++offset) {
    for (size_t size = 0; offset + size <= bytes.size(); ++size) {
      std::string_view s(bytes.data() + offset, size);
      for (uint64_t seed : {0ULL, 1ULL, 0xFFFFFFFFFFFFFFFFULL}) ASSERT_EQ(Hash64(s, seed), ReferenceHash64(s, seed)) << size;
    }
  }
}

TEST(Hash64Test, LoadTailReadsTheBytesLittleEndian) {
  const char bytes[] = "\x01\x02\x03\x04\x05\x06\x07";
  EXPECT_EQ(LoadTail(bytes, 0), 0u);
  EXPECT_EQ(LoadTail(bytes, 1), 0x01u);
  EXPECT_EQ(LoadTail(bytes, 2), 0x0201u);
  EXPECT_EQ(LoadTail(bytes, 3), 0x030201u);
  EXPECT_EQ(LoadTail(bytes, 4), 0x04030201u);
  EXPECT_EQ(LoadTail(bytes, 7), 0x07060504030201ULL);
  const char high[] = "\xff\x80";
  EXPECT_EQ(LoadTail(high, 2), 0x80ffu);
}

TEST(Fingerprint64Test, IsXxh3WithTheSeed) {
  // XXH3_64bits of "" with seed 0, from xxHash's own test vectors.
  EXPECT_EQ(Fingerprint64(""), 0x2D06800538D394C2ULL);
  EXPECT_NE(Fingerprint64("page"), Fingerprint64("page", 1));
  EXPECT_NE(Fingerprint64("page"), Fingerprint64("pagf"));
  std::string long_page(100000, 'x');
  uint64_t before = Fingerprint64(long_page);
  long_page[77777] = 'y';
  EXPECT_NE(Fingerprint64(long_page), before);
}

TEST(HasherTest, OrderAndEveryFieldCount) {
  EXPECT_EQ(Hasher(3).Add("a").Add(uint64_t{1}).value(), Hasher(3).Add("a").Add(uint64_t{1}).value());
  EXPECT_NE(Hasher(3).Add("a").Add("b").value(), Hasher(3).Add("b").Add("a").value());
  EXPECT_NE(Hasher(3).Add("ab").value(), Hasher(4).Add("ab").value());
  EXPECT_NE(Hasher(3).Add("a").Add(uint64_t{1}).value(), Hasher(3).Add("a").Add(uint64_t{2}).value());
  EXPECT_EQ(Hasher(3).Add("ab").value(), Fingerprint64("ab", 3));
}

}  // namespace
}  // namespace feedmirror
