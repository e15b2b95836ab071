// srm_golden: running srm, and running one `check` RUN line through each evaluation backend
// (the interpreter, the LLVM JIT, a checker compiled by `srm compile`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace golden {

// The outcome of one run: exit code, stdout and stderr.
struct RunResult {
  std::string error;  // non-empty: the program could not be run, timed out or was killed
  int exit_code = 0;
  std::string out, err;
};

// Runs `program args...` in `cwd`, with stdin from /dev/null, NO_COLOR=1, TERM=dumb and the
// rest of the environment (without $SRM_BACKEND when `strip_backend_env`), stdout and stderr
// captured, killed after `timeout_s` seconds.
RunResult Run(const std::string& program, std::vector<std::string> args, const std::string& cwd,
              int timeout_s, bool strip_backend_env);

enum class Backend { kInterp, kJit, kCompiled };

std::string_view BackendName(Backend b);

// Parses "interp,jit,compiled" (any non-empty subset, in any order, no repeats).
bool ParseBackends(std::string_view list, std::vector<Backend>& out, std::string& err);

// How one RUN line is run: through several backends (a `check` line without --backend), or once
// as written (everything else, shown as the single backend "as written").
struct RunPlan {
  bool per_backend = false;
  std::vector<Backend> backends;  // per_backend only
};
RunPlan PlanRun(const std::vector<std::string>& args, const std::vector<Backend>& requested);

// The srm command line(s) that run `args` (a `check` RUN line) through `b`, for messages.
std::string DescribeRun(Backend b, const std::vector<std::string>& args);

struct Runner {
  std::string srm;  // absolute path
  int timeout_s = 60;
  bool strip_backend_env = false;  // --backends given: the backend is chosen by the arguments

  // Runs srm with `args` in `cwd`, unchanged.
  RunResult RunAsWritten(const std::vector<std::string>& args, const std::string& cwd) const;

  // Runs the `check` RUN line `args` in `cwd` through `b`. For kCompiled the policies are
  // compiled into a checker in `scratch` (a directory outside `cwd`), reused by later runs with
  // the same compile command; a failing compile is the run's result.
  RunResult RunBackend(Backend b, const std::vector<std::string>& args, const std::string& cwd,
                       const std::string& scratch);

 private:
  struct Compiled {
    std::vector<std::string> compile_args;
    std::string checker;  // the checker's path ("" when the compile failed)
    RunResult compile;
  };
  std::vector<Compiled> compiled_;  // per case: cleared by ForgetCompiled()

 public:
  void ForgetCompiled() { compiled_.clear(); }
};

}  // namespace golden
