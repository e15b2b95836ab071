// Unit tests of MapProperties: field paths, Terraform blocks as single-element lists, absence
// (empty lists, nulls, missing members), nested records, lists of records, mismatched shapes.
#include <catch2/catch.hpp>
#include <string>

#include "runtime/inventory/schema_map.h"
#include "runtime/value/value_build.h"

using namespace srm::rt;

namespace {

// A bucket-like schema: props (record 0), a versioning record (1), an encryption rule (2).
SchemaMap BucketSchemas() {
  SchemaMap m;
  m.records.resize(3);
  m.records[0].fields = {
      {"BucketName", "bucket", "configuration.bucketName", false, -1},
      {"Versioning", "versioning", "supplementaryConfiguration.BucketVersioningConfiguration",
       false, 1},
      {"Rules", "server_side_encryption_configuration.rule",
       "supplementaryConfiguration.ServerSideEncryptionConfiguration.rules", true, 2},
      {"Tags", "tags", "tags", false, -1},
      {"Deep", "a.b.c", "", false, -1},
  };
  m.records[1].fields = {{"Status", "status", "status", false, -1},
                         {"MfaDelete", "mfa_delete", "isMfaDeleteEnabled", false, -1}};
  m.records[2].fields = {{"Algorithm", "apply_server_side_encryption_by_default.sse_algorithm",
                          "applyServerSideEncryptionByDefault.sseAlgorithm", false, -1},
                         {"BucketKey", "bucket_key_enabled", "bucketKeyEnabled", false, -1}};
  m.types.push_back(TypeMap{"AWS::S3::Bucket", "aws_s3_bucket", "AWS::S3::Bucket", 0});
  return m;
}

struct Fixture {
  Interner names;
  Inventory inv{names};
  SchemaMap schemas = BucketSchemas();
  std::string text;

  // `json` as values with their offsets in `json`.
  const Value& Parse(const std::string& json) {
    text = json;
    Value v;
    std::string error;
    uint32_t pos = 0;
    bool ok = srm::rt::detail::JsonToValue(text, inv, 1024, 0, false, v, error, pos);
    INFO(error);
    REQUIRE(ok);
    return *srm::rt::detail::Store(inv.arena(), v);
  }
  const Value& Map(const std::string& json, InputFormat format = InputFormat::kTfPlan) {
    const Value* out = MapProperties(schemas, schemas.types[0], format, Parse(json), inv);
    REQUIRE(out != nullptr);
    REQUIRE(out->kind == ValueKind::kObject);
    return *out;
  }
  const Value* Get(const Value& obj, std::string_view key) {
    return srm::rt::detail::Find(obj, names, key);
  }
  std::string Keys(const Value& obj) {
    std::string out;
    for (uint32_t i = 0; i < obj.size; ++i) {
      if (i > 0) out += ",";
      out += names.Name(obj.members[i].key);
    }
    return out;
  }
  std::string Show(const Value& v) { return Describe(v, names, 500); }
};

}  // namespace

TEST_CASE("MapProperties reads fields at their paths in the record's order", "[runtime][map]") {
  Fixture f;
  const Value& out = f.Map(R"({"tags": {"env": "prod"}, "id": "b", "bucket": "logs"})");
  CHECK(f.Keys(out) == "BucketName,Tags");
  CHECK(f.Get(out, "BucketName")->AsString() == "logs");
  CHECK(f.Show(*f.Get(out, "Tags")) == R"({"env": "prod"})");
  // The object keeps the source's offset; each member's key offset is its value's offset.
  CHECK(out.offset == 0);
  CHECK(out.members[0].key_offset == f.text.find("\"logs\""));
  CHECK(out.members[0].value.offset == f.text.find("\"logs\""));
  CHECK(out.members[1].key_offset == f.text.find("{\"env\""));
}

