// Evaluation of a compiled program (the `srm_program` table of generated code) through the
// evaluation loop shared with the interpreter.
#pragma once

#include "runtime/eval/abi.h"
#include "runtime/eval/evaluate.h"

namespace srm::rt {

// Interns the program's property names into the inventory's interner, fills key_ids and
// evaluates the controls over the inventory.
Report EvaluateProgram(const SrmProgram& program, const Inventory& inventory,
                       const EvalOptions& options);

}  // namespace srm::rt
