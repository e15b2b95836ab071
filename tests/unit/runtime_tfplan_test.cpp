// Unit tests of Terraform JSON plans and states: resources of nested modules, count/for_each
// addresses, unknown values, data sources, references (configuration and matching attributes),
// and malformed input as located errors.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "runtime/inventory/loaders.h"
#include "tests/unit/loaded_inventory.h"
#include "tests/unit/test_util.h"

using namespace srm::rt;

namespace {

// aws_s3_bucket mapped to AWS::S3::Bucket (record 0, versioning record 1).
SchemaMap TfSchemas() {
  SchemaMap m;
  m.records.resize(2);
  m.records[0].fields = {
      {"BucketName", "bucket", "resourceName", false, -1},
      {"Arn", "arn", "ARN", false, -1},
      {"Versioning", "versioning", "", false, 1},
      {"Tags", "tags", "tags", false, -1},
  };
  m.records[1].fields = {{"Status", "enabled", "", false, -1},
                         {"MfaDelete", "mfa_delete", "", false, -1}};
  m.types.push_back(TypeMap{"AWS::S3::Bucket", "aws_s3_bucket", "AWS::S3::Bucket", 0});
  return m;
}

struct Loaded : srm::test::LoadedInventory {
  SchemaMap schemas = TfSchemas();
};

std::unique_ptr<Loaded> Load(std::string_view json, InputFormat format = InputFormat::kAuto) {
  auto out = std::make_unique<Loaded>();
  LoadOptions options;
  options.format = format;
  options.schemas = &out->schemas;
  out->ok =
      srm::test::LoadInventoryText(json, "plan.json", options, out->inv, out->error, &out->path);
  return out;
}

void ExpectError(std::string_view json, uint32_t line, uint32_t col, std::string_view message) {
  srm::test::CheckLoadError(*Load(json, InputFormat::kTfPlan), json, line, col, message);
}

// A plan (terraform 1.6 `show -json` shape, trimmed) exercising modules, count, for_each,
// unknowns, a data source and both kinds of references.
constexpr const char* kPlan = R"({
"format_version": "1.2", "terraform_version": "1.6.6",
"planned_values": {"root_module": {
  "resources": [
    {"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
     "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
     "values": {"bucket": "acme-logs", "force_destroy": false, "tags": {"team": "ops"},
                "versioning": [{"enabled": true}], "object_lock_enabled": null},
     "sensitive_values": {"tags": {}, "versioning": [{}]}},
    {"address": "aws_s3_bucket_versioning.logs", "mode": "managed",
     "type": "aws_s3_bucket_versioning", "name": "logs",
     "values": {"versioning_configuration": [{"status": "Enabled"}]}},
    {"address": "aws_s3_bucket.data[0]", "mode": "managed", "type": "aws_s3_bucket",
     "name": "data", "index": 0, "values": {"bucket": "acme-data-0"}},
    {"address": "aws_s3_bucket.data[1]", "mode": "managed", "type": "aws_s3_bucket",
     "name": "data", "index": 1, "values": {"bucket": "acme-data-1"}},
    {"address": "aws_s3_bucket_public_access_block.data[0]", "mode": "managed",
     "type": "aws_s3_bucket_public_access_block", "name": "data", "index": 0,
     "values": {"block_public_acls": true}},
    {"address": "aws_s3_bucket_public_access_block.data[1]", "mode": "managed",
     "type": "aws_s3_bucket_public_access_block", "name": "data", "index": 1,
     "values": {"block_public_acls": true}},
    {"address": "aws_sns_topic.alerts", "mode": "managed", "type": "aws_sns_topic",
     "name": "alerts", "values": {"name": "alerts", "id": "arn:aws:sns:eu-west-1:1:alerts",
     "arn": "arn:aws:sns:eu-west-1:1:alerts"}},
    {"address": "aws_sns_topic_policy.alerts", "mode": "managed", "type": "aws_sns_topic_policy",
     "name": "alerts", "values": {"arn": "arn:aws:sns:eu-west-1:1:alerts", "policy": "{}"}},
    {"address": "data.aws_iam_policy_document.read", "mode": "data",
     "type": "aws_iam_policy_document", "name": "read", "values": {"json": "{}"}},
    {"address": "aws_s3_bucket.site[\"a\"]", "mode": "managed", "type": "aws_s3_bucket",
     "name": "site", "index": "a", "values": {}},
    {"address": "aws_s3_bucket.site[\"b\"]", "mode": "managed", "type": "aws_s3_bucket",
     "name": "site", "index": "b", "values": {}},
    {"address": "aws_s3_bucket_website_configuration.site[\"a\"]", "mode": "managed",
     "type": "aws_s3_bucket_website_configuration", "name": "site", "index": "a", "values": {}},
    {"address": "aws_s3_bucket_website_configuration.site[\"b\"]", "mode": "managed",
     "type": "aws_s3_bucket_website_configuration", "name": "site", "index": "b", "values": {}}
  ],
  "child_modules": [
    {"address": "module.net", "resources": [
      {"address": "module.net.aws_vpc.main", "mode": "managed", "type": "aws_vpc",
       "name": "main", "values": {"cidr_block": "10.0.0.0/16", "id": "vpc-1"}},
      {"address": "module.net.aws_security_group.web[\"a.b\"]", "mode": "managed",
       "type": "aws_security_group", "name": "web", "index": "a.b",
       "values": {"name": "web", "id": "sg-123"}}],
     "child_modules": [
      {"address": "module.net.module.logs", "resources": [
        {"address": "module.net.module.logs.aws_s3_bucket.this", "mode": "managed",
         "type": "aws_s3_bucket", "name": "this", "values": {"bucket": "net-logs"}}]}]},
    {"address": "module.app[0]", "resources": [
      {"address": "module.app[0].aws_instance.app", "mode": "managed", "type": "aws_instance",
       "name": "app", "values": {"ami": "ami-1", "vpc_security_group_ids": ["sg-123"]}}]}
  ]}},
"resource_changes": [
  {"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
   "change": {"actions": ["create"], "before": null, "after": {},
     "after_unknown": {"arn": true, "id": true, "tags": {}, "versioning": [{"mfa_delete": true}],
                       "replication_configuration": true, "force_destroy": false}}},
  {"address": "aws_s3_bucket_versioning.logs", "mode": "managed",
   "change": {"actions": ["create"], "after_unknown": {"bucket": true, "id": true}}},
  {"address": "aws_s3_bucket.old", "mode": "managed", "deposed": "00000001",
   "change": {"actions": ["delete"], "after_unknown": {}}},
  {"address": "aws_s3_bucket.old", "mode": "managed",
   "change": {"actions": ["delete"], "after_unknown": false}}
],
"configuration": {"root_module": {
  "resources": [
    {"address": "aws_s3_bucket.logs", "mode": "managed", "type": "aws_s3_bucket", "name": "logs",
     "expressions": {"bucket": {"constant_value": "acme-logs"},
                     "tags": {"constant_value": {"references": "not an expression"}}}},
    {"address": "aws_s3_bucket_versioning.logs", "mode": "managed",
     "type": "aws_s3_bucket_versioning", "name": "logs",
     "expressions": {"bucket": {"references": ["aws_s3_bucket.logs.id", "aws_s3_bucket.logs"]},
                     "versioning_configuration": [{"status": {"constant_value": "Enabled"}}]}},
    {"address": "aws_s3_bucket.data", "mode": "managed", "type": "aws_s3_bucket",
     "name": "data", "count_expression": {"constant_value": 2}},
    {"address": "aws_s3_bucket_public_access_block.data", "mode": "managed",
     "type": "aws_s3_bucket_public_access_block", "name": "data",
     "expressions": {"bucket": {"references": ["aws_s3_bucket.data", "count.index"]},
                     "block_public_acls": {"references": ["var.strict", "local.x",
                        "data.aws_iam_policy_document.read.json", "module.net.vpc_id"]}},
     "count_expression": {"constant_value": 2}},
    {"address": "aws_sns_topic_policy.alerts", "mode": "managed", "type": "aws_sns_topic_policy",
     "name": "alerts", "expressions": {"policy": {"references": ["aws_s3_bucket.data"]}}},
    {"address": "aws_sns_topic.alerts", "mode": "managed", "type": "aws_sns_topic",
     "name": "alerts", "expressions": {"display_name": {"references": [
       "aws_s3_bucket.data[1].bucket", "aws_s3_bucket.data[1]", "aws_s3_bucket.data"]}}},
    {"address": "aws_s3_bucket_website_configuration.site", "mode": "managed",
     "type": "aws_s3_bucket_website_configuration", "name": "site",
     "for_each_expression": {"references": ["aws_s3_bucket.site"]},
     "expressions": {"bucket": {"references": ["each.value.id", "each.value"]}}},
    {"address": "data.aws_iam_policy_document.read", "mode": "data",
     "type": "aws_iam_policy_document", "name": "read",
     "expressions": {"statement": [{"resources": {"references": ["aws_s3_bucket.logs.arn"]}}]}}
  ],
  "module_calls": {
    "net": {"source": "./net", "module": {
      "resources": [
        {"address": "aws_security_group.web", "mode": "managed", "type": "aws_security_group",
         "name": "web", "expressions": {"vpc_id": {"references": ["aws_vpc.main.id",
           "aws_vpc.main"]}}, "for_each_expression": {"references": ["var.groups"]}}],
      "module_calls": {"logs": {"source": "./logs", "module": {"resources": [
        {"address": "aws_s3_bucket.this", "mode": "managed", "type": "aws_s3_bucket",
         "name": "this", "expressions": {"bucket": {"references": ["aws_vpc.main.id"]}},
         "depends_on": ["aws_s3_bucket.logs"]}]}}}}},
    "app": {"source": "./app", "count_expression": {"constant_value": 1}, "module": {
      "resources": [{"address": "aws_instance.app", "mode": "managed", "type": "aws_instance",
        "name": "app", "expressions": {"ami": {"constant_value": "ami-1"}}}]}}
  }}}
})";

}  // namespace

