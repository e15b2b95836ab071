// Unit tests of runtime/eval/evaluate.h: the evaluation loop shared by all backends.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "runtime/eval/evaluate.h"
#include "tests/unit/test_util.h"

using namespace srm;

TEST_CASE("EvaluateControls orders resources, skips absent types, lists unmodelled ones",
          "[runtime][evaluate]") {
  rt::Interner names;
  rt::Inventory inv(names);
  rt::LoadError err;
  REQUIRE(test::LoadJson(R"({"Resources": {
      "Zed": {"Type": "AWS::S3::Bucket"},
      "Alpha": {"Type": "AWS::S3::Bucket"},
      "Topic": {"Type": "AWS::SNS::Topic"}}})",
                         inv, err));
  rt::ControlTable controls;
  for (auto [id, type] :
       {std::pair{"A_BUCKETS", "AWS::S3::Bucket"}, std::pair{"B_VOLUMES", "AWS::EC2::Volume"}}) {
    auto m = std::make_shared<rt::ControlMeta>();
    m->order = static_cast<uint32_t>(controls.controls.size());
    m->id = id;
    m->resource_types = {type};
    controls.controls.push_back(std::move(m));
  }
  std::set<std::string> modelled = {"AWS::S3::Bucket", "AWS::EC2::Volume"};
  std::vector<std::string> visited;
  rt::Report report = rt::EvaluateControls(
      controls, inv, modelled,
      [&](const rt::ControlMeta& control, uint32_t, const rt::Resource& r) {
        visited.push_back(std::to_string(control.order) + ":" + std::string(r.id));
        if (r.id == "Zed") return rt::Outcome{rt::Status::kFail, "zed fails", {}, {}};
        return rt::Outcome{};
      });
  CHECK(visited == std::vector<std::string>{"0:Alpha", "0:Zed"});
  REQUIRE(report.findings.size() == 3);
  CHECK(report.findings[0].resource == "Alpha");
  CHECK(report.findings[0].status == rt::Status::kPass);
  CHECK(rt::FormatLocation(report.findings[0].location) == inv.Where(inv.resources()[1]));
  CHECK(report.findings[0].location.line == 3);
  CHECK(report.findings[1].message == "zed fails");
  CHECK(report.findings[2].control->id == "B_VOLUMES");
  CHECK(report.findings[2].status == rt::Status::kSkip);
  CHECK(report.findings[2].message == "no AWS::EC2::Volume resources in the inventory");
  CHECK(report.findings[2].location.empty());
  CHECK(report.unmodelled == std::map<std::string, uint32_t>{{"AWS::SNS::Topic", 1}});

  // What SelectControls keeps is all the loop sees; `order` still indexes the whole table.
  rt::ControlTable only;
  std::string error;
  REQUIRE(rt::SelectControls(controls, {"B_VOLUMES"}, only, error));
  visited.clear();
  rt::Report some = rt::EvaluateControls(
      only, inv, modelled, [&](const rt::ControlMeta&, uint32_t, const rt::Resource&) {
        visited.push_back("called");
        return rt::Outcome{};
      });
  REQUIRE(some.findings.size() == 1);
  CHECK(some.findings[0].control->order == 1);
  CHECK(visited.empty());
}

TEST_CASE("EvaluateControls visits every type of a control of several 'for' blocks",
          "[runtime][evaluate]") {
  rt::Interner names;
  rt::Inventory inv(names);
  rt::LoadError err;
  REQUIRE(test::LoadJson(R"({"Resources": {
      "Vol": {"Type": "AWS::EC2::Volume"},
      "Bucket": {"Type": "AWS::S3::Bucket"},
      "Alpha": {"Type": "AWS::S3::Bucket"}}})",
                         inv, err));
  rt::ControlTable controls;
  auto two = std::make_shared<rt::ControlMeta>();
  two->id = "TWO";
  two->resource_types = {"AWS::EC2::Volume", "AWS::S3::Bucket"};
  controls.controls.push_back(two);
  auto none = std::make_shared<rt::ControlMeta>();
  none->id = "THREE";
  none->order = 1;
  none->resource_types = {"AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::KMS::Key"};
  controls.controls.push_back(none);
  std::vector<std::string> visited;
  rt::Report report = rt::EvaluateControls(
      controls, inv, {}, [&](const rt::ControlMeta&, uint32_t block, const rt::Resource& r) {
        visited.push_back(std::to_string(block) + ":" + std::string(r.id));
        if (block == 0) return rt::Outcome{rt::Status::kFail, "volume", {}, {}};
        return rt::Outcome{};
      });
  // Block by block, each type's resources by id; findings sorted by resource.
  CHECK(visited == std::vector<std::string>{"0:Vol", "1:Alpha", "1:Bucket"});
  REQUIRE(report.findings.size() == 4);
  CHECK(report.findings[0].control->id == "THREE");
  CHECK(report.findings[0].message ==
        "no AWS::SNS::Topic, AWS::SQS::Queue or AWS::KMS::Key resources in the inventory");
  CHECK(report.findings[1].resource == "Alpha");
  CHECK(report.findings[1].block == 1);
  CHECK(report.findings[3].resource == "Vol");
  CHECK(report.findings[3].block == 0);
  CHECK(report.findings[3].status == rt::Status::kFail);
}

