// Command-line pieces shared by `srm check` and compiled checkers: the check options and the
// handling of parse errors. Header-only, so that the runtime library does not depend on CLI11.
#pragma once

#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>
#include <string>

#include "runtime/cli/check_run.h"
#include "runtime/cli/shard.h"
#include "runtime/inventory/input_format.h"
#include "runtime/report/writers.h"

namespace srm::rt {

// -i/--inventory, --input-format, --format, --output, --control, --show, --fail-on, --param,
// --params, --timings, --strict, --max-file-size, --max-steps, --profile, --allow-soft, --today,
// --baseline, --update-baseline, --max-seconds, --shard, --shard-by, --jobs.
inline void AddCheckOptions(CLI::App* app, CheckRunOptions& options) {
  app->add_option("-i,--inventory", options.inventories, InventoryFileHelp())
      ->required()
      ->allow_extra_args(false);  // one file per -i: a word after it is a policy argument
  app->add_option("--input-format", options.input_format, InputFormatHelp())
      ->check(CLI::IsMember(InputFormatNames()));
  app->add_option("--format", options.format,
                  "Report format (default: from the --output file's extension, else text)")
      ->check(CLI::IsMember(ReportFormatNames()));
  app->add_option("--output", options.output, ReportOutputHelp())->allow_extra_args(false);
  app->add_option(
      "--control", options.controls,
      "Only evaluate this control id, or the ids a glob matches ('CT.S3.*'; repeatable)");
  app->add_option("--show", options.show,
                  "Findings the text report lists: fail (FAIL and ERROR; PASS and SKIP are only "
                  "counted, the default) or all")
      ->check(CLI::IsMember({"fail", "all"}));
  app->add_option("--fail-on", options.fail_on,
                  "Lowest severity whose FAIL findings make the exit code 1 (default " +
                      options.fail_on +
                      ": any FAIL); ERROR findings always do; lower ones are still reported")
      ->check(CLI::IsMember(SeverityNames()));
  app->add_option("--param", options.params,
                  "CloudFormation template parameter value NAME=VALUE, used instead of the "
                  "parameter's Default (repeatable; after --params files)");
  app->add_option("--params", options.params_files,
                  "File of CloudFormation parameter values: create-stack's [{ParameterKey, "
                  "ParameterValue}], deploy's {\"Parameters\": {...}} or [\"NAME=VALUE\"] "
                  "(JSON or YAML; repeatable)");
  app->add_flag("--timings", options.timings, "Print compile/load/evaluate times to stderr");
  app->add_flag("--strict", options.strict,
                "Inventories without any resource are an error (exit 2), not a warning");
  app->add_option("--max-file-size", options.max_file_size,
                  "Largest inventory file read, in bytes (default 4 GiB; see docs/limits.md)")
      ->check(CLI::Range(uint64_t{1}, uint64_t{0xFFFFFFFFull}));
  app->add_option("--max-steps", options.budget.max_steps,
                  "Evaluation budget: function calls and quantifier iterations one control may "
                  "take on one resource before its finding is an ERROR (default 1000000; 0: no "
                  "limit; see docs/limits.md)");
  app->add_option("--profile", options.profile,
                  "Only the controls this profile of the policies selects, each with the profile's "
                  "enforcement level (advisory, soft, hard), and the profile's waivers");
  app->add_flag("--allow-soft", options.allow_soft,
                "FAIL and ERROR findings of controls the profile makes soft do not fail the run");
  app->add_option("--today", options.today,
                  "The date (YYYY-MM-DD) waivers are judged by (default: SOURCE_DATE_EPOCH when "
                  "set, else today's UTC date)");
  app->add_option("--baseline", options.baseline,
                  "A JSON report of an earlier run: its FAIL and ERROR findings (by control, "
                  "inventory file and resource) are baseline and do not fail this run")
      ->allow_extra_args(false);
  app->add_option("--update-baseline", options.update_baseline,
                  "Also write this run's JSON report to FILE, the baseline of later runs")
      ->allow_extra_args(false);
  app->add_option("--max-seconds", options.budget.max_seconds,
                  "Time limit of the whole evaluation; findings not finished in time are ERROR "
                  "(default 0: no limit)");
  app->add_option("--shard", options.shard,
                  "Check only shard K (0-based) of N: a deterministic part of the inventories "
                  "(docs/scale-out.md); write --format json and join the N reports with srm merge")
      ->check(CLI::Validator(
          [](std::string& text) {
            ShardSpec spec;
            std::string error;
            return ParseShard(text, spec, error) ? std::string() : error;
          },
          "K/N"));
  app->add_option("--shard-by", options.shard_by,
                  "How --shard splits: file (each file to one shard, a file larger than a "
                  "shard's share split by resource; the default) or resource (every file split "
                  "by resource; for AWS Config snapshots)")
      ->check(CLI::IsMember(ShardByNames()));
  app->add_option("--jobs", options.jobs,
                  "Threads that evaluate (default: one per core; 1: evaluate on the main thread); "
                  "the report is the same for every number")
      ->check(CLI::Validator(
          [](const std::string& text) -> std::string {
            bool digits = !text.empty() && text.size() <= 10 &&
                          text.find_first_not_of("0123456789") == std::string::npos;
            if (digits && std::stoull(text) >= 1 && std::stoull(text) <= kMaxJobs) return "";
            return "the number of threads must be a whole number from 1 to " +
                   std::to_string(kMaxJobs) + ", not '" + text + "'";
          },
          "N"));
}

// Parses the command line. Returns an exit code when the program should stop now (help,
// version, or a usage error reported as "PROG: error: ..."), nullopt to go on.
inline std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv,
                                           const std::string& prog) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << prog << ": error: " << e.what() << "\n";
    std::cerr << "Run '" << prog << " --help' for usage.\n";
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace srm::rt
