#include "site/build_cache.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace feedmirror {

namespace {

constexpr std::string_view kMagic = "feedmirror-site-cache-4\n";
constexpr std::string_view kInputsMagic = "feedmirror-site-inputs-1\n";

class Writer {
 public:
  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  void Strs(const std::vector<std::string>& v) {
    U64(v.size());
    for (const std::string& s : v) Str(s);
  }
  void Opt(const std::optional<std::string>& s) {
    U64(s ? 1 : 0);
    if (s) Str(*s);
  }
  void Raw(std::string_view s) { out_.append(s); }
  void Reserve(size_t n) { out_.reserve(n); }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

struct Truncated : std::runtime_error {
  Truncated() : std::runtime_error("truncated") {}
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) throw Truncated();
      unsigned char c = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<uint64_t>(c & 0x7F) << shift;
      if (!(c & 0x80)) return v;
    }
    throw Truncated();
  }
  int64_t I64() { return static_cast<int64_t>(U64()); }
  size_t Count() {
    uint64_t n = U64();
    if (n > in_.size()) throw Truncated();  // no count exceeds the bytes left
    return static_cast<size_t>(n);
  }
  std::string Str() {
    size_t n = Count();
    if (pos_ + n > in_.size()) throw Truncated();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::vector<std::string> Strs() {
    std::vector<std::string> v(Count());
    for (std::string& s : v) s = Str();
    return v;
  }
  std::optional<std::string> Opt() {
    if (U64() == 0) return std::nullopt;
    return Str();
  }
  bool Skip(std::string_view prefix) {
    if (in_.substr(pos_, prefix.size()) != prefix) return false;
    pos_ += prefix.size();
    return true;
  }
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

void WritePost(Writer& w, const PostRecord& p) {
  w.Str(p.path);
  w.I64(p.size);
  w.I64(p.mtime_ns);
  w.U64(p.content_hash);
  w.Str(p.title);
  w.Str(p.author);
  w.Str(p.from);
  w.Str(p.file_slug);
  w.Opt(p.slug);
  w.Opt(p.permalink);
  w.Strs(p.tags);
  w.Strs(p.categories);
  w.U64(p.date.has_offset ? 1 : 0);
  w.I64(p.date.epoch_ms);
  w.U64(p.published ? 1 : 0);
  w.Str(p.snippet);
  w.U64(p.doc_id);
  w.U64(p.url_key);
  w.Str(p.url);
  w.Str(p.output_path);
}

PostRecord ReadPostRecord(Reader& r) {
  PostRecord p;
  p.path = r.Str();
  p.size = r.I64();
  p.mtime_ns = r.I64();
  p.content_hash = r.U64();
  p.title = r.Str();
  p.author = r.Str();
  p.from = r.Str();
  p.file_slug = r.Str();
  p.slug = r.Opt();
  p.permalink = r.Opt();
  p.tags = r.Strs();
  p.categories = r.Strs();
  p.date.has_offset = r.U64() != 0;
  p.date.epoch_ms = r.I64();
  p.published = r.U64() != 0;
  p.snippet = r.Str();
  p.doc_id = static_cast<uint32_t>(r.U64());
  p.url_key = r.U64();
  p.url = r.Str();
  p.output_path = r.Str();
  return p;
}

}  // namespace

std::string EncodeBuildCache(const BuildCache& cache) {
  Writer w;
  w.Reserve(cache.posts.size() * 640 + cache.outputs.size() * 96);  // about what they take: no regrowing
  w.Raw(kMagic);
  w.U64(cache.posts.size());
  for (const PostRecord& p : cache.posts) WritePost(w, p);
  w.U64(cache.next_doc_id);
  // Sorted, so that the same state always encodes to the same bytes.
  std::vector<const std::pair<const std::string, OutputRecord>*> outputs;
  for (const auto& entry : cache.outputs) outputs.push_back(&entry);
  std::sort(outputs.begin(), outputs.end(), [](auto* a, auto* b) { return a->first < b->first; });
  w.U64(outputs.size());
  for (const auto* entry : outputs) {
    w.Str(entry->first);
    w.U64(entry->second.fingerprint);
    w.U64(entry->second.files.size());
    for (const auto& [path, hash] : entry->second.files) {
      w.Str(path);
      w.U64(hash);
    }
  }
  return w.Take();
}

BuildCache DecodeBuildCache(std::string_view bytes) {
  BuildCache cache;
  Reader r(bytes);
  if (!r.Skip(kMagic)) return {};
  try {
    cache.posts.resize(r.Count());
    for (PostRecord& p : cache.posts) p = ReadPostRecord(r);
    cache.next_doc_id = static_cast<uint32_t>(r.U64());
    size_t outputs = r.Count();
    for (size_t i = 0; i < outputs; ++i) {
      std::string key = r.Str();
      OutputRecord& o = cache.outputs[key];
      o.fingerprint = r.U64();
      o.files.resize(r.Count());
      for (auto& [path, hash] : o.files) {
        path = r.Str();
        hash = r.U64();
      }
    }
    if (!r.AtEnd()) return {};
  } catch (const Truncated&) {
    return {};
  }
  return cache;
}

std::string EncodeBuildInputs(const BuildInputs& inputs) {
  Writer w;
  w.Raw(kInputsMagic);
  w.U64(inputs.signature);
  w.U64(static_cast<uint64_t>(inputs.posts));
  w.U64(static_cast<uint64_t>(inputs.files_total));
  w.Strs(inputs.problems);
  return w.Take();
}

std::optional<BuildInputs> DecodeBuildInputs(std::string_view bytes) {
  Reader r(bytes);
  if (!r.Skip(kInputsMagic)) return std::nullopt;
  BuildInputs inputs;
  try {
    inputs.signature = r.U64();
    inputs.posts = static_cast<int>(r.U64());
    inputs.files_total = static_cast<int>(r.U64());
    inputs.problems = r.Strs();
  } catch (const Truncated&) {
    return std::nullopt;
  }
  if (!r.AtEnd()) return std::nullopt;
  return inputs;
}

}  // namespace feedmirror
