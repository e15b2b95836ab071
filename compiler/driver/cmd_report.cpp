#include "compiler/driver/cmd_report.h"

#include <iostream>

#include "compiler/interp/interp.h"
#include "compiler/sema/control_table.h"
#include "compiler/sema/schema_export.h"
#include "runtime/cli/check_cli.h"
#include "runtime/cli/check_rules.h"
#include "runtime/report/framework_report.h"

namespace srm::driver {

CLI::App* AddReportCommand(CLI::App& app, CommonOptions& common, ReportOptions& report) {
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Check the controls that map a framework and group the findings by its requirements");
  cmd->add_option("policies", common.policies,
                  "Policy files or directories (.srm); none: the embedded stdlib alone");
  cmd->add_option("--framework", report.framework, "The framework (e.g. HIPAA)")->required();
  cmd->add_option("-i,--inventory", report.run.inventories, rt::InventoryFileHelp())
      ->required()
      ->allow_extra_args(false);
  AddEvaluationOptions(*cmd, report.run);
  AddWaiverOptions(*cmd, report.run);
  cmd->add_option("--format", report.format, "Output format")
      ->check(CLI::IsMember(rt::FrameworkReportFormats()));
  cmd->add_flag("--no-stdlib", common.no_stdlib, "Do not load the embedded standard library");
  cmd->add_option("--color", common.color, "Colour output (of diagnostics)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  return cmd;
}

int RunReport(const CommonOptions& common, ReportOptions& options) {
  sema::Program program;
  if (!Compile(common, program)) return rt::kExitUsage;
  rt::ControlTable selected = sema::BuildControlTable(program);
  std::vector<rt::Waiver> waivers;
  if (!SelectProfile(options.run, selected, waivers)) return rt::kExitUsage;
  std::string error;
  if (!KeepFramework(program, options.framework, selected, error)) {
    std::cerr << "srm: error: " << error << "\n";
    return rt::kExitUsage;
  }
  rt::Interner names;
  rt::Inventory inventory(names);
  rt::Report report;
  if (int code = LoadAndEvaluate(program, selected, options.run, waivers, inventory, report);
      code != rt::kExitOk)
    return code;
  report.Sort();
  std::vector<const rt::ControlMeta*> controls;
  for (const auto& c : selected.controls) controls.push_back(c.get());
  const rt::Framework& framework = *rt::FindFramework(program.frameworks, options.framework);
  std::cout << rt::RenderFrameworkReport(rt::BuildFrameworkReport(framework, report, controls),
                                         options.format);
  return rt::kExitOk;
}

}  // namespace srm::driver
