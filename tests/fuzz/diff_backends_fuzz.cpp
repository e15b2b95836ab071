// Fuzz target, differential: the interpreter and the LLVM JIT must give the same findings. The
// first 11 input bytes choose a policy from tests/diff's generator (seed: bytes 0-7, batch: byte
// 8, controls: byte 9, resources per type: byte 10); the rest, when present, is the
// CloudFormation JSON inventory (else the generated one), so libFuzzer mutates the data while
// a policy stays compiled (the last one is kept). Any difference in the rendered text or JSON
// reports aborts.
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "compiler/codegen/codegen.h"
#include "compiler/codegen/emit.h"
#include "compiler/codegen/jit.h"
#include "compiler/interp/interp.h"
#include "compiler/sema/control_table.h"
#include "compiler/sema/frontend.h"
#include "compiler/sema/schema_export.h"
#include "runtime/eval/abi_eval.h"
#include "runtime/inventory/loaders.h"
#include "runtime/report/json_writer.h"
#include "runtime/report/text_writer.h"
#include "stdlib/embedded.h"
#include "tests/diff/generator.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using srm::fuzz::Fail;

constexpr size_t kHeader = 11;

// One generated policy, checked and compiled by the JIT.
struct Compiled {
  std::string key;  // the header bytes it was generated from
  diffgen::Batch batch;
  std::unique_ptr<srm::sema::Program> program;
  std::unique_ptr<srm::codegen::Jit> jit;
  srm::rt::SchemaMap schemas;
};

std::unique_ptr<Compiled> Compile(const std::string& key) {
  uint8_t h[kHeader];
  std::memcpy(h, key.data(), kHeader);
  uint64_t seed = 0;
  for (int i = 7; i >= 0; --i) seed = (seed << 8) | h[i];
  diffgen::GenOptions options;
  options.controls = 1 + h[9] % 4;
  options.resources_per_type = 1 + h[10] % 8;
  auto c = std::make_unique<Compiled>();
  c->key = key;
  c->batch = diffgen::Generate(seed, h[8], options);
  c->program = std::make_unique<srm::sema::Program>();
  std::string policy = c->batch.PolicyText();
  // The framework catalogue its `maps` clauses name, as `srm --no-stdlib` loads it.
  for (const srm::EmbeddedFile& f : srm::StdlibFiles()) {
    if (srm::IsFrameworkCatalogue(f.path))
      c->program->sources.Add(std::string(f.path), std::string(f.text));
  }
  c->program->sources.Add("policy.srm", policy);
  srm::DiagnosticEngine diags(c->program->sources);
  if (!srm::sema::RunFrontEnd(*c->program, diags))
    Fail("a generated policy does not compile (generator bug)", policy + diags.Render(false));
  std::string error;
  std::unique_ptr<srm::codegen::HostTarget> target =
      srm::codegen::HostTarget::Create(srm::codegen::Cpu::kHost, error);
  if (!target) Fail("no host target", error);
  auto context = std::make_unique<llvm::LLVMContext>();
  std::unique_ptr<llvm::Module> module = srm::codegen::Generate(*c->program, *context);
  if (!module) Fail("code generation failed", policy);
  if (!srm::codegen::VerifyModule(*module, error)) Fail("the generated IR does not verify", error);
  target->Prepare(*module);
  target->Optimize(*module);
  c->jit = srm::codegen::Jit::Create(std::move(context), std::move(module), error);
  if (!c->jit) Fail("the JIT failed", policy + error);
  if (!srm::rt::SchemaMap::Parse(c->jit->program().schema_map, c->schemas, error))
    Fail("corrupt schema map", error);
  if (c->schemas.Serialize() != srm::sema::BuildSchemaMap(*c->program).Serialize())
    Fail("the JIT's schema map differs from the interpreter's", policy);
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<Compiled> last;
  std::string key(kHeader, '\0');
  std::memcpy(key.data(), data, std::min(size, kHeader));
  std::string rest =
      size > kHeader ? std::string(reinterpret_cast<const char*>(data) + kHeader, size - kHeader)
                     : std::string();
  srm::fuzz::RunOnLargeStack([&] {
    if (!last || last->key != key) {
      last.reset();
      last = Compile(key);
    }
    const Compiled& c = *last;
    srm::rt::Interner names;
    srm::rt::Inventory inventory(names);
    srm::rt::LoadOptions options;
    options.format = srm::rt::InputFormat::kCfn;
    options.schemas = &c.schemas;
    srm::rt::LoadError error;
    bool loaded =
        !rest.empty() && srm::rt::LoadInventoryFile(srm::fuzz::WriteTempFile("inv.json", rest),
                                                    options, inventory, error);
    if (!loaded) {  // the generated inventory
      for (int f = 0; f < c.batch.files; ++f) {
        std::string path =
            srm::fuzz::WriteTempFile(f == 0 ? "inv.json" : "inv2.json", c.batch.InventoryText(f));
        if (!srm::rt::LoadInventoryFile(path, options, inventory, error))
          Fail("a generated inventory does not load", error.Render());
      }
    }
    inventory.ResolveReferences();
    srm::rt::Report interp =
        srm::interp::Evaluate(*c.program, srm::sema::BuildControlTable(*c.program), inventory);
    srm::rt::ControlTable jit_table;
    std::string table_error;
    if (!srm::rt::ReadControlTable(c.jit->program(), jit_table, table_error))
      Fail("the JIT's control table does not read back", table_error);
    srm::rt::Report jit = srm::rt::EvaluateProgram(c.jit->program(), jit_table, inventory);
    std::string interp_text = srm::rt::RenderText(interp, false);
    std::string jit_text = srm::rt::RenderText(jit, false);
    if (interp_text != jit_text || srm::rt::RenderJson(interp) != srm::rt::RenderJson(jit)) {
      Fail("the interpreter and the JIT disagree", "--- policy.srm\n" + c.batch.PolicyText() +
                                                       "--- interpreter\n" + interp_text +
                                                       "--- jit\n" + jit_text);
    }
    srm::fuzz::CheckReport(interp);
  });
  return 0;
}
