// The tree-walking interpreter: evaluates every checked control over an inventory and
// produces findings (PASS, FAIL, SKIP, ERROR). Evaluation faults become ERROR, never PASS.
#pragma once

#include "compiler/interp/observer.h"
#include "compiler/sema/program.h"
#include "runtime/eval/budget.h"
#include "runtime/eval/control_table.h"
#include "runtime/eval/evaluate.h"
#include "runtime/inventory/inventory.h"
#include "runtime/report/report.h"

namespace srm::interp {

class Tracer;  // compiler/interp/trace.h

// Evaluates `controls` (sema::BuildControlTable(program), or what rt::SelectControls kept of it)
// over `inventory`, each control on each resource within `budget` (past it, the finding is ERROR).
// With a `tracer` (srm explain), the evaluations it accepts (Tracer::Begin) are recorded step by
// step; an `observer` (srm test --coverage) is told of each `when`, `let` and `assert` evaluated.
// `jobs`: the threads that evaluate (--jobs; rt::EvaluateControls), each with an interpreter of
// its own; 1 with a tracer or an observer. The report is the same for every `jobs`.
// With a `sink`, the findings go there, a control at a time (rt::EvaluateControls).
rt::Report Evaluate(const sema::Program& program, const rt::ControlTable& controls,
                    const rt::Inventory& inventory, const rt::BudgetOptions& budget = {},
                    Tracer* tracer = nullptr, EvalObserver* observer = nullptr, uint32_t jobs = 1,
                    const rt::ControlSink* sink = nullptr);

}  // namespace srm::interp
