// The entry point of a checker built by `srm compile`: the generated object defines
// `srm_program` (the compiled controls and their metadata); this file supplies the command line
// of `srm check` without the policy arguments, with the same output and exit codes.
//
//   checker -i TEMPLATE.json [-i ...] [--format text|json] [--control ID]...
//           [--color auto|always|never] [--timings]
//
// Compiled into libsrm_checker_main.a, not into the runtime library (it defines main).
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "runtime/cli/check_cli.h"
#include "runtime/cli/check_run.h"
#include "runtime/eval/abi.h"
#include "runtime/eval/abi_eval.h"

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
  srm::rt::AddCheckOptions(&app, options);
  app.add_option("--color", options.color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
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
  if (!srm::rt::SelectControls(table, options.controls, selected, error)) {
    std::cerr << prog << ": error: " << error << "\n";
    return srm::rt::kExitUsage;
  }

  srm::rt::SchemaMap schemas;
  if (!srm::rt::SchemaMap::Parse(program.schema_map, schemas, error)) {
    std::cerr << prog << ": error: corrupt schema map: " << error << "\n";
    return srm::rt::kExitUsage;
  }
  return srm::rt::RunCheck(options, started, schemas, [&](const srm::rt::Inventory& inventory) {
    return srm::rt::EvaluateProgram(program, selected, inventory, options.budget);
  });
}

}  // namespace

int main(int argc, char** argv) { return srm::rt::RunWithLargeStack(CheckerMain, argc, argv); }
