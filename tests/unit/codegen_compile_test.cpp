// End to end: `srm check` with the interpreter, `srm check --backend=jit` and a checker built
// by `srm compile` print the same bytes and exit with the same codes on examples/; the checker
// needs no LLVM, ANTLR or shared RE2/fmt at run time.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string out, err;
};

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A temporary directory for the test's outputs, removed at the end.
struct Scratch {
  fs::path dir;
  Scratch() {
    char tmpl[] = "/tmp/srm_compile_test_XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    dir = tmpl;
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  // Runs a shell command in the source directory, with NO_COLOR set.
  Result Run(const std::string& command) const {
    std::string full = "cd '" SRM_SOURCE_DIR "' && NO_COLOR=1 " + command + " >'" +
                       (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
    int status = std::system(full.c_str());
    Result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadAll(dir / "out");
    r.err = ReadAll(dir / "err");
    return r;
  }
};

const std::string kSrm = SRM_BINARY;

}  // namespace

TEST_CASE("srm check, srm check --backend=jit and a compiled checker agree", "[codegen][e2e]") {
  Scratch scratch;
  std::string checker = (scratch.dir / "checker").string();
  Result compiled = scratch.Run(kSrm + " compile examples -o " + checker);
  INFO(compiled.err);
  REQUIRE(compiled.exit_code == 0);
  REQUIRE(fs::exists(checker));

  for (std::string args : {"", "--format json", "--color always",
                           "--control S3_BUCKET_PUBLIC_ACCESS_BLOCK --control EBS_VOLUME_ENCRYPTED",
                           "--format json --control EBS_VOLUME_ENCRYPTED"}) {
    std::string inv = " -i examples/template.json " + args;
    Result interp = scratch.Run(kSrm + " check examples" + inv);
    Result jit = scratch.Run(kSrm + " check examples --backend=jit" + inv);
    Result standalone = scratch.Run(checker + inv);
    INFO("args: " << args << "\njit stderr: " << jit.err << "\nchecker stderr: " << standalone.err);
    CHECK(interp.exit_code == 1);  // the examples have FAILs and ERRORs
    CHECK(!interp.out.empty());
    CHECK(jit.exit_code == interp.exit_code);
    CHECK(jit.out == interp.out);
    CHECK(jit.err == interp.err);
    CHECK(standalone.exit_code == interp.exit_code);
    CHECK(standalone.out == interp.out);
    CHECK(standalone.err == interp.err);
  }

  // Usage and inventory errors: exit 2 everywhere, same located message for a bad inventory.
  std::string bad_json = (scratch.dir / "bad.json").string();
  std::ofstream(bad_json) << "{\"Resources\": [1, 2}\n";
  Result interp = scratch.Run(kSrm + " check examples -i " + bad_json);
  Result jit = scratch.Run(kSrm + " check examples --backend=jit -i " + bad_json);
  Result standalone = scratch.Run(checker + " -i " + bad_json);
  CHECK(interp.exit_code == 2);
  CHECK(jit.exit_code == 2);
  CHECK(standalone.exit_code == 2);
  CHECK(jit.err == interp.err);
  CHECK(standalone.err == interp.err);

  Result unknown =
      scratch.Run(checker + " -i examples/template.json --control EBS_VOLUME_ENCRYPTD");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.empty());
  CHECK(unknown.err ==
        "checker: error: unknown control 'EBS_VOLUME_ENCRYPTD'; did you mean "
        "'EBS_VOLUME_ENCRYPTED'?\n");
  CHECK(scratch.Run(checker).exit_code == 2);                          // -i is required
  CHECK(scratch.Run(checker + " examples -i x.json").exit_code == 2);  // no policy arguments

  // Nothing of SRM's build, LLVM or ANTLR is needed at run time; RE2 is linked in.
  Result ldd = scratch.Run("ldd " + checker);
  REQUIRE(ldd.exit_code == 0);
  for (const char* lib : {"LLVM", "antlr", "libre2", "libfmt", "libyaml", "/tmp/", "srm"})
    CHECK(ldd.out.find(lib) == std::string::npos);
  CHECK(ldd.out.find("libsimdjson") != std::string::npos);
}

TEST_CASE("srm compile emits IR and objects, and reports bad policies", "[codegen][e2e]") {
  Scratch scratch;
  std::string ll = (scratch.dir / "p.ll").string();
  Result ir = scratch.Run(kSrm + " compile examples --emit ir -o " + ll);
  INFO(ir.err);
  REQUIRE(ir.exit_code == 0);
  std::string text = ReadAll(ll);
  CHECK(text.rfind("; ModuleID", 0) == 0);
  CHECK(text.find("@srm_program") != std::string::npos);

  std::string obj = (scratch.dir / "p.o").string();
  REQUIRE(scratch.Run(kSrm + " compile examples --emit obj -o " + obj).exit_code == 0);
  CHECK(ReadAll(obj).substr(0, 4) == "\177ELF");

  std::string bad = (scratch.dir / "bad.srm").string();
  std::ofstream(bad) << "module t;\ncontrol X {\n";
  Result r =
      scratch.Run(kSrm + " compile " + bad + " --no-stdlib -o " + (scratch.dir / "never").string());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bad.srm:") != std::string::npos);
  CHECK(r.err.find("error:") != std::string::npos);
  CHECK_FALSE(fs::exists(scratch.dir / "never"));

  CHECK(scratch.Run(kSrm + " compile examples").exit_code == 2);  // -o is required
  CHECK(scratch.Run(kSrm + " compile examples -o x --emit asm").exit_code == 2);
}
