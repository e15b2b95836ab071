// Unit tests of the static resolution of CloudFormation intrinsics (FinishCfnTemplate):
// parameter defaults, AWS::NoValue, conditions and Fn::If, Fn::Join/Select/Sub/FindInMap/Split,
// copy-on-write, malformed intrinsics, recursion bounds, and the references between resources.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "runtime/inventory/format_loaders.h"
#include "runtime/inventory/loaders.h"
#include "runtime/value/value_build.h"
#include "tests/unit/loaded_inventory.h"
#include "tests/unit/test_util.h"

using namespace srm::rt;

namespace {

struct Loaded : srm::test::LoadedInventory {
  LoadOptions options;
  std::string Show(std::string_view id) const { return Describe(*Get(id).properties, names, 1000); }
  std::string ShowProp(std::string_view id, std::string_view key) const {
    return LoadedInventory::Show(Prop(id, key), 1000);
  }
};

std::unique_ptr<Loaded> LoadYaml(std::string_view text) {
  auto out = std::make_unique<Loaded>();
  out->inv.BeginFile();
  uint32_t index = out->inv.AddFile(std::make_unique<SourceFile>("t.yaml", std::string(text)));
  detail::FileLoad load{out->inv.file(index), index, out->inv, out->options, out->error};
  out->ok = detail::LoadCfnYaml(load, 0);
  if (out->ok) out->inv.ResolveReferences();
  return out;
}

// Loads `text` from a temporary file named `name` through LoadInventoryFile.
std::unique_ptr<Loaded> LoadFile(std::string_view text, const std::string& name) {
  auto out = std::make_unique<Loaded>();
  out->ok = srm::test::LoadInventoryText(text, name, out->options, out->inv, out->error);
  return out;
}

// A template: the given sections, then resource A (AWS::S3::Bucket) with these properties.
std::string Template(std::string_view sections, std::string_view props) {
  return std::string(sections) + "Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n" +
         std::string(props);
}

constexpr const char* kParams = R"(Parameters:
  Env: {Type: String, Default: prod}
  Port: {Type: Number, Default: 8080}
  PortText: {Type: String, Default: 8080}
  Flag: {Type: String, Default: true}
  Subnets: {Type: CommaDelimitedList, Default: " a , b,c "}
  Ids: {Type: "List<AWS::EC2::Subnet::Id>", Default: "s-1,s-2"}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/ami}
  NoDefault: {Type: String}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  Both: !And [!Condition IsProd, !Not [!Condition IsDev]]
  Either: !Or [!Condition IsDev, !Equals [1, "1"]]
  InRegion: !Equals [!Ref "AWS::Region", us-east-1]
  Partly: !And [!Condition IsDev, !Condition InRegion]
  Loop1: !Condition Loop2
  Loop2: !Not [!Condition Loop1]
  Self: !Condition Self
Mappings:
  Sizes:
    prod: {Small: 1, Big: 10}
    dev: {Small: 0}
)";

}  // namespace

