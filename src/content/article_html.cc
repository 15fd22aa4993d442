#include "content/article_html.h"

#include "content/chinese_convert.h"
#include "content/cleanup_rules.h"
#include "content/css_selector.h"
#include "content/embeds.h"
#include "content/gumbo_guard.h"
#include "content/html_serializer.h"
#include "content/html_tree.h"
#include "content/image_rewrite.h"
#include "content/inplace_rewrite.h"
#include "content/parse_stability.h"
#include "content/sanitizer.h"

namespace feedmirror {
namespace {

std::vector<CssSelector> ParseSelectors(const std::vector<std::string>& texts) {
  std::vector<CssSelector> selectors;
  for (const std::string& text : texts) selectors.push_back(CssSelector::Parse(text));
  return selectors;
}

void ApplyCleanupRules(HtmlNode& root, const KeptNodes& kept, const std::string& base_url,
                       const ContentOptions& options) {
  PromoteLazyImages(root);
  RemovePromoFooter(root, kept);
  ExpandEmbeds(root, base_url, options.iframe_hosts);
  RemoveAdSlots(root, kept);
  RemoveTrackingPixels(root, kept);
  StripSelected(root, ParseSelectors(options.strip), kept);
}

// Parse + serialize is a fixed point for most trees, but not for all: for
// misnested input the adoption agency and reconstruction of formatting
// elements can change the tree on each pass, and clean-up can make shapes
// the parser would not build (a <font> unwrapped between <h1> and <h2>).
// A tree whose shape the parser is known to rebuild as it is
// (IsParseStable, a walk over the tree) is serialized once. Any other is
// parsed, sanitized and serialized again until it no longer changes;
// should that not happen within a few rounds, its text alone is kept,
// escaped — a fixed point by construction.
constexpr int kMaxSettleRounds = 4;

std::string Settle(const HtmlNode& root, const SanitizeOptions& sanitize) {
  std::string html = SerializeChildren(root);
  if (IsParseStable(root)) return html;
  for (int round = 0; round < kMaxSettleRounds; ++round) {
    std::unique_ptr<HtmlNode> again = ParseHtmlFragment(html);
    Sanitize(*again, sanitize);
    std::string next = SerializeChildren(*again);
    if (next == html) return html;
    html = std::move(next);
  }
  auto text = MakeText(ParseHtmlFragment(html)->TextContent());
  HtmlNode holder;
  AppendChild(holder, std::move(text));
  return SerializeChildren(holder);
}

std::string CleanArticleHtml(std::string_view html, const std::string& base_url,
                             const ContentOptions& options) {
  std::vector<CssSelector> keep = ParseSelectors(options.keep);
  std::unique_ptr<HtmlNode> root = ParseHtmlFragment(html);
  KeptNodes kept = FindKeptNodes(*root, keep);
  ApplyCleanupRules(*root, kept, base_url, options);
  SanitizeOptions sanitize{base_url, options.iframe_hosts};
  Sanitize(*root, sanitize);
  if (!options.convert.empty()) ConvertTree(*root, *ChineseConverter::For(options.convert));
  RewriteImageUrls(*root, base_url, options);
  RemoveEmptyWrappers(*root, kept);
  return Settle(*root, sanitize);
}

// What is kept of HTML the parser failed on (gumbo_guard.h): all of it, as
// text, so that the article is not lost and nothing in it is active.
std::string UnparsedArticleHtml(std::string_view html) {
  std::string out = "<pre class=\"unparsed\">";
  for (char c : html) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out + "</pre>";
}

}  // namespace

std::string ArticleHtml(std::string_view html, const std::string& base_url,
                        const ContentOptions& options) {
  try {
    if (options.cleanup == CleanupLevel::kNone) {
      std::shared_ptr<const ChineseConverter> converter;
      if (!options.convert.empty()) converter = ChineseConverter::For(options.convert);
      return RewriteInPlace(html, base_url, options, converter.get());
    }
    return CleanArticleHtml(html, base_url, options);
  } catch (const HtmlParserFailure&) {
    return UnparsedArticleHtml(html);
  }
}

}  // namespace feedmirror
