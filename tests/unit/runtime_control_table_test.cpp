// Unit tests of runtime/eval/control_table.h (serialisation, the --control filter), of the fault
// table (runtime/eval/fault.h), and of the table the front end builds (compiler/sema).
#include <catch2/catch.hpp>
#include <string>

#include "compiler/sema/control_table.h"
#include "runtime/eval/control_table.h"
#include "runtime/eval/fault.h"
#include "tests/unit/test_util.h"

using namespace srm;

namespace {

rt::ControlTable Table(const std::vector<std::string>& ids) {
  rt::ControlTable table;
  for (const std::string& id : ids) {
    auto c = std::make_shared<rt::ControlMeta>();
    c->order = static_cast<uint32_t>(table.controls.size());
    c->id = id;
    c->title = "Title of " + id;
    table.controls.push_back(std::move(c));
  }
  return table;
}

std::vector<std::string> Ids(const rt::ControlTable& table) {
  std::vector<std::string> ids;
  for (const auto& c : table.controls) ids.push_back(c->id);
  return ids;
}

}  // namespace

TEST_CASE("ControlTable serialises every field and parses back", "[runtime][controls]") {
  rt::ControlTable table = Table({"A_FIRST", "B_SECOND"});
  auto b = std::make_shared<rt::ControlMeta>(*table.controls[1]);
  b->description = "multi\nline \"quoted\"";
  b->remediation = std::string("nul\0byte", 8);
  b->resource_types = {"AWS::S3::Bucket", "AWS::S3::BucketPolicy"};
  b->service = "S3";
  b->layer = "data";
  b->owner = "Customer";
  b->severity = "high";
  b->frameworks = {{"HIPAA", "164.312(a)(2)(iv)"}, {"SOC2", "CC6.1"}};
  b->location = {"<stdlib>/stdlib/aws/s3.srm", 12, 9, 12, 22};
  table.controls[1] = b;
  table.related_types = {"AWS::IAM::Role", "AWS::KMS::Key"};
  rt::ControlTable back;
  std::string error;
  REQUIRE(rt::ControlTable::Parse(table.Serialize(), back, error));
  CHECK(back.related_types == table.related_types);
  // What an evaluation of the table can read: the controls' types and the related ones.
  CHECK(rt::BuiltTypes(back) ==
        std::set<std::string, std::less<>>{"AWS::IAM::Role", "AWS::KMS::Key", "AWS::S3::Bucket",
                                           "AWS::S3::BucketPolicy"});
  REQUIRE(back.controls.size() == 2);
  const rt::ControlMeta& c = *back.controls[1];
  CHECK(c.order == 1);
  CHECK(c.id == "B_SECOND");
  CHECK(c.description == b->description);
  CHECK(c.remediation == b->remediation);
  CHECK(c.resource_types == std::vector<std::string>{"AWS::S3::Bucket", "AWS::S3::BucketPolicy"});
  CHECK(c.service == "S3");
  CHECK(c.layer == "data");
  CHECK(c.owner == "Customer");
  CHECK(c.severity == "high");
  REQUIRE(c.frameworks.size() == 2);
  CHECK(c.frameworks[1].Label() == "SOC2 CC6.1");
  CHECK(rt::FormatLocation(c.location) == "<stdlib>/stdlib/aws/s3.srm:12:9");
  CHECK(c.location.end_column == 22);
  CHECK(back.Serialize() == table.Serialize());
}

TEST_CASE("ControlTable::Parse rejects what is not a table", "[runtime][controls]") {
  rt::ControlTable out;
  std::string error;
  CHECK_FALSE(rt::ControlTable::Parse("", out, error));
  CHECK_FALSE(rt::ControlTable::Parse("{\"controls\": 3}", out, error));
  CHECK(error == "no \"controls\" array");
  CHECK_FALSE(rt::ControlTable::Parse("{\"controls\": [{\"id\": \"A\"}]}", out, error));
  CHECK(error == "control 0 is malformed");
  // Out of order: both entries are well-formed, but B comes first.
  std::string swapped = Table({"B", "A"}).Serialize();
  CHECK_FALSE(rt::ControlTable::Parse(swapped, out, error));
  CHECK(error == "control 1 is out of order");
  // Profiles and waivers are part of the table (runtime/report/policy_rules.h).
  CHECK_FALSE(rt::ControlTable::Parse("{\"controls\": []}", out, error));
  CHECK(error == "malformed profiles or waivers");
  CHECK_FALSE(rt::ControlTable::Parse(
      "{\"controls\": [], \"profiles\": [{\"name\": 1}], \"waivers\": []}", out, error));
  // So are the types related() reads (BuiltTypes).
  CHECK_FALSE(
      rt::ControlTable::Parse("{\"controls\": [], \"profiles\": [], \"waivers\": []}", out, error));
  CHECK(error == "no \"related_types\" array");
  CHECK_FALSE(rt::ControlTable::Parse(
      "{\"controls\": [], \"profiles\": [], \"waivers\": [], \"related_types\": [1]}", out, error));
  CHECK(error == "malformed \"related_types\"");
  CHECK(rt::ControlTable::Parse(
      "{\"controls\": [], \"profiles\": [], \"waivers\": [], \"related_types\": []}", out, error));
  CHECK(out.controls.empty());
}

