// Terraform addresses and the references between the resources of a plan or state: from the
// configuration's expressions (module calls mapped onto planned addresses) and from attribute
// values equal to another resource's id or ARN.
#include "runtime/inventory/terraform/tfplan_refs.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "runtime/value/value_build.h"

namespace srm::rt::detail {
namespace {

// Configuration modules nest no deeper than the JSON itself; this bounds the recursion anyway.
constexpr int kMaxModuleDepth = 256;
constexpr int kMaxExpressionDepth = 1024;

// One traversal step: a name with its index brackets, e.g. `logs` + `["a"]`.
struct Segment {
  std::string_view name;
  std::string_view index;  // brackets included; empty when none
};

// Splits a traversal such as module.a[0].aws_s3_bucket.b["x.y"].id at the dots outside
// brackets. Index keys are numbers, `*`, or strings in double quotes with backslash escapes.
bool SplitTraversal(std::string_view s, std::vector<Segment>& out) {
  out.clear();
  size_t i = 0;
  while (true) {
    size_t start = i;
    while (i < s.size() && s[i] != '.' && s[i] != '[' && s[i] != ']' && s[i] != '"') ++i;
    if (i == start) return false;
    Segment seg{s.substr(start, i - start), {}};
    size_t open = i;
    while (i < s.size() && s[i] == '[') {
      ++i;
      if (i < s.size() && s[i] == '"') {
        for (++i; i < s.size() && s[i] != '"'; ++i) {
          if (s[i] == '\\') ++i;
        }
        if (i >= s.size()) return false;
        ++i;
      } else {
        size_t key = i;
        while (i < s.size() && s[i] != ']' && s[i] != '[' && s[i] != '"') ++i;
        if (i == key) return false;
      }
      if (i >= s.size() || s[i] != ']') return false;
      ++i;
    }
    seg.index = s.substr(open, i - open);
    out.push_back(seg);
    if (i == s.size()) return true;
    if (s[i] != '.') return false;
    ++i;
  }
}

// Names that start references to things other than resources.
bool IsNonResourceRoot(std::string_view name) {
  return name == "var" || name == "local" || name == "data" || name == "module" ||
         name == "count" || name == "each" || name == "path" || name == "terraform" ||
         name == "self";
}

// A resource reference "type.name[index]..." -> its resource part and constant index (empty
// for none or a splat). False for references to anything else.
bool ParseReference(std::string_view ref, std::string& resource, std::string_view& index) {
  std::vector<Segment> segs;
  if (!SplitTraversal(ref, segs) || segs.size() < 2) return false;
  if (IsNonResourceRoot(segs[0].name) || !segs[0].index.empty()) return false;
  resource = fmt::format("{}.{}", segs[0].name, segs[1].name);
  index = segs[1].index == "[*]" ? std::string_view() : segs[1].index;
  return true;
}

// Links the configuration's resources to the planned instances.
//
// Rules:
// - Module calls: a resource of module_calls.<n>.module has the configuration address
//   "module.<n>." + its address (nested calls chain); it stands for every planned instance whose
//   address, without instance keys, is that (count/for_each on the resource or on the module).
// - Each `references` array of the resource's expressions (attributes, nested blocks,
//   count_expression, for_each_expression) and its depends_on list are read. A reference
//   "type.name..." targets the instances of that resource in the same module instance as the
//   referring instance: only the one with the given key when the reference has a constant index
//   ("aws_s3_bucket.b[0].id"; none when no instance has it; the bare "aws_s3_bucket.b" that
//   Terraform lists with it then adds nothing); else, when the array is "keyed"
//   (it also references count.index or each.*, or it is the for_each_expression) and an
//   instance with the referring instance's own key exists, that one; else all of them.
// - References to var., local., data., module. (module outputs), count., each., path.,
//   terraform. and self. name no resource and are ignored, as are data sources. Values passed
//   into a module (module_calls.<n>.expressions) are not followed through its variables.
class ConfigLinker {
 public:
  ConfigLinker(FileLoad& load, const std::vector<TfInstance>& instances)
      : load_(load), names_(load.inv.names()), instances_(instances) {
    for (uint32_t k = 0; k < instances.size(); ++k) {
      const TfAddress& a = instances[k].parsed;
      by_config_[a.module_config + a.resource].push_back(k);
      by_base_[a.module_instance + a.resource].push_back(k);
      by_address_.emplace(instances[k].address, k);
    }
  }