TEST_CASE("Terraform plans give managed resources of every module", "[runtime][tfplan]") {
  auto r = Load(kPlan);
  INFO(r->error.Render());
  REQUIRE(r->ok);
  CHECK(r->Ids() ==
        std::vector<std::string>{
            "aws_s3_bucket.logs", "aws_s3_bucket_versioning.logs", "aws_s3_bucket.data[0]",
            "aws_s3_bucket.data[1]", "aws_s3_bucket_public_access_block.data[0]",
            "aws_s3_bucket_public_access_block.data[1]", "aws_sns_topic.alerts",
            "aws_sns_topic_policy.alerts", "aws_s3_bucket.site[\"a\"]", "aws_s3_bucket.site[\"b\"]",
            "aws_s3_bucket_website_configuration.site[\"a\"]",
            "aws_s3_bucket_website_configuration.site[\"b\"]", "module.net.aws_vpc.main",
            "module.net.aws_security_group.web[\"a.b\"]",
            "module.net.module.logs.aws_s3_bucket.this", "module.app[0].aws_instance.app"});
  const Resource& logs = r->Get("aws_s3_bucket.logs");
  CHECK(logs.type == "AWS::S3::Bucket");
  CHECK(r->inv.Where(logs) == r->path + ":5:5");
  CHECK(r->inv.OfType("AWS::S3::Bucket").size() == 6);
  // Unmapped Terraform types keep their type and values.
  const Resource& vpc = r->Get("module.net.aws_vpc.main");
  CHECK(vpc.type == "aws_vpc");
  CHECK(r->Show(vpc.properties) == R"({"cidr_block": "10.0.0.0/16", "id": "vpc-1"})");
}

