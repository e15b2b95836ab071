// srm_diffgen: differential test of srm's evaluation backends on generated policies.
//
//   srm_diffgen run --srm PATH [--seed N] [--cases N] [--compiled-every N] [--jobs N] ...
//   srm_diffgen gen --seed N --batch B --out DIR
//
// `run` generates batches of random controls (one policy file, many controls) and inventories
// (one template, many resources) from the seed, runs `srm check` with the interpreter and with
// the JIT on each, and on every Nth batch also `srm compile` + the compiled checker, and fails on
// the first difference in exit code, stdout or stderr. It then minimises the batch (one control,
// fewer statements, resources and properties) and saves a reproduction. Exit code 2 from the
// interpreter means the generator wrote a policy that does not compile: a generator bug, also a
// failure. See tests/diff/README.md.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../golden/backends.h"
#include "generator.h"

namespace {

namespace fs = std::filesystem;
using diffgen::Batch;
using golden::RunResult;

enum class Backend { kInterp, kJit, kCompiled };
const char* Name(Backend b) {
  return b == Backend::kInterp ? "interp" : b == Backend::kJit ? "jit" : "compiled";
}

struct Options {
  std::string srm;
  uint64_t seed = 1;
  int cases = 1000;  // controls
  diffgen::GenOptions gen;
  int compiled_every = 0;  // batches; 0: never
  int jobs = 1;
  int timeout_s = 60;
  uint64_t first_batch = 0;
  bool minimize = true;
  int minimize_seconds = 300;
  std::string repro_dir = ".";
  bool verbose = false;
  std::optional<std::regex> ignore;  // triage: lines matching this are left out of comparisons
  // The run fails when the findings drift away from a useful mix (a generator or a backend that
  // turned everything into ERROR or PASS would otherwise still "agree"): minimum shares of PASS
  // and FAIL, maximum share of ERROR, in percent of all findings.
  int min_pass_pct = 10, min_fail_pct = 10, max_error_pct = 50;
};

bool WriteFile(const fs::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  return static_cast<bool>(out << data);
}

std::string TempDir(const std::string& what) {
  const char* tmp = std::getenv("TMPDIR");
  std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/srm-diff-" + what + "-XXXXXX";
  if (!mkdtemp(dir.data())) throw std::runtime_error("mkdtemp: " + std::string(strerror(errno)));
  return dir;
}

std::string WithoutIgnored(const std::string& text, const std::optional<std::regex>& ignore) {
  if (!ignore) return text;
  std::string out, line;
  std::istringstream in(text);
  while (std::getline(in, line))
    if (!std::regex_search(line, *ignore)) out += line + "\n";
  return out;
}

bool Same(const RunResult& a, const RunResult& b, const std::optional<std::regex>& ignore) {
  if (!a.error.empty() || !b.error.empty()) return false;
  if (a.exit_code == b.exit_code && a.out == b.out && a.err == b.err) return true;
  return ignore && a.exit_code == b.exit_code &&
         WithoutIgnored(a.out, ignore) == WithoutIgnored(b.out, ignore) &&
         WithoutIgnored(a.err, ignore) == WithoutIgnored(b.err, ignore);
}

// The `srm check` arguments of a batch (policy.srm and inv.json in the working directory).
std::vector<std::string> CheckArgs(uint64_t batch, const Batch& b) {
  std::vector<std::string> args = {"check",
                                   "policy.srm",
                                   "-i",
                                   "inv.json",
                                   "--no-stdlib",
                                   "--color",
                                   batch % 4 == 2 ? "always" : "never"};
  if (b.files == 2) args.insert(args.end(), {"-i", "inv2.json"});
  if (batch % 2 == 1) args.insert(args.end(), {"--format", "json"});
  // Text lists FAIL and ERROR only by default; half the text batches compare every finding.
  if (batch % 4 == 0) args.insert(args.end(), {"--show", "all"});
  if (batch % 8 == 7)  // a --control filter: every other control
    for (size_t i = 0; i < b.controls.size(); i += 2)
      args.insert(args.end(), {"--control", b.controls[i].id});
  return args;
}

void WriteBatch(const std::string& dir, const Batch& b) {
  if (!WriteFile(dir + "/policy.srm", b.PolicyText()) ||
      !WriteFile(dir + "/inv.json", b.InventoryText(0)) ||
      (b.files == 2 && !WriteFile(dir + "/inv2.json", b.InventoryText(1))))
    throw std::runtime_error("cannot write the batch files to " + dir);
}

// The checker's arguments: the `srm check` arguments without the policy and --no-stdlib, which
// go to `srm compile`.
std::vector<std::string> CheckerArgs(const std::vector<std::string>& args) {
  std::vector<std::string> rest;
  for (size_t i = 1; i < args.size(); ++i)
    if (args[i] != "policy.srm" && args[i] != "--no-stdlib") rest.push_back(args[i]);
  return rest;
}

std::vector<std::string> WithJit(std::vector<std::string> args) {
  args.insert(args.begin() + 1, "--backend=jit");
  return args;
}

// Runs one backend on the batch files in `dir`.
RunResult RunBackend(const Options& o, Backend backend, const std::vector<std::string>& args,
                     const std::string& dir) {
  if (backend == Backend::kInterp) return golden::Run(o.srm, args, dir, o.timeout_s, true);
  if (backend == Backend::kJit) return golden::Run(o.srm, WithJit(args), dir, o.timeout_s, true);
  // compiled: srm compile policy.srm --no-stdlib -o DIR/bin/srm, then DIR/bin/srm REST (named
  // srm, as a checker names itself after argv[0] in its messages)
  fs::create_directories(dir + "/bin");
  RunResult c = golden::Run(o.srm, {"compile", "policy.srm", "--no-stdlib", "-o", dir + "/bin/srm"},
                            dir, o.timeout_s, true);
  if (!c.error.empty() || c.exit_code != 0) return c;
  RunResult r = golden::Run(dir + "/bin/srm", CheckerArgs(args), dir, o.timeout_s, true);
  r.out = c.out + r.out;
  r.err = c.err + r.err;
  return r;
}

std::string Describe(const RunResult& r) {
  return r.error.empty() ? "exit " + std::to_string(r.exit_code) : r.error;
}

// --- Statistics ----------------------------------------------------------------------------------

struct Stats {
  long batches = 0, controls = 0, compiled = 0, pass = 0, fail = 0, skip = 0, error = 0;
  std::map<std::string, long> errors;  // ERROR messages by kind

