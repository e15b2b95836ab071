// Unit tests of the CloudFormation YAML loader: short-form tags, scalars, locations (after
// multi-byte UTF-8 too), aliases and their bound, duplicate keys, and every kind of bad input.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "runtime/inventory/format_loaders.h"
#include "runtime/inventory/loaders.h"
#include "tests/unit/loaded_inventory.h"
#include "tests/unit/test_util.h"

using namespace srm::rt;

namespace {

struct Loaded : srm::test::LoadedInventory {
  LoadOptions options;
  std::string ShowProp(std::string_view id, std::string_view key) const {
    return Show(Prop(id, key));
  }
};

// Loads `text` as the YAML file "t.yaml" (after `begin` bytes).
std::unique_ptr<Loaded> Load(std::string_view text, const LoadLimits& limits = {},
                             size_t begin = 0) {
  auto out = std::make_unique<Loaded>();
  out->options.limits = limits;
  out->inv.BeginFile();
  uint32_t index = out->inv.AddFile(std::make_unique<SourceFile>("t.yaml", std::string(text)));
  detail::FileLoad load{out->inv.file(index), index, out->inv, out->options, out->error};
  out->ok = detail::LoadCfnYaml(load, begin);
  if (out->ok) out->inv.ResolveReferences();
  return out;
}

// A template with one resource A of type AWS::S3::Bucket and these properties (indented by 6).
std::string WithProps(std::string_view props) {
  return "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n" + std::string(props);
}

// Expects the load to fail at line:col with exactly `message`.
void ExpectError(std::string_view text, uint32_t line, uint32_t col, std::string_view message,
                 const LoadLimits& limits = {}) {
  INFO("input: " << text.substr(0, 300));
  auto r = Load(text, limits);
  REQUIRE_FALSE(r->ok);
  INFO("error: " << r->error.Render());
  CHECK(r->error.file == "t.yaml");
  CHECK(r->error.where.line == line);
  CHECK(r->error.where.col == col);
  CHECK(r->error.message == message);
}

// Expects the load to fail at line:col with a message that contains `needle`.
void ExpectErrorHas(std::string_view text, uint32_t line, uint32_t col, std::string_view needle,
                    const LoadLimits& limits = {}) {
  INFO("input: " << text.substr(0, 300));
  auto r = Load(text, limits);
  REQUIRE_FALSE(r->ok);
  INFO("error: " << r->error.Render());
  CHECK(r->error.where.line == line);
  CHECK(r->error.where.col == col);
  CHECK(r->error.message.find(needle) != std::string::npos);
}

}  // namespace

