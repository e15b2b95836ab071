// Worst-case cost estimate: a function call costs one step plus its body; a quantifier costs its
// list plus one step and its body per item, a list comprehension its list plus one step, its
// condition and its value per item. Saturating arithmetic: exponential policies (a
// function calling the previous one twice, 40 deep) reach UINT64_MAX instead of overflowing.
// A quantifier over data reached from the binder of an enclosing quantifier over data (a
// statement's actions inside a policy's statements) iterates over a part of that element: the
// product of the iterations along such a chain is capped at kAssumedDataItems.
#include "compiler/sema/cost.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compiler/ast/overloaded.h"

namespace srm::sema {
namespace {

uint64_t Add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
uint64_t Mul(uint64_t a, uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

class CostModel {
 public:
  explicit CostModel(const Program& p) : p_(p) {}

  uint64_t Expr(const ast::Expr& e) {
    return std::visit(
        Overloaded{
            [](const ast::NullLit&) -> uint64_t { return 0; },
            [](const ast::BoolLit&) -> uint64_t { return 0; },
            [](const ast::IntLit&) -> uint64_t { return 0; },
            [](const ast::StringLit&) -> uint64_t { return 0; },
            [](const ast::NameRef&) -> uint64_t { return 0; },
            [&](const ast::ListLit& l) {
              uint64_t c = 0;
              for (const ast::ExprPtr& i : l.items) c = Add(c, Expr(*i));
              return c;
            },
            [&](const ast::MemberExpr& m) { return Expr(*m.base); },
            [&](const ast::IndexExpr& i) { return Add(Expr(*i.base), Expr(*i.index)); },
            [&](const ast::CallExpr& c) {
              uint64_t cost = 0;
              for (const ast::ExprPtr& a : c.args) cost = Add(cost, Expr(*a));
              auto it = p_.calls.find(e.id);
              if (it != p_.calls.end() && it->second.fn != nullptr && !it->second.is_builtin) {
                const ast::FnDecl& fn = *it->second.fn;
                // Parameters bound to data carry the chain of the argument.
                std::vector<uint64_t> chains;
                for (size_t i = 0; i < fn.params.size() && i < c.args.size(); ++i)
                  chains.push_back(ChainOf(*c.args[i]));
                cost = Add(cost, Add(1, Fn(fn, chains)));
              }
              return cost;
            },
            [&](const ast::UnaryExpr& u) { return Expr(*u.operand); },
            [&](const ast::BinaryExpr& b) { return Add(Expr(*b.lhs), Expr(*b.rhs)); },
            [&](const ast::QuantExpr& q) {
              uint64_t items = Iterate(*q.list, q.var_id);
              return Add(Expr(*q.list), Mul(items, Add(1, Expr(*q.body))));
            },
            [&](const ast::CompExpr& c) {
              // As a quantifier: one step per element, its condition and value.
              uint64_t items = Iterate(*c.list, c.var_id);
              uint64_t per_item = Add(c.cond ? Expr(*c.cond) : 0, Expr(*c.elem));
              return Add(Expr(*c.list), Mul(items, Add(1, per_item)));
            },
            [&](const ast::LetExpr& l) {
              chain_[l.var_id] = ChainOf(*l.value);
              return Add(Expr(*l.value), Expr(*l.body));
            },
            [&](const ast::IfExpr& i) {
              return Add(Expr(*i.cond), std::max(Expr(*i.then_expr), Expr(*i.else_expr)));
            },
        },
        e.node);
  }

  // How many elements a quantifier or comprehension binding `var` iterates over in `list` (a
  // literal list: its length), recording the binder's chain.
  uint64_t Iterate(const ast::Expr& list, ast::NodeId var) {
    const auto* lit = std::get_if<ast::ListLit>(&list.node);
    uint64_t items = lit != nullptr ? lit->items.size() : kAssumedListItems;
    uint64_t outer = ChainOf(list);
    if (lit == nullptr && outer > 1) {
      items = std::min(items, std::max<uint64_t>(1, kAssumedDataItems / outer));
    }
    chain_[var] = lit != nullptr ? 1 : Mul(outer, items);
    return items;
  }

  // Functions are not recursive (the checker rejects recursion), so memoising (per chain of
  // each parameter) is enough.
  uint64_t Fn(const ast::FnDecl& fn, const std::vector<uint64_t>& chains) {
    auto key = std::make_pair(&fn, chains);
    auto it = fn_cost_.find(key);
    if (it != fn_cost_.end()) return it->second;
    fn_cost_[key] = 0;  // a cycle (only in a program with errors) costs nothing more
    for (size_t i = 0; i < fn.params.size(); ++i)
      chain_[fn.params[i].id] = i < chains.size() ? chains[i] : 1;
    uint64_t c = fn.body ? Expr(*fn.body) : 0;
    fn_cost_[key] = c;
    return c;
  }

  // How many times, at most, the data `e` reads is reached along its chain of quantifiers over
  // data: the chain of the binder it is read from (1 for a resource or a value that is no data).
  uint64_t ChainOf(const ast::Expr& e) {
    const ast::Expr* x = &e;
    for (;;) {
      if (const auto* m = std::get_if<ast::MemberExpr>(&x->node)) {
        x = m->base.get();
      } else if (const auto* i = std::get_if<ast::IndexExpr>(&x->node)) {
        x = i->base.get();
      } else if (const auto* b = std::get_if<ast::BinaryExpr>(&x->node);
                 b != nullptr && b->op == ast::BinaryOp::kCoalesce) {
        x = b->lhs.get();
      } else {
        break;
      }
    }
    if (!std::holds_alternative<ast::NameRef>(x->node)) return 1;
    auto binder = p_.name_bindings.find(x->id);
    if (binder == p_.name_bindings.end()) return 1;
    auto chain = chain_.find(binder->second);
    return chain == chain_.end() ? 1 : chain->second;
  }

  uint64_t Message(const ast::Message& m) {
    uint64_t c = 0;
    for (const auto& part : m.parts) {
      if (const auto* e = std::get_if<ast::ExprPtr>(&part)) c = Add(c, Expr(**e));
    }
    return c;
  }

  uint64_t Stmt(const ast::Stmt& s) {
    return std::visit(Overloaded{
                          [&](const ast::LetStmt& l) {
                            chain_[l.var_id] = ChainOf(*l.value);
                            return Expr(*l.value);
                          },
                          [&](const ast::AssertStmt& a) {
                            return Add(Expr(*a.cond), a.message ? Message(*a.message) : 0);
                          },
                      },
                      s.node);
  }

 private:
  const Program& p_;
  std::map<std::pair<const ast::FnDecl*, std::vector<uint64_t>>, uint64_t> fn_cost_;
  std::unordered_map<ast::NodeId, uint64_t> chain_;  // binder id -> its chain (see ChainOf)
};

// "about 2^40" for powers of two and huge values, else the number.
std::string Describe(uint64_t steps) {
  if (steps == UINT64_MAX) return "more than 2^64";
  if (steps >= (uint64_t{1} << 32)) {
    return "about 2^" + std::to_string(static_cast<int>(std::log2(static_cast<double>(steps))));
  }
  return std::to_string(steps);
}

}  // namespace

uint64_t WorstCaseSteps(const Program& program, const ControlInfo& control) {
  CostModel model(program);
  uint64_t cost = 0;
  for (const ast::ForBlock& fb : control.decl->fors) {
    if (fb.when) cost = Add(cost, model.Expr(*fb.when));
    for (const ast::Stmt& s : fb.body) cost = Add(cost, model.Stmt(s));
  }
  return cost;
}

void WarnExpensiveControls(const Program& program, DiagnosticEngine& diags, uint64_t budget) {
  for (const ControlInfo& c : program.controls) {
    uint64_t steps = WorstCaseSteps(program, c);
    if (steps <= budget) continue;
    diags.Report(c.decl->name.range, diag::ExpensiveControl, c.id, Describe(steps), budget)
        .AddNote(diag::BudgetStopsFinding, kAssumedListItems, kAssumedDataItems);
  }
}

}  // namespace srm::sema