TEST_CASE("Terraform values known only after apply are unknown", "[runtime][tfplan]") {
  auto r = Load(kPlan);
  REQUIRE(r->ok);
  const Resource& logs = r->Get("aws_s3_bucket.logs");
  CHECK(r->Show(logs.properties) ==
        R"({"BucketName": "acme-logs", "Arn": (known after apply), "Versioning": )"
        R"({"Status": true, "MfaDelete": (known after apply)}, "Tags": {"team": "ops"}})");
  // An unknown value is located at its after_unknown leaf.
  const Value* arn = r->Field(logs.properties, "Arn");
  REQUIRE(arn != nullptr);
  CHECK(arn->kind == ValueKind::kUnknown);
  LineCol at = r->At(arn->offset);
  CHECK(at.line == 57);
  CHECK(at.col == 31);
  // Unmapped: the values with the unknowns overlaid (absent ones added at the end).
  const Resource& versioning = r->Get("aws_s3_bucket_versioning.logs");
  CHECK(r->Show(versioning.properties) ==
        R"({"versioning_configuration": [{"status": "Enabled"}], "bucket": (known after )"
        R"(apply), "id": (known after apply)})");
}

TEST_CASE("Terraform references come from the configuration", "[runtime][tfplan]") {
  auto r = Load(kPlan);
  REQUIRE(r->ok);
  using V = std::vector<std::string>;
  CHECK(r->Related("aws_s3_bucket_versioning.logs") == V{"aws_s3_bucket.logs"});
  // count.index in the same expression: each instance to the instance with its own key.
  CHECK(r->Related("aws_s3_bucket_public_access_block.data[0]") == V{"aws_s3_bucket.data[0]"});
  CHECK(r->Related("aws_s3_bucket_public_access_block.data[1]") == V{"aws_s3_bucket.data[1]"});
  // Without count.index: every instance.
  CHECK(r->Related("aws_s3_bucket.data[0]") ==
        V{"aws_s3_bucket_public_access_block.data[0]", "aws_sns_topic_policy.alerts"});
  CHECK(r->Related("aws_sns_topic_policy.alerts") ==
        V{"aws_s3_bucket.data[0]", "aws_s3_bucket.data[1]", "aws_sns_topic.alerts"});
  // A constant index: that instance only (the bare resource Terraform lists with it adds none).
  CHECK(r->Related("aws_sns_topic.alerts") ==
        V{"aws_s3_bucket.data[1]", "aws_sns_topic_policy.alerts"});
  // for_each over another resource: instances with the same key.
  CHECK(r->Related("aws_s3_bucket_website_configuration.site[\"b\"]") ==
        V{"aws_s3_bucket.site[\"b\"]"});
  // Within a module (for_each instance keys with dots), and in a nested module: references
  // resolve in the referring module (module.net.module.logs has no aws_vpc.main), depends_on too.
  CHECK(r->Related("module.net.aws_security_group.web[\"a.b\"]") ==
        V{"module.app[0].aws_instance.app", "module.net.aws_vpc.main"});
  CHECK(r->Related("module.net.module.logs.aws_s3_bucket.this").empty());
  // The data source's reference to the bucket adds nothing (data sources are not resources).
  CHECK(r->Related("aws_s3_bucket.logs") == V{"aws_s3_bucket_versioning.logs"});
}

