// Unit tests for the interpreter: verdicts, coercions, fail-closed errors, builtins.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "compiler/sema/control_table.h"
#include "tests/unit/test_util.h"

using namespace srm;

namespace {

// Compiles a control over Bucket with `body`, evaluates it on buckets with the given
// Properties objects (logical ids B0, B1, ...), and returns "STATUS:message" per bucket.
std::vector<std::string> Run(const std::string& body, const std::vector<std::string>& props,
                             const std::string& when = "") {
  std::string src =
      std::string(test::kPrelude) +
      "fn open(c: string) -> bool = c == \"0.0.0.0/0\" or c == \"::/0\";\n"
      "control C { title \"t\"; severity high; service S3; layer data; owner Customer;\n"
      "  for b in Bucket " +
      (when.empty() ? "" : "when " + when) + " {\n" + body + "\n  }\n}\n";
  test::Compiled c = test::Compile(src);
  INFO(c.Errors());
  REQUIRE(c.ok);
  std::string json = "{\"Resources\": {";
  for (size_t i = 0; i < props.size(); ++i) {
    json += (i ? "," : "") + std::string("\"B") + std::to_string(i) +
            "\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": " + props[i] + "}";
  }
  json += "}}";
  rt::Interner names;
  rt::Inventory inv(names);
  rt::LoadError err;
  REQUIRE(test::LoadJson(json, inv, err));
  rt::Report report = interp::Evaluate(*c.program, sema::BuildControlTable(*c.program), inv);
  std::vector<std::string> out;
  for (const rt::Finding& f : report.findings) {
    out.push_back(std::string(rt::StatusName(f.status)) + ":" + f.message);
  }
  return out;
}

}  // namespace

TEST_CASE("assertions pass and fail with interpolated messages", "[interp]") {
  auto r =
      Run("assert exists b.BucketName else \"{b.id} unnamed\";", {R"({"BucketName": "x"})", "{}"});
  CHECK(r == std::vector<std::string>{"PASS:", "FAIL:B1 unnamed"});
}

TEST_CASE("when filters skip, and a type with no resources gives one SKIP", "[interp]") {
  auto r = Run("assert false;", {R"({"Size": 1})", R"({"Size": 5})"}, "(b.Size ?? 0) > 2");
  CHECK(r ==
        std::vector<std::string>{"SKIP:filtered out by 'when'", "FAIL:assertion failed: false"});
}

TEST_CASE("data that does not fit the schema is an ERROR, never a PASS", "[interp][failclosed]") {
  auto r = Run("assert (b.Flag ?? true) or true;",
               {R"({"Flag": {"Ref": "Param"}})", R"({"Flag": [1]})", R"({"Flag": "false"})"});
  REQUIRE(r.size() == 3);
  CHECK(r[0].rfind("ERROR:property 'Flag' should be bool but is the unresolved intrinsic {\"Ref\": "
                   "\"Param\"}",
                   0) == 0);
  CHECK(r[1].rfind("ERROR:property 'Flag' should be bool but is list", 0) == 0);
  CHECK(r[2] == "PASS:");
}

TEST_CASE("required fields of present records are enforced", "[interp][failclosed]") {
  auto r = Run("assert exists b.Versioning and b.Versioning.Status == \"Enabled\";",
               {R"({"Versioning": {}})", R"({"Versioning": {"Status": "Enabled"}})"});
  CHECK(r[0].rfind("ERROR:required property 'Status' is absent (/tmp/srm_unit_", 0) == 0);
  CHECK(r[1] == "PASS:");
}

TEST_CASE("numeric strings coerce to int, quantifiers and builtins evaluate", "[interp]") {
  auto r = Run(
      "assert (b.Size ?? 0) >= 10 else \"small {b.Size}\";\n"
      "assert any t in (b.Tags ?? []): t.Key == \"owner\" and len(t.Value) > 0 else \"no owner\";\n"
      "assert (count t in (b.Tags ?? []): starts_with(lower(t.Key), \"x\")) == 0 else \"x tags\";",
      {R"({"Size": "12", "Tags": [{"Key": "owner", "Value": "me"}]})", R"({"Size": 3})",
       R"({"Size": 30, "Tags": [{"Key": "Xa", "Value": "1"}, {"Key": "owner", "Value": "b"}]})"});
  // Every failing assert is a finding: Size 3 is small and has no owner tag.
  CHECK(r == std::vector<std::string>{"PASS:", "FAIL:small 3", "FAIL:no owner", "FAIL:x tags"});
}

TEST_CASE("invalid CIDRs at run time and arithmetic faults are ERRORs", "[interp][failclosed]") {
  auto r = Run("assert cidr_contains(b.BucketName ?? \"\", \"10.0.0.1\");",
               {R"({"BucketName": "10.0.0.0/8"})", R"({"BucketName": "nope"})"});
  CHECK(r[0] == "PASS:");
  CHECK(r[1].rfind("ERROR:'nope' is not a valid CIDR", 0) == 0);
  auto d = Run("assert 10 / ((b.Size ?? 0) - 1) > 0;", {R"({"Size": 1})"});
  CHECK(d[0].rfind("ERROR:division by zero", 0) == 0);
}

TEST_CASE("regex matching is an unanchored search", "[interp]") {
  auto r = Run("assert (b.BucketName ?? \"\") matches \"^acme-[a-z]+$\";",
               {R"({"BucketName": "acme-logs"})", R"({"BucketName": "other-acme-logs"})"});
  CHECK(r ==
        std::vector<std::string>{
            "PASS:", "FAIL:assertion failed: (b.BucketName ?? \"\") matches \"^acme-[a-z]+$\""});
}

TEST_CASE("user functions, let and if evaluate", "[interp]") {
  auto r =
      Run("let n = b.BucketName ?? \"0.0.0.0/0\";\nassert not open(n) else \"{n} is open\";\n"
          "assert (if exists b.Size then b.Size else 0) < 100;",
          {R"({"BucketName": "::/0"})", R"({"BucketName": "10.0.0.0/8", "Size": 500})"});
  CHECK(r == std::vector<std::string>{
                 "FAIL:::/0 is open",
                 "FAIL:assertion failed: (if exists b.Size then b.Size else 0) < 100"});
}

TEST_CASE("exists and null comparisons test presence, not shape", "[interp]") {
  std::vector<std::string> data = {R"({"Flag": {"Ref": "Param"}})", R"({"Flag": null})"};
  CHECK(Run("assert exists b.Flag;", data) ==
        std::vector<std::string>{"PASS:", "FAIL:assertion failed: exists b.Flag"});
  CHECK(Run("assert b.Flag != null;", data) ==
        std::vector<std::string>{"PASS:", "FAIL:assertion failed: b.Flag != null"});
  CHECK(Run("assert not (null == b.Flag);", data) ==
        std::vector<std::string>{"PASS:", "FAIL:assertion failed: not (null == b.Flag)"});
}

TEST_CASE("list element errors name the list", "[interp][failclosed]") {
  auto r = Run("assert all t in (b.Tags ?? []): t.Key != \"\";", {R"({"Tags": ["oops"]})"});
  CHECK(r[0].rfind("ERROR:property 'Tags[0]' should be {Key: string, Value: string} but is string",
                   0) == 0);
}