TEST_CASE("YAML short-form tags become their long forms", "[runtime][yaml]") {
  auto r = Load(WithProps(R"(      Ref: !Ref Bucket
      Cond: !Condition IsProd
      GetAtt1: !GetAtt Db.Endpoint.Address
      GetAtt2: !GetAtt [Db, Arn]
      GetAtt3: !GetAtt NoDot
      Sub1: !Sub "arn:${AWS::Partition}:s3:::${Bucket}"
      Sub2: !Sub ["${X}-y", {X: !Ref AWS::Region}]
      Join: !Join [",", [a, b]]
      If: !If [C, 1, 2]
      Select: !Select [0, !GetAZs ""]
      Split: !Split [",", "a,b"]
      FindInMap: !FindInMap [M, K1, K2]
      GetAZs: !GetAZs
      ImportValue: !ImportValue Shared
      Base64: !Base64 {"Fn::Sub": "x"}
      Cidr: !Cidr ["10.0.0.0/16", 4, 8]
      Equals: !Equals [a, b]
      And: !And [!Condition A, !Condition B]
      Or: !Or [!Condition A, !Condition B]
      Not: !Not [!Condition A]
      Transform: !Transform {Name: AWS::Include, Parameters: {Location: s3://x}}
      ToJsonString: !ToJsonString {a: 1}
      Length: !Length [1, 2]
      ForEach: !ForEach [Id, [a], {}]
)"));
  REQUIRE(r->ok);
  CHECK(r->ShowProp("A", "Ref") == R"({"Ref": "Bucket"})");
  CHECK(r->ShowProp("A", "Cond") == R"({"Condition": "IsProd"})");
  // Split at the first dot: attribute names may contain dots.
  CHECK(r->ShowProp("A", "GetAtt1") == R"({"Fn::GetAtt": ["Db", "Endpoint.Address"]})");
  CHECK(r->ShowProp("A", "GetAtt2") == R"({"Fn::GetAtt": ["Db", "Arn"]})");
  CHECK(r->ShowProp("A", "GetAtt3") == R"({"Fn::GetAtt": "NoDot"})");
  CHECK(r->ShowProp("A", "Sub1") == R"({"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}"})");
  CHECK(r->ShowProp("A", "Sub2") == R"({"Fn::Sub": ["${X}-y", {"X": {"Ref": "AWS::Region"}}]})");
  CHECK(r->ShowProp("A", "If") == R"({"Fn::If": ["C", 1, 2]})");
  CHECK(r->ShowProp("A", "Select") == R"({"Fn::Select": [0, {"Fn::GetAZs": ""}]})");
  CHECK(r->ShowProp("A", "FindInMap") == R"({"Fn::FindInMap": ["M", "K1", "K2"]})");
  CHECK(r->ShowProp("A", "GetAZs") == R"({"Fn::GetAZs": ""})");
  CHECK(r->ShowProp("A", "ImportValue") == R"({"Fn::ImportValue": "Shared"})");
  CHECK(r->ShowProp("A", "Base64") == R"({"Fn::Base64": {"Fn::Sub": "x"}})");
  CHECK(r->ShowProp("A", "Cidr") == R"({"Fn::Cidr": ["10.0.0.0/16", 4, 8]})");
  CHECK(r->ShowProp("A", "Equals") == R"({"Fn::Equals": ["a", "b"]})");
  CHECK(r->ShowProp("A", "And") == R"({"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]})");
  CHECK(r->ShowProp("A", "Or") == R"({"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]})");
  CHECK(r->ShowProp("A", "Not") == R"({"Fn::Not": [{"Condition": "A"}]})");
  CHECK(r->ShowProp("A", "Transform") ==
        R"({"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://x"}}})");
  CHECK(r->ShowProp("A", "ToJsonString") == R"({"Fn::ToJsonString": {"a": 1}})");
  CHECK(r->ShowProp("A", "Length") == R"({"Fn::Length": [1, 2]})");
  CHECK(r->ShowProp("A", "ForEach") == R"({"Fn::ForEach": ["Id", ["a"], {}]})");
  // Static intrinsics are resolved after conversion.
  CHECK(r->ShowProp("A", "Join") == R"("a,b")");
  CHECK(r->ShowProp("A", "Split") == R"(["a", "b"])");
  const Value* ref = r->Prop("A", "Ref");
  REQUIRE(ref != nullptr);
  CHECK(IntrinsicName(*ref, r->names) == "Ref");
}

