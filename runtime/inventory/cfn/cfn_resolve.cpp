// FinishCfnTemplate, shared by the JSON and YAML paths: resolves the CloudFormation intrinsics
// of resource properties that are static (parameter defaults, static conditions, AWS::NoValue,
// Fn::Join/Sub/Select/FindInMap/Split over static values) and records the references between
// resources. Values are never mutated: changed subtrees are copied, the rest shared.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <new>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/inventory/cfn/cfn_yaml_support.h"
#include "runtime/inventory/format_loaders.h"
#include "runtime/value/value_build.h"

namespace srm::rt::detail {
namespace {

enum class Outcome : uint8_t { kSame, kChanged, kRemoved };  // kRemoved: AWS::NoValue
enum class Truth : uint8_t { kFalse, kTrue, kUnknown, kInProgress };

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Splits a Fn::Sub template into literal text and ${Name} variables; ${!Literal} is the text
// "${Literal}". Calls piece(is_variable, text). Returns false when a "${" is never closed.
template <typename F>
bool ParseSub(std::string_view s, F&& piece) {
  size_t i = 0;
  while (i < s.size()) {
    size_t open = s.find("${", i);
    if (open == std::string_view::npos) {
      piece(false, s.substr(i));
      return true;
    }
    piece(false, s.substr(i, open - i));
    if (open + 2 < s.size() && s[open + 2] == '!') {
      piece(false, "${");
      i = open + 3;
      continue;
    }
    size_t close = s.find('}', open + 2);
    if (close == std::string_view::npos) return false;
    piece(true, Trim(s.substr(open + 2, close - open - 2)));
    i = close + 1;
  }
  return true;
}

// The text of a static scalar (as CloudFormation compares and joins them).
bool StaticText(const Value& v, std::string& out) {
  switch (v.kind) {
    case ValueKind::kString:
      out.assign(v.str, v.size);
      return true;
    case ValueKind::kInt:
      out = std::to_string(v.i);
      return true;
    case ValueKind::kDouble:
      out = fmt::format("{}", v.d);
      return true;
    case ValueKind::kBool:
      out = v.b ? "true" : "false";
      return true;
    default:
      return false;
  }
}

struct Param {
  bool resolvable = false;  // has a Default that stands for its value
  Value value;              // the Default, converted for the parameter's Type
};

class Resolver {
 public:
  Resolver(FileLoad& load, const CfnSections& sections)
      : load_(load),
        names_(load.inv.names()),
        arena_(load.inv.arena()),
        sections_(sections),
        yaml_(IsYamlFile(load.file)),
        max_bytes_(load.options.limits.max_resolved_bytes),
        max_depth_(load.options.limits.max_resolution_depth) {
    const LoadLimits& limits = load.options.limits;
    work_limit_ = std::max<uint64_t>(limits.min_resolution_work,
                                     limits.resolution_work_per_byte * load.file.text().size());
    work_left_ = work_limit_;
  }

  // Checks the sections and converts the parameter defaults.
  bool Prepare();
  // The properties with their static intrinsics resolved (the same pointer when unchanged).
  const Value* ResolveProperties(const Value* properties);
  // Records the references of resource `from` found in `v`.
  void RecordReferences(uint32_t from, const Value& v, uint32_t depth);
  void StartResource() {
    targets_.clear();
    unknown_ifs_.clear();
  }
  // After ResolveProperties: when the properties kept `Fn::If`s on conditions known only at
  // deployment (at most LoadLimits::max_variant_conditions), the properties under every assignment
  // of those conditions; false (and no variants) otherwise.
  bool ResolveVariants(const Value* properties, std::vector<ResourceVariant>& out);
  // The conditions an unknown condition is built from that are unknown in themselves.
  void UnknownLeaves(std::string_view name, uint32_t depth,
                     std::unordered_set<std::string_view>& visited,
                     std::vector<std::string_view>& out);
  // The names of the {"Condition": NAME} references in `v`.
  void ConditionRefs(const Value& v, uint32_t depth, std::vector<std::string_view>& out);
  // Set when a limit of docs/limits.md was hit: the message and the offset of the intrinsic.
  bool failed() const { return failed_; }
  uint32_t fail_offset() const { return fail_offset_; }
  const std::string& fail_message() const { return fail_message_; }

