// `srm`: the command-line driver (check, compile, lint, list, matrix, gaps, report, explain, test,
// fmt; docs/cli.md). Exit codes: 0 no FAIL/ERROR, 1 at least one FAIL or ERROR, 2 usage error,
// unreadable file, syntax or type error, malformed inventory.
#include <fmt/ranges.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/emit.h"
#include "compiler/codegen/jit.h"
#include "compiler/driver/checker_build.h"
#include "compiler/driver/cmd_explain.h"
#include "compiler/driver/cmd_fmt.h"
#include "compiler/driver/cmd_gaps.h"
#include "compiler/driver/cmd_matrix.h"
#include "compiler/driver/cmd_merge.h"
#include "compiler/driver/cmd_report.h"
#include "compiler/driver/driver.h"
#include "compiler/interp/interp.h"
#include "compiler/sema/control_table.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/schema_export.h"
#include "runtime/cli/check_cli.h"
#include "runtime/cli/check_rules.h"
#include "runtime/cli/check_run.h"
#include "runtime/cli/version.h"
#include "runtime/eval/abi_eval.h"
#include "runtime/inventory/inventory.h"
#include "runtime/report/control_list.h"
#include "runtime/report/frameworks.h"
#include "runtime/report/report.h"
#include "runtime/support/suggest.h"
#include "stdlib/embedded.h"

