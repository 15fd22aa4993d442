// Traditional/Simplified Chinese conversion through OpenCC, for the
// `convert` setting: applied to titles, text and alt/title attributes,
// never to URLs.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace feedmirror {

struct HtmlNode;

// True for the conversions the `convert` setting accepts: t2s, s2t, tw2s,
// s2tw, tw2sp, s2twp, hk2s, s2hk.
bool IsKnownConversion(std::string_view conversion);

// One OpenCC conversion, loaded once per name and shared (loading the
// dictionaries is the expensive part). Convert is thread-safe.
class ChineseConverter {
 public:
  // The converter for `conversion`. Throws UsageError naming it when it is
  // not a known conversion, Error when OpenCC cannot load it.
  static std::shared_ptr<const ChineseConverter> For(std::string_view conversion);

  ~ChineseConverter();
  ChineseConverter(const ChineseConverter&) = delete;
  ChineseConverter& operator=(const ChineseConverter&) = delete;

  // `text` (UTF-8) converted. ASCII passes through unchanged.
  std::string Convert(std::string_view text) const;

 private:
  explicit ChineseConverter(void* handle) : handle_(handle) {}
  void* handle_;  // opencc_t
};

// Converts, under `root`, every text node and every alt and title
// attribute; nothing else (URLs, class names) is touched.
void ConvertTree(HtmlNode& root, const ChineseConverter& converter);

}  // namespace feedmirror
