// The evaluation loop every backend shares: which resources a control visits, in what order,
// and how each outcome becomes a finding. A backend supplies only "evaluate this control on this
// resource"; findings, SKIPs for absent types, ordering and unmodelled types are built here.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "runtime/eval/control_table.h"
#include "runtime/inventory/inventory.h"
#include "runtime/report/report.h"

namespace srm::rt {

// The message of a resource that a control's `when` filter left out.
inline constexpr char kFilteredByWhen[] = "filtered out by 'when'";

// The last inventory read of an evaluation: `key` (an inventory key, or "" when unknown) looked
// up in object `parent`, giving `found` (nullptr when absent). Backends record every property,
// record-field and map read; a FAIL finding points at the read its assert saw last.
struct Read {
  const Value* parent = nullptr;  // nullptr: nothing read yet
  const Value* found = nullptr;
  std::string_view key;  // in storage that outlives the evaluation (the program, the interner)
  // Resource::index of the resource whose property was read last (record fields and map keys
  // read after it keep it): where to look for `parent` besides the evaluated resource.
  uint32_t resource = kNoResource;
  static constexpr uint32_t kNoResource = 0xffffffffu;
};

// A failed assert the evaluation went past: its message and the last read before it failed.
struct Failure {
  std::string message;
  Read read;
};

// What evaluating one control on one resource gave. `status` is how the evaluation ended: kPass
// (every statement ran), kSkip (`when`), kFail (a failed guard assert ended it: see
// sema::Program::guard_asserts) or kError (a fault); the message is the assert's (FAIL), the
// fault's (ERROR) or empty. `failed` holds the failed asserts the evaluation went
// past, in order: each is a FAIL finding of its own, before the one `status` gives when that is
// a FAIL (after a failed assert, a PASS ending adds nothing, and neither does an ERROR: the fault
// may come from the value the failed assert rejected).
struct Outcome {
  Status status = Status::kPass;
  std::string message;
  std::vector<Failure> failed;
  Read read;  // for a FAIL status: the last read before the assert failed (or the strict read)
};

// Evaluates `control` (an entry of the backend's control table: control.order is its position
// there) on `resource`, a resource of its type control.resource_types[block]: the control's
// `for` block number `block` checks it.
using EvalFn =
    std::function<Outcome(const ControlMeta& control, uint32_t block, const Resource& resource)>;

// Makes the EvalFn of one evaluating thread: an evaluator with state of its own (an
// interpreter, an SrmCtx) that only that thread calls. EvaluateControls calls it once per
// thread, on the calling thread, before any evaluation starts.
using EvalFactory = std::function<EvalFn()>;

// Evaluates the controls of `controls` (a table, or the part SelectControls kept) over
// `inventory`: resources of each control's types (one per `for` block), block by block, each in
// order of logical id, then file and position. A control with no resource of any of its types
// gives one SKIP finding. A resource gives one FAIL finding
// per failed assert (Outcome::failed, then a failed guard), or one finding for how its
// evaluation ended. Inventory types not in
// `modelled_types` (the types some schema names) are counted as unmodelled.
//
// With `jobs` > 1, (control, chunk of its resources) work items (SplitWork) are evaluated on
// `jobs` threads (RunWorkers), each with its own evaluator from `make_eval`, and their findings
// are concatenated in item order: the report is the same, byte for byte, for every `jobs`.
// The inventory is only read (Inventory::PrepareConcurrentReads). `jobs` 1 evaluates on the
// calling thread.
//
// With a `sink`, the findings are not kept: each control's go to the sink as soon as they are all
// evaluated (while other controls are), sorted (FindingLess), controls in table order (by id), so
// that a writer can render them in bounded memory (ReportStream); the report returned holds the
// rest (unmodelled). The sink is called from one thread at a time, any of the evaluating ones.
using ControlSink = std::function<void(std::vector<Finding>& findings)>;
Report EvaluateControls(const ControlTable& controls, const Inventory& inventory,
                        const std::set<std::string>& modelled_types, const EvalFactory& make_eval,
                        uint32_t jobs, const ControlSink* sink = nullptr);
// The same on the calling thread, with one evaluator.
Report EvaluateControls(const ControlTable& controls, const Inventory& inventory,
                        const std::set<std::string>& modelled_types, const EvalFn& eval);

// A work item of a parallel evaluation: visits [begin, end) of control number `control` (its
// resources in evaluation order, block by block; a control without any has one item, its
// SKIP finding, with begin == end == 0).
struct WorkItem {
  uint32_t control = 0;
  uint32_t begin = 0, end = 0;
  bool operator==(const WorkItem& o) const {
    return control == o.control && begin == o.begin && end == o.end;
  }
};

// The work items of controls with `visits[c]` visits each, for `jobs` threads: every visit in
// exactly one item, items in control order and, within a control, in visit order (so that the
// findings of the items, concatenated, are those of one thread). Chunks are small enough for
// the threads to share the work evenly and large enough to keep the hand-out cheap.
std::vector<WorkItem> SplitWork(const std::vector<uint32_t>& visits, uint32_t jobs);

// The property a FAIL finding points at: `read` located in `properties` (the resource's
// properties as evaluated), else in the properties of the resource read.resource names (a
// resource `related` returned). A read value is located at its key (or, in a list, at itself);
// an absent one at the nearest object that exists. Empty when nothing was read.
PropertyRef PropertyOf(const Inventory& inventory, const Resource& resource,
                       const Value* properties, const Read& read);

}  // namespace srm::rt
