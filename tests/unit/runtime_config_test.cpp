// Unit tests of AWS Config configuration items: snapshots and API output (JSON-encoded
// configurations), history (newest item wins), deleted items, relationships, bad input.
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

// AWS::S3::Bucket mapped for AWS Config (record 0), its versioning (record 1).
SchemaMap ConfigSchemas() {
  SchemaMap m;
  m.records.resize(2);
  m.records[0].fields = {
      {"BucketName", "bucket", "resourceName", false, -1},
      {"Arn", "arn", "ARN", false, -1},
      {"Versioning", "versioning", "supplementaryConfiguration.BucketVersioningConfiguration",
       false, 1},
      {"Owner", "", "configuration.owner.displayName", false, -1},
      {"Tags", "tags", "tags", false, -1},
  };
  m.records[1].fields = {{"Status", "status", "status", false, -1}};
  m.types.push_back(TypeMap{"AWS::S3::Bucket", "aws_s3_bucket", "AWS::S3::Bucket", 0});
  return m;
}

struct Loaded : srm::test::LoadedInventory {
  SchemaMap schemas = ConfigSchemas();
};

std::unique_ptr<Loaded> Load(std::string_view json, bool with_schemas = true) {
  auto out = std::make_unique<Loaded>();
  LoadOptions options;
  options.format = InputFormat::kConfig;
  options.schemas = with_schemas ? &out->schemas : nullptr;
  out->ok =
      srm::test::LoadInventoryText(json, "config.json", options, out->inv, out->error, &out->path);
  return out;
}

void ExpectError(std::string_view json, uint32_t line, uint32_t col, std::string_view message) {
  srm::test::CheckLoadError(*Load(json), json, line, col, message);
}

// An item of API output: `fields` go inside the object.
std::string Items(const std::string& items) {
  return "{\"configurationItems\": [\n" + items + "\n]}";
}

}  // namespace

TEST_CASE("AWS Config snapshots give resources, mapped or as they are", "[runtime][config]") {
  auto r = Load(R"({"fileVersion": "1.0", "configSnapshotId": "abc",
 "configurationItems": [
  {"configurationItemVersion": "1.3", "configurationItemCaptureTime": "2024-05-01T12:00:00.000Z",
   "configurationStateId": 1, "awsAccountId": "123456789012", "configurationItemStatus": "OK",
   "resourceType": "AWS::S3::Bucket", "resourceId": "logs-bucket", "resourceName": "logs-bucket",
   "ARN": "arn:aws:s3:::logs-bucket", "awsRegion": "eu-west-1",
   "configuration": {"name": "logs-bucket", "owner": {"displayName": "ops", "id": "x"}},
   "supplementaryConfiguration": {"BucketVersioningConfiguration": {"status": "Enabled"}},
   "tags": {"team": "data"}, "relationships": []},
  {"resourceType": "AWS::EC2::Instance", "resourceId": "i-1", "configurationItemStatus": "OK",
   "configuration": {"instanceType": "t3.micro", "monitoring": {"state": "disabled"}},
   "relationships": [
     {"resourceType": "AWS::EC2::SecurityGroup", "resourceId": "sg-1", "relationshipName": "Is associated with SecurityGroup"},
     {"resourceType": "AWS::EC2::Subnet", "resourceId": "subnet-9", "relationshipName": "Is contained in Subnet"},
     {"resourceType": "AWS::IAM::Role", "resourceName": "app-role", "relationshipName": "Is associated with Role"}]},
  {"resourceType": "AWS::EC2::SecurityGroup", "resourceId": "sg-1", "configurationItemStatus": "ResourceDiscovered",
   "configuration": {"groupName": "web", "ipPermissions": []}},
  {"resourceType": "AWS::EC2::Volume", "resourceId": "vol-1", "configurationItemStatus": "ResourceDeleted",
   "configuration": null},
  {"resourceType": "AWS::EC2::Volume", "resourceId": "vol-2", "configurationItemStatus": "ResourceNotRecorded"}
]})");
  INFO(r->error.Render());
  REQUIRE(r->ok);
  const auto& res = r->inv.resources();
  REQUIRE(res.size() == 4);  // vol-1 was deleted
  const Resource& bucket = res[0];
  CHECK(bucket.id == "logs-bucket");
  CHECK(bucket.type == "AWS::S3::Bucket");
  CHECK(bucket.ref_key == "AWS::S3::Bucket|logs-bucket");
  CHECK(r->inv.Where(bucket) == r->path + ":3:3");
  CHECK(r->Show(bucket.properties) ==
        R"({"BucketName": "logs-bucket", "Arn": "arn:aws:s3:::logs-bucket", "Versioning": )"
        R"({"Status": "Enabled"}, "Owner": "ops", "Tags": {"team": "data"}})");
  // Unmapped types keep their configuration as it is.
  CHECK(res[1].type == "AWS::EC2::Instance");
  CHECK(r->Show(res[1].properties) ==
        R"({"instanceType": "t3.micro", "monitoring": {"state": "disabled"}})");
  CHECK(res[2].id == "sg-1");
  CHECK(res[3].id == "vol-2");
  CHECK(res[3].properties->size == 0);
  CHECK(r->Related("i-1") == std::vector<std::string>{"sg-1"});
  CHECK(r->Related("sg-1") == std::vector<std::string>{"i-1"});
}

