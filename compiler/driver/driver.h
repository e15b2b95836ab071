// Shared by the `srm` subcommands (compiler/driver/*.cpp): reading policy files, running the front
// end, lowering to LLVM and JIT-compiling, and printing location-less errors.
#pragma once

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "compiler/ast/diagnostics.h"
#include "compiler/codegen/codegen.h"
#include "compiler/codegen/emit.h"
#include "compiler/codegen/jit.h"
#include "compiler/sema/program.h"
#include "runtime/cli/check_cli.h"
#include "runtime/eval/control_table.h"

namespace srm::driver {

// What of the embedded stdlib a command loads before its policies: all of it, or only the
// framework catalogue (stdlib/frameworks/, which `maps` clauses are checked against: --no-stdlib
// keeps it), or nothing (`srm fmt`).
enum class Embedded { kAll, kFrameworks, kNone };

// Expands directories into their .srm files (sorted, recursive) and reads every file.
bool AddPolicySources(const std::vector<std::string>& args, Embedded embedded,
                      SourceManager& sources, DiagnosticEngine& diags);

// Prints one diagnostic with no source location (a backend failure).
template <typename Kind, typename... Args>
void ReportError(const std::string& color, Kind kind, Args&&... args) {
  SourceManager none;
  DiagnosticEngine diags(none);
  diags.Report(kind, std::forward<Args>(args)...);
  std::cerr << diags.Render(rt::UseColor(color, STDERR_FILENO));
}

struct CommonOptions {
  std::vector<std::string> policies;
  bool no_stdlib = false;
  std::string color = "auto";
};

// --framework F: keeps the controls of `selected` that map F; false (with `error`, a "did you
// mean") when F is not a framework the program declares.
bool KeepFramework(const sema::Program& program, const std::string& framework,
                   rt::ControlTable& selected, std::string& error);

// Runs the front end; prints diagnostics. Returns false on errors.
bool Compile(const CommonOptions& opts, sema::Program& program);

// The options of srm gaps, srm report and srm explain that read and evaluate inventories as srm
// check does:
// --input-format, --param, --params, --max-steps.
void AddEvaluationOptions(CLI::App& cmd, rt::CheckRunOptions& run);

// The options of srm gaps and srm report that choose controls and waivers as srm check does:
// --profile NAME and --today YYYY-MM-DD.
void AddWaiverOptions(CLI::App& cmd, rt::CheckRunOptions& run);

// --profile of `run` on `selected` (rt::ApplyProfile: its controls, else all), `waivers` set to
// the module-level waivers and the profile's. False after a message on stderr.
bool SelectProfile(const rt::CheckRunOptions& run, rt::ControlTable& selected,
                   std::vector<rt::Waiver>& waivers);

// Loads the inventories of `run` into `inventory` (read with `program`'s schemas), evaluates
// `table`'s controls with the interpreter into `report`, which lists the inventory files, then
// applies `waivers` and the inventories' own (Metadata.srm.waive) on the date of --today as
// srm check does (rt::AddInventoryWaivers, rt::ApplyWaivers: findings WAIVED, an expired
// waiver a FAIL of SRM.WAIVER_EXPIRED, a waiver that matches nothing a warning on stderr).
// Returns rt::kExitOk, or kExitUsage after a message (a load error, a bad --today).
// srm gaps and report.
int LoadAndEvaluate(const sema::Program& program, const rt::ControlTable& table,
                    const rt::CheckRunOptions& run, const std::vector<rt::Waiver>& waivers,
                    rt::Inventory& inventory, rt::Report& report);

// A generated module and the context that owns it.
struct Lowered {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
};

// Lowers a checked program to a verified module, prepared and O2-optimised for `target`; with
// `only`, the code of just those controls (codegen::Generate).
bool Lower(const sema::Program& program, const codegen::HostTarget& target, Lowered& out,
           std::string& error, const std::set<std::string>* only = nullptr);

// Compiles the selected controls of a checked program in memory for this machine (the others
// are in the control table without code: a selection of the stdlib compiles in milliseconds).
std::unique_ptr<codegen::Jit> JitCompile(const sema::Program& program,
                                         const rt::ControlTable& selected, std::string& error);

// `srm test` (cmd_test.cpp): adds the subcommand to `app`; RunTestCommand runs it once parsed.
CLI::App* AddTestCommand(CLI::App& app);
int RunTestCommand();

}  // namespace srm::driver
