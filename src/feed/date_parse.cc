#include "feed/date_parse.h"

#include <array>
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

namespace feedmirror {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

struct Fields {
  int year = -1;
  int month = -1;
  int day = -1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millis = 0;
  int ampm = 0;  // 0 none, 1 am, 2 pm
  std::optional<int> offset_minutes;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Appends `s` with full-width forms (U+FF01..U+FF5E, U+3000) made ASCII.
std::string FoldFullWidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c == 0xEF && i + 2 < s.size()) {
      unsigned cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(cp - 0xFF01 + 0x21);
        i += 2;
        continue;
      }
    }
    if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {  // U+3000 ideographic space
      out += ' ';
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

// Replaces every occurrence of `from` in `s` by `to`.
void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
}

// Drops weekday marks such as (一), 星期一, 週一: whatever is not ASCII is
// left over from them once the date words are rewritten.
std::string DropWeekdayMarks(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x80) out += c;
  }
  ReplaceAll(out, "()", " ");
  return out;
}

// Rewrites the Chinese forms into the numeric ones the parsers below read:
// 2020年10月26日 13時56分 → 2020-10-26 13:56, Minguo 109年 → 2020,
// 下午 → pm.
std::string RewriteChinese(std::string s) {
  if (s.find("\xE5\xB9\xB4") == std::string::npos) return s;  // 年
  for (std::string_view minguo : {"\xE6\xB0\x91\xE5\x9C\x8B", "\xE6\xB0\x91\xE5\x9B\xBD"}) {
    if (s.rfind(minguo, 0) == 0) s = s.substr(minguo.size());  // 民國 / 民国
  }
  size_t nian = s.find("\xE5\xB9\xB4");
  size_t start = nian;
  while (start > 0 && IsDigit(s[start - 1])) --start;
  std::string year = s.substr(start, nian - start);
  bool minguo = !year.empty() && year.size() <= 3;
  if (minguo) year = std::to_string(std::stoi(year) + 1911);
  s = year + "-" + s.substr(nian + 3);
  ReplaceAll(s, "\xE6\x9C\x88", "-");       // 月
  ReplaceAll(s, "\xE6\x97\xA5", " ");       // 日
  ReplaceAll(s, "\xE5\x8F\xB7", " ");       // 号
  ReplaceAll(s, "\xE6\x99\x82", ":");       // 時
  ReplaceAll(s, "\xE6\x97\xB6", ":");       // 时
  ReplaceAll(s, "\xE9\xBB\x9E", ":");       // 點
  ReplaceAll(s, "\xE7\x82\xB9", ":");       // 点
  ReplaceAll(s, "\xE5\x88\x86", ":");       // 分
  ReplaceAll(s, "\xE7\xA7\x92", " ");       // 秒
  ReplaceAll(s, "\xE4\xB8\x8A\xE5\x8D\x88", " am ");  // 上午
  ReplaceAll(s, "\xE4\xB8\x8B\xE5\x8D\x88", " pm ");  // 下午
  return DropWeekdayMarks(s);
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool AtEnd() const { return i_ >= s_.size(); }
  char Peek(size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  void Skip(size_t n = 1) { i_ += n; }
  void SkipSpaces() {
    while (!AtEnd() && (Peek() == ' ' || Peek() == '\t' || Peek() == ',')) ++i_;
  }
  bool Accept(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  // Reads 1..max_digits digits; returns -1 (and consumes nothing) when none.
  int Number(size_t max_digits, size_t* digits = nullptr) {
    size_t n = 0;
    int value = 0;
    while (n < max_digits && IsDigit(Peek(n))) value = value * 10 + (Peek(n++) - '0');
    if (digits) *digits = n;
    if (n == 0) return -1;
    i_ += n;
    return value;
  }
  std::string_view Word() {
    size_t start = i_;
    while (IsAlpha(Peek())) ++i_;
    return s_.substr(start, i_ - start);
  }
  std::string_view Rest() const { return s_.substr(std::min(i_, s_.size())); }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

struct NamedZone {
  const char* name;
  int minutes;
};

constexpr std::array<NamedZone, 29> kZones = {{
    {"ut", 0},       {"utc", 0},      {"gmt", 0},     {"z", 0},        {"est", -300},
    {"edt", -240},   {"cst", -360},   {"cdt", -300},  {"mst", -420},   {"mdt", -360},
    {"pst", -480},   {"pdt", -420},   {"akst", -540}, {"akdt", -480},  {"hst", -600},
    {"wet", 0},      {"bst", 60},     {"cet", 60},    {"cest", 120},   {"eet", 120},
    {"eest", 180},   {"msk", 180},    {"ist", 330},   {"sgt", 480},    {"hkt", 480},
    {"awst", 480},   {"jst", 540},    {"kst", 540},   {"aest", 600},
}};

std::optional<int> NamedZoneOffset(std::string_view word) {
  std::string w = Lower(word);
  for (const NamedZone& z : kZones) {
    if (w == z.name) return z.minutes;
  }
  if (w == "aedt") return 660;
  if (w == "nzst") return 720;
  if (w == "nzdt") return 780;
  if (w.size() == 1 && w[0] != 'j') {  // RFC 822 military zones
    char c = w[0];
    if (c >= 'a' && c <= 'i') return -(c - 'a' + 1) * 60;
    if (c >= 'k' && c <= 'm') return -(c - 'k' + 10) * 60;
    if (c >= 'n' && c <= 'y') return (c - 'n' + 1) * 60;
  }
  return std::nullopt;
}

// +0800, +08:00, +08, +8 (after GMT/UTC) → minutes east of UTC.
std::optional<int> NumericOffset(Cursor& c) {
  char sign = c.Peek();
  if (sign != '+' && sign != '-') return std::nullopt;
  c.Skip();
  size_t digits = 0;
  int first = c.Number(4, &digits);
  if (first < 0) return std::nullopt;
  int h = first, m = 0;
  if (digits >= 3) {
    h = first / 100;
    m = first % 100;
  } else if (c.Accept(':')) {
    m = c.Number(2);
    if (m < 0) return std::nullopt;
  }
  if (h > 14 || m > 59) return std::nullopt;
  int total = h * 60 + m;
  return sign == '-' ? -total : total;
}

// A zone at the cursor: Z, a numeric offset, a name, GMT+8. Consumes it.
std::optional<int> Zone(Cursor& c) {
  c.SkipSpaces();
  if (c.Peek() == '+' || c.Peek() == '-') return NumericOffset(c);
  bool paren = c.Accept('(');
  std::string_view word = c.Word();
  if (word.empty()) return std::nullopt;
  std::optional<int> base = NamedZoneOffset(word);
  if (!base) return std::nullopt;
  if ((c.Peek() == '+' || c.Peek() == '-') && IsDigit(c.Peek(1))) {
    std::optional<int> extra = NumericOffset(c);
    if (!extra) return std::nullopt;
    *base += *extra;
  }
  if (paren) c.Accept(')');
  return base;
}

// hh[:mm[:ss[.fff]]] (colons required unless `compact`).
bool Time(Cursor& c, Fields& f, bool compact = false) {
  int h = c.Number(2);
  if (h < 0) return false;
  f.hour = h;
  bool colon = c.Accept(':');
  if (!colon && !(compact && IsDigit(c.Peek()))) return compact;
  int m = c.Number(2);
  if (m < 0) return false;
  f.minute = m;
  if ((c.Accept(':') && IsDigit(c.Peek())) || (compact && !colon && IsDigit(c.Peek()))) {
    int s = c.Number(2);
    if (s < 0) return false;
    f.second = s;
    if (c.Peek() == '.' || (c.Peek() == ',' && IsDigit(c.Peek(1)))) {
      c.Skip();
      size_t digits = 0;
      int frac = c.Number(9, &digits);
      if (frac < 0) return false;
      while (digits > 3) frac /= 10, --digits;
      while (digits < 3) frac *= 10, ++digits;
      f.millis = frac;
    }
  }
  return true;
}

bool AmPm(Cursor& c, Fields& f) {
  c.SkipSpaces();
  std::string w = Lower(c.Rest().substr(0, 2));
  if (w != "am" && w != "pm") return false;
  if (IsAlpha(c.Peek(2))) return false;
  f.ampm = w == "am" ? 1 : 2;
  c.Skip(2);
  return true;
}

// Week date 2020-W44-1 or ordinal date 2020-300 → month and day.
bool WeekOrOrdinal(Cursor& c, Fields& f) {
  using namespace std::chrono;
  if (c.Accept('W')) {
    int week = c.Number(2);
    if (week < 1 || week > 53) return false;
    c.Accept('-');
    int wd = IsDigit(c.Peek()) ? c.Number(1) : 1;
    if (wd < 1 || wd > 7) return false;
    // ISO week 1 holds January 4th.
    sys_days jan4 = sys_days(year(f.year) / January / 4);
    sys_days monday = jan4 - (weekday(jan4) - Monday);
    year_month_day ymd(monday + days((week - 1) * 7 + wd - 1));
    f.year = int(ymd.year()), f.month = unsigned(ymd.month()), f.day = unsigned(ymd.day());
    return true;
  }
  size_t digits = 0;
  int ordinal = c.Number(3, &digits);
  if (digits != 3 || ordinal < 1 || ordinal > 366) return false;
  year_month_day ymd(sys_days(year(f.year) / January / 1) + days(ordinal - 1));
  f.month = unsigned(ymd.month()), f.day = unsigned(ymd.day());
  return true;
}

// ISO 8601 / W3CDTF and their variants, and 2016/6/29 15:07:41.
bool ParseNumericDate(std::string_view text, Fields& f) {
  Cursor c(text);
  size_t digits = 0;
  f.year = c.Number(8, &digits);
  if (digits == 8) {  // basic format 20201026
    f.day = f.year % 100, f.month = f.year / 100 % 100, f.year /= 10000;
  } else if (digits != 4) {
    return false;
  } else {
    char sep = c.Peek();
    if (sep != '-' && sep != '/' && sep != '.') return c.AtEnd() ? (f.month = f.day = 1, true) : false;
    c.Skip();
    bool ordinal = sep == '-' && IsDigit(c.Peek()) && IsDigit(c.Peek(1)) &&
                   IsDigit(c.Peek(2)) && !IsDigit(c.Peek(3));
    if ((c.Peek() == 'W' || ordinal) && !WeekOrOrdinal(c, f)) return false;
    if (f.month < 0) {
      f.month = c.Number(2);
      if (f.month < 0) return false;
      if (c.Accept(sep)) {
        f.day = c.Number(2);
        if (f.day < 0) return false;
      } else {
        f.day = 1;
      }
    }
  }
  if (c.Peek() == 'T' || c.Peek() == 't') {
    c.Skip();
    if (!Time(c, f, /*compact=*/true)) return false;
  } else {
    c.SkipSpaces();
    AmPm(c, f);  // 下午1:56
    c.SkipSpaces();
    if (IsDigit(c.Peek()) && !Time(c, f)) return false;
  }
  AmPm(c, f);
  c.SkipSpaces();
  if (!c.AtEnd()) {
    f.offset_minutes = Zone(c);
    if (!f.offset_minutes) return false;
    c.SkipSpaces();
  }
  return c.AtEnd();
}

int MonthFromWord(std::string_view word) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3 || word.size() > 9) return -1;
  std::string w = Lower(word);
  for (int i = 0; i < 12; ++i) {
    if (w.compare(0, 3, kMonths[i]) == 0) return i + 1;
  }
  return -1;
}

bool IsWeekday(std::string_view word) {
  static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (word.size() < 3 || word.size() > 9) return false;
  std::string w = Lower(word);
  for (const char* d : kDays) {
    if (w.compare(0, 3, d) == 0) return true;
  }
  return false;
}

// A bare number in an RFC 822-like date: the day, then the year.
bool NumberToken(Cursor& c, Fields& f) {
  size_t digits = 0;
  int n = c.Number(4, &digits);
  if (c.Peek() == ':') {  // a time after all
    f.hour = n;
    c.Skip();
    int m = c.Number(2);
    if (m < 0) return false;
    f.minute = m;
    if (c.Accept(':')) {
      f.second = c.Number(2);
      if (f.second < 0) return false;
      if (c.Accept('.')) {
        size_t fd = 0;
        int frac = c.Number(9, &fd);
        while (fd > 3) frac /= 10, --fd;
        while (fd < 3) frac *= 10, ++fd;
        f.millis = std::max(frac, 0);
      }
    }
    return true;
  }
  if (digits <= 2 && f.day < 0) {
    f.day = n;
  } else if (f.year < 0 && (digits == 4 || digits == 2)) {
    f.year = digits == 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
  } else {
    return false;
  }
  c.Accept('.');
  return true;
}

// RFC 822/1123 and relatives: tokens in any usual order (Mon, 26 Oct 2020
// 05:56:17 GMT; Oct 26, 2020 5:56 PM; Mon Oct 26 05:56:17 2020; 26-Oct-20).
bool ParseWordDate(std::string_view text, Fields& f) {
  Cursor c(text);
  while (true) {
    c.SkipSpaces();
    if (c.AtEnd()) break;
    char p = c.Peek();
    if (IsDigit(p)) {
      if (!NumberToken(c, f)) return false;
      c.Accept('-');
    } else if (IsAlpha(p)) {
      Cursor save = c;
      if (f.ampm == 0 && f.day >= 0 && AmPm(c, f)) continue;
      c = save;
      std::string_view word = c.Word();
      int month = MonthFromWord(word);
      if (month > 0 && f.month < 0) {
        f.month = month;
        c.Accept('.');
        c.Accept('-');
      } else if (IsWeekday(word) && f.month < 0) {
        c.Accept('.');
      } else if (f.offset_minutes && NamedZoneOffset(word)) {
        // "+0800 CST": the name only repeats the offset.
      } else {
        c = save;
        if (f.offset_minutes || f.month < 0) return false;
        f.offset_minutes = Zone(c);
        if (!f.offset_minutes) return false;
      }
    } else if ((p == '+' || p == '-') && f.month > 0 && !f.offset_minutes) {
      f.offset_minutes = Zone(c);
      if (!f.offset_minutes) return false;
    } else if (p == '(') {  // a comment such as (CST) after a numeric zone
      size_t close = c.Rest().find(')');
      if (close == std::string_view::npos) return false;
      c.Skip(close + 1);
    } else {
      return false;
    }
  }
  return f.month > 0 && f.day > 0 && f.year > 0;
}

bool Valid(Fields& f) {
  using namespace std::chrono;
  if (f.ampm == 2 && f.hour < 12) f.hour += 12;
  if (f.ampm == 1 && f.hour == 12) f.hour = 0;
  if (f.second == 60) f.second = 59;  // a leap second
  if (f.year < 1000 || f.year > 9999 || f.hour > 24 || f.minute > 59 || f.second > 59) {
    return false;
  }
  if (f.hour == 24 && (f.minute || f.second || f.millis)) return false;
  return year_month_day(year(f.year), month(f.month), day(f.day)).ok();
}

TimePoint ToInstant(const Fields& f, const LocalTimeResolver& resolve_local) {
  using namespace std::chrono;
  days date = sys_days(year(f.year) / month(f.month) / day(f.day)).time_since_epoch();
  milliseconds since_midnight = hours(f.hour) + minutes(f.minute) + seconds(f.second) +
                                milliseconds(f.millis);
  if (f.offset_minutes) {
    return TimePoint(date + since_midnight - minutes(*f.offset_minutes));
  }
  if (resolve_local) return resolve_local(local_time<milliseconds>(date + since_midnight));
  return TimePoint(date + since_midnight);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<TimePoint> ParseDate(std::string_view text, const LocalTimeResolver& resolve_local) {
  text = Trim(text);
  if (text.empty() || text.size() > 200) return std::nullopt;
  std::string folded = RewriteChinese(FoldFullWidth(text));
  std::string_view s = Trim(folded);
  Fields f;
  if (!ParseNumericDate(s, f)) {
    f = Fields();
    if (!ParseWordDate(s, f)) return std::nullopt;
  }
  if (!Valid(f)) return std::nullopt;
  return ToInstant(f, resolve_local);
}

}  // namespace feedmirror