TEST_CASE("YAML scalars resolve like the YAML 1.2 core schema", "[runtime][yaml]") {
  auto r = Load(WithProps(R"(      N1: ~
      N2: null
      N3:
      N4: NULL
      B1: true
      B2: FALSE
      B3: True
      I1: 42
      I2: -7
      I3: +3
      I4: 0x1F
      I5: 0o17
      I6: 99999999999999999999
      I7: 0755
      F1: 1.5
      F2: -2e3
      F3: .5
      S1: yes
      S2: 2010-09-09
      S3: "123"
      S4: '0x1F'
      S5: .inf
      S6: hello world
      S7: 1_000
      T1: !!str 12
      T2: !!int "7"
      T3: !!float 1
      T4: !!bool "true"
      T5: !!null ""
      T6: ! 13
      L1: |
        line one
        line two
      L2: >-
        folded
        text
)"));
  REQUIRE(r->ok);
  auto kind = [&](std::string_view key) { return r->Prop("A", key)->kind; };
  for (const char* k : {"N1", "N2", "N3", "N4", "T5"}) CHECK(kind(k) == ValueKind::kNull);
  CHECK(r->ShowProp("A", "B1") == "true");
  CHECK(r->ShowProp("A", "B2") == "false");
  CHECK(r->ShowProp("A", "B3") == "true");
  CHECK(kind("B3") == ValueKind::kBool);
  CHECK(r->Prop("A", "I1")->i == 42);
  CHECK(r->Prop("A", "I2")->i == -7);
  CHECK(r->Prop("A", "I3")->i == 3);
  CHECK(r->Prop("A", "I4")->i == 31);
  CHECK(r->Prop("A", "I5")->i == 15);
  CHECK(kind("I6") == ValueKind::kDouble);  // beyond int64
  CHECK(r->Prop("A", "I6")->d == Approx(1e20));
  CHECK(r->Prop("A", "I7")->i == 755);  // core schema: decimal, not octal
  CHECK(r->Prop("A", "F1")->d == 1.5);
  CHECK(kind("F2") == ValueKind::kInt);  // -2e3: integer-valued numbers are ints, exactly
  CHECK(r->Prop("A", "F2")->i == -2000);
  CHECK(r->Prop("A", "F3")->d == 0.5);
  for (const char* k : {"S1", "S2", "S3", "S4", "S5", "S6", "S7", "T1", "T6", "L1", "L2"}) {
    INFO(k);
    CHECK(kind(k) == ValueKind::kString);
  }
  CHECK(r->ShowProp("A", "S3") == R"("123")");
  CHECK(r->ShowProp("A", "T1") == R"("12")");
  CHECK(r->Prop("A", "T2")->i == 7);
  CHECK(kind("T3") == ValueKind::kInt);  // !!float 1: its value is an integer
  CHECK(r->Prop("A", "T3")->i == 1);
  CHECK(r->ShowProp("A", "T4") == "true");
  CHECK(r->Prop("A", "L1")->AsString() == "line one\nline two\n");
  CHECK(r->Prop("A", "L2")->AsString() == "folded text");
}

TEST_CASE("YAML values and keys are located at line:col in bytes", "[runtime][yaml]") {
  // "é" and "€" are 2 and 3 bytes: columns count bytes, as everywhere else.
  std::string text =
      "# caf\xC3\xA9\n"
      "Resources:\n"
      "  A:\n"
      "    Type: AWS::S3::Bucket\n"
      "    Properties:\n"
      "      N\xC3\xA9: [\xE2\x82\xAC, x, !Ref Y]\n"
      "      Tag: !GetAtt  B.Arn\n"
      "      Deep:\n"
      "        - k: \"v\"\n";
  auto r = Load(text);
  REQUIRE(r->ok);
  const Resource& a = r->Get("A");
  CHECK(r->At(a.offset).line == 3);
  CHECK(r->At(a.offset).col == 3);
  // A block mapping starts at its first key.
  CHECK(r->At(a.properties->offset).line == 6);
  CHECK(r->At(a.properties->offset).col == 7);
  const Value* list = r->Prop("A", "N\xC3\xA9");
  REQUIRE(list != nullptr);
  REQUIRE(list->size == 3);
  CHECK(r->At(a.properties->members[0].key_offset).col == 7);
  CHECK(r->At(list->offset).col == 12);  // after the 2-byte é
  CHECK(r->At(list->items[0].offset).col == 13);
  CHECK(r->At(list->items[1].offset).col == 18);  // after the 3-byte €
  CHECK(r->At(list->items[2].offset).col == 21);  // the tag
  // The long form is at the tag, its argument after it.
  const Value* tag = r->Prop("A", "Tag");
  REQUIRE(tag != nullptr);
  CHECK(r->At(tag->offset).line == 7);
  CHECK(r->At(tag->offset).col == 12);
  CHECK(r->At(tag->members[0].value.offset).col == 21);
  const Value* deep = r->Prop("A", "Deep");
  REQUIRE(deep != nullptr);
  CHECK(r->At(deep->offset).line == 9);
  CHECK(r->At(deep->offset).col == 9);
  CHECK(r->At(deep->items[0].members[0].value.offset).col == 14);
}

TEST_CASE("YAML locations with CRLF line ends and after a byte order mark", "[runtime][yaml]") {
  auto crlf = Load(
      "Resources:\r\n  A:\r\n    Type: AWS::S3::Bucket\r\n    Properties:\r\n"
      "      X: 1\r\n");
  REQUIRE(crlf->ok);
  CHECK(crlf->At(crlf->Prop("A", "X")->offset).line == 5);
  CHECK(crlf->At(crlf->Prop("A", "X")->offset).col == 10);
  auto bom = Load("\xEF\xBB\xBFResources:\n  A: {Type: 7}\n", {}, 3);
  REQUIRE_FALSE(bom->ok);
  CHECK(bom->error.where.line == 2);
  CHECK(bom->error.where.col == 13);
}

TEST_CASE("YAML anchors and aliases are shared values", "[runtime][yaml]") {
  auto r = Load(R"(Resources:
  A:
    Type: AWS::S3::Bucket
    Properties:
      Tags: &tags
        - {Key: k, Value: v}
      Copy: *tags
      &name Named: 1
      Other: *name
      Ref: &r !Ref X
      Ref2: *r
)");
  REQUIRE(r->ok);
  CHECK(r->ShowProp("A", "Copy") == R"([{"Key": "k", "Value": "v"}])");
  CHECK(r->ShowProp("A", "Ref2") == R"({"Ref": "X"})");
  // The alias's top value is located at the alias.
  CHECK(r->At(r->Prop("A", "Copy")->offset).line == 7);
  CHECK(r->At(r->Prop("A", "Copy")->offset).col == 13);
  // An anchored key stands for its text; as a key again, it is a duplicate.
  CHECK(r->ShowProp("A", "Named") == "1");
  CHECK(r->ShowProp("A", "Other") == R"("Named")");
  ExpectError(WithProps("      &k Named: 1\n      *k : 2\n"), 6, 7,
              "resource 'A': duplicate key \"Named\" (first at line 5:10)");
}

TEST_CASE("YAML aliases are bounded (billion laughs)", "[runtime][yaml]") {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'j'; ++c, ++prev) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
  }
  text += "Resources: {}\n";
  auto r = Load(text);
  REQUIRE_FALSE(r->ok);
  CHECK(r->error.message ==
        "YAML aliases expand to more than 1000000 values; refusing to expand (a 'billion "
        "laughs' document?)");
  CHECK(r->error.where.line == 6);  // "f": 10^6 values

  // A few aliases are fine, and the count grows with the file: 8 values per byte.
  std::string small = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\nResources: {}\n";
  CHECK(Load(small)->ok);
}

