// Unit tests of runtime/report/report.h: sorting, counting, JSON quoting, and both report renderings.
#include <catch2/catch.hpp>
#include <string>

#include "runtime/report/report.h"

using namespace srm::rt;

namespace {

Finding Make(std::string control, Status status, std::string resource, std::string location,
             std::string message) {
  auto meta = std::make_shared<ControlMeta>();
  meta->control = std::move(control);
  meta->title = "S3 buckets have default encryption enabled";
  meta->resource_type = "AWS::S3::Bucket";
  meta->service = "S3";
  meta->layer = "data";
  meta->owner = "Customer";
  meta->severity = "high";
  meta->policy_location = "policy.srm:12:1";
  meta->frameworks = {"HIPAA 164.312(a)(2)(iv)", "SOC2 CC6.1"};
  Finding f;
  f.meta = std::move(meta);
  f.status = status;
  f.resource = std::move(resource);
  f.message = std::move(message);
  f.inventory_location = std::move(location);
  return f;
}

Report SmallReport() {
  Report r;
  r.findings.push_back(
      Make("S3_DEFAULT_ENCRYPTION", Status::kPass, "Other", "template.json:20:5", ""));
  r.findings.push_back(Make("S3_DEFAULT_ENCRYPTION", Status::kFail, "MyBucket", "template.json:5:5",
                            "bucket MyBucket has no default encryption; enable SSE-S3 or SSE-KMS"));
  r.unmodelled["AWS::SNS::Topic"] = 2;
  return r;
}

}  // namespace

TEST_CASE("StatusName", "[runtime][report]") {
  CHECK(std::string(StatusName(Status::kPass)) == "PASS");
  CHECK(std::string(StatusName(Status::kFail)) == "FAIL");
  CHECK(std::string(StatusName(Status::kSkip)) == "SKIP");
  CHECK(std::string(StatusName(Status::kError)) == "ERROR");
}

TEST_CASE("Report counts and sorts findings stably", "[runtime][report]") {
  Report r;
  r.findings.push_back(Make("B", Status::kFail, "x", "t:2:1", "first"));
  r.findings.push_back(Make("A", Status::kPass, "y", "t:1:1", ""));
  r.findings.push_back(Make("A", Status::kError, "x", "t:3:1", ""));
  r.findings.push_back(Make("B", Status::kFail, "x", "t:2:1", "second"));  // equal key
  r.findings.push_back(Make("A", Status::kSkip, "x", "t:10:1", ""));
  CHECK(r.Count(Status::kPass) == 1);
  CHECK(r.Count(Status::kFail) == 2);
  CHECK(r.Count(Status::kSkip) == 1);
  CHECK(r.Count(Status::kError) == 1);
  r.Sort();
  REQUIRE(r.findings.size() == 5);
  CHECK(r.findings[0].meta->control == "A");
  CHECK(r.findings[0].resource == "x");
  CHECK(r.findings[0].inventory_location == "t:10:1");  // plain string order
  CHECK(r.findings[1].inventory_location == "t:3:1");
  CHECK(r.findings[2].resource == "y");
  CHECK(r.findings[3].message == "first");  // stable
  CHECK(r.findings[4].message == "second");
}

TEST_CASE("JsonQuote escapes and always yields valid JSON", "[runtime][report]") {
  CHECK(JsonQuote("") == R"("")");
  CHECK(JsonQuote("plain") == R"("plain")");
  CHECK(JsonQuote("a\"b\\c") == R"("a\"b\\c")");
  CHECK(JsonQuote("l1\nl2\t\r\b\f") == R"("l1\u000al2\u0009\u000d\u0008\u000c")");
  CHECK(JsonQuote(std::string_view("\0\x1f", 2)) == R"("\u0000\u001f")");
  CHECK(JsonQuote("/ \x7f") == "\"/ \x7f\"");
  CHECK(JsonQuote("caf\xC3\xA9 \xF0\x9F\x98\x80") == "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
  // Bytes that are not UTF-8 become U+FFFD, one per bad byte.
  CHECK(JsonQuote("a\xFF"
                  "b") ==
        "\"a\xEF\xBF\xBD"
        "b\"");
  CHECK(JsonQuote("\xC3") == "\"\xEF\xBF\xBD\"");
  CHECK(JsonQuote("\xED\xA0\x80") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  CHECK(JsonQuote("\xC0\xAF") == "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST_CASE("RenderJson writes the fixed layout", "[runtime][report]") {
  Report r = SmallReport();
  r.Sort();
  const char* expected = R"JSON({
  "findings": [
    {
      "control": "S3_DEFAULT_ENCRYPTION", "title": "S3 buckets have default encryption enabled",
      "status": "FAIL", "resource": "MyBucket", "resource_type": "AWS::S3::Bucket",
      "service": "S3", "layer": "data", "owner": "Customer", "severity": "high",
      "message": "bucket MyBucket has no default encryption; enable SSE-S3 or SSE-KMS",
      "policy_location": "policy.srm:12:1", "inventory_location": "template.json:5:5",
      "frameworks": ["HIPAA 164.312(a)(2)(iv)", "SOC2 CC6.1"]
    },
    {
      "control": "S3_DEFAULT_ENCRYPTION", "title": "S3 buckets have default encryption enabled",
      "status": "PASS", "resource": "Other", "resource_type": "AWS::S3::Bucket",
      "service": "S3", "layer": "data", "owner": "Customer", "severity": "high",
      "message": "",
      "policy_location": "policy.srm:12:1", "inventory_location": "template.json:20:5",
      "frameworks": ["HIPAA 164.312(a)(2)(iv)", "SOC2 CC6.1"]
    }
  ],
  "summary": {"pass": 1, "fail": 1, "skip": 0, "error": 0},
  "unmodelled": {"AWS::SNS::Topic": 2}
}
)JSON";
  CHECK(RenderJson(r) == expected);
}

TEST_CASE("RenderJson of an empty report", "[runtime][report]") {
  Report r;
  CHECK(RenderJson(r) == R"JSON({
  "findings": [],
  "summary": {"pass": 0, "fail": 0, "skip": 0, "error": 0},
  "unmodelled": {}
}
)JSON");
  r.unmodelled["B\"x"] = 1;
  r.unmodelled["A"] = 3;
  CHECK(RenderJson(r).find(R"("unmodelled": {"A": 3, "B\"x": 1})") != std::string::npos);
  Finding f;
  auto meta = std::make_shared<ControlMeta>();
  meta->control = "C\n";
  f.meta = meta;
  f.message = "bad \xFF byte";
  r.findings.push_back(f);
  std::string json = RenderJson(r);
  CHECK(json.find(R"("control": "C\u000a")") != std::string::npos);
  CHECK(json.find("\"message\": \"bad \xEF\xBF\xBD byte\"") != std::string::npos);
  CHECK(json.find(R"("status": "SKIP", "resource": "")") != std::string::npos);
  CHECK(json.find(R"("frameworks": [])") != std::string::npos);
}

