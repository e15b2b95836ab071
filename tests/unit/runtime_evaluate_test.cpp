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
    m->resource_type = type;
    controls.controls.push_back(std::move(m));
  }
  std::set<std::string> modelled = {"AWS::S3::Bucket", "AWS::EC2::Volume"};
  std::vector<std::string> visited;
  rt::Report report = rt::EvaluateControls(
      controls, inv, modelled, [&](const rt::ControlMeta& control, const rt::Resource& r) {
        visited.push_back(std::to_string(control.order) + ":" + std::string(r.id));
        if (r.id == "Zed") return rt::Outcome{rt::Status::kFail, "zed fails", {}};
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
  rt::Report some =
      rt::EvaluateControls(only, inv, modelled, [&](const rt::ControlMeta&, const rt::Resource&) {
        visited.push_back("called");
        return rt::Outcome{};
      });
  REQUIRE(some.findings.size() == 1);
  CHECK(some.findings[0].control->order == 1);
  CHECK(visited.empty());
}
