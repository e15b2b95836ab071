#include "compiler/codegen/jit.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/TargetSelect.h>

namespace srm::codegen {

namespace {

constexpr const char* kProgramSymbol = "srm_program";

// The message of an llvm::Error (consumes it), followed by what the session reported.
std::string Message(llvm::Error error, const std::string& session_errors) {
  std::string message = llvm::toString(std::move(error));
  if (!session_errors.empty() && message.find(session_errors) == std::string::npos)
    message += " (" + session_errors + ")";
  return message;
}

}  // namespace

Jit::Jit(std::unique_ptr<llvm::orc::LLJIT> jit, std::shared_ptr<std::string> session_errors,
         const SrmProgram* program)
    : jit_(std::move(jit)), session_errors_(std::move(session_errors)), program_(program) {}

Jit::~Jit() = default;

std::unique_ptr<Jit> Jit::Create(std::unique_ptr<llvm::LLVMContext> context,
                                 std::unique_ptr<llvm::Module> module, std::string& error) {
  if (llvm::InitializeNativeTarget() || llvm::InitializeNativeTargetAsmPrinter()) {
    error = "JIT: the native LLVM target is not available";
    return nullptr;
  }
  auto fail = [&](llvm::Error e, const std::string& session) {
    error = "JIT: " + Message(std::move(e), session);
    return nullptr;
  };

  auto machine = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!machine) return fail(machine.takeError(), "");
  // Position-independent code reaches the runtime through the GOT/PLT, wherever the JIT's
  // memory lands relative to the executable.
  machine->setRelocationModel(llvm::Reloc::PIC_);
  auto created = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*machine)).create();
  if (!created) return fail(created.takeError(), "");
  std::unique_ptr<llvm::orc::LLJIT> jit = std::move(*created);

  // Materialization errors go to the session's reporter (stderr by default): keep them for
  // the message instead.
  auto session_errors = std::make_shared<std::string>();
  jit->getExecutionSession().setErrorReporter([session_errors](llvm::Error e) {
    if (!session_errors->empty()) *session_errors += "; ";
    *session_errors += llvm::toString(std::move(e));
  });

  auto generator = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      jit->getDataLayout().getGlobalPrefix());
  if (!generator) return fail(generator.takeError(), *session_errors);
  jit->getMainJITDylib().addGenerator(std::move(*generator));

  llvm::orc::ThreadSafeModule tsm(std::move(module), std::move(context));
  if (llvm::Error e = jit->addIRModule(std::move(tsm))) return fail(std::move(e), *session_errors);

  // Looking the program up compiles the module and resolves its references.
  auto symbol = jit->lookup(kProgramSymbol);
  if (!symbol) return fail(symbol.takeError(), *session_errors);
  const auto* program =
      reinterpret_cast<const SrmProgram*>(static_cast<uintptr_t>(symbol->getAddress()));
  if (program == nullptr) {
    error = std::string("JIT: '") + kProgramSymbol + "' has no address";
    return nullptr;
  }
  if (program->abi_version != SRM_ABI_VERSION) {
    error = "JIT: the generated code has ABI version " + std::to_string(program->abi_version) +
            ", the runtime expects " + std::to_string(SRM_ABI_VERSION);
    return nullptr;
  }
  return std::unique_ptr<Jit>(new Jit(std::move(jit), std::move(session_errors), program));
}

}  // namespace srm::codegen
