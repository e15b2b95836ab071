// Expressions of the LLVM lowering. Each mirrors the interpreter's evaluation order, short
// circuits and faults, and reads data through the runtime ABI, so both backends agree.
#include "compiler/ast/overloaded.h"
#include "compiler/codegen/lowering.h"
#include "runtime/eval/abi.h"

namespace srm::codegen {

namespace {
llvm::Value* Zero(llvm::Type* t) { return llvm::Constant::getNullValue(t); }
}  // namespace

Opt Lowering::Split(llvm::Value* v, const Type* t) {
  if (t->kind == TypeKind::kOptional)
    return {b_.CreateExtractValue(v, 0), b_.CreateExtractValue(v, 1)};
  if (t->kind == TypeKind::kNull) return {b_.getFalse(), b_.getInt8(0)};
  return {nullptr, v};
}

llvm::Value* Lowering::Finish(Opt v, const Type* natural, const Type* target) {
  if (target->kind == TypeKind::kOptional) {
    const Type* inner = target->elem;
    llvm::Value* value =
        natural->kind == TypeKind::kNull ? Zero(Ty(inner)) : Convert(v.value, natural, inner);
    llvm::Value* present = natural->kind == TypeKind::kNull ? b_.getFalse()
                           : v.present != nullptr           ? v.present
                                                            : b_.getTrue();
    llvm::Value* out = llvm::UndefValue::get(Ty(target));
    out = b_.CreateInsertValue(out, present, 0);
    return b_.CreateInsertValue(out, value, 1);
  }
  if (target->kind == TypeKind::kNull)
    return llvm::ConstantStruct::get(llvm::cast<llvm::StructType>(Ty(target)), {b_.getFalse()});
  if (v.present != nullptr) {
    // The checker proved the value present (flow narrowing); check it all the same.
    llvm::BasicBlock* ok = llvm::BasicBlock::Create(c_, "present", fn_);
    llvm::BasicBlock* bad = llvm::BasicBlock::Create(c_, "absent", fn_);
    b_.CreateCondBr(v.present, ok, bad);
    b_.SetInsertPoint(bad);
    FaultCall(rt::FaultKind::kAbsentAfterNarrowing, "");
    b_.CreateBr(error_bb_);
    b_.SetInsertPoint(ok);
  }
  return Convert(v.value, natural, target);
}

llvm::Value* Lowering::Convert(llvm::Value* v, const Type* from, const Type* to) {
  if (from->kind == TypeKind::kOptional || from->kind == TypeKind::kNull) {
    return Finish(Split(v, from), from->kind == TypeKind::kNull ? from : from->elem, to);
  }
  if (to->kind == TypeKind::kOptional || to->kind == TypeKind::kNull)
    return Finish({nullptr, v}, from, to);
  if (from->kind != TypeKind::kList || to->kind != TypeKind::kList || SameRepr(from, to)) return v;
  // A list built by the policy whose elements change representation (e.g. int -> int?): copy.
  // Lists read from data hold raw values and need nothing.
  const Type* fe = from->elem;
  const Type* te = to->elem;
  llvm::Value* is_data = b_.CreateExtractValue(v, 2);
  return IfElse(
      is_data, list_ty_, [&]() { return v; },
      [&]() -> llvm::Value* {
        llvm::Value* len = b_.CreateExtractValue(v, 1);
        llvm::Value* size = b_.CreateMul(len, llvm::ConstantExpr::getSizeOf(Ty(te)));
        llvm::Value* dst = b_.CreateCall(Rt("srm_alloc", ptr_, {ptr_, i64_}), {ctx_, size});
        llvm::Value* src_arr =
            b_.CreateBitCast(b_.CreateExtractValue(v, 0), Ty(fe)->getPointerTo());
        llvm::Value* dst_arr = b_.CreateBitCast(dst, Ty(te)->getPointerTo());
        llvm::AllocaInst* i = EntryAlloca(i64_);
        b_.CreateStore(b_.getInt64(0), i);
        llvm::BasicBlock* cond = llvm::BasicBlock::Create(c_, "copy.cond", fn_);
        llvm::BasicBlock* body = llvm::BasicBlock::Create(c_, "copy.body", fn_);
        llvm::BasicBlock* done = llvm::BasicBlock::Create(c_, "copy.done", fn_);
        b_.CreateBr(cond);
        b_.SetInsertPoint(cond);
        llvm::Value* iv = b_.CreateLoad(i64_, i);
        b_.CreateCondBr(b_.CreateICmpSLT(iv, len), body, done);
        b_.SetInsertPoint(body);
        llvm::Value* item = b_.CreateLoad(Ty(fe), b_.CreateGEP(Ty(fe), src_arr, iv));
        b_.CreateStore(Convert(item, fe, te), b_.CreateGEP(Ty(te), dst_arr, iv));
        b_.CreateStore(b_.CreateAdd(iv, b_.getInt64(1)), i);
        b_.CreateBr(cond);
        b_.SetInsertPoint(done);
        return MakeList(dst, len, false, b_.CreateExtractValue(v, 3));
      });
}

llvm::Value* Lowering::MakeList(llvm::Value* ptr, llvm::Value* len, bool is_data,
                                llvm::Value* name) {
  llvm::Value* out = llvm::UndefValue::get(list_ty_);
  out = b_.CreateInsertValue(out, ptr, 0);
  out = b_.CreateInsertValue(out, len, 1);
  out = b_.CreateInsertValue(out, b_.getInt1(is_data), 2);
  return b_.CreateInsertValue(out, name, 3);
}

llvm::Value* Lowering::Expr(const ast::Expr& e) {
  const Type* natural = nullptr;
  Opt v = ExprNode(e, natural);
  return Finish(v, natural, p_.TypeOf(e));
}

llvm::Value* Lowering::Truth(const ast::Expr& e) {
  return Convert(Expr(e), p_.TypeOf(e), p_.types.Bool());
}

Opt Lowering::Read(llvm::Value* raw, llvm::Value* parent, const Type* declared, llvm::Value* name,
                   llvm::Value* index, const sema::MemberInfo* member) {
  const Type* t = declared->Strip();
  bool strict = member != nullptr && member->strict;
  bool keep = member != nullptr && member->keeps_mismatch;
  uint32_t other_arms = member != nullptr ? member->other_arms : 0;
  llvm::Value* optional = b_.getInt32(static_cast<int32_t>(
      (declared->IsOptional() ? SRM_READ_OPTIONAL : 0) | (strict ? SRM_READ_STRICT : 0) |
      (keep ? SRM_READ_KEEP_MISMATCH : 0) | (other_arms << SRM_READ_OTHER_ARMS_SHIFT) |
      (member != nullptr && member->one_or_many ? SRM_READ_ONE_OR_MANY : 0)));
  const Type* shown = member != nullptr && member->union_type != nullptr ? member->union_type : t;
  llvm::Value* type_name = CStr(sema::TypeName(shown));
  auto call = [&](const char* fn, llvm::Type* out_ty) -> std::pair<llvm::Value*, llvm::Value*> {
    llvm::AllocaInst* out = EntryAlloca(out_ty);
    b_.CreateStore(Zero(out_ty), out);
    llvm::Value* status = b_.CreateCall(
        Rt(fn, i32_, {ptr_, ptr_, ptr_, ptr_, i64_, ptr_, i32_, out_ty->getPointerTo()}),
        {ctx_, raw, parent, name, index, type_name, optional, out});
    BranchOnError(status);
    if (keep && mismatch_ != nullptr) {
      llvm::Value* mismatched = b_.CreateICmpSGE(status, b_.getInt32(2));
      b_.CreateStore(b_.CreateSelect(mismatched, raw, b_.CreateLoad(ptr_, mismatch_)), mismatch_);
      if (no_arm_ != nullptr) {
        llvm::Value* no_arm = b_.CreateICmpEQ(status, b_.getInt32(2));
        b_.CreateStore(b_.CreateOr(b_.CreateLoad(i1_, no_arm_), no_arm), no_arm_);
      }
    }
    // A kept mismatch (2, or 3: another arm of a union) is present.
    llvm::Value* present = !declared->IsOptional() ? nullptr
                           : keep                  ? b_.CreateICmpNE(status, b_.getInt32(0))
                                                   : b_.CreateICmpEQ(status, b_.getInt32(1));
    return {present, b_.CreateLoad(out_ty, out)};
  };
  switch (t->kind) {
    case TypeKind::kString: {
      auto [present, v] = call("srm_read_string", str_ty_);
      return {present, v};
    }
    case TypeKind::kInt: {
      auto [present, v] = call("srm_read_int", i64_);
      return {present, v};
    }
    case TypeKind::kBool: {
      auto [present, v] = call("srm_read_bool", i8_);
      return {present, b_.CreateICmpNE(v, b_.getInt8(0))};
    }
    case TypeKind::kMap:
    case TypeKind::kRecord: {
      if (member != nullptr && member->other_arm_absent) {
        // `u?.F`: read keeping the mismatch (3: another arm, absent); data of no arm's kind (2)
        // is read again without keeping it, which FAILs the resource.
        auto read = [&](int32_t flags, llvm::Value* out) {
          return b_.CreateCall(
              Rt("srm_read_record", i32_,
                 {ptr_, ptr_, ptr_, ptr_, i64_, ptr_, i32_, ptr_->getPointerTo()}),
              {ctx_, raw, parent, name, index, type_name, b_.getInt32(flags), out});
        };
        int32_t flags = SRM_READ_OPTIONAL | SRM_READ_STRICT |
                        static_cast<int32_t>(member->other_arms << SRM_READ_OTHER_ARMS_SHIFT);
        llvm::AllocaInst* out = EntryAlloca(ptr_);
        b_.CreateStore(Zero(ptr_), out);
        llvm::Value* status = read(flags | SRM_READ_KEEP_MISMATCH, out);
        BranchOnError(status);
        llvm::BasicBlock* no_arm = llvm::BasicBlock::Create(c_, "no_arm", fn_);
        llvm::BasicBlock* read_done = llvm::BasicBlock::Create(c_, "arm_read", fn_);
        b_.CreateCondBr(b_.CreateICmpEQ(status, b_.getInt32(2)), no_arm, read_done);
        b_.SetInsertPoint(no_arm);
        BranchOnError(read(flags, out));
        b_.CreateBr(read_done);
        b_.SetInsertPoint(read_done);
        return {b_.CreateICmpEQ(status, b_.getInt32(1)), b_.CreateLoad(ptr_, out)};
      }
      auto [present, v] = call("srm_read_record", ptr_);
      return {present, v};
    }
    case TypeKind::kList: {
      auto [present, p] = call("srm_read_list", ptr_);
      auto len_fn = Rt("srm_list_len", i64_, {ptr_});
      llvm::Value* len =
          present == nullptr
              ? b_.CreateCall(len_fn, {p})
              : IfElse(
                    present, i64_,
                    // An init-capture: clang before 16 cannot capture a structured binding.
                    [&, list = p]() -> llvm::Value* { return b_.CreateCall(len_fn, {list}); },
                    [&]() -> llvm::Value* { return b_.getInt64(0); });
      return {present, MakeList(p, len, true, name)};
    }
    default:
      Fail(rt::FaultKind::kNotDataType, sema::TypeName(t));
      return {nullptr, Zero(Ty(t))};
  }
}

llvm::Value* Lowering::ListElem(llvm::Value* list, llvm::Value* i, const Type* elem) {
  llvm::Value* is_data = b_.CreateExtractValue(list, 2);
  return IfElse(
      is_data, Ty(elem),
      [&]() -> llvm::Value* {
        llvm::Value* ptr = b_.CreateExtractValue(list, 0);
        llvm::Value* raw = b_.CreateCall(Rt("srm_list_item", ptr_, {ptr_, i64_}), {ptr, i});
        Opt o = Read(raw, ptr, elem, b_.CreateExtractValue(list, 3), i);
        return Finish(o, elem->Strip(), elem);
      },
      [&]() -> llvm::Value* {
        llvm::Value* arr =
            b_.CreateBitCast(b_.CreateExtractValue(list, 0), Ty(elem)->getPointerTo());
        return b_.CreateLoad(Ty(elem), b_.CreateGEP(Ty(elem), arr, i));
      });
}

Opt Lowering::Member(const ast::Expr& e, const ast::MemberExpr& m, const Type*& natural) {
  const Type* base_t = p_.TypeOf(*m.base);
  Opt base = Split(Expr(*m.base), base_t);
  const sema::MemberInfo& info = p_.members.at(e.id);
  bool scalar =
      info.kind == sema::MemberKind::kResourceId || info.kind == sema::MemberKind::kResourceType;
  natural = scalar ? p_.types.String() : info.declared->Strip();
  auto compute = [&](llvm::Value* obj) -> Opt {
    switch (info.kind) {
      case sema::MemberKind::kResourceId:
        return {nullptr, b_.CreateCall(Rt("srm_res_id", str_ty_, {ptr_}), {obj})};
      case sema::MemberKind::kResourceType:
        return {nullptr, b_.CreateCall(Rt("srm_res_type", str_ty_, {ptr_}), {obj})};
      case sema::MemberKind::kProperty: {
        llvm::Value* raw = b_.CreateCall(Rt("srm_prop", ptr_, {ptr_, ptr_, i32_}),
                                         {ctx_, obj, b_.getInt32(KeySlot(info.name))});
        llvm::Value* props = b_.CreateCall(Rt("srm_res_props", ptr_, {ptr_}), {obj});
        return Read(raw, props, info.declared, CStr(info.name), b_.getInt64(-1), &info);
      }
      case sema::MemberKind::kRecordField: {
        llvm::Value* raw = b_.CreateCall(Rt("srm_field", ptr_, {ptr_, ptr_, i32_}),
                                         {ctx_, obj, b_.getInt32(KeySlot(info.name))});
        return Read(raw, obj, info.declared, CStr(info.name), b_.getInt64(-1), &info);
      }
    }
    return {nullptr, nullptr};
  };
  if (base.present == nullptr) return compute(base.value);
  // `a?.b`: absent when `a` is.
  llvm::Type* packed = llvm::StructType::get(c_, {i1_, Ty(natural)});
  llvm::Value* v = IfElse(
      base.present, packed,
      [&]() -> llvm::Value* {
        Opt o = compute(base.value);
        llvm::Value* out = b_.CreateInsertValue(llvm::UndefValue::get(packed),
                                                o.present != nullptr ? o.present : b_.getTrue(), 0);
        return b_.CreateInsertValue(out, o.value, 1);
      },
      [&]() -> llvm::Value* { return Zero(packed); });
  return {b_.CreateExtractValue(v, 0), b_.CreateExtractValue(v, 1)};
}

llvm::Value* Lowering::Present(const ast::Expr& e) {
  const auto* m = std::get_if<ast::MemberExpr>(&e.node);
  if (m == nullptr) {
    llvm::AllocaInst* outer = mismatch_;
    llvm::AllocaInst* outer_no_arm = no_arm_;
    mismatch_ = nullptr;  // a mismatch is present
    no_arm_ = nullptr;
    Opt o = Split(Expr(e), p_.TypeOf(e));
    mismatch_ = outer;
    no_arm_ = outer_no_arm;
    return o.present != nullptr ? o.present : b_.getTrue();
  }
  // A property is present when the data has a non-null value, whatever its shape.
  Opt base = Split(Expr(*m->base), p_.TypeOf(*m->base));
  const sema::MemberInfo& info = p_.members.at(e.id);
  auto compute = [&]() -> llvm::Value* {
    if (info.kind == sema::MemberKind::kResourceId || info.kind == sema::MemberKind::kResourceType)
      return b_.getTrue();
    const char* fn = info.kind == sema::MemberKind::kProperty ? "srm_prop" : "srm_field";
    llvm::Value* raw = b_.CreateCall(Rt(fn, ptr_, {ptr_, ptr_, i32_}),
                                     {ctx_, base.value, b_.getInt32(KeySlot(info.name))});
    // Strict reads too: data of another JSON kind is present (a mismatch).
    llvm::Value* present = b_.CreateCall(Rt("srm_present", i32_, {ptr_}), {raw});
    return b_.CreateICmpNE(present, b_.getInt32(0));
  };
  if (base.present == nullptr) return compute();
  return IfElse(base.present, i1_, compute, [&]() -> llvm::Value* { return b_.getFalse(); });
}

llvm::Value* Lowering::Raw(const ast::Expr& e) {
  if (const auto* ix = std::get_if<ast::IndexExpr>(&e.node)) {
    const Type* base_t = p_.TypeOf(*ix->base)->Strip();
    llvm::Value* base = Convert(Expr(*ix->base), p_.TypeOf(*ix->base), base_t);
    if (base_t->kind == TypeKind::kMap) {
      llvm::Value* key = Convert(Expr(*ix->index), p_.TypeOf(*ix->index), p_.types.String());
      llvm::AllocaInst* name = EntryAlloca(ptr_);
      return b_.CreateCall(Rt("srm_map_get", ptr_, {ptr_, ptr_, str_ty_, ptr_->getPointerTo()}),
                           {ctx_, base, key, name});
    }
    llvm::Value* i = Convert(Expr(*ix->index), p_.TypeOf(*ix->index), p_.types.Int());
    llvm::Value* readable =
        b_.CreateAnd(b_.CreateExtractValue(base, 2),
                     b_.CreateAnd(b_.CreateICmpSGE(i, b_.getInt64(0)),
                                  b_.CreateICmpSLT(i, b_.CreateExtractValue(base, 1))));
    return IfElse(
        readable, ptr_,
        [&]() -> llvm::Value* {
          return b_.CreateCall(Rt("srm_list_item", ptr_, {ptr_, i64_}),
                               {b_.CreateExtractValue(base, 0), i});
        },
        [&]() -> llvm::Value* { return Zero(ptr_); });
  }
  if (std::holds_alternative<ast::NameRef>(e.node)) {
    // A lazy quantifier variable: the element of its list, which is data (sema's UnreadData).
    // Not a structured binding: clang 14 (the fuzz build) does not capture those in lambdas.
    std::pair<llvm::AllocaInst*, llvm::AllocaInst*> lazy = LazySlot(p_.name_bindings.at(e.id));
    llvm::AllocaInst* index = lazy.second;
    llvm::Value* list = b_.CreateLoad(list_ty_, lazy.first);
    return IfElse(
        b_.CreateExtractValue(list, 2), ptr_,
        [&]() -> llvm::Value* {
          return b_.CreateCall(Rt("srm_list_item", ptr_, {ptr_, i64_}),
                               {b_.CreateExtractValue(list, 0), b_.CreateLoad(i64_, index)});
        },
        [&]() -> llvm::Value* { return Zero(ptr_); });
  }
  const ast::MemberExpr& m = std::get<ast::MemberExpr>(e.node);
  Opt base = Split(Expr(*m.base), p_.TypeOf(*m.base));
  const sema::MemberInfo& info = p_.members.at(e.id);
  auto compute = [&]() -> llvm::Value* {
    const char* fn = info.kind == sema::MemberKind::kProperty ? "srm_prop" : "srm_field";
    return b_.CreateCall(Rt(fn, ptr_, {ptr_, ptr_, i32_}),
                         {ctx_, base.value, b_.getInt32(KeySlot(info.name))});
  };
  if (base.present == nullptr) return compute();
  return IfElse(base.present, ptr_, compute, [&]() -> llvm::Value* { return Zero(ptr_); });
}

bool Lowering::MayMismatch(const ast::Expr& e) const {
  if (auto it = p_.members.find(e.id); it != p_.members.end()) return it->second.keeps_mismatch;
  const auto* b = std::get_if<ast::BinaryExpr>(&e.node);
  return b != nullptr && b->op == ast::BinaryOp::kCoalesce &&
         (MayMismatch(*b->lhs) || MayMismatch(*b->rhs));
}

llvm::AllocaInst* Lowering::MismatchSink() {
  llvm::AllocaInst* sink = EntryAlloca(ptr_);
  b_.CreateStore(Zero(ptr_), sink);
  return sink;
}

Opt Lowering::ExprNode(const ast::Expr& e, const Type*& natural) {
  const Type* type = p_.TypeOf(e);
  // Most forms compute a value of their checked type: split it into presence and value.
  auto typed = [&](llvm::Value* v, const Type* t) {
    natural = t->kind == TypeKind::kOptional ? t->elem : t;
    return Split(v, t);
  };
  return std::visit(
      Overloaded{
          [&](const ast::NullLit&) -> Opt {
            natural = p_.types.Null();
            return {b_.getFalse(), b_.getInt8(0)};
          },
          [&](const ast::BoolLit& l) { return typed(b_.getInt1(l.value), p_.types.Bool()); },
          [&](const ast::IntLit& l) { return typed(b_.getInt64(l.value), p_.types.Int()); },
          [&](const ast::StringLit& l) { return typed(StrConst(l.value), p_.types.String()); },
          [&](const ast::ListLit& l) -> Opt {
            const Type* elem = type->elem;
            if (l.items.empty()) {
              return typed(MakeList(Zero(ptr_), b_.getInt64(0), false, Zero(ptr_)), type);
            }
            llvm::Value* size = b_.CreateMul(b_.getInt64(static_cast<int64_t>(l.items.size())),
                                             llvm::ConstantExpr::getSizeOf(Ty(elem)));
            llvm::Value* mem = b_.CreateCall(Rt("srm_alloc", ptr_, {ptr_, i64_}), {ctx_, size});
            llvm::Value* arr = b_.CreateBitCast(mem, Ty(elem)->getPointerTo());
            for (size_t i = 0; i < l.items.size(); ++i) {
              llvm::Value* v = Convert(Expr(*l.items[i]), p_.TypeOf(*l.items[i]), elem);
              b_.CreateStore(v, b_.CreateGEP(Ty(elem), arr, b_.getInt64(static_cast<int64_t>(i))));
            }
            return typed(
                MakeList(mem, b_.getInt64(static_cast<int64_t>(l.items.size())), false, Zero(ptr_)),
                type);
          },
          [&](const ast::NameRef&) -> Opt {
            ast::NodeId binder = p_.name_bindings.at(e.id);
            const Type* t = p_.binder_types.at(binder);
            if (p_.lazy_binders.contains(binder)) {
              // The element is read here, where the variable is used.
              auto [list, index] = LazySlot(binder);
              return typed(ListElem(b_.CreateLoad(list_ty_, list), b_.CreateLoad(i64_, index), t),
                           t);
            }
            return typed(b_.CreateLoad(Ty(t), Slot(binder)), t);
          },
          [&](const ast::MemberExpr& m) { return Member(e, m, natural); },
          [&](const ast::IndexExpr& ix) -> Opt {
            if (const Type* map_t = p_.TypeOf(*ix.base)->Strip(); map_t->kind == TypeKind::kMap) {
              // A map's value is read as a list element is; the key names it in errors.
              llvm::Value* map = Convert(Expr(*ix.base), p_.TypeOf(*ix.base), map_t);
              llvm::Value* key = Convert(Expr(*ix.index), p_.TypeOf(*ix.index), p_.types.String());
              llvm::AllocaInst* name = EntryAlloca(ptr_);
              llvm::Value* raw =
                  b_.CreateCall(Rt("srm_map_get", ptr_, {ptr_, ptr_, str_ty_, ptr_->getPointerTo()}),
                                {ctx_, map, key, name});
              const Type* value_t = p_.TypeOf(e);  // the value type, optional
              natural = value_t->Strip();
              return Read(raw, map, value_t, b_.CreateLoad(ptr_, name), b_.getInt64(-1), nullptr);
            }
            const Type* list_t = p_.TypeOf(*ix.base)->Strip();
            llvm::Value* list = Convert(Expr(*ix.base), p_.TypeOf(*ix.base), list_t);
            llvm::Value* i = Convert(Expr(*ix.index), p_.TypeOf(*ix.index), p_.types.Int());
            const Type* elem = list_t->elem;
            natural = elem->Strip();
            llvm::Type* packed = llvm::StructType::get(c_, {i1_, Ty(natural)});
            llvm::Value* in_range =
                b_.CreateAnd(b_.CreateICmpSGE(i, b_.getInt64(0)),
                             b_.CreateICmpSLT(i, b_.CreateExtractValue(list, 1)));
            llvm::Value* v = IfElse(
                in_range, packed,
                [&]() -> llvm::Value* {
                  Opt o = Split(ListElem(list, i, elem), elem);
                  llvm::Value* out = b_.CreateInsertValue(llvm::UndefValue::get(packed),
                                                          o.present ? o.present : b_.getTrue(), 0);
                  return b_.CreateInsertValue(out, o.value, 1);
                },
                [&]() -> llvm::Value* { return Zero(packed); });
            return {b_.CreateExtractValue(v, 0), b_.CreateExtractValue(v, 1)};
          },
          [&](const ast::CallExpr& c) { return typed(Call(e, c), type); },
          [&](const ast::UnaryExpr& u) -> Opt {
            switch (u.op) {
              case ast::UnaryOp::kExists:
                return typed(Present(*u.operand), p_.types.Bool());
              case ast::UnaryOp::kNot:
                return typed(b_.CreateNot(Truth(*u.operand)), p_.types.Bool());
              case ast::UnaryOp::kNeg: {
                llvm::Value* v = Convert(Expr(*u.operand), p_.TypeOf(*u.operand), p_.types.Int());
                llvm::BasicBlock* bad = llvm::BasicBlock::Create(c_, "overflow", fn_);
                llvm::BasicBlock* ok = llvm::BasicBlock::Create(c_, "neg", fn_);
                b_.CreateCondBr(b_.CreateICmpEQ(v, b_.getInt64(INT64_MIN)), bad, ok);
                b_.SetInsertPoint(bad);
                Fail(rt::FaultKind::kIntegerOverflow, SourceText(e.range));
                b_.CreateBr(ok);
                b_.SetInsertPoint(ok);
                return typed(b_.CreateNeg(v), p_.types.Int());
              }
            }
            return {};
          },
          [&](const ast::BinaryExpr& bin) { return typed(Binary(e, bin), type); },
          [&](const ast::QuantExpr& q) { return typed(Quant(q), type); },
          [&](const ast::CompExpr& c) { return typed(Comp(c, type), type); },
          [&](const ast::LetExpr& l) -> Opt {
            b_.CreateStore(Expr(*l.value), Slot(l.var_id));
            return typed(Convert(Expr(*l.body), p_.TypeOf(*l.body), type), type);
          },
          [&](const ast::IfExpr& i) -> Opt {
            llvm::Value* v = IfElse(
                Truth(*i.cond), Ty(type),
                [&]() { return Convert(Expr(*i.then_expr), p_.TypeOf(*i.then_expr), type); },
                [&]() { return Convert(Expr(*i.else_expr), p_.TypeOf(*i.else_expr), type); });
            return typed(v, type);
          },
      },
      e.node);
}

}  // namespace srm::codegen
