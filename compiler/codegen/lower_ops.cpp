// Calls, operators and quantifiers of the LLVM lowering.
#include <algorithm>

#include "compiler/codegen/lowering.h"
#include "runtime/eval/abi.h"

namespace srm::codegen {

llvm::AllocaInst* Lowering::EntryAlloca(llvm::Type* type) {
  llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
  return entry.CreateAlloca(type);
}

void Lowering::FailIf(llvm::Value* cond, rt::FaultKind kind, const std::string& where) {
  llvm::BasicBlock* bad = llvm::BasicBlock::Create(c_, "fault", fn_);
  llvm::BasicBlock* ok = llvm::BasicBlock::Create(c_, "ok", fn_);
  b_.CreateCondBr(cond, bad, ok);
  b_.SetInsertPoint(bad);
  FaultCall(kind, where);
  b_.CreateBr(error_bb_);
  b_.SetInsertPoint(ok);
}

llvm::Value* Lowering::Call(const ast::Expr& e, const ast::CallExpr& c) {
  const sema::CallInfo& info = p_.calls.at(e.id);
  if (!info.is_builtin) {
    std::vector<llvm::Value*> args;
    for (const ast::ExprPtr& a : c.args) args.push_back(Expr(*a));
    std::vector<llvm::Value*> call_args = {ctx_};
    for (size_t i = 0; i < args.size(); ++i) {
      call_args.push_back(
          Convert(args[i], p_.TypeOf(*c.args[i]), p_.binder_types.at(info.fn->params[i].id)));
    }
    llvm::Value* result = b_.CreateCall(fns_.at(info.fn), call_args);
    CheckFailed();
    return Convert(result, p_.fn_results.at(info.fn), p_.TypeOf(e));
  }
  const rt::BuiltinSpec& spec = rt::SpecOf(info.builtin);
  switch (spec.form) {
    case rt::BuiltinForm::kCall:
      return CallBuiltin(e, c, spec);
    case rt::BuiltinForm::kKeys: {
      const Type* t = p_.TypeOf(*c.args[0]);
      llvm::Value* map = Convert(Expr(*c.args[0]), t, t->Strip());
      llvm::AllocaInst* out = EntryAlloca(ptr_);
      llvm::Value* n = b_.CreateCall(Rt(spec.symbol, i64_, {ptr_, ptr_, ptr_->getPointerTo()}),
                                     {ctx_, map, out});
      return MakeList(b_.CreateLoad(ptr_, out), n, false, llvm::ConstantPointerNull::get(ptr_));
    }
    case rt::BuiltinForm::kRelated: {
      // The second argument names a type; it is not evaluated.
      const Type* t = p_.TypeOf(*c.args[0]);
      llvm::Value* res = Convert(Expr(*c.args[0]), t, t->Strip());
      llvm::AllocaInst* out = EntryAlloca(ptr_);
      llvm::Value* n =
          b_.CreateCall(Rt(spec.symbol, i64_, {ptr_, ptr_, ptr_, ptr_->getPointerTo()}),
                        {ctx_, res, CStr(p_.related.at(e.id)->cfn_type), out});
      return MakeList(b_.CreateLoad(ptr_, out), n, false, llvm::ConstantPointerNull::get(ptr_));
    }
    case rt::BuiltinForm::kRefTo: {
      // The property is not read, and the second argument names a type.
      llvm::Value* raw = Raw(*c.args[0]);
      llvm::AllocaInst* out = EntryAlloca(ptr_);
      llvm::Value* n =
          b_.CreateCall(Rt(spec.symbol, i64_, {ptr_, ptr_, ptr_, ptr_->getPointerTo()}),
                        {ctx_, raw, CStr(p_.related.at(e.id)->cfn_type), out});
      return MakeList(b_.CreateLoad(ptr_, out), n, false, llvm::ConstantPointerNull::get(ptr_));
    }
    case rt::BuiltinForm::kRawText:
      return b_.CreateCall(Rt(spec.symbol, str_ty_, {ptr_, ptr_}), {ctx_, Raw(*c.args[0])});
    case rt::BuiltinForm::kJoinParts: {
      // A list read from data (is_data): its parts are read where they are used.
      llvm::Value* raw = Raw(*c.args[0]);
      llvm::AllocaInst* out = EntryAlloca(ptr_);
      llvm::Value* n = b_.CreateCall(Rt(spec.symbol, i64_, {ptr_, ptr_, ptr_->getPointerTo()}),
                                     {ctx_, raw, out});
      return MakeList(b_.CreateLoad(ptr_, out), n, true, CStr("Fn::Join"));
    }
  }
  return nullptr;
}

std::pair<llvm::Value*, llvm::Value*> Lowering::StrArray(llvm::Value* list, const Type* elem) {
  if (elem->kind == TypeKind::kNever) return {llvm::ConstantPointerNull::get(ptr_), b_.getInt64(0)};
  llvm::Value* len = b_.CreateExtractValue(list, 1);
  // A list the policy built is an array of strings already; one read from data is read (and
  // checked) element by element into a new one.
  llvm::Value* ptr = IfElse(
      b_.CreateExtractValue(list, 2), ptr_,
      [&]() -> llvm::Value* {
        llvm::Value* size = b_.CreateMul(len, llvm::ConstantExpr::getSizeOf(str_ty_));
        llvm::Value* mem = b_.CreateCall(Rt("srm_alloc", ptr_, {ptr_, i64_}), {ctx_, size});
        llvm::Value* arr = b_.CreateBitCast(mem, str_ty_->getPointerTo());
        llvm::AllocaInst* i = EntryAlloca(i64_);
        b_.CreateStore(b_.getInt64(0), i);
        llvm::BasicBlock* cond = llvm::BasicBlock::Create(c_, "strs.cond", fn_);
        llvm::BasicBlock* body = llvm::BasicBlock::Create(c_, "strs.body", fn_);
        llvm::BasicBlock* done = llvm::BasicBlock::Create(c_, "strs.done", fn_);
        b_.CreateBr(cond);
        b_.SetInsertPoint(cond);
        llvm::Value* iv = b_.CreateLoad(i64_, i);
        b_.CreateCondBr(b_.CreateICmpSLT(iv, len), body, done);
        b_.SetInsertPoint(body);
        llvm::Value* item = Convert(ListElem(list, iv, elem), elem, p_.types.String());
        b_.CreateStore(item, b_.CreateGEP(str_ty_, arr, iv));
        b_.CreateStore(b_.CreateAdd(iv, b_.getInt64(1)), i);
        b_.CreateBr(cond);
        b_.SetInsertPoint(done);
        return mem;
      },
      [&]() -> llvm::Value* { return b_.CreateExtractValue(list, 0); });
  return {ptr, len};
}

llvm::Value* Lowering::CallBuiltin(const ast::Expr& e, const ast::CallExpr& c,
                                   const rt::BuiltinSpec& spec) {
  // All arguments first, then their conversion in order (list elements are read then), as in
  // the interpreter. Builtins take present values (the checker made sure).
  std::vector<llvm::Value*> vals;
  for (size_t i = 0; i < spec.arity; ++i) vals.push_back(Expr(*c.args[i]));
  for (size_t i = 0; i < spec.arity; ++i) {
    const Type* t = p_.TypeOf(*c.args[i]);
    vals[i] = Convert(vals[i], t, t->Strip());
  }
  llvm::StructType* arg_ty = llvm::StructType::get(c_, {ptr_, i64_, i32_});  // SrmArg
  llvm::AllocaInst* args =
      EntryAlloca(llvm::ArrayType::get(arg_ty, std::max<size_t>(spec.arity, 1)));
  llvm::Value* null = llvm::ConstantPointerNull::get(ptr_);
  auto pass = [&](size_t i, llvm::Value* ptr, llvm::Value* n, int32_t kind) {
    llvm::Value* a = llvm::UndefValue::get(arg_ty);
    a = b_.CreateInsertValue(a, ptr, 0);
    a = b_.CreateInsertValue(a, n, 1);
    a = b_.CreateInsertValue(a, b_.getInt32(kind), 2);
    b_.CreateStore(
        a, b_.CreateConstGEP2_32(args->getAllocatedType(), args, 0, static_cast<unsigned>(i)));
  };
  for (size_t i = 0; i < spec.arity; ++i) {
    llvm::Value* v = vals[i];
    const Type* t = p_.TypeOf(*c.args[i])->Strip();
    switch (rt::ArgOf(spec.params[i])) {
      case rt::BuiltinArg::kScalar:
        if (t->kind == TypeKind::kString) {
          pass(i, b_.CreateExtractValue(v, 0), b_.CreateExtractValue(v, 1), SRM_ARG_STR);
        } else if (t->kind == TypeKind::kInt) {
          pass(i, null, v, SRM_ARG_INT);
        } else {
          pass(i, null, b_.CreateZExt(v, i64_), SRM_ARG_BOOL);
        }
        break;
      case rt::BuiltinArg::kLength:
        pass(i, null, b_.CreateExtractValue(v, 1), SRM_ARG_INT);  // a string's or list's length
        break;
      case rt::BuiltinArg::kStrList: {
        auto [ptr, n] = StrArray(v, t->elem);
        pass(i, ptr, n, SRM_ARG_STR_LIST);
        break;
      }
      case rt::BuiltinArg::kSpecialOnly:
        Fail(rt::FaultKind::kInternal, "builtin '" + std::string(spec.name) +
                                           "' has a parameter the generic call cannot pass");
        break;
    }
  }
  llvm::AllocaInst* out = EntryAlloca(arg_ty);
  llvm::Value* status = b_.CreateCall(
      Rt(spec.symbol, i32_, {ptr_, ptr_, ptr_, ptr_}),
      {ctx_, b_.CreateBitCast(args, ptr_), b_.CreateBitCast(out, ptr_), CStr(SourceText(e.range))});
  BranchOnError(status);
  llvm::Value* result = b_.CreateLoad(arg_ty, out);
  llvm::Value* ptr = b_.CreateExtractValue(result, 0);
  llvm::Value* n = b_.CreateExtractValue(result, 1);
  switch (rt::ResultOf(spec.result)) {
    case rt::BuiltinResult::kStr: {
      llvm::Value* s = b_.CreateInsertValue(llvm::UndefValue::get(str_ty_), ptr, 0);
      return b_.CreateInsertValue(s, n, 1);
    }
    case rt::BuiltinResult::kInt:
      return n;
    case rt::BuiltinResult::kBool:
      return b_.CreateICmpNE(n, b_.getInt64(0));
    case rt::BuiltinResult::kStrList:
      return MakeList(ptr, n, false, null);
    case rt::BuiltinResult::kNone:
      break;  // not a result of the generic convention
  }
  Fail(rt::FaultKind::kInternal,
       "builtin '" + std::string(spec.name) + "' has a result type the generic call cannot return");
  return llvm::UndefValue::get(Ty(p_.TypeOf(e)));
}

llvm::Value* Lowering::Equal(llvm::Value* a, const Type* ta, llvm::Value* b, const Type* tb) {
  Opt oa = Split(a, ta);
  Opt ob = Split(b, tb);
  const Type* inner = ta->Strip()->kind != TypeKind::kNull ? ta->Strip() : tb->Strip();
  llvm::Value* pa = oa.present != nullptr ? oa.present : b_.getTrue();
  llvm::Value* pb = ob.present != nullptr ? ob.present : b_.getTrue();
  llvm::Value* both_absent = b_.CreateAnd(b_.CreateNot(pa), b_.CreateNot(pb));
  if (ta->kind == TypeKind::kNull || tb->kind == TypeKind::kNull ||
      inner->kind == TypeKind::kNull) {
    return both_absent;
  }
  // Absent values are zero, so comparing them is safe; the result is chosen by presence.
  llvm::Value* same = nullptr;
  if (inner->kind == TypeKind::kString) {
    llvm::Value* cmp =
        b_.CreateCall(Rt("srm_str_cmp", i32_, {str_ty_, str_ty_}), {oa.value, ob.value});
    same = b_.CreateICmpEQ(cmp, b_.getInt32(0));
  } else {
    same = b_.CreateICmpEQ(oa.value, ob.value);
  }
  return b_.CreateSelect(b_.CreateAnd(pa, pb), same, both_absent);
}

llvm::Value* Lowering::Arith(const ast::Expr& e, ast::BinaryOp op, llvm::Value* l, llvm::Value* r) {
  using Op = ast::BinaryOp;
  std::string where = SourceText(e.range);
  auto checked = [&](llvm::Intrinsic::ID id) {
    llvm::Value* res = b_.CreateBinaryIntrinsic(id, l, r);
    FailIf(b_.CreateExtractValue(res, 1), rt::FaultKind::kIntegerOverflow, where);
    return b_.CreateExtractValue(res, 0);
  };
  switch (op) {
    case Op::kAdd:
      return checked(llvm::Intrinsic::sadd_with_overflow);
    case Op::kSub:
      return checked(llvm::Intrinsic::ssub_with_overflow);
    case Op::kMul:
      return checked(llvm::Intrinsic::smul_with_overflow);
    default:
      break;
  }
  FailIf(b_.CreateICmpEQ(r, b_.getInt64(0)), rt::FaultKind::kDivisionByZero, where);
  FailIf(
      b_.CreateAnd(b_.CreateICmpEQ(l, b_.getInt64(INT64_MIN)), b_.CreateICmpEQ(r, b_.getInt64(-1))),
      rt::FaultKind::kIntegerOverflow, where);
  return op == Op::kDiv ? b_.CreateSDiv(l, r) : b_.CreateSRem(l, r);
}

llvm::Value* Lowering::Binary(const ast::Expr& e, const ast::BinaryExpr& bin) {
  using Op = ast::BinaryOp;
  switch (bin.op) {
    case Op::kAnd:
      return IfElse(
          Truth(*bin.lhs), i1_, [&]() { return Truth(*bin.rhs); },
          [&]() -> llvm::Value* { return b_.getFalse(); });
    case Op::kOr:
      return IfElse(
          Truth(*bin.lhs), i1_, [&]() -> llvm::Value* { return b_.getTrue(); },
          [&]() { return Truth(*bin.rhs); });
    case Op::kEq:
    case Op::kNe:
      if (const sema::PresenceTest* test = p_.PresenceTestOf(e)) {
        llvm::Value* present = Present(*test->operand);
        return test->present ? present : b_.CreateNot(present);
      }
      break;
    case Op::kCoalesce: {
      const Type* result = p_.TypeOf(e);
      const Type* lt = p_.TypeOf(*bin.lhs);
      Opt l = Split(Expr(*bin.lhs), lt);
      const Type* natural = lt->kind == TypeKind::kOptional ? lt->elem : lt;
      if (l.present == nullptr) return Finish(l, natural, result);
      return IfElse(
          l.present, Ty(result),
          [&]() {
            return Finish({nullptr, l.value}, natural, result);
          },
          [&]() { return Convert(Expr(*bin.rhs), p_.TypeOf(*bin.rhs), result); });
    }
    default:
      break;
  }
  // A strict read of another JSON kind compares false, except `not in` (docs/language.md).
  // Another arm of a union differs from the value: `!=` is true.
  llvm::AllocaInst* outer = mismatch_;
  llvm::AllocaInst* outer_no_arm = no_arm_;
  mismatch_ = MayMismatch(*bin.lhs) || MayMismatch(*bin.rhs) ? MismatchSink() : nullptr;
  no_arm_ = nullptr;
  if (mismatch_ != nullptr) {
    no_arm_ = EntryAlloca(i1_);
    b_.CreateStore(b_.getFalse(), no_arm_);
  }
  llvm::AllocaInst* sink = mismatch_;
  llvm::AllocaInst* no_arm = no_arm_;
  llvm::Value* l = Expr(*bin.lhs);
  llvm::Value* r = Expr(*bin.rhs);
  mismatch_ = outer;
  no_arm_ = outer_no_arm;
  if (sink == nullptr) return Operate(e, bin, l, r);
  llvm::Value* mismatched =
      b_.CreateICmpNE(b_.CreateLoad(ptr_, sink), llvm::Constant::getNullValue(ptr_));
  return IfElse(
      mismatched, i1_,
      [&]() -> llvm::Value* {
        if (bin.op == Op::kNotIn) return b_.getTrue();
        if (bin.op == Op::kNe) return b_.CreateNot(b_.CreateLoad(i1_, no_arm));
        return b_.getFalse();
      },
      [&]() { return Operate(e, bin, l, r); });
}

llvm::Value* Lowering::Operate(const ast::Expr& e, const ast::BinaryExpr& bin, llvm::Value* l,
                               llvm::Value* r) {
  using Op = ast::BinaryOp;
  const Type* lt = p_.TypeOf(*bin.lhs);
  const Type* rt = p_.TypeOf(*bin.rhs);
  switch (bin.op) {
    case Op::kEq:
      return Equal(l, lt, r, rt);
    case Op::kNe:
      return b_.CreateNot(Equal(l, lt, r, rt));
    case Op::kAdd:
      if (lt->Strip()->kind == TypeKind::kString) {
        return b_.CreateCall(Rt("srm_concat", str_ty_, {ptr_, str_ty_, str_ty_}),
                             {ctx_, Convert(l, lt, lt->Strip()), Convert(r, rt, rt->Strip())});
      }
      [[fallthrough]];
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
    case Op::kMod:
      return Arith(e, bin.op, Convert(l, lt, p_.types.Int()), Convert(r, rt, p_.types.Int()));
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      const Type* t = lt->Strip();
      llvm::Value* a = Convert(l, lt, t);
      llvm::Value* c = Convert(r, rt, rt->Strip());
      if (t->kind == TypeKind::kString) {
        a = b_.CreateCall(Rt("srm_str_cmp", i32_, {str_ty_, str_ty_}), {a, c});
        c = b_.getInt32(0);
      }
      switch (bin.op) {
        case Op::kLt:
          return b_.CreateICmpSLT(a, c);
        case Op::kLe:
          return b_.CreateICmpSLE(a, c);
        case Op::kGt:
          return b_.CreateICmpSGT(a, c);
        default:
          return b_.CreateICmpSGE(a, c);
      }
    }
    case Op::kIn:
    case Op::kNotIn: {
      const Type* list_t = rt->Strip();
      llvm::Value* list = Convert(r, rt, list_t);
      const Type* elem = list_t->elem;
      if (elem->kind == TypeKind::kNever) return b_.getInt1(bin.op == Op::kNotIn);
      // Stops at the first match, like the interpreter: later elements are not read.
      llvm::AllocaInst* i = EntryAlloca(i64_);
      llvm::AllocaInst* found = EntryAlloca(i1_);
      b_.CreateStore(b_.getInt64(0), i);
      b_.CreateStore(b_.getFalse(), found);
      llvm::BasicBlock* cond = llvm::BasicBlock::Create(c_, "in.cond", fn_);
      llvm::BasicBlock* body = llvm::BasicBlock::Create(c_, "in.body", fn_);
      llvm::BasicBlock* done = llvm::BasicBlock::Create(c_, "in.done", fn_);
      b_.CreateBr(cond);
      b_.SetInsertPoint(cond);
      llvm::Value* iv = b_.CreateLoad(i64_, i);
      llvm::Value* more = b_.CreateAnd(b_.CreateICmpSLT(iv, b_.CreateExtractValue(list, 1)),
                                       b_.CreateNot(b_.CreateLoad(i1_, found)));
      b_.CreateCondBr(more, body, done);
      b_.SetInsertPoint(body);
      b_.CreateStore(Equal(l, lt, ListElem(list, iv, elem), elem), found);
      b_.CreateStore(b_.CreateAdd(iv, b_.getInt64(1)), i);
      b_.CreateBr(cond);
      b_.SetInsertPoint(done);
      llvm::Value* f = b_.CreateLoad(i1_, found);
      return bin.op == Op::kIn ? f : b_.CreateNot(f);
    }
    case Op::kMatches: {
      llvm::Value* status =
          b_.CreateCall(Rt("srm_matches", i32_, {ptr_, str_ty_, str_ty_}),
                        {ctx_, Convert(l, lt, lt->Strip()), Convert(r, rt, rt->Strip())});
      BranchOnError(status);
      return b_.CreateICmpEQ(status, b_.getInt32(1));
    }
    default:
      break;
  }
  return b_.getFalse();
}

