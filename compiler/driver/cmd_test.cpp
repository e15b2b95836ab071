// `srm test [PATH...]`: runs the `test` blocks of policy files (compiler/sema/test_rules.h)
// through the interpreter (or, with --backend, the JIT or a compiled checker: test_backends.h),
// prints the failed expectations and a summary (or JUnit XML), and with --coverage reports which
// controls, asserts and `when` branches the tests exercised.
#include <fnmatch.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "compiler/ast/overloaded.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/test_backends.h"
#include "compiler/interp/interp.h"
#include "compiler/sema/control_table.h"
#include "compiler/sema/schema_export.h"
#include "compiler/sema/test_rules.h"
#include "runtime/cli/check_run.h"
#include "runtime/inventory/loaders.h"
#include "runtime/report/junit_writer.h"
#include "runtime/report/policy_rules.h"

namespace srm::driver {
namespace {

struct TestOptions {
  std::vector<std::string> paths;
  bool no_stdlib = false;
  std::string color = "auto";
  std::string format = "text";
  std::vector<std::string> filters;  // globs on test names; empty: all
  std::string today;                 // the date waivers are judged by
  std::string backend = "interp";    // a name of TestBackendNames
  bool coverage = false;
  std::string coverage_format = "text";
  std::string coverage_output;                 // empty: stdout, after the results
  std::vector<std::string> coverage_controls;  // globs; empty: see CoverageScope
};

TestOptions& Options() {
  static TestOptions options;
  return options;
}

// What the tests exercised, from the interpreter's observer: each `when` and `assert` by node
// id, with the outcomes seen.
class Coverage : public interp::EvalObserver {
 public:
  struct Seen {
    bool held = false, failed = false;
  };
  void OnWhen(ast::NodeId id, bool held) override { Record(id, held); }
  void OnLet(ast::NodeId) override {}
  void OnAssert(ast::NodeId id, bool held) override { Record(id, held); }
  Seen Of(ast::NodeId id) const {
    auto it = seen_.find(id);
    return it == seen_.end() ? Seen{} : it->second;
  }
  std::set<std::string> exercised;  // controls evaluated on at least one resource

