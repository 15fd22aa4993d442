#include "feed/feed_document.h"

namespace feedmirror {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool IsNetscapeRss09(const std::string& ns_uri) {
  return ns_uri.find("my.netscape.com/rdf/simple/0.9") != std::string::npos;
}

}  // namespace

void FeedDocument::OnContainer(size_t depth, const XmlNode& element) {
  if (depth == 1) {  // <channel>
    if (kind_ == Kind::kRdf && IsNetscapeRss09(element.ns_uri)) version_ = "0.9";
    if (meta_.base.empty() || meta_.base == context_.feed_url) meta_.base = element.base;
    return;
  }
  root_name_ = element.qname;
  meta_.attrs = element.attrs;
  meta_.base = element.base;
  meta_.lang = element.lang;
  std::string name = Lower(element.name);
  if (name == "rss") {
    kind_ = Kind::kRss;
    version_ = element.Attr("version");
  } else if (name == "rdf") {
    kind_ = Kind::kRdf;
    version_ = "1.0";
  } else if (name == "feed") {
    kind_ = Kind::kAtom;
    version_ = element.ns == "atom03" || element.Attr("version") == "0.3" ? "0.3" : "1.0";
  } else if (name == "html") {
    kind_ = Kind::kHtml;
  } else {
    kind_ = Kind::kOther;
  }
}

void FeedDocument::OnElement(const std::vector<const XmlNode*>& containers, XmlNode&& element) {
  if (kind_ == Kind::kRss || kind_ == Kind::kRdf) {
    if (element.name == "item" && element.ns.empty()) {
      if (kind_ == Kind::kRdf && IsNetscapeRss09(element.ns_uri)) version_ = "0.9";
      ++item_count_;
      on_item_(TranslateRssItem(element, context_));
      return;
    }
    // RSS: the channel's children; RDF: the channel's and the root's
    // (<image>, <textinput> stand beside the channel).
    if (containers.size() == 1 && kind_ == Kind::kRss) return;
  } else if (kind_ == Kind::kAtom) {
    if (element.name == "entry" && (element.ns == "atom" || element.ns == "atom03" || element.ns.empty())) {
      ++item_count_;
      on_item_(TranslateAtomEntry(element, context_));
      return;
    }
  } else {
    return;
  }
  if (meta_.children.size() < kMaxFeedElements) meta_.children.push_back(std::move(element));
}

void FeedDocument::Finish(Feed& feed) const {
  switch (kind_) {
    case Kind::kRss:
    case Kind::kRdf:
      TranslateRssChannel(meta_, context_, feed);
      feed.feed_type = "rss";
      break;
    case Kind::kAtom:
      TranslateAtomFeed(meta_, context_, feed);
      feed.feed_type = "atom";
      break;
    default: return;
  }
  feed.feed_version = version_;
}

}  // namespace feedmirror
