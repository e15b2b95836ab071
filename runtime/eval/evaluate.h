// The evaluation loop every backend shares: which resources a control visits, in what order,
// and how each outcome becomes a finding. A backend supplies only "evaluate control i on this
// resource"; findings, SKIPs for absent types, ordering and unmodelled types are built here.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "runtime/inventory/inventory.h"
#include "runtime/report/report.h"

namespace srm::rt {

// The message of a resource that a control's `when` filter left out.
inline constexpr char kFilteredByWhen[] = "filtered out by 'when'";

struct ControlSpec {
  std::shared_ptr<const ControlMeta> meta;  // meta->resource_type selects the resources
};

// What evaluating one control on one resource gave. kPass/kFail/kSkip/kError; the message is
// the assert's (FAIL), the fault's (ERROR) or empty.
struct Outcome {
  Status status = Status::kPass;
  std::string message;
};

using EvalFn = std::function<Outcome(size_t control, const Resource& resource)>;

struct EvalOptions {
  std::set<std::string> only_controls;   // empty: all
  std::set<std::string> modelled_types;  // resource types some schema names
};

// Evaluates `controls` (already sorted by id) over `inventory`: resources of each control's type
// in order of logical id, then file and position. A control with no resource of its type gives
// one SKIP finding.
Report EvaluateControls(const std::vector<ControlSpec>& controls, const Inventory& inventory,
                        const EvalOptions& options, const EvalFn& eval);

}  // namespace srm::rt
