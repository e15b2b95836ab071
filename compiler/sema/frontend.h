// The front end in one call: parse every source of a Program, then type-check it.
#pragma once

#include "compiler/sema/program.h"

namespace srm::sema {

// Parses all files in `program.sources` and checks them. Returns false on any error (already
// reported to `diags`).
bool RunFrontEnd(Program& program, DiagnosticEngine& diags);

}  // namespace srm::sema
