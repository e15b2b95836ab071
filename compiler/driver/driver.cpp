// Shared by the `srm` subcommands: policy files, front end, LLVM lowering and the JIT.
#include "compiler/driver/driver.h"

#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "compiler/interp/interp.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/schema_export.h"
#include "runtime/cli/check_rules.h"
#include "runtime/cli/check_run.h"
#include "runtime/inventory/input_format.h"
#include "runtime/report/frameworks.h"
#include "runtime/report/policy_rules.h"
#include "runtime/support/source.h"
#include "runtime/support/suggest.h"
#include "stdlib/embedded.h"

namespace srm::driver {

using rt::UseColor;

// Expands directories into their .srm files (sorted, recursive) and reads every file.
bool AddPolicySources(const std::vector<std::string>& args, Embedded embedded,
                      SourceManager& sources, DiagnosticEngine& diags) {
  auto loaded = [&](const EmbeddedFile& f) {
    return embedded == Embedded::kAll ||
           (embedded == Embedded::kFrameworks && IsFrameworkCatalogue(f.path));
  };
  for (const EmbeddedFile& f : StdlibFiles()) {
    if (loaded(f)) sources.Add(std::string(f.path), std::string(f.text));
  }
  bool ok = true;
  std::set<std::string> seen;
  for (const std::string& arg : args) {
    std::vector<std::string> paths;
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      for (auto it = std::filesystem::recursive_directory_iterator(arg, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".srm")
          paths.push_back(it->path().string());
      }
      std::sort(paths.begin(), paths.end());
      if (paths.empty()) {
        diags.Report(diag::NoPolicyFiles, arg);
        ok = false;
      }
    } else {
      paths.push_back(arg);
    }
    for (const std::string& p : paths) {
      // The same file named twice (directly or through a directory) is read once.
      std::string canonical = std::filesystem::weakly_canonical(p, ec).string();
      if (!ec && !seen.insert(canonical).second) continue;
      std::string text, error;
      if (!rt::ReadFile(p, text, error)) {
        diags.Report(diag::CannotReadPolicy, p, error);
        ok = false;
        continue;
      }
      bool is_stdlib =
          std::any_of(StdlibFiles().begin(), StdlibFiles().end(),
                      [&](const EmbeddedFile& f) { return loaded(f) && f.text == text; });
      if (is_stdlib) {
        // Checking the repository's stdlib/ with the embedded copy loaded would redefine it.
        diags.Remark(diag::SkippingStdlibCopy, p);
        continue;
      }
      sources.Add(p, std::move(text));
    }
  }
  return ok;
}

// Runs the front end; prints diagnostics. Returns false on errors.
bool Compile(const CommonOptions& opts, sema::Program& program) {
  DiagnosticEngine diags(program.sources);
  Embedded embedded = opts.no_stdlib ? Embedded::kFrameworks : Embedded::kAll;
  bool ok = AddPolicySources(opts.policies, embedded, program.sources, diags) &&
            sema::RunFrontEnd(program, diags);
  std::cerr << diags.Render(UseColor(opts.color, STDERR_FILENO));
  return ok;
}

// Lowers a checked program to a verified module, prepared and O2-optimised for `target`; with
// `only`, the code of just those controls (codegen::Generate).
bool Lower(const sema::Program& program, const codegen::HostTarget& target, Lowered& out,
           std::string& error, const std::set<std::string>* only) {
  out.context = std::make_unique<llvm::LLVMContext>();
  out.module = codegen::Generate(program, *out.context, only);
  if (!out.module) {
    error = "internal error: code generation failed";
    return false;
  }
  std::string report;
  if (!codegen::VerifyModule(*out.module, report)) {
    error = "internal error: the generated code is invalid:\n" + report;
    return false;
  }
  target.Prepare(*out.module);
  target.Optimize(*out.module);
  return true;
}