 private:
  std::string Found(const Value& v) const;
  bool CheckSection(const Value* v, const char* key, const char* what);
  bool ConvertDefault(std::string_view type, const Value& def, Value& out);
  // A given parameter value is one of the declaration's AllowedValues (when it lists them).
  bool CheckAllowed(const Value& decl, std::string_view name, const std::string& value,
                    const std::string& origin);
  const Param* FindParam(std::string_view name) const {
    uint32_t id = names_.Find(name);
    auto it = id == Interner::kNone ? params_.end() : params_.find(id);
    return it == params_.end() ? nullptr : &it->second;
  }
  const Value* Lookup(const Value* object, std::string_view key) const {
    if (object == nullptr || object->kind != ValueKind::kObject) return nullptr;
    uint32_t id = names_.Find(key);
    return id == Interner::kNone ? nullptr : object->Get(id);
  }
  void AddTarget(uint32_t from, std::string_view target);
  // The limits (docs/limits.md): the first one hit stops resolution with a located error.
  void Stop(uint32_t at, std::string message) {
    if (failed_) return;
    failed_ = true;
    fail_offset_ = at;
    fail_message_ = std::move(message);
  }
  bool Spend(uint64_t units, uint32_t at) {
    if (failed_) return false;
    if (units > work_left_) {
      Stop(at, fmt::format("static resolution of intrinsics needs more than the limit of {} "
                           "steps (values visited plus bytes produced) for this file",
                           work_limit_));
      return false;
    }
    work_left_ -= units;
    return true;
  }
  bool DepthOk(uint32_t depth, uint32_t at) {
    if (depth <= max_depth_) return !failed_;
    Stop(at, fmt::format("intrinsics, values and conditions nest deeper than the limit of {} "
                         "for static resolution",
                         max_depth_));
    return false;
  }
  // Appends to a string an intrinsic (`name` at `at`) produces, within the size limit.
  bool Append(std::string& out, std::string_view piece, const char* name, uint32_t at) {
    if (!Spend(piece.size(), at)) return false;
    if (out.size() + piece.size() > max_bytes_) {
      Stop(at, fmt::format("{} produces a string longer than the limit of {} bytes for static "
                           "resolution",
                           name, max_bytes_));
      return false;
    }
    out += piece;
    return true;
  }

  Outcome Resolve(const Value& v, uint32_t depth, Value& out);
  Outcome ResolveMembers(const Value& v, uint32_t depth, Value& out);
  Outcome ResolveItems(const Value& v, uint32_t depth, Value& out);
  Outcome ResolveIntrinsic(std::string_view name, const Value& v, uint32_t depth, Value& out);
  // An intrinsic's argument, resolved (AWS::NoValue stays as it is there).
  Value Arg(const Value& v, uint32_t depth) {
    Value r;
    return Resolve(v, depth, r) == Outcome::kChanged ? r : v;
  }
  Outcome If(const Value& v, const Value& args, uint32_t depth, Value& out);
  bool Join(const Value& args, uint32_t depth, uint32_t at, std::string& out);
  bool Select(const Value& args, uint32_t depth, Value& out);
  bool Split(const Value& args, uint32_t depth, Value& out);
  bool Sub(const Value& arg, uint32_t depth, uint32_t at, std::string& out);
  bool FindInMap(const Value& args, uint32_t depth, Value& out);
  Truth Condition(std::string_view name, uint32_t depth);
  Truth Evaluate(const Value& v, uint32_t depth);