TEST_CASE("Terraform references come from attributes equal to ids and ARNs", "[runtime][tfplan]") {
  auto r = Load(kPlan);
  REQUIRE(r->ok);
  using V = std::vector<std::string>;
  // Top-level string equal to another's arn (and id); strings in top-level lists too.
  // (The policy refers to the topic only through its arn; data[1] comes from the configuration.)
  CHECK(r->Related("aws_sns_topic.alerts") ==
        V{"aws_s3_bucket.data[1]", "aws_sns_topic_policy.alerts"});
  CHECK(r->Related("module.app[0].aws_instance.app") ==
        V{"module.net.aws_security_group.web[\"a.b\"]"});
}

TEST_CASE("Terraform states and empty states", "[runtime][tfplan]") {
  auto r = Load(R"({"format_version": "1.0", "terraform_version": "1.5.7",
"values": {"root_module": {"resources": [
  {"address": "aws_s3_bucket.b", "mode": "managed", "type": "aws_s3_bucket", "name": "b",
   "values": {"bucket": "b-1", "id": "b-1", "arn": "arn:aws:s3:::b-1", "versioning": []}},
  {"address": "aws_s3_bucket_policy.p", "mode": "managed", "type": "aws_s3_bucket_policy",
   "name": "p", "values": {"bucket": "b-1", "id": "b-1x", "policy": ""}},
  {"address": "aws_s3_bucket_acl.a", "mode": "managed", "type": "aws_s3_bucket_acl",
   "name": "a", "values": {"bucket": "", "acl": null}}]}}})");
  INFO(r->error.Render());
  REQUIRE(r->ok);
  CHECK(r->Show(r->Get("aws_s3_bucket.b").properties) ==
        R"({"BucketName": "b-1", "Arn": "arn:aws:s3:::b-1"})");
  CHECK(r->Related("aws_s3_bucket_policy.p") == std::vector<std::string>{"aws_s3_bucket.b"});
  CHECK(r->Related("aws_s3_bucket_acl.a").empty());  // empty strings never match

  auto empty = Load(R"({"format_version": "1.0"})");
  INFO(empty->error.Render());
  REQUIRE(empty->ok);
  CHECK(empty->inv.resources().empty());
  auto no_resources = Load(R"({"format_version": "1.0", "values": {"root_module": {}}})");
  REQUIRE(no_resources->ok);
  CHECK(no_resources->inv.resources().empty());
}

