// How the policy's resource schemas read Terraform and AWS Config data: for each declared
// resource type its Terraform type and Config type, and for each field where its value lives in
// those formats. Built by the compiler from the checked policy, serialised into compiled
// checkers, and applied by the loaders so that every backend sees CloudFormation-shaped values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/inventory/inventory.h"
#include "runtime/value/value.h"

namespace srm::rt {

enum class InputFormat : uint8_t { kAuto, kCfn, kTfPlan, kConfig, kGeneric };

// "auto", "cfn", "tfplan", "config", "generic".
const char* InputFormatName(InputFormat f);
bool ParseInputFormat(std::string_view name, InputFormat& out);

struct FieldMap {
  std::string name;    // the field as the policy names it (CloudFormation's property name)
  std::string tf;      // dotted path in the Terraform object, e.g. "bucket"
  std::string config;  // dotted path in AWS Config: from the configuration item for a
                       // resource's properties ("configuration.storageEncrypted"), from the
                       // enclosing object for nested records
  bool list = false;   // declared list<...>
  int32_t record =
      -1;  // index into SchemaMap::records when the field (or its list element) is a record
};

struct RecordMap {
  std::vector<FieldMap> fields;
};

struct TypeMap {
  std::string type;         // the policy-facing type, e.g. "AWS::S3::Bucket"
  std::string tf_type;      // e.g. "aws_s3_bucket"; empty when Terraform is not mapped
  std::string config_type;  // e.g. "AWS::S3::Bucket"; empty when AWS Config is not mapped
  int32_t props = -1;       // record of the properties
};

struct SchemaMap {
  std::vector<TypeMap> types;
  std::vector<RecordMap> records;

  const TypeMap* ForTf(std::string_view tf_type) const;
  const TypeMap* ForConfig(std::string_view config_type) const;
  // A line-based text form, embedded into compiled checkers; Parse(Serialize()) is identity.
  std::string Serialize() const;
  static bool Parse(std::string_view text, SchemaMap& out, std::string& error);
};

// Builds CloudFormation-shaped properties for a resource of type `type` from `source` (the
// Terraform object's values, or the whole AWS Config item), following the field paths of
// `format` (kTfPlan or kConfig). Path steps go through single-element lists (Terraform blocks);
// an empty list is absence. Values that do not fit the declared shape are kept as they are, so
// that reading them reports the mismatch. New values are allocated in the inventory's arena and
// keep the offsets of the values they came from.
const Value* MapProperties(const SchemaMap& schemas, const TypeMap& type, InputFormat format,
                           const Value& source, Inventory& inventory);

}  // namespace srm::rt