TEST_CASE("AWS Config without schemas keeps every type as it is", "[runtime][config]") {
  auto r = Load(Items(R"({"resourceType": "AWS::S3::Bucket", "resourceId": "b",
                          "configuration": {"name": "b"}})"),
                false);
  REQUIRE(r->ok);
  REQUIRE(r->inv.resources().size() == 1);
  CHECK(r->Show(r->inv.resources()[0].properties) == R"({"name": "b"})");
}

TEST_CASE("AWS Config API output: JSON strings are decoded, the newest item wins",
          "[runtime][config]") {
  // get-resource-config-history style: newest first, epoch capture times, JSON strings.
  auto r = Load(R"({"configurationItems": [
  {"version": "1.3", "accountId": "123456789012", "configurationItemCaptureTime": 1714600000.5,
   "configurationItemStatus": "OK", "resourceType": "AWS::S3::Bucket", "resourceId": "b1",
   "resourceName": "b1", "arn": "arn:aws:s3:::b1",
   "configuration": "{\"name\":\"b1\",\"owner\":{\"displayName\":\"new\"}}",
   "supplementaryConfiguration": {
     "BucketVersioningConfiguration": "{\"status\":\"Suspended\",\"isMfaDeleteEnabled\":null}",
     "IsRequesterPaysEnabled": "false", "Plain": "text"}},
  {"configurationItemCaptureTime": 1714500000, "configurationItemStatus": "OK",
   "resourceType": "AWS::S3::Bucket", "resourceId": "b1", "resourceName": "b1-old",
   "configuration": "{\"owner\":{\"displayName\":\"old\"}}"},
  {"configurationItemCaptureTime": "2024-05-01T12:00:00+02:00", "resourceType": "AWS::SQS::Queue",
   "resourceId": "q", "configuration": "{\"v\": 1}"},
  {"configurationItemCaptureTime": "2024-05-01T11:00:00Z", "resourceType": "AWS::SQS::Queue",
   "resourceId": "q", "configuration": "{\"v\": 2}"},
  {"configurationItemCaptureTime": "2024-05-01T10:00:00Z", "resourceType": "AWS::SQS::Queue",
   "resourceId": "q", "configuration": "{\"v\": 0}"},
  {"resourceType": "AWS::SNS::Topic", "resourceId": "t", "configuration": "{\"v\": 1}"},
  {"resourceType": "AWS::SNS::Topic", "resourceId": "t", "configuration": "{\"v\": 2}"},
  {"configurationItemCaptureTime": "2024-06-01T00:00:00Z", "configurationItemStatus": "ResourceDeleted",
   "resourceType": "AWS::SNS::Topic", "resourceId": "gone"},
  {"configurationItemCaptureTime": "2024-05-01T00:00:00Z", "configurationItemStatus": "OK",
   "resourceType": "AWS::SNS::Topic", "resourceId": "gone", "configuration": "{}"}
]})");
  INFO(r->error.Render());
  REQUIRE(r->ok);
  const auto& res = r->inv.resources();
  REQUIRE(res.size() == 3);
  CHECK(res[0].id == "b1");
  CHECK(r->inv.Where(res[0]) == r->path + ":2:3");
  CHECK(r->Show(res[0].properties) ==
        R"({"BucketName": "b1", "Versioning": {"Status": "Suspended"}, "Owner": "new"})");
  // Values decoded from a string are located at the string.
  const Value& owner = res[0].properties->members[2].value;
  CHECK(r->inv.file(0).Locate(owner.offset).line == 5);
  CHECK(r->inv.file(0).Locate(owner.offset).col == 21);
  // 12:00+02:00 is 10:00Z, older than 11:00Z.
  CHECK(res[1].id == "q");
  CHECK(r->Show(res[1].properties) == R"({"v": 2})");
  // Without capture times the later item wins.
  CHECK(res[2].id == "t");
  CHECK(r->Show(res[2].properties) == R"({"v": 2})");
}

