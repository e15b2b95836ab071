// The tree-walking interpreter: evaluates every checked control over an inventory and
// produces findings (PASS, FAIL, SKIP, ERROR). Evaluation faults become ERROR, never PASS.
#pragma once

#include <set>
#include <string>

#include "compiler/sema/program.h"
#include "runtime/inventory/inventory.h"
#include "runtime/report/report.h"

namespace srm::interp {

struct Options {
  std::set<std::string> only_controls;  // empty: all controls
};

rt::Report Evaluate(const sema::Program& program, const rt::Inventory& inventory,
                    const Options& options);

}  // namespace srm::interp