  FileLoad& load_;
  const Interner& names_;
  Arena& arena_;
  const CfnSections& sections_;
  bool yaml_;
  std::unordered_map<uint32_t, Param> params_;      // by interned name
  std::unordered_map<uint32_t, Truth> conditions_;  // evaluated conditions, by interned name
  // Conditions of the current resource's `Fn::If`s that stayed unknown, in order of appearance;
  // while its variants are resolved, the value each is forced to.
  std::vector<std::string_view> unknown_ifs_;
  const std::unordered_map<std::string_view, bool>* forced_ = nullptr;
  std::unordered_set<std::string_view> targets_;  // references of the current resource
  uint64_t max_bytes_;
  uint32_t max_depth_;
  uint64_t work_limit_ = 0;
  uint64_t work_left_ = 0;
  bool failed_ = false;
  uint32_t fail_offset_ = 0;
  std::string fail_message_;
};

std::string Resolver::Found(const Value& v) const {
  if (yaml_) return YamlKindName(v, names_);
  if (!IntrinsicName(v, names_).empty()) return "the intrinsic " + Describe(v, names_);
  return JsonKindName(v);
}

bool Resolver::CheckSection(const Value* v, const char* key, const char* what) {
  if (v == nullptr) return true;
  if (v->kind == ValueKind::kObject && IntrinsicName(*v, names_).empty()) return true;
  return load_.Fail(v->offset,
                    fmt::format("\"{}\" must be {} {}, found {}", key,
                                yaml_ ? "a mapping of" : "an object mapping", what, Found(*v)));
}

bool Resolver::Prepare() {
  if (!CheckSection(sections_.parameters, "Parameters", "parameter names to their declarations") ||
      !CheckSection(sections_.conditions, "Conditions", "condition names to conditions") ||
      !CheckSection(sections_.mappings, "Mappings", "mapping names to mappings"))
    return false;
  const Value* params = sections_.parameters;
  for (uint32_t i = 0; params != nullptr && i < params->size; ++i) {
    const Member& m = params->members[i];
    std::string_view name = names_.Name(m.key);
    const Value& decl = m.value;
    if (decl.kind != ValueKind::kObject || !IntrinsicName(decl, names_).empty()) {
      return load_.Fail(decl.offset,
                        fmt::format("parameter '{}' must be {} with a \"Type\", "
                                    "found {}",
                                    name, yaml_ ? "a mapping" : "an object", Found(decl)));
    }
    const Value* type = Lookup(&decl, "Type");
    if (type == nullptr) {
      return load_.Fail(decl.offset, fmt::format("parameter '{}': missing \"Type\"; expected a "
                                                 "parameter type such as \"String\"",
                                                 name));
    }
    if (type->kind != ValueKind::kString) {
      return load_.Fail(type->offset, fmt::format("parameter '{}': \"Type\" must be a string "
                                                  "such as \"String\", found {}",
                                                  name, Found(*type)));
    }
    Param p;
    const Value* def = Lookup(&decl, "Default");
    const ParameterValues* given = load_.options.parameters;
    auto it = given != nullptr ? given->values.find(std::string(name))
                               : std::map<std::string, std::string>::const_iterator();
    if (given != nullptr && it != given->values.end()) {
      // A given value (--param, --params) stands for the parameter, as at deployment.
      given->used.insert(it->first);
      if (!CheckAllowed(decl, name, it->second, given->origin.at(it->first))) return false;
      Value text = MakeString(arena_, it->second, decl.offset);
      const std::string& v = it->second;
      int64_t number = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), number);
      if (type->AsString() == "Number" && ec == std::errc() && end == v.data() + v.size()) {
        text = Value();  // a Number given as "14" is the number 14, as a Default 14 is
        text.kind = ValueKind::kInt;
        text.i = number;
        text.offset = decl.offset;
      }
      p.resolvable = ConvertDefault(type->AsString(), text, p.value);
    } else if (def != nullptr) {
      p.resolvable = ConvertDefault(type->AsString(), *def, p.value);
    }
    params_[m.key] = p;
  }
  return true;
}

bool Resolver::CheckAllowed(const Value& decl, std::string_view name, const std::string& value,
                            const std::string& origin) {
  const Value* allowed = Lookup(&decl, "AllowedValues");
  if (allowed == nullptr || allowed->kind != ValueKind::kList) return true;
  std::string listed, text;
  for (uint32_t i = 0; i < allowed->size; ++i) {
    if (!StaticText(allowed->items[i], text)) return true;  // not static: CloudFormation decides
    if (text == value) return true;
    listed += (listed.empty() ? "" : ", ") + text;
  }
  return load_.Fail(allowed->offset,
                    fmt::format("parameter '{}': the value '{}' given by {} is not one of its "
                                "AllowedValues ({}); CloudFormation would reject it",
                                name, value, origin, listed));
}

