// Builds the runtime's SchemaMap (how Terraform and AWS Config data map onto the policy's
// resource schemas) from a checked program, filling in the default field paths.
#pragma once

#include <string>
#include <string_view>

#include "compiler/sema/program.h"
#include "runtime/inventory/schema_map.h"

namespace srm::sema {

// "SSEAlgorithm" -> "sse_algorithm", "KMSMasterKeyID" -> "kms_master_key_id".
std::string SnakeCase(std::string_view name);
// "SSEAlgorithm" -> "sseAlgorithm", "BucketName" -> "bucketName".
std::string LowerCamel(std::string_view name);

// Default paths, by the bound format's `default_path` (input_formats.def): Terraform
// `SnakeCase(name)`; AWS Config `configuration.LowerCamel(name)` for a resource's own fields and
// `LowerCamel(name)` inside records. Only resources bound to some format are listed.
rt::SchemaMap BuildSchemaMap(const Program& program);

}  // namespace srm::sema
