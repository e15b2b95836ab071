// Unit tests for the schema map: default field paths, what the compiler exports from tf/config
// bindings, and the text form compiled checkers embed.
#include "compiler/sema/schema_export.h"

#include <catch2/catch.hpp>

#include "runtime/inventory/schema_map.h"
#include "tests/unit/test_util.h"

using srm::rt::InputFormat;
using srm::rt::SchemaMap;
using srm::sema::LowerCamel;
using srm::sema::SnakeCase;

namespace {
constexpr size_t kTf = srm::rt::BindingSlot(InputFormat::kTfPlan);
constexpr size_t kConfig = srm::rt::BindingSlot(InputFormat::kConfig);
}  // namespace

TEST_CASE("default Terraform and AWS Config names", "[sema][schema]") {
  CHECK(SnakeCase("BucketName") == "bucket_name");
  CHECK(SnakeCase("SSEAlgorithm") == "sse_algorithm");
  CHECK(SnakeCase("KMSMasterKeyID") == "kms_master_key_id");
  CHECK(SnakeCase("MultiAZ") == "multi_az");
  CHECK(SnakeCase("Ipv6CidrBlock") == "ipv6_cidr_block");
  CHECK(SnakeCase("already_snake") == "already_snake");
  CHECK(LowerCamel("BucketName") == "bucketName");
  CHECK(LowerCamel("SSEAlgorithm") == "sseAlgorithm");
  CHECK(LowerCamel("KMSMasterKeyID") == "kmsMasterKeyID");
  CHECK(LowerCamel("ID") == "id");
  CHECK(LowerCamel("status") == "status");
  CHECK(LowerCamel("") == "");
}

TEST_CASE("the compiler exports bound resources with default and explicit paths",
          "[sema][schema]") {
  auto c = srm::test::Compile(R"(module aws;
party AWS;
party Customer;
layer infra, data;
type Rule = { SSEAlgorithm: string, KMSMasterKeyID: string? tf "kms_key" config "kmsKey" };
resource Bucket = "AWS::S3::Bucket", tf "aws_s3_bucket", config {
  BucketName: string? tf "bucket";
  Rules: list<Rule>? config "supplementaryConfiguration.Rules";
  Enc: Rule?;
}
resource Sse = tf "aws_s3_bucket_sse" { bucket: string; }
resource Plain = "AWS::SNS::Topic" { TopicName: string?; }
service S3 {
  resources Bucket, Sse, Plain;
  AWS owns infra;
  Customer owns data;
}
)");
  INFO(c.Errors());
  REQUIRE(c.ok);
  SchemaMap map = srm::sema::BuildSchemaMap(*c.program);
  REQUIRE(map.types.size() == 2);  // Plain has no other format
  const srm::rt::TypeMap* bucket = map.ForBound(InputFormat::kTfPlan, "aws_s3_bucket");
  REQUIRE(bucket != nullptr);
  CHECK(bucket == map.ForBound(InputFormat::kConfig, "AWS::S3::Bucket"));
  CHECK(bucket->type == "AWS::S3::Bucket");
  const srm::rt::RecordMap& props = map.records.at(static_cast<size_t>(bucket->props));
  REQUIRE(props.fields.size() == 3);
  CHECK(props.fields[0].name == "BucketName");
  CHECK(props.fields[0].paths[kTf] == "bucket");
  CHECK(props.fields[0].paths[kConfig] == "configuration.bucketName");
  CHECK(props.fields[1].list);
  CHECK(props.fields[1].paths[kTf] == "rules");
  CHECK(props.fields[1].paths[kConfig] == "supplementaryConfiguration.Rules");
  REQUIRE(props.fields[1].record >= 0);
  CHECK(props.fields[1].record == props.fields[2].record);  // one map per record type
  CHECK_FALSE(props.fields[2].list);
  const srm::rt::RecordMap& rule = map.records.at(static_cast<size_t>(props.fields[1].record));
  CHECK(rule.fields[0].paths[kTf] == "sse_algorithm");
  CHECK(rule.fields[0].paths[kConfig] == "sseAlgorithm");  // relative inside records
  CHECK(rule.fields[1].paths[kTf] == "kms_key");
  CHECK(rule.fields[1].paths[kConfig] == "kmsKey");
  const srm::rt::TypeMap* sse = map.ForBound(InputFormat::kTfPlan, "aws_s3_bucket_sse");
  REQUIRE(sse != nullptr);
  CHECK(sse->type == "aws_s3_bucket_sse");  // a Terraform-only resource's type
  CHECK(sse->bound_types[kConfig].empty());
  CHECK(map.ForBound(InputFormat::kTfPlan, "aws_sns_topic") == nullptr);
  CHECK(map.ForBound(InputFormat::kConfig, "AWS::SNS::Topic") == nullptr);

  // The text form round-trips.
  SchemaMap back;
  std::string error;
  REQUIRE(SchemaMap::Parse(map.Serialize(), back, error));
  CHECK(back.Serialize() == map.Serialize());
  CHECK(back.records.size() == map.records.size());
}

TEST_CASE("schema map text: escapes and corrupt input", "[runtime][schema]") {
  SchemaMap map;
  map.records.push_back({{{"A\tB", "x\\y", "line\nbreak", true, -1}}});
  map.types.push_back({"T", "t", "", 0});
  SchemaMap back;
  std::string error;
  REQUIRE(SchemaMap::Parse(map.Serialize(), back, error));
  CHECK(back.records[0].fields[0].name == "A\tB");
  CHECK(back.records[0].fields[0].paths[kTf] == "x\\y");
  CHECK(back.records[0].fields[0].paths[kConfig] == "line\nbreak");
  CHECK(SchemaMap::Parse("", back, error));  // nothing bound
  CHECK_FALSE(SchemaMap::Parse("srm-schema-map 2\n", back, error));
  CHECK_FALSE(SchemaMap::Parse("srm-schema-map 1\nfield\ta\tb\tc\t0\t-1\n", back, error));
  CHECK_FALSE(SchemaMap::Parse("srm-schema-map 1\nrecord\t1\n", back, error));
  CHECK_FALSE(SchemaMap::Parse("srm-schema-map 1\ntype\tT\tt\t\t5\n", back, error));
  CHECK_FALSE(SchemaMap::Parse("srm-schema-map 1\nrecord\t1\nfield\ta\tb\tc\t0\t7\n", back, error));
  CHECK_FALSE(
      SchemaMap::Parse("srm-schema-map 1\nrecord\t1\nfield\ta\\q\tb\tc\t0\t-1\n", back, error));
}