TEST_CASE("PropertyOf locates the last read: a key, a list element, the nearest object",
          "[runtime][evaluate]") {
  rt::Interner names;
  rt::Inventory inv(names);
  rt::LoadError err;
  REQUIRE(test::LoadJson(R"({"Resources": {"G": {"Type": "T", "Properties": {
  "Rules": [{"Port": 443}, {"Port": 22}],
  "Odd key": {"x": 1}}}}})",
                         inv, err));
  const rt::Resource& r = inv.resources()[0];
  const rt::Value* props = r.properties;
  const rt::Value* rules = props->Get(names.Find("Rules"));
  REQUIRE(rules != nullptr);
  const rt::Value* second = &rules->items[1];
  const rt::Value* port = second->Get(names.Find("Port"));

  // Nothing read: no property.
  CHECK(rt::PropertyOf(inv, r, props, rt::Read{}).empty());
  // A value there: at its key, with its path.
  rt::PropertyRef p = rt::PropertyOf(inv, r, props, rt::Read{second, port, "Port"});
  CHECK(p.path == "Rules[1].Port");
  CHECK_FALSE(p.absent);
  CHECK(p.location.line == 2);
  CHECK(p.location.column == 29);  // "Port" of the second rule
  // A list element read as a whole is located at itself.
  p = rt::PropertyOf(inv, r, props, rt::Read{props, second, "Rules"});
  CHECK(p.path == "Rules[1]");
  CHECK(p.location.column == 28);  // its "{"
  // Absent: the nearest object that exists, and the absent key in the path.
  p = rt::PropertyOf(inv, r, props, rt::Read{second, nullptr, "Cidr"});
  CHECK(p.path == "Rules[1].Cidr");
  CHECK(p.absent);
  CHECK(p.location.column == 28);
  // A key that is not a plain name is quoted.
  const rt::Value* odd = props->Get(names.Find("Odd key"));
  p = rt::PropertyOf(inv, r, props, rt::Read{props, odd, "Odd key"});
  CHECK(p.path == R"(["Odd key"])");
  CHECK(p.location.line == 3);
  CHECK(rt::FormatProperty(p) == rt::FormatLocation(p.location) + R"( (["Odd key"]))");
  // Another resource's property (one `related` returned): found there, named by its id.
  rt::Interner names2;
  rt::Inventory two(names2);
  REQUIRE(test::LoadJson(R"({"Resources": {
  "A": {"Type": "T", "Properties": {}},
  "B": {"Type": "T", "Properties": {"Arn": "x"}}}})",
                         two, err));
  const rt::Resource& a = two.resources()[0];
  const rt::Resource& b = two.resources()[1];
  const rt::Value* arn = b.properties->Get(names2.Find("Arn"));
  p = rt::PropertyOf(two, a, a.properties, rt::Read{b.properties, arn, "Arn", b.index});
  CHECK(p.resource == "B");
  CHECK(p.path == "Arn");
  CHECK(rt::FormatProperty(p) == rt::FormatLocation(p.location) + " (Arn of resource B)");
  p = rt::PropertyOf(two, a, a.properties, rt::Read{b.properties, nullptr, "Key", b.index});
  CHECK(rt::FormatProperty(p) == rt::FormatLocation(p.location) + " (Key of resource B: absent)");
  // Data outside the resource's properties: located, without a path.
  rt::Value elsewhere;
  elsewhere.offset = 0;
  p = rt::PropertyOf(inv, r, props, rt::Read{props, &elsewhere, "X"});
  CHECK(p.path.empty());
  CHECK(p.location.line == 1);
  CHECK(rt::FormatProperty(p) == rt::FormatLocation(p.location));
}
