// srm_golden: running srm (and compiled checkers) and mapping `check` RUN lines onto the
// evaluation backends. See backends.h and tests/golden/README.md.
#include "backends.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include "runtime/cli/check_cli.h"

extern char** environ;

namespace golden {

RunResult Run(const std::string& program, std::vector<std::string> args, const std::string& cwd,
              int timeout_s, bool strip_backend_env) {
  RunResult r;
  std::vector<std::string> env = {"NO_COLOR=1", "TERM=dumb"};
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "NO_COLOR=", 9) != 0 && std::strncmp(*e, "TERM=", 5) != 0 &&
        !(strip_backend_env && std::strncmp(*e, "SRM_BACKEND=", 12) == 0))
      env.emplace_back(*e);
  args.insert(args.begin(), program);
  std::vector<char*> envp, argv;
  for (std::string& e : env) envp.push_back(e.data());
  for (std::string& a : args) argv.push_back(a.data());
  envp.push_back(nullptr);
  argv.push_back(nullptr);

  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
      if (fd >= 0) close(fd);
    return r.error = "pipe: " + std::string(std::strerror(errno)), r;
  }
  pid_t pid = fork();
  if (pid == 0) {  // child: async-signal-safe calls only
    setpgid(0, 0);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    if (chdir(cwd.c_str()) == 0) execve(argv[0], argv.data(), envp.data());
    const char msg[] = "srm_golden: cannot execute the program\n";
    [[maybe_unused]] ssize_t n = write(2, msg, sizeof msg - 1);
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  if (pid < 0) {
    close(fds[0].fd), close(fds[1].fd);
    return r.error = "fork: " + std::string(std::strerror(errno)), r;
  }

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  std::string* sinks[2] = {&r.out, &r.err};
  bool stuck = false;  // timed out (or poll failed): kill the child
  while (!stuck && (fds[0].fd >= 0 || fds[1].fd >= 0)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    int n = left > 0 ? poll(fds, 2, static_cast<int>(std::min<long long>(left, 1000))) : -2;
    if (n == -2 || (n < 0 && errno != EINTR)) stuck = true;
    for (int i = 0; i < 2 && n > 0; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[65536];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
      }
    }
  }
  if (stuck) kill(-pid, SIGKILL), kill(pid, SIGKILL);
  for (pollfd& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (stuck) {
    r.error = "timed out after " + std::to_string(timeout_s) + " s";
  } else if (WIFSIGNALED(status)) {
    r.error = "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
              strsignal(WTERMSIG(status)) + ")";
  } else {
    r.exit_code = WEXITSTATUS(status);
  }
  return r;
}

std::string_view BackendName(Backend b) {
  switch (b) {
    case Backend::kInterp:
      return "interp";
    case Backend::kJit:
      return "jit";
    case Backend::kCompiled:
      return "compiled";
  }
  return "?";
}

bool ParseBackends(std::string_view list, std::vector<Backend>& out, std::string& err) {
  out.clear();
  for (size_t p = 0; p <= list.size();) {
    size_t e = std::min(list.find(',', p), list.size());
    std::string_view name = list.substr(p, e - p);
    Backend b{};
    if (name == "interp")
      b = Backend::kInterp;
    else if (name == "jit")
      b = Backend::kJit;
    else if (name == "compiled")
      b = Backend::kCompiled;
    else
      return err = "unknown backend '" + std::string(name) + "' (interp, jit, compiled)", false;
    if (std::find(out.begin(), out.end(), b) != out.end())
      return err = "backend '" + std::string(name) + "' given twice", false;
    out.push_back(b);
    p = e + 1;
  }
  return true;
}

