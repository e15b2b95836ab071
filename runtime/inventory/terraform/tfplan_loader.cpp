// Terraform JSON plans and states (`terraform show -json`, format_version 1.x): validates them,
// adds their managed resources (values known after apply marked unknown) and references.
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "runtime/inventory/format_loaders.h"
#include "runtime/inventory/terraform/tfplan_refs.h"
#include "runtime/value/value_build.h"

namespace srm::rt::detail {
namespace {

// Child modules and after_unknown trees nest no deeper than the JSON itself; these bound the
// recursion anyway.
constexpr int kMaxModuleDepth = 256;
constexpr int kMaxOverlayDepth = 1024;

constexpr const char* kExpected =
    "expected the JSON output of \"terraform show -json\" (format_version \"1.x\")";

// True for "1", "1.0", "1.2", "1.2.3": the only major version of the JSON output format.
bool IsSupportedVersion(std::string_view v) {
  if (v.empty() || v[0] != '1') return false;
  size_t i = 1;
  while (i < v.size()) {
    if (v[i] != '.') return false;
    size_t digits = ++i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    if (i == digits) return false;
  }
  return true;
}

class TfBuilder {
 public:
  explicit TfBuilder(FileLoad& load)
      : load_(load), names_(load.inv.names()), arena_(load.inv.arena()) {}
  bool Run(const TfSections& s);

 private:
  bool Fail(uint32_t offset, const std::string& message) { return load_.Fail(offset, message); }
  bool CheckVersion(const TfSections& s);
  bool Changes(const Value& changes);
  bool Module(const Value& module, const std::string& what, int depth);
  bool OneResource(const Value& r, const std::string& what);
  // A non-empty string member of resource `r`; fails naming `what` otherwise.
  bool RequireString(const Value& r, std::string_view key, const std::string& what,
                     const char* example, std::string_view& out);
  // `unknown` (an after_unknown tree) laid over `value` (nullptr when absent): returns true and
  // sets `out` when some value becomes unknown; `value` itself is never modified.
  bool Overlay(const Value* value, const Value& unknown, Value& out, int depth);
  // The policy type and map for a Terraform type (cached), type as is when unmapped.
  std::pair<std::string_view, const TypeMap*> TypeOf(std::string_view tf_type);

