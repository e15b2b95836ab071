// The control table of a checked program (runtime/eval/control_table.h), built here and nowhere
// else: the interpreter evaluates it, codegen embeds it serialised into generated code.
#pragma once

#include <vector>

#include "compiler/sema/program.h"
#include "runtime/eval/control_table.h"

namespace srm::sema {

// The controls that are evaluated (a resource type and a `for` block: all of them once the
// program checked without errors), sorted by id. Entry i of BuildControlTable is control i here.
std::vector<const ControlInfo*> EvaluatedControls(const Program& program);

rt::ControlTable BuildControlTable(const Program& program);

}  // namespace srm::sema
