#include "compiler/sema/frontend.h"

#include "compiler/sema/cost.h"
#include "compiler/sema/policy_rules.h"
#include "compiler/syntax/parser.h"

namespace srm::sema {

bool RunFrontEnd(Program& program, DiagnosticEngine& diags) {
  bool ok = true;
  for (uint32_t i = 0; i < program.sources.size(); ++i) {
    std::optional<ast::File> file = syntax::ParseFile(i, program.sources, program.ids, diags);
    if (file) {
      program.files.push_back(std::move(*file));
    } else {
      ok = false;
    }
  }
  if (!ok) return false;
  if (!Check(program, diags)) return false;
  if (!CheckPolicyRules(program, diags)) return false;
  WarnExpensiveControls(program, diags);
  return true;
}

}  // namespace srm::sema
