// Calls, operators and quantifiers of the LLVM lowering.
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
  if (info.is_builtin && info.builtin == sema::Builtin::kRelated) {
    // The second argument names a type; it is not evaluated.
    const Type* t = p_.TypeOf(*c.args[0]);
    llvm::Value* res = Convert(Expr(*c.args[0]), t, t->Strip());
    llvm::AllocaInst* out = EntryAlloca(ptr_);
    llvm::Value* n =
        b_.CreateCall(Rt("srm_related", i64_, {ptr_, ptr_, ptr_, ptr_->getPointerTo()}),
                      {ctx_, res, CStr(p_.related.at(e.id)->cfn_type), out});
    return MakeList(b_.CreateLoad(ptr_, out), n, false, llvm::ConstantPointerNull::get(ptr_));
  }
  std::vector<llvm::Value*> args;
  std::vector<const Type*> types;
  for (const ast::ExprPtr& a : c.args) {
    args.push_back(Expr(*a));
    types.push_back(p_.TypeOf(*a));
  }
  if (!info.is_builtin) {
    std::vector<llvm::Value*> call_args = {ctx_};
    for (size_t i = 0; i < args.size(); ++i) {
      call_args.push_back(Convert(args[i], types[i], p_.binder_types.at(info.fn->params[i].id)));
    }
    llvm::Value* result = b_.CreateCall(fns_.at(info.fn), call_args);
    CheckFailed();
    return Convert(result, p_.fn_results.at(info.fn), p_.TypeOf(e));
  }
  // Builtins take present values (the checker made sure).
  auto arg = [&](size_t i) { return Convert(args[i], types[i], types[i]->Strip()); };
  auto truth = [&](llvm::Value* i32) { return b_.CreateICmpNE(i32, b_.getInt32(0)); };
  llvm::Value* where = nullptr;
  switch (info.builtin) {
    case sema::Builtin::kLower:
      return b_.CreateCall(Rt("srm_lower", str_ty_, {ptr_, str_ty_}), {ctx_, arg(0)});
    case sema::Builtin::kUpper:
      return b_.CreateCall(Rt("srm_upper", str_ty_, {ptr_, str_ty_}), {ctx_, arg(0)});
    case sema::Builtin::kTrim:
      return b_.CreateCall(Rt("srm_trim", str_ty_, {str_ty_}), {arg(0)});
    case sema::Builtin::kStartsWith:
      return truth(
          b_.CreateCall(Rt("srm_starts_with", i32_, {str_ty_, str_ty_}), {arg(0), arg(1)}));
    case sema::Builtin::kEndsWith:
      return truth(b_.CreateCall(Rt("srm_ends_with", i32_, {str_ty_, str_ty_}), {arg(0), arg(1)}));
    case sema::Builtin::kContains:
      return truth(b_.CreateCall(Rt("srm_contains", i32_, {str_ty_, str_ty_}), {arg(0), arg(1)}));
    case sema::Builtin::kLen:
    case sema::Builtin::kCount:
      return b_.CreateExtractValue(arg(0), 1);  // a string's or a list's length
    case sema::Builtin::kIsCidr:
      return truth(b_.CreateCall(Rt("srm_is_cidr", i32_, {str_ty_}), {arg(0)}));
    case sema::Builtin::kCidrContains: {
      where = CStr(SourceText(e.range));
      llvm::Value* status =
          b_.CreateCall(Rt("srm_cidr_contains", i32_, {ptr_, str_ty_, str_ty_, ptr_}),
                        {ctx_, arg(0), arg(1), where});
      BranchOnError(status);
      return b_.CreateICmpEQ(status, b_.getInt32(1));
    }
    case sema::Builtin::kCidrPrefix: {
      where = CStr(SourceText(e.range));
      llvm::AllocaInst* out = EntryAlloca(i64_);
      llvm::Value* status =
          b_.CreateCall(Rt("srm_cidr_prefix", i32_, {ptr_, str_ty_, ptr_, i64_->getPointerTo()}),
                        {ctx_, arg(0), where, out});
      BranchOnError(status);
      return b_.CreateLoad(i64_, out);
    }
    case sema::Builtin::kToString: {
      const Type* t = types[0]->Strip();
      if (t->kind == TypeKind::kInt) {
        return b_.CreateCall(Rt("srm_int_to_string", str_ty_, {ptr_, i64_}), {ctx_, arg(0)});
      }
      if (t->kind == TypeKind::kBool)
        return b_.CreateSelect(arg(0), StrConst("true"), StrConst("false"));
      return arg(0);
    }
    case sema::Builtin::kRelated:
      break;  // handled above
  }
  return nullptr;
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
    case Op::kNe: {
      // `x == null` asks only whether x is present, like `exists x`.
      const ast::Expr* other = std::holds_alternative<ast::NullLit>(bin.rhs->node)   ? bin.lhs.get()
                               : std::holds_alternative<ast::NullLit>(bin.lhs->node) ? bin.rhs.get()
                                                                                     : nullptr;
      if (other != nullptr) {
        llvm::Value* present = Present(*other);
        return bin.op == Op::kNe ? present : b_.CreateNot(present);
      }
      break;
    }
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
  const Type* lt = p_.TypeOf(*bin.lhs);
  const Type* rt = p_.TypeOf(*bin.rhs);
  llvm::Value* l = Expr(*bin.lhs);
  llvm::Value* r = Expr(*bin.rhs);
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
  if (elem->kind != TypeKind::kNever) {
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

}  // namespace srm::codegen
