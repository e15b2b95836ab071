// Unit tests of compiler/codegen/jit.h, on hand-written IR (independent of the lowering): the
// program table is found, runtime and C library symbols resolve from this process, and every
// failure is a message, not a crash.
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IRReader/IRReader.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>

#include <catch2/catch.hpp>
#include <string>

#include "compiler/codegen/jit.h"

namespace {

const std::string kAbi = std::to_string(SRM_ABI_VERSION);

std::unique_ptr<srm::codegen::Jit> JitIR(const std::string& ir, std::string& error) {
  auto context = std::make_unique<llvm::LLVMContext>();
  llvm::SMDiagnostic diag;
  auto module = llvm::parseIR(llvm::MemoryBufferRef(ir, "test.ll"), diag, *context);
  if (!module) FAIL("test IR does not parse: " << diag.getMessage().str());
  return srm::codegen::Jit::Create(std::move(context), std::move(module), error);
}

// An SrmProgram with one control of one `for` block whose function is @ctl, which the test defines (its control
// table is not JSON: the Jit does not read it).
std::string ProgramIR(const std::string& abi_version, const std::string& body) {
  return R"(
%SrmStr = type { i8*, i64 }
%SrmProgram = type { i32, i32, i32 (i8*, i8*)***, i8*, i32, i8**, i32*, i32, i8**, i8* }
@table = private constant [4 x i8] c"CTL\00"
@blocks = private constant [1 x i32 (i8*, i8*)*] [i32 (i8*, i8*)* @ctl]
@controls = private constant [1 x i32 (i8*, i8*)**] [i32 (i8*, i8*)** getelementptr ([1 x i32 (i8*, i8*)*], [1 x i32 (i8*, i8*)*]* @blocks, i32 0, i32 0)]
@srm_program = constant %SrmProgram { i32 )" +
         abi_version + R"(, i32 1,
  i32 (i8*, i8*)*** getelementptr ([1 x i32 (i8*, i8*)**], [1 x i32 (i8*, i8*)**]* @controls, i32 0, i32 0),
  i8* getelementptr ([4 x i8], [4 x i8]* @table, i32 0, i32 0),
  i32 0, i8** null, i32* null, i32 0, i8** null, i8* null }
)" + body;
}

}  // namespace

TEST_CASE("Jit finds srm_program and calls the runtime and libc from this process",
          "[codegen][jit]") {
  // ctl returns srm_str_cmp("b", "a") + strlen("abc") * 10 = 31.
  std::string ir = ProgramIR(kAbi, R"(
@b = private constant [2 x i8] c"b\00"
@a = private constant [2 x i8] c"a\00"
@abc = private constant [4 x i8] c"abc\00"
declare i32 @srm_str_cmp(%SrmStr, %SrmStr)
declare i64 @strlen(i8*)
define i32 @ctl(i8* %ctx, i8* %res) {
  %pb = getelementptr [2 x i8], [2 x i8]* @b, i32 0, i32 0
  %sb0 = insertvalue %SrmStr undef, i8* %pb, 0
  %sb = insertvalue %SrmStr %sb0, i64 1, 1
  %pa = getelementptr [2 x i8], [2 x i8]* @a, i32 0, i32 0
  %sa0 = insertvalue %SrmStr undef, i8* %pa, 0
  %sa = insertvalue %SrmStr %sa0, i64 1, 1
  %c = call i32 @srm_str_cmp(%SrmStr %sb, %SrmStr %sa)
  %q = getelementptr [4 x i8], [4 x i8]* @abc, i32 0, i32 0
  %n = call i64 @strlen(i8* %q)
  %n32 = trunc i64 %n to i32
  %t = mul i32 %n32, 10
  %r = add i32 %c, %t
  ret i32 %r
}
)");
  std::string error;
  auto jit = JitIR(ir, error);
  REQUIRE(jit != nullptr);
  CHECK(error.empty());
  const SrmProgram& program = jit->program();
  CHECK(program.abi_version == SRM_ABI_VERSION);
  REQUIRE(program.n_controls == 1);
  CHECK(std::string(program.control_table) == "CTL");  // read by the runtime, not the Jit
  CHECK(program.controls[0][0](nullptr, nullptr) == 31);
}

TEST_CASE("Jit reports a symbol this process does not define", "[codegen][jit]") {
  std::string ir = ProgramIR(kAbi, R"(
declare i32 @srm_no_such_function()
define i32 @ctl(i8* %ctx, i8* %res) {
  %r = call i32 @srm_no_such_function()
  ret i32 %r
}
)");
  std::string error;
  auto jit = JitIR(ir, error);
  CHECK(jit == nullptr);
  CHECK(error.find("srm_no_such_function") != std::string::npos);
}

TEST_CASE("Jit reports a module without srm_program", "[codegen][jit]") {
  std::string error;
  auto jit = JitIR("define i32 @f() {\n  ret i32 0\n}\n", error);
  CHECK(jit == nullptr);
  CHECK(error.find("srm_program") != std::string::npos);
}

TEST_CASE("Jit rejects another ABI version", "[codegen][jit]") {
  std::string ir = ProgramIR("99", R"(
define i32 @ctl(i8* %ctx, i8* %res) {
  ret i32 0
}
)");
  std::string error;
  auto jit = JitIR(ir, error);
  CHECK(jit == nullptr);
  CHECK(error.find("ABI version 99") != std::string::npos);
}
