// How `srm test` evaluates a test's controls on its inventories, on each backend: the
// interpreter (which --coverage observes), the LLVM JIT (the controls the tests name, compiled
// once a run) or a checker compiled once a run as `srm compile` does, run on each test's
// inventories, its JSON report read back. Every backend gives the same report.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/interp/observer.h"
#include "compiler/sema/program.h"
#include "compiler/sema/test_rules.h"
#include "runtime/inventory/inventory.h"
#include "runtime/report/report.h"

namespace srm::driver {

// The names of --backend, in the order the help lists them.
inline const std::vector<std::string>& TestBackendNames() {
  static const std::vector<std::string> names = {"interp", "jit", "compiled"};
  return names;
}

class TestEvaluator {
 public:
  virtual ~TestEvaluator() = default;
  // The findings of the controls `ids` on test `t`'s inventories (`inventory`, already loaded
  // from them) with the module-level waivers applied as of the run's date (and no waiver of the
  // inventory: a test sees its policies' waivers only). False with `error` when the backend
  // failed.
  virtual bool Run(const sema::TestCase& t, const std::vector<std::string>& ids,
                   const rt::Inventory& inventory, rt::Report& report, std::string& error) = 0;
};

// Prepares `backend` (a name of TestBackendNames) for tests that name the controls `ids`; the
// waivers are judged by `today`; `observer` sees the interpreter's evaluation (interp only).
// Null with `error` when compiling failed.
std::unique_ptr<TestEvaluator> MakeTestEvaluator(
    const std::string& backend, const sema::Program& program, const std::vector<std::string>& ids,
    const std::string& today, interp::EvalObserver* observer, std::string& error);

}  // namespace srm::driver
