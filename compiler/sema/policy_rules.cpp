#include "compiler/sema/policy_rules.h"

#include <fnmatch.h>

#include <map>
#include <set>

#include "compiler/sema/control_table.h"
#include "runtime/report/severity.h"
#include "runtime/support/suggest.h"

namespace srm::sema {
namespace {

class PolicyRules {
 public:
  PolicyRules(Program& program, DiagnosticEngine& diags) : p_(program), d_(diags) {
    for (const ControlInfo* c : EvaluatedControls(p_)) {
      controls_.push_back(c);
      ids_.push_back(c->id);
      for (const ast::FrameworkRef& m : c->decl->maps) frameworks_.insert(m.framework.name);
    }
    for (const ast::File& f : p_.files) modules_.insert(f.ModuleName());
  }

  bool Run() {
    std::map<std::string, const ast::ProfileDecl*> seen;
    for (const ast::File& f : p_.files) {
      for (const ast::WaiverDecl& w : f.waivers) p_.waivers.push_back(Waiver(w, ""));
      for (const ast::ProfileDecl& decl : f.profiles) {
        auto [it, fresh] = seen.emplace(decl.name.name, &decl);
        if (!fresh) {
          d_.Report(decl.name.range, diag::DuplicateProfile, decl.name.name)
              .AddNote(it->second->name.range, diag::FirstOneHere);
          ok_ = false;
          continue;
        }
        p_.profiles.push_back(Profile(decl));
      }
    }
    return ok_;
  }

 private:
  rt::Location Where(const ast::SourceRange& r) const { return LocationOf(p_, r); }

  // Whether `pattern` (an id or a glob) matches a control; a warning when it matches none.
  bool MatchesSome(const ast::Ident& pattern) {
    for (const std::string& id : ids_) {
      if (fnmatch(pattern.name.c_str(), id.c_str(), 0) == 0) return true;
    }
    auto& d = d_.Report(pattern.range, diag::PatternMatchesNoControl, pattern.name);
    std::string best = ClosestMatch(pattern.name, ids_);
    if (!best.empty()) d.AddNote(diag::DidYouMean, best);
    return false;
  }

  rt::Waiver Waiver(const ast::WaiverDecl& w, const std::string& profile) {
    MatchesSome(w.control);
    rt::Waiver out;
    out.control = w.control.name;
    out.resource = w.resource;
    out.until = w.until.name;
    out.reason = w.reason;
    out.owner = w.owner;
    out.profile = profile;
    out.location = Where(w.range);
    return out;
  }

  // The controls one selector selects; reports unknown modules, frameworks and severities.
  std::vector<const ControlInfo*> Select(const ast::ProfileSelector& s) {
    std::vector<const ControlInfo*> out;
    const std::string& v = s.value.name;
    auto unknown = [&](auto tag, const std::set<std::string>& known) {
      auto& d = d_.Report(s.value.range, tag, v);
      std::string best = ClosestMatch(v, std::vector<std::string>(known.begin(), known.end()));
      if (!best.empty()) d.AddNote(diag::DidYouMean, best);
      ok_ = false;
    };
    switch (s.kind) {
      case ast::SelectorKind::kControl:
        if (!MatchesSome(s.value)) return out;
        for (const ControlInfo* c : controls_) {
          if (fnmatch(v.c_str(), c->id.c_str(), 0) == 0) out.push_back(c);
        }
        return out;
      case ast::SelectorKind::kModule:
        if (modules_.count(v) == 0) {
          unknown(diag::UnknownModule, modules_);
          return out;
        }
        for (const ControlInfo* c : controls_) {
          if (c->module == v) out.push_back(c);
        }
        return out;
      case ast::SelectorKind::kFramework:
        if (frameworks_.count(v) == 0) {
          unknown(diag::UnknownFramework, frameworks_);
          return out;
        }
        for (const ControlInfo* c : controls_) {
          for (const ast::FrameworkRef& m : c->decl->maps) {
            if (m.framework.name == v) {
              out.push_back(c);
              break;
            }
          }
        }
        return out;
      case ast::SelectorKind::kSeverity: {
        int rank = rt::SeverityRank(v);
        if (rank < 0) {
          std::string names;
          for (const std::string& n : rt::SeverityNames()) names += (names.empty() ? "" : ", ") + n;
          d_.Report(s.value.range, diag::UnknownSeverity, v)
              .AddNote(diag::ExpectedSeverities, names);
          ok_ = false;
          return out;
        }
        for (const ControlInfo* c : controls_) {
          if (rt::SeverityRank(c->severity) >= rank) out.push_back(c);
        }
        return out;
      }
    }
    return out;
  }

  static rt::Enforcement Level(const std::string& name) {
    if (name == "advisory") return rt::Enforcement::kAdvisory;
    if (name == "soft") return rt::Enforcement::kSoft;
    return rt::Enforcement::kHard;  // the grammar allows only the three
  }

  rt::Profile Profile(const ast::ProfileDecl& decl) {
    rt::Profile out;
    out.name = decl.name.name;
    out.location = Where(decl.name.range);
    // A later rule overrides an earlier one for the controls both select.
    std::map<std::string, rt::Enforcement> levels;
    for (const ast::ProfileRule& rule : decl.rules) {
      rt::Enforcement level = Level(rule.level.name);
      for (const ast::ProfileSelector& s : rule.selectors) {
        for (const ControlInfo* c : Select(s)) levels[c->id] = level;
      }
    }
    for (const auto& [id, level] : levels) out.controls.push_back({id, level});
    if (out.controls.empty() && ok_)
      d_.Report(decl.name.range, diag::ProfileSelectsNothing, out.name);
    for (const ast::WaiverDecl& w : decl.waivers) out.waivers.push_back(Waiver(w, out.name));
    return out;
  }

  Program& p_;
  DiagnosticEngine& d_;
  bool ok_ = true;
  std::vector<const ControlInfo*> controls_;
  std::vector<std::string> ids_;
  std::set<std::string> frameworks_;
  std::set<std::string> modules_;
};

}  // namespace

bool CheckPolicyRules(Program& program, DiagnosticEngine& diags) {
  return PolicyRules(program, diags).Run();
}

}  // namespace srm::sema
