#include "runtime/eval/coerce.h"

#include <charconv>

#include "runtime/eval/builtins.h"

namespace srm::rt {

bool ReadString(const Value& raw, const Interner& names, std::string& scratch,
                std::string_view& out) {
  switch (raw.kind) {
    case ValueKind::kString:
      out = raw.AsString();
      return true;
    case ValueKind::kInt:
      scratch = std::to_string(raw.i);
      out = scratch;
      return true;
    case ValueKind::kBool:
      out = raw.b ? "true" : "false";
      return true;
    case ValueKind::kDouble:
      scratch = Describe(raw, names);
      out = scratch;
      return true;
    default:
      return false;
  }
}

bool ReadInt(const Value& raw, int64_t& out) {
  if (raw.kind == ValueKind::kInt) {
    out = raw.i;
    return true;
  }
  if (raw.kind == ValueKind::kString) {
    std::string_view s = raw.AsString();
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && ptr == s.data() + s.size();
  }
  // Loaders read every number whose value is an integer in int64 range as kInt, exactly
  // (runtime/support/number_text.h); a kDouble is not one, even when its nearest double is
  // integral (22.0000000000000000001, 1e-400).
  return false;
}

bool ReadBool(const Value& raw, bool& out) {
  if (raw.kind == ValueKind::kBool) {
    out = raw.b;
    return true;
  }
  if (raw.kind == ValueKind::kString) {
    std::string lower = Lower(raw.AsString());
    if (lower == "true" || lower == "false") {
      out = lower == "true";
      return true;
    }
  }
  return false;
}

bool IsList(const Value& raw) { return raw.kind == ValueKind::kList; }

bool StrictFits(const Value& raw, const Interner& names, ValueKind kind) {
  if (raw.kind == ValueKind::kUnknown) return true;
  if (raw.kind == ValueKind::kObject && !IntrinsicName(raw, names).empty()) return true;
  return raw.kind == kind;
}

uint32_t KindBit(ValueKind kind) { return 1u << static_cast<unsigned>(kind); }

bool KindIn(uint32_t kinds, ValueKind kind) { return (kinds & KindBit(kind)) != 0; }

bool IsOneOfMany(const Value& raw, const Interner& names, uint32_t kinds) {
  if (raw.kind == ValueKind::kList || !KindIn(kinds, raw.kind)) return false;
  return raw.kind != ValueKind::kObject || IsRecord(raw, names);
}

bool IsRecord(const Value& raw, const Interner& names) {
  return raw.kind == ValueKind::kObject && IntrinsicName(raw, names).empty();
}

const Value* MapGet(const Value& map, const Interner& names, std::string_view key,
                    std::string_view* interned) {
  uint32_t id = names.Find(key);
  if (interned != nullptr) *interned = id == Interner::kNone ? std::string_view() : names.Name(id);
  return id == Interner::kNone ? nullptr : map.Get(id);
}

std::string ShapeError(const Inventory& inv, const Resource& r, const Value& raw,
                       std::string_view name, std::string_view type_name) {
  std::string found = raw.kind == ValueKind::kUnknown
                          ? "unknown until the plan is applied (known after apply)"
                      : IntrinsicName(raw, inv.names()).empty()
                          ? std::string(KindName(raw.kind)) + " " + inv.DescribeValue(raw, r.file)
                          : "the unresolved intrinsic " + Describe(raw, inv.names());
  return "property '" + std::string(name) + "' should be " + std::string(type_name) + " but is " +
         found + " (" + inv.WhereValue(&raw, raw.offset, r.file) + ")";
}

std::string AbsentError(const Inventory& inv, const Resource& r, std::string_view name,
                        const Value* container) {
  std::string where =
      container == nullptr ? inv.Where(r) : inv.WhereValue(container, container->offset, r.file);
  return "required property '" + std::string(name) + "' is absent (" + where + ")";
}

}  // namespace srm::rt
