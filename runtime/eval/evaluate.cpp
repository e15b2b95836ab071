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

namespace {

// One control on one resource (or variant of it). Properties that are as a whole an unresolved
// intrinsic (`Properties: {"Fn::If": ...}` on a condition known only at deployment) are unknown:
// no property can be read, and reading them as absent could pass. Fail closed.
Outcome EvaluateOne(const ControlMeta& control, uint32_t block, const Resource& r,
                    const Inventory& inventory, const EvalFn& eval) {
  std::string_view whole = IntrinsicName(*r.properties, inventory.names());
  if (whole.empty()) return eval(control, block, r);
  return Outcome{Status::kError,
                 "the resource's Properties are the unresolved intrinsic " +
                     Describe(*r.properties, inventory.names()) + " (" +
                     inventory.WhereValue(r.properties, r.properties->offset, r.file) + ")",
                 {}};
}

// "AWS::S3::Bucket", "AWS::IAM::Role or AWS::IAM::User", "A, B or C".
std::string TypeList(const std::vector<std::string>& types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i)
    out += (i == 0 ? "" : i + 1 == types.size() ? " or " : ", ") + types[i];
  return out;
}

}  // namespace

Report EvaluateControls(const ControlTable& controls, const Inventory& inventory,
                        const std::set<std::string>& modelled_types, const EvalFn& eval) {
  Report report;
  std::map<std::string, std::vector<uint32_t>, std::less<>> sorted;  // per type, cached
  const std::vector<Resource>& all = inventory.resources();
  for (const std::shared_ptr<const ControlMeta>& control : controls.controls) {
    // The resources of each of its types (one per `for` block), as (block, index) pairs.
    std::vector<std::pair<uint32_t, uint32_t>> visits;
    for (uint32_t block = 0; block < control->resource_types.size(); ++block) {
      const std::string& type = control->resource_types[block];
      auto it = sorted.find(type);
      if (it == sorted.end()) {
        std::vector<uint32_t> order = inventory.OfType(type);
        std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
          return std::tie(all[a].id, all[a].file, all[a].offset) <
                 std::tie(all[b].id, all[b].file, all[b].offset);
        });
        it = sorted.emplace(type, std::move(order)).first;
      }
      for (uint32_t index : it->second) visits.emplace_back(block, index);
    }
    if (visits.empty()) {
      Finding f;
      f.control = control;
      f.status = Status::kSkip;
      f.message = "no " + TypeList(control->resource_types) + " resources in the inventory";
      report.findings.push_back(std::move(f));
      continue;
    }
    for (const std::pair<uint32_t, uint32_t>& visit : visits) {
      uint32_t block = visit.first;  // not a structured binding: the lambdas below capture it
      const Resource& r = all[visit.second];
      Location where = ResourceLocation(inventory, r);
      auto add = [&](Status status, std::string message) {
        Finding f;
        f.control = control;
        f.status = status;
        f.message = std::move(message);
        f.resource = std::string(r.id);
        f.location = where;
        f.block = block;
        report.findings.push_back(std::move(f));
      };
      // The findings of one outcome, their messages after `prefix`.
      auto emit = [&](Outcome& outcome, const std::string& prefix) {
        for (std::string& message : outcome.failed) add(Status::kFail, prefix + message);
        // After a failed assert the resource has failed: a PASS ending adds nothing, and
        // neither does a fault, which may come from the very value the assert rejected
        // (`assert n > 0 ...; assert 100 / n < 5 ...`).
        if (outcome.failed.empty() || outcome.status == Status::kFail)
          add(outcome.status, outcome.message.empty() ? outcome.message : prefix + outcome.message);
      };
      if (r.n_variants == 0) {
        Outcome outcome = EvaluateOne(*control, block, r, inventory, eval);
        emit(outcome, "");
        continue;
      }
      // Conditions known only at deployment: every assignment is checked (Resource::variants).
      // The same outcome everywhere is reported once; otherwise each failing assignment's
      // findings, named by it; a resource no assignment fails passes if one of them passed.
      std::vector<Outcome> outcomes;
      for (uint32_t k = 0; k < r.n_variants; ++k) {
        Resource variant = r;
        variant.properties = r.variants[k].properties;
        variant.variants = nullptr;
        variant.n_variants = 0;
        outcomes.push_back(EvaluateOne(*control, block, variant, inventory, eval));
      }
      auto same = [](const Outcome& a, const Outcome& b) {
        return a.status == b.status && a.message == b.message && a.failed == b.failed;
      };
      auto bad = [](const Outcome& o) {
        return !o.failed.empty() || o.status == Status::kFail || o.status == Status::kError;
      };
      if (std::all_of(outcomes.begin(), outcomes.end(),
                      [&](const Outcome& o) { return same(o, outcomes[0]); })) {
        emit(outcomes[0], "");
      } else if (std::any_of(outcomes.begin(), outcomes.end(), bad)) {
        for (uint32_t k = 0; k < r.n_variants; ++k) {
          if (bad(outcomes[k]))
            emit(outcomes[k], "if " + std::string(r.variants[k].assumption) + ": ");
        }
      } else {
        add(Status::kPass, "");  // PASS under some assignments, filtered out under the others
      }
    }
  }
  for (const auto& [type, count] : inventory.TypeCounts()) {
    if (!modelled_types.count(type)) report.unmodelled[type] = count;
  }
  report.Sort();
  return report;
}

}  // namespace srm::rt