llvm::Value* Lowering::Quant(const ast::QuantExpr& q) {
  const Type* lt = p_.TypeOf(*q.list);
  const Type* list_t = lt->Strip();
  llvm::Value* list = Convert(Expr(*q.list), lt, list_t);
  const Type* elem = list_t->elem;
  bool count = q.kind == ast::QuantKind::kCount;
  llvm::AllocaInst* i = EntryAlloca(i64_);
  llvm::AllocaInst* result = EntryAlloca(count ? i64_ : i1_);
  b_.CreateStore(b_.getInt64(0), i);
  b_.CreateStore(count ? static_cast<llvm::Value*>(b_.getInt64(0))
                       : b_.getInt1(q.kind == ast::QuantKind::kAll),
                 result);
  llvm::BasicBlock* cond = llvm::BasicBlock::Create(c_, "q.cond", fn_);
  llvm::BasicBlock* body = llvm::BasicBlock::Create(c_, "q.body", fn_);
  llvm::BasicBlock* next = llvm::BasicBlock::Create(c_, "q.next", fn_);
  llvm::BasicBlock* decided = llvm::BasicBlock::Create(c_, "q.decided", fn_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(c_, "q.done", fn_);
  b_.CreateBr(cond);
  b_.SetInsertPoint(cond);
  llvm::Value* iv = b_.CreateLoad(i64_, i);
  llvm::Value* n = elem->kind == TypeKind::kNever ? b_.getInt64(0) : b_.CreateExtractValue(list, 1);
  b_.CreateCondBr(b_.CreateICmpSLT(iv, n), body, done);
  b_.SetInsertPoint(body);
  Step();
  if (p_.lazy_binders.contains(q.var_id)) {
    // The element is bound unread: the variable's uses read it (or not).
    auto [slot, index] = LazySlot(q.var_id);
    b_.CreateStore(list, slot);
    b_.CreateStore(iv, index);
  } else if (elem->kind != TypeKind::kNever) {
    b_.CreateStore(ListElem(list, iv, elem), Slot(q.var_id));
  }
  llvm::Value* t = elem->kind == TypeKind::kNever ? b_.getFalse() : Truth(*q.body);
  switch (q.kind) {
    case ast::QuantKind::kAny:
      b_.CreateCondBr(t, decided, next);
      break;
    case ast::QuantKind::kAll:
      b_.CreateCondBr(t, next, decided);
      break;
    case ast::QuantKind::kCount:
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(i64_, result), b_.CreateZExt(t, i64_)), result);
      b_.CreateBr(next);
      break;
  }
  b_.SetInsertPoint(next);
  b_.CreateStore(b_.CreateAdd(iv, b_.getInt64(1)), i);
  b_.CreateBr(cond);
  b_.SetInsertPoint(decided);
  if (!count) b_.CreateStore(b_.getInt1(q.kind == ast::QuantKind::kAny), result);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateLoad(count ? i64_ : i1_, result);
}