TEST_CASE("Terraform unknowns overlay nested blocks and lists", "[runtime][tfplan]") {
  auto r = Load(R"({"format_version": "1.1", "planned_values": {"root_module": {"resources": [
  {"address": "x_thing.a", "mode": "managed", "type": "x_thing", "name": "a",
   "values": {"list": ["a"], "block": [{"k": 1}], "obj": {"s": "v"}, "scalar": "s",
              "nulled": null}}]}},
  "resource_changes": [{"address": "x_thing.a", "change": {"actions": ["create"],
   "after_unknown": {"list": [false, false, true], "block": [{"j": true}],
                     "obj": {"deep": {"x": true}, "s": false}, "scalar": {"x": true},
                     "nulled": true, "whole": true, "none": {"a": false}, "empty": []}}}]})");
  INFO(r->error.Render());
  REQUIRE(r->ok);
  CHECK(r->Show(r->inv.resources()[0].properties) ==
        R"({"list": ["a", null, (known after apply)], "block": [{"k": 1, "j": (known after )"
        R"(apply)}], "obj": {"s": "v", "deep": {"x": (known after apply)}}, "scalar": "s", )"
        R"("nulled": (known after apply), "whole": (known after apply)})");
}

TEST_CASE("Terraform format versions", "[runtime][tfplan]") {
  ExpectError(R"({"planned_values": {"root_module": {}}})", 1, 1,
              "missing \"format_version\"; expected the JSON output of \"terraform show -json\" "
              "(format_version \"1.x\")");
  ExpectError(R"({"format_version": 1.0, "planned_values": {"root_module": {}}})", 1, 20,
              "\"format_version\" must be a string such as \"1.2\", found number");
  for (const char* v : {"2.0", "0.1", "1.", "10", "1.x", "", "1..2", "1.0-beta"}) {
    ExpectError(fmt::format(R"({{"format_version": "{}", "values": {{"root_module": {{}}}}}})", v),
                1, 20,
                fmt::format("unsupported format_version \"{}\"; SRM reads version 1.x of "
                            "Terraform's JSON output format",
                            v));
  }
  for (const char* v : {"1", "1.0", "1.2", "1.10.3"}) {
    auto r = Load(fmt::format(R"({{"format_version": "{}"}})", v));
    CHECK(r->ok);
  }
}