  bool Module(const Value& module, const std::string& prefix, const std::string& what, int depth);

 private:
  struct Group {
    std::vector<std::string_view> refs;
    bool keyed = false;  // for_each_expression, or it also references count.index or each.*
  };
  // A resource reference of a group: "type.name" and its constant index (or empty).
  struct Target {
    std::string resource;
    std::string_view index;
    bool keyed;
  };

  bool Fail(uint32_t offset, const std::string& message) { return load_.Fail(offset, message); }
  bool Resource(const Value& r, const std::string& prefix, const std::string& what);
  bool Collect(const Value& v, const std::string& what, int depth, bool keyed,
               std::vector<Group>& groups);
  bool StringArray(const Value& v, const std::string& what, Group& group);
  // The resource references of `group`, in order.
  static void Targets(const Group& group, std::vector<Target>& out);
  void Link(uint32_t source, const std::vector<Target>& targets);

  FileLoad& load_;
  const Interner& names_;
  const std::vector<TfInstance>& instances_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_config_;  // config address -> k
  std::unordered_map<std::string, std::vector<uint32_t>> by_base_;    // instance, no key -> k
  std::unordered_map<std::string_view, uint32_t> by_address_;         // address -> k
};

bool ConfigLinker::Module(const Value& module, const std::string& prefix, const std::string& what,
                          int depth) {
  if (module.kind != ValueKind::kObject) {
    return Fail(module.offset, fmt::format("{} must be an object with \"resources\" and "
                                           "\"module_calls\", found {}",
                                           what, JsonKindName(module)));
  }
  if (depth > kMaxModuleDepth) {
    return Fail(module.offset, fmt::format("module calls nest deeper than {}", kMaxModuleDepth));
  }
  if (const Value* resources = Find(module, names_, "resources")) {
    if (resources->kind != ValueKind::kList) {
      return Fail(resources->offset, fmt::format("\"resources\" of {} must be an array, found {}",
                                                 what, JsonKindName(*resources)));
    }
    for (uint32_t k = 0; k < resources->size; ++k) {
      if (!Resource(resources->items[k], prefix, fmt::format("resource {} of {}", k, what)))
        return false;
    }
  }
  const Value* calls = Find(module, names_, "module_calls");
  if (calls == nullptr) return true;
  if (calls->kind != ValueKind::kObject) {
    return Fail(calls->offset, fmt::format("\"module_calls\" of {} must be an object mapping "
                                           "module names to calls, found {}",
                                           what, JsonKindName(*calls)));
  }
  for (uint32_t k = 0; k < calls->size; ++k) {
    const Member& call = calls->members[k];
    std::string name(names_.Name(call.key));
    std::string call_what = fmt::format("module call \"{}{}\"", prefix, name);
    if (call.value.kind != ValueKind::kObject) {
      return Fail(call.value.offset, fmt::format("{} must be an object with \"source\" and "
                                                 "\"module\", found {}",
                                                 call_what, JsonKindName(call.value)));
    }
    const Value* inner = Find(call.value, names_, "module");
    if (inner == nullptr) continue;  // a module whose configuration was not loaded
    std::string inner_prefix = fmt::format("{}module.{}.", prefix, name);
    if (!Module(*inner, inner_prefix, fmt::format("\"module\" of {}", call_what), depth + 1))
      return false;
  }
  return true;
}

bool ConfigLinker::Resource(const Value& r, const std::string& prefix, const std::string& what) {
  if (r.kind != ValueKind::kObject) {
    return Fail(r.offset, fmt::format("{} in the configuration must be an object with "
                                      "\"address\" and \"expressions\", found {}",
                                      what, JsonKindName(r)));
  }
  const Value* address = Find(r, names_, "address");
  if (address == nullptr || address->kind != ValueKind::kString || address->size == 0) {
    return Fail(address == nullptr ? r.offset : address->offset,
                fmt::format("{} in the configuration: {}; expected a string such as "
                            "\"aws_s3_bucket.logs\"",
                            what,
                            address == nullptr ? "missing \"address\""
                                               : "\"address\" must be a non-empty string"));
  }
  std::string label = fmt::format("configuration of \"{}{}\"", prefix, address->AsString());
  const Value* mode = Find(r, names_, "mode");
  if (mode != nullptr && mode->kind == ValueKind::kString && mode->AsString() == "data")
    return true;
  std::vector<Group> groups;
  for (std::string_view key : {"expressions", "count_expression", "for_each_expression"}) {
    const Value* v = Find(r, names_, key);
    if (v != nullptr && !Collect(*v, label, 0, key == "for_each_expression", groups)) return false;
  }
  if (const Value* depends = Find(r, names_, "depends_on")) {
    groups.emplace_back();
    if (!StringArray(*depends, fmt::format("\"depends_on\" of the {}", label), groups.back()))
      return false;
  }
  auto it = by_config_.find(prefix + std::string(address->AsString()));
  if (it == by_config_.end()) return true;  // no planned instance (count = 0, data, deleted)
  std::vector<Target> targets;
  for (const Group& group : groups) Targets(group, targets);
  for (uint32_t source : it->second) Link(source, targets);
  return true;
}

bool ConfigLinker::StringArray(const Value& v, const std::string& what, Group& group) {
  if (v.kind == ValueKind::kNull) return true;
  if (v.kind != ValueKind::kList) {
    return Fail(v.offset,
                fmt::format("{} must be an array of strings, found {}", what, JsonKindName(v)));
  }
  for (uint32_t k = 0; k < v.size; ++k) {
    if (v.items[k].kind != ValueKind::kString) {
      return Fail(v.items[k].offset, fmt::format("{} must be an array of strings, found {} in "
                                                 "it",
                                                 what, JsonKindName(v.items[k])));
    }
    std::string_view ref = v.items[k].AsString();
    if (ref.substr(0, 11) == "count.index" || ref.substr(0, 5) == "each.") group.keyed = true;
    group.refs.push_back(ref);
  }
  return true;
}

// Expressions: objects of attribute -> {constant_value | references}, with nested blocks as
// arrays of such objects. Constant values are data, not expressions, and are not searched.
bool ConfigLinker::Collect(const Value& v, const std::string& what, int depth, bool keyed,
                           std::vector<Group>& groups) {
  if (depth > kMaxExpressionDepth) return true;
  if (v.kind == ValueKind::kList) {
    for (uint32_t k = 0; k < v.size; ++k) {
      if (!Collect(v.items[k], what, depth + 1, keyed, groups)) return false;
    }
    return true;
  }
  if (v.kind != ValueKind::kObject) return true;
  for (uint32_t k = 0; k < v.size; ++k) {
    const Member& m = v.members[k];
    std::string_view key = names_.Name(m.key);
    if (key == "constant_value") continue;
    if (key == "references") {
      groups.emplace_back();
      groups.back().keyed = keyed;
      if (!StringArray(m.value, fmt::format("\"references\" in the {}", what), groups.back()))
        return false;
      continue;
    }
    if (!Collect(m.value, what, depth + 1, keyed, groups)) return false;
  }
  return true;
}

void ConfigLinker::Targets(const Group& group, std::vector<Target>& out) {
  size_t first = out.size();
  for (std::string_view ref : group.refs) {
    Target t{{}, {}, group.keyed};
    if (ParseReference(ref, t.resource, t.index)) out.push_back(std::move(t));
  }
  // Terraform lists "r.b[1].id", "r.b[1]" and also the containing resource "r.b": the latter
  // does not mean every instance when the same expression names one with a constant index.
  std::unordered_set<std::string> indexed;
  for (size_t k = first; k < out.size(); ++k) {
    if (!out[k].index.empty()) indexed.insert(out[k].resource);
  }
  if (indexed.empty()) return;
  auto bare = [&](const Target& t) { return t.index.empty() && indexed.count(t.resource) > 0; };
  out.erase(std::remove_if(out.begin() + static_cast<ptrdiff_t>(first), out.end(), bare),
            out.end());
}

void ConfigLinker::Link(uint32_t source, const std::vector<Target>& targets) {
  const TfInstance& from = instances_[source];
  std::string base;
  for (const Target& t : targets) {
    base = from.parsed.module_instance + t.resource;
    // One instance: the constant index, or the referring instance's own key when keyed.
    std::string_view key = !t.index.empty() ? t.index : t.keyed ? from.parsed.index : "";
    if (!key.empty()) {
      auto one = by_address_.find(base + std::string(key));
      if (one != by_address_.end()) {
        load_.inv.AddReference(from.index, instances_[one->second].address, false);
        continue;
      }
      if (!t.index.empty()) continue;  // a constant index that names no instance
    }
    auto all = by_base_.find(base);
    if (all == by_base_.end()) continue;
    for (uint32_t k : all->second) {
      load_.inv.AddReference(from.index, instances_[k].address, false);
    }
  }
}

}  // namespace

bool ParseTfAddress(std::string_view address, TfAddress& out) {
  out = TfAddress();
  std::vector<Segment> segs;
  if (!SplitTraversal(address, segs)) return false;
  size_t i = 0;
  while (i + 1 < segs.size() && segs[i].name == "module" && segs[i].index.empty()) {
    out.module_instance += fmt::format("module.{}{}.", segs[i + 1].name, segs[i + 1].index);
    out.module_config += fmt::format("module.{}.", segs[i + 1].name);
    i += 2;
  }
  if (i < segs.size() && segs[i].name == "data" && segs[i].index.empty()) {
    out.data = true;
    ++i;
  }
  if (segs.size() - i != 2 || !segs[i].index.empty()) return false;
  out.type = segs[i].name;
  out.index = segs[i + 1].index;
  out.resource = fmt::format("{}{}.{}", out.data ? "data." : "", segs[i].name, segs[i + 1].name);
  return true;
}

bool LinkTfConfiguration(FileLoad& load, const Value* configuration,
                         const std::vector<TfInstance>& instances) {
  if (configuration == nullptr || configuration->kind == ValueKind::kNull) return true;
  const Interner& names = load.inv.names();
  if (configuration->kind != ValueKind::kObject) {
    return load.Fail(configuration->offset,
                     fmt::format("\"configuration\" must be an object with \"root_module\", "
                                 "found {}",
                                 JsonKindName(*configuration)));
  }
  const Value* root = Find(*configuration, names, "root_module");
  if (root == nullptr) return true;
  ConfigLinker linker(load, instances);
  return linker.Module(*root, "", "\"root_module\" of \"configuration\"", 0);
}

// Rule: the values compared are the instance's top-level attributes that are known, non-empty
// strings, and the strings of its top-level lists (e.g. security group ids); the targets are the
// other instances whose top-level "id" or "arn" is a known, non-empty string equal to one, and
// buckets (aws_s3_bucket) by their "bucket" name, which is known in a plan before the bucket's
// id is: split settings with a literal `bucket = "name"` relate to their bucket.
void LinkTfAttributes(FileLoad& load, const std::vector<TfInstance>& instances) {
  const Interner& names = load.inv.names();
  std::unordered_map<std::string_view, std::vector<uint32_t>> by_value;
  for (uint32_t k = 0; k < instances.size(); ++k) {
    if (instances[k].values == nullptr) continue;
    for (const char* key : {"id", "arn", "bucket"}) {
      if (key[0] == 'b' && instances[k].parsed.type != "aws_s3_bucket") continue;
      const Value* v = Find(*instances[k].values, names, key);
      if (v != nullptr && v->kind == ValueKind::kString && v->size > 0) {
        std::vector<uint32_t>& list = by_value[v->AsString()];
        if (list.empty() || list.back() != k) list.push_back(k);
      }
    }
  }
  if (by_value.empty()) return;
  std::unordered_set<uint32_t> linked;
  auto link = [&](uint32_t from, const Value& v) {
    if (v.kind != ValueKind::kString || v.size == 0) return;
    auto it = by_value.find(v.AsString());
    if (it == by_value.end()) return;
    for (uint32_t t : it->second) {
      if (t != from && linked.insert(t).second) {
        load.inv.AddReference(instances[from].index, instances[t].address, false);
      }
    }
  };
  for (uint32_t k = 0; k < instances.size(); ++k) {
    const Value* values = instances[k].values;
    if (values == nullptr || values->kind != ValueKind::kObject) continue;
    linked.clear();
    for (uint32_t m = 0; m < values->size; ++m) {
      const Value& v = values->members[m].value;
      if (v.kind == ValueKind::kList) {
        for (uint32_t j = 0; j < v.size; ++j) link(k, v.items[j]);
      } else {
        link(k, v);
      }
    }
  }
}

}  // namespace srm::rt::detail
