// Building standalone checkers (`srm compile`, and `srm test --backend compiled`): running the
// C++ driver, linking the runtime libraries, and a temporary directory to build in.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "compiler/sema/program.h"

namespace srm::driver {

// Runs a program (searched in PATH) with the given arguments; returns its exit status, or -1
// with `error` set when it could not be started or did not exit normally. With `log`, its
// stdout and stderr go to that file (created or truncated) instead of ours.
int Spawn(const std::vector<std::string>& args, std::string& error, const std::string& log = "");

// A temporary directory, removed when this goes out of scope.
class TempDir {
 public:
  bool Create(std::string& error);
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Links an object file defining `srm_program` into a standalone checker with the runtime
// libraries: beside this executable (the build tree) or in ../lib/srm (an installation). Stripped
// (`-s`) unless `keep_symbols`.
bool LinkChecker(const std::string& object, const std::string& output, bool keep_symbols,
                 std::string& error);

// Compiles `program` into the checker `output` as `srm compile -o OUTPUT` does (generic CPU,
// stripped); with `only`, the code of just those controls (`srm compile --control`). The object
// file is written in `scratch`, a directory.
bool BuildChecker(const sema::Program& program, const std::set<std::string>* only,
                  const std::filesystem::path& scratch, const std::string& output,
                  std::string& error);

}  // namespace srm::driver
