#include "site/build_cache.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "util/error.h"

namespace feedmirror {

namespace {

// 6: records as a stable part (copied as it is) and what the build made;
// outputs under the hash of their key, file lists as they are encoded.
constexpr std::string_view kMagic = "feedmirror-site-cache-6\n";
constexpr std::string_view kInputsMagic = "feedmirror-site-inputs-1\n";

class Writer {
 public:
  Writer() = default;
  // Hands what it wrote to `sink` in pieces of about a megabyte.
  explicit Writer(const std::function<void(std::string_view)>* sink) : sink_(sink) {}
  void MaybeFlush() {
    if (sink_ != nullptr && out_.size() >= (1u << 20)) Flush();
  }
  void Flush() {
    if (sink_ != nullptr && !out_.empty()) (*sink_)(out_);
    out_.clear();
  }
  void U64(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void Fixed64(uint64_t v) {
    char b[8];
    for (int k = 0; k < 8; ++k) b[k] = static_cast<char>(v >> (8 * k));
    out_.append(b, 8);
  }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  template <typename S>
  void Strs(const std::vector<S>& v) {
    U64(v.size());
    for (const S& s : v) Str(s);
  }
  void Opt(const std::optional<std::string_view>& s) {
    U64(s ? 1 : 0);
    if (s) Str(*s);
  }
  void Raw(std::string_view s) { out_.append(s); }
  void Reserve(size_t n) { out_.reserve(n); }
  std::string Take() { return std::move(out_); }

 private:
  const std::function<void(std::string_view)>* sink_ = nullptr;
  std::string out_;
};

struct Truncated : std::runtime_error {
  Truncated() : std::runtime_error("truncated") {}
};

// Reads from bytes that outlive what it returns: strings are views of them.
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
  uint64_t Fixed64() {
    std::string_view b = Bytes(8);
    uint64_t v = 0;
    for (int k = 0; k < 8; ++k) v |= static_cast<uint64_t>(static_cast<unsigned char>(b[k])) << (8 * k);
    return v;
  }
  // A count of things of at least `min_bytes` each: no count exceeds what
  // the bytes left can hold (damaged bytes allocate nothing huge).
  size_t Count(size_t min_bytes = 1) {
    uint64_t n = U64();
    if (n > (in_.size() - pos_) / min_bytes) throw Truncated();
    return static_cast<size_t>(n);
  }
  std::string_view Bytes(size_t n) {
    if (n > in_.size() - pos_) throw Truncated();
    std::string_view s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string_view Str() { return Bytes(Count()); }
  std::vector<std::string_view> Strs() {
    std::vector<std::string_view> v(Count());
    for (std::string_view& s : v) s = Str();
    return v;
  }
  std::optional<std::string_view> Opt() {
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

void WriteStable(Writer& w, const PostRecord& p) {
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
}

// The stable part's fields from its bytes (which must end there).
void ReadStable(std::string_view stable, PostRecord& p) {
  Reader r(stable);
  p.stable = stable;
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
  if (!r.AtEnd()) throw Truncated();
}

void WritePost(Writer& w, const PostRecord& p) {
  if (!p.stable.empty()) {
    w.Str(p.stable);
  } else {
    Writer stable;
    WriteStable(stable, p);
    w.Str(stable.Take());
  }
  w.U64(p.doc_id);
  w.U64(p.url_key);
  w.I64(p.instant_ms);
  w.I64(p.local_ms);
  w.U64(p.entry_hash);
  w.Str(p.url);
  w.Str(p.output_path);
}

void ReadPost(Reader& r, PostRecord& p) {
  ReadStable(r.Str(), p);
  p.doc_id = static_cast<uint32_t>(r.U64());
  p.url_key = r.U64();
  p.instant_ms = r.I64();
  p.local_ms = r.I64();
  p.entry_hash = r.U64();
  p.url = r.Str();
  p.output_path = r.Str();
}

void WriteFiles(Writer& w, const std::vector<std::pair<std::string, uint64_t>>& files) {
  w.U64(files.size());
  for (const auto& [path, hash] : files) {
    w.Str(path);
    w.U64(hash);
  }
}

// Calls fn(path, hash) for each file of an encoded list.
template <typename Fn>
void ReadFiles(std::string_view encoded, const Fn& fn) {
  Reader r(encoded);
  for (size_t n = r.Count(); n > 0; --n) {
    std::string_view path = r.Str();
    fn(path, r.U64());
  }
  if (!r.AtEnd()) throw Truncated();
}

}  // namespace

std::vector<std::pair<std::string, uint64_t>> OutputRecord::Files() const {
  if (encoded.empty()) return files;
  std::vector<std::pair<std::string, uint64_t>> out;
  ReadFiles(encoded, [&](std::string_view path, uint64_t hash) { out.emplace_back(path, hash); });
  return out;
}

size_t OutputRecord::FileCount() const {
  if (encoded.empty()) return files.size();
  return Reader(encoded).Count();
}

void OutputRecord::ForEachPath(const std::function<void(std::string_view)>& fn) const {
  if (encoded.empty()) {
    for (const auto& [path, hash] : files) fn(path);
    return;
  }
  ReadFiles(encoded, [&](std::string_view path, uint64_t) { fn(path); });
}

OutputRecord* BuildCache::Find(uint64_t key) {
  auto it = std::lower_bound(outputs.begin(), outputs.end(), key,
                             [](const OutputRecord& o, uint64_t k) { return o.key < k; });
  return it != outputs.end() && it->key == key ? &*it : nullptr;
}

std::string EncodeStablePart(const PostRecord& record) {
  Writer w;
  WriteStable(w, record);
  return w.Take();
}

PostRecord RecordFromStablePart(std::shared_ptr<const std::string> bytes) {
  PostRecord p;
  try {
    ReadStable(*bytes, p);
  } catch (const Truncated&) {
    throw Error("damaged post record");
  }
  p.owned = std::move(bytes);
  return p;
}

std::string EncodeBuildCache(const BuildCache& cache) {
  std::string out;
  EncodeBuildCache(cache, [&](std::string_view piece) { out.append(piece); });
  return out;
}

void EncodeBuildCache(const BuildCache& cache, const std::function<void(std::string_view)>& sink) {
  Writer w(&sink);
  w.Reserve((1u << 20) + (1u << 16));
  w.Raw(kMagic);
  w.U64(cache.posts.size());
  for (const PostRecord& p : cache.posts) {
    WritePost(w, p);
    w.MaybeFlush();
  }
  w.U64(cache.next_doc_id);
  // Sorted, so that the same state always encodes to the same bytes (and
  // the decoded outputs are sorted for Find).
  std::vector<const OutputRecord*> outputs;
  outputs.reserve(cache.outputs.size());
  for (const OutputRecord& o : cache.outputs) outputs.push_back(&o);
  std::sort(outputs.begin(), outputs.end(), [](auto* a, auto* b) { return a->key < b->key; });
  w.U64(outputs.size());
  Writer files;
  for (const OutputRecord* o : outputs) {
    w.Fixed64(o->key);
    w.U64(o->fingerprint);
    if (!o->encoded.empty()) {
      w.Str(o->encoded);
    } else {
      WriteFiles(files, o->files);
      w.Str(files.Take());
    }
    w.MaybeFlush();
  }
  w.Flush();
}

BuildCache DecodeBuildCache(std::string_view bytes, std::shared_ptr<const void> owner) {
  BuildCache cache;
  Reader r(bytes);
  if (!r.Skip(kMagic)) return {};
  try {
    cache.posts.resize(r.Count(8));
    for (PostRecord& p : cache.posts) ReadPost(r, p);
    cache.next_doc_id = static_cast<uint32_t>(r.U64());
    cache.outputs.resize(r.Count(10));
    uint64_t previous = 0;
    for (size_t i = 0; i < cache.outputs.size(); ++i) {
      OutputRecord& o = cache.outputs[i];
      o.key = r.Fixed64();
      if (i > 0 && o.key < previous) return {};  // not sorted: damaged
      previous = o.key;
      o.fingerprint = r.U64();
      o.encoded = r.Str();
      ReadFiles(o.encoded, [](std::string_view, uint64_t) {});  // damaged bytes fail here, not later
    }
    if (!r.AtEnd()) return {};
  } catch (const Truncated&) {
    return {};
  }
  cache.keep.push_back(std::move(owner));
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
    for (std::string_view problem : r.Strs()) inputs.problems.emplace_back(problem);
  } catch (const Truncated&) {
    return std::nullopt;
  }
  if (!r.AtEnd()) return std::nullopt;
  return inputs;
}

}  // namespace feedmirror
