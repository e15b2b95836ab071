// Resource inventories: the resources of one or more loaded files, indexed by resource type,
// with the references between them. Loaders (runtime/inventory/loaders.h) fill an Inventory or
// return a located LoadError.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/support/source.h"
#include "runtime/value/value.h"

namespace srm::rt {

struct Resource {
  // Logical id (CloudFormation), address (Terraform), resourceId (AWS Config), id (generic).
  std::string_view id;                // arena-owned
  std::string_view type;              // the policy-facing type, e.g. "AWS::S3::Bucket"
  const Value* properties = nullptr;  // an object (AddResource supplies an empty one)
  uint32_t file = 0;                  // index into Inventory::files()
  uint32_t offset = 0;                // offset of the resource in its file
  // Key by which other resources refer to this one across files (AWS Config: "type|id"). When
  // empty, references find it by `id` within its own file.
  std::string_view ref_key;
  uint32_t index = 0;  // position in Inventory::resources() (set by AddResource)
  // CloudFormation properties that hold `Fn::If` on conditions known only at deployment: the
  // properties under each assignment of those conditions (arena-owned; none when n_variants
  // is 0). Every control is evaluated on every variant (runtime/eval/evaluate.h).
  const struct ResourceVariant* variants = nullptr;
  uint32_t n_variants = 0;
  // CloudFormation: the value of the resource's `Metadata.srm` (waivers), or nullptr.
  const Value* srm_metadata = nullptr;
};

// A waiver declared in an inventory, on one resource (CloudFormation
// `Metadata: {srm: {waive: [{control, until, because, by}]}}`), checked by the loader.
struct InventoryWaiver {
  uint32_t resource = 0;     // index into Inventory::resources()
  uint32_t offset = 0;       // of the entry in the resource's file
  std::string_view control;  // id or glob
  std::string_view until;    // YYYY-MM-DD
  std::string_view because, by;
};

// One assignment of a resource's unknown conditions and the properties it gives.
struct ResourceVariant {
  const Value* properties;
  std::string_view assumption;  // "IsProd=true, UseKms=false" (arena-owned)
};

struct LoadError {
  std::string file;
  LineCol where;  // line 0 when there is no position (e.g. unreadable file)
  std::string message;
  std::string Render() const;  // "file:line:col: error: message" (or "file: error: message")
};

// Limits of loading (docs/limits.md lists them with their messages).
struct LoadLimits {
  uint32_t max_depth = 128;              // nesting of arrays/objects
  uint64_t max_file_bytes = 4ull << 30;  // larger files are rejected
  // CloudFormation static resolution: the largest string one intrinsic may produce, and the
  // work (values visited plus bytes produced) allowed per file: the larger of the minimum and
  // the factor times the file's size.
  uint64_t max_resolved_bytes = 16ull << 20;
  uint64_t min_resolution_work = 64ull << 20;
  uint32_t resolution_work_per_byte = 16;
  uint32_t max_resolution_depth = 2048;  // nesting of values, intrinsics and conditions
  // Conditions known only at deployment whose every assignment a resource is checked under
  // (2^n variants); with more, its `Fn::If`s stay unresolved (reading one is an ERROR).
  uint32_t max_variant_conditions = 4;
};

class Inventory {
 public:
  explicit Inventory(Interner& names) : names_(names) {}

  Interner& names() { return names_; }
  const Interner& names() const { return names_; }
  Arena& arena() { return arena_; }
  // Memory for a small file's text in the arena (many small files then share its large
  // blocks), not counted in value_bytes().
  char* AllocateText(size_t bytes) {
    text_bytes_ += bytes;
    return static_cast<char*>(arena_.Allocate(bytes, 1));
  }
  // The arena's bytes that hold values (not file texts).
  size_t value_bytes() const { return arena_.bytes_allocated() - text_bytes_; }
  const std::vector<std::unique_ptr<SourceFile>>& files() const { return files_; }
  // Call before a file's values are allocated; AddFile then owns them (see FileOf).
  void BeginFile();
  uint32_t AddFile(std::unique_ptr<SourceFile> file);
  const SourceFile& file(uint32_t i) const { return *files_[i]; }
  // The file whose loader allocated `v`, or `fallback` when unknown.
  uint32_t FileOf(const Value* v, uint32_t fallback) const;
  // Builds now what FileOf would build lazily on first use (the arena's segment index), so that
  // afterwards every const member only reads: threads may then call them concurrently, as long
  // as nothing is loaded meanwhile. The parallel evaluation calls it before its threads start.
  void PrepareConcurrentReads() const;
  // "file:line:col" of a value at `offset` that belongs to the file of `v` (else `fallback`).
  std::string WhereValue(const Value* v, uint32_t offset, uint32_t fallback) const;
  // Describe(v) for messages, except that a non-int number is shown as its file spells it
  // (22.0000000000000000001, not the double 22 it rounds to) when the text at its offset is it.
  std::string DescribeValue(const Value& v, uint32_t fallback) const;

