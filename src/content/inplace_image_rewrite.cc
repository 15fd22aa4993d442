#include "content/inplace_image_rewrite.h"

#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "content/image_url.h"

namespace feedmirror {
namespace {

// One replacement of the bytes [offset, offset + length) of the input.
struct Splice {
  size_t offset;
  size_t length;
  std::string text;
};

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

std::unique_ptr<GumboOutput, GumboOutputDeleter> ParseFragment(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  return std::unique_ptr<GumboOutput, GumboOutputDeleter>(
      gumbo_parse_with_options(&options, html.data(), html.size()));
}

bool IsSrcsetAttribute(std::string_view name) { return name == "srcset" || name == "data-srcset"; }

bool IsImageUrlAttribute(GumboTag tag, std::string_view name) {
  if (tag == GUMBO_TAG_SOURCE) return IsSrcsetAttribute(name);
  if (tag != GUMBO_TAG_IMG) return false;
  return name == "src" || name == "data-src" || name == "data-original" ||
         name == "data-lazy-src" || IsSrcsetAttribute(name);
}

// `value` quoted with `quote` and escaped for it.
std::string QuotedAttributeValue(std::string_view value, char quote) {
  std::string out(1, quote);
  for (char c : value) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == quote) {
      out += quote == '"' ? "&quot;" : "&#39;";
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

std::optional<Splice> SpliceFor(const GumboAttribute& attribute, std::string_view html,
                                const std::string& base_url, const ContentOptions& options) {
  const GumboStringPiece& original = attribute.original_value;
  if (original.length == 0 || original.data < html.data() ||
      original.data + original.length > html.data() + html.size()) {
    return std::nullopt;  // no value, or not from the input (a parser-made attribute)
  }
  std::optional<std::string> value = IsSrcsetAttribute(attribute.name)
      ? ArchivedSrcset(attribute.value, base_url, options)
      : ArchivedImageUrl(attribute.value, base_url, options);
  if (!value || *value == attribute.value) return std::nullopt;
  char first = original.data[0];
  char quote = (first == '"' || first == '\'') && original.length >= 2 ? first : '\0';
  return Splice{static_cast<size_t>(original.data - html.data()), original.length,
                QuotedAttributeValue(*value, quote ? quote : '"')};
}

void CollectSplices(const GumboNode* root, std::string_view html, const std::string& base_url,
                    const ContentOptions& options, std::vector<Splice>& splices) {
  std::vector<const GumboNode*> pending{root};  // an explicit stack: no depth limit
  while (!pending.empty()) {
    const GumboNode* node = pending.back();
    pending.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
    const GumboElement& element = node->v.element;
    for (unsigned i = 0; i < element.attributes.length; ++i) {
      auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
      if (!IsImageUrlAttribute(element.tag, attribute->name)) continue;
      if (auto splice = SpliceFor(*attribute, html, base_url, options)) splices.push_back(*splice);
    }
    for (unsigned i = 0; i < element.children.length; ++i) {
      pending.push_back(static_cast<const GumboNode*>(element.children.data[i]));
    }
  }
}

std::string ApplySplices(std::string_view html, std::vector<Splice> splices) {
  std::sort(splices.begin(), splices.end(),
            [](const Splice& a, const Splice& b) { return a.offset < b.offset; });
  std::string out;
  size_t copied = 0;
  for (const Splice& splice : splices) {
    if (splice.offset < copied) continue;  // the same attribute reached twice
    out.append(html.substr(copied, splice.offset - copied));
    out += splice.text;
    copied = splice.offset + splice.length;
  }
  out.append(html.substr(copied));
  return out;
}

}  // namespace

std::string RewriteImagesInPlace(std::string_view html, const std::string& base_url,
                                 const ContentOptions& options) {
  if (options.images == ImageMode::kKeep) return std::string(html);
  auto output = ParseFragment(html);
  if (!output) return std::string(html);
  std::vector<Splice> splices;
  CollectSplices(output->root, html, base_url, options, splices);
  return ApplySplices(html, std::move(splices));
}

}  // namespace feedmirror