  void Add(const RunResult& r) {
    // The summary: "Summary: 1 pass, 2 fail, ..." (text) or "summary": {"pass": 1, ...} (json).
    auto number = [&](const std::string& key) -> long {
      size_t p = r.out.rfind("\"" + key + "\": ");
      if (p != std::string::npos) return std::atol(r.out.c_str() + p + key.size() + 4);
      p = r.out.rfind("Summary: ");
      size_t q = p == std::string::npos ? p : r.out.find(" " + key, p);
      if (q == std::string::npos) return 0;
      return std::atol(r.out.c_str() + r.out.rfind(' ', q - 1) + 1);
    };
    pass += number("pass"), fail += number("fail"), skip += number("skip");
    error += number("error");
    for (const char* kind :
         {"division by zero", "integer overflow", "is not a valid CIDR",
          "invalid regular expression", "unresolved intrinsic", "is absent", "should be"}) {
      for (size_t p = r.out.find(kind); p != std::string::npos; p = r.out.find(kind, p + 1))
        ++errors[kind];
    }
  }
};

// --- Minimisation --------------------------------------------------------------------------------

struct Repro {
  Batch batch;
  std::vector<std::string> args;
  Backend a = Backend::kInterp, b = Backend::kJit;
  RunResult ra, rb;
};

class Minimizer {
 public:
  Minimizer(const Options& o, Repro& r) : o_(o), r_(r) {
    deadline_ = std::chrono::steady_clock::now() + std::chrono::seconds(o.minimize_seconds);
  }