  // Returns the new resource's index. A resource without properties gets an empty object
  // located at the resource.
  uint32_t AddResource(const Resource& r);
  // Room for `more` resources beyond those loaded (a loader that knows how many follow); grows
  // geometrically, so that many small files still cost amortised constant time a resource.
  void ReserveResources(size_t more) {
    size_t want = resources_.size() + more;
    if (want > resources_.capacity()) resources_.reserve(std::max(want, 2 * resources_.capacity()));
  }
  const std::vector<Resource>& resources() const { return resources_; }
  Resource& mutable_resource(uint32_t i) { return resources_[i]; }
  // (By the resource's `index`: also right for a copy, such as a variant being evaluated.)
  uint32_t IndexOf(const Resource& r) const { return r.index; }

  // Appends `part`'s files, resources, references and waivers after this inventory's (files
  // loaded into an inventory of their own on another thread, with the same interner) and
  // takes over its memory: the same inventory as loading its files here. Before
  // ResolveReferences; `part` is left empty.
  void Append(Inventory&& part);

  // Undoing a failed load: Rollback(Checkpoint()) forgets the files, resources and references
  // added since the checkpoint (their memory stays in the arena).
  struct Mark {
    size_t files, resources, refs, waivers;
  };
  Mark Checkpoint() const {
    return {files_.size(), resources_.size(), pending_refs_.size(), waivers_.size()};
  }
  void Rollback(const Mark& mark);

  // Records that resource `from` refers to `target`: an id in `from`'s file, or (global) a
  // ref_key. Targets that name no resource (parameters, resources of other stacks) are ignored.
  void AddReference(uint32_t from, std::string_view target, bool global);
  // Waivers declared in the inventories (strings arena-owned), in load order.
  void AddWaiver(const InventoryWaiver& w) { waivers_.push_back(w); }
  const std::vector<InventoryWaiver>& waivers() const { return waivers_; }

  // Resolves the recorded references; call once after every file is loaded.
  void ResolveReferences();
  // Resources related to `r` (it refers to them or they refer to it), in evaluation order
  // (id, file, offset), without duplicates.
  std::span<const uint32_t> Related(uint32_t r) const;
  // Indices into resources(), in load order, for a type; empty when none.
  const std::vector<uint32_t>& OfType(std::string_view type) const;
  // All types present, sorted, with their counts.
  std::map<std::string, uint32_t> TypeCounts() const;
  // Leaves the resources for which `keep` (indexed like resources()) is false out of OfType
  // and TypeCounts, so that evaluation visits only the others (a shard of `srm check --shard`):
  // they stay in resources() and Related, for the controls that read them.
  void KeepOfType(const std::vector<bool>& keep);
  // "file:line:col" of a resource.
  std::string Where(const Resource& r) const { return files_[r.file]->Where(r.offset); }

 private:
  struct PendingRef {
    uint32_t from;
    bool global;
    std::string_view target;  // arena-owned
  };
  Interner& names_;
  Arena arena_;
  size_t text_bytes_ = 0;
  std::vector<std::unique_ptr<SourceFile>> files_;
  std::vector<uint32_t> file_segments_;  // arena segment of each file (BeginFile), ascending
  uint32_t pending_segment_ = 0;
  std::vector<Resource> resources_;
  std::map<std::string, std::vector<uint32_t>, std::less<>> by_type_;
  std::vector<PendingRef> pending_refs_;
  std::vector<InventoryWaiver> waivers_;
  // After ResolveReferences, resource r's relations are related_[related_begin_[r] ..
  // related_begin_[r + 1]) (one array for all, not a vector per resource).
  std::vector<uint32_t> related_begin_;
  std::vector<uint32_t> related_;
};

}  // namespace srm::rt