bool Resolver::ConvertDefault(std::string_view type, const Value& def, Value& out) {
  // The default of an SSM parameter type names a Systems Manager parameter, not the value.
  if (type.substr(0, 21) == "AWS::SSM::Parameter::") return false;
  std::string text;
  if (!StaticText(def, text)) return false;
  if (type == "CommaDelimitedList" || type.substr(0, 5) == "List<") {
    std::vector<Value> items;
    std::string_view rest(text);
    for (;;) {
      size_t comma = rest.find(',');
      items.push_back(MakeString(arena_, Trim(rest.substr(0, comma)), def.offset));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    out = MakeList(arena_, items.data(), items.size(), def.offset);
  } else if (type == "Number" || def.kind == ValueKind::kString) {
    out = def;
  } else {
    out = MakeString(arena_, text, def.offset);
  }
  return true;
}

const Value* Resolver::ResolveProperties(const Value* properties) {
  if (properties == nullptr) return nullptr;
  Value r;
  switch (Resolve(*properties, 0, r)) {
    case Outcome::kSame:
      return properties;
    case Outcome::kRemoved:  // Properties: {"Ref": "AWS::NoValue"}: none
      r = MakeObject(arena_, nullptr, 0, properties->offset);
      break;
    case Outcome::kChanged:
      // Properties must stay an object; an intrinsic that chose something else stays as it
      // was (reading it reports the problem).
      if (r.kind != ValueKind::kObject) return properties;
      break;
  }
  Value* stored = arena_.AllocateArray<Value>(1);
  new (stored) Value(r);
  return stored;
}

Outcome Resolver::Resolve(const Value& v, uint32_t depth, Value& out) {
  if (!DepthOk(depth, v.offset) || !Spend(1, v.offset)) return Outcome::kSame;
  if (v.kind == ValueKind::kList) return ResolveItems(v, depth, out);
  if (v.kind != ValueKind::kObject) return Outcome::kSame;
  std::string_view name = IntrinsicName(v, names_);
  if (!name.empty()) return ResolveIntrinsic(name, v, depth, out);
  return ResolveMembers(v, depth, out);
}

Outcome Resolver::ResolveMembers(const Value& v, uint32_t depth, Value& out) {
  Member* copy = nullptr;
  uint32_t n = 0;
  for (uint32_t i = 0; i < v.size; ++i) {
    const Member& m = v.members[i];
    Value r;
    Outcome o = Resolve(m.value, depth + 1, r);
    if (o != Outcome::kSame && copy == nullptr) {
      copy = arena_.AllocateArray<Member>(v.size);
      std::uninitialized_copy(v.members, v.members + i, copy);
      n = i;
    }
    if (copy == nullptr) continue;
    if (o == Outcome::kSame) new (&copy[n++]) Member(m);
    if (o == Outcome::kChanged) new (&copy[n++]) Member{m.key, m.key_offset, r};
  }
  if (copy == nullptr) return Outcome::kSame;
  out = v;
  out.members = copy;
  out.size = n;
  return Outcome::kChanged;
}

Outcome Resolver::ResolveItems(const Value& v, uint32_t depth, Value& out) {
  Value* copy = nullptr;
  uint32_t n = 0;
  for (uint32_t i = 0; i < v.size; ++i) {
    Value r;
    Outcome o = Resolve(v.items[i], depth + 1, r);
    if (o != Outcome::kSame && copy == nullptr) {
      copy = arena_.AllocateArray<Value>(v.size);
      std::uninitialized_copy(v.items, v.items + i, copy);
      n = i;
    }
    if (copy == nullptr) continue;
    if (o == Outcome::kSame) new (&copy[n++]) Value(v.items[i]);
    if (o == Outcome::kChanged) new (&copy[n++]) Value(r);
  }
  if (copy == nullptr) return Outcome::kSame;
  out = v;
  out.items = copy;
  out.size = n;
  return Outcome::kChanged;
}

Outcome Resolver::ResolveIntrinsic(std::string_view name, const Value& v, uint32_t depth,
                                   Value& out) {
  const Value& arg = v.members[0].value;
  std::string text;
  bool done = false;
  if (name == "Ref") {
    if (arg.kind != ValueKind::kString) return Outcome::kSame;
    if (arg.AsString() == "AWS::NoValue") return Outcome::kRemoved;
    const Param* p = FindParam(arg.AsString());
    if (p == nullptr || !p->resolvable) return Outcome::kSame;
    out = p->value;
    done = true;
  } else if (name == "Fn::If") {
    return If(v, arg, depth + 1, out);
  } else if (name == "Fn::Join" || name == "Fn::Sub") {
    if (!(name == "Fn::Join" ? Join(arg, depth + 1, v.offset, text)
                             : Sub(arg, depth + 1, v.offset, text)))
      return Outcome::kSame;
    out = MakeString(arena_, text, v.offset);
    done = true;
  } else if (name == "Fn::Select") {
    done = Select(arg, depth + 1, out);
  } else if (name == "Fn::Split") {
    done = Split(arg, depth + 1, out);
  } else if (name == "Fn::FindInMap") {
    done = FindInMap(arg, depth + 1, out);
  }
  if (!done) return Outcome::kSame;  // not static, malformed or not resolved here
  out.offset = v.offset;
  return Outcome::kChanged;
}

Outcome Resolver::If(const Value& v, const Value& args, uint32_t depth, Value& out) {
  if (args.kind != ValueKind::kList || args.size != 3 || args.items[0].kind != ValueKind::kString)
    return Outcome::kSame;
  Truth t = Condition(args.items[0].AsString(), depth + 1);
  if (t == Truth::kUnknown && forced_ == nullptr &&
      std::find(unknown_ifs_.begin(), unknown_ifs_.end(), args.items[0].AsString()) ==
          unknown_ifs_.end()) {
    unknown_ifs_.push_back(args.items[0].AsString());
  }
  if (t == Truth::kTrue || t == Truth::kFalse) {
    const Value& branch = args.items[t == Truth::kTrue ? 1 : 2];
    Value r;
    Outcome o = Resolve(branch, depth + 1, r);
    if (o == Outcome::kRemoved) return Outcome::kRemoved;
    out = o == Outcome::kChanged ? r : branch;
    out.offset = v.offset;
    return Outcome::kChanged;
  }
  // Not static: the branches are resolved, the choice stays.
  Value then_branch, else_branch;
  bool then_changed = Resolve(args.items[1], depth + 1, then_branch) == Outcome::kChanged;
  bool else_changed = Resolve(args.items[2], depth + 1, else_branch) == Outcome::kChanged;
  if (!then_changed && !else_changed) return Outcome::kSame;
  Value branches[3] = {args.items[0], then_changed ? then_branch : args.items[1],
                       else_changed ? else_branch : args.items[2]};
  Value list = MakeList(arena_, branches, 3, args.offset);
  out = IntrinsicValue(arena_, v.members[0].key, v.members[0].key_offset, list, v.offset);
  return Outcome::kChanged;
}

bool Resolver::Join(const Value& args, uint32_t depth, uint32_t at, std::string& out) {
  if (args.kind != ValueKind::kList || args.size != 2) return false;
  Value delim = Arg(args.items[0], depth);
  Value list = Arg(args.items[1], depth);
  if (delim.kind != ValueKind::kString || list.kind != ValueKind::kList) return false;
  std::string part;
  for (uint32_t i = 0; i < list.size; ++i) {
    if (!StaticText(list.items[i], part)) return false;
    if (i > 0 && !Append(out, delim.AsString(), "Fn::Join", at)) return false;
    if (!Append(out, part, "Fn::Join", at)) return false;
  }
  return true;
}

bool Resolver::Select(const Value& args, uint32_t depth, Value& out) {
  if (args.kind != ValueKind::kList || args.size != 2) return false;
  Value index = Arg(args.items[0], depth);
  Value list = Arg(args.items[1], depth);
  std::string text;
  uint32_t i = 0;
  if (list.kind != ValueKind::kList || !StaticText(index, text)) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
  if (ec != std::errc() || end != text.data() + text.size() || i >= list.size) return false;
  out = list.items[i];
  return true;
}

bool Resolver::Split(const Value& args, uint32_t depth, Value& out) {
  if (args.kind != ValueKind::kList || args.size != 2) return false;
  Value delim = Arg(args.items[0], depth);
  Value source = Arg(args.items[1], depth);
  if (delim.kind != ValueKind::kString || delim.size == 0 || source.kind != ValueKind::kString)
    return false;
  if (!Spend(source.size, source.offset)) return false;
  std::vector<Value> parts;
  std::string_view rest = source.AsString();
  for (;;) {
    size_t at = rest.find(delim.AsString());
    parts.push_back(MakeString(arena_, rest.substr(0, at), source.offset));
    if (at == std::string_view::npos) break;
    rest.remove_prefix(at + delim.size);
  }
  out = MakeList(arena_, parts.data(), parts.size(), source.offset);
  return true;
}

bool Resolver::Sub(const Value& arg, uint32_t depth, uint32_t at, std::string& out) {
  const Value* tmpl = &arg;
  const Value* vars = nullptr;
  if (arg.kind == ValueKind::kList) {
    if (arg.size != 2 || arg.items[1].kind != ValueKind::kObject ||
        !IntrinsicName(arg.items[1], names_).empty())
      return false;
    tmpl = &arg.items[0];
    vars = &arg.items[1];
  }
  if (tmpl->kind != ValueKind::kString) return false;
  bool ok = true;
  std::string text;
  bool closed = ParseSub(tmpl->AsString(), [&](bool is_var, std::string_view piece) {
    if (!ok) return;
    if (!is_var) {
      ok = Append(out, piece, "Fn::Sub", at);
      return;
    }
    const Value* var = Lookup(vars, piece);
    if (var != nullptr) {
      ok = StaticText(Arg(*var, depth + 1), text);
    } else {
      const Param* p = FindParam(piece);
      ok = p != nullptr && p->resolvable && StaticText(p->value, text);
    }
    ok = ok && Append(out, text, "Fn::Sub", at);
  });
  return closed && ok;
}

bool Resolver::FindInMap(const Value& args, uint32_t depth, Value& out) {
  if (args.kind != ValueKind::kList || (args.size != 3 && args.size != 4)) return false;
  std::string keys[3];
  for (uint32_t i = 0; i < 3; ++i) {
    if (!StaticText(Arg(args.items[i], depth), keys[i])) return false;
  }
  const Value* found = Lookup(Lookup(Lookup(sections_.mappings, keys[0]), keys[1]), keys[2]);
  if (found == nullptr && args.size == 4) {  // Fn::FindInMap's {"DefaultValue": ...}
    const Value& options = args.items[3];
    if (options.kind == ValueKind::kObject && options.size == 1) {
      const Value* def = Lookup(&options, "DefaultValue");
      if (def != nullptr) {
        out = Arg(*def, depth);
        return true;
      }
    }
  }
  if (found == nullptr) return false;
  out = *found;
  return true;
}

Truth Resolver::Condition(std::string_view name, uint32_t depth) {
  if (forced_ != nullptr) {
    auto f = forced_->find(name);
    if (f != forced_->end()) return f->second ? Truth::kTrue : Truth::kFalse;
  }
  uint32_t id = names_.Find(name);
  const Value* c = id == Interner::kNone ? nullptr : Lookup(sections_.conditions, name);
  if (c == nullptr || !DepthOk(depth, c->offset)) return Truth::kUnknown;
  auto [it, inserted] = conditions_.emplace(id, Truth::kInProgress);
  if (!inserted) return it->second == Truth::kInProgress ? Truth::kUnknown : it->second;
  Truth t = Evaluate(*c, depth + 1);
  conditions_[id] = t;
  return t;
}

Truth Resolver::Evaluate(const Value& v, uint32_t depth) {
  if (!DepthOk(depth, v.offset) || !Spend(1, v.offset)) return Truth::kUnknown;
  if (v.kind == ValueKind::kBool) return v.b ? Truth::kTrue : Truth::kFalse;
  std::string_view name = IntrinsicName(v, names_);
  if (name.empty()) return Truth::kUnknown;
  const Value& arg = v.members[0].value;
  if (name == "Condition") {
    return arg.kind == ValueKind::kString ? Condition(arg.AsString(), depth + 1) : Truth::kUnknown;
  }
  if (arg.kind != ValueKind::kList) return Truth::kUnknown;
  if (name == "Fn::Equals") {
    std::string a, b;
    if (arg.size != 2 || !StaticText(Arg(arg.items[0], depth + 1), a) ||
        !StaticText(Arg(arg.items[1], depth + 1), b))
      return Truth::kUnknown;
    return a == b ? Truth::kTrue : Truth::kFalse;
  }
  if (name == "Fn::Not") {
    if (arg.size != 1) return Truth::kUnknown;
    Truth t = Evaluate(arg.items[0], depth + 1);
    return t == Truth::kTrue ? Truth::kFalse : t == Truth::kFalse ? Truth::kTrue : t;
  }
  if ((name != "Fn::And" && name != "Fn::Or") || arg.size == 0) return Truth::kUnknown;
  // And: any false decides; Or: any true decides; otherwise all must be known.
  Truth decisive = name == "Fn::And" ? Truth::kFalse : Truth::kTrue;
  bool unknown = false;
  for (uint32_t i = 0; i < arg.size; ++i) {
    Truth t = Evaluate(arg.items[i], depth + 1);
    if (t == decisive) return decisive;
    if (t != Truth::kTrue && t != Truth::kFalse) unknown = true;
  }
  if (unknown) return Truth::kUnknown;
  return decisive == Truth::kFalse ? Truth::kTrue : Truth::kFalse;
}

void Resolver::AddTarget(uint32_t from, std::string_view target) {
  if (target.empty() || target.substr(0, 5) == "AWS::" || FindParam(target) != nullptr) return;
  if (!targets_.insert(target).second) return;
  load_.inv.AddReference(from, target, /*global=*/false);
}

void Resolver::RecordReferences(uint32_t from, const Value& v, uint32_t depth) {
  if (depth > max_depth_) return;  // values nest at most LoadLimits::max_depth deep
  if (v.kind == ValueKind::kList) {
    for (uint32_t i = 0; i < v.size; ++i) RecordReferences(from, v.items[i], depth + 1);
    return;
  }
  if (v.kind != ValueKind::kObject) return;
  std::string_view name = IntrinsicName(v, names_);
  const Value& arg = name.empty() ? v : v.members[0].value;  // an intrinsic's argument
  if (name == "Ref" && arg.kind == ValueKind::kString) {
    AddTarget(from, arg.AsString());
  } else if (name == "Fn::GetAtt") {
    if (arg.kind == ValueKind::kString) {
      std::string_view s = arg.AsString();
      AddTarget(from, s.substr(0, s.find('.')));
    } else if (arg.kind == ValueKind::kList && arg.size > 0 &&
               arg.items[0].kind == ValueKind::kString) {
      AddTarget(from, arg.items[0].AsString());
    }
  } else if (name == "Fn::Sub") {
    const Value* tmpl = arg.kind == ValueKind::kList && arg.size > 0 ? &arg.items[0] : &arg;
    const Value* vars = arg.kind == ValueKind::kList && arg.size > 1 ? &arg.items[1] : nullptr;
    if (tmpl->kind == ValueKind::kString) {
      ParseSub(tmpl->AsString(), [&](bool is_var, std::string_view piece) {
        if (!is_var) return;
        size_t dot = piece.find('.');
        if (dot == std::string_view::npos && Lookup(vars, piece) != nullptr) return;
        AddTarget(from, piece.substr(0, dot));
      });
    }
  }
  for (uint32_t i = 0; i < v.size; ++i) RecordReferences(from, v.members[i].value, depth + 1);
}

}  // namespace

