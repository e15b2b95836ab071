#include "runtime/eval/evaluate.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "runtime/support/json_text.h"

namespace srm::rt {

namespace {

Location LocateOffset(const Inventory& inventory, uint32_t file_index, uint32_t offset) {
  const SourceFile& file = inventory.file(file_index);
  LineCol at = file.Locate(offset);
  Location where;
  where.file = file.path();
  where.line = at.line;
  where.column = at.col;
  return where;
}

// A key as a path step: `.Name`, or `["a.b"]` when it is not a plain name.
void AppendKey(std::string& path, std::string_view key) {
  bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':';
  });
  if (plain) {
    if (!path.empty()) path += '.';
    path += key;
  } else {
    path += "[" + JsonQuote(key) + "]";
  }
}

// Finds `target` in the tree under `v` (by address): its path from `v` and the offset to point
// at (a member's key, an element itself). False when it is not there.
bool FindValue(const Value& v, const Value* target, const Interner& names, std::string& path,
               uint32_t& offset) {
  if (&v == target) {
    offset = v.offset;
    return true;
  }
  size_t mark = path.size();
  if (v.kind == ValueKind::kObject) {
    for (uint32_t i = 0; i < v.size; ++i) {
      const Member& m = v.members[i];
      AppendKey(path, names.Name(m.key));
      if (&m.value == target) {
        offset = m.key_offset;
        return true;
      }
      if (FindValue(m.value, target, names, path, offset)) return true;
      path.resize(mark);
    }
  } else if (v.kind == ValueKind::kList) {
    for (uint32_t i = 0; i < v.size; ++i) {
      path += "[" + std::to_string(i) + "]";
      if (FindValue(v.items[i], target, names, path, offset)) return true;
      path.resize(mark);
    }
  }
  return false;
}

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
                 {},
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

Location ResourceLocation(const Inventory& inventory, const Resource& resource) {
  return LocateOffset(inventory, resource.file, resource.offset);
}

PropertyRef PropertyOf(const Inventory& inventory, const Resource& resource,
                       const Value* properties, const Read& read) {
  PropertyRef out;
  if (read.parent == nullptr) return out;
  // The value read, or where an absent one would be: its parent.
  const Value* at = read.found != nullptr ? read.found : read.parent;
  out.absent = read.found == nullptr;
  std::string path;
  uint32_t offset = at->offset;
  bool found = properties != nullptr && FindValue(*properties, at, inventory.names(), path, offset);
  if (!found && read.resource != Read::kNoResource && read.resource != resource.index &&
      read.resource < inventory.resources().size()) {
    const Resource& other = inventory.resources()[read.resource];
    found = FindValue(*other.properties, at, inventory.names(), path, offset);
    if (found) out.resource = std::string(other.id);
  }
  if (found) {
    if (out.absent && !read.key.empty()) AppendKey(path, read.key);
    out.path = std::move(path);
  }
  out.location = LocateOffset(inventory, inventory.FileOf(at, resource.file), offset);
  return out;
}

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
      // `properties`: the resource's as evaluated (a variant's, under conditions).
      auto add = [&](Status status, std::string message, const Value* properties,
                     const Read& read) {
        Finding f;
        f.control = control;
        f.status = status;
        f.message = std::move(message);
        f.resource = std::string(r.id);
        f.location = where;
        f.block = block;
        if (status == Status::kFail) f.property = PropertyOf(inventory, r, properties, read);
        report.findings.push_back(std::move(f));
      };
      // The findings of one outcome, their messages after `prefix`.
      auto emit = [&](Outcome& outcome, const std::string& prefix, const Value* properties) {
        for (Failure& failure : outcome.failed)
          add(Status::kFail, prefix + failure.message, properties, failure.read);
        // After a failed assert the resource has failed: a PASS ending adds nothing, and
        // neither does a fault, which may come from the very value the assert rejected
        // (`assert n > 0 ...; assert 100 / n < 5 ...`).
        if (outcome.failed.empty() || outcome.status == Status::kFail)
          add(outcome.status, outcome.message.empty() ? outcome.message : prefix + outcome.message,
              properties, outcome.read);
      };
      if (r.n_variants == 0) {
        Outcome outcome = EvaluateOne(*control, block, r, inventory, eval);
        emit(outcome, "", r.properties);
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
        auto messages = [](const Outcome& o) {
          std::vector<std::string_view> out;
          for (const Failure& f : o.failed) out.push_back(f.message);
          return out;
        };
        return a.status == b.status && a.message == b.message && messages(a) == messages(b);
      };
      auto bad = [](const Outcome& o) {
        return !o.failed.empty() || o.status == Status::kFail || o.status == Status::kError;
      };
      if (std::all_of(outcomes.begin(), outcomes.end(),
                      [&](const Outcome& o) { return same(o, outcomes[0]); })) {
        emit(outcomes[0], "", r.variants[0].properties);
      } else if (std::any_of(outcomes.begin(), outcomes.end(), bad)) {
        for (uint32_t k = 0; k < r.n_variants; ++k) {
          if (bad(outcomes[k]))
            emit(outcomes[k], "if " + std::string(r.variants[k].assumption) + ": ",
                 r.variants[k].properties);
        }
      } else {
        add(Status::kPass, "", r.properties,
            Read{});  // PASS under some assignments, filtered out under the others
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
