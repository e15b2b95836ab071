// Values of CloudFormation template parameters given to a check (--param NAME=VALUE and
// --params FILE), so that parameterised templates resolve as they would deploy.
#pragma once

#include <string>
#include <vector>

#include "runtime/inventory/loaders.h"

namespace srm::rt {

// The largest --params file read (a parameter file is a few KiB; anything this big is a mistake).
constexpr uint64_t kMaxParamsFileBytes = 16ull << 20;

// Reads the --params files in order, then the --param NAME=VALUE arguments (a later value of a
// name replaces an earlier one). File shapes (JSON, or the same in YAML):
//   [{"ParameterKey": "Env", "ParameterValue": "prod"}, ...]   (aws cloudformation create-stack)
//   {"Parameters": {"Env": "prod"}}                            (deploy / CodePipeline config)
//   ["Env=prod", ...]                                          (deploy --parameter-overrides)
// False with `error` ("FILE:LINE:COL: error: ..." or "error: --param ...") on a malformed one.
bool ReadParameterValues(const std::vector<std::string>& files,
                         const std::vector<std::string>& args, ParameterValues& out,
                         std::string& error);

}  // namespace srm::rt
