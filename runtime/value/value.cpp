#include "runtime/value/value.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "runtime/support/json_text.h"

namespace srm::rt {

const char* KindName(ValueKind kind) {
  switch (kind) {
    case ValueKind::kNull:
      return "null";
    case ValueKind::kBool:
      return "bool";
    case ValueKind::kInt:
      return "int";
    case ValueKind::kDouble:
      return "number";
    case ValueKind::kString:
      return "string";
    case ValueKind::kList:
      return "list";
    case ValueKind::kObject:
      return "object";
    case ValueKind::kUnknown:
      return "unknown";
  }
  return "?";
}

const Value* Value::Get(uint32_t key) const {
  if (kind != ValueKind::kObject) return nullptr;
  for (uint32_t i = 0; i < size; ++i) {
    if (members[i].key == key) return &members[i].value;
  }
  return nullptr;
}

// --- Interner ----------------------------------------------------------------------------------

uint32_t Interner::Intern(std::string_view name) {
  auto it = ids_.find(name);
  if (it != ids_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(std::string_view(names_.back()), id);
  return id;
}

uint32_t Interner::Find(std::string_view name) const {
  auto it = ids_.find(name);
  return it == ids_.end() ? kNone : it->second;
}

// --- Arena -------------------------------------------------------------------------------------

namespace {
constexpr size_t kFirstBlock = 64 * 1024;     // a segment's blocks start at 64 KiB ...
constexpr size_t kSmallestBlock = 4 * 1024;   // ... or less, down to 4 KiB, for a small file
constexpr size_t kMaxBlock = 8 << 20;         // ... and double up to 8 MiB (huge pages from 2)
constexpr size_t kBigAllocation = 16 * 1024;  // larger requests get a block of their own
}  // namespace

void* Arena::Allocate(size_t bytes, size_t align) {
  if (align == 0 || (align & (align - 1)) != 0) align = alignof(std::max_align_t);
  total_ += bytes;
  if (bytes >= kBigAllocation) {
    // Own block; the current block stays current so its free space is not wasted.
    char* p = NewBlock(bytes + align);  // not zeroed: callers initialise
    auto addr = reinterpret_cast<uintptr_t>(p);
    return p + ((align - addr % align) % align);
  }
  auto addr = reinterpret_cast<uintptr_t>(cur_);
  size_t pad = cur_ == nullptr ? 0 : (align - addr % align) % align;
  if (cur_ == nullptr || pad + bytes > left_) {
    size_t first = first_block_ != 0 ? first_block_ : kFirstBlock;
    size_t size = std::min(kMaxBlock, first << std::min<size_t>(segment_blocks_, 11));
    ++segment_blocks_;
    cur_ = NewBlock(size);
    left_ = size;
    addr = reinterpret_cast<uintptr_t>(cur_);
    pad = (align - addr % align) % align;
  }
  char* p = cur_ + pad;
  cur_ = p + bytes;
  left_ -= pad + bytes;
  return p;
}

char* Arena::NewBlock(size_t size) {
  Block block;
  block.size = size;
  if (size >= BigBuffer::kHugePage) {
    block.big = BigBuffer(size);
  } else {
    block.heap.reset(new char[size]);
  }
  blocks_.push_back(std::move(block));
  return blocks_.back().data();
}

size_t Arena::StartSegment(size_t expected_bytes) {
  cur_ = nullptr;
  left_ = 0;
  segment_blocks_ = 0;
  first_block_ = kFirstBlock;
  while (expected_bytes != 0 && first_block_ > kSmallestBlock && first_block_ / 2 >= expected_bytes)
    first_block_ /= 2;
  return blocks_.size();
}

int64_t Arena::BlockOf(const void* p) const {
  if (sorted_.size() != blocks_.size()) {
    sorted_.clear();
    for (size_t i = 0; i < blocks_.size(); ++i)
      sorted_.emplace_back(reinterpret_cast<uintptr_t>(blocks_[i].data()), i);
    std::sort(sorted_.begin(), sorted_.end());
  }
  auto addr = reinterpret_cast<uintptr_t>(p);
  auto it = std::upper_bound(sorted_.begin(), sorted_.end(),
                             std::make_pair(addr, static_cast<size_t>(-1)));
  if (it == sorted_.begin()) return -1;
  --it;
  if (addr >= it->first + blocks_[it->second].size) return -1;
  return static_cast<int64_t>(it->second);
}

std::string_view Arena::CopyString(std::string_view s) {
  if (s.empty()) return std::string_view("", 0);
  char* p = static_cast<char*>(Allocate(s.size(), 1));
  std::memcpy(p, s.data(), s.size());
  return {p, s.size()};
}

// --- Describe ----------------------------------------------------------------------------------

namespace {

// Renders into `out`, stopping early once `out` is longer than `limit` (it is cut later).
void DescribeInto(const Value& v, const Interner& names, size_t limit, int depth,
                  std::string& out) {
  if (out.size() > limit) return;
  switch (v.kind) {
    case ValueKind::kNull:
      out += "null";
      return;
    case ValueKind::kBool:
      out += v.b ? "true" : "false";
      return;
    case ValueKind::kInt:
      out += fmt::format("{}", v.i);
      return;
    case ValueKind::kDouble:
      out += fmt::format("{}", v.d);
      return;
    case ValueKind::kString: {
      // Quote at most a little more than fits: the rest would be cut anyway.
      std::string_view s = v.AsString();
      if (s.size() > limit + 1) s = s.substr(0, limit + 1);
      out += JsonQuote(s);
      return;
    }
    case ValueKind::kList:
      if (depth > 16) {
        out += "[...]";
        return;
      }
      out += '[';
      for (uint32_t i = 0; i < v.size && out.size() <= limit; ++i) {
        if (i > 0) out += ", ";
        DescribeInto(v.items[i], names, limit, depth + 1, out);
      }
      out += ']';
      return;
    case ValueKind::kObject:
      if (depth > 16) {
        out += "{...}";
        return;
      }
      out += '{';
      for (uint32_t i = 0; i < v.size && out.size() <= limit; ++i) {
        if (i > 0) out += ", ";
        out += JsonQuote(names.Name(v.members[i].key));
        out += ": ";
        DescribeInto(v.members[i].value, names, limit, depth + 1, out);
      }
      out += '}';
      return;
    case ValueKind::kUnknown:
      out += "(known after apply)";
      return;
  }
}

}  // namespace

std::string Describe(const Value& v, const Interner& names, size_t max_len) {
  if (max_len < 4) max_len = 4;
  std::string out;
  DescribeInto(v, names, max_len, 0, out);
  if (out.size() <= max_len) return out;
  size_t cut = max_len - 3;
  // Do not split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  out += "...";
  return out;
}

std::string_view IntrinsicKey(const Value& v, const Interner& names) {
  if (v.kind != ValueKind::kObject || v.size != 1) return {};
  std::string_view key = names.Name(v.members[0].key);
  if (key == "Ref" || key == "Condition" || key.substr(0, 4) == "Fn::") return key;
  return {};
}

}  // namespace srm::rt
