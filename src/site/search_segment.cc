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
    const char* token = data.data() + r.pos;
    r.pos += size;
    uint64_t hash = Hash64({token, size});
    uint32_t shard = SearchShardOf({token, size});
    uint32_t doc = 0;
    for (size_t n = r.Count(); n > 0 && r.ok; --n) {
      doc += static_cast<uint32_t>(r.Next());
      s.postings_.push_back({token, static_cast<uint32_t>(size), doc, shard, hash, PackedKey({token, size})});
    }
  }
  if (!r.ok || r.pos != data.size()) return std::nullopt;
  s.sorted_ = s.postings_.size();  // encoded in order
  return s;
}

std::string SegmentPostings::Encode(uint64_t salt) {
  Sort();
  std::string out(kMagic);
  PutVarint(out, salt);
  PutVarint(out, docs_.size());
  uint32_t prev = 0;
  for (const auto& [id, hash] : docs_) {
    PutVarint(out, id - prev);
    PutVarint(out, hash);
    prev = id;
  }
  size_t tokens = 0;
  for (size_t i = 0; i < postings_.size(); ++i) tokens += i == 0 || !postings_[i].SameToken(postings_[i - 1]);
  PutVarint(out, tokens);
  for (size_t i = 0; i < postings_.size();) {
    size_t end = i + 1;
    while (end < postings_.size() && postings_[end].SameToken(postings_[i])) ++end;
    PutVarint(out, postings_[i].size);
    out.append(postings_[i].view());
    PutVarint(out, end - i);
    prev = 0;
    for (; i < end; ++i) {
      PutVarint(out, postings_[i].id - prev);
      prev = postings_[i].id;
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
  Sort();
  std::vector<uint32_t> sorted(ids);
  std::sort(sorted.begin(), sorted.end());
  std::erase_if(postings_, [&](const Posting& p) { return std::binary_search(sorted.begin(), sorted.end(), p.id); });
  sorted_ = postings_.size();
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
  for (const std::string& t : tokens)
    postings_.push_back({Store(t), static_cast<uint32_t>(t.size()), id, SearchShardOf(t), Hash64(t), PackedKey(t)});
}

uint64_t SegmentPostings::PackedKey(std::string_view token) {
  if (token.size() > 7) return 0;
  uint64_t key = token.size();
  for (char c : token) key = (key << 8) | static_cast<unsigned char>(c);
  return key;
}

bool SegmentPostings::Less(const Posting& a, const Posting& b) {
  if (a.shard != b.shard) return a.shard < b.shard;
  if (a.hash != b.hash) return a.hash < b.hash;
  if (!a.SameToken(b)) return a.view() < b.view();
  return a.id < b.id;
}

// The postings added since the last sort are bucketed by shard (a counting
// sort), each shard's few thousand sorted, then merged with the sorted
// rest. One sort of a whole segment's million postings missed the cache at
// nearly every step.
void SegmentPostings::Sort() {
  if (sorted_ == postings_.size()) return;
  auto middle = postings_.begin() + static_cast<std::ptrdiff_t>(sorted_);
  std::vector<Posting> added(middle, postings_.end());
  std::vector<size_t> start(kSearchShards + 1, 0);
  for (const Posting& p : added) ++start[p.shard + 1];
  for (uint32_t s = 0; s < kSearchShards; ++s) start[s + 1] += start[s];
  std::vector<size_t> fill(start.begin(), start.end() - 1);
  for (const Posting& p : added) middle[static_cast<std::ptrdiff_t>(fill[p.shard]++)] = p;
  for (uint32_t s = 0; s < kSearchShards; ++s)
    std::sort(middle + static_cast<std::ptrdiff_t>(start[s]), middle + static_cast<std::ptrdiff_t>(start[s + 1]), Less);
  std::inplace_merge(postings_.begin(), middle, postings_.end(), Less);
  sorted_ = postings_.size();
}

std::vector<std::pair<uint32_t, std::string>> SegmentPostings::Shards() {
  Sort();
  std::vector<std::pair<uint32_t, std::string>> files;
  char digits[16];
  for (size_t i = 0; i < postings_.size();) {
    uint32_t shard = postings_[i].shard;
    std::string json = "{";
    for (bool first = true; i < postings_.size() && postings_[i].shard == shard; first = false) {
      if (!first) json.push_back(',');
      AppendJsonString(json, postings_[i].view());
      json += ":[";
      uint32_t prev = 0;
      for (size_t j = i; i < postings_.size() && postings_[i].SameToken(postings_[j]); ++i) {
        if (i > j) json.push_back(',');
        json.append(digits, std::to_chars(digits, digits + sizeof digits, postings_[i].id - prev).ptr);
        prev = postings_[i].id;
      }
      json += "]";
    }
    json += "}\n";
    files.emplace_back(shard, std::move(json));
  }
  return files;
}

}  // namespace feedmirror