  FileLoad& load_;
  Interner& names_;
  Arena& arena_;
  std::unordered_map<std::string_view, const Value*> unknowns_;  // address -> after_unknown
  std::unordered_map<std::string_view, uint32_t> addresses_;     // address -> offset
  std::unordered_map<std::string_view, std::pair<std::string_view, const TypeMap*>> types_;
  std::vector<TfInstance> instances_;
};

bool TfBuilder::CheckVersion(const TfSections& s) {
  const Value* v = s.format_version;
  if (v == nullptr)
    return Fail(s.top_offset, fmt::format("missing \"format_version\"; {}", kExpected));
  if (v->kind != ValueKind::kString) {
    return Fail(v->offset, fmt::format("\"format_version\" must be a string such as \"1.2\", "
                                       "found {}",
                                       JsonKindName(*v)));
  }
  if (!IsSupportedVersion(v->AsString())) {
    return Fail(v->offset, fmt::format("unsupported format_version {}; SRM reads version 1.x of "
                                       "Terraform's JSON output format",
                                       Describe(*v, names_)));
  }
  return true;
}

// resource_changes: the unknown values of each planned resource (change.after_unknown).
// Entries for deposed objects (being destroyed) are skipped.
bool TfBuilder::Changes(const Value& changes) {
  if (changes.kind == ValueKind::kNull) return true;
  if (changes.kind != ValueKind::kList) {
    return Fail(changes.offset, fmt::format("\"resource_changes\" must be an array, found {}",
                                            JsonKindName(changes)));
  }
  std::unordered_map<std::string_view, uint32_t> seen;
  for (uint32_t k = 0; k < changes.size; ++k) {
    const Value& c = changes.items[k];
    std::string what = fmt::format("resource change {}", k);
    if (c.kind != ValueKind::kObject) {
      return Fail(c.offset, fmt::format("{} must be an object with \"address\" and \"change\", "
                                        "found {}",
                                        what, JsonKindName(c)));
    }
    std::string_view address;
    if (!RequireString(c, "address", what, "\"aws_s3_bucket.logs\"", address)) return false;
    what = fmt::format("resource change \"{}\"", address);
    const Value* deposed = Find(c, names_, "deposed");
    if (deposed != nullptr && deposed->kind != ValueKind::kNull) continue;
    uint32_t address_offset = Find(c, names_, "address")->offset;
    auto [it, inserted] = seen.emplace(address, address_offset);
    if (!inserted) {
      LineCol first = load_.file.Locate(it->second);
      return Fail(address_offset,
                  fmt::format("duplicate resource change for \"{}\" (first at line {}:{})", address,
                              first.line, first.col));
    }
    const Value* change = Find(c, names_, "change");
    if (change == nullptr) continue;
    if (change->kind != ValueKind::kObject) {
      return Fail(change->offset, fmt::format("{}: \"change\" must be an object with "
                                              "\"actions\", \"before\" and \"after\", found {}",
                                              what, JsonKindName(*change)));
    }
    const Value* unknown = Find(*change, names_, "after_unknown");
    if (unknown == nullptr || unknown->kind == ValueKind::kNull) continue;
    if (unknown->kind != ValueKind::kObject && unknown->kind != ValueKind::kBool) {
      return Fail(unknown->offset, fmt::format("{}: \"after_unknown\" must be an object mirroring "
                                               "\"after\" with true where a value is known only "
                                               "after apply, found {}",
                                               what, JsonKindName(*unknown)));
    }
    if (unknown->kind == ValueKind::kObject) unknowns_[address] = unknown;
  }
  return true;
}

bool TfBuilder::RequireString(const Value& r, std::string_view key, const std::string& what,
                              const char* example, std::string_view& out) {
  const Value* v = Find(r, names_, key);
  if (v == nullptr) {
    return Fail(r.offset, fmt::format("{}: missing \"{}\"; expected a string such as {}", what, key,
                                      example));
  }
  if (v->kind != ValueKind::kString || v->size == 0) {
    return Fail(v->offset,
                fmt::format("{}: \"{}\" must be a non-empty string such as {}, found "
                            "{}",
                            what, key, example,
                            v->kind == ValueKind::kString ? "an empty string" : JsonKindName(*v)));
  }
  out = v->AsString();
  return true;
}

bool TfBuilder::Overlay(const Value* value, const Value& unknown, Value& out, int depth) {
  if (depth > kMaxOverlayDepth) return false;
  if (unknown.kind == ValueKind::kBool) {
    if (!unknown.b) return false;
    out = MakeUnknown(unknown.offset);
    return true;
  }
  if (value != nullptr && value->kind == ValueKind::kNull) value = nullptr;
  if (unknown.kind == ValueKind::kObject) {
    if (value != nullptr && value->kind != ValueKind::kObject) return false;  // shapes differ
    std::vector<Member> members;
    if (value != nullptr) members.assign(value->members, value->members + value->size);
    bool changed = false;
    for (uint32_t k = 0; k < unknown.size; ++k) {
      const Member& u = unknown.members[k];
      size_t at = members.size();
      for (size_t j = 0; j < members.size(); ++j) {
        if (members[j].key == u.key) at = j;
      }
      Value child;
      if (!Overlay(at < members.size() ? &members[at].value : nullptr, u.value, child, depth + 1)) {
        continue;
      }
      changed = true;
      if (at < members.size()) {
        members[at].value = child;
      } else {
        members.push_back(Member{u.key, u.key_offset, child});
      }
    }
    if (!changed) return false;
    out = MakeObject(arena_, members, value != nullptr ? value->offset : unknown.offset);
    return true;
  }
  if (unknown.kind == ValueKind::kList) {
    if (value != nullptr && value->kind != ValueKind::kList) return false;
    std::vector<Value> items;
    if (value != nullptr) items.assign(value->items, value->items + value->size);
    bool changed = false;
    for (uint32_t k = 0; k < unknown.size; ++k) {
      Value child;
      if (!Overlay(k < items.size() ? &items[k] : nullptr, unknown.items[k], child, depth + 1))
        continue;
      changed = true;
      while (items.size() <= k) {
        items.emplace_back();
        items.back().offset = unknown.items[items.size() - 1].offset;
      }
      items[k] = child;
    }
    if (!changed) return false;
    out = MakeList(arena_, items, value != nullptr ? value->offset : unknown.offset);
    return true;
  }
  return false;
}

std::pair<std::string_view, const TypeMap*> TfBuilder::TypeOf(std::string_view tf_type) {
  auto it = types_.find(tf_type);
  if (it != types_.end()) return it->second;
  const SchemaMap* schemas = load_.options.schemas;
  const TypeMap* map =
      schemas == nullptr ? nullptr : schemas->ForBound(InputFormat::kTfPlan, tf_type);
  std::pair<std::string_view, const TypeMap*> result(
      map == nullptr ? tf_type : arena_.CopyString(map->type), map);
  types_.emplace(tf_type, result);
  return result;
}

bool TfBuilder::Module(const Value& module, const std::string& what, int depth) {
  if (module.kind != ValueKind::kObject) {
    return Fail(module.offset, fmt::format("{} must be an object with \"resources\" and "
                                           "\"child_modules\", found {}",
                                           what, JsonKindName(module)));
  }
  if (depth > kMaxModuleDepth) {
    return Fail(module.offset, fmt::format("child modules nest deeper than {}", kMaxModuleDepth));
  }
  if (const Value* resources = Find(module, names_, "resources")) {
    if (resources->kind != ValueKind::kList) {
      return Fail(resources->offset, fmt::format("\"resources\" of {} must be an array of "
                                                 "resources, found {}",
                                                 what, JsonKindName(*resources)));
    }
    for (uint32_t k = 0; k < resources->size; ++k) {
      if (!OneResource(resources->items[k], fmt::format("resource {} of {}", k, what)))
        return false;
    }
  }
  const Value* children = Find(module, names_, "child_modules");
  if (children == nullptr) return true;
  if (children->kind != ValueKind::kList) {
    return Fail(children->offset, fmt::format("\"child_modules\" of {} must be an array of "
                                              "modules, found {}",
                                              what, JsonKindName(*children)));
  }
  for (uint32_t k = 0; k < children->size; ++k) {
    const Value& child = children->items[k];
    std::string child_what = fmt::format("child module {} of {}", k, what);
    if (child.kind == ValueKind::kObject) {
      const Value* address = Find(child, names_, "address");
      if (address != nullptr && (address->kind != ValueKind::kString || address->size == 0)) {
        return Fail(address->offset, fmt::format("{}: \"address\" must be a module address such "
                                                 "as \"module.network\", found {}",
                                                 child_what, JsonKindName(*address)));
      }
      if (address != nullptr) child_what = fmt::format("\"{}\"", address->AsString());
    }
    if (!Module(child, child_what, depth + 1)) return false;
  }
  return true;
}

bool TfBuilder::OneResource(const Value& r, const std::string& what) {
  if (r.kind != ValueKind::kObject) {
    return Fail(r.offset, fmt::format("{} must be an object with \"address\", \"mode\", \"type\" "
                                      "and \"values\", found {}",
                                      what, JsonKindName(r)));
  }
  std::string_view address, mode, type;
  if (!RequireString(r, "address", what, "\"aws_s3_bucket.logs\"", address)) return false;
  std::string label = fmt::format("resource \"{}\"", address);
  uint32_t address_offset = Find(r, names_, "address")->offset;
  auto [it, inserted] = addresses_.emplace(address, address_offset);
  if (!inserted) {
    LineCol first = load_.file.Locate(it->second);
    return Fail(address_offset, fmt::format("duplicate resource address \"{}\" (first at line "
                                            "{}:{})",
                                            address, first.line, first.col));
  }
  if (!RequireString(r, "mode", label, "\"managed\"", mode)) return false;
  if (mode != "managed" && mode != "data") {
    return Fail(
        Find(r, names_, "mode")->offset,
        fmt::format("{}: \"mode\" must be \"managed\" or \"data\", found \"{}\"", label, mode));
  }
  if (!RequireString(r, "type", label, "\"aws_s3_bucket\"", type)) return false;
  TfInstance instance;
  if (!ParseTfAddress(address, instance.parsed)) {
    return Fail(address_offset, fmt::format("{}: \"address\" is not a Terraform resource address "
                                            "such as \"module.net.aws_s3_bucket.logs[\\\"a\\\"]\"",
                                            label));
  }
  if (instance.parsed.data != (mode == "data") || instance.parsed.type != type) {
    return Fail(address_offset,
                fmt::format("{}: the address does not match \"mode\": \"{}\" and \"type\": "
                            "\"{}\" (expected an address of the form {}{}.NAME)",
                            label, mode, type, mode == "data" ? "data." : "", type));
  }
  const Value* values = Find(r, names_, "values");
  if (values != nullptr && values->kind == ValueKind::kNull) values = nullptr;
  if (values != nullptr && values->kind != ValueKind::kObject) {
    return Fail(values->offset, fmt::format("{}: \"values\" must be an object of attribute "
                                            "values, found {}",
                                            label, JsonKindName(*values)));
  }
  if (mode == "data") return true;  // data sources are read, not managed: not resources
  auto unknown = unknowns_.find(address);
  if (unknown != unknowns_.end()) {
    Value overlaid;
    Value empty = MakeObject(arena_, nullptr, 0, r.offset);
    if (Overlay(values != nullptr ? values : &empty, *unknown->second, overlaid, 0)) {
      values = Store(arena_, overlaid);
    }
  }
  Resource res;
  res.id = address;
  res.file = load_.file_index;
  res.offset = r.offset;
  auto [policy_type, map] = TypeOf(type);
  res.type = policy_type;
  if (map != nullptr) {
    Value empty = MakeObject(arena_, nullptr, 0, r.offset);
    res.properties = MapProperties(*load_.options.schemas, *map, InputFormat::kTfPlan,
                                   values != nullptr ? *values : empty, load_.inv);
  } else {
    res.properties = values;
  }
  instance.index = load_.inv.AddResource(res);
  instance.address = address;
  instance.values = values;
  instances_.push_back(std::move(instance));
  return true;
}

// Resources: the managed resources of planned_values (a plan) or values (a state), root module
// first, then child modules depth first. Their id is the address; their type the policy type a
// schema maps the Terraform type to (properties mapped by MapProperties), else the Terraform
// type with its values as they are. Null values are absent (the evaluator treats them so).
bool TfBuilder::Run(const TfSections& s) {
  if (!CheckVersion(s)) return false;
  const Value* state = s.planned_values;
  const char* state_name = "\"planned_values\"";
  if (s.planned_values != nullptr && s.values != nullptr) {
    return Fail(s.values->offset,
                "both \"planned_values\" (a plan) and \"values\" (a state) are "
                "present; expected one of them");
  }
  if (state == nullptr) {
    state = s.values;
    state_name = "\"values\"";
  }
  if (state == nullptr) {
    // `terraform show -json` of an empty state prints only the format version.
    const Value* plan_part = s.resource_changes != nullptr ? s.resource_changes : s.configuration;
    if (plan_part == nullptr) return true;
    return Fail(plan_part->offset,
                "this plan has no \"planned_values\"; expected the planned "
                "resources in \"planned_values\".\"root_module\"");
  }
  if (state->kind != ValueKind::kObject) {
    return Fail(state->offset, fmt::format("{} must be an object with \"root_module\", found {}",
                                           state_name, JsonKindName(*state)));
  }
  const Value* root = Find(*state, names_, "root_module");
  if (root == nullptr) {
    return Fail(state->offset, fmt::format("{} has no \"root_module\"; expected "
                                           "{{\"root_module\": {{\"resources\": [...]}}}}",
                                           state_name));
  }
  if (s.resource_changes != nullptr && !Changes(*s.resource_changes)) return false;
  if (!Module(*root, fmt::format("\"root_module\" of {}", state_name), 0)) return false;
  if (!LinkTfConfiguration(load_, s.configuration, instances_)) return false;
  LinkTfAttributes(load_, instances_);
  return true;
}

}  // namespace

bool LoadTfPlanJson(FileLoad& load, const JsonSections& sections) {
  constexpr InputFormat kTf = InputFormat::kTfPlan;
  TfSections tf;
  tf.top_offset = sections.top_offset;
  tf.format_version = sections.Section(kTf, "format_version");
  tf.planned_values = sections.Section(kTf, "planned_values");
  tf.values = sections.Section(kTf, "values");
  tf.resource_changes = sections.Section(kTf, "resource_changes");
  tf.configuration = sections.Section(kTf, "configuration");
  TfBuilder builder(load);
  return builder.Run(tf);
}

}  // namespace srm::rt::detail
