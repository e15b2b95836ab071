// Unit tests of runtime/eval/coerce.h: CloudFormation scalar coercions and data-shape messages.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "runtime/eval/coerce.h"
#include "tests/unit/test_util.h"

using namespace srm;

TEST_CASE("scalar coercions follow CloudFormation", "[runtime][coerce]") {
  rt::Interner names;
  rt::Inventory inv(names);
  rt::LoadError err;
  REQUIRE(test::LoadJson(R"({"Resources": {"R": {"Type": "T", "Properties": {
      "a": "22", "b": 22, "c": "TRUE", "d": 2.0, "e": 2.5, "f": "2x", "g": 1e30,
      "h": {"Ref": "P"}, "i": {"x": 1}, "j": [1]}}}})",
                         inv, err));
  const rt::Resource& r = inv.resources()[0];
  auto get = [&](const char* key) { return r.properties->Get(names.Find(key)); };
  int64_t n = 0;
  CHECK((rt::ReadInt(*get("a"), n) && n == 22));
  CHECK((rt::ReadInt(*get("b"), n) && n == 22));
  CHECK((rt::ReadInt(*get("d"), n) && n == 2));
  CHECK_FALSE(rt::ReadInt(*get("e"), n));
  CHECK_FALSE(rt::ReadInt(*get("f"), n));
  CHECK_FALSE(rt::ReadInt(*get("g"), n));  // out of int64 range, no undefined conversion
  bool b = false;
  CHECK((rt::ReadBool(*get("c"), b) && b));
  CHECK_FALSE(rt::ReadBool(*get("a"), b));
  std::string scratch;
  std::string_view s;
  CHECK((rt::ReadString(*get("b"), names, scratch, s) && s == "22"));
  CHECK_FALSE(rt::ReadString(*get("i"), names, scratch, s));
  CHECK(rt::IsRecord(*get("i"), names));
  CHECK_FALSE(rt::IsRecord(*get("h"), names));
  CHECK(rt::IsList(*get("j")));
  std::string msg = rt::ShapeError(inv, r, *get("h"), "h", "bool");
  CHECK(msg.rfind(
            "property 'h' should be bool but is the unresolved intrinsic {\"Ref\": \"P\"} (/tmp/",
            0) == 0);
  CHECK(rt::AbsentError(inv, r, "Z", r.properties)
            .rfind("required property 'Z' is absent (/tmp/", 0) == 0);
}