llvm::Value* Lowering::Comp(const ast::CompExpr& c, const Type* type) {
  const Type* lt = p_.TypeOf(*c.list);
  const Type* list_t = lt->Strip();
  llvm::Value* list = Convert(Expr(*c.list), lt, list_t);
  const Type* elem = list_t->elem;
  const Type* out_elem = type->elem;
  if (elem->kind == TypeKind::kNever || out_elem->kind == TypeKind::kNever) {
    llvm::Value* null = llvm::Constant::getNullValue(ptr_);
    return MakeList(null, b_.getInt64(0), false, null);  // over `[]`
  }
  // The result has room for every element of the source; `k` counts those kept.
  llvm::Value* n = b_.CreateExtractValue(list, 1);
  llvm::Value* mem =
      b_.CreateCall(Rt("srm_alloc", ptr_, {ptr_, i64_}),
                    {ctx_, b_.CreateMul(n, llvm::ConstantExpr::getSizeOf(Ty(out_elem)))});
  llvm::Value* arr = b_.CreateBitCast(mem, Ty(out_elem)->getPointerTo());
  llvm::AllocaInst* i = EntryAlloca(i64_);
  llvm::AllocaInst* k = EntryAlloca(i64_);
  b_.CreateStore(b_.getInt64(0), i);
  b_.CreateStore(b_.getInt64(0), k);
  llvm::BasicBlock* cond = llvm::BasicBlock::Create(c_, "c.cond", fn_);
  llvm::BasicBlock* body = llvm::BasicBlock::Create(c_, "c.body", fn_);
  llvm::BasicBlock* keep = llvm::BasicBlock::Create(c_, "c.keep", fn_);
  llvm::BasicBlock* next = llvm::BasicBlock::Create(c_, "c.next", fn_);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(c_, "c.done", fn_);
  b_.CreateBr(cond);
  b_.SetInsertPoint(cond);
  llvm::Value* iv = b_.CreateLoad(i64_, i);
  b_.CreateCondBr(b_.CreateICmpSLT(iv, n), body, done);
  b_.SetInsertPoint(body);
  Step();  // one step per element, as a quantifier's iteration
  b_.CreateStore(ListElem(list, iv, elem), Slot(c.var_id));
  if (c.cond) {
    b_.CreateCondBr(Truth(*c.cond), keep, next);
  } else {
    b_.CreateBr(keep);
  }
  b_.SetInsertPoint(keep);
  llvm::Value* v = Convert(Expr(*c.elem), p_.TypeOf(*c.elem), out_elem);
  llvm::Value* kv = b_.CreateLoad(i64_, k);
  b_.CreateStore(v, b_.CreateGEP(Ty(out_elem), arr, kv));
  b_.CreateStore(b_.CreateAdd(kv, b_.getInt64(1)), k);
  b_.CreateBr(next);
  b_.SetInsertPoint(next);
  b_.CreateStore(b_.CreateAdd(iv, b_.getInt64(1)), i);
  b_.CreateBr(cond);
  b_.SetInsertPoint(done);
  return MakeList(mem, b_.CreateLoad(i64_, k), false, llvm::Constant::getNullValue(ptr_));
}

}  // namespace srm::codegen
