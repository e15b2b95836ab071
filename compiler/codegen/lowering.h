// Internal state of the LLVM lowering, shared by its halves: functions, statements and the
// program table (codegen.cpp) and expressions (lower_expr.cpp).
//
// Representation of SRM values in IR: bool i1, int i64, string %SrmStr {i8*, i64}, optional T
// {i1 present, T}, list %SrmList {i8* ptr, i64 len, i1 is_data, i8* name} (is_data: ptr is an
// inventory array read element by element through the runtime; otherwise ptr is an array of T),
// record and resource i8* (runtime pointers), null {i1} (always absent).
#pragma once

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "compiler/sema/program.h"
#include "runtime/eval/control_table.h"
#include "runtime/eval/fault.h"

namespace srm::codegen {

using sema::Type;
using sema::TypeKind;

// A value that may be absent: `present` is nullptr when it is known to be there.
struct Opt {
  llvm::Value* present = nullptr;
  llvm::Value* value = nullptr;
};

class Lowering {
 public:
  Lowering(const sema::Program& program, llvm::LLVMContext& context);
  std::unique_ptr<llvm::Module> Run(const std::set<std::string>* only);

 private:
  // --- codegen.cpp: types, runtime declarations, functions, statements, the program table
  llvm::Type* Ty(const Type* t);
  bool SameRepr(const Type* a, const Type* b);
  llvm::FunctionCallee Rt(const char* name, llvm::Type* ret, llvm::ArrayRef<llvm::Type*> args);
  llvm::Value* CStr(const std::string& s);
  llvm::Value* StrConst(const std::string& s);
  uint32_t KeySlot(const std::string& name);
  llvm::Value* Slot(ast::NodeId binder);
  // A lazy quantifier variable (sema::Program::lazy_binders): its list and its element's index.
  std::pair<llvm::AllocaInst*, llvm::AllocaInst*> LazySlot(ast::NodeId binder);
  llvm::AllocaInst* EntryAlloca(llvm::Type* type);  // in the entry block: not per iteration
  void BranchOnError(llvm::Value* status);          // status < 0 -> error exit
  // Fault `kind` (runtime/eval/fault.h) at source text `where`: srm_fault + error exit.
  void FailIf(llvm::Value* cond, rt::FaultKind kind, const std::string& where);
  void Fail(rt::FaultKind kind, const std::string& where);
  void CheckFailed();  // ctx->failed -> error exit
  void Step();         // srm_step (the evaluation budget) + error exit
  void DeclareFns();
  void DefineFn(const ast::FnDecl& fn);
  llvm::Function* DefineControl(const sema::ControlInfo& c, size_t index, size_t block);
  void RenderMessage(const ast::Message& m);
  void RenderValue(const ast::Expr& e);  // an interpolated value of a message
  void EmitProgramTable(const std::vector<std::vector<llvm::Function*>>& control_fns,
                        const rt::ControlTable& table);
  llvm::Value* FaultCall(rt::FaultKind kind, const std::string& where);  // srm_fault(...)
  std::string SourceText(const ast::SourceRange& r) const;

