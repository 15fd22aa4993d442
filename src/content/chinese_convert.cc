#include "content/chinese_convert.h"

#include <opencc.h>

#include <array>
#include <map>
#include <mutex>

#include "content/html_tree.h"
#include "util/error.h"

namespace feedmirror {
namespace {

constexpr std::array<std::string_view, 8> kConversions = {"t2s",  "s2t",   "tw2s", "s2tw",
                                                          "tw2sp", "s2twp", "hk2s", "s2hk"};

bool HasNonAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

void ConvertNode(HtmlNode& node, const ChineseConverter& converter) {
  if (node.kind == NodeKind::kText) {
    node.text = converter.Convert(node.text);
    return;
  }
  for (HtmlAttribute& attribute : node.attributes) {
    if (attribute.name == "alt" || attribute.name == "title") attribute.value = converter.Convert(attribute.value);
  }
  for (auto& child : node.children) ConvertNode(*child, converter);
}

}  // namespace

bool IsKnownConversion(std::string_view conversion) {
  for (std::string_view known : kConversions) {
    if (known == conversion) return true;
  }
  return false;
}

std::shared_ptr<const ChineseConverter> ChineseConverter::For(std::string_view conversion) {
  if (!IsKnownConversion(conversion)) {
    throw UsageError("unknown conversion \"" + std::string(conversion) +
                     "\" (expected t2s, s2t, tw2s, s2tw, tw2sp, s2twp, hk2s or s2hk)");
  }
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const ChineseConverter>, std::less<>> loaded;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto found = loaded.find(conversion); found != loaded.end()) return found->second;
  std::string config = std::string(conversion) + ".json";
  opencc_t handle = opencc_open(config.c_str());
  if (handle == reinterpret_cast<opencc_t>(-1)) {
    throw Error("OpenCC cannot load " + config + ": " + opencc_error());
  }
  std::shared_ptr<const ChineseConverter> converter(new ChineseConverter(handle));
  loaded.emplace(std::string(conversion), converter);
  return converter;
}

ChineseConverter::~ChineseConverter() { opencc_close(static_cast<opencc_t>(handle_)); }

std::string ChineseConverter::Convert(std::string_view text) const {
  if (!HasNonAscii(text)) return std::string(text);
  char* converted = opencc_convert_utf8(static_cast<opencc_t>(handle_), text.data(), text.size());
  if (!converted) return std::string(text);
  std::string result = converted;
  opencc_convert_utf8_free(converted);
  return result;
}

void ConvertTree(HtmlNode& root, const ChineseConverter& converter) {
  for (auto& child : root.children) ConvertNode(*child, converter);
}

}  // namespace feedmirror
