// `srm report --framework F -i INVENTORY... [POLICY...] [--format md|html|json]`: a check run of
// the controls that map framework F, grouped by F's requirements with a status for each (met,
// not met, attested, not assessed): runtime/report/framework_report.h; docs/reports.md.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "compiler/driver/driver.h"
#include "runtime/cli/check_run.h"

namespace srm::driver {

struct ReportOptions {
  std::string framework;
  std::string format = "md";
  rt::CheckRunOptions run;  // the inventories, their format and the evaluation budget
};

// Adds the `report` subcommand to `app`, its options stored in `common` and `report`.
CLI::App* AddReportCommand(CLI::App& app, CommonOptions& common, ReportOptions& report);
int RunReport(const CommonOptions& common, ReportOptions& report);

}  // namespace srm::driver
