#include "content/embeds.h"

#include <optional>
#include <string_view>

#include "content/html_tree.h"
#include "content/sanitizer.h"
#include "content/url_resolve.h"

namespace feedmirror {
namespace {

constexpr std::string_view kSpaces = " \t\n\r\f";

bool IsBlank(std::string_view text) { return text.find_first_not_of(kSpaces) == std::string_view::npos; }

// An <a> showing `label: url` (the display form of `url`).
std::unique_ptr<HtmlNode> MakeEmbedLink(const std::string& url, std::string_view label) {
  auto link = MakeElement("a");
  link->SetAttribute("href", url);
  AppendChild(*link, MakeText(std::string(label) + ": " + EmbedLinkText(url)));
  return link;
}

bool IsTweetUrl(const std::string& url) {
  return url.find("/status/") != std::string::npos &&
         UrlHostAllowed(url, {"twitter.com", "x.com"});
}

// The first <a> under `node` whose resolved href satisfies `wanted`.
HtmlNode* FindLink(HtmlNode& node, const std::string& base_url,
                   bool (*wanted)(const std::string&), std::string& url) {
  for (auto& child : node.children) {
    if (child->IsElement("a")) {
      const std::string* href = child->Attribute("href");
      auto resolved = href ? ResolveHttpUrl(*href, base_url) : std::nullopt;
      if (resolved && wanted(*resolved)) {
        url = *resolved;
        return child.get();
      }
    }
    if (HtmlNode* found = FindLink(*child, base_url, wanted, url)) return found;
  }
  return nullptr;
}

void ExpandTweet(HtmlNode& quote, const std::string& base_url) {
  std::string url;
  HtmlNode* link = FindLink(quote, base_url, IsTweetUrl, url);
  if (!link || !IsBlank(link->TextContent())) return;
  link->children.clear();
  AppendChild(*link, MakeText("Tweet: " + EmbedLinkText(url)));
}

bool AnyHttpUrl(const std::string&) { return true; }

// The URL an embed shell points at: one of its attributes, else its first
// link.
std::optional<std::string> ShellUrl(HtmlNode& shell, const std::string& base_url) {
  for (std::string_view name : {"data-instgrm-permalink", "cite", "data-href", "data-url"}) {
    if (const std::string* value = shell.Attribute(name)) {
      if (auto url = ResolveHttpUrl(*value, base_url)) return url;
    }
  }
  std::string url;
  if (FindLink(shell, base_url, AnyHttpUrl, url)) return url;
  return std::nullopt;
}

void ExpandShell(HtmlNode& shell, std::string_view label, const std::string& base_url) {
  if (!IsBlank(shell.TextContent())) return;
  auto url = ShellUrl(shell, base_url);
  if (!url) return;
  shell.children.clear();
  AppendChild(shell, MakeEmbedLink(*url, label));
}

// "channel/123": a channel name, a slash, a message number.
bool IsTelegramPost(std::string_view post) {
  size_t slash = post.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == post.size()) return false;
  for (size_t i = 0; i < post.size(); ++i) {
    char c = post[i];
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (i == slash ? c != '/' : i < slash ? !(word || digit) : !digit) return false;
  }
  return true;
}

// The label for an embed shell, or "" when `node` is none.
std::string_view ShellLabel(const HtmlNode& node) {
  if (node.HasClass("instagram-media")) return "Instagram";
  if (node.HasClass("tiktok-embed")) return "TikTok";
  if (node.HasClass("reddit-card") || node.HasClass("reddit-embed-bq")) return "Reddit";
  if (node.HasClass("fb-post") || node.HasClass("fb-video")) return "Facebook";
  return "";
}

std::unique_ptr<HtmlNode> ReplacementFor(const HtmlNode& node, const std::string& base_url,
                                         const std::vector<std::string>& iframe_hosts) {
  if (node.IsElement("script")) {
    const std::string* post = node.Attribute("data-telegram-post");
    if (!post || !IsTelegramPost(*post)) return nullptr;
    return MakeEmbedLink("https://t.me/" + *post, "Telegram");
  }
  if (node.IsElement("iframe")) {
    const std::string* src = node.Attribute("src");
    auto url = src ? ResolveHttpUrl(*src, base_url) : std::nullopt;
    if (!url || UrlHostAllowed(*url, iframe_hosts)) return nullptr;
    bool video = UrlHostAllowed(*url, {"youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com",
                                       "dailymotion.com", "bilibili.com", "v.qq.com"});
    return MakeEmbedLink(*url, video ? "Video" : "Embed");
  }
  return nullptr;
}

void ExpandIn(HtmlNode& node, const std::string& base_url, const std::vector<std::string>& iframe_hosts) {
  for (auto& child : node.children) {
    if (child->kind != NodeKind::kElement) continue;
    if (auto replacement = ReplacementFor(*child, base_url, iframe_hosts)) {
      replacement->parent = &node;
      child = std::move(replacement);
      continue;
    }
    if (child->IsElement("blockquote") && (child->HasClass("twitter-tweet") || child->HasClass("twitter-video"))) {
      ExpandTweet(*child, base_url);
    } else if (std::string_view label = ShellLabel(*child); !label.empty()) {
      ExpandShell(*child, label, base_url);
      continue;
    }
    ExpandIn(*child, base_url, iframe_hosts);
  }
}

}  // namespace

std::string EmbedLinkText(const std::string& url) {
  std::string_view text = url;
  size_t scheme = text.find("://");
  if (scheme != std::string_view::npos) text.remove_prefix(scheme + 3);
  if (text.starts_with("www.")) text.remove_prefix(4);
  text = text.substr(0, text.find_first_of("?#"));
  if (text.ends_with('/') && text.find('/') != text.size() - 1) text.remove_suffix(1);
  return std::string(text);
}

void ExpandEmbeds(HtmlNode& root, const std::string& base_url,
                  const std::vector<std::string>& iframe_hosts) {
  ExpandIn(root, base_url, iframe_hosts);
}

}  // namespace feedmirror
