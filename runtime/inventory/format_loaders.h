// Internal interface between the inventory dispatcher (loaders.cpp, the JSON pass in
// json_pass.cpp) and the per-format builders. Internal to runtime/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/inventory/inventory.h"
#include "runtime/inventory/loaders.h"
#include "runtime/inventory/schema_map.h"
#include "runtime/support/source.h"
#include "runtime/value/value.h"

namespace srm::rt::detail {

// One file being loaded. The file is already added to the inventory (file_index), so builders
// add resources (with `file = file_index`) and references directly; on failure the whole run
// stops, so a half-loaded file is never evaluated.
struct FileLoad {
  const SourceFile& file;
  uint32_t file_index;
  Inventory& inv;
  const LoadOptions& options;
  LoadError& error;

  // Sets the error "file:line:col: error: message" at `offset`; returns false.
  bool Fail(uint32_t offset, std::string message) {
    error.file = file.path();
    error.where = file.Locate(offset);
    error.message = std::move(message);
    return false;
  }
};

// JSON files (every JSON format): one simdjson On-Demand pass that streams CloudFormation
// resources and materialises the sections of the other formats, then dispatches. `begin` is
// the offset after a byte order mark.
bool LoadJson(FileLoad& load, size_t begin);

// CloudFormation in YAML (yaml-cpp): converts the document to values (short-form tags become
// their long forms; aliases are bounded) and calls BuildCfnTemplate.
bool LoadCfnYaml(FileLoad& load, size_t begin);

// The message for a logical id "" in "Resources" (JSON and YAML).
inline constexpr std::string_view kEmptyLogicalId =
    "empty logical id in \"Resources\"; expected an alphanumeric name such as \"MyBucket\"";

// The sections of a CloudFormation template needed to resolve static intrinsics.
struct CfnSections {
  const Value* parameters = nullptr;  // "Parameters" object, when present
  const Value* conditions = nullptr;  // "Conditions" object
  const Value* mappings = nullptr;    // "Mappings" object
};

// A whole CloudFormation template as a value (YAML path): validates it like the JSON pass
// does (same messages), adds its resources and calls FinishCfnTemplate.
bool BuildCfnTemplate(FileLoad& load, const Value& root);

// After a template's resources [first, first + count) are added: resolves static intrinsics
// in their properties (Ref to parameters with Default, Fn::If on static conditions,
// AWS::NoValue, Fn::Join/Fn::Sub/Fn::Select/Fn::FindInMap over static values) and records
// their references (Ref, Fn::GetAtt, ${X} in Fn::Sub) to other resources.
bool FinishCfnTemplate(FileLoad& load, const CfnSections& sections, uint32_t first, uint32_t count);

// Terraform JSON (`terraform show -json`): a plan (planned_values, resource_changes,
// configuration) or a state (values).
struct TfSections {
  uint32_t top_offset = 0;  // the top-level object, for messages
  const Value* format_version = nullptr;
  const Value* planned_values = nullptr;
  const Value* values = nullptr;  // state output
  const Value* resource_changes = nullptr;
  const Value* configuration = nullptr;
};
bool BuildTfPlan(FileLoad& load, const TfSections& sections);

// AWS Config: the array of configuration items (snapshot "configurationItems", or
// "ConfigurationItems"/"configurationItems" of API output).
bool BuildConfigItems(FileLoad& load, const Value& items);

// Generic: the "resources" array of {"type", "id", "properties", "references"?}.
bool BuildGeneric(FileLoad& load, const Value& resources);

}  // namespace srm::rt::detail