namespace srm {
namespace {

using driver::AddPolicySources;
using driver::CommonOptions;
using driver::Compile;
using driver::JitCompile;
using driver::LinkChecker;
using driver::Lower;
using driver::Lowered;
using driver::ReportError;
using driver::TempDir;

using rt::kExitOk;
using rt::kExitUsage;
using rt::UseColor;

int RunLint(const CommonOptions& opts) {
  sema::Program program;
  if (!Compile(opts, program)) return kExitUsage;
  // With --no-stdlib, the files given: the framework catalogue loaded with them is not counted.
  size_t files = 0;
  for (size_t i = 0; i < program.sources.size(); ++i) {
    const std::string& path = program.sources.file(static_cast<uint32_t>(i)).path();
    if (!opts.no_stdlib || !IsFrameworkCatalogue(path)) ++files;
  }
  std::cout << "ok: " << files << " file" << (files == 1 ? "" : "s") << ", "
            << program.controls.size() << " control" << (program.controls.size() == 1 ? "" : "s")
            << "\n";
  return kExitOk;
}

// --- list ----------------------------------------------------------------------------------------

struct ListOptions {
  std::string format = "text";
  std::vector<std::string> controls;  // --control ids and globs; empty: all
  std::string profile;                // --profile; empty: none
};

// Lists the controls of the policies (the embedded stdlib alone when none is given).
int RunList(const CommonOptions& opts, const ListOptions& list) {
  sema::Program program;
  if (!Compile(opts, program)) return kExitUsage;
  rt::ControlTable selected;
  std::string error;
  std::vector<rt::Waiver> waivers;
  if (!rt::SelectControls(sema::BuildControlTable(program), list.controls, selected, error) ||
      !rt::ApplyProfile(list.profile, selected, waivers, error)) {
    std::cerr << "srm: error: " << error << "\n";
    return kExitUsage;
  }
  std::cout << rt::RenderControlList(selected, list.format);
  return kExitOk;
}

// --- check ---------------------------------------------------------------------------------------

struct CheckOptions {
  rt::CheckRunOptions run;
  std::string backend;
  std::string framework;  // --framework: only the controls that map it
};

// The default backend: $SRM_BACKEND when set and not empty (the test suite runs the golden cases
// through the JIT this way), otherwise the interpreter.
std::string DefaultBackend() {
  const char* env = std::getenv("SRM_BACKEND");
  return env != nullptr && *env != '\0' ? env : "interp";
}

int RunCheck(const CommonOptions& opts, CheckOptions& check) {
  auto started = std::chrono::steady_clock::now();
  if (check.backend != "interp" && check.backend != "jit") {
    std::cerr << "srm: error: unknown backend '" << check.backend
              << "' (from SRM_BACKEND; backends: interp, jit)\n";
    return kExitUsage;
  }
  sema::Program program;
  if (!Compile(opts, program)) return kExitUsage;
  check.run.color = opts.color;
  check.run.version = rt::VersionLine("srm");
  // The --control filter, checked before anything is compiled or loaded.
  rt::ControlTable selected;
  std::vector<rt::Waiver> waivers;
  std::string error;
  if (!rt::SelectControls(sema::BuildControlTable(program), check.run.controls, selected, error) ||
      !rt::ApplyProfile(check.run.profile, selected, waivers, error) ||
      !driver::KeepFramework(program, check.framework, selected, error)) {
    std::cerr << "srm: error: " << error << "\n";
    return kExitUsage;
  }

  if (check.backend == "interp") {
    rt::SchemaMap schemas = sema::BuildSchemaMap(program);
    return rt::RunCheck(check.run, started, schemas, waivers, selected,
                        [&](const rt::Inventory& inventory, const rt::ControlSink& sink) {
                          return interp::Evaluate(program, selected, inventory, check.run.budget,
                                                  nullptr, nullptr, check.run.jobs, &sink);
                        });
  }
  std::unique_ptr<codegen::Jit> jit = JitCompile(program, selected, error);
  if (!jit) {
    ReportError(opts.color, diag::BackendFailed, error);
    return kExitUsage;
  }
  // The JIT reads the control table and the schema map the generated module embeds, as
  // compiled checkers do.
  rt::ControlTable table;
  rt::SchemaMap schemas;
  if (!rt::ReadControlTable(jit->program(), table, error) ||
      !rt::SelectControls(table, check.run.controls, selected, error) ||
      !rt::ApplyProfile(check.run.profile, selected, waivers, error) ||
      !driver::KeepFramework(program, check.framework, selected, error)) {
    std::cerr << "srm: error: " << error << "\n";
    return kExitUsage;
  }
  if (!rt::SchemaMap::Parse(jit->program().schema_map, schemas, error)) {
    ReportError(opts.color, diag::CorruptSchemaMap, error);
    return kExitUsage;
  }
  return rt::RunCheck(check.run, started, schemas, waivers, selected,
                      [&](const rt::Inventory& inventory, const rt::ControlSink& sink) {
                        return rt::EvaluateProgram(jit->program(), selected, inventory,
                                                   check.run.budget, check.run.jobs, &sink);
                      });
}

// --- compile -------------------------------------------------------------------------------------

struct CompileOptions {
  std::string output;
  std::string emit = "exe";
  std::vector<std::string> controls;  // --control: compile only these (ids or globs)
  bool no_strip = false;              // -g/--no-strip: keep the checker's symbols and debug info
};

// The policy file (named directly or found in a directory) that `output` already is, or "".
// Writing the checker there would destroy the policy.
std::string OutputIsInput(const std::vector<std::string>& policies, const std::string& output) {
  std::error_code ec;
  std::filesystem::path out(output);
  if (!std::filesystem::exists(out, ec)) return "";
  for (const std::string& arg : policies) {
    std::vector<std::filesystem::path> paths;
    if (std::filesystem::is_directory(arg, ec)) {
      for (auto it = std::filesystem::recursive_directory_iterator(arg, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".srm") paths.push_back(*it);
      }
    } else {
      paths.emplace_back(arg);
    }
    for (const std::filesystem::path& p : paths) {
      if (std::filesystem::equivalent(p, out, ec)) return p.string();
    }
  }
  return "";
}

int RunCompile(const CommonOptions& opts, const CompileOptions& compile) {
  if (std::string input = OutputIsInput(opts.policies, compile.output); !input.empty()) {
    std::cerr << "srm: error: the output '" << compile.output << "' is the policy file '" << input
              << "'; writing it would destroy the policy (choose another -o)\n";
    return kExitUsage;
  }
  sema::Program program;
  if (!Compile(opts, program)) return kExitUsage;
  std::string error;
  std::set<std::string> only;
  if (!compile.controls.empty()) {
    rt::ControlTable selected;
    if (!rt::SelectControls(sema::BuildControlTable(program), compile.controls, selected, error)) {
      std::cerr << "srm: error: " << error << "\n";
      return kExitUsage;
    }
    for (const auto& c : selected.controls) only.insert(c->id);
  }
  bool ok = false;
  std::unique_ptr<codegen::HostTarget> target =
      codegen::HostTarget::Create(codegen::Cpu::kGeneric, error);
  Lowered lowered;
  if (target &&
      Lower(program, *target, lowered, error, compile.controls.empty() ? nullptr : &only)) {
    if (compile.emit == "ir") {
      ok = codegen::EmitIR(*lowered.module, compile.output, error);
    } else if (compile.emit == "obj") {
      ok = target->EmitObject(*lowered.module, compile.output, error);
    } else {
      TempDir temp;
      ok = temp.Create(error);
      std::string object = (temp.path() / "checker.o").string();
      ok = ok && target->EmitObject(*lowered.module, object, error) &&
           LinkChecker(object, compile.output, compile.no_strip, error);
    }
  }
  if (!ok) {
    ReportError(opts.color, diag::BackendFailed, error);
    return kExitUsage;
  }
  return kExitOk;
}

int Main(int argc, char** argv) {
  CLI::App app{"srm: check cloud resources against Shared Responsibility Model policies"};
  app.require_subcommand(1);
  app.set_version_flag("--version", rt::VersionLine("srm"));
  CommonOptions common;
  CheckOptions check;
  check.backend = DefaultBackend();
  CompileOptions compile;
  auto add_color = [&](CLI::App* cmd) {
    cmd->add_option("--color", common.color, "Colour output")
        ->check(CLI::IsMember({"auto", "always", "never"}));
  };

  CLI::App* check_cmd = app.add_subcommand("check", "Evaluate policies against inventories");
  check_cmd->add_option("policies", common.policies,
                        "Policy files or directories (.srm); none: the embedded stdlib alone");
  rt::AddCheckOptions(check_cmd, check.run);
  check_cmd->add_flag("--no-stdlib", common.no_stdlib, "Do not load the embedded standard library");
  check_cmd->add_option("--framework", check.framework,
                        "Only the controls that map this framework (e.g. HIPAA)");
  add_color(check_cmd);
  check_cmd
      ->add_option("--backend", check.backend, "Evaluator: tree-walking interpreter or LLVM JIT")
      ->check(CLI::IsMember({"interp", "jit"}));

  CLI::App* compile_cmd =
      app.add_subcommand("compile", "Compile policies into a standalone checker (or object, IR)");
  compile_cmd->add_option("policies", common.policies,
                          "Policy files or directories (.srm); none: the embedded stdlib alone");
  compile_cmd->add_option("-o,--output", compile.output, "Output file")->required();
  compile_cmd->add_option("--emit", compile.emit, "Output kind")
      ->check(CLI::IsMember({"exe", "obj", "ir"}));
  compile_cmd->add_option("--control", compile.controls,
                          "Compile only this control id, or the ids a glob matches ('CT.S3.*'; "
                          "repeatable); the checker knows no other control");
  compile_cmd->add_flag("--no-stdlib", common.no_stdlib,
                        "Do not load the embedded standard library");
  compile_cmd->add_flag("-g,--no-strip", compile.no_strip,
                        "Keep the checker's symbols and debug information (stripped by default)");
  add_color(compile_cmd);

  CLI::App* lint_cmd = app.add_subcommand("lint", "Parse and type-check policies (and the stdlib)");
  lint_cmd->add_option("policies", common.policies, "Policy files or directories (.srm)");
  lint_cmd->add_flag("--no-stdlib", common.no_stdlib, "Do not load the embedded standard library");
  add_color(lint_cmd);

  ListOptions list;
  CLI::App* list_cmd = app.add_subcommand("list", "List the controls of policies (and the stdlib)");
  list_cmd->add_option("policies", common.policies,
                       "Policy files or directories (.srm); none: the embedded stdlib alone");
  list_cmd->add_option("--format", list.format, "Output format")
      ->check(CLI::IsMember(rt::ControlListFormatNames()));
  list_cmd->add_option("--control", list.controls,
                       "Only list this control id, or the ids a glob matches ('CT.S3.*'; "
                       "repeatable)");
  list_cmd->add_option("--profile", list.profile,
                       "Only list the controls this profile selects, with their enforcement level");
  list_cmd->add_flag("--no-stdlib", common.no_stdlib, "Do not load the embedded standard library");
  add_color(list_cmd);

  driver::MatrixOptions matrix;
  CLI::App* matrix_cmd = driver::AddMatrixCommand(app, common, matrix);
  driver::GapsOptions gaps;
  CLI::App* gaps_cmd = driver::AddGapsCommand(app, common, gaps);
  driver::ReportOptions report;
  CLI::App* report_cmd = driver::AddReportCommand(app, common, report);
  driver::ExplainOptions explain;
  CLI::App* explain_cmd = driver::AddExplain(app, common, explain);
  CLI::App* test_cmd = driver::AddTestCommand(app);
  driver::FmtOptions fmt;
  CLI::App* fmt_cmd = driver::AddFmtCommand(app, fmt);
  driver::MergeOptions merge;
  CLI::App* merge_cmd = driver::AddMergeCommand(app, merge);

  if (argc > 1 && argv[1][0] != '-') {
    std::string command = argv[1];
    std::string names;
    bool known = false;
    for (const CLI::App* sub : app.get_subcommands({})) {
      names += (names.empty() ? "" : ", ") + sub->get_name();
      known = known || sub->get_name() == command;
    }
    if (!known) {
      std::cerr << "srm: error: unknown command '" << command << "' (commands: " << names << ")\n"
                << "Run 'srm --help' for usage.\n";
      return kExitUsage;
    }
  }
  if (std::optional<int> done = rt::ParseCommandLine(app, argc, argv, "srm")) return *done;
  if (test_cmd->parsed()) return driver::RunTestCommand();
  if (fmt_cmd->parsed()) return driver::RunFmt(fmt);
  if (merge_cmd->parsed()) return driver::RunMerge(merge);
  if (lint_cmd->parsed()) {
    if (common.no_stdlib && common.policies.empty()) {
      std::cerr << "srm: error: nothing to lint (no policies and --no-stdlib)\n";
      return kExitUsage;
    }
    return RunLint(common);
  }
  if (common.no_stdlib && common.policies.empty()) {
    std::cerr << "srm: error: no policy to load (no policy arguments and --no-stdlib)\n";
    return kExitUsage;
  }
  if (list_cmd->parsed()) return RunList(common, list);
  if (matrix_cmd->parsed()) return driver::RunMatrix(common, matrix);
  if (gaps_cmd->parsed()) return driver::RunGaps(common, gaps);
  if (report_cmd->parsed()) return driver::RunReport(common, report);
  if (explain_cmd->parsed()) return driver::RunExplain(common, explain);
  if (compile_cmd->parsed()) return RunCompile(common, compile);
  return RunCheck(common, check);
}

}  // namespace
}  // namespace srm

int main(int argc, char** argv) { return srm::rt::RunWithLargeStack(srm::Main, argc, argv); }
