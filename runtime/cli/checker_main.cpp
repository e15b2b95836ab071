// The entry point of a checker built by `srm compile`: the generated object defines
// `srm_program` (the compiled controls and their metadata); this file supplies the command line
// of `srm check` without the policy arguments, with the same output and exit codes.
//
//   checker -i TEMPLATE.json [-i ...] [--format text|json] [--control ID]... [--show fail|all]
//           [--fail-on SEVERITY] [--color auto|always|never] [--timings] ...
//   checker --list [--format text|json|md] [--control ID]...   (docs/cli.md)
//
// Compiled into libsrm_checker_main.a, not into the runtime library (it defines main).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "runtime/cli/check_cli.h"
#include "runtime/cli/check_rules.h"
#include "runtime/cli/check_run.h"
#include "runtime/cli/version.h"
#include "runtime/eval/abi.h"
#include "runtime/eval/abi_eval.h"
#include "runtime/report/control_list.h"

extern "C" const SrmProgram srm_program;

namespace {

int CheckerMain(int argc, char** argv) {
  auto started = std::chrono::steady_clock::now();
  std::string prog = argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "checker";
  if (prog.empty()) prog = "checker";

  srm::rt::CheckRunOptions options;
  CLI::App app{
      "Check inventories (CloudFormation, Terraform plans, AWS Config) against the SRM controls "
      "compiled into " +
      prog};
  app.name(prog);
  app.set_version_flag("--version", prog + ": SRM checker, " + srm::rt::VersionLine("srm"));
  srm::rt::AddCheckOptions(&app, options);
  options.version = srm::rt::VersionLine("srm");  // the runtime's: a shard's report records it
  app.add_option("--color", options.color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  bool list = false;
  app.add_flag("--list", list,
               "List the compiled controls (those --control selects) as text or, with --format "
               "json or md, JSON or Markdown, and exit; no inventory is read");
  // -i is required unless --list, and --format takes the list formats with --list (md) and the
  // report formats without: checked after parsing, with CLI11's messages.
  app.get_option("--inventory")->required(false);
  auto braced = [](const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "{" : ",") + n;
    return out + "}";
  };
  std::string help = app.get_option("--format")->get_description() + ": one of " +
                     braced(srm::rt::ReportFormatNames()) + "; with --list, one of " +
                     braced(srm::rt::ControlListFormatNames());
  app.remove_option(app.get_option("--format"));
  app.add_option("--format", options.format, help);
  app.callback([&] {
    if (!list && options.inventories.empty()) throw CLI::RequiredError("--inventory");
    if (list || options.format.empty()) return;  // --list checks its formats below
    std::vector<std::string> formats = srm::rt::ReportFormatNames();
    if (std::find(formats.begin(), formats.end(), options.format) != formats.end()) return;
    throw CLI::ValidationError("--format", options.format + " not in " + braced(formats));
  });
  if (std::optional<int> done = srm::rt::ParseCommandLine(app, argc, argv, prog)) return *done;

  const SrmProgram& program = srm_program;
  if (program.abi_version != SRM_ABI_VERSION) {
    std::cerr << prog << ": error: compiled with ABI version " << program.abi_version
              << ", the runtime expects " << SRM_ABI_VERSION << "\n";
    return srm::rt::kExitUsage;
  }
  srm::rt::ControlTable table, selected;
  std::string error;
  if (!srm::rt::ReadControlTable(program, table, error)) {
    std::cerr << prog << ": error: " << error << "\n";
    return srm::rt::kExitUsage;
  }
  std::vector<srm::rt::Waiver> waivers;
  if (!srm::rt::SelectControls(table, options.controls, selected, error) ||
      !srm::rt::ApplyProfile(options.profile, selected, waivers, error)) {
    std::cerr << prog << ": error: " << error << "\n";
    return srm::rt::kExitUsage;
  }

  if (list) {
    if (options.format.empty()) options.format = "text";  // no --format: as `srm list`
    std::vector<std::string> formats = srm::rt::ControlListFormatNames();
    if (std::find(formats.begin(), formats.end(), options.format) == formats.end()) {
      std::string names;
      for (size_t i = 0; i < formats.size(); ++i)
        names += (i == 0 ? "" : i + 1 == formats.size() ? " or " : ", ") + formats[i];
      std::cerr << prog << ": error: --list writes " << names << ", not " << options.format << "\n";
      return srm::rt::kExitUsage;
    }
    std::cout << srm::rt::RenderControlList(selected, options.format);
    return srm::rt::kExitOk;
  }

  srm::rt::SchemaMap schemas;
  if (!srm::rt::SchemaMap::Parse(program.schema_map, schemas, error)) {
    std::cerr << prog << ": error: corrupt schema map: " << error << "\n";
    return srm::rt::kExitUsage;
  }
  return srm::rt::RunCheck(
      options, started, schemas, waivers, selected,
      [&](const srm::rt::Inventory& inventory, const srm::rt::ControlSink& sink) {
        return srm::rt::EvaluateProgram(program, selected, inventory, options.budget, options.jobs,
                                        &sink);
      });
}

}  // namespace

int main(int argc, char** argv) { return srm::rt::RunWithLargeStack(CheckerMain, argc, argv); }
