// `srm`: the command-line driver (check, lint). Exit codes: 0 no FAIL/ERROR, 1 at least one
// FAIL or ERROR, 2 usage error, unreadable file, syntax or type error, malformed inventory.
#include <pthread.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

#include "compiler/interp/interp.h"
#include "compiler/sema/frontend.h"
#include "runtime/inventory.h"
#include "runtime/report.h"
#include "stdlib/embedded.h"

namespace srm {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

bool UseColor(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  return isatty(fd) != 0;
}

// Expands directories into their .srm files (sorted, recursive) and reads every file.
bool AddPolicySources(const std::vector<std::string>& args, bool with_stdlib,
                      SourceManager& sources) {
  if (with_stdlib) {
    for (const EmbeddedFile& f : StdlibFiles())
      sources.Add(std::string(f.path), std::string(f.text));
  }
  bool ok = true;
  std::set<std::string> seen;
  for (const std::string& arg : args) {
    std::vector<std::string> paths;
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      for (auto it = std::filesystem::recursive_directory_iterator(arg, ec);
           !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".srm")
          paths.push_back(it->path().string());
      }
      std::sort(paths.begin(), paths.end());
      if (paths.empty()) {
        std::cerr << "srm: error: no .srm files in directory '" << arg << "'\n";
        ok = false;
      }
    } else {
      paths.push_back(arg);
    }
    for (const std::string& p : paths) {
      // The same file named twice (directly or through a directory) is read once.
      std::string canonical = std::filesystem::weakly_canonical(p, ec).string();
      if (!ec && !seen.insert(canonical).second) continue;
      std::string text, error;
      if (!rt::ReadFile(p, text, error)) {
        std::cerr << "srm: error: cannot read policy '" << p << "': " << error << "\n";
        ok = false;
        continue;
      }
      bool is_stdlib = with_stdlib && std::any_of(StdlibFiles().begin(), StdlibFiles().end(),
                                                  [&](const EmbeddedFile& f) { return f.text == text; });
      if (is_stdlib) {
        // Checking the repository's stdlib/ with the embedded copy loaded would redefine it.
        std::cerr << "srm: note: skipping '" << p
                  << "': it is identical to the embedded standard library (pass --no-stdlib to "
                     "check files of module aws)\n";
        continue;
      }
      sources.Add(p, std::move(text));
    }
  }
  return ok;
}

struct CommonOptions {
  std::vector<std::string> policies;
  bool no_stdlib = false;
  std::string color = "auto";
};

// Runs the front end; prints diagnostics. Returns false on errors.
bool Compile(const CommonOptions& opts, sema::Program& program) {
  if (!AddPolicySources(opts.policies, !opts.no_stdlib, program.sources)) return false;
  DiagnosticEngine diags(program.sources);
  bool ok = sema::RunFrontEnd(program, diags);
  std::cerr << diags.Render(UseColor(opts.color, STDERR_FILENO));
  return ok;
}

int RunLint(const CommonOptions& opts) {
  sema::Program program;
  if (!Compile(opts, program)) return kExitUsage;
  std::cout << "ok: " << program.sources.size() << " file"
            << (program.sources.size() == 1 ? "" : "s") << ", " << program.controls.size()
            << " control" << (program.controls.size() == 1 ? "" : "s") << "\n";
  return kExitOk;
}

struct CheckOptions {
  std::vector<std::string> inventories;
  std::string format = "text";
  std::vector<std::string> controls;
  bool timings = false;
};