TEST_CASE("MapProperties steps through single-element lists (Terraform blocks)", "[runtime][map]") {
  Fixture f;
  const Value& out = f.Map(R"({
    "versioning": [{"status": "Enabled", "mfa_delete": false}],
    "server_side_encryption_configuration": [{"rule": [
      {"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms"}],
       "bucket_key_enabled": true}]}],
    "a": [{"b": [{"c": 7}]}]})");
  CHECK(f.Keys(out) == "Versioning,Rules,Deep");
  CHECK(f.Show(*f.Get(out, "Versioning")) == R"({"Status": "Enabled", "MfaDelete": false})");
  const Value* rules = f.Get(out, "Rules");
  REQUIRE(rules->kind == ValueKind::kList);
  CHECK(f.Show(*rules) == R"([{"Algorithm": "aws:kms", "BucketKey": true}])");
  CHECK(rules->offset == f.text.find("[\n      {\"apply"));
  CHECK(f.Get(out, "Deep")->i == 7);
}

TEST_CASE("MapProperties treats empty lists, nulls and missing members as absent",
          "[runtime][map]") {
  Fixture f;
  CHECK(f.Map(R"({"versioning": [], "server_side_encryption_configuration": []})").size == 0);
  CHECK(f.Map(R"({"bucket": null, "versioning": [{"status": null}], "tags": null})").size == 1);
  const Value& out = f.Map(R"({"versioning": [{"status": null}]})");
  CHECK(f.Show(out) == R"({"Versioning": {}})");
  CHECK(f.Map(R"({"a": {"b": null}})").size == 0);
  CHECK(f.Map(R"({"a": {"x": 1}})").size == 0);
  CHECK(f.Map(R"({"a": [{"b": []}]})").size == 0);
  CHECK(f.Map("{}").size == 0);
  // An empty list is absent for a record (a block with no instance), kept for a list field.
  CHECK(
      f.Show(f.Map(R"({"server_side_encryption_configuration": [{"rule": []}], "bucket": []})")) ==
      R"({"BucketName": [], "Rules": []})");
  // A field without a path in this format is absent (Deep has no AWS Config path).
  CHECK(f.Keys(f.Map(R"({"a": {"b": {"c": 1}}})", InputFormat::kConfig)).empty());
}

TEST_CASE("MapProperties keeps values that do not fit the declared shape", "[runtime][map]") {
  Fixture f;
  // A record field given a string, a list of two blocks, a number.
  CHECK(f.Show(f.Map(R"({"versioning": "on"})")) == R"({"Versioning": "on"})");
  CHECK(f.Show(f.Map(R"({"versioning": [{"status": "A"}, {"status": "B"}]})")) ==
        R"({"Versioning": [{"status": "A"}, {"status": "B"}]})");
  // A step into a scalar or a list of several elements yields that value.
  CHECK(f.Show(f.Map(R"({"a": 5})")) == R"({"Deep": 5})");
  CHECK(f.Show(f.Map(R"({"a": [{"b": 1}, {"b": 2}]})")) == R"({"Deep": [{"b": 1}, {"b": 2}]})");
  CHECK(f.Show(f.Map(R"({"server_side_encryption_configuration": "x"})")) == R"({"Rules": "x"})");
  // A list of records given an object is kept; non-object elements of a list are kept.
  CHECK(f.Show(f.Map(R"({"server_side_encryption_configuration": [{"rule": {"x": 1}}]})")) ==
        R"({"Rules": {"x": 1}})");
  CHECK(
      f.Show(f.Map(
          R"({"server_side_encryption_configuration": [{"rule": [1, {"bucket_key_enabled": false}]}]})")) ==
      R"({"Rules": [1, {"BucketKey": false}]})");
  // A plain field given a block keeps the block.
  CHECK(f.Show(f.Map(R"({"bucket": [{"x": 1}]})")) == R"({"BucketName": [{"x": 1}]})");
}

TEST_CASE("MapProperties maps nested records given as objects, and AWS Config paths",
          "[runtime][map]") {
  Fixture f;
  const Value& out = f.Map(R"({
    "resourceType": "AWS::S3::Bucket",
    "configuration": {"bucketName": "logs", "owner": {"id": "x"}},
    "supplementaryConfiguration": {
      "BucketVersioningConfiguration": {"status": "Suspended", "isMfaDeleteEnabled": null},
      "ServerSideEncryptionConfiguration": {"rules": [
        {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"},
         "bucketKeyEnabled": false}]}},
    "tags": {"team": "data"}})",
                           InputFormat::kConfig);
  CHECK(f.Show(out) ==
        R"({"BucketName": "logs", "Versioning": {"Status": "Suspended"}, "Rules": )"
        R"([{"Algorithm": "AES256", "BucketKey": false}], "Tags": {"team": "data"}})");
}

