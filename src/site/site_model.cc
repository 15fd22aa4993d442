#include "site/site_model.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "site/build_cache.h"
#include "site/hash.h"
#include "util/error.h"

namespace feedmirror {

namespace {

std::string CutCodePoints(const std::string& text, int max_chars) {
  size_t i = 0;
  int n = 0;
  while (i < text.size() && n < max_chars) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++n;
  }
  return text.substr(0, std::min(i, text.size()));
}

std::string TwoDigits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

// Groups posts by name, in first-seen order, uniquely slugged folders.
class Grouper {
 public:
  Grouper(std::vector<PostGroup>& groups, std::string prefix, GroupIndex* index = nullptr)
      : groups_(groups), prefix_(std::move(prefix)), index_(index != nullptr ? *index : own_index_) {}

  int Add(std::string_view name, int post) {
    auto it = index_.find(name);
    if (it == index_.end()) {
      std::string key(name);
      it = index_.emplace(key, static_cast<int>(groups_.size())).first;
      groups_.push_back({key, prefix_ + UniqueSlug(key) + "/", {}});
    }
    groups_[it->second].posts.push_back(post);
    return it->second;
  }

 private:
  std::string UniqueSlug(const std::string& name) {
    std::string base = GroupSlug(name), slug = base;
    for (int n = 2; !slugs_.insert(Downcase(slug)).second; ++n) slug = base + "-" + std::to_string(n);
    return slug;
  }

  std::vector<PostGroup>& groups_;
  std::string prefix_;
  GroupIndex own_index_;
  GroupIndex& index_;
  std::unordered_set<std::string> slugs_;
};

// A date written without an offset is a wall-clock time in the site's zone.
int64_t InstantOf(const PostDate& d, const TimeZone& zone) {
  using Millis = std::chrono::milliseconds;
  if (d.has_offset) return d.epoch_ms;
  return EpochMillis(zone.FromLocal(std::chrono::local_time<Millis>(Millis(d.epoch_ms))));
}

std::optional<std::string> OptString(const std::optional<std::string_view>& s) {
  return s ? std::optional<std::string>(*s) : std::nullopt;
}

PermalinkPost PermalinkInput(const PostRecord& r, const LocalDateTime& local) {
  PermalinkPost p;
  size_t slash = r.path.rfind('/');
  p.file_name = slash == std::string::npos ? r.path : r.path.substr(slash + 1);
  p.file_slug = r.file_slug;
  p.slug = OptString(r.slug);
  p.categories.assign(r.categories.begin(), r.categories.end());
  p.date = local;
  p.permalink = OptString(r.permalink);
  return p;
}

// Makes the record's URL, output path, instant and local time again (for
// another template or zone); false (a problem noted) when the URL cannot be made.
bool PlaceRecord(PostRecord& r, const TimeZone& zone, const std::string& permalink_template, uint64_t url_key,
                 std::vector<std::string>& problems) {
  int64_t instant = InstantOf(r.date, zone);
  int64_t local = instant + std::chrono::milliseconds(zone.OffsetAt(FromEpochMillis(instant))).count();
  std::string url;
  try {
    url = PostUrl(permalink_template, PermalinkInput(r, FieldsOf(local)));
  } catch (const Error& e) {
    problems.push_back(std::string(r.path) + ": " + e.what());
    return false;
  }
  auto made = std::make_shared<std::string>(url + UrlToOutputPath(url));
  r.url = std::string_view(*made).substr(0, url.size());
  r.output_path = std::string_view(*made).substr(url.size());
  r.owned_url = std::move(made);
  r.instant_ms = instant;
  r.local_ms = local;
  r.entry_hash = Hasher()
                     .Add(r.url)
                     .Add(r.title)
                     .Add(r.author.empty() ? std::string_view(kUnknownSource) : r.author)
                     .Add(static_cast<uint64_t>(instant))
                     .Add(r.snippet)
                     .Add(r.from)
                     .value();
  r.url_key = url_key;
  return true;
}

void SortByDate(std::vector<SitePost>& posts) {
  std::sort(posts.begin(), posts.end(), [](const SitePost& a, const SitePost& b) {
    if (a.instant_ms != b.instant_ms) return a.instant_ms < b.instant_ms;
    return a.record->path < b.record->path;
  });
}

// Posts whose output path an older one has are left out (a problem noted):
// found by sorting the paths' hashes, not by a set of 100,000 strings.
void LeaveOutSameUrls(SiteModel& m) {
  std::vector<std::pair<uint64_t, size_t>> hashes(m.posts.size());
  for (size_t i = 0; i < m.posts.size(); ++i) hashes[i] = {Fingerprint64(m.posts[i].output_path), i};
  std::sort(hashes.begin(), hashes.end());
  std::vector<char> left_out(m.posts.size(), 0);
  for (size_t k = 0; k < hashes.size();) {
    size_t end = k + 1;
    while (end < hashes.size() && hashes[end].first == hashes[k].first) ++end;
    for (size_t a = k; a < end; ++a) {  // the same hash: compare the paths (oldest first)
      if (left_out[hashes[a].second]) continue;
      for (size_t b = a + 1; b < end; ++b)
        if (m.posts[hashes[b].second].output_path == m.posts[hashes[a].second].output_path) left_out[hashes[b].second] = 1;
    }
    k = end;
  }
  size_t kept = 0;
  for (size_t i = 0; i < m.posts.size(); ++i) {
    const SitePost& p = m.posts[i];
    if (left_out[i]) {
      m.problems.push_back(std::string(p.record->path) + ": left out, another post has the same URL " + std::string(p.url));
      continue;
    }
    m.posts[kept++] = p;
  }
  m.posts.resize(kept);
}

void Group(SiteModel& m) {
  Grouper sources(m.sources, "sources/"), tags(m.tags, "tags/", &m.tag_index),
      categories(m.categories, "categories/", &m.category_index);
  Grouper months(m.months, "archive/"), days(m.days, "archive/");
  int month_group = -1;
  for (int i = 0; i < static_cast<int>(m.posts.size()); ++i) {
    SitePost& p = m.posts[i];
    p.source_group = sources.Add(p.source, i);
    p.index_in_source = static_cast<int>(m.sources[p.source_group].posts.size()) - 1;
    for (std::string_view t : p.record->tags) tags.Add(t, i);
    for (std::string_view c : p.record->categories) categories.Add(c, i);
    // Posts come by date: a post of the previous one's day joins its groups
    // without making the names again.
    const LocalDateTime* before = i > 0 ? &m.posts[i - 1].local : nullptr;
    if (before != nullptr && before->year == p.local.year && before->month == p.local.month &&
        before->day == p.local.day) {
      p.day_group = m.posts[i - 1].day_group;
      m.months[month_group].posts.push_back(i);
      m.days[p.day_group].posts.push_back(i);
    } else {
      std::string month = std::to_string(p.local.year) + "-" + TwoDigits(p.local.month);
      month_group = months.Add(month, i);
      p.day_group = days.Add(month + "-" + TwoDigits(p.local.day), i);
    }
    p.index_in_day = static_cast<int>(m.days[p.day_group].posts.size()) - 1;
  }
  // Date folders are the dates themselves: archive/2020/10/ and archive/2020/10/26/.
  for (PostGroup& g : m.months) g.path = "archive/" + g.name.substr(0, 4) + "/" + g.name.substr(5, 2) + "/";
  for (PostGroup& g : m.days)
    g.path = "archive/" + g.name.substr(0, 4) + "/" + g.name.substr(5, 2) + "/" + g.name.substr(8, 2) + "/";
}

}  // namespace