  void Run() {
    // Without --control filters (they may name removed controls).
    std::vector<std::string> plain;
    for (size_t i = 0; i < r_.args.size(); ++i) {
      if (r_.args[i] == "--control")
        ++i;
      else
        plain.push_back(r_.args[i]);
    }
    if (plain != r_.args && Differs(r_.batch, plain)) {
      r_.args = plain;
      r_.ra = last_a_, r_.rb = last_b_;
    }
    // One control alone, if one reproduces it.
    if (r_.args == plain) {
      for (size_t i = 0; i < r_.batch.controls.size() && Time(); ++i) {
        Batch one = r_.batch;
        one.controls = {r_.batch.controls[i]};
        if (Accept(one)) break;
      }
    }
    ReduceList<diffgen::Control>([](Batch & b) -> auto& { return b.controls; });
    for (size_t c = 0; c < r_.batch.controls.size(); ++c) {
      ReduceList<std::string>([c](Batch & b) -> auto& { return b.controls[c].stmts; });
      ReduceList<std::string>([c](Batch & b) -> auto& { return b.controls[c].fns; });
      if (!r_.batch.controls[c].when.empty() && Time()) {
        Batch t = r_.batch;
        t.controls[c].when.clear();
        Accept(t);
      }
    }
    for (size_t c = 0; c < r_.batch.controls.size(); ++c) {
      for (size_t k = 0; k < r_.batch.controls[c].stmts.size(); ++k)
        Simplify([c, k](Batch& b) -> std::string& { return b.controls[c].stmts[k]; });
      if (!r_.batch.controls[c].when.empty())
        Simplify([c](Batch& b) -> std::string& { return b.controls[c].when; });
    }
    ReduceList<diffgen::Resource>([](Batch & b) -> auto& { return b.resources; });
    using Prop = std::pair<std::string, std::string>;
    for (size_t i = 0; i < r_.batch.resources.size(); ++i) {
      ReduceList<Prop>([i](Batch & b) -> auto& { return b.resources[i].props; });
      if (!r_.batch.resources[i].extra.empty() && Time()) {
        Batch t = r_.batch;
        t.resources[i].extra.clear();
        Accept(t);
      }
    }
  }

  int steps() const { return steps_; }

 private:
  bool Time() const { return std::chrono::steady_clock::now() < deadline_; }

  // True when the two backends still disagree on `b` (and the policy still compiles, or the
  // two disagree about that).
  bool Differs(const Batch& b, const std::vector<std::string>& args) {
    ++steps_;
    std::string dir = TempDir("min");
    WriteBatch(dir, b);
    RunResult x = RunBackend(o_, r_.a, args, dir), y = RunBackend(o_, r_.b, args, dir);
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (Same(x, y, o_.ignore)) return false;
    last_a_ = x, last_b_ = y;
    return true;
  }

  bool Accept(const Batch& b) {
    if (!Differs(b, r_.args)) return false;
    r_.batch = b;
    r_.ra = last_a_, r_.rb = last_b_;
    return true;
  }

