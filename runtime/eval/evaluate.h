// The evaluation loop every backend shares: which resources a control visits, in what order,
// and how each outcome becomes a finding. A backend supplies only "evaluate this control on this
// resource"; findings, SKIPs for absent types, ordering and unmodelled types are built here.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "runtime/eval/control_table.h"
#include "runtime/inventory/inventory.h"
#include "runtime/report/report.h"

namespace srm::rt {

// The message of a resource that a control's `when` filter left out.
inline constexpr char kFilteredByWhen[] = "filtered out by 'when'";

// What evaluating one control on one resource gave. kPass/kFail/kSkip/kError; the message is
// the assert's (FAIL), the fault's (ERROR) or empty.
struct Outcome {
  Status status = Status::kPass;
  std::string message;
};

// Evaluates `control` (an entry of the backend's control table: control.order is its position
// there) on `resource`.
using EvalFn = std::function<Outcome(const ControlMeta& control, const Resource& resource)>;

// Evaluates the controls of `controls` (a table, or the part SelectControls kept) over
// `inventory`: resources of each control's type in order of logical id, then file and position.
// A control with no resource of its type gives one SKIP finding. Inventory types not in
// `modelled_types` (the types some schema names) are counted as unmodelled.
Report EvaluateControls(const ControlTable& controls, const Inventory& inventory,
                        const std::set<std::string>& modelled_types, const EvalFn& eval);

// Where a resource is in its inventory file.
Location ResourceLocation(const Inventory& inventory, const Resource& resource);

}  // namespace srm::rt
