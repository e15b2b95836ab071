// Mapping Terraform and AWS Config data onto the policy's schemas: each field of a record reads
// its value at a dotted path of the source and, when the field is a record, is mapped in turn.
#include <string_view>
#include <vector>

#include "runtime/inventory/schema_map.h"
#include "runtime/value/value_build.h"

namespace srm::rt {
namespace {

// Records cannot nest recursively (the type checker forbids it); this guards a corrupt map.
constexpr int kMaxRecordDepth = 64;

class Mapper {
 public:
  Mapper(const SchemaMap& schemas, InputFormat format, Inventory& inv)
      : schemas_(schemas), slot_(BindingSlot(format)), names_(inv.names()), arena_(inv.arena()) {}

  // The object of record `record` read from the object `source`.
  Value MapRecord(int32_t record, const Value& source, int depth);

 private:
  // The value at `path` below `source`, or nullptr when absent.
  const Value* Step(const Value& source, std::string_view path) const;
  // Whether record `record` has exactly the fields Key and Value (tags).
  bool IsKeyValue(int32_t record) const {
    const std::vector<FieldMap>& f = schemas_.records[static_cast<size_t>(record)].fields;
    return f.size() == 2 && f[0].name == "Key" && f[1].name == "Value";
  }
  // The field's value converted to its declared shape where it fits.
  Value Convert(const FieldMap& field, const Value& value, int depth);

  const SchemaMap& schemas_;
  size_t slot_;  // the format's binding slot (kBindingCount: not bound, nothing is mapped)
  Interner& names_;
  Arena& arena_;
};

// Path steps, one member per dotted segment:
// - a list of exactly one element is stepped into first (Terraform nested blocks are lists);
// - an empty list, a null or a missing member on the way means the field is absent;
// - a step that cannot be taken because the value is something else (a scalar, an unknown, a
//   list of several elements) yields that value, so that reading the field reports the
//   mismatch (or the unknown) instead of passing it over as absent.
const Value* Mapper::Step(const Value& source, std::string_view path) const {
  if (path.empty()) return nullptr;  // not mapped in this format
  const Value* cur = &source;
  while (!path.empty()) {
    size_t dot = path.find('.');
    std::string_view name = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    if (cur->kind == ValueKind::kList) {
      if (cur->size == 0) return nullptr;
      if (cur->size == 1) cur = &cur->items[0];
    }
    if (cur->kind == ValueKind::kNull) return nullptr;
    if (cur->kind != ValueKind::kObject) return cur;
    cur = detail::Find(*cur, names_, name);
    if (cur == nullptr || cur->kind == ValueKind::kNull) return nullptr;
  }
  return cur;
}

Value Mapper::Convert(const FieldMap& field, const Value& value, int depth) {
  if (field.record < 0 || static_cast<size_t>(field.record) >= schemas_.records.size() ||
      depth >= kMaxRecordDepth) {
    return value;
  }
  if (!field.list) {
    if (value.kind == ValueKind::kObject) return MapRecord(field.record, value, depth + 1);
    if (value.kind == ValueKind::kList && value.size == 1 &&
        value.items[0].kind == ValueKind::kObject) {
      return MapRecord(field.record, value.items[0], depth + 1);
    }
    return value;
  }
  if (value.kind == ValueKind::kObject && IsKeyValue(field.record)) {
    // Tags: Terraform and AWS Config write a map {"Owner": "x"} where CloudFormation (and the
    // schema) has a list of {Key, Value}.
    std::vector<Value> items;
    items.reserve(value.size);
    for (uint32_t i = 0; i < value.size; ++i) {
      const Member& m = value.members[i];
      Member kv[2] = {{names_.Intern("Key"), m.key_offset,
                       detail::MakeString(arena_, names_.Name(m.key), m.key_offset)},
                      {names_.Intern("Value"), m.value.offset, m.value}};
      items.push_back(detail::MakeObject(arena_, kv, 2, m.key_offset));
    }
    return detail::MakeList(arena_, items, value.offset);
  }
  if (value.kind != ValueKind::kList) return value;
  std::vector<Value> items(value.items, value.items + value.size);
  for (Value& item : items) {
    if (item.kind == ValueKind::kObject) item = MapRecord(field.record, item, depth + 1);
  }
  return detail::MakeList(arena_, items, value.offset);
}

Value Mapper::MapRecord(int32_t record, const Value& source, int depth) {
  std::vector<Member> members;
  if (slot_ < kBindingCount && record >= 0 &&
      static_cast<size_t>(record) < schemas_.records.size()) {
    const RecordMap& map = schemas_.records[static_cast<size_t>(record)];
    members.reserve(map.fields.size());
    for (const FieldMap& field : map.fields) {
      const Value* found = Step(source, field.paths[slot_]);
      if (found == nullptr) continue;
      // A record read from an empty list is a Terraform block with no instance: absent. (An
      // empty list for a list field is an empty list.)
      if (!field.list && field.record >= 0 && found->kind == ValueKind::kList && found->size == 0)
        continue;
      Value mapped = Convert(field, *found, depth);
      members.push_back(Member{names_.Intern(field.name), mapped.offset, mapped});
    }
  }
  return detail::MakeObject(arena_, members, source.offset);
}

}  // namespace

const Value* MapProperties(const SchemaMap& schemas, const TypeMap& type, InputFormat format,
                           const Value& source, Inventory& inventory) {
  Mapper mapper(schemas, format, inventory);
  return detail::Store(inventory.arena(), mapper.MapRecord(type.props, source, 0));
}

}  // namespace srm::rt
