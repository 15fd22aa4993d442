// libFuzzer target for the standard clean-up and sanitizer: every output
// must keep the promises of content/safety_check.h, and the parse with
// placeholders (ParseHtmlFragment) must give the tree the parse without
// them gives. Build with the `fuzz` preset; run e.g.
//   build/fuzz/sanitizer_fuzz -max_len=4096 -dict=tests/fuzz/sanitizer.dict tests/fuzz/sanitizer
// Its corpus is replayed by FuzzCorpusTest and HtmlTreePlaceholderTest in
// the unit tests.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "content/html_tree.h"
#include "content/safety_check.h"

namespace {

// Everything a parse gives, as text.
void Dump(const feedmirror::HtmlNode& node, std::string& out) {
  out += "(" + std::to_string(static_cast<int>(node.kind)) + " " + node.name + (node.foreign ? " foreign" : "");
  for (const auto& attribute : node.attributes) out += " [" + attribute.name + "=" + attribute.value + "]";
  out += " {" + node.text + "}";
  for (const auto& child : node.children) Dump(*child, out);
  out += ")";
}

std::string DumpParse(const feedmirror::HtmlNode& root) {
  std::string out = root.parse_errors ? "errors " : "clean ";
  Dump(root, out);
  return out;
}

void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string fast = DumpParse(*feedmirror::ParseHtmlFragment(input));
  std::string plain = DumpParse(*feedmirror::ParseHtmlFragmentWithoutPlaceholders(input));
  if (fast != plain) Fail("placeholder parse differs", "\nwith:    " + fast + "\nwithout: " + plain);
  std::string problem = feedmirror::CleanupViolation(input);
  if (!problem.empty()) Fail("sanitizer promise broken", problem);
  return 0;
}
