// What `srm check` (either backend) and a compiled checker share after their policies are
// ready: load the inventories, evaluate through a backend callback, render the report, pick
// the exit code. One implementation, so every way of checking prints the same bytes.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "runtime/eval/budget.h"
#include "runtime/eval/control_table.h"
#include "runtime/eval/evaluate.h"
#include "runtime/eval/parallel.h"
#include "runtime/inventory/inventory.h"
#include "runtime/inventory/schema_map.h"
#include "runtime/report/report.h"
#include "runtime/report/severity.h"
#include "runtime/report/writers.h"

namespace srm::rt {

constexpr int kExitOk = 0;        // no FAIL or ERROR
constexpr int kExitFindings = 1;  // at least one FAIL or ERROR
constexpr int kExitUsage = 2;     // usage error, unreadable file, bad policy or inventory

// `mode` is auto|always|never; auto colours a terminal unless NO_COLOR is set and non-empty.
bool UseColor(const std::string& mode, int fd);

// The options of `srm check` that do not concern the policies.
struct CheckRunOptions {
  std::vector<std::string> inventories;
  std::string input_format = "auto";  // "auto" or a name of input_formats.def
  std::string format;  // a name of runtime/report/writers.h; empty: from `output`, else text
  std::string output;  // --output FILE; empty: stdout
  std::vector<std::string> controls;  // --control; empty: all
  std::string show = "fail";          // --show: "fail" lists FAIL and ERROR, "all" everything
  // --fail-on: the lowest severity (runtime/report/severity.h) whose FAIL findings fail the run;
  // the lowest by default (any FAIL). ERROR findings fail it whatever their severity.
  std::string fail_on = kSeverities.front();
  std::string color = "auto";
  bool timings = false;
  // --strict: inventories that hold no resource at all are an error (exit 2), not a warning.
  bool strict = false;
  uint64_t max_file_size = 0;  // --max-file-size in bytes; 0: the default (LoadLimits)
  BudgetOptions budget;        // --max-steps, --max-seconds
  // --jobs: threads that load files (LoadInventoryFiles) and evaluate (runtime/eval/parallel.h)
  uint32_t jobs = DefaultJobs();
  std::vector<std::string> params;        // --param NAME=VALUE (runtime/cli/parameters.h)
  std::vector<std::string> params_files;  // --params FILE
  std::string profile;      // --profile: the controls and levels of this profile (check_rules.h)
  bool allow_soft = false;  // --allow-soft: FAIL findings of soft controls do not fail the run
  std::string today;        // --today YYYY-MM-DD: the date waivers are judged by
  std::string baseline;     // --baseline FILE: a JSON report whose findings are not new
  std::string update_baseline;  // --update-baseline FILE: write the JSON report there too
  // --shard K/N and --shard-by file|resource: check only shard K's part of the inventories
  // (runtime/cli/shard.h, docs/scale-out.md); "": the whole run.
  std::string shard;
  std::string shard_by = "file";
  std::string version;  // the version line a shard's JSON report records (srm merge compares)
};

// --output's help: the extensions that choose a format (from the writers table).
std::string ReportOutputHelp();

// The writer for `format`, else for `output`'s extension, else text; nullptr after a message.
const ReportWriter* ChooseReportWriter(const std::string& format, const std::string& output);

// Calls `write` with the output of `path` (stdout when `path` is empty), which it writes as it
// renders; false after a message naming the file and the system's reason when the file cannot
// be opened or written.
bool WriteReportTo(const std::string& path, const std::function<void(ReportOut& out)>& write);

// A report's output, open while the report is written: `path`, or stdout when it is empty.
// Open and Close are false after the message WriteReportTo gives.
class ReportFile {
 public:
  ReportFile() = default;
  ReportFile(const ReportFile&) = delete;
  ReportFile& operator=(const ReportFile&) = delete;
  ~ReportFile();
  bool Open(const std::string& path);
  ReportOut& out() { return *out_; }
  bool Close();

 private:
  void Fail(int error) const;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::optional<ReportOut> out_;
};

// Evaluates the selected controls (see SelectControls) over a loaded inventory, each control's
// findings to `sink` (EvaluateControls), and returns the rest of the report (unmodelled).
using Evaluator = std::function<Report(const Inventory& inventory, const ControlSink& sink)>;

// Whether FAIL or ERROR finding `f` fails the run (FindingsExitCode's rule; `threshold`:
// SeverityRank of --fail-on).
bool FailsRun(const Finding& f, int threshold, bool allow_soft);

// The exit code of a report: kExitFindings when a FAIL or ERROR finding fails the run, else
// kExitOk. WAIVED and baseline findings never do; by the control's enforcement level, advisory
// findings never do, hard ones always do, soft ones do unless `allow_soft`; then (soft, and
// without a profile) an ERROR does, and a FAIL does when its control's severity is `fail_on` or
// higher (or unknown).
int FindingsExitCode(const Report& report, const std::string& fail_on, bool allow_soft);

// Appends the waivers declared in the inventories (CloudFormation Metadata.srm.waive) to `out`,
// as policy waivers: each covers its resource of its file only (Waiver::in_inventory).
void AddInventoryWaivers(const Inventory& inventory, std::vector<Waiver>& out);

// Applies `waivers` and those of the inventories to the report's findings, judged on `today`
// (ApplyWaivers); waivers that match nothing go to `warnings`. What srm check, gaps and report
// share.
void ApplyRunWaivers(Report& report, const Inventory& inventory, std::vector<Waiver> waivers,
                     const std::string& today, std::vector<std::string>& warnings);

// Loads the inventories of `options` into `inventory` as RunCheck does (below), `files` the
// inventory files of the run; kExitOk, or kExitUsage after a message on stderr. With --shard,
// only the files of the shard's plan (PlanShard) are read, `files` is still every file of the
// run, and OfType holds only the resources the shard checks (Inventory::KeepOfType).
// `build_types`: LoadOptions::build_types (RunCheck: BuiltTypes of its controls; null: every
// resource's properties are built).
int LoadInventories(const CheckRunOptions& options, const SchemaMap& schemas, Inventory& inventory,
                    std::vector<std::string>& files,
                    const std::set<std::string, std::less<>>* build_types = nullptr);

// Loads the inventories (directories expanded and duplicates read once, ExpandInventoryPaths;
// a malformed one is a located error, exit 2; Terraform and AWS Config
// data is mapped through `schemas`; when they hold no resource at all, warns on stderr naming
// them, or with `strict` stops with exit 2), evaluates, writes the report to stdout (or --output)
// and returns the exit code. With `timings`, prints to stderr the time from `started` to this call
// as "compile", then the load and evaluation times.
// `waivers`: the module-level waivers and those of the selected profile (ApplyProfile), applied
// to the report with the date from --today (ApplyWaivers); then --baseline marks the findings
// already in the baseline, and --update-baseline writes the JSON report.
// The report is written while it is evaluated: each control's findings are waived, marked and
// rendered as soon as they are all there, then dropped, so memory does not grow with the number
// of findings. `controls`: the selected controls, those `evaluate` evaluates.
int RunCheck(const CheckRunOptions& options, std::chrono::steady_clock::time_point started,
             const SchemaMap& schemas, const std::vector<Waiver>& waivers,
             const ControlTable& controls, const Evaluator& evaluate);

// Runs `main_fn` on a thread with a large stack (256 MiB), so that the front end's and the
// evaluators' depth limits, not the platform's default stack, decide. Falls back to the
// calling thread if no such thread can be created.
int RunWithLargeStack(int (*main_fn)(int, char**), int argc, char** argv);

}  // namespace srm::rt