TEST_CASE("Terraform plans are validated with located errors", "[runtime][tfplan]") {
  const std::string head = "{\"format_version\": \"1.2\",\n";
  auto plan = [&](const std::string& resources) {
    return head + "\"planned_values\": {\"root_module\": {\"resources\": [\n" + resources + "]}}}";
  };
  ExpectError(head + R"("planned_values": {"root_module": {}}, "values": {"root_module": {}}})", 2,
              50,
              "both \"planned_values\" (a plan) and \"values\" (a state) are present; expected one "
              "of them");
  ExpectError(head + R"("planned_values": [], "resource_changes": []})", 2, 19,
              "\"planned_values\" must be an object with \"root_module\", found array");
  ExpectError(head + R"("planned_values": {"outputs": {}}})", 2, 19,
              "\"planned_values\" has no \"root_module\"; expected {\"root_module\": "
              "{\"resources\": [...]}}");
  ExpectError(head + R"("resource_changes": []})", 2, 21,
              "this plan has no \"planned_values\"; expected the planned resources in "
              "\"planned_values\".\"root_module\"");
  ExpectError(head + R"("values": {"root_module": {"resources": {}}}})", 2, 41,
              "\"resources\" of \"root_module\" of \"values\" must be an array of resources, "
              "found object");
  ExpectError(plan("  7"), 3, 3,
              "resource 0 of \"root_module\" of \"planned_values\" must be an object with "
              "\"address\", \"mode\", \"type\" and \"values\", found number");
  ExpectError(
      plan(R"(  {"mode": "managed", "type": "aws_s3_bucket"})"), 3, 3,
      "resource 0 of \"root_module\" of \"planned_values\": missing \"address\"; expected a "
      "string such as \"aws_s3_bucket.logs\"");
  ExpectError(plan(R"(  {"address": "", "mode": "managed"})"), 3, 15,
              "resource 0 of \"root_module\" of \"planned_values\": \"address\" must be a "
              "non-empty string such as \"aws_s3_bucket.logs\", found an empty string");
  ExpectError(plan(R"(  {"address": "a_b.c", "mode": "managed", "type": "a_b"},
  {"address": "a_b.c", "mode": "managed", "type": "a_b"})"),
              4, 15, "duplicate resource address \"a_b.c\" (first at line 3:15)");
  ExpectError(plan(R"(  {"address": "a_b.c", "mode": "resource", "type": "a_b"})"), 3, 32,
              "resource \"a_b.c\": \"mode\" must be \"managed\" or \"data\", found \"resource\"");
  ExpectError(plan(R"(  {"address": "a_b.c", "mode": "managed"})"), 3, 3,
              "resource \"a_b.c\": missing \"type\"; expected a string such as \"aws_s3_bucket\"");
  ExpectError(plan(R"(  {"address": "a_b.c", "mode": "managed", "type": "x_y"})"), 3, 15,
              "resource \"a_b.c\": the address does not match \"mode\": \"managed\" and \"type\": "
              "\"x_y\" (expected an address of the form x_y.NAME)");
  ExpectError(plan(R"(  {"address": "data.a_b.c", "mode": "managed", "type": "a_b"})"), 3, 15,
              "resource \"data.a_b.c\": the address does not match \"mode\": \"managed\" and "
              "\"type\": \"a_b\" (expected an address of the form a_b.NAME)");
  ExpectError(plan(R"(  {"address": "a_b.c[\"x]", "mode": "managed", "type": "a_b"})"), 3, 15,
              "resource \"a_b.c[\"x]\": \"address\" is not a Terraform resource address such as "
              "\"module.net.aws_s3_bucket.logs[\\\"a\\\"]\"");
  ExpectError(plan(R"(  {"address": "a_b.c", "mode": "managed", "type": "a_b", "values": []})"), 3,
              68,
              "resource \"a_b.c\": \"values\" must be an object of attribute values, found "
              "array");
  ExpectError(head + R"("planned_values": {"root_module": {"child_modules": {}}}})", 2, 53,
              "\"child_modules\" of \"root_module\" of \"planned_values\" must be an array of "
              "modules, found object");
  ExpectError(
      head +
          R"("planned_values": {"root_module": {"child_modules": [{"address": "module.m", "resources": [1]}]}}})",
      2, 92,
      "resource 0 of \"module.m\" must be an object with \"address\", \"mode\", \"type\" "
      "and \"values\", found number");
}

