// The control table of a checked program (runtime/eval/control_table.h), built here and nowhere
// else: the interpreter evaluates it, codegen embeds it serialised into generated code.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "compiler/sema/program.h"
#include "runtime/eval/control_table.h"

namespace srm::sema {

// The controls that are evaluated (a resource type and a `for` block: all of them once the
// program checked without errors), sorted by id. Entry i of BuildControlTable is control i here.
// With `only`, just the controls whose ids it holds (a program compiled for a selection).
std::vector<const ControlInfo*> EvaluatedControls(const Program& program,
                                                  const std::set<std::string>* only = nullptr);

rt::ControlTable BuildControlTable(const Program& program,
                                   const std::set<std::string>* only = nullptr);

}  // namespace srm::sema