  // The expressions of a statement: "(...)" and "name(...)" spans outside string literals.
  static std::vector<std::pair<size_t, size_t>> Groups(const std::string& s) {
    std::vector<std::pair<size_t, size_t>> out;  // [begin, end)
    std::vector<size_t> open;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '"') {
        for (++i; i < s.size() && s[i] != '"'; ++i)
          if (s[i] == '\\') ++i;
      } else if (s[i] == '(') {
        open.push_back(i);
      } else if (s[i] == ')' && !open.empty()) {
        size_t b = open.back();
        open.pop_back();
        while (b > 0 && (std::isalnum(static_cast<unsigned char>(s[b - 1])) || s[b - 1] == '_'))
          --b;
        out.push_back({b, i + 1});
      }
    }
    std::sort(out.begin(), out.end(), [](auto& x, auto& y) {  // the largest first
      return x.second - x.first > y.second - y.first;
    });
    return out;
  }

  // Replaces expressions of a statement by expressions they contain (or by literals), and drops
  // its message, while the difference stays. Candidates of the wrong type do not compile, and so
  // do not reproduce: they are simply rejected.
  void Simplify(const std::function<std::string&(Batch&)>& get) {
    for (bool progress = true; progress && Time();) {
      progress = false;
      std::string text = get(r_.batch);
      std::vector<std::string> candidates;
      size_t msg = text.rfind(" else \"");
      if (text.rfind("assert ", 0) == 0 && msg != std::string::npos && text.back() == ';')
        candidates.push_back(text.substr(0, msg) + ";");
      auto groups = Groups(text);
      for (auto [b, e] : groups) {
        for (auto [cb, ce] : groups)
          if (cb >= b && ce <= e && ce - cb < e - b)
            candidates.push_back(text.substr(0, b) + text.substr(cb, ce - cb) + text.substr(e));
        for (const char* lit : {"true", "false", "0", "\"\""})
          candidates.push_back(text.substr(0, b) + lit + text.substr(e));
      }
      for (const std::string& cand : candidates) {
        if (!Time()) break;
        Batch t = r_.batch;
        get(t) = cand;
        if (Accept(t)) {
          progress = true;
          break;
        }
      }
    }
  }

  // Removes elements of the list `get` selects while the difference stays: halves, quarters,
  // ... then single elements.
  template <class T>
  void ReduceList(const std::function<std::vector<T>&(Batch&)>& get) {
    for (size_t chunk = std::max<size_t>(1, get(r_.batch).size() / 2); Time();) {
      bool removed = false;
      for (size_t start = 0; start < get(r_.batch).size() && Time();) {
        Batch candidate = r_.batch;
        std::vector<T>& list = get(candidate);
        size_t n = std::min(chunk, list.size() - start);
        list.erase(list.begin() + static_cast<long>(start),
                   list.begin() + static_cast<long>(start + n));
        if (Accept(candidate))
          removed = true;  // the same start again, on the shorter list
        else
          start += n;
      }
      if (chunk == 1 && !removed) break;
      if (!removed) chunk = std::max<size_t>(1, chunk / 2);
    }
  }

  const Options& o_;
  Repro& r_;
  RunResult last_a_, last_b_;
  int steps_ = 0;
  std::chrono::steady_clock::time_point deadline_;
};

// --- Reporting -----------------------------------------------------------------------------------

void PrintOutputs(std::ostream& out, const Repro& r) {
  auto dump = [&](const char* what, const std::string& a, const std::string& b) {
    if (a == b) return;
    out << "--- " << what << " of " << Name(r.a) << " / " << Name(r.b) << " (lines that differ):\n";
    std::istringstream sa(a), sb(b);
    std::string la, lb;
    int shown = 0;
    for (int n = 1; shown < 40; ++n) {
      bool ga = static_cast<bool>(std::getline(sa, la)),
           gb = static_cast<bool>(std::getline(sb, lb));
      if (!ga && !gb) break;
      if (ga && gb && la == lb) continue;
      out << "  " << n << " " << Name(r.a) << ": " << (ga ? la : "<no line>") << "\n";
      out << "  " << n << " " << Name(r.b) << ": " << (gb ? lb : "<no line>") << "\n";
      ++shown;
    }
  };
  out << "  " << Name(r.a) << ": " << Describe(r.ra) << ", " << Name(r.b) << ": " << Describe(r.rb)
      << "\n";
  dump("stdout", r.ra.out, r.rb.out);
  dump("stderr", r.ra.err, r.rb.err);
}

