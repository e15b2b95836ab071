#include "compiler/codegen/emit.h"

#include <llvm/ADT/StringMap.h>
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/PassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/SubtargetFeature.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/OptimizationLevel.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Host.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Target/TargetOptions.h>

#include <mutex>

namespace srm::codegen {

namespace {

bool InitializeNativeTarget(std::string& error) {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = !llvm::InitializeNativeTarget() && !llvm::InitializeNativeTargetAsmPrinter() &&
         !llvm::InitializeNativeTargetAsmParser();
  });
  if (!ok) error = "the native LLVM target is not available";
  return ok;
}

std::string HostFeatures() {
  llvm::SubtargetFeatures features;
  llvm::StringMap<bool> host;
  if (llvm::sys::getHostCPUFeatures(host)) {
    for (const auto& f : host) features.AddFeature(f.first(), f.second);
  }
  return features.getString();
}

// Closes a written file and reports a write error.
bool CloseOutput(llvm::raw_fd_ostream& out, const std::string& path, std::string& error) {
  out.close();
  if (out.has_error()) {
    error = "cannot write '" + path + "': " + out.error().message();
    out.clear_error();
    return false;
  }
  return true;
}

}  // namespace

HostTarget::HostTarget(std::unique_ptr<llvm::TargetMachine> machine)
    : machine_(std::move(machine)) {}
HostTarget::~HostTarget() = default;

std::unique_ptr<HostTarget> HostTarget::Create(Cpu cpu, std::string& error) {
  if (!InitializeNativeTarget(error)) return nullptr;
  std::string triple = llvm::sys::getProcessTriple();
  std::string lookup_error;
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, lookup_error);
  if (target == nullptr) {
    error = "no LLVM target for " + triple + ": " + lookup_error;
    return nullptr;
  }
  std::string cpu_name = cpu == Cpu::kHost ? llvm::sys::getHostCPUName().str() : "generic";
  std::string features = cpu == Cpu::kHost ? HostFeatures() : "";
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine(triple, cpu_name, features, options, llvm::Reloc::PIC_,
                                  llvm::None, llvm::CodeGenOpt::Default));
  if (!machine) {
    error = "cannot create an LLVM target machine for " + triple;
    return nullptr;
  }
  return std::unique_ptr<HostTarget>(new HostTarget(std::move(machine)));
}

void HostTarget::Prepare(llvm::Module& module) const {
  module.setTargetTriple(machine_->getTargetTriple().str());
  module.setDataLayout(machine_->createDataLayout());
}

void HostTarget::Optimize(llvm::Module& module) const {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder builder(machine_.get());
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager passes =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2);
  passes.run(module, mam);
}

bool HostTarget::EmitObject(llvm::Module& module, const std::string& path,
                            std::string& error) const {
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = "cannot write '" + path + "': " + ec.message();
    return false;
  }
  llvm::legacy::PassManager passes;
  if (machine_->addPassesToEmitFile(passes, out, nullptr, llvm::CGFT_ObjectFile)) {
    error = "the LLVM target cannot emit object files";
    return false;
  }
  passes.run(module);
  return CloseOutput(out, path, error);
}

bool VerifyModule(const llvm::Module& module, std::string& error) {
  llvm::raw_string_ostream report(error);
  bool broken = llvm::verifyModule(module, &report);
  report.flush();
  return !broken;
}

bool EmitIR(const llvm::Module& module, const std::string& path, std::string& error) {
  std::error_code ec;
  llvm::raw_fd_ostream out(path, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    error = "cannot write '" + path + "': " + ec.message();
    return false;
  }
  module.print(out, nullptr);
  return CloseOutput(out, path, error);
}

}  // namespace srm::codegen
