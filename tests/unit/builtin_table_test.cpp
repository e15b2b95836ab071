// Unit tests of the builtin table (runtime/eval/builtins.def, builtin_table.h) and of the generic
// calling convention (builtin_call.h): every row is callable, faults are reported in argument
// order, and every builtin is documented in docs/language.md exactly as the table says.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "runtime/eval/builtin_call.h"

using namespace srm::rt;

namespace {

BuiltinValue Str(std::string_view s) {
  BuiltinValue v;
  v.kind = BuiltinValue::Kind::kStr;
  v.str = s;
  return v;
}
BuiltinValue Int(int64_t n, BuiltinValue::Kind kind = BuiltinValue::Kind::kInt) {
  BuiltinValue v;
  v.kind = kind;
  v.num = n;
  return v;
}

std::string TypeText(BuiltinType t) {
  switch (t) {
    case BuiltinType::kStr:
    case BuiltinType::kCidr:
      return "string";
    case BuiltinType::kInt:
      return "int";
    case BuiltinType::kBool:
      return "bool";
    case BuiltinType::kStrList:
      return "list<string>";
    case BuiltinType::kSized:
      return "string/list<T>";
    case BuiltinType::kAnyList:
    case BuiltinType::kResourceList:
      return "list<T>";
    case BuiltinType::kScalar:
      return "string/int/bool";
    case BuiltinType::kResource:
      return "resource";
    case BuiltinType::kTypeName:
      return "resource type T";
    case BuiltinType::kAnyMap:
      return "map<T>";
    case BuiltinType::kProperty:
      return "property";
  }
  return "?";
}

// The row of the table in docs/language.md that documents `b`.
std::string DocRow(const BuiltinSpec& b) {
  std::string types;
  for (size_t i = 0; i < b.arity; ++i) types += (i ? ", " : "") + TypeText(b.params[i]);
  return "| `" + std::string(b.name) + "(" + std::string(b.param_names) + ")` | `" + types +
         " -> " + TypeText(b.result) + "` | " + std::string(b.doc) + " |";
}

}  // namespace

TEST_CASE("The builtin table is indexed by the enum and found by name", "[builtins]") {
  for (const BuiltinSpec& b : kBuiltins) {
    CHECK(&SpecOf(b.id) == &b);
    CHECK(FindBuiltin(b.name) == &b);
    CHECK(std::string(b.symbol) == "srm_builtin_" + std::string(b.name));
    CHECK(b.arity >= 1);
    CHECK(b.param_names.size() > 0);
    CHECK(b.doc.size() > 0);
  }
  CHECK(FindBuiltin("split")->arity == 2);
  CHECK(FindBuiltin("replace")->arity == 3);
  CHECK(FindBuiltin("related")->form == BuiltinForm::kRelated);
  CHECK(FindBuiltin("keys")->form == BuiltinForm::kKeys);
  CHECK(FindBuiltin("no_such_builtin") == nullptr);
}

TEST_CASE("CallBuiltin calls every row of the generic form", "[builtins]") {
  BuiltinValue out;
  BuiltinValue lower[] = {Str("AbC")};
  CallBuiltin(Builtin::kLower, lower, out);
  CHECK(out.kind == BuiltinValue::Kind::kStr);
  CHECK(out.made);
  CHECK(out.owned == "abc");

  BuiltinValue trim[] = {Str("  x ")};
  out = {};
  CallBuiltin(Builtin::kTrim, trim, out);
  CHECK_FALSE(out.made);
  CHECK(out.str == "x");
  CHECK(out.str.data() == trim[0].str.data() + 2);  // a piece of the argument

  BuiltinValue split[] = {Str("a,b"), Str(",")};
  out = {};
  CallBuiltin(Builtin::kSplit, split, out);
  CHECK(out.kind == BuiltinValue::Kind::kStrList);
  CHECK(out.list == std::vector<std::string_view>{"a", "b"});

  BuiltinValue join[2];
  join[0].kind = BuiltinValue::Kind::kStrList;
  join[0].list = {"a", "b"};
  join[1] = Str("+");
  out = {};
  CallBuiltin(Builtin::kJoin, join, out);
  CHECK(out.owned == "a+b");

  BuiltinValue len[] = {Int(5)};
  out = {};
  CallBuiltin(Builtin::kLen, len, out);
  CHECK(out.kind == BuiltinValue::Kind::kInt);
  CHECK(out.num == 5);

  BuiltinValue to_string[] = {Int(1, BuiltinValue::Kind::kBool)};
  out = {};
  CallBuiltin(Builtin::kToString, to_string, out);
  CHECK(out.owned == "true");

  BuiltinValue contains[] = {Str("10.0.0.0/8"), Str("10.1.2.3")};
  out = {};
  CallBuiltin(Builtin::kCidrContains, contains, out);
  CHECK(out.kind == BuiltinValue::Kind::kBool);
  CHECK(out.num == 1);
}

TEST_CASE("CallBuiltin reports the first bad argument and wrong kinds", "[builtins]") {
  BuiltinValue out;
  BuiltinValue both_bad[] = {Str("10.0.0.0/99"), Str("x")};
  try {
    CallBuiltin(Builtin::kCidrContains, both_bad, out);
    FAIL("no fault");
  } catch (const BuiltinFault& f) {
    CHECK(BuiltinFaultMessage(f, "cidr_contains(a, b)") ==
          "'10.0.0.0/99' is not a valid CIDR (prefix length '99' is not a number from 0 to 32) "
          "in 'cidr_contains(a, b)'");
  }
  BuiltinValue wrong_kind[] = {Int(3)};
  CHECK_THROWS_AS(CallBuiltin(Builtin::kLower, wrong_kind, out), BuiltinFault);
  BuiltinValue related[] = {Int(0), Int(0)};
  CHECK_THROWS_AS(CallBuiltin(Builtin::kRelated, related, out), BuiltinFault);
}

TEST_CASE("Every builtin is documented in docs/language.md as the table says", "[builtins]") {
  std::ifstream in(SRM_SOURCE_DIR "/docs/language.md");
  REQUIRE(in);
  std::string line, table;
  bool in_section = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) in_section = line == "## Builtin functions";
    if (in_section && line.rfind("| `", 0) == 0) table += line + "\n";
  }
  std::string expected;
  for (const BuiltinSpec& b : kBuiltins) expected += DocRow(b) + "\n";
  INFO("the rows of the table under '## Builtin functions' should be:\n" << expected);
  CHECK(table == expected);
}