namespace {

bool HasBackendOption(const std::vector<std::string>& args) {
  return std::any_of(args.begin(), args.end(), [](const std::string& a) {
    return a == "--backend" || a.rfind("--backend=", 0) == 0;
  });
}

// A `check` RUN line split for `srm compile` and the compiled checker.
struct CompiledArgs {
  std::vector<std::string> compile;  // srm compile POLICIES [--no-stdlib] [--color X] [--control C]
  std::vector<std::string> checker;  // everything else, in order
};

// Options of `srm check` that take a value: the value is not a policy. The check options are
// the ones srm and compiled checkers declare (runtime/cli/check_cli.h), plus the driver's own.
bool TakesValue(std::string_view opt) {
  static const CLI::App* app = [] {
    static srm::rt::CheckRunOptions options;
    static std::string color, backend;
    auto* a = new CLI::App;
    srm::rt::AddCheckOptions(a, options);
    a->add_option("--color", color);
    a->add_option("--backend", backend);
    return a;
  }();
  const CLI::Option* o = app->get_option_no_throw(std::string(opt));
  return o != nullptr && o->get_type_size() != 0;
}

CompiledArgs SplitForCompile(const std::vector<std::string>& args) {
  CompiledArgs c;
  c.compile.push_back("compile");
  bool positional_only = false;  // after "--"
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (positional_only || a.empty() || a[0] != '-' || a == "-") {
      c.compile.push_back(a);
    } else if (a == "--") {
      positional_only = true;
    } else if (a == "--no-stdlib") {
      c.compile.push_back(a);
    } else if (a == "--color" || a.rfind("--color=", 0) == 0 || a == "--control" ||
               a.rfind("--control=", 0) == 0) {
      // Both: the checker colours the report, `srm compile` its diagnostics; `srm compile
      // --control` builds the selected controls alone (a checker of the whole stdlib per case
      // would cost seconds), and the checker selects them again.
      c.checker.push_back(a);
      c.compile.push_back(a);
      if ((a == "--color" || a == "--control") && i + 1 < args.size()) {
        c.checker.push_back(args[i + 1]);
        c.compile.push_back(args[++i]);
      }
    } else {
      c.checker.push_back(a);
      if (TakesValue(a) && i + 1 < args.size()) c.checker.push_back(args[++i]);
    }
  }
  return c;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& a : v) s += (s.empty() ? "" : " ") + a;
  return s;
}

std::vector<std::string> WithJit(std::vector<std::string> args) {
  args.insert(args.begin() + 1, "--backend=jit");
  return args;
}

}  // namespace

RunPlan PlanRun(const std::vector<std::string>& args, const std::vector<Backend>& requested) {
  RunPlan plan;
  plan.per_backend = !args.empty() && args[0] == "check" && !HasBackendOption(args);
  if (plan.per_backend) plan.backends = requested;
  return plan;
}

std::string DescribeRun(Backend b, const std::vector<std::string>& args) {
  switch (b) {
    case Backend::kInterp:
      return "srm " + Join(args);
    case Backend::kJit:
      return "srm " + Join(WithJit(args));
    case Backend::kCompiled: {
      CompiledArgs c = SplitForCompile(args);
      return "srm " + Join(c.compile) + " -o CHECKER && CHECKER " + Join(c.checker);
    }
  }
  return "";
}

RunResult Runner::RunAsWritten(const std::vector<std::string>& args, const std::string& cwd) const {
  return Run(srm, args, cwd, timeout_s, strip_backend_env);
}

RunResult Runner::RunBackend(Backend b, const std::vector<std::string>& args,
                             const std::string& cwd, const std::string& scratch) {
  if (b == Backend::kInterp) return RunAsWritten(args, cwd);
  if (b == Backend::kJit) return RunAsWritten(WithJit(args), cwd);

  CompiledArgs c = SplitForCompile(args);
  auto it = std::find_if(compiled_.begin(), compiled_.end(),
                         [&](const Compiled& k) { return k.compile_args == c.compile; });
  if (it == compiled_.end()) {
    // Each checker in a directory of its own, named `srm`: a checker names itself after argv[0]
    // in its messages ("srm: error: unknown control ..."), like `srm check` does.
    Compiled k;
    k.compile_args = c.compile;
    std::string dir = scratch + "/checker" + std::to_string(compiled_.size());
    if (mkdir(dir.c_str(), 0700) != 0) {
      k.compile.error = "mkdir " + dir + ": " + std::strerror(errno);
    } else {
      std::vector<std::string> cmd = c.compile;
      cmd.insert(cmd.end(), {"-o", dir + "/srm"});
      k.compile = RunAsWritten(cmd, cwd);
      if (k.compile.error.empty() && k.compile.exit_code == 0) k.checker = dir + "/srm";
    }
    if (!k.compile.error.empty()) k.compile.error = "srm compile: " + k.compile.error;
    it = compiled_.insert(compiled_.end(), std::move(k));
  }
  if (it->checker.empty()) return it->compile;  // the compile's failure is the result
  RunResult r = Run(it->checker, c.checker, cwd, timeout_s, strip_backend_env);
  if (!r.error.empty()) r.error = "compiled checker: " + r.error;
  // What `srm compile` printed (warnings) comes first, as from `srm check`.
  r.out = it->compile.out + r.out;
  r.err = it->compile.err + r.err;
  return r;
}

}  // namespace golden
