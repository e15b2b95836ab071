// CallBuiltin: one invoker per row of builtins.def, generated from the implementation's C++
// signature, which a static_assert checks against the row's types.
#include "runtime/eval/builtin_call.h"

#include <tuple>
#include <type_traits>
#include <utility>

namespace srm::rt {
namespace {

using Kind = BuiltinValue::Kind;

void Expect(const BuiltinValue& v, Kind kind) {
  if (v.kind != kind) throw BuiltinFault{"internal error: a builtin argument has the wrong kind"};
}

// Conversion of an argument to the implementation's parameter type T, and the row types that
// may be passed as T.
template <typename T>
struct Arg;
template <>
struct Arg<std::string_view> {
  static constexpr bool Accepts(BuiltinType t) { return t == BuiltinType::kStr; }
  static std::string_view Get(const BuiltinValue& v) {
    Expect(v, Kind::kStr);
    return v.str;
  }
};
template <>
struct Arg<int64_t> {
  static constexpr bool Accepts(BuiltinType t) {
    return t == BuiltinType::kInt || t == BuiltinType::kSized || t == BuiltinType::kAnyList;
  }
  static int64_t Get(const BuiltinValue& v) {
    Expect(v, Kind::kInt);
    return v.num;
  }
};
template <>
struct Arg<bool> {
  static constexpr bool Accepts(BuiltinType t) { return t == BuiltinType::kBool; }
  static bool Get(const BuiltinValue& v) {
    Expect(v, Kind::kBool);
    return v.num != 0;
  }
};
template <>
struct Arg<std::vector<std::string_view>> {
  static constexpr bool Accepts(BuiltinType t) { return t == BuiltinType::kStrList; }
  static const std::vector<std::string_view>& Get(const BuiltinValue& v) {
    Expect(v, Kind::kStrList);
    return v.list;
  }
};
template <>
struct Arg<Cidr> {
  static constexpr bool Accepts(BuiltinType t) { return t == BuiltinType::kCidr; }
  static Cidr Get(const BuiltinValue& v) {
    Expect(v, Kind::kStr);
    return CidrArgument(v.str);
  }
};
template <>
struct Arg<Scalar> {
  static constexpr bool Accepts(BuiltinType t) { return t == BuiltinType::kScalar; }
  static Scalar Get(const BuiltinValue& v) {
    switch (v.kind) {
      case Kind::kStr:
        return Scalar(std::in_place_type<std::string_view>, v.str);
      case Kind::kInt:
        return Scalar(std::in_place_type<int64_t>, v.num);
      case Kind::kBool:
        return Scalar(std::in_place_type<bool>, v.num != 0);
      case Kind::kStrList:
        break;
    }
    throw BuiltinFault{"internal error: a builtin argument has the wrong kind"};
  }
};

// Storing the implementation's result R, and the row result type it implements.
template <typename R>
constexpr bool ResultAccepts(BuiltinType t) {
  if constexpr (std::is_same_v<R, std::string> || std::is_same_v<R, std::string_view>)
    return t == BuiltinType::kStr;
  else if constexpr (std::is_same_v<R, int64_t>)
    return t == BuiltinType::kInt;
  else if constexpr (std::is_same_v<R, bool>)
    return t == BuiltinType::kBool;
  else if constexpr (std::is_same_v<R, std::vector<std::string_view>>)
    return t == BuiltinType::kStrList;
  else
    return false;
}
template <typename R>
void Put(BuiltinValue& out, R&& r) {
  using T = std::remove_cvref_t<R>;
  if constexpr (std::is_same_v<T, std::string>) {
    out.kind = Kind::kStr;
    out.made = true;
    out.owned = std::move(r);
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    out.kind = Kind::kStr;
    out.str = r;
  } else if constexpr (std::is_same_v<T, int64_t>) {
    out.kind = Kind::kInt;
    out.num = r;
  } else if constexpr (std::is_same_v<T, bool>) {
    out.kind = Kind::kBool;
    out.num = r ? 1 : 0;
  } else {
    static_assert(std::is_same_v<T, std::vector<std::string_view>>, "unsupported result type");
    out.kind = Kind::kStrList;
    out.list = std::move(r);
  }
}

template <auto Fn>
struct Invoker;
template <typename R, typename... A, R (*Fn)(A...)>
struct Invoker<Fn> {
  static constexpr bool Matches(const BuiltinSpec& spec) {
    if (spec.form != BuiltinForm::kCall || spec.arity != sizeof...(A)) return false;
    size_t i = 0;
    return (Arg<std::remove_cvref_t<A>>::Accepts(spec.params[i++]) && ... && true) &&
           ResultAccepts<R>(spec.result);
  }
  static void Call(const BuiltinValue* args, BuiltinValue& out) {
    CallWith(args, out, std::index_sequence_for<A...>{});
  }
  template <size_t... I>
  static void CallWith(const BuiltinValue* args, BuiltinValue& out, std::index_sequence<I...>) {
    // Braced initialisation converts the arguments left to right: the first invalid one is
    // the one reported.
    std::tuple<decltype(Arg<std::remove_cvref_t<A>>::Get(args[I]))...> converted{
        Arg<std::remove_cvref_t<A>>::Get(args[I])...};
    (void)converted;  // unused for builtins without parameters
    Put(out, std::apply(Fn, converted));
  }
};

#define SRM_BUILTIN(Id, name, Impl, Result, Params, names, doc)  \
  static_assert(Invoker<&Impl>::Matches(SpecOf(Builtin::k##Id)), \
                "builtins.def: the types of '" #name "' do not match srm::rt::" #Impl);
#include "runtime/eval/builtins.def"

using InvokeFn = void (*)(const BuiltinValue* args, BuiltinValue& out);
constexpr InvokeFn kInvokers[] = {
#define SRM_BUILTIN(Id, name, Impl, Result, Params, names, doc) &Invoker<&Impl>::Call,
#define SRM_BUILTIN_SPECIAL(Id, name, Form, Result, Params, names, doc) nullptr,
#include "runtime/eval/builtins.def"
};
static_assert(std::size(kInvokers) == std::size(kBuiltins));

}  // namespace

void CallBuiltin(Builtin b, const BuiltinValue* args, BuiltinValue& out) {
  InvokeFn fn = kInvokers[static_cast<size_t>(b)];
  if (fn == nullptr) {
    throw BuiltinFault{"internal error: builtin '" + std::string(SpecOf(b).name) +
                       "' has no generic call"};
  }
  fn(args, out);
}

std::string BuiltinFaultMessage(const BuiltinFault& fault, std::string_view where) {
  return fault.message + " in '" + std::string(where) + "'";
}

}  // namespace srm::rt
