// Profiles and waivers (docs/language.md, Profiles and waivers): checks them and resolves each
// profile into the controls it selects with their enforcement levels, for the control table.
#pragma once

#include "compiler/ast/diagnostics.h"
#include "compiler/sema/program.h"

namespace srm::sema {

// Fills program.profiles and program.waivers from the files' profiles and waivers. Returns
// false when an error was reported (unknown module, framework or severity, a profile declared
// twice); selectors and waivers that match no control are warnings.
bool CheckPolicyRules(Program& program, DiagnosticEngine& diags);

}  // namespace srm::sema