TEST_CASE("AWS Config decodes supplementary JSON strings and leaves other strings",
          "[runtime][config]") {
  auto r = Load(Items(R"({"resourceType": "AWS::X::Y", "resourceId": "x",
   "configuration": {}, "supplementaryConfiguration": {"A": " [1, 2]", "B": "true", "C": "null",
   "D": "plain", "E": "123", "F": {"k": "{not json"}}})"),
                false);
  REQUIRE(r->ok);
  // The decoded supplementary configuration is used by mapped types; check through a schema.
  auto m = Load(Items(R"({"resourceType": "AWS::S3::Bucket", "resourceId": "x",
   "supplementaryConfiguration": {"BucketVersioningConfiguration": " {\"status\": \"Off\"} "}})"));
  REQUIRE(m->ok);
  CHECK(m->Show(m->inv.resources()[0].properties) == R"({"Versioning": {"Status": "Off"}})");
}

TEST_CASE("AWS Config items are validated with located errors", "[runtime][config]") {
  ExpectError(R"({"configurationItems": {"resourceType": "X"}})", 1, 24,
              "the configuration items must be an array of objects, found object");
  ExpectError(Items("  42"), 2, 3,
              "configuration item 0: expected an object with \"resourceType\", \"resourceId\" "
              "and \"configuration\", found number");
  ExpectError(Items(R"(  {"resourceId": "b"})"), 2, 3,
              "configuration item 0: missing \"resourceType\"; expected a resource type string "
              "such as \"AWS::S3::Bucket\"");
  ExpectError(Items(R"(  {"resourceType": "", "resourceId": "b"})"), 2, 20,
              "configuration item 0: \"resourceType\" must be a resource type string such as "
              "\"AWS::S3::Bucket\", found an empty string");
  ExpectError(Items(R"(  {"resourceType": "AWS::S3::Bucket"})"), 2, 3,
              "configuration item 0 (AWS::S3::Bucket): missing \"resourceId\"; expected a string");
  ExpectError(Items(R"(  {"resourceType": "AWS::S3::Bucket", "resourceId": 7})"), 2, 53,
              "configuration item 0 (AWS::S3::Bucket): \"resourceId\" must be a non-empty string, "
              "found number");
  ExpectError(
      Items(R"(  {"resourceType": "T", "resourceId": "b", "configurationItemStatus": "Gone"})"), 2,
      71,
      "configuration item 0 (T b): \"configurationItemStatus\" must be one of \"OK\", "
      "\"ResourceDiscovered\", \"ResourceNotRecorded\", \"ResourceDeleted\" or "
      "\"ResourceDeletedNotRecorded\", found \"Gone\"");
  ExpectError(
      Items(
          R"(  {"resourceType": "T", "resourceId": "b", "configurationItemCaptureTime": "yesterday"})"),
      2, 76,
      "configuration item 0 (T b): \"configurationItemCaptureTime\" must be an ISO 8601 "
      "time such as \"2024-05-01T12:00:00.000Z\" or seconds since the epoch, found "
      "\"yesterday\"");
  ExpectError(Items(R"(  {"resourceType": "T", "resourceId": "b", "configuration": 5})"), 2, 61,
              "configuration item 0 (T b): \"configuration\" must be an object (or a string "
              "holding a JSON object), found number");
  ExpectError(Items(R"(  {"resourceType": "T", "resourceId": "b", "configuration": "[1]"})"), 2, 61,
              "configuration item 0 (T b): \"configuration\" must be an object (or a string "
              "holding a JSON object), found array");
  ExpectError(Items(R"(  {"resourceType": "T", "resourceId": "b", "configuration": "{\"a\": }"})"),
              2, 61,
              "configuration item 0 (T b): \"configuration\" is a string that must hold a JSON "
              "document, but at byte 6 of that string: invalid JSON: expected a value, found '}'");
  ExpectError(
      Items(
          R"(  {"resourceType": "T", "resourceId": "b", "configuration": "{\"a\": 1, \"a\": 2}"})"),
      2, 61,
      "configuration item 0 (T b): \"configuration\" is a string that must hold a JSON "
      "document, but at byte 9 of that string: duplicate key \"a\"");
  ExpectError(
      Items(
          R"(  {"resourceType": "T", "resourceId": "b", "supplementaryConfiguration": {"X": "{oops"}})"),
      2, 80,
      "configuration item 0 (T b): \"supplementaryConfiguration\".\"X\" is a string that "
      "must hold a JSON document, but at byte 1 of that string: invalid JSON: expected an "
      "object key in double quotes, found 'o'");
  ExpectError(
      Items(R"(  {"resourceType": "T", "resourceId": "b", "supplementaryConfiguration": []})"), 2,
      74,
      "configuration item 0 (T b): \"supplementaryConfiguration\" must be an object, found "
      "array");
  ExpectError(Items(R"(  {"resourceType": "T", "resourceId": "b", "tags": [{"key": "a"}]})"), 2, 52,
              "configuration item 0 (T b): \"tags\" must be an object mapping tag keys to values, "
              "found array");
  ExpectError(Items(R"(  {"resourceType": "T", "resourceId": "b", "relationships": {}})"), 2, 61,
              "configuration item 0 (T b): \"relationships\" must be an array, found object");
  ExpectError(
      Items(
          R"(  {"resourceType": "T", "resourceId": "b", "relationships": [{"resourceId": "x"}]})"),
      2, 62,
      "configuration item 0 (T b): relationship 0: missing \"resourceType\"; expected a "
      "resource type string such as \"AWS::EC2::VPC\"");
  ExpectError(
      Items(
          R"(  {"resourceType": "T", "resourceId": "b", "relationships": [{"resourceType": "U", "resourceId": 1}]})"),
      2, 98,
      "configuration item 0 (T b): relationship 0: \"resourceId\" must be a string, found "
      "number");
  ExpectError(Items(R"(  {"resourceType": "T", "resourceId": "b", "ARN": false})"), 2, 51,
              "configuration item 0 (T b): \"ARN\" must be a string, found boolean");
  // Superseded items are validated too.
  ExpectError(
      Items("  {\"resourceType\": \"T\", \"resourceId\": \"b\", \"configuration\": \"x\"},\n"
            "  {\"resourceType\": \"T\", \"resourceId\": \"b\"}"),
      2, 61,
      "configuration item 0 (T b): \"configuration\" is a string that must hold a JSON "
      "document, but at byte 0 of that string: invalid JSON: invalid literal 'x'; expected a "
      "string, number, object, array, true, false or null");
}