TEST_CASE("MapProperties keeps unknown values and steps no further into them", "[runtime][map]") {
  Fixture f;
  const Value& src = f.Parse(R"({"bucket": 1, "versioning": 2, "a": 3})");
  // Replace the values by unknowns, as the Terraform loader does for after_unknown.
  std::vector<Member> members(src.members, src.members + src.size);
  for (Member& m : members) m.value = srm::rt::detail::MakeUnknown(m.value.offset);
  Value unknowns = srm::rt::detail::MakeObject(f.inv.arena(), members, src.offset);
  const Value* out =
      MapProperties(f.schemas, f.schemas.types[0], InputFormat::kTfPlan, unknowns, f.inv);
  CHECK(f.Keys(*out) == "BucketName,Versioning,Deep");
  for (uint32_t i = 0; i < out->size; ++i) {
    CHECK(out->members[i].value.kind == ValueKind::kUnknown);
    CHECK(out->members[i].key_offset == src.members[i].value.offset);
  }
}

TEST_CASE("MapProperties guards bad record indices and self-nesting maps", "[runtime][map]") {
  Fixture f;
  f.schemas.records[1].fields.push_back({"Self", "self", "self", false, 1});  // recursive
  f.schemas.records[0].fields.push_back({"Bad", "bad", "bad", false, 99});    // no such record
  std::string json = R"({"bad": {"x": 1}, "versioning": )";
  std::string close;
  for (int i = 0; i < 200; ++i) {
    json += R"({"self": )";
    close += "}";
  }
  json += "{}" + close + "}";
  const Value& out = f.Map(json);
  CHECK(f.Show(*f.Get(out, "Bad")) == R"({"x": 1})");
  // Mapping stops at the depth guard and keeps the rest as it is.
  const Value* v = f.Get(out, "Versioning");
  int depth = 0;
  while (v != nullptr && v->kind == ValueKind::kObject && f.Get(*v, "Self") != nullptr) {
    v = f.Get(*v, "Self");
    ++depth;
  }
  CHECK(depth > 10);
  CHECK(depth < 200);
  REQUIRE(v != nullptr);
  CHECK(f.Get(*v, "self") != nullptr);
}

TEST_CASE("MapProperties turns a tag map into the declared list of {Key, Value}",
          "[runtime][map]") {
  Fixture f;
  f.schemas.records.push_back(
      {{{"Key", "key", "key", false, -1}, {"Value", "value", "value", false, -1}}});
  f.schemas.records[0].fields[3] = {"Tags", "tags", "tags", true, 3};
  const Value& out = f.Map(R"({"tags": {"Owner": "data", "Env": "prod"}})");
  const Value* tags = f.Get(out, "Tags");
  REQUIRE(tags != nullptr);
  REQUIRE(tags->kind == ValueKind::kList);
  REQUIRE(tags->size == 2);
  CHECK(f.Get(tags->items[0], "Key")->AsString() == "Owner");
  CHECK(f.Get(tags->items[0], "Value")->AsString() == "data");
  CHECK(f.Get(tags->items[1], "Key")->AsString() == "Env");
  CHECK(f.Get(tags->items[1], "Value")->AsString() == "prod");
  CHECK(tags->items[1].offset == f.text.find("\"Env\""));  // located at the map's key
  // A list of {key, value} objects (AWS Config's EC2 tags) is mapped field by field.
  const Value& listed = f.Map(R"({"tags": [{"key": "Owner", "value": "x"}]})");
  const Value* l = f.Get(listed, "Tags");
  REQUIRE(l->size == 1);
  CHECK(f.Get(l->items[0], "Key")->AsString() == "Owner");
  // A map where some other record list is declared is kept as it is (reported when read).
  f.schemas.records[0].fields[3] = {"Tags", "tags", "tags", true, 1};
  CHECK(f.Get(f.Map(R"({"tags": {"Owner": "data"}})"), "Tags")->kind == ValueKind::kObject);
}
