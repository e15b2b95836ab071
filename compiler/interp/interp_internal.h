// The tree-walking interpreter's evaluator, shared by its two halves: interp_expr.cpp (values,
// reads, expressions, messages) and interp.cpp (a control's statements on one resource, the run).
// Internal to compiler/interp: users call interp::Evaluate (interp.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/interp/interp.h"
#include "compiler/interp/trace.h"
#include "runtime/eval/builtin_call.h"
#include "runtime/eval/builtins.h"
#include "runtime/eval/evaluate.h"
#include "runtime/eval/fault.h"

namespace srm::interp::internal {

using sema::Type;
using sema::TypeKind;

// Why an evaluation ended in ERROR (or FAIL). Not thrown: the evaluator records it (Interp::Fail)
// and every caller returns as soon as Interp::failed_ is set. Thrown as C++ exceptions, the faults
// that data causes by the thousand (an absent required property, a value of another kind) took
// about 5 % of a run (docs/performance.md).
struct EvalError {
  std::string message;
  // FAIL rather than ERROR: a strict read of data of another JSON kind used for its value.
  rt::Status status = rt::Status::kError;
};

// An evaluation fault (runtime/eval/fault.h) as an EvalError.
inline EvalError Fault(rt::FaultKind kind, std::string_view where) {
  return EvalError{rt::FaultOutcome(kind, where).message};
}

struct Val {
  // kMismatch: a strict read of data of another JSON kind, kept where it is compared (`data`
  // is the data; sema::MemberInfo::keeps_mismatch); `b` when the kind is another arm of a union.
  enum class K : uint8_t { kAbsent, kBool, kInt, kStr, kList, kRecord, kResource, kMismatch };
  K k = K::kAbsent;
  bool b = false;
  int64_t i = 0;
  std::string_view s;
  std::shared_ptr<const std::string> owned;       // backing store for computed strings
  const rt::Value* data = nullptr;                // kList / kRecord read from the inventory
  std::string_view name;                          // property a data list was read from
  std::shared_ptr<const std::vector<Val>> items;  // kList built by the policy
  const rt::Resource* res = nullptr;

  static Val Bool(bool v) {
    Val x;
    x.k = K::kBool;
    x.b = v;
    return x;
  }
  static Val Int(int64_t v) {
    Val x;
    x.k = K::kInt;
    x.i = v;
    return x;
  }
  static Val Str(std::string_view v) {
    Val x;
    x.k = K::kStr;
    x.s = v;
    return x;
  }
  static Val Owned(std::string v) {
    Val x;
    x.k = K::kStr;
    x.owned = std::make_shared<const std::string>(std::move(v));
    x.s = *x.owned;
    return x;
  }
  // A data value that is not a list is a list of itself alone (a `(T | list<T>)` union).
  size_t ListSize() const {
    return items ? items->size() : data->kind == rt::ValueKind::kList ? data->size : 1;
  }
  const rt::Value* DataItem(size_t i) const {
    return data->kind == rt::ValueKind::kList ? &data->items[i] : data;
  }
};

class Interp {
 public:
  // `steps`: the budget, copied (every evaluating thread's interpreter has the run's deadline).
  Interp(const sema::Program& p, const rt::Inventory& inv, const rt::StepCounter& steps,
         Tracer* tracer, EvalObserver* observer)
      : p_(p), inv_(inv), steps_(steps), tracer_(tracer), observer_(observer) {
    size_t ids = p.ids.count();
    slots_.resize(ids);
    lazy_index_.resize(ids);
    // Node ids are below p.ids.count(); an id at or above it would stay out of the vectors and
    // be looked up in p_ (the accessors below), never written past their end.
    members_.resize(ids);
    keys_.resize(ids, rt::Interner::kNone);
    for (const auto& [id, info] : p.members) {
      if (id >= ids) continue;
      members_[id] = &info;
      keys_[id] = inv.names().Find(info.name);
    }
    calls_.resize(ids);
    for (const auto& [id, info] : p.calls)
      if (id < ids) calls_[id] = &info;
    types_.resize(ids);
    for (const auto& [id, type] : p.expr_types)
      if (id < ids) types_[id] = type;
    bindings_.resize(ids, kNoBinding);
    for (const auto& [id, binder] : p.name_bindings)
      if (id < ids) bindings_[id] = binder;
    guards_.resize(ids);
    for (ast::NodeId id : p.guard_asserts)
      if (id < ids) guards_[id] = 1;
    lazy_.resize(ids);
    for (ast::NodeId id : p.lazy_binders)
      if (id < ids) lazy_[id] = 1;
  }

  // Control `c` on resource `r` of its `for` block `block`, recorded by the tracer if it
  // accepts the evaluation (Tracer::Begin). One interpreter evaluates on one thread at a time.
  rt::Outcome EvalControl(const sema::ControlInfo& c, uint32_t block, const rt::Resource& r);

