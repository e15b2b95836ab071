// Expression typing with flow narrowing of optional values, calls and builtins.
#include <algorithm>
#include <optional>

#include "compiler/ast/overloaded.h"
#include "compiler/sema/checker.h"
#include "runtime/eval/builtins.h"
#include "runtime/eval/coerce.h"

namespace srm::sema {

namespace {

// The least type both values fit: `int` and `null` join to `int?`. nullptr when none.
const Type* Join(const Type* a, const Type* b, TypeTable& T) {
  if (Assignable(a, b)) return b;
  if (Assignable(b, a)) return a;
  if (a->kind == TypeKind::kList && b->kind == TypeKind::kList) {
    const Type* e = Join(a->elem, b->elem, T);
    return e == nullptr ? nullptr : T.List(e);
  }
  if (a->kind == TypeKind::kNull) return T.Optional(b);
  if (b->kind == TypeKind::kNull) return T.Optional(a);
  const Type* oa = T.Optional(a);
  const Type* ob = T.Optional(b);
  if (Assignable(a, ob)) return ob;
  if (Assignable(b, oa)) return oa;
  return nullptr;
}

// "1 argument", "2 arguments".
std::string Arguments(size_t n) { return fmt::format("{} argument{}", n, n == 1 ? "" : "s"); }

const ast::StringLit* AsStringLit(const ast::Expr& e) {
  return std::get_if<ast::StringLit>(&e.node);
}

}  // namespace

std::string Checker::PathKey(const ast::Expr& e) const {
  if (std::holds_alternative<ast::NameRef>(e.node)) {
    auto it = p_.name_bindings.find(e.id);
    return it == p_.name_bindings.end() ? "" : "#" + std::to_string(it->second);
  }
  if (const auto* m = std::get_if<ast::MemberExpr>(&e.node)) {
    std::string base = PathKey(*m->base);
    if (base.empty()) return "";
    return base + "." + m->field.name;
  }
  return "";
}

void Checker::AddFacts(const ast::Expr& e, bool positive, Facts& out) const {
  if (const PresenceTest* test = p_.PresenceTestOf(e)) {
    if (test->present != positive) return;
    // `exists a.b.c` (or `a.b.c != null`) proves a.b and a.b.c present.
    const ast::Expr* cur = test->operand;
    while (cur != nullptr) {
      std::string key = PathKey(*cur);
      if (!key.empty()) out.insert(key);
      const auto* m = std::get_if<ast::MemberExpr>(&cur->node);
      cur = m ? m->base.get() : nullptr;
    }
    return;
  }
  std::visit(Overloaded{
                 [&](const ast::UnaryExpr& u) {
                   if (u.op == ast::UnaryOp::kNot) AddFacts(*u.operand, !positive, out);
                 },
                 [&](const ast::BinaryExpr& b) {
                   if (b.op == ast::BinaryOp::kAnd && positive) {
                     AddFacts(*b.lhs, true, out);
                     AddFacts(*b.rhs, true, out);
                   } else if (b.op == ast::BinaryOp::kOr && !positive) {
                     AddFacts(*b.lhs, false, out);
                     AddFacts(*b.rhs, false, out);
                   }
                 },
                 [&](const auto&) {},
             },
             e.node);
}

const Type* Checker::Expr(const ast::Expr& e, Env& env, const Facts& facts) {
  const Type* t = ExprNode(e, env, facts);
  p_.expr_types[e.id] = t;
  if (IsUnion(t)) union_uses_.emplace(e.id, &e);  // until an operator takes it (ViewUnionAs)
  return t;
}

void Checker::ViewUnionAs(const ast::Expr& e, const Type* arm) {
  auto it = p_.members.find(e.id);
  if (it == p_.members.end()) return;  // not a read of data: E0343 stays
  TypeTable& T = p_.types;
  MemberInfo& info = it->second;
  info.union_type = info.declared->Strip();
  info.other_arms = 0;
  for (const Type* other : info.union_type->arms) {
    if (other != arm) info.other_arms |= rt::KindBit(JsonKindOf(other));
  }
  info.declared = info.declared->IsOptional() ? T.Optional(arm) : arm;
  // By JSON kind in every module: data of another kind is a mismatch (compares false).
  info.strict = true;
  const Type* now = p_.expr_types[e.id];
  p_.expr_types[e.id] = now->IsOptional() ? T.Optional(arm) : arm;
  union_uses_.erase(e.id);
}

void Checker::ReportUnionUses() {
  for (const auto& [id, e] : union_uses_) {
    std::string text(p_.sources.file(e->range.file)
                         .text()
                         .substr(e->range.begin, e->range.end - e->range.begin));
    d_.Report(e->range, diag::UnionUse, text, TypeName(p_.TypeOf(*e)));
  }
  union_uses_.clear();
}

bool Checker::UnionOperands(const ast::Expr& e, const ast::BinaryExpr& b, const Type*& l,
                            const Type*& r) {
  TypeTable& T = p_.types;
  bool left = IsUnion(l);
  const ast::Expr& side = left ? *b.lhs : *b.rhs;
  const Type* u = left ? l : r;
  const Type* other = left ? r : l;
  union_uses_.erase(side.id);
  auto reject = [&]() {
    std::string arms;
    for (const Type* a : u->Strip()->arms) arms += (arms.empty() ? "" : ", ") + TypeName(a);
    d_.Report(e.range, diag::UnionOperand, ast::BinaryOpText(b.op), TypeName(l), TypeName(r))
        .AddNote(side.range, diag::UnionArms, arms);
    return false;
  };
  const Type* arm = nullptr;
  switch (ast::ClassOf(b.op)) {
    case ast::BinaryClass::kEquality:
      if (other->kind == TypeKind::kNull) return true;  // a presence test
      [[fallthrough]];
    case ast::BinaryClass::kOrdering:
      if (!IsScalar(other->Strip()) || !IsArmOf(other, u)) return reject();
      arm = other->Strip();
      break;
    case ast::BinaryClass::kMembership: {
      if (!left) {
        // `x in u` with u `(T | list<T>)`: x is in the list, or is the one value (Guard's
        // `some u[*] == x`), read as a quantifier reads it.
        const Type* many = OneOrManyList(u);
        if (many == nullptr || !IsScalar(l->Strip()) || !Assignable(l->Strip(), many->elem))
          return reject();
        ViewUnionAs(side, many);
        if (auto m = p_.members.find(side.id); m != p_.members.end()) m->second.one_or_many = true;
        if (p_.members.count(side.id) == 0) return reject();
        r = p_.TypeOf(side);
        return true;
      }
      const Type* list = r->Strip();
      if (list->kind != TypeKind::kList) return reject();
      if (list->elem->kind == TypeKind::kNever) {
        arm = u->Strip()->arms.front();
      } else if (IsScalar(list->elem->Strip()) && IsArmOf(list->elem, u)) {
        arm = list->elem->Strip();
      } else {
        return reject();
      }
      break;
    }
    case ast::BinaryClass::kMatch:
      if (!left || !IsArmOf(T.String(), u)) return reject();
      arm = T.String();
      break;
    case ast::BinaryClass::kArithmetic:
    case ast::BinaryClass::kCoalesce:
    case ast::BinaryClass::kLogical:
      union_uses_.emplace(side.id, &side);  // E0343: not an operator that takes a union
      return false;
  }
  ViewUnionAs(side, arm);
  if (p_.members.count(side.id) == 0) return reject();
  (left ? l : r) = p_.TypeOf(side);
  return true;
}

void Checker::RequirePresent(const ast::Expr& e, const Type* t, const char* use) {
  if (!t->IsOptional()) return;
  std::string text(
      p_.sources.file(e.range.file).text().substr(e.range.begin, e.range.end - e.range.begin));
  d_.Report(e.range, diag::MayBeAbsent, text, TypeName(t), use).AddNote(diag::GuardOptional, text);
}

const Type* Checker::ExpectBool(const ast::Expr& e, Env& env, const Facts& f, const char* what) {
  const Type* t = Expr(e, env, f);
  if (t->kind == TypeKind::kError || t->kind == TypeKind::kBool) return t;
  if (t->IsOptional() && t->elem->kind == TypeKind::kBool) {
    RequirePresent(e, t, "used as a condition");
    return t;
  }
  d_.Report(e.range, diag::ConditionNotBool, what, TypeName(t));
  return p_.types.Error();
}

void Checker::KeepMismatch(const ast::Expr& e) {
  if (auto it = p_.members.find(e.id); it != p_.members.end()) {
    MemberInfo& info = it->second;
    // Lists and records are never compared: a mismatch of theirs is an ERROR where it is used.
    info.keeps_mismatch = info.strict && IsScalar(info.declared->Strip());
    return;
  }
  const auto* b = std::get_if<ast::BinaryExpr>(&e.node);
  if (b != nullptr && b->op == ast::BinaryOp::kCoalesce) {
    KeepMismatch(*b->lhs);
    KeepMismatch(*b->rhs);
  }
}

void Checker::CheckMessage(const ast::Message& m, Env& env, const Facts& f) {
  for (const auto& part : m.parts) {
    if (const auto* e = std::get_if<ast::ExprPtr>(&part)) {
      const Type* t = Expr(**e, env, f);
      if (IsUnion(t)) {  // read as a string: data of another kind is shown as JSON
        ViewUnionAs(**e, p_.types.String());
        t = p_.TypeOf(**e);
      }
      KeepMismatch(**e);                                   // shown as its data
      if (t->IsOptional() && IsScalar(t->elem)) continue;  // absent renders as "<absent>"
      if (!IsScalar(t)) {
        d_.Report((*e)->range, diag::CannotInterpolate, TypeName(t));
      }
    }
  }
}

const Type* Checker::ExprNode(const ast::Expr& e, Env& env, const Facts& facts) {
  TypeTable& T = p_.types;
  // The element type of the list a quantifier or a comprehension iterates over; a
  // `(T | list<T>)` union is iterated as the list, or as a list of its one value.
  auto iterated = [&](const ast::Expr& list_expr, bool comprehension) -> const Type* {
    const Type* list = Expr(list_expr, env, facts);
    if (IsUnion(list)) {
      // `(T | list<T>)`: the list, or the one value (Guard's `x[*]`).
      const Type* many = OneOrManyList(list);
      if (many == nullptr) {
        list = T.Error();  // E0343 at the union
      } else {
        ViewUnionAs(list_expr, many);
        if (auto m = p_.members.find(list_expr.id); m != p_.members.end())
          m->second.one_or_many = true;
        list = p_.TypeOf(list_expr);
      }
    }
    RequirePresent(list_expr, list, "iterated");
    list = list->Strip();
    if (list->kind == TypeKind::kList)
      return list->elem->kind == TypeKind::kNever ? T.Error() : list->elem;
    if (list->kind != TypeKind::kError) {
      if (comprehension)
        d_.Report(list_expr.range, diag::ComprehensionNonList, TypeName(list));
      else
        d_.Report(list_expr.range, diag::QuantifierNonList, TypeName(list));
    }
    return T.Error();
  };
  return std::visit(Overloaded{
                        [&](const ast::NullLit&) { return T.Null(); },
                        [&](const ast::BoolLit&) { return T.Bool(); },
                        [&](const ast::IntLit&) { return T.Int(); },
                        [&](const ast::StringLit&) { return T.String(); },
                        [&](const ast::ListLit& l) -> const Type* {
                          const Type* elem = T.Never();
                          for (const ast::ExprPtr& item : l.items) {
                            const Type* t = Expr(*item, env, facts);
                            if (elem->kind == TypeKind::kNever) {
                              elem = t;
                            } else if (const Type* j = Join(elem, t, T)) {
                              elem = j;
                            } else {
                              d_.Report(item->range, diag::ListElementTypes, TypeName(t),
                                        TypeName(elem));
                              return T.Error();
                            }
                          }
                          return T.List(elem);
                        },
                        [&](const ast::NameRef& n) -> const Type* {
                          for (auto it = env.rbegin(); it != env.rend(); ++it) {
                            if (it->name != n.name.name) continue;
                            p_.name_bindings[e.id] = it->binder;
                            const Type* t = it->type;
                            if (t->IsOptional() && facts.count("#" + std::to_string(it->binder)))
                              t = t->elem;
                            return t;
                          }
                          if (modules_.count(n.name.name)) {
                            d_.Report(n.name.range, diag::ModuleIsNotValue, n.name.name);
                            return T.Error();
                          }
                          auto& d = d_.Report(n.name.range, diag::UnknownName, n.name.name);
                          std::vector<std::string> names;
                          for (const Binding& b : env) names.push_back(b.name);
                          std::string best = ClosestMatch(n.name.name, names);
                          if (!best.empty()) d.AddNote(diag::DidYouMean, best);
                          return T.Error();
                        },
                        [&](const ast::MemberExpr& m) { return Member(e, m, env, facts); },
                        [&](const ast::IndexExpr& ix) -> const Type* {
                          const Type* base = Expr(*ix.base, env, facts);
                          const Type* index = Expr(*ix.index, env, facts);
                          RequirePresent(*ix.base, base, "indexed");
                          base = base->Strip();
                          if (base->kind == TypeKind::kMap) {
                            // A key that is not in the map gives an absent value.
                            if (!Assignable(index, T.String()))
                              d_.Report(ix.index->range, diag::MapKeyNotString, TypeName(index));
                            return T.Optional(base->elem);
                          }
                          if (!Assignable(index, T.Int())) {
                            d_.Report(ix.index->range, diag::IndexNotInt, TypeName(index));
                          }
                          if (base->kind == TypeKind::kError) return T.Error();
                          if (base->kind != TypeKind::kList) {
                            d_.Report(ix.base->range, diag::IndexNonList, TypeName(base));
                            return T.Error();
                          }
                          // Out-of-range indexes give an absent value.
                          return T.Optional(base->elem);
                        },
                        [&](const ast::CallExpr& c) { return Call(e, c, env, facts); },
                        [&](const ast::UnaryExpr& u) -> const Type* {
                          if (u.op == ast::UnaryOp::kExists) {
                            const Type* t = Expr(*u.operand, env, facts);
                            union_uses_.erase(u.operand->id);  // presence only
                            p_.presence_tests[e.id] = {u.operand.get(), true};
                            KeepMismatch(*u.operand);
                            // A required field of the schema may still be missing from the data.
                            auto m = p_.members.find(u.operand->id);
                            bool data_field = m != p_.members.end() &&
                                              (m->second.kind == MemberKind::kProperty ||
                                               m->second.kind == MemberKind::kRecordField) &&
                                              !m->second.declared->IsOptional();
                            if (!data_field && !t->IsOptional() && t->kind != TypeKind::kError &&
                                t->kind != TypeKind::kNull) {
                              d_.Report(u.operand->range, diag::ExistsAlwaysTrue, TypeName(t));
                            }
                            return T.Bool();
                          }
                          if (u.op == ast::UnaryOp::kNot) {
                            ExpectBool(*u.operand, env, facts, "'not'");
                            return T.Bool();
                          }
                          const Type* t = Expr(*u.operand, env, facts);
                          RequirePresent(*u.operand, t, "negated");
                          if (!Assignable(t->Strip(), T.Int())) {
                            d_.Report(u.operand->range, diag::NegateNonInt, TypeName(t));
                          }
                          return T.Int();
                        },
                        [&](const ast::BinaryExpr& b) { return Binary(e, b, env, facts); },
                        [&](const ast::QuantExpr& q) -> const Type* {
                          const Type* elem = iterated(*q.list, false);
                          p_.binder_types[q.var_id] = elem;
                          quant_lists_[q.var_id] = q.list.get();
                          env.push_back({q.var.name, q.var_id, elem});
                          ExpectBool(*q.body, env, facts, "a quantifier");
                          env.pop_back();
                          return q.kind == ast::QuantKind::kCount ? T.Int() : T.Bool();
                        },
                        [&](const ast::CompExpr& c) -> const Type* {
                          const Type* elem = iterated(*c.list, true);
                          p_.binder_types[c.var_id] = elem;
                          env.push_back({c.var.name, c.var_id, elem});
                          // The element is computed only where the condition holds.
                          Facts yes = facts;
                          if (c.cond) {
                            ExpectBool(*c.cond, env, facts, "a list comprehension's 'if'");
                            AddFacts(*c.cond, true, yes);
                          }
                          const Type* value = Expr(*c.elem, env, yes);
                          env.pop_back();
                          // Over the empty list literal: the empty list.
                          const Type* source = p_.TypeOf(*c.list)->Strip();
                          if (source->kind == TypeKind::kList &&
                              source->elem->kind == TypeKind::kNever)
                            return T.List(T.Never());
                          if (value->kind == TypeKind::kError) return T.Error();
                          return T.List(value);
                        },
                        [&](const ast::LetExpr& l) -> const Type* {
                          const Type* v = Expr(*l.value, env, facts);
                          p_.binder_types[l.var_id] = v;
                          let_values_[l.var_id] = l.value.get();
                          env.push_back({l.var.name, l.var_id, v});
                          const Type* body = Expr(*l.body, env, facts);
                          env.pop_back();
                          return body;
                        },
                        [&](const ast::IfExpr& i) -> const Type* {
                          ExpectBool(*i.cond, env, facts, "'if'");
                          Facts yes = facts, no = facts;
                          AddFacts(*i.cond, true, yes);
                          AddFacts(*i.cond, false, no);
                          const Type* a = Expr(*i.then_expr, env, yes);
                          const Type* b = Expr(*i.else_expr, env, no);
                          if (const Type* j = Join(a, b, T)) return j;
                          d_.Report(e.range, diag::IfBranchTypes, TypeName(a), TypeName(b));
                          return T.Error();
                        },
                    },
                    e.node);
}

const Type* Checker::Member(const ast::Expr& e, const ast::MemberExpr& m, Env& env,
                            const Facts& facts) {
  TypeTable& T = p_.types;
  const Type* base = Expr(*m.base, env, facts);
  if (IsUnion(base) && m.optional_chain) {
    // `u?.F` on a union with a record arm reads the field of that arm, absent when the data is
    // of another arm (docs/language.md "Union types").
    const Type* record = nullptr;
    for (const Type* arm : base->Strip()->arms)
      if (arm->kind == TypeKind::kRecord) record = arm;
    if (auto it = p_.members.find(m.base->id); record != nullptr && it != p_.members.end()) {
      ViewUnionAs(*m.base, record);
      it->second.declared = T.Optional(record);
      it->second.other_arm_absent = true;
      base = p_.expr_types[m.base->id] = T.Optional(record);
    }
  }
  bool through_optional = false;
  if (base->IsOptional()) {
    if (!m.optional_chain) {
      RequirePresent(*m.base, base, "accessed with '.'");
      return T.Error();
    }
    through_optional = true;
    base = base->elem;
  }
  // `a?.b?.c`: once a chain went through an absent-able value, the rest stays optional.
  if (const auto* inner = std::get_if<ast::MemberExpr>(&m.base->node)) {
    if (inner->optional_chain && p_.TypeOf(*m.base)->IsOptional()) through_optional = true;
  }
  if (base->kind == TypeKind::kError) return T.Error();
  MemberInfo info;
  info.name = m.field.name;
  const Type* result = nullptr;
  if (base->kind == TypeKind::kResource && (m.field.name == "id" || m.field.name == "type")) {
    info.kind = m.field.name == "id" ? MemberKind::kResourceId : MemberKind::kResourceType;
    result = T.String();
  } else if (base->kind == TypeKind::kResource || base->kind == TypeKind::kRecord) {
    const Field* f = base->FindField(m.field.name);
    if (f == nullptr) {
      std::vector<std::string> names;
      for (const Field& x : base->fields) names.push_back(x.name);
      if (base->kind == TypeKind::kResource) {
        names.push_back("id");
        names.push_back("type");
      }
      auto& d =
          base->kind == TypeKind::kResource
              ? d_.Report(m.field.range, diag::NoSuchProperty, m.field.name, base->name)
              : d_.Report(m.field.range, diag::NoSuchRecordField, m.field.name, TypeName(base));
      std::string best = ClosestMatch(m.field.name, names);
      if (!best.empty()) d.AddNote(diag::DidYouMean, best);
      return T.Error();
    }
    info.kind =
        base->kind == TypeKind::kResource ? MemberKind::kProperty : MemberKind::kRecordField;
    info.declared = f->type;
    info.strict = file_->strict;
    result = f->type;
  } else {
    d_.Report(m.field.range, diag::NoProperties, TypeName(base));
    return T.Error();
  }
  p_.members[e.id] = info;
  if (through_optional) result = T.Optional(result);
  if (result->IsOptional()) {
    std::string key = PathKey(e);
    if (!key.empty() && facts.count(key)) result = result->elem;
  }
  return result;
}

// The resource type named by `related`'s second argument (`T` or `module.T`), as a QualName.
static std::optional<ast::QualName> TypeNameArg(const ast::Expr& e) {
  if (const auto* n = std::get_if<ast::NameRef>(&e.node)) return ast::QualName{{n->name}, e.range};
  if (const auto* m = std::get_if<ast::MemberExpr>(&e.node)) {
    const auto* base = std::get_if<ast::NameRef>(&m->base->node);
    if (base != nullptr && !m->optional_chain)
      return ast::QualName{{base->name, m->field}, e.range};
  }
  return std::nullopt;
}

const ResourceInfo* Checker::TypeArgument(const ast::Expr& arg, rt::Builtin builtin) {
  std::optional<ast::QualName> name = TypeNameArg(arg);
  // `x.y` names a type only when x is a module.
  if (name && name->parts.size() == 2 && !modules_.count(name->parts[0].name)) name.reset();
  if (!name) {
    if (builtin == rt::Builtin::kRelated)
      d_.Report(arg.range, diag::RelatedNotType);
    else
      d_.Report(arg.range, diag::RefNotType);
    return nullptr;
  }
  const ast::Decl* d = Resolve(*name, "resource");
  return d == nullptr ? nullptr : resource_infos_.at(d);
}

const Type* Checker::Related(const ast::Expr& e, const ast::CallExpr& c, Env& env, const Facts& f) {
  TypeTable& T = p_.types;
  const rt::BuiltinSpec& spec = rt::SpecOf(rt::Builtin::kRelated);
  if (c.args.size() != spec.arity) {
    d_.Report(e.range, diag::RelatedArity, c.args.size());
    for (const ast::ExprPtr& a : c.args) Expr(*a, env, f);
    return T.Error();
  }
  const Type* res = Expr(*c.args[0], env, f);
  if (res->Strip()->kind != TypeKind::kResource && res->kind != TypeKind::kError) {
    d_.Report(c.args[0]->range, diag::RelatedNotResource, TypeName(res));
  } else {
    RequirePresent(*c.args[0], res, "passed to a builtin");
  }
  const ResourceInfo* info = TypeArgument(*c.args[1], rt::Builtin::kRelated);
  if (info == nullptr) return T.Error();
  p_.calls[e.id] = {true, spec.id, nullptr};
  p_.related[e.id] = info;
  return T.List(info->type);
}

bool Checker::DataContainer(const ast::Expr& x) const {
  if (std::holds_alternative<ast::MemberExpr>(x.node)) {
    auto m = p_.members.find(x.id);
    return m != p_.members.end() &&
           (m->second.kind == MemberKind::kProperty || m->second.kind == MemberKind::kRecordField);
  }
  if (const auto* ix = std::get_if<ast::IndexExpr>(&x.node)) return DataContainer(*ix->base);
  if (std::holds_alternative<ast::NameRef>(x.node)) {  // a name a `let` binds to one
    auto binding = p_.name_bindings.find(x.id);
    auto value =
        binding == p_.name_bindings.end() ? let_values_.end() : let_values_.find(binding->second);
    return value != let_values_.end() && DataContainer(*value->second);
  }
  auto call = p_.calls.find(x.id);
  return std::holds_alternative<ast::CallExpr>(x.node) && call != p_.calls.end() &&
         call->second.is_builtin && call->second.builtin == rt::Builtin::kJoinParts;
}

bool Checker::UnreadData(const ast::Expr& x) {
  if (std::holds_alternative<ast::MemberExpr>(x.node)) return DataContainer(x);
  if (const auto* ix = std::get_if<ast::IndexExpr>(&x.node)) return DataContainer(*ix->base);
  if (!std::holds_alternative<ast::NameRef>(x.node)) return false;
  auto binding = p_.name_bindings.find(x.id);
  if (binding == p_.name_bindings.end()) return false;
  auto list = quant_lists_.find(binding->second);
  if (list == quant_lists_.end() || !DataContainer(*list->second)) return false;
  p_.lazy_binders.insert(binding->second);
  return true;
}

const Type* Checker::RefTo(const ast::Expr& e, const ast::CallExpr& c, const rt::BuiltinSpec& b,
                           Env& env, const Facts& f) {
  TypeTable& T = p_.types;
  if (c.args.size() != b.arity) {
    d_.Report(e.range, diag::BuiltinArity, b.name, Arguments(b.arity), c.args.size());
    for (const ast::ExprPtr& a : c.args) Expr(*a, env, f);
    return T.Error();
  }
  // The data is not read: it may be an intrinsic, which any read would reject.
  const ast::Expr& x = *c.args[0];
  const Type* t = Expr(x, env, f);
  union_uses_.erase(x.id);
  if (!UnreadData(x) && t->kind != TypeKind::kError) {
    d_.Report(x.range, diag::RefNotProperty, b.name);
    return T.Error();
  }
  p_.calls[e.id] = {true, b.id, nullptr};
  if (b.form == rt::BuiltinForm::kRawText) return T.String();
  if (b.form == rt::BuiltinForm::kJoinParts) return T.List(T.String());
  const ResourceInfo* info = TypeArgument(*c.args[1], rt::Builtin::kRefTo);
  if (info == nullptr) return T.Error();
  p_.related[e.id] = info;
  return T.List(info->type);
}

const Type* Checker::Call(const ast::Expr& e, const ast::CallExpr& c, Env& env, const Facts& f) {
  TypeTable& T = p_.types;
  // A user function of this (or the named) module first, then a builtin. Only a function hides
  // a builtin: a party or layer named `lower` does not.
  const rt::BuiltinSpec* builtin =
      c.callee.parts.size() == 1 ? rt::FindBuiltin(c.callee.parts[0].name) : nullptr;
  const ast::Decl* d = Lookup(c.callee);
  if (builtin != nullptr && d != nullptr && std::holds_alternative<ast::FnDecl>(d->node))
    builtin = nullptr;
  if (builtin != nullptr) {
    switch (builtin->form) {
      case rt::BuiltinForm::kCall:
      case rt::BuiltinForm::kKeys:  // checked as a call: its parameter is any map
        break;
      case rt::BuiltinForm::kRelated:
        return Related(e, c, env, f);
      case rt::BuiltinForm::kRefTo:
      case rt::BuiltinForm::kRawText:
      case rt::BuiltinForm::kJoinParts:
        return RefTo(e, c, *builtin, env, f);
    }
  }
  std::vector<const Type*> args;
  for (const ast::ExprPtr& a : c.args) args.push_back(Expr(*a, env, f));
  if (builtin != nullptr) {
    const rt::BuiltinSpec& b = *builtin;
    if (args.size() != b.arity) {
      d_.Report(e.range, diag::BuiltinArity, b.name, Arguments(b.arity), args.size());
      return T.Error();
    }
    p_.calls[e.id] = {true, b.id, nullptr};
    for (size_t i = 0; i < args.size(); ++i)
      RequirePresent(*c.args[i], args[i], "passed to a builtin");
    const Type* r = BuiltinCall(e, b, args);
    // Literal arguments are validated now rather than at every evaluation.
    for (size_t i = 0; i < args.size(); ++i) {
      const ast::StringLit* lit = AsStringLit(*c.args[i]);
      rt::Cidr cidr;
      std::string why;
      if (b.params[i] == rt::BuiltinType::kCidr && lit != nullptr &&
          !rt::ParseCidr(lit->value, cidr, why)) {
        d_.Report(c.args[i]->range, diag::InvalidCidr, lit->value, why);
      }
    }
    return r;
  }
  if (d == nullptr) {
    if (c.callee.parts.size() == 2 || Lookup(c.callee) != nullptr) {
      d = Resolve(c.callee, "fn");  // reports, with suggestions
    } else {
      auto& report = d_.Report(c.callee.range, diag::UnknownFunction, c.callee.Text());
      if (SuggestQualified(report, c.callee.Text(), "fn")) return T.Error();
      std::vector<std::string> names = VisibleNames("fn");
      for (const rt::BuiltinSpec& b : rt::kBuiltins) names.emplace_back(b.name);
      std::string best = ClosestMatch(c.callee.Text(), names);
      if (!best.empty()) report.AddNote(diag::DidYouMean, best);
    }
    if (d == nullptr) return T.Error();
  }
  if (!std::holds_alternative<ast::FnDecl>(d->node)) {
    d_.Report(c.callee.range, diag::NotAFunction, c.callee.Text(), d->KindName())
        .AddNote(d->Name().range, diag::DeclaredHere);
    return T.Error();
  }
  const auto& fn = std::get<ast::FnDecl>(d->node);
  p_.calls[e.id] = {false, Builtin::kLen, &fn};
  if (current_fn_ != nullptr) call_graph_[current_fn_].insert(&fn);
  const FnSig& sig = fn_sigs_[&fn];
  if (args.size() != sig.params.size()) {
    d_.Report(e.range, diag::FunctionArity, c.callee.Text(), Arguments(sig.params.size()),
              args.size())
        .AddNote(fn.name.range, diag::DeclaredHere);
    return T.Error();
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (Assignable(args[i], sig.params[i])) continue;
    if (args[i]->IsOptional() && Assignable(args[i]->elem, sig.params[i])) {
      RequirePresent(*c.args[i], args[i], "passed to a parameter");
      continue;
    }
    d_.Report(c.args[i]->range, diag::ArgumentType, i + 1, c.callee.Text(), TypeName(sig.params[i]),
              TypeName(args[i]))
        .AddNote(fn.params[i].name.range, diag::ParameterDeclaredHere, fn.params[i].name.name);
  }
  return sig.result;
}

const Type* Checker::BuiltinCall(const ast::Expr& e, const rt::BuiltinSpec& b,
                                 const std::vector<const Type*>& args) {
  TypeTable& T = p_.types;
  const auto& call = std::get<ast::CallExpr>(e.node);
  auto expect = [&](size_t i, const Type* want) {
    const Type* got = args[i]->Strip();
    if (!Assignable(got, want)) {
      d_.Report(call.args[i]->range, diag::ArgumentType, i + 1, call.callee.Text(), TypeName(want),
                TypeName(args[i]));
    }
  };
  auto needs = [&](size_t i, bool ok, const char* what) {
    if (ok || args[i]->Strip()->kind == TypeKind::kError) return;
    d_.Report(call.args[i]->range, diag::BuiltinArgumentKind, call.callee.Text(), what,
              TypeName(args[i]));
  };
  for (size_t i = 0; i < b.arity; ++i) {
    const Type* t = args[i]->Strip();
    switch (b.params[i]) {
      case rt::BuiltinType::kStr:
      case rt::BuiltinType::kCidr:
        expect(i, T.String());
        break;
      case rt::BuiltinType::kInt:
        expect(i, T.Int());
        break;
      case rt::BuiltinType::kBool:
        expect(i, T.Bool());
        break;
      case rt::BuiltinType::kStrList:
        expect(i, T.List(T.String()));
        break;
      case rt::BuiltinType::kSized:
        needs(i, t->kind == TypeKind::kList || t->kind == TypeKind::kString, "string or list");
        break;
      case rt::BuiltinType::kAnyList:
        needs(i, t->kind == TypeKind::kList, "list");
        break;
      case rt::BuiltinType::kScalar:
        needs(i, IsScalar(t), "string, int or bool");
        break;
      case rt::BuiltinType::kAnyMap:
        needs(i, t->kind == TypeKind::kMap, "map");
        break;
      case rt::BuiltinType::kResource:
      case rt::BuiltinType::kTypeName:
      case rt::BuiltinType::kResourceList:
      case rt::BuiltinType::kProperty:
        return T.Error();  // special forms only (checked by Related and RefTo)
    }
  }
  switch (rt::ResultOf(b.result)) {
    case rt::BuiltinResult::kStr:
      return T.String();
    case rt::BuiltinResult::kInt:
      return T.Int();
    case rt::BuiltinResult::kBool:
      return T.Bool();
    case rt::BuiltinResult::kStrList:
      return T.List(T.String());
    case rt::BuiltinResult::kNone:
      break;
  }
  return T.Error();
}

const Type* Checker::Binary(const ast::Expr& e, const ast::BinaryExpr& b, Env& env,
                            const Facts& facts) {
  TypeTable& T = p_.types;
  using Op = ast::BinaryOp;
  if (b.op == Op::kAnd || b.op == Op::kOr) {
    ExpectBool(*b.lhs, env, facts, b.op == Op::kAnd ? "'and'" : "'or'");
    Facts rhs_facts = facts;
    AddFacts(*b.lhs, b.op == Op::kAnd, rhs_facts);
    ExpectBool(*b.rhs, env, rhs_facts, b.op == Op::kAnd ? "'and'" : "'or'");
    return T.Bool();
  }
  const Type* l = Expr(*b.lhs, env, facts);
  const Type* r = Expr(*b.rhs, env, facts);
  if (l->kind == TypeKind::kError || r->kind == TypeKind::kError) {
    if (b.op == Op::kCoalesce) return T.Error();
    return ast::YieldsBool(b.op) ? T.Bool() : T.Error();
  }
  // A union is read as the type of the other side (docs/language.md "Union types").
  if (IsUnion(l) && IsUnion(r)) {
    union_uses_.erase(b.rhs->id);
  }
  if ((IsUnion(l) || IsUnion(r)) && !UnionOperands(e, b, l, r)) {
    return ast::YieldsBool(b.op) ? T.Bool() : T.Error();
  }
  switch (ast::ClassOf(b.op)) {
    case ast::BinaryClass::kEquality:
    case ast::BinaryClass::kOrdering:
      KeepMismatch(*b.lhs);
      KeepMismatch(*b.rhs);
      break;
    case ast::BinaryClass::kMembership:
    case ast::BinaryClass::kMatch:
      KeepMismatch(*b.lhs);
      break;
    case ast::BinaryClass::kArithmetic:
    case ast::BinaryClass::kCoalesce:
    case ast::BinaryClass::kLogical:
      break;
  }
  std::string op = ast::BinaryOpText(b.op);
  auto mismatch = [&](auto kind) { d_.Report(e.range, kind, op, TypeName(l), TypeName(r)); };
  switch (b.op) {
    case Op::kMul:
    case Op::kDiv:
    case Op::kMod:
    case Op::kSub:
    case Op::kAdd: {
      RequirePresent(*b.lhs, l, "used in arithmetic");
      RequirePresent(*b.rhs, r, "used in arithmetic");
      const Type* ls = l->Strip();
      const Type* rs = r->Strip();
      if (b.op == Op::kAdd && ls->kind == TypeKind::kString && rs->kind == TypeKind::kString) {
        return T.String();
      }
      if (ls->kind != TypeKind::kInt || rs->kind != TypeKind::kInt) {
        if (b.op == Op::kAdd)
          mismatch(diag::AddOperands);
        else
          mismatch(diag::ArithmeticOperands);
        return T.Error();
      }
      return T.Int();
    }
    case Op::kCoalesce: {
      if (!l->IsOptional() && l->kind != TypeKind::kNull) {
        d_.Report(b.lhs->range, diag::CoalesceNeverAbsent, TypeName(l));
        return l;
      }
      const Type* inner = l->Strip();
      if (Assignable(r, inner)) return inner;
      if (r->IsOptional() && Assignable(r->elem, inner)) return T.Optional(inner);
      if (inner->kind == TypeKind::kList && r->kind == TypeKind::kList &&
          r->elem->kind == TypeKind::kNever)
        return inner;
      mismatch(diag::CoalesceDefaultType);
      return T.Error();
    }
    case Op::kEq:
    case Op::kNe: {
      if (l->kind == TypeKind::kNull || r->kind == TypeKind::kNull) {
        const Type* other = l->kind == TypeKind::kNull ? r : l;
        if (!other->IsOptional() && other->kind != TypeKind::kNull) {
          mismatch(diag::NullCompareNeverAbsent);
        }
        // `x == null` asks only whether x is present, like `not exists x`: the one place this
        // rule is made (see PresenceTest).
        const ast::Expr* operand = std::holds_alternative<ast::NullLit>(b.rhs->node)   ? b.lhs.get()
                                   : std::holds_alternative<ast::NullLit>(b.lhs->node) ? b.rhs.get()
                                                                                       : nullptr;
        if (operand != nullptr) p_.presence_tests[e.id] = {operand, b.op == Op::kNe};
        return T.Bool();
      }
      const Type* ls = l->Strip();
      const Type* rs = r->Strip();
      if (!IsScalar(ls) || !IsScalar(rs)) {
        mismatch(diag::CompareNonScalar);
      } else if (!SameType(ls, rs)) {
        mismatch(diag::OperandTypes);
      }
      return T.Bool();
    }
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      RequirePresent(*b.lhs, l, "ordered");
      RequirePresent(*b.rhs, r, "ordered");
      const Type* ls = l->Strip();
      const Type* rs = r->Strip();
      if (!SameType(ls, rs) || (ls->kind != TypeKind::kInt && ls->kind != TypeKind::kString)) {
        mismatch(diag::OrderingOperands);
      }
      return T.Bool();
    }
    case Op::kIn:
    case Op::kNotIn: {
      RequirePresent(*b.rhs, r, "searched");
      const Type* rs = r->Strip();
      if (rs->kind != TypeKind::kList) {
        mismatch(diag::InRightNotList);
        return T.Bool();
      }
      const Type* ls = l->Strip();
      if (rs->elem->kind != TypeKind::kNever &&
          (!IsScalar(ls) || !SameType(ls, rs->elem->Strip()))) {
        mismatch(diag::InElementType);
      }
      return T.Bool();
    }
    case Op::kMatches: {
      RequirePresent(*b.lhs, l, "matched");
      RequirePresent(*b.rhs, r, "used as a pattern");
      if (l->Strip()->kind != TypeKind::kString || r->Strip()->kind != TypeKind::kString) {
        mismatch(diag::MatchesOperands);
      } else if (const ast::StringLit* lit = AsStringLit(*b.rhs)) {
        std::string why;
        if (rt::CompileRegex(lit->value, why) == nullptr) {
          d_.Report(b.rhs->range, diag::InvalidRegex, why);
        }
      }
      return T.Bool();
    }
    case Op::kAnd:
    case Op::kOr:
      break;
  }
  return T.Bool();
}

}  // namespace srm::sema