void Resolver::ConditionRefs(const Value& v, uint32_t depth, std::vector<std::string_view>& out) {
  if (!DepthOk(depth, v.offset)) return;
  if (v.kind == ValueKind::kList) {
    for (uint32_t i = 0; i < v.size; ++i) ConditionRefs(v.items[i], depth + 1, out);
  } else if (v.kind == ValueKind::kObject) {
    if (IntrinsicName(v, names_) == "Condition" && v.members[0].value.kind == ValueKind::kString) {
      out.push_back(v.members[0].value.AsString());
      return;
    }
    for (uint32_t i = 0; i < v.size; ++i) ConditionRefs(v.members[i].value, depth + 1, out);
  }
}

void Resolver::UnknownLeaves(std::string_view name, uint32_t depth,
                             std::unordered_set<std::string_view>& visited,
                             std::vector<std::string_view>& out) {
  if (!visited.insert(name).second || !DepthOk(depth, 0)) return;
  const Value* c = Lookup(sections_.conditions, name);
  std::vector<std::string_view> refs, unknown;
  if (c != nullptr) ConditionRefs(*c, depth + 1, refs);
  for (std::string_view r : refs) {
    if (Condition(r, depth + 1) == Truth::kUnknown) unknown.push_back(r);
  }
  if (unknown.empty()) {
    // Unknown in itself (a parameter without a value, a pseudo parameter). A condition the
    // template does not declare is an error of the template, not a choice: never assumed.
    if (c != nullptr) out.push_back(name);
    return;
  }
  for (std::string_view r : unknown) UnknownLeaves(r, depth + 1, visited, out);
}

