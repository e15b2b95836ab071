// The run-time half of profiles, waivers and baselines for `srm check` and compiled checkers:
// selecting a profile's controls with their levels, and reading a baseline report.
#pragma once

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "runtime/eval/control_table.h"
#include "runtime/report/report.h"

namespace srm::rt {

// `--profile NAME`: keeps the controls of `selected` that profile NAME selects, each with its
// level (ControlMeta::enforcement), and appends the profile's waivers to `waivers` (which
// starts as the module-level ones). With an empty name, only the module-level waivers. False
// with "unknown profile 'X'" (and a suggestion, or the list of profiles) in `error`.
bool ApplyProfile(const std::string& name, ControlTable& selected, std::vector<Waiver>& waivers,
                  std::string& error);

// A finding's key in a baseline: control id, inventory file, resource id (not the line, so that
// a resource that moves stays the same finding).
using BaselineKey = std::tuple<std::string, std::string, std::string>;
BaselineKey KeyOf(const Finding& f);

// Reads the FAIL, ERROR and WAIVED findings of a JSON report (`srm check --format json`,
// version 2 or later). False with a located message ("file:line:col: error: ...", or
// "file: error: ...") when the file cannot be read or is not such a report. With `failing`,
// also appends those findings there, a WAIVED one with the status it covered and no waiver,
// each with its control's id and what the report says of it (title, severity, ...: a report
// written by srm says all, a hand-written one may say nothing).
bool ReadBaseline(const std::string& path, std::set<BaselineKey>& keys, std::string& error,
                  std::vector<Finding>* failing = nullptr);

// --baseline over findings that are not kept (a streamed report): Mark marks each FAIL and ERROR
// finding whose key is in `keys` as baseline; Absent, once all are marked, gives the findings of
// `failing` (ReadBaseline's) whose key no FAIL, ERROR or WAIVED finding had, in the baseline's
// order: gone since the baseline (RenderOptions::absent). Keeps only the baseline's keys.
// `keys` must outlive the marker.
class BaselineMarker {
 public:
  BaselineMarker(const std::set<BaselineKey>& keys, std::vector<Finding> failing);
  void Mark(Finding& f);
  std::vector<Finding> Absent();

 private:
  const std::set<BaselineKey>& keys_;
  std::vector<Finding> failing_;
  std::set<BaselineKey> failing_keys_, seen_;  // seen_: the keys of failing_ a finding has
};

}  // namespace srm::rt
