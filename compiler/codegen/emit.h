// Turning a generated module into code for this machine: target selection, the standard O2
// pipeline and object/IR output. All target-machine and pass-manager API use is behind these
// few functions (LLVM's API moves between releases).
#pragma once

#include <memory>
#include <string>

namespace llvm {
class Module;
class TargetMachine;
}  // namespace llvm

namespace srm::codegen {

// Which CPU to generate code for: the one running this process (the JIT), or the baseline of
// the host architecture (objects linked into checkers that may run on another machine).
enum class Cpu { kHost, kGeneric };

// A target machine for the host triple, position-independent code.
class HostTarget {
 public:
  // Initialises the native target on first use. Null with `error` set when it is unavailable.
  static std::unique_ptr<HostTarget> Create(Cpu cpu, std::string& error);
  ~HostTarget();
  HostTarget(const HostTarget&) = delete;
  HostTarget& operator=(const HostTarget&) = delete;

  // Sets the module's target triple and data layout to this target's.
  void Prepare(llvm::Module& module) const;
  // Runs the standard (new pass manager) O2 pipeline on a prepared module.
  void Optimize(llvm::Module& module) const;
  // Writes a relocatable object file for a prepared module.
  bool EmitObject(llvm::Module& module, const std::string& path, std::string& error) const;

 private:
  explicit HostTarget(std::unique_ptr<llvm::TargetMachine> machine);
  std::unique_ptr<llvm::TargetMachine> machine_;
};

// Checks the module's well-formedness; false with the verifier's report in `error`.
bool VerifyModule(const llvm::Module& module, std::string& error);
// Writes the module as textual IR ("-" is stdout).
bool EmitIR(const llvm::Module& module, const std::string& path, std::string& error);

}  // namespace srm::codegen
