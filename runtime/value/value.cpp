#include "runtime/value/value.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
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

namespace {

// A thread's own map of the names it interned during one concurrent phase of an interner: most
// names repeat, and are then found without taking the interner's lock (2 threads loading
// files spent 10 % of their time on it). The views point into the interner's storage.
struct InternCache {
  uint64_t phase = 0;
  std::unordered_map<std::string_view, uint32_t> ids;
};
thread_local InternCache intern_cache;
std::atomic<uint64_t> intern_phases{0};

}  // namespace

void Interner::SetConcurrent(bool on) {
  concurrent_ = on;
  phase_ = on ? ++intern_phases : 0;
  intern_cache.ids.clear();
}

uint32_t Interner::Intern(std::string_view name) {
  if (!concurrent_) return InternLocked(name);
  InternCache& cache = intern_cache;
  if (cache.phase != phase_) {
    cache.ids.clear();
    cache.phase = phase_;
  }
  if (auto it = cache.ids.find(name); it != cache.ids.end()) return it->second;
  uint32_t id;
  std::string_view stored;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    id = InternLocked(name);
    stored = Name(id);
  }
  cache.ids.emplace(stored, id);
  return id;
}

uint32_t Interner::InternLocked(std::string_view name) {
  auto it = ids_.find(name);
  if (it != ids_.end()) return it->second;
  uint32_t id = size_;
  Slot at = SlotOf(id);
  std::unique_ptr<std::string[]>& chunk = chunks_[at.chunk];
  if (chunk == nullptr) chunk.reset(new std::string[kFirstChunk << at.chunk]);
  std::string& slot = chunk[at.index];
  slot.assign(name);
  ++size_;
  ids_.emplace(std::string_view(slot), id);
  return id;
}

uint32_t Interner::Find(std::string_view name) const {
  std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
  if (concurrent_) lock.lock();
  auto it = ids_.find(name);
  return it == ids_.end() ? kNone : it->second;
}

// --- Arena -------------------------------------------------------------------------------------

namespace {
constexpr size_t kFirstBlock = 64 * 1024;     // the shared blocks start at 64 KiB ...
constexpr size_t kMaxBlock = 8 << 20;         // ... and double up to 8 MiB (huge pages from 2)
constexpr size_t kBigAllocation = 16 * 1024;  // larger requests get a block of their own
}  // namespace

void* Arena::Allocate(size_t bytes, size_t align) {
  if (align == 0 || (align & (align - 1)) != 0) align = alignof(std::max_align_t);
  total_ += bytes;
  if (bytes >= kBigAllocation) {
    // Own block; the current block stays current so its free space is not wasted.
    char* p = NewBlock(bytes + align);  // not zeroed: callers initialise
    auto start = reinterpret_cast<uintptr_t>(p);
    runs_.push_back({start, start + bytes + align, segment_});
    return p + ((align - start % align) % align);
  }
  auto addr = reinterpret_cast<uintptr_t>(cur_);
  size_t pad = cur_ == nullptr ? 0 : (align - addr % align) % align;
  if (cur_ == nullptr || pad + bytes > left_) {
    CloseRun();
    size_t size = std::min(kMaxBlock, kFirstBlock << std::min<size_t>(grown_, 11));
    ++grown_;
    cur_ = NewBlock(size);
    left_ = size;
    addr = reinterpret_cast<uintptr_t>(cur_);
    open_ = addr;
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

void Arena::CloseRun() {
  auto end = reinterpret_cast<uintptr_t>(cur_);
  if (cur_ != nullptr && end > open_) runs_.push_back({open_, end, segment_});
  open_ = end;
}

uint32_t Arena::StartSegment() {
  CloseRun();
  return ++segment_;
}

uint32_t Arena::Absorb(Arena&& other) {
  CloseRun();
  other.CloseRun();
  uint32_t base = segment_;
  for (Block& block : other.blocks_) blocks_.push_back(std::move(block));
  for (Run run : other.runs_) runs_.push_back({run.begin, run.end, base + run.segment});
  segment_ = base + other.segment_;
  total_ += other.total_;
  other = Arena();
  return base;
}

void Arena::PrepareConcurrentReads() const {
  // (An empty arena matches the initial, empty index: concurrent calls then write nothing.)
  if (sorted_runs_ == runs_.size() && sorted_cur_ == cur_) return;
  sorted_ = runs_;
  auto end = reinterpret_cast<uintptr_t>(cur_);
  if (cur_ != nullptr && end > open_) sorted_.push_back({open_, end, segment_});
  std::sort(sorted_.begin(), sorted_.end(),
            [](const Run& a, const Run& b) { return a.begin < b.begin; });
  sorted_runs_ = runs_.size();
  sorted_cur_ = cur_;
}

int64_t Arena::SegmentOf(const void* p) const {
  PrepareConcurrentReads();
  auto addr = reinterpret_cast<uintptr_t>(p);
  auto it = std::upper_bound(sorted_.begin(), sorted_.end(), addr,
                             [](uintptr_t a, const Run& r) { return a < r.begin; });
  if (it == sorted_.begin()) return -1;
  --it;
  if (addr >= it->end) return -1;
  return it->segment;
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
