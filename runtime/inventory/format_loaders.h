// Internal interface between the inventory dispatcher (loaders.cpp, the JSON pass in
// json_pass.cpp) and the per-format loaders, whose entry points input_formats.def names.
// Internal to runtime/.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/inventory/input_format.h"
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
// resources and materialises the sections the formats' rows name, detects the format from its
// keys (unless forced) and calls the format's `load_json`. `begin` is the offset after a byte
// order mark.
bool LoadJson(FileLoad& load, size_t begin);

// What the JSON pass read, for a format's `load_json`.
struct JsonSections {
  uint32_t top_offset = 0;  // the top-level value, for messages
  // Resources streamed from the `streamed_key` section, already in the inventory.
  bool streamed = false;
  uint32_t first_resource = 0;
  uint32_t n_resources = 0;
  // kept[index of the format's row][k]: the value of its sections[k], or nullptr. With
  // `alternatives`, slot 0 holds the one present.
  std::array<std::array<const Value*, kMaxFormatKeys>, kInputFormatCount> kept{};

  // The kept section `key` of `format` (a key of its row's `sections`), or nullptr.
  const Value* Section(InputFormat format, std::string_view key) const {
    const InputFormatInfo& info = InfoOf(format);
    for (size_t k = 0; k < kMaxFormatKeys; ++k) {
      if (!info.sections[k].empty() && info.sections[k] == key)
        return kept[static_cast<size_t>(format) - 1][k];
    }
    return nullptr;
  }
  // The section of a format whose `sections` are alternatives (or its top-level array).
  const Value* Alternative(InputFormat format) const {
    return kept[static_cast<size_t>(format) - 1][0];
  }
};

// CloudFormation in YAML (LoadCfnYaml, yaml-cpp): converts the document to values (short-form
// tags become their long forms; aliases are bounded) and calls BuildCfnTemplate.

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

// Whether messages about `file` should use YAML words: the dispatcher's rule (extension, else
// first byte).
bool IsYamlFile(const SourceFile& file);

// Checks the waivers in resource `index`'s Metadata.srm (Resource::srm_metadata) and adds them
// to the inventory (Inventory::AddWaiver); a malformed entry is a located load error.
bool ReadCfnWaivers(FileLoad& load, uint32_t index);

// Terraform JSON (`terraform show -json`, LoadTfPlanJson): a plan (planned_values,
// resource_changes, configuration) or a state (values).
struct TfSections {
  uint32_t top_offset = 0;  // the top-level object, for messages
  const Value* format_version = nullptr;
  const Value* planned_values = nullptr;
  const Value* values = nullptr;  // state output
  const Value* resource_changes = nullptr;
  const Value* configuration = nullptr;
};

// AWS Config (LoadConfigJson): the array of configuration items (snapshot
// "configurationItems", or "ConfigurationItems"/"configurationItems" of API output).
// Generic (LoadGenericJson): the "resources" array of {"type", "id", "properties",
// "references"?}.

}  // namespace srm::rt::detail