TEST_CASE("YAML recursive aliases are refused", "[runtime][yaml]") {
  ExpectError("a: &x [1, *x]\nResources: {}\n", 1, 11,
              "alias *x refers to a node that contains it; a recursive alias cannot be expanded");
  ExpectError("a: &x {k: *x}\nResources: {}\n", 1, 11,
              "alias *x refers to a node that contains it; a recursive alias cannot be expanded");
}

TEST_CASE("YAML duplicate keys are errors", "[runtime][yaml]") {
  ExpectError(WithProps("      Versioning:\n        Status: Enabled\n        Status: Suspended\n"),
              7, 9, "resource 'A': duplicate key \"Status\" (first at line 6:9)");
  ExpectError("Resources: {}\nResources: {}\n", 2, 1,
              "duplicate top-level key \"Resources\" (first at line 1:1)");
  ExpectError("Resources:\n  A: {Type: X}\n  A: {Type: Y}\n", 3, 3,
              "duplicate logical id 'A' in \"Resources\" (first defined at line 2:3)");
  ExpectError("Resources:\n  A: {Type: X, Type: Y}\n", 2, 16,
              "resource 'A': duplicate key \"Type\" (first at line 2:7)");
  // Keys compare by text: quoting does not make them different.
  ExpectError(WithProps("      k: 1\n      \"k\": 2\n"), 6, 7,
              "resource 'A': duplicate key \"k\" (first at line 5:7)");
}

