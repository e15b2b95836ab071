// Resource inventories: the resources of one or more loaded files, indexed by resource type.
// Loaders (CloudFormation JSON today) fill an Inventory or return a located LoadError.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/source.h"
#include "runtime/value.h"

namespace srm::rt {

struct Resource {
  std::string_view id;    // logical id (CloudFormation) ; arena-owned
  std::string_view type;  // e.g. "AWS::S3::Bucket"; arena-owned
  const Value* properties = nullptr;  // the Properties object, or nullptr when absent
  uint32_t file = 0;                  // index into Inventory::files()
  uint32_t offset = 0;                // offset of the resource's key in its file
};

struct LoadError {
  std::string file;
  LineCol where;  // line 0 when there is no position (e.g. unreadable file)
  std::string message;
  std::string Render() const;  // "file:line:col: error: message" (or "file: error: message")
};

struct LoadLimits {
  uint32_t max_depth = 128;             // nesting of arrays/objects
  uint64_t max_file_bytes = 4ull << 30; // larger files are rejected
};

class Inventory {
 public:
  explicit Inventory(Interner& names) : names_(names) {}

  Interner& names() { return names_; }
  const Interner& names() const { return names_; }
  Arena& arena() { return arena_; }
  const std::vector<std::unique_ptr<SourceFile>>& files() const { return files_; }
  uint32_t AddFile(std::unique_ptr<SourceFile> file);
  const SourceFile& file(uint32_t i) const { return *files_[i]; }

  void AddResource(const Resource& r);
  const std::vector<Resource>& resources() const { return resources_; }
  // Indices into resources(), in load order, for a type; empty when none.
  const std::vector<uint32_t>& OfType(std::string_view type) const;
  // All types present, sorted, with their counts.
  std::map<std::string, uint32_t> TypeCounts() const;
  // "file:line:col" of a resource.
  std::string Where(const Resource& r) const { return files_[r.file]->Where(r.offset); }

 private:
  Interner& names_;
  Arena arena_;
  std::vector<std::unique_ptr<SourceFile>> files_;
  std::vector<Resource> resources_;
  std::map<std::string, std::vector<uint32_t>, std::less<>> by_type_;
};

// Loads a CloudFormation template in JSON: the `Resources` object, each entry with `Type`
// (string) and optional `Properties` (object). Returns false and fills `error` on bad input.
bool LoadCloudFormationJson(const std::string& path, Inventory& inventory, LoadError& error,
                            const LoadLimits& limits = {});

}  // namespace srm::rt