int RunCheck(const CommonOptions& opts, const CheckOptions& check) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  sema::Program program;
  if (!Compile(opts, program)) return kExitUsage;
  for (const std::string& id : check.controls) {
    bool known = std::any_of(program.controls.begin(), program.controls.end(),
                             [&](const sema::ControlInfo& c) { return c.id == id; });
    if (!known) {
      std::vector<std::string> ids;
      for (const sema::ControlInfo& c : program.controls) ids.push_back(c.id);
      std::string best = ClosestMatch(id, ids);
      std::cerr << "srm: error: unknown control '" << id << "'"
                << (best.empty() ? "" : "; did you mean '" + best + "'?") << "\n";
      return kExitUsage;
    }
  }
  auto t1 = Clock::now();
  rt::Interner names;
  rt::Inventory inventory(names);
  for (const std::string& path : check.inventories) {
    rt::LoadError error;
    if (!rt::LoadCloudFormationJson(path, inventory, error)) {
      std::cerr << error.Render() << "\n";
      return kExitUsage;
    }
  }
  auto t2 = Clock::now();
  interp::Options options;
  options.only_controls.insert(check.controls.begin(), check.controls.end());
  rt::Report report = interp::Evaluate(program, inventory, options);
  auto t3 = Clock::now();
  std::string out = check.format == "json"
                        ? rt::RenderJson(report)
                        : rt::RenderText(report, UseColor(opts.color, STDOUT_FILENO));
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
  if (check.timings) {
    auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::fprintf(stderr,
                 "timings: compile %.1f ms, load %.1f ms, evaluate %.1f ms (%zu resources)\n",
                 ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), inventory.resources().size());
  }
  bool bad = report.Count(rt::Status::kFail) > 0 || report.Count(rt::Status::kError) > 0;
  return bad ? kExitFindings : kExitOk;
}

int Main(int argc, char** argv) {
  CLI::App app{"srm: check cloud resources against Shared Responsibility Model policies"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "srm 0.1.0");
  CommonOptions common;
  CheckOptions check;

  CLI::App* check_cmd = app.add_subcommand("check", "Evaluate policies against inventories");
  check_cmd->add_option("policies", common.policies, "Policy files or directories (.srm)")
      ->required();
  check_cmd->add_option("-i,--inventory", check.inventories, "CloudFormation template (JSON)")
      ->required();
  check_cmd->add_option("--format", check.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  check_cmd->add_option("--control", check.controls, "Only evaluate this control (repeatable)");
  check_cmd->add_flag("--no-stdlib", common.no_stdlib, "Do not load the embedded standard library");
  check_cmd->add_option("--color", common.color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  check_cmd->add_flag("--timings", check.timings, "Print compile/load/evaluate times to stderr");

  CLI::App* lint_cmd = app.add_subcommand("lint", "Parse and type-check policies (and the stdlib)");
  lint_cmd->add_option("policies", common.policies, "Policy files or directories (.srm)");
  lint_cmd->add_flag("--no-stdlib", common.no_stdlib, "Do not load the embedded standard library");
  lint_cmd->add_option("--color", common.color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  if (argc > 1 && argv[1][0] != '-' && std::string_view(argv[1]) != "check" &&
      std::string_view(argv[1]) != "lint") {
    std::cerr << "srm: error: unknown command '" << argv[1] << "' (commands: check, lint)\n"
              << "Run 'srm --help' for usage.\n";
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "srm: error: " << e.what() << "\n";
    std::cerr << "Run 'srm --help' for usage.\n";
    return kExitUsage;
  }
  if (lint_cmd->parsed()) {
    if (common.no_stdlib && common.policies.empty()) {
      std::cerr << "srm: error: nothing to lint (no policies and --no-stdlib)\n";
      return kExitUsage;
    }
    return RunLint(common);
  }
  return RunCheck(common, check);
}

}  // namespace
}  // namespace srm

// The front end and the interpreter recurse over the (depth-limited) AST; run them on a thread
// with a generous stack so that the limits, not the platform's default stack, decide.
namespace {
struct MainArgs {
  int argc;
  char** argv;
  int result;
};
void* MainThread(void* p) {
  auto* args = static_cast<MainArgs*>(p);
  args->result = srm::Main(args->argc, args->argv);
  return nullptr;
}
}  // namespace

int main(int argc, char** argv) {
  MainArgs args{argc, argv, 0};
  pthread_attr_t attr;
  pthread_t thread;
  if (pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, 256u << 20) == 0 &&
      pthread_create(&thread, &attr, MainThread, &args) == 0) {
    pthread_join(thread, nullptr);
    return args.result;
  }
  return srm::Main(argc, argv);
}