TEST_CASE("YAML syntax errors are located and say what was expected", "[runtime][yaml]") {
  ExpectError("Resources: [1, 2\n", 2, 1,
              "invalid YAML: expected ',' or ']' in this flow sequence");
  ExpectError("Resources:\n  A: b: c\n", 2, 7,
              "invalid YAML: a mapping value (': ') is not allowed here; quote a string that "
              "contains ': ', or fix the indentation");
  ExpectError("Resources:\n\tA: 1\n", 2, 1,
              "invalid YAML: a tab character indents this line; YAML indentation must use spaces");
  ExpectError("Resources:\n  A:\n  \t B: 1\n", 3, 3,
              "invalid YAML: a tab character indents this line; YAML indentation must use spaces");
  ExpectError("Resources: *nope\n", 1, 12,
              "invalid YAML: this alias refers to an anchor that is not defined before it "
              "(expected &name earlier in the document)");
  ExpectError("Resources: \"\\q\"\n", 1, 15,
              "invalid YAML: unknown escape sequence '\\q' in a double-quoted string");
}

TEST_CASE("YAML unterminated quoted strings are errors", "[runtime][yaml]") {
  const char* msg =
      "invalid YAML: unterminated quoted string: expected the closing quote before the end of "
      "the file";
  ExpectError("Resources:\n  A:\n    Type: \"AWS::S3::Bucket\n", 3, 11, msg);
  ExpectError("Resources:\n  A:\n    Type: 'AWS::S3::Bucket\n\n", 3, 11, msg);
  ExpectError("Resources:\n  A:\n    Type: !Sub\n      'it''s\n", 4, 7, msg);
  ExpectErrorHas("Resources:\n  A:\n    Type: \"AWS::S3::Bucket", 3, 27, "unterminated");
  // Escaped quotes do not close the string; a closed one at the end of the file is fine.
  ExpectError("Resources: {}\nx: \"a\\\"\n", 2, 4, msg);
  CHECK(Load("Resources: {}\nx: 'it''s'")->ok);
  CHECK(Load("Resources: {}\nx: \"a\\\"\"\n")->ok);
}

TEST_CASE("YAML files hold exactly one document", "[runtime][yaml]") {
  ExpectError("Resources: {}\n---\nResources: {}\n", 2, 1,
              "a second YAML document starts here; a CloudFormation template is exactly one "
              "document");
  ExpectError("Resources: {}\n---\n", 2, 1,
              "a second YAML document starts here; a CloudFormation template is exactly one "
              "document");
  CHECK(Load("---\nResources: {}\n...\n# done\n")->ok);
  auto none = Load("# only a comment\n");
  auto late = Load("\n\n   # a comment after blank lines\n");
  REQUIRE_FALSE(late->ok);
  CHECK(late->error.where.line == 3);
  CHECK(late->error.where.col == 4);
  REQUIRE_FALSE(none->ok);
  CHECK(
      none->error.Render() ==
      "t.yaml:1:1: error: the file holds no YAML document (only comments or directives); expected "
      "a CloudFormation template (a mapping with a \"Resources\" section)");
}

TEST_CASE("YAML nesting is limited", "[runtime][yaml]") {
  LoadLimits limits;
  limits.max_depth = 6;
  // Top 1, Resources 2, A 3, Properties 4, X 5, [6], [7].
  ExpectError(WithProps("      X: [[[1]]]\n"), 5, 12,
              "resource 'A': nesting is deeper than the limit of 6 sequences/mappings", limits);
  CHECK(Load(WithProps("      X: [[1]]\n"), limits)->ok);
  // A short form's long form is a level too.
  ExpectError(WithProps("      X: [!Join [a, []]]\n"), 5, 17,
              "resource 'A': nesting is deeper than the limit of 6 sequences/mappings", limits);
  // So is an alias's subtree where it is used.
  ExpectError("a: &a [[[1]]]\nResources:\n  A:\n    Type: T\n    Properties:\n      X: *a\n", 6, 10,
              "resource 'A': nesting is deeper than the limit of 6 sequences/mappings", limits);
  // Far past any limit: a located error, not a crash.
  std::string deep = "Resources: " + std::string(100000, '[') + std::string(100000, ']') + "\n";
  ExpectErrorHas(deep, 1, 139, "nesting is deeper than the limit of 128");
  std::string block = "Resources:\n";
  for (int i = 0; i < 3000; ++i) block += std::string(static_cast<size_t>(i) + 2, ' ') + "- \n";
  auto r = Load(block);
  CHECK_FALSE(r->ok);
}

