#include "runtime/inventory/inventory.h"

#include <algorithm>
#include <new>
#include <tuple>

#include "runtime/inventory/load_support.h"
#include "runtime/support/number_text.h"

namespace srm::rt {

std::string LoadError::Render() const {
  if (where.line == 0) return file + ": error: " + message;
  return file + ":" + std::to_string(where.line) + ":" + std::to_string(where.col) +
         ": error: " + message;
}

void Inventory::BeginFile() { pending_segment_ = arena_.StartSegment(); }

uint32_t Inventory::AddFile(std::unique_ptr<SourceFile> file) {
  files_.push_back(std::move(file));
  file_segments_.push_back(pending_segment_);
  return static_cast<uint32_t>(files_.size() - 1);
}

uint32_t Inventory::FileOf(const Value* v, uint32_t fallback) const {
  if (files_.size() <= 1 || v == nullptr) return files_.empty() ? fallback : 0;
  int64_t segment = arena_.SegmentOf(v);
  if (segment < 0) return fallback;
  // A file's values are in its segment; a failed load's segment maps to no file.
  auto it = std::lower_bound(file_segments_.begin(), file_segments_.end(),
                             static_cast<uint32_t>(segment));
  if (it == file_segments_.end() || *it != segment) return fallback;
  return static_cast<uint32_t>(it - file_segments_.begin());
}

void Inventory::PrepareConcurrentReads() const { arena_.PrepareConcurrentReads(); }

std::string Inventory::WhereValue(const Value* v, uint32_t offset, uint32_t fallback) const {
  return files_[FileOf(v, fallback)]->Where(offset);
}

std::string Inventory::DescribeValue(const Value& v, uint32_t fallback) const {
  if (v.kind == ValueKind::kDouble && !files_.empty()) {
    std::string_view text = files_[FileOf(&v, fallback)]->text();
    if (v.offset < text.size()) {
      const char* at = text.data() + v.offset;
      std::string_view token(at, NumberTokenLength(at, text.size() - v.offset));
      NumberValue n = ParseNumberText(token);
      if (n.kind == NumberKind::kDouble && n.d == v.d && token.size() <= 60)
        return std::string(token);
    }
  }
  return Describe(v, names_);
}

uint32_t Inventory::AddResource(const Resource& r) {
  uint32_t index = static_cast<uint32_t>(resources_.size());
  resources_.push_back(r);
  resources_.back().index = index;
  if (r.properties == nullptr) {
    Value* empty = arena_.AllocateArray<Value>(1);
    new (empty) Value();
    empty->kind = ValueKind::kObject;
    empty->offset = r.offset;
    empty->members = nullptr;
    resources_.back().properties = empty;
  }
  auto it = by_type_.find(r.type);
  if (it == by_type_.end())
    it = by_type_.emplace(std::string(r.type), std::vector<uint32_t>{}).first;
  it->second.push_back(index);
  return index;
}

void Inventory::Append(Inventory&& part) {
  auto file_base = static_cast<uint32_t>(files_.size());
  auto base = static_cast<uint32_t>(resources_.size());
  uint32_t segment_base = arena_.Absorb(std::move(part.arena_));
  text_bytes_ += part.text_bytes_;
  for (std::unique_ptr<SourceFile>& file : part.files_) files_.push_back(std::move(file));
  for (uint32_t segment : part.file_segments_) file_segments_.push_back(segment_base + segment);
  ReserveResources(part.resources_.size());
  for (Resource r : part.resources_) {
    r.file += file_base;
    r.index += base;
    resources_.push_back(r);
  }
  for (auto& [type, indices] : part.by_type_) {
    std::vector<uint32_t>& mine = by_type_[type];
    for (uint32_t i : indices) mine.push_back(base + i);
  }
  for (PendingRef ref : part.pending_refs_) {
    ref.from += base;
    pending_refs_.push_back(ref);
  }
  for (InventoryWaiver w : part.waivers_) {
    w.resource += base;
    waivers_.push_back(w);
  }
  part.files_.clear();
  part.file_segments_.clear();
  part.resources_.clear();
  part.by_type_.clear();
  part.pending_refs_.clear();
  part.waivers_.clear();
  part.text_bytes_ = 0;
}

void Inventory::Rollback(const Mark& mark) {
  files_.resize(mark.files);
  file_segments_.resize(mark.files);
  resources_.resize(mark.resources);
  pending_refs_.resize(mark.refs);
  waivers_.resize(mark.waivers);
  for (auto it = by_type_.begin(); it != by_type_.end();) {
    std::vector<uint32_t>& v = it->second;
    while (!v.empty() && v.back() >= mark.resources) v.pop_back();
    it = v.empty() ? by_type_.erase(it) : std::next(it);
  }
}

void Inventory::AddReference(uint32_t from, std::string_view target, bool global) {
  pending_refs_.push_back(PendingRef{from, global, arena_.CopyString(target)});
}

void Inventory::ResolveReferences() {
  related_begin_.assign(resources_.size() + 1, 0);
  related_.clear();
  if (pending_refs_.empty()) return;
  // Local keys: id within a file; global keys: ref_key. Only files with references are indexed.
  std::vector<bool> wanted(files_.size(), false);
  bool any_global = false;
  for (const PendingRef& ref : pending_refs_) {
    if (ref.global) {
      any_global = true;
    } else {
      wanted[resources_[ref.from].file] = true;
    }
  }
  std::vector<uint32_t> per_file(files_.size(), 0);
  for (const Resource& r : resources_) ++per_file[r.file];
  std::vector<detail::IdTable> local;
  local.reserve(files_.size());
  for (size_t f = 0; f < files_.size(); ++f) local.emplace_back(wanted[f] ? per_file[f] : 0);
  detail::IdTable global(any_global ? resources_.size() : 0);
  for (uint32_t i = 0; i < resources_.size(); ++i) {
    const Resource& r = resources_[i];
    if (wanted[r.file]) local[r.file].Insert(r.id, i);  // the first of equal ids wins
    if (any_global && !r.ref_key.empty()) global.Insert(r.ref_key, i);
  }
  // Both directions of every reference that names a resource, as (resource, related) pairs.
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  pairs.reserve(2 * pending_refs_.size());
  for (const PendingRef& ref : pending_refs_) {
    const detail::IdTable& table = ref.global ? global : local[resources_[ref.from].file];
    uint32_t target = table.Find(ref.target);
    if (target == detail::kNoOffset || target == ref.from) continue;
    pairs.emplace_back(ref.from, target);
    pairs.emplace_back(target, ref.from);
  }
  pending_refs_.clear();
  pending_refs_.shrink_to_fit();
  for (const auto& [from, to] : pairs) ++related_begin_[from + 1];
  for (size_t i = 1; i < related_begin_.size(); ++i) related_begin_[i] += related_begin_[i - 1];
  related_.resize(pairs.size());
  std::vector<uint32_t> next(related_begin_.begin(), related_begin_.end() - 1);
  for (const auto& [from, to] : pairs) related_[next[from]++] = to;
  // Each list in evaluation order without duplicates, compacted in place.
  uint32_t out = 0;
  for (size_t r = 0; r + 1 < related_begin_.size(); ++r) {
    auto first = related_.begin() + related_begin_[r];
    auto last = related_.begin() + related_begin_[r + 1];
    std::sort(first, last, [&](uint32_t a, uint32_t b) {
      const Resource& x = resources_[a];
      const Resource& y = resources_[b];
      return std::tie(x.id, x.file, x.offset, a) < std::tie(y.id, y.file, y.offset, b);
    });
    last = std::unique(first, last);
    auto n = static_cast<uint32_t>(last - first);
    if (related_begin_[r] != out) std::copy(first, last, related_.begin() + out);
    related_begin_[r] = out;
    out += n;
  }
  related_begin_.back() = out;
  related_.resize(out);
  related_.shrink_to_fit();
}

std::span<const uint32_t> Inventory::Related(uint32_t r) const {
  if (r + 1 >= related_begin_.size()) return {};
  return {related_.data() + related_begin_[r], related_.data() + related_begin_[r + 1]};
}

const std::vector<uint32_t>& Inventory::OfType(std::string_view type) const {
  static const std::vector<uint32_t> kEmpty;
  auto it = by_type_.find(type);
  return it == by_type_.end() ? kEmpty : it->second;
}

void Inventory::KeepOfType(const std::vector<bool>& keep) {
  for (auto it = by_type_.begin(); it != by_type_.end();) {
    std::erase_if(it->second, [&](uint32_t i) { return i < keep.size() && !keep[i]; });
    it = it->second.empty() ? by_type_.erase(it) : std::next(it);
  }
}

std::map<std::string, uint32_t> Inventory::TypeCounts() const {
  std::map<std::string, uint32_t> counts;
  for (const auto& [type, indices] : by_type_) {
    counts.emplace(type, static_cast<uint32_t>(indices.size()));
  }
  return counts;
}

}  // namespace srm::rt
