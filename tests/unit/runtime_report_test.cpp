// Unit tests of runtime/report/: the model (sorting, counting, locations) and the writers.
#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "runtime/report/json_writer.h"
#include "runtime/report/junit_writer.h"
#include "runtime/report/report.h"
#include "runtime/report/sarif_writer.h"
#include "runtime/report/text_writer.h"
#include "runtime/report/writers.h"

using namespace srm::rt;

namespace {

// "file:line:col" as a Location.
Location Loc(const std::string& file, uint32_t line, uint32_t column) {
  Location l;
  l.file = file;
  l.line = line;
  l.column = column;
  return l;
}

Finding Make(std::string control, Status status, std::string resource, Location location,
             std::string message) {
  auto meta = std::make_shared<ControlMeta>();
  meta->id = std::move(control);
  meta->title = "S3 buckets have default encryption enabled";
  meta->resource_types = {"AWS::S3::Bucket"};
  meta->service = "S3";
  meta->layer = "data";
  meta->owner = "Customer";
  meta->severity = "high";
  meta->location = Loc("policy.srm", 12, 1);
  meta->frameworks = {{"HIPAA", "164.312(a)(2)(iv)"}, {"SOC2", "CC6.1"}};
  Finding f;
  f.control = std::move(meta);
  f.status = status;
  f.resource = std::move(resource);
  f.message = std::move(message);
  f.location = std::move(location);
  return f;
}

Report SmallReport() {
  Report r;
  r.findings.push_back(
      Make("S3_DEFAULT_ENCRYPTION", Status::kPass, "Other", Loc("template.json", 20, 5), ""));
  r.findings.push_back(Make("S3_DEFAULT_ENCRYPTION", Status::kFail, "MyBucket",
                            Loc("template.json", 5, 5),
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
  r.findings.push_back(Make("B", Status::kFail, "x", Loc("t", 2, 1), "first"));
  r.findings.push_back(Make("A", Status::kPass, "y", Loc("t", 1, 1), ""));
  r.findings.push_back(Make("A", Status::kError, "x", Loc("t", 3, 1), ""));
  r.findings.push_back(Make("B", Status::kFail, "x", Loc("t", 2, 1), "second"));  // equal key
  r.findings.push_back(Make("A", Status::kSkip, "x", Loc("t", 10, 1), ""));
  CHECK(r.Count(Status::kPass) == 1);
  CHECK(r.Count(Status::kFail) == 2);
  CHECK(r.Count(Status::kSkip) == 1);
  CHECK(r.Count(Status::kError) == 1);
  r.Sort();
  REQUIRE(r.findings.size() == 5);
  CHECK(r.findings[0].control->id == "A");
  CHECK(r.findings[0].resource == "x");
  CHECK(r.findings[0].location.line == 3);  // by line number, not by text
  CHECK(r.findings[1].location.line == 10);
  CHECK(r.findings[2].resource == "y");
  CHECK(r.findings[3].message == "first");  // stable
  CHECK(r.findings[4].message == "second");
}

TEST_CASE("Report::Sort gives the order of a stable sort of the findings", "[runtime][report]") {
  // Findings of a few controls (two metadata objects with the same id, as in a merged report),
  // resources, files and lines, many keys equal: the index sort and the in-place permutation
  // must give exactly std::stable_sort's order.
  std::vector<std::shared_ptr<const ControlMeta>> controls;
  for (const char* id : {"B", "A", "C", "A"}) {
    auto meta = std::make_shared<ControlMeta>();
    meta->id = id;
    controls.push_back(std::move(meta));
  }
  uint32_t state = 12345;
  auto next = [&state](uint32_t n) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % n;
  };
  for (uint32_t size : {0u, 1u, 2u, 7u, 100u, 2000u}) {
    Report r;
    for (uint32_t i = 0; i < size; ++i) {
      Finding f;
      f.control = controls[next(4)];
      f.resource = std::string(1, static_cast<char>('a' + next(5)));
      f.location = Loc(next(2) ? "t.json" : "u.json", next(6), next(3));
      f.message = std::to_string(i);
      r.findings.push_back(std::move(f));
    }
    std::vector<std::string> expected;
    std::vector<Finding> copy = r.findings;
    std::stable_sort(copy.begin(), copy.end(), FindingLess);
    for (const Finding& f : copy) expected.push_back(f.message);
    r.Sort();
    std::vector<std::string> got;
    for (const Finding& f : r.findings) got.push_back(f.message);
    CHECK(got == expected);
    CHECK(std::is_sorted(r.findings.begin(), r.findings.end(), FindingLess));
  }
}

TEST_CASE("RenderJson writes the fixed layout (version 4)", "[runtime][report]") {
  Report r = SmallReport();
  r.findings[1].property = PropertyRef{"", "BucketEncryption", true, Loc("template.json", 6, 7)};
  r.Sort();
  const char* expected = R"JSON({
  "version": 4,
  "controls": {
    "S3_DEFAULT_ENCRYPTION": {
      "title": "S3 buckets have default encryption enabled",
      "description": "",
      "remediation": "",
      "resource_types": ["AWS::S3::Bucket"], "service": "S3", "layer": "data",
      "owner": "Customer", "severity": "high",
      "frameworks": [{"framework": "HIPAA", "reference": "164.312(a)(2)(iv)"}, {"framework": "SOC2", "reference": "CC6.1"}],
      "location": {"file": "policy.srm", "line": 12, "column": 1}
    }
  },
  "findings": [
    {
      "control": "S3_DEFAULT_ENCRYPTION", "status": "FAIL", "resource": "MyBucket",
      "message": "bucket MyBucket has no default encryption; enable SSE-S3 or SSE-KMS",
      "location": {"file": "template.json", "line": 5, "column": 5},
      "property": {"resource": "", "path": "BucketEncryption", "absent": true, "location": {"file": "template.json", "line": 6, "column": 7}}
    },
    {
      "control": "S3_DEFAULT_ENCRYPTION", "status": "PASS", "resource": "Other",
      "message": "",
      "location": {"file": "template.json", "line": 20, "column": 5},
      "property": null
    }
  ],
  "summary": {"pass": 1, "fail": 1, "skip": 0, "error": 0, "waived": 0},
  "unmodelled": {"AWS::SNS::Topic": 2}
}
)JSON";
  CHECK(RenderJson(r) == expected);
}