bool Resolver::ResolveVariants(const Value* properties, std::vector<ResourceVariant>& out) {
  out.clear();
  if (properties == nullptr || unknown_ifs_.empty() || failed_) return false;
  // Force the conditions the unknown ones are built from (IsProd and IsEu, not ProdEu =
  // And[IsProd, IsEu]), so that every assignment is one a deployment can have.
  std::vector<std::string_view> names;
  std::unordered_set<std::string_view> visited;
  for (std::string_view name : unknown_ifs_) UnknownLeaves(name, 0, visited, names);
  if (names.empty() || names.size() > load_.options.limits.max_variant_conditions || failed_)
    return false;
  std::unordered_map<std::string_view, bool> forced;
  // Conditions computed under one assignment hold for that assignment only.
  std::unordered_map<uint32_t, Truth> saved;
  saved.swap(conditions_);
  forced_ = &forced;
  for (uint32_t mask = 0; mask < (1u << names.size()) && !failed_; ++mask) {
    std::string assumption;
    for (size_t k = 0; k < names.size(); ++k) {
      bool value = (mask >> (names.size() - 1 - k)) & 1u;  // false first
      forced[names[k]] = value;
      assumption += fmt::format("{}{}={}", k == 0 ? "" : ", ", names[k], value);
    }
    conditions_.clear();
    const Value* resolved = ResolveProperties(properties);
    char* text = static_cast<char*>(arena_.Allocate(assumption.size(), 1));
    std::copy(assumption.begin(), assumption.end(), text);
    out.push_back({resolved, std::string_view(text, assumption.size())});
  }
  forced_ = nullptr;
  conditions_.swap(saved);
  if (failed_) out.clear();
  return !out.empty();
}

