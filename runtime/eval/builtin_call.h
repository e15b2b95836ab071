// The generic calling convention of builtins: arguments and results as BuiltinValues. The
// interpreter and the C ABI wrappers (abi.cpp) both call builtins through CallBuiltin, so every
// row of builtins.def is callable from every backend without code of its own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/eval/builtin_table.h"
#include "runtime/eval/builtins.h"

namespace srm::rt {

// One argument or result. Arguments of type kSized and kAnyList are passed as kInt (their
// length), kCidr as kStr, kScalar as the kind of the value.
struct BuiltinValue {
  enum class Kind : uint8_t { kStr, kInt, kBool, kStrList };
  Kind kind = Kind::kStr;
  std::string_view str;                // kStr (a result with `made` set: empty, see `owned`)
  int64_t num = 0;                     // kInt; kBool: 0 or 1
  std::vector<std::string_view> list;  // kStrList
  // A kStr result the builtin made: the caller takes `owned` and views it. Other string
  // results are pieces of the string arguments (`str`, `list`).
  bool made = false;
  std::string owned;
};

// Calls builtin `b` (form kCall) on `args` (SpecOf(b).arity of them, converted as above) and
// stores its result in `out`. Bad input throws BuiltinFault, also an argument of the wrong kind.
void CallBuiltin(Builtin b, const BuiltinValue* args, BuiltinValue& out);

// The evaluation error of a fault in the call whose source text is `where`.
std::string BuiltinFaultMessage(const BuiltinFault& fault, std::string_view where);

}  // namespace srm::rt
