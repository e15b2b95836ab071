// Shared controls (docs/language.md, Shared controls): the `shared control` declarations, the
// duties both parties have in general, and the duties services state for themselves. A party
// has a part of a shared control on a service only where it owns or shares one of the control's
// layers there; a control on no layer is the same on every service, so no service restates it.
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "compiler/sema/checker.h"

namespace srm::sema {

namespace {

std::string LayerList(const ast::SharedControlDecl& sc) {
  std::vector<std::string> names;
  for (const ast::QualName& l : sc.layers) names.push_back(l.Text());
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

std::vector<const ast::Decl*> Checker::SharedEntryParties(
    const std::vector<ast::SharedEntry>& entries) {
  std::vector<const ast::Decl*> parties;
  std::set<const ast::Decl*> seen;
  for (const ast::SharedEntry& e : entries) {
    const ast::Decl* party = Resolve(e.party, "party");
    if (party == nullptr) continue;
    if (!seen.insert(party).second) {
      d_.Report(e.party.range, diag::PartyListedTwice, e.party.Text());
      continue;
    }
    parties.push_back(party);
  }
  return parties;
}

void Checker::CheckSharedControls() {
  // The declarations: their layers resolve, each once; at least two parties, each once.
  std::map<const ast::Decl*, std::vector<const ast::Decl*>> layers_of;
  for (const ast::File& f : p_.files) {
    SetFile(f);
    for (const ast::Decl& d : f.decls) {
      const auto* sc = std::get_if<ast::SharedControlDecl>(&d.node);
      if (sc == nullptr) continue;
      auto& layers = layers_of[&d];
      for (const ast::QualName& lq : sc->layers) {
        const ast::Decl* layer = Resolve(lq, "layer");
        if (layer == nullptr) continue;
        if (std::find(layers.begin(), layers.end(), layer) != layers.end()) {
          d_.Report(lq.range, diag::SharedControlLayerTwice, lq.Text(), sc->name.name);
          continue;
        }
        layers.push_back(layer);
      }
      SharedEntryParties(sc->entries);
      if (sc->entries.size() < 2)
        d_.Report(sc->name.range, diag::SharedControlNeedsTwoParties, sc->name.name);
    }
  }
  // The services' own duties: a known shared control, once per service; each party once and
  // with a part of the control on the service.
  for (const ast::File& f : p_.files) {
    SetFile(f);
    for (const ast::Decl& d : f.decls) {
      const auto* s = std::get_if<ast::ServiceDecl>(&d.node);
      if (s == nullptr) continue;
      std::map<const ast::Decl*, ast::SourceRange> stated;
      for (const ast::SharedControlDuty& duty : s->shared_controls) {
        const ast::Decl* control = Resolve(duty.control, "shared control");
        std::vector<const ast::Decl*> parties = SharedEntryParties(duty.entries);
        if (control == nullptr) continue;
        auto [it, fresh] = stated.emplace(control, duty.range);
        if (!fresh) {
          d_.Report(duty.control.range, diag::SharedControlStatedTwice, s->name.name,
                    duty.control.Text())
              .AddNote(it->second, diag::FirstOneHere);
          continue;
        }
        if (duty.entries.empty()) {
          d_.Report(duty.range, diag::SharedControlNoDuties, s->name.name, duty.control.Text());
          continue;
        }
        const auto& sc = std::get<ast::SharedControlDecl>(control->node);
        const auto& owners = ownership_[&d];
        std::set<const ast::Decl*> checked;
        for (size_t i = 0; i < duty.entries.size(); ++i) {
          const ast::Decl* party = Lookup(duty.entries[i].party);
          if (party == nullptr || !checked.insert(party).second ||
              std::find(parties.begin(), parties.end(), party) == parties.end())
            continue;  // unknown or repeated: reported
          bool holds = false;
          for (const ast::Decl* layer : layers_of[control]) {
            auto o = owners.find(layer);
            if (o != owners.end() &&
                std::find(o->second.begin(), o->second.end(), party) != o->second.end())
              holds = true;
          }
          if (holds) continue;
          auto& diag = d_.Report(duty.entries[i].party.range, diag::DutyWithoutLayer,
                                 duty.entries[i].party.Text(), duty.control.Text(), s->name.name);
          if (sc.layers.empty())
            diag.AddNote(control->Name().range, diag::SharedControlOnNoLayer, sc.name.name);
          else
            diag.AddNote(control->Name().range, diag::SharedControlLayers, sc.name.name,
                         LayerList(sc));
        }
      }
    }
  }
}

}  // namespace srm::sema
