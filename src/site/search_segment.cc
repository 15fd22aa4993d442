#include "site/search_segment.h"

#include <algorithm>
#include <charconv>

#include "site/hash.h"
#include "site/search_index.h"

namespace feedmirror {

namespace {

constexpr std::string_view kMagic = "feedmirror-search-postings-2\n";  // 2: ordered by shard first
constexpr size_t kBlockSize = 1 << 20;

void PutVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Reads varints from bytes; `ok` turns false at the first malformed one.
struct VarintReader {
  std::string_view in;
  size_t pos = 0;
  bool ok = true;
  uint64_t Next() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64 && pos < in.size(); shift += 7) {
      unsigned char c = static_cast<unsigned char>(in[pos++]);
      v |= static_cast<uint64_t>(c & 0x7F) << shift;
      if (!(c & 0x80)) return v;
    }
    ok = false;
    return 0;
  }
  // A count no larger than the bytes left (each item takes at least one).
  size_t Count() {
    uint64_t n = Next();
    if (n > in.size() - pos) ok = false;
    return ok ? static_cast<size_t>(n) : 0;
  }
};

}  // namespace

std::optional<SegmentPostings> SegmentPostings::Decode(std::string bytes, uint64_t salt) {
  if (!std::string_view(bytes).starts_with(kMagic)) return std::nullopt;
  SegmentPostings s;
  s.blocks_.push_back(std::move(bytes));
  const std::string& data = s.blocks_.back();
  s.block_used_ = kBlockSize;  // the next token goes to a new block
  VarintReader r{data, kMagic.size()};
  if (r.Next() != salt) return std::nullopt;
  uint32_t id = 0;
  for (size_t n = r.Count(); n > 0 && r.ok; --n) {
    id += static_cast<uint32_t>(r.Next());
    s.docs_[id] = r.Next();
  }
  for (size_t tokens = r.Count(); tokens > 0 && r.ok; --tokens) {
    size_t size = r.Count();
    if (!r.ok) break;
    std::string_view token(data.data() + r.pos, size);
    r.pos += size;
    Posting p{Hash64(token), PackedKey(token), token.data(), static_cast<uint32_t>(size), 0, SearchShardOf(token)};
    uint32_t doc = 0;
    for (size_t n = r.Count(); n > 0 && r.ok; --n) {
      doc += static_cast<uint32_t>(r.Next());
      p.id = doc;
      s.postings_.push_back(p);
    }
  }
  if (!r.ok || r.pos != data.size()) return std::nullopt;
  return s;
}

std::string SegmentPostings::Encode(uint64_t salt) {
  const Ordered& o = Order();
  std::string out(kMagic);
  out.reserve(kMagic.size() + 12 * docs_.size() + 10 * o.tokens.size() + 2 * o.ids.size());
  PutVarint(out, salt);
  PutVarint(out, docs_.size());
  uint32_t prev = 0;
  for (const auto& [id, hash] : docs_) {
    PutVarint(out, id - prev);
    PutVarint(out, hash);
    prev = id;
  }
  PutVarint(out, o.tokens.size());
  for (size_t k = 0; k < o.tokens.size(); ++k) {
    PutVarint(out, o.tokens[k].bytes.size());
    out.append(o.tokens[k].bytes);
    PutVarint(out, o.starts[k + 1] - o.starts[k]);
    prev = 0;
    for (uint32_t i = o.starts[k]; i < o.starts[k + 1]; ++i) {
      PutVarint(out, o.ids[i] - prev);
      prev = o.ids[i];
    }
  }
  return out;
}

bool SegmentPostings::Has(uint32_t id, uint64_t doc_hash) const {
  auto it = docs_.find(id);
  return it != docs_.end() && it->second == doc_hash;
}

void SegmentPostings::Drop(const std::vector<uint32_t>& ids) {
  if (ids.empty()) return;
  for (uint32_t id : ids) docs_.erase(id);
  std::vector<uint32_t> sorted(ids);
  std::sort(sorted.begin(), sorted.end());
  std::erase_if(postings_, [&](const Posting& p) { return std::binary_search(sorted.begin(), sorted.end(), p.id); });
  ordered_.reset();
}

const char* SegmentPostings::Store(std::string_view token) {
  if (blocks_.empty() || block_used_ + token.size() > kBlockSize) {
    blocks_.emplace_back();
    blocks_.back().resize(std::max(kBlockSize, token.size()));
    block_used_ = 0;
  }
  char* at = blocks_.back().data() + block_used_;
  std::copy(token.begin(), token.end(), at);
  block_used_ += token.size();
  return at;
}

void SegmentPostings::Add(uint32_t id, uint64_t doc_hash, const std::vector<std::string>& tokens) {
  if (docs_.contains(id)) Drop({id});
  docs_[id] = doc_hash;
  for (const std::string& t : tokens) Put(t, Hash64(t), SearchShardOf(t), id);
  ordered_.reset();
}

void SegmentPostings::Add(uint32_t id, uint64_t doc_hash, const SearchTokenList& tokens) {
  if (docs_.contains(id)) Drop({id});
  docs_[id] = doc_hash;
  for (size_t k = 0; k < tokens.size(); ++k) Put(tokens[k], tokens.hashes[k], SearchShardOf(tokens[k]), id);
  ordered_.reset();
}