TEST_CASE("YAML tags must be known and fit the node", "[runtime][yaml]") {
  ExpectError(WithProps("      X: !Foo bar\n"), 5, 10,
              "resource 'A': unknown tag !Foo; the CloudFormation short forms are !Ref, "
              "!Condition, !GetAtt, !Sub, !Join, !If, !Select, !Split, !FindInMap, !GetAZs, "
              "!ImportValue, !Base64, !Cidr, !Equals, !And, !Or, !Not, !Transform, "
              "!ToJsonString, !Length, !ForEach");
  ExpectErrorHas(WithProps("      X: !GetAttr A.B\n"), 5, 10, "(did you mean !GetAtt?)");
  ExpectErrorHas(WithProps("      X: !Ref [a]\n"), 5, 10, "!Ref takes a scalar, found a sequence");
  ExpectError(WithProps("      X: !GetAtt {A: B}\n"), 5, 10,
              "resource 'A': !GetAtt takes a scalar or a sequence, found a mapping");
  ExpectError(WithProps("      X: !Join a\n"), 5, 10,
              "resource 'A': !Join takes a sequence, found a scalar");
  ExpectError(WithProps("      X: !!set {a: 1}\n"), 5, 10,
              "resource 'A': unsupported tag !!set; the standard tags read here are !!str, "
              "!!int, !!float, !!bool, !!null, !!map and !!seq");
  ExpectError(WithProps("      X: !!map [1]\n"), 5, 10,
              "resource 'A': !!map tag on a sequence; expected a mapping");
  ExpectError(WithProps("      X: !!seq a\n"), 5, 10,
              "resource 'A': !!seq tag on a scalar; expected a sequence");
  ExpectError(WithProps("      X: !!int abc\n"), 5, 16,
              "resource 'A': !!int value \"abc\" is not an integer");
  ExpectError(WithProps("      X: !!bool yes\n"), 5, 17,
              "resource 'A': !!bool value \"yes\" is not true or false");
  ExpectError(WithProps("      X: 1e999\n"), 5, 10, "resource 'A': number 1e999 is out of range");
  ExpectError(WithProps("      !Ref X: 1\n"), 5, 7,
              "resource 'A': a mapping key must be a string, found a !Ref intrinsic");
}

TEST_CASE("YAML mapping keys must be strings", "[runtime][yaml]") {
  ExpectError(WithProps("      ? [a, b]\n      : 1\n"), 5, 9,
              "resource 'A': a mapping key must be a string, found a sequence");
  ExpectError(WithProps("      ~: 1\n"), 5, 7,
              "resource 'A': a mapping key must be a string, found null (quote \"null\" or \"~\" "
              "to use them as keys)");
  ExpectError(WithProps("      x: &s [1]\n      *s : 2\n"), 6, 7,
              "resource 'A': a mapping key must be a string, but alias *s is a sequence");
  ExpectError(WithProps("      base: &b {x: 1}\n      y:\n        <<: *b\n"), 7, 9,
              "resource 'A': YAML merge keys ('<<') are not supported; write the keys out, or "
              "quote \"<<\" to use it as a key");
  CHECK(Load(WithProps("      \"<<\": 1\n"))->ok);
  // Plain scalars other than null are keys by their text.
  auto r = Load(WithProps("      1: a\n      true: b\n"));
  REQUIRE(r->ok);
  CHECK(r->ShowProp("A", "1") == R"("a")");
  CHECK(r->ShowProp("A", "true") == R"("b")");
}

