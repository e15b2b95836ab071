// `srm matrix`: reads the services, parties and layers from the checked program's declarations
// and the controls from its control list, keeps the services asked for, and renders the matrix.
#include "compiler/driver/cmd_matrix.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "compiler/sema/service_models.h"
#include "runtime/cli/check_run.h"
#include "runtime/support/suggest.h"

namespace srm::driver {

namespace {

rt::MatrixDuties Duties(const std::vector<ast::SharedEntry>& entries) {
  rt::MatrixDuties out;
  for (const ast::SharedEntry& e : entries) {
    out.parties.push_back(e.party.parts.back().name);
    out.duties.push_back(e.description);
  }
  return out;
}

}  // namespace

rt::ResponsibilityMatrix BuildMatrix(const sema::Program& program) {
  rt::ResponsibilityMatrix m;
  std::vector<const ast::ServiceDecl*> decls;
  std::vector<std::string> modules;
  for (const ast::File& f : program.files) {
    for (const ast::Decl& d : f.decls) {
      if (const auto* party = std::get_if<ast::PartyDecl>(&d.node)) {
        if (std::find(m.parties.begin(), m.parties.end(), party->name.name) == m.parties.end())
          m.parties.push_back(party->name.name);
      } else if (const auto* layer = std::get_if<ast::LayerDecl>(&d.node)) {
        if (std::find(m.layers.begin(), m.layers.end(), layer->name.name) == m.layers.end())
          m.layers.push_back(layer->name.name);
      } else if (const auto* service = std::get_if<ast::ServiceDecl>(&d.node)) {
        decls.push_back(service);
        modules.push_back(f.ModuleName());
      } else if (const auto* sc = std::get_if<ast::SharedControlDecl>(&d.node)) {
        rt::MatrixSharedControl out{
            sc->name.name, f.ModuleName(), sc->title, {}, Duties(sc->entries), {}};
        for (const ast::QualName& layer : sc->layers) out.layers.push_back(layer.parts.back().name);
        m.shared_controls.push_back(std::move(out));
      }
    }
  }
  // The services' own duties of shared controls, matched by the names they write.
  for (const ast::ServiceDecl* s : decls) {
    for (const ast::SharedControlDuty& duty : s->shared_controls) {
      for (rt::MatrixSharedControl& sc : m.shared_controls) {
        if (sc.name == duty.control.parts.back().name)
          sc.services.emplace_back(s->name.name, Duties(duty.entries));
      }
    }
  }
  for (rt::MatrixSharedControl& sc : m.shared_controls)
    std::stable_sort(sc.services.begin(), sc.services.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  // Controls name their service and layer as written in findings: the declared names.
  std::map<std::pair<std::string, std::string>, std::vector<const sema::ControlInfo*>> controls;
  for (const sema::ControlInfo& c : program.controls) controls[{c.service, c.layer}].push_back(&c);
  auto column = [&](const ast::QualName& layer) -> size_t {
    const std::string& name = layer.parts.back().name;
    return static_cast<size_t>(std::find(m.layers.begin(), m.layers.end(), name) -
                               m.layers.begin());
  };
  for (size_t i = 0; i < decls.size(); ++i) {
    const ast::ServiceDecl& s = *decls[i];
    rt::MatrixService out;
    out.name = s.name.name;
    out.module = modules[i];
    out.description = s.description;
    if (s.model) {
      out.model = s.model->name;
      if (const sema::ServiceModel* model = sema::FindServiceModel(out.model))
        out.category = model->category;
    }
    out.cells.resize(m.layers.size());
    for (const ast::OwnsClause& owns : s.owns) {
      for (const ast::QualName& layer : owns.layers) {
        rt::MatrixCell& cell = out.cells[column(layer)];
        cell.assigned = true;
        cell.parties = {owns.party.parts.back().name};
      }
    }
    for (const ast::SharedClause& shared : s.shared) {
      for (const ast::QualName& layer : shared.layers) {
        rt::MatrixCell& cell = out.cells[column(layer)];
        cell.assigned = cell.shared = true;
        for (const ast::SharedEntry& e : shared.entries) {
          cell.parties.push_back(e.party.parts.back().name);
          cell.duties.push_back(e.description);
        }
      }
    }
    for (size_t l = 0; l < m.layers.size(); ++l) {
      auto it = controls.find({out.name, m.layers[l]});
      if (it == controls.end()) continue;
      rt::MatrixCell& cell = out.cells[l];
      std::set<std::string> frameworks;
      for (const sema::ControlInfo* c : it->second) {
        cell.controls.push_back(c->id);
        for (const ast::FrameworkRef& ref : c->decl->maps) frameworks.insert(ref.framework.name);
      }
      cell.frameworks.assign(frameworks.begin(), frameworks.end());
    }
    m.services.push_back(std::move(out));
  }
  std::stable_sort(m.services.begin(), m.services.end(),
                   [](const rt::MatrixService& a, const rt::MatrixService& b) {
                     return std::tie(a.name, a.module) < std::tie(b.name, b.module);
                   });
  return m;
}

CLI::App* AddMatrixCommand(CLI::App& app, CommonOptions& common, MatrixOptions& matrix) {
  CLI::App* cmd = app.add_subcommand(
      "matrix",
      "Show who owns each layer of each service (the shared responsibility model) and the "
      "controls on it");
  cmd->add_option("policies", common.policies,
                  "Policy files or directories (.srm); none: the embedded stdlib alone");
  cmd->add_option("--service", matrix.services, "Only this service (repeatable)");
  cmd->add_option("--format", matrix.format, "Output format")
      ->check(CLI::IsMember(rt::MatrixFormatNames()));
  cmd->add_flag("--no-stdlib", common.no_stdlib, "Do not load the embedded standard library");
  cmd->add_option("--color", common.color, "Colour output (of diagnostics)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  return cmd;
}

int RunMatrix(const CommonOptions& common, const MatrixOptions& options) {
  sema::Program program;
  if (!Compile(common, program)) return rt::kExitUsage;
  rt::ResponsibilityMatrix matrix = BuildMatrix(program);
  if (!options.services.empty()) {
    std::vector<std::string> names;
    for (const rt::MatrixService& s : matrix.services) names.push_back(s.name);
    for (const std::string& want : options.services) {
      if (std::find(names.begin(), names.end(), want) != names.end()) continue;
      std::string close = ClosestMatch(want, names);
      std::cerr << "srm: error: unknown service '" << want << "'"
                << (close.empty() ? "" : "; did you mean '" + close + "'?") << "\n";
      return rt::kExitUsage;
    }
    std::vector<rt::MatrixService> kept;
    for (rt::MatrixService& s : matrix.services) {
      if (std::find(options.services.begin(), options.services.end(), s.name) !=
          options.services.end())
        kept.push_back(std::move(s));
    }
    matrix.services = std::move(kept);
    for (rt::MatrixSharedControl& sc : matrix.shared_controls) {
      std::erase_if(sc.services, [&](const auto& duty) {
        return std::find(options.services.begin(), options.services.end(), duty.first) ==
               options.services.end();
      });
    }
  }
  std::cout << rt::RenderMatrix(matrix, options.format);
  return rt::kExitOk;
}

}  // namespace srm::driver
