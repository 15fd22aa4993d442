// 64-bit hashes (not cryptographic; stable across runs and machines of the
// same endianness). Fingerprint64 (XXH3) fingerprints the build's inputs and
// outputs; Hash64 is the search index's token hash, whose values order the
// tokens in the shard files (part of the site's output): do not change it.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace feedmirror {

inline uint64_t MixBits(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t RotateLeft(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// The `n` (< 8) bytes at `p` as the word a memcpy of them into a zeroed
// uint64_t gives on a little-endian machine, read without a call to memcpy
// for a variable length (most hashed strings are short search tokens, whose
// hash is little more than this load).
inline uint64_t LoadTail(const char* p, size_t n) {
  if (n >= 4) {
    uint32_t lo, hi;  // overlapping when n < 8; the shared bytes are equal
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    return lo | (static_cast<uint64_t>(hi) << (8 * (n - 4)));
  }
  if (n == 0) return 0;
  auto byte = [p](size_t k) { return static_cast<uint64_t>(static_cast<unsigned char>(p[k])); };
  return byte(0) | (byte(n / 2) << (8 * (n / 2))) | (byte(n - 1) << (8 * (n - 1)));
}

inline uint64_t Hash64(std::string_view s, uint64_t seed = 0) {
  uint64_t h = MixBits(seed ^ (s.size() * 0x9E3779B97F4A7C15ULL));
  size_t i = 0;
  if (s.size() >= 64) {
    // Long inputs (pages, post files): four independent lanes of 8 bytes,
    // so that the multiplications overlap, folded into h.
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
  return MixBits(h ^ LoadTail(s.data() + i, s.size() - i) ^ (static_cast<uint64_t>(s.size() - i) << 56));
}

// XXH3 (64 bits) of `bytes` with `seed` (libxxhash).
uint64_t Fingerprint64(std::string_view bytes, uint64_t seed = 0);

// Combines fields into one fingerprint.
class Hasher {
 public:
  explicit Hasher(uint64_t seed = 0) : h_(seed) {}
  Hasher& Add(std::string_view s) {
    h_ = Fingerprint64(s, h_);
    return *this;
  }
  Hasher& Add(uint64_t v) {
    h_ = MixBits(h_ ^ v) + 0x9E3779B97F4A7C15ULL;
    return *this;
  }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_;
};

}  // namespace feedmirror
