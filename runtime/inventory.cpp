#include "runtime/inventory.h"

namespace srm::rt {

std::string LoadError::Render() const {
  if (where.line == 0) return file + ": error: " + message;
  return file + ":" + std::to_string(where.line) + ":" + std::to_string(where.col) +
         ": error: " + message;
}

uint32_t Inventory::AddFile(std::unique_ptr<SourceFile> file) {
  files_.push_back(std::move(file));
  return static_cast<uint32_t>(files_.size() - 1);
}

void Inventory::AddResource(const Resource& r) {
  uint32_t index = static_cast<uint32_t>(resources_.size());
  resources_.push_back(r);
  auto it = by_type_.find(r.type);
  if (it == by_type_.end())
    it = by_type_.emplace(std::string(r.type), std::vector<uint32_t>{}).first;
  it->second.push_back(index);
}

const std::vector<uint32_t>& Inventory::OfType(std::string_view type) const {
  static const std::vector<uint32_t> kEmpty;
  auto it = by_type_.find(type);
  return it == by_type_.end() ? kEmpty : it->second;
}

std::map<std::string, uint32_t> Inventory::TypeCounts() const {
  std::map<std::string, uint32_t> counts;
  for (const auto& [type, indices] : by_type_) {
    counts.emplace(type, static_cast<uint32_t>(indices.size()));
  }
  return counts;
}

}  // namespace srm::rt
