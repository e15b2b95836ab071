// Functions, statements and the program table of the LLVM lowering.
#include "compiler/codegen/codegen.h"

#include <llvm/IR/Verifier.h>
#include <llvm/Support/Host.h>
#include <llvm/Support/raw_ostream.h>

#include "compiler/ast/overloaded.h"
#include "compiler/codegen/lowering.h"
#include "compiler/sema/control_table.h"
#include "compiler/sema/schema_export.h"
#include "runtime/eval/abi.h"

namespace srm::codegen {

std::unique_ptr<llvm::Module> Generate(const sema::Program& program, llvm::LLVMContext& context,
                                       const std::set<std::string>* only) {
  Lowering lowering(program, context);
  return lowering.Run(only);
}

Lowering::Lowering(const sema::Program& program, llvm::LLVMContext& context)
    : p_(program), c_(context), m_(std::make_unique<llvm::Module>("srm", context)), b_(context) {
  i1_ = b_.getInt1Ty();
  i8_ = b_.getInt8Ty();
  i32_ = b_.getInt32Ty();
  i64_ = b_.getInt64Ty();
  ptr_ = b_.getInt8PtrTy();
  str_ty_ = llvm::StructType::create(c_, {ptr_, i64_}, "SrmStr");
  list_ty_ = llvm::StructType::create(c_, {ptr_, i64_, i1_, ptr_}, "SrmList");
  m_->setTargetTriple(llvm::sys::getDefaultTargetTriple());
}

llvm::Type* Lowering::Ty(const Type* t) {
  switch (t->kind) {
    case TypeKind::kBool:
      return i1_;
    case TypeKind::kInt:
      return i64_;
    case TypeKind::kString:
      return str_ty_;
    case TypeKind::kList:
      return list_ty_;
    case TypeKind::kMap:
    case TypeKind::kRecord:
    case TypeKind::kResource:
    case TypeKind::kUnion:  // never a value: sema views every union read as one of its arms
      return ptr_;
    case TypeKind::kOptional:
      return llvm::StructType::get(c_, {i1_, Ty(t->elem)});
    case TypeKind::kNull:
      return llvm::StructType::get(c_, llvm::ArrayRef<llvm::Type*>{i1_});
    case TypeKind::kNever:
    case TypeKind::kError:
      return i8_;
  }
  return i8_;
}

bool Lowering::SameRepr(const Type* a, const Type* b) {
  if (a->kind == TypeKind::kList && b->kind == TypeKind::kList) {
    return a->elem->kind == TypeKind::kNever || b->elem->kind == TypeKind::kNever ||
           SameRepr(a->elem, b->elem);
  }
  if (a->kind == TypeKind::kOptional && b->kind == TypeKind::kOptional)
    return SameRepr(a->elem, b->elem);
  return Ty(a) == Ty(b);
}

llvm::FunctionCallee Lowering::Rt(const char* name, llvm::Type* ret,
                                  llvm::ArrayRef<llvm::Type*> args) {
  return m_->getOrInsertFunction(name, llvm::FunctionType::get(ret, args, false));
}

llvm::Value* Lowering::CStr(const std::string& s) {
  auto it = cstrings_.find(s);
  if (it != cstrings_.end()) return it->second;
  llvm::Constant* data = llvm::ConstantDataArray::getString(c_, s, true);
  auto* gv = new llvm::GlobalVariable(*m_, data->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                      data, "str");
  gv->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  llvm::Constant* zero = b_.getInt32(0);
  llvm::Constant* p = llvm::ConstantExpr::getInBoundsGetElementPtr(
      data->getType(), gv, llvm::ArrayRef<llvm::Constant*>{zero, zero});
  cstrings_[s] = p;
  return p;
}

llvm::Value* Lowering::StrConst(const std::string& s) {
  return llvm::ConstantStruct::get(
      str_ty_, {llvm::cast<llvm::Constant>(CStr(s)), b_.getInt64(static_cast<int64_t>(s.size()))});
}

uint32_t Lowering::KeySlot(const std::string& name) {
  auto [it, fresh] = key_slots_.emplace(name, static_cast<uint32_t>(keys_.size()));
  if (fresh) keys_.push_back(name);
  return it->second;
}

llvm::Value* Lowering::Slot(ast::NodeId binder) {
  auto it = slots_.find(binder);
  if (it != slots_.end()) return it->second;
  llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
  llvm::AllocaInst* a = entry.CreateAlloca(Ty(p_.binder_types.at(binder)));
  slots_[binder] = a;
  return a;
}

std::pair<llvm::AllocaInst*, llvm::AllocaInst*> Lowering::LazySlot(ast::NodeId binder) {
  auto it = lazy_slots_.find(binder);
  if (it != lazy_slots_.end()) return it->second;
  llvm::IRBuilder<> entry(&fn_->getEntryBlock(), fn_->getEntryBlock().begin());
  std::pair<llvm::AllocaInst*, llvm::AllocaInst*> slot = {entry.CreateAlloca(list_ty_),
                                                          entry.CreateAlloca(i64_)};
  lazy_slots_[binder] = slot;
  return slot;
}

void Lowering::BranchOnError(llvm::Value* status) {
  llvm::BasicBlock* ok = llvm::BasicBlock::Create(c_, "ok", fn_);
  b_.CreateCondBr(b_.CreateICmpSLT(status, b_.getInt32(0)), error_bb_, ok);
  b_.SetInsertPoint(ok);
}

void Lowering::Step() { BranchOnError(b_.CreateCall(Rt("srm_step", i32_, {ptr_}), {ctx_})); }

void Lowering::CheckFailed() {
  // SrmCtx begins with `int32_t failed`.
  llvm::Value* failed = b_.CreateLoad(i32_, b_.CreateBitCast(ctx_, i32_->getPointerTo()));
  llvm::BasicBlock* ok = llvm::BasicBlock::Create(c_, "ok", fn_);
  b_.CreateCondBr(b_.CreateICmpNE(failed, b_.getInt32(0)), error_bb_, ok);
  b_.SetInsertPoint(ok);
}

llvm::Value* Lowering::FaultCall(rt::FaultKind kind, const std::string& where) {
  return b_.CreateCall(Rt("srm_fault", i32_, {ptr_, i32_, ptr_}),
                       {ctx_, b_.getInt32(static_cast<int32_t>(kind)), CStr(where)});
}

void Lowering::Fail(rt::FaultKind kind, const std::string& where) {
  FaultCall(kind, where);
  b_.CreateBr(error_bb_);
  // Code after a fault is unreachable; keep emitting into a fresh block.
  b_.SetInsertPoint(llvm::BasicBlock::Create(c_, "dead", fn_));
}

std::string Lowering::SourceText(const ast::SourceRange& r) const {
  return std::string(p_.sources.file(r.file).text().substr(r.begin, r.end - r.begin));
}

void Lowering::DeclareFns() {
  for (const ast::File& f : p_.files) {
    for (const ast::Decl& d : f.decls) {
      const auto* fn = std::get_if<ast::FnDecl>(&d.node);
      if (fn == nullptr) continue;
      std::vector<llvm::Type*> params = {ptr_};
      for (const ast::Param& prm : fn->params) params.push_back(Ty(p_.binder_types.at(prm.id)));
      llvm::Type* ret = Ty(p_.fn_results.at(fn));
      auto* type = llvm::FunctionType::get(ret, params, false);
      fns_[fn] = llvm::Function::Create(type, llvm::Function::InternalLinkage,
                                        "fn_" + fn->name.name, m_.get());
      fn_order_.push_back(fn);
    }
  }
}

void Lowering::DefineFn(const ast::FnDecl& fn) {
  fn_ = fns_.at(&fn);
  slots_.clear();
  lazy_slots_.clear();
  llvm::BasicBlock* entry = llvm::BasicBlock::Create(c_, "entry", fn_);
  error_bb_ = llvm::BasicBlock::Create(c_, "error", fn_);
  b_.SetInsertPoint(error_bb_);
  b_.CreateRet(llvm::UndefValue::get(fn_->getReturnType()));
  b_.SetInsertPoint(entry);
  auto arg = fn_->arg_begin();
  ctx_ = &*arg++;
  res_ = nullptr;
  for (const ast::Param& prm : fn.params) b_.CreateStore(&*arg++, Slot(prm.id));
  Step();
  const Type* declared = p_.fn_results.at(&fn);
  llvm::Value* v = Convert(Expr(*fn.body), p_.TypeOf(*fn.body), declared);
  b_.CreateRet(v);
}

void Lowering::RenderMessage(const ast::Message& m) {
  b_.CreateCall(Rt("srm_msg_reset", b_.getVoidTy(), {ptr_}), {ctx_});
  auto msg_str = Rt("srm_msg_str", b_.getVoidTy(), {ptr_, str_ty_});
  for (const auto& part : m.parts) {
    std::visit(Overloaded{
                   [&](const std::string& text) {
                     b_.CreateCall(msg_str, {ctx_, StrConst(text)});
                   },
                   [&](const ast::ExprPtr& e) { RenderValue(*e); },
               },
               part);
  }
}

void Lowering::RenderValue(const ast::Expr& e) {
  auto msg_str = Rt("srm_msg_str", b_.getVoidTy(), {ptr_, str_ty_});
  const Type* t = p_.TypeOf(e);
  llvm::AllocaInst* outer = mismatch_;
  llvm::AllocaInst* outer_no_arm = no_arm_;
  mismatch_ = MayMismatch(e) ? MismatchSink() : nullptr;
  no_arm_ = nullptr;
  llvm::AllocaInst* sink = mismatch_;
  Opt v = Split(Expr(e), t);
  mismatch_ = outer;
  no_arm_ = outer_no_arm;
  const Type* inner = t->Strip();
  auto append = [&]() -> llvm::Value* {
    switch (inner->kind) {
      case TypeKind::kString:
        b_.CreateCall(msg_str, {ctx_, v.value});
        break;
      case TypeKind::kInt:
        b_.CreateCall(Rt("srm_msg_int", b_.getVoidTy(), {ptr_, i64_}), {ctx_, v.value});
        break;
      case TypeKind::kBool:
        b_.CreateCall(msg_str,
                      {ctx_, b_.CreateSelect(v.value, StrConst("true"), StrConst("false"))});
        break;
      default:
        b_.CreateCall(Rt("srm_msg_absent", b_.getVoidTy(), {ptr_}), {ctx_});
    }
    return nullptr;
  };
  auto render = [&]() -> llvm::Value* {
    if (v.present == nullptr) return append();
    return IfElse(v.present, nullptr, append, [&]() -> llvm::Value* {
      b_.CreateCall(Rt("srm_msg_absent", b_.getVoidTy(), {ptr_}), {ctx_});
      return nullptr;
    });
  };
  if (sink == nullptr) {
    render();
    return;
  }
  // A strict mismatch is shown as its data.
  llvm::Value* raw = b_.CreateLoad(ptr_, sink);
  IfElse(
      b_.CreateICmpNE(raw, llvm::Constant::getNullValue(ptr_)), nullptr,
      [&]() -> llvm::Value* {
        b_.CreateCall(Rt("srm_msg_data", b_.getVoidTy(), {ptr_, ptr_}), {ctx_, raw});
        return nullptr;
      },
      render);
}

llvm::Function* Lowering::DefineControl(const sema::ControlInfo& c, size_t index, size_t block) {
  auto* type = llvm::FunctionType::get(i32_, {ptr_, ptr_}, false);
  fn_ = llvm::Function::Create(
      type, llvm::Function::InternalLinkage,
      "control_" + std::to_string(index) + "_" + c.id + "_" + std::to_string(block), m_.get());
  slots_.clear();
  lazy_slots_.clear();
  llvm::BasicBlock* entry = llvm::BasicBlock::Create(c_, "entry", fn_);
  error_bb_ = llvm::BasicBlock::Create(c_, "error", fn_);
  b_.SetInsertPoint(error_bb_);
  b_.CreateRet(b_.getInt32(SRM_STATUS_ERROR));
  b_.SetInsertPoint(entry);
  ctx_ = fn_->getArg(0);
  res_ = fn_->getArg(1);
  const ast::ForBlock& fb = c.decl->fors.at(block);
  b_.CreateStore(res_, Slot(fb.var_id));
  if (fb.when) {
    llvm::BasicBlock* skip = llvm::BasicBlock::Create(c_, "skip", fn_);
    llvm::BasicBlock* body = llvm::BasicBlock::Create(c_, "body", fn_);
    b_.CreateCondBr(Truth(*fb.when), body, skip);
    b_.SetInsertPoint(skip);
    b_.CreateRet(b_.getInt32(SRM_STATUS_SKIP));
    b_.SetInsertPoint(body);
  }
  for (const ast::Stmt& s : fb.body) {
    std::visit(Overloaded{
                   [&](const ast::LetStmt& l) { b_.CreateStore(Expr(*l.value), Slot(l.var_id)); },
                   [&](const ast::AssertStmt& a) {
                     llvm::BasicBlock* fail = llvm::BasicBlock::Create(c_, "fail", fn_);
                     llvm::BasicBlock* next = llvm::BasicBlock::Create(c_, "next", fn_);
                     b_.CreateCondBr(Truth(*a.cond), next, fail);
                     b_.SetInsertPoint(fail);
                     // The property the finding points at: read by the condition, not by
                     // the message.
                     b_.CreateCall(Rt("srm_assert_mark", b_.getVoidTy(), {ptr_}), {ctx_});
                     llvm::Value* status = nullptr;
                     if (a.message) {
                       RenderMessage(*a.message);
                       status = b_.getInt32(SRM_STATUS_FAIL);
                     } else {
                       std::string cond = SourceText(a.cond->range);
                       status = FaultCall(rt::FaultKind::kAssertionFailed, cond);
                     }
                     if (p_.guard_asserts.count(s.id)) {
                       // The following statements rely on it: the evaluation ends here.
                       b_.CreateRet(status);
                     } else {
                       // Recorded as a FAIL finding of its own; evaluation goes on.
                       b_.CreateCall(Rt("srm_assert_failed", b_.getVoidTy(), {ptr_}), {ctx_});
                       b_.CreateBr(next);
                     }
                     b_.SetInsertPoint(next);
                   },
               },
               s.node);
  }
  b_.CreateRet(b_.getInt32(SRM_STATUS_PASS));
  return fn_;
}

void Lowering::EmitProgramTable(const std::vector<std::vector<llvm::Function*>>& control_fns,
                                const rt::ControlTable& table) {
  auto* fn_ptr = llvm::FunctionType::get(i32_, {ptr_, ptr_}, false)->getPointerTo();
  auto* fn_ptr_ptr = fn_ptr->getPointerTo();
  auto* ptr_ptr = ptr_->getPointerTo();
  auto string_array = [&](const std::vector<std::string>& items,
                          const char* name) -> llvm::Constant* {
    std::vector<llvm::Constant*> elems;
    for (const std::string& s : items) elems.push_back(llvm::cast<llvm::Constant>(CStr(s)));
    auto* type = llvm::ArrayType::get(ptr_, elems.size());
    auto* gv = new llvm::GlobalVariable(*m_, type, true, llvm::GlobalValue::PrivateLinkage,
                                        llvm::ConstantArray::get(type, elems), name);
    return llvm::ConstantExpr::getBitCast(gv, ptr_ptr);
  };
  // The control table travels as its serialised form; control_fns[i][b] evaluates its entry i
  // on resources of its `for` block b.
  std::vector<llvm::Constant*> fns;
  for (size_t i = 0; i < control_fns.size(); ++i) {
    std::vector<llvm::Constant*> blocks;
    for (llvm::Function* f : control_fns[i])
      blocks.push_back(llvm::ConstantExpr::getBitCast(f, fn_ptr));
    auto* blocks_ty = llvm::ArrayType::get(fn_ptr, blocks.size());
    auto* blocks_gv = new llvm::GlobalVariable(
        *m_, blocks_ty, true, llvm::GlobalValue::PrivateLinkage,
        llvm::ConstantArray::get(blocks_ty, blocks), "control_" + std::to_string(i) + "_blocks");
    fns.push_back(llvm::ConstantExpr::getBitCast(blocks_gv, fn_ptr_ptr));
  }
  auto* fns_ty = llvm::ArrayType::get(fn_ptr_ptr, fns.size());
  auto* fns_gv = new llvm::GlobalVariable(*m_, fns_ty, true, llvm::GlobalValue::PrivateLinkage,
                                          llvm::ConstantArray::get(fns_ty, fns), "controls");
  // The key ids array is written by the runtime before evaluation.
  auto* ids_ty = llvm::ArrayType::get(i32_, keys_.size());
  auto* ids = new llvm::GlobalVariable(*m_, ids_ty, false, llvm::GlobalValue::PrivateLinkage,
                                       llvm::ConstantAggregateZero::get(ids_ty), "key_ids");
  std::vector<std::string> modelled;
  for (const auto& [type, _] : p_.by_cfn_type) modelled.push_back(type);
  auto* program_ty = llvm::StructType::create(c_,
                                              {i32_, i32_, fn_ptr_ptr->getPointerTo(), ptr_, i32_,
                                               ptr_ptr, i32_->getPointerTo(), i32_, ptr_ptr, ptr_},
                                              "SrmProgram");
  llvm::Constant* fields[] = {
      b_.getInt32(SRM_ABI_VERSION),
      b_.getInt32(static_cast<uint32_t>(fns.size())),
      llvm::ConstantExpr::getBitCast(fns_gv, fn_ptr_ptr->getPointerTo()),
      llvm::cast<llvm::Constant>(CStr(table.Serialize())),
      b_.getInt32(static_cast<uint32_t>(keys_.size())),
      string_array(keys_, "keys"),
      llvm::ConstantExpr::getBitCast(ids, i32_->getPointerTo()),
      b_.getInt32(static_cast<uint32_t>(modelled.size())),
      string_array(modelled, "modelled"),
      llvm::cast<llvm::Constant>(CStr(sema::BuildSchemaMap(p_).Serialize())),
  };
  new llvm::GlobalVariable(*m_, program_ty, true, llvm::GlobalValue::ExternalLinkage,
                           llvm::ConstantStruct::get(program_ty, fields), "srm_program");
}

std::unique_ptr<llvm::Module> Lowering::Run(const std::set<std::string>* only) {
  DeclareFns();
  for (const ast::FnDecl* fn : fn_order_) DefineFn(*fn);
  std::vector<std::vector<llvm::Function*>> control_fns;
  for (const sema::ControlInfo* c : sema::EvaluatedControls(p_, only)) {
    std::vector<llvm::Function*> blocks;
    for (size_t b = 0; b < c->decl->fors.size(); ++b)
      blocks.push_back(DefineControl(*c, control_fns.size(), b));
    control_fns.push_back(std::move(blocks));
  }
  EmitProgramTable(control_fns, sema::BuildControlTable(p_, only));
  // Blocks left open after a fault (see Fail) are unreachable: terminate them.
  for (llvm::Function& f : *m_) {
    for (llvm::BasicBlock& bb : f) {
      if (bb.getTerminator() == nullptr) {
        llvm::IRBuilder<> end(&bb);
        end.CreateUnreachable();
      }
    }
  }
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (llvm::verifyModule(*m_, &os)) {
    llvm::errs() << "srm: internal error: invalid IR generated:\n" << os.str() << "\n";
    return nullptr;
  }
  return std::move(m_);
}

}  // namespace srm::codegen
