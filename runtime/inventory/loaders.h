// Loading inventory files of every supported format into an Inventory: format detection, the
// common checks (size, UTF-8, NUL bytes) and dispatch to the format loaders.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "runtime/inventory/inventory.h"
#include "runtime/inventory/schema_map.h"

namespace srm::rt {

// Values of CloudFormation template parameters (--param, --params; runtime/cli/parameters.h),
// by name, as text: a template's parameter with a given value resolves to it instead of its
// Default. `used` collects the names some template declared.
struct ParameterValues {
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> origin;  // where each value came from, for messages
  mutable std::set<std::string> used;
};

struct LoadOptions {
  InputFormat format = InputFormat::kAuto;
  LoadLimits limits;
  const SchemaMap* schemas = nullptr;           // needed for Terraform and AWS Config
  const ParameterValues* parameters = nullptr;  // CloudFormation parameter values
  // CloudFormation JSON: when set, only resources of these types get their properties built
  // (and resolved); the others' are validated as the built ones are, then left empty: no
  // control of the run reads them (BuiltTypes, runtime/eval/control_table.h).
  const std::set<std::string, std::less<>>* build_types = nullptr;
};

// Loads one file. Detection (kAuto): a file named like YAML is YAML, *.json is JSON, otherwise
// text starting with '{' or '[' (after a byte order mark and white space) is JSON, recognised by
// its top-level keys (the `detect_keys` of input_formats.def); anything else is YAML, read by the
// format with a YAML loader (CloudFormation). Returns false and fills `error` (file:line:col) on
// bad input.
bool LoadInventoryFile(const std::string& path, const LoadOptions& options, Inventory& inventory,
                       LoadError& error);

// LoadInventoryFile of each of `paths` in turn, on up to `jobs` threads: contiguous runs of the
// files (of about equal `sizes`, the files' sizes in bytes) each loaded into an inventory of its
// own and appended in order (Inventory::Append), so that `inventory` is the same as after one
// thread. `ends[i]`: the number of resources once the i-th file is in. On failure, `error` is
// that of the first file (in order) that failed, and `inventory` is left partly loaded.
bool LoadInventoryFiles(const std::vector<std::string>& paths, const std::vector<uint64_t>& sizes,
                        const LoadOptions& options, uint32_t jobs, Inventory& inventory,
                        std::vector<uint32_t>& ends, LoadError& error);

// LoadInventoryFile on `text` instead of a file's contents, named `name` in messages and
// locations, in the syntax `yaml` says (YAML, else JSON) whatever the name (`srm test`'s inline
// inventories).
bool LoadInventoryText(const std::string& name, std::string_view text, bool yaml,
                       const LoadOptions& options, Inventory& inventory, LoadError& error);

// LoadInventoryFile with the format forced to CloudFormation (tests, tools).
bool LoadCloudFormationJson(const std::string& path, Inventory& inventory, LoadError& error,
                            const LoadLimits& limits = {});

}  // namespace srm::rt
