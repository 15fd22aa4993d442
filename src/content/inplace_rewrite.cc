#include "content/inplace_rewrite.h"

#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "content/chinese_convert.h"
#include "content/gumbo_guard.h"
#include "content/image_url.h"

namespace feedmirror {
namespace {

// One replacement of the bytes [offset, offset + length) of the input.
struct Splice {
  size_t offset;
  size_t length;
  std::string text;
};

GumboOptions FragmentOptions() {
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  options.max_errors = 0;  // parse errors are not used; recording them costs time
  return options;
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

// What the walk needs: the input, the options and the converter (or null).
struct RewriteContext {
  std::string_view html;
  const std::string& base_url;
  const ContentOptions& options;
  const ChineseConverter* converter;
};

// True when `piece` lies inside the input (parser-made nodes point elsewhere).
bool FromInput(const GumboStringPiece& piece, std::string_view html) {
  return piece.length > 0 && piece.data >= html.data() &&
         piece.data + piece.length <= html.data() + html.size();
}

Splice SpliceOver(const GumboStringPiece& piece, std::string_view html, std::string text) {
  return Splice{static_cast<size_t>(piece.data - html.data()), piece.length, std::move(text)};
}

std::optional<Splice> ImageSplice(const GumboAttribute& attribute, const RewriteContext& context) {
  const GumboStringPiece& original = attribute.original_value;
  if (context.options.images == ImageMode::kKeep || !FromInput(original, context.html)) return std::nullopt;
  std::optional<std::string> value = IsSrcsetAttribute(attribute.name)
      ? ArchivedSrcset(attribute.value, context.base_url, context.options)
      : ArchivedImageUrl(attribute.value, context.base_url, context.options);
  if (!value || *value == attribute.value) return std::nullopt;
  char first = original.data[0];
  char quote = (first == '"' || first == '\'') && original.length >= 2 ? first : '"';
  return SpliceOver(original, context.html, QuotedAttributeValue(*value, quote));
}

// The converted bytes of `piece`, or nullopt when conversion changes nothing.
std::optional<Splice> ConvertedSplice(const GumboStringPiece& piece, const RewriteContext& context) {
  if (!context.converter || !FromInput(piece, context.html)) return std::nullopt;
  std::string_view original(piece.data, piece.length);
  std::string converted = context.converter->Convert(original);
  if (converted == original) return std::nullopt;
  return SpliceOver(piece, context.html, std::move(converted));
}

void CollectAttributeSplices(const GumboElement& element, const RewriteContext& context,
                             std::vector<Splice>& splices) {
  for (unsigned i = 0; i < element.attributes.length; ++i) {
    auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
    std::string_view name = attribute->name;
    std::optional<Splice> splice;
    if (IsImageUrlAttribute(element.tag, name)) {
      splice = ImageSplice(*attribute, context);
    } else if (name == "alt" || name == "title") {
      splice = ConvertedSplice(attribute->original_value, context);
    }
    if (splice) splices.push_back(std::move(*splice));
  }
}

bool IsTextNode(const GumboNode& node) {
  return node.type == GUMBO_NODE_TEXT || node.type == GUMBO_NODE_CDATA;
}

bool IsScriptOrStyle(const GumboNode* node) {
  return node && node->type == GUMBO_NODE_ELEMENT &&
         (node->v.element.tag == GUMBO_TAG_SCRIPT || node->v.element.tag == GUMBO_TAG_STYLE);
}

void CollectSplices(const GumboNode* root, const RewriteContext& context, std::vector<Splice>& splices) {
  std::vector<const GumboNode*> pending{root};  // an explicit stack: no depth limit
  while (!pending.empty()) {
    const GumboNode* node = pending.back();
    pending.pop_back();
    if (IsTextNode(*node) && !IsScriptOrStyle(node->parent)) {
      if (auto splice = ConvertedSplice(node->v.text.original_text, context)) splices.push_back(*splice);
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
    CollectAttributeSplices(node->v.element, context, splices);
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      pending.push_back(static_cast<const GumboNode*>(children.data[i]));
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

std::string RewriteInPlace(std::string_view html, const std::string& base_url,
                           const ContentOptions& options, const ChineseConverter* converter) {
  if (options.images == ImageMode::kKeep && !converter) return std::string(html);
  GumboParse parse(FragmentOptions(), html);
  std::vector<Splice> splices;
  CollectSplices(parse.output().root, RewriteContext{html, base_url, options, converter}, splices);
  return ApplySplices(html, std::move(splices));
}

}  // namespace feedmirror