void SegmentPostings::Put(std::string_view token, uint64_t hash, uint32_t shard, uint32_t id) {
  postings_.push_back({hash, PackedKey(token), Store(token), static_cast<uint32_t>(token.size()), id, shard});
}

uint64_t SegmentPostings::PackedKey(std::string_view token) {
  if (token.size() > 7) return 0;
  uint64_t key = token.size();
  for (char c : token) key = (key << 8) | static_cast<unsigned char>(c);
  return key;
}

struct SegmentPostings::Scratch {
  std::vector<uint32_t> slots;     // open addressing: 0 free, else 1 + local token
  std::vector<uint32_t> first;     // local token -> its first posting
  std::vector<uint32_t> token_of;  // posting -> local token
  std::vector<uint32_t> count, next, order;
};

const SegmentPostings::Ordered& SegmentPostings::Order() {
  if (ordered_) return *ordered_;
  std::vector<size_t> starts = BucketByShard();
  Ordered o;
  o.ids.resize(postings_.size());
  Scratch scratch;
  for (uint32_t shard = 0; shard < kSearchShards; ++shard)
    OrderShard(shard, postings_.data() + starts[shard], postings_.data() + starts[shard + 1], o, scratch);
  ordered_ = std::move(o);
  return *ordered_;
}

std::vector<size_t> SegmentPostings::BucketByShard() {
  std::vector<size_t> starts(kSearchShards + 1, 0);
  for (const Posting& p : postings_) ++starts[p.shard + 1];
  for (uint32_t s = 0; s < kSearchShards; ++s) starts[s + 1] += starts[s];
  std::vector<size_t> next(starts.begin(), starts.end() - 1);
  std::vector<Posting> bucketed(postings_.size());
  for (const Posting& p : postings_) bucketed[next[p.shard]++] = p;
  postings_ = std::move(bucketed);
  return starts;
}

// Appends the shard's tokens to `o`, in the order of their hashes (then
// bytes), each with its ids: placed by counting in the order they were
// added, sorted where that was not ascending.
void SegmentPostings::OrderShard(uint32_t shard, const Posting* begin, const Posting* end, Ordered& o,
                                 Scratch& s) const {
  if (begin == end) return;
  const Posting* ps = begin;
  const auto n = static_cast<uint32_t>(end - begin);
  size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  s.slots.assign(capacity, 0);
  s.first.clear();
  s.count.clear();
  s.token_of.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    for (size_t at = ps[i].hash & (capacity - 1);; at = (at + 1) & (capacity - 1)) {
      uint32_t slot = s.slots[at];
      if (slot == 0) {
        s.slots[at] = static_cast<uint32_t>(s.first.size() + 1);
        s.token_of[i] = static_cast<uint32_t>(s.first.size());
        s.first.push_back(i);
        s.count.push_back(1);
        break;
      }
      if (ps[s.first[slot - 1]].SameToken(ps[i])) {
        s.token_of[i] = slot - 1;
        ++s.count[slot - 1];
        break;
      }
    }
  }
  s.order.resize(s.first.size());
  for (uint32_t t = 0; t < s.order.size(); ++t) s.order[t] = t;
  std::sort(s.order.begin(), s.order.end(), [&](uint32_t a, uint32_t b) {
    const Posting& x = ps[s.first[a]];
    const Posting& y = ps[s.first[b]];
    return x.hash != y.hash ? x.hash < y.hash : x.view() < y.view();
  });
  s.next.resize(s.first.size());
  size_t base = o.tokens.size();
  for (uint32_t t : s.order) {
    o.tokens.push_back({ps[s.first[t]].view(), shard});
    s.next[t] = o.starts.back();
    o.starts.push_back(o.starts.back() + s.count[t]);
  }
  for (uint32_t i = 0; i < n; ++i) o.ids[s.next[s.token_of[i]]++] = ps[i].id;
  for (size_t k = base; k < o.tokens.size(); ++k) {
    auto begin = o.ids.begin() + o.starts[k], end = o.ids.begin() + o.starts[k + 1];
    if (!std::is_sorted(begin, end)) std::sort(begin, end);
  }
}

std::vector<std::pair<uint32_t, std::string>> SegmentPostings::Shards() {
  const Ordered& o = Order();
  std::vector<std::pair<uint32_t, std::string>> files;
  char digits[16];
  for (size_t k = 0; k < o.tokens.size();) {
    uint32_t shard = o.tokens[k].shard;
    std::string json = "{";
    for (bool first = true; k < o.tokens.size() && o.tokens[k].shard == shard; ++k, first = false) {
      if (!first) json.push_back(',');
      AppendJsonString(json, o.tokens[k].bytes);
      json += ":[";
      uint32_t prev = 0;
      for (uint32_t i = o.starts[k]; i < o.starts[k + 1]; ++i) {
        if (i > o.starts[k]) json.push_back(',');
        json.append(digits, std::to_chars(digits, digits + sizeof digits, o.ids[i] - prev).ptr);
        prev = o.ids[i];
      }
      json += "]";
    }
    json += "}\n";
    files.emplace_back(shard, std::move(json));
  }
  return files;
}

}  // namespace feedmirror
