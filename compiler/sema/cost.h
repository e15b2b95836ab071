// Worst-case evaluation cost of controls, in the steps the evaluation budget counts (function
// calls and quantifier iterations), for compile-time warnings about policies that cannot finish.
#pragma once

#include <cstdint>

#include "compiler/sema/program.h"
#include "runtime/eval/budget.h"

namespace srm::sema {

// Lists a quantifier iterates over are assumed to hold at most this many items (a literal list:
// its length).
inline constexpr uint64_t kAssumedListItems = 100;
// ... and the lists of one resource's data at most this many items together: quantifiers nested
// along the data (statements of a policy of a role, actions of a statement) iterate over
// disjoint parts of it, so together at most this many times, however deep the nesting.
inline constexpr uint64_t kAssumedDataItems = 10000;

// Estimated worst-case steps of evaluating `control` on one resource (saturating at UINT64_MAX).
// Needs a checked program (call targets resolved).
uint64_t WorstCaseSteps(const Program& program, const ControlInfo& control);

// Warns (once per control) when a control's worst-case cost exceeds `budget` steps.
void WarnExpensiveControls(const Program& program, DiagnosticEngine& diags,
                           uint64_t budget = rt::kDefaultMaxSteps);

}  // namespace srm::sema