  // --- lower_expr.cpp
  llvm::Value* Expr(const ast::Expr& e);  // a value of type Ty(TypeOf(e))
  Opt ExprNode(const ast::Expr& e, const Type*& natural);
  llvm::Value* Truth(const ast::Expr& e);
  llvm::Value* Present(const ast::Expr& e);
  // The data a special form takes unread (sema's UnreadData: a property or record field, an
  // element of a list or map read from data, a lazy quantifier variable's element) as it is: a
  // runtime pointer, NULL when absent.
  llvm::Value* Raw(const ast::Expr& e);
  Opt Split(llvm::Value* v, const Type* t);
  llvm::Value* Finish(Opt v, const Type* natural, const Type* target);
  llvm::Value* Convert(llvm::Value* v, const Type* from, const Type* to);
  Opt Member(const ast::Expr& e, const ast::MemberExpr& m, const Type*& natural);
  // Reads data as `declared`; `member`: the member read (strict reads), nullptr for elements.
  Opt Read(llvm::Value* raw, llvm::Value* parent, const Type* declared, llvm::Value* name,
           llvm::Value* index, const sema::MemberInfo* member = nullptr);
  // Whether `e` may be a strict mismatch kept as a value (sema::MemberInfo::keeps_mismatch).
  bool MayMismatch(const ast::Expr& e) const;
  // A new sink for mismatches (mismatch_), holding NULL.
  llvm::AllocaInst* MismatchSink();
  llvm::Value* ListElem(llvm::Value* list, llvm::Value* i, const Type* elem);
  llvm::Value* MakeList(llvm::Value* ptr, llvm::Value* len, bool is_data, llvm::Value* name);
  llvm::Value* Call(const ast::Expr& e, const ast::CallExpr& c);
  // A builtin of form kCall, through its srm_builtin_<name> (runtime/eval/abi.h).
  llvm::Value* CallBuiltin(const ast::Expr& e, const ast::CallExpr& c, const rt::BuiltinSpec& spec);
  // A list<string> as an array of SrmStr and its length (data lists are read into a new one).
  std::pair<llvm::Value*, llvm::Value*> StrArray(llvm::Value* list, const Type* elem);
  llvm::Value* Binary(const ast::Expr& e, const ast::BinaryExpr& b);
  // The operator of `b` on its evaluated operands (not `and`, `or`, `??`).
  llvm::Value* Operate(const ast::Expr& e, const ast::BinaryExpr& b, llvm::Value* l,
                       llvm::Value* r);
  llvm::Value* Equal(llvm::Value* a, const Type* ta, llvm::Value* b, const Type* tb);
  llvm::Value* Quant(const ast::QuantExpr& q);
  // A list comprehension: a new list of `type` (a list type), at most as long as its source.
  llvm::Value* Comp(const ast::CompExpr& c, const Type* type);
  llvm::Value* Arith(const ast::Expr& e, ast::BinaryOp op, llvm::Value* l, llvm::Value* r);
  // Emits `then`/`else` blocks computing values of `type` and joins them with a phi.
  template <typename Then, typename Else>
  llvm::Value* IfElse(llvm::Value* cond, llvm::Type* type, Then then_fn, Else else_fn);

  const sema::Program& p_;
  llvm::LLVMContext& c_;
  std::unique_ptr<llvm::Module> m_;
  llvm::IRBuilder<> b_;
  llvm::Type* i1_;
  llvm::Type* i8_;
  llvm::Type* i32_;
  llvm::Type* i64_;
  llvm::PointerType* ptr_;
  llvm::StructType* str_ty_;
  llvm::StructType* list_ty_;

  std::map<std::string, uint32_t> key_slots_;
  std::vector<std::string> keys_;
  std::map<std::string, llvm::Value*> cstrings_;
  std::unordered_map<const ast::FnDecl*, llvm::Function*> fns_;
  std::vector<const ast::FnDecl*> fn_order_;  // declaration order, for deterministic IR

  // Per function being emitted.
  llvm::Function* fn_ = nullptr;
  llvm::Value* ctx_ = nullptr;
  llvm::Value* res_ = nullptr;  // in controls: the resource
  llvm::BasicBlock* error_bb_ = nullptr;
  std::unordered_map<ast::NodeId, llvm::AllocaInst*> slots_;
  std::unordered_map<ast::NodeId, std::pair<llvm::AllocaInst*, llvm::AllocaInst*>> lazy_slots_;
  // Where strict reads whose mismatch is kept store their data when it is of another JSON kind
  // (else it stays NULL): set by the comparison or message that reads them, nullptr elsewhere.
  llvm::AllocaInst* mismatch_ = nullptr;
  // With mismatch_ in a comparison: an i1 set when a kept mismatch is not another arm of a union
  // (a union's other arm makes `!=` true; docs/language.md "Union types").
  llvm::AllocaInst* no_arm_ = nullptr;
};

template <typename Then, typename Else>
llvm::Value* Lowering::IfElse(llvm::Value* cond, llvm::Type* type, Then then_fn, Else else_fn) {
  llvm::BasicBlock* then_bb = llvm::BasicBlock::Create(c_, "then", fn_);
  llvm::BasicBlock* else_bb = llvm::BasicBlock::Create(c_, "else", fn_);
  llvm::BasicBlock* join_bb = llvm::BasicBlock::Create(c_, "join", fn_);
  b_.CreateCondBr(cond, then_bb, else_bb);
  b_.SetInsertPoint(then_bb);
  llvm::Value* a = then_fn();
  llvm::BasicBlock* then_end = b_.GetInsertBlock();
  b_.CreateBr(join_bb);
  b_.SetInsertPoint(else_bb);
  llvm::Value* c = else_fn();
  llvm::BasicBlock* else_end = b_.GetInsertBlock();
  b_.CreateBr(join_bb);
  b_.SetInsertPoint(join_bb);
  if (type == nullptr) return nullptr;
  llvm::PHINode* phi = b_.CreatePHI(type, 2);
  phi->addIncoming(a, then_end);
  phi->addIncoming(c, else_end);
  return phi;
}

}  // namespace srm::codegen
