// The LLVM backend: lowers the checked AST of every control, `fn` and `when` filter to LLVM IR
// that calls the shared runtime through runtime/eval/abi.h.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "compiler/sema/program.h"

namespace llvm {
class LLVMContext;
class Module;
}  // namespace llvm

namespace srm::codegen {

// Lowers every control and fn of a checked program. The module defines `srm_program`
// (an SrmProgram, see runtime/eval/abi.h) and one function per control. With `only`, just the
// controls whose ids it holds: the program's control table lists those alone (a JIT for
// `srm check --control X`, a checker built by `srm compile --control X`).
std::unique_ptr<llvm::Module> Generate(const sema::Program& program, llvm::LLVMContext& context,
                                       const std::set<std::string>* only = nullptr);

}  // namespace srm::codegen
