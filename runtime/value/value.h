// The inventory value model: immutable JSON-like values in an arena, object keys as interned ids.
// Loaders build these once; the interpreter and compiled checkers read them without copying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
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
  std::string_view Name(uint32_t id) const { return names_[id]; }
  static constexpr uint32_t kNone = 0xffffffffu;

 private:
  std::deque<std::string> names_;
  std::unordered_map<std::string_view, uint32_t> ids_;
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
  // Starts a new segment: later allocations go to new blocks. Returns the segment's first
  // block, for BlockOf. `expected_bytes`, when known, sizes its first block (a small file's
  // values get a small block, not 64 KiB: 10,000 files are 10,000 segments).
  size_t StartSegment(size_t expected_bytes = 0);
  // Index of the block holding `p`, or -1 when the arena does not own it.
  int64_t BlockOf(const void* p) const;

 private:
  // A block from the heap, or (2 MiB or more) a BigBuffer on huge pages.
  struct Block {
    std::unique_ptr<char[]> heap;
    BigBuffer big;
    size_t size = 0;
    char* data() const { return big.data() != nullptr ? big.data() : heap.get(); }
  };
  char* NewBlock(size_t size);

  std::vector<Block> blocks_;
  size_t segment_blocks_ = 0;                                 // blocks of the current segment
  size_t first_block_ = 0;                                    // the current segment's first size
  mutable std::vector<std::pair<uintptr_t, size_t>> sorted_;  // (start, block), built lazily
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