TEST_CASE("Ref to a parameter with a Default is the default, typed by the parameter",
          "[runtime][resolve]") {
  auto r = LoadYaml(Template(kParams, R"(      Env: !Ref Env
      Port: !Ref Port
      PortText: !Ref PortText
      Flag: !Ref Flag
      Subnets: !Ref Subnets
      Ids: !Ref Ids
      Ami: !Ref Ami
      NoDefault: !Ref NoDefault
      Region: !Ref AWS::Region
      Other: !Ref B
)"));
  REQUIRE(r->ok);
  CHECK(r->ShowProp("A", "Env") == R"("prod")");
  CHECK(r->ShowProp("A", "Port") == "8080");  // Number: the default as it is
  CHECK(r->Prop("A", "Port")->kind == ValueKind::kInt);
  CHECK(r->ShowProp("A", "PortText") == R"("8080")");  // String: text
  CHECK(r->ShowProp("A", "Flag") == R"("true")");
  CHECK(r->ShowProp("A", "Subnets") == R"(["a", "b", "c"])");
  CHECK(r->ShowProp("A", "Ids") == R"(["s-1", "s-2"])");
  // Unresolved: SSM parameters (the default names the SSM parameter), no default, pseudo
  // parameters, resources.
  CHECK(r->ShowProp("A", "Ami") == R"({"Ref": "Ami"})");
  CHECK(r->ShowProp("A", "NoDefault") == R"({"Ref": "NoDefault"})");
  CHECK(r->ShowProp("A", "Region") == R"({"Ref": "AWS::Region"})");
  CHECK(r->ShowProp("A", "Other") == R"({"Ref": "B"})");
  // A resolved value keeps the offset of the intrinsic it replaces.
  LineCol at = r->At(r->Prop("A", "Env")->offset);
  CHECK(at.line == 28);
  CHECK(at.col == 12);
  CHECK(r->At(r->Prop("A", "Subnets")->items[1].offset).line == 6);
}

TEST_CASE("AWS::NoValue removes the member or the list element", "[runtime][resolve]") {
  auto r = LoadYaml(Template(kParams, R"(      Gone: !Ref AWS::NoValue
      Kept: 1
      List: [a, !Ref AWS::NoValue, b, !If [IsDev, c, !Ref AWS::NoValue]]
      Nested: {X: !If [IsProd, !Ref AWS::NoValue, 1], Y: 2}
      Open: !If [InRegion, x, !Ref AWS::NoValue]
)"));
  REQUIRE(r->ok);
  CHECK(r->Show("A") == R"({"Kept": 1, "List": ["a", "b"], "Nested": {"Y": 2}, )"
                        R"("Open": {"Fn::If": ["InRegion", "x", {"Ref": "AWS::NoValue"}]}})");
}

TEST_CASE("Conditions are evaluated when static, and Fn::If picks its branch",
          "[runtime][resolve]") {
  auto r = LoadYaml(Template(kParams, R"(      P: !If [IsProd, yes, no]
      D: !If [IsDev, yes, no]
      B: !If [Both, yes, no]
      E: !If [Either, yes, no]
      Partly: !If [Partly, yes, no]
      Region: !If [InRegion, !Ref Env, [!Ref Port]]
      Loop: !If [Loop1, yes, no]
      Self: !If [Self, yes, no]
      Missing: !If [Nope, yes, no]
      Nested: !If [IsProd, {Inner: !If [IsDev, 1, !Ref Env]}, 0]
)"));
  REQUIRE(r->ok);
  CHECK(r->ShowProp("A", "P") == R"("yes")");
  CHECK(r->ShowProp("A", "D") == R"("no")");
  CHECK(r->ShowProp("A", "B") == R"("yes")");
  CHECK(r->ShowProp("A", "E") == R"("yes")");  // 1 equals "1": compared as strings
  // IsDev is false, which decides the And without the region.
  CHECK(r->ShowProp("A", "Partly") == R"("no")");
  // Not static: the branches are resolved, the choice stays.
  CHECK(r->ShowProp("A", "Region") == R"({"Fn::If": ["InRegion", "prod", [8080]]})");
  // Cycles and unknown conditions are not static.
  CHECK(r->ShowProp("A", "Loop") == R"({"Fn::If": ["Loop1", "yes", "no"]})");
  CHECK(r->ShowProp("A", "Self") == R"({"Fn::If": ["Self", "yes", "no"]})");
  CHECK(r->ShowProp("A", "Missing") == R"({"Fn::If": ["Nope", "yes", "no"]})");
  CHECK(r->ShowProp("A", "Nested") == R"({"Inner": "prod"})");
  LineCol at = r->At(r->Prop("A", "P")->offset);
  CHECK(at.line == 28);
  CHECK(at.col == 10);
}

TEST_CASE("Fn::Join, Fn::Select, Fn::Split, Fn::Sub and Fn::FindInMap over static values",
          "[runtime][resolve]") {
  auto r = LoadYaml(Template(kParams, R"(      Join: !Join ["-", [a, !Ref Env, 3, true]]
      JoinList: !Join [",", !Ref Subnets]
      JoinOpen: !Join ["-", [a, !Ref AWS::Region]]
      Select: !Select [1, [x, !Ref Env]]
      SelectText: !Select ["0", !Split [",", "p,q"]]
      SelectOut: !Select [5, [x]]
      Split: !Split ["::", "a::b::"]
      Sub: !Sub "${Env}-${Port}-${!Literal}-x"
      SubVars: !Sub ["${A}/${B}", {A: !Ref Env, B: !Select [0, [z]]}]
      SubOpen: !Sub "${AWS::Region}-${Env}"
      SubAttr: !Sub "${B.Arn}"
      SubBad: !Sub "${Env"
      Find: !FindInMap [Sizes, !Ref Env, Big]
      FindMissing: !FindInMap [Sizes, dev, Big]
      FindDefault: !FindInMap [Sizes, dev, Big, {DefaultValue: 5}]
      FindOpen: !FindInMap [Sizes, !Ref AWS::Region, Big]
)"));
  REQUIRE(r->ok);
  CHECK(r->ShowProp("A", "Join") == R"("a-prod-3-true")");
  CHECK(r->ShowProp("A", "JoinList") == R"("a,b,c")");
  CHECK(r->ShowProp("A", "JoinOpen") == R"({"Fn::Join": ["-", ["a", {"Ref": "AWS::Region"}]]})");
  CHECK(r->ShowProp("A", "Select") == R"("prod")");
  CHECK(r->ShowProp("A", "SelectText") == R"("p")");
  CHECK(r->ShowProp("A", "SelectOut") == R"({"Fn::Select": [5, ["x"]]})");
  CHECK(r->ShowProp("A", "Split") == R"(["a", "b", ""])");
  CHECK(r->ShowProp("A", "Sub") == R"("prod-8080-${Literal}-x")");
  CHECK(r->ShowProp("A", "SubVars") == R"("prod/z")");
  CHECK(r->ShowProp("A", "SubOpen") == R"({"Fn::Sub": "${AWS::Region}-${Env}"})");
  CHECK(r->ShowProp("A", "SubAttr") == R"({"Fn::Sub": "${B.Arn}"})");
  CHECK(r->ShowProp("A", "SubBad") == R"({"Fn::Sub": "${Env"})");
  CHECK(r->ShowProp("A", "Find") == "10");
  CHECK(r->ShowProp("A", "FindMissing") == R"({"Fn::FindInMap": ["Sizes", "dev", "Big"]})");
  CHECK(r->ShowProp("A", "FindDefault") == "5");
  CHECK(r->ShowProp("A", "FindOpen") ==
        R"({"Fn::FindInMap": ["Sizes", {"Ref": "AWS::Region"}, "Big"]})");
}

TEST_CASE("Malformed intrinsics are left as they are", "[runtime][resolve]") {
  auto r = LoadYaml(Template(kParams, R"(      If2: !If [IsProd, a]
      IfName: !If [[IsProd], a, b]
      Join1: !Join [","]
      JoinMap: !Join [",", {a: 1}]
      JoinNested: !Join [",", [[a]]]
      Select: !Select [-1, [a]]
      Split: !Split ["", abc]
      Sub: !Sub [a, b, c]
      Find: !FindInMap [Sizes]
      Ref: {Ref: [Env]}
)"));
  REQUIRE(r->ok);
  CHECK(r->ShowProp("A", "If2") == R"({"Fn::If": ["IsProd", "a"]})");
  CHECK(r->ShowProp("A", "IfName") == R"({"Fn::If": [["IsProd"], "a", "b"]})");
  CHECK(r->ShowProp("A", "Join1") == R"({"Fn::Join": [","]})");
  CHECK(r->ShowProp("A", "JoinMap") == R"({"Fn::Join": [",", {"a": 1}]})");
  CHECK(r->ShowProp("A", "JoinNested") == R"({"Fn::Join": [",", [["a"]]]})");
  CHECK(r->ShowProp("A", "Select") == R"({"Fn::Select": [-1, ["a"]]})");
  CHECK(r->ShowProp("A", "Split") == R"({"Fn::Split": ["", "abc"]})");
  CHECK(r->ShowProp("A", "Sub") == R"({"Fn::Sub": ["a", "b", "c"]})");
  CHECK(r->ShowProp("A", "Find") == R"({"Fn::FindInMap": ["Sizes"]})");
  CHECK(r->ShowProp("A", "Ref") == R"({"Ref": ["Env"]})");
}

TEST_CASE("Resolution copies what changes and shares the rest", "[runtime][resolve]") {
  Interner names;
  Inventory inv(names);
  inv.BeginFile();
  uint32_t file = inv.AddFile(std::make_unique<SourceFile>("t.json", "{}"));
  Arena& arena = inv.arena();
  auto str = [&](std::string_view s) { return detail::MakeString(arena, s, 0); };
  auto obj = [&](std::vector<std::pair<std::string_view, Value>> members) {
    std::vector<Member> ms;
    for (auto& [k, v] : members) ms.push_back(Member{names.Intern(k), 0, v});
    return detail::MakeObject(arena, ms, 0);
  };
  Value params = obj({{"P", obj({{"Type", str("String")}, {"Default", str("v")}})}});
  Value plain = obj({{"X", str("x")}, {"Y", obj({{"Z", str("z")}})}});
  Value with_ref = obj({{"X", str("x")}, {"Y", obj({{"Z", obj({{"Ref", str("P")}})}})}});
  const Value* plain_stored = detail::Store(arena, plain);
  const Value* ref_stored = detail::Store(arena, with_ref);
  Resource a, b;
  a.id = "A";
  b.id = "B";
  a.type = b.type = "T";
  a.file = b.file = file;
  a.properties = plain_stored;
  b.properties = ref_stored;
  uint32_t first = inv.AddResource(a);
  inv.AddResource(b);
  LoadOptions options;
  LoadError error;
  detail::FileLoad load{inv.file(file), file, inv, options, error};
  detail::CfnSections sections;
  sections.parameters = &params;
  REQUIRE(detail::FinishCfnTemplate(load, sections, first, 2));
  // Nothing to resolve: the same value.
  CHECK(inv.resources()[0].properties == plain_stored);
  // Resolved: a new value; the original is untouched, unchanged members are shared.
  const Value* resolved = inv.resources()[1].properties;
  CHECK(resolved != ref_stored);
  CHECK(Describe(*resolved, names) == R"({"X": "x", "Y": {"Z": "v"}})");
  CHECK(Describe(*ref_stored, names) == R"({"X": "x", "Y": {"Z": {"Ref": "P"}}})");
  CHECK(resolved->members[0].value.str == ref_stored->members[0].value.str);
}

TEST_CASE("References to other resources are recorded from the original properties",
          "[runtime][resolve]") {
  auto r = LoadYaml(R"(Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  No: !Equals [a, b]
Resources:
  A:
    Type: T
    Properties:
      R: !Ref B
      G1: !GetAtt C.Arn
      G2: {"Fn::GetAtt": D.Endpoint.Address}
      G3: {"Fn::GetAtt": [E, Arn]}
      S: !Sub "${F}-${G.Arn}-${Env}-${AWS::Region}-${!H}-${V}"
      S2: !Sub ["${V}", {V: !Ref I}]
      Unchosen: !If [No, !Ref J, x]
      Params: [!Ref Env, !Ref AWS::Region]
  B: {Type: T}
  C: {Type: T}
  D: {Type: T}
  E: {Type: T}
  F: {Type: T}
  G: {Type: T}
  H: {Type: T}
  I: {Type: T}
  J: {Type: T}
  V: {Type: T}
  Env: {Type: T}
)");
  REQUIRE(r->ok);
  // ${V} is a variable of the second Fn::Sub only; H is a literal (${!H}); Env is a parameter.
  CHECK(r->Related("A") == std::vector<std::string>{"B", "C", "D", "E", "F", "G", "I", "J", "V"});
  CHECK(r->Related("B") == std::vector<std::string>{"A"});
  CHECK(r->Related("H").empty());
  CHECK(r->ShowProp("A", "Unchosen") == R"("x")");
}

TEST_CASE("Resolution is bounded: a chain of conditions deeper than the limit is an error",
          "[runtime][resolve]") {
  std::string text = "Conditions:\n  C0: !Equals [a, a]\n";
  for (int i = 1; i < 5000; ++i) {
    text += "  C" + std::to_string(i) + ": !Not [!Condition C" + std::to_string(i - 1) + "]\n";
  }
  text += "  Short: !Not [!Condition C10]\n";
  text += "Resources:\n  A:\n    Type: T\n    Properties:\n";
  text += "      Far: !If [C4999, a, b]\n      Near: !If [Short, a, b]\n";
  auto r = LoadYaml(text);
  REQUIRE_FALSE(r->ok);
  CHECK(r->error.message ==
        "resource 'A': intrinsics, values and conditions nest deeper than the limit of 2048 for "
        "static resolution");
  CHECK(r->error.where.line > 600);  // at the condition where the chain got too deep
  // Within the limit, chains resolve.
  std::string ok_text = "Conditions:\n  C0: !Equals [a, a]\n";
  for (int i = 1; i < 300; ++i) {
    ok_text += "  C" + std::to_string(i) + ": !Not [!Condition C" + std::to_string(i - 1) + "]\n";
  }
  ok_text += "Resources:\n  A:\n    Type: T\n    Properties:\n      Far: !If [C299, a, b]\n";
  auto ok = LoadYaml(ok_text);
  REQUIRE(ok->ok);
  CHECK(ok->ShowProp("A", "Far") == R"("b")");
}

TEST_CASE("Resolution is bounded: size of a produced string and work per file",
          "[runtime][resolve]") {
  // 40 nested Fn::Sub ["${X}${X}", {X: ...}] double the text at every level.
  std::string sub = "a";
  for (int i = 0; i < 40; ++i) sub = "!Sub ['${X}${X}', {X: " + sub + "}]";
  auto doubling = LoadYaml(Template("", "      Name: " + sub + "\n"));
  REQUIRE_FALSE(doubling->ok);
  CHECK(doubling->error.message.find("resource 'A': static resolution of intrinsics needs more "
                                     "than the limit of 67108864 steps") == 0);
  // A parameter joined many times: the size of one produced string.
  std::string join = "Parameters:\n  P: {Type: String, Default: " + std::string(1000, 'x') +
                     "}\nResources:\n  A:\n    Type: T\n    Properties:\n      Name: !Join ['', [";
  for (int i = 0; i < 20000; ++i) join += i == 0 ? "!Ref P" : ", !Ref P";
  join += "]]\n";
  auto joined = LoadYaml(join);
  REQUIRE_FALSE(joined->ok);
  CHECK(joined->error.message ==
        "resource 'A': Fn::Join produces a string longer than the limit of 16777216 bytes for "
        "static resolution");
  CHECK(joined->error.where.line == 7);
  CHECK(joined->error.where.col == 13);
  // Smaller limits apply the same way.
  auto small = std::make_unique<Loaded>();
  small->options.limits.max_resolved_bytes = 10;
  small->inv.BeginFile();
  std::string text = Template("", "      Name: !Join ['', [abcdef, ghijkl]]\n");
  uint32_t index = small->inv.AddFile(std::make_unique<SourceFile>("t.yaml", text));
  detail::FileLoad load{small->inv.file(index), index, small->inv, small->options, small->error};
  REQUIRE_FALSE(detail::LoadCfnYaml(load, 0));
  CHECK(small->error.Render() ==
        "t.yaml:5:13: error: resource 'A': Fn::Join produces a string longer than the limit of 10 "
        "bytes for static resolution");
}

TEST_CASE("Bad Parameters make the template invalid", "[runtime][resolve]") {
  auto not_map = LoadYaml("Parameters:\n  P: 5\nResources: {}\n");
  REQUIRE_FALSE(not_map->ok);
  CHECK(not_map->error.Render() ==
        "t.yaml:2:6: error: parameter 'P' must be a mapping with a \"Type\", found number");
  auto no_type = LoadYaml("Parameters:\n  P: {Default: 1}\nResources: {}\n");
  REQUIRE_FALSE(no_type->ok);
  CHECK(no_type->error.Render() ==
        "t.yaml:2:6: error: parameter 'P': missing \"Type\"; expected a parameter type such as "
        "\"String\"");
  auto bad_type = LoadYaml("Parameters:\n  P: {Type: [String]}\nResources: {}\n");
  REQUIRE_FALSE(bad_type->ok);
  CHECK(bad_type->error.Render() ==
        "t.yaml:2:13: error: parameter 'P': \"Type\" must be a string such as \"String\", found "
        "sequence");
  auto json = LoadFile(R"({"Parameters": {"P": []}, "Resources": {}})", "t.json");
  REQUIRE_FALSE(json->ok);
  CHECK(json->error.message == "parameter 'P' must be an object with a \"Type\", found array");
  auto json_section = LoadFile(R"({"Conditions": [], "Resources": {}})", "t.json");
  REQUIRE_FALSE(json_section->ok);
  CHECK(json_section->error.message ==
        "\"Conditions\" must be an object mapping condition names to conditions, found array");
}

TEST_CASE("JSON templates are resolved the same way", "[runtime][resolve]") {
  auto r = LoadFile(R"({
  "Parameters": {"Env": {"Type": "String", "Default": "prod"},
                 "Port": {"Type": "Number", "Default": "8080"}},
  "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
  "Resources": {
    "A": {"Type": "T", "Properties": {
      "Name": {"Fn::Sub": "x-${Env}"},
      "Port": {"Ref": "Port"},
      "Gone": {"Fn::If": ["IsProd", {"Ref": "AWS::NoValue"}, 1]},
      "Other": {"Fn::GetAtt": ["B", "Arn"]}}},
    "B": {"Type": "T"}
  }
})",
                    "t.json");
  INFO(r->error.Render());
  REQUIRE(r->ok);
  CHECK(r->Show("A") ==
        R"({"Name": "x-prod", "Port": "8080", "Other": {"Fn::GetAtt": ["B", "Arn"]}})");
  CHECK(r->Related("A") == std::vector<std::string>{"B"});
}
