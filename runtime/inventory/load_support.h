// Support for the inventory loaders: reading a file with parser padding, and the tables that find
// duplicate keys and duplicate logical ids quickly. Internal to runtime/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "runtime/support/source.h"

namespace srm::rt {
class Inventory;
}  // namespace srm::rt

namespace srm::rt::detail {

constexpr uint32_t kNoOffset = 0xFFFFFFFFu;

// Reads a whole file into `out`, leaving at least `padding` zeroed bytes of capacity after the
// text so that simdjson can parse it in place. Refuses files over `limit` bytes, without reading
// them when their size is known. Stops early after a chunk holding a NUL byte (binary data, which
// the caller reports). A small file's text goes into `inventory`'s arena (Inventory::AllocateText).
// On failure `error` says why ("cannot read file: ...").
bool ReadPaddedFile(const std::string& path, uint64_t limit, size_t padding, rt::SourceText& out,
                    std::string& error, Inventory& inventory);

// Finds repeated keys of one object: a linear scan while the object is small, a hash map after.
template <typename K>
class DupChecker {
 public:
  void Reset() {
    small_.clear();
    if (big_used_) {
      if (big_.bucket_count() > 4096) {
        big_ = {};
      } else {
        big_.clear();
      }
      big_used_ = false;
    }
  }
  // Records `key`; returns the offset of an earlier occurrence, or kNoOffset.
  uint32_t Insert(K key, uint32_t offset) {
    if (!big_used_) {
      for (const auto& [k, off] : small_) {
        if (k == key) return off;
      }
      if (small_.size() < kSmall) {
        small_.emplace_back(key, offset);
        return kNoOffset;
      }
      big_.insert(small_.begin(), small_.end());
      big_used_ = true;
      small_.clear();
    }
    auto [it, inserted] = big_.emplace(key, offset);
    return inserted ? kNoOffset : it->second;
  }

 private:
  static constexpr size_t kSmall = 16;
  std::vector<std::pair<K, uint32_t>> small_;
  std::unordered_map<K, uint32_t> big_;
  bool big_used_ = false;
};

// Ids to offsets (or other uint32 values) for up to millions of entries: logical ids seen so
// far (duplicate detection), resources by id (Inventory::ResolveReferences). Open addressing on
// stored hashes, so growing never touches the strings again.
class IdTable {
 public:
  // Room for `expected` ids without growing.
  explicit IdTable(size_t expected = 0);
  // Records `id` (which must outlive the table) at `offset`; returns the offset of an earlier
  // equal id, or kNoOffset.
  uint32_t Insert(std::string_view id, uint32_t offset);
  // The offset recorded for `id`, or kNoOffset.
  uint32_t Find(std::string_view id) const;

 private:
  struct Entry {
    size_t hash;
    std::string_view id;
    uint32_t offset;
  };
  void Grow();
  std::vector<uint32_t> slots_;  // 1-based index into entries_, 0 = empty
  std::vector<Entry> entries_;
};

}  // namespace srm::rt::detail
