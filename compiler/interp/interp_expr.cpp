// Expressions of the tree-walking interpreter: values and data reads (with the schema's
// coercions), operators, calls of functions and builtins, quantifiers, messages.
#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "compiler/ast/overloaded.h"
#include "compiler/interp/interp_internal.h"
#include "runtime/eval/coerce.h"
#include "runtime/eval/references.h"
#include "runtime/support/json_text.h"

namespace srm::interp::internal {
namespace {

bool ScalarEqual(const Val& a, const Val& b) {
  if (a.k != b.k) return false;
  switch (a.k) {
    case Val::K::kAbsent:
      return true;
    case Val::K::kBool:
      return a.b == b.b;
    case Val::K::kInt:
      return a.i == b.i;
    case Val::K::kStr:
      return a.s == b.s;
    default:
      return false;
  }
}

}  // namespace

size_t Interp::OpenIteration(const ast::Ident& var, const Val& list, size_t i, const Val& item) {
  if (!trace_) return 0;
  return trace_->Open(TraceEvent::Kind::kIteration, var.range,
                      "[" + std::to_string(i) + "] " + var.name + " = " + Show(item),
                      list.items ? "" : WhereOf(list.DataItem(i)), i);
}

std::string Interp::Show(const Val& v) const {
  switch (v.k) {
    case Val::K::kAbsent:
      return "<absent>";
    case Val::K::kBool:
      return v.b ? "true" : "false";
    case Val::K::kInt:
      return std::to_string(v.i);
    case Val::K::kStr:
      return Shorten(rt::JsonQuote(v.s));
    case Val::K::kList: {
      if (!v.items) return inv_.DescribeValue(*v.data, res_->file);
      std::string out = "[";
      for (size_t i = 0; i < v.items->size() && out.size() < 80; ++i)
        out += (i == 0 ? "" : ", ") + Show((*v.items)[i]);
      return Shorten(out + "]");
    }
    case Val::K::kRecord:
    case Val::K::kMismatch:
      return inv_.DescribeValue(*v.data, res_->file);
    case Val::K::kResource:
      return "resource " + Shorten(v.res->id);
  }
  return "";
}

Val Interp::Coerce(const rt::Value* raw, const Type* declared, std::string_view name,
                   const rt::Value* container, const sema::MemberInfo* info) {
  if (raw == nullptr || raw->kind == rt::ValueKind::kNull) {
    if (declared->IsOptional()) return Val{};
    return Fail(EvalError{rt::AbsentError(inv_, *res_, name, container)});
  }
  const Type* t = declared->Strip();
  auto mismatch = [&]() {
    const Type* shown = info != nullptr && info->union_type != nullptr ? info->union_type : t;
    return EvalError{rt::ShapeError(inv_, *res_, *raw, name, sema::TypeName(shown))};
  };
  if (info != nullptr && info->one_or_many &&
      rt::IsOneOfMany(*raw, inv_.names(), info->other_arms)) {
    Val v;  // a list of this one value (Val::ListSize, Val::DataItem)
    v.k = Val::K::kList;
    v.data = raw;
    v.name = name;
    return v;
  }
  if (info != nullptr && info->strict && !rt::StrictFits(*raw, inv_.names(), sema::JsonKindOf(t))) {
    // `u?.F`: data of another arm of the union has no field F.
    if (info->other_arm_absent && rt::KindIn(info->other_arms, raw->kind)) return Val{};
    if (!info->keeps_mismatch) {
      // Non-compliant data, not a fault of the policy: the resource FAILs (docs/language.md).
      EvalError fail = mismatch();
      fail.status = rt::Status::kFail;
      return Fail(std::move(fail));
    }
    Val v;
    v.k = Val::K::kMismatch;
    v.data = raw;
    v.b = rt::KindIn(info->other_arms, raw->kind);  // another arm of a union
    return v;
  }
  switch (t->kind) {
    case TypeKind::kString: {
      std::string scratch;
      std::string_view s;
      if (!rt::ReadString(*raw, inv_.names(), scratch, s)) return Fail(mismatch());
      return scratch.empty() ? Val::Str(s) : Val::Owned(std::move(scratch));
    }
    case TypeKind::kInt: {
      int64_t v = 0;
      if (!rt::ReadInt(*raw, v)) return Fail(mismatch());
      return Val::Int(v);
    }
    case TypeKind::kBool: {
      bool v = false;
      if (!rt::ReadBool(*raw, v)) return Fail(mismatch());
      return Val::Bool(v);
    }
    case TypeKind::kList: {
      if (!rt::IsList(*raw)) return Fail(mismatch());
      Val v;
      v.k = Val::K::kList;
      v.data = raw;
      v.name = name;
      return v;
    }
    case TypeKind::kMap:
    case TypeKind::kRecord: {
      if (!rt::IsRecord(*raw, inv_.names())) return Fail(mismatch());
      Val v;
      v.k = Val::K::kRecord;
      v.data = raw;
      return v;
    }
    default:
      return Fail(Fault(rt::FaultKind::kNotDataType, sema::TypeName(t)));
  }
}

Val Interp::Element(const Val& list, size_t i, const Type* elem) {
  if (list.items) return (*list.items)[i];
  Val v = Coerce(list.DataItem(i), elem, std::string(list.name) + "[" + std::to_string(i) + "]",
                 list.data);
  if (failed_) return {};
  if (v.k == Val::K::kList) v.name = list.name;  // the element's name was a temporary
  return v;
}

const rt::Regex* Interp::RegexFor(std::string_view pattern) {
  auto it = regexes_.find(pattern);
  if (it != regexes_.end()) return it->second.get();
  std::string error;
  rt::RegexPtr re = rt::CompileRegex(pattern, error);
  if (re == nullptr) {
    Fail(EvalError{rt::RegexError(pattern, error)});
    return nullptr;
  }
  return regexes_.emplace(std::string(pattern), std::move(re)).first->second.get();
}

bool Interp::Truth(const ast::Expr& e) {
  Val v = Eval(e);
  if (failed_) return false;
  if (v.k != Val::K::kBool) {
    Fail(FaultAt(rt::FaultKind::kNoValue, e));
    return false;
  }
  return v.b;
}

bool Interp::Present(const ast::Expr& e) {
  const auto* m = std::get_if<ast::MemberExpr>(&e.node);
  if (m == nullptr) return Eval(e).k != Val::K::kAbsent;  // the caller checks failed_
  // A property is present when the data has a non-null value, whatever its shape: the shape
  // is checked when the value is used, not when its presence is tested.
  const sema::MemberInfo& info = MemberOf(e.id);
  if (info.kind == sema::MemberKind::kResourceId || info.kind == sema::MemberKind::kResourceType)
    return Eval(*m->base).k != Val::K::kAbsent;
  const rt::Value* raw = Raw(e, *m);
  if (failed_) return false;
  bool present = raw != nullptr && raw->kind != rt::ValueKind::kNull;
  if (trace_)
    trace_->Leaf(TraceEvent::Kind::kRead, e.range, "", present ? "<present>" : "<absent>",
                 present ? WhereOf(raw) : "");
  return present;
}

const rt::Value* Interp::Raw(const ast::Expr& e, const ast::MemberExpr& m) {
  Val base = Eval(*m.base);
  if (failed_ || base.k == Val::K::kAbsent) return nullptr;
  const rt::Value* obj =
      MemberOf(e.id).kind == sema::MemberKind::kProperty ? base.res->properties : base.data;
  uint32_t key = KeyOf(e.id);
  const rt::Value* raw = obj == nullptr || key == rt::Interner::kNone ? nullptr : obj->Get(key);
  if (obj != nullptr) {
    uint32_t resource = base.k == Val::K::kResource ? base.res->index : read_.resource;
    read_ = {obj, raw, MemberOf(e.id).name, resource};
  }
  return raw;
}

const rt::Value* Interp::RawOf(const ast::Expr& e) {
  if (const auto* m = std::get_if<ast::MemberExpr>(&e.node)) return Raw(e, *m);
  if (const auto* ix = std::get_if<ast::IndexExpr>(&e.node)) {
    Val base = Eval(*ix->base);
    if (failed_) return nullptr;
    Val index = Eval(*ix->index);
    if (failed_ || base.data == nullptr) return nullptr;  // no data (join_parts of no Fn::Join)
    if (TypeOf(*ix->base)->Strip()->kind == TypeKind::kMap) {
      std::string_view key;
      const rt::Value* raw = rt::MapGet(*base.data, inv_.names(), index.s, &key);
      read_ = {base.data, raw, key, read_.resource};
      return raw;
    }
    if (index.i < 0 || static_cast<size_t>(index.i) >= base.ListSize()) return nullptr;
    return base.DataItem(static_cast<size_t>(index.i));
  }
  ast::NodeId b = BindingOf(e.id);  // a lazy quantifier variable
  return slots_[b].DataItem(lazy_index_[b]);
}

Val Interp::Member(const ast::Expr& e, const ast::MemberExpr& m) {
  Val base = Eval(*m.base);
  if (failed_ || base.k == Val::K::kAbsent) return Val{};  // absent: only through `?.`
  const sema::MemberInfo& info = MemberOf(e.id);
  switch (info.kind) {
    case sema::MemberKind::kResourceId:
      return Val::Str(base.res->id);
    case sema::MemberKind::kResourceType:
      return Val::Str(base.res->type);
    case sema::MemberKind::kProperty: {
      const rt::Value* props = base.res->properties;
      uint32_t key = KeyOf(e.id);
      const rt::Value* raw =
          props == nullptr || key == rt::Interner::kNone ? nullptr : props->Get(key);
      if (props != nullptr) read_ = {props, raw, info.name, base.res->index};
      Val v = Coerce(raw, info.declared, info.name, props, &info);
      if (failed_) return {};
      if (trace_) TraceRead(e, v, raw);
      return v;
    }
    case sema::MemberKind::kRecordField: {
      uint32_t key = KeyOf(e.id);
      const rt::Value* raw = key == rt::Interner::kNone ? nullptr : base.data->Get(key);
      read_ = {base.data, raw, info.name, read_.resource};
      Val v = Coerce(raw, info.declared, info.name, base.data, &info);
      if (failed_) return {};
      if (trace_) TraceRead(e, v, raw);
      return v;
    }
  }
  return Val{};
}

Val Interp::Eval(const ast::Expr& e) {
  return std::visit(
      Overloaded{
          [&](const ast::NullLit&) { return Val{}; },
          [&](const ast::BoolLit& l) { return Val::Bool(l.value); },
          [&](const ast::IntLit& l) { return Val::Int(l.value); },
          [&](const ast::StringLit& l) { return Val::Str(l.value); },
          [&](const ast::ListLit& l) {
            auto items = std::make_shared<std::vector<Val>>();
            for (const ast::ExprPtr& item : l.items) {
              Val v = Eval(*item);
              if (failed_) return Val{};
              items->push_back(std::move(v));
            }
            Val v;
            v.k = Val::K::kList;
            v.items = std::move(items);
            return v;
          },
          [&](const ast::NameRef&) {
            ast::NodeId b = BindingOf(e.id);
            if (!IsLazy(b)) return slots_[b];
            return Element(slots_[b], lazy_index_[b], p_.binder_types.at(b));
          },
          [&](const ast::MemberExpr& m) { return Member(e, m); },
          [&](const ast::IndexExpr& ix) {
            Val base = Eval(*ix.base);
            if (failed_) return Val{};
            Val index = Eval(*ix.index);
            if (failed_) return Val{};
            const Type* base_t = TypeOf(*ix.base)->Strip();
            if (base_t->kind == TypeKind::kMap) {
              // A map's values are read as list elements are; the key names them in errors.
              std::string_view key;  // the interned name, which outlives the evaluation
              const rt::Value* raw = rt::MapGet(*base.data, inv_.names(), index.s, &key);
              read_ = {base.data, raw, key, read_.resource};
              if (raw == nullptr || raw->kind == rt::ValueKind::kNull) return Val{};
              Val v = Coerce(raw, base_t->elem, index.s, base.data);
              if (failed_) return Val{};
              if (v.k == Val::K::kList) v.owned = index.owned;  // keeps v.name, the key, alive
              return v;
            }
            if (index.i < 0 || static_cast<uint64_t>(index.i) >= base.ListSize()) return Val{};
            return Element(base, static_cast<size_t>(index.i), TypeOf(*ix.base)->Strip()->elem);
          },
          [&](const ast::CallExpr& c) { return Call(e, c); },
          [&](const ast::UnaryExpr& u) {
            switch (u.op) {
              case ast::UnaryOp::kExists: {
                bool present = Present(*u.operand);
                return failed_ ? Val{} : Val::Bool(present);
              }
              case ast::UnaryOp::kNot: {
                bool t = Truth(*u.operand);
                return failed_ ? Val{} : Val::Bool(!t);
              }
              case ast::UnaryOp::kNeg: {
                Val v = Eval(*u.operand);
                if (failed_) return Val{};
                if (v.i == INT64_MIN) return Fail(FaultAt(rt::FaultKind::kIntegerOverflow, e));
                return Val::Int(-v.i);
              }
            }
            return Val{};
          },
          [&](const ast::BinaryExpr& b) { return Binary(e, b); },
          [&](const ast::QuantExpr& q) {
            Val list = Eval(*q.list);
            if (failed_) return Val{};
            size_t n = list.ListSize();
            size_t traced = trace_ ? trace_->Open(TraceEvent::Kind::kQuant, e.range, "") : 0;
            int64_t hits = 0;
            std::optional<bool> decided;  // any: a true body; all: a false one
            bool lazy = IsLazy(q.var_id);
            for (size_t i = 0; i < n && !decided; ++i) {
              if (!Step()) return Val{};
              size_t iteration = 0;
              if (lazy) {
                // The element is bound unread: the variable's uses read it (or not).
                slots_[q.var_id] = list;
                lazy_index_[q.var_id] = i;
                Val item;
                item.k = Val::K::kRecord;  // shown as its data
                item.data = list.DataItem(i);
                iteration = OpenIteration(q.var, list, i, item);
              } else {
                Val element = Element(list, i, TypeOf(*q.list)->Strip()->elem);
                if (failed_) return Val{};
                Val& item = slots_[q.var_id] = std::move(element);
                iteration = OpenIteration(q.var, list, i, item);
              }
              bool t = Truth(*q.body);
              if (failed_) return Val{};
              if (trace_) trace_->Close(iteration, t ? "true" : "false");
              if (q.kind == ast::QuantKind::kAny && t) decided = true;
              if (q.kind == ast::QuantKind::kAll && !t) decided = false;
              hits += t ? 1 : 0;
            }
            Val result = q.kind == ast::QuantKind::kCount
                             ? Val::Int(hits)
                             : Val::Bool(decided.value_or(q.kind == ast::QuantKind::kAll));
            if (trace_) trace_->Close(traced, Show(result));
            return result;
          },
          [&](const ast::LetExpr& l) {
            Val value = Eval(*l.value);
            if (failed_) return Val{};
            slots_[l.var_id] = std::move(value);
            return Eval(*l.body);
          },
          [&](const ast::IfExpr& i) {
            bool cond = Truth(*i.cond);
            if (failed_) return Val{};
            return cond ? Eval(*i.then_expr) : Eval(*i.else_expr);
          },
          [&](const ast::CompExpr& c) {
            Val list = Eval(*c.list);
            if (failed_) return Val{};
            auto items = std::make_shared<std::vector<Val>>();
            const Type* source = TypeOf(*c.list)->Strip();
            size_t n = source->elem->kind == TypeKind::kNever ? 0 : list.ListSize();
            size_t traced = trace_ ? trace_->Open(TraceEvent::Kind::kQuant, e.range, "") : 0;
            for (size_t i = 0; i < n; ++i) {
              if (!Step()) return Val{};  // one step per element, as a quantifier's iteration
              Val element = Element(list, i, source->elem);
              if (failed_) return Val{};
              Val& item = slots_[c.var_id] = std::move(element);
              size_t iteration = OpenIteration(c.var, list, i, item);
              bool keep = c.cond == nullptr || Truth(*c.cond);
              if (failed_) return Val{};
              if (keep) {
                Val kept = Eval(*c.elem);
                if (failed_) return Val{};
                items->push_back(std::move(kept));
              }
              if (trace_) trace_->Close(iteration, keep ? Show(items->back()) : "skipped");
            }
            Val v;
            v.k = Val::K::kList;
            v.items = std::move(items);
            if (trace_) trace_->Close(traced, Show(v));
            return v;
          },
      },
      e.node);
}

Val Interp::Call(const ast::Expr& e, const ast::CallExpr& c) {
  const sema::CallInfo& info = CallOf(e.id);
  if (!info.is_builtin) {
    std::vector<Val> args;
    args.reserve(c.args.size());
    for (const ast::ExprPtr& a : c.args) {
      args.push_back(Eval(*a));
      if (failed_) return {};
    }
    if (!Step()) return {};  // on entry to the function, after its arguments, as generated code counts
    size_t traced = trace_ ? trace_->Open(TraceEvent::Kind::kCall, e.range, "") : 0;
    for (size_t i = 0; i < args.size(); ++i) slots_[info.fn->params[i].id] = std::move(args[i]);
    Val result = Eval(*info.fn->body);
    if (failed_) return {};
    if (trace_) trace_->Close(traced, Show(result));
    return result;
  }
  const rt::BuiltinSpec& spec = rt::SpecOf(info.builtin);
  switch (spec.form) {
    case rt::BuiltinForm::kCall: {
      Val result = CallBuiltin(e, c, spec);
      if (failed_) return {};
      if (trace_) trace_->Leaf(TraceEvent::Kind::kRead, e.range, "", Show(result));
      return result;
    }
    case rt::BuiltinForm::kKeys: {
      Val map = Eval(*c.args[0]);
      if (failed_) return {};
      auto items = std::make_shared<std::vector<Val>>();
      for (uint32_t i = 0; i < map.data->size; ++i)
        items->push_back(Val::Str(inv_.names().Name(map.data->members[i].key)));
      Val list;
      list.k = Val::K::kList;
      list.items = std::move(items);
      if (trace_) trace_->Leaf(TraceEvent::Kind::kRead, e.range, "", Show(list));
      return list;
    }
    case rt::BuiltinForm::kRelated: {
      // The second argument names a type; it is not evaluated.
      Val of = Eval(*c.args[0]);
      if (failed_) return {};
      const std::string& type = p_.related.at(e.id)->cfn_type;
      auto items = std::make_shared<std::vector<Val>>();
      for (uint32_t i : inv_.Related(inv_.IndexOf(*of.res))) {
        const rt::Resource& r = inv_.resources()[i];
        if (r.type != type) continue;
        Val v;
        v.k = Val::K::kResource;
        v.res = &r;
        items->push_back(std::move(v));
      }
      Val list;
      list.k = Val::K::kList;
      list.items = std::move(items);
      return list;
    }
    case rt::BuiltinForm::kRefTo: {
      // The property is not read, and the second argument names a type.
      const ast::Expr& x = *c.args[0];
      const rt::Value* raw = RawOf(x);
      if (failed_) return {};
      const rt::Resource* target = rt::RefTarget(inv_, *res_, raw, p_.related.at(e.id)->cfn_type);
      auto items = std::make_shared<std::vector<Val>>();
      if (target != nullptr) {
        Val v;
        v.k = Val::K::kResource;
        v.res = target;
        items->push_back(std::move(v));
      }
      Val list;
      list.k = Val::K::kList;
      list.items = std::move(items);
      if (trace_) trace_->Leaf(TraceEvent::Kind::kRead, e.range, "", Show(list), WhereOf(raw));
      return list;
    }
    case rt::BuiltinForm::kRawText: {
      const ast::Expr& x = *c.args[0];
      const rt::Value* raw = RawOf(x);
      if (failed_) return {};
      Val result =
          Val::Str(info.builtin == rt::Builtin::kRefId    ? rt::RefId(inv_, *res_, raw)
                   : info.builtin == rt::Builtin::kKindOf ? rt::KindOf(raw, inv_.names())
                                                          : rt::RefAttribute(raw, inv_.names()));
      if (trace_) trace_->Leaf(TraceEvent::Kind::kRead, e.range, "", Show(result), WhereOf(raw));
      return result;
    }
    case rt::BuiltinForm::kJoinParts: {
      // A list read from data: its parts are read where they are used.
      const rt::Value* raw = RawOf(*c.args[0]);
      if (failed_) return {};
      const rt::Value* parts = rt::JoinParts(raw, inv_.names());
      Val list;
      list.k = Val::K::kList;
      if (parts != nullptr) {
        list.data = parts;
        list.name = "Fn::Join";
      } else {
        list.items = std::make_shared<std::vector<Val>>();
      }
      if (trace_) trace_->Leaf(TraceEvent::Kind::kRead, e.range, "", Show(list), WhereOf(raw));
      return list;
    }
  }
  return Val{};
}

Val Interp::CallBuiltin(const ast::Expr& e, const ast::CallExpr& c, const rt::BuiltinSpec& spec) {
  // All arguments first, then their conversion in order (list elements are read then), as in
  // compiled code.
  std::array<Val, rt::kMaxBuiltinParams> vals;
  for (size_t i = 0; i < spec.arity; ++i) {
    vals[i] = Eval(*c.args[i]);
    if (failed_) return {};
  }
  std::array<rt::BuiltinValue, rt::kMaxBuiltinParams> args;
  // The storage of the string arguments, which string results may be pieces of.
  std::vector<std::shared_ptr<const std::string>> owners;
  using Kind = rt::BuiltinValue::Kind;
  for (size_t i = 0; i < spec.arity; ++i) {
    const Val& v = vals[i];
    rt::BuiltinValue& a = args[i];
    if (v.owned) owners.push_back(v.owned);
    switch (rt::ArgOf(spec.params[i])) {
      case rt::BuiltinArg::kScalar:
        a.kind = v.k == Val::K::kStr ? Kind::kStr : v.k == Val::K::kInt ? Kind::kInt : Kind::kBool;
        a.str = v.s;
        a.num = v.k == Val::K::kBool ? v.b : v.i;
        break;
      case rt::BuiltinArg::kLength:
        a.kind = Kind::kInt;
        a.num = static_cast<int64_t>(v.k == Val::K::kStr ? v.s.size() : v.ListSize());
        break;
      case rt::BuiltinArg::kStrList: {
        a.kind = Kind::kStrList;
        const Type* elem = TypeOf(*c.args[i])->Strip()->elem;
        size_t n = elem->kind == TypeKind::kNever ? 0 : v.ListSize();
        for (size_t k = 0; k < n; ++k) {
          Val item = Element(v, k, elem);  // data elements are read (and checked) here
          if (failed_) return {};
          if (item.owned) owners.push_back(item.owned);
          a.list.push_back(item.s);
        }
        break;
      }
      case rt::BuiltinArg::kSpecialOnly:
        return Fail(EvalError{"internal error: builtin '" + std::string(spec.name) +
                              "' has a parameter the generic call cannot pass"});
    }
  }
  rt::BuiltinValue out;
  try {
    rt::CallBuiltin(spec.id, args.data(), out);
  } catch (const rt::BuiltinFault& fault) {
    return Fail(EvalError{rt::BuiltinFaultMessage(fault, SourceText(e.range))});
  }
  // A string result that is a piece of an argument shares that argument's storage.
  auto piece = [&](std::string_view s) {
    Val r = Val::Str(s);
    auto at = reinterpret_cast<uintptr_t>(s.data());
    for (const auto& owner : owners) {
      auto begin = reinterpret_cast<uintptr_t>(owner->data());
      if (at >= begin && at + s.size() <= begin + owner->size()) {
        r.owned = owner;
        break;
      }
    }
    return r;  // else a piece of a literal or of inventory data, which outlive the evaluation
  };
  Val result;
  switch (out.kind) {
    case Kind::kStr:
      result = out.made ? Val::Owned(std::move(out.owned)) : piece(out.str);
      break;
    case Kind::kInt:
      result = Val::Int(out.num);
      break;
    case Kind::kBool:
      result = Val::Bool(out.num != 0);
      break;
    case Kind::kStrList: {
      auto items = std::make_shared<std::vector<Val>>();
      items->reserve(out.list.size());
      for (std::string_view s : out.list) items->push_back(piece(s));
      result.k = Val::K::kList;
      result.items = std::move(items);
      break;
    }
  }
  return result;
}

Val Interp::Binary(const ast::Expr& e, const ast::BinaryExpr& b) {
  using Op = ast::BinaryOp;
  if (b.op == Op::kAnd || b.op == Op::kOr) {
    bool l = Truth(*b.lhs);
    if (failed_) return {};
    if (l == (b.op == Op::kOr)) return Val::Bool(l);  // decided by the left operand
    bool r = Truth(*b.rhs);
    return failed_ ? Val{} : Val::Bool(r);
  }
  if (b.op == Op::kEq || b.op == Op::kNe) {
    if (const sema::PresenceTest* test = p_.PresenceTestOf(e)) {
      bool present = Present(*test->operand);
      return failed_ ? Val{} : Val::Bool(present == test->present);
    }
  }
  Val l = Eval(*b.lhs);
  if (failed_) return {};
  if (b.op == Op::kCoalesce) return l.k != Val::K::kAbsent ? l : Eval(*b.rhs);
  Val r = Eval(*b.rhs);
  if (failed_) return {};
  // A strict read of another JSON kind compares false, except `not in`; another arm of a union
  // differs from the value (docs/language.md).
  if (l.k == Val::K::kMismatch || r.k == Val::K::kMismatch) {
    bool other_arm = (l.k != Val::K::kMismatch || l.b) && (r.k != Val::K::kMismatch || r.b);
    return Val::Bool(b.op == Op::kNotIn || (b.op == Op::kNe && other_arm));
  }
  auto overflow = [&]() { return FaultAt(rt::FaultKind::kIntegerOverflow, e); };
  int64_t out = 0;
  switch (b.op) {
    case Op::kAdd:
      if (l.k == Val::K::kStr) return Val::Owned(std::string(l.s) + std::string(r.s));
      if (__builtin_add_overflow(l.i, r.i, &out)) return Fail(overflow());
      return Val::Int(out);
    case Op::kSub:
      if (__builtin_sub_overflow(l.i, r.i, &out)) return Fail(overflow());
      return Val::Int(out);
    case Op::kMul:
      if (__builtin_mul_overflow(l.i, r.i, &out)) return Fail(overflow());
      return Val::Int(out);
    case Op::kDiv:
    case Op::kMod:
      if (r.i == 0) return Fail(FaultAt(rt::FaultKind::kDivisionByZero, e));
      if (l.i == INT64_MIN && r.i == -1) return Fail(overflow());
      return Val::Int(b.op == Op::kDiv ? l.i / r.i : l.i % r.i);
    case Op::kEq:
      return Val::Bool(ScalarEqual(l, r));
    case Op::kNe:
      return Val::Bool(!ScalarEqual(l, r));
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      int c = l.k == Val::K::kStr ? l.s.compare(r.s) : (l.i < r.i ? -1 : l.i > r.i ? 1 : 0);
      bool v = b.op == Op::kLt   ? c < 0
               : b.op == Op::kLe ? c <= 0
               : b.op == Op::kGt ? c > 0
                                 : c >= 0;
      return Val::Bool(v);
    }
    case Op::kIn:
    case Op::kNotIn: {
      bool found = false;
      for (size_t i = 0, n = r.ListSize(); i < n && !found; ++i) {
        Val item = Element(r, i, TypeOf(*b.rhs)->Strip()->elem);
        if (failed_) return {};
        found = ScalarEqual(l, item);
      }
      return Val::Bool(found == (b.op == Op::kIn));
    }
    case Op::kMatches: {
      const rt::Regex* re = RegexFor(r.s);
      return re == nullptr ? Val{} : Val::Bool(rt::RegexSearch(*re, l.s));
    }
    default:
      break;
  }
  return Val{};
}

std::string Interp::Render(const ast::Message& m) {
  std::string out;
  for (const auto& part : m.parts) {
    if (failed_) break;  // the caller checks failed_
    std::visit(Overloaded{
                   [&](const std::string& text) { out += text; },
                   [&](const ast::ExprPtr& e) {
                     Val v = Eval(*e);
                     if (failed_) return;
                     switch (v.k) {
                       case Val::K::kStr:
                         out += v.s;
                         break;
                       case Val::K::kInt:
                         out += std::to_string(v.i);
                         break;
                       case Val::K::kBool:
                         out += v.b ? "true" : "false";
                         break;
                       case Val::K::kMismatch:
                         out += rt::Describe(*v.data, inv_.names());
                         break;
                       default:
                         out += "<absent>";
                         break;
                     }
                   },
               },
               part);
  }
  return out;
}

}  // namespace srm::interp::internal