// Compiles the selected controls of a checked program in memory for this machine (the others
// are in the control table without code: a selection of the stdlib compiles in milliseconds).
std::unique_ptr<codegen::Jit> JitCompile(const sema::Program& program,
                                         const rt::ControlTable& selected, std::string& error) {
  std::unique_ptr<codegen::HostTarget> target =
      codegen::HostTarget::Create(codegen::Cpu::kHost, error);
  std::set<std::string> only;
  for (const auto& c : selected.controls) only.insert(c->id);
  Lowered lowered;
  if (!target || !Lower(program, *target, lowered, error, &only)) return nullptr;
  return codegen::Jit::Create(std::move(lowered.context), std::move(lowered.module), error);
}

void AddEvaluationOptions(CLI::App& cmd, rt::CheckRunOptions& run) {
  cmd.add_option("--input-format", run.input_format, rt::InputFormatHelp())
      ->check(CLI::IsMember(rt::InputFormatNames()));
  cmd.add_option("--param", run.params,
                 "CloudFormation template parameter value NAME=VALUE (repeatable)");
  cmd.add_option("--params", run.params_files,
                 "File of CloudFormation parameter values (as for srm check; repeatable)");
  cmd.add_option("--max-steps", run.budget.max_steps,
                 "Evaluation budget, as for srm check (default 1000000; 0: no limit)");
}

void AddWaiverOptions(CLI::App& cmd, rt::CheckRunOptions& run) {
  cmd.add_option("--profile", run.profile,
                 "Only the controls this profile of the policies selects, and the profile's "
                 "waivers (as for srm check)");
  cmd.add_option("--today", run.today,
                 "The date waivers are judged by, YYYY-MM-DD (default: SOURCE_DATE_EPOCH when "
                 "set, else today's UTC date)");
}

bool SelectProfile(const rt::CheckRunOptions& run, rt::ControlTable& selected,
                   std::vector<rt::Waiver>& waivers) {
  std::string error;
  if (rt::ApplyProfile(run.profile, selected, waivers, error)) return true;
  std::cerr << "srm: error: " << error << "\n";
  return false;
}

int LoadAndEvaluate(const sema::Program& program, const rt::ControlTable& table,
                    const rt::CheckRunOptions& run, const std::vector<rt::Waiver>& waivers,
                    rt::Inventory& inventory, rt::Report& report) {
  std::string today;
  if (std::string error; !rt::ResolveToday(run.today, today, error)) {
    std::cerr << "srm: error: " << error << "\n";
    return rt::kExitUsage;
  }
  rt::SchemaMap schemas = sema::BuildSchemaMap(program);
  std::vector<std::string> files;
  if (int code = rt::LoadInventories(run, schemas, inventory, files); code != rt::kExitOk)
    return code;
  report = interp::Evaluate(program, table, inventory, run.budget);
  report.inventories = files;
  std::vector<std::string> warnings;
  rt::ApplyRunWaivers(report, inventory, waivers, today, warnings);
  for (const std::string& w : warnings) std::cerr << "warning: " << w << "\n";
  return rt::kExitOk;
}

// --framework F: keeps the selected controls that map F, which must be a declared framework.
bool KeepFramework(const sema::Program& program, const std::string& framework,
                   rt::ControlTable& selected, std::string& error) {
  if (framework.empty()) return true;
  if (rt::FindFramework(program.frameworks, framework) == nullptr) {
    std::vector<std::string> names;
    for (const rt::Framework& f : program.frameworks) names.push_back(f.name);
    std::string best = ClosestMatch(framework, names);
    error =
        "unknown framework '" + framework + "'" +
        (best.empty()
             ? " (the declared frameworks are: " + fmt::format("{}", fmt::join(names, ", ")) + ")"
             : "; did you mean '" + best + "'?");
    return false;
  }
  std::erase_if(selected.controls, [&](const auto& c) {
    return std::none_of(c->frameworks.begin(), c->frameworks.end(),
                        [&](const rt::FrameworkRef& m) { return m.framework == framework; });
  });
  return true;
}

}  // namespace srm::driver