std::string SaveRepro(const Options& o, uint64_t batch, const Batch& original, Repro& r) {
  std::string dir = o.repro_dir + "/srm-diff-seed" + std::to_string(o.seed) + "-batch" +
                    std::to_string(batch) + "-" + Name(r.a) + "-vs-" + Name(r.b);
  fs::create_directories(dir + "/original");
  WriteBatch(dir + "/original", original);
  WriteBatch(dir, r.batch);
  for (auto [b, res] : {std::pair{r.a, &r.ra}, std::pair{r.b, &r.rb}}) {
    WriteFile(dir + "/" + Name(b) + ".stdout", res->out);
    WriteFile(dir + "/" + Name(b) + ".stderr",
              res->err + (res->error.empty() ? "" : res->error + "\n"));
    WriteFile(dir + "/" + Name(b) + ".exit", Describe(*res) + "\n");
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& a : v) out += " " + a;
    return out;
  };
  std::ostringstream readme;
  readme << "srm_diffgen: " << Name(r.a) << " and " << Name(r.b) << " disagree\n"
         << "seed " << o.seed << ", batch " << batch << " (srm_diffgen gen --seed " << o.seed
         << " --batch " << batch << " --out DIR regenerates original/)\n\n"
         << "in this directory:\n  srm" << join(r.args) << "\n  srm" << join(WithJit(r.args))
         << "\n  srm compile policy.srm --no-stdlib -o bin/srm && bin/srm"
         << join(CheckerArgs(r.args)) << "\n\n";
  PrintOutputs(readme, r);
  WriteFile(dir + "/README.txt", readme.str());
  return fs::absolute(dir).string();
}

// --- run -----------------------------------------------------------------------------------------

struct Failure {
  uint64_t batch = 0;
  std::string kind;  // "difference" or "generator"
  Repro repro;
};

