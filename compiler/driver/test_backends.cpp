// `srm test --backend interp|jit|compiled`: evaluating a test's controls on each backend.
#include "compiler/driver/test_backends.h"

#include <algorithm>
#include <fstream>
#include <set>

#include "compiler/driver/checker_build.h"
#include "compiler/driver/driver.h"
#include "compiler/interp/interp.h"
#include "compiler/sema/control_table.h"
#include "runtime/eval/abi_eval.h"
#include "runtime/report/json_report_reader.h"
#include "runtime/report/policy_rules.h"
#include "runtime/support/source.h"

namespace srm::driver {
namespace {

// The module-level waivers, as `srm check` applies them (its warnings are not a test's concern).
void ApplyPolicyWaivers(const sema::Program& program, const std::string& today,
                        rt::Report& report) {
  std::vector<std::string> warnings;
  rt::ApplyWaivers(report, program.waivers, today, warnings);
}

class InterpEvaluator : public TestEvaluator {
 public:
  InterpEvaluator(const sema::Program& program, std::string today, interp::EvalObserver* observer)
      : program_(program),
        table_(sema::BuildControlTable(program)),
        today_(std::move(today)),
        observer_(observer) {}

  bool Run(const sema::TestCase&, const std::vector<std::string>& ids,
           const rt::Inventory& inventory, rt::Report& report, std::string& error) override {
    rt::ControlTable selected;
    if (!rt::SelectControls(table_, ids, selected, error)) return false;
    report = interp::Evaluate(program_, selected, inventory, {}, nullptr, observer_);
    ApplyPolicyWaivers(program_, today_, report);
    return true;
  }

 private:
  const sema::Program& program_;
  rt::ControlTable table_;
  std::string today_;
  interp::EvalObserver* observer_;
};

class JitEvaluator : public TestEvaluator {
 public:
  JitEvaluator(const sema::Program& program, std::string today)
      : program_(program), today_(std::move(today)) {}

  // Compiles the controls `ids` once; the tests select from the generated module's table.
  bool Prepare(const std::vector<std::string>& ids, std::string& error) {
    rt::ControlTable needed;
    if (!rt::SelectControls(sema::BuildControlTable(program_), ids, needed, error)) return false;
    jit_ = JitCompile(program_, needed, error);
    return jit_ != nullptr && rt::ReadControlTable(jit_->program(), table_, error);
  }

  bool Run(const sema::TestCase&, const std::vector<std::string>& ids,
           const rt::Inventory& inventory, rt::Report& report, std::string& error) override {
    rt::ControlTable selected;
    if (!rt::SelectControls(table_, ids, selected, error)) return false;
    report = rt::EvaluateProgram(jit_->program(), selected, inventory);
    ApplyPolicyWaivers(program_, today_, report);
    return true;
  }

 private:
  const sema::Program& program_;
  std::string today_;
  std::unique_ptr<codegen::Jit> jit_;
  rt::ControlTable table_;
};

class CompiledEvaluator : public TestEvaluator {
 public:
  explicit CompiledEvaluator(std::string today) : today_(std::move(today)) {}

  // Builds the checker of the controls `ids` once, in a temporary directory.
  bool Prepare(const sema::Program& program, const std::vector<std::string>& ids,
               std::string& error) {
    rt::ControlTable needed;
    if (!rt::SelectControls(sema::BuildControlTable(program), ids, needed, error) ||
        !dir_.Create(error))
      return false;
    std::set<std::string> only;
    for (const auto& c : needed.controls) only.insert(c->id);
    checker_ = (dir_.path() / "checker").string();
    return BuildChecker(program, &only, dir_.path(), checker_, error);
  }

  // Runs the checker on the test's inventories (inline ones written to files first) and reads
  // its JSON report.
  bool Run(const sema::TestCase& t, const std::vector<std::string>& ids, const rt::Inventory&,
           rt::Report& report, std::string& error) override {
    std::vector<std::string> args = {checker_};
    std::set<std::string> files;
    for (size_t i = 0; i < t.inventories.size(); ++i) {
      const sema::TestInventory& inv = t.inventories[i];
      std::string path = inv.path;
      if (inv.is_inline) {
        path = (dir_.path() / ("inventory-" + std::to_string(i) + (inv.yaml ? ".yaml" : ".json")))
                   .string();
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << inv.text;
        if (!out.flush()) {
          error = "cannot write '" + path + "'";
          return false;
        }
      }
      files.insert(path);
      args.insert(args.end(), {"-i", path});
    }
    std::string output = (dir_.path() / "report.json").string();
    std::string log = (dir_.path() / "checker.log").string();
    args.insert(args.end(), {"--format", "json", "--output", output, "--today", today_, "--jobs",
                             "1", "--color", "never"});
    for (const std::string& id : ids) args.insert(args.end(), {"--control", id});
    int status = Spawn(args, error, log);
    if (status < 0) return false;
    if (status != rt::kExitOk && status != rt::kExitFindings) {
      std::string text, why;
      rt::ReadFile(log, text, why);
      error = "test \"" + t.name + "\": the compiled checker exited with status " +
              std::to_string(status) + ":\n" + text;
      return false;
    }
    report = rt::Report();
    if (!rt::ReadJsonReport(output, report, error)) return false;
    DropInventoryWaivers(files, report);
    return true;
  }

 private:
  // A checker applies the waivers of the inventories (Metadata.srm.waive) as `srm check` does;
  // a test does not (its expectations are about the policies): their WAIVED findings get back
  // the status they covered, and the findings of those that expired go. The policy waivers come
  // first in a checker, so a finding an inventory waiver covers is one no policy waiver does.
  static void DropInventoryWaivers(const std::set<std::string>& files, rt::Report& report) {
    auto of_inventory = [&](const rt::Finding& f) {
      return f.waiver != nullptr && files.count(f.waiver->location.file) > 0;
    };
    std::erase_if(report.findings, [&](const rt::Finding& f) {
      return f.control->id == rt::kWaiverExpiredId && of_inventory(f);
    });
    for (rt::Finding& f : report.findings) {
      if (f.status != rt::Status::kWaived || !of_inventory(f)) continue;
      f.status = f.waived;
      f.waived = rt::Status::kSkip;
      f.waiver = nullptr;
    }
  }

  std::string today_;
  TempDir dir_;
  std::string checker_;
};

}  // namespace

std::unique_ptr<TestEvaluator> MakeTestEvaluator(
    const std::string& backend, const sema::Program& program, const std::vector<std::string>& ids,
    const std::string& today, interp::EvalObserver* observer, std::string& error) {
  if (backend == "jit") {
    auto jit = std::make_unique<JitEvaluator>(program, today);
    if (!jit->Prepare(ids, error)) return nullptr;
    return jit;
  }
  if (backend == "compiled") {
    auto compiled = std::make_unique<CompiledEvaluator>(today);
    if (!compiled->Prepare(program, ids, error)) return nullptr;
    return compiled;
  }
  return std::make_unique<InterpEvaluator>(program, today, observer);
}

}  // namespace srm::driver