TEST_CASE("SelectControls keeps table order and suggests a near id", "[runtime][controls]") {
  rt::ControlTable table = Table({"EBS_ENCRYPTED", "RDS_ENCRYPTED", "S3_VERSIONING"});
  rt::ControlTable selected;
  std::string error;
  REQUIRE(rt::SelectControls(table, {}, selected, error));
  CHECK(Ids(selected) == Ids(table));
  REQUIRE(rt::SelectControls(table, {"S3_VERSIONING", "EBS_ENCRYPTED", "S3_VERSIONING"}, selected,
                             error));
  CHECK(Ids(selected) == std::vector<std::string>{"EBS_ENCRYPTED", "S3_VERSIONING"});
  CHECK(selected.controls[1]->order == 2);  // still indexes the whole table
  CHECK_FALSE(rt::SelectControls(table, {"S3_VERSIONNG"}, selected, error));
  CHECK(error == "unknown control 'S3_VERSIONNG'; did you mean 'S3_VERSIONING'?");
  CHECK_FALSE(rt::SelectControls(table, {"EBS_ENCRYPTED", "NOTHING_LIKE_IT"}, selected, error));
  CHECK(error == "unknown control 'NOTHING_LIKE_IT'");
}

TEST_CASE("Fault kinds have one outcome and one wording", "[runtime][faults]") {
  rt::Outcome o = rt::FaultOutcome(rt::FaultKind::kIntegerOverflow, "a + b");
  CHECK(o.status == rt::Status::kError);
  CHECK(o.message == "integer overflow in 'a + b'");
  o = rt::FaultOutcome(rt::FaultKind::kDivisionByZero, "x / 0");
  CHECK(o.status == rt::Status::kError);
  CHECK(o.message == "division by zero in 'x / 0'");
  o = rt::FaultOutcome(rt::FaultKind::kAssertionFailed, "b.Versioning");
  CHECK(o.status == rt::Status::kFail);
  CHECK(o.message == "assertion failed: b.Versioning");
  rt::FaultKind kind;
  CHECK(rt::FaultKindOf(static_cast<int32_t>(rt::FaultKind::kDivisionByZero), kind));
  CHECK(kind == rt::FaultKind::kDivisionByZero);
  CHECK_FALSE(rt::FaultKindOf(-1, kind));
  CHECK_FALSE(rt::FaultKindOf(1000, kind));
}

namespace {

// The control table of test::kPrelude and `declarations`, which must compile.
rt::ControlTable TableOf(const std::string& declarations) {
  test::Compiled c = test::Compile(std::string(test::kPrelude) + declarations);
  INFO(c.Errors());
  REQUIRE(c.ok);
  return sema::BuildControlTable(*c.program);
}

}  // namespace

TEST_CASE("The front end builds the control table from the checked program", "[sema][controls]") {
  rt::ControlTable table = TableOf(
      "control Z_LAST { title \"z\"; severity low; service S3; layer data;\n"
      "  owner Customer; for b in Bucket { assert true; } }\n"
      "control A_FIRST { title \"a\"; description \"why it matters\";\n"
      "  severity high; service S3; layer data; owner Customer;\n"
      "  for b in Bucket { assert true; } }\n");
  REQUIRE(table.controls.size() == 2);
  const rt::ControlMeta& a = *table.controls[0];
  CHECK(a.order == 0);
  CHECK(a.id == "A_FIRST");
  CHECK(a.description == "why it matters");
  CHECK(a.remediation.empty());
  CHECK(a.resource_types == std::vector<std::string>{"AWS::S3::Bucket"});
  CHECK(a.severity == "high");
  CHECK(a.location.column == 9);
  CHECK(a.location.end_column == 16);  // "A_FIRST" is 7 bytes
  CHECK(a.location.end_line == a.location.line);
  CHECK(table.controls[1]->id == "Z_LAST");
  CHECK(table.controls[1]->order == 1);
  CHECK(table.controls[1]->location.line + 2 == a.location.line);
  CHECK(table.related_types.empty());
}

TEST_CASE("The control table names the types related() and ref_to() read", "[sema][controls]") {
  // A function (not only a control's body) may name them; each type once, sorted.
  rt::ControlTable table = TableOf(
      "resource Policy = \"AWS::S3::BucketPolicy\" { Bucket: string?; }\n"
      "resource Key = \"AWS::KMS::Key\" { Enabled: bool?; }\n"
      "service Extra { resources Policy, Key; AWS owns facilities, virtualization, encryption;\n"
      "  Customer owns network_config, data; }\n"
      "fn policies(b: Bucket) -> int = len(related(b, Policy));\n"
      "control C { title \"c\"; severity low; service S3; layer data;\n"
      "  owner Customer; for b in Bucket {\n"
      "    assert policies(b) + len(related(b, Key)) + len(related(b, Policy)) >= 0;"
      " } }\n");
  CHECK(table.related_types == std::vector<std::string>{"AWS::KMS::Key", "AWS::S3::BucketPolicy"});
  rt::ControlTable selected;
  std::string error;
  REQUIRE(rt::SelectControls(table, {"C"}, selected, error));
  CHECK(selected.related_types == table.related_types);
}
