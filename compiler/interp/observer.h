// An observer of the interpreter's evaluation (interp::Evaluate): called at each `when`, `let`
// and `assert` of a control's `for` block with the node's id. `srm test --coverage` uses it.
#pragma once

#include "compiler/ast/ast.h"

namespace srm::interp {

class EvalObserver {
 public:
  virtual ~EvalObserver() = default;
  // The `when` filter (the expression's id) evaluated to `held` (false: the resource is SKIP).
  virtual void OnWhen(ast::NodeId when_expr, bool held) = 0;
  // A `let` statement (the Stmt's id) bound its value.
  virtual void OnLet(ast::NodeId let_stmt) = 0;
  // An `assert` statement (the Stmt's id) evaluated its condition to `held`.
  virtual void OnAssert(ast::NodeId assert_stmt, bool held) = 0;
};

}  // namespace srm::interp