PostRecord MakePostRecord(const SourcePost& post, std::string_view file_bytes, int snippet_chars, int64_t mtime_ns) {
  PostRecord r;  // its views show `post` and `snippet` until it is encoded
  r.mtime_ns = mtime_ns;
  r.path = post.path;
  r.size = static_cast<int64_t>(file_bytes.size());
  r.content_hash = Fingerprint64(file_bytes);
  r.title = post.title;
  r.author = post.author;
  r.from = post.from;
  r.file_slug = post.file_slug;
  r.slug = post.slug;
  r.permalink = post.permalink;
  r.tags.assign(post.tags.begin(), post.tags.end());
  r.categories.assign(post.categories.begin(), post.categories.end());
  r.date = post.date;
  r.published = post.published;
  std::string snippet =
      CutCodePoints(ArticleText(RenderBody(post.body).html, static_cast<size_t>(snippet_chars) * 4), snippet_chars);
  r.snippet = snippet;
  return RecordFromStablePart(std::make_shared<const std::string>(EncodeStablePart(r)));
}

std::string GroupSlug(const std::string& name) {
  std::string slug = JekyllSlugify(name, SlugifyMode::kPretty, true);
  return slug.empty() ? "-" : slug;
}

SiteModel BuildSiteModel(std::vector<PostRecord>& records, const TimeZone& zone,
                         const std::string& permalink_template, uint64_t url_key, uint32_t& next_doc_id) {
  SiteModel m;
  for (PostRecord& r : records) {
    if (!r.published) continue;
    if (r.url_key != url_key && !PlaceRecord(r, zone, permalink_template, url_key, m.problems)) continue;
    SitePost p;
    p.record = &r;
    p.instant_ms = r.instant_ms;
    p.local = FieldsOf(r.local_ms);
    p.url = r.url;
    p.output_path = r.output_path;
    p.source = r.author.empty() ? kUnknownSource : r.author;
    m.posts.push_back(std::move(p));
  }
  SortByDate(m.posts);
  LeaveOutSameUrls(m);
  for (SitePost& p : m.posts) {
    PostRecord& r = const_cast<PostRecord&>(*p.record);  // one of `records`
    if (r.doc_id == PostRecord::kNoDocId) r.doc_id = next_doc_id++;
    p.doc_id = r.doc_id;
  }
  Group(m);
  return m;
}

}  // namespace feedmirror
