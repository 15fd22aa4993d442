#include "feed/text_util.h"

#include <libxml/HTMLparser.h>

#include <cctype>
#include <cstring>

namespace feedmirror {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool LooksLikeEmail(std::string_view s) {
  size_t at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find(' ') == std::string_view::npos;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string Trim(std::string_view s) { return std::string(TrimView(s)); }

Person PersonFromText(std::string_view text) {
  std::string_view s = TrimView(text);
  Person p;
  if (s.empty()) return p;
  // "Name <email>" or "Name (email)" or "email (Name)".
  for (auto [open, close] : {std::pair{'<', '>'}, std::pair{'(', ')'}}) {
    size_t l = s.rfind(open);
    if (l == std::string_view::npos || s.back() != close) continue;
    std::string_view outside = TrimView(s.substr(0, l));
    std::string_view inside = TrimView(s.substr(l + 1, s.size() - l - 2));
    if (LooksLikeEmail(inside)) {
      p.name = std::string(outside);
      p.email = std::string(inside);
    } else if (LooksLikeEmail(outside)) {
      p.name = std::string(inside);
      p.email = std::string(outside);
    } else {
      continue;
    }
    if (StartsWithNoCase(p.email, "mailto:")) p.email.erase(0, 7);
    return p;
  }
  if (LooksLikeEmail(s)) {
    p.email = std::string(StartsWithNoCase(s, "mailto:") ? s.substr(7) : s);
  } else {
    p.name = std::string(s);
  }
  return p;
}

void AppendUtf8(std::string& out, unsigned cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

unsigned HtmlEntityCodePoint(std::string_view name) {
  if (name.empty() || name.size() > 32) return 0;
  if (name == "apos") return '\'';
  std::string n(name);
  const htmlEntityDesc* desc = htmlEntityLookup(reinterpret_cast<const xmlChar*>(n.c_str()));
  return desc ? desc->value : 0;
}

std::string DecodeHtmlEntities(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    size_t amp = html.find('&', i);
    if (amp == std::string_view::npos) break;
    out.append(html.substr(i, amp - i));
    size_t semi = html.find(';', amp);
    if (semi != std::string_view::npos && semi - amp <= 33) {
      std::string_view ref = html.substr(amp + 1, semi - amp - 1);
      unsigned cp = 0;
      if (ref.size() > 1 && ref[0] == '#') {
        bool hex = ref[1] == 'x' || ref[1] == 'X';
        std::string digits(ref.substr(hex ? 2 : 1));
        char* end = nullptr;
        unsigned long v = digits.empty() ? 0 : std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (end && *end == '\0') cp = v > 0x10FFFF ? 0xFFFD : static_cast<unsigned>(v);
      } else {
        cp = HtmlEntityCodePoint(ref);
      }
      if (cp != 0) {
        AppendUtf8(out, cp);
        i = semi + 1;
        continue;
      }
    }
    out += '&';
    i = amp + 1;
  }
  out.append(html.substr(i));
  return out;
}

std::string HtmlToText(std::string_view html) {
  std::string stripped;
  stripped.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    stripped.append(html.substr(i, lt - i));
    bool tag = lt + 1 < html.size() &&
               (std::isalpha(static_cast<unsigned char>(html[lt + 1])) || html[lt + 1] == '/' ||
                html[lt + 1] == '!' || html[lt + 1] == '?');
    size_t gt = tag ? html.find('>', lt) : std::string_view::npos;
    if (gt == std::string_view::npos) {
      stripped += '<';
      i = lt + 1;
      continue;
    }
    i = gt + 1;
  }
  stripped.append(html.substr(i));
  return Trim(DecodeHtmlEntities(stripped));
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string FirstImageSrc(std::string_view html) {
  for (size_t pos = 0; (pos = html.find('<', pos)) != std::string_view::npos; ++pos) {
    if (!StartsWithNoCase(html.substr(pos + 1), "img") || pos + 4 >= html.size() ||
        !(IsSpace(html[pos + 4]) || html[pos + 4] == '/')) {
      continue;
    }
    size_t end = html.find('>', pos);
    std::string_view tag = html.substr(pos + 4, end == std::string_view::npos ? std::string_view::npos : end - pos - 4);
    for (size_t a = 0; a < tag.size(); ++a) {
      if (!StartsWithNoCase(tag.substr(a), "src") || !IsSpace(tag[a - 1])) continue;
      size_t k = a + 3;
      while (k < tag.size() && IsSpace(tag[k])) ++k;
      if (k >= tag.size() || tag[k] != '=') continue;
      ++k;
      while (k < tag.size() && IsSpace(tag[k])) ++k;
      if (k >= tag.size()) break;
      char quote = tag[k];
      size_t start = (quote == '"' || quote == '\'') ? k + 1 : k;
      size_t stop = (quote == '"' || quote == '\'') ? tag.find(quote, start) : tag.find_first_of(" \t\n\r/", start);
      if (stop == std::string_view::npos) stop = tag.size();
      std::string src = Trim(DecodeHtmlEntities(tag.substr(start, stop - start)));
      if (!src.empty()) return src;
      break;
    }
  }
  return "";
}

}  // namespace feedmirror
