// Building and inspecting arena Values for the Terraform, AWS Config and generic builders:
// constructors, member lookup by name, JSON type names for messages, and JSON text to Values
// (AWS Config embeds JSON documents in strings). Internal to runtime/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/inventory/inventory.h"
#include "runtime/value/value.h"

namespace srm::rt::detail {

// The value's JSON type for messages: "object", "array", "string", "number", "boolean", "null"
// ("unknown" for kUnknown).
const char* JsonKindName(const Value& v);

// Member of an object by name; nullptr when `v` is not an object or has no such member. Never
// interns (a name nobody interned is in no object).
const Value* Find(const Value& v, const Interner& names, std::string_view name);
// The key offset of that member, or `fallback`.
uint32_t KeyOffset(const Value& v, const Interner& names, std::string_view name, uint32_t fallback);

// Values whose storage is copied into the arena.
Value MakeObject(Arena& arena, const Member* members, size_t n, uint32_t offset);
Value MakeList(Arena& arena, const Value* items, size_t n, uint32_t offset);
Value MakeString(Arena& arena, std::string_view s, uint32_t offset);
Value MakeUnknown(uint32_t offset);
inline Value MakeObject(Arena& arena, const std::vector<Member>& members, uint32_t offset) {
  return MakeObject(arena, members.data(), members.size(), offset);
}
inline Value MakeList(Arena& arena, const std::vector<Value>& items, uint32_t offset) {
  return MakeList(arena, items.data(), items.size(), offset);
}
// A copy of `v` in the arena, for Resource::properties.
const Value* Store(Arena& arena, const Value& v);

// Parses `text` (one JSON value) into `out`, allocating in the inventory's arena. Offsets: with
// `fixed` every value (and key) gets `base`; otherwise `base` + the value's position in `text`.
// Nesting deeper than `max_depth` and duplicate keys are errors. On failure returns false with
// `error` saying what is wrong (and, for syntax errors, `error_pos` its position in `text`).
bool JsonToValue(std::string_view text, Inventory& inv, uint32_t max_depth, uint32_t base,
                 bool fixed, Value& out, std::string& error, uint32_t& error_pos);

}  // namespace srm::rt::detail
