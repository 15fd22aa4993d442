#include "archive/liquid.h"

namespace feedmirror {

namespace {

constexpr std::string_view kOutputOpen = R"({{ "{{" }})";
constexpr std::string_view kTagOpen = R"({{ "{%" }})";

}  // namespace

std::string NeutralizeLiquid(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    if (text[pos] == '{' && pos + 1 < text.size() &&
        (text[pos + 1] == '{' || text[pos + 1] == '%')) {
      out += text[pos + 1] == '{' ? kOutputOpen : kTagOpen;
      pos += 2;
    } else {
      out += text[pos++];
    }
  }
  return out;
}

std::string RestoreLiquid(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  // Copies the runs between braces whole: the site reads every post
  // through here, so this is on the build's hot path.
  for (size_t pos = 0; pos < text.size();) {
    size_t brace = text.find('{', pos);
    if (brace == std::string_view::npos) brace = text.size();
    out.append(text, pos, brace - pos);
    pos = brace;
    if (pos == text.size()) break;
    std::string_view rest = text.substr(pos);
    if (rest.starts_with(kOutputOpen)) {
      out += "{{";
      pos += kOutputOpen.size();
    } else if (rest.starts_with(kTagOpen)) {
      out += "{%";
      pos += kTagOpen.size();
    } else {
      out += text[pos++];
    }
  }
  return out;
}

}  // namespace feedmirror
