#include "runtime/eval/evaluate.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace srm::rt {

Location ResourceLocation(const Inventory& inventory, const Resource& resource) {
  const SourceFile& file = inventory.file(resource.file);
  LineCol at = file.Locate(resource.offset);
  Location where;
  where.file = file.path();
  where.line = at.line;
  where.column = at.col;
  return where;
}

Report EvaluateControls(const ControlTable& controls, const Inventory& inventory,
                        const std::set<std::string>& modelled_types, const EvalFn& eval) {
  Report report;
  std::map<std::string, std::vector<uint32_t>, std::less<>> sorted;  // per type, cached
  const std::vector<Resource>& all = inventory.resources();
  for (const std::shared_ptr<const ControlMeta>& control : controls.controls) {
    const std::string& type = control->resource_type;
    auto it = sorted.find(type);
    if (it == sorted.end()) {
      std::vector<uint32_t> order = inventory.OfType(type);
      std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return std::tie(all[a].id, all[a].file, all[a].offset) <
               std::tie(all[b].id, all[b].file, all[b].offset);
      });
      it = sorted.emplace(type, std::move(order)).first;
    }
    if (it->second.empty()) {
      Finding f;
      f.control = control;
      f.status = Status::kSkip;
      f.message = "no " + type + " resources in the inventory";
      report.findings.push_back(std::move(f));
      continue;
    }
    for (uint32_t index : it->second) {
      const Resource& r = all[index];
      // Properties that are as a whole an unresolved intrinsic (`Properties: {"Fn::If": ...}`
      // on a condition known only at deployment) are unknown: no property can be read, and
      // reading them as absent could pass. Fail closed.
      std::string_view whole = IntrinsicName(*r.properties, inventory.names());
      Outcome outcome =
          whole.empty()
              ? eval(*control, r)
              : Outcome{Status::kError,
                        "the resource's Properties are the unresolved intrinsic " +
                            Describe(*r.properties, inventory.names()) + " (" +
                            inventory.WhereValue(r.properties, r.properties->offset, r.file) + ")",
                        {}};
      Location where = ResourceLocation(inventory, r);
      auto add = [&](Status status, std::string message) {
        Finding f;
        f.control = control;
        f.status = status;
        f.message = std::move(message);
        f.resource = std::string(r.id);
        f.location = where;
        report.findings.push_back(std::move(f));
      };
      for (std::string& message : outcome.failed) add(Status::kFail, std::move(message));
      // After a failed assert the resource has failed: a PASS ending adds nothing, and neither
      // does a fault, which may come from the very value the assert rejected
      // (`assert n > 0 ...; assert 100 / n < 5 ...`).
      if (outcome.failed.empty() || outcome.status == Status::kFail)
        add(outcome.status, std::move(outcome.message));
    }
  }
  for (const auto& [type, count] : inventory.TypeCounts()) {
    if (!modelled_types.count(type)) report.unmodelled[type] = count;
  }
  report.Sort();
  return report;
}

}  // namespace srm::rt