TEST_CASE("YAML templates are checked like JSON ones", "[runtime][yaml]") {
  ExpectError("- Resources: {}\n", 1, 1,
              "expected a CloudFormation template (a YAML mapping with a \"Resources\" section), "
              "found sequence");
  ExpectError("just text\n", 1, 1,
              "expected a CloudFormation template (a YAML mapping with a \"Resources\" section), "
              "found string");
  ExpectError("AWSTemplateFormatVersion: 2010-09-09\nParameters: {}\n", 1, 1,
              "the template has no \"Resources\" section; expected a CloudFormation template "
              "with a \"Resources\" mapping");
  ExpectError("Resources: [a]\n", 1, 12,
              "\"Resources\" must be a mapping of logical ids to resources, found sequence");
  ExpectError("Resources:\n", 1, 1,
              "\"Resources\" must be a mapping of logical ids to resources, found null");
  ExpectError("Resources: !Ref X\n", 1, 12,
              "\"Resources\" must be a mapping of logical ids to resources, found the intrinsic "
              "{\"Ref\": \"X\"}");
  ExpectError("Resources:\n  A: [1]\n", 2, 6,
              "resource 'A': expected a mapping with \"Type\" and \"Properties\", found sequence");
  ExpectError("Resources:\n  A:\n", 2, 3,
              "resource 'A': expected a mapping with \"Type\" and \"Properties\", found null");
  ExpectError("Resources:\n  A:\n    Properties: {}\n", 3, 5,
              "resource 'A': missing \"Type\"; expected a resource type string such as "
              "\"AWS::S3::Bucket\"");
  ExpectError(
      "Resources:\n  A:\n    Type: [AWS::S3::Bucket]\n", 3, 11,
      "resource 'A': \"Type\" must be a string such as \"AWS::S3::Bucket\", found sequence");
  ExpectError("Resources:\n  A:\n    Type: 12\n", 3, 11,
              "resource 'A': \"Type\" must be a string such as \"AWS::S3::Bucket\", found number");
  ExpectError("Resources:\n  A:\n    Type: ''\n", 3, 11,
              "resource 'A': \"Type\" must not be empty");
  ExpectError("Resources:\n  A:\n    Type: X\n    Properties: [a]\n", 4, 17,
              "resource 'A': \"Properties\" must be a mapping, found sequence");
  ExpectError("Resources:\n  A:\n    Type: X\n    Properties:\n", 4, 5,
              "resource 'A': \"Properties\" must be a mapping, found null");
  ExpectError("Parameters: [a]\nResources: {}\n", 1, 13,
              "\"Parameters\" must be a mapping of parameter names to their declarations, found "
              "sequence");
  ExpectError("Conditions: 1\nResources: {}\n", 1, 13,
              "\"Conditions\" must be a mapping of condition names to conditions, found number");
  ExpectError("Mappings: x\nResources: {}\n", 1, 11,
              "\"Mappings\" must be a mapping of mapping names to mappings, found string");
}

TEST_CASE("YAML resources are added with their ids, types and locations", "[runtime][yaml]") {
  auto r = Load(R"(AWSTemplateFormatVersion: "2010-09-09"
Description: two resources
Resources:
  Logs:
    Type: AWS::S3::Bucket
  Data:
    Type: AWS::S3::Bucket
    DependsOn: Logs
    Properties:
      BucketName: data
      LoggingConfiguration: {DestinationBucketName: !Ref Logs}
Outputs:
  O: {Value: !GetAtt Data.Arn}
)");
  REQUIRE(r->ok);
  REQUIRE(r->inv.resources().size() == 2);
  const Resource& logs = r->inv.resources()[0];
  CHECK(logs.id == "Logs");
  CHECK(logs.type == "AWS::S3::Bucket");
  CHECK(logs.file == 0);
  CHECK(r->inv.Where(logs) == "t.yaml:4:3");
  CHECK(logs.properties->kind == ValueKind::kObject);
  CHECK(logs.properties->size == 0);
  CHECK(r->ShowProp("Data", "BucketName") == R"("data")");
  // Ref Logs relates the two resources.
  REQUIRE(r->inv.Related(1).size() == 1);
  CHECK(r->inv.Related(1)[0] == 0);
}

TEST_CASE("YAML through LoadInventoryFile", "[runtime][yaml]") {
  Interner names;
  Inventory inv(names);
  LoadError error;
  LoadOptions options;
  std::string path;
  bool ok = srm::test::LoadInventoryText(
      "\xEF\xBB\xBFResources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: {X: !Ref P}\n"
      "Parameters:\n  P: {Type: Number, Default: 5}\n",
      "template.yml", options, inv, error, &path);
  INFO(error.Render());
  REQUIRE(ok);
  REQUIRE(inv.resources().size() == 1);
  CHECK(Describe(*inv.resources()[0].properties, names) == R"({"X": 5})");
  CHECK(inv.Where(inv.resources()[0]) == path + ":2:3");
}
