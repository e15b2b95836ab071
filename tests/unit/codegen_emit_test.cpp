// Unit tests of compiler/codegen/emit.h: host target, O2 pipeline, object and IR output.
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IRReader/IRReader.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "compiler/codegen/emit.h"

namespace {

std::unique_ptr<llvm::Module> ParseIR(const char* text, llvm::LLVMContext& context) {
  llvm::SMDiagnostic diag;
  auto module = llvm::parseIR(llvm::MemoryBufferRef(text, "test.ll"), diag, context);
  if (!module) FAIL("test IR does not parse: " << diag.getMessage().str());
  return module;
}

std::string Print(const llvm::Module& module) {
  std::string text;
  llvm::raw_string_ostream out(text);
  module.print(out, nullptr);
  return out.str();
}

std::string TempPath(const char* suffix) {
  char path[] = "/tmp/srm_codegen_XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  unlink(path);
  return std::string(path) + suffix;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

constexpr const char* kAddIR = R"(
define internal i32 @add(i32 %a, i32 %b) {
  %s = add i32 %a, %b
  ret i32 %s
}
define i32 @five() {
  %r = call i32 @add(i32 2, i32 3)
  ret i32 %r
}
)";

}  // namespace

TEST_CASE("HostTarget prepares and optimises a module at O2", "[codegen][emit]") {
  std::string error;
  for (auto cpu : {srm::codegen::Cpu::kHost, srm::codegen::Cpu::kGeneric}) {
    auto target = srm::codegen::HostTarget::Create(cpu, error);
    REQUIRE(target != nullptr);
    llvm::LLVMContext context;
    auto module = ParseIR(kAddIR, context);
    target->Prepare(*module);
    CHECK_FALSE(module->getTargetTriple().empty());
    CHECK_FALSE(module->getDataLayoutStr().empty());
    target->Optimize(*module);
    std::string ir = Print(*module);
    CHECK(ir.find("ret i32 5") != std::string::npos);  // inlined and folded
    CHECK(ir.find("@add") == std::string::npos);       // the internal function is gone
  }
}

TEST_CASE("HostTarget writes an ELF object; EmitIR writes textual IR", "[codegen][emit]") {
  std::string error;
  auto target = srm::codegen::HostTarget::Create(srm::codegen::Cpu::kGeneric, error);
  REQUIRE(target != nullptr);
  llvm::LLVMContext context;
  auto module = ParseIR(kAddIR, context);
  target->Prepare(*module);

  std::string obj = TempPath(".o");
  REQUIRE(target->EmitObject(*module, obj, error));
  CHECK(ReadAll(obj).substr(0, 4) == "\177ELF");
  unlink(obj.c_str());

  std::string ll = TempPath(".ll");
  REQUIRE(srm::codegen::EmitIR(*module, ll, error));
  std::string text = ReadAll(ll);
  CHECK(text.rfind("; ModuleID", 0) == 0);
  CHECK(text.find("define i32 @five()") != std::string::npos);
  unlink(ll.c_str());

  CHECK_FALSE(target->EmitObject(*module, "/nonexistent-dir/x.o", error));
  CHECK(error.find("cannot write '/nonexistent-dir/x.o'") != std::string::npos);
}

TEST_CASE("VerifyModule reports a malformed module", "[codegen][emit]") {
  llvm::LLVMContext context;
  llvm::Module module("broken", context);
  auto* fn = llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getInt32Ty(context), false),
                                    llvm::Function::ExternalLinkage, "f", module);
  llvm::BasicBlock::Create(context, "entry", fn);  // no terminator
  std::string error;
  CHECK_FALSE(srm::codegen::VerifyModule(module, error));
  CHECK(error.find("terminator") != std::string::npos);

  auto ok = ParseIR(kAddIR, context);
  error.clear();
  CHECK(srm::codegen::VerifyModule(*ok, error));
  CHECK(error.empty());
}