TEST_CASE("RenderText groups by control", "[runtime][report]") {
  Report r = SmallReport();
  const char* expected =
      "S3_DEFAULT_ENCRYPTION  S3 buckets have default encryption enabled\n"
      "  high \xC2\xB7 S3/data \xC2\xB7 owner Customer \xC2\xB7 HIPAA 164.312(a)(2)(iv), SOC2 "
      "CC6.1 "
      "\xC2\xB7 policy.srm:12:1\n"
      "  FAIL   MyBucket  template.json:5:5\n"
      "         bucket MyBucket has no default encryption; enable SSE-S3 or SSE-KMS\n"
      "  PASS   Other  template.json:20:5\n"
      "\n"
      "Summary: 1 pass, 1 fail, 0 skip, 0 error\n"
      "Unmodelled resource types (no schema): AWS::SNS::Topic (2)\n";
  CHECK(RenderText(r, false) == expected);
  // Rendering sorts on its own and leaves the report untouched.
  CHECK(r.findings[0].resource == "Other");
  CHECK(RenderText(r, false).find('\x1b') == std::string::npos);
}

TEST_CASE("RenderText with several controls, skips and errors", "[runtime][report]") {
  Report r;
  Finding skip;
  auto a = std::make_shared<ControlMeta>();
  a->control = "A_CONTROL";
  a->title = "Title A";
  a->severity = "low";
  skip.meta = a;
  skip.status = Status::kSkip;
  skip.message = "no AWS::S3::Bucket resources";
  r.findings.push_back(skip);
  Finding err = Make("B_CONTROL", Status::kError, "Res", "t.json:3:4", "line one\nline two");
  auto b = std::make_shared<ControlMeta>(*err.meta);
  b->frameworks.clear();
  b->service.clear();
  err.meta = b;
  r.findings.push_back(err);
  Finding bare;
  auto c = std::make_shared<ControlMeta>();
  c->control = "C_CONTROL";
  bare.meta = c;
  bare.status = Status::kPass;
  bare.resource = "X\x1b[31m";  // escape sequences from inventories are neutralised
  r.findings.push_back(bare);
  const char* expected =
      "A_CONTROL  Title A\n"
      "  low\n"
      "  SKIP   (no AWS::S3::Bucket resources)\n"
      "\n"
      "B_CONTROL  S3 buckets have default encryption enabled\n"
      "  high \xC2\xB7 data \xC2\xB7 owner Customer \xC2\xB7 policy.srm:12:1\n"
      "  ERROR  Res  t.json:3:4\n"
      "         line one\n"
      "         line two\n"
      "\n"
      "C_CONTROL\n"
      "  PASS   X\\x1b[31m\n"
      "\n"
      "Summary: 1 pass, 0 fail, 1 skip, 1 error\n";
  CHECK(RenderText(r, false) == expected);
  CHECK(RenderText(Report{}, false) == "Summary: 0 pass, 0 fail, 0 skip, 0 error\n");
}

TEST_CASE("RenderText colours statuses and control ids", "[runtime][report]") {
  Report r = SmallReport();
  Finding skip = Make("Z", Status::kSkip, "", "", "nothing to check");
  Finding err = Make("Z", Status::kError, "E", "", "");
  r.findings.push_back(skip);
  r.findings.push_back(err);
  std::string text = RenderText(r, true);
  CHECK(text.find("\x1b[1mS3_DEFAULT_ENCRYPTION\x1b[0m  S3 buckets") != std::string::npos);
  CHECK(text.find("  \x1b[31mFAIL\x1b[0m   MyBucket") != std::string::npos);
  CHECK(text.find("  \x1b[32mPASS\x1b[0m   Other") != std::string::npos);
  CHECK(text.find("  \x1b[2mSKIP\x1b[0m   (nothing to check)") != std::string::npos);
  CHECK(text.find("  \x1b[35mERROR\x1b[0m  E\n") != std::string::npos);
  CHECK(text.find("Summary: 1 pass, 1 fail, 1 skip, 1 error") != std::string::npos);
}
