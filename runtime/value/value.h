// The inventory value model: immutable JSON-like values in an arena, object keys as interned ids.
// Loaders build these once; the interpreter and compiled checkers read them without copying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "runtime/support/big_buffer.h"

namespace srm::rt {

// kUnknown: a value that exists but is not known yet (Terraform's "known after apply").
enum class ValueKind : uint8_t { kNull, kBool, kInt, kDouble, kString, kList, kObject, kUnknown };

// "null", "bool", "int", "number", "string", "list", "object", "unknown"
const char* KindName(ValueKind kind);

struct Member;

inline constexpr uint32_t kMaxValueSize = (1u << 29) - 1;

// 16 bytes: the kind shares a word with the size, which limits strings, lists and objects to
// kMaxValueSize bytes or elements (loaders reject larger ones).
struct Value {
  ValueKind kind : 3 = ValueKind::kNull;
  uint32_t size : 29 = 0;  // string length, list length or member count
  uint32_t offset = 0;     // byte offset of the value in its source file
  union {
    bool b;
    int64_t i;
    double d;
    const char* str;        // kString: `size` bytes, not NUL-terminated
    const Value* items;     // kList
    const Member* members;  // kObject, in source order
  };
  Value() : i(0) {}

  std::string_view AsString() const { return {str, size}; }
  // Member lookup by interned key; nullptr when absent.
  const Value* Get(uint32_t key) const;
};

struct Member {
  uint32_t key;  // interned
  uint32_t key_offset;
  Value value;
};

static_assert(sizeof(Value) == 16 && sizeof(Member) == 24, "inventory values stay compact");

// Interns property names to dense ids. Ids are stable for the interner's lifetime.
class Interner {
 public:
  uint32_t Intern(std::string_view name);
  // Returns kNone when the name was never interned.
  uint32_t Find(std::string_view name) const;
  std::string_view Name(uint32_t id) const {
    Slot s = SlotOf(id);
    return chunks_[s.chunk][s.index];
  }
  // While set, Intern and Find may be called from several threads at once, and Name of the
  // ids they returned (the parallel loading of inventory files). Set and cleared while no
  // other thread uses the interner.
  void SetConcurrent(bool on);
  static constexpr uint32_t kNone = 0xffffffffu;

 private:
  static constexpr int kFirstChunkBits = 10;
  static constexpr uint64_t kFirstChunk = uint64_t{1} << kFirstChunkBits;
  struct Slot {
    int chunk;       // index into chunks_; the chunk holds kFirstChunk << chunk names
    uint64_t index;  // within the chunk
  };
  // Chunk c holds ids [kFirstChunk * (2^c - 1), kFirstChunk * (2^(c+1) - 1)).
  static Slot SlotOf(uint32_t id) {
    uint64_t x = uint64_t{id} + kFirstChunk;
    int top = 63 - __builtin_clzll(x);
    return {top - kFirstChunkBits, x - (uint64_t{1} << top)};
  }
  uint32_t InternLocked(std::string_view name);

  // Names by id in chunks of doubling size that never move (Name reads them without a lock
  // while other threads intern): chunk c holds kFirstChunk << c names; 23 chunks cover 2^32.
  std::unique_ptr<std::string[]> chunks_[23];
  uint32_t size_ = 0;
  std::unordered_map<std::string_view, uint32_t> ids_;
  bool concurrent_ = false;
  uint64_t phase_ = 0;  // of the concurrent use: tells the threads' caches apart (Intern)
  mutable std::mutex mutex_;
};

// Bump allocator owning all values of an inventory.
class Arena {
 public:
  void* Allocate(size_t bytes, size_t align = alignof(std::max_align_t));
  template <typename T>
  T* AllocateArray(size_t n) {
    return static_cast<T*>(Allocate(sizeof(T) * (n == 0 ? 1 : n), alignof(T)));
  }
  std::string_view CopyString(std::string_view s);
  size_t bytes_allocated() const { return total_; }
  // Starts a new segment (one per inventory file): later allocations belong to it, sharing
  // the current block with the segment before (10,000 small files fill a few large blocks,
  // not 10,000 small ones). Returns its number; the first is 1 (0 is what came before).
  uint32_t StartSegment();
  // The segment of the allocation holding `p`, or -1 when the arena does not own it.
  int64_t SegmentOf(const void* p) const;
  // Builds SegmentOf's index now: afterwards it only reads, and threads may call it
  // concurrently as long as nothing is allocated meanwhile.
  void PrepareConcurrentReads() const;
  // Takes over `other`'s memory: its segment s becomes segment base + s of this arena, where
  // base (returned) was this arena's current segment; the last of them is then current.
  // `other` is left empty.
  uint32_t Absorb(Arena&& other);

 private:
  // A block from the heap, or (2 MiB or more) a BigBuffer on huge pages.
  struct Block {
    std::unique_ptr<char[]> heap;
    BigBuffer big;
    size_t size = 0;
    char* data() const { return big.data() != nullptr ? big.data() : heap.get(); }
  };
  // Addresses [begin, end) allocated to one segment.
  struct Run {
    uintptr_t begin, end;
    uint32_t segment;
  };
  char* NewBlock(size_t size);
  void CloseRun();  // records the current segment's run in the current block

  std::vector<Block> blocks_;
  size_t grown_ = 0;                 // blocks of the shared (small-allocation) sequence so far
  std::vector<Run> runs_;            // closed runs, in allocation order
  uintptr_t open_ = 0;               // start of the open run: in the current block, up to cur_
  uint32_t segment_ = 0;             // the current segment
  mutable std::vector<Run> sorted_;  // runs_ and the open run by address, built lazily ...
  mutable size_t sorted_runs_ = 0;   // ... from this many closed runs ...
  mutable const char* sorted_cur_ = nullptr;  // ... and the open run up to here
  char* cur_ = nullptr;
  size_t left_ = 0;
  size_t total_ = 0;
};

// A short, single-line rendering of a value for messages (e.g. `{"Ref": "Param"}`), at most
// `max_len` bytes, with ... when cut.
std::string Describe(const Value& v, const Interner& names, size_t max_len = 60);

// IntrinsicName's test of a one-member object (anything else gives empty).
std::string_view IntrinsicKey(const Value& one_member, const Interner& names);

// Recognises CloudFormation intrinsic functions: an object with exactly one key that is "Ref",
// "Condition" or starts with "Fn::". Returns that key or empty. Inline: it is asked of every
// resource's properties for every control, and most values are not one-member objects.
inline std::string_view IntrinsicName(const Value& v, const Interner& names) {
  if (v.kind != ValueKind::kObject || v.size != 1) return {};
  return IntrinsicKey(v, names);
}

}  // namespace srm::rt
