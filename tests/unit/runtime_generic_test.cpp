// Unit tests of the generic inventory format: resources, properties, references, and every
// malformed input as a located error.
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

using Loaded = srm::test::LoadedInventory;

// Loads `json` as a generic inventory (auto-detected) from a temporary inv.json.
std::unique_ptr<Loaded> Load(std::string_view json) {
  auto out = std::make_unique<Loaded>();
  LoadOptions options;
  out->ok =
      srm::test::LoadInventoryText(json, "inv.json", options, out->inv, out->error, &out->path);
  return out;
}

void ExpectError(std::string_view json, uint32_t line, uint32_t col, std::string_view message) {
  srm::test::CheckLoadError(*Load(json), json, line, col, message);
}

}  // namespace

TEST_CASE("Generic inventories give resources with properties and references",
          "[runtime][generic]") {
  auto r = Load(R"({"resources": [
  {"type": "AWS::S3::Bucket", "id": "logs", "properties": {"BucketName": "logs-1"}},
  {"type": "AWS::S3::BucketPolicy", "id": "logs-policy", "references": ["logs"],
   "properties": {"Bucket": "logs-1", "PolicyDocument": {"Statement": []}}},
  {"type": "AWS::SNS::Topic", "id": "alerts", "properties": {}, "references": []},
  {"type": "AWS::SNS::Topic", "id": "logs-policy"}
]})");
  INFO(r->error.Render());
  REQUIRE(r->ok);
  const auto& res = r->inv.resources();
  REQUIRE(res.size() == 4);  // one id may name resources of different types
  CHECK(res[0].id == "logs");
  CHECK(res[0].type == "AWS::S3::Bucket");
  CHECK(r->inv.Where(res[0]) == r->path + ":2:3");
  CHECK(r->Field(res[0].properties, "BucketName")->AsString() == "logs-1");
  CHECK(res[1].type == "AWS::S3::BucketPolicy");
  CHECK(r->Field(res[1].properties, "PolicyDocument")->kind == ValueKind::kObject);
  // No properties: an empty object at the resource.
  CHECK(res[3].properties->kind == ValueKind::kObject);
  CHECK(res[3].properties->size == 0);
  CHECK(res[3].properties->offset == res[3].offset);
  CHECK(r->inv.OfType("AWS::SNS::Topic").size() == 2);
  CHECK(r->RelatedTo(0) == std::vector<std::string>{"logs-policy"});
  CHECK(r->RelatedTo(1) == std::vector<std::string>{"logs"});
  CHECK(r->RelatedTo(2).empty());
  CHECK(r->RelatedTo(3).empty());
}

TEST_CASE("Generic inventories accept an empty resource list", "[runtime][generic]") {
  auto r = Load(R"({"resources": []})");
  REQUIRE(r->ok);
  CHECK(r->inv.resources().empty());
}

TEST_CASE("Generic inventories reject malformed resources with a location", "[runtime][generic]") {
  ExpectError(R"({"resources": {"type": "X"}})", 1, 15,
              "\"resources\" must be an array of resources such as {\"type\": "
              "\"AWS::S3::Bucket\", \"id\": \"b1\", \"properties\": {}}, found object");
  ExpectError("{\"resources\": [\n  \"b1\"]}", 2, 3,
              "resource 0: expected an object with \"type\", \"id\" and \"properties\", found "
              "string");
  ExpectError(
      "{\"resources\": [\n  {\"type\": \"T\", \"id\": \"a\", \"Properties\": {}}]}", 2, 28,
      "resource 0 (T a): unknown key \"Properties\"; a resource has only the keys \"type\", "
      "\"id\", \"properties\" or \"references\"");
  ExpectError("{\"resources\": [\n  {\"id\": \"a\"}]}", 2, 3,
              "resource 0: missing \"type\"; expected a string such as \"AWS::S3::Bucket\"");
  ExpectError("{\"resources\": [\n  {\"type\": 3, \"id\": \"a\"}]}", 2, 12,
              "resource 0: \"type\" must be a string such as \"AWS::S3::Bucket\", found number");
  ExpectError("{\"resources\": [\n  {\"type\": \"\", \"id\": \"a\"}]}", 2, 12,
              "resource 0: \"type\" must not be empty");
  ExpectError("{\"resources\": [{\"type\": \"T\", \"id\": \"a\"},\n  {\"type\": \"T\"}]}", 2, 3,
              "resource 1 (T): missing \"id\"; expected a string such as \"my-bucket\"");
  ExpectError("{\"resources\": [\n  {\"type\": \"T\", \"id\": null}]}", 2, 23,
              "resource 0 (T): \"id\" must be a string such as \"my-bucket\", found null");
  ExpectError("{\"resources\": [\n  {\"type\": \"T\", \"id\": \"a\", \"properties\": []}]}", 2, 42,
              "resource 0 (T a): \"properties\" must be an object, found array");
  ExpectError("{\"resources\": [\n  {\"type\": \"T\", \"id\": \"a\", \"references\": \"b\"}]}", 2,
              42,
              "resource 0 (T a): \"references\" must be an array of resource ids, found "
              "string");
  ExpectError("{\"resources\": [\n  {\"type\": \"T\", \"id\": \"a\", \"references\": [1]}]}", 2, 43,
              "resource 0 (T a): \"references\" must hold the ids (non-empty strings) of "
              "resources of this file, found number");
  ExpectError("{\"resources\": [\n  {\"type\": \"T\", \"id\": \"a\", \"references\": [\"\"]}]}", 2,
              43,
              "resource 0 (T a): \"references\" must hold the ids (non-empty strings) of "
              "resources of this file, found an empty string");
}

TEST_CASE("Generic inventories reject duplicate ids and dangling or ambiguous references",
          "[runtime][generic]") {
  ExpectError(R"({"resources": [
  {"type": "T", "id": "a"},
  {"type": "U", "id": "a"},
  {"type": "T", "id": "a"}]})",
              4, 23, "resource 2 (T a): duplicate id \"a\" for type T (first defined at line 2:3)");
  ExpectError(R"({"resources": [
  {"type": "T", "id": "a", "references": ["b"]},
  {"type": "T", "id": "c"}]})",
              2, 43,
              "resource 0 (T a): reference \"b\" names no resource of this file; expected the "
              "\"id\" of a resource in \"resources\"");
  ExpectError(R"({"resources": [
  {"type": "T", "id": "a"},
  {"type": "U", "id": "a"},
  {"type": "V", "id": "c", "references": ["a"]}]})",
              4, 43,
              "resource 2 (V c): reference \"a\" is ambiguous: resources of types T and U "
              "have that id");
}
