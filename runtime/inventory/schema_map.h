// How the policy's resource schemas read the bound formats (Terraform, AWS Config: the formats
// with a binding keyword in input_formats.def): for each declared resource type its type in each
// bound format, and for each field where its value lives in those formats. Built by the compiler
// from the checked policy, serialised into compiled checkers, and applied by the loaders so that
// every backend sees CloudFormation-shaped values.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/inventory/input_format.h"
#include "runtime/inventory/inventory.h"
#include "runtime/value/value.h"

namespace srm::rt {

struct FieldMap {
  std::string name;  // the field as the policy names it (CloudFormation's property name)
  // Per bound format, the dotted path of the value: in the Terraform object ("bucket"); in
  // AWS Config from the configuration item for a resource's properties
  // ("configuration.storageEncrypted"), from the enclosing object for nested records.
  BindingStrings paths;
  bool list = false;  // declared list<...>
  int32_t record =
      -1;  // index into SchemaMap::records when the field (or its list element) is a record
};

struct RecordMap {
  std::vector<FieldMap> fields;
};

struct TypeMap {
  std::string type;  // the policy-facing type, e.g. "AWS::S3::Bucket"
  // Per bound format, the type there ("aws_s3_bucket"); empty when that format is not mapped.
  BindingStrings bound_types;
  int32_t props = -1;  // record of the properties
};

struct SchemaMap {
  std::vector<TypeMap> types;
  std::vector<RecordMap> records;

  // The type bound to `type` of the bound format `format`, or nullptr.
  const TypeMap* ForBound(InputFormat format, std::string_view type) const;
  // A line-based text form, embedded into compiled checkers; Parse(Serialize()) is identity.
  std::string Serialize() const;
  static bool Parse(std::string_view text, SchemaMap& out, std::string& error);
};

// Builds CloudFormation-shaped properties for a resource of type `type` from `source` (the
// Terraform object's values, or the whole AWS Config item), following the field paths of
// `format` (a format with a binding). Path steps go through single-element lists (Terraform
// blocks); an empty list is absence. Values that do not fit the declared shape are kept as they
// are, so that reading them reports the mismatch. New values are allocated in the inventory's arena
// and keep the offsets of the values they came from.
const Value* MapProperties(const SchemaMap& schemas, const TypeMap& type, InputFormat format,
                           const Value& source, Inventory& inventory);

}  // namespace srm::rt