// Runs one batch; returns a failure, if any.
std::optional<Failure> RunBatch(const Options& o, uint64_t batch, Stats& stats,
                                std::mutex& stats_mu) {
  Batch b = diffgen::Generate(o.seed, batch, o.gen);
  std::string dir = TempDir("run");
  WriteBatch(dir, b);
  std::vector<std::string> args = CheckArgs(batch, b);
  std::optional<Failure> failure;
  RunResult ri = RunBackend(o, Backend::kInterp, args, dir);
  if (ri.error.empty() && ri.exit_code == 2) {
    failure = Failure{batch, "generator", Repro{b, args, Backend::kInterp, Backend::kJit, ri, {}}};
  } else {
    std::vector<Backend> others = {Backend::kJit};
    if (o.compiled_every > 0 && batch % static_cast<uint64_t>(o.compiled_every) == 0)
      others.push_back(Backend::kCompiled);
    for (Backend other : others) {
      RunResult r = RunBackend(o, other, args, dir);
      if (!Same(ri, r, o.ignore)) {
        failure = Failure{batch, "difference", Repro{b, args, Backend::kInterp, other, ri, r}};
        break;
      }
    }
    std::lock_guard<std::mutex> lock(stats_mu);
    stats.batches++;
    long controls = static_cast<long>(b.controls.size());
    if (batch % 8 == 7) controls = (controls + 1) / 2;
    stats.controls += controls;
    if (others.size() > 1) stats.compiled++;
    stats.Add(ri);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return failure;
}

// 0 when PASS, FAIL and ERROR findings make the share of all findings that the options ask for;
// otherwise 1 with what drifted.
int CheckShares(const Options& o, const Stats& stats) {
  long total = stats.pass + stats.fail + stats.skip + stats.error;
  auto pct = [&](long n) {
    return total == 0 ? 0.0 : 100.0 * static_cast<double>(n) / static_cast<double>(total);
  };
  std::vector<std::string> drift;
  auto say = [&](const char* what, long n, const char* bound, int limit) {
    char line[160];
    std::snprintf(line, sizeof line, "%s %.1f%% of %ld findings (%s %d%%)", what, pct(n), total,
                  bound, limit);
    drift.push_back(line);
  };
  if (total == 0) drift.push_back("no findings were counted (did the summary format change?)");
  if (pct(stats.pass) < o.min_pass_pct) say("PASS", stats.pass, "minimum", o.min_pass_pct);
  if (pct(stats.fail) < o.min_fail_pct) say("FAIL", stats.fail, "minimum", o.min_fail_pct);
  if (pct(stats.error) > o.max_error_pct) say("ERROR", stats.error, "maximum", o.max_error_pct);
  if (drift.empty()) return 0;
  std::cout << "FAIL: seed " << o.seed << ": the backends agree, but the findings drifted from a "
            << "useful mix (a generator change, or every backend failing the same way):\n";
  for (const std::string& d : drift) std::cout << "  " << d << "\n";
  std::cout << "  adjust the generator, or the bounds with --min-pass-pct, --min-fail-pct and "
               "--max-error-pct if the new mix is intended\n";
  return 1;
}

int Run(const Options& o) {
  auto started = std::chrono::steady_clock::now();
  uint64_t n_batches = static_cast<uint64_t>((o.cases + o.gen.controls - 1) / o.gen.controls);
  std::atomic<uint64_t> next{o.first_batch};
  std::atomic<bool> stop{false};
  std::mutex mu;
  Stats stats;
  std::optional<Failure> first;
  auto worker = [&] {
    for (uint64_t batch; !stop && (batch = next++) < o.first_batch + n_batches;) {
      std::optional<Failure> f = RunBatch(o, batch, stats, mu);
      if (o.verbose) {
        std::lock_guard<std::mutex> lock(mu);
        std::cerr << "batch " << batch << (f ? ": " + f->kind : ": ok") << "\n";
      }
      if (!f) continue;
      std::lock_guard<std::mutex> lock(mu);
      if (!first || f->batch < first->batch) first = std::move(f);
      stop = true;
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < o.jobs; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::cout << "srm_diffgen: seed " << o.seed << ": " << stats.controls << " controls in "
            << stats.batches << " batches (" << stats.compiled << " also compiled), "
            << stats.pass + stats.fail + stats.skip + stats.error << " findings: " << stats.pass
            << " pass, " << stats.fail << " fail, " << stats.skip << " skip, " << stats.error
            << " error";
  for (const auto& [kind, n] : stats.errors) std::cout << "; " << kind << " " << n;
  char t[32];
  std::snprintf(t, sizeof t, "%.1f", secs);
  std::cout << "; " << t << " s\n";
  if (!first) {
    std::cout << "srm_diffgen: no differences\n";
    return CheckShares(o, stats);
  }

  Failure& f = *first;
  Batch original = f.repro.batch;
  if (f.kind == "generator") {
    std::string dir = SaveRepro(o, f.batch, original, f.repro);
    std::cout << "FAIL: seed " << o.seed << ", batch " << f.batch
              << ": the generated policy does not compile (a generator bug); saved in " << dir
              << "\n"
              << f.repro.ra.err.substr(0, 4000);
    return 1;
  }
  std::cout << "FAIL: seed " << o.seed << ", batch " << f.batch << ": " << Name(f.repro.a)
            << " and " << Name(f.repro.b) << " disagree\n";
  PrintOutputs(std::cout, f.repro);
  if (o.minimize) {
    std::cout << "minimising..." << std::endl;
    Minimizer m(o, f.repro);
    m.Run();
    std::cout << "minimised in " << m.steps() << " runs: " << f.repro.batch.controls.size()
              << " control(s), " << f.repro.batch.resources.size() << " resource(s)\n";
  }
  std::string dir = SaveRepro(o, f.batch, original, f.repro);
  std::cout << "reproduction saved in " << dir << "\n";
  if (o.minimize) {
    std::string policy = f.repro.batch.PolicyText();
    std::cout << "--- policy.srm (after the header: module, schemas, service)\n"
              << policy.substr(f.repro.batch.header.size()) << "--- inv.json\n"
              << f.repro.batch.InventoryText(0);
    if (f.repro.batch.files == 2) std::cout << "--- inv2.json\n" << f.repro.batch.InventoryText(1);
    PrintOutputs(std::cout, f.repro);
  }
  return 1;
}

int Gen(const Options& o, uint64_t batch, const std::string& out) {
  Batch b = diffgen::Generate(o.seed, batch, o.gen);
  fs::create_directories(out);
  WriteBatch(out, b);
  std::string cmd;
  for (const std::string& a : CheckArgs(batch, b)) cmd += " " + a;
  std::cout << "wrote " << out << "/policy.srm and the inventory; run there: srm" << cmd << "\n";
  return 0;
}

const char* kUsage =
    "usage: srm_diffgen run --srm PATH [--seed N] [--cases N] [--compiled-every N] [--jobs N]\n"
    "                       [--controls-per-batch N] [--resources-per-type N] [--first-batch B]\n"
    "                       [--repro-dir DIR] [--timeout SECS] [--no-minimize]\n"
    "                       [--minimize-seconds N] [--verbose] [--ignore-lines REGEX]\n"
    "                       [--min-pass-pct P] [--min-fail-pct P] [--max-error-pct P]\n"
    "       srm_diffgen gen [--seed N] --batch B --out DIR [--controls-per-batch N]\n"
    "                       [--resources-per-type N]\n";

bool ParseNum(const char* s, uint64_t& out) {
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || s[0] == '-') return false;
  out = v;
  return true;
}

int Main(int argc, char** argv) {
  if (argc < 2 || (std::strcmp(argv[1], "run") != 0 && std::strcmp(argv[1], "gen") != 0)) {
    std::cerr << kUsage;
    return 2;
  }
  bool run = std::strcmp(argv[1], "run") == 0;
  Options o;
  uint64_t batch = 0;
  bool have_batch = false;
  std::string out;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    uint64_t v = 0;
    bool has_value = i + 1 < argc;
    auto num = [&](auto& field, uint64_t min, uint64_t max) {
      if (!has_value || !ParseNum(argv[i + 1], v) || v < min || v > max) return false;
      field = static_cast<std::remove_reference_t<decltype(field)>>(v);
      ++i;
      return true;
    };
    bool ok = true;
    if (a == "--srm" && has_value)
      o.srm = argv[++i];
    else if (a == "--repro-dir" && has_value)
      o.repro_dir = argv[++i];
    else if (a == "--out" && has_value)
      out = argv[++i];
    else if (a == "--ignore-lines" && has_value)
      o.ignore.emplace(argv[++i]);
    else if (a == "--seed")
      ok = num(o.seed, 0, UINT64_MAX);
    else if (a == "--cases")
      ok = num(o.cases, 1, 10'000'000);
    else if (a == "--controls-per-batch")
      ok = num(o.gen.controls, 1, 10'000);
    else if (a == "--resources-per-type")
      ok = num(o.gen.resources_per_type, 0, 100'000);
    else if (a == "--compiled-every")
      ok = num(o.compiled_every, 0, 1'000'000);
    else if (a == "--jobs")
      ok = num(o.jobs, 1, 256);
    else if (a == "--timeout")
      ok = num(o.timeout_s, 1, 86'400);
    else if (a == "--first-batch")
      ok = num(o.first_batch, 0, UINT64_MAX / 2);
    else if (a == "--minimize-seconds")
      ok = num(o.minimize_seconds, 0, 86'400);
    else if (a == "--min-pass-pct")
      ok = num(o.min_pass_pct, 0, 100);
    else if (a == "--min-fail-pct")
      ok = num(o.min_fail_pct, 0, 100);
    else if (a == "--max-error-pct")
      ok = num(o.max_error_pct, 0, 100);
    else if (a == "--batch")
      ok = have_batch = num(batch, 0, UINT64_MAX);
    else if (a == "--no-minimize")
      o.minimize = false;
    else if (a == "--verbose")
      o.verbose = true;
    else
      ok = false;
    if (!ok) {
      std::cerr << "srm_diffgen: bad option or value: '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  if (!run) {
    if (!have_batch || out.empty()) {
      std::cerr << kUsage;
      return 2;
    }
    return Gen(o, batch, out);
  }
  if (o.srm.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::error_code ec;
  o.srm = fs::absolute(o.srm, ec).string();
  if (ec || access(o.srm.c_str(), X_OK) != 0) {
    std::cerr << "srm_diffgen: not an executable: " << o.srm << "\n";
    return 2;
  }
  return Run(o);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "srm_diffgen: internal error: " << e.what() << "\n";
  }
  return 2;
}
