// Frameworks, the `maps` clauses that name their requirements, and the attestations that cover
// them (docs/language.md, Frameworks). Framework names are one namespace across modules: a
// control of any module writes `maps HIPAA "164.312(b)"` without a module prefix.
#include <fmt/ranges.h>

#include <algorithm>

#include "compiler/sema/checker.h"
#include "runtime/support/suggest.h"

namespace srm::sema {

void Checker::CollectFrameworks() {
  std::map<std::string, std::string> module_of;  // framework -> the module of its declaration
  for (const ast::File& f : p_.files) {
    for (const ast::Decl& d : f.decls) {
      const auto* fw = std::get_if<ast::FrameworkDecl>(&d.node);
      if (fw == nullptr) continue;
      auto [it, fresh] = frameworks_.emplace(fw->name.name, FrameworkEntry{fw, 0, {}});
      if (fresh) {
        module_of[fw->name.name] = f.ModuleName();
      } else if (module_of[fw->name.name] != f.ModuleName()) {
        // Within one module the second one is a redefinition (CollectDecls).
        d_.Report(fw->name.range, diag::DuplicateFramework, fw->name.name)
            .AddNote(it->second.decl->name.range, diag::FirstOneHere);
      }
    }
  }
  // Program::frameworks in name order; the requirements in declaration order.
  for (auto& [name, entry] : frameworks_) {
    entry.index = p_.frameworks.size();
    rt::Framework out;
    out.name = name;
    out.title = entry.decl->title;
    out.location = LocationOf(p_, entry.decl->name.range);
    std::map<std::string, const ast::RequirementDecl*> first;
    for (const ast::RequirementDecl& r : entry.decl->requirements) {
      auto [at, fresh] = first.emplace(r.ref, &r);
      if (!fresh) {
        d_.Report(r.ref_range, diag::DuplicateRequirement, name, r.ref)
            .AddNote(at->second->ref_range, diag::FirstOneHere);
        continue;
      }
      entry.requirements.emplace(r.ref, out.requirements.size());
      out.requirements.push_back({r.ref, r.title, {}});
    }
    p_.frameworks.push_back(std::move(out));
  }
}

void Checker::CheckMappings(const std::vector<ast::FrameworkRef>& refs) {
  for (const ast::FrameworkRef& m : refs) {
    auto it = frameworks_.find(m.framework.name);
    if (it == frameworks_.end()) {
      std::vector<std::string> names;
      for (const auto& [name, _] : frameworks_) names.push_back(name);
      auto& d = d_.Report(m.framework.range, diag::UndeclaredFramework, m.framework.name);
      std::string best = ClosestMatch(m.framework.name, names);
      if (!best.empty())
        d.AddNote(diag::DidYouMean, best);
      else if (!names.empty())
        d.AddNote(diag::DeclaredFrameworks, fmt::join(names, ", "));
      continue;
    }
    const FrameworkEntry& fw = it->second;
    if (fw.requirements.count(m.reference) != 0) continue;
    // A section written for its requirements ("2.1" for "2.1.1"): the first of them; else the
    // closest id.
    std::vector<std::string> ids;
    for (const auto& [id, _] : fw.requirements) ids.push_back(id);
    auto below = std::find_if(ids.begin(), ids.end(),
                              [&](const std::string& id) { return id.starts_with(m.reference); });
    auto& d = d_.Report(m.range, diag::UnknownRequirement, m.framework.name, m.reference);
    std::string best = below != ids.end() ? *below : ClosestMatch(m.reference, ids);
    if (!best.empty()) d.AddNote(diag::DidYouMean, best);
    d.AddNote(fw.decl->name.range, diag::FrameworkDeclaredHere, m.framework.name);
  }
}

void Checker::CheckAttestations() {
  for (const ast::File& f : p_.files) {
    SetFile(f);
    for (const ast::AttestDecl& a : f.attestations) {
      const ast::Decl* party = Resolve(a.party, "party");
      rt::Attestation out;
      out.location = LocationOf(p_, a.range);
      if (party != nullptr) out.party = party->Name().name;
      bool ok = party != nullptr;
      for (const ast::QualName& lq : a.layers) {
        const ast::Decl* layer = Resolve(lq, "layer");
        if (layer == nullptr) {
          ok = false;
          continue;
        }
        out.layers.push_back(layer->Name().name);
        if (party == nullptr) continue;
        bool held = std::any_of(ownership_.begin(), ownership_.end(), [&](const auto& service) {
          auto it = service.second.find(layer);
          return it != service.second.end() &&
                 std::find(it->second.begin(), it->second.end(), party) != it->second.end();
        });
        if (!held) {
          d_.Report(lq.range, diag::AttestLayerNotOwned, party->Name().name, lq.Text());
          ok = false;
        }
      }
      size_t errors = d_.error_count();
      CheckMappings(a.covers);
      if (!ok || d_.error_count() != errors) continue;
      for (const ast::FrameworkRef& m : a.covers) {
        const FrameworkEntry& fw = frameworks_.at(m.framework.name);
        p_.frameworks[fw.index].requirements[fw.requirements.at(m.reference)].attested.push_back(
            out);
      }
    }
  }
}

}  // namespace srm::sema
