// Evaluation of a compiled program (the `srm_program` table of generated code) through the
// evaluation loop shared with the interpreter.
#pragma once

#include <string>

#include "runtime/eval/abi.h"
#include "runtime/eval/budget.h"
#include "runtime/eval/control_table.h"
#include "runtime/eval/evaluate.h"

namespace srm::rt {

// The program's control table (parsed from `program.control_table`); false with a message
// when it is corrupt or does not match the program's functions.
bool ReadControlTable(const SrmProgram& program, ControlTable& out, std::string& error);

// Interns the program's property names into the inventory's interner, fills key_ids and
// evaluates `controls` (the program's control table, or what SelectControls kept of it) over
// the inventory, each control on each resource within `budget`, on `jobs` threads (--jobs;
// EvaluateControls) each with an SrmCtx of its own. The report is the same for every `jobs`.
// With a `sink`, the findings go there, a control at a time (EvaluateControls).
Report EvaluateProgram(const SrmProgram& program, const ControlTable& controls,
                       const Inventory& inventory, const BudgetOptions& budget = {},
                       uint32_t jobs = 1, const ControlSink* sink = nullptr);

}  // namespace srm::rt
