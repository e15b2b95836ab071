// The table of builtin functions, derived from runtime/eval/builtins.def: the Builtin enum, each
// builtin's name, parameter and result types, form and C symbol. The type checker, both backends
// and the C ABI read only this, so a new row is a new builtin everywhere.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace srm::rt {

// The types in builtin signatures: a small vocabulary over SRM's types.
enum class BuiltinType : uint8_t {
  kStr,           // string
  kInt,           // int
  kBool,          // bool
  kStrList,       // list<string>
  kCidr,          // string holding an address or CIDR; literals are checked at compile time
  kSized,         // string or any list: the builtin receives its length (elements are not read)
  kAnyList,       // any list: the builtin receives its length
  kScalar,        // string, int or bool
  kResource,      // a resource (special forms only)
  kTypeName,      // the name of a resource type, not a value (special forms only)
  kResourceList,  // list<T> of the resource type named by the kTypeName argument
  kAnyMap,        // any map (special forms only)
  kProperty,      // data not read: x.F, xs[i], m[k], a quantifier's variable (special forms only)
};

// How the backends call a builtin: kCall through the generic convention (runtime/eval/
// builtin_call.h, the C symbol srm_builtin_<name>); the others are lowered by hand.
enum class BuiltinForm : uint8_t {
  kCall,
  kKeys,       // keys(m)
  kRelated,    // related(r, T)
  kRefTo,      // ref_to(x, T)
  kRawText,    // ref_id(x), ref_attribute(x), kind_of(x): a property's data as text
  kJoinParts,  // join_parts(x): the parts of an Fn::Join, a list read from data
};

enum class Builtin : uint8_t {
#define SRM_BUILTIN(Id, name, Impl, Result, Params, names, doc) k##Id,
#define SRM_BUILTIN_SPECIAL(Id, name, Form, Result, Params, names, doc) k##Id,
#include "runtime/eval/builtins.def"
};

inline constexpr size_t kMaxBuiltinParams = 3;

// How an argument of each BuiltinType crosses the generic convention (builtin_call.h): a
// string, int or bool as itself; a string or list as its length; a list<string> element by
// element; special-form types not at all. Backends switch over this, not over BuiltinType.
enum class BuiltinArg : uint8_t { kScalar, kLength, kStrList, kSpecialOnly };
constexpr BuiltinArg ArgOf(BuiltinType t) {
  switch (t) {
    case BuiltinType::kStr:
    case BuiltinType::kCidr:
    case BuiltinType::kInt:
    case BuiltinType::kBool:
    case BuiltinType::kScalar:
      return BuiltinArg::kScalar;
    case BuiltinType::kSized:
    case BuiltinType::kAnyList:
      return BuiltinArg::kLength;
    case BuiltinType::kStrList:
      return BuiltinArg::kStrList;
    case BuiltinType::kResource:
    case BuiltinType::kTypeName:
    case BuiltinType::kResourceList:
    case BuiltinType::kAnyMap:
    case BuiltinType::kProperty:
      return BuiltinArg::kSpecialOnly;
  }
  return BuiltinArg::kSpecialOnly;
}

// What a builtin of the generic convention may return; kNone: a type no generic call returns.
enum class BuiltinResult : uint8_t { kStr, kInt, kBool, kStrList, kNone };
constexpr BuiltinResult ResultOf(BuiltinType t) {
  switch (t) {
    case BuiltinType::kStr:
      return BuiltinResult::kStr;
    case BuiltinType::kInt:
      return BuiltinResult::kInt;
    case BuiltinType::kBool:
      return BuiltinResult::kBool;
    case BuiltinType::kStrList:
      return BuiltinResult::kStrList;
    case BuiltinType::kCidr:
    case BuiltinType::kSized:
    case BuiltinType::kAnyList:
    case BuiltinType::kScalar:
    case BuiltinType::kResource:
    case BuiltinType::kTypeName:
    case BuiltinType::kResourceList:
    case BuiltinType::kAnyMap:
    case BuiltinType::kProperty:
      return BuiltinResult::kNone;
  }
  return BuiltinResult::kNone;
}

struct BuiltinSpec {
  Builtin id;
  std::string_view name;
  BuiltinForm form;
  BuiltinType result;
  std::array<BuiltinType, kMaxBuiltinParams> params;
  uint8_t arity;
  const char* symbol;  // the C ABI function, "srm_builtin_<name>"
  std::string_view param_names;
  std::string_view doc;
};

namespace builtin_table_detail {
struct Params {
  std::array<BuiltinType, kMaxBuiltinParams> types{};
  uint8_t arity = 0;
};
template <typename... T>
constexpr Params MakeParams(T... types) {
  static_assert(sizeof...(T) <= kMaxBuiltinParams, "raise kMaxBuiltinParams");
  return {{types...}, static_cast<uint8_t>(sizeof...(T))};
}
constexpr BuiltinSpec MakeSpec(Builtin id, std::string_view name, BuiltinForm form,
                               BuiltinType result, Params params, const char* symbol,
                               std::string_view names, std::string_view doc) {
  return {id, name, form, result, params.types, params.arity, symbol, names, doc};
}
using enum BuiltinType;
using enum BuiltinForm;
inline constexpr BuiltinSpec kTable[] = {
#define SRM_BUILTIN(Id, name, Impl, Result, Params, names, doc)                                  \
  MakeSpec(Builtin::k##Id, #name, kCall, Result, MakeParams Params, "srm_builtin_" #name, names, \
           doc),
#define SRM_BUILTIN_SPECIAL(Id, name, Form, Result, Params, names, doc)                         \
  MakeSpec(Builtin::k##Id, #name, Form, Result, MakeParams Params, "srm_builtin_" #name, names, \
           doc),
#include "runtime/eval/builtins.def"
};
}  // namespace builtin_table_detail

// Every builtin, in the order of builtins.def (the order of the enum).
inline constexpr auto& kBuiltins = builtin_table_detail::kTable;

constexpr const BuiltinSpec& SpecOf(Builtin b) { return kBuiltins[static_cast<size_t>(b)]; }

// The builtin called `name`, or nullptr.
constexpr const BuiltinSpec* FindBuiltin(std::string_view name) {
  for (const BuiltinSpec& s : kBuiltins) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

namespace builtin_table_detail {
constexpr bool Consistent() {
  for (size_t i = 0; i < std::size(kBuiltins); ++i) {
    if (static_cast<size_t>(kBuiltins[i].id) != i) return false;
    if (FindBuiltin(kBuiltins[i].name) != &kBuiltins[i]) return false;  // names are unique
  }
  return true;
}
static_assert(Consistent(), "builtins.def: duplicate name or rows out of enum order");
}  // namespace builtin_table_detail

}  // namespace srm::rt
