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
  auto meta = [](std::string id, std::string type) {
    auto m = std::make_shared<rt::ControlMeta>();
    m->control = std::move(id);
    m->resource_type = std::move(type);
    return rt::ControlSpec{m};
  };
  std::vector<rt::ControlSpec> controls = {meta("A_BUCKETS", "AWS::S3::Bucket"),
                                           meta("B_VOLUMES", "AWS::EC2::Volume")};
  rt::EvalOptions options;
  options.modelled_types = {"AWS::S3::Bucket", "AWS::EC2::Volume"};
  std::vector<std::string> visited;
  rt::Report report =
      rt::EvaluateControls(controls, inv, options, [&](size_t control, const rt::Resource& r) {
        visited.push_back(std::to_string(control) + ":" + std::string(r.id));
        if (r.id == "Zed") return rt::Outcome{rt::Status::kFail, "zed fails"};
        return rt::Outcome{};
      });
  CHECK(visited == std::vector<std::string>{"0:Alpha", "0:Zed"});
  REQUIRE(report.findings.size() == 3);
  CHECK(report.findings[0].resource == "Alpha");
  CHECK(report.findings[0].status == rt::Status::kPass);
  CHECK(report.findings[1].message == "zed fails");
  CHECK(report.findings[2].meta->control == "B_VOLUMES");
  CHECK(report.findings[2].status == rt::Status::kSkip);
  CHECK(report.findings[2].message == "no AWS::EC2::Volume resources in the inventory");
  CHECK(report.unmodelled == std::map<std::string, uint32_t>{{"AWS::SNS::Topic", 1}});

  options.only_controls = {"B_VOLUMES"};
  visited.clear();
  rt::Report only = rt::EvaluateControls(
      controls, inv, options, [&](size_t, const rt::Resource&) { return rt::Outcome{}; });
  CHECK(only.findings.size() == 1);
  CHECK(visited.empty());
}
