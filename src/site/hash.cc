#include "site/hash.h"

#include <xxhash.h>

namespace feedmirror {

uint64_t Fingerprint64(std::string_view bytes, uint64_t seed) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

}  // namespace feedmirror
