// Semantic types of SRM values. Types are owned by a TypeTable and compared structurally.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "runtime/inventory/input_format.h"
#include "runtime/value/value.h"

namespace srm::sema {

enum class TypeKind : uint8_t {
  kError,  // after a reported error; compatible with everything to avoid cascades
  kNull,   // the `null` literal
  kNever,  // element type of the empty list literal
  kBool,
  kInt,
  kString,
  kList,
  kMap,  // `map<T>`: an object with arbitrary keys, values of type `elem`
  kRecord,
  kResource,  // a resource of a declared resource type
  kOptional,
  kUnion,  // `(bool | string)`: data of one of `arms`' JSON kinds; only a field's type
};

struct ResourceInfo;
struct Type;

struct Field {
  std::string name;
  const Type* type = nullptr;
  // Per bound format (rt::BindingSlot), the source path `tf "path"`; empty: the default.
  rt::BindingStrings sources;
};

struct Type {
  TypeKind kind = TypeKind::kError;
  const Type* elem = nullptr;              // kList element, kMap value, kOptional inner
  std::vector<Field> fields;               // kRecord, in declaration order
  const ResourceInfo* resource = nullptr;  // kResource
  std::string name;                        // named record or resource, for messages
  std::vector<const Type*> arms;           // kUnion: one per JSON kind, in JsonKindOf order

  const Field* FindField(std::string_view n) const;
  bool IsOptional() const { return kind == TypeKind::kOptional; }
  const Type* Strip() const { return kind == TypeKind::kOptional ? elem : this; }
};

class TypeTable {
 public:
  TypeTable();
  const Type* Error() const { return error_; }
  const Type* Null() const { return null_; }
  const Type* Never() const { return never_; }
  const Type* Bool() const { return bool_; }
  const Type* Int() const { return int_; }
  const Type* String() const { return string_; }
  const Type* List(const Type* elem);
  const Type* Map(const Type* value);
  const Type* Optional(const Type* inner);  // Optional(Optional(T)) == Optional(T)
  // The union of types of distinct JSON kinds (scalars, a list, a record), in any order.
  const Type* Union(std::vector<const Type*> arms);
  Type* NewRecord(std::string name);
  Type* NewResource(const ResourceInfo* info, std::string name);

 private:
  const Type* Make(Type t);
  std::deque<Type> types_;
  const Type* error_;
  const Type* null_;
  const Type* never_;
  const Type* bool_;
  const Type* int_;
  const Type* string_;
};

// Renders a type for diagnostics: `string`, `list<int>`, `{A: string, ...}?`, `aws.S3Bucket`.
std::string TypeName(const Type* t);
// Structural equality (records by fields, resources by identity).
bool SameType(const Type* a, const Type* b);
// Whether a value of type `from` may be used where `to` is expected.
bool Assignable(const Type* from, const Type* to);
// True for string, int and bool: the types that interpolate and compare by value.
bool IsScalar(const Type* t);
// True for a union or an optional union.
bool IsUnion(const Type* t);
// Whether `t` (a scalar, optional or not) is one of the arms of union `u` (optional or not).
bool IsArmOf(const Type* t, const Type* u);
// For a union (optional or not) that is "one or many", `(T | list<T>)`: list<T>; else nullptr.
const Type* OneOrManyList(const Type* u);
// The JSON kind that data of type `t` (optional or not) has under strict reads: kString,
// kInt, kBool, kList or kObject (a record); kNull for types that are not read from data.
rt::ValueKind JsonKindOf(const Type* t);

}  // namespace srm::sema
