// Checks `test` blocks and resolves them into TestCase values (test_rules.h).
#include "compiler/sema/test_rules.h"

#include <cctype>
#include <filesystem>
#include <map>
#include <set>

#include "compiler/ast/overloaded.h"
#include "compiler/sema/control_table.h"
#include "runtime/support/suggest.h"

namespace srm::sema {
namespace {

// Every status a finding can have, for `is STATUS`.
constexpr rt::Status kStatuses[] = {rt::Status::kPass, rt::Status::kFail, rt::Status::kSkip,
                                    rt::Status::kError, rt::Status::kWaived};

class TestRules {
 public:
  TestRules(const Program& program, DiagnosticEngine& diags) : p_(program), d_(diags) {
    for (const ControlInfo* c : EvaluatedControls(p_)) ids_.push_back(c->id);
    ids_set_.insert(ids_.begin(), ids_.end());
    for (rt::Status s : kStatuses) statuses_.emplace_back(rt::StatusName(s));
  }

  bool Run(std::vector<TestCase>& out) {
    for (const ast::File& f : p_.files) {
      std::map<std::string, const ast::TestDecl*> seen;
      for (const ast::TestDecl& t : f.tests) {
        auto [it, fresh] = seen.emplace(t.name, &t);
        if (!fresh) {
          d_.Report(t.name_range, diag::DuplicateTest, t.name)
              .AddNote(it->second->name_range, diag::FirstOneHere);
          ok_ = false;
          continue;
        }
        out.push_back(Test(t));
      }
    }
    return ok_;
  }

 private:
  rt::Location Where(const ast::SourceRange& r) const { return LocationOf(p_, r); }

  TestCase Test(const ast::TestDecl& t) {
    const rt::SourceFile& file = p_.sources.file(t.range.file);
    TestCase out;
    out.name = t.name;
    out.file = file.path();
    out.location = Where(t.range);
    for (const ast::TestItem& item : t.items) {
      std::visit(Overloaded{
                     [&](const ast::TestInventoryFile& inv) { File(file, inv, out); },
                     [&](const ast::TestInventoryInline& inv) { Inline(file, inv, out); },
                     [&](const ast::TestExpect& e) { Expect(item, e, out); },
                 },
                 item.node);
    }
    // As written: an inventory or expectation with an error of its own was reported already.
    bool inventory = false, expect = false;
    for (const ast::TestItem& item : t.items) {
      bool is_expect = std::holds_alternative<ast::TestExpect>(item.node);
      (is_expect ? expect : inventory) = true;
    }
    if (!inventory || !expect) {
      d_.Report(t.name_range, diag::IncompleteTest, t.name, !inventory ? "inventory" : "expect");
      ok_ = false;
    }
    return out;
  }

  void File(const rt::SourceFile& file, const ast::TestInventoryFile& inv, TestCase& out) {
    std::filesystem::path path(inv.path);
    if (path.is_relative()) path = std::filesystem::path(file.path()).parent_path() / path;
    std::error_code ec;
    std::string why;
    if (std::filesystem::is_directory(path, ec)) {
      why = "it is a directory";
    } else if (!std::filesystem::is_regular_file(path, ec)) {
      why = std::filesystem::exists(path, ec) ? "not a regular file" : "No such file or directory";
    }
    if (!why.empty()) {
      d_.Report(inv.path_range, diag::CannotReadTestInventory, path.string(), why);
      ok_ = false;
      return;
    }
    out.inventories.push_back(TestInventory{path.lexically_normal().string(), false, false, ""});
  }

  void Inline(const rt::SourceFile& file, const ast::TestInventoryInline& inv, TestCase& out) {
    if (inv.syntax.name != "json" && inv.syntax.name != "yaml") {
      auto& d = d_.Report(inv.syntax.range, diag::UnknownInlineSyntax, inv.syntax.name);
      std::string best = ClosestMatch(inv.syntax.name, {"json", "yaml"});
      if (!best.empty()) d.AddNote(diag::DidYouMean, best);
      ok_ = false;
      return;
    }
    // The file's text with everything but the inline inventory blanked: offsets in it are
    // offsets in the .srm file.
    std::string text(file.text());
    for (size_t i = 0; i < text.size(); ++i) {
      if (i >= inv.text_range.begin && i < inv.text_range.end) continue;
      if (text[i] != '\n') text[i] = ' ';
    }
    TestInventory t;
    t.path = file.path();
    t.is_inline = true;
    t.yaml = inv.syntax.name == "yaml";
    t.text = std::move(text);
    out.inventories.push_back(std::move(t));
  }

  void Expect(const ast::TestItem& item, const ast::TestExpect& e, TestCase& out) {
    TestExpectation x;
    x.control = e.control.name;
    x.resource = e.resource;
    x.location = Where(item.range);
    bool ok = true;
    if (!ids_set_.count(x.control)) {
      auto& d = d_.Report(e.control.range, diag::UnknownDeclaration, "control", x.control);
      std::string best = ClosestMatch(x.control, ids_);
      if (!best.empty()) d.AddNote(diag::DidYouMean, best);
      ok = false;
    }
    bool known = false;
    for (rt::Status s : kStatuses) {
      if (e.status.name == rt::StatusName(s)) {
        x.status = s;
        known = true;
      }
    }
    if (!known) {
      auto& d = d_.Report(e.status.range, diag::UnknownTestStatus, e.status.name);
      std::string upper = e.status.name;  // `is pass` means PASS
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::string best = ClosestMatch(upper, statuses_);
      if (!best.empty()) d.AddNote(diag::DidYouMean, best);
      ok = false;
    }
    if (!ok) {
      ok_ = false;
      return;
    }
    out.expectations.push_back(std::move(x));
  }

  const Program& p_;
  DiagnosticEngine& d_;
  std::vector<std::string> ids_;
  std::set<std::string> ids_set_;
  std::vector<std::string> statuses_;
  bool ok_ = true;
};

}  // namespace

bool CheckTests(const Program& program, DiagnosticEngine& diags, std::vector<TestCase>& tests) {
  return TestRules(program, diags).Run(tests);
}

}  // namespace srm::sema
