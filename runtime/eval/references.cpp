#include "runtime/eval/references.h"

namespace srm::rt {

namespace {

// The argument of an Fn::GetAtt split into logical id and attribute; false when malformed.
bool GetAttParts(const Value& arg, std::string_view& id, std::string_view& attribute) {
  if (arg.kind == ValueKind::kString) {
    std::string_view s = arg.AsString();
    size_t dot = s.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == s.size()) return false;
    id = s.substr(0, dot);
    attribute = s.substr(dot + 1);
    return true;
  }
  if (arg.kind != ValueKind::kList || arg.size != 2 || arg.items[0].kind != ValueKind::kString ||
      arg.items[1].kind != ValueKind::kString || arg.items[0].size == 0)
    return false;
  id = arg.items[0].AsString();
  attribute = arg.items[1].AsString();
  return true;
}

}  // namespace

std::string_view RefTargetId(const Value* raw, const Interner& names) {
  if (raw == nullptr) return {};
  std::string_view name = IntrinsicName(*raw, names);
  if (name.empty()) return {};
  const Value& arg = raw->members[0].value;  // an intrinsic is an object of one member
  if (name == "Ref") return arg.kind == ValueKind::kString ? arg.AsString() : std::string_view{};
  std::string_view id, attribute;
  if (name == "Fn::GetAtt" && GetAttParts(arg, id, attribute)) return id;
  return {};
}

namespace {

// The resource `raw` refers to, of any type, or nullptr.
const Resource* Target(const Inventory& inv, const Resource& from, const Value* raw) {
  std::string_view id = RefTargetId(raw, inv.names());
  if (id.empty()) return nullptr;
  // Every Ref and Fn::GetAtt of a resource is one of its relations (inventory.h), so the target
  // is among them; matching the file keeps another template's resource of the same id out.
  for (uint32_t i : inv.Related(inv.IndexOf(from))) {
    const Resource& r = inv.resources()[i];
    if (r.id == id && r.file == from.file) return &r;
  }
  return nullptr;
}

}  // namespace

const Resource* RefTarget(const Inventory& inv, const Resource& from, const Value* raw,
                          std::string_view type) {
  const Resource* r = Target(inv, from, raw);
  return r != nullptr && r->type == type ? r : nullptr;
}

std::string_view RefId(const Inventory& inv, const Resource& from, const Value* raw) {
  const Resource* r = Target(inv, from, raw);
  return r != nullptr ? r->id : std::string_view{};
}

std::string_view KindOf(const Value* raw, const Interner& names) {
  if (raw == nullptr || raw->kind == ValueKind::kNull) return "absent";
  if (raw->kind == ValueKind::kObject && !IntrinsicName(*raw, names).empty()) return "intrinsic";
  return KindName(raw->kind);  // "bool", "int", "number", "string", "list", "object", "unknown"
}

std::string_view RefAttribute(const Value* raw, const Interner& names) {
  if (raw == nullptr || IntrinsicName(*raw, names) != "Fn::GetAtt") return {};
  std::string_view id, attribute;
  return GetAttParts(raw->members[0].value, id, attribute) ? attribute : std::string_view{};
}

const Value* JoinParts(const Value* raw, const Interner& names) {
  if (raw == nullptr || IntrinsicName(*raw, names) != "Fn::Join") return nullptr;
  const Value& arg = raw->members[0].value;
  if (arg.kind != ValueKind::kList || arg.size != 2 || arg.items[1].kind != ValueKind::kList)
    return nullptr;
  return &arg.items[1];
}

}  // namespace srm::rt
