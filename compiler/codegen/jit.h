// Runs a generated module in this process through ORC LLJIT. This class is the only code that
// uses ORC: LLVM's JIT API changes between releases, so it stays behind this small interface.
#pragma once

#include <memory>
#include <string>

#include "runtime/eval/abi.h"

namespace llvm {
class LLVMContext;
class Module;
namespace orc {
class LLJIT;
}  // namespace orc
}  // namespace llvm

namespace srm::codegen {

class Jit {
 public:
  // Compiles `module` (created in `context`; it must define `srm_program`) for this machine.
  // Undefined symbols resolve to the runtime ABI functions and the C library exported by this
  // process. Returns null with a message in `error` when anything fails (e.g. a symbol the
  // process does not export).
  static std::unique_ptr<Jit> Create(std::unique_ptr<llvm::LLVMContext> context,
                                     std::unique_ptr<llvm::Module> module, std::string& error);
  ~Jit();
  Jit(const Jit&) = delete;
  Jit& operator=(const Jit&) = delete;

  // The compiled `srm_program`; valid as long as this object lives.
  const SrmProgram& program() const { return *program_; }

 private:
  Jit(std::unique_ptr<llvm::orc::LLJIT> jit, std::shared_ptr<std::string> session_errors,
      const SrmProgram* program);

  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::shared_ptr<std::string> session_errors_;  // written by the session's error reporter
  const SrmProgram* program_ = nullptr;
};

}  // namespace srm::codegen
