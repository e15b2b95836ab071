#include "compiler/driver/cmd_merge.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "runtime/cli/check_run.h"
#include "runtime/report/json_report_reader.h"
#include "runtime/report/merge.h"
#include "runtime/report/writers.h"

namespace srm::driver {

CLI::App* AddMergeCommand(CLI::App& app, MergeOptions& merge) {
  CLI::App* cmd = app.add_subcommand(
      "merge",
      "Join the JSON reports of the shards of one srm check --shard K/N run into the report "
      "(any format) and exit code of the unsharded run");
  cmd->add_option("reports", merge.reports,
                  "The N shards' JSON reports (srm check --shard K/N --format json), any order")
      ->required();
  cmd->add_option("--format", merge.format,
                  "Report format (default: from the --output file's extension, else text)")
      ->check(CLI::IsMember(rt::ReportFormatNames()));
  cmd->add_option("--output", merge.output, rt::ReportOutputHelp());
  cmd->add_option("--show", merge.show,
                  "Findings the text report lists: fail (FAIL and ERROR, the default) or all")
      ->check(CLI::IsMember({"fail", "all"}));
  cmd->add_option("--color", merge.color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  return cmd;
}

int RunMerge(const MergeOptions& options) {
  const rt::ReportWriter* writer = rt::ChooseReportWriter(options.format, options.output);
  if (writer == nullptr) return rt::kExitUsage;
  std::vector<rt::Report> shards(options.reports.size());
  std::string error;
  for (size_t i = 0; i < options.reports.size(); ++i) {
    if (!rt::ReadJsonReport(options.reports[i], shards[i], error)) {
      std::cerr << error
                << "\n(srm merge reads the JSON reports of shards: srm check --shard K/N "
                   "--format json; it renders every format from them)\n";
      return rt::kExitUsage;
    }
  }
  rt::Report report;
  if (!rt::MergeShardReports(shards, options.reports, report, error)) {
    std::cerr << error << "\n";
    return rt::kExitUsage;
  }
  std::string fail_on = shards[0].shard->fail_on;
  bool allow_soft = shards[0].shard->allow_soft;
  shards.clear();
  std::vector<std::string> warnings;
  rt::RenderOptions render;
  render.color = options.output.empty() && rt::UseColor(options.color, STDOUT_FILENO);
  render.warnings = &warnings;
  render.show_all = options.show == "all";
  bool written = rt::WriteReportTo(options.output,
                                   [&](rt::ReportOut& out) { writer->Write(report, render, out); });
  for (const std::string& w : warnings) std::cerr << "warning: " << w << "\n";
  if (!written) return rt::kExitUsage;
  return rt::FindingsExitCode(report, fail_on, allow_soft);
}

}  // namespace srm::driver