TEST_CASE("RenderJson of an empty report", "[runtime][report]") {
  Report r;
  CHECK(RenderJson(r) == R"JSON({
  "version": 4,
  "controls": {},
  "findings": [],
  "summary": {"pass": 0, "fail": 0, "skip": 0, "error": 0, "waived": 0},
  "unmodelled": {}
}
)JSON");
  r.unmodelled["B\"x"] = 1;
  r.unmodelled["A"] = 3;
  CHECK(RenderJson(r).find(R"("unmodelled": {"A": 3, "B\"x": 1})") != std::string::npos);
  Finding f;
  auto meta = std::make_shared<ControlMeta>();
  meta->id = "C\n\x1b";
  f.control = meta;
  f.message = "bad \xFF byte";
  r.findings.push_back(f);
  std::string json = RenderJson(r);
  CHECK(json.find(R"("control": "C\n\u001B")") != std::string::npos);
  CHECK(json.find("\"message\": \"bad \xEF\xBF\xBD byte\"") != std::string::npos);
  CHECK(json.find(R"("status": "SKIP", "resource": "")") != std::string::npos);
  CHECK(json.find(R"("location": null)") != std::string::npos);  // no inventory location
  CHECK(json.find(R"("frameworks": [])") != std::string::npos);
}

TEST_CASE("XmlEscape", "[runtime][report]") {
  CHECK(XmlEscape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c'");
  CHECK(XmlEscape("t\tn\nr\r") == "t&#9;n&#10;r&#13;");
  CHECK(XmlEscape(std::string("x\x01y\x1f", 4)) == "x\\x01y\\x1f");
  CHECK(XmlEscape(std::string("nul\0", 4)) == "nul\\x00");
  CHECK(XmlEscape("\xEF\xBF\xBE \xEF\xBF\xBF") == "\\uFFFE \\uFFFF");
  CHECK(XmlEscape("bad \xFF") == "bad \xEF\xBF\xBD");
  CHECK(XmlEscape("caf\xC3\xA9 \xF0\x9F\x98\x80") == "caf\xC3\xA9 \xF0\x9F\x98\x80");
}

TEST_CASE("RenderJunit writes the same bytes whether its suites wait in memory or in a file",
          "[runtime][report]") {
  // Controls C000..C039, each with findings of several statuses on several resources.
  Report r;
  const Status statuses[] = {Status::kPass, Status::kFail, Status::kSkip, Status::kError};
  for (int c = 0; c < 40; ++c) {
    for (int i = 0; i < 25; ++i) {
      r.findings.push_back(Make(fmt::format("C{:03}", c), statuses[(c + i) % 4],
                                fmt::format("R{:03}", i), Loc("t.json", i + 1, 3),
                                fmt::format("message {} of control {}", i, c)));
    }
  }
  std::string in_memory = RenderJunit(r);  // about 100 KB: under kJunitSpillBytes
  CHECK(in_memory.size() > 50000);
  CHECK(in_memory.size() < kJunitSpillBytes);
  CHECK(RenderJunit(r, 1) == in_memory);      // every suite to the temporary file
  CHECK(RenderJunit(r, 20000) == in_memory);  // some suites in the file, the rest in memory
  CHECK(in_memory.find(R"(<testsuites name="srm" tests="1000" failures="250" errors="250" )"
                       R"(skipped="250">)") != std::string::npos);
}

TEST_CASE("RenderJunit groups a resource's findings into one testcase", "[runtime][report]") {
  Report r = SmallReport();
  r.findings.push_back(
      Make("S3_DEFAULT_ENCRYPTION", Status::kFail, "MyBucket", Loc("template.json", 5, 5), "2nd"));
  r.findings.push_back(Make("S3_DEFAULT_ENCRYPTION", Status::kSkip, "", Location(), "none"));
  std::string xml = RenderJunit(r);
  CHECK(xml.find(R"X(<testsuites name="srm" tests="3" failures="1" errors="0" skipped="1">)X") !=
        std::string::npos);
  CHECK(xml.find(R"X(<testcase classname="S3_DEFAULT_ENCRYPTION" name="MyBucket (template.json)">
      <failure message="bucket MyBucket has no default encryption; enable SSE-S3 or SSE-KMS" type="FAIL">template.json:5:5</failure>
      <failure message="2nd" type="FAIL">template.json:5:5</failure>
    </testcase>)X") != std::string::npos);
  CHECK(
      xml.find(R"X(<testcase classname="S3_DEFAULT_ENCRYPTION" name="Other (template.json)"/>)X") !=
      std::string::npos);
  CHECK(xml.find(R"X(name="(no resource)">
      <skipped message="none"/>)X") != std::string::npos);
}

TEST_CASE("SARIF helpers", "[runtime][report]") {
  CHECK(PercentEncodePath("dir/a b.json") == "dir/a%20b.json");
  CHECK(PercentEncodePath("<stdlib>/x%y") == "%3Cstdlib%3E/x%25y");
  CHECK(PercentEncodePath("\xC3\xA9") == "%C3%A9");
  CHECK(Utf16Column("abc", 2) == 2);
  CHECK(Utf16Column("abc", 0) == 0);                // unknown stays unknown
  CHECK(Utf16Column("\xC3\xA9x", 3) == 2);          // e-acute: 2 bytes, 1 unit
  CHECK(Utf16Column("\xF0\x9F\x98\x80x", 5) == 3);  // an emoji: 4 bytes, 2 units
  CHECK(Utf16Column("ab", 5) == 5);                 // past the end: bytes
  CHECK(FingerprintHex("") == "cbf29ce484222325");
  CHECK(FingerprintHex("a") != FingerprintHex("b"));
}

TEST_CASE("RenderSarif keeps at most max_results results and says so", "[runtime][report]") {
  Report r;
  for (int i = 0; i < 5; ++i) {
    r.findings.push_back(Make("C", Status::kFail, "R" + std::to_string(i),
                              Loc("t.json", static_cast<uint32_t>(i + 1), 1), "m"));
  }
  r.findings.push_back(Make("C", Status::kPass, "P", Loc("t.json", 9, 1), ""));
  r.inventories = {"t.json"};
  std::vector<std::string> warnings;
  SarifOptions options;
  options.max_results = 3;
  options.warnings = &warnings;
  std::string sarif = RenderSarif(r, options);
  size_t results = 0;
  for (size_t p = sarif.find("\"ruleId\""); p != std::string::npos;
       p = sarif.find("\"ruleId\"", p + 1)) {
    ++results;
  }
  CHECK(results == 3);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "SARIF: 2 of 5 results left out: GitHub code scanning accepts at most 3 results a run; "
        "the first 3 in report order (control id, resource, location) are kept");
  CHECK(sarif.find("\"toolExecutionNotifications\"") != std::string::npos);
  CHECK(sarif.find("\"R2\"") != std::string::npos);
  CHECK(sarif.find("\"R3\"") == std::string::npos);
  // Fingerprints do not depend on the line.
  Report moved = r;
  for (Finding& f : moved.findings) f.location.line += 10;
  std::string again = RenderSarif(moved, options);
  auto fingerprints = [](const std::string& s) {
    std::vector<std::string> out;
    for (size_t p = s.find("srmFinding/v1"); p != std::string::npos;
         p = s.find("srmFinding/v1", p + 1)) {
      out.push_back(s.substr(p, 40));
    }
    return out;
  };
  CHECK(fingerprints(sarif) == fingerprints(again));
  CHECK(fingerprints(sarif).size() == 3);
}

TEST_CASE("FindReportWriterForPath takes the longest matching extension", "[runtime][report]") {
  auto name = [](std::string_view path) {
    const ReportWriter* w = FindReportWriterForPath(path);
    return w == nullptr ? std::string("-") : std::string(w->name);
  };
  CHECK(name("out/r.sarif") == "sarif");
  CHECK(name("r.sarif.json") == "sarif");
  CHECK(name("r.json") == "json");
  CHECK(name("r.xml") == "junit");
  CHECK(name("r.txt") == "text");
  CHECK(name("r.yaml") == "-");
  CHECK(name(".json") == "-");  // an extension alone is not a file name
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
  a->id = "A_CONTROL";
  a->title = "Title A";
  a->severity = "low";
  skip.control = a;
  skip.status = Status::kSkip;
  skip.message = "no AWS::S3::Bucket resources";
  r.findings.push_back(skip);
  Finding err = Make("B_CONTROL", Status::kError, "Res", Loc("t.json", 3, 4), "line one\nline two");
  auto b = std::make_shared<ControlMeta>(*err.control);
  b->frameworks.clear();
  b->service.clear();
  err.control = b;
  r.findings.push_back(err);
  Finding bare;
  auto c = std::make_shared<ControlMeta>();
  c->id = "C_CONTROL";
  bare.control = c;
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
      "         line one\\x0aline two\n"
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
  Finding skip = Make("Z", Status::kSkip, "", {}, "nothing to check");
  Finding err = Make("Z", Status::kError, "E", {}, "");
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

TEST_CASE("RenderText escapes every value, so data cannot forge a line", "[runtime][report]") {
  // A resource id (and so a message quoting it) with a newline and a would-be status line.
  std::string forged = "Evil\n  PASS   Forged  t.json:1:1";
  Report r;
  r.findings.push_back(Make("C", Status::kFail, forged, Loc("t\n.json", 2, 3), forged + ": bad"));
  r.findings.push_back(Make("C", Status::kSkip, "", {}, "(" + forged + ")"));
  r.unmodelled["AWS::X\n  PASS"] = 1;
  auto meta = std::make_shared<ControlMeta>(*r.findings[0].control);
  meta->title = "T\r\n  PASS";
  meta->frameworks = {{"CIS\n", "1\x1b[2J"}};
  meta->owner =
      "O\xC2\x9B"
      "31m";  // U+009B, the one-byte CSI of some terminals
  r.findings[0].control = meta;
  r.findings[1].control = meta;
  std::string text = RenderText(r, false);
  CHECK(text.find("\n  PASS") == std::string::npos);
  CHECK(text.find("\x1b") == std::string::npos);
  CHECK(text.find("\xC2\x9B") == std::string::npos);
  CHECK(text.find("  FAIL   Evil\\x0a  PASS   Forged  t.json:1:1  t\\x0a.json:2:3\n") !=
        std::string::npos);
  CHECK(text.find("         Evil\\x0a  PASS   Forged  t.json:1:1: bad\n") != std::string::npos);
  CHECK(text.find("  SKIP   (Evil\\x0a  PASS   Forged  t.json:1:1)\n") != std::string::npos);
  CHECK(text.find("C  T\\x0d\\x0a  PASS\n") != std::string::npos);
  CHECK(text.find("owner O\\xc2\\x9b31m") != std::string::npos);
  CHECK(text.find("CIS\\x0a 1\\x1b[2J") != std::string::npos);
  CHECK(text.find("AWS::X\\x0a  PASS (1)") != std::string::npos);
  // Every line is the writer's: a control, meta or status line, a message, blank, or summary.
  CHECK(std::count(text.begin(), text.end(), '\n') == 8);
}

TEST_CASE("Report writers are listed once, by --format name", "[runtime][report]") {
  CHECK(ReportFormatNames() == std::vector<std::string>{"text", "json", "sarif", "junit"});
  Report r = SmallReport();
  RenderOptions plain;
  REQUIRE(FindReportWriter("text") != nullptr);
  CHECK(FindReportWriter("text")->Render(r, plain) == RenderText(r, false));
  REQUIRE(FindReportWriter("json") != nullptr);
  CHECK(FindReportWriter("json")->Render(r, plain) == RenderJson(r));
  CHECK(FindReportWriter("xml") == nullptr);
}

TEST_CASE("FormatLocation and LocationLess", "[runtime][report]") {
  CHECK(FormatLocation({}).empty());
  CHECK(FormatLocation(Loc("a.json", 3, 14)) == "a.json:3:14");
  CHECK(LocationLess(Loc("a.json", 9, 1), Loc("a.json", 10, 1)));
  CHECK(LocationLess(Loc("a.json", 9, 2), Loc("a.json", 9, 10)));
  CHECK(LocationLess(Loc("a.json", 9, 1), Loc("b.json", 1, 1)));
  CHECK_FALSE(LocationLess(Loc("a.json", 9, 1), Loc("a.json", 9, 1)));
}