 private:
  void Record(ast::NodeId id, bool held) { (held ? seen_[id].held : seen_[id].failed) = true; }
  std::map<ast::NodeId, Seen> seen_;
};

// The result of one test: its failed expectations, as lines.
struct TestResult {
  const sema::TestCase* test = nullptr;
  std::vector<std::string> failures;
};

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

// The statuses of `findings`, sorted and without duplicates: "PASS" or "FAIL, PASS".
std::string Statuses(const std::vector<const rt::Finding*>& findings) {
  std::set<std::string> names;
  for (const rt::Finding* f : findings) names.insert(rt::StatusName(f->status));
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Checks one expectation against a report; returns the failure line, or "" when it holds.
std::string Judge(const sema::TestCase& t, const sema::TestExpectation& x,
                  const rt::Report& report) {
  std::vector<const rt::Finding*> found;
  for (const rt::Finding& f : report.findings) {
    if (f.control->id != x.control) continue;
    if (x.resource && f.resource != *x.resource) continue;
    found.push_back(&f);
  }
  const rt::Finding* wrong = nullptr;
  for (const rt::Finding* f : found) {
    if (f->status != x.status && wrong == nullptr) wrong = f;
  }
  if (!found.empty() && wrong == nullptr) return "";
  std::string line = rt::FormatLocation(x.location) + ": test " + Quoted(t.name) + ": expected " +
                     x.control + (x.resource ? " on " + Quoted(*x.resource) : "") + " is " +
                     rt::StatusName(x.status) + ", got ";
  if (found.empty()) {
    line += x.resource ? "no finding (the inventory has no resource " + Quoted(*x.resource) +
                             " the control checks)"
                       : "no finding";
    return line;
  }
  line += Statuses(found);
  if (!wrong->message.empty()) line += ": " + wrong->message;
  return line;
}

// Loads a test's inventories; prints a located error and returns false on bad input.
bool LoadTestInventories(const sema::TestCase& t, const rt::SchemaMap& schemas,
                         rt::Inventory& inventory) {
  rt::LoadOptions load;
  load.schemas = &schemas;
  for (const sema::TestInventory& inv : t.inventories) {
    rt::LoadError error;
    bool ok = inv.is_inline
                  ? rt::LoadInventoryText(inv.path, inv.text, inv.yaml, load, inventory, error)
                  : rt::LoadInventoryFile(inv.path, load, inventory, error);
    if (!ok) {
      std::cerr << error.Render() << "\n";
      return false;
    }
  }
  inventory.ResolveReferences();
  return true;
}

// The controls coverage is reported for: --coverage-control globs, else the controls declared in
// the given files and those the tests name.
std::vector<const sema::ControlInfo*> CoverageScope(const sema::Program& program,
                                                    const std::vector<sema::TestCase>& tests,
                                                    const TestOptions& opts) {
  std::set<std::string> named;
  for (const sema::TestCase& t : tests)
    for (const sema::TestExpectation& x : t.expectations) named.insert(x.control);
  std::vector<const sema::ControlInfo*> out;
  for (const sema::ControlInfo* c : sema::EvaluatedControls(program)) {
    bool in = false;
    if (!opts.coverage_controls.empty()) {
      for (const std::string& glob : opts.coverage_controls)
        in = in || fnmatch(glob.c_str(), c->id.c_str(), 0) == 0;
    } else {
      const std::string& path = program.sources.file(c->decl->name.range.file).path();
      in = named.count(c->id) > 0 || path.rfind("<stdlib>/", 0) != 0;
    }
    if (in) out.push_back(c);
  }
  return out;
}

// One control's coverage: its asserts reached and its `when` outcomes seen.
struct ControlCoverage {
  const sema::ControlInfo* control = nullptr;
  bool exercised = false;
  uint32_t asserts = 0, asserts_hit = 0, branches = 0, branches_hit = 0;
  std::vector<std::pair<std::string, rt::Location>> missed;  // what, where
};

std::vector<ControlCoverage> MeasureCoverage(const sema::Program& program,
                                             const std::vector<const sema::ControlInfo*>& scope,
                                             const Coverage& seen) {
  auto where = [&](const ast::SourceRange& r) { return sema::LocationOf(program, r); };
  std::vector<ControlCoverage> out;
  for (const sema::ControlInfo* c : scope) {
    ControlCoverage cc;
    cc.control = c;
    cc.exercised = seen.exercised.count(c->id) > 0;
    for (const ast::ForBlock& fb : c->decl->fors) {
      if (fb.when) {
        Coverage::Seen s = seen.Of(fb.when->id);
        cc.branches += 2;
        cc.branches_hit += (s.held ? 1 : 0) + (s.failed ? 1 : 0);
        if (!s.held) cc.missed.emplace_back("when never true", where(fb.when->range));
        if (!s.failed) cc.missed.emplace_back("when never false", where(fb.when->range));
      }
      for (const ast::Stmt& st : fb.body) {
        std::visit(Overloaded{
                       [&](const ast::LetStmt&) {},
                       [&](const ast::AssertStmt&) {
                         Coverage::Seen s = seen.Of(st.id);
                         ++cc.asserts;
                         if (s.held || s.failed) {
                           ++cc.asserts_hit;
                         } else {
                           cc.missed.emplace_back("assert never evaluated", where(st.range));
                         }
                       },
                   },
                   st.node);
      }
    }
    out.push_back(std::move(cc));
  }
  return out;
}

// The sums over all controls: exercised controls, asserts, asserts hit, branches, branches hit.
struct CoverageTotals {
  uint32_t controls = 0, asserts = 0, asserts_hit = 0, branches = 0, branches_hit = 0;
};
CoverageTotals Totals(const std::vector<ControlCoverage>& cov) {
  CoverageTotals t;
  for (const ControlCoverage& c : cov) {
    t.controls += c.exercised ? 1 : 0;
    t.asserts += c.asserts;
    t.asserts_hit += c.asserts_hit;
    t.branches += c.branches;
    t.branches_hit += c.branches_hit;
  }
  return t;
}

std::string RenderCoverageText(const std::vector<ControlCoverage>& cov) {
  auto [controls, asserts, asserts_hit, branches, branches_hit] = Totals(cov);
  std::string body;
  for (const ControlCoverage& c : cov) {
    body += "  " + c.control->id + ": " + (c.exercised ? "" : "not exercised, ") + "asserts " +
            std::to_string(c.asserts_hit) + "/" + std::to_string(c.asserts);
    if (c.branches > 0)
      body += ", when " + std::to_string(c.branches_hit) + "/" + std::to_string(c.branches);
    body += "\n";
    for (const auto& [what, at] : c.missed)
      body += "    " + rt::FormatLocation(at) + ": " + what + "\n";
  }
  return "coverage: controls " + std::to_string(controls) + "/" + std::to_string(cov.size()) +
         ", asserts " + std::to_string(asserts_hit) + "/" + std::to_string(asserts) +
         ", when branches " + std::to_string(branches_hit) + "/" + std::to_string(branches) + "\n" +
         body;
}

std::string RenderCoverageJson(const std::vector<ControlCoverage>& cov) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  auto [controls, asserts, asserts_hit, branches, branches_hit] = Totals(cov);
  auto pair = [&](const char* key, uint32_t hit, uint32_t total) {
    w.Key(key);
    w.StartObject();
    w.Key("covered");
    w.Uint(hit);
    w.Key("total");
    w.Uint(total);
    w.EndObject();
  };
  w.StartObject();
  pair("controls", controls, static_cast<uint32_t>(cov.size()));
  pair("asserts", asserts_hit, asserts);
  pair("when_branches", branches_hit, branches);
  w.Key("by_control");
  w.StartArray();
  for (const ControlCoverage& c : cov) {
    w.StartObject();
    w.Key("id");
    w.String(c.control->id.c_str());
    w.Key("exercised");
    w.Bool(c.exercised);
    pair("asserts", c.asserts_hit, c.asserts);
    pair("when_branches", c.branches_hit, c.branches);
    w.Key("uncovered");
    w.StartArray();
    for (const auto& [what, at] : c.missed) {
      w.StartObject();
      w.Key("what");
      w.String(what.c_str());
      w.Key("file");
      w.String(at.file.c_str());
      w.Key("line");
      w.Uint(at.line);
      w.Key("column");
      w.Uint(at.column);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString()) + "\n";
}

// A testsuite per file, a testcase per test (classname: the file; name: the test's name).
std::string RenderJunit(const std::vector<TestResult>& results) {
  std::map<std::string, std::vector<const TestResult*>> by_file;
  size_t failed = 0;
  for (const TestResult& r : results) {
    by_file[r.test->file].push_back(&r);
    failed += r.failures.empty() ? 0 : 1;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"srm test\" tests=\"" + std::to_string(results.size()) +
         "\" failures=\"" + std::to_string(failed) + "\" errors=\"0\" skipped=\"0\">\n";
  for (const auto& [file, rs] : by_file) {
    size_t f = 0;
    for (const TestResult* r : rs) f += r->failures.empty() ? 0 : 1;
    out += "  <testsuite name=\"" + rt::XmlEscape(file) + "\" tests=\"" +
           std::to_string(rs.size()) + "\" failures=\"" + std::to_string(f) +
           "\" errors=\"0\" skipped=\"0\">\n";
    for (const TestResult* r : rs) {
      out += "    <testcase classname=\"" + rt::XmlEscape(file) + "\" name=\"" +
             rt::XmlEscape(r->test->name) + "\"";
      if (r->failures.empty()) {
        out += "/>\n";
        continue;
      }
      std::string all;
      for (const std::string& line : r->failures) all += line + "\n";
      out += ">\n      <failure message=\"" + rt::XmlEscape(r->failures.front()) +
             "\" type=\"FAIL\">" + rt::XmlEscape(all) + "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

bool Selected(const sema::TestCase& t, const std::vector<std::string>& filters) {
  if (filters.empty()) return true;
  for (const std::string& glob : filters)
    if (fnmatch(glob.c_str(), t.name.c_str(), 0) == 0) return true;
  return false;
}

}  // namespace

CLI::App* AddTestCommand(CLI::App& app) {
  TestOptions& o = Options();
  CLI::App* cmd = app.add_subcommand("test", "Run the test blocks of policies (unit tests)");
  cmd->add_option("paths", o.paths, "Policy files or directories (.srm); none: the current one");
  cmd->add_flag("--no-stdlib", o.no_stdlib, "Do not load the embedded standard library");
  cmd->add_option("--color", o.color, "Colour output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--format", o.format, "Output format")->check(CLI::IsMember({"text", "junit"}));
  cmd->add_option("--filter", o.filters,
                  "Only run the tests whose name this glob matches (repeatable)")
      ->allow_extra_args(false);  // one glob per --filter: a word after it is a path
  cmd->add_option("--today", o.today, "The date waivers are judged by (YYYY-MM-DD)");
  cmd->add_option("--backend", o.backend,
                  "Evaluator of the tests: tree-walking interpreter (default), LLVM JIT or a "
                  "compiled checker (built once, run on each test's inventories)")
      ->check(CLI::IsMember(TestBackendNames()));
  cmd->add_flag("--coverage", o.coverage,
                "Report the controls, asserts and when branches the tests exercised");
  cmd->add_option("--coverage-format", o.coverage_format, "Coverage report format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--coverage-output", o.coverage_output,
                  "Write the coverage report to this file (default: stdout, after the results)");
  cmd->add_option("--coverage-control", o.coverage_controls,
                  "Report coverage for the controls this glob matches (repeatable; default: the "
                  "controls of the given files and those the tests name)")
      ->allow_extra_args(false);
  return cmd;
}

int RunTestCommand() {
  const TestOptions& opts = Options();
  using rt::kExitUsage;
  bool coverage = opts.coverage || !opts.coverage_output.empty() || !opts.coverage_controls.empty();
  if (coverage && opts.format == "junit" && opts.coverage_output.empty()) {
    std::cerr << "srm: error: --coverage with --format junit needs --coverage-output FILE\n";
    return kExitUsage;
  }
  if (coverage && opts.backend != "interp") {
    std::cerr << "srm: error: --coverage is measured by the interpreter: it cannot be combined "
                 "with --backend "
              << opts.backend << "\n";
    return kExitUsage;
  }
  CommonOptions common;
  common.policies = opts.paths.empty() ? std::vector<std::string>{"."} : opts.paths;
  common.no_stdlib = opts.no_stdlib;
  common.color = opts.color;
  sema::Program program;
  if (!Compile(common, program)) return kExitUsage;
  std::vector<sema::TestCase> all;
  {
    DiagnosticEngine diags(program.sources);
    bool ok = sema::CheckTests(program, diags, all);
    std::cerr << diags.Render(rt::UseColor(opts.color, STDERR_FILENO));
    if (!ok) return kExitUsage;
  }
  std::vector<const sema::TestCase*> tests;
  for (const sema::TestCase& t : all)
    if (Selected(t, opts.filters)) tests.push_back(&t);
  if (tests.empty()) {
    std::cerr << "srm: error: no tests " << (all.empty() ? "found" : "match --filter") << "\n";
    return kExitUsage;
  }
  std::string today, error;
  if (!rt::ResolveToday(opts.today, today, error)) {
    std::cerr << "srm: error: " << error << "\n";
    return kExitUsage;
  }
  rt::SchemaMap schemas = sema::BuildSchemaMap(program);
  Coverage seen;
  std::set<std::string> named;  // the controls of the tests run: what the JIT or checker compiles
  for (const sema::TestCase* t : tests)
    for (const sema::TestExpectation& x : t->expectations) named.insert(x.control);
  std::unique_ptr<TestEvaluator> evaluator =
      MakeTestEvaluator(opts.backend, program, {named.begin(), named.end()}, today, &seen, error);
  if (!evaluator) {
    ReportError(opts.color, diag::BackendFailed, error);
    return kExitUsage;
  }
  std::vector<TestResult> results;
  for (const sema::TestCase* t : tests) {
    rt::Interner names;
    rt::Inventory inventory(names);
    if (!LoadTestInventories(*t, schemas, inventory)) return kExitUsage;
    std::vector<std::string> ids;
    for (const sema::TestExpectation& x : t->expectations) ids.push_back(x.control);
    rt::Report report;
    if (!evaluator->Run(*t, ids, inventory, report, error)) {
      ReportError(opts.color, diag::BackendFailed, error);
      return kExitUsage;
    }
    for (const rt::Finding& f : report.findings)
      if (!f.resource.empty()) seen.exercised.insert(f.control->id);
    TestResult r;
    r.test = t;
    for (const sema::TestExpectation& x : t->expectations) {
      if (std::string line = Judge(*t, x, report); !line.empty()) r.failures.push_back(line);
    }
    results.push_back(std::move(r));
  }
  size_t failed = 0;
  std::string text;
  for (const TestResult& r : results) {
    failed += r.failures.empty() ? 0 : 1;
    for (const std::string& line : r.failures) text += line + "\n";
  }
  text +=
      std::to_string(results.size() - failed) + " passed, " + std::to_string(failed) + " failed\n";
  std::string cov;
  if (coverage) {
    std::vector<ControlCoverage> measured =
        MeasureCoverage(program, CoverageScope(program, all, opts), seen);
    cov = opts.coverage_format == "json" ? RenderCoverageJson(measured)
                                         : RenderCoverageText(measured);
  }
  bool json_on_stdout = coverage && opts.coverage_format == "json" && opts.coverage_output.empty();
  if (opts.format == "junit") {
    std::cout << RenderJunit(results);
  } else {
    // JSON coverage on stdout stays parseable: the results go to stderr then.
    (json_on_stdout ? std::cerr : std::cout) << text;
  }
  if (coverage) {
    if (opts.coverage_output.empty()) {
      std::cout << cov;
    } else {
      std::ofstream out(opts.coverage_output, std::ios::binary);
      out << cov;
      if (!out.flush()) {
        std::cerr << "srm: error: cannot write '" << opts.coverage_output << "'\n";
        return kExitUsage;
      }
    }
  }
  std::cout.flush();
  return failed == 0 ? rt::kExitOk : rt::kExitFindings;
}

}  // namespace srm::driver
