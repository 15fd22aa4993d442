#include "site/search_segment.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>

#include "site/hash.h"
#include "site/search_index.h"

namespace feedmirror {

namespace {

constexpr std::string_view kMagic = "feedmirror-search-postings-2\n";  // 2: ordered by shard first

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

SegmentPostings::SegmentPostings() : groups_(kSearchShards >> kGroupShift) {}

void SegmentPostings::PostingList::push_back(const Posting& p) {
  if (size == chunks.size() * kChunk) chunks.push_back(std::make_unique_for_overwrite<Posting[]>(kChunk));
  (*this)[size++] = p;
}

std::optional<SegmentPostings> SegmentPostings::Decode(std::string bytes, uint64_t salt) {
  if (!std::string_view(bytes).starts_with(kMagic)) return std::nullopt;
  SegmentPostings s;
  VarintReader r{bytes, kMagic.size()};
  if (r.Next() != salt) return std::nullopt;
  uint32_t id = 0;
  for (size_t n = r.Count(); n > 0 && r.ok; --n) {
    id += static_cast<uint32_t>(r.Next());
    s.docs_[id] = r.Next();
  }
  for (size_t tokens = r.Count(); tokens > 0 && r.ok; --tokens) {
    size_t size = r.Count();
    if (!r.ok) break;
    std::string_view token(bytes.data() + r.pos, size);
    r.pos += size;
    uint32_t shard_number = SearchShardOf(token);
    Posting p{Hash64(token), s.KeyOf(token), 0, shard_number};
    PostingList& shard = s.groups_[shard_number >> kGroupShift];
    uint32_t doc = 0;
    for (size_t n = r.Count(); n > 0 && r.ok; --n) {
      doc += static_cast<uint32_t>(r.Next());
      p.id = doc;
      shard.push_back(p);
    }
  }
  if (!r.ok || r.pos != bytes.size()) return std::nullopt;
  return s;
}

std::string SegmentPostings::Encode(uint64_t salt) {
  const Ordered& o = Order();
  std::string out(kMagic);
  out.reserve(kMagic.size() + 12 * docs_.size() + 4 * o.tokens.size() + o.names.size() + 2 * o.ids.size());
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
    PutVarint(out, o.tokens[k].size);
    out.append(o.Name(k));
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
  for (PostingList& shard : groups_) {
    size_t kept = 0;
    for (size_t i = 0; i < shard.size; ++i) {
      if (!std::binary_search(sorted.begin(), sorted.end(), shard[i].id)) shard[kept++] = shard[i];
    }
    shard.size = kept;
    shard.chunks.resize((kept + kChunk - 1) / kChunk);
  }
  ordered_.reset();  // (long_tokens_ keeps the bytes of dropped tokens)
}

uint64_t SegmentPostings::KeyOf(std::string_view token) {
  if (!token.empty() && token.size() <= 7) {
    // The token in the low bytes (little-endian: the length's top byte stays
    // free), loaded as two overlapping words rather than a memcpy call.
    static_assert(std::endian::native == std::endian::little);
    const char* p = token.data();
    size_t n = token.size();
    uint64_t key = 0;
    if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      key = lo | static_cast<uint64_t>(hi) << (8 * (n - 4));
    } else {
      for (size_t i = 0; i < n; ++i) key |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    }
    return key | static_cast<uint64_t>(n) << 56;
  }
  uint64_t offset = long_tokens_.size();
  auto size = static_cast<uint32_t>(token.size());
  long_tokens_.append(reinterpret_cast<const char*>(&size), sizeof size);
  long_tokens_.append(token);
  return offset;
}

std::string_view SegmentPostings::Bytes(uint64_t key, char (&buf)[8]) const {
  if (IsShort(key)) {
    size_t size = key >> 56;
    std::memcpy(buf, &key, sizeof key);  // as KeyOf stored them
    return {buf, size};
  }
  uint32_t size;
  std::memcpy(&size, long_tokens_.data() + key, sizeof size);
  return std::string_view(long_tokens_).substr(key + sizeof size, size);
}

bool SegmentPostings::SameToken(const Posting& a, const Posting& b) const {
  if (a.hash != b.hash) return false;
  if (a.key == b.key) return true;
  if (IsShort(a.key) || IsShort(b.key)) return false;
  char x[8], y[8];
  return Bytes(a.key, x) == Bytes(b.key, y);
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
  groups_[shard >> kGroupShift].push_back({hash, KeyOf(token), id, shard});
}

struct SegmentPostings::Scratch {
  std::vector<Posting> postings;   // a group's, by shard
  std::vector<uint32_t> slots;     // open addressing: 0 free, else 1 + local token
  std::vector<uint32_t> first;     // local token -> its first posting
  std::vector<uint32_t> token_of;  // posting -> local token
  std::vector<uint32_t> count, next;
  std::vector<std::pair<uint64_t, uint32_t>> order;  // (hash, local token)
};

const SegmentPostings::Ordered& SegmentPostings::Order() {
  if (ordered_) return *ordered_;
  Ordered o;
  size_t total = 0;
  for (const PostingList& group : groups_) total += group.size;
  o.ids.resize(total);
  Scratch scratch;
  for (uint32_t group = 0; group < groups_.size(); ++group) OrderGroup(group, o, scratch);
  ordered_ = std::move(o);
  return *ordered_;
}

// Buckets the group's postings by shard (a counting sort, in order of
// adding within a shard), then orders each shard.
void SegmentPostings::OrderGroup(uint32_t group, Ordered& o, Scratch& s) const {
  constexpr uint32_t kShards = 1u << kGroupShift;
  const PostingList& list = groups_[group];
  size_t start[kShards + 1] = {};
  for (size_t i = 0; i < list.size; ++i) ++start[(list[i].shard & (kShards - 1)) + 1];
  for (uint32_t k = 0; k < kShards; ++k) start[k + 1] += start[k];
  s.postings.resize(list.size);
  size_t next[kShards];
  std::copy(start, start + kShards, next);
  for (size_t c = 0; c * kChunk < list.size; ++c) {
    const Posting* chunk = list.chunks[c].get();
    for (size_t i = 0, n = std::min(kChunk, list.size - c * kChunk); i < n; ++i)
      s.postings[next[chunk[i].shard & (kShards - 1)]++] = chunk[i];
  }
  std::vector<Posting> bucketed = std::move(s.postings);  // OrderShard reuses the rest of `s`
  for (uint32_t k = 0; k < kShards; ++k)
    OrderShard(group * kShards + k, bucketed.data() + start[k], start[k + 1] - start[k], o, s);
  s.postings = std::move(bucketed);
}

// Appends the shard's tokens to `o`, in the order of their hashes (then
// bytes), each with its ids: placed by counting in the order they were
// added, sorted where that was not ascending.
void SegmentPostings::OrderShard(uint32_t shard, const Posting* ps, size_t n, Ordered& o, Scratch& s) const {
  if (n == 0) return;
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
      if (SameToken(ps[s.first[slot - 1]], ps[i])) {
        s.token_of[i] = slot - 1;
        ++s.count[slot - 1];
        break;
      }
    }
  }
  // (hash, local token) pairs sorted in place: no indirection per compare.
  s.order.resize(s.first.size());
  for (uint32_t t = 0; t < s.order.size(); ++t) s.order[t] = {ps[s.first[t]].hash, t};
  std::sort(s.order.begin(), s.order.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    char bx[8], by[8];
    return Bytes(ps[s.first[a.second]].key, bx) < Bytes(ps[s.first[b.second]].key, by);
  });
  s.next.resize(s.first.size());
  size_t base = o.tokens.size();
  for (auto [hash, t] : s.order) {
    char buf[8];
    std::string_view name = Bytes(ps[s.first[t]].key, buf);
    o.tokens.push_back({static_cast<uint32_t>(o.names.size()), static_cast<uint32_t>(name.size()), shard});
    o.names.append(name);
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
      AppendJsonString(json, o.Name(k));
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
