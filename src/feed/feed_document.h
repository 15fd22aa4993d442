// Assembles a Feed from the stream of an XML feed document: recognises the
// format from the root element, translates each item as soon as it is
// complete (handing it to a callback) and the feed's own fields at the end.
#pragma once

#include <functional>
#include <string>

#include "feed/feed.h"
#include "feed/feed_translate.h"
#include "feed/xml_stream.h"

namespace feedmirror {

class FeedDocument : public XmlStreamHandler {
 public:
  enum class Kind { kNone, kRss, kRdf, kAtom, kHtml, kOther };

  FeedDocument(TranslateContext context, std::function<void(Item&&)> on_item)
      : context_(std::move(context)), on_item_(std::move(on_item)) {}

  void OnContainer(size_t depth, const XmlNode& element) override;
  void OnElement(const std::vector<const XmlNode*>& containers, XmlNode&& element) override;

  Kind kind() const { return kind_; }
  const std::string& root_name() const { return root_name_; }
  size_t item_count() const { return item_count_; }
  // Fills the feed's own fields, type and version (not its items).
  void Finish(Feed& feed) const;

 private:
  static constexpr size_t kMaxFeedElements = 2000;

  TranslateContext context_;
  std::function<void(Item&&)> on_item_;
  Kind kind_ = Kind::kNone;
  std::string root_name_;
  std::string version_;
  XmlNode meta_;  // the root's attributes and the feed-level elements
  size_t item_count_ = 0;
};

}  // namespace feedmirror
