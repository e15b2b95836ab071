// Unit tests of LoadOptions::build_types: CloudFormation JSON builds the properties of the named
// resource types only, and checks the others' as strictly as if it built them.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "runtime/inventory/inventory.h"
#include "runtime/inventory/loaders.h"

using namespace srm::rt;

namespace {

using TypeSet = std::set<std::string, std::less<>>;

struct Loaded {
  Interner names;
  Inventory inventory{names};
  LoadError error;
  bool ok = false;
};

void Load(std::string_view json, const TypeSet* types, Loaded& out) {
  LoadOptions options;
  options.format = InputFormat::kCfn;
  options.build_types = types;
  out.ok = LoadInventoryText("t.json", json, /*yaml=*/false, options, out.inventory, out.error);
}

const Resource& Find(const Inventory& inv, std::string_view id) {
  for (const Resource& r : inv.resources()) {
    if (r.id == id) return r;
  }
  FAIL("no resource " << id);
  return inv.resources().front();
}

const Value* Prop(const Loaded& l, std::string_view id, std::string_view key) {
  uint32_t k = l.names.Find(key);
  const Value* props = Find(l.inventory, id).properties;
  REQUIRE(props != nullptr);
  return k == Interner::kNone ? nullptr : props->Get(k);
}

constexpr std::string_view kTemplate = R"({
  "Parameters": {"Name": {"Type": "String", "Default": "logs"}},
  "Resources": {
    "Bucket": {"Type": "AWS::S3::Bucket",
               "Properties": {"BucketName": {"Ref": "Name"}, "Tags": [{"Key": "k", "Value": 1}]}},
    "Queue": {"Type": "AWS::SQS::Queue",
              "Properties": {"QueueName": {"Fn::Sub": "${Name}-q"},
                             "Redrive": {"Target": {"Fn::GetAtt": ["Bucket", "Arn"]}}}},
    "Topic": {"Type": "AWS::SNS::Topic"}
  }})";

}  // namespace

TEST_CASE("build_types: only the named types' properties are built", "[runtime][loader]") {
  Loaded all, some;
  Load(kTemplate, nullptr, all);
  REQUIRE(all.ok);
  TypeSet buckets = {"AWS::S3::Bucket"};
  Load(kTemplate, &buckets, some);
  INFO(some.error.Render());
  REQUIRE(some.ok);
  // The same resources, in the same order, at the same places.
  REQUIRE(some.inventory.resources().size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    const Resource& a = all.inventory.resources()[i];
    const Resource& s = some.inventory.resources()[i];
    CHECK(a.id == s.id);
    CHECK(a.type == s.type);
    CHECK(a.offset == s.offset);
  }
  // The bucket's properties are built and resolved, as without the filter.
  const Value* name = Prop(some, "Bucket", "BucketName");
  REQUIRE(name != nullptr);
  CHECK(name->kind == ValueKind::kString);
  CHECK(name->AsString() == "logs");
  const Value* tags = Prop(some, "Bucket", "Tags");
  REQUIRE(tags != nullptr);
  CHECK(tags->size == 1);
  // The queue's are not: an empty object, as for the topic, which has none.
  CHECK(Prop(all, "Queue", "QueueName") != nullptr);
  CHECK(Find(some.inventory, "Queue").properties->kind == ValueKind::kObject);
  CHECK(Find(some.inventory, "Queue").properties->size == 0);
  CHECK(Find(some.inventory, "Topic").properties->size == 0);
  CHECK(some.inventory.value_bytes() < all.inventory.value_bytes());
}

TEST_CASE("build_types: properties left unbuilt are checked as built ones are",
          "[runtime][loader]") {
  // Each error inside a queue's properties, with the queue's type not built: the same error
  // (message and place) as when every type is built.
  const std::string head = R"({"Resources": {"B": {"Type": "AWS::S3::Bucket"},
    "Q": {"Type": "AWS::SQS::Queue", "Properties": )";
  const std::string bad[] = {
      R"({"a": 1, "b": {"k": 1, "k": 2}})",          // duplicate key
      R"({"a": 1, "\u0061": 2})",                    // duplicate after unescaping
      R"({"a": 1e999})",                             // out of range
      R"({"a": -1.8e308})",                          // overflows a double
      R"({"a": [1, 2,]})",                           // syntax
      R"({"a": ")" + std::string("\xff") + R"("})",  // not UTF-8
      R"({"a": )" + std::string(200, '[') + std::string(200, ']') + "}",  // too deep
  };
  TypeSet buckets = {"AWS::S3::Bucket"};
  for (const std::string& props : bad) {
    std::string json = head + props + "}}}";
    INFO(json.substr(0, 160));
    Loaded all, some;
    Load(json, nullptr, all);
    Load(json, &buckets, some);
    REQUIRE_FALSE(all.ok);
    REQUIRE_FALSE(some.ok);
    CHECK(some.error.Render() == all.error.Render());
  }
  // And a well-formed queue loads either way.
  Loaded ok;
  Load(head + R"({"a": [1, {"b": "c"}], "d": 1.5})" + "}}}", &buckets, ok);
  CHECK(ok.ok);
}

TEST_CASE("build_types: the fuzzing corpora load alike with nothing built", "[runtime][loader]") {
  // Every input the fuzzers kept (hostile templates of every shape): the same verdict and the
  // same error with no type built as with every type built.
  const TypeSet none;
  size_t inputs = 0;
  for (const char* target : {"inventory_cfn_json", "cfn_resolve"}) {
    std::filesystem::path dir =
        std::filesystem::path(SRM_SOURCE_DIR) / "tests/fuzz/corpus" / target;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      INFO(entry.path().string());
      Loaded all, unbuilt;
      Load(text, nullptr, all);
      Load(text, &none, unbuilt);
      CHECK(unbuilt.ok == all.ok);
      CHECK(unbuilt.error.Render() == all.error.Render());
      if (all.ok) CHECK(unbuilt.inventory.resources().size() == all.inventory.resources().size());
      ++inputs;
    }
  }
  CHECK(inputs > 100);
}
