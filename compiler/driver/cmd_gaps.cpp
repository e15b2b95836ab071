// `srm gaps`: loads the inventories as `srm check` does, evaluates every control of the program
// (or of --profile) with the interpreter, applies the waivers as `srm check` does, and lays the
// findings over the responsibility matrix (cmd_matrix.h): the services with a resource in the
// inventories, their customer layers, and the controls there.
#include "compiler/driver/cmd_gaps.h"

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "compiler/driver/cmd_matrix.h"
#include "compiler/interp/interp.h"
#include "compiler/sema/control_table.h"
#include "compiler/sema/schema_export.h"
#include "runtime/inventory/input_format.h"

namespace srm::driver {
namespace {

// The party whose layers are reported: the customer, as the stdlib (stdlib/aws/model.srm) and
// modules of their own name it.
constexpr const char* kCustomer = "Customer";

}  // namespace

rt::GapsReport BuildGaps(const sema::Program& program, const rt::ControlTable& selected,
                         const rt::Inventory& inventory, const rt::Report& report) {
  rt::GapsReport gaps;
  gaps.party = kCustomer;
  gaps.inventories = report.inventories;
  // The service of each declared resource type (qualified: "aws.EC2"), then the inventory's
  // resources counted by service and type.
  std::map<std::string, std::string> service_of;
  for (const auto& r : program.resources) {
    if (!r->service.empty() && !r->cfn_type.empty()) service_of.emplace(r->cfn_type, r->service);
  }
  std::map<std::string, std::map<std::string, uint32_t>> present;
  std::map<std::string, uint32_t> unassigned;
  for (const rt::Resource& r : inventory.resources()) {
    std::string type(r.type);
    auto it = service_of.find(type);
    if (it == service_of.end())
      ++unassigned[type];
    else
      ++present[it->second][type];
  }
  gaps.unassigned.assign(unassigned.begin(), unassigned.end());
  // Verdict counts by control id; the customer's controls by (service, layer).
  std::map<std::string, rt::VerdictCounts> counts;
  for (const rt::Finding& f : report.findings) {
    rt::VerdictCounts& c = counts[f.control->id];
    switch (f.status) {
      case rt::Status::kPass:
        ++c.pass;
        break;
      case rt::Status::kFail:
        ++c.fail;
        break;
      case rt::Status::kError:
        ++c.error;
        break;
      case rt::Status::kSkip:
        ++c.skip;
        break;
      case rt::Status::kWaived:
        ++c.waived;
        break;
    }
    if (f.control->id == rt::kWaiverExpiredId)
      gaps.expired_waivers.push_back(rt::FormatLocation(f.location) + ": " + f.message);
  }
  std::set<std::string> ids;
  for (const auto& c : selected.controls) ids.insert(c->id);
  std::map<std::pair<std::string, std::string>, std::vector<rt::GapControl>> controls;
  for (const sema::ControlInfo& c : program.controls) {
    if (c.owner != gaps.party || ids.count(c.id) == 0) continue;
    controls[{c.service, c.layer}].push_back({c.id, counts[c.id]});
  }
  rt::ResponsibilityMatrix matrix = BuildMatrix(program);
  for (const rt::MatrixService& s : matrix.services) {
    auto resources = present.find(s.module + "." + s.name);
    if (resources == present.end()) continue;
    rt::GapService out;
    out.name = s.name;
    out.module = s.module;
    out.category = s.category;
    out.resources.assign(resources->second.begin(), resources->second.end());
    for (size_t i = 0; i < matrix.layers.size(); ++i) {
      const rt::MatrixCell& cell = s.cells[i];
      if (!cell.assigned ||
          std::find(cell.parties.begin(), cell.parties.end(), gaps.party) == cell.parties.end())
        continue;
      rt::GapLayer layer;
      layer.layer = matrix.layers[i];
      layer.shared = cell.shared;
      layer.parties = cell.parties;
      layer.duties = cell.duties;
      if (auto it = controls.find({s.name, layer.layer}); it != controls.end())
        layer.controls = it->second;  // program.controls is sorted by id
      out.layers.push_back(std::move(layer));
    }
    gaps.services.push_back(std::move(out));
  }
  return gaps;
}

CLI::App* AddGapsCommand(CLI::App& app, CommonOptions& common, GapsOptions& gaps) {
  CLI::App* cmd = app.add_subcommand(
      "gaps",
      "Show, for the services in the inventories, the layers the customer owns or shares, the "
      "controls that cover them with their verdicts, and the layers no control covers");
  cmd->add_option("policies", common.policies,
                  "Policy files or directories (.srm); none: the embedded stdlib alone");
  cmd->add_option("-i,--inventory", gaps.run.inventories, rt::InventoryFileHelp())
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("--format", gaps.format, "Output format")
      ->check(CLI::IsMember(rt::GapsFormatNames()));
  cmd->add_flag("--fail-on-gaps", gaps.fail_on_gaps,
                "Exit 1 when a layer the customer owns or shares of a service present has no "
                "control");
  AddEvaluationOptions(*cmd, gaps.run);
  AddWaiverOptions(*cmd, gaps.run);
  cmd->add_flag("--no-stdlib", common.no_stdlib, "Do not load the embedded standard library");
  cmd->add_option("--color", common.color, "Colour output (of diagnostics)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  return cmd;
}

int RunGaps(const CommonOptions& common, const GapsOptions& options) {
  sema::Program program;
  if (!Compile(common, program)) return rt::kExitUsage;
  rt::ControlTable table = sema::BuildControlTable(program);
  std::vector<rt::Waiver> waivers;
  if (!SelectProfile(options.run, table, waivers)) return rt::kExitUsage;
  rt::Interner names;
  rt::Inventory inventory(names);
  rt::Report report;
  if (int code = LoadAndEvaluate(program, table, options.run, waivers, inventory, report);
      code != rt::kExitOk)
    return code;
  rt::GapsReport gaps = BuildGaps(program, table, inventory, report);
  std::cout << rt::RenderGaps(gaps, options.format);
  return options.fail_on_gaps && gaps.GapCount() != 0 ? rt::kExitFindings : rt::kExitOk;
}

}  // namespace srm::driver