 private:
  rt::Outcome EvalResource(const sema::ControlInfo& c, uint32_t block, const rt::Resource& r);
  Val Eval(const ast::Expr& e);
  bool Truth(const ast::Expr& e);
  bool Present(const ast::Expr& e);
  // The data of property (or record field) `e` as it is, unread; nullptr when absent.
  const rt::Value* Raw(const ast::Expr& e, const ast::MemberExpr& m);
  // The data a special form takes unread (sema's UnreadData): a property or record field, an
  // element of a list or map read from data, or a lazy quantifier variable's element.
  const rt::Value* RawOf(const ast::Expr& e);
  Val Member(const ast::Expr& e, const ast::MemberExpr& m);
  Val Call(const ast::Expr& e, const ast::CallExpr& c);
  Val CallBuiltin(const ast::Expr& e, const ast::CallExpr& c, const rt::BuiltinSpec& spec);
  Val Binary(const ast::Expr& e, const ast::BinaryExpr& b);
  // Element i of a list. Data elements are read as `elem`, the list's element type where it is
  // used (the static type, as compiled code does).
  Val Element(const Val& list, size_t i, const Type* elem);
  // Converts data to its declared type. `container` is the object (or list) the
  // value was read from, for locating "required property is absent".
  // `info`: the member read (strict reads), or nullptr for list elements.
  Val Coerce(const rt::Value* raw, const Type* declared, std::string_view name,
             const rt::Value* container, const sema::MemberInfo* info = nullptr);
  std::string Render(const ast::Message& m);
  // Fault `kind` (runtime/eval/fault.h) at expression `e`.
  EvalError FaultAt(rt::FaultKind kind, const ast::Expr& e) const {
    return Fault(kind, SourceText(e.range));
  }
  std::string SourceText(const ast::SourceRange& r) const {
    return std::string(p_.sources.file(r.file).text().substr(r.begin, r.end - r.begin));
  }
  // nullptr (and failed_) when the pattern does not compile.
  const rt::Regex* RegexFor(std::string_view pattern);
  // For the tracer (trace_ set): a value as text, and where data is in its inventory file.
  std::string Show(const Val& v) const;
  std::string WhereOf(const rt::Value* raw) const {
    return raw == nullptr ? "" : inv_.WhereValue(raw, raw->offset, res_->file);
  }
  // For the tracer: opens iteration `i` of a quantifier or comprehension binding `var` to
  // `item`, an element of `list`; 0 when not tracing.
  size_t OpenIteration(const ast::Ident& var, const Val& list, size_t i, const Val& item);
  void TraceRead(const ast::Expr& e, const Val& v, const rt::Value* raw) {
    trace_->Leaf(TraceEvent::Kind::kRead, e.range, "", Show(v),
                 v.k == Val::K::kAbsent ? "" : WhereOf(raw));
  }
  // One step of the evaluation budget (a user function call or a quantifier iteration); false
  // (and failed_) when the budget is spent.
  bool Step() {
    std::string error;
    if (steps_.Step(error)) return true;
    Fail(EvalError{std::move(error)});
    return false;
  }
  // Ends the evaluation with `error`: the functions of the evaluator return (with any value)
  // as soon as failed_ is set, before any other effect (a trace event, a binding).
  Val Fail(EvalError error) {
    error_ = std::move(error);
    failed_ = true;
    return Val{};
  }

  // The side tables of sema::Program read on every member access, call, name and iteration,
  // as vectors indexed by node id (a hash lookup there cost more than the read itself). A node
  // missing from them is looked up in p_ (whose .at() reports the internal error).
  const sema::MemberInfo& MemberOf(ast::NodeId id) const {
    return id < members_.size() && members_[id] != nullptr ? *members_[id] : p_.members.at(id);
  }
  const sema::CallInfo& CallOf(ast::NodeId id) const {
    return id < calls_.size() && calls_[id] != nullptr ? *calls_[id] : p_.calls.at(id);
  }
  const Type* TypeOf(const ast::Expr& e) const {
    return e.id < types_.size() && types_[e.id] != nullptr ? types_[e.id] : p_.TypeOf(e);
  }
  ast::NodeId BindingOf(ast::NodeId id) const {
    return id < bindings_.size() && bindings_[id] != kNoBinding ? bindings_[id]
                                                                : p_.name_bindings.at(id);
  }
  uint32_t KeyOf(ast::NodeId id) const {
    return id < keys_.size() ? keys_[id] : inv_.names().Find(MemberOf(id).name);
  }
  bool IsGuard(ast::NodeId stmt) const {
    return stmt < guards_.size() ? guards_[stmt] != 0 : p_.guard_asserts.contains(stmt);
  }
  bool IsLazy(ast::NodeId binder) const {
    return binder < lazy_.size() ? lazy_[binder] != 0 : p_.lazy_binders.contains(binder);
  }

  static constexpr ast::NodeId kNoBinding = UINT32_MAX;

  const sema::Program& p_;
  const rt::Inventory& inv_;
  std::vector<Val> slots_;  // binder id -> value (no recursion, so one live binding each)
  // A lazy quantifier variable (sema::Program::lazy_binders) holds its list in slots_ and its
  // element's index here; the element is read where the variable is used.
  std::vector<size_t> lazy_index_;
  std::vector<const sema::MemberInfo*> members_;  // see MemberOf
  std::vector<uint32_t> keys_;                    // a member's interned name, or kNone
  std::vector<const sema::CallInfo*> calls_;
  std::vector<const Type*> types_;
  std::vector<ast::NodeId> bindings_;
  std::vector<uint8_t> guards_, lazy_;
  std::map<std::string, rt::RegexPtr, std::less<>> regexes_;
  const rt::Resource* res_ = nullptr;
  rt::Read read_;  // the last inventory read (rt::Read), for FAIL findings' property
  bool failed_ = false;  // see Fail
  EvalError error_;
  rt::StepCounter steps_;
  Tracer* tracer_;           // srm explain's, or nullptr
  Tracer* trace_ = nullptr;  // tracer_ while it records the current evaluation
  EvalObserver* observer_;   // srm test --coverage's, or nullptr
};

}  // namespace srm::interp::internal
