// Reading inventory data as declared SRM types (with CloudFormation's scalar coercions), and the
// messages for data that does not fit. One implementation for every backend, so that the
// interpreter and compiled checkers accept the same data and report the same ERROR text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/inventory/inventory.h"
#include "runtime/value/value.h"

namespace srm::rt {

// Each returns false when `raw` (present, not null) cannot be read as the type.
// string: strings as they are; ints, bools and other numbers as their text (in `scratch`).
bool ReadString(const Value& raw, const Interner& names, std::string& scratch,
                std::string_view& out);
// int: integers; strings of decimal digits ("22"); integral numbers within int64.
bool ReadInt(const Value& raw, int64_t& out);
// bool: booleans; the strings "true"/"false" in any case.
bool ReadBool(const Value& raw, bool& out);
// list: arrays. record: objects that are not CloudFormation intrinsics.
bool IsList(const Value& raw);
bool IsRecord(const Value& raw, const Interner& names);
// A map's value under `key` (a record, per IsRecord), or nullptr when it has no such key. Shared
// by the interpreter and the ABI (srm_map_get). `interned`, when given, receives the key as the
// interner holds it ("" when no inventory has it), for rt::Read.
const Value* MapGet(const Value& map, const Interner& names, std::string_view key,
                    std::string_view* interned = nullptr);
// Strict reads (a `strict` module): whether `raw` (present, not null) has the JSON kind `kind`
// (kString, kInt, kBool, kList or kObject), or is a value not known before deployment (an
// unresolved intrinsic, a Terraform unknown), which the read then reports as an ERROR. Data of
// another JSON kind is read as absent (an ERROR where the type is not optional).
bool StrictFits(const Value& raw, const Interner& names, ValueKind kind);
// Sets of JSON kinds as bits (1 << ValueKind): the other arms of a union (docs/language.md
// "Union types"), shared by the interpreter and the ABI's reads.
uint32_t KindBit(ValueKind kind);
bool KindIn(uint32_t kinds, ValueKind kind);
// A `(T | list<T>)` union iterated as a list: whether `raw` is not a list but one value of a
// kind in `kinds` (T's), which stands for a list of itself; an intrinsic never does.
bool IsOneOfMany(const Value& raw, const Interner& names, uint32_t kinds);

// "property 'Encrypted' should be bool but is the unresolved intrinsic {"Ref": "X"} (t.json:9:7)"
std::string ShapeError(const Inventory& inv, const Resource& r, const Value& raw,
                       std::string_view name, std::string_view type_name);
// "required property 'Status' is absent (t.json:4:20)", located at the containing value (the
// resource itself when null). Values of related resources are located in their own files.
std::string AbsentError(const Inventory& inv, const Resource& r, std::string_view name,
                        const Value* container);

}  // namespace srm::rt
