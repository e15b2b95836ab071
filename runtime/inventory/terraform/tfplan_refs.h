// Terraform resource addresses and the references between the resources of a plan or state:
// from the configuration's expressions, and from attribute values that equal another
// resource's id or ARN. Internal to runtime/ (used by tfplan_loader.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/inventory/format_loaders.h"

namespace srm::rt::detail {

// A resource instance address, e.g. module.net[0].module.b.aws_s3_bucket.logs["a"].
struct TfAddress {
  std::string module_instance;  // "module.net[0].module.b." ("" in the root module)
  std::string module_config;    // "module.net.module.b." (instance keys dropped)
  std::string resource;         // "aws_s3_bucket.logs" ("data.aws_iam_policy.p" for data)
  std::string_view type;        // "aws_s3_bucket" (points into the parsed address)
  std::string_view index;       // "[\"a\"]", "[0]" or empty
  bool data = false;
};

// Parses `address` (which must outlive `out`); false when it is not a resource address.
bool ParseTfAddress(std::string_view address, TfAddress& out);

// A managed resource instance of the plan, as added to the inventory.
struct TfInstance {
  uint32_t index = 0;        // into the inventory's resources
  std::string_view address;  // arena-owned
  TfAddress parsed;
  const Value* values = nullptr;  // its attribute values (unknowns overlaid), or nullptr
};

// Records the references of the configuration ("configuration" section, may be null) between
// `instances`; fails (located) when the section is malformed.
bool LinkTfConfiguration(FileLoad& load, const Value* configuration,
                         const std::vector<TfInstance>& instances);

// Records a reference from an instance to another when one of its top-level string attributes
// (or a string in a top-level list) equals the other's known, non-empty "id" or "arn".
void LinkTfAttributes(FileLoad& load, const std::vector<TfInstance>& instances);

}  // namespace srm::rt::detail
