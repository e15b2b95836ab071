#include "runtime/inventory/load_support.h"

#include <algorithm>
#include <functional>

#include "runtime/inventory/inventory.h"
#include "runtime/support/source.h"

namespace srm::rt::detail {

bool ReadPaddedFile(const std::string& path, uint64_t limit, size_t padding, SourceText& out,
                    std::string& error, Inventory& inventory) {
  TextPlacer place = [](void* inventory, size_t bytes) {
    return static_cast<Inventory*>(inventory)->AllocateText(bytes);
  };
  if (ReadFileLimited(path, limit, padding, /*stop_at_nul=*/true, out, error, place, &inventory))
    return true;
  if (error.rfind("file is ", 0) != 0) error = "cannot read file: " + error;
  return false;
}

IdTable::IdTable(size_t expected) {
  if (expected == 0) return;
  size_t slots = 64;
  while (slots < 2 * (expected + 1)) slots *= 2;
  slots_.assign(slots, 0);
  entries_.reserve(expected);
}

uint32_t IdTable::Insert(std::string_view id, uint32_t offset) {
  if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
  size_t hash = std::hash<std::string_view>{}(id);
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint32_t slot = slots_[i];
    if (slot == 0) {
      entries_.push_back({hash, id, offset});
      slots_[i] = static_cast<uint32_t>(entries_.size());
      return kNoOffset;
    }
    const Entry& e = entries_[slot - 1];
    if (e.hash == hash && e.id == id) return e.offset;
  }
}

uint32_t IdTable::Find(std::string_view id) const {
  if (slots_.empty()) return kNoOffset;
  size_t hash = std::hash<std::string_view>{}(id);
  size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    uint32_t slot = slots_[i];
    if (slot == 0) return kNoOffset;
    const Entry& e = entries_[slot - 1];
    if (e.hash == hash && e.id == id) return e.offset;
  }
}

void IdTable::Grow() {
  slots_.assign(std::max<size_t>(64, slots_.size() * 2), 0);
  size_t mask = slots_.size() - 1;
  for (uint32_t k = 0; k < entries_.size(); ++k) {
    size_t i = entries_[k].hash & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = k + 1;
  }
}

}  // namespace srm::rt::detail
