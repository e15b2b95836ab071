// See frontend_common.h.
#include "tests/fuzz/frontend_common.h"

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <string>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/emit.h"
#include "compiler/sema/frontend.h"
#include "stdlib/embedded.h"
#include "tests/fuzz/fuzz_support.h"

namespace srm::fuzz {

void FuzzFrontEnd(const uint8_t* data, size_t size, bool with_stdlib, bool lower) {
  std::string text(reinterpret_cast<const char*>(data), size);
  RunOnLargeStack([&] {
    sema::Program program;
    // Without the stdlib, its framework catalogue (as `srm --no-stdlib` loads it).
    for (const EmbeddedFile& f : StdlibFiles()) {
      if (with_stdlib || IsFrameworkCatalogue(f.path))
        program.sources.Add(std::string(f.path), std::string(f.text));
    }
    program.sources.Add("fuzz.srm", text);
    DiagnosticEngine diags(program.sources);
    bool ok = sema::RunFrontEnd(program, diags);
    std::string rendered = diags.Render(false);
    diags.Render(true);
    if (ok == (diags.error_count() > 0))
      Fail(ok ? "the front end succeeded but reported an error"
              : "the front end failed without reporting an error",
           rendered);
    if (!ok || !lower) return;
    llvm::LLVMContext context;
    std::unique_ptr<llvm::Module> module = codegen::Generate(program, context);
    if (!module) Fail("code generation failed on a checked program", text);
    std::string report;
    if (!codegen::VerifyModule(*module, report))
      Fail("the generated IR does not verify", text + "\n" + report);
  });
}

}  // namespace srm::fuzz