// Fails (a located error) only when what resolution reads is malformed: "Parameters",
// "Conditions" or "Mappings" not an object, or a parameter that is not an object with a string
// "Type"; or when resolution hits a limit (LoadLimits: size of a produced string, work per
// file, depth). Intrinsics that are malformed or not static are left as they are: reading them as
// typed data is an ERROR of the evaluation, never a PASS.
bool IsYamlFile(const SourceFile& file) {
  if (EndsWith(file.path(), ".yaml") || EndsWith(file.path(), ".yml")) return true;
  if (EndsWith(file.path(), ".json")) return false;
  std::string_view text(file.text());
  size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string_view::npos && text[first] != '{' && text[first] != '[';
}

bool FinishCfnTemplate(FileLoad& load, const CfnSections& sections, uint32_t first,
                       uint32_t count) {
  Resolver resolver(load, sections);
  if (!resolver.Prepare()) return false;
  std::vector<ResourceVariant> variants;
  for (uint32_t i = first; i < first + count; ++i) {
    if (!ReadCfnWaivers(load, i)) return false;
    const Value* properties = load.inv.mutable_resource(i).properties;
    if (properties == nullptr) continue;
    resolver.StartResource();
    resolver.RecordReferences(i, *properties, 0);
    const Value* resolved = resolver.ResolveProperties(properties);
    if (resolver.failed()) {
      return load.Fail(
          resolver.fail_offset(),
          fmt::format("resource '{}': {}", load.inv.resources()[i].id, resolver.fail_message()));
    }
    load.inv.mutable_resource(i).properties = resolved;
    if (resolver.ResolveVariants(properties, variants)) {
      auto* stored = load.inv.arena().AllocateArray<ResourceVariant>(variants.size());
      std::copy(variants.begin(), variants.end(), stored);
      load.inv.mutable_resource(i).variants = stored;
      load.inv.mutable_resource(i).n_variants = static_cast<uint32_t>(variants.size());
    }
    if (resolver.failed()) {
      return load.Fail(
          resolver.fail_offset(),
          fmt::format("resource '{}': {}", load.inv.resources()[i].id, resolver.fail_message()));
    }
  }
  return true;
}

}  // namespace srm::rt::detail
