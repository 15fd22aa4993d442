// libFuzzer target for the standard clean-up and sanitizer: every output
// must keep the promises of content/safety_check.h. Build with the `fuzz`
// preset; run e.g.
//   build/fuzz/sanitizer_fuzz -max_len=4096 tests/fuzz/sanitizer
// Its corpus is replayed by FuzzCorpusTest in the unit tests.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "content/safety_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string problem = feedmirror::CleanupViolation(input);
  if (!problem.empty()) {
    std::fprintf(stderr, "sanitizer promise broken: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
