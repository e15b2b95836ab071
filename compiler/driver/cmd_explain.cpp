// `srm explain`: evaluates one control with the interpreter over the inventories, tracing its
// evaluation on the named resource (compiler/interp/trace.h), and prints the trace and the
// findings `srm check` gives that control on that resource.
#include "compiler/driver/cmd_explain.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "compiler/interp/interp.h"
#include "compiler/interp/trace.h"
#include "compiler/sema/control_table.h"
#include "compiler/sema/schema_export.h"
#include "runtime/cli/check_rules.h"
#include "runtime/inventory/input_format.h"
#include "runtime/report/policy_rules.h"
#include "runtime/report/severity.h"
#include "runtime/support/suggest.h"

namespace srm::driver {

CLI::App* AddExplain(CLI::App& app, CommonOptions& common, ExplainOptions& explain) {
  CLI::App* cmd = app.add_subcommand(
      "explain", "Show how one control evaluates on one resource, step by step, and why");
  cmd->add_option("policies", common.policies,
                  "Policy files or directories (.srm); none: the embedded stdlib alone");
  cmd->add_option("-i,--inventory", explain.run.inventories, rt::InventoryFileHelp())
      ->required()
      ->allow_extra_args(false);
  cmd->add_option("--control", explain.control, "The control id")->required();
  cmd->add_option("--resource", explain.resource,
                  "The resource's logical id (CloudFormation), address (Terraform) or id")
      ->required();
  cmd->add_option("--format", explain.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}));
  AddEvaluationOptions(*cmd, explain.run);
  cmd->add_option("--today", explain.run.today,
                  "The date (YYYY-MM-DD) waivers are judged by, as for srm check");
  cmd->add_flag("--no-stdlib", common.no_stdlib, "Do not load the embedded standard library");
  return cmd;
}

namespace {

// The resource ids of the inventory, those of `type` first when there are any.
std::vector<std::string> ResourceIds(const rt::Inventory& inventory,
                                     const std::vector<std::string>& types) {
  std::vector<std::string> ids;
  for (const std::string& type : types) {
    for (uint32_t i : inventory.OfType(type)) ids.emplace_back(inventory.resources()[i].id);
  }
  if (ids.empty()) {
    for (const rt::Resource& r : inventory.resources()) ids.emplace_back(r.id);
  }
  return ids;
}

}  // namespace

int RunExplain(const CommonOptions& common, const ExplainOptions& explain) {
  sema::Program program;
  if (!Compile(common, program)) return rt::kExitUsage;
  std::string error;
  if (explain.control.find_first_of("*?[") != std::string::npos) {
    std::cerr << "srm: error: --control takes one control id, not a glob ('" << explain.control
              << "')\n";
    return rt::kExitUsage;
  }
  rt::ControlTable selected;
  std::vector<rt::Waiver> waivers;
  std::string today;
  if (!rt::SelectControls(sema::BuildControlTable(program), {explain.control}, selected, error) ||
      !rt::ApplyProfile("", selected, waivers, error) ||
      !rt::ResolveToday(explain.run.today, today, error)) {
    std::cerr << "srm: error: " << error << "\n";
    return rt::kExitUsage;
  }
  const rt::ControlMeta& control = *selected.controls.front();

  rt::SchemaMap schemas = sema::BuildSchemaMap(program);
  rt::Interner names;
  rt::Inventory inventory(names);
  std::vector<std::string> files;
  if (int code = rt::LoadInventories(explain.run, schemas, inventory, files); code != rt::kExitOk)
    return code;
  std::set<std::string> types;
  for (const rt::Resource& r : inventory.resources()) {
    if (r.id == explain.resource) types.emplace(r.type);
  }
  if (types.empty()) {
    std::string near =
        ClosestMatch(explain.resource, ResourceIds(inventory, control.resource_types));
    std::cerr << "srm: error: no resource '" << explain.resource << "' in the inventory"
              << (near.empty() ? "" : "; did you mean '" + near + "'?") << "\n";
    return rt::kExitUsage;
  }
  if (std::none_of(control.resource_types.begin(), control.resource_types.end(),
                   [&](const std::string& t) { return types.count(t) != 0; })) {
    std::cerr << "srm: error: resource '" << explain.resource << "' is " << *types.begin()
              << "; control " << control.id << " checks "
              << fmt::format("{}", fmt::join(control.resource_types, ", ")) << " resources\n";
    return rt::kExitUsage;
  }

  interp::Tracer tracer(explain.resource);
  rt::Report report = interp::Evaluate(program, selected, inventory, explain.run.budget, &tracer);
  std::vector<std::string> warnings;  // about other resources' waivers: not this command's
  rt::AddInventoryWaivers(inventory, waivers);
  rt::ApplyWaivers(report, waivers, today, warnings);
  rt::Report mine;
  for (rt::Finding& f : report.findings) {
    if (f.control->id == control.id && f.resource == explain.resource)
      mine.findings.push_back(std::move(f));
  }
  std::cout << (explain.format == "json"
                    ? interp::RenderTraceJson(program, control, tracer.traces(), mine.findings)
                    : interp::RenderTraceText(program, control, tracer.traces(), mine.findings));
  return rt::FindingsExitCode(mine, rt::kSeverities.front(), false);
}

}  // namespace srm::driver