TEST_CASE("Terraform resource changes and configuration are validated", "[runtime][tfplan]") {
  const std::string head =
      "{\"format_version\": \"1.2\", \"planned_values\": {\"root_module\": {}},\n";
  ExpectError(head + R"("resource_changes": {}})", 2, 21,
              "\"resource_changes\" must be an array, found object");
  ExpectError(head + R"("resource_changes": [{"change": {}}]})", 2, 22,
              "resource change 0: missing \"address\"; expected a string such as "
              "\"aws_s3_bucket.logs\"");
  ExpectError(head + R"("resource_changes": [{"address": "a_b.c", "change": []}]})", 2, 53,
              "resource change \"a_b.c\": \"change\" must be an object with \"actions\", "
              "\"before\" and \"after\", found array");
  ExpectError(
      head + R"("resource_changes": [{"address": "a_b.c", "change": {"after_unknown": "x"}}]})", 2,
      71,
      "resource change \"a_b.c\": \"after_unknown\" must be an object mirroring \"after\" "
      "with true where a value is known only after apply, found string");
  ExpectError(head + R"("resource_changes": [{"address": "a_b.c"}, {"address": "a_b.c"}]})", 2, 56,
              "duplicate resource change for \"a_b.c\" (first at line 2:34)");
  ExpectError(head + R"("configuration": [] })", 2, 18,
              "\"configuration\" must be an object with \"root_module\", found array");
  ExpectError(head + R"("configuration": {"root_module": {"resources": {}}}})", 2, 48,
              "\"resources\" of \"root_module\" of \"configuration\" must be an array, found "
              "object");
  ExpectError(head + R"("configuration": {"root_module": {"resources": [{"mode": "managed"}]}}})",
              2, 49,
              "resource 0 of \"root_module\" of \"configuration\" in the configuration: missing "
              "\"address\"; expected a string such as \"aws_s3_bucket.logs\"");
  ExpectError(
      head +
          R"("configuration": {"root_module": {"resources": [{"address": "a_b.c", "expressions": {"x": {"references": "a_b.d"}}}]}}})",
      2, 106,
      "\"references\" in the configuration of \"a_b.c\" must be an array of strings, "
      "found string");
  ExpectError(
      head +
          R"("configuration": {"root_module": {"module_calls": {"m": {"module": {"resources": [{"address": "a_b.c", "depends_on": [1]}]}}}}}})",
      2, 119,
      "\"depends_on\" of the configuration of \"module.m.a_b.c\" must be an array of "
      "strings, found number in it");
  ExpectError(head + R"("configuration": {"root_module": {"module_calls": []}}})", 2, 51,
              "\"module_calls\" of \"root_module\" of \"configuration\" must be an object mapping "
              "module names to calls, found array");
  ExpectError(head + R"("configuration": {"root_module": {"module_calls": {"m": {"module": 3}}}}})",
              2, 68,
              "\"module\" of module call \"m\" must be an object with \"resources\" and "
              "\"module_calls\", found number");
}
